"""The link that carries the scenario: the address follows the controls, and opening the link
reproduces the screen. The query parameters are a contract (add, never rename), read as the
command line reads its flags; a bad parameter shows a message and the defaults."""

import datetime as dt
import html
import re
from decimal import Decimal
from urllib.parse import parse_qs

import pytest

from prepay_modeller.app import link, link_widget
from prepay_modeller.app.explorer import ExplorerApp
from prepay_modeller.cli import main
from prepay_modeller.inputs import scenarios

START = dt.date(2027, 1, 1)


def said(widget) -> str:
    """A widget's words as a person reads them: no markup, no direction isolates."""
    text = re.sub(r"<[^>]+>", " ", widget.value)
    return " ".join(html.unescape(text).replace("\u2068", "").replace("\u2069", "").split())


def headline(app, key="total"):
    text = app.headline[key].value
    return text.split('<div class="value')[1].split(">", 1)[1].split("<", 1)[0]


@pytest.fixture
def app():
    return ExplorerApp(start=START, panels=[])


@pytest.fixture
def saved(tmp_path, monkeypatch):
    monkeypatch.setenv("PREPAY_SCENARIOS_DIR", str(tmp_path))
    text = (
        "name: beacon\noption: prepay-6\nrate: 40000\nperformance: [0.8, 1.5]\n"
        "start: 2027-01-01\nhorizon: 6\ndiscount_rate: 0.08\nprospect: Beacon Labs\n"
    )
    (tmp_path / "beacon.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_contract_names_are_fixed():
    # Add, never rename: the README documents these names.
    assert link.PARAMETERS == (
        "option", "rate", "performance", "horizon", "start", "payment_terms", "fixed",
        "variable_max", "discount_rate", "prospect", "scenario", "language", "currency",
        "contact",  # added by the client link
    )  # fmt: skip


def test_the_address_follows_the_controls(app):
    assert parse_qs(app.link.query) == {
        "option": ["prepay-12"], "rate": ["50000"], "performance": ["1"], "horizon": ["12"],
        "start": ["2027-01-01"],
    }  # fmt: skip
    with app.hold():
        app.option.value = "prepay-6"
        app.rate.box.value = "40k"
        app._row(1).performance.box.value = "70"
        app._row(2).fixed.box.value = "55"
        app.deal.payment_terms.value = 45
        app.deal.discount.box.value = "8"
    app.proposal.prospect.value = "Acme & Co"
    assert parse_qs(app.link.query) == {
        "option": ["prepay-6"], "rate": ["40000"], "performance": ["0.7,1,1,1"],
        "horizon": ["12"], "start": ["2027-01-01"], "payment_terms": ["45"],
        "fixed": ["0.9,0.55,0.5,0.4"], "discount_rate": ["0.08"], "prospect": ["Acme & Co"],
    }  # fmt: skip
    assert "prospect=Acme%20%26%20Co" in app.link.query


def test_opening_the_link_reproduces_the_screen(app):
    with app.hold():
        app.option.value = "prepay-6"
        app.rate.box.value = "40k"
        app._row(1).performance.box.value = "70"
        app._row(4).variable_max.box.value = "150"
        app.deal.discount.box.value = "8"
    app.proposal.prospect.value = "Acme"
    other = ExplorerApp(start=dt.date(2030, 1, 1), panels=[])
    other.open_link(app.link.query)
    assert other.terms == app.terms and other.discount_rate == app.discount_rate
    assert other.proposal.prospect.value == "Acme"
    for key in app.headline:
        assert other.headline[key].value == app.headline[key].value
    assert other._row(4).variable_max.box.value == "150%"
    assert other.link.query == app.link.query


def test_a_link_in_the_command_line_s_forms(app):
    app.open_link(
        "option=prepay-6&rate=%2440%2C000&performance=70%25&horizon=6&start=2027-01-01"
        "&discount_rate=8%25&prospect=Beacon"
    )
    # The same as `prepay quote --option prepay-6 --rate '$40,000' --performance 70% --horizon
    # 6`: base 40,000 × 6 × 0.9 / 2 = 108,000 a quarter; Q1 97,200 + 10,800 × 0.7 = 104,760;
    # Q2 64,800 + 43,200 × 0.7 = 95,040 → $199,800.
    assert headline(app) == "$199,800.00"
    assert app.terms.performance == (Decimal("0.7"), Decimal("0.7"))
    assert app.discount_rate == pytest.approx(0.08) and app.horizon.value == 6
    assert app.rate.box.value == "40,000" and app._row(1).performance.box.value == "70%"
    code = main(["quote", "--option", "prepay-6", "--rate", "$40,000", "--performance", "70%",
                 "--horizon", "6", "--start", "2027-01-01", "--format", "json"])  # fmt: skip
    assert code == 0


@pytest.mark.parametrize(
    "query, words",
    [
        ("rate=abc", "Monthly rate: abc is not a number"),
        ("performance=70", "did you mean 70%?"),  # bare, as on the command line: a fraction
        ("option=prepay-9", "prepay-9"),
        ("horizon=5&option=prepay-6", "Horizon: 5"),
        ("discount_rate=-200%25", "Discount rate: -200%"),
        ("scenario=../../etc/passwd", "Saved scenario: ../../etc/passwd"),
        ("scenario=nowhere", "Saved scenario: nowhere is not found"),
        ("rate=1,5&performance=-1", "Monthly rate: 1,5 is not a number"),
    ],
)
def test_a_bad_parameter_shows_a_message_and_the_defaults(app, query, words, saved):
    app.open_link(query)
    assert "This link holds a value the app cannot use" in app.message.value
    assert words in said(app.message)
    assert app.error is None and headline(app) == "$480,000.00"  # the defaults
    app._row(1).performance.value = 0.9  # the next change clears the note
    assert "This link" not in app.message.value


def test_every_bad_value_is_named_at_once(app):
    # As on the command line, every value that cannot be read is named in one go.
    app.open_link("rate=1,5&performance=abc&start=soon")
    for words in ["Monthly rate: 1,5", "Performance: abc", "Start date: soon"]:
        assert words in said(app.message)


def test_other_parameters_are_ignored(app):
    app.open_link("voila-template=x&token=abc")
    assert app.message.value == "" and headline(app) == "$480,000.00"


def test_a_saved_scenario_by_name_and_a_parameter_over_it(app, saved):
    app.open_link("scenario=beacon")
    # DOMAIN's worked example at $40,000: 0.8 × (121,500 + 10,800 + 81,000 + 81,000) → $235,440.
    assert headline(app) == "$235,440.00"
    assert app.proposal.prospect.value == "Beacon Labs" and app.discount_rate == 0.08
    other = ExplorerApp(start=START, panels=[])
    other.open_link("scenario=beacon&rate=50000")  # a flag over the file, as on the CLI
    assert headline(other) == "$294,300.00"  # DOMAIN.md's worked example


def test_the_page_tells_a_preheated_kernel_its_query(app):
    sent = []
    app.link.send = lambda content, buffers=None: sent.append(content)
    app.link._handle(app.link, {"event": "opened", "search": "?option=payg&horizon=6"}, [])
    assert headline(app) == "$300,000.00" and sent == [{"event": "ready"}]
    app.link._handle(app.link, {"event": "opened", "search": "?option=payg&horizon=6"}, [])
    assert sent == [{"event": "ready"}] * 2  # the same page again: nothing re-applied


def test_a_kernel_voila_started_for_the_page_reads_it_at_once(monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", "option=prepay-3&horizon=3")
    app = ExplorerApp(start=START, panels=[])
    assert headline(app) == "$142,500.00"  # DOMAIN's table: one 3-month term on target
    assert app.link.live is True


def test_where_the_kernel_runs(monkeypatch):
    assert link_widget.query_at_start({}) is None  # JupyterLab, a script
    assert link_widget.query_at_start({"VOILA_PREHEAT": "True"}) is None  # asks the page
    env = {"VOILA_PREHEAT": "False", "QUERY_STRING": "rate=40k"}
    assert link_widget.query_at_start(env) == "rate=40k"
    assert link_widget.in_voila({"VOILA_PREHEAT": "True"})
    assert not link_widget.in_voila({})


def test_a_link_only_names_saved_scenarios(saved, tmp_path):
    (tmp_path.parent / "outside.yaml").write_text("name: outside\n")
    for name in ["../outside", "outside.yaml", "/etc/hosts", ""]:
        with pytest.raises(Exception, match="scenario"):
            link.saved_scenario(name)
    assert link.saved_scenario("beacon").name == "beacon"
    assert scenarios.scenarios_dir() == tmp_path
