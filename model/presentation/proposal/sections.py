"""The proposal's sections, in reading order: each is a Jinja2 template in
``presentation/templates/proposal/`` filled with the core's figures (:class:`Figures`).

A section renders its own heading with its content, so that print CSS keeps them together. All
text from the parameters is escaped by the templates' autoescape.
"""

from __future__ import annotations

from markupsafe import Markup

from prepay_modeller.presentation.html import Html, render
from prepay_modeller.presentation.proposal import tables
from prepay_modeller.presentation.proposal.figures import Figures
from prepay_modeller.presentation.proposal.plots import Plots


def _words(figures: Figures) -> dict:
    """What a template needs to speak the client's language: ``f`` (numbers, money, dates) and
    the gettext functions its ``{% trans %}`` blocks call."""
    f = figures.words
    # Right-to-left sections say so (also when the template runs on its own, without the page's
    # <html dir="rtl">); left-to-right ones stay as they were.
    direction = Markup(' dir="rtl"') if f.speech.rtl else ""
    return {"f": f, "gettext": f.gettext, "ngettext": f.ngettext, "dir": direction}


def _render(name: str, figures: Figures, **context) -> Html:
    page = render(
        f"proposal/{name}.html.j2",
        **_words(figures),
        fig=figures,
        q=figures.quote,
        t=figures.terms,
        option=figures.option,
        brand=figures.brand,
        contact=figures.contact,
        prospect=figures.params["prospect"],
        addressee=figures.params["contact"],
        **context,
    )
    return Html(figures.words.polish(page))


def q1_note(figures: Figures) -> Markup:
    """DOMAIN.md rules 7 and 10: where Q1's key results cannot earn its whole variable range,
    say so beside the schedule, naming each maximum (by the contract, under the plan)."""
    reach = figures.reachable
    rows = reach[reach["below_cap"]]
    if figures.option.is_payg or not len(rows):
        return Markup("")
    return Markup(
        render("proposal/q1_note.html.j2", **_words(figures), rows=rows.to_dict("records"))
    )


def cover(figures: Figures) -> Html:
    return _render("cover", figures)


def summary(figures: Figures) -> Html:
    return _render("summary", figures)


def schedule(figures: Figures, plots: Plots) -> Html:
    # Pay-as-you-go has no variable part: its quarters are the same bars, a chart saying nothing.
    payg = figures.option.is_payg
    return _render(
        "schedule",
        figures,
        table=tables.schedule(figures.words, figures.quote),
        note=q1_note(figures),
        chart=None if payg else plots.schedule(figures),
    )


def invoices(figures: Figures) -> Html:
    return _render("invoices", figures, table=tables.invoices(figures.words, figures.quote))


def monthly(figures: Figures) -> Html:
    # Pay-as-you-go's months are its invoices, already listed.
    if figures.option.is_payg:
        return Html("")
    return _render("monthly", figures, table=tables.monthly(figures.words, figures.quote))


def renewals(figures: Figures) -> Html:
    if not figures.quote.renews:
        return Html("")
    return _render("renewals", figures, table=tables.renewals(figures.words, figures.quote))


def options(figures: Figures, plots: Plots) -> Html:
    comparison = figures.comparison
    return _render(
        "options",
        figures,
        comparison=comparison,
        table=tables.options(figures.words, figures),
        cheaper=figures.cheaper,
        cash=plots.cash(figures),
        cost=plots.cost(figures),
    )


def worth(figures: Figures) -> Html:
    npv = figures.npv.set_index("option").loc[figures.option.name]
    mc = figures.montecarlo.set_index("option").loc[figures.option.name]
    return _render(
        "worth",
        figures,
        table=tables.worth(figures.words, figures),
        npv=npv,
        mc=mc,
        spread=figures.params["uncertainty_spread"],
        draws=figures.params["uncertainty_draws"],
        rate=figures.params["discount_rate"],
        months=figures.terms.horizon,
    )


def scope(figures: Figures) -> Html:
    return _render("scope", figures, plan=_plan_quarters(figures))


def okr_plan(figures: Figures) -> Html:
    plan = _plan_quarters(figures)
    reach = figures.reachable
    below = [] if figures.option.is_payg else reach[reach["below_cap"]].to_dict("records")
    return _render(
        "okr",
        figures,
        plan=plan,
        reach=below,
        tables={item["quarter"]: tables.okr(figures.words, item["rows"]) for item in plan},
    )


def _plan_quarters(figures: Figures) -> list[dict]:
    """The OKR template's quarters within the row's horizon, with each quarter's dates."""
    template = figures.okr_template
    lines = {x.quarter: x for x in figures.quote.lines}
    out = []
    for quarter, part in template.groupby("quarter", sort=True):
        line = lines.get(int(quarter))
        if line is None:
            continue
        out.append(
            {
                "quarter": int(quarter),
                "line": line,
                "rows": part.to_dict("records"),
                "objectives": list(dict.fromkeys(part["objective"])),
            }
        )
    return out


def terms(figures: Figures) -> Html:
    from babel.numbers import get_currency_name

    s = figures.speech
    name = get_currency_name(s.currency, count=2, locale=s.locale)
    return _render("terms", figures, currency_name=name, unit=figures.words.minor_unit())


def next_steps(figures: Figures) -> Html:
    return _render("next_steps", figures)


def acceptance(figures: Figures) -> Html:
    return _render("acceptance", figures)


def appendix(figures: Figures) -> Html:
    p = figures.params
    return _render(
        "appendix",
        figures,
        quarters=figures.quarters_used(),
        unused=figures.unused_quarters(),
        rate=p["discount_rate"],
        spread=p["uncertainty_spread"],
        draws=p["uncertainty_draws"],
        valid_days=p["valid_days"],
    )
