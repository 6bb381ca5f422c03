"""Turning model frames into text people and scripts read: terminal tables, CSV and JSON.

Only formatting happens here; every number comes from the model as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pandas as pd

_DEC = "\u0000dec:"  # a marker no real text contains, swapped for a bare JSON number below


def _jsonable(value):
    if isinstance(value, Decimal):
        return f"{_DEC}{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and value != value:  # NaN
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _jsonable(value.item())
    return value


def to_json(obj) -> str:
    """JSON with money as numbers with exactly two decimals (``121500.00``), dates as text."""
    text = json.dumps(_jsonable(obj), indent=2, ensure_ascii=False)
    return re.sub(r'"\\u0000dec:(-?[0-9]+\.[0-9]{2})"', r"\1", text)


def records(frame: pd.DataFrame) -> list[dict]:
    """A frame as a list of plain dicts (None for missing values)."""
    out = []
    for row in frame.to_dict(orient="records"):
        out.append({k: (None if _is_missing(v) else v) for k, v in row.items()})
    return out


def _is_missing(v) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def money(value) -> str:
    return "" if _is_missing(value) else f"{value:,.2f}"


def percent(value) -> str:
    return (
        ""
        if _is_missing(value)
        else f"{value:.0%}"
        if value * 100 == round(value * 100)
        else f"{value:.2%}"
    )


def usd(value) -> str:
    """``$1,234.50``, ``−$15,600.00`` (one minus sign, U+2212): a model amount as people read
    it; ``—`` where there is none."""
    if _is_missing(value):
        return "—"
    value = Decimal(value)
    return f"−${money(-value)}" if value < 0 else f"${money(value)}"


def share(value) -> str:
    """A share as a percent with at most two decimals and no trailing zeros (110%, 16.8%,
    −12.34%: one minus sign, U+2212, as :func:`usd`)."""
    text = f"{float(value) * 100:.2f}".rstrip("0").rstrip(".")
    text = "0" if text == "-0" else text
    return f"{text.replace('-', '−')}%"


def number(value) -> str:
    return "" if _is_missing(value) else f"{value:,.4g}" if isinstance(value, float) else str(value)


def localized(speech, fmt):
    """``fmt`` (one of this module's formatters) as ``speech`` (a
    :class:`presentation.i18n.Speech`) writes it: the same figure in the client's locale."""
    forms = {
        money: speech.amount,
        usd: speech.money,
        percent: speech.percent,
        share: speech.percent,
        number: lambda v: speech.number(v) if isinstance(v, int) else number(v),
    }
    form = forms.get(fmt)
    if form is None:
        return fmt
    return lambda v: "" if _is_missing(v) else form(v)


def text_table(frame: pd.DataFrame, formats: dict[str, callable] | None = None, speech=None) -> str:
    """An aligned text table: numbers to the right, text to the left, thousands separators;
    with ``speech``, money, shares and dates in its locale (``121 500,00``, ``80 %``)."""
    formats = formats or {}
    if speech is not None:
        formats = {c: localized(speech, f) for c, f in formats.items()}
    columns = list(frame.columns)
    cells = []
    for row in frame.itertuples(index=False):
        line = []
        for col, value in zip(columns, row, strict=True):
            fmt = formats.get(col)
            if fmt is not None:
                line.append(fmt(value))
            elif isinstance(value, Decimal):
                line.append(speech.amount(value) if speech is not None else money(value))
            elif speech is not None and isinstance(value, dt.date):
                line.append(speech.date(value, "medium"))
            elif _is_missing(value):
                line.append("")
            else:
                line.append(str(value))
        cells.append(line)
    numeric = [
        all(_looks_numeric(r[i]) for r in cells if r[i] != "") and any(r[i] for r in cells)
        for i in range(len(columns))
    ]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def fmt_row(values):
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    lines = [fmt_row(columns), fmt_row(["-" * w for w in widths])]
    lines += [fmt_row(r) for r in cells]
    return "\n".join(lines)


def _looks_numeric(text: str) -> bool:
    if re.fullmatch(r"[-+]?[\d,]*\.?\d+%?|[-+]?\d[\d,]*\.?\d*(e[-+]?\d+)?%?", text):
        return True
    # A locale's forms: 121 500,00 (narrow no-break spaces), −12,5 %, Arabic separators.
    return bool(re.fullmatch("[−+-]?\\d[\\d\u202f\u00a0,.٬٫]*(\u00a0?%)?", text))
