"""Reading and validating the tables in ``data/`` (and any CSV a user hands in).

Each table has a pandera schema; validation is lazy, so one run lists every bad cell at once, as
:class:`Problem` s (``<file> row <n>, <column>: <value> <problem> (allowed: ...)``). Rows are
counted from 1 for the first data row (the header is not a row). Past this module, code trusts
the tables.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from prepay_modeller.core.errors import DataFileError, Problem
from prepay_modeller.inputs import limits, paths

# The readable name of each check pandera may report, as "problem (allowed: ...)".
_CHECK_TEXT = [
    (r"greater_than_or_equal_to\((.*)\)", "is below {0}", "{0} or more"),
    (r"greater_than\((.*)\)", "is not above {0}", "more than {0}"),
    (r"less_than_or_equal_to\((.*)\)", "is above {0}", "{0} or less"),
    (r"less_than\((.*)\)", "is not below {0}", "less than {0}"),
    (r"in_range\((.*), (.*)\)", "is outside {0}–{1}", "{0} to {1}"),
    (r"isin\(\[(.*)\]\)", "is not a known value", "one of {0}"),
    (r"str_matches\((.*)\)", "has the wrong form", "text matching {0}"),
    (r"str_length\((.*), (.*)\)", "is too long", "{0} to {1} characters"),
    (r"not_nullable", "is missing", "a value"),
    (r"field_uniqueness|unique", "is repeated", "each value once"),
    # pandas' nullable whole numbers are "Int64", numpy's "int64".
    (r"coerce_dtype\('[Ii]nt.*'\)", "is not a whole number", "a whole number"),
    (r"coerce_dtype\('float.*'\)", "is not a number", "a number"),
    (r"coerce_dtype\('datetime.*'\)", "is not a date", "a date as YYYY-MM-DD"),
    (r"coerce_dtype\('(str|string|object).*'\)", "is not text", "text"),
]


def _describe(check: str) -> tuple[str, str]:
    for pattern, problem, allowed in _CHECK_TEXT:
        m = re.fullmatch(pattern, check)
        if m:
            groups = [g.replace("'", "") for g in m.groups()]
            return problem.format(*groups), allowed.format(*groups)
    # Custom checks carry their own readable name: "problem|allowed".
    if "|" in check:
        problem, allowed = check.split("|", 1)
        return problem, allowed
    return f"fails the check {check}", check


def show_cell(value: object) -> str:
    """A cell's value as a message shows it: ``(empty)``, quoted when padded or unprintable."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "(empty)"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        # pandera gathers a file's failing cells in one column, which turns a whole number
        # into a float there when other failures are fractions: show 0, not 0.0.
        return str(int(value))
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


def schema_problems(
    errors, label: str, columns: list[str], required: list[str] | None = None
) -> list[Problem]:
    """Turn pandera's lazy ``SchemaErrors`` into one :class:`Problem` per bad cell."""
    problems: list[Problem] = []
    for case in errors.failure_cases.itertuples(index=False):
        check = str(case.check)
        column = case.column
        value = case.failure_case
        if check == "column_in_dataframe":
            problems.append(missing_column(label, value, columns if required is None else required))
            continue
        if check == "column_in_schema":
            problems.append(unknown_column(label, value, columns))
            continue
        if check.startswith("dataframe_column_labels_unique") or check == "column_labels_unique":
            problems.append(
                Problem(
                    source=label, detail=f"column {value} appears twice (allowed: each column once)"
                )
            )
            continue
        if isinstance(value, str) and re.match(r"^(TypeError|KeyError|ValueError)\(", value):
            continue  # a consequence of a missing column or an uncoercible cell, reported already
        if check.startswith("dtype("):
            continue  # reported by the coercion check of the same cell
        if check.startswith("@"):
            # A check across columns: report it once per row, under the column it is about.
            about, check = check[1:].split("|", 1)
            if column != about:
                continue
        problem, allowed = _describe(check)
        index = case.index
        row = int(index) + 1 if index is not None and not pd.isna(index) else None
        problems.append(
            Problem(
                field=column if isinstance(column, str) else "?",
                value=show_cell(value),
                allowed=allowed,
                problem=problem,
                source=label,
                row=row,
            )
        )
    # pandera may report the same cell under two checks (e.g. coercion and a range).
    return list(dict.fromkeys(problems))


def read_csv(
    path: Path | str, label: str | None = None, max_rows: int = limits.MAX_DATA_ROWS
) -> pd.DataFrame:
    """Read a CSV as text cells, so that validation sees exactly what the file says; a file past
    the size limits (:mod:`inputs.limits`) is refused before it is parsed."""
    path = Path(path)
    label = label or path.name
    if not path.is_file():
        raise DataFileError(path, [Problem(source=label, detail=f"file not found ({path})")])
    limits.check_csv(path, label, max_rows)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataFileError(
            path, [Problem(source=label, detail=f"not a readable CSV file ({exc})")]
        ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    # Empty cells are missing values; surrounding white space is not part of a value.
    return frame.apply(lambda col: col.str.strip()).replace({"": None})


def validate(frame: pd.DataFrame, schema, label: str) -> pd.DataFrame:
    """Validate ``frame`` lazily against a pandera schema; raise ``DataFileError`` listing all."""
    import pandera.errors

    try:
        return schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        columns = schema.columns if hasattr(schema, "columns") else schema.to_schema().columns
        required = [name for name, column in columns.items() if column.required]
        raise DataFileError(
            label, schema_problems(errors, label, list(columns), required)
        ) from None
    except pandera.errors.SchemaError as error:  # raised before lazy collection starts
        raise DataFileError(label, [Problem(source=label, detail=str(error))]) from None


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


@lru_cache(maxsize=8)
def _load(path: str, which: str) -> pd.DataFrame:
    # pandera costs half a second to import: only pay for it when a table is read.
    from prepay_modeller.inputs import schemas

    schema = {"options": schemas.Options, "splits": schemas.Splits, "okr": schemas.OkrTemplate}[
        which
    ]
    label = Path(path).name
    frame = validate(read_csv(path, label), schema, label)
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
