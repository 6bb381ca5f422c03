"""The validated terms of one scenario: the only way values get into the model.

Build them with :func:`make_terms` (keyword arguments, text from the command line or a CSV cell
all work); it fills the article's defaults from ``data/`` and raises :class:`InputError` naming
the field, the value and what is allowed. Past this boundary the model trusts its terms.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from prepay_modeller.core.errors import InputError
from prepay_modeller.core.money import to_decimal
from prepay_modeller.inputs import data, paths

MAX_HORIZON = 120  # ten years: far past any engagement anyone will model


class Option(BaseModel):
    """A way to pay: ``months`` 1 is pay-as-you-go, otherwise a prepaid term of whole quarters."""

    model_config = ConfigDict(frozen=True)

    name: str
    months: int
    discount: Decimal
    opt_out_days: int = 0
    label: str = ""

    @property
    def is_payg(self) -> bool:
        return self.months == 1

    @property
    def term_months(self) -> int:
        """Months one term covers; pay-as-you-go is counted in quarters of three months."""
        return 3 if self.is_payg else self.months


class Split(BaseModel):
    """One engagement quarter's fixed share and the maximum of its variable share of the base."""

    model_config = ConfigDict(frozen=True)

    stage: str
    fixed: Decimal
    variable_max: Decimal


class Terms(BaseModel):
    """One validated scenario. ``splits`` and ``performance`` have one entry per quarter."""

    model_config = ConfigDict(frozen=True)

    option: Option
    rate: Decimal
    splits: tuple[Split, ...]
    performance: tuple[Decimal, ...]
    horizon: int
    start: dt.date
    payment_terms: int

    @property
    def quarters(self) -> int:
        return self.horizon // 3

    def with_option(self, option: str | Option, horizon: int | None = None) -> Terms:
        """The same scenario under another option (same horizon unless given)."""
        opt = option if isinstance(option, Option) else get_option(option)
        return make_terms(
            option=opt,
            rate=self.rate,
            performance=self.performance,
            horizon=horizon or self.horizon,
            start=self.start,
            payment_terms=self.payment_terms,
            fixed=[s.fixed for s in self.splits],
            variable_max=[s.variable_max for s in self.splits],
            stages=[s.stage for s in self.splits],
        )

    def with_performance(self, performance) -> Terms:
        """The same scenario at another performance (one value, or one per quarter)."""
        return self.model_copy(
            update={"performance": _per_quarter("performance", performance, self.quarters, _perf)}
        )


# --- defaults --------------------------------------------------------------------------------


def options() -> dict[str, Option]:
    """The prepay options of ``data/options.csv`` by name, in file order."""
    return dict(_options_at(str(paths.data_file("options.csv"))))


@lru_cache(maxsize=8)
def _options_at(path: str) -> dict[str, Option]:
    table = data.load_options(path)
    return {
        row.option: Option(
            name=row.option,
            months=int(row.months),
            discount=to_decimal(row.discount),
            opt_out_days=int(row.opt_out_days),
            label=row.label,
        )
        for row in table.itertuples(index=False)
    }


def get_option(name: str) -> Option:
    known = options()
    key = str(name).strip()
    if key not in known:
        raise InputError(
            "option", _show(name), "one of " + ", ".join(known), "is not a known option"
        )
    return known[key]


def default_splits() -> list[Split]:
    """The article's quarterly split, quarter 1 first."""
    return list(_splits_at(str(paths.data_file("splits.csv"))))


@lru_cache(maxsize=8)
def _splits_at(path: str) -> tuple[Split, ...]:
    return tuple(
        Split(stage=r.stage, fixed=to_decimal(r.fixed), variable_max=to_decimal(r.variable_max))
        for r in data.load_splits(path).itertuples(index=False)
    )


def default_start(today: dt.date | None = None) -> dt.date:
    """The first day of next month."""
    today = today or dt.date.today()
    return add_months(today.replace(day=1), 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the month's last day (Jan 31 + 1 → Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


# --- parsing single values ---------------------------------------------------------------------


def _show(value: object) -> str:
    text = str(value)
    return repr(text) if text == "" or text.strip() != text else text


def parse_number(field: str, value: object, allowed: str) -> Decimal:
    """A number from a number or text; ``125%`` means 1.25."""
    if isinstance(value, bool) or value is None:
        raise InputError(field, _show(value), allowed, "is not a number")
    try:
        if isinstance(value, str) and value.strip().endswith("%"):
            number = to_decimal(value.strip()[:-1]) / 100
        else:
            number = to_decimal(value)
    except (InvalidOperation, ValueError):
        raise InputError(field, _show(value), allowed, "is not a number") from None
    if not number.is_finite():
        raise InputError(field, _show(value), allowed, "is not a finite number")
    return number


def _perf(field: str, value: object) -> Decimal:
    p = parse_number(field, value, "0 or more, as 1.25 or 125%")
    if p < 0:
        raise InputError(field, _show(value), "0 or more, as 1.25 or 125%", "is below 0")
    return p


def _fixed(field: str, value: object) -> Decimal:
    f = parse_number(field, value, "0 to 1, as 0.9 or 90%")
    if not 0 <= f <= 1:
        raise InputError(field, _show(value), "0 to 1, as 0.9 or 90%", "is outside 0–1")
    return f


def _vmax(field: str, value: object) -> Decimal:
    v = parse_number(field, value, "0 or more, as 1.2 or 120%")
    if v < 0:
        raise InputError(field, _show(value), "0 or more, as 1.2 or 120%", "is below 0")
    return v


def _split_list(value: object) -> list:
    if isinstance(value, str):
        return [v for v in value.split(",")]
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def _per_quarter(name: str, value: object, quarters: int, parse) -> tuple[Decimal, ...]:
    """One value for every quarter, or exactly one per quarter; named ``name_q<n>`` per quarter."""
    values = _split_list(value)
    if len(values) == 1:
        return tuple([parse(name, values[0])] * quarters)
    if len(values) != quarters:
        raise InputError(
            name,
            ",".join(str(v) for v in values),
            f"one value, or one per quarter of the horizon ({quarters})",
            f"has {len(values)} values",
        )
    return tuple(parse(f"{name}_q{i}", v) for i, v in enumerate(values, start=1))


def parse_date(field: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(field, _show(value), "a date as YYYY-MM-DD", "is not a date") from None


def parse_int(field: str, value: object, allowed: str) -> int:
    number = parse_number(field, value, allowed) if not isinstance(value, int) else Decimal(value)
    if number != number.to_integral_value():
        raise InputError(field, _show(value), allowed, "is not a whole number")
    return int(number)


# --- the boundary ------------------------------------------------------------------------------


def make_terms(
    option: str | Option = "prepay-12",
    rate: object = 50000,
    performance: object = 1,
    horizon: object | None = None,
    start: object | None = None,
    payment_terms: object = 30,
    fixed: object | None = None,
    variable_max: object | None = None,
    stages: list[str] | None = None,
) -> Terms:
    """Validate one scenario and fill the article's defaults.

    Parameters
    ----------
    option : name from ``data/options.csv`` (``payg``, ``prepay-3``, ``prepay-6``, ``prepay-12``).
    rate : the monthly pay-as-you-go list price, dollars, above 0.
    performance : one value for every quarter, or one per quarter of the horizon; 1.0 (or
        ``"100%"``) is on target.
    horizon : months modelled, a multiple of 3 and of the option's term; default the term.
    start : first day of the engagement; default the first day of next month.
    payment_terms : days between a variable (or monthly) invoice and its due date.
    fixed, variable_max : per-quarter split overrides: one value, or one per quarter.
    """
    opt = option if isinstance(option, Option) else get_option(option)
    # People type money as "$50,000": the separators carry no meaning here.
    rate_in = rate.replace(",", "").replace("$", "") if isinstance(rate, str) else rate
    rate_d = parse_number("rate", rate_in, "more than 0")
    if rate_d <= 0:
        raise InputError("rate", _show(rate), "more than 0", "is not above 0")
    if rate_d != rate_d.quantize(Decimal("0.01")) or rate_d > Decimal("1e9"):
        raise InputError("rate", _show(rate), "more than 0, to the cent, up to 1,000,000,000")

    term = opt.term_months
    allowed_h = f"a multiple of {term} from {term} to {MAX_HORIZON}"
    if horizon is None or (isinstance(horizon, str) and not horizon.strip()):
        months = term
    else:
        months = parse_int("horizon", horizon, allowed_h)
        if months <= 0 or months % 3 or months % term or months > MAX_HORIZON:
            problem = (
                "is not a multiple of 3"
                if months % 3
                else f"does not fit whole {term}-month terms of {opt.name}"
                if months % term
                else "is out of range"
            )
            raise InputError("horizon", _show(horizon), allowed_h, problem)
    quarters = months // 3

    perf = _per_quarter("performance", performance, quarters, _perf)

    base = default_splits()
    names = stages or [s.stage for s in base]
    # Quarters past the last split row use the last row (DOMAIN.md).
    splits_q = [base[min(q, len(base) - 1)] for q in range(quarters)]
    fixed_q = (
        _per_quarter("fixed", fixed, quarters, _fixed)
        if fixed is not None
        else tuple(s.fixed for s in splits_q)
    )
    vmax_q = (
        _per_quarter("variable_max", variable_max, quarters, _vmax)
        if variable_max is not None
        else tuple(s.variable_max for s in splits_q)
    )
    splits = []
    for q in range(quarters):
        if vmax_q[q] < 1 - fixed_q[q]:
            raise InputError(
                f"variable_max_q{q + 1}",
                f"{vmax_q[q]:g}",
                f"at least the on-target variable share 1 − fixed = {1 - fixed_q[q]:g}",
                "is below the on-target variable share",
            )
        stage = names[min(q, len(names) - 1)] if names else ""
        splits.append(Split(stage=stage, fixed=fixed_q[q], variable_max=vmax_q[q]))

    start_d = default_start() if start is None or start == "" else parse_date("start", start)
    days = parse_int("payment_terms", payment_terms, "a whole number of days from 0 to 365")
    if not 0 <= days <= 365:
        raise InputError(
            "payment_terms",
            _show(payment_terms),
            "a whole number of days from 0 to 365",
            "is out of range",
        )
    return Terms(
        option=opt,
        rate=rate_d,
        splits=tuple(splits),
        performance=perf,
        horizon=months,
        start=start_d,
        payment_terms=days,
    )


def prospect_terms(
    option: str,
    rate: object = 50000,
    performance: object = 1,
    horizon: object | None = None,
    start: object | None = None,
    payment_terms: object = 30,
    past_horizon: str = "error",
) -> Terms:
    """The terms of one prospect (a row of ``prospects.csv``, or a proposal's parameters).

    ``performance`` is a list of values for the first quarters: the quarters past the last
    value repeat it (a prospect states what they expect early on). Values for quarters past the
    horizon are an error naming ``performance_q<n>``, or dropped with ``past_horizon="drop"``
    (the report template always carries four).
    """
    values = _split_list(performance)
    first = make_terms(
        option=option,
        rate=rate,
        performance=values[0] if values else 1,
        horizon=horizon,
        start=start,
        payment_terms=payment_terms,
    )
    quarters = first.quarters
    if len(values) > quarters:
        if past_horizon != "drop":
            raise InputError(
                f"performance_q{quarters + 1}",
                _show(values[quarters]),
                f"empty: the horizon of {first.horizon} months has {quarters} quarter(s)",
                "is past the horizon",
            )
        values = values[:quarters]
    values = values + [values[-1]] * (quarters - len(values))
    return first.with_performance(values)
