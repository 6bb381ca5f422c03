"""The founder's notebook, rendered: what a founder sees of one scenario and their cash, as the
pieces the widgets show (cards, sentences, tables, figures) and as one static page (the report
papermill and nbconvert make).

:class:`FounderView` asks the core once per change: the comparison of every option, the
founder's cash (:mod:`core.cash`), today's money (:mod:`core.timevalue`), the simulation
(:mod:`core.uncertainty`), goal seek (:mod:`core.goalseek`), the cost against performance and
the agency's months (:mod:`core.agency`). Everything else here only words and formats what it
computed, in the chosen language (:class:`presentation.proposal.words.Words`, the gettext
catalogs through ``templates/founder.html.j2``).
"""

from __future__ import annotations

from functools import cache, cached_property

from markupsafe import Markup

from prepay_modeller.core import agency, timevalue, uncertainty
from prepay_modeller.core.cash import CashComparison, Founder, cash_comparison
from prepay_modeller.core.comparison import compare
from prepay_modeller.core.goalseek import goal_seek
from prepay_modeller.core.terms import Terms
from prepay_modeller.presentation import founder_charts
from prepay_modeller.presentation.html import environment, records, stylesheet_text, table
from prepay_modeller.presentation.i18n import ENGLISH, N_, Speech
from prepay_modeller.presentation.proposal.words import Words

TEMPLATE = "founder.html.j2"
PERFORMANCE_STEPS = [i / 20 for i in range(0, 51)]  # the cost curve: 0 % to 250 %
DEFAULT_SPREAD = 0.4  # each quarter from 60 % to 140 % of the performance set
DEFAULT_DRAWS = 2_000
REPORT_WIDTH = 620  # px: a chart of the report fits an A4 page beside nbconvert's margins
CARDS = ("lowest-cash", "runway", "savings", "beats")
TITLES = {
    "cash": N_("Month-end cash, every option"),
    "options": N_("Every option on your cash"),
    "cost": N_("Total cost against uniform performance"),
    "today": N_("In today's money"),
    "uncertain": N_("When performance is uncertain"),
    "agency": N_("The agency's view"),
}
OPTION_COLUMNS = {
    "label": N_("Option"),
    "total": N_("Total"),
    "savings": N_("Saves"),
    "today": N_("Saves in today's money"),
    "lowest": N_("Lowest cash"),
    "lowest_on": N_("On"),
    "runway": N_("Runway"),
    "beats": N_("Chance to cost less"),
}
NPV_COLUMNS = {
    "label": N_("Option"),
    "total": N_("Total"),
    "npv_cost": N_("In today's money"),
    "npv_savings_vs_payg": N_("Saves vs pay-as-you-go today"),
    "irr": N_("Return of prepaying (IRR)"),
}
MC_COLUMNS = {
    "label": N_("Option"),
    "p10_total": N_("Low (1 in 10 costs less)"),
    "p50_total": N_("Median"),
    "p90_total": N_("High (1 in 10 costs more)"),
    "beats": N_("Chance to cost less than pay-as-you-go"),
}


@cache
def _module(language: str):
    from prepay_modeller.presentation.i18n import translations

    words = translations(language)
    names = {"gettext": words.gettext, "ngettext": words.ngettext}
    return environment().get_template(TEMPLATE).make_module(vars=names)


def say(name: str, *args, speech: Speech = ENGLISH, **context) -> str:
    """The macro ``name`` of ``templates/founder.html.j2`` in ``speech``'s language."""
    return str(getattr(_module(speech.language), name)(*args, **context)).strip()


class FounderView:
    """One scenario on one founder's cash, computed once; every piece the notebook shows."""

    def __init__(
        self,
        terms: Terms,
        who: Founder,
        discount_rate: float = timevalue.DEFAULT_DISCOUNT_RATE,
        spread: float = DEFAULT_SPREAD,
        draws: int = DEFAULT_DRAWS,
        seed: int = 0,
    ):
        self.terms, self.founder = terms, who
        self.discount_rate, self.spread, self.draws, self.seed = discount_rate, spread, draws, seed
        self.comparison = compare(terms)
        self.cash: CashComparison = cash_comparison(self.comparison, who)
        self.npv = timevalue.npv_table(terms, discount_rate)
        low, likely, high = uncertainty.ranges_from_spread(terms.performance, spread)
        self.montecarlo = uncertainty.montecarlo(
            terms, low, likely, high, draws=draws, seed=seed, discount_rate=discount_rate
        )
        self.summary = uncertainty.summary(self.montecarlo)
        self.goal = goal_seek(terms)
        self.curve = self.comparison.cost_curve(PERFORMANCE_STEPS)
        self.agency = agency.monthly_revenue(terms)
        self.risk = agency.revenue_at_risk(terms)

    @property
    def option(self) -> str:
        return self.terms.option.name

    @cached_property
    def path(self):
        """The chosen option's month-end cash."""
        return self.cash.paths[self.option]

    def npv_row(self, option: str) -> dict:
        return self.npv.set_index("option").loc[option].to_dict()

    def beats(self, option: str) -> float | None:
        value = self.summary.set_index("option").loc[option, "prob_beats_payg"]
        return None if value != value else float(value)


# --- the pieces ---------------------------------------------------------------------------------


def runway_words(path, months: int, speech: Speech) -> str:
    runway = path.runway_months
    if runway is None:
        return say("runway", months, True, speech=speech)
    return say("runway", runway, False, speech=speech)


def cards(view: FounderView, speech: Speech = ENGLISH) -> dict[str, str]:
    """The four cards: lowest cash, runway, what prepaying saves, the chance to beat
    pay-as-you-go (the chosen option's)."""
    f, _ = Words(speech), speech.gettext
    path, months = view.path, view.cash.months
    low = path.lowest
    out = {
        "lowest-cash": say(
            "card",
            _("Lowest cash"),
            f.money(path.lowest_cash),
            say("lowest_sub", f.short_day(low.end), low.month, speech=speech),
            "bad" if low.cash < 0 else "",
            speech=speech,
        )
    }
    out_day = path.runs_out
    out["runway"] = say(
        "card",
        _("Runway"),
        runway_words(path, months, speech),
        say(
            "runway_sub",
            f.short_day(out_day) if out_day else "",
            months,
            speech=speech,
        ),
        "bad" if out_day else "good",
        speech=speech,
    )
    saved = view.comparison.quotes[view.option].totals["savings_vs_payg"]
    today = view.npv_row(view.option)["npv_savings_vs_payg"]
    out["savings"] = say(
        "card",
        _("Prepaying saves"),
        f.money(saved),
        say("savings_sub", f.money(today), f.pct(view.discount_rate), speech=speech),
        "good" if saved > 0 else "bad" if saved < 0 else "",
        speech=speech,
    )
    beats = view.beats(view.option)
    out["beats"] = say(
        "card",
        _("Chance to cost less than pay-as-you-go"),
        "—" if beats is None else f.pct(beats),
        say(
            "beats_sub",
            beats is None,
            view.draws,
            f.number(view.draws),
            f.pct(1 - view.spread),
            f.pct(1 + view.spread),
            speech=speech,
        ),
        speech=speech,
    )
    return out


def verdict(view: FounderView, speech: Speech = ENGLISH) -> str:
    """Which option keeps the most cash at its lowest point, and whether it is the cheapest."""
    f, c = Words(speech), view.cash
    keeps, cheapest = c.keeps_most_cash, c.cheapest
    same = c.cheapest_keeps_most_cash
    less = keeps.quote.total - cheapest.quote.total
    return say(
        "verdict",
        same,
        f.The(keeps.quote.option),
        f.money(keeps.lowest_cash),
        f.short_day(keeps.lowest_cash_month),
        f.the(cheapest.quote.option),
        f.money(cheapest.quote.total),
        f.money(less),
        speech=speech,
    )


def options_table(view: FounderView, speech: Speech = ENGLISH) -> str:
    """Every option on the founder's cash: total, savings (cash and today's money), lowest cash
    and when, runway, the chance to cost less than pay-as-you-go."""
    f, _ = Words(speech), speech.gettext
    npv = view.npv.set_index("option")
    rows = []
    for name, path in view.cash.paths.items():
        q = path.quote
        beats = view.beats(name)
        rows.append(
            {
                "option": name,
                "label": f.label(q.option),
                "total": f.money(q.total),
                "savings": f.money(q.totals["savings_vs_payg"]),
                "today": f.money(npv.loc[name, "npv_savings_vs_payg"]),
                "lowest": f.money(path.lowest_cash),
                "lowest_on": f.short_day(path.lowest_cash_month),
                "runway": runway_words(path, view.cash.months, speech),
                "beats": "—" if beats is None else f.pct(beats),
            }
        )
    columns = {key: _(english) for key, english in OPTION_COLUMNS.items()}
    numeric = set(columns) - {"label", "lowest_on", "runway"}
    return table(
        rows,
        columns,
        formats={c: str for c in columns},
        numeric=numeric,
        highlight=lambda row: row["option"] == view.option,
        css_class="money founder-options",
        nowrap={"lowest_on", "runway"},
        wrap_after=10,
    )


def goal_answer(view: FounderView, question: str, speech: Speech = ENGLISH) -> str:
    """Goal seek's answer: ``question`` is ``"performance"`` or ``"discount"``."""
    f, goal = Words(speech), view.goal
    q = view.comparison.quotes[view.option]
    if q.option.is_payg:
        return say("goal", "payg", speech=speech)
    option, payg = f.the(q.option), f.money(q.totals["payg_total"])
    if question == "performance":
        if goal.performance is None:
            return say("goal", "performance-none", f.The(q.option), "", payg, speech=speech)
        return say("goal", "performance", option, f.pct(goal.performance), payg, speech=speech)
    current = f.pct(goal.current_discount)
    if goal.discount is None or goal.discount <= 0:
        return say("goal", "discount-any", option, "", payg, current, speech=speech)
    return say("goal", "discount", option, f.pct(goal.discount), payg, current, speech=speech)


def npv_table(view: FounderView, speech: Speech = ENGLISH) -> str:
    """Every option in today's money, with the return of prepaying where the core gives one."""
    f, _ = Words(speech), speech.gettext
    rows = []
    for row in records(view.npv):
        irr = row["irr_vs_payg"]
        rows.append(
            {
                "option": row["option"],
                "label": _(str(row["label"])),
                "total": f.money(row["total"]),
                "npv_cost": f.money(row["npv_cost"]),
                "npv_savings_vs_payg": f.money(row["npv_savings_vs_payg"]),
                "irr": "—" if irr is None or irr != irr else f.pct(irr),
            }
        )
    return _money_table(rows, NPV_COLUMNS, view, speech)


def montecarlo_table(view: FounderView, speech: Speech = ENGLISH) -> str:
    f, _ = Words(speech), speech.gettext
    rows = []
    for row in records(view.summary):
        beats = row["prob_beats_payg"]
        beats = None if beats is None or beats != beats else beats
        rows.append(
            {
                "option": row["option"],
                "label": _(str(row["label"])),
                "p10_total": f.money(row["p10_total"]),
                "p50_total": f.money(row["p50_total"]),
                "p90_total": f.money(row["p90_total"]),
                "beats": "—" if beats is None else f.pct(beats),
            }
        )
    return _money_table(rows, MC_COLUMNS, view, speech)


def _money_table(rows, headings, view, speech) -> str:
    columns = {key: speech.gettext(english) for key, english in headings.items()}
    return table(
        rows,
        columns,
        formats={c: str for c in columns},
        numeric=set(columns) - {"label"},
        highlight=lambda row: row["option"] == view.option,
        css_class="money",
        wrap_after=10,
    )


def notes(view: FounderView, speech: Speech = ENGLISH) -> dict[str, str]:
    """The sentences under the charts: how cash is counted, today's money, the simulation and
    the agency's side."""
    f, risk = Words(speech), view.risk
    option = view.comparison.quotes[view.option].option
    return {
        "cash": say("cash_note", f.months(view.cash.months), speech=speech),
        "today": say(
            "today_note", f.day(view.terms.start), f.pct(view.discount_rate), speech=speech
        ),
        "uncertain": say(
            "uncertainty_note",
            view.draws,
            f.number(view.draws),
            f.pct(1 - view.spread),
            f.pct(1 + view.spread),
            view.seed,
            speech=speech,
        ),
        "agency": say(
            "agency",
            f.the(option),
            f.money(risk["on_target"]),
            f.money(risk["secured"]),
            f.money(risk["at_risk"]),
            f.money(risk["recognised"]),
            f.money(risk["upside"]),
            speech=speech,
        ),
    }


def inputs_line(view: FounderView, speech: Speech = ENGLISH) -> str:
    """What the figures were computed from, in one sentence."""
    f, t, who = Words(speech), view.terms, view.founder
    return say(
        "inputs",
        f.money(who.cash),
        f.money(who.burn),
        f.pct(who.burn_growth) if who.burn_growth else "",
        f.the(t.option),
        f.money(t.rate),
        f.path(t.performance),
        f.months(t.horizon),
        f.day(t.start),
        f.days_later(t.payment_terms),
        f.pct(view.discount_rate),
        speech=speech,
    )


def figures(view: FounderView, speech: Speech = ENGLISH, width: int | None = None) -> dict:
    """The five charts (plotly JSON): cash, cost, npv, beats, agency."""
    out = {
        "cash": founder_charts.cash_figure(view.cash, speech),
        "cost": founder_charts.cost_figure(view, speech),
        "npv": founder_charts.npv_figure(view, speech),
        "beats": founder_charts.beats_figure(view, speech),
        "agency": founder_charts.agency_figure(view, speech),
    }
    if width is not None:
        out = {key: founder_charts.laid_out(fig, width) for key, fig in out.items()}
    return out


def stylesheet() -> str:
    return stylesheet_text("app.css") + stylesheet_text("founder.css")


def report_html(view: FounderView, speech: Speech = ENGLISH) -> Markup:
    """The whole notebook as one static page: every piece, every chart drawn by plotly.js
    (embedded once), at a width that prints on A4."""
    from prepay_modeller.presentation.plotlyjs import script

    charts = {
        key: Markup(
            fig.to_html(
                full_html=False,
                include_plotlyjs=False,
                config={"displayModeBar": False, "responsive": False},
            )
        )
        for key, fig in figures(view, speech, width=REPORT_WIDTH).items()
    }
    the_cards = cards(view, speech)
    note = notes(view, speech)
    page = environment().get_template("founder_report.html.j2")
    context = {
        "lang": speech.language,
        "rtl": speech.rtl,
        "css": Markup(stylesheet()),
        "plotlyjs": Markup(script()),
        "header": Markup(say("header", speech=speech)),
        "inputs": Markup(inputs_line(view, speech)),
        "cards": [{"css": f"founder-{key}", "html": Markup(the_cards[key])} for key in CARDS],
        "titles": {key: speech.gettext(title) for key, title in TITLES.items()},
        "charts": charts,
        "verdict": Markup(verdict(view, speech)),
        "cash_note": Markup(note["cash"]),
        "options": Markup(options_table(view, speech)),
        "goals": [Markup(goal_answer(view, q, speech)) for q in ("performance", "discount")],
        "today_note": Markup(note["today"]),
        "npv": Markup(npv_table(view, speech)),
        "uncertainty_note": Markup(note["uncertain"]),
        "montecarlo": Markup(montecarlo_table(view, speech)),
        "agency": Markup(note["agency"]),
    }
    return Markup(page.render(**context))
