"""Calls for proposals (*utlysningar*), screening, feedback letters and decisions.

A call is opened on a fund with its criteria, dates and application form (the standard proposal
fields plus the call's own questions). Departments answer it with proposals: projects in stage
``proposal`` linked to the call. The coordinator screens each proposal (completeness,
must-criteria), writes every proposer a feedback letter and records the decision that moves it on.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Money, in_check, utcnow
from models.domain.labels import (
    CALL_KIND_LABELS,
    DECISION_BODY_LABELS,
    DECISION_OUTCOME_LABELS,
    FEEDBACK_STATUS_LABELS,
    LEVEL_LABELS,
    SCREENING_STATUS_LABELS,
)
from models.needs import NeedArea
from models.organisation import Criterion, Department, Fund, LedgerEntry
from models.project import Project, StageChange

CALL_KINDS = tuple(CALL_KIND_LABELS)
SCREENING_STATUSES = tuple(SCREENING_STATUS_LABELS)
LEVELS = tuple(LEVEL_LABELS)
DECISION_BODIES = tuple(DECISION_BODY_LABELS)
DECISION_OUTCOMES = tuple(DECISION_OUTCOME_LABELS)
FEEDBACK_STATUSES = tuple(FEEDBACK_STATUS_LABELS)



call_criterion = Table(
    "call_criterion",
    Base.metadata,
    Column("call_id", ForeignKey("call.id", ondelete="CASCADE"), primary_key=True),
    Column("criterion_id", ForeignKey("criterion.id", ondelete="CASCADE"), primary_key=True),
)

call_need_area = Table(
    "call_need_area",
    Base.metadata,
    Column("call_id", ForeignKey("call.id", ondelete="CASCADE"), primary_key=True),
    Column("need_area_id", ForeignKey("need_area.id", ondelete="CASCADE"), primary_key=True),
)


class Call(Base):
    """A call for proposals on a fund: open, based on defined need areas, or a direct assignment."""

    __tablename__ = "call"
    __table_args__ = (
        CheckConstraint(in_check("kind", CALL_KINDS), name="kind_known"),
        CheckConstraint("closes >= opens", name="closes_after_opens"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    fund_id: Mapped[int] = mapped_column(ForeignKey("fund.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="open")
    #: What the call asks for, who may apply and how proposals are judged.
    description: Mapped[str] = mapped_column(Text, default="")
    opens: Mapped[date]
    closes: Mapped[date]
    #: When the decision is expected, for the proposers' planning.
    decision_expected: Mapped[date | None]
    #: The department a direct assignment is given to.
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}
    __audit_exclude__ = frozenset({"version", "created_at"})

    fund: Mapped[Fund] = relationship()
    department: Mapped[Department | None] = relationship()
    criteria: Mapped[list[Criterion]] = relationship(
        secondary=call_criterion, order_by=(Criterion.position, Criterion.key)
    )
    need_areas: Mapped[list[NeedArea]] = relationship(
        secondary=call_need_area, order_by=NeedArea.key
    )
    questions: Mapped[list[CallQuestion]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="CallQuestion.position"
    )
    proposals: Mapped[list[Project]] = relationship(
        primaryjoin="Call.id == foreign(Project.call_id)", viewonly=True, order_by=Project.key
    )

    def status_on(self, day: date) -> str:
        """``upcoming``, ``open`` or ``closed`` on ``day``."""
        if day < self.opens:
            return "upcoming"
        return "open" if day <= self.closes else "closed"


class CallQuestion(Base):
    """A question of the call's application form, answered in every proposal to the call."""

    __tablename__ = "call_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(default=True)

    call: Mapped[Call] = relationship(back_populates="questions")

    def audit_label(self) -> str:
        return self.text[:80]


class ProposalAnswer(Base):
    """A proposal's answer to one of its call's questions."""

    __tablename__ = "proposal_answer"
    __table_args__ = (UniqueConstraint("project_id", "question_id", name="uq_proposal_answer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("call_question.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship()
    question: Mapped[CallQuestion] = relationship()

    def audit_label(self) -> str:
        return self.question.text[:80] if self.question else f"#{self.question_id}"


class Screening(Base):
    """The coordinator's screening of a proposal: status, assessments and requests."""

    __tablename__ = "screening"
    __table_args__ = (
        CheckConstraint(in_check("status", SCREENING_STATUSES), name="status_known"),
        CheckConstraint(in_check("risk_level", LEVELS, nullable=True), name="risk_level_known"),
        CheckConstraint(in_check("complexity", LEVELS, nullable=True), name="complexity_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(30), default="pending")
    #: Why the proposal was set aside (required when it is).
    reason: Mapped[str] = mapped_column(Text, default="")
    #: What the proposer is asked to complete; shown to the proposer.
    completion_request: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime | None]
    #: The proposer said the requested completion is done.
    completed_at: Mapped[datetime | None]
    #: The coordinator's overall assessment of the initiative's risk and complexity.
    risk_level: Mapped[str | None] = mapped_column(String(10))
    complexity: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    screened_by: Mapped[str] = mapped_column(String(254), default="")
    screened_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project] = relationship()
    must_checks: Mapped[list[MustCheck]] = relationship(
        back_populates="screening", cascade="all, delete-orphan", order_by="MustCheck.id"
    )

    def audit_label(self) -> str:
        return self.status


class MustCheck(Base):
    """Whether a proposal meets one must-criterion, as judged at screening."""

    __tablename__ = "must_check"
    __table_args__ = (UniqueConstraint("screening_id", "criterion_id", name="uq_must_check"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[int] = mapped_column(
        ForeignKey("screening.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"))
    passed: Mapped[bool]
    note: Mapped[str] = mapped_column(Text, default="")

    screening: Mapped[Screening] = relationship(back_populates="must_checks")
    criterion: Mapped[Criterion] = relationship()

    def audit_project_id(self) -> int | None:
        return self.screening.project_id if self.screening else None

    def audit_label(self) -> str:
        return self.criterion.key if self.criterion else f"#{self.criterion_id}"


class FeedbackLetter(Base):
    """The letter every proposer gets: strengths, weaknesses and what to improve."""

    __tablename__ = "feedback_letter"
    __table_args__ = (CheckConstraint(in_check("status", FEEDBACK_STATUSES), name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(10), default="draft")
    opening: Mapped[str] = mapped_column(Text, default="")
    strengths: Mapped[str] = mapped_column(Text, default="")
    weaknesses: Mapped[str] = mapped_column(Text, default="")
    improvements: Mapped[str] = mapped_column(Text, default="")
    closing: Mapped[str] = mapped_column(Text, default="")
    signed_by: Mapped[str] = mapped_column(String(200), default="")
    drafted_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    sent_by: Mapped[str] = mapped_column(String(254), default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project] = relationship()

    def audit_label(self) -> str:
        return self.status


class Decision(Base):
    """A decision on a proposal: who decided, when, the amount and the conditions."""

    __tablename__ = "decision"
    __table_args__ = (
        CheckConstraint(in_check("body", DECISION_BODIES), name="body_known"),
        CheckConstraint(in_check("outcome", DECISION_OUTCOMES), name="outcome_known"),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(String(20))
    #: The deciding body's own name, e.g. "Kommunstyrelsen" or "Socialnämnden".
    body_name: Mapped[str] = mapped_column(String(200), default="")
    decided_on: Mapped[date]
    #: The minutes' paragraph or case number (*§, diarienummer*).
    reference: Mapped[str] = mapped_column(String(100), default="")
    outcome: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal | None] = mapped_column(Money)
    conditions: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(254), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    ledger_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("ledger_entry.id", ondelete="SET NULL")
    )
    stage_change_id: Mapped[int | None] = mapped_column(
        ForeignKey("stage_change.id", ondelete="SET NULL")
    )

    project: Mapped[Project] = relationship()
    ledger_entry: Mapped[LedgerEntry | None] = relationship()
    stage_change: Mapped[StageChange | None] = relationship()

    def audit_label(self) -> str:
        return f"{self.outcome} {self.decided_on.isoformat()}"


#: The call a proposal answers (declared here, where ``Call`` is known).
Project.call = relationship(Call, foreign_keys=[Project.call_id])


__all__ = [
    "CALL_KINDS",
    "Call",
    "CallQuestion",
    "DECISION_BODIES",
    "DECISION_OUTCOMES",
    "Decision",
    "FEEDBACK_STATUSES",
    "FeedbackLetter",
    "LEVELS",
    "MustCheck",
    "ProposalAnswer",
    "SCREENING_STATUSES",
    "Screening",
    "call_criterion",
    "call_need_area",
]
