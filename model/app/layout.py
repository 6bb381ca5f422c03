"""Where everything sits: the header with the client-view switch, the sidebar (controls, the
prospect and proposal, the link, saved scenarios), the option bar, the headline and the views,
and the tabs of the extra panels.

The **client view** (the switch, class ``client-view``) is for a shared screen: the root gets
the class ``client-mode`` and the stylesheet (``presentation/templates/app.css``) hides every
element marked ``analyst`` (splits, OKRs, the deal's and the analyst's controls, the analyst's
charts and tables, the tabs) and shows those marked ``client-only`` (a compact table of every
option, under the performance sliders), so that at 1366×768 the headline, the quarterly chart
and the payment schedule share the screen; the quarterly chart grows with a taller screen.
"""

from __future__ import annotations

import html

import ipywidgets as w

from prepay_modeller.app.controls import relabel_deal
from prepay_modeller.app.plotly_widget import PlotlyLoader
from prepay_modeller.app.proposal_panel import PROPOSAL_HELP, ROW_HELP
from prepay_modeller.app.text import piece
from prepay_modeller.app.views import panel
from prepay_modeller.presentation.html import stylesheet_text
from prepay_modeller.presentation.i18n import N_

CSS_FILE = "app.css"  # presentation/templates/app.css
GRID_COLUMNS = "repeat(auto-fit, minmax(min(440px, 100%), 1fr))"
CONTROL_TABS = (N_("Performance"), N_("Deal"), N_("Splits"), N_("OKRs"))
OKR_TAB = 3


def _analyst(widget: w.Widget) -> w.Widget:
    widget.add_class("analyst")
    return widget


def _section(title: str, body: w.Widget, css: str, words: list | None = None) -> w.VBox:
    heading = w.HTML(piece("section", title))
    if words is not None:
        words.append((heading, "value", lambda s: piece("section", s.gettext(title), speech=s)))
    box = w.VBox([heading, body])
    box.add_class("sidebar-section")
    box.add_class(css)
    return _analyst(box)


def sidebar_words(app) -> list:
    """The sidebar's words (prospect and proposal, saved scenarios) as ``(widget, attribute,
    text of a Speech)``, for :meth:`Layout.relabel`."""
    p, sc = app.proposal, app.scenarios
    out = []
    for control, attribute, english in [
        (p.prospect, "description", N_("Prospect")),
        (p.prospect, "placeholder", N_("the prospect's company")),
        (p.contact, "description", N_("Contact")),
        (p.contact, "placeholder", N_("addressed to (optional)")),
        (p.buttons["pdf"], "label", N_("Proposal PDF")),
        (p.buttons["html"], "label", N_("Proposal HTML")),
        (p.row, "label", N_("Prospects CSV row")),
        (p.opener, "description", N_("Open a proposal")),
        (sc.save_button, "description", N_("Save")),
        (sc.load_button, "description", N_("Load")),
        (sc.overwrite, "description", N_("Replace a saved one")),
        (sc.compare_button, "description", N_("Compare side by side")),
        (sc.name, "placeholder", N_("name, e.g. acme-prepay-6")),
        (app.link, "copy_label", N_("Copy link")),
        (app.link, "copied_label", N_("Copied")),
        (app.link, "client_label", N_("Copy client link")),
        (app.reset_splits_button, "description", N_("Article defaults")),
        (app.reset_splits_button, "tooltip", N_("Back to the article's quarterly split")),
        (p.buttons["pdf"], "help", PROPOSAL_HELP["pdf"]),
        (p.buttons["html"], "help", PROPOSAL_HELP["html"]),
        (p.row, "help", ROW_HELP),
        *((b, "label", N_(b.label)) for b in app.views.downloads.values()),
        *((b, "busy_label", N_("Rendering… {seconds} s")) for b in p.buttons.values()),
    ]:
        out.append((control, attribute, lambda s, e=english: s.gettext(e)))
    for hint, key in ((p.widget.children[-1], "prospect"), (sc.widget.children[0], "scenarios")):
        out.append((hint, "value", lambda s, k=key: piece("hint", k, speech=s)))
    return out


class Layout:
    """The widget tree of one app; ``widget`` is its root."""

    def __init__(self, app):
        self.app = app
        # What a change of language rewrites: (widget, attribute, text of a Speech).
        self.words: list[tuple[w.Widget, str, object]] = []
        self.css = w.HTML(f"<style>{stylesheet_text(CSS_FILE)}</style>")
        self.plotly_bundle = PlotlyLoader()  # plotly.js sent once, not once per chart
        self._prospect = ""
        self.title = w.HTML(piece("header", ""), layout=w.Layout(flex="1 1 auto"))
        app.link.title = self.page_title(app.speech)
        self.client_view = w.ToggleButton(value=False, description=N_("Client view"), icon="eye")
        self.client_view.add_class("client-view")
        self.client_view.observe(lambda c: self.client(c["new"]), names="value")
        self._say(self.client_view, "description", N_("Client view"))
        self._say(
            self.client_view, "tooltip", N_("For a shared screen: only what the prospect needs")
        )
        deal = app.deal
        header = w.HBox([self.title, deal.language, deal.currency, self.client_view])
        header.add_class("app-header")
        self.controls = self._controls()
        self.sections = self._sidebar_sections()
        self.sidebar = w.VBox(
            [self.controls, app.views.options_side, *self.sections],
            layout=w.Layout(width="380px", min_width="380px", margin="0 12px 0 0"),
        )
        self.sidebar.add_class("sidebar")
        views = app.views
        self.grid = w.GridBox(
            [
                views.figures["schedule"],
                views.payments_panel,
                views.options_panel,
                views.figures["cash-out"],
                views.figures["cost-curve"],
            ],
            layout=w.Layout(grid_template_columns=GRID_COLUMNS, grid_gap="10px"),
        )
        self.grid.add_class("view-grid")
        explorer = w.HBox([self.sidebar, self._main()])
        self.body_tabs = self._tabs(explorer)
        if self.body_tabs is not None:
            self.body_tabs.add_class("view-tabs")
        root = w.VBox([self.css, self.plotly_bundle, header, self.body_tabs or explorer])
        root.add_class("prepay-app")
        self.widget = root
        self._panel_words()

    def _say(self, widget: w.Widget, attribute: str, english: str) -> None:
        """``widget.attribute`` is ``english`` in the client's language."""
        self.words.append((widget, attribute, lambda s: s.gettext(english)))

    def _panel_words(self) -> None:
        self.words += sidebar_words(self.app)
        views = self.app.views
        titled = [
            (views.payments_panel, N_("Payment schedule")),
            (views.options_panel, N_("Every option at this performance")),
            (views.options_side, N_("Every option at this performance")),
            (self.schedule_panel, N_("Quarterly schedule")),
            (self.optout_panel, N_("What the opt-out costs")),
            (self.comparison, N_("Scenarios side by side")),
        ]
        download = self.optout_panel.children[2]
        self.words.append((download, "value", lambda s: piece("table_title", s.gettext("Download"),
                                                              speech=s)))  # fmt: skip
        for box, title in titled:
            self.words.append(
                (box.children[0], "value", lambda s, t=title: piece("table_title", s.gettext(t)))
            )
        d = self.app.deal
        for control, english in [
            (d.horizon, N_("Horizon")),
            (d.start.box, N_("Start date")),
            (d.payment_terms.box, N_("Payment terms")),
            (d.discount.box, N_("Discount rate")),
        ]:
            self._say(control, "description", english)

    def relabel(self, speech) -> None:
        """Every word of the layout in ``speech``'s language, and its direction (``rtl``: the
        stylesheet mirrors the page)."""
        for widget, attribute, text in self.words:
            setattr(widget, attribute, text(speech))
        self.title.value = piece("header", self._prospect, speech=speech)
        self.app.link.title = self.page_title(speech)
        self.controls.titles = [speech.gettext(t) for t in CONTROL_TABS]
        prefix, suffix = speech.currency_affixes()
        symbol = (prefix + suffix).strip()
        self.app.deal.rate.box.description = speech.gettext(N_("Monthly rate")) + " " + symbol
        if self.body_tabs is not None:
            titles = [N_("Explorer")] + [p.title for p in self.app.panels]
            self.body_tabs.titles = [speech.gettext(t) for t in titles]
        self.relabel_controls(speech)
        self.app.okr.relabel(speech)  # the OKR tab, when drawn
        for box in self.app.boxes():  # what each box holds, in the locale's forms
            box.relabel()
        self.app.scenarios.refresh()  # "(on screen)" in the client's words
        if speech.rtl:
            self.widget.add_class("rtl")
        else:
            self.widget.remove_class("rtl")

    def _controls(self) -> w.Tab:
        app = self.app
        performance = w.VBox(
            [
                w.HBox(list(app.preset_buttons.values())),
                self._hint("performance"),
                app.performance_box,
                self._hint("q1"),
                self._hint("typing"),
            ]
        )
        d = app.deal
        deal = w.VBox(
            [d.rate.widget, d.horizon, d.start.widget, d.payment_terms.widget, self._hint("deal")]
        )
        splits = w.VBox([self._hint("splits"), app.reset_splits_button, app.splits_box])
        tabs = w.Tab(children=[performance, deal, splits, app.okr.widget], titles=CONTROL_TABS)
        tabs.observe(
            lambda c: app.okr.build() if c["new"] == OKR_TAB else None, names="selected_index"
        )
        tabs.add_class("control-tabs")
        return tabs

    def _hint(self, key: str) -> w.HTML:
        hint = w.HTML(piece("hint", key))
        self.words.append((hint, "value", lambda s: piece("hint", key, speech=s)))
        return hint

    def _sidebar_sections(self) -> list[w.Widget]:
        app, words = self.app, self.words
        link = w.VBox([app.link, self._hint("link")])
        return [
            _section(N_("Prospect and proposal"), app.proposal.widget, "prospect-section", words),
            _section(N_("Link"), link, "link-section", words),
            _section(N_("Saved scenarios"), app.scenarios.widget, "scenarios-section", words),
        ]

    def _main(self) -> w.VBox:
        app, views = self.app, self.app.views
        option_title = w.HTML(piece("section", N_("Option")))
        self.words.append(
            (option_title, "value", lambda s: piece("section", s.gettext("Option"), speech=s))
        )
        option_bar = w.HBox([option_title, app.deal.option])
        option_bar.add_class("option-bar")
        self.comparison = _analyst(
            panel(N_("Scenarios side by side"), app.scenarios.table, css="comparison-panel")
        )
        self.comparison.layout.display = "none"  # until two scenarios are compared
        schedule = self.schedule_panel = _analyst(panel(N_("Quarterly schedule"), views.schedule))
        optout = self.optout_panel = _analyst(
            panel(
                N_("What the opt-out costs"),
                views.optout,
                w.HTML(piece("table_title", N_("Download"))),
                w.HBox(list(views.downloads.values()), layout=w.Layout(margin="0 8px 8px")),
            )
        )
        self.views = w.VBox(
            [views.headline.widget, self.grid, self.comparison, schedule, optout],
            layout=w.Layout(grid_gap="10px"),
        )
        self.views.add_class("views")
        return w.VBox(
            [option_bar, app.message, self.views], layout=w.Layout(flex="1 1 auto", width="100%")
        )

    def _tabs(self, explorer: w.Widget) -> w.Tab | None:
        panels = self.app.panels
        if not panels:
            return None
        tabs = w.Tab(
            children=[explorer] + [p.widget for p in panels],
            titles=[N_("Explorer")] + [p.title for p in panels],
        )
        tabs.add_class("app-tabs")
        tabs.observe(self._tab_opened, names="selected_index")
        return tabs

    def _tab_opened(self, change) -> None:
        index = change["new"]
        panels = self.app.panels
        if index and 0 < index <= len(panels) and panels[index - 1].opened is not None:
            panels[index - 1].opened()

    def relabel_controls(self, speech) -> None:
        """The option bar, the presets and the quarters' sliders in ``speech``'s language."""
        relabel_deal(self.app, self.app.preset_buttons, speech)

    def showing(self, widget: w.Widget) -> bool:
        """Whether the tab holding ``widget`` is the one shown."""
        if self.body_tabs is None:
            return True
        children = list(self.body_tabs.children)
        return widget not in children or self.body_tabs.selected_index == children.index(widget)

    def client(self, on: bool) -> None:
        """Switch the client view on or off."""
        if on:
            self.widget.add_class("client-mode")
            self.controls.selected_index = 0
            if self.body_tabs is not None:
                self.body_tabs.selected_index = 0
        else:
            self.widget.remove_class("client-mode")

    def show_prospect(self, prospect: str) -> None:
        self._prospect = prospect
        self.title.value = piece("header", prospect, speech=self.app.speech)
        if self.app.link is not None:  # a client's view has no link bar
            self.app.link.title = self.page_title(self.app.speech)

    def page_title(self, speech) -> str:
        """The browser tab's title: the header's, in the client's words."""
        return html.unescape(piece("page_title", self._prospect, speech=speech))
