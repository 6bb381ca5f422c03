"""The explorer notebook runs headless, is committed without outputs, and the servers fail
cleanly (one line, exit 2) on a port that is taken."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from prepay_modeller.app import serve
from prepay_modeller.cli import main
from prepay_modeller.core.errors import PrepayError
from prepay_modeller.inputs import paths

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


def test_voila_finds_the_prepay_template_first():
    assert "--template=prepay" in serve.voila_command(8866, open_browser=False)
    template = serve.JUPYTER_DATA / "voila" / "templates" / "prepay"
    assert json.loads((template / "conf.json").read_text()) == {"base_template": "lab"}
    assert "cdn.jsdelivr.net" in (template / "index.html.j2").read_text()  # what it strips
    env = serve.voila_env({"JUPYTER_PATH": "/elsewhere", "HOME": "/home/x"})
    assert env["JUPYTER_PATH"] == os.pathsep.join([str(serve.JUPYTER_DATA), "/elsewhere"])
    assert env["HOME"] == "/home/x"
    assert serve.voila_env({})["JUPYTER_PATH"] == str(serve.JUPYTER_DATA)


def test_lab_command_asks_nothing_of_the_internet():
    command = serve.lab_command(8888, open_browser=False)
    assert "--LabApp.news_url=None" in command
    assert "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in command
    settings = next(c for c in command if c.startswith("--LabApp.app_settings_dir="))
    overrides = Path(settings.split("=", 1)[1]) / "overrides.json"
    notification = json.loads(overrides.read_text())["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}


def test_a_failing_server_is_one_line():
    fail = [sys.executable, "-c", "import sys; sys.exit(3)"]
    with pytest.raises(PrepayError, match=r"^voila stopped with status 3 \(its log is above\)$"):
        serve._run(fail, "voila")


def _stops_cleanly(sig: int, whole_group: bool) -> None:
    port = serve.free_port()
    process = serve.start_app_process(port)
    serve.wait_until_serving(port, process)
    try:
        # Open the page once, so a kernel runs besides Voila's warm one.
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60).read()
        (os.killpg if whole_group else os.kill)(process.pid, sig)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:  # a failed stop leaves nothing running behind the test
            serve.stop_process(process)
    err = process.stderr.read().decode()
    assert err.rstrip().endswith("prepay: voila stopped")
    assert "Traceback" not in err
    # No kernel left behind: each runs with a connection file in Voila's folder of the run.
    folder = re.search(r"Storing connection files in (\S+?)\.?$", err, re.M).group(1)
    running = subprocess.run(["pgrep", "-f", folder], capture_output=True, text=True)
    assert running.stdout.strip() == ""  # prepay waited for every kernel before it said so


@pytest.mark.slow
def test_ctrl_c_stops_the_app_cleanly():
    _stops_cleanly(signal.SIGINT, whole_group=True)  # what a terminal's Ctrl-C does


@pytest.mark.slow
def test_a_closed_terminal_stops_the_app_and_its_kernels():
    _stops_cleanly(signal.SIGHUP, whole_group=False)  # SIGHUP to prepay alone


def test_prepay_lab_prints_a_url_with_its_token(monkeypatch, capsys):
    ran = {}
    monkeypatch.setattr(serve, "_run", lambda command, what, env=None: ran.update(env=env) or 0)
    monkeypatch.delenv("JUPYTER_TOKEN", raising=False)
    assert serve.run_lab(port=0, open_browser=False) == 0
    line = capsys.readouterr().err.strip()
    url = re.search(r"(http://127\.0\.0\.1:\d+/lab\?token=(\S+)) ", line)
    assert url and ran["env"]["JUPYTER_TOKEN"] == url.group(2) and len(url.group(2)) >= 24
    monkeypatch.setenv("JUPYTER_TOKEN", "mine")  # a token the user set is kept
    serve.run_lab(port=0, open_browser=False)
    assert "/lab?token=mine " in capsys.readouterr().err


@pytest.mark.slow
def test_the_url_prepay_lab_prints_opens_jupyterlab_without_a_login(tmp_path):
    import urllib.request

    port = serve.free_port()
    env = dict(os.environ, JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "w"))
    env.pop("JUPYTER_TOKEN", None)
    process = serve.start_server_process("lab", port, env)
    try:
        line = process.stderr.readline().decode()
        url = re.search(r"(http://\S+/lab\?token=\S+)", line).group(1)
        serve.wait_until_serving(port, process)
        with urllib.request.urlopen(url, timeout=60) as answer:
            assert answer.status == 200 and "/login" not in answer.url
        bare = f"http://127.0.0.1:{port}/lab"
        with urllib.request.urlopen(bare, timeout=60) as answer:
            assert "/login" in answer.url  # without the token: the login page
    finally:
        serve.stop_process(process)


def test_an_ipv6_host_is_checked_as_ipv6():
    # --host ::1 used to fail the port check (an IPv4 socket cannot bind an IPv6 address).
    port = serve.free_port("::1")
    serve.check_port(port, "::1")
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as taken:
        taken.bind(("::1", port))
        taken.listen()
        with pytest.raises(PrepayError, match=r"already in use on ::1"):
            serve.check_port(port, "::1")
