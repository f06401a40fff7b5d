"""Evaluation results and follow-up status (guide, sections 6 and 7; FORMAT.md, *Effect*).

* ``effect = intervention_change − comparison_change`` (FORMAT.md). Changes are signed fractions
  (−0.30 for "decreased by 30 %"); they may be relative changes, as in the guide's truancy table,
  or differences of absolute levels (difference-in-differences, ``change_between``).
* A value *reaches* a signed target when it lies at or beyond it in the target's direction:
  ``value ≤ target`` for a negative target, ``value ≥ target`` for a positive one, and
  ``value = 0`` for a target of 0.
* ``success`` is whether the effect reaches the agreed success criterion (``min_effect``); the
  goal (the change hoped for within the intervention group) is judged separately. The guide's
  truancy evaluation shows why both are needed: every goal is met within the intervention group,
  no goal is met by the effect, and the initiative is still judged a success because the effects
  reach what was agreed as success.
* The follow-up status compares the share of the targets reached with the share of the budget
  spent: an initiative that has spent far more of its money than it has reached of its targets
  is flagged for the steering group.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)

OK = "ok"
WARNING = "warning"
DANGER = "danger"
STATUSES = (OK, WARNING, DANGER)
#: Default thresholds of the follow-up status: how far (in shares) the budget spent may run
#: ahead of the targets reached before the status becomes a warning, then danger.
WARNING_GAP = Decimal("0.10")
DANGER_GAP = Decimal("0.25")


def reaches(value: Decimal, target: Decimal) -> bool:
    """Whether ``value`` lies at or beyond the signed ``target`` in its direction."""
    if target < 0:
        return value <= target
    if target > 0:
        return value >= target
    return value == 0


def change_between(before: Decimal, after: Decimal, *, relative: bool) -> Decimal:
    """The change from ``before`` to ``after``: relative (a fraction of ``before``) or absolute.
    A relative change from 0 is not defined (``ValueError``)."""
    if not relative:
        return after - before
    if before == 0:
        raise ValueError("a relative change from 0 is not defined")
    return (after - before) / before


@dataclass(frozen=True)
class ResultInput:
    indicator: str
    intervention_change: Decimal
    #: None when there is no comparison group (then no effect can be estimated).
    comparison_change: Decimal | None
    #: The change hoped for within the intervention group (signed), if any.
    goal: Decimal | None = None
    #: The agreed success criterion: the smallest effect that counts as success (signed).
    min_effect: Decimal | None = None


@dataclass(frozen=True)
class ResultRow:
    indicator: str
    intervention_change: Decimal
    comparison_change: Decimal | None
    goal: Decimal | None
    min_effect: Decimal | None
    effect: Decimal | None
    #: The effect reaches the success criterion; None without a criterion or an effect.
    success: bool | None
    #: The intervention group's own change reaches the goal; None without a goal.
    goal_met_in_group: bool | None
    #: The effect (not the group's change) reaches the goal; None without a goal or an effect.
    goal_met_by_effect: bool | None


def evaluate(item: ResultInput) -> ResultRow:
    effect = (None if item.comparison_change is None
              else item.intervention_change - item.comparison_change)
    success = (None if effect is None or item.min_effect is None
               else reaches(effect, item.min_effect))
    in_group = None if item.goal is None else reaches(item.intervention_change, item.goal)
    by_effect = None if item.goal is None or effect is None else reaches(effect, item.goal)
    return ResultRow(item.indicator, item.intervention_change, item.comparison_change, item.goal,
                     item.min_effect, effect, success, in_group, by_effect)


def evaluate_all(items: list[ResultInput] | tuple[ResultInput, ...]) -> tuple[ResultRow, ...]:
    return tuple(evaluate(item) for item in items)


def follow_up_status(targets_reached: Decimal, budget_spent: Decimal, *,
                     warning_gap: Decimal = WARNING_GAP,
                     danger_gap: Decimal = DANGER_GAP) -> str:
    """OK while the share of the budget spent runs at most ``warning_gap`` ahead of the share of
    the targets reached, a warning up to ``danger_gap`` ahead, danger beyond it. Shares are
    fractions of 0–1 (``ValueError`` outside)."""
    for name, share in (("targets_reached", targets_reached), ("budget_spent", budget_spent)):
        if not ZERO <= share <= 1:
            raise ValueError(f"{name} must be a share between 0 and 1")
    if not ZERO <= warning_gap <= danger_gap:
        raise ValueError("the gaps must satisfy 0 ≤ warning_gap ≤ danger_gap")
    gap = budget_spent - targets_reached
    if gap <= warning_gap:
        return OK
    if gap <= danger_gap:
        return WARNING
    return DANGER


__all__ = ["DANGER", "OK", "STATUSES", "WARNING", "ResultInput", "ResultRow", "change_between",
           "evaluate", "evaluate_all", "follow_up_status", "reaches"]
