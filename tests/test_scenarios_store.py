"""Saved scenarios in the store, shared by the sellers of one database: ``prepay scenarios
save|list|compare`` read and write it, YAML files come in and go out with ``import`` and
``export``, and nobody overwrites another seller's save unseen (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from prepay_modeller import cli
from prepay_modeller.app.explorer import ExplorerApp
from prepay_modeller.inputs import paths, scenarios


def run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def team(database_url, monkeypatch):
    """Sellers on one database: ``$PREPAY_DB`` names it, no scenarios folder is set."""
    monkeypatch.setenv("PREPAY_DB", database_url)
    monkeypatch.delenv("PREPAY_SCENARIOS_DIR", raising=False)
    return database_url


def test_import_save_list_compare_export(team, tmp_path, capsys):
    code, out, err = run(capsys, "scenarios", "import", paths.SCENARIOS_DIR, "--user", "alex")
    assert code == 0, err
    assert out.startswith("Imported 4 scenarios: acme-prepay-12, beacon-prepay-6, cobalt-payg")
    code, _, err = run(capsys, "scenarios", "import", paths.SCENARIOS_DIR / "acme-prepay-12.yaml")
    assert code == 2 and "name: acme-prepay-12 is already saved" in err
    flags = ("--option", "prepay-6", "--start", "2027-01-01", "--performance", "0.8,1.5")
    code, out, err = run(capsys, "scenarios", "save", "zeta-6", *flags, "--user", "priya")
    assert code == 0 and "Saved zeta-6 to " in out, err
    listed = json.loads(run(capsys, "scenarios", "list", "--format", "json")[1])["scenarios"]
    by_name = {s["name"]: s for s in listed}
    assert list(by_name) == sorted(by_name)  # the store's five: the folder's files are shadowed
    assert len(by_name) == 5
    zeta = by_name["zeta-6"]
    assert (zeta["file"], zeta["saved_by"], zeta["version"], zeta["option"]) == (
        "", "priya", 1, "prepay-6",
    )  # fmt: skip
    # --scenario finds a saved one by name; DOMAIN.md's worked example: total 294,300.00.
    code, out, _ = run(capsys, "quote", "--scenario", "zeta-6", "--format", "json")
    assert code == 0 and json.loads(out)["totals"]["total"] == 294300.0
    code, out, _ = run(capsys, "scenarios", "compare", "zeta-6", "acme-prepay-12")
    assert code == 0 and "294,300.00" in out
    code, out, err = run(capsys, "scenarios", "export", "zeta-6", "--out", tmp_path / "out")
    assert code == 0, err
    exported = yaml.safe_load((tmp_path / "out" / "zeta-6.yaml").read_text())
    assert exported["option"] == "prepay-6" and exported["performance"] == [0.8, 1.5]
    assert scenarios.load(tmp_path / "out" / "zeta-6.yaml").terms.horizon == 6


def test_two_sellers_do_not_overwrite_each_other_unseen(team, capsys):
    start = dt.date(2027, 1, 1)
    alex, priya = ExplorerApp(start=start, panels=[]), ExplorerApp(start=start, panels=[])
    alex.scenarios.name.value = "acme"
    alex.scenarios.save()
    assert "Saved acme" in alex.scenarios.message.value
    priya.scenarios.refresh()
    assert "acme" in priya.scenarios.choice.options  # shared at once
    priya.scenarios.name.value = "acme"
    priya.scenarios.save()
    assert "is already saved" in priya.scenarios.message.value  # a new save never replaces
    for seller in (alex, priya):
        seller.scenarios.choice.value = "acme"
        seller.scenarios.load()
        seller.scenarios.overwrite.value = True
    priya.scenarios.name.value = "acme"
    priya.scenarios.save()
    assert "Saved acme" in priya.scenarios.message.value
    alex.scenarios.name.value = "acme"
    alex.scenarios.save()  # alex loaded version 1; priya saved version 2 since
    message = alex.scenarios.message.value
    assert "was saved by" in message and "since you loaded it (version 2, you loaded 1)" in message
    assert scenarios.saved("acme").extra["version"] == 2
