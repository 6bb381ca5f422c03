"""The ``prepay`` command: the article's prepay table, one scenario, and all options compared.

Its JSON output is a contract scripts rely on: field names stay; new ones are added, never
renamed. Bad input exits with status 2 and a one-line message per problem, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from decimal import Decimal

from prepay_modeller.core.errors import PrepayError

FORMATS = ("table", "csv", "json")


DEFAULTS = {"rate": "50000", "performance": "1", "payment_terms": "30"}


def _scenario_flags(
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
        "--payment-terms", metavar="DAYS", help="days to pay an invoice (default 30)"
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
        parser.add_argument(
            "--format", choices=FORMATS, default="table", help="output format (default table)"
        )


def _range_flags(parser: argparse.ArgumentParser) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prepay",
        description="Model pay-for-performance agency engagements: "
        "prepay options, payouts, cash flows.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("options", help="the article's prepay options table")
    p.add_argument(
        "--rate", default="50000", help="monthly pay-as-you-go rate in dollars (default 50000)"
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(func=cmd_options)

    p = sub.add_parser("quote", help="one scenario: schedule, totals, invoices")
    _scenario_flags(p, option_required=True)
    p.set_defaults(func=cmd_quote)

    p = sub.add_parser("compare", help="every option side by side on one horizon")
    _scenario_flags(p, option_required=False)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("npv", help="every option in today's money: NPV and the IRR of prepaying")
    _scenario_flags(p, option_required=False)
    p.add_argument(
        "--discount-rate",
        metavar="R",
        help="annual cost of capital, as 0.08 or 8%% (default: the scenario file's)",
    )
    p.set_defaults(func=cmd_npv)

    p = sub.add_parser(
        "montecarlo", help="performance as ranges: each option's distribution of cost"
    )
    _scenario_flags(p, option_required=False)
    _range_flags(p)
    p.set_defaults(func=cmd_montecarlo)

    p = sub.add_parser("agency", help="the agency's view: revenue, cash in, revenue at risk")
    _scenario_flags(p, option_required=False)
    _range_flags(p)
    p.set_defaults(func=cmd_agency)

    p = sub.add_parser("scenarios", help="saved scenarios: list, compare, save")
    scen = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = scen.add_parser("list", help="every saved scenario")
    q.add_argument("--dir", help="scenarios folder (default data/scenarios)")
    q.add_argument("--format", choices=FORMATS, default="table")
    q.set_defaults(func=cmd_scenarios_list)
    q = scen.add_parser("compare", help="two to four scenarios side by side")
    q.add_argument("names", nargs="+", metavar="SCENARIO", help="names or YAML files")
    q.add_argument("--dir", help="scenarios folder (default data/scenarios)")
    q.add_argument("--discount-rate", metavar="R", help="for NPV (default: each file's own)")
    q.add_argument("--format", choices=FORMATS, default="table")
    q.set_defaults(func=cmd_scenarios_compare)
    q = scen.add_parser("save", help="save the scenario the flags describe under a name")
    q.add_argument("name", help="the scenario's name (also its file name)")
    _scenario_flags(q, option_required=True, formats=False)
    q.add_argument("--description", default="", help="one line about the scenario")
    q.add_argument("--discount-rate", metavar="R", help="saved for NPV views")
    q.add_argument("--dir", help="scenarios folder (default data/scenarios)")
    q.add_argument("--overwrite", action="store_true", help="replace a scenario of that name")
    q.set_defaults(func=cmd_scenarios_save)

    p = sub.add_parser("export", help="a scenario as an Excel workbook")
    _scenario_flags(p, option_required=True, formats=False)
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="the workbook to write")
    p.add_argument("--discount-rate", metavar="R", help="adds NPV and IRR to the comparison")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("app", help="serve the scenario explorer as a no-code app (Voilà)")
    p.add_argument("--port", type=int, default=8866, help="port on 127.0.0.1 (default 8866)")
    p.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    p.set_defaults(func=cmd_app)

    p = sub.add_parser("lab", help="open JupyterLab on notebooks/")
    p.add_argument("--port", type=int, default=8888, help="port on 127.0.0.1 (default 8888)")
    p.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    p.set_defaults(func=cmd_lab)

    p = sub.add_parser("reports", help="render one proposal report per prospect")
    p.add_argument("prospects", nargs="?", help="prospects CSV (default data/prospects.csv)")
    p.add_argument("--out", help="output folder (default reports/)")
    p.add_argument("--workers", type=int, help="parallel renders (default: one per core)")
    p.add_argument("--format", default="html,pdf", help="html, pdf or both (default html,pdf)")
    p.add_argument("--only", nargs="+", metavar="NAME", help="only these prospects")
    p.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="give a report up when one of its cells runs longer (default 120)",
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
    p.set_defaults(func=cmd_reports)
    return parser


TERMS_FLAGS = (
    "option",
    "rate",
    "performance",
    "horizon",
    "start",
    "payment_terms",
    "fixed",
    "variable_max",
)


def _scenario(args):
    """The saved scenario named by ``--scenario``, or None."""
    from prepay_modeller.inputs import scenarios

    name = getattr(args, "scenario", None)
    return scenarios.load(scenarios.find(name)) if name else None


def _inputs(args, option: str | None = None, horizon: str | None = None) -> dict:
    """The scenario's inputs: a ``--scenario`` file's fields, then every flag given over them."""
    from prepay_modeller.inputs.scenarios import TERMS_FIELDS

    scenario = _scenario(args)
    fields = {}
    if scenario is not None:
        keep = TERMS_FIELDS + ("fixed", "variable_max")
        fields = {k: v for k, v in scenario.fields.items() if k in keep and v is not None}
    for flag in TERMS_FLAGS:
        value = getattr(args, flag, None)
        if value is not None:
            fields[flag] = value
    if option is not None and "option" not in fields:
        fields["option"] = option
    if horizon is not None and "horizon" not in fields:
        fields["horizon"] = horizon
    for key, value in DEFAULTS.items():
        fields.setdefault(key, value)
    return fields


def _terms(args, option: str | None = None, horizon: str | None = None):
    from prepay_modeller.core.errors import InputError
    from prepay_modeller.core.terms import make_terms, options

    fields = _inputs(args, option, horizon)
    if "option" not in fields:
        raise InputError(
            "option",
            "(missing)",
            "one of " + ", ".join(options()) + ", as --option or in a --scenario file",
            "is required",
        )
    return make_terms(**fields)


def _longest_term() -> str:
    from prepay_modeller.core.terms import options

    # Options are compared on one horizon; by default the longest term, which all others divide.
    return str(max(o.term_months for o in options().values()))


def _print(frame, args, document: dict, formats=None) -> None:
    from prepay_modeller.presentation.formatting import text_table, to_json

    if args.format == "json":
        print(to_json(document))
    elif args.format == "csv":
        print(frame.to_csv(index=False), end="")
    else:
        print(text_table(frame, formats or {}))


def cmd_options(args) -> int:
    from prepay_modeller.core import payouts
    from prepay_modeller.presentation.formatting import percent, records, text_table, to_json

    frame = payouts.options_table(args.rate)
    if args.format == "json":
        print(to_json(records(frame)))
    elif args.format == "csv":
        print(frame.to_csv(index=False), end="")
    else:
        print(
            text_table(
                frame,
                {"discount": percent, "variable_share": percent, "prepayment_share": percent},
            )
        )
    return 0


def quote_document(terms) -> dict:
    """The JSON object of ``prepay quote`` (a contract: add fields, never rename)."""
    from prepay_modeller.core import payouts
    from prepay_modeller.presentation.formatting import records

    schedule = payouts.quarterly_schedule(terms)
    quarter_fields = [
        "quarter",
        "base",
        "fixed",
        "variable_target",
        "variable_max",
        "performance",
        "variable",
        "total",
    ]
    inv = payouts.invoices(terms)
    return {
        "option": terms.option.name,
        "rate": terms.rate.quantize(payouts.Decimal("0.01")),
        "horizon": terms.horizon,
        "start": terms.start,
        "payment_terms": terms.payment_terms,
        "quarters": records(schedule[quarter_fields + ["start", "end"]]),
        "totals": payouts.totals(terms),
        "break_even_performance": payouts.break_even_performance(terms),
        "opt_out_cost": payouts.opt_out_cost(terms),
        "invoices": records(inv[["issued", "due", "kind", "amount", "quarter", "description"]]),
    }


def cmd_quote(args) -> int:
    from prepay_modeller.core import payouts
    from prepay_modeller.presentation.formatting import money, number, percent, text_table, to_json

    terms = _terms(args)
    if args.format == "json":
        print(to_json(quote_document(terms)))
        return 0
    schedule = payouts.quarterly_schedule(terms)
    if args.format == "csv":
        print(schedule.to_csv(index=False), end="")
        return 0
    tot = payouts.totals(terms)
    be = payouts.break_even_performance(terms)
    print(
        f"{terms.option.label} ({terms.option.name}) at ${money(terms.rate)}/month, "
        f"{terms.horizon} months from {terms.start:%Y-%m-%d}, net {terms.payment_terms} days\n"
    )
    cols = [
        "quarter",
        "stage",
        "start",
        "end",
        "base",
        "fixed",
        "variable_target",
        "variable_max",
        "performance",
        "variable",
        "total",
    ]
    shown = schedule[cols].rename(
        columns={"variable_target": "var. target", "variable_max": "var. cap"}
    )
    print(text_table(shown, {"performance": percent}))
    print()
    for key, label in [
        ("on_target", "On-target total"),
        ("fixed", "Fixed (prepaid)"),
        ("variable", "Variable"),
        ("total", "Total"),
        ("payg_total", "Pay-as-you-go"),
        ("savings_vs_payg", "Savings vs pay-as-you-go"),
    ]:
        print(f"{label:<26}{money(tot[key]):>16}")
    if be is not None:
        print(f"{'Break-even performance':<26}{percent(be):>16}")
    cost = payouts.opt_out_cost(terms)
    if cost is not None:
        print(f"{'Opt-out within 30 days':<26}{money(cost):>16}")
    print("\nInvoices")
    inv = payouts.invoices(terms)
    print(text_table(inv[["issued", "due", "kind", "description", "amount"]], {"quarter": number}))
    return 0


def cmd_compare(args) -> int:
    from prepay_modeller.core import payouts
    from prepay_modeller.core.terms import options
    from prepay_modeller.presentation.formatting import percent, records, text_table, to_json

    terms = _terms(args, option="prepay-12", horizon=_longest_term())
    frame = payouts.compare_options(terms)
    left_out = [o for o in options() if o not in set(frame["option"])]
    if args.format == "json":
        print(
            to_json(
                {
                    "rate": terms.rate.quantize(payouts.Decimal("0.01")),
                    "horizon": terms.horizon,
                    "start": terms.start,
                    "performance": [float(p) for p in terms.performance],
                    "options": records(frame),
                    "left_out": left_out,
                }
            )
        )
    elif args.format == "csv":
        print(frame.to_csv(index=False), end="")
    else:
        perf = sorted({percent(float(p)) for p in terms.performance})
        at = perf[0] if len(perf) == 1 else ", ".join(percent(float(p)) for p in terms.performance)
        print(
            f"All options over {terms.horizon} months at ${terms.rate:,.2f}/month, "
            f"performance {at}\n"
        )
        shown = frame.drop(columns=["label", "horizon"])
        shown["chosen"] = ["*" if c else "" for c in shown["chosen"]]
        shown["savings_share"] = [percent(v) for v in shown["savings_share"]]
        shown["break_even_performance"] = [percent(v) for v in shown["break_even_performance"]]
        shown.columns = [
            "option",
            "months",
            "first prepayment",
            "prepaid",
            "variable",
            "total",
            "pay-as-you-go",
            "savings",
            "savings %",
            "break-even",
            "opt-out cost",
            "chosen",
        ]
        print(text_table(shown))
        if left_out:
            print(
                f"\nLeft out (their terms do not fit {terms.horizon} months): {', '.join(left_out)}"
            )
    return 0


def _discount_rate(args, scenario=None, required: bool = False):
    from prepay_modeller.core.errors import InputError
    from prepay_modeller.core.timevalue import RATE_ALLOWED, discount_rate

    value = getattr(args, "discount_rate", None)
    if value is None and scenario is not None:
        value = scenario.fields.get("discount_rate")
    if value is None:
        if required:
            raise InputError(
                "discount_rate",
                "(missing)",
                RATE_ALLOWED + ", as --discount-rate or in a --scenario file",
                "is required",
            )
        return None
    return discount_rate(value)


def cmd_npv(args) -> int:
    from prepay_modeller.core import timevalue
    from prepay_modeller.presentation.formatting import money, percent, records

    scenario = _scenario(args)
    rate = _discount_rate(args, scenario, required=True)
    terms = _terms(args, option="prepay-12", horizon=_longest_term())
    frame = timevalue.npv_table(terms, rate)
    document = {
        "rate": terms.rate.quantize(Decimal("0.01")),
        "horizon": terms.horizon,
        "start": terms.start,
        "performance": [float(p) for p in terms.performance],
        "discount_rate": rate,
        "options": records(frame),
    }
    if args.format == "table":
        print(
            f"All options over {terms.horizon} months from {terms.start:%Y-%m-%d} in today's "
            f"money at {percent(rate)} a year (NPV < 0: the client pays)\n"
        )
    shown = frame.drop(columns=["label", "discount_rate", "npv_cost"])
    shown.columns = ["option", "total", "npv", "npv savings vs payg", "irr vs payg"]
    _print(
        shown if args.format == "table" else frame,
        args,
        document,
        {"irr vs payg": percent, "total": money},
    )
    return 0


def _montecarlo(args, terms, scenario):
    from prepay_modeller.core import uncertainty
    from prepay_modeller.core.errors import InputError

    rate = _discount_rate(args, scenario)
    if args.hit_probability is not None:
        if args.low is not None:
            raise InputError(
                "hit_probability",
                args.hit_probability,
                "either --hit-probability or --low/--likely/--high, not both",
                "comes with ranges",
            )
        return uncertainty.montecarlo_okr(
            terms, args.hit_probability, draws=args.draws, seed=args.seed, discount_rate=rate
        )
    low, likely, high = args.low, args.likely, args.high
    if low is None and scenario is not None and scenario.has_range:
        low, likely, high = (scenario.fields.get(k) for k in ("low", "likely", "high"))
    if low is None:
        raise InputError(
            "low",
            "(missing)",
            "--low (with --high, optionally --likely), --hit-probability, "
            "or low/high in a --scenario file",
            "is required",
        )
    return uncertainty.montecarlo(
        terms,
        low,
        likely,
        high if high is not None else low,
        draws=args.draws,
        seed=args.seed,
        discount_rate=rate,
        shape=args.shape if args.hit_probability is None else "triangular",
    )


def cmd_montecarlo(args) -> int:
    from prepay_modeller.core import uncertainty
    from prepay_modeller.presentation.formatting import percent, records

    scenario = _scenario(args)
    terms = _terms(args, option="prepay-12", horizon=_longest_term())
    result = _montecarlo(args, terms, scenario)
    frame = uncertainty.summary(result)
    document = {
        "rate": terms.rate.quantize(Decimal("0.01")),
        "horizon": terms.horizon,
        "start": terms.start,
        "draws": result.draws,
        "seed": result.seed,
        "shape": result.shape,
        "discount_rate": result.discount_rate,
        "options": records(frame),
    }
    if args.format == "table":
        how = "key results hit or missed" if result.shape == "okr" else f"{result.shape} ranges"
        print(
            f"All options over {terms.horizon} months, {result.draws:,} draws of performance "
            f"({how}), seed {result.seed}\n"
        )
        cols = ["option", "mean_total", "p10_total", "p50_total", "p90_total", "prob_beats_payg"]
        names = ["option", "mean", "P10", "P50", "P90", "beats payg"]
        if result.discount_rate is not None:
            cols += ["p10_npv", "p50_npv", "p90_npv", "prob_beats_payg_npv"]
            names += ["P10 NPV", "P50 NPV", "P90 NPV", "beats payg (NPV)"]
        shown = frame[cols].copy()
        shown.columns = names
        formats = {"beats payg": percent, "beats payg (NPV)": percent}
        _print(shown, args, document, formats)
    else:
        _print(frame, args, document)
    return 0


def cmd_agency(args) -> int:
    from prepay_modeller.core import agency
    from prepay_modeller.presentation.formatting import money, records, text_table, to_json

    scenario = _scenario(args)
    terms = _terms(args, option="prepay-12")
    frame = agency.monthly_revenue(terms)
    risk = agency.revenue_at_risk(terms)
    expected = None
    from_file = scenario is not None and scenario.has_range
    if args.low is not None or args.hit_probability is not None or from_file:
        expected = agency.expected_revenue(_montecarlo(args, terms, scenario))
        expected = expected[expected["option"] == terms.option.name]
    if args.format == "json":
        document = {
            "option": terms.option.name,
            "rate": terms.rate.quantize(Decimal("0.01")),
            "horizon": terms.horizon,
            "start": terms.start,
            "revenue": risk,
            "months": records(frame),
        }
        if expected is not None:
            document["expected"] = records(expected)[0]
        print(to_json(document))
        return 0
    if args.format == "csv":
        print(frame.to_csv(index=False), end="")
        return 0
    print(
        f"The agency's view of {terms.option.label} ({terms.option.name}) at "
        f"${money(terms.rate)}/month, {terms.horizon} months from {terms.start:%Y-%m-%d}\n"
    )
    cols = ["month", "date", "recognised", "cash_in", "at_risk"]
    cols += ["cumulative_recognised", "cumulative_cash_in"]
    shown = frame[cols].copy()
    shown.columns = ["month", "from", "recognised", "cash in", "at risk", "recognised so far"] + [
        "cash in so far"
    ]
    print(text_table(shown))
    print()
    for key, label in [
        ("secured", "Secured (fixed)"),
        ("at_risk", "At risk (variable, on target)"),
        ("on_target", "On target"),
        ("upside", "Upside to the caps"),
        ("recognised", "At this performance"),
    ]:
        print(f"{label:<30}{money(risk[key]):>16}")
    if expected is not None:
        row = expected.iloc[0]
        print(f"{'Expected (Monte Carlo)':<30}{money(row['expected_revenue']):>16}")
        print(f"{'P10 / P90':<30}{money(row['p10_revenue']):>16}  {money(row['p90_revenue'])}")
    return 0


def _folder(args):
    from pathlib import Path

    return Path(args.dir) if getattr(args, "dir", None) else None


def cmd_scenarios_list(args) -> int:
    from prepay_modeller.inputs import scenarios
    from prepay_modeller.presentation.formatting import records

    frame = scenarios.list_table(_folder(args))
    _print(frame, args, {"scenarios": records(frame)})
    return 0


def cmd_scenarios_compare(args) -> int:
    import os

    import pandas as pd

    from prepay_modeller.inputs import scenarios
    from prepay_modeller.presentation.formatting import money, percent, records, text_table

    folder = _folder(args)
    found = []
    for name in args.names:
        if folder is not None and os.sep not in name and not name.endswith(scenarios.SUFFIXES):
            name = str(folder / f"{name}.yaml")
        found.append(scenarios.load(scenarios.find(name)))
    frame = scenarios.compare(found, args.discount_rate)
    if args.format != "table":
        _print(frame, args, {"scenarios": records(frame)})
        return 0
    # Side by side: one column per scenario, one row per figure.
    formats = {
        "savings_share": percent,
        "break_even_performance": percent,
        "irr_vs_payg": percent,
        "discount_rate": percent,
    }
    rows = []
    for col in frame.columns[1:]:
        fmt = formats.get(col)
        cells = {"": col.replace("_", " ")}
        for name, value in zip(frame["name"], frame[col], strict=True):
            if fmt is not None:
                cells[name] = fmt(value)
            elif isinstance(value, Decimal):
                cells[name] = money(value)
            else:
                cells[name] = "" if value is None or value != value else str(value)
        rows.append(cells)
    print(text_table(pd.DataFrame(rows)))
    return 0


def cmd_scenarios_save(args) -> int:
    from prepay_modeller.core.timevalue import discount_rate
    from prepay_modeller.inputs import scenarios

    terms = _terms(args)
    rate = None if args.discount_rate is None else discount_rate(args.discount_rate)
    fields = scenarios.fields_of(terms, args.name, args.description, discount_rate=rate)
    path = scenarios.save(fields, folder=_folder(args), overwrite=args.overwrite)
    print(f"Saved {fields['name']} to {path}")
    return 0


def cmd_export(args) -> int:
    from prepay_modeller.inputs import scenarios

    scenario = _scenario(args)
    terms = _terms(args)
    if scenario is None:
        scenario = scenarios.Scenario(name="custom", fields={}, terms=terms)
    else:
        scenario = scenarios.Scenario(
            name=scenario.name,
            fields=scenario.fields,
            terms=terms,
            description=scenario.description,
            source=scenario.source,
        )
    path = scenarios.export_excel(scenario, args.out, args.discount_rate)
    print(f"Wrote {path}")
    return 0


def cmd_app(args) -> int:
    from prepay_modeller.app import serve

    return serve.run_app(port=args.port, open_browser=not args.no_browser)


def cmd_lab(args) -> int:
    from prepay_modeller.app import serve

    return serve.run_lab(port=args.port, open_browser=not args.no_browser)


def cmd_reports(args) -> int:
    from prepay_modeller.reports import runner

    return runner.main(args)


# Options whose value may be negative. argparse reads "-5%" (not a plain negative number) as an
# option of its own and stops with "expected one argument"; these take it as their value.
NEGATIVE_VALUES = ("--discount-rate",)
_NEGATIVE_NUMBER = re.compile(r"^-(\d+\.?\d*|\.\d+)%?$")


def join_negative_values(argv: list[str]) -> list[str]:
    """``--discount-rate -5%`` → ``--discount-rate=-5%``; everything else unchanged."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            out.extend(argv[i:])
            break
        if arg in NEGATIVE_VALUES and i + 1 < len(argv) and _NEGATIVE_NUMBER.match(argv[i + 1]):
            out.append(f"{arg}={argv[i + 1]}")
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(join_negative_values(sys.argv[1:] if argv is None else list(argv)))
    try:
        return args.func(args)
    except PrepayError as exc:
        for line in str(exc).splitlines():
            print(f"prepay: error: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
