"""The payout model of DOMAIN.md: pure functions from validated :class:`Terms` to DataFrames.

Money columns hold ``Decimal`` dollars with two places, computed in integer cents (rule 8), so
every total is exactly the sum of its lines. Cash flows are seen from the client: **negative is
cash out of the client**, positive is cash back (a refund), as numpy-financial's ``fv`` states it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from prepay_modeller.core.money import allocate, dollars, round_cents
from prepay_modeller.core.terms import Option, Terms, add_months, options


@dataclass(frozen=True)
class QuarterLine:
    """One engagement quarter in integer cents (the model's inner unit)."""

    quarter: int  # engagement quarter, from 1
    term: int  # which term (1 = the first; renewals count up)
    start: dt.date
    end: dt.date  # the quarter's last day
    base: int
    fixed: int
    variable_target: int
    variable_cap: int
    performance: Decimal
    variable: int

    @property
    def total(self) -> int:
        return self.fixed + self.variable


def term_on_target_cents(option: Option, rate: Decimal) -> int:
    """A term's on-target total, rounded half-to-even to the cent once (rule 8)."""
    return round_cents(rate * option.term_months * (1 - option.discount))


def quarter_lines(terms: Terms) -> list[QuarterLine]:
    """Every quarter of the horizon, in cents: rules 1–3, 5 and 8 of DOMAIN.md."""
    opt = terms.option
    per_term = opt.term_months // 3
    lines: list[QuarterLine] = []
    for term_index in range(terms.horizon // opt.term_months):
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
                # min() commutes with the (monotone) rounding, so capping the rounded amount is
                # the same as rounding the capped one: one rounding, as rule 8 asks.
                variable = min(round_cents(Decimal(target) * perf / 100), cap)
            start = add_months(terms.start, 3 * q)
            end = add_months(terms.start, 3 * q + 3) - dt.timedelta(days=1)
            lines.append(
                QuarterLine(
                    q + 1, term_index + 1, start, end, base, fixed, target, cap, perf, variable
                )
            )
    return lines


def quarterly_schedule(terms: Terms) -> pd.DataFrame:
    """The quarterly schedule: one row per engagement quarter.

    Columns: ``quarter, stage, term, start, end, base, fixed, variable_target, variable_max,
    performance, variable, total, on_target, vs_on_target``. ``variable_max`` is the cap in
    dollars (base × the split's maximum share); ``on_target`` is what the quarter pays at
    performance 1.0 (its base); ``vs_on_target`` is ``total − on_target``.
    """
    rows = []
    for line in quarter_lines(terms):
        rows.append(
            {
                "quarter": line.quarter,
                "stage": terms.splits[line.quarter - 1].stage,
                "term": line.term,
                "start": line.start,
                "end": line.end,
                "base": dollars(line.base),
                "fixed": dollars(line.fixed),
                "variable_target": dollars(line.variable_target),
                "variable_max": dollars(line.variable_cap),
                "performance": float(line.performance),
                "variable": dollars(line.variable),
                "total": dollars(line.total),
                "on_target": dollars(line.fixed + line.variable_target),
                "vs_on_target": dollars(line.total - line.fixed - line.variable_target),
            }
        )
    return pd.DataFrame(rows)


def monthly_view(terms: Terms) -> pd.DataFrame:
    """What the payout is based on per month (the article's monthly table).

    Each quarter's lines are spread over its three months by largest remainder, so the months
    add up to the quarter to the cent. Columns: ``month, date, quarter, base, fixed,
    variable_target, variable, total``.
    """
    rows = []
    thirds = [Decimal(1)] * 3
    for line in quarter_lines(terms):
        parts = {
            name: allocate(getattr(line, name), thirds)
            for name in ("base", "fixed", "variable_target", "variable")
        }
        for m in range(3):
            month = 3 * (line.quarter - 1) + m
            rows.append(
                {
                    "month": month + 1,
                    "date": add_months(terms.start, month),
                    "quarter": line.quarter,
                    "base": dollars(parts["base"][m]),
                    "fixed": dollars(parts["fixed"][m]),
                    "variable_target": dollars(parts["variable_target"][m]),
                    "variable": dollars(parts["variable"][m]),
                    "total": dollars(parts["fixed"][m] + parts["variable"][m]),
                }
            )
    return pd.DataFrame(rows)


INVOICE_COLUMNS = ["issued", "due", "kind", "term", "quarter", "description", "amount"]


def invoices(terms: Terms) -> pd.DataFrame:
    """The dated invoices (rule 4).

    A prepaid option has one ``prepayment`` per term (the fixed parts of its quarters), issued
    and due on the term's first day, and one ``variable`` invoice per quarter, issued on the
    quarter's last day and due after the payment terms; a quarter whose variable part is $0 gets
    no invoice. Pay-as-you-go has one ``monthly`` invoice of the rate on the first day of each
    month, due after the payment terms. Columns: ``issued, due, kind, term, quarter,
    description, amount`` (amount positive: what the client is billed).
    """
    terms_days = dt.timedelta(days=terms.payment_terms)
    rows = []
    lines = quarter_lines(terms)
    if terms.option.is_payg:
        rate = round_cents(terms.rate)
        for month in range(terms.horizon):
            day = add_months(terms.start, month)
            rows.append(
                (
                    day,
                    day + terms_days,
                    "monthly",
                    month + 1,
                    month // 3 + 1,
                    f"Month {month + 1} retainer",
                    rate,
                )
            )
    else:
        for term_index in sorted({line.term for line in lines}):
            in_term = [line for line in lines if line.term == term_index]
            first = in_term[0]
            label = ", ".join(f"Q{line.quarter}" for line in in_term)
            rows.append(
                (
                    first.start,
                    first.start,
                    "prepayment",
                    term_index,
                    first.quarter,
                    f"Prepayment of the fixed part, {label}",
                    sum(x.fixed for x in in_term),
                )
            )
            for line in in_term:
                if line.variable:
                    rows.append(
                        (
                            line.end,
                            line.end + terms_days,
                            "variable",
                            term_index,
                            line.quarter,
                            f"Variable part, Q{line.quarter}",
                            line.variable,
                        )
                    )
    frame = pd.DataFrame(rows, columns=INVOICE_COLUMNS)
    frame["amount"] = [dollars(c) for c in frame["amount"]]
    return frame.sort_values(["issued", "due"], kind="stable").reset_index(drop=True)


def cash_flows(terms: Terms) -> pd.DataFrame:
    """The client's cash flows on each invoice's due date, with their running total.

    Negative is cash out of the client. Columns: ``date, kind, description, amount,
    cumulative``.
    """
    inv = invoices(terms)
    frame = pd.DataFrame(
        {
            "date": inv["due"],
            "kind": inv["kind"],
            "description": inv["description"],
            "amount": [-a for a in inv["amount"]],
        }
    )
    frame = frame.sort_values("date", kind="stable").reset_index(drop=True)
    return _with_cumulative(frame)


def _with_cumulative(frame: pd.DataFrame) -> pd.DataFrame:
    running, cumulative = Decimal("0.00"), []
    for amount in frame["amount"]:
        running += amount
        cumulative.append(running)
    frame["cumulative"] = cumulative
    return frame


def totals(terms: Terms) -> dict[str, Decimal]:
    """The scenario's totals, each the sum of the schedule's lines.

    Keys: ``on_target, fixed, variable_target, variable, total, payg_total, savings_vs_payg``.
    """
    lines = quarter_lines(terms)
    fixed = sum(x.fixed for x in lines)
    target = sum(x.variable_target for x in lines)
    variable = sum(x.variable for x in lines)
    payg = payg_total_cents(terms)
    return {
        "on_target": dollars(fixed + target),
        "fixed": dollars(fixed),
        "variable_target": dollars(target),
        "variable": dollars(variable),
        "total": dollars(fixed + variable),
        "payg_total": dollars(payg),
        "savings_vs_payg": dollars(payg - fixed - variable),
    }


def payg_total_cents(terms: Terms) -> int:
    """What the horizon costs pay-as-you-go: one rate per month."""
    return round_cents(terms.rate) * terms.horizon


def break_even_performance(terms: Terms) -> float | None:
    """The uniform performance at which the option costs what pay-as-you-go costs.

    Solved exactly on the unrounded payout (fixed + Σ min(target × p, cap)), which is
    piecewise linear and never falls as p rises. ``None`` for pay-as-you-go itself, and where
    even every cap reached stays below pay-as-you-go (the option is cheaper at any performance);
    0.0 where the fixed parts alone already cost as much.
    """
    if terms.option.is_payg:
        return None
    lines = quarter_lines(terms)
    gap = Fraction(payg_total_cents(terms) - sum(x.fixed for x in lines))
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


def opt_out(terms: Terms) -> pd.DataFrame | None:
    """The opt-out cash flows of rule 6, or ``None`` where the option has no opt-out.

    The client prepays the first term on day 0, leaves within the option's opt-out window,
    pays one month of pay-as-you-go, and gets the rest of the prepayment back on the window's
    last day (day 30). Negative is cash out. Columns: ``date, kind, description, amount,
    cumulative``.
    """
    opt = terms.option
    if opt.is_payg or opt.opt_out_days <= 0:
        return None
    first_term = [x for x in quarter_lines(terms) if x.term == 1]
    prepayment = sum(x.fixed for x in first_term)
    month = round_cents(terms.rate)
    refund_day = terms.start + dt.timedelta(days=opt.opt_out_days)
    frame = pd.DataFrame(
        {
            "date": [terms.start, refund_day],
            "kind": ["prepayment", "refund"],
            "description": [
                "Prepayment of the first term",
                "Refund of the prepayment less one month of pay-as-you-go",
            ],
            "amount": [dollars(-prepayment), dollars(prepayment - month)],
        }
    )
    return _with_cumulative(frame)


def opt_out_cost(terms: Terms) -> Decimal | None:
    """What leaving in the opt-out window costs the client in the end (one month's rate)."""
    flows = opt_out(terms)
    return None if flows is None else -flows["cumulative"].iloc[-1]


def fitting_options(horizon: int) -> list[Option]:
    """The options whose whole terms fit ``horizon`` months (they can be compared on it)."""
    return [o for o in options().values() if horizon % o.term_months == 0]


def compare_options(terms: Terms) -> pd.DataFrame:
    """Every option that fits the horizon, side by side on the same performance path.

    Columns: ``option, label, months, horizon, prepayment`` (the first term's),
    ``prepaid`` (all terms'), ``variable, total, payg_total, savings_vs_payg, savings_share,
    break_even_performance, opt_out_cost, chosen``. Options whose term does not divide the
    horizon are left out (see :func:`fitting_options`).
    """
    rows = []
    for opt in fitting_options(terms.horizon):
        t = terms.with_option(opt)
        tot = totals(t)
        first = invoices(t).iloc[0]["amount"]
        rows.append(
            {
                "option": opt.name,
                "label": opt.label,
                "months": opt.months,
                "horizon": t.horizon,
                "prepayment": first if not opt.is_payg else Decimal("0.00"),
                "prepaid": tot["fixed"] if not opt.is_payg else Decimal("0.00"),
                "variable": tot["variable"],
                "total": tot["total"],
                "payg_total": tot["payg_total"],
                "savings_vs_payg": tot["savings_vs_payg"],
                "savings_share": float(tot["savings_vs_payg"] / tot["payg_total"]),
                "break_even_performance": break_even_performance(t),
                "opt_out_cost": opt_out_cost(t),
                "chosen": opt.name == terms.option.name,
            }
        )
    return pd.DataFrame(rows)


def options_table(rate: object = 50000) -> pd.DataFrame:
    """The article's prepay table at a monthly ``rate``, one term of each option on target.

    Columns: ``option, months, discount, on_target_total, variable_part, variable_share,
    prepayment, prepayment_share``. Pay-as-you-go shows one month (no variable part).
    """
    from prepay_modeller.core.terms import make_terms

    rows = []
    for opt in options().values():
        t = make_terms(option=opt, rate=rate, performance=1, start=dt.date(2000, 1, 1))
        if opt.is_payg:
            month = dollars(round_cents(t.rate))
            rows.append(
                {
                    "option": opt.name,
                    "months": 1,
                    "discount": float(opt.discount),
                    "on_target_total": month,
                    "variable_part": None,
                    "variable_share": None,
                    "prepayment": month,
                    "prepayment_share": 1.0,
                }
            )
            continue
        tot = totals(t)
        rows.append(
            {
                "option": opt.name,
                "months": opt.months,
                "discount": float(opt.discount),
                "on_target_total": tot["on_target"],
                "variable_part": tot["variable_target"],
                "variable_share": float(tot["variable_target"] / tot["on_target"]),
                "prepayment": tot["fixed"],
                "prepayment_share": float(tot["fixed"] / tot["on_target"]),
            }
        )
    return pd.DataFrame(rows)


def cost_curve(terms: Terms, performances) -> pd.DataFrame:
    """Each fitting option's total cost at uniform performances (the cost-against-performance view).

    Columns: ``option, performance, total, payg_total`` with ``total`` in Decimal dollars.
    Evaluated with :mod:`core.sweep` (every performance at once, the same cents as
    :func:`totals`); performances are read exactly as :func:`core.terms.make_terms` reads them.
    """
    from prepay_modeller.core import sweep

    perfs = list(performances)
    units, scale = sweep.exact_units(perfs)
    rows = []
    for opt in fitting_options(terms.horizon):
        plan = sweep.plan(terms.with_option(opt))
        payg = dollars(plan.payg_total)
        cents = sweep.total_cents(plan, units, scale) if perfs else []
        for p, total in zip(perfs, cents, strict=True):
            rows.append(
                {
                    "option": opt.name,
                    "performance": float(p),
                    "total": dollars(int(total)),
                    "payg_total": payg,
                }
            )
    return pd.DataFrame(rows)


def cumulative_cash_out(terms: Terms) -> pd.DataFrame:
    """Every fitting option's cumulative cash out at the end of each month of the horizon.

    Cash out is positive here (what the client has paid so far, by due date). Columns:
    ``option, month, date, cash_out``; month 0 is the start date, month k the day k months in.
    The months run on past the horizon until the last invoice of any option is due.
    """
    rows = []
    all_flows = {
        opt.name: cash_flows(terms.with_option(opt)) for opt in fitting_options(terms.horizon)
    }
    last_due = max(f["date"].max() for f in all_flows.values())
    months = terms.horizon
    while add_months(terms.start, months) < last_due:
        months += 1
    for name, flows in all_flows.items():
        for month in range(months + 1):
            day = add_months(terms.start, month)
            paid = -sum(
                (a for d, a in zip(flows["date"], flows["amount"], strict=True) if d <= day),
                Decimal("0.00"),
            )
            rows.append({"option": name, "month": month, "date": day, "cash_out": paid})
    return pd.DataFrame(rows)
