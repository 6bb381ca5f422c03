"""The client's statement: its sections read the engagement's figures (checked here against the
hand-worked prepay-12 year of tests/test_engagements.py), in the client's language; the template
``notebooks/statement.ipynb`` is thin, committed without outputs, and renders through papermill
like the proposal (one render, slow)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from prepay_modeller import cli
from prepay_modeller.inputs import paths
from prepay_modeller.inputs.brand import load_brand
from prepay_modeller.presentation.i18n import speech
from prepay_modeller.presentation.statement import SECTIONS, Statement, page_head
from prepay_modeller.store import db as database
from prepay_modeller.store import engagements
from tests.test_engagements import PREPAY_12, results_file


def run(*args) -> None:
    assert cli.main([str(a) for a in args]) == 0


@pytest.fixture
def year(tmp_path, capsys):
    """Acme's prepay-12 for three quarters and a credit note, and a French client's start."""
    from tests.databases import fresh_sqlite

    url = fresh_sqlite(tmp_path)
    run("engagement", "new", "--db", url, "--option", "prepay-12", "--start", "2027-01-01",
        "--client", "Acme <Analytics>", "--reference", "NB-2026-0412")  # fmt: skip
    run("engagement", "invoice", "1", "--prepayment", "1", "--db", url)
    for quarter, day in ((1, "2027-04-01"), (2, "2027-07-01"), (3, "2027-10-01")):
        run("engagement", "record", "1", "--quarter", quarter, "--results",
            results_file(tmp_path, quarter, PREPAY_12[quarter]), "--db", url)  # fmt: skip
        run("engagement", "invoice", "1", "--quarter", quarter, "--date", day, "--db", url)
    corrected = PREPAY_12[2].copy()
    corrected[1] = ("39", "60")
    run("engagement", "record", "1", "--quarter", "2", "--results",
        results_file(tmp_path, 2, corrected), "--db", url)  # fmt: skip
    run("engagement", "invoice", "1", "--quarter", "2", "--date", "2027-10-05", "--reason",
        "CRM duplicates filtered out", "--db", url)  # fmt: skip
    run("engagement", "new", "--db", url, "--option", "prepay-6", "--horizon", "12",
        "--start", "2027-01-01", "--client", "Éditions Lumière", "--language", "fr",
        "--currency", "EUR")  # fmt: skip
    capsys.readouterr()
    yield url
    database.close(url)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_statement_says_what_was_invoiced_and_what_is_to_come(year):
    e = engagements.get(database.open_store(year), 1)
    statement = Statement(e, dt.date(2027, 10, 5), speech("en"), load_brand())
    sections = dict(statement.sections())
    assert list(sections) == list(SECTIONS)
    assert (
        "Statement for <span" in sections["cover"] and "Acme &lt;Analytics&gt;" in sections["cover"]
    )
    summary = text_of(sections["summary"])
    # 288,000 + 9,180 + 49,920 + 61,633.33 − 960 = 407,773.33; Q4 at plan: 72,000.
    assert (
        "Invoiced to date $407,773.33: $288,000.00 prepaid and $119,773.33 of variable parts"
        in summary
    )
    assert "Still to invoice $72,000.00" in summary
    assert "Left to prepay on renewal" not in summary  # a 12-month prepay does not renew in 12
    quarters = text_of(sections["quarters"])
    assert (
        "Q2 Impact 1 Apr – 30 Jun 2027 $72,000.00 100% $48,000.00 102% $48,960.00 $48,960.00"
        in quarters
    )
    assert "Q1's key results are milestones" in quarters and "cannot pass 100%" in quarters
    invoices = text_of(sections["invoices"])
    assert (
        "5 5 Oct 2027 5 Oct 2027 Credit note, Q2 −$960.00 CRM duplicates filtered out" in invoices
    )
    assert "Total $407,773.33" in invoices
    assert "31 Dec 2027 30 Jan 2028 Variable part, Q4 $72,000.00 at the expected performance" in (
        text_of(sections["to_come"])
    )
    results = text_of(sections["key_results"])
    assert "Q3: performance 102.72%" in results
    assert (
        "Customer acquisition cost 10% under the previous quarter 18,000 16,000 112.5% 20%"
        in results
    )


def test_a_french_clients_statement_speaks_french(year):
    e = engagements.get(database.open_store(year), 2)
    statement = Statement(e, dt.date(2027, 1, 5), speech(e.language, e.currency), load_brand())
    assert page_head(statement) == {
        "lang": "fr", "dir": "ltr",
        "title": f"Relevé de compte pour Éditions Lumière · {load_brand().agency}",
    }  # fmt: skip
    summary = text_of(statement.summary())
    # prepay-6 renewed: the renewal's prepayment of 67,500 + 54,000 = 121,500 is left to prepay.
    assert "Reste à prépayer au renouvellement 121 500,00 €" in summary  # (spaces: no-break)
    assert "Aucune facture n'a encore été émise." in text_of(statement.invoices())


def test_the_template_is_thin_and_cleared():
    notebook = json.loads((paths.NOTEBOOKS_DIR / "statement.ipynb").read_text())
    cells = notebook["cells"]
    assert cells[0]["metadata"]["tags"] == ["parameters"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in cells)
    code = "".join("".join(c["source"]) for c in cells[1:])
    assert [m for m in re.findall(r"report\.(\w+)\(\)", code)] == list(SECTIONS)
    assert len(code.splitlines()) < 15


@pytest.mark.slow
def test_prepay_engagement_statement_renders_the_template(year, tmp_path, capsys):
    code = cli.main(["engagement", "statement", "2", "--db", year, "--out", str(tmp_path),
                     "--format", "html", "--date", "2027-01-05"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    page = Path(out.split("Wrote ")[1].strip())
    assert page.name == "editions-lumiere-statement-2.html"
    html = page.read_text()
    assert '<html lang="fr" dir="ltr">' in html
    assert "<title>Relevé de compte pour Éditions Lumière" in html
    assert "À venir" in html and "Prépaiement, période 2" in html
    assert "engagement: int" not in html  # no code in the page
    code = cli.main(["engagement", "statement", "9", "--db", year, "--out", str(tmp_path)])
    assert code == 2 and "id: 9 is not an engagement" in capsys.readouterr().err
