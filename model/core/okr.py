"""Quarter performance from key-result scores (DOMAIN.md rule 7).

A milestone scores its fraction done (0–1). A numeric key result scores ``actual / target``, or
``target / actual`` where lower is better (customer acquisition cost), never below 0. A key result
stated against the previous quarter (the template's optional ``vs_previous`` factor: "CAC 10 %
under the previous quarter" is 0.9) takes its target from the previous quarter's *actual* for the
same key result, where the plan has one (else the template's target, an illustration). A
quarter's performance is the weighted sum of its key results' scores. The template (the
article's, from ``data/okr_template.csv``) is handed in by the input layer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from prepay_modeller.core.errors import InputError
from prepay_modeller.core.money import dollars, to_decimal
from prepay_modeller.core.quote import Quote, variable_cents
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


def _factor(row) -> float | None:
    """A key result's ``vs_previous`` factor, or None where its target stands on its own."""
    value = getattr(row, "vs_previous", None)
    return None if value is None or value != value else float(value)


def target_of(factor: float | Fraction | None, previous, target):
    """The target a key result is scored against: ``factor`` times the previous quarter's
    actual where it is stated against it (and that actual is known), else its own."""
    return factor * previous if factor and previous else target


def key_result_score(kind: str, direction: str, actual: Fraction, target: Fraction) -> Fraction:
    """One key result's score, exactly: a milestone's fraction done; a numeric key result's
    ``actual / target`` (``target / actual`` where lower is better), never below 0. The caller
    has checked the values (a milestone within 0–1, no zero actual where lower is better)."""
    if kind == "milestone":
        return actual
    if direction == "lower":
        return max(Fraction(0), target / actual)
    return max(Fraction(0), actual / target)


def score_key_results(plan: pd.DataFrame) -> pd.DataFrame:
    """Add each key result's ``target_used`` and ``score``; ``actual`` is the fraction done or the
    measured value.

    A key result with a ``vs_previous`` factor is scored against that factor times the previous
    quarter's actual of the same key result (rows are read in quarter order). Raises
    :class:`InputError` naming the key result (``actual_q<quarter>_kr<n>``) for a milestone
    outside 0–1, a negative actual, or a zero actual where lower is better.
    """
    scored = plan.copy()
    scores, targets = [], []
    seen: dict[int, int] = {}
    actuals: dict[tuple[int, str], float] = {}
    for row in scored.itertuples(index=False):
        kr = seen[row.quarter] = seen.get(row.quarter, 0) + 1
        field = f"actual_q{row.quarter}_kr{kr}"
        if row.kind == "milestone":
            done = _number(field, row.actual, "a fraction done from 0 to 1")
            if not 0 <= done <= 1:
                raise InputError(field, row.actual, "a fraction done from 0 to 1", "is outside 0–1")
            scores.append(done)
            targets.append(1.0)
            continue
        actual = _number(field, row.actual, "0 or more")
        if actual < 0:
            raise InputError(field, row.actual, "0 or more", "is below 0")
        factor, previous = _factor(row), actuals.get((row.quarter - 1, row.key_result))
        target = target_of(factor, previous, float(row.target))
        actuals[(row.quarter, row.key_result)] = actual
        targets.append(target)
        if row.direction == "lower" and actual == 0:
            raise InputError(field, row.actual, "more than 0", "cannot score where lower is better")
        # Exact on the floats' own values, then rounded once: the same float as a / b.
        exact = key_result_score("numeric", row.direction, Fraction(actual), Fraction(target))
        scores.append(float(exact))
    scored["target_used"] = targets
    scored["score"] = scores
    return scored


def actuals_at(plan: pd.DataFrame, performance: dict[int, float]) -> pd.DataFrame:
    """The plan with each key result's ``actual`` set so that it scores its quarter's
    ``performance`` (quarter → fraction; milestones at most 1, all done): what a uniform or
    per-quarter performance means in key results. A key result stated against the previous
    quarter takes its target from the previous quarter's actual set here."""
    out = plan.copy()
    actuals: dict[tuple[int, str], float] = {}
    values = []
    for row in out.itertuples(index=False):
        p = float(performance.get(int(row.quarter), 1.0))
        if row.kind == "milestone":
            values.append(min(1.0, p))
            continue
        factor, previous = _factor(row), actuals.get((row.quarter - 1, row.key_result))
        target = factor * previous if factor and previous else float(row.target)
        actual = (target / p if p else target) if row.direction == "lower" else target * p
        actuals[(row.quarter, row.key_result)] = actual
        values.append(actual)
    out["actual"] = values
    return out


def quarter_performance(plan: pd.DataFrame) -> pd.Series:
    """Each quarter's performance: the weighted sum of its key results' scores.

    Returns a Series indexed by quarter, rounded to 6 places (a millionth of performance is
    far below a cent of variable pay on any realistic rate).
    """
    scored = plan if "score" in plan else score_key_results(plan)
    perf = (scored["weight"] * scored["score"]).groupby(scored["quarter"]).sum()
    return perf.round(6).rename("performance")


# --- what the plan lets a quarter earn ---------------------------------------------------------


def plan_quarter(template: pd.DataFrame, quarter: int) -> int:
    """The template quarter whose key results engagement quarter ``quarter`` follows: its own,
    or the template's last for quarters past it (as the split's last row)."""
    return min(int(quarter), int(template["quarter"].max()))


def max_performance(template: pd.DataFrame) -> dict[int, Decimal | None]:
    """Per quarter of the template, the highest performance its key results can score.

    A milestone scores at most 1 (all done), so a quarter of milestones tops out at the sum of
    their weights (the article's Q1: 100 %); a numeric key result has no upper bound, so a
    quarter with one has none (``None``).
    """
    out: dict[int, Decimal | None] = {}
    for quarter, part in template.groupby("quarter", sort=True):
        if (part["kind"] != "milestone").any():
            out[int(quarter)] = None
        else:
            out[int(quarter)] = to_decimal(round(float(part["weight"].sum()), 6))
    return out


REACHABLE_COLUMNS = [
    "quarter",
    "max_performance",
    "expected_performance",
    "variable_max",
    "reachable_variable",
    "quarter_max",
    "reachable_max",
    "below_cap",
    "expected_above",
]


def reachable(quote: Quote, template: pd.DataFrame) -> pd.DataFrame:
    """Per quarter of ``quote``, the most it can cost when its performance comes from the OKR
    template's key results (DOMAIN.md rule 7: say so wherever Q1 is shown).

    Columns: ``quarter``, ``max_performance`` (float, or None where the plan sets no upper
    bound), ``expected_performance``, ``variable_max`` (the variable cap), ``reachable_variable``
    (the most the variable part can pay under the plan), ``quarter_max`` (fixed + the variable
    cap), ``reachable_max`` (fixed + the reachable variable), ``below_cap`` (the plan cannot
    earn the whole variable range) and ``expected_above`` (the expected performance is above
    what the plan can score). Money in Decimal dollars.
    """
    maxes = max_performance(template)
    rows = []
    for line in quote.lines:
        top = maxes[plan_quarter(template, line.quarter)]
        reach = (
            line.variable_cap
            if top is None
            else variable_cents(line.variable_target, line.variable_cap, top)
        )
        rows.append(
            {
                "quarter": line.quarter,
                "max_performance": None if top is None else float(top),
                "expected_performance": float(line.performance),
                "variable_max": dollars(line.variable_cap),
                "reachable_variable": dollars(reach),
                "quarter_max": dollars(line.quarter_max),
                "reachable_max": dollars(line.fixed + reach),
                "below_cap": reach < line.variable_cap,
                "expected_above": top is not None and line.performance > top,
            }
        )
    return pd.DataFrame(rows, columns=REACHABLE_COLUMNS)


@dataclass(frozen=True)
class Exposure:
    """The most a quote can cost (DOMAIN.md rule 10), by the contract and under the OKR plan."""

    contract: Decimal  # every quarter at its quarter maximum: fixed + variable cap
    in_practice: Decimal  # each variable part at most what its key results can score
    short: tuple[int, ...]  # the quarters whose key results cannot reach their variable cap

    @property
    def differs(self) -> bool:
        return self.in_practice != self.contract


def exposure(quote: Quote, template: pd.DataFrame) -> Exposure:
    """The contract's exposure of ``quote`` and what its key results can reach: the figure a
    document states as "the most it can cost", with the reachable maximum beside it where a
    quarter's key results cannot reach its cap (the article's Q1 tops out at 100 %)."""
    frame = reachable(quote, template)
    return Exposure(
        contract=quote.max_total,
        in_practice=sum(frame["reachable_max"], Decimal("0.00")),
        short=tuple(int(q) for q in frame.loc[frame["below_cap"], "quarter"]),
    )
