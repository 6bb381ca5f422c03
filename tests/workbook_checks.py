"""The grid of scenarios the exported workbooks are recalculated over, and what a recalculated
workbook must show: the core's figures to the cent (tests/test_workbook.py samples the grid,
bench/workbook.py --grid runs all of it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from prepay_modeller.core import timevalue
from prepay_modeller.core.comparison import compare
from prepay_modeller.core.quote import quote
from prepay_modeller.inputs.terms import make_terms

OPTIONS = {"payg": 3, "prepay-3": 3, "prepay-6": 6, "prepay-12": 12}
# Odd cents; 50000.10 makes the 3-month prepay's term total end on exactly half a cent
# (50,000.10 × 3 × 0.95 = 142,500.285: half to even gives .28, Excel's ROUND .29).
# Within the rate's bounds (1,000 to 1,000,000 a month, core.fields), the smallest and the largest
# among them.
RATES = ["50000.10", "12345.67", "999999.99", "654321.09", "1000.01", "48611.11", "1333.33"]
PERFORMANCES = ["0", "0.8", "1", "1.5", "2.5", "1.234567", "2", "0.05", "1.999999"]
STARTS = [dt.date(2027, 1, 31), dt.date(2028, 2, 29), dt.date(2027, 1, 1), dt.date(2026, 11, 30)]
SHEETS = ["Inputs", "Schedule", "Monthly", "Invoices", "Options", "Present values", "Working"]
NO_INVOICE = "no invoice: nothing earned this quarter"


def grid(variants: int = 1) -> list[dict]:
    """Every option at every horizon from 3 to 24 months it fits, ``variants`` scenarios each
    (performances, rates, starts, payment terms and discount rates varied; the third variant
    performs at 0 %: no variable invoice, so prepaying minus pay-as-you-go changes sign once)."""
    out, n = [], 0
    for option, term in OPTIONS.items():
        for horizon in range(term, 25, term):
            for variant in range(variants):
                quarters = horizon // 3
                perf = [
                    PERFORMANCES[(n + 2 * i + variant) % len(PERFORMANCES)] for i in range(quarters)
                ]
                if variant == 2:
                    perf = ["0"] * quarters
                out.append(
                    {
                        "option": option,
                        "horizon": str(horizon),
                        "rate": RATES[(n + variant) % len(RATES)],
                        "performance": ",".join(perf),
                        "start": STARTS[n % len(STARTS)],
                        "payment_terms": str([30, 1, 0, 45, 60][(n + variant) % 5]),
                        "discount_rate": [0.1, 0.08, 0.0, 0.25][n % 4],
                    }
                )
                n += 1
    return out


def terms_of(case: dict):
    return make_terms(**{k: v for k, v in case.items() if k != "discount_rate"})


def named(book, name):
    """The value of a workbook-level defined name's cell."""
    sheet, cell = next(iter(book.defined_names[name].destinations))
    return book[sheet][cell.replace("$", "")].value


def cents(value) -> int:
    """A recalculated amount in cents; it must be a whole number of cents."""
    assert isinstance(value, int | float), value
    exact = Decimal(repr(float(value))) * 100
    whole = int(exact.to_integral_value())
    assert abs(exact - whole) < Decimal("0.0001"), value
    return whole


def money(amount: Decimal) -> int:
    return int(amount * 100)


def table(sheet, header_row: int, first_col: int = 1) -> list[tuple]:
    """The rows under a sheet's heading row, as tuples, up to the first empty row."""
    out = []
    for row in sheet.iter_rows(min_row=header_row + 1, values_only=True):
        if row[first_col - 1] is None:
            break
        out.append(row)
    return out


def check_figures(book, case: dict) -> None:
    """Every figure of a recalculated workbook is the core's, to the cent."""
    t, where = terms_of(case), f"{case}"
    q = quote(t)
    assert book.sheetnames == SHEETS
    schedule = table(book["Schedule"], 3)[: t.quarters]
    for line, got in zip(q.lines, schedule, strict=True):
        expected = [line.base, line.fixed, line.variable_target, line.variable_cap]
        assert [cents(v) for v in got[5:9]] == expected, where
        assert cents(got[10]) == line.variable and cents(got[11]) == line.total, where
        assert cents(got[14]) == line.quarter_max, where
        assert got[3].date() == line.start and got[4].date() == line.end, where
    for n, line in enumerate(q.lines, start=1):
        assert cents(named(book, f"fixed_q{n}")) == line.fixed, where
        assert cents(named(book, f"variable_q{n}")) == line.variable, where
    for key in ("total", "payg_total", "savings_vs_payg"):
        assert cents(named(book, key)) == money(q.totals[key]), (where, key)
    monthly = table(book["Monthly"], 3)[: t.horizon]
    for got, (_, expected) in zip(monthly, q.monthly.iterrows(), strict=True):
        assert got[1].date() == expected["date"], where
        amounts = [expected[k] for k in ("base", "fixed", "variable_target", "variable", "total")]
        assert [cents(v) for v in got[3:8]] == [money(a) for a in amounts], where
    _invoices(book, q, where)
    _options(book, t, where)
    _present_values(book, t, case["discount_rate"], where)


def _invoices(book, q, where) -> None:
    rows = table(book["Invoices"], 3)  # up to the total's row
    billed = [r for r in rows if cents(r[3]) != 0]
    expected = [(e[0], e[1], e[6]) for e in q.invoice_rows]
    assert [(r[0].date(), r[1].date(), cents(r[3])) for r in billed] == expected, where
    assert cents(book["Invoices"].cell(4 + len(rows), 4).value) == money(q.total), where
    for r in rows:  # a $0 variable part is listed, and says that no invoice is issued
        assert (r[4] or "") == (NO_INVOICE if cents(r[3]) == 0 else ""), where


def _options(book, t, where) -> None:
    frame = compare(t).table
    got = table(book["Options"], 3)[: len(frame)]
    keys = ("prepayment", "prepaid", "variable", "total", "payg_total", "savings_vs_payg")
    for row, (_, e) in zip(got, frame.iterrows(), strict=True):
        assert row[1] == e["months"], where
        assert [cents(v) for v in row[2:8]] == [money(e[k]) for k in keys], where
        assert row[8] == pytest.approx(e["savings_share"], abs=1e-12), where
        be = e["break_even_performance"]
        if e["option"] == "payg":
            assert row[9] == "—"
        elif be is None:
            assert row[9] == "none", where
        else:
            assert row[9] == pytest.approx(be, rel=1e-9), where


def _present_values(book, t, rate, where) -> None:
    frame = timevalue.npv_table(t, rate)
    got = table(book["Present values"], 7)[: len(frame)]
    for row, (_, e) in zip(got, frame.iterrows(), strict=True):
        assert cents(row[1]) == money(e["total"]), where
        assert cents(row[2]) == money(e["npv"]), where
        assert cents(row[3]) == money(e["npv_savings_vs_payg"]), where
        if e["option"] == "payg":
            continue
        changes = timevalue.sign_changes(timevalue.difference_flows(t.with_option(e["option"])))
        assert row[5] == changes, where
        if changes == 1:  # rule 11: the one return, the model's
            assert row[4] == pytest.approx(e["irr_vs_payg"], abs=1e-7), where
        else:
            assert isinstance(row[4], str) and row[4].startswith("no "), where


def check_cached(cached, book, case) -> int:
    """Every cell LibreOffice recalculated holds the value cached in the export (what a viewer
    that does not recalculate shows); returns how many cells were compared."""
    seen = 0
    for sheet in cached.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                mine, theirs = cell.value, book[sheet.title][cell.coordinate].value
                where = (case, sheet.title, cell.coordinate)
                seen += mine is not None
                if isinstance(mine, float | int) and isinstance(theirs, float | int):
                    assert mine == pytest.approx(theirs, rel=1e-9, abs=1e-9), where
                else:
                    assert mine == theirs, where
    return seen
