"""``python -m prepay_modeller.app.voila_main ARGS``: Voilà's command line, with what Voilà 0.5
cannot be told through its configuration.

This is the one module of the project that knows Voilà's classes (pinned: ``voila>=0.5,<0.6`` in
``pyproject.toml``; ``tests/test_voila_main.py`` checks each change by what a server does). It
extends Voilà where Voilà is meant to be extended: its application class (``Voila``, a traitlets
application, subclassed), its page handler (``TornadoVoilaHandler``, subclassed and given to the
application in place of Voilà's), and Tornado's own hooks (an output transform, a handler). No
module global or method of Voilà is replaced. ``docs/hardening.md`` says which change upstream
would make each part unnecessary.

- **Headers on every response** (:class:`SecurityHeaders`): Jupyter Server's handlers send
  ``tornado_settings["headers"]`` (the Content-Security-Policy of ``prepay app``), but Voilà's
  static handlers are Tornado's own, and their errors (403, 404, 405, 500) went out without them.
- **A template path that names no template's file is a 404** (:class:`NoSuchTemplateFile`):
  Voilà answered ``/voila/templates/`` with a 500 (its handler splits the path in three).
- **Pages and kernels** (:class:`PageHandler`): each page is admitted by the kernel manager
  (:class:`app.sessions.CappedKernelManager`: the cap on pages, "the app is busy" past it)
  before anything is awaited; a page takes the warm kernel while it is still starting (Voilà
  0.5 starts a second kernel for such a page: the first page after ``prepay app`` ran the
  notebook twice, each at half speed on two cores), and tells the manager it took it.
- **Dies with ``prepay app``**: on Linux, SIGTERM (Voilà's own way of stopping, kernels shut
  down) when ``prepay app`` dies, ``SIGKILL`` included.
- **Secrets from the environment**, not the command line (:func:`secrets_from_env`).
"""

from __future__ import annotations

import os
import signal
import sys

import tornado.web
from jupyter_server.utils import url_path_join
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from prepay_modeller.app.sessions import PAGE
from prepay_modeller.inputs.processes import die_with_parent

PARENT_ENV = "PREPAY_APP_PID"  # set by prepay app: the process this server dies with


class SecurityHeaders(tornado.web.OutputTransform):
    """Adds ``headers`` to every response that does not set them itself, errors included."""

    headers: dict[str, str] = {}

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        for name, value in self.headers.items():
            if name not in headers:
                headers[name] = value
        return status_code, headers, chunk


class NoSuchTemplateFile(tornado.web.RequestHandler):
    """``/voila/templates/<path>`` where the path is not ``<template>/static/<file>``."""

    def get(self, *args):
        raise tornado.web.HTTPError(404)


class PageHandler(TornadoVoilaHandler):
    """Voilà's page, admitted by the kernel manager first (HTTP 503 past its cap)."""

    admission = None

    @tornado.web.authenticated
    async def get(self, path=None):
        admit = getattr(self.kernel_manager, "admit", None)  # app.sessions.CappedKernelManager
        self.admission = admit() if admit is not None else None
        token = PAGE.set(self.admission)
        try:
            await super().get(path)
        finally:
            PAGE.reset(token)
            if self.admission is not None:
                self.admission.release()  # nothing, if the page holds a kernel by now

    def should_use_rendered_notebook(
        self, notebook_data, pool_size, template_name, theme, request_args
    ):
        # Voilà records the warm kernel's notebook only once that kernel has started (~0.1 s
        # after the server listens); until then its rule says "no", and the page would start
        # another kernel. With a kernel in the pool and no template or theme asked for in the
        # URL, the page can use it: Voilà's get_rendered_notebook awaits its start.
        use = (
            pool_size > 0 and not notebook_data and template_name is None and theme is None
        ) or super().should_use_rendered_notebook(
            notebook_data, pool_size, template_name, theme, request_args
        )
        if use and self.admission is not None:
            self.kernel_manager.take_warm(self.admission)
        return use


class PrepayVoila(Voila):
    """Voilà with :class:`PageHandler`, :class:`SecurityHeaders` and
    :class:`NoSuchTemplateFile`."""

    def init_handlers(self) -> list:
        handlers = [
            (spec[0], PageHandler, *spec[2:]) if spec[1] is TornadoVoilaHandler else spec
            for spec in super().init_handlers()
        ]
        # Voilà's start() has made its Tornado application by now, and adds these to it.
        self.app.add_transform(
            type(
                "Headers",
                (SecurityHeaders,),
                {"headers": dict(self.tornado_settings.get("headers", {}))},
            )  # fmt: skip
        )
        templates = url_path_join(self.server_url, r"/voila/templates/(?![^/]+/static/[^/]).*")
        return [(templates, NoSuchTemplateFile), *handlers]


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


main = PrepayVoila.launch_instance


if __name__ == "__main__":
    parent = os.environ.pop(PARENT_ENV, None)
    if parent:
        die_with_parent(signal.SIGTERM, parent=int(parent))
    secrets_from_env(sys.argv)
    main()
