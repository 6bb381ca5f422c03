"""The link bar: the scenario's address, kept in the browser's address bar and copied with one
button (``static/link.js``).

How the kernel learns the page's address: Voilà 0.5 puts the query string in the environment
of a kernel it starts for a page (``QUERY_STRING``, with ``VOILA_PREHEAT=False``), but ``prepay
app`` serves pages from a *preheated* kernel, which ran the notebook before any page asked for
it (``VOILA_PREHEAT=True``); Voilà would hand it the request only through ``voila.utils.
wait_for_request()``, which blocks the notebook until a page arrives (and so loses the
preheating). So the page tells the kernel itself: when the bar is drawn it sends
``location.search`` (``{"event": "opened"}``), the app applies it, answers ``{"event": "ready"}``
and only then does the bar start replacing the address, so a link is never overwritten by the
defaults drawn before it was read.

The page also tells the kernel when it is shown again (``{"event": "shown"}``: the window gets
the focus back, or its tab becomes visible), so that what it lists from the server (the saved
scenarios another page may have saved meanwhile) is read again; and the bar sets the browser
tab's title (``title``) in the client's words.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import anywidget
import traitlets

from prepay_modeller.inputs import paths

_ESM = paths.PACKAGE_DIR / "app" / "static" / "link.js"
APP_URL = "http://127.0.0.1:8866/"  # prepay app's default address, for a link made elsewhere
PUBLIC_URL_ENV, SECRET_FILE_ENV = "PREPAY_PUBLIC_URL", "PREPAY_LINK_SECRET_FILE"  # app.serve


def in_voila(environ=None) -> bool:
    """Whether this kernel serves a Voilà page (preheated or not)."""
    return "VOILA_PREHEAT" in (os.environ if environ is None else environ)


def query_at_start(environ=None) -> str | None:
    """The page's query string where Voilà started this kernel for the page; else None (a
    preheated kernel learns it from the page, see the module's docstring)."""
    env = os.environ if environ is None else environ
    if env.get("VOILA_PREHEAT") == "False":
        return env.get("QUERY_STRING", "")
    return None


class LinkBar(anywidget.AnyWidget):
    """The scenario's link; ``on_opened(query)`` gets the page's query string once."""

    _esm = _ESM
    query = traitlets.Unicode("").tag(sync=True)
    live = traitlets.Bool(False).tag(sync=True)  # on a Voilà page: follow the address bar
    base = traitlets.Unicode(APP_URL).tag(sync=True)
    # prepay app --public-url: the address clients reach; every link shown starts with it.
    public = traitlets.Unicode("").tag(sync=True)
    client = traitlets.Unicode("").tag(sync=True)  # the signed client link of the scenario
    client_label = traitlets.Unicode("Copy client link").tag(sync=True)
    copy_label = traitlets.Unicode("Copy link").tag(sync=True)  # in the client's language
    copied_label = traitlets.Unicode("Copied").tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)  # the browser tab's title, in the client's words

    def __init__(
        self,
        on_opened: Callable[[str], None],
        live: bool | None = None,
        on_shown: Callable[[], None] | None = None,
        **kwargs,
    ):
        kwargs.setdefault("public", os.environ.get(PUBLIC_URL_ENV, ""))
        super().__init__(live=in_voila() if live is None else live, **kwargs)
        self._on_opened = on_opened
        self._on_shown = on_shown
        self.on_msg(self._handle)

    def _handle(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("event") == "shown":
            if self._on_shown is not None:  # the page is looked at again
                self._on_shown()
            return
        if isinstance(content, dict) and content.get("event") == "opened":
            if self._on_shown is not None:  # what the page lists is read now, not at preheat
                self._on_shown()
            try:
                self._on_opened(str(content.get("search") or "").removeprefix("?"))
            finally:
                self.send({"event": "ready"})


_secrets: dict = {}  # read once per kernel


def client_link(pairs, may=("performance",)) -> str:
    """The signed client link of a scenario's ``pairs`` for the seller to send: the public
    address (else the page's own, else :data:`APP_URL`) and the app's link secret; empty where
    the secret cannot be read (the app says nothing more: the link bar keeps its own link)."""
    from prepay_modeller.core.errors import PrepayError
    from prepay_modeller.inputs import links

    path = os.environ.get(SECRET_FILE_ENV) or None
    if path not in _secrets:
        try:
            _secrets[path] = links.load_secret(path, create=False)
        except PrepayError:
            _secrets[path] = b""
    secret = _secrets[path]
    if not secret:
        return ""
    base = os.environ.get(PUBLIC_URL_ENV) or APP_URL
    return links.make_link(base, pairs, secret, may)
