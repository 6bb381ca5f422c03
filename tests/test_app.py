"""The explorer app driven from Python, as the browser drives it: every number is the model's.

Expected values are worked by hand from DOMAIN.md's tables (sources in the comments).
"""

import csv
import datetime as dt
import html
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from prepay_modeller.app import explorer
from prepay_modeller.app.explorer import ExplorerApp
from prepay_modeller.core import comparison
from prepay_modeller.core.quote import quote
from prepay_modeller.presentation.i18n import ENGLISH

START = dt.date(2027, 1, 1)


@pytest.fixture(scope="module")
def shared_app():
    return ExplorerApp(start=START)


@pytest.fixture
def app():
    return ExplorerApp(start=START)


def said(widget) -> str:
    """A widget's words as a person reads them: no markup, no direction isolates."""
    text = re.sub(r"<[^>]+>", " ", widget.value)
    return " ".join(html.unescape(text).replace("\u2068", "").replace("\u2069", "").split())


def headline(app, key):
    """The big number of a headline card, as shown."""
    text = app.headline[key].value
    return text.split('<div class="value')[1].split(">", 1)[1].split("<", 1)[0]


def trace(app, chart, name):
    return next(t for t in app.views.figures[chart].data if t.name == name)


def test_opens_on_the_article_12_month_prepay(shared_app):
    app = shared_app
    assert app.error is None
    # DOMAIN.md: prepay-12 on target $480,000 against $600,000 pay-as-you-go; $288,000 prepaid;
    # break-even at a uniform 162.5%.
    assert headline(app, "total") == "$480,000.00"
    assert headline(app, "prepayment") == "$288,000.00"
    assert headline(app, "savings") == "$120,000.00"
    assert headline(app, "break-even") == "162.5%"  # as the cost curve labels it
    assert "if every quarter performs at this level" in app.headline["break-even"].value
    # Quarter bases $120,000: fixed 90/60/50/40% → 108,000, 72,000, 60,000, 48,000.
    assert list(trace(app, "schedule", "Fixed").y) == [108000, 72000, 60000, 48000]
    assert list(trace(app, "schedule", "Variable").y) == [12000, 48000, 60000, 72000]
    names = [t.name for t in app.views.figures["cash-out"].data]
    # Legends name options by their labels, never their codes.
    assert names == ["Pay-as-you-go", "3-month prepay", "6-month prepay", "12-month prepay"]
    assert trace(app, "cash-out", "12-month prepay").line.width == 4  # the chosen one, bold
    payments = app.views.payments.value
    assert "$72,000.00" in payments and "$480,000.00" in payments and "Due" in payments
    assert "$50,000.00" in app.views.optout.value  # rule 6: one month of pay-as-you-go


def test_the_table_of_every_option_is_the_comparison(shared_app):
    table = shared_app.views.options.value
    # DOMAIN.md's table over 12 months on target: 600,000; 570,000; 540,000; 480,000. The
    # prepay-3 break-even (compare's 113.16%) and the chosen row highlighted.
    for label, total in [
        ("Pay-as-you-go", "$600,000.00"),
        ("3-month prepay", "$570,000.00"),
        ("6-month prepay", "$540,000.00"),
        ("12-month prepay", "$480,000.00"),
    ]:
        assert label in table and total in table
    assert "113.16%" in table and "prepay-3" not in table
    assert table.count('<tr class="chosen">') == 1
    chosen = table.split('<tr class="chosen">')[1].split("</tr>")[0]
    assert "12-month prepay" in chosen


def test_switching_option_updates_every_view(app):
    app.option.value = "prepay-6"
    # Two back-to-back 6-month terms of $270,000 (DOMAIN's table); first prepayment $202,500.
    assert headline(app, "total") == "$540,000.00"
    assert headline(app, "prepayment") == "$202,500.00"
    assert headline(app, "savings") == "$60,000.00"
    assert headline(app, "break-even") == "127.78%"  # compare's hand-checked 127.78%
    assert list(trace(app, "schedule", "Fixed").y) == [121500, 81000, 67500, 54000]
    assert trace(app, "cash-out", "6-month prepay").line.width == 4
    assert trace(app, "cash-out", "12-month prepay").line.width == 1.5
    assert app.terms.option.name == "prepay-6"


def test_domain_worked_example_through_the_controls(app):
    with app.hold():
        app.option.value = "prepay-6"
        app.horizon.value = 6
        app._row(1).performance.value = 0.8
        app._row(2).performance.value = 1.5
    # DOMAIN.md: Q1 121,500 + 10,800; Q2 81,000 + 81,000 → $294,300; prepaid $202,500.
    assert headline(app, "total") == "$294,300.00"
    assert headline(app, "prepayment") == "$202,500.00"
    assert headline(app, "savings") == "$5,700.00"
    assert list(trace(app, "schedule", "Variable").y) == [10800, 81000]
    assert len(app.performance_box.children) == 2
    # Only the options whose terms fit 6 months are compared.
    assert [t.name for t in app.views.figures["cash-out"].data] == [
        "Pay-as-you-go",
        "3-month prepay",
        "6-month prepay",
    ]


def test_a_performance_slider_moves_the_headline_and_its_box(app):
    row = app._row(3).performance
    row.slider.value = 0.5  # as the browser's slider sends it
    # prepay-12 Q3: target variable $60,000 × 0.5 = $30,000 → total 480,000 − 30,000.
    assert headline(app, "total") == "$450,000.00"
    assert list(trace(app, "schedule", "Variable").y) == [12000, 48000, 30000, 72000]
    assert app.terms.performance[2] == Decimal("0.5")
    assert row.box.value == "50%"


def test_a_typed_performance_past_the_slider_is_kept_as_typed(app):
    row = app._row(4).performance
    row.box.value = "300"  # a box that shows "%": 300 %
    assert row.slider.value == 2.5 and row.box.value == "300"  # as typed
    assert said(row.echo) == "= 300%"  # what the box took
    assert app.terms.performance[3] == Decimal("3")
    # Q4 variable capped at 120% of the $120,000 base = $144,000 (target $72,000 × 3 = 216,000):
    # total 480,000 − 72,000 + 144,000.
    assert headline(app, "total") == "$552,000.00"


def test_a_cap_below_the_variable_share_is_refused_in_its_box(app):
    box = app._row(2).variable_max
    box.box.value = "30"  # below Q2's on-target share 1 − 0.6 = 40 %
    assert said(box.note) == (
        "Not taken: Variable cap, Q2: 30 is below the on-target variable share (allowed: at "
        "least the on-target variable share 1 − fixed = 40%) The model keeps 80%: the box "
        "shows it again."
    )
    assert box.box.value == "80%" and app.terms.splits[1].variable_max == Decimal("0.8")
    assert app.error is None and "stale" not in app.layout.views._dom_classes
    assert headline(app, "total") == "$480,000.00"  # the last good scenario, still live
    app._row(1).performance.value = 0.5  # another box: this box's message stays
    assert "Not taken" in said(box.note)
    box.box.value = "90"  # a good value clears it
    assert said(box.note) == "" and said(box.echo) == "= 90%"
    # Q1 at 0.5: variable $12,000 × 0.5 = $6,000 → 480,000 − 6,000.
    assert headline(app, "total") == "$474,000.00"


def test_bad_rate_is_refused_and_horizon_messages(app):
    app.rate.box.value = "fifty"
    assert "Monthly rate: fifty is not a number" in said(app.rate.note)
    assert app.rate.box.value == "50,000" and app.error is None  # the value the model uses
    assert headline(app, "total") == "$480,000.00"
    app.rate.box.value = "$60,000"
    assert said(app.rate.echo) == "= $60,000.00" and said(app.rate.note) == ""
    assert headline(app, "total") == ENGLISH.money(Decimal("576000.00"))  # 60,000 × 12 × 0.8
    app.horizon.value = 6  # a 12-month prepay cannot cover 6 months
    assert app.error.startswith("horizon: 6 does not fit whole 12-month terms")
    app.option.value = "prepay-3"
    assert app.error is None
    assert headline(app, "total") == "$342,000.00"  # 2 × 60,000 × 3 × 0.95


def test_payg_has_no_prepayment_or_break_even(app):
    app.option.value = "payg"
    assert headline(app, "total") == "$600,000.00"
    assert headline(app, "prepayment") == "$0.00"
    assert headline(app, "break-even") == "—"
    assert "nothing to opt out of" in app.views.optout.value


def test_savings_below_zero_use_one_minus_sign(app):
    app.option.value = "prepay-3"
    app.rate.box.value = "42k"
    app.preset_buttons["strong"].click()
    # prepay-3 at $42,000: each quarter is a term of 42,000 × 3 × 0.95 = $119,700. At 150%:
    # Q1 107,730 + 11,970 × 1.5; Q2 71,820 + 47,880 × 1.5; Q3 59,850 + 59,850 × 1.5; Q4 47,880
    # + 71,820 × 1.5 (every cap above) = 125,685 + 143,640 + 149,625 + 155,610 = $574,560,
    # against 12 × 42,000 = $504,000 of pay-as-you-go: −$70,560, −14%.
    assert headline(app, "total") == "$574,560.00"
    assert headline(app, "savings") == "\u2212$70,560.00"
    assert "\u221214% of $504,000.00" in app.headline["savings"].value
    assert "bad" in app.headline["savings"].value


def test_presets(app):
    app.preset_buttons["weak"].click()
    # 60% everywhere: variable 0.6 × 192,000 = 115,200 → 288,000 + 115,200.
    assert headline(app, "total") == "$403,200.00"
    app.preset_buttons["strong"].click()
    # 150% everywhere stays under every cap: variable 1.5 × 192,000 = 288,000 → $576,000.
    assert headline(app, "total") == "$576,000.00"
    assert [r.performance.value for r in app._rows.values()] == [Decimal("1.5")] * 4
    assert [r.performance.box.value for r in app._rows.values()] == ["150%"] * 4
    app.okr.build()  # built after the preset: its inputs show the preset's actuals
    assert "score 150.0%" in app.okr.quarter_labels[3].value  # the OKR panel agrees
    plan = app.okr.plan
    cac = plan.index[(plan.quarter == 3) & (plan.direction == "lower")][0]
    assert app.okr.inputs[cac].value == 12000  # lower is better: 18,000 / 1.5
    app.preset_buttons["on target"].click()
    assert headline(app, "total") == "$480,000.00"


def test_okr_scores_feed_their_quarter(app):
    assert app.okr.inputs == {}  # built when its tab is first opened
    app.layout.controls.selected_index = 3
    assert len(app.okr.inputs) == 25  # the article's template: 10 + 5 + 5 + 5 key results
    plan = app.okr.plan
    q3 = list(plan.index[plan.quarter == 3])
    # test_okr's hand-worked Q3: 54/45 = 1.2, 10/20 = 0.5, 40/40 = 1, 100/80 = 1.25, CAC lower
    # is better 18,000/20,000 = 0.9 → 0.2 × 4.85 = 0.97.
    for index, actual in zip(q3, [54, 10, 40, 100, 20000], strict=True):
        app.okr.inputs[index].value = actual
    assert app._row(3).performance.value == Decimal("0.97")
    assert app._row(3).performance.box.value == "97%"
    # Q3 variable 60,000 × 0.97 = 58,200 → 480,000 − 1,800.
    assert headline(app, "total") == "$478,200.00"
    q1 = list(plan.index[plan.quarter == 1])
    app.okr.inputs[q1[0]].value = 0.5  # one milestone of ten half done → 0.95
    assert app.terms.performance[0] == Decimal("0.95")
    app.okr.inputs[q3[4]].value = -5  # a negative actual: message, app keeps working
    assert app.error.startswith("actual_q3_kr5: -5")
    app.okr.inputs[q3[4]].value = 18000
    assert app.error is None


def test_an_okr_score_past_the_slider_is_used_as_scored(app):
    app.okr.build()
    plan = app.okr.plan
    q2 = list(plan.index[plan.quarter == 2])
    app.okr.inputs[q2[0]].value = 1200  # MQLs: 1,200 of 120 → 10; the others on target
    # 0.2 × (10 + 4) = 2.8: past the slider's 250 %, kept by the model (no cap in the app).
    row = app._row(2).performance
    assert app.terms.performance[1] == Decimal("2.8") and row.box.value == "280%"
    assert row.slider.value == 2.5
    # Q2's variable is capped at 80% of $120,000 = $96,000: total 480,000 − 48,000 + 96,000.
    assert headline(app, "total") == "$528,000.00"


def test_article_defaults_reset_the_splits(app):
    app._row(1).fixed.value = 0.85
    app._row(4).variable_max.box.value = "200"
    assert app.error is None
    assert app.terms.splits[0].fixed == Decimal("0.85")
    assert app.terms.splits[3].variable_max == Decimal("2")
    app.reset_splits_button.click()
    assert [float(s.fixed) for s in app.terms.splits] == [0.9, 0.6, 0.5, 0.4]
    assert [float(s.variable_max) for s in app.terms.splits] == [0.2, 0.8, 1.0, 1.2]
    assert app._row(1).fixed.box.value == "90%"


def test_downloads_are_the_model_frames(app):
    app.option.value = "prepay-6"
    name, mime, data = app.views.downloads["schedule.csv"].click()
    assert name == "schedule-prepay-6-12m-2027-01-01.csv" and mime == "text/csv"
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert [r["fixed"] for r in rows] == ["121500.00", "81000.00", "67500.00", "54000.00"]
    assert sum(Decimal(r["total"]) for r in rows) == Decimal("540000.00")

    name, mime, data = app.views.downloads["invoices.csv"].click()
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert [r["kind"] for r in rows].count("prepayment") == 2  # the renewal is prepaid too
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal("540000.00")

    name, mime, data = app.views.downloads["workbook.xlsx"].click()
    assert name.endswith(".xlsx") and "spreadsheetml" in mime
    book = load_workbook(io.BytesIO(data), data_only=True)  # the values cached in the file
    assert book.sheetnames[:4] == ["Inputs", "Schedule", "Monthly", "Invoices"]
    invoices = [r for r in book["Invoices"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert sum(Decimal(str(r[3])) for r in invoices) == Decimal("540000")
    assert book["Invoices"]["D4"].number_format.startswith('"$"#,##0.00')
    sheet, cell = next(iter(book.defined_names["total"].destinations))
    assert book[sheet][cell.replace("$", "")].value == 540000
    schedule = quote(app.terms).schedule
    fixed = [r[6] for r in book["Schedule"].iter_rows(min_row=4, max_row=7, values_only=True)]
    assert [Decimal(str(v)) for v in fixed] == list(schedule["fixed"])


def test_no_download_while_a_value_is_bad_or_refused(app):
    errors = []
    button = app.views.downloads["schedule.csv"]
    button._on_error = errors.append
    app._row(2).variable_max.box.value = "10"  # refused: the seller meant another value
    button._handle(button, {"event": "download"}, [])
    assert errors and "variable_max_q2" in str(errors[-1])
    app._row(2).variable_max.box.value = "80"
    app.horizon.value = 6  # a 12-month prepay cannot cover 6 months: the app says so
    button._handle(button, {"event": "download"}, [])
    assert len(errors) == 2 and "horizon: 6" in str(errors[-1])


def test_the_app_displays_as_a_widget(shared_app):
    bundle = shared_app._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_a_preset_sets_an_open_okr_panel_too(app):
    app.okr.build()
    app.preset_buttons["weak"].click()
    plan = app.okr.plan
    mql = plan.index[(plan.quarter == 2)][0]
    assert app.okr.inputs[mql].value == pytest.approx(72)  # 120 MQLs × 0.6
    assert "score 60.0%" in app.okr.quarter_labels[2].value
    assert headline(app, "total") == "$403,200.00"  # as the weak preset above


def test_one_comparison_per_change(app, monkeypatch):
    """Issue 11: a change asks the core once (compare gives every option's quote)."""
    asked = []
    built = []
    original_init = comparison.Comparison.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        original_init(self, *args, **kwargs)

    def counting_compare(terms):
        asked.append(terms)
        return comparison.compare(terms)

    monkeypatch.setattr(comparison.Comparison, "__init__", counting_init)
    monkeypatch.setattr(explorer, "compare", counting_compare)
    app._row(1).performance.slider.value = 1.23
    assert len(asked) == 1 and len(built) <= 1
    app.preset_buttons["weak"].click()  # four quarters and the OKRs: still one
    assert len(asked) == 2 and len(built) <= 2


def test_client_view_hides_the_analyst_and_keeps_what_a_prospect_follows(app):
    layout = app.layout
    layout.controls.selected_index = 2  # the splits
    layout.body_tabs.selected_index = 1
    layout.client_view.value = True
    assert "client-mode" in layout.widget._dom_classes
    assert layout.controls.selected_index == 0  # performance: presets and sliders
    assert layout.body_tabs.selected_index == 0  # the explorer
    # What stays: the option bar, the presets and sliders, the headline, the quarterly chart,
    # the payment schedule, and (under the sliders) a compact table of every option.
    views = app.views
    kept = [views.figures["schedule"], views.payments_panel, views.headline.widget]
    for widget in kept:
        assert "analyst" not in widget._dom_classes
    assert views.options_side in layout.sidebar.children
    assert "client-only" in views.options_side._dom_classes
    assert "12-month prepay" in views.options_compact.value
    # What hides (the stylesheet hides .analyst in .client-mode): the analyst's charts and
    # tables, the prospect, link and scenario sections.
    hidden = [views.figures["cash-out"], views.figures["cost-curve"], views.options_panel,
              layout.comparison, *layout.sections]  # fmt: skip
    for widget in hidden:
        assert "analyst" in widget._dom_classes
    css = app.layout.css.value
    assert ".prepay-app.client-mode .analyst" in css and "display: none" in css
    layout.client_view.value = False
    assert "client-mode" not in layout.widget._dom_classes


def test_the_header_names_the_prospect(app):
    app.proposal.prospect.value = "Acme <Analytics>"
    assert "Prepay options for Acme &lt;Analytics&gt;" in app.layout.title.value


def test_the_notebook_builds_the_app_without_warming_outside_voila(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    app = explorer.explorer_app(start=START)
    assert app.proposal._warm is False and app.link.live is False


def test_a_milestone_shows_its_score_beside_a_slider_without_a_readout(app):
    app.okr.build()
    plan = app.okr.plan
    first = plan.index[plan.quarter == 1][0]
    slider = app.okr.inputs[first]
    assert slider.readout is False  # nothing to type a percent into
    slider.value = 0.5
    # One milestone of ten half done: Q1 at 95 %.
    assert app.okr.scores[first].value == '<div class="okr-score">50%</div>'
    assert app._row(1).performance.box.value == "95%"
