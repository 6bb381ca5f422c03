"""``prepay app`` as a service for many users (issue 15): kernels of gone pages are culled, a cap
on pages answers "busy", only local Host headers are served, the page has a strict CSP, and the
app refuses to open to the network without a token or password.
"""

import asyncio
import os
import re
import time
import urllib.error
import urllib.request

import psutil
import pytest

from prepay_modeller.app import serve, voila_main
from prepay_modeller.cli import main

# One xdist worker runs this module, so its module-scoped fixture is made once (make test).
pytestmark = pytest.mark.xdist_group("app_service")


def _kernels(pid: int) -> int:
    count = 0
    for p in psutil.Process(pid).children(recursive=True):
        try:
            count += "ipykernel" in " ".join(p.cmdline()) and p.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            pass
    return count


def _get(port: int, host: str | None = None) -> tuple[int, str, dict]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/")
    if host:
        request.add_header("Host", host)
    try:
        with urllib.request.urlopen(request, timeout=90) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


async def _connect_and_close(port: int, kernel_id: str) -> None:
    """What a browser tab does: connect to its kernel's channels, then go away."""
    from tornado.websocket import websocket_connect

    url = f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels"
    connection = await websocket_connect(url)
    await asyncio.sleep(0.5)
    connection.close()


@pytest.fixture(scope="module")
def app():
    port = serve.free_port()
    # A short cull time for the test (the default is 90 s): a kernel idle 30 s with no page is
    # shut down, looked for every 10 s (long enough for ten pages to load first).
    process = serve.start_app_process(port, extra=["--idle-timeout", "30", "--max-sessions", "10"])
    serve.wait_until_serving(port, process)
    yield port, process
    serve.stop_process(process)


@pytest.mark.slow
def test_ten_pages_then_gone_leave_at_most_the_warm_kernel_and_a_cap_says_busy(app):
    port, process = app
    kernel_ids = []
    for _ in range(10):
        status, page, _ = _get(port)
        assert status == 200
        kernel_ids.append(re.search(r'"kernelId": "([0-9a-f-]+)"', page).group(1))
    assert _kernels(process.pid) >= 10
    # An eleventh page while ten hold a kernel: the app is busy, no kernel is started for it.
    status, page, _ = _get(port)
    assert status == 503 and "The app is busy" in page
    for kernel_id in kernel_ids[::2]:  # five tabs connect, then close; five never connect
        asyncio.run(_connect_and_close(port, kernel_id))
    deadline = time.monotonic() + 90
    while _kernels(process.pid) > 1 and time.monotonic() < deadline:
        time.sleep(1)
    assert _kernels(process.pid) <= 1  # at most the warm kernel, after the cull time
    assert _get(port)[0] == 200  # and a new page is served again


@pytest.mark.slow
def test_only_local_host_headers_and_a_strict_csp(app):
    port, _ = app
    assert _get(port, host="evil.example")[0] == 403  # DNS rebinding: refused
    assert _get(port, host="evil.example:80")[0] == 403
    status, _, headers = _get(port, host=f"localhost:{port}")
    assert status in (200, 503)
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'self'" in csp
    assert "http" not in csp and "*" not in csp  # no outside origin
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_network_needs_a_token_or_a_password(tmp_path, capsys):
    assert main(["app", "--host", "0.0.0.0", "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("prepay: error: --host: 0.0.0.0 opens the app to the network")
    assert len(err.splitlines()) == 1
    short = tmp_path / "short"
    short.write_text("abc\n")
    assert main(["app", "--host", "0.0.0.0", "--token-file", str(short)]) == 2
    assert "is not a token" in capsys.readouterr().err
    plain = tmp_path / "plain"
    plain.write_text("hunter2\n")
    assert main(["app", "--host", "0.0.0.0", "--password-file", str(plain)]) == 2
    assert "is not a hashed password" in capsys.readouterr().err
    assert main(["app", "--token-file", str(tmp_path / "missing")]) == 2
    assert "cannot be read" in capsys.readouterr().err


@pytest.mark.parametrize(
    "flag, value",
    [("--idle-timeout", "0"), ("--idle-timeout", "1e999999"), ("--idle-timeout", "nan"),
     ("--max-sessions", "0"), ("--max-sessions", "2.5"), ("--max-sessions", "\uff11")],
)  # fmt: skip
def test_service_flags_are_checked_first(flag, value, capsys):
    assert main(["app", "--no-browser", flag, value]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"prepay: error: {flag}: ") and len(err.splitlines()) == 1


def test_a_token_reaches_voila_but_not_the_command_line_or_the_kernels(tmp_path):
    token = tmp_path / "token"
    token.write_text("s3cret-token-0123456789\n")
    idle, sessions, env = serve.app_settings("0.0.0.0", "90", "8", str(token), None)
    assert (idle, sessions) == (90, 8)
    command = serve.voila_command(8866, False, "0.0.0.0", idle, sessions)
    assert not any("s3cret" in arg for arg in command)  # argv is visible to every user
    assert "--Voila.ip=0.0.0.0" in command
    assert "'allow_remote_access': True" in next(a for a in command if "tornado_settings" in a)
    environ = dict(os.environ, **env)
    argv = []
    voila_main.secrets_from_env(argv, environ)
    assert argv == ["--Voila.token=s3cret-token-0123456789"]
    assert serve.TOKEN_ENV not in environ  # Voilà's kernels inherit its environment


def test_on_loopback_only_local_names_are_served():
    command = serve.voila_command(8866, False)
    settings = next(a for a in command if a.startswith("--Voila.tornado_settings="))
    assert "'allow_remote_access': False" in settings
    assert "--MappingKernelManager.cull_idle_timeout=90" in command
    assert "--MappingKernelManager.cull_connected=False" in command
    assert "--CappedKernelManager.max_sessions=12" in command


def test_a_reverse_proxy_s_origin_may_open_the_websocket(capsys):
    command = serve.voila_command(8866, False, origin="https://proposals.example.com")
    settings = next(a for a in command if a.startswith("--Voila.tornado_settings="))
    assert "'allow_origin': 'https://proposals.example.com'" in settings
    assert "'allow_remote_access': False" in settings  # still served as localhost only
    assert main(["app", "--no-browser", "--origin", "https://x.example/path"]) == 2
    assert "--origin: " in capsys.readouterr().err
