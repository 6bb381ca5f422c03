"""How many pages ``prepay app`` serves at once: a kernel manager with a cap.

Each page of the app runs in a kernel of its own (~140 MB). Jupyter Server's kernel manager culls
the kernels of gone pages (``cull_idle_timeout``, set by ``prepay app --idle-timeout``), but
nothing limits how many run meanwhile: a script opening pages in a loop could start kernels until
the machine runs out of memory. :class:`CappedKernelManager` is Voilà's kernel manager (it takes
it by name, ``--VoilaConfiguration.multi_kernel_manager_class``, an extension point) with
``max_sessions``: the pages that hold a kernel. Past it, :meth:`check_capacity` answers HTTP 503,
which the page shows as "the app is busy" (``app.voila_main`` asks it before a page takes the
warm kernel; :meth:`start_kernel` before a page starts one of its own). Voilà's warm kernel is
not a page's: refilling it is never refused, so at most ``max_sessions`` + 1 kernels run.
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError
from traitlets import Int

BUSY = "The app is busy, please try again in a few minutes"


class CappedKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager, refusing a page past ``max_sessions`` (0: no cap)."""

    max_sessions = Int(0, config=True, help="the most pages holding a kernel; 0: no limit")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = 0

    def _warm(self) -> set[str]:
        """The kernels waiting in Voilà's pool (not a page's)."""
        warm = set()
        for pool in getattr(self, "_pools", {}).values():
            for future in pool:
                if future.done() and not future.cancelled() and future.exception() is None:
                    warm.add(future.result().get("kernel_id"))
        return warm

    def sessions(self) -> int:
        """Pages holding a kernel now (and kernels being started for one)."""
        warm = self._warm()
        return sum(k not in warm for k in self.list_kernel_ids()) + self._starting

    def check_capacity(self) -> None:
        """HTTP 503 ("the app is busy") when ``max_sessions`` pages hold a kernel."""
        if self.max_sessions and self.sessions() >= self.max_sessions:
            self.log.warning("prepay: busy, %s pages hold a kernel", self.max_sessions)
            raise HTTPError(503, reason=BUSY)

    async def start_kernel(self, *args, kernel_id=None, **kwargs):
        warm = kwargs.get("env", {}).get("VOILA_PREHEAT") == "True"  # Voilà's pool refill
        if kernel_id is None and not warm:
            self.check_capacity()
        self._starting += not warm
        try:
            return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        finally:
            self._starting -= not warm
