"""How many pages ``prepay app`` serves at once, and what each page's kernel leaves behind.

Each page of the app runs in a kernel of its own (~90 MB). Jupyter Server's kernel manager culls
the kernels of gone pages (``cull_idle_timeout``, set by ``prepay app --idle-timeout``), but
nothing limits how many run meanwhile: a script opening pages in a loop could start kernels until
the machine runs out of memory. :class:`CappedKernelManager` is Voilà's kernel manager (it takes
it by name, ``--VoilaConfiguration.multi_kernel_manager_class``, an extension point) with:

- ``max_sessions``, the pages that hold a kernel. A page is *admitted* (:meth:`admit`) the moment
  its request arrives, before anything is awaited, so that the check and the count are one step
  of the event loop: of many pages asked for at once, at most ``max_sessions`` are served, and
  the others get HTTP 503, which the page shows as "the app is busy". The admission becomes the
  page's kernel when one starts for it, or when it takes Voilà's warm kernel (:meth:`take_warm`,
  matched in start order); it ends when that kernel is shut down (a closed page, the cull). The
  warm kernel waiting in Voilà's pool is not a page's: at most ``max_sessions`` + 1 kernels run.
- ``refill_delay``: after a page took the warm kernel, the next warm kernel waits this long
  before it starts (on two cores, a kernel running the notebook halves the speed of the page
  still loading), unless another page asks first (:meth:`admit`), which starts it at once.
- a temporary folder per kernel (its ``TMPDIR``: the proposal's Chromium profile, Playwright's
  files, the report kernels' sockets), removed when the kernel is shut down.

Which requests are pages, and when one takes the warm kernel, only Voilà's page handler knows:
:mod:`app.voila_main` tells this manager through :meth:`admit` and :meth:`take_warm`.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import shutil
import tempfile
from collections import deque
from pathlib import Path

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError
from traitlets import Float, Int

BUSY = "The app is busy, please try again in a few minutes"
WARM = ("VOILA_PREHEAT", "True")  # in the env of a kernel Voilà starts for its pool
KERNEL_FOLDER = "k-"  # + the first 8 characters of the kernel's id: short, for socket paths


class Admission:
    """One page's claim on a kernel, from its request until its kernel is known."""

    def __init__(self, manager: CappedKernelManager):
        self._manager = manager
        self.state = "waiting"  # then "held" (its kernel known), "claimed" or "released"

    def hold(self, kernel_id: str) -> None:
        """The page's kernel is ``kernel_id``: it counts as a page until it is shut down."""
        if self.state in ("waiting", "claimed"):
            self.state = "held"
            self._manager._admitted -= 1
            self._manager._pages.add(kernel_id)

    def release(self) -> None:
        """The page never got a kernel (its request failed, or asked for no page)."""
        if self.state in ("waiting", "claimed"):
            self.state = "released"
            self._manager._admitted -= 1


class _WarmStart:
    """A warm kernel on its way; ``claim`` is the page that took it before it had started, and
    ``go`` ends its refill delay."""

    def __init__(self, claim: Admission | None = None):
        self.claim = claim
        self.go = asyncio.Event()


# The admission of the page whose request is being served, seen by start_kernel.
PAGE: contextvars.ContextVar[Admission | None] = contextvars.ContextVar("page", default=None)


class CappedKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager, refusing a page past ``max_sessions`` (0: no cap)."""

    max_sessions = Int(0, config=True, help="the most pages holding a kernel; 0: no limit")
    refill_delay = Float(
        0, config=True, help="seconds the next warm kernel waits after a page took one"
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._admitted = 0  # pages admitted whose kernel is not known yet
        self._pages: set[str] = set()  # kernels held by pages
        # Voilà's pool hands out its kernels in the order it started them: those started and
        # not taken, then those on their way, then the pages that took one not begun yet.
        self._warm: deque[str] = deque()
        self._starting: deque[_WarmStart] = deque()
        self._claims: deque[Admission] = deque()
        self._folders: dict[str, Path] = {}
        self._taken = False
        self._stopping = False

    # --- the cap -------------------------------------------------------------------------------

    def sessions(self) -> int:
        """Pages holding a kernel now, and pages admitted whose kernel is on its way."""
        self._pages &= set(self.list_kernel_ids())  # a kernel that died and was removed
        return len(self._pages) + self._admitted

    def admit(self) -> Admission:
        """A page asks for the app: its admission, or HTTP 503 past ``max_sessions``. Either
        way, a warm kernel waiting out its refill delay starts now."""
        for start in self._starting:
            start.go.set()
        if self.max_sessions and self.sessions() >= self.max_sessions:
            self.log.warning("prepay: busy, %s pages hold a kernel", self.max_sessions)
            raise HTTPError(503, reason=BUSY)
        self._admitted += 1
        return Admission(self)

    def take_warm(self, admission: Admission) -> None:
        """The page of ``admission`` takes the oldest warm kernel (Voilà's pool hands them out
        in the order they were started)."""
        self._taken = True  # from now on, a refill waits (refill_delay) until a page asks
        if self._warm:
            admission.hold(self._warm.popleft())
            return
        admission.state = "claimed"  # it becomes the page's kernel once it has started
        start = next((s for s in self._starting if s.claim is None), None)
        if start is not None:
            start.claim = admission
            start.go.set()  # a page is waiting for it
        else:
            self._claims.append(admission)

    # --- starting and stopping kernels ---------------------------------------------------------

    async def start_kernel(self, *args, kernel_id=None, **kwargs):
        env = kwargs["env"] = dict(kwargs.get("env") or os.environ)
        start = page = own = None
        if env.get(WARM[0]) == WARM[1]:  # Voilà's pool: a page may have taken it already
            start = _WarmStart(self._claims.popleft() if self._claims else None)
            self._starting.append(start)
        else:
            page = PAGE.get()
            if page is None:  # a kernel asked for by anything but a page counts as one too
                page = own = self.admit()
        kernel_id = kernel_id or self.new_kernel_id()
        folder = Path(tempfile.gettempdir()) / (KERNEL_FOLDER + kernel_id[:8])
        try:
            if start is not None:
                await self._wait_to_refill(start)
            folder.mkdir(mode=0o700, exist_ok=True)
            env["TMPDIR"] = str(folder)
            kernel_id = await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            for admission in (own, start and start.claim):
                if admission is not None:
                    admission.release()
            raise
        finally:
            if start is not None:
                self._starting.remove(start)
        self._folders[kernel_id] = folder
        if start is not None and start.claim is None:
            self._warm.append(kernel_id)
        else:
            (page or start.claim).hold(kernel_id)
        return kernel_id

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        try:
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)
        finally:
            self._forget(kernel_id)

    async def shutdown_all(self, *args, **kwargs):
        self._stopping = True
        for start in self._starting:
            start.go.set()  # a refill waiting out its delay gives up
        try:
            return await super().shutdown_all(*args, **kwargs)
        finally:
            for kernel_id in list(self._folders):
                self._forget(kernel_id)

    def _forget(self, kernel_id: str) -> None:
        self._pages.discard(kernel_id)
        if kernel_id in self._warm:
            self._warm.remove(kernel_id)
        folder = self._folders.pop(kernel_id, None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    # --- the refill's delay --------------------------------------------------------------------

    async def _wait_to_refill(self, start: _WarmStart) -> None:
        if self._taken and self.refill_delay > 0 and start.claim is None:
            try:
                await asyncio.wait_for(start.go.wait(), self.refill_delay)
            except TimeoutError:
                pass
        if self._stopping:
            raise RuntimeError("the app is stopping: no new warm kernel")
