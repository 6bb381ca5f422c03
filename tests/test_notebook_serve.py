"""The explorer notebook runs headless, is committed without outputs, and the servers fail
cleanly (one line, exit 2) on a port that is taken."""

import socket

import nbformat
import pytest
from nbclient import NotebookClient

from model import paths, serve
from model.cli import main
from model.errors import PrepayError

EXPLORER = paths.NOTEBOOKS_DIR / "explorer.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_notebooks_are_committed_without_outputs():
    for path in paths.NOTEBOOKS_DIR.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.slow
def test_explorer_notebook_runs_headless(tmp_path):
    nb = nbformat.read(EXPLORER, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    ).execute()
    outputs = [o for cell in nb.cells for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any(WIDGET_VIEW in o.get("data", {}) for o in outputs)  # the app, displayed


@pytest.fixture
def taken_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield sock.getsockname()[1]


def test_a_taken_port_is_a_clear_error(taken_port):
    with pytest.raises(PrepayError, match=f"--port: {taken_port} is already in use"):
        serve.check_port(taken_port)


@pytest.mark.parametrize("command", ["app", "lab"])
def test_cli_exits_2_with_one_line_on_a_taken_port(command, taken_port, capsys):
    assert main([command, "--port", str(taken_port), "--no-browser"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"prepay: error: --port: {taken_port} is already in use on 127.0.0.1 "
        "(allowed: a free port; try --port 0 for any free one)"
    ]


def test_voila_command_shows_no_code_on_loopback():
    command = serve.voila_command(8866, open_browser=False)
    assert "--Voila.ip=127.0.0.1" in command and "--strip_sources=True" in command
    assert "--no-browser" in command and "--Voila.port_retries=0" in command
    assert str(EXPLORER) in command
