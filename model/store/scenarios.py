"""Saved scenarios in the store: one row per name, shared by every seller of the database.

A scenario's fields are kept as the scenario file holds them (validated by
:mod:`inputs.scenarios` before they reach here). A new name is inserted (of several sellers
saving one new name at once, one wins and the others are told it exists); replacing a saved
one needs ``overwrite``, and where the caller says which version it loaded
(``expected_version``) it is refused if someone saved it since, so nobody overwrites another's
change unseen. Every save keeps who and when, and the audit trail keeps the fields it replaced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from prepay_modeller.core.errors import InputError
from prepay_modeller.core.fields import N_
from prepay_modeller.store.audit import now
from prepay_modeller.store.audit import write as audit
from prepay_modeller.store.db import Store
from prepay_modeller.store.schema import ScenarioRow


@dataclass(frozen=True)
class Saved:
    """A saved scenario's fields and who saved it last, when, and how many times."""

    name: str
    fields: dict
    version: int
    updated_at: dt.datetime
    updated_by: str


def _saved(row: ScenarioRow) -> Saved:
    return Saved(row.name, dict(row.fields), row.version, row.updated_at, row.updated_by)


def every(store: Store) -> list[Saved]:
    """Every saved scenario, by name."""
    from sqlalchemy import select

    with store.transaction() as session:
        rows = session.scalars(select(ScenarioRow).order_by(ScenarioRow.name)).all()
        return [_saved(r) for r in rows]


def names(store: Store) -> list[str]:
    from sqlalchemy import select

    with store.transaction() as session:
        return list(session.scalars(select(ScenarioRow.name).order_by(ScenarioRow.name)))


def get(store: Store, name: str) -> Saved | None:
    with store.transaction() as session:
        row = session.get(ScenarioRow, name)
        return None if row is None else _saved(row)


def save(
    store: Store,
    fields: dict,
    user: str,
    overwrite: bool = False,
    expected_version: int | None = None,
) -> Saved:
    """Save ``fields`` under ``fields["name"]``; see the module's docstring for who wins."""
    return save_many(store, [fields], user, overwrite, expected_version)[0]


def save_many(
    store: Store,
    many: list[dict],
    user: str,
    overwrite: bool = False,
    expected_version: int | None = None,
) -> list[Saved]:
    """Save several scenarios in one transaction: all of them, or (one refused) none."""
    from sqlalchemy.exc import IntegrityError

    try:
        with store.transaction(write=True) as session:
            return [_save(session, f, user, overwrite, expected_version) for f in many]
    except IntegrityError:  # a new name inserted by another seller at the same instant
        names = ", ".join(str(f.get("name")) for f in many)
        raise _exists(names, store) from None


def _exists(name: str, store: Store) -> InputError:
    """A name already saved; the store's address is not said (an app's page shows this)."""
    return InputError(
        "name", name, N_("a name not yet saved, or replace the saved one"),
        N_("is already saved"), code="exists",
    )  # fmt: skip


def _save(session, fields: dict, user: str, overwrite: bool, expected: int | None) -> Saved:
    name = fields["name"]
    row = session.get(ScenarioRow, name)
    moment = now()
    if row is None:
        if expected is not None:
            raise InputError(
                "name", name, "a saved scenario, loaded again", "is no longer saved (deleted?)"
            )
        row = ScenarioRow(
            name=name,
            fields=fields,
            version=1,
            created_at=moment,
            created_by=user,
            updated_at=moment,
            updated_by=user,
        )
        session.add(row)
        session.flush()  # a name another seller just inserted fails here, not at commit
        audit(session, user, "save scenario", None, name, {"version": 1})
        return _saved(row)
    if not overwrite:
        raise InputError(
            "name", name, N_("a name not yet saved, or replace the saved one"),
            N_("is already saved (by {user}, version {version})"), code="exists",
            params=(("user", row.updated_by), ("version", str(row.version))),
        )  # fmt: skip
    if expected is not None and row.version != expected:
        raise InputError(
            "name",
            name,
            "the version you loaded: load it again to see the change, or save under another name",
            f"was saved by {row.updated_by} at {row.updated_at:%Y-%m-%d %H:%M} UTC since you "
            f"loaded it (version {row.version}, you loaded {expected})",
        )
    audit(
        session,
        user,
        "replace scenario",
        None,
        name,
        {"version": row.version + 1, "replaced": row.fields},
    )
    row.fields = fields
    row.version += 1
    row.updated_at = moment
    row.updated_by = user
    return _saved(row)
