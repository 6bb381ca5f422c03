"""``prepay runway``: the founder's cash against hand-worked months (DOMAIN.md, "The founder's
cash"); its JSON fields are a contract."""

import json

import pytest

from prepay_modeller.cli import main

START = ("--start", "2027-01-01")


def run(capsys, *args):
    assert main(["runway", *START, *args]) == 0
    return capsys.readouterr().out


def document(capsys, *args):
    return json.loads(run(capsys, *args, "--format", "json"))


def by_option(doc):
    return {o["option"]: o for o in doc["options"]}


def test_json_contract(capsys):
    doc = document(capsys, "--cash", "900000", "--burn", "60000")
    assert set(doc) >= {
        "rate", "horizon", "start", "payment_terms", "performance", "cash", "burn",
        "burn_growth", "months_modelled", "cheapest", "keeps_most_cash", "options", "left_out",
    }  # fmt: skip
    option = doc["options"][0]
    assert set(option) >= {
        "option", "label", "total", "lowest_cash", "lowest_cash_month", "runway_months",
        "months",
    }  # fmt: skip
    assert set(option["months"][0]) >= {"month", "end", "cash"}


def test_prepay_12_whose_prepayment_takes_the_balance_below_zero_in_month_1(capsys):
    # 290,000 - 10,000 burn - 288,000 prepaid on 2027-01-01 = -8,000 at the end of January;
    # then 10,000 a month and the variable invoices 12,000, 48,000, 60,000, 72,000, each due 30
    # days after its quarter (months 4, 7, 10 and 13): -320,000 at the end of January 2028.
    doc = document(capsys, "--option", "prepay-12", "--cash", "290000", "--burn", "10000")
    p12 = by_option(doc)["prepay-12"]
    assert p12["chosen"] is True
    assert p12["runway_months"] == 0
    assert p12["months"][0] == {
        "month": 1,
        "start": "2027-01-01",
        "end": "2027-01-31",
        "burn": 10000.0,
        "paid_to_agency": 288000.0,
        "cash": -8000.0,
    }
    assert [m["cash"] for m in p12["months"][3:7]] == [-50000, -60000, -70000, -128000]
    assert p12["lowest_cash"] == -320000 and p12["lowest_cash_month"] == "2028-01-31"
    # Pay-as-you-go on the same cash: 230,000, 170,000, 110,000, 50,000, then -10,000 in May.
    payg = by_option(doc)["payg"]
    assert [m["cash"] for m in payg["months"][:5]] == [230000, 170000, 110000, 50000, -10000]
    assert payg["runway_months"] == 4


def test_payg_that_never_goes_below_zero(capsys):
    # 900,000 and 20,000 a month: pay-as-you-go ends month k at 900,000 - 70,000 k, 60,000 after
    # month 12; the options run 13 months (the 12-month prepay's last invoice is due 2028-01-30),
    # so pay-as-you-go's lowest is month 13's 40,000 (burn alone).
    doc = document(capsys, "--cash", "900000", "--burn", "20000")
    payg = by_option(doc)["payg"]
    assert doc["months_modelled"] == 13
    assert payg["runway_months"] is None
    assert payg["lowest_cash"] == 40000 and payg["lowest_cash_month"] == "2028-01-31"
    assert payg["months"][11]["cash"] == 60000
    # Horizon 3: pay-as-you-go and the 3-month prepay, whose Q1 invoice is due 2027-04-30.
    doc = document(capsys, "--cash", "900000", "--burn", "20000", "--horizon", "3")
    assert doc["months_modelled"] == 4 and doc["left_out"] == ["prepay-6", "prepay-12"]
    # 900,000 - 4 x 20,000 - 3 x 50,000
    assert by_option(doc)["payg"]["lowest_cash"] == 670000


def test_growing_burn(capsys):
    # Burn 10,000 growing 10% a month: 10,000, 11,000, 12,100, 13,310. Pay-as-you-go from
    # 200,000: 140,000, 79,000, 16,900, -46,410: three whole months of runway.
    doc = document(capsys, "--cash", "200000", "--burn", "10k", "--burn-growth", "10%")
    payg = by_option(doc)["payg"]
    assert [m["burn"] for m in payg["months"][:4]] == [10000, 11000, 12100, 13310]
    assert [m["cash"] for m in payg["months"][:4]] == [140000, 79000, 16900, -46410]
    assert payg["runway_months"] == 3
    assert doc["burn_growth"] == 0.1


def test_table_for_people(capsys):
    text = run(capsys, "--cash", "290000", "--burn", "10000", "--option", "prepay-12")
    assert "Month-end cash over 13 months from 2027-01-01: $290,000.00 in the bank" in text
    assert "\u2212320,000.00  2028-01-31" in text  # one minus sign (Babel's en_US)
    assert "beyond" not in text
    text = run(capsys, "--cash", "900000", "--burn", "20000")
    assert "beyond 13" in text
    assert "12-month prepay costs the least and keeps the most cash" in text


def test_csv_is_every_month_of_every_option(capsys):
    lines = run(capsys, "--cash", "900000", "--burn", "20000", "--format", "csv").splitlines()
    assert lines[0] == "option,label,month,start,end,burn,paid_to_agency,cash"
    assert lines[1] == "payg,Pay-as-you-go,1,2027-01-01,2027-01-31,20000.00,50000.00,830000.00"
    assert len(lines) == 1 + 4 * 13


def test_every_bad_value_named_at_once(capsys):
    assert main(["runway", "--burn", "x", "--burn-growth", "-200%", "--rate", "-5"]) == 2
    err = capsys.readouterr().err
    assert "cash: (missing) is required" in err
    assert "burn: x is not a number" in err
    assert "burn_growth: -200% is -100% or less" in err
    assert "rate: -5" in err


@pytest.mark.parametrize("burn", ["-5000", "-5k"])
def test_a_negative_burn_is_a_company_that_earns(capsys, burn):
    doc = document(capsys, "--cash", "100000", "--burn", burn, "--option", "payg")
    payg = by_option(doc)["payg"]
    # 100,000 + 5,000 - 50,000
    assert payg["months"][0]["cash"] == 55000
