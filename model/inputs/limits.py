"""How much of a file the project reads: checked where a CSV is opened, before it is parsed.

A table a person hands in (a prospects file for ``prepay reports``, the data files in ``data/``)
is read whole and checked cell by cell; a file of a million rows, or one cell of ten megabytes,
would take minutes to check and fill every error message. :func:`check_csv` reads the file's
bytes once with Python's CSV reader and stops at the first limit it passes, so that such a file
is refused in well under a second with one line naming the file, the row and the limit.

The limits (the documentation's "Limits" table repeats them):

- a prospects file: at most :data:`MAX_PROSPECT_ROWS` rows (one report each);
- a data file (options, splits, OKR template): at most :data:`MAX_DATA_ROWS` rows;
- either: at most :data:`MAX_FILE_BYTES` bytes, :data:`MAX_COLUMNS` cells a row and
  :data:`MAX_CELL_BYTES` bytes a cell.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from prepay_modeller.core.errors import DataFileError, Problem

MAX_PROSPECT_ROWS = 5_000
MAX_DATA_ROWS = 1_000
MAX_FILE_BYTES = 20_000_000
MAX_COLUMNS = 200
MAX_CELL_BYTES = 4_096


class _TooMuch(Exception):
    def __init__(self, detail: str, row: int | None = None):
        self.detail, self.row = detail, row


def check_csv(path: Path | str, label: str, max_rows: int = MAX_DATA_ROWS) -> None:
    """Raise :class:`DataFileError` if the CSV at ``path`` passes a limit: its size, its number
    of rows (``max_rows``, the header not counted), cells a row, bytes a cell. A file that is
    not CSV at all is left to the parser, which names what is wrong with it."""
    path = Path(path)
    try:
        _check(path, max_rows)
    except _TooMuch as too_much:
        problem = Problem(source=label, row=too_much.row or None, detail=too_much.detail)
        raise DataFileError(path, [problem]) from None


def _check(path: Path, max_rows: int) -> None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _TooMuch(f"the file holds {size:,} bytes (allowed: at most {MAX_FILE_BYTES:,} "
                           "bytes)")  # fmt: skip
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return  # missing or unreadable: the reader says so
    reader = csv.reader(io.StringIO(text, newline=""))
    number = -1  # the header is record 0; data rows count from 1, as in every message
    try:
        for number, cells in enumerate(reader):
            if number > max_rows:
                raise _TooMuch(f"more than {max_rows:,} rows (allowed: at most {max_rows:,} "
                               "rows; split the file)")  # fmt: skip
            if len(cells) > MAX_COLUMNS:
                raise _TooMuch(f"{len(cells):,} cells in a row (allowed: at most {MAX_COLUMNS} "
                               "cells a row)", number)  # fmt: skip
            for cell in cells:
                if len(cell) > MAX_CELL_BYTES // 4 and len(cell.encode()) > MAX_CELL_BYTES:
                    raise _cell_too_large(number, len(cell.encode()))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _cell_too_large(number + 1, csv.field_size_limit()) from None
        # a NUL byte, a broken quote: the parser names it


def _cell_too_large(row: int, size: int) -> _TooMuch:
    more = "more than " if size == csv.field_size_limit() else ""
    return _TooMuch(
        f"a cell of {more}{size:,} bytes (allowed: at most {MAX_CELL_BYTES:,} bytes a cell)", row
    )
