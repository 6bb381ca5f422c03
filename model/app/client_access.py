"""Who may open what on ``prepay app``'s server: the seller (the app's token or password, as
before) and the prospect holding a signed client link (:mod:`inputs.links`).

Jupyter Server asks its *identity provider* who sent each request before any handler runs
(Voilà's ``Voila.identity_provider_class``, an extension point of Jupyter Server 2); this one
extends the password provider Voilà uses:

- A page request carrying a client link's parameters (``view``, ``sig``, ``may``, ``expires``
  or ``template=prepay_client``) is checked here, before any kernel starts or is handed out: a
  link signed with the server's secret, unchanged and not expired, is let in without a password
  as a *client*; any other gets HTTP 403 and one sentence in the link's language ("This link is
  not valid; ask <agency> for a new one"), with no figure.
- A client's page then talks to its own kernel: a signed cookie (``prepay-client``, valid until
  the link expires) lets it reach the kernel's WebSocket and shut its kernel down, and nothing
  else: not the seller's page (which still asks for the token or password), not another API.
- Everything else is the password provider's, unchanged.

A client page is rendered by its own kernel (Voilà starts one for the ``prepay_client``
template instead of handing out the warm one), whose notebook builds the client view only
(:mod:`app.client`): the seller's widgets never exist there. Voilà lets a page's kernel receive
widget messages only (no code: ``allowed_message_types``).
"""

from __future__ import annotations

import datetime as dt
import re

from jupyter_server.auth.identity import PasswordIdentityProvider, User
from tornado import web
from traitlets import Unicode

from prepay_modeller.inputs import links

COOKIE = "prepay-client"
CLIENT = "prepay-client"  # the username of a prospect's requests
_KERNEL = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# What a client's page asks of the server besides its page and static files.
CLIENT_PATHS = re.compile(rf"^api/kernels/{_KERNEL}(/channels)?$|^voila/api/shutdown/{_KERNEL}$")


def refusal_page(language: str = "") -> str:
    """The page of a link that does not open, in ``language`` where it can be read."""
    from prepay_modeller.inputs.brand import load_brand
    from prepay_modeller.inputs.locales import read_language
    from prepay_modeller.presentation.html import render
    from prepay_modeller.presentation.i18n import Speech, speech

    try:
        words: Speech = speech(read_language(language))
    except Exception:  # noqa: BLE001 - a changed link's language may be anything
        words = speech()
    agency = load_brand().agency
    return render(
        "link_refused.html.j2",
        lang=words.language,
        direction=words.direction,
        agency=agency,
        gettext=words.gettext,
        ngettext=words.ngettext,
    )


class ClientLinkIdentityProvider(PasswordIdentityProvider):
    """The seller by token or password; a prospect by a signed client link."""

    link_secret_file = Unicode(
        "", config=True, help="The file holding the secret that signs client links."
    )

    _secret: bytes | None = None

    @property
    def secret(self) -> bytes:
        if self._secret is None:
            self._secret = links.load_secret(self.link_secret_file or None)
        return self._secret

    def get_user(self, handler: web.RequestHandler):
        return self._client_or_seller(handler)

    async def _client_or_seller(self, handler) -> User | None:
        request = handler.request
        if _is_page(handler) and links.is_client_query(request.query):
            return self._client_link(handler)
        user = await self._get_user(handler)
        if user is not None and user.username != CLIENT:
            return user
        if self._client_cookie(handler) and CLIENT_PATHS.match(_relative(handler)):
            return User(CLIENT, "Client", "Client", "C")
        return None

    def _client_link(self, handler) -> User:
        try:
            link = links.verify(handler.request.query, self.secret)
        except links.LinkRefused as refused:
            self.log.warning("client link refused (%s) from %s", refused.why,
                             handler.request.remote_ip)  # fmt: skip
            handler.set_status(403)
            handler.set_header("Content-Type", "text/html; charset=utf-8")
            handler.set_header("Cache-Control", "no-store")
            raise web.Finish(refusal_page(refused.language)) from None
        secure = handler.request.protocol == "https" or bool(self.secure_cookie)
        handler.set_signed_cookie(
            COOKIE, link.expires.isoformat(), expires_days=None, httponly=True,
            samesite="Lax", secure=secure, path=handler.base_url,
        )  # fmt: skip
        return User(CLIENT, "Client", "Client", "C")

    @staticmethod
    def _client_cookie(handler) -> bool:
        value = handler.get_signed_cookie(COOKIE, max_age_days=links.MAX_LINK_DAYS + 1)
        if not value:
            return False
        try:
            return dt.date.fromisoformat(value.decode("ascii")) >= dt.date.today()
        except (UnicodeDecodeError, ValueError):
            return False


def _is_page(handler) -> bool:
    from voila.handler import VoilaHandler

    return isinstance(handler, VoilaHandler)


def _relative(handler) -> str:
    path = handler.request.path
    base = handler.base_url
    return path[len(base) :] if path.startswith(base) else path.lstrip("/")
