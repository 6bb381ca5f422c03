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

from prepay_modeller.core.errors import DataFileError
from prepay_modeller.inputs import paths

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


def _show(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "(empty)"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        # pandera gathers a file's failing cells in one column, which turns a whole number
        # into a float there when other failures are fractions: show 0, not 0.0.
        return str(int(value))
    text = str(value)
    return repr(text) if text.strip() != text or text == "" or not text.isprintable() else text


def schema_problems(
    errors, label: str, columns: list[str], required: list[str] | None = None
) -> list[str]:
    """Turn pandera's lazy ``SchemaErrors`` into one readable line per bad cell."""
    problems: list[str] = []
    cases = errors.failure_cases
    for case in cases.itertuples(index=False):
        check = str(case.check)
        column = case.column
        value = case.failure_case
        if check == "column_in_dataframe":
            problems.append(
                f"{label}: column {value} is missing "
                f"(required columns: {', '.join(columns if required is None else required)})"
            )
            continue
        if check == "column_in_schema":
            problems.append(_unknown_column(label, value, columns))
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
        columns = schema.to_schema().columns
        required = [name for name, column in columns.items() if column.required]
        raise DataFileError(
            label, schema_problems(errors, label, list(columns), required)
        ) from None
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
    from prepay_modeller.inputs import schemas

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


# The prospects table: every column a proposal report takes from it, in file order.
PROSPECT_COLUMNS = [
    "prospect",
    "contact",
    "rate",
    "option",
    "performance_q1",
    "performance_q2",
    "performance_q3",
    "performance_q4",
    "horizon",
    "start",
    "payment_terms",
    "discount_rate",
    "uncertainty_spread",
    "uncertainty_draws",
    "uncertainty_seed",
]
# Columns passed to the report as they are when given (an empty cell takes its default), with
# the type of prepay_modeller.reports.proposal.PARAMETERS.
REPORT_ONLY_COLUMNS = (
    "discount_rate",
    "uncertainty_spread",
    "uncertainty_draws",
    "uncertainty_seed",
)
PERFORMANCE_COLUMNS = [c for c in PROSPECT_COLUMNS if c.startswith("performance_q")]


def load_prospects(path: Path | str | None = None) -> list[dict]:
    """Validate a prospects CSV and return one dict of report parameters per row, in file order.

    Every bad cell of the whole file is listed at once (``DataFileError``): first what the schema
    finds (types, ranges, unknown or missing columns), then, for rows whose cells are fine, what
    the model finds (an unknown option, a horizon that does not fit the option, a performance
    given for a quarter past the horizon). Each dict holds plain ``str``/``int``/``float`` values
    with the defaults filled in, plus ``row`` (counted from 1, as in the messages): exactly what
    :func:`core.terms.prospect_terms` and the report template take.
    """
    from prepay_modeller.core.errors import InputError
    from prepay_modeller.core.terms import default_start, prospect_terms
    from prepay_modeller.inputs import schemas
    from prepay_modeller.reports.proposal import PARAMETERS

    path = Path(path or paths.PROSPECTS_CSV)
    label = path.name
    raw = read_csv(path, label)
    if raw.empty and not len(raw.columns):
        raise DataFileError(
            path, [f"{label}: the file is empty (required columns: prospect, option)"]
        )
    if raw.empty:
        raise DataFileError(path, [f"{label}: no prospects (allowed: one row per prospect)"])
    # An unknown column is reported, and the rows are still checked without it, so that one run
    # lists every problem.
    columns = list(schemas.Prospects.to_schema().columns)
    unknown = [c for c in raw.columns if c not in columns]
    problems: list[str] = [_unknown_column(label, c, columns) for c in unknown]
    raw = raw.drop(columns=unknown)
    try:
        frame = validate(raw, schemas.Prospects, label)
    except DataFileError as exc:
        # Keep going with the rows whose cells are fine, so that one run lists every problem.
        found = list(exc.problems)
        if any(" row " not in p for p in found):
            # A missing or repeated column: the rows cannot be checked.
            raise DataFileError(path, problems + found) from None
        problems += found
        bad_rows = {
            int(m) - 1 for m in re.findall(rf"^{re.escape(label)} row (\d+),", str(exc), re.M)
        }
        try:
            frame = validate(raw.drop(index=sorted(bad_rows)), schemas.Prospects, label)
        except DataFileError:
            raise DataFileError(path, problems) from None
    start_default = default_start().isoformat()
    rows = []
    for index, record in zip(frame.index, frame.to_dict(orient="records"), strict=True):
        n = int(index) + 1
        given = [
            float(record[c]) for c in PERFORMANCE_COLUMNS if c in record and not pd.isna(record[c])
        ]
        perf_cells = [c for c in PERFORMANCE_COLUMNS if c in record and not pd.isna(record[c])]
        if perf_cells != PERFORMANCE_COLUMNS[: len(perf_cells)]:
            gap = next(c for c in PERFORMANCE_COLUMNS if c not in perf_cells)
            problems.append(
                f"{label} row {n}, {gap}: (empty) is missing before a later quarter's value "
                "(allowed: values for the first quarters, then empty cells)"
            )
            continue
        params = {
            "prospect": str(record["prospect"]),
            "contact": _text(record.get("contact")),
            "rate": _number(record.get("rate"), 50000.0),
            "option": str(record["option"]),
            "horizon": None if _missing(record.get("horizon")) else int(record["horizon"]),
            "start": (
                start_default
                if _missing(record.get("start"))
                else pd.Timestamp(record["start"]).date().isoformat()
            ),
            "payment_terms": (
                30 if _missing(record.get("payment_terms")) else int(record["payment_terms"])
            ),
        }
        try:
            terms = prospect_terms(
                option=params["option"],
                rate=params["rate"],
                performance=given or [1.0],
                horizon=params["horizon"],
                start=params["start"],
                payment_terms=params["payment_terms"],
            )
        except InputError as exc:
            problems.append(f"{label} row {n}, {exc}")
            continue
        params["horizon"] = terms.horizon
        for column in REPORT_ONLY_COLUMNS:
            if not _missing(record.get(column)):
                kind = PARAMETERS[column][0]
                params[column] = kind(record[column])
        # Fill the quarters the prospect left empty as the model did (repeating the last value),
        # so the report shows exactly the performance it was computed with.
        for c, value in zip(PERFORMANCE_COLUMNS, terms.performance, strict=False):
            params[c] = float(value)
        params["row"] = n
        rows.append(params)
    if problems:
        raise DataFileError(path, sorted(problems, key=_row_of))
    return rows


def _unknown_column(label: str, name, columns: list[str]) -> str:
    return f"{label}: column {_show(name)} is unknown (allowed columns: {', '.join(columns)})"


def _row_of(problem: str) -> int:
    m = re.search(r" row (\d+),", problem)
    return int(m.group(1)) if m else 0


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _text(value) -> str:
    return "" if _missing(value) else str(value)


def _number(value, default: float) -> float:
    return default if _missing(value) else float(value)
