"""Rounding and allocation by hand (DOMAIN.md rule 8)."""

from decimal import Decimal as D

from prepay_modeller.core.money import allocate, round_cents
from prepay_modeller.core.quote import quote


def test_round_half_even():
    assert round_cents(D("0.125")) == 12
    assert round_cents(D("0.135")) == 14
    assert round_cents(D("-0.125")) == -12


def test_allocate_largest_remainder_ties_go_first():
    assert allocate(101, [D(1), D(1)]) == [51, 50]
    assert allocate(100, [D(1)] * 3) == [34, 33, 33]
    # 0.9/0.1 of 95 cents: 85.5 and 9.5; one cent left, tie, goes to the first.
    assert allocate(95, [D("0.9"), D("0.1")]) == [86, 9]


def test_term_total_is_rounded_once_and_allocated(terms):
    # By hand: 10,000.01 × 12 × 0.8 = 96,000.096 → $96,000.10. Four bases of 2,400,002.5 cents:
    # floors 2,400,002 each, two cents left, ties to the earlier quarters.
    t = terms("prepay-12", rate="10000.01")
    lines = quote(t).lines
    assert [x.base for x in lines] == [2400003, 2400003, 2400002, 2400002]
    # Q1: 90% of 2,400,003 = 2,160,002.7 and 240,000.3: the spare cent goes to the .7.
    assert (lines[0].fixed, lines[0].variable_target) == (2160003, 240000)
    assert quote(t).totals["on_target"] == D("96000.10")


def test_prepay_3_odd_rate(terms):
    # By hand: 33,333.33 × 3 × 0.95 = 94,999.9905 → $94,999.99; fixed 8,549,999.1 cents and
    # variable 949,999.9: the spare cent goes to the variable line's .9.
    lines = quote(terms("prepay-3", rate="33333.33")).lines
    assert (lines[0].base, lines[0].fixed, lines[0].variable_target) == (9499999, 8549999, 950000)


def test_each_variable_invoice_is_rounded_half_even_once(terms):
    # prepay-3 at $50,000: variable target 1,425,000 cents. × 0.00002 = 28.5 cents → 28 (even);
    # × 0.00006 = 85.5 cents → 86 (even). Half-up would give 29; half-down 85.
    t = terms("prepay-3")
    assert quote(t.with_performance("0.00002")).lines[0].variable == 28
    assert quote(t.with_performance("0.00006")).lines[0].variable == 86
