"""Client links: a scenario as a signed, expiring address the prospect can open, and the short
reference every proposal prints.

A client link is the app's public address with the link contract's parameters
(:mod:`app.link`: ``option, rate, performance, horizon, start, ...``, the prospect, the contact,
the language and currency) and five of its own:

- ``view=client``: the client view only;
- ``may=performance,option`` (or empty): what the prospect may move;
- ``expires=YYYY-MM-DD``: the last day it opens (default: the proposal's validity date,
  :func:`core.offer.valid_until`);
- ``template=prepay_client``: the page Voilà renders for it (a page of its own, never the
  seller's warm kernel);
- ``sig``: HMAC-SHA256, in hex, over the canonical text of every other parameter
  (:func:`canonical`: sorted by name, each name and value percent-encoded, joined with ``&``),
  keyed with the agency's link secret (:func:`load_secret`).

Changing, adding or removing any parameter, or the signature, breaks it (:func:`verify`).
The **reference** (``PP-7K3F-Q2XM``) is derived from the scenario's own parameters (the link's
less those five), so the same scenario has the same reference in a link, the app's proposal and
``prepay reports``; anyone can compute it, only the secret's holder can sign.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from prepay_modeller.core import offer
from prepay_modeller.core.errors import InputError
from prepay_modeller.core.terms import DEFAULT_PAYMENT_TERMS, Terms, show
from prepay_modeller.core.timevalue import DEFAULT_DISCOUNT_RATE
from prepay_modeller.inputs import paths
from prepay_modeller.inputs.locales import DEFAULT_CURRENCY, DEFAULT_LANGUAGE, REGIONS
from prepay_modeller.inputs.terms import TERM_INPUTS

CLIENT_TEMPLATE = "prepay_client"  # the Voilà template of a client page
MAY = ("performance", "option")  # what a seller may let the prospect move
LINK_ONLY = ("view", "may", "expires", "template", "sig")
# The link contract's scenario parameters (app.link reads them; a client link carries no other).
CONTRACT = (*TERM_INPUTS, "discount_rate", "prospect", "contact", "language", "currency")
SECRET_FILE = "link-secret"  # in the user's config folder (inputs.paths.config_dir)
SECRET_BYTES = 32
MIN_SECRET_CHARS, MAX_SECRET_BYTES = 32, 4096
MAX_LINK_DAYS = offer.MAX_VALID_DAYS
MAX_QUERY = 8192  # a longer query is no link of ours
PUBLIC_URL_ALLOWED = "an address as http(s)://name[:port][/path/], without query or fragment"
MAY_ALLOWED = "performance, option, both (performance,option) or none"
EXPIRES_ALLOWED = f"a date as YYYY-MM-DD, from today to {MAX_LINK_DAYS} days ahead"


def number_text(value: Decimal) -> str:
    """A number as the link writes it (``0.8``, ``50000``: no exponent, no trailing zeros)."""
    return format(Decimal(value).normalize(), "f")


def per_quarter_text(values) -> str:
    """One value where every quarter has it, else one per quarter, comma-separated."""
    texts = [number_text(v) for v in values]
    return texts[0] if len(set(texts)) == 1 else ",".join(texts)


def scenario_pairs(
    terms: Terms,
    prospect: str = "",
    contact: str = "",
    language: str = REGIONS[DEFAULT_LANGUAGE],
    currency: str = DEFAULT_CURRENCY,
    discount_rate: float = DEFAULT_DISCOUNT_RATE,
) -> list[tuple[str, str]]:
    """A scenario as the link contract's parameters (splits only where they differ from the
    article's; payment terms, discount rate, language and currency only where not the
    defaults)."""
    t = terms
    pairs = [
        ("option", t.option.name),
        ("rate", number_text(t.rate)),
        ("performance", per_quarter_text(t.performance)),
        ("horizon", str(t.horizon)),
        ("start", t.start.isoformat()),
    ]
    if t.payment_terms != DEFAULT_PAYMENT_TERMS:
        pairs.append(("payment_terms", str(t.payment_terms)))
    article = [t.catalog.split(i) for i in range(t.quarters)]
    for name in ("fixed", "variable_max"):
        mine = [getattr(s, name) for s in t.splits]
        if mine != [getattr(s, name) for s in article]:
            pairs.append((name, per_quarter_text(mine)))
    if float(discount_rate) != DEFAULT_DISCOUNT_RATE:
        pairs.append(("discount_rate", repr(float(discount_rate))))
    if prospect:
        pairs.append(("prospect", prospect))
    if contact:
        pairs.append(("contact", contact))
    if language != REGIONS[DEFAULT_LANGUAGE]:
        pairs.append(("language", language))
    if currency != DEFAULT_CURRENCY:
        pairs.append(("currency", currency))
    return pairs


def query_text(pairs) -> str:
    """Pairs as a query string, readable (``,`` and ``:`` left as they are)."""
    return urlencode(list(pairs), safe=",:", quote_via=quote)


def canonical(pairs) -> str:
    """The text that is signed: every pair but the signature, sorted, each part fully
    percent-encoded, joined with ``&``: the same for the same parameters however a browser or
    a proxy wrote them."""
    kept = sorted((k, v) for k, v in pairs if k != "sig")
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in kept)


def reference(pairs) -> str:
    """The short reference of a scenario (``PP-7K3F-Q2XM``): SHA-256 of its canonical
    parameters (the link-only ones left out), 40 bits in base 32."""
    text = canonical([(k, v) for k, v in pairs if k not in LINK_ONLY])
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    code = base64.b32encode(digest).decode("ascii")[:8]
    return f"PP-{code[:4]}-{code[4:]}"


def signature(secret: bytes, pairs) -> str:
    return hmac.new(secret, canonical(pairs).encode("utf-8"), hashlib.sha256).hexdigest()


# --- what the seller decides -----------------------------------------------------------------


def read_may(value: object) -> tuple[str, ...]:
    """``--client-may-change``: ``performance``, ``option``, both, or ``none``/empty."""
    text = "" if value is None else str(value).strip().lower()
    if text in ("", "none", "nothing"):
        return ()
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    bad = [part for part in chosen if part not in MAY]
    if bad or len(set(chosen)) != len(chosen):
        raise InputError("client_may_change", show(value), MAY_ALLOWED, "is not what we know")
    return tuple(m for m in MAY if m in chosen)


def read_expires(value: object, today: dt.date | None = None) -> dt.date:
    """``--expires``: the link's last day, from today to :data:`MAX_LINK_DAYS` days ahead."""
    from prepay_modeller.inputs.numbers import parse_date

    today = today or dt.date.today()
    try:
        day = parse_date("expires", value)
    except InputError:
        raise InputError("expires", show(value), EXPIRES_ALLOWED, "is not a date") from None
    if day < today:
        raise InputError("expires", show(value), EXPIRES_ALLOWED, "is in the past")
    if day > today + dt.timedelta(days=MAX_LINK_DAYS):
        raise InputError("expires", show(value), EXPIRES_ALLOWED, "is too far ahead")
    return day


def default_expiry(today: dt.date | None = None) -> dt.date:
    """The proposal's validity date: a link stands as long as the proposal does."""
    return offer.valid_until(today or dt.date.today())


def read_public_url(value: object, field: str = "public_url") -> str:
    """The address clients reach (the TLS proxy's), ending in ``/``."""
    text = "" if value is None else str(value).strip()
    try:
        parts = (
            urlsplit(text) if text.isascii() and text.isprintable() and len(text) < 500 else None
        )
    except ValueError:  # an unclosed IPv6 bracket, ``http://[::1``
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
        or " " in text
    ):
        raise InputError(field, show(value), PUBLIC_URL_ALLOWED, "is not such an address")
    try:
        parts.port  # noqa: B018 - a bad port raises here
    except ValueError:
        raise InputError(field, show(value), PUBLIC_URL_ALLOWED, "has a bad port") from None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc.lower()}{path}"


def public_origin(public_url: str) -> str:
    """``https://name[:port]`` of a public address (whose pages open the app's WebSocket)."""
    parts = urlsplit(public_url)
    return f"{parts.scheme}://{parts.netloc}"


def public_path(public_url: str) -> str:
    """The path a public address serves the app under (``/`` or ``/proposals/``)."""
    return urlsplit(public_url).path or "/"


# --- the secret --------------------------------------------------------------------------------


def default_secret_path() -> Path:
    return paths.config_dir() / SECRET_FILE


def load_secret(path: str | Path | None = None, create: bool = True) -> bytes:
    """The link secret in ``path`` (default :func:`default_secret_path`). Where no path was
    given and the default file does not exist, a new random secret is created there, readable
    by its owner only (0600). A given file must exist and hold at least
    :data:`MIN_SECRET_CHARS` printable characters."""
    given = path is not None
    target = Path(path) if given else default_secret_path()
    if not given and create and not target.exists():
        _create_secret(target)
    try:
        with open(target, "rb") as f:
            data = f.read(MAX_SECRET_BYTES + 1)
    except OSError as exc:
        raise InputError(
            "link_secret_file", str(target), "a file holding the link secret",
            f"cannot be read ({exc.strerror or exc})",
        ) from None  # fmt: skip
    text = data.strip()
    if len(data) > MAX_SECRET_BYTES or len(text) < MIN_SECRET_CHARS or not _printable(text):
        raise InputError(
            "link_secret_file", str(target),
            f"a file holding {MIN_SECRET_CHARS} to {MAX_SECRET_BYTES} printable characters",
            "does not hold a link secret",
        )  # fmt: skip
    return text


def _printable(data: bytes) -> bool:
    try:
        return data.decode("ascii").isprintable()
    except UnicodeDecodeError:
        return False


def _create_secret(target: Path) -> None:
    """A new random secret at ``target``, created exclusively with mode 0600 (a secret made by
    another process at the same moment wins and is kept)."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_urlsafe(SECRET_BYTES) + "\n")


# --- making and checking links ------------------------------------------------------------------


@dataclass(frozen=True)
class ClientLink:
    """A checked client link: its scenario's parameters, what the prospect may move, its last
    day and its reference."""

    pairs: tuple[tuple[str, str], ...]  # the scenario's (the link contract's) parameters
    may: tuple[str, ...]
    expires: dt.date
    url: str = ""

    @property
    def reference(self) -> str:
        return reference(self.pairs)

    @property
    def fields(self) -> dict[str, str]:
        return dict(self.pairs)

    @property
    def query(self) -> str:
        """The scenario's query string (no link-only parameter): what the app reads."""
        return query_text(self.pairs)


def make_link(
    public_url: str,
    pairs,
    secret: bytes,
    may=(),
    expires: dt.date | None = None,
) -> str:
    """The signed client link for a scenario's ``pairs`` (:func:`scenario_pairs`)."""
    expires = expires or default_expiry()
    full = [
        *pairs,
        ("view", "client"),
        ("may", ",".join(m for m in MAY if m in may)),
        ("expires", expires.isoformat()),
        ("template", CLIENT_TEMPLATE),
    ]
    full.append(("sig", signature(secret, full)))
    return read_public_url(public_url) + "?" + query_text(full)


class LinkRefused(Exception):
    """A client link that does not open: changed, unsigned, expired or not ours."""

    def __init__(self, why: str, language: str = ""):
        super().__init__(why)
        self.why = why
        self.language = language  # the link's own, as far as it can be read, for the sentence


def is_client_query(query: str) -> bool:
    """Whether a query string asks for the client view (any of the link's own parameters)."""
    names = {k for k, _ in parse_qsl(query[:MAX_QUERY], keep_blank_values=True)}
    return bool(names & {"view", "sig", "may", "expires"}) or (
        ("template", CLIENT_TEMPLATE) in parse_qsl(query[:MAX_QUERY], keep_blank_values=True)
    )


def verify(query: str, secret: bytes, today: dt.date | None = None) -> ClientLink:
    """The client link a query string holds, checked: signed with ``secret`` over exactly these
    parameters, each given once, none unknown, and not past its last day. Raises
    :class:`LinkRefused` saying why (for the log; the prospect is told one sentence)."""
    today = today or dt.date.today()
    if len(query) > MAX_QUERY:
        raise LinkRefused("the query is too long")
    pairs = parse_qsl(query, keep_blank_values=True)
    fields = dict(pairs)
    language = fields.get("language", "")
    if len(fields) != len(pairs):
        raise LinkRefused("a parameter is given twice", language)
    unknown = sorted(set(fields) - set(CONTRACT) - set(LINK_ONLY))
    if unknown:
        raise LinkRefused(f"unknown parameters: {', '.join(unknown)}", language)
    given = fields.get("sig", "")
    if not given:
        raise LinkRefused("the signature is missing", language)
    if not hmac.compare_digest(given.encode("ascii", "replace"), signature(secret, pairs).encode()):
        raise LinkRefused("the signature does not match the parameters", language)
    # Signed by us: what follows holds unless the secret leaked.
    if fields.get("view") != "client" or fields.get("template") != CLIENT_TEMPLATE:
        raise LinkRefused("not a client link", language)
    try:
        expires = dt.date.fromisoformat(fields.get("expires", ""))
        may = read_may(fields.get("may", ""))
    except (ValueError, InputError):
        raise LinkRefused("its expiry or its may are unreadable", language) from None
    if today > expires:
        raise LinkRefused(f"it expired on {expires.isoformat()}", language)
    scenario = tuple((k, v) for k, v in pairs if k not in LINK_ONLY)
    return ClientLink(scenario, may, expires)


def signed_by(query: str, secret: bytes) -> bool:
    """Whether a link's parameters carry a signature made with ``secret`` (its expiry left
    aside: a proposal's link is checked long after it stopped opening)."""
    pairs = parse_qsl(query[:MAX_QUERY], keep_blank_values=True)
    given = dict(pairs).get("sig", "")
    return bool(given) and hmac.compare_digest(
        given.encode("ascii", "replace"), signature(secret, pairs).encode()
    )
