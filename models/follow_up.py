"""Implementation and follow-up (guide, section 6; SPEC 3.8).

While an initiative runs, its process and outcome indicators are reported per period
(``IndicatorReporting`` says how often and who reports; ``IndicatorValue`` holds the planned and
actual value of one period, optionally broken down, e.g. by weekday or trainer). Participants are
counted per period and risk profile (``ParticipantFlow``: eligible and enrolled, the basis of reach
and of the cream-skimming monitor); each drop-out is recorded with its reason
(``DropOut``; a reason that suggests harm is flagged until it has been investigated). Resource use
per activity is reported as planned and actual hours (``ResourceUse``). The steering group's
check-ins (``CheckIn``) record who took part, notes and decisions (``CheckInDecision``: continue,
adjust, intensify, stop) with what prompted each.

A period is identified by its first day: the first of a month, or of a quarter (January, April,
July, October).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, in_check, utcnow
from models.design import PlannedCheckIn
from models.logic_model import LogicElement, LogicIndicator, Measure
from models.project import Project

FREQUENCIES = ("month", "quarter")
RISK_PROFILES = ("low", "medium", "high", "unknown")
#: Why a participant left. ``worse_off`` and ``negative_experience`` suggest that the initiative
#: may have harmed (the guide: investigate each drop-out quickly).
DROP_OUT_REASONS = ("moved", "declined", "no_longer_needed", "other_support", "practical",
                    "negative_experience", "worse_off", "unknown", "other")
DECISIONS = ("continue", "adjust", "intensify", "stop")
PROMPTS = ("indicator", "drop_out", "resources", "signal", "schedule", "other")


class IndicatorReporting(Base):
    """How an indicator is followed up: how often, from which period, and who reports it."""

    __tablename__ = "indicator_reporting"
    __table_args__ = (CheckConstraint(in_check("frequency", FREQUENCIES), name="frequency_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("logic_indicator.id", ondelete="CASCADE"), unique=True
    )
    frequency: Mapped[str] = mapped_column(String(10), default="quarter")
    #: The first period to report (its first day); the project's start when empty.
    first_period: Mapped[date | None]
    responsible: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    indicator: Mapped[LogicIndicator] = relationship()

    def audit_label(self) -> str:
        return self.indicator.key if self.indicator is not None else str(self.indicator_id)


class IndicatorValue(Base):
    """One period's planned and actual value of an indicator, in total (empty dimension) or for
    one category of a breakdown (e.g. dimension "weekday", category "tisdag")."""

    __tablename__ = "indicator_value"
    __table_args__ = (
        UniqueConstraint("indicator_id", "period", "dimension", "category",
                         name="uq_indicator_value_period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("logic_indicator.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[date]
    dimension: Mapped[str] = mapped_column(String(60), default="")
    category: Mapped[str] = mapped_column(String(100), default="")
    planned: Mapped[Decimal | None] = mapped_column(Measure)
    actual: Mapped[Decimal | None] = mapped_column(Measure)
    #: Who reported the value (free text: a name or a function).
    reported_by: Mapped[str] = mapped_column(String(200), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(254), default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    indicator: Mapped[LogicIndicator] = relationship()

    def audit_label(self) -> str:
        key = self.indicator.key if self.indicator is not None else str(self.indicator_id)
        extra = f" {self.dimension}={self.category}" if self.dimension else ""
        return f"{key} {self.period.isoformat()}{extra}"


class ParticipantFlow(Base):
    """Eligible and newly enrolled participants of one period and risk profile."""

    __tablename__ = "participant_flow"
    __table_args__ = (
        UniqueConstraint("project_id", "period", "risk_profile", name="uq_participant_flow"),
        CheckConstraint(in_check("risk_profile", RISK_PROFILES), name="risk_profile_known"),
        CheckConstraint("eligible IS NULL OR eligible >= 0", name="eligible_not_negative"),
        CheckConstraint("enrolled >= 0", name="enrolled_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[date]
    risk_profile: Mapped[str] = mapped_column(String(10), default="unknown")
    #: People in the target group of this profile who could have been enrolled in the period.
    eligible: Mapped[int | None]
    #: People who started in the period.
    enrolled: Mapped[int] = mapped_column(default=0)
    comment: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    def audit_label(self) -> str:
        return f"{self.period.isoformat()} {self.risk_profile}"


class DropOut(Base):
    """A participant who left before the end, with the reason (no personal data)."""

    __tablename__ = "drop_out"
    __table_args__ = (
        CheckConstraint(in_check("risk_profile", RISK_PROFILES), name="risk_profile_known"),
        CheckConstraint(in_check("reason_kind", DROP_OUT_REASONS), name="reason_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    left_on: Mapped[date]
    risk_profile: Mapped[str] = mapped_column(String(10), default="unknown")
    reason_kind: Mapped[str] = mapped_column(String(30), default="unknown")
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The reason suggests the initiative may have harmed; flagged until investigated.
    possible_harm: Mapped[bool] = mapped_column(default=False)
    investigated_on: Mapped[date | None]
    investigation: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(254), default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    def audit_label(self) -> str:
        return f"{self.left_on.isoformat()} {self.reason_kind}"


class ResourceUse(Base):
    """Planned and actual hours of one competence on one activity in one period."""

    __tablename__ = "resource_use"
    __table_args__ = (
        UniqueConstraint("element_id", "period", "competence", name="uq_resource_use"),
        CheckConstraint("planned_hours IS NULL OR planned_hours >= 0",
                        name="planned_not_negative"),
        CheckConstraint("actual_hours IS NULL OR actual_hours >= 0", name="actual_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    #: The activity of the logic model.
    element_id: Mapped[int] = mapped_column(
        ForeignKey("logic_element.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[date]
    competence: Mapped[str] = mapped_column(String(200))
    planned_hours: Mapped[Decimal | None] = mapped_column(Measure)
    actual_hours: Mapped[Decimal | None] = mapped_column(Measure)
    comment: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    element: Mapped[LogicElement] = relationship()

    def audit_label(self) -> str:
        return f"{self.period.isoformat()} {self.competence}"


class CheckIn(Base):
    """A check-in (*avstämning*) held by the steering group or the project's owner."""

    __tablename__ = "check_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date]
    #: The scheduled check-in this one was (none for an extra one).
    planned_id: Mapped[int | None] = mapped_column(
        ForeignKey("planned_check_in.id", ondelete="SET NULL")
    )
    participants: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(254), default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    planned: Mapped[PlannedCheckIn | None] = relationship()
    decisions: Mapped[list[CheckInDecision]] = relationship(
        back_populates="check_in", cascade="all, delete-orphan",
        order_by="(CheckInDecision.position, CheckInDecision.id)",
    )

    def audit_label(self) -> str:
        return self.held_on.isoformat()


class CheckInDecision(Base):
    """A decision of a check-in and what prompted it."""

    __tablename__ = "check_in_decision"
    __table_args__ = (
        CheckConstraint(in_check("decision", DECISIONS), name="decision_known"),
        CheckConstraint(in_check("prompt", PROMPTS), name="prompt_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    check_in_id: Mapped[int] = mapped_column(
        ForeignKey("check_in.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    decision: Mapped[str] = mapped_column(String(12))
    #: What prompted it: an indicator, a drop-out, resource use, a signal, the schedule, other.
    prompt: Mapped[str] = mapped_column(String(12), default="other")
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("logic_indicator.id", ondelete="SET NULL")
    )
    drop_out_id: Mapped[int | None] = mapped_column(ForeignKey("drop_out.id", ondelete="SET NULL"))
    #: The signal code when a signal prompted it.
    signal_code: Mapped[str] = mapped_column(String(40), default="")
    #: What was seen, in words.
    prompted_by: Mapped[str] = mapped_column(Text, default="")
    #: What is to be done, by whom and when.
    action: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(String(200), default="")

    check_in: Mapped[CheckIn] = relationship(back_populates="decisions")
    indicator: Mapped[LogicIndicator | None] = relationship()
    drop_out: Mapped[DropOut | None] = relationship()

    def audit_label(self) -> str:
        return self.decision


# What pages, signals and the checklist read of a project. Read-only: rows are added and removed
# through their own operations.
Project.indicator_reporting = relationship(IndicatorReporting, viewonly=True)
Project.indicator_values = relationship(
    IndicatorValue, viewonly=True, order_by=(IndicatorValue.period, IndicatorValue.id)
)
Project.participant_flows = relationship(
    ParticipantFlow, viewonly=True, order_by=(ParticipantFlow.period, ParticipantFlow.id)
)
Project.drop_outs = relationship(DropOut, viewonly=True, order_by=(DropOut.left_on, DropOut.id))
Project.resource_uses = relationship(
    ResourceUse, viewonly=True, order_by=(ResourceUse.period, ResourceUse.id)
)
Project.check_ins = relationship(CheckIn, viewonly=True, order_by=(CheckIn.held_on, CheckIn.id))


__all__ = [
    "CheckIn",
    "CheckInDecision",
    "DECISIONS",
    "DROP_OUT_REASONS",
    "DropOut",
    "FREQUENCIES",
    "IndicatorReporting",
    "IndicatorValue",
    "PROMPTS",
    "ParticipantFlow",
    "RISK_PROFILES",
    "ResourceUse",
]
