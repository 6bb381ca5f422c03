"""``prepay runway``: the founder's cash for every option, as JSON (a contract: fields are
added, never renamed), CSV and a table for people. Every figure is the core's
(:mod:`core.cash`); nothing here adds two numbers."""

from __future__ import annotations

import pandas as pd

from prepay_modeller.core.cash import CashComparison
from prepay_modeller.presentation.documents import CENT
from prepay_modeller.presentation.formatting import records, text_table
from prepay_modeller.presentation.i18n import ENGLISH

MONTH_FIELDS = ["month", "start", "end", "burn", "paid_to_agency", "cash"]


def runway_document(c: CashComparison) -> dict:
    """The JSON object of ``prepay runway``.

    ``options``: per option ``option, label, total, savings_vs_payg, lowest_cash,
    lowest_cash_month`` (the month's last day), ``lowest_month``, ``runway_months`` (null where
    the cash never goes below zero), ``end_cash, chosen`` and ``months`` (each ``month, start,
    end, burn, paid_to_agency, cash``: the month-end balance).
    """
    t, who = c.terms, c.founder
    options = []
    for row in records(c.table):
        months = c.paths[row["option"]].frame
        options.append({**row, "months": records(months[MONTH_FIELDS])})
    return {
        "rate": t.rate.quantize(CENT),
        "horizon": t.horizon,
        "start": t.start,
        "payment_terms": t.payment_terms,
        "performance": [float(p) for p in t.performance],
        "cash": who.cash.quantize(CENT),
        "burn": who.burn.quantize(CENT),
        "burn_growth": float(who.burn_growth),
        "months_modelled": c.months,
        "cheapest": c.cheapest.quote.option.name,
        "keeps_most_cash": c.keeps_most_cash.quote.option.name,
        "options": options,
        "left_out": c.comparison.left_out,
    }


def runway_csv(c: CashComparison) -> pd.DataFrame:
    """The CSV: every option's months, one row each (``option, label, month, start, end, burn,
    paid_to_agency, cash``)."""
    return c.monthly


SUMMARY_HEADINGS = {
    "option": "option",
    "total": "total",
    "savings_vs_payg": "savings",
    "lowest_cash": "lowest cash",
    "lowest_cash_month": "lowest on",
    "runway_months": "runway (months)",
    "end_cash": "cash at the end",
    "chosen": "chosen",
}


def runway_text(c: CashComparison, speech=None) -> str:
    """Every option's lowest cash and runway, then the month-end cash side by side."""
    t, who = c.terms, c.founder
    amount, share = (speech or ENGLISH).money, (speech or ENGLISH).percent
    perf = sorted({share(float(p)) for p in t.performance})
    at = perf[0] if len(perf) == 1 else ", ".join(share(float(p)) for p in t.performance)
    growth = f", growing {share(float(who.burn_growth))} a month" if who.burn_growth else ""
    head = (
        f"Month-end cash over {c.months} months from {t.start:%Y-%m-%d}: {amount(who.cash)} in "
        f"the bank, burn {amount(who.burn)} a month{growth}; every option at performance {at}"
    )
    summary = c.table[list(SUMMARY_HEADINGS)].copy()
    summary["chosen"] = ["*" if chosen else "" for chosen in summary["chosen"]]
    summary["runway_months"] = [
        f"beyond {c.months}" if r is None or r != r else str(int(r))
        for r in summary["runway_months"]
    ]
    summary.columns = list(SUMMARY_HEADINGS.values())
    months = next(iter(c.paths.values())).frame[["month", "end"]].copy()
    for name, path in c.paths.items():
        months[name] = path.frame["cash"]
    lines = [head, "", text_table(summary, speech=speech), "", _verdict(c), ""]
    lines.append(text_table(months, speech=speech))
    if c.comparison.left_out:
        lines.append(
            f"\nLeft out (their terms do not fit {t.horizon} months): "
            + ", ".join(c.comparison.left_out)
        )
    return "\n".join(lines)


def _verdict(c: CashComparison) -> str:
    keeps, cheapest = c.keeps_most_cash.quote.option, c.cheapest.quote.option
    runway = "runway: whole months before the first month-end below zero"
    if keeps == cheapest:
        return f"{keeps.label} costs the least and keeps the most cash at its lowest ({runway})."
    return (
        f"{keeps.label} keeps the most cash at its lowest; {cheapest.label} costs the least "
        f"({runway})."
    )
