"""The app's words and HTML pieces: the macros of ``presentation/templates/app_pieces.html.j2``,
and the few formatters the app's boxes and tables need.

Every figure shown is the core's as it is; nothing here computes one.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pandas as pd

from prepay_modeller.presentation.formatting import percent
from prepay_modeller.presentation.html import environment, records, table

PIECES = "app_pieces.html.j2"
MINUS = "\u2212"  # one minus sign everywhere (DOMAIN.md, "Words for clients")


@cache
def _module():
    return environment().get_template(PIECES).module


def piece(name: str, *args, **context) -> str:
    """The macro ``name`` of the app's template, rendered (values autoescaped)."""
    return str(getattr(_module(), name)(*args, **context)).strip()


def percent_text(value: Decimal | float) -> str:
    """A share or performance as a box shows it: exact, without trailing zeros (``70%``,
    ``96.6667%``, ``0.7%``)."""
    d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    text = format((d * 100).normalize(), "f")
    return f"{text.replace('-', MINUS)}%"


def signed_percent(value) -> str:
    """:func:`presentation.formatting.percent` with the one minus sign."""
    return percent(value).replace("-", MINUS)


def money_text(value: Decimal) -> str:
    """A rate as its box shows it: ``40,000`` or ``40,000.50``."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def money_table(
    frame: pd.DataFrame,
    columns: dict[str, str],
    formats: dict | None = None,
    total: tuple | None = None,
    highlight=None,
) -> str:
    """A model frame as the app's table (money right-aligned as dollars by default);
    ``total`` is a last row ``(label, amount)`` under the first and last columns."""
    formats = formats or {}
    rows = records(frame)
    first = rows[0] if rows else {}
    numeric = {c for c in columns if c in formats or isinstance(first.get(c), Decimal | float)}
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
