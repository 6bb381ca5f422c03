"""The vectorised sweep gives exactly the one-scenario model's cents (DOMAIN.md rule 8).

The reference is :attr:`core.quote.Quote.lines` / :attr:`core.quote.Quote.totals`, called one
scenario at a time with the same performance as an exact Decimal.
"""

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prepay_modeller.core import sweep as sw
from prepay_modeller.core.quote import quote
from tests.strategies import terms as random_terms

MANY = settings()  # as many examples as the profile asks (tests/conftest.py)

# Micro-units up to 3.0, with extra weight on half-cent ties and cap knees.
micro = st.one_of(
    st.integers(min_value=0, max_value=3_000_000),
    st.sampled_from([0, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000]),
)


@MANY
@given(random_terms(), st.data())
def test_sweep_equals_one_scenario_cents(t, data):
    q = t.quarters
    paths = data.draw(st.lists(st.lists(micro, min_size=q, max_size=q), min_size=1, max_size=4))
    units = np.array(paths, dtype=np.int64)
    p = sw.plan(t)
    var = sw.variable_cents(p, units)
    tot = sw.total_cents(p, units)
    for row, path in enumerate(paths):
        one = t.with_performance([Decimal(k) / 10**6 for k in path])
        lines = quote(one).lines
        assert [int(v) for v in var[row]] == [x.variable for x in lines]
        expected = quote(one).totals["total"]
        assert Decimal(int(tot[row])) / 100 == expected


@MANY
@given(random_terms())
def test_sweep_of_a_terms_own_path_matches_totals(t):
    # Performances with up to 5 decimals (the strategy's): read exactly, not quantised.
    units, scale = sw.units_of(t)
    tot = sw.total_cents(sw.plan(t), units, scale)
    assert Decimal(int(tot[0])) / 100 == quote(t).totals["total"]


def test_half_cent_ties_round_to_even(terms):
    # Hand-worked: prepay-12 at $50,000.01: 50,000.01 × 12 × 0.8 = 480,000.096 -> 48,000,010
    # cents; quarter bases 12,000,002.5 each -> 12,000,003, 12,000,003, 12,000,002,
    # 12,000,002 (largest remainder, ties to the earlier quarter); Q2 at 60 % fixed:
    # 7,200,001.8 / 4,800,001.2 -> fixed 7,200,002, target 4,800,001 cents. At performance 0.5
    # the exact variable is 2,400,000.5 cents -> 2,400,000 (even); at 1.5 it is 7,200,001.5
    # -> 7,200,002 (even).
    t = terms("prepay-12", rate="50000.01")
    p = sw.plan(t)
    assert int(p.target[1]) == 4_800_001
    var = sw.variable_cents(p, np.array([[500_000] * 4, [1_500_000] * 4]))
    assert int(var[0, 1]) == 2_400_000
    assert int(var[1, 1]) == 7_200_002
    for row, perf in enumerate(["0.5", "1.5"]):
        lines = quote(t.with_performance(perf)).lines
        assert [int(v) for v in var[row]] == [x.variable for x in lines]


def test_caps_hold_for_huge_performance(terms):
    # Far above the cap knee (2.0 with the article's split): every quarter pays its cap.
    t = terms("prepay-12")
    p = sw.plan(t)
    var = sw.variable_cents(p, np.array([[10**15] * 4]))
    assert list(var[0]) == list(p.cap)


def test_large_rate_takes_the_integer_path(terms):
    # The largest rate ($1,000,000 a month) with performance to nine places: caps of ~1.4e8
    # cents times a scale of 1e9 are past the float64 fast path, inside int64.
    t = terms("prepay-12", rate="1000000")
    p = sw.plan(t)
    units = np.array([[2_999_999_999, 7, 10**9, 1_234_567_891], [500_000_001, 15 * 10**8, 3, 9]])
    var = sw.variable_cents(p, units, 10**9)
    assert var.dtype == np.int64
    for row in range(2):
        one = t.with_performance([Decimal(int(k)) / 10**9 for k in units[row]])
        assert [int(v) for v in var[row]] == [x.variable for x in quote(one).lines]


def test_huge_products_fall_back_to_exact_integers(terms):
    # The largest rate ($1,000,000) and variable cap (300 %) with performance given to 18
    # places: target × units passes int64 and the sweep falls back to Python integers.
    t = terms("prepay-12", rate="1000000", fixed=0, variable_max=3)
    perf = [Decimal("2.999999999999999999"), Decimal("0.000000000000000007"), 1, 9]
    units, scale = sw.exact_units(perf)
    assert units.dtype == object and scale == 10**18
    var = sw.variable_cents(sw.plan(t), units.reshape(1, -1), scale)
    one = t.with_performance([Decimal(p) for p in perf])
    assert [int(v) for v in var[0]] == [x.variable for x in quote(one).lines]


def test_uniform_paths_broadcast_to_every_quarter(terms):
    t = terms("prepay-12")
    p = sw.plan(t)
    flat = sw.total_cents(p, np.array([1_625_000]))
    full = sw.total_cents(p, np.array([[1_625_000] * 4]))
    # DOMAIN.md: prepay-12 costs what 12 months of pay-as-you-go cost at 1.625.
    assert int(flat[0]) == int(full[0]) == 600_000_00


def test_sweep_covers_every_fitting_option_on_the_same_paths(terms):
    t = terms("prepay-12", horizon=12)
    out = sw.sweep(t, np.array([[1_000_000] * 4, [0] * 4]))
    assert list(out) == ["payg", "prepay-3", "prepay-6", "prepay-12"]
    # The article's table, on target, over 12 months: 600,000 / 570,000 / 540,000 / 480,000.
    assert [int(o.total[0]) for o in out.values()] == [
        600_000_00,
        570_000_00,
        540_000_00,
        480_000_00,
    ]
    assert int(out["prepay-12"].total[1]) == 288_000_00  # the fixed part alone
    assert all(o.payg_total == 600_000_00 for o in out.values())


def test_wrong_path_width_is_refused(terms):
    p = sw.plan(terms("prepay-12"))
    with pytest.raises(ValueError, match="one column per quarter"):
        sw.variable_cents(p, np.zeros((2, 3), dtype=np.int64))
