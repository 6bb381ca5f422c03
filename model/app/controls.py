"""The explorer's controls: the deal (option, rate, horizon, start, payment terms, discount rate)
and, per engagement quarter, a performance, a fixed share and a variable cap.

A share or a performance is a slider *and* a box showing "%" (:class:`PercentBox`), kept in
sync; the box holds the value the model uses. Text is read the one way text is read everywhere
(:mod:`inputs.numbers`): in a box that shows "%", ``70`` and ``70%`` are 70 %. A value a box
cannot read is refused (the app says why) and the box goes back to the value the model uses.
A typed value past the slider's end (300 %) is kept as typed; the slider stops at its end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import ipywidgets as w

from prepay_modeller.app.text import money_text, percent_text
from prepay_modeller.core import fields
from prepay_modeller.core.errors import InputError
from prepay_modeller.core.money import to_decimal
from prepay_modeller.core.terms import (
    Catalog,
    Split,
)
from prepay_modeller.core.timevalue import DEFAULT_DISCOUNT_RATE
from prepay_modeller.inputs import numbers
from prepay_modeller.inputs.locales import DEFAULT_CURRENCY, DEFAULT_LANGUAGE, REGIONS
from prepay_modeller.presentation.i18n import Speech

PERFORMANCE_MAX = 2.5  # the sliders' top: with the article's splits the cap binds at 2.0
HORIZONS = list(range(3, 37, 3))
DEFAULT_HORIZON = 12  # every option's term divides it, so all four are compared
PRESETS = {"weak": 0.6, "on target": 1.0, "strong": 1.5}
PERFORMANCE_BOX = "0% or more, as 70 or 70%"
FIXED_BOX = "0% to 100%, as 90 or 90%"
VMAX_BOX = "0% to 1000%, as 120 or 120%"
DISCOUNT_BOX = "above −100% a year, as 10 or 10%"

Reader = Callable[[str, str], Decimal]


BOX = numbers.Reading(box=True)


def read_performance(field: str, text: str) -> Decimal:
    """A quarter's performance typed in its box (``70``, ``70%``, ``0.7``: 70 %)."""
    return numbers.read(fields.PERFORMANCE, text, BOX, field)


def read_fixed(field: str, text: str) -> Decimal:
    return numbers.read(fields.FIXED, text, BOX, field)


def read_variable_max(field: str, text: str) -> Decimal:
    return numbers.read(fields.VARIABLE_MAX, text, BOX, field)


def read_rate(field: str, text: str) -> Decimal:
    """The monthly rate as typed: ``40000``, ``40,000``, ``$40,000``, ``40k``."""
    return numbers.read(fields.RATE, text, BOX, field)


def read_discount_rate(field: str, text: str) -> float:
    """A yearly discount rate in a box that shows "%" (``10``, ``10%``: 10 %)."""
    return float(numbers.read(fields.DISCOUNT_RATE, text, BOX, field))


class TypedBox:
    """A text box holding one value the model uses: what is typed is read by ``read``; a value
    it cannot read is refused (``on_refused(error, shown)``) and the box shows the kept value."""

    def __init__(self, field, value, read, show_value, on_change, on_refused, **text):
        self.field, self._read, self._show = field, read, show_value
        self._value = value
        self._on_change, self._on_refused = on_change, on_refused
        self._quiet = False
        self.box = w.Text(value=show_value(value), continuous_update=False, **text)
        self.box.observe(self._typed, names="value")

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, value) -> None:
        """Set the value as a script would (text is read as the box reads it)."""
        self.set(self._read(self.field, value) if isinstance(value, str) else value)
        self._on_change()

    def set(self, value) -> None:
        """Show ``value`` (already read) without telling anyone."""
        self._value = value
        self._write(self._show(value))

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
            value = self._read(self.field, change["new"])
        except InputError as exc:
            self._write(self._show(self._value))
            self._on_refused(exc, self._show(self._value))
            return
        self.set(value)
        self._accepted(value)
        self._on_change()

    def _accepted(self, value) -> None:
        """Hook for subclasses: a typed value was read."""


class PercentBox(TypedBox):
    """A share or a performance: a slider and a box showing "%", the box the model's value."""

    def __init__(self, field, value, read, css, label, top, step, on_change, on_refused):
        super().__init__(
            field,
            to_decimal(value),
            read,
            percent_text,
            on_change,
            on_refused,
            layout=w.Layout(width="76px"),
        )
        self.top = top
        self.slider = w.FloatSlider(
            value=min(float(value), top),
            min=0,
            max=top,
            step=step,
            readout=False,
            continuous_update=False,
            description=label,
            style={"description_width": "92px"},
            layout=w.Layout(width="244px"),
        )
        self.slider.observe(self._slid, names="value")
        self.box.add_class(f"{css}-box")
        self.widget = w.HBox([self.slider, self.box])
        self.widget.add_class(css)
        self.widget.add_class("percent-control")

    def set(self, value) -> None:
        value = to_decimal(value)
        super().set(value)
        self._quiet = True
        try:
            self.slider.value = min(float(value), self.top)
        finally:
            self._quiet = False

    def _accepted(self, value) -> None:
        pass  # set() moved the slider already

    def _slid(self, change) -> None:
        if self._quiet:
            return
        # The box follows the slider; the slider is never written back here, so that a value
        # echoed late cannot pull a handle that is still moving.
        TypedBox.set(self, to_decimal(round(change["new"], 6)))
        self._on_change()


class QuarterRow:
    """The controls of one engagement quarter: performance, fixed share, variable cap."""

    def __init__(self, quarter: int, split: Split, on_change, on_refused):
        q = quarter
        self.quarter = q

        def box(name, value, read, css, label, top, step):
            return PercentBox(
                f"{name}_q{q}", value, read, css, label, top, step, on_change, on_refused
            )

        self.performance = box(
            "performance", 1, read_performance, f"perf-q{q}", f"Q{q} {split.stage}"[:14],
            PERFORMANCE_MAX, 0.01,
        )  # fmt: skip
        self.fixed = box("fixed", split.fixed, read_fixed, f"fixed-q{q}", f"Q{q} fixed", 1, 0.05)
        self.variable_max = box(
            "variable_max", split.variable_max, read_variable_max, f"vmax-q{q}",
            f"Q{q} var. cap", PERFORMANCE_MAX, 0.05,
        )  # fmt: skip
        self.splits = w.VBox(
            [self.fixed.widget, self.variable_max.widget], layout=w.Layout(margin="0 0 6px")
        )


class DealControls:
    """The option bar and the deal's values; ``on_change()`` after each change."""

    def __init__(self, catalog: Catalog, start: dt.date, on_change, on_refused):
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
        self.rate = TypedBox(
            "rate", Decimal(50000), read_rate, money_text, on_change, on_refused,
            description="Monthly rate $", style=narrow, layout=size,
        )  # fmt: skip
        self.rate.box.add_class("control-rate")
        self.horizon = w.Dropdown(
            options=[(f"{h} months", h) for h in HORIZONS],
            value=DEFAULT_HORIZON,
            description="Horizon",
            style=narrow,
            layout=size,
        )
        self.horizon.add_class("control-horizon")
        self.start = w.DatePicker(value=start, description="Start date", style=narrow, layout=size)
        self.start.add_class("control-start")
        self._start = start
        self.payment_terms = w.BoundedIntText(
            value=30, min=0, max=365, description="Payment terms", style=narrow, layout=size
        )
        self.payment_terms.add_class("control-payment-terms")
        self.discount = TypedBox(
            "discount_rate", DEFAULT_DISCOUNT_RATE, read_discount_rate, percent_text,
            on_change, on_refused, description="Discount rate", style={"description_width": "90px"},
            layout=w.Layout(width="200px"),
        )  # fmt: skip
        self.discount.box.add_class("control-discount-rate")
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
        for control in (self.option, self.horizon, self.payment_terms, self.currency):
            control.observe(lambda _c: on_change(), names="value")
        self._on_change, self._on_refused = on_change, on_refused
        self.start.observe(self._start_changed, names="value")

    def _start_changed(self, change) -> None:
        if change["new"] is None:  # a cleared date picker: keep the date the model uses
            problem = InputError("start", "(empty)", numbers.DATE_ALLOWED, "is not a date")
            self.start.value = self._start
            self._on_refused(problem, f"{self._start:%Y-%m-%d}")
            return
        self._start = change["new"]
        self._on_change()

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

    def show_horizon(self, months: int) -> None:
        """Let the horizon list hold ``months`` (a saved scenario or a link may use 60)."""
        if months not in [v for _, v in self.horizon.options]:
            values = sorted({*(v for _, v in self.horizon.options), months})
            self.horizon.options = [(f"{h} months", h) for h in values]
        self.horizon.value = months


# The client's language (each has a catalog) by its own name, and the usual currencies; a link
# or a scenario may name another region or currency (show_locale adds it).
LANGUAGES = {"English": "en_US", "Français": "fr_FR", "العربية": "ar_AE"}
CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AED", "SAR")


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
