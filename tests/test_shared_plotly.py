"""The app's chart widget: figures reach the page as plain JSON, and the vendored plotly.js basic
bundle is the one the figures are written for."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import numpy as np
import plotly
import plotly.graph_objects as go

from prepay_modeller import compare, make_terms, quote
from prepay_modeller.app.plotly_widget import BUNDLE, Chart, PlotlyLoader, plain
from prepay_modeller.presentation import charts


def test_plain_turns_arrays_and_scalars_into_json_values():
    value = {
        "y": np.array([1.5, 2.0]),
        "n": np.int64(3),
        "d": Decimal("121500.00"),
        "t": dt.date(2027, 1, 1),
        "nested": [(np.float64(0.25), "a")],
    }
    assert plain(value) == {
        "y": [1.5, 2.0],
        "n": 3,
        "d": 121500.0,
        "t": "2027-01-01",
        "nested": [[0.25, "a"]],
    }
    assert type(plain(value)["n"]) is int


def test_plotly_s_base64_arrays_reach_the_page_as_plain_lists():
    figure = go.Figure()
    figure.add_scatter(x=np.arange(3), y=np.array([1.5, 2.0, 121500.25]))
    figure.add_heatmap(z=np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int16))
    assert "bdata" in repr(figure.to_plotly_json())  # what plotly sends by itself
    scatter, heatmap = Chart(figure).figure["data"]
    assert scatter["x"] == [0, 1, 2] and scatter["y"] == [1.5, 2.0, 121500.25]
    assert heatmap["z"] == [[1, 2, 3], [4, 5, 6]]


def test_a_chart_sends_the_schedule_as_plain_numbers_and_answers_like_its_figure():
    # DOMAIN.md's worked example: prepay-6, 80% then 150%: fixed 121,500 and 81,000, variable
    # 10,800 and 81,000.
    terms = make_terms(option="prepay-6", performance=[0.8, 1.5], start="2027-01-01")
    figure = charts.schedule_figure(quote(terms).schedule)
    chart = Chart(figure)
    fixed, variable = chart.figure["data"][0], chart.figure["data"][1]
    assert (fixed["name"], fixed["y"]) == ("Fixed", [121500.0, 81000.0])
    assert (variable["name"], variable["y"]) == ("Variable", [10800.0, 81000.0])
    assert "bdata" not in repr(chart.figure)
    assert chart.data == figure.data and chart.layout == figure.layout

    better = make_terms(option="prepay-6", performance=[1.0, 1.0], start="2027-01-01")
    chart.show(charts.schedule_figure(quote(better).schedule))
    assert chart.figure["data"][1]["y"] == [13500.0, 54000.0]  # on target: 10% and 40% of base


def version(text: str) -> str:
    return re.search(r"plotly\.js (?:\(basic - minified\) )?v(\d+\.\d+\.\d+)", text[:400])[1]


def test_the_vendored_bundle_is_plotly_js_basic_of_the_installed_plotly_major_version():
    ours = version(BUNDLE.read_text(encoding="utf-8"))
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    theirs = version(full.read_text(encoding="utf-8")[:400])
    assert ours.split(".")[0] == theirs.split(".")[0], (ours, theirs)
    assert (BUNDLE.parent / "plotly.js-LICENSE.txt").read_text().startswith("MIT License")
    assert PlotlyLoader().bundle.startswith("/**\n* plotly.js (basic - minified)")


def test_every_chart_of_the_app_uses_only_traces_the_basic_bundle_draws():
    # plotly.js basic has scatter, bar and pie; a histogram or box trace would draw nothing.
    terms = make_terms(option="prepay-12", performance=1.2, start="2027-01-01")
    from prepay_modeller.app.views import figures as app_figures

    figures = app_figures(compare(terms))
    types = {trace.type for figure in figures.values() for trace in figure.data}
    assert types and types <= {"bar", "scatter", "pie"}
    # Every figure is plotly's own JSON: plotly's validator takes it as it is.
    for figure in figures.values():
        go.Figure(figure.to_plotly_json())


def test_charts_draw_without_plotly_s_toolbar():
    # On a shared screen the mode bar covered each chart's title on hover.
    assert "displayModeBar: false" in Chart._esm
