"""Executing a notebook in a process of its own, forked from a parent that has already imported
everything the template needs, instead of starting a Jupyter kernel for it.

A kernel costs a Python start and the model's imports (pandas, plotly, the data files) for every
report; a fork of a warm parent costs a few milliseconds and shares those imports, copy on
write. Each report still runs in its own process (nothing of one prospect can reach another's:
the child starts from the parent's clean state, never from an earlier report's), and the child
ends with the report: the parent's memory does not grow with the batch.

The child executes the code cells with IPython (the same shell a kernel runs), collects each
cell's rich outputs (``display()`` and the cell's value, as a kernel would send them) into the
notebook, and sends the executed notebook back through a pipe. It writes one byte to the pipe as
each cell finishes, so that the parent gives up on a cell that runs past ``timeout`` (the
child is killed) and knows which cell failed. The child dies with its parent (Linux's
``PR_SET_PDEATHSIG``), whatever signal ends the parent.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import signal
import sys
import time

CELL_DONE = b"."
RESULT = b"R"


class CellError(Exception):
    """A cell raised: ``ename``, ``evalue`` and the cell's index, as nbclient reports them."""

    def __init__(self, index: int, ename: str, evalue: str):
        self.index, self.ename, self.evalue = index, ename, evalue
        super().__init__(f"cell {index} raised {ename}: {evalue}")


class CellTimeout(TimeoutError):
    """A cell ran longer than the timeout; its process was killed."""


class ChildDied(RuntimeError):
    """The report's process ended without sending its notebook (killed, or crashed)."""


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # not Linux: the parent's handlers still kill its children
        pass


def warm() -> None:
    """Import what :func:`execute_cells` needs, once, in the parent every child is forked from."""
    import IPython.core.interactiveshell  # noqa: F401
    import IPython.utils.capture  # noqa: F401
    import nbformat  # noqa: F401


_prepared: tuple[int, object] | None = None  # (the pid that made it, an unused IPython shell)


def prepare_shell() -> None:
    """Make, in this parent, the IPython shell its children will run cells in (~0.1 s a report
    saved). The parent never runs a cell in it, so each child starts from its clean state."""
    global _prepared
    main = sys.modules.get("__main__")
    shell = _new_shell()
    if main is not None:  # IPython registers its namespace as __main__: the parent keeps its own
        sys.modules["__main__"] = main
    _prepared = (os.getpid(), shell)


def _new_shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False  # no history database, no thread writing it
    # A shell of its own: in a fork of a kernel the singleton would be the kernel's, which
    # publishes to the kernel's sockets.
    InteractiveShell.clear_instance()
    return InteractiveShell.instance(config=config)


def _shell():
    """The prepared shell in a child forked after :func:`prepare_shell`; else a new one."""
    if _prepared is not None and _prepared[0] != os.getpid():
        shell = _prepared[1]
        sys.modules["__main__"] = shell.user_module
        return shell
    return _new_shell()


def _output(kind: str, data: dict, metadata: dict) -> dict:
    output = {"output_type": kind, "data": data, "metadata": metadata}
    if kind == "execute_result":
        output["execution_count"] = None
    return output


def execute_cells(nb, progress=None) -> dict[int, list[dict]]:
    """Run ``nb``'s code cells in a clean IPython shell of this process; return each code
    cell's outputs (as a kernel sends them: ``display()`` and the cell's value; no streams) by
    the cell's index.

    Raises :class:`CellError` for the first cell that raises. ``progress()`` is called after
    each code cell.
    """
    from IPython.utils.capture import capture_output

    shell = _shell()
    outputs = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        with capture_output(display=True) as captured:
            result = shell.run_cell(cell.source, store_history=False, silent=False)
        error = result.error_before_exec or result.error_in_exec
        if error is not None:
            raise CellError(index, type(error).__name__, str(error))
        shown = [_output("display_data", o.data, o.metadata) for o in captured.outputs]
        if result.result is not None:
            shown.append(_output("execute_result", *shell.display_formatter.format(result.result)))
        outputs[index] = shown
        if progress is not None:
            progress()
    return outputs


def run(nb, timeout: float):
    """Execute ``nb`` in a forked child; return it with its code cells' outputs filled in.

    Raises :class:`CellError`, :class:`CellTimeout` (no cell may run longer than ``timeout``
    seconds) or :class:`ChildDied`. The child sends its outputs as JSON (never a pickle: the
    parent reads nothing from a child it could execute).
    """
    import nbformat

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
                try:
                    outputs = execute_cells(nb, progress=lambda: pipe.write(CELL_DONE))
                    answer = {"outputs": outputs}
                except CellError as exc:
                    answer = {"cell": [exc.index, exc.ename, exc.evalue]}
                pipe.write(RESULT + json.dumps(answer).encode())
        except BaseException:  # noqa: BLE001 - whatever happens, the child must not return
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        payload = _receive(read_end, pid, timeout)
    finally:
        os.close(read_end)
        _reap(pid)
    try:
        answer = json.loads(payload)
    except ValueError:
        raise ChildDied("the report's process sent an incomplete result") from None
    if "cell" in answer:
        raise CellError(*answer["cell"])
    for index, outputs in answer["outputs"].items():
        nb.cells[int(index)].outputs = [nbformat.from_dict(o) for o in outputs]
    return nb


def _receive(fd: int, pid: int, timeout: float) -> bytes:
    """Read the child's progress bytes, then its result; kill it when a cell runs too long."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    receiving = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0 and not receiving:
            _kill(pid)
            raise CellTimeout(f"a cell ran longer than {timeout:g} s")
        ready, _, _ = select.select([fd], [], [], max(left, 0) if not receiving else 5)
        if not ready:
            if receiving:  # the result is being written: wait for the rest
                continue
            continue
        data = os.read(fd, 1 << 16)
        if not data:
            break
        if receiving:
            chunks.append(data)
            continue
        marks = data.split(RESULT, 1)
        if marks[0]:
            deadline = time.monotonic() + timeout  # a cell finished: the next one has its time
        if len(marks) == 2:
            receiving = True
            chunks.append(marks[1])
    if not receiving:
        raise ChildDied("the report's process ended without its result")
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
