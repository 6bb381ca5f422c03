"""``prepay app``'s one pinned Voilà module (``app/voila_main.py``), checked by what it does: a
page takes the warm kernel even while it starts, a reload does not wait out the refill delay,
every response carries the security headers (errors included), a template path that names no
file is a 404. (That Voilà and its kernels die with ``prepay app`` is checked in
``tests/test_app_service.py``.)"""

import time
import urllib.error
import urllib.request

import psutil
import pytest

from prepay_modeller.app import serve, voila_main


def _handler(admission=None):
    """Voilà's page handler as ``prepay app`` runs it, without a server: its rule only."""
    handler = voila_main.PageHandler.__new__(voila_main.PageHandler)
    handler.admission = admission
    return handler


def test_a_page_takes_the_pool_kernel_while_it_starts():
    # Voilà's own rule says no until the warm kernel's notebook is known.
    assert _handler().should_use_rendered_notebook({}, 1, None, None, {}) is True


def test_no_pool_or_another_template_or_theme_still_starts_a_kernel():
    handler = _handler()
    assert handler.should_use_rendered_notebook({}, 0, None, None, {}) is False
    assert handler.should_use_rendered_notebook({}, 1, "reveal", None, {}) is False
    assert handler.should_use_rendered_notebook({}, 1, None, "dark", {}) is False
    # Once the notebook is known, Voilà's own rule decides.
    known = {"template": "prepay", "theme": "light"}
    assert handler.should_use_rendered_notebook(known, 1, None, None, {}) is True
    assert handler.should_use_rendered_notebook(known, 1, "reveal", None, {}) is False


def _kernels(process: psutil.Process) -> list[psutil.Process]:
    return [
        p for p in process.children(recursive=True) if "ipykernel_launcher" in " ".join(p.cmdline())
    ]


def _get(url: str, method: str = "GET") -> tuple[int, dict, str]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode(errors="replace")


@pytest.mark.slow
def test_the_first_page_uses_the_warm_kernel_and_every_answer_has_the_headers():
    port = serve.free_port()
    process = serve.start_app_process(port)
    try:
        serve.wait_until_serving(port, process)
        url = f"http://127.0.0.1:{port}"
        status, headers, first = _get(url + "/")  # asked the moment the port listens
        assert status == 200 and "application/vnd.jupyter.widget-view+json" in first
        # One kernel ran the notebook for that page: the warm one. The next waits out the
        # refill delay, so a second kernel now would be one Voilà started for the page itself.
        assert len(_kernels(psutil.Process(process.pid))) == 1

        asked = time.monotonic()
        status, _, second = _get(url + "/")  # a reload
        assert time.monotonic() - asked < serve.REFILL_DELAY  # the refill started at once
        assert status == 200 and "application/vnd.jupyter.widget-view+json" in second

        # Every answer, errors included, carries the app's headers; Voilà's own handlers gave
        # none on their errors, and a template path of the wrong shape was a 500.
        for path, method, expected in [
            ("/", "GET", 200),
            ("/voila/templates/", "GET", 404),
            ("/voila/templates/x", "GET", 404),
            ("/voila/templates/prepay/static/nothing.css", "GET", 404),
            ("/voila/static/nothing.js", "GET", 403),
            ("/voila/static/nothing.js", "POST", 405),
            ("/voila/files/secret", "GET", 403),
            ("/api/kernels/00000000-0000-0000-0000-000000000000", "GET", 404),
            ("/", "POST", 403),
        ]:
            status, headers, _ = _get(url + path, method)
            assert status == expected, (path, method, status)
            assert headers.get("Content-Security-Policy", "").startswith(serve.CSP), (path, method)
            assert headers.get("X-Content-Type-Options") == "nosniff", (path, method)
            assert headers.get("Referrer-Policy") == "no-referrer", (path, method)
    finally:
        assert serve.stop_process(process) == 0
