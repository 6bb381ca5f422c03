"""What the explorer shows: the headline cards, the charts, the tables and the downloads, all
rendered from one :class:`core.comparison.Comparison` (each option's quote computed once).

Nothing here adds two numbers: every figure is the core's, formatted.
"""

from __future__ import annotations

import ipywidgets as w
from markupsafe import Markup

from prepay_modeller.app.download import DownloadButton
from prepay_modeller.app.plotly_widget import Chart
from prepay_modeller.app.text import (
    DATE_FORM,
    money_table,
    piece,
    share_text,
    signed_percent,
)
from prepay_modeller.core.comparison import Comparison
from prepay_modeller.core.quote import Quote
from prepay_modeller.presentation import charts, exports
from prepay_modeller.presentation.figure import Figure
from prepay_modeller.presentation.i18n import ENGLISH, N_, Speech

CHARTS = ("schedule", "cash-out", "cost-curve")
CLIENT_CHARTS = ("schedule",)  # the charts the client view keeps
CURVE_PERFORMANCES = [i / 20 for i in range(0, 51)]  # 0%, 5%, ... 250%
HEADLINE = ("total", "prepayment", "savings", "break-even")
SCHEDULE_COLUMNS = {
    "quarter": N_("Q"),
    "stage": N_("Stage"),
    "start": N_("From"),
    "end": N_("To"),
    "base": N_("Base"),
    "fixed": N_("Fixed"),
    "variable_target": N_("Variable on target"),
    "variable_max": N_("Variable cap"),
    "performance": N_("Performance"),
    "variable": N_("Variable"),
    "total": N_("Total"),
}
PAYMENT_COLUMNS = {"due": N_("Due"), "description": N_("Payment"), "amount": N_("Amount")}
COMPACT_OPTION_COLUMNS = {
    "label": N_("Option"),
    "total": N_("Total"),
    "savings_vs_payg": N_("Saves"),
    "break_even_performance": N_("Break-even"),
}
OPTION_COLUMNS = {
    "label": N_("Option"),
    "prepayment": N_("First prepayment"),
    "total": N_("Total"),
    "savings_vs_payg": N_("Saves vs pay-as-you-go"),
    "break_even_performance": N_("Break-even"),
}


def panel(title: str, *children: w.Widget, css: str = "") -> w.VBox:
    """A titled panel of the app (its CSS class ``panel``, and ``css`` where given)."""
    box = w.VBox([w.HTML(piece("table_title", title)), *children])
    box.add_class("panel")
    if css:
        box.add_class(css)
    return box


class Headline:
    """The four cards people watch while they drag: total, prepayment, savings, break-even."""

    def __init__(self):
        self.cards: dict[str, w.HTML] = {}
        for key in HEADLINE:
            card = w.HTML("", layout=w.Layout(flex="1 1 0"))
            card.add_class("card")
            card.add_class(f"headline-{key}")
            self.cards[key] = card
        self.widget = w.HBox(list(self.cards.values()))
        self.widget.add_class("cards")

    def show(self, q: Quote, speech: Speech = ENGLISH) -> None:
        terms, tot = q.terms, q.totals
        payg = terms.option.is_payg
        money, _ = speech.money, speech.gettext
        variable = "" if payg else money(tot["variable"])

        def say(name, *args, **context):
            return piece(name, *args, speech=speech, **context)

        most = {} if payg else _most(q, speech)
        self.cards["total"].value = say(
            "card",
            _("Total cost"),
            money(tot["total"]),
            say("total_sub", terms.horizon, money(tot["on_target"]), variable, **most),
        )
        due = speech.date(terms.start, DATE_FORM)  # as the tables write it
        all_terms = money(q.prepaid)
        first = terms.start.day == 1  # pay-as-you-go falls due on the start's day each month
        sub = say(
            "prepayment_sub", payg, money(terms.rate), due, terms.terms_count, all_terms, first
        )
        self.cards["prepayment"].value = say("card", _("Prepayment"), money(q.prepayment), sub)
        savings = tot["savings_vs_payg"]
        self.cards["savings"].value = say(
            "card",
            _("Savings vs pay-as-you-go"),
            money(savings),
            say("savings_sub", signed_percent(q.savings_share, speech), money(tot["payg_total"])),
            "good" if savings > 0 else "bad" if savings < 0 else "",
        )
        be = q.break_even_performance
        kind = "payg" if payg else "none" if be is None else "at"
        value = "—" if payg else _("none") if be is None else share_text(be, speech)
        self.cards["break-even"].value = say(
            "card", _("Break-even"), value, say("break_even_sub", kind)
        )


def _most(q: Quote, speech: Speech) -> dict:
    """The most it can cost (DOMAIN.md rule 10): by the contract, and in practice where a
    quarter's key results cannot reach its cap, each named."""
    from prepay_modeller.core.okr import exposure
    from prepay_modeller.inputs.defaults import okr_template

    reach = exposure(q, okr_template())
    out = {"most": speech.money(reach.contract)}
    if reach.differs:
        quarters = speech.comma.join(
            speech.gettext("Q{quarter}").format(quarter=x) for x in reach.short
        )
        out |= {
            "practice": speech.money(reach.in_practice),
            "quarters": quarters,
            "top": speech.percent(1),
        }
    return out


class Views:
    """Every view below the option bar; :meth:`show` renders a comparison into them."""

    def __init__(self, download, on_error):
        self.headline = Headline()
        self.figures: dict[str, Chart] = {}
        for key in CHARTS:  # empty until the first update draws them
            fig = Chart(fill=key in CLIENT_CHARTS)  # its height: the stylesheet's
            fig.add_class(f"chart-{key}")
            fig.add_class("panel")
            if key not in CLIENT_CHARTS:
                fig.add_class("analyst")
            self.figures[key] = fig
        self.payments = w.HTML("")
        self.payments.add_class("invoice-table")
        self.options = w.HTML("")
        self.options.add_class("options-table")
        self.options_compact = w.HTML("")  # under the sliders, in the client view
        self.options_compact.add_class("options-table-compact")
        self.schedule = w.HTML("")
        self.schedule.add_class("schedule-table")
        self.optout = w.HTML("")
        self.optout.add_class("optout")
        self.downloads = self._downloads(download, on_error)
        self.payments_panel = panel("Payment schedule", self.payments, css="payments")
        self.options_panel = panel(
            "Every option at this performance", self.options, css="options-panel"
        )
        self.options_panel.add_class("analyst")
        self.options_side = panel(
            "Every option at this performance", self.options_compact, css="client-only"
        )

    @staticmethod
    def _downloads(download, on_error) -> dict[str, DownloadButton]:
        files = {
            "schedule.csv": (
                N_("Schedule CSV"),
                lambda q, _s: exports.schedule_csv(q),
                exports.CSV_MIME,
            ),
            "invoices.csv": (
                N_("Invoices CSV"),
                lambda q, _s: exports.invoices_csv(q),
                exports.CSV_MIME,
            ),
            "workbook.xlsx": (N_("Excel workbook"), workbook_download, exports.XLSX_MIME),
        }
        buttons = {}
        for key, (label, make, mime) in files.items():
            button = DownloadButton(
                label, lambda make=make, mime=mime: download(make, mime), on_error=on_error
            )
            button.add_class("download-" + key.replace(".", "-"))
            buttons[key] = button
        return buttons

    def show(self, comparison: Comparison, speech: Speech = ENGLISH) -> None:
        q = comparison.chosen
        self.headline.show(q, speech)  # first: it is what people watch while they drag
        for key, figure in figures(comparison, speech).items():
            self.figures[key].show(figure)
        _ = speech.gettext
        total = (_("Total"), q.totals["total"])
        # People read a payment schedule by due date (a renewal's prepayment falls due before
        # the previous quarter's variable part).
        payments = q.invoices.sort_values("due", kind="stable")
        if speech != ENGLISH:
            payments = payments.assign(description=_invoice_words(q, payments, speech))
        self.payments.value = money_table(
            payments, headings(PAYMENT_COLUMNS, speech), total=total, speech=speech
        )
        self.options.value = options_table(comparison, OPTION_COLUMNS, speech)
        self.options_compact.value = options_table(comparison, COMPACT_OPTION_COLUMNS, speech)
        schedule = q.schedule
        if speech != ENGLISH:
            schedule = schedule.assign(stage=[_(x) for x in schedule["stage"]])
        self.schedule.value = money_table(
            schedule,
            headings(SCHEDULE_COLUMNS, speech),
            formats={"performance": lambda v: speech.percent(v, 6)},
            total=total,
            speech=speech,
        )
        self.optout.value = optout_text(q, speech)


def workbook_download(q: Quote, setting) -> tuple[str, bytes]:
    """The "Excel workbook" of the screen's scenario (``setting``: its prospect, language,
    currency and discount rate), the one :func:`presentation.exports.workbook` makes."""
    client = Speech(setting.language, setting.currency)
    return exports.workbook(q, client, setting.discount_rate, prospect=setting.prospect)


def headings(columns: dict[str, str], speech: Speech) -> dict[str, str]:
    """A table's column headings in ``speech``'s language."""
    return {key: speech.gettext(text) for key, text in columns.items()}


def _invoice_words(q: Quote, invoices, speech: Speech) -> list[str]:
    """What each payment is for, in the client's language (the core words it in English)."""
    _ = speech.gettext
    in_term: dict[int, list[str]] = {}
    for line in q.lines:
        in_term.setdefault(line.term, []).append(_("Q{quarter}").format(quarter=line.quarter))
    out = []
    kinds = zip(invoices["kind"], invoices["term"], invoices["quarter"], strict=True)
    for kind, term, quarter in kinds:
        if kind == "variable":
            q = _("Q{quarter}").format(quarter=quarter)
            out.append(_("Variable part, {quarter}").format(quarter=q))
        elif kind == "monthly":
            out.append(_("Month {n} retainer").format(n=term))
        else:
            quarters = speech.comma.join(in_term[term])
            out.append(_("Prepayment of the fixed part, {quarters}").format(quarters=quarters))
    return out


def options_table(comparison: Comparison, columns: dict[str, str], speech: Speech = ENGLISH) -> str:
    """Every option on the comparison's performance path, the chosen one highlighted."""
    frame = comparison.table
    if speech != ENGLISH:
        frame = frame.assign(label=[speech.gettext(x) for x in frame["label"]])
    table = money_table(
        frame,
        headings(columns, speech),
        formats={"break_even_performance": lambda v: share_text(v, speech)},
        highlight=lambda row: bool(row["chosen"]),
        speech=speech,
    )
    return table + piece("options_note", speech=speech)


def optout_text(q: Quote, speech: Speech = ENGLISH) -> str:
    terms = q.terms
    _ = speech.gettext
    if q.opt_out is None:
        reason = "payg" if terms.option.is_payg else "none"
        return piece("optout", reason, _(terms.option.display), speech=speech)
    columns = {
        "date": N_("Date"),
        "description": N_("Flow (− is cash out of the client)"),
        "amount": N_("Amount"),
    }
    flows = money_table(
        q.opt_out.assign(description=[_(OPT_OUT_WORDS[k]) for k in q.opt_out["kind"]]),
        headings(columns, speech),
        total=(_("Net cost of leaving"), -q.opt_out_cost),
        speech=speech,
    )
    cost = speech.money(q.opt_out_cost)
    return piece("optout", "window", q.opt_out_days, cost, Markup(flows), speech=speech)


OPT_OUT_WORDS = {
    "prepayment": N_("Prepayment of the first term"),
    "refund": N_("Refund of the prepayment less one month of pay-as-you-go"),
}
FOOT_LEGEND = {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0}


def figures(comparison: Comparison, speech: Speech = ENGLISH) -> dict[str, Figure]:
    """The three charts of a comparison, from :mod:`presentation.charts`' builders. In the app
    each legend sits at its figure's foot, below the axis title whatever the chart's height
    (plotly's default placement collided with the title on a short or a tall chart)."""
    q = comparison.chosen
    terms = q.terms
    _ = speech.gettext
    out = {
        "schedule": charts.schedule_figure(q.schedule, speech=speech),
        "cash-out": charts.cash_out_figure(
            comparison.cumulative_cash_out,
            terms.option.name,
            title=_("Cumulative cash out, every option, {months} months").format(
                months=terms.horizon
            ),
            speech=speech,
        ),
        "cost-curve": charts.cost_curve_figure(
            comparison.cost_curve(CURVE_PERFORMANCES),
            comparison.table,
            terms.option.name,
            title=_("Total cost if every quarter performs at the same level"),
            speech=speech,
        ),
    }
    for figure in out.values():
        figure.update_layout(legend=FOOT_LEGEND)
    return out
