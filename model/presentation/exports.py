"""Files people download or export: CSV and Excel workbooks of a scenario.

Every text cell is neutralised against formula injection (OWASP's rule, widened: text whose
first sign, once blanks are skipped, is ``= + - @``, or which starts with a tab or carriage
return, is prefixed with ``'``) and stripped of characters a file cannot hold
(:func:`safe_text`). One function makes every workbook (:func:`workbook`): live formulas over
the scenario's inputs, whose cached values are the core's figures to the cent
(:mod:`presentation.xlsx`); formula text comes only from the product. One writer makes every CSV
(:func:`csv_rows`, :func:`csv_text`): a cell holding a carriage return, a line break or a quote
is quoted.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from prepay_modeller.core.errors import InputError, PrepayError
from prepay_modeller.core.quote import Quote, quote
from prepay_modeller.inputs.files import write_atomic
from prepay_modeller.presentation.i18n import ENGLISH, N_, Speech

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP's CSV-injection rule
# What a spreadsheet may also read as the start of a formula once it has skipped blanks: the
# same signs, and their full-width forms (which some spreadsheets take for the ASCII ones).
_FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _blank(char: str) -> bool:
    """White space, a control or an invisible format character (zero-width space, BOM...)."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as text: never run as a formula, no illegal characters.

    OWASP's rule (text starting with ``= + - @``, a tab or a carriage return is prefixed with
    ``'``), also where the sign comes after white space, control or invisible characters that
    a spreadsheet may skip (``" =1+1"``, ``"\\u200b=1+1"``).
    """
    text = _ILLEGAL.sub("", text)
    start = next((n for n, char in enumerate(text) if not _blank(char)), len(text))
    if text.startswith(_FORMULA_START) or text.startswith(_FORMULA_SIGNS, start):
        return "'" + text
    return text


def csv_rows(rows: Iterable[Sequence]) -> str:
    """Rows as CSV text, the project's one CSV writer: every text cell through :func:`safe_text`,
    a cell holding a carriage return, a line break, a comma or a quote quoted (RFC 4180), rows
    ending with a line break."""
    return _written([safe_text(v) if isinstance(v, str) else v for v in row] for row in rows)


def _written(rows: Iterable[Sequence]) -> str:
    lines = []
    for row in rows:
        buffer = io.StringIO()
        # Python's writer quotes a cell for the characters of its own line end only: with CR LF,
        # a bare carriage return is quoted too. The row's own CR LF then becomes a line break,
        # as everywhere else in the project's text output.
        csv.writer(buffer, lineterminator="\r\n").writerow(row)
        lines.append(buffer.getvalue()[:-2])
    return "".join(line + "\n" for line in lines)


def _stem(terms) -> str:
    return f"{terms.option.name}-{terms.horizon}m-{terms.start:%Y-%m-%d}"


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text (:func:`csv_rows`), every text cell and heading neutralised; numbers,
    dates and empty cells written as pandas writes them. The CSV of the downloads and of
    ``prepay ... --format csv``."""
    safe = frame.copy()
    safe.columns = [safe_text(str(c)) for c in safe.columns]
    for index in range(safe.shape[1]):
        values = safe.iloc[:, index]
        safe.isetitem(index, [safe_text(v) if isinstance(v, str) else v for v in values])
    # pandas formats the cells (NaN empty, dates ISO), read back as they are to be written.
    text = safe.to_csv(index=False, lineterminator="\r\n")
    return _written(csv.reader(io.StringIO(text, newline="")))


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
