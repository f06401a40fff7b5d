"""Statistical power for the evaluation plan (SPEC 3.4; FORMAT.md, *Power*).

Normal approximation, two-sided test at level α with power 1 − β; ``z = z₁₋α/₂ + z₁₋β``. Group 1
is the intervention group (``n_intervention``), group 2 the comparison group (``n_comparison``);
the allocation ratio is ``k = n2 / n1``. The effect size ``es`` is

* for proportions, Cohen's h: ``h = |2·asin(√p1) − 2·asin(√p0)|`` (p0 the baseline, p1 = p0 +
  the expected effect);
* for means, Cohen's d: ``d = |δ| / σ``.

Then:

* required size: ``n1 = (1 + 1/k)·(z / es)²`` and ``n2 = k·n1``, each rounded up to a whole
  person, at least 2 (equal groups, k = 1: ``n = 2·(z / es)²`` per group);
* smallest detectable effect: ``es_min = z·√(1/n1 + 1/n2)``; for proportions it is reported back
  as a proportion, ``p1 = sin²(asin(√p0) ∓ es_min/2)`` (− for a decrease, the direction when no
  expected effect is given), clamped to 0 or 1 (``at_bound``) when even the largest change in that
  direction is smaller than ``es_min``; for means ``mde = es_min·σ``;
* achieved power: ``Φ(λ − z₁₋α/₂) + Φ(−λ − z₁₋α/₂)`` with ``λ = es / √(1/n1 + 1/n2)`` (both tails,
  so that a zero effect gives α).

Inputs may be Decimal, int or float. The figures are computed in float and returned as Decimals
rounded half up: proportions, differences, effect sizes and mean differences to six decimals,
power to four, the unrounded sizes to two. Bad input raises ``PowerError`` with a code, the field
it concerns (the exchange format's name) and a msgid.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from statistics import NormalDist
from typing import Any

from models.domain import N_

Number = Decimal | int | float

PROPORTION = "proportion"
MEAN = "mean"
DECREASE = "decrease"
INCREASE = "increase"

DEFAULT_ALPHA = Decimal("0.05")
DEFAULT_POWER = Decimal("0.80")
#: The smallest matched treatment group the UK Ministry of Justice's Justice Data Lab accepts; a
#: useful reference for what a small local initiative can detect.
REFERENCE_GROUP_SIZE = 60
#: Group sizes for the detectable-effect chart.
DEFAULT_CURVE_SIZES = (10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 125, 150, 175, 200, 250, 300,
                       350, 400, 450, 500)
#: Beyond this many people per group an effect is treated as undetectable.
MAX_GROUP_SIZE = 10**9

METHOD_NOTES = {
    PROPORTION: N_("Normal approximation, two-sided test. The difference between proportions is "
                   "measured with Cohen's h, the difference of the arcsine-transformed "
                   "proportions; group sizes are rounded up to whole people."),
    MEAN: N_("Normal approximation, two-sided test. The difference between means is measured in "
             "standard deviations (Cohen's d); group sizes are rounded up to whole people."),
}

# Fields, named as in the exchange format.
BASELINE = "baseline_proportion"
EFFECT = "expected_effect"
SD = "sd"
ALPHA = "alpha"
POWER = "power"
N1 = "n_intervention"
N2 = "n_comparison"
RATIO = "ratio"
MIN_EFFECT = "min_effect"

# Error codes.
NOT_A_NUMBER = "not_a_number"
BASELINE_OUT_OF_RANGE = "baseline_out_of_range"
NO_ROOM = "no_room"
EFFECT_OUT_OF_RANGE = "effect_out_of_range"
ZERO_EFFECT = "zero_effect"
EFFECT_TOO_SMALL = "effect_too_small"
ALPHA_OUT_OF_RANGE = "alpha_out_of_range"
POWER_OUT_OF_RANGE = "power_out_of_range"
POWER_NOT_ABOVE_ALPHA = "power_not_above_alpha"
GROUP_NOT_WHOLE = "group_not_whole"
GROUP_TOO_SMALL = "group_too_small"
SD_NOT_POSITIVE = "sd_not_positive"
RATIO_NOT_POSITIVE = "ratio_not_positive"

_NOT_A_NUMBER = {
    BASELINE: N_("The baseline proportion is not a number."),
    EFFECT: N_("The expected effect is not a number."),
    SD: N_("The standard deviation is not a number."),
    ALPHA: N_("The significance level is not a number."),
    POWER: N_("The power is not a number."),
    N1: N_("The size of the intervention group is not a number."),
    N2: N_("The size of the comparison group is not a number."),
    RATIO: N_("The ratio between the group sizes is not a number."),
    MIN_EFFECT: N_("The success criterion is not a number."),
}

#: The success criterion is smaller than what the planned groups can detect.
BELOW_DETECTABLE = "success_below_detectable"
SUCCESS_MESSAGES = {
    BELOW_DETECTABLE: N_("The success criterion (%(min_effect)s) is smaller than the smallest "
                         "effect the planned groups can detect (%(detectable)s): a real effect "
                         "of that size may well go unnoticed."),
}

_NORMAL = NormalDist()


class PowerError(ValueError):
    """Input that power cannot be computed for; ``message`` is a msgid with ``params``, ``code``
    says what is wrong and ``field`` which input (None when it concerns several)."""

    def __init__(self, code: str, message: str, field: str | None = None, **params: object):
        super().__init__(message % params if params else message)
        self.code = code
        self.message = message
        self.field = field
        self.params = params


@dataclass(frozen=True)
class SampleSize:
    """The group sizes needed to detect an effect."""

    outcome: str
    #: Intervention and comparison group, rounded up to whole people (at least 2).
    n1: int
    n2: int
    #: The same before rounding up, two decimals.
    exact_n1: Decimal
    exact_n2: Decimal
    #: Cohen's h (proportions) or d (means).
    effect_size: Decimal
    #: Signed: p1 − p0 for proportions, δ for means.
    effect: Decimal
    alpha: Decimal
    power: Decimal
    #: p0 and p1 for proportions; None for means.
    baseline: Decimal | None = None
    p1: Decimal | None = None
    #: σ for means; None for proportions.
    sd: Decimal | None = None

    @property
    def total(self) -> int:
        return self.n1 + self.n2

    @property
    def equal(self) -> bool:
        return self.n1 == self.n2


@dataclass(frozen=True)
class DetectableProportion:
    """The smallest change from the baseline that groups of ``n1`` and ``n2`` can detect."""

    n1: int
    n2: int
    alpha: Decimal
    power: Decimal
    baseline: Decimal
    #: The proportion that can just be detected (0 or 1 when ``at_bound``).
    p1: Decimal
    #: p1 − p0: negative for a decrease.
    difference: Decimal
    #: h_min.
    effect_size: Decimal
    #: ``DECREASE`` or ``INCREASE``.
    direction: str
    #: Even a change all the way to 0 (or 1) is smaller than h_min: nothing in this direction can
    #: be detected with the power asked for; ``p1`` is the bound.
    at_bound: bool

    @property
    def magnitude(self) -> Decimal:
        return abs(self.difference)


@dataclass(frozen=True)
class DetectableMean:
    """The smallest difference in means that groups of ``n1`` and ``n2`` can detect."""

    n1: int
    n2: int
    alpha: Decimal
    power: Decimal
    sd: Decimal
    #: In the indicator's unit, positive.
    mde: Decimal
    #: mde / σ.
    effect_size: Decimal


@dataclass(frozen=True)
class AchievedPower:
    """The chance that groups of ``n1`` and ``n2`` detect a given effect."""

    outcome: str
    n1: int
    n2: int
    alpha: Decimal
    #: Four decimals.
    power: Decimal
    effect_size: Decimal
    effect: Decimal
    baseline: Decimal | None = None
    p1: Decimal | None = None
    sd: Decimal | None = None


# --- Input ----------------------------------------------------------------------------------


def _number(value: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        raise PowerError(NOT_A_NUMBER, _NOT_A_NUMBER[field], field)
    if isinstance(value, Decimal) and not value.is_finite():
        raise PowerError(NOT_A_NUMBER, _NOT_A_NUMBER[field], field)
    number = float(value)
    if not math.isfinite(number):
        raise PowerError(NOT_A_NUMBER, _NOT_A_NUMBER[field], field)
    return number


def _decimal(value: Number) -> Decimal:
    """The input as given, as a Decimal (a float by its shortest repr)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _round(value: float, places: int) -> Decimal:
    with localcontext() as context:
        context.prec = 60
        return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _levels(alpha: Number, power: Number | None) -> float:
    """Validate α (and the power); return z₁₋α/₂ + z₁₋β, or z₁₋α/₂ without a power."""
    a = _number(alpha, ALPHA)
    if not 0 < a < 1:
        raise PowerError(ALPHA_OUT_OF_RANGE,
                         N_("The significance level α must be greater than 0 and less than 1."),
                         ALPHA)
    z_alpha = _NORMAL.inv_cdf(1 - a / 2)
    if power is None:
        return z_alpha
    b = _number(power, POWER)
    if not 0 < b < 1:
        raise PowerError(POWER_OUT_OF_RANGE,
                         N_("The power must be greater than 0 and less than 1."), POWER)
    if b <= a:
        raise PowerError(POWER_NOT_ABOVE_ALPHA,
                         N_("The power must be greater than the significance level α."), POWER)
    return z_alpha + _NORMAL.inv_cdf(b)


def z_sum(alpha: Number = DEFAULT_ALPHA, power: Number = DEFAULT_POWER) -> float:
    """Return z₁₋α/₂ + z₁₋β (2.8016 for α 0.05 and power 0.80)."""
    return _levels(alpha, power)


def _group(value: object, field: str) -> int:
    number = _number(value, field)
    if number != int(number):
        raise PowerError(GROUP_NOT_WHOLE, N_("A group size must be a whole number."), field)
    if number < 2:
        raise PowerError(GROUP_TOO_SMALL, N_("Each group needs at least 2 people."), field)
    return int(number)


def _groups(n1: object, n2: object | None) -> tuple[int, int]:
    first = _group(n1, N1)
    return first, first if n2 is None else _group(n2, N2)


def _baseline(value: Number) -> float:
    p0 = _number(value, BASELINE)
    if not 0 <= p0 <= 1:
        raise PowerError(BASELINE_OUT_OF_RANGE,
                         N_("The baseline proportion must be between 0 and 1."), BASELINE)
    return p0


def _check_room(p0: float, direction: str) -> None:
    if p0 == 0 and direction == DECREASE:
        raise PowerError(NO_ROOM, N_("A baseline of 0 per cent leaves no room for a decrease: the "
                                     "proportion cannot fall further. Only an increase can be "
                                     "detected."), BASELINE)
    if p0 == 1 and direction == INCREASE:
        raise PowerError(NO_ROOM, N_("A baseline of 100 per cent leaves no room for an increase: "
                                     "the proportion cannot rise further. Only a decrease can be "
                                     "detected."), BASELINE)


def _effect(value: Number) -> float:
    effect = _number(value, EFFECT)
    if effect == 0:
        raise PowerError(ZERO_EFFECT, N_("An effect of zero cannot be detected with any number "
                                         "of people; enter the smallest effect that matters."),
                         EFFECT)
    return effect


def _target(p0: float, effect: float) -> float:
    """p1 = p0 + effect, validated."""
    _check_room(p0, DECREASE if effect < 0 else INCREASE)
    p1 = p0 + effect
    if not 0 <= p1 <= 1:
        raise PowerError(EFFECT_OUT_OF_RANGE,
                         N_("The baseline plus the expected effect must stay between 0 and 1."),
                         EFFECT)
    return p1


def _sd(value: Number) -> float:
    sd = _number(value, SD)
    if sd <= 0:
        raise PowerError(SD_NOT_POSITIVE, N_("The standard deviation must be greater than 0."),
                         SD)
    return sd


def _ratio(value: Number) -> float:
    ratio = _number(value, RATIO)
    if ratio <= 0:
        raise PowerError(RATIO_NOT_POSITIVE,
                         N_("The ratio between the group sizes must be greater than 0."), RATIO)
    return ratio


def _angle(p: float) -> float:
    return math.asin(math.sqrt(p))


def _h(p0: float, p1: float) -> float:
    return abs(2 * _angle(p1) - 2 * _angle(p0))


def cohens_h(p0: Number, p1: Number) -> Decimal:
    """Return |2·asin(√p1) − 2·asin(√p0)|, six decimals."""
    first = _baseline(p0)
    second = _number(p1, EFFECT)
    if not 0 <= second <= 1:
        raise PowerError(EFFECT_OUT_OF_RANGE,
                         N_("The baseline plus the expected effect must stay between 0 and 1."),
                         EFFECT)
    return _round(_h(first, second), 6)


# --- Required size ----------------------------------------------------------------------------


def _up(value: float) -> int:
    """Round up to a whole person, at least 2, forgiving float noise just above a whole number."""
    return max(2, math.ceil(value - 1e-9 * max(1.0, value)))


def _sizes(z: float, es: float, ratio: float) -> tuple[float, float]:
    if es == 0:
        raise PowerError(ZERO_EFFECT, N_("An effect of zero cannot be detected with any number "
                                         "of people; enter the smallest effect that matters."),
                         EFFECT)
    n1 = (1 + 1 / ratio) * (z / es) ** 2
    n2 = ratio * n1
    if max(n1, n2) > MAX_GROUP_SIZE:
        raise PowerError(EFFECT_TOO_SMALL,
                         N_("The effect is so small that more than %(max)s people per group "
                            "would be needed to detect it."), EFFECT, max=MAX_GROUP_SIZE)
    return n1, n2


def required_n_proportions(baseline: Number, effect: Number, *, alpha: Number = DEFAULT_ALPHA,
                           power: Number = DEFAULT_POWER, ratio: Number = 1) -> SampleSize:
    """Return the group sizes needed to detect a change of ``effect`` (signed, p1 − p0) from the
    proportion ``baseline``; ``ratio`` is n2 / n1."""
    z = _levels(alpha, power)
    p0 = _baseline(baseline)
    p1 = _target(p0, _effect(effect))
    k = _ratio(ratio)
    h = _h(p0, p1)
    n1, n2 = _sizes(z, h, k)
    return SampleSize(PROPORTION, _up(n1), _up(n2), _round(n1, 2), _round(n2, 2), _round(h, 6),
                      _decimal(effect), _decimal(alpha), _decimal(power),
                      baseline=_decimal(baseline), p1=_round(p1, 6))


def required_n_means(sd: Number, effect: Number, *, alpha: Number = DEFAULT_ALPHA,
                     power: Number = DEFAULT_POWER, ratio: Number = 1) -> SampleSize:
    """Return the group sizes needed to detect a difference ``effect`` (δ, in the indicator's
    unit) in means with standard deviation ``sd``; ``ratio`` is n2 / n1."""
    z = _levels(alpha, power)
    sigma = _sd(sd)
    delta = _effect(effect)
    k = _ratio(ratio)
    d = abs(delta) / sigma
    n1, n2 = _sizes(z, d, k)
    return SampleSize(MEAN, _up(n1), _up(n2), _round(n1, 2), _round(n2, 2), _round(d, 6),
                      _decimal(effect), _decimal(alpha), _decimal(power), sd=_decimal(sd))


# --- Detectable effect ----------------------------------------------------------------------


def _direction(expected_effect: Number | None) -> str:
    if expected_effect is None:
        return DECREASE
    return INCREASE if _number(expected_effect, EFFECT) > 0 else DECREASE


def detectable_proportion(baseline: Number, n1: int, n2: int | None = None, *,
                          alpha: Number = DEFAULT_ALPHA, power: Number = DEFAULT_POWER,
                          expected_effect: Number | None = None) -> DetectableProportion:
    """Return the smallest change from ``baseline`` that groups of ``n1`` and ``n2`` (default:
    ``n1``) detect, in the direction of ``expected_effect`` (a decrease when None or 0)."""
    z = _levels(alpha, power)
    p0 = _baseline(baseline)
    direction = _direction(expected_effect)
    _check_room(p0, direction)
    first, second = _groups(n1, n2)
    h_min = z * math.sqrt(1 / first + 1 / second)
    sign = -1 if direction == DECREASE else 1
    angle = _angle(p0) + sign * h_min / 2
    at_bound = not 0 <= angle <= math.pi / 2
    p1 = (0.0 if sign < 0 else 1.0) if at_bound else math.sin(angle) ** 2
    rounded_p1 = _round(p1, 6)
    return DetectableProportion(first, second, _decimal(alpha), _decimal(power),
                                _decimal(baseline), rounded_p1, _round(p1 - p0, 6),
                                _round(h_min, 6), direction, at_bound)


def detectable_mean(sd: Number, n1: int, n2: int | None = None, *,
                    alpha: Number = DEFAULT_ALPHA,
                    power: Number = DEFAULT_POWER) -> DetectableMean:
    """Return the smallest difference in means that groups of ``n1`` and ``n2`` (default: ``n1``)
    detect: ``(z₁₋α/₂ + z₁₋β)·σ·√(1/n1 + 1/n2)``."""
    z = _levels(alpha, power)
    sigma = _sd(sd)
    first, second = _groups(n1, n2)
    d_min = z * math.sqrt(1 / first + 1 / second)
    return DetectableMean(first, second, _decimal(alpha), _decimal(power), _decimal(sd),
                          _round(d_min * sigma, 6), _round(d_min, 6))


def _curve_sizes(sizes: Iterable[int], ratio: Number) -> list[tuple[int, int]]:
    k = _ratio(ratio)
    out = []
    for n in sizes:
        first = _group(n, N1)
        second = max(2, int(Decimal(repr(first * k)).quantize(Decimal(1), ROUND_HALF_UP)))
        out.append((first, second))
    return out


def proportion_curve(baseline: Number, *, sizes: Iterable[int] = DEFAULT_CURVE_SIZES,
                     ratio: Number = 1, alpha: Number = DEFAULT_ALPHA,
                     power: Number = DEFAULT_POWER,
                     expected_effect: Number | None = None) -> tuple[DetectableProportion, ...]:
    """The detectable change for each intervention-group size in ``sizes``; the comparison group
    is ``ratio`` times as large (rounded half up, at least 2)."""
    return tuple(detectable_proportion(baseline, first, second, alpha=alpha, power=power,
                                       expected_effect=expected_effect)
                 for first, second in _curve_sizes(sizes, ratio))


def mean_curve(sd: Number, *, sizes: Iterable[int] = DEFAULT_CURVE_SIZES, ratio: Number = 1,
               alpha: Number = DEFAULT_ALPHA,
               power: Number = DEFAULT_POWER) -> tuple[DetectableMean, ...]:
    """The detectable difference in means for each intervention-group size in ``sizes``."""
    return tuple(detectable_mean(sd, first, second, alpha=alpha, power=power)
                 for first, second in _curve_sizes(sizes, ratio))


# --- Achieved power -------------------------------------------------------------------------


def _power(es: float, first: int, second: int, z_alpha: float) -> float:
    shift = es / math.sqrt(1 / first + 1 / second)
    return _NORMAL.cdf(shift - z_alpha) + _NORMAL.cdf(-shift - z_alpha)


def achieved_power_proportions(baseline: Number, effect: Number, n1: int, n2: int | None = None,
                               *, alpha: Number = DEFAULT_ALPHA) -> AchievedPower:
    """The power of groups of ``n1`` and ``n2`` (default ``n1``) to detect a change of ``effect``
    (signed) from ``baseline``; a zero effect gives α."""
    z_alpha = _levels(alpha, None)
    p0 = _baseline(baseline)
    change = _number(effect, EFFECT)
    p1 = _target(p0, change) if change else p0
    first, second = _groups(n1, n2)
    h = _h(p0, p1)
    return AchievedPower(PROPORTION, first, second, _decimal(alpha),
                         _round(_power(h, first, second, z_alpha), 4), _round(h, 6),
                         _decimal(effect), baseline=_decimal(baseline), p1=_round(p1, 6))


def achieved_power_means(sd: Number, effect: Number, n1: int, n2: int | None = None, *,
                         alpha: Number = DEFAULT_ALPHA) -> AchievedPower:
    """The power of groups of ``n1`` and ``n2`` (default ``n1``) to detect a difference
    ``effect`` in means with standard deviation ``sd``."""
    z_alpha = _levels(alpha, None)
    sigma = _sd(sd)
    d = abs(_number(effect, EFFECT)) / sigma
    first, second = _groups(n1, n2)
    return AchievedPower(MEAN, first, second, _decimal(alpha),
                         _round(_power(d, first, second, z_alpha), 4), _round(d, 6),
                         _decimal(effect), sd=_decimal(sd))


# --- Success criteria -----------------------------------------------------------------------


def success_check(min_effect: Number,
                  detectable: Number | DetectableProportion | DetectableMean) -> str | None:
    """Return ``BELOW_DETECTABLE`` when the success criterion (signed) is smaller in magnitude
    than what the planned groups can detect, else None.

    ``detectable`` is the detectable difference (p1 − p0 or the mde) or a detectable result; a
    proportion result ``at_bound`` detects nothing in its direction, so any criterion is below it.
    """
    wanted = abs(_number(min_effect, MIN_EFFECT))
    if isinstance(detectable, DetectableProportion):
        if detectable.at_bound:
            return BELOW_DETECTABLE
        limit = abs(float(detectable.difference))
    elif isinstance(detectable, DetectableMean):
        limit = float(detectable.mde)
    else:
        limit = abs(_number(detectable, EFFECT))
    return BELOW_DETECTABLE if wanted < limit else None


# --- Sentences ------------------------------------------------------------------------------

_DETECT = {
    (True, DECREASE, False): N_("With %(n)s per group you can detect a reduction from %(p0)s to "
                                "%(p1)s (α %(alpha)s, power %(power)s)."),
    (True, INCREASE, False): N_("With %(n)s per group you can detect an increase from %(p0)s to "
                                "%(p1)s (α %(alpha)s, power %(power)s)."),
    (False, DECREASE, False): N_("With %(n1)s in the intervention group and %(n2)s in the "
                                 "comparison group you can detect a reduction from %(p0)s to "
                                 "%(p1)s (α %(alpha)s, power %(power)s)."),
    (False, INCREASE, False): N_("With %(n1)s in the intervention group and %(n2)s in the "
                                 "comparison group you can detect an increase from %(p0)s to "
                                 "%(p1)s (α %(alpha)s, power %(power)s)."),
    (True, DECREASE, True): N_("With %(n)s per group not even a reduction from %(p0)s to %(p1)s "
                               "can be detected (α %(alpha)s, power %(power)s)."),
    (True, INCREASE, True): N_("With %(n)s per group not even an increase from %(p0)s to %(p1)s "
                               "can be detected (α %(alpha)s, power %(power)s)."),
    (False, DECREASE, True): N_("With %(n1)s in the intervention group and %(n2)s in the "
                                "comparison group not even a reduction from %(p0)s to %(p1)s "
                                "can be detected (α %(alpha)s, power %(power)s)."),
    (False, INCREASE, True): N_("With %(n1)s in the intervention group and %(n2)s in the "
                                "comparison group not even an increase from %(p0)s to %(p1)s "
                                "can be detected (α %(alpha)s, power %(power)s)."),
}
_DETECT_MEAN = {
    True: N_("With %(n)s per group you can detect a difference in means of %(mde)s (%(d)s "
             "standard deviations; α %(alpha)s, power %(power)s)."),
    False: N_("With %(n1)s in the intervention group and %(n2)s in the comparison group you can "
              "detect a difference in means of %(mde)s (%(d)s standard deviations; α %(alpha)s, "
              "power %(power)s)."),
}
_REQUIRED = {
    (True, DECREASE): N_("To detect a reduction from %(p0)s to %(p1)s you need %(n)s per group "
                         "(α %(alpha)s, power %(power)s)."),
    (True, INCREASE): N_("To detect an increase from %(p0)s to %(p1)s you need %(n)s per group "
                         "(α %(alpha)s, power %(power)s)."),
    (False, DECREASE): N_("To detect a reduction from %(p0)s to %(p1)s you need %(n1)s in the "
                          "intervention group and %(n2)s in the comparison group (α %(alpha)s, "
                          "power %(power)s)."),
    (False, INCREASE): N_("To detect an increase from %(p0)s to %(p1)s you need %(n1)s in the "
                          "intervention group and %(n2)s in the comparison group (α %(alpha)s, "
                          "power %(power)s)."),
    (True, MEAN): N_("To detect a difference in means of %(effect)s (%(d)s standard deviations) "
                     "you need %(n)s per group (α %(alpha)s, power %(power)s)."),
    (False, MEAN): N_("To detect a difference in means of %(effect)s (%(d)s standard deviations) "
                      "you need %(n1)s in the intervention group and %(n2)s in the comparison "
                      "group (α %(alpha)s, power %(power)s)."),
}
_ACHIEVED = {
    (True, PROPORTION): N_("With %(n)s per group the chance of detecting a change from %(p0)s "
                           "to %(p1)s is %(achieved)s (α %(alpha)s)."),
    (False, PROPORTION): N_("With %(n1)s in the intervention group and %(n2)s in the comparison "
                            "group the chance of detecting a change from %(p0)s to %(p1)s is "
                            "%(achieved)s (α %(alpha)s)."),
    (True, MEAN): N_("With %(n)s per group the chance of detecting a difference in means of "
                     "%(effect)s is %(achieved)s (α %(alpha)s)."),
    (False, MEAN): N_("With %(n1)s in the intervention group and %(n2)s in the comparison group "
                      "the chance of detecting a difference in means of %(effect)s is "
                      "%(achieved)s (α %(alpha)s)."),
}


def _group_params(n1: int, n2: int) -> dict[str, Any]:
    return {"n": n1, "n1": n1, "n2": n2}


def describe_detectable(result: DetectableProportion | DetectableMean
                        ) -> tuple[str, dict[str, Any]]:
    """A plain sentence on what the planned groups can detect, as ``(msgid, params)``.

    Params: ``n``, ``n1``, ``n2`` (int); ``p0``, ``p1``, ``difference`` (absolute), ``alpha``,
    ``power`` (Decimal fractions, to be shown as per cent); for means ``mde`` (Decimal, the
    indicator's unit) and ``d`` (Decimal, standard deviations).
    """
    equal = result.n1 == result.n2
    params = _group_params(result.n1, result.n2) | {"alpha": result.alpha, "power": result.power}
    if isinstance(result, DetectableMean):
        return _DETECT_MEAN[equal], params | {"mde": result.mde, "d": result.effect_size}
    return (_DETECT[(equal, result.direction, result.at_bound)],
            params | {"p0": result.baseline, "p1": result.p1, "difference": result.magnitude})


def describe_required(result: SampleSize) -> tuple[str, dict[str, Any]]:
    """A plain sentence on the group sizes needed, as ``(msgid, params)``.

    Params: ``n``, ``n1``, ``n2`` (int); ``alpha``, ``power`` (Decimal fractions); for proportions
    ``p0``, ``p1`` (Decimal fractions); for means ``effect`` (Decimal, absolute, the indicator's
    unit) and ``d`` (Decimal, standard deviations).
    """
    equal = result.equal
    params = _group_params(result.n1, result.n2) | {"alpha": result.alpha, "power": result.power}
    if result.outcome == MEAN:
        return (_REQUIRED[(equal, MEAN)],
                params | {"effect": abs(result.effect), "d": result.effect_size})
    direction = DECREASE if result.effect < 0 else INCREASE
    return _REQUIRED[(equal, direction)], params | {"p0": result.baseline, "p1": result.p1}


def describe_power(result: AchievedPower) -> tuple[str, dict[str, Any]]:
    """A plain sentence on the achieved power, as ``(msgid, params)``.

    Params: ``n``, ``n1``, ``n2`` (int); ``achieved``, ``alpha`` (Decimal fractions); for
    proportions ``p0``, ``p1`` (Decimal fractions); for means ``effect`` (Decimal, absolute).
    """
    equal = result.n1 == result.n2
    params = _group_params(result.n1, result.n2) | {"alpha": result.alpha,
                                                    "achieved": result.power}
    if result.outcome == MEAN:
        return _ACHIEVED[(equal, MEAN)], params | {"effect": abs(result.effect)}
    return _ACHIEVED[(equal, PROPORTION)], params | {"p0": result.baseline, "p1": result.p1}
