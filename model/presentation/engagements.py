"""Engagements as the command line shows them: the JSON of ``prepay engagement show`` (a
contract: fields are added, never renamed), the list with plan against actual, and the text
tables. Every figure is the core's (:class:`core.engagement.Engagement`); nothing here adds two
numbers the engagement does not give.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from prepay_modeller.core.engagement import Engagement, Invoice
from prepay_modeller.presentation.formatting import records, text_table
from prepay_modeller.presentation.i18n import ENGLISH

amount = ENGLISH.amount  # the command line's money: 121,500.00 (Babel's en_US)

CENT = Decimal("0.01")
QUARTER_FIELDS = [
    "quarter",
    "planned_performance",
    "actual_performance",
    "variable",
    "invoice",
    "stage",
    "term",
    "start",
    "end",
    "fixed",
    "planned_variable",
    "invoiced",
    "to_adjust",
]
INVOICE_FIELDS = [
    "number",
    "issued",
    "due",
    "kind",
    "amount",
    "reason",
    "quarter",
    "term",
    "performance",
    "description",
]
KIND_WORDS = {
    "prepayment": "Prepayment",
    "variable": "Variable part",
    "adjustment": "Adjusting invoice",
    "credit": "Credit note",
}


def description(invoice) -> str:
    """What an invoice is for, in words: ``Prepayment, term 2 (Q3, Q4)``, ``Variable part, Q2``."""
    kind = invoice["kind"] if isinstance(invoice, dict) else invoice.kind
    quarter = invoice["quarter"] if isinstance(invoice, dict) else invoice.quarter
    term = invoice["term"] if isinstance(invoice, dict) else invoice.term
    if kind == "prepayment":
        return f"{KIND_WORDS[kind]}, term {term}"
    return f"{KIND_WORDS[kind]}, Q{quarter}"


def invoice_record(i: Invoice) -> dict:
    """One issued invoice as the JSON gives it (:data:`INVOICE_FIELDS`)."""
    return {
        "number": i.number,
        "issued": i.issued,
        "due": i.due,
        "kind": i.kind,
        "amount": i.amount,
        "reason": i.reason,
        "quarter": i.quarter,
        "term": i.term,
        "performance": None if i.performance is None else _float(i.performance),
        "description": description(i),
    }


def _float(text: str) -> float:
    from fractions import Fraction

    return float(Fraction(text))


def engagement_document(e: Engagement, info: dict | None = None) -> dict:
    """The JSON object of ``prepay engagement show``: ``id, client, option, rate, start,
    payment_terms, quarters`` (each ``quarter, planned_performance, actual_performance,
    variable, invoice``, and more) and ``invoices`` (each ``number, issued, due, kind, amount,
    reason``, and more), then ``horizon, label, reference, agency, language, currency,
    totals, to_come, created, created_by``."""
    t = e.terms
    info = info or {}
    return {
        "id": e.id,
        "client": e.client,
        "option": t.option.name,
        "rate": t.rate.quantize(CENT),
        "start": t.start,
        "payment_terms": t.payment_terms,
        "quarters": [{k: row[k] for k in QUARTER_FIELDS} for row in e.quarter_rows()],
        "invoices": [invoice_record(i) for i in e.invoices],
        "horizon": t.horizon,
        "label": t.option.display,
        "reference": e.reference,
        "agency": e.agency,
        "language": e.language,
        "currency": e.currency,
        "totals": e.totals(),
        "to_come": e.to_come(),
        "created": info.get("created"),
        "created_by": info.get("created_by"),
    }


LIST_COLUMNS = [
    "id",
    "client",
    "option",
    "start",
    "horizon",
    "recorded",
    "planned_variable",
    "actual_variable",
    "difference",
    "invoiced",
    "to_adjust",
    "reference",
]


def list_frame(engagements: list[Engagement]) -> pd.DataFrame:
    """One row per engagement, plan against actual over the quarters recorded so far:
    ``recorded`` (quarters recorded / in all), ``planned_variable`` and ``actual_variable``
    (their variable parts at the planned and the recorded performance), ``difference``
    (actual − planned), ``invoiced`` (every invoice issued) and ``to_adjust`` (corrections not
    invoiced yet)."""
    rows = []
    for e in engagements:
        quarters = [r for r in e.quarter_rows() if r["variable"] is not None]
        planned = sum((r["planned_variable"] for r in quarters), Decimal("0.00"))
        actual = sum((r["variable"] for r in quarters), Decimal("0.00"))
        adjust = sum((r["to_adjust"] for r in quarters if r["to_adjust"]), Decimal("0.00"))
        rows.append(
            {
                "id": e.id,
                "client": e.client,
                "option": e.terms.option.name,
                "start": e.terms.start,
                "horizon": e.terms.horizon,
                "recorded": f"{len(quarters)}/{e.quarters}",
                "planned_variable": planned,
                "actual_variable": actual,
                "difference": actual - planned,
                "invoiced": e.totals()["invoiced"],
                "to_adjust": adjust,
                "reference": e.reference,
            }
        )
    return pd.DataFrame(rows, columns=LIST_COLUMNS)


def quarters_frame(e: Engagement) -> pd.DataFrame:
    rows = e.quarter_rows()
    frame = pd.DataFrame(rows, columns=QUARTER_FIELDS)
    # An invoice number stays a whole number where some quarters have none (not 2.0).
    frame["invoice"] = pd.Series([r["invoice"] for r in rows], dtype=object)
    return frame


def invoices_frame(e: Engagement) -> pd.DataFrame:
    return pd.DataFrame([invoice_record(i) for i in e.invoices], columns=INVOICE_FIELDS)


def _pct(value) -> str:
    """A performance as a percent without trailing zeros: ``76.5%``, ``102.72%``."""
    return "" if value is None or value != value else ENGLISH.percent(value)


def _num(value) -> str:
    return "" if value is None or value != value else f"{value:,.10g}"


def show_text(e: Engagement, info: dict | None = None, speech=None) -> str:
    """``prepay engagement show``'s table: the terms, plan beside actual per quarter, the
    invoices issued and the totals."""
    t = e.terms
    head = (
        f"Engagement {e.id}: {e.client}, {t.option.display} ({t.option.name}) at "
        f"${amount(t.rate)}/month, {t.horizon} months from {t.start:%Y-%m-%d}, "
        f"net {t.payment_terms} days"
    )
    lines = [head]
    if e.reference:
        lines.append(f"Proposal reference: {e.reference}")
    if info and info.get("created_by"):
        lines.append(f"Recorded by {info['created_by']} on {info['created']:%Y-%m-%d %H:%M} UTC")
    quarters = quarters_frame(e)[
        ["quarter", "stage", "end", "fixed", "planned_performance", "actual_performance",
         "planned_variable", "variable", "invoice", "invoiced", "to_adjust"]
    ]  # fmt: skip
    quarters.columns = [
        "quarter", "stage", "end", "fixed", "planned", "actual", "planned var.", "variable",
        "invoice", "invoiced", "to adjust",
    ]  # fmt: skip
    lines += ["", text_table(quarters, {"planned": _pct, "actual": _pct}, speech)]
    lines += ["", "Invoices"]
    if e.invoices:
        invoices = invoices_frame(e)[
            ["number", "issued", "due", "kind", "description", "amount", "reason"]
        ]
        lines.append(text_table(invoices, {}, speech))
    else:
        lines.append("(none issued yet)")
    totals = e.totals()
    lines += [
        "",
        f"Invoiced           {amount(totals['invoiced']):>14}  "
        f"(prepaid {amount(totals['prepaid'])}, variable {amount(totals['variable'])})",
        f"Still to invoice   {amount(totals['to_come']):>14}  (at the recorded, else the "
        "planned performance)",
        f"Left to prepay     {amount(totals['left_to_prepay']):>14}  (renewals)",
        f"Planned total      {amount(totals['planned']):>14}  (the signed scenario)",
    ]
    return "\n".join(lines)


def quarter_document(e: Engagement, quarter: int) -> dict:
    """What ``prepay engagement record`` answers: the quarter's plan and actual, and its key
    results' scores where they were recorded."""
    row = next(r for r in e.quarter_rows() if r["quarter"] == quarter)
    out = {"id": e.id, **{k: row[k] for k in QUARTER_FIELDS}}
    scores = e.scores(quarter)
    out["key_results"] = (
        []
        if scores is None
        else [
            {
                "key_result": r["key_result"],
                "kind": r["kind"],
                "actual": float(r["actual"]),
                "target": float(r["target_used"]),
                "weight": float(r["weight"]),
                "score": float(r["score"]),
            }
            for r in records(scores)
        ]
    )
    return out


def record_text(e: Engagement, quarter: int) -> str:
    """What ``prepay engagement record`` says: the quarter's performance and variable part
    against plan, and what to do next."""
    doc = quarter_document(e, quarter)
    lines = [
        f"Q{quarter} of engagement {e.id} ({e.client}): performance "
        f"{_pct(doc['actual_performance'])} (planned {_pct(doc['planned_performance'])}), "
        f"variable part {amount(doc['variable'])} (planned {amount(doc['planned_variable'])})"
    ]
    if doc["key_results"]:
        frame = pd.DataFrame(doc["key_results"])[["key_result", "actual", "target", "score"]]
        lines += ["", text_table(frame, {"score": _pct, "actual": _num, "target": _num}), ""]
    invoices = e.issued_for(quarter)
    if not invoices:
        lines.append(
            f"Not invoiced yet: prepay engagement invoice {e.id} --quarter {quarter} "
            f"(from {doc['end']:%Y-%m-%d}, the quarter's last day)"
        )
    elif doc["to_adjust"] is not None:
        kind = "an adjusting invoice" if doc["to_adjust"] > 0 else "a credit note"
        numbers = ", ".join(str(i.number) for i in invoices)
        lines.append(
            f"Invoiced already (no. {numbers}, {amount(doc['invoiced'])}): prepay engagement "
            f"invoice {e.id} --quarter {quarter} --reason TEXT issues {kind} of "
            f"{amount(doc['to_adjust'])}"
        )
    else:
        lines.append(f"Invoiced already, for this amount (no. {invoices[0].number})")
    return "\n".join(lines)


def invoice_text(e: Engagement, invoice: Invoice) -> str:
    line = (
        f"Invoice {invoice.number}: {description(invoice)}, {e.client}, issued "
        f"{invoice.issued:%Y-%m-%d}, due {invoice.due:%Y-%m-%d}: {amount(invoice.amount)}"
    )
    return line + (f" ({invoice.reason})" if invoice.reason else "")
