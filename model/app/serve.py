"""``prepay app`` and ``prepay lab``: the explorer served with Voilà, and JupyterLab on notebooks/.

Both listen on 127.0.0.1 only. A port already in use, or a server that fails to start, is a
one-line :class:`PrepayError` (the CLI prints it and exits 2); Ctrl-C stops the server and
returns 0.
"""

from __future__ import annotations

import errno
import os
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path

from prepay_modeller.core.errors import PrepayError
from prepay_modeller.inputs import defaults, paths
from prepay_modeller.inputs.fastimport import KERNEL_FLAG

HOST = "127.0.0.1"
EXPLORER = "explorer.ipynb"
REFILL_DELAY = 10  # s after a page takes the warm kernel before the next one starts
TEMPLATE = "prepay"
JUPYTER_DATA = paths.PACKAGE_DIR / "app" / "jupyter"  # holds voila/templates/prepay


def voila_env(environ: dict | None = None, snapshot: Path | None = None) -> dict:
    """The environment Voilà runs in: ours first on ``JUPYTER_PATH``, so that it finds the
    ``prepay`` template; everything else as given."""
    env = dict(os.environ if environ is None else environ)
    env[KERNEL_FLAG] = "1"  # its kernels load pandera without dask and hypothesis
    if snapshot is not None:  # its kernels read the defaults validated here
        env[defaults.SNAPSHOT_ENV] = str(snapshot)
    rest = env.get("JUPYTER_PATH")
    env["JUPYTER_PATH"] = os.pathsep.join([str(JUPYTER_DATA)] + ([rest] if rest else []))
    return env


def check_port(port: int, host: str = HOST) -> None:
    """Raise :class:`PrepayError` unless ``port`` is a port we can listen on at ``host``."""
    if not 1 <= int(port) <= 65535:
        raise PrepayError(f"--port: {port} is not a port (allowed: 1 to 65535)")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, int(port)))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PrepayError(
                    f"--port: {port} is already in use on {host} (allowed: a free port; "
                    "try --port 0 for any free one)"
                ) from None
            raise PrepayError(f"--port: cannot listen on {host}:{port} ({exc.strerror})") from None


def free_port(host: str = HOST) -> int:
    """A port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def voila_command(port: int, open_browser: bool) -> list[str]:
    """The Voilà command line: the explorer only, no code, no tracebacks, a warm kernel waiting."""
    notebook = paths.NOTEBOOKS_DIR / EXPLORER
    command = [
        sys.executable,
        "-m",
        "prepay_modeller.app.voila_main",  # voila's own command line, imported ~1.8 s faster
        str(notebook),
        f"--Voila.ip={HOST}",
        f"--port={port}",
        "--Voila.port_retries=0",  # a taken port is an error, not a silent move to another
        "--strip_sources=True",  # no code in the page
        "--show_tracebacks=False",
        "--theme=light",
        # Voilà's lab template without its Font Awesome stylesheets from the internet
        # (model/jupyter/voila/templates/prepay; found through JUPYTER_PATH, see voila_env).
        f"--template={TEMPLATE}",
        "--preheat_kernel=True",  # a kernel runs the notebook before the first visit
        "--pool_size=1",
        # Voilà refills the pool 1 s after a page takes the warm kernel: on two cores that
        # second kernel running the notebook halves the speed of the page still loading.
        f"--VoilaKernelManager.fill_delay={REFILL_DELAY}",
        # The charts are widgets with their own plotly.js; the plotly *mimetype* renderer would
        # load a second 4.8 MB copy on every page for nothing.
        "--VoilaConfiguration.extension_denylist=jupyterlab-plotly",
    ]
    if not open_browser:
        command.append("--no-browser")
    return command


def lab_command(port: int, open_browser: bool) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={paths.NOTEBOOKS_DIR}",
        # No "get notified about Jupyter news?" prompt and no update check: both call out to the
        # internet, which a sales laptop on a client's network or a CI machine may not reach.
        # The prompt is a setting's default, changed in our own overrides.json (a user's own
        # settings still win over it).
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.app_settings_dir={paths.PACKAGE_DIR / 'app' / 'static' / 'lab_settings'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Jupyter refuses to start as root without it (containers, CI); it listens on loopback.
        command.append("--allow-root")
    if not open_browser:
        command.append("--no-browser")
    return command


def _stop_on_sigterm(*_):
    raise KeyboardInterrupt


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)  # kill, and a closed terminal; Ctrl-C is SIGINT


def _descendants(pid: int) -> list:
    import psutil  # a dependency of ipykernel; only needed when stopping

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _end(processes: list, grace: float = 5) -> None:
    """Terminate what is still running of ``processes`` and wait; kill what does not end."""
    import psutil

    alive = [p for p in processes if p.is_running()]
    for proc in alive:
        try:
            proc.terminate()
        except psutil.Error:
            pass
    _, left = psutil.wait_procs(alive, timeout=grace)
    for proc in left:
        try:
            proc.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(left, timeout=grace)


def _stop(process: subprocess.Popen) -> None:
    """Stop the server and everything it started (kernels run in sessions of their own)."""
    children = _descendants(process.pid)
    if process.poll() is None:
        process.terminate()  # SIGTERM: the server shuts its kernels down without asking
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    _end(children)  # a kernel the server did not stop in time is not left to the init process


def _run(command: list[str], what: str, env: dict | None = None) -> int:
    """Run a server until it ends, Ctrl-C, SIGTERM or SIGHUP; stop it and its kernels."""
    try:
        # Its own process group: a terminal's Ctrl-C reaches only us, and we stop the server
        # with SIGTERM, which shuts its kernels down instead of interrupting them mid-cell.
        process = subprocess.Popen(
            command, cwd=paths.NOTEBOOKS_DIR, env=env, start_new_session=True
        )
    except OSError as exc:
        raise PrepayError(f"{what}: cannot start ({exc.strerror})") from None
    previous = {sig: signal.signal(sig, _stop_on_sigterm) for sig in STOP_SIGNALS}
    try:
        code = process.wait()
    except KeyboardInterrupt:
        _stop(process)
        print(f"prepay: {what} stopped", file=sys.stderr)
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if code in (0, -signal.SIGINT, -signal.SIGTERM, 130):
        return 0
    raise PrepayError(f"{what} stopped with status {code} (its log is above)")


def run_app(port: int = 8866, open_browser: bool = True) -> int:
    """Serve ``notebooks/explorer.ipynb`` with Voilà on 127.0.0.1:``port`` until Ctrl-C."""
    port = free_port() if int(port) == 0 else int(port)
    check_port(port)
    # The data files are validated here (a bad file stops the app before it starts; the result
    # is kept in the user's cache until a file changes), and every page's kernel reads what was
    # validated instead of loading pandera again.
    snapshot = defaults.snapshot_for_kernels()
    print(f"prepay: the explorer is at http://{HOST}:{port}/ (Ctrl-C stops it)", file=sys.stderr)
    return _run(voila_command(port, open_browser), "voila", env=voila_env(snapshot=snapshot))


def run_lab(port: int = 8888, open_browser: bool = True) -> int:
    """Run JupyterLab on ``notebooks/`` on 127.0.0.1:``port`` until Ctrl-C.

    The address printed works as it is: it carries the server's token (``$JUPYTER_TOKEN`` when
    set, else a new random one), which JupyterLab would otherwise ask for on a login page.
    """
    port = free_port() if int(port) == 0 else int(port)
    check_port(port)
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_urlsafe(24)
    url = f"http://{HOST}:{port}/lab?token={token}"
    print(f"prepay: JupyterLab on notebooks/ at {url} (Ctrl-C stops it)", file=sys.stderr)
    env = dict(os.environ, JUPYTER_TOKEN=token)  # jupyter_server's own variable
    return _run(lab_command(port, open_browser), "jupyter lab", env=env)


# --- for tests and benchmarks: the app as a background process -----------------------------------


def start_app_process(port: int, env: dict | None = None) -> subprocess.Popen:
    """``prepay app --no-browser --port PORT`` in its own process group (stop it with
    :func:`stop_process`)."""
    return start_server_process("app", port, env)


def start_server_process(command: str, port: int, env: dict | None = None) -> subprocess.Popen:
    """``prepay COMMAND --no-browser --port PORT`` (``app`` or ``lab``) in its own process group
    (stop it with :func:`stop_process`)."""
    return subprocess.Popen(
        [sys.executable, "-m", "prepay_modeller", command, "--no-browser", "--port", str(port)],
        cwd=paths.PROJ_ROOT or None,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def wait_until_serving(port: int, process: subprocess.Popen, timeout: float = 120) -> None:
    """Block until something accepts connections on 127.0.0.1:``port``."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise PrepayError(f"prepay app exited with status {process.returncode}: {err[-500:]}")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(0.2)
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.05)
    raise PrepayError(f"prepay app did not listen on {HOST}:{port} within {timeout:.0f} s")


def stop_process(process: subprocess.Popen, timeout: float = 40) -> int:
    """SIGTERM ``prepay app`` (it stops Voilà and its kernels); kill it after ``timeout``."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode
