"""Effects, success and the follow-up status (models.domain.results; FORMAT.md, *Effect*)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.domain import economics as ec
from models.domain.results import (
    DANGER,
    OK,
    WARNING,
    Levels,
    ResultInput,
    budget_at_actual_cost,
    change_between,
    changes_from_levels,
    evaluate,
    evaluate_all,
    follow_up_status,
    level_effect,
    reaches,
    suggested_goal,
    summarise,
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


# --- levels, suggested goals, criteria in the indicator's unit, the summary --------------------


def test_changes_from_levels_are_rounded_to_four_decimals_as_stored():
    levels = Levels(D("45"), D("20"), D("45"), D("40"))
    assert changes_from_levels(levels, relative=True) == (D("-0.5556"), D("-0.1111"))
    assert changes_from_levels(levels, relative=False) == (D("-25"), D("-5"))
    assert level_effect(levels) == D("-20")
    alone = Levels(D("0.40"), D("0.28"))
    assert changes_from_levels(alone, relative=True) == (D("-0.3"), None)
    assert level_effect(alone) is None
    with pytest.raises(ValueError):
        changes_from_levels(Levels(D("0.1"), D("0.2"), D(0), D("0.1")), relative=True)


@pytest.mark.parametrize(("baseline", "target", "relative", "percent", "goal"), [
    ("8", "6", True, True, D("-0.25")),      # the guide's −25 %
    ("70", "42", True, True, D("-0.4")),     # −40 %
    ("20", "10", True, True, D("-0.5")),     # −50 %
    ("8", "6", False, True, D("-0.02")),     # two percentage points
    ("45", "25", True, False, D("-0.4444")),
    ("45", "25", False, False, None),        # an absolute change needs a share
    ("0", "5", True, True, None),            # no relative change from 0
    ("8", "8", True, True, None),            # no change, no goal
    (None, "6", True, True, None),
])
def test_the_goal_suggested_from_baseline_and_target(baseline, target, relative, percent, goal):
    value = suggested_goal(None if baseline is None else D(baseline), D(target),
                           relative=relative, percent=percent)
    assert value == goal


def test_a_criterion_in_the_indicators_unit_is_judged_against_the_levels_effect():
    """Ten fewer pupils needing an extra year is the criterion; the effect in pupils comes from
    the levels (45 → 20 against 45 → 40: 20 fewer), not from the relative changes."""
    row = evaluate(ResultInput("i10", D("-0.5556"), D("-0.1111"), min_effect=D("-10"),
                               criterion_in_unit=True, unit_effect=D("-20")))
    assert (row.effect, row.unit_effect, row.success) == (D("-0.4445"), D("-20"), True)
    short = evaluate(ResultInput("i10", D("-0.5556"), D("-0.1111"), min_effect=D("-10"),
                                 criterion_in_unit=True, unit_effect=D("-5")))
    assert short.success is False
    # Without the levels such a criterion is not judged (comparing −0.44 with −10 would say
    # "not reached" for any relative change).
    unknown = evaluate(ResultInput("i10", D("-0.5556"), D("-0.1111"), min_effect=D("-10"),
                                   criterion_in_unit=True))
    assert unknown.success is None and unknown.effect == D("-0.4445")


def test_the_summary_tells_the_truancy_case_apart():
    rows = evaluate_all([
        ResultInput("a", D("-0.30"), D("-0.12"), goal=D("-0.25"), min_effect=D("-0.15")),
        ResultInput("b", D("-0.40"), D("-0.15"), goal=D("-0.40"), min_effect=D("-0.20")),
        ResultInput("c", D("-0.60"), D("-0.25"), goal=D("-0.50"), min_effect=D("-0.30")),
    ])
    summary = summarise(rows)
    assert (summary.results, summary.goals, summary.goals_met_in_group,
            summary.goals_met_by_effect, summary.judged, summary.successes) == (3, 3, 3, 0, 3, 3)
    assert summary.every_goal_in_group_only
    mixed = summarise(evaluate_all([
        ResultInput("a", D("-0.30"), D("-0.02"), goal=D("-0.25"), min_effect=D("-0.15")),
        ResultInput("b", D("-0.10"), None, goal=D("-0.40")),
    ]))
    assert (mixed.goals_met_in_group, mixed.goals_met_by_effect, mixed.judged,
            mixed.successes) == (1, 1, 1, 1)
    assert not mixed.every_goal_in_group_only


def test_the_budget_scaled_to_the_actual_cost_sums_exactly_and_keeps_years_and_actors():
    budget = (ec.BudgetLine("staff", "bun", 2024, D("333333.33")),
              ec.BudgetLine("staff", "soc", 2025, D("333333.33")),
              ec.BudgetLine("material", "bun", 2026, D("333333.34")))
    scaled = budget_at_actual_cost(budget, D("800000.00"), 2024)
    assert sum(line.amount for line in scaled) == D("800000.00")
    assert [(line.category, line.actor, line.year) for line in scaled] == [
        (line.category, line.actor, line.year) for line in budget]
    # 266 666.664, .664 and .672 kr: whole öre 266 666.66, .66 and .67, and the öre left
    # over goes to the largest remainder, the first line's (a tie with the second).
    assert [line.amount for line in scaled] == [D("266666.67"), D("266666.66"),
                                                D("266666.67")]
    # Many small lines and a tiny actual cost: still exact, none negative.
    tiny = budget_at_actual_cost(tuple(ec.BudgetLine("staff", "soc", 2024, D(1))
                                       for _ in range(8)), D("0.04"), 2024)
    assert sum(line.amount for line in tiny) == D("0.04")
    assert all(line.amount >= 0 for line in tiny)
    assert budget_at_actual_cost((), D("500000"), 2024) == (
        ec.BudgetLine("other", "other", 2024, D("500000")),)
    assert budget_at_actual_cost((), D("0"), 2024) == ()


@given(st.lists(st.decimals(min_value=0, max_value=10_000_000, places=2), min_size=1,
                max_size=8),
       st.decimals(min_value=0, max_value=50_000_000, places=2))
def test_a_scaled_budget_always_sums_to_the_actual_cost(amounts, actual):
    budget = tuple(ec.BudgetLine("staff", "soc", 2024 + i, a) for i, a in enumerate(amounts))
    scaled = budget_at_actual_cost(budget, actual, 2024)
    if sum(amounts) > 0:
        assert sum(line.amount for line in scaled) == actual
        assert all(line.amount >= 0 for line in scaled)
        assert len(scaled) == len(budget)
