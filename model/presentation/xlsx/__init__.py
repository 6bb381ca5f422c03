"""The auditable workbook: a scenario as live formulas over an Inputs sheet.

Sheets, in the order a person reads them: Inputs, Schedule (the chosen option's quarters),
Monthly, Invoices, Options (every option compared on the scenario's horizon), Present values
(XNPV, and XIRR where rule 11 allows) and Working (every option's quarters in whole cents, each
rounding step in its own column). Every figure is a formula over the Inputs, written with the
value the model gives it (cached, :mod:`.book`), so that the workbook shows the proposal's
figures before any recalculation and the same figures, to the cent, after one; a person who
changes an input sees every figure follow, rounded as the model rounds (:mod:`.rounding`).

Workbook-level names: ``rate``, ``start``, ``payment_terms``, ``discount_rate``, ``horizon``,
``months``, ``discount``, ``performance_qN``, ``fixed_share_qN`` and ``variable_max_qN`` (the
inputs), ``fixed_qN`` and ``variable_qN`` (the chosen option's fixed and variable parts of
quarter N), ``total``, ``payg_total``, ``savings_vs_payg``, ``break_even``, and ``scale`` and
``rate_cents`` (the working's).
"""

from __future__ import annotations

from dataclasses import dataclass

from prepay_modeller.core.comparison import compare
from prepay_modeller.core.terms import Terms
from prepay_modeller.core.timevalue import DEFAULT_DISCOUNT_RATE
from prepay_modeller.presentation.i18n import ENGLISH, N_, Speech
from prepay_modeller.presentation.xlsx.book import Book, Sheet
from prepay_modeller.presentation.xlsx.inputs import write_inputs
from prepay_modeller.presentation.xlsx.options import write_options, write_present_values
from prepay_modeller.presentation.xlsx.quarters import (
    write_invoices,
    write_monthly,
    write_schedule,
)
from prepay_modeller.presentation.xlsx.working import Block, write_working

SHEETS = [
    N_("Inputs"),
    N_("Schedule"),
    N_("Monthly"),
    N_("Invoices"),
    N_("Options"),
    N_("Present values"),
    N_("Working"),
]


@dataclass
class Context:
    """What every sheet needs: the scenario, the client's words and money, the working."""

    terms: Terms
    speech: Speech
    discount_rate: float
    discount_rate_given: bool
    title: str
    description: str
    title_label: str = N_("Scenario")
    working: Sheet | None = None

    @property
    def gettext(self):
        return self.speech.gettext

    @property
    def money(self) -> str:
        return money_format(self.speech)


def money_format(speech: Speech) -> str:
    """A number format showing amounts in ``speech``'s currency where its locale puts the
    symbol (``"$"#,##0.00``, ``#,##0.00" €"``), negatives with the one minus sign (U+2212)."""
    prefix, suffix = speech.currency_affixes()
    before = f'"{prefix}"' if prefix else ""
    after = f'"{suffix}"' if suffix else ""
    negative = f'"\u2212{prefix}"' if prefix else '"\u2212"'
    return f"{before}#,##0.00{after};{negative}#,##0.00{after}"


def sheet_title(text: str) -> str:
    """A sheet's name as Excel allows it: at most 31 characters, none of ``[]:*?/\\``."""
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text.strip("'")[:31] or "Sheet"


def build(
    terms: Terms,
    speech: Speech = ENGLISH,
    discount_rate: float | None = None,
    title: str = "",
    description: str = "",
    cache: bool = True,
    title_label: str = N_("Scenario"),
) -> bytes:
    """The workbook of ``terms`` as .xlsx bytes: ``title`` (a prospect's or a scenario's name,
    as ``title_label`` says) and ``description`` shown as text on its Inputs sheet; every
    formula's value cached unless ``cache`` is False (a test's LibreOffice then has to compute
    them all)."""
    ctx = Context(
        terms,
        speech,
        DEFAULT_DISCOUNT_RATE if discount_rate is None else discount_rate,
        discount_rate is not None,
        title,
        description,
        title_label,
    )
    comparison = compare(terms)
    blocks = [Block(q, "", "") for q in comparison.quotes.values()]
    left_out = [o for o in terms.catalog.options if o.name in comparison.left_out]
    book = Book(rtl=speech.rtl)
    sheets = {name: book.sheet(sheet_title(speech.gettext(name))) for name in SHEETS}
    write_inputs(sheets["Inputs"], ctx, blocks)
    ctx.working = sheets["Working"]
    write_working(ctx.working, blocks, ctx.gettext)
    chosen = next(b for b in blocks if b.quote.option == terms.option)
    write_schedule(sheets["Schedule"], ctx, chosen, ctx.working)
    write_monthly(sheets["Monthly"], ctx, chosen, ctx.working)
    write_invoices(sheets["Invoices"], ctx, chosen, ctx.working)
    write_options(sheets["Options"], ctx, blocks, left_out)
    write_present_values(sheets["Present values"], ctx, blocks)
    return book.data(cache=cache)
