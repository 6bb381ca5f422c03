"""The founder's charts: month-end cash of every option (the zero line and each option's lowest
point marked), and the shared builders of :mod:`presentation.charts` laid out for the
founder's notebook.

Every chart here carries its legend *above* the plot, never under it where the x axis's title
is (the shared builders put it below, where it ran over that title), and no title of its own:
the heading above it names it.
"""

from __future__ import annotations

from prepay_modeller.core.cash import CashComparison
from prepay_modeller.presentation import charts
from prepay_modeller.presentation.figure import Figure
from prepay_modeller.presentation.i18n import ENGLISH, Speech

ZERO_COLOR = "#b03a2e"
HEIGHT = 360
LEGEND_ABOVE = charts.LEGEND_ABOVE


def laid_out(fig: Figure, width: int | None = None) -> Figure:
    """``fig`` with its legend above the plot and no title (the heading names the chart); at a
    fixed ``width`` for a printed page, else as wide as its box."""
    fig.update_layout(
        title={"text": ""},
        legend=LEGEND_ABOVE,
        margin={"l": 70, "r": 20, "t": 30, "b": 50},
        height=HEIGHT,
    )
    if width is not None:
        fig.update_layout(width=width, autosize=False)
    return fig


def cash_figure(c: CashComparison, speech: Speech = ENGLISH) -> Figure:
    """Every option's month-end cash from the start date (the opening cash) to the last month
    modelled; the chosen option bold; the zero line; each option's lowest point marked."""
    _ = speech.gettext
    chosen = c.comparison.chosen_name
    start = c.terms.start
    fig = Figure()
    lows_x, lows_y, lows_text = [], [], []
    for name, path in c.paths.items():
        bold = name == chosen
        label = _(path.quote.option.display)
        fig.add_trace(
            dict(
                type="scatter",
                name=label,
                x=[str(start)] + [str(m.end) for m in path.months],
                y=[float(c.founder.cash)] + [m.cash / 100 for m in path.months],
                mode="lines+markers" if bold else "lines",
                line={"width": 4 if bold else 1.5, "color": charts.COLORS.get(name)},
                opacity=1 if bold or chosen is None else 0.7,
                hovertemplate="%{x}: %{y:,.2f}<extra>" + label + "</extra>",
            )
        )
        lows_x.append(str(path.lowest_cash_month))
        lows_y.append(float(path.lowest_cash))
        lows_text.append(label)
    fig.add_trace(
        dict(
            type="scatter",
            name=_("Lowest point"),
            x=lows_x,
            y=lows_y,
            text=lows_text,
            mode="markers",
            marker={"size": 11, "symbol": "diamond", "color": ZERO_COLOR},
            hovertemplate="%{text}: %{y:,.2f}<extra></extra>",
        )
    )
    _zero_line(fig, speech)
    charts._money_axis(fig, speech)
    dates = [start] + [m.end for m in next(iter(c.paths.values())).months]
    if speech != ENGLISH:
        charts._month_ticks(fig, dates, speech)
    fig = charts._layout(fig, "", charts._y(_("Cash at the month's end"), speech), _("Date"))
    return laid_out(fig)


def _zero_line(fig: Figure, speech: Speech) -> None:
    """The line at zero cash, named."""
    fig.add_shape(
        type="line",
        xref="paper",
        x0=0,
        x1=1,
        yref="y",
        y0=0,
        y1=0,
        line={"color": ZERO_COLOR, "width": 1.5, "dash": "dash"},
    )
    fig.add_annotation(
        xref="paper",
        x=1,
        xanchor="right",
        y=0,
        yanchor="bottom",
        text=charts._rtl(speech.gettext("zero"), speech),
        showarrow=False,
        font={"size": 11, "color": ZERO_COLOR},
    )


def cost_figure(view, speech: Speech = ENGLISH) -> Figure:
    """Each option's total against a uniform performance, break-even points marked."""
    comparison = view.comparison
    fig = charts.cost_curve_figure(
        view.curve, comparison.table, chosen=comparison.chosen_name, title="", speech=speech
    )
    return laid_out(fig)


def npv_figure(view, speech: Speech = ENGLISH) -> Figure:
    return laid_out(charts.npv_figure(view.npv, title="", speech=speech))


def beats_figure(view, speech: Speech = ENGLISH) -> Figure:
    return laid_out(charts.beat_payg_figure(view.summary, title="", speech=speech))


def agency_figure(view, speech: Speech = ENGLISH) -> Figure:
    return laid_out(charts.agency_figure(view.agency, title="", speech=speech))
