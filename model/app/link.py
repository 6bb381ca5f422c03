"""The scenario on screen as a link, and back.

The query parameters are a documented contract, like the command's JSON (parameters are added,
never renamed): ``option, rate, performance, horizon, start, payment_terms, fixed,
variable_max, discount_rate, prospect``, ``scenario=NAME`` (a saved scenario; the other
parameters given override its values, as flags override ``--scenario`` on the command line),
and ``language`` (``fr``, ``ar_SA``) and ``currency`` (``EUR``) of the client (added).
Values are written as on the command line (``rate=40000`` or ``40k``, ``performance=0.7,1,1,1``
or ``70%25``, fractions where bare) and read by the same code (:func:`inputs.terms.make_terms`,
:mod:`inputs.numbers`), so a link means what the same flags mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from prepay_modeller.core.errors import InputError, PrepayError, Problem
from prepay_modeller.core.terms import Terms, show
from prepay_modeller.core.timevalue import DEFAULT_DISCOUNT_RATE
from prepay_modeller.inputs import links, numbers, scenarios
from prepay_modeller.inputs.locales import (
    DEFAULT_CURRENCY,
    DEFAULT_LANGUAGE,
    REGIONS,
    read_currency,
    read_language,
)
from prepay_modeller.inputs.parameters import BY_NAME
from prepay_modeller.inputs.terms import TERM_INPUTS, make_terms

PARAMETERS = (
    *TERM_INPUTS,
    "discount_rate",
    "prospect",
    "scenario",
    "language",
    "currency",
    "contact",
)
TERMS_PARAMETERS = TERM_INPUTS
PROSPECT_MAX = BY_NAME["prospect"].max_length or 1000


@dataclass(frozen=True)
class Setting:
    """Everything the screen shows that a link, a saved scenario or a proposal carries."""

    terms: Terms
    discount_rate: float = DEFAULT_DISCOUNT_RATE
    prospect: str = ""
    contact: str = ""
    language: str = REGIONS[DEFAULT_LANGUAGE]  # a locale (inputs.locales.read_language)
    currency: str = DEFAULT_CURRENCY


def query_of(setting: Setting) -> str:
    """The link's query string for ``setting`` (splits only where they differ from the
    article's, payment terms and discount rate only where not the default)."""
    return links.query_text(pairs_of(setting, contact=False))


def pairs_of(setting: Setting, contact: bool = True) -> list[tuple[str, str]]:
    """``setting`` as the contract's parameters (a client link carries the contact too)."""
    s = setting
    return links.scenario_pairs(
        s.terms, s.prospect, s.contact if contact else "", s.language, s.currency,
        s.discount_rate,
    )  # fmt: skip


def given(query: str) -> dict[str, str]:
    """The contract's parameters in ``query`` (the last value of each); others are ignored
    (a page's address may carry its own, such as Voilà's ``voila-template``)."""
    values = parse_qs(query, keep_blank_values=True)
    return {k: v[-1] for k, v in values.items() if k in PARAMETERS}


def saved_scenario(name: str) -> scenarios.Scenario:
    """A saved scenario by name: the store's, else the scenarios folder's (a link names no
    path)."""
    try:
        name = scenarios.check_name(name)
    except InputError as exc:
        raise InputError("scenario", show(name), exc.problems[0].allowed) from None
    return scenarios.saved(name)


def read_prospect(text: object) -> str:
    value = " ".join(str(text).split())
    if len(value) > PROSPECT_MAX:
        raise InputError(
            "prospect", show(value[:20] + "…"), f"at most {PROSPECT_MAX} characters", "is too long"
        )
    return value


def setting_of(fields: dict[str, object], base: Setting | None = None) -> Setting:
    """A :class:`Setting` from a link's (or a saved scenario's) fields; every bad value is
    named at once (:class:`InputError`)."""
    problems: list[Problem] = []
    discount = base.discount_rate if base else DEFAULT_DISCOUNT_RATE
    prospect = base.prospect if base else ""
    if fields.get("discount_rate") not in (None, ""):
        discount = numbers.collect(problems, numbers.discount_rate, fields["discount_rate"])
    if "prospect" in fields:
        prospect = numbers.collect(problems, read_prospect, fields["prospect"])
    contact = base.contact if base else ""
    if "contact" in fields:
        contact = numbers.collect(problems, read_prospect, fields["contact"])
    language = base.language if base else REGIONS[DEFAULT_LANGUAGE]
    currency = base.currency if base else DEFAULT_CURRENCY
    if "language" in fields:
        language = numbers.collect(problems, read_language, fields["language"])
    if "currency" in fields:
        currency = numbers.collect(problems, read_currency, fields["currency"])
    kwargs = {k: fields[k] for k in TERMS_PARAMETERS if fields.get(k) not in (None, "")}
    terms = numbers.collect(problems, lambda: make_terms(**kwargs))
    if problems:
        raise InputError(problems=problems)
    return Setting(terms, discount, prospect, contact, language, currency)


def read_query(query: str) -> Setting | None:
    """The setting a link's query string describes; None where it names no parameter of the
    contract. Raises :class:`PrepayError` naming every bad value."""
    fields = given(query)
    if not fields:
        return None
    base_fields: dict[str, object] = {}
    base = None
    if "scenario" in fields:
        saved = saved_scenario(fields.pop("scenario"))
        base = setting_of_scenario(saved)
        base_fields = {k: saved.fields[k] for k in TERMS_PARAMETERS if k in saved.fields}
    return setting_of({**base_fields, **fields}, base)


def setting_of_scenario(saved: scenarios.Scenario) -> Setting:
    """A saved scenario as the screen shows it."""
    rate = saved.discount_rate
    return Setting(
        saved.terms,
        DEFAULT_DISCOUNT_RATE if rate is None else rate,
        read_prospect(saved.fields.get("prospect") or ""),
        read_prospect(saved.fields.get("contact") or ""),
        saved.language,
        saved.currency,
    )


def problems_of(exc: PrepayError) -> list[str]:
    """One line per problem, as the app lists them."""
    return [p.message for p in exc.problems] or [str(exc)]
