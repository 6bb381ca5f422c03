"""Turning model frames into text people and scripts read: terminal tables and JSON.

Only formatting happens here; every number comes from the model as it is, and is written by
Babel through :class:`presentation.i18n.Speech` (English included); the JSON is locale-free.
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


def text_table(frame: pd.DataFrame, formats: dict | None = None, speech=None) -> str:
    """An aligned text table: numbers to the right, text to the left.

    Every number is written by the one formatter, Babel's (:class:`presentation.i18n.Speech`):
    English (``en_US``: ``121,500.00``) unless ``speech`` gives the client's locale
    (``121 500,00``). ``formats`` gives a column's form: a method of ``Speech`` by its name
    (``"percent"``: ``80%``, ``144.44%``; ``"number"``: a whole number), or a function of the
    value; other money (Decimal)
    is an amount without its currency. Dates are ISO (``2027-01-01``, what scripts and
    operators read) unless ``speech`` is given: then its locale's medium form (``1 janv. 2027``).
    """
    from prepay_modeller.presentation.i18n import ENGLISH

    words = speech or ENGLISH
    forms = {
        column: getattr(words, form) if isinstance(form, str) else form
        for column, form in (formats or {}).items()
    }
    columns = list(frame.columns)
    cells = []
    for row in frame.itertuples(index=False):
        line = []
        for col, value in zip(columns, row, strict=True):
            if _is_missing(value):
                line.append("")
            elif col in forms:
                line.append(forms[col](value))
            elif isinstance(value, Decimal):
                line.append(words.amount(value))
            elif isinstance(value, dt.date):
                line.append(value.isoformat() if speech is None else speech.date(value, "medium"))
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
    # A locale's forms: 121 500,00 (narrow no-break spaces), −12,5 %, Arabic separators and
    # percent sign (16٪).
    return bool(re.fullmatch("[−+-]?\\d[\\d\u202f\u00a0,.٬٫]*(\u00a0?[%٪])?", text))
