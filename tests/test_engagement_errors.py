"""Bad input to ``prepay engagement`` and ``prepay db``: one line each, exit 2, nothing written
(a quarter outside the term, a performance outside its bounds, an unknown id, a bad results
file, a database that is locked, missing, not prepay's, or of a newer schema)."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from prepay_modeller import cli
from prepay_modeller.store import db as database
from tests.test_engagements import key_results


def run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, *args) -> str:
    code, out, err = run(capsys, *args)
    assert code == 2, (out, err)
    lines = err.strip().splitlines()
    assert all(line.startswith("prepay: error: ") for line in lines), err
    assert "Traceback" not in err
    return err.strip()


def counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
                for t in ("engagements", "actuals", "invoices", "audit", "invoice_counters")
            }
    finally:
        engine.dispose()


@pytest.fixture
def engagement(database_url, capsys):
    """An engagement with its prepayment issued (invoice 1) and Q1 recorded."""
    code, out, err = run(capsys, "engagement", "new", "--db", database_url, "--option",
                         "prepay-12", "--start", "2027-01-01", "--client", "Delta")  # fmt: skip
    assert code == 0, err
    number = out.strip()
    for args in (("invoice", number, "--prepayment", "1"),
                 ("record", number, "--quarter", "1", "--performance", "0.9")):  # fmt: skip
        code, _, err = run(capsys, "engagement", *args, "--db", database_url)
        assert code == 0, err
    return database_url, number


def test_bad_values_are_one_line_and_write_nothing(engagement, tmp_path, capsys):
    db, number = engagement
    before = counts(db)
    cases = {
        ("record", number, "--quarter", "5", "--performance", "1"):
            "quarter: 5 is outside the engagement's term (allowed: 1 to 4 (the engagement's "
            "quarters))",
        ("record", number, "--quarter", "0", "--performance", "1"):
            "quarter: 0 is outside the engagement's term",
        ("record", number, "--quarter", "2", "--performance", "-10%"):
            "performance: -10% is less than 0%",
        ("record", number, "--quarter", "2", "--performance", "200"):
            "performance: 200 is more than 300% (allowed: from 0% to 300%, as 0.9 or 90%; "
            "did you mean 200%?)",
        ("record", number, "--quarter", "2", "--performance", "12000%"):
            "performance: 12000% is more than 300%",
        ("record", "99", "--quarter", "1", "--performance", "1"):
            "id: 99 is not an engagement (allowed: the id of an engagement (prepay engagement "
            "list shows them))",
        ("show", "abc"): "id: abc is not a number",
        ("invoice", number, "--quarter", "3", "--date", "2028-01-01"):
            "quarter: 3 has no recorded results",
        ("invoice", number, "--prepayment", "1"): "prepayment: 1 is invoiced already (no. 1)",
        ("invoice", number, "--prepayment", "2"): "prepayment: 2 is not a term of the engagement",
        ("invoice", number, "--quarter", "1", "--date", "2027-02-30"): "date: 2027-02-30",
        ("invoice", number, "--quarter", "1", "--date", "9999-12-31"):
            "date: 9999-12-31 is too late for the calendar (allowed: a date up to 9999-09-02)",
    }  # fmt: skip
    for args, expected in cases.items():
        assert expected in refused(capsys, "engagement", *args, "--db", db), args
    code, _, err = run(capsys, "engagement", "new", "--db", db, "--option", "payg",
                       "--client", "Echo")  # fmt: skip
    assert code == 2 and "option: payg is not an engagement's option" in err
    code, _, err = run(capsys, "engagement", "new", "--db", db, "--option", "prepay-6")
    assert code == 2 and "client: (missing) is required" in err
    assert counts(db) == before


def test_a_bad_results_file_names_every_problem(engagement, tmp_path, capsys):
    db, number = engagement
    names = key_results(2)
    path = tmp_path / "q2.csv"
    path.write_text(
        "key_result,actual,target\n"
        f'"{names[0]}",150,120\n'
        f'"{names[1]}",abc,60\n'
        f'"{names[2]}",52,-40\n'
        '"Leads from the moon",3,\n'
        f'"{names[4]}",1.5,\n'
    )
    err = refused(capsys, "engagement", "record", number, "--quarter", "2", "--results", path,
                  "--db", db)  # fmt: skip
    assert "prepay: error: q2.csv row 2, actual: abc is not a number" in err
    before = counts(db)
    path.write_text(
        "key_result,actual,target\n"
        f'"{names[0]}",150,120\n'
        f'"{names[2]}",52,-40\n'
        '"Leads from the moon",3,\n'
        f'"{names[4]}",1.5,\n'
        f'"{names[4]}",1,\n'
    )
    lines = refused(capsys, "engagement", "record", number, "--quarter", "2", "--results", path,
                    "--db", db).splitlines()  # fmt: skip
    assert lines[0].startswith("prepay: error: q2.csv row 2, target: -40 is not above 0")
    assert lines[1].startswith(
        "prepay: error: q2.csv row 3, key_result: Leads from the moon is not a key result of Q2 "
        "(allowed: one of Q2's key results: MQLs from inbound marketing channels; "
    )
    assert lines[2] == (
        "prepay: error: q2.csv row 4, actual: 1.5 is outside 0–1 (allowed: a fraction done "
        "from 0 to 1)"
    )
    assert lines[3] == (
        f"prepay: error: q2.csv row 5, key_result: {names[4]} is given twice "
        "(allowed: each key result once)"
    )
    assert f"q2.csv, key_result: {names[1]} is missing" in lines[4]
    assert len(lines) == 6  # names[1] and names[3] missing
    path.write_text("key_result,score\nx,1\n")
    err = refused(capsys, "engagement", "record", number, "--quarter", "2", "--results", path,
                  "--db", db)  # fmt: skip
    assert "q2.csv: column score is unknown (allowed columns: key_result, actual, target)" in err
    assert "q2.csv: column actual is missing" in err
    assert counts(db) == before


def test_a_locked_database_is_one_line_and_the_numbers_keep_no_gap(engagement, monkeypatch, capsys):
    db, number = engagement
    monkeypatch.setenv("PREPAY_DB_TIMEOUT", "0.5")
    database.close(db)  # the next command opens it again, waiting half a second for a lock
    holder = sa.create_engine(db)
    try:
        with holder.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")  # another writer holds the database
            else:
                conn.execute(sa.text("SELECT * FROM invoice_counters FOR UPDATE"))
            err = refused(capsys, "engagement", "invoice", number, "--quarter", "1", "--date",
                          "2027-04-01", "--db", db)  # fmt: skip
            assert "is locked by another process (waited 0.5 s)" in err
            assert err.count("\n") == 0
            conn.rollback()
    finally:
        holder.dispose()
    code, out, err = run(capsys, "engagement", "invoice", number, "--quarter", "1", "--date",
                         "2027-04-01", "--db", db)  # fmt: skip
    assert code == 0, err
    assert out.startswith("Invoice 2: Variable part, Q1")  # no number was lost to the lock


def test_an_issued_invoice_never_changes_even_by_sql(engagement):
    db, _ = engagement
    engine = sa.create_engine(db)
    try:
        for statement in ("UPDATE invoices SET cents = 1", "DELETE FROM invoices",
                          "UPDATE audit SET \"user\" = 'mallory'"):  # fmt: skip
            with pytest.raises(sa.exc.DBAPIError, match="never changed or deleted"):
                with engine.begin() as conn:
                    conn.execute(sa.text(statement))
    finally:
        engine.dispose()


def test_missing_foreign_and_newer_databases(database_url, tmp_path, capsys):
    db = database_url
    if db.startswith("sqlite"):
        missing = f"sqlite:///{tmp_path}/nope.db"
        assert refused(capsys, "engagement", "list", "--db", missing) == (
            f"prepay: error: db: sqlite:///{tmp_path}/nope.db does not exist (allowed: an "
            f"existing database; prepay db upgrade --db sqlite:///{tmp_path}/nope.db creates it)"
        )
        assert not (tmp_path / "nope.db").exists()
        empty = tmp_path / "empty.db"
        sa.create_engine(f"sqlite:///{empty}").connect().close()
        assert "has no prepay schema" in refused(capsys, "engagement", "list", "--db", empty)
        code, out, _ = run(capsys, "db", "upgrade", "--db", empty)
        assert code == 0 and "schema (none) -> 0001" in out
        assert run(capsys, "engagement", "list", "--db", empty)[0] == 0
    else:
        missing = db.rsplit("/", 1)[0] + "/no_such_database"
        err = refused(capsys, "engagement", "list", "--db", missing)
        assert "cannot be opened" in err and 'database "no_such_database" does not exist' in err
    engine = sa.create_engine(db)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    database.close(db)
    assert refused(capsys, "engagement", "list", "--db", db).endswith(
        "has a newer schema (9999) than this prepay knows (0001) (allowed: a database of this "
        "version's schema: upgrade prepay to use it)"
    )
    assert "has a newer schema (9999)" in refused(capsys, "db", "upgrade", "--db", db)
    assert refused(capsys, "engagement", "list", "--db", "mysql://u:secret@h/x") == (
        "prepay: error: db: mysql://u:***@h/x is not a database prepay uses "
        "(allowed: sqlite:///FILE or postgresql+psycopg://user@host/name)"
    )


def test_the_default_file_is_made_on_first_use(tmp_path, monkeypatch, capsys):
    default = tmp_path / "prepay.db"
    monkeypatch.setenv("PREPAY_DB_DEFAULT", str(default))
    code, out, err = run(capsys, "engagement", "list", "--format", "json")
    assert code == 0, err
    assert json.loads(out) == {"engagements": []}
    assert default.is_file()
    database.close(str(default))
