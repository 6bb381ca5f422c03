"""One client proposal, rendered: its sections in reading order (:data:`SECTIONS`), its page's
head and stylesheet.

:class:`Proposal` words and lays out figures computed before it (:class:`Figures`, built from
the checked parameters by :mod:`reports.proposal`, which the template ``notebooks/proposal.ipynb``
calls); it computes none. Every text from the parameters is escaped (a prospect's name reaches
headings, sentences and chart titles, so ``<script>``, ``onerror=`` or ``javascript:`` in a
prospects file never reach a report live).
"""

from __future__ import annotations

from prepay_modeller.inputs.brand import COLORS, Brand, load_brand
from prepay_modeller.presentation.html import Html, stylesheet_text
from prepay_modeller.presentation.proposal import sections
from prepay_modeller.presentation.proposal.figures import Figures
from prepay_modeller.presentation.proposal.plots import BODY_FONT, RTL_FONT, Plots

# The sections in reading order (the template shows them one per cell).
SECTIONS = (
    "cover",
    "summary",
    "payment_schedule",
    "invoices",
    "monthly",
    "renewals",
    "options",
    "worth",
    "scope",
    "okr_plan",
    "contract_terms",
    "next_steps",
    "acceptance",
    "appendix",
)


def stylesheet(brand: Brand) -> str:
    """The report's CSS, for screen and print, in the brand's colours (``#rrggbb``, checked) and
    the body's font (the charts use it too)."""
    c = brand.colors
    variables = "; ".join(f"--{key}: {c[key]}" for key in COLORS)
    return (
        f":root {{ {variables}; --font: {BODY_FONT}; }}\n"
        f'[dir="rtl"] {{ --font: {RTL_FONT}; font-family: var(--font); }}\n'
        + stylesheet_text("proposal.css")
    )


def page_head(params: dict) -> dict:
    """The page of a report's parameters: its ``lang`` (``fr``), ``dir`` (``rtl`` for Arabic)
    and ``title`` in the client's language (``Proposition pour Acme · Northbeam``)."""
    from prepay_modeller.presentation.i18n import speech

    s = speech(params.get("language") or "", params.get("currency") or "")
    who = f"{params.get('prospect', '')} · {load_brand().agency}"
    return {
        "lang": s.language,
        "dir": s.direction,
        "title": s.gettext("Proposal for %(who)s") % {"who": who},
    }


class Proposal:
    """One prospect's proposal: each section as HTML, worded from ``figures`` (computed once,
    before: :class:`Figures`)."""

    def __init__(self, figures: Figures):
        self.params = figures.params
        self.figures = figures
        self.plots = Plots(figures.params, figures.speech)

    # The core's objects, for a notebook or a test that looks behind the words.
    @property
    def terms(self):
        return self.figures.terms

    @property
    def quote(self):
        return self.figures.quote

    @property
    def comparison(self):
        return self.figures.comparison

    @property
    def schedule(self):
        return self.figures.quote.schedule

    def cover(self) -> Html:
        return sections.cover(self.figures)

    def summary(self) -> Html:
        return sections.summary(self.figures)

    def payment_schedule(self) -> Html:
        return sections.schedule(self.figures, self.plots)

    def invoices(self) -> Html:
        return sections.invoices(self.figures)

    def monthly(self) -> Html:
        return sections.monthly(self.figures)

    def renewals(self) -> Html:
        return sections.renewals(self.figures)

    def options(self) -> Html:
        return sections.options(self.figures, self.plots)

    def worth(self) -> Html:
        return sections.worth(self.figures)

    def scope(self) -> Html:
        return sections.scope(self.figures)

    def okr_plan(self) -> Html:
        return sections.okr_plan(self.figures)

    def contract_terms(self) -> Html:
        return sections.terms(self.figures)

    def next_steps(self) -> Html:
        return sections.next_steps(self.figures)

    def acceptance(self) -> Html:
        return sections.acceptance(self.figures)

    def appendix(self) -> Html:
        return sections.appendix(self.figures)

    @property
    def language(self) -> str:
        """The page's ``lang`` (``fr``, ``ar``) and, with :attr:`direction`, its ``dir``."""
        return self.figures.speech.language

    @property
    def direction(self) -> str:
        return self.figures.speech.direction

    def section(self, name: str) -> Html:
        """Section ``name`` of :data:`SECTIONS`."""
        return getattr(self, name)()

    def sections(self) -> list[tuple[str, Html]]:
        """Every section in reading order, as ``(name, html)``."""
        return [(name, self.section(name)) for name in SECTIONS]
