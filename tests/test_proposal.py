"""The proposal's sections, without a kernel: DOMAIN.md's worked examples, the words a client
reads, and each false statement issue 12 found (every test below fails on the old wording)."""

import html
import json
import re
from decimal import Decimal

import pytest

from prepay_modeller.core.errors import DataFileError, InputError
from prepay_modeller.inputs import paths
from prepay_modeller.presentation.plotlyjs import BASIC_TRACES
from prepay_modeller.reports import proposal

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))"
BLUEFIN = {
    "prospect": "Bluefin Payroll",
    "contact": "Marco Ruiz",
    "option": "prepay-6",
    "performance_q1": 0.8,
    "performance_q2": 1.5,
    "horizon": 6,
}


def build(**kw):
    kw.setdefault("start", "2027-01-01")
    kw.setdefault("report_date", "2026-12-01")
    return proposal.build(plotlyjs="none", **kw)


def visible(markup: str) -> str:
    """What a reader sees: tags and scripts dropped, entities decoded, spaces collapsed."""
    markup = re.sub(r"<script.*?</script>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def text(report, *names) -> str:
    return visible("".join(report.section(n) for n in (names or proposal.SECTIONS)))


def test_domain_worked_example_prepay_6():
    # DOMAIN.md: prepay-6, performance 0.8 then 1.5: Q1 $121,500 + $10,800, Q2 $81,000 + $81,000,
    # prepayment on day 0 $202,500, total $294,300. Opt-out: one month ($50,000); the rest of the
    # prepayment ($152,500) is refunded on day 30 (31 January 2027).
    p = build(**BLUEFIN)
    schedule = text(p, "payment_schedule")
    assert "$121,500.00 $13,500.00 $27,000.00 $148,500.00 80% $10,800.00 $132,300.00" in schedule
    assert "$81,000.00 $54,000.00 $108,000.00 $189,000.00 150% $81,000.00 $162,000.00" in schedule
    assert "Total $202,500.00 $67,500.00 $337,500.00 $91,800.00 $294,300.00" in schedule
    invoices = text(p, "invoices")
    assert "1 Jan 2027 1 Jan 2027 Prepayment of the fixed part, Q1, Q2 $202,500.00" in invoices
    assert "31 Mar 2027 30 Apr 2027 Variable part, Q1 $10,800.00" in invoices
    assert "Total $294,300.00" in invoices
    terms = text(p, "contract_terms")
    assert "one month at the list price ($50,000.00)" in terms
    assert "$152,500.00 of $202,500.00, is refunded on 31 January 2027" in terms
    summary = text(p, "summary")
    assert "Prepayment $202,500.00, due on 1 January 2027" in summary
    assert "$294,300.00 over 6 months (Q1 80%, Q2 150%)" in summary
    # Pay-as-you-go over the same 6 months: 6 × $50,000 = $300,000; saving $5,700 (1.9%).
    assert "Pay-as-you-go, same 6 months $300,000.00" in summary
    assert "$5,700.00 (1.9%) less than pay-as-you-go" in summary


def test_the_monthly_view_is_the_articles_per_month_table():
    # prepay-6: a quarter's base $135,000 is $45,000 a month; Q1 fixed 90%: $40,500 a month, on
    # target variable $4,500, at 80%: $3,600 (the article's "what the payout is based on per
    # month").
    monthly = text(build(**BLUEFIN), "monthly")
    assert monthly.count("Q1 $40,500.00 $4,500.00 $3,600.00 $44,100.00") == 3
    assert monthly.count("Q2 $27,000.00 $18,000.00 $27,000.00 $54,000.00") == 3


def test_cover_gives_the_effective_monthly_price_beside_the_list_price():
    # Issue 12: the cover gave "$50,000.00 a month" for a prepay whose effective price is
    # $45,000 (6-month) or $40,000 (12-month) (DOMAIN.md, "Words for clients").
    six = text(build(**BLUEFIN), "cover")
    assert "$45,000.00 a month on target (list price $50,000.00 a month, 10% off)" in six
    assert "at $50,000.00 a month" not in six
    twelve = text(build(option="prepay-12"), "cover")
    assert "$40,000.00 a month on target (list price $50,000.00 a month, 20% off)" in twelve
    payg = text(build(option="payg", rate=60000), "cover")
    assert "$60,000.00 a month, paid month by month" in payg


def test_the_proposal_proposes_the_option_the_row_names():
    # Issue 12: Bluefin asked for the 6-month prepay; the cover said 6-month and the box said
    # "We recommend the 12-month prepay", then "The next best option, Pay-as-you-go, costs
    # $32,400.00 more".
    p = build(**BLUEFIN)
    everything = text(p)
    assert "We recommend" not in everything and "next best option" not in everything
    assert "We propose the 6-month prepay for 6 months from 1 January 2027" in everything
    assert "6-month prepay (proposed)" in text(p, "options")
    assert "Prepayment of the fixed part, Q1, Q2 $202,500.00" in text(p, "invoices")
    # Over Bluefin's 6 months (DOMAIN.md rule 9) the 6-month prepay is the cheapest option
    # ($294,300 against the 3-month prepay renewed, $310,650, and $300,000): no sentence. For a
    # 3-month prepay renewed over the same 6 months, by hand: bases 47,500 × 3 = 142,500; Q1
    # 128,250 + 14,250 × 0.8 = 139,650, Q2 85,500 + 57,000 × 1.5 = 171,000: $310,650, $16,350
    # more than the 6-month prepay, said once.
    assert "would cost" not in everything
    three = text(build(**{**BLUEFIN, "option": "prepay-3"}))
    sentence = (
        "At the performance you expect, the 6-month prepay would cost $16,350.00 less than the "
        "3-month prepay over 6 months ($294,300.00 against $310,650.00)."
    )
    assert three.count(sentence) == 1


def test_recommend_no_switches_the_sentence_off():
    p = build(**BLUEFIN, recommend=False)
    assert "would cost" not in text(p)
    assert "6-month prepay (proposed)" in text(p, "options")
    # The column of a CSV reads yes/no, true/false, 1/0.
    assert build(**BLUEFIN, recommend="no").params["recommend"] is False
    assert build(**BLUEFIN, recommend="Yes").params["recommend"] is True
    with pytest.raises(InputError, match="recommend: maybe is not yes or no"):
        build(recommend="maybe")


def test_no_sentence_where_the_option_is_already_the_cheapest():
    p = build(option="prepay-12")
    assert "would cost" not in text(p)


def test_performance_given_past_the_horizon_changes_no_verdict():
    # Issue 19: a 6-month proposal compared options over 12 months with Q3 and Q4's
    # performance, outside the 6 months signed, and its verdicts contradicted its summary.
    # Every verdict is now on the prospect's 6 months (DOMAIN.md rule 9).
    p = build(**BLUEFIN, performance_q3=0.5, performance_q4=0.5)
    assert text(p, "options") == text(build(**BLUEFIN), "options")
    assert "(Q1 80%, Q2 150%)" in text(p, "options")
    assert "$435,600.00" not in text(p) and "12-month comparison" not in text(p)


def test_no_quarter_maximum_is_called_the_cap():
    # Issue 12: "a quarter never costs more than its cap" (the cap limits the variable part
    # only; the chart called fixed + variable max "cap" too).
    p = build(**BLUEFIN)
    words = text(p)
    assert "never costs more than its cap" not in words
    assert "the most a quarter can cost is its quarter maximum , the fixed part plus" in words
    assert "never more than the quarter's variable cap" in words
    legend = [t.name for t in _figures(p) for t in t.data]
    assert "Quarter maximum (fixed + variable cap)" in legend and "Cap" not in legend


def test_break_even_is_stated_for_a_uniform_performance():
    # Issue 12: "stays cheaper unless our performance averages above 162.5% in every quarter"
    # is false for uneven quarters (Q1 0%, Q2 100%, Q3 200%, Q4 200% averages 125% and costs
    # what pay-as-you-go costs): the words are "if every quarter performs at 162.5%".
    p = build(option="prepay-12")
    summary = text(p, "summary")
    assert "averages" not in text(p)
    assert (
        "If every quarter performs at 162.5%, the 12-month prepay costs what pay-as-you-go "
        "costs over 12 months; if every quarter performs below that, it costs less."
    ) in summary
    # The counter-example, by hand: fixed 288,000 + variable 0 + 48,000 + 120,000 (capped at
    # 60,000 × 2 = 120,000 of its 150,000 cap) + 144,000 = 600,000 = pay-as-you-go.
    uneven = build(
        option="prepay-12", performance_q1=0, performance_q2=1, performance_q3=2, performance_q4=2
    )
    assert uneven.quote.total == Decimal("600000.00")


def test_one_paragraph_says_when_each_invoice_is_due():
    # Issue 12: "Invoices are due 30 days after they are issued" stood next to "Prepayments
    # are due on the day they are issued". One paragraph, the same in the invoices and the
    # terms, agreeing with the invoice table.
    p = build(**BLUEFIN, payment_terms=45)
    paragraph = (
        "The prepayment of the term (the fixed parts of its quarters) is invoiced and due on the "
        "term's first day: the first, $202,500.00, on 1 January 2027. Each quarter's variable "
        "part is invoiced on the quarter's last day and due 45 days later"
    )
    assert paragraph in text(p, "invoices") and paragraph in text(p, "contract_terms")
    assert "Invoices are due" not in text(p)
    invoices = p.quote.invoices
    pre = invoices[invoices["kind"] == "prepayment"]
    var = invoices[invoices["kind"] == "variable"]
    assert (pre["due"] == pre["issued"]).all()
    assert ((var["due"] - var["issued"]).map(lambda d: d.days) == 45).all()
    # Pay-as-you-go is paid a month in advance (DOMAIN.md rule 4): due on the month's first day.
    payg = build(option="payg", horizon=3, payment_terms=45)
    assert "each month's $50,000.00 is invoiced and due on the month's first day" in text(
        payg, "invoices"
    )
    assert "45 days later" not in text(payg, "invoices")


def test_no_codes_no_analyst_words_one_minus_sign():
    # Issue 12: "prepay-12", "payg", "2,000 draws", "Share of draws", "IRR", "rate 50000.0",
    # "uncertainty_spread 0.4", and "-12.34%" beside "−$74,025.00".
    p = build(**BLUEFIN)
    words = text(p)
    for code in ("prepay-12", "prepay-6", "prepay-3", "payg", "draws", "IRR", "uncertainty_"):
        assert code not in words, code
    assert "rate 50000" not in words and "0.4" not in words
    assert not re.search(r"-\s?[$\d]", words)  # every negative figure has U+2212
    # The 3-month prepay renewed over the 6 months costs $310,650: $10,650 (3.55%) more.
    assert "−$10,650.00 (−3.55%)" in text(p, "options")
    for fig in _figures(p):
        names = [t.name for t in fig.data]
        assert not {"payg", "prepay-3", "prepay-6", "prepay-12"} & set(names), names


def test_charts_use_only_what_plotly_js_basic_draws_in_the_body_font():
    p = build(**BLUEFIN)
    figures = _figures(p)
    assert len(figures) == 3
    for fig in figures:
        assert {t.type for t in fig.data} <= BASIC_TRACES
    page = "".join(p.section(n) for n in proposal.SECTIONS)
    assert page.count("Plotly.newPlot") == 3
    for fig in figures:
        # The body's font (proposal.css has it as --font), the text width (no fixed width).
        assert fig.layout.font.family.startswith('"DejaVu Sans"')
        assert fig.layout.width is None and fig.layout.autosize
    assert proposal.stylesheet(proposal.load_brand()).count('--font: "DejaVu Sans"') == 1


def test_the_okr_plan_is_illustrative_relative_and_says_what_q1_can_earn():
    # Issue 12: "120 MQLs", "$18,000 CAC" read as commitments; "CAC 10% under the previous
    # quarter" was a fixed number; "1 benchmarks"; nothing said Q1 tops out at 100%.
    p = build(option="prepay-12", performance_q1=1.2)
    plan = text(p, "okr_plan")
    assert "The key results (illustrative)" in plan
    assert "confirmed together in the first three months" in plan
    assert "already in your CRM are filtered out" in plan
    # Words a client would not know (ACV, ABM) are spelled out (DOMAIN.md, issue 19).
    assert "benchmark established against the yearly contract value 20% done" in plan
    assert "benchmarks" not in plan and "ACV" not in plan and "ABM" not in plan
    assert "10% under Q2's actual" in plan and "10% under Q3's actual" in plan
    assert "16,200" not in plan and "18,000" not in plan
    # prepay-12 at $50,000: base 120,000, Q1 fixed 108,000, variable on target 12,000, cap 20%
    # of the base 24,000: at 100% at most, Q1 costs 120,000, not its maximum of 132,000. The
    # amounts are said once, beside the schedule, each maximum named (DOMAIN.md rule 10).
    note = (
        "Q1's performance tops out at 100%: its variable part can pay at most $12,000.00 of its "
        "$24,000.00 variable cap, and Q1 costs at most $120,000.00 in practice, not its quarter "
        "maximum of $132,000.00 by the contract."
    )
    assert note in text(p, "payment_schedule") and "$132,000.00" not in plan
    assert "Q1's key results are milestones: its performance tops out at 100%" in plan
    assert "The 120% expected for Q1 is above what these milestones can score" in plan
    # Pay-as-you-go has no variable part: nothing to say about Q1's range.
    assert "tops out" not in text(build(option="payg", horizon=3))


def test_renewals_say_what_each_renewal_prepays():
    # prepay-3 at $42,000 over 12 months: each term 42,000 × 3 × 0.95 = 119,700 on target; its
    # fixed part is 90%, 60%, 50%, 40% of it: 107,730, 71,820, 59,850, 47,880.
    p = build(option="prepay-3", rate=42000, horizon=12)
    renewals = text(p, "renewals")
    assert "Your 12 months run as 4 back-to-back terms of the 3-month prepay" in renewals
    for row in (
        "First term Q1 1 Jan 2027 $107,730.00 $119,700.00 90%",
        "Renewal 1 Q2 1 Apr 2027 $71,820.00 $119,700.00 60%",
        "Renewal 2 Q3 1 Jul 2027 $59,850.00 $119,700.00 50%",
        "Renewal 3 Q4 1 Oct 2027 $47,880.00 $119,700.00 40%",
    ):
        assert row in renewals, row
    assert "prepays less than the first term" in renewals
    assert build(option="prepay-12").renewals() == ""


def test_what_a_proposal_has():
    # Valid until (30 days by default), the agency contact, scope, terms, next steps and an
    # acceptance block to sign.
    p = build(**BLUEFIN)
    assert "Issued 1 December 2026 · Valid until 31 December 2026" in text(p, "cover")
    assert "This proposal is valid until 31 December 2026." in text(p, "contract_terms")
    contact = "Alex Morgan , Partnerships lead · alex.morgan@northbeam.example · +1 206 555 0142"
    assert contact in text(p, "cover") and contact in text(p, "next_steps")
    assert "Valid until 15 December 2026" in text(build(valid_days=14), "cover")
    owned = build(owner="priya raman")
    assert "Priya Raman , Account director" in text(owned, "cover")
    scope = text(p, "scope")
    assert "Q1 Foundation 1 Jan – 31 Mar 2027 Get a marketing leadership system" in scope
    assert "run your whole marketing function" in scope
    steps = text(p, "next_steps")
    assert "Sign the acceptance below by 31 December 2026." in steps
    assert "We invoice the prepayment, $202,500.00, due on 1 January 2027." in steps
    accept = text(p, "acceptance")
    assert "For Bluefin Payroll Name Marco Ruiz Title Signature Date" in accept
    assert "For Northbeam Growth Partners Name Alex Morgan Title Partnerships lead" in accept
    payg = text(build(option="payg", horizon=3), "contract_terms")
    assert "Pay-as-you-go renews month by month and can be cancelled at any time" in payg


def test_an_unknown_owner_or_validity_is_named():
    with pytest.raises(InputError) as err:
        build(owner="Bob", valid_days=0)
    assert str(err.value).splitlines() == [
        "valid_days: 0 is less than 1 (allowed: from 1 to 365 days)",
        "owner: Bob is not a contact (allowed: one of Alex Morgan, Priya Raman, Jonas Weber "
        "(brand.json's contacts), or empty)",
    ]
    with pytest.raises(InputError, match="performance_q2: \\(empty\\) is missing before"):
        build(performance_q1=1, performance_q3=1)


def test_every_section_escapes_text_from_the_csv():
    p = build(prospect=HOSTILE, contact=HOSTILE, option="prepay-6", horizon=12)
    for name, piece in p.sections():
        assert "<script>alert" not in piece and "<img" not in piece, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in p.cover()
    assert "&lt;img src=x onerror=alert(2)&gt;" in p.acceptance()


def test_chart_scripts_carry_the_nonce_and_inline_plotly_js_basic_once():
    p = proposal.build(plotlyjs="none", script_nonce="abc123")
    page = "".join(p.section(n) for n in proposal.SECTIONS)
    assert page.count('<script nonce="abc123">') == 3
    inline = proposal.build(plotlyjs="inline")
    page = "".join(inline.section(n) for n in proposal.SECTIONS)
    assert page.count("plotly.js (basic - minified)") == 1
    assert len(page) < 1_400_000


def test_worth_words_say_what_today_s_money_and_the_chance_mean():
    p = build(**BLUEFIN, discount_rate=0.0)
    worth = text(p, "worth")
    assert '"In today\'s money" values each payment on 1 January 2027 at your cost of capital' in (
        worth
    )
    # At 0% a year, today's money is the nominal total: the 6-month prepay's $294,300 over the
    # prospect's 6 months (the summary's figure, DOMAIN.md rule 9).
    assert "costs $294,300.00 over 6 months in today's money" in worth
    assert "an option's chance is the share of them in which it costs less" in worth
    flat = build(uncertainty_spread=0, uncertainty_draws=50, uncertainty_seed=7)
    assert "We simulated 50 engagements" in text(flat, "worth")
    assert "from 100% to 100% of the performance you expect" in text(flat, "worth")
    # The 12-month prepay on target ($480,000) always beats $600,000: 100% of the draws.
    assert "The 12-month prepay costs less in 100% of them." in text(flat, "worth")


def test_the_appendix_shows_the_inputs_in_words():
    p = build(**BLUEFIN, payment_terms=45, discount_rate=0.08, uncertainty_seed=3)
    appendix = text(p, "appendix")
    for fact in (
        "Option 6-month prepay",
        "List price $50,000.00 a month (pay-as-you-go)",
        "Start 1 January 2027",
        "Length 6 months",
        "Options compared over the same 6 months",
        "variable invoices due 45 days after they are issued",
        "Cost of capital 8% a year",
        "2,000 simulated engagements, each quarter from 60% to 140% of the expected "
        "performance (the same simulation every time this proposal is made)",
        "Valid for 30 days from 1 December 2026",
        "Q1 Foundation 90% 20% 80%",
        "Q2 Impact 60% 80% 150%",
    ):
        assert fact in appendix, fact


@pytest.mark.parametrize(
    "given, message",
    [
        ({"uncertainty_spread": 1.5}, "uncertainty_spread: 1.5 is more than 100% (allowed:"),
        ({"uncertainty_spread": -0.1}, "uncertainty_spread: -0.1 is less than 0%"),
        ({"uncertainty_draws": 0}, "uncertainty_draws: 0 is less than 1 (allowed: a whole number"),
        ({"uncertainty_draws": 200_001}, "uncertainty_draws: 200001 is more than 200,000"),
        ({"uncertainty_seed": -1}, "uncertainty_seed: -1 is less than 0"),
    ],
)
def test_bad_report_settings_are_named(given, message):
    with pytest.raises(InputError) as err:
        build(**given)
    assert str(err.value).startswith(message)


def test_unknown_parameters_are_refused():
    with pytest.raises(InputError, match="is not a parameter"):
        proposal.build(colour="red")


def test_brand_contacts_and_colours_are_checked(tmp_path):
    brand = json.loads((paths.DATA_DIR / "brand.json").read_text())
    brand["colors"]["primary"] = "red;} body{display:none"
    brand["contacts"] = [{"name": "Ann", "phone": 5}, {"role": "Sales"}, "Bob"]
    path = tmp_path / "brand.json"
    path.write_text(json.dumps(brand))
    with pytest.raises(DataFileError) as err:
        proposal.load_brand(path)
    lines = str(err.value).splitlines()
    assert "brand.json, colors.primary: 'red;} body{display:none' is not a colour" in lines[0]
    assert "brand.json, contacts[1].phone: 5 is not text (allowed: text)" in lines
    assert "brand.json, contacts[2].name: None is missing (allowed: text)" in lines
    assert any(line.startswith("brand.json, contacts[3]: 'Bob' is not an object") for line in lines)


def _figures(report):
    """The plotly figures the report draws, once every section is rendered."""
    report.sections()
    return report.plots.drawn


def test_pay_as_you_go_shows_no_chart_or_month_table_that_says_nothing():
    # Its quarters are four equal bars and its months are its invoices.
    p = build(option="payg", horizon=12, rate=60000)
    assert p.monthly() == "" and "Plotly.newPlot" not in p.payment_schedule()
    appendix = text(p, "appendix")
    assert "Q1 Foundation 90% 20% 100%" in appendix
    # The splits do not price pay-as-you-go.
    assert "Pay-as-you-go's price does not depend on them" in appendix


def test_with_renewals_the_summary_says_the_first_prepayment():
    # prepay-6 over 12 months: the first term prepays 202,500 (DOMAIN.md), the renewal 121,500.
    summary = text(build(option="prepay-6", horizon=12), "summary")
    assert "First prepayment $202,500.00, due on 1 January 2027; each renewal is prepaid" in summary


def test_break_even_labels_say_what_the_table_says():
    p = build(option="prepay-12", horizon=24, performance_q1=0.7, performance_q2=1.3)
    cost = _figures(p)[2]
    # The 3-month prepay over 24 months breaks even at 110.53% (the table), not "111%".
    labels = [a.text for a in cost.layout.annotations]
    table = text(p, "options")
    for label in labels:
        assert label.split(": ")[1] in table, label
    assert [t.name for t in cost.data][-1] == "Break-even"
