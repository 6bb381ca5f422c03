"""The Options sheet (every option compared on the scenario's horizon) and the Present values
sheet (each option's dated payments, their XNPV, and the XIRR of prepaying against paying as
you go where DOMAIN.md rule 11 allows it)."""

from __future__ import annotations

import math

from prepay_modeller.core import timevalue
from prepay_modeller.core.money import dollars
from prepay_modeller.presentation.i18n import N_
from prepay_modeller.presentation.xlsx import working as w
from prepay_modeller.presentation.xlsx.book import DATE, PERCENT, WHOLE, Sheet, text_literal
from prepay_modeller.presentation.xlsx.quarters import payments
from prepay_modeller.presentation.xlsx.working import Block

OPTION_HEADERS = [
    N_("Option"),
    N_("Months"),
    N_("First prepayment"),
    N_("Prepaid"),
    N_("Variable"),
    N_("Total"),
    N_("Pay-as-you-go"),
    N_("Savings vs pay-as-you-go"),
    N_("Savings (share of pay-as-you-go)"),
    N_("Break-even performance"),
    "",
]


def write_options(sheet: Sheet, ctx, blocks: list[Block], left_out) -> None:
    _, working = ctx.gettext, ctx.working
    months = ctx.terms.horizon
    sheet.put(1, 1, _("Every option over {months} months").format(months=months), "", "title")
    sheet.headers(3, 1, [_(h) if h else "" for h in OPTION_HEADERS])
    row = 3
    for b in blocks:
        row += 1
        q, tot = b.quote, b.quote.totals
        chosen = q.option == ctx.terms.option
        sheet.put(row, 1, _(q.option.display), style="total" if chosen else "")
        sheet.formula(row, 2, b.months, q.option.months, WHOLE)
        fixed = f"SUM({working.span(b.first, w.Q_FIXED, b.last, w.Q_FIXED)})"
        variable = f"SUM({working.span(b.first, w.Q_VARIABLE, b.last, w.Q_VARIABLE)})"
        if q.option.is_payg:
            sheet.put(row, 3, 0, ctx.money)
            sheet.put(row, 4, 0, ctx.money)
        else:
            rows = b.term_rows(1)
            first = f"SUM({working.span(rows[0], w.Q_FIXED, rows[-1], w.Q_FIXED)})/100"
            sheet.formula(row, 3, first, q.prepayment, ctx.money)
            sheet.formula(row, 4, f"{fixed}/100", q.prepaid, ctx.money)
        sheet.formula(row, 5, f"{variable}/100", tot["variable"], ctx.money)
        sheet.formula(row, 6, f"({fixed}+{variable})/100", tot["total"], ctx.money)
        sheet.formula(row, 7, "rate_cents*horizon/100", tot["payg_total"], ctx.money)
        saving = f"(rate_cents*horizon-{fixed}-{variable})/100"
        sheet.formula(row, 8, saving, tot["savings_vs_payg"], ctx.money)
        share = f"{sheet.ref(row, 8, False)}/{sheet.ref(row, 7, False)}"
        sheet.formula(row, 9, share, q.savings_share, PERCENT)
        if q.option.is_payg:
            sheet.put(row, 10, "—")
        else:
            be = q.break_even_performance
            cell = working.ref(b.option_row, w.O_BREAK_EVEN)
            sheet.formula(row, 10, cell, _("none") if be is None else be, PERCENT)
        if chosen:
            sheet.put(row, 11, _("chosen"), style="total")
    for option in left_out:
        row += 1
        sheet.put(row, 1, _(option.display))
        need = _("needs a {months}-month commitment").format(months=option.term_months)
        sheet.put(row, 3, need, style="note")
    sheet.finish(freeze="B4")


PV_HEADERS = [
    N_("Option"),
    N_("Total"),
    N_("Present value (− is a cost)"),
    N_("Saving in today's money vs pay-as-you-go"),
    N_("Return of prepaying (IRR)"),
    N_("Sign changes of prepaying minus pay-as-you-go"),
]
FLOW_HEADERS = [N_("Due"), N_("Payment"), N_("Amount (− paid by the client)"), "", ""]
D_DATE, D_NET, D_SIGN, D_LAST, D_CHANGE = range(6, 11)  # the difference's columns
DIFFERENCE_HEADERS = [
    N_("Date (in order)"),
    N_("Prepaying minus pay-as-you-go"),
    N_("Sign"),
    N_("Last sign"),
    N_("Change of sign"),
]


def write_present_values(sheet: Sheet, ctx, blocks: list[Block]) -> None:
    _ = ctx.gettext
    note = _(
        "Each option's payments discounted to the start date at the discount rate (actual days "
        "/ 365, as XNPV counts them); negative is money the client pays. The return of "
        "prepaying is the XIRR of prepaying minus pay-as-you-go, shown only where that "
        "difference changes sign exactly once: then it is the only return."
    )
    sheet.heading(_("Present values"), note, 6)
    sheet.put(4, 1, _("Discount rate (a year)"), style="label")
    sheet.formula(4, 3, "discount_rate", ctx.discount_rate, PERCENT)
    sheet.put(5, 1, _("Discounted to"), style="label")
    sheet.formula(5, 3, "start", ctx.terms.start, DATE)
    sheet.headers(7, 1, [_(h) for h in PV_HEADERS])
    summary = {b.quote.option.name: 7 + n for n, b in enumerate(blocks, start=1)}
    row = 8 + len(blocks) + 1
    payg = next(b for b in blocks if b.quote.option.is_payg)
    npv_cells = {}
    for b in blocks:
        row, cells = _flows(sheet, ctx, b, payg, row)
        npv_cells[b.quote.option.name] = cells
    payg_npv = timevalue.npv(payg.quote.terms, ctx.discount_rate)
    for b in blocks:
        _summary_row(sheet, ctx, b, summary, npv_cells, payg, payg_npv)
    sheet.widths[5] = max(sheet.widths.get(5, 0), 28)  # the return, or why there is none
    sheet.finish(freeze=None)


def _summary_row(sheet: Sheet, ctx, b: Block, summary, npv_cells, payg, payg_npv) -> None:
    _, q = ctx.gettext, b.quote
    row = summary[q.option.name]
    own, payg_row = npv_cells[q.option.name], summary[payg.quote.option.name]
    sheet.put(row, 1, _(q.option.display))
    total = f"-SUM({own['amounts']})"
    sheet.formula(row, 2, total, q.totals["total"], ctx.money)
    worth = timevalue.time_value(q.terms, ctx.discount_rate, payg_npv)
    value = worth["npv"]
    text = f"ROUND(XNPV(discount_rate,{own['amounts']},{own['dates']}),2)"
    sheet.formula(row, 3, text, value, ctx.money)
    saving = f"ROUND({sheet.ref(row, 3, False)}-{sheet.ref(payg_row, 3, False)},2)"
    sheet.formula(row, 4, saving, worth["npv_savings_vs_payg"], ctx.money)
    if q.option.is_payg:
        sheet.put(row, 5, "—")
        return
    changes = timevalue.sign_changes(timevalue.difference_flows(q.terms))
    sheet.formula(row, 6, f"SUM({own['changes']})", changes, WHOLE)
    irr = worth["irr_vs_payg"]
    guess = round(irr, 6) if math.isfinite(irr) else 0.1
    notes = (
        _("no return to show: prepaying never pays first and saves later"),
        _("no single return: the payments cross more than once; see the present value"),
    )
    shown = irr if changes == 1 else notes[0] if changes == 0 else notes[1]
    never, twice = (text_literal(note) for note in notes)
    count = sheet.ref(row, 6, False)
    text = f"IF({count}=1,XIRR({own['net']},{own['sorted']},{guess}),IF({count}=0,{never},{twice}))"
    sheet.formula(row, 5, text, shown, PERCENT, "wrap")


def _flows(sheet: Sheet, ctx, b: Block, payg: Block, row: int) -> tuple[int, dict]:
    """An option's dated payments (and, for a prepaid option, pay-as-you-go's, counted as what
    prepaying saves), with the difference in date order beside them; the next free row."""
    _, working = ctx.gettext, ctx.working
    sheet.put(row, 1, _(b.quote.option.display), style="title")
    headings = FLOW_HEADERS + ([] if b.quote.option.is_payg else DIFFERENCE_HEADERS)
    sheet.headers(row + 1, 1, [_(h) if h else "" for h in headings])
    own = payments(b, working, ctx.speech)
    first = row + 2
    rows = [(p.due, p.description, (f"-{p.cents[0]}/100", -p.cents[1])) for p in own]
    if not b.quote.option.is_payg:
        for p in payments(payg, working, ctx.speech):
            text = _("Not paid when prepaying: {payment}").format(payment=p.description)
            rows.append((p.due, text, (f"{p.cents[0]}/100", p.cents[1])))
    for n, (due, text, (formula, cents)) in enumerate(rows):
        sheet.formula(first + n, 1, due[0], due[1], DATE)
        sheet.put(first + n, 2, text)
        sheet.formula(first + n, 3, formula, dollars(cents), ctx.money)
    last_own, last = first + len(own) - 1, first + len(rows) - 1
    cells = {
        "amounts": sheet.span(first, 3, last_own, 3, sheet=False),
        "dates": sheet.span(first, 1, last_own, 1, sheet=False),
    }
    if not b.quote.option.is_payg:
        cells.update(_difference(sheet, ctx, rows, first, last))
    return last + 2, cells


def _difference(sheet: Sheet, ctx, rows, first: int, last: int) -> dict:
    """Prepaying minus pay-as-you-go per date, in date order, and where its sign changes."""
    dates = sheet.span(first, 1, last, 1, sheet=False)
    amounts = sheet.span(first, 3, last, 3, sheet=False)
    ordered = sorted((due[1], cents) for due, _, (_, cents) in rows)
    per_day: dict = {}
    for day, cents in ordered:
        per_day[day] = per_day.get(day, 0) + cents
    last_sign = 0
    for k, (day, _cents) in enumerate(ordered, start=1):
        row = first + k - 1
        e, f, g = (sheet.ref(row, c, False) for c in (D_DATE, D_NET, D_SIGN))
        sheet.formula(row, D_DATE, f"SMALL({dates},{k})", day, DATE)
        repeat = k > 1 and ordered[k - 2][0] == day
        net = 0 if repeat else per_day[day]
        text = f"ROUND(SUMIF({dates},{e},{amounts}),2)"
        if k > 1:
            text = f"IF({e}={sheet.ref(row - 1, D_DATE, False)},0,{text})"
        sheet.formula(row, D_NET, text, dollars(net), ctx.money)
        sign = (net > 0) - (net < 0)
        sheet.formula(row, D_SIGN, f"SIGN({f})", sign, WHOLE)
        previous = sheet.ref(row - 1, D_LAST, False) if k > 1 else "0"
        sheet.formula(row, D_LAST, f"IF({g}<>0,{g},{previous})", sign or last_sign, WHOLE)
        change = int(sign != 0 and last_sign != 0 and sign != last_sign)
        text = f"IF(AND({g}<>0,{previous}<>0,{g}<>{previous}),1,0)"
        sheet.formula(row, D_CHANGE, text, change, WHOLE)
        last_sign = sign or last_sign
    return {
        "sorted": sheet.span(first, D_DATE, last, D_DATE, sheet=False),
        "net": sheet.span(first, D_NET, last, D_NET, sheet=False),
        "changes": sheet.span(first, D_CHANGE, last, D_CHANGE, sheet=False),
    }
