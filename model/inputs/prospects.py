"""The prospects table of ``prepay reports``: one proposal report per row.

:func:`load_prospects` checks the whole file before anything renders and lists every bad cell at
once: its columns (unknown, missing, repeated), every cell read as its parameter declares
(:func:`inputs.parameters.read_cell`: the one reader, with the field's bounds), then, for each
row whose cells are readable, what spans cells (an unknown option, a horizon that does not fit
the option, a cap below the on-target variable share...), each named by file, row and column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from prepay_modeller.core.errors import DataFileError, InputError, Problem
from prepay_modeller.inputs import limits, paths
from prepay_modeller.inputs.numbers import collect
from prepay_modeller.inputs.parameters import (
    BY_NAME,
    PERFORMANCE_COLUMNS,
    PROSPECT_COLUMNS,
    REQUIRED_COLUMNS,
    read_cell,
    report_settings_problems,
    terms_arguments,
)
from prepay_modeller.inputs.tables import missing_column, read_csv, show_cell, unknown_column
from prepay_modeller.inputs.terms import prospect_terms

REPORT_SETTINGS = ("discount_rate", "uncertainty_spread", "uncertainty_draws", "uncertainty_seed")


def load_prospects(path: Path | str | None = None) -> list[dict]:
    """Validate a prospects CSV and return one dict of report parameters per row, in file order.

    Each dict holds plain ``str``/``int``/``float`` values (``None`` for an empty cell whose
    default depends on the row, such as a later quarter's performance) plus ``row`` (counted
    from 1, as in the messages): exactly what the report template takes.
    """
    path = Path(path or paths.PROSPECTS_CSV)
    label = path.name
    raw = read_csv(path, label, max_rows=limits.MAX_PROSPECT_ROWS)
    if raw.empty and not len(raw.columns):
        raise DataFileError(
            path,
            [
                Problem(
                    source=label,
                    detail=f"the file is empty (required columns: {', '.join(REQUIRED_COLUMNS)})",
                )
            ],
        )
    if raw.empty:
        raise DataFileError(
            path, [Problem(source=label, detail="no prospects (allowed: one row per prospect)")]
        )
    # An unknown column is reported, and the rows are still checked without it, so that one run
    # lists every problem.
    unknown = [c for c in raw.columns if c not in PROSPECT_COLUMNS]
    problems: list[Problem] = [unknown_column(label, c, PROSPECT_COLUMNS) for c in unknown]
    raw = raw.drop(columns=unknown)
    missing = [c for c in REQUIRED_COLUMNS if c not in raw.columns]
    if missing:  # the rows cannot be checked
        found = [missing_column(label, c, REQUIRED_COLUMNS) for c in missing]
        raise DataFileError(path, problems + found)
    flagged: set[tuple[int, str]] = set()
    for index, cells in raw.iterrows():
        for name in REQUIRED_COLUMNS:
            if _missing(cells[name]):
                flagged.add((int(index) + 1, name))
                problems.append(Problem(name, "(empty)", "a value", "is missing",
                                        source=label, row=int(index) + 1))  # fmt: skip
    # Every row is checked by the core too, without the cells the schema could not read, so that
    # one run names every bad cell (a bad rate beside a negative performance in the same row).
    rows = []
    for index, cells in raw.iterrows():
        n = int(index) + 1
        record = {
            name: value
            for name, value in cells.items()
            if (n, name) not in flagged and not _missing(value)
        }
        row_problems: list[Problem] = []
        params = _row_params(record, cells, label, n, row_problems)
        if row_problems or any(row == n for row, _ in flagged):
            problems += row_problems
            continue
        params["row"] = n
        rows.append(params)
    if problems:
        raise DataFileError(path, _by_row(problems))
    return rows


def _row_params(record: dict, cells: pd.Series, label: str, n: int, problems: list) -> dict:
    """One row's report parameters, from its readable cells (text); its problems are added to
    ``problems``."""
    given = [c for c in PERFORMANCE_COLUMNS if c in record]
    if given != PERFORMANCE_COLUMNS[: len(given)]:
        gap = next(c for c in PERFORMANCE_COLUMNS if c not in given)
        problems.append(
            Problem(
                gap,
                "(empty)",
                "values for the first quarters, then empty cells",
                "is missing before a later quarter's value",
                source=label,
                row=n,
            )
        )
        return {}
    # The cells given, of their declared types; an empty cell is left out, so that the
    # report's default applies.
    params = {}
    for name, text in record.items():
        value = collect(problems, read_cell, name, text)
        if value is not None:
            params[name] = value
    # A cell that cannot be read is left out; the others are still checked by the core.
    problems[:] = [p.located(label, n) for p in problems]

    def get(name):
        return params.get(name, BY_NAME[name].default)

    try:
        terms = prospect_terms(**terms_arguments(params))
    except InputError as exc:
        problems.extend(_as_cells(exc.problems, cells, label, n))
    else:
        # The report shows what it was computed with: the horizon and start the model used.
        params["horizon"] = terms.horizon
        params["start"] = terms.start.isoformat()
    found = report_settings_problems({name: get(name) for name in BY_NAME})
    problems.extend(_as_cells(found, cells, label, n))
    return params


def _as_cells(found: list[Problem], cells: pd.Series, label: str, n: int) -> list[Problem]:
    """Problems located at this row, each value as the cell says it."""
    out = []
    for p in found:
        p = p.located(label, n)
        if p.field in cells.index and not p.detail and "on-target" not in p.problem:
            p = Problem(p.field, show_cell(cells[p.field]), p.allowed, p.problem, label, n)
        out.append(p)
    return out


def _by_row(problems: list[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(problems), key=lambda p: p.row or 0)


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))
