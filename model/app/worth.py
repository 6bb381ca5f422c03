"""The "What prepaying is worth" tab: every option in today's money at the client's discount
rate (NPV, IRR), how likely each beats pay-as-you-go when performance is uncertain (Monte
Carlo), and the agency's months of revenue and cash.

Kept off the explorer's hot path: it refreshes only while its tab is shown (or when it is
opened), and the Monte Carlo runs on its button, not on every slider move. Every figure is the
core's (:mod:`core.timevalue`, :mod:`core.uncertainty`, :mod:`core.agency`).
"""

from __future__ import annotations

import ipywidgets as w

from prepay_modeller.app.plotly_widget import Chart
from prepay_modeller.app.text import MINUS, money_table, piece
from prepay_modeller.core import agency, timevalue, uncertainty
from prepay_modeller.core.errors import PrepayError
from prepay_modeller.core.terms import Terms
from prepay_modeller.inputs.scenarios import read_ranges
from prepay_modeller.presentation import charts
from prepay_modeller.presentation.i18n import N_

TITLE = N_("What prepaying is worth")
GRID_COLUMNS = "repeat(auto-fit, minmax(min(440px, 100%), 1fr))"
NPV_COLUMNS = {
    "label": "Option",
    "total": "Total",
    "npv_cost": "In today's money",
    "npv_savings_vs_payg": "Saves vs pay-as-you-go today",
    "irr": "Return of prepaying (IRR)",
}
MC_COLUMNS = {
    "label": "Option",
    "p10_total": "P10 total",
    "p50_total": "Median",
    "p90_total": "P90 total",
    "beats": "Beats pay-as-you-go",
}


def _title(text: str) -> w.HTML:
    return w.HTML(piece("table_title", text))


def _panel(*children: w.Widget) -> w.VBox:
    box = w.VBox(list(children))
    box.add_class("panel")
    return box


class MonteCarloBox:
    """The simulation's ranges, draws and seed, its button and its summary table."""

    def __init__(self, run):
        text = {"description_width": "90px"}
        size = w.Layout(width="200px")
        self.low = w.Text(value="60%", description="Low", style=text, layout=size)
        self.likely = w.Text(value="100%", description="Likely", style=text, layout=size)
        self.high = w.Text(value="150%", description="High", style=text, layout=size)
        self.draws = w.BoundedIntText(
            value=10_000, min=1, max=1_000_000, description="Draws", style=text, layout=size
        )
        self.seed = w.IntText(value=0, description="Seed", style=text, layout=size)
        for name in ("low", "likely", "high", "draws", "seed"):
            getattr(self, name).add_class(f"control-mc-{name}")
        self.run_button = w.Button(
            description="Run simulation", icon="play", button_style="primary", layout=size
        )
        self.run_button.add_class("run-montecarlo")
        self.run_button.on_click(lambda _b: run())
        self.table = w.HTML("")
        self.table.add_class("montecarlo-table")
        self.note = w.HTML("")
        self.note.add_class("montecarlo-note")
        self.result = None

    def controls(self) -> w.VBox:
        return _panel(
            _title("When performance is uncertain"),
            w.HTML(piece("hint", "montecarlo")),
            self.low,
            self.likely,
            self.high,
            self.draws,
            self.seed,
            self.run_button,
            self.note,
        )

    def simulate(self, terms: Terms, discount_rate: float):
        low, likely, high = read_ranges(self.low.value, self.likely.value, self.high.value)
        self.result = uncertainty.montecarlo(
            terms,
            low,
            likely,
            high,
            draws=self.draws.value,
            seed=self.seed.value,
            discount_rate=discount_rate,
        )
        return self.result

    def show(self, figures: dict[str, Chart], speech) -> None:
        """The summary table and the two charts, money in ``speech``'s currency."""
        summary = uncertainty.summary(self.result)
        shown = summary.assign(
            beats=["—" if v != v else f"{v:.0%}" for v in summary["prob_beats_payg"]]
        )
        self.table.value = money_table(shown, MC_COLUMNS, formats={"beats": str}, speech=speech)
        figures["beat-payg"].show(charts.beat_payg_figure(summary))
        figures["distribution"].show(charts.distribution_figure(self.result, speech=speech))
        r = self.result
        self.note.value = piece("worth_note", f"{r.draws:,}", r.seed, r.terms.horizon)

    def outdated(self, terms: Terms) -> None:
        if self.result is not None and self.result.terms != terms:
            self.note.value = piece("stale_note")


class WorthPanel:
    """The tab; ``app`` gives the scenario (``app.terms``) and the discount-rate box."""

    def __init__(self, app):
        self.app = app
        self.dirty = False
        self.montecarlo = MonteCarloBox(self.run)
        self.message = w.HTML("")
        self.message.add_class("beyond-message")
        self.npv_table = w.HTML("")
        self.npv_table.add_class("npv-table")
        self.figures: dict[str, Chart] = {}
        self.widget = w.VBox([w.HTML(piece("hint", "loading"))])
        self.widget.add_class("beyond-article")

    @property
    def result(self):
        return self.montecarlo.result

    def _rate(self) -> float:
        return self.app.discount_rate

    def build(self) -> None:
        """Draw the tab (on first opening: charts drawn in a hidden tab take a wrong width, and
        the first page does not pay for a tab most calls never open)."""
        if self.figures:
            return
        terms = self.app.terms or self.app.current_terms()
        words = self.app.speech  # money in the scenario's currency
        result = self.montecarlo.simulate(terms, self._rate())
        self.figures = {
            "npv": Chart(charts.npv_figure(timevalue.npv_table(terms, self._rate()), speech=words)),
            "beat-payg": Chart(charts.beat_payg_figure(uncertainty.summary(result))),
            "distribution": Chart(charts.distribution_figure(result, speech=words)),
            "agency": Chart(charts.agency_figure(agency.monthly_revenue(terms), speech=words)),
        }
        for key, fig in self.figures.items():
            fig.add_class(f"chart-{key}")
            fig.add_class("panel")
        npv_box = _panel(_title("In today's money"), self.app.deal.discount.box, self.npv_table)
        mc_table = _panel(_title("Monte Carlo summary"), self.montecarlo.table)
        grid = w.GridBox(
            [
                npv_box,
                self.figures["npv"],
                self.montecarlo.controls(),
                self.figures["beat-payg"],
                mc_table,
                self.figures["distribution"],
            ],
            layout=w.Layout(grid_template_columns=GRID_COLUMNS, grid_gap="10px"),
        )
        agency_box = _panel(_title("The agency's view"), self.figures["agency"])
        self.refresh(terms)
        self.montecarlo.show(self.figures, words)
        self.widget.children = [self.message, grid, agency_box]
        self.widget.layout.grid_gap = "10px"

    def update(self, terms: Terms) -> None:
        """After every change of the explorer: refresh now if shown, else when next opened."""
        if not self.figures:
            return  # not drawn yet: drawn from the current scenario when first opened
        self.montecarlo.outdated(terms)
        if self.app.showing(self):
            self.refresh(terms)
        else:
            self.dirty = True

    def opened(self) -> None:
        if not self.figures:
            self.build()
        elif self.dirty:
            self.refresh()

    def refresh(self, terms: Terms | None = None) -> None:
        terms = terms or self.app.terms
        if terms is None or not self.figures:
            return
        try:
            npv = timevalue.npv_table(terms, self._rate())
            monthly = agency.monthly_revenue(terms)
        except PrepayError as exc:
            self._error(exc)
            return
        self.dirty = False
        self.message.value = ""
        irr = ["—" if v != v else f"{v:.1%}".replace("-", MINUS) for v in npv["irr_vs_payg"]]
        words = self.app.speech
        self.npv_table.value = money_table(
            npv.assign(irr=irr), NPV_COLUMNS, formats={"irr": str}, speech=words
        )
        self.figures["npv"].show(charts.npv_figure(npv, speech=words))
        self.figures["agency"].show(charts.agency_figure(monthly, speech=words))

    def run(self) -> None:
        """Run the Monte Carlo on the explorer's current scenario."""
        terms = self.app.terms
        if terms is None or not self.figures:
            return
        try:
            self.montecarlo.simulate(terms, self._rate())
        except PrepayError as exc:
            self._error(exc)
            return
        self.message.value = ""
        self.montecarlo.show(self.figures, self.app.speech)

    def _error(self, exc: Exception) -> None:
        self.message.value = piece("message", error=str(exc).splitlines())
