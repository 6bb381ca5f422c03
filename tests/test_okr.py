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
    # DOMAIN.md rule 7: "establish a CAC benchmark" is a one-off deliverable, a milestone; the
    # other key results of Q2-Q4 are numbers.
    benchmark = t["key_result"].str.contains("benchmark")
    assert list(t[benchmark]["kind"]) == ["milestone"]
    assert set(t[(t.quarter > 1) & ~benchmark]["kind"]) == {"numeric"}
    # "CAC 10% under the previous quarter" takes its target from the previous quarter's actual.
    cac = t["key_result"].str.contains("10% under the previous quarter")
    assert list(t[cac]["quarter"]) == [3, 4] and list(t[cac]["vs_previous"]) == [0.9, 0.9]
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


def test_cac_target_follows_the_previous_quarters_actual():
    # DOMAIN.md rule 7: Q4's CAC target is 90% of Q3's *actual* CAC, not of Q3's target.
    plan = okr.okr_plan(load_okr_template())
    q3, q4 = (plan.index[(plan.quarter == q) & (plan.direction == "lower")][0] for q in (3, 4))
    plan.loc[q3, "actual"] = 20_000  # Q3 missed its 18,000 target: scores 18,000 / 20,000 = 0.9
    plan.loc[q4, "actual"] = 18_000  # 10% under Q3's 20,000: exactly on target
    scored = okr.score_key_results(plan)
    assert scored.loc[q3, "score"] == pytest.approx(0.9)
    assert scored.loc[q4, "target_used"] == pytest.approx(18_000)  # 0.9 × 20,000, by hand
    assert scored.loc[q4, "score"] == pytest.approx(1.0)
    # The template's 16,200 (0.9 × Q3's target) would have scored it 16,200 / 18,000 = 0.9.
    assert scored.loc[q4, "score"] != pytest.approx(0.9)


def test_the_benchmark_is_a_milestone_capped_at_done():
    plan = okr.okr_plan(load_okr_template())
    bench = plan.index[plan["key_result"].str.contains("benchmark")][0]
    plan.loc[bench, "actual"] = 2  # "2 benchmarks" no longer scores 200%
    with pytest.raises(InputError, match="is outside 0–1"):
        okr.score_key_results(plan)


def test_actuals_at_a_performance_score_that_performance():
    plan = okr.okr_plan(load_okr_template())
    at = okr.actuals_at(plan, {1: 0.8, 2: 1.2, 3: 1.5, 4: 0.5})
    perf = okr.quarter_performance(at)
    # Q1: ten milestones at 80% done; Q2: four numbers at 120% and the benchmark done (100%):
    # 0.8 × 1.2 + 0.2 × 1 = 1.16; Q3 and Q4 are all numbers.
    assert list(perf) == [0.8, 1.16, 1.5, 0.5]
    cac = at[at["key_result"].str.contains("previous quarter")]["actual"].tolist()
    # Q3: 18,000 / 1.5 = 12,000; Q4's target 0.9 × 12,000 = 10,800, at 50%: 10,800 / 0.5.
    assert cac == pytest.approx([12_000, 21_600])


def test_max_performance_and_what_q1_can_earn():
    from decimal import Decimal

    from prepay_modeller.core.quote import quote
    from prepay_modeller.inputs.terms import make_terms

    template = load_okr_template()
    # Q1's ten milestones top out at 100%; Q2-Q4 have numbers, with no upper bound.
    assert okr.max_performance(template) == {1: Decimal(1), 2: None, 3: None, 4: None}
    q = quote(make_terms(option="prepay-6", performance="0.8,1.5", start="2027-01-01"))
    reach = okr.reachable(q, template).set_index("quarter")
    # DOMAIN.md's prepay-6: Q1 base 135,000, fixed 121,500, variable on target 13,500, cap
    # 20% of the base = 27,000: at 100% at most, Q1 costs 135,000 of its 148,500 maximum.
    assert reach.loc[1, "reachable_variable"] == Decimal("13500.00")
    assert reach.loc[1, "reachable_max"] == Decimal("135000.00")
    assert reach.loc[1, "quarter_max"] == Decimal("148500.00")
    assert bool(reach.loc[1, "below_cap"]) and not bool(reach.loc[2, "below_cap"])
    high = quote(make_terms(option="prepay-6", performance="1.2,1", start="2027-01-01"))
    assert bool(okr.reachable(high, template).set_index("quarter").loc[1, "expected_above"])


def test_the_most_it_can_cost_by_the_contract_and_in_practice():
    from decimal import Decimal

    from prepay_modeller.core.quote import quote
    from prepay_modeller.inputs.terms import make_terms

    template = load_okr_template()
    # DOMAIN.md rule 10's example: a one-quarter 3-month prepay at $50,000: base $142,500,
    # fixed 90 % = $128,250, variable cap 20 % = $28,500: $156,750 by the contract; Q1's
    # milestones top out at 100 %, so its variable part pays at most $14,250: $142,500.
    one = okr.exposure(quote(make_terms(option="prepay-3", start="2027-01-01")), template)
    assert (one.contract, one.in_practice, one.short) == (
        Decimal("156750.00"), Decimal("142500.00"), (1,)
    )  # fmt: skip
    assert one.differs
    # At $37,500 a month (the issue's $117,562.50 and $106,875.00): base 106,875, cap 21,375.
    low = quote(make_terms(option="prepay-3", rate="37500", start="2027-01-01"))
    assert okr.exposure(low, template).contract == Decimal("117562.50")
    assert okr.exposure(low, template).in_practice == Decimal("106875.00")
    # Renewed quarterly over 6 months: Q2 has numeric key results, no ceiling but its cap.
    renewed = make_terms(option="prepay-3", horizon=6, start="2027-01-01")
    two = okr.exposure(quote(renewed), template)
    assert two.short == (1,) and two.contract - two.in_practice == Decimal("14250.00")


def test_a_preset_in_the_app_scores_its_performance_in_every_quarter_with_numbers():
    # The app's OKR panel sets a preset's actuals with okr.actuals_at: at 150%, Q3 and Q4 (all
    # numbers, the CAC relative to the previous quarter's actual) score 150%; Q1's milestones
    # and Q2's benchmark top out at done (DOMAIN.md rule 7): Q1 100%, Q2 0.8 × 1.5 + 0.2 = 140%.
    import datetime as dt

    from prepay_modeller.app.explorer import ExplorerApp

    app = ExplorerApp(start=dt.date(2027, 1, 1), panels=[])
    app.apply_preset(1.5)
    assert list(okr.quarter_performance(app.okr.plan)) == [1.0, 1.4, 1.5, 1.5]
