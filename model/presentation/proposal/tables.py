"""The proposal's tables, drawn with the one table renderer (:func:`presentation.html.table`).

Every amount is a line or a total the core computed; labels are options' labels, never codes.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from prepay_modeller.core.quote import Quote
from prepay_modeller.presentation.html import table
from prepay_modeller.presentation.proposal.words import Words

MONEY = {
    "fixed",
    "variable_target",
    "variable_max",
    "quarter_max",
    "variable",
    "total",
    "amount",
    "prepayment",
    "on_target",
    "npv_cost",
    "npv_savings_vs_payg",
    "prepaid",
    "monthly_price",
    "savings_vs_payg",
}


def _table(f: Words, frame: pd.DataFrame, columns: dict, css: str, **kw) -> Markup:
    money = {c for c in columns if c in MONEY}
    numeric = money | set(kw.pop("numeric", ()))
    formats = {c: f.money for c in money} | kw.pop("formats", {})
    return Markup(table(frame, columns, formats=formats, numeric=numeric, css_class=css, **kw))


def schedule(f: Words, q: Quote) -> Markup:
    """One row per quarter: what it can cost, and what it costs at the expected performance."""
    _ = f._
    s = q.schedule
    labels = [f"{f.stage(r.quarter, r.stage)}\n{f.span(r.start, r.end)}" for r in s.itertuples()]
    frame = s.assign(quarter_text=labels)
    tot = q.totals
    if q.option.is_payg:
        columns = {
            "quarter_text": _("Quarter"),
            "total": _("Cost, paid month by month in advance"),
        }
        return _table(
            f, frame, columns, "schedule", total={"quarter_text": _("Total"), "total": tot["total"]}
        )
    columns = {
        "quarter_text": _("Quarter"),
        "fixed": _("Fixed (prepaid)"),
        "variable_target": _("Variable on target"),
        "variable_max": _("Variable cap"),
        "quarter_max": _("Quarter maximum"),
        "performance": _("Expected performance"),
        "variable": _("Expected variable"),
        "total": _("Expected total"),
    }
    total = {
        "quarter_text": _("Total"),
        "fixed": tot["fixed"],
        "variable_target": tot["variable_target"],
        "quarter_max": q.max_total,
        "variable": tot["variable"],
        "total": tot["total"],
    }
    return _table(
        f,
        frame,
        columns,
        "schedule",
        formats={"performance": f.pct},
        numeric={"performance"},
        total=total,
    )


def invoices(f: Words, q: Quote) -> Markup:
    _ = f._
    inv = q.invoices
    in_term: dict[int, list[int]] = {}
    for line in q.lines:
        in_term.setdefault(line.term, []).append(line.quarter)
    frame = inv.assign(
        issued_text=[f.short_day(d) for d in inv["issued"]],
        due_text=[f.short_day(d) for d in inv["due"]],
        description_text=[_invoice(f, r, in_term) for r in inv.to_dict("records")],
    )
    columns = {
        "issued_text": _("Issued"),
        "due_text": _("Due"),
        "description_text": _("Invoice"),
        "amount": _("Amount"),
    }
    total = {"description_text": _("Total"), "amount": q.totals["total"]}
    return _table(f, frame, columns, "invoices", nowrap={"issued_text", "due_text"}, total=total)


def _invoice(f: Words, row: dict, in_term: dict) -> str:
    """What an invoice is for, in the client's words (the core's kinds and quarters)."""
    if row["kind"] == "variable":
        return f._("Variable part, {quarter}").format(quarter=f.q(int(row["quarter"])))
    if row["kind"] == "monthly":
        return f._("Month {n} retainer").format(n=int(row["term"]))
    quarters = f.speech.comma.join(f.q(x) for x in in_term[int(row["term"])])
    return f._("Prepayment of the fixed part, {quarters}").format(quarters=quarters)


def monthly(f: Words, q: Quote) -> Markup:
    """The article's "what the payout is based on per month"."""
    _ = f._
    m = q.monthly
    frame = m.assign(
        month_text=[f.month(d, e) for d, e in zip(m["date"], m["end"], strict=True)],
        quarter_text=[f.q(x) for x in m["quarter"]],
    )
    tot = q.totals
    if q.option.is_payg:
        columns = {"month_text": _("Month"), "quarter_text": _("Quarter"), "total": _("Cost")}
        return _table(
            f, frame, columns, "monthly", total={"month_text": _("Total"), "total": tot["total"]}
        )
    columns = {
        "month_text": _("Month"),
        "quarter_text": _("Quarter"),
        "fixed": _("Fixed"),
        "variable_target": _("Variable on target"),
        "variable": _("Expected variable"),
        "total": _("Expected total"),
    }
    total = {
        "month_text": _("Total"),
        "fixed": tot["fixed"],
        "variable_target": tot["variable_target"],
        "variable": tot["variable"],
        "total": tot["total"],
    }
    return _table(f, frame, columns, "monthly", total=total)


def renewals(f: Words, q: Quote) -> Markup:
    """What the first term and each renewal prepay."""
    _ = f._
    p = q.prepayments
    frame = p.assign(
        term_text=[
            _("First term") if t == 1 else _("Renewal {n}").format(n=t - 1) for t in p["term"]
        ],
        quarters_text=[
            f.quarters(a, b) for a, b in zip(p["first_quarter"], p["last_quarter"], strict=True)
        ],
        start_text=[f.short_day(d) for d in p["start"]],
    )
    columns = {
        "term_text": _("Term"),
        "quarters_text": _("Quarters"),
        "start_text": _("Prepaid on"),
        "prepayment": _("Prepayment"),
        "on_target": _("On-target cost"),
        "prepaid_share": _("Share prepaid"),
    }
    return _table(
        f, frame, columns, "renewals", formats={"prepaid_share": f.pct}, numeric={"prepaid_share"}
    )


def options(f: Words, figures) -> Markup:
    """Every option over the comparison's horizon, neutrally; the proposed one marked."""
    _ = f._
    comp = figures.comparison
    t = comp.table
    quotes = [comp.quotes[o] for o in t["option"]]
    payg = t["option"].eq(figures.terms.catalog.payg.name)
    frame = t.assign(
        prepaid=t["prepaid"].where(~payg, None),
        variable=t["variable"].where(~payg, None),
        monthly_price=[
            q.effective_monthly_price if not q.option.is_payg else q.terms.rate for q in quotes
        ],
        saving_text=[_saving(f, r) for r in t.to_dict("records")],
        break_even_text=[_break_even(f, q) for q in quotes],
        label_text=[
            _("{option} (proposed)").format(option=f.label(q.option)) if r else f.label(q.option)
            for q, r in zip(quotes, t["chosen"], strict=True)
        ],
    )
    columns = {
        "label_text": _("Option"),
        "monthly_price": _("Effective monthly price"),
        "prepaid": _("Prepaid"),
        "variable": _("Variable"),
        "total": _("Total"),
        "saving_text": _("Saving vs pay-as-you-go"),
        "break_even_text": _("Break-even"),
    }
    return _table(
        f,
        frame,
        columns,
        "options",
        numeric={"saving_text", "break_even_text"},
        highlight=lambda r: bool(r["chosen"]),
    )


def _saving(f: Words, row: dict) -> str:
    if row["option"] == "payg":
        return "—"
    return f"{f.money(row['savings_vs_payg'])} ({f.pct(row['savings_share'])})"


def _break_even(f: Words, q: Quote) -> str:
    if q.option.is_payg:
        return "—"
    be = q.break_even_performance
    return f._("never reached") if be is None else f.pct(be)


def worth(f: Words, figures) -> Markup:
    """Every option in today's money, and its chance to cost less than pay-as-you-go."""
    _ = f._
    npv = figures.npv
    chance = figures.montecarlo.set_index("option")["prob_beats_payg"]
    frame = npv.assign(
        chance_text=["—" if o == "payg" else f.pct(chance[o]) for o in npv["option"]],
        chosen=[o == figures.option.name for o in npv["option"]],
        label_text=[_(label) for label in npv["label"]],
    )
    columns = {
        "label_text": _("Option"),
        "total": _("Total"),
        "npv_cost": _("In today's money"),
        "npv_savings_vs_payg": _("Saving vs pay-as-you-go, in today's money"),
        "chance_text": _("Chance to cost less than pay-as-you-go"),
    }
    return _table(
        f,
        frame,
        columns,
        "options",
        numeric={"chance_text"},
        highlight=lambda r: bool(r["chosen"]),
    )


def okr(f: Words, rows: list[dict]) -> Markup:
    """One quarter's key results with their weights and illustrative targets (an objective
    named once, on its first key result)."""
    _ = f._
    frame = pd.DataFrame(rows)
    frame["target_text"] = [_target(f, r) for r in rows]
    frame["key_result"] = [_(x) for x in frame["key_result"]]
    frame["objective"] = [_(x) for x in frame["objective"]]
    frame["objective"] = frame["objective"].where(
        frame["objective"].ne(frame["objective"].shift()), ""
    )
    columns = {
        "objective": _("Objective"),
        "key_result": _("Key result"),
        "weight": _("Weight"),
        "target_text": _("Illustrative target"),
    }
    return _table(f, frame, columns, "okr", formats={"weight": f.pct}, numeric={"weight"})


def _target(f: Words, row: dict) -> str:
    factor = row.get("vs_previous")
    if row["kind"] == "milestone":
        return f._("done")
    if factor is not None and factor == factor:
        return f._("{share} under {quarter}'s actual").format(
            share=f.pct(1 - factor), quarter=f.q(row["quarter"] - 1)
        )
    unit = f._(row["unit"]) if row["unit"] else ""
    amount = f"{f.speech.number(row['target'])} {unit}".strip()
    return f._("at most {amount}").format(amount=amount) if row["direction"] == "lower" else amount
