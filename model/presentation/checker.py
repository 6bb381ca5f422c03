"""The document checker: a rendered proposal's PDF read back as text, and every place where its
sentences disagree with its own figures (DOMAIN.md rule 9: one voice in every document).

``prepay reports`` runs it on every PDF it prints (:func:`check_pdf`, from
:mod:`presentation.render`); a document that contradicts itself fails its row with the list of
what disagrees. It reads what the client reads, through poppler's ``pdftotext``: the page's
text in reading order (``-layout`` keeps a table's row on one line) and each word's place on
its page (``-bbox``). What it checks:

- **one break-even per option**: the summary's sentence, the options table's column and the
  cost chart's labels give each option the same break-even;
- **one saving**: the summary's saving (or extra cost) against pay-as-you-go is the options
  table's for the proposed option;
- **dates**: every "amount, due on date" in a sentence is an invoice of the invoice table (that
  amount, due that day), and a document that says invoices fall "on the first day of each
  month" has them all on a 1st;
- **words**: no option's code (``prepay-12``, ``payg``), no "seed", and in French or Arabic no
  English word left untranslated;
- **pages**: no page less than half used (but the last), no last page holding only the footer,
  no section heading alone at a page's foot.

Text is compared in a canonical form (:func:`canonical`): direction marks, spaces and Arabic
vowel marks out, and in Arabic the letters of a lām-alif ligature in the order ``pdftotext``
gives them (it writes the ligature's glyph order, "ال" for "لا"). The document's words for
each anchor come from the same catalogs the template used, so the checker reads every
language the proposal writes.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path

from prepay_modeller.core.errors import PrepayError

PDFTOTEXT = "pdftotext"
# Marks that change nothing a reader sees: direction marks and isolates, soft hyphens, spaces.
_INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u00ad\\s\u00a0\u202f\u2009]")
_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u00ad]")
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # vowel marks and the tatweel
_LAM_ALIF = re.compile("ل([اأإآى])")  # pdftotext writes these ligatures' glyphs in this order
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")
MINUS = "\u2212"
# The options' codes: a client reads labels, never these (DOMAIN.md, "Words for clients").
CODES = re.compile(r"(?<![\w-])(payg|prepay-\d+)(?![\w-])|\bseed\b", re.I)
# English a French or Arabic document must not show (whole words, any case).
ENGLISH_WORDS = {
    "the", "and", "of", "with", "month", "months", "quarter", "quarters", "prepay",
    "prepayment", "pay-as-you-go", "break-even", "due", "invoice", "invoices", "saving",
    "savings", "seed", "draws", "costs", "target", "expected", "renewal", "summary", "days",
    "until", "over", "total", "cap", "option", "performance",
}  # fmt: skip
# Latin words an Arabic or French document may carry: products and the board's metrics as the
# sources write them (the catalogs' own Latin words are allowed too).
KEPT_WORDS = {"hubspot", "crm", "cms", "b2b", "saas", "roi", "mql", "mqls", "sql", "sqls", "cac"}
BLANK_SHARE = 0.5  # a page whose text ends above half its height is mostly blank


class DocumentProblem(PrepayError):
    """A rendered document contradicts itself (or reads wrong): each problem on one line."""


def visible(text: str) -> str:
    """``text`` without the marks a reader does not see (direction marks, soft hyphens); its
    spaces kept (they separate numbers)."""
    return _MARKS.sub("", text)


def canonical(text: str, rtl: bool = False, expected: bool = False) -> str:
    """``text`` as compared: invisible marks, spaces, parentheses and Arabic vowel marks out, one
    minus sign.
    An ``expected`` right-to-left text gets its lām-alif pairs in ``pdftotext``'s order."""
    text = html_lib.unescape(text)
    if rtl:
        text = _ARABIC_MARKS.sub("", text)
        if expected:  # within words: before the spaces go
            text = _LAM_ALIF.sub(r"\1ل", text)
    text = _INVISIBLE.sub("", text).replace("-", MINUS)
    return re.sub(r"[()]", "", text)  # pdftotext moves them about in right-to-left lines


# --- reading the PDF ------------------------------------------------------------------------------


@dataclass
class Page:
    """One page: its lines (``pdftotext -layout``), its words' places (``-bbox``) and size."""

    lines: list[str]
    height: float = 0.0
    words: list[tuple[float, float, str]] = field(default_factory=list)  # (y top, y bottom, word)

    @property
    def text_lines(self) -> list[str]:
        """The lines that hold text, the page number (``3 / 9``) left out."""
        out = [line for line in self.lines if line.strip()]
        if out and re.fullmatch(r"\s*\d+\s*/\s*\d+\s*", out[-1]):
            out = out[:-1]
        return out

    @property
    def lowest(self) -> float:
        """Where the page's text ends (its lowest word but the page number), from its top."""
        body = [bottom for top, bottom, _ in self.words if top < self.height * 0.94]
        return max(body, default=0.0)


def read_pdf(pdf: bytes) -> list[Page]:
    """The pages of ``pdf`` as ``pdftotext`` reads them."""
    with tempfile.TemporaryDirectory(prefix="prepay-check-") as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        layout = _pdftotext("-layout", str(path))
        boxes = _pdftotext("-bbox", str(path))
    pages = [Page(lines=chunk.split("\n")) for chunk in layout.split("\f")]
    if pages and not any(line.strip() for line in pages[-1].lines):
        pages.pop()  # the text ends with a form feed
    sizes = re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes, re.S)
    for page, found in zip(pages, sizes, strict=False):
        page.height = float(found.group(2))
        page.words = [
            (float(m.group(1)), float(m.group(2)), html_lib.unescape(m.group(3)))
            for m in re.finditer(
                r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>',
                found.group(3),
            )
        ]
    return pages


def _pdftotext(*args: str) -> str:
    try:
        done = subprocess.run(
            [PDFTOTEXT, "-q", "-enc", "UTF-8", *args, "-"],
            capture_output=True,
            timeout=60,
            check=True,
        )
    except FileNotFoundError:
        raise DocumentProblem(
            "the document checker needs pdftotext (poppler-utils): apt-get install poppler-utils"
        ) from None
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise DocumentProblem(f"pdftotext could not read the PDF ({exc})") from None
    return done.stdout.decode("utf-8", "replace")


# --- what the document's language writes ----------------------------------------------------------


class Reader:
    """Finds a document's figures in its text, in its language (the catalogs' words)."""

    def __init__(self, params: dict):
        from prepay_modeller.inputs.defaults import catalog
        from prepay_modeller.presentation.i18n import speech
        from prepay_modeller.presentation.proposal.words import Words

        self.params = params
        self.speech = speech(params.get("language") or "", params.get("currency") or "")
        self.words = Words(self.speech)
        self.rtl = self.speech.rtl
        self.catalog = catalog()
        self._ = self.speech.gettext
        decimal = self.speech.separators()[0]
        # Grouped by commas (en, ar), or by spaces (fr: pdftotext writes the narrow one so).
        number = r"\d+(?:,\d{3})*" if decimal == "." else r"\d{1,3}(?: \d{3})*"
        after = f"({MINUS})?" if self.rtl else "()"
        # A minus before the amount (before its currency symbol: "−$10,650.00"), or in a
        # right-to-left line after it, as pdftotext orders it ("72,540.00−د.إ.").
        self.money = re.compile(
            rf"(?:({MINUS})[^\d{MINUS}]{{0,4}}?)?(?<![\d.,])({number}{re.escape(decimal)}\d\d)"
            rf"(?!\d|\s?[%٪]){after}"
        )
        self.decimal = decimal
        # "115.79%", "121,05 %" (French puts a space before the sign), "137٪".
        self.percent = re.compile(r"(?<![\d.,])(" + MINUS + r")?(\d+(?:[.,]\d+)?)\s?[%٪]")

    def expect(self, text: str) -> str:
        """A text the document shows, in canonical form."""
        return canonical(text, self.rtl, expected=True)

    def anchor(self, message: str, after: str | None = None, before: str | None = None) -> str:
        """The canonical words of a catalog message: its longest literal stretch, or the one
        after placeholder ``after`` (before placeholder ``before``); tags and placeholders
        out."""
        text = re.sub(r"<[^>]+>", "", self._(message))
        parts = _PLACEHOLDER.split(text)
        # split gives literal, name, name, literal...: a placeholder's name at 3k+1 or 3k+2
        for i in range(1, len(parts), 3):
            name = parts[i] or parts[i + 1]
            if after is not None and name == after:
                return self.expect(parts[i + 2])
            if before is not None and name == before:
                return self.expect(parts[i - 1])
        return max((self.expect(p) for p in parts[::3]), key=len)

    def amounts(self, text: str) -> list[Decimal]:
        """Every money amount in a canonical text, signed."""
        out = []
        for m in self.money.finditer(text):
            digits = m.group(2)
            if self.decimal == ",":
                digits = digits.replace(" ", "").replace(",", ".")
            else:
                digits = digits.replace(",", "")
            value = Decimal(digits)
            out.append(-value if (m.group(1) or m.group(3)) else value)
        return out

    def shares(self, text: str) -> list[Decimal]:
        """Every percentage in a canonical text, as written (``115.79``, ``121,05``)."""
        out = []
        for m in self.percent.finditer(text):
            value = Decimal(m.group(2).replace(",", "."))
            out.append(-value if m.group(1) else value)
        return out

    def label(self, option) -> str:
        return self.expect(self.words.label(option))

    @cached_property
    def english(self) -> set[str]:
        """English words this language's catalog does not use itself."""
        return ENGLISH_WORDS - catalog_words(self.speech.language) - KEPT_WORDS


# --- the checks ---------------------------------------------------------------------------------


class Calendar:
    """The engagement's calendar in a document's short and long date forms, to read the
    dates a text shows (``1 Jan 2027``, ``1er janvier 2027``, ``1 يناير 2027``)."""

    def __init__(self, read: Reader):
        self.read = read

    @cached_property
    def forms(self) -> dict[str, dict[str, dt.date]]:
        """The engagement's calendar (a little before its start to after its last invoice) in
        the document's short and long forms, canonical: ``{"short": {text: date}, ...}``."""
        from prepay_modeller.inputs.terms import make_terms

        params = self.read.params
        out: dict[str, dict[str, dt.date]] = {"short": {}, "long": {}}
        try:
            terms = make_terms(
                option=params.get("option") or "payg",
                start=params.get("start") or None,
                horizon=params.get("horizon"),
            )
        except PrepayError:
            return out
        span = terms.horizon * 31 + int(params.get("payment_terms") or 0) + 120
        words = self.read.words
        for i in range(span):
            day = terms.start - dt.timedelta(days=60) + dt.timedelta(days=i)
            out["short"][self.read.expect(words.short_day(day))] = day
            out["long"][self.read.expect(words.day(day))] = day
        return out

    _DATE = re.compile(r"(?<!\d)\d{1,2}\D{1,16}?\d{4}(?!\d)")

    def _dates(self, text: str, kind: str) -> list[tuple[int, dt.date]]:
        """The dates of a text as shown (spaces kept), by where they start."""
        forms = self.forms[kind]
        rtl = self.read.rtl
        return [
            (m.start(), forms[key])
            for m in self._DATE.finditer(text)
            if (key := canonical(m.group(0), rtl)) in forms
        ]

    def short(self, line: str) -> list[dt.date]:
        return [day for _, day in self._dates(line, "short")]

    def long(self, text: str) -> list[tuple[int, dt.date]]:
        return self._dates(text, "long")


class Check:
    """One document's checks. ``problems`` lists, in words, everything that disagrees."""

    def __init__(self, pages: list[Page], params: dict, page_html: str = ""):
        self.pages = pages
        self.read = Reader(params)
        self.calendar = Calendar(self.read)
        self.html = page_html
        self.problems: list[str] = []
        # What was read, for a reader (or a test) to see the checks did not pass for want of
        # finding anything: break-evens per option and place, the two savings, the due dates.
        self.seen: dict = {"break_evens": {}, "saving": None, "due": []}
        rtl = self.read.rtl
        # Each line twice: as shown (spaces kept: they separate numbers) and canonical.
        self.raw = [visible(line) for page in pages for line in page.text_lines]
        self.lines = [canonical(line, rtl) for line in self.raw]
        self.text = "".join(self.lines)
        self.flat = " ".join(self.raw)

    def run(self) -> list[str]:
        for step in (self.break_evens, self.saving, self.due_dates, self.first_of_month):
            step()
        codes_and_words(self)
        page_layout(self)
        return self.problems

    def say(self, text: str) -> None:
        if text not in self.problems:
            self.problems.append(text)

    # --- sections ---------------------------------------------------------------------------------

    @cached_property
    def headings(self) -> list[str]:
        """The page's section headings (h2), canonical, in order."""
        found = re.findall(r"<h2[^>]*>(.*?)</h2>", self.html, re.S)
        return [self.read.expect(re.sub(r"<[^>]+>", "", h)) for h in found]

    @cached_property
    def subheadings(self) -> list[str]:
        found = re.findall(r"<h3[^>]*>(.*?)</h3>", self.html, re.S)
        return [self.read.expect(re.sub(r"<[^>]+>", "", h)) for h in found]

    @cached_property
    def _sections(self) -> list[tuple[str, int]]:
        """Each section heading and its line, found in the page's order (a line that merely
        reads like a later heading, "Renewals)" ending a sentence, is not taken for it)."""
        found, at = [], 0
        for heading in self.headings:
            for i in range(at, len(self.lines)):
                if self.lines[i] == heading:
                    found.append((heading, i))
                    at = i + 1
                    break
        return found

    def section(self, heading: str) -> range:
        """The lines (their indexes) of the section whose heading is the catalog's
        ``heading``, up to the next section's heading."""
        want = self.read.expect(self.read._(heading))
        marks = self._sections
        for k, (name, line) in enumerate(marks):
            if name == want:
                end = marks[k + 1][1] if k + 1 < len(marks) else len(self.lines)
                return range(line + 1, end)
        return range(0)

    # --- one break-even per option ---------------------------------------------------------------

    def break_evens(self) -> None:
        read = self.read
        seen: dict[str, dict[str, set[Decimal]]] = {}

        def note(option, where: str, value: Decimal) -> None:
            seen.setdefault(option.name, {}).setdefault(where, set()).add(value)

        options = self.read.catalog.options
        labels = {o.name: read.label(o) for o in options}
        proposed = read.catalog.option(read.params.get("option") or "")
        # The summary: its break-even sentence speaks of the proposed option only; the share
        # follows the sentence's first words (on the same line, else the next).
        anchor = read.anchor(
            "If every quarter performs at %(share)s, %(option)s costs what pay-as-you-go costs "
            "over %(months)s; if every quarter performs below that, it costs less.",
            before="share",
        )
        summary = self.section("Summary")
        for i in summary:
            if anchor and anchor in self.lines[i]:
                shares = read.shares(self.raw[i]) or read.shares(
                    self.raw[min(i + 1, len(self.raw) - 1)]
                )
                if shares:
                    note(proposed, "the summary", shares[0])
        # The options table: a row is its option's label and its figures; the break-even is
        # the row's last percentage (its first in a right-to-left line), where it has one.
        never = read.expect(read._("never reached"))
        for i in self.section("Every option side by side"):
            line = self.lines[i]
            for o in options:
                if o.is_payg or labels[o.name] not in line or len(read.amounts(self.raw[i])) < 3:
                    continue
                shares = read.shares(self.raw[i])
                if shares and never not in line:
                    note(o, "the options table", shares[0] if read.rtl else shares[-1])
        # The cost chart's labels: "6-month prepay: 127.78%" (the colon after the share in a
        # right-to-left line).
        for o in options:
            if o.is_payg:
                continue
            mark = re.compile(
                re.escape(labels[o.name]) + r":?(" + MINUS + r"?\d+(?:[.,]\d+)?)[%٪](:?)"
            )
            for line in self.lines:
                for m in mark.finditer(line):
                    if ":" in line[m.start() : m.end()]:
                        note(o, "the cost chart", Decimal(m.group(1).replace(",", ".")))
        self.seen["break_evens"] = seen
        for name, places in seen.items():
            values = set().union(*places.values())
            if len(values) > 1:
                where = "; ".join(
                    f"{place} {', '.join(sorted(str(v) for v in vals))}%"
                    for place, vals in places.items()
                )
                self.say(f"two break-evens for {self._label(name)}: {where}")

    def _label(self, name: str) -> str:
        return self.read.catalog.option(name).display

    # --- one saving -------------------------------------------------------------------------------

    def saving(self) -> None:
        read = self.read
        proposed = read.catalog.option(read.params.get("option") or "")
        if proposed.is_payg:
            return
        less = read.anchor("%(amount)s (%(share)s) less than pay-as-you-go", after="share")
        more = read.anchor(
            "%(amount)s more than pay-as-you-go: the variable part pays for results above target",
            after="amount",
        )
        said = None
        for i in self.section("Summary"):
            amounts = read.amounts(self.raw[i])
            for anchor, sign in ((less, 1), (more, -1)):
                # The words right after the amount: on its line, whatever the width.
                if amounts and anchor[:10] in self.lines[i] and said is None:
                    said = sign * abs(amounts[0])
        label = read.label(proposed)
        shown = None
        for i in self.section("Every option side by side"):
            amounts = read.amounts(self.raw[i])
            if label in self.lines[i] and len(amounts) >= 4:
                shown = amounts[0] if read.rtl else amounts[-1]
                break
        self.seen["saving"] = (said, shown)
        if said is None or shown is None:
            self.say(
                "the summary's saving or the options table's row for "
                f"{proposed.display} could not be read"
            )
        elif said != shown:
            self.say(
                f"the summary says {proposed.display} saves {said} against pay-as-you-go, the "
                f"options table {shown}"
            )

    # --- dates ------------------------------------------------------------------------------------

    @cached_property
    def invoices(self) -> list[tuple[dt.date, dt.date, Decimal]]:
        """The invoice table's rows: ``(issued, due, amount)``."""
        read = self.read
        rows = []
        for i in self.section("Invoices and when they are due"):
            days = self.calendar.short(self.raw[i])
            amounts = read.amounts(self.raw[i])
            if len(days) == 2 and len(amounts) == 1:
                first, second = sorted(days)
                rows.append((first, second, amounts[0]))
        return rows

    def due_dates(self) -> None:
        """Every "amount, due on date" in a sentence is an invoice: that amount due that day."""
        read = self.read
        if not self.invoices:
            self.say("the invoice table could not be read")
            return
        dues = {(due, amount) for _, due, amount in self.invoices}
        # "due" between the amount and the date ("$202,500.00, due on 1 January 2027"); French
        # "dû" but not "du" ("à partir du"), Arabic "تُستحق" (its vowel marks out).
        due_word = {
            "en": r"(?<!\w)due(?!\w)",
            "fr": r"(?<!\w)(?:dû|dus|due|dues)(?!\w)",
            "ar": r"[تي]ستحق",
        }.get(read.speech.language, r"(?<!\w)due(?!\w)")
        pattern = re.compile(due_word)
        # Amounts found in the whole text (a window's edge would cut one: "45 000,00" read as
        # "0,00").
        amounts = list(read.money.finditer(self.flat))
        for at, day in self.calendar.long(self.flat):
            last = next((m for m in reversed(amounts) if m.end() <= at), None)
            if last is None or at - last.end() > 60:
                continue
            if not pattern.search(_ARABIC_MARKS.sub("", self.flat[last.end() : at])):
                continue
            amount = read.amounts(last.group(0))[0]
            self.seen["due"].append((day, amount))
            if (day, abs(amount)) not in dues:
                self.say(
                    f"a sentence says {amount} is due on {day.isoformat()}, which no invoice is"
                )

    def first_of_month(self) -> None:
        """A document that says invoices fall on the first day of each month has them there."""
        read = self.read
        phrases = [
            "%(rate)s a month, invoiced and due on the first day of each month",
            "Pay-as-you-go is paid a month in advance: each month's %(rate)s is invoiced and due "
            "on the month's first day, starting %(start)s.",
        ]
        if not any(read.anchor(p) in self.text for p in phrases):
            return
        wrong = [due for _, due, _ in self.invoices if due.day != 1]
        if wrong:
            self.say(
                "the document says invoices are due on the first day of each month, but "
                f"invoices fall due on {', '.join(d.isoformat() for d in wrong[:3])}"
            )


# --- words ------------------------------------------------------------------------------------


def codes_and_words(check: Check) -> None:
    read = check.read
    raw = " ".join(line for page in check.pages for line in page.text_lines)
    names = (
        " ".join(str(read.params.get(k) or "") for k in ("prospect", "contact", "owner"))
        + " "
        + re.sub(r"<[^>]+>", " ", _names_html(check))
    )
    # Names and the reference, whole and in their letter runs ("PP-7K3X-9ABC": "pp").
    tokens = re.findall(r"[\w@.'-]+", names) + re.findall(r"[A-Za-z]+", names)
    allowed = {w.lower() for w in tokens}
    for m in CODES.finditer(raw):
        if m.group(0).lower() not in allowed:
            check.say(f"the code name {m.group(0)!r} is shown to the client")
    if read.speech.language == "en":
        return
    words = re.findall(r"(?<![\w@.])[A-Za-z][A-Za-z'-]*(?![\w@])", _strip_addresses(raw))
    for word in words:
        low = word.lower()
        parts = [x for x in low.split("-") if x]
        if low in allowed or low in KEPT_WORDS or parts and all(x in allowed for x in parts):
            continue
        allowed.add(low)  # said once per word
        if read.rtl and low not in catalog_words(read.speech.language):
            check.say(f"the Latin word {word!r} in an Arabic document is not translated")
        elif not read.rtl and low in read.english:
            check.say(f"the English word {word!r} is not translated")


def _names_html(check: Check) -> str:
    """The agency's, the contacts' and the prospect's names and the proposal's reference, as
    the page shows them."""
    kinds = "prospect-name|contact-name|agency|logo|prefilled|proposal-reference"
    found = re.findall(rf'class="(?:{kinds})[^"]*"[^>]*>(.*?)<', check.html)
    return " ".join(found)


# --- pages ----------------------------------------------------------------------------------


def page_layout(check: Check) -> None:
    pages = check.pages
    for number, page in enumerate(pages, start=1):
        if number < len(pages) and page.height and page.lowest < page.height * BLANK_SHARE:
            share = 1 - page.lowest / page.height
            check.say(f"page {number} is mostly blank ({share:.0%} of it empty)")
        lines = page.text_lines
        if number < len(pages) and lines:
            last = canonical(lines[-1], check.read.rtl)
            if last and last in check.headings + check.subheadings:
                check.say(f"page {number} ends with a heading alone ({lines[-1].strip()!r})")
    table_splits(check)
    footer = re.search(r'<p class="footer">(.*?)</p>', check.html, re.S)
    if pages and footer:
        text = canonical("".join(pages[-1].text_lines), check.read.rtl)
        want = check.read.expect(re.sub(r"<[^>]+>", "", footer.group(1)))
        if text and text == want:
            check.say(f"the last page (page {len(pages)}) holds only the footer")


def table_splits(check: Check) -> None:
    """No table continues on the next page after fewer than three of its rows: a page that
    starts with a table's repeated heading row (print CSS repeats a table's head on each
    page) must have left three rows or more under that heading on the page before."""
    read, rtl = check.read, check.read.rtl
    firsts = set()  # each table's first column heading, canonical
    for head in re.findall(r"<thead>(.*?)</thead>", check.html, re.S):
        cells = re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)
        if cells:
            firsts.add(read.expect(re.sub(r"<[^>]+>", "", cells[0])))

    def heading(line: str) -> str:
        words = line.split()  # a heading row's first word: at its right in Arabic
        return canonical(words[-1] if rtl else words[0], rtl) if words else ""

    for number in range(1, len(check.pages)):
        following = check.pages[number].text_lines
        first = heading(following[0]) if following else ""
        if not first or not any(f.startswith(first) for f in firsts):
            continue
        lines = check.pages[number - 1].text_lines
        starts = [i for i, line in enumerate(lines) if heading(line) == first]
        if not starts:
            continue
        rows = [
            line
            for line in lines[starts[-1] + 1 :]
            if read.amounts(visible(line)) or read.shares(visible(line)) or "—" in line
        ]
        if len(rows) < 3:
            check.say(
                f"a table is split after {len(rows)} row{'s' * (len(rows) != 1)} at the "
                f"foot of page {number}"
            )


def _strip_addresses(text: str) -> str:
    return re.sub(r"\S+@\S+|https?://\S+", " ", text)


@lru_cache(maxsize=8)
def catalog_words(language: str) -> frozenset[str]:
    """The Latin-letter words of ``language``'s translations (its catalog's own words: a
    French word that is also English, a product name the Arabic text keeps)."""
    from babel.messages.pofile import read_po

    from prepay_modeller.presentation.i18n import DOMAIN, LOCALE_DIR

    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return frozenset()
    with po.open("rb") as f:
        catalog = read_po(f, locale=language)
    words: set[str] = set()
    for message in catalog:
        if not message.id:
            continue  # the header
        strings = [message.string] if isinstance(message.string, str) else message.string
        for text in strings:
            text = _PLACEHOLDER.sub(" ", re.sub(r"<[^>]+>", " ", text or ""))
            words |= {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text)}
    return frozenset(words)


# --- the entry point -----------------------------------------------------------------------------


def check_pdf(pdf: bytes, params: dict, page_html: str = "") -> list[str]:
    """Every disagreement in a rendered proposal (``pdf``, printed from ``page_html`` with the
    report's ``params``), one line each; an empty list where it reads as one voice."""
    return Check(read_pdf(pdf), params, page_html).run()


def require_one_voice(pdf: bytes, params: dict, page_html: str = "") -> None:
    """Raise :class:`DocumentProblem` listing every disagreement :func:`check_pdf` finds."""
    problems = check_pdf(pdf, params, page_html)
    if problems:
        raise DocumentProblem("the document disagrees with itself: " + "; ".join(problems))
