"""What each ``prepay`` subcommand does: read its inputs, ask the core once, print the result.

Every figure comes from the core's :class:`Quote` / :class:`Comparison` (or the time-value,
uncertainty and agency modules); this module only reads flags and prints.
"""

from __future__ import annotations

from pathlib import Path

from prepay_modeller.cli.parser import TERMS_FLAGS
from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.core.terms import DEFAULT_PAYMENT_TERMS, DEFAULT_PERFORMANCE, DEFAULT_RATE

DEFAULTS = {
    "rate": str(DEFAULT_RATE),
    "performance": str(DEFAULT_PERFORMANCE),
    "payment_terms": str(DEFAULT_PAYMENT_TERMS),
}
SCENARIO_TERMS_FIELDS = TERMS_FLAGS


def _scenario(args):
    """The saved scenario named by ``--scenario``, or None."""
    from prepay_modeller.inputs import scenarios

    name = getattr(args, "scenario", None)
    return scenarios.load(scenarios.find(name, getattr(args, "db", None))) if name else None


def _inputs(args, scenario=None) -> dict:
    """The scenario's inputs: a ``--scenario`` file's fields, then every flag given over them."""
    fields = {}
    if scenario is not None:
        fields = {
            k: v for k, v in scenario.fields.items() if k in SCENARIO_TERMS_FIELDS and v is not None
        }
    for flag in TERMS_FLAGS:
        value = getattr(args, flag, None)
        if value is not None:
            fields[flag] = value
    for key, value in DEFAULTS.items():
        fields.setdefault(key, value)
    return fields


def _terms(args, scenario=None, option_required: bool = True):
    from prepay_modeller.inputs.defaults import catalog
    from prepay_modeller.inputs.terms import make_terms

    fields = _inputs(args, scenario)
    if "option" not in fields and option_required:
        raise InputError(
            "option",
            "(missing)",
            "one of " + ", ".join(catalog().names) + ", as --option or in a --scenario file",
            "is required",
        )
    return make_terms(**fields)


def _comparison(args, scenario=None):
    """Every option on one horizon (DOMAIN.md rule 9): the one asked for, else the scenario's
    (a ``--scenario`` file's, or the term of the ``--option`` asked for, as ``prepay quote``
    takes it), else whole years (the longest term); the option asked for highlighted. Where the
    highlighted default does not fit the horizon, the options that fit are compared and none is
    highlighted."""
    from prepay_modeller.core.comparison import compare
    from prepay_modeller.inputs.defaults import catalog
    from prepay_modeller.inputs.terms import make_terms

    cat = catalog()
    fields = _inputs(args, scenario)
    if "option" in fields:
        return compare(make_terms(**fields))
    fields.setdefault("horizon", str(cat.whole_term))
    fields["option"] = cat.default_option.name
    try:
        return compare(make_terms(**fields))
    except InputError as exc:
        if not any(p.field == "horizon" for p in exc.problems):
            raise
    fields["option"] = cat.payg.name  # pay-as-you-go fits every horizon of whole quarters
    return compare(make_terms(**fields), chosen=None)


def _speech(args):
    """The client's locale for a table (``--language``, ``--currency``); None: as always."""
    language, currency = getattr(args, "language", None), getattr(args, "currency", None)
    if language is None and currency is None:
        return None
    from prepay_modeller.presentation.i18n import speech

    return speech(language or "", currency or "")


def _csv(frame) -> None:
    from prepay_modeller.presentation.exports import csv_text

    print(csv_text(frame), end="")


def _print(frame, args, document: dict, formats=None) -> None:
    from prepay_modeller.presentation.formatting import text_table, to_json

    speech = _speech(args)  # a bad --language or --currency is named whatever the format
    if args.format == "json":
        print(to_json(document))
    elif args.format == "csv":
        _csv(frame)
    else:
        print(text_table(frame, formats or {}, speech))


def cmd_options(args) -> int:
    from prepay_modeller.core.comparison import options_table
    from prepay_modeller.inputs.terms import make_terms
    from prepay_modeller.presentation.formatting import records

    # The rate is read and checked as a scenario's, so the table never shows one a quote refuses.
    terms = make_terms(option="payg", rate=args.rate)
    frame = options_table(terms.catalog, terms.rate)
    shares = {"discount": "percent", "variable_share": "percent", "prepayment_share": "percent"}
    _print(frame, args, records(frame), shares)
    return 0


def cmd_quote(args) -> int:
    from prepay_modeller.core.quote import quote
    from prepay_modeller.presentation import text
    from prepay_modeller.presentation.documents import quote_document
    from prepay_modeller.presentation.formatting import to_json

    q = quote(_terms(args, _scenario(args)))
    speech = _speech(args)  # checked before anything is printed
    if args.format == "json":
        print(to_json(quote_document(q)))
    elif args.format == "csv":
        _csv(q.schedule)
    else:
        print(text.quote_text(q, speech))
    return 0


def cmd_compare(args) -> int:
    from prepay_modeller.presentation import text
    from prepay_modeller.presentation.documents import compare_document

    c = _comparison(args, _scenario(args))
    speech = _speech(args)
    if args.format == "json":
        from prepay_modeller.presentation.formatting import to_json

        print(to_json(compare_document(c)))
    elif args.format == "csv":
        _csv(c.table)
    else:
        print(text.compare_text(c, speech))
    return 0


def cmd_runway(args) -> int:
    from prepay_modeller.core.cash import cash_comparison
    from prepay_modeller.core.errors import Problem
    from prepay_modeller.inputs.founder import read_founder
    from prepay_modeller.presentation import runway

    problems = [
        Problem(flag, "(missing)", f"an amount, as --{flag}", "is required")
        for flag in ("cash", "burn")
        if getattr(args, flag) is None
    ]
    who = comparison = None
    try:  # every bad value named at once: the founder's, then the scenario's
        who = read_founder(
            *(0 if v is None else v for v in (args.cash, args.burn)), args.burn_growth
        )
    except InputError as exc:
        problems += exc.problems
    try:
        comparison = _comparison(args, _scenario(args))
    except InputError as exc:
        problems += exc.problems
    if problems:
        raise InputError(problems=problems)
    c = cash_comparison(comparison, who)
    if args.format == "table":
        print(runway.runway_text(c, _speech(args)))
    else:
        _print(runway.runway_csv(c), args, runway.runway_document(c))
    return 0


def _discount_rate(args, scenario=None, required: bool = False):
    from prepay_modeller.core.timevalue import RATE_ALLOWED
    from prepay_modeller.inputs.numbers import discount_rate

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
    from prepay_modeller.presentation.documents import scenario_header
    from prepay_modeller.presentation.formatting import records
    from prepay_modeller.presentation.i18n import ENGLISH

    scenario = _scenario(args)
    rate = _discount_rate(args, scenario, required=True)
    terms = _comparison(args, scenario).terms
    frame = timevalue.npv_table(terms, rate)
    document = {
        **scenario_header(terms),
        "performance": [float(p) for p in terms.performance],
        "discount_rate": rate,
        "options": records(frame),
    }
    if args.format == "table":
        print(
            f"All options over {terms.horizon} months from {terms.start:%Y-%m-%d} in today's "
            f"money at {ENGLISH.percent(rate)} a year (NPV < 0: the client pays)\n"
        )
    shown = frame[["option", "total", "npv", "npv_savings_vs_payg", "irr_vs_payg"]]
    shown.columns = ["option", "total", "npv", "npv savings vs payg", "irr vs payg"]
    _print(
        shown if args.format == "table" else frame,
        args,
        document,
        {"irr vs payg": "percent", "total": "amount"},
    )
    if args.format == "table":
        notes = frame[frame["irr_note"].notna()]
        if len(notes):
            print("\nNo return of prepaying (IRR) is shown where it would not be unique:")
            for option, note in zip(notes["option"], notes["irr_note"], strict=True):
                print(f"  {option}: {note}")
    return 0


def _montecarlo(args, terms, scenario):
    from prepay_modeller.core import fields, uncertainty
    from prepay_modeller.inputs.defaults import okr_template
    from prepay_modeller.inputs.numbers import per_quarter_values, read
    from prepay_modeller.inputs.scenarios import read_ranges

    rate = _discount_rate(args, scenario)
    draws, seed = read(fields.DRAWS, args.draws), read(fields.SEED, args.seed)
    if args.hit_probability is not None:
        if args.low is not None:
            raise InputError(
                "hit_probability",
                args.hit_probability,
                "either --hit-probability or --low/--likely/--high, not both",
                "comes with ranges",
            )
        probability = per_quarter_values(fields.HIT_PROBABILITY, args.hit_probability)
        return uncertainty.montecarlo_okr(
            terms, probability, okr_template(), draws=draws, seed=seed, discount_rate=rate
        )
    low, likely, high = read_ranges(args.low, args.likely, args.high)
    if low is None and scenario is not None and scenario.has_range:
        low, likely, high = scenario.ranges()
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
        draws=draws,
        seed=seed,
        discount_rate=rate,
        shape=args.shape,
    )


def cmd_montecarlo(args) -> int:
    from prepay_modeller.core import uncertainty
    from prepay_modeller.presentation.documents import scenario_header
    from prepay_modeller.presentation.formatting import records

    scenario = _scenario(args)
    terms = _comparison(args, scenario).terms
    result = _montecarlo(args, terms, scenario)
    frame = uncertainty.summary(result)
    document = {
        **scenario_header(terms),
        "draws": result.draws,
        "seed": result.seed,
        "shape": result.shape,
        "discount_rate": result.discount_rate,
        "options": records(frame),
    }
    if args.format != "table":
        _print(frame, args, document)
        return 0
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
    _print(shown, args, document, {"beats payg": "percent", "beats payg (NPV)": "percent"})
    return 0


def cmd_agency(args) -> int:
    from prepay_modeller.core import agency
    from prepay_modeller.inputs.defaults import catalog
    from prepay_modeller.presentation import text
    from prepay_modeller.presentation.formatting import records, to_json

    scenario = _scenario(args)
    fields_option = getattr(args, "option", None) or (scenario and scenario.fields.get("option"))
    if not fields_option:
        args.option = catalog().default_option.name
    terms = _terms(args, scenario)
    frame = agency.monthly_revenue(terms)
    risk = agency.revenue_at_risk(terms)
    expected = None
    from_file = scenario is not None and scenario.has_range
    if args.low is not None or args.hit_probability is not None or from_file:
        expected = agency.expected_revenue(_montecarlo(args, terms, scenario))
        expected = expected[expected["option"] == terms.option.name]
    if args.format == "json":
        from prepay_modeller.presentation.documents import scenario_header

        document = {
            "option": terms.option.name,
            **scenario_header(terms),
            "revenue": risk,
            "months": records(frame),
        }
        if expected is not None:
            document["expected"] = records(expected)[0]
        print(to_json(document))
    elif args.format == "csv":
        _csv(frame)
    else:
        print(text.agency_text(terms, frame, risk, expected, _speech(args)))
    return 0


def _folder(args):
    return Path(args.dir) if getattr(args, "dir", None) else None


def cmd_scenarios_list(args) -> int:
    from prepay_modeller.inputs import scenarios
    from prepay_modeller.presentation.formatting import records

    frame = scenarios.list_table(_folder(args), db=args.db)
    _print(frame, args, {"scenarios": records(frame)})
    return 0


def cmd_scenarios_compare(args) -> int:
    import os

    from prepay_modeller.inputs import scenarios
    from prepay_modeller.inputs.numbers import discount_rate
    from prepay_modeller.presentation import text
    from prepay_modeller.presentation.documents import scenarios_table
    from prepay_modeller.presentation.formatting import records

    folder = _folder(args)
    found = []
    for name in args.names:
        if folder is not None and os.sep not in name and not name.endswith(scenarios.SUFFIXES):
            name = str(folder / f"{name}.yaml")
        found.append(scenarios.load(scenarios.find(name, args.db)))
    if not 2 <= len(found) <= 4:
        raise InputError(
            "scenarios", str(len(found)), "2 to 4 scenarios", "is not a number we compare"
        )
    given = None if args.discount_rate is None else discount_rate(args.discount_rate)
    rates = [given if given is not None else s.discount_rate for s in found]
    frame = scenarios_table(found, rates)
    if args.format != "table":
        _print(frame, args, {"scenarios": records(frame)})
    else:
        print(text.side_by_side(frame))
    return 0


def cmd_scenarios_save(args) -> int:
    from prepay_modeller.inputs import scenarios
    from prepay_modeller.inputs.numbers import discount_rate

    terms = _terms(args)
    rate = None if args.discount_rate is None else discount_rate(args.discount_rate)
    fields = scenarios.fields_of(terms, args.name, args.description, discount_rate=rate)
    path = scenarios.save(
        fields, folder=_folder(args), overwrite=args.overwrite, user=args.user, db=args.db
    )
    print(f"Saved {fields['name']} to {path}")
    return 0


def cmd_export(args) -> int:
    from prepay_modeller.inputs import scenarios
    from prepay_modeller.presentation.exports import export_scenario

    scenario = _scenario(args)
    terms = _terms(args, scenario)
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
    from prepay_modeller.presentation.i18n import speech

    language = args.language if args.language is not None else scenario.fields.get("language")
    currency = args.currency if args.currency is not None else scenario.fields.get("currency")
    client = speech(language or "", currency or "")
    path = export_scenario(scenario, args.out, _discount_rate(args, scenario), client)
    print(f"Wrote {path}")
    return 0


def cmd_app(args) -> int:
    import os

    from prepay_modeller.app import serve
    from prepay_modeller.cli.flags import port

    _app_database(getattr(args, "db", None))

    return serve.run_app(
        port=port(args.port),
        open_browser=not args.no_browser,
        host=args.host,
        idle_timeout=args.idle_timeout,
        max_sessions=args.max_sessions,
        token_file=args.token_file,
        password_file=args.password_file,
        origin=args.origin,
        public_url=getattr(args, "public_url", None) or os.environ.get(PUBLIC_URL_ENV),
        link_secret_file=getattr(args, "link_secret_file", None),
        founder=args.founder,
    )


def _app_database(given: str | None) -> None:
    """The database the app's pages use (engagements, shared scenarios): ``--db``, else
    ``$PREPAY_DB``, else ./prepay.db where ``prepay app`` started (its kernels run elsewhere).
    Handed to them through the environment; checked when a page first opens it."""
    import os

    from prepay_modeller.store import db

    if given:
        db.target(given)  # a URL that is no database is refused before the server starts
        os.environ[db.ENV_URL] = given
    os.environ.setdefault(db.ENV_DEFAULT, str(Path(db.DEFAULT_FILE).resolve()))


def cmd_lab(args) -> int:
    from prepay_modeller.app import serve
    from prepay_modeller.cli.flags import port

    return serve.run_lab(port=port(args.port), open_browser=not args.no_browser)


def cmd_reports(args) -> int:
    from prepay_modeller.reports import runner

    return runner.main(args)


LOCAL_APP_URL = "http://127.0.0.1:8866/"  # prepay app's default address
PUBLIC_URL_ENV = "PREPAY_PUBLIC_URL"


def public_url(args, default: str | None = LOCAL_APP_URL) -> str | None:
    """``--public-url``, else ``$PREPAY_PUBLIC_URL``, else ``default``; read and checked."""
    import os

    from prepay_modeller.inputs.links import read_public_url

    value = getattr(args, "public_url", None) or os.environ.get(PUBLIC_URL_ENV) or default
    return None if value is None else read_public_url(value)


def cmd_link(args) -> int:
    """The signed client link of a scenario (the quote's flags, the prospect and contact)."""
    from prepay_modeller.core.terms import show
    from prepay_modeller.inputs import links
    from prepay_modeller.inputs.locales import read_currency, read_language
    from prepay_modeller.inputs.numbers import collect, discount_rate
    from prepay_modeller.presentation.formatting import to_json

    scenario = _scenario(args)
    saved = scenario.fields if scenario is not None else {}

    def given(name):
        value = getattr(args, name, None)
        return saved.get(name) if value is None else value

    problems = []
    terms = collect(problems, _terms, args, scenario)
    prospect = " ".join(str(given("prospect") or "").split())
    if not prospect:
        allowed = "the prospect's company, as --prospect or in a --scenario file"
        problems.append(Problem("prospect", "(missing)", allowed, "is required"))
    contact = " ".join(str(given("contact") or "").split())
    language = collect(problems, read_language, given("language"))
    currency = collect(problems, read_currency, given("currency"))
    rate = given("discount_rate")
    rate = collect(problems, discount_rate, rate) if rate is not None else None
    may = collect(problems, links.read_may, args.client_may_change)
    expires = (
        collect(problems, links.read_expires, args.expires) if args.expires else None
    ) or links.default_expiry()
    url = collect(problems, public_url, args)
    secret = collect(problems, links.load_secret, args.link_secret_file)
    if problems:
        raise InputError(problems=problems)
    pairs = links.scenario_pairs(terms, prospect, contact, language, currency,
                                 *([rate] if rate is not None else []))  # fmt: skip
    link = links.make_link(url, pairs, secret, may, expires)
    document = {
        "link": link,
        "reference": links.reference(pairs),
        "expires": expires.isoformat(),
        "may_change": list(may),
        "prospect": prospect,
        "option": terms.option.name,
    }
    if args.format == "json":
        print(to_json(document))
    else:
        print(link)
        moves = ", ".join(may) or "nothing"
        print(
            f"reference {document['reference']} · opens until {document['expires']} · "
            f"{show(prospect)} may change: {moves}"
        )
    return 0


def cmd_verify(args) -> int:
    """Whether a proposal PDF's figures are what its embedded scenario gives: exit 0, or 1
    naming the first figure that differs (2: not a proposal of ours)."""
    from prepay_modeller.presentation.formatting import to_json
    from prepay_modeller.reports import verify

    result = verify.verify_pdf(args.pdf, secret_file=args.link_secret_file)
    if args.format == "json":
        print(to_json(result.document()))
    else:
        print(result.text())
    return 0 if result.ok else 1
