"""Invariants of the payout model on thousands of random terms (DOMAIN.md rules 3 and 8)."""

from decimal import ROUND_HALF_EVEN, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from prepay_modeller.core.quote import quote
from tests.strategies import performances
from tests.strategies import terms as random_terms

MANY = settings()  # as many examples as the profile asks (tests/conftest.py)


@MANY
@given(random_terms())
def test_every_total_is_the_sum_of_its_lines(t):
    sched = quote(t).schedule
    tot = quote(t).totals
    assert tot["fixed"] == sum(sched["fixed"])
    assert tot["variable"] == sum(sched["variable"])
    assert tot["total"] == sum(sched["total"]) == tot["fixed"] + tot["variable"]
    assert all(sched["total"] == sched["fixed"] + sched["variable"])
    assert all(sched["base"] == sched["fixed"] + sched["variable_target"])
    assert sum(quote(t).invoices["amount"]) == tot["total"]
    flows = quote(t).cash_flows
    assert flows["cumulative"].iloc[-1] == -tot["total"]
    month = quote(t).monthly
    assert sum(month["total"]) == tot["total"]
    assert sum(month["base"]) == sum(sched["base"])
    assert tot["savings_vs_payg"] == tot["payg_total"] - tot["total"]


@MANY
@given(random_terms())
def test_on_target_lines_add_up_to_the_term_total_rounded_once(t):
    # Independently: rate × months × (1 − discount), rounded half-to-even to the cent once.
    on_target = quote(t.with_performance(1)).schedule
    assert all(on_target["total"] == on_target["base"])
    if t.option.is_payg:
        return
    months = t.option.months
    expected = (t.rate * months * (1 - t.option.discount)).quantize(
        Decimal("0.01"), ROUND_HALF_EVEN
    )
    per_term = months // 3
    for term in range(t.horizon // months):
        lines = on_target.iloc[term * per_term : (term + 1) * per_term]
        assert sum(lines["fixed"]) + sum(lines["variable_target"]) == expected
        assert sum(lines["total"]) == expected


@MANY
@given(random_terms(), st.data())
def test_cost_never_falls_as_performance_rises_and_the_cap_holds(t, data):
    higher = [p + data.draw(performances) for p in t.performance]
    low, high = (
        quote(t).schedule,
        quote(t.with_performance(higher)).schedule,
    )
    assert all(high["variable"] >= low["variable"])
    assert quote(t.with_performance(higher)).totals["total"] >= quote(t).totals["total"]
    assert all(low["variable"] <= low["variable_max"])
    assert all(high["variable"] <= high["variable_max"])
    # The cap is base × the split's maximum share, rounded once.
    for row, split in zip(low.itertuples(), t.splits, strict=True):
        if not t.option.is_payg:
            cap = (row.base * split.variable_max).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
            assert row.variable_max == cap


@MANY
@given(random_terms())
def test_break_even_costs_what_payg_costs(t):
    p = quote(t).break_even_performance
    if p is None or p == 0:
        return
    tot = quote(t.with_performance(Decimal(repr(p)))).totals
    # Each variable invoice is rounded to the cent: within a cent per quarter of pay-as-you-go.
    assert abs(tot["total"] - tot["payg_total"]) <= Decimal("0.01") * t.quarters + Decimal("0.01")
