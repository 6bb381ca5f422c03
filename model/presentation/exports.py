"""Files people download or export: CSV and Excel workbooks of a scenario.

One writer makes every workbook (:func:`workbook_bytes`): money cells are numbers formatted to
the cent, dates are dates, shares percents; every text cell is neutralised against formula
injection (OWASP's rule: text starting with ``= + - @`` or a tab or carriage return is prefixed
with ``'``) and stripped of characters a workbook cannot hold. Every number is the core's as it
is (exact ``Decimal`` dollars), so the files add up exactly as the schedule does.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

from prepay_modeller.core.comparison import compare
from prepay_modeller.core.errors import InputError, PrepayError
from prepay_modeller.core.quote import Quote, quote
from prepay_modeller.inputs.files import write_atomic

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00%"
DATE_FORMAT = "yyyy-mm-dd"
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


def summary_rows(q: Quote) -> list[tuple[str, object]]:
    """The scenario's terms and headline figures as ``(item, value)`` rows."""
    t, tot = q.terms, q.totals
    return [
        ("Option", t.option.display),
        ("Monthly rate", t.rate.quantize(Decimal("0.01"))),
        ("Horizon (months)", t.horizon),
        ("Start", t.start),
        ("Payment terms (days)", t.payment_terms),
        ("On-target total", tot["on_target"]),
        ("Fixed (prepaid)", tot["fixed"]),
        ("Variable", tot["variable"]),
        ("Total", tot["total"]),
        ("Pay-as-you-go", tot["payg_total"]),
        ("Savings vs pay-as-you-go", tot["savings_vs_payg"]),
        ("Break-even performance", q.break_even_performance),
        (f"Opt-out within {q.opt_out_days} days", q.opt_out_cost),
    ]


def summary_frame(q: Quote) -> pd.DataFrame:
    return pd.DataFrame(summary_rows(q), columns=["item", "value"])


def _cell(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        return safe_text(value)
    if hasattr(value, "item") and not isinstance(value, dt.date):
        return value.item()  # numpy scalars
    return value


def _width(value) -> int:
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    return 0 if value is None else len(str(value))


def workbook_bytes(sheets: dict[str, pd.DataFrame], percent_columns=("performance",)) -> bytes:
    """An Excel workbook of ``sheets`` (name → frame, first row the headings)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append([safe_text(str(c)) for c in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in frame.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
        for col_index, column in enumerate(frame.columns, start=1):
            letter = get_column_letter(col_index)
            cells = sheet[letter][1:]
            for cell in cells:
                if isinstance(cell.value, Decimal):
                    cell.number_format = MONEY_FORMAT
                elif isinstance(cell.value, dt.date):
                    cell.number_format = DATE_FORMAT
                elif column in percent_columns and isinstance(cell.value, float):
                    cell.number_format = PERCENT_FORMAT
            width = max([len(str(column)), 8] + [_width(c.value) for c in cells])
            sheet.column_dimensions[letter].width = min(width + 2, 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook(q: Quote) -> tuple[str, bytes]:
    """The app's workbook: sheets Summary, Schedule and Invoices: ``(file name, bytes)``.
    Performances and the summary's shares (break-even) are percents."""
    data = workbook_bytes(
        {"Summary": summary_frame(q), "Schedule": q.schedule, "Invoices": q.invoices},
        percent_columns=("performance", "value"),
    )
    return f"prepay-{_stem(q.terms)}.xlsx", data


def scenario_workbook(scenario, discount_rate: float | None) -> bytes:
    """A saved scenario as a workbook: sheets Assumptions, Schedule, Invoices and Comparison
    (every option on the horizon; with NPV and IRR where a discount rate is given, the IRR only
    where it is unique and ``irr_note`` saying why elsewhere)."""
    from prepay_modeller.core import timevalue

    t = scenario.terms
    q = quote(t)
    assumptions = [
        ("name", scenario.name),
        ("description", scenario.description),
        ("option", t.option.name),
        ("option label", t.option.label),
        ("rate (per month)", t.rate),
        ("horizon (months)", t.horizon),
        ("start", t.start),
        ("payment terms (days)", t.payment_terms),
        ("discount rate", discount_rate if discount_rate is not None else ""),
    ]
    for n, (split, perf) in enumerate(zip(t.splits, t.performance, strict=True), start=1):
        assumptions.append((f"Q{n} performance", float(perf)))
        assumptions.append((f"Q{n} fixed share", float(split.fixed)))
        assumptions.append((f"Q{n} variable max", float(split.variable_max)))
    comparison = compare(t).table.copy()
    if discount_rate is not None:
        npv = timevalue.npv_table(t, discount_rate).set_index("option")
        for column in ("npv", "npv_savings_vs_payg", "irr_vs_payg", "irr_note"):
            comparison[column] = [npv.loc[o, column] for o in comparison["option"]]
    return workbook_bytes(
        {
            "Assumptions": pd.DataFrame(assumptions, columns=["field", "value"]),
            "Schedule": q.schedule,
            "Invoices": q.invoices,
            "Comparison": comparison,
        },
        percent_columns=(),
    )


def export_scenario(scenario, path: Path | str, discount_rate: float | None = None) -> Path:
    """Write ``scenario`` as an Excel workbook at ``path`` (atomically)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError("out", str(path), "a file name ending in .xlsx", "is not an .xlsx file")
    data = scenario_workbook(scenario, discount_rate)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise PrepayError(f"out: cannot write {path} ({exc.strerror or exc})") from None
    return path
