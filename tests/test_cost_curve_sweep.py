"""cost_curve now runs on the sweep: its frame must stay what the one-scenario loop gave."""

from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from prepay_modeller.core.comparison import compare
from prepay_modeller.core.quote import quote
from prepay_modeller.inputs.defaults import catalog
from tests.strategies import terms as random_terms


def loop_cost_curve(terms, performances):
    # The original implementation (main before the sweep): totals() one scenario at a time.
    rows = []
    for opt in catalog().fitting(terms.horizon):
        base = terms.with_option(opt)
        for p in performances:
            tot = quote(base.with_performance(p)).totals
            rows.append(
                {
                    "option": opt.name,
                    "performance": float(p),
                    "total": tot["total"],
                    "payg_total": tot["payg_total"],
                    "label": opt.display,
                }
            )
    return pd.DataFrame(rows)


def test_float_grid_is_identical(terms):
    # np.linspace gives floats such as 0.15000000000000002, read exactly (17 places).
    t = terms("prepay-12", horizon=12, rate="50000.01")
    grid = np.linspace(0, 2.5, 51).tolist()
    pd.testing.assert_frame_equal(compare(t).cost_curve(grid), loop_cost_curve(t, grid))
    assert any(len(repr(p)) > 10 for p in grid)  # some really carry float noise
    # numpy arrays work too (the loop could not read numpy scalars)
    pd.testing.assert_frame_equal(
        compare(t).cost_curve(np.array(grid)), compare(t).cost_curve(grid)
    )


@settings(max_examples=150, deadline=None)
@given(
    random_terms(),
    st.lists(
        st.one_of(
            st.integers(0, 300_000).map(lambda k: Decimal(k) / 100_000),
            st.floats(0, 3, allow_nan=False),
            st.sampled_from(["0.5", 1, 2]),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_random_grids_are_identical(t, grid):
    pd.testing.assert_frame_equal(compare(t).cost_curve(grid), loop_cost_curve(t, grid))
