"""prepay-modeller: an exact model of pay-for-performance agency engagements (DOMAIN.md).

The public API: build validated terms with :func:`make_terms` (which reads the article's
defaults from ``data/``), then ask for their :func:`quote` (one scenario: schedule, invoices, cash
flows, totals, break-even, opt-out) or :func:`compare` (every option side by side). Cash flows are
seen from the client: negative is cash out of the client.

The names below are imported on first use (PEP 562), so that ``prepay app`` and other commands
that never touch the model do not pay for importing pandas.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "prepay_modeller.core.errors": ["DataFileError", "InputError", "PrepayError", "Problem"],
    "prepay_modeller.core.terms": ["Catalog", "Option", "Split", "Terms"],
    "prepay_modeller.core.quote": ["Quote", "quote"],
    "prepay_modeller.core.comparison": ["Comparison", "LeftOut", "compare"],
    "prepay_modeller.inputs.terms": ["make_terms"],
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
