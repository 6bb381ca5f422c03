"""The pieces a stopped ``prepay reports`` relies on (``reports.lifecycle``), on their own."""

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

from prepay_modeller.reports import lifecycle

# A process that starts a child in a session of its own (as a kernel is), which starts another
# (as Chromium starts helpers); each only sleeps.
TREE = """
import subprocess, sys, time
depth = int(sys.argv[1])
if depth:
    subprocess.Popen([sys.executable, __file__, str(depth - 1)], start_new_session=True)
time.sleep(120)
"""


def test_kill_tree_kills_every_descendant_even_in_other_sessions(tmp_path):
    script = tmp_path / "tree.py"
    script.write_text(TREE)
    root = subprocess.Popen([sys.executable, str(script), "3"])
    deadline = time.monotonic() + 20
    while len(psutil.Process(root.pid).children(recursive=True)) < 3:
        assert time.monotonic() < deadline, "the tree did not start"
        time.sleep(0.1)
    tree = [psutil.Process(root.pid), *psutil.Process(root.pid).children(recursive=True)]
    assert lifecycle.kill_tree({root.pid}) == 4
    root.wait(timeout=5)
    alive = [p.pid for p in tree if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert alive == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_becomes_stopped_and_the_handlers_come_back(signum):
    before = signal.getsignal(signum)
    with pytest.raises(lifecycle.Stopped) as stopped:
        with lifecycle.stop_on_signals():
            os.kill(os.getpid(), signum)
            time.sleep(5)  # interrupted by the handler at once
    assert stopped.value.exit_code == 128 + signum
    assert signal.getsignal(signum) == before


def test_the_private_tempdir_is_used_and_removed(monkeypatch):
    monkeypatch.setenv("TMPDIR", tempfile.gettempdir())
    with lifecycle.private_tempdir() as folder:
        assert os.environ["TMPDIR"] == str(folder) == tempfile.gettempdir()
        (folder / "kernel-socket").write_text("x")
    assert not folder.exists()
    assert os.environ["TMPDIR"] != str(folder)


def test_a_long_tmpdir_is_replaced_by_tmp_for_socket_paths(tmp_path, monkeypatch):
    long = tmp_path / ("x" * 60)
    long.mkdir()
    monkeypatch.setenv("TMPDIR", str(long))
    monkeypatch.setattr(tempfile, "tempdir", None)
    with lifecycle.private_tempdir() as folder:
        assert folder.parent == Path("/tmp")
    assert not folder.exists()


# --- what a killed run leaves, and who dies with whom (issue 21) ------------------------------


@pytest.fixture
def short_tmp(monkeypatch):
    """A temporary folder of the test's own, short enough to be the runs' base."""
    base = Path(tempfile.mkdtemp(prefix="st-", dir="/tmp"))
    monkeypatch.setattr(tempfile, "tempdir", str(base))
    yield base
    shutil.rmtree(base, ignore_errors=True)


def test_a_killed_run_s_folder_goes_and_a_live_one_stays(short_tmp):
    from prepay_modeller.inputs import processes

    with processes.scratch_folder("prepay-reports-") as live:
        base = live.path.parent
        # A run killed with SIGKILL: its folder and lock file stay, nobody holds the lock.
        dead = Path(tempfile.mkdtemp(prefix="prepay-app-", dir=base))
        (dead / processes.LOCK).touch()
        (dead / "k-12345678").mkdir()
        # A folder being made this instant (no lock file yet), and someone else's name.
        fresh = Path(tempfile.mkdtemp(prefix="prepay-reports-", dir=base))
        other = Path(tempfile.mkdtemp(prefix="prepay-other-", dir=base))
        try:
            assert base == short_tmp
            removed = processes.remove_stale(base)
            assert removed == [dead.name] and not dead.exists()
            assert live.path.is_dir() and fresh.is_dir() and other.is_dir()
        finally:
            for folder in (dead, fresh, other):
                shutil.rmtree(folder, ignore_errors=True)
    assert not live.path.exists()


def test_a_folder_stays_while_a_child_holding_its_lock_lives(short_tmp):
    """As when ``prepay app`` is killed while its Voilà (which it handed the lock) still runs:
    the folder is in use until the child is gone too."""
    import fcntl

    from prepay_modeller.inputs import processes

    folder = Path(tempfile.mkdtemp(prefix="prepay-app-", dir=processes.scratch_base()))
    fd = os.open(folder / processes.LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], pass_fds=(fd,))
    os.close(fd)  # the run is gone; its child still holds the lock
    try:
        assert folder.name not in processes.remove_stale(folder.parent)
        assert folder.is_dir()
        child.kill()
        child.wait()
        assert folder.name in processes.remove_stale(folder.parent)
        assert not folder.exists()
    finally:
        child.kill()
        child.wait()
        shutil.rmtree(folder, ignore_errors=True)


def test_a_process_dies_with_its_parent_even_on_sigkill(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(
        "import os, subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import os, signal, time\\n"
        "from prepay_modeller.inputs.processes import die_with_parent\\n"
        "die_with_parent(signal.SIGTERM, parent=os.getppid())\\n"
        "print(os.getpid(), flush=True)\\ntime.sleep(60)'], stdout=subprocess.PIPE)\n"
        "print(child.stdout.readline().decode().strip(), flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        child = psutil.Process(int(parent.stdout.readline()))
        parent.kill()  # SIGKILL: no handler of the parent runs
        parent.wait()
        gone, _ = psutil.wait_procs([child], timeout=10)
        assert gone, "the child outlived its parent"
    finally:
        parent.kill()


def test_a_stop_that_was_swallowed_comes_again_until_it_is_handled():
    """Where something swallows the first raise (an at-fork hook prints and drops it), the stop
    comes again, until the code catching it says it is handling it."""
    caught = []
    with lifecycle.stop_on_signals():
        try:
            try:
                os.kill(os.getpid(), signal.SIGHUP)
                time.sleep(5)
            except lifecycle.Stopped:
                caught.append("swallowed")  # as an at-fork hook would: the run goes on
            time.sleep(5)  # interrupted by the same stop, delivered again
        except lifecycle.Stopped as stop:
            lifecycle.handling_stop()
            caught.append(stop.signum)
        time.sleep(1.2)  # handled: nothing comes again
    assert caught == ["swallowed", signal.SIGHUP]
