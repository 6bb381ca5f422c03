"""The agency's view of the same engagement: revenue recognised, cash in, revenue at risk.

What the client pays is the agency's revenue, so these are the client's model frames seen from
the other side (amounts positive: money the agency earns or receives).

- **Recognised** per month: the month's share of its quarter's fixed and variable parts, as
  :attr:`core.quote.Quote.monthly` spreads them (revenue earned as the work is done, at the
  scenario's performance).
- **Cash in** per month: invoices by due date, the month running from the same day of one month
  to the day before the same day of the next (month 1 starts on the start date). Months run on
  past the horizon until the last invoice is paid.
- **At risk**: the on-target variable part, revenue the agency plans on at performance 1.0 but
  only earns if the key results are met (pay-as-you-go has none).
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from prepay_modeller.core.money import dollars
from prepay_modeller.core.quote import quote
from prepay_modeller.core.terms import Terms, add_months

ZERO = Decimal("0.00")


def monthly_revenue(terms: Terms) -> pd.DataFrame:
    """The agency's month-by-month view of ``terms``.

    Columns: ``month, recognised, cash_in, at_risk, cumulative_recognised,
    cumulative_cash_in`` (Decimal dollars), then ``date`` (the month's first day), ``fixed``,
    ``variable`` (the recognised parts) and ``variable_target``.
    """
    q = quote(terms)
    view = q.monthly
    inv = q.invoices
    months = terms.horizon
    last_due = max(inv["due"])
    while add_months(terms.start, months) <= last_due:
        months += 1
    rows = []
    run_rec, run_cash = ZERO, ZERO
    due_amounts = list(zip(inv["due"], inv["amount"], strict=True))
    for m in range(months):
        first, next_first = add_months(terms.start, m), add_months(terms.start, m + 1)
        if m < len(view):
            line = view.iloc[m]
            fixed, variable, target = line["fixed"], line["variable"], line["variable_target"]
        else:
            fixed = variable = target = ZERO
        recognised = fixed + variable
        cash = sum((a for d, a in due_amounts if first <= d < next_first), ZERO)
        run_rec += recognised
        run_cash += cash
        rows.append(
            {
                "month": m + 1,
                "recognised": recognised,
                "cash_in": cash,
                "at_risk": target,
                "cumulative_recognised": run_rec,
                "cumulative_cash_in": run_cash,
                "date": first,
                "fixed": fixed,
                "variable": variable,
                "variable_target": target,
            }
        )
    return pd.DataFrame(rows)


def revenue_at_risk(terms: Terms) -> dict[str, Decimal]:
    """The engagement's revenue by how sure it is, over the horizon (Decimal dollars).

    Keys: ``secured`` (the fixed parts), ``at_risk`` (the on-target variable part),
    ``on_target`` (their sum), ``upside`` (caps above on target), ``recognised`` (at the
    scenario's performance) and ``share_at_risk`` (a fraction of on target).
    """
    lines = quote(terms).lines
    fixed = sum(x.fixed for x in lines)
    target = sum(x.variable_target for x in lines)
    cap = sum(x.variable_cap for x in lines)
    variable = sum(x.variable for x in lines)
    return {
        "secured": dollars(fixed),
        "at_risk": dollars(target),
        "on_target": dollars(fixed + target),
        "upside": dollars(cap - target),
        "recognised": dollars(fixed + variable),
        "share_at_risk": float(Decimal(target) / Decimal(fixed + target))
        if fixed + target
        else 0.0,
    }


def expected_revenue(result) -> pd.DataFrame:
    """Per option, the agency's revenue under a Monte Carlo distribution of performance.

    ``result`` is :func:`core.uncertainty.montecarlo`'s. Columns: ``option, secured,
    at_risk, expected_revenue, expected_variable, p10_revenue, p50_revenue, p90_revenue,
    expected_shortfall`` (on target less expected, positive when the agency expects less than
    on target), ``prob_below_on_target``. Dollars are Decimal.
    """
    from prepay_modeller.core.uncertainty import summary

    table = summary(result).set_index("option")
    rows = []
    for name in result.options:
        risk = revenue_at_risk(result.terms.with_option(name))
        row = table.loc[name]
        on_target_cents = int(risk["on_target"] * 100)
        rows.append(
            {
                "option": name,
                "secured": risk["secured"],
                "at_risk": risk["at_risk"],
                "expected_revenue": row["mean_total"],
                "expected_variable": row["mean_total"] - risk["secured"],
                "p10_revenue": row["p10_total"],
                "p50_revenue": row["p50_total"],
                "p90_revenue": row["p90_total"],
                "expected_shortfall": risk["on_target"] - row["mean_total"],
                "prob_below_on_target": float((result.totals[name] < on_target_cents).mean()),
            }
        )
    return pd.DataFrame(rows)
