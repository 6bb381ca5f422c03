"""The prospects CSV's split columns (fixed_q1…q4, variable_max_q1…q4): a scenario from the app
can be written as a row and renders with its own split."""

from decimal import Decimal

import pytest

from prepay_modeller.core.errors import DataFileError
from prepay_modeller.inputs.prospects import load_prospects
from prepay_modeller.reports import proposal


def test_split_columns_reach_the_proposal(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "prospect,option,horizon,start,fixed_q1,variable_max_q1,variable_max_q3\n"
        "Acme,prepay-12,12,2027-01-01,80%,0.4,150%\n",
        encoding="utf-8",
    )
    (row,) = load_prospects(path)
    assert (row["fixed_q1"], row["variable_max_q1"], row["variable_max_q3"]) == (0.8, 0.4, 1.5)
    params = {k: v for k, v in row.items() if k != "row"}
    report = proposal.build(plotlyjs="none", **params)
    splits = report.terms.splits
    # Q1 as given; Q2 the article's (60 % fixed, 80 % cap); Q3 given cap, article's fixed 50 %.
    assert [(s.fixed, s.variable_max) for s in splits[:3]] == [
        (Decimal("0.8"), Decimal("0.4")),
        (Decimal("0.6"), Decimal("0.8")),
        (Decimal("0.5"), Decimal("1.5")),
    ]
    # prepay-12 on target, Q1 base $120,000: fixed 80 % = $96,000 (the article's 90 %: $108,000).
    assert report.schedule["fixed"].iloc[0] == Decimal("96000.00")


def test_a_bad_split_cell_is_named(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "prospect,option,fixed_q1,variable_max_q1\nAcme,prepay-6,0.95,0.01\nB,payg,1.5,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as err:
        load_prospects(path)
    assert [p.message for p in err.value.problems] == [
        "p.csv row 1, variable_max_q1: 0.01 is below the on-target variable share "
        "(allowed: at least the on-target variable share 1 − fixed = 5%)",
        "p.csv row 2, fixed_q1: 1.5 is more than 100% "
        "(allowed: from 0% to 100%, as 0.9 or 90%; did you mean 1.5%?)",
    ]
