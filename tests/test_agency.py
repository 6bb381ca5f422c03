"""The agency's view, against DOMAIN.md's worked example worked by hand month by month."""

from decimal import Decimal

from prepay_modeller.core import agency
from prepay_modeller.core import uncertainty as mc

M = Decimal


def test_prepay_6_worked_example_month_by_month(terms):
    # prepay-6, performance 0.8 then 1.5, from 2027-01-01, net 30 (DOMAIN.md): Q1 fixed
    # 121,500 + variable 10,800 -> 44,100 a month; Q2 81,000 + 81,000 -> 54,000 a month.
    # Cash: prepayment 202,500 on Jan 1 (month 1); Q1's variable due Apr 30 (month 4); Q2's due
    # Jul 30 (month 7, past the horizon). At risk: on-target variable 13,500 and 54,000 a
    # quarter -> 4,500 and 18,000 a month.
    frame = agency.monthly_revenue(terms("prepay-6", performance=[0.8, 1.5]))
    assert list(frame.columns[:6]) == [
        "month",
        "recognised",
        "cash_in",
        "at_risk",
        "cumulative_recognised",
        "cumulative_cash_in",
    ]
    assert list(frame["month"]) == [1, 2, 3, 4, 5, 6, 7]
    assert list(frame["recognised"]) == [M(44_100)] * 3 + [M(54_000)] * 3 + [M(0)]
    assert list(frame["cash_in"]) == [M(202_500), 0, 0, M(10_800), 0, 0, M(81_000)]
    assert list(frame["at_risk"]) == [M(4_500)] * 3 + [M(18_000)] * 3 + [M(0)]
    assert frame["cumulative_recognised"].iloc[-1] == M("294300.00")
    assert frame["cumulative_cash_in"].iloc[-1] == M("294300.00")
    assert frame["cumulative_cash_in"].iloc[3] == M(213_300)


def test_payg_cash_comes_on_each_months_first_day(terms):
    # payg from 2027-01-01 is paid a month in advance (DOMAIN.md rule 4), whatever the payment
    # terms: invoices on Jan 1, Feb 1 and Mar 1 are due that day, one in each month. Nothing is
    # at risk.
    frame = agency.monthly_revenue(terms("payg", payment_terms=45))
    assert list(frame["recognised"]) == [M(50_000)] * 3
    assert list(frame["cash_in"]) == [M(50_000)] * 3
    assert all(v == 0 for v in frame["at_risk"])


def test_revenue_at_risk_of_prepay_12(terms):
    # The article's table: prepay-12 prepays 288,000 and puts 192,000 (40 %) at risk; the caps
    # (20/80/100/120 % of 120,000) allow 384,000 of variable, 192,000 above on target.
    risk = agency.revenue_at_risk(terms("prepay-12"))
    assert risk["secured"] == M("288000.00")
    assert risk["at_risk"] == M("192000.00")
    assert risk["on_target"] == M("480000.00")
    assert risk["upside"] == M("192000.00")
    assert risk["share_at_risk"] == 0.4


def test_expected_revenue_under_a_degenerate_distribution(terms):
    # Every draw at 0.5: prepay-12 earns 288,000 + 96,000 = 384,000, short of on target by
    # 96,000, always.
    result = mc.montecarlo(terms("prepay-12"), 0.5, 0.5, 0.5, draws=100)
    table = agency.expected_revenue(result).set_index("option")
    assert table.loc["prepay-12", "expected_revenue"] == M("384000.00")
    assert table.loc["prepay-12", "expected_shortfall"] == M("96000.00")
    assert table.loc["prepay-12", "prob_below_on_target"] == 1.0
    assert table.loc["payg", "expected_revenue"] == M("600000.00")  # 12 months × 50,000
    assert table.loc["payg", "at_risk"] == 0
