"""Follow-up, evaluation and the implementation plan as the exchange format writes them.

A project's core ``results`` (per outcome indicator: the changes in both groups, with the effect
and whether the success criterion is met in ``computed``) and ``implementation_plan`` (with its
phases, financing and the results after mainstreaming), and the added ``follow_up`` (reporting,
values per period, participant flows, drop-outs, resource use and check-ins) and ``evaluation``
(stakeholders, components, conclusions and observed economics). Everything is read in a fixed
number of queries however many projects are written. The effect and the judgements are those of
``models.domain.results``, so a reader of the file sees what the pages show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.design import IndicatorExpectation
from models.domain import logic as lm
from models.domain import results as rs
from models.evaluation import ComponentAssessment, EvaluationResult, ProjectEvaluation, Stakeholder
from models.exchange.canonical import date_text, datetime_text, money_text, share_text
from models.follow_up import (
    RISK_PROFILES,
    CheckIn,
    DropOut,
    IndicatorReporting,
    IndicatorValue,
    ParticipantFlow,
    ResourceUse,
)
from models.implementation import (
    ImplementationFinancing,
    ImplementationFollowUp,
    ImplementationPhase,
    ImplementationPlan,
)
from models.logic_model import LogicElement, LogicIndicator
from models.logic_models import measure_text
from models.project import Project


def fraction_text(value: Decimal | None) -> str | None:
    """A signed change, goal or effect as a share ("-0.30"); never a negative zero."""
    return share_text(value + 0) if value is not None else None


def level_text(value: Decimal | None) -> str | None:
    """A level or an amount of hours as a measure ("41.75", "40"); never a negative zero."""
    return measure_text(value + 0) if value is not None else None


# --- loading --------------------------------------------------------------------------------


@dataclass
class ProjectFollowUp:
    """One project's follow-up, evaluation and implementation rows, with the keys and places of
    its logic model's elements and indicators (by row id) and its success criteria (by
    indicator id)."""

    element_keys: dict[int, str] = field(default_factory=dict)
    element_order: dict[int, tuple] = field(default_factory=dict)
    indicator_keys: dict[int, str] = field(default_factory=dict)
    indicator_order: dict[int, tuple] = field(default_factory=dict)
    #: The outcome indicators (the others have no results), and which are in per cent.
    outcomes: set[int] = field(default_factory=set)
    percent: set[int] = field(default_factory=set)
    #: ``min_effect`` of the outcome indicators that have one (the written success criteria).
    min_effects: dict[int, Decimal] = field(default_factory=dict)
    reporting: list[IndicatorReporting] = field(default_factory=list)
    values: list[IndicatorValue] = field(default_factory=list)
    participants: list[ParticipantFlow] = field(default_factory=list)
    drop_outs: list[DropOut] = field(default_factory=list)
    resource_use: list[ResourceUse] = field(default_factory=list)
    check_ins: list[CheckIn] = field(default_factory=list)
    results: list[EvaluationResult] = field(default_factory=list)
    stakeholders: list[Stakeholder] = field(default_factory=list)
    components: list[ComponentAssessment] = field(default_factory=list)
    evaluation: ProjectEvaluation | None = None
    plan: ImplementationPlan | None = None
    phases: list[ImplementationPhase] = field(default_factory=list)
    financing: list[ImplementationFinancing] = field(default_factory=list)
    follow_ups: list[ImplementationFollowUp] = field(default_factory=list)

    def by_indicator(self, rows: Iterable[Any], *, outcome: bool = False) -> list:
        """Rows with an ``indicator_id`` in the order of the indicators in the logic model;
        ``outcome``: only those of outcome indicators."""
        return sorted((row for row in rows if not outcome or row.indicator_id in self.outcomes),
                      key=lambda row: self.indicator_order[row.indicator_id])


def load_follow_ups(session: Session, projects: Iterable[Project]) -> dict[int, ProjectFollowUp]:
    """The follow-up, evaluation and implementation of ``projects`` by project id."""
    ids = sorted(p.id for p in projects)
    result = {pid: ProjectFollowUp() for pid in ids}

    def rows(model: Any, *options: Any) -> list:
        stmt = select(model).where(model.project_id.in_(ids)).options(*options)
        return list(session.scalars(stmt.order_by(model.id)))

    elements = session.execute(
        select(LogicElement.id, LogicElement.project_id, LogicElement.key, LogicElement.level,
               LogicElement.position).where(LogicElement.project_id.in_(ids)))
    for id_, pid, key, level, position in elements:
        result[pid].element_keys[id_] = key
        result[pid].element_order[id_] = (lm.RANK.get(level, len(lm.RANK)), position, id_)
    indicators = session.execute(
        select(LogicIndicator.id, LogicIndicator.project_id, LogicIndicator.key,
               LogicIndicator.element_id, LogicIndicator.position, LogicIndicator.kind,
               LogicIndicator.unit)
        .where(LogicIndicator.project_id.in_(ids)))
    for id_, pid, key, element_id, position, kind, unit in indicators:
        found = result[pid]
        found.indicator_keys[id_] = key
        found.indicator_order[id_] = (found.element_order.get(element_id, ()), position, id_)
        if kind == "outcome":
            found.outcomes.add(id_)
        if unit == "percent":
            found.percent.add(id_)
    for row in rows(IndicatorExpectation):
        # Only outcome indicators have success criteria in the document (models.exchange.design).
        found = result[row.project_id]
        if row.min_effect is not None and row.indicator_id in found.outcomes:
            found.min_effects[row.indicator_id] = row.min_effect
    lists = (
        (IndicatorReporting, "reporting", ()), (IndicatorValue, "values", ()),
        (ParticipantFlow, "participants", ()), (DropOut, "drop_outs", ()),
        (ResourceUse, "resource_use", ()),
        (CheckIn, "check_ins", (selectinload(CheckIn.decisions), selectinload(CheckIn.planned))),
        (EvaluationResult, "results", ()), (Stakeholder, "stakeholders", ()),
        (ComponentAssessment, "components", ()), (ImplementationPhase, "phases", ()),
        (ImplementationFinancing, "financing", ()), (ImplementationFollowUp, "follow_ups", ()),
    )
    for model, name, options in lists:
        for row in rows(model, *options):
            getattr(result[row.project_id], name).append(row)
    for row in rows(ProjectEvaluation):
        result[row.project_id].evaluation = row
    for row in rows(ImplementationPlan):
        result[row.project_id].plan = row
    return result


def financing_actors(loaded: Iterable[ProjectFollowUp]) -> set[str]:
    """Every actor the implementation plans of these projects name."""
    return {row.actor for found in loaded for row in found.financing}


# --- the core keys ----------------------------------------------------------------------------


def _levels(row: EvaluationResult) -> rs.Levels | None:
    if row.intervention_before is None or row.intervention_after is None:
        return None
    return rs.Levels(row.intervention_before, row.intervention_after, row.comparison_before,
                     row.comparison_after)


def evaluate_result(row: EvaluationResult, found: ProjectFollowUp) -> rs.ResultRow:
    """The result judged as the results table judges it (``models.evaluations.result_lines``):
    against its goal and its success criterion, which for an indicator not in per cent is in
    the indicator's own unit and judged against the difference-in-differences of the levels."""
    min_effect = found.min_effects.get(row.indicator_id)
    percent = row.indicator_id in found.percent
    levels = _levels(row)
    return rs.evaluate(rs.ResultInput(
        found.indicator_keys[row.indicator_id], row.intervention_change, row.comparison_change,
        goal=row.goal, min_effect=min_effect,
        criterion_in_unit=min_effect is not None and not percent,
        unit_effect=rs.level_effect(levels) if levels is not None and not percent else None))


def _result(row: EvaluationResult, found: ProjectFollowUp) -> dict[str, Any]:
    computed = evaluate_result(row, found)
    return {
        "indicator": found.indicator_keys[row.indicator_id],
        "intervention_change": fraction_text(row.intervention_change),
        "comparison_change": fraction_text(row.comparison_change),
        "goal": fraction_text(row.goal),
        "intervention_before": level_text(row.intervention_before),
        "intervention_after": level_text(row.intervention_after),
        "comparison_before": level_text(row.comparison_before),
        "comparison_after": level_text(row.comparison_after),
        "change_kind": row.change_kind,
        "n_intervention": row.n_intervention,
        "n_comparison": row.n_comparison,
        "note": row.note,
        "computed": {
            "effect": fraction_text(computed.effect),
            "success": computed.success,
            "goal_met_in_group": computed.goal_met_in_group,
            "goal_met_by_effect": computed.goal_met_by_effect,
            "effect_in_unit": level_text(computed.unit_effect),
        },
    }


def _by_position(rows: Iterable[Any]) -> list:
    return sorted(rows, key=lambda row: (row.position, row.id or 0))


def _implementation_plan(found: ProjectFollowUp) -> dict[str, Any] | None:
    plan = found.plan
    if plan is None and not (found.phases or found.financing or found.follow_ups):
        return None
    # Phases, financing or follow-ups without a saved plan: the plan of an empty form.
    plan = plan or ImplementationPlan(rollout="all_at_once")

    def text(name: str) -> str:
        return getattr(plan, name) or ""

    return {
        "annual_cost": money_text(plan.annual_cost),
        "annual_saving": money_text(plan.annual_saving),
        "phases": [
            {"name": p.name, "start": date_text(p.starts_on), "end": date_text(p.ends_on),
             "coverage": share_text(p.coverage), "units": p.units}
            for p in _by_position(found.phases)
        ],
        "financing": [
            {"actor": f.actor, "share": share_text(f.share), "note": f.note}
            for f in sorted(found.financing, key=lambda f: f.actor)
        ],
        "replaces": text("replaces"),
        "follow_up_date": date_text(plan.follow_up_date),
        "cost_note": text("cost_note"),
        "expected_effect": text("expected_effect"),
        "rollout": plan.rollout or "all_at_once",
        "start": date_text(plan.starts_on),
        "end": date_text(plan.ends_on),
        "financing_kind": plan.financing_kind,
        **{name: text(name) for name in (
            "ownership", "delivery", "organisation", "forums", "prerequisites", "new_context",
            "obstacles", "follow_up_summary")},
        "follow_ups": [
            {"indicator": found.indicator_keys[f.indicator_id],
             "project_change": fraction_text(f.project_change),
             "after_change": fraction_text(f.after_change),
             "measured_on": date_text(f.measured_on), "note": f.note}
            for f in found.by_indicator(found.follow_ups, outcome=True)
        ],
    }


def follow_up_keys(found: ProjectFollowUp) -> dict[str, Any]:
    """The core keys ``results`` (in the order of the indicators in the logic model) and
    ``implementation_plan`` (null when the project has none). Results and results after
    implementation of an indicator whose kind has since changed to a process measure are left
    out, as the pages leave them out."""
    return {
        "results": [_result(row, found)
                    for row in found.by_indicator(found.results, outcome=True)],
        "implementation_plan": _implementation_plan(found),
    }


# --- the added keys ---------------------------------------------------------------------------


def drop_out_order(found: ProjectFollowUp) -> list[DropOut]:
    """The drop-outs as written: by the day they left, then in the order they were recorded."""
    return sorted(found.drop_outs, key=lambda d: (d.left_on, d.id or 0))


def _follow_up(found: ProjectFollowUp) -> dict[str, Any]:
    drop_outs = drop_out_order(found)
    places = {d.id: i for i, d in enumerate(drop_outs)}
    profiles = {profile: rank for rank, profile in enumerate(RISK_PROFILES)}
    keys = found.indicator_keys
    return {
        "reporting": [
            {"indicator": keys[r.indicator_id], "frequency": r.frequency,
             "first_period": date_text(r.first_period), "responsible": r.responsible}
            for r in found.by_indicator(found.reporting)
        ],
        "values": [
            {"indicator": keys[v.indicator_id], "period": date_text(v.period),
             "dimension": v.dimension, "category": v.category, "planned": level_text(v.planned),
             "actual": level_text(v.actual), "reported_by": v.reported_by, "comment": v.comment,
             "recorded_at": datetime_text(v.recorded_at) if v.recorded_at else None,
             "recorded_by": v.recorded_by}
            for v in sorted(found.values, key=lambda v: (
                found.indicator_order[v.indicator_id], v.period, v.dimension, v.category))
        ],
        "participants": [
            {"period": date_text(f.period), "risk_profile": f.risk_profile,
             "eligible": f.eligible, "enrolled": f.enrolled, "comment": f.comment}
            for f in sorted(found.participants, key=lambda f: (
                f.period, profiles.get(f.risk_profile, len(profiles))))
        ],
        "drop_outs": [
            {"left_on": date_text(d.left_on), "risk_profile": d.risk_profile,
             "reason_kind": d.reason_kind, "reason": d.reason, "possible_harm": d.possible_harm,
             "investigated_on": date_text(d.investigated_on), "investigation": d.investigation,
             "recorded_by": d.recorded_by}
            for d in drop_outs
        ],
        "resource_use": [
            {"activity": found.element_keys[u.element_id], "period": date_text(u.period),
             "competence": u.competence, "planned_hours": level_text(u.planned_hours),
             "actual_hours": level_text(u.actual_hours), "comment": u.comment}
            for u in sorted(found.resource_use, key=lambda u: (
                found.element_order[u.element_id], u.period, u.competence))
        ],
        "check_ins": [
            {
                "held_on": date_text(c.held_on),
                "planned": date_text(c.planned.planned_on) if c.planned is not None else None,
                "participants": c.participants,
                "notes": c.notes,
                "recorded_by": c.recorded_by,
                "decisions": [
                    {"decision": d.decision, "prompt": d.prompt,
                     "indicator": keys.get(d.indicator_id) if d.indicator_id else None,
                     "drop_out": places.get(d.drop_out_id) if d.drop_out_id else None,
                     "signal_code": d.signal_code, "prompted_by": d.prompted_by,
                     "action": d.action, "responsible": d.responsible}
                    for d in _by_position(c.decisions)
                ],
            }
            for c in sorted(found.check_ins, key=lambda c: (c.held_on, c.id or 0))
        ],
    }


def _evaluation(found: ProjectFollowUp) -> dict[str, Any]:
    evaluation = found.evaluation or ProjectEvaluation()

    def text(name: str) -> str:
        return getattr(evaluation, name) or ""

    return {
        "stakeholders": [
            {"name": s.name, "connection": s.connection, "method": s.method,
             "information": s.information}
            for s in _by_position(found.stakeholders)
        ],
        "components": [
            {"name": c.name,
             "element": found.element_keys.get(c.element_id) if c.element_id else None,
             "verdict": c.verdict, "reason": c.reason}
            for c in _by_position(found.components)
        ],
        "actual_cost": money_text(evaluation.actual_cost),
        "observed_cost_change": money_text(evaluation.observed_cost_change),
        "observed_months": evaluation.observed_months,
        "observed_cost_note": text("observed_cost_note"),
        "judged_success": evaluation.judged_success,
        **{name: text(name) for name in (
            "conclusion", "causes", "long_term_link", "lessons", "communication")},
        "report_date": date_text(evaluation.report_date),
    }


def follow_up_additions(found: ProjectFollowUp) -> dict[str, Any]:
    """The added keys ``follow_up`` and ``evaluation``, in every project."""
    return {"follow_up": _follow_up(found), "evaluation": _evaluation(found)}
