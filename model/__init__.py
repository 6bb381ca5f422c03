"""prepay-modeller: an exact model of pay-for-performance agency engagements (DOMAIN.md).

The public API: build validated terms with :func:`make_terms`, then ask the payout functions for
DataFrames. Cash flows are seen from the client: negative is cash out of the client.
"""

from model.errors import DataFileError, InputError, PrepayError
from model.payouts import (
    break_even_performance,
    cash_flows,
    compare_options,
    fitting_options,
    invoices,
    monthly_view,
    opt_out,
    opt_out_cost,
    options_table,
    quarter_lines,
    quarterly_schedule,
    totals,
)
from model.terms import Option, Split, Terms, get_option, make_terms, options

__all__ = [
    "DataFileError",
    "InputError",
    "Option",
    "PrepayError",
    "Split",
    "Terms",
    "break_even_performance",
    "cash_flows",
    "compare_options",
    "fitting_options",
    "get_option",
    "invoices",
    "make_terms",
    "monthly_view",
    "opt_out",
    "opt_out_cost",
    "options",
    "options_table",
    "quarter_lines",
    "quarterly_schedule",
    "totals",
]
