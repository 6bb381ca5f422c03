"""Goal seek: what makes an option cost what pay-as-you-go costs over the same months.

Two questions a founder asks of one option on one horizon:

- **what performance**: the uniform performance (the same in every quarter) at which it costs
  what pay-as-you-go costs, the quote's own :attr:`Quote.break_even_performance`;
- **which discount**: at the performance path given, the discount off the list price at which it
  costs what pay-as-you-go costs.

Both are solved exactly on the unrounded payout, as the break-even is. A prepaid quarter's base
is ``3 × rate × (1 − discount)`` (rule 1: the term's on-target total over its months, times
three) and it costs ``base × (fixed + min((1 − fixed) × performance, variable_max))`` (rules 2
and 3), so the option's total is ``3 × rate × (1 − discount) × Σ c_q`` with ``c_q`` that bracket,
against ``3 × rate × quarters`` for pay-as-you-go: they are equal at
``discount = 1 − quarters / Σ c_q``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from prepay_modeller.core.quote import quote
from prepay_modeller.core.terms import Terms


@dataclass(frozen=True)
class GoalSeek:
    """The answers for one option: ``performance`` (uniform break-even, None where even the
    caps keep it cheaper) and ``discount`` (the break-even discount at the path given; 0 or
    below means it costs less than pay-as-you-go even with no discount; None where it costs
    nothing at all), beside the option's own ``current_discount``."""

    option: str
    performance: float | None
    discount: float | None
    current_discount: float


def break_even_discount(terms: Terms) -> float | None:
    """The discount at which ``terms``'s option costs what pay-as-you-go costs at ``terms``'s
    performance path; None for pay-as-you-go and where the option would cost nothing."""
    if terms.option.is_payg:
        return None
    cost = Fraction(0)
    for split, performance in zip(terms.splits, terms.performance, strict=True):
        fixed = Fraction(split.fixed)
        cost += fixed + min((1 - fixed) * Fraction(performance), Fraction(split.variable_max))
    if cost == 0:
        return None
    return float(1 - Fraction(terms.quarters) / cost)


def goal_seek(terms: Terms) -> GoalSeek:
    """Both answers for ``terms``'s option."""
    return GoalSeek(
        terms.option.name,
        quote(terms).break_even_performance,
        break_even_discount(terms),
        float(terms.option.discount),
    )
