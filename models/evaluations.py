"""Reading and writing a project's evaluation (guide, section 7; SPEC 3.9), and assembling the
evaluation page, the final report (*slutrapport*) and their Excel sheets from one place.

Units. Changes, goals and effects are signed fractions (−0.30 for "decreased by 30 %", or by 30
percentage points for an absolute change). Levels are fractions for an indicator in per cent
(0.08 = 8 %) and in the indicator's own unit otherwise. A relative change is a share of the level
before; an absolute change is the difference of the levels and is offered only for an indicator
in per cent (a difference of shares, in percentage points), so that every change is a fraction
within ±10 (±1 000 %).

Results given as levels keep the levels and store the changes computed from them
(``models.domain.results.changes_from_levels``, four decimals). The effect, whether it reaches
the agreed success criterion (``IndicatorExpectation.min_effect``) and whether the goal was met
within the group and by the effect are derived (``models.domain.results.evaluate``), never
stored. A criterion of an indicator in per cent is a fraction and is compared with the effect
(FORMAT.md, *Effect*); a criterion in another unit (ten fewer pupils) is compared with the
difference-in-differences of the levels in that unit, and is not judged without the levels.

Every write checks each value first and raises ``EvaluationRefused`` (naming the form field)
before anything changes, so a refused write leaves everything as it was. A write based on an
older version than the one stored is refused with ``STALE``. Functions flush, never commit; the
session's audit trail records every change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models import costs
from models.design import EvaluationPlan, IndicatorExpectation
from models.domain import N_, designs
from models.domain import economics as ec
from models.domain import results as rs
from models.evaluation import (
    METHODS,
    VERDICTS,
    ComponentAssessment,
    EvaluationResult,
    ProjectEvaluation,
    Stakeholder,
)
from models.evaluation_plans import comparison_details, outcome_indicators
from models.implementation import ImplementationPlan
from models.logic_model import LogicElement, LogicIndicator
from models.project import Project

STALE = N_("Someone else changed this while you were working on it. Nothing was saved; check "
           "the current values and try again.")

METHOD_LABELS: Mapping[str, str] = {
    "interview": N_("Interview"),
    "focus_group": N_("Focus group"),
    "observation": N_("Observation"),
    "document_review": N_("Document review"),
    "survey": N_("Survey"),
    "other": N_("Other method"),
}
VERDICT_LABELS: Mapping[str, str] = {
    "decisive": N_("Decisive"),
    "superfluous": N_("Superfluous"),
    "counterproductive": N_("Counter-productive"),
    "undetermined": N_("Not yet determined"),
}
CHANGE_KIND_LABELS: Mapping[str, str] = {
    rs.RELATIVE: N_("Relative: per cent of the level before"),
    rs.ABSOLUTE: N_("Absolute: percentage points (an indicator in per cent)"),
}
#: How a result is given: the changes themselves, or the levels before and after.
CHANGES = "changes"
LEVELS = "levels"
SOURCES = (CHANGES, LEVELS)
SOURCE_LABELS: Mapping[str, str] = {
    CHANGES: N_("The changes in per cent (or percentage points)"),
    LEVELS: N_("The levels before and after (difference-in-differences)"),
}

#: The implementation plan's rollout and financing, as the final report names them.
ROLLOUT_LABELS: Mapping[str, str] = {
    "all_at_once": N_("All at once"),
    "phased": N_("In phases"),
}
FINANCING_KIND_LABELS: Mapping[str, str] = {
    "within_frames": N_("Within the budget frames"),
    "additional": N_("Additional financing"),
    "mixed": N_("Partly within the frames, partly additional"),
}

MAX_TEXT = 5000
MAX_NAME = 200
#: The largest group size accepted.
MAX_GROUP = 10_000_000
#: The longest period a cost change may be observed over (50 years).
MAX_MONTHS = 600
MAX_AMOUNT = costs.MAX_AMOUNT
#: Largest level (in absolute terms) every supported database keeps exactly.
LEVEL_LIMIT = Decimal("10000000000")


class EvaluationRefused(Exception):
    """A write that is not allowed; ``field`` names the form field (None: the whole form),
    ``message`` is a msgid with ``params``."""

    def __init__(self, field: str | None, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.field = field
        self.message = message
        self.params = params


# --- Reading --------------------------------------------------------------------------------


def results_of(session: Session, project: Project) -> list[EvaluationResult]:
    if project.id is None:
        return []
    return list(session.scalars(
        select(EvaluationResult).where(EvaluationResult.project_id == project.id)
        .options(selectinload(EvaluationResult.indicator)).order_by(EvaluationResult.id)))


def result_by_id(session: Session, project: Project, result_id: int) -> EvaluationResult | None:
    return session.scalar(select(EvaluationResult).where(
        EvaluationResult.project_id == project.id, EvaluationResult.id == result_id))


def stakeholders_of(session: Session, project: Project) -> list[Stakeholder]:
    if project.id is None:
        return []
    return list(session.scalars(select(Stakeholder).where(Stakeholder.project_id == project.id)
                                .order_by(Stakeholder.position, Stakeholder.id)))


def stakeholder_by_id(session: Session, project: Project, stakeholder_id: int
                      ) -> Stakeholder | None:
    return session.scalar(select(Stakeholder).where(Stakeholder.project_id == project.id,
                                                    Stakeholder.id == stakeholder_id))


def components_of(session: Session, project: Project) -> list[ComponentAssessment]:
    if project.id is None:
        return []
    return list(session.scalars(
        select(ComponentAssessment).where(ComponentAssessment.project_id == project.id)
        .options(selectinload(ComponentAssessment.element))
        .order_by(ComponentAssessment.position, ComponentAssessment.id)))


def component_by_id(session: Session, project: Project, component_id: int
                    ) -> ComponentAssessment | None:
    return session.scalar(select(ComponentAssessment).where(
        ComponentAssessment.project_id == project.id, ComponentAssessment.id == component_id))


def evaluation_of(session: Session, project: Project) -> ProjectEvaluation | None:
    if project.id is None:
        return None
    return session.scalar(select(ProjectEvaluation)
                          .where(ProjectEvaluation.project_id == project.id))


def activities(project: Project) -> list[LogicElement]:
    """The logic model's activities, in the model's order: the components offered."""
    return sorted((e for e in project.logic_elements if e.level == "activity"),
                  key=lambda e: (e.position, e.id))


def _expectations(session: Session, project: Project) -> dict[int, IndicatorExpectation]:
    if project.id is None:
        return {}
    return {row.indicator_id: row for row in session.scalars(
        select(IndicatorExpectation).where(IndicatorExpectation.project_id == project.id))}


def _plan(session: Session, project: Project) -> EvaluationPlan | None:
    if project.id is None:
        return None
    return session.scalar(select(EvaluationPlan).where(EvaluationPlan.project_id == project.id))


# --- Checking values ------------------------------------------------------------------------


def _text(value: str | None, field: str, *, limit: int = MAX_TEXT,
          required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise EvaluationRefused(field, N_("Enter a text."))
    if len(text) > limit:
        raise EvaluationRefused(field, N_("At most %(n)s characters."), n=limit)
    return text


def _number(value: Any, field: str, *, required: bool) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise EvaluationRefused(field, N_("Enter a number."))
        return None
    if isinstance(value, bool | float):
        raise EvaluationRefused(field, N_("Enter a number."))
    try:
        number = value if isinstance(value, Decimal) else Decimal(
            str(value).strip().replace("\u2212", "-"))
    except (InvalidOperation, ValueError):
        raise EvaluationRefused(field, N_("Enter a number.")) from None
    if not number.is_finite():
        raise EvaluationRefused(field, N_("Enter a number."))
    return number


def _change(value: Any, field: str, *, required: bool) -> Decimal | None:
    """A signed change as a fraction: within ±10 (±1 000 %), at most four decimals."""
    number = _number(value, field, required=required)
    if number is None:
        return None
    if abs(number) > rs.MAX_CHANGE:
        raise EvaluationRefused(field, N_("Enter a change between −1 000 and +1 000 per cent."))
    if number != number.quantize(rs.PLACES):
        raise EvaluationRefused(field, N_("Give the change with at most two decimals in per "
                                          "cent."))
    return number


def _level(value: Any, field: str, *, percent: bool, required: bool) -> Decimal | None:
    number = _number(value, field, required=required)
    if number is None:
        return None
    if percent and not 0 <= number <= 1:
        raise EvaluationRefused(field, N_("Enter a level between 0 and 100 per cent."))
    if abs(number) >= LEVEL_LIMIT:
        raise EvaluationRefused(field, N_("The number is too large."))
    if number != number.quantize(rs.PLACES):
        if percent:
            raise EvaluationRefused(field, N_("Give the level with at most two decimals in "
                                              "per cent."))
        raise EvaluationRefused(field, N_("Give the level with at most four decimals."))
    return number


def _count(value: Any, field: str, *, limit: int = MAX_GROUP,
           minimum: int = 0) -> int | None:
    if value is None or value == "":
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= limit:
        raise EvaluationRefused(field, N_("Enter a whole number from %(low)s to %(high)s."),
                                low=minimum, high=limit)
    return value


def _money(value: Any, field: str, *, signed: bool = False) -> Decimal | None:
    number = _number(value, field, required=False)
    if number is None:
        return None
    if number < 0 and not signed:
        raise EvaluationRefused(field, N_("The value cannot be negative."))
    if abs(number) > MAX_AMOUNT:
        raise EvaluationRefused(field, N_("The value is too large."))
    if number != number.quantize(ec.ORE):
        raise EvaluationRefused(field, N_("Give the amount in kronor with at most two "
                                          "decimals."))
    return number


def _check_version(row: Any, version: int | None) -> None:
    """A row the user edited: ``version`` is the one they saw (None: not said, allowed only
    where the caller has no version to give)."""
    if row is not None and version is not None and version != row.version:
        raise EvaluationRefused(None, STALE)


def _apply(row: Any, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


# --- Results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultValues:
    """A result as entered: the changes, or the levels (in stored units: fractions for an
    indicator in per cent). ``indicator`` (a key) is read when adding only."""

    indicator: str = ""
    source: str = CHANGES
    change_kind: str = rs.RELATIVE
    goal: Any = None
    intervention_change: Any = None
    comparison_change: Any = None
    intervention_before: Any = None
    intervention_after: Any = None
    comparison_before: Any = None
    comparison_after: Any = None
    n_intervention: Any = None
    n_comparison: Any = None
    note: str = ""


def _relative_from_zero(percent: bool) -> str:
    if percent:
        return N_("A relative change from a level of 0 is not defined: choose an absolute "
                  "change (percentage points), or enter the changes.")
    return N_("A relative change from a level of 0 is not defined: enter the changes instead.")


def check_result(indicator: LogicIndicator, values: ResultValues) -> dict[str, Any]:
    """The columns to store for ``values``, or ``EvaluationRefused`` naming the field."""
    percent = indicator.unit == "percent"
    kind = values.change_kind
    if kind not in rs.CHANGE_KINDS:
        raise EvaluationRefused("change_kind", N_("Choose a relative or an absolute change."))
    if kind == rs.ABSOLUTE and not percent:
        raise EvaluationRefused("change_kind", N_(
            "An absolute change is a difference of shares, in percentage points: choose a "
            "relative change for an indicator that is not in per cent."))
    goal = _change(values.goal, "goal", required=False)
    if goal == 0:
        raise EvaluationRefused("goal", N_("Enter a goal other than zero: negative for a "
                                           "decrease, positive for an increase."))
    levels: dict[str, Decimal | None] = dict.fromkeys(
        ("intervention_before", "intervention_after", "comparison_before", "comparison_after"))
    if values.source == CHANGES:
        treated = _change(values.intervention_change, "intervention_change", required=True)
        control = _change(values.comparison_change, "comparison_change", required=False)
    elif values.source == LEVELS:
        for name in levels:
            levels[name] = _level(getattr(values, name), name, percent=percent,
                                  required=name.startswith("intervention"))
        if (levels["comparison_before"] is None) != (levels["comparison_after"] is None):
            missing = ("comparison_before" if levels["comparison_before"] is None
                       else "comparison_after")
            raise EvaluationRefused(missing, N_("Enter both of the comparison group's levels, "
                                                "or neither."))
        relative = kind == rs.RELATIVE
        for group in ("intervention", "comparison"):
            if relative and levels[f"{group}_before"] == 0:
                raise EvaluationRefused(f"{group}_before", _relative_from_zero(percent))
        treated, control = rs.changes_from_levels(rs.Levels(
            levels["intervention_before"], levels["intervention_after"],
            levels["comparison_before"], levels["comparison_after"]), relative=relative)
        for group, change in (("intervention", treated), ("comparison", control)):
            if change is not None and abs(change) > rs.MAX_CHANGE:
                raise EvaluationRefused(f"{group}_after", N_(
                    "These levels give a change beyond ±1 000 per cent; check them."))
    else:
        raise EvaluationRefused("source", N_("Choose how the result is given."))
    return {
        "change_kind": kind, "goal": goal, "intervention_change": treated,
        "comparison_change": control, **levels,
        "n_intervention": _count(values.n_intervention, "n_intervention"),
        "n_comparison": _count(values.n_comparison, "n_comparison"),
        "note": _text(values.note, "note"),
    }


def _outcome_indicator(project: Project, key: str | None) -> LogicIndicator:
    indicator = next((i for i in outcome_indicators(project) if i.key == (key or "").strip()),
                     None)
    if indicator is None:
        raise EvaluationRefused("indicator", N_("Choose an outcome indicator of this "
                                                "initiative's logic model."))
    return indicator


def add_result(session: Session, project: Project, values: ResultValues) -> EvaluationResult:
    """Add the result of one of the project's outcome indicators (one result each)."""
    indicator = _outcome_indicator(project, values.indicator)
    checked = check_result(indicator, values)
    existing = session.scalar(select(EvaluationResult.id)
                              .where(EvaluationResult.indicator_id == indicator.id))
    if existing is not None:
        raise EvaluationRefused("indicator", N_("The indicator %(key)s already has a result; "
                                                "edit it instead."), key=indicator.key)
    row = EvaluationResult(project_id=project.id, indicator=indicator)
    _apply(row, checked)
    session.add(row)
    session.flush()
    return row


def update_result(session: Session, project: Project, row: EvaluationResult,
                  values: ResultValues, *, version: int | None) -> None:
    """Change a result (its indicator stays)."""
    _check_version(row, version)
    if row.indicator not in outcome_indicators(project):
        raise EvaluationRefused(None, N_("The indicator is no longer an outcome indicator of "
                                         "this initiative; delete the result."))
    _apply(row, check_result(row.indicator, values))
    session.flush()


def delete_result(session: Session, row: EvaluationResult, *, version: int | None) -> None:
    _check_version(row, version)
    session.delete(row)
    session.flush()


# --- Stakeholders -------------------------------------------------------------------------


@dataclass(frozen=True)
class StakeholderValues:
    name: str
    connection: str = ""
    method: str = "interview"
    information: str = ""


def _check_stakeholder(values: StakeholderValues) -> dict[str, Any]:
    if values.method not in METHODS:
        raise EvaluationRefused("method", N_("Choose a method."))
    return {"name": _text(values.name, "name", limit=MAX_NAME, required=True),
            "connection": _text(values.connection, "connection"), "method": values.method,
            "information": _text(values.information, "information")}


def add_stakeholder(session: Session, project: Project, values: StakeholderValues
                    ) -> Stakeholder:
    checked = _check_stakeholder(values)
    position = session.scalar(select(func.max(Stakeholder.position))
                              .where(Stakeholder.project_id == project.id))
    row = Stakeholder(project_id=project.id, position=(position or 0) + 1)
    _apply(row, checked)
    session.add(row)
    session.flush()
    return row


def update_stakeholder(session: Session, row: Stakeholder, values: StakeholderValues, *,
                       version: int | None) -> None:
    _check_version(row, version)
    _apply(row, _check_stakeholder(values))
    session.flush()


def delete_stakeholder(session: Session, row: Stakeholder, *, version: int | None) -> None:
    _check_version(row, version)
    session.delete(row)
    session.flush()


# --- Components ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentValues:
    """A component: an activity of the logic model (its key) or a named component of its own;
    the name defaults to the activity's text."""

    element: str | None = None
    name: str = ""
    verdict: str = "undetermined"
    reason: str = ""


def _check_component(session: Session, project: Project, values: ComponentValues,
                     row: ComponentAssessment | None) -> tuple[dict[str, Any],
                                                               LogicElement | None]:
    element = None
    if values.element:
        element = next((e for e in activities(project) if e.key == values.element.strip()),
                       None)
        if element is None:
            raise EvaluationRefused("element", N_("Choose an activity of this initiative's "
                                                  "logic model."))
        taken = session.scalar(select(ComponentAssessment.id).where(
            ComponentAssessment.project_id == project.id,
            ComponentAssessment.element_id == element.id))
        if taken is not None and (row is None or taken != row.id):
            raise EvaluationRefused("element", N_("The activity %(key)s is already assessed; "
                                                  "edit that row instead."), key=element.key)
    name = _text(values.name, "name", limit=MAX_NAME)
    if not name:
        if element is None:
            raise EvaluationRefused("name", N_("Enter a name, or choose an activity."))
        name = element.text.strip()[:MAX_NAME]
    if values.verdict not in VERDICTS:
        raise EvaluationRefused("verdict", N_("Choose a verdict."))
    return {"name": name, "verdict": values.verdict,
            "reason": _text(values.reason, "reason")}, element


def _set_element(row: ComponentAssessment, element: LogicElement | None) -> None:
    wanted = element.id if element is not None else None
    if row.element_id != wanted:
        row.element = element


def add_component(session: Session, project: Project, values: ComponentValues
                  ) -> ComponentAssessment:
    checked, element = _check_component(session, project, values, None)
    position = session.scalar(select(func.max(ComponentAssessment.position))
                              .where(ComponentAssessment.project_id == project.id))
    row = ComponentAssessment(project_id=project.id, position=(position or 0) + 1)
    _apply(row, checked)
    _set_element(row, element)
    session.add(row)
    session.flush()
    return row


def update_component(session: Session, project: Project, row: ComponentAssessment,
                     values: ComponentValues, *, version: int | None) -> None:
    _check_version(row, version)
    checked, element = _check_component(session, project, values, row)
    _apply(row, checked)
    _set_element(row, element)
    session.flush()


def delete_component(session: Session, row: ComponentAssessment, *,
                     version: int | None) -> None:
    _check_version(row, version)
    session.delete(row)
    session.flush()


# --- The evaluation's economics and conclusions --------------------------------------------


@dataclass(frozen=True)
class EconomicsValues:
    actual_cost: Any = None
    #: Negative: costs fell.
    observed_cost_change: Any = None
    observed_months: Any = None
    observed_cost_note: str = ""


@dataclass(frozen=True)
class ConclusionValues:
    #: None while the evaluator has not judged.
    judged_success: bool | None = None
    conclusion: str = ""
    causes: str = ""
    long_term_link: str = ""
    lessons: str = ""
    communication: str = ""
    report_date: date | None = None


def _evaluation_for_write(session: Session, project: Project, version: int | None
                          ) -> ProjectEvaluation:
    """The project's evaluation row, created when missing. ``version`` is the one the user saw;
    None when they saw none stored (then a row someone stored meanwhile is refused)."""
    row = evaluation_of(session, project)
    if row is None:
        row = ProjectEvaluation(project_id=project.id)
        session.add(row)
        return row
    if version != row.version:
        raise EvaluationRefused(None, STALE)
    return row


def save_economics(session: Session, project: Project, values: EconomicsValues, *,
                   version: int | None) -> ProjectEvaluation:
    """The actual cost and the observed change in costs (over a number of months)."""
    checked = {
        "actual_cost": _money(values.actual_cost, "actual_cost"),
        "observed_cost_change": _money(values.observed_cost_change, "observed_cost_change",
                                       signed=True),
        "observed_months": _count(values.observed_months, "observed_months",
                                  limit=MAX_MONTHS, minimum=1),
        "observed_cost_note": _text(values.observed_cost_note, "observed_cost_note"),
    }
    if checked["observed_cost_change"] is not None and checked["observed_months"] is None:
        raise EvaluationRefused("observed_months", N_("Enter the number of months the change "
                                                      "was observed over."))
    row = _evaluation_for_write(session, project, version)
    _apply(row, checked)
    session.flush()
    return row


def save_conclusions(session: Session, project: Project, values: ConclusionValues, *,
                     version: int | None) -> ProjectEvaluation:
    """The evaluator's judgement, conclusions, lessons and the report date."""
    if values.judged_success not in (None, True, False):
        raise EvaluationRefused("judged_success", N_("Choose yes, no or not yet judged."))
    if values.report_date is not None and not isinstance(values.report_date, date):
        raise EvaluationRefused("report_date", N_("Enter a date."))
    checked = {
        "judged_success": values.judged_success,
        **{name: _text(getattr(values, name), name)
           for name in ("conclusion", "causes", "long_term_link", "lessons", "communication")},
        "report_date": values.report_date,
    }
    row = _evaluation_for_write(session, project, version)
    _apply(row, checked)
    session.flush()
    return row


# --- The results table ----------------------------------------------------------------------


@dataclass(frozen=True)
class ResultLine:
    """One outcome indicator of the results table: what was entered, and what follows."""

    indicator_id: int
    key: str
    name: str
    unit: str | None
    #: In per cent for a share (55 = 55 %), as the logic model keeps them.
    baseline: Decimal | None
    target: Decimal | None
    #: The agreed success criterion (a fraction in percentage points for an indicator in per
    #: cent, else in the indicator's unit), from the evaluation plan.
    min_effect: Decimal | None
    #: The goal suggested from the baseline and the target (relative, and absolute for a share).
    suggested_relative: Decimal | None
    suggested_absolute: Decimal | None
    result_id: int | None = None
    version: int | None = None
    change_kind: str = rs.RELATIVE
    levels: rs.Levels | None = None
    n_intervention: int | None = None
    n_comparison: int | None = None
    note: str = ""
    #: The evaluated row (effect, success, goals met); None without a result.
    row: rs.ResultRow | None = None

    @property
    def percent(self) -> bool:
        return self.unit == "percent"

    @property
    def criterion_in_unit(self) -> bool:
        return self.min_effect is not None and not self.percent

    @property
    def from_levels(self) -> bool:
        return self.levels is not None


def _levels_of(row: EvaluationResult) -> rs.Levels | None:
    if row.intervention_before is None or row.intervention_after is None:
        return None
    return rs.Levels(row.intervention_before, row.intervention_after, row.comparison_before,
                     row.comparison_after)


def result_lines(session: Session, project: Project) -> tuple[ResultLine, ...]:
    """Every outcome indicator of the logic model, in the model's order, with its result (if
    any) evaluated against its goal and the agreed success criterion."""
    stored = {row.indicator_id: row for row in results_of(session, project)}
    expectations = _expectations(session, project)
    lines = []
    for indicator in outcome_indicators(project):
        expectation = expectations.get(indicator.id)
        min_effect = expectation.min_effect if expectation is not None else None
        percent = indicator.unit == "percent"
        line = ResultLine(
            indicator_id=indicator.id, key=indicator.key, name=indicator.name,
            unit=indicator.unit, baseline=indicator.baseline, target=indicator.target,
            min_effect=min_effect,
            suggested_relative=rs.suggested_goal(indicator.baseline, indicator.target,
                                                 relative=True, percent=percent),
            suggested_absolute=rs.suggested_goal(indicator.baseline, indicator.target,
                                                 relative=False, percent=percent))
        row = stored.get(indicator.id)
        if row is not None:
            levels = _levels_of(row)
            in_unit = min_effect is not None and not percent
            evaluated = rs.evaluate(rs.ResultInput(
                indicator.key, row.intervention_change, row.comparison_change, goal=row.goal,
                min_effect=min_effect, criterion_in_unit=in_unit,
                unit_effect=(rs.level_effect(levels) if levels is not None and not percent
                             else None)))
            line = replace(line, result_id=row.id, version=row.version,
                           change_kind=row.change_kind, levels=levels,
                           n_intervention=row.n_intervention, n_comparison=row.n_comparison,
                           note=row.note, row=evaluated)
        lines.append(line)
    return tuple(lines)


def observed_effects(lines: tuple[ResultLine, ...]) -> dict[int, Decimal]:
    """The observed effects that can stand in for expected effects on a share (indicator id →
    effect): results of indicators in per cent that have a comparison group."""
    return {line.indicator_id: line.row.effect for line in lines
            if line.percent and line.row is not None and line.row.effect is not None}


# --- The economic evaluation ---------------------------------------------------------------


@dataclass(frozen=True)
class EconomicFigures:
    """One run of the calculation: the design-stage estimate or the observed one."""

    cost_total: Decimal | None = None
    cost_present_value: Decimal | None = None
    benefit_present_value: Decimal | None = None
    net_present_value: Decimal | None = None
    return_per_krona: Decimal | None = None
    #: Reason code when the return is not defined (``models.domain.economics.REASONS``).
    return_reason: str | None = None
    cost_per_effect: Decimal | None = None
    cost_per_effect_reason: str | None = None
    payback_year: int | None = None
    #: The effect the cost per unit of effect divides by (signed fraction), and the people.
    effect: Decimal | None = None
    participants: Decimal | None = None
    #: A msgid with its params when the figures cannot be calculated.
    error: tuple[str, Mapping[str, Any]] | None = None


def _figures(inputs: ec.EconomicsInputs) -> EconomicFigures:
    try:
        result = ec.calculate(inputs)
    except ec.EconomicsError as error:
        return EconomicFigures(effect=inputs.effect, participants=inputs.participants,
                               error=(error.message, dict(error.params)))
    return EconomicFigures(
        cost_total=result.cost_total, cost_present_value=result.cost_present_value,
        benefit_present_value=result.benefit_present_value,
        net_present_value=result.net_present_value, return_per_krona=result.return_per_krona,
        return_reason=result.return_reason, cost_per_effect=result.cost_per_effect,
        cost_per_effect_reason=result.cost_per_effect_reason, payback_year=result.payback_year,
        effect=inputs.effect, participants=inputs.participants)


@dataclass(frozen=True)
class PeopleChange:
    """A benefit line whose people are derived from an effect: expected and observed."""

    benefit: str
    indicator: str | None
    expected_effect: Decimal | None
    expected_people: Decimal | None
    observed_effect: Decimal | None
    observed_people: Decimal | None
    #: Where the observed calculation's effect comes from: "observed" (the line's indicator),
    #: "observed_plan" (the power calculation's indicator), or the expected ("indicator",
    #: "plan") when no result was observed; None when it cannot be derived.
    observed_from: str | None

    @property
    def observed(self) -> bool:
        return self.observed_from in ("observed", "observed_plan")


@dataclass(frozen=True)
class EconomicComparison:
    """The design-stage estimate beside the same calculation with the observed effects and,
    when entered, the actual cost."""

    design: EconomicFigures
    observed: EconomicFigures
    budget_total: Decimal
    actual_cost: Decimal | None
    observed_cost_change: Decimal | None
    observed_months: int | None
    observed_cost_note: str
    people: tuple[PeopleChange, ...]
    #: Observed effects (indicator key → effect) available to the calculation.
    effects: Mapping[str, Decimal]
    #: The indicator the cost per unit of effect concerns (the power calculation's), if any.
    effect_indicator: str | None
    #: Whether that effect is on a share (a fraction in percentage points); else it is in the
    #: indicator's unit (a power calculation on means).
    effect_is_share: bool = True

    @property
    def annual_cost_change(self) -> Decimal | None:
        """The observed change in costs per twelve months."""
        if self.observed_cost_change is None or not self.observed_months:
            return None
        return ec.money(self.observed_cost_change * 12 / Decimal(self.observed_months))

    @property
    def uses_observed_effects(self) -> bool:
        return any(line.observed for line in self.people) or (
            self.observed.effect is not None and self.observed.effect != self.design.effect)

    @property
    def uses_actual_cost(self) -> bool:
        return self.actual_cost is not None


def economic_comparison(session: Session, project: Project,
                        lines: tuple[ResultLine, ...] | None = None) -> EconomicComparison:
    """The design-stage calculation beside the one recomputed with the observed effects in
    place of the expected ones and the actual cost in place of the budget (the budget lines
    scaled to it, keeping their years and actors). The design-stage figures are the
    calculation page's (``models.economics_report.economics_report(...).result``: the same
    inputs, calculated the same way), without its sensitivity analysis."""
    lines = result_lines(session, project) if lines is None else lines
    effects = observed_effects(lines)
    expected = costs.project_costs(session, project)
    loaded = costs.project_costs(session, project, effects=effects)
    inputs = loaded.inputs()
    evaluation = evaluation_of(session, project)
    actual = evaluation.actual_cost if evaluation is not None else None
    if actual is not None:
        inputs = replace(inputs, budget=rs.budget_at_actual_cost(inputs.budget, actual,
                                                                 inputs.start_year))
    people = []
    for line in loaded.benefits:
        if line.people_source != "effect":
            continue
        before = expected.sources.get(line.key)
        observed = loaded.sources.get(line.key)
        people.append(PeopleChange(
            benefit=line.key, indicator=line.indicator.key if line.indicator else None,
            expected_effect=before.effect if before else None,
            expected_people=before.people if before else None,
            observed_effect=observed.effect if observed else None,
            observed_people=observed.people if observed else None,
            observed_from=observed.effect_from if observed else None))
    keys = {line.indicator_id: line.key for line in lines}
    plan = loaded.plan
    power = plan.power_indicator if plan is not None else None
    return EconomicComparison(
        design=_figures(expected.inputs()), observed=_figures(inputs),
        budget_total=sum((b.amount for b in loaded.budget), Decimal(0)), actual_cost=actual,
        observed_cost_change=evaluation.observed_cost_change if evaluation else None,
        observed_months=evaluation.observed_months if evaluation else None,
        observed_cost_note=evaluation.observed_cost_note if evaluation else "",
        people=tuple(people), effects={keys[i]: e for i, e in effects.items() if i in keys},
        effect_indicator=power.key if power is not None else None,
        effect_is_share=plan is None or plan.outcome == "proportion")


# --- The evaluation and the final report as data -------------------------------------------


@dataclass(frozen=True)
class StakeholderLine:
    id: int
    version: int
    name: str
    connection: str
    method: str
    information: str


@dataclass(frozen=True)
class ComponentLine:
    id: int
    version: int
    name: str
    #: The activity of the logic model, when the component is one (key and text).
    element_key: str | None
    element_text: str | None
    verdict: str
    reason: str


@dataclass(frozen=True)
class Conclusions:
    version: int | None = None
    judged_success: bool | None = None
    conclusion: str = ""
    causes: str = ""
    long_term_link: str = ""
    lessons: str = ""
    communication: str = ""
    report_date: date | None = None

    @property
    def empty(self) -> bool:
        return (self.judged_success is None and self.report_date is None
                and not any((self.conclusion, self.causes, self.long_term_link, self.lessons,
                             self.communication)))


@dataclass(frozen=True)
class DesignFacts:
    """The evaluation plan's comparison design, for context."""

    comparison: str | None
    #: What the chosen alternative needs: (label msgid, value) in the alternative's order.
    details: tuple[tuple[str, str], ...]
    n_intervention: int | None
    n_comparison: int | None
    evaluator_kind: str | None
    evaluator: str
    effect_measured_on: date | None

    @property
    def has_comparison_group(self) -> bool:
        return self.comparison not in (None, designs.BEFORE_AFTER)


@dataclass(frozen=True)
class EvaluationData:
    """Everything the evaluation page and the evaluation sheet show."""

    project_key: str
    project_title: str
    design: DesignFacts
    results: tuple[ResultLine, ...]
    summary: rs.ResultSummary
    stakeholders: tuple[StakeholderLine, ...]
    components: tuple[ComponentLine, ...]
    economics: EconomicComparison
    conclusions: Conclusions


def _design_facts(plan: EvaluationPlan | None) -> DesignFacts:
    if plan is None:
        return DesignFacts(None, (), None, None, None, "", None)
    details = comparison_details(plan)
    chosen = designs.alternative(plan.comparison) if plan.comparison in designs.ALTERNATIVE_KEYS \
        else None
    labels = {f.key: f.label for f in chosen.follow_up} if chosen is not None else {}
    return DesignFacts(
        comparison=plan.comparison,
        details=tuple((labels.get(key, key), value) for key, value in details.items() if value),
        n_intervention=plan.n_intervention, n_comparison=plan.n_comparison,
        evaluator_kind=plan.evaluator_kind, evaluator=plan.evaluator or "",
        effect_measured_on=plan.effect_measured_on)


def evaluation_data(session: Session, project: Project) -> EvaluationData:
    """Assemble the evaluation: the results table evaluated, the stakeholder and component
    analyses, the economic comparison and the conclusions (a few queries, no writes)."""
    lines = result_lines(session, project)
    evaluation = evaluation_of(session, project)
    conclusions = Conclusions() if evaluation is None else Conclusions(
        version=evaluation.version, judged_success=evaluation.judged_success,
        conclusion=evaluation.conclusion, causes=evaluation.causes,
        long_term_link=evaluation.long_term_link, lessons=evaluation.lessons,
        communication=evaluation.communication, report_date=evaluation.report_date)
    return EvaluationData(
        project_key=project.key, project_title=project.title,
        design=_design_facts(_plan(session, project)),
        results=lines,
        summary=rs.summarise(line.row for line in lines if line.row is not None),
        stakeholders=tuple(StakeholderLine(s.id, s.version, s.name, s.connection, s.method,
                                           s.information)
                           for s in stakeholders_of(session, project)),
        components=tuple(ComponentLine(c.id, c.version, c.name,
                                       c.element.key if c.element else None,
                                       c.element.text if c.element else None, c.verdict,
                                       c.reason)
                         for c in components_of(session, project)),
        economics=economic_comparison(session, project, lines),
        conclusions=conclusions)


@dataclass(frozen=True)
class GoalLine:
    """An outcome of the logic model (short-term or long-term) with its outcome indicators
    (key, name)."""

    level: str
    key: str
    text: str
    indicators: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ImplementationSummary:
    """The implementation plan in brief (read only here)."""

    annual_cost: Decimal | None
    annual_saving: Decimal | None
    expected_effect: str
    rollout: str
    starts_on: date | None
    ends_on: date | None
    financing_kind: str | None
    replaces: str
    follow_up_date: date | None
    #: (name, units, starts_on, ends_on, coverage) per phase.
    phases: tuple[tuple[str, str, date | None, date | None, Decimal | None], ...]
    #: (actor key, share) per financing actor.
    financing: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class FinalReportData:
    """The final report: the evaluation with the initiative's context."""

    evaluation: EvaluationData
    purpose: str
    need_description: str
    target_description: str
    size_reached: int | None
    start: date | None
    end: date | None
    goals: tuple[GoalLine, ...]
    implementation: ImplementationSummary | None
    #: Every actor's display name by key (departments; outside actors as msgids).
    actor_names: Mapping[str, str]


def _goals(project: Project) -> tuple[GoalLine, ...]:
    levels = ("short_term", "long_term")
    elements = sorted((e for e in project.logic_elements if e.level in levels),
                      key=lambda e: (levels.index(e.level), e.position, e.id))
    return tuple(GoalLine(e.level, e.key, e.text,
                          tuple((i.key, i.name) for i in e.indicators if i.kind == "outcome"))
                 for e in elements)


def _implementation(session: Session, project: Project) -> ImplementationSummary | None:
    plan = session.scalar(select(ImplementationPlan)
                          .where(ImplementationPlan.project_id == project.id))
    if plan is None:
        return None
    return ImplementationSummary(
        annual_cost=plan.annual_cost, annual_saving=plan.annual_saving,
        expected_effect=plan.expected_effect, rollout=plan.rollout, starts_on=plan.starts_on,
        ends_on=plan.ends_on, financing_kind=plan.financing_kind, replaces=plan.replaces,
        follow_up_date=plan.follow_up_date,
        phases=tuple((p.name, p.units, p.starts_on, p.ends_on, p.coverage)
                     for p in project.implementation_phases),
        financing=tuple((f.actor, f.share) for f in project.implementation_financing))


def final_report_data(session: Session, project: Project) -> FinalReportData:
    """Assemble the final report: the evaluation, the purpose and target group, the logic
    model's goals, the evaluation design and the implementation plan in brief."""
    model = project.logic_model
    return FinalReportData(
        evaluation=evaluation_data(session, project),
        purpose=model.purpose if model is not None else "",
        need_description=project.need_description, target_description=project.target_description,
        size_reached=project.size_reached, start=project.start, end=project.end,
        goals=_goals(project), implementation=_implementation(session, project),
        actor_names=costs.actor_names(session))


__all__ = [
    "CHANGES", "CHANGE_KIND_LABELS", "ComponentLine", "ComponentValues", "ConclusionValues",
    "Conclusions", "DesignFacts", "EconomicComparison", "EconomicFigures", "EconomicsValues",
    "EvaluationData", "EvaluationRefused", "FINANCING_KIND_LABELS", "FinalReportData",
    "GoalLine", "ROLLOUT_LABELS",
    "ImplementationSummary", "LEVELS", "METHOD_LABELS", "PeopleChange", "ResultLine",
    "ResultValues", "SOURCES", "SOURCE_LABELS", "STALE", "StakeholderLine", "StakeholderValues",
    "VERDICT_LABELS", "activities", "add_component", "add_result", "add_stakeholder",
    "check_result", "component_by_id", "components_of", "delete_component", "delete_result",
    "delete_stakeholder", "economic_comparison", "evaluation_data", "evaluation_of",
    "final_report_data", "observed_effects", "result_by_id", "result_lines", "results_of",
    "save_conclusions", "save_economics", "stakeholder_by_id", "stakeholders_of",
    "update_component", "update_result", "update_stakeholder",
]
