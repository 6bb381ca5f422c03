"""A client link as the prospect opens it (issue 22): ``prepay link`` for a scenario nobody saved,
opened in headless Chromium from ``prepay app`` (one server with a seller's token and one
browser for the module). The page is the client view only, in the link's language and
currency; a changed, unsigned or expired link is refused with HTTP 403 before any kernel runs;
the proposal downloaded from the client view carries its scenario and reference, and
``prepay verify`` accepts it and refuses a copy whose total was edited.

Expected figures, by hand (DOMAIN.md's rules): prepay-6 at $40,000 a month, performance 80 %
then 150 %, 6 months. On-target total 40,000 × 6 × 0.9 = 216,000; quarter base 108,000.
Q1: fixed 90 % = 97,200, variable 10,800 × 0.8 = 8,640. Q2: fixed 60 % = 64,800, variable
43,200 × 1.5 = 64,800 (cap 86,400). Total 235,440.00.
"""

import datetime as dt
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from prepay_modeller.app import serve
from prepay_modeller.inputs import links, paths
from prepay_modeller.presentation.pdf import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
    pytest.mark.xdist_group("browser_client_link"),  # one worker: its server and Chromium made once
]

SCENARIO = [
    "--option", "prepay-6", "--rate", "40000", "--performance", "0.8,1.5", "--horizon", "6",
    "--start", "2027-01-01", "--prospect", "Zeta Analytics", "--contact", "Jane Roe",
]  # fmt: skip
TOTAL = ".headline-total .value"
SAVED = ("acme", "beacon", "Acme Analytics", "Beacon")  # the saved scenarios' names
SELLER_PARTS = (
    ".sidebar", ".share-link", ".save-scenario", ".scenario-choice", ".control-tabs",
    ".client-view", ".app-tabs", ".open-proposal", ".download-prospect-row", ".reset-splits",
)  # fmt: skip
REFUSAL = "This link is not valid; ask Northbeam Growth Partners for a new one."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``prepay app`` with a seller's token, two saved scenarios and its own link secret."""
    folder = tmp_path_factory.mktemp("client-link")
    saved = folder / "scenarios"
    saved.mkdir()
    for name in ("acme-prepay-12.yaml", "beacon-prepay-6.yaml"):
        shutil.copy(paths.SCENARIOS_DIR / name, saved)
    token = folder / "token"
    token.write_text("seller-token-0123456789abcdef")
    secret = folder / "link-secret"
    secret.write_text("s" * 40)
    port = serve.free_port()
    base = f"http://127.0.0.1:{port}/"
    env = dict(os.environ, PREPAY_SCENARIOS_DIR=str(saved), XDG_CONFIG_HOME=str(folder))
    extra = ["--token-file", str(token), "--link-secret-file", str(secret), "--public-url", base]
    process = serve.start_app_process(port, env, extra)
    try:
        serve.wait_until_serving(port, process)
        yield {"base": base, "secret": secret, "env": env, "folder": folder}
    finally:
        assert serve.stop_process(process) == 0


def prepay(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "prepay_modeller", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def make_link(server, *extra) -> str:
    done = prepay(
        "link", *SCENARIO, *extra, "--public-url", server["base"],
        "--link-secret-file", str(server["secret"]), env=server["env"],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[0]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


def open_client(browser, link: str):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    answer = page.goto(link, timeout=120_000)
    assert answer.status == 200
    page.wait_for_selector(TOTAL, timeout=120_000)
    page.wait_for_function(
        "() => { const p = document.querySelector('.chart-schedule.js-plotly-plot');"
        " return p && p.data && p.data.length; }",
        timeout=60_000,
    )
    return page


def assert_client_view_only(page) -> None:
    for selector in SELLER_PARTS:
        assert page.locator(selector).count() == 0, selector
    html = page.content()
    for name in SAVED:
        assert name not in html, name
    # The prospect may move performance, not the option: sliders live, option bar hidden.
    assert page.locator(".perf-q2 .noUi-handle").count() == 1
    assert not page.locator(".option-bar").is_visible()
    assert "Traceback" not in page.inner_text("body")


@pytest.fixture(scope="module")
def english(server, browser):
    link = make_link(server)
    page = open_client(browser, link)
    yield link, page
    page.close()


def test_the_link_opens_the_client_view_only(english, server):
    link, page = english
    assert page.inner_text(TOTAL) == "$235,440.00"  # by hand, see the module's docstring
    assert "Zeta Analytics" in page.inner_text(".app-header")
    assert page.inner_text(".headline-prepayment .value") == "$162,000.00"  # 97,200 + 64,800
    assert "$8,640.00" in page.inner_text(".invoice-table")  # Q1's variable part
    assert_client_view_only(page)
    # The page cannot reach the seller's app: its address without the link asks for the token.
    status, body = fetch(server["base"])
    assert "Zeta" not in body and "headline" not in body and "token" in body.lower()
    shots = Path(os.environ.get("PREPAY_SCREENSHOTS", server["folder"])) / "prepay-app"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "client-link-1366x768.png"))


def test_the_prospect_moves_performance_and_the_headline_follows(english):
    _, page = english
    page.locator(".perf-q2 .noUi-handle").focus()
    for _ in range(10):
        page.keyboard.press("ArrowLeft")  # Q2 at 140 %: variable 43,200 × 1.4 = 60,480
    page.wait_for_function(
        "() => document.querySelector('.headline-total .value').textContent === '$231,120.00'",
        timeout=30_000,
    )
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.headline-total .value').textContent === '$235,440.00'",
        timeout=30_000,
    )


@pytest.mark.parametrize(
    "language, currency, total, direction",
    [("fr", "EUR", "235\u202f440,00\u00a0€", "ltr"), ("ar", "AED", "235,440.00", "rtl")],
)
def test_the_link_speaks_its_language(server, browser, language, currency, total, direction):
    link = make_link(server, "--language", language, "--currency", currency)
    page = open_client(browser, link)
    try:
        assert total in page.inner_text(TOTAL)
        root = page.locator(".prepay-app")
        assert ("rtl" in (root.get_attribute("class") or "")) == (direction == "rtl")
        assert_client_view_only(page)
    finally:
        page.close()


def _changed_links(server) -> dict[str, str]:
    link = make_link(server)
    base, query = link.split("?", 1)
    pairs = parse_qsl(query, keep_blank_values=True)
    secret = links.load_secret(server["secret"])
    scenario = [(k, v) for k, v in pairs if k not in links.LINK_ONLY]
    yesterday = dt.date.today() - dt.timedelta(days=1)
    expired = links.make_link(base, scenario, secret, ("performance",), yesterday)
    return {
        "rate changed": link.replace("rate=40000", "rate=20000"),
        "signature removed": link.split("&sig=")[0],
        "expired": expired,
    }


def test_a_changed_unsigned_or_expired_link_is_refused(server, browser):
    for why, link in _changed_links(server).items():
        status, body = fetch(link)
        assert status == 403, why
        assert REFUSAL in body, why
        assert "$" not in body and "235" not in body and "Zeta" not in body, why
    # In the browser too, and in the link's language.
    page = browser.new_page()
    try:
        french = make_link(server, "--language", "fr", "--currency", "EUR")
        answer = page.goto(french.replace("rate=40000", "rate=20000"))
        assert answer.status == 403
        text = page.inner_text("body")
        assert text.strip() == (
            "Ce lien n'est pas valide ; demandez-en un nouveau à Northbeam Growth Partners."
        )
        assert page.locator(TOTAL).count() == 0
    finally:
        page.close()


def test_the_proposal_downloaded_from_the_client_view_carries_its_scenario(english, tmp_path):
    from pdfedit import replace_text

    from prepay_modeller.inputs.proposal_file import read_proposal

    _, page = english
    with page.expect_download(timeout=180_000) as info:
        page.click(".download-proposal-pdf button")
    pdf = tmp_path / info.value.suggested_filename
    info.value.save_as(pdf)
    assert pdf.name == "proposal-zeta-analytics-prepay-6.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    record = read_proposal(pdf)
    assert "Zeta Analytics" in text and "$235,440.00" in text
    assert record.reference in text and record.reference == record.computed_reference
    terms = record.scenario.terms
    assert (terms.option.name, terms.rate, terms.horizon) == ("prepay-6", 40000, 6)
    assert [float(p) for p in terms.performance] == [0.8, 1.5]
    assert record.scenario.fields["prospect"] == "Zeta Analytics"

    accepted = prepay("verify", str(pdf))
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "OK" in accepted.stdout

    forged = tmp_path / "forged.pdf"
    replace_text(pdf, forged, "$235,440.00", "$135,440.00")
    refused = prepay("verify", str(forged))
    assert refused.returncode == 1
    assert "the PDF shows $135,440.00, its scenario gives $235,440.00" in refused.stdout
