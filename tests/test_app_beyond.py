"""The explorer's "Beyond the article" tab shows the time-value, Monte Carlo and agency frames
exactly as the model gives them, stays off the slider's hot path, and reports bad values."""

import datetime as dt

import pytest

from prepay_modeller.app.explorer import ExplorerApp, usd
from prepay_modeller.core import agency, timevalue, uncertainty

START = dt.date(2027, 1, 1)


@pytest.fixture
def app():
    return ExplorerApp(start=START)


def beyond(app):
    """The tab, opened (it is drawn on first opening)."""
    (panel,) = app.panels
    assert panel.title == "Beyond the article"
    app.body_tabs.selected_index = 1
    return panel.update.__self__


def test_npv_table_is_the_models(app):
    tab = beyond(app)
    npv = timevalue.npv_table(app.terms, 0.10)
    for label, cost in zip(npv["label"], npv["npv_cost"], strict=True):
        assert label in tab.npv_table.value and usd(cost) in tab.npv_table.value
    fig = tab.figures["npv"]
    assert [float(v) for v in fig.data[1].y] == [-float(v) for v in npv["npv"]]


def test_drawn_on_first_opening(app):
    (panel,) = app.panels
    tab = panel.update.__self__
    assert tab.figures == {} and tab.result is None
    app.option.value = "prepay-6"  # a change before it is drawn costs it nothing
    app.body_tabs.selected_index = 1
    assert set(tab.figures) == {"npv", "beat-payg", "distribution", "agency"}
    assert tab.result.terms == app.terms


def test_refreshes_only_while_shown(app):
    tab = beyond(app)
    app.body_tabs.selected_index = 0
    before = tab.npv_table.value
    app.option.value = "prepay-6"
    app.horizon.value = 6  # payg, prepay-3 and prepay-6 fit 6 months
    assert tab.dirty and tab.npv_table.value == before  # hidden: nothing recomputed
    app.body_tabs.selected_index = 1
    assert not tab.dirty
    npv = timevalue.npv_table(app.terms, 0.10)
    assert list(npv["option"]) == ["payg", "prepay-3", "prepay-6"]
    assert usd(npv["npv_cost"].iloc[2]) in tab.npv_table.value
    monthly = agency.monthly_revenue(app.terms)
    assert [float(v) for v in tab.figures["agency"].data[0].y] == [
        float(v) for v in monthly["recognised"]
    ]


def test_montecarlo_runs_on_its_button_only(app):
    tab = beyond(app)
    first = tab.result
    app._row(1).performance.value = 1.2
    assert tab.result is first  # a slider never reruns the simulation
    assert "run it again" in tab.mc_note.value
    tab.low.value, tab.likely.value, tab.high.value = "50%", "1", "1.4"
    tab.draws.value, tab.seed.value = 2000, 7
    tab.run_button.click()
    expected = uncertainty.summary(
        uncertainty.montecarlo(app.terms, 0.5, 1, 1.4, draws=2000, seed=7, discount_rate=0.10)
    )
    row = expected[expected["option"] == "prepay-12"].iloc[0]
    assert usd(row["p50_total"]) in tab.mc_table.value
    assert f"{row['prob_beats_payg']:.0%}" in tab.mc_table.value
    beat = tab.figures["beat-payg"].data[0]
    assert list(beat.x) == ["3-month prepay", "6-month prepay", "12-month prepay"]
    assert [float(v) for v in beat.y] == list(expected["prob_beats_payg"].iloc[1:])
    assert "2,000 draws, seed 7" in tab.mc_note.value


def test_bad_values_show_a_message(app):
    tab = beyond(app)
    tab.rate.value = "abc"
    assert "discount_rate: abc is not a number" in tab.message.value
    tab.rate.value = "5%"
    assert tab.message.value == ""
    tab.low.value = "2"  # above high
    tab.run_button.click()
    assert "low: 2 is above high" in tab.message.value
    tab.low.value = "0.5"
    tab.run_button.click()
    assert tab.message.value == ""


def test_without_the_modules_there_is_no_tab():
    assert ExplorerApp(start=START, panels=[]).body_tabs is None
