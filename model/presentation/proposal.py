"""Every piece of one client proposal report, built from the report's parameters.

The template ``notebooks/proposal.ipynb`` only calls :func:`build` and shows the pieces; the
numbers all come from the core (:class:`core.quote.Quote`, :class:`core.comparison.Comparison`),
and this module only words and lays them
out. Every piece is HTML in which **all text from the parameters is escaped** with
:func:`html.escape` (the prospect's name reaches tables, sentences and chart titles), so
``<script>``, ``onerror=`` or ``javascript:`` in a prospects file never reach a report live.

Pieces are :class:`Html` strings: notebooks display them as HTML, tests read them as text.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cached_property

import pandas as pd

from prepay_modeller.core import timevalue, uncertainty
from prepay_modeller.core.comparison import Comparison, compare_over_years
from prepay_modeller.core.errors import InputError
from prepay_modeller.core.quote import Quote, quote
from prepay_modeller.core.terms import Terms
from prepay_modeller.inputs import defaults
from prepay_modeller.inputs.brand import COLORS, Brand, load_brand
from prepay_modeller.inputs.parameters import (
    BY_NAME,
    PARAMETER_NAMES,
    PARAMETERS,
    TECHNICAL,
    coerce,
    report_settings_problems,
    terms_arguments,
)
from prepay_modeller.inputs.terms import prospect_terms
from prepay_modeller.presentation.formatting import share as _pct
from prepay_modeller.presentation.formatting import usd as _money
from prepay_modeller.presentation.html import Html, esc, stylesheet_text, table

__all__ = ["PARAMETERS", "PARAMETER_NAMES", "Brand", "Proposal", "build", "load_brand"]


def stylesheet(brand: Brand) -> str:
    """The report's CSS, for screen and print, in the brand's colours (``#rrggbb``, checked)."""
    c = brand.colors
    variables = "; ".join(f"--{key}: {c[key]}" for key in COLORS)
    return f":root {{ {variables}; }}\n" + stylesheet_text("proposal.css")


# --- the proposal ------------------------------------------------------------------------------


def parameters(**given) -> dict:
    """The report's parameters: ``given`` over the defaults, each of its declared type; the
    report's own settings (discount rate, Monte Carlo) are checked before any rendering."""
    unknown = sorted(set(given) - set(BY_NAME))
    if unknown:
        raise InputError(
            ", ".join(unknown), "", "one of " + ", ".join(BY_NAME), "is not a parameter"
        )
    out = {p.name: coerce(p.name, given.get(p.name, p.default)) for p in PARAMETERS}
    problems = report_settings_problems(out)
    if problems:
        raise InputError(problems=problems)
    return out


def build(**given) -> Proposal:
    """The proposal for one prospect from the template's parameters (see :data:`PARAMETERS`)."""
    return Proposal(parameters(**given))


class Proposal:
    """One prospect's proposal: the model's frames and every piece of the report as HTML."""

    def __init__(self, params: dict, brand: Brand | None = None):
        self.params = params
        self.brand = brand or load_brand()
        self.terms: Terms = prospect_terms(**terms_arguments(params))
        # Options are compared over whole years, so that every term fits; quarters past the
        # prospect's horizon use the performance given for them, else repeat the last one.
        self.comparison: Comparison = compare_over_years(self.terms)
        self.compare_terms = self.comparison.terms
        self.quote: Quote = quote(self.terms)
        self._chart_count = 0

    # --- model output (computed once by the core) ------------------------------------------

    @property
    def schedule(self) -> pd.DataFrame:
        return self.quote.schedule

    @property
    def totals(self) -> dict:
        return self.quote.totals

    @property
    def invoices(self) -> pd.DataFrame:
        return self.quote.invoices

    @property
    def compare(self) -> pd.DataFrame:
        return self.comparison.table

    @cached_property
    def recommended(self) -> pd.Series:
        """The option that costs least at the expected performance (the shorter term on a tie)."""
        best = self.comparison.cheapest.option.name
        table = self.comparison.table
        return table[table["option"] == best].iloc[0]

    @property
    def name(self) -> str:
        return esc(self.params["prospect"])

    @property
    def report_date(self) -> dt.date:
        text = self.params["report_date"]
        return dt.date.fromisoformat(text) if text else dt.date.today()

    def _perf_text(self, values) -> str:
        shown = [_pct(v) for v in values]
        if len(set(shown)) == 1:
            return f"{shown[0]} in every quarter"
        return ", ".join(f"Q{i} {v}" for i, v in enumerate(shown, start=1))

    # --- pieces -------------------------------------------------------------------------------

    def cover(self) -> Html:
        b, p = self.brand, self.params
        contact = (
            f'<p>Prepared for <span class="prospect-name">{esc(p["contact"])}</span></p>'
            if p["contact"]
            else ""
        )
        return Html(
            f'<div class="cover"><span class="logo">{esc(b.logo_text)}</span>'
            f'<span class="agency">{esc(b.agency)}</span>'
            f'<h1>Proposal for <span class="prospect-name">{self.name}</span></h1>'
            f"<p>{esc(b.tagline)}</p>{contact}"
            f'<p class="meta">{self.report_date:%d %B %Y} · '
            f"{esc(self.terms.option.label)} at {_money(self.terms.rate)} a month · "
            f"starting {self.terms.start:%d %B %Y}</p></div>"
        )

    def recommendation(self) -> Html:
        rec, comp = self.recommended, self.compare
        payg = comp[comp["option"] == "payg"].iloc[0]
        months = int(self.compare_terms.horizon)
        perf = self._perf_text(self.compare_terms.performance)
        parts = [
            f'<div class="callout"><div class="big">We recommend the {esc(rec["label"])} '
            f"({esc(rec['option'])})</div>",
            f"<p>At the performance we expect together ({esc(perf)}), it costs "
            f"<b>{_money(rec['total'])}</b> over {months} months",
        ]
        if rec["option"] != "payg":
            parts.append(
                f", <b>{_money(rec['savings_vs_payg'])}</b> ({_pct(rec['savings_share'])}) less "
                f"than pay-as-you-go ({_money(payg['total'])})."
            )
        else:
            parts.append(": at this performance no prepaid option costs less.")
        parts.append("</p>")
        others = comp[comp["option"] != rec["option"]].sort_values("total", kind="stable")
        if len(others):
            nxt = others.iloc[0]
            parts.append(
                f"<p>The next best option, {esc(nxt['label'])}, costs "
                f"{_money(nxt['total'] - rec['total'])} more.</p>"
            )
        be = rec["break_even_performance"]
        if rec["option"] != "payg":
            if be is None or (isinstance(be, float) and math.isnan(be)):
                parts.append(
                    "<p>Even if every key result is exceeded to the cap, it never costs more "
                    "than pay-as-you-go.</p>"
                )
            else:
                parts.append(
                    f"<p>It stays cheaper than pay-as-you-go unless our performance averages "
                    f"above <b>{_pct(be)}</b> of target in every quarter: you pay more only when "
                    f"we deliver far more.</p>"
                )
        if rec["opt_out_cost"] is not None and not pd.isna(rec["opt_out_cost"]):
            parts.append(
                f"<p>And it is safe to start: you can leave within the first "
                f"{self.comparison.quotes[rec['option']].opt_out_days} days for one month's fee "
                f"({_money(rec['opt_out_cost'])}).</p>"
            )
        asked = self.terms.option.name
        if asked != rec["option"]:
            row = comp[comp["option"] == asked].iloc[0]
            parts.append(
                f"<p>You asked about the {esc(row['label'])}: over the same {months} months "
                f"it would cost {_money(row['total'])}, {_money(row['total'] - rec['total'])} "
                f"more. Its schedule follows, as asked.</p>"
            )
        parts.append("</div>")
        return Html("".join(parts))

    def options_table(self) -> Html:
        months = self.compare_terms.horizon
        intro = (
            f"<p>Every option over the same {months} months, at the same expected performance. "
            "Pay-as-you-go renews monthly; a prepaid term renews back to back when the "
            "engagement is longer than the term.</p>"
        )
        cols = {
            "label": "Option",
            "prepaid": "Prepaid",
            "variable": "Variable",
            "total": "Total",
            "savings_vs_payg": "Saving vs pay-as-you-go",
            "savings_share": "Saving",
            "break_even_performance": "Break-even",
            "opt_out_cost": "Opt-out cost",
        }
        numeric = set(cols) - {"label"}
        rec = self.recommended["option"]
        return Html(
            intro
            + table(
                self.compare,
                cols,
                formats={"savings_share": _pct, "break_even_performance": _pct},
                numeric=numeric,
                highlight=lambda r: r["option"] == rec,
                css_class="options",
            )
            + '<p class="muted">Highlighted: our recommendation. Break-even performance: the '
            "uniform performance at which the option costs what pay-as-you-go costs.</p>"
        )

    def schedule_intro(self) -> Html:
        t = self.terms
        return Html(
            f"<p>The {esc(t.option.label)} ({esc(t.option.name)}) at {_money(t.rate)} a month "
            f"over {t.horizon} months from {t.start:%d %B %Y}, at the expected performance "
            f"({esc(self._perf_text(t.performance))}). Invoices are due "
            f"{t.payment_terms} days after they are issued.</p>"
        )

    def schedule_table(self) -> Html:
        cols = {
            "quarter": "Quarter",
            "stage": "Stage",
            "start": "From",
            "end": "To",
            "fixed": "Fixed",
            "variable_target": "Variable on target",
            "variable_max": "Variable cap",
            "performance": "Performance",
            "variable": "Variable",
            "total": "Total",
        }
        tot = self.totals
        total_row = {
            "quarter": "Total",
            "fixed": tot["fixed"],
            "variable_target": tot["variable_target"],
            "variable": tot["variable"],
            "total": tot["total"],
        }
        frame = self.schedule.assign(quarter=[f"Q{q}" for q in self.schedule["quarter"]])
        return table(
            frame,
            cols,
            formats={"performance": _pct},
            nowrap={"start", "end"},
            numeric={
                "fixed",
                "variable_target",
                "variable_max",
                "performance",
                "variable",
                "total",
            },
            total=total_row,
        )

    def invoices_table(self) -> Html:
        cols = {
            "issued": "Issued",
            "due": "Due",
            "description": "Invoice",
            "amount": "Amount",
        }
        return table(
            self.invoices,
            cols,
            numeric={"amount"},
            nowrap={"issued", "due"},
            total={"description": "Total", "amount": self.totals["total"]},
        )

    def _chart(self, fig) -> Html:
        """A figure as HTML: plotly.js inline once (``plotlyjs="inline"``) or left to the
        exporter (``"none"``, what ``prepay reports`` passes: it adds plotly.js once)."""
        first = self._chart_count == 0
        self._chart_count += 1
        include = first and self.params["plotlyjs"] == "inline"
        fig.update_layout(autosize=True, width=None)
        out = fig.to_html(
            full_html=False,
            include_plotlyjs=include,
            config={"displayModeBar": False, "responsive": True},
            default_height="400px",
        )
        nonce = self.params["script_nonce"]
        if nonce:
            out = out.replace("<script>", f'<script nonce="{esc(nonce)}">')
        return Html(f'<div class="chart">{out}</div>')

    def schedule_chart(self) -> Html:
        from prepay_modeller.presentation import charts

        title = f"Quarterly payout, {self.terms.option.name}: {self.name}"
        return self._chart(charts.schedule_figure(self.schedule, title=title))

    def cash_chart(self) -> Html:
        from prepay_modeller.presentation import charts

        frame = self.comparison.cumulative_cash_out
        title = f"Cumulative cash out, every option: {self.name}"
        return self._chart(
            charts.cash_out_figure(frame, chosen=self.terms.option.name, title=title)
        )

    def cost_chart(self) -> Html:
        from prepay_modeller.presentation import charts

        steps = [i / 20 for i in range(0, 51)]  # 0% to 250% of target
        curve = self.comparison.cost_curve(steps)
        title = f"Total cost against performance: {self.name}"
        fig = charts.cost_curve_figure(
            curve, self.compare, chosen=self.terms.option.name, title=title
        )
        return self._chart(fig)

    def cost_intro(self) -> Html:
        rows = self.compare[self.compare["break_even_performance"].notna()]
        items = "".join(
            f"<li>{esc(r['label'])}: break-even at {_pct(r['break_even_performance'])}</li>"
            for r in rows.to_dict(orient="records")
        )
        return Html(
            f"<p>Over {self.compare_terms.horizon} months, each option's total if every "
            "quarter performs alike. Below its break-even performance a prepaid option costs "
            f"less than pay-as-you-go:</p><ul>{items}</ul>"
        )

    def okr_plan(self) -> Html:
        plan = defaults.okr_template()
        quarters = self.terms.quarters
        plan = plan[plan["quarter"] <= quarters]
        stages = {i + 1: s.stage for i, s in enumerate(self.terms.splits)}
        pieces = []
        for q, part in plan.groupby("quarter", sort=True):
            perf = self.terms.performance[int(q) - 1]
            pieces.append(
                f"<h3>Q{int(q)} {esc(stages.get(int(q), ''))}</h3>"
                f'<p class="muted">Expected performance {_pct(perf)} of target.</p>'
            )
            shown = part.assign(
                target_text=[
                    "done" if k == "milestone" else f"{t:,.0f} {u or ''}".strip()
                    for k, t, u in zip(part["kind"], part["target"], part["unit"], strict=True)
                ],
                direction_text=[
                    "lower is better" if d == "lower" else "" for d in part["direction"]
                ],
            )
            pieces.append(
                table(
                    shown,
                    {
                        "objective": "Objective",
                        "key_result": "Key result",
                        "weight": "Weight",
                        "target_text": "Target",
                        "direction_text": "",
                    },
                    formats={"weight": _pct},
                    numeric={"weight"},
                )
            )
        max_q = int(plan["quarter"].max()) if len(plan) else 0
        if quarters > max_q:
            pieces.append(
                f"<p>Quarters {max_q + 1} to {quarters} follow the plan of Q{max_q}, with "
                "targets set together at each quarterly review.</p>"
            )
        return Html("".join(pieces))

    def opt_out(self) -> Html:
        t, q = self.terms, self.quote
        flows = q.opt_out
        if flows is None:
            if t.option.is_payg:
                text = (
                    "Pay-as-you-go has no commitment beyond the month: each month is invoiced "
                    "on its first day, and you can stop at the end of any month."
                )
            else:
                windows = [o for o in t.catalog.options if o.opt_out_days > 0 and not o.is_payg]
                others = "".join(
                    f" The {esc(o.display)} can be left within its first {o.opt_out_days} days."
                    for o in windows
                )
                text = (
                    f"The {esc(t.option.label)} has no opt-out window: the prepayment of "
                    f"{_money(q.prepayment)} covers the whole term.{others}"
                )
            return Html(f"<p>{text}</p>")
        return Html(
            f"<p>You may leave the {esc(t.option.label)} within its first "
            f"{q.opt_out_days} days. You then pay one month of pay-as-you-go "
            f"({_money(q.opt_out_cost)}), and the rest of the prepayment, "
            f"{_money(q.opt_out_refund)} of {_money(q.prepayment)}, is refunded on "
            f"{q.opt_out_refund_day:%d %B %Y}.</p>"
        )

    # --- what prepaying is worth (time value and uncertainty) ------------------------------

    @cached_property
    def npv(self) -> pd.DataFrame:
        return timevalue.npv_table(self.compare_terms, self.params["discount_rate"])

    @cached_property
    def montecarlo(self) -> pd.DataFrame:
        """Each option's cost over seeded draws of performance around the expected one."""
        low, likely, high = uncertainty.ranges_from_spread(
            self.compare_terms.performance, self.params["uncertainty_spread"]
        )
        result = uncertainty.montecarlo(
            self.compare_terms,
            low,
            likely,
            high,
            draws=self.params["uncertainty_draws"],
            seed=self.params["uncertainty_seed"],
            discount_rate=self.params["discount_rate"],
        )
        return uncertainty.summary(result)

    def worth_intro(self) -> Html:
        rate = self.params["discount_rate"]
        rec = self.recommended["option"]
        row = self.npv[self.npv["option"] == rec].iloc[0]
        parts = [
            f"<p>Prepaying means paying earlier. At a cost of capital of {_pct(rate)} a year, "
            f"the {esc(row['label'])} costs {_money(row['npv_cost'])} in today's money"
        ]
        if rec != "payg":
            parts.append(
                f", {_money(row['npv_savings_vs_payg'])} less than pay-as-you-go in today's money"
            )
            irr = row["irr_vs_payg"]
            if irr is not None and irr == irr:
                parts.append(
                    f"; the money paid early earns the equivalent of {_pct(irr)} a year "
                    "against paying as you go"
                )
        parts.append(".</p>")
        mc = self.montecarlo
        prepaid = mc[mc["prob_beats_payg"].notna()].sort_values(
            "prob_beats_payg", ascending=False, kind="stable"
        )
        best = mc[mc["option"] == rec].iloc[0] if rec != "payg" else prepaid.iloc[0]
        label = self.npv.set_index("option").loc[best["option"], "label"]
        spread = self.params["uncertainty_spread"]
        draws = self.params["uncertainty_draws"]
        engagements = "simulated engagement" if draws == 1 else "simulated engagements"
        parts.append(
            f"<p>Performance is never certain. In {draws:,} {engagements} where each "
            f"quarter lands anywhere from {_pct(1 - spread)} to {_pct(1 + spread)} of the "
            f"performance we expect (most often near it), the {esc(label)} costs less than "
            f"pay-as-you-go in <b>{float(best['prob_beats_payg']):.0%}</b> of them.</p>"
        )
        return Html("".join(parts))

    def worth_table(self) -> Html:
        return table(
            self.npv,
            {
                "label": "Option",
                "total": "Total",
                "npv_cost": "In today's money",
                "npv_savings_vs_payg": "Saving vs pay-as-you-go, today's money",
                "irr_vs_payg": "Return on prepaying",
            },
            formats={"irr_vs_payg": _pct},
            numeric={"total", "npv_cost", "npv_savings_vs_payg", "irr_vs_payg"},
            highlight=lambda r: r["option"] == self.recommended["option"],
            css_class="options",
        )

    def npv_chart(self) -> Html:
        from prepay_modeller.presentation import charts

        title = f"Nominal and in today's money: {self.name}"
        return self._chart(charts.npv_figure(self.npv, title=title))

    def beat_payg_chart(self) -> Html:
        from prepay_modeller.presentation import charts

        title = f"Chance each option beats pay-as-you-go: {self.name}"
        return self._chart(charts.beat_payg_figure(self.montecarlo, title=title))

    def appendix(self) -> Html:
        rows = [{"name": k, "value": v} for k, v in self.params.items() if k not in TECHNICAL]
        t = self.terms
        splits = pd.DataFrame(
            {
                "quarter": [f"Q{q + 1}" for q in range(t.quarters)],
                "stage": [s.stage for s in t.splits],
                "fixed": [_pct(s.fixed) for s in t.splits],
                "variable_max": [_pct(s.variable_max) for s in t.splits],
                "performance": [_pct(p) for p in t.performance],
            }
        )
        return Html(
            "<p>The parameters this report was made from:</p>"
            + table(pd.DataFrame(rows), {"name": "Parameter", "value": "Value"})
            + "<p>The quarterly split and performance the model used:</p>"
            + table(
                splits,
                {
                    "quarter": "Quarter",
                    "stage": "Stage",
                    "fixed": "Fixed share",
                    "variable_max": "Variable share, max",
                    "performance": "Performance",
                },
                numeric={"fixed", "variable_max", "performance"},
            )
            + f'<p class="footer">{esc(self.brand.agency)} · {esc(self.brand.email)} · '
            f"Figures are exact to the cent; totals are the sums of the lines shown.</p>"
        )


def warm() -> None:
    """Import and read everything a report needs, so that a pre-started kernel is ready."""
    from prepay_modeller.presentation import charts  # noqa: F401

    defaults.catalog(), defaults.okr_template(), load_brand()
    report = build(plotlyjs="none")
    report.cover(), report.schedule_chart()
