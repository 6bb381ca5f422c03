"""``prepay app --founder`` as a founder sees it at 1366×768, in headless Chromium: moving the cash
and the performance moves the lowest cash and the runway to the core's figures (worked by hand
here, and asked of the core beside)."""

import os
import tempfile
from pathlib import Path

import pytest

from prepay_modeller.app import serve
from prepay_modeller.core.cash import cash_comparison, founder
from prepay_modeller.core.comparison import compare
from prepay_modeller.inputs.terms import make_terms
from prepay_modeller.presentation.founder import runway_words
from prepay_modeller.presentation.i18n import ENGLISH
from prepay_modeller.presentation.pdf import CHROMIUM
from prepay_modeller.presentation.proposal.words import Words

LOWEST, RUNWAY = ".founder-lowest-cash .value", ".founder-runway .value"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
    pytest.mark.xdist_group("browser_founder"),  # one worker: its server and Chromium made once
]


@pytest.fixture(scope="module")
def app_url():
    port = serve.free_port()
    process = serve.start_app_process(port, dict(os.environ), ["--founder"])
    try:
        serve.wait_until_serving(port, process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        assert serve.stop_process(process) == 0  # SIGTERM: a clean stop, kernels shut down


def core(cash: int, performance: float) -> tuple[str, str]:
    """The lowest cash and the runway of the 12-month prepay, as the core gives them (the
    notebook's defaults: burn 60,000, 12 months from the first of next month)."""
    terms = make_terms(option="prepay-12", horizon=12, performance=performance)
    c = cash_comparison(compare(terms), founder(cash, 60_000))
    path = c.paths["prepay-12"]
    return Words(ENGLISH).money(path.lowest_cash), runway_words(path, c.months, ENGLISH)


def shown(page, lowest: str, runway: str) -> None:
    page.wait_for_function(
        "([l, r, a, b]) => document.querySelector(l).textContent === a"
        " && document.querySelector(r).textContent === b",
        arg=[LOWEST, RUNWAY, lowest, runway],
        timeout=30_000,
    )


def test_cash_and_performance_move_lowest_cash_and_runway(browser, app_url):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        errors = []
        page.on("pageerror", lambda error: errors.append(error))
        page.goto(app_url, timeout=120_000)
        page.wait_for_selector(LOWEST, timeout=120_000)
        # 900,000 - 13 x 60,000 - 480,000; month 10 is the first to end below zero.
        assert core(900_000, 1.0) == ("−$360,000.00", "9 months")
        shown(page, "−$360,000.00", "9 months")
        assert "Traceback" not in page.inner_text("body")
        for selector in (LOWEST, RUNWAY, ".control-cash input", ".perf-q1-box input"):
            box = page.locator(selector).bounding_box()
            assert box and box["y"] + box["height"] <= 768, selector  # on the first screen

        page.fill(".control-cash input", "1.2m")
        page.press(".control-cash input", "Enter")
        # 1,200,000: month 13 ends at 72,000 - 60,000 - 72,000 = -60,000.
        assert core(1_200_000, 1.0) == ("−$60,000.00", "12 months")
        shown(page, "−$60,000.00", "12 months")

        for q in range(1, 5):
            page.fill(f".perf-q{q}-box input", "60")
            page.press(f".perf-q{q}-box input", "Enter")
        # At 60 %: variable parts 7,200, 28,800, 36,000, 43,200; month 13 ends at 16,800.
        assert core(1_200_000, 0.6) == ("$16,800.00", "beyond 13 months")
        shown(page, "$16,800.00", "beyond 13 months")
        # The chart follows: the 12-month prepay's last month-end is the lowest cash.
        page.wait_for_function(
            "() => { const p = document.querySelector('.chart-founder-cash.js-plotly-plot');"
            " const t = p && p.data && p.data.find(t => t.name === '12-month prepay');"
            " return t && Number(t.y[t.y.length - 1]) === 16800; }",
            timeout=30_000,
        )
        folder = Path(os.environ.get("PREPAY_SCREENSHOTS", tempfile.gettempdir()))
        (folder / "prepay-app").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / "prepay-app" / "founder-1366x768.png"))
    finally:
        page.close()
    assert not errors, errors
