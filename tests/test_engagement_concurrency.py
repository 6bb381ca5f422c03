"""Ten sellers at once on one database (SQLite and PostgreSQL): ten processes each create an
engagement, record its four quarters and issue its five invoices, all at the same time. Nothing
is lost, and the invoice numbers come out 1..50 with no gap and no repeat (the counter row is
locked in each issuing transaction: ``FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on
SQLite)."""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing

import sqlalchemy as sa

from prepay_modeller import cli

PROCESSES = 10


def _seller(k: int, url: str, barrier, answers) -> None:
    from prepay_modeller.store import db

    db.after_fork()

    def run(*args) -> str:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main([str(a) for a in args] + ["--db", url, "--user", f"seller-{k}"])
        if code != 0:
            raise RuntimeError(f"seller {k}: {args}: {err.getvalue()}")
        return out.getvalue()

    try:
        barrier.wait(timeout=60)
        number = run("engagement", "new", "--option", "prepay-12", "--start", "2027-01-01",
                     "--client", f"Client {k}").strip()  # fmt: skip
        run("engagement", "invoice", number, "--prepayment", "1")
        for quarter in (1, 2, 3, 4):
            performance = "0.8" if quarter == 1 else f"{1 + k / 10:g}"
            run("engagement", "record", number, "--quarter", quarter, "--performance", performance)
            run("engagement", "invoice", number, "--quarter", quarter, "--date", "2028-01-01")
        answers.put((k, int(number), ""))
    except Exception as exc:  # noqa: BLE001 - reported to the test
        answers.put((k, None, str(exc)))


def _warm() -> None:
    """Read the data files and import what the commands use once, before the sellers fork (each
    would otherwise pay for it: the test is about the database, not about imports)."""
    from prepay_modeller.cli import engagements  # noqa: F401
    from prepay_modeller.inputs import defaults
    from prepay_modeller.inputs.brand import load_brand
    from prepay_modeller.presentation import engagements as shown  # noqa: F401
    from prepay_modeller.store import engagements as stored  # noqa: F401

    defaults.catalog(), defaults.okr_template(), load_brand()


def test_ten_sellers_at_once_lose_nothing_and_number_without_gaps(database_url, capsys):
    _warm()
    context = multiprocessing.get_context("fork")
    barrier, answers = context.Barrier(PROCESSES), context.Queue()
    sellers = [
        context.Process(target=_seller, args=(k, database_url, barrier, answers))
        for k in range(PROCESSES)
    ]
    for p in sellers:
        p.start()
    found = [answers.get(timeout=240) for _ in sellers]
    for p in sellers:
        p.join(timeout=60)
    assert [error for _, _, error in found if error] == []
    assert all(p.exitcode == 0 for p in sellers)
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            numbers = [r[0] for r in conn.execute(sa.text("SELECT number FROM invoices"))]
            counts = {
                t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
                for t in ("engagements", "actuals", "audit")
            }
            counter = conn.execute(sa.text("SELECT last_number FROM invoice_counters")).scalar()
    finally:
        engine.dispose()
    assert sorted(numbers) == list(range(1, 5 * PROCESSES + 1))  # no gap, no repeat
    assert counter == 5 * PROCESSES
    # One create, four records and five invoices each, all kept with who made them.
    assert counts == {"engagements": 10, "actuals": 40, "audit": 100}
    for k, engagement, _ in found:
        assert cli.main(["engagement", "show", str(engagement), "--db", database_url,
                         "--format", "json"]) == 0  # fmt: skip
        doc = json.loads(capsys.readouterr().out)
        assert doc["client"] == f"Client {k}"
        # 288,000 prepaid + 12,000 × 0.8 + (48,000 + 60,000 + 72,000) × (1 + k/10).
        expected = [288000.0, 9600.0] + [round(t * (1 + k / 10), 2) for t in (48000, 60000, 72000)]
        assert [i["amount"] for i in doc["invoices"]] == expected
