"""The ``prepay`` command's tables for people: one scenario, all options, the agency's view and
saved scenarios side by side. Every figure is the core's; only words and alignment are added."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from prepay_modeller.presentation.formatting import text_table
from prepay_modeller.presentation.i18n import ENGLISH

SCHEDULE_COLUMNS = {
    "quarter": "quarter",
    "stage": "stage",
    "start": "start",
    "end": "end",
    "base": "base",
    "fixed": "fixed",
    "variable_target": "var. target",
    "variable_max": "var. cap",
    "performance": "performance",
    "variable": "variable",
    "total": "total",
}
TOTAL_LINES = [
    ("on_target", "On-target total"),
    ("fixed", "Fixed (prepaid)"),
    ("variable", "Variable"),
    ("total", "Total"),
    ("payg_total", "Pay-as-you-go"),
    ("savings_vs_payg", "Savings vs pay-as-you-go"),
]


def _forms(speech):
    """Money with its currency, an amount, a share: English (``$``) or ``speech``'s locale."""
    words = speech or ENGLISH
    return words.money, words.amount, words.percent


def quote_text(q, speech=None) -> str:
    """One scenario for people; with ``speech`` (``--language``/``--currency``) its numbers,
    money and dates are in that locale and currency (the words stay English)."""
    t, tot = q.terms, q.totals
    with_currency, amount, share = _forms(speech)
    lines = [
        f"{t.option.label} ({t.option.name}) at {with_currency(t.rate)}/month, "
        f"{t.horizon} months from {t.start:%Y-%m-%d}, net {t.payment_terms} days\n",
        text_table(
            q.schedule[list(SCHEDULE_COLUMNS)].rename(columns=SCHEDULE_COLUMNS),
            {"performance": "percent"},
            speech,
        ),
        "",
    ]
    lines += [f"{label:<26}{amount(tot[key]):>16}" for key, label in TOTAL_LINES]
    if q.break_even_performance is not None:
        lines.append(f"{'Break-even performance':<26}{share(q.break_even_performance):>16}")
    if q.opt_out_cost is not None:
        label = f"Opt-out within {q.opt_out_days} days"
        lines.append(f"{label:<26}{amount(q.opt_out_cost):>16}")
    lines.append("\nInvoices")
    inv = q.invoices[["issued", "due", "kind", "description", "amount"]]
    lines.append(text_table(inv, {"quarter": "number"}, speech))
    return "\n".join(lines)


COMPARE_HEADINGS = [
    "option",
    "months",
    "first prepayment",
    "prepaid",
    "variable",
    "total",
    "pay-as-you-go",
    "savings",
    "savings %",
    "break-even",
    "opt-out cost",
    "chosen",
]


def compare_text(c, speech=None) -> str:
    t = c.terms
    with_currency, _amount, share = _forms(speech)
    perf = sorted({share(float(p)) for p in t.performance})
    at = perf[0] if len(perf) == 1 else ", ".join(share(float(p)) for p in t.performance)
    shown = c.table.drop(columns=["label", "horizon"])
    shown["chosen"] = ["*" if chosen else "" for chosen in shown["chosen"]]
    shown.columns = COMPARE_HEADINGS
    shares = {"savings %": "percent", "break-even": "percent"}
    out = (
        f"All options over {c.horizon} months at {with_currency(t.rate)}/month, "
        f"performance {at}\n\n" + text_table(shown, shares, speech)
    )
    if c.needs:
        needs = ", ".join(f"{x.option.name} (needs {x.needs} months)" for x in c.needs)
        out += f"\n\nLeft out (their terms do not fit {c.horizon} months): {needs}"
    return out


def agency_text(terms, frame, risk, expected, speech=None) -> str:
    with_currency, amount, _share = _forms(speech)
    lines = [
        f"The agency's view of {terms.option.label} ({terms.option.name}) at "
        f"{with_currency(terms.rate)}/month, {terms.horizon} months from {terms.start:%Y-%m-%d}\n"
    ]
    cols = ["month", "date", "recognised", "cash_in", "at_risk"]
    cols += ["cumulative_recognised", "cumulative_cash_in"]
    shown = frame[cols].copy()
    shown.columns = [
        "month",
        "from",
        "recognised",
        "cash in",
        "at risk",
        "recognised so far",
        "cash in so far",
    ]
    lines += [text_table(shown, speech=speech), ""]
    for key, label in [
        ("secured", "Secured (fixed)"),
        ("at_risk", "At risk (variable, on target)"),
        ("on_target", "On target"),
        ("upside", "Upside to the caps"),
        ("recognised", "At this performance"),
    ]:
        lines.append(f"{label:<30}{amount(risk[key]):>16}")
    if expected is not None:
        row = expected.iloc[0]
        lines.append(f"{'Expected (Monte Carlo)':<30}{amount(row['expected_revenue']):>16}")
        lines.append(
            f"{'P10 / P90':<30}{amount(row['p10_revenue']):>16}  {amount(row['p90_revenue'])}"
        )
    return "\n".join(lines)


SHARE_COLUMNS = {"savings_share", "break_even_performance", "irr_vs_payg", "discount_rate"}


def side_by_side(frame: pd.DataFrame) -> str:
    """Scenarios side by side: one column per scenario, one row per figure."""
    rows = []
    for col in frame.columns[1:]:
        cells = {"": col.replace("_", " ")}
        for name, value in zip(frame["name"], frame[col], strict=True):
            if col in SHARE_COLUMNS:
                cells[name] = "" if value is None or value != value else ENGLISH.percent(value)
            elif isinstance(value, Decimal):
                cells[name] = ENGLISH.amount(value)
            else:
                cells[name] = "" if value is None or value != value else str(value)
        rows.append(cells)
    return text_table(pd.DataFrame(rows))
