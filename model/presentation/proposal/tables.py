"""The proposal's tables, drawn with the one table renderer (:func:`presentation.html.table`).

Every amount is a line or a total the core computed; labels are options' labels, never codes.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from prepay_modeller.core.quote import Quote
from prepay_modeller.presentation.formatting import usd
from prepay_modeller.presentation.html import table
from prepay_modeller.presentation.proposal.words import month, pct, quarters, short_day, span

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


def _table(frame: pd.DataFrame, columns: dict, css: str, **kw) -> Markup:
    numeric = {c for c in columns if c in MONEY} | set(kw.pop("numeric", ()))
    return Markup(table(frame, columns, numeric=numeric, css_class=css, **kw))


def schedule(q: Quote) -> Markup:
    """One row per quarter: what it can cost, and what it costs at the expected performance."""
    s = q.schedule
    labels = [f"Q{r.quarter} {r.stage}\n{span(r.start, r.end)}" for r in s.itertuples()]
    frame = s.assign(quarter_text=labels)
    tot = q.totals
    if q.option.is_payg:
        columns = {"quarter_text": "Quarter", "total": "Cost, paid month by month in advance"}
        return _table(
            frame, columns, "schedule", total={"quarter_text": "Total", "total": tot["total"]}
        )
    columns = {
        "quarter_text": "Quarter",
        "fixed": "Fixed (prepaid)",
        "variable_target": "Variable on target",
        "variable_max": "Variable cap",
        "quarter_max": "Quarter maximum",
        "performance": "Expected performance",
        "variable": "Expected variable",
        "total": "Expected total",
    }
    total = {
        "quarter_text": "Total",
        "fixed": tot["fixed"],
        "variable_target": tot["variable_target"],
        "quarter_max": q.max_total,
        "variable": tot["variable"],
        "total": tot["total"],
    }
    return _table(
        frame,
        columns,
        "schedule",
        formats={"performance": pct},
        numeric={"performance"},
        total=total,
    )


def invoices(q: Quote) -> Markup:
    frame = q.invoices.assign(
        issued_text=[short_day(d) for d in q.invoices["issued"]],
        due_text=[short_day(d) for d in q.invoices["due"]],
    )
    columns = {
        "issued_text": "Issued",
        "due_text": "Due",
        "description": "Invoice",
        "amount": "Amount",
    }
    total = {"description": "Total", "amount": q.totals["total"]}
    return _table(frame, columns, "invoices", nowrap={"issued_text", "due_text"}, total=total)


def monthly(q: Quote) -> Markup:
    """The article's "what the payout is based on per month"."""
    m = q.monthly
    frame = m.assign(
        month_text=[month(d) for d in m["date"]], quarter_text=[f"Q{x}" for x in m["quarter"]]
    )
    tot = q.totals
    if q.option.is_payg:
        columns = {"month_text": "Month", "quarter_text": "Quarter", "total": "Cost"}
        return _table(
            frame, columns, "monthly", total={"month_text": "Total", "total": tot["total"]}
        )
    columns = {
        "month_text": "Month",
        "quarter_text": "Quarter",
        "fixed": "Fixed",
        "variable_target": "Variable on target",
        "variable": "Expected variable",
        "total": "Expected total",
    }
    total = {
        "month_text": "Total",
        "fixed": tot["fixed"],
        "variable_target": tot["variable_target"],
        "variable": tot["variable"],
        "total": tot["total"],
    }
    return _table(frame, columns, "monthly", total=total)


def renewals(q: Quote) -> Markup:
    """What the first term and each renewal prepay."""
    p = q.prepayments
    frame = p.assign(
        term_text=["First term" if t == 1 else f"Renewal {t - 1}" for t in p["term"]],
        quarters_text=[
            quarters(a, b) for a, b in zip(p["first_quarter"], p["last_quarter"], strict=True)
        ],
        start_text=[short_day(d) for d in p["start"]],
    )
    columns = {
        "term_text": "Term",
        "quarters_text": "Quarters",
        "start_text": "Prepaid on",
        "prepayment": "Prepayment",
        "on_target": "On-target cost",
        "prepaid_share": "Share prepaid",
    }
    return _table(
        frame, columns, "renewals", formats={"prepaid_share": pct}, numeric={"prepaid_share"}
    )


def options(figures) -> Markup:
    """Every option over the comparison's horizon, neutrally; the proposed one marked."""
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
        saving_text=[_saving(r) for r in t.to_dict("records")],
        break_even_text=[_break_even(q) for q in quotes],
        label_text=[
            f"{q.option.display} (proposed)" if r else q.option.display
            for q, r in zip(quotes, t["chosen"], strict=True)
        ],
    )
    columns = {
        "label_text": "Option",
        "monthly_price": "Effective monthly price",
        "prepaid": "Prepaid",
        "variable": "Variable",
        "total": "Total",
        "saving_text": "Saving vs pay-as-you-go",
        "break_even_text": "Break-even",
    }
    return _table(
        frame,
        columns,
        "options",
        numeric={"saving_text", "break_even_text"},
        highlight=lambda r: bool(r["chosen"]),
    )


def _saving(row: dict) -> str:
    if row["option"] == "payg":
        return "—"
    return f"{usd(row['savings_vs_payg'])} ({pct(row['savings_share'])})"


def _break_even(q: Quote) -> str:
    if q.option.is_payg:
        return "—"
    be = q.break_even_performance
    return "never reached" if be is None else pct(be)


def worth(figures) -> Markup:
    """Every option in today's money, and its chance to cost less than pay-as-you-go."""
    npv = figures.npv
    chance = figures.montecarlo.set_index("option")["prob_beats_payg"]
    frame = npv.assign(
        chance_text=["—" if o == "payg" else pct(chance[o]) for o in npv["option"]],
        chosen=[o == figures.option.name for o in npv["option"]],
    )
    columns = {
        "label": "Option",
        "total": "Total",
        "npv_cost": "In today's money",
        "npv_savings_vs_payg": "Saving vs pay-as-you-go, in today's money",
        "chance_text": "Chance to cost less than pay-as-you-go",
    }
    return _table(
        frame, columns, "options", numeric={"chance_text"}, highlight=lambda r: bool(r["chosen"])
    )


def okr(rows: list[dict]) -> Markup:
    """One quarter's key results with their weights and illustrative targets (an objective
    named once, on its first key result)."""
    frame = pd.DataFrame(rows)
    frame["target_text"] = [_target(r) for r in rows]
    frame["objective"] = frame["objective"].where(
        frame["objective"].ne(frame["objective"].shift()), ""
    )
    columns = {
        "objective": "Objective",
        "key_result": "Key result",
        "weight": "Weight",
        "target_text": "Illustrative target",
    }
    return _table(frame, columns, "okr", formats={"weight": pct}, numeric={"weight"})


def _target(row: dict) -> str:
    factor = row.get("vs_previous")
    if row["kind"] == "milestone":
        return "done"
    if factor is not None and factor == factor:
        return f"{pct(1 - factor)} under Q{row['quarter'] - 1}'s actual"
    amount = f"{row['target']:,.0f} {row['unit'] or ''}".strip()
    return f"at most {amount}" if row["direction"] == "lower" else amount
