"""Projects (initiatives, *satsningar*) with their stage history, checklist and members."""

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

from models.base import Base, Money, utcnow
from models.organisation import Criterion, Department, Fund
from models.user import User

project_department = Table(
    "project_department",
    Base.metadata,
    Column("project_id", ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True),
)


class Project(Base):
    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint(
            "stage IN ('idea', 'proposal', 'prioritised', 'approved', 'running', 'evaluation',"
            " 'implementation', 'closed', 'rejected', 'stopped')",
            name="stage_known",
        ),
        CheckConstraint(
            "prevention_level IS NULL OR prevention_level IN"
            " ('universal', 'targeted', 'indicated')",
            name="prevention_level_known",
        ),
        CheckConstraint("size_total IS NULL OR size_total >= 0", name="size_total_not_negative"),
        CheckConstraint(
            "size_reached IS NULL OR size_reached >= 0", name="size_reached_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(20), default="idea", index=True)
    need_description: Mapped[str] = mapped_column(Text, default="")
    ordinary_practice: Mapped[str] = mapped_column(Text, default="")
    target_description: Mapped[str] = mapped_column(Text, default="")
    #: The target group described precisely (guide, section 4): not "children with difficulties
    #: in school" but "children 6–12 with neuropsychiatric problems at schools X and Y".
    diagnosis: Mapped[str] = mapped_column(Text, default="")
    risk_factor: Mapped[str] = mapped_column(Text, default="")
    geography: Mapped[str] = mapped_column(Text, default="")
    current_intervention: Mapped[str] = mapped_column(Text, default="")
    age_min: Mapped[int | None]
    age_max: Mapped[int | None]
    life_stage: Mapped[str | None] = mapped_column(String(20))
    prevention_level: Mapped[str | None] = mapped_column(String(20))
    size_total: Mapped[int | None]
    size_reached: Mapped[int | None]
    fund_id: Mapped[int | None] = mapped_column(
        ForeignKey("fund.id", ondelete="SET NULL"), index=True
    )
    start: Mapped[date | None]
    end: Mapped[date | None]
    budget_request: Mapped[Decimal | None] = mapped_column(Money)
    #: The call the proposal answers, if any.
    call_id: Mapped[int | None] = mapped_column(
        ForeignKey("call.id", ondelete="SET NULL"), index=True
    )
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    #: The steering group's scores are visible to everyone (opened by a coordinator); until then
    #: a rater sees the others' scores only after submitting their own.
    scores_open: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}
    __audit_exclude__ = frozenset({"version", "updated_at", "created_at"})

    fund: Mapped[Fund | None] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    leader: Mapped[User | None] = relationship(foreign_keys=[leader_id])
    departments: Mapped[list[Department]] = relationship(
        secondary=project_department, order_by=Department.key
    )
    members: Mapped[list[ProjectMember]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    stage_changes: Mapped[list[StageChange]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="StageChange.id"
    )
    confirmations: Mapped[list[ChecklistConfirmation]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    scores: Mapped[list[Score]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    score_submissions: Mapped[list[ScoreSubmission]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )

    def audit_project_id(self) -> int | None:
        return self.id


class ProjectMember(Base):
    __tablename__ = "project_member"
    __table_args__ = (UniqueConstraint("project_id", "user_id", name="uq_project_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))

    project: Mapped[Project] = relationship(back_populates="members")
    user: Mapped[User] = relationship()

    def audit_label(self) -> str:
        return self.user.email if self.user else f"#{self.user_id}"


class StageChange(Base):
    __tablename__ = "stage_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    user_label: Mapped[str] = mapped_column(String(254), default="")
    from_stage: Mapped[str] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The stage gate had open checklist items and a coordinator passed it anyway.
    gate_override: Mapped[bool] = mapped_column(default=False)

    project: Mapped[Project] = relationship(back_populates="stage_changes")

    def audit_label(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class ChecklistConfirmation(Base):
    __tablename__ = "checklist_confirmation"
    __table_args__ = (UniqueConstraint("project_id", "item", name="uq_checklist_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(60))
    confirmed_on: Mapped[date]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    user_label: Mapped[str] = mapped_column(String(254), default="")
    comment: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="confirmations")

    def audit_label(self) -> str:
        return self.item


class Score(Base):
    """One steering-group member's score of one project on one criterion."""

    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("project_id", "rater_id", "criterion_id", name="uq_score_once"),
        CheckConstraint("value >= 0", name="value_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    rater_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"))
    value: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="scores")
    rater: Mapped[User] = relationship()
    criterion: Mapped[Criterion] = relationship()

class ScoreSubmission(Base):
    """A steering-group member has submitted their scores of a project; they are then final."""

    __tablename__ = "score_submission"
    __table_args__ = (UniqueConstraint("project_id", "rater_id", name="uq_score_submission"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    rater_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(back_populates="score_submissions")
    rater: Mapped[User] = relationship()

    def audit_label(self) -> str:
        return self.rater.email if self.rater else f"#{self.rater_id}"


__all__ = [
    "ChecklistConfirmation",
    "Criterion",
    "Project",
    "ProjectMember",
    "Score",
    "ScoreSubmission",
    "StageChange",
    "project_department",
]
