"""inputs.files: the one way the project writes a user's file (reports, scenarios, exports)."""

import os
import stat

import pytest

from prepay_modeller.inputs.files import atomic_write, write_atomic


def test_writes_with_the_usual_permissions(tmp_path):
    # mkstemp makes 0600 files; a report or an export is an ordinary file (0666 less the umask).
    mask = os.umask(0o22)
    os.umask(mask)
    target = tmp_path / "a.txt"
    write_atomic(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_a_failed_write_keeps_the_earlier_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "a.txt"
    write_atomic(target, b"good")

    def half(tmp):
        tmp.write_bytes(b"ha")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, half)
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_an_excel_export_is_readable_by_others(tmp_path):
    from prepay_modeller import cli

    out = tmp_path / "acme.xlsx"
    assert cli.main(["export", "--scenario", "acme-prepay-12", "--out", str(out)]) == 0
    assert out.stat().st_mode & stat.S_IRGRP
