"""The client's statement of an engagement: all invoices, plan against actual, what is still to
come and what is left to prepay on renewal, in the client's language and currency. The template
``notebooks/statement.ipynb`` shows its sections in order (:data:`SECTIONS`); ``prepay
engagement statement`` renders it as the proposal is rendered (:mod:`reports.statement`).

Every figure is the engagement's (:class:`core.engagement.Engagement`); the sections word and lay
them out, one Jinja2 template each in ``presentation/templates/statement/``, every text from
the database escaped by the templates' autoescape.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from markupsafe import Markup

from prepay_modeller.core.engagement import Engagement
from prepay_modeller.inputs.brand import Brand
from prepay_modeller.presentation.html import Html, render, table
from prepay_modeller.presentation.i18n import N_, Speech
from prepay_modeller.presentation.proposal.words import Words

SECTIONS = ("cover", "summary", "quarters", "invoices", "to_come", "key_results")
KINDS = {
    "prepayment": N_("Prepayment, term {term}"),
    "variable": N_("Variable part, {quarter}"),
    "adjustment": N_("Adjusting invoice, {quarter}"),
    "credit": N_("Credit note, {quarter}"),
}
BASES = {
    "contract": N_("prepayment of the term"),
    "recorded": N_("at the recorded results"),
    "plan": N_("at the expected performance"),
    "correction": N_("correction of the results since the invoice"),
}


class Statement:
    """One engagement's statement on day ``on``, for ``speech`` (its language and currency)."""

    def __init__(self, engagement: Engagement, on: dt.date, speech: Speech, brand: Brand):
        self.e = engagement
        self.on = on
        self.f = Words(speech)
        self.brand = brand

    @property
    def language(self) -> str:
        return self.f.speech.language

    @property
    def direction(self) -> str:
        return self.f.speech.direction

    def _render(self, name: str, **context) -> Html:
        f = self.f
        return render(
            f"statement/{name}.html.j2",
            f=f,
            gettext=f.gettext,
            ngettext=f.ngettext,
            dir=Markup(' dir="rtl"') if f.speech.rtl else "",
            e=self.e,
            t=self.e.terms,
            option=self.e.terms.option,
            brand=self.brand,
            on=self.on,
            totals=self.e.totals(),
            **context,
        )

    def _what(self, kind: str, term: int, quarter: int | None) -> str:
        text = self.f.gettext(KINDS[kind])
        return text.format(term=term, quarter=self.f.q(quarter) if quarter else "")

    def _table(self, frame, columns: dict, money: set[str], css: str, **kw) -> Markup:
        formats = {c: self.f.money for c in money} | kw.pop("formats", {})
        numeric = money | set(kw.pop("numeric", ()))
        return Markup(table(frame, columns, formats=formats, numeric=numeric, css_class=css, **kw))

    # --- the sections, in reading order -----------------------------------------------------

    def cover(self) -> Html:
        return self._render("cover")

    def summary(self) -> Html:
        return self._render("summary", renews=self.e.quote.renews)

    def quarters(self) -> Html:
        f, _ = self.f, self.f.gettext
        rows = self.e.quarter_rows()
        frame = pd.DataFrame(rows)
        frame["quarter_text"] = [
            f"{f.stage(r['quarter'], r['stage'])}\n{f.span(r['start'], r['end'])}" for r in rows
        ]
        money = {"fixed", "planned_variable", "variable", "invoiced"}
        columns = {
            "quarter_text": _("Quarter"),
            "fixed": _("Fixed (prepaid)"),
            "planned_performance": _("Expected performance"),
            "planned_variable": _("Variable part expected"),
            "actual_performance": _("Actual performance"),
            "variable": _("Variable part earned"),
            "invoiced": _("Invoiced"),
        }
        recorded = [r for r in rows if r["variable"] is not None]
        total = {
            "quarter_text": _("Total"),
            "fixed": sum((r["fixed"] for r in rows), Decimal("0.00")),
            "planned_variable": sum((r["planned_variable"] for r in rows), Decimal("0.00")),
            "variable": sum((r["variable"] for r in recorded), Decimal("0.00"))
            if recorded
            else None,
            "invoiced": sum((r["invoiced"] or Decimal(0) for r in rows), Decimal("0.00")),
        }
        pct = {c: (lambda v: "—" if v is None else f.pct(v)) for c in
               ("planned_performance", "actual_performance")}  # fmt: skip
        table_html = self._table(
            frame, columns, money, "schedule", formats=pct, total=total,
            numeric={"planned_performance", "actual_performance"},
        )  # fmt: skip
        capped = [
            r["quarter"]
            for r in rows
            if (top := self.e.most_performance(r["quarter"])) is not None and top <= 1
        ]
        return self._render("quarters", table=table_html, capped=capped)

    def invoices(self) -> Html:
        f, _ = self.f, self.f.gettext
        rows = [
            {
                "number": str(i.number),
                "issued": f.short_day(i.issued),
                "due": f.short_day(i.due),
                "what": self._what(i.kind, i.term, i.quarter),
                "amount": i.amount,
                "reason": i.reason,
            }
            for i in self.e.invoices
        ]
        columns = {
            "number": _("No."),
            "issued": _("Issued"),
            "due": _("Due"),
            "what": _("For"),
            "amount": _("Amount"),
            "reason": _("Reason"),
        }
        frame = pd.DataFrame(rows, columns=list(columns))
        total = {"number": _("Total"), "amount": self.e.totals()["invoiced"]}
        table_html = (
            self._table(
                frame, columns, {"amount"}, "invoices", total=total, nowrap={"issued", "due"}
            )  # fmt: skip
            if rows
            else None
        )
        return self._render("invoices", table=table_html)

    def to_come(self) -> Html:
        f, _ = self.f, self.f.gettext
        rows = [
            {
                "issued": f.short_day(r["issued"]),
                "due": f.short_day(r["due"]),
                "what": self._what(r["kind"], r["term"], r["quarter"]),
                "amount": r["amount"],
                "basis": _(BASES[r["basis"]]),
            }
            for r in self.e.to_come()
        ]
        columns = {
            "issued": _("Invoiced on"),
            "due": _("Due"),
            "what": _("For"),
            "amount": _("Amount"),
            "basis": _("Computed"),
        }
        frame = pd.DataFrame(rows, columns=list(columns))
        total = {"issued": _("Total"), "amount": self.e.totals()["to_come"]}
        table_html = (
            self._table(
                frame, columns, {"amount"}, "to-come", total=total, nowrap={"issued", "due"}
            )  # fmt: skip
            if rows
            else None
        )
        return self._render("to_come", table=table_html)

    def key_results(self) -> Html:
        f, _ = self.f, self.f.gettext
        quarters = []
        for q in range(1, self.e.quarters + 1):
            scores = self.e.scores(q)
            if scores is None:
                continue
            frame = pd.DataFrame(
                {
                    "key_result": [_(k) for k in scores["key_result"]],
                    "target": [
                        self._measure(r, r["target_used"]) for r in scores.to_dict("records")
                    ],
                    "actual": [self._measure(r, r["actual"]) for r in scores.to_dict("records")],
                    "score": [f.pct(float(s)) for s in scores["score"]],
                    "weight": [f.pct(float(w)) for w in scores["weight"]],
                }
            )
            columns = {
                "key_result": _("Key result"),
                "target": _("Target"),
                "actual": _("Actual"),
                "score": _("Score"),
                "weight": _("Weight"),
            }
            quarters.append(
                {
                    "quarter": q,
                    "performance": self.e.actual_performance(q),
                    "table": self._table(frame, columns, set(), "key-results",
                                         numeric={"target", "actual", "score", "weight"}),
                }
            )  # fmt: skip
        if not quarters:
            return Html("")
        return self._render("key_results", quarters=quarters)

    def _measure(self, row: dict, value) -> str:
        if row["kind"] == "milestone":
            return self.f.pct(float(value))
        number = float(value)
        decimals = 0 if number == int(number) else 2
        return self.f.speech.number(Decimal(str(round(number, decimals))), decimals)

    def sections(self) -> list[tuple[str, Html]]:
        return [(name, getattr(self, name)()) for name in SECTIONS]


def page_head(statement: Statement) -> dict:
    """The page's ``lang``, ``dir`` and ``title`` (``Relevé de compte pour Acme · Northbeam``)."""
    title = statement.f.gettext("Statement for %(who)s") % {
        "who": f"{statement.e.client} · {statement.brand.agency}"
    }
    return {"lang": statement.language, "dir": statement.direction, "title": title}
