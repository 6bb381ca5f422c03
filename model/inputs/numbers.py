"""Reading values people type: numbers, percentages, money, whole numbers, dates and lists.

One way to read a value, shared by the command line, CSV cells, scenario files and the app's
boxes (``docs/command-line.md``, "Reading numbers", lists the rules):

- a share or a performance: ``70%``, ``70 %`` and ``0.7`` are 70 %; a bare number is a fraction,
  except in a box that shows "%" (the app's), where a bare ``70`` is 70 %; a bare performance
  above 10 (1000 %, far past every cap) is refused with "did you mean 70%?";
- money: ``40000``, ``40,000``, ``$40,000``, ``40k``, ``40 000`` are 40,000; ``1,5`` (a decimal
  comma) and ``125 %`` are refused, naming the field;
- whole numbers and dates as written (``1e3`` is a thousand; dates ``YYYY-MM-DD``).

Text is refused before any work when it is not plain ASCII digits (``١٢٣``, ``１２３``), holds a
control character, is longer than a number can sensibly be, or is not finite; a whole number
past :data:`MAX_WHOLE` is out of range without being built (``1e999999`` answers at once). A
problem is an :class:`InputError` naming the field, the value as typed and what is allowed;
the ranges of the model's values are the core's to check (:mod:`prepay_modeller.core.terms`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.core.money import to_decimal
from prepay_modeller.core.terms import show

DATE_ALLOWED = "a date as YYYY-MM-DD"
MAX_TEXT = 64  # characters: no number anyone types is longer
MAX_WHOLE = 10**15  # whole numbers beyond this are out of every range (and never built)
BARE_PERFORMANCE_MAX = 10  # a bare performance above this is surely a percent
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")  # space, no-break and thin spaces
_MULTIPLIERS = {"k": Decimal(1000), "m": Decimal(1_000_000)}


def _text(field: str, value: object, allowed: str) -> str:
    """``value`` as text fit to be read as a number, or an InputError."""
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise InputError(field, show(text[:20] + "…"), allowed, "is too long to be a number")
    if not text.isascii() or not text.isprintable():
        raise InputError(field, show(value), allowed, "is not a number")
    return text


def _decimal(field: str, text: str, allowed: str) -> Decimal:
    if not _NUMBER.match(text):
        raise InputError(field, show(text), allowed, "is not a number")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InputError(field, show(text), allowed, "is not a number") from None
    return number


def _given_number(field: str, value: object, allowed: str) -> Decimal:
    """A number given as a number (not text)."""
    try:
        number = to_decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        raise InputError(field, show(value), allowed, "is not a number") from None
    if not number.is_finite():
        raise InputError(field, show(value), allowed, "is not a finite number")
    return number


def parse_number(field: str, value: object, allowed: str, bare_percent: bool = False) -> Decimal:
    """A number from a number or text; ``125%`` (or ``125 %``) means 1.25. With
    ``bare_percent`` (a box that shows "%"), a number without "%" is a percent too."""
    if isinstance(value, bool) or value is None:
        raise InputError(field, show(value), allowed, "is not a number")
    if not isinstance(value, str):
        number = _given_number(field, value, allowed)
        return number / 100 if bare_percent else number
    text = _text(field, value, allowed)
    if text.endswith("%"):
        return _decimal(field, text[:-1].strip(), allowed) / 100
    number = _decimal(field, text, allowed)
    return number / 100 if bare_percent else number


def is_percent(value: object) -> bool:
    return isinstance(value, str) and value.strip().endswith("%")


def parse_performance(
    field: str, value: object, allowed: str, bare_percent: bool = False
) -> Decimal:
    """A performance (1.0 = on target): ``0.7``, ``70%``; a bare number above 10 is surely a
    percent typed without its sign, and is refused with the suggestion."""
    number = parse_number(field, value, allowed, bare_percent)
    if not bare_percent and not is_percent(value) and number > BARE_PERFORMANCE_MAX:
        typed = str(value).strip()
        hint = f"; did you mean {typed}%?" if number <= 10_000 else ""
        raise InputError(field, show(value), allowed + hint, "is more than 10 (1000%)")
    return number


def parse_money(field: str, value: object, allowed: str) -> Decimal:
    """Dollars from a number or text: ``40000``, ``40,000``, ``$40,000``, ``40k``, ``40 000``,
    ``1.5m``. A decimal comma (``1,5``) or a percentage is refused."""
    if isinstance(value, bool) or value is None:
        raise InputError(field, show(value), allowed, "is not a number")
    if not isinstance(value, str):
        return _given_number(field, value, allowed)
    text = _text(field, _SPACES.sub(" ", value), allowed)
    if text.endswith("%"):
        raise InputError(field, show(value), allowed, "is a percentage, not an amount")
    body = text.removeprefix("$").strip()
    body = re.sub(r"(?<=\d) (?=\d{3}(\D|$))", "", body)  # 40 000 -> 40000
    multiplier = Decimal(1)
    if body[-1:].lower() in _MULTIPLIERS:
        multiplier = _MULTIPLIERS[body[-1].lower()]
        body = body[:-1].strip()
    if "," in body:
        if not _THOUSANDS.match(body):
            raise InputError(
                field,
                show(value),
                f"{allowed}, written like 40000, 40,000 or 40000.50",
                "is not an amount",
            )
        body = body.replace(",", "")
    try:
        return _decimal(field, body, allowed) * multiplier
    except InputError:
        raise InputError(field, show(value), allowed, "is not a number") from None


def parse_int(field: str, value: object, allowed: str) -> int:
    """A whole number from a number or text (``12``, ``1e3``); past :data:`MAX_WHOLE` it is out
    of range at once, without building a huge integer."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value) if abs(value) <= MAX_WHOLE else None
    else:
        number = parse_number(field, value, allowed)
    if number is None or abs(number) > MAX_WHOLE:
        raise InputError(field, show(value), allowed, "is out of range")
    if number != number.to_integral_value():
        raise InputError(field, show(value), allowed, "is not a whole number")
    return int(number)


def parse_date(field: str, value: object) -> dt.date:
    """A date from a date, a datetime or ``YYYY-MM-DD`` text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text.isascii() or len(text) > MAX_TEXT:
        raise InputError(field, show(value), DATE_ALLOWED, "is not a date")
    try:
        return dt.date.fromisoformat(text)
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
    if len(items) > 120:
        raise InputError(
            field, f"{len(items)} values", "one per quarter, at most 40", "is too many"
        )
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


def per_quarter_values(
    field: str, value: object, allowed: str, parse=parse_performance
) -> list[Decimal] | Decimal:
    """A value given per quarter (``0.6``, ``"60%"``, ``"0.6,0.8"``, ``[0.6, 0.8]``): one
    Decimal, or a list of them, for the core to lay out and check."""
    numbers, single = parse_list(field, value, allowed, parse)
    return numbers[0] if single else numbers


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
