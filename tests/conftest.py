import datetime as dt

import pytest

from prepay_modeller.inputs.terms import make_terms

START = dt.date(2027, 1, 1)


@pytest.fixture
def terms():
    """Build terms with a fixed start date, so dates in expectations never move."""

    def build(option="prepay-12", **kwargs):
        kwargs.setdefault("start", START)
        return make_terms(option=option, **kwargs)

    return build
