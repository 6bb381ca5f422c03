"""The chosen option's sheets: the quarterly Schedule, the Monthly view and the Invoices.

Every amount is a Working sheet's cents ÷ 100 and every total the sum of the lines above it, to
the cent (``ROUND(SUM(...), 2)`` only clears floating point's dust: the lines are whole cents).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from prepay_modeller.core.money import allocate, dollars
from prepay_modeller.presentation.i18n import N_
from prepay_modeller.presentation.xlsx import rounding
from prepay_modeller.presentation.xlsx import working as w
from prepay_modeller.presentation.xlsx.book import DATE, PERCENT, Sheet, text_literal
from prepay_modeller.presentation.xlsx.working import Block

SCHEDULE_HEADERS = [
    N_("Quarter"),
    N_("Stage"),
    N_("Term"),
    N_("From"),
    N_("To"),
    N_("Base"),
    N_("Fixed"),
    N_("Variable on target"),
    N_("Variable cap"),
    N_("Performance"),
    N_("Variable"),
    N_("Total"),
    N_("On target"),
    N_("Total − on target"),
    N_("Quarter maximum"),
]
# Schedule column → the Working columns whose cents it shows (summed), or a tag.
_MONEY = {
    6: (w.Q_BASE,),
    7: (w.Q_FIXED,),
    8: (w.Q_TARGET,),
    9: (w.Q_CAP,),
    11: (w.Q_VARIABLE,),
    12: (w.Q_FIXED, w.Q_VARIABLE),
    13: (w.Q_FIXED, w.Q_TARGET),
    15: (w.Q_FIXED, w.Q_CAP),
}
_LINE = {6: "base", 7: "fixed", 8: "variable_target", 9: "variable_cap", 11: "variable"}


def _cents(x, col: int) -> int:
    if col in _LINE:
        return getattr(x, _LINE[col])
    return {12: x.total, 13: x.on_target, 15: x.quarter_max}[col]


def write_schedule(sheet: Sheet, ctx, b: Block, working: Sheet) -> None:
    _, q = ctx.gettext, b.quote
    sheet.put(
        1, 1, _("Quarterly schedule: {option}").format(option=_(q.option.display)), "", "title"
    )
    sheet.headers(3, 1, [_(h) for h in SCHEDULE_HEADERS])
    row = 3
    for x in q.lines:
        row += 1
        wr = b.rows[x.quarter]
        sheet.put(row, 1, _("Q{quarter}").format(quarter=x.quarter))
        sheet.put(row, 2, _(x.stage) if x.stage else "")
        sheet.put(row, 3, x.term)
        sheet.formula(row, 4, f"EDATE(start,{3 * (x.quarter - 1)})", x.start, DATE)
        sheet.formula(row, 5, f"EDATE(start,{3 * x.quarter})-1", x.end, DATE)
        for col, parts in _MONEY.items():
            text = "+".join(working.ref(wr, c) for c in parts)
            text = f"({text})/100" if len(parts) > 1 else f"{text}/100"
            sheet.formula(row, col, text, dollars(_cents(x, col)), ctx.money)
        sheet.formula(row, 10, f"performance_q{x.quarter}", float(x.performance), PERCENT)
        diff = f"({working.ref(wr, w.Q_VARIABLE)}-{working.ref(wr, w.Q_TARGET)})/100"
        sheet.formula(row, 14, diff, dollars(x.total - x.on_target), ctx.money)
        sheet.name(f"fixed_q{x.quarter}", row, 7)
        sheet.name(f"variable_q{x.quarter}", row, 11)
    _schedule_totals(sheet, ctx, b, row)


def _schedule_totals(sheet: Sheet, ctx, b: Block, last: int) -> None:
    _, q = ctx.gettext, b.quote
    row = last + 1
    sheet.put(row, 1, _("Total"), style="total")
    for col in (*_MONEY, 14):
        total = sum(_cents(x, col) if col != 14 else x.total - x.on_target for x in q.lines)
        span = sheet.span(4, col, last, col, sheet=False)
        sheet.formula(row, col, f"ROUND(SUM({span}),2)", dollars(total), ctx.money, "total")
    sheet.name("total", row, 12)
    tot = q.totals
    label = _("Pay-as-you-go over {months} months").format(months=q.terms.horizon)
    items = [
        (label, "rate_cents*horizon/100", tot["payg_total"], "payg_total", ctx.money),
        (_("Savings vs pay-as-you-go"), "ROUND(payg_total-total,2)", tot["savings_vs_payg"],
         "savings_vs_payg", ctx.money),
    ]  # fmt: skip
    if not q.option.is_payg:
        be = q.break_even_performance
        cell = ctx.working.ref(b.option_row, w.O_BREAK_EVEN)
        shown = _("none") if be is None else be
        items.append((_("Break-even performance"), cell, shown, "break_even", PERCENT))
    for n, (text, formula, value, name, fmt) in enumerate(items, start=row + 2):
        sheet.put(n, 1, text, style="label")
        sheet.formula(n, 12, formula, value, fmt, "strong")
        sheet.name(name, n, 12)
    if not q.option.is_payg and q.lines[0].quarter == 1:
        note = _(
            "Q1's key results are milestones: measured through them, Q1 performs at most 100%."
        )
        sheet.note(row + 2 + len(items) + 1, 1, note, 12)
    sheet.finish(freeze="C4")


MONTHLY_HEADERS = [
    N_("Month"),
    N_("Date"),
    N_("Quarter"),
    N_("Base"),
    N_("Fixed"),
    N_("Variable on target"),
    N_("Variable"),
    N_("Total"),
]
_MONTHLY = ((4, w.Q_BASE, "base"), (5, w.Q_FIXED, "fixed"), (6, w.Q_TARGET, "variable_target"),
            (7, w.Q_VARIABLE, "variable"))  # fmt: skip


def write_monthly(sheet: Sheet, ctx, b: Block, working: Sheet) -> None:
    """Each quarter's lines spread over its three months, the cents left over to the first."""
    _, q = ctx.gettext, b.quote
    sheet.put(1, 1, _("Monthly view: {option}").format(option=_(q.option.display)), "", "title")
    sheet.headers(3, 1, [_(h) for h in MONTHLY_HEADERS])
    row, sums = 3, {col: 0 for col in range(4, 9)}
    for x in q.lines:
        wr = b.rows[x.quarter]
        for m in range(1, 4):
            row += 1
            month = 3 * (x.quarter - 1) + m
            sheet.put(row, 1, month)
            sheet.formula(row, 2, f"EDATE(start,{month - 1})", _month_day(b, month), DATE)
            sheet.put(row, 3, _("Q{quarter}").format(quarter=x.quarter))
            parts = {}
            for col, wcol, attr in _MONTHLY:
                cents = allocate(getattr(x, attr), [1, 1, 1])[m - 1]
                parts[col] = rounding.part(working.ref(wr, wcol), 3, m)
                sheet.formula(row, col, f"({parts[col]})/100", dollars(cents), ctx.money)
                sums[col] += cents
            total = allocate(x.fixed, [1, 1, 1])[m - 1] + allocate(x.variable, [1, 1, 1])[m - 1]
            text = f"({parts[5]}+{parts[7]})/100"
            sheet.formula(row, 8, text, dollars(total), ctx.money)
            sums[8] += total
    row += 1
    sheet.put(row, 1, _("Total"), style="total")
    for col, cents in sums.items():
        span = sheet.span(4, col, row - 1, col, sheet=False)
        sheet.formula(row, col, f"ROUND(SUM({span}),2)", dollars(cents), ctx.money, "total")
    sheet.finish(freeze="B4", landscape=False)


def _month_day(b: Block, month: int) -> dt.date:
    from prepay_modeller.core.terms import add_months

    return add_months(b.quote.terms.start, month - 1)


@dataclass
class Payment:
    """One dated payment of an option, as formulas with their values (amount in cents)."""

    issued: tuple[str, dt.date]
    due: tuple[str, dt.date]
    description: str
    cents: tuple[str, int]
    variable: bool = False


def payments(b: Block, working: Sheet, speech) -> list[Payment]:
    """An option's payments in the model's order (rule 4): per term its prepayment, then each
    quarter's variable part (a $0 one included: no invoice is issued for it); pay-as-you-go's
    months. The same list the core's invoices hold, plus the $0 variable parts."""
    q, t, _, comma = b.quote, b.quote.terms, speech.gettext, speech.comma
    if q.option.is_payg:
        out = []
        for m, row in enumerate(q.invoice_rows, start=1):
            day = (f"EDATE(start,{m - 1})", row[1])
            text = _("Month {n} retainer").format(n=m)
            out.append(Payment(day, day, text, ("rate_cents", row[6])))
        return out
    out = []
    for term in range(1, t.terms_count + 1):
        lines = [x for x in q.lines if x.term == term]
        rows = b.term_rows(term)
        day = (f"EDATE(start,{3 * (lines[0].quarter - 1)})", lines[0].start)
        names = comma.join(_("Q{quarter}").format(quarter=x.quarter) for x in lines)
        text = _("Prepayment of the fixed part, {quarters}").format(quarters=names)
        span = working.span(rows[0], w.Q_FIXED, rows[-1], w.Q_FIXED)
        out.append(Payment(day, day, text, (f"SUM({span})", sum(x.fixed for x in lines))))
        for x in lines:
            end = f"EDATE(start,{3 * x.quarter})-1"
            due = (f"{end}+payment_terms", x.end + dt.timedelta(days=t.payment_terms))
            quarter = _("Q{quarter}").format(quarter=x.quarter)
            text = _("Variable part, {quarter}").format(quarter=quarter)
            cents = (working.ref(b.rows[x.quarter], w.Q_VARIABLE), x.variable)
            out.append(Payment((end, x.end), due, text, cents, variable=True))
    return out


INVOICE_HEADERS = [N_("Issued"), N_("Due"), N_("Payment"), N_("Amount"), N_("Note")]


def write_invoices(sheet: Sheet, ctx, b: Block, working: Sheet) -> None:
    _ = ctx.gettext
    title = _("Invoices and when they are due: {option}").format(option=_(b.quote.option.display))
    sheet.put(1, 1, title, style="title")
    sheet.headers(3, 1, [_(h) for h in INVOICE_HEADERS])
    row, total = 3, 0
    nothing = text_literal(_("no invoice: nothing earned this quarter"))
    for p in payments(b, working, ctx.speech):
        row += 1
        sheet.formula(row, 1, p.issued[0], p.issued[1], DATE)
        sheet.formula(row, 2, p.due[0], p.due[1], DATE)
        sheet.put(row, 3, p.description)
        sheet.formula(row, 4, f"{p.cents[0]}/100", dollars(p.cents[1]), ctx.money)
        total += p.cents[1]
        if p.variable:
            note = _("no invoice: nothing earned this quarter") if p.cents[1] == 0 else ""
            sheet.formula(row, 5, f'IF({sheet.ref(row, 4, False)}=0,{nothing},"")', note)
    row += 1
    sheet.put(row, 3, _("Total"), style="total")
    span = sheet.span(4, 4, row - 1, 4, sheet=False)
    sheet.formula(row, 4, f"ROUND(SUM({span}),2)", dollars(total), ctx.money, "total")
    sheet.finish(freeze="A4", landscape=False)
