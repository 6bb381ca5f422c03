"""Rendering proposals off the widget comm: one background thread renders the report template
exactly as ``prepay reports`` does (:func:`presentation.render.render_one`: a fresh kernel runs
``notebooks/proposal.ipynb``, one Chromium prints it), one proposal at a time, and keeps its
worker (the next kernel already booting, the browser open) for the next one.

A render takes seconds; the kernel keeps answering the app meanwhile. The answer comes back on
the kernel's own event loop (``call_soon_threadsafe``), so widgets are only touched there.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import logging
import queue
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

FORMATS = ("pdf", "html")
KEEP = 4  # rendered proposals kept, so that the PDF and then the HTML is one render
Done = Callable[[dict | None, str | None], None]  # (files by format, error) -> None


def _render_one(params: dict) -> dict[str, bytes]:
    from prepay_modeller.presentation.render import render_one

    return render_one(params, formats=FORMATS)


def _describe(exc: BaseException) -> str:
    from prepay_modeller.presentation.render import describe_error

    return describe_error(exc)


class ProposalRenderer:
    """Renders proposals on one background thread; ``render`` is replaceable for tests."""

    def __init__(self, render: Callable[[dict], dict[str, bytes]] | None = None):
        self._render = render or _render_one
        self._jobs: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pending: dict[str, list[tuple[Done, object]]] = {}
        self._done: dict[str, dict[str, bytes]] = {}
        self._warmed = False

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="proposal", daemon=True)
            self._thread.start()
            atexit.register(self.close)

    def warm(self) -> None:
        """Start a kernel and Chromium now, so that the first proposal is faster (once)."""
        with self._lock:
            if self._warmed or self._render is not _render_one:
                return
            self._warmed = True
            self._start()
        self._jobs.put(("warm", None, None))

    def request(self, params: dict, done: Done) -> str:
        """Render ``params`` (or reuse the last render of the same); ``done(files, error)`` is
        called on the caller's event loop. Returns ``"ready"``, ``"waiting"`` or ``"started"``."""
        key = json.dumps(params, sort_keys=True, default=str)
        with self._lock:
            if key in self._done:
                files = self._done[key]
                state = "ready"
            else:
                waiting = key in self._pending
                self._pending.setdefault(key, []).append((done, _loop()))
                if not waiting:
                    self._warmed = True
                    self._start()
                    self._jobs.put(("render", key, params))
                return "waiting" if waiting else "started"
        done(files, None)
        return state

    def _run(self) -> None:
        while True:
            kind, key, params = self._jobs.get()
            try:
                if kind == "stop":
                    _close_worker()
                    return
                if kind == "warm":
                    _warm_worker()
                    continue
                self._finish(key, *self._attempt(params))
            finally:
                self._jobs.task_done()

    def _attempt(self, params: dict):
        try:
            return self._render(params), None
        except Exception as exc:  # noqa: BLE001 - said in the app, never a traceback
            log.exception("proposal render failed")
            return None, _describe(exc)

    def _finish(self, key: str, files, error) -> None:
        with self._lock:
            callbacks = self._pending.pop(key, [])
            if files is not None:
                self._done[key] = files
                while len(self._done) > KEEP:
                    self._done.pop(next(iter(self._done)))
        for done, loop in callbacks:
            if loop is not None and not loop.is_closed():
                loop.call_soon_threadsafe(done, files, error)
            else:
                done(files, error)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every job asked for so far is done (tests, scripts)."""
        finished = threading.Event()
        threading.Thread(target=lambda: (self._jobs.join(), finished.set()), daemon=True).start()
        return finished.wait(timeout)

    def close(self) -> None:
        """Stop the thread and its kernel and browser (at exit)."""
        if self._thread is not None and self._thread.is_alive():
            self._jobs.put(("stop", None, None))
            self._thread.join(timeout=30)


def _loop():
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _warm_worker() -> None:
    from prepay_modeller.presentation.render import warm_worker

    try:
        warm_worker(("html", "pdf"))
    except Exception:  # noqa: BLE001 - a render starts what it needs anyway
        log.exception("warming the proposal renderer failed")


def _close_worker() -> None:
    from prepay_modeller.presentation.render import close_worker

    close_worker()
