"""One client proposal: its parameters checked, its figures computed once, its sections rendered.

The template ``notebooks/proposal.ipynb`` calls :func:`build` and shows the sections in order
(:data:`SECTIONS`); ``prepay reports`` renders that template for each prospect. Every number
comes from the core (:class:`Figures`); the sections only word and lay them out, and every text
from the parameters is escaped (a prospect's name reaches headings, sentences and chart titles,
so ``<script>``, ``onerror=`` or ``javascript:`` in a prospects file never reach a report live).
"""

from __future__ import annotations

from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.inputs import defaults
from prepay_modeller.inputs.brand import COLORS, Brand, load_brand
from prepay_modeller.inputs.parameters import (
    BY_NAME,
    PARAMETERS,
    PERFORMANCE_COLUMNS,
    coerce,
    report_settings_problems,
)
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


def parameters(**given) -> dict:
    """The report's parameters: ``given`` over the defaults, each of its declared type; the
    report's own settings (discount rate, Monte Carlo, validity, owner) are checked before any
    rendering, and performance is given for the first quarters without a gap."""
    unknown = sorted(set(given) - set(BY_NAME))
    if unknown:
        raise InputError(
            ", ".join(unknown), "", "one of " + ", ".join(BY_NAME), "is not a parameter"
        )
    problems: list[Problem] = []
    out = {}
    for p in PARAMETERS:
        try:
            out[p.name] = coerce(p.name, given.get(p.name, p.default))
        except (InputError, ValueError, TypeError) as exc:
            found = getattr(exc, "problems", None)
            problems.extend(found or [Problem(p.name, str(given.get(p.name)), p.kind.__name__)])
            out[p.name] = p.default
    gap = _performance_gap(out)
    if gap:
        problems.append(
            Problem(
                gap,
                "(empty)",
                "values for the first quarters, then empty ones",
                "is missing before a later quarter's value",
            )
        )
    problems += report_settings_problems(out)
    if problems:
        raise InputError(problems=problems)
    return out


def _performance_gap(params: dict) -> str | None:
    """The first empty quarter before a quarter whose performance is given (None: no gap)."""
    empty = None
    for name in PERFORMANCE_COLUMNS:
        if params[name] is None:
            empty = empty or name
        elif empty:
            return empty
    return None


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


def build(**given) -> Proposal:
    """The proposal for one prospect from the template's parameters (see :data:`PARAMETERS`)."""
    return Proposal(parameters(**given))


class Proposal:
    """One prospect's proposal: its figures (computed once) and each section as HTML."""

    def __init__(self, params: dict, brand: Brand | None = None):
        self.params = params
        self.figures = Figures(params, brand or load_brand())
        self.plots = Plots(params, self.figures.speech)

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


def warm() -> None:
    """Import and read everything a report needs, so that a pre-started kernel is ready."""
    defaults.catalog(), defaults.okr_template(), load_brand()
    report = build(plotlyjs="none")
    report.cover(), report.payment_schedule()
