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

from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.core.money import to_decimal

# --- the bounds of every value, in one place (docs/model.md lists them) ---------------------

MAX_HORIZON = 120  # months: ten years, far past any engagement anyone will model
MAX_RATE = Decimal("1e9")  # dollars a month
MAX_PERFORMANCE = Decimal(100)  # 10,000 %: fifty times past the article's caps
MAX_VARIABLE_MAX = Decimal(10)  # 1,000 % of a quarter's base
MAX_PAYMENT_TERMS = 365  # days
LAST_DAY = dt.date(9999, 12, 31)
CALENDAR_MARGIN = 24  # months after the horizon that dated views (invoices, cash, agency) use

PERFORMANCE_ALLOWED = "0 or more, as 1.25 or 125%"
FIXED_ALLOWED = "0 to 1, as 0.9 or 90%"
VMAX_ALLOWED = "0 or more, as 1.2 or 120%"
RATE_ALLOWED = "more than 0, to the cent, up to 1,000,000,000"
TERMS_ALLOWED = "a whole number of days from 0 to 365"

DEFAULT_RATE = Decimal(50000)
DEFAULT_PERFORMANCE = Decimal(1)
DEFAULT_PAYMENT_TERMS = 30


def show(value: object) -> str:
    """A value as an error message shows it (empty or padded text quoted)."""
    text = (
        value
        if isinstance(value, str)
        else f"{value:g}"
        if isinstance(value, Decimal)
        else str(value)
    )
    return repr(text) if text == "" or text.strip() != text or not text.isprintable() else text


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
        out = []
        if not 0 <= self.fixed <= 1:
            out.append(Problem(f"fixed{q}", show(self.fixed), FIXED_ALLOWED, "is outside 0–1"))
        if self.variable_max < 0:
            out.append(
                Problem(f"variable_max{q}", show(self.variable_max), VMAX_ALLOWED, "is below 0")
            )
        elif self.variable_max > MAX_VARIABLE_MAX:
            out.append(
                Problem(
                    f"variable_max{q}",
                    show(self.variable_max),
                    f"{VMAX_ALLOWED}, up to 10 (1000%)",
                    "is too large",
                )
            )
        elif not out and self.variable_max < 1 - self.fixed:
            out.append(
                Problem(
                    f"variable_max{q}",
                    f"{self.variable_max:g}",
                    f"at least the on-target variable share 1 − fixed = {1 - self.fixed:g}",
                    "is below the on-target variable share",
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
    """What is wrong with one quarter's performance (nothing: an empty list)."""
    if p < 0:
        return [Problem(field, show(p), PERFORMANCE_ALLOWED, "is below 0")]
    if p > MAX_PERFORMANCE:
        return [
            Problem(field, show(p), f"{PERFORMANCE_ALLOWED}, up to 100 (10000%)", "is too large")
        ]
    return []


def terms_problems(t: Terms) -> list[Problem]:
    """Everything wrong with ``t``'s values (empty when they make a valid scenario)."""
    out: list[Problem] = []
    if t.rate <= 0:
        out.append(Problem("rate", show(t.rate), "more than 0", "is not above 0"))
    elif t.rate > MAX_RATE or t.rate != t.rate.quantize(Decimal("0.01")):
        out.append(Problem("rate", show(t.rate), RATE_ALLOWED))
    term = t.option.term_months
    allowed_h = f"a multiple of {term} from {term} to {MAX_HORIZON}"
    h = t.horizon
    if h <= 0 or h % 3 or h % term or h > MAX_HORIZON:
        problem = (
            "is not a multiple of 3"
            if h % 3
            else f"does not fit whole {term}-month terms of {t.option.name}"
            if h % term
            else "is out of range"
        )
        out.append(Problem("horizon", str(h), allowed_h, problem))
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
    if not 0 <= t.payment_terms <= MAX_PAYMENT_TERMS:
        out.append(Problem("payment_terms", str(t.payment_terms), TERMS_ALLOWED, "is out of range"))
    last = latest_start(MAX_HORIZON)
    if t.start > last:
        out.append(
            Problem(
                "start",
                t.start.isoformat(),
                f"a date up to {last.isoformat()}",
                "is too late for the calendar",
            )
        )
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
