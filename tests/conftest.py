import datetime as dt
import os

import pytest
from hypothesis import settings

from prepay_modeller.inputs.terms import make_terms

START = dt.date(2027, 1, 1)

# How many random cases each property test tries (hypothesis's profiles): `make test` runs
# "quick"; HYPOTHESIS_PROFILE=thorough runs ten times as many (minutes), e.g. after changing the
# core's rounding. Neither has a deadline: the machines are shared, a slow example is not a bug.
settings.register_profile("quick", max_examples=200, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


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
