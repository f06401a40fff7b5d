"""Evaluation (guide, section 7; SPEC 3.9).

Per outcome indicator, the result (``EvaluationResult``): the change in the intervention group
and in the comparison group (signed fractions, or computed from absolute levels before and after:
difference-in-differences) and the goal; the effect and whether the agreed success criterion is
met are derived (``models.domain.results``), never stored. The stakeholder analysis
(``Stakeholder``, guide table 2), the component analysis (``ComponentAssessment``) and the
evaluation's conclusions and observed economics (``ProjectEvaluation``) complete the final report.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Money, in_check
from models.logic_model import LogicElement, LogicIndicator, Measure
from models.project import Project

#: How the changes are computed from absolute levels: as a share of the level before, or as
#: the difference of the levels (percentage points for a share).
CHANGE_KINDS = ("relative", "absolute")
METHODS = ("interview", "focus_group", "observation", "document_review", "survey", "other")
VERDICTS = ("decisive", "superfluous", "counterproductive", "undetermined")


class EvaluationResult(Base):
    """The observed result of one outcome indicator against the comparison."""

    __tablename__ = "evaluation_result"
    __table_args__ = (
        CheckConstraint(in_check("change_kind", CHANGE_KINDS), name="change_kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("logic_indicator.id", ondelete="CASCADE"), unique=True
    )
    #: The change hoped for within the intervention group (signed fraction), if one was set.
    goal: Mapped[Decimal | None] = mapped_column(Measure)
    #: Signed fractions: -0.30 for "decreased by 30 %" (relative) or by 30 points (absolute).
    intervention_change: Mapped[Decimal] = mapped_column(Measure)
    comparison_change: Mapped[Decimal | None] = mapped_column(Measure)
    #: Absolute levels, when the changes were computed from them (difference-in-differences).
    intervention_before: Mapped[Decimal | None] = mapped_column(Measure)
    intervention_after: Mapped[Decimal | None] = mapped_column(Measure)
    comparison_before: Mapped[Decimal | None] = mapped_column(Measure)
    comparison_after: Mapped[Decimal | None] = mapped_column(Measure)
    change_kind: Mapped[str] = mapped_column(String(10), default="relative")
    #: Group sizes at follow-up (for the report's reader).
    n_intervention: Mapped[int | None]
    n_comparison: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    indicator: Mapped[LogicIndicator] = relationship()

    def audit_label(self) -> str:
        return self.indicator.key if self.indicator is not None else str(self.indicator_id)


class Stakeholder(Base):
    """A row of the stakeholder analysis (*intressentanalys*, guide table 2)."""

    __tablename__ = "stakeholder"
    __table_args__ = (CheckConstraint(in_check("method", METHODS), name="method_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    #: How the stakeholder is connected to the initiative.
    connection: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(String(20), default="interview")
    #: What information the stakeholder has.
    information: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    def audit_label(self) -> str:
        return self.name[:80]


class ComponentAssessment(Base):
    """A component of the initiative judged decisive, superfluous or counter-productive."""

    __tablename__ = "component_assessment"
    __table_args__ = (CheckConstraint(in_check("verdict", VERDICTS), name="verdict_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    #: The activity of the logic model, when the component is one.
    element_id: Mapped[int | None] = mapped_column(
        ForeignKey("logic_element.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(200))
    verdict: Mapped[str] = mapped_column(String(20), default="undetermined")
    reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    element: Mapped[LogicElement | None] = relationship()

    def audit_label(self) -> str:
        return self.name[:80]


class ProjectEvaluation(Base):
    """The evaluation's conclusions and observed economics (one per project)."""

    __tablename__ = "project_evaluation"
    __table_args__ = (
        CheckConstraint("actual_cost IS NULL OR actual_cost >= 0", name="cost_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    #: What the initiative actually cost over the project period.
    actual_cost: Mapped[Decimal | None] = mapped_column(Money)
    #: Observed change in costs elsewhere (negative = lower), over ``observed_months``.
    observed_cost_change: Mapped[Decimal | None] = mapped_column(Money)
    observed_months: Mapped[int | None]
    observed_cost_note: Mapped[str] = mapped_column(Text, default="")
    #: The evaluator's overall judgement: success or not (None while open).
    judged_success: Mapped[bool | None]
    conclusion: Mapped[str] = mapped_column(Text, default="")
    #: Successful and deficient components and their possible causes, in summary.
    causes: Mapped[str] = mapped_column(Text, default="")
    #: How the observed effects link to the likely long-term effects.
    long_term_link: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")
    #: How results and lessons are communicated, and to whom.
    communication: Mapped[str] = mapped_column(Text, default="")
    report_date: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    def audit_label(self) -> str:
        return "evaluation"


Project.results = relationship(EvaluationResult, viewonly=True, order_by=EvaluationResult.id)
Project.stakeholders = relationship(
    Stakeholder, viewonly=True, order_by=(Stakeholder.position, Stakeholder.id)
)
Project.component_assessments = relationship(
    ComponentAssessment, viewonly=True,
    order_by=(ComponentAssessment.position, ComponentAssessment.id),
)
Project.evaluation = relationship(ProjectEvaluation, viewonly=True, uselist=False)


__all__ = [
    "CHANGE_KINDS",
    "ComponentAssessment",
    "EvaluationResult",
    "METHODS",
    "ProjectEvaluation",
    "Stakeholder",
    "VERDICTS",
]
