"""The agency's brand on every proposal: name, logo text, tagline, contact and colours
(``data/brand.json``), validated before anything renders."""

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


@dataclass(frozen=True)
class Brand:
    """The agency's name, logo text and colours (``data/brand.json``)."""

    agency: str
    logo_text: str
    tagline: str = ""
    email: str = ""
    colors: dict = field(default_factory=dict)


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
    colors = raw.get("colors") or {}
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
    if problems:
        raise DataFileError(path, problems)
    return Brand(
        agency=raw["agency"],
        logo_text=raw["logo_text"],
        tagline=str(raw.get("tagline", "")),
        email=str(raw.get("email", "")),
        colors={k: colors[k] for k in COLORS},
    )
