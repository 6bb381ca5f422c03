"""How a ``prepay reports`` run stops: on SIGINT, SIGTERM or SIGHUP, at once and leaving nothing.

A run starts processes of several kinds: render workers (forked), their kernels or forked report
processes, Playwright's driver and its Chromium processes. Kernels run in sessions of their own
and Chromium forks helpers, so a signal to the main process (or even to its process group) does
not reach them all, and killing the workers first would orphan what they started. Here:

- the main process turns the signal into :class:`Stopped`: raised at once in its main thread
  while it reads its input and loads what the renders need (and again until it is handled: a
  raise can be swallowed), and at the next of the run's own checks while the worker pool runs
  (:func:`polled`, :func:`check`: a few times a second); a worker or a forked report, which
  inherit the handler, ignores it there: the main process ends it, and Linux's
  ``PR_SET_PDEATHSIG`` ends a worker whose main process died any other way;
- :func:`kill_tree` freezes every descendant (``SIGSTOP``, so that none starts another while
  the tree is read), reads the whole tree again until it stops growing, then kills it;
- :func:`private_tempdir` gives the run a temporary folder of its own (``TMPDIR``, which
  kernels, Playwright and Chromium all use for their files), removed when the run ends however
  it ends, and by the next run where this one was killed (:mod:`inputs.processes`);
- workers write their stderr to a log in that folder (a killed Chromium's driver must not
  print tracebacks over the one line a stopped run ends with); a finished run shows it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from prepay_modeller.inputs import processes

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
KILL_WAIT = 5.0  # seconds to wait for killed processes to be gone
_MAIN_PID = os.getpid()


class Stopped(BaseException):
    """The run was asked to stop by a signal (a BaseException, like KeyboardInterrupt, so that
    no ``except Exception`` on the way swallows it)."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class _Stop:
    """The signal this process was asked to stop by, and whether the stop is being handled."""

    signum: int | None = None
    handled = True
    forking = False
    polled = False
    RESEND = 0.5  # s between two deliveries of a stop that was not handled yet


def _on_signal(signum, frame):
    if os.getpid() != _MAIN_PID or _Stop.handled:
        return  # a worker or a forked report (the main process ends it), or stopping already
    if _Stop.signum is None:
        _Stop.signum = signum
        threading.Thread(target=_resend, name="stop", daemon=True).start()
    if _Stop.forking or _Stop.polled:
        return  # raised in an at-fork hook, it would be dropped: it comes again (_resend)
    raise Stopped(_Stop.signum)


def _resend() -> None:
    """Deliver the stop again until it is handled. Python runs a signal's handler wherever the
    main thread is, and some places swallow what it raises: raised in an at-fork hook (the
    worker pool forking a worker: logging's ``_releaseLock``), a stop was printed and lost, and
    the run went on to the end."""
    while not _Stop.handled:
        time.sleep(_Stop.RESEND)
        if not _Stop.handled and not _Stop.polled:
            os.kill(os.getpid(), _Stop.signum)


@contextlib.contextmanager
def polled():
    """Within the block, a stop is only recorded, and :func:`check` raises it. The block runs a
    worker pool: a stop raised wherever the main thread happens to be (forking a worker, in one
    of multiprocessing's finalizers) can be dropped or leave the pool's state half-changed, so
    the code in the block checks at its own safe points, often (a fraction of a second)."""
    _Stop.polled = True
    try:
        check()
        yield
    finally:
        _Stop.polled = False
    check()


def check() -> None:
    """Raise :class:`Stopped` if a signal asked this process to stop."""
    if _Stop.signum is not None and not _Stop.handled:
        raise Stopped(_Stop.signum)


def wait(condition, every: float = 0.2) -> None:
    """Wait until ``condition()`` is true, checking for a stop every ``every`` seconds."""
    while not condition():
        check()
        time.sleep(every)
    check()


def _before_fork() -> None:
    if threading.current_thread() is threading.main_thread():
        _Stop.forking = True


def _after_fork() -> None:
    _Stop.forking = False


# While the main thread forks (the worker pool starting a worker), the at-fork hooks of logging
# and multiprocessing run, and what a hook raises is printed and dropped: a stop arriving then
# is not raised there but delivered again (_resend). "before" hooks run in the reverse order of
# their registration and "after" ones in the order, so these wrap those of every module
# imported before this one.
os.register_at_fork(before=_before_fork, after_in_parent=_after_fork, after_in_child=_after_fork)


def handling_stop() -> None:
    """Say the stop is being handled: further signals are ignored while the run cleans up."""
    _Stop.handled = True
    for s in SIGNALS:
        signal.signal(s, signal.SIG_IGN)


@contextlib.contextmanager
def stop_on_signals():
    """Within the block, SIGINT, SIGTERM and SIGHUP raise :class:`Stopped` in this process
    (even where SIGINT was ignored, as in a shell's background job), again every half second
    until the code that catches it calls :func:`handling_stop`; restored after."""
    global _MAIN_PID
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread; whoever runs it there stops the run
        return
    _MAIN_PID = os.getpid()
    _Stop.signum, _Stop.handled = None, False
    old = {s: signal.getsignal(s) for s in SIGNALS}
    for s in SIGNALS:
        signal.signal(s, _on_signal)
    try:
        yield
    finally:
        _Stop.handled = True
        for s, handler in old.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)


def worker_init(log: str | None, warm, *args) -> None:
    """A render worker's first steps: die with the run, stderr to ``log``, then ``warm(*args)``."""
    processes.die_with_parent(signal.SIGKILL, parent=_MAIN_PID)
    if log:
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(fd, 2)
        os.close(fd)
    warm(*args)


def children() -> set[int]:
    """The process ids of this process's children now."""
    import psutil

    return {p.pid for p in psutil.Process().children()}


def _tree(roots) -> list:
    import psutil

    out = []
    for pid in roots:
        try:
            root = psutil.Process(pid)
            out += [root, *root.children(recursive=True)]
        except psutil.Error:
            pass
    return out


def kill_tree(roots, wait: float = KILL_WAIT) -> int:
    """Kill the processes ``roots`` (ids) and all their descendants; return how many.

    Each is stopped first, and the trees read again until no new process shows up, so that
    nothing started meanwhile (a kernel, a Chromium helper) escapes, nor anything a killed
    parent would orphan; then all are killed and waited for (up to ``wait`` seconds).
    """
    import psutil

    found: dict[int, psutil.Process] = {}
    for _ in range(20):
        new = [p for p in _tree(roots) + _tree(found) if p.pid not in found]
        if not new:
            break
        for p in new:
            found[p.pid] = p
            with contextlib.suppress(psutil.Error):
                p.send_signal(signal.SIGSTOP)
    for p in found.values():
        with contextlib.suppress(psutil.Error):
            p.kill()
    deadline = time.monotonic() + wait
    alive = list(found.values())
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _alive(p)]
        if alive:
            time.sleep(0.05)
    return len(found)


def _alive(p) -> bool:
    import psutil

    try:
        return p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


@contextlib.contextmanager
def private_tempdir():
    """A temporary folder for this run and everything it starts (``TMPDIR``), removed after
    (:func:`inputs.processes.scratch_folder`; a killed run's is removed by the next run)."""
    with processes.scratch_folder("prepay-reports-") as scratch:
        folder = str(scratch.path)
        old_env, old_tempdir = os.environ.get("TMPDIR"), tempfile.tempdir
        os.environ["TMPDIR"] = folder
        tempfile.tempdir = folder
        try:
            yield scratch.path
        finally:
            tempfile.tempdir = old_tempdir
            if old_env is None:
                os.environ.pop("TMPDIR", None)
            else:
                os.environ["TMPDIR"] = old_env


LEAVE_WITHIN = 1.0  # s: a stopped run that has said what it did is gone after this at most


def leave(code: int, within: float = LEAVE_WITHIN) -> int:
    """Return ``code``, and make sure this process has exited ``within`` seconds from now.

    A stopped run has killed what it started and written what it must; what is left is the
    interpreter's own exit, which joins the threads of the worker pool and its queues. Where
    one of them waits on a process that was killed mid-message, that join could last for ever:
    past ``within``, the process ends with ``code`` at once."""

    def end():
        time.sleep(within)
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)

    threading.Thread(target=end, name="leave", daemon=True).start()
    return code


def show_log(log: Path) -> None:
    """What the workers wrote to stderr, for a run that finished."""
    with contextlib.suppress(OSError):
        text = log.read_text(encoding="utf-8", errors="replace").strip()
        if text:
            print(text, file=sys.stderr)
