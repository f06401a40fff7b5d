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
* Changes may be computed from absolute levels before and after (``changes_from_levels``):
  relative (a share of the level before) or absolute (the difference; percentage points for a
  share). They are kept with four decimals (0.01 percentage point), as stored.
* A success criterion in an indicator's own unit (ten fewer pupils) cannot be compared with a
  difference of relative changes; with the levels known, the effect in that unit is the
  difference-in-differences of the levels themselves (``level_effect``) and the criterion is
  judged against it (``ResultInput.criterion_in_unit``).
* The follow-up status compares the share of the targets reached with the share of the budget
  spent: an initiative that has spent far more of its money than it has reached of its targets
  is flagged for the steering group.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

from models.domain import economics as ec

ZERO = Decimal(0)
#: Changes and levels are kept with four decimals (a fraction: 0.01 percentage point).
PLACES = Decimal("0.0001")
#: The largest change accepted, in absolute terms, as a fraction (±1 000 %).
MAX_CHANGE = Decimal(10)
RELATIVE = "relative"
ABSOLUTE = "absolute"
CHANGE_KINDS = (RELATIVE, ABSOLUTE)

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


def rounded(value: Decimal) -> Decimal:
    """``value`` with four decimals, rounded half up, as a change is stored."""
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Levels:
    """Absolute levels before and after; the comparison group's may be missing."""

    intervention_before: Decimal
    intervention_after: Decimal
    comparison_before: Decimal | None = None
    comparison_after: Decimal | None = None

    @property
    def has_comparison(self) -> bool:
        return self.comparison_before is not None and self.comparison_after is not None


def changes_from_levels(levels: Levels, *, relative: bool) -> tuple[Decimal, Decimal | None]:
    """The intervention and comparison groups' changes (the latter None without its levels),
    rounded to four decimals. ``ValueError`` for a relative change from a level of 0."""
    with localcontext() as context:
        context.prec = 50
        treated = change_between(levels.intervention_before, levels.intervention_after,
                                 relative=relative)
        control = None
        if levels.has_comparison:
            control = change_between(levels.comparison_before, levels.comparison_after,
                                     relative=relative)
    return rounded(treated), None if control is None else rounded(control)


def level_effect(levels: Levels) -> Decimal | None:
    """The difference-in-differences of the levels, in their own unit (None without the
    comparison group's levels): (after − before) in the intervention group minus the same in
    the comparison group."""
    if not levels.has_comparison:
        return None
    return ((levels.intervention_after - levels.intervention_before)
            - (levels.comparison_after - levels.comparison_before))


def suggested_goal(baseline: Decimal | None, target: Decimal | None, *, relative: bool,
                   percent: bool) -> Decimal | None:
    """The change from an indicator's baseline to its target, as a goal for the intervention
    group: relative (a share of the baseline), or absolute for an indicator in per cent
    (percentage points, as a fraction: 8 % → 6 % is −0.02). None when it cannot be made
    (no baseline or target, no change, a relative change from 0, or an absolute change of an
    indicator that is not a share). Baseline and target are in per cent for a share (55 = 55 %),
    as the logic model keeps them."""
    if baseline is None or target is None or baseline == target:
        return None
    if relative:
        if baseline == 0:
            return None
        with localcontext() as context:
            context.prec = 50
            return rounded((target - baseline) / baseline)
    if not percent:
        return None
    return rounded((target - baseline) / 100)


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
    #: The criterion is in the indicator's own unit, not a fraction: it is judged against
    #: ``unit_effect`` (and not judged without it).
    criterion_in_unit: bool = False
    #: The effect in the indicator's own unit (``level_effect``), when the levels are known.
    unit_effect: Decimal | None = None


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
    #: The effect in the indicator's own unit, when the levels are known.
    unit_effect: Decimal | None = None
    #: Whether success was judged against ``unit_effect`` (a criterion in the indicator's unit).
    criterion_in_unit: bool = False


def evaluate(item: ResultInput) -> ResultRow:
    effect = (None if item.comparison_change is None
              else item.intervention_change - item.comparison_change)
    judged = item.unit_effect if item.criterion_in_unit else effect
    success = (None if judged is None or item.min_effect is None
               else reaches(judged, item.min_effect))
    in_group = None if item.goal is None else reaches(item.intervention_change, item.goal)
    by_effect = None if item.goal is None or effect is None else reaches(effect, item.goal)
    return ResultRow(item.indicator, item.intervention_change, item.comparison_change, item.goal,
                     item.min_effect, effect, success, in_group, by_effect, item.unit_effect,
                     item.criterion_in_unit)


def evaluate_all(items: list[ResultInput] | tuple[ResultInput, ...]) -> tuple[ResultRow, ...]:
    return tuple(evaluate(item) for item in items)


@dataclass(frozen=True)
class ResultSummary:
    """How many indicators have a result, and of those how many goals and criteria were met."""

    results: int
    goals: int
    goals_met_in_group: int
    goals_met_by_effect: int
    #: Results whose success could be judged (a criterion and an effect to judge it by).
    judged: int
    successes: int

    @property
    def every_goal_in_group_only(self) -> bool:
        """The guide's truancy case: every goal met within the group, none by the effect."""
        return (self.goals > 0 and self.goals_met_in_group == self.goals
                and self.goals_met_by_effect == 0)


def summarise(rows: Iterable[ResultRow]) -> ResultSummary:
    rows = tuple(rows)
    return ResultSummary(
        results=len(rows),
        goals=sum(1 for r in rows if r.goal is not None),
        goals_met_in_group=sum(1 for r in rows if r.goal_met_in_group),
        goals_met_by_effect=sum(1 for r in rows if r.goal_met_by_effect),
        judged=sum(1 for r in rows if r.success is not None),
        successes=sum(1 for r in rows if r.success),
    )


def budget_at_actual_cost(budget: Sequence[ec.BudgetLine], actual: Decimal, start_year: int
                          ) -> tuple[ec.BudgetLine, ...]:
    """The budget lines scaled so that they add up to the ``actual`` cost, keeping each line's
    year and actor (so the discounting and the split per actor follow the plan). Each line gets
    its share in whole öre, the öre left over going to the lines with the largest remainders
    (ties: the earlier line), so the sum is exactly ``actual`` and no line is negative. Without
    budget lines (or with lines summing to 0) the actual cost is one line of the category
    "other" in ``start_year``, borne by "other"."""
    total = sum((Decimal(line.amount) for line in budget), ZERO)
    if total <= 0:
        return (ec.BudgetLine("other", "other", start_year, actual),) if actual else ()
    with localcontext(ec.CONTEXT):
        ore = int((actual / ec.ORE).to_integral_value(rounding=ROUND_HALF_UP))
        exact = [Decimal(line.amount) * ore / total for line in budget]
        whole = [int(share.to_integral_value(rounding=ROUND_FLOOR)) for share in exact]
        left = ore - sum(whole)
        order = sorted(range(len(budget)), key=lambda i: (-(exact[i] - whole[i]), i))
        for index in order[:left]:
            whole[index] += 1
    return tuple(ec.BudgetLine(line.category, line.actor, line.year, Decimal(cents) * ec.ORE,
                               line.note)
                 for line, cents in zip(budget, whole, strict=True))


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


__all__ = ["ABSOLUTE", "CHANGE_KINDS", "DANGER", "MAX_CHANGE", "OK", "PLACES", "RELATIVE",
           "STATUSES", "WARNING", "Levels", "ResultInput", "ResultRow", "ResultSummary",
           "budget_at_actual_cost", "change_between", "changes_from_levels", "evaluate",
           "evaluate_all", "follow_up_status", "level_effect", "reaches", "rounded",
           "suggested_goal", "summarise"]
