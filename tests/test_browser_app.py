"""The explorer as a user sees it: ``prepay app`` served on a free loopback port, driven in
headless Chromium (Debian's, through Playwright). Expected numbers are the model's, worked by
hand in DOMAIN.md's tables; the plotted data is read from the page's plotly charts."""

import os
import tempfile
from pathlib import Path

import pytest

from prepay_modeller.app import serve
from prepay_modeller.inputs import paths
from prepay_modeller.presentation.pdf import CHROMIUM
from prepay_modeller.presentation.pdf import CHROMIUM_ARGS as ARGS

TOTAL = ".headline-total .value"
PLOT = "document.querySelector('.chart-{}.js-plotly-plot')"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def app_url():
    port = serve.free_port()
    process = serve.start_app_process(port)
    try:
        serve.wait_until_serving(port, process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        assert serve.stop_process(process) == 0  # SIGTERM: a clean stop, kernels shut down


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url):
    page = browser.new_page(viewport={"width": 1500, "height": 1200})
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(app_url, timeout=120_000)
    page.wait_for_selector(TOTAL, timeout=120_000)
    wait_chart(page, "schedule", timeout=120_000)
    yield page
    page.close()
    assert not errors, errors


def shot_dir() -> Path:
    folder = Path(os.environ.get("PREPAY_SCREENSHOTS", tempfile.gettempdir())) / "prepay-app"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def wait_total(page, text):
    page.wait_for_function(
        "t => document.querySelector('.headline-total .value').textContent === t",
        arg=text,
        timeout=30_000,
    )


def wait_chart(page, chart, timeout=30_000):
    page.wait_for_function(
        f"() => {{ const p = {PLOT.format(chart)}; return p && p.data && p.data.length; }}",
        timeout=timeout,
    )


def trace_y(page, chart, name):
    return page.evaluate(
        f"n => {PLOT.format(chart)}.data.find(t => t.name === n).y.map(Number)", name
    )


def test_option_and_slider_change_the_headline_and_the_charts(page):
    assert page.inner_text(TOTAL) == "$480,000.00"  # prepay-12 on target (DOMAIN.md)
    # No code and no traceback on the page: Voila strips the sources.
    assert page.locator(".jp-InputArea, .jp-CodeCell .jp-InputArea-editor").count() == 0
    assert "Traceback" not in page.inner_text("body")

    page.click(".control-option button:has-text('6-month prepay')")
    # Two 6-month terms of $270,000: bases $135,000, fixed 90/60/50/40%.
    wait_total(page, "$540,000.00")
    # Each card is its own widget and message: the prepayment may land a moment after the total.
    page.wait_for_function(
        "() => document.querySelector('.headline-prepayment .value').textContent === '$202,500.00'",
        timeout=10_000,
    )
    page.wait_for_function(f"{PLOT.format('schedule')}.data[0].y[0] == 121500")
    assert trace_y(page, "schedule", "Fixed") == [121500, 81000, 67500, 54000]
    # The chosen option is drawn bold in the cash-out chart (its update follows the bars').
    page.wait_for_function(
        f"{PLOT.format('cash-out')}.data.find(t => t.name === '6-month prepay').line.width === 4"
    )
    widths = page.evaluate(f"{PLOT.format('cash-out')}.data.map(t => [t.name, t.line.width])")
    assert dict(widths)["12-month prepay"] == 1.5

    # Q2 performance +10 steps of 1% with the keyboard: 110%.
    page.locator(".perf-q2 .noUi-handle").focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    # Q2 variable: target $54,000 × 1.10 = $59,400 → total 540,000 + 5,400.
    wait_total(page, "$545,400.00")
    page.wait_for_function(f"{PLOT.format('schedule')}.data[1].y[1] == 59400")
    assert trace_y(page, "schedule", "Variable") == [13500, 59400, 67500, 81000]
    page.wait_for_function(
        "() => document.querySelector('.invoice-table').textContent.includes('$59,400.00')"
    )
    page.screenshot(path=str(shot_dir() / "explorer.png"), full_page=True)


def test_the_page_asks_nothing_of_the_internet(browser, app_url):
    """Every request of the page stays on the app's loopback port: nothing from a CDN (Voilà's
    lab template links Font Awesome from cdn.jsdelivr.net; the prepay template does not), so the
    app looks and works the same offline or on a client's locked-down network."""
    page = browser.new_page(viewport={"width": 1500, "height": 1200})
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(app_url, timeout=120_000)
    page.wait_for_selector(TOTAL, timeout=120_000)
    wait_chart(page, "schedule")
    page.click(".control-tabs .lm-TabBar-tab:has-text('Splits')")
    page.wait_for_selector(".reset-splits i.fa-undo")
    # The undo icon draws with Font Awesome from Voilà's own bundle.
    font = page.evaluate("getComputedStyle(document.querySelector('.reset-splits i')).fontFamily")
    page.close()
    assert "Font Awesome" in font
    outside = [url for url in asked if not url.startswith((app_url, "data:", "blob:"))]
    assert asked and outside == []


def test_a_bad_value_shows_a_message_and_the_app_keeps_working(page):
    page.click(".control-tabs .lm-TabBar-tab:has-text('Deal')")
    rate = page.locator(".control-rate input")
    rate.fill("fifty")
    rate.press("Enter")
    page.wait_for_selector(".app-message .error")
    assert "rate: fifty is not a number" in page.inner_text(".app-message")
    rate.fill("60,000")
    rate.press("Enter")
    wait_total(page, "$576,000.00")  # 60,000 × 12 × 0.8
    page.wait_for_selector(".app-message .error", state="detached")


def test_downloads_save_the_model_csv(page, tmp_path):
    with page.expect_download() as info:
        page.click(".download-schedule-csv button")
    download = info.value
    assert download.suggested_filename.startswith("schedule-prepay-12-12m-")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    lines = target.read_text().splitlines()
    assert lines[0].startswith("quarter,stage,term,start,end,base,fixed")
    assert [line.split(",")[6] for line in lines[1:]] == [
        "108000.00",
        "72000.00",
        "60000.00",
        "48000.00",
    ]


def test_beyond_the_article_tab(page):
    page.click(".app-tabs .lm-TabBar-tab:has-text('Beyond the article')")
    wait_chart(page, "npv", timeout=60_000)
    assert "12-month prepay" in page.inner_text(".npv-table")
    page.fill(".control-mc-seed input", "3")
    page.press(".control-mc-seed input", "Enter")
    page.click(".run-montecarlo")
    page.wait_for_function(
        "() => document.querySelector('.montecarlo-note').textContent.includes('seed 3')"
    )
    beat = page.evaluate(f"{PLOT.format('beat-payg')}.data[0].x")
    assert beat == ["3-month prepay", "6-month prepay", "12-month prepay"]
    page.screenshot(path=str(shot_dir() / "beyond.png"), full_page=True)


def test_an_okr_actual_feeds_its_quarter(page):
    page.click(".control-tabs .lm-TabBar-tab:has-text('OKRs')")
    page.wait_for_selector(".okr-q2-kr1 input", timeout=30_000)
    page.fill(".okr-q2-kr1 input", "100")
    page.press(".okr-q2-kr1 input", "Enter")
    # Q2's first key result 100 of 120 MQLs = 0.8333; the other four on target:
    # 0.2 × (0.8333 + 4) = 0.966667 (rounded to millionths by core.okr). prepay-12's Q2
    # variable: $48,000 × 0.966667 = $46,400.02 → total 480,000 − 1,599.98.
    wait_total(page, "$478,400.02")
    assert "Q2 Impact: score 96.7%" in page.inner_text(".okr-quarter >> nth=1")


def test_the_explorer_notebook_renders_in_jupyterlab(browser, tmp_path):
    """``prepay lab`` opens JupyterLab on notebooks/; running explorer.ipynb's cell there shows
    the same app (its widgets and charts are JupyterLab's widget manager's, not Voila's)."""
    notebook = paths.NOTEBOOKS_DIR / "explorer.ipynb"
    committed = notebook.read_bytes()  # a JupyterLab autosave must not leave outputs in it
    port = serve.free_port()
    env = dict(
        os.environ,
        JUPYTER_TOKEN="prepay-test",  # jupyter_server's own variable
        # A first start, as on a new machine: no open tabs or settings from earlier runs.
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
    )
    process = serve.start_server_process("lab", port, env)
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    try:
        serve.wait_until_serving(port, process)
        page.goto(
            f"http://127.0.0.1:{port}/lab/tree/explorer.ipynb?token=prepay-test", timeout=120_000
        )
        page.wait_for_selector(
            ".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000
        )
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=120_000)
        page.click(".jp-Notebook .jp-CodeCell .jp-InputArea-editor")
        page.keyboard.press("Shift+Enter")
        page.wait_for_function(
            "() => document.querySelector('.headline-total .value')?.textContent === '$480,000.00'",
            timeout=120_000,
        )
        wait_chart(page, "schedule", timeout=60_000)
        assert trace_y(page, "schedule", "Fixed") == [108000, 72000, 60000, 48000]
        # prepay lab turns off JupyterLab's "notified about Jupyter news?" prompt.
        assert page.get_by_text("Jupyter news").count() == 0
        page.screenshot(path=str(shot_dir() / "jupyterlab.png"))
    except Exception:
        page.screenshot(path=str(shot_dir() / "jupyterlab-failed.png"))
        raise
    finally:
        page.close()
        serve.stop_process(process)
        if notebook.read_bytes() != committed:
            notebook.write_bytes(committed)
            pytest.fail("JupyterLab saved explorer.ipynb during the test (restored)")
    assert not errors, errors
