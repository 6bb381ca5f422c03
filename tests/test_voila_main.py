"""``prepay app``'s changes to Voilà (model/voila_main.py): a page takes the warm kernel even while
it starts, and a page that finds the next warm kernel waiting out its refill delay starts it."""

import asyncio
import inspect
import time
import urllib.request

import psutil
import pytest

from prepay_modeller.app import serve, voila_main


class FakeHandler:
    """Voilà's rule: use the pool only once its notebook is known and nothing else is asked."""

    def should_use_rendered_notebook(self, notebook_data, pool_size, template, theme, args):
        return bool(pool_size and notebook_data and template is None and theme is None)


@pytest.fixture
def handler():
    class Handler(FakeHandler):
        pass

    voila_main.use_the_pool(Handler)
    return Handler()


def test_a_page_takes_the_pool_kernel_while_it_starts(handler):
    assert handler.should_use_rendered_notebook({}, 1, None, None, {}) is True


def test_no_pool_or_another_template_or_theme_still_starts_a_kernel(handler):
    assert handler.should_use_rendered_notebook({}, 0, None, None, {}) is False
    assert handler.should_use_rendered_notebook({}, 1, "reveal", None, {}) is False
    assert handler.should_use_rendered_notebook({}, 1, None, "dark", {}) is False
    # Once the notebook is known, Voilà's own rule decides.
    assert handler.should_use_rendered_notebook({"nb": {}}, 1, None, None, {}) is True
    assert handler.should_use_rendered_notebook({"nb": {}}, 1, "reveal", None, {}) is False


def test_a_page_that_takes_the_pool_ends_the_refill_delay(handler):
    async def scenario():
        ran = []

        async def start_kernel():
            ran.append(True)
            return "kernel"

        refill = asyncio.ensure_future(voila_main.wait_before(3600, start_kernel()))
        await asyncio.sleep(0.05)
        assert not ran  # still waiting out its delay
        assert handler.should_use_rendered_notebook({"nb": {}}, 1, None, None, {})
        return await asyncio.wait_for(refill, 30)  # an hour's delay ended by the page

    assert asyncio.run(scenario()) == "kernel"


def test_a_page_voila_would_not_serve_from_the_pool_leaves_the_delay_alone(handler):
    async def scenario():
        async def start_kernel():
            return "kernel"

        refill = asyncio.ensure_future(voila_main.wait_before(3600, start_kernel()))
        await asyncio.sleep(0.05)
        assert not handler.should_use_rendered_notebook({"nb": {}}, 1, "reveal", None, {})
        await asyncio.sleep(0.05)
        done = refill.done()
        refill.cancel()  # as when the server stops: the kernel is never started
        with pytest.raises(asyncio.CancelledError):
            await refill
        return done

    assert asyncio.run(scenario()) is False


def test_without_a_delay_the_kernel_starts_at_once():
    async def start_kernel():
        return "kernel"

    assert asyncio.run(asyncio.wait_for(voila_main.wait_before(0, start_kernel()), 30)) == "kernel"


def test_the_installed_voila_has_what_is_patched():
    """A Voilà release that renamed these would silently undo the changes: fail here instead."""
    voila_main.patch_voila()
    import voila.handler
    import voila.voila_kernel_manager as manager

    assert manager.wait_before is voila_main.wait_before
    # The pool's refill looks wait_before up in its module when it runs, so the patch reaches it.
    assert "wait_before(" in inspect.getsource(manager.voila_kernel_manager_factory)
    patched = voila.handler.VoilaHandler.should_use_rendered_notebook
    original = patched.__wrapped__
    assert list(inspect.signature(original).parameters) == [
        "self",
        "notebook_data",
        "pool_size",
        "template_name",
        "theme",
        "request_args",
    ]
    handler_source = inspect.getsource(voila.handler.VoilaHandler)
    assert "self.should_use_rendered_notebook(" in handler_source
    assert "get_rendered_notebook(" in handler_source


def _kernels(process: psutil.Process) -> list[psutil.Process]:
    return [
        p for p in process.children(recursive=True) if "ipykernel_launcher" in " ".join(p.cmdline())
    ]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode()


@pytest.mark.slow
def test_the_first_page_uses_the_warm_kernel_and_a_reload_does_not_wait_out_the_refill():
    port = serve.free_port()
    process = serve.start_app_process(port)
    try:
        serve.wait_until_serving(port, process)
        url = f"http://127.0.0.1:{port}/"
        first = _get(url)  # asked the moment the port listens, as `prepay app`'s browser does
        assert "application/vnd.jupyter.widget-view+json" in first
        # One kernel ran the notebook for that page: the warm one. The next waits out the
        # refill delay, so a second kernel now would be one Voilà started for the page itself.
        assert len(_kernels(psutil.Process(process.pid))) == 1

        asked = time.monotonic()
        second = _get(url)  # a reload
        assert time.monotonic() - asked < serve.REFILL_DELAY
        assert "application/vnd.jupyter.widget-view+json" in second
    finally:
        assert serve.stop_process(process) == 0
