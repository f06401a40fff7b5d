"""The organisation: departments, funds with their ledger, and prioritisation criteria."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Money, Share, utcnow

LEDGER_KINDS = ("allocation", "disbursement", "repayment")
#: Kinds of money a fund plans to pay out or get back in a future year.
PLANNED_KINDS = ("disbursement", "repayment")


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    is_demo: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}


class Department(Base):
    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}


class Fund(Base):
    __tablename__ = "fund"
    __table_args__ = (
        CheckConstraint("capital >= 0", name="capital_not_negative"),
        CheckConstraint(
            "central_risk_share >= 0 AND central_risk_share <= 1", name="risk_share_fraction"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    capital: Mapped[Decimal] = mapped_column(Money)
    start: Mapped[date | None]
    end: Mapped[date | None]
    central_risk_share: Mapped[Decimal] = mapped_column(Share, default=Decimal("1"))
    rules: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    ledger: Mapped[list[LedgerEntry]] = relationship(
        back_populates="fund", cascade="all, delete-orphan", order_by="LedgerEntry.date"
    )
    plan: Mapped[list[PlannedFlow]] = relationship(
        back_populates="fund", cascade="all, delete-orphan",
        order_by="(PlannedFlow.year, PlannedFlow.id)",
    )


class LedgerEntry(Base):
    __tablename__ = "ledger_entry"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('allocation', 'disbursement', 'repayment')", name="kind_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fund_id: Mapped[int] = mapped_column(ForeignKey("fund.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("project.id", ondelete="SET NULL"), index=True
    )
    date: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Money)
    note: Mapped[str] = mapped_column(Text, default="")
    #: An allocation above the money available, passed by a coordinator with a reason.
    override: Mapped[bool] = mapped_column(default=False)
    override_reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(254), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    fund: Mapped[Fund] = relationship(back_populates="ledger")

    def audit_label(self) -> str:
        return f"{self.kind} {self.amount} ({self.date.isoformat()})"


class PlannedFlow(Base):
    """Money a fund expects to pay out or get back in a coming year, for its forecast."""

    __tablename__ = "planned_flow"
    __table_args__ = (
        CheckConstraint("kind IN ('disbursement', 'repayment')", name="kind_known"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fund_id: Mapped[int] = mapped_column(ForeignKey("fund.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("project.id", ondelete="SET NULL"), index=True
    )
    year: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Money)
    note: Mapped[str] = mapped_column(Text, default="")

    fund: Mapped[Fund] = relationship(back_populates="plan")

    def audit_label(self) -> str:
        return f"{self.kind} {self.amount} ({self.year})"


class Criterion(Base):
    __tablename__ = "criterion"
    __table_args__ = (
        CheckConstraint("scale_max >= 1", name="scale_positive"),
        CheckConstraint("weight >= 0", name="weight_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[Decimal] = mapped_column(Share)
    scale_max: Mapped[int] = mapped_column(default=5)
    must: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}


__all__ = ["Criterion", "Department", "Fund", "LEDGER_KINDS", "LedgerEntry", "Organisation",
           "PLANNED_KINDS", "PlannedFlow"]
