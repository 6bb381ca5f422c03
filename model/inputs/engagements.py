"""Reading what people give to run an engagement: an id, a quarter, a performance, a quarter's key
results as a CSV (``key_result, actual, target``), a day, and a signed proposal's embedded
scenario. Every value is read the one way (:mod:`inputs.numbers`); the core checks what it
means for the engagement (:meth:`core.engagement.Engagement.check_actuals`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from prepay_modeller.core import fields as F
from prepay_modeller.core.engagement import Result
from prepay_modeller.core.errors import DataFileError, InputError, PrepayError, Problem
from prepay_modeller.core.terms import LAST_DAY, MAX_PAYMENT_TERMS, show
from prepay_modeller.inputs.numbers import collect, parse_date, parse_int, parse_number, read

# A milestone's actual: the fraction done (0.5, 50%).
MILESTONE_DONE = F.Field(
    "actual", F.N_("Done"), F.SHARE, Decimal(0), Decimal(1),
    F.N_("a fraction done, from {low} to {high}"), fraction_max=Decimal(1),
)  # fmt: skip

RESULTS_COLUMNS = ["key_result", "actual", "target"]
RESULTS_REQUIRED = ["key_result", "actual"]
MAX_RESULTS_BYTES = 256 * 1024  # a quarter has a handful of key results
ACTUAL_ALLOWED = "a number: the measured value, or a milestone's fraction done from 0 to 1"
TARGET_ALLOWED = "a number above 0, or empty (the plan's target)"
LAST_INVOICE_DAY = LAST_DAY - dt.timedelta(days=MAX_PAYMENT_TERMS)


def read_id(value: object) -> int:
    return parse_int("id", value, "the id of an engagement (prepay engagement list shows them)")


def read_quarter(value: object) -> int:
    return parse_int("quarter", value, "a quarter of the engagement, from 1")


def read_term(value: object) -> int:
    return parse_int("prepayment", value, "a term: 1 the first, 2 the first renewal...")


def read_performance(value: object) -> Decimal:
    """A quarter's performance as typed (``1.04``, ``104%``), within its declared bounds."""
    return read(F.PERFORMANCE, value)


def read_milestone(value: object, field: str = "actual") -> Decimal:
    """A milestone's fraction done as typed (``0.5``, ``50%``)."""
    return read(MILESTONE_DONE, value, name=field)


def as_typed(problem: Problem, value: object) -> Problem:
    """``problem`` with the value as the person typed it (``120%``, not ``1.2``)."""
    return replace(problem, value=show(value))


def read_day(value: object | None, today: dt.date | None = None) -> dt.date:
    """A day as ``YYYY-MM-DD`` (``--date``), default today; an invoice made on it falls due
    within the calendar."""
    if value is None or not str(value).strip():
        return today or dt.date.today()
    day = parse_date("date", value)
    if day > LAST_INVOICE_DAY:
        raise InputError(
            "date", show(value), f"a date up to {LAST_INVOICE_DAY}", "is too late for the calendar"
        )
    return day


def read_results(path: Path | str) -> tuple[list[Result], str]:
    """A quarter's key results from a CSV (``key_result, actual`` and optionally ``target``);
    returns them with the file's name (for messages). Every bad cell is named at once."""
    from prepay_modeller.inputs.tables import missing_column, read_csv, unknown_column

    path = Path(path)
    label = path.name
    if path.is_file() and path.stat().st_size > MAX_RESULTS_BYTES:
        detail = f"the file is too large (allowed: up to {MAX_RESULTS_BYTES:,} bytes)"
        raise DataFileError(path, [Problem(source=label, detail=detail)])
    frame = read_csv(path, label)
    problems = [
        unknown_column(label, c, RESULTS_COLUMNS) for c in frame.columns if c not in RESULTS_COLUMNS
    ]
    problems += [
        missing_column(label, c, RESULTS_REQUIRED)
        for c in RESULTS_REQUIRED
        if c not in frame.columns
    ]
    if problems:
        raise DataFileError(path, problems)
    if frame.empty:
        raise DataFileError(
            path, [Problem(source=label, detail="has no rows (allowed: one row per key result)")]
        )
    results: list[Result] = []
    for row_number, row in enumerate(frame.to_dict("records"), start=1):
        cell_problems: list[Problem] = []
        name = row.get("key_result")
        if name is None:
            cell_problems.append(
                Problem("key_result", "(empty)", "a key result of the quarter", "is missing")
            )
        actual_text = row.get("actual")
        if actual_text is None:
            cell_problems.append(Problem("actual", "(empty)", ACTUAL_ALLOWED, "is missing"))
            actual = None
        else:
            actual = collect(cell_problems, parse_number, "actual", actual_text, ACTUAL_ALLOWED)
        target_text = row.get("target")
        target = None
        if target_text is not None:
            target = collect(cell_problems, parse_number, "target", target_text, TARGET_ALLOWED)
        problems += [p.located(label, row_number) for p in cell_problems]
        if not cell_problems:
            results.append(Result(str(name), actual, target, row_number))
    if problems:
        raise DataFileError(path, problems)
    return results, label


def located(exc: PrepayError, label: str) -> PrepayError:
    """The core's problems with a quarter's key results, said to come from file ``label``."""
    return DataFileError(label, [p.located(label) for p in exc.problems])


def proposal_scenario(path: Path | str):
    """The scenario and the reference a signed proposal PDF carries (``prepay reports`` embeds
    them; read by ``prepay verify``'s reader, :func:`inputs.proposal_file.read_proposal`).
    A proposal whose embedded scenario no longer gives the reference it prints is refused."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, [Problem(source=path.name, detail=f"file not found ({path})")])
    try:
        from prepay_modeller.inputs.proposal_file import read_proposal
    except ImportError:  # the reader comes with prepay verify
        raise InputError(
            "from_proposal",
            path.name,
            "a proposal PDF that carries its scenario (--scenario or the flags otherwise)",
            "cannot be read: this prepay has no reader of a proposal's embedded scenario",
        ) from None
    found = read_proposal(path)
    computed = getattr(found, "computed_reference", found.reference)
    if found.reference and computed != found.reference:
        detail = (
            f"its scenario gives the reference {computed}, not the {found.reference} it prints "
            "(allowed: a proposal as it was signed)"
        )
        raise DataFileError(path, [Problem(source=path.name, detail=detail)])
    return found.scenario, found.reference
