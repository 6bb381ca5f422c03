"""The explorer notebook's one call: under Voilà, show the app's frame at once and build the app
just after the cell.

Voilà sends the page's own code (~2 s of JavaScript to start on a 2-core machine) only once the
notebook has run, and the app takes ~1 s to import and build: done in the cell, the two happen
one after the other. Here the cell only shows a frame and a "Loading" line, so the page's code
starts while the kernel imports the model and builds the app; the frame then fills in. Widgets
made after the cell reach the page either way: a page that connects later asks the kernel for
every widget's state.

Anywhere else (JupyterLab, a headless run of the notebook) the app is built in the cell as
before. This module imports no pandas, so the cell itself takes milliseconds.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os

import ipywidgets as w

log = logging.getLogger(__name__)

LOADING = (
    '<div class="prepay-loading" style="font: 14px Inter, \'Segoe UI\', Helvetica, Arial, '
    'sans-serif; color: #5b6575; padding: 12px 18px">Loading the prepay explorer…</div>'
)
FAILED = (
    '<div class="prepay-loading-error" style="font: 14px Inter, \'Segoe UI\', Helvetica, Arial, '
    "sans-serif; background: #fdecea; border: 1px solid #f5c2bd; color: #8a1c12; "
    'padding: 8px 12px; border-radius: 6px">The explorer could not start: {}</div>'
)


def served_by_voila() -> bool:
    """True in a kernel that Voilà started (it sets ``VOILA_APP_PORT`` for each one)."""
    return "VOILA_APP_PORT" in os.environ


def fill(frame: w.Box, **kwargs) -> None:
    """Build the app into ``frame``; a failure shows its message there, never a traceback."""
    try:
        from model.app import explorer_app

        app = explorer_app(**kwargs)
    except Exception as exc:  # the page says what went wrong; the log keeps the traceback
        log.exception("the explorer could not start")
        frame.children = [w.HTML(FAILED.format(html.escape(str(exc) or type(exc).__name__)))]
        return
    frame.app = app  # the app's handlers live as long as the page
    frame.children = [app.widget]


def explorer(**kwargs):
    """The explorer, ready to display: the app itself, or under Voilà a frame it fills just
    after the cell ends."""
    if not served_by_voila():
        from model.app import explorer_app

        return explorer_app(**kwargs)
    frame = w.VBox([w.HTML(LOADING)])
    frame.add_class("prepay-app-frame")
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # no kernel event loop (a plain script): build now
        fill(frame, **kwargs)
    else:
        loop.call_soon(lambda: fill(frame, **kwargs))
    return frame
