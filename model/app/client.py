"""The client view a signed client link opens (:mod:`inputs.links`): what the prospect reads and
may move, nothing of the seller's app.

``prepay app``'s server checked the link before this kernel started
(:mod:`app.client_access`), and started this kernel for the link's page alone, so the notebook
builds this view instead of the explorer (:func:`app.explorer.explorer_app`). It has the header,
the option bar (where the seller lets the prospect change the option), the performance presets
and sliders (disabled where the seller does not let the prospect move them), the headline, the
quarterly chart, the payment schedule, every option on the path, "Download the workbook
(Excel)" (:func:`presentation.exports.workbook`, as the seller's app) and "Download the proposal
(PDF)"; in the link's language and currency, for the link's prospect and contact. The seller's
widgets (the sidebar, saved scenarios, splits, OKRs, the link bar, the tabs) are never built
here, so none of their values (another prospect's name) ever reaches the page.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import ipywidgets as w

from prepay_modeller.app.download import DownloadButton
from prepay_modeller.app.explorer import Screen
from prepay_modeller.app.layout import GRID_COLUMNS, Layout
from prepay_modeller.app.plotly_widget import PlotlyLoader
from prepay_modeller.app.proposal_job import ProposalRenderer
from prepay_modeller.app.proposal_panel import request_proposal
from prepay_modeller.app.text import piece
from prepay_modeller.core.errors import InputError
from prepay_modeller.inputs import links
from prepay_modeller.presentation.html import stylesheet_text
from prepay_modeller.presentation.i18n import N_

DOWNLOAD = N_("Download the proposal (PDF)")
WORKBOOK = N_("Download the workbook (Excel)")


class ClientApp(Screen):
    """The client view of the link whose query string is ``query`` (already checked)."""

    def __init__(self, query: str, renderer: ProposalRenderer | None = None):
        self._model_parts(None)
        fields = dict(parse_qsl(query, keep_blank_values=True))
        self.may = links.read_may(fields.get("may", ""))
        self._names = ("", "")
        self.renderer = renderer or ProposalRenderer()
        self.download = DownloadButton(
            DOWNLOAD, lambda: self.ask(), on_error=self._show_error, slow=True
        )
        self.download.add_class("download-proposal-pdf")
        self.status = w.HTML("")
        self.status.add_class("proposal-status")
        self._lay_out(ClientLayout(self), links.query_text(
            (k, v) for k, v in fields.items() if k not in links.LINK_ONLY
        ))  # fmt: skip

    def names(self) -> tuple[str, str]:
        return self._names

    def apply(self, setting) -> None:
        self._link_setting = setting  # what the link fixes
        super().apply(setting)

    def current_terms(self):
        """The controls' terms, where they change only what the link lets the prospect move
        (the page offers nothing else; a hand-made widget message gets a refusal)."""
        terms = super().current_terms()
        fixed = getattr(self, "_link_setting", None)
        if fixed is None:
            return terms
        t = fixed.terms
        moved = [
            name
            for name, mine, linked, free in [
                ("rate", terms.rate, t.rate, False),
                ("start", terms.start, t.start, False),
                ("payment_terms", terms.payment_terms, t.payment_terms, False),
                ("splits", terms.splits[: t.quarters], t.splits[: terms.quarters], False),
                ("option", terms.option.name, t.option.name, "option" in self.may),
                ("horizon", terms.horizon, t.horizon, "option" in self.may),
                ("performance", terms.performance, t.performance, "performance" in self.may),
            ]
            if mine != linked and not free
        ]
        if moved:
            raise InputError(moved[0], "changed", N_("what the link lets you change"),
                             N_("is fixed"))  # fmt: skip
        return terms

    def show_names(self, prospect: str, contact: str) -> None:
        self._names = (prospect, contact)
        self.layout.show_prospect(prospect)

    def _row(self, q: int):
        row = super()._row(q)
        if "performance" not in self.may:  # shown, not moved
            row.performance.slider.disabled = row.performance.box.disabled = True
        return row

    def ask(self) -> None:
        """A click on "Download the proposal (PDF)"."""
        request_proposal(self, self.renderer, "pdf", self.download, self.status)


class ClientLayout(Layout):
    """The client view's widget tree: the explorer's client view without the seller's parts
    (the words and their relabelling are :class:`app.layout.Layout`'s)."""

    def __init__(self, app: ClientApp):  # not Layout's: that one builds the seller's tree
        self.app = app
        self.words = []
        self._prospect = ""
        self.body_tabs = None
        self.css = w.HTML(f"<style>{stylesheet_text('app.css')}</style>")
        self.plotly_bundle = PlotlyLoader()
        self.title = w.HTML(piece("header", ""), layout=w.Layout(flex="1 1 auto"))
        workbook = app.views.downloads["workbook.xlsx"]  # the figures as live formulas
        workbook.label = WORKBOOK
        header = w.HBox([self.title, workbook, app.download])
        header.add_class("app-header")
        views = app.views
        moving = "performance" in app.may
        presets = w.HBox(list(app.preset_buttons.values()))
        presets.layout.display = None if moving else "none"
        side = w.VBox(
            [presets, self._hint("performance"), app.performance_box, self._hint("q1"),
             views.options_side],
            layout=w.Layout(width="380px", min_width="380px", margin="0 12px 0 0"),
        )  # fmt: skip
        side.add_class("client-side")
        option_title = w.HTML(piece("section", N_("Option")))
        self.words.append(
            (option_title, "value", lambda s: piece("section", s.gettext("Option"), speech=s))
        )
        option_bar = w.HBox([option_title, app.deal.option])
        option_bar.add_class("option-bar")
        option_bar.layout.display = None if "option" in app.may else "none"
        self.grid = w.GridBox(
            [views.figures["schedule"], views.payments_panel],
            layout=w.Layout(grid_template_columns=GRID_COLUMNS, grid_gap="10px"),
        )
        self.grid.add_class("view-grid")
        self._say(app.download, "label", DOWNLOAD)
        self._say(app.download, "busy_label", N_("Rendering… {seconds} s"))
        self._say(workbook, "label", WORKBOOK)
        self.views = w.VBox([views.headline.widget, self.grid])
        self.views.add_class("views")
        main = w.VBox(
            [option_bar, app.status, app.message, self.views],
            layout=w.Layout(flex="1 1 auto", width="100%"),
        )
        root = w.VBox([self.css, self.plotly_bundle, header, w.HBox([side, main])])
        for css in ("prepay-app", "client-mode", "client-link"):
            root.add_class(css)
        self.widget = root
        for box, title in (
            (views.payments_panel, N_("Payment schedule")),
            (views.options_side, N_("Every option at this performance")),
        ):
            self.words.append(
                (box.children[0], "value", lambda s, t=title: piece("table_title", s.gettext(t)))
            )

    def relabel(self, speech) -> None:
        for widget, attribute, text in self.words:
            setattr(widget, attribute, text(speech))
        self.title.value = piece("header", self._prospect, speech=speech)
        self.relabel_controls(speech)
        if speech.rtl:
            self.widget.add_class("rtl")
        else:
            self.widget.remove_class("rtl")
