import datetime as dt
import os

import pytest
from hypothesis import settings

from prepay_modeller.inputs.terms import make_terms
from tests.databases import SHARED_ENV, database_url, shared_dir, stop_shared_server

__all__ = ["database_url"]  # the store's tests run on SQLite and PostgreSQL (tests/databases.py)

START = dt.date(2027, 1, 1)

# How many random cases each property test tries (hypothesis's profiles): `make test` runs
# "quick"; HYPOTHESIS_PROFILE=thorough runs ten times as many (minutes), e.g. after changing the
# core's rounding. Neither has a deadline: the machines are shared, a slow example is not a bug.
settings.register_profile("quick", max_examples=200, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


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


@pytest.fixture(autouse=True, scope="session")
def _own_config_folder(tmp_path_factory):
    """The user's config folder (where the client links' secret is created on first use) is
    the session's own: no test writes into the real home, and servers started by tests inherit
    it."""
    import os

    saved = os.environ.get("XDG_CONFIG_HOME")
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("config"))
    yield
    if saved is None:
        os.environ.pop("XDG_CONFIG_HOME", None)
    else:
        os.environ["XDG_CONFIG_HOME"] = saved


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium (Debian's, through Playwright) for a module's browser tests."""
    from playwright.sync_api import sync_playwright

    from prepay_modeller.presentation.pdf import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
