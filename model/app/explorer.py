"""The scenario explorer: an ipywidgets app on the payout model, for sales calls and founders.

Data flows one way: controls → one :func:`inputs.terms.make_terms` call → one
:class:`core.comparison.Comparison` (every option's quote, computed once) →
the figure builders of :mod:`presentation.charts` → :class:`app.plotly_widget.Chart` widgets, which
plotly.js redraws in place (``Plotly.react``). Nothing here computes a payout; it only asks the
model and shows the answer. A bad value shows the model's message in the app (never a
traceback) and the last good views stay, dimmed, until the value is fixed.

Use it in a notebook (``notebooks/explorer.ipynb``) or served as a no-code app with
``prepay app``::

    from prepay_modeller.app.explorer import ExplorerApp
    ExplorerApp()

Every element a browser test needs has a stable CSS class (``headline-total``, ``chart-schedule``,
``control-option``, ``perf-q1``...). Optional panels (tabs) are built by the functions in
:data:`PANELS`, each ``builder(app) -> Panel | None``; see :func:`beyond_article_panel`.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from prepay_modeller.app.download import DownloadButton
from prepay_modeller.app.plotly_widget import Chart, PlotlyLoader
from prepay_modeller.core import okr
from prepay_modeller.core.comparison import Comparison, compare
from prepay_modeller.core.errors import PrepayError
from prepay_modeller.core.terms import Terms, default_start
from prepay_modeller.inputs import defaults, numbers
from prepay_modeller.inputs.scenarios import read_ranges
from prepay_modeller.inputs.terms import make_terms
from prepay_modeller.presentation import charts, exports
from prepay_modeller.presentation.formatting import percent, usd
from prepay_modeller.presentation.html import stylesheet_text, table

log = logging.getLogger(__name__)

PERFORMANCE_MAX = 2.5  # the sliders' top: with the article's splits the cap binds at 2.0
HORIZONS = list(range(3, 37, 3))
CURVE_PERFORMANCES = [i / 20 for i in range(0, 51)]  # 0%, 5%, ... 250%
PRESETS = {"weak": 0.6, "on target": 1.0, "strong": 1.5}
# Two columns where there is room, one where there is not (JupyterLab's narrower output area);
# min(…, 100%) so that a chart never widens its column.
GRID_COLUMNS = "repeat(auto-fit, minmax(min(440px, 100%), 1fr))"
CHARTS = ("schedule", "cash-out", "cost-curve")  # the keys of ExplorerApp._figures
DEFAULT_HORIZON = 12  # every option's term divides it, so all four are compared

CSS_FILE = "app.css"  # presentation/templates/app.css


# --- formatting only --------------------------------------------------------------------------


def _card(label: str, value: str, sub: str = "", tone: str = "") -> str:
    return (
        f'<div class="label">{html.escape(label)}</div>'
        f'<div class="value {tone}">{html.escape(value)}</div>'
        f'<div class="sub">{sub}</div>'
    )


def money_table(frame: pd.DataFrame, columns: dict[str, str], total: tuple | None = None) -> str:
    """A model frame as the app's table: money as dollars and shares as percents, right-aligned;
    ``total`` is a last row ``(label, amount)`` under the first and last columns."""
    numeric = {c for c in columns if frame[c].map(lambda v: isinstance(v, Decimal | float)).any()}
    formats = {c: percent for c in numeric if frame[c].map(lambda v: isinstance(v, float)).any()}
    last_row = None
    if total is not None:
        first, last = list(columns)[0], list(columns)[-1]
        last_row = {first: total[0], last: total[1]}
    return table(
        frame,
        columns,
        formats=formats,
        numeric=numeric,
        total=last_row,
        css_class="money",
        wrap_after=24,
    )


# --- optional panels --------------------------------------------------------------------------


@dataclass
class Panel:
    """An extra tab: ``update(terms)`` is called after every successful change."""

    title: str
    widget: w.Widget
    update: Callable[[Terms], None]
    opened: Callable[[], None] | None = None  # called when its tab is shown


PanelBuilder = Callable[["ExplorerApp"], "Panel | None"]


# --- the app ----------------------------------------------------------------------------------


class QuarterRow:
    """The controls of one engagement quarter: performance, fixed share, variable max."""

    def __init__(self, quarter: int, fixed: Decimal, variable_max: Decimal, stage: str):
        q = quarter
        self.quarter = q
        slider = dict(
            continuous_update=False, readout_format=".0%", style={"description_width": "90px"}
        )
        self.performance = w.FloatSlider(
            value=1.0,
            min=0,
            max=PERFORMANCE_MAX,
            step=0.01,
            description=f"Q{q} {stage}"[:14],
            layout=w.Layout(width="330px"),
            **slider,
        )
        self.performance.add_class(f"perf-q{q}")
        self.fixed = w.FloatSlider(
            value=float(fixed),
            min=0,
            max=1,
            step=0.05,
            description=f"Q{q} fixed",
            layout=w.Layout(width="330px"),
            **slider,
        )
        self.fixed.add_class(f"fixed-q{q}")
        self.variable_max = w.FloatSlider(
            value=float(variable_max),
            min=0,
            max=PERFORMANCE_MAX,
            step=0.05,
            description=f"Q{q} var. max",
            layout=w.Layout(width="330px"),
            **slider,
        )
        self.variable_max.add_class(f"vmax-q{q}")
        self.splits = w.VBox([self.fixed, self.variable_max], layout=w.Layout(margin="0 0 6px"))


class ExplorerApp:
    """The explorer: build the controls and figures once, update them on every change.

    Parameters
    ----------
    start : first day shown (default: the first of next month).
    panels : extra tab builders (default :data:`PANELS`); a builder returning ``None`` adds none.
    """

    def __init__(self, start: dt.date | None = None, panels: list[PanelBuilder] | None = None):
        self._holding = 0
        self._setting_okrs = False
        self.comparison: Comparison | None = None
        self._okr_performance: dict[int, float] = {}  # quarter -> score, where OKRs set it
        self.terms: Terms | None = None
        self.error: str | None = None
        self.listeners: list[Callable[[Terms], None]] = []
        self._catalog = defaults.catalog()
        self._splits = list(self._catalog.splits)
        self._okr_plan = okr.okr_plan(defaults.okr_template())
        self._rows: dict[int, QuarterRow] = {}

        self._build_controls(start or default_start())
        self._build_views()
        self.okr_inputs: dict[int, w.Widget] = {}
        self.okr_scores: dict[int, w.HTML] = {}
        self.okr_quarter_labels: dict[int, w.HTML] = {}
        self.okr_box = w.VBox([w.HTML('<div class="hint">Loading the key results…</div>')])
        self.body_tabs = None
        self.panels = [p for p in (b(self) for b in (PANELS if panels is None else panels)) if p]
        self.widget = self._layout()
        for panel in self.panels:
            self.listeners.append(panel.update)
        self._sync_quarters()
        self.update()

    # -- building ------------------------------------------------------------------------------

    def _build_controls(self, start: dt.date) -> None:
        opts = {o.name: o for o in self._catalog.options}
        self.option = w.ToggleButtons(
            options=[(o.label or name, name) for name, o in opts.items()],
            value="prepay-12" if "prepay-12" in opts else next(iter(opts)),
            tooltips=[f"{o.label}: {o.discount:.0%} off the list price" for o in opts.values()],
            style={"button_width": "150px"},
        )
        self.option.add_class("control-option")
        narrow = {"description_width": "110px"}
        self.rate = w.Text(
            value="50,000",
            description="Monthly rate $",
            continuous_update=False,
            style=narrow,
            layout=w.Layout(width="250px"),
        )
        self.rate.add_class("control-rate")
        self.horizon = w.Dropdown(
            options=[(f"{h} months", h) for h in HORIZONS],
            value=DEFAULT_HORIZON,
            description="Horizon",
            style=narrow,
            layout=w.Layout(width="250px"),
        )
        self.horizon.add_class("control-horizon")
        self.start = w.DatePicker(
            value=start, description="Start date", style=narrow, layout=w.Layout(width="250px")
        )
        self.start.add_class("control-start")
        self.payment_terms = w.IntText(
            value=30,
            description="Payment terms",
            continuous_update=False,
            style=narrow,
            layout=w.Layout(width="250px"),
        )
        self.payment_terms.add_class("control-payment-terms")
        self.preset_buttons = {}
        for name, value in PRESETS.items():
            b = w.Button(
                description=name.capitalize() if value == 1 else f"{name.capitalize()} {value:.0%}",
                layout=w.Layout(width="110px"),
                tooltip=f"Every quarter at {value:.0%} performance",
            )
            b.add_class(f"preset-{name.replace(' ', '-')}")
            b.on_click(lambda _b, v=value: self.apply_preset(v))
            self.preset_buttons[name] = b
        self.reset_splits_button = w.Button(
            description="Article defaults",
            icon="undo",
            layout=w.Layout(width="160px"),
            tooltip="Back to the article's quarterly split",
        )
        self.reset_splits_button.add_class("reset-splits")
        self.reset_splits_button.on_click(lambda _b: self.reset_splits())
        self.performance_box = w.VBox()
        self.splits_box = w.VBox()
        for control in (self.option, self.rate, self.horizon, self.start, self.payment_terms):
            control.observe(self.update, names="value")
        self.horizon.observe(lambda _c: self._sync_quarters(), names="value")

    def _row(self, q: int) -> QuarterRow:
        if q not in self._rows:
            split = self._splits[min(q, len(self._splits)) - 1]
            row = QuarterRow(q, split.fixed, split.variable_max, split.stage)
            for control in (row.performance, row.fixed, row.variable_max):
                control.observe(self.update, names="value")
            self._rows[q] = row
        return self._rows[q]

    def _sync_quarters(self) -> None:
        n = int(self.horizon.value) // 3
        rows = [self._row(q) for q in range(1, n + 1)]
        self.performance_box.children = [r.performance for r in rows]
        self.splits_box.children = [r.splits for r in rows]

    def _build_views(self) -> None:
        self.css = w.HTML(f"<style>{stylesheet_text(CSS_FILE)}</style>")
        self.message = w.HTML("")
        self.message.add_class("app-message")
        self.headline = {}
        for key in ("total", "prepayment", "savings", "break-even"):
            card = w.HTML("", layout=w.Layout(flex="1 1 0"))
            card.add_class("card")
            card.add_class(f"headline-{key}")
            self.headline[key] = card
        self.plotly_bundle = PlotlyLoader()  # plotly.js sent once, not once per chart
        self.figures = {}
        for key in CHARTS:  # empty until the first update draws them
            fig = Chart(go.Figure())
            fig.add_class(f"chart-{key}")
            fig.add_class("panel")
            self.figures[key] = fig
        self.invoice_table = w.HTML("")
        self.invoice_table.add_class("invoice-table")
        self.schedule_table = w.HTML("")
        self.schedule_table.add_class("schedule-table")
        self.optout = w.HTML("")
        self.optout.add_class("optout")
        self.downloads = {
            "schedule.csv": DownloadButton(
                "Schedule CSV",
                lambda: self._download(exports.schedule_csv, exports.CSV_MIME),
                on_error=self._show_error,
                help="The quarterly schedule as CSV",
            ),
            "invoices.csv": DownloadButton(
                "Invoices CSV",
                lambda: self._download(exports.invoices_csv, exports.CSV_MIME),
                on_error=self._show_error,
                help="The dated invoices as CSV",
            ),
            "workbook.xlsx": DownloadButton(
                "Excel workbook",
                lambda: self._download(exports.workbook, exports.XLSX_MIME),
                on_error=self._show_error,
                help="Summary, schedule and invoices in one workbook",
            ),
        }
        for key, button in self.downloads.items():
            button.add_class("download-" + key.replace(".", "-"))

    def build_okr_panel(self) -> None:
        """One input per key result of the template; each quarter's score feeds its slider.

        Built when the OKRs tab is first opened: its ~130 widgets would otherwise slow every
        first page down for a panel most calls never open.
        """
        if self.okr_inputs:
            return
        plan = self._okr_plan
        children = [
            w.HTML(
                '<div class="hint">Score each key result: milestones by the fraction done, '
                "numbers by the actual against the target. Each quarter's score sets its "
                "performance.</div>"
            )
        ]
        for quarter, part in plan.groupby("quarter", sort=True):
            label = w.HTML("")
            label.add_class("okr-quarter")
            self.okr_quarter_labels[int(quarter)] = label
            children.append(label)
            for n, (index, row) in enumerate(part.iterrows(), start=1):
                if row["kind"] == "milestone":
                    control = w.FloatSlider(
                        value=float(row["actual"]),
                        min=0,
                        max=1,
                        step=0.05,
                        readout_format=".0%",
                        continuous_update=False,
                        layout=w.Layout(width="150px"),
                    )
                    target = "fraction done"
                else:
                    control = w.FloatText(
                        value=float(row["actual"]),
                        continuous_update=False,
                        layout=w.Layout(width="110px"),
                    )
                    better = "≤" if row["direction"] == "lower" else "≥"
                    target = f"target {better} {row['target']:,g} {row['unit']}"
                control.add_class(f"okr-q{quarter}-kr{n}")
                control.observe(lambda c, i=index: self._okr_changed(i, c["new"]), names="value")
                score = w.HTML("", layout=w.Layout(width="56px"))
                score.add_class("okr-score")
                self.okr_inputs[index] = control
                self.okr_scores[index] = score
                text = w.HTML(
                    f'<div class="okr-kr">{html.escape(str(row["key_result"]))}'
                    f' <span class="hint">({row["weight"]:.0%}; {html.escape(target)})</span></div>'
                )
                # A milestone's slider already reads its score; a number shows its score beside.
                row_widgets = [control] if row["kind"] == "milestone" else [control, score]
                children.append(w.VBox([text, w.HBox(row_widgets)]))
        self._show_okr_scores()
        self.okr_box.children = children

    def _layout(self) -> w.Widget:
        def title(text):
            t = w.HTML(text)
            t.add_class("section-title")
            return t

        deal = w.VBox(
            [
                self.rate,
                self.horizon,
                self.start,
                self.payment_terms,
                w.HTML(
                    '<div class="hint">Rate: the pay-as-you-go price of one month. '
                    "Horizon: months compared; options whose term does not fit are left out."
                    "</div>"
                ),
            ]
        )
        performance = w.VBox(
            [
                w.HBox(list(self.preset_buttons.values())),
                w.HTML('<div class="hint">Performance per quarter: 100% is on target.</div>'),
                self.performance_box,
            ]
        )
        splits = w.VBox(
            [
                w.HTML(
                    '<div class="hint">Fixed share of each quarter, and the most its variable '
                    "part can reach (share of the quarter's base).</div>"
                ),
                self.reset_splits_button,
                self.splits_box,
            ]
        )
        controls = w.Tab(children=[performance, deal, splits, self.okr_box])
        for i, name in enumerate(["Performance", "Deal", "Splits", "OKRs"]):
            controls.set_title(i, name)
        controls.observe(
            lambda c: self.build_okr_panel() if c["new"] == 3 else None, names="selected_index"
        )
        controls.add_class("control-tabs")
        self.widget_tabs = controls
        sidebar = w.VBox(
            [controls],
            layout=w.Layout(width="380px", min_width="380px", margin="0 12px 0 0"),
        )
        sidebar.add_class("sidebar")

        cards = w.HBox(list(self.headline.values()))
        cards.add_class("cards")
        invoices = w.VBox([w.HTML('<div class="table-title">Invoices</div>'), self.invoice_table])
        invoices.add_class("panel")
        optout = w.VBox(
            [
                w.HTML('<div class="table-title">What the opt-out costs</div>'),
                self.optout,
                w.HTML('<div class="table-title">Download</div>'),
                w.HBox(list(self.downloads.values()), layout=w.Layout(margin="0 8px 8px")),
            ]
        )
        optout.add_class("panel")
        schedule = w.VBox(
            [w.HTML('<div class="table-title">Quarterly schedule</div>'), self.schedule_table]
        )
        schedule.add_class("panel")
        grid = w.GridBox(
            [
                self.figures["schedule"],
                self.figures["cash-out"],
                self.figures["cost-curve"],
                invoices,
            ],
            layout=w.Layout(grid_template_columns=GRID_COLUMNS, grid_gap="10px"),
        )
        self.views = w.VBox([cards, grid, schedule, optout], layout=w.Layout(grid_gap="10px"))
        self.views.add_class("views")
        option_bar = w.HBox([title("Option"), self.option])
        option_bar.add_class("option-bar")
        main = w.VBox(
            [option_bar, self.message, self.views], layout=w.Layout(flex="1 1 auto", width="100%")
        )
        explorer = w.HBox([sidebar, main])
        body: w.Widget = explorer
        if self.panels:
            body = w.Tab(children=[explorer] + [p.widget for p in self.panels])
            body.set_title(0, "Explorer")
            for i, panel in enumerate(self.panels, start=1):
                body.set_title(i, panel.title)
            body.add_class("app-tabs")
            self.body_tabs = body
            body.observe(self._tab_opened, names="selected_index")
        header = w.HTML(
            '<div class="app-header"><h1>Pay-for-performance prepay explorer</h1>'
            "<p>Pick an option, set the expected performance, and see what the client pays, "
            "when, and what it saves against pay-as-you-go.</p></div>"
        )
        root = w.VBox([self.css, self.plotly_bundle, header, body])
        root.add_class("prepay-app")
        return root

    def _tab_opened(self, change) -> None:
        index = change["new"]
        if index and 0 < index <= len(self.panels):
            opened = getattr(self.panels[index - 1], "opened", None)
            if opened is not None:
                opened()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # -- input → terms -------------------------------------------------------------------------

    def current_terms(self) -> Terms:
        """The controls as validated terms (raises :class:`PrepayError` on a bad value)."""
        rows = [self._row(q) for q in range(1, int(self.horizon.value) // 3 + 1)]
        return make_terms(
            option=self.option.value,
            rate=self.rate.value,
            performance=[self._performance(r) for r in rows],
            horizon=self.horizon.value,
            start=self.start.value,
            payment_terms=self.payment_terms.value,
            fixed=[r.fixed.value for r in rows],
            variable_max=[r.variable_max.value for r in rows],
            stages=[s.stage for s in self._splits],
        )

    def _performance(self, row: QuarterRow) -> float:
        """A quarter's performance: its slider's, or the OKR score that set the slider where
        the score is past the slider's end (the model takes it as it is, uncapped)."""
        scored = self._okr_performance.get(row.quarter)
        if scored is not None and row.performance.value == min(scored, PERFORMANCE_MAX):
            return scored
        return row.performance.value

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

    def update(self, _change=None) -> None:
        """The one handler: controls → terms → model → every view."""
        if self._holding:
            return
        try:
            terms = self.current_terms()
            if self.error:  # the value is fixed: say so before the views catch up
                self.message.value = ""
            self._render(terms)
        except PrepayError as exc:
            self._show_error(exc)
            return
        except Exception as exc:  # a sales call never sees a traceback; the log keeps it
            log.exception("explorer update failed")
            self._show_error(exc)
            return
        self.terms = terms
        self.error = None
        self.message.value = ""
        self.views.remove_class("stale")

    def _show_error(self, exc: Exception) -> None:
        text = str(exc) if isinstance(exc, PrepayError) else f"{type(exc).__name__}: {exc}"
        self.error = text
        lines = "<br>".join(html.escape(line) for line in text.splitlines())
        self.message.value = (
            f'<div class="error"><b>Check this value:</b> {lines}<br>'
            '<span class="hint">The figures below are the last valid scenario.</span></div>'
        )
        self.views.add_class("stale")

    # -- model → views -------------------------------------------------------------------------

    def _render(self, terms: Terms) -> None:
        """Every view from one :class:`Comparison` (each option's quote computed once)."""
        comparison = compare(terms)
        q = comparison.chosen
        # The headline goes first: it is what people watch while they drag.
        self._render_headline(q)
        for key, figure in self._figures(comparison).items():
            self.figures[key].show(figure)
        tot = q.totals
        self.invoice_table.value = money_table(
            q.invoices,
            {
                "issued": "Issued",
                "due": "Due",
                "kind": "Kind",
                "description": "Description",
                "amount": "Amount",
            },
            total=("Total", tot["total"]),
        )
        self.schedule_table.value = money_table(
            q.schedule,
            {
                "quarter": "Q",
                "stage": "Stage",
                "start": "Start",
                "end": "End",
                "base": "Base",
                "fixed": "Fixed",
                "variable_target": "Var. target",
                "variable_max": "Var. cap",
                "performance": "Performance",
                "variable": "Variable",
                "total": "Total",
            },
            total=("Total", tot["total"]),
        )
        self._render_optout(q)
        self.comparison = comparison
        for listener in self.listeners:
            listener(terms)

    def _figures(self, comparison: Comparison) -> dict[str, go.Figure]:
        """The three charts of a comparison, from :mod:`presentation.charts`' builders."""
        q = comparison.chosen
        terms = q.terms
        return {
            "schedule": charts.schedule_figure(q.schedule),
            "cash-out": charts.cash_out_figure(
                comparison.cumulative_cash_out,
                terms.option.name,
                title=f"Cumulative cash out, every option, {terms.horizon} months",
            ),
            "cost-curve": charts.cost_curve_figure(
                comparison.cost_curve(CURVE_PERFORMANCES), comparison.table, terms.option.name
            ),
        }

    def _render_headline(self, q) -> None:
        terms, tot = q.terms, q.totals
        payg = terms.option.is_payg
        self.headline["total"].value = _card(
            "Total cost",
            usd(tot["total"]),
            f"{terms.horizon} months · on target {usd(tot['on_target'])}"
            + ("" if payg else f" · variable {usd(tot['variable'])}"),
        )
        if payg:
            self.headline["prepayment"].value = _card(
                "Prepayment",
                usd(q.prepayment),
                f"pay-as-you-go: {usd(terms.rate)} invoiced monthly",
            )
        else:
            sub = f"due {terms.start:%d %b %Y}: the first term's fixed part"
            if terms.terms_count > 1:
                sub += f" · all {terms.terms_count} terms {usd(q.prepaid)}"
            self.headline["prepayment"].value = _card("Prepayment", usd(q.prepayment), sub)
        savings = tot["savings_vs_payg"]
        self.headline["savings"].value = _card(
            "Savings vs pay-as-you-go",
            usd(savings),
            f"{percent(q.savings_share)} of {usd(tot['payg_total'])}",
            "good" if savings > 0 else "bad" if savings < 0 else "",
        )
        be = q.break_even_performance
        if payg:
            value, sub = "—", "pay-as-you-go is the yardstick"
        elif be is None:
            value, sub = "none", "cheaper than pay-as-you-go at any performance"
        else:
            value, sub = percent(be), "uniform performance where it costs what pay-as-you-go costs"
        self.headline["break-even"].value = _card("Break-even performance", value, sub)

    def _render_optout(self, q) -> None:
        terms = q.terms
        if q.opt_out is None:
            reason = (
                "Pay-as-you-go renews month by month: there is nothing to opt out of."
                if terms.option.is_payg
                else f"The {terms.option.display} has no opt-out window."
            )
            self.optout.value = f"<p>{html.escape(reason)}</p>"
            return
        table = money_table(
            q.opt_out,
            {
                "date": "Date",
                "description": "Flow (− is cash out of the client)",
                "amount": "Amount",
            },
            total=("Net cost of leaving", -q.opt_out_cost),
        )
        self.optout.value = (
            f"<p>Leaving within the first {q.opt_out_days} days costs "
            f"<b class='optout-cost'>{usd(q.opt_out_cost)}</b>: one month of pay-as-you-go.</p>"
            f"{table}"
        )

    # -- actions -------------------------------------------------------------------------------

    def apply_preset(self, performance: float) -> None:
        """Every quarter at ``performance``; the OKR panel's actuals are set to match."""
        with self.hold():
            plan = self._okr_plan
            for index, row in plan.iterrows():
                if row["kind"] == "milestone":
                    actual = min(1.0, performance)
                elif row["direction"] == "lower":
                    actual = float(row["target"]) / performance if performance else row["target"]
                else:
                    actual = float(row["target"]) * performance
                plan.at[index, "actual"] = actual
                control = self.okr_inputs.get(index)
                if control is not None:
                    self._setting_okrs = True  # the plan already holds it: no feed per input
                    try:
                        control.value = actual
                    finally:
                        self._setting_okrs = False
            self._show_okr_scores()
            for q in range(1, int(self.horizon.value) // 3 + 1):
                self._row(q).performance.value = performance

    def reset_splits(self) -> None:
        """Every quarter's fixed share and variable max back to the article's."""
        with self.hold():
            for q, row in self._rows.items():
                split = self._splits[min(q, len(self._splits)) - 1]
                row.fixed.value = float(split.fixed)
                row.variable_max.value = float(split.variable_max)

    def _okr_changed(self, index, value) -> None:
        if self._setting_okrs:
            return
        self._okr_plan.at[index, "actual"] = value
        try:
            perf = self._show_okr_scores()
        except PrepayError as exc:
            self._show_error(exc)
            return
        quarter = int(self._okr_plan.at[index, "quarter"])
        row = self._row(quarter)
        self._okr_performance[quarter] = float(perf[quarter])
        shown = min(float(perf[quarter]), PERFORMANCE_MAX)
        if row.performance.value == shown:
            self.update()  # the value is unchanged, but a previous OKR error may need clearing
        else:
            row.performance.value = shown

    def _show_okr_scores(self) -> pd.Series:
        scored = okr.score_key_results(self._okr_plan)
        perf = okr.quarter_performance(scored)
        for index, score in scored["score"].items():
            if index in self.okr_scores:
                self.okr_scores[index].value = f'<div class="okr-score">{score:.0%}</div>'
        for quarter, label in self.okr_quarter_labels.items():
            p = float(perf[quarter])
            note = (
                f" (the slider stops at {PERFORMANCE_MAX:.0%}; the model uses {p:.1%})"
                if p > PERFORMANCE_MAX
                else ""
            )
            stage = self._splits[min(quarter, len(self._splits)) - 1].stage
            label.value = f"Q{quarter} {html.escape(stage)}: score {p:.1%}{note}"
        return perf

    def _download(self, make, mime: str) -> tuple[str, str, bytes]:
        if self.terms is None or self.error:
            raise PrepayError(self.error or "no valid scenario to download yet")
        filename, data = make(self.comparison.chosen)
        return filename, mime, data


# --- "Beyond the article" ---------------------------------------------------------------------


def beyond_article_panel(app: ExplorerApp) -> Panel | None:
    """Time value, uncertainty and the agency's view, when those modules exist; else ``None``."""
    try:
        from prepay_modeller.core import agency, timevalue, uncertainty  # noqa: F401
    except ImportError:
        return None
    return BeyondArticle(app).panel()


class BeyondArticle:
    """The "Beyond the article" tab: what the options are worth at a discount rate (NPV, IRR),
    how likely each beats pay-as-you-go when performance is uncertain (Monte Carlo), and the
    agency's months of revenue and cash.

    Kept off the explorer's hot path: it refreshes only while its tab is shown (or when it is
    opened), and the Monte Carlo runs on its button, not on every slider move.
    """

    def __init__(self, app: ExplorerApp):
        from prepay_modeller.core import agency, timevalue, uncertainty
        from prepay_modeller.core.timevalue import DEFAULT_DISCOUNT_RATE

        self.app = app
        self.agency, self.timevalue, self.uncertainty = agency, timevalue, uncertainty
        self.dirty = False
        self.result = None
        text = {"description_width": "90px"}
        self.rate = w.Text(
            value=f"{DEFAULT_DISCOUNT_RATE:.0%}",
            description="Discount rate",
            continuous_update=False,
            style=text,
            layout=w.Layout(width="200px"),
        )
        self.rate.add_class("control-discount-rate")
        self.low = w.Text(
            value="60%", description="Low", style=text, layout=w.Layout(width="200px")
        )
        self.likely = w.Text(
            value="100%", description="Likely", style=text, layout=w.Layout(width="200px")
        )
        self.high = w.Text(
            value="150%", description="High", style=text, layout=w.Layout(width="200px")
        )
        self.draws = w.IntText(
            value=10_000, description="Draws", style=text, layout=w.Layout(width="200px")
        )
        self.seed = w.IntText(
            value=0, description="Seed", style=text, layout=w.Layout(width="200px")
        )
        for control, name in [
            (self.low, "low"),
            (self.likely, "likely"),
            (self.high, "high"),
            (self.draws, "draws"),
            (self.seed, "seed"),
        ]:
            control.add_class(f"control-mc-{name}")
        self.run_button = w.Button(
            description="Run simulation",
            icon="play",
            button_style="primary",
            layout=w.Layout(width="200px"),
        )
        self.run_button.add_class("run-montecarlo")
        self.run_button.on_click(lambda _b: self.run())
        self.message = w.HTML("")
        self.message.add_class("beyond-message")
        self.npv_table = w.HTML("")
        self.npv_table.add_class("npv-table")
        self.mc_table = w.HTML("")
        self.mc_table.add_class("montecarlo-table")
        self.mc_note = w.HTML("")
        self.mc_note.add_class("montecarlo-note")

        self.figures: dict[str, Chart] = {}
        self.widget = w.VBox([w.HTML('<div class="hint">Loading…</div>')])
        self.widget.add_class("beyond-article")
        self.rate.observe(lambda _c: self.refresh(), names="value")

    def panel(self) -> Panel:
        return Panel("Beyond the article", self.widget, self.update, self.opened)

    def build(self) -> None:
        """Draw the tab (on first opening: charts drawn in a hidden tab take a wrong width, and
        the first page does not pay for a tab most calls never open)."""
        if self.figures:
            return
        terms = self.app.terms or self.app.current_terms()
        npv = self.timevalue.npv_table(terms, self._rate())
        self.result = self._simulate(terms)
        self.figures = {
            "npv": Chart(charts.npv_figure(npv)),
            "beat-payg": Chart(charts.beat_payg_figure(self.uncertainty.summary(self.result))),
            "distribution": Chart(charts.distribution_figure(self.result)),
            "agency": Chart(charts.agency_figure(self.agency.monthly_revenue(terms))),
        }
        for key, fig in self.figures.items():
            fig.add_class(f"chart-{key}")
            fig.add_class("panel")

        def title(text):
            return w.HTML(f'<div class="table-title">{html.escape(text)}</div>')

        hint = (
            '<div class="hint">Low, likely and high performance: one value for every quarter '
            "or one per quarter (60%, 0.6 or 0.6,0.8,1,1.2). Each draw picks every quarter's "
            "performance from a triangular distribution; every option is priced on the same "
            "draws.</div>"
        )
        npv_box = w.VBox([title("In today's money"), self.rate, self.npv_table])
        npv_box.add_class("panel")
        mc_controls = w.VBox(
            [
                title("When performance is uncertain"),
                w.HTML(hint),
                self.low,
                self.likely,
                self.high,
                self.draws,
                self.seed,
                self.run_button,
                self.mc_note,
            ]
        )
        mc_controls.add_class("panel")
        mc_table = w.VBox([title("Monte Carlo summary"), self.mc_table])
        mc_table.add_class("panel")
        grid = w.GridBox(
            [
                npv_box,
                self.figures["npv"],
                mc_controls,
                self.figures["beat-payg"],
                mc_table,
                self.figures["distribution"],
            ],
            layout=w.Layout(grid_template_columns=GRID_COLUMNS, grid_gap="10px"),
        )
        agency_box = w.VBox([title("The agency's view"), self.figures["agency"]])
        agency_box.add_class("panel")
        self.refresh(terms)
        self._show_result()
        self.widget.children = [self.message, grid, agency_box]
        self.widget.layout.grid_gap = "10px"

    # -- updates ---------------------------------------------------------------------------------

    def visible(self) -> bool:
        tabs = getattr(self.app, "body_tabs", None)
        if tabs is None:
            return True
        for index, panel in enumerate(self.app.panels, start=1):
            if panel.widget is self.widget:
                return tabs.selected_index == index
        return True

    def update(self, terms: Terms) -> None:
        """After every change of the explorer: refresh now if shown, else when next opened."""
        if not self.figures:
            return  # not drawn yet: drawn from the current scenario when first opened
        if self.result is not None and self.result.terms != terms:
            self.mc_note.value = (
                '<div class="note">The scenario changed since this simulation: run it again.</div>'
            )
        if self.visible():
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
            npv = self.timevalue.npv_table(terms, self._rate())
            monthly = self.agency.monthly_revenue(terms)
        except PrepayError as exc:
            self._error(exc)
            return
        self.dirty = False
        self.message.value = ""
        self.npv_table.value = money_table(
            npv.assign(
                irr=["—" if v != v else f"{v:.1%}" for v in npv["irr_vs_payg"]],
            ),
            {
                "label": "Option",
                "total": "Nominal total",
                "npv_cost": "Present value",
                "npv_savings_vs_payg": "Saves vs payg today",
                "irr": "IRR vs payg",
            },
        )
        self.figures["npv"].show(charts.npv_figure(npv))
        self.figures["agency"].show(charts.agency_figure(monthly))

    def _rate(self) -> float:
        return numbers.discount_rate(self.rate.value)

    def _simulate(self, terms: Terms):
        low, likely, high = read_ranges(self.low.value, self.likely.value, self.high.value)
        return self.uncertainty.montecarlo(
            terms,
            low,
            likely,
            high,
            draws=self.draws.value,
            seed=self.seed.value,
            discount_rate=self._rate(),
        )

    def run(self) -> None:
        """Run the Monte Carlo on the explorer's current scenario."""
        terms = self.app.terms
        if terms is None or not self.figures:
            return
        try:
            self.result = self._simulate(terms)
        except PrepayError as exc:
            self._error(exc)
            return
        self.message.value = ""
        self._show_result()

    def _show_result(self) -> None:
        summary = self.uncertainty.summary(self.result)
        shown = summary.assign(
            beats=["—" if v != v else f"{v:.0%}" for v in summary["prob_beats_payg"]]
        )
        self.mc_table.value = money_table(
            shown,
            {
                "option": "Option",
                "p10_total": "P10 total",
                "p50_total": "Median",
                "p90_total": "P90 total",
                "beats": "Beats payg",
            },
        )
        self.figures["beat-payg"].show(charts.beat_payg_figure(summary))
        self.figures["distribution"].show(charts.distribution_figure(self.result))
        self.mc_note.value = (
            f'<div class="hint">{self.result.draws:,} draws, seed {self.result.seed}, '
            f"{self.result.terms.horizon} months.</div>"
        )

    def _error(self, exc: Exception) -> None:
        self.message.value = (
            f'<div class="error"><b>Check this value:</b> {html.escape(str(exc))}</div>'
        )


PANELS: list[PanelBuilder] = [beyond_article_panel]


def explorer_app(**kwargs) -> ExplorerApp:
    """The app, ready to display (the notebook's one call). In a kernel that ``prepay app``
    started, pandera first loads without dask and hypothesis (:func:`inputs.fastimport.
    for_kernel`); in JupyterLab or a user's notebook nothing is skipped."""
    import os

    from prepay_modeller.inputs import fastimport

    if os.environ.get(fastimport.KERNEL_FLAG) == "1":
        fastimport.for_kernel()
    return ExplorerApp(**kwargs)
