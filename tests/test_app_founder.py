"""The founder's notebook as a widget app, driven from Python: its cards and tables are the
core's figures (hand-worked here), every control reaches the model, a bad value is refused in
words, and the notebook is the app where a page shows widgets, a static report elsewhere."""

from decimal import Decimal

import pytest

from prepay_modeller.app.founder import FounderApp, founder_notebook, has_frontend
from prepay_modeller.presentation.html import Html

START = "2027-01-01"


@pytest.fixture
def app():
    return FounderApp(cash=900_000, burn=60_000, option="prepay-12", start=START)


def card(app, key):
    return app.layout.cards[key].value


def test_cards_are_the_cores_figures(app):
    # 900,000 less 13 months of 60,000 less the 480,000 of the 12-month prepay on target.
    assert "−$360,000.00" in card(app, "lowest-cash")
    assert "31 Jan 2028, the end of month 13" in card(app, "lowest-cash")
    # Month-ends 552k, 492k, 432k, 360k, 300k, 240k, 132k, 72k, 12k, then -108k in month 10.
    assert ">9 months<" in card(app, "runway") and "31 Oct 2027" in card(app, "runway")
    assert "$120,000.00" in card(app, "savings")
    assert "100%" in card(app, "beats")  # on target, every draw around it beats pay-as-you-go
    table = app.layout.pieces["options"].value
    assert "Pay-as-you-go" in table and "beyond" not in table
    assert "prepay-12" not in table  # labels, never codes


def test_cash_and_performance_move_the_cards(app):
    app.cash.box.value = "1.2m"
    # 1,200,000: month 13 ends at 72,000 - 60,000 - 72,000 = -60,000, the first below zero.
    assert "−$60,000.00" in card(app, "lowest-cash") and ">12 months<" in card(app, "runway")
    app.presets["weak"].click()
    # At 60%: variable 7,200 / 28,800 / 36,000 / 43,200; month 13 ends at 16,800.
    assert "$16,800.00" in card(app, "lowest-cash")
    assert "beyond 13 months" in card(app, "runway")
    assert [float(r.performance.value) for r in app.quarters()] == [0.6] * 4


def test_growth_option_and_horizon_reach_the_model(app):
    app.growth.box.value = "2"  # a box that shows "%": 2 %
    assert app.view.founder.burn_growth == Decimal("0.02")
    app.deal.option.value = "payg"
    assert app.view.option == "payg" and "yardstick" in card(app, "beats")
    app.deal.horizon.value = 6
    assert len(app.quarters()) == 2 and app.view.cash.months == 7  # prepay-6's last invoice
    assert app.error is None


def test_goal_seek(app):
    app.goal.value = "discount"
    assert "even with no discount" in app.layout.goal_answer.value  # on target: any discount
    app.goal.value = "performance"
    app.goal_button.click()
    # DOMAIN.md: the 12-month prepay costs what pay-as-you-go costs at 162.5 % everywhere.
    assert "If every quarter performs at 162.5%" in app.layout.goal_answer.value
    assert [float(r.performance.value) for r in app.quarters()] == [1.625] * 4
    assert "$0.00" in card(app, "savings")


def test_keeps_most_cash_is_said_when_it_is_not_the_cheapest(app):
    with app.hold():
        app.cash.box.value = "300000"
        app.burn.box.value = "-30000"  # the company earns 30,000 a month
    verdict = app.layout.pieces["verdict"].value
    # tests/test_cash.py works it by hand: the 6-month prepay's low point is 118,500.
    assert "The 6-month prepay keeps the most cash at its lowest point ($118,500.00" in verdict
    assert "the 12-month prepay costs the least" in verdict


def test_bad_values_are_refused_in_words(app):
    before = card(app, "lowest-cash")
    # Each box says why in its own message area; the model keeps the last good value.
    app.burn.box.value = "abc"
    assert "Monthly burn: \u2068abc\u2069 is not a number" in app.burn.note.value
    assert app.burn.box.value == "60,000"  # the box shows the value the model uses
    app.growth.box.value = "300"  # a box that shows "%": 300 %
    assert "Burn growth: \u2068300\u2069 is more than" in app.growth.note.value
    app.cash.box.value = "-5"
    assert "Cash: \u2068-5\u2069 is less than" in app.cash.note.value
    assert "stale" not in app.layout.main._dom_classes and card(app, "lowest-cash") == before


def test_language_and_currency(app):
    app.deal.language.value = "fr_FR"
    app.deal.currency.value = "EUR"
    assert "−360\u202f000,00\xa0€" in card(app, "lowest-cash")  # CLDR fr_FR
    assert app.layout.tabs.titles[0] == "Performance"
    app.deal.language.value = "ar_AE"
    assert "rtl" in app.widget._dom_classes


def test_notebook_is_the_app_only_where_a_page_shows_widgets():
    assert has_frontend({"VOILA_PREHEAT": "True"})
    assert has_frontend({"JPY_SESSION_NAME": "founder.ipynb"})
    assert not has_frontend({})  # papermill, nbconvert --execute
    report = founder_notebook(interactive=False, cash=900_000, burn=60_000, start=START)
    assert isinstance(report, Html) and "−$360,000.00" in report
    assert report.count("Plotly.newPlot") == 5
    bad = founder_notebook(interactive=False, cash=-1, burn="x", performance=-2)
    assert "cash: -1 is less than 0" in bad and "burn: x is not a number" in bad
    assert "performance: -2 is less than 0%" in bad
