"""``prepay engagement statement``: one client's statement, rendered as a proposal is (papermill
injects the parameters into ``notebooks/statement.ipynb``, the notebook runs, nbconvert exports
the page without code, Chromium prints the PDF: :func:`presentation.render.render_one`), in the
client's language and currency, written into ``--out`` as ``<client>-statement-<id>.html``
and ``.pdf``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prepay_modeller.core.errors import PrepayError
from prepay_modeller.inputs import paths

TEMPLATE = paths.NOTEBOOKS_DIR / "statement.ipynb"


def build(engagement, db: str = "", date: str = "", language: str = "", currency: str = ""):
    """The :class:`presentation.statement.Statement` of engagement ``engagement`` in database
    ``db`` (empty: ``$PREPAY_DB``, else ``./prepay.db``) on ``date`` (empty: today), in the
    client's language and currency unless others are given: what the template shows."""
    from prepay_modeller.inputs.brand import load_brand
    from prepay_modeller.inputs.engagements import read_day, read_id
    from prepay_modeller.presentation.i18n import speech
    from prepay_modeller.presentation.statement import Statement
    from prepay_modeller.store import db as database
    from prepay_modeller.store import engagements

    store = database.open_store(db or None)
    e = engagements.get(store, read_id(engagement))
    words = speech(language or e.language, currency or e.currency)
    return Statement(e, read_day(date), words, load_brand())


def write(
    store,
    engagement_id: int,
    out: str | Path | None = None,
    formats: str = "html,pdf",
    language: str | None = None,
    currency: str | None = None,
    on: dt.date | None = None,
) -> list[Path]:
    """Render engagement ``engagement_id``'s statement and write its files; returns their paths.
    Everything is checked before anything renders (the id, the language, the folder)."""
    from prepay_modeller.inputs.files import write_atomic
    from prepay_modeller.presentation import render
    from prepay_modeller.presentation.statement import page_head
    from prepay_modeller.reports.runner import _inside, check_out, file_stem, parse_formats

    chosen = parse_formats(formats)
    folder = check_out(Path(out) if out else paths.REPORTS_DIR)
    params = {
        "engagement": int(engagement_id),
        "db": store.target.url.render_as_string(hide_password=False),
        "date": (on or dt.date.today()).isoformat(),
        "language": language or "",
        "currency": currency or "",
    }
    statement = build(**params)  # the id, language and currency checked here, before rendering
    try:
        files = render.render_one(params, chosen, template=TEMPLATE, head=page_head(statement))
    except Exception as exc:  # noqa: BLE001 - a render's failure is one line, nothing written
        raise PrepayError(f"statement: not rendered ({render.describe_error(exc)})") from None
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{file_stem(statement.e.client, kind='statement')}-{engagement_id}"
    written = []
    for extension in chosen:
        target = _inside(folder, f"{stem}.{extension}")
        write_atomic(target, files[extension])
        written.append(target)
    return written
