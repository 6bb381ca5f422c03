"""Words, numbers, money and dates in the client's language: one formatter for the app, the
reports and the command line's tables (the JSON stays locale-free).

Text goes through gettext catalogs: ``presentation/locale/<language>/LC_MESSAGES/messages.po``,
extracted from the code and the templates with Babel (``make catalogs``) and compiled with Babel
when first used (no compiled file is kept in the repository). A message a catalog lacks falls
back to English, and a test fails when a catalog misses one. Numbers, money and dates use
Babel's CLDR forms of the locale (``480 000,00 €`` in ``fr_FR``, ``$480,000.00`` in
``en_US``, the locale's own digits in ``ar_SA``), with one minus sign (U+2212) everywhere.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path

from prepay_modeller.inputs.locales import DEFAULT_CURRENCY, REGIONS

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
MINUS = "\u2212"
# Unicode isolates: a number or a date inside a sentence of the other direction keeps its order.
FSI, PDI = "\u2068", "\u2069"


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """``message`` as it is, marked for the catalogs (``make catalogs``): text translated later,
    where it is shown (a table's headings, a tab's title)."""
    return message


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of ``language``, compiled with Babel on first use; English has none (its
    messages are the code's own)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@dataclass(frozen=True)
class Speech:
    """How to speak to one client: a locale (``fr_FR``) and a currency (``EUR``)."""

    locale: str = REGIONS["en"]
    currency: str = DEFAULT_CURRENCY

    @property
    def language(self) -> str:
        return self.locale.split("_")[0]

    @cached_property
    def _babel(self):
        from babel import Locale

        return Locale.parse(self.locale)

    @property
    def rtl(self) -> bool:
        return self._babel.character_order == "right-to-left"

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    # --- words -------------------------------------------------------------------------------

    def gettext(self, message: str) -> str:
        return translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return translations(self.language).ngettext(singular, plural, n)

    # --- numbers, money, dates -----------------------------------------------------------------

    def money(self, amount) -> str:
        """An amount in the client's currency: ``$480,000.00``, ``480 000,00 €``."""
        from babel.numbers import format_currency

        text = format_currency(
            Decimal(amount), self.currency, locale=self.locale, numbering_system="default"
        )
        return text.replace("-", MINUS)

    def amount(self, value) -> str:
        """A money amount without its currency, grouped: ``480,000.00`` (tables)."""
        from babel.numbers import format_decimal

        text = format_decimal(
            Decimal(value), format="#,##0.00", locale=self.locale, numbering_system="default"
        )
        return text.replace("-", MINUS)

    def number(self, value, decimals: int = 0) -> str:
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        text = format_decimal(value, format=pattern, locale=self.locale, numbering_system="default")
        return text.replace("-", MINUS)

    def percent(self, share, decimals: int = 2) -> str:
        """A share as a percent with at most ``decimals`` decimals and no trailing zeros, in the
        locale's own percent pattern: ``110%``, ``16.8%`` (en), ``162,5 %`` (fr), ``137٪`` (ar)."""
        text = str(share) if isinstance(share, Decimal) else repr(float(share))
        return _percent_text(text, self.locale, decimals)

    def date(self, day: dt.date, form: str = "long") -> str:
        """A date: ``January 1, 2027``, ``1 janvier 2027``, ``1 يناير 2027``."""
        from babel.dates import format_date

        return format_date(day, format=form, locale=self.locale)

    @property
    def comma(self) -> str:
        """What separates the items of a list in the locale: ``", "`` (en, fr), ``"، "`` (ar)."""
        pattern = self._babel.list_patterns["standard"]["middle"]
        return pattern.replace("{0}", "").replace("{1}", "")

    def currency_affixes(self) -> tuple[str, str]:
        """The currency symbol as a chart's tick prefix and suffix: ``("$", "")`` in en_US,
        ``("", " €")`` in fr_FR (where the locale's pattern puts it)."""
        from babel.numbers import get_currency_symbol

        symbol = get_currency_symbol(self.currency, locale=self.locale)
        pattern = self._babel.currency_formats["standard"].pattern.split(";")[0]
        pattern = pattern.replace("\u200f", "").replace("\u200e", "")
        if pattern.startswith("¤"):
            return symbol + (pattern[1] if pattern[1].isspace() else ""), ""
        return "", "\u00a0" + symbol

    def separators(self) -> str:
        """plotly's ``layout.separators``: the locale's decimal sign, then its group sign."""
        from babel.numbers import get_decimal_symbol, get_group_symbol

        return get_decimal_symbol(self.locale) + get_group_symbol(self.locale)

    # --- problems ------------------------------------------------------------------------------

    def problem(self, p) -> str:
        """A :class:`core.errors.Problem` in the client's language: the field by its name for
        people (``Tarif mensuel``, ``Performance, T2``), the value as typed, what is wrong and
        what is allowed, each bound in the locale's forms (``1 000,00 €``, ``300 %``)."""
        from prepay_modeller.core.errors import fill
        from prepay_modeller.core.fields import field_of

        _ = self.gettext
        field, quarter = field_of(p.field)
        name = _(field.label) if field is not None and field.label != field.name else p.field
        if quarter is not None:
            name = f"{name}, {_('Q{quarter}').format(quarter=quarter)}"

        def words(text: str) -> str:
            return fill(_(text), p.params, p.unit, self._param) if text else ""

        if p.detail:
            body = words(p.detail)
        else:
            value = _(p.value) if p.value in ("(empty)", "(missing)") else p.value
            values = dict(value=self.isolate(value), problem=words(p.problem),
                          allowed=words(p.allowed))  # fmt: skip
            if p.hint:
                body = _("{value} {problem} (allowed: {allowed}; {hint})").format(
                    hint=words(p.hint), **values
                )
            else:
                body = _("{value} {problem} (allowed: {allowed})").format(**values)
        return _("{field}: {problem}").format(field=name, problem=body) if name else body

    def _param(self, value, unit: str) -> str:
        """A parameter of a problem's words in the locale's forms."""
        if isinstance(value, dt.date):
            return self.isolate(self.date(value))
        if isinstance(value, str):
            return self.isolate(value) if any(c.isdigit() for c in value) else self.gettext(value)
        if unit == "money":
            return self.isolate(self.money(value))
        if unit == "share":
            return self.isolate(self.percent(value, 6))
        d = Decimal(value)
        return self.isolate(self.number(d, 0 if d == d.to_integral_value() else 2))

    def isolate(self, text: str) -> str:
        """``text`` (a number, a date, a name) isolated from the sentence's direction, so that it
        reads in its own order inside right-to-left text (and left-to-right text)."""
        return f"{FSI}{text}{PDI}"


@cache
def _percent_text(share: str, locale: str, decimals: int = 2) -> str:
    from babel import Locale
    from babel.numbers import parse_pattern

    pattern = parse_pattern(Locale.parse(locale).percent_formats[None].pattern)
    pattern.frac_prec = (0, decimals)
    text = pattern.apply(Decimal(share), Locale.parse(locale), numbering_system="default")
    if locale.startswith("ar"):
        # One percent sign throughout an Arabic document, the Arabic one (DOMAIN.md, "Words for
        # clients"): CLDR's Latin-digit pattern gives "%" between direction marks.
        text = text.replace("\u200e", "").replace("%", "\u066a")
    return text.replace("-", MINUS)


ENGLISH = Speech()


def speech(language: str = "", currency: str = "") -> Speech:
    """The :class:`Speech` of a language and a currency as typed (``fr``, ``eur``; empty: the
    defaults), read the one way (:mod:`inputs.locales`)."""
    from prepay_modeller.inputs.locales import read_currency, read_language

    return Speech(read_language(language), read_currency(currency))


# The columns of the data files whose text a client reads (extracted into the catalogs).
DATA_TEXT_COLUMNS = ("label", "stage", "objective", "key_result", "unit")


def extract_data_text(fileobj, keywords, comment_tags, options):
    """Babel extractor (``babel.cfg``): the client-facing text of a data CSV (option labels,
    stages, the OKR template's objectives, key results and units) or of ``brand.json`` (the
    tagline and the contacts' roles), one message per text."""
    import csv
    import json

    text = io.TextIOWrapper(fileobj, encoding="utf-8")
    if getattr(fileobj, "name", "").endswith(".json"):
        brand = json.load(text)
        words = [brand.get("tagline")] + [c.get("role") for c in brand.get("contacts", [])]
        for value in words:
            if value:
                yield 1, "", value, ["brand.json"]
        return
    for row_number, row in enumerate(csv.DictReader(text), start=2):
        for column in DATA_TEXT_COLUMNS:
            value = (row.get(column) or "").strip()
            if value and not value.replace(".", "").isdigit():
                yield row_number, "", value, [f"data column {column}"]
