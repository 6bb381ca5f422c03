"""Alembic's environment for the store: run on the connection :meth:`store.db.Store.upgrade`
hands it (never from an ``alembic.ini``), in its transaction."""

from alembic import context
from sqlalchemy import text

from prepay_modeller.store.schema import Base

ADVISORY_LOCK = 7_265_132_025  # any constant: PostgreSQL's lock that serialises upgrades

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        # Several processes upgrading at once: one migrates, the others wait and find it done.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
    context.run_migrations()
