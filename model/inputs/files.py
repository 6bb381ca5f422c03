"""Writing files so that a failure never leaves half a file or replaces a good one.

Everything the project writes for a user (reports, the manifest and index, scenario files, Excel
exports) goes through :func:`atomic_write`: a temporary file in the target's own folder, then a
rename, which is atomic on one file system. A writer killed mid-write leaves its temporary file;
the name says whose it was, and :func:`remove_partial` removes those whose writer is gone.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

# A temporary file beside its target: ".<name>.<writer's process id>.<random>.tmp".
_PARTIAL = re.compile(r"^\..+\.(\d+)\.[a-z0-9_]+\.tmp$")


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


_UMASK = _umask()


def _written_beside(path: Path, write: Callable[[Path], object]) -> Path:
    """A finished, synced temporary file beside ``path``, written by ``write(tmp)``, with the
    usual permissions (0666 less the umask, not mkstemp's 0600); removed if anything fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{path.name}.{os.getpid()}."  # whose it is: see remove_partial
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
        os.close(fd)
        write(Path(tmp))
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` on a temporary path beside ``path``, then rename it to ``path``.

    On any failure the temporary file is removed and ``path``, if it existed, is left as it was.
    """
    path = Path(path)
    tmp = _written_beside(path, write)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_write`)."""
    atomic_write(path, lambda tmp: tmp.write_bytes(data))


def atomic_create(path: Path, write: Callable[[Path], object]) -> None:
    """Like :func:`atomic_write`, but only where ``path`` does not exist yet: the whole file
    appears at once, or :class:`FileExistsError` (of several writers at once, exactly one wins).

    The temporary file is hard-linked to ``path`` (``link`` fails on an existing name, as
    ``O_EXCL`` does); on a file system without hard links, ``path`` is created with
    ``O_CREAT | O_EXCL`` and written in place.
    """
    path = Path(path)
    tmp = _written_beside(path, write)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here
            _create_exclusive(path, tmp.read_bytes())
    finally:
        tmp.unlink(missing_ok=True)


def _create_exclusive(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def remove_partial(folder: Path) -> list[str]:
    """Remove the temporary files that writers which died mid-write (a ``SIGKILL``, a power
    cut) left in ``folder``; a file whose writer still runs is left to it. Returns their names."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _PARTIAL.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        try:
            os.kill(int(match.group(1)), 0)
            continue  # its writer is alive
        except ProcessLookupError:
            pass
        except (PermissionError, OverflowError, ValueError):
            continue  # another user's process, or not a process id
        try:
            os.unlink(entry.path)
            removed.append(entry.name)
        except OSError:
            pass
    return removed
