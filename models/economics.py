"""Costs, unit costs and the expected economic effect (guide, section 5; SPEC 3.5).

The organisation keeps a unit-cost library (``UnitCost``) with a price index (``PriceIndexPoint``)
and the optimism reduction per confidence grade (``OptimismGrade``). Each project has budget lines
(``BudgetLine``), benefit lines (*undvikbara kostnader*, ``BenefitLine``) and its settings
(``ProjectEconomics``: discount rate, price year, the sensitivity variation and the Monte Carlo
ranges with the last run). The arithmetic is in ``models.domain.economics``; ``models.costs``
reads and writes these rows.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Money, Share, in_check
from models.domain.economics import CATEGORIES, GRADES
from models.logic_model import LogicIndicator, Measure
from models.project import Project

#: How a benefit line's number of people is given: entered, or participants × expected effect.
PEOPLE_SOURCES = ("entered", "effect")


class PriceIndexPoint(Base):
    """One year's value of the organisation's price index (any base, e.g. 2023 = 100)."""

    __tablename__ = "price_index_point"
    __table_args__ = (CheckConstraint("value > 0", name="value_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    value: Mapped[Decimal] = mapped_column(Measure)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    def audit_label(self) -> str:
        return str(self.year)


class OptimismGrade(Base):
    """The share of a benefit removed for a unit cost of this confidence grade."""

    __tablename__ = "optimism_grade"
    __table_args__ = (
        CheckConstraint(in_check("grade", GRADES), name="grade_known"),
        CheckConstraint("share >= 0 AND share <= 1", name="share_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    grade: Mapped[str] = mapped_column(String(1), unique=True)
    share: Mapped[Decimal] = mapped_column(Share)
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    def audit_label(self) -> str:
        return self.grade


class UnitCost(Base):
    """An item of the unit-cost library (*enhetskostnad*), e.g. a day in HVB care."""

    __tablename__ = "unit_cost"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("local_amount IS NULL OR local_amount >= 0",
                        name="local_amount_not_negative"),
        CheckConstraint(in_check("confidence", GRADES, nullable=True), name="confidence_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(60))
    amount: Mapped[Decimal] = mapped_column(Money)
    price_year: Mapped[int]
    source: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    local_amount: Mapped[Decimal | None] = mapped_column(Money)
    confidence: Mapped[str | None] = mapped_column(String(1))
    #: Shipped as an example value, not the organisation's own figure (cleared on edit).
    is_example: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}


class ProjectEconomics(Base):
    """A project's economic settings and its last Monte Carlo run (one per project)."""

    __tablename__ = "project_economics"
    __table_args__ = (
        CheckConstraint("discount_rate >= 0 AND discount_rate <= 1", name="rate_in_range"),
        CheckConstraint("sensitivity_factor >= 0 AND sensitivity_factor <= 1",
                        name="factor_in_range"),
        CheckConstraint("mc_draws >= 1", name="draws_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    discount_rate: Mapped[Decimal] = mapped_column(Share, default=Decimal("0.035"))
    #: The year whose prices all amounts are stated in; the start year when not set.
    price_year: Mapped[int | None]
    #: One-way variation of the sensitivity analysis (0.25 = ±25 %).
    sensitivity_factor: Mapped[Decimal] = mapped_column(Share, default=Decimal("0.25"))
    #: Monte Carlo: parameter → [low, likely, high] as decimal strings.
    mc_ranges: Mapped[dict] = mapped_column(JSON, default=dict)
    mc_seed: Mapped[int] = mapped_column(default=20240101)
    mc_draws: Mapped[int] = mapped_column(default=10000)
    #: The last run's summary and a fingerprint of the inputs it was run on.
    mc_result: Mapped[dict | None] = mapped_column(JSON)
    mc_fingerprint: Mapped[str | None] = mapped_column(String(64))
    mc_run_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project] = relationship()

    def audit_label(self) -> str:
        return str(self.discount_rate)


class BudgetLine(Base):
    """One line of a project's cost: category, the actor bearing it, the year (and optionally
    the month or phase it was planned for; totals roll up to years)."""

    __tablename__ = "budget_line"
    __table_args__ = (
        CheckConstraint(in_check("category", CATEGORIES), name="category_known"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("month IS NULL OR (month >= 1 AND month <= 12)", name="month_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    category: Mapped[str] = mapped_column(String(20))
    #: A department key or an external actor's key (``models.costs.EXTERNAL_ACTORS``).
    actor: Mapped[str] = mapped_column(String(60))
    year: Mapped[int]
    month: Mapped[int | None]
    phase: Mapped[str] = mapped_column(String(100), default="")
    amount: Mapped[Decimal] = mapped_column(Money)
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    def audit_label(self) -> str:
        return f"{self.category} {self.year}"


class BenefitLine(Base):
    """An avoidable cost: people affected × units per person and year × a unit cost, for the
    actor that gains, from a year and for a number of years, with its adjustments."""

    __tablename__ = "benefit_line"
    __table_args__ = (
        UniqueConstraint("project_id", "key", name="key_unique_in_project"),
        CheckConstraint(in_check("people_source", PEOPLE_SOURCES), name="people_source_known"),
        CheckConstraint("people IS NULL OR people >= 0", name="people_not_negative"),
        CheckConstraint("units_per_person >= 0", name="units_not_negative"),
        CheckConstraint("years >= 1", name="years_positive"),
        CheckConstraint("deadweight >= 0 AND deadweight <= 1", name="deadweight_share"),
        CheckConstraint("attribution >= 0 AND attribution <= 1", name="attribution_share"),
        CheckConstraint("drop_off >= 0 AND drop_off <= 1", name="drop_off_share"),
        CheckConstraint("evidence_years IS NULL OR evidence_years >= 0",
                        name="evidence_years_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("logic_indicator.id", ondelete="SET NULL")
    )
    unit_cost_id: Mapped[int] = mapped_column(ForeignKey("unit_cost.id", ondelete="RESTRICT"))
    people_source: Mapped[str] = mapped_column(String(10), default="entered")
    #: Entered people affected (may be fractional); unused when derived from the effect.
    people: Mapped[Decimal | None] = mapped_column(Measure)
    units_per_person: Mapped[Decimal] = mapped_column(Measure)
    actor: Mapped[str] = mapped_column(String(60))
    first_year: Mapped[int]
    years: Mapped[int] = mapped_column(default=1)
    deadweight: Mapped[Decimal] = mapped_column(Share, default=Decimal(0))
    attribution: Mapped[Decimal] = mapped_column(Share, default=Decimal(0))
    drop_off: Mapped[Decimal] = mapped_column(Share, default=Decimal(0))
    #: How many years the evidence shows the effect lasting (for the honesty checks).
    evidence_years: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    indicator: Mapped[LogicIndicator | None] = relationship()
    unit_cost: Mapped[UnitCost] = relationship()

    def audit_label(self) -> str:
        return self.key


Project.economics = relationship(ProjectEconomics, uselist=False, viewonly=True)
Project.budget_lines = relationship(BudgetLine, viewonly=True,
                                    order_by=(BudgetLine.position, BudgetLine.id))
Project.benefit_lines = relationship(BenefitLine, viewonly=True,
                                     order_by=(BenefitLine.position, BenefitLine.id))

__all__ = [
    "BenefitLine",
    "BudgetLine",
    "OptimismGrade",
    "PEOPLE_SOURCES",
    "PriceIndexPoint",
    "ProjectEconomics",
    "UnitCost",
]
