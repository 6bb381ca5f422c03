"""Exact money: amounts are ``Decimal`` dollars with two places, computed through integer cents.

Rounding is half-to-even, done once where DOMAIN.md rule 8 says; splitting an amount into lines
uses the largest-remainder method so that the lines always add up to the amount.
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal

CENT = Decimal("0.01")


def to_decimal(value: object) -> Decimal:
    """Turn a number or numeric text into a Decimal without binary float noise (``0.1`` → 0.1)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(str(value).strip())


def round_cents(amount: Decimal) -> int:
    """Round a dollar amount half-to-even to whole cents."""
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_EVEN))


def dollars(cents: int) -> Decimal:
    """Integer cents as Decimal dollars with two places."""
    return (Decimal(cents) / 100).quantize(CENT)


def allocate(total_cents: int, weights: Sequence[Decimal]) -> list[int]:
    """Split ``total_cents`` in proportion to ``weights`` so that the parts add up exactly.

    Largest remainder: every part gets the floor of its exact share, and the cents left over go
    to the parts with the largest fractional remainders; ties go to the earlier part.

    >>> allocate(101, [Decimal(1), Decimal(1)])
    [51, 50]
    """
    weight_sum = sum(weights, Decimal(0))
    if weight_sum == 0:
        return [0] * len(weights)
    exact = [Decimal(total_cents) * w / weight_sum for w in weights]
    floors = [int(e // 1) for e in exact]
    left = total_cents - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors
