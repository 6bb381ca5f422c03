"""``python -m prepay_modeller.app.voila_main ARGS``: Voilà's own command line, started
sooner and with its warm kernel used whenever a page can use it.

``prepay app`` runs this instead of ``python -m voila``: the same ``voila.app.main`` with the same
arguments, with two changes (:func:`patch_voila`):

- A page asked for while the warm kernel is still starting waits for that kernel. Voilà 0.5
  starts a kernel of its own for such a page instead, so a browser opened by ``prepay app`` (it
  asks the moment the port listens) ran the notebook in two kernels at once, each at half speed
  on two cores, and the warm one then waited unused.
- A page asked for while the next warm kernel is still waiting out its refill delay (``prepay
  app`` sets 10 s, so that the refill does not compete with the page that took the last one)
  starts it at once, instead of waiting out the rest of the delay: a reload is not 10 s slower.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import os
import sys
from collections.abc import Awaitable

_delayed_refills: set[asyncio.Event] = set()


async def wait_before(delay: float, aw: Awaitable):
    """Voilà's ``wait_before`` (sleep ``delay`` s, then await ``aw``), cut short by
    :func:`start_delayed_refills`."""
    if delay > 0:
        asked = asyncio.Event()
        _delayed_refills.add(asked)
        try:
            await asyncio.wait_for(asked.wait(), delay)
        except TimeoutError:
            pass
        except asyncio.CancelledError:  # the server is stopping: the kernel is never started
            if inspect.iscoroutine(aw):
                aw.close()
            raise
        finally:
            _delayed_refills.discard(asked)
    return await aw


def start_delayed_refills() -> None:
    """End the refill delays now: a page is about to take the kernel they hold back."""
    for asked in list(_delayed_refills):
        asked.set()


def use_the_pool(handler_class) -> None:
    """Make ``handler_class`` (Voilà's page handler) take the pool's kernel while it starts, and
    start a delayed one at once.

    Voilà records a pool kernel's notebook only once ``start_kernel`` has returned, ~0.1 s after
    the server listens; until then its handler sees "no pre-rendered notebook" and starts another
    kernel. With a kernel in the pool (``pool_size`` > 0) and no template or theme asked for in
    the URL, the page can use the pool's kernel: ``get_rendered_notebook`` awaits its start.
    """
    original = handler_class.should_use_rendered_notebook

    @functools.wraps(original)
    def should_use_rendered_notebook(self, notebook_data, pool_size, template_name, theme, args):
        check_capacity = getattr(getattr(self, "kernel_manager", None), "check_capacity", None)
        if check_capacity is not None:  # app.sessions: past --max-sessions, "the app is busy"
            check_capacity()
        use = (
            pool_size > 0 and not notebook_data and template_name is None and theme is None
        ) or original(self, notebook_data, pool_size, template_name, theme, args)
        if use:
            start_delayed_refills()
        return use

    handler_class.should_use_rendered_notebook = should_use_rendered_notebook


def patch_voila() -> None:
    """Import Voilà and apply the changes above."""
    import voila.app
    import voila.handler
    import voila.voila_kernel_manager

    voila.voila_kernel_manager.wait_before = wait_before
    use_the_pool(voila.handler.VoilaHandler)


def secrets_from_env(argv: list[str], environ=os.environ) -> None:
    """``prepay app --token-file/--password-file`` hand the secret over in the environment, not
    on the command line (which every user of the machine can read): it becomes Voilà's setting
    here, and leaves the environment before a kernel could inherit it."""
    token = environ.pop("PREPAY_APP_TOKEN", None)
    hashed = environ.pop("PREPAY_APP_PASSWORD_HASH", None)
    if token:
        argv.append(f"--Voila.token={token}")
    if hashed:
        argv.append(f"--PasswordIdentityProvider.hashed_password={hashed}")


if __name__ == "__main__":
    secrets_from_env(sys.argv)
    patch_voila()

    import voila.app

    voila.app.main()
