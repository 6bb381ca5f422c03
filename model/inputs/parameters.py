"""The proposal report's parameters, declared once.

Everything else is derived from (or checked against) :data:`PARAMETERS`: the template's
``parameters`` cell (``notebooks/proposal.ipynb``; a test checks it is :func:`parameters_cell`'s
text), the columns of the prospects CSV (:data:`PROSPECT_COLUMNS`) and the values ``prepay
reports`` passes to papermill. A parameter that is a value of the model names its
:class:`core.fields.Field` (its type, bounds and words), read by the one reader
(:func:`inputs.numbers.read`) in a CSV cell as everywhere else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from prepay_modeller.core import fields as F
from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.core.fields import N_, Field
from prepay_modeller.core.offer import DEFAULT_VALID_DAYS
from prepay_modeller.core.terms import DEFAULT_PAYMENT_TERMS, DEFAULT_RATE
from prepay_modeller.core.timevalue import DEFAULT_DISCOUNT_RATE
from prepay_modeller.inputs.locales import read_currency, read_language


@dataclass(frozen=True)
class Parameter:
    """One parameter of the report template.

    ``kind`` is the Python type papermill passes (``str``, ``int``, ``float``); ``default`` is
    ``None`` where an empty value means something (the option's term, repeating the last
    quarter's performance). ``column``: the prospects CSV may have it; ``required``: it must.
    ``field``: the model's value it is (read and bounded as declared there); ``reads`` how
    any other cell is read (yes/no, language, currency, text).
    """

    name: str
    kind: type
    default: object
    help: str
    column: bool = True
    required: bool = False
    max_length: int | None = None
    reads: str = ""  # how a cell without a field is read: yes/no, language, currency
    field: Field | None = None

    @property
    def annotation(self) -> str:
        return f"Optional[{self.kind.__name__}]" if self.default is None else self.kind.__name__

    def cell_line(self) -> str:
        default = json.dumps(self.default) if isinstance(self.default, str) else repr(self.default)
        # An Optional annotation is quoted, so that the cell runs without importing typing
        # (papermill reads the quoted form too).
        note = f'"{self.annotation}"' if self.default is None else self.annotation
        return f"{self.name}: {note} = {default}  # {self.help}"


def _performance(q: int) -> Parameter:
    later = " (empty: the last quarter given repeats)" if q > 1 else ""
    return Parameter(
        f"performance_q{q}",
        float,
        1.0 if q == 1 else None,
        f"expected performance in quarter {q}; 1.0 is on target{later}",
        field=F.PERFORMANCE,
    )


def _split(name: str, q: int) -> Parameter:
    what = "fixed share" if name == "fixed" else "variable cap (share of the quarter's base)"
    return Parameter(
        f"{name}_q{q}",
        float,
        None,
        f"quarter {q}'s {what}, as 0.9 or 90% (empty: the article's split)",
        field=F.FIXED if name == "fixed" else F.VARIABLE_MAX,
    )


PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "prospect", str, "Acme Analytics", "the prospect's company name, shown on the cover",
        required=True, max_length=1000,
    ),
    Parameter(
        "contact", str, "", "who the proposal is addressed to (empty: nobody named)",
        max_length=1000,
    ),
    Parameter(
        "owner", str, "",
        "the agency's contact for this proposal, a name from brand.json's contacts "
        "(empty: the first)", max_length=200,
    ),
    Parameter(
        "rate", float, float(DEFAULT_RATE), "the monthly pay-as-you-go list price, dollars",
        field=F.RATE,
    ),
    Parameter(
        "option", str, "prepay-12",
        "the option asked about: payg, prepay-3, prepay-6 or prepay-12", required=True,
    ),
    *(_performance(q) for q in range(1, 5)),
    *(_split("fixed", q) for q in range(1, 5)),
    *(_split("variable_max", q) for q in range(1, 5)),
    Parameter(
        "horizon", int, None,
        "months modelled, a multiple of 3 and of the option's term (empty: the option's term)",
        field=F.HORIZON,
    ),
    Parameter(
        "start", str, "",
        "first day of the engagement, YYYY-MM-DD (empty: the first of next month)",
        field=F.START,
    ),
    Parameter(
        "payment_terms", int, DEFAULT_PAYMENT_TERMS,
        "days between a variable invoice and its due date", field=F.PAYMENT_TERMS,
    ),
    Parameter(
        "discount_rate", float, DEFAULT_DISCOUNT_RATE,
        "the client's yearly cost of capital, for what prepaying is worth",
        field=F.DISCOUNT_RATE,
    ),
    Parameter(
        "uncertainty_spread", float, 0.4,
        "each quarter from (1 - spread)× to (1 + spread)× the expected performance",
        field=F.SPREAD,
    ),
    Parameter(
        "uncertainty_draws", int, 2000, "simulated engagements (1 to 200,000)",
        field=F.REPORT_DRAWS,
    ),
    Parameter(
        "uncertainty_seed", int, 0, "the random seed, so that a report is reproducible",
        field=F.REPORT_SEED,
    ),
    Parameter(
        "valid_days", int, DEFAULT_VALID_DAYS,
        "days the proposal stands from its date (1 to 365)", field=F.VALID_DAYS,
    ),
    Parameter(
        "recommend", bool, True,
        "say where another option costs less at the expected performance (yes or no)",
        reads="yes/no",
    ),
    Parameter(
        "language", str, "en",
        "the client's language: en, fr or ar (optionally with a region: fr_CA, ar_SA)",
        max_length=16, reads="language",
    ),
    Parameter(
        "currency", str, "USD",
        "the ISO 4217 code the amounts are in (no conversion): USD, EUR, GBP, CAD, AED, SAR...",
        max_length=16, reads="currency",
    ),
    Parameter(
        "report_date", str, "", "the date on the cover, YYYY-MM-DD (empty: today)", column=False
    ),
    Parameter(
        "client_link", str, "",
        "the signed client link printed with its QR code (prepay reports --public-url, the app)",
        column=False, max_length=8192,
    ),
    Parameter(
        "plotlyjs", str, "inline",
        'how charts get plotly.js: "inline" embeds it once; "none" leaves it to the exporter',
        column=False,
    ),
    Parameter(
        "script_nonce", str, "", "set by prepay reports: the only scripts its reports may run",
        column=False,
    ),
)  # fmt: skip

BY_NAME = {p.name: p for p in PARAMETERS}
PARAMETER_NAMES = list(BY_NAME)
PROSPECT_COLUMNS = [p.name for p in PARAMETERS if p.column]
REQUIRED_COLUMNS = [p.name for p in PARAMETERS if p.required]
PERFORMANCE_COLUMNS = [f"performance_q{q}" for q in range(1, 5)]
FIXED_COLUMNS = [f"fixed_q{q}" for q in range(1, 5)]
VARIABLE_MAX_COLUMNS = [f"variable_max_q{q}" for q in range(1, 5)]
# Parameters that steer the rendering rather than the proposal.
TECHNICAL = {"plotlyjs", "script_nonce"}


def parameters_cell() -> str:
    """The template's ``parameters`` cell: every parameter with its type, default and help."""
    return "\n".join(p.cell_line() for p in PARAMETERS)


def defaults() -> dict:
    return {p.name: p.default for p in PARAMETERS}


def coerce(name: str, value: object) -> object:
    """``value`` as parameter ``name``'s type (None stays None where the default is None)."""
    p = BY_NAME[name]
    if value is None:
        return p.default
    if p.kind is int and isinstance(value, float) and value.is_integer():
        return int(value)
    if p.kind is bool and not isinstance(value, bool):
        return yes_no(name, value)
    return p.kind(value)


YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
YES_NO_ALLOWED = "yes or no (also true or false, 1 or 0)"


def yes_no(name: str, value: object) -> bool:
    """``yes``/``no`` (``true``/``false``, ``1``/``0``, any case) as a bool."""
    from prepay_modeller.core.terms import show

    text = str(value).strip().casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise InputError(name, show(value), YES_NO_ALLOWED, "is not yes or no")


def read_cell(name: str, text: str):
    """A CSV cell as parameter ``name``'s value, read the one way text is read everywhere
    (:func:`inputs.numbers.read`); an :class:`InputError` names the column."""
    from prepay_modeller.inputs import numbers

    p = BY_NAME[name]
    if p.max_length is not None and len(text) > p.max_length:
        raise InputError(name, show_text(text), f"at most {p.max_length:,} characters",
                         "is too long")  # fmt: skip
    if p.field is not None:
        value = numbers.read(p.field, text, numbers.PLAIN, name)
        if p.field.kind == F.DATE:
            return value.isoformat()
        return value if p.kind is int else float(value)
    if p.reads == "yes/no":
        return yes_no(name, text)
    if p.reads == "language":
        return read_language(text, name)
    if p.reads == "currency":
        return read_currency(text, name)
    return str(text)


def show_text(text: str) -> str:
    from prepay_modeller.core.terms import show

    return show(text[:20] + "…") if len(text) > 20 else show(text)


def report_settings_problems(params: dict) -> list[Problem]:
    """What is wrong with a report's own settings (the discount rate, the Monte Carlo's spread,
    draws and seed, how long it stands, the agency contact it names), as their fields and the
    brand file say; the same for a CSV row and the template."""
    from prepay_modeller.inputs import numbers

    problems: list[Problem] = []
    for name in ("discount_rate", "uncertainty_spread", "uncertainty_draws",
                 "uncertainty_seed", "valid_days"):  # fmt: skip
        value = params.get(name, BY_NAME[name].default)
        numbers.collect(problems, numbers.read, BY_NAME[name].field, value, numbers.PLAIN, name)
    for name, check in (("owner", _owner), ("language", read_language),
                        ("currency", read_currency)):  # fmt: skip
        numbers.collect(problems, check, params.get(name, BY_NAME[name].default))
    return problems


def _owner(value) -> str:
    """An ``owner`` must name one of the agency's contacts (``brand.json``), or be empty."""
    from prepay_modeller.inputs.brand import load_brand

    text = "" if value is None else str(value)
    if not text.strip():
        return ""
    brand = load_brand()
    try:
        return brand.contact(text).name
    except KeyError:
        names = brand.contact_names
        allowed = "one of " + ", ".join(names) if names else "none: brand.json lists no contacts"
        raise InputError(
            "owner", text, f"{allowed} (brand.json's contacts), or empty", "is not a contact"
        ) from None


def terms_arguments(params: dict) -> dict:
    """The arguments of :func:`inputs.terms.prospect_terms` for a report's parameters (a CSV
    row or the template's): empty values take the defaults."""

    def get(name):
        value = params.get(name)
        return BY_NAME[name].default if value is None else value

    performance = [params[c] for c in PERFORMANCE_COLUMNS if params.get(c) is not None]
    fixed = [params.get(c) for c in FIXED_COLUMNS]
    variable_max = [params.get(c) for c in VARIABLE_MAX_COLUMNS]
    return {
        "option": get("option"),
        "rate": get("rate"),
        "performance": performance or [1.0],
        "horizon": get("horizon"),
        "start": get("start") or None,
        "payment_terms": get("payment_terms"),
        "fixed": _trimmed(fixed),
        "variable_max": _trimmed(variable_max),
    }


def _trimmed(values: list) -> list | None:
    """Per-quarter values without the empty ones at the end (None where none is given)."""
    while values and values[-1] is None:
        values = values[:-1]
    return values or None


# --- a scenario as a report's parameters (the app's "Proposal") ------------------------------

TEMPLATE_QUARTERS = 4  # the template states performance and splits for quarters 1 to 4


def report_parameters(
    terms,
    prospect: str,
    contact: str = "",
    discount_rate: float = DEFAULT_DISCOUNT_RATE,
    language: str = "en",
    currency: str = "USD",
) -> dict:
    """The report template's parameters for exactly ``terms`` (a scenario on the app's screen):
    option, rate, horizon, start, payment terms, quarters 1 to 4's performance and, where they
    are not the article's, splits; the discount rate; the prospect and contact.

    Raises :class:`InputError` where the template cannot carry the scenario: a quarter past the
    fourth that does not repeat the fourth's performance or the article's split (the template
    repeats them), or no prospect name. The parameters are read back as ``prepay reports``
    reads a row (:func:`terms_arguments`, :func:`inputs.terms.prospect_terms`) and must give the
    same terms.
    """
    from prepay_modeller.core.terms import show

    name = " ".join(str(prospect or "").split())
    problems = []
    if not name:
        problems.append(Problem("prospect", "(empty)", N_("the prospect's company name"),
                                N_("is missing"), code="missing"))  # fmt: skip
    elif len(name) > BY_NAME["prospect"].max_length:
        problems.append(Problem("prospect", show(name), N_("at most {high} characters"),
                                N_("is too long"), params=(("high", F.MAX_PROSPECT),)))  # fmt: skip
    problems += _past_the_template(terms)
    if problems:
        raise InputError(problems=problems)
    params = {p.name: p.default for p in PARAMETERS if p.name not in TECHNICAL}
    params.update(
        prospect=name,
        contact=" ".join(str(contact or "").split()),
        rate=float(terms.rate),
        option=terms.option.name,
        horizon=terms.horizon,
        start=terms.start.isoformat(),
        payment_terms=terms.payment_terms,
        discount_rate=float(discount_rate),
        language=language,
        currency=currency,
    )
    shown = min(terms.quarters, TEMPLATE_QUARTERS)
    article = [terms.catalog.split(i) for i in range(terms.quarters)]
    own_split = list(terms.splits) != article
    for q in range(1, TEMPLATE_QUARTERS + 1):
        inside = q <= shown
        params[f"performance_q{q}"] = float(terms.performance[q - 1]) if inside else None
        split = terms.splits[q - 1] if inside and own_split else None
        params[f"fixed_q{q}"] = float(split.fixed) if split else None
        params[f"variable_max_q{q}"] = float(split.variable_max) if split else None
    _check_round_trip(terms, params)
    return params


def _past_the_template(terms) -> list[Problem]:
    """Quarters past the fourth that the template cannot state."""
    from prepay_modeller.core.terms import show

    out = []
    last = TEMPLATE_QUARTERS - 1
    allowed = "the same as quarter 4's: a proposal states quarters 1 to 4, later ones repeat it"
    for i in range(TEMPLATE_QUARTERS, terms.quarters):
        if terms.performance[i] != terms.performance[last]:
            out.append(Problem(f"performance_q{i + 1}", show(terms.performance[i]), allowed,
                               "differs from quarter 4's"))  # fmt: skip
        split, article = terms.splits[i], terms.catalog.split(i)
        if (split.fixed, split.variable_max) != (article.fixed, article.variable_max):
            out.append(Problem(f"fixed_q{i + 1}", show(split.fixed),
                               "the article's split: a proposal states splits for quarters 1 to 4",
                               "differs from the article's"))  # fmt: skip
    return out


def _check_round_trip(terms, params: dict) -> None:
    """The parameters read back as ``prepay reports`` reads them must give ``terms``."""
    from prepay_modeller.inputs.terms import prospect_terms

    back = prospect_terms(**terms_arguments(params))
    same = (
        back.option == terms.option
        and back.rate == terms.rate
        and back.horizon == terms.horizon
        and back.start == terms.start
        and back.payment_terms == terms.payment_terms
        and back.performance == terms.performance
        and [(s.fixed, s.variable_max) for s in back.splits]
        == [(s.fixed, s.variable_max) for s in terms.splits]
    )
    if not same:
        raise InputError(
            "scenario", terms.option.name, "a scenario the report template can state",
            "would not render as shown",
        )  # fmt: skip
