"""What the explorer shows: the headline cards, the charts, the tables and the downloads, all
rendered from one :class:`core.comparison.Comparison` (each option's quote computed once).

Nothing here adds two numbers: every figure is the core's, formatted.
"""

from __future__ import annotations

import ipywidgets as w
from markupsafe import Markup

from prepay_modeller.app.download import DownloadButton
from prepay_modeller.app.plotly_widget import Chart
from prepay_modeller.app.text import money_table, percent_text, piece, signed_percent
from prepay_modeller.core.comparison import Comparison
from prepay_modeller.core.quote import Quote
from prepay_modeller.presentation import charts, exports
from prepay_modeller.presentation.figure import Figure
from prepay_modeller.presentation.formatting import percent, usd

CHARTS = ("schedule", "cash-out", "cost-curve")
CLIENT_CHARTS = ("schedule",)  # the charts the client view keeps
CURVE_PERFORMANCES = [i / 20 for i in range(0, 51)]  # 0%, 5%, ... 250%
HEADLINE = ("total", "prepayment", "savings", "break-even")
SCHEDULE_COLUMNS = {
    "quarter": "Q",
    "stage": "Stage",
    "start": "From",
    "end": "To",
    "base": "Base",
    "fixed": "Fixed",
    "variable_target": "Variable on target",
    "variable_max": "Variable cap",
    "performance": "Performance",
    "variable": "Variable",
    "total": "Total",
}
PAYMENT_COLUMNS = {"due": "Due", "description": "Payment", "amount": "Amount"}
COMPACT_OPTION_COLUMNS = {
    "label": "Option",
    "total": "Total",
    "savings_vs_payg": "Saves",
    "break_even_performance": "Break-even",
}
OPTION_COLUMNS = {
    "label": "Option",
    "prepayment": "First prepayment",
    "total": "Total",
    "savings_vs_payg": "Saves vs pay-as-you-go",
    "break_even_performance": "Break-even",
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

    def show(self, q: Quote) -> None:
        terms, tot = q.terms, q.totals
        payg = terms.option.is_payg
        variable = "" if payg else usd(tot["variable"])
        self.cards["total"].value = piece(
            "card",
            "Total cost",
            usd(tot["total"]),
            piece("total_sub", terms.horizon, usd(tot["on_target"]), variable),
        )
        due = f"{terms.start:%d %b %Y}"
        sub = piece("prepayment_sub", payg, usd(terms.rate), due, terms.terms_count, usd(q.prepaid))
        self.cards["prepayment"].value = piece("card", "Prepayment", usd(q.prepayment), sub)
        savings = tot["savings_vs_payg"]
        self.cards["savings"].value = piece(
            "card",
            "Savings vs pay-as-you-go",
            usd(savings),
            piece("savings_sub", signed_percent(q.savings_share), usd(tot["payg_total"])),
            "good" if savings > 0 else "bad" if savings < 0 else "",
        )
        be = q.break_even_performance
        kind = "payg" if payg else "none" if be is None else "at"
        value = "—" if payg else "none" if be is None else percent(be)
        self.cards["break-even"].value = piece(
            "card", "Break-even", value, piece("break_even_sub", kind)
        )


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
            "schedule.csv": ("Schedule CSV", exports.schedule_csv, exports.CSV_MIME),
            "invoices.csv": ("Invoices CSV", exports.invoices_csv, exports.CSV_MIME),
            "workbook.xlsx": ("Excel workbook", exports.workbook, exports.XLSX_MIME),
        }
        buttons = {}
        for key, (label, make, mime) in files.items():
            button = DownloadButton(
                label, lambda make=make, mime=mime: download(make, mime), on_error=on_error
            )
            button.add_class("download-" + key.replace(".", "-"))
            buttons[key] = button
        return buttons

    def show(self, comparison: Comparison) -> None:
        q = comparison.chosen
        self.headline.show(q)  # first: it is what people watch while they drag
        for key, figure in figures(comparison).items():
            self.figures[key].show(figure)
        total = ("Total", q.totals["total"])
        # People read a payment schedule by due date (a renewal's prepayment falls due before
        # the previous quarter's variable part).
        payments = q.invoices.sort_values("due", kind="stable")
        self.payments.value = money_table(payments, PAYMENT_COLUMNS, total=total)
        self.options.value = options_table(comparison, OPTION_COLUMNS)
        self.options_compact.value = options_table(comparison, COMPACT_OPTION_COLUMNS)
        self.schedule.value = money_table(
            q.schedule, SCHEDULE_COLUMNS, formats={"performance": percent_text}, total=total
        )
        self.optout.value = optout_text(q)


def options_table(comparison: Comparison, columns: dict[str, str]) -> str:
    """Every option on the comparison's performance path, the chosen one highlighted."""
    table = money_table(
        comparison.table,
        columns,
        formats={"break_even_performance": percent},
        highlight=lambda row: bool(row["chosen"]),
    )
    return table + piece("options_note")


def optout_text(q: Quote) -> str:
    terms = q.terms
    if q.opt_out is None:
        reason = "payg" if terms.option.is_payg else "none"
        return piece("optout", reason, terms.option.display)
    flows = money_table(
        q.opt_out,
        {"date": "Date", "description": "Flow (− is cash out of the client)", "amount": "Amount"},
        total=("Net cost of leaving", -q.opt_out_cost),
    )
    return piece("optout", "window", q.opt_out_days, usd(q.opt_out_cost), Markup(flows))


FOOT_LEGEND = {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0}


def figures(comparison: Comparison) -> dict[str, Figure]:
    """The three charts of a comparison, from :mod:`presentation.charts`' builders. In the app
    each legend sits at its figure's foot, below the axis title whatever the chart's height
    (plotly's default placement collided with the title on a short or a tall chart)."""
    q = comparison.chosen
    terms = q.terms
    out = {
        "schedule": charts.schedule_figure(q.schedule),
        "cash-out": charts.cash_out_figure(
            comparison.cumulative_cash_out,
            terms.option.name,
            title=f"Cumulative cash out, every option, {terms.horizon} months",
        ),
        "cost-curve": charts.cost_curve_figure(
            comparison.cost_curve(CURVE_PERFORMANCES),
            comparison.table,
            terms.option.name,
            title="Total cost if every quarter performs at the same level",
        ),
    }
    for figure in out.values():
        figure.update_layout(legend=FOOT_LEGEND)
    return out
