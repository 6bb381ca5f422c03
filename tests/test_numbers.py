"""The one reader of typed values (inputs.numbers): every form a person writes, in English,
French and Arabic, read to what they meant or refused with words that say why.

Each row: the locale, the field, whether the text is typed in a box that shows "%", the text,
and the value meant (worked out by hand) or, for a refusal, the words the message must hold.
The command line, files and links read in English forms (``NEUTRAL``); the surfaces are fed
these forms in tests/test_number_forms.py.
"""

import datetime as dt
from decimal import Decimal

import pytest

from prepay_modeller.core import fields as F
from prepay_modeller.core.errors import InputError
from prepay_modeller.inputs.numbers import Reading, read

EN, FR, AR_AE, AR_SA = "en_US", "fr_FR", "ar_AE", "ar_SA"
D = Decimal

# In a performance box, "0.9", "90", "90 %" and "90%" are all 90 % (issue 20): a bare number up
# to 3 (300 %, the top of the range) is a fraction, above it a percent.
BOX_PERFORMANCE = [
    (EN, "0.9", D("0.9")),
    (EN, "90", D("0.9")),
    (EN, "90 %", D("0.9")),
    (EN, "90%", D("0.9")),
    (EN, "1.5", D("1.5")),
    (EN, "3", D(3)),  # 300 %: the largest bare fraction
    (EN, "3.5", D("0.035")),  # above it: a percent
    (FR, "0.9", D("0.9")),  # a dot that cannot be a group is a decimal point
    (FR, "0,9", D("0.9")),
    (FR, "90", D("0.9")),
    (FR, "90\u202f%", D("0.9")),  # as Babel writes it in French
    (FR, "90 %", D("0.9")),
    (FR, "90%", D("0.9")),
    (AR_AE, "٩٠٪", D("0.9")),  # Arabic-Indic digits and percent sign: the locale writes them
    (AR_AE, "90\u200e%\u200e", D("0.9")),  # the direction marks of a copied figure are unseen
    (EN, "1e9", "is more than 300%"),
    (EN, "-5 %", "is less than 0%"),
    (EN, "-5", "is less than 0%"),
    (EN, "301%", "is more than 300%"),
    (EN, "0,9", "did you mean 0.9?"),
    (FR, "1.500", "did you mean 1,500?"),  # a group or a decimal point: asked, never guessed
    (EN, "abc", "is not a number"),
]

RATE = [  # the monthly rate, in a box of the app (the client's locale and currency)
    (EN, "USD", "40k", D(40000)),
    (EN, "USD", "40K", D(40000)),
    (EN, "USD", "40 000", D(40000)),
    (EN, "USD", "40,000", D(40000)),
    (EN, "USD", "$40,000", D(40000)),
    (EN, "USD", "40,000.50", D("40000.50")),
    (EN, "USD", "1.5m", "is more than 1,000,000"),
    (EN, "USD", "0.5m", D(500000)),
    (FR, "EUR", "40 000", D(40000)),
    (FR, "EUR", "40\u202f000", D(40000)),
    (FR, "EUR", "40 k€", D(40000)),
    (FR, "EUR", "45k€", D(45000)),
    (FR, "EUR", "40 000,50 €", D("40000.50")),
    (FR, "EUR", "40.000", "did you mean 40 000?"),  # never 40
    (FR, "EUR", "40,000", "did you mean 40 000?"),  # 40 in French: below the range, said
    (EN, "USD", "40.000", "did you mean 40,000?"),
    (AR_AE, "AED", "٤٠٬٠٠٠", D(40000)),
    (AR_AE, "AED", "40,000.00 د.إ.", D(40000)),
    (AR_SA, "SAR", "٤٠٠٠٠٫٥", D("40000.5")),
    (EN, "USD", "1e9", "is more than 1,000,000"),
    (EN, "USD", "999", "is less than 1,000"),
    (EN, "USD", "-5 %", "is a percentage, not an amount"),
    (EN, "USD", "€40,000", "is in another currency"),
    (EN, "USD", "40000.505", "has more than two decimals"),
    (EN, "USD", "4O000", "is not a number"),
]

# Forms no locale here writes (issue 21): refused whatever the field, never read as something
# else (YAML 1.1 read 030 as 24, 0x10 as 16, 1:20 as 80).
NEVER = [
    ("0x10", "is not a number"),
    ("0o17", "is not a number"),
    ("0b11", "is not a number"),
    ("1:20", "is not a number"),
    ("1_000", "is not a number"),
    ("１２３", "is not a number"),  # full-width
    ("١٢٣", "is not a number"),  # Arabic-Indic, in an English reading
    ("۱۲۳", "is not a number"),  # Persian
    ("½", "is not a number"),
    ("nan", "is not a number"),
    ("inf", "is not a number"),
    ("-Infinity", "is not a number"),
    ("", "is not a number"),
    ("1e1000000", "is too large"),
    ("1e99999999%", "is too large"),
    ("1e+999999999999999999", "is too large"),
    ("-1e1000000", "is too large"),
    ("9" * 65, "is too long to be a number"),
]


@pytest.mark.parametrize("locale, typed, meant", BOX_PERFORMANCE)
def test_a_performance_box(locale, typed, meant):
    reading = Reading(locale, box=True)
    if isinstance(meant, str):
        with pytest.raises(InputError, match=meant.replace("?", r"\?")):
            read(F.PERFORMANCE, typed, reading)
    else:
        assert read(F.PERFORMANCE, typed, reading) == meant


@pytest.mark.parametrize("locale, currency, typed, meant", RATE)
def test_a_rate_in_the_locales_forms(locale, currency, typed, meant):
    reading = Reading(locale, currency, box=True)
    if isinstance(meant, str):
        with pytest.raises(InputError, match=meant.replace("?", r"\?")):
            read(F.RATE, typed, reading)
    else:
        assert read(F.RATE, typed, reading) == meant


@pytest.mark.parametrize("field", [F.RATE, F.PERFORMANCE, F.PAYMENT_TERMS, F.DISCOUNT_RATE])
@pytest.mark.parametrize("typed, words", NEVER)
def test_forms_no_one_means_are_refused_with_the_field_named(field, typed, words):
    with pytest.raises(InputError) as err:
        read(field, typed)
    (problem,) = err.value.problems
    assert problem.field == field.name and words in problem.message
    assert len(problem.message) < 200  # a long value is cut, never echoed whole


def test_every_rate_like_value_refuses_a_bare_number_above_its_top():
    # The command line, files and links: a bare 10 is 1,000 % (refused, with the suggestion);
    # 10% and 0.1 are 10 %. The discount rate follows the performance's rule (issue 21).
    rate_like = [(F.DISCOUNT_RATE, "10", "10%"), (F.PERFORMANCE, "90", "90%"),
                 (F.FIXED, "90", "90%"), (F.HIT_PROBABILITY, "70", "70%")]  # fmt: skip
    for field, bare, meant in rate_like:
        with pytest.raises(InputError, match=f"did you mean {meant}"):
            read(field, bare)
        assert read(field, meant) == read(field, str(D(meant[:-1]) / 100))
    assert read(F.DISCOUNT_RATE, "-5%") == D("-0.05")
    with pytest.raises(InputError, match="is -100% or less"):
        read(F.DISCOUNT_RATE, "-100%")


def test_whole_numbers_and_their_forms():
    assert read(F.PAYMENT_TERMS, "030") == 30  # decimal, not octal
    assert read(F.HORIZON, "1.2e1") == 12
    assert read(F.DRAWS, "1e3") == 1000
    with pytest.raises(InputError, match="is not a whole number"):
        read(F.PAYMENT_TERMS, "2.5")
    with pytest.raises(InputError, match="is a percentage, not a whole number"):
        read(F.PAYMENT_TERMS, "30%")
    with pytest.raises(InputError, match="is more than 120"):
        read(F.PAYMENT_TERMS, "121")


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("2027-01-01", dt.date(2027, 1, 1)),
        (" 2027-01-01 ", dt.date(2027, 1, 1)),
        ("2027W011", "is not a date"),  # ISO week dates: the standard's, not what people write
        ("20270101", "is not a date"),
        ("2027-1-1", "is not a date"),
        ("01/01/2027", "is not a date"),
        ("2027-02-30", "is not a date"),
        ("12027-01-01", "is not a date"),
        ("4012-01-01", "is more than 2100-12-31"),
        ("1999-12-31", "is less than 2000-01-01"),
    ],
)
def test_dates_are_iso_within_the_century(typed, meant):
    if isinstance(meant, str):
        with pytest.raises(InputError, match=meant):
            read(F.START, typed)
    else:
        assert read(F.START, typed) == meant


def test_the_bounds_are_declared_once_and_said_in_the_message():
    # docs/reading-values.md: 1,000 to 1,000,000 a month; 0 to 300 %; 2000 to 2100; 0 to 120 days.
    assert (F.RATE.low, F.RATE.high) == (1000, 1_000_000)
    assert (F.PERFORMANCE.low, F.PERFORMANCE.high) == (0, 3)
    assert (F.START.low, F.START.high) == (dt.date(2000, 1, 1), dt.date(2100, 12, 31))
    assert (F.PAYMENT_TERMS.low, F.PAYMENT_TERMS.high) == (0, 120)
    with pytest.raises(InputError) as err:
        read(F.RATE, "2000000")
    assert str(err.value) == (
        "rate: 2000000 is more than 1,000,000 (allowed: from 1,000 to 1,000,000 a month, "
        "to the cent)"
    )
