"""Reading and validating the tables in ``data/`` (and any CSV a user hands in).

Each table is declared as its columns, each column a :class:`core.fields.Field` (type, bounds,
words) read by the one reader (:func:`inputs.numbers.read`, in the command line's forms), so a
cell means what the same text means in a flag or a scenario file. One run lists every bad cell
at once, as :class:`Problem` s (``<file> row <n>, <column>: <value> <problem> (allowed: ...)``).
Rows are counted from 1 for the first data row (the header is not a row). The catalog's rows
are then built into the core's pydantic models (:class:`core.terms.Option`, :class:`Split`),
which check what spans a row. Past this module, code trusts the tables.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pandas as pd

from prepay_modeller.core import fields as F
from prepay_modeller.core.errors import DataFileError, InputError, Problem
from prepay_modeller.core.fields import N_, Field
from prepay_modeller.inputs import limits, numbers, paths

MAX_QUARTER = F.MAX_HORIZON // 3
MAX_TARGET = Decimal("1e15")  # a key result's target: any finite count or amount anyone sets
MAX_CELL = 1_000  # characters of a text cell (limits.MAX_CELL_BYTES bounds every cell's bytes)


@dataclass(frozen=True)
class Column:
    """One column of a data table: its cells read as ``field`` says; ``required``: the file
    must have the column; ``nullable``: a cell may be empty; ``unique``: each value once;
    ``choices``/``pattern``: the text allowed."""

    field: Field
    required: bool = True
    nullable: bool = False
    unique: bool = False
    choices: tuple[str, ...] = ()
    pattern: str = ""
    rule: tuple = ()  # (test of a value read, the problem's words where it fails)

    @property
    def name(self) -> str:
        return self.field.name


def _text(name: str) -> Field:
    return Field(name, name, F.TEXT, allowed=N_("text"))


def _number(name: str, kind: str, low, high, allowed: str, **more) -> Field:
    return Field(name, name, kind, low, high, allowed, **more)


OPTIONS = (
    Column(_text("option"), unique=True, pattern=r"[a-z0-9][a-z0-9-]*"),
    Column(_number("months", F.WHOLE, 1, 60,
                   N_("1 (pay-as-you-go) or a multiple of 3 up to {high}")),
           rule=(lambda m: m == 1 or m % 3 == 0, N_("is neither 1 nor a multiple of 3"))),
    Column(_number("discount", F.SHARE, Decimal(0), Decimal("0.99"),
                   N_("from {low} to {high}, as 0.2 or 20%"), fraction_max=Decimal(1))),
    Column(_number("opt_out_days", F.WHOLE, 0, 365, N_("from {low} to {high} days"))),
    Column(_text("label")),
)  # fmt: skip
SPLITS = (
    Column(_number("quarter", F.WHOLE, 1, MAX_QUARTER, N_("a quarter from {low} to {high}")),
           unique=True),
    Column(_text("stage")),
    Column(F.FIXED),
    Column(F.VARIABLE_MAX),
)  # fmt: skip
OKR = (
    Column(_number("quarter", F.WHOLE, 1, MAX_QUARTER, N_("a quarter from {low} to {high}"))),
    Column(_text("objective")),
    Column(_text("key_result")),
    Column(_number("weight", F.SHARE, Decimal(0), Decimal(1), N_("from {low} to {high}"),
                   fraction_max=Decimal(1))),
    Column(_text("kind"), choices=("milestone", "numeric")),
    Column(_text("direction"), choices=("higher", "lower")),
    Column(_number("target", F.NUMBER, Decimal(0), MAX_TARGET,
                   N_("more than {low}, up to {high}"), low_open=True)),
    Column(_text("unit"), nullable=True),
    # A key result stated against the previous quarter ("CAC 10% under the previous quarter":
    # 0.9) takes its target from the previous quarter's actual; empty: the target stands alone.
    Column(_number("vs_previous", F.NUMBER, Decimal(0), Decimal(100),
                   N_("more than {low}, up to {high}"), low_open=True),
           required=False, nullable=True),
)  # fmt: skip
TABLES = {"options": OPTIONS, "splits": SPLITS, "okr": OKR}


def show_cell(value: object) -> str:
    """A cell's value as a message shows it: ``(empty)``, quoted when padded or unprintable."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "(empty)"
    text = str(value)
    return repr(text) if text.strip() != text or text == "" or not text.isprintable() else text


def missing_column(label: str, name: str, required: list[str]) -> Problem:
    return Problem(
        source=label,
        detail=f"column {name} is missing (required columns: {', '.join(required)})",
    )


def unknown_column(label: str, name, columns: list[str]) -> Problem:
    return Problem(
        source=label,
        detail=f"column {show_cell(name)} is unknown (allowed columns: {', '.join(columns)})",
    )


def repeated_column(label: str, name) -> Problem:
    return Problem(
        source=label, detail=f"column {show_cell(name)} appears twice (allowed: each column once)"
    )


def read_csv(
    path: Path | str, label: str | None = None, max_rows: int = limits.MAX_DATA_ROWS
) -> pd.DataFrame:
    """Read a CSV as text cells, so that validation sees exactly what the file says; a file past
    the size limits (:mod:`inputs.limits`) is refused before it is parsed, and a column named
    twice is refused (pandas would rename the second)."""
    path = Path(path)
    label = label or path.name
    if not path.is_file():
        raise DataFileError(path, [Problem(source=label, detail=f"file not found ({path})")])
    limits.check_csv(path, label, max_rows)
    try:
        with open(path, encoding="utf-8", newline="") as f:
            header = next(csv.reader(io.StringIO(f.readline())), [])
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(
            path, [Problem(source=label, detail=f"not a readable CSV file ({exc})")]
        ) from None
    names = [str(c).strip() for c in header]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DataFileError(path, [repeated_column(label, n) for n in twice])
    frame.columns = [str(c).strip() for c in frame.columns]
    # Empty cells are missing values; surrounding white space is not part of a value.
    return frame.apply(lambda col: col.str.strip()).replace({"": None})


def check_columns(
    frame: pd.DataFrame, columns, label: str, unknown_ok: bool = False
) -> list[Problem]:
    """The file's columns against the declared ones: missing required, unknown."""
    names = [c.name for c in columns]
    required = [c.name for c in columns if c.required]
    problems = [missing_column(label, n, required) for n in required if n not in frame.columns]
    if not unknown_ok:
        problems += [unknown_column(label, c, names) for c in frame.columns if c not in names]
    return problems


def read_cell(column: Column, text: str | None, row: int, label: str, problems: list):
    """One cell as its column's value (None where empty and allowed); a problem is added to
    ``problems``, located at ``label`` and ``row``."""
    name = column.name
    if text is None:
        if not column.nullable:
            problems.append(Problem(name, "(empty)", N_("a value"), N_("is missing"),
                                    source=label, row=row))  # fmt: skip
        return None
    if len(text) > MAX_CELL:
        problems.append(Problem(name, show_cell(text[:20] + "…"), f"at most {MAX_CELL} characters",
                                "is too long", source=label, row=row))  # fmt: skip
        return None
    field = column.field
    if field.kind == F.TEXT:
        if column.choices and text not in column.choices:
            problems.append(Problem(name, show_cell(text), "one of " + ", ".join(column.choices),
                                    "is not a known value", source=label, row=row))  # fmt: skip
            return None
        if column.pattern and not re.fullmatch(column.pattern, text):
            problems.append(Problem(name, show_cell(text), f"text matching {column.pattern}",
                                    "has the wrong form", source=label, row=row))  # fmt: skip
            return None
        return text
    try:
        value = numbers.read(field, text)
    except InputError as exc:
        problems.extend(p.located(label, row) for p in exc.problems)
        return None
    if column.rule and not column.rule[0](value):
        problems.append(field.problem(name, show_cell(text), column.rule[1]).located(label, row))
        return None
    return value


def read_table(frame: pd.DataFrame, columns, label: str, problems: list[Problem]) -> pd.DataFrame:
    """Every cell of ``frame`` read by its column (whole numbers as int, others as float, text
    as str); a row with a bad cell is left out and its problems added to ``problems``. A
    missing or unknown column raises :class:`DataFileError` at once (no row can be read)."""
    found = check_columns(frame, columns, label)
    if found:
        raise DataFileError(label, found)
    present = [c for c in columns if c.name in frame.columns]
    rows = []
    for index, cells in enumerate(frame.itertuples(index=False), start=1):
        values = dict(zip(frame.columns, cells, strict=True))
        row, before = {"source_row": index}, len(problems)
        for column in present:
            value = read_cell(column, values[column.name], index, label, problems)
            if isinstance(value, Decimal):
                value = float(value)
            row[column.name] = value
        if len(problems) == before:
            rows.append(row)
    for column in present:
        if column.unique:
            seen: dict = {}
            for row in rows:
                value = row[column.name]
                if value is not None and value in seen:
                    problems.append(Problem(column.name, show_cell(value), "each value once",
                                            "is repeated", source=label,
                                            row=row["source_row"]))  # fmt: skip
                seen.setdefault(value, row["source_row"])
    frame = pd.DataFrame(rows, columns=["source_row"] + [c.name for c in present])
    for column in present:
        if column.field.kind in (F.NUMBER, F.SHARE):
            frame[column.name] = pd.to_numeric(frame[column.name])
    return frame


def _check_weights(frame: pd.DataFrame, label: str) -> None:
    sums = frame.groupby("quarter")["weight"].sum()
    bad = [
        Problem(
            field="weight",
            source=label,
            detail=f"quarter {q}'s weights add up to {s:g} (allowed: they add up to 1)",
        )
        for q, s in sums.items()
        if abs(s - 1) > 1e-9
    ]
    if bad:
        raise DataFileError(label, bad)


def _check_rows(frame: pd.DataFrame, which: str, label: str) -> list[Problem]:
    """What spans a row, as the core's models check it (a months count of 4, a cap below the
    on-target variable share), located at the row."""
    from prepay_modeller.core.money import to_decimal
    from prepay_modeller.core.terms import Option, Split

    problems: list[Problem] = []
    for row in frame.itertuples(index=False):
        index = row.source_row
        try:
            if which == "options":
                Option(name=row.option, months=row.months, discount=to_decimal(row.discount),
                       opt_out_days=row.opt_out_days, label=row.label)  # fmt: skip
            elif which == "splits":
                Split(stage=row.stage, fixed=to_decimal(row.fixed),
                      variable_max=to_decimal(row.variable_max))  # fmt: skip
        except InputError as exc:
            problems.extend(p.located(label, index) for p in exc.problems)
    return problems


@lru_cache(maxsize=8)
def _load(path: str, which: str) -> pd.DataFrame:
    label = Path(path).name
    problems: list[Problem] = []
    frame = read_table(read_csv(path, label), TABLES[which], label, problems)
    problems += _check_rows(frame, which, label)
    if problems:  # every bad cell and row at once, in the file's order
        found = sorted(dict.fromkeys(problems), key=lambda p: p.row or 0)
        raise DataFileError(label, found)
    frame = frame.drop(columns="source_row")
    if frame.empty:
        raise DataFileError(
            label, [Problem(source=label, detail="has no rows (allowed: at least one row)")]
        )
    if which == "okr":
        _check_weights(frame, label)
    if which == "splits":
        frame = frame.sort_values("quarter").reset_index(drop=True)
        expected = list(range(1, len(frame) + 1))
        if list(frame["quarter"]) != expected:
            raise DataFileError(
                label,
                [
                    Problem(
                        field="quarter",
                        source=label,
                        detail=f"{list(frame['quarter'])} (allowed: 1, 2, 3... with no gaps)",
                    )
                ],
            )
    return frame


def load_options(path: Path | str | None = None) -> pd.DataFrame:
    """The prepay options (``option, months, discount, opt_out_days, label``)."""
    return _load(str(path or paths.data_file("options.csv")), "options").copy()


def load_splits(path: Path | str | None = None) -> pd.DataFrame:
    """The quarterly splits (``quarter, stage, fixed, variable_max``), quarter 1 first."""
    return _load(str(path or paths.data_file("splits.csv")), "splits").copy()


def load_okr_template(path: Path | str | None = None) -> pd.DataFrame:
    """The article's OKR template (``quarter, objective, key_result, weight, kind, direction,
    target, unit``)."""
    return _load(str(path or paths.data_file("okr_template.csv")), "okr").copy()
