"""Client links and proposals that carry their scenario (issue 22), without a browser: signing
and checking links, the secret file, ``prepay link``, the server's settings, the client view's
widgets, the PDF's record, ``prepay verify``'s comparison and the reports' manifest."""

import datetime as dt
import html
import io
import json
import os
import stat
import subprocess
import sys
from urllib.parse import parse_qsl

import pytest
from pypdf import PdfWriter

from prepay_modeller.core.errors import PrepayError
from prepay_modeller.inputs import links
from prepay_modeller.inputs.parameters import report_parameters
from prepay_modeller.inputs.terms import make_terms

SECRET = b"k" * 40
TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def zeta():
    terms = make_terms(option="prepay-6", rate="40000", performance=[0.8, 1.5], start="2027-01-01")
    return links.scenario_pairs(terms, "Zeta Analytics", "Jane Roe", "fr_FR", "EUR")


def query(url: str) -> str:
    return url.split("?", 1)[1]


def test_a_signed_link_opens_and_names_what_the_prospect_may_move(zeta):
    url = links.make_link("https://p.example.com", zeta, SECRET, ("option", "performance"), TODAY)
    assert url.startswith("https://p.example.com/?option=prepay-6&rate=40000&")
    link = links.verify(query(url), SECRET, today=TODAY)
    assert link.may == ("performance", "option")
    assert link.expires == TODAY
    assert dict(link.pairs)["contact"] == "Jane Roe"
    # The same parameters in another order (a proxy, a mail client) still verify.
    pairs = parse_qsl(query(url), keep_blank_values=True)
    reordered = "&".join(f"{k}={links.quote(v, safe='')}" for k, v in reversed(pairs))
    assert dict(links.verify(reordered, SECRET, today=TODAY).pairs) == dict(link.pairs)


@pytest.mark.parametrize(
    "change, why",
    [
        (lambda q: q.replace("rate=40000", "rate=20000"), "does not match"),
        (lambda q: q.replace("performance=0.8,1.5", "performance=2,2"), "does not match"),
        (lambda q: q.replace("may=performance", "may=performance,option"), "does not match"),
        (lambda q: q.replace("expires=2026-12-07", "expires=2027-12-07"), "does not match"),
        (lambda q: q.split("&sig=")[0], "missing"),
        (lambda q: q + "&rate=20000", "given twice"),
        (lambda q: q + "&scenario=acme-prepay-12", "unknown"),
        (lambda q: q.replace("sig=", "sig=0"), "does not match"),
    ],
)
def test_any_change_breaks_the_link(zeta, change, why):
    url = links.make_link("https://p.example.com/", zeta, SECRET, ("performance",), TODAY)
    with pytest.raises(links.LinkRefused, match=why) as refused:
        links.verify(change(query(url)), SECRET, today=TODAY)
    assert refused.value.language == "fr_FR"  # the refusal is said in the link's language


def test_a_link_expires_after_its_day_and_another_secret_does_not_open_it(zeta):
    url = links.make_link("https://p.example.com/", zeta, SECRET, (), TODAY)
    links.verify(query(url), SECRET, today=TODAY)  # its last day
    with pytest.raises(links.LinkRefused, match="expired on 2026-12-07"):
        links.verify(query(url), SECRET, today=TODAY + dt.timedelta(days=1))
    with pytest.raises(links.LinkRefused, match="does not match"):
        links.verify(query(url), b"z" * 40, today=TODAY)
    assert links.signed_by(query(url), SECRET) and not links.signed_by(query(url), b"z" * 40)


def test_the_default_expiry_is_the_proposals_validity():
    assert links.default_expiry(dt.date(2026, 12, 1)) == dt.date(2026, 12, 31)  # 30 days


def test_the_reference_is_the_scenarios_wherever_it_is_made(zeta):
    from prepay_modeller.app.link import Setting, pairs_of
    from prepay_modeller.presentation.proposal_record import reference_of

    ref = links.reference(zeta)
    assert ref.startswith("PP-") and len(ref) == 12
    url = links.make_link("https://p.example.com/", zeta, SECRET, (), TODAY)
    assert links.verify(query(url), SECRET, today=TODAY).reference == ref  # link-only left out
    terms = make_terms(option="prepay-6", rate="40000", performance=[0.8, 1.5], start="2027-01-01")
    app_setting = Setting(terms, 0.1, "Zeta Analytics", "Jane Roe", "fr_FR", "EUR")
    assert links.reference(pairs_of(app_setting)) == ref
    params = report_parameters(terms, "Zeta Analytics", "Jane Roe", language="fr", currency="EUR")
    assert reference_of(params) == ref
    assert reference_of(dict(params, rate=40000.01)) != ref


def test_the_secret_is_created_once_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    first = links.load_secret()
    path = tmp_path / "prepay-modeller" / "link-secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert links.load_secret() == first and len(first) >= links.MIN_SECRET_CHARS
    with pytest.raises(PrepayError, match="cannot be read"):
        links.load_secret(tmp_path / "missing")
    short = tmp_path / "short"
    short.write_text("abc")
    with pytest.raises(PrepayError, match="does not hold a link secret"):
        links.load_secret(short)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("https://Proposals.Example.com", "https://proposals.example.com/"),
        ("http://localhost:8866/proposals", "http://localhost:8866/proposals/"),
    ],
)
def test_a_public_url(text, expected):
    assert links.read_public_url(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ftp://x",
        "https://x/?a=1",
        "https://user:pw@x/",
        "x.com",
        "https://x:99999/",
        "",
        "http://[::1",
        "https://[x]/",
    ],
)
def test_a_bad_public_url_is_named(text):
    with pytest.raises(PrepayError, match="public_url"):
        links.read_public_url(text)


def run_prepay(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "prepay_modeller", *args], capture_output=True, text=True, env=env
    )


def test_prepay_link_prints_a_link_that_verifies(tmp_path):
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path))
    done = run_prepay(
        "link", "--option", "prepay-12", "--prospect", "Acme", "--public-url",
        "https://p.example.com", "--client-may-change", "none", "--format", "json", env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    secret = links.load_secret(tmp_path / "prepay-modeller" / "link-secret")
    link = links.verify(query(doc["link"]), secret)
    assert link.may == () and doc["may_change"] == []
    assert doc["reference"] == link.reference
    assert link.expires == links.default_expiry()
    bad = run_prepay(
        "link", "--option", "prepay-12", "--expires", "2001-01-01", "--client-may-change",
        "everything", env=env,
    )  # fmt: skip
    assert bad.returncode == 2
    assert "expires: 2001-01-01 is in the past" in bad.stderr
    assert "client_may_change: everything" in bad.stderr
    assert "prospect: (missing) is required" in bad.stderr


def test_a_public_url_beyond_this_machine_needs_the_sellers_secret(tmp_path, monkeypatch):
    from prepay_modeller.app import serve

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    with pytest.raises(PrepayError, match="--public-url: https://p.example.com/ lets clients"):
        serve.client_links("https://p.example.com", None, None)
    clients = serve.client_links("https://p.example.com/proposals", None, "token-file")
    assert clients.origin == "https://p.example.com"
    assert "--Voila.base_url=/proposals/" in clients.args
    assert any("ClientLinkIdentityProvider" in a for a in clients.args)
    assert clients.env[serve.PUBLIC_URL_ENV] == "https://p.example.com/proposals/"
    local = serve.client_links(None, None, None)
    assert local.origin is None and serve.PUBLIC_URL_ENV not in local.env


def test_the_refusal_is_one_sentence_in_the_links_language():
    from prepay_modeller.app.client_access import refusal_page

    assert "This link is not valid; ask Northbeam Growth Partners for a new one." in (
        refusal_page("")
    )
    arabic = refusal_page("ar_AE")
    assert 'dir="rtl"' in arabic and "هذا الرابط غير صالح" in arabic
    assert "Ce lien n'est pas valide" in refusal_page("fr")
    assert "<script>" not in refusal_page("nonsense<script>")


@pytest.fixture
def client_app(monkeypatch):
    from prepay_modeller.app.proposal_job import ProposalRenderer

    def build(may=("performance",)):
        terms = make_terms(option="prepay-6", rate="40000", performance=[0.8, 1.5])
        pairs = links.scenario_pairs(terms, "Zeta Analytics", "Jane Roe")
        url = links.make_link("http://127.0.0.1:8866/", pairs, SECRET, may)
        monkeypatch.setenv("VOILA_PREHEAT", "False")
        monkeypatch.setenv("QUERY_STRING", query(url))
        from prepay_modeller.app.explorer import explorer_app

        return explorer_app(renderer=ProposalRenderer(lambda p: {"pdf": b"%PDF"}))

    return build


def _classes(widget) -> set:
    found = set(getattr(widget, "_dom_classes", ()))
    for child in getattr(widget, "children", ()):
        found |= _classes(child)
    return found


def test_the_client_view_builds_no_part_of_the_sellers_app(client_app):
    import ipywidgets as w

    before = set(w.Widget.widgets)
    app = client_app()
    assert type(app).__name__ == "ClientApp"
    assert "235,440.00" in app.headline["total"].value  # see test_browser_client_link
    classes = _classes(app.widget)
    assert {"client-link", "download-proposal-pdf", "chart-schedule"} <= classes
    assert not classes & {"sidebar", "share-link", "save-scenario", "control-tabs", "client-view"}
    # No widget of this view holds a saved scenario's name.
    states = [str(w.Widget.widgets[k].get_state()) for k in set(w.Widget.widgets) - before]
    assert not any("acme" in s or "beacon" in s for s in states)
    option_bar = app.layout.widget.children[-1].children[1].children[0]
    assert option_bar.layout.display == "none"  # the link lets the prospect move performance only
    assert app.names() == ("Zeta Analytics", "Jane Roe")


def test_what_the_prospect_may_not_move_is_shown_still(client_app):
    app = client_app(may=("option",))
    assert all(r.performance.slider.disabled for r in app._quarters())
    # A hand-made widget message moving what the link fixes is refused; the figures stand.
    row = app._quarters()[1].performance
    before = row.slider.value
    row.slider.value = 2.0
    assert "Performance: \u2068changed\u2069 is fixed" in row.note.value  # said by its box
    assert row.slider.value == before and "235,440.00" in app.headline["total"].value
    app.deal.rate.value = "20000"
    assert "Monthly rate: \u206820000\u2069 is fixed" in app.deal.rate.note.value
    assert app.layout.widget.children[-1].children[0].children[0].layout.display == "none"
    assert app.layout.widget.children[-1].children[1].children[0].layout.display is None


def test_the_client_view_downloads_the_proposal_of_its_scenario(client_app):
    app = client_app()
    asked = []
    app.renderer._render = lambda params: asked.append(params) or {"pdf": b"%PDF-1.7"}
    app.ask()
    app.renderer.wait(30)
    assert asked[0]["prospect"] == "Zeta Analytics" and asked[0]["rate"] == 40000.0


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def record_pdf(tmp_path):
    from prepay_modeller.presentation.proposal_record import embed_record

    terms = make_terms(option="prepay-6", rate="40000", performance=[0.8, 1.5], start="2027-01-01")
    params = report_parameters(terms, "Zeta Analytics", "Jane Roe", language="fr", currency="EUR")
    path = tmp_path / "proposal.pdf"
    path.write_bytes(embed_record(_blank_pdf(), dict(params, report_date="2026-12-07")))
    return path, params


def test_a_pdf_carries_its_scenario_and_reference(record_pdf):
    from prepay_modeller.inputs.proposal_file import read_proposal
    from prepay_modeller.presentation.proposal_record import reference_of

    path, params = record_pdf
    record = read_proposal(path)
    assert record.reference == reference_of(params) == record.computed_reference
    assert record.scenario.terms.rate == 40000
    assert record.scenario.currency == "EUR" and record.scenario.fields["contact"] == "Jane Roe"
    assert record.parameters["report_date"] == "2026-12-07"
    assert record.made_by.startswith("prepay-modeller")


def test_verify_refuses_a_pdf_without_its_printed_reference(record_pdf):
    from prepay_modeller.reports.verify import verify_pdf

    result = verify_pdf(record_pdf[0])
    assert not result.ok and result.difference["figure"] == "the reference"


def test_verify_refuses_what_is_not_a_proposal(tmp_path):
    path = tmp_path / "plain.pdf"
    path.write_bytes(_blank_pdf())
    done = run_prepay("verify", str(path))
    assert done.returncode == 2
    assert "carries no scenario.yaml or proposal.json" in done.stderr


@pytest.mark.parametrize(
    "locale, text, amounts",
    [
        ("en_US", "Total $511,200.00 (14.80%), −$12.50; $50,000 tick", ["511,200.00", "−12.50"]),
        ("fr_FR", "Total 511\u202f200,00\u00a0€ soit 14,80\u00a0%", ["511\u202f200,00"]),
        ("ar_AE", "\u200f511,200.00\u00a0د.إ.\u200f و 20.50 ٪", ["511,200.00"]),
    ],
)
def test_amounts_are_read_as_the_proposals_language_writes_them(locale, text, amounts):
    from prepay_modeller.presentation.i18n import speech
    from prepay_modeller.reports.verify import find_amounts, money_pattern

    words = speech(locale)
    pattern = money_pattern(locale, signed=not words.rtl, prefix=words.currency_affixes()[0])
    assert [token for token, _ in find_amounts(pattern, text)] == amounts


def test_the_first_amount_that_differs_is_named():
    from prepay_modeller.reports.verify import compare_amounts

    assert compare_amounts(["1.00", "2.00", "3.00"], ["1.00", "3.00", "2.00"]) is None
    assert compare_amounts(["1.00", "2.00", "3.00"], ["1.00", "9.00", "3.00"])[:2] == (1, 1)


def test_the_app_opens_a_proposal_pdf(record_pdf):
    from prepay_modeller.app.explorer import ExplorerApp
    from prepay_modeller.app.proposal_job import ProposalRenderer

    app = ExplorerApp(renderer=ProposalRenderer(lambda p: {}), panels=[])
    data = record_pdf[0].read_bytes()
    app.proposal.open_pdf(({"name": "zeta.pdf", "content": memoryview(data)},))
    assert "zeta.pdf" in app.proposal.status.value
    assert "235\u202f440,00\u00a0€" in app.headline["total"].value
    assert app.names() == ("Zeta Analytics", "Jane Roe")
    app.proposal.open_pdf(({"name": "x.pdf", "content": b"nothing"},))
    assert "x.pdf: is not a PDF" in app.proposal.status.value


def test_the_manifest_gains_each_prospects_link(tmp_path):
    from prepay_modeller.reports.runner import add_client_links, index_html, manifest_csv

    jobs = [
        {
            "row": 1,
            "prospect": "Zeta",
            "params": {"prospect": "Zeta", "option": "prepay-6", "rate": 40000.0,
                       "performance_q1": 0.8, "performance_q2": 1.5, "horizon": 6,
                       "start": "2027-01-01", "report_date": "2026-12-01"},
        }
    ]  # fmt: skip
    add_client_links(jobs, "https://p.example.com/", SECRET)
    link = jobs[0]["params"]["client_link"]
    assert links.verify(query(link), SECRET, today=dt.date(2026, 12, 31)).expires == dt.date(
        2026, 12, 31
    )  # the proposal's validity: 30 days from its date
    result = {"row": 1, "prospect": "Zeta", "status": "ok", "files": [], "error": "",
              "seconds": 1.0, "client_link": link, "reference": jobs[0]["reference"]}  # fmt: skip
    lines = manifest_csv([result]).decode().splitlines()
    assert lines[0] == "row,prospect,status,files,error,seconds,client_link,reference"
    assert jobs[0]["reference"] in lines[1]
    page = index_html([result], tmp_path).decode()  # the run's index page links it too
    assert f'<a href="{html.escape(link)}">client link</a>' in page


def test_the_sellers_app_gives_the_signed_client_link_of_the_screen(tmp_path, monkeypatch):
    from prepay_modeller.app.explorer import ExplorerApp
    from prepay_modeller.app.proposal_job import ProposalRenderer

    secret = tmp_path / "secret"
    secret.write_text("q" * 40)
    monkeypatch.setenv("PREPAY_LINK_SECRET_FILE", str(secret))
    monkeypatch.setenv("PREPAY_PUBLIC_URL", "https://p.example.com/")
    app = ExplorerApp(renderer=ProposalRenderer(lambda p: {}), panels=[])
    assert app.link.client == "" and app.link.public == "https://p.example.com/"
    app.proposal.prospect.value = "Zeta Analytics"
    link = links.verify(query(app.link.client), b"q" * 40)
    assert app.link.client.startswith("https://p.example.com/?option=prepay-12&")
    assert link.fields["prospect"] == "Zeta Analytics" and link.may == ("performance",)
    app.open_link(query(app.link.client))  # a client link is never shown in the seller's app
    assert app.widget.children == ()
