"""The pieces a stopped ``prepay reports`` relies on (``reports.lifecycle``), on their own."""

import os
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
