"""Where the founder's notebook puts everything: the header (language, currency), the sidebar
(the cash, the deal, the quarters' performance and splits, the simulation's spread) and the
main column (the option bar, the four cards, month-end cash, every option on the cash, the cost
against performance with goal seek, today's money, the simulation, the agency's view).

Only placing and wording: every piece comes formatted from :mod:`presentation.founder`.
"""

from __future__ import annotations

import ipywidgets as w

from prepay_modeller.app.controls import relabel_deal
from prepay_modeller.app.plotly_widget import PlotlyLoader
from prepay_modeller.app.text import piece
from prepay_modeller.presentation import founder as words
from prepay_modeller.presentation.founder import CARDS, TITLES, say
from prepay_modeller.presentation.i18n import N_

GRID_COLUMNS = "repeat(auto-fit, minmax(min(440px, 100%), 1fr))"
SIDEBAR_TABS = (N_("Performance"), N_("Deal"), N_("Splits"), N_("Simulation"))
GOAL_QUESTIONS = (("performance", N_("What performance?")), ("discount", N_("Which discount?")))
CONTROL_WORDS = (
    ("cash", N_("Cash")),
    ("burn", N_("Monthly burn")),
    ("growth", N_("Burn growth")),
)
DEAL_WORDS = (
    ("horizon", N_("Horizon")),
    ("start", N_("Start date")),
    ("payment_terms", N_("Payment terms")),
)


def _html(css: str, value: str = "") -> w.HTML:
    widget = w.HTML(value)
    widget.add_class(css)
    return widget


def _panel(*children: w.Widget, css: str = "") -> w.VBox:
    box = w.VBox(list(children))
    box.add_class("panel")
    if css:
        box.add_class(css)
    return box


class FounderLayout:
    """The widget tree of one founder app; ``widget`` is its root."""

    def __init__(self, app):
        self.app = app
        self.titles = {key: _html("founder-title") for key in (*TITLES, "option", "your-cash")}
        self.hints = {
            key: _html("founder-hint") for key in ("cash", "performance", "goal", "spread")
        }
        self.message = _html("app-message")
        self.cards = {key: _html(f"founder-{key}") for key in CARDS}
        for card in self.cards.values():
            card.add_class("card")
            card.layout.flex = "1 1 0"
        self.pieces = {
            key: _html(f"founder-{key}")
            for key in ("verdict", "options", "cash-note", "npv", "today", "montecarlo")
        }
        self.pieces.update(uncertain=_html("founder-uncertain"), agency=_html("founder-agency"))
        self.goal_answer = _html("goal-answer")
        self.title = _html("founder-header", say("header"))
        self.title.layout.flex = "1 1 auto"
        self.performance_box, self.splits_box = w.VBox(), w.VBox()
        self.sidebar = self._sidebar()
        self.main = self._main()
        deal = app.deal
        header = w.HBox([self.title, deal.language, deal.currency])
        header.add_class("app-header")
        css = w.HTML(f"<style>{words.stylesheet()}</style>")
        body = w.HBox([self.sidebar, self.main])
        root = w.VBox([css, PlotlyLoader(), header, body])
        root.add_class("prepay-app")
        root.add_class("founder")
        self.widget = root

    def _sidebar(self) -> w.VBox:
        app, d = self.app, self.app.deal
        cash = w.VBox(
            [self.titles["your-cash"], app.cash.widget, app.burn.widget, app.growth.widget,
             self.hints["cash"]]
        )  # fmt: skip
        performance = w.VBox(
            [w.HBox(list(app.presets.values())), self.hints["performance"], self.performance_box]
        )
        deal = w.VBox(
            [d.rate.widget, d.horizon, d.start.widget, d.payment_terms.widget, d.discount.widget]
        )
        simulation = w.VBox([app.spread.widget, self.hints["spread"]])
        self.tabs = w.Tab(children=[performance, deal, self.splits_box, simulation])
        self.tabs.add_class("control-tabs")
        sidebar = w.VBox([cash, self.tabs])
        sidebar.add_class("sidebar")
        return sidebar

    def _main(self) -> w.VBox:
        app = self.app
        option_bar = w.HBox([self.titles["option"], app.deal.option])
        option_bar.add_class("option-bar")
        cards = w.HBox(list(self.cards.values()))
        cards.add_class("cards")
        figures = app.figures
        cash = _panel(self.titles["cash"], figures["cash"], self.pieces["verdict"],
                      self.pieces["cash-note"])  # fmt: skip
        options = _panel(self.titles["options"], self.pieces["options"], css="options-panel")
        goal = _panel(
            self.hints["goal"],
            w.HBox([app.goal, app.goal_button]),
            self.goal_answer,
        )
        cost = _panel(self.titles["cost"], figures["cost"], goal)
        today = _panel(self.titles["today"], self.pieces["today"], self.pieces["npv"],
                       figures["npv"])  # fmt: skip
        uncertain = _panel(self.titles["uncertain"], self.pieces["uncertain"],
                           self.pieces["montecarlo"], figures["beats"])  # fmt: skip
        agency = _panel(self.titles["agency"], self.pieces["agency"], figures["agency"])
        grid = w.GridBox(
            [cost, today, uncertain, agency],
            layout=w.Layout(grid_template_columns=GRID_COLUMNS, grid_gap="10px"),
        )
        main = w.VBox(
            [option_bar, self.message, cards, cash, options, grid],
            layout=w.Layout(flex="1 1 auto", width="100%", grid_gap="10px"),
        )
        main.add_class("views")
        return main

    def show_quarters(self, rows) -> None:
        self.performance_box.children = [r.performance.widget for r in rows]
        self.splits_box.children = [r.splits for r in rows]
        self.relabel_quarters(self.app.speech)

    def show(self, view, speech) -> None:
        """Every piece of ``view`` in ``speech``'s language."""
        for key, html in words.cards(view, speech).items():
            self.cards[key].value = html
        for key, fig in words.figures(view, speech).items():
            self.app.figures[key].show(fig)
        notes = words.notes(view, speech)
        pieces = self.pieces
        pieces["verdict"].value = words.verdict(view, speech)
        pieces["options"].value = words.options_table(view, speech)
        pieces["cash-note"].value = notes["cash"]
        pieces["today"].value = notes["today"]
        pieces["npv"].value = words.npv_table(view, speech)
        pieces["uncertain"].value = notes["uncertain"]
        pieces["montecarlo"].value = words.montecarlo_table(view, speech)
        pieces["agency"].value = notes["agency"]
        self.goal_answer.value = words.goal_answer(view, self.app.goal.value, speech)

    def relabel(self, speech) -> None:
        """Every control's and title's words in ``speech``'s language, and its direction."""
        _, app = speech.gettext, self.app
        self.title.value = say("header", speech=speech)
        for key, english in TITLES.items():
            self.titles[key].value = piece("table_title", _(english))
        self.titles["option"].value = piece("section", _("Option"))
        self.titles["your-cash"].value = piece("section", _("Your cash"))
        for key, widget in self.hints.items():
            widget.value = say("hint", key, speech=speech)
        for name, english in CONTROL_WORDS:
            getattr(app, name).box.description = _(english)
        for name, english in DEAL_WORDS:
            control = getattr(app.deal, name)
            getattr(control, "box", control).description = _(english)
        app.deal.discount.box.description = _("Discount rate")
        prefix, suffix = speech.currency_affixes()
        app.deal.rate.box.description = _("Monthly rate") + " " + (prefix + suffix).strip()
        app.spread.slider.description = _("Spread")
        self.tabs.titles = [_(t) for t in SIDEBAR_TABS]
        chosen = app.goal.value
        app.goal.options = [(_(text), key) for key, text in GOAL_QUESTIONS]
        app.goal.value = chosen
        app.goal_button.description = _("Goal seek")
        relabel_deal(app, app.presets, speech)
        for box in app.boxes():  # what each box holds, in the locale's forms
            box.relabel()
        if speech.rtl:
            self.widget.add_class("rtl")
        else:
            self.widget.remove_class("rtl")

    def relabel_quarters(self, speech) -> None:
        relabel_deal(self.app, self.app.presets, speech)
