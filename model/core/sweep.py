"""Many scenarios at once: arrays of performance paths × options, in integer cents with numpy.

Everything about an option on a horizon that does not depend on performance (quarter bases, the
fixed and on-target variable lines, caps, invoice dates) comes from the one-scenario model
(:func:`core.quote.quarter_lines`), so the allocation rules are not written twice. The only
rounding that depends on performance, a variable invoice ``min(round_half_even(target ×
performance), cap)`` (DOMAIN.md rule 8), is done here on integers: performance is an integer
number of ``1 / scale`` units (micro-units, ``scale = 10**6``, for the Monte Carlo), so every
cent is exactly what :attr:`core.quote.Quote.totals` gives for the same performance.

Cash flows keep the model's sign convention: negative is cash out of the client.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from prepay_modeller.core.errors import InputError
from prepay_modeller.core.terms import PERFORMANCE_ALLOWED, Terms, show

MICRO = 10**6  # performance units per 1.0 for sampled paths: 0.0001 % steps
_INT64_SAFE = 2**62  # products above this fall back to exact Python integers
_FLOAT_EXACT = 2**53  # integers below this are exact in float64


@dataclass(frozen=True)
class Plan:
    """One option on one horizon, everything that does not depend on performance, in cents.

    ``fixed``, ``target`` and ``cap`` are per quarter (int64). ``fixed_flows`` are the
    performance-free cash flows (prepayments, or pay-as-you-go's monthly invoices) as
    ``(due date, cents)`` with cents negative; ``variable_due`` is each quarter's variable
    invoice due date.
    """

    terms: Terms
    fixed: np.ndarray
    target: np.ndarray
    cap: np.ndarray
    fixed_flows: tuple[tuple[dt.date, int], ...]
    variable_due: tuple[dt.date, ...]
    payg_total: int

    @property
    def option(self) -> str:
        return self.terms.option.name

    @property
    def quarters(self) -> int:
        return len(self.fixed)

    @property
    def fixed_total(self) -> int:
        return int(self.fixed.sum())


def plan(terms: Terms) -> Plan:
    """The performance-free part of ``terms``'s option, from the one-scenario model."""
    from prepay_modeller.core.quote import quote, variable_due

    q = quote(terms)
    lines = q.lines
    # Rule 4's invoices that do not depend on performance (the prepayments, or pay-as-you-go's
    # months), on their due dates, as the quote dates them.
    flows = tuple((r[1], -r[6]) for r in q.invoice_rows if r[2] != "variable")
    return Plan(
        terms=terms,
        fixed=np.array([x.fixed for x in lines], dtype=np.int64),
        target=np.array([x.variable_target for x in lines], dtype=np.int64),
        cap=np.array([x.variable_cap for x in lines], dtype=np.int64),
        fixed_flows=flows,
        variable_due=tuple(variable_due(terms, x) for x in lines),
        payg_total=q.payg_total_cents,
    )


def plans(terms: Terms) -> dict[str, Plan]:
    """A plan for every option that fits ``terms``'s horizon, by option name."""
    return {o.name: plan(terms.with_option(o)) for o in terms.catalog.fitting(terms.horizon)}


# --- performance as integers ---------------------------------------------------------------


def units_from_fractions(values, scale: int = MICRO) -> np.ndarray:
    """Float performances (1.0 = on target) rounded to the nearest ``1 / scale`` (int64).

    Sampled paths are quantised this way; the result is a valid exact performance that the
    one-scenario model gives the same cents for (``Decimal(units) / scale``).
    """
    arr = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise InputError("performance", "a negative or non-finite value", "0 or more")
    return np.rint(arr * scale).astype(np.int64)


def _performance(value) -> Decimal:
    from prepay_modeller.core.money import to_decimal

    try:
        p = to_decimal(value) if not isinstance(value, bool) else None
    except (ArithmeticError, ValueError):
        p = None
    if p is None or not p.is_finite() or p < 0:
        raise InputError("performance", show(value), PERFORMANCE_ALLOWED, "is not allowed")
    return p


def exact_units(values) -> tuple[np.ndarray, int]:
    """Performances exactly as the one-scenario model reads them, as integers over a scale.

    Each value is a number (``0.15``, ``Decimal("1.25")``; a float is read as its shortest
    repr, as the input layer reads it); the scale is the power of ten that makes every value
    whole. Returns
    ``(units, scale)``; units are int64 where they fit, else exact Python integers.
    """
    cells = np.asarray(values, dtype=object).ravel()
    # numpy scalars as Python numbers (repr(np.float64(0.1)) is not a number's text)
    parsed = [_performance(v.item() if isinstance(v, np.generic) else v) for v in cells]
    places = max([0] + [-p.as_tuple().exponent for p in parsed if p.as_tuple().exponent < 0])
    scale = 10**places
    ints = [int(p * scale) for p in parsed]
    dtype = np.int64 if max(ints, default=0) < _INT64_SAFE else object
    shape = np.shape(np.asarray(values, dtype=object))
    return np.array(ints, dtype=dtype).reshape(shape), scale


def units_of(terms: Terms) -> tuple[np.ndarray, int]:
    """``terms``'s own performance path as ``(units of shape (1, quarters), scale)``."""
    units, scale = exact_units(list(terms.performance))
    return units.reshape(1, -1), scale


# --- the vectorised rules ------------------------------------------------------------------


def _paths(p: Plan, units) -> np.ndarray:
    arr = np.asarray(units)
    if arr.ndim == 1:  # one uniform performance per scenario
        arr = np.repeat(arr[:, None], p.quarters, axis=1)
    if arr.ndim != 2 or arr.shape[1] != p.quarters:
        raise ValueError(
            f"performance paths must have one column per quarter ({p.quarters}), "
            f"got shape {arr.shape}"
        )
    return arr


def _caps_bind_at(p: Plan, scale: int) -> list[int]:
    # Smallest units at which target × units / scale ≥ cap + 1 (so the cap surely binds).
    return [
        -(-(int(c) + 1) * scale // int(t)) if t > 0 else 0
        for t, c in zip(p.target, p.cap, strict=True)
    ]


def _fast_variable(p: Plan, k: np.ndarray, scale: int) -> np.ndarray | None:
    """The variable cents as float64 (whole numbers), or None where the fast path is not exact.

    Exact because: units are clipped where the cap surely binds, so target × units is an
    integer below 2**53 and the float product is exact; IEEE division is correctly rounded; and
    the quotient stays below 2**53 / (4 × scale), where a double's spacing is under
    1 / (2 × scale), so rounding cannot move it onto or across a half-cent tie: ``rint``'s
    half-to-even sees exactly the ties the integer rule sees.
    """
    top = int(p.cap.max(initial=0)) + int(p.target.max(initial=0)) + 1
    if k.dtype == object or 4 * top * scale >= _FLOAT_EXACT:
        return None
    kmax = np.array(_caps_bind_at(p, scale), dtype=np.int64)
    if k.size and int(k.max()) >= _FLOAT_EXACT:
        k = np.minimum(k, kmax)
    v = k.astype(np.float64)
    np.minimum(v, kmax.astype(np.float64), out=v)
    np.multiply(v, p.target.astype(np.float64), out=v)
    np.divide(v, float(scale), out=v)
    np.rint(v, out=v)
    np.minimum(v, p.cap.astype(np.float64), out=v)
    return v


def variable_cents(p: Plan, units, scale: int = MICRO) -> np.ndarray:
    """Each scenario's variable invoice per quarter, in cents: shape ``(scenarios, quarters)``.

    ``min(round_half_even(target × units / scale), cap)``, DOMAIN.md rules 3 and 8. Units at or
    above the point where a quarter is surely capped are clipped to it first, which changes no
    result and keeps the products small. Three exact paths by size: float64 (every realistic
    engagement), int64, and Python integers (rates and caps far beyond any real engagement).
    """
    k = _paths(p, units)
    fast = _fast_variable(p, k, scale)
    if fast is not None:
        return fast.astype(np.int64)
    kmax = _caps_bind_at(p, scale)
    biggest = max([int(t) * m for t, m in zip(p.target, kmax, strict=True)] + [0])
    if k.dtype != object and biggest < _INT64_SAFE and scale < _INT64_SAFE:
        k = np.minimum(k, np.array(kmax, dtype=np.int64))
        n = k * p.target
        q, r = np.divmod(n, scale)
        twice = 2 * r
        up = (twice > scale) | ((twice == scale) & (q % 2 == 1))
        return np.minimum(q + up, p.cap)
    k = np.minimum(k.astype(object), np.array(kmax, dtype=object))
    n = k * p.target.astype(object)
    q = n // scale
    twice = 2 * (n - q * scale)
    up = (twice > scale) | ((twice == scale) & (q % 2 == 1))
    return np.minimum(q + up.astype(int).astype(object), p.cap.astype(object))


def total_cents(p: Plan, units, scale: int = MICRO) -> np.ndarray:
    """Each scenario's total over the horizon (fixed + variable), in cents, shape ``(n,)``."""
    k = _paths(p, units)
    fast = _fast_variable(p, k, scale)
    if fast is not None:
        # Sums of whole numbers below 2**53 are exact in float64, in any order.
        return (fast @ np.ones(p.quarters)).astype(np.int64) + p.fixed_total
    return p.fixed_total + variable_cents(p, k, scale).sum(axis=1)


def discount_factors(p: Plan, annual_rate: float, dates) -> np.ndarray:
    """``(1 + r) ** (−days / 365)`` from the engagement's start to each date (XNPV's convention)."""
    days = np.array([(d - p.terms.start).days for d in dates], dtype=float)
    return (1.0 + annual_rate) ** (-days / 365.0)


def npv_dollars(p: Plan, variable: np.ndarray, annual_rate: float) -> np.ndarray:
    """Each scenario's net present value at ``annual_rate``, in dollars (negative = cost).

    The flows are the plan's dated fixed flows plus each quarter's variable invoice on its due
    date, discounted to the engagement's start on actual days / 365, as XNPV does.
    """
    fixed_dates = [d for d, _ in p.fixed_flows]
    fixed_amounts = np.array([c for _, c in p.fixed_flows], dtype=float)
    fixed_pv = float(fixed_amounts @ discount_factors(p, annual_rate, fixed_dates))
    var_df = discount_factors(p, annual_rate, p.variable_due)
    return (fixed_pv - np.asarray(variable, dtype=float) @ var_df) / 100.0


@dataclass(frozen=True)
class OptionSweep:
    """One option's results over many scenarios (cents int64; NPV in float dollars)."""

    option: str
    variable: np.ndarray  # (scenarios, quarters)
    total: np.ndarray  # (scenarios,)
    payg_total: int
    npv: np.ndarray | None = None  # (scenarios,), when a discount rate was given


def sweep(
    terms: Terms,
    units,
    scale: int = MICRO,
    annual_rate: float | None = None,
    options: list[str] | None = None,
) -> dict[str, OptionSweep]:
    """Every fitting option (or ``options``) on the same performance paths.

    ``units`` is ``(scenarios, quarters)`` integer performance over ``scale`` (or
    ``(scenarios,)`` for uniform performance). Returns ``{option: OptionSweep}``.
    """
    out = {}
    for name, p in plans(terms).items():
        if options is not None and name not in options:
            continue
        k = _paths(p, units)
        fast = _fast_variable(p, k, scale)
        if fast is not None:
            var = fast.astype(np.int64)
            total = (fast @ np.ones(p.quarters)).astype(np.int64) + p.fixed_total
        else:
            var = variable_cents(p, k, scale)
            total = p.fixed_total + var.sum(axis=1)
        out[name] = OptionSweep(
            option=name,
            variable=var,
            total=total,
            payg_total=p.payg_total,
            npv=None
            if annual_rate is None
            else npv_dollars(p, fast if fast is not None else var, annual_rate),
        )
    return out


def dollars_array(cents) -> list[Decimal]:
    """Integer cents as Decimal dollars (for frames the rest of the model shows)."""
    from prepay_modeller.core.money import dollars

    return [dollars(int(c)) for c in np.asarray(cents).ravel()]
