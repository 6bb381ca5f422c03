"""The explorer's controls: the deal (option, rate, horizon, start, payment terms, discount rate)
and, per engagement quarter, a performance, a fixed share and a variable cap.

Every value a person types is in a :class:`TypedBox`: read by the one reader
(:func:`inputs.numbers.read`) in the client's locale, as its field declares
(:mod:`core.fields`): in a box that shows "%", ``0.9``, ``90``, ``90 %`` and ``90%`` are all
90 %. Each box echoes what it took (``= 90 %``, ``= 40 000,00 €``) and has one message area:
a refused value is said there in the client's language, naming the field and the range, the
model keeps its last good value and the box shows it again; the next change replaces the
message, and a good value clears it. While a box's last typing was refused, no proposal is
made (:meth:`TypedBox.refusal`). A share is a slider *and* a box (:class:`PercentBox`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import ipywidgets as w

from prepay_modeller.app.text import piece
from prepay_modeller.core import fields as F
from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.core.fields import Field, show
from prepay_modeller.core.money import to_decimal
from prepay_modeller.core.terms import Catalog, Split
from prepay_modeller.core.timevalue import DEFAULT_DISCOUNT_RATE
from prepay_modeller.inputs import numbers
from prepay_modeller.inputs.locales import DEFAULT_CURRENCY, DEFAULT_LANGUAGE, REGIONS
from prepay_modeller.presentation.i18n import ENGLISH, N_, Speech

PERFORMANCE_MAX = 2.5  # the sliders' top: with the article's splits the cap binds at 2.0
HORIZONS = list(range(3, 37, 3))
DEFAULT_HORIZON = 12  # every option's term divides it, so all four are compared
PRESETS = {"weak": 0.6, "on target": 1.0, "strong": 1.5}


class Hooks:
    """What a box asks of the app: the client's ``speech()``, and ``check()``, which updates
    the model with the box's new value and returns the problems that refuse it (none: taken)."""

    def __init__(self, speech: Callable[[], Speech], check: Callable[[], list[Problem]]):
        self.speech, self.check = speech, check


def box_reading(speech: Speech) -> numbers.Reading:
    """How a box reads what is typed in it: in the client's locale and currency, a bare share
    above the field's largest fraction being a percent (the box shows "%")."""
    return numbers.Reading(speech.locale, speech.currency, box=True)


def _text(field: Field, value, speech: Speech) -> str:
    """A value as its box shows it, in the locale's forms (what the box reads back)."""
    if value is None:
        return ""
    if field.kind == F.SHARE:
        return speech.percent(value, 6)
    if field.kind == F.MONEY:
        d = Decimal(value)
        return speech.number(d, 0 if d == d.to_integral_value() else 2)
    if field.kind == F.DATE:
        return value.isoformat()
    return speech.number(value)


def echo_text(field: Field, value, speech: Speech) -> str:
    """What a box took, as the model uses it: ``= 90 %``, ``= 40 000,00 €``, ``= 30 days``."""
    if value is None:
        return ""
    if field.kind == F.SHARE:
        shown = speech.percent(value, 6)
    elif field.kind == F.MONEY:
        shown = speech.money(value)
    elif field.kind == F.DATE:
        shown = speech.date(value)
    elif field is F.PAYMENT_TERMS:
        shown = speech.ngettext("{n} day", "{n} days", int(value)).format(n=value)
    else:
        shown = speech.number(value)
    return f"= {speech.isolate(shown)}"


class TypedBox:
    """A text box holding one value the model uses, with its echo and its message area.

    ``field`` declares what it holds (and its bounds); ``name`` is the value's name in
    messages (``performance_q2``). :meth:`set` shows a value without asking the model; typing
    reads the text and asks the model (``hooks.check``), which may refuse it too (a cap below
    the on-target variable share): either way a refusal keeps the last good value.
    """

    def __init__(self, field: Field, name: str, value, hooks: Hooks, **text):
        self.field, self.name, self.hooks = field, name, hooks
        self._value = value
        self._quiet = False
        self._refusal: Problem | None = None
        self.box = w.Text(value=self._shown(value), continuous_update=False, **text)
        self.box.add_class("typed-box")
        self.box.observe(self._typed, names="value")
        self.echo = w.HTML(self._echo(value))
        self.echo.add_class("box-echo")
        self.note = w.HTML("")  # the one message area of this box
        self.note.add_class("box-message")
        self.note.add_class(f"box-message-{name.replace('_', '-')}")

    # -- what the model uses -------------------------------------------------------------------

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, value) -> None:
        """Give the box a value as typing would (text is read as the box reads it; a number is
        checked by the field and the model): taken, or refused in the box's message area."""
        if isinstance(value, str):
            self.box.value = value
            return
        try:
            value = numbers.read(self.field, value, self._reading(), self.name)
        except InputError as exc:
            self._refuse(exc.problems[0])
            return
        self.take(value)

    def set(self, value) -> None:
        """Show ``value`` (already read) without asking the model; a refusal said is cleared."""
        self._value = value
        self._refusal = None
        self.note.value = ""
        self._write(self._shown(value))
        self.echo.value = self._echo(value)

    def refusal(self) -> Problem | None:
        """The problem of the last value typed, while it stands (the box holds the kept value)."""
        return self._refusal

    def relabel(self) -> None:
        """The box's text and echo in the client's (new) locale; a refusal said again in its
        language."""
        self._write(self._shown(self._value))
        self.echo.value = self._echo(self._value)
        if self._refusal is not None:
            self._say(self._refusal)

    # -- typing ----------------------------------------------------------------------------------

    def _reading(self) -> numbers.Reading:
        return box_reading(self.hooks.speech())

    def _shown(self, value) -> str:
        return _text(self.field, value, self.hooks.speech())

    def _echo(self, value) -> str:
        return piece("echo", echo_text(self.field, value, self.hooks.speech()))

    def _write(self, text: str) -> None:
        self._quiet = True
        try:
            self.box.value = text
        finally:
            self._quiet = False

    def _typed(self, change) -> None:
        if self._quiet:
            return
        try:
            value = numbers.read(self.field, change["new"], self._reading(), self.name)
        except InputError as exc:
            self._refuse(exc.problems[0])
            return
        self.take(value, change["new"])

    def take(self, value, typed: str | None = None, slid: bool = False) -> bool:
        """``value`` for the model, as if typed (``typed``: the text; ``slid``: from the
        slider, which is then not written back: a value echoed late must not pull a handle
        still moving): taken (True), or refused and the last good value kept (False)."""
        before = self._value
        self._value = value
        problems = self.hooks.check()
        if problems:
            self._value = before
            self.hooks.check()  # the last good scenario again
            mine = next((p for p in problems if p.field == self.name), problems[0])
            if typed is not None and mine.field == self.name:
                mine = replace(mine, value=show(typed))
            self._refuse(mine)
            return False
        self._refusal = None
        self.note.value = ""
        if typed is None:  # given, not typed: the box shows it in the locale's forms
            self._write(self._shown(value))
        self.echo.value = self._echo(value)
        if not slid:
            self._accepted(value)
        return True

    def _refuse(self, problem: Problem) -> None:
        self._refusal = problem
        self._write(self._shown(self._value))
        self._accepted(self._value)
        self._say(problem)

    def _say(self, problem: Problem) -> None:
        speech = self.hooks.speech()
        kept = echo_text(self.field, self._value, speech).removeprefix("= ")
        self.note.value = piece("refused", speech.problem(problem), kept, speech=speech)

    def _accepted(self, value) -> None:
        """Hook for subclasses: the box holds ``value``."""


class PercentBox(TypedBox):
    """A share or a performance: a slider and a box showing "%", the box the model's value."""

    def __init__(self, field, name, value, hooks, css, label, top, step):
        super().__init__(field, name, to_decimal(value), hooks, layout=w.Layout(width="72px"))
        self.top = top
        self.slider = w.FloatSlider(
            value=min(float(value), top),
            min=0,
            max=top,
            step=step,
            readout=False,
            continuous_update=False,
            description=label,
            style={"description_width": "88px"},
            layout=w.Layout(width="192px"),
        )
        self.slider.observe(self._slid, names="value")
        self.box.add_class(f"{css}-box")
        self.echo.add_class(f"{css}-echo")
        row = w.HBox([self.slider, self.box, self.echo])
        row.add_class("percent-row")
        self.widget = w.VBox([row, self.note])
        self.widget.add_class(css)
        self.widget.add_class("percent-control")

    def set(self, value) -> None:
        value = to_decimal(value)
        super().set(value)
        self._accepted(value)

    def _accepted(self, value) -> None:
        self._quiet = True
        try:
            self.slider.value = min(float(value), self.top)
        finally:
            self._quiet = False

    def _slid(self, change) -> None:
        if self._quiet:
            return
        self.take(to_decimal(round(change["new"], 6)), slid=True)


class QuarterRow:
    """The controls of one engagement quarter: performance, fixed share, variable cap."""

    def __init__(self, quarter: int, split: Split, hooks: Hooks):
        q = quarter
        self.quarter = q

        def box(field, value, css, label, top, step):
            return PercentBox(field, f"{field.name}_q{q}", value, hooks, css, label, top, step)

        self.performance = box(
            F.PERFORMANCE, 1, f"perf-q{q}", f"Q{q} {split.stage}", PERFORMANCE_MAX, 0.01
        )
        self.fixed = box(F.FIXED, split.fixed, f"fixed-q{q}", f"Q{q} fixed", 1, 0.05)
        self.variable_max = box(
            F.VARIABLE_MAX, split.variable_max, f"vmax-q{q}", f"Q{q} var. cap",
            PERFORMANCE_MAX, 0.05,
        )  # fmt: skip
        self.splits = w.VBox(
            [self.fixed.widget, self.variable_max.widget], layout=w.Layout(margin="0 0 6px")
        )

    def boxes(self) -> list[PercentBox]:
        return [self.performance, self.fixed, self.variable_max]


def show_quarters(rows: list[QuarterRow], terms) -> None:
    """Show ``terms``' performance and splits in the quarters' boxes, asking nothing."""
    for q, row in enumerate(rows, start=1):
        row.performance.set(terms.performance[q - 1])
        row.fixed.set(terms.splits[q - 1].fixed)
        row.variable_max.set(terms.splits[q - 1].variable_max)


def deal_box(field: Field, value, hooks: Hooks, css: str, width: str = "250px") -> TypedBox:
    """A box with its name beside it, its echo under it and its message area (the deal's)."""
    box = TypedBox(
        field, field.name, value, hooks, description=field.label,
        style={"description_width": "110px"}, layout=w.Layout(width=width),
    )  # fmt: skip
    box.box.add_class(css)
    box.echo.add_class(css.replace("control-", "echo-"))
    box.widget = w.VBox([box.box, box.echo, box.note])  # the echo under the box: it is long
    box.widget.add_class("deal-box")
    return box


class DealControls:
    """The option bar and the deal's values; ``on_change()`` after each change of a list."""

    def __init__(self, catalog: Catalog, start: dt.date, on_change, hooks: Hooks):
        opts = {o.name: o for o in catalog.options}
        self.option = w.ToggleButtons(
            options=[(o.label or name, name) for name, o in opts.items()],
            value=catalog.default_option.name,
            tooltips=[f"{o.label}: {o.discount:.0%} off the list price" for o in opts.values()],
            style={"button_width": "150px"},
        )
        self.option.add_class("control-option")
        narrow = {"description_width": "110px"}
        size = w.Layout(width="250px")
        self.rate = deal_box(F.RATE, Decimal(50000), hooks, "control-rate")
        self.horizon = w.Dropdown(
            options=[(f"{h} months", h) for h in HORIZONS],
            value=DEFAULT_HORIZON,
            description="Horizon",
            style=narrow,
            layout=size,
        )
        self.horizon.add_class("control-horizon")
        self.start = deal_box(F.START, start, hooks, "control-start")
        self.start.box.placeholder = "YYYY-MM-DD"
        self.payment_terms = deal_box(F.PAYMENT_TERMS, 30, hooks, "control-payment-terms")
        self.discount = deal_box(
            F.DISCOUNT_RATE, Decimal(str(DEFAULT_DISCOUNT_RATE)), hooks, "control-discount-rate",
            width="200px",
        )  # fmt: skip
        self.discount.box.style = {"description_width": "90px"}
        self.language = w.Dropdown(
            options=list(LANGUAGES.items()), value=REGIONS[DEFAULT_LANGUAGE],
            layout=w.Layout(width="120px"), tooltip="The client's language",
        )  # fmt: skip
        self.language.add_class("control-language")
        self.currency = w.Dropdown(
            options=list(CURRENCIES), value=DEFAULT_CURRENCY, layout=w.Layout(width="90px"),
            tooltip="The currency the amounts are in (nothing is converted)",
        )  # fmt: skip
        self.currency.add_class("control-currency")
        for control in (self.option, self.horizon, self.currency):
            control.observe(lambda _c: on_change(), names="value")

    def boxes(self) -> list[TypedBox]:
        return [self.rate, self.start, self.payment_terms, self.discount]

    def show(self, setting) -> None:
        """Show a link's or a saved scenario's deal (``app.link.Setting``), asking nothing."""
        t = setting.terms
        self.option.value = t.option.name
        self.show_locale(setting.language, setting.currency)
        self.rate.set(t.rate)
        self.show_horizon(t.horizon, self.speech)
        self.start.set(t.start)
        self.payment_terms.set(t.payment_terms)
        self.discount.set(Decimal(str(setting.discount_rate)))

    @property
    def speech(self) -> Speech:
        """The client's language and currency, as the controls show them."""
        return Speech(self.language.value, self.currency.value)

    def observe_locale(self, relabel, update) -> None:
        """A new language or currency: ``relabel()`` the layout's words, then ``update()``
        (a currency change updates already, through ``on_change``)."""
        self.language.observe(lambda _c: (relabel(), update()), names="value")
        self.currency.observe(lambda _c: relabel(), names="value")

    def show_locale(self, language: str, currency: str) -> None:
        """Let the lists hold a link's or a scenario's language and currency (``ar_SA``, ``CHF``:
        read and checked already) and show them."""
        if language not in [v for _, v in self.language.options]:
            self.language.options = [*self.language.options, (language, language)]
        if currency not in self.currency.options:
            self.currency.options = [*self.currency.options, currency]
        self.language.value, self.currency.value = language, currency

    def show_horizon(self, months: int, speech: Speech = ENGLISH) -> None:
        """Let the horizon list hold ``months`` (a saved scenario or a link may use 60)."""
        if months not in [v for _, v in self.horizon.options]:
            values = sorted({*(v for _, v in self.horizon.options), months})
            self.horizon.options = [(_months(speech, h), h) for h in values]
        self.horizon.value = months

    def relabel_horizons(self, speech: Speech) -> None:
        """The horizon list's words ("12 mois") in ``speech``'s language."""
        options = [(_months(speech, h), h) for _, h in self.horizon.options]
        if options != list(self.horizon.options):
            chosen = self.horizon.value
            self.horizon.options = options
            self.horizon.value = chosen


def _months(speech: Speech, months: int) -> str:
    return speech.ngettext("{n} month", "{n} months", months).format(n=months)


# The client's language (each has a catalog) by its own name, and the usual currencies; a link
# or a scenario may name another region or currency (show_locale adds it).
LANGUAGES = {"English": "en_US", "Français": "fr_FR", "العربية": "ar_AE"}
CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AED", "SAR")
PRESET_WORDS = {"weak": N_("Weak"), "on target": N_("On target"), "strong": N_("Strong")}


def relabel_deal(app, presets: dict[str, w.Button], speech: Speech) -> None:
    """The words of the controls the explorer and the founder's app share, in ``speech``'s
    language: the option bar and its tooltips, the horizon list, the language and currency
    lists' tooltips, the presets, the quarters' sliders and the date's placeholder. ``app``
    has ``deal``, ``_catalog``, ``_rows`` and ``hold()``."""
    _, deal = speech.gettext, app.deal
    option = deal.option
    with app.hold():
        chosen = option.value
        option.options = [(_(o.label or o.name), o.name) for o in app._catalog.options]
        option.value = chosen
        deal.relabel_horizons(speech)
    # Longer labels than "12-month prepay" in French and Arabic.
    option.style.button_width = "150px" if speech.language == "en" else "210px"
    option.tooltips = [
        _("{option}: {share} off the list price").format(
            option=_(o.display), share=speech.percent(o.discount)
        )
        for o in app._catalog.options
    ]
    deal.language.tooltip = _("The client's language")
    deal.currency.tooltip = _("The currency the amounts are in (nothing is converted)")
    for name, button in presets.items():
        value = PRESETS[name]
        words = _(PRESET_WORDS[name])
        button.description = words if value == 1 else f"{words} {speech.percent(value)}"
        button.tooltip = _("Every quarter at {share} performance").format(
            share=speech.percent(value)
        )
    for q, row in app._rows.items():
        stage = _(app._catalog.split(q - 1).stage)
        quarter = _("Q{quarter}").format(quarter=q)
        row.performance.slider.description = f"{quarter} {stage}"
        row.fixed.slider.description = _("{quarter} fixed").format(quarter=quarter)
        row.variable_max.slider.description = _("{quarter} variable cap").format(quarter=quarter)
    deal.start.box.placeholder = _("YYYY-MM-DD")


def preset_buttons(apply: Callable[[float], None]) -> dict[str, w.Button]:
    """The weak / on target / strong buttons: every quarter at one performance."""
    buttons = {}
    for name, value in PRESETS.items():
        b = w.Button(
            description=name.capitalize() if value == 1 else f"{name.capitalize()} {value:.0%}",
            layout=w.Layout(width="110px"),
            tooltip=f"Every quarter at {value:.0%} performance",
        )
        b.add_class(f"preset-{name.replace(' ', '-')}")
        b.on_click(lambda _b, v=value: apply(v))
        buttons[name] = b
    return buttons


def terms_of(deal: DealControls, rows: list[QuarterRow], catalog, stages=None):
    """The deal's and the quarters' controls as validated terms (raises :class:`PrepayError`
    on a bad value): the explorer's and the founder's one way from controls to the model."""
    from prepay_modeller.inputs.terms import make_terms

    return make_terms(
        option=deal.option.value,
        rate=deal.rate.value,
        performance=[r.performance.value for r in rows],
        horizon=deal.horizon.value,
        start=deal.start.value,
        payment_terms=deal.payment_terms.value,
        fixed=[r.fixed.value for r in rows],
        variable_max=[r.variable_max.value for r in rows],
        stages=stages,
        catalog=catalog,
    )
