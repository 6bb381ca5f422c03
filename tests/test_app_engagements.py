"""The app's Engagements tab: the list with plan against actual, a quarter's key results typed in
its form, the variable invoice shown before it is issued, then recorded and issued (as the
command line does), in the app's language."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest

from prepay_modeller.app.engagements_panel import EngagementsPanel
from prepay_modeller.inputs.defaults import okr_template
from prepay_modeller.inputs.terms import make_terms
from prepay_modeller.presentation.i18n import Speech, speech
from prepay_modeller.store import db as database
from prepay_modeller.store import engagements
from tests.databases import fresh_sqlite
from tests.test_engagements import PREPAY_12


@dataclass
class Page:
    """What the tab needs of the explorer: the language it speaks."""

    speech: Speech = speech("en")


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def store(tmp_path, monkeypatch):
    url = fresh_sqlite(tmp_path)
    monkeypatch.setenv("PREPAY_DB", url)
    store = database.open_store()
    number = engagements.create(
        store, make_terms(option="prepay-12", start="2027-01-01"), okr_template(),
        client="Acme Analytics", user="alex", agency="Northbeam",
    )  # fmt: skip
    engagements.issue(store, number, "alex", dt.date(2027, 1, 1), prepayment=1)
    yield store
    database.close(url)


def type_results(panel: EngagementsPanel, rows) -> None:
    for row, (actual, target) in zip(panel.rows, rows, strict=True):
        row.actual.value, row.target.value = actual, target


def test_a_quarter_typed_previewed_recorded_and_invoiced(store):
    panel = EngagementsPanel(Page(), today=lambda: dt.date(2027, 7, 1))
    panel.opened()
    listed = text(panel.list_table.value)
    assert "Acme Analytics" in listed and "0/4" in listed and "$288,000.00" in listed
    assert panel.engagement.options == (("1: Acme Analytics", 1),)
    assert panel.quarter.value == 1  # the first quarter not invoiced
    panel.quarter.value = 2
    assert [row.kr["key_result"] for row in panel.rows][0] == "MQLs from inbound marketing channels"
    type_results(panel, PREPAY_12[2])
    # 150/120, 45/60, 52/40, 27/30 and the benchmark done: 104 %, 48,000 × 1.04 = 49,920.00.
    preview = text(panel.preview.value)
    assert (
        "Q2: performance 104% (expected 100%); variable part $49,920.00 (expected $48,000.00)"
        in preview
    )
    assert (
        "The invoice to issue: Variable part, Q2, dated 30 June 2027, due 30 July 2027: $49,920.00"
        in preview
    )
    assert engagements.get(store, 1).actuals == {}  # a preview writes nothing
    panel.user.value = "priya"
    panel.record()
    assert "Recorded Q2 for Acme Analytics." in text(panel.message.value)
    panel.issue()
    assert "Issued invoice 2: Variable part, Q2, $49,920.00." in text(panel.message.value)
    assert "1/4" in text(panel.list_table.value)
    # A correction after the invoice: the preview shows the credit note it calls for.
    corrected = PREPAY_12[2].copy()
    corrected[1] = ("39", "")
    type_results(panel, corrected)
    assert "Credit note, Q2, dated 1 July 2027, due 1 July 2027: −$960.00" in text(
        panel.preview.value
    )
    panel.record()
    panel.issue()
    assert "Not issued: reason: (missing) is required" in text(panel.message.value)
    panel.reason.value = "CRM duplicates"
    panel.issue()
    assert "Issued invoice 3: Credit note, Q2, −$960.00." in text(panel.message.value)
    e = engagements.get(store, 1)
    assert [(i.number, i.amount) for i in e.invoices][1:] == [(2, 49920), (3, -960)]
    history = engagements.history(store, 1)
    assert list(history["user"]) == ["alex", "alex", "priya", "priya", "priya", "priya"]


def test_a_typed_value_that_is_not_a_number_is_named(store):
    panel = EngagementsPanel(Page(), today=lambda: dt.date(2027, 7, 1))
    panel.opened()
    panel.quarter.value = 1
    panel.rows[0].actual.value = "150%"  # a milestone is at most done
    panel.rows[1].actual.value = "abc"
    preview = text(panel.preview.value)
    assert "is not a number" in preview and "Manage a weekly up-to-date" in preview


def test_the_tab_speaks_the_clients_language(store):
    panel = EngagementsPanel(Page(speech("fr", "EUR")), today=lambda: dt.date(2027, 7, 1))
    panel.opened()
    assert panel.record_button.description == "Enregistrer les résultats"
    listed = text(panel.list_table.value)
    # Each engagement in its client's currency (this one's dollars), in the page's French forms.
    assert "Client" in listed and "288 000,00 $US" in listed
