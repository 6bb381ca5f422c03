"""``prepay db`` and ``prepay engagement``: the store's schema, and engagements run quarter by
quarter after the signature (new, list, show, record, invoice, statement); and moving saved
scenarios between YAML files and the store (``prepay scenarios import|export``).

Every change goes to the database in one transaction, with who made it (``--user``, else
``$PREPAY_USER``, else the system's user) and when; a refused one writes nothing.
"""

from __future__ import annotations

import argparse

from prepay_modeller.cli.parser import FORMATS, format_flag, scenario_flags

DB_HELP = (
    "the database: a URL (sqlite:///FILE, postgresql+psycopg://user@host/name) or a SQLite "
    "file (default $PREPAY_DB, else ./prepay.db)"
)
USER_HELP = "who makes the change, kept with it (default $PREPAY_USER, else your system user)"


def _db_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=DB_HELP)


def add_commands(sub) -> None:
    """The ``db`` and ``engagement`` subcommands."""
    p = sub.add_parser("db", help="the database of engagements and saved scenarios")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("upgrade", help="create or upgrade the database's schema")
    _db_flag(q)
    q.set_defaults(func=cmd_db_upgrade)
    q = actions.add_parser("current", help="the database's schema version")
    _db_flag(q)
    q.set_defaults(func=cmd_db_current)

    p = sub.add_parser(
        "engagement", help="after the signature: run an engagement quarter by quarter"
    )
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    _reading_commands(actions)
    _changing_commands(actions)


def _reading_commands(actions) -> None:
    """``engagement new``, ``list`` and ``show``."""
    q = actions.add_parser("new", help="record a signed engagement; prints its id")
    scenario_flags(q, option_required=True, formats=False)
    q.add_argument(
        "--from-proposal",
        metavar="FILE.pdf",
        help="a signed proposal PDF: its embedded scenario and reference (flags given override it)",
    )
    q.add_argument("--client", help="the client's name (default: the scenario's prospect)")
    q.add_argument("--reference", help="the signed proposal's reference (default: the proposal's)")
    q.add_argument("--language", help="the client's language for statements: en, fr, ar (fr_CA...)")
    q.add_argument("--currency", help="the client's currency, an ISO 4217 code (default USD)")
    q.add_argument("--format", choices=FORMATS, default="table", help="table prints the id alone")
    _db_flag(q)
    q.add_argument("--user", help=USER_HELP)
    q.set_defaults(func=cmd_new)

    q = actions.add_parser("list", help="every engagement, plan against actual")
    format_flag(q)
    _db_flag(q)
    q.set_defaults(func=cmd_list)

    q = actions.add_parser("show", help="one engagement: plan and actual per quarter, invoices")
    q.add_argument("id", help="the engagement's id")
    q.add_argument("--history", action="store_true", help="also every change: who and when")
    format_flag(q)
    _db_flag(q)
    q.set_defaults(func=cmd_show)


def _changing_commands(actions) -> None:
    """``engagement record``, ``invoice`` and ``statement``."""
    q = actions.add_parser("record", help="a quarter's actual key results, or its performance")
    q.add_argument("id", help="the engagement's id")
    q.add_argument("--quarter", required=True, metavar="N", help="the engagement quarter, from 1")
    what = q.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--performance", metavar="P", help="the quarter's performance, as 1.04 or 104%%"
    )
    what.add_argument(
        "--results",
        metavar="FILE.csv",
        help="the quarter's key results: columns key_result, actual and optionally target",
    )
    q.add_argument("--format", choices=FORMATS, default="table")
    _db_flag(q)
    q.add_argument("--user", help=USER_HELP)
    q.set_defaults(func=cmd_record)

    q = actions.add_parser("invoice", help="issue a quarter's variable invoice, or a prepayment")
    q.add_argument("id", help="the engagement's id")
    what = q.add_mutually_exclusive_group(required=True)
    what.add_argument("--quarter", metavar="N", help="the quarter whose variable part to invoice")
    what.add_argument(
        "--prepayment", metavar="TERM", help="a term's prepayment: 1 the first, 2 the first renewal"
    )
    q.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the day it is made (default today); a variable invoice is dated its quarter's end",
    )
    q.add_argument("--reason", default="", help="why a correction is invoiced (required for one)")
    q.add_argument("--format", choices=FORMATS, default="table")
    _db_flag(q)
    q.add_argument("--user", help=USER_HELP)
    q.set_defaults(func=cmd_invoice)

    q = actions.add_parser("statement", help="the client's statement, as HTML and PDF")
    q.add_argument("id", help="the engagement's id")
    q.add_argument("--out", help="output folder (default reports/)")
    q.add_argument("--format", default="html,pdf", help="html, pdf or both (default html,pdf)")
    q.add_argument("--language", help="the statement's language (default: the client's)")
    q.add_argument("--currency", help="the statement's currency (default: the client's)")
    q.add_argument("--date", metavar="YYYY-MM-DD", help="the statement's date (default today)")
    _db_flag(q)
    q.set_defaults(func=cmd_statement)


def add_scenario_commands(scen, folder_help: str) -> None:
    """``prepay scenarios import`` and ``export``: YAML files into and out of the store."""
    q = scen.add_parser("import", help="save scenario files (YAML) in the database")
    q.add_argument("files", nargs="+", metavar="FILE", help="scenario files, or folders of them")
    q.add_argument("--overwrite", action="store_true", help="replace scenarios of those names")
    _db_flag(q)
    q.add_argument("--user", help=USER_HELP)
    q.set_defaults(func=cmd_scenarios_import)
    q = scen.add_parser("export", help="write saved scenarios as YAML files")
    q.add_argument("names", nargs="*", metavar="NAME", help="which (default: every saved one)")
    q.add_argument("--out", required=True, metavar="DIR", help="the folder to write them in")
    q.add_argument("--overwrite", action="store_true", help="replace files of those names")
    _db_flag(q)
    q.set_defaults(func=cmd_scenarios_export)


# --- db -----------------------------------------------------------------------------------------


def cmd_db_upgrade(args) -> int:
    from prepay_modeller.store import db

    store = db.Store(db.target(args.db))
    before, after = store.upgrade()
    store.dispose()
    if before == after:
        print(f"{store.shown} is at schema {after} (up to date)")
    else:
        print(f"{store.shown}: schema {before or '(none)'} -> {after}")
    return 0


def cmd_db_current(args) -> int:
    from prepay_modeller.store import db

    store = db.Store(db.target(args.db))
    path = store.target.sqlite_path
    if path is not None and not path.is_file():
        raise db.StoreError(store.shown, "does not exist", "an existing database")
    revision = store.revision()
    store.dispose()
    state = "up to date" if revision == db.HEAD else f"this prepay's is {db.HEAD}"
    print(f"{store.shown} is at schema {revision or '(none)'} ({state})")
    return 0


# --- engagement ---------------------------------------------------------------------------------


def _store(args):
    from prepay_modeller.store import db

    return db.open_store(getattr(args, "db", None))


def _user(args) -> str:
    from prepay_modeller.store import audit

    return audit.user(getattr(args, "user", None))


def _print_json(document) -> None:
    from prepay_modeller.presentation.formatting import to_json

    print(to_json(document))


def cmd_new(args) -> int:
    from prepay_modeller.cli import commands
    from prepay_modeller.core.errors import InputError
    from prepay_modeller.inputs import engagements as given
    from prepay_modeller.inputs import scenarios
    from prepay_modeller.inputs.brand import load_brand
    from prepay_modeller.inputs.defaults import okr_template
    from prepay_modeller.inputs.locales import read_currency, read_language
    from prepay_modeller.presentation.engagements import engagement_document
    from prepay_modeller.store import engagements

    scenario, reference = commands._scenario(args), ""
    if args.from_proposal:
        if scenario is not None:
            raise InputError(
                "from_proposal", args.from_proposal, "either --scenario or --from-proposal",
                "comes with --scenario",
            )  # fmt: skip
        scenario, reference = given.proposal_scenario(args.from_proposal)
    fields = dict(scenario.fields) if scenario is not None else {}
    terms = commands._terms(args, scenario)
    client = args.client or fields.get("prospect") or ""
    language = read_language(args.language or fields.get("language"))
    currency = read_currency(args.currency or fields.get("currency"))
    store = _store(args)
    source = {k: scenarios._jsonable(v) for k, v in fields.items()} or None
    new_id = engagements.create(
        store,
        terms,
        okr_template(),
        client=str(client),
        user=_user(args),
        agency=load_brand().agency,
        reference=(args.reference or reference or "").strip(),
        language=language,
        currency=currency,
        source=source,
    )
    if args.format == "table":
        print(new_id)
    else:
        e = engagements.get(store, new_id)
        document = engagement_document(e, engagements.info(store, new_id))
        if args.format == "json":
            _print_json(document)
        else:
            commands._csv(_frame({"id": [new_id], "client": [e.client]}))
    return 0


def _frame(data):
    import pandas as pd

    return pd.DataFrame(data)


def cmd_list(args) -> int:
    from prepay_modeller.cli import commands
    from prepay_modeller.presentation.engagements import list_frame
    from prepay_modeller.presentation.formatting import records
    from prepay_modeller.store import engagements

    frame = list_frame(engagements.every(_store(args)))
    commands._print(frame, args, {"engagements": records(frame)})
    return 0


def cmd_show(args) -> int:
    from prepay_modeller.cli import commands
    from prepay_modeller.inputs import engagements as given
    from prepay_modeller.presentation import engagements as shown
    from prepay_modeller.presentation.formatting import records, text_table
    from prepay_modeller.store import engagements

    store = _store(args)
    engagement_id = given.read_id(args.id)
    e = engagements.get(store, engagement_id)
    info = engagements.info(store, engagement_id)
    speech = commands._speech(args)
    history = engagements.history(store, engagement_id) if args.history else None
    if args.format == "json":
        document = shown.engagement_document(e, info)
        if history is not None:
            document["history"] = records(history)
        _print_json(document)
    elif args.format == "csv":
        commands._csv(shown.quarters_frame(e))
    else:
        print(shown.show_text(e, info, speech))
        if history is not None:
            frame = history.copy()
            frame["at"] = [f"{a:%Y-%m-%d %H:%M:%S}" for a in frame["at"]]
            frame["detail"] = [_brief(d) for d in frame["detail"]]
            print("\nChanges (UTC)\n" + text_table(frame))
    return 0


def _brief(detail) -> str:
    if not detail:
        return ""
    if "after" in detail:
        return f"performance {detail.get('performance')}"
    return ", ".join(f"{k} {v}" for k, v in detail.items() if v not in (None, "", []))[:80]


def cmd_record(args) -> int:
    from prepay_modeller.core.errors import InputError, PrepayError
    from prepay_modeller.inputs import engagements as given
    from prepay_modeller.presentation import engagements as shown
    from prepay_modeller.store import engagements

    engagement_id = given.read_id(args.id)
    quarter = given.read_quarter(args.quarter)
    performance = results = None
    label = None
    if args.results is not None:
        results, label = given.read_results(args.results)
    else:
        performance = given.read_performance(args.performance)
    store = _store(args)
    try:
        e = engagements.record(
            store, engagement_id, quarter, _user(args), performance=performance, results=results
        )
    except PrepayError as exc:
        if label is None:  # a performance: the core's words, with the value as typed
            typed = [
                given.as_typed(p, args.performance) if p.field == "performance" else p
                for p in exc.problems
            ]
            raise InputError(problems=typed) from None
        if not any(p.row is not None or p.field == "key_result" for p in exc.problems):
            raise
        raise given.located(exc, label) from None
    if args.format == "json":
        _print_json(shown.quarter_document(e, quarter))
    elif args.format == "csv":
        from prepay_modeller.cli import commands

        frame = shown.quarters_frame(e)
        commands._csv(frame[frame["quarter"] == quarter])
    else:
        print(shown.record_text(e, quarter))
    return 0


def cmd_invoice(args) -> int:
    from prepay_modeller.inputs import engagements as given
    from prepay_modeller.presentation import engagements as shown
    from prepay_modeller.store import engagements

    engagement_id = given.read_id(args.id)
    on = given.read_day(args.date)
    quarter = None if args.quarter is None else given.read_quarter(args.quarter)
    term = None if args.prepayment is None else given.read_term(args.prepayment)
    store = _store(args)
    invoice = engagements.issue(
        store, engagement_id, _user(args), on, quarter=quarter, prepayment=term, reason=args.reason
    )
    if args.format == "table":
        e = engagements.get(store, engagement_id)
        print(shown.invoice_text(e, invoice))
    elif args.format == "json":
        _print_json(shown.invoice_record(invoice))
    else:
        from prepay_modeller.cli import commands

        commands._csv(_frame([shown.invoice_record(invoice)]))
    return 0


def cmd_statement(args) -> int:
    from prepay_modeller.inputs import engagements as given
    from prepay_modeller.reports import statement

    engagement_id = given.read_id(args.id)
    store = _store(args)
    written = statement.write(
        store,
        engagement_id,
        out=args.out,
        formats=args.format,
        language=args.language,
        currency=args.currency,
        on=given.read_day(args.date),
    )
    for path in written:
        print(f"Wrote {path}")
    return 0


# --- scenarios between files and the store --------------------------------------------------


def cmd_scenarios_import(args) -> int:
    from prepay_modeller.inputs import scenarios

    names = scenarios.import_files(args.files, args.user, args.overwrite, args.db)
    print(f"Imported {len(names)} scenario{'s' if len(names) != 1 else ''}: {', '.join(names)}")
    return 0


def cmd_scenarios_export(args) -> int:
    from prepay_modeller.inputs import scenarios

    for path in scenarios.export_files(args.names, args.out, args.overwrite, args.db):
        print(f"Wrote {path}")
    return 0
