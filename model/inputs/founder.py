"""The founder's inputs as typed: cash in the bank, monthly burn and its growth.

Text is read by the one reader (:func:`inputs.numbers.read`) as their fields declare
(:mod:`core.fields`): money as ``900000``, ``900,000``, ``$900,000`` or ``900k``; the growth as
``0.02`` or ``2%`` (in a box that shows "%", a bare ``2`` is 2 %). The core checks them again
(:func:`core.cash.founder`); every bad value is named at once, as typed.
"""

from __future__ import annotations

from decimal import Decimal

from prepay_modeller.core import fields as F
from prepay_modeller.core.cash import Founder, founder
from prepay_modeller.core.errors import InputError, Problem
from prepay_modeller.inputs.numbers import PLAIN, Reading, collect, read

FOUNDER_INPUTS = ("cash", "burn", "burn_growth")
DEFAULT_BURN_GROWTH = 0


def read_founder(
    cash: object, burn: object, burn_growth: object = DEFAULT_BURN_GROWTH, reading: Reading = PLAIN
) -> Founder:
    """The validated :class:`core.cash.Founder` from values as typed (``reading``: the app's
    boxes read a bare growth as a percent)."""
    problems: list[Problem] = []
    c = collect(problems, read, F.CASH, cash, reading)
    b = collect(problems, read, F.BURN, burn, reading)
    g = collect(problems, read, F.BURN_GROWTH, burn_growth, reading)
    try:  # the core checks what the reader took (a value not read stands at 0)
        who = founder(*(Decimal(0) if v is None else v for v in (c, b, g)))
    except InputError as exc:
        taken = {"cash": c, "burn": b, "burn_growth": g}
        problems += [p for p in exc.problems if taken.get(p.field) is not None]
    if problems:
        raise InputError(problems=sorted(problems, key=lambda p: FOUNDER_INPUTS.index(p.field)))
    return who
