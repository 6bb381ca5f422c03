"""Executing a notebook in a forked child (presentation.forkrun): rich outputs as a kernel
sends them, a timeout per cell, a failing cell named, a crashed child reported, no state from
one run in the next, and a child that dies with its parent."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import nbformat
import pytest

from prepay_modeller.presentation import forkrun


def notebook(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def test_outputs_are_the_ones_a_kernel_sends():
    nb = notebook(
        "class H:\n    def _repr_html_(self):\n        return '<b>hi</b>'",
        "display(H()); 6 * 7",
        "print('a log line')",
    )
    done = forkrun.run(nb, timeout=30)
    shown, value = done.cells[1].outputs
    assert shown.output_type == "display_data" and shown.data["text/html"] == "<b>hi</b>"
    assert value.output_type == "execute_result" and value.data["text/plain"] == "42"
    assert done.cells[2].outputs == []  # streams are not part of a document


@pytest.mark.parametrize("prepared", [False, True])
def test_each_run_starts_clean(prepared, monkeypatch):
    main = sys.modules["__main__"]
    if prepared:  # the shell made once in the parent, as prepay reports does
        monkeypatch.setattr(forkrun, "_prepared", None)
        forkrun.prepare_shell()
        assert sys.modules["__main__"] is main  # the parent keeps its own __main__
    forkrun.run(notebook("secret = 'prospect A'"), timeout=30)
    with pytest.raises(forkrun.CellError) as err:
        forkrun.run(notebook("secret"), timeout=30)
    assert (err.value.index, err.value.ename) == (0, "NameError")


def test_a_failing_cell_is_named():
    with pytest.raises(forkrun.CellError) as err:
        forkrun.run(notebook("x = 1", "raise ValueError('boom')"), timeout=30)
    assert (err.value.index, err.value.ename, err.value.evalue) == (1, "ValueError", "boom")


def test_a_cell_past_the_timeout_is_killed():
    started = time.monotonic()
    with pytest.raises(forkrun.CellTimeout):
        forkrun.run(notebook("import time", "time.sleep(60)"), timeout=1.5)
    assert time.monotonic() - started < 10


def test_the_timeout_is_per_cell():
    done = forkrun.run(notebook(*["import time; time.sleep(0.6)"] * 3), timeout=1.5)
    assert len(done.cells) == 3  # 1.8 s in all, no cell over 1.5 s


def test_a_crashed_child_is_reported():
    with pytest.raises(forkrun.ChildDied):
        forkrun.run(notebook("import os; os._exit(3)"), timeout=30)


@pytest.mark.slow
def test_the_child_dies_with_its_parent(tmp_path):
    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import nbformat
                from prepay_modeller.presentation import forkrun
                nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
                    "import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid()));"
                    " time.sleep(120)")])
                forkrun.run(nb, timeout=300)
                """
            ),
        ]
    )
    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline and parent.poll() is None
        time.sleep(0.1)
    child = int(pid_file.read_text())
    parent.send_signal(signal.SIGKILL)  # nothing of the parent's runs: the kernel ends it
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(child):
        assert time.monotonic() < deadline, "the child outlived its parent"
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (already dead, not yet reaped by init) counts as gone.
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split(")")[-1].split()[0] != "Z"


@pytest.mark.slow
def test_a_forked_report_is_the_kernels_report_byte_for_byte():
    """The batch's engine (a child forked per report) and the app's (a Jupyter kernel) execute
    the proposal template into the same page: only the render's random nonce, the charts' random
    element ids and papermill's random cell id differ."""
    import re

    from prepay_modeller.presentation import render

    job = {
        "row": 1,
        "prospect": "Bluefin Payroll",
        "stem": "x",
        "params": {"prospect": "Bluefin Payroll", "option": "prepay-6", "rate": 45000.0},
        "formats": ["html"],
        "template": str(render.TEMPLATE),
        "timeout": 60,
    }
    worker = render._worker()
    pages = {}
    try:
        for engine in ("kernel", "fork"):
            worker.engine = engine
            result = render.render_job(dict(job, engine=engine))
            assert result["status"] == "ok", result["error"]
            pages[engine] = result["files"]["x.html"].decode()
    finally:
        render.close_worker()

    def same(page: str) -> str:
        page = re.sub(r"nonce-[\w-]+|nonce=\"[^\"]+\"", "NONCE", page)
        page = re.sub(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "UUID", page)
        return re.sub(r'id="cell-id=[^"]+"', 'id="CELL"', page)

    assert "Bluefin Payroll" in pages["fork"] and "6-month prepay" in pages["fork"]
    assert same(pages["fork"]) == same(pages["kernel"])


def test_papermill_runs_a_notebook_on_the_fork_engine_and_reports_its_failing_cell(tmp_path):
    """Through papermill (``engine_name="prepay-fork"``): outputs and metadata filled in cell by
    cell, and a raising cell is papermill's own error: its traceback in the cell, papermill's
    error markers in the saved notebook, the later cells never run."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    nb = notebook("x = 6", "x * 7", "raise ValueError('boom')", "never = True")
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("# A title"))
    saved = tmp_path / "out.ipynb"
    with pytest.raises(PapermillExecutionError) as err:
        papermill.execute_notebook(nb, str(saved), engine_name="prepay-fork", progress_bar=False)
    assert (err.value.ename, err.value.evalue, err.value.exec_count) == ("ValueError", "boom", 3)
    done = nbformat.read(saved, as_version=4)
    marker, title, first, second, anchor, failing, never = done.cells
    assert "papermill-error-cell-tag" in marker.metadata.tags
    assert "papermill-error-cell" in anchor.source  # papermill's anchor above the failing cell
    assert second.outputs[0].data["text/plain"] == "42" and second.execution_count == 2
    assert failing.outputs[-1].output_type == "error" and failing.outputs[-1].ename == "ValueError"
    assert any("boom" in line for line in failing.outputs[-1].traceback)
    statuses = [c.metadata.papermill.status for c in (title, first, second, failing, never)]
    assert statuses == ["completed", "completed", "completed", "failed", "pending"]
    assert never.outputs == [] and done.metadata.papermill.exception is True
