"""The store: engagements, invoices, the audit trail and saved scenarios in a real database
(SQLAlchemy 2, Alembic migrations): SQLite in a file by default (``./prepay.db``), PostgreSQL
by URL for a team (``postgresql+psycopg://...``). See :mod:`.db` for opening one, :mod:`.schema`
for its tables, :mod:`.engagements` and :mod:`.scenarios` for what is read and written.

An adapter around the core: it loads an engagement, lets :mod:`core.engagement` decide, and
writes the answer in the same transaction, with who and when.
"""
