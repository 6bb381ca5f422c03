"""Every word on the app's screens goes through the catalogs (issue 20): the app is built, driven
through its states (a prospect named, a value refused, a scenario saved and compared, the OKR
and worth tabs opened, a proposal asked for while a box is refused) and switched to French and
to Arabic; then every widget is walked (descriptions, placeholders, tooltips, options, tab
titles, buttons, HTML, the charts' titles, axes, legends and annotations) and any English word
left on the screen fails the test.

"English" is measured against the catalogs themselves: a word of an English message that no
French translation uses (``months``, ``Rendering``, ``Download``) must not be on a French screen;
on an Arabic screen no Latin word may be left but names and codes (``ALLOWED``).
"""

import datetime as dt
import html
import re
from decimal import Decimal

import ipywidgets as w
import pytest
from babel.messages.pofile import read_po

from prepay_modeller.app.download import DownloadButton
from prepay_modeller.app.explorer import ExplorerApp
from prepay_modeller.app.link_widget import LinkBar
from prepay_modeller.app.plotly_widget import Chart
from prepay_modeller.presentation.i18n import LOCALE_DIR

START = dt.date(2027, 1, 1)
PROSPECT = "Zenith Labs"
# Names and codes a screen may show in any language: the prospect, the saved scenarios, the
# languages by their own names, currencies, acronyms of the trade, file formats and the
# command a hint names.
ALLOWED = {
    "Zenith", "Labs", "zenith", "q1", "slow", "English", "Français", "USD", "EUR", "GBP", "CAD",
    "AED", "SAR", "OKR", "OKRs", "CSV", "PDF", "HTML", "MQL", "MQLs", "SQL", "SQLs", "CRM",
    "ABM", "ACV", "CAC", "LTV", "SaaS", "B2B", "prepay", "reports", "YYYY", "MM", "DD", "US",
    "Excel", "zenith-q", "acme-prepay", "YYYY-MM-DD", "scenarios",
    "HubSpot", "Marketing", "Hub", "CMS",  # the OKR template's product names
}  # fmt: skip
# The commands a hint names, in any language: code, not words.
COMMANDS = re.compile(r"\bprepay (?:engagement new|reports|scenarios)\b")
TAGS = re.compile(r"<style.*?</style>|<script.*?</script>|<[^>]+>", re.S)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)s")
WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]*[A-Za-zÀ-ÿ]|[A-Za-zÀ-ÿ]")


def catalog_words(language: str, side: str = "string") -> set[str]:
    """The words of ``language``'s catalog: its translations (``string``) or the English
    messages (``id``), placeholders aside."""
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        cat = read_po(f, locale=language)
    words = set()
    for m in cat:
        texts = getattr(m, side)
        for s in texts if isinstance(texts, tuple) else (texts,):
            words.update(w.lower() for w in WORD.findall(PLACEHOLDER.sub("", s or "")))
    return words


def english_words() -> set[str]:
    """Words of the English messages that the French translations never use."""
    english = catalog_words("fr", side="id")
    return english - catalog_words("fr") - {w.lower() for w in ALLOWED}


def texts_of(widget, seen=None):
    """Every text a person can read on ``widget`` and its children (HTML as its text)."""
    seen = seen if seen is not None else set()
    if id(widget) in seen:
        return
    seen.add(id(widget))
    for name in ("description", "placeholder", "tooltip", "label", "help", "copy_label",
                 "copied_label", "title"):  # fmt: skip
        value = getattr(widget, name, None)
        if isinstance(value, str) and value:
            yield name, value
    if isinstance(widget, w.HTML | w.HTMLMath | w.Label):
        yield "value", html.unescape(TAGS.sub(" ", widget.value))
    if isinstance(widget, DownloadButton) and widget.slow:
        yield "busy_label", widget.busy_label.replace("{seconds}", "3")
    for name in ("_options_labels", "tooltips", "titles"):
        for value in getattr(widget, name, None) or ():
            if value:
                yield name, value
    if isinstance(widget, Chart):
        yield from chart_texts(widget.figure)
    for child in getattr(widget, "children", ()) or ():
        yield from texts_of(child, seen)


def chart_texts(figure: dict):
    layout = figure.get("layout", {})
    title = layout.get("title")
    if isinstance(title, dict) and title.get("text"):
        yield "chart title", title["text"]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            t = axis.get("title")
            if isinstance(t, dict) and t.get("text"):
                yield "axis", t["text"]
    for note in layout.get("annotations", []) or []:
        if note.get("text"):
            yield "annotation", TAGS.sub(" ", note["text"])
    for trace in figure.get("data", []):
        if trace.get("name"):
            yield "legend", trace["name"]
        for text in trace.get("text") or [] if isinstance(trace.get("text"), list) else []:
            if isinstance(text, str):
                yield "label", text


def drive(app: ExplorerApp, tmp_path) -> None:
    """Every state the app's words come from."""
    app.proposal.prospect.value = PROSPECT
    app.scenarios.name.value = "zenith-q1"
    app.scenarios.save()
    app.scenarios.name.value = "slow"
    app._row(1).performance.box.value = "0.6"
    app.scenarios.save()
    app.scenarios.chosen.value = ("zenith-q1", "slow")
    app.scenarios.compare()
    app.layout.controls.selected_index = 3  # the OKR tab
    app.okr.build()
    for panel in app.panels:
        if panel.opened is not None:
            panel.opened()
    app._row(2).performance.box.value = "1e9"  # refused: its message area speaks
    app.rate.box.value = "40.000"
    pdf = app.proposal.buttons["pdf"]  # refused: a box's value was not taken
    pdf.send = lambda *a, **k: None
    pdf._handle(pdf, {"event": "download"}, [])
    app.open_link("option=prepay-12&rate=abc&performance=1e1000000")  # the link's note
    app._row(1).fixed.box.value = "95"  # a cap below the variable share: said by its box
    app._row(1).variable_max.value = Decimal("0.05")  # set by a script: the app's message


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scenarios")
    mp = pytest.MonkeyPatch()
    mp.setenv("PREPAY_SCENARIOS_DIR", str(folder))
    built = {}
    for locale, currency in (("fr_FR", "EUR"), ("ar_AE", "AED")):
        app = ExplorerApp(start=START)
        app.deal.currency.value = currency
        app.deal.language.value = locale
        drive(app, folder)
        built[locale] = app
    yield built
    for app in built.values():
        app.proposal.renderer.close()
    mp.undo()


def leftovers(app, allowed_latin=None, english=None):
    found = []
    for where, text in texts_of(app.widget):
        for word in WORD.findall(COMMANDS.sub(" ", text)):
            if len(word) == 1 or word in ALLOWED or word.lower() in {a.lower() for a in ALLOWED}:
                continue
            if english is not None and word.lower() not in english:
                continue
            found.append(f"{where}: {word!r} in {text.strip()[:90]!r}")
    return sorted(set(found))


def test_the_french_screen_has_no_english_word(apps):
    found = leftovers(apps["fr_FR"], english=english_words())
    assert found == [], "\n".join(found)


def test_the_arabic_screen_has_no_latin_word_but_names_and_codes(apps):
    found = leftovers(apps["ar_AE"])
    assert found == [], "\n".join(found)


def test_the_walk_sees_the_states_it_drove(apps):
    # The walk would pass on an empty screen: it must have read the words it is about.
    texts = " ".join(t for _, t in texts_of(apps["fr_FR"].widget))
    for words in ("Non retenu", "Tarif mensuel", "Performance, T2", "(à l'écran)", "Comparés",
                  "Pas de proposition", "Scénarios côte à côte", "Part variable, T1",
                  "TRI", "valeur actuelle", "Les engagements signés"):  # fmt: skip
        assert words in texts, words
    assert any(isinstance(b, DownloadButton) for b in [*apps["fr_FR"].views.downloads.values()])
    assert isinstance(apps["fr_FR"].link, LinkBar)


# --- the founder's app and the client link's view: the same walk ----------------------------


@pytest.fixture(scope="module")
def founder_apps():
    from prepay_modeller.app.founder import FounderApp

    built = {}
    for locale, currency in (("fr_FR", "EUR"), ("ar_AE", "AED")):
        app = FounderApp(cash=900_000, burn=60_000, option="prepay-12", start=START.isoformat())
        app.deal.currency.value = currency
        app.deal.language.value = locale
        app.deal.horizon.value = 24  # quarters added after the switch speak it too
        app.cash.box.value = "9e99"  # refused: its message area speaks
        app.goal.value = "discount"
        app.seek()
        built[locale] = app
    return built


@pytest.fixture(scope="module")
def client_apps():
    from prepay_modeller.app.explorer import explorer_app
    from prepay_modeller.app.proposal_job import ProposalRenderer
    from prepay_modeller.inputs import links
    from prepay_modeller.inputs.terms import make_terms

    terms = make_terms(option="prepay-6", rate="40000", performance=[0.8, 1.5], start=START)
    built = {}
    mp = pytest.MonkeyPatch()
    mp.setenv("VOILA_PREHEAT", "False")
    for locale, currency in (("fr_FR", "EUR"), ("ar_AE", "AED")):
        pairs = links.scenario_pairs(terms, PROSPECT, "", locale, currency)
        url = links.make_link("http://127.0.0.1:1/", pairs, b"k" * 40, ("option", "performance"))
        mp.setenv("QUERY_STRING", url.split("?", 1)[1])
        app = explorer_app(renderer=ProposalRenderer(lambda p: {"pdf": b"%PDF"}))
        app._row(2).performance.box.value = "1e9"  # refused
        built[locale] = app
    mp.undo()
    return built


@pytest.mark.parametrize("which", ["founder", "client"])
def test_the_founders_app_and_the_client_view_speak_french_and_arabic(
    which, founder_apps, client_apps
):
    apps = {"founder": founder_apps, "client": client_apps}[which]
    found = leftovers(apps["fr_FR"], english=english_words()) + leftovers(apps["ar_AE"])
    assert found == [], "\n".join(found)
    texts = " ".join(t for _, t in texts_of(apps["fr_FR"].widget))
    seen = {
        "founder": ("Valeur cible", "Consommation mensuelle", "24 mois", "T8", "Non retenu"),
        "client": ("Télécharger la proposition (PDF)", "Échéancier de paiement",
                   "Préparation… 3 s", "Non retenu"),
    }[which]  # fmt: skip
    for words in seen:
        assert words in texts, words
    assert type(apps["fr_FR"]).__name__ == {"founder": "FounderApp", "client": "ClientApp"}[which]
