"""The proposal's charts: the shared figure builders (:mod:`presentation.charts`), drawn the full
text width in the body's font, each with the render's script nonce.

plotly.js itself is either embedded once, before the first chart (``plotlyjs="inline"``: the
template run on its own with papermill), or left to the exporter (``"none"``: ``prepay
reports`` adds plotly.js *basic* to the page's head once). Only trace types that plotly.js basic
draws are used (bar and scatter).
"""

from __future__ import annotations

from markupsafe import Markup

from prepay_modeller.presentation import charts
from prepay_modeller.presentation.html import esc
from prepay_modeller.presentation.i18n import ENGLISH, Speech
from prepay_modeller.presentation.plotlyjs import script

# The body's font (proposal.css sets it from this too, through --font), so that the charts read
# as part of the page.
BODY_FONT = '"DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif'
# Right-to-left (Arabic) text in Debian's Noto Sans Arabic (fonts-noto-core), Latin after it.
RTL_FONT = '"Noto Sans Arabic", ' + BODY_FONT
CHART_HEIGHT = 330
PERFORMANCE_STEPS = [i / 20 for i in range(0, 51)]  # 0 % to 250 % of target


class Plots:
    """Turns figures into HTML for one proposal (plotly.js inline at most once)."""

    def __init__(self, params: dict, speech: Speech = ENGLISH):
        self.params = params
        self.font = RTL_FONT if speech.rtl else BODY_FONT
        # A currency written after the amount (480 000 €) makes the money ticks wider, and
        # Arabic script is taller: more room for the axis titles and the legend.
        self.left = 80 if not speech.currency_affixes()[1] else 112
        self.speech = speech
        self.drawn: list = []  # every figure embedded so far, in order (tests read them)

    def embed(self, fig) -> Markup:
        fig.update_layout(
            autosize=True,
            width=None,
            height=CHART_HEIGHT,
            font={"family": self.font, "size": 11},
            # The section's heading names the chart: no title inside it.
            title={"text": ""},
            margin={"l": self.left, "r": 16, "t": 24, "b": 40},
            # The legend at the chart's foot, below the axis title (the legend pushes the
            # bottom margin out as far as it needs): placed in the plot's units, it sat on the
            # axis title.
            legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
        )
        if self.speech.rtl:
            # A right-to-left axis title ran into the ticks (plotly places it for left-to-right
            # text): the section's heading names the chart, the ticks carry the currency.
            fig.update_yaxes(title={"text": ""})
        out = fig.to_html(
            full_html=False,
            include_plotlyjs=False,
            # Not responsive: a chart keeps the width it was drawn at (the page's text width).
            # Printing fires a resize, and redrawing then left some charts narrower in the PDF.
            config={"displayModeBar": False, "responsive": False},
            default_height=f"{CHART_HEIGHT}px",
            default_width="100%",
        )
        nonce = self.params["script_nonce"]
        if not self.drawn and self.params["plotlyjs"] == "inline":
            out = script() + out
        self.drawn.append(fig)
        if nonce:
            out = out.replace("<script>", f'<script nonce="{esc(nonce)}">')
        return Markup(f'<div class="chart">{out}</div>')

    def schedule(self, figures) -> Markup:
        fig = charts.schedule_figure(figures.quote.schedule, title="", speech=figures.speech)
        return self.embed(fig)

    def cash(self, figures) -> Markup:
        frame = figures.comparison.cumulative_cash_out
        fig = charts.cash_out_figure(
            frame, chosen=figures.option.name, title="", speech=figures.speech
        )
        fig.update_yaxes(title={"text": figures.words._("Paid so far")})
        fig.update_xaxes(title={"text": ""})
        return self.embed(fig)

    def cost(self, figures) -> Markup:
        comparison = figures.comparison
        curve = comparison.cost_curve(PERFORMANCE_STEPS)
        f = figures.words
        fig = charts.cost_curve_figure(
            curve, comparison.table, chosen=figures.option.name, title="", speech=figures.speech
        )
        total = f._("Total over {months}").format(months=f.months(comparison.horizon))
        fig.update_yaxes(title={"text": total})
        fig.update_traces({"name": f._("Break-even")}, selector={"mode": "markers"})
        # The labels say each break-even as the comparison table does (110.53%, not 111%).
        by_option = {r["option"]: r for r in comparison.break_evens.to_dict("records")}
        for note in fig.layout.annotations:
            row = by_option[note.name]
            share = f.pct(row["break_even_performance"])
            note.text = f._("{option}: {share}").format(option=f._(row["label"]), share=share)
            if figures.speech.rtl:  # a right-to-left sentence inside the chart's own LTR
                note.text = f"\u2067{note.text}\u2069"
        return self.embed(fig)
