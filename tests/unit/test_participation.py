"""Reach, rates, the cream-skimming monitor, drop-outs and half-years
(models.domain.participation)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from models.domain import participation as pa
from models.domain.participation import (
    FLAGGED,
    HIGH,
    LOW,
    MEDIUM,
    NOT_FLAGGED,
    TOO_FEW,
    UNKNOWN,
    Flow,
    Leaver,
    Point,
)


def _figures(high=(100, 50, 0), low=(100, 50, 0)) -> dict[str, pa.ProfileFigures]:
    """Profiles from (eligible, enrolled, drop-outs) of the high- and low-risk groups."""
    flows = [Flow(date(2025, 1, 1), HIGH, high[0], high[1]),
             Flow(date(2025, 1, 1), LOW, low[0], low[1])]
    leavers = ([Leaver(date(2025, 2, 1), HIGH)] * high[2]
               + [Leaver(date(2025, 2, 1), LOW)] * low[2])
    return pa.by_profile(flows, leavers)


# --- reach --------------------------------------------------------------------------------------


def test_reach_is_the_cumulative_enrolled_over_the_target_group_per_period():
    flows = [Flow(date(2025, 1, 1), LOW, None, 10), Flow(date(2025, 1, 1), HIGH, None, 5),
             Flow(date(2025, 4, 1), LOW, 40, 20), Flow(date(2025, 2, 1), UNKNOWN, None, 0)]
    points = pa.reach_by_period(flows, 200)
    assert [(p.period, p.enrolled, p.cumulative, p.share) for p in points] == [
        (date(2025, 1, 1), 15, 15, D("0.075")),
        (date(2025, 2, 1), 0, 15, D("0.075")),
        (date(2025, 4, 1), 20, 35, D("0.175")),
    ]


def test_reach_against_the_target_group_and_the_plan_up_to_a_date():
    flows = [Flow(date(2025, 1, 1), LOW, None, 30), Flow(date(2025, 7, 1), HIGH, None, 10)]
    now = pa.reach(flows, 400, 80)
    assert (now.enrolled, now.share, now.planned_share, now.of_planned) == (
        40, D("0.1"), D("0.2"), D("0.5"))
    then = pa.reach(flows, 400, 80, until=date(2025, 6, 30))
    assert then.enrolled == 30
    assert then.of_planned == D("0.375")


def test_reach_without_a_target_group_or_plan_has_no_shares():
    result = pa.reach([Flow(date(2025, 1, 1), LOW, None, 3)], None, None)
    assert result.enrolled == 3
    assert result.share is None and result.planned_share is None and result.of_planned is None
    assert pa.reach([], 0, 0).share is None
    assert pa.reach_by_period([Flow(date(2025, 1, 1), LOW, None, 3)], None)[0].share is None


# --- rates per profile ----------------------------------------------------------------------------


def test_the_enrolment_rate_counts_only_periods_where_the_eligible_were_counted():
    flows = [Flow(date(2025, 1, 1), HIGH, 20, 10), Flow(date(2025, 2, 1), HIGH, None, 7),
             Flow(date(2025, 3, 1), HIGH, 30, 5)]
    high = pa.by_profile(flows, [])[HIGH]
    assert (high.eligible, high.enrolled, high.enrolled_counted) == (50, 22, 15)
    assert high.enrolment_rate == D("0.3")


def test_the_drop_out_rate_is_drop_outs_over_enrolled_per_profile():
    flows = [Flow(date(2025, 1, 1), LOW, None, 40), Flow(date(2025, 1, 1), MEDIUM, None, 0)]
    leavers = [Leaver(date(2025, 3, 5), LOW)] * 4 + [Leaver(date(2025, 3, 5), MEDIUM)]
    figures = pa.by_profile(flows, leavers)
    assert list(figures) == [LOW, MEDIUM, HIGH, UNKNOWN]
    assert figures[LOW].drop_out_rate == D("0.1")
    # Nobody enrolled: no rate, even with a drop-out.
    assert figures[MEDIUM].drop_outs == 1 and figures[MEDIUM].drop_out_rate is None
    assert figures[HIGH].eligible is None and figures[HIGH].enrolment_rate is None


def test_profile_figures_can_be_limited_to_a_time_span():
    flows = [Flow(date(2025, 6, 1), LOW, 10, 5), Flow(date(2025, 7, 1), LOW, 20, 8),
             Flow(date(2026, 1, 1), LOW, 30, 9)]
    leavers = [Leaver(date(2025, 6, 30), LOW), Leaver(date(2025, 7, 1), LOW),
               Leaver(date(2025, 12, 31), LOW), Leaver(date(2026, 1, 1), LOW)]
    low = pa.by_profile(flows, leavers, since=date(2025, 7, 1), until=date(2025, 12, 31))[LOW]
    assert (low.eligible, low.enrolled, low.drop_outs) == (20, 8, 2)


def test_rate_is_undefined_without_a_positive_whole():
    assert pa.rate(1, None) is None
    assert pa.rate(0, 0) is None
    assert pa.rate(3, 4) == D("0.75")


# --- the cream-skimming monitor ---------------------------------------------------------------


def test_a_clearly_lower_high_risk_enrolment_rate_is_flagged():
    # Low risk 50 %; the limit is 0.8 × 50 % = 40 %; high risk 39 % is below it.
    result = pa.cream_skimming(_figures(high=(100, 39, 0), low=(100, 50, 0)))
    assert result.enrolment.status == FLAGGED
    assert result.enrolment.limit == D("0.4")
    assert (result.enrolment.high, result.enrolment.low) == (D("0.39"), D("0.5"))
    assert result.flagged


def test_an_enrolment_rate_at_the_limit_is_not_flagged():
    result = pa.cream_skimming(_figures(high=(100, 40, 0), low=(100, 50, 0)))
    assert result.enrolment.status == NOT_FLAGGED
    assert not result.flagged


def test_a_clearly_higher_high_risk_drop_out_rate_is_flagged():
    # Low risk: 4 of 50 drop out (8 %); the limit is 10 %; high risk 6 of 50 = 12 %.
    result = pa.cream_skimming(_figures(high=(100, 50, 6), low=(100, 50, 4)))
    assert result.drop_out.status == FLAGGED
    assert result.drop_out.limit == D("0.1")
    assert result.flagged


def test_a_drop_out_rate_at_the_limit_is_not_flagged():
    result = pa.cream_skimming(_figures(high=(100, 40, 5), low=(100, 40, 4)))
    assert result.drop_out.high == D("0.125") and result.drop_out.limit == D("0.125")
    assert result.drop_out.status == NOT_FLAGGED


def test_small_groups_are_not_compared():
    # Nine eligible and nine enrolled high-risk people: too few to say anything.
    result = pa.cream_skimming(_figures(high=(9, 1, 8), low=(100, 50, 0)))
    assert result.enrolment.status == TOO_FEW
    assert result.drop_out.status == TOO_FEW
    assert not result.flagged and not result.assessed
    # Ten are enough.
    result = pa.cream_skimming(_figures(high=(10, 1, 0), low=(10, 8, 0)))
    assert result.enrolment.status == FLAGGED and result.assessed
    assert result.drop_out.status == TOO_FEW


def test_a_few_high_risk_drop_outs_are_not_flagged_even_against_none():
    # 2 of 20 against 0 of 20 is above 1.25 × 0, but two people say little.
    assert pa.cream_skimming(_figures(high=(40, 20, 2), low=(40, 20, 0))).drop_out.status == \
        NOT_FLAGGED
    assert pa.cream_skimming(_figures(high=(40, 20, 3), low=(40, 20, 0))).drop_out.status == \
        FLAGGED


def test_the_rule_takes_other_factors():
    figures = _figures(high=(100, 45, 0), low=(100, 50, 0))
    assert pa.cream_skimming(figures).enrolment.status == NOT_FLAGGED
    assert pa.cream_skimming(figures, enrolment_factor=D("0.95")).enrolment.status == FLAGGED


def test_missing_eligible_counts_leave_the_enrolment_comparison_out():
    flows = [Flow(date(2025, 1, 1), HIGH, None, 30), Flow(date(2025, 1, 1), LOW, None, 30)]
    result = pa.cream_skimming(pa.by_profile(flows, []))
    assert result.enrolment.status == TOO_FEW
    assert result.drop_out.status == NOT_FLAGGED


# --- drop-outs -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["negative_experience", "worse_off"])
def test_reasons_that_suggest_harm(kind):
    assert pa.suggests_harm(kind)


@pytest.mark.parametrize("kind", ["moved", "declined", "no_longer_needed", "other_support",
                                  "practical", "unknown", "other"])
def test_other_reasons_do_not_suggest_harm(kind):
    assert not pa.suggests_harm(kind)


def test_possible_harm_stays_open_until_both_date_and_finding_are_recorded():
    assert pa.harm_open(True, None, "")
    assert pa.harm_open(True, date(2025, 3, 1), "  ")
    assert pa.harm_open(True, None, "Talked to the family")
    assert not pa.harm_open(True, date(2025, 3, 1), "Moved for work; no harm")
    assert not pa.harm_open(False, None, "")


def test_labels_cover_every_code_of_the_schema():
    from models import follow_up

    assert tuple(pa.RISK_PROFILE_LABELS) == follow_up.RISK_PROFILES == pa.RISK_PROFILES
    assert tuple(pa.DROP_OUT_REASON_LABELS) == follow_up.DROP_OUT_REASONS
    assert tuple(pa.DECISION_LABELS) == follow_up.DECISIONS
    assert tuple(pa.PROMPT_LABELS) == follow_up.PROMPTS
    assert pa.HARM_REASONS <= set(follow_up.DROP_OUT_REASONS)


# --- indicator values -----------------------------------------------------------------------------


def test_the_latest_actual_value_up_to_a_date():
    points = [Point(date(2025, 1, 1), D("10"), D("8")), Point(date(2025, 4, 1), D("10"), None),
              Point(date(2025, 7, 1), D("12"), D("13"))]
    assert pa.latest_actual(points) == points[2]
    assert pa.latest_actual(points, date(2025, 6, 30)) == points[0]
    assert pa.latest_actual(points, date(2024, 12, 31)) is None


def test_sums_over_a_half_year_with_difference_and_share():
    points = [Point(date(2025, 1, 1), D("10"), D("8")), Point(date(2025, 4, 1), D("10"), None),
              Point(date(2025, 7, 1), D("12"), D("13"))]
    first = pa.sums(points, date(2025, 1, 1), date(2025, 6, 30))
    assert (first.planned, first.actual, first.reported) == (D("20"), D("8"), 1)
    assert first.difference == D("-12")
    assert first.share_of_planned == D("0.4")
    empty = pa.sums(points, date(2026, 1, 1), date(2026, 6, 30))
    assert (empty.planned, empty.actual, empty.difference, empty.share_of_planned) == (
        None, None, None, None)


# --- periods, half-years and the schedule ------------------------------------------------------


def test_a_period_is_named_by_the_first_of_a_month():
    assert pa.is_period_start(date(2025, 4, 1))
    assert not pa.is_period_start(date(2025, 4, 2))


@pytest.mark.parametrize(("today", "expected"), [
    (date(2025, 1, 1), (2024, 2)),
    (date(2025, 6, 30), (2024, 2)),
    (date(2025, 7, 1), (2025, 1)),
    (date(2025, 12, 31), (2025, 1)),
])
def test_the_last_completed_half_year(today, expected):
    assert pa.last_completed_half_year(today) == expected


def test_half_year_bounds_and_membership():
    assert pa.half_year_bounds(2025, 1) == (date(2025, 1, 1), date(2025, 6, 30))
    assert pa.half_year_bounds(2025, 2) == (date(2025, 7, 1), date(2025, 12, 31))
    assert pa.half_year_of(date(2025, 6, 30)) == (2025, 1)
    assert pa.half_year_of(date(2025, 7, 1)) == (2025, 2)
    with pytest.raises(ValueError):
        pa.half_year_bounds(2025, 3)


def test_a_planned_check_in_is_held_overdue_or_upcoming():
    today = date(2025, 5, 10)
    assert pa.check_in_status(date(2025, 5, 1), True, today) == pa.HELD
    assert pa.check_in_status(date(2025, 5, 9), False, today) == pa.OVERDUE
    assert pa.check_in_status(date(2025, 5, 10), False, today) == pa.UPCOMING
    assert pa.check_in_status(date(2025, 6, 1), True, today) == pa.HELD
    # With the signal's grace, a check-in just past its date is due, not yet overdue.
    assert pa.check_in_status(date(2025, 4, 26), False, today, grace_days=14) == pa.DUE
    assert pa.check_in_status(date(2025, 4, 25), False, today, grace_days=14) == pa.OVERDUE


def test_shares_and_scores_are_averaged_over_a_half_year_and_counts_summed():
    points = [pa.Point(date(2026, m, 1), D(75), D(a)) for m, a in ((1, 70), (2, 80), (3, 81))]
    points.append(pa.Point(date(2026, 4, 1), D(75), None))  # not reported yet
    summed = pa.sums(points, date(2026, 1, 1), date(2026, 6, 30))
    averaged = pa.sums(points, date(2026, 1, 1), date(2026, 6, 30), mean=True)
    assert (summed.planned, summed.actual, summed.reported) == (D(300), D(231), 3)
    assert (averaged.planned, averaged.actual, averaged.reported) == (D(75), D(77), 3)
    assert pa.sums([], mean=True).actual is None
    assert {"percent", "score"} == pa.AVERAGED_UNITS
