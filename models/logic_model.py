"""A project's logic model: elements on four levels, their indicators, the links, the baseline."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.project import Project

#: Baselines and targets: up to 14 digits before and 4 after the decimal point.
Measure = Numeric(18, 4, asdecimal=True)


class LogicModel(Base):
    """The model's overall purpose, and the baseline frozen when the project was approved."""

    __tablename__ = "logic_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    purpose: Mapped[str] = mapped_column(Text, default="")
    #: The model as it was approved: the exchange format's ``logic_model`` (without computed) as
    #: canonical JSON text; null until the project is approved.
    baseline: Mapped[str | None] = mapped_column(Text)
    baseline_at: Mapped[datetime | None]
    baseline_by: Mapped[str] = mapped_column(String(254), default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}
    __audit_exclude__ = frozenset({"version", "baseline"})

    project: Mapped[Project] = relationship(back_populates="logic_model")

    def audit_label(self) -> str:
        return "logic model"


class LogicElement(Base):
    __tablename__ = "logic_element"
    __table_args__ = (
        UniqueConstraint("project_id", "key", name="uq_logic_element_key"),
        CheckConstraint(
            "level IN ('resource', 'activity', 'short_term', 'long_term')", name="level_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    #: Assumptions and threats (*antaganden/hot*), one per line.
    assumptions: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project] = relationship(back_populates="logic_elements")
    indicators: Mapped[list[LogicIndicator]] = relationship(
        back_populates="element", cascade="all, delete-orphan",
        order_by="(LogicIndicator.position, LogicIndicator.id)",
    )
    outgoing: Mapped[list[LogicLink]] = relationship(
        foreign_keys="LogicLink.source_id", back_populates="source",
        cascade="all, delete-orphan", passive_deletes=True,
    )
    incoming: Mapped[list[LogicLink]] = relationship(
        foreign_keys="LogicLink.target_id", back_populates="target",
        cascade="all, delete-orphan", passive_deletes=True,
    )

    def audit_label(self) -> str:
        return f"{self.key}: {self.text[:80]}"

    @property
    def assumption_list(self) -> list[str]:
        return [line.strip() for line in self.assumptions.splitlines() if line.strip()]


class LogicIndicator(Base):
    """How an element is measured: an outcome indicator, or a process measure of an activity."""

    __tablename__ = "logic_indicator"
    __table_args__ = (
        UniqueConstraint("project_id", "key", name="uq_logic_indicator_key"),
        CheckConstraint("kind IN ('process', 'outcome')", name="kind_known"),
        CheckConstraint(
            "unit IS NULL OR unit IN ('count', 'percent', 'sek', 'score')", name="unit_known"
        ),
        CheckConstraint(
            "data_source_kind IS NULL OR data_source_kind IN"
            " ('register', 'administrative', 'own_survey', 'validated_instrument')",
            name="data_source_kind_known",
        ),
        CheckConstraint(
            "data_level IS NULL OR data_level IN ('individual', 'aggregate')",
            name="data_level_known",
        ),
        CheckConstraint(
            "horizon_months IS NULL OR horizon_months >= 0", name="horizon_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    element_id: Mapped[int] = mapped_column(
        ForeignKey("logic_element.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10), default="outcome")
    data_source: Mapped[str] = mapped_column(Text, default="")
    data_source_kind: Mapped[str | None] = mapped_column(String(30))
    data_level: Mapped[str | None] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(10))
    baseline: Mapped[Decimal | None] = mapped_column(Measure)
    target: Mapped[Decimal | None] = mapped_column(Measure)
    horizon_months: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    element: Mapped[LogicElement] = relationship(back_populates="indicators")

    def audit_label(self) -> str:
        return f"{self.key}: {self.name[:80]}"


class LogicLink(Base):
    __tablename__ = "logic_link"
    __table_args__ = (
        UniqueConstraint("source_id", "target_id", name="uq_logic_link"),
        CheckConstraint("source_id <> target_id", name="not_to_itself"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[int] = mapped_column(
        ForeignKey("logic_element.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int] = mapped_column(
        ForeignKey("logic_element.id", ondelete="CASCADE"), index=True
    )

    source: Mapped[LogicElement] = relationship(
        foreign_keys=[source_id], back_populates="outgoing"
    )
    target: Mapped[LogicElement] = relationship(
        foreign_keys=[target_id], back_populates="incoming"
    )

    def audit_label(self) -> str:
        source = self.source.key if self.source else self.source_id
        target = self.target.key if self.target else self.target_id
        return f"{source} → {target}"


Project.logic_model = relationship(
    LogicModel, back_populates="project", uselist=False, cascade="all, delete-orphan"
)
Project.logic_elements = relationship(
    LogicElement, back_populates="project", cascade="all, delete-orphan",
    order_by=(LogicElement.position, LogicElement.id),
)

__all__ = ["LogicElement", "LogicIndicator", "LogicLink", "LogicModel", "Measure"]
