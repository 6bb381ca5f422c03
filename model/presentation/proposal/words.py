"""How a proposal writes amounts, shares, dates and performance paths for a client to read, in the
client's language and currency (:class:`presentation.i18n.Speech`).

Only formatting: every value comes from the core as it is. In English money is ``$1,234.50``
with one minus sign (U+2212), shares are ``12.5%``, dates are ``1 January 2027``; in French
``1 234,50 €``, ``12,5 %``, ``1 janvier 2027``. In a right-to-left language every number, date
and name put into a sentence is isolated (U+2068…U+2069), so that it keeps its own order.
"""

from __future__ import annotations

import datetime as dt

from prepay_modeller.presentation.i18n import ENGLISH, Speech


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

    def day(self, value: dt.date) -> str:
        """``1 January 2027``, ``1 janvier 2027``."""
        return self._iso(self.speech.date(value, "d MMMM y"))

    def short_day(self, value: dt.date) -> str:
        """``1 Jan 2027``."""
        return self._iso(self.speech.date(value, "d MMM y"))

    def span(self, start: dt.date, end: dt.date) -> str:
        """``1 Jan – 31 Mar 2027``, or ``1 Nov 2027 – 31 Jan 2028`` across a year's end."""
        first = self.speech.date(start, "d MMM" if start.year == end.year else "d MMM y")
        return self._iso(f"{first} – {self.speech.date(end, 'd MMM y')}")

    def month(self, value: dt.date) -> str:
        """``Jan 2027``."""
        return self._iso(self.speech.date(value, "MMM y"))

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


FORMATS = Words()
"""English, for code that words a proposal without a client's language."""
