"""DOMAIN.md rule 8 as spreadsheet formulas: exact cents in floating-point cells.

A spreadsheet counts in binary floating point and its ``ROUND`` rounds halves away from zero,
so ``ROUND(rate*12*0.8, 2)`` can be a cent away from the model's half-to-even rounding of the
exact product. The formulas here count in **whole cents** and read every share (discount, fixed
share, variable maximum, performance) in **millionths** (``ROUND(share*scale, 0)``, ``scale`` =
1,000,000): the products are then whole numbers, split so that no intermediate passes 2^53
(where floating point stops counting every integer) nor 2^27 times a ``MOD``'s divisor (where
older Excel refuses ``MOD``), for every value the model accepts. Rounding is then exact:

- ``x × m / scale`` is ``whole`` + ``remainder / scale``, with ``whole = INT(x/scale)*m +
  INT(MOD(x,scale)*m/scale)`` and ``remainder = MOD(MOD(x,scale)*m, scale)``;
- half to even: ``whole + 1`` when ``2 × remainder > scale``, and on an exact half only when
  ``whole`` is odd;
- the largest-remainder split of a quarter's base between its fixed part and its on-target
  variable part gives the fixed part its half on a tie (:func:`core.money.allocate`'s earlier
  part): half up;
- the split of a term's total into equal quarters (or of a quarter into months) gives the first
  ``total − n × INT(total / n)`` parts one cent more.

Each function returns formula text (cell references as given) and has a Python twin used for
the cached values of the working cells.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SCALE = 10**6  # shares are read to six decimal places (0.0001 %)
SCALE_NAME = "scale"


def millionths(ref: str) -> str:
    return f"ROUND({ref}*{SCALE_NAME},0)"


def millionths_value(share: Decimal) -> int:
    return int((Decimal(share) * SCALE).to_integral_value(rounding=ROUND_HALF_UP))


def exact_in_millionths(share: Decimal) -> bool:
    """Whether the workbook reads ``share`` exactly (six decimal places or fewer)."""
    return Decimal(share) * SCALE == millionths_value(share)


def whole(x: str, m: str) -> str:
    """``INT(x × m / scale)`` for whole ``x`` (cents) and ``m`` (millionths)."""
    s = SCALE_NAME
    return f"INT({x}/{s})*{m}+INT(MOD({x},{s})*{m}/{s})"


def remainder(x: str, m: str) -> str:
    """What ``x × m`` leaves over whole multiples of ``scale`` (millionths of a cent)."""
    s = SCALE_NAME
    return f"MOD(MOD({x},{s})*{m},{s})"


def split_value(x: int, m: int) -> tuple[int, int]:
    """The twin of :func:`whole` and :func:`remainder`."""
    return divmod(x * m, SCALE)


def half_even(whole_ref: str, remainder_ref: str) -> str:
    s, w, r = SCALE_NAME, whole_ref, remainder_ref
    return f"{w}+IF(2*{r}>{s},1,IF(2*{r}={s},{w}-2*INT({w}/2),0))"


def half_even_value(whole_value: int, remainder_value: int) -> int:
    twice = 2 * remainder_value
    return whole_value + (twice > SCALE or (twice == SCALE and whole_value % 2 == 1))


def half_up(whole_ref: str, remainder_ref: str) -> str:
    return f"{whole_ref}+IF(2*{remainder_ref}>={SCALE_NAME},1,0)"


def part(total: str, parts: int | str, k: int | str) -> str:
    """Part ``k`` (from 1) of ``total`` cents split into ``parts`` equal parts, the cents left
    over going to the first parts (largest remainder, ties to the earlier part)."""
    n = parts
    return f"INT({total}/{n})+IF({k}<={total}-{n}*INT({total}/{n}),1,0)"


def part_value(total: int, parts: int, k: int) -> int:
    return total // parts + (k <= total % parts)
