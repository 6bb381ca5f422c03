"""The ``prepay`` command line: its subcommands and their flags (argparse)."""

from __future__ import annotations

import argparse

from prepay_modeller.app import serve
from prepay_modeller.core.terms import DEFAULT_PAYMENT_TERMS
from prepay_modeller.inputs.terms import TERM_INPUTS

FORMATS = ("table", "csv", "json")
SCENARIOS_DIR_HELP = "a folder of scenario files instead of the database (as $PREPAY_SCENARIOS_DIR)"
TERMS_FLAGS = TERM_INPUTS  # --option ... --variable-max


def scenario_flags(
    parser: argparse.ArgumentParser, option_required: bool, formats: bool = True
) -> None:
    parser.add_argument(
        "--scenario",
        metavar="FILE",
        help="a saved scenario (YAML file, or a name in data/scenarios); flags given override it",
    )
    parser.add_argument(
        "--option",
        help="payg, prepay-3, prepay-6 or prepay-12 (from data/options.csv)"
        + (
            " (required unless --scenario gives it)"
            if option_required
            else "; the one highlighted (default prepay-12)"
        ),
    )
    parser.add_argument("--rate", help="monthly pay-as-you-go rate in dollars (default 50000)")
    parser.add_argument(
        "--performance",
        metavar="P[,P...]",
        help="one value for every quarter or one per quarter, as 1.25 or 125%% "
        "(default 1 = on target)",
    )
    parser.add_argument("--horizon", help="months modelled, a multiple of 3 and of the term")
    parser.add_argument("--start", help="first day, YYYY-MM-DD (default: the first of next month)")
    parser.add_argument(
        "--payment-terms",
        metavar="DAYS",
        help=f"days to pay a variable invoice (default {DEFAULT_PAYMENT_TERMS})",
    )
    parser.add_argument(
        "--fixed", metavar="F[,F...]", help="fixed share per quarter (default: the article's split)"
    )
    parser.add_argument(
        "--variable-max",
        metavar="V[,V...]",
        help="maximum variable share per quarter (default: the article's)",
    )
    if formats:
        format_flag(parser)


def format_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=FORMATS, default="table", help="output format (default table)"
    )
    locale_flags(parser)


def locale_flags(parser: argparse.ArgumentParser) -> None:
    """The table's numbers, money and dates in a client's locale (CSV and JSON stay
    locale-free)."""
    parser.add_argument(
        "--language", help="a table's numbers and dates as en, fr or ar write them (fr_CA...)"
    )
    parser.add_argument("--currency", help="a table's money in this ISO 4217 code (no conversion)")


def founder_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("the founder's cash")
    group.add_argument(
        "--cash", metavar="AMOUNT", help="cash in the bank on the start date (required)"
    )
    group.add_argument(
        "--burn",
        metavar="AMOUNT",
        help="monthly net burn without the agency, positive when cash goes out (required)",
    )
    group.add_argument(
        "--burn-growth",
        metavar="G",
        default="0",
        help="the burn's monthly growth, as 0.02 or 2%% (default 0)",
    )


def range_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("performance ranges (Monte Carlo)")
    group.add_argument("--low", metavar="P[,P...]", help="lowest performance, per quarter or one")
    group.add_argument("--likely", metavar="P[,P...]", help="most likely (default: the middle)")
    group.add_argument("--high", metavar="P[,P...]", help="highest performance")
    group.add_argument(
        "--shape",
        choices=("triangular", "uniform"),
        default="triangular",
        help="distribution between low and high (default triangular)",
    )
    group.add_argument(
        "--hit-probability",
        metavar="P[,P...]",
        help="instead of ranges: each key result's chance of being hit, one or one per key result",
    )
    group.add_argument("--draws", default="10000", help="draws, 1 to 5,000,000 (default 10000)")
    group.add_argument("--seed", default="0", help="random seed; same seed, same draws (default 0)")
    group.add_argument("--discount-rate", metavar="R", help="annual, for NPV (default: none)")


def _model_commands(sub, commands) -> None:
    p = sub.add_parser("options", help="the article's prepay options table")
    p.add_argument(
        "--rate", default="50000", help="monthly pay-as-you-go rate in dollars (default 50000)"
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    locale_flags(p)
    p.set_defaults(func=commands.cmd_options)

    p = sub.add_parser("quote", help="one scenario: schedule, totals, invoices")
    scenario_flags(p, option_required=True)
    p.set_defaults(func=commands.cmd_quote)

    p = sub.add_parser("compare", help="every option side by side on one horizon")
    scenario_flags(p, option_required=False)
    p.set_defaults(func=commands.cmd_compare)

    p = sub.add_parser("runway", help="the founder's cash: each option's lowest cash and runway")
    scenario_flags(p, option_required=False)
    founder_flags(p)
    p.set_defaults(func=commands.cmd_runway)

    p = sub.add_parser("npv", help="every option in today's money: NPV and the IRR of prepaying")
    scenario_flags(p, option_required=False)
    p.add_argument(
        "--discount-rate",
        metavar="R",
        help="annual cost of capital, as 0.08 or 8%% (default: the scenario file's)",
    )
    p.set_defaults(func=commands.cmd_npv)

    p = sub.add_parser(
        "montecarlo", help="performance as ranges: each option's distribution of cost"
    )
    scenario_flags(p, option_required=False)
    range_flags(p)
    p.set_defaults(func=commands.cmd_montecarlo)

    p = sub.add_parser("agency", help="the agency's view: revenue, cash in, revenue at risk")
    scenario_flags(p, option_required=False)
    range_flags(p)
    p.set_defaults(func=commands.cmd_agency)


def _scenario_commands(sub, commands) -> None:
    from prepay_modeller.cli import engagements

    p = sub.add_parser("scenarios", help="saved scenarios: list, compare, save, import, export")
    scen = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = scen.add_parser("list", help="every saved scenario")
    q.add_argument("--dir", help=SCENARIOS_DIR_HELP)
    q.add_argument("--format", choices=FORMATS, default="table")
    q.add_argument("--db", metavar="URL", help=engagements.DB_HELP)
    q.set_defaults(func=commands.cmd_scenarios_list)
    q = scen.add_parser("compare", help="two to four scenarios side by side")
    q.add_argument("names", nargs="+", metavar="SCENARIO", help="names or YAML files")
    q.add_argument("--dir", help=SCENARIOS_DIR_HELP)
    q.add_argument("--discount-rate", metavar="R", help="for NPV (default: each file's own)")
    q.add_argument("--format", choices=FORMATS, default="table")
    q.add_argument("--db", metavar="URL", help=engagements.DB_HELP)
    q.set_defaults(func=commands.cmd_scenarios_compare)
    q = scen.add_parser("save", help="save the scenario the flags describe under a name")
    q.add_argument("name", help="the scenario's name (also its file name)")
    scenario_flags(q, option_required=True, formats=False)
    q.add_argument("--description", default="", help="one line about the scenario")
    q.add_argument("--discount-rate", metavar="R", help="saved for NPV views")
    q.add_argument("--dir", help=SCENARIOS_DIR_HELP)
    q.add_argument("--overwrite", action="store_true", help="replace a scenario of that name")
    q.add_argument("--db", metavar="URL", help=engagements.DB_HELP)
    q.add_argument("--user", help=engagements.USER_HELP)
    q.set_defaults(func=commands.cmd_scenarios_save)
    engagements.add_scenario_commands(scen, SCENARIOS_DIR_HELP)

    p = sub.add_parser("export", help="a scenario as an Excel workbook")
    scenario_flags(p, option_required=True, formats=False)
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="the workbook to write")
    p.add_argument(
        "--discount-rate",
        metavar="R",
        help="for the present values (default: the file's, else 10%%)",
    )
    p.add_argument("--language", help="headings in en, fr or ar (default: the scenario's, else en)")
    p.add_argument(
        "--currency", help="money in this ISO 4217 code (default: the scenario's, else USD)"
    )
    p.set_defaults(func=commands.cmd_export)


def link_flags(parser: argparse.ArgumentParser) -> None:
    """Where client links point and what signs them (``prepay link``, ``reports``, ``app``)."""
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address clients reach, e.g. https://proposals.example.com/ "
        "(default $PREPAY_PUBLIC_URL, else the app's local address)",
    )
    parser.add_argument(
        "--link-secret-file",
        metavar="FILE",
        help="the secret that signs client links (default: created on first use in "
        "~/.config/prepay-modeller/link-secret, mode 0600)",
    )


def _link_commands(sub, commands) -> None:
    p = sub.add_parser("link", help="a signed client link for a scenario, to send the prospect")
    scenario_flags(p, option_required=True)
    p.add_argument("--prospect", help="the prospect's company (default: the --scenario file's)")
    p.add_argument("--contact", help="who it is addressed to (default: the --scenario file's)")
    p.add_argument("--discount-rate", metavar="R", help="the client's yearly cost of capital")
    link_flags(p)
    p.add_argument(
        "--expires",
        metavar="YYYY-MM-DD",
        help="the last day the link opens (default: the proposal's validity, 30 days)",
    )
    p.add_argument(
        "--client-may-change",
        metavar="WHAT",
        default="performance",
        help="what the prospect may move: performance, option, performance,option or none "
        "(default performance)",
    )
    p.set_defaults(func=commands.cmd_link)

    p = sub.add_parser("verify", help="check that a proposal PDF shows what its scenario gives")
    p.add_argument("pdf", metavar="FILE.pdf", help="a proposal PDF made by prepay")
    p.add_argument(
        "--link-secret-file",
        metavar="FILE",
        help="also check that the proposal's link was signed with this secret",
    )
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=commands.cmd_verify)


def _server_commands(sub, commands) -> None:
    p = sub.add_parser("app", help="serve the scenario explorer as a no-code app (Voilà)")
    p.add_argument("--port", default="8866", help="port on 127.0.0.1 (default 8866)")
    p.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; any other needs --token-file or "
        "--password-file)",
    )
    p.add_argument(
        "--idle-timeout",
        default=str(serve.DEFAULT_IDLE_TIMEOUT),
        metavar="SECONDS",
        help=f"shut a page's kernel down this long after the page went "
        f"(default {serve.DEFAULT_IDLE_TIMEOUT})",
    )
    p.add_argument(
        "--max-sessions",
        default=str(serve.DEFAULT_MAX_SESSIONS),
        metavar="N",
        help="pages served at once; past it a page says the app is busy "
        f"(default {serve.DEFAULT_MAX_SESSIONS})",
    )
    p.add_argument(
        "--origin",
        metavar="URL",
        help="the public address a reverse proxy serves the app at (https://name)",
    )
    link_flags(p)
    p.add_argument("--token-file", metavar="FILE", help="a file holding the access token")
    p.add_argument(
        "--password-file",
        metavar="FILE",
        help="a file holding a hashed password (jupyter_server.auth.passwd())",
    )
    p.add_argument(
        "--founder",
        action="store_true",
        help="serve the founder's notebook (cash, runway, what prepaying is worth) instead",
    )
    from prepay_modeller.cli.engagements import DB_HELP

    p.add_argument("--db", metavar="URL", help=DB_HELP + ": engagements and saved scenarios")
    p.set_defaults(func=commands.cmd_app)

    p = sub.add_parser("lab", help="open JupyterLab on notebooks/")
    p.add_argument("--port", default="8888", help="port on 127.0.0.1 (default 8888)")
    p.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    p.set_defaults(func=commands.cmd_lab)


def _reports_command(sub, commands) -> None:
    p = sub.add_parser("reports", help="render one proposal report per prospect")
    p.add_argument("prospects", nargs="?", help="prospects CSV (default data/prospects.csv)")
    p.add_argument("--out", help="output folder (default reports/)")
    p.add_argument("--workers", help="parallel renders, 1 to 64 (default: one per core)")
    p.add_argument("--format", default="html,pdf", help="html, pdf or both (default html,pdf)")
    p.add_argument("--only", nargs="+", metavar="NAME", help="only these prospects")
    p.add_argument(
        "--timeout",
        metavar="SECONDS",
        help="give a report up when one of its cells runs longer, 1 to 3600 (default 120)",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="render on this Dask scheduler (needs the dask extra) instead of local workers",
    )
    p.add_argument(
        "--template", metavar="NOTEBOOK", help="report template (default notebooks/proposal.ipynb)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    link_flags(p)
    p.set_defaults(func=commands.cmd_reports)


def build_parser() -> argparse.ArgumentParser:
    from prepay_modeller.cli import commands

    parser = argparse.ArgumentParser(
        prog="prepay",
        description="Model pay-for-performance agency engagements: "
        "prepay options, payouts, cash flows.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _model_commands(sub, commands)
    _scenario_commands(sub, commands)
    _link_commands(sub, commands)
    _server_commands(sub, commands)
    _reports_command(sub, commands)
    from prepay_modeller.cli import engagements

    engagements.add_commands(sub)
    return parser


# A flag's value may start with "-" ("--discount-rate -5%", "--seed -1", "--rate -x"): argparse
# reads "-5%" (not a plain negative number) as an option of its own and stops with "expected one
# argument" (two lines, the usage first); a flag that takes a value takes it instead, and the
# reader says in one line what is wrong with it.


def _option_strings(parser: argparse.ArgumentParser) -> tuple[set[str], set[str]]:
    """Every option string of every subcommand, and those that take a value."""
    every: set[str] = set()
    valued: set[str] = set()
    stack = [parser]
    while stack:
        p = stack.pop()
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                stack.extend(action.choices.values())
            elif action.option_strings:
                every.update(action.option_strings)
                if action.nargs != 0:
                    valued.update(action.option_strings)
    return every, valued


def join_negative_values(
    argv: list[str], parser: argparse.ArgumentParser | None = None
) -> list[str]:
    """``--discount-rate -5%`` → ``--discount-rate=-5%`` (any flag that takes a value, and a
    value that is not an option); everything else unchanged."""
    every, flags = _option_strings(parser or build_parser())
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            out.extend(argv[i:])
            break
        value = argv[i + 1] if i + 1 < len(argv) else ""
        if arg in flags and value.startswith("-") and value != "--" and value not in every:
            out.append(f"{arg}={argv[i + 1]}")
            i += 2
            continue
        out.append(arg)
        i += 1
    return out
