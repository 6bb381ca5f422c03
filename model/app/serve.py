"""``prepay app`` and ``prepay lab``: the explorer served with Voilà, and JupyterLab on notebooks/.

Both listen on 127.0.0.1 only. A port already in use, or a server that fails to start, is a
one-line :class:`PrepayError` (the CLI prints it and exits 2); Ctrl-C stops the server and
returns 0.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from prepay_modeller.core.errors import PrepayError
from prepay_modeller.inputs import defaults, paths, processes

HOST = "127.0.0.1"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
EXPLORER = "explorer.ipynb"
FOUNDER = "founder.ipynb"  # prepay app --founder
# A page's kernel is shut down this long after its page went (closed, or never connected);
# Jupyter Server looks every CULL_INTERVAL s, so a gone page's kernel ends within the sum.
DEFAULT_IDLE_TIMEOUT = 90  # s
MIN_IDLE_TIMEOUT, MAX_IDLE_TIMEOUT = 5, 86_400
CULL_INTERVAL = 30  # s, at most (a third of the idle timeout when that is shorter)
DEFAULT_MAX_SESSIONS = 12  # pages at once (~90 MB each: ten sellers, two spare); then "busy"
MAX_MAX_SESSIONS = 500
MAX_SECRET_BYTES = 4096
# The page's Content-Security-Policy: nothing from other origins. Voilà's page runs inline
# scripts (its page config) and its widgets evaluate code and import blob: modules (anywidget),
# so those stay allowed, from this origin only.
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "manifest-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
        "object-src 'none'",
    ]
)
TOKEN_ENV, PASSWORD_ENV = "PREPAY_APP_TOKEN", "PREPAY_APP_PASSWORD_HASH"  # read by voila_main
PARENT_ENV = "PREPAY_APP_PID"  # read by voila_main: the process Voilà dies with
REFILL_DELAY = 10  # s after a page takes the warm kernel before the next one starts
TEMPLATE = "prepay"
JUPYTER_DATA = paths.PACKAGE_DIR / "app" / "jupyter"  # holds voila/templates/prepay


def voila_env(environ: dict | None = None, snapshot: Path | None = None) -> dict:
    """The environment Voilà runs in: ours first on ``JUPYTER_PATH``, so that it finds the
    ``prepay`` template; everything else as given."""
    env = dict(os.environ if environ is None else environ)
    if snapshot is not None:  # its kernels read the defaults validated here
        env[defaults.SNAPSHOT_ENV] = str(snapshot)
    rest = env.get("JUPYTER_PATH")
    env["JUPYTER_PATH"] = os.pathsep.join([str(JUPYTER_DATA)] + ([rest] if rest else []))
    return env


def check_port(port: int, host: str = HOST) -> None:
    """Raise :class:`PrepayError` unless ``port`` is a port we can listen on at ``host``."""
    if not 1 <= int(port) <= 65535:
        raise PrepayError(f"--port: {port} is not a port (allowed: 1 to 65535)")
    with socket.socket(_family(host), socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, int(port)))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PrepayError(
                    f"--port: {port} is already in use on {host} (allowed: a free port; "
                    "try --port 0 for any free one)"
                ) from None
            raise PrepayError(f"--port: cannot listen on {host}:{port} ({exc.strerror})") from None


def _family(host: str) -> int:
    """IPv6 for an IPv6 address (``::1``, ``::``), IPv4 otherwise."""
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def free_port(host: str = HOST) -> int:
    """A port that is free on ``host`` right now."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def is_local(host: str) -> bool:
    return host in LOCAL_HOSTS


ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:[0-9]{1,5})?$")


def service_args(
    host: str, idle_timeout: int, max_sessions: int, origin: str | None = None
) -> list[str]:
    """Voilà's flags for serving many pages safely: gone pages' kernels culled, at most
    ``max_sessions`` pages (and the warm kernel), only local Host headers unless ``host`` is
    not local, the strict :data:`CSP`, and ``origin`` (a reverse proxy's public address, whose
    pages open the widgets' WebSocket) allowed besides the app's own."""
    settings = {
        # A page asked for under another name (DNS rebinding) is refused, unless the app was
        # opened to the network on purpose (--host, with a token or password).
        "allow_remote_access": not is_local(host),
        "local_hostnames": ["localhost"],
        "headers": {
            "Content-Security-Policy": CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    }
    if origin:
        settings["allow_origin"] = origin
    return [
        f"--MappingKernelManager.cull_idle_timeout={idle_timeout}",
        f"--MappingKernelManager.cull_interval={max(1, min(CULL_INTERVAL, idle_timeout // 3))}",
        "--MappingKernelManager.cull_connected=False",  # an open page keeps its kernel
        "--VoilaConfiguration.multi_kernel_manager_class="
        "prepay_modeller.app.sessions.CappedKernelManager",
        f"--CappedKernelManager.max_sessions={max_sessions}",
        f"--Voila.tornado_settings={settings!r}",
    ]


def voila_command(
    port: int,
    open_browser: bool,
    host: str = HOST,
    idle_timeout: int = DEFAULT_IDLE_TIMEOUT,
    max_sessions: int = DEFAULT_MAX_SESSIONS,
    origin: str | None = None,
    notebook: str = EXPLORER,
) -> list[str]:
    """The Voilà command line: one notebook (the explorer, or ``founder.ipynb``) only, no code,
    no tracebacks, a warm kernel waiting, gone pages' kernels culled and at most
    ``max_sessions`` pages at once."""
    notebook = paths.NOTEBOOKS_DIR / notebook
    command = [
        sys.executable,
        "-m",
        "prepay_modeller.app.voila_main",  # voila's own command line, imported ~1.8 s faster
        str(notebook),
        f"--Voila.ip={host}",
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
        # second kernel running the notebook halves the speed of the page still loading. The
        # kernel manager holds the refill back instead, until another page asks for one.
        "--VoilaKernelManager.fill_delay=0",
        f"--CappedKernelManager.refill_delay={REFILL_DELAY}",
        # The charts are widgets with their own plotly.js; the plotly *mimetype* renderer would
        # load a second 4.8 MB copy on every page for nothing.
        "--VoilaConfiguration.extension_denylist=jupyterlab-plotly",
        *service_args(host, idle_timeout, max_sessions, origin),
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


def _run(command: list[str], what: str, env: dict | None = None, pass_fds=()) -> int:
    """Run a server until it ends, Ctrl-C, SIGTERM or SIGHUP; stop it and its kernels."""
    try:
        # Its own process group: a terminal's Ctrl-C reaches only us, and we stop the server
        # with SIGTERM, which shuts its kernels down instead of interrupting them mid-cell.
        process = subprocess.Popen(
            command, cwd=paths.NOTEBOOKS_DIR, env=env, start_new_session=True, pass_fds=pass_fds
        )
    except OSError as exc:
        raise PrepayError(f"{what}: cannot start ({exc.strerror})") from None
    previous = {sig: signal.signal(sig, _stop_on_sigterm) for sig in STOP_SIGNALS}
    # Ctrl-C stops it even where SIGINT was ignored when it started (a shell's background job,
    # `prepay app &`, then `kill -INT`): Python would have left it ignored.
    previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.default_int_handler)
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


def _secret(flag: str, path: str | None, check) -> str | None:
    """The secret in the file ``path`` (a token, or a hashed password), read and checked."""
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_SECRET_BYTES + 1)
        text = data.decode("ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or "is not ASCII text"
        raise PrepayError(f"{flag}: {path} cannot be read ({why})") from None
    problem = check(text) if len(data) <= MAX_SECRET_BYTES else "is too long"
    if problem:
        raise PrepayError(f"{flag}: the secret in {path} {problem}")
    return text


def _token_problem(text: str) -> str | None:
    if len(text) < 16 or not text.isprintable() or " " in text:
        return "is not a token (allowed: 16 or more characters, no spaces)"
    return None


def _hash_problem(text: str) -> str | None:
    if not text.startswith(("argon2:", "sha1:", "sha256:", "sha512:")):
        return (
            "is not a hashed password (allowed: what jupyter_server.auth.passwd() prints, "
            "e.g. argon2:...)"
        )
    return None


def app_settings(
    host: str, idle_timeout, max_sessions, token_file: str | None, password_file: str | None
) -> tuple[int, int, dict]:
    """``prepay app``'s service flags, checked: (idle timeout, max sessions, secrets env)."""
    from prepay_modeller.inputs.numbers import parse_int

    def whole(flag, value, low, high):
        allowed = f"a whole number from {low} to {high}"
        number = parse_int(flag, value, allowed)
        if not low <= number <= high:
            raise PrepayError(f"{flag}: {value} is out of range (allowed: {allowed})")
        return number

    idle = whole("--idle-timeout", idle_timeout, MIN_IDLE_TIMEOUT, MAX_IDLE_TIMEOUT)
    sessions = whole("--max-sessions", max_sessions, 1, MAX_MAX_SESSIONS)
    token = _secret("--token-file", token_file, _token_problem)
    hashed = _secret("--password-file", password_file, _hash_problem)
    if not is_local(host) and not (token or hashed):
        raise PrepayError(
            f"--host: {host} opens the app to the network (allowed: with --token-file or "
            "--password-file, behind a TLS reverse proxy; see docs/hardening.md)"
        )
    secrets_env = {k: v for k, v in ((TOKEN_ENV, token), (PASSWORD_ENV, hashed)) if v}
    return idle, sessions, secrets_env


def run_app(
    port: int = 8866,
    open_browser: bool = True,
    host: str = HOST,
    idle_timeout=DEFAULT_IDLE_TIMEOUT,
    max_sessions=DEFAULT_MAX_SESSIONS,
    token_file: str | None = None,
    password_file: str | None = None,
    origin: str | None = None,
    public_url: str | None = None,
    link_secret_file: str | None = None,
    founder: bool = False,
) -> int:
    """Serve ``notebooks/explorer.ipynb`` (``founder``: ``notebooks/founder.ipynb``) with Voilà
    on ``host``:``port`` until Ctrl-C. The founder's notebook has no client view: a public
    address for client links does not apply to it."""
    if founder:
        public_url = None
    clients = client_links(public_url, link_secret_file, token_file or password_file)
    origin = origin or clients.origin
    if origin is not None and not ORIGIN.match(origin):
        raise PrepayError(
            f"--origin: {origin!r} is not an origin (allowed: https://name or https://name:port)"
        )
    idle, sessions, secrets_env = app_settings(
        host, idle_timeout, max_sessions, token_file, password_file
    )
    bind = "127.0.0.1" if host == "localhost" else host
    port = free_port(bind) if int(port) == 0 else int(port)
    check_port(port, bind)
    # The data files are validated here (a bad file stops the app before it starts; the result
    # is kept in the user's cache until a file changes), and every page's kernel reads what was
    # validated instead of reading the files again.
    snapshot = defaults.snapshot_for_kernels()
    shown = f"[{bind}]" if ":" in bind else bind
    public = clients.env.get(PUBLIC_URL_ENV)
    path = urlsplit(public).path if public else "/"
    what = "the founder's notebook" if founder else "the explorer"
    print(f"prepay: {what} is at http://{shown}:{port}{path} (Ctrl-C stops it)",
          file=sys.stderr)  # fmt: skip
    if public:
        print(f"prepay: clients reach it at {public}", file=sys.stderr)
    notebook = FOUNDER if founder else EXPLORER
    command = voila_command(port, open_browser, bind, idle, sessions, origin, notebook)
    command += clients.args
    # The run's temporary folder (Voilà's connection files; a folder per kernel, removed with
    # it): removed when the app stops, or by the next run if this one was killed. Voilà holds
    # its lock too, and dies with this process (app.voila_main), its kernels with it.
    with processes.scratch_folder("prepay-app-") as scratch:
        env = dict(
            voila_env(snapshot=snapshot),
            **secrets_env,
            **clients.env,
            TMPDIR=str(scratch.path),
            **{PARENT_ENV: str(os.getpid())},
        )
        return _run(command, "voila", env=env, pass_fds=(scratch.lock_fd,))


# --- client links: the public address, the secret, who is a client ---------------------

PUBLIC_URL_ENV, SECRET_FILE_ENV = "PREPAY_PUBLIC_URL", "PREPAY_LINK_SECRET_FILE"  # for kernels


@dataclass(frozen=True)
class ClientLinks:
    """What ``prepay app`` adds to Voilà for client links: its flags, its kernels' environment
    and the public origin (whose pages open the widgets' WebSocket)."""

    args: list
    env: dict
    origin: str | None


def client_links(public_url, secret_file, protected) -> ClientLinks:
    """``--public-url`` and ``--link-secret-file`` checked: the identity provider that lets a
    signed client link in (:mod:`app.client_access`), the secret's file (created on first use)
    and, for the app's kernels, the address every link starts with. A public address beyond
    this machine needs the seller's token or password: behind it, the app must tell a seller
    from a client."""
    from prepay_modeller.inputs import links

    try:
        url = links.read_public_url(public_url, "--public-url") if public_url else None
        links.load_secret(secret_file)  # read (or created) now: a bad file stops the app here
    except PrepayError as exc:
        raise PrepayError(str(exc)) from None
    secret_path = (
        str(Path(secret_file).resolve()) if secret_file else str(links.default_secret_path())
    )
    args = [
        "--Voila.identity_provider_class="
        "prepay_modeller.app.client_access.ClientLinkIdentityProvider",
        f"--ClientLinkIdentityProvider.link_secret_file={secret_path}",
    ]
    env = {SECRET_FILE_ENV: secret_path}
    if url is None:
        return ClientLinks(args, env, None)
    host = urlsplit(url).hostname or ""
    if not is_local(host) and not protected:
        raise PrepayError(
            f"--public-url: {url} lets clients reach the app (allowed: with --token-file or "
            "--password-file, so that the seller's app keeps asking for it while client "
            "links open without it; see docs/client-links.md)"
        )
    path = links.public_path(url)
    if path != "/":
        args.append(f"--Voila.base_url={path}")
    env[PUBLIC_URL_ENV] = url
    return ClientLinks(args, env, links.public_origin(url))


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


def start_app_process(port: int, env: dict | None = None, extra=()) -> subprocess.Popen:
    """``prepay app --no-browser --port PORT [EXTRA...]`` in its own process group (stop it with
    :func:`stop_process`)."""
    return start_server_process("app", port, env, extra)


def start_server_process(
    command: str, port: int, env: dict | None = None, extra=()
) -> subprocess.Popen:
    """``prepay COMMAND --no-browser --port PORT`` (``app`` or ``lab``) in its own process group
    (stop it with :func:`stop_process`)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prepay_modeller",
            command,
            "--no-browser",
            "--port",
            str(port),
            *extra,
        ],  # fmt: skip
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
