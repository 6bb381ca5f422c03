"""Every bad input gets one clear line naming the field, the value and what is allowed, exit 2."""

import pytest

from prepay_modeller.cli import main
from prepay_modeller.core.errors import DataFileError
from prepay_modeller.inputs import tables as data

BASE = ["quote", "--start", "2027-01-01"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--option", "prepay-9"],
            "option: prepay-9 is not a known option "
            "(allowed: one of payg, prepay-3, prepay-6, prepay-12)",
        ),
        (
            ["--option", "prepay-6", "--performance", "0.8,-0.3"],
            "performance_q2: -0.3 is less than 0% (allowed: from 0% to 300%, as 0.9 or 90%)",
        ),
        (
            ["--option", "prepay-6", "--performance", "lots"],
            "performance: lots is not a number (allowed: from 0% to 300%, as 0.9 or 90%)",
        ),
        (
            ["--option", "prepay-3", "--horizon", "7"],
            "horizon: 7 is not a multiple of 3 (allowed: a multiple of 3 from 3 to 120 months)",
        ),
        (
            ["--option", "prepay-12", "--horizon", "6"],
            "horizon: 6 does not fit whole 12-month terms of the 12-month prepay "
            "(allowed: a multiple of 12 from 12 to 120 months)",
        ),
        (
            ["--option", "prepay-6", "--fixed", "0.9,1.2"],
            "fixed_q2: 1.2 is more than 100% (allowed: from 0% to 100%, as 0.9 or 90%; "
            "did you mean 1.2%?)",
        ),
        (
            ["--option", "prepay-6", "--variable-max", "0.2,0.3"],
            "variable_max_q2: 0.3 is below the on-target variable share "
            "(allowed: at least the on-target variable share 1 − fixed = 40%)",
        ),
        (
            ["--option", "prepay-12", "--performance", "1,1,1"],
            "performance: 1,1,1 has 3 values "
            "(allowed: one value, or one per quarter of the horizon (4))",
        ),
        # The plausible bounds, said before they bite (core.fields: 1,000 to 1,000,000 a month).
        (
            ["--option", "prepay-12", "--rate", "0"],
            "rate: 0 is less than 1,000 (allowed: from 1,000 to 1,000,000 a month, to the cent)",
        ),
        (
            ["--option", "prepay-12", "--rate", "1e9"],
            "rate: 1e9 is more than 1,000,000 "
            "(allowed: from 1,000 to 1,000,000 a month, to the cent)",
        ),
        (
            ["--option", "prepay-12", "--start", "2027-02-30"],
            "start: 2027-02-30 is not a date "
            "(allowed: a date from 2000-01-01 to 2100-12-31, as YYYY-MM-DD)",
        ),
        (
            ["--option", "prepay-12", "--payment-terms", "-3"],
            "payment_terms: -3 is less than 0 (allowed: from 0 to 120 days)",
        ),
    ],
)
def test_bad_scenario_values(capsys, args, message):
    assert main(BASE + args) == 2
    out, err = capsys.readouterr()
    assert err == f"prepay: error: {message}\n"
    assert out == ""


def test_compare_reports_bad_values_the_same_way(capsys):
    assert main(["compare", "--performance", "-1"]) == 2
    assert "performance: -1 is less than 0%" in capsys.readouterr().err


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_missing_column_in_a_data_file(tmp_path):
    path = write(tmp_path, "splits.csv", "quarter,stage,fixed\n1,Foundation,0.9\n")
    with pytest.raises(DataFileError) as err:
        data.load_splits(path)
    assert str(err.value) == (
        "splits.csv: column variable_max is missing "
        "(required columns: quarter, stage, fixed, variable_max)"
    )


def test_every_bad_cell_of_a_data_file_is_listed(tmp_path):
    path = write(
        tmp_path,
        "options.csv",
        "option,months,discount,opt_out_days,label\n"
        "payg,1,0,0,Pay-as-you-go\n"
        "prepay-6,6,1.5,30,Six\n"
        "prepay-12,twelve,0.2,30,Twelve\n",
    )
    with pytest.raises(DataFileError) as err:
        data.load_options(path)
    assert [p.message for p in err.value.problems] == [
        "options.csv row 2, discount: 1.5 is more than 99% "
        "(allowed: from 0% to 99%, as 0.2 or 20%; did you mean 1.5%?)",
        "options.csv row 3, months: twelve is not a number "
        "(allowed: 1 (pay-as-you-go) or a multiple of 3 up to 60)",
    ]


def test_split_file_cap_below_target(tmp_path):
    path = write(
        tmp_path, "splits.csv", "quarter,stage,fixed,variable_max\n1,A,0.9,0.05\n2,B,1.2,0.5\n"
    )
    with pytest.raises(DataFileError) as err:
        data.load_splits(path)
    assert [p.message for p in err.value.problems] == [
        "splits.csv row 1, variable_max: 0.05 is below the on-target variable share "
        "(allowed: at least the on-target variable share 1 − fixed = 10%)",
        # A bare share above 1 may be a percent typed without its sign: said (rate-like rule).
        "splits.csv row 2, fixed: 1.2 is more than 100% "
        "(allowed: from 0% to 100%, as 0.9 or 90%; did you mean 1.2%?)",
    ]


def test_okr_weights_must_add_up(tmp_path):
    text = data.paths.OKR_TEMPLATE_CSV.read_text().replace(",0.10,milestone", ",0.11,milestone", 1)
    path = write(tmp_path, "okr_template.csv", text)
    with pytest.raises(DataFileError) as err:
        data.load_okr_template(path)
    assert "quarter 1's weights add up to 1.01 (allowed: they add up to 1)" in str(err.value)


def test_the_command_reports_a_bad_defaults_file(tmp_path, monkeypatch, capsys):
    for name in ("options.csv", "okr_template.csv"):
        write(tmp_path, name, (data.paths.DATA_DIR / name).read_text())
    write(tmp_path, "splits.csv", "quarter,stage,fixed,variable_max\n1,A,0.9,abc\n")
    monkeypatch.setenv("PREPAY_DATA_DIR", str(tmp_path))
    assert main(["quote", "--option", "prepay-3", "--start", "2027-01-01"]) == 2
    assert capsys.readouterr().err == (
        "prepay: error: splits.csv row 1, variable_max: abc is not a number "
        "(allowed: from 0% to 300%, as 1.2 or 120%)\n"
    )
