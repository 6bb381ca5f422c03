"""Monte Carlo against exact answers: a degenerate range is the one-path result, a uniform and a
triangular range have known means, and bad ranges, probabilities and draw counts are named."""

import math
from decimal import Decimal

import numpy as np
import pytest

from prepay_modeller.core import timevalue
from prepay_modeller.core import uncertainty as mc
from prepay_modeller.core.errors import InputError
from prepay_modeller.core.quote import quote
from prepay_modeller.inputs.defaults import okr_template

TEMPLATE = okr_template()


def test_a_degenerate_range_is_the_one_path_result(terms):
    t = terms("prepay-12", horizon=12)
    path = [0.8, 1.5, 1.1, 0.95]
    result = mc.montecarlo(t, path, path, path, draws=500, seed=3, discount_rate=0.08)
    table = mc.summary(result).set_index("option")
    for option in result.options:
        one = t.with_option(option).with_performance(path)
        total = quote(one).totals["total"]
        for col in ("mean_total", "p10_total", "p50_total", "p90_total"):
            assert table.loc[option, col] == total
        npv = timevalue.npv(one, 0.08)
        for col in ("p10_npv", "p50_npv", "p90_npv"):
            assert abs(table.loc[option, col] - npv) <= Decimal("0.01")
    # prepay-12 at this path: fixed 288,000 + 9,600 + 72,000 + 66,000 + 68,400 = 504,000.
    assert table.loc["prepay-12", "mean_total"] == Decimal("504000.00")
    assert table.loc["prepay-12", "prob_beats_payg"] == 1.0
    assert math.isnan(table.loc["payg", "prob_beats_payg"])


# prepay-12 over 12 months: fixed $288,000, on-target variable $12,000 / $48,000 / $60,000 /
# $72,000 (DOMAIN.md); every quarter is capped only above performance 2.0, so below it the total
# is 288,000 + Σ target_q × p_q and its mean is 288,000 + 192,000 × E[p] (rounding to the cent
# is half-to-even, unbiased to far below the tolerance). With p_q independent of variance σ²,
# the total's standard deviation is σ × √(12² + 48² + 60² + 72²) thousand = σ × 105,980.
TARGETS_SS = math.sqrt(12_000**2 + 48_000**2 + 60_000**2 + 72_000**2)
DRAWS = 200_000


def test_a_uniform_range_has_the_known_mean(terms):
    # Uniform on [0.5, 1.5]: mean 1.0, variance 1/12 -> expected mean total $480,000; the
    # standard error over 200,000 draws is 105,980 × √(1/12) / √200,000 ≈ $68; allow 5 of them.
    result = mc.montecarlo(terms("prepay-12"), 0.5, None, 1.5, draws=DRAWS, shape="uniform")
    mean = float(mc.summary(result).set_index("option").loc["prepay-12", "mean_total"])
    se = TARGETS_SS * math.sqrt(1 / 12) / math.sqrt(DRAWS)
    assert abs(mean - 480_000) < 5 * se
    assert result.performance.min() >= 0.5 and result.performance.max() <= 1.5


def test_a_triangular_range_has_the_known_mean(terms):
    # Triangular (0.4, 1.0, 1.9): mean (a + b + c) / 3 = 1.1 -> 288,000 + 192,000 × 1.1 =
    # $499,200; variance (a² + b² + c² − ab − ac − bc) / 18 = 0.095 (hand-worked).
    result = mc.montecarlo(terms("prepay-12"), 0.4, 1.0, 1.9, draws=DRAWS, seed=11)
    mean = float(mc.summary(result).set_index("option").loc["prepay-12", "mean_total"])
    se = TARGETS_SS * math.sqrt(0.095) / math.sqrt(DRAWS)
    assert abs(mean - 499_200) < 5 * se
    # The draws' own mode sits at 1.0: more of them within 0.1 of it than within 0.1 of 1.8.
    perf = result.performance[:, 0]
    assert ((abs(perf - 1.0) < 0.1).sum()) > 3 * ((abs(perf - 1.8) < 0.1).sum())


def test_same_seed_same_result_other_seed_other_draws(terms):
    t = terms("prepay-6", horizon=12)
    a = mc.montecarlo(t, 0.5, 1.0, 1.5, draws=1000, seed=7)
    b = mc.montecarlo(t, 0.5, 1.0, 1.5, draws=1000, seed=7)
    c = mc.montecarlo(t, 0.5, 1.0, 1.5, draws=1000, seed=8)
    assert np.array_equal(a.totals["prepay-6"], b.totals["prepay-6"])
    assert not np.array_equal(a.totals["prepay-6"], c.totals["prepay-6"])


def test_each_draw_is_the_one_scenario_cents(terms):
    t = terms("prepay-12")
    result = mc.montecarlo(t, [0, 0.5, 1, 1.5], [1, 1, 1.2, 2], [2, 3, 2.5, 3], draws=50, seed=5)
    for i in range(0, 50, 7):
        path = [Decimal(int(round(p * 10**6))) / 10**6 for p in result.performance[i]]
        total = quote(t.with_performance(path)).totals["total"]
        assert Decimal(int(result.totals["prepay-12"][i])) / 100 == total


def test_prob_beats_payg_with_a_known_answer(terms):
    # prepay-12 costs more than payg above the break-even 1.625 (DOMAIN.md). With every
    # quarter uniform on [1.5, 1.75], prepay-12 beats payg exactly when the target-weighted mean
    # performance is below 1.625, i.e. (by symmetry of the uniform) half the time.
    result = mc.montecarlo(terms("prepay-12"), 1.5, None, 1.75, draws=40_000, shape="uniform")
    prob = mc.summary(result).set_index("option").loc["prepay-12", "prob_beats_payg"]
    assert prob == pytest.approx(0.5, abs=5 * 0.5 / math.sqrt(40_000))


def test_okr_probabilities_all_or_nothing(terms):
    t = terms("prepay-12")
    every = mc.summary(mc.montecarlo_okr(t, 1, TEMPLATE, draws=100)).set_index("option")
    none = mc.summary(mc.montecarlo_okr(t, 0, TEMPLATE, draws=100)).set_index("option")
    assert every.loc["prepay-12", "p10_total"] == Decimal("480000.00")  # on target
    assert none.loc["prepay-12", "p90_total"] == Decimal("288000.00")  # fixed only


def test_okr_probability_mean(terms):
    # Each key result hit with probability 0.7: E[performance] = 0.7 in every quarter, so the
    # mean total is 288,000 + 192,000 × 0.7 = $422,400. Q1's 10 results of 10 % give variance
    # 0.7 × 0.3 / 10, the others' 5 results of 20 % give 0.7 × 0.3 / 5.
    result = mc.montecarlo_okr(terms("prepay-12"), 0.7, TEMPLATE, draws=DRAWS, seed=2)
    mean = float(mc.summary(result).set_index("option").loc["prepay-12", "mean_total"])
    var = 12_000**2 * 0.021 + (48_000**2 + 60_000**2 + 72_000**2) * 0.042
    assert abs(mean - 422_400) < 5 * math.sqrt(var / DRAWS)


def test_summary_columns_are_the_shared_contract(terms):
    table = mc.summary(mc.montecarlo(terms("prepay-12"), 0.5, 1, 1.5, draws=10))
    assert list(table.columns[:9]) == [
        "option",
        "mean_total",
        "p10_total",
        "p50_total",
        "p90_total",
        "p10_npv",
        "p50_npv",
        "p90_npv",
        "prob_beats_payg",
    ]
    assert table["p10_npv"].isna().all()  # no discount rate given


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"low": 1.2, "likely": 1.2, "high": 0.8},
            "low: 1.2 is above the highest performance (allowed: at most the highest performance, "
            "80%)",
        ),
        (
            {"low": [0.5, 1.2, 0.5, 0.5], "likely": 1, "high": [1, 1.1, 1, 1]},
            "low_q2: 1.2 is above the highest performance (allowed: at most the highest "
            "performance, 110%)",
        ),
        (
            {"low": 0.5, "likely": 2, "high": 1.5},
            "likely: 2 is outside the range (allowed: from the lowest performance, 50%, to the "
            "highest, 150%)",
        ),
        ({"low": -0.1, "high": 1}, "low: -0.1 is less than 0%"),
        ({"low": 0.5, "high": 1, "draws": 0}, "draws: 0 is less than 1"),
        ({"low": 0.5, "high": 1, "draws": 10_000_000}, "draws: 10000000 is more than 5,000,000"),
        ({"low": 0.5, "high": 1, "draws": 2.5}, "draws: 2.5 is not a whole number"),
        ({"low": 0.5, "high": 1, "discount_rate": -1}, "discount_rate: -1 is -100% or less"),
        ({"low": 0.5, "high": 1, "seed": -3}, "seed: -3 is less than 0"),
    ],
)
def test_bad_ranges_are_named(terms, kwargs, message):
    with pytest.raises(InputError) as err:
        mc.montecarlo(terms("prepay-12"), **kwargs)
    assert str(err.value).startswith(message)


@pytest.mark.parametrize(
    "value, message",
    [
        (1.2, "hit_probability: 1.2 is more than 100% (allowed: from 0% to 100%, as 0.7 or 70%"),
        (-0.05, "hit_probability: -0.05 is less than 0%"),
        ([0.5, 0.5], "hit_probability: 0.5,0.5 has 2 values (allowed: one probability, or one"),
    ],
)
def test_bad_probabilities_are_named(terms, value, message):
    with pytest.raises(InputError) as err:
        mc.montecarlo_okr(terms("prepay-12"), value, TEMPLATE)
    assert str(err.value).startswith(message)


def test_one_bad_probability_among_many_is_named_by_position(terms):
    probs = [0.5] * 25
    probs[11] = 2
    with pytest.raises(InputError, match=r"^hit_probability_12: 2 is more than 100%"):
        mc.montecarlo_okr(terms("prepay-12"), probs, TEMPLATE)
