"""What every long run of the project (``prepay reports``, ``prepay app``) does for the processes
it starts: they end with it, and their temporary files go with them.

- :func:`die_with_parent`: Linux's ``PR_SET_PDEATHSIG``: the kernel signals this process when
  its parent dies, however it died (``SIGKILL`` included).
- :func:`scratch_folder`: a temporary folder for one run (its ``TMPDIR``, where kernels,
  Playwright and Chromium keep their files), removed when the run ends. The run holds a lock on
  it (``flock`` on a file inside) for as long as any of its processes holding the lock lives; a
  killed run's folder is one whose lock nobody holds, and :func:`remove_stale` removes it at
  the next start of any run.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PREFIXES = ("prepay-reports-", "prepay-app-")
LOCK = ".prepay-lock"
MAX_TEMP_BASE = 40  # characters of the folder's parent, leaving room for socket paths (107)
# A folder without its lock file is one being made this instant, or one of a version that
# made none (whose run may still be going): left alone for a day.
UNLOCKED_GRACE = 86_400  # s
_PR_SET_PDEATHSIG = 1
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def die_with_parent(signum: int = signal.SIGKILL, parent: int | None = None) -> None:
    """Have Linux send ``signum`` to this process when its parent dies (elsewhere: nothing).

    ``parent``: the process id the parent had; if it has died already (before this call), this
    process ends now."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signum)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:
        os.kill(os.getpid(), signum)


def scratch_base() -> Path:
    """Where runs make their folders: the system's temporary folder, or ``/tmp`` when that is
    long (a kernel's socket path has at most 107 characters)."""
    base = tempfile.gettempdir()
    if len(base) > MAX_TEMP_BASE and os.access("/tmp", os.W_OK | os.X_OK):
        base = "/tmp"
    return Path(base)


@dataclass(frozen=True)
class Scratch:
    """A run's temporary folder and the descriptor holding its lock (hand it to a child process
    with ``pass_fds`` so that the folder stays in use while the child lives)."""

    path: Path
    lock_fd: int


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[Scratch]:
    """A new temporary folder ``<base>/<prefix>XXXXXXXX``, locked while the block runs and
    removed after it; killed runs' folders are removed first (:func:`remove_stale`)."""
    base = scratch_base()
    remove_stale(base)
    # No signal between making the folder and locking it: its handler (a stop) would leave a
    # folder with no lock file, which the next run leaves alone for a day. A signal that came
    # meanwhile is handled once the folder is locked, where the block below removes it.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    folder = fd = None
    try:
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=base))
        fd = os.open(folder / LOCK, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        yield Scratch(folder, fd)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        if fd is not None:
            os.close(fd)


def remove_stale(base: Path | None = None) -> list[str]:
    """Remove the folders killed runs left in ``base`` (this user's, whose lock nobody holds);
    return their names."""
    base = scratch_base() if base is None else base
    removed = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return removed
    for entry in entries:
        try:
            if (
                not entry.name.startswith(PREFIXES)
                or not entry.is_dir(follow_symlinks=False)
                or entry.stat(follow_symlinks=False).st_uid != os.getuid()
            ):
                continue
        except OSError:
            continue
        if not _in_use(Path(entry.path)):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.name)
    return removed


def _in_use(folder: Path) -> bool:
    try:
        fd = os.open(folder / LOCK, os.O_RDONLY)
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime < UNLOCKED_GRACE
        except OSError:
            return True
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False
