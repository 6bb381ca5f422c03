"""After the signature: an engagement run quarter by quarter (DOMAIN.md, "After the signature").

An :class:`Engagement` holds the terms as signed (never recomputed from changed defaults: the
catalog and the OKR plan travel with it, see :func:`terms_record` and :func:`plan_record`), each
quarter's recorded actuals and the invoices issued so far. From them it gives each quarter's
actual performance (rule 7, scored exactly from the key results by :mod:`core.okr`), its
variable part (rule 3, rounded once), plan beside actual, and the next invoice to issue
(:meth:`Engagement.draft_variable`, :meth:`Engagement.draft_prepayment`): a quarter's variable
invoice, dated the quarter's last day and due after the payment terms; a renewal's prepayment,
dated and due on its term's first day; and, once an invoice is issued, an adjusting invoice (or a
credit note) for the difference a correction makes, dated when it is made, with its reason.

Nothing here reads a clock, a file or a database: the store (:mod:`prepay_modeller.store`)
loads an engagement, asks it, and writes what it answers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

import pandas as pd

from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.core.ledger import (
    KINDS,
    Draft,
    Invoice,
    Ledger,
    performance_from_text,
    performance_text,
)
from prepay_modeller.core.money import to_decimal
from prepay_modeller.core.okr import key_result_score, max_performance, plan_quarter, target_of
from prepay_modeller.core.quote import QuarterLine, Quote, quote, variable_cents
from prepay_modeller.core.terms import (
    MAX_PERFORMANCE,
    PERFORMANCE_ALLOWED,
    Catalog,
    Option,
    Split,
    Terms,
    performance_problems,
    show,
)

PLAN_COLUMNS = [
    "quarter",
    "objective",
    "key_result",
    "weight",
    "kind",
    "direction",
    "target",
    "unit",
    "vs_previous",
]


# --- the signed terms and plan, as plain records (what the store keeps) ------------------------


def _option_record(o: Option) -> dict:
    return {
        "name": o.name,
        "months": o.months,
        "discount": str(o.discount),
        "opt_out_days": o.opt_out_days,
        "label": o.label,
    }


def _split_record(s: Split) -> dict:
    return {"stage": s.stage, "fixed": str(s.fixed), "variable_max": str(s.variable_max)}


def terms_record(terms: Terms) -> dict:
    """``terms`` as plain JSON-able values (decimals as text, exactly), with the catalog they
    were made from: what :func:`terms_of` reads back into the same terms."""
    return {
        "option": terms.option.name,
        "rate": str(terms.rate),
        "horizon": terms.horizon,
        "start": terms.start.isoformat(),
        "payment_terms": terms.payment_terms,
        "performance": [str(p) for p in terms.performance],
        "splits": [_split_record(s) for s in terms.splits],
        "catalog": {
            "options": [_option_record(o) for o in terms.catalog.options],
            "splits": [_split_record(s) for s in terms.catalog.splits],
        },
    }


def terms_of(record: Mapping) -> Terms:
    """The :class:`Terms` a :func:`terms_record` holds (the catalog as signed, not today's)."""

    def split(r: Mapping) -> Split:
        return Split(
            stage=r["stage"], fixed=Decimal(r["fixed"]), variable_max=Decimal(r["variable_max"])
        )

    cat = record["catalog"]
    catalog = Catalog(
        options=tuple(
            Option(
                name=o["name"],
                months=o["months"],
                discount=Decimal(o["discount"]),
                opt_out_days=o["opt_out_days"],
                label=o["label"],
            )
            for o in cat["options"]
        ),
        splits=tuple(split(s) for s in cat["splits"]),
    )
    return Terms(
        catalog=catalog,
        option=catalog.option(record["option"]),
        rate=Decimal(record["rate"]),
        splits=tuple(split(s) for s in record["splits"]),
        performance=tuple(Decimal(p) for p in record["performance"]),
        horizon=int(record["horizon"]),
        start=dt.date.fromisoformat(record["start"]),
        payment_terms=int(record["payment_terms"]),
    )


def _plain(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return str(to_decimal(value)) if isinstance(value, float) else value


def plan_record(template: pd.DataFrame) -> list[dict]:
    """The OKR plan (``data/okr_template.csv``'s rows) as plain records, numbers as exact text."""
    rows = []
    for row in template.to_dict("records"):
        rows.append({c: _plain(row.get(c)) for c in PLAN_COLUMNS})
    return rows


def plan_of(records: Iterable[Mapping]) -> pd.DataFrame:
    """The OKR plan of :func:`plan_record`'s records, as the template frame :mod:`core.okr`
    reads."""
    frame = pd.DataFrame(list(records), columns=PLAN_COLUMNS)
    frame["quarter"] = frame["quarter"].astype(int)
    for column in ("weight", "target", "vs_previous"):
        frame[column] = [float(v) if v is not None else math.nan for v in frame[column]]
    return frame


# --- what is recorded and issued ----------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One key result's actual for a quarter, and its target where one was confirmed (else the
    plan's, or the previous quarter's actual for a key result stated against it). ``row`` is
    where it came from (a CSV's row), for messages."""

    key_result: str
    actual: Decimal
    target: Decimal | None = None
    row: int | None = None


@dataclass(frozen=True)
class Actuals:
    """What was recorded for one quarter: its performance directly, or its key results."""

    quarter: int
    performance: Decimal | None = None
    results: tuple[Result, ...] = ()

    @property
    def by_results(self) -> bool:
        return self.performance is None


def _key(text: str) -> str:
    """A key result's name as matched: case and runs of spaces do not matter."""
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def _fraction(value) -> Fraction:
    return Fraction(to_decimal(value))


# --- the engagement -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Engagement(Ledger):
    """One signed engagement, its recorded actuals and its issued invoices."""

    terms: Terms
    plan: pd.DataFrame = field(repr=False)
    actuals: Mapping[int, Actuals] = field(default_factory=dict)
    invoices: tuple[Invoice, ...] = ()
    id: int | None = None
    client: str = ""
    agency: str = ""
    reference: str = ""
    language: str = ""
    currency: str = ""

    @cached_property
    def quote(self) -> Quote:
        """The signed scenario: the plan (the proposal's expected performance)."""
        return quote(self.terms)

    @property
    def quarters(self) -> int:
        return self.terms.quarters

    def line(self, quarter: int) -> QuarterLine:
        return self.quote.lines[quarter - 1]

    # --- checks ------------------------------------------------------------------------------

    def check_quarter(self, quarter: object, field_name: str = "quarter") -> int:
        """``quarter`` as a quarter of the engagement (1 to the last), or an InputError."""
        allowed = f"1 to {self.quarters} (the engagement's quarters)"
        if isinstance(quarter, bool) or not isinstance(quarter, int):
            raise InputError(field_name, show(quarter), allowed, "is not a whole number")
        if not 1 <= quarter <= self.quarters:
            raise InputError(field_name, str(quarter), allowed, "is outside the engagement's term")
        return quarter

    def check_term(self, term: object) -> int:
        count = self.terms.terms_count
        allowed = f"1 to {count} (1 the first term, then each renewal)"
        if isinstance(term, bool) or not isinstance(term, int):
            raise InputError("prepayment", show(term), allowed, "is not a whole number")
        if not 1 <= term <= count:
            raise InputError("prepayment", str(term), allowed, "is not a term of the engagement")
        return term

    def key_results(self, quarter: int) -> pd.DataFrame:
        """The plan's key results for engagement quarter ``quarter`` (the template's quarter, or
        its last for quarters past it), numbered ``kr`` from 1."""
        template_q = plan_quarter(self.plan, quarter)
        rows = self.plan[self.plan["quarter"] == template_q].copy()
        rows["quarter"] = quarter
        rows["kr"] = range(1, len(rows) + 1)
        return rows.reset_index(drop=True)

    def most_performance(self, quarter: int) -> Fraction | None:
        """The highest performance the quarter's key results can score (None: no bound)."""
        top = max_performance(self.plan)[plan_quarter(self.plan, quarter)]
        return None if top is None else Fraction(top)

    def check_actuals(
        self,
        quarter: object,
        performance: Decimal | None = None,
        results: Iterable[Result] | None = None,
    ) -> Actuals:
        """What was recorded for ``quarter``, checked: its performance (0 or more, at most what
        its key results can score: 100 % for the article's Q1 milestones), or every one of its
        key results exactly once with an actual each can score. Every problem at once."""
        q = self.check_quarter(quarter)
        if (performance is None) == (results is None):
            raise InputError(
                "performance",
                "(both)" if performance is not None else "(missing)",
                "either a performance or the quarter's key results",
                "is not one of the two",
            )
        if performance is not None:
            found = performance_problems("performance", performance)
            top = self.most_performance(q)
            if not found and top is not None and Fraction(performance) > top:
                found = [
                    Problem(
                        "performance",
                        show(performance),
                        f"0 to {performance_text(top)} ({float(top):.0%}): Q{q}'s key results "
                        "are milestones, each at most done",
                        f"is more than Q{q}'s key results can score",
                    )
                ]
            if found:
                raise InputError(problems=found)
            return Actuals(q, performance=performance)
        results = tuple(results)
        problems = self._result_problems(q, results)
        if problems:
            raise InputError(problems=problems)
        return Actuals(q, results=results)

    def _result_problems(self, q: int, results: tuple[Result, ...]) -> list[Problem]:
        krs = self.key_results(q)
        names = {_key(n): n for n in krs["key_result"]}
        kinds = {_key(r.key_result): r for r in krs.itertuples(index=False)}
        problems: list[Problem] = []
        seen: set[str] = set()
        for r in results:
            key = _key(r.key_result)
            if key not in names:
                problems.append(
                    Problem(
                        "key_result",
                        show(r.key_result),
                        f"one of Q{q}'s key results: " + "; ".join(krs["key_result"]),
                        f"is not a key result of Q{q}",
                        row=r.row,
                    )
                )
                continue
            if key in seen:
                problems.append(
                    Problem(
                        "key_result", show(r.key_result), "each key result once", "is given twice",
                        row=r.row,
                    )
                )  # fmt: skip
                continue
            seen.add(key)
            problems += _actual_problems(kinds[key], r)
        for key, name in names.items():
            if key not in seen:
                problems.append(
                    Problem(
                        "key_result",
                        name,
                        f"every key result of Q{q} ({len(names)}), each once",
                        "is missing",
                    )
                )
        return problems

    # --- actual performance and variable parts ---------------------------------------------

    def default_targets(self, quarter: int) -> dict[str, Fraction]:
        """Each key result's target where none is confirmed: 1 for a milestone; for one stated
        against the previous quarter, its factor times that quarter's recorded actual (rule 7);
        else the plan's."""
        before = self.actuals.get(quarter - 1)
        previous = (
            {_key(r.key_result): _fraction(r.actual) for r in before.results}
            if before is not None
            else {}
        )
        out = {}
        for row in self.key_results(quarter).itertuples(index=False):
            if row.kind == "milestone":
                out[row.key_result] = Fraction(1)
                continue
            factor = None if math.isnan(row.vs_previous) else _fraction(row.vs_previous)
            out[row.key_result] = target_of(
                factor, previous.get(_key(row.key_result)), _fraction(row.target)
            )
        return out

    def scores(self, quarter: int) -> pd.DataFrame | None:
        """The quarter's key results with their ``actual``, ``target_used`` and ``score``
        (exact fractions), or None where the quarter was not recorded by key results."""
        recorded = self.actuals.get(quarter)
        if recorded is None or not recorded.by_results:
            return None
        given = {_key(r.key_result): r for r in recorded.results}
        defaults = self.default_targets(quarter)
        rows = self.key_results(quarter)
        actuals, targets, scores = [], [], []
        for row in rows.itertuples(index=False):
            r = given[_key(row.key_result)]
            actual = _fraction(r.actual)
            target = defaults[row.key_result] if r.target is None else _fraction(r.target)
            actuals.append(actual)
            targets.append(target)
            scores.append(key_result_score(row.kind, row.direction, actual, target))
        rows["actual"], rows["target_used"], rows["score"] = actuals, targets, scores
        return rows

    def actual_performance(self, quarter: int) -> Fraction | None:
        """The quarter's performance from what was recorded (rule 7: the weighted sum of its key
        results' scores, exactly), or None where nothing is recorded."""
        recorded = self.actuals.get(quarter)
        if recorded is None:
            return None
        if not recorded.by_results:
            return Fraction(recorded.performance)
        rows = self.scores(quarter)
        return sum(
            (_fraction(w) * s for w, s in zip(rows["weight"], rows["score"], strict=True)),
            Fraction(0),
        )

    def variable_cents(self, quarter: int) -> int | None:
        """The quarter's variable part at its actual performance (rule 3), or None."""
        p = self.actual_performance(quarter)
        if p is None:
            return None
        line = self.line(quarter)
        return variable_cents(line.variable_target, line.variable_cap, p)


def _actual_problems(kr, r: Result) -> list[Problem]:
    """What is wrong with one key result's recorded actual and target."""
    out = []
    if kr.kind == "milestone":
        if not 0 <= r.actual <= 1:
            out.append(
                Problem("actual", show(r.actual), "a fraction done from 0 to 1", "is outside 0–1",
                        row=r.row)
            )  # fmt: skip
        if r.target is not None and r.target != 1:
            out.append(
                Problem("target", show(r.target), "1 (done), or empty", "is not a milestone's",
                        row=r.row)
            )  # fmt: skip
        return out
    if r.actual < 0:
        out.append(Problem("actual", show(r.actual), "0 or more", "is below 0", row=r.row))
    elif kr.direction == "lower" and r.actual == 0:
        out.append(
            Problem("actual", show(r.actual), "more than 0 where lower is better",
                    "cannot be scored", row=r.row)
        )  # fmt: skip
    if r.target is not None and r.target <= 0:
        out.append(Problem("target", show(r.target), "more than 0", "is not above 0", row=r.row))
    return out


__all__ = [
    "KINDS",
    "MAX_PERFORMANCE",
    "PERFORMANCE_ALLOWED",
    "Actuals",
    "Draft",
    "Engagement",
    "Invoice",
    "Result",
    "performance_from_text",
    "performance_text",
    "plan_of",
    "plan_record",
    "terms_of",
    "terms_record",
]
