"""Proposals in the client's language and currency (issue 14): a French report's money and
dates are Babel's fr_FR forms, an Arabic report is right to left, its PDF holds the Arabic
headings in embedded fonts with Arabic glyphs. Expected amounts are worked out by hand from
DOMAIN.md's rules; their written forms come from Babel directly (not through the project's
formatter)."""

import datetime as dt
import html
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.numbers import format_currency, format_percent

from prepay_modeller.inputs import paths
from prepay_modeller.presentation.pdf import CHROMIUM
from prepay_modeller.reports import proposal

# One xdist worker runs this module, so its module-scoped fixture is made once (make test).
pytestmark = pytest.mark.xdist_group("i18n_reports")

BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# The sample's French prospect: Lumière Conseil, 6-month prepay at 45,000 EUR a month.
FRENCH = dict(
    prospect="Lumière Conseil", contact="Claire Dubois", rate=45000, option="prepay-6",
    performance_q1=0.9, performance_q2=1.3, horizon=6, start="2027-01-01", language="fr",
    currency="EUR", report_date="2026-12-02", plotlyjs="none",
)  # fmt: skip
# The sample's Arabic prospect: Al Waha Software, 12-month prepay at 180,000 AED a month.
ARABIC = dict(
    prospect="Al Waha Software", contact="ليلى حداد", rate=180000, option="prepay-12",
    performance_q1=0.9, performance_q2=1.1, performance_q3=1.2, performance_q4=1.2, horizon=12,
    start="2027-01-01", language="ar_AE", currency="AED", report_date="2026-12-02",
    plotlyjs="none",
)  # fmt: skip
ARABIC_HEADINGS = ["الملخص", "جدول دفعاتكم", "الفواتير ومواعيد استحقاقها", "الشروط", "القبول"]


def text_of(report) -> str:
    """The visible text of every section, tags and bidi marks out, spaces as one."""
    parts = []
    for _name, section in report.sections():
        section = re.sub(r"<script.*?</script>", "", section, flags=re.S)
        parts.append(html.unescape(re.sub(r"<[^>]+>", " ", section)))
    return re.sub(r"\s+", " ", BIDI.sub("", " ".join(parts)))


def fr_money(amount) -> str:
    return re.sub(r"\s", " ", format_currency(Decimal(amount), "EUR", locale="fr_FR"))


def test_a_french_report_writes_money_and_dates_in_fr_fr_forms():
    text = re.sub(r"\s", " ", text_of(proposal.build(**FRENCH)))
    # 45,000 × 6 × (1 − 10 %) = 243,000 on target: 40,500 a month; bases 121,500; fixed
    # 90 % and 60 %: 109,350 + 72,900 = 182,250 prepaid on the first day.
    for amount in ("40500", "45000", "182250", "243000", "109350", "72900"):
        assert fr_money(amount) in text, amount
    assert "182 250,00 €" in text  # what fr_FR reads: grouped by a space, decimal comma
    # Q1 variable: 121,500 × 10 % × 0.9 = 10,935; Q2: 121,500 × 40 % × 1.3 = 63,180.
    assert fr_money("10935") in text and fr_money("63180") in text
    # The first of a month is "1er" in French (DOMAIN.md, "Words for clients").
    assert format_date(dt.date(2026, 12, 2), "d MMMM y", locale="fr_FR") in text
    assert "1er janvier 2027" in text and "2 décembre 2026" in text
    assert not re.search(r"(?<!\d)1 (janvier|février|mars|avril|mai|juin|juillet)", text)
    assert format_percent(Decimal("0.9"), locale="fr_FR").replace("\xa0", " ") in text
    # The sources' words, and none of the English ones.
    # Pay-as-you-go is "paiement à l'utilisation" (the French article's table), never
    # "acompte": a CFO reads a deposit.
    for word in ("Prépaiement de 6 mois", "paiement à l'utilisation", "part fixe", "Résultat clé"):
        assert word in text
    for english in ("Summary", "pay-as-you-go", "$", "Quarter", "January", " Q1 "):
        assert english not in text
    assert "acompte" not in text.lower()


def test_an_arabic_report_is_right_to_left_in_its_currency():
    report = proposal.build(**ARABIC)
    assert (report.language, report.direction) == ("ar", "rtl")
    for name, section in report.sections():
        if section:
            assert 'dir="rtl"' in section.split(">", 1)[0], name
    # A left-to-right report's sections carry no dir: the page's is enough.
    assert "dir=" not in proposal.build(**FRENCH).summary().split(">", 1)[0]
    text = text_of(report)
    # 180,000 × 12 × (1 − 20 %) = 1,728,000; bases 432,000; fixed 90/60/50/40 %: 1,036,800.
    ae = format_currency(Decimal("1036800"), "AED", locale="ar_AE")
    assert re.sub(r"\s+", " ", BIDI.sub("", ae)) in text
    assert "1,036,800.00" in text and "د.إ." in text and "$" not in text
    for heading in ARABIC_HEADINGS:
        assert heading in text
    assert format_date(dt.date(2027, 1, 1), "d MMMM y", locale="ar_AE") in text
    # Numbers and dates inside Arabic sentences are isolated (FSI … PDI) so they keep their order.
    assert "\u2068" + format_date(dt.date(2027, 1, 1), "d MMMM y", locale="ar_AE") + "\u2069" in (
        report.summary()
    )


def test_the_page_head_says_the_language_and_direction():
    assert proposal.page_head(ARABIC)["dir"] == "rtl"
    head = proposal.page_head(FRENCH)
    assert (head["lang"], head["dir"]) == ("fr", "ltr")
    assert head["title"].startswith("Proposition pour Lumière Conseil")


def test_a_bad_language_or_currency_is_named():
    from prepay_modeller.core.errors import InputError

    with pytest.raises(InputError) as caught:
        proposal.parameters(**{**FRENCH, "language": "de", "currency": "JPY"})
    message = str(caught.value)
    assert "language: de is not a language we write (allowed: en, fr or ar" in message
    assert "currency: JPY has 0 minor digits" in message


def poppler(tool: str, pdf: Path, *args) -> str:
    return subprocess.run(
        [tool, *args, str(pdf), "-"] if tool == "pdftotext" else [tool, str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """The sample's French and Arabic prospects rendered by ``prepay reports``."""
    from prepay_modeller import cli

    out = tmp_path_factory.mktemp("i18n")
    source = paths.DATA_DIR / "prospects.csv"
    args = ["reports", str(source), "--out", str(out), "--workers", "2", "--quiet", "--only"]
    assert cli.main([*args, FRENCH["prospect"], ARABIC["prospect"]]) == 0
    return {"fr": out / "lumiere-conseil-proposal.pdf", "ar": out / "al-waha-software-proposal.pdf"}


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils is not installed")
def test_the_arabic_pdf_holds_its_headings_in_embedded_arabic_fonts(pdfs):
    page = pdfs["ar"].with_suffix(".html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    text = BIDI.sub("", poppler("pdftotext", pdfs["ar"]))
    for heading in ARABIC_HEADINGS:
        assert heading in text, heading
    assert "1,036,800.00" in text
    fonts = poppler("pdffonts", pdfs["ar"]).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # emb
    names = " ".join(line.split()[0] for line in fonts)
    assert "NotoSansArabic" in names and "LastResort" not in names
    # No tofu: every Arabic letter the page's text holds came out of the PDF as itself (a
    # glyph a font lacks has no character behind it).
    letters = set(re.findall("[\u0621-\u064a]", re.sub(r"<[^>]+>", " ", page)))
    assert letters and letters <= set(text), sorted(letters - set(text))


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils is not installed")
def test_the_french_pdf_reads_in_french(pdfs):
    text = re.sub(r"[ \u00a0\u202f]+", " ", poppler("pdftotext", pdfs["fr"]))
    expected = [
        "Proposition pour Lumière Conseil",
        "Synthèse",
        "182 250,00 €",
        "1er janvier 2027",
        "paiement à l'utilisation",
        "Trimestre de l'engagement",
    ]
    for words in expected:
        assert words in text, words
    fonts = poppler("pdffonts", pdfs["fr"]).splitlines()[2:]
    assert all(line.split()[-5] == "yes" for line in fonts), fonts


def test_a_prospects_csv_names_each_bad_language_and_currency(tmp_path):
    from prepay_modeller.core.errors import PrepayError
    from prepay_modeller.inputs.prospects import load_prospects

    path = tmp_path / "prospects.csv"
    path.write_text(
        "prospect,option,language,currency\nAcme,prepay-6,de,JPY\nBeta,prepay-3,fr,KWD\n",
        encoding="utf-8",
    )
    with pytest.raises(PrepayError) as caught:
        load_prospects(path)
    lines = str(caught.value).splitlines()
    assert lines == [
        "prospects.csv row 1, language: de is not a language we write (allowed: en, fr or ar "
        "(optionally with a region: en_GB, fr_CA, ar_SA))",
        "prospects.csv row 1, currency: JPY has 0 minor digits (the model counts in cents) "
        "(allowed: an ISO 4217 code with cents: USD, EUR, GBP, CAD, AED, SAR...)",
        "prospects.csv row 2, currency: KWD has 3 minor digits (the model counts in cents) "
        "(allowed: an ISO 4217 code with cents: USD, EUR, GBP, CAD, AED, SAR...)",
    ]
    path.write_text("prospect,option,language,currency\nGamma,prepay-3,AR-sa,sar\n", "utf-8")
    (row,) = load_prospects(path)
    assert (row["language"], row["currency"]) == ("ar_SA", "SAR")


def test_the_link_and_a_scenario_file_carry_language_and_currency(tmp_path):
    from prepay_modeller.app.link import query_of, read_query
    from prepay_modeller.inputs import scenarios

    setting = read_query("option=prepay-6&language=fr&currency=eur")
    assert (setting.language, setting.currency) == ("fr_FR", "EUR")
    assert query_of(setting).endswith("&language=fr_FR&currency=EUR")
    # English and dollars are the defaults: a link without them stays as it was.
    assert "language" not in query_of(read_query("option=prepay-6"))
    saved = scenarios.from_fields(
        {
            "name": "lumiere",
            "option": "prepay-6",
            "rate": 45000,
            "performance": 1,
            "start": "2027-01-01",
            "language": "fr",
            "currency": "EUR",
        }  # fmt: skip
    )
    assert (saved.language, saved.currency) == ("fr_FR", "EUR")
    from prepay_modeller.core.errors import PrepayError

    with pytest.raises(PrepayError, match="currency: JPY has 0 minor digits"):
        scenarios.from_fields({**saved.fields, "currency": "JPY"}, "lumiere.yaml")


def test_the_command_lines_tables_in_a_locale_and_its_json_unchanged(capsys):
    """``--language``/``--currency`` write a table's money, shares and dates as fr_FR does
    (DOMAIN.md's worked example: Q1 fixed 121,500, total 294,300, break-even 144.44 %); the
    JSON stays locale-free, the same with or without them."""
    from prepay_modeller import cli

    args = ["quote", "--option", "prepay-6", "--performance", "0.8,1.5", "--start", "2027-01-01"]
    assert cli.main([*args, "--language", "fr", "--currency", "EUR"]) == 0
    table = capsys.readouterr().out
    nnbsp, nbsp = "\u202f", "\u00a0"
    assert f"at 50{nnbsp}000,00{nbsp}€/month" in table
    assert f"121{nnbsp}500,00" in table and f"294{nnbsp}300,00" in table
    assert f"144,44{nbsp}%" in table and "1 janv. 2027" in table
    assert "$" not in table and "121,500.00" not in table
    assert cli.main([*args, "--format", "json", "--language", "fr", "--currency", "EUR"]) == 0
    localized = capsys.readouterr().out
    assert cli.main([*args, "--format", "json"]) == 0
    assert localized == capsys.readouterr().out
    assert cli.main([*args, "--currency", "KWD"]) == 2
    assert "currency: KWD has 3 minor digits" in capsys.readouterr().err
