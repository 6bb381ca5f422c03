"""The ``prepay`` command: the article's prepay table, one scenario, and all options compared.

Its JSON output is a contract scripts rely on: field names stay; new ones are added, never
renamed. Bad input exits with status 2 and a one-line message per problem, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from model.errors import PrepayError

FORMATS = ("table", "csv", "json")


def _scenario_flags(parser: argparse.ArgumentParser, option_required: bool) -> None:
    parser.add_argument(
        "--option",
        required=option_required,
        help="payg, prepay-3, prepay-6 or prepay-12 (from data/options.csv)"
        + ("" if option_required else "; the one highlighted (default prepay-12)"),
    )
    parser.add_argument(
        "--rate", default="50000", help="monthly pay-as-you-go rate in dollars (default 50000)"
    )
    parser.add_argument(
        "--performance",
        default="1",
        metavar="P[,P...]",
        help="one value for every quarter or one per quarter, as 1.25 or 125%% "
        "(default 1 = on target)",
    )
    parser.add_argument("--horizon", help="months modelled, a multiple of 3 and of the term")
    parser.add_argument("--start", help="first day, YYYY-MM-DD (default: the first of next month)")
    parser.add_argument(
        "--payment-terms", default="30", metavar="DAYS", help="days to pay an invoice (default 30)"
    )
    parser.add_argument(
        "--fixed", metavar="F[,F...]", help="fixed share per quarter (default: the article's split)"
    )
    parser.add_argument(
        "--variable-max",
        metavar="V[,V...]",
        help="maximum variable share per quarter (default: the article's)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="table", help="output format (default table)"
    )


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


def _terms(args, option: str | None = None, horizon: str | None = None):
    from model.terms import make_terms

    return make_terms(
        option=option or args.option,
        rate=args.rate,
        performance=args.performance,
        horizon=horizon if horizon is not None else args.horizon,
        start=args.start,
        payment_terms=args.payment_terms,
        fixed=args.fixed,
        variable_max=args.variable_max,
    )


def cmd_options(args) -> int:
    from model import payouts
    from model.report_format import percent, records, text_table, to_json

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
    from model import payouts
    from model.report_format import records

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
    from model import payouts
    from model.report_format import money, number, percent, text_table, to_json

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
    from model import payouts
    from model.report_format import percent, records, text_table, to_json
    from model.terms import options

    option = args.option or "prepay-12"
    # Options are compared on one horizon; by default the longest term, which all others divide.
    horizon = args.horizon or str(max(o.term_months for o in options().values()))
    terms = _terms(args, option=option, horizon=horizon)
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


def cmd_app(args) -> int:
    from model import serve

    return serve.run_app(port=args.port, open_browser=not args.no_browser)


def cmd_lab(args) -> int:
    from model import serve

    return serve.run_lab(port=args.port, open_browser=not args.no_browser)


def cmd_reports(args) -> int:
    from model import reports

    return reports.main(args)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
