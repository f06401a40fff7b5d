"""Power and sample size for the evaluation plan (FORMAT.md, *Power*; SPEC 3.4).

Expected values come from outside the module: the standard normal quantiles z₀.₉₇₅ = 1.959964 and
z₀.₈₀ = 0.841621 (z = 2.801585), figures computed separately with scipy.stats.norm, Cohen's
(1988) tabled sizes (392 per group for h = 0.2, 63 for d = 0.5), and the exact power of the
arcsine test under binomial sampling, summed over every possible outcome (``exact_power``).
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.domain import power as pw
from models.domain.power import (
    BELOW_DETECTABLE,
    DECREASE,
    INCREASE,
    MEAN,
    PROPORTION,
    REFERENCE_GROUP_SIZE,
    DetectableMean,
    DetectableProportion,
    PowerError,
    achieved_power_means,
    achieved_power_proportions,
    cohens_h,
    describe_detectable,
    describe_power,
    describe_required,
    detectable_mean,
    detectable_proportion,
    mean_curve,
    proportion_curve,
    required_n_means,
    required_n_proportions,
    success_check,
    z_sum,
)

D = Decimal
Z_975 = 1.959964
SETTINGS = settings(max_examples=80, deadline=None)


def exact_power(n1: int, n2: int, p0: float, p1: float, z_alpha: float = Z_975) -> float:
    """The exact chance that the two-sided arcsine test rejects, with n1 ~ Bin(p1), n2 ~ Bin(p0)."""

    def pmf(n, p):
        return [math.comb(n, x) * p**x * (1 - p) ** (n - x) for x in range(n + 1)]

    def angles(n):
        return [2 * math.asin(math.sqrt(x / n)) for x in range(n + 1)]

    se = math.sqrt(1 / n1 + 1 / n2)
    a, b, t1, t2 = pmf(n1, p1), pmf(n2, p0), angles(n1), angles(n2)
    return sum(a[i] * b[j] for i in range(n1 + 1) for j in range(n2 + 1)
               if abs(t1[i] - t2[j]) / se > z_alpha)


# --- z and h ----------------------------------------------------------------------------------


def test_z_sum_matches_the_normal_tables():
    assert z_sum() == pytest.approx(Z_975 + 0.841621, abs=1e-6)
    assert z_sum(D("0.01"), D("0.90")) == pytest.approx(2.575829 + 1.281552, abs=1e-6)


def test_cohens_h_of_55_and_40_per_cent():
    # scipy: |2·asin(√0.40) − 2·asin(√0.55)| = 0.3015253.
    assert cohens_h(D("0.55"), D("0.40")) == D("0.301525")
    assert cohens_h(D("0.40"), D("0.55")) == D("0.301525")
    assert cohens_h(D("0.3"), D("0.3")) == D("0.000000")


# --- Required size ----------------------------------------------------------------------------


def test_h_of_0_2_needs_392_4_per_group_rounded_up_to_393():
    # 2·(2.801585 / 0.2)² = 392.44 (Cohen tables 392). p1 is chosen so that h is exactly 0.2.
    p1 = math.sin(math.pi / 4 - 0.1) ** 2
    size = required_n_proportions(D("0.5"), p1 - 0.5)
    assert size.effect_size == D("0.200000")
    assert size.exact_n1 == D("392.44")
    assert (size.n1, size.n2) == (393, 393)
    assert size.total == 786 and size.equal
    assert size.outcome == PROPORTION


def test_55_to_40_per_cent_needs_173_per_group():
    size = required_n_proportions(D("0.55"), D("-0.15"))
    # scipy: 2·(2.8015852 / 0.3015253)² = 172.659.
    assert size.exact_n1 == D("172.66")
    assert (size.n1, size.n2) == (173, 173)
    assert size.p1 == D("0.400000")
    assert size.baseline == D("0.55") and size.effect == D("-0.15")
    assert size.alpha == D("0.05") and size.power == D("0.80")


def test_55_to_40_per_cent_at_173_per_group_has_about_80_per_cent_exact_power():
    # The exact binomial power is saw-toothed around the approximation: 0.793 at 173, 0.759 at 150.
    assert exact_power(173, 173, 0.55, 0.40) == pytest.approx(0.80, abs=0.02)
    assert exact_power(150, 150, 0.55, 0.40) < 0.77


def test_the_required_size_is_the_smallest_with_80_per_cent_achieved_power():
    for p0, effect in ((D("0.55"), D("-0.15")), (D("0.2"), D("0.1")), (D("0.9"), D("-0.3"))):
        n = required_n_proportions(p0, effect).n1
        assert achieved_power_proportions(p0, effect, n).power >= D("0.8")
        assert achieved_power_proportions(p0, effect, n - 1).power < D("0.8")


def test_unequal_groups_two_comparisons_per_participant():
    # n1 = (1 + 1/2)·(z/h)² = 129.49 and n2 = 2·n1 = 258.99 (scipy).
    size = required_n_proportions(D("0.55"), D("-0.15"), ratio=2)
    assert (size.exact_n1, size.exact_n2) == (D("129.49"), D("258.99"))
    assert (size.n1, size.n2) == (130, 259)
    assert not size.equal
    assert exact_power(130, 259, 0.55, 0.40) == pytest.approx(0.80, abs=0.02)


def test_unequal_groups_are_symmetric_in_the_ratio():
    half = required_n_proportions(D("0.55"), D("-0.15"), ratio=D("0.5"))
    assert (half.n1, half.n2) == (259, 130)


def test_means_half_a_standard_deviation_needs_62_8_per_group():
    size = required_n_means(D("12"), D("6"))
    assert size.exact_n1 == D("62.79")
    assert (size.n1, size.n2) == (63, 63)
    assert size.effect_size == D("0.500000")
    assert size.outcome == MEAN and size.sd == D("12") and size.baseline is None


def test_means_unequal_groups_and_other_levels():
    size = required_n_means(1, D("-0.5"), ratio=3)
    assert (size.exact_n1, size.exact_n2) == (D("41.86"), D("125.58"))
    assert (size.n1, size.n2) == (42, 126)
    strict = required_n_means(1, D("0.5"), alpha=D("0.01"), power=D("0.90"))
    assert strict.exact_n1 == D("119.04") and strict.n1 == 120


def test_a_baseline_of_zero_or_one_allows_the_change_that_has_room():
    rise = required_n_proportions(0, D("0.1"))
    fall = required_n_proportions(1, D("-0.1"))
    # h = 2·asin(√0.1) = 0.643501; 2·(z/h)² = 37.91 (scipy).
    assert rise.exact_n1 == fall.exact_n1 == D("37.91")
    assert rise.n1 == fall.n1 == 38


def test_a_very_large_effect_still_needs_two_per_group():
    size = required_n_means(1, 10)
    assert (size.n1, size.n2) == (2, 2)


# --- Detectable effect ------------------------------------------------------------------------


def test_with_60_per_group_a_fall_from_55_to_30_per_cent_can_be_detected():
    result = detectable_proportion(D("0.55"), REFERENCE_GROUP_SIZE)
    # scipy: h_min = 2.8015852·√(2/60) = 0.5114971; sin²(asin(√0.55) − h_min/2) = 0.3000858.
    assert result.effect_size == D("0.511497")
    assert result.p1 == D("0.300086")
    assert result.difference == D("-0.249914")
    assert result.magnitude == D("0.249914")
    assert result.direction == DECREASE and not result.at_bound
    assert exact_power(60, 60, 0.55, 0.300086) == pytest.approx(0.80, abs=0.02)


def test_the_direction_follows_the_expected_effect():
    up = detectable_proportion(D("0.55"), 60, expected_effect=D("0.10"))
    assert up.direction == INCREASE
    assert up.p1 == D("0.787116")  # scipy: 0.7871155
    assert exact_power(60, 60, 0.55, 0.787116) == pytest.approx(0.80, abs=0.02)
    down = detectable_proportion(D("0.55"), 60, expected_effect=D("-0.10"))
    assert down.p1 == D("0.300086")
    assert detectable_proportion(D("0.55"), 60, expected_effect=0).direction == DECREASE


def test_detectable_effect_with_unequal_groups():
    result = detectable_proportion(D("0.55"), 40, 80)
    # scipy: h_min = z·√(1/40 + 1/80) = 0.5425246, p1 = 0.2859645.
    assert result.effect_size == D("0.542525")
    assert result.p1 == D("0.285965")
    assert (result.n1, result.n2) == (40, 80)


def test_a_change_past_zero_is_clamped_and_flagged():
    result = detectable_proportion(D("0.05"), 20)
    assert result.at_bound
    assert result.p1 == D("0") and result.difference == D("-0.05")
    top = detectable_proportion(D("0.95"), 20, expected_effect=D("0.01"))
    assert top.at_bound and top.p1 == D("1") and top.difference == D("0.05")


def test_from_a_baseline_of_zero_an_increase_is_detectable():
    result = detectable_proportion(0, 60, expected_effect=D("0.05"))
    assert result.p1 == D("0.063994")  # scipy: sin²(0.5114971 / 2) = 0.0639937
    assert not result.at_bound


def test_means_detectable_difference():
    result = detectable_mean(D("10"), 60)
    # scipy: 2.8015852·10·√(2/60) = 5.114971.
    assert result.mde == D("5.114971")
    assert result.effect_size == D("0.511497")
    assert detectable_mean(1, 40, 80).mde == D("0.542525")


def test_the_curve_covers_the_default_sizes_including_the_reference_size():
    curve = proportion_curve(D("0.55"))
    sizes = [point.n1 for point in curve]
    assert sizes[0] == 10 and sizes[-1] == 500 and REFERENCE_GROUP_SIZE in sizes
    at_60 = curve[sizes.index(60)]
    assert at_60 == detectable_proportion(D("0.55"), 60)
    magnitudes = [point.magnitude for point in curve]
    assert magnitudes == sorted(magnitudes, reverse=True)


def test_the_curve_with_a_ratio_rounds_the_comparison_group_half_up():
    curve = mean_curve(1, sizes=(10, 25, 3), ratio=D("1.5"))
    assert [(p.n1, p.n2) for p in curve] == [(10, 15), (25, 38), (3, 5)]
    assert all(isinstance(p, DetectableMean) for p in curve)
    small = mean_curve(1, sizes=(2,), ratio=D("0.1"))
    assert (small[0].n1, small[0].n2) == (2, 2)


# --- Achieved power ---------------------------------------------------------------------------


def test_achieved_power_for_proportions_and_means():
    # scipy: Φ(h/√(2/60) − 1.96) + Φ(−h/√(2/60) − 1.96) = 0.379025.
    assert achieved_power_proportions(D("0.55"), D("-0.15"), 60).power == D("0.3790")
    # scipy: 64 per group and d = 0.5 give 0.807430.
    assert achieved_power_means(2, 1, 64).power == D("0.8074")


def test_a_zero_effect_is_detected_only_at_the_rate_of_alpha():
    assert achieved_power_means(1, 0, 100).power == D("0.0500")
    assert achieved_power_proportions(D("0.3"), 0, 100, alpha=D("0.10")).power == D("0.1000")


# --- Validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(("call", "code", "field"), [
    (lambda: required_n_proportions(D("1.2"), D("-0.1")), pw.BASELINE_OUT_OF_RANGE,
     pw.BASELINE),
    (lambda: required_n_proportions(D("-0.1"), D("0.1")), pw.BASELINE_OUT_OF_RANGE, pw.BASELINE),
    (lambda: required_n_proportions(0, D("-0.1")), pw.NO_ROOM, pw.BASELINE),
    (lambda: required_n_proportions(1, D("0.1")), pw.NO_ROOM, pw.BASELINE),
    (lambda: detectable_proportion(0, 60), pw.NO_ROOM, pw.BASELINE),
    (lambda: detectable_proportion(1, 60, expected_effect=D("0.1")), pw.NO_ROOM, pw.BASELINE),
    (lambda: required_n_proportions(D("0.1"), D("-0.2")), pw.EFFECT_OUT_OF_RANGE, pw.EFFECT),
    (lambda: required_n_proportions(D("0.5"), 0), pw.ZERO_EFFECT, pw.EFFECT),
    (lambda: required_n_means(1, 0), pw.ZERO_EFFECT, pw.EFFECT),
    (lambda: required_n_means(1, D("1e-9")), pw.EFFECT_TOO_SMALL, pw.EFFECT),
    (lambda: required_n_means(0, 1), pw.SD_NOT_POSITIVE, pw.SD),
    (lambda: detectable_mean(-2, 60), pw.SD_NOT_POSITIVE, pw.SD),
    (lambda: required_n_means(1, 1, alpha=0), pw.ALPHA_OUT_OF_RANGE, pw.ALPHA),
    (lambda: required_n_means(1, 1, alpha=1), pw.ALPHA_OUT_OF_RANGE, pw.ALPHA),
    (lambda: required_n_means(1, 1, power=1), pw.POWER_OUT_OF_RANGE, pw.POWER),
    (lambda: required_n_means(1, 1, power=D("0")), pw.POWER_OUT_OF_RANGE, pw.POWER),
    (lambda: required_n_means(1, 1, alpha=D("0.2"), power=D("0.2")), pw.POWER_NOT_ABOVE_ALPHA,
     pw.POWER),
    (lambda: detectable_mean(1, 1), pw.GROUP_TOO_SMALL, pw.N1),
    (lambda: detectable_mean(1, 60, 0), pw.GROUP_TOO_SMALL, pw.N2),
    (lambda: detectable_proportion(D("0.5"), D("60.5")), pw.GROUP_NOT_WHOLE, pw.N1),
    (lambda: required_n_means(1, 1, ratio=0), pw.RATIO_NOT_POSITIVE, pw.RATIO),
    (lambda: required_n_means(D("NaN"), 1), pw.NOT_A_NUMBER, pw.SD),
    (lambda: required_n_means(1, float("inf")), pw.NOT_A_NUMBER, pw.EFFECT),
    (lambda: required_n_means(1, 1, alpha="0.05"), pw.NOT_A_NUMBER, pw.ALPHA),
    (lambda: detectable_mean(1, True), pw.NOT_A_NUMBER, pw.N1),
    (lambda: achieved_power_proportions(D("0.5"), D("0.6"), 60), pw.EFFECT_OUT_OF_RANGE,
     pw.EFFECT),
])
def test_bad_input_is_refused_with_a_code_the_field_and_a_message(call, code, field):
    with pytest.raises(PowerError) as caught:
        call()
    assert caught.value.code == code
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)
    assert caught.value.message and caught.value.message % caught.value.params


def test_the_no_room_message_explains_the_bound():
    with pytest.raises(PowerError) as caught:
        detectable_proportion(0, 60)
    assert "0 per cent" in caught.value.message and "increase" in caught.value.message


# --- Success criteria -------------------------------------------------------------------------


def test_a_success_criterion_smaller_than_the_detectable_effect_is_flagged():
    planned = detectable_proportion(D("0.55"), 60)  # detects −0.249914
    assert success_check(D("-0.15"), planned) == BELOW_DETECTABLE
    assert success_check(D("-0.25"), planned) is None
    assert success_check(D("-0.15"), D("-0.249914")) == BELOW_DETECTABLE
    assert success_check(D("-0.249914"), D("-0.249914")) is None
    assert success_check(D("0.3"), planned) is None  # compared in magnitude


def test_success_check_for_means_and_at_the_bound():
    assert success_check(4, detectable_mean(10, 60)) == BELOW_DETECTABLE
    assert success_check(-6, detectable_mean(10, 60)) is None
    assert success_check(D("-0.05"), detectable_proportion(D("0.05"), 20)) == BELOW_DETECTABLE
    assert BELOW_DETECTABLE in pw.SUCCESS_MESSAGES


# --- Sentences --------------------------------------------------------------------------------


def test_the_detectable_sentence_for_equal_groups():
    msgid, params = describe_detectable(detectable_proportion(D("0.55"), 60))
    assert msgid.startswith("With %(n)s per group you can detect a reduction")
    assert params["n"] == 60 and params["p0"] == D("0.55") and params["p1"] == D("0.300086")
    assert msgid % params == ("With 60 per group you can detect a reduction from 0.55 to "
                              "0.300086 (α 0.05, power 0.80).")


def test_the_detectable_sentence_variants():
    up = describe_detectable(detectable_proportion(D("0.55"), 60, expected_effect=D("0.1")))
    assert "an increase from" in up[0]
    unequal = describe_detectable(detectable_proportion(D("0.55"), 40, 80))
    assert "%(n1)s in the intervention group and %(n2)s" in unequal[0]
    bound = describe_detectable(detectable_proportion(D("0.05"), 20))
    assert "not even a reduction" in bound[0] and bound[1]["p1"] == D("0")
    means = describe_detectable(detectable_mean(10, 60))
    assert means[0] % means[1] == ("With 60 per group you can detect a difference in means of "
                                   "5.114971 (0.511497 standard deviations; α 0.05, power 0.80).")


def test_the_required_and_power_sentences():
    msgid, params = describe_required(required_n_proportions(D("0.55"), D("-0.15")))
    assert msgid % params == ("To detect a reduction from 0.55 to 0.400000 you need 173 per "
                              "group (α 0.05, power 0.80).")
    msgid, params = describe_required(required_n_means(1, D("-0.5"), ratio=3))
    assert "42 in the intervention group and 126" in msgid % params
    assert params["effect"] == D("0.5")
    msgid, params = describe_power(achieved_power_proportions(D("0.55"), D("-0.15"), 60))
    assert msgid % params == ("With 60 per group the chance of detecting a change from 0.55 to "
                              "0.400000 is 0.3790 (α 0.05).")
    msgid, params = describe_power(achieved_power_means(2, 1, 64, 32))
    assert "%(n1)s in the intervention group" in msgid and params["effect"] == D("1")


def test_every_sentence_formats_with_its_params():
    results = [
        *proportion_curve(D("0.5"), sizes=(2, 60)),
        *proportion_curve(D("0.5"), sizes=(2, 60), ratio=2, expected_effect=D("0.1")),
        *mean_curve(3, sizes=(2, 60), ratio=2),
    ]
    for result in results:
        msgid, params = describe_detectable(result)
        assert "%(" not in msgid % params


# --- Properties -------------------------------------------------------------------------------

baselines = st.decimals(min_value=D("0.01"), max_value=D("0.99"), places=2)
sizes = st.integers(min_value=2, max_value=2000)


@SETTINGS
@given(baselines, st.decimals(min_value=D("0.01"), max_value=D("0.5"), places=2), sizes)
def test_power_does_not_fall_as_groups_grow(p0, change, n):
    effect = -change if p0 - change >= 0 else change
    smaller = achieved_power_proportions(p0, effect, n).power
    larger = achieved_power_proportions(p0, effect, n + 1).power
    assert smaller <= larger
    assert achieved_power_proportions(p0, effect, 2 * n + 10).power > smaller or smaller == 1


@SETTINGS
@given(baselines, sizes, st.booleans())
def test_the_detectable_effect_shrinks_as_groups_grow(p0, n, up):
    expected = D("0.1") if up else D("-0.1")
    if (up and p0 == 1) or (not up and p0 == 0):
        return
    small = detectable_proportion(p0, n, expected_effect=expected)
    large = detectable_proportion(p0, n + 10, expected_effect=expected)
    assert large.effect_size < small.effect_size
    assert large.magnitude <= small.magnitude
    assert detectable_mean(1, n + 10).mde < detectable_mean(1, n).mde


@SETTINGS
@given(baselines, sizes, st.booleans())
def test_the_size_needed_for_the_detectable_effect_of_n_is_n(p0, n, up):
    result = detectable_proportion(p0, n, expected_effect=D("0.1") if up else D("-0.1"))
    if result.at_bound or result.difference == 0:
        return
    if not D("0.0001") <= result.p1 <= D("0.9999"):
        # The difference is reported to six decimals; next to 0 or 1, where √p is steepest,
        # that rounding alone moves the size needed by more than one person.
        return
    needed = required_n_proportions(p0, result.difference)
    assert n - 1 <= needed.n1 <= n + 1


@SETTINGS
@given(st.decimals(min_value=D("0.5"), max_value=D("1000"), places=1), sizes,
       st.sampled_from((D("0.5"), D(1), D(2))))
def test_the_size_needed_for_the_mde_of_n_is_n_for_means(sd, n, ratio):
    n2 = max(2, int(n * ratio))
    result = detectable_mean(sd, n, n2)
    needed = required_n_means(sd, result.mde, ratio=D(n2) / D(n))
    assert needed.n1 <= n + 1 and needed.n2 <= n2 + 1
    assert needed.n1 >= n - 1


@SETTINGS
@given(baselines, st.decimals(min_value=D("0.01"), max_value=D("0.5"), places=2))
def test_the_required_size_reaches_the_power(p0, change):
    effect = -change if p0 - change >= 0 else change
    size = required_n_proportions(p0, effect)
    if size.n1 > 2:
        assert achieved_power_proportions(p0, effect, size.n1).power >= D("0.8")


def test_results_are_frozen_dataclasses():
    result = detectable_proportion(D("0.5"), 60)
    assert isinstance(result, DetectableProportion)
    with pytest.raises(AttributeError):
        result.p1 = D("0.1")  # type: ignore[misc]
