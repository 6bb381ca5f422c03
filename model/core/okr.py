"""Quarter performance from key-result scores (DOMAIN.md rule 7).

A milestone scores its fraction done (0–1). A numeric key result scores ``actual / target``, or
``target / actual`` where lower is better (customer acquisition cost), never below 0. A quarter's
performance is the weighted sum of its key results' scores. The template (the article's, from
``data/okr_template.csv``) is handed in by the input layer.
"""

from __future__ import annotations

import math

import pandas as pd

from prepay_modeller.core.errors import InputError
from prepay_modeller.core.terms import show


def okr_plan(template: pd.DataFrame) -> pd.DataFrame:
    """The OKR template with an ``actual`` column set on target (the template's own target)."""
    plan = template.copy()
    plan["actual"] = plan["target"].where(plan["kind"] == "numeric", 1.0)
    return plan


def _number(field: str, value: object, allowed: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(field, show(value), allowed, "is not a number") from None
    if not math.isfinite(number):
        raise InputError(field, show(value), allowed, "is not a finite number")
    return number


def score_key_results(plan: pd.DataFrame) -> pd.DataFrame:
    """Add each key result's ``score``; ``actual`` is the fraction done or the measured value.

    Raises :class:`InputError` naming the key result (``actual_q<quarter>_kr<n>``) for a
    milestone outside 0–1, a negative actual, or a zero actual where lower is better.
    """
    scored = plan.copy()
    scores = []
    seen: dict[int, int] = {}
    for row in scored.itertuples(index=False):
        kr = seen[row.quarter] = seen.get(row.quarter, 0) + 1
        field = f"actual_q{row.quarter}_kr{kr}"
        if row.kind == "milestone":
            done = _number(field, row.actual, "a fraction done from 0 to 1")
            if not 0 <= done <= 1:
                raise InputError(field, row.actual, "a fraction done from 0 to 1", "is outside 0–1")
            scores.append(done)
            continue
        actual = _number(field, row.actual, "0 or more")
        if actual < 0:
            raise InputError(field, row.actual, "0 or more", "is below 0")
        if row.direction == "lower":
            if actual == 0:
                raise InputError(
                    field, row.actual, "more than 0", "cannot score where lower is better"
                )
            scores.append(max(0.0, float(row.target) / actual))
        else:
            scores.append(max(0.0, actual / float(row.target)))
    scored["score"] = scores
    return scored


def quarter_performance(plan: pd.DataFrame) -> pd.Series:
    """Each quarter's performance: the weighted sum of its key results' scores.

    Returns a Series indexed by quarter, rounded to 6 places (a millionth of performance is
    far below a cent of variable pay on any realistic rate).
    """
    scored = plan if "score" in plan else score_key_results(plan)
    perf = (scored["weight"] * scored["score"]).groupby(scored["quarter"]).sum()
    return perf.round(6).rename("performance")
