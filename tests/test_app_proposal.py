"""The proposal from the app: the scenario on screen becomes the report template's parameters
(one function, :func:`inputs.parameters.report_parameters`), which `prepay reports` reads back
as the same terms; the render runs off the widget comm and its file reaches the button."""

import datetime as dt
import threading
from decimal import Decimal

import pytest

from prepay_modeller.app.explorer import ExplorerApp
from prepay_modeller.app.proposal_job import ProposalRenderer
from prepay_modeller.app.proposal_panel import file_stem
from prepay_modeller.core.errors import InputError
from prepay_modeller.inputs.parameters import PARAMETERS, report_parameters, terms_arguments
from prepay_modeller.inputs.terms import make_terms, prospect_terms

START = dt.date(2027, 1, 1)


class FakeRender:
    """Stands for render_one: records the parameters, answers bytes (or raises)."""

    def __init__(self, fail: Exception | None = None):
        self.calls = []
        self.fail = fail
        self.release = threading.Event()
        self.release.set()

    def __call__(self, params):
        self.release.wait(10)
        self.calls.append(params)
        if self.fail:
            raise self.fail
        return {"pdf": b"%PDF " + params["prospect"].encode(), "html": b"<html>"}


def test_the_parameters_are_the_scenario_on_screen():
    terms = make_terms(
        option="prepay-6", rate="40k", performance=["0.7", "1.2", "1", "1"], horizon=12,
        start="2027-01-01", payment_terms=45, fixed=[0.9, 0.55, 0.5, 0.4],
        variable_max=[0.2, 0.8, 1, 1.5],
    )  # fmt: skip
    params = report_parameters(terms, "  Acme   Analytics ", "Jane", 0.08)
    assert set(params) == {p.name for p in PARAMETERS} - {"plotlyjs", "script_nonce"}
    assert params["prospect"] == "Acme Analytics" and params["contact"] == "Jane"
    assert (params["option"], params["rate"], params["horizon"]) == ("prepay-6", 40000.0, 12)
    assert (params["start"], params["payment_terms"]) == ("2027-01-01", 45)
    assert [params[f"performance_q{q}"] for q in range(1, 5)] == [0.7, 1.2, 1.0, 1.0]
    assert [params[f"fixed_q{q}"] for q in range(1, 5)] == [0.9, 0.55, 0.5, 0.4]
    assert [params[f"variable_max_q{q}"] for q in range(1, 5)] == [0.2, 0.8, 1.0, 1.5]
    assert params["discount_rate"] == 0.08
    back = prospect_terms(**terms_arguments(params))  # as prepay reports reads a row
    assert back.performance == terms.performance and back.splits == terms.splits
    assert (back.rate, back.horizon, back.start) == (Decimal(40000), 12, dt.date(2027, 1, 1))


def test_the_article_s_split_leaves_the_split_columns_empty():
    terms = make_terms(option="prepay-3", horizon=6, start="2027-01-01")
    params = report_parameters(terms, "Acme")
    assert params["fixed_q1"] is None and params["variable_max_q4"] is None
    # Quarters past the horizon are empty: the template repeats the last one given.
    assert [params[f"performance_q{q}"] for q in range(1, 5)] == [1.0, 1.0, None, None]


def test_what_the_template_cannot_state_is_refused_by_name():
    long = make_terms(option="prepay-12", horizon=24, performance=[1] * 4 + [1.3] + [1] * 3,
                      start="2027-01-01")  # fmt: skip
    with pytest.raises(InputError, match=r"performance_q5: 1.3 differs from quarter 4's"):
        report_parameters(long, "Acme")
    same = make_terms(option="prepay-12", horizon=24, performance=[0.8] + [1.2] * 7,
                      start="2027-01-01")  # fmt: skip
    assert report_parameters(same, "Acme")["performance_q4"] == 1.2
    with pytest.raises(InputError, match=r"prospect: \(empty\) is missing"):
        report_parameters(same, "   ")


@pytest.fixture
def app():
    render = FakeRender()
    app = ExplorerApp(start=START, panels=[], renderer=ProposalRenderer(render))
    app.fake = render
    yield app
    app.proposal.renderer.close()


def click(button):
    """A browser click; returns what the button sent back."""
    sent = []
    button.send = lambda content, buffers=None: sent.append((content, buffers))
    button._handle(button, {"event": "download"}, [])
    return sent


def test_a_click_renders_once_then_downloads_pdf_and_html(app):
    with app.hold():
        app.option.value = "prepay-6"
        app._row(1).performance.box.value = "70"
    app.proposal.prospect.value = "Acme Analytics"
    assert click(app.proposal.buttons["pdf"]) == []  # rendering: the file follows
    assert "Rendering the proposal for Acme Analytics" in app.proposal.status.value
    assert app.proposal.renderer.wait(10)
    pdf = app.proposal.buttons["pdf"]
    sent = []
    pdf.send = lambda content, buffers=None: sent.append((content, buffers))
    app.proposal.ask("pdf")  # the same scenario again: the file at once, no second render
    ((content, buffers),) = sent
    assert content == {"event": "file", "filename": "proposal-acme-analytics-prepay-6.pdf",
                       "mime": "application/pdf"}  # fmt: skip
    assert buffers == [b"%PDF Acme Analytics"]
    html = click(app.proposal.buttons["html"])
    assert html[0][0]["filename"] == "proposal-acme-analytics-prepay-6.html"
    (params,) = app.fake.calls
    assert params == app.report_parameters() and params["performance_q1"] == 0.7
    # The status names what the screen shows: 6-month prepay, 70% in Q1 then on target over
    # 12 months: 540,000 − 13,500 × 0.3 = $535,950.
    assert "$535,950.00 over 12 months" in app.proposal.status.value


def test_the_file_reaches_the_button_when_the_render_ends(app):
    app.fake.release.clear()
    app.proposal.prospect.value = "Beacon"
    pdf = app.proposal.buttons["pdf"]
    sent = []
    pdf.send = lambda content, buffers=None: sent.append(content)
    pdf._handle(pdf, {"event": "download"}, [])
    assert sent == []  # the comm handler returned at once
    app.fake.release.set()
    assert app.proposal.renderer.wait(10)
    assert sent and sent[0]["filename"] == "proposal-beacon-prepay-12.pdf"


def test_no_prospect_no_bad_value_no_traceback(app):
    sent = click(app.proposal.buttons["pdf"])
    assert sent == [({"event": "failed"}, None)]
    assert "No proposal: Prospect: \u2068(empty)\u2069 is missing" in app.proposal.status.value
    app.proposal.prospect.value = "Acme"
    app._row(2).variable_max.value = 0.1
    click(app.proposal.buttons["pdf"])
    assert "No proposal: Variable cap, Q2: \u20680.1\u2069 is below" in app.proposal.status.value
    assert app.fake.calls == []


def test_a_failed_render_is_said():
    render = FakeRender(fail=RuntimeError("Chromium is not installed"))
    app = ExplorerApp(start=START, panels=[], renderer=ProposalRenderer(render))
    app.proposal.prospect.value = "Acme"
    sent = []
    pdf = app.proposal.buttons["pdf"]
    pdf.send = lambda content, buffers=None: sent.append(content)
    pdf._handle(pdf, {"event": "download"}, [])
    assert app.proposal.renderer.wait(10)
    assert sent == [{"event": "failed"}]
    # The render's own words (a Python error) go to the log, never to the screen.
    assert "No proposal: the proposal could not be made this time" in app.proposal.status.value
    assert "RuntimeError" not in app.proposal.status.value
    app.proposal.renderer.close()


def test_file_names_are_ascii_and_short():
    assert file_stem("Acme Analytics", "prepay-6") == "proposal-acme-analytics-prepay-6"
    assert file_stem("Société Générale", "payg") == "proposal-societe-generale-payg"
    assert file_stem("株式会社", "payg") == "proposal-prospect-payg"
    assert len(file_stem("x" * 500, "prepay-12")) == len("proposal--prepay-12") + 48


def test_the_scenario_as_a_prospects_csv_row_renders_the_same(app, tmp_path):
    """Issue 13: every app scenario can be written as a row of the prospects CSV, and prepay
    reports reads it back as the same parameters (so it renders the same document)."""
    from prepay_modeller.inputs.prospects import load_prospects

    with app.hold():
        app.option.value = "prepay-6"
        app._row(1).performance.box.value = "70"
        app._row(2).fixed.box.value = "55"
        app._row(4).variable_max.box.value = "150"
        app.deal.discount.box.value = "8"
    app.proposal.prospect.value = "=Acme, Inc."  # a spreadsheet formula is neutralised
    name, mime, data = app.proposal.row.click()
    assert (name, mime) == ("prospect-acme-inc.csv", "text/csv")
    path = tmp_path / "prospects.csv"
    path.write_bytes(data)
    (row,) = load_prospects(path)
    params = app.report_parameters()
    assert row["prospect"] == "'=Acme, Inc."  # as the CSV holds it: never run as a formula
    same = {k: v for k, v in row.items() if k not in ("row", "prospect")}
    assert same == {k: v for k, v in params.items() if k in same}
    back = prospect_terms(**terms_arguments(row))
    assert back.performance == app.terms.performance and back.splits == app.terms.splits
    assert (back.option, back.rate, back.horizon) == (app.terms.option, app.terms.rate, 12)


def test_downloads_carry_the_prospect_s_name(app):
    app.proposal.prospect.value = "Acme Analytics"
    name, _, _ = app.views.downloads["workbook.xlsx"].click()
    assert name.startswith("acme-analytics-") and name.endswith(".xlsx")
