"""HTML for people: one table renderer, escaping, and the Jinja2 templates and stylesheets kept as
files in ``presentation/templates/`` (no page or sentence longer than a line lives in Python).

Every text that came from a user (a prospect's name, a CSV cell, a scenario's description) is
escaped wherever it is shown: :func:`esc` in Python, Jinja2's autoescape in templates.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path

import pandas as pd

from prepay_modeller.presentation.i18n import ENGLISH

TEMPLATES = Path(__file__).resolve().parent / "templates"
TABLE = "table.html.j2"


class Html(str):
    """A piece of HTML that notebooks display as HTML (and tests read as a string)."""

    def _repr_html_(self) -> str:
        return str(self)


def esc(value: object) -> str:
    """Text safe inside HTML elements and attributes."""
    return html.escape(str(value), quote=True)


def _cell_text(value, fmt: Callable | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if fmt is not None:
        return fmt(value)
    if isinstance(value, Decimal):
        return ENGLISH.money(value)
    return str(value)


def table(
    frame: pd.DataFrame,
    columns: dict[str, str],
    formats: dict[str, Callable] | None = None,
    numeric: set[str] | None = None,
    total: dict | None = None,
    highlight: Callable[[dict], bool] | None = None,
    css_class: str = "",
    nowrap: set[str] | None = None,
    wrap_after: int | None = None,
) -> Html:
    """An HTML table of ``frame``'s ``columns`` (name → heading), every cell escaped.

    ``formats`` maps a column to a function of its value (money is ``$1,234.50`` by default);
    ``numeric`` columns are right-aligned; ``total`` is a last row (column → value, formatted
    like the others); ``highlight(row)`` marks a row ``chosen``; ``nowrap`` columns never wrap,
    and with ``wrap_after`` a text longer than that may wrap where the table keeps cells on one
    line.
    """
    formats = formats or {}
    numeric = numeric or set()
    nowrap = nowrap or set()

    def cell(c, value) -> tuple[str, str]:
        text = str(_cell_text(value, formats.get(c)))  # a plain text: the template escapes it
        if c in numeric:
            return text, "num"
        if c in nowrap:
            return text, "nowrap"
        if wrap_after is not None and len(text) > wrap_after:
            return text, "wrap"
        return text, ""

    rows = [
        ("chosen" if highlight is not None and highlight(row) else "",
         [cell(c, row.get(c)) for c in columns])
        for row in records(frame)
    ]  # fmt: skip
    if total:
        rows.append(("total", [cell(c, total.get(c)) for c in columns]))
    head = [(heading, c in numeric) for c, heading in columns.items()]
    return render(TABLE, head=head, rows=rows, css_class=css_class)


def records(frame) -> list[dict]:
    """``frame``'s rows as dicts (a DataFrame, or rows already), read column by column: a
    DataFrame's ``to_dict`` costs a millisecond a table on the app's hot path."""
    if isinstance(frame, list):
        return frame
    names = list(frame.columns)
    values = [frame[c].tolist() for c in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def _bytecode_cache():
    """Jinja2's own cache of compiled templates (``FileSystemBytecodeCache``), in the user's
    cache folder: a process that renders reads them instead of compiling them (~0.2 s for every
    template). Each entry is keyed by its template's source, so a changed template is compiled
    again. None (compile as before) where the folder cannot be made, or is not this user's
    alone: what is read from it runs."""
    import stat

    import jinja2

    from prepay_modeller.inputs.paths import cache_dir

    folder = cache_dir() / "templates"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = folder.stat()
    except OSError:
        return None
    if found.st_uid != os.getuid() or stat.S_IMODE(found.st_mode) & 0o077:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


@cache
def environment():
    """The Jinja2 environment of ``presentation/templates`` (autoescaped HTML)."""
    import jinja2

    env = jinja2.Environment(
        bytecode_cache=_bytecode_cache(),
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
        # Words for people are {% trans %} blocks (extracted into the gettext catalogs by
        # Babel, babel.cfg); a render passes its client's gettext/ngettext, else English.
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_null_translations()
    return env


def compile_templates() -> None:
    """Load and compile every template now (tens of ms each): a process that forks a child per
    report does it once, and its children find them compiled."""
    env = environment()
    for name in env.list_templates(filter_func=lambda name: name.endswith(".j2")):
        env.get_template(name)


def render(name: str, **context) -> Html:
    """Template ``name`` of ``presentation/templates`` with ``context``."""
    return Html(environment().get_template(name).render(**context))


@cache
def stylesheet_text(name: str) -> str:
    """A stylesheet of ``presentation/templates`` as text."""
    return (TEMPLATES / name).read_text(encoding="utf-8")
