"""The proposal's pieces, without a kernel: numbers from DOMAIN.md's worked examples, escaping."""

import json

import pytest

from prepay_modeller.core.errors import DataFileError, InputError
from prepay_modeller.inputs import paths
from prepay_modeller.presentation import proposal

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))"
PIECES = [
    "cover",
    "recommendation",
    "options_table",
    "schedule_intro",
    "schedule_table",
    "invoices_table",
    "cost_intro",
    "worth_intro",
    "worth_table",
    "okr_plan",
    "opt_out",
    "appendix",
]
CHARTS = ["schedule_chart", "cash_chart", "cost_chart", "npv_chart", "beat_payg_chart"]


def build(**kw):
    kw.setdefault("start", "2027-01-01")
    kw.setdefault("report_date", "2026-11-23")
    return proposal.build(plotlyjs="none", **kw)


def test_prepay_12_on_target_is_recommended_with_the_articles_numbers():
    # The article's table: prepay-12 on target costs $480,000 against $600,000 pay-as-you-go;
    # DOMAIN.md: it costs the same as pay-as-you-go at a uniform performance of 1.625.
    text = build(option="prepay-12").recommendation()
    assert "We recommend the 12-month prepay (prepay-12)" in text
    assert "<b>$480,000.00</b> over 12 months" in text
    assert "<b>$120,000.00</b> (20%) less than pay-as-you-go ($600,000.00)" in text
    assert "<b>162.5%</b>" in text
    assert "one month's fee ($50,000.00)" in text


def test_domain_worked_example_prepay_6():
    # DOMAIN.md: prepay-6, performance 0.8 then 1.5: Q1 $121,500 + $10,800, Q2 $81,000 +
    # $81,000, prepayment $202,500, total $294,300. Opt-out: one month ($50,000), the rest of
    # the prepayment ($152,500) refunded on day 30.
    p = build(option="prepay-6", horizon=6, performance_q1=0.8, performance_q2=1.5)
    table = p.schedule_table()
    for amount in ("$121,500.00", "$10,800.00", "$81,000.00", "$202,500.00", "$294,300.00"):
        assert amount in table
    invoices = p.invoices_table()
    assert "Prepayment of the fixed part, Q1, Q2" in invoices and "$294,300.00" in invoices
    assert "($50,000.00)" in p.opt_out() and "$152,500.00 of $202,500.00" in p.opt_out()
    assert "31 January 2027" in p.opt_out()
    # Asked about prepay-6, but prepay-12 is cheaper over 12 months at these performances.
    assert "You asked about the 6-month prepay" in p.recommendation()


def test_every_piece_escapes_text_from_the_csv():
    p = build(prospect=HOSTILE, contact=HOSTILE, option="prepay-6", horizon=12)
    for piece in PIECES:
        html = getattr(p, piece)()
        assert "<script" not in html and "<img" not in html, piece
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in p.cover()
    assert "&lt;img src=x onerror=alert(2)&gt;" in p.appendix()
    for chart in CHARTS:
        html = getattr(p, chart)()
        assert html.count("<script") == 1  # the chart's own, no plotly.js ("none")
        data = html[html.index("Plotly.newPlot(") :]
        assert "<script>alert" not in data and "<img" not in data
        assert "&lt;script&gt;" in data  # the title, escaped


def test_chart_scripts_carry_the_nonce():
    p = proposal.build(plotlyjs="none", script_nonce="abc123")
    assert '<script nonce="abc123">' in p.cash_chart()


def test_worth_section_uses_the_discount_rate():
    low, high = build(discount_rate=0.0), build(discount_rate=0.25)
    # At 0% a year, today's money is the nominal total ($480,000 for prepay-12 on target).
    assert "costs $480,000.00 in today's money" in low.worth_intro()
    assert "at a cost of capital of 25% a year" in high.worth_intro().lower()
    assert "in <b>" in low.worth_intro()  # the chance of beating pay-as-you-go


def test_a_bad_brand_colour_is_named(tmp_path):
    brand = json.loads((paths.DATA_DIR / "brand.json").read_text())
    brand["colors"]["primary"] = "red;} body{display:none"
    path = tmp_path / "brand.json"
    path.write_text(json.dumps(brand))
    with pytest.raises(DataFileError) as err:
        proposal.load_brand(path)
    assert "brand.json, colors.primary: 'red;} body{display:none' is not a colour" in str(err.value)


def test_unknown_parameters_are_refused():
    with pytest.raises(InputError, match="is not a parameter"):
        proposal.build(colour="red")


def test_the_monte_carlo_settings_are_parameters():
    # No spread: every draw is the expected performance, so every percentile is the on-target
    # total (prepay-12: $480,000; DOMAIN.md), whatever the seed.
    flat = build(uncertainty_spread=0, uncertainty_draws=50, uncertainty_seed=7)
    row = flat.montecarlo.set_index("option").loc["prepay-12"]
    assert row["p10_total"] == row["p90_total"] == 480_000
    assert "In 50 simulated engagements" in flat.worth_intro()
    assert "from 100% to 100% of the performance we expect" in flat.worth_intro()
    wide = build(uncertainty_spread=0.25, uncertainty_draws=300, uncertainty_seed=1)
    assert "from 75% to 125% of the performance we expect" in wide.worth_intro()
    again = build(uncertainty_spread=0.25, uncertainty_draws=300, uncertainty_seed=1)
    other = build(uncertainty_spread=0.25, uncertainty_draws=300, uncertainty_seed=2)
    assert wide.montecarlo.equals(again.montecarlo)  # seeded: reproducible
    assert not wide.montecarlo.equals(other.montecarlo)
    # The defaults are the article-free ones this report always used: ±40%, 2,000 draws, seed 0.
    assert "In 2,000 simulated engagements" in build().worth_intro()
    assert "from 60% to 140%" in build().worth_intro()
    # The appendix lists the settings, so that a reader can reproduce the figures.
    assert "uncertainty_seed" in build().appendix()


@pytest.mark.parametrize(
    "given, message",
    [
        (
            {"uncertainty_spread": 1.5},
            "uncertainty_spread: 1.5 is out of range (allowed: from 0 to 1",
        ),
        ({"uncertainty_spread": -0.1}, "uncertainty_spread: -0.1 is out of range"),
        ({"uncertainty_draws": 0}, "uncertainty_draws: 0 is out of range (allowed: a whole number"),
        ({"uncertainty_draws": 200_001}, "uncertainty_draws: 200001 is out of range"),
        ({"uncertainty_seed": -1}, "uncertainty_seed: -1 is below 0"),
    ],
)
def test_bad_monte_carlo_settings_are_named(given, message):
    with pytest.raises(InputError) as err:
        build(**given)
    assert str(err.value).startswith(message)


def test_the_allowed_texts_match_the_limits():
    from prepay_modeller.core.uncertainty import MAX_SEED, SEED_ALLOWED
    from prepay_modeller.inputs.parameters import DRAWS_ALLOWED, MAX_REPORT_DRAWS

    assert DRAWS_ALLOWED.endswith(f"{MAX_REPORT_DRAWS:,}")
    assert SEED_ALLOWED.endswith(f"{MAX_SEED:,}")
    build(uncertainty_draws=MAX_REPORT_DRAWS // 1000, uncertainty_seed=MAX_SEED)  # accepted
