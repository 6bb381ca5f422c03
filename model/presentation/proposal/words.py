"""How a proposal writes amounts, shares, dates and performance paths for a client to read.

Only formatting: every value comes from the core as it is. Money is ``$1,234.50`` with one minus
sign (U+2212), shares are ``12.5%``, dates are ``1 January 2027``.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from prepay_modeller.presentation.formatting import share, usd


def day(value: dt.date) -> str:
    """``1 January 2027``."""
    return f"{value.day} {value:%B %Y}"


def short_day(value: dt.date) -> str:
    """``1 Jan 2027``."""
    return f"{value.day} {value:%b %Y}"


def span(start: dt.date, end: dt.date) -> str:
    """``1 Jan – 31 Mar 2027``, or ``1 Nov 2027 – 31 Jan 2028`` across a year's end."""
    if start.year == end.year:
        return f"{start.day} {start:%b} – {short_day(end)}"
    return f"{short_day(start)} – {short_day(end)}"


def month(value: dt.date) -> str:
    """``Jan 2027``."""
    return f"{value:%b %Y}"


def pct(value) -> str:
    """A share or a performance as a percent: ``80%``, ``162.5%``, ``−12.34%``."""
    return share(value)


def path(values) -> str:
    """A performance path: ``100% in every quarter`` or ``Q1 80%, Q2 150%``."""
    shown = [pct(v) for v in values]
    if len(set(shown)) == 1:
        every = "in every quarter" if len(shown) > 1 else "in its one quarter"
        return f"{shown[0]} {every}"
    return ", ".join(f"Q{i} {v}" for i, v in enumerate(shown, start=1))


def quarters(first: int, last: int) -> str:
    """``Q3`` or ``Q3–Q4``."""
    return f"Q{first}" if first == last else f"Q{first}–Q{last}"


def days_later(days: int) -> str:
    """When an invoice issued today is due: ``the same day``, ``1 day later``, ``30 days later``."""
    if days == 0:
        return "on the day it is issued"
    return f"{days} day{'s' if days != 1 else ''} later"


def months(count: int) -> str:
    """``1 month``, ``6 months``."""
    return f"{count} month{'s' if count != 1 else ''}"


def the(option) -> str:
    """An option as a sentence names it: ``the 12-month prepay``, ``pay-as-you-go``."""
    return option.display.lower() if option.is_payg else f"the {option.display}"


def the_first(option) -> str:
    """The same at the start of a sentence: ``The 12-month prepay``, ``Pay-as-you-go``."""
    text = the(option)
    return text[:1].upper() + text[1:]


# What templates call: {{ f.usd(x) }}, {{ f.day(d) }}...
FORMATS = SimpleNamespace(
    usd=usd,
    pct=pct,
    day=day,
    short_day=short_day,
    span=span,
    month=month,
    path=path,
    quarters=quarters,
    days_later=days_later,
    months=months,
    the=the,
    The=the_first,
)
