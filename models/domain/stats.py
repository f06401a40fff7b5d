"""Small descriptive statistics for the needs analysis: mean, correlation and a trend line.

These are statistics, not money: values may come in as ``Decimal`` or ``float`` (or ``int``) and
are computed in float with the standard library's ``statistics``. Where a figure is not defined
(no values, too few pairs, no variation) the functions return None instead of raising, so that a
page can simply leave the figure out.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from decimal import Decimal

Number = Decimal | float | int

#: The fewest pairs a correlation is given for: with two points it is always ±1 and says nothing.
MIN_CORRELATION_PAIRS = 3


def _floats(values: Iterable[Number]) -> list[float]:
    return [float(value) for value in values]


def _pairs(xs: Sequence[Number], ys: Sequence[Number]) -> tuple[list[float], list[float]]:
    if len(xs) != len(ys):
        raise ValueError(f"xs has {len(xs)} values but ys has {len(ys)}")
    return _floats(xs), _floats(ys)


def mean(values: Iterable[Number]) -> float | None:
    """Return the arithmetic mean as a float; None when there are no values."""
    floats = _floats(values)
    return statistics.fmean(floats) if floats else None


def pearson(xs: Sequence[Number], ys: Sequence[Number]) -> float | None:
    """Return Pearson's correlation coefficient r of the pairs ``(xs[i], ys[i])``, in [-1, 1].

    None with fewer than ``MIN_CORRELATION_PAIRS`` pairs, or when either side has the same value
    in every pair (zero variance: the coefficient is not defined). Raises ValueError when the two
    sequences differ in length.
    """
    fx, fy = _pairs(xs, ys)
    if len(fx) < MIN_CORRELATION_PAIRS or len(set(fx)) == 1 or len(set(fy)) == 1:
        return None
    try:
        r = statistics.correlation(fx, fy)
    except statistics.StatisticsError:  # variation lost in float rounding
        return None
    if math.isnan(r):
        return None
    # Rounding may carry a perfect correlation a hair past ±1.
    return max(-1.0, min(1.0, r))


def linear_fit(xs: Sequence[Number], ys: Sequence[Number]) -> tuple[float, float] | None:
    """Return ``(slope, intercept)`` of the least-squares line ``y = slope × x + intercept``.

    None with fewer than two pairs or when every x is the same (no line through them is best).
    A constant y gives a flat line. Raises ValueError when the sequences differ in length.
    """
    fx, fy = _pairs(xs, ys)
    if len(fx) < 2 or len(set(fx)) == 1:
        return None
    try:
        slope, intercept = statistics.linear_regression(fx, fy)
    except statistics.StatisticsError:  # variation lost in float rounding
        return None
    return slope, intercept
