"""What makes a quote an offer: how long it stands.

A proposal is valid for a number of days from the day it is issued (``valid_days``, default 30);
after that its prices and dates are no longer promised.
"""

from __future__ import annotations

import datetime as dt

from prepay_modeller.core import fields
from prepay_modeller.core.terms import show
from prepay_modeller.core.values import whole

DEFAULT_VALID_DAYS = 30
MAX_VALID_DAYS = fields.MAX_VALID_DAYS
VALID_DAYS_ALLOWED = fields.VALID_DAYS.allowed


def check_valid_days(value: object) -> int:
    """``value`` as a number of days an offer stands, or an :class:`InputError` naming it."""
    days = whole("valid_days", value, fields.VALID_DAYS)
    return fields.VALID_DAYS.check(days, typed=show(value))


def valid_until(issued: dt.date, days: object = DEFAULT_VALID_DAYS) -> dt.date:
    """The last day an offer issued on ``issued`` stands: ``days`` days later (issued on
    1 December for 30 days: valid until 31 December)."""
    return issued + dt.timedelta(days=check_valid_days(days))
