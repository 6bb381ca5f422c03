"""Golden outputs: what the product says for a dozen varied scenarios, pinned before code moves.

``python tests/golden/capture.py`` (re)writes ``tests/golden/*.json`` from the code as it is;
``tests/test_golden.py`` checks that the code still gives exactly these. A change that moves a
number on purpose rewrites the fixture in the same commit and says why in its message.

Four kinds of output are pinned:

- ``cli.json``: the ``prepay`` command's JSON (the contract scripts rely on) for each case of
  :data:`CLI_CASES`, as printed;
- ``cli_tables.json``: the same cases' tables for people (without ``--format json``), and a few
  in French and Arabic (:data:`TABLE_CASES`);
- ``proposal.json``: every money amount and percentage, in order, in the visible text of one
  rendered proposal (the pieces the template shows, built without a kernel);
- ``app.json``: the explorer's headline cards after a few changes of its controls.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import io
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

S = ["--start", "2027-01-01"]
J = ["--format", "json"]
CLI_CASES: dict[str, list[str]] = {
    "options": ["options", *J],
    "options-odd-rate": ["options", "--rate", "12345.67", *J],
    "quote-domain-prepay-6": ["quote", "--option", "prepay-6", "--performance", "0.8,1.5", *S, *J],
    "quote-prepay-12-on-target": ["quote", "--option", "prepay-12", *S, *J],
    "quote-payg-12-net-15": [
        "quote", "--option", "payg", "--horizon", "12", "--payment-terms", "15", *S, *J,
    ],
    "quote-prepay-3-renewed-capped": [
        "quote", "--option", "prepay-3", "--horizon", "12", "--rate", "42000",
        "--performance", "0.9,1.1,1.3,2.5", *S, *J,
    ],
    "quote-prepay-12-24m-custom-split": [
        "quote", "--option", "prepay-12", "--horizon", "24", "--performance", "0.5",
        "--fixed", "0.8", "--variable-max", "1.5", *S, *J,
    ],
    "quote-odd-cents-month-end": [
        "quote", "--option", "prepay-6", "--rate", "33333.33", "--performance", "1.2345",
        "--start", "2027-01-31", *J,
    ],
    "compare-default": ["compare", *S, *J],
    "compare-120": ["compare", "--performance", "1.2", *S, *J],
    "compare-24-uneven": [
        "compare", "--horizon", "24", "--performance", "0.7,1.3,0.9,1.6,1,1,2,0", *S, *J,
    ],
    "compare-odd-rate": ["compare", "--rate", "55555.55", "--performance", "125%", *S, *J],
    "compare-prepay-3-own-horizon": ["compare", "--option", "prepay-3", *S, *J],
    "npv-10": ["npv", "--discount-rate", "10%", *S, *J],
    "npv-prepay-6-unique-irr": [
        "npv", "--discount-rate", "10%", "--option", "prepay-6", "--performance", "0", *S, *J,
    ],
    "npv-negative-24": [
        "npv", "--discount-rate", "-5%", "--horizon", "24", "--performance", "1.4", *S, *J,
    ],
    "montecarlo-ranges": [
        "montecarlo", "--low", "0.5", "--likely", "1", "--high", "1.8", "--draws", "3000",
        "--discount-rate", "10%", *S, *J,
    ],
    "montecarlo-okr": ["montecarlo", "--hit-probability", "0.7", "--draws", "2000", *S, *J],
    "agency-prepay-12": [
        "agency", "--option", "prepay-12", "--performance", "0.8,1,1.2,1.3", *S, *J,
    ],
    "agency-prepay-6-expected": [
        "agency", "--option", "prepay-6", "--horizon", "12", "--low", "0.6", "--high", "1.4",
        "--draws", "2000", *S, *J,
    ],
    "agency-payg": ["agency", "--option", "payg", "--horizon", "6", *S, *J],
    "quote-scenario-acme": ["quote", "--scenario", "acme-prepay-12", *J],
    "scenarios-compare": [
        "scenarios", "compare", "acme-prepay-12", "beacon-prepay-6", "cobalt-payg",
        "--discount-rate", "8%", *J,
    ],
    "scenarios-list": ["scenarios", "list", *J],
}  # fmt: skip


# The tables people read: every JSON case as a table, and a few in a client's locale.
TABLE_CASES: dict[str, list[str]] = {
    **{name: [a for a in args if a not in J] for name, args in CLI_CASES.items()},
    "quote-domain-prepay-6-fr": [
        "quote", "--option", "prepay-6", "--performance", "0.8,1.5", *S,
        "--language", "fr", "--currency", "EUR",
    ],
    "compare-24-uneven-ar": [
        "compare", "--horizon", "24", "--performance", "0.7,1.3,0.9,1.6,1,1,2,0", *S,
        "--language", "ar", "--currency", "SAR",
    ],
    "agency-prepay-6-expected-fr": [
        "agency", "--option", "prepay-6", "--horizon", "12", "--low", "0.6", "--high", "1.4",
        "--draws", "2000", *S, "--language", "fr",
    ],
}  # fmt: skip


def run_cli(args: list[str]) -> str:
    """What ``prepay ARGS`` prints on stdout (run in this process; it must exit 0)."""
    from prepay_modeller.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(args))
    if code != 0:
        raise AssertionError(f"prepay {' '.join(args)} exited {code}")
    return out.getvalue()


def capture_cli() -> dict[str, str]:
    return {name: run_cli(args) for name, args in CLI_CASES.items()}


def capture_tables() -> dict[str, str]:
    return {name: run_cli(args) for name, args in TABLE_CASES.items()}


# --- the proposal ----------------------------------------------------------------------------

PROPOSAL_PARAMS = {
    "prospect": "Bluefin Payroll",
    "contact": "Marco Ruiz",
    "rate": 50000.0,
    "option": "prepay-6",
    "performance_q1": 0.8,
    "performance_q2": 1.5,
    "horizon": 6,
    "start": "2027-01-01",
    "payment_terms": 30,
    "report_date": "2026-12-01",
}
_FIGURE = re.compile(r"[−-]?(?:\$[\d,]+(?:\.\d\d)?|\d+(?:\.\d+)?%)")


def visible_text(markup: str) -> str:
    """The words and numbers a reader sees in a piece of HTML (tags and scripts dropped)."""
    markup = re.sub(r"<script.*?</script>", " ", markup, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", markup)
    return " ".join(html.unescape(text).split())


def figures(text: str) -> list[str]:
    """Every money amount and percentage in ``text``, in order."""
    return _FIGURE.findall(text)


def capture_proposal() -> dict[str, list[str]]:
    """Per piece of the proposal, the figures it shows."""
    from golden_pieces import proposal_pieces

    return {name: figures(visible_text(text)) for name, text in proposal_pieces(PROPOSAL_PARAMS)}


# --- the app -----------------------------------------------------------------------------------

APP_STEPS = [
    ("opens", {}),
    ("prepay-6, 6 months, Q1 80% Q2 150%",
     {"option": "prepay-6", "horizon": 6, "perf": [0.8, 1.5]}),
    ("payg, 12 months", {"option": "payg", "horizon": 12}),
    ("prepay-3, rate 42,000, 12 months, strong",
     {"option": "prepay-3", "rate": "42,000", "preset": 1.5}),
]  # fmt: skip


def capture_app() -> dict[str, dict[str, str]]:
    from golden_pieces import app_headlines

    return app_headlines(APP_STEPS, dt.date(2027, 1, 1))


def main() -> None:
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    (HERE / "cli.json").write_text(json.dumps(capture_cli(), indent=1) + "\n")
    tables = json.dumps(capture_tables(), indent=1, ensure_ascii=False) + "\n"
    (HERE / "cli_tables.json").write_text(tables, encoding="utf-8")
    (HERE / "proposal.json").write_text(json.dumps(capture_proposal(), indent=1) + "\n")
    (HERE / "app.json").write_text(json.dumps(capture_app(), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {HERE}/cli.json, cli_tables.json, proposal.json, app.json")


if __name__ == "__main__":
    main()
