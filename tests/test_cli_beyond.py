"""The issue-5 commands: npv, montecarlo, agency, scenarios, export, quote --scenario. Their JSON
adds fields and renames none; every bad input exits 2 with one ``prepay: error:`` line."""

import json
from decimal import Decimal

import openpyxl
import pytest

from prepay_modeller.cli import join_negative_values, main
from prepay_modeller.core.quote import quote
from prepay_modeller.inputs import scenarios


def run(capsys, *args):
    assert main(list(args)) == 0
    return capsys.readouterr().out


def fails(capsys, *args):
    assert main(list(args)) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert all(line.startswith("prepay: error: ") for line in lines), err
    assert "Traceback" not in err
    return lines


def test_quote_from_a_scenario_file_matches_its_flags(capsys):
    by_file = run(capsys, "quote", "--scenario", "acme-prepay-12", "--format", "json")
    by_flags = run(
        capsys,
        *("quote", "--option", "prepay-12", "--performance", "0.8,1,1.2,1.3"),
        *("--start", "2027-01-01", "--horizon", "12", "--format", "json"),
    )
    assert by_file == by_flags


def test_quote_scenario_override_changes_only_that_field(capsys):
    doc = json.loads(
        run(
            capsys,
            *("quote", "--scenario", "acme-prepay-12", "--performance", "1", "--format", "json"),
        )
    )
    assert doc["totals"]["total"] == 480000.00  # the article's on-target prepay-12 year
    assert doc["start"] == "2027-01-01"  # still from the file


def test_npv_json(capsys):
    doc = json.loads(
        run(capsys, "npv", "--start", "2027-01-01", "--discount-rate", "0", "--format", "json")
    )
    assert doc["discount_rate"] == 0
    rows = {r["option"]: r for r in doc["options"]}
    # At 0 % the NPV is minus the nominal total (the article's table over 12 months).
    assert rows["prepay-12"]["npv"] == -480000.00 and rows["payg"]["npv"] == -600000.00
    assert rows["payg"]["irr_vs_payg"] is None
    assert set(rows["prepay-12"]) >= {"option", "total", "npv", "npv_savings_vs_payg"}


def test_montecarlo_json_is_reproducible(capsys):
    args = ("montecarlo", "--start", "2027-01-01", "--low", "0.5", "--high", "1.5")
    args += ("--draws", "2000", "--seed", "9", "--format", "json")
    first, second = run(capsys, *args), run(capsys, *args)
    assert first == second
    doc = json.loads(first)
    assert doc["draws"] == 2000 and doc["seed"] == 9 and doc["shape"] == "triangular"
    assert [r["option"] for r in doc["options"]] == ["payg", "prepay-3", "prepay-6", "prepay-12"]


def test_montecarlo_from_a_scenarios_range_and_by_key_results(capsys):
    out = run(capsys, "montecarlo", "--scenario", "acme-prepay-12", "--draws", "500")
    assert "500 draws" in out and "P90 NPV" in out  # the file gives a range and a rate
    out = run(capsys, "montecarlo", "--hit-probability", "1", "--draws", "10", "--format", "csv")
    assert "480000.00" in out  # every key result hit: on target


def test_agency_json(capsys):
    doc = json.loads(
        run(
            capsys,
            *("agency", "--option", "prepay-6", "--performance", "0.8,1.5"),
            *("--start", "2027-01-01", "--format", "json"),
        )
    )
    assert doc["revenue"]["secured"] == 202500.00
    assert [m["cash_in"] for m in doc["months"]][-1] == 81000.00
    assert "expected" not in doc
    # A scenario file with a range gives the expected revenue too.
    doc = json.loads(run(capsys, "agency", "--scenario", "acme-prepay-12", "--format", "json"))
    assert doc["expected"]["option"] == "prepay-12"
    assert doc["expected"]["secured"] == 288000.00


def test_scenarios_save_list_compare(capsys, tmp_path):
    folder = str(tmp_path)
    out = run(
        capsys,
        *("scenarios", "save", "mine", "--option", "prepay-6", "--performance", "0.8,1.5"),
        *("--start", "2027-01-01", "--discount-rate", "8%", "--dir", folder),
    )
    assert "Saved mine" in out
    run(
        capsys,
        "scenarios",
        "save",
        "other",
        "--option",
        "payg",
        "--start",
        "2027-01-01",
        "--horizon",
        "6",
        "--dir",
        folder,
    )
    listed = json.loads(run(capsys, "scenarios", "list", "--dir", folder, "--format", "json"))
    assert [s["name"] for s in listed["scenarios"]] == ["mine", "other"]
    doc = json.loads(
        run(capsys, "scenarios", "compare", "mine", "other", "--dir", folder, "--format", "json")
    )
    assert [s["total"] for s in doc["scenarios"]] == [294300.00, 300000.00]
    table = run(capsys, "scenarios", "compare", "mine", "other", "--dir", folder)
    assert table.splitlines()[0].split() == ["mine", "other"]
    lines = fails(capsys, "scenarios", "save", "mine", "--option", "payg", "--dir", folder)
    assert lines[0].startswith("prepay: error: name: mine is already saved")


def test_export_writes_a_workbook(capsys, tmp_path):
    out = tmp_path / "acme.xlsx"
    assert "Wrote" in run(capsys, "export", "--scenario", "acme-prepay-12", "--out", str(out))
    wb = openpyxl.load_workbook(out, data_only=True)
    assert wb.sheetnames[:2] == ["Inputs", "Schedule"]
    acme = scenarios.load(scenarios.find("acme-prepay-12"))
    total = quote(acme.terms).totals["total"]
    sheet, cell = next(iter(wb.defined_names["total"].destinations))
    assert Decimal(str(wb[sheet][cell.replace("$", "")].value)) == total


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


BASE = "name: x\noption: prepay-6\nrate: 50000\nperformance: 1\nstart: 2027-01-01\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ("montecarlo", "--low", "1.2", "--high", "0.8"),
            "low: 1.2 is above the highest performance (allowed: at most the highest performance, "
            "80%)",
        ),
        (
            ("montecarlo", "--low", "0.5,0.5,1.3,0.5", "--high", "1,1,1.2,1"),
            "low_q3: 1.3 is above the highest performance (allowed: at most the highest "
            "performance, 120%)",
        ),
        (
            ("montecarlo", "--hit-probability", "1.5"),
            "hit_probability: 1.5 is more than 100% (allowed: from 0% to 100%, as 0.7 or 70%",
        ),
        (
            ("npv", "--discount-rate=-100%"),  # "=": argparse reads "-1..." as a flag
            "discount_rate: -100% is -100% or less (allowed: more than -100%",
        ),
        (("npv",), "discount_rate: (missing) is required"),
        (
            ("montecarlo", "--low", "0.5", "--high", "1", "--draws", "0"),
            "draws: 0 is less than 1 (allowed: a whole number from 1 to 5,000,000)",
        ),
        (
            ("montecarlo", "--low", "0.5", "--high", "1", "--draws", "1e9"),
            "draws: 1e9 is more than 5,000,000 (allowed: a whole number from 1 to 5,000,000)",
        ),
        (("montecarlo",), "low: (missing) is required"),
        (("quote",), "option: (missing) is required"),
        (("quote", "--scenario", "no-such-scenario"), "scenario: no-such-scenario is not found"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, args, message):
    lines = fails(capsys, *args)
    assert len(lines) == 1
    assert lines[0].startswith("prepay: error: " + message), lines[0]


@pytest.mark.parametrize(
    "text, message",
    [
        (BASE.replace("start: 2027-01-01\n", ""), "bad.yaml: field start is missing"),
        (BASE + "colour: blue\n", "bad.yaml: field colour is unknown (allowed fields: name,"),
        (BASE.replace("rate: 50000", "rate: -5"), "bad.yaml, rate: -5 is less than 1,000"),
    ],
)
def test_bad_scenario_file_names_file_and_field(capsys, tmp_path, text, message):
    path = write(tmp_path, "bad.yaml", text)
    for command in (("quote",), ("npv", "--discount-rate", "0.1"), ("export", "--out", "x.xlsx")):
        lines = fails(capsys, *command, "--scenario", path)
        assert lines == ["prepay: error: " + message] or lines[0].startswith(
            "prepay: error: " + message
        )
    assert not (tmp_path / "x.xlsx").exists()


def test_a_negative_discount_rate_can_follow_its_flag(capsys):
    """argparse alone reads "-5%" as an unknown flag; prepay takes it as the rate's value."""
    spaced = json.loads(run(capsys, "npv", "--discount-rate", "-5%", "--format", "json"))
    joined = json.loads(run(capsys, "npv", "--discount-rate=-5%", "--format", "json"))
    assert spaced == joined
    assert Decimal(str(spaced["discount_rate"])) == Decimal("-0.05")
    for row in spaced["options"]:  # at a negative rate later dollars weigh more: |NPV| > total
        assert -Decimal(str(row["npv"])) > Decimal(str(row["total"]))
    lines = fails(capsys, "npv", "--discount-rate", "-150%")
    assert lines[0].startswith("prepay: error: discount_rate: -150% is -100% or less")


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["npv", "--discount-rate", "-5%"], ["npv", "--discount-rate=-5%"]),
        (["npv", "--discount-rate", "-0.05"], ["npv", "--discount-rate=-0.05"]),
        (["npv", "--discount-rate", "-.5"], ["npv", "--discount-rate=-.5"]),
        # An option: left for argparse to report ("expected one argument").
        (
            ["npv", "--discount-rate", "--format", "json"],
            ["npv", "--discount-rate", "--format", "json"],
        ),
        # Not a number, not an option: the flag's value, which the reader refuses in one line.
        (["npv", "--discount-rate", "-x"], ["npv", "--discount-rate=-x"]),
        # Other options, and anything after "--", are untouched.
        (["quote", "--rate", "-5%"], ["quote", "--rate=-5%"]),  # any flag taking a value
        (["quote", "--overwrite", "-5%"], ["quote", "--overwrite", "-5%"]),  # not a value flag
        (["npv", "--", "--discount-rate", "-5%"], ["npv", "--", "--discount-rate", "-5%"]),
    ],
)
def test_join_negative_values(argv, expected):
    assert join_negative_values(argv) == expected
