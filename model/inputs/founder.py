"""The founder's inputs as typed: cash in the bank, monthly burn and its growth.

Text is read the one way values are read everywhere (:mod:`inputs.numbers`): money as
``900000``, ``900,000``, ``$900,000`` or ``900k``; the growth as ``0.02`` or ``2%`` (in a box
that shows "%", a bare ``2`` is 2 %). The ranges are the core's (:func:`core.cash.founder`);
every bad value is named at once, as typed.
"""

from __future__ import annotations

from decimal import Decimal

from prepay_modeller.core.cash import (
    BURN_ALLOWED,
    CASH_ALLOWED,
    GROWTH_ALLOWED,
    Founder,
    founder,
)
from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.core.terms import show
from prepay_modeller.inputs.numbers import collect, parse_money, parse_number

FOUNDER_INPUTS = ("cash", "burn", "burn_growth")
DEFAULT_BURN_GROWTH = 0


def read_founder(
    cash: object, burn: object, burn_growth: object = DEFAULT_BURN_GROWTH, bare_percent=False
) -> Founder:
    """The validated :class:`core.cash.Founder` from values as typed; ``bare_percent``: a
    growth typed without "%" is a percent (the app's box)."""
    problems: list[Problem] = []
    raw = {"cash": cash, "burn": burn, "burn_growth": burn_growth}
    c = collect(problems, parse_money, "cash", cash, CASH_ALLOWED)
    b = collect(problems, parse_money, "burn", burn, BURN_ALLOWED)
    g = collect(problems, parse_number, "burn_growth", burn_growth, GROWTH_ALLOWED, bare_percent)
    try:  # the core checks the ranges of the values read (a value not read stands at 0)
        who = founder(*(Decimal(0) if v is None else v for v in (c, b, g)))
    except InputError as exc:  # shown as the value was typed
        read = {"cash": c, "burn": b, "burn_growth": g}
        problems += [
            Problem(p.field, show(raw[p.field]), p.allowed, p.problem)
            for p in exc.problems
            if read.get(p.field) is not None
        ]
    if problems:
        raise InputError(problems=sorted(problems, key=lambda p: FOUNDER_INPUTS.index(p.field)))
    return who
