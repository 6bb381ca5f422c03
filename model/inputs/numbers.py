"""Reading values people type: numbers, percentages, money, whole numbers, dates and lists.

One way to read a value, shared by the command line, CSV cells, scenario files and the app's
boxes. A problem is an :class:`InputError` naming the field, the value as typed and what is
allowed; ranges are the core's to check (:mod:`prepay_modeller.core.terms`), this module only
turns text into typed values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.core.money import to_decimal
from prepay_modeller.core.terms import show

DATE_ALLOWED = "a date as YYYY-MM-DD"


def parse_number(field: str, value: object, allowed: str) -> Decimal:
    """A number from a number or text; ``125%`` means 1.25."""
    if isinstance(value, bool) or value is None:
        raise InputError(field, show(value), allowed, "is not a number")
    try:
        if isinstance(value, str) and value.strip().endswith("%"):
            number = to_decimal(value.strip()[:-1]) / 100
        else:
            number = to_decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        raise InputError(field, show(value), allowed, "is not a number") from None
    if not number.is_finite():
        raise InputError(field, show(value), allowed, "is not a finite number")
    return number


def parse_money(field: str, value: object, allowed: str) -> Decimal:
    """Dollars from a number or text; people type money as "$50,000": the separators and the
    dollar sign carry no meaning here."""
    text = value.replace(",", "").replace("$", "") if isinstance(value, str) else value
    try:
        return parse_number(field, text, allowed)
    except InputError:
        raise InputError(field, show(value), allowed, "is not a number") from None


def parse_int(field: str, value: object, allowed: str) -> int:
    """A whole number from a number or text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = parse_number(field, value, allowed)
    if number != number.to_integral_value():
        raise InputError(field, show(value), allowed, "is not a whole number")
    return int(number)


def parse_date(field: str, value: object) -> dt.date:
    """A date from a date, a datetime or ``YYYY-MM-DD`` text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(field, show(value), DATE_ALLOWED, "is not a date") from None


def split_list(value: object) -> list:
    """A value given per quarter as a list: ``"0.8,1.5"``, ``[0.8, 1.5]`` or one value."""
    if isinstance(value, str):
        return value.split(",")
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def parse_list(
    field: str, value: object, allowed: str, parse=parse_number
) -> tuple[list[Decimal], bool]:
    """Every value of a per-quarter field, and whether one value was given for all quarters.

    Each value is named ``field_q<n>`` in errors when several are given; every bad one is
    listed at once.
    """
    items = split_list(value)
    single = len(items) == 1
    out, problems = [], []
    for i, item in enumerate(items, start=1):
        try:
            out.append(parse(field if single else f"{field}_q{i}", item, allowed))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems=problems)
    return out, single


def collect(problems: list[Problem], read, *args):
    """``read(*args)``, with an :class:`InputError`'s problems added to ``problems`` (and None
    returned) instead of raised: so that one call can name every bad value."""
    try:
        return read(*args)
    except InputError as exc:
        problems.extend(exc.problems)
        return None


# --- values of the commands and files beyond one scenario's terms --------------------------


def discount_rate(value: object, field: str = "discount_rate") -> float:
    """An annual discount rate typed as ``0.08`` or ``8%``, checked by the core."""
    from prepay_modeller.core.timevalue import RATE_ALLOWED
    from prepay_modeller.core.timevalue import discount_rate as check

    rate = parse_number(field, value, RATE_ALLOWED)
    try:
        return check(rate, field)
    except InputError as exc:
        p = exc.problems[0]
        raise InputError(field, show(value), p.allowed, p.problem) from None


def per_quarter_values(field: str, value: object, allowed: str) -> list[Decimal] | Decimal:
    """A value given per quarter (``0.6``, ``"60%"``, ``"0.6,0.8"``, ``[0.6, 0.8]``): one
    Decimal, or a list of them, for the core to lay out and check."""
    numbers, single = parse_list(field, value, allowed)
    return numbers[0] if single else numbers


def whole_number(field: str, value: object, allowed: str) -> int:
    return parse_int(field, value, allowed)


def checked(field: str, typed: object, allowed: str, check, parse=parse_int):
    """``typed`` read with ``parse``, then ``check`` ed by the core; a problem shows the value as
    it was typed (``1e9``, not ``1000000000``)."""
    value = parse(field, typed, allowed)
    try:
        return check(value)
    except InputError as exc:
        raise InputError(
            problems=[
                Problem(p.field, show(typed), p.allowed, p.problem) if p.field == field else p
                for p in exc.problems
            ]
        ) from None
