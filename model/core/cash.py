"""The founder's cash: what each option does to the company's bank balance, month by month
(DOMAIN.md, "The founder's cash").

Inputs are the cash in the bank on the start date, the monthly net burn *without* the agency
(positive when cash goes out; optionally growing by a monthly rate) and the engagement's
:class:`Quote`, whose dated payments are used as they are (never re-derived here).

Month m runs from the start date plus m − 1 months to the day before the start plus m months.
Cash at the end of month m is the opening cash, less the burns of months 1..m (month k burns
``burn × (1 + growth)^(k − 1)``, rounded half-to-even to the cent once), less every agency
payment *due* in months 1..m (prepayments, pay-as-you-go months, variable invoices). Amounts are
integer cents inside and ``Decimal`` dollars outside, exact to the cent.

**Lowest cash** is the smallest month-end cash (its month: the first month-end it is reached);
**runway** is the number of whole months before the first month-end below zero (``None``:
never below zero over the months modelled). One option alone runs up to the month its last
payment falls due; options compared (:func:`cash_comparison`) all run over the same months, up
to the month in which the last payment of any of them falls due, so that each month-end of one
option carries exactly the burns of the same month-end of another and the low points compare like
with like.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property, lru_cache

import pandas as pd

from prepay_modeller.core import fields
from prepay_modeller.core.comparison import Comparison
from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.core.money import dollars, round_cents, to_decimal
from prepay_modeller.core.quote import Quote
from prepay_modeller.core.terms import add_months, show
from prepay_modeller.core.values import number

MAX_CASH, MAX_BURN, MAX_GROWTH = fields.MAX_CASH, fields.MAX_BURN, fields.MAX_GROWTH
CASH_ALLOWED = fields.CASH.allowed
BURN_ALLOWED = fields.BURN.allowed
GROWTH_ALLOWED = fields.BURN_GROWTH.allowed
GROWTH_DECIMALS = 8
MONTH_COLUMNS = ["month", "start", "end", "burn", "paid_to_agency", "cash"]
TABLE_COLUMNS = [
    "option",
    "label",
    "total",
    "savings_vs_payg",
    "lowest_cash",
    "lowest_cash_month",
    "lowest_month",
    "runway_months",
    "end_cash",
    "chosen",
]


@dataclass(frozen=True)
class Founder:
    """The company's side of the question: ``cash`` in the bank on the start date, its monthly
    net ``burn`` without the agency (dollars; positive is cash out) and the burn's monthly
    ``burn_growth`` (a fraction: 0.02 is 2 % a month). Build it with :func:`founder`."""

    cash: Decimal
    burn: Decimal
    burn_growth: Decimal = Decimal(0)


def _checked(problems, field: fields.Field, value: object) -> Decimal | None:
    """``value`` (a number) as ``field``'s, within its bounds; else its problem is added."""
    try:  # numeric text as Python writes it ("100.5") is taken, as it always was here
        amount = number(field.name, to_decimal(value) if isinstance(value, str) else value, field)
    except ArithmeticError:
        problems.append(field.problem(field.name, show(value), fields.NOT_A_NUMBER))
        return None
    except InputError as exc:
        problems.extend(exc.problems)
        return None
    found = field.range_problems(amount, typed=show(value))
    problems.extend(found)
    return None if found else amount


def founder(cash: object, burn: object, burn_growth: object = 0) -> Founder:
    """The validated :class:`Founder` (numbers: reading text is the input layer's); every bad
    value is named at once in an :class:`InputError`."""
    problems: list[Problem] = []
    c = _checked(problems, fields.CASH, cash)
    b = _checked(problems, fields.BURN, burn)
    g = _checked(problems, fields.BURN_GROWTH, burn_growth)
    if g and g.normalize().as_tuple().exponent < -GROWTH_DECIMALS:
        problems.append(fields.BURN_GROWTH.problem("burn_growth", show(burn_growth),
                                                   fields.N_("has too many decimals")))  # fmt: skip
    if problems:
        raise InputError(problems=problems)
    return Founder(c, b, g)


@lru_cache(maxsize=256)
def burns(burn: Decimal, growth: Decimal, months: int) -> tuple[int, ...]:
    """Each month's burn in cents: ``burn × (1 + growth)^(k − 1)`` for month k, computed exactly
    and rounded half-to-even to the cent once."""
    amount, factor = Fraction(burn) * 100, 1 + Fraction(growth)
    out = []
    for _ in range(months):
        out.append(round(amount))  # Fraction rounds half to even
        amount *= factor
    return tuple(out)


def month_span(q: Quote) -> int:
    """How many months ``q``'s cash view runs: up to the month its last payment falls due."""
    start, last = q.terms.start, q.last_due
    months = 1
    while add_months(start, months) <= last:
        months += 1
    return months


@dataclass(frozen=True)
class CashMonth:
    """One month of the bank balance, in cents: ``burn``, ``paid`` to the agency (payments due
    in the month) and ``cash`` at its end."""

    month: int
    start: dt.date
    end: dt.date
    burn: int
    paid: int
    cash: int


class CashPath:
    """One option's month-end cash. Build it with :func:`cash_path`."""

    def __init__(self, q: Quote, who: Founder, months: int | None = None):
        self.quote, self.founder = q, who
        span = month_span(q) if months is None else months
        if span < month_span(q):
            raise ValueError(f"{span} months end before {q.option.name}'s last payment")
        start = q.terms.start
        bounds = [add_months(start, m) for m in range(span + 1)]
        # The quote's own dated payments (rule 4), by the month their due date falls in.
        due = sorted((row[1], row[6]) for row in q.invoice_rows)
        burned = burns(who.burn, who.burn_growth, span)
        cash, i, rows = round_cents(who.cash), 0, []
        for m in range(span):
            paid = 0
            while i < len(due) and due[i][0] < bounds[m + 1]:
                paid += due[i][1]
                i += 1
            cash -= burned[m] + paid
            end = bounds[m + 1] - dt.timedelta(days=1)
            rows.append(CashMonth(m + 1, bounds[m], end, burned[m], paid, cash))
        self.months: tuple[CashMonth, ...] = tuple(rows)

    def __repr__(self) -> str:
        return (
            f"<CashPath {self.quote.option.name} lowest {self.lowest_cash} on "
            f"{self.lowest_cash_month} runway {self.runway_months}>"
        )

    @cached_property
    def lowest(self) -> CashMonth:
        """The month whose end holds the least cash (the first, on a tie)."""
        return min(self.months, key=lambda m: (m.cash, m.month))

    @property
    def lowest_cash(self) -> Decimal:
        return dollars(self.lowest.cash)

    @property
    def lowest_cash_month(self) -> dt.date:
        """The last day of the month of the lowest cash."""
        return self.lowest.end

    @property
    def end_cash(self) -> Decimal:
        return dollars(self.months[-1].cash)

    @cached_property
    def runway_months(self) -> int | None:
        """Whole months before the first month-end below zero; ``None`` where the cash never
        goes below zero over the months modelled."""
        for m in self.months:
            if m.cash < 0:
                return m.month - 1
        return None

    @property
    def runs_out(self) -> dt.date | None:
        """The last day of the first month that ends below zero (None: never)."""
        runway = self.runway_months
        return None if runway is None else self.months[runway].end

    @cached_property
    def frame(self) -> pd.DataFrame:
        """One row per month: ``month, start, end, burn, paid_to_agency, cash`` (Decimal
        dollars; ``cash`` is the month-end balance)."""
        return pd.DataFrame(
            [
                (m.month, m.start, m.end, dollars(m.burn), dollars(m.paid), dollars(m.cash))
                for m in self.months
            ],
            columns=MONTH_COLUMNS,
        )


def cash_path(q: Quote, who: Founder, months: int | None = None) -> CashPath:
    """``q``'s month-end cash for ``who``, up to the month of its last payment (or over
    ``months``, which must reach it)."""
    return CashPath(q, who, months)


class CashComparison:
    """Every option of a :class:`Comparison` on the founder's cash, over the same months and the
    same performance path. Build it with :func:`cash_comparison`."""

    def __init__(self, comparison: Comparison, who: Founder):
        self.comparison, self.founder = comparison, who
        self.months = max(month_span(q) for q in comparison.quotes.values())
        self.paths: dict[str, CashPath] = {
            name: CashPath(q, who, self.months) for name, q in comparison.quotes.items()
        }

    @property
    def terms(self):
        return self.comparison.terms

    @cached_property
    def keeps_most_cash(self) -> CashPath:
        """The option whose lowest cash is highest (the cheaper on a tie, then the shorter
        term)."""
        return min(
            self.paths.values(),
            key=lambda p: (-p.lowest.cash, p.quote.total, p.quote.option.months),
        )

    @property
    def cheapest(self) -> CashPath:
        return self.paths[self.comparison.cheapest.option.name]

    @property
    def cheapest_keeps_most_cash(self) -> bool:
        """Whether the cheapest option is also the one that keeps the most cash at its lowest
        point (the notebook says so when they differ)."""
        return self.keeps_most_cash is self.cheapest

    @cached_property
    def table(self) -> pd.DataFrame:
        """One row per option: ``option, label, total, savings_vs_payg, lowest_cash,
        lowest_cash_month`` (the month's last day), ``lowest_month`` (its number),
        ``runway_months`` (None: never below zero), ``end_cash, chosen``."""
        rows = []
        chosen = self.comparison.chosen_name
        for name, path in self.paths.items():
            q = path.quote
            rows.append(
                {
                    "option": name,
                    "label": q.option.label,
                    "total": q.total,
                    "savings_vs_payg": q.totals["savings_vs_payg"],
                    "lowest_cash": path.lowest_cash,
                    "lowest_cash_month": path.lowest_cash_month,
                    "lowest_month": path.lowest.month,
                    "runway_months": path.runway_months,
                    "end_cash": path.end_cash,
                    "chosen": name == chosen,
                }
            )
        frame = pd.DataFrame(rows, columns=TABLE_COLUMNS)
        # Whole months or None, never a float: pandas would make [4, None] into [4.0, NaN].
        frame["runway_months"] = pd.Series([r["runway_months"] for r in rows], dtype=object)
        return frame

    @cached_property
    def monthly(self) -> pd.DataFrame:
        """Every option's months in long form: ``option, label`` and :data:`MONTH_COLUMNS`."""
        parts = [
            path.frame.assign(option=name, label=path.quote.option.label)
            for name, path in self.paths.items()
        ]
        frame = pd.concat(parts, ignore_index=True)
        return frame[["option", "label", *MONTH_COLUMNS]]


def cash_comparison(comparison: Comparison, who: Founder) -> CashComparison:
    """Every option of ``comparison`` on ``who``'s cash, over the same months."""
    return CashComparison(comparison, who)
