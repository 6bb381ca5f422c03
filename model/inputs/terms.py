"""Terms from what people type: the boundary where values enter the model.

:func:`make_terms` reads each value (text from the command line, a CSV cell, a YAML field, a
widget, or a number), fills the article's defaults from ``data/`` and hands typed values to the
core (:func:`prepay_modeller.core.terms.build_terms`), which checks every range. Every bad value
is reported at once, each as the value was typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from prepay_modeller.core import fields as F
from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.core.fields import N_
from prepay_modeller.core.terms import (
    DEFAULT_PAYMENT_TERMS,
    DEFAULT_PERFORMANCE,
    DEFAULT_RATE,
    Catalog,
    Option,
    Split,
    Terms,
    build_terms,
    show,
)
from prepay_modeller.inputs import defaults
from prepay_modeller.inputs.numbers import PLAIN, Reading, collect, read, read_quarters, split_list

# What a person gives to price one scenario, by the names every entry point uses: the command
# line's flags (--payment-terms), the app's link, scenario files and the prospects' columns.
TERM_INPUTS = (
    "option",
    "rate",
    "performance",
    "horizon",
    "start",
    "payment_terms",
    "fixed",
    "variable_max",
)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def make_terms(
    option: str | Option | None = None,
    rate: object = DEFAULT_RATE,
    performance: object = DEFAULT_PERFORMANCE,
    horizon: object | None = None,
    start: object | None = None,
    payment_terms: object = DEFAULT_PAYMENT_TERMS,
    fixed: object | None = None,
    variable_max: object | None = None,
    stages: list[str] | None = None,
    later_performance: object | None = None,
    catalog: Catalog | None = None,
    reading: Reading = PLAIN,
) -> Terms:
    """Validate one scenario and fill the article's defaults; text is read by ``reading``
    (the command line's, files' and links' forms unless given).

    Parameters
    ----------
    option : name from ``data/options.csv`` (``payg``, ``prepay-3``, ``prepay-6``, ``prepay-12``);
        default the longest term.
    rate : the monthly pay-as-you-go list price, dollars, above 0 (``50000``, ``"$50,000"``).
    performance : one value for every quarter, or one per quarter of the horizon; 1.0 (or
        ``"100%"``) is on target.
    horizon : months modelled, a multiple of 3 and of the option's term; default the term.
    start : first day of the engagement; default the first day of next month.
    payment_terms : days between a variable invoice and its due date.
    fixed, variable_max : per-quarter split overrides: one value, or one per quarter.
    later_performance : performance expected for quarters past the horizon (used where the
        scenario is compared over a longer horizon).
    """
    cat = catalog or defaults.catalog()
    opt = cat.option(option if option is not None else cat.default_option)
    problems: list[Problem] = []
    raw: dict[str, tuple[str, str]] = {}  # core field -> (field as given, value as typed)
    typed = _read_scalars(problems, raw, opt, (rate, horizon, start, payment_terms), reading)
    months = typed["horizon"]
    quarters = months // 3 if isinstance(months, int) and months > 0 else None
    typed.update(
        _read_quarters(
            problems, raw, quarters, (performance, fixed, variable_max, later_performance), reading
        )
    )
    if problems:
        raise InputError(problems=problems)
    try:
        return build_terms(cat, option=opt, stages=stages, **typed)
    except InputError as exc:
        raise InputError(problems=_as_typed(exc.problems, raw)) from None


def _read_scalars(problems, raw, opt, given, reading) -> dict:
    """The scenario's one-value inputs, read as typed (problems added, not raised)."""
    rate, horizon, start, payment_terms = given
    raw["rate"] = ("rate", show(rate))
    raw["payment_terms"] = ("payment_terms", show(payment_terms))
    months = opt.term_months
    if not _blank(horizon):
        months = collect(problems, read, F.HORIZON, horizon, reading)
        raw["horizon"] = ("horizon", show(horizon))
    if not _blank(start):
        raw["start"] = ("start", show(start))
    return {
        "rate": collect(problems, read, F.RATE, rate, reading),
        "horizon": months,
        "start": None if _blank(start) else collect(problems, read, F.START, start, reading),
        "payment_terms": collect(problems, read, F.PAYMENT_TERMS, payment_terms, reading),
    }


def _read_quarters(problems, raw, quarters, given, reading) -> dict:
    """The scenario's per-quarter inputs, read as typed (problems added, not raised)."""
    performance, fixed, variable_max, later_performance = given

    def optional(field, value):
        if value is None:
            return None
        return _per_quarter(problems, raw, field, value, quarters, reading)

    later = ()
    if later_performance is not None and split_list(later_performance, reading) != []:
        values = collect(problems, read_quarters, F.PERFORMANCE, later_performance, reading)
        later = tuple(values[0]) if values else ()
    return {
        "performance": _per_quarter(problems, raw, F.PERFORMANCE, performance, quarters, reading),
        "fixed": optional(F.FIXED, fixed),
        "variable_max": optional(F.VARIABLE_MAX, variable_max),
        "later_performance": later,
    }


def _per_quarter(problems, raw, field, value, quarters, reading):
    """One value for every quarter, or one per quarter of the horizon, as typed."""
    name = field.name
    items = split_list(value, reading)  # as read_quarters splits them
    values = collect(problems, read_quarters, field, value, reading)
    if values is None:
        return None
    numbers, single = values
    if single:
        raw.update({f"{name}_q{i}": (name, show(items[0])) for i in range(1, 121)})
        return tuple(numbers)
    if quarters is not None and len(numbers) != quarters:
        problems.append(
            Problem(
                name,
                ",".join(str(v).strip() for v in items),
                N_("one value, or one per quarter of the horizon ({quarters})"),
                N_("has {count} values"),
                params=(("quarters", quarters), ("count", len(numbers))),
                code="count",
            )
        )
        return None
    raw.update({f"{name}_q{i}": (f"{name}_q{i}", show(v)) for i, v in enumerate(items, start=1)})
    return tuple(numbers)


def _as_typed(problems: list[Problem], raw: dict[str, tuple[str, str]]) -> list[Problem]:
    """The core's problems with each value as the person typed it (``-30%``, not ``-0.3``),
    and one problem for a value given once for every quarter."""
    out = []
    for p in problems:
        if p.field in raw and not p.detail:
            field, value = raw[p.field]
            # The core names the variable cap against the fixed share with its own numbers.
            keep_value = p.code == "below_target_share"
            p = replace(p, field=field, value=p.value if keep_value else value)
        out.append(p)
    return list(dict.fromkeys(out))


def prospect_terms(
    option: str,
    rate: object = DEFAULT_RATE,
    performance: object = DEFAULT_PERFORMANCE,
    horizon: object | None = None,
    start: object | None = None,
    payment_terms: object = DEFAULT_PAYMENT_TERMS,
    fixed: object | None = None,
    variable_max: object | None = None,
) -> Terms:
    """The terms of one prospect (a row of ``prospects.csv``, or a proposal's parameters).

    ``performance`` is a list of values for the first quarters: the quarters past the last value
    repeat it (a prospect states what they expect early on). Values given for quarters past the
    horizon are kept for the comparison over whole years (DOMAIN.md, "Words for clients").
    ``fixed`` and ``variable_max`` are lists for the first quarters too; quarters not given take
    the article's split.
    """
    cat = defaults.catalog()
    problems: list[Problem] = []
    perf = _quarters_performance(problems, performance)
    first = collect(
        problems,
        lambda: make_terms(
            option=option,
            rate=rate,
            horizon=horizon,
            start=start,
            payment_terms=payment_terms,
            catalog=cat,
        ),
    )
    if problems:
        raise InputError(problems=problems)
    q = first.quarters
    given = (perf + [perf[-1]] * q)[:q]
    later = perf[q:]
    splits = _prospect_splits(cat, first, fixed, variable_max)
    if splits:
        splits += [cat.split(i) for i in range(len(splits), q)]
    terms = make_terms(
        option=option,
        rate=rate,
        performance=[str(v) for v in given] if len(given) > 1 else str(given[0]),
        horizon=horizon,
        start=first.start,
        payment_terms=payment_terms,
        fixed=[s.fixed for s in splits[:q]] if splits else None,
        variable_max=[s.variable_max for s in splits[:q]] if splits else None,
        later_performance=[str(v) for v in later] or None,
        catalog=cat,
    )
    if splits and len(splits) > q:
        terms = Terms(**{**terms._fields(), "later_splits": tuple(splits[q:])})
    return terms


def _quarters_performance(problems: list[Problem], performance) -> list[Decimal]:
    """Each value given is a quarter's, named ``performance_q<n>``, and checked even when
    another input is bad, so that every problem is named at once."""
    values = [v for v in split_list(performance) if not _blank(v)] or [1]
    perf = []
    for i, v in enumerate(values, start=1):
        d = collect(problems, read, F.PERFORMANCE, v, PLAIN, f"performance_q{i}")
        if d is not None:
            perf.append(d)
    return perf


def _prospect_splits(cat: Catalog, first: Terms, fixed, variable_max) -> list[Split] | None:
    """Splits given for the first quarters (the rest the catalog's), or None where none are."""
    f = [v for v in split_list(fixed)] if fixed is not None else []
    v = [x for x in split_list(variable_max)] if variable_max is not None else []
    if not any(not _blank(x) for x in f + v):
        return None
    count = max(len(f), len(v))
    problems: list[Problem] = []
    splits = []
    for i in range(count):
        default = cat.split(i)
        fi = f[i] if i < len(f) and not _blank(f[i]) else default.fixed
        vi = v[i] if i < len(v) and not _blank(v[i]) else default.variable_max
        fd = collect(problems, read, F.FIXED, fi, PLAIN, f"fixed_q{i + 1}")
        vd = collect(problems, read, F.VARIABLE_MAX, vi, PLAIN, f"variable_max_q{i + 1}")
        if fd is None or vd is None:
            continue
        split = Split.model_construct(stage=default.stage, fixed=fd, variable_max=vd)
        found = split.problems(i + 1)
        if found:
            problems.extend(found)
            continue
        splits.append(Split(stage=default.stage, fixed=fd, variable_max=vd))
    if problems:
        raise InputError(problems=problems)
    return splits


def default_start(today: dt.date | None = None) -> dt.date:
    from prepay_modeller.core.terms import default_start as start

    return start(today)
