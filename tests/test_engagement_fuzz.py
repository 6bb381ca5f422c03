"""Hostile values in every flag of ``prepay engagement`` (the fuzz's values, tests/hostile.py,
a sample of the nastiest): each case ends with exit 0, or exit 2 and one line per problem; never
a traceback, never a hang, and the invoice numbers keep no gap whatever was refused."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from prepay_modeller import cli
from prepay_modeller.store import db as database
from tests import hostile
from tests.databases import fresh_sqlite

NASTY = (
    "1e999999", "nan", "-1", "0", "2.5", "99999999999999999999", "١٢٣", "1\n2", "", " ",
    "9999-12-31", "0001-01-01", "2027-02-30", "x" * 300, '=HYPERLINK("http://evil.example")',
    "$", "1,5", "125 %",
)  # fmt: skip
CASES = {
    ("engagement", "new", "--option", "prepay-12", "--start", "2027-01-01", "--client", "Fuzz"): (
        "--client", "--reference", "--rate", "--performance", "--start", "--language",
        "--currency", "--user", "--horizon",
    ),
    ("engagement", "record", "1", "--quarter", "2", "--performance", "1.1"): (
        "--quarter", "--performance", "--user",
    ),
    ("engagement", "invoice", "1", "--quarter", "2", "--date", "2027-07-01"): (
        "--quarter", "--date", "--reason",
    ),
    ("engagement", "invoice", "1", "--prepayment", "1"): ("--prepayment",),
    ("engagement", "show", "1", "--format", "json"): ("--language",),
}  # fmt: skip


@pytest.mark.slow
def test_every_flag_of_the_engagement_commands(tmp_path):
    url = fresh_sqlite(tmp_path)
    assert cli.main(["engagement", "new", "--db", url, "--option", "prepay-12", "--start",
                     "2027-01-01", "--client", "Acme"]) == 0  # fmt: skip
    failed, tried = [], 0
    for base, flags in CASES.items():
        for flag in flags:
            for value in NASTY:
                argv = hostile.replace(base, flag, value) + ["--db", url]
                json_out = "--format" in argv
                problem = hostile.run_case(argv, json_out)
                tried += 1
                if problem:
                    failed.append(f"{argv[:2]} {flag}={value[:20]!r}: {problem}")
    for value in NASTY:  # the id, and the database itself
        for argv in (["engagement", "show", value, "--db", url],
                     ["engagement", "list", "--db", value]):  # fmt: skip
            problem = hostile.run_case(argv, False)
            tried += 1
            if problem:
                failed.append(f"{argv[:3]}: {problem}")
    assert tried > 300
    assert failed == []
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        numbers = sorted(r[0] for r in conn.execute(sa.text("SELECT number FROM invoices")))
    engine.dispose()
    assert numbers == list(range(1, len(numbers) + 1))  # refusals took no number
    database.close(url)


def test_the_csv_of_the_list_neutralises_formulas(tmp_path, capsys):
    url = fresh_sqlite(tmp_path)
    assert cli.main(["engagement", "new", "--db", url, "--option", "prepay-6", "--client",
                     '=HYPERLINK("http://evil.example","x")']) == 0  # fmt: skip
    capsys.readouterr()
    assert cli.main(["engagement", "list", "--db", url, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "'=HYPERLINK" in out
    assert cli.main(["engagement", "list", "--db", url, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["engagements"][0]["client"].startswith("=")
    database.close(url)
