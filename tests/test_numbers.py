"""One way to read numbers (issue 13), the same on every entry point: a command-line flag, a
CSV cell, a scenario file's field (the app's boxes are checked in tests/test_app.py).

Each row: the text typed, the value the model uses (None: refused), and for a refusal the words
the message must hold.
"""

import json
from decimal import Decimal

import pytest

from prepay_modeller.cli import main
from prepay_modeller.core.errors import DataFileError, InputError
from prepay_modeller.inputs import numbers, scenarios
from prepay_modeller.inputs.prospects import load_prospects

PERFORMANCE = [
    ("70%", Decimal("0.7"), ""),
    ("70 %", Decimal("0.7"), ""),
    ("0.7", Decimal("0.7"), ""),
    ("1.25", Decimal("1.25"), ""),
    ("125%", Decimal("1.25"), ""),
    ("10", Decimal("10"), ""),  # 1000 %: far past every cap, still a fraction
    ("70", None, "did you mean 70%?"),
    ("abc", None, "is not a number"),
    ("١٢٣", None, "is not a number"),  # Arabic-Indic digits
    ("１２３", None, "is not a number"),  # full-width digits
    ("nan", None, "is not a number"),
    ("1e999999", None, "is more than 10"),
]
MONEY = [
    ("40000", Decimal("40000"), ""),
    ("40,000", Decimal("40000"), ""),
    ("$40,000", Decimal("40000"), ""),
    ("40k", Decimal("40000"), ""),
    ("40 000", Decimal("40000"), ""),
    ("1,234,567.50", Decimal("1234567.50"), ""),
    ("1,5", None, "is not an amount"),
    ("125 %", None, "is a percentage"),
    ("4O000", None, "is not a number"),
]


@pytest.mark.parametrize("typed, value, words", PERFORMANCE)
def test_performance_reader(typed, value, words):
    if value is None:
        with pytest.raises(InputError, match=words):
            numbers.parse_performance("performance", typed, "0 or more")
    else:
        assert numbers.parse_performance("performance", typed, "0 or more") == value


def test_a_percent_box_reads_a_bare_number_as_a_percent():
    assert numbers.parse_performance("q1", "70", "0 or more", bare_percent=True) == Decimal("0.7")
    assert numbers.parse_performance("q1", "70%", "0 or more", bare_percent=True) == Decimal("0.7")


@pytest.mark.parametrize("typed, value, words", MONEY)
def test_money_reader(typed, value, words):
    if value is None:
        with pytest.raises(InputError, match=words):
            numbers.parse_money("rate", typed, "more than 0")
    else:
        assert numbers.parse_money("rate", typed, "more than 0") == value


def run(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("typed, value, words", PERFORMANCE)
def test_command_line_performance(capsys, typed, value, words):
    code, out, err = run(
        capsys, "quote", "--option", "prepay-12", "--start", "2027-01-01",
        "--performance", typed, "--format", "json",
    )  # fmt: skip
    if value is None or value > 100:
        assert code == 2 and err.startswith("prepay: error: performance: ") and words in err
    else:
        assert code == 0
        assert json.loads(out)["quarters"][0]["performance"] == float(value)


@pytest.mark.parametrize("typed, value, words", MONEY)
def test_command_line_rate(capsys, typed, value, words):
    code, out, err = run(capsys, "options", "--rate", typed, "--format", "json")
    if value is None:
        assert code == 2 and err.startswith("prepay: error: rate: ") and words in err
    else:
        assert code == 0 and json.loads(out)[0]["on_target_total"] == float(value)


HEADER = "prospect,option,rate,performance_q1\n"


@pytest.mark.parametrize("typed, value, words", PERFORMANCE)
def test_csv_performance_cell(tmp_path, typed, value, words):
    path = tmp_path / "p.csv"
    path.write_text(HEADER + f'Acme,prepay-12,50000,"{typed}"\n', encoding="utf-8")
    if value is None:
        with pytest.raises(DataFileError) as err:
            load_prospects(path)
        assert str(err.value).startswith("p.csv row 1, performance_q1: ")
        assert words in str(err.value)
    else:
        assert load_prospects(path)[0]["performance_q1"] == float(value)


@pytest.mark.parametrize("typed, value, words", MONEY)
def test_csv_rate_cell(tmp_path, typed, value, words):
    path = tmp_path / "p.csv"
    path.write_text(HEADER + f'Acme,prepay-12,"{typed}",1\n', encoding="utf-8")
    if value is None:
        with pytest.raises(DataFileError) as err:
            load_prospects(path)
        assert str(err.value).startswith("p.csv row 1, rate: ") and words in str(err.value)
    else:
        assert load_prospects(path)[0]["rate"] == float(value)


def scenario(tmp_path, **fields):
    text = "name: s\noption: prepay-12\nstart: 2027-01-01\n"
    text += "".join(f"{k}: {json.dumps(v)}\n" for k, v in fields.items())
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("typed, value, words", PERFORMANCE)
def test_yaml_performance_field(tmp_path, typed, value, words):
    path = scenario(tmp_path, rate=50000, performance=typed)
    if value is None:
        with pytest.raises(DataFileError) as err:
            scenarios.load(path)
        assert str(err.value).startswith("s.yaml, performance: ") and words in str(err.value)
    else:
        assert scenarios.load(path).terms.performance[0] == value


def test_yaml_numbers_follow_the_same_rules(tmp_path):
    # A YAML number is read like a bare number typed on the command line.
    with pytest.raises(DataFileError, match="did you mean 70%"):
        scenarios.load(scenario(tmp_path, rate=50000, performance=70))
    assert scenarios.load(scenario(tmp_path, rate="40k", performance=0.7)).terms.rate == 40000
    with pytest.raises(DataFileError, match=r"^s.yaml, rate: 1,5 is not an amount"):
        scenarios.load(scenario(tmp_path, rate="1,5", performance=1))
