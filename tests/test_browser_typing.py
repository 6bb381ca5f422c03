"""What the seller types is what the model uses (issue 20), in a real browser at 1366×768, in
English and in French: every form a seller writes into a quarter's box and the rate box, values
refused (the last good one kept and shown), a date typed digit by digit; after each, the
headline, the box's echo and the proposal PDF's text (or its refusal). Then the seller's view
as it opens (no table column, label, button or tab cut) and the client view in English, French
and Arabic with every column whole, and a scenario saved on one page listed on a
page opened right after. One app server and one browser for the module.

Expected totals are worked by hand from DOMAIN.md (12-month prepay, bases of a quarter of the
on-target total, Q1 fixed 90 %): at $50,000, on target $480,000 and Q1's variable target
$12,000; at 90 % in Q1, 480,000 − 1,200 = $478,800; at $40,000, 384,000 − 960 = $383,040.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from prepay_modeller.app import serve
from prepay_modeller.presentation.pdf import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed"),
    pytest.mark.xdist_group("browser_typing"),  # one app server and browser, on one worker
]
CALL = {"width": 1366, "height": 768}
TOTAL = ".headline-total .value"
NNBSP, NBSP = "\u202f", "\u00a0"
ISOLATES = str.maketrans("", "", "\u2068\u2069\u200e\u200f")


@pytest.fixture(scope="module")
def saved_dir(tmp_path_factory):
    """The folder of the store the app saves scenarios in (a fresh SQLite file: the default
    place since scenarios moved into the store), shared by every page of the module."""
    return tmp_path_factory.mktemp("store")


@pytest.fixture(scope="module")
def app_url(saved_dir):
    from tests.databases import fresh_sqlite

    port = serve.free_port()
    env = dict(os.environ, PREPAY_DB=fresh_sqlite(saved_dir))
    env.pop("PREPAY_SCENARIOS_DIR", None)
    process = serve.start_app_process(port, env, ["--max-sessions", "12"])
    try:
        serve.wait_until_serving(port, process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        assert serve.stop_process(process) == 0


# anywidget gives a model two seconds to start, then says so on the page; on a loaded 2-core
# machine, with the module's earlier pages' kernels still rendering proposals, it may take
# longer; the checks below still read every widget they need. Any other error fails the test.
SLOW_START = "[anywidget] Failed to initialize model."


def open_page(browser, url):
    context = browser.new_context(viewport=CALL, accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: None if SLOW_START in str(e) else page.errors.append(e))
    page.goto(url, timeout=120_000)
    page.wait_for_selector(TOTAL, timeout=120_000)
    return context, page


def plain(text: str) -> str:
    return " ".join(text.translate(ISOLATES).replace(NNBSP, " ").replace(NBSP, " ").split())


def text_of(page, selector) -> str:
    return plain(page.inner_text(selector))


def wait_text(page, selector, text, timeout=30_000):
    """Wait until ``selector``'s text, spaces and isolates aside, is ``text``."""
    page.wait_for_function(
        """([s, t]) => {
            const e = document.querySelector(s);
            if (!e) return false;
            const v = e.textContent.replace(/[\\u2068\\u2069\\u200e\\u200f]/g, '')
                .replace(/[\\u202f\\u00a0\\s]+/g, ' ').trim();
            return v === t;
        }""",
        arg=[selector, text],
        timeout=timeout,
    )


def wait_said(page, selector, typed):
    """Wait until the box's message area refuses ``typed`` (the one message it holds)."""
    page.wait_for_function(
        "([s, t]) => { const e = document.querySelector(s + ' .error');"
        " return e && e.textContent.replace(/[\\u2068\\u2069]/g, '').includes(t); }",
        arg=[selector, typed],
    )


def type_into(page, selector, text, digit_by_digit=False):
    box = page.locator(f"{selector} input")
    box.fill("")
    if digit_by_digit:
        box.press_sequentially(text, delay=40)
    else:
        box.fill(text)
    box.press("Enter")


def pdf_text(page, tmp_path) -> str | None:
    """The proposal PDF's text, or None where the app refuses to make it (its status says
    why)."""
    page.wait_for_timeout(300)  # the last change reached the kernel
    page.evaluate("() => { const s = document.querySelector('.proposal-status');"
                  " if (s) s.dataset.seen = s.textContent; }")  # fmt: skip
    downloads = []
    page.once("download", lambda download: downloads.append(download))
    page.click(".download-proposal-pdf button")
    failed = (
        "() => { const s = document.querySelector('.proposal-status');"
        " return s && s.querySelector('.failed') && s.textContent !== s.dataset.seen; }"
    )
    for _ in range(600):  # up to two minutes: a render takes seconds
        if downloads:
            break
        if page.evaluate(failed):
            return None
        page.wait_for_timeout(200)
    assert downloads, "no proposal and no reason given"
    path = tmp_path / "proposal.pdf"
    path.write_bytes(Path(downloads[0].path()).read_bytes())
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    return plain(done.stdout)


LANGUAGES = {
    "en": {
        "query": "?prospect=Acme",
        "forms": ["0.9", "90", "90 %", "90%"],
        "echo90": "= 90%", "total90": "$478,800.00", "total100": "$480,000.00",
        "rates": ["40k", "40 000", "40,000"], "echo40": "= $40,000.00",
        "total40": "$383,040.00", "refused": "Not taken", "date": "= March 1, 2027",
        "no_proposal": "No proposal", "due": "1 Mar 2027", "deal": "Deal",
    },
    "fr": {
        "query": "?prospect=Acme&language=fr&currency=EUR",
        "forms": ["0.9", "90", "90 %", "90%"],
        "echo90": "= 90 %", "total90": "478 800,00 €", "total100": "480 000,00 €",
        "rates": ["40 000", "40 k€"], "echo40": "= 40 000,00 €",
        "total40": "383 040,00 €", "refused": "Non retenu", "date": "= 1 mars 2027",
        "no_proposal": "Pas de proposition", "due": "1 mars 2027", "deal": "Offre",
    },
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_what_the_seller_types_is_what_the_model_uses(browser, app_url, language, tmp_path):
    say = LANGUAGES[language]
    context, page = open_page(browser, app_url + say["query"])
    q1 = ".perf-q1"
    wait_text(page, TOTAL, say["total100"])

    # A quarter's box: every form of 90 % is 90 % (the total, the echo, the PDF agree).
    for form in say["forms"]:
        type_into(page, q1 + "-box", form)
        wait_text(page, TOTAL, say["total90"])
        wait_text(page, q1 + "-echo", say["echo90"])
        text = pdf_text(page, tmp_path)
        assert text is not None and say["total90"] in text and "90" in text, form
        type_into(page, q1 + "-box", "1")  # 100 % again, so that the next form is seen
        wait_text(page, TOTAL, say["total100"])
    type_into(page, q1 + "-box", "90%")
    wait_text(page, TOTAL, say["total90"])

    # Refused: the last good value is kept and shown, said in the box's own message area, and
    # no proposal is made while it stands.
    for bad in ("1e9", "-5 %"):
        type_into(page, q1 + "-box", bad)
        wait_said(page, ".box-message-performance-q1", bad)
        assert say["refused"] in text_of(page, ".box-message-performance-q1")
        page.wait_for_function(
            "s => document.querySelector(s).value.replace(/\\s/g, '').startsWith('90')",
            arg=q1 + "-box input",
        )
        assert text_of(page, TOTAL) == say["total90"]
        assert pdf_text(page, tmp_path) is None
        assert say["no_proposal"] in text_of(page, ".proposal-status")
    type_into(page, q1 + "-box", "0.9")  # a good value clears the message
    page.wait_for_selector(".box-message-performance-q1 .error", state="detached")

    # The rate, in the locale's forms: all 40,000.
    page.click(f".control-tabs .lm-TabBar-tab:has-text('{say['deal']}')")
    for form in say["rates"]:
        type_into(page, ".control-rate", form)
        wait_text(page, TOTAL, say["total40"])
        wait_text(page, ".echo-rate", say["echo40"])
        text = pdf_text(page, tmp_path)
        assert text is not None and say["total40"] in text, form
        type_into(page, ".control-rate", "50000")
        wait_text(page, TOTAL, say["total90"])
    type_into(page, ".control-rate", say["rates"][0])
    wait_text(page, TOTAL, say["total40"])
    for bad in ["1e9", "-5 %"] + (["40.000"] if language == "fr" else []):
        type_into(page, ".control-rate", bad)
        wait_said(page, ".box-message-rate", bad)
        message = text_of(page, ".box-message-rate")
        assert say["refused"] in message
        if bad == "40.000":  # never 40: refused with what it may mean
            assert "vouliez-vous dire 40 000 ?" in message
        assert text_of(page, TOTAL) == say["total40"]  # the last good value, kept
        kept = plain(page.input_value(".control-rate input"))
        assert kept == ("40 000" if language == "fr" else "40,000")
        assert pdf_text(page, tmp_path) is None
    type_into(page, ".control-rate", say["rates"][0])
    page.wait_for_selector(".box-message-rate .error", state="detached")

    # A date typed digit by digit: the intended date (or a refusal), never year 4012.
    type_into(page, ".control-start", "2027-03-01", digit_by_digit=True)
    wait_text(page, ".echo-start", say["date"])
    assert say["due"] in text_of(page, ".headline-prepayment")
    text = pdf_text(page, tmp_path)
    assert text is not None and "4012" not in text and "2027" in text
    type_into(page, ".control-start", "12027-03-01", digit_by_digit=True)
    wait_said(page, ".box-message-start", "12027-03-01")
    wait_text(page, ".echo-start", say["date"])  # kept
    assert "4012" not in text_of(page, ".prepay-app")
    assert page.errors == []
    context.close()


def whole_columns(page, selector) -> bool:
    """Every table under ``selector`` fits its box (no column cut, no sideways scroll)."""
    return page.evaluate(
        """s => [...document.querySelectorAll(s + ' table')].every(t => {
            const box = t.parentElement.getBoundingClientRect();
            const r = t.getBoundingClientRect();
            return r.width <= box.width + 1 && [...t.querySelectorAll('td, th')].every(
                c => c.scrollWidth <= c.clientWidth + 1);
        })""",
        selector,
    )


def cut_words(page, least: int = 20) -> list[str]:
    """The labels, buttons and tabs of the page whose words do not fit their box (shown with
    an ellipsis or cut), by their text; at least ``least`` of them must be shown."""
    shown, cut = page.evaluate(
        """() => {
            const shown = [...document.querySelectorAll(
                '.prepay-app .widget-label, .prepay-app .widget-label-basic, .prepay-app button,'
                + ' .prepay-app .lm-TabBar-tabLabel')].filter(e => e.offsetParent !== null);
            return [shown.length, shown.filter(e => e.scrollWidth > e.clientWidth + 1)
                .map(e => e.textContent.trim())];
        }"""
    )
    assert shown > least  # the walk saw the sidebar's labels and buttons
    return cut


def legends_over_labels(page) -> list[str]:
    """The shown charts whose legend lies over an axis title or a tick label, by title."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.prepay-app .js-plotly-plot')]
            .filter(d => d.offsetParent !== null).filter(d => {
                const legend = d.querySelector('.legend');
                if (!legend) return false;
                const l = legend.getBoundingClientRect();
                const hit = e => {
                    const b = e.getBoundingClientRect();
                    return b.width > 0 && l.left < b.right && b.left < l.right
                        && l.top < b.bottom && b.top < l.bottom;
                };
                return [...d.querySelectorAll('.xtitle, .ytitle, .xtick text, .ytick text')]
                    .some(hit);
            }).map(d => (d.querySelector('.gtitle') || {textContent: '?'}).textContent)"""
    )


def every_tab_whole(page, language: str) -> None:
    """Each tab of the seller's app in turn, as a shared screen shows it: the sidebar's
    (performance, deal, splits, OKRs), then the views' (what prepaying is worth, engagements):
    no label, button or tab cut, no table wider than its box. Back on the first view after."""
    for bar, least in ((".control-tabs", 20), (".view-tabs", 5)):
        tabs = page.locator(f"{bar} > .lm-TabBar .lm-TabBar-tab")
        assert tabs.count() >= 3, (language, bar)
        for i in range(tabs.count()):
            name = tabs.nth(i).inner_text()
            tabs.nth(i).click()
            if bar == ".view-tabs" and i == 1:  # what prepaying is worth: drawn when opened
                page.wait_for_selector(".montecarlo-table table", state="visible")
            page.wait_for_timeout(400)  # the panel takes its size
            assert cut_words(page, least) == [], (language, name)
            assert whole_columns(page, ".prepay-app"), (language, name, "a table")
            assert legends_over_labels(page) == [], (language, name)
    page.locator(".view-tabs > .lm-TabBar .lm-TabBar-tab").first.click()


@pytest.mark.parametrize(
    "language, query",
    [("en", ""), ("fr", "&language=fr&currency=EUR"), ("ar", "&language=ar&currency=AED")],
)
def test_the_client_view_keeps_every_column_whole(browser, app_url, language, query):
    context, page = open_page(
        browser, app_url + "?option=prepay-12&prospect=Lumi%C3%A8re%20Conseil&performance="
        "0.8,1,1.2,1.3&start=2027-01-01" + query,
    )  # fmt: skip
    page.wait_for_timeout(1500)  # the charts take their height
    # The seller's view first: its tables and every label and button of the page, whole.
    assert whole_columns(page, ".views"), (language, "the analyst view's tables")
    assert cut_words(page) == [], language
    every_tab_whole(page, language)
    page.click(".client-view")
    page.wait_for_selector(".prepay-app.client-mode")
    page.wait_for_timeout(1500)  # the chart takes its height
    for table in (".options-table-compact", ".invoice-table"):
        assert whole_columns(page, table), (language, table)
    # The browser tab's title is the app's, in the client's words (it was "explorer").
    assert "Lumière Conseil" in page.title()
    folder = os.environ.get("PREPAY_DOCS_SHOTS")  # docs/img (see docs/reading-values.md)
    if folder:
        page.screenshot(path=str(Path(folder) / f"client-view-{language}-1366x768.png"))
    assert page.errors == []
    context.close()


def test_a_scenario_saved_on_one_page_is_listed_on_the_next(browser, app_url, saved_dir):
    context, page = open_page(browser, app_url + "?prospect=Acme")
    page.fill(".scenario-name input", "saved-just-now")
    page.click(".save-scenario")
    page.wait_for_selector(".scenario-message .done")
    assert "Saved saved-just-now" in page.inner_text(".scenario-message")
    assert str(saved_dir) not in page.inner_text(".prepay-app")  # no server path on a page
    with sqlite3.connect(saved_dir / "prepay.db") as db:  # in the store, where a team shares it
        found = db.execute("select count(*) from scenarios where name = 'saved-just-now'")
        assert found.fetchone() == (1,)
    other_context, other = open_page(browser, app_url)  # its kernel may predate the save
    other.wait_for_function(
        "() => [...document.querySelectorAll('.scenario-choice option')]"
        ".some(o => o.textContent === 'saved-just-now')",
        timeout=30_000,
    )
    # A page open before the save lists it once it is looked at again.
    page.fill(".scenario-name input", "saved-later")
    page.click(".save-scenario")
    page.wait_for_selector(".scenario-message .done")
    # The seller comes back to the other page (its window loses and regains the focus), again
    # each second until it lists the scenario: a page still setting itself up when the focus
    # first comes back does not ask yet (app/static/link.js), as a person would look again.
    other.wait_for_function(
        """() => {
            const listed = [...document.querySelectorAll('.scenario-choice option')]
                .some(o => o.textContent === 'saved-later');
            if (!listed) {
                window.dispatchEvent(new Event('blur'));
                window.dispatchEvent(new Event('focus'));
            }
            return listed;
        }""",
        polling=1000,
        timeout=30_000,
    )
    assert re.search(r"saved-later", other.inner_text(".scenario-choice"))
    assert page.errors == [] and other.errors == []
    other_context.close()
    context.close()
