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
from functools import lru_cache

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
    """An annual discount rate as a fraction (a number: ``0.08``), above −100 %. What a person
    types stops at 100 % a year (the reader checks it: inputs.numbers.discount_rate); the model
    may discount at more (rule 11: a saving turns at the IRR, 735 % a year for some options)."""
    rate = number(field, value, fields.MODEL_DISCOUNT_RATE)
    return float(fields.MODEL_DISCOUNT_RATE.check(rate, field, show(value)))


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


def N_(message: str) -> str:  # noqa: N802 (gettext's name: marks a note for the catalogs)
    """``message`` as it is: the core words its notes in English; the layers translate them."""
    return message


# Why no return of prepaying is shown (DOMAIN.md rule 11), by the shape of the difference of the
# two dated cash flows (prepaying minus paying as you go).
IRR_NOTES = {
    "crosses": N_("the payments cross more than once: see the present value"),
    "never_more": N_(
        "prepaying never pays more than pay-as-you-go on any date: nothing is invested, "
        "see the present value"
    ),
    "never_less": N_(
        "prepaying never pays less than pay-as-you-go on any date: there is no return, "
        "see the present value"
    ),
    "borrows": N_(
        "prepaying pays less first and more later: it is not an investment, see the present value"
    ),
    "unsolved": N_("no single return was found: see the present value"),
}


def sign_changes(flows) -> int:
    """How many times the amounts of ``(date, amount)`` flows change sign in date order, zeros
    skipped. DOMAIN.md rule 11: the IRR of prepaying against pay-as-you-go is unique (and shown)
    only where :func:`difference_flows` changes sign exactly once (Descartes' rule bounds the
    number of IRRs by it)."""
    signs = [amount > 0 for _, amount in sorted(flows) if amount != 0]
    return sum(1 for before, after in zip(signs, signs[1:], strict=False) if before != after)


@lru_cache(maxsize=256)
def irr_result(terms: Terms) -> tuple[float, str | None]:
    """The return of prepaying against pay-as-you-go and why none is shown: ``(irr, reason)``,
    ``irr`` a fraction (NaN where none is shown) and ``reason`` a key of :data:`IRR_NOTES`
    (None where a return is shown, and for pay-as-you-go itself, which has nothing to compare).

    A return is shown only where the difference of the dated flows (:func:`difference_flows`)
    changes sign exactly once, from paying more (prepaying early) to paying less: then the IRR
    is unique, and the saving in today's money is positive exactly when the IRR is above the
    discount rate (DOMAIN.md rule 11). Where the sign changes more than once there can be
    several returns (or one that disagrees with the present value): none is shown.
    """
    if terms.option.is_payg:
        return math.nan, None
    flows = [(d, a) for d, a in difference_flows(terms) if a != 0]
    if not any(a > 0 for _, a in flows):
        return math.nan, "never_less"
    if not any(a < 0 for _, a in flows):
        return math.nan, "never_more"
    if sign_changes(flows) > 1:
        return math.nan, "crosses"
    if flows[0][1] > 0:  # prepaying pays less first: a loan, not an investment
        return math.nan, "borrows"
    value = xirr(flows)
    return (math.nan, "unsolved") if math.isnan(value) else (value, None)


def irr_reason(terms: Terms) -> str | None:
    """Why no return of prepaying is shown for ``terms`` (:func:`irr_result`); None where one
    is, and for pay-as-you-go."""
    return irr_result(terms)[1]


def irr_note(terms: Terms) -> str | None:
    """The English sentence saying why no return is shown (None where one is)."""
    reason = irr_reason(terms)
    return None if reason is None else IRR_NOTES[reason]


def irr_vs_payg(terms: Terms) -> float:
    """The annual return (a fraction) of prepaying instead of paying as you go, on actual dates:
    the XIRR of :func:`difference_flows` where it is unique and agrees with the present value
    (:func:`irr_result`); NaN elsewhere, and for pay-as-you-go itself."""
    return irr_result(terms)[0]


NPV_COLUMNS = [
    "option",
    "total",
    "npv",
    "npv_savings_vs_payg",
    "irr_vs_payg",
    "label",
    "discount_rate",
    "npv_cost",
    "irr_note",
]


def npv_table(terms: Terms, annual_rate: object) -> pd.DataFrame:
    """Every option fitting the horizon, in today's money at ``annual_rate``.

    Columns: ``option, total`` (nominal cost, Decimal dollars, positive), ``npv`` (NPV of the
    client's flows, negative = cost, Decimal dollars), ``npv_savings_vs_payg`` (``npv`` less
    pay-as-you-go's; positive = cheaper), ``irr_vs_payg`` (fraction, NaN where no single return
    agrees with the present value, DOMAIN.md rule 11), plus ``label, discount_rate, npv_cost``
    (``−npv``, the present value of what the client pays) and ``irr_note`` (why no return is
    shown, in English; None where one is, and for pay-as-you-go).
    """
    rate = discount_rate(annual_rate)
    base = npv(terms.with_option(terms.catalog.payg), rate)
    rows = [
        {
            "option": opt.name,
            "total": quote(terms.with_option(opt)).total,
            **time_value(terms.with_option(opt), rate, base),
            "label": opt.label,
        }
        for opt in terms.catalog.fitting(terms.horizon)
    ]
    return pd.DataFrame(rows, columns=NPV_COLUMNS)


def time_value(terms: Terms, annual_rate: object, payg_npv: Decimal | None = None) -> dict:
    """One scenario in today's money at ``annual_rate``: ``discount_rate, npv, npv_cost,
    npv_savings_vs_payg, irr_vs_payg, irr_note`` (as :func:`npv_table`'s columns).
    ``payg_npv`` is pay-as-you-go's NPV on the same horizon where the caller has it already."""
    rate = discount_rate(annual_rate)
    value = npv(terms, rate)
    if payg_npv is None:
        payg_npv = npv(terms.with_option(terms.catalog.payg), rate)
    irr, reason = irr_result(terms)
    return {
        "discount_rate": rate,
        "npv": value,
        "npv_cost": -value,
        "npv_savings_vs_payg": value - payg_npv,
        "irr_vs_payg": irr,
        "irr_note": None if reason is None else IRR_NOTES[reason],
    }


def _cents(value: float) -> Decimal:
    return (Decimal(round_cents(Decimal(repr(value)))) / 100).quantize(Decimal("0.01"))
