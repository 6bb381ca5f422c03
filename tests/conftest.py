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
