"""Hostile input everywhere (issue 15): every flag of every command, every field of a scenario
file, every cell of every data file and the brand, each given every hostile value of
``tests/hostile.py``. Each case must end with exit 0 or 2, print no traceback, answer within
5 s, name its field on every error line, and print JSON where JSON was asked for.

The commands run in this process (``prepay_modeller.cli.main``), which keeps thousands of cases
to about a minute; a sample runs as real ``prepay`` processes. The full tables are ``slow``; a
fixed sample of the command-line table runs with the quick tests. The README gives the size.
"""

import csv
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from prepay_modeller.inputs import paths
from prepay_modeller.reports import runner
from tests import hostile

PREPAY = Path(sys.executable).with_name("prepay")


@pytest.fixture(autouse=True)
def _contained(tmp_path, monkeypatch):
    """Whatever a case writes (a --dir or --out of "0", an empty one taking the default) lands
    in the test's folder, never in the project."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PREPAY_SCENARIOS_DIR", str(tmp_path / "scenarios"))
    monkeypatch.setattr(paths, "REPORTS_DIR", tmp_path / "reports")


def _failures(cases) -> list[str]:
    failed = []
    for argv, json_out in cases:
        problem = hostile.run_case(argv, json_out)
        if problem:
            failed.append(f"{argv!r}: {problem}")
    return failed


def test_a_sample_of_the_command_line_table(tmp_path):
    cases = hostile.cases(str(tmp_path))[::17]
    assert len(cases) > 100
    assert _failures(cases) == []


@pytest.mark.slow
def test_every_flag_of_every_command(tmp_path):
    cases = hostile.cases(str(tmp_path))
    assert len(cases) > 2500
    assert _failures(cases) == []


@pytest.mark.slow
def test_every_field_of_a_scenario_file(tmp_path):
    failed = []
    texts = hostile.scenario_texts()
    for n, (label, text) in enumerate(texts):
        folder = tmp_path / f"s{n}"
        folder.mkdir()
        path = folder / "fuzz.yaml"
        path.write_text(text, encoding="utf-8")
        for argv, json_out in (
            (["quote", "--scenario", str(path), "--format", "json"], True),
            (["npv", "--scenario", str(path), "--format", "json"], True),
            (["scenarios", "list", "--dir", str(folder), "--format", "json"], True),
            (["export", "--scenario", str(path), "--out", str(folder / "x.xlsx")], False),
        ):
            problem = hostile.run_case(argv, json_out)
            if problem:
                failed.append(f"{label}, {argv[0]}: {problem}")
    assert len(texts) > 700
    assert failed == []


def _data_dir(tmp_path: Path, n: int, name: str, text: str) -> Path:
    folder = tmp_path / f"d{n}"
    folder.mkdir()
    for other in ("options.csv", "splits.csv", "okr_template.csv", "brand.json"):
        shutil.copy(paths.DATA_DIR / other, folder / other)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_every_cell_of_every_data_file(tmp_path, monkeypatch):
    failed, tried = [], 0
    quote = ["quote", "--option", "prepay-6", "--start", "2027-01-01", "--format", "json"]
    compare = ["compare", "--format", "json"]
    montecarlo = ["montecarlo", "--hit-probability", "0.6", "--draws", "50", "--format", "json"]
    # Each file read by the commands that read it: the options and splits by a quote (one
    # option) and a comparison (every option), the OKR template by the key-result simulation.
    readers = {"options.csv": (quote, compare), "splits.csv": (quote, compare),
               "okr_template.csv": (montecarlo,)}  # fmt: skip
    n = 0
    for name, commands in readers.items():
        original = (paths.DATA_DIR / name).read_text(encoding="utf-8")
        for label, text in hostile.data_variants(name, original):
            n += 1
            monkeypatch.setenv("PREPAY_DATA_DIR", str(_data_dir(tmp_path, n, name, text)))
            for argv in commands:
                tried += 1
                problem = hostile.run_case(argv, True)
                if problem:
                    failed.append(f"{label}, {argv[0]}: {problem}")
    assert tried > 400
    assert failed == []


class _NoPool:
    def shutdown(self, **kwargs):
        pass


@pytest.fixture
def no_render(monkeypatch):
    """``prepay reports`` up to its validation and the manifest, without rendering."""
    monkeypatch.setattr(runner, "executor", lambda *a, **k: (_NoPool(), None))
    monkeypatch.setattr(runner, "run", lambda jobs, out, pool, *a, **k: [])


@pytest.mark.slow
def test_every_flag_and_cell_of_reports_and_the_brand(tmp_path, monkeypatch, no_render):
    failed = []
    good = tmp_path / "p.csv"
    good.write_text("prospect,option\nAcme,prepay-6\n", encoding="utf-8")
    base = ["reports", str(good), "--out", str(tmp_path / "out"), "--quiet"]
    flags = ("--timeout", "--workers", "--format", "--out", "--template", "--only")
    cases = [
        (hostile.replace(base, flag, value), False) for flag in flags for value in hostile.VALUES
    ]
    original = paths.PROSPECTS_CSV.read_text(encoding="utf-8")
    for n, (_, text) in enumerate(hostile.data_variants("prospects.csv", original)):
        path = tmp_path / f"p{n}.csv"
        path.write_text(text, encoding="utf-8")
        cases.append((["reports", str(path), "--out", str(tmp_path / "out"), "--quiet"], False))
    failed += _failures(cases)
    for n, text in enumerate(hostile.BRANDS):
        monkeypatch.setenv("PREPAY_DATA_DIR", str(_data_dir(tmp_path, n, "brand.json", text)))
        problem = hostile.run_case(base, False)
        if problem:
            failed.append(f"brand {text[:30]!r}: {problem}")
    assert len(cases) > 400
    assert failed == []


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.mark.parametrize(
    "argv",
    [
        ["quote", "--option", "prepay-6", "--horizon", "1e999999"],
        ["compare", "--performance", "1e400", "--format", "json"],
        ["montecarlo", "--low", "0.5", "--high", "1.5", "--draws", "1e999999"],
        ["montecarlo", "--low", "0.5", "--high", "1.5", "--seed", "1e999999"],
        ["quote", "--option", "prepay-6", "--start", "9999-12-31"],
        ["quote", "--option", "prepay-6", "--rate", "\uff11\uff12\uff13"],
        ["quote", "--option", "prepay-6", "--performance", "1\n2"],
    ],
)
@pytest.mark.slow
def test_real_processes_answer_at_once_with_one_line(argv):
    # CPU seconds of the child (a busy shared machine stretches the clock, not these); the
    # clock's own limit is for a hang.
    started = _children_cpu()
    done = subprocess.run([str(PREPAY), *argv], capture_output=True, text=True, timeout=40)
    assert _children_cpu() - started < 10
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("prepay: error: ")


def _text_boxes(widget, seen=None) -> list:
    import ipywidgets as widgets

    seen = set() if seen is None else seen
    if id(widget) in seen:
        return []
    seen.add(id(widget))
    found = [widget] if isinstance(widget, widgets.Text) and not widget.disabled else []
    for child in getattr(widget, "children", ()) or ():
        found += _text_boxes(child, seen)
    return found


def test_every_box_of_the_app():
    """Each text box of the explorer (performance, rate, splits, prospect, scenario name) given
    each hostile value: no exception, and the message names the field in words, never an
    exception's name."""
    import datetime as dt

    from prepay_modeller.app.explorer import ExplorerApp

    app = ExplorerApp(start=dt.date(2027, 1, 1), panels=[])
    boxes = _text_boxes(app.widget)
    assert len(boxes) >= 16
    leaked = ("InvalidOperation", "Traceback", "Error", "year 10000", "Infinity")
    failed = []
    for box in boxes:
        before = box.value
        for value in hostile.VALUES:
            box.value = value  # raises if the app lets an exception through
            shown = app.message.value
            if any(word in shown for word in leaked):
                failed.append(f"{box._dom_classes or box.description} = {value!r}: {shown[:200]}")
        box.value = before
    assert failed == []


# --- issue 21: text aimed at spreadsheets and terminals; files past the size limits -----------


def test_text_aimed_at_spreadsheets_and_terminals(tmp_path, monkeypatch, no_render):
    """Each of ``hostile.TEXT_ATTACKS`` as a saved scenario's description (listed as a table,
    CSV and JSON, compared, exported), as a prospect's name and contact (the prospects file,
    the manifest, the app's CSV row) and as a stage name of ``splits.csv`` (a quote as CSV and
    as a table): every CSV row whole with no cell a spreadsheet would run, no control character
    on the terminal, every case within the fuzz rules."""
    from prepay_modeller.app.proposal_panel import prospect_row
    from prepay_modeller.reports.runner import manifest_csv

    failed, tried = [], 0

    def case(label, argv, json_out=False, csv_out=False):
        nonlocal tried
        tried += 1
        seen = {}
        problem = hostile.run_case(argv, json_out, seen=seen)
        if not problem and csv_out and seen.get("code") == 0:
            problem = hostile.csv_problem(seen["out"])
        if problem:
            failed.append(f"{label}, {argv[:3]}: {problem}")

    splits = (paths.DATA_DIR / "splits.csv").read_text(encoding="utf-8").splitlines()
    warm = tmp_path / "warm.csv"  # the first run of a command imports what it needs: not timed
    warm.write_text("prospect,option\nAcme,prepay-6\n", encoding="utf-8")
    hostile.run_case(["reports", str(warm), "--out", str(tmp_path / "out"), "--quiet"], False, 60)
    for n, text in enumerate(hostile.TEXT_ATTACKS):
        label = f"{text[:20]!r}"
        folder = tmp_path / f"s{n}"
        case(label, ["scenarios", "save", "evil", "--option", "prepay-6", "--start",
                     "2027-01-01", "--dir", str(folder), "--description", text])  # fmt: skip
        case(label, ["scenarios", "list", "--dir", str(folder), "--format", "csv"], csv_out=True)
        case(label, ["scenarios", "list", "--dir", str(folder)])
        case(label, ["scenarios", "list", "--dir", str(folder), "--format", "json"], True)
        case(label, ["scenarios", "compare", str(folder / "evil.yaml"), str(folder / "evil.yaml"),
                     "--format", "csv"], csv_out=True)  # fmt: skip
        case(label, ["export", "--scenario", str(folder / "evil.yaml"), "--out",
                     str(folder / "evil.xlsx")])  # fmt: skip
        prospects = tmp_path / f"p{n}.csv"
        with open(prospects, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([["prospect", "contact", "option"], [text, text, "prepay-6"]])
        case(label, ["reports", str(prospects), "--out", str(tmp_path / "out"), "--quiet"])
        row = {"row": 1, "prospect": text, "status": "failed", "files": [], "error": text,
               "seconds": 0.0}  # fmt: skip
        for written in (manifest_csv([row]).decode(), prospect_row({"prospect": text}).decode()):
            tried += 1
            problem = hostile.csv_problem(written)
            if problem:
                failed.append(f"{label}, a written CSV: {problem}")
        data = _data_dir(tmp_path, 100 + n, "splits.csv", _with_stage(splits, text))
        monkeypatch.setenv("PREPAY_DATA_DIR", str(data))
        quote = ["quote", "--option", "prepay-6", "--start", "2027-01-01"]
        case(label, [*quote, "--format", "csv"], csv_out=True)
        case(label, quote)
        monkeypatch.delenv("PREPAY_DATA_DIR")
    assert tried == 11 * len(hostile.TEXT_ATTACKS)
    assert failed == []


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _with_stage(lines: list[str], stage: str) -> str:
    """``splits.csv`` with the first quarter's stage name replaced."""
    quarter, _, rest = lines[1].split(",", 2)
    return "\n".join([lines[0], f"{quarter},{_quoted(stage)},{rest}", *lines[2:]]) + "\n"


def test_files_past_the_size_limits_are_one_line_at_once(tmp_path, monkeypatch, no_render):
    """Each of ``hostile.big_files()``: ``prepay reports`` (the prospects), ``compare`` or
    ``montecarlo`` (the data files) exits 2 with one line within the fuzz test's time limit."""
    failed = []
    for n, (label, name, text) in enumerate(hostile.big_files()):
        if name == "prospects.csv":
            path = tmp_path / f"big{n}.csv"
            path.write_text(text, encoding="utf-8")
            argv = ["reports", str(path), "--out", str(tmp_path / "out"), "--quiet"]
        else:
            monkeypatch.setenv("PREPAY_DATA_DIR", str(_data_dir(tmp_path, 200 + n, name, text)))
            argv = ["compare", "--start", "2027-01-01", "--format", "json"]
            if name == "okr_template.csv":  # read where key results are drawn
                argv = ["montecarlo", "--hit-probability", "0.6", "--draws", "50"]
        seen = {}
        problem = hostile.run_case(argv, False, seen=seen)
        if not problem and (seen["code"] != 2 or len(seen["err"].splitlines()) != 1):
            problem = f"exit {seen['code']}: {seen['err'][-300:]!r}"
        if problem:
            failed.append(f"{label}: {problem}")
    assert len(hostile.big_files()) == 10
    assert failed == []
