"""What makes a quote an offer: how long it stands.

A proposal is valid for a number of days from the day it is issued (``valid_days``, default 30);
after that its prices and dates are no longer promised.
"""

from __future__ import annotations

import datetime as dt

from prepay_modeller.core.errors import InputError
from prepay_modeller.core.terms import show

DEFAULT_VALID_DAYS = 30
MAX_VALID_DAYS = 365
VALID_DAYS_ALLOWED = f"a whole number of days from 1 to {MAX_VALID_DAYS}"


def check_valid_days(value: object) -> int:
    """``value`` as a number of days an offer stands, or an :class:`InputError` naming it."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise InputError("valid_days", show(value), VALID_DAYS_ALLOWED, "is not a whole number")
    if not 1 <= value <= MAX_VALID_DAYS:
        raise InputError("valid_days", show(value), VALID_DAYS_ALLOWED, "is out of range")
    return int(value)


def valid_until(issued: dt.date, days: object = DEFAULT_VALID_DAYS) -> dt.date:
    """The last day an offer issued on ``issued`` stands: ``days`` days later (issued on
    1 December for 30 days: valid until 31 December)."""
    return issued + dt.timedelta(days=check_valid_days(days))
