"""The "What prepaying is worth" tab: every option in today's money at the client's discount
rate (NPV, IRR), how likely each beats pay-as-you-go when performance is uncertain (Monte
Carlo), and the agency's months of revenue and cash.

Kept off the explorer's hot path: it refreshes only while its tab is shown (or when it is
opened), and the Monte Carlo runs on its button, not on every slider move. Every figure is the
core's (:mod:`core.timevalue`, :mod:`core.uncertainty`, :mod:`core.agency`).
"""

from __future__ import annotations

import ipywidgets as w

from prepay_modeller.app.controls import box_reading
from prepay_modeller.app.plotly_widget import Chart
from prepay_modeller.app.text import money_table, piece, said
from prepay_modeller.core import agency, timevalue, uncertainty
from prepay_modeller.core.errors import PrepayError
from prepay_modeller.core.terms import Terms
from prepay_modeller.inputs.scenarios import read_ranges
from prepay_modeller.presentation import charts
from prepay_modeller.presentation.founder import NPV_COLUMNS  # one table, one set of words
from prepay_modeller.presentation.i18n import ENGLISH, N_

TITLE = N_("What prepaying is worth")
GRID_COLUMNS = "repeat(auto-fit, minmax(min(440px, 100%), 1fr))"
MC_COLUMNS = {
    "label": N_("Option"),
    "p10_total": N_("P10 total"),
    "p50_total": N_("Median"),
    "p90_total": N_("P90 total"),
    "beats": N_("Beats pay-as-you-go"),
}
# The Monte Carlo's controls: (attribute, English description).
MC_WORDS = (
    ("low", N_("Low")),
    ("likely", N_("Likely")),
    ("high", N_("High")),
    ("draws", N_("Draws")),
    ("seed", N_("Seed")),
    ("run_button", N_("Run simulation")),
)


def _in(speech, columns: dict[str, str]) -> dict[str, str]:
    return {key: speech.gettext(english) for key, english in columns.items()}


def _labelled(frame, speech):
    """``frame`` with its options' labels in ``speech``'s language."""
    return frame.assign(label=[speech.gettext(str(label)) for label in frame["label"]])


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
        self.heading = _title("When performance is uncertain")
        self.hint = w.HTML(piece("hint", "montecarlo"))
        return _panel(
            self.heading,
            self.hint,
            self.low,
            self.likely,
            self.high,
            self.draws,
            self.seed,
            self.run_button,
            self.note,
        )

    def simulate(self, terms: Terms, discount_rate: float, speech=ENGLISH):
        """The simulation for the ranges typed in ``speech``'s locale (``0,6 ; 0,8`` in
        French, where ``0,1`` is 10 %, not two quarters)."""
        low, likely, high = read_ranges(
            self.low.value, self.likely.value, self.high.value, box_reading(speech)
        )
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
        shown = _labelled(summary, speech).assign(
            beats=["—" if v != v else speech.percent(v, 0) for v in summary["prob_beats_payg"]]
        )
        self.table.value = money_table(
            shown, _in(speech, MC_COLUMNS), formats={"beats": str}, speech=speech
        )
        figures["beat-payg"].show(charts.beat_payg_figure(summary, speech=speech))
        figures["distribution"].show(charts.distribution_figure(self.result, speech=speech))
        r = self.result
        self.note.value = piece(
            "worth_note", speech.number(r.draws), r.seed, r.terms.horizon, speech=speech
        )

    def relabel(self, speech) -> None:
        """The controls' words in ``speech``'s language."""
        for name, english in MC_WORDS:
            getattr(self, name).description = speech.gettext(english)
        if hasattr(self, "heading"):
            self.heading.value = piece(
                "table_title", speech.gettext("When performance is uncertain")
            )
            self.hint.value = piece("hint", "montecarlo", speech=speech)

    def outdated(self, terms: Terms, speech) -> None:
        if self.result is not None and self.result.terms != terms:
            self.note.value = piece("stale_note", speech=speech)


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
        self.titles: dict[str, w.HTML] = {}
        self._language = ""  # the language the tab's words are in (none yet)
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
        result = self.montecarlo.simulate(terms, self._rate(), words)
        self.figures = {
            "npv": Chart(charts.npv_figure(timevalue.npv_table(terms, self._rate()), speech=words)),
            "beat-payg": Chart(charts.beat_payg_figure(uncertainty.summary(result), speech=words)),
            "distribution": Chart(charts.distribution_figure(result, speech=words)),
            "agency": Chart(charts.agency_figure(agency.monthly_revenue(terms), speech=words)),
        }
        for key, fig in self.figures.items():
            fig.add_class(f"chart-{key}")
            fig.add_class("panel")
        self.titles = {
            english: _title(english)
            for english in (
                N_("In today's money"),
                N_("Monte Carlo summary"),
                N_("The agency's view"),
            )
        }
        today = self.titles["In today's money"]
        npv_box = _panel(today, self.app.deal.discount.widget, self.npv_table)
        mc_table = _panel(self.titles["Monte Carlo summary"], self.montecarlo.table)
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
        agency_box = _panel(self.titles["The agency's view"], self.figures["agency"])
        self.refresh(terms)  # its first relabelling shows the simulation too
        self.widget.children = [self.message, grid, agency_box]
        self.widget.layout.grid_gap = "10px"

    def update(self, terms: Terms) -> None:
        """After every change of the explorer: refresh now if shown, else when next opened."""
        if not self.figures:
            return  # not drawn yet: drawn from the current scenario when first opened
        self.montecarlo.outdated(terms, self.app.speech)
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
        words = self.app.speech
        self._relabel(words)  # the words (and the simulation) even where the figures fail
        try:
            npv = timevalue.npv_table(terms, self._rate())
            monthly = agency.monthly_revenue(terms)
        except PrepayError as exc:
            self._error(exc)
            return
        self.dirty = False
        self.message.value = ""
        irr = ["—" if v != v else words.percent(v, 1) for v in npv["irr_vs_payg"]]
        # Where no return is shown, why (DOMAIN.md rule 11: one only where it is unique).
        notes = [
            (words.gettext(str(label)), words.gettext(note))
            for label, note in zip(npv["label"], npv["irr_note"], strict=True)
            if isinstance(note, str)
        ]
        self.npv_table.value = money_table(
            _labelled(npv, words).assign(irr=irr),
            _in(words, NPV_COLUMNS),
            formats={"irr": str},
            speech=words,
        ) + piece("irr_notes", notes, speech=words)
        self.figures["npv"].show(charts.npv_figure(npv, speech=words))
        self.figures["agency"].show(charts.agency_figure(monthly, speech=words))

    def run(self) -> None:
        """Run the Monte Carlo on the explorer's current scenario."""
        terms = self.app.terms
        if terms is None or not self.figures:
            return
        try:
            self.montecarlo.simulate(terms, self._rate(), self.app.speech)
        except PrepayError as exc:
            self._error(exc)
            return
        self.message.value = ""
        self.montecarlo.show(self.figures, self.app.speech)

    def _relabel(self, speech) -> None:
        """The tab's words in ``speech``'s language, when it changed (a change of language
        refreshes the tab when it is shown, or when it is next opened)."""
        if speech.language == self._language:
            return
        self._language = speech.language
        for english, widget in self.titles.items():
            widget.value = piece("table_title", speech.gettext(english))
        self.montecarlo.relabel(speech)
        if self.montecarlo.result is not None:
            self.montecarlo.show(self.figures, speech)

    def _error(self, exc: Exception) -> None:
        speech = self.app.speech  # the problems in the client's words
        error = said(exc, speech).splitlines()
        self.message.value = piece("message", error=error, speech=speech)
