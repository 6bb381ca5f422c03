"""What makes a quote an offer: how long it stands, and how the engagement goes on after it.

A proposal is valid for a number of days from the day it is issued (``valid_days``, default 30);
after that its prices and dates are no longer promised.

DOMAIN.md leaves open what happens when the engagement's months are over; the project decides (a
finance person's expectation, written in docs/proposals.md): a prepaid option renews for another
term of the same option, prepaid on its first day, unless either side gives written notice at
least :data:`RENEWAL_NOTICE_DAYS` days before that day; pay-as-you-go renews month by month and
can be cancelled at any time, stopping at the end of the month already paid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from prepay_modeller.core import fields
from prepay_modeller.core.terms import Terms, add_months, show
from prepay_modeller.core.values import whole

DEFAULT_VALID_DAYS = 30
RENEWAL_NOTICE_DAYS = 30  # written notice before the next term's first day stops a renewal
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


@dataclass(frozen=True)
class Renewal:
    """How an engagement goes on after its months: the day it ends, the next term's first day
    (its prepayment's due date) and the last day to give notice that stops it (None for
    pay-as-you-go, which stops at the end of any month already paid)."""

    ends: dt.date
    next_start: dt.date
    notice_by: dt.date | None
    notice_days: int


def renewal(terms: Terms) -> Renewal:
    """The renewal of ``terms``'s engagement after its horizon."""
    next_start = add_months(terms.start, terms.horizon)
    payg = terms.option.is_payg
    return Renewal(
        ends=next_start - dt.timedelta(days=1),
        next_start=next_start,
        notice_by=None if payg else next_start - dt.timedelta(days=RENEWAL_NOTICE_DAYS),
        notice_days=0 if payg else RENEWAL_NOTICE_DAYS,
    )
