"""The app's boxes read what the seller types with the one reader (issue 20), table by table:
in a box that shows "%", ``0.9``, ``70`` and ``70 %`` are shares (a bare number up to the field's
top is a fraction, above it a percent); the rate box reads money. Each box echoes what it took;
a value it refuses is said in its own message area, the model keeps the last good value and
the box shows it again (tests/test_number_forms.py feeds the other surfaces).

Each row: the text typed, the value the model then uses (None: refused), and for a refusal the
words the box's message must hold (for the performance box, its echo).
"""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest

from prepay_modeller.app.explorer import ExplorerApp

START = dt.date(2027, 1, 1)

PERFORMANCE_BOX = [
    ("70%", Decimal("0.7"), "= 70%"),
    ("70 %", Decimal("0.7"), "= 70%"),
    ("70", Decimal("0.7"), "= 70%"),  # the box shows "%": a bare 70 is 70 %, never 7000 %
    (" 125 ", Decimal("1.25"), "= 125%"),
    ("0.7", Decimal("0.7"), "= 70%"),  # a bare number up to 3 is a fraction (issue 20)
    ("3", Decimal("3"), "= 300%"),
    ("96.6667", Decimal("0.966667"), "= 96.6667%"),
    ("250", Decimal("2.5"), "= 250%"),
    ("0", Decimal("0"), "= 0%"),
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
    ("1e9", None, "is more than $1,000,000.00"),
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
    ("-100", None, "Discount rate: -100 is −100% or less"),
    ("10", 0.1, ""),  # a box that shows "%": a bare 10 is 10 %
    ("abc", None, "is not a number"),
]


def said(widget) -> str:
    """A widget's words as a person reads them: no markup, no direction isolates."""
    text = re.sub(r"<[^>]+>", " ", widget.value)
    return " ".join(html.unescape(text).replace("\u2068", "").replace("\u2069", "").split())


@pytest.fixture(scope="module")
def app():
    return ExplorerApp(start=START, panels=[])


def refused_or_taken(app, control, typed, value, words, read):
    """Type ``typed`` into ``control``'s box; check what the model then uses and what the box
    says."""
    before, shown = read(), control.box.value
    control.box.value = typed
    if value is not None:
        assert read() == value and app.error is None
        assert said(control.note) == "" and control.refusal() is None
        assert control.box.value == typed  # as typed, beside its echo
        return
    assert said(control.note).startswith("Not taken:") and words in said(control.note)
    assert control.box.value == shown and read() == before  # the value the model uses
    assert control.refusal() is not None and app.error is None


@pytest.mark.parametrize("typed, value, words", PERFORMANCE_BOX)
def test_performance_box(app, typed, value, words):
    row = app._row(1).performance
    row.value = 1  # start from on target
    refused_or_taken(app, row, typed, value, words, lambda: app.terms.performance[0])
    if value is not None:
        assert said(row.echo) == words
        assert row.slider.value == min(float(value), row.top)


def test_the_box_names_the_quarter_and_says_what_it_keeps(app):
    row = app._row(2).performance
    row.value = 1.1
    row.box.value = "abc"
    assert said(row.note) == (
        "Not taken: Performance, Q2: abc is not a number (allowed: from 0% to 300%, as 0.9 or "
        "90%) The model keeps 110%: the box shows it again."
    )
    assert row.slider.value == 1.1 and row.box.value == "110%"
    row.box.value = "-5 %"  # the next refusal replaces the message: one per box
    assert said(row.note).count("Not taken") == 1 and "is less than 0%" in said(row.note)
    row.box.value = "1.1"
    assert said(row.note) == "" and row.refusal() is None


@pytest.mark.parametrize("typed, value, words", MONEY)
def test_rate_box(app, typed, value, words):
    app.rate.value = Decimal(50000)
    refused_or_taken(app, app.rate, typed, value, words, lambda: app.terms.rate)
    if value is not None:
        assert said(app.rate.echo) == f"= ${value:,.2f}"


@pytest.mark.parametrize("typed, value, words", SHARE_BOX)
def test_fixed_share_box(app, typed, value, words):
    app.reset_splits()
    box = app._row(1).fixed
    refused_or_taken(app, box, typed, value, words, lambda: app.terms.splits[0].fixed)


@pytest.mark.parametrize("typed, value, words", DISCOUNT_BOX)
def test_discount_rate_box(app, typed, value, words):
    app.deal.discount.value = Decimal("0.1")
    refused_or_taken(app, app.deal.discount, typed, value, words, lambda: app.discount_rate)


@pytest.mark.parametrize(
    "typed, value, words",
    [
        ("2027-03-01", dt.date(2027, 3, 1), ""),
        ("", None, "Start date: '' is not a date"),  # an emptied box keeps the date in use
        ("4012-01-01", None, "is more than December 31, 2100"),
        ("12027-01-01", None, "is not a date"),
        ("2027W011", None, "is not a date"),
    ],
)
def test_the_start_date_box(app, typed, value, words):
    app.deal.start.value = START
    refused_or_taken(app, app.deal.start, typed, value, words, lambda: app.terms.start)


@pytest.mark.parametrize(
    "typed, value, words",
    [("45", 45, ""), ("030", 30, ""), ("", None, "is not a number"),
     ("121", None, "is more than 120"), ("2.5", None, "is not a whole number")],
)  # fmt: skip
def test_the_payment_terms_box(app, typed, value, words):
    app.deal.payment_terms.value = 30
    refused_or_taken(app, app.deal.payment_terms, typed, value, words,
                     lambda: app.terms.payment_terms)  # fmt: skip
    if value is not None:
        assert said(app.deal.payment_terms.echo) == f"= {value} days"


def test_french_boxes_read_french_forms_and_answer_in_french(app):
    app.deal.currency.value = "EUR"
    app.deal.language.value = "fr_FR"
    try:
        row = app._row(1).performance
        for typed in ("0.9", "0,9", "90", "90 %", "90%"):
            row.box.value = typed
            assert app.terms.performance[0] == Decimal("0.9") and said(row.echo) == "= 90 %"
        for typed in ("40 000", "40 k€", "40k", "40 000,00 €"):
            app.rate.box.value = typed
            assert app.terms.rate == 40000 and said(app.rate.echo) == "= 40 000,00 €"
        app.rate.box.value = "40.000"  # never 40: said, with what it may mean
        assert app.terms.rate == 40000 and app.rate.box.value == "40\u202f000"
        assert said(app.rate.note) == (
            "Non retenu : Tarif mensuel : 40.000 peut se lire de deux façons (autorisé : de "
            "1 000,00 € à 1 000 000,00 € par mois, au centime près ; vouliez-vous dire "
            "40 000 ?) Le modèle garde 40 000,00 € : la case l'affiche de nouveau."
        )
    finally:
        app.deal.language.value = "en_US"
        app.deal.currency.value = "USD"
