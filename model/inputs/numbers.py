"""Reading what people type: one reader of numbers, money, percentages, whole numbers and dates
for every surface (the app's boxes and its link, the command line, CSV cells, scenario files and
data files). docs/reading-values.md lists its rules; the gist:

- The number itself is read in the reader's locale by Babel (``parse_decimal(..., strict=True)``
  with the locale's decimal and group signs): ``40,000.50`` in English, ``40 000,50`` in French.
  A space groups digits in every locale (``40 000``). The command line, files and links read in
  :data:`NEUTRAL` (English forms); the app's boxes in the client's locale.
- A dot in a locale that writes decimals with a comma and does not group with dots (French) is a
  decimal point where it cannot be a group (``0.9``); where it can (``40.000``) the reading is
  ambiguous and refused with "did you mean 40 000?". A comma that is not a group in English
  (``1,5``) is refused with "did you mean 1.5?".
- Digits are ASCII, or the locale's own (Arabic-Indic in Arabic); never another script's, never
  full-width, never ``_``; no hex, octal, sexagesimal or ``nan``/``inf``. An exponent (``1e3``)
  is read, but a number past 10^15 (``1e1000000``) is "too large" at once, never built.
- Money: the scenario's currency sign or code around it (``$40,000``, ``40 000 €``), ``k`` for
  thousands and ``m`` for millions (``40k``, ``40 k€``); never a percentage.
- A share (performance, a split, a discount rate): ``90%``, ``90 %`` or a fraction ``0.9``. A
  bare number above the field's largest fraction is a percent typed without its sign: refused
  with "did you mean 90%?" on the command line and in files; read as a percent in a box that
  shows "%" (``90`` is 90 %, ``0.9`` is 90 % too).
- Dates: ``YYYY-MM-DD`` only.

Then the field's bounds (:mod:`prepay_modeller.core.fields`) are checked. A problem is an
:class:`InputError` naming the field, the value as typed and what is allowed, in words the
catalogs translate.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from prepay_modeller.core import fields as F
from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.core.fields import N_, Field, show
from prepay_modeller.core.money import to_decimal

NEUTRAL = "en_US"  # the command line, files and links: English forms, whatever the machine's
MAX_TEXT = 64  # characters: no number anyone types is longer
MAX_EXPONENT = 15  # a number past 10^15 is out of every range: "too large", never built
DATE_ALLOWED = "a date as YYYY-MM-DD"
TOO_LONG = N_("is too long to be a number")
NOT_AN_AMOUNT = N_("is a percentage, not an amount")
OTHER_CURRENCY = N_("is in another currency")
PERCENT_NOT_WHOLE = N_("is a percentage, not a whole number")
TOO_PRECISE = N_("has too many decimals")
AMBIGUOUS = N_("could be read two ways")
_BIDI = dict.fromkeys(
    map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)  # marks of direction: invisible, pasted with a number
_SPACES = " \u00a0\u202f\u2009\u2007"
_AS_SPACE = {ord(c): " " for c in _SPACES}
_MINUS = "-\u2212"
_PERCENT = "%\u066a"
_NATIVE_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}
_MULTIPLIERS = {"k": Decimal(1000), "m": Decimal(1_000_000)}
_EXPONENT = re.compile(r"^(.*?)[eE]([+-]?)([0-9]+)$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Reading:
    """How text is read: in ``locale``'s forms, money in ``currency``; ``box``: a box that
    shows "%" (a bare share above the field's largest fraction is a percent)."""

    locale: str = NEUTRAL
    currency: str = "USD"
    box: bool = False


PLAIN = Reading()


@dataclass(frozen=True)
class _Forms:
    decimal: str
    group: str
    digits: dict  # every digit character read, to its ASCII digit
    symbols: dict  # the locale's native decimal and group signs, to the Latin ones


@cache
def _forms(locale: str) -> _Forms:
    from babel import Locale
    from babel.numbers import get_decimal_symbol, get_group_symbol

    loc = Locale.parse(locale)
    decimal = get_decimal_symbol(loc, numbering_system="latn")
    group = get_group_symbol(loc, numbering_system="latn")
    digits = {str(i): str(i) for i in range(10)}
    symbols = {}
    for system in {loc.default_numbering_system, loc.other_numbering_systems.get("native")}:
        if system in _NATIVE_DIGITS:
            digits |= {c: str(i) for i, c in enumerate(_NATIVE_DIGITS[system])}
        if system and system != "latn":
            symbols[get_decimal_symbol(loc, numbering_system=system)] = decimal
            symbols[get_group_symbol(loc, numbering_system=system)] = group
    return _Forms(decimal, group, digits, symbols)


@cache
def _currency_signs(locale: str, currency: str) -> tuple[str, ...]:
    """What may stand for ``currency`` around an amount: its code, its symbol in the locale and
    its narrow symbol (``USD``, ``$``, ``US$``...), longest first."""
    from babel.numbers import get_currency_symbol

    signs = {currency, currency.lower()}
    for loc in {locale, NEUTRAL}:
        symbol = get_currency_symbol(currency, locale=loc).translate(_BIDI)
        signs.add(symbol)
        signs.add(symbol.rstrip("."))
    if currency == "USD":
        signs |= {"$", "US$"}
    if currency == "EUR":
        signs.add("€")
    return tuple(sorted((s for s in signs if s), key=len, reverse=True))


class _Refused(Exception):
    def __init__(self, problem: str, code: str = "", hint: str = "", suggestion: str = ""):
        super().__init__(problem)
        self.problem, self.code, self.hint, self.suggestion = problem, code, hint, suggestion


@dataclass(frozen=True)
class _Number:
    value: Decimal
    percent: bool = False


def _lex(text: str, reading: Reading, money: bool) -> _Number:
    """The number ``text`` writes, with whether it carried a percent sign (money: its
    currency sign and ``k``/``m`` are read too). Raises :class:`_Refused`."""
    text = text.translate(_BIDI).strip()
    if len(text) > MAX_TEXT:
        raise _Refused(TOO_LONG, "too_long")
    if not text or not text.translate(_AS_SPACE).isprintable():
        raise _Refused(F.NOT_A_NUMBER, "not_a_number")
    negative = False
    if text[0] in _MINUS or text[0] == "+":
        negative, text = text[0] in _MINUS, text[1:].strip()
    percent = text[-1:] in _PERCENT
    if percent:
        text = text[:-1].strip()
    multiplier = Decimal(1)
    if money:
        text = _strip_currency(text, reading)
        if text[-1:].lower() in _MULTIPLIERS:
            multiplier = _MULTIPLIERS[text[-1].lower()]
            text = text[:-1].strip()
        if not negative and text[:1] in _MINUS:
            negative, text = True, text[1:].strip()
    value = _decimal(text, reading.locale, money) * multiplier
    return _Number(-value if negative else value, percent)


def _strip_currency(text: str, reading: Reading) -> str:
    for sign in _currency_signs(reading.locale, reading.currency):
        if text.startswith(sign):
            return text[len(sign) :].strip()
        if text.endswith(sign):
            return text[: -len(sign)].strip()
    if any(unicodedata.category(c) == "Sc" for c in text):
        raise _Refused(OTHER_CURRENCY, "currency")
    return text


def _decimal(text: str, locale: str, money: bool = False) -> Decimal:
    """A plain number in ``locale``'s forms (digits, signs, an exponent), through Babel."""
    from babel.numbers import NumberFormatError, parse_decimal

    forms = _forms(locale)
    exponent = 0
    m = _EXPONENT.match(text)
    if m:
        text, sign, digits = m.group(1).strip(), m.group(2), m.group(3)
        if len(digits) > 6:
            raise _Refused(F.TOO_LARGE if sign != "-" else TOO_PRECISE, "too_large")
        exponent = int(sign + digits)
    chars = []
    for c in text:
        if c in forms.digits:
            chars.append(forms.digits[c])
        elif c in forms.symbols:
            chars.append(forms.symbols[c])
        elif c in _SPACES or c in ".,'\u2019" or c == forms.group or c == forms.decimal:
            chars.append(c)
        else:
            raise _Refused(F.NOT_A_NUMBER, "not_a_number")
    text = "".join(chars)
    if not any(c.isdigit() for c in text):
        raise _Refused(F.NOT_A_NUMBER, "not_a_number")
    text = _grouped(text, forms, locale, money)
    try:
        number = parse_decimal(text, locale=locale, strict=True)
    except NumberFormatError as exc:
        suggestion = _readable(exc.suggestions[-1]) if exc.suggestions else ""
        hint = F.PERCENT_HINT if suggestion else ""
        raise _Refused(F.NOT_A_NUMBER, "not_a_number", hint, suggestion) from None
    if not number.is_finite():
        raise _Refused(F.NOT_A_NUMBER, "not_a_number")
    if number and number.adjusted() + exponent > MAX_EXPONENT:
        raise _Refused(F.TOO_LARGE, "too_large")
    if number and number.adjusted() + exponent < -MAX_EXPONENT:
        raise _Refused(TOO_PRECISE, "too_precise")
    return number.scaleb(exponent) if exponent else number


def _readable(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _grouped(text: str, forms: _Forms, locale: str, money: bool) -> str:
    """Spaces as the locale's group sign, and a dot where the locale has none: a decimal point
    where it cannot be a group (``0.9``), refused where it could (``40.000``: "did you mean
    40 000?" for an amount, "40,000" for a share)."""
    spaces = [c for c in _SPACES if c in text]
    if spaces:
        group = forms.group if forms.group in _SPACES else None
        for c in spaces:
            text = text.replace(c, group or forms.group)
    if "." in text and "." not in (forms.decimal, forms.group):
        whole, _, rest = text.partition(".")
        grouped = re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", text)
        if grouped or forms.decimal in text or "." in rest:
            from babel.numbers import format_decimal

            digits = text.replace(forms.decimal, "").replace(".", "")
            if digits.isdigit():
                if money or forms.decimal in text or "." in rest:
                    meant = format_decimal(Decimal(digits), locale=locale)
                else:
                    meant = whole + forms.decimal + rest
                raise _Refused(AMBIGUOUS, "ambiguous", F.PERCENT_HINT, _readable(meant))
            raise _Refused(F.NOT_A_NUMBER, "not_a_number")
        text = whole + forms.decimal + rest
    return text


# --- reading one field ----------------------------------------------------------------------


def _refusal(field: Field, name: str, typed: object, refused: _Refused) -> InputError:
    params = (("suggestion", refused.suggestion),) if refused.suggestion else ()
    problem = field.problem(
        name, show(typed), refused.problem, code=refused.code, hint=refused.hint, params=params
    )
    return InputError(problems=[problem])


def _given(field: Field, name: str, value: object) -> Decimal:
    """A number handed in as a number (a widget's, a Python caller's), finite and sane."""
    if isinstance(value, bool) or value is None:
        raise _refusal(field, name, value, _Refused(F.NOT_A_NUMBER, "not_a_number"))
    try:
        number = to_decimal(value)
    except (ArithmeticError, ValueError, TypeError):
        raise _refusal(field, name, value, _Refused(F.NOT_A_NUMBER, "not_a_number")) from None
    if not number.is_finite():
        raise _refusal(field, name, value, _Refused(F.NOT_A_NUMBER, "not_a_number"))
    if number and abs(number.adjusted()) > MAX_EXPONENT:
        code = F.TOO_LARGE if number.adjusted() > 0 else TOO_PRECISE
        raise _refusal(field, name, value, _Refused(code, "too_large"))
    return number


def _number(field: Field, name: str, value: object, reading: Reading, money=False) -> _Number:
    if isinstance(value, str):
        try:
            return _lex(value, reading, money)
        except _Refused as refused:
            raise _refusal(field, name, value, refused) from None
    return _Number(_given(field, name, value))


def read(field: Field, value: object, reading: Reading = PLAIN, name: str | None = None):
    """``value`` (text or a number) as ``field``'s typed value, checked against its bounds:
    a Decimal (money, a share, a number), an int (a whole number) or a date."""
    name = name or field.name
    typed = show(value)
    kind = field.kind
    if kind == F.DATE:
        day = read_date(name, value, reading, field)
        return field.check(day, name, typed)
    number = _number(field, name, value, reading, money=kind == F.MONEY)
    value_read = number.value
    if kind == F.MONEY and number.percent:
        raise _refusal(field, name, value, _Refused(NOT_AN_AMOUNT, "percent"))
    if kind == F.MONEY:
        found = field.range_problems(value_read, name, typed)
        meant = _thousands(value, reading) if found and found[0].code == "below" else None
        if meant is not None and not field.range_problems(meant * 1000):
            hint = (("suggestion", _readable(_format(meant * 1000, reading.locale))),)
            raise InputError(problems=[replace(found[0], hint=F.PERCENT_HINT,
                                               params=found[0].params + hint)])  # fmt: skip
    if kind == F.WHOLE:
        if number.percent:
            raise _refusal(field, name, value, _Refused(PERCENT_NOT_WHOLE, "percent"))
        if value_read != value_read.to_integral_value():
            raise _refusal(field, name, value, _Refused(F.NOT_WHOLE, "not_whole"))
        return field.check(int(value_read), name, typed)
    if kind == F.SHARE:
        return _share(field, name, value, number, reading, typed)
    return field.check(value_read / 100 if number.percent else value_read, name, typed)


def _thousands(value: object, reading: Reading) -> Decimal | None:
    """Where an amount was written with its decimal sign before exactly three digits
    (``40,000`` in French, ``40.000`` in English: 40), the amount it would be as a group (40)."""
    if not isinstance(value, str):
        return None
    forms = _forms(reading.locale)
    text = value.translate(_BIDI).strip()
    pattern = r"[^0-9]*?([0-9]{1,3})" + re.escape(forms.decimal) + r"([0-9]{3})[^0-9]*"
    m = re.fullmatch(pattern, text)
    return Decimal(m.group(1)) if m else None


def _format(value: Decimal, locale: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale)


def _share(field: Field, name, value, number: _Number, reading: Reading, typed: str) -> Decimal:
    """A share: a percent with its sign, else a fraction; a bare number past the field's
    largest fraction is a percent in a box, and a percent missing its sign elsewhere."""
    bare = not number.percent and isinstance(value, str)
    top = field.fraction_max
    if number.percent:
        share = number.value / 100
    elif bare and reading.box and top is not None and abs(number.value) > top:
        share = number.value / 100
    else:
        share = number.value
    found = field.range_problems(share, name, typed)
    if found and bare and not reading.box and top is not None and abs(number.value) > top:
        as_percent = number.value / 100
        if not field.range_problems(as_percent, name, typed):
            text = f"{str(value).strip()}%"
            params = found[0].params + (("suggestion", text),)
            found = [replace(found[0], hint=F.PERCENT_HINT, params=params)]
    if found:
        raise InputError(problems=found)
    return share


def read_date(name: str, value: object, reading: Reading = PLAIN, field: Field = F.START):
    """A date from a date, a datetime or ``YYYY-MM-DD`` text (the locale's digits read too)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).translate(_BIDI).strip() if value is not None else ""
    forms = _forms(reading.locale)
    text = "".join(forms.digits.get(c, c) for c in text) if len(text) <= MAX_TEXT else text
    refused = _Refused(F.NOT_A_DATE, "not_a_date")
    if not _ISO_DATE.match(text):
        raise _refusal(field, name, value, refused)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _refusal(field, name, value, refused) from None


def read_quarters(field: Field, value: object, reading: Reading = PLAIN) -> tuple[list, bool]:
    """Every value of a per-quarter field (``"0.8,1.5"``, ``[0.8, 1.5]`` or one value), and
    whether one value was given for all quarters. Each is named ``field_q<n>`` where several
    are given; every bad one is listed at once."""
    items = split_list(value, reading)
    if len(items) > 120:
        raise InputError(
            field.name, f"{len(items)} values", "one per quarter, at most 40", "is too many"
        )
    single = len(items) == 1
    out, problems = [], []
    for i, item in enumerate(items, start=1):
        name = field.name if single else f"{field.name}_q{i}"
        try:
            out.append(read(field, item, reading, name))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems=problems)
    return out, single


def split_list(value: object, reading: Reading = PLAIN) -> list:
    """A value given per quarter as a list: ``"0.8,1.5"``, ``[0.8, 1.5]`` or one value. Where
    ``reading``'s locale writes decimals with a comma (French), a list is written with
    semicolons, as its spreadsheets do: ``"0,8 ; 1,5"``, and ``"0,1"`` is one value, 10 %."""
    if isinstance(value, str):
        return value.split(";" if _forms(reading.locale).decimal == "," else ",")
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def collect(problems: list[Problem], read_one, *args):
    """``read_one(*args)``, with an :class:`InputError`'s problems added to ``problems`` (and
    None returned) instead of raised: so that one call can name every bad value."""
    try:
        return read_one(*args)
    except InputError as exc:
        problems.extend(exc.problems)
        return None


# --- readers of values without a declared field (a flag of a server, a file's cell) ----------


def _ad_hoc(field: str, allowed: str, kind: str) -> Field:
    return Field(field, field, kind, allowed=allowed)


def parse_number(field: str, value: object, allowed: str) -> Decimal:
    """A number (``12.5``; ``125%`` is 1.25), read in :data:`NEUTRAL` forms."""
    return read(_ad_hoc(field, allowed, F.NUMBER), value)


def parse_int(field: str, value: object, allowed: str) -> int:
    """A whole number (``12``, ``1e3``); past 10^15 "too large" at once."""
    return read(_ad_hoc(field, allowed, F.WHOLE), value)


def parse_date(field: str, value: object) -> dt.date:
    return read_date(field, value, PLAIN, _ad_hoc(field, DATE_ALLOWED, F.DATE))


# --- values of the commands and files beyond one scenario's terms --------------------------


def discount_rate(value: object, field: str = "discount_rate") -> float:
    """An annual discount rate typed as ``0.08`` or ``8%`` (a bare ``10`` is refused: "did you
    mean 10%?")."""
    return float(read(F.DISCOUNT_RATE, value, PLAIN, field))


def per_quarter_values(
    field: Field, value: object, reading: Reading = PLAIN
) -> list[Decimal] | Decimal:
    """A value given per quarter (``0.6``, ``"60%"``, ``"0.6,0.8"``, ``[0.6, 0.8]``; in a
    box, in ``reading``'s locale): one Decimal, or a list of them, for the core to lay out and
    check."""
    numbers, single = read_quarters(field, value, reading)
    return numbers[0] if single else numbers
