"""Checks of typed values the core is handed: numbers (never text), whole numbers, and values
given per quarter (one for every quarter, or one per quarter). Reading text is the input
layer's job (:mod:`prepay_modeller.inputs.numbers`); these only say what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from prepay_modeller.core.errors import InputError
from prepay_modeller.core.money import to_decimal
from prepay_modeller.core.terms import show


def number(field: str, value: object, allowed: str) -> Decimal:
    """``value`` as a finite Decimal (an int, float or Decimal; not text, not a bool)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        raise InputError(field, show(value), allowed, "is not a number")
    try:
        result = to_decimal(value)
    except (ArithmeticError, ValueError, TypeError):
        raise InputError(field, show(value), allowed, "is not a number") from None
    if not result.is_finite():
        raise InputError(field, show(value), allowed, "is not a finite number")
    return result


def whole(field: str, value: object, allowed: str) -> int:
    """``value`` as an int, where it is a whole number."""
    n = number(field, value, allowed)
    if n != n.to_integral_value():
        raise InputError(field, show(value), allowed, "is not a whole number")
    return int(n)


def values_of(value: object) -> list:
    """A per-quarter value as a list: a sequence as it is, anything else as one value."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    if hasattr(value, "tolist"):  # numpy arrays
        return list(value.tolist())
    return [value]


def per_quarter(
    name: str, value: object, quarters: int, check: Callable[[str, object], Decimal]
) -> tuple[Decimal, ...]:
    """One value for every quarter, or exactly one per quarter; named ``name_q<n>`` per
    quarter. ``check(field, value)`` validates each."""
    values = values_of(value)
    if len(values) == 1:
        return tuple([check(name, values[0])] * quarters)
    if len(values) != quarters:
        raise InputError(
            name,
            ",".join(show(v) for v in values),
            f"one value, or one per quarter of the horizon ({quarters})",
            f"has {len(values)} values",
        )
    return tuple(check(f"{name}_q{i}", v) for i, v in enumerate(values, start=1))
