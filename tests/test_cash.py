"""The founder's cash (DOMAIN.md, "The founder's cash"): month-end cash, lowest cash, runway,
against hand-worked months; the break-even discount against DOMAIN.md's worked example."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prepay_modeller.core import cash, goalseek
from prepay_modeller.core.comparison import compare
from prepay_modeller.core.errors import InputError
from prepay_modeller.core.quote import quote
from prepay_modeller.inputs.founder import read_founder
from prepay_modeller.inputs.numbers import Reading

D = Decimal


def months_of(path):
    return [(m.month, m.end, m.cash) for m in path.months]


def test_prepay_12_goes_below_zero_in_month_1(terms):
    # $290,000 in the bank, $10,000 burn, the 12-month prepay on target from 2027-01-01, net 30.
    # Month 1: 290,000 - 10,000 - 288,000 (the prepayment, due on the first day) = -8,000.
    # Variable invoices 12,000 / 48,000 / 60,000 / 72,000 fall due 30 days after each quarter:
    # 2027-04-30 (month 4), 2027-07-30 (7), 2027-10-30 (10), 2028-01-30 (13).
    path = cash.cash_path(quote(terms("prepay-12")), cash.founder(290_000, 10_000))
    expected = [-8_000, -18_000, -28_000, -50_000, -60_000, -70_000, -128_000, -138_000,
                -148_000, -218_000, -228_000, -238_000, -320_000]  # fmt: skip
    assert [m.cash for m in path.months] == [100 * v for v in expected]
    assert path.months[0].paid == 28_800_000 and path.months[3].paid == 1_200_000
    assert path.months[0].end == dt.date(2027, 1, 31)
    assert path.months[-1].end == dt.date(2028, 1, 31)
    assert path.runway_months == 0
    assert path.runs_out == dt.date(2027, 1, 31)
    assert path.lowest_cash == D("-320000.00")
    assert path.lowest_cash_month == dt.date(2028, 1, 31)


def test_payg_that_never_goes_below_zero(terms):
    # $900,000, $20,000 burn, pay-as-you-go ($50,000 due on each month's first day) for 12
    # months: month k ends at 900,000 - 70,000 k; month 12 (the last payment's) at 60,000.
    path = cash.cash_path(quote(terms("payg", horizon=12)), cash.founder(900_000, 20_000))
    assert [m.cash for m in path.months] == [100 * (900_000 - 70_000 * k) for k in range(1, 13)]
    assert path.runway_months is None and path.runs_out is None
    assert path.lowest_cash == D("60000.00")
    assert path.lowest_cash_month == dt.date(2027, 12, 31)


def test_growing_burn_rounds_each_month_half_even_once():
    # 10,000 growing 10% a month: 10,000, 11,000, 12,100, 13,310, 14,641, 16,105.10,
    # 17,715.61, 19,487.171 -> 19,487.17, 21,435.8881 -> 21,435.89.
    assert cash.burns(D(10_000), D("0.1"), 9) == (
        1_000_000, 1_100_000, 1_210_000, 1_331_000, 1_464_100, 1_610_510, 1_771_561,
        1_948_717, 2_143_589,
    )  # fmt: skip
    # 5 cents growing 30%: 5, 6.5 -> 6 (half to even; half up would give 7), 8.45 -> 8.
    assert cash.burns(D("0.05"), D("0.3"), 3) == (5, 6, 8)


def test_growing_burn_runway(terms):
    # $200,000, pay-as-you-go, burn 10,000 growing 10%: 140,000; 79,000; 16,900; -46,410.
    path = cash.cash_path(quote(terms("payg", horizon=12)), cash.founder(200_000, 10_000, D("0.1")))
    assert [m.cash for m in path.months[:4]] == [14_000_000, 7_900_000, 1_690_000, -4_641_000]
    assert path.runway_months == 3


def test_options_compared_over_the_same_months(terms):
    c = cash.cash_comparison(compare(terms("prepay-12", horizon=12)), cash.founder(900_000, 20_000))
    # The 12-month prepay's last invoice is due 2028-01-30: every option runs 13 months.
    assert c.months == 13
    assert {len(p.months) for p in c.paths.values()} == {13}
    # Pay-as-you-go's 13th month is burn alone: 60,000 - 20,000.
    assert c.paths["payg"].lowest_cash == D("40000.00")
    # Once everything is paid, what is left is the cash less the burns less the total: the
    # cheapest keeps most at the end.
    for p in c.paths.values():
        assert p.end_cash == D(900_000 - 13 * 20_000) - p.quote.total
    table = c.table.set_index("option")
    assert table.loc["prepay-12", "lowest_cash"] == D("160000.00")
    assert bool(table.loc["prepay-12", "chosen"])


def test_with_no_burn_the_cheapest_keeps_most_cash(terms):
    # No burn: each option's low point is after its last payment, the cash less its total.
    who = cash.founder(1_000_000, 0)
    on_target = cash.cash_comparison(compare(terms("prepay-12", horizon=12)), who)
    assert on_target.paths["prepay-12"].lowest_cash == D("520000.00")  # 1,000,000 - 480,000
    assert on_target.paths["payg"].lowest_cash == D("400000.00")  # 1,000,000 - 600,000
    assert on_target.cheapest_keeps_most_cash
    # At 180% in every quarter the 12-month prepay costs 288,000 + 12,000 x 1.8 + 48,000 x 1.8
    # + 60,000 x 1.8 + 72,000 x 1.8 = 633,600, more than pay-as-you-go's 600,000; the 3-month
    # prepay 4 x (128,250 + 14,250 x 1.8) = 615,600, the 6-month 2 x (121,500 + 13,500 x 1.8
    # + 81,000 + 54,000 x 1.8) = 648,000: pay-as-you-go is cheapest and keeps most.
    strong = cash.cash_comparison(compare(terms("prepay-12", horizon=12, performance="1.8")), who)
    assert strong.paths["prepay-12"].quote.total == D("633600.00")
    assert strong.cheapest.quote.option.name == "payg"
    assert strong.keeps_most_cash.quote.option.name == "payg"


def test_keeps_most_cash_differs_from_cheapest_when_the_low_point_comes_early(terms):
    # The 12-month prepay pays 288,000 on day one, then variable invoices; with a company that
    # earns 30,000 a month (burn -30,000) the bank refills, so the low point is month 1:
    # 300,000 + 30,000 - 288,000 = 42,000; pay-as-you-go's month 1: 300,000 + 30,000 - 50,000
    # = 280,000, and it never falls below that (it earns 30,000, pays 50,000: -20,000 a month
    # ... down to 280,000 - 11 x 20,000 = 60,000 in month 12, then +30,000 in month 13).
    c = cash.cash_comparison(
        compare(terms("prepay-12", horizon=12)), cash.founder(300_000, -30_000)
    )
    payg, p12 = c.paths["payg"], c.paths["prepay-12"]
    assert p12.lowest.month == 1 and p12.lowest_cash == D("42000.00")
    assert payg.lowest_cash == D("60000.00") and payg.lowest.month == 12
    assert c.cheapest.quote.option.name == "prepay-12"
    # The 6-month prepay: 202,500 on day one (month 1: 127,500), +30,000 a month, Q1's
    # variable 13,500 due in month 4 (204,000), then month 7 pays the renewal's 121,500 (Q3's
    # and Q4's fixed parts: 67,500 + 54,000) and Q2's variable 54,000: 264,000 + 30,000 -
    # 175,500 = 118,500, its lowest, and the highest lowest of all four.
    p6 = c.paths["prepay-6"]
    assert p6.lowest_cash == D("118500.00") and p6.lowest_cash_month == dt.date(2027, 7, 31)
    assert c.keeps_most_cash is p6 and not c.cheapest_keeps_most_cash


def test_founder_inputs_are_checked_and_every_bad_one_named():
    with pytest.raises(InputError) as exc:
        cash.founder(-1, D("2e9"), 2)
    fields = [p.field for p in exc.value.problems]
    assert fields == ["cash", "burn", "burn_growth"]
    with pytest.raises(InputError, match="has more than two decimals"):
        cash.founder("100.005", 0)
    with pytest.raises(InputError, match="burn_growth"):
        cash.founder(1, 1, -1)
    # 1e-999999 would make every month's exact burn a number of a million digits.
    with pytest.raises(InputError, match="burn_growth: 1e-999999 has too many decimals"):
        read_founder(1, 1, "1e-999999")


def test_founder_inputs_read_as_typed():
    who = read_founder("$900,000", "60k", "2%")
    assert who == cash.Founder(D(900_000), D(60_000), D("0.02"))
    assert read_founder("1", "1", "2", reading=Reading(box=True)).burn_growth == D("0.02")
    with pytest.raises(InputError) as exc:
        read_founder("abc", "1,5", "300%")
    text = str(exc.value)
    assert "cash: abc is not a number" in text
    assert "burn: 1,5 is not a number" in text
    assert "burn_growth: 300% is more than 100%" in text


@settings(max_examples=60, deadline=None)
@given(
    cash_in=st.integers(0, 2_000_000),
    burn=st.integers(-50_000, 150_000),
    growth=st.sampled_from(["0", "0.01", "0.05", "-0.02"]),
    option=st.sampled_from(["payg", "prepay-3", "prepay-6", "prepay-12"]),
    performance=st.sampled_from(["0.5", "1", "1.3", "2"]),
)
def test_month_end_cash_adds_up(cash_in, burn, growth, option, performance):
    """Invariants: the last month-end is the cash less every burn less the quote's total; the
    month-ends fall by exactly each month's burn and payments; runway and lowest agree."""
    from prepay_modeller.inputs.terms import make_terms

    t = make_terms(option=option, performance=performance, horizon=12, start="2027-01-31")
    path = cash.cash_path(quote(t), cash.founder(cash_in, burn, D(growth)))
    total_cents = int(quote(t).total * 100)
    assert sum(m.paid for m in path.months) == total_cents
    assert path.months[-1].cash == cash_in * 100 - sum(m.burn for m in path.months) - total_cents
    previous = cash_in * 100
    for m in path.months:
        assert m.cash == previous - m.burn - m.paid
        previous = m.cash
    assert path.lowest.cash == min(m.cash for m in path.months)
    below = [m.month for m in path.months if m.cash < 0]
    assert path.runway_months == (below[0] - 1 if below else None)


def test_break_even_discount_of_domain_examples(terms):
    # DOMAIN.md: the 12-month prepay costs what 12 months of pay-as-you-go cost at a uniform
    # 162.5%; at that performance the break-even discount is its own 20%.
    answer = goalseek.goal_seek(terms("prepay-12", performance="1.625"))
    assert answer.performance == pytest.approx(1.625)
    assert answer.discount == pytest.approx(0.2) and answer.current_discount == pytest.approx(0.2)
    # On target every quarter pays its base: any discount is cheaper, the break-even is 0.
    assert goalseek.break_even_discount(terms("prepay-6")) == 0
    # The 6-month prepay at Q1 80%, Q2 150%: each quarter costs base x (0.9 + 0.1 x 0.8) and
    # base x (0.6 + 0.4 x 1.5) = 0.98 and 1.2 bases; 2 quarters of pay-as-you-go cost two
    # bases at no discount: 1 - 2 / 2.18 = 8.2569 %.
    d = goalseek.break_even_discount(terms("prepay-6", performance="0.8,1.5"))
    assert d == pytest.approx(1 - 2 / 2.18)
    assert goalseek.break_even_discount(terms("payg", horizon=3)) is None


def test_break_even_discount_prices_the_option_at_payg(terms):
    """At the break-even discount, the option's own pricing (rule 8's rounding included) lands
    within a cent a quarter of pay-as-you-go."""
    from prepay_modeller.core.terms import Option

    t = terms("prepay-12", performance="1.2,1.5,1.8,1.1")
    d = goalseek.break_even_discount(t)
    assert 0 < d < 0.2
    options = [
        Option(name=o.name, months=o.months, discount=D(repr(d)), label=o.label)
        if o.name == "prepay-12"
        else o
        for o in t.catalog.options
    ]
    catalog = t.catalog.model_copy(update={"options": tuple(options)})
    priced = quote(t.model_copy(update={"catalog": catalog, "option": catalog.option("prepay-12")}))
    assert abs(priced.total - priced.totals["payg_total"]) <= D("0.04")
