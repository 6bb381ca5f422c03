"""Who changed what, and when: every change of the store writes one line of the audit trail in
the transaction that makes it (so a change and its line are written together, or neither)."""

from __future__ import annotations

import datetime as dt
import getpass
import os

from prepay_modeller.store.schema import AuditRow

USER_ENV = "PREPAY_USER"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def user(given: str | None = None) -> str:
    """Who is making a change: ``given`` (``--user``), else ``$PREPAY_USER``, else the operating
    system's user."""
    for name in (given, os.environ.get(USER_ENV)):
        if name and name.strip():
            return " ".join(name.split())[:200]
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        return f"uid {os.getuid()}"


def write(session, who: str, action: str, engagement_id=None, subject="", detail=None) -> None:
    """One line of the audit trail, in ``session``'s transaction."""
    session.add(
        AuditRow(
            at=now(),
            user=who,
            action=action,
            engagement_id=engagement_id,
            subject=subject,
            detail=detail,
        )
    )
