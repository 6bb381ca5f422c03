"""The golden outputs of ``tests/golden/``: the product says exactly what it said when they were
captured (``python tests/golden/capture.py``). A deliberate change rewrites the fixture in the
same commit, saying why."""

import json
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
sys.path.insert(0, str(GOLDEN))

import capture  # noqa: E402

CLI = json.loads((GOLDEN / "cli.json").read_text())


def test_every_cli_case_is_pinned():
    assert sorted(CLI) == sorted(capture.CLI_CASES)


@pytest.mark.parametrize("case", sorted(capture.CLI_CASES))
def test_cli_json_is_unchanged(case):
    assert capture.run_cli(capture.CLI_CASES[case]) == CLI[case]


TABLES = json.loads((GOLDEN / "cli_tables.json").read_text(encoding="utf-8"))


def test_every_table_case_is_pinned():
    assert sorted(TABLES) == sorted(capture.TABLE_CASES)


@pytest.mark.parametrize("case", sorted(capture.TABLE_CASES))
def test_cli_tables_are_unchanged(case):
    assert capture.run_cli(capture.TABLE_CASES[case]) == TABLES[case]


def test_proposal_figures_are_unchanged():
    expected = json.loads((GOLDEN / "proposal.json").read_text())
    assert capture.capture_proposal() == expected


def test_app_headline_is_unchanged():
    expected = json.loads((GOLDEN / "app.json").read_text())
    assert capture.capture_app() == expected
