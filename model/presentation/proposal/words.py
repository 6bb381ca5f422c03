"""How a proposal writes amounts, shares, dates and performance paths for a client to read, in the
client's language and currency (:class:`presentation.i18n.Speech`).

Only formatting: every value comes from the core as it is. In English money is ``$1,234.50``
with one minus sign (U+2212), shares are ``12.5%``, dates are ``1 January 2027``; in French
``1 234,50 €``, ``12,5 %``, ``1 janvier 2027``. In a right-to-left language every number, date
and name put into a sentence is isolated (U+2068…U+2069), so that it keeps its own order.
"""

from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup

from prepay_modeller.presentation.i18n import ENGLISH, N_, Speech

# The currency's own minor unit ("exact to the cent", "au fils près"): DOMAIN.md, "Words for
# clients" (fils for the dirham, never "cent"). Others are exact "to two decimals".
MINOR_UNITS = {
    "USD": N_("cent"),
    "EUR": N_("cent"),
    "CAD": N_("cent"),
    "AUD": N_("cent"),
    "NZD": N_("cent"),
    "GBP": N_("penny"),
    "AED": N_("fils"),
    "BHD": N_("fils"),
    "KWD": N_("fils"),
    "JOD": N_("fils"),
    "SAR": N_("halala"),
}
VOWEL = "AEIOUYaeiouyÀÂÆÉÈÊËÎÏÔŒÙÛÜàâæéèêëîïôœùûü"
# Inline markup or an isolate that may stand between a word and the name it precedes.
_GAP = r"((?:<span[^>]*>|\u2068)*)"
# French elides "de", "le", "la", "que" before a vowel: "à l'attention d'Élodie" (DOMAIN.md).
_FR_ELIDE = re.compile(r"\b([DdLl]e|[Ll]a|[Qq]ue) " + _GAP + f"(?=[{VOWEL}])")
# ... and contracts "de le" and "à le" before an option's name: "du prépaiement", "au paiement".
_FR_CONTRACT = re.compile(r"\b([Dd]e|[Àà]) le " + _GAP + r"(?=(?:pré)?paiement\b)")
# Arabic joins the preposition lām to its word: "لـ الربع" is "للربع", "لـ سلمى" is "لسلمى".
_AR_LAM = re.compile("لـ " + _GAP + "(ال)?(?=[\u0621-\u064a])")
# A Latin comma before Arabic text is the Arabic one; a period after an amount that ends in one
# ("د.إ.") is not doubled.
_AR_COMMA = re.compile(r", (?=[\u0600-\u06ff]|\u2068|<span)")
_DOUBLE_PERIOD = re.compile(r"\.((?:\u200f|\u2069|</span>)*)\.")
_SCRIPT = re.compile(r"(<script\b.*?</script>)", re.S)
_TAG = re.compile(r"(<[^>]+>)")
# French puts a no-break space before ; : ! ? and inside « », so that no line starts with one.
_FR_SPACE = re.compile(r" ([;:!?»])|(«) ")


class Words:
    """What templates call: ``{{ f.money(x) }}``, ``{{ f.day(d) }}``… for one client."""

    def __init__(self, speech: Speech = ENGLISH):
        self.speech = speech
        self.gettext = speech.gettext
        self.ngettext = speech.ngettext
        self._ = speech.gettext

    def _iso(self, text: str) -> str:
        return self.speech.isolate(text) if self.speech.rtl else text

    # --- amounts and shares ------------------------------------------------------------------

    def money(self, value) -> str:
        """``$1,234.50``, ``−$15,600.00``, ``1 234,50 €``; ``—`` where there is none."""
        if value is None or (isinstance(value, float) and value != value):
            return "—"
        return self._iso(self.speech.money(value))

    def amount(self, value) -> str:
        """An amount without its currency (a table cell under a heading that names it)."""
        return self.speech.amount(value)

    def pct(self, value) -> str:
        """A share or a performance as a percent: ``80%``, ``162.5%``, ``−12.34%``."""
        return self._iso(self.speech.percent(value))

    def number(self, value) -> str:
        """A whole number, grouped: ``2,000``, ``2 000``."""
        return self._iso(self.speech.number(value))

    # --- dates ---------------------------------------------------------------------------------

    def _date(self, value: dt.date, form: str) -> str:
        text = self.speech.date(value, form)
        if self.speech.language == "fr" and value.day == 1 and form.startswith("d "):
            text = "1er" + text[1:]  # "1er janvier 2027": the first of a month (DOMAIN.md)
        return text

    def day(self, value: dt.date) -> str:
        """``1 January 2027``, ``1er janvier 2027``."""
        return self._iso(self._date(value, "d MMMM y"))

    def short_day(self, value: dt.date) -> str:
        """``1 Jan 2027``, ``1er janv. 2027``."""
        return self._iso(self._date(value, "d MMM y"))

    def span(self, start: dt.date, end: dt.date) -> str:
        """``1 Jan – 31 Mar 2027``, or ``1 Nov 2027 – 31 Jan 2028`` across a year's end."""
        first = self._date(start, "d MMM" if start.year == end.year else "d MMM y")
        return self._iso(f"{first} – {self._date(end, 'd MMM y')}")

    def month(self, value: dt.date, end: dt.date | None = None) -> str:
        """A month of the engagement: ``Jan 2027`` where it is a calendar month (from the 1st),
        else its dates, ``28 Feb – 27 Mar 2027`` (``end`` its last day)."""
        if end is None or value.day == 1:
            return self._iso(self.speech.date(value, "MMM y"))
        return self.span(value, end)

    def minor_unit(self) -> str:
        """The currency's minor unit (``cent``, ``fils``), or an empty text where it has none
        named here."""
        unit = MINOR_UNITS.get(self.speech.currency)
        return self._(unit) if unit else ""

    # --- the language's own typography ------------------------------------------------------------

    def polish(self, markup: str) -> Markup:
        """A rendered section in the language's own typography (outside its scripts): French
        elision before a vowel (``d'Élodie``); in Arabic the preposition lām joined to its word
        (``للربع``), the Arabic comma, and no doubled period after an amount ending in one."""
        language = self.speech.language
        if language not in ("fr", "ar"):
            return Markup(markup)
        parts = _SCRIPT.split(str(markup))
        for i in range(0, len(parts), 2):  # the even parts are outside <script>
            parts[i] = _fr_polish(parts[i]) if language == "fr" else _ar_polish(parts[i])
        return Markup("".join(parts))

    # --- quarters, paths, counts ---------------------------------------------------------------

    def q(self, quarter: int) -> str:
        """A quarter's short name: ``Q1``, ``T1``."""
        return self._("Q{quarter}").format(quarter=quarter)

    def stage(self, quarter: int, stage: str) -> str:
        """``Q1 Foundation``, ``T1 Fondation``."""
        return f"{self.q(quarter)} {self._(stage)}"

    def path(self, values) -> str:
        """A performance path: ``100% in every quarter`` or ``Q1 80%, Q2 150%``."""
        shown = [self.pct(v) for v in values]
        if len(set(shown)) == 1:
            if len(shown) > 1:
                return self._("{share} in every quarter").format(share=shown[0])
            return self._("{share} in its one quarter").format(share=shown[0])
        return self.speech.comma.join(f"{self.q(i)} {v}" for i, v in enumerate(shown, start=1))

    def quarter_list(self, quarters) -> str:
        """``Q1``, or ``Q1, Q5`` (the locale's list separator)."""
        return self.speech.comma.join(self.q(x) for x in quarters)

    def quarters(self, first: int, last: int) -> str:
        """``Q3`` or ``Q3–Q4``."""
        return self.q(first) if first == last else f"{self.q(first)}–{self.q(last)}"

    def days_later(self, days: int) -> str:
        """When an invoice issued today is due: ``on the day it is issued``, ``30 days later``."""
        if days == 0:
            return self._("on the day it is issued")
        text = self.ngettext("{n} day later", "{n} days later", days)
        return text.format(n=self._iso(str(days)))

    def months(self, count: int) -> str:
        """``1 month``, ``6 months``."""
        return self.ngettext("{n} month", "{n} months", count).format(n=self._iso(str(count)))

    def label(self, option) -> str:
        """An option's label in the client's language: ``12-month prepay``."""
        return self._(option.display)

    def the(self, option) -> str:
        """An option as a sentence names it: ``the 12-month prepay``, ``pay-as-you-go``."""
        if option.is_payg:
            return self._("pay-as-you-go")
        label = self.label(option)
        # In a sentence a label starts small: "le prépaiement de 12 mois".
        return self._("the {option}").format(option=label[:1].lower() + label[1:])

    def The(self, option) -> str:  # noqa: N802 (the form that starts a sentence)
        """The same at the start of a sentence: ``The 12-month prepay``, ``Pay-as-you-go``."""
        text = self.the(option)
        return text[:1].upper() + text[1:]


def _fr_polish(text: str) -> str:
    def elide(m: re.Match) -> str:
        word = m.group(1)
        return (word[:-1] if word.lower() == "que" else word[0]) + "'" + m.group(2)

    def contract(m: re.Match) -> str:
        word = m.group(1)
        return {"d": "du", "D": "Du", "à": "au", "À": "Au"}[word[0]] + " " + m.group(2)

    text = _FR_CONTRACT.sub(contract, _FR_ELIDE.sub(elide, text))
    parts = _TAG.split(text)
    for i in range(0, len(parts), 2):  # text between tags, never inside one
        parts[i] = _FR_SPACE.sub(
            lambda m: f"\u00a0{m.group(1)}" if m.group(1) else "«\u00a0", parts[i]
        )
    return "".join(parts)


def _ar_polish(text: str) -> str:
    text = _AR_LAM.sub(lambda m: "ل" + m.group(1) + ("ل" if m.group(2) else ""), text)
    text = _AR_COMMA.sub("، ", text)
    return _DOUBLE_PERIOD.sub(r".\1", text)


FORMATS = Words()
"""English, for code that words a proposal without a client's language."""
