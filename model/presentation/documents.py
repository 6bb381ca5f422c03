"""The documents a layer hands on: the ``prepay`` command's JSON objects (a contract scripts rely
on: fields are added, never renamed) and the tables of several scenarios side by side.

Every figure is read from the core's :class:`Quote` and :class:`Comparison`; nothing here adds
two numbers.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from prepay_modeller.core.comparison import Comparison
from prepay_modeller.core.quote import Quote, quote
from prepay_modeller.presentation.formatting import records

CENT = Decimal("0.01")
QUARTER_FIELDS = [
    "quarter",
    "base",
    "fixed",
    "variable_target",
    "variable_max",
    "performance",
    "variable",
    "total",
    "start",
    "end",
]
INVOICE_FIELDS = ["issued", "due", "kind", "amount", "quarter", "description"]


def quote_document(q: Quote) -> dict:
    """The JSON object of ``prepay quote``."""
    t = q.terms
    return {
        "option": t.option.name,
        "rate": t.rate.quantize(CENT),
        "horizon": t.horizon,
        "start": t.start,
        "payment_terms": t.payment_terms,
        "quarters": records(q.schedule[QUARTER_FIELDS]),
        "totals": q.totals,
        "break_even_performance": q.break_even_performance,
        "opt_out_cost": q.opt_out_cost,
        "invoices": records(q.invoices[INVOICE_FIELDS]),
    }


def compare_document(c: Comparison) -> dict:
    """The JSON object of ``prepay compare``."""
    t = c.terms
    return {
        "rate": t.rate.quantize(CENT),
        "horizon": c.horizon,
        "start": t.start,
        "performance": [float(p) for p in t.performance],
        "options": records(c.table),
        "left_out": c.left_out,
        "left_out_needs": [
            {"option": x.option.name, "label": x.option.display, "months": x.needs} for x in c.needs
        ],
    }


def scenario_header(terms) -> dict:
    """The fields every multi-option document starts with."""
    return {
        "rate": terms.rate.quantize(CENT),
        "horizon": terms.horizon,
        "start": terms.start,
    }


SCENARIO_COLUMNS = [
    "name",
    "option",
    "rate",
    "horizon",
    "start",
    "performance",
    "prepayment",
    "total",
    "payg_total",
    "savings_vs_payg",
    "savings_share",
    "break_even_performance",
    "opt_out_cost",
]


def scenarios_table(scenarios, discount_rates: list[float | None]) -> pd.DataFrame:
    """Two to four scenarios side by side, one row each.

    Columns: :data:`SCENARIO_COLUMNS`, and with a discount rate (one per scenario, or None)
    ``discount_rate, npv, npv_savings_vs_payg, irr_vs_payg, irr_note``.
    """
    from prepay_modeller.core import timevalue

    rows = []
    for s, rate in zip(scenarios, discount_rates, strict=True):
        t = s.terms
        q = quote(t)
        tot = q.totals
        row = {
            "name": s.name,
            "option": t.option.name,
            "rate": t.rate.quantize(CENT),
            "horizon": t.horizon,
            "start": t.start,
            "performance": ",".join(f"{float(p):g}" for p in t.performance),
            "prepayment": q.prepayment,
            "total": tot["total"],
            "payg_total": tot["payg_total"],
            "savings_vs_payg": tot["savings_vs_payg"],
            "savings_share": q.savings_share,
            "break_even_performance": q.break_even_performance,
            "opt_out_cost": q.opt_out_cost,
        }
        if rate is not None:
            value = timevalue.time_value(t, rate)
            row.update(
                {key: value[key] for key in ("discount_rate", "npv", "npv_savings_vs_payg")},
                irr_vs_payg=value["irr_vs_payg"],
                irr_note=value["irr_note"],
            )
        rows.append(row)
    return pd.DataFrame(rows)
