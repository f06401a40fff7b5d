"""Designing an initiative (guide, section 5): the evaluation plan, the risk matrix, stop criteria.

The evaluation plan holds the comparison alternative and what it needs, the guided answers that
suggested it, the power calculation's inputs, the evaluator and the measurement plan; each outcome
indicator of the logic model gets its expected effect and success criterion. The risk matrix
follows the guide's table 1 on the organisation's scale (``RiskScaleSetting``); a snapshot of a
project's matrix is kept at each decision and never rewritten when the scale changes.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Money, Share, in_check, utcnow
from models.logic_model import LogicElement, LogicIndicator, Measure
from models.project import Project

COMPARISONS = ("rct", "matching", "generic_control", "shadow_control", "before_after",
               "historical_control", "waitlist_control")
OUTCOME_KINDS = ("proportion", "mean")
EVALUATOR_KINDS = ("internal", "external")
EFFECT_BASES = ("research", "experience", "local")
RISK_KINDS = ("threat", "opportunity")
RISK_STATUSES = ("open", "closed")
STOP_KINDS = ("indicator", "budget", "other")
PERSON_ROLES = ("owner", "steering", "leader", "deputy_leader", "team", "working_group")



class EvaluationPlan(Base):
    """How the initiative's effect will be measured (one per project)."""

    __tablename__ = "evaluation_plan"
    __table_args__ = (
        CheckConstraint(in_check("comparison", COMPARISONS, nullable=True),
                        name="comparison_known"),
        CheckConstraint(in_check("outcome", OUTCOME_KINDS), name="outcome_known"),
        CheckConstraint(in_check("evaluator_kind", EVALUATOR_KINDS, nullable=True),
                        name="evaluator_kind_known"),
        CheckConstraint("n_intervention IS NULL OR n_intervention >= 0",
                        name="n_intervention_not_negative"),
        CheckConstraint("n_comparison IS NULL OR n_comparison >= 0",
                        name="n_comparison_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    comparison: Mapped[str | None] = mapped_column(String(30))
    #: What the chosen alternative needs, by its follow-up field (e.g. ``matching_variables``).
    comparison_details: Mapped[dict] = mapped_column(JSON, default=dict)
    #: The guided questions' answers (question key → yes / no / unknown).
    guided_answers: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Power calculation: the outcome kind, the baseline (proportion) or σ (mean), the expected
    #: effect (signed), α, power and the planned group sizes.
    outcome: Mapped[str] = mapped_column(String(20), default="proportion")
    baseline_proportion: Mapped[Decimal | None] = mapped_column(Measure)
    sd: Mapped[Decimal | None] = mapped_column(Measure)
    expected_effect: Mapped[Decimal | None] = mapped_column(Measure)
    alpha: Mapped[Decimal] = mapped_column(Share, default=Decimal("0.05"))
    power: Mapped[Decimal] = mapped_column(Share, default=Decimal("0.80"))
    n_intervention: Mapped[int | None]
    n_comparison: Mapped[int | None]
    #: The indicator the power calculation is about, if any.
    power_indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("logic_indicator.id", ondelete="SET NULL")
    )
    evaluator_kind: Mapped[str | None] = mapped_column(String(10))
    evaluator: Mapped[str] = mapped_column(String(200), default="")
    evaluator_contacted_on: Mapped[date | None]
    evaluation_budget: Mapped[Decimal | None] = mapped_column(Money)
    effect_measured_on: Mapped[date | None]
    baseline_plan: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project] = relationship()
    power_indicator: Mapped[LogicIndicator | None] = relationship()

    def audit_label(self) -> str:
        return self.comparison or "–"


class IndicatorExpectation(Base):
    """An outcome indicator's expected effect and its success criterion."""

    __tablename__ = "indicator_expectation"
    __table_args__ = (
        CheckConstraint(in_check("basis", EFFECT_BASES, nullable=True), name="basis_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("logic_indicator.id", ondelete="CASCADE"), unique=True
    )
    #: The expected change against the comparison, signed (its sign gives the direction).
    expected_effect: Mapped[Decimal | None] = mapped_column(Measure)
    basis: Mapped[str | None] = mapped_column(String(20))
    basis_note: Mapped[str] = mapped_column(Text, default="")
    #: The effect that counts as success, signed in the desired direction.
    min_effect: Mapped[Decimal | None] = mapped_column(Measure)
    agreed_by: Mapped[str] = mapped_column(Text, default="")
    agreed_on: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    indicator: Mapped[LogicIndicator] = relationship()

    def audit_label(self) -> str:
        return self.indicator.key if self.indicator else f"#{self.indicator_id}"


class RiskScaleSetting(Base):
    """The organisation's risk matrix: size, axis labels, band thresholds and colours.

    One row per version; the newest is in force. Changing the matrix adds a row, so snapshots
    taken under an earlier version keep theirs.
    """

    __tablename__ = "risk_scale_setting"
    __table_args__ = (
        CheckConstraint("likelihood_max BETWEEN 2 AND 10", name="likelihood_max_range"),
        CheckConstraint("impact_max BETWEEN 2 AND 10", name="impact_max_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    likelihood_max: Mapped[int] = mapped_column(default=5)
    impact_max: Mapped[int] = mapped_column(default=5)
    likelihood_labels: Mapped[list] = mapped_column(JSON, default=list)
    impact_labels: Mapped[list] = mapped_column(JSON, default=list)
    #: Scores up to ``low_max`` are low priority, up to ``medium_max`` medium, above high.
    low_max: Mapped[int] = mapped_column(default=4)
    medium_max: Mapped[int] = mapped_column(default=12)
    colours: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(254), default="")

    def audit_label(self) -> str:
        return f"{self.likelihood_max}×{self.impact_max}"


class Risk(Base):
    """A row of the risk matrix (guide, table 1): a threat or an opportunity."""

    __tablename__ = "risk"
    __table_args__ = (
        UniqueConstraint("project_id", "key", name="uq_risk_key"),
        CheckConstraint(in_check("kind", RISK_KINDS), name="kind_known"),
        CheckConstraint(in_check("status", RISK_STATUSES), name="status_known"),
        CheckConstraint("likelihood >= 1", name="likelihood_positive"),
        CheckConstraint("impact >= 1", name="impact_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(12), default="threat")
    description: Mapped[str] = mapped_column(Text)
    likelihood: Mapped[int]
    impact: Mapped[int]
    action: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default="open")
    review_on: Mapped[date | None]
    #: A risk of negative effects for the individuals the initiative reaches.
    harms_individual: Mapped[bool] = mapped_column(default=False)
    element_id: Mapped[int | None] = mapped_column(
        ForeignKey("logic_element.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project] = relationship()
    element: Mapped[LogicElement | None] = relationship()

    def audit_label(self) -> str:
        return f"{self.key}: {self.description[:80]}"


class RiskSnapshot(Base):
    """A project's risk matrix as it stood at a decision, with the scale then in force."""

    __tablename__ = "risk_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON)

    def audit_label(self) -> str:
        return self.taken_at.isoformat()


class StopCriterion(Base):
    """When the initiative is to be stopped: tied to an indicator, to the budget, or other."""

    __tablename__ = "stop_criterion"
    __table_args__ = (CheckConstraint(in_check("kind", STOP_KINDS), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(12), default="indicator")
    text: Mapped[str] = mapped_column(Text)
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("logic_indicator.id", ondelete="SET NULL")
    )
    #: The indicator value, or the budget overrun as a share (0.10 = 10 %), that triggers it.
    threshold: Mapped[Decimal | None] = mapped_column(Measure)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    indicator: Mapped[LogicIndicator | None] = relationship()

    def audit_label(self) -> str:
        return self.text[:80]


class ProjectPerson(Base):
    """Someone in the initiative's organisation: owner, steering group, leaders, team."""

    __tablename__ = "project_person"
    __table_args__ = (CheckConstraint(in_check("role", PERSON_ROLES), name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    #: Department, unit or outside organisation the person represents.
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    task: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    def audit_label(self) -> str:
        return f"{self.role}: {self.name}"


class ReportingPlan(Base):
    """How the initiative is steered and reported (one per project)."""

    __tablename__ = "reporting_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    #: Who raises obstacles to whom, and when.
    escalation: Mapped[str] = mapped_column(Text, default="")
    #: Resources other actors contribute.
    other_resources: Mapped[str] = mapped_column(Text, default="")
    #: How often the steering group checks in, in months (the schedule lists the dates).
    check_in_months: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    def audit_label(self) -> str:
        return "reporting plan"


class ReportingItem(Base):
    """A reported activity: how often, who does it, who reports, what counts as done."""

    __tablename__ = "reporting_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    activity: Mapped[str] = mapped_column(Text)
    frequency: Mapped[str] = mapped_column(String(200), default="")
    done_by: Mapped[str] = mapped_column(String(200), default="")
    reported_by: Mapped[str] = mapped_column(String(200), default="")
    done_when: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")

    def audit_label(self) -> str:
        return self.activity[:80]


class PlannedCheckIn(Base):
    """A check-in (*avstämning*) on the schedule."""

    __tablename__ = "planned_check_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    planned_on: Mapped[date]
    topic: Mapped[str] = mapped_column(Text, default="")

    def audit_label(self) -> str:
        return self.planned_on.isoformat()


class CommunicationItem(Base):
    """The communication plan: who gets what, when, how, and who sees to it."""

    __tablename__ = "communication_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    audience: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text, default="")
    timing: Mapped[str] = mapped_column(String(200), default="")
    channel: Mapped[str] = mapped_column(String(200), default="")
    responsible: Mapped[str] = mapped_column(String(200), default="")

    def audit_label(self) -> str:
        return self.audience[:80]


# What the checklist and the portfolio read of a project, declared here where the classes are
# known. Read-only: rows are added and removed through their own operations.
Project.risks = relationship(Risk, viewonly=True, order_by=(Risk.position, Risk.id))
Project.people = relationship(ProjectPerson, viewonly=True,
                              order_by=(ProjectPerson.position, ProjectPerson.id))
Project.reporting_plan = relationship(ReportingPlan, viewonly=True, uselist=False)
Project.reporting_items = relationship(ReportingItem, viewonly=True)
Project.planned_check_ins = relationship(PlannedCheckIn, viewonly=True)
Project.communication_items = relationship(CommunicationItem, viewonly=True)

#: Eager loading of what the design checklist items are derived from.
DESIGN_FACTS = (
    "risks", "people", "reporting_plan", "reporting_items", "planned_check_ins",
    "communication_items",
)


def design_facts_loaded(project: Project) -> bool:
    """Whether the design rows of ``project`` were loaded with it (so no query is needed)."""
    from sqlalchemy import inspect

    unloaded = inspect(project).unloaded
    return not any(name in unloaded for name in DESIGN_FACTS)


__all__ = [
    "CommunicationItem",
    "PERSON_ROLES",
    "PlannedCheckIn",
    "ProjectPerson",
    "ReportingItem",
    "ReportingPlan",
    "COMPARISONS",
    "EFFECT_BASES",
    "EVALUATOR_KINDS",
    "EvaluationPlan",
    "IndicatorExpectation",
    "OUTCOME_KINDS",
    "RISK_KINDS",
    "RISK_STATUSES",
    "Risk",
    "RiskScaleSetting",
    "RiskSnapshot",
    "STOP_KINDS",
    "StopCriterion",
]
