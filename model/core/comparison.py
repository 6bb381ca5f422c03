"""Every option side by side on one horizon and one performance path: the :class:`Comparison`.

Options are compared on one horizon (DOMAIN.md rules 5 and 9): the scenario's own, with the
performance of the quarters inside it only. An option whose term does not fit that horizon
(longer than it, or not dividing it) is left out, and :attr:`Comparison.needs` says what it
would need (:class:`LeftOut`). Each option's :class:`Quote` is computed once and kept; the table,
the cumulative cash out, the cost curve and which option is cheapest all come from those quotes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache

import pandas as pd

from prepay_modeller.core.money import dollars, round_cents
from prepay_modeller.core.quote import Quote, quote
from prepay_modeller.core.terms import Catalog, Option, Terms, add_months, build_terms

COMPARE_COLUMNS = [
    "option",
    "label",
    "months",
    "horizon",
    "prepayment",
    "prepaid",
    "variable",
    "total",
    "payg_total",
    "savings_vs_payg",
    "savings_share",
    "break_even_performance",
    "opt_out_cost",
    "chosen",
]


@dataclass(frozen=True)
class LeftOut:
    """An option that does not fit a comparison's horizon, and what it would need."""

    option: Option
    needs: int  # months: the shortest commitment from the horizon up made of its whole terms

    @property
    def longer(self) -> bool:
        """Its term is longer than the horizon (else it does not divide it)."""
        return self.needs == self.option.term_months


def left_out(catalog: Catalog, horizon: int) -> list[LeftOut]:
    """The options whose terms do not fit ``horizon`` months, each with the commitment it needs
    (a 12-month prepay at 6 months needs 12; a 6-month prepay at 9 months needs 12)."""
    return [
        LeftOut(o, -(-horizon // o.term_months) * o.term_months)
        for o in catalog.options
        if horizon % o.term_months
    ]


class Comparison:
    """Every option that fits ``terms``'s horizon, on ``terms``'s performance path.

    ``chosen`` names the option the scenario is about (highlighted); it is ``None`` where that
    option does not fit the horizon (``prepay compare --horizon 6`` with the 12-month prepay
    highlighted by default): the others are still compared.
    """

    def __init__(self, terms: Terms, chosen: str | None = None):
        self.terms = terms
        self.horizon = terms.horizon
        fitting = terms.catalog.fitting(terms.horizon)
        self.quotes: dict[str, Quote] = {
            o.name: quote(terms if o == terms.option else terms.with_option(o)) for o in fitting
        }
        self.chosen_name = chosen if chosen in self.quotes else None
        self.needs: list[LeftOut] = left_out(terms.catalog, terms.horizon)
        self.left_out: list[str] = [x.option.name for x in self.needs]

    @property
    def chosen(self) -> Quote | None:
        """The highlighted option's quote (None where it does not fit)."""
        return self.quotes.get(self.chosen_name) if self.chosen_name else None

    @property
    def payg(self) -> Quote:
        return self.quotes[self.terms.catalog.payg.name]

    @cached_property
    def cheapest(self) -> Quote:
        """The option that costs least on this path (the shorter term on a tie)."""
        return min(self.quotes.values(), key=lambda q: (q.total, q.option.months))

    def cheaper_than(self, name: str) -> tuple[Quote, Decimal] | None:
        """The cheapest option and how much less it costs than ``name``, where one costs less;
        else None."""
        best = self.cheapest
        own = self.quotes[name]
        if best.total < own.total:
            return best, own.total - best.total
        return None

    @cached_property
    def table(self) -> pd.DataFrame:
        """One row per option: ``option, label, months, horizon, prepayment`` (the first
        term's), ``prepaid`` (all terms'), ``variable, total, payg_total, savings_vs_payg,
        savings_share, break_even_performance, opt_out_cost, chosen``."""
        rows = []
        for name, q in self.quotes.items():
            tot = q.totals
            rows.append(
                {
                    "option": name,
                    "label": q.option.label,
                    "months": q.option.months,
                    "horizon": q.terms.horizon,
                    "prepayment": q.prepayment,
                    "prepaid": q.prepaid,
                    "variable": tot["variable"],
                    "total": tot["total"],
                    "payg_total": tot["payg_total"],
                    "savings_vs_payg": tot["savings_vs_payg"],
                    "savings_share": q.savings_share,
                    "break_even_performance": q.break_even_performance,
                    "opt_out_cost": q.opt_out_cost,
                    "chosen": name == self.chosen_name,
                }
            )
        return pd.DataFrame(rows, columns=COMPARE_COLUMNS)

    @cached_property
    def cumulative_cash_out(self) -> pd.DataFrame:
        """Every option's cumulative cash out at the end of each month of the horizon.

        Cash out is positive here (what the client has paid so far, by due date). Columns:
        ``option, month, date, cash_out, label``; month 0 is the start date, month k the day k
        months in. The months run on past the horizon until the last invoice of any option is due.
        """
        start = self.terms.start
        last_due = max(q.last_due for q in self.quotes.values())
        months = self.horizon
        while add_months(start, months) < last_due:
            months += 1
        days = [add_months(start, m) for m in range(months + 1)]
        rows = []
        for name, q in self.quotes.items():
            flows = sorted((r[1], r[6]) for r in q.invoice_rows)
            paid, i = 0, 0
            for month, day in enumerate(days):
                while i < len(flows) and flows[i][0] <= day:
                    paid += flows[i][1]
                    i += 1
                rows.append(
                    {
                        "option": name,
                        "month": month,
                        "date": day,
                        "cash_out": dollars(paid),
                        "label": q.option.display,
                    }
                )
        return pd.DataFrame(rows)

    def cost_curve(self, performances) -> pd.DataFrame:
        """Each option's total cost at uniform performances (the cost-against-performance view).

        Columns: ``option, performance, total, payg_total, label`` (``total`` in Decimal dollars).
        Evaluated with :mod:`core.sweep` (every performance at once, the same cents as
        :attr:`Quote.totals`).
        """
        # The curve depends on neither the option nor the performance path: one key for both,
        # so that moving a performance slider does not recompute it.
        key = self.terms.with_option(self.terms.catalog.payg).with_performance(Decimal(1))
        return _cost_curve(key, tuple(performances))

    @cached_property
    def break_evens(self) -> pd.DataFrame:
        """The options that have a break-even performance: ``option, label,
        break_even_performance, payg_total``."""
        frame = self.table
        return frame[frame["break_even_performance"].notna()][
            ["option", "label", "break_even_performance", "payg_total"]
        ]


@lru_cache(maxsize=64)
def _cost_curve(terms: Terms, performances: tuple) -> pd.DataFrame:
    from prepay_modeller.core import sweep

    perfs = list(performances)
    units, scale = sweep.exact_units(perfs)
    rows = []
    for opt in terms.catalog.fitting(terms.horizon):
        plan = sweep.plan(terms.with_option(opt))
        payg = dollars(plan.payg_total)
        cents = sweep.total_cents(plan, units, scale) if perfs else []
        for p, total in zip(perfs, cents, strict=True):
            rows.append(
                {
                    "option": opt.name,
                    "performance": float(p),
                    "total": dollars(int(total)),
                    "payg_total": payg,
                    "label": opt.display,
                }
            )
    return pd.DataFrame(rows)


@lru_cache(maxsize=128)
def compare(terms: Terms, chosen: str | None = "") -> Comparison:
    """The comparison of every option fitting ``terms``'s horizon, ``terms``'s option chosen
    (pass ``chosen=None`` for none, or another option's name)."""
    return Comparison(terms, terms.option.name if chosen == "" else chosen)


def options_table(catalog: Catalog, rate: Decimal) -> pd.DataFrame:
    """The article's prepay table at a monthly ``rate``, one term of each option on target.

    Columns: ``option, months, discount, on_target_total, variable_part, variable_share,
    prepayment, prepayment_share``. Pay-as-you-go shows one month (no variable part).
    """
    rows = []
    for opt in catalog.options:
        if opt.is_payg:
            month = dollars(round_cents(rate))
            rows.append(
                {
                    "option": opt.name,
                    "months": 1,
                    "discount": float(opt.discount),
                    "on_target_total": month,
                    "variable_part": None,
                    "variable_share": None,
                    "prepayment": month,
                    "prepayment_share": 1.0,
                }
            )
            continue
        t = build_terms(catalog, option=opt, rate=rate, start=dt.date(2000, 1, 1))
        tot = quote(t).totals
        rows.append(
            {
                "option": opt.name,
                "months": opt.months,
                "discount": float(opt.discount),
                "on_target_total": tot["on_target"],
                "variable_part": tot["variable_target"],
                "variable_share": float(tot["variable_target"] / tot["on_target"]),
                "prepayment": tot["fixed"],
                "prepayment_share": float(tot["fixed"] / tot["on_target"]),
            }
        )
    return pd.DataFrame(rows)


def fitting_options(terms: Terms) -> list[Option]:
    """The options whose whole terms fit ``terms``'s horizon."""
    return terms.catalog.fitting(terms.horizon)
