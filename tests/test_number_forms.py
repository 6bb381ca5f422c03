"""Every number form on every surface (issue 21): flags of every subcommand, the app's link, the
app's boxes, scenario files, prospects CSV cells and data files are fed overflow values, every
form the reader knows or refuses, and oversized text. Each ends with the documented meaning, or
a refusal naming the field (exit 2 with one line per problem on the command line); never a
traceback, never more than 5 s.

The forms are this test's own; what each means is worked out by hand in ``MEANT`` (per kind of
field: an amount, a share, a whole number, a date), and a form not in it must be refused.
"""

import datetime as dt
import time
from decimal import Decimal
from urllib.parse import quote

import pytest

from prepay_modeller.cli import flags, main
from prepay_modeller.cli.parser import build_parser, join_negative_values
from prepay_modeller.core import fields as F
from prepay_modeller.core.errors import DataFileError, PrepayError

D = Decimal
BIG = "7" * 10_000_000  # a 10 MB value
FORMS = [
    "1e1000000", "1e99999999%", "1e+999999999999999999", "-1e1000000", "1e-1000000",
    "9" * 400, BIG, "nan", "-inf", "Infinity", "0x10", "0o17", "030", "1:20", "1_000",
    "１２３", "١٢٣", "1e3", "12", "0.5", "50%", "45", "-5", "40k", "2027W011", "20270101",
    "2027-01-01", "", " ", "1,5", "--1", "½",
]  # fmt: skip
# What a form means where it is accepted, per kind (the reader's rules, docs/reading-values.md);
# then the field's bounds decide. A form the reader takes may still be refused by a rule across
# fields (a fixed share above the row's variable cap allows, a horizon the option does not fit):
# then the refusal may name the other field.
MEANT = {
    F.MONEY: {"1e3": D(1000), "12": D(12), "0.5": D("0.5"), "45": D(45), "-5": D(-5),
              "40k": D(40000), "030": D(30)},
    F.SHARE: {"1e3": D(1000), "12": D(12), "0.5": D("0.5"), "50%": D("0.5"), "45": D(45),
              "-5": D(-5), "030": D(30)},
    F.WHOLE: {"1e3": 1000, "12": 12, "45": 45, "-5": -5, "030": 30, "20270101": 20270101},
    F.DATE: {"2027-01-01": dt.date(2027, 1, 1)},
}  # fmt: skip
SLOW = 5.0  # seconds: nothing may take longer
READ = {"not_a_number", "too_large", "too_long", "too_precise", "below", "above", "cents",
        "percent", "not_whole", "not_a_date", "ambiguous", "currency"}  # fmt: skip


def meant(field, form):
    """The value ``form`` means for ``field``, where the field's bounds take it; else None."""
    value = MEANT.get(field.kind, {}).get(form)
    if value is None or field.range_problems(value):
        return None
    return value


def timed(call, *args):
    started = time.monotonic()
    try:
        return call(*args), None
    except PrepayError as exc:
        return None, exc
    finally:
        assert time.monotonic() - started < SLOW, (call, [a[:40] for a in map(str, args)])


def short(problem_text: str) -> bool:
    return len(problem_text) < 300 and "Traceback" not in problem_text


# --- flags of every subcommand -------------------------------------------------------------

FLAGS = {  # a subcommand that takes the flag, the field it is, and the arguments it needs
    "--rate": ("quote", F.RATE), "--performance": ("quote", F.PERFORMANCE),
    "--horizon": ("quote", F.HORIZON), "--start": ("quote", F.START),
    "--payment-terms": ("quote", F.PAYMENT_TERMS), "--fixed": ("quote", F.FIXED),
    "--variable-max": ("quote", F.VARIABLE_MAX), "--discount-rate": ("npv", F.DISCOUNT_RATE),
    "--low": ("montecarlo", F.LOW), "--likely": ("montecarlo", F.LIKELY),
    "--high": ("agency", F.HIGH), "--hit-probability": ("agency", F.HIT_PROBABILITY),
    "--draws": ("agency", F.DRAWS), "--seed": ("montecarlo", F.SEED),
    "--port": ("app", flags.PORT), "--idle-timeout": ("app", None),
    "--max-sessions": ("app", None), "--workers": ("reports", None), "--timeout": ("reports", None),
}  # fmt: skip


def test_every_numeric_flag_of_every_subcommand_is_declared():
    parser = build_parser()
    numeric = {"--rate", "--performance", "--horizon", "--start", "--payment-terms", "--fixed",
               "--variable-max", "--discount-rate", "--low", "--likely", "--high",
               "--hit-probability", "--draws", "--seed", "--port", "--idle-timeout",
               "--max-sessions", "--workers", "--timeout"}  # fmt: skip
    sub = next(a for a in parser._actions if a.dest == "command")
    found = {
        option
        for p in sub.choices.values()
        for a in p._actions
        for option in a.option_strings
        if option in numeric
    }
    assert found == set(FLAGS) == numeric


@pytest.mark.parametrize("flag", sorted(FLAGS))
def test_a_flag_reads_every_form(flag):
    command, field = FLAGS[flag]
    parser = build_parser()
    for form in FORMS:
        argv = join_negative_values([command, flag, form], parser)
        args = parser.parse_args(argv)
        _, exc = timed(flags.check, args)
        if exc is None:
            if field is not None and field.kind != F.CHOICE:
                assert meant(field, form) is not None or field.per_quarter, (flag, form)
            continue
        for p in exc.problems:
            assert (
                p.field.lstrip("-").replace("-", "_").startswith(flag.lstrip("-").replace("-", "_"))
            ), (flag, form, p.message)
            assert short(p.message), (flag, form)
        if field is not None and not field.per_quarter:
            assert meant(field, form) is None, (flag, form, exc)


@pytest.mark.parametrize("form", ["1e1000000", "1e99999999%", "nan", "0x10", "١٢٣", BIG])
def test_the_command_exits_2_with_one_line_naming_the_flag(capsys, form):
    for argv, name in [
        (["quote", "--option", "prepay-6", "--rate", form], "rate"),
        (["npv", "--discount-rate", form], "discount_rate"),
        (["agency", "--draws", form], "draws"),
        (["app", "--port", form, "--no-browser"], "--port"),
        (["reports", "--workers", form], "--workers"),
        (["app", "--idle-timeout", form, "--max-sessions", form], "--idle-timeout"),
    ]:
        code, _ = timed(main, argv)
        err = capsys.readouterr().err
        assert code == 2, (argv[:3], err[:200])
        lines = err.splitlines()
        assert lines and all(line.startswith("prepay: error: ") for line in lines)
        assert lines[0].startswith(f"prepay: error: {name}: ") and short(lines[0])


def test_a_valid_form_means_what_the_docs_say(capsys):
    import json

    code, _ = timed(main, ["quote", "--option", "prepay-3", "--start", "2027-01-01", "--rate",
                           "40k", "--payment-terms", "030", "--performance", "50%",
                           "--format", "json"])  # fmt: skip
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["rate"], doc["payment_terms"]) == (40000, 30)
    assert doc["quarters"][0]["performance"] == 0.5


# --- the app's link ---------------------------------------------------------------------------

LINK = {"rate": F.RATE, "performance": F.PERFORMANCE, "horizon": F.HORIZON, "start": F.START,
        "payment_terms": F.PAYMENT_TERMS, "fixed": F.FIXED, "variable_max": F.VARIABLE_MAX,
        "discount_rate": F.DISCOUNT_RATE}  # fmt: skip


@pytest.mark.parametrize("name", sorted(LINK))
def test_a_link_parameter_reads_every_form(name):
    from prepay_modeller.app.link import read_query

    field = LINK[name]
    for form in FORMS:
        if form is BIG:
            continue  # no address is 10 MB long
        query = "option=prepay-12&" + f"{name}={quote(form)}"
        setting, exc = timed(read_query, query)
        if exc is None:
            if form.strip():  # an empty parameter takes the default
                assert meant(field, form) is not None or field.per_quarter, (name, form)
            continue
        if meant(field, form) is None:
            assert any(p.field.startswith(name) for p in exc.problems), (name, form, exc)
        assert all(short(p.message) for p in exc.problems)


# --- scenario files, prospects CSV cells, data files -----------------------------------------

GOOD = "name: s\noption: prepay-12\nrate: 50000\nperformance: 1\nstart: 2027-01-01\n"
YAML_KEYS = {"rate": F.RATE, "performance": F.PERFORMANCE, "horizon": F.HORIZON,
             "start": F.START, "payment_terms": F.PAYMENT_TERMS, "discount_rate": F.DISCOUNT_RATE,
             "low": F.LOW}  # fmt: skip


@pytest.mark.parametrize("key", sorted(YAML_KEYS))
def test_a_scenario_file_key_reads_every_form(tmp_path, key):
    from prepay_modeller.inputs import scenarios

    field = YAML_KEYS[key]
    path = tmp_path / "s.yaml"
    for form in FORMS:
        if form is BIG or not form.strip():
            continue  # past the file's size limit; an empty value is "no value"
        lines = [x for x in GOOD.splitlines() if not x.startswith(f"{key}:")]
        path.write_text("\n".join(lines + [f"{key}: '{form}'"]) + "\n", encoding="utf-8")
        scenario, exc = timed(scenarios.load, path)
        if exc is None:
            assert meant(field, form) is not None or field.per_quarter, (key, form)
            continue
        assert isinstance(exc, DataFileError)
        assert any(p.field.startswith(key) for p in exc.problems), (key, form, exc)
        assert all(short(p.message) for p in exc.problems)


PROSPECT_CELLS = {"rate": F.RATE, "performance_q1": F.PERFORMANCE, "horizon": F.HORIZON,
                  "start": F.START, "payment_terms": F.PAYMENT_TERMS,
                  "discount_rate": F.DISCOUNT_RATE, "uncertainty_draws": F.REPORT_DRAWS,
                  "valid_days": F.VALID_DAYS, "fixed_q1": F.FIXED}  # fmt: skip


@pytest.mark.parametrize("column", sorted(PROSPECT_CELLS))
def test_a_prospects_csv_column_reads_every_form(tmp_path, column):
    from prepay_modeller.inputs.prospects import load_prospects

    field = PROSPECT_CELLS[column]
    forms = [f for f in FORMS if f.strip() and f is not BIG]  # BIG: the file's limits, below
    rows = "".join(f'P{i},prepay-12,"{form}"\n' for i, form in enumerate(forms, start=1))
    path = tmp_path / "p.csv"
    path.write_text(f"prospect,option,{column}\n" + rows, encoding="utf-8")
    loaded, exc = timed(load_prospects, path)
    problems = exc.problems if exc else []
    # The row's cell was refused by the reader or the field's bounds (not by a rule across cells,
    # such as a horizon the option does not fit).
    mine = {p.row for p in problems if p.field == column and p.code in READ}
    taken = {r["row"] for r in loaded} if loaded else set()
    for row, form in enumerate(forms, start=1):
        if meant(field, form) is None:
            assert row in mine, (column, form)  # refused, naming the column
        else:
            assert row not in mine, (column, form)  # read; a rule across cells may refuse it
    assert not taken or not mine
    assert all(short(p.message) for p in problems)


@pytest.mark.parametrize(
    "name, header, row, column, field",
    [
        ("splits.csv", "quarter,stage,fixed,variable_max", "1,A,0.9,{}", "variable_max",
         F.VARIABLE_MAX),
        ("options.csv", "option,months,discount,opt_out_days,label", "payg,1,{},0,P", "discount",
         None),
    ],
)  # fmt: skip
def test_a_data_file_cell_reads_every_form(tmp_path, name, header, row, column, field):
    from prepay_modeller.inputs import tables

    load = {"splits.csv": tables.load_splits, "options.csv": tables.load_options}[name]
    for i, form in enumerate(f for f in FORMS if f.strip() and "," not in f and f is not BIG):
        path = tmp_path / f"{i}" / name
        path.parent.mkdir()
        path.write_text(f"{header}\n{row.format(form)}\n", encoding="utf-8")
        frame, exc = timed(load, path)
        if exc is None:
            assert field is None or meant(field, form) is not None, (name, form)
            continue
        assert all(short(p.message) for p in exc.problems)
        assert any(p.field == column for p in exc.problems), (name, form, exc)


@pytest.mark.parametrize(
    "line, words",
    [
        ("payment_terms: 030", None),  # 30 days: decimal, never YAML 1.1's octal 24
        ("horizon: 0x10", "horizon: 0x10 is not a number"),  # never 16
        ("horizon: 1:20", "horizon: 1:20 is not a number"),  # never sexagesimal 80
        ("payment_terms: !!int 030", "a tag (tag:yaml.org,2002:int) is not allowed"),
        ("rate: 40000", "field rate is given twice, on lines 3 and 6"),
        ("description: yes", None),  # text, not true
    ],
)
def test_a_scenario_file_is_read_as_data(tmp_path, line, words):
    from prepay_modeller.inputs import scenarios

    path = tmp_path / "s.yaml"
    path.write_text(GOOD + line + "\n", encoding="utf-8")
    scenario, exc = timed(scenarios.load, path)
    if words is None:
        assert exc is None
        assert scenario.terms.payment_terms == 30 and scenario.description in ("", "yes")
    else:
        assert exc is not None and words in str(exc), str(exc)


def test_a_10_mb_cell_refuses_its_file_at_once_naming_the_row(tmp_path):
    from prepay_modeller.inputs.prospects import load_prospects

    path = tmp_path / "p.csv"
    path.write_text(f"prospect,option,rate\nA,prepay-12,50000\nB,prepay-12,{BIG}\n")
    _, exc = timed(load_prospects, path)
    (problem,) = exc.problems
    assert problem.row == 2 and "bytes a cell" in problem.message and short(problem.message)


# --- the app's boxes --------------------------------------------------------------------------


def box_meant(field, form):
    """What a box that shows "%" takes ``form`` for: a bare number above the field's largest
    fraction is a percent there (docs/reading-values.md); else as everywhere."""
    value = MEANT.get(field.kind, {}).get(form)
    if value is None:
        return None
    if field.kind == F.SHARE and not form.endswith("%") and abs(value) > field.fraction_max:
        value = value / 100
    return None if field.range_problems(value) else value


@pytest.fixture(scope="module")
def app():
    from prepay_modeller.app.explorer import ExplorerApp

    return ExplorerApp(start=dt.date(2027, 1, 1), panels=[])


@pytest.mark.parametrize("box", ["rate", "performance_q1", "fixed_q2", "start", "payment_terms",
                                 "discount_rate"])  # fmt: skip
def test_an_app_box_reads_every_form(app, box):
    control = {
        "rate": app.deal.rate, "start": app.deal.start, "payment_terms": app.deal.payment_terms,
        "discount_rate": app.deal.discount, "performance_q1": app._row(1).performance,
        "fixed_q2": app._row(2).fixed,
    }[box]  # fmt: skip
    for form in FORMS:
        before = control.value
        timed(setattr, control.box, "value", form)
        if control.refusal() is None:
            assert control.value == box_meant(control.field, form), (box, form)
        else:
            assert control.value == before, (box, form)  # the last good value, kept
            if box_meant(control.field, form) is None:  # else a rule across boxes refused it
                assert control.refusal().field == box, (box, form)
            assert short(control.refusal().message) and "Traceback" not in control.note.value
        assert app.error is None
        control.set(before)
        control.box.value = ""  # the next form is a change too
