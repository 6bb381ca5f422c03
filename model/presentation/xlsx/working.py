"""The Working sheet: every option's quarters in whole cents, rounded as rule 8 says.

One table row per option (its term's on-target total and its break-even performance) and one
block of rows per option, one row per quarter (base, fixed part, on-target variable part,
variable cap, variable part), each step of each rounding in its own column so that a person
can follow it. The other sheets show these cents as money (÷ 100).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from prepay_modeller.core.quote import Quote, term_on_target_cents
from prepay_modeller.presentation.i18n import N_
from prepay_modeller.presentation.xlsx import rounding as r
from prepay_modeller.presentation.xlsx.book import CENTS, PERCENT, WHOLE, Sheet, text_literal

# The per-option table's columns.
O_LABEL, O_MONTHS, O_PER_TERM, O_DISCOUNT, O_X, O_WHOLE, O_REM, O_TERM = range(1, 9)
O_FIXED, O_PAYG, O_GAP, O_LOW, O_PAID, O_SLOPE, O_BREAK_EVEN = range(9, 16)
OPTION_HEADERS = [
    N_("Option"),
    N_("Months"),
    N_("Quarters per term"),
    N_("Discount (millionths)"),
    N_("Rate × months (cents)"),
    N_("× (1 − discount): whole cents"),
    N_("Remainder (millionths of a cent)"),
    N_("On-target total of a term (cents, half to even)"),
    N_("Fixed parts (cents)"),
    N_("Pay-as-you-go (cents)"),
    N_("Left to pay for break-even (cents)"),
    N_("Highest performance at a cap below it"),
    N_("Variable paid there (cents)"),
    N_("Variable per point of performance above it (cents)"),
    N_("Break-even performance"),
]
# The per-quarter table's columns.
Q_LABEL, Q_QUARTER, Q_TERM, Q_IN_TERM, Q_BASE = range(1, 6)
Q_F, Q_F_WHOLE, Q_F_REM, Q_FIXED, Q_TARGET = range(6, 11)
Q_V, Q_V_WHOLE, Q_V_REM, Q_CAP = range(11, 15)
Q_P, Q_P_WHOLE, Q_P_REM, Q_ROUNDED, Q_VARIABLE = range(15, 20)
Q_KNEE, Q_PAID, Q_BELOW = range(20, 23)
QUARTER_HEADERS = [
    N_("Option"),
    N_("Quarter"),
    N_("Term"),
    N_("Quarter of the term"),
    N_("Base (cents)"),
    N_("Fixed share (millionths)"),
    N_("Base × fixed share: whole cents"),
    N_("Remainder (millionths of a cent)"),
    N_("Fixed (cents, half up)"),
    N_("Variable on target (cents)"),
    N_("Variable maximum (millionths)"),
    N_("Base × variable maximum: whole cents"),
    N_("Remainder (millionths of a cent)"),
    N_("Variable cap (cents, half to even)"),
    N_("Performance (millionths)"),
    N_("Variable on target × performance: whole cents"),
    N_("Remainder (millionths of a cent)"),
    N_("Rounded half to even (cents)"),
    N_("Variable (cents, at most the cap)"),
    N_("Performance at which it reaches its cap"),
    N_("Variable of every quarter at that performance (cents)"),
    N_("Below break-even"),
]


@dataclass
class Block:
    """One option's place in the workbook."""

    quote: Quote
    months: str  # the Inputs cells of its months and discount
    discount: str
    option_row: int = 0
    rows: dict[int, int] = field(default_factory=dict)  # quarter → its Working row

    @property
    def first(self) -> int:
        return min(self.rows.values())

    @property
    def last(self) -> int:
        return max(self.rows.values())

    def term_rows(self, term: int) -> list[int]:
        return [self.rows[x.quarter] for x in self.quote.lines if x.term == term]


def write_working(sheet: Sheet, blocks: list[Block], gettext) -> None:
    """The Working sheet (``scale``, ``rate_cents`` and every option's cents)."""
    _ = gettext
    note = _(
        "Amounts are counted in whole cents and shares in millionths, so that every rounding "
        "is exact: half to even for a term's on-target total, each variable cap and each "
        "variable part; half up for the fixed part of a base; the cents left over by equal "
        "splits go to the first quarters and months. Each figure is a formula: follow it."
    )
    sheet.heading(_("Working: every figure in whole cents"), note, 12)
    sheet.put(4, 1, _("Shares are read in millionths of"), style="label")
    sheet.put(4, 2, r.SCALE, CENTS)
    sheet.name(r.SCALE_NAME, 4, 2)
    sheet.put(5, 1, _("Monthly rate in cents"), style="label")
    payg = blocks[0].quote.payg_total_cents // blocks[0].quote.terms.horizon
    sheet.formula(5, 2, "ROUND(rate*100,0)", payg, CENTS)
    sheet.name("rate_cents", 5, 2)
    sheet.headers(7, 1, [_(h) for h in OPTION_HEADERS])
    row = 8
    for block in blocks:
        block.option_row = row
        row += 1
    row += 1
    sheet.headers(row, 1, [_(h) for h in QUARTER_HEADERS])
    row += 1
    for block in blocks:
        for line in block.quote.lines:
            block.rows[line.quarter] = row
            _quarter_row(sheet, block, line, row, _)
            row += 1
    for block in blocks:
        _option_row(sheet, block, _)
    sheet.finish(freeze="B8")


def _option_row(sheet: Sheet, b: Block, _) -> None:
    q, row = b.quote, b.option_row
    opt = q.option
    sheet.put(row, O_LABEL, _(opt.display))
    sheet.formula(row, O_MONTHS, b.months, opt.months, WHOLE)
    if opt.is_payg:
        sheet.put(row, O_PER_TERM, 1, WHOLE)
        sheet.formula(row, O_TERM, "rate_cents*3", q.lines[0].base, CENTS)
        for col in range(O_DISCOUNT, O_TERM):
            sheet.put(row, col, "—")
        for col in range(O_FIXED, O_BREAK_EVEN + 1):
            sheet.put(row, col, "—")
        return
    per_term = opt.months // 3
    sheet.formula(row, O_PER_TERM, f"{sheet.ref(row, O_MONTHS, False)}/3", per_term, WHOLE)
    discount = r.millionths_value(opt.discount)
    sheet.formula(row, O_DISCOUNT, r.millionths(b.discount), discount, CENTS)
    x = round(q.terms.rate * 100) * opt.months
    sheet.formula(row, O_X, f"rate_cents*{sheet.ref(row, O_MONTHS, False)}", x, CENTS)
    m = f"({r.SCALE_NAME}-{sheet.ref(row, O_DISCOUNT, False)})"
    whole, rem = r.split_value(x, r.SCALE - discount)
    x_ref = sheet.ref(row, O_X, False)
    sheet.formula(row, O_WHOLE, r.whole(x_ref, m), whole, CENTS)
    sheet.formula(row, O_REM, r.remainder(x_ref, m), rem, CENTS)
    w, rm = sheet.ref(row, O_WHOLE, False), sheet.ref(row, O_REM, False)
    term = term_on_target_cents(opt, q.terms.rate)
    sheet.formula(row, O_TERM, r.half_even(w, rm), term, CENTS)
    _break_even(sheet, b, row, _)


def _col(sheet: Sheet, b: Block, col: int) -> str:
    return sheet.span(b.first, col, b.last, col, sheet=False)


def _break_even(sheet: Sheet, b: Block, row: int, _) -> None:
    """Rule 3's payout at a uniform performance p is fixed + Σ min(target × p, cap): piecewise
    linear, rising. Break-even is where it reaches pay-as-you-go: above the highest quarter
    knee (performance at its cap) still short of it, by what is left over the slope there."""
    q = b.quote
    lines = q.lines
    fixed = sum(x.fixed for x in lines)
    gap = q.payg_total_cents - fixed
    sheet.formula(row, O_FIXED, f"SUM({_col(sheet, b, Q_FIXED)})", fixed, CENTS)
    sheet.formula(row, O_PAYG, "rate_cents*horizon", q.payg_total_cents, CENTS)
    cols = {c: sheet.ref(row, c, False) for c in (O_FIXED, O_PAYG, O_GAP, O_LOW, O_PAID, O_SLOPE)}
    sheet.formula(row, O_GAP, f"{cols[O_PAYG]}-{cols[O_FIXED]}", gap, CENTS)
    knees = [_knee(x) for x in lines]
    paid = [_paid(lines, k) if k is not None else 0.0 for k in knees]
    below = [k for k, p in zip(knees, paid, strict=True) if k is not None and p < gap]
    low = max(below + [0.0])
    sheet.formula(row, O_LOW, f"MAX({_col(sheet, b, Q_BELOW)},0)", low, PERCENT)
    target, cap = _col(sheet, b, Q_TARGET), _col(sheet, b, Q_CAP)
    sheet.formula(row, O_PAID, _paid_formula(target, cap, cols[O_LOW]), _paid(lines, low), CENTS)
    slope = float(
        sum(x.variable_target for x, k in zip(lines, knees, strict=True) if k and k > low)
    )
    knee_col = _col(sheet, b, Q_KNEE)
    sheet.formula(row, O_SLOPE, f"SUMPRODUCT(({knee_col}>{cols[O_LOW]})*{target})", slope, CENTS)
    be = q.break_even_performance
    none = text_literal(_("none"))
    text = (
        f"IF({cols[O_GAP]}<=0,0,IF(MAX({_col(sheet, b, Q_PAID)})<{cols[O_GAP]},{none},"
        f"{cols[O_LOW]}+({cols[O_GAP]}-{cols[O_PAID]})/{cols[O_SLOPE]}))"
    )
    sheet.formula(row, O_BREAK_EVEN, text, _("none") if be is None else be, PERCENT)
    for x, knee, at_knee in zip(lines, knees, paid, strict=True):
        qrow = b.rows[x.quarter]
        sheet.formula(qrow, Q_PAID, _paid_cell(sheet, b, qrow), at_knee, CENTS)
        flag = knee if knee is not None and at_knee < gap else ""
        text = (
            f"IF(AND({sheet.ref(qrow, Q_TARGET, False)}>0,{sheet.ref(qrow, Q_PAID, False)}<"
            f'{sheet.ref(row, O_GAP)}),{sheet.ref(qrow, Q_KNEE, False)},"")'
        )
        sheet.formula(qrow, Q_BELOW, text, flag, PERCENT)


def _knee(x) -> float | None:
    return float(Fraction(x.variable_cap, x.variable_target)) if x.variable_target else None


def _paid(lines, p: float) -> float:
    return float(sum(min(x.variable_target * p, x.variable_cap) for x in lines))


def _paid_formula(target: str, cap: str, p: str) -> str:
    """Σ min(target × p, cap) over a block's quarters, as one SUMPRODUCT (no array entry)."""
    return f"SUMPRODUCT({target}*{p}-({target}*{p}>{cap})*({target}*{p}-{cap}))"


def _paid_cell(sheet: Sheet, b: Block, row: int) -> str:
    target, cap = _col(sheet, b, Q_TARGET), _col(sheet, b, Q_CAP)
    knee = sheet.ref(row, Q_KNEE, False)
    return f"IF({sheet.ref(row, Q_TARGET, False)}>0,{_paid_formula(target, cap, knee)},0)"


def _quarter_row(sheet: Sheet, b: Block, x, row: int, _) -> None:
    q, opt = b.quote, b.quote.option
    per_term = 1 if opt.is_payg else opt.months // 3
    sheet.put(row, Q_LABEL, _(opt.display))
    sheet.put(row, Q_QUARTER, x.quarter, WHOLE)
    sheet.put(row, Q_TERM, x.term, WHOLE)
    k = (x.quarter - 1) % per_term + 1
    sheet.put(row, Q_IN_TERM, k, WHOLE)
    ref = lambda col: sheet.ref(row, col, False)  # noqa: E731
    if opt.is_payg:
        sheet.formula(row, Q_BASE, "rate_cents*3", x.base, CENTS)
        sheet.formula(row, Q_FIXED, ref(Q_BASE), x.fixed, CENTS)
        for col in (Q_TARGET, Q_CAP, Q_VARIABLE):
            sheet.put(row, col, 0, CENTS)
        return
    term = sheet.ref(b.option_row, O_TERM)
    n = sheet.ref(b.option_row, O_PER_TERM)
    sheet.formula(row, Q_BASE, r.part(term, n, ref(Q_IN_TERM)), x.base, CENTS)
    split, n_q = q.terms.splits[x.quarter - 1], x.quarter
    steps = (
        (Q_F, f"fixed_share_q{n_q}", split.fixed, Q_BASE, x.base),
        (Q_V, f"variable_max_q{n_q}", split.variable_max, Q_BASE, x.base),
        (Q_P, f"performance_q{n_q}", x.performance, Q_TARGET, x.variable_target),
    )
    results = {Q_F: (Q_FIXED, r.half_up), Q_V: (Q_CAP, r.half_even), Q_P: (Q_ROUNDED, r.half_even)}
    for col, name, share, of_col, of_value in steps:
        m = r.millionths_value(share)
        sheet.formula(row, col, r.millionths(name), m, CENTS)
        whole, rem = r.split_value(of_value, m)
        sheet.formula(row, col + 1, r.whole(ref(of_col), ref(col)), whole, CENTS)
        sheet.formula(row, col + 2, r.remainder(ref(of_col), ref(col)), rem, CENTS)
        target_col, rule = results[col]
        value = {Q_FIXED: x.fixed, Q_CAP: x.variable_cap}.get(target_col)
        if target_col == Q_ROUNDED:
            value = r.half_even_value(whole, rem)
        sheet.formula(row, target_col, rule(ref(col + 1), ref(col + 2)), value, CENTS)
        if col == Q_F:
            target = f"{ref(Q_BASE)}-{ref(Q_FIXED)}"
            sheet.formula(row, Q_TARGET, target, x.variable_target, CENTS)
    sheet.formula(row, Q_VARIABLE, f"MIN({ref(Q_ROUNDED)},{ref(Q_CAP)})", x.variable, CENTS)
    knee = _knee(x)
    text = f"IF({ref(Q_TARGET)}>0,{ref(Q_CAP)}/{ref(Q_TARGET)},0)"
    sheet.formula(row, Q_KNEE, text, 0.0 if knee is None else knee, PERCENT)
