"""How fast the vectorised sweep is against the one-scenario model, side by side in one run.

A scenario is one performance path (one value per quarter) for one option. The sweep evaluates
1,000,000 of them at once (``core.sweep.total_cents``, integer cents); the baseline calls the
one-scenario function (``Quote(terms.with_performance(path)).totals``) in a loop on a sample
and scales its time to 1,000,000. Both give the same cents (checked on the sample here, and on
hypothesis samples in tests/test_sweep.py). Goals: under 1 s for 1,000,000, over 1000× faster.

Run: .venv/bin/python bench/sweep.py [--scenarios N] [--sample N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from decimal import Decimal

import numpy as np

from prepay_modeller import make_terms
from prepay_modeller.core import sweep as sw
from prepay_modeller.core.quote import Quote


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    terms = make_terms(option="prepay-12", start="2027-01-01", horizon=12)
    rng = np.random.default_rng(0)
    units = sw.units_from_fractions(rng.uniform(0.0, 2.5, size=(args.scenarios, terms.quarters)))
    plan = sw.plan(terms)

    best, median = best_of(lambda: sw.total_cents(plan, units), args.repeat)
    every_best, _ = best_of(lambda: sw.sweep(terms, units), max(1, args.repeat // 2))
    npv_best, _ = best_of(lambda: sw.sweep(terms, units, annual_rate=0.1), 1)

    sample = units[: args.sample]
    paths = [[Decimal(int(k)) / 10**6 for k in row] for row in sample]
    start = time.perf_counter()
    loop = [Quote(terms.with_performance(p)).totals["total"] for p in paths]
    per_call = (time.perf_counter() - start) / len(paths)
    vector = sw.total_cents(plan, sample)
    assert [Decimal(int(c)) / 100 for c in vector] == loop, "sweep and loop disagree"

    scaled = per_call * args.scenarios
    n = f"{args.scenarios:,}"
    print(f"scenarios: {n} performance paths × 4 quarters, prepay-12, 12 months")
    print(f"sweep, one option:            {best:8.3f} s  (median {median:.3f} s)  goal < 1 s")
    print(f"sweep, all 4 options:         {every_best:8.3f} s  ({4 * args.scenarios:,} results)")
    print(f"sweep, all 4 options + NPV:   {npv_best:8.3f} s")
    print(
        f"loop of Quote.totals:          {per_call * 1e6:8.1f} µs per scenario on "
        f"{len(paths):,}, scaled to {n}: {scaled:,.0f} s"
    )
    print(f"ratio (loop / sweep):         {scaled / best:8,.0f}×  goal > 1000×")
    print(f"same cents on the {len(paths):,}-path sample: yes")


if __name__ == "__main__":
    main()
