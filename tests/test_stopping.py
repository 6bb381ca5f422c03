"""A signal stops ``prepay reports`` at once and leaves nothing behind (issue 15).

SIGTERM or SIGINT to the main process of an HTML+PDF run (and SIGINT to its whole group, as a
terminal's Ctrl-C), while workers, reports, Playwright and Chromium are all busy: within 10 s
no process the run started is alive, ``--out`` holds only whole reports and the manifest of
what was finished, the run's temporary files are gone, and the command says in one line what
it finished.
"""

import contextlib
import csv
import json
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


# --- every signal, every moment; a killed run; runs sharing --out (issue 21) -----------------


def _small(path: Path, rows: int = 2) -> Path:
    with open(paths.PROSPECTS_CSV, newline="", encoding="utf-8") as f:
        sample = list(csv.DictReader(f))[:rows]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(sample[0]))
        writer.writeheader()
        writer.writerows(sample)
    return path


def _start(prospects: Path, out: Path, tmp: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(PREPAY), "reports", str(prospects), "--out", str(out), "--workers", "1",
         "--format", "html", "--quiet"],
        env=dict(os.environ, TMPDIR=str(tmp)), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )  # fmt: skip


# A process that has imported and read what ``prepay reports`` imports and reads before it
# starts (``warm_fork_parent``: the model, nbconvert, papermill...), then, for each line it is
# given, forks a child running ``prepay reports ARGS`` (the command line's own ``main``) in a
# session of its own, says its process id, and then its exit status. Each run is then a real
# process with the real handlers, without two seconds of imports each.
LAUNCHER = """
import json, os, sys, tempfile
from prepay_modeller.cli import main
from prepay_modeller.presentation.render import warm_fork_parent
warm_fork_parent()
print("ready", flush=True)
for line in sys.stdin:
    argv, tmp, log = json.loads(line)
    pid = os.fork()
    if pid == 0:
        os.setsid()
        os.environ["TMPDIR"] = tmp
        tempfile.tempdir = None
        fd = os.open(log, os.O_WRONLY | os.O_CREAT, 0o600)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        code = main(argv)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    print(pid, flush=True)
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
"""


def _launch(launcher, n: int, prospects: Path, root: Path):
    """Start run ``n``; return its process id and its TMPDIR, --out and log."""
    tmp, out, log = root / f"t{n}", root / f"out{n}", root / f"log{n}"
    tmp.mkdir()
    argv = ["reports", str(prospects), "--out", str(out), "--workers", "1", "--format", "html",
            "--quiet"]  # fmt: skip
    launcher.stdin.write(json.dumps([argv, str(tmp), str(log)]) + "\n")
    launcher.stdin.flush()
    return int(launcher.stdout.readline()), tmp, out, log


def _until_rendering(pid: int, tmp: Path) -> float:
    """Wait until run ``pid`` has made its temporary folder (it renders from then on)."""
    deadline = time.monotonic() + 60
    while not any(tmp.iterdir()) and psutil.pid_exists(pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    return time.monotonic()


def _hup_trial(n: int, launcher, prospects: Path, root: Path, span: float) -> str | None:
    """One run of ``prepay reports`` given SIGHUP at the ``n``-th moment: while it reads its
    input (n < 3), or at the ``n - 3``-th sixteenth of ``span`` (how long a whole run lasts
    from its temporary folder to its end) and a little past it: workers starting, rendering,
    writing the manifest, leaving. None when it ended within 10 s leaving nothing behind."""
    pid, tmp, out, log = _launch(launcher, n, prospects, root)
    if n < 3:
        time.sleep((0, 0.1, 0.3)[n])
    else:
        _until_rendering(pid, tmp)
        time.sleep(span * (n - 3) / 16 * 1.1)
    descendants = _descendants(pid)
    with contextlib.suppress(ProcessLookupError):  # it may have ended already
        os.kill(pid, signal.SIGHUP)
    signalled = time.monotonic()
    code = int(launcher.stdout.readline())  # the launcher has reaped it
    took = time.monotonic() - signalled
    err = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    if took > 10:
        return f"SIGHUP {n}: ended {took:.1f} s after it"
    # 0: it had finished before the signal; -SIGHUP: the signal came before the command had
    # set its handlers (Python's start, the arguments), and ended it as it ends any process.
    if code not in (0, 128 + signal.SIGHUP, -signal.SIGHUP):
        return f"SIGHUP {n}: exit {code}: {err[-300:]}"
    if code == -signal.SIGHUP and (out.exists() or err):
        return f"SIGHUP {n}: killed before its handlers, yet it wrote {err[-300:]!r}"
    if "Traceback" in err or (code > 0 and not err.strip().startswith("prepay: stopped by")):
        return f"SIGHUP {n}: said {err[-300:]!r}"
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in descendants) and time.monotonic() < deadline:
        time.sleep(0.1)
    if any(_alive(p) for p in descendants):
        return f"SIGHUP {n}: a process it started outlived it"
    if list(tmp.iterdir()):
        return f"SIGHUP {n}: left {[p.name for p in tmp.iterdir()]}"
    partial = [p.name for p in out.glob(".*")] if out.exists() else []
    return f"SIGHUP {n}: left {partial} in --out" if partial else None


@pytest.mark.slow
def test_twenty_sighups_each_stop_reports_within_ten_seconds(tmp_path):
    prospects = _small(tmp_path / "p.csv")
    root = Path(tempfile.mkdtemp(prefix="hup-", dir="/tmp"))  # short: kernels' socket paths
    launcher = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert launcher.stdout.readline().strip() == "ready"
        pid, tmp, _, _ = _launch(launcher, 99, prospects, root)  # how long a whole run lasts
        rendering = _until_rendering(pid, tmp)
        assert int(launcher.stdout.readline()) == 0
        span = time.monotonic() - rendering
        problems = [_hup_trial(n, launcher, prospects, root, span) for n in range(20)]
    finally:
        launcher.kill()
        launcher.wait()
        shutil.rmtree(root, ignore_errors=True)
    assert [p for p in problems if p] == []


@pytest.mark.slow
def test_after_sigkill_a_rerun_leaves_no_temporary_file(tmp_path):
    prospects = _small(tmp_path / "p.csv", rows=3)
    out = tmp_path / "out"
    tmp = Path(tempfile.mkdtemp(prefix="kill-", dir="/tmp"))
    proc = _start(prospects, out, tmp)
    try:
        deadline = time.monotonic() + 120
        while not list(out.glob("*.html")) and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read()[-2000:]
            time.sleep(0.05)
        started = _descendants(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)  # no handler runs: nothing of the run is cleaned
        proc.wait()
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in started) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [p.pid for p in started if _alive(p)] == []  # its workers died with it
        left = [p.name for p in tmp.iterdir()]
        assert len(left) == 1 and left[0].startswith("prepay-reports-")
        # As a write cut by the SIGKILL leaves it: the killed run's half-written report.
        half = out / f".northwind-analytics-proposal.html.{proc.pid}.x1y2z3ab.tmp"
        half.write_text("<html><body>half")
        rerun = _start(_small(tmp_path / "one.csv", rows=1), out, tmp)
        _, err = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, err
        assert list(tmp.iterdir()) == []  # the killed run's folder went at the next start
        assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(tmp, ignore_errors=True)


def test_twenty_runs_into_one_out_list_every_prospect(tmp_path):
    """Twenty runs writing their manifest into one --out at the same instant (forked, each
    with its own prospect): the manifest and the index list all twenty."""
    import multiprocessing

    from prepay_modeller.reports import runner

    out = tmp_path / "out"
    out.mkdir()
    runner.index_html([], out)  # imported and read once, as a real run has before it ends
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(20)

    def finish(n: int) -> None:
        name = f"Prospect {n:02d}"
        stem = runner.file_stem(name)
        (out / f"{stem}.html").write_text("<html></html>")
        result = {"row": 1, "prospect": name, "stem": stem, "status": "ok",
                  "files": [f"{stem}.html"], "error": "", "seconds": 1.0}  # fmt: skip
        barrier.wait(30)
        runner._write_summary([result], out)

    workers = [context.Process(target=finish, args=(n,)) for n in range(20)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0] * 20
    listed = sorted(r["prospect"] for r in runner.read_manifest(out))
    assert listed == [f"Prospect {n:02d}" for n in range(20)]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f"Prospect {n:02d}" in index for n in range(20))
    assert "20 of 20 rendered" in index
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []
