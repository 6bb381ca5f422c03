"""Save, load and compare in the app: the same files as `prepay scenarios` (one format, one
folder, the same validation), two to four side by side."""

import datetime as dt
import json

import pytest
import yaml

from prepay_modeller.app.explorer import ExplorerApp
from prepay_modeller.app.scenario_panel import ON_SCREEN
from prepay_modeller.cli import main
from prepay_modeller.inputs import scenarios

START = dt.date(2027, 1, 1)


def headline(app, key="total"):
    text = app.headline[key].value
    return text.split('<div class="value')[1].split(">", 1)[1].split("<", 1)[0]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PREPAY_SCENARIOS_DIR", str(tmp_path))
    return tmp_path


def new_app():
    return ExplorerApp(start=START, panels=[])


def acme(app):
    """DOMAIN.md's worked example with the app's own split and discount rate, for Acme."""
    with app.hold():
        app.option.value = "prepay-6"
        app.horizon.value = 6
        app._row(1).performance.box.value = "80"
        app._row(2).performance.box.value = "150%"
        app._row(2).variable_max.box.value = "100"
        app.deal.discount.box.value = "8"
    app.proposal.prospect.value = "Acme Analytics"
    app.proposal.contact.value = "Jane Doe"


def test_save_writes_the_command_line_s_file(folder, capsys):
    app = new_app()
    acme(app)
    # Q2's variable cap at 100% of the $135,000 base lets 150% earn 54,000 × 1.5 = 81,000 (as
    # under the article's 80% cap): DOMAIN's $294,300.
    assert headline(app) == "$294,300.00"
    panel = app.scenarios
    panel.name.value = "acme-6"
    panel.save_button.click()
    assert "Saved acme-6" in panel.message.value
    fields = yaml.safe_load((folder / "acme-6.yaml").read_text())
    assert fields == {
        "name": "acme-6", "option": "prepay-6", "rate": 50000, "performance": [0.8, 1.5],
        "horizon": 6, "start": START, "payment_terms": 30, "variable_max": [0.2, 1],
        "discount_rate": 0.08, "prospect": "Acme Analytics", "contact": "Jane Doe",
    }  # fmt: skip
    assert main(["scenarios", "list", "--format", "json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)["scenarios"]
    assert listed["name"] == "acme-6" and listed["performance"] == "0.8,1.5"
    assert main(["quote", "--scenario", "acme-6", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["total"] == 294300.00
    assert panel.choice.options == ("acme-6",)


def test_save_refuses_a_taken_name_or_a_bad_one(folder):
    app = new_app()
    panel = app.scenarios
    panel.name.value = "twice"
    panel.save_button.click()
    panel.save_button.click()
    assert "Not saved: Scenario name: \u2068twice\u2069 is already saved" in panel.message.value
    panel.overwrite.value = True
    panel.save_button.click()
    assert "Saved twice" in panel.message.value
    panel.name.value = "../up"
    panel.save_button.click()
    assert "Not saved: Scenario name:" in panel.message.value
    assert not (folder.parent / "up.yaml").exists()


def test_load_in_a_fresh_app_shows_the_same_screen(folder):
    app = new_app()
    acme(app)
    app.scenarios.name.value = "acme-6"
    app.scenarios.save_button.click()
    fresh = new_app()  # "reload the app"
    assert headline(fresh) == "$480,000.00"
    fresh.scenarios.choice.value = "acme-6"
    fresh.scenarios.load_button.click()
    assert fresh.terms == app.terms and fresh.discount_rate == app.discount_rate
    for key in app.headline:
        assert fresh.headline[key].value == app.headline[key].value
    assert fresh.proposal.prospect.value == "Acme Analytics"
    assert fresh.proposal.contact.value == "Jane Doe"
    assert fresh._row(2).variable_max.box.value == "100%"
    assert "Loaded acme-6" in fresh.scenarios.message.value


def test_a_bad_file_is_named_when_loaded(folder):
    (folder / "broken.yaml").write_text("name: broken\noption: prepay-6\nrate: -5\n")
    app = new_app()
    app.scenarios.choice.value = "broken"
    app.scenarios.load_button.click()
    assert "Cannot load broken: field performance is missing" in app.scenarios.message.value
    assert headline(app) == "$480,000.00"


def test_compare_two_to_four_side_by_side(folder):
    app = new_app()
    acme(app)
    app.scenarios.name.value = "acme-6"
    app.scenarios.save_button.click()
    app.preset_buttons["on target"].click()
    app.reset_splits()
    panel = app.scenarios
    panel.chosen.value = ("acme-6",)
    panel.compare_button.click()
    assert "Choose two to four scenarios to compare (\u20681\u2069 chosen)" in panel.message.value
    panel.chosen.value = ("acme-6", ON_SCREEN)
    panel.compare_button.click()
    table = panel.table.value
    # acme-6: $294,300 against $300,000 of pay-as-you-go; on screen: prepay-6 on target over
    # 6 months, DOMAIN's $270,000, saving $30,000 (10%).
    for text in ["acme-6", ON_SCREEN, "$294,300.00", "$270,000.00", "$5,700.00",
                 "$30,000.00", "10%", "6-month prepay", "80%, 150%", "100%, 100%"]:  # fmt: skip
        assert text in table, text
    assert "prepay-6" not in table  # labels, never codes
    assert app.layout.comparison.layout.display is None  # shown under the views


def test_the_scenario_files_are_the_prepay_scenarios_folder(folder):
    assert scenarios.scenarios_dir() == folder


def test_a_scenario_in_euros_and_french_keeps_them_and_compares_in_them(folder):
    app = new_app()
    acme(app)
    app.deal.language.value = "fr_FR"
    app.deal.currency.value = "EUR"
    app.scenarios.name.value = "acme-eur"
    app.scenarios.save_button.click()
    assert "acme-eur enregistré" in app.scenarios.message.value
    saved = yaml.safe_load((folder / "acme-eur.yaml").read_text(encoding="utf-8"))
    assert (saved["language"], saved["currency"]) == ("fr_FR", "EUR")
    # DOMAIN's example: $294,300 is 294 300,00 € here (the same amounts, no conversion).
    app.scenarios.chosen.value = (ON_SCREEN, "acme-eur")
    app.scenarios.compare_button.click()
    table = app.scenarios.table.value
    assert "Coût de sortie" in table and "Opt-out cost" not in table
    assert table.count("294\u202f300,00\xa0€") == 2 and "$" not in table
    assert "Comparés : (à l&#39;écran), acme-eur" in app.scenarios.message.value
    other = new_app()
    other.scenarios.choice.value = "acme-eur"
    other.scenarios.load_button.click()
    assert (other.speech.locale, other.speech.currency) == ("fr_FR", "EUR")
    assert "294\u202f300,00\xa0€" in headline(other)
