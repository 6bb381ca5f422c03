"""The core's rules behind a proposal's sentences, with figures worked out by hand from DOMAIN.md:
what each term and renewal prepays, the most a scenario can cost, how long an offer stands, and
`prepay compare` over a horizon the default option does not fit."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from prepay_modeller.cli import main
from prepay_modeller.core import offer
from prepay_modeller.core.errors import InputError
from prepay_modeller.core.quote import quote
from prepay_modeller.inputs.terms import make_terms

START = "2027-01-01"


def test_a_renewed_prepay_6_prepays_less_in_its_second_term():
    # prepay-6 at $50,000 renewed over 12 months: each term's on-target total is
    # 50,000 × 6 × 0.9 = 270,000, two quarters of 135,000. Term 1 (Q1 90%, Q2 60% fixed):
    # 121,500 + 81,000 = 202,500. Term 2 (Q3 50%, Q4 40%): 67,500 + 54,000 = 121,500.
    q = quote(make_terms(option="prepay-6", horizon=12, start=START))
    p = q.prepayments
    assert list(p["term"]) == [1, 2] and q.renews
    assert list(p["start"]) == [dt.date(2027, 1, 1), dt.date(2027, 7, 1)]
    assert list(p["prepayment"]) == [Decimal("202500.00"), Decimal("121500.00")]
    assert list(p["on_target"]) == [Decimal("270000.00")] * 2
    assert list(p["prepaid_share"]) == pytest.approx([0.75, 0.45])
    assert list(p["vs_first"]) == [Decimal("0.00"), Decimal("-81000.00")]
    # The invoices agree: one prepayment per term on its first day.
    pre = q.invoices[q.invoices["kind"] == "prepayment"]
    assert list(pre["amount"]) == list(p["prepayment"]) and list(pre["due"]) == list(p["start"])


def test_pay_as_you_go_and_a_single_term_have_no_renewal():
    assert quote(make_terms(option="payg", horizon=12, start=START)).prepayments.empty
    assert not quote(make_terms(option="payg", horizon=12, start=START)).renews
    assert not quote(make_terms(option="prepay-12", start=START)).renews


def test_the_most_a_scenario_can_cost_is_every_quarter_at_its_maximum():
    # prepay-6 (DOMAIN.md): Q1 121,500 + cap 27,000 (20% of 135,000) = 148,500; Q2 81,000 +
    # 108,000 (80%) = 189,000; together 337,500. Pay-as-you-go: its total, 6 × 50,000.
    assert quote(make_terms(option="prepay-6", start=START)).max_total == Decimal("337500.00")
    assert quote(make_terms(option="payg", horizon=6, start=START)).max_total == Decimal(
        "300000.00"
    )


def test_an_offer_stands_for_its_valid_days():
    assert offer.valid_until(dt.date(2026, 12, 1)) == dt.date(2026, 12, 31)  # 30 days
    assert offer.valid_until(dt.date(2027, 2, 20), 14) == dt.date(2027, 3, 6)
    for bad, problem in ((0, "is less than 1"), (366, "is more than 365"), (2.5, "not a whole")):
        with pytest.raises(InputError, match=problem) as err:
            offer.valid_until(dt.date(2027, 1, 1), bad)
        assert str(err.value).startswith("valid_days: ")


@pytest.mark.parametrize("horizon", [3, 6])
def test_compare_over_a_horizon_the_default_option_does_not_fit(horizon, capsys):
    # The default (highlighted) option is the 12-month prepay; over 3 or 6 months it does not
    # fit, and the options that do are compared (the README: the others are left out, named).
    assert main(["compare", "--horizon", str(horizon), "--start", START, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    fits = {3: ["payg", "prepay-3"], 6: ["payg", "prepay-3", "prepay-6"]}[horizon]
    assert [o["option"] for o in doc["options"]] == fits
    assert "prepay-12" in doc["left_out"] and not any(o["chosen"] for o in doc["options"])
    # On target: pay-as-you-go 50,000 a month; prepay-3 142,500 a term (the article's table).
    totals = {o["option"]: o["total"] for o in doc["options"]}
    assert totals["payg"] == 50_000 * horizon and totals["prepay-3"] == 142_500 * horizon / 3
    assert main(["compare", "--horizon", str(horizon), "--start", START]) == 0
    assert "Left out (their terms do not fit" in capsys.readouterr().out


def test_an_option_that_does_not_fit_is_named_with_what_it_needs():
    from prepay_modeller.core.comparison import compare, left_out
    from prepay_modeller.inputs.defaults import catalog
    from prepay_modeller.inputs.terms import make_terms

    # DOMAIN.md rule 9: a 12-month prepay needs a 12-month commitment at 3 or 6 months; a
    # 6-month prepay does not divide 9 months and needs 12 (two whole terms).
    needs = {x.option.name: (x.needs, x.longer) for x in left_out(catalog(), 9)}
    assert needs == {"prepay-6": (12, False), "prepay-12": (12, True)}
    assert left_out(catalog(), 24) == []
    c = compare(make_terms(option="prepay-3", horizon=6, start="2027-01-01"))
    assert list(c.quotes) == ["payg", "prepay-3", "prepay-6"]
    assert [(x.option.name, x.needs) for x in c.needs] == [("prepay-12", 12)]
