"""Files people download or export: CSV and Excel workbooks of a scenario.

Every text cell is neutralised against formula injection (OWASP's rule: text starting with
``= + - @`` or a tab or carriage return is prefixed with ``'``) and stripped of characters a
file cannot hold (:func:`safe_text`). One function makes every workbook (:func:`workbook`):
live formulas over the scenario's inputs, whose cached values are the core's figures to the
cent (:mod:`presentation.xlsx`); formula text comes only from the product.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from prepay_modeller.core.errors import InputError, PrepayError
from prepay_modeller.core.quote import Quote, quote
from prepay_modeller.inputs.files import write_atomic
from prepay_modeller.presentation.i18n import ENGLISH, N_, Speech

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as text: never run as a formula, no illegal characters."""
    text = _ILLEGAL.sub("", text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _stem(terms) -> str:
    return f"{terms.option.name}-{terms.horizon}m-{terms.start:%Y-%m-%d}"


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text, every text cell and heading neutralised (:func:`safe_text`): the
    one CSV writer of the downloads and of ``prepay ... --format csv``."""
    safe = frame.copy()
    safe.columns = [safe_text(str(c)) for c in safe.columns]
    for index in range(safe.shape[1]):
        values = safe.iloc[:, index]
        safe.isetitem(index, [safe_text(v) if isinstance(v, str) else v for v in values])
    return safe.to_csv(index=False)


def _csv(frame: pd.DataFrame) -> bytes:
    return csv_text(frame).encode("utf-8")


def schedule_csv(q: Quote) -> tuple[str, bytes]:
    """The quarterly schedule as CSV: ``(file name, bytes)``."""
    return f"schedule-{_stem(q.terms)}.csv", _csv(q.schedule)


def invoices_csv(q: Quote) -> tuple[str, bytes]:
    """The dated invoices as CSV: ``(file name, bytes)``."""
    return f"invoices-{_stem(q.terms)}.csv", _csv(q.invoices)


def workbook(
    q: Quote,
    speech: Speech = ENGLISH,
    discount_rate: float | None = None,
    prospect: str = "",
    scenario: str = "",
    description: str = "",
) -> tuple[str, bytes]:
    """The scenario of ``q`` as an auditable workbook: ``(file name, bytes)``.

    Every figure is a live formula over an Inputs sheet, its value cached
    (:mod:`presentation.xlsx`), headings in ``speech``'s language and money in its currency;
    the prospect's (or else the scenario's) name and the description are shown as text.
    ``prepay export`` and the app's and the client view's "Excel workbook" all make it here.
    """
    from prepay_modeller.presentation import xlsx

    label, title = (N_("Prospect"), prospect) if prospect else (N_("Scenario"), scenario)
    data = xlsx.build(q.terms, speech, discount_rate, title, description, title_label=label)
    return f"prepay-{_stem(q.terms)}.xlsx", data


def scenario_workbook(scenario, discount_rate: float | None, speech: Speech | None = None) -> bytes:
    """A saved scenario as a workbook (:func:`workbook`), in its own language and currency
    unless ``speech`` is given."""
    if speech is None:
        speech = Speech(scenario.language, scenario.currency)
    q = quote(scenario.terms)
    return workbook(q, speech, discount_rate, "", scenario.name, scenario.description)[1]


def export_scenario(
    scenario, path: Path | str, discount_rate: float | None = None, speech: Speech | None = None
) -> Path:
    """Write ``scenario`` as an Excel workbook at ``path`` (atomically)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError("out", str(path), "a file name ending in .xlsx", "is not an .xlsx file")
    data = scenario_workbook(scenario, discount_rate, speech)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise PrepayError(f"out: cannot write {path} ({exc.strerror or exc})") from None
    return path
