"""Decimal helpers for Danish kroner (DKK).

Money in Styrbar is always :class:`decimal.Decimal`. Amounts are rounded to the øre
(0.01 kr.) with ``ROUND_HALF_UP``, the commercial rounding used in Danish public
accounting; floats appear only inside the Monte Carlo simulation and are converted back
with :func:`from_float`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from engine.errors import EngineError

__all__ = [
    "ORE",
    "ZERO",
    "format_dkk",
    "format_mio",
    "from_float",
    "round_ore",
    "sum_money",
    "to_decimal",
]

ORE = Decimal("0.01")
"""One øre, the smallest unit money is rounded to."""

ZERO = Decimal(0)


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Convert an int, a numeric string or a Decimal to :class:`~decimal.Decimal`.

    Floats are refused, so binary rounding errors cannot leak into money.

    >>> to_decimal("1234.5")
    Decimal('1234.5')
    >>> to_decimal(7)
    Decimal('7')
    >>> to_decimal(0.1)
    Traceback (most recent call last):
    ...
    TypeError: money must be Decimal, int or str, not float
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise TypeError(f"money must be Decimal, int or str, not {type(value).__name__}")
    return Decimal(value)


def round_ore(value: Decimal) -> Decimal:
    """Round to the øre with ROUND_HALF_UP: ``quantize(Decimal("0.01"))``.

    >>> round_ore(Decimal("2.675"))
    Decimal('2.68')
    >>> round_ore(Decimal("-2.675"))
    Decimal('-2.68')
    """
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


def from_float(value: float) -> Decimal:
    """Convert a float from the simulation to kroner rounded to the øre.

    The float's shortest repr is used (``str(value)``), so ``2.675`` becomes 2.68 as a
    person reading it would expect, not 2.67 from its binary expansion.

    >>> from_float(2.675)
    Decimal('2.68')
    >>> from_float(float("nan"))
    Traceback (most recent call last):
    ...
    engine.errors.EngineError: cannot convert nan to money
    """
    if not math.isfinite(value):
        raise EngineError("not_money", {"value": value})
    return round_ore(Decimal(str(value)))


def sum_money(values: Iterable[Decimal]) -> Decimal:
    """Sum Decimal amounts exactly (no rounding).

    >>> sum_money([Decimal("0.10"), Decimal("0.20")])
    Decimal('0.30')
    """
    return sum(values, ZERO)


def format_dkk(value: Decimal) -> str:
    """Format kroner the Danish way: ``1.234.567,89 kr.`` (dot groups, decimal comma).

    >>> format_dkk(Decimal("1234567.891"))
    '1.234.567,89 kr.'
    >>> format_dkk(Decimal("-83.3"))
    '-83,30 kr.'
    """
    rounded = round_ore(value)
    sign = "-" if rounded < 0 else ""
    whole, _, cents = f"{abs(rounded):,.2f}".partition(".")
    return f"{sign}{whole.replace(',', '.')},{cents} kr."


def format_mio(value: Decimal) -> str:
    """Kroner rounded for a reader: ``6,4 mio. kr.`` from one million up (one decimal),
    else whole kroner ``450.000 kr.``; a minus is the typographic minus ``−``.

    >>> format_mio(Decimal("6432105.55"))
    '6,4 mio. kr.'
    >>> format_mio(Decimal("-1571234"))
    '−1,6 mio. kr.'
    >>> format_mio(Decimal("-83.3"))
    '−83 kr.'
    >>> format_mio(Decimal("450000"))
    '450.000 kr.'
    """
    sign = "−" if value < 0 else ""
    magnitude = abs(value)
    if magnitude >= 1_000_000:
        number = f"{(magnitude / 1_000_000).quantize(Decimal('0.1'), ROUND_HALF_UP):,.1f}"
        unit = " mio. kr."
    else:
        number = f"{magnitude.quantize(Decimal(1), ROUND_HALF_UP):,.0f}"
        unit = " kr."
    number = number.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"{sign}{number}{unit}"
