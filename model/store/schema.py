"""The store's tables (SQLAlchemy 2 declarative mapping). Alembic's migrations
(``store/migrations/versions``) create them; a test checks that the migrations and these
classes agree.

Money is kept in integer cents, exact numbers as text (``"0.8"``, ``"1849/1800"``), dates as
dates and moments as UTC timestamps. Issued invoices and the audit trail are append-only: the
database itself refuses to update or delete their rows (triggers, see the first migration).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator):
    """A moment in UTC, read back with its time zone on every database (SQLite keeps none)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("a naive datetime cannot be stored")
        return None if value is None else value.astimezone(dt.UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict: JSON, list: JSON, dt.datetime: UtcDateTime, dt.date: Date}


class EngagementRow(Base):
    """One signed engagement: the terms and OKR plan as signed (JSON, never recomputed)."""

    __tablename__ = "engagements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency: Mapped[str] = mapped_column(String(200))
    client: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str] = mapped_column(String(200), default="")
    option: Mapped[str] = mapped_column(String(40))
    start: Mapped[dt.date]
    horizon: Mapped[int]
    language: Mapped[str] = mapped_column(String(20), default="")
    currency: Mapped[str] = mapped_column(String(3), default="")
    terms: Mapped[dict]
    plan: Mapped[list]
    source: Mapped[dict | None]  # the scenario's fields it was made from, as given
    created_at: Mapped[dt.datetime]
    created_by: Mapped[str] = mapped_column(String(200))


class ActualRow(Base):
    """What is recorded for one quarter (the latest; earlier ones are in the audit trail)."""

    __tablename__ = "actuals"

    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id"), primary_key=True)
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True)
    performance: Mapped[str | None] = mapped_column(String(80))
    results: Mapped[list | None]
    recorded_at: Mapped[dt.datetime]
    recorded_by: Mapped[str] = mapped_column(String(200))


class InvoiceRow(Base):
    """An issued invoice; its ``number`` is sequential per agency, with no gap and no repeat."""

    __tablename__ = "invoices"
    __table_args__ = (UniqueConstraint("agency", "number", name="uq_invoices_agency_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency: Mapped[str] = mapped_column(String(200))
    number: Mapped[int]
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    term: Mapped[int]
    quarter: Mapped[int | None]
    issued: Mapped[dt.date]
    due: Mapped[dt.date]
    cents: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(Text, default="")
    performance: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime]
    created_by: Mapped[str] = mapped_column(String(200))


class CounterRow(Base):
    """The last invoice number issued per agency: the row an issuing transaction locks."""

    __tablename__ = "invoice_counters"

    agency: Mapped[str] = mapped_column(String(200), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class AuditRow(Base):
    """Who changed what, and when: one row per change (append-only)."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime]
    user: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    engagement_id: Mapped[int | None] = mapped_column(Integer, index=True)
    subject: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict | None]


class ScenarioRow(Base):
    """A saved scenario, shared by every seller of one database; ``version`` counts saves."""

    __tablename__ = "scenarios"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    fields: Mapped[dict]
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime]
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(200))
