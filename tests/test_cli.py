"""The ``prepay`` command: its JSON is a contract (field names stay), its tables are for people."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from prepay_modeller.cli import main


def run(capsys, *args):
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_options_json_fields_and_values(capsys):
    rows = json.loads(run(capsys, "options", "--format", "json"))
    assert [r["option"] for r in rows] == ["payg", "prepay-3", "prepay-6", "prepay-12"]
    assert set(rows[0]) >= {
        "option",
        "months",
        "discount",
        "on_target_total",
        "variable_part",
        "variable_share",
        "prepayment",
        "prepayment_share",
    }
    # The article's table.
    assert rows[3]["on_target_total"] == 480000 and rows[3]["variable_part"] == 192000
    assert rows[2]["prepayment"] == 202500 and rows[2]["prepayment_share"] == 0.75
    assert rows[0]["variable_part"] is None


def test_options_rate_scales_the_table(capsys):
    rows = json.loads(run(capsys, "options", "--rate", "10000", "--format", "json"))
    # 10,000 × 12 × 0.8
    assert rows[3]["on_target_total"] == 96000


def test_rate_may_be_typed_as_money(capsys):
    rows = json.loads(run(capsys, "options", "--rate", "$10,000", "--format", "json"))
    assert rows[0]["on_target_total"] == 10000


def test_money_has_two_decimals_in_json(capsys):
    text = run(capsys, "quote", "--option", "prepay-6", "--start", "2027-01-01", "--format", "json")
    assert '"fixed": 121500.00' in text
    assert '"total": 294300.00' not in text  # on target here: 270,000
    assert '"total": 270000.00' in text


def test_quote_json_contract(capsys):
    doc = json.loads(
        run(
            capsys,
            "quote",
            "--option",
            "prepay-6",
            "--performance",
            "80%,1.5",
            "--start",
            "2027-01-01",
            "--format",
            "json",
        )
    )
    assert {
        "option",
        "rate",
        "horizon",
        "quarters",
        "totals",
        "break_even_performance",
        "invoices",
    } <= set(doc)
    assert doc["option"] == "prepay-6" and doc["rate"] == 50000 and doc["horizon"] == 6
    q = doc["quarters"]
    assert {
        "quarter",
        "base",
        "fixed",
        "variable_target",
        "variable_max",
        "performance",
        "variable",
        "total",
    } <= set(q[0])
    # DOMAIN.md's worked example.
    assert [x["variable"] for x in q] == [10800, 81000]
    assert doc["totals"] == {
        "on_target": 270000,
        "fixed": 202500,
        "variable_target": 67500,
        "variable": 91800,
        "total": 294300,
        "payg_total": 300000,
        "savings_vs_payg": 5700,
    }
    assert [(i["kind"], i["issued"], i["due"], i["amount"]) for i in doc["invoices"]] == [
        ("prepayment", "2027-01-01", "2027-01-01", 202500),
        ("variable", "2027-03-31", "2027-04-30", 10800),
        ("variable", "2027-06-30", "2027-07-30", 81000),
    ]


def test_payg_quote_has_no_break_even(capsys):
    doc = json.loads(run(capsys, "quote", "--option", "payg", "--format", "json", "--horizon", "3"))
    assert doc["break_even_performance"] is None
    assert [i["kind"] for i in doc["invoices"]] == ["monthly"] * 3


def test_compare_json(capsys):
    doc = json.loads(run(capsys, "compare", "--start", "2027-01-01", "--format", "json"))
    by = {o["option"]: o for o in doc["options"]}
    assert doc["horizon"] == 12 and doc["left_out"] == []
    assert by["prepay-12"]["total"] == 480000 and by["prepay-12"]["break_even_performance"] == 1.625
    assert by["payg"]["savings_vs_payg"] == 0


def test_compare_names_what_it_leaves_out(capsys):
    out = run(capsys, "compare", "--horizon", "6", "--option", "prepay-6")
    assert "Left out (their terms do not fit 6 months): prepay-12 (needs 12 months)" in out
    # A 6-month prepay does not divide 9 months: it needs 12 (two whole terms).
    doc = json.loads(
        run(capsys, "compare", "--horizon", "9", "--option", "prepay-3", "--format", "json")
    )
    assert doc["left_out"] == ["prepay-6", "prepay-12"]
    assert doc["left_out_needs"] == [
        {"option": "prepay-6", "label": "6-month prepay", "months": 12},
        {"option": "prepay-12", "label": "12-month prepay", "months": 12},
    ]


def test_compare_npv_and_montecarlo_take_the_scenarios_own_horizon(capsys, tmp_path):
    # A scenario of a 6-month prepay that gives no horizon is about 6 months (its term, as
    # `prepay quote` takes it): every verdict is on those 6 months (DOMAIN.md rule 9), with
    # only its two quarters' performance. It used to be compared over 12 months and refused.
    path = tmp_path / "six.yaml"
    path.write_text(
        "name: six\noption: prepay-6\nrate: 50000\nperformance: [1.0, 2.0]\nstart: 2027-01-01\n"
    )
    doc = json.loads(run(capsys, "compare", "--scenario", str(path), "--format", "json"))
    by = {o["option"]: o for o in doc["options"]}
    assert doc["horizon"] == 6 and doc["left_out"] == ["prepay-12"]
    # DOMAIN.md rule 1: base $135,000; Q1 121,500 + 13,500; Q2 81,000 + 54,000 × 2.
    assert by["prepay-6"]["total"] == 324000 and by["prepay-6"]["savings_vs_payg"] == -24000
    npv = json.loads(
        run(capsys, "npv", "--scenario", str(path), "--discount-rate", "10%", "--format", "json")
    )
    assert npv["horizon"] == 6 and [o["option"] for o in npv["options"]] == [
        "payg", "prepay-3", "prepay-6"
    ]  # fmt: skip
    flags = ["--low", "0.5", "--high", "1.5", "--draws", "200", "--format", "json"]
    mc = json.loads(run(capsys, "montecarlo", "--scenario", str(path), *flags))
    assert mc["horizon"] == 6
    # With --option and no horizon, the option's term too (as `prepay quote`).
    doc = json.loads(run(capsys, "compare", "--option", "prepay-3", "--format", "json"))
    assert doc["horizon"] == 3


def test_npv_shows_an_irr_only_where_it_is_unique(capsys):
    def options(*flags):
        doc = json.loads(
            run(capsys, "npv", "--discount-rate", "10%", "--start", "2027-01-01", *flags,
                "--format", "json")
        )  # fmt: skip
        return {o["option"]: o for o in doc["options"]}

    # On target the variable invoices fall between pay-as-you-go's months: the difference of
    # the flows changes sign many times, so no IRR, and the reason (DOMAIN.md rule 11).
    on_target = options()
    assert on_target["prepay-12"]["irr_vs_payg"] is None
    assert on_target["prepay-12"]["irr_note"] == (
        "the payments cross more than once: see the present value"
    )
    assert on_target["payg"]["irr_vs_payg"] is None and on_target["payg"]["irr_note"] is None
    # At performance 0 a 6-month prepay pays $152,500 more on day 0, then $50,000 less a month
    # for five months: one change of sign, a unique IRR (735.7 %, tests/test_timevalue.py)
    # above 10 %, and a positive saving in today's money.
    nothing = options("--option", "prepay-6", "--performance", "0")
    assert nothing["prepay-6"]["irr_vs_payg"] > 0.1 and nothing["prepay-6"]["irr_note"] is None
    assert nothing["prepay-6"]["npv_savings_vs_payg"] > 0
    table = run(capsys, "npv", "--discount-rate", "10%", "--start", "2027-01-01")
    assert "prepay-12: the payments cross more than once: see the present value" in table


def test_quote_table_is_aligned_with_thousands_separators(capsys):
    out = run(
        capsys, "quote", "--option", "prepay-6", "--performance", "0.8,1.5", "--start", "2027-01-01"
    )
    assert "121,500.00" in out and "294,300.00" in out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("quarter"))
    rows = lines[header : header + 4]
    # Numbers right-aligned: every row of the table ends at the same column.
    assert len({len(r) for r in rows}) == 1


def test_quote_csv_is_the_schedule(capsys):
    out = run(capsys, "quote", "--option", "prepay-12", "--start", "2027-01-01", "--format", "csv")
    lines = out.splitlines()
    assert lines[0].startswith("quarter,stage,term,start,end,base,fixed")
    assert len(lines) == 5


def test_usage_errors_exit_2_without_traceback():
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "prepay_modeller",
            "quote",
            "--option",
            "prepay-6",
            "--format",
            "xml",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "invalid choice: 'xml'" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_installed_prepay_script_runs():
    # The console script installed beside this Python (make install puts it in .venv/bin).
    script = Path(sys.executable).with_name("prepay")
    assert script.exists(), "pip install -e . installs the prepay script"
    proc = subprocess.run([str(script), "options"], capture_output=True, text=True)
    assert proc.returncode == 0 and "480,000.00" in proc.stdout
