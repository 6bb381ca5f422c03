"""One way to read numbers (issue 13), in the app's boxes, table by table as tests/test_numbers.py
does for the command-line flag, the CSV cell and the YAML field.

A box that shows "%" reads a bare number as a percent (``70`` is 70 %); the rate box reads money
as the command line does (the same MONEY table). A value the box cannot read is refused
visibly, and the box goes back to the value the model uses.

Each row: the text typed, the value the model then uses (None: refused), and for a refusal the
words the message must hold (for the performance box, what the box then shows).
"""

import datetime as dt
from decimal import Decimal

import pytest

from prepay_modeller.app.explorer import ExplorerApp

START = dt.date(2027, 1, 1)

PERFORMANCE_BOX = [
    ("70%", Decimal("0.7"), "70%"),
    ("70 %", Decimal("0.7"), "70%"),
    ("70", Decimal("0.7"), "70%"),  # the box shows "%": a bare 70 is 70 %, never 7000 %
    (" 125 ", Decimal("1.25"), "125%"),
    ("0.7", Decimal("0.7"), "70%"),  # a bare number up to 3 is a fraction (issue 20)
    ("3", Decimal("3"), "300%"),
    ("96.6667", Decimal("0.966667"), "96.6667%"),
    ("250", Decimal("2.5"), "250%"),
    ("0", Decimal("0"), "0%"),
    ("abc", None, "is not a number"),
    ("-30", None, "is less than 0%"),
    ("-30%", None, "is less than 0%"),
    ("301", None, "is more than 300%"),
    ("١٢٣", None, "is not a number"),  # Arabic-Indic digits
    ("１２３", None, "is not a number"),  # full-width digits
    ("nan", None, "is not a number"),
    ("", None, "is not a number"),
    ("1e999999", None, "is too large"),
]
MONEY = [
    ("40000", Decimal("40000"), ""),
    ("40,000", Decimal("40000"), ""),
    ("$40,000", Decimal("40000"), ""),
    ("40k", Decimal("40000"), ""),
    ("40 000", Decimal("40000"), ""),
    ("1,234.50", Decimal("1234.50"), ""),
    ("1,5", None, "is not a number"),
    ("125 %", None, "is a percentage"),
    ("4O000", None, "is not a number"),
    ("1e9", None, "is more than 1,000,000"),
]
SHARE_BOX = [
    ("85", Decimal("0.85"), ""),
    ("85%", Decimal("0.85"), ""),
    ("100", Decimal("1"), ""),
    ("120", None, "is more than 100%"),
    ("-5", None, "is less than 0%"),
    ("x", None, "is not a number"),
]
DISCOUNT_BOX = [
    ("8", 0.08, ""),
    ("8%", 0.08, ""),
    ("12.5 %", 0.125, ""),
    ("-5", -0.05, ""),
    ("-100", None, "discount_rate: -100"),
    ("abc", None, "is not a number"),
]


@pytest.fixture(scope="module")
def app():
    return ExplorerApp(start=START, panels=[])


def refused_or_taken(app, control, typed, value, words, read):
    """Type ``typed`` into ``control``'s box; check what the model then uses."""
    before, shown = read(), control.box.value
    control.box.value = typed
    if value is not None:
        assert read() == value and app.error is None
        assert "Not taken" not in app.message.value
        return
    assert "Not taken:" in app.message.value and words in app.message.value
    assert control.box.value == shown and read() == before  # the value the model uses


@pytest.mark.parametrize("typed, value, words", PERFORMANCE_BOX)
def test_performance_box(app, typed, value, words):
    row = app._row(1).performance
    row.value = 1  # start from on target
    refused_or_taken(app, row, typed, value, words, lambda: app.terms.performance[0])
    if value is not None:
        assert row.box.value == words
        assert row.slider.value == min(float(value), row.top)


def test_the_box_names_the_quarter_and_the_slider_stays(app):
    row = app._row(2).performance
    row.value = 1.1
    row.box.value = "abc"
    assert "performance_q2: abc is not a number (allowed: from 0% to 300%, as 0.9 or 90%)" in (
        app.message.value
    )
    assert "The box shows what the model uses: 110%" in app.message.value
    assert row.slider.value == 1.1


@pytest.mark.parametrize("typed, value, words", MONEY)
def test_rate_box(app, typed, value, words):
    app.rate.value = Decimal(50000)
    refused_or_taken(app, app.rate, typed, value, words, lambda: app.terms.rate)
    if value is not None:
        assert app.rate.box.value == f"{value:,.0f}" or app.rate.box.value == f"{value:,.2f}"


@pytest.mark.parametrize("typed, value, words", SHARE_BOX)
def test_fixed_share_box(app, typed, value, words):
    app.reset_splits()
    box = app._row(1).fixed
    refused_or_taken(app, box, typed, value, words, lambda: app.terms.splits[0].fixed)


@pytest.mark.parametrize("typed, value, words", DISCOUNT_BOX)
def test_discount_rate_box(app, typed, value, words):
    app.deal.discount.value = 0.1
    refused_or_taken(app, app.deal.discount, typed, value, words, lambda: app.discount_rate)


def test_a_cleared_start_date_keeps_the_date_the_model_uses(app):
    app.deal.start.value = None
    assert "start: (empty) is not a date" in app.message.value
    assert app.deal.start.value == START and app.terms.start == START
