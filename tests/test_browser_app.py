"""The explorer as a user sees it: ``prepay app`` served on a free loopback port, driven in
headless Chromium (Debian's, through Playwright). Expected numbers are the model's, worked by
hand in DOMAIN.md's tables; the plotted data is read from the page's plotly charts."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from prepay_modeller.app import serve
from prepay_modeller.inputs import paths
from prepay_modeller.presentation.pdf import CHROMIUM

TOTAL = ".headline-total .value"
PLOT = "document.querySelector('.chart-{}.js-plotly-plot')"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("browser_app"),  # one worker: one app server and one Chromium
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def saved_dir(tmp_path_factory):
    """The app's scenarios folder for these tests: one scenario saved with prepay scenarios."""
    folder = tmp_path_factory.mktemp("scenarios")
    shutil.copy(paths.SCENARIOS_DIR / "acme-prepay-12.yaml", folder)
    return folder


@pytest.fixture(scope="module")
def app_url(saved_dir):
    port = serve.free_port()
    # The module opens more pages than the default --max-sessions (12) and keeps several open.
    process = serve.start_app_process(
        port, dict(os.environ, PREPAY_SCENARIOS_DIR=str(saved_dir)), ["--max-sessions", "40"]
    )
    try:
        serve.wait_until_serving(port, process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        assert serve.stop_process(process) == 0  # SIGTERM: a clean stop, kernels shut down


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
    page.wait_for_selector(".box-message-rate .error")
    said = page.inner_text(".box-message-rate").replace("\u2068", "").replace("\u2069", "")
    assert "Monthly rate: fifty is not a number" in said  # in the box's own message area
    # Refused visibly: the box shows the rate the model uses, and the figures stand.
    page.wait_for_function("() => document.querySelector('.control-rate input').value === '50,000'")
    assert page.inner_text(TOTAL) == "$480,000.00"
    rate.fill("60,000")
    rate.press("Enter")
    wait_total(page, "$576,000.00")  # 60,000 × 12 × 0.8
    page.wait_for_selector(".box-message-rate .error", state="detached")


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


def test_what_prepaying_is_worth_tab(page):
    page.click(".app-tabs .lm-TabBar-tab:has-text('What prepaying is worth')")
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
    page.screenshot(path=str(shot_dir() / "worth.png"), full_page=True)


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


# --- the sales call (issue 13) ----------------------------------------------------------------

CALL = {"width": 1366, "height": 768}  # a laptop sharing its screen


def call_page(browser, url, **size):
    context = browser.new_context(viewport=size or CALL, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(url, timeout=120_000)
    page.wait_for_selector(TOTAL, timeout=120_000)
    wait_chart(page, "schedule", timeout=120_000)
    page.errors = errors
    return context, page


def type_into(page, selector, text, key="Enter"):
    box = page.locator(f"{selector} input")
    box.fill(text)
    box.press(key)


def wait_value(page, selector, value):
    page.wait_for_function(
        "([s, v]) => document.querySelector(s).value === v", arg=[selector, value], timeout=30_000
    )


def on_screen(page, selector, height=CALL["height"]):
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 60) <= height


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "proposal.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_sales_call_at_1366x768(browser, app_url, saved_dir, tmp_path):
    """Issue 13's call: typed values, the 6-month prepay, a prospect, the proposal PDF, the link
    in a new browser, and save, reload, load and compare."""
    context, page = call_page(browser, app_url)
    # "70%" and "70" in Q1 are both 70 %: prepay-12's Q1 variable target $12,000 × 0.7 →
    # 480,000 − 3,600 = $476,400 (and back to $480,000 at 100 % in between).
    type_into(page, ".perf-q1-box", "70%")
    wait_total(page, "$476,400.00")
    type_into(page, ".perf-q1-box", "100")
    wait_total(page, "$480,000.00")
    type_into(page, ".perf-q1-box", "70", key="Tab")  # Tab as well as Enter: the model takes it
    wait_total(page, "$476,400.00")
    wait_value(page, ".perf-q1-box input", "70")  # as typed, beside its echo
    # The rate as "40k": prepay-12 at $40,000 is 40,000 × 12 × 0.8 = 384,000 on target; Q1's
    # variable target 96,000 × 10% = 9,600, at 70 %: 384,000 − 2,880 = $381,120.
    page.click(".control-tabs .lm-TabBar-tab:has-text('Deal')")
    type_into(page, ".control-rate", "40k")
    wait_total(page, "$381,120.00")
    wait_value(page, ".control-rate input", "40k")
    # The 6-month prepay over 12 months: two terms of 40,000 × 6 × 0.9 = 216,000; Q1's variable
    # target 108,000 × 10% = 10,800, at 70 %: 432,000 − 3,240 = $428,760.
    page.click(".control-option button:has-text('6-month prepay')")
    wait_total(page, "$428,760.00")
    shown = page.inner_text(TOTAL)
    page.fill(".prospect-name input", "Zeta Analytics (fictional)")
    page.wait_for_function(
        "() => document.querySelector('.app-header').textContent.includes('Zeta Analytics')"
    )

    # The proposal: the batch's template for exactly this scenario, as a PDF.
    with page.expect_download(timeout=300_000) as info:
        page.click(".download-proposal-pdf button")
        page.wait_for_selector(".proposal-status .busy", timeout=30_000)
    download = info.value
    assert download.suggested_filename == "proposal-zeta-analytics-fictional-prepay-6.pdf"
    text = pdf_text(Path(download.path()).read_bytes(), tmp_path)
    assert "Zeta Analytics (fictional)" in text and shown in text
    page.wait_for_selector(".proposal-status .done")

    # The link: the address bar follows the controls; opened elsewhere, the same screen.
    link = page.input_value(".share-link-text")
    assert link == page.url and "option=prepay-6" in link and "rate=40000" in link
    other_context, other = call_page(browser, link)
    wait_total(other, shown)
    wait_value(other, ".prospect-name input", "Zeta Analytics (fictional)")
    wait_value(other, ".perf-q1-box input", "70%")
    other_context.close()

    # Save, reload the app (its bare address: the defaults), load, compare with another.
    page.click(".control-tabs .lm-TabBar-tab:has-text('Performance')")
    page.fill(".scenario-name input", "zeta-6")
    page.click(".save-scenario")
    page.wait_for_selector(".scenario-message .done")
    assert (saved_dir / "zeta-6.yaml").is_file()
    page.goto(app_url, timeout=120_000)
    page.wait_for_selector(TOTAL, timeout=120_000)
    wait_total(page, "$480,000.00")
    page.select_option(".scenario-choice select", "zeta-6")
    page.click(".load-scenario")
    wait_total(page, shown)
    wait_value(page, ".prospect-name input", "Zeta Analytics (fictional)")
    page.select_option(".compare-scenarios select", ["acme-prepay-12", "zeta-6"])
    page.click(".compare-button")
    page.wait_for_function(
        "() => document.querySelector('.scenario-comparison').textContent.includes('zeta-6')"
    )
    table = page.inner_text(".scenario-comparison")
    # acme-prepay-12 (data/scenarios): $288,000 prepaid, and the variable targets 12,000,
    # 48,000, 60,000, 72,000 at 80, 100, 120, 130 % → 9,600 + 48,000 + 72,000 + 93,600.
    assert "acme-prepay-12" in table and "$511,200.00" in table and shown in table
    assert page.errors == [] and other.errors == []
    context.close()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_client_view_on_a_shared_screen(browser, app_url, size):
    width, height = size
    context, page = call_page(
        browser, app_url + "?option=prepay-6&rate=40000&performance=0.7,1,1,1&horizon=12"
        "&start=2027-01-01&prospect=Zeta%20Analytics", width=width, height=height,
    )  # fmt: skip
    wait_total(page, "$428,760.00")
    page.click(".client-view")
    page.wait_for_selector(".prepay-app.client-mode")
    page.wait_for_selector(".chart-cost-curve", state="hidden")
    for hidden in [".control-tabs > .lm-TabBar", ".sidebar-section", ".chart-cash-out",
                   ".schedule-table", ".app-tabs > .lm-TabBar"]:  # fmt: skip
        assert not page.locator(hidden).first.is_visible(), hidden
    # The headline, the quarterly chart and the next payments on screen together; the option
    # bar, the sliders and the table of every option too.
    page.wait_for_timeout(1000)  # the chart takes its new height
    for seen in [".headline-total", ".control-option", ".perf-q4", ".chart-schedule .main-svg",
                 ".payments tbody tr", ".options-table-compact"]:  # fmt: skip
        assert on_screen(page, seen, height), seen
    assert "Prepay options for Zeta Analytics" in page.inner_text(".app-header")
    assert "prepay-6" not in page.inner_text(".prepay-app")  # labels, never codes
    # Wider screens use their width: the views reach the right edge.
    right = page.locator(".payments").bounding_box()
    assert right["x"] + right["width"] > width - 40
    page.screenshot(path=str(shot_dir() / f"client-view-{width}x{height}.png"))
    # No plotly toolbar, even on hover.
    page.hover(".chart-schedule .main-svg")
    assert page.locator(".chart-schedule .modebar").count() == 0
    assert page.errors == []
    context.close()


def test_the_app_in_french_and_in_arabic(page):
    """Issue 14: the client's language and currency. DOMAIN.md's 12-month prepay on target,
    480,000, written as fr_FR writes euros and as ar_AE writes dirhams (CLDR: a narrow
    no-break space groups French thousands; Arabic amounts sit between right-to-left marks);
    the Arabic page is mirrored."""
    nnbsp, nbsp, rlm = "\u202f", "\u00a0", "\u200f"
    label = "() => document.querySelector('.headline-total .label').textContent"
    page.select_option(".control-currency select", "EUR")
    page.select_option(".control-language select", label="Français")
    wait_total(page, f"480{nnbsp}000,00{nbsp}€")
    page.wait_for_function(f"{label} === 'Coût total'")
    page.wait_for_function(f"{PLOT.format('schedule')}.data[0].name === 'Part fixe'")
    assert "T1" in page.evaluate(f"{PLOT.format('schedule')}.data[0].x")
    assert page.locator(".control-tabs").inner_text().count("Offre") == 1
    page.select_option(".control-currency select", "AED")
    page.select_option(".control-language select", label="العربية")
    wait_total(page, f"{rlm}480,000.00{nbsp}د.إ.{rlm}")
    page.wait_for_function(f"{label} === 'التكلفة الإجمالية'")
    # The mirrored layout is its own widget message, which may land after the words.
    page.wait_for_function("getComputedStyle(document.querySelector('.prepay-app')).direction"
                           " === 'rtl'", timeout=10_000)  # fmt: skip
    assert "الدفع المسبق لمدة 12 شهرًا" in page.inner_text(".options-table")
    # The link carries the language and the currency (the contract's added parameters).
    page.wait_for_function("() => location.search.includes('language=ar_AE')")
    assert "currency=AED" in page.evaluate("location.search")
    page.wait_for_function(f"{PLOT.format('cost-curve')}.data[0].name === 'الدفع أولاً بأول'")
    page.screenshot(path=str(shot_dir() / "explorer-ar.png"), full_page=True)
