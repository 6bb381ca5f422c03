"""Hypothesis strategies for random but valid terms."""

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from prepay_modeller.inputs.terms import make_terms

OPTIONS = {"payg": 3, "prepay-3": 3, "prepay-6": 6, "prepay-12": 12}

rates = st.integers(min_value=1_000_00, max_value=500_000_00).map(lambda c: Decimal(c) / 100)
performances = st.integers(min_value=0, max_value=300_000).map(lambda k: Decimal(k) / 100_000)


@st.composite
def terms(draw, option=None):
    option = option or draw(st.sampled_from(sorted(OPTIONS)))
    horizon = OPTIONS[option] * draw(st.integers(min_value=1, max_value=24 // OPTIONS[option]))
    quarters = horizon // 3
    fixed = draw(st.lists(st.integers(0, 100), min_size=quarters, max_size=quarters))
    extra = draw(st.lists(st.integers(0, 150), min_size=quarters, max_size=quarters))
    return make_terms(
        option=option,
        rate=draw(rates),
        performance=draw(st.lists(performances, min_size=quarters, max_size=quarters)),
        horizon=horizon,
        start=draw(st.dates(dt.date(2020, 1, 1), dt.date(2040, 12, 31))),
        payment_terms=draw(st.integers(0, 90)),
        fixed=[Decimal(f) / 100 for f in fixed],
        variable_max=[Decimal(100 - f + e) / 100 for f, e in zip(fixed, extra, strict=True)],
    )
