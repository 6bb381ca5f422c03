"""The founder's notebook: cash, runway and what prepaying is worth, with controls.

``notebooks/founder.ipynb`` only calls :func:`founder_notebook` with its parameters. Where a
person is there to move the controls (JupyterLab, or the page ``prepay app --founder`` serves)
it is a widget app: controls → one :func:`inputs.terms.make_terms` and one
:func:`inputs.founder.read_founder` → one :class:`presentation.founder.FounderView` (the core,
asked once) → the cards, charts and tables, in the chosen language. Where nobody is (papermill,
nbconvert ``--execute``) it is one static page with the same pieces and real charts
(:func:`presentation.founder.report_html`), so that the exported HTML and PDF show charts,
not plotly's JSON, and no widget the export cannot draw.

Stable CSS classes for tests: ``founder-lowest-cash``, ``founder-runway``, ``founder-savings``,
``founder-beats`` (the cards), ``control-cash``, ``control-burn``, ``control-burn-growth``,
``control-spread``, ``chart-founder-cash``, ``goal-seek``, ``goal-answer``, and the explorer's
``control-option``, ``control-rate``, ``perf-q1``..., ``preset-weak``.
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from decimal import Decimal

import ipywidgets as w

from prepay_modeller.app import link_widget
from prepay_modeller.app.controls import (
    DealControls,
    Hooks,
    PercentBox,
    QuarterRow,
    deal_box,
    preset_buttons,
    show_quarters,
    terms_of,
)
from prepay_modeller.app.founder_layout import FounderLayout
from prepay_modeller.app.plotly_widget import Chart
from prepay_modeller.app.text import piece, problems_of
from prepay_modeller.core import fields as F
from prepay_modeller.core.errors import InputError, PrepayError, Problem
from prepay_modeller.core.terms import Terms, default_start
from prepay_modeller.inputs import defaults, numbers
from prepay_modeller.inputs.founder import read_founder
from prepay_modeller.inputs.locales import read_currency, read_language
from prepay_modeller.inputs.terms import make_terms
from prepay_modeller.presentation import founder as words
from prepay_modeller.presentation.founder import FounderView, say
from prepay_modeller.presentation.html import Html
from prepay_modeller.presentation.i18n import ENGLISH, Speech

log = logging.getLogger(__name__)
INTERACTIVE_ENV = "JPY_SESSION_NAME"  # set by Jupyter Server for a notebook's kernel
CHARTS = ("cash", "cost", "npv", "beats", "agency")


def has_frontend(environ=None) -> bool:
    """Whether a person's page shows this kernel's widgets: a Voilà page, or a notebook that
    Jupyter Server opened (JupyterLab, Notebook). papermill and nbconvert set neither."""
    env = os.environ if environ is None else environ
    return link_widget.in_voila(env) or INTERACTIVE_ENV in env


class FounderApp:
    """The widget app; ``params`` are the notebook's parameters (validated as they come)."""

    def __init__(self, **params):
        self._holding = 0
        self.view: FounderView | None = None
        self.error: str | None = None
        self._catalog = defaults.catalog()
        given = _given(params, self._catalog)
        self.hooks = Hooks(lambda: self.speech if hasattr(self, "deal") else ENGLISH,
                           self.try_update)  # fmt: skip
        self.deal = DealControls(self._catalog, given["start"], self.update, self.hooks)
        self.cash = deal_box(F.CASH, given["cash"], self.hooks, "control-cash")
        self.burn = deal_box(F.BURN, given["burn"], self.hooks, "control-burn")
        self.growth = deal_box(F.BURN_GROWTH, given["burn_growth"], self.hooks,
                               "control-burn-growth")  # fmt: skip
        self.spread = PercentBox(
            F.SPREAD, "uncertainty_spread", given["spread"], self.hooks, "control-spread",
            "Spread", 1, 0.05,
        )  # fmt: skip
        self._rows: dict[int, QuarterRow] = {}
        self.presets = preset_buttons(self.apply_preset)
        for button in self.presets.values():  # a narrower sidebar than the explorer's
            button.layout.width = "auto"
        self.goal = w.Dropdown(
            options=[("What performance?", "performance"), ("Which discount?", "discount")],
            value="performance",
            layout=w.Layout(width="220px"),
        )
        self.goal.add_class("goal-seek")
        self.goal.observe(lambda _c: self._show_goal(), names="value")
        self.goal_button = w.Button(description="Goal seek", icon="crosshairs")
        self.goal_button.add_class("goal-seek-button")
        self.goal_button.on_click(lambda _b: self.seek())
        self.figures = {key: Chart() for key in CHARTS}
        for key, chart in self.figures.items():
            chart.add_class(f"chart-founder-{key}")
            chart.add_class("panel")
        self.layout = FounderLayout(self)
        self.widget = self.layout.widget
        self.deal.horizon.observe(lambda _c: self._sync_quarters(), names="value")
        self.deal.observe_locale(lambda: self.layout.relabel(self.speech), self.update)
        with self.hold():  # one update, once every control shows the parameters
            self._apply(given)
            self.layout.relabel(self.speech)

    # -- controls ---------------------------------------------------------------------------

    speech = property(lambda self: self.deal.speech)

    def _row(self, q: int) -> QuarterRow:
        if q not in self._rows:
            self._rows[q] = QuarterRow(q, self._catalog.split(q - 1), self.hooks)
        return self._rows[q]

    def quarters(self) -> list[QuarterRow]:
        return [self._row(q) for q in range(1, int(self.deal.horizon.value) // 3 + 1)]

    def _sync_quarters(self) -> None:
        self.layout.show_quarters(self.quarters())

    def _apply(self, given: dict) -> None:
        t, d = given["terms"], self.deal
        d.option.value = t.option.name
        d.show_locale(given["language"], given["currency"])
        d.rate.set(t.rate)
        d.show_horizon(t.horizon, self.speech)
        d.start.set(t.start)
        d.payment_terms.set(t.payment_terms)
        d.discount.set(Decimal(str(given["discount_rate"])))
        show_quarters(self.quarters(), t)
        self.draws, self.seed = given["draws"], given["seed"]
        self._sync_quarters()

    def current_terms(self) -> Terms:
        return terms_of(self.deal, self.quarters(), self._catalog)

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

    def boxes(self) -> list:
        """Every box a value is typed in."""
        rows = [b for r in self._rows.values() for b in r.boxes()]
        return [self.cash, self.burn, self.growth, self.spread, *self.deal.boxes(), *rows]

    def try_update(self) -> list:
        """What a box asks before its value is taken: the problems the core finds (said by the
        box), else :meth:`update`."""
        if self._holding:
            return []
        try:
            self.current_terms()
            read_founder(self.cash.value, self.burn.value, self.growth.value)
        except InputError as exc:
            return exc.problems
        return self.update()

    def update(self, _change=None) -> list:
        """Controls → terms and cash → the core, once → every piece on the page."""
        if self._holding:
            return []
        try:
            terms = self.current_terms()
            who = read_founder(self.cash.value, self.burn.value, self.growth.value)
            view = FounderView(
                terms, who, float(self.deal.discount.value), float(self.spread.value),
                self.draws, self.seed,
            )  # fmt: skip
            self.layout.show(view, self.speech)
        except Exception as exc:  # a founder never sees a traceback; the log keeps it
            if not isinstance(exc, PrepayError):
                log.exception("founder update failed")
            self._show_error(exc)
            return problems_of(exc)
        self.view, self.error = view, None
        self.layout.message.value = ""
        self.layout.main.remove_class("stale")
        return []

    def _show_error(self, exc: Exception) -> None:
        problems: list[Problem] = problems_of(exc)
        self.error = "\n".join(p.message for p in problems)  # the command line's words (code)
        said = [self.speech.problem(p) for p in problems]  # the screen's, in its language
        self.layout.message.value = piece("message", error=said, speech=self.speech)
        self.layout.main.add_class("stale")

    def _show_goal(self) -> None:
        if self.view is not None:
            self.layout.goal_answer.value = words.goal_answer(
                self.view, self.goal.value, self.speech
            )

    # -- actions ----------------------------------------------------------------------------

    def apply_preset(self, performance: float) -> None:
        with self.hold():
            for row in self.quarters():
                row.performance.set(performance)

    def seek(self) -> None:
        """Goal seek: every quarter at the break-even performance (where there is one)."""
        self._show_goal()
        if self.view is None or self.goal.value != "performance":
            return
        target = self.view.goal.performance
        if target is not None:
            self.apply_preset(round(target, 6))

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _given(params: dict, catalog) -> dict:
    """The notebook's parameters read and checked the one way (every bad one named at once)."""
    problems: list = []

    def read(how, *args):
        try:
            return how(*args)
        except InputError as exc:
            problems.extend(exc.problems)
            return None

    terms = read(
        lambda: make_terms(
            option=params.get("option"),
            rate=params.get("rate", 50_000),
            performance=params.get("performance", 1),
            horizon=params.get("horizon", 12),
            start=params.get("start") or default_start(),
            payment_terms=params.get("payment_terms", 30),
            catalog=catalog,
        )
    )
    who = read(
        read_founder, params.get("cash", 0), params.get("burn", 0), params.get("burn_growth", 0)
    )
    given = {
        "discount_rate": read(numbers.discount_rate, params.get("discount_rate", 0.10)),
        "spread": read(numbers.read, F.SPREAD, params.get("spread", words.DEFAULT_SPREAD)),
        "draws": read(numbers.read, F.DRAWS, params.get("draws", words.DEFAULT_DRAWS)),
        "seed": read(numbers.read, F.SEED, params.get("seed", 0)),
        "language": read(read_language, params.get("language", "") or ""),
        "currency": read(read_currency, params.get("currency", "") or ""),
    }
    if problems:
        raise InputError(problems=problems)
    return {**given, "terms": terms, "start": terms.start, "cash": who.cash, "burn": who.burn,
            "burn_growth": who.burn_growth}  # fmt: skip


def founder_report(**params) -> Html:
    """The static page of the same figures (no widgets): what papermill's run exports."""
    given = _given(params, defaults.catalog())
    view = FounderView(
        given["terms"],
        read_founder(given["cash"], given["burn"], given["burn_growth"]),
        given["discount_rate"],
        given["spread"],
        given["draws"],
        given["seed"],
    )
    return Html(words.report_html(view, Speech(given["language"], given["currency"])))


def founder_notebook(interactive: bool | None = None, **params):
    """What ``notebooks/founder.ipynb`` shows: the widget app where a person's page shows it,
    else the static report (``interactive`` forces one or the other). A bad parameter is a
    message naming it, not a traceback."""
    if interactive is None:
        interactive = has_frontend()
    try:
        if interactive:
            return FounderApp(**params)
        return founder_report(**params)
    except PrepayError as exc:
        return Html(say("bad_parameters", str(exc).splitlines()))
