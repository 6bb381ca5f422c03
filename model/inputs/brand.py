"""The agency's brand on every proposal: name, logo text, tagline, contacts and colours
(``data/brand.json``), validated before anything renders.

``contacts`` lists the agency's people a proposal can name (name, role, e-mail, phone); the
first is the default contact, and a prospect row's ``owner`` picks another by name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from prepay_modeller.core.errors import DataFileError, Problem
from prepay_modeller.inputs import paths

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
COLORS = ("primary", "accent", "text", "muted", "background")
MAX_BRAND_BYTES = 100_000
CONTACT_FIELDS = ("name", "role", "email", "phone")


@dataclass(frozen=True)
class Contact:
    """One of the agency's people, as a proposal names them."""

    name: str
    role: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Brand:
    """The agency's name, logo text, contacts and colours (``data/brand.json``)."""

    agency: str
    logo_text: str
    tagline: str = ""
    email: str = ""
    colors: dict = field(default_factory=dict)
    contacts: tuple[Contact, ...] = ()

    def contact(self, owner: str = "") -> Contact:
        """The contact named ``owner`` (case and spaces aside), else the first; without
        contacts, the agency itself with its e-mail."""
        key = " ".join(owner.split()).casefold()
        for person in self.contacts:
            if key and " ".join(person.name.split()).casefold() == key:
                return person
        if key:
            raise KeyError(owner)
        return self.contacts[0] if self.contacts else Contact(self.agency, email=self.email)

    @property
    def contact_names(self) -> list[str]:
        return [c.name for c in self.contacts]


def load_brand(path: Path | str | None = None) -> Brand:
    """Read and check the brand file; colours must be ``#rrggbb`` (they go into CSS)."""
    path = Path(path or paths.data_file("brand.json"))
    label = path.name

    def fail(detail: str, key: str = "") -> DataFileError:
        return DataFileError(path, [Problem(field=key, source=label, detail=detail)])

    try:
        if path.stat().st_size > MAX_BRAND_BYTES:
            raise fail(f"the file is too large (allowed: up to {MAX_BRAND_BYTES:,} bytes)")
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fail(f"file not found ({path})") from None
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise fail(f"not readable JSON ({exc})") from None
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror or exc})") from None
    if not isinstance(raw, dict):
        raise fail(f'{type(raw).__name__} is not an object (allowed: {{"agency": ..., ...}})')
    problems = []
    for key in ("agency", "logo_text"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problems.append(Problem(key, repr(raw.get(key)), "text", "is missing", source=label))
    for key in ("tagline", "email"):
        if key in raw and not isinstance(raw[key], str):
            problems.append(Problem(key, repr(raw[key]), "text", "is not text", source=label))
    colors = raw.get("colors", {}) if raw.get("colors") is not None else {}
    if not isinstance(colors, dict):
        problems.append(
            Problem(
                "colors",
                repr(colors),
                "an object of #rrggbb colours",
                "is not an object",
                source=label,
            )
        )
        colors = {}
    for key in COLORS:
        value = colors.get(key)
        if not isinstance(value, str) or not _HEX.match(value):
            problems.append(
                Problem(f"colors.{key}", repr(value), "#rrggbb", "is not a colour", source=label)
            )
    contacts = _contacts(raw.get("contacts", []), label, problems)
    if problems:
        raise DataFileError(path, problems)
    return Brand(
        agency=raw["agency"],
        logo_text=raw["logo_text"],
        tagline=str(raw.get("tagline", "")),
        email=str(raw.get("email", "")),
        colors={k: colors[k] for k in COLORS},
        contacts=contacts,
    )


def _contacts(raw: object, label: str, problems: list[Problem]) -> tuple[Contact, ...]:
    """The ``contacts`` list: objects with a ``name`` and optional ``role, email, phone`` text."""
    allowed = 'a list of {"name": ..., "role": ..., "email": ..., "phone": ...}'
    if not isinstance(raw, list):
        problems.append(Problem("contacts", repr(raw), allowed, "is not a list", source=label))
        return ()
    out = []
    for i, item in enumerate(raw, start=1):
        key = f"contacts[{i}]"
        if not isinstance(item, dict):
            problems.append(Problem(key, repr(item), allowed, "is not an object", source=label))
            continue
        unknown = sorted(set(item) - set(CONTACT_FIELDS))
        if unknown:
            problems.append(
                Problem(
                    f"{key}.{unknown[0]}",
                    repr(item[unknown[0]]),
                    ", ".join(CONTACT_FIELDS),
                    "is not a contact field",
                    source=label,
                )
            )
        if not isinstance(item.get("name"), str) or not item["name"].strip():
            problems.append(
                Problem(f"{key}.name", repr(item.get("name")), "text", "is missing", source=label)
            )
            continue
        bad = [f for f in CONTACT_FIELDS[1:] if f in item and not isinstance(item[f], str)]
        for f in bad:
            problems.append(
                Problem(f"{key}.{f}", repr(item[f]), "text", "is not text", source=label)
            )
        if not bad and not unknown:
            out.append(Contact(**{f: item.get(f, "").strip() for f in CONTACT_FIELDS}))
    return tuple(out)
