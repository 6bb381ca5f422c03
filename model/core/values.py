"""Checks of typed values the core is handed: numbers (never text), whole numbers, and values
given per quarter (one for every quarter, or one per quarter). Reading text is the input
layer's job (:mod:`prepay_modeller.inputs.numbers`); these only say what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from prepay_modeller.core.errors import InputError
from prepay_modeller.core.fields import NOT_A_NUMBER, NOT_WHOLE, TOO_LARGE, Field, show
from prepay_modeller.core.money import to_decimal


def _refused(field: str, value: object, allowed, problem: str) -> InputError:
    """``allowed`` is the words of what is allowed, or the :class:`Field` declaring them."""
    if isinstance(allowed, Field):
        return InputError(problems=[allowed.problem(field, show(value), problem)])
    return InputError(field, show(value), allowed, problem)


def number(field: str, value: object, allowed: str | Field) -> Decimal:
    """``value`` as a finite Decimal (an int, float or Decimal; not text, not a bool)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        raise _refused(field, value, allowed, NOT_A_NUMBER)
    try:
        result = to_decimal(value)
    except (ArithmeticError, ValueError, TypeError):
        raise _refused(field, value, allowed, NOT_A_NUMBER) from None
    if not result.is_finite():
        raise _refused(field, value, allowed, NOT_A_NUMBER)
    return result


def whole(field: str, value: object, allowed: str | Field) -> int:
    """``value`` as an int, where it is a whole number."""
    n = number(field, value, allowed)
    if n != n.to_integral_value():
        raise _refused(field, value, allowed, NOT_WHOLE)
    if abs(n.adjusted()) > 15:
        raise _refused(field, value, allowed, TOO_LARGE)
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
