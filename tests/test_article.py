"""The article's prepay table and DOMAIN.md's worked examples, to the cent.

Expected values are copied from the article's table ("Minimal Prepayments for Maximum
Flexibility") and from DOMAIN.md's "Worked examples", or worked out by hand where noted.
"""

import datetime as dt
from decimal import Decimal
from decimal import Decimal as D

from prepay_modeller.core.comparison import compare, options_table
from prepay_modeller.core.quote import quote
from prepay_modeller.inputs.defaults import catalog


def test_prepay_options_table_matches_the_article():
    table = options_table(catalog(), Decimal(str(50000))).set_index("option")
    # The article's table: on-target payment, variable part, effective prepayment.
    expected = {
        "payg": (D("50000.00"), None, D("50000.00"), 1.0),
        "prepay-3": (D("142500.00"), D("14250.00"), D("128250.00"), 0.90),
        "prepay-6": (D("270000.00"), D("67500.00"), D("202500.00"), 0.75),
        "prepay-12": (D("480000.00"), D("192000.00"), D("288000.00"), 0.60),
    }
    for option, (total, variable, prepay, share) in expected.items():
        row = table.loc[option]
        assert row["on_target_total"] == total
        assert (row["variable_part"] if variable is not None else None) == variable
        assert row["prepayment"] == prepay
        assert abs(row["prepayment_share"] - share) < 1e-12


def test_prepay_6_worked_example(terms):
    # DOMAIN.md: base $135,000; Q1 fixed $121,500, variable $10,800; Q2 fixed $81,000, variable
    # $81,000; prepayment on day 0 $202,500; total $294,300.
    t = terms("prepay-6", performance=[0.8, 1.5])
    sched = quote(t).schedule
    assert list(sched["base"]) == [D("135000.00")] * 2
    assert list(sched["fixed"]) == [D("121500.00"), D("81000.00")]
    assert list(sched["variable"]) == [D("10800.00"), D("81000.00")]
    inv = quote(t).invoices
    first = inv.iloc[0]
    assert (first["kind"], first["issued"], first["amount"]) == (
        "prepayment",
        t.start,
        D("202500.00"),
    )
    assert quote(t).totals["total"] == D("294300.00")


def test_prepay_12_on_target_worked_example(terms):
    # DOMAIN.md: fixed $288,000 prepaid; variable invoices $12,000, $48,000, $60,000, $72,000 at
    # months 3, 6, 9, 12; total $480,000 against $600,000 pay-as-you-go.
    t = terms("prepay-12")
    inv = quote(t).invoices
    assert list(inv["kind"]) == ["prepayment"] + ["variable"] * 4
    assert inv.iloc[0]["amount"] == D("288000.00")
    assert list(inv["amount"][1:]) == [D("12000.00"), D("48000.00"), D("60000.00"), D("72000.00")]
    # Issued on the last day of months 3, 6, 9 and 12 of an engagement starting 2027-01-01,
    # due 30 days later (net 30).
    assert list(inv["issued"][1:]) == [
        dt.date(2027, 3, 31),
        dt.date(2027, 6, 30),
        dt.date(2027, 9, 30),
        dt.date(2027, 12, 31),
    ]
    assert list(inv["due"][1:]) == [
        dt.date(2027, 4, 30),
        dt.date(2027, 7, 30),
        dt.date(2027, 10, 30),
        dt.date(2028, 1, 30),
    ]
    tot = quote(t).totals
    assert tot["total"] == D("480000.00")
    assert tot["payg_total"] == D("600000.00")
    assert tot["savings_vs_payg"] == D("120000.00")


def test_prepay_12_breaks_even_with_payg_at_1_625(terms):
    # DOMAIN.md: prepay-12 costs the same as 12 months of pay-as-you-go at performance 1.625.
    t = terms("prepay-12")
    assert quote(t).break_even_performance == 1.625
    assert quote(t.with_performance(1.625)).totals["total"] == D("600000.00")


def test_break_even_of_shorter_options(terms):
    # By hand on 12 months: prepay-6 fixed 135,000 × (0.9 + 0.6 + 0.5 + 0.4) = 324,000 (the renewed
    # term has Q3/Q4's splits), target 540,000 − 324,000 = 216,000: (600,000 − 324,000) / 216,000
    # = 1.2777...; prepay-3 fixed 4 terms × 142,500 × (0.9, 0.6,
    # 0.5, 0.4) = 342,000, target 228,000: (600,000 − 342,000) / 228,000 = 1.13157...
    t = terms("prepay-6", horizon=12)
    assert abs(quote(t).break_even_performance - 276000 / 216000) < 1e-12
    t = terms("prepay-3", horizon=12)
    assert abs(quote(t).break_even_performance - 258000 / 228000) < 1e-12
    assert quote(terms("payg", horizon=12)).break_even_performance is None


def test_break_even_is_none_when_caps_keep_an_option_cheaper(terms):
    # Fixed 10% in every quarter with a 20% cap: at most 0.3 × 480,000 = 144,000 + 48,000 fixed...
    # by hand: fixed 4 × 12,000 = 48,000; caps 4 × 24,000 = 96,000; 144,000 < 600,000: never.
    t = terms("prepay-12", fixed=0.1, variable_max=0.9)
    assert quote(t).break_even_performance is None


def test_performance_above_two_earns_nothing_more_with_default_splits(terms):
    # DOMAIN rule 3: with the default splits the cap binds at performance 2.0.
    at_two = quote(terms("prepay-12", performance=2)).totals["total"]
    assert quote(terms("prepay-12", performance=2.5)).totals["total"] == at_two
    # By hand: 288,000 + 2 × 192,000.
    assert at_two == D("672000.00")


def test_renewed_prepay_6_uses_q3_and_q4_splits(terms):
    # DOMAIN rule 5: a renewed prepay-6 covers Q3 and Q4 with their own splits.
    t = terms("prepay-6", horizon=12)
    sched = quote(t).schedule
    assert list(sched["term"]) == [1, 1, 2, 2]
    # By hand: 135,000 × 0.5 and × 0.4.
    assert list(sched["fixed"][2:]) == [D("67500.00"), D("54000.00")]
    inv = quote(t).invoices
    prepayments = inv[inv["kind"] == "prepayment"]
    # Second term prepaid on its first day: 2027-07-01, 67,500 + 54,000.
    assert list(prepayments["issued"]) == [dt.date(2027, 1, 1), dt.date(2027, 7, 1)]
    assert list(prepayments["amount"]) == [D("202500.00"), D("121500.00")]


def test_quarters_past_the_fourth_use_the_last_split(terms):
    t = terms("prepay-12", horizon=24)
    sched = quote(t).schedule
    assert [float(f / b) for f, b in zip(sched["fixed"], sched["base"], strict=True)] == [
        0.9,
        0.6,
        0.5,
        0.4,
        0.4,
        0.4,
        0.4,
        0.4,
    ]


def test_payg_is_invoiced_monthly_with_no_variable_part(terms):
    t = terms("payg", horizon=6, payment_terms=15)
    inv = quote(t).invoices
    assert list(inv["kind"]) == ["monthly"] * 6
    assert list(inv["amount"]) == [D("50000.00")] * 6
    assert list(inv["issued"]) == [dt.date(2027, m, 1) for m in range(1, 7)]
    # Paid a month in advance (DOMAIN.md rule 4): due the day it is issued, net 15 or not.
    assert list(inv["due"]) == list(inv["issued"])
    sched = quote(t).schedule
    assert list(sched["base"]) == [D("150000.00")] * 2
    assert list(sched["variable"]) == [D("0.00")] * 2


def test_opt_out_pays_one_month_and_refunds_the_rest_on_day_30(terms):
    # DOMAIN rule 6: prepay-12 prepays $288,000 on day 0 and gets $238,000 back on day 30.
    flows = quote(terms("prepay-12")).opt_out
    assert list(flows["date"]) == [dt.date(2027, 1, 1), dt.date(2027, 1, 31)]
    assert list(flows["amount"]) == [D("-288000.00"), D("238000.00")]
    assert flows["cumulative"].iloc[-1] == D("-50000.00")
    assert quote(terms("prepay-3")).opt_out is None
    assert quote(terms("payg")).opt_out is None


def test_cash_flows_are_negative_for_the_client_with_a_running_total(terms):
    flows = quote(terms("prepay-6", performance=[0.8, 1.5])).cash_flows
    assert list(flows["amount"]) == [D("-202500.00"), D("-10800.00"), D("-81000.00")]
    assert list(flows["cumulative"]) == [D("-202500.00"), D("-213300.00"), D("-294300.00")]


def test_monthly_view_is_the_article_per_month_basis(terms):
    # prepay-6: $45,000 a month on target; Q1 months fixed $40,500 + variable target $4,500.
    month = quote(terms("prepay-6", performance=[0.8, 1.5])).monthly
    assert list(month["base"]) == [D("45000.00")] * 6
    assert list(month["fixed"][:3]) == [D("40500.00")] * 3
    assert list(month["variable"]) == [D("3600.00")] * 3 + [D("27000.00")] * 3


def test_compare_lists_every_option_on_one_horizon(terms):
    cmp = compare(terms("prepay-12")).table.set_index("option")
    # By hand at performance 1.0 over 12 months: the discounts' savings.
    assert cmp.loc["payg", "total"] == D("600000.00")
    assert cmp.loc["prepay-3", "total"] == D("570000.00")
    assert cmp.loc["prepay-6", "total"] == D("540000.00")
    assert cmp.loc["prepay-12", "total"] == D("480000.00")
    assert cmp.loc["prepay-12", "chosen"] and not cmp.loc["payg", "chosen"]
    assert cmp.loc["prepay-6", "opt_out_cost"] == D("50000.00")


def test_compare_leaves_out_options_whose_term_does_not_fit(terms):
    cmp = compare(terms("prepay-6")).table
    assert list(cmp["option"]) == ["payg", "prepay-3", "prepay-6"]
