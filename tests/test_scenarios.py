"""Scenarios as files: round trip, bundled examples, validation naming file and field, side-by-side
comparison and the Excel export."""

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from prepay_modeller.core.errors import DataFileError, InputError
from prepay_modeller.core.quote import quote
from prepay_modeller.inputs import scenarios as sc
from prepay_modeller.presentation.documents import scenarios_table
from prepay_modeller.presentation.exports import export_scenario

GOOD = """\
name: test-one
option: prepay-6
rate: 50000
performance: [0.8, 1.5]
start: 2027-01-01
"""


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_examples_load_and_list():
    table = sc.list_table()
    assert len(table) >= 3
    assert "acme-prepay-12" in set(table["name"])
    for s in sc.load_all():
        assert s.source.stem == s.name  # file named after the scenario


def test_a_file_gives_the_worked_example(tmp_path):
    s = sc.load(write(tmp_path, "one.yaml", GOOD))
    # DOMAIN.md: prepay-6 at 0.8 / 1.5 costs $294,300.
    assert quote(s.terms).totals["total"] == Decimal("294300.00")
    assert s.terms.start == dt.date(2027, 1, 1)


def test_save_then_load_round_trips(tmp_path, terms):
    t = terms("prepay-3", horizon=12, performance=[1.1, 0.9, 1.2, 1], fixed=0.7, variable_max=0.6)
    fields = sc.fields_of(t, "round-trip", "a note", discount_rate=0.08)
    path = sc.save(fields, folder=tmp_path)
    assert path == tmp_path / "round-trip.yaml"
    back = sc.load(path)
    assert back.terms == t
    assert back.description == "a note"
    assert back.discount_rate == pytest.approx(0.08)


def test_save_keeps_an_existing_file(tmp_path, terms):
    fields = sc.fields_of(terms("prepay-12"), "kept")
    path = sc.save(fields, folder=tmp_path)
    before = path.read_text()
    changed = dict(fields, rate=1000)
    with pytest.raises(InputError, match=r"^name: kept is already saved"):
        sc.save(changed, folder=tmp_path)
    assert path.read_text() == before
    sc.save(changed, folder=tmp_path, overwrite=True)
    assert sc.load(path).terms.rate == 1000
    assert [p.name for p in tmp_path.iterdir()] == ["kept.yaml"]  # no temporary left behind


def test_missing_field_names_file_and_field(tmp_path):
    path = write(tmp_path, "nostart.yaml", GOOD.replace("start: 2027-01-01\n", ""))
    with pytest.raises(DataFileError) as err:
        sc.load(path)
    assert str(err.value) == (
        "nostart.yaml: field start is missing "
        "(required fields: name, option, rate, performance, start)"
    )


def test_unknown_field_names_file_and_field(tmp_path):
    path = write(tmp_path, "typo.yaml", GOOD + "perfomance_q3: 1.2\ncolour: blue\n")
    with pytest.raises(DataFileError) as err:
        sc.load(path)
    lines = str(err.value).splitlines()
    assert lines[0].startswith("typo.yaml: field perfomance_q3 is unknown (allowed fields: name,")
    assert lines[1].startswith("typo.yaml: field colour is unknown")


def test_bad_value_names_file_and_field(tmp_path):
    path = write(tmp_path, "neg.yaml", GOOD.replace("[0.8, 1.5]", "[0.8, -0.3]"))
    with pytest.raises(DataFileError) as err:
        sc.load(path)
    assert str(err.value) == (
        "neg.yaml, performance_q2: -0.3 is less than 0% (allowed: from 0% to 300%, as 0.9 or 90%)"
    )


@pytest.mark.parametrize(
    "extra, message",
    [
        ("discount_rate: -1\n", "bad.yaml, discount_rate: -1 is -100% or less"),
        ("low: 1.5\nhigh: 0.5\n", "bad.yaml, low: 1.5 is above the highest performance"),
    ],
)
def test_bad_time_value_or_range_in_a_file(tmp_path, extra, message):
    with pytest.raises(DataFileError) as err:
        sc.load(write(tmp_path, "bad.yaml", GOOD + extra))
    assert str(err.value).startswith(message)


def test_unreadable_yaml_and_non_mapping(tmp_path):
    # The field where reading stopped is named.
    with pytest.raises(DataFileError, match=r"^broken.yaml, name: not a readable YAML file"):
        sc.load(write(tmp_path, "broken.yaml", "name: [unclosed\n"))
    with pytest.raises(DataFileError, match=r"^list.yaml: not a mapping of fields"):
        sc.load(write(tmp_path, "list.yaml", "- a\n- b\n"))


def test_compare_two_to_four(tmp_path):
    one = sc.load(write(tmp_path, "a.yaml", GOOD))
    payg = GOOD.replace("prepay-6", "payg").replace("test-one", "b") + "horizon: 6\n"
    two = sc.load(write(tmp_path, "b.yaml", payg))
    table = scenarios_table([one, two], [0, 0])
    assert list(table["name"]) == ["test-one", "b"]
    assert list(table["total"]) == [Decimal("294300.00"), Decimal("300000.00")]
    # At a 0 % discount rate the NPV is minus the nominal total.
    assert list(table["npv"]) == [Decimal("-294300.00"), Decimal("-300000.00")]


def test_excel_export_shows_the_scenario_with_exact_cents(tmp_path):
    s = sc.load(write(tmp_path, "one.yaml", GOOD + "discount_rate: 0.1\n"))
    out = export_scenario(s, tmp_path / "out" / "one.xlsx", s.discount_rate)
    wb = openpyxl.load_workbook(out, data_only=True)  # the values cached with the formulas
    assert wb.sheetnames == ["Inputs", "Schedule", "Monthly", "Invoices", "Options",
                             "Present values", "Working"]  # fmt: skip
    sched = wb["Schedule"]
    assert sched["L3"].value == "Total"
    assert [sched.cell(r, 12).value for r in (4, 5)] == [132_300, 162_000]
    assert sched["L4"].number_format.startswith('"$"#,##0.00')
    assert openpyxl.load_workbook(out)["Schedule"]["L4"].value.startswith("=")  # a formula
    inv = wb["Invoices"]
    assert [inv.cell(r, 4).value for r in (4, 5, 6, 7)] == [202_500, 10_800, 81_000, 294_300]
    assert inv["A4"].value == dt.datetime(2027, 1, 1)
    assert wb["Present values"]["C8"].value < 0  # pay-as-you-go's present value: a cost
    with pytest.raises(InputError, match=r"^out: .* is not an .xlsx file"):
        export_scenario(s, tmp_path / "one.csv")
