"""Time value: each option's net present value at the client's cost of capital, and the annual
return of prepaying against pay-as-you-go (the IRR of the difference), on actual dates.

XNPV and XIRR come from `pyxirr <https://github.com/Anexen/pyxirr>`_ (a small, maintained Rust
library with spreadsheet-compatible XNPV/XIRR: actual days / 365, like Excel and Google Sheets),
rather than a hand-written solver. Every option is discounted to the engagement's start date (a
zero flow on that date anchors the schedule, since XNPV counts days from the earliest date).

Sign convention: the client's cash flows, **negative is cash out of the client**, so an NPV is
negative (a cost); ``npv_savings_vs_payg = npv − npv(payg)`` is positive when the option costs
less than pay-as-you-go in today's money.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pandas as pd
import pyxirr

from prepay_modeller.core import fields
from prepay_modeller.core.money import round_cents
from prepay_modeller.core.quote import quote
from prepay_modeller.core.terms import Terms, show
from prepay_modeller.core.values import number

RATE_ALLOWED = fields.DISCOUNT_RATE.allowed
DEFAULT_DISCOUNT_RATE = 0.10  # a client's yearly cost of capital, where none is given
MAX_DISCOUNT_RATE = fields.MAX_DISCOUNT_RATE


def discount_rate(value: object, field: str = "discount_rate") -> float:
    """An annual discount rate as a fraction (a number: ``0.08``), above −100 %."""
    rate = number(field, value, fields.DISCOUNT_RATE)
    return float(fields.DISCOUNT_RATE.check(rate, field, show(value)))


def dated_flows(terms: Terms) -> list[tuple[dt.date, Decimal]]:
    """The client's cash flows ``(due date, dollars)``, negative out, summed per date."""
    return list(quote(terms).dated_flows)


def xnpv(annual_rate: float, flows, on: dt.date) -> float:
    """XNPV of ``(date, amount)`` flows discounted to ``on`` (no flow may come before it)."""
    dates = [on] + [d for d, _ in flows]
    amounts = [0.0] + [float(a) for _, a in flows]
    return float(pyxirr.xnpv(annual_rate, dates, amounts))


def xirr(flows) -> float:
    """XIRR of ``(date, amount)`` flows; NaN where it is undefined (no sign change, no root)."""
    flows = [(d, a) for d, a in flows if a != 0]
    if not any(a > 0 for _, a in flows) or not any(a < 0 for _, a in flows):
        return math.nan
    result = pyxirr.xirr([d for d, _ in flows], [float(a) for _, a in flows], silent=True)
    return math.nan if result is None or not math.isfinite(result) else float(result)


def npv(terms: Terms, annual_rate: object) -> Decimal:
    """The NPV of ``terms``'s cash flows at ``annual_rate``, discounted to the start date.

    Dollars rounded half-to-even to the cent; negative is a cost to the client.
    """
    rate = discount_rate(annual_rate)
    return _cents(xnpv(rate, dated_flows(terms), terms.start))


def difference_flows(terms: Terms) -> list[tuple[dt.date, Decimal]]:
    """Prepaying minus paying as you go, per date: ``terms``'s flows less payg's on its horizon.

    Prepaying pays more early (negative) and less later (positive): an investment whose return
    is :func:`irr_vs_payg`.
    """
    own = dict(dated_flows(terms))
    payg = dict(dated_flows(terms.with_option(terms.catalog.payg)))
    zero = Decimal("0.00")
    days = sorted(set(own) | set(payg))
    return [
        (d, own.get(d, zero) - payg.get(d, zero))
        for d in days
        if own.get(d, zero) != payg.get(d, zero)
    ]


def sign_changes(flows) -> int:
    """How many times the amounts of ``(date, amount)`` flows change sign in date order, zeros
    skipped. DOMAIN.md rule 11: the IRR of prepaying against pay-as-you-go is unique (and shown)
    only where :func:`difference_flows` changes sign exactly once."""
    signs = [amount > 0 for _, amount in sorted(flows) if amount != 0]
    return sum(1 for before, after in zip(signs, signs[1:], strict=False) if before != after)


def irr_vs_payg(terms: Terms) -> float:
    """The annual return (a fraction) of prepaying instead of paying as you go, on actual dates.

    The XIRR of :func:`difference_flows`. NaN for pay-as-you-go itself and wherever it is
    undefined (the difference never changes sign). Where the sign changes more than once there
    can be several roots; pyxirr returns the one nearest its starting guess.
    """
    if terms.option.is_payg:
        return math.nan
    return xirr(difference_flows(terms))


NPV_COLUMNS = [
    "option",
    "total",
    "npv",
    "npv_savings_vs_payg",
    "irr_vs_payg",
    "label",
    "discount_rate",
    "npv_cost",
]


def npv_table(terms: Terms, annual_rate: object) -> pd.DataFrame:
    """Every option fitting the horizon, in today's money at ``annual_rate``.

    Columns: ``option, total`` (nominal cost, Decimal dollars, positive), ``npv`` (NPV of the
    client's flows, negative = cost, Decimal dollars), ``npv_savings_vs_payg`` (``npv`` less
    pay-as-you-go's; positive = cheaper), ``irr_vs_payg`` (fraction, NaN where undefined), plus
    ``label, discount_rate, npv_cost`` (``−npv``, the present value of what the client pays).
    """
    rate = discount_rate(annual_rate)
    base = npv(terms.with_option(terms.catalog.payg), rate)
    rows = []
    for opt in terms.catalog.fitting(terms.horizon):
        t = terms.with_option(opt)
        value = npv(t, rate)
        rows.append(
            {
                "option": opt.name,
                "total": quote(t).total,
                "npv": value,
                "npv_savings_vs_payg": value - base,
                "irr_vs_payg": irr_vs_payg(t),
                "label": opt.label,
                "discount_rate": rate,
                "npv_cost": -value,
            }
        )
    return pd.DataFrame(rows, columns=NPV_COLUMNS)


def _cents(value: float) -> Decimal:
    return (Decimal(round_cents(Decimal(repr(value)))) / 100).quantize(Decimal("0.01"))
