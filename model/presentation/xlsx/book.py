"""A workbook of live formulas whose values are cached, laid out for a person.

openpyxl writes a formula with an empty cached value (``<v/>``), so a viewer that does not
recalculate (a phone's or a mail client's preview, pandas, ``openpyxl``'s ``data_only``) shows
blank cells. Every formula here is written with the value the model gives it, and :meth:`Book.
data` writes those values into the sheets' XML once openpyxl has saved them (ECMA-376 Part 1,
§18.3.1.4: a cell's ``<f>`` and its last computed ``<v>``; ``t="str"`` for text, ``t="b"`` for
a truth value). Excel recalculates on opening (``fullCalcOnLoad``), LibreOffice where its
settings ask it to; either way it finds the values already there.

Text from people is written as text, never as a formula (:func:`presentation.exports.
safe_text`); formula text comes only from this package.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName

from prepay_modeller.presentation.exports import safe_text

_EPOCH = dt.date(1899, 12, 30)  # the 1900 date system's day 0, as Excel counts past 1900-03-01

DATE = "yyyy-mm-dd"
PERCENT = '0.00%;"\u2212"0.00%'
CENTS = "#,##0"
WHOLE = "0"

_THIN = Side(style="thin", color="999999")
STYLES = {
    "title": {"font": Font(bold=True, size=14)},
    "header": {
        "font": Font(bold=True),
        "fill": PatternFill("solid", fgColor="DCE6F1"),
        "alignment": Alignment(wrap_text=True, vertical="top"),
        "border": Border(bottom=_THIN),
    },
    "input": {"font": Font(color="1F4E9D"), "fill": PatternFill("solid", fgColor="FFF7D6")},
    "total": {"font": Font(bold=True), "border": Border(top=_THIN)},
    "strong": {"font": Font(bold=True)},
    "note": {"font": Font(italic=True, color="555555")},
    "wrap": {"alignment": Alignment(wrap_text=True, vertical="bottom")},
    "label": {},
    "": {},
}


def text_literal(text: str) -> str:
    """``text`` as a string inside a formula (``"..."``, quotes doubled)."""
    return '"' + safe_text(text).replace('"', '""') + '"'


class Sheet:
    """One worksheet: constants and formulas by row and column (from 1), each formula with the
    value it has for the exported scenario."""

    def __init__(self, book: Book, title: str):
        self.book = book
        self.ws = book.wb.create_sheet(title)
        self.title = title
        self.cached: dict[str, object] = {}
        self.widths: dict[int, int] = {}
        self.wrapped: list[tuple[int, int, int, str]] = []  # row, first col, last col, text
        self.heading_cells: list = []
        if book.rtl:
            self.ws.sheet_view.rightToLeft = True

    def put(self, row: int, col: int, value, fmt: str | None = None, style: str = "") -> str:
        """A constant (text neutralised, :func:`safe_text`); returns its coordinate."""
        if isinstance(value, str):
            value = safe_text(value)
        cell = self.ws.cell(row, col, value)
        self._dress(cell, fmt, style, value)
        if isinstance(value, str) and col > 1 and style in ("", "total", "header"):
            kept = cell.alignment  # apart from a number on its left
            cell.alignment = Alignment(wrap_text=kept.wrap_text, vertical=kept.vertical, indent=1)
        return cell.coordinate

    def formula(self, row: int, col: int, text: str, cached, fmt=None, style="") -> str:
        """The formula ``=text`` whose value for the exported scenario is ``cached``."""
        cell = self.ws.cell(row, col)
        cell.value = "=" + text
        self._dress(cell, fmt, style, cached)
        self.cached[cell.coordinate] = cached
        return cell.coordinate

    def _dress(self, cell, fmt, style, shown) -> None:
        if fmt:
            cell.number_format = fmt
        for attribute, value in STYLES[style].items():
            setattr(cell, attribute, value)
        if style == "wrap" and isinstance(shown, str):
            self.wrapped.append((cell.row, cell.column, cell.column, shown))
        elif style not in ("title", "note", "header", "label"):
            self.widths[cell.column] = max(self.widths.get(cell.column, 0), _width(shown, fmt))

    def ref(self, row: int, col: int, sheet: bool = True, fixed: bool = True) -> str:
        """A reference to a cell (``'Schedule'!$G$5``), absolute unless ``fixed`` is False."""
        letter = get_column_letter(col)
        coordinate = f"${letter}${row}" if fixed else f"{letter}{row}"
        return f"{quote_sheetname(self.title)}!{coordinate}" if sheet else coordinate

    def span(self, row: int, col: int, last_row: int, last_col: int, sheet=True) -> str:
        """A reference to a block of cells (``'Working'!$E$5:$E$8``)."""
        first = self.ref(row, col, sheet=False)
        last = self.ref(last_row, last_col, sheet=False)
        return f"{quote_sheetname(self.title)}!{first}:{last}" if sheet else f"{first}:{last}"

    def name(self, name: str, row: int, col: int) -> None:
        """A workbook-level defined name for a cell (``rate``, ``total``)."""
        self.book.wb.defined_names[name] = DefinedName(name, attr_text=self.ref(row, col))

    def headers(self, row: int, col: int, texts) -> None:
        """A table's headings, wrapped within their columns."""
        for offset, text in enumerate(texts):
            self.put(row, col + offset, text, style="header")
            self.heading_cells.append(self.ws.cell(row, col + offset))
            width = min(max(len(w) for w in str(text).split()) + 1, 40) if text else 0
            self.widths[col + offset] = max(self.widths.get(col + offset, 0), width)
            self.wrapped.append((row, col + offset, col + offset, str(text)))

    def heading(self, title: str, note: str, last_col: int) -> None:
        """The sheet's title in A1 and what it shows in A2, wrapped across ``last_col`` columns."""
        self.put(1, 1, title, style="title")
        self.note(2, 1, note, last_col)

    def note(self, row: int, col: int, text: str, last_col: int) -> None:
        """A sentence for people, wrapped across columns ``col`` to ``last_col``."""
        self.put(row, col, text, style="note")
        self.ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=last_col)
        self.ws.cell(row, col).alignment = Alignment(wrap_text=True, vertical="top")
        self.wrapped.append((row, col, last_col, text))

    def finish(self, freeze: str | None, landscape: bool = True) -> None:
        """Column widths, rows high enough for their wrapped text, frozen headings, print area
        (the used range, one page wide)."""
        widths = {c: min(max(w + 2, 8), 60) for c, w in self.widths.items()}
        for col, width in widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = width
        lines: dict[int, int] = {}
        for row, first, last, text in self.wrapped:
            room = sum(widths.get(c, 8) for c in range(first, last + 1)) - 1
            lines[row] = max(lines.get(row, 1), _lines(text, room))
        for row, count in lines.items():
            if count > 1:
                self.ws.row_dimensions[row].height = 15 * count + 2
        for cell in self.heading_cells:  # over numbers, a heading sits right as they do
            below = self.ws.cell(cell.row + 1, cell.column)
            shown = self.cached.get(below.coordinate, below.value)
            if _is_number(shown) and not self.book.rtl:
                cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="right")
            elif cell.column > 1:
                cell.alignment = Alignment(wrap_text=True, vertical="top", indent=1)
        if freeze:
            self.ws.freeze_panes = freeze
        ws = self.ws
        ws.print_area = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if freeze and freeze[1:] != "1":
            ws.print_title_rows = f"1:{int(freeze[1:]) - 1}"


class Book:
    """The workbook: its sheets in the order people read them."""

    def __init__(self, rtl: bool = False):
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.wb.calculation.fullCalcOnLoad = True
        self.rtl = rtl
        self.sheets: list[Sheet] = []

    def sheet(self, title: str) -> Sheet:
        sheet = Sheet(self, title)
        self.sheets.append(sheet)
        return sheet

    def data(self, cache: bool = True) -> bytes:
        """The .xlsx file's bytes, every formula's value cached unless ``cache`` is False."""
        buffer = io.BytesIO()
        self.wb.save(buffer)
        if not cache:
            return buffer.getvalue()
        return with_cached_values(buffer.getvalue(), {s.title: s.cached for s in self.sheets})


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal | dt.date) and not isinstance(value, bool)


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped at ``width`` characters (a little narrower:
    proportional fonts)."""
    count, used = 1, 0
    for word in text.split():
        size = len(word) * 1.1
        if used and used + 1 + size > width:
            count, used = count + 1, size
        else:
            used += (1 if used else 0) + size
    return count


def _width(value, fmt) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float | Decimal | int) and not isinstance(value, bool):
        if fmt == PERCENT:
            return 8
        try:
            return len(f"{Decimal(str(value)):,.2f}") + 2
        except ArithmeticError:
            return 8
    return len(str(value))


# --- the cached values, written into the saved XML -------------------------------------------

_SHEET = re.compile(r'<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(r'<Relationship [^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"|'
                  r'<Relationship [^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')  # fmt: skip
_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v\s*/>(</c>)')


def _unescape(text: str) -> str:
    return (
        text.replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part's path in the archive (``xl/worksheets/sheet1.xml``)."""
    book = archive.read("xl/workbook.xml").decode("utf-8")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = {}
    for m in _REL.finditer(rels):
        rid, target = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        targets[rid] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return {_unescape(name): targets[rid] for name, rid in _SHEET.findall(book)}


def _value_xml(value) -> tuple[str, str] | None:
    """``(type attribute, <v> text)`` of a cached value; None where it has none."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ' t="b"', "1" if value else "0"
    if isinstance(value, str):
        return ' t="str"', escape(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return "", str((value - _EPOCH).days)
    number = float(value)
    if not math.isfinite(number):
        return None
    return "", repr(int(number)) if number.is_integer() and abs(number) < 2**53 else repr(number)


def with_cached_values(data: bytes, cached: dict[str, dict[str, object]]) -> bytes:
    """``data`` (an .xlsx file openpyxl wrote) with each formula cell's cached value filled in
    from ``cached`` (sheet name → coordinate → value)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {path: cached[name] for name, path in _sheet_parts(source).items() if name in cached}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            values = parts.get(info.filename)
            if values:
                content = _fill(content.decode("utf-8"), values).encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def _fill(xml: str, values: dict[str, object]) -> str:
    def one(m: re.Match) -> str:
        shown = _value_xml(values.get(m.group(1)))
        if shown is None:
            return m.group(0)
        kind, text = shown
        return f'<c r="{m.group(1)}"{m.group(2)}{kind}><f>{m.group(3)}</f><v>{text}</v></c>'

    return _FORMULA_CELL.sub(one, xml)
