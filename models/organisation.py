"""The organisation: departments, funds with their ledger, and prioritisation criteria."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Money, Share

LEDGER_KINDS = ("allocation", "disbursement", "repayment")


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

    fund: Mapped[Fund] = relationship(back_populates="ledger")


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


__all__ = ["Criterion", "Department", "Fund", "LEDGER_KINDS", "LedgerEntry", "Organisation"]
