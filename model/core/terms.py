"""The validated terms of one scenario, and the catalog of options and splits they come from.

A :class:`Terms` checks itself when it is built: a negative performance, a fixed share above 1,
a horizon that does not fit the option's term or a start whose engagement runs past the calendar
raises :class:`InputError` naming the field, so an invalid ``Terms`` cannot exist and everything
past it trusts its values. The core reads no files: the :class:`Catalog` (the article's options
and quarterly split) is handed in by the input layer, and travels with the terms so that the
same scenario can be asked under another option or over a longer horizon.

Values here are already typed (``Decimal``, ``int``, ``date``); reading them from text, a CSV
cell or a widget is the input layer's job (:mod:`prepay_modeller.inputs.terms`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from prepay_modeller.core import fields
from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.core.fields import (
    MAX_HORIZON,
    MAX_PAYMENT_TERMS,
    MAX_PERFORMANCE,
    MAX_RATE,
    MAX_VARIABLE_MAX,
    N_,
    show,
)
from prepay_modeller.core.money import to_decimal

__all__ = [
    "MAX_HORIZON", "MAX_PAYMENT_TERMS", "MAX_PERFORMANCE", "MAX_RATE", "MAX_VARIABLE_MAX",
    "Catalog", "Option", "Split", "Terms", "build_terms", "show",
]  # fmt: skip

# --- the bounds of every value: core.fields declares them, once ----------------------------

LAST_DAY = dt.date(9999, 12, 31)
CALENDAR_MARGIN = 24  # months after the horizon that dated views (invoices, cash, agency) use

PERFORMANCE_ALLOWED = fields.PERFORMANCE.allowed
FIXED_ALLOWED = fields.FIXED.allowed
VMAX_ALLOWED = fields.VARIABLE_MAX.allowed
RATE_ALLOWED = fields.RATE.allowed
TERMS_ALLOWED = fields.PAYMENT_TERMS.allowed

DEFAULT_RATE = Decimal(50000)
DEFAULT_PERFORMANCE = Decimal(1)
DEFAULT_PAYMENT_TERMS = 30


# --- dates -----------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the month's last day (Jan 31 + 1 → Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def default_start(today: dt.date | None = None) -> dt.date:
    """The first day of next month."""
    today = today or dt.date.today()
    return add_months(today.replace(day=1), 1)


def latest_start(horizon: int) -> dt.date:
    """The last start date whose engagement, and the invoices and views after it, stay within
    the calendar (year 9999)."""
    months_back = horizon + CALENDAR_MARGIN
    index = LAST_DAY.year * 12 + LAST_DAY.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1) - dt.timedelta(days=MAX_PAYMENT_TERMS + 1)


# --- options, splits and their catalog ---------------------------------------------------------


class Option(BaseModel):
    """A way to pay: ``months`` 1 is pay-as-you-go, otherwise a prepaid term of whole quarters."""

    model_config = ConfigDict(frozen=True)

    name: str
    months: int
    discount: Decimal
    opt_out_days: int = 0
    label: str = ""

    @model_validator(mode="after")
    def _valid(self) -> Option:
        if self.months != 1 and (self.months <= 0 or self.months % 3 or self.months > 60):
            raise InputError("months", self.months, "1 (pay-as-you-go) or a multiple of 3 up to 60")
        if not 0 <= self.discount < 1:
            raise InputError("discount", show(self.discount), "0 or more, less than 1")
        if not 0 <= self.opt_out_days <= 365:
            raise InputError("opt_out_days", self.opt_out_days, "0 to 365")
        return self

    @property
    def is_payg(self) -> bool:
        return self.months == 1

    @property
    def term_months(self) -> int:
        """Months one term covers; pay-as-you-go is counted in quarters of three months."""
        return 3 if self.is_payg else self.months

    @property
    def display(self) -> str:
        """How people call it: its label ("12-month prepay"), never its code."""
        return self.label or self.name


class Split(BaseModel):
    """One engagement quarter's fixed share and the maximum of its variable share of the base."""

    model_config = ConfigDict(frozen=True)

    stage: str = ""
    fixed: Decimal
    variable_max: Decimal

    def problems(self, quarter: int | None = None) -> list[Problem]:
        q = f"_q{quarter}" if quarter is not None else ""
        out = fields.FIXED.range_problems(self.fixed, f"fixed{q}")
        out += fields.VARIABLE_MAX.range_problems(self.variable_max, f"variable_max{q}")
        if not out and self.variable_max < 1 - self.fixed:
            out.append(
                Problem(
                    f"variable_max{q}",
                    show(self.variable_max),
                    N_("at least the on-target variable share 1 − fixed = {share}"),
                    N_("is below the on-target variable share"),
                    params=(("share", 1 - self.fixed),),
                    unit="share",
                    code="below_target_share",
                )
            )
        return out

    @model_validator(mode="after")
    def _valid(self) -> Split:
        found = self.problems()
        if found:
            raise InputError(problems=found)
        return self


class Catalog(BaseModel):
    """The options a client can choose from and the quarterly split, quarter 1 first (the
    article's, from ``data/``). Quarters past the last split row use the last row."""

    model_config = ConfigDict(frozen=True)

    options: tuple[Option, ...]
    splits: tuple[Split, ...]

    @model_validator(mode="after")
    def _valid(self) -> Catalog:
        names = [o.name for o in self.options]
        if not names or len(set(names)) != len(names):
            raise InputError("options", ", ".join(names), "one or more options, each named once")
        if sum(o.is_payg for o in self.options) != 1:
            raise InputError(
                "options", ", ".join(names), "exactly one pay-as-you-go option (months 1)"
            )
        if not self.splits:
            raise InputError("splits", "(none)", "one split row or more")
        return self

    def option(self, name: str | Option) -> Option:
        if isinstance(name, Option):
            return name
        key = str(name).strip()
        for o in self.options:
            if o.name == key:
                return o
        raise InputError(
            "option", show(str(name)), "one of " + ", ".join(self.names), "is not a known option"
        )

    @property
    def names(self) -> list[str]:
        return [o.name for o in self.options]

    @property
    def payg(self) -> Option:
        return next(o for o in self.options if o.is_payg)

    @property
    def default_option(self) -> Option:
        """The option shown first: the longest prepaid term (the article's 12-month prepay)."""
        return max(self.options, key=lambda o: (o.term_months, -self.options.index(o)))

    @property
    def whole_term(self) -> int:
        """The shortest horizon every option's term divides (12 months for the article's)."""
        months = 1
        for o in self.options:
            months = months * o.term_months // _gcd(months, o.term_months)
        return months

    def split(self, quarter_index: int) -> Split:
        """The default split of engagement quarter ``quarter_index`` (0 = Q1)."""
        return self.splits[min(quarter_index, len(self.splits) - 1)]

    def fitting(self, horizon: int) -> list[Option]:
        """The options whose whole terms fit ``horizon`` months, in catalog order."""
        return [o for o in self.options if horizon % o.term_months == 0]


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


# --- the terms -------------------------------------------------------------------------------


class Terms(BaseModel):
    """One validated scenario. ``splits`` and ``performance`` have one entry per quarter of the
    horizon; ``later_performance`` and ``later_splits`` are what was given for quarters past it
    (used when the scenario is compared over a longer horizon, see :meth:`with_horizon`)."""

    model_config = ConfigDict(frozen=True)

    catalog: Catalog = Field(repr=False)
    option: Option
    rate: Decimal
    splits: tuple[Split, ...]
    performance: tuple[Decimal, ...]
    horizon: int
    start: dt.date
    payment_terms: int = DEFAULT_PAYMENT_TERMS
    later_performance: tuple[Decimal, ...] = ()
    later_splits: tuple[Split, ...] = ()

    @model_validator(mode="after")
    def _valid(self) -> Terms:
        problems = terms_problems(self)
        if problems:
            raise InputError(problems=problems)
        return self

    @property
    def quarters(self) -> int:
        return self.horizon // 3

    @property
    def terms_count(self) -> int:
        """How many terms of the option the horizon holds (renewals + 1)."""
        return self.horizon // self.option.term_months

    def with_option(self, option: str | Option, horizon: int | None = None) -> Terms:
        """The same scenario under another option (same horizon unless given)."""
        opt = self.catalog.option(option)
        if horizon is not None and horizon != self.horizon:
            return self.with_horizon(horizon).with_option(opt)
        return Terms(**{**self._fields(), "option": opt})

    def with_horizon(self, horizon: int) -> Terms:
        """The same scenario over ``horizon`` months: performance given for later quarters is
        used there, and quarters not given repeat the last value given; splits not given are the
        catalog's for that quarter (DOMAIN.md, "Words for clients")."""
        q = horizon // 3
        given = self.performance + self.later_performance
        perf = (given + (given[-1],) * q)[:q]
        splits_given = self.splits + self.later_splits
        splits = tuple(
            splits_given[i] if i < len(splits_given) else self.catalog.split(i) for i in range(q)
        )
        return Terms(
            **{
                **self._fields(),
                "horizon": horizon,
                "performance": perf,
                "splits": splits,
                "later_performance": given[q:],
                "later_splits": splits_given[q:],
            }
        )

    def with_performance(self, performance) -> Terms:
        """The same scenario at another performance: one value, or one per quarter."""
        values = tuple(performance) if isinstance(performance, list | tuple) else (performance,)
        values = tuple(to_decimal(v) for v in values)  # a float as its shortest repr
        if len(values) == 1:
            values = values * self.quarters
        return Terms(**{**self._fields(), "performance": values, "later_performance": ()})

    def _fields(self) -> dict:
        return {name: getattr(self, name) for name in type(self).model_fields}


def performance_problems(field: str, p: Decimal) -> list[Problem]:
    """What is wrong with one quarter's performance (nothing: an empty list). A performance a
    person gives stops at 300 % (the reader checks it); the model's own what-ifs (a break-even
    of 363 %) may pass it, up to :data:`core.fields.MODEL_MAX_PERFORMANCE`."""
    return fields.MODEL_PERFORMANCE.range_problems(p, field)


def terms_problems(t: Terms) -> list[Problem]:
    """Everything wrong with ``t``'s values (empty when they make a valid scenario)."""
    out: list[Problem] = fields.RATE.range_problems(t.rate)
    term = t.option.term_months
    h = t.horizon
    if h <= 0 or h % 3 or h % term or h > MAX_HORIZON:
        problem, code = (
            (N_("is not a multiple of 3"), "not_quarters")
            if h % 3
            else (N_("does not fit whole {term}-month terms of the {option}"), "not_terms")
            if h % term
            else (fields.ABOVE if h > MAX_HORIZON else fields.BELOW, "range")
        )
        out.append(
            Problem(
                "horizon",
                str(h),
                N_("a multiple of {term} from {low} to {high} months"),
                problem,
                params=(
                    ("term", term),
                    ("low", term),
                    ("high", MAX_HORIZON),
                    ("option", t.option.display),
                ),
                code=code,
            )  # fmt: skip
        )
        return out  # the per-quarter checks below need a valid horizon
    for name, values in (("performance", t.performance), ("splits", t.splits)):
        if len(values) != h // 3:
            out.append(
                Problem(
                    name,
                    str(len(values)),
                    f"one per quarter of the horizon ({h // 3})",
                    "is the wrong number of values",
                )
            )
    for i, p in enumerate(t.performance + t.later_performance, start=1):
        out.extend(performance_problems(f"performance_q{i}", p))
    for i, s in enumerate(t.splits + t.later_splits, start=1):
        out.extend(s.problems(i))
    if t.option not in t.catalog.options:
        out.append(
            Problem("option", t.option.name, "one of " + ", ".join(t.catalog.names), "is not known")
        )
    out += fields.PAYMENT_TERMS.range_problems(t.payment_terms)
    out += fields.START.range_problems(t.start, typed=t.start.isoformat())
    return out


def build_terms(
    catalog: Catalog,
    option: str | Option | None = None,
    rate: Decimal = DEFAULT_RATE,
    performance: tuple[Decimal, ...] | Decimal = DEFAULT_PERFORMANCE,
    horizon: int | None = None,
    start: dt.date | None = None,
    payment_terms: int = DEFAULT_PAYMENT_TERMS,
    fixed: tuple[Decimal, ...] | Decimal | None = None,
    variable_max: tuple[Decimal, ...] | Decimal | None = None,
    stages: list[str] | None = None,
    later_performance: tuple[Decimal, ...] = (),
    later_splits: tuple[Split, ...] = (),
    today: dt.date | None = None,
) -> Terms:
    """Terms from typed values and the catalog's defaults.

    ``performance``, ``fixed`` and ``variable_max`` are one value for every quarter or one per
    quarter of the horizon; ``horizon`` defaults to the option's term, ``start`` to the first
    day of next month, the splits to the catalog's.
    """
    opt = catalog.option(option if option is not None else catalog.default_option)
    months = opt.term_months if horizon is None else horizon
    # A horizon Terms will refuse still lays out per-quarter values (Terms words the problem).
    q = max(3, min(MAX_HORIZON, months - months % 3)) // 3
    perf = _per_quarter(performance, q, lambda i: DEFAULT_PERFORMANCE)
    splits = _splits(catalog, q, fixed, variable_max, stages)
    return Terms(
        catalog=catalog,
        option=opt,
        rate=rate,
        splits=splits,
        performance=perf,
        horizon=months,
        start=start or default_start(today),
        payment_terms=payment_terms,
        later_performance=tuple(later_performance),
        later_splits=tuple(later_splits),
    )


def _per_quarter(value, quarters: int, default) -> tuple:
    """One value for every quarter, one per quarter, or ``default(i)`` for each."""
    if value is None:
        return tuple(default(i) for i in range(quarters))
    if isinstance(value, tuple | list):
        return tuple(value) if len(value) != 1 else tuple(value) * quarters
    return (value,) * quarters


def _splits(catalog: Catalog, quarters: int, fixed, variable_max, stages) -> tuple[Split, ...]:
    """Each quarter's split: the values given, else the catalog's; every bad one named."""
    fixed_q = _per_quarter(fixed, quarters, lambda i: catalog.split(i).fixed)
    vmax_q = _per_quarter(variable_max, quarters, lambda i: catalog.split(i).variable_max)
    names = stages or [s.stage for s in catalog.splits]
    problems: list[Problem] = []
    splits = []
    for i, (f, v) in enumerate(zip(fixed_q, vmax_q, strict=False)):
        stage = names[min(i, len(names) - 1)] if names else ""
        found = Split.model_construct(stage=stage, fixed=f, variable_max=v).problems(i + 1)
        if found:
            problems.extend(found)
            continue
        splits.append(Split(stage=stage, fixed=f, variable_max=v))
    if problems:
        raise InputError(problems=problems)
    return tuple(splits)
