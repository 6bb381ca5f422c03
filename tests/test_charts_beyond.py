"""The issue-5 figure builders draw what the model returned, without computing it again."""

import pytest

from prepay_modeller.core import agency, timevalue
from prepay_modeller.core import uncertainty as mc
from prepay_modeller.presentation import charts


@pytest.fixture
def t(terms):
    return terms("prepay-12", horizon=12)


def test_npv_figure_shows_total_and_present_value(t):
    table = timevalue.npv_table(t, 0.1)
    fig = charts.npv_figure(table)
    nominal, present = fig.data
    assert list(nominal.x) == [
        "Pay-as-you-go",
        "3-month prepay",
        "6-month prepay",
        "12-month prepay",
    ]
    assert list(nominal.y) == [float(v) for v in table["total"]]
    assert list(present.y) == [-float(v) for v in table["npv"]]
    assert present.text[0] == ""  # no IRR for payg
    # On target the payments cross more than once: no IRR is unique, none is labelled.
    assert list(present.text[1:]) == ["", "", ""]


def test_npv_figure_labels_a_unique_irr(terms):
    # At performance 0 a prepay pays more on day 0 and less every month after: one change of
    # sign, one IRR, labelled on its bar (DOMAIN.md rule 11).
    table = timevalue.npv_table(terms("prepay-12", horizon=12, performance=0), 0.1)
    present = charts.npv_figure(table).data[1]
    irr = table["irr_vs_payg"].iloc[3]
    assert irr == irr and present.text[3] == f"IRR {irr:.1%}"


def test_beat_payg_figure_leaves_payg_out(t):
    summary = mc.summary(mc.montecarlo(t, 0.5, 1, 1.8, draws=2000, discount_rate=0.1))
    fig = charts.beat_payg_figure(summary)
    assert list(fig.data[0].x) == ["3-month prepay", "6-month prepay", "12-month prepay"]
    assert list(fig.data[0].y) == list(summary["prob_beats_payg"].iloc[1:])
    assert len(fig.data) == 2  # nominal and in today's money
    no_npv = mc.summary(mc.montecarlo(t, 0.5, 1, 1.8, draws=200))
    assert len(charts.beat_payg_figure(no_npv).data) == 1


def test_distribution_figure_bins_every_draw(t):
    result = mc.montecarlo(t, 0.5, 1, 1.8, draws=3000, seed=4)
    fig = charts.distribution_figure(result, bins=40)
    assert [tr.name for tr in fig.data] == ["3-month prepay", "6-month prepay", "12-month prepay"]
    for trace in fig.data:
        assert len(trace.x) == 40
        assert sum(trace.y) == pytest.approx(1.0)  # shares of all draws
    # A degenerate distribution still draws (one bin holds every draw).
    point = mc.montecarlo(t, 1, 1, 1, draws=10)
    assert max(charts.distribution_figure(point).data[0].y) == 1.0


def test_agency_figure_draws_the_monthly_frame(terms):
    frame = agency.monthly_revenue(terms("prepay-6", performance=[0.8, 1.5]))
    fig = charts.agency_figure(frame)
    names = [tr.name for tr in fig.data]
    assert names[:3] == ["Recognised", "Cash in", "At risk (on-target variable)"]
    assert list(fig.data[1].y) == [float(v) for v in frame["cash_in"]]
    assert fig.data[4].y[-1] == 294_300.0


def test_the_worth_charts_write_shares_as_the_client_s_language_does(t):
    # A figure on a French or Arabic chart is written as the document writes it (DOMAIN.md,
    # "Words for clients"): "10 %", "10٪", never Python's "10.0%".
    from prepay_modeller.presentation.i18n import speech

    french, arabic = speech("fr", "EUR"), speech("ar", "AED")
    table = timevalue.npv_table(t, 0.1)
    assert charts.npv_figure(table, speech=french).data[1].name == "Valeur actuelle à 10\u00a0%"
    name = charts.npv_figure(table, speech=arabic).data[1].name
    assert "10\u066a" in name and name.startswith("\u2067") and name.endswith("\u2069")
    assert charts.npv_figure(table).data[1].name == "Present value at 10%"
    summary = mc.summary(mc.montecarlo(t, 0.5, 1, 1.8, draws=200, seed=1))
    shares = list(charts.beat_payg_figure(summary, speech=french).data[0].text)
    assert shares == [french.percent(v, 0) for v in summary["prob_beats_payg"].iloc[1:]]
    assert all(s.endswith("\u00a0%") for s in shares)


def test_the_distribution_s_ticks_and_legend_in_french(t):
    from prepay_modeller.presentation.i18n import speech

    french = speech("fr", "EUR")
    result = mc.montecarlo(t, 0.5, 1, 1.8, draws=3000, seed=4)
    fig = charts.distribution_figure(result, bins=40, speech=french)
    ticks = fig.layout.yaxis.ticktext
    assert ticks[0] == "0\u00a0%" and all(tick.endswith("\u00a0%") for tick in ticks)
    tallest = max(max(trace.y) for trace in fig.data)
    assert fig.layout.yaxis.tickvals[-1] <= tallest * 1.1  # no tick far above the bars
    assert fig.layout.legend.yanchor == "bottom" and fig.layout.legend.y > 1  # above the plot
