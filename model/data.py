"""Reading and validating the tables in ``data/`` (and any CSV a user hands in).

Each table has a pandera schema; validation is lazy, so one run lists every bad cell at once as
``<file> row <n>, <column>: <value> <problem> (allowed: ...)``. Rows are counted from 1 for the
first data row (the header is not a row). Past this module, code trusts the tables.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from model import paths
from model.errors import DataFileError

# The readable name of each check pandera may report, as "problem (allowed: ...)".
_CHECK_TEXT = [
    (r"greater_than_or_equal_to\((.*)\)", "is below {0}", "{0} or more"),
    (r"greater_than\((.*)\)", "is not above {0}", "more than {0}"),
    (r"less_than_or_equal_to\((.*)\)", "is above {0}", "{0} or less"),
    (r"less_than\((.*)\)", "is not below {0}", "less than {0}"),
    (r"in_range\((.*), (.*)\)", "is outside {0}–{1}", "{0} to {1}"),
    (r"isin\(\[(.*)\]\)", "is not a known value", "one of {0}"),
    (r"str_matches\((.*)\)", "has the wrong form", "text matching {0}"),
    (r"not_nullable", "is missing", "a value"),
    (r"field_uniqueness|unique", "is repeated", "each value once"),
    (r"coerce_dtype\('int.*'\)", "is not a whole number", "a whole number"),
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


def _show(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "(empty)"
    text = str(value)
    return repr(text) if text.strip() != text or text == "" else text


def schema_problems(errors, label: str, columns: list[str]) -> list[str]:
    """Turn pandera's lazy ``SchemaErrors`` into one readable line per bad cell."""
    problems: list[str] = []
    cases = errors.failure_cases
    for case in cases.itertuples(index=False):
        check = str(case.check)
        column = case.column
        value = case.failure_case
        if check == "column_in_dataframe":
            problems.append(
                f"{label}: column {value} is missing (required columns: {', '.join(columns)})"
            )
            continue
        if check == "column_in_schema":
            problems.append(
                f"{label}: column {_show(value)} is unknown (allowed columns: {', '.join(columns)})"
            )
            continue
        if check.startswith("dataframe_column_labels_unique") or check == "column_labels_unique":
            problems.append(f"{label}: column {value} appears twice (allowed: each column once)")
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
        where = (
            f"{label} row {int(index) + 1}, "
            if index is not None and not pd.isna(index)
            else f"{label}, "
        )
        if not isinstance(column, str):
            column = "?"
        problems.append(f"{where}{column}: {_show(value)} {problem} (allowed: {allowed})")
    # pandera may report the same cell under two checks (e.g. coercion and a range).
    return list(dict.fromkeys(problems))


def read_csv(path: Path | str, label: str | None = None) -> pd.DataFrame:
    """Read a CSV as text cells, so that validation sees exactly what the file says."""
    path = Path(path)
    label = label or path.name
    if not path.is_file():
        raise DataFileError(path, [f"{label}: file not found ({path})"])
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataFileError(path, [f"{label}: not a readable CSV file ({exc})"]) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    # Empty cells are missing values; surrounding white space is not part of a value.
    return frame.apply(lambda col: col.str.strip()).replace({"": None})


def validate(frame: pd.DataFrame, schema, label: str) -> pd.DataFrame:
    """Validate ``frame`` lazily against a pandera schema; raise ``DataFileError`` listing all."""
    import pandera.errors

    try:
        return schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        columns = list(schema.to_schema().columns)
        raise DataFileError(label, schema_problems(errors, label, columns)) from None
    except pandera.errors.SchemaError as error:  # raised before lazy collection starts
        raise DataFileError(label, [f"{label}: {error}"]) from None


def _check_weights(frame: pd.DataFrame, label: str) -> None:
    sums = frame.groupby("quarter")["weight"].sum()
    bad = [
        f"{label}, weight: quarter {q}'s weights add up to {s:g} (allowed: they add up to 1)"
        for q, s in sums.items()
        if abs(s - 1) > 1e-9
    ]
    if bad:
        raise DataFileError(label, bad)


@lru_cache(maxsize=8)
def _load(path: str, which: str) -> pd.DataFrame:
    # pandera costs half a second to import: only pay for it when a table is read.
    from model import schemas

    schema = {"options": schemas.Options, "splits": schemas.Splits, "okr": schemas.OkrTemplate}[
        which
    ]
    label = Path(path).name
    frame = validate(read_csv(path, label), schema, label)
    if which == "okr":
        _check_weights(frame, label)
    if which == "splits":
        frame = frame.sort_values("quarter").reset_index(drop=True)
        expected = list(range(1, len(frame) + 1))
        if list(frame["quarter"]) != expected:
            raise DataFileError(
                label,
                [f"{label}, quarter: {list(frame['quarter'])} (allowed: 1, 2, 3... with no gaps)"],
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
