"""``prepay app`` as a service for many users (issue 15): kernels of gone pages are culled, a cap
on pages answers "busy", only local Host headers are served, the page has a strict CSP, and the
app refuses to open to the network without a token or password.
"""

import asyncio
import concurrent.futures
import os
import re
import shutil
import signal
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest

from prepay_modeller.app import serve, voila_main
from prepay_modeller.cli import main

# One xdist worker runs this module, so its module-scoped fixture is made once (make test).
pytestmark = pytest.mark.xdist_group("app_service")
SHOTS = os.environ.get("PREPAY_SCREENSHOTS")  # where to keep the busy page's picture


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
    # A short cull time for the test (the default is 90 s): a kernel idle 15 s with no page is
    # shut down, looked for every 5 s (the ten pages open together, so the first kernel to be
    # ready has waited only as long as the others took to catch up when they are counted).
    process = serve.start_app_process(port, extra=["--idle-timeout", "15", "--max-sessions", "10"])
    serve.wait_until_serving(port, process)
    yield port, process
    serve.stop_process(process)


@pytest.mark.slow
def test_ten_pages_then_gone_leave_at_most_the_warm_kernel_and_a_cap_says_busy(app):
    port, process = app
    with concurrent.futures.ThreadPoolExecutor(10) as pool:  # ten tabs opened together
        pages = list(pool.map(lambda _: _get(port), range(10)))
    assert [status for status, _, _ in pages] == [200] * 10
    kernel_ids = [re.search(r'"kernelId": "([0-9a-f-]+)"', page).group(1) for _, page, _ in pages]
    assert len(set(kernel_ids)) == 10
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


# --- many pages at once, a killed app, the next start (issue 21) -------------------------------


def _alive(p: psutil.Process) -> bool:
    try:
        return p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


@pytest.fixture(scope="module")
def killed_then_capped():
    """``prepay app`` killed with SIGKILL while serving (its warm kernel up), then started again
    with ``--max-sessions 2`` and the same temporary folder: what the first left, and the
    second server."""
    tmp = Path(tempfile.mkdtemp(prefix="pa-", dir="/tmp"))  # short: kernels' socket paths
    env = dict(os.environ, TMPDIR=str(tmp))
    first_port = serve.free_port()
    first = serve.start_app_process(first_port, env)
    second = None
    try:
        serve.wait_until_serving(first_port, first)
        deadline = time.monotonic() + 120
        while _kernels(first.pid) < 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        started = [psutil.Process(first.pid), *psutil.Process(first.pid).children(recursive=True)]
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        first.stderr.close()
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in started) and time.monotonic() < deadline:
            time.sleep(0.2)
        alive = [" ".join(p.cmdline()[:4]) for p in started if _alive(p)]
        left = sorted(p.name for p in tmp.iterdir())
        port = serve.free_port()
        second = serve.start_app_process(port, env, ["--max-sessions", "2"])
        serve.wait_until_serving(port, second)
        yield SimpleNamespace(
            started=started, alive=alive, left=left, tmp=tmp, port=port, process=second
        )
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        if second is not None:
            serve.stop_process(second)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.mark.slow
def test_sigkill_to_the_app_leaves_no_server_or_kernel_and_the_next_start_cleans_up(
    killed_then_capped,
):
    run = killed_then_capped
    assert len(run.started) >= 3  # prepay app, Voilà, the warm kernel
    assert run.alive == []  # 10 s after the SIGKILL
    assert len(run.left) == 1 and run.left[0].startswith("prepay-app-")  # the killed run's
    now = sorted(p.name for p in run.tmp.iterdir())
    assert len(now) == 1 and now[0].startswith("prepay-app-") and now != run.left


@pytest.mark.slow
@pytest.mark.browser
def test_twice_the_cap_at_once_serves_at_most_the_cap(killed_then_capped):
    """Four pages opened at the same instant on an app capped at two: two are served, two get
    the busy page, and no more kernels run than two pages and the warm one."""
    from playwright.async_api import async_playwright

    from prepay_modeller.presentation.pdf import CHROMIUM, CHROMIUM_ARGS

    url = f"http://127.0.0.1:{killed_then_capped.port}/"

    async def open_at_once(n: int) -> list[tuple[int, str]]:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                pages = [
                    await browser.new_page(viewport={"width": 1366, "height": 768})
                    for _ in range(n)
                ]
                answers = await asyncio.gather(
                    *(page.goto(url, wait_until="domcontentloaded", timeout=180_000)
                      for page in pages)
                )  # fmt: skip
                seen = [(a.status, await page.inner_text("body")) for a, page in zip(
                    answers, pages, strict=True)]  # fmt: skip
                busy = next((p for (status, _), p in zip(seen, pages, strict=True)
                             if status == 503), None)  # fmt: skip
                if busy is not None and SHOTS:
                    await busy.screenshot(path=str(Path(SHOTS) / "busy-page.png"))
                return seen
            finally:
                await browser.close()

    seen = asyncio.run(open_at_once(4))
    statuses = sorted(status for status, _ in seen)
    assert statuses == [200, 200, 503, 503], statuses
    assert all("The app is busy" in text for status, text in seen if status == 503)
    assert _kernels(killed_then_capped.process.pid) <= 3


# --- the cap's bookkeeping, without kernels --------------------------------------------------


@pytest.fixture
def manager(monkeypatch, tmp_path):
    """A capped kernel manager whose kernels are only names (Jupyter Server's start and
    shutdown replaced), in a temporary folder of the test's own."""
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    from prepay_modeller.app import sessions

    async def start(self, *, kernel_id=None, **kwargs):
        self.started_env = kwargs.get("env")
        self._kernels[kernel_id] = object()
        return kernel_id

    async def shutdown(self, kernel_id, *args, **kwargs):
        self._kernels.pop(kernel_id)

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", start)

    async def shutdown_all(self, *args, **kwargs):
        self._kernels.clear()

    monkeypatch.setattr(AsyncMappingKernelManager, "shutdown_kernel", shutdown)
    monkeypatch.setattr(AsyncMappingKernelManager, "shutdown_all", shutdown_all)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return sessions.CappedKernelManager(max_sessions=2, refill_delay=3600)


WARM_ENV = {"VOILA_PREHEAT": "True"}


def _page(manager, coroutine_of):
    """Serve one page as voila_main's handler does: admitted first, then ``coroutine_of``."""
    from prepay_modeller.app.sessions import PAGE

    admission = manager.admit()
    token = PAGE.set(admission)
    try:
        return asyncio.get_event_loop().run_until_complete(coroutine_of(admission))
    finally:
        PAGE.reset(token)
        admission.release()


def test_pages_past_the_cap_are_busy_until_a_page_goes(manager, tmp_path):
    from tornado.web import HTTPError

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        warm = loop.run_until_complete(manager.start_kernel(env=dict(WARM_ENV)))
        assert manager.sessions() == 0  # the warm kernel is no page's
        # The first page takes the warm kernel, the second starts one of its own.
        taken = _page(manager, lambda a: _take(manager, a, warm))
        own = _page(manager, lambda a: manager.start_kernel(env={}))
        assert taken == warm and manager.sessions() == 2
        with pytest.raises(HTTPError) as busy:
            manager.admit()
        assert busy.value.status_code == 503
        # Each kernel ran in a folder of its own (its TMPDIR), which goes with it.
        folder = Path(manager.started_env["TMPDIR"])
        assert folder.parent == tmp_path and folder.is_dir()
        loop.run_until_complete(manager.shutdown_kernel(own))  # a page closed, or culled
        assert not folder.exists() and manager.sessions() == 1
        assert manager.admit() is not None  # a page is served again
    finally:
        loop.close()
        asyncio.set_event_loop(None)


async def _take(manager, admission, warm):
    manager.take_warm(admission)
    return warm


def test_a_page_taking_a_warm_kernel_still_starting_holds_it_once_started(manager):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        admission = manager.admit()
        manager.take_warm(admission)  # Voilà's pool kernel has not begun starting
        assert manager.sessions() == 1 and admission.state == "claimed"
        kernel = loop.run_until_complete(manager.start_kernel(env=dict(WARM_ENV)))
        assert admission.state == "held" and manager.sessions() == 1
        admission.release()  # the page's request ends: its kernel stays counted
        assert manager.sessions() == 1
        loop.run_until_complete(manager.shutdown_kernel(kernel))
        assert manager.sessions() == 0
    finally:
        loop.close()
        asyncio.set_event_loop(None)


def test_the_refill_waits_until_another_page_asks(manager):
    async def scenario():
        first = await manager.start_kernel(env=dict(WARM_ENV))  # no page took one yet: at once
        manager.take_warm(manager.admit())
        refill = asyncio.ensure_future(manager.start_kernel(env=dict(WARM_ENV)))
        await asyncio.sleep(0.2)
        waiting = not refill.done()  # an hour's delay (refill_delay) ahead of it
        manager.admit()  # another page asks: the refill starts now
        second = await asyncio.wait_for(refill, 10)
        return first, waiting, second

    first, waiting, second = asyncio.run(scenario())
    assert waiting and first != second


def test_a_stopping_app_starts_no_refill(manager):
    async def scenario():
        await manager.start_kernel(env=dict(WARM_ENV))
        manager.take_warm(manager.admit())
        refill = asyncio.ensure_future(manager.start_kernel(env=dict(WARM_ENV)))
        await asyncio.sleep(0.1)
        await manager.shutdown_all()
        with pytest.raises(RuntimeError, match="stopping"):
            await asyncio.wait_for(refill, 10)

    asyncio.run(scenario())
