"""prepay-modeller: an exact model of pay-for-performance agency engagements (DOMAIN.md).

The public API: build validated terms with :func:`make_terms`, then ask the payout functions for
DataFrames. Cash flows are seen from the client: negative is cash out of the client.

The names below are imported on first use (PEP 562), so that ``prepay app`` and other commands
that never touch the model do not pay for importing pandas.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "prepay_modeller.core.errors": ["DataFileError", "InputError", "PrepayError"],
    "prepay_modeller.core.payouts": [
        "break_even_performance",
        "cash_flows",
        "compare_options",
        "fitting_options",
        "invoices",
        "monthly_view",
        "opt_out",
        "opt_out_cost",
        "options_table",
        "quarter_lines",
        "quarterly_schedule",
        "totals",
    ],
    "prepay_modeller.core.terms": [
        "Option",
        "Split",
        "Terms",
        "get_option",
        "make_terms",
        "options",
    ],
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'prepay_modeller' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
