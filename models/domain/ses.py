"""The socio-economic index per area (*socioekonomiskt index*, the guide's figure 5).

The index runs from 0 (low socio-economic status) to 10 (high) and is built from four variables
with equal weight: education level, share employed, share born in the Nordic countries and earned
income. Each variable is scaled 0–10 across the areas by min–max, so the area with the lowest
value gets 0 and the one with the highest gets 10; a higher value gives a higher index for all
four. The index of an area is the mean of its four scaled values.

Shown against an outcome per area (for example the share of pupils eligible for upper secondary
school), the index tells whether the outcome follows socio-economic status: the result carries
Pearson's correlation and a least-squares trend line over the areas that have an outcome.

The scaling is exact: values are turned into fractions, scaled and averaged without rounding, and
rounded once at the end (half up, to two decimals).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from models.domain import N_, stats

#: The variables of the index, in the order of ``AreaIndex.scaled``.
SES_VARIABLES = ("education", "employment", "nordic_born", "income")
SES_VARIABLE_LABELS = {
    "education": N_("Education level"),
    "employment": N_("Share employed"),
    "nordic_born": N_("Share born in the Nordic countries"),
    "income": N_("Earned income"),
}
#: The scale of every variable and of the index.
SCALE_MAX = 10
#: What a variable that is the same in every area is scaled to: the middle of the scale.
CONSTANT_SCALED = Fraction(SCALE_MAX, 2)
#: The fewest areas an index can be computed for (min–max needs two ends).
MIN_AREAS = 2


@dataclass(frozen=True)
class AreaInput:
    """One area's values; ``outcome`` is the result compared with the index, if known."""

    area: str
    education: Decimal
    employment: Decimal
    nordic_born: Decimal
    income: Decimal
    outcome: Decimal | None = None


@dataclass(frozen=True)
class AreaIndex:
    area: str
    #: The index, 0 (low) to 10 (high), rounded half up to two decimals.
    index: Decimal
    #: The scaled value of each variable (0–10, two decimals), in the order of ``SES_VARIABLES``.
    scaled: tuple[Decimal, ...]
    outcome: Decimal | None
    #: 1 for the highest index; areas with the same (rounded) index share a rank, and the next
    #: rank skips as many places (1, 2, 2, 4).
    rank: int


@dataclass(frozen=True)
class SesResult:
    #: The areas in the order they were given.
    areas: tuple[AreaIndex, ...]
    #: Pearson's r of index and outcome over the areas with an outcome (the index unrounded);
    #: None with fewer than three such areas or when the index or the outcome is the same in all
    #: of them.
    correlation: float | None
    #: ``(slope, intercept)`` of the trend line outcome = slope × index + intercept over the
    #: areas with an outcome; None with fewer than two such areas or when their index is equal.
    fit: tuple[float, float] | None
    #: The variables that are the same in every area (scaled to 5 everywhere).
    constant: tuple[str, ...]


class SesError(ValueError):
    """Input the index cannot be computed for; ``message`` is a msgid with ``params``."""

    def __init__(self, message: str, **params: object):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def _fraction(area: AreaInput, variable: str) -> Fraction:
    value = getattr(area, variable)
    if isinstance(value, float):
        value = Decimal(repr(value))  # the value as written, not its binary expansion
    if isinstance(value, Decimal) and not value.is_finite():
        raise SesError(N_("a value of the area '%(area)s' is not a number"), area=area.area)
    return Fraction(value)


def _round(value: Fraction) -> Decimal:
    """Round a non-negative fraction half up to two decimals, exactly."""
    # floor(value × 100 + 1/2) in integers: numerator and denominator of a fraction are exact.
    hundredths = (value.numerator * 200 + value.denominator) // (2 * value.denominator)
    return Decimal(hundredths).scaleb(-2)


def compute_ses(areas: Sequence[AreaInput]) -> SesResult:
    """Return the socio-economic index of every area, and how it goes with the outcome.

    Each variable is scaled min–max across the areas: ``10 × (value − min) / (max − min)``. A
    variable with the same value in every area cannot be scaled that way (there is no spread to
    divide by) and says nothing about the differences between the areas: it is given 5, the
    middle of the scale, in every area, so that it pulls every index equally towards the middle,
    and it is listed in ``constant`` so that the page can say so. Zero and negative values are
    scaled like any other.

    Raises SesError (a ValueError) with fewer than two areas, a repeated area name or a value
    (or outcome) that is not a finite number.
    """
    if len(areas) < MIN_AREAS:
        raise SesError(N_("the socio-economic index needs at least two areas"))
    seen: set[str] = set()
    for area in areas:
        if area.area in seen:
            raise SesError(N_("the area '%(area)s' is given twice"), area=area.area)
        seen.add(area.area)
        if area.outcome is not None:
            _fraction(area, "outcome")

    columns = [[_fraction(area, variable) for area in areas] for variable in SES_VARIABLES]
    constant: list[str] = []
    scaled_columns: list[list[Fraction]] = []
    for variable, column in zip(SES_VARIABLES, columns, strict=True):
        low, high = min(column), max(column)
        if low == high:
            constant.append(variable)
            scaled_columns.append([CONSTANT_SCALED] * len(column))
        else:
            factor = SCALE_MAX / (high - low)
            scaled_columns.append([(value - low) * factor for value in column])

    rows = list(zip(*scaled_columns, strict=True))
    indices = [sum(row, Fraction(0)) / len(SES_VARIABLES) for row in rows]
    rounded = [_round(index) for index in indices]
    ordered = sorted(rounded, reverse=True)
    first_place: dict[Decimal, int] = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(value, place)

    result = tuple(
        AreaIndex(
            area=area.area,
            index=index,
            scaled=tuple(_round(value) for value in row),
            outcome=area.outcome,
            rank=first_place[index],
        )
        for area, index, row in zip(areas, rounded, rows, strict=True)
    )
    with_outcome = [(float(index), float(area.outcome))
                    for area, index in zip(areas, indices, strict=True)
                    if area.outcome is not None]
    xs = [x for x, _y in with_outcome]
    ys = [y for _x, y in with_outcome]
    return SesResult(
        areas=result,
        correlation=stats.pearson(xs, ys),
        fit=stats.linear_fit(xs, ys),
        constant=tuple(constant),
    )
