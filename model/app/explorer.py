"""The scenario explorer: an ipywidgets app on the payout model, for sales calls and founders.

Data flows one way: controls → one :func:`inputs.terms.make_terms` call → one
:class:`core.comparison.Comparison` (every option's quote, computed once) → the views
(:mod:`app.views`: the figure builders of :mod:`presentation.charts`, the tables) → the link in
the address bar (:mod:`app.link`). Nothing here computes a payout; it only asks the model and
shows the answer. A bad value shows the model's message in the app (never a traceback) and the
last good views stay, dimmed, until the value is fixed; text a box cannot read is refused and
the box shows the value the model uses.

Use it in a notebook (``notebooks/explorer.ipynb``) or served as a no-code app with
``prepay app``::

    from prepay_modeller.app.explorer import ExplorerApp
    ExplorerApp()

Its parts: :mod:`app.controls` (the deal, the quarters' boxes and sliders), :mod:`app.views`,
:mod:`app.layout` (and the client view), :mod:`app.okr_panel`, :mod:`app.proposal_panel`,
:mod:`app.scenario_panel`, :mod:`app.link` and :mod:`app.link_widget`, and the tabs of
:data:`PANELS` (:mod:`app.worth`). Every element a browser test needs has a stable CSS class
(``headline-total``, ``chart-schedule``, ``control-option``, ``perf-q1``...; ``docs/app.md``
lists them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import ipywidgets as w

from prepay_modeller.app import link_widget
from prepay_modeller.app.controls import (
    DealControls,
    Hooks,
    QuarterRow,
    preset_buttons,
    show_quarters,
    terms_of,
)
from prepay_modeller.app.engagements_panel import TITLE as ENGAGEMENTS
from prepay_modeller.app.engagements_panel import EngagementsPanel
from prepay_modeller.app.layout import Layout
from prepay_modeller.app.link import Setting, pairs_of, query_of, read_query
from prepay_modeller.app.okr_panel import OkrPanel
from prepay_modeller.app.proposal_panel import ProposalPanel, slug
from prepay_modeller.app.scenario_panel import ScenarioPanel
from prepay_modeller.app.text import UNEXPECTED, piece, problems_of
from prepay_modeller.app.views import Views
from prepay_modeller.app.worth import TITLE, WorthPanel
from prepay_modeller.core.comparison import Comparison, compare
from prepay_modeller.core.errors import InputError, PrepayError, Problem
from prepay_modeller.core.terms import Terms, default_start
from prepay_modeller.inputs import defaults, links
from prepay_modeller.inputs.parameters import report_parameters
from prepay_modeller.presentation.i18n import ENGLISH

log = logging.getLogger(__name__)


@dataclass
class Panel:
    """An extra tab: ``update(terms)`` is called after every successful change."""

    title: str
    widget: w.Widget
    update: Callable[[Terms], None]
    opened: Callable[[], None] | None = None  # called when its tab is shown


PanelBuilder = Callable[["ExplorerApp"], "Panel | None"]


def worth_panel(app: ExplorerApp) -> Panel:
    """The "What prepaying is worth" tab (:mod:`app.worth`)."""
    worth = WorthPanel(app)
    return Panel(TITLE, worth.widget, worth.update, worth.opened)


def engagements_panel(app: ExplorerApp) -> Panel:
    """The "Engagements" tab (:mod:`app.engagements_panel`): signed engagements, a quarter's
    key results, the variable invoice before it is issued."""
    panel = EngagementsPanel(app)
    return Panel(ENGAGEMENTS, panel.widget, panel.update, panel.opened)


PANELS: list[PanelBuilder] = [worth_panel, engagements_panel]


class TypedValues:
    """What the app's boxes hold: every box a value is typed in, a refusal standing in one of
    them, and the scenario on screen where something may be made of it (a proposal, a file)."""

    def _speech(self):
        deal = getattr(self, "deal", None)  # the deal's own boxes are drawn before it exists
        return deal.speech if deal is not None else ENGLISH

    def boxes(self) -> list:
        """Every box a value is typed in (the deal's, then each quarter's)."""
        return self.deal.boxes() + [b for r in self._rows.values() for b in r.boxes()]

    def refusal(self):
        """The problem of a value typed and not taken, while its box says so (None: none)."""
        return next((b.refusal() for b in self.boxes() if b.refusal() is not None), None)

    def _usable(self) -> Setting:
        """The scenario on screen, where a proposal or a file may be made of it: not while a
        box shows a kept value the seller typed another over, nor while a value is bad."""
        refused = self.refusal()
        if refused is not None:
            raise InputError(problems=[refused])
        setting = self.setting()
        if setting is None:
            raise PrepayError(problems=self._problems or [Problem(detail=UNEXPECTED)])
        return setting


class Screen(TypedValues):
    """What the seller's app and a client's view (:mod:`app.client`) share: the deal's and the
    quarters' controls, the one update (controls → terms → model → every view) and showing a
    scenario; each builds its own parts and layout, then calls :meth:`_lay_out`."""

    def names(self) -> tuple[str, str]:
        """The prospect's and the contact's names, as the proposal gets them."""
        raise NotImplementedError

    def show_names(self, prospect: str, contact: str) -> None:
        raise NotImplementedError

    def _model_parts(self, start) -> None:
        """What the seller's app and a client's view share: the state, the deal's and the
        quarters' controls, the views and the message area."""
        self._holding = 0
        self.comparison: Comparison | None = None
        self.terms: Terms | None = None
        self.error: str | None = None  # what is wrong, in the command line's words (for code)
        self._problems: list[Problem] = []  # the same, for the screen in the client's words
        self._link_problems: list[str] = []
        self._opened_query: str | None = None
        self.listeners: list[Callable[[Terms], None]] = []
        self._catalog = defaults.catalog()
        self._rows: dict[int, QuarterRow] = {}
        self.hooks = Hooks(self._speech, self.try_update)
        self.deal = DealControls(self._catalog, start or default_start(), self.update, self.hooks)
        self.preset_buttons = preset_buttons(self.apply_preset)
        self.performance_box = w.VBox()
        self.views = Views(self._download, self._show_error)
        self.message = w.HTML("")
        self.message.add_class("app-message")
        self.okr = self.link = self.splits_box = None  # the seller's app has them

    def _lay_out(self, layout, query: str | None) -> None:
        """Show ``layout``, then the link's scenario (``query``: the page's, where Voilà
        started this kernel for the page) or the defaults."""
        self.layout = layout
        self.widget = self.layout.widget
        self.deal.horizon.observe(lambda _c: self._sync_quarters(), names="value")
        self.deal.observe_locale(lambda: self.layout.relabel(self.speech), self.update)
        self._sync_quarters()
        if query:
            self.open_link(query)
        else:
            self.update()

    # -- controls ---------------------------------------------------------------------------

    option = property(lambda self: self.deal.option)
    rate = property(lambda self: self.deal.rate)
    horizon = property(lambda self: self.deal.horizon)
    headline = property(lambda self: self.views.headline.cards)
    speech = property(lambda self: self.deal.speech)  # the client's language and currency

    @property
    def discount_rate(self) -> float:
        return float(self.deal.discount.value)

    def _row(self, q: int) -> QuarterRow:
        if q not in self._rows:
            self._rows[q] = QuarterRow(q, self._catalog.split(q - 1), self.hooks)
        return self._rows[q]

    def _quarters(self) -> list[QuarterRow]:
        return [self._row(q) for q in range(1, int(self.deal.horizon.value) // 3 + 1)]

    def _sync_quarters(self) -> None:
        rows = self._quarters()
        self.performance_box.children = [r.performance.widget for r in rows]
        if self.deal.speech.language != "en":  # a new quarter's slider in the client's words
            self.layout.relabel_controls(self.speech)
        if self.splits_box is not None:
            self.splits_box.children = [r.splits for r in rows]

    def current_terms(self) -> Terms:
        """The controls as validated terms (raises :class:`PrepayError` on a bad value)."""
        stages = [s.stage for s in self._catalog.splits]
        return terms_of(self.deal, self._quarters(), self._catalog, stages)

    def setting(self) -> Setting | None:
        """What the screen shows, where it is valid (None while a value is bad)."""
        if self.terms is None or self.error:
            return None
        prospect, contact = self.names()
        speech = self.speech
        return Setting(
            self.terms, self.discount_rate, prospect, contact, speech.locale, speech.currency
        )

    @contextmanager
    def hold(self):
        """Change many controls with one update at the end."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
        if not self._holding:
            self.update()

    # -- the one update ---------------------------------------------------------------------

    def update(self, _change=None) -> list:
        """The one handler: controls → terms → model → every view → the link. Returns the
        problems that stopped it (none: every view shows the new scenario)."""
        if self._holding:
            return []
        try:
            terms = self.current_terms()
            comparison = compare(terms)  # every option's quote, once
            self.views.show(comparison, self.speech)
        except PrepayError as exc:
            self._show_error(exc)
            return exc.problems or [Problem(detail=str(exc))]
        except Exception as exc:  # a sales call never sees a traceback; the log keeps it
            log.exception("explorer update failed")
            self._show_error(exc)
            return [Problem(detail=UNEXPECTED)]
        self.terms, self.comparison, self.error, self._problems = terms, comparison, None, []
        self._show_message()
        self._link_problems = []  # said once: the next change clears it
        self.layout.views.remove_class("stale")
        if self.link is not None:
            self._show_links()
        for listener in self.listeners:
            listener(terms)
        return []

    def try_update(self) -> list:
        """What a box asks before its value is taken: the problems the model finds in the
        scenario with it (said by the box, the views untouched), else :meth:`update`."""
        if self._holding:
            return []
        try:
            self.current_terms()
        except InputError as exc:
            return exc.problems
        return self.update()

    def _show_message(self) -> None:
        speech = self.speech
        error = [speech.problem(p) for p in self._problems]
        self.message.value = piece("message", error=error, link=self._link_problems, speech=speech)

    def _show_error(self, exc: Exception) -> None:
        self._problems = problems_of(exc)
        self.error = "\n".join(p.message for p in self._problems)
        self._show_message()
        self.layout.views.add_class("stale")

    # -- actions ----------------------------------------------------------------------------

    def apply_preset(self, performance: float) -> None:
        """Every quarter at ``performance``; the OKR panel's actuals are set to match."""
        with self.hold():
            if self.okr is not None:
                self.okr.set_everywhere(performance)
            for row in self._quarters():
                row.performance.set(performance)

    def apply(self, setting: Setting) -> None:
        """Show ``setting`` (a link, a loaded scenario) in every control, then update once."""
        with self.hold():
            self.deal.show(setting)
            show_quarters(self._quarters(), setting.terms)
            self.show_names(setting.prospect, setting.contact)

    def open_link(self, query: str) -> None:
        """The page's query string (once per page): its scenario, or a message and the
        defaults where a value is bad."""
        if query == self._opened_query:
            return
        self._opened_query = query
        try:
            setting = read_query(query)
        except PrepayError as exc:
            self._link_problems = [self.speech.problem(p) for p in problems_of(exc)]
            self.update()
            return
        self._link_problems = []
        if setting is None:
            self.update()
        else:
            self.apply(setting)

    def report_parameters(self) -> dict:
        """The report template's parameters for the scenario on screen (raises
        :class:`PrepayError` while a value is bad or the prospect is not named)."""
        s = self._usable()
        return report_parameters(s.terms, s.prospect, s.contact, s.discount_rate,
                                 language=s.language, currency=s.currency)  # fmt: skip

    def _download(self, make, mime: str) -> tuple[str, str, bytes]:
        setting = self._usable()
        filename, data = make(self.comparison.chosen, setting)
        named = slug(self.names()[0])
        return (f"{named}-{filename}" if named else filename), mime, data

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


class ExplorerApp(Screen):
    """The explorer: build the controls and views once, update them on every change.

    Parameters
    ----------
    start : first day shown (default: the first of next month).
    panels : extra tab builders (default :data:`PANELS`); a builder returning ``None`` adds none.
    renderer : renders proposals (default a :class:`app.proposal_job.ProposalRenderer`).
    warm_proposals : start a kernel and Chromium for the proposal once a prospect is named.
    """

    def __init__(self, start=None, panels=None, renderer=None, warm_proposals=False):
        self._model_parts(start)
        self.reset_splits_button = w.Button(
            description="Article defaults", icon="undo", layout=w.Layout(width="160px"),
            tooltip="Back to the article's quarterly split",
        )  # fmt: skip
        self.reset_splits_button.add_class("reset-splits")
        self.reset_splits_button.on_click(lambda _b: self.reset_splits())
        self.splits_box = w.VBox()
        okr_args = (self._catalog, self._okr_performance, self._show_error, lambda: self.speech)
        self.okr = OkrPanel(defaults.okr_template(), *okr_args)
        self.proposal = ProposalPanel(self, renderer, warm_proposals)
        self.proposal.prospect.observe(lambda _c: self._prospect_named(), names="value")
        self.scenarios = ScenarioPanel(self)
        self.link = link_widget.LinkBar(self.open_link, on_shown=self.scenarios.refresh)
        self.link.add_class("share-link")
        self.panels = [p for p in (b(self) for b in (PANELS if panels is None else panels)) if p]
        self.listeners += [panel.update for panel in self.panels]
        self._lay_out(Layout(self), link_widget.query_at_start())

    def reset_splits(self) -> None:
        """Every quarter's fixed share and variable cap back to the article's."""
        with self.hold():
            for q, row in self._rows.items():
                split = self._catalog.split(q - 1)
                row.fixed.set(split.fixed)
                row.variable_max.set(split.variable_max)

    def _okr_performance(self, quarter: int, value: float) -> None:
        """An OKR score sets its quarter's performance, as scored (past the slider's end too)."""
        self._row(quarter).performance.value = value

    def names(self) -> tuple[str, str]:
        """The prospect's and the contact's names, as the proposal gets them."""
        p = self.proposal
        return " ".join(p.prospect.value.split()), " ".join(p.contact.value.split())

    def show_names(self, prospect: str, contact: str) -> None:
        self.proposal.prospect.value = prospect
        self.proposal.contact.value = contact

    def _prospect_named(self) -> None:
        self.layout.show_prospect(" ".join(self.proposal.prospect.value.split()))
        if not self._holding and self.setting() is not None:
            self._show_links()

    def open_link(self, query: str) -> None:
        if links.is_client_query(query):  # a client's page is app.client's, never this app
            self.widget.children = ()
            return
        super().open_link(query)

    def _show_links(self) -> None:
        """The scenario's link, and the signed client link once the prospect is named."""
        setting = self.setting()
        self.link.query = query_of(setting)
        self.link.client = link_widget.client_link(pairs_of(setting)) if setting.prospect else ""

    def show_comparison(self) -> None:
        self.layout.comparison.layout.display = None

    def showing(self, panel) -> bool:
        return self.layout.showing(panel.widget)


def explorer_app(**kwargs) -> Screen:
    """The app, ready to display (the notebook's one call): the explorer, or the client view
    of a signed client link."""
    query = link_widget.query_at_start()
    if query and links.is_client_query(query):  # a client link, checked by the server
        from prepay_modeller.app.client import ClientApp

        return ClientApp(query)
    kwargs.setdefault("warm_proposals", link_widget.in_voila())
    return ExplorerApp(**kwargs)
