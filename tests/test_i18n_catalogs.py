"""The gettext catalogs (issue 14): every message of the code, the templates and the data files
(``babel.cfg``, extracted now, as ``make catalogs`` does) is translated in every language, with
the same placeholders; a message a catalog lacks falls back to English."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from prepay_modeller.inputs.locales import LANGUAGES
from prepay_modeller.presentation.i18n import LOCALE_DIR, Speech

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}")


def extracted() -> dict:
    """Every message ``make catalogs`` would extract: msgid (a tuple for plurals) → where."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    out = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        out.setdefault(message, f"{filename}:{lineno}")
    return out


@pytest.fixture(scope="module")
def messages() -> dict:
    found = extracted()
    assert len(found) > 250  # the proposal, the app and the data files' words
    return found


def catalog(language: str):
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=language)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_message_is_translated(language, messages):
    cat = catalog(language)
    missing = []
    for message, where in messages.items():
        entry = cat.get(message)
        strings = () if entry is None else entry.string
        strings = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(f"{where}: {message!r}")
    assert not missing, f"{language} lacks {len(missing)} messages:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_translations_keep_the_placeholders(language):
    cat = catalog(language)
    for entry in cat:
        if not entry.id:
            continue
        wanted = set(PLACEHOLDER.findall(entry.id[-1] if entry.pluralizable else entry.id))
        forms = entry.string if entry.pluralizable else (entry.string,)
        for text in forms:
            assert set(PLACEHOLDER.findall(text)) <= wanted, (entry.id, text)
        if not entry.pluralizable:  # a plural form may leave the number out ("شهران")
            assert set(PLACEHOLDER.findall(entry.string)) == wanted, (entry.id, entry.string)


def test_every_language_has_a_catalog_and_english_is_the_code():
    for language in LANGUAGES:
        po = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
        assert po.is_file() == (language != "en"), po
    assert not list(LOCALE_DIR.rglob("*.mo"))  # compiled in memory, never kept


def test_a_message_a_catalog_lacks_falls_back_to_english():
    fr = Speech("fr_FR", "EUR")
    assert fr.gettext("Summary") == "Synthèse"
    assert fr.gettext("A sentence no catalog has") == "A sentence no catalog has"
    assert Speech("ar_AE", "AED").gettext("Summary") == "الملخص"
