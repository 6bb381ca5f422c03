"""The client's language and currency, as typed in a CSV cell, a template parameter, a scenario
file, the app or its link.

Languages are those the project has catalogs for (English, French, Arabic); a language may name
its region (``fr_CA``, ``ar_SA``) for the forms of numbers and dates. Currencies are ISO 4217
codes with two minor digits (cents), as the model computes in cents: USD by default, EUR, GBP,
CAD, AED, SAR and any other such code Babel knows; JPY (no minor unit) or KWD (three) are
refused. Amounts are in that currency as given: nothing is converted.
"""

from __future__ import annotations

import re

from prepay_modeller.core.errors import InputError
from prepay_modeller.core.terms import show

LANGUAGES = ("en", "fr", "ar")  # each has a catalog in presentation/locale (a test checks)
DEFAULT_LANGUAGE = "en"
DEFAULT_CURRENCY = "USD"
REGIONS = {"en": "en_US", "fr": "fr_FR", "ar": "ar_AE"}  # a language's forms without a region
LANGUAGE_ALLOWED = "en, fr or ar (optionally with a region: en_GB, fr_CA, ar_SA)"
CURRENCY_ALLOWED = "an ISO 4217 code with cents: USD, EUR, GBP, CAD, AED, SAR..."
_LOCALE = re.compile(r"^([a-zA-Z]{2})(?:[_-]([a-zA-Z]{2}))?$")


def read_language(value: object, field: str = "language") -> str:
    """A language as a locale name (``fr`` → ``fr_FR``, ``ar-sa`` → ``ar_SA``)."""
    text = "" if value is None else str(value).strip()
    if not text:
        return REGIONS[DEFAULT_LANGUAGE]
    m = _LOCALE.match(text) if text.isascii() else None
    if m is None or m.group(1).lower() not in LANGUAGES:
        raise InputError(field, show(value), LANGUAGE_ALLOWED, "is not a language we write")
    language = m.group(1).lower()
    if not m.group(2):
        return REGIONS[language]
    name = f"{language}_{m.group(2).upper()}"
    from babel.localedata import locale_identifiers

    if name not in locale_identifiers():
        raise InputError(field, show(value), LANGUAGE_ALLOWED, "is not a known region")
    return name


def read_currency(value: object, field: str = "currency") -> str:
    """An ISO 4217 currency code with two minor digits (``usd`` → ``USD``)."""
    from babel.numbers import get_currency_precision, is_currency

    text = "" if value is None else str(value).strip().upper()
    if not text:
        return DEFAULT_CURRENCY
    if not re.fullmatch(r"[A-Z]{3}", text) or not is_currency(text):
        raise InputError(field, show(value), CURRENCY_ALLOWED, "is not a currency code")
    if get_currency_precision(text) != 2:
        raise InputError(
            field,
            show(value),
            CURRENCY_ALLOWED,
            f"has {get_currency_precision(text)} minor digits (the model counts in cents)",
        )
    return text
