"""NPV and IRR against values worked out independently.

The reference formula is the spreadsheet's: Excel/Google Sheets XNPV(rate, values, dates) =
Σ value_i / (1 + rate) ** ((date_i − date_0) / 365) on actual days, and XIRR is the rate where
XNPV is 0. Below it is written out by hand (and the IRR solved by bisection) so that pyxirr is
checked against something it did not compute.
"""

import datetime as dt
import math
from decimal import Decimal

import pandas as pd
import pytest

from prepay_modeller.core import timevalue as tv
from prepay_modeller.core.errors import InputError

D = dt.date


def hand_xnpv(rate, flows, d0):
    return sum(float(a) / (1 + rate) ** ((d - d0).days / 365) for d, a in flows)


def hand_xirr(flows, d0, lo=-0.99, hi=10.0):
    f_lo, f_hi = hand_xnpv(lo, flows, d0), hand_xnpv(hi, flows, d0)
    assert f_lo * f_hi < 0
    for _ in range(200):
        mid = (lo + hi) / 2
        f_mid = hand_xnpv(mid, flows, d0)
        if f_lo * f_mid <= 0:
            hi = mid
        else:
            lo, f_lo = mid, f_mid
    return (lo + hi) / 2


# Microsoft's XNPV/XIRR help example: values -10,000, 2,750, 4,250, 3,250, 2,750 on
# 2008-01-01, 2008-03-01, 2008-10-30, 2009-02-15, 2009-04-01; Excel gives XNPV(9 %) =
# 2,086.65 and XIRR = 0.373362535.
EXCEL_FLOWS = [
    (D(2008, 1, 1), -10_000),
    (D(2008, 3, 1), 2_750),
    (D(2008, 10, 30), 4_250),
    (D(2009, 2, 15), 3_250),
    (D(2009, 4, 1), 2_750),
]


def test_wrappers_match_the_spreadsheet_example():
    assert tv.xnpv(0.09, EXCEL_FLOWS, D(2008, 1, 1)) == pytest.approx(2086.65, abs=0.005)
    assert tv.xirr(EXCEL_FLOWS) == pytest.approx(0.373362535, abs=1e-8)
    assert hand_xnpv(0.09, EXCEL_FLOWS, D(2008, 1, 1)) == pytest.approx(2086.65, abs=0.005)
    assert hand_xirr(EXCEL_FLOWS, D(2008, 1, 1)) == pytest.approx(0.373362535, abs=1e-8)


# prepay-12 on target from 2027-01-01, net 30 (DOMAIN.md's worked example): $288,000 prepaid on
# day 0; variable $12,000 / $48,000 / $60,000 / $72,000 invoiced at the quarter ends and due 30
# days later. Pay-as-you-go: $50,000 due on the 1st of each month (paid a month in advance,
# DOMAIN.md rule 4).
PREPAY_12 = [
    (D(2027, 1, 1), -288_000),
    (D(2027, 4, 30), -12_000),
    (D(2027, 7, 30), -48_000),
    (D(2027, 10, 30), -60_000),
    (D(2028, 1, 30), -72_000),
]
PAYG = [(D(2027, m, 1), -50_000) for m in range(1, 13)]


def test_the_dated_flows_are_the_ones_worked_by_hand(terms):
    assert tv.dated_flows(terms("prepay-12")) == [(d, Decimal(a)) for d, a in PREPAY_12]
    assert tv.dated_flows(terms("payg", horizon=12)) == [(d, Decimal(a)) for d, a in PAYG]


@pytest.mark.parametrize("rate", [0.0, 0.08, 0.25, -0.5])
def test_npv_equals_the_hand_formula(terms, rate):
    start = D(2027, 1, 1)
    table = tv.npv_table(terms("prepay-12", horizon=12), rate).set_index("option")
    for option, flows in [("prepay-12", PREPAY_12), ("payg", PAYG)]:
        assert float(table.loc[option, "npv"]) == pytest.approx(
            hand_xnpv(rate, flows, start), abs=0.006
        )
    saving = hand_xnpv(rate, PREPAY_12, start) - hand_xnpv(rate, PAYG, start)
    assert float(table.loc["prepay-12", "npv_savings_vs_payg"]) == pytest.approx(saving, abs=0.011)
    if rate == 0:  # at 0 % the NPV is the nominal total
        assert table.loc["prepay-12", "npv"] == Decimal("-480000.00")
        assert table.loc["payg", "npv"] == Decimal("-600000.00")


def test_no_irr_is_shown_where_the_payments_cross_more_than_once(terms):
    diff = {}
    for d, a in PREPAY_12:
        diff[d] = diff.get(d, 0) + a
    for d, a in PAYG:
        diff[d] = diff.get(d, 0) - a
    flows = sorted(diff.items())
    # The difference changes sign at every variable invoice (between payg's months): eight
    # times, so the return is not unique (DOMAIN.md rule 11) and none is shown. The solver
    # still finds the root bracketed from 0 %, where prepaying is $120,000 ahead, to 1,000 %.
    assert tv.sign_changes(flows) == 8
    expected = hand_xirr(flows, D(2027, 1, 1), lo=0.0)
    assert expected == pytest.approx(2.5954, abs=1e-4)  # ≈ 259.5 % a year
    t = terms("prepay-12", horizon=12)
    assert tv.xirr(tv.difference_flows(t)) == pytest.approx(expected, abs=1e-7)
    assert math.isnan(tv.irr_vs_payg(t))
    assert tv.irr_note(t) == "the payments cross more than once: see the present value"
    table = tv.npv_table(t, 0.1).set_index("option")
    assert math.isnan(table.loc["prepay-12", "irr_vs_payg"])
    assert table.loc["prepay-12", "irr_note"] == tv.irr_note(t)
    assert math.isnan(table.loc["payg", "irr_vs_payg"]) and pd.isna(table.loc["payg", "irr_note"])


# prepay-6 over 6 months at performance 0 from 2027-01-01: $202,500 prepaid on day 0 (Q1's
# 90 % and Q2's 60 % of the $135,000 base) and no variable invoice; pay-as-you-go $50,000 on the
# 1st of each month. The difference is −$152,500 on 1 January, then +$50,000 on 1 February to
# 1 June: it changes sign once, so its IRR is unique.
PREPAY_6_AT_0 = [(D(2027, 1, 1), -152_500)] + [(D(2027, m, 1), 50_000) for m in range(2, 7)]


def test_a_unique_irr_is_shown_and_agrees_with_the_present_value(terms):
    t = terms("prepay-6", performance=0)
    assert tv.difference_flows(t) == [(d, Decimal(a)) for d, a in PREPAY_6_AT_0]
    expected = hand_xirr(PREPAY_6_AT_0, D(2027, 1, 1), lo=0.0, hi=50.0)
    assert expected == pytest.approx(7.3571, abs=1e-4)  # ≈ 735.7 % a year
    assert tv.irr_vs_payg(t) == pytest.approx(expected, abs=1e-7)
    assert tv.irr_note(t) is None
    # Below the IRR prepaying saves in today's money, above it it does not (rule 11).
    for rate in (0.1, 7.0, 7.7, 20.0):
        saving = tv.npv_table(t, rate).set_index("option").loc["prepay-6", "npv_savings_vs_payg"]
        assert (saving > 0) == (expected > rate), rate
        assert float(saving) == pytest.approx(hand_xnpv(rate, PREPAY_6_AT_0, t.start), abs=0.01)


def test_irr_notes_say_why_no_return_is_shown(terms):
    # A 3-month prepay over 3 months on target: −$78,250 on day 0, +$50,000 on 1 February and
    # 1 March, then −$14,250 (Q1's variable part) due 30 April: two changes of sign.
    t = terms("prepay-3", performance=1)
    assert tv.sign_changes(tv.difference_flows(t)) == 2
    assert tv.irr_reason(t) == "crosses"
    # A prepay with nothing fixed pays less than pay-as-you-go first and more later: a loan.
    loan = terms("prepay-3", performance=1, fixed=0, variable_max=2)
    assert [a > 0 for _, a in tv.difference_flows(loan)] == [True, True, True, False]
    assert tv.irr_reason(loan) == "borrows" and math.isnan(tv.irr_vs_payg(loan))


def test_irr_is_nan_where_prepaying_loses_at_every_rate(terms):
    # At performance 2.0 prepay-12 costs $672,000 and its last flow (−$144,000 against payg's
    # nothing) dominates at every rate: the difference's XNPV never reaches 0.
    t = terms("prepay-12", performance=2)
    assert math.isnan(tv.irr_vs_payg(t))
    assert math.isnan(tv.xirr(tv.difference_flows(t)))


def test_table_columns_are_the_shared_contract(terms):
    table = tv.npv_table(terms("prepay-12", horizon=12), 0.08)
    assert list(table.columns[:5]) == [
        "option",
        "total",
        "npv",
        "npv_savings_vs_payg",
        "irr_vs_payg",
    ]
    assert list(table["option"]) == ["payg", "prepay-3", "prepay-6", "prepay-12"]
    assert table["discount_rate"].iloc[0] == pytest.approx(0.08)


@pytest.mark.parametrize(
    "value, problem",
    [("-1", "is -100% or less"), ("-150%", "is -100% or less"), ("abc", "is not a number")],
)
def test_bad_discount_rates_are_named(value, problem):
    # Read as the command line and files read it, then checked by the core.
    from prepay_modeller.inputs.numbers import discount_rate

    with pytest.raises(InputError) as err:
        discount_rate(value)
    assert str(err.value).startswith(f"discount_rate: {value} {problem}")
    assert "more than -100%" in str(err.value)


def test_across_the_grid_an_irr_shown_agrees_with_the_saving_in_today_s_money(terms):
    """Issue 19's grid (every option × horizons 3/6/9/12/24 × performance 0/45/100/137/250 %),
    with starts on the 1st, the 28th and the 31st, payment terms of 0 and 45 days, and discount
    rates on both sides of the returns found: wherever `prepay npv` shows a return of prepaying,
    the saving in today's money is positive exactly when the return is above the discount rate
    (DOMAIN.md rule 11), and wherever it shows none it says why."""
    shown = above = below = 0
    for horizon in (3, 6, 9, 12, 24):
        for performance in (0, 0.45, 1, 1.37, 2.5):
            for start in (D(2027, 1, 1), D(2027, 2, 28), D(2027, 1, 31)):
                for payment_terms in (0, 45):
                    t = terms(
                        "payg", horizon=horizon, performance=performance, start=start,
                        payment_terms=payment_terms,
                    )  # fmt: skip
                    for rate in (0.1, 3.0, 9.0, 50.0):
                        table = tv.npv_table(t, rate)
                        for row in table.itertuples():
                            if row.option == "payg":
                                continue
                            if math.isnan(row.irr_vs_payg):
                                assert row.irr_note in tv.IRR_NOTES.values(), row
                                continue
                            shown += 1
                            assert pd.isna(row.irr_note)
                            saving = row.npv_savings_vs_payg
                            assert (saving > 0) == (row.irr_vs_payg > rate), (row, rate)
                            above += saving > 0
                            below += saving < 0
    # The check is not empty: returns are shown, on both sides of the discount rate.
    assert shown >= 60 and above >= 20 and below >= 20, (shown, above, below)
