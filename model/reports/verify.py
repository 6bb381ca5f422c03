"""``prepay verify FILE.pdf``: are a proposal PDF's figures what its embedded scenario gives?

The PDF carries its scenario and the parameters it was rendered with
(:mod:`inputs.proposal_file`). The proposal is built again from them, in this process (the
template's sections, :mod:`presentation.proposal`, without printing), and every amount of money
it shows (to the cent, in the proposal's language: ``$511,200.00``, ``511 200,00 €``) is compared
with the amounts in the PDF's text (pypdf), in reading order; the printed reference must be the
one its scenario gives. A chart's axis labels (no cents) and percentages are not amounts.

The check says whether the figures a reader sees were changed after rendering (an edited total,
a forged copy); ``--link-secret-file`` also says whether the client link it prints was signed
with the agency's secret. A proposal rendered by another version of prepay-modeller may word or
lay out its figures differently: the version that made it is named.
"""

from __future__ import annotations

import collections
import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from prepay_modeller.inputs import links
from prepay_modeller.inputs.proposal_file import ProposalFile, read_proposal

REFERENCE = re.compile(r"PP-[A-Z2-7]{4}-[A-Z2-7]{4}")


@dataclass
class Verification:
    """The answer: ``ok``, and where not, the first figure that differs."""

    path: Path
    ok: bool
    reference: str
    prospect: str
    figures: int = 0  # amounts compared
    difference: dict | None = None  # figure, label, pdf, scenario
    signed: bool | None = None  # None: not checked
    made_by: str = ""
    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        name = self.path.name
        if self.ok:
            out = (
                f"{name}: OK, its {self.figures} amounts and its reference {self.reference} are "
                f"what its scenario gives ({self.prospect})"
            )
        else:
            d = self.difference or {}
            where = f" ({d['label']})" if d.get("label") else ""
            out = (
                f"{name}: DIFFERS at {d.get('figure', 'a figure')}{where}: the PDF shows "
                f"{d.get('pdf') or 'nothing'}, its scenario gives {d.get('scenario') or 'nothing'}"
            )
        if self.signed is not None:
            out += "\nits client link is " + (
                "signed with this secret" if self.signed else "NOT signed with this secret"
            )
        return "\n".join([out, *self.notes])

    def document(self) -> dict:
        return {
            "file": str(self.path),
            "ok": self.ok,
            "reference": self.reference,
            "prospect": self.prospect,
            "figures": self.figures,
            "difference": self.difference,
            "signed": self.signed,
            "made_by": self.made_by,
        }


class _Text(HTMLParser):
    """The text a reader sees of an HTML page (no scripts, no styles)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def money_pattern(locale: str, signed: bool = True, prefix: str = "") -> re.Pattern:
    """An amount to the cent as ``locale`` writes it (its group and decimal symbols), not a
    percentage and not part of a longer number; with its minus sign where ``signed`` (before
    the currency's ``prefix``, ``−$12.50``; a right-to-left PDF's text puts the sign apart from
    its number, so there the sign is left aside)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    g, d = re.escape(get_group_symbol(locale)), re.escape(get_decimal_symbol(locale))
    sign = rf"(?:(?P<sign>[−-])(?:{re.escape(prefix.strip())})?\s?)?" if signed else ""
    return re.compile(
        rf"{sign}(?<![\d{g}{d}%٪])(?P<digits>\d{{1,3}}(?:{g}\d{{3}})*{d}\d{{2}})"
        r"(?![\d%٪])(?!\s*[%٪])"
    )


def find_amounts(pattern: re.Pattern, text: str) -> list[tuple[str, int]]:
    """Each amount ``pattern`` finds in ``text``, signed, with where it starts."""
    out = []
    for m in pattern.finditer(text):
        sign = (m.groupdict().get("sign") or "").replace("-", "−")
        out.append((sign + m.group("digits"), m.start()))
    return out


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def expected_html(params: dict) -> str:
    """The proposal's sections for ``params``, built again (no notebook, no printing)."""
    from prepay_modeller.inputs.parameters import BY_NAME
    from prepay_modeller.reports import proposal

    given = {k: v for k, v in params.items() if k in BY_NAME}
    return "\n".join(html for _, html in proposal.build(**given).sections())


def _label(text: str, start: int, symbol: str) -> str:
    """The words a reader sees just before an amount (what the figure is)."""
    before = text[max(0, start - 80) : start].replace(symbol, " ")
    before = " ".join(REFERENCE.sub("", before).split()).strip(" ·:(")
    return " ".join(before.split(" ")[-6:])


def _money(token: str, words) -> str:
    """An amount as found (``411,200.00``) written as the document writes money."""
    from decimal import Decimal, InvalidOperation

    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = words.locale
    plain = token.replace(get_group_symbol(locale), "").replace(get_decimal_symbol(locale), ".")
    try:
        return words.money(Decimal(plain.replace("−", "-")))
    except InvalidOperation:
        return token


def compare_amounts(expected: list[str], found: list[str]) -> tuple[int, int, int] | None:
    """None where the PDF shows the same amounts as many times as its scenario gives them;
    else the first difference, as (position in the PDF's amounts, in the scenario's, which)."""
    if collections.Counter(expected) == collections.Counter(found):
        return None
    matcher = difflib.SequenceMatcher(None, expected, found, autojunk=False)
    for tag, i1, _i2, j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            return j1, i1, 0
    return 0, 0, 0


def verify_pdf(path: str | Path, secret_file: str | None = None) -> Verification:
    """Check the proposal PDF at ``path`` (see the module's docstring)."""
    path = Path(path)
    record: ProposalFile = read_proposal(path)
    params = record.parameters
    text = pdf_text(path)
    result = Verification(
        path, True, record.reference, str(params.get("prospect", "")), made_by=record.made_by
    )
    if secret_file is not None and record.link:
        secret = links.load_secret(secret_file)
        result.signed = links.signed_by(record.link.split("?", 1)[-1], secret)
    printed = REFERENCE.findall(text)
    computed = record.computed_reference
    if record.reference != computed or not printed or printed[0] != computed:
        result.ok = False
        result.difference = {
            "figure": "the reference",
            "label": "",
            "pdf": printed[0] if printed else "",
            "scenario": computed,
        }
        return result
    from prepay_modeller.presentation.i18n import speech

    words = speech(params.get("language") or "", params.get("currency") or "")
    pattern = money_pattern(words.locale, not words.rtl, words.currency_affixes()[0])
    expected = [a for a, _ in find_amounts(pattern, visible_text(expected_html(params)))]
    matches = find_amounts(pattern, text)
    found = [a for a, _ in matches]
    result.figures = len(expected)
    first = compare_amounts(expected, found)
    if first is not None:
        j, i, _ = first
        result.ok = False
        result.difference = {
            "figure": f"amount {j + 1}",
            "label": _label(text, matches[j][1], "".join(words.currency_affixes()).strip())
            if j < len(matches)
            else "",
            "pdf": _money(found[j], words) if j < len(found) else "",
            "scenario": _money(expected[i], words) if i < len(expected) else "",
        }
    return result
