"""Engagements in the store: create one, record a quarter's actuals, issue an invoice, read them
back as :class:`core.engagement.Engagement`. Each change is one transaction that also writes
who made it and when (the ``audit`` table); a refused change writes nothing.

Issuing takes the agency's invoice counter row first (``SELECT ... FOR UPDATE`` on PostgreSQL;
on SQLite the writing transaction already holds the database's write lock), then reads the
engagement, lets the core draft the invoice, and writes it with the next number: numbers run
1, 2, 3... per agency with no gap and no repeat however many sellers issue at once, and an
invoice is always computed from what was recorded when its number was taken.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

import pandas as pd

from prepay_modeller.core.engagement import (
    Actuals,
    Engagement,
    Invoice,
    Result,
    performance_text,
    plan_of,
    plan_record,
    terms_of,
    terms_record,
)
from prepay_modeller.core.errors import InputError
from prepay_modeller.core.terms import Terms, show
from prepay_modeller.store.audit import now
from prepay_modeller.store.audit import write as audit
from prepay_modeller.store.db import Store
from prepay_modeller.store.schema import ActualRow, AuditRow, CounterRow, EngagementRow, InvoiceRow

# --- rows <-> the core's objects -------------------------------------------------------------


def _results_record(results: Iterable[Result]) -> list[dict]:
    return [
        {
            "key_result": r.key_result,
            "actual": str(r.actual),
            "target": None if r.target is None else str(r.target),
        }
        for r in results
    ]


def _actuals_record(a: Actuals | None) -> dict | None:
    if a is None:
        return None
    if a.performance is not None:
        return {"performance": str(a.performance)}
    return {"results": _results_record(a.results)}


def _actuals(row: ActualRow) -> Actuals:
    if row.performance is not None:
        return Actuals(row.quarter, performance=Decimal(row.performance))
    results = tuple(
        Result(
            r["key_result"],
            Decimal(r["actual"]),
            None if r.get("target") is None else Decimal(r["target"]),
        )
        for r in row.results or []
    )
    return Actuals(row.quarter, results=results)


INVOICE_FIELDS = tuple(Invoice.__dataclass_fields__)  # an invoice row's own columns


def _invoice(row: InvoiceRow) -> Invoice:
    return Invoice(**{name: getattr(row, name) for name in INVOICE_FIELDS})


def _engagement(row: EngagementRow, actuals: list[ActualRow], invoices: list[InvoiceRow]):
    return Engagement(
        terms=terms_of(row.terms),
        plan=plan_of(row.plan),
        actuals={a.quarter: _actuals(a) for a in actuals},
        invoices=tuple(_invoice(i) for i in sorted(invoices, key=lambda i: i.number)),
        id=row.id,
        client=row.client,
        agency=row.agency,
        reference=row.reference,
        language=row.language,
        currency=row.currency,
    )


def _row(session, engagement_id: object) -> EngagementRow:
    allowed = "the id of an engagement (prepay engagement list shows them)"
    if isinstance(engagement_id, bool) or not isinstance(engagement_id, int):
        raise InputError("id", show(engagement_id), allowed, "is not a whole number")
    # 2**31 - 1: the largest id either database holds (a larger one is no engagement).
    row = session.get(EngagementRow, engagement_id) if 0 < engagement_id < 2**31 else None
    if row is None:
        raise InputError("id", str(engagement_id), allowed, "is not an engagement")
    return row


def _load(session, engagement_id: object) -> tuple[EngagementRow, Engagement]:
    from sqlalchemy import select

    row = _row(session, engagement_id)
    actuals = session.scalars(select(ActualRow).where(ActualRow.engagement_id == row.id)).all()
    invoices = session.scalars(select(InvoiceRow).where(InvoiceRow.engagement_id == row.id)).all()
    return row, _engagement(row, list(actuals), list(invoices))


# --- reading ---------------------------------------------------------------------------------


def get(store: Store, engagement_id: object) -> Engagement:
    """Engagement ``engagement_id`` with its actuals and invoices."""
    with store.transaction() as session:
        return _load(session, engagement_id)[1]


def info(store: Store, engagement_id: object) -> dict:
    """Who created engagement ``engagement_id`` and when (``created``, ``created_by``), and what
    it was made from (``source``)."""
    with store.transaction() as session:
        row = _row(session, engagement_id)
        return {"created": row.created_at, "created_by": row.created_by, "source": row.source}


def every(store: Store) -> list[Engagement]:
    """Every engagement, by id, each with its actuals and invoices (three queries in all)."""
    from sqlalchemy import select

    with store.transaction() as session:
        rows = session.scalars(select(EngagementRow).order_by(EngagementRow.id)).all()
        actuals: dict[int, list] = {}
        for a in session.scalars(select(ActualRow)):
            actuals.setdefault(a.engagement_id, []).append(a)
        invoices: dict[int, list] = {}
        for i in session.scalars(select(InvoiceRow)):
            invoices.setdefault(i.engagement_id, []).append(i)
        return [_engagement(r, actuals.get(r.id, []), invoices.get(r.id, [])) for r in rows]


def history(store: Store, engagement_id: object) -> pd.DataFrame:
    """Every change of engagement ``engagement_id``: ``at, user, action, subject, detail``."""
    from sqlalchemy import select

    with store.transaction() as session:
        row = _row(session, engagement_id)
        found = session.scalars(
            select(AuditRow).where(AuditRow.engagement_id == row.id).order_by(AuditRow.id)
        ).all()
        return pd.DataFrame(
            [
                {"at": a.at, "user": a.user, "action": a.action, "subject": a.subject,
                 "detail": a.detail}
                for a in found
            ],
            columns=["at", "user", "action", "subject", "detail"],
        )  # fmt: skip


# --- changes -----------------------------------------------------------------------------------


def create(
    store: Store,
    terms: Terms,
    plan: pd.DataFrame,
    client: str,
    user: str,
    agency: str,
    reference: str = "",
    language: str = "",
    currency: str = "",
    source: dict | None = None,
) -> int:
    """Record a signed engagement (a prepaid option: pay-as-you-go has no variable part to run);
    returns its id."""
    if terms.option.is_payg:
        prepaid = ", ".join(o.name for o in terms.catalog.options if not o.is_payg)
        raise InputError(
            "option",
            terms.option.name,
            f"a prepaid option ({prepaid}): pay-as-you-go is invoiced month by month, with "
            "no variable part to run",
            "is not an engagement's option",
        )
    client = client.strip()
    if not client:
        raise InputError(
            "client", "(missing)", "the client's name, as --client NAME", "is required"
        )
    row = EngagementRow(
        agency=agency,
        client=client,
        reference=reference,
        option=terms.option.name,
        start=terms.start,
        horizon=terms.horizon,
        language=language,
        currency=currency,
        terms=terms_record(terms),
        plan=plan_record(plan),
        source=source,
        created_at=now(),
        created_by=user,
    )
    with store.transaction(write=True) as session:
        session.add(row)
        session.flush()
        audit(
            session,
            user,
            "create",
            row.id,
            client,
            {"option": row.option, "start": row.start.isoformat(), "reference": reference},
        )
        return row.id


def record(
    store: Store,
    engagement_id: object,
    quarter: object,
    user: str,
    performance: Decimal | None = None,
    results: Iterable[Result] | None = None,
) -> Engagement:
    """Record quarter ``quarter``'s actuals (its performance, or its key results), replacing what
    was recorded before (kept in the audit trail). Returns the engagement as it now stands."""
    from sqlalchemy import select

    with store.transaction(write=True) as session:
        row, engagement = _load(session, engagement_id)
        checked = engagement.check_actuals(quarter, performance, results)
        before = engagement.actuals.get(checked.quarter)
        existing = session.scalars(
            select(ActualRow).where(
                ActualRow.engagement_id == row.id, ActualRow.quarter == checked.quarter
            )
        ).first()
        if existing is None:
            existing = ActualRow(engagement_id=row.id, quarter=checked.quarter)
            session.add(existing)
        existing.performance = None if checked.performance is None else str(checked.performance)
        existing.results = (
            None if checked.performance is not None else _results_record(checked.results)
        )
        existing.recorded_at = now()
        existing.recorded_by = user
        after = replace(engagement, actuals={**engagement.actuals, checked.quarter: checked})
        perf = after.actual_performance(checked.quarter)
        audit(
            session,
            user,
            "record",
            row.id,
            f"Q{checked.quarter}",
            {
                "before": _actuals_record(before),
                "after": _actuals_record(checked),
                "performance": performance_text(perf),
            },
        )
        return after


def _invoice_row(invoice: Invoice, agency: str, engagement_id: int, user: str) -> InvoiceRow:
    return InvoiceRow(
        agency=agency,
        engagement_id=engagement_id,
        created_at=now(),
        created_by=user,
        **{name: getattr(invoice, name) for name in INVOICE_FIELDS},
    )


def _next_number(session, agency: str) -> int:
    """The agency's next invoice number, its counter row locked until the transaction ends."""
    from sqlalchemy import select

    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(
        insert(CounterRow).values(agency=agency, last_number=0).on_conflict_do_nothing()
    )
    counter = session.scalars(
        select(CounterRow).where(CounterRow.agency == agency).with_for_update()
    ).one()
    counter.last_number += 1
    return counter.last_number


def issue(
    store: Store,
    engagement_id: object,
    user: str,
    on: dt.date,
    quarter: object | None = None,
    prepayment: object | None = None,
    reason: str = "",
) -> Invoice:
    """Issue quarter ``quarter``'s variable invoice (or the adjusting invoice or credit note a
    correction since calls for, dated ``on``), or term ``prepayment``'s prepayment; returns it,
    numbered."""
    if (quarter is None) == (prepayment is None):
        raise InputError(
            "quarter",
            "(missing)" if quarter is None else "(with --prepayment)",
            "--quarter N (its variable part) or --prepayment TERM (1 the first term, 2 the "
            "first renewal...)",
            "is not one of the two",
        )
    with store.transaction(write=True) as session:
        agency = _row(session, engagement_id).agency
        number = _next_number(session, agency)  # locked first: what is read next stays true
        row, engagement = _load(session, engagement_id)
        if quarter is not None:
            draft = engagement.draft_variable(quarter, on, reason)
        else:
            draft = engagement.draft_prepayment(prepayment)
        invoice = draft.numbered(number)
        session.add(_invoice_row(invoice, agency, row.id, user))
        audit(
            session,
            user,
            "invoice",
            row.id,
            f"no. {number}",
            {
                "kind": invoice.kind,
                "quarter": invoice.quarter,
                "term": invoice.term,
                "amount": str(invoice.amount),
                "reason": invoice.reason,
            },
        )
        return invoice
