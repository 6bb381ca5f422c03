"""Numbers, money and dates in the client's locale (issue 14), as Babel's CLDR data gives them,
with one minus sign; languages and currencies read from what people type."""

import datetime as dt
from decimal import Decimal

import pytest

from prepay_modeller.core.errors import InputError
from prepay_modeller.inputs.locales import read_currency, read_language
from prepay_modeller.presentation.i18n import ENGLISH, Speech

NNBSP, NBSP, RLM = "\u202f", "\u00a0", "\u200f"


def test_english_money_is_the_houses():
    assert ENGLISH.money(Decimal("480000")) == "$480,000.00"
    assert ENGLISH.money(Decimal("-15600")) == "−$15,600.00"  # U+2212, one minus sign


def test_french_money_dates_and_shares():
    fr = Speech("fr_FR", "EUR")
    # CLDR fr: a narrow no-break space groups thousands, a comma marks the decimals, and the
    # euro sign follows after a no-break space.
    assert fr.money(Decimal("480000")) == f"480{NNBSP}000,00{NBSP}€"
    assert fr.money(Decimal("-15600.5")) == f"−15{NNBSP}600,50{NBSP}€"
    assert fr.date(dt.date(2027, 1, 1)) == "1 janvier 2027"
    # CLDR fr's percent pattern is "#,##0 %": a no-break space before the sign.
    assert fr.percent(1.625) == f"162,5{NBSP}%"
    assert fr.direction == "ltr"


def test_arabic_is_right_to_left_in_each_locales_own_digits():
    ae, sa = Speech("ar_AE", "AED"), Speech("ar_SA", "SAR")
    assert ae.direction == sa.direction == "rtl"
    assert ae.money(Decimal("480000")) == f"{RLM}480,000.00{NBSP}د.إ.{RLM}"
    # ar_SA's numbering system uses the Arabic thousands and decimal separators (Babel keeps
    # the digits Latin).
    assert sa.money(Decimal("480000")) == f"{RLM}480٬000٫00{NBSP}ر.س.{RLM}"
    assert ae.date(dt.date(2027, 1, 1)) == "1 يناير 2027"


@pytest.mark.parametrize(
    "typed, locale",
    [("fr", "fr_FR"), ("FR", "fr_FR"), ("ar-sa", "ar_SA"), ("en_GB", "en_GB"), ("", "en_US")],
)
def test_languages_are_read(typed, locale):
    assert read_language(typed) == locale


@pytest.mark.parametrize("typed", ["de", "français", "ar_ZZ", "١"])
def test_unknown_languages_are_named(typed):
    with pytest.raises(InputError, match=r"^language: .* \(allowed: en, fr or ar"):
        read_language(typed)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("JPY", "has 0 minor digits"),
        ("KWD", "has 3 minor digits"),
        ("ZZZ", "is not a currency code"),
        ("dollars", "is not a currency code"),
    ],
)
def test_currencies_the_model_cannot_count_are_refused(typed, message):
    with pytest.raises(InputError, match=f"^currency: {typed} {message}"):
        read_currency(typed)


def test_currencies_are_read():
    assert [read_currency(c) for c in ("usd", "EUR", " gbp ", "CAD", "AED", "SAR", "")] == [
        "USD",
        "EUR",
        "GBP",
        "CAD",
        "AED",
        "SAR",
        "USD",
    ]
