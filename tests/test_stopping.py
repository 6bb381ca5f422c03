"""A signal stops ``prepay reports`` at once and leaves nothing behind (issue 15).

SIGTERM or SIGINT to the main process of an HTML+PDF run (and SIGINT to its whole group, as a
terminal's Ctrl-C), while workers, reports, Playwright and Chromium are all busy: within 10 s
no process the run started is alive, ``--out`` holds only whole reports and the manifest of
what was finished, the run's temporary files are gone, and the command says in one line what
it finished.
"""

import csv
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from prepay_modeller.inputs import paths

PREPAY = Path(sys.executable).with_name("prepay")


ROWS = 40  # the sample's ten prospects four times: a run far longer than it takes to stop it


def _many_prospects(path: Path) -> Path:
    with open(paths.PROSPECTS_CSV, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        for n in range(ROWS):
            row = dict(rows[n % len(rows)])
            row["prospect"] += f" {n // len(rows) + 1}"
            writer.writerow(row)
    return path


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _alive(p: psutil.Process) -> bool:
    try:
        return p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _busy(proc: subprocess.Popen, out: Path, deadline: float) -> list[psutil.Process]:
    """Wait until the run has Chromium and kernels up and at least one report written; return
    every process it has started by then."""
    seen: dict[int, psutil.Process] = {}
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("the run ended before it could be stopped: " + proc.stderr.read()[-2000:])
        for p in _descendants(proc.pid):
            seen.setdefault(p.pid, p)
        names = set()
        for p in seen.values():
            try:
                names.add(p.name())
            except psutil.Error:
                pass
        if "chromium" in names and any(out.glob("*.pdf")):
            return list(seen.values())
        time.sleep(0.2)
    pytest.fail("the run never got busy")


@pytest.mark.slow
@pytest.mark.parametrize(
    "signum, group",
    [(signal.SIGTERM, False), (signal.SIGINT, False), (signal.SIGINT, True)],
    ids=["SIGTERM", "SIGINT", "Ctrl-C to the group"],
)
def test_a_signal_stops_reports_and_leaves_nothing(tmp_path, signum, group):
    out = tmp_path / "out"
    prospects = _many_prospects(tmp_path / "prospects.csv")
    # A short TMPDIR of the test's own (a long one would be replaced by /tmp: socket paths).
    tmp = Path(tempfile.mkdtemp(prefix="ps-", dir="/tmp"))
    proc = subprocess.Popen(
        [str(PREPAY), "reports", str(prospects), "--out", str(out), "--workers", "2"],
        env=dict(os.environ, TMPDIR=str(tmp)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        started = _busy(proc, out, time.monotonic() + 120)
        assert len(started) >= 4  # workers, a kernel or a report's process, Playwright, Chromium
        # To the main process alone, or to its whole group as a terminal's Ctrl-C does (the
        # workers, Playwright and Chromium get it too, and must not print over the one line).
        os.killpg(proc.pid, signum) if group else proc.send_signal(signum)
        _, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        leftovers = list(tmp.iterdir())
        shutil.rmtree(tmp, ignore_errors=True)
    assert proc.returncode == 128 + signum
    assert "Traceback" not in err and "Error" not in err
    # What is left beside the progress bar: one line.
    lines = [line for line in err.splitlines() if line.strip() and "Rendering:" not in line]
    assert len(lines) == 1 and lines[0].startswith(f"prepay: stopped by {signum.name}: ")
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in started) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [p.pid for p in started if _alive(p)] == []
    assert leftovers == []  # the run's temporary files (kernels, Chromium) are gone
    with open(out / "manifest.csv", newline="", encoding="utf-8") as f:
        manifest = list(csv.DictReader(f))
    assert len(manifest) == ROWS
    rendered = [r for r in manifest if r["status"] == "ok"]
    assert rendered and len(rendered) < ROWS
    assert {r["status"] for r in manifest} <= {"ok", "stopped"}
    listed = {name for r in rendered for name in r["files"].split()}
    assert sorted(p.name for p in out.iterdir()) == sorted(listed | {"index.html", "manifest.csv"})
    for name in listed:  # each file whole
        data = (out / name).read_bytes()
        if name.endswith(".pdf"):
            assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
        else:
            assert data.rstrip().endswith(b"</html>")
    assert f"{len(rendered)} of {ROWS} reports rendered" in lines[0]
