"""Every value a person gives the model, declared once: its name, its name for people, its type,
its bounds, the words of its messages, and where it comes from.

A :class:`Field` is read by every surface: the command line's flags, the app's boxes and its
link, scenario files' keys and the prospects CSV's columns. The input layer turns text into a
typed value (:mod:`prepay_modeller.inputs.numbers`, in the reader's locale) and then asks the
field; the core asks the same field when it builds :class:`~prepay_modeller.core.terms.Terms`,
so a value is refused with the same words whichever way it came in.

The bounds are what a sales call can mean, said before they bite (docs/reading-values.md): a
monthly rate from 1,000 to 1,000,000 in the scenario's currency, a performance from 0 to 300 %
(a variable cap above 300 % could never bind), a start date in 2000–2100, payment terms of 0 to
120 days.

Every word here is a gettext message (``N_``), filled from the problem's params in the
client's language by the presentation layer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from prepay_modeller.core.errors import MAX_VALUE_CHARS, InputError, Problem


def N_(message: str) -> str:  # noqa: N802 (gettext's name: the catalogs extract these)
    return message


MONEY, SHARE, WHOLE, NUMBER, DATE, CHOICE, TEXT = (
    "money", "share", "whole", "number", "date", "choice", "text",
)  # fmt: skip

# The words of every range problem; {low} and {high} are the field's bounds in its unit.
ABOVE = N_("is more than {high}")
BELOW = N_("is less than {low}")
NOT_ABOVE = N_("is {low} or less")
NOT_CENTS = N_("has more than two decimals")
TOO_LARGE = N_("is too large")
NOT_A_NUMBER = N_("is not a number")
NOT_WHOLE = N_("is not a whole number")
NOT_A_DATE = N_("is not a date")
PERCENT_HINT = N_("did you mean {suggestion}?")


@dataclass(frozen=True)
class Field:
    """One input. ``kind`` is how its text is read (money, a share, a whole number, a date...);
    ``low``/``high`` its bounds (``low_open``: strictly above ``low``); ``allowed`` the words
    that say them. A share (performance, a split, a discount rate) is written as a fraction
    (``0.9``) or a percent (``90%``); ``fraction_max`` is its largest bare fraction: a bare
    number above it is a percent typed without its sign (the command line refuses it with "did
    you mean 90%?"; a box that shows "%" reads it as a percent)."""

    name: str
    label: str
    kind: str
    low: object = None
    high: object = None
    allowed: str = ""
    low_open: bool = False
    fraction_max: Decimal | None = None
    per_quarter: bool = False
    flags: tuple[str, ...] = ()
    link: bool = False
    column: bool = False
    key: bool = False
    box: bool = False

    @property
    def unit(self) -> str:
        return {MONEY: "money", SHARE: "share", DATE: "date"}.get(self.kind, "number")

    @property
    def params(self) -> tuple:
        return tuple((k, v) for k, v in (("low", self.low), ("high", self.high)) if v is not None)

    def problem(self, name: str, typed: str, problem: str, **extra) -> Problem:
        """A problem of this field named ``name`` (``performance_q2``), for ``typed``."""
        params = self.params + tuple(extra.pop("params", ()))
        return Problem(
            field=name, value=typed, allowed=self.allowed, problem=problem, params=params,
            unit=self.unit, **extra,
        )  # fmt: skip

    def range_problems(self, value, name: str | None = None, typed: str | None = None):
        """What is wrong with ``value`` (already typed: a Decimal, an int, a date) against
        the bounds: an empty list where nothing is."""
        name = name or self.name
        typed = show(value) if typed is None else typed
        if self.low is not None:
            if self.low_open and value <= self.low:
                return [self.problem(name, typed, NOT_ABOVE, code="below")]
            if not self.low_open and value < self.low:
                return [self.problem(name, typed, BELOW, code="below")]
        if self.high is not None and value > self.high:
            return [self.problem(name, typed, ABOVE, code="above")]
        if self.kind == MONEY and value != value.quantize(Decimal("0.01")):
            return [self.problem(name, typed, NOT_CENTS, code="cents")]
        return []

    def check(self, value, name: str | None = None, typed: str | None = None):
        """``value`` where it is within the bounds; else an :class:`InputError`."""
        found = self.range_problems(value, name, typed)
        if found:
            raise InputError(problems=found)
        return value

    def quarter(self, name: str) -> int | None:
        """The quarter a per-quarter name is about (``performance_q2`` → 2)."""
        head, _, q = name.rpartition("_q")
        return int(q) if head == self.name and q.isdigit() else None


_SPACES = {ord(c): " " for c in "\u00a0\u202f\u2009\u2007"}  # spaces people type or paste
SHOWN_MAX = MAX_VALUE_CHARS  # characters of a value a message repeats: a 10 MB cell is not echoed


def show(value: object) -> str:
    """A value as an error message shows it (empty or padded text quoted, long text cut)."""
    if isinstance(value, str) and len(value) > SHOWN_MAX:
        value = value[: SHOWN_MAX - 1] + "…"
    text = (
        value
        if isinstance(value, str)
        else f"{value:g}"
        if isinstance(value, Decimal)
        else str(value)
    )
    printable = text.translate(_SPACES).isprintable()
    return repr(text) if text == "" or text.strip() != text or not printable else text


# --- the bounds ----------------------------------------------------------------------------

MIN_RATE, MAX_RATE = Decimal(1_000), Decimal(1_000_000)  # a month, in the scenario's currency
MAX_PERFORMANCE = Decimal(3)  # 300 %: far past the article's caps (the cap binds at 200 %)
# What the model itself computes with (a break-even, a cost curve's far end) may pass what a
# person types: the core's terms stop at 10,000 %.
MODEL_MAX_PERFORMANCE = Decimal(100)
MAX_VARIABLE_MAX = Decimal(3)  # a cap above 300 % could never bind: performance stops there
MAX_HORIZON = 120  # months: ten years, far past any engagement anyone will model
FIRST_START, LAST_START = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
MAX_PAYMENT_TERMS = 120  # days
MAX_DISCOUNT_RATE = Decimal(1)  # 100 % a year
# The rate the model may discount at where no person typed it (rule 11's check that a saving
# turns at the IRR, which may be 700 % a year): above -100 %, up to 10,000 %.
MODEL_MAX_DISCOUNT_RATE = Decimal(100)
MAX_DRAWS = 5_000_000
MAX_REPORT_DRAWS = 200_000  # a batch of proposals must stay fast
MAX_SEED = 2**32 - 1  # numpy's seed range for one 32-bit word
MAX_VALID_DAYS = 365
MAX_PROSPECT = 1000  # characters

MAX_CASH = Decimal(10) ** 12  # in the bank: a thousand times the largest rate anyone types
MAX_BURN = Decimal(10) ** 9  # a month, either way
MAX_GROWTH = Decimal(1)  # 100 % a month: doubling every month, far past any plan

SCENARIO = dict(link=True, column=True, key=True)

RATE = Field(
    "rate", N_("Monthly rate"), MONEY, MIN_RATE, MAX_RATE,
    N_("from {low} to {high} a month, to the cent"), flags=("--rate",), box=True, **SCENARIO,
)  # fmt: skip
PERFORMANCE = Field(
    "performance", N_("Performance"), SHARE, Decimal(0), MAX_PERFORMANCE,
    N_("from {low} to {high}, as 0.9 or 90%"), fraction_max=MAX_PERFORMANCE, per_quarter=True,
    flags=("--performance",), box=True, **SCENARIO,
)  # fmt: skip
MODEL_PERFORMANCE = Field(
    "performance", N_("Performance"), SHARE, Decimal(0), MODEL_MAX_PERFORMANCE,
    N_("from {low} to {high}, as 0.9 or 90%"),
)  # fmt: skip
FIXED = Field(
    "fixed", N_("Fixed share"), SHARE, Decimal(0), Decimal(1),
    N_("from {low} to {high}, as 0.9 or 90%"), fraction_max=Decimal(1), per_quarter=True,
    flags=("--fixed",), box=True, **SCENARIO,
)  # fmt: skip
VARIABLE_MAX = Field(
    "variable_max", N_("Variable cap"), SHARE, Decimal(0), MAX_VARIABLE_MAX,
    N_("from {low} to {high}, as 1.2 or 120%"), fraction_max=MAX_VARIABLE_MAX,
    per_quarter=True, flags=("--variable-max",), box=True, **SCENARIO,
)  # fmt: skip
HORIZON = Field(
    "horizon", N_("Horizon"), WHOLE, 3, MAX_HORIZON, N_("from {low} to {high} months"),
    flags=("--horizon",), box=True, **SCENARIO,
)  # fmt: skip
START = Field(
    "start", N_("Start date"), DATE, FIRST_START, LAST_START,
    N_("a date from {low} to {high}, as YYYY-MM-DD"), flags=("--start",), box=True, **SCENARIO,
)  # fmt: skip
PAYMENT_TERMS = Field(
    "payment_terms", N_("Payment terms"), WHOLE, 0, MAX_PAYMENT_TERMS,
    N_("from {low} to {high} days"), flags=("--payment-terms",), box=True, **SCENARIO,
)  # fmt: skip
DISCOUNT_RATE = Field(
    "discount_rate", N_("Discount rate"), SHARE, Decimal(-1), MAX_DISCOUNT_RATE,
    N_("more than {low} a year, up to {high}, as 0.1 or 10%"), low_open=True,
    fraction_max=Decimal(1), flags=("--discount-rate",), box=True, **SCENARIO,
)  # fmt: skip
MODEL_DISCOUNT_RATE = Field(
    "discount_rate", N_("Discount rate"), SHARE, Decimal(-1), MODEL_MAX_DISCOUNT_RATE,
    N_("more than {low} a year, up to {high}, as 0.1 or 10%"), low_open=True,
)  # fmt: skip
LOW, LIKELY, HIGH = (
    Field(
        name, label, SHARE, Decimal(0), MAX_PERFORMANCE, N_("from {low} to {high}, as 0.9 or 90%"),
        fraction_max=MAX_PERFORMANCE, per_quarter=True, flags=(f"--{name}",), key=True,
    )
    for name, label in (("low", N_("Lowest performance")), ("likely", N_("Likeliest performance")),
                        ("high", N_("Highest performance")))
)  # fmt: skip
HIT_PROBABILITY = Field(
    "hit_probability", N_("Chance of hitting a key result"), SHARE, Decimal(0), Decimal(1),
    N_("from {low} to {high}, as 0.7 or 70%"), fraction_max=Decimal(1), per_quarter=True,
    flags=("--hit-probability",),
)  # fmt: skip
DRAWS = Field(
    "draws", N_("Draws"), WHOLE, 1, MAX_DRAWS, N_("a whole number from {low} to {high}"),
    flags=("--draws",), box=True,
)  # fmt: skip
SEED = Field(
    "seed", N_("Seed"), WHOLE, 0, MAX_SEED, N_("a whole number from {low} to {high}"),
    flags=("--seed",), box=True,
)  # fmt: skip
SPREAD = Field(
    "uncertainty_spread", N_("Spread"), SHARE, Decimal(0), Decimal(1),
    N_("from {low} to {high}; 0.4 draws each quarter from 60% to 140% of the expected "
       "performance"), fraction_max=Decimal(1), column=True, box=True,
)  # fmt: skip
REPORT_DRAWS = Field(
    "uncertainty_draws", N_("Draws"), WHOLE, 1, MAX_REPORT_DRAWS,
    N_("a whole number from {low} to {high}"), column=True,
)  # fmt: skip
REPORT_SEED = Field(
    "uncertainty_seed", N_("Seed"), WHOLE, 0, MAX_SEED, N_("a whole number from {low} to {high}"),
    column=True,
)  # fmt: skip
VALID_DAYS = Field(
    "valid_days", N_("Valid for"), WHOLE, 1, MAX_VALID_DAYS, N_("from {low} to {high} days"),
    column=True,
)  # fmt: skip
CASH = Field(
    "cash", N_("Cash"), MONEY, Decimal(0), MAX_CASH, N_("from {low} to {high}, to the cent"),
    flags=("--cash",), box=True,
)  # fmt: skip
BURN = Field(
    "burn", N_("Monthly burn"), MONEY, -MAX_BURN, MAX_BURN,
    N_("from {low} to {high} a month, to the cent (negative: the company earns more than it "
       "spends)"), flags=("--burn",), box=True,
)  # fmt: skip
BURN_GROWTH = Field(
    "burn_growth", N_("Burn growth"), SHARE, Decimal(-1), MAX_GROWTH,
    N_("more than {low} and at most {high} a month, as 0.02 or 2%"), low_open=True,
    fraction_max=Decimal(1), flags=("--burn-growth",), box=True,
)  # fmt: skip
OPTION = Field("option", N_("Option"), CHOICE, flags=("--option",), box=True, **SCENARIO)
PROSPECT = Field("prospect", N_("Prospect"), TEXT, high=MAX_PROSPECT, box=True, **SCENARIO)
CONTACT = Field("contact", N_("Contact"), TEXT, high=MAX_PROSPECT, box=True, **SCENARIO)
LANGUAGE = Field("language", N_("Language"), CHOICE, flags=("--language",), box=True, **SCENARIO)
CURRENCY = Field("currency", N_("Currency"), CHOICE, flags=("--currency",), box=True, **SCENARIO)
NAME = Field("name", N_("Scenario name"), TEXT, box=True, key=True)
SAVED = Field("scenario", N_("Saved scenario"), TEXT, flags=("--scenario",), link=True)
EMPTY = N_("(empty)")  # a value as a message shows an empty one

FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        RATE, PERFORMANCE, FIXED, VARIABLE_MAX, HORIZON, START, PAYMENT_TERMS, DISCOUNT_RATE,
        LOW, LIKELY, HIGH, HIT_PROBABILITY, DRAWS, SEED, SPREAD, REPORT_DRAWS, REPORT_SEED,
        VALID_DAYS, OPTION, PROSPECT, CONTACT, LANGUAGE, CURRENCY, NAME, SAVED, CASH, BURN,
        BURN_GROWTH,
    )
}  # fmt: skip


def field_of(name: str) -> tuple[Field | None, int | None]:
    """The field a problem's name is about, and its quarter (``performance_q2`` →
    (PERFORMANCE, 2); ``--rate`` → (RATE, None)); (None, None) where none is declared."""
    key = name.removeprefix("--").replace("-", "_")
    if key in FIELDS:
        return FIELDS[key], None
    head, _, q = key.rpartition("_q")
    f = FIELDS.get(head)
    if f is not None and f.per_quarter and q.isdigit():
        return f, int(q)
    return None, None
