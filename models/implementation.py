"""Implementation and scale-up (guide, section 8; SPEC 3.10).

The plan for running the new method in ordinary operations (``ImplementationPlan``, one per
project): full-scale annual cost, expected effect and savings, the time frame, all at once or in
phases (``ImplementationPhase``: which units, when, what coverage), financing (within frames or
additional, shares per actor that sum to 100 %: ``ImplementationFinancing``), what the method
replaces, ownership, delivery, organisation and forums, the new context and obstacles, and the
follow-up date. When that date comes, results after mainstreaming are compared with the project
period per indicator (``ImplementationFollowUp``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Money, Share, in_check
from models.logic_model import LogicIndicator, Measure
from models.project import Project

ROLLOUTS = ("all_at_once", "phased")
FINANCING_KINDS = ("within_frames", "additional", "mixed")


class ImplementationPlan(Base):
    """How the new method becomes part of ordinary operations (one per project)."""

    __tablename__ = "implementation_plan"
    __table_args__ = (
        CheckConstraint(in_check("rollout", ROLLOUTS), name="rollout_known"),
        CheckConstraint(in_check("financing_kind", FINANCING_KINDS, nullable=True),
                        name="financing_kind_known"),
        CheckConstraint("annual_cost IS NULL OR annual_cost >= 0", name="cost_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    annual_cost: Mapped[Decimal | None] = mapped_column(Money)
    #: What the full-scale cost covers (e.g. two teams, management, material, follow-up).
    cost_note: Mapped[str] = mapped_column(Text, default="")
    annual_saving: Mapped[Decimal | None] = mapped_column(Money)
    #: The expected effect at full scale, in words (e.g. 20 % better WHO-5).
    expected_effect: Mapped[str] = mapped_column(Text, default="")
    rollout: Mapped[str] = mapped_column(String(12), default="all_at_once")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    financing_kind: Mapped[str | None] = mapped_column(String(15))
    replaces: Mapped[str] = mapped_column(Text, default="")
    ownership: Mapped[str] = mapped_column(Text, default="")
    delivery: Mapped[str] = mapped_column(Text, default="")
    organisation: Mapped[str] = mapped_column(Text, default="")
    forums: Mapped[str] = mapped_column(Text, default="")
    #: Staff, training, premises: what must be in place.
    prerequisites: Mapped[str] = mapped_column(Text, default="")
    new_context: Mapped[str] = mapped_column(Text, default="")
    obstacles: Mapped[str] = mapped_column(Text, default="")
    follow_up_date: Mapped[date | None]
    #: How the results after mainstreaming compare with the project period, in words.
    follow_up_summary: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    def audit_label(self) -> str:
        return "implementation plan"


class ImplementationPhase(Base):
    """A phase of a phased rollout: which units, when, and the coverage reached."""

    __tablename__ = "implementation_phase"
    __table_args__ = (
        CheckConstraint("coverage IS NULL OR (coverage >= 0 AND coverage <= 1)",
                        name="coverage_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    units: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    #: Share of the full target group covered when the phase is done.
    coverage: Mapped[Decimal | None] = mapped_column(Share)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    def audit_label(self) -> str:
        return self.name[:80]


class ImplementationFinancing(Base):
    """An actor's share of the full-scale cost (a department key or an outside actor's key)."""

    __tablename__ = "implementation_financing"
    __table_args__ = (
        UniqueConstraint("project_id", "actor", name="uq_implementation_financing"),
        CheckConstraint("share > 0 AND share <= 1", name="share_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    actor: Mapped[str] = mapped_column(String(60))
    share: Mapped[Decimal] = mapped_column(Share)
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    def audit_label(self) -> str:
        return self.actor


class ImplementationFollowUp(Base):
    """An indicator's result after mainstreaming beside its result in the project period."""

    __tablename__ = "implementation_follow_up"
    __table_args__ = (
        UniqueConstraint("project_id", "indicator_id", name="uq_implementation_follow_up"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("logic_indicator.id", ondelete="CASCADE")
    )
    #: The change (signed fraction) in the project period and after mainstreaming.
    project_change: Mapped[Decimal | None] = mapped_column(Measure)
    after_change: Mapped[Decimal | None] = mapped_column(Measure)
    measured_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    indicator: Mapped[LogicIndicator] = relationship()

    def audit_label(self) -> str:
        return self.indicator.key if self.indicator is not None else str(self.indicator_id)


Project.implementation_plan = relationship(ImplementationPlan, viewonly=True, uselist=False)
Project.implementation_phases = relationship(
    ImplementationPhase, viewonly=True,
    order_by=(ImplementationPhase.position, ImplementationPhase.id),
)
Project.implementation_financing = relationship(
    ImplementationFinancing, viewonly=True, order_by=ImplementationFinancing.actor
)
Project.implementation_follow_ups = relationship(
    ImplementationFollowUp, viewonly=True, order_by=ImplementationFollowUp.id
)


__all__ = [
    "FINANCING_KINDS",
    "ImplementationFinancing",
    "ImplementationFollowUp",
    "ImplementationPhase",
    "ImplementationPlan",
    "ROLLOUTS",
]
