"""Effects, success and the follow-up status (models.domain.results; FORMAT.md, *Effect*)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.domain.results import (
    DANGER,
    OK,
    WARNING,
    ResultInput,
    change_between,
    evaluate,
    evaluate_all,
    follow_up_status,
    reaches,
)


def test_the_guides_truancy_table():
    """Guide, section 7: decreases of 30, 40 and 60 % against 12, 15 and 25 % in the control
    group give effects of 18, 25 and 35 percentage points. Every goal (−25, −40, −50 %) is met
    within the intervention group, none by the effect. The guide still judges the initiative a
    success: with success criteria agreed separately from the goals (here, illustratively, 15,
    20 and 30 percentage points), every effect reaches its criterion."""
    table = [
        ResultInput("franvaro-alla", D("-0.30"), D("-0.12"), goal=D("-0.25"),
                    min_effect=D("-0.15")),
        ResultInput("franvaro-hog", D("-0.40"), D("-0.15"), goal=D("-0.40"),
                    min_effect=D("-0.20")),
        ResultInput("ej-fullfoljt", D("-0.60"), D("-0.25"), goal=D("-0.50"),
                    min_effect=D("-0.30")),
    ]
    rows = evaluate_all(table)
    assert [row.effect for row in rows] == [D("-0.18"), D("-0.25"), D("-0.35")]
    assert [row.goal_met_in_group for row in rows] == [True, True, True]
    assert [row.goal_met_by_effect for row in rows] == [False, False, False]
    assert [row.success for row in rows] == [True, True, True]


def test_success_follows_the_sign_of_the_criterion():
    assert evaluate(ResultInput("i", D("0.30"), D("0.10"), min_effect=D("0.20"))).success
    assert not evaluate(ResultInput("i", D("0.25"), D("0.10"), min_effect=D("0.20"))).success
    assert evaluate(ResultInput("i", D("-0.30"), D("-0.10"), min_effect=D("-0.20"))).success
    assert not evaluate(ResultInput("i", D("-0.25"), D("-0.10"), min_effect=D("-0.20"))).success


def test_exactly_at_the_criterion_is_a_success():
    assert evaluate(ResultInput("i", D("-0.35"), D("-0.15"), min_effect=D("-0.20"))).success


def test_without_a_criterion_or_a_comparison_nothing_is_judged():
    row = evaluate(ResultInput("i", D("-0.30"), D("-0.10")))
    assert (row.effect, row.success, row.goal_met_in_group) == (D("-0.20"), None, None)
    row = evaluate(ResultInput("i", D("-0.30"), None, goal=D("-0.25"), min_effect=D("-0.1")))
    assert (row.effect, row.success, row.goal_met_in_group, row.goal_met_by_effect) == (
        None, None, True, None)


def test_a_target_of_zero_is_reached_only_by_zero():
    assert reaches(D(0), D(0))
    assert not reaches(D("0.01"), D(0))
    assert not reaches(D("-0.01"), D(0))


def test_difference_in_differences_from_levels():
    # 40 % truant before, 28 % after; the comparison group 40 % → 35 %.
    treated = change_between(D("0.40"), D("0.28"), relative=False)
    control = change_between(D("0.40"), D("0.35"), relative=False)
    assert evaluate(ResultInput("i", treated, control)).effect == D("-0.07")
    assert change_between(D("0.40"), D("0.28"), relative=True) == D("-0.3")
    with pytest.raises(ValueError):
        change_between(D(0), D("0.1"), relative=True)


@given(st.decimals(min_value=-1, max_value=1, places=3),
       st.decimals(min_value=-1, max_value=1, places=3),
       st.decimals(min_value=-1, max_value=1, places=3))
def test_a_larger_effect_in_the_criterions_direction_never_loses_success(change, control, bar):
    row = evaluate(ResultInput("i", change, control, min_effect=bar))
    step = D("0.01") if bar >= 0 else D("-0.01")
    better = evaluate(ResultInput("i", change + step, control, min_effect=bar))
    if row.success and bar != 0:
        assert better.success


@pytest.mark.parametrize(("reached", "spent", "status"), [
    ("0.50", "0.50", OK),
    ("0.40", "0.50", OK),       # 10 points behind: still ok
    ("0.40", "0.55", WARNING),
    ("0.30", "0.55", WARNING),  # 25 points behind: the last warning
    ("0.20", "0.55", DANGER),
    ("0.90", "0.10", OK),
])
def test_follow_up_status(reached, spent, status):
    assert follow_up_status(D(reached), D(spent)) == status


def test_follow_up_status_refuses_shares_outside_0_to_1():
    with pytest.raises(ValueError):
        follow_up_status(D("1.2"), D("0.5"))
