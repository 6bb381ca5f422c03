"""Scenario files are read safely and saved exactly once (issue 15).

A scenario file may come from anyone: a "billion laughs" file, deep nesting, a huge file, an
impossible date or time must each be one message naming the file and the field, at once. Saving
a new name is exclusive: of eight processes saving it together exactly one succeeds, and the file
is whole; a performance is stored exactly.
"""

import multiprocessing
import time
from decimal import Decimal

import pytest

from prepay_modeller.cli import main
from prepay_modeller.core.errors import DataFileError
from prepay_modeller.inputs import scenarios as sc
from prepay_modeller.inputs.safeyaml import MAX_FILE_BYTES

GOOD = "name: safe\noption: prepay-6\nrate: 50000\nperformance: 1\nstart: 2027-01-01\n"
LAUGHS = "".join(
    f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}" if i else "lol"] * 9) + "]\n" for i in range(9)
)


@pytest.mark.parametrize(
    "text, message",
    [
        (GOOD + LAUGHS, "bad.yaml, l0: an anchor (&l0) is not allowed"),
        (GOOD + "low: *x\n", "bad.yaml, low: an alias (*x) is not allowed"),
        (GOOD + "low: " + "[" * 5000 + "]" * 5000 + "\n", "bad.yaml, low: values nested more"),
        (GOOD.replace("2027-01-01", "2027-02-30"), "bad.yaml, start: 2027-02-30 is not a date"),
        (
            GOOD.replace("2027-01-01", "2027-01-01 25:00:00"),
            "bad.yaml, start: 2027-01-01 25:00:00 is not a date",
        ),
        (GOOD + "likely: 2027-02-30\n", "bad.yaml, likely: 2027-02-30 is not a number"),
        (GOOD + "description: " + "a" * MAX_FILE_BYTES + "\n", "bad.yaml: the file is too large"),
        (GOOD + "horizon: 1e999999\n", "bad.yaml, horizon: 1e999999 is too large"),
        (
            GOOD + "horizon: " + "9" * 5000 + "\n",
            "bad.yaml, horizon: " + "9" * 99 + "… is too long to be a number",
        ),
        (GOOD + "payment_terms: .inf\n", "bad.yaml, payment_terms: .inf is not a number"),
        ("\x00\x01", "bad.yaml: not a readable YAML file"),
    ],
)
def test_a_hostile_file_is_one_message_at_once(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(DataFileError) as err:
        sc.load(path)
    assert time.perf_counter() - started < 2
    assert str(err.value).startswith(message), str(err.value)
    assert len(str(err.value).splitlines()) == 1


def test_scenarios_list_names_a_bad_file_beside_good_ones(tmp_path, capsys):
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(GOOD + LAUGHS, encoding="utf-8")
    assert main(["scenarios", "list", "--dir", str(tmp_path)]) == 2
    assert "bad.yaml, l0: an anchor" in capsys.readouterr().err


def test_performance_is_saved_exactly(tmp_path):
    from prepay_modeller.inputs.terms import make_terms

    third = "0.3333333333333333333333333333"
    terms = make_terms(option="prepay-6", performance=[third, "1.1"], start="2027-01-01")
    path = sc.save(sc.fields_of(terms, "exact"), folder=tmp_path)
    assert sc.load(path).terms.performance == (Decimal(third), Decimal("1.1"))


def test_saving_onto_a_file_is_one_message(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    argv = ["scenarios", "save", "n", "--option", "prepay-6", "--dir", str(blocker)]
    assert main(argv) == 2
    assert "prepay: error: dir: " in capsys.readouterr().err


def _save(folder: str, barrier, results) -> None:
    barrier.wait()
    code = main(
        ["scenarios", "save", "raced", "--option", "prepay-6", "--start", "2027-01-01",
         "--performance", "0.8,1.5", "--dir", folder]
    )  # fmt: skip
    results.put(code)


@pytest.mark.parametrize("trial", range(3))
def test_of_eight_concurrent_saves_exactly_one_wins(tmp_path, capfd, trial):
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(8), context.Queue()
    savers = [
        context.Process(target=_save, args=(str(tmp_path), barrier, results)) for _ in range(8)
    ]
    for p in savers:
        p.start()
    for p in savers:
        p.join(30)
    codes = sorted(results.get(timeout=5) for _ in savers)
    assert codes == [0] + [2] * 7
    err = capfd.readouterr().err
    assert err.count("is already saved") == 7
    assert [p.name for p in tmp_path.iterdir()] == ["raced.yaml"]  # no temporary file left
    saved = sc.load(tmp_path / "raced.yaml")  # whole
    assert saved.terms.performance == (Decimal("0.8"), Decimal("1.5"))
