"""Uncertainty: performance as ranges → Monte Carlo draws → each option's distribution of cost.

Two ways to say what is uncertain:

- :func:`montecarlo`: per quarter a range ``low / likely / high`` (a triangular distribution, or
  uniform between low and high), as fractions with 1.0 = on target;
- :func:`montecarlo_okr`: per key result of the OKR template a probability of being hit; a hit
  key result scores 1 and a missed one 0, so a quarter's performance is the weight of its hits.

Every option fitting the horizon is evaluated on the *same* draws (common random numbers), so
"prepaying beats pay-as-you-go" is compared path by path. Draws come from a seeded
``numpy.random.Generator`` (PCG64): the same seed gives the same result. Each drawn performance
is rounded to a millionth (:data:`core.sweep.MICRO`), after which the cents are exactly the
one-scenario model's (:mod:`core.sweep`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
import pandas as pd

from prepay_modeller.core import fields
from prepay_modeller.core import sweep as sw
from prepay_modeller.core.errors import InputError
from prepay_modeller.core.terms import Terms, show
from prepay_modeller.core.values import number, per_quarter, values_of, whole

MAX_DRAWS = fields.MAX_DRAWS
DRAWS_ALLOWED = fields.DRAWS.allowed
SHAPES = ("triangular", "uniform")


@dataclass(frozen=True)
class MonteCarloResult:
    """The draws and every fitting option's results on them.

    ``performance`` is ``(draws, quarters)`` floats (each a whole number of millionths);
    ``totals`` maps option → int64 cents per draw; ``npv`` maps option → float dollars per draw
    (negative = cost) when a discount rate was given, else ``None``.
    """

    terms: Terms
    options: tuple[str, ...]
    performance: np.ndarray
    totals: dict[str, np.ndarray]
    npv: dict[str, np.ndarray] | None
    payg_total: int
    discount_rate: float | None
    seed: int
    draws: int
    shape: str

    def beats_payg(self, option: str) -> np.ndarray:
        """Per draw: does ``option`` cost strictly less than pay-as-you-go (nominal)?"""
        return self.totals[option] < self.payg_total


# --- validation ----------------------------------------------------------------------------


MAX_SEED = fields.MAX_SEED
SEED_ALLOWED = fields.SEED.allowed


def _checked(field: fields.Field, value: object, name: str | None = None):
    """``value`` as ``field``'s: a whole number or a number, within its bounds."""
    name = name or field.name
    if field.kind == fields.WHOLE:
        return field.check(whole(name, value, field), name, show(value))
    return field.check(number(name, value, field), name, show(value))


def check_draws(draws: object) -> int:
    return _checked(fields.DRAWS, draws)


def check_seed(seed: object) -> int:
    return _checked(fields.SEED, seed)


def _level(field: str, value: object) -> Decimal:
    """A range's end: what a person types stops at 300 % (the reader checks it), but a range
    the model draws around a performance (a report's spread: 1.4 × 250 %) may pass it."""
    return _checked(fields.MODEL_PERFORMANCE, value, field)


def check_ranges(terms: Terms, low, likely, high) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-quarter ``low ≤ likely ≤ high`` as float arrays; ``likely`` defaults to the middle."""
    q = terms.quarters
    lo = np.array([float(v) for v in per_quarter("low", low, q, _level)])
    hi = np.array([float(v) for v in per_quarter("high", high, q, _level)])
    if likely is None:
        mid = (lo + hi) / 2
    else:
        mid = np.array([float(v) for v in per_quarter("likely", likely, q, _level)])
    # Ranges given as one value for every quarter are named without a quarter.
    single = all(len(values_of(v)) == 1 for v in (low, likely, high) if v is not None)
    for i in range(q):
        name = "" if q == 1 or single else f"_q{i + 1}"
        low_high = (("low", _share(lo[i])), ("high", _share(hi[i])))
        if lo[i] > hi[i]:
            raise InputError(
                f"low{name}", f"{lo[i]:g}", fields.N_("at most the highest performance, {high}"),
                fields.N_("is above the highest performance"), params=low_high, unit="share",
            )  # fmt: skip
        if not lo[i] <= mid[i] <= hi[i]:
            raise InputError(
                f"likely{name}", f"{mid[i]:g}",
                fields.N_("from the lowest performance, {low}, to the highest, {high}"),
                fields.N_("is outside the range"), params=low_high, unit="share",
            )  # fmt: skip
    return lo, mid, hi


def _share(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def _probability(field: str, value: object) -> Decimal:
    return _checked(fields.HIT_PROBABILITY, value, field)


SPREAD_ALLOWED = fields.SPREAD.allowed


def check_spread(spread: object) -> float:
    return float(_checked(fields.SPREAD, spread))


def ranges_from_spread(performance, spread: object) -> tuple[list, list, list]:
    """``(low, likely, high)`` per quarter around an expected ``performance`` path: from
    (1 − spread)× to (1 + spread)× of it, most often near it (a proposal's "performance is never
    certain")."""
    s = check_spread(spread)
    likely = [float(p) for p in performance]
    return [p * (1 - s) for p in likely], likely, [p * (1 + s) for p in likely]


# --- drawing -------------------------------------------------------------------------------


def draw_ranges(
    rng: np.random.Generator, lo, mid, hi, draws: int, shape: str = "triangular"
) -> np.ndarray:
    """``(draws, quarters)`` performances from per-quarter ranges, by inverse CDF.

    Inverse-CDF sampling (rather than ``Generator.triangular``) also allows degenerate ranges
    (low = high), which then give exactly that value.
    """
    u = rng.random((draws, len(lo)))
    width = hi - lo
    if shape == "uniform":
        return lo + u * width
    with np.errstate(divide="ignore", invalid="ignore"):
        cut = np.where(width > 0, (mid - lo) / width, 0.0)
        left = lo + np.sqrt(u * width * (mid - lo))
        right = hi - np.sqrt((1 - u) * width * (hi - mid))
    return np.where(u < cut, left, right)


def montecarlo(
    terms: Terms,
    low,
    likely=None,
    high=None,
    draws: object = 10_000,
    seed: object = 0,
    discount_rate: object | None = None,
    shape: str = "triangular",
) -> MonteCarloResult:
    """Monte Carlo over per-quarter performance ranges, every fitting option on the same draws.

    Parameters
    ----------
    terms : the scenario (rate, splits, horizon, start, payment terms; its option is ignored:
        every option that fits the horizon is evaluated).
    low, likely, high : one value for every quarter or one per quarter (1.0 = on target); a
        ``high`` of None means ``low`` (a point), a ``likely`` of None the middle.
    draws : how many performance paths, 1 to 5,000,000.
    seed : the generator's seed; the same seed gives the same draws.
    discount_rate : annual, for each draw's NPV (None: no NPV).
    shape : ``"triangular"`` (low / likely / high) or ``"uniform"`` (low to high).
    """
    if shape not in SHAPES:
        raise InputError("shape", show(shape), "one of " + ", ".join(SHAPES), "is not known")
    n = check_draws(draws)
    s = check_seed(seed)
    lo, mid, hi = check_ranges(terms, low, likely, high if high is not None else low)
    rng = np.random.default_rng(s)
    perf = draw_ranges(rng, lo, mid, hi, n, shape)
    return _evaluate(terms, perf, discount_rate, s, shape)


def okr_weights(terms: Terms, template: pd.DataFrame) -> list[list[float]]:
    """Per quarter of the horizon, the weights of its key results (quarters past the template's
    last use its last quarter, as the splits do)."""
    by_q = [list(map(float, g["weight"])) for _, g in template.groupby("quarter", sort=True)]
    return [by_q[min(q, len(by_q) - 1)] for q in range(terms.quarters)]


def montecarlo_okr(
    terms: Terms,
    hit_probability,
    template: pd.DataFrame,
    draws: object = 10_000,
    seed: object = 0,
    discount_rate: object | None = None,
) -> MonteCarloResult:
    """Monte Carlo over key results hit or missed.

    ``hit_probability`` is one probability for every key result, or one per key result of the
    horizon in template order (quarter by quarter), named ``hit_probability_<n>`` in errors. A
    hit scores 1, a miss 0; a quarter's performance is the sum of its hits' weights.
    """
    n = check_draws(draws)
    s = check_seed(seed)
    weights = okr_weights(terms, template)
    count = sum(len(w) for w in weights)
    values = values_of(hit_probability)
    if len(values) == 1:
        probs = [float(_probability("hit_probability", values[0]))] * count
    elif len(values) == count:
        probs = [
            float(_probability(f"hit_probability_{i}", v)) for i, v in enumerate(values, start=1)
        ]
    else:
        raise InputError(
            "hit_probability",
            ",".join(show(v) for v in values),
            f"one probability, or one per key result of the horizon ({count})",
            f"has {len(values)} values",
        )
    rng = np.random.default_rng(s)
    hits = rng.random((n, count)) < np.array(probs)
    flat_w = np.array([w for ws in weights for w in ws])
    quarter_of = np.repeat(np.arange(len(weights)), [len(w) for w in weights])
    perf = np.zeros((n, len(weights)))
    np.add.at(perf.T, quarter_of, (hits * flat_w).T)
    return _evaluate(terms, perf, discount_rate, s, "okr")


def _evaluate(terms: Terms, perf: np.ndarray, discount_rate, seed: int, shape: str):
    from prepay_modeller.core.timevalue import discount_rate as check_rate

    rate = None if discount_rate is None else check_rate(discount_rate)
    units = sw.units_from_fractions(perf)
    out = sw.sweep(terms, units, annual_rate=rate)
    payg = next(iter(out.values())).payg_total
    return MonteCarloResult(
        terms=terms,
        options=tuple(out),
        performance=units / sw.MICRO,
        totals={k: v.total for k, v in out.items()},
        npv=None if rate is None else {k: v.npv for k, v in out.items()},
        payg_total=payg,
        discount_rate=rate,
        seed=seed,
        draws=len(perf),
        shape=shape,
    )


# --- summaries -----------------------------------------------------------------------------


def _cents_to_dollars(cents) -> Decimal:
    return (Decimal(int(cents)) / 100).quantize(Decimal("0.01"))


def _mean_dollars(cents: np.ndarray) -> Decimal:
    # Exact: the sum of int64 cents (Python ints past int64), divided once and rounded once.
    total = int(cents.sum(dtype=object)) if len(cents) else 0
    mean = Decimal(total) / Decimal(len(cents)) / 100
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def _float_dollars(value: float) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def summary(result: MonteCarloResult) -> pd.DataFrame:
    """One row per option: how its cost is distributed over the draws.

    Columns: ``option, mean_total, p10_total, p50_total, p90_total`` (Decimal dollars; a
    percentile is a drawn total, numpy's ``inverted_cdf``), ``p10_npv, p50_npv, p90_npv``
    (Decimal dollars, negative = cost; None without a discount rate), ``prob_beats_payg`` (share
    of draws where the option costs strictly less than pay-as-you-go; NaN for pay-as-you-go
    itself), plus ``payg_total, mean_npv, prob_beats_payg_npv`` (in today's money) and
    ``draws``.
    """
    rows = []
    for name in result.options:
        cents = result.totals[name]
        p10, p50, p90 = np.percentile(cents, [10, 50, 90], method="inverted_cdf")
        row = {
            "option": name,
            "mean_total": _mean_dollars(cents),
            "p10_total": _cents_to_dollars(p10),
            "p50_total": _cents_to_dollars(p50),
            "p90_total": _cents_to_dollars(p90),
            "p10_npv": None,
            "p50_npv": None,
            "p90_npv": None,
            "prob_beats_payg": np.nan if name == "payg" else float(result.beats_payg(name).mean()),
            "payg_total": _cents_to_dollars(result.payg_total),
            "mean_npv": None,
            "prob_beats_payg_npv": np.nan,
            "draws": result.draws,
            "label": result.terms.catalog.option(name).display,
        }
        if result.npv is not None:
            values = result.npv[name]
            n10, n50, n90 = np.percentile(values, [10, 50, 90], method="inverted_cdf")
            row.update(
                p10_npv=_float_dollars(n10),
                p50_npv=_float_dollars(n50),
                p90_npv=_float_dollars(n90),
                mean_npv=_float_dollars(values.mean()),
            )
            if name != "payg" and "payg" in result.npv:
                # Higher NPV (less negative) is cheaper in today's money.
                row["prob_beats_payg_npv"] = float((values > result.npv["payg"]).mean())
        rows.append(row)
    return pd.DataFrame(rows)


def totals_frame(result: MonteCarloResult) -> pd.DataFrame:
    """The draws in long form: ``option, draw, total`` (float dollars, for plotting), ``npv``."""
    parts = []
    for name in result.options:
        part = pd.DataFrame(
            {
                "option": name,
                "draw": np.arange(result.draws),
                "total": result.totals[name] / 100.0,
            }
        )
        if result.npv is not None:
            part["npv"] = result.npv[name]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)
