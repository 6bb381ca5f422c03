"""The explorer's "What prepaying is worth" tab shows the time-value, Monte Carlo and agency
frames exactly as the model gives them, stays off the slider's hot path, and reports bad values."""

import datetime as dt
import html

import pytest

from prepay_modeller.app.explorer import ExplorerApp, worth_panel
from prepay_modeller.core import agency, timevalue, uncertainty
from prepay_modeller.core.timevalue import DEFAULT_DISCOUNT_RATE
from prepay_modeller.presentation.i18n import ENGLISH

START = dt.date(2027, 1, 1)


@pytest.fixture
def app():
    return ExplorerApp(start=START, panels=[worth_panel])  # the worth tab alone


def worth(app):
    """The tab, opened (it is drawn on first opening)."""
    (panel,) = app.panels
    assert panel.title == "What prepaying is worth"
    app.layout.body_tabs.selected_index = 1
    return panel.update.__self__


def test_one_discount_rate_default_everywhere(app):
    # The reports' default (core.timevalue), not the 8 % the app once had.
    assert DEFAULT_DISCOUNT_RATE == 0.10
    assert app.discount_rate == DEFAULT_DISCOUNT_RATE
    assert app.deal.discount.box.value == "10%"


def test_npv_table_is_the_models(app):
    tab = worth(app)
    npv = timevalue.npv_table(app.terms, 0.10)
    for label, cost in zip(npv["label"], npv["npv_cost"], strict=True):
        assert label in tab.npv_table.value and ENGLISH.money(cost) in tab.npv_table.value
    fig = tab.figures["npv"]
    assert [float(v) for v in fig.data[1].y] == [-float(v) for v in npv["npv"]]


def test_drawn_on_first_opening(app):
    (panel,) = app.panels
    tab = panel.update.__self__
    assert tab.figures == {} and tab.result is None
    app.option.value = "prepay-6"  # a change before it is drawn costs it nothing
    app.layout.body_tabs.selected_index = 1
    assert set(tab.figures) == {"npv", "beat-payg", "distribution", "agency"}
    assert tab.result.terms == app.terms


def test_refreshes_only_while_shown(app):
    tab = worth(app)
    app.layout.body_tabs.selected_index = 0
    before = tab.npv_table.value
    app.option.value = "prepay-6"
    app.horizon.value = 6  # payg, prepay-3 and prepay-6 fit 6 months
    assert tab.dirty and tab.npv_table.value == before  # hidden: nothing recomputed
    app.layout.body_tabs.selected_index = 1
    assert not tab.dirty
    npv = timevalue.npv_table(app.terms, 0.10)
    assert list(npv["option"]) == ["payg", "prepay-3", "prepay-6"]
    assert ENGLISH.money(npv["npv_cost"].iloc[2]) in tab.npv_table.value
    monthly = agency.monthly_revenue(app.terms)
    assert [float(v) for v in tab.figures["agency"].data[0].y] == [
        float(v) for v in monthly["recognised"]
    ]


def test_montecarlo_runs_on_its_button_only(app):
    tab = worth(app)
    first = tab.result
    app._row(1).performance.value = 1.2
    assert tab.result is first  # a slider never reruns the simulation
    assert "run it again" in tab.montecarlo.note.value
    mc = tab.montecarlo
    mc.low.value, mc.likely.value, mc.high.value = "50%", "1", "1.4"
    mc.draws.value, mc.seed.value = 2000, 7
    mc.run_button.click()
    expected = uncertainty.summary(
        uncertainty.montecarlo(app.terms, 0.5, 1, 1.4, draws=2000, seed=7, discount_rate=0.10)
    )
    row = expected[expected["option"] == "prepay-12"].iloc[0]
    assert ENGLISH.money(row["p50_total"]) in mc.table.value
    assert f"{row['prob_beats_payg']:.0%}" in mc.table.value
    assert "12-month prepay" in mc.table.value  # labels, never codes
    beat = tab.figures["beat-payg"].data[0]
    assert list(beat.x) == ["3-month prepay", "6-month prepay", "12-month prepay"]
    assert [float(v) for v in beat.y] == list(expected["prob_beats_payg"].iloc[1:])
    assert "2,000 draws, seed 7" in mc.note.value


def test_the_discount_rate_box_reads_percent_and_refuses_what_it_cannot_read(app):
    tab = worth(app)
    app.deal.discount.box.value = "5"  # a box that shows "%": 5 %
    assert app.discount_rate == pytest.approx(0.05) and app.deal.discount.box.value == "5"
    npv = timevalue.npv_table(app.terms, 0.05)
    assert ENGLISH.money(npv["npv_cost"].iloc[3]) in tab.npv_table.value
    app.deal.discount.box.value = "abc"
    assert "Discount rate: \u2068abc\u2069 is not a number" in app.deal.discount.note.value
    assert app.deal.discount.box.value == "5%" and app.discount_rate == pytest.approx(0.05)


def test_bad_ranges_show_a_message(app):
    tab = worth(app)
    mc = tab.montecarlo
    mc.low.value = "2"  # above high
    mc.run_button.click()
    assert "Lowest performance: \u20682\u2069 is above the highest" in tab.message.value
    mc.low.value = "0.5"
    mc.run_button.click()
    assert tab.message.value == ""


def test_without_panels_there_is_no_tab():
    assert ExplorerApp(start=START, panels=[]).layout.body_tabs is None


def test_money_is_in_the_scenario_s_currency(app):
    # A scenario in euros: the tab's tables and charts say euros, never dollars.
    from babel.numbers import format_currency

    app.deal.currency.value = "EUR"
    tab = worth(app)
    npv = timevalue.npv_table(app.terms, 0.10)
    table = tab.npv_table.value
    assert "$" not in table
    assert format_currency(npv["npv_cost"].iloc[0], "EUR", locale="en_US") in table  # €…
    for key, axis in (("npv", "yaxis"), ("agency", "yaxis"), ("distribution", "xaxis")):
        ticks = tab.figures[key].figure["layout"][axis]
        assert ticks.get("tickprefix") == "€", key
    assert "$" not in tab.montecarlo.table.value


def test_the_tab_speaks_the_client_s_language(app):
    # Switched to French before the tab is first opened, then to Arabic while it is shown.
    app.deal.language.value = "fr_FR"
    tab = worth(app)
    assert "En valeur actuelle" in tab.npv_table.value
    assert "Rendement du prépaiement (TRI)" in tab.npv_table.value
    # The options' labels too, and why no return is shown (DOMAIN.md rule 11).
    shown = html.unescape(tab.npv_table.value)
    assert "Paiement à l'utilisation" in shown
    assert "les paiements se croisent plus d'une fois : voir la valeur actuelle" in shown
    assert tab.montecarlo.run_button.description == "Lancer la simulation"
    npv = tab.figures["npv"].figure["layout"]
    assert npv["title"]["text"].startswith("Ce que coûte chaque option")
    assert "Médiane" in tab.montecarlo.table.value
    # Shares as French writes them: "87 %" in the table and the chart, "10 %" in the legend.
    summary = uncertainty.summary(tab.result)
    share = summary["prob_beats_payg"].iloc[3]
    assert f"{round(share * 100)}\u00a0%" in html.unescape(tab.montecarlo.table.value)
    assert f"{share:.0%}" not in html.unescape(tab.montecarlo.table.value)
    assert tab.figures["npv"].figure["data"][1]["name"] == "Valeur actuelle à 10\u00a0%"
    app.deal.language.value = "ar_AE"
    assert "بقيمة اليوم" in tab.npv_table.value
    assert tab.montecarlo.run_button.description == "تشغيل المحاكاة"
    agency_fig = tab.figures["agency"].figure
    assert agency_fig["data"][0]["name"] == "الإيراد المعترف به"


def test_the_headline_names_both_maxima_and_pay_as_you_go_s_true_due_days(terms):
    """Issue 19 in the client view: the most it can cost by the contract and in practice, each
    named (DOMAIN.md rule 10), and pay-as-you-go from the 28th is not "due on each month's
    first day"."""
    from prepay_modeller.app.views import Headline
    from prepay_modeller.core.quote import quote

    card = Headline()
    # A one-quarter 3-month prepay at $37,500: $117,562.50 by the contract, $106,875.00 when
    # Q1's milestones top out at 100 % (tests/test_okr.py works them out).
    card.show(quote(terms("prepay-3", rate="37500")))
    assert (
        "at most $117,562.50 by the contract, $106,875.00 in practice "
        "(Q1's milestones top out at 100%)"
    ) in html.unescape(card.cards["total"].value)
    card.show(quote(terms("payg", horizon=3, start="2027-02-28")))
    due = card.cards["prepayment"].value
    assert "due at the start of each month of the engagement, from 28 Feb 2027" in due
    assert "first day" not in due and "at most" not in card.cards["total"].value


def test_ranges_typed_in_french_mean_what_a_french_reader_means(app):
    # In French a comma is the decimal sign: "0,1" is 10 %, one value, not two quarters at 0 %
    # and 100 %; a list is written with semicolons, as French spreadsheets write it.
    app.deal.language.value = "fr_FR"
    tab = worth(app)
    mc = tab.montecarlo
    mc.low.value, mc.likely.value, mc.high.value = "0,1", "1", "1,2 ; 1,4 ; 1,2 ; 1,2"
    mc.draws.value, mc.seed.value = 500, 3
    mc.run_button.click()
    assert tab.message.value == ""
    expected = uncertainty.montecarlo(
        app.terms, 0.1, 1, [1.2, 1.4, 1.2, 1.2], draws=500, seed=3, discount_rate=0.10
    )
    for option in expected.options:
        assert list(tab.result.totals[option]) == list(expected.totals[option])
    assert "0,6 ; 0,8 ; 1 ; 1,2" in tab.montecarlo.hint.value
    mc.low.value = "0.6,0.8"  # English forms in a French box: refused where it is typed
    mc.run_button.click()
    assert "low" in tab.message.value.lower() or "bas" in tab.message.value.lower()
