"""The app's words and HTML pieces: the macros of ``presentation/templates/app_pieces.html.j2``,
and the few formatters the app's boxes and tables need.

Every figure shown is the core's as it is; nothing here computes one.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache, partial

import pandas as pd

from prepay_modeller.presentation.html import environment, records, table
from prepay_modeller.presentation.i18n import ENGLISH, N_, Speech

PIECES = "app_pieces.html.j2"
MINUS = "\u2212"  # one minus sign everywhere (DOMAIN.md, "Words for clients")


@cache
def _module(language: str = "en"):
    """The app's template in ``language``: its {% trans %} blocks call that catalog."""
    from prepay_modeller.presentation.i18n import translations

    words = translations(language)
    names = {"gettext": words.gettext, "ngettext": words.ngettext}
    return environment().get_template(PIECES).make_module(vars=names)


def piece(name: str, *args, speech: Speech = ENGLISH, **context) -> str:
    """The macro ``name`` of the app's template in ``speech``'s language, rendered (values
    autoescaped)."""
    return str(getattr(_module(speech.language), name)(*args, **context)).strip()


def percent_text(value: Decimal | float) -> str:
    """A share or performance as a box shows it: exact, without trailing zeros (``70%``,
    ``96.6667%``, ``0.7%``)."""
    d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    text = format((d * 100).normalize(), "f")
    return f"{text.replace('-', MINUS)}%"


def share_text(value, speech: Speech = ENGLISH) -> str:
    """A share as the app's cards, tables and charts show it, in the client's locale: ``162.5%``
    (English), ``162,5 %`` (French); one figure, one form on one screen."""
    return speech.percent(value)


def signed_percent(value, speech: Speech = ENGLISH) -> str:
    """:func:`share_text` with the one minus sign."""
    return share_text(value, speech).replace("-", MINUS)


def money_text(value: Decimal) -> str:
    """A rate as its box shows it: ``40,000`` or ``40,000.50``."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


DATE_FORM = "d MMM y"  # 1 Jan 2027, 1 janv. 2027: a date on the app's screens


def _date_text(speech: Speech, value) -> str:
    return speech.date(value, DATE_FORM) if hasattr(value, "isoformat") else str(value)


def money_table(
    frame: pd.DataFrame,
    columns: dict[str, str],
    formats: dict | None = None,
    total: tuple | None = None,
    highlight=None,
    speech: Speech = ENGLISH,
) -> str:
    """A model frame as the app's table (money right-aligned, in ``speech``'s currency and
    locale); ``total`` is a last row ``(label, amount)`` under the first and last columns."""
    formats = dict(formats or {})
    rows = records(frame)
    first = rows[0] if rows else {}
    numeric = {c for c in columns if c in formats or isinstance(first.get(c), Decimal | float)}
    if speech != ENGLISH:
        money = {c for c in columns if isinstance(first.get(c), Decimal)} - set(formats)
        formats |= {c: speech.money for c in money}
    # Dates as the headline writes them (one form for one date on one screen), in every language.
    dates = {c for c in columns if hasattr(first.get(c), "isoformat")} - set(formats)
    formats |= {c: partial(_date_text, speech) for c in dates}
    last_row = None
    if total is not None:
        first, last = list(columns)[0], list(columns)[-1]
        last_row = {first: total[0], last: total[1]}
    return table(
        rows,
        columns,
        formats=formats,
        numeric=numeric,
        total=last_row,
        highlight=highlight,
        css_class="money",
        wrap_after=24,
    )


# What the screen says of an error no value explains (the log keeps its traceback): never a
# Python type or a path.
UNEXPECTED = N_("Something went wrong with these figures; the ones shown are the last good ones.")


def problems_of(exc: Exception) -> list:
    """The problems an error carries, for the screen: a :class:`PrepayError`'s own, else one
    that says something went wrong (in the catalogs' words)."""
    from prepay_modeller.core.errors import PrepayError, Problem

    if isinstance(exc, PrepayError):
        return list(exc.problems) or [Problem(detail=str(exc))]
    return [Problem(detail=UNEXPECTED)]


def said(exc: Exception, speech: Speech = ENGLISH) -> str:
    """An error in the client's language, one problem a line."""
    return "\n".join(speech.problem(p) for p in problems_of(exc))
