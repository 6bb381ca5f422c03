"""One client proposal from the template's parameters: the parameters checked
(:func:`parameters`), the figures computed once (:class:`Figures`), the sections worded by
:class:`presentation.proposal.Proposal` (:func:`build`).

The template ``notebooks/proposal.ipynb`` calls :func:`build` with its parameters and shows the
sections in order (:data:`SECTIONS`); ``prepay reports`` and the app render that template for
each prospect, and ``prepay verify`` builds the same sections again to read a PDF against them.

:class:`Figures` gathers the core's objects for one prospect (the terms, the :class:`Quote` of
the option the row names over the row's horizon, the :class:`Comparison` of every option over
that same horizon (DOMAIN.md rule 9: one horizon per document), time value, uncertainty, the OKR
plan and what it lets each quarter earn, the offer's dates and the agency contact).
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

import pandas as pd

from prepay_modeller.core import offer, okr, timevalue, uncertainty
from prepay_modeller.core.comparison import Comparison, compare
from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.core.quote import Quote, effective_monthly_price, quote
from prepay_modeller.core.terms import Terms
from prepay_modeller.inputs import defaults
from prepay_modeller.inputs.brand import Brand, Contact, load_brand
from prepay_modeller.inputs.parameters import (
    BY_NAME,
    PARAMETER_NAMES,
    PARAMETERS,
    PERFORMANCE_COLUMNS,
    coerce,
    report_settings_problems,
    terms_arguments,
)
from prepay_modeller.inputs.terms import prospect_terms
from prepay_modeller.presentation.i18n import Speech, speech
from prepay_modeller.presentation.proposal import SECTIONS, Proposal, page_head, stylesheet
from prepay_modeller.presentation.proposal.words import Words

__all__ = [
    "PARAMETERS",
    "PARAMETER_NAMES",
    "SECTIONS",
    "Brand",
    "Figures",
    "Proposal",
    "build",
    "load_brand",
    "page_head",
    "parameters",
    "stylesheet",
    "warm",
]


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


def build(**given) -> Proposal:
    """The proposal for one prospect from the template's parameters (see :data:`PARAMETERS`)."""
    return Proposal(Figures(parameters(**given), load_brand()))


def warm() -> None:
    """Import and read everything a report needs, so that a pre-started kernel is ready."""
    defaults.catalog(), defaults.okr_template(), load_brand()
    report = build(plotlyjs="none")
    report.cover(), report.payment_schedule()


class Figures:
    """One prospect's figures, from the report's parameters (checked) and the brand."""

    def __init__(self, params: dict, brand: Brand):
        self.params = params
        self.brand = brand
        self.terms: Terms = prospect_terms(**terms_arguments(params))
        self.quote: Quote = quote(self.terms)
        # Every verdict is on the prospect's own horizon, with the performance of its quarters
        # only (rule 9); options whose terms do not fit it are named with what they need.
        self.comparison: Comparison = compare(self.terms)
        self.speech: Speech = speech(params.get("language", ""), params.get("currency", ""))
        self.words = Words(self.speech)

    @property
    def option(self):
        return self.terms.option

    @cached_property
    def cheaper(self) -> tuple[Quote, object] | None:
        """The option that costs less than the proposed one at the expected performance, over the
        prospect's horizon, and by how much; None where none does or the row asks for no
        recommendation."""
        if not self.params["recommend"]:
            return None
        return self.comparison.cheaper_than(self.option.name)

    # --- the offer -----------------------------------------------------------------------------

    @cached_property
    def issued(self) -> dt.date:
        text = self.params["report_date"]
        return dt.date.fromisoformat(text) if text else dt.date.today()

    @cached_property
    def valid_until(self) -> dt.date:
        return offer.valid_until(self.issued, self.params["valid_days"])

    @cached_property
    def reference(self) -> str:
        """The proposal's short reference (``PP-7K3F-Q2XM``), derived from its scenario."""
        from prepay_modeller.presentation.proposal_record import reference_of

        return reference_of(self.params, self.terms)

    @cached_property
    def client_qr(self) -> str:
        """The client link's QR code (inline SVG), or empty where there is no link."""
        from prepay_modeller.presentation.proposal_record import qr_svg

        link = self.params.get("client_link") or ""
        return qr_svg(link) if link else ""

    @property
    def client_link_host(self) -> str:
        from prepay_modeller.presentation.proposal_record import link_host

        return link_host(self.params.get("client_link") or "")

    @cached_property
    def contact(self) -> Contact:
        return self.brand.contact(self.params["owner"])

    # --- time value and uncertainty, over the prospect's horizon ------------------------------

    @cached_property
    def npv(self) -> pd.DataFrame:
        return timevalue.npv_table(self.terms, self.params["discount_rate"])

    @cached_property
    def montecarlo(self) -> pd.DataFrame:
        """Each option's cost over seeded simulated engagements around the expected path."""
        low, likely, high = uncertainty.ranges_from_spread(
            self.terms.performance, self.params["uncertainty_spread"]
        )
        result = uncertainty.montecarlo(
            self.terms,
            low,
            likely,
            high,
            draws=self.params["uncertainty_draws"],
            seed=self.params["uncertainty_seed"],
            discount_rate=self.params["discount_rate"],
        )
        return uncertainty.summary(result)

    # --- the OKR plan ----------------------------------------------------------------------------

    @cached_property
    def okr_template(self) -> pd.DataFrame:
        return defaults.okr_template()

    @cached_property
    def reachable(self) -> pd.DataFrame:
        """Per quarter of the row's horizon, the most it can cost under the OKR plan."""
        return okr.reachable(self.quote, self.okr_template)

    @cached_property
    def exposure(self) -> okr.Exposure:
        """The most it can cost, by the contract and under the OKR plan (rule 10)."""
        return okr.exposure(self.quote, self.okr_template)

    @cached_property
    def beyond_plan(self) -> list[dict]:
        """The quarters whose expected performance is above what their key results can score
        (the article's Q1 at more than 100 %): the verdicts at that performance say so."""
        reach = self.reachable
        return reach[reach["expected_above"]].to_dict("records")

    # --- the offer's length and what follows it -----------------------------------------------

    @cached_property
    def renewal(self) -> offer.Renewal:
        return offer.renewal(self.terms)

    @cached_property
    def left_out(self) -> list[dict]:
        """The options not compared on the prospect's horizon, with the commitment each needs
        and its effective monthly price (a price, not a verdict on another horizon)."""
        return [
            {
                "option": x.option,
                "needs": x.needs,
                "longer": x.longer,
                "monthly_price": effective_monthly_price(x.option, self.terms.rate),
            }
            for x in self.comparison.needs
        ]

    # --- what the figures were computed from ------------------------------------------------------

    def quarters_used(self) -> list[dict]:
        """Per quarter of the prospect's horizon: the split and the expected performance the
        model used, whether the row gave the performance (else the quarter repeats the last
        value given) and whether it gave the split."""
        used = self.terms
        given = [self.params.get(f"performance_q{q}") is not None for q in range(1, 5)]
        last_given = max(q for q in range(1, 5) if given[q - 1]) if any(given) else 1
        out = []
        for i, (split, perf) in enumerate(zip(used.splits, used.performance, strict=True)):
            q = i + 1
            out.append(
                {
                    "quarter": q,
                    "stage": split.stage,
                    "fixed": float(split.fixed),
                    "variable_max": float(split.variable_max),
                    "performance": float(perf),
                    "given": q <= 4 and given[q - 1],
                    "repeats": None if q <= 4 and given[q - 1] else last_given,
                    "split_given": self._split_given(q),
                }
            )
        return out

    def unused_quarters(self) -> list[int]:
        """The quarters past the prospect's horizon for which the row gave a performance or a
        split: used nowhere (rule 9), and the appendix says so."""
        names = ("performance", "fixed", "variable_max")
        return [
            q
            for q in range(self.terms.quarters + 1, 5)
            if any(self.params.get(f"{name}_q{q}") is not None for name in names)
        ]

    def _split_given(self, q: int) -> bool:
        return q <= 4 and any(
            self.params.get(f"{name}_q{q}") is not None for name in ("fixed", "variable_max")
        )
