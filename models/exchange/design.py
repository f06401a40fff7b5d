"""The design of initiatives as the exchange format and the decision material show it.

A project's design is its evaluation plan (with the expected effect and success criterion of
each outcome indicator), its risks and stop criteria, the snapshots of its risk matrix and its
organisation (people, reporting plan, check-ins, communication plan). ``ProjectDesign`` holds it
as plain values, with what the application computes from it: each risk's score and priority on
the organisation's risk scale in force, and the evaluation plan's power figures. The satsa/1
document (``design_keys``, ``design_additions``) and the workbook's design sheets are both
written from it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.design import (
    PERSON_ROLES,
    CommunicationItem,
    EvaluationPlan,
    IndicatorExpectation,
    PlannedCheckIn,
    ProjectPerson,
    ReportingItem,
    ReportingPlan,
    Risk,
    RiskScaleSetting,
    RiskSnapshot,
    StopCriterion,
)
from models.domain import designs
from models.domain import logic as lm
from models.domain import power as pw
from models.domain import risk as rk
from models.evaluation_plans import PowerFigures, computed, power_figures
from models.exchange.canonical import date_text, datetime_text, money_text, share_text
from models.logic_model import LogicElement, LogicIndicator
from models.logic_models import measure_text
from models.project import Project
from models.risks import current_scale, scale_document, scale_from_setting

#: The follow-up fields of every comparison alternative, in the guide's order.
FOLLOW_UP_KEYS = tuple(dict.fromkeys(f.key for a in designs.ALTERNATIVES for f in a.follow_up))


# --- the organisation's risk matrix ---------------------------------------------------------


def risk_matrix(session: Session) -> list[RiskScaleSetting]:
    """Every version of the organisation's risk matrix, oldest first; the last is in force."""
    return list(session.scalars(select(RiskScaleSetting)
                                .order_by(RiskScaleSetting.created_at, RiskScaleSetting.id)))


def scale_in_force(session: Session) -> rk.RiskScale:
    """The organisation's scale: its newest version, or the default 5 × 5 when it has none."""
    return current_scale(session)


def matrix_document(versions: Iterable[RiskScaleSetting]) -> list[dict[str, Any]]:
    """The top-level ``risk_matrix``: each version with its labels, thresholds and colours."""
    return [
        {**scale_document(scale_from_setting(setting)),
         "created_at": datetime_text(setting.created_at), "created_by": setting.created_by}
        for setting in versions
    ]


# --- plain values ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskLine:
    key: str
    kind: str
    description: str
    likelihood: int
    impact: int
    action: str
    owner: str
    harms_individual: bool
    status: str
    review_on: date | None
    #: The key of the logic-model element the risk concerns, or None.
    element: str | None
    score: int
    #: ``low``, ``medium`` or ``high``; None when the risk does not fit the scale in force.
    priority: str | None


@dataclass(frozen=True)
class StopLine:
    kind: str
    text: str
    indicator: str | None
    threshold: Decimal | None


@dataclass(frozen=True)
class ExpectationLine:
    """An outcome indicator's expected effect and success criterion (``min_effect``)."""

    indicator: str
    expected_effect: Decimal | None
    basis: str | None
    basis_note: str
    min_effect: Decimal | None
    agreed_by: str
    agreed_on: date | None


@dataclass(frozen=True)
class PlanFigures:
    """What the power calculation gives for the plan (``models.evaluation_plans``)."""

    #: The smallest effect the planned groups detect, positive; None where it cannot be computed.
    mde: Decimal | None
    #: People per group (equal groups) needed to detect the expected effect.
    n_per_group: int | None
    #: Everything the page shows: detectable effect, required sizes, achieved power.
    power: PowerFigures

    @property
    def achieved_power(self) -> Decimal | None:
        return self.power.achieved.power if self.power.achieved is not None else None

    @classmethod
    def of(cls, plan: EvaluationPlan | None) -> PlanFigures:
        values = computed(plan) if plan is not None else {}
        return cls(values.get("mde"), values.get("n_per_group_for_expected_effect"),
                   power_figures(plan))


@dataclass(frozen=True)
class PlanLine:
    comparison: str | None
    #: (follow-up field key, text) in the guide's order.
    comparison_details: tuple[tuple[str, str], ...]
    #: (question key, answer) in the guide's order.
    guided_answers: tuple[tuple[str, str], ...]
    outcome: str
    baseline_proportion: Decimal | None
    sd: Decimal | None
    expected_effect: Decimal | None
    alpha: Decimal
    power: Decimal
    n_intervention: int | None
    n_comparison: int | None
    power_indicator: str | None
    evaluator_kind: str | None
    evaluator: str
    evaluator_contacted_on: date | None
    evaluation_budget: Decimal | None
    effect_measured_on: date | None
    baseline_plan: str
    figures: PlanFigures


@dataclass(frozen=True)
class PersonLine:
    role: str
    name: str
    affiliation: str
    task: str


@dataclass(frozen=True)
class ReportingLine:
    activity: str
    frequency: str
    done_by: str
    reported_by: str
    done_when: str
    resources: str


@dataclass(frozen=True)
class CheckInLine:
    planned_on: date
    topic: str


@dataclass(frozen=True)
class CommunicationLine:
    audience: str
    message: str
    timing: str
    channel: str
    responsible: str


@dataclass(frozen=True)
class SnapshotLine:
    taken_at: datetime
    reason: str
    data: dict


@dataclass(frozen=True)
class ProjectDesign:
    """One project's design, every list in its written order."""

    key: str
    title: str
    #: The organisation's risk scale in force.
    scale: rk.RiskScale
    #: None when the project has neither a plan nor an expected effect.
    plan: PlanLine | None = None
    #: In the order of the indicators in the logic model.
    expectations: tuple[ExpectationLine, ...] = ()
    risks: tuple[RiskLine, ...] = ()
    stop_criteria: tuple[StopLine, ...] = ()
    snapshots: tuple[SnapshotLine, ...] = ()
    people: tuple[PersonLine, ...] = ()
    escalation: str = ""
    other_resources: str = ""
    check_in_months: int | None = None
    reporting: tuple[ReportingLine, ...] = ()
    check_ins: tuple[CheckInLine, ...] = ()
    communication: tuple[CommunicationLine, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether nothing of the design has been entered yet."""
        return (self.plan is None and not self.expectations and not self.risks
                and not self.stop_criteria and not self.snapshots and not self.people
                and not self.escalation and not self.other_resources
                and self.check_in_months is None and not self.reporting and not self.check_ins
                and not self.communication)

    def risk_items(self) -> list[rk.RiskItem]:
        """The risks for the heat map: those that fit the scale in force."""
        return [rk.RiskItem(r.key, r.likelihood, r.impact, r.kind, r.status)
                for r in self.risks if r.priority is not None]


# --- computed values ------------------------------------------------------------------------


def _assess(risk: Risk, scale: rk.RiskScale) -> tuple[int, str | None]:
    try:
        return rk.assess(risk.likelihood, risk.impact, scale)
    except rk.RiskError:
        return risk.likelihood * risk.impact, None


# --- loading --------------------------------------------------------------------------------


@dataclass
class _Rows:
    """The design rows of the projects being read, by project id."""

    plans: dict[int, EvaluationPlan] = field(default_factory=dict)
    expectations: dict[int, list[IndicatorExpectation]] = field(default_factory=dict)
    risks: dict[int, list[Risk]] = field(default_factory=dict)
    stops: dict[int, list[StopCriterion]] = field(default_factory=dict)
    snapshots: dict[int, list[RiskSnapshot]] = field(default_factory=dict)
    people: dict[int, list[ProjectPerson]] = field(default_factory=dict)
    reporting_plans: dict[int, ReportingPlan] = field(default_factory=dict)
    reporting: dict[int, list[ReportingItem]] = field(default_factory=dict)
    check_ins: dict[int, list[PlannedCheckIn]] = field(default_factory=dict)
    communication: dict[int, list[CommunicationItem]] = field(default_factory=dict)
    #: Element keys and outcome-indicator keys by row id, and each indicator's place in the
    #: model's display order.
    element_keys: dict[int, str] = field(default_factory=dict)
    outcome_keys: dict[int, str] = field(default_factory=dict)
    indicator_order: dict[int, tuple] = field(default_factory=dict)


def _load(session: Session, ids: Collection[int]) -> _Rows:
    rows = _Rows()
    chosen = sorted(ids)

    def each(model: Any) -> list:
        return list(session.scalars(select(model).where(model.project_id.in_(chosen))))

    for plan in each(EvaluationPlan):
        rows.plans[plan.project_id] = plan
    for plan in each(ReportingPlan):
        rows.reporting_plans[plan.project_id] = plan
    for model, target in ((IndicatorExpectation, rows.expectations), (Risk, rows.risks),
                          (StopCriterion, rows.stops), (RiskSnapshot, rows.snapshots),
                          (ProjectPerson, rows.people), (ReportingItem, rows.reporting),
                          (PlannedCheckIn, rows.check_ins),
                          (CommunicationItem, rows.communication)):
        for row in each(model):
            target.setdefault(row.project_id, []).append(row)
    elements = session.execute(
        select(LogicElement.id, LogicElement.key, LogicElement.level, LogicElement.position)
        .where(LogicElement.project_id.in_(chosen)))
    element_order = {}
    for id_, key, level, position in elements:
        rows.element_keys[id_] = key
        element_order[id_] = (lm.RANK.get(level, len(lm.RANK)), position, id_)
    indicators = session.execute(
        select(LogicIndicator.id, LogicIndicator.key, LogicIndicator.kind,
               LogicIndicator.element_id, LogicIndicator.position)
        .where(LogicIndicator.project_id.in_(chosen)))
    for id_, key, kind, element_id, position in indicators:
        if kind == "outcome":
            rows.outcome_keys[id_] = key
        rows.indicator_order[id_] = (element_order.get(element_id, ()), position, id_)
    return rows


def _by_position(rows: list) -> list:
    return sorted(rows, key=lambda row: (row.position, row.id or 0))


def _outcome(indicator_id: int | None, rows: _Rows) -> str | None:
    """The key of an outcome indicator; None for none, or for an indicator whose kind has since
    changed to a process measure (the pages no longer offer it there)."""
    return rows.outcome_keys.get(indicator_id) if indicator_id is not None else None


def _plan(plan: EvaluationPlan, rows: _Rows) -> PlanLine:
    details = plan.comparison_details or {}
    answers = plan.guided_answers or {}
    return PlanLine(
        comparison=plan.comparison,
        comparison_details=tuple((k, str(details[k])) for k in FOLLOW_UP_KEYS if details.get(k)),
        guided_answers=tuple((k, answers[k]) for k in designs.QUESTION_KEYS
                             if answers.get(k) in designs.ANSWERS),
        outcome=plan.outcome,
        baseline_proportion=plan.baseline_proportion,
        sd=plan.sd,
        expected_effect=plan.expected_effect,
        alpha=plan.alpha if plan.alpha is not None else pw.DEFAULT_ALPHA,
        power=plan.power if plan.power is not None else pw.DEFAULT_POWER,
        n_intervention=plan.n_intervention,
        n_comparison=plan.n_comparison,
        power_indicator=_outcome(plan.power_indicator_id, rows),
        evaluator_kind=plan.evaluator_kind,
        evaluator=plan.evaluator,
        evaluator_contacted_on=plan.evaluator_contacted_on,
        evaluation_budget=plan.evaluation_budget,
        effect_measured_on=plan.effect_measured_on,
        baseline_plan=plan.baseline_plan,
        figures=PlanFigures.of(plan),
    )


#: The plan of a project that has expected effects but has not saved a plan yet.
DEFAULT_PLAN = PlanLine(
    comparison=None, comparison_details=(), guided_answers=(), outcome=pw.PROPORTION,
    baseline_proportion=None, sd=None, expected_effect=None, alpha=pw.DEFAULT_ALPHA,
    power=pw.DEFAULT_POWER, n_intervention=None, n_comparison=None, power_indicator=None,
    evaluator_kind=None, evaluator="", evaluator_contacted_on=None, evaluation_budget=None,
    effect_measured_on=None, baseline_plan="", figures=PlanFigures.of(None),
)


def _design(project: Project, rows: _Rows, scale: rk.RiskScale) -> ProjectDesign:
    pid = project.id
    # Only outcome indicators have expected effects on the evaluation page.
    expectations = sorted((e for e in rows.expectations.get(pid, [])
                           if e.indicator_id in rows.outcome_keys),
                          key=lambda e: rows.indicator_order[e.indicator_id])
    plan = rows.plans.get(pid)
    risks = []
    for risk in _by_position(rows.risks.get(pid, [])):
        value, band = _assess(risk, scale)
        risks.append(RiskLine(
            risk.key, risk.kind, risk.description, risk.likelihood, risk.impact, risk.action,
            risk.owner, risk.harms_individual, risk.status, risk.review_on,
            rows.element_keys.get(risk.element_id) if risk.element_id is not None else None,
            value, band))
    role_rank = {role: rank for rank, role in enumerate(PERSON_ROLES)}
    reporting = rows.reporting_plans.get(pid)
    return ProjectDesign(
        key=project.key,
        title=project.title,
        scale=scale,
        plan=_plan(plan, rows) if plan is not None else (DEFAULT_PLAN if expectations else None),
        expectations=tuple(
            ExpectationLine(rows.outcome_keys[e.indicator_id], e.expected_effect, e.basis,
                            e.basis_note, e.min_effect, e.agreed_by, e.agreed_on)
            for e in expectations),
        risks=tuple(risks),
        stop_criteria=tuple(
            StopLine(s.kind, s.text, _outcome(s.indicator_id, rows), s.threshold)
            for s in _by_position(rows.stops.get(pid, []))),
        snapshots=tuple(SnapshotLine(s.taken_at, s.reason, s.data) for s in sorted(
            rows.snapshots.get(pid, []), key=lambda s: (s.taken_at, s.id or 0))),
        people=tuple(PersonLine(p.role, p.name, p.affiliation, p.task) for p in sorted(
            rows.people.get(pid, []),
            key=lambda p: (role_rank.get(p.role, len(role_rank)), p.position, p.id or 0))),
        escalation=reporting.escalation if reporting else "",
        other_resources=reporting.other_resources if reporting else "",
        check_in_months=reporting.check_in_months if reporting else None,
        reporting=tuple(ReportingLine(r.activity, r.frequency, r.done_by, r.reported_by,
                                      r.done_when, r.resources)
                        for r in _by_position(rows.reporting.get(pid, []))),
        check_ins=tuple(CheckInLine(c.planned_on, c.topic) for c in sorted(
            rows.check_ins.get(pid, []), key=lambda c: (c.planned_on, c.topic, c.id or 0))),
        communication=tuple(CommunicationLine(c.audience, c.message, c.timing, c.channel,
                                              c.responsible)
                            for c in _by_position(rows.communication.get(pid, []))),
    )


def load_designs(session: Session, projects: Iterable[Project],
                 scale: rk.RiskScale | None = None) -> dict[int, ProjectDesign]:
    """The designs of ``projects`` by project id, assessed on ``scale`` (default: the scale in
    force); a fixed number of queries however many projects."""
    projects = list(projects)
    scale = scale or scale_in_force(session)
    rows = _load(session, [p.id for p in projects])
    return {p.id: _design(p, rows, scale) for p in projects}


def design_report(session: Session, project: Project) -> ProjectDesign | None:
    """What the design sheets of the decision material show; None when nothing of the design
    has been entered yet."""
    design = load_designs(session, [project])[project.id]
    return None if design.is_empty else design


# --- the exchange format --------------------------------------------------------------------


def _number_text(value: Decimal | None) -> str | None:
    return measure_text(value)


def _plan_document(plan: PlanLine, expectations: tuple[ExpectationLine, ...]) -> dict[str, Any]:
    figures = plan.figures
    return {
        "comparison": plan.comparison,
        "outcome": plan.outcome,
        "baseline_proportion": share_text(plan.baseline_proportion),
        "sd": _number_text(plan.sd),
        "expected_effect": _number_text(plan.expected_effect),
        "alpha": share_text(plan.alpha),
        "power": share_text(plan.power),
        "n_intervention": plan.n_intervention,
        "n_comparison": plan.n_comparison,
        "success_criteria": [{"indicator": e.indicator, "min_effect": _number_text(e.min_effect)}
                             for e in expectations if e.min_effect is not None],
        "comparison_details": dict(plan.comparison_details),
        "guided_answers": dict(plan.guided_answers),
        "power_indicator": plan.power_indicator,
        "evaluator_kind": plan.evaluator_kind,
        "evaluator": plan.evaluator,
        "evaluator_contacted_on": date_text(plan.evaluator_contacted_on),
        "evaluation_budget": money_text(plan.evaluation_budget),
        "effect_measured_on": date_text(plan.effect_measured_on),
        "baseline_plan": plan.baseline_plan,
        "expectations": [
            {"indicator": e.indicator, "expected_effect": _number_text(e.expected_effect),
             "basis": e.basis, "basis_note": e.basis_note, "agreed_by": e.agreed_by,
             "agreed_on": date_text(e.agreed_on)}
            for e in expectations
        ],
        "computed": {
            "mde": _number_text(figures.mde),
            "n_per_group_for_expected_effect": figures.n_per_group,
            "achieved_power": share_text(figures.achieved_power),
        },
    }


def design_keys(design: ProjectDesign) -> dict[str, Any]:
    """The core keys of a project's design: ``risks``, ``risk_scale``, ``stop_criteria`` and
    ``evaluation_plan`` (null when the project has neither a plan nor an expected effect)."""
    return {
        "risks": [
            {
                "key": r.key,
                "description": r.description,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "action": r.action,
                "owner": r.owner,
                "harms_individual": r.harms_individual,
                "status": r.status,
                "kind": r.kind,
                "review_on": date_text(r.review_on),
                "element": r.element,
                "computed": {"score": r.score, "priority": r.priority},
            }
            for r in design.risks
        ],
        "risk_scale": {"likelihood_max": design.scale.likelihood_max,
                       "impact_max": design.scale.impact_max},
        "stop_criteria": [
            {"text": s.text, "indicator": s.indicator, "kind": s.kind,
             "threshold": _number_text(s.threshold)}
            for s in design.stop_criteria
        ],
        "evaluation_plan": (_plan_document(design.plan, design.expectations)
                            if design.plan is not None else None),
    }


def design_additions(design: ProjectDesign) -> dict[str, Any]:
    """The added keys of a project's design: ``risk_snapshots`` and ``organisation``."""
    return {
        "risk_snapshots": [
            {"taken_at": datetime_text(s.taken_at), "reason": s.reason, "data": s.data}
            for s in design.snapshots
        ],
        "organisation": {
            "people": [{"role": p.role, "name": p.name, "affiliation": p.affiliation,
                        "task": p.task} for p in design.people],
            "escalation": design.escalation,
            "other_resources": design.other_resources,
            "check_in_months": design.check_in_months,
            "reporting": [
                {"activity": r.activity, "frequency": r.frequency, "done_by": r.done_by,
                 "reported_by": r.reported_by, "done_when": r.done_when,
                 "resources": r.resources}
                for r in design.reporting
            ],
            "check_ins": [{"planned_on": date_text(c.planned_on), "topic": c.topic}
                          for c in design.check_ins],
            "communication": [
                {"audience": c.audience, "message": c.message, "timing": c.timing,
                 "channel": c.channel, "responsible": c.responsible}
                for c in design.communication
            ],
        },
    }
