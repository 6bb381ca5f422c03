"""One scenario computed once: the :class:`Quote` every layer renders.

DOMAIN.md's rules 1–6 and 8 live here. A quote is built from validated :class:`Terms`; its
quarter lines are computed once (in integer cents, rule 8) and every view of the scenario (the
schedule, the per-month view, the invoices, the cash flows, the totals, break-even, the opt-out)
is derived from them the first time it is asked for and kept. :func:`quote` returns the same
quote for the same terms, so asking twice does no work twice.

Money columns hold ``Decimal`` dollars with two places, so every total is exactly the sum of its
lines. Cash flows are seen from the client: **negative is cash out of the client**, positive is
cash back (a refund), as numpy-financial's ``fv`` states it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property, lru_cache

import pandas as pd

from prepay_modeller.core.money import allocate, dollars, round_cents
from prepay_modeller.core.terms import Option, Terms, add_months

ZERO = Decimal("0.00")
INVOICE_COLUMNS = ["issued", "due", "kind", "term", "quarter", "description", "amount"]


@dataclass(frozen=True)
class QuarterLine:
    """One engagement quarter in integer cents (the model's inner unit)."""

    quarter: int  # engagement quarter, from 1
    term: int  # which term (1 = the first; renewals count up)
    stage: str
    start: dt.date
    end: dt.date  # the quarter's last day
    base: int
    fixed: int
    variable_target: int
    variable_cap: int  # the most the variable part can pay (base × variable_max)
    performance: Decimal
    variable: int

    @property
    def total(self) -> int:
        return self.fixed + self.variable

    @property
    def on_target(self) -> int:
        return self.fixed + self.variable_target

    @property
    def quarter_max(self) -> int:
        """The most the quarter can cost: fixed + the variable cap ("quarter maximum")."""
        return self.fixed + self.variable_cap


def variable_cents(target: int, cap: int, performance: Decimal | Fraction) -> int:
    """A quarter's variable part in cents at ``performance`` (rule 3): the on-target variable
    times performance, rounded half-to-even once, and never above the variable cap.

    ``performance`` is a Decimal (as typed) or a Fraction (a quarter scored from its key
    results, 1849/1800, which no decimal holds): the product is exact either way."""
    # min() commutes with the (monotone) rounding, so capping the rounded amount is the same as
    # rounding the capped one: one rounding, as rule 8 asks. round() of a Fraction is
    # half-to-even.
    return min(round(target * Fraction(performance)), cap)


def term_on_target_cents(option: Option, rate: Decimal) -> int:
    """A term's on-target total, rounded half-to-even to the cent once (rule 8)."""
    return round_cents(rate * option.term_months * (1 - option.discount))


def effective_monthly_price(option: Option, rate: Decimal) -> Decimal:
    """An option's on-target total per month at the monthly ``rate``: $45,000 for the 6-month
    prepay at $50,000 (DOMAIN.md, "Words for clients"); the rate itself for pay-as-you-go."""
    cents = term_on_target_cents(option, rate)
    return dollars(round_cents(Decimal(cents) / option.term_months / 100))


def quarter_lines(terms: Terms) -> tuple[QuarterLine, ...]:
    """Every quarter of the horizon, in cents: rules 1–3, 5 and 8 of DOMAIN.md."""
    opt = terms.option
    per_term = opt.term_months // 3
    lines: list[QuarterLine] = []
    for term_index in range(terms.terms_count):
        if opt.is_payg:
            bases = [round_cents(terms.rate * 3)]
        else:
            bases = allocate(term_on_target_cents(opt, terms.rate), [Decimal(1)] * per_term)
        for k, base in enumerate(bases):
            q = term_index * per_term + k  # quarters count from the engagement's start
            split = terms.splits[q]
            perf = terms.performance[q]
            if opt.is_payg:
                fixed, target, cap, variable = base, 0, 0, 0
            else:
                fixed, target = allocate(base, [split.fixed, 1 - split.fixed])
                cap = round_cents(Decimal(base) * split.variable_max / 100)
                variable = variable_cents(target, cap, perf)
            start = add_months(terms.start, 3 * q)
            end = add_months(terms.start, 3 * q + 3) - dt.timedelta(days=1)
            lines.append(
                QuarterLine(
                    q + 1,
                    term_index + 1,
                    split.stage,
                    start,
                    end,
                    base,
                    fixed,
                    target,
                    cap,
                    perf,
                    variable,
                )
            )
    return tuple(lines)


def by_term(lines) -> tuple[tuple[QuarterLine, ...], ...]:
    """The quarter lines of each term in order (the first term's first): what one prepayment
    covers (rule 4)."""
    terms: dict[int, list[QuarterLine]] = {}
    for x in lines:
        terms.setdefault(x.term, []).append(x)
    return tuple(tuple(terms[k]) for k in sorted(terms))


def _with_cumulative(frame: pd.DataFrame) -> pd.DataFrame:
    running, cumulative = ZERO, []
    for amount in frame["amount"]:
        running += amount
        cumulative.append(running)
    frame["cumulative"] = cumulative
    return frame


class Quote:
    """One scenario, computed once. Build it with :func:`quote`.

    Attributes are computed on first use and kept; frames are shared, so treat them as
    read-only (``.copy()`` one before changing it).
    """

    def __init__(self, terms: Terms):
        self.terms = terms
        self.lines: tuple[QuarterLine, ...] = quarter_lines(terms)

    def __repr__(self) -> str:
        t = self.terms
        return f"<Quote {t.option.name} {t.horizon}m from {t.start} total {self.totals['total']}>"

    @property
    def option(self) -> Option:
        return self.terms.option

    # --- the figures people ask for first -------------------------------------------------

    @cached_property
    def payg_total_cents(self) -> int:
        """What the horizon costs pay-as-you-go: one rate per month."""
        return round_cents(self.terms.rate) * self.terms.horizon

    @cached_property
    def totals(self) -> dict[str, Decimal]:
        """The scenario's totals, each the sum of the schedule's lines.

        Keys: ``on_target, fixed, variable_target, variable, total, payg_total,
        savings_vs_payg``.
        """
        lines = self.lines
        fixed = sum(x.fixed for x in lines)
        target = sum(x.variable_target for x in lines)
        variable = sum(x.variable for x in lines)
        payg = self.payg_total_cents
        return {
            "on_target": dollars(fixed + target),
            "fixed": dollars(fixed),
            "variable_target": dollars(target),
            "variable": dollars(variable),
            "total": dollars(fixed + variable),
            "payg_total": dollars(payg),
            "savings_vs_payg": dollars(payg - fixed - variable),
        }

    @property
    def total(self) -> Decimal:
        return self.totals["total"]

    @property
    def savings_share(self) -> float:
        """Savings against pay-as-you-go as a share of pay-as-you-go's total."""
        t = self.totals
        return float(t["savings_vs_payg"] / t["payg_total"])

    @cached_property
    def prepayment_cents(self) -> tuple[int, ...]:
        """What each term prepays, in cents (rule 4): the fixed parts of its quarters, the first
        term's first; none for pay-as-you-go, which is invoiced month by month."""
        if self.option.is_payg:
            return ()
        return tuple(sum(x.fixed for x in term) for term in by_term(self.lines))

    @cached_property
    def prepayment(self) -> Decimal:
        """What the client prepays on the first day: the first term's fixed parts (nothing for
        pay-as-you-go, which is invoiced month by month)."""
        return dollars(self.prepayment_cents[0]) if self.prepayment_cents else ZERO

    @cached_property
    def prepaid(self) -> Decimal:
        """Every term's prepayment over the horizon (renewals included)."""
        return ZERO if self.option.is_payg else self.totals["fixed"]

    @cached_property
    def effective_monthly_price(self) -> Decimal:
        """The option's on-target total per month (the rate less the discount): $45,000 for the
        6-month prepay at $50,000 (DOMAIN.md, "Words for clients")."""
        return effective_monthly_price(self.option, self.terms.rate)

    @cached_property
    def max_total(self) -> Decimal:
        """The most it can cost: every quarter at its quarter maximum (fixed + variable cap)."""
        return dollars(sum(x.quarter_max for x in self.lines))

    @property
    def renews(self) -> bool:
        """Whether a prepaid term renews within the horizon (pay-as-you-go never does)."""
        return not self.option.is_payg and self.terms.terms_count > 1

    @cached_property
    def break_even_performance(self) -> float | None:
        """The uniform performance (the same in every quarter) at which the option costs what
        pay-as-you-go costs; see :func:`break_even`."""
        return None if self.option.is_payg else break_even(self.lines, self.payg_total_cents)

    # --- frames -------------------------------------------------------------------------------

    @cached_property
    def schedule(self) -> pd.DataFrame:
        """The quarterly schedule, one row per engagement quarter (:data:`SCHEDULE_COLUMNS`).

        ``variable_max`` is the variable cap in dollars (base × the split's maximum share);
        ``quarter_max`` the most the quarter can cost (fixed + the variable cap); ``on_target``
        what it pays at performance 1.0 (its base); ``vs_on_target`` is ``total − on_target``.
        """
        return pd.DataFrame([schedule_row(x) for x in self.lines], columns=SCHEDULE_COLUMNS)

    @cached_property
    def monthly(self) -> pd.DataFrame:
        """What the payout is based on per month (the article's monthly table): each quarter's
        lines spread over its three months by largest remainder, so the months add up to the
        quarter to the cent. Columns: ``month, date, quarter, base, fixed, variable_target,
        variable, total, end`` (``date`` the month's first day, ``end`` its last: 28 February to
        27 March for an engagement starting on the 28th)."""
        return pd.DataFrame(monthly_rows(self.lines, self.terms.start))

    @cached_property
    def prepayments(self) -> pd.DataFrame:
        """What each term prepays: the first term, then each renewal (rules 4 and 5); see
        :func:`term_prepayments`."""
        return term_prepayments(self)

    @cached_property
    def invoice_rows(self) -> tuple[tuple, ...]:
        """The invoices as ``(issued, due, kind, term, quarter, description, cents)`` in date
        order (rule 4; see :func:`invoice_rows`)."""
        return invoice_rows(self.terms, self.lines, self.prepayment_cents)

    @cached_property
    def invoices(self) -> pd.DataFrame:
        """The dated invoices (rule 4).

        A prepaid option has one ``prepayment`` per term (the fixed parts of its quarters),
        issued and due on the term's first day, and one ``variable`` invoice per quarter,
        issued on the quarter's last day and due after the payment terms; a quarter whose
        variable part is $0 gets no invoice. Pay-as-you-go has one ``monthly`` invoice of the
        rate, issued and due on the first day of each month (paid in advance). Columns:
        ``issued, due, kind, term, quarter, description, amount`` (amount positive: what the
        client is billed).
        """
        frame = pd.DataFrame(list(self.invoice_rows), columns=INVOICE_COLUMNS)
        frame["amount"] = [dollars(c) for c in frame["amount"]]
        return frame

    @cached_property
    def cash_flows(self) -> pd.DataFrame:
        """The client's cash flows on each invoice's due date, with their running total.

        Negative is cash out of the client. Columns: ``date, kind, description, amount,
        cumulative``.
        """
        rows = sorted(self.invoice_rows, key=lambda r: r[1])
        frame = pd.DataFrame(
            {
                "date": [r[1] for r in rows],
                "kind": [r[2] for r in rows],
                "description": [r[5] for r in rows],
                "amount": [dollars(-r[6]) for r in rows],
            }
        )
        return _with_cumulative(frame)

    @cached_property
    def dated_flows(self) -> tuple[tuple[dt.date, Decimal], ...]:
        """The client's cash flows ``(due date, dollars)``, negative out, summed per date."""
        flows: dict[dt.date, int] = {}
        for r in self.invoice_rows:
            flows[r[1]] = flows.get(r[1], 0) - r[6]
        return tuple((d, dollars(c)) for d, c in sorted(flows.items()))

    @cached_property
    def last_due(self) -> dt.date:
        return max(r[1] for r in self.invoice_rows)

    # --- the opt-out (rule 6) ---------------------------------------------------------------

    @property
    def opt_out_days(self) -> int:
        """Days the client may leave within (0: no opt-out). From the option (``options.csv``)."""
        return 0 if self.option.is_payg else self.option.opt_out_days

    @cached_property
    def opt_out(self) -> pd.DataFrame | None:
        """The opt-out cash flows of rule 6 (``date, kind, description, amount, cumulative``;
        negative is cash out), or ``None`` where the option has no opt-out window."""
        if self.opt_out_days <= 0:
            return None
        return opt_out_flows(self.terms, self.prepayment_cents[0], self.opt_out_days)

    @cached_property
    def _opt_out_cents(self) -> tuple[int, int] | None:
        """``(cost, refund)`` of rule 6 in cents: one month of the rate, and the rest of the
        first prepayment (the same figures as :attr:`opt_out`, without a frame)."""
        if self.opt_out_days <= 0:
            return None
        month = round_cents(self.terms.rate)
        return month, self.prepayment_cents[0] - month

    @property
    def opt_out_cost(self) -> Decimal | None:
        """What leaving in the opt-out window costs the client in the end (one month's rate)."""
        cents = self._opt_out_cents
        return None if cents is None else dollars(cents[0])

    @property
    def opt_out_refund(self) -> Decimal | None:
        """What is refunded when the client leaves in the opt-out window."""
        cents = self._opt_out_cents
        return None if cents is None else dollars(cents[1])

    @property
    def opt_out_refund_day(self) -> dt.date | None:
        if self.opt_out_days <= 0:
            return None
        return self.terms.start + dt.timedelta(days=self.opt_out_days)


# --- the rules behind the quote's views ----------------------------------------------------

SCHEDULE_COLUMNS = [
    "quarter",
    "stage",
    "term",
    "start",
    "end",
    "base",
    "fixed",
    "variable_target",
    "variable_max",
    "performance",
    "variable",
    "total",
    "on_target",
    "vs_on_target",
    "quarter_max",
]


def schedule_row(x: QuarterLine) -> dict:
    return {
        "quarter": x.quarter,
        "stage": x.stage,
        "term": x.term,
        "start": x.start,
        "end": x.end,
        "base": dollars(x.base),
        "fixed": dollars(x.fixed),
        "variable_target": dollars(x.variable_target),
        "variable_max": dollars(x.variable_cap),
        "performance": float(x.performance),
        "variable": dollars(x.variable),
        "total": dollars(x.total),
        "on_target": dollars(x.on_target),
        "vs_on_target": dollars(x.total - x.on_target),
        "quarter_max": dollars(x.quarter_max),
    }


def monthly_rows(lines, start: dt.date) -> list[dict]:
    rows = []
    thirds = [Decimal(1)] * 3
    for line in lines:
        parts = {
            name: allocate(getattr(line, name), thirds)
            for name in ("base", "fixed", "variable_target", "variable")
        }
        for m in range(3):
            month = 3 * (line.quarter - 1) + m
            rows.append(
                {
                    "month": month + 1,
                    "date": add_months(start, month),
                    "quarter": line.quarter,
                    "base": dollars(parts["base"][m]),
                    "fixed": dollars(parts["fixed"][m]),
                    "variable_target": dollars(parts["variable_target"][m]),
                    "variable": dollars(parts["variable"][m]),
                    "total": dollars(parts["fixed"][m] + parts["variable"][m]),
                    "end": add_months(start, month + 1) - dt.timedelta(days=1),
                }
            )
    return rows


def variable_due(t: Terms, line: QuarterLine) -> dt.date:
    """Rule 4: a quarter's variable invoice is issued on the quarter's last day and due the
    payment terms after it."""
    return line.end + dt.timedelta(days=t.payment_terms)


def invoice_rows(t: Terms, lines, prepayments: tuple[int, ...]) -> tuple[tuple, ...]:
    """Rule 4. A prepaid option has one ``prepayment`` per term (the fixed parts of its
    quarters), issued and due on the term's first day, and one ``variable`` invoice per quarter,
    issued on the quarter's last day and due after the payment terms (none where the variable
    part is $0). Pay-as-you-go is paid a month in advance: each month is invoiced and due on its
    first day (the article gives it an effective prepayment of 100 %), so payment terms never
    give it free credit. ``prepayments`` are each term's, in cents
    (:attr:`Quote.prepayment_cents`)."""
    rows = []
    if t.option.is_payg:
        rate = round_cents(t.rate)
        for month in range(t.horizon):
            day = add_months(t.start, month)
            rows.append(
                (
                    day,
                    day,
                    "monthly",
                    month + 1,
                    month // 3 + 1,
                    f"Month {month + 1} retainer",
                    rate,
                )
            )
        return tuple(rows)
    for term_index, (in_term, fixed) in enumerate(
        zip(by_term(lines), prepayments, strict=True), start=1
    ):
        first = in_term[0]
        label = ", ".join(f"Q{x.quarter}" for x in in_term)
        rows.append(
            (
                first.start,
                first.start,
                "prepayment",
                term_index,
                first.quarter,
                f"Prepayment of the fixed part, {label}",
                fixed,
            )
        )
        for x in in_term:
            if x.variable:
                rows.append(
                    (
                        x.end,
                        variable_due(t, x),
                        "variable",
                        term_index,
                        x.quarter,
                        f"Variable part, Q{x.quarter}",
                        x.variable,
                    )
                )
    return tuple(sorted(rows, key=lambda r: (r[0], r[1])))


def opt_out_flows(t: Terms, prepayment: int, days: int) -> pd.DataFrame:
    """Rule 6: the client prepays the first term on day 0, leaves within the window, pays one
    month of pay-as-you-go, and gets the rest of the prepayment back on the window's last day."""
    month = round_cents(t.rate)
    frame = pd.DataFrame(
        {
            "date": [t.start, t.start + dt.timedelta(days=days)],
            "kind": ["prepayment", "refund"],
            "description": [
                "Prepayment of the first term",
                "Refund of the prepayment less one month of pay-as-you-go",
            ],
            "amount": [dollars(-prepayment), dollars(prepayment - month)],
        }
    )
    return _with_cumulative(frame)


def break_even(lines, payg_cents: int) -> float | None:
    """The uniform performance at which ``lines`` cost ``payg_cents``.

    Solved exactly on the unrounded payout (fixed + Σ min(target × p, cap)), which is piecewise
    linear and never falls as p rises. ``None`` where even every cap reached stays below
    pay-as-you-go (the option is cheaper at any performance); 0.0 where the fixed parts alone
    already cost as much.
    """
    gap = Fraction(payg_cents - sum(x.fixed for x in lines))
    if gap <= 0:
        return 0.0
    # Walk the performance axis through the points where quarters reach their caps.
    active = [x for x in lines if x.variable_target > 0]
    knees = sorted({Fraction(x.variable_cap, x.variable_target) for x in active})
    p_prev, paid_prev = Fraction(0), Fraction(0)
    for knee in knees:
        slope = sum(
            Fraction(x.variable_target)
            for x in active
            if Fraction(x.variable_cap, x.variable_target) > p_prev
        )
        paid_here = paid_prev + slope * (knee - p_prev)
        if paid_here >= gap:
            return float(p_prev + (gap - paid_prev) / slope)
        p_prev, paid_prev = knee, paid_here
    return None


def term_prepayments(q: Quote) -> pd.DataFrame:
    """What each term of ``q`` prepays: the first term, then each renewal (rules 4 and 5).

    One row per term of a prepaid option (none for pay-as-you-go): ``term`` (1 the first),
    ``start`` (the day it is prepaid and due), ``end``, ``first_quarter, last_quarter``,
    ``prepayment`` (the fixed parts of its quarters), ``variable_target`` and ``on_target``
    (the term's on-target cost, the same for every term), ``prepaid_share`` (prepayment / on
    target, a fraction) and ``vs_first`` (prepayment less the first term's). A renewal prepays
    less than the first term where its quarters carry a smaller fixed share: more of its cost
    depends on results.
    """
    columns = [
        "term",
        "start",
        "end",
        "first_quarter",
        "last_quarter",
        "prepayment",
        "variable_target",
        "on_target",
        "prepaid_share",
        "vs_first",
    ]
    if q.option.is_payg:
        return pd.DataFrame(columns=columns)
    rows = []
    first = q.prepayment_cents[0]
    terms = by_term(q.lines)
    for term, (lines, fixed) in enumerate(zip(terms, q.prepayment_cents, strict=True), start=1):
        target = sum(x.variable_target for x in lines)
        rows.append(
            {
                "term": term,
                "start": lines[0].start,
                "end": lines[-1].end,
                "first_quarter": lines[0].quarter,
                "last_quarter": lines[-1].quarter,
                "prepayment": dollars(fixed),
                "variable_target": dollars(target),
                "on_target": dollars(fixed + target),
                "prepaid_share": fixed / (fixed + target) if fixed + target else 0.0,
                "vs_first": dollars(fixed - first),
            }
        )
    return pd.DataFrame(rows, columns=columns)


@lru_cache(maxsize=512)
def quote(terms: Terms) -> Quote:
    """The quote of ``terms``, computed once (the same terms give the same object)."""
    return Quote(terms)
