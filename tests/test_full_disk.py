"""A full disk is one line and exit 2, never a traceback, and nothing half-written is left
(issue 15): the export, a scenario save and the reports' manifest, each writing onto a disk
that has no room."""

import errno
import os

import pytest

from prepay_modeller.cli import main
from prepay_modeller.inputs import files
from prepay_modeller.reports import runner


def _no_room(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def full_disk(monkeypatch):
    def replace(src, dst, *a, **k):  # the temporary file is written, then there is no room
        _no_room()

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "link", lambda *a, **k: _no_room())
    monkeypatch.setattr(files, "_create_exclusive", lambda *a, **k: _no_room())


def _one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("prepay: error: "), err
    return lines[0]


def test_export_on_a_full_disk(tmp_path, full_disk, capsys):
    out = tmp_path / "x.xlsx"
    argv = ["export", "--option", "prepay-6", "--start", "2027-01-01", "--out", str(out)]
    assert main(argv) == 2
    assert "No space left on device" in _one_line(capsys)
    assert list(tmp_path.iterdir()) == []  # no temporary file left


def test_scenario_save_on_a_full_disk(tmp_path, full_disk, capsys):
    argv = ["scenarios", "save", "n", "--option", "prepay-6", "--dir", str(tmp_path)]
    assert main(argv) == 2
    assert "No space left on device" in _one_line(capsys)
    assert list(tmp_path.iterdir()) == []


def test_the_manifest_on_a_full_disk(tmp_path, full_disk, capsys, monkeypatch):
    class NoPool:
        def shutdown(self, **kwargs):
            pass

    monkeypatch.setattr(runner, "executor", lambda *a, **k: (NoPool(), None))
    monkeypatch.setattr(runner, "run", lambda *a, **k: [])
    csv_path = tmp_path / "p.csv"
    csv_path.write_text("prospect,option\nAcme,prepay-6\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["reports", str(csv_path), "--out", str(out), "--quiet"]) == 2
    assert "manifest.csv" in _one_line(capsys)
    assert list(out.iterdir()) == []
