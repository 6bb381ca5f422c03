"""Plotly figure builders: pure functions from model frames to figures.

The explorer app and the proposal report both draw with these; none of them computes a payout.
Every builder takes frames the model returned and only reshapes them for plotting. Figures are
plotly's JSON built directly (:class:`presentation.figure.Figure`), not validated ``go.Figure``
objects: the app redraws three of them on every slider move.
"""

from __future__ import annotations

from prepay_modeller.presentation.figure import Figure
from prepay_modeller.presentation.i18n import ENGLISH, Speech

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


# plotly's "plotly_white" look, written out: white paper, light grid lines, dark blue-grey text.
GRID = "#EBF0F8"
AXIS = {"gridcolor": GRID, "linecolor": GRID, "zerolinecolor": GRID, "automargin": True}


# A legend between the title and the plot: below the plot, long option names (tilted tick
# labels, in French) and the axis title ran into it.
LEGEND_ABOVE = {
    "orientation": "h",
    "x": 0,
    "xanchor": "left",
    "y": 1.02,
    "yanchor": "bottom",
    "bgcolor": "rgba(255,255,255,0)",
}


def _layout(fig: Figure, title: str, yaxis: str, xaxis: str, legend_above: bool = False) -> Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01},
        font={"family": FONT, "size": 13, "color": "#2a3f5f"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel={"align": "left"},
        margin={"l": 70, "r": 20, "t": 80 if legend_above else 50, "b": 50},
        legend=LEGEND_ABOVE if legend_above else {"orientation": "h", "y": -0.2},
        height=380,
    )
    fig.update_xaxes(**AXIS, title={"text": xaxis})
    fig.update_yaxes(**AXIS, title={"text": yaxis})
    return fig


def _money_axis(fig: Figure, speech: Speech, axis: str = "y", **more) -> None:
    """Money ticks in the client's currency and the locale's separators ($1,000 / 1 000 €)."""
    prefix, suffix = speech.currency_affixes()
    ticks = {"tickprefix": prefix, "ticksuffix": suffix, "tickformat": ",.0f", **more}
    (fig.update_yaxes if axis == "y" else fig.update_xaxes)(**ticks)
    if speech != ENGLISH:
        fig.update_layout(separators=speech.separators())


def _percent_axis(fig: Figure, speech: Speech, low: float, high: float, axis: str = "x") -> None:
    """Percent ticks (``0%``, ``50%``…). In another language than English the ticks are written
    by the locale, as the document writes a share (``50 %`` in French; ``50٪`` in Arabic, one
    percent sign throughout a document): plotly's own percent format gives ``50%``."""
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    if speech.language == "en":
        update(tickformat=".0%")
        return
    steps = (0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0)
    step = next((s for s in steps if (high - low) / s <= 6), 10.0)
    first = step * (low // step)
    values = [round(first + k * step, 6) for k in range(int((high - first) / step + 1e-9) + 1)]
    update(tickvals=values, ticktext=[speech.percent(v) for v in values])


def _rtl(text: str, speech: Speech) -> str:
    """A right-to-left sentence inside a chart (whose text runs left to right) keeps its order
    between a right-to-left isolate (U+2067) and its end (U+2069)."""
    return f"\u2067{text}\u2069" if speech.rtl else text


def _y(title: str, speech: Speech) -> str:
    """A y axis's title; none in a right-to-left language, where plotly (which places it for
    left-to-right text) drew it over the ticks: the chart's title says what is plotted."""
    return "" if speech.rtl else title


def _month_ticks(fig: Figure, dates, speech: Speech) -> None:
    """Date ticks named in the client's language (plotly.js basic carries English month names
    only): the first of a month, about six of them."""
    import datetime as dt

    firsts = sorted({dt.date(d.year, d.month, 1) for d in dates})
    step = max(1, -(-len(firsts) // 6))
    shown = firsts[::step]
    fig.update_xaxes(
        tickvals=[str(d) for d in shown], ticktext=[speech.date(d, "MMM y") for d in shown]
    )


def _labels(frame, speech: Speech = ENGLISH) -> list[str]:
    """The options of a frame by their labels (in ``speech``'s language), where it has them."""
    if "label" in frame:
        return [
            speech.gettext(str(lab)) if lab else str(o)
            for lab, o in zip(frame["label"], frame["option"], strict=True)
        ]
    return [str(o) for o in frame["option"]]


def _by_option(frame, *columns: str) -> dict[str, dict[str, list]]:
    """Per option, in order of first appearance, each of ``columns`` as a list (one pass over
    the frame's columns: a pandas groupby costs milliseconds on the app's hot path)."""
    out: dict[str, dict[str, list]] = {}
    names = ["option", "label", *columns] if "label" in frame else ["option", *columns]
    for row in zip(*(frame[c].tolist() for c in names), strict=True):
        part = out.setdefault(row[0], {c: [] for c in names[1:]})
        for c, v in zip(names[1:], row[1:], strict=True):
            part[c].append(v)
    return out


def _name(part: dict, option: str, speech: Speech = ENGLISH) -> str:
    """How a legend names an option: its label ("12-month prepay"), never its code."""
    labels = part.get("label") or [None]
    return speech.gettext(str(labels[0])) if labels[0] else option


def _dollars(values) -> list[float]:
    return [float(v) for v in values]


def schedule_figure(schedule, title: str | None = None, speech: Speech = ENGLISH) -> Figure:
    """Stacked fixed/variable bars per quarter, with each quarter's maximum (fixed + the variable
    cap) and its on-target cost as marker lines.

    ``schedule`` is :attr:`core.quote.Quote.schedule`.
    """
    _ = speech.gettext
    quarters = [_("Q{quarter}").format(quarter=q) for q in schedule["quarter"]]
    fixed = _dollars(schedule["fixed"])
    fig = Figure()
    fig.add_trace(
        dict(type="bar", name=_("Fixed"), x=quarters, y=fixed, marker__color=COLORS["fixed"])
    )
    fig.add_trace(
        dict(
            type="bar",
            name=_("Variable"),
            x=quarters,
            y=_dollars(schedule["variable"]),
            marker__color=COLORS["variable"],
        )
    )
    fig.add_trace(
        dict(
            type="scatter",
            name=_("Quarter maximum (fixed + variable cap)"),
            x=quarters,
            y=_dollars(schedule["quarter_max"]),
            mode="markers",
            # An open symbol is drawn in marker.color: without it the cap took the colorway's green.
            marker={
                "symbol": "line-ew-open",
                "size": 40,
                "color": COLORS["cap"],
                "line": {"width": 3, "color": COLORS["cap"]},
            },
        )
    )
    fig.add_trace(
        dict(
            type="scatter",
            name=_("On target"),
            x=quarters,
            y=_dollars(schedule["on_target"]),
            mode="markers",
            marker={
                "symbol": "line-ew",
                "size": 40,
                "line": {"width": 2, "color": "#222", "dash": "dot"},
            },
        )
    )
    fig.update_layout(barmode="stack")
    _money_axis(fig, speech)
    if title is None:
        title = _("Quarterly payout: fixed and variable")
    return _layout(fig, title, _y(_("Amount per quarter"), speech), _("Engagement quarter"))


def cash_out_figure(
    cumulative, chosen: str | None = None, title: str | None = None, speech: Speech = ENGLISH
) -> Figure:
    """Cumulative cash out month by month, one line per option, ``chosen`` drawn bold.

    ``cumulative`` is :attr:`core.comparison.Comparison.cumulative_cash_out`.
    """
    fig = Figure()
    for option, part in _by_option(cumulative, "date", "cash_out").items():
        bold = option == chosen
        fig.add_trace(
            dict(
                type="scatter",
                name=_name(part, option, speech),
                x=[str(d) for d in part["date"]],
                y=_dollars(part["cash_out"]),
                mode="lines+markers" if bold else "lines",
                line={"shape": "hv", "width": 4 if bold else 1.5, "color": COLORS.get(option)},
                opacity=1 if bold or chosen is None else 0.6,
            )
        )
    _money_axis(fig, speech)
    if speech != ENGLISH:
        _month_ticks(fig, cumulative["date"], speech)
    _ = speech.gettext
    if title is None:
        title = _("Cumulative cash out, every option")
    return _layout(fig, title, _y(_("Paid so far"), speech), _("Date"))


def cost_curve_figure(
    curve,
    compare,
    chosen: str | None = None,
    title: str | None = None,
    speech: Speech = ENGLISH,
) -> Figure:
    """Each option's total cost as performance varies, with break-even points marked.

    ``curve`` is :meth:`core.comparison.Comparison.cost_curve`'s frame and ``compare`` is
    :attr:`core.comparison.Comparison.table` (for the break-even performances).
    """
    _ = speech.gettext
    fig = Figure()
    for option, part in _by_option(curve, "performance", "total").items():
        bold = option == chosen
        fig.add_trace(
            dict(
                type="scatter",
                name=_name(part, option, speech),
                x=list(part["performance"]),
                y=_dollars(part["total"]),
                mode="lines",
                line={"width": 4 if bold else 1.5, "color": COLORS.get(option)},
            )
        )
    marks = compare[compare["break_even_performance"].notna()]
    fig.add_trace(
        dict(
            type="scatter",
            name=_("Break-even (costs what pay-as-you-go costs)"),
            x=[float(v) for v in marks["break_even_performance"]],
            y=_dollars(marks["payg_total"]),
            mode="markers",
            marker={"size": 10, "color": "#c0392b", "symbol": "diamond"},
            text=[speech.percent(v) for v in marks["break_even_performance"]],
            hovertemplate="%{text}<extra></extra>",
        )
    )
    _break_even_labels(fig, curve, marks, speech)
    if len(curve):
        _percent_axis(
            fig, speech, float(curve["performance"].min()), float(curve["performance"].max())
        )
    _money_axis(fig, speech)
    title = _("Total cost against uniform performance") if title is None else title
    yaxis = _y(_("Total cost over the horizon"), speech)
    return _layout(fig, title, yaxis, _("Performance in every quarter"))


def _break_even_labels(fig: Figure, curve, marks, speech: Speech) -> None:
    """One label per break-even ("6-month prepay: 127.78%"), each on a thin line up from its
    point, placed so that no label sits on another or on another's line.

    Points sit on pay-as-you-go's line a few percent apart. Each label stands at its own height
    and reaches to one side of its line only: to the left where the points are not near the
    axis's start, the higher the further right (a line to the right never crosses a lower label,
    which lies wholly to the left of it); else to the right, the higher the further left.
    Heights are in the axis's units (a step of a tenth of the curves' range), so that the axis
    grows to hold them.
    """
    _ = speech.gettext
    rows = marks.sort_values("break_even_performance").to_dict("records")
    if not rows:
        return
    xs = [float(r["break_even_performance"]) for r in rows]
    totals = _dollars(curve["total"]) + [float(r["payg_total"]) for r in rows]
    low_x = float(curve["performance"].min()) if len(curve) else 0.0
    high_x = float(curve["performance"].max()) if len(curve) else max(xs)
    step = (max(totals) - min(totals)) * 0.1 or max(totals) * 0.05 or 1.0
    leftward = xs[0] - low_x >= 0.28 * ((high_x - low_x) or 1.0)
    order = range(len(rows)) if leftward else range(len(rows) - 1, -1, -1)
    for rank, i in enumerate(order, start=1):
        row, x = rows[i], xs[i]
        payg = float(row["payg_total"])
        height = payg + rank * step
        share = speech.percent(row["break_even_performance"])  # as the headline says it
        text = _("{option}: {share}").format(option=_(row["label"] or row["option"]), share=share)
        fig.add_shape(
            type="line",
            x0=x,
            x1=x,
            y0=payg,
            y1=height,
            line={"color": "#c0392b", "width": 1},
            layer="above",
        )
        fig.add_annotation(
            name=str(row["option"]),  # which option's break-even (a report rewords the label)
            x=x,
            y=height,
            text=_rtl(text, speech),
            showarrow=False,
            xanchor="right" if leftward else "left",
            yanchor="middle",
            xshift=-3 if leftward else 3,
            font={"size": 11, "color": "#c0392b"},
            bgcolor="rgba(255,255,255,0.85)",
        )


# --- beyond the article: time value, uncertainty, the agency's view -------------------------


def npv_figure(npv_frame, title: str | None = None, speech: Speech = ENGLISH) -> Figure:
    """Each option's nominal cost beside its present value at the discount rate.

    ``npv_frame`` is :func:`core.timevalue.npv_table`'s frame; the present value of the cost is
    ``−npv`` (the model's NPV is negative for cash out). Bars are labelled with the IRR of
    prepaying against pay-as-you-go where it is defined.
    """
    _ = speech.gettext
    options = list(npv_frame["option"])
    labels = _labels(npv_frame, speech)
    rate = float(npv_frame["discount_rate"].iloc[0]) if "discount_rate" in npv_frame else None
    fig = Figure()
    fig.add_trace(
        dict(
            type="bar",
            name=_("Nominal total"),
            x=labels,
            y=_dollars(npv_frame["total"]),
            marker__color=COLORS["cap"],
        )
    )
    # Short enough to sit above a bar at full size (plotly shrinks longer text to the bar).
    irr = [
        "" if v is None or v != v else _("IRR {share}").format(share=speech.percent(v, 1))
        for v in npv_frame["irr_vs_payg"]
    ]
    fig.add_trace(
        dict(
            type="bar",
            name=_("Present value")
            if rate is None
            else _rtl(_("Present value at {rate}").format(rate=speech.percent(rate, 1)), speech),
            x=labels,
            y=[-float(v) for v in npv_frame["npv"]],
            marker__color=[COLORS.get(o, COLORS["fixed"]) for o in options],
            text=irr,
            textposition="outside",
            textfont={"size": 11},
            constraintext="none",
            cliponaxis=False,
        )
    )
    fig.update_layout(barmode="group")
    _money_axis(fig, speech)
    if title is None:
        title = _("What each option costs, nominal and in today's money")
    return _layout(
        fig, title, _y(_("Cost over the horizon"), speech), _("Option"), legend_above=True
    )


def beat_payg_figure(summary_frame, title: str | None = None, speech: Speech = ENGLISH) -> Figure:
    """The probability that each prepay option costs less than pay-as-you-go.

    ``summary_frame`` is :func:`core.uncertainty.summary`'s frame; pay-as-you-go itself (NaN)
    is left out. Where NPVs were drawn, a second bar gives the chance in today's money.
    """
    _ = speech.gettext
    rows = summary_frame[summary_frame["prob_beats_payg"].notna()]
    fig = Figure()
    fig.add_trace(
        dict(
            type="bar",
            name=_("Nominal"),
            x=_labels(rows, speech),
            y=[float(v) for v in rows["prob_beats_payg"]],
            marker__color=[COLORS.get(o, COLORS["fixed"]) for o in rows["option"]],
            text=[speech.percent(v, 0) for v in rows["prob_beats_payg"]],
            textposition="outside",
        )
    )
    if "prob_beats_payg_npv" in rows and rows["prob_beats_payg_npv"].notna().any():
        fig.add_trace(
            dict(
                type="bar",
                name=_("In today's money"),
                x=_labels(rows, speech),
                y=[float(v) for v in rows["prob_beats_payg_npv"]],
                marker__color=COLORS["cap"],
                text=[speech.percent(v, 0) for v in rows["prob_beats_payg_npv"]],
                textposition="outside",
            )
        )
        fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 1.1])
    _percent_axis(fig, speech, 0, 1, axis="y")
    return _layout(
        fig,
        title or _("Chance that prepaying beats pay-as-you-go"),
        _y(_("Share of draws"), speech),
        _("Option"),
        legend_above=True,
    )


def _payg_mark(fig: Figure, payg: float, text: str) -> None:
    """Pay-as-you-go's total as a dashed line across the plot, named inside the plot beside
    its line (above the plot, the legend is)."""
    fig.add_shape(
        type="line",
        xref="x",
        yref="paper",
        x0=payg,
        x1=payg,
        y0=0,
        y1=1,
        line={"color": COLORS["payg"], "dash": "dash", "width": 2},
    )
    fig.add_annotation(
        x=payg,
        xref="x",
        y=1,
        yref="paper",
        yanchor="top",
        xanchor="left",
        xshift=4,
        text=text,
        showarrow=False,
    )


def distribution_figure(
    result, bins: int = 60, title: str | None = None, speech: Speech = ENGLISH
) -> Figure:
    """Histograms of each option's total cost over the Monte Carlo draws, pay-as-you-go as a line.

    ``result`` is :func:`core.uncertainty.montecarlo`'s. The draws are binned here (one set of
    bins shared by every option) so that the figure stays small whatever the draw count.
    """
    import numpy as np

    _ = speech.gettext
    catalog = result.terms.catalog
    varying = [o for o in result.options if not catalog.option(o).is_payg]
    payg = result.payg_total / 100.0
    fig = Figure()
    top = 0.01  # the largest share of draws in one bin
    if varying:
        every = np.concatenate([result.totals[o] for o in varying]) / 100.0
        lo, hi = float(every.min()), float(every.max())
        if hi <= lo:
            lo, hi = lo - 1.0, hi + 1.0
        edges = np.linspace(lo, hi, bins + 1)
        mids = (edges[:-1] + edges[1:]) / 2
        for option in varying:
            counts, _bins = np.histogram(result.totals[option] / 100.0, bins=edges)
            top = max(top, float(counts.max()) / result.draws)
            fig.add_trace(
                dict(
                    type="bar",
                    name=_(catalog.option(option).display),
                    x=mids.tolist(),
                    y=(counts / result.draws).tolist(),
                    width=float(edges[1] - edges[0]),
                    marker__color=COLORS.get(option),
                    opacity=0.6,
                )
            )
    _payg_mark(fig, payg, _("pay-as-you-go"))
    fig.update_layout(barmode="overlay", bargap=0)
    _money_axis(fig, speech, axis="x")
    _percent_axis(fig, speech, 0, top * 1.1, axis="y")  # ticks up to the tallest bar
    draws = speech.number(result.draws)
    title = title or _("Total cost over {draws} draws of performance").format(draws=draws)
    return _layout(
        fig,
        title,
        _y(_("Share of draws"), speech),
        _("Total cost over the horizon"),
        legend_above=True,
    )


def agency_figure(monthly_frame, title: str | None = None, speech: Speech = ENGLISH) -> Figure:
    """The agency's months: revenue recognised and cash in as bars, the variable part at risk,
    and both running totals as lines.

    ``monthly_frame`` is :func:`core.agency.monthly_revenue`'s frame.
    """
    _ = speech.gettext
    months = [_("M{month}").format(month=m) for m in monthly_frame["month"]]
    fig = Figure()
    for col, name, color in [
        ("recognised", _("Recognised"), "#1f3b73"),
        ("cash_in", _("Cash in"), "#2a9d8f"),
        ("at_risk", _("At risk (on-target variable)"), COLORS["variable"]),
    ]:
        fig.add_trace(
            dict(
                type="bar", name=name, x=months, y=_dollars(monthly_frame[col]), marker__color=color
            )
        )
    for col, name, dash in [
        ("cumulative_recognised", _("Recognised so far"), "solid"),
        ("cumulative_cash_in", _("Cash in so far"), "dot"),
    ]:
        fig.add_trace(
            dict(
                type="scatter",
                name=name,
                x=months,
                y=_dollars(monthly_frame[col]),
                mode="lines",
                line={"color": "#222", "dash": dash, "shape": "hv"},
            )
        )
    fig.update_layout(barmode="group")
    _money_axis(fig, speech, rangemode="tozero")
    return _layout(
        fig,
        title or _("The agency's view: revenue and cash"),
        _y(_("Per month / so far"), speech),
        _("Month"),
        legend_above=True,
    )
