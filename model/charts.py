"""Plotly figure builders: pure functions from model frames to figures.

The explorer app and the proposal report both draw with these; none of them computes a payout.
Every builder takes frames the model returned and only reshapes them for plotting.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

COLORS = {
    "fixed": "#1f3b73",
    "variable": "#f28c28",
    "cap": "#9aa5b1",
    "payg": "#7f8c8d",
    "prepay-3": "#2a9d8f",
    "prepay-6": "#e9c46a",
    "prepay-12": "#1f3b73",
}
FONT = "Inter, Segoe UI, Helvetica, Arial, sans-serif"


def _white(fig: go.Figure) -> None:
    """Apply the registered ``plotly_white`` template the way plotly applies its default one:
    without validating it again, which costs ~14 ms a figure (the app's hot path)."""
    fig.layout._validate = False
    try:
        fig.layout.template = pio.templates["plotly_white"]
    finally:
        fig.layout._validate = True


def _layout(fig: go.Figure, title: str, yaxis: str, xaxis: str) -> go.Figure:
    _white(fig)
    fig.update_layout(
        title={"text": title, "x": 0.01},
        font={"family": FONT, "size": 13},
        margin={"l": 70, "r": 20, "t": 50, "b": 50},
        legend={"orientation": "h", "y": -0.2},
        yaxis_title=yaxis,
        xaxis_title=xaxis,
        height=380,
    )
    return fig


def _dollars(values) -> list[float]:
    return [float(v) for v in values]


def schedule_figure(schedule, title: str = "Quarterly payout: fixed and variable") -> go.Figure:
    """Stacked fixed/variable bars per quarter, with each quarter's cap as a marker line.

    ``schedule`` is :func:`model.payouts.quarterly_schedule`'s frame.
    """
    quarters = [f"Q{q}" for q in schedule["quarter"]]
    fixed = _dollars(schedule["fixed"])
    fig = go.Figure()
    fig.add_bar(name="Fixed", x=quarters, y=fixed, marker_color=COLORS["fixed"])
    fig.add_bar(
        name="Variable",
        x=quarters,
        y=_dollars(schedule["variable"]),
        marker_color=COLORS["variable"],
    )
    fig.add_scatter(
        name="Cap (fixed + variable max)",
        x=quarters,
        y=[f + float(c) for f, c in zip(fixed, schedule["variable_max"], strict=True)],
        mode="markers",
        # An open symbol is drawn in marker.color: without it the cap took the colorway's green.
        marker={
            "symbol": "line-ew-open",
            "size": 40,
            "color": COLORS["cap"],
            "line": {"width": 3, "color": COLORS["cap"]},
        },
    )
    fig.add_scatter(
        name="On target",
        x=quarters,
        y=_dollars(schedule["on_target"]),
        mode="markers",
        marker={
            "symbol": "line-ew",
            "size": 40,
            "line": {"width": 2, "color": "#222", "dash": "dot"},
        },
    )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(tickprefix="$", tickformat=",.0f")
    return _layout(fig, title, "Dollars per quarter", "Engagement quarter")


def cash_out_figure(
    cumulative, chosen: str | None = None, title: str = "Cumulative cash out, every option"
) -> go.Figure:
    """Cumulative cash out month by month, one line per option, ``chosen`` drawn bold.

    ``cumulative`` is :func:`model.payouts.cumulative_cash_out`'s frame.
    """
    fig = go.Figure()
    for option, part in cumulative.groupby("option", sort=False):
        bold = option == chosen
        fig.add_scatter(
            name=option,
            x=[str(d) for d in part["date"]],
            y=_dollars(part["cash_out"]),
            mode="lines+markers" if bold else "lines",
            line={"shape": "hv", "width": 4 if bold else 1.5, "color": COLORS.get(option)},
            opacity=1 if bold or chosen is None else 0.6,
        )
    fig.update_yaxes(tickprefix="$", tickformat=",.0f")
    return _layout(fig, title, "Paid so far", "Date")


def cost_curve_figure(
    curve, compare, chosen: str | None = None, title: str = "Total cost against uniform performance"
) -> go.Figure:
    """Each option's total cost as performance varies, with break-even points marked.

    ``curve`` is :func:`model.payouts.cost_curve`'s frame and ``compare`` is
    :func:`model.payouts.compare_options`'s (for the break-even performances).
    """
    fig = go.Figure()
    for option, part in curve.groupby("option", sort=False):
        bold = option == chosen
        fig.add_scatter(
            name=option,
            x=list(part["performance"]),
            y=_dollars(part["total"]),
            mode="lines",
            line={"width": 4 if bold else 1.5, "color": COLORS.get(option)},
        )
    marks = compare[compare["break_even_performance"].notna()]
    fig.add_scatter(
        name="Break-even",
        x=[float(v) for v in marks["break_even_performance"]],
        y=_dollars(marks["payg_total"]),
        mode="markers+text",
        text=[f"{v:.0%}" for v in marks["break_even_performance"]],
        # Alternate sides: break-evens often sit a few percent apart and their labels overlapped.
        textposition=["top left" if i % 2 == 0 else "bottom right" for i in range(len(marks))],
        marker={"size": 10, "color": "#c0392b", "symbol": "diamond"},
    )
    fig.update_xaxes(tickformat=".0%")
    fig.update_yaxes(tickprefix="$", tickformat=",.0f")
    return _layout(fig, title, "Total cost over the horizon", "Performance in every quarter")
