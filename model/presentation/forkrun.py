"""Executing a notebook in a process of its own, forked from a parent that has already imported
everything the template needs, instead of starting a Jupyter kernel for it (papermill's
``prepay-fork`` engine, :mod:`presentation.engines`).

A kernel costs a Python start and the model's imports (pandas, plotly, the data files) for every
report; a fork of a warm parent costs a few milliseconds and shares those imports, copy on
write. Each report still runs in its own process (nothing of one prospect can reach another's:
the child starts from the parent's clean state, never from an earlier report's), and the child
ends with the report: the parent's memory does not grow with the batch.

The child executes the code cells with IPython (the same shell a kernel runs) and sends each
cell's rich outputs (``display()`` and the cell's value, as a kernel sends them; no streams) to
the parent as the cell finishes, through a pipe, as JSON (never a pickle: the parent runs
nothing a child sends). The parent fills the notebook in and tells papermill's execution
manager where the run is (each cell's start, end and failure), gives up on a cell that runs past
``timeout`` (the child is killed), and notices a child that dies. The child dies with its parent
(Linux's ``PR_SET_PDEATHSIG``), whatever signal ends the parent.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import signal
import struct
import time
import types

NAMESPACE = "prepay_report"  # the module a report's cells run in (their __name__)
CELL = b"C"  # a code cell's frame follows: its length (8 bytes), then its JSON
HEADER = struct.Struct(">cQ")


class CellError(Exception):
    """A cell raised: ``ename``, ``evalue`` and the cell's index, as nbclient reports them."""

    def __init__(self, index: int, ename: str, evalue: str):
        self.index, self.ename, self.evalue = index, ename, evalue
        super().__init__(f"cell {index} raised {ename}: {evalue}")


class CellTimeout(TimeoutError):
    """A cell ran longer than the timeout; its process was killed."""


class ChildDied(RuntimeError):
    """The report's process ended before its last cell was done (killed, or crashed)."""


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # not Linux: the parent's handlers still kill its children
        pass


def warm() -> None:
    """Import what :func:`run` needs, once, in the parent every child is forked from."""
    import IPython.core.interactiveshell  # noqa: F401
    import IPython.utils.capture  # noqa: F401
    import nbformat  # noqa: F401


_prepared: tuple[int, object] | None = None  # (the pid that made it, an unused IPython shell)


def prepare_shell() -> None:
    """Make, in this parent, the IPython shell its children will run cells in (~0.1 s a report
    saved). The parent never runs a cell in it, so each child starts from its clean state."""
    global _prepared
    _prepared = (os.getpid(), _new_shell())


def _new_shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False  # no history database, no thread writing it
    # A shell of its own: in a fork of a kernel the singleton would be the kernel's, which
    # publishes to the kernel's sockets. Its namespace is a module of its own name, which
    # IPython registers in sys.modules: the parent's __main__ stays the parent's.
    InteractiveShell.clear_instance()
    namespace = types.ModuleType(NAMESPACE, doc="The namespace a report's cells run in")
    return InteractiveShell.instance(config=config, user_module=namespace)


def _shell():
    """The prepared shell in a child forked after :func:`prepare_shell`; else a new one."""
    if _prepared is not None and _prepared[0] != os.getpid():
        return _prepared[1]
    return _new_shell()


def _output(kind: str, data: dict, metadata: dict, count: int | None = None) -> dict:
    output = {"output_type": kind, "data": data, "metadata": metadata}
    if kind == "execute_result":
        output["execution_count"] = count
    return output


def _error(shell, error: BaseException) -> dict:
    """The error output a kernel sends for ``error``: its name, value and IPython's traceback."""
    try:
        lines = shell.InteractiveTB.structured_traceback(
            type(error), error, error.__traceback__, tb_offset=1
        )
    except Exception:  # noqa: BLE001 - the name and the value still say what happened
        lines = []
    return {
        "output_type": "error",
        "ename": type(error).__name__,
        "evalue": str(error),
        "traceback": lines,
    }


def execute_cells(nb, send) -> None:
    """Run ``nb``'s code cells in a clean IPython shell of this process; ``send(frame)`` each
    code cell's ``{"index", "execution_count", "outputs"}`` as it finishes (a kernel's outputs:
    ``display()`` and the cell's value, no streams; a failing cell's frame ends with its error
    output and also holds ``"error"``, and no later cell runs)."""
    from IPython.utils.capture import capture_output

    shell = _shell()
    count = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        count += 1
        with capture_output(display=True) as captured:
            result = shell.run_cell(cell.source, store_history=False, silent=False)
        shown = [_output("display_data", o.data, o.metadata) for o in captured.outputs]
        frame = {"index": index, "execution_count": count, "outputs": shown}
        error = result.error_before_exec or result.error_in_exec
        if error is not None:
            shown.append(_error(shell, error))
            send(dict(frame, error=[type(error).__name__, str(error)]))
            return
        if result.result is not None:
            data, metadata = shell.display_formatter.format(result.result)
            shown.append(_output("execute_result", data, metadata, count))
        send(frame)


def run(nb, timeout: float, manager=None):
    """Execute ``nb`` in a forked child and fill its code cells' outputs in, in place; return
    it. ``manager`` (papermill's ``NotebookExecutionManager``, or None) is told each cell's
    start, end and failure, as papermill's own engine tells it.

    Raises :class:`CellError` when a cell raises (its error output is in the notebook),
    :class:`CellTimeout` (no cell may run longer than ``timeout`` seconds) or
    :class:`ChildDied`.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, send, leave (never return into the parent's code)
        os.close(read_end)
        code = 0
        try:
            _die_with_parent()
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            with os.fdopen(write_end, "wb", buffering=0) as pipe:

                def send(frame: dict) -> None:
                    payload = json.dumps(frame).encode()
                    pipe.write(HEADER.pack(CELL, len(payload)) + payload)

                execute_cells(nb, send)
        except BaseException:  # noqa: BLE001 - whatever happens, the child must not return
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        _follow(nb, _Frames(read_end, pid, timeout), manager)
    finally:
        os.close(read_end)
        _kill(pid)  # done already, or given up on: either way it ends now
        _reap(pid)
    return nb


def _follow(nb, frames: _Frames, manager) -> None:
    """Fill ``nb`` in from the child's frames, cell by cell, telling ``manager``."""
    import nbformat

    for index, cell in enumerate(nb.cells):
        if manager is not None:
            manager.cell_start(cell, index)
        try:
            if cell.cell_type != "code":
                continue
            frame = frames.next()
            if frame.get("index") != index:
                raise ChildDied("the report's process sent its cells out of order")
            cell.execution_count = frame["execution_count"]
            cell.outputs = [nbformat.from_dict(o) for o in frame["outputs"]]
            if "error" in frame:
                if manager is not None:
                    manager.cell_exception(cell, cell_index=index)
                raise CellError(index, *frame["error"])
        finally:
            if manager is not None:
                manager.cell_complete(cell, cell_index=index)


class _Frames:
    """The child's frames, one at a time; the child is killed when one is late."""

    def __init__(self, fd: int, pid: int, timeout: float):
        self.fd, self.pid, self.timeout = fd, pid, timeout

    def next(self) -> dict:
        deadline = time.monotonic() + self.timeout
        kind, length = HEADER.unpack(self._read(HEADER.size, deadline))
        if kind != CELL:
            raise ChildDied("the report's process sent something else than a cell")
        # The frame is being written: its rest comes at once (no cell is running any more).
        payload = self._read(length, time.monotonic() + max(self.timeout, 60))
        try:
            return json.loads(payload)
        except ValueError:
            raise ChildDied("the report's process sent an incomplete cell") from None

    def _read(self, size: int, deadline: float) -> bytes:
        chunks, wanted = [], size
        while wanted:
            left = deadline - time.monotonic()
            ready = left > 0 and select.select([self.fd], [], [], left)[0]
            if not ready:
                _kill(self.pid)
                raise CellTimeout(f"a cell ran longer than {self.timeout:g} s")
            data = os.read(self.fd, min(wanted, 1 << 20))
            if not data:
                raise ChildDied("the report's process ended before its last cell")
            chunks.append(data)
            wanted -= len(data)
        return b"".join(chunks)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
