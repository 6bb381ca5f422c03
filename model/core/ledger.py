"""What an engagement invoices: each term's prepayment, each quarter's variable invoice and the
corrections after it (adjusting invoices and credit notes), and plan beside actual
(DOMAIN.md, "After the signature"). :class:`Ledger` is the invoicing side of
:class:`core.engagement.Engagement`, which scores the quarters it reads here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from prepay_modeller.core.errors import InputError
from prepay_modeller.core.money import dollars
from prepay_modeller.core.quote import variable_cents, variable_due

KINDS = ("prepayment", "variable", "adjustment", "credit")
VARIABLE_KINDS = ("variable", "adjustment", "credit")


@dataclass(frozen=True)
class Draft:
    """An invoice to issue: everything but its number, which the store gives it. ``cents`` is
    negative for a credit note; ``performance`` is the actual performance it was computed at
    (exact text)."""

    kind: str
    term: int
    quarter: int | None
    issued: dt.date
    due: dt.date
    cents: int
    reason: str = ""
    performance: str | None = None

    @property
    def amount(self) -> Decimal:
        return dollars(self.cents)

    def numbered(self, number: int) -> Invoice:
        return Invoice(**{k: getattr(self, k) for k in Draft.__dataclass_fields__}, number=number)


@dataclass(frozen=True)
class Invoice(Draft):
    """An issued invoice, numbered (never changed)."""

    number: int = 0


def performance_text(p: Fraction) -> str:
    """A performance as exact text: ``1.04``, or ``1849/1800`` where no decimal holds it."""
    d = Decimal(p.numerator) / Decimal(p.denominator)
    return str(d.normalize()) if Fraction(d) == p else f"{p.numerator}/{p.denominator}"


def performance_from_text(text: str) -> Fraction:
    return Fraction(text)


class Ledger:
    """The invoices of an engagement: drafted from its recorded results, read against its plan.
    Uses the engagement's ``terms``, ``quote``, ``invoices``, ``line``, ``check_quarter``,
    ``check_term``, ``actual_performance`` and ``variable_cents``."""

    def issued_for(self, quarter: int) -> list[Invoice]:
        """The variable invoices, adjusting invoices and credit notes issued for ``quarter``."""
        return [i for i in self.invoices if i.quarter == quarter and i.kind in VARIABLE_KINDS]

    def prepayment_invoice(self, term: int) -> Invoice | None:
        return next((i for i in self.invoices if i.kind == "prepayment" and i.term == term), None)

    def prepayment_cents(self, term: int) -> int:
        return self.quote.prepayment_cents[term - 1]  # an engagement is prepaid

    # --- the invoices to issue -----------------------------------------------------------------

    def draft_variable(self, quarter: object, on: dt.date, reason: str = "") -> Draft:
        """The invoice that ``quarter``'s recorded results call for on day ``on``: its variable
        invoice (dated the quarter's last day, refused before it), or where that is issued, an
        adjusting invoice (or a credit note, negative) for what a later correction changed,
        dated ``on``, with its ``reason`` (required)."""
        q = self.check_quarter(quarter)
        line = self.line(q)
        perf = self.actual_performance(q)
        if perf is None:
            raise InputError(
                "quarter",
                str(q),
                "a quarter whose results are recorded (prepay engagement record)",
                "has no recorded results",
            )
        cents = variable_cents(line.variable_target, line.variable_cap, perf)
        issued = self.issued_for(q)
        exact = performance_text(perf)
        if not issued:
            if on < line.end:
                raise InputError(
                    "date",
                    on.isoformat(),
                    f"{line.end.isoformat()} or later: a quarter is invoiced at its end",
                    f"is before Q{q} ends",
                )
            if cents == 0:
                raise InputError(
                    "quarter",
                    str(q),
                    "a quarter whose variable part is more than 0.00",
                    f"has no variable part to invoice (performance {float(perf):.2%})",
                )
            return Draft("variable", line.term, q, line.end, variable_due(self.terms, line), cents,
                         reason, exact)  # fmt: skip
        return self._correction(q, cents, exact, on, reason)

    def _correction(self, q: int, cents: int, exact: str, on: dt.date, reason: str) -> Draft:
        """The adjusting invoice (or credit note) for what a correction since the quarter's
        invoices changed: the difference, dated ``on``, with its reason."""
        line, issued = self.line(q), self.issued_for(q)
        difference = cents - sum(i.cents for i in issued)
        numbers = ", ".join(str(i.number) for i in issued)
        if difference == 0:
            raise InputError(
                "quarter",
                str(q),
                "a quarter not invoiced yet, or one whose results were corrected since",
                f"is invoiced already (no. {numbers}) for what its results give",
            )
        if not reason.strip():
            raise InputError(
                "reason",
                "(missing)",
                "why the invoice is corrected, as --reason TEXT",
                f"is required to correct Q{q}'s invoice (no. {numbers}) by {dollars(difference)}",
            )
        last = max(i.issued for i in issued)
        if on < last:
            raise InputError(
                "date",
                on.isoformat(),
                f"{last.isoformat()} or later (the day of Q{q}'s last invoice)",
                "is before the invoice it corrects",
            )
        if difference > 0:
            due = on + dt.timedelta(days=self.terms.payment_terms)
            return Draft("adjustment", line.term, q, on, due, difference, reason.strip(), exact)
        return Draft("credit", line.term, q, on, on, difference, reason.strip(), exact)

    def draft_prepayment(self, term: object) -> Draft:
        """Term ``term``'s prepayment (1 the first, then each renewal): the fixed parts of its
        quarters, dated and due on its first day (rules 4 and 5); issued once."""
        t = self.check_term(term)
        done = self.prepayment_invoice(t)
        if done is not None:
            raise InputError(
                "prepayment",
                str(t),
                "a term whose prepayment is not invoiced yet",
                f"is invoiced already (no. {done.number})",
            )
        first = next(x for x in self.quote.lines if x.term == t)
        return Draft("prepayment", t, first.quarter, first.start, first.start,
                     self.prepayment_cents(t))  # fmt: skip

    # --- plan beside actual ------------------------------------------------------------------

    def quarter_rows(self) -> list[dict]:
        """One row per quarter: ``quarter, stage, term, start, end, fixed, planned_performance,
        planned_variable, actual_performance, variable, invoice`` (the number of its variable
        invoice), ``invoiced`` (with corrections) and ``to_adjust`` (what a correction since
        leaves to invoice, negative to credit). Money in Decimal dollars; None where nothing is
        recorded or issued."""
        rows = []
        for line in self.quote.lines:
            q = line.quarter
            perf = self.actual_performance(q)
            variable = self.variable_cents(q)
            issued = self.issued_for(q)
            first = next((i for i in issued if i.kind == "variable"), None)
            invoiced = sum(i.cents for i in issued) if issued else None
            rows.append(
                {
                    "quarter": q,
                    "stage": line.stage,
                    "term": line.term,
                    "start": line.start,
                    "end": line.end,
                    "fixed": dollars(line.fixed),
                    "planned_performance": float(line.performance),
                    "planned_variable": dollars(line.variable),
                    "actual_performance": None if perf is None else float(perf),
                    "variable": None if variable is None else dollars(variable),
                    "invoice": None if first is None else first.number,
                    "invoiced": None if invoiced is None else dollars(invoiced),
                    "to_adjust": (
                        dollars(variable - invoiced)
                        if issued and variable is not None and variable != invoiced
                        else None
                    ),
                }
            )
        return rows

    def to_come(self) -> list[dict]:
        """The invoices not issued yet: each term's prepayment, and each quarter's variable part
        at its recorded performance (``basis`` ``recorded``) or else at plan (``plan``), and a
        correction not yet invoiced (``correction``). ``issued, due, kind, term, quarter,
        amount, basis``, in date order; nothing of 0.00."""
        rows = []
        for t in range(1, self.terms.terms_count + 1):
            if self.prepayment_invoice(t) is None:
                first = next(x for x in self.quote.lines if x.term == t)
                rows.append(
                    {
                        "issued": first.start,
                        "due": first.start,
                        "kind": "prepayment",
                        "term": t,
                        "quarter": first.quarter,
                        "amount": dollars(self.prepayment_cents(t)),
                        "basis": "contract",
                    }
                )
        for line in self.quote.lines:
            q = line.quarter
            variable = self.variable_cents(q)
            issued = self.issued_for(q)
            if issued:
                left = (variable or 0) - sum(i.cents for i in issued)
                if variable is None or left == 0:
                    continue
                amount, basis = left, "correction"
            elif variable is not None:
                amount, basis = variable, "recorded"
            else:
                amount, basis = line.variable, "plan"
            if amount:
                rows.append(
                    {
                        "issued": line.end,
                        "due": variable_due(self.terms, line),
                        "kind": "variable",
                        "term": line.term,
                        "quarter": q,
                        "amount": dollars(amount),
                        "basis": basis,
                    }
                )
        return sorted(rows, key=lambda r: (r["issued"], r["kind"] != "prepayment"))

    def totals(self) -> dict[str, Decimal]:
        """``planned`` (the signed scenario's total at the expected performance), ``invoiced``
        (every invoice issued), ``prepaid`` and ``variable`` (its parts), ``left_to_prepay``
        (renewals' prepayments not invoiced yet) and ``to_come`` (every invoice not issued yet,
        at the recorded or else the planned performance)."""
        issued = sum(i.cents for i in self.invoices)
        prepaid = sum(i.cents for i in self.invoices if i.kind == "prepayment")
        to_come = self.to_come()
        left = sum(
            self.prepayment_cents(r["term"])
            for r in to_come
            if r["kind"] == "prepayment" and r["term"] > 1
        )
        return {
            "planned": self.quote.totals["total"],
            "invoiced": dollars(issued),
            "prepaid": dollars(prepaid),
            "variable": dollars(issued - prepaid),
            "left_to_prepay": dollars(left),
            "to_come": sum((r["amount"] for r in to_come), Decimal("0.00")),
        }
