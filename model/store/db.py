"""Opening the store's database: which one, its schema, transactions, and errors in one line.

Which database: ``--db URL`` where a command takes it, else ``$PREPAY_DB``, else the default
file ``./prepay.db`` (SQLite). A URL is SQLAlchemy's (``sqlite:///path/prepay.db``,
``postgresql+psycopg://user:password@host/name``; ``postgresql://`` means psycopg 3); a text
without ``://`` is a SQLite file's path.

The schema is created and upgraded by Alembic (``prepay db upgrade``, :func:`Store.upgrade`).
The default file is created and upgraded on first use; any other database must exist and be at
this version's schema: a missing one, one of an older schema (run ``prepay db upgrade``) or of a
newer one (made by a newer prepay) is refused in one line, before anything is written.

Writes are serialised where they must be: a writing transaction on SQLite starts with ``BEGIN
IMMEDIATE`` (it holds the database's write lock from its first statement, so what it read stays
true until it commits), and issuing an invoice on PostgreSQL locks the agency's counter row
(``SELECT ... FOR UPDATE``, :mod:`.engagements`). A database locked longer than
``$PREPAY_DB_TIMEOUT`` seconds (default 30) is reported, and the transaction rolled back.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from prepay_modeller.core.errors import PrepayError, Problem

ENV_URL = "PREPAY_DB"
# Where "the default file" is: set by `prepay app` for its kernels (the folder it started in),
# never by people; unset, it is ./prepay.db in the current folder.
ENV_DEFAULT = "PREPAY_DB_DEFAULT"
ENV_TIMEOUT = "PREPAY_DB_TIMEOUT"
DEFAULT_FILE = "prepay.db"
DEFAULT_TIMEOUT = 30.0  # seconds a transaction waits for a lock
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The schema's revisions, oldest first (Alembic's, in store/migrations/versions): a test checks
# that the last is the scripts' head. A database at a revision not listed is a newer prepay's.
REVISIONS = ("0001",)
HEAD = REVISIONS[-1]
URL_ALLOWED = (
    "a database URL (sqlite:///prepay.db, postgresql+psycopg://user@host/name) or a SQLite "
    "file's path"
)


class StoreError(PrepayError):
    """The database cannot be opened, is locked, or holds another version's schema."""

    def __init__(self, shown: str, problem: str, allowed: str):
        super().__init__(problems=[Problem("db", shown, allowed, problem)])


@dataclass(frozen=True)
class Target:
    """Which database: its URL and whether it is the default file (created on first use)."""

    url: object  # sqlalchemy.engine.URL
    default: bool = False

    @property
    def shown(self) -> str:
        """The URL as messages show it: never its password."""
        return self.url.render_as_string(hide_password=True)

    @property
    def sqlite_path(self) -> Path | None:
        if self.url.get_backend_name() != "sqlite":
            return None
        database = self.url.database
        return None if not database or database == ":memory:" else Path(database)


def timeout() -> float:
    """Seconds a transaction waits for another's lock (``$PREPAY_DB_TIMEOUT``, default 30)."""
    text = os.environ.get(ENV_TIMEOUT, "")
    try:
        value = float(text) if text.strip() else DEFAULT_TIMEOUT
    except ValueError:
        value = DEFAULT_TIMEOUT
    return value if 0 < value <= 3600 else DEFAULT_TIMEOUT


def target(given: str | None = None) -> Target:
    """The database to use: ``given`` (a ``--db`` flag), else ``$PREPAY_DB``, else the default
    file."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    text = given if given is not None and str(given).strip() else os.environ.get(ENV_URL, "")
    default = not text.strip()
    if default:
        text = os.environ.get(ENV_DEFAULT) or DEFAULT_FILE
    text = text.strip()
    if "\x00" in text or len(text) > 2000:
        raise StoreError("(unreadable)", "is not a database URL", URL_ALLOWED)
    if "://" not in text:
        return Target(make_url("sqlite://").set(database=str(Path(text).resolve())), default)
    try:
        url = make_url(text)
    except ArgumentError:
        raise StoreError(_mask(text), "is not a database URL", URL_ALLOWED) from None
    backend, driver = url.get_backend_name(), url.get_driver_name()
    if backend == "postgresql" and "+" not in url.drivername:
        url = url.set(drivername="postgresql+psycopg")
    elif backend == "sqlite" and url.database and url.database != ":memory:":
        url = url.set(database=str(Path(url.database).resolve()))
    elif backend not in ("sqlite", "postgresql") or (
        backend == "postgresql" and driver != "psycopg"
    ):
        raise StoreError(
            url.render_as_string(hide_password=True),
            "is not a database prepay uses",
            "sqlite:///FILE or postgresql+psycopg://user@host/name",
        )
    return Target(url, default)


def _mask(text: str) -> str:
    """A URL that could not be read, shown without what could be a password."""
    head, sep, rest = text.partition("://")
    return f"{head}{sep}…" if sep and "@" in rest else text


# --- the engine --------------------------------------------------------------------------------


def _engine(t: Target):
    from sqlalchemy import create_engine, event

    wait = timeout()
    if t.url.get_backend_name() == "sqlite":
        engine = create_engine(t.url, connect_args={"timeout": wait})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection, _record):
            # pysqlite's own transaction handling is off: every transaction starts below.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            # A writer takes the write lock before its first read (BEGIN IMMEDIATE), so that
            # what it read stays true until it commits; readers never block one another.
            writing = conn.get_execution_options().get("prepay_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

        return engine
    lock_ms = int(wait * 1000)
    return create_engine(
        t.url,
        connect_args={
            "connect_timeout": max(1, min(int(wait), 30)),
            "options": f"-c lock_timeout={lock_ms} -c idle_in_transaction_session_timeout=600000",
        },
        pool_pre_ping=True,
    )


_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()


def open_store(given: str | None = None) -> Store:
    """The store of ``given`` (a ``--db`` value), else ``$PREPAY_DB``, else the default file,
    checked (and, for the default file, created or upgraded) on first use in this process."""
    t = target(given)
    key = t.url.render_as_string(hide_password=False)
    with _stores_lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = Store(t)
    store.ready()
    return store


def exists(given: str | None = None) -> bool:
    """Whether the database ``given`` names is there to be read, without creating it: a SQLite
    file that exists, or any PostgreSQL URL (asked when used)."""
    t = target(given)
    path = t.sqlite_path
    return path is None or path.is_file()


class Store:
    """One database: its engine, its schema check, and transactions that speak in one line."""

    def __init__(self, t: Target):
        self.target = t
        self._engine = None
        self._checked = False

    @property
    def shown(self) -> str:
        return self.target.shown

    @property
    def engine(self):
        if self._engine is None:
            self._engine = _engine(self.target)
        return self._engine

    @property
    def dialect(self) -> str:
        return self.target.url.get_backend_name()

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # --- schema ---------------------------------------------------------------------------

    def ready(self) -> None:
        """Check the schema once: the default file is created or upgraded; any other database
        must be at :data:`HEAD`."""
        if self._checked:
            return
        path = self.target.sqlite_path
        if path is not None and not path.is_file():
            if not self.target.default:
                raise StoreError(
                    self.shown,
                    "does not exist",
                    f"an existing database; prepay db upgrade --db {self.shown} creates it",
                )
            self.upgrade()
            return
        revision = self.revision()
        if revision == HEAD:
            self._checked = True
            return
        if revision is not None and revision not in REVISIONS:
            raise StoreError(
                self.shown,
                f"has a newer schema ({revision}) than this prepay knows ({HEAD})",
                "a database of this version's schema: upgrade prepay to use it",
            )
        if self.target.default:
            self.upgrade()
            return
        problem = (
            "has no prepay schema" if revision is None else f"has an older schema ({revision})"
        )
        raise StoreError(
            self.shown,
            problem,
            f"a database at schema {HEAD}: run prepay db upgrade --db {self.shown}",
        )

    def revision(self) -> str | None:
        """The database's schema revision (Alembic's), or None where it has none."""
        from sqlalchemy import inspect, text

        with self._errors(), self.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                tables = inspect(conn).get_table_names()
                if tables:
                    raise StoreError(
                        self.shown,
                        "is not a prepay database (it has other tables and no prepay schema)",
                        "an empty database, or one made by prepay db upgrade",
                    )
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def upgrade(self) -> tuple[str | None, str]:
        """Create or upgrade the schema to :data:`HEAD` (Alembic); returns ``(before, after)``.
        Several processes may upgrade at once: one does the work, the others find it done."""
        from alembic import command
        from alembic.config import Config

        path = self.target.sqlite_path
        if path is not None and not path.parent.is_dir():
            raise StoreError(
                self.shown, "is in a folder that does not exist", "a file in an existing folder"
            )
        before = None
        with self._errors():
            if path is not None:
                self._wal()
            before = self.revision()
            if before is not None and before not in REVISIONS:
                raise StoreError(
                    self.shown,
                    f"has a newer schema ({before}) than this prepay knows ({HEAD})",
                    "a database of this version's schema: upgrade prepay to use it",
                )
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            # One transaction (Alembic's recipe for a connection it is given): on SQLite it
            # holds the write lock from its start, on PostgreSQL env.py takes an advisory lock,
            # so the current revision is read only once no other upgrade is under way.
            with self.engine.execution_options(prepay_write=True).begin() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        self._checked = True
        return before, HEAD

    def _wal(self) -> None:
        """SQLite in write-ahead-log mode: readers do not wait for a writer."""
        raw = self.engine.raw_connection()  # outside any transaction, as SQLite requires
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()
        finally:
            raw.close()

    # --- transactions ---------------------------------------------------------------------

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator:
        """A session in one transaction, committed at the end (rolled back on any error); a
        writing one holds SQLite's write lock from its start. Database errors come out as one
        :class:`StoreError` line."""
        from sqlalchemy.orm import Session

        bind = self.engine.execution_options(prepay_write=True) if write else self.engine
        with self._errors(), Session(bind, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def _errors(self) -> Iterator[None]:
        from sqlalchemy.exc import DBAPIError, OperationalError

        try:
            yield
        except OperationalError as exc:
            raise self._operational(exc) from None
        except DBAPIError as exc:
            raise StoreError(self.shown, f"refused the change ({_first_line(exc)})",
                             "a database this prepay can write") from None  # fmt: skip

    def _operational(self, exc) -> StoreError:
        text = _first_line(exc)
        sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
        if "database is locked" in text or "lock timeout" in text or sqlstate == "55P03":
            return StoreError(
                self.shown,
                f"is locked by another process (waited {timeout():g} s)",
                f"a database free within ${ENV_TIMEOUT} seconds: try again",
            )
        if "readonly" in text.replace(" ", "") or "read-only" in text:
            return StoreError(
                self.shown, "cannot be written (read-only)", "a database you can write"
            )
        return StoreError(self.shown, f"cannot be opened ({text})", "a database you can reach")


def _first_line(exc) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split("\n")[0].split())
    return text[:200] or type(orig).__name__


def close(given: str | None = None) -> None:
    """Close the connections of the store ``given`` names (opened again when next used)."""
    t = target(given)
    with _stores_lock:
        store = _stores.pop(t.url.render_as_string(hide_password=False), None)
    if store is not None:
        store.dispose()


def after_fork() -> None:
    """In a child process forked from one that used the store: leave the parent's connections
    to the parent (SQLAlchemy's ``dispose(close=False)``) and open the child's own."""
    with _stores_lock:
        for store in _stores.values():
            if store._engine is not None:
                store._engine.dispose(close=False)
                store._engine = None
