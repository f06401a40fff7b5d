"""Store the follow-up, evaluation and implementation parts of a validated satsa/1 project.

The project's logic model and design (with its planned check-ins) are stored already: indicator
and element keys, and a check-in's ``planned`` date, are looked up among them. Positions follow
the arrays; drop-outs are added in the document's order, so that a decision's ``drop_out`` (a
place in ``follow_up.drop_outs``) names the same drop-out when the project is written again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.design import PlannedCheckIn
from models.evaluation import ComponentAssessment, EvaluationResult, ProjectEvaluation, Stakeholder
from models.exchange import schema as s
from models.exchange.canonical import parse_datetime
from models.follow_up import (
    CheckIn,
    CheckInDecision,
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
from models.project import Project

#: The texts of the evaluation's conclusions, and of the implementation plan.
EVALUATION_TEXTS = ("observed_cost_note", "conclusion", "causes", "long_term_link", "lessons",
                    "communication")
PLAN_TEXTS = ("replaces", "cost_note", "expected_effect", "ownership", "delivery",
              "organisation", "forums", "prerequisites", "new_context", "obstacles",
              "follow_up_summary")


class _With:
    """An object of the document whose missing optional keys read as their defaults."""

    def __init__(self, data: dict[str, Any], spec: dict[str, Any]):
        self.data = data
        self.spec = spec

    def __getitem__(self, key: str) -> Any:
        return self.data[key] if key in self.data else self.spec[key]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


@dataclass
class StoredFollowUp:
    """What was stored of one project."""

    results: int = 0
    values: int = 0
    drop_outs: int = 0
    check_ins: int = 0
    implementation_plan: bool = False


def store_follow_up(session: Session, project: Project, item: dict[str, Any]) -> StoredFollowUp:
    """Store a project's results, implementation plan, follow-up and evaluation."""
    session.flush()
    elements = {e.key: e for e in project.logic_elements}
    indicators = {i.key: i for e in project.logic_elements for i in e.indicators}
    p = _With(item, s.PROJECT)
    stored = StoredFollowUp()
    for data in p["results"]:
        r = _With(data, s.RESULT)
        session.add(EvaluationResult(
            project_id=project.id, indicator=indicators[r["indicator"]], goal=_decimal(r["goal"]),
            intervention_change=Decimal(r["intervention_change"]),
            comparison_change=_decimal(r["comparison_change"]),
            intervention_before=_decimal(r["intervention_before"]),
            intervention_after=_decimal(r["intervention_after"]),
            comparison_before=_decimal(r["comparison_before"]),
            comparison_after=_decimal(r["comparison_after"]), change_kind=r["change_kind"],
            n_intervention=r["n_intervention"], n_comparison=r["n_comparison"], note=r["note"],
        ))
        stored.results += 1
    if p["implementation_plan"] is not None:
        _plan(session, project.id, _With(p["implementation_plan"], s.IMPLEMENTATION_PLAN),
              indicators)
        stored.implementation_plan = True
    planned = {c.planned_on: c for c in session.scalars(
        select(PlannedCheckIn).where(PlannedCheckIn.project_id == project.id)
        .order_by(PlannedCheckIn.id))}
    _follow_up(session, project.id, _With(p["follow_up"], s.FOLLOW_UP), elements, indicators,
               planned, stored)
    _evaluation(session, project.id, _With(p["evaluation"], s.EVALUATION), elements)
    return stored


def _plan(session: Session, pid: int, plan: _With, indicators: dict) -> None:
    session.add(ImplementationPlan(
        project_id=pid, annual_cost=_decimal(plan["annual_cost"]),
        annual_saving=_decimal(plan["annual_saving"]), rollout=plan["rollout"],
        starts_on=_day(plan["start"]), ends_on=_day(plan["end"]),
        financing_kind=plan["financing_kind"], follow_up_date=_day(plan["follow_up_date"]),
        **{key: plan[key] for key in PLAN_TEXTS},
    ))
    for position, data in enumerate(plan["phases"]):
        phase = _With(data, s.PHASE)
        session.add(ImplementationPhase(
            project_id=pid, position=position, name=phase["name"], units=phase["units"],
            starts_on=_day(phase["start"]), ends_on=_day(phase["end"]),
            coverage=_decimal(phase["coverage"]),
        ))
    for data in plan["financing"]:
        financing = _With(data, s.FINANCING)
        session.add(ImplementationFinancing(project_id=pid, actor=financing["actor"],
                                            share=Decimal(financing["share"]),
                                            note=financing["note"]))
    for data in plan["follow_ups"]:
        f = _With(data, s.IMPLEMENTATION_FOLLOW_UP)
        session.add(ImplementationFollowUp(
            project_id=pid, indicator=indicators[f["indicator"]],
            project_change=_decimal(f["project_change"]),
            after_change=_decimal(f["after_change"]), measured_on=_day(f["measured_on"]),
            note=f["note"],
        ))


def _follow_up(session: Session, pid: int, follow_up: _With, elements: dict, indicators: dict,
               planned: dict[date, PlannedCheckIn], stored: StoredFollowUp) -> None:
    for data in follow_up["reporting"]:
        r = _With(data, s.REPORTING)
        session.add(IndicatorReporting(
            project_id=pid, indicator=indicators[r["indicator"]], frequency=r["frequency"],
            first_period=_day(r["first_period"]), responsible=r["responsible"],
        ))
    for data in follow_up["values"]:
        v = _With(data, s.INDICATOR_VALUE)
        value = IndicatorValue(
            project_id=pid, indicator=indicators[v["indicator"]], period=_day(v["period"]),
            dimension=v["dimension"], category=v["category"], planned=_decimal(v["planned"]),
            actual=_decimal(v["actual"]), reported_by=v["reported_by"], comment=v["comment"],
            recorded_by=v["recorded_by"],
        )
        if v["recorded_at"] is not None:
            value.recorded_at = parse_datetime(v["recorded_at"])
        session.add(value)
        stored.values += 1
    for data in follow_up["participants"]:
        f = _With(data, s.PARTICIPANT_FLOW)
        session.add(ParticipantFlow(
            project_id=pid, period=_day(f["period"]), risk_profile=f["risk_profile"],
            eligible=f["eligible"], enrolled=f["enrolled"], comment=f["comment"],
        ))
    drop_outs = []
    for data in follow_up["drop_outs"]:
        d = _With(data, s.DROP_OUT)
        drop_out = DropOut(
            project_id=pid, left_on=_day(d["left_on"]), risk_profile=d["risk_profile"],
            reason_kind=d["reason_kind"], reason=d["reason"], possible_harm=d["possible_harm"],
            investigated_on=_day(d["investigated_on"]), investigation=d["investigation"],
            recorded_by=d["recorded_by"],
        )
        session.add(drop_out)
        drop_outs.append(drop_out)
    stored.drop_outs = len(drop_outs)
    for data in follow_up["resource_use"]:
        u = _With(data, s.RESOURCE_USE)
        session.add(ResourceUse(
            project_id=pid, element=elements[u["activity"]], period=_day(u["period"]),
            competence=u["competence"], planned_hours=_decimal(u["planned_hours"]),
            actual_hours=_decimal(u["actual_hours"]), comment=u["comment"],
        ))
    # The drop-outs get their ids (in the document's order) before decisions name them.
    session.flush()
    for data in follow_up["check_ins"]:
        c = _With(data, s.HELD_CHECK_IN)
        check_in = CheckIn(
            project_id=pid, held_on=_day(c["held_on"]),
            planned=planned[_day(c["planned"])] if c["planned"] is not None else None,
            participants=c["participants"], notes=c["notes"], recorded_by=c["recorded_by"],
        )
        for position, item in enumerate(c["decisions"]):
            d = _With(item, s.CHECK_IN_DECISION)
            check_in.decisions.append(CheckInDecision(
                project_id=pid, position=position, decision=d["decision"], prompt=d["prompt"],
                indicator=indicators[d["indicator"]] if d["indicator"] is not None else None,
                drop_out=drop_outs[d["drop_out"]] if d["drop_out"] is not None else None,
                signal_code=d["signal_code"], prompted_by=d["prompted_by"], action=d["action"],
                responsible=d["responsible"],
            ))
        session.add(check_in)
        stored.check_ins += 1


def _evaluation(session: Session, pid: int, evaluation: _With, elements: dict) -> None:
    for position, data in enumerate(evaluation["stakeholders"]):
        h = _With(data, s.STAKEHOLDER)
        session.add(Stakeholder(project_id=pid, position=position, name=h["name"],
                                connection=h["connection"], method=h["method"],
                                information=h["information"]))
    for position, data in enumerate(evaluation["components"]):
        c = _With(data, s.COMPONENT)
        session.add(ComponentAssessment(
            project_id=pid, position=position, name=c["name"], verdict=c["verdict"],
            element=elements[c["element"]] if c["element"] is not None else None,
            reason=c["reason"],
        ))
    values = {
        "actual_cost": _decimal(evaluation["actual_cost"]),
        "observed_cost_change": _decimal(evaluation["observed_cost_change"]),
        "observed_months": evaluation["observed_months"],
        "judged_success": evaluation["judged_success"],
        "report_date": _day(evaluation["report_date"]),
        **{key: evaluation[key] for key in EVALUATION_TEXTS},
    }
    # Conclusions with nothing in them are the same as none.
    if any(value not in (None, "") for value in values.values()):
        session.add(ProjectEvaluation(project_id=pid, **values))
