"""Big and hostile input is refused at the file's door (issue 21): a prospects file or a data file
past its row limit, a cell of megabytes, a message echoing megabytes, a description holding a
terminal's escape sequences. Each is one short line, at once."""

import csv
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

from prepay_modeller.cli import main
from prepay_modeller.core.errors import MAX_LINE_CHARS, MAX_VALUE_CHARS, Problem
from prepay_modeller.inputs import limits, paths
from prepay_modeller.inputs.prospects import load_prospects


def _prospects(path: Path, rows: int, bad_row: int | None = None, cell: str | None = None):
    with open(paths.PROSPECTS_CSV, newline="", encoding="utf-8") as f:
        sample = list(csv.DictReader(f))
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(sample[0]))
        writer.writeheader()
        for n in range(1, rows + 1):
            row = dict(sample[n % len(sample)], prospect=f"Prospect {n}")
            if n == bad_row:
                row["option"] = cell if cell is not None else "prepay-7"
            writer.writerow(row)
    return path


def _one_line(argv: list[str], seconds: float, capsys) -> str:
    """``prepay ARGV`` exits 2 within ``seconds`` with one short error line."""
    started = time.perf_counter()
    code = main(argv)
    took = time.perf_counter() - started
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert code == 2 and len(lines) == 1, err[-500:]
    assert lines[0].startswith("prepay: error: ") and len(lines[0]) <= MAX_LINE_CHARS + 20
    assert took < seconds, f"took {took:.1f} s"
    return lines[0]


def test_a_prospects_file_past_the_row_limit_is_refused_at_once(tmp_path, capsys):
    # 100,000 rows with one bad option at row 77,777: checking every row took minutes.
    path = _prospects(tmp_path / "big.csv", 100_000, bad_row=77_777)
    line = _one_line(["reports", str(path), "--out", str(tmp_path / "out")], 5, capsys)
    assert f"more than {limits.MAX_PROSPECT_ROWS:,} rows" in line and "big.csv" in line
    assert not (tmp_path / "out").exists()


def test_a_bad_row_in_a_file_within_the_limit_is_named(tmp_path):
    path = _prospects(tmp_path / "p.csv", 40, bad_row=37)
    with pytest.raises(Exception) as raised:
        load_prospects(path)
    assert str(raised.value) == (
        "p.csv row 37, option: prepay-7 is not a known option "
        "(allowed: one of payg, prepay-3, prepay-6, prepay-12)"
    )


def test_a_huge_cell_is_refused_without_echoing_it(tmp_path):
    path = _prospects(tmp_path / "p.csv", 3, bad_row=2, cell="x" * 10_000_000)
    started = time.perf_counter()
    with pytest.raises(Exception) as raised:
        load_prospects(path)
    assert time.perf_counter() - started < 5
    # Past the CSV reader's own limit (131,072 bytes a field), the reader stops there.
    assert str(raised.value) == (
        "p.csv row 2: a cell of more than 131,072 bytes (allowed: at most 4,096 bytes a cell)"
    )
    path = _prospects(tmp_path / "q.csv", 3, bad_row=2, cell="\u00e9" * 2_100)  # 4,200 bytes
    with pytest.raises(Exception) as raised:
        load_prospects(path)
    assert str(raised.value) == (
        "q.csv row 2: a cell of 4,200 bytes (allowed: at most 4,096 bytes a cell)"
    )


def test_a_data_file_past_its_row_limit_stops_compare_at_once(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("splits.csv", "okr_template.csv", "brand.json"):
        shutil.copy(paths.DATA_DIR / name, data / name)
    lines = ["option,months,discount,opt_out_days,label"]
    lines += [f"prepay-{n},3,0.05,0,option {n}" for n in range(100_000)]
    (data / "options.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("PREPAY_DATA_DIR", str(data))
    line = _one_line(["compare", "--start", "2027-01-01"], 5, capsys)
    assert line == (
        f"prepay: error: options.csv: more than {limits.MAX_DATA_ROWS:,} rows "
        f"(allowed: at most {limits.MAX_DATA_ROWS:,} rows; split the file)"
    )


def test_too_many_cells_in_a_row_or_bytes_in_a_file(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text("prospect,option\n" + ",".join(["a"] * 500) + "\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"^wide.csv row 1: 500 cells in a row \(allowed: at most"):
        load_prospects(wide)
    heavy = tmp_path / "heavy.csv"
    with open(heavy, "w", encoding="utf-8") as f:
        f.write("prospect,option\n")
        f.write(("a" * 999 + "\n") * (limits.MAX_FILE_BYTES // 1000 + 1))
    with pytest.raises(Exception, match=r"^heavy.csv: the file holds 20,00[0-9,]+ bytes"):
        load_prospects(heavy)


def test_an_error_line_shows_at_most_a_hundred_characters_of_the_value():
    problem = Problem("rate", "9" * 1_000_000, "a number of dollars", "is too large", "a.csv", 3)
    shown = problem.message
    assert shown == f"a.csv row 3, rate: {'9' * (MAX_VALUE_CHARS - 1)}… is too large " + (
        "(allowed: a number of dollars)"
    )
    whole = Problem(source="a.csv", detail="column " + "c" * 10_000 + " is unknown").message
    assert len(whole) == MAX_LINE_CHARS and whole.endswith("c…")


def test_a_typed_value_of_megabytes_is_not_echoed(capsys):
    assert main(["quote", "--option", "prepay-6", "--rate", "7" * 2_000_000]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and len(err) <= MAX_LINE_CHARS + 20


def test_control_characters_never_reach_the_terminal(tmp_path, capsys):
    escape = "\x1b]0;pwned\x07\x1b[31mred\x9b2J\x08\x7f"
    fields = {"name": "evil", "option": "prepay-6", "rate": 50000, "performance": 1,
              "start": "2027-01-01", "description": escape}  # fmt: skip
    (tmp_path / "evil.yaml").write_text(yaml.safe_dump(fields), encoding="utf-8")
    for fmt in ("table", "csv", "json"):
        assert main(["scenarios", "list", "--dir", str(tmp_path), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "red" in out and "pwned" in out  # the words stay, the controls go
        assert not any(c in out for c in "\x1b\x07\x9b\x08\x7f"), repr(out)
    assert main(["quote", "--option", "prepay-6", "--rate", "5\x1b[2J"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and re.match(r"prepay: error: (--)?rate: ", err)
