"""Quarter performance from key results (DOMAIN.md rule 7), computed by hand."""

import pytest

from prepay_modeller.core import okr
from prepay_modeller.core.errors import InputError
from prepay_modeller.inputs.tables import load_okr_template


def test_the_article_template():
    t = load_okr_template()
    counts = t.groupby("quarter").size().to_dict()
    assert counts == {1: 10, 2: 5, 3: 5, 4: 5}
    assert set(t[t.quarter == 1]["kind"]) == {"milestone"}
    assert set(t[t.quarter > 1]["kind"]) == {"numeric"}
    assert set(t[t.quarter == 1]["weight"]) == {0.1}
    assert set(t[t.quarter > 1]["weight"]) == {0.2}


def test_on_target_plan_performs_at_one():
    assert list(okr.quarter_performance(okr.okr_plan(load_okr_template()))) == [1.0, 1.0, 1.0, 1.0]


def test_scores_by_hand():
    plan = okr.okr_plan(load_okr_template())
    q1 = plan.index[plan.quarter == 1]
    plan.loc[q1, "actual"] = [1, 1, 1, 1, 1, 1, 1, 0.5, 0, 0]  # 7.5 of 10 milestones
    q3 = plan.index[plan.quarter == 3]
    # 45 SQLs target → 54 actual = 1.2; 20 → 10 = 0.5; 40 → 40 = 1; 80 → 100 = 1.25;
    # CAC target 18,000, lower is better: actual 20,000 → 0.9.
    plan.loc[q3, "actual"] = [54, 10, 40, 100, 20000]
    perf = okr.quarter_performance(plan)
    assert perf[1] == pytest.approx(0.75)
    assert perf[3] == pytest.approx(0.2 * (1.2 + 0.5 + 1 + 1.25 + 0.9))


@pytest.mark.parametrize(
    ("row", "value", "message"),
    [
        (0, 1.5, "actual_q1_kr1: 1.5 is outside 0–1 (allowed: a fraction done from 0 to 1)"),
        (10, -4, "actual_q2_kr1: -4 is below 0 (allowed: 0 or more)"),
        (19, 0, "actual_q3_kr5: 0 cannot score where lower is better (allowed: more than 0)"),
        (11, "many", "actual_q2_kr2: many is not a number (allowed: 0 or more)"),
    ],
)
def test_bad_scores(row, value, message):
    plan = okr.okr_plan(load_okr_template())
    plan["actual"] = plan["actual"].astype(object)
    plan.loc[row, "actual"] = value
    with pytest.raises(InputError) as err:
        okr.score_key_results(plan)
    assert str(err.value) == message
