"""The workbook as a person opens it (issue 24), without recalculating: names a person can find,
every figure a formula whose value is already there, headings in the client's language, money
in the client's currency, frozen headings and print areas. (tests/test_workbook.py has
LibreOffice recalculate the formulas.)"""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from prepay_modeller.cli import main
from prepay_modeller.core.quote import quote
from prepay_modeller.inputs.terms import make_terms
from prepay_modeller.presentation import xlsx
from prepay_modeller.presentation.i18n import speech
from tests.test_client_links import client_app  # noqa: F401, F811 (a fixture)
from tests.workbook_checks import named


@pytest.fixture(scope="module")
def acme():
    t = make_terms(option="prepay-6", horizon="12", performance="0.8,1.5,0,2.5", start="2027-01-01")
    data = xlsx.build(t, discount_rate=0.08, title="Acme", description="Q3 paused")
    return (
        t,
        openpyxl.load_workbook(io.BytesIO(data)),
        openpyxl.load_workbook(io.BytesIO(data), data_only=True),
    )


def test_the_names_a_person_and_a_test_look_for(acme):
    t, formulas, values = acme
    q = quote(t)
    for n, line in enumerate(q.lines, start=1):
        assert named(values, f"performance_q{n}") == float(line.performance)
        assert Decimal(str(named(values, f"fixed_q{n}"))) == Decimal(line.fixed) / 100
        assert Decimal(str(named(values, f"variable_q{n}"))) == Decimal(line.variable) / 100
        assert named(formulas, f"fixed_q{n}").startswith("=")  # a formula, its value cached
    assert named(values, "rate") == 50000
    for key in ("total", "payg_total", "savings_vs_payg"):
        assert Decimal(str(named(values, key))) == q.totals[key]
    assert named(formulas, "total").startswith("=ROUND(SUM(")  # the sum of the lines shown


def test_every_figure_is_a_formula_with_its_value(acme):
    _, formulas, values = acme
    counted = 0
    for sheet in ("Schedule", "Monthly", "Invoices", "Options", "Present values", "Working"):
        for row in formulas[sheet].iter_rows():
            for cell in row:
                fmt = cell.number_format
                if "0.00" in fmt or fmt == "yyyy-mm-dd":  # money, percents and dates
                    if cell.value is None or cell.value == "—":
                        continue
                    assert cell.data_type == "f" or cell.value == 0, (sheet, cell.coordinate)
                    shown = values[sheet][cell.coordinate].value
                    assert shown is not None or sheet == "Working", (sheet, cell.coordinate)
                    counted += 1
    assert counted > 300


def test_laid_out_for_a_person(acme):
    _, book, _ = acme
    assert book.sheetnames == ["Inputs", "Schedule", "Monthly", "Invoices", "Options",
                               "Present values", "Working"]  # fmt: skip
    schedule = book["Schedule"]
    assert schedule.freeze_panes == "C4" and schedule.print_title_rows == "$1:$3"
    assert schedule.print_area and schedule.page_setup.orientation == "landscape"
    assert schedule["G4"].number_format == '"$"#,##0.00;"\u2212$"#,##0.00'
    assert schedule["J4"].number_format.startswith("0.00%")
    assert schedule.column_dimensions["G"].width >= 12
    assert book["Inputs"]["B4"].value == "Acme" and book["Inputs"]["B5"].value == "Q3 paused"
    assert book.calculation.fullCalcOnLoad  # Excel recalculates on opening
    performance = book["Inputs"].data_validations.dataValidation
    assert any(
        v.type == "decimal" and v.formula1 == "0" and "E" in str(v.sqref) for v in performance
    )


def test_in_the_clients_language_and_currency(tmp_path, capsys):
    out = tmp_path / "fr.xlsx"
    argv = ["export", "--option", "prepay-12", "--start", "2027-01-01", "--language", "fr",
            "--currency", "EUR", "--out", str(out)]  # fmt: skip
    assert main(argv) == 0, capsys.readouterr().err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:2] == ["Hypothèses", "Échéancier"]
    assert book["Échéancier"]["G3"].value == "Part fixe"
    assert book["Échéancier"]["G4"].number_format == '#,##0.00"\u00a0€";"\u2212"#,##0.00"\u00a0€"'
    assert "'Calculs'!" in book["Échéancier"]["G4"].value  # formulas name the sheets as shown
    t = make_terms(option="prepay-12", start="2027-01-01")
    arabic = openpyxl.load_workbook(io.BytesIO(xlsx.build(t, speech("ar", "AED"))))
    assert arabic.worksheets[0].sheet_view.rightToLeft
    assert arabic.sheetnames[0] == "المدخلات"
    assert "د.إ." in arabic.worksheets[1]["G4"].number_format
    for sheet in arabic.worksheets:  # no heading is gettext's catalog header (gettext(""))
        for row in sheet.iter_rows():
            assert not any("Content-Type" in str(c.value) for c in row)


def test_more_decimals_than_the_workbook_reads_are_said(acme):
    t = make_terms(option="prepay-3", performance="1.2345678", start="2027-01-01")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.build(t)))
    notes = [c.value for row in book["Inputs"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("six decimal places" in n for n in notes)
    _, plain, _ = acme
    notes = [
        c.value for row in plain["Inputs"].iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert not any("six decimal places" in n for n in notes)


def test_the_client_links_view_downloads_the_same_workbook(client_app):  # noqa: F811
    """A signed client link's page (app.client) offers the workbook of its scenario, made by
    the one function the seller's app and ``prepay export`` use, for the link's prospect."""
    app = client_app()
    name, mime, data = app.views.downloads["workbook.xlsx"].click()
    assert name.startswith("zeta-analytics-prepay-prepay-6-") and "spreadsheetml" in mime
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    assert (
        book["Inputs"]["A4"].value == "Prospect" and book["Inputs"]["B4"].value == "Zeta Analytics"
    )
    assert Decimal(str(named(book, "total"))) == quote(app.terms).total
    header = app.layout.widget.children[2]
    assert app.views.downloads["workbook.xlsx"] in header.children
