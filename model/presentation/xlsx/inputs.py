"""The Inputs sheet: every value the workbook's formulas start from, each with its name.

Inputs a person may change are blue on pale yellow and checked as they are typed (a data
validation with the model's bounds); the horizon and each option's months shape the rows of
the other sheets, so they are shown but held to their values (export again for another).
"""

from __future__ import annotations

from openpyxl.worksheet.datavalidation import DataValidation

from prepay_modeller.core.terms import MAX_PAYMENT_TERMS, MAX_PERFORMANCE, MAX_VARIABLE_MAX
from prepay_modeller.presentation.xlsx import rounding
from prepay_modeller.presentation.xlsx.book import DATE, PERCENT, WHOLE, Sheet
from prepay_modeller.presentation.xlsx.working import Block


def write_inputs(sheet: Sheet, ctx, blocks: list[Block]) -> None:
    """The Inputs sheet; sets each block's ``months`` and ``discount`` references."""
    _, t = ctx.gettext, ctx.terms
    note = _(
        "Inputs are the blue figures on pale yellow: change one and every figure of the "
        "workbook follows. The rows of the other sheets are laid out for this option and "
        "horizon: for another, export again."
    )
    sheet.heading(_("Inputs"), note, 5)
    rows = [
        (_(ctx.title_label), ctx.title, None, None, ""),
        (_("Description"), ctx.description, None, None, ""),
        (_("Option"), _(t.option.display), None, None, ""),
        (_("Monthly rate"), t.rate, ctx.money, "rate", "input"),
        (_("Horizon (months)"), t.horizon, WHOLE, "horizon", ""),
        (_("Start date"), t.start, DATE, "start", "input"),
        (_("Payment terms (days)"), t.payment_terms, WHOLE, "payment_terms", "input"),
        (_("Discount rate (a year)"), ctx.discount_rate, PERCENT, "discount_rate", "input"),
        (_("Currency"), ctx.speech.currency, None, None, ""),
    ]
    checks = _validations(sheet, _)
    for row, (label, value, fmt, name, style) in enumerate(rows, start=4):
        sheet.put(row, 1, label)
        sheet.put(row, 2, value, fmt, style=style)
        if name:
            sheet.name(name, row, 2)
            if name in checks:
                checks[name].add(sheet.ref(row, 2, sheet=False))
    sheet.put(12, 3, _("amounts as given, not converted"), style="note")
    if ctx.discount_rate_given is False:
        sheet.put(11, 3, _("the default: none was given"), style="note")
    row = 14
    sheet.headers(row, 1, [_("Option"), _("Months"), _("Discount")])
    for block in blocks:
        row += 1
        opt = block.quote.option
        sheet.put(row, 1, _(opt.display))
        sheet.put(row, 2, opt.months, WHOLE)
        block.months = sheet.ref(row, 2)
        layout = DataValidation("custom", formula1=f"B{row}={opt.months}", allow_blank=False)
        _explain(layout, _("Months shape the rows: export again for another term."))
        sheet.ws.add_data_validation(layout)
        layout.add(f"B{row}")
        if opt.is_payg:
            sheet.put(row, 3, 0, PERCENT)
        else:
            sheet.put(row, 3, opt.discount, PERCENT, style="input")
            block.discount = sheet.ref(row, 3)
            checks["share"].add(f"C{row}")
        if opt == t.option:
            sheet.name("months", row, 2)
            if not opt.is_payg:
                sheet.name("discount", row, 3)
    _quarters(sheet, ctx, row + 2, checks)


def _quarters(sheet: Sheet, ctx, row: int, checks) -> None:
    _, t = ctx.gettext, ctx.terms
    headers = [_("Quarter"), _("Stage"), _("Fixed share"), _("Variable maximum")]
    sheet.headers(row, 1, headers + [_("Performance")])
    exact = True
    for n, (split, perf) in enumerate(zip(t.splits, t.performance, strict=True), start=1):
        row += 1
        sheet.put(row, 1, _("Q{quarter}").format(quarter=n))
        sheet.put(row, 2, _(split.stage) if split.stage else "")
        for col, name, value, check in (
            (3, "fixed_share", split.fixed, "share"),
            (4, "variable_max", split.variable_max, "variable_max"),
            (5, "performance", perf, "performance"),
        ):
            sheet.put(row, col, value, PERCENT, style="input")
            sheet.name(f"{name}_q{n}", row, col)
            checks[check].add(sheet.ref(row, col, sheet=False))
            exact = exact and rounding.exact_in_millionths(value)
    if not exact:
        text = _(
            "Shares and performances are read to six decimal places (0.0001%); one given here "
            "has more, so a figure may differ by a cent from the proposal's."
        )
        sheet.note(row + 2, 1, text, 5)
    sheet.finish(freeze=None, landscape=False)


def _explain(check: DataValidation, message: str) -> None:
    check.showErrorMessage = True
    check.error = message


def _validations(sheet: Sheet, _) -> dict[str, DataValidation]:
    """The model's bounds as data validations (rule 3: performance below 0 is an error)."""
    checks = {
        "rate": DataValidation("decimal", operator="greaterThan", formula1="0"),
        "start": DataValidation("date", operator="greaterThan", formula1="1"),
        "payment_terms": DataValidation(
            "whole", operator="between", formula1="0", formula2=str(MAX_PAYMENT_TERMS)
        ),
        "discount_rate": DataValidation("decimal", operator="greaterThan", formula1="-1"),
        "horizon": DataValidation("custom", formula1="FALSE"),
        "share": DataValidation("decimal", operator="between", formula1="0", formula2="1"),
        "variable_max": DataValidation(
            "decimal", operator="between", formula1="0", formula2=str(MAX_VARIABLE_MAX)
        ),
        "performance": DataValidation(
            "decimal", operator="between", formula1="0", formula2=str(MAX_PERFORMANCE)
        ),
    }
    for check in checks.values():
        check.allow_blank = False
        _explain(check, _("Not a value the model accepts here."))
        sheet.ws.add_data_validation(check)
    _explain(checks["horizon"], _("The horizon shapes the rows: export again for another."))
    return checks
