import datetime as dt
import os

import pytest

from prepay_modeller.inputs.terms import make_terms
from tests.databases import SHARED_ENV, database_url, shared_dir, stop_shared_server

__all__ = ["database_url"]  # the store's tests run on SQLite and PostgreSQL (tests/databases.py)

START = dt.date(2027, 1, 1)


def pytest_configure(config):
    # One folder shared by every xdist worker of this session (they inherit the environment):
    # where the session's PostgreSQL server, if a test needs one, says where it listens.
    if not hasattr(config, "workerinput"):
        os.environ.pop(SHARED_ENV, None)
        shared_dir()


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput"):
        stop_shared_server()


@pytest.fixture(autouse=True)
def _own_database(monkeypatch, tmp_path_factory):
    """No test reads or writes a developer's database: ``$PREPAY_DB`` is unset and the default
    file (``./prepay.db``) is one of the test's own, not yet created."""
    monkeypatch.delenv("PREPAY_DB", raising=False)
    monkeypatch.delenv("PREPAY_USER", raising=False)
    folder = tmp_path_factory.getbasetemp() / "default-db"
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("PREPAY_DB_DEFAULT", str(folder / f"{os.urandom(6).hex()}.db"))


@pytest.fixture
def terms():
    """Build terms with a fixed start date, so dates in expectations never move."""

    def build(option="prepay-12", **kwargs):
        kwargs.setdefault("start", START)
        return make_terms(option=option, **kwargs)

    return build
