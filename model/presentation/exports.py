"""Files people download: the quarterly schedule and the invoices as CSV, both as an Excel workbook.

Only formatting happens here: every number is the model's frame as it is (exact ``Decimal``
dollars), so the files add up exactly as the schedule does.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pandas as pd

from prepay_modeller.core import payouts
from prepay_modeller.core.terms import Terms

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00%"


def _stem(terms: Terms) -> str:
    return f"{terms.option.name}-{terms.horizon}m-{terms.start:%Y-%m-%d}"


def schedule_csv(terms: Terms) -> tuple[str, bytes]:
    """The quarterly schedule as CSV: ``(file name, bytes)``."""
    text = payouts.quarterly_schedule(terms).to_csv(index=False)
    return f"schedule-{_stem(terms)}.csv", text.encode("utf-8")


def invoices_csv(terms: Terms) -> tuple[str, bytes]:
    """The dated invoices as CSV: ``(file name, bytes)``."""
    text = payouts.invoices(terms).to_csv(index=False)
    return f"invoices-{_stem(terms)}.csv", text.encode("utf-8")


def summary_frame(terms: Terms) -> pd.DataFrame:
    """The scenario's terms and headline figures as ``item, value`` rows (first sheet)."""
    tot = payouts.totals(terms)
    be = payouts.break_even_performance(terms)
    cost = payouts.opt_out_cost(terms)
    rows = [
        ("Option", terms.option.label or terms.option.name),
        ("Monthly rate", terms.rate.quantize(Decimal("0.01"))),
        ("Horizon (months)", terms.horizon),
        ("Start", terms.start),
        ("Payment terms (days)", terms.payment_terms),
        ("On-target total", tot["on_target"]),
        ("Fixed (prepaid)", tot["fixed"]),
        ("Variable", tot["variable"]),
        ("Total", tot["total"]),
        ("Pay-as-you-go", tot["payg_total"]),
        ("Savings vs pay-as-you-go", tot["savings_vs_payg"]),
        ("Break-even performance", be),
        ("Opt-out within 30 days", cost),
    ]
    return pd.DataFrame(rows, columns=["item", "value"])


def workbook(terms: Terms) -> tuple[str, bytes]:
    """An Excel workbook with sheets Summary, Schedule and Invoices: ``(file name, bytes)``.

    Money cells are numbers formatted ``#,##0.00``, dates are dates, performances percents.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheets = {
        "Summary": summary_frame(terms),
        "Schedule": payouts.quarterly_schedule(terms),
        "Invoices": payouts.invoices(terms),
    }
    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in frame.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
        for col_index, column in enumerate(frame.columns, start=1):
            letter = get_column_letter(col_index)
            for cell in sheet[letter][1:]:
                if isinstance(cell.value, Decimal):
                    cell.number_format = MONEY_FORMAT
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif column in ("performance",) or (
                    name == "Summary" and isinstance(cell.value, float)
                ):
                    cell.number_format = PERCENT_FORMAT
            width = max(len(str(column)), *(len(_text(c.value)) for c in sheet[letter][1:]), 8)
            sheet.column_dimensions[letter].width = min(width + 2, 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return f"prepay-{_stem(terms)}.xlsx", buffer.getvalue()


def _cell(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item") and not isinstance(value, (Decimal, dt.date)):
        return value.item()  # numpy scalars
    return value


def _text(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return "" if value is None else str(value)
