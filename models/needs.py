"""The cross-sector needs analysis (*behovsanalys*): need areas with their evidence.

A need area holds key indicators with breakdowns, the data sources and qualitative sources behind
them, socio-economic index analyses per area and flow analyses. Projects link to need areas.
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

from models.base import Base, in_check, utcnow
from models.domain.labels import (
    DIMENSION_LABELS,
    NEED_STATUS_LABELS,
    QUALITATIVE_METHOD_LABELS,
    RAISED_BY_LABELS,
    SOURCE_KIND_LABELS,
    SOURCE_LEVEL_LABELS,
)
from models.logic_model import Measure
from models.organisation import Department
from models.project import Project

NEED_STATUSES = tuple(NEED_STATUS_LABELS)
RAISED_BY_KINDS = tuple(RAISED_BY_LABELS)
DIMENSIONS = tuple(DIMENSION_LABELS)
SOURCE_KINDS = tuple(SOURCE_KIND_LABELS)
SOURCE_LEVELS = tuple(SOURCE_LEVEL_LABELS)
QUALITATIVE_METHODS = tuple(QUALITATIVE_METHOD_LABELS)



project_need_area = Table(
    "project_need_area",
    Base.metadata,
    Column("project_id", ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    Column("need_area_id", ForeignKey("need_area.id", ondelete="CASCADE"), primary_key=True),
)


class NeedArea(Base):
    __tablename__ = "need_area"
    __table_args__ = (
        CheckConstraint(in_check("status", NEED_STATUSES), name="status_known"),
        CheckConstraint(in_check("raised_by_kind", RAISED_BY_KINDS, nullable=True),
                        name="raised_by_kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: The outcome that must improve.
    outcome: Mapped[str] = mapped_column(Text, default="")
    #: The idea of a target group the analysis points to.
    target_group: Mapped[str] = mapped_column(Text, default="")
    raised_by_kind: Mapped[str | None] = mapped_column(String(20))
    raised_by: Mapped[str] = mapped_column(String(200), default="")
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="raised")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}
    __audit_exclude__ = frozenset({"version", "updated_at", "created_at"})

    department: Mapped[Department | None] = relationship()
    projects: Mapped[list[Project]] = relationship(
        secondary=project_need_area, back_populates="need_areas", order_by=Project.title
    )
    indicators: Mapped[list[NeedIndicator]] = relationship(
        back_populates="need_area", cascade="all, delete-orphan",
        order_by="(NeedIndicator.position, NeedIndicator.id)",
    )
    data_sources: Mapped[list[DataSource]] = relationship(
        back_populates="need_area", cascade="all, delete-orphan",
        order_by="(DataSource.position, DataSource.id)",
    )
    qualitative_sources: Mapped[list[QualitativeSource]] = relationship(
        back_populates="need_area", cascade="all, delete-orphan",
        order_by="(QualitativeSource.position, QualitativeSource.id)",
    )
    ses_analyses: Mapped[list[SesAnalysis]] = relationship(
        back_populates="need_area", cascade="all, delete-orphan", order_by="SesAnalysis.id"
    )
    flow_analyses: Mapped[list[FlowAnalysis]] = relationship(
        back_populates="need_area", cascade="all, delete-orphan", order_by="FlowAnalysis.id"
    )

    def audit_project_id(self) -> int | None:
        return None


class _Child(Base):
    """A row that belongs to one need area (and is logged under it)."""

    __abstract__ = True

    def audit_project_id(self) -> int | None:
        return None


class NeedIndicator(_Child):
    """A key indicator (*nyckelindikator*) with its value, comparison and breakdowns."""

    __tablename__ = "need_indicator"
    __table_args__ = (UniqueConstraint("need_area_id", "key", name="uq_need_indicator_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_area_id: Mapped[int] = mapped_column(
        ForeignKey("need_area.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="")
    year: Mapped[int | None]
    value: Mapped[Decimal | None] = mapped_column(Measure)
    comparison_value: Mapped[Decimal | None] = mapped_column(Measure)
    #: What the comparison value is: peer municipalities, the national average, ...
    comparison_label: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    need_area: Mapped[NeedArea] = relationship(back_populates="indicators")
    breakdowns: Mapped[list[Breakdown]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan",
        order_by="(Breakdown.dimension, Breakdown.position, Breakdown.id)",
    )


class Breakdown(_Child):
    """An indicator's value for one category of a background factor (sex, age band, area ...)."""

    __tablename__ = "indicator_breakdown"
    __table_args__ = (
        CheckConstraint(in_check("dimension", DIMENSIONS), name="dimension_known"),
        UniqueConstraint("indicator_id", "dimension", "category", name="uq_breakdown_category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("need_indicator.id", ondelete="CASCADE"), index=True
    )
    dimension: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(100))
    value: Mapped[Decimal] = mapped_column(Measure)
    position: Mapped[int] = mapped_column(default=0)

    indicator: Mapped[NeedIndicator] = relationship(back_populates="breakdowns")

    def audit_label(self) -> str:
        return f"{self.dimension}: {self.category}"


class DataSource(_Child):
    """Where quantitative data come from, at which level, and the legal limits on combining it."""

    __tablename__ = "need_data_source"
    __table_args__ = (
        CheckConstraint(in_check("kind", SOURCE_KINDS), name="kind_known"),
        CheckConstraint(in_check("level", SOURCE_LEVELS, nullable=True), name="level_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_area_id: Mapped[int] = mapped_column(
        ForeignKey("need_area.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="other")
    holder: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[str | None] = mapped_column(String(20))
    legal_limits: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    need_area: Mapped[NeedArea] = relationship(back_populates="data_sources")


class QualitativeSource(_Child):
    """Interviews, focus groups, observations and user surveys, with a summary."""

    __tablename__ = "need_qualitative_source"
    __table_args__ = (
        CheckConstraint(in_check("method", QUALITATIVE_METHODS), name="method_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_area_id: Mapped[int] = mapped_column(
        ForeignKey("need_area.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(20), default="interview")
    conducted_on: Mapped[date | None]
    participants: Mapped[str] = mapped_column(String(500), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    need_area: Mapped[NeedArea] = relationship(back_populates="qualitative_sources")


class SesAnalysis(_Child):
    """A socio-economic index over areas, computed from the uploaded area table."""

    __tablename__ = "ses_analysis"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_area_id: Mapped[int] = mapped_column(
        ForeignKey("need_area.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int | None]
    outcome_label: Mapped[str] = mapped_column(String(200), default="")
    #: Area boundaries as GeoJSON text (optional), and the feature property naming the area.
    geojson: Mapped[str | None] = mapped_column(Text)
    name_property: Mapped[str] = mapped_column(String(100), default="name")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(254), default="")

    need_area: Mapped[NeedArea] = relationship(back_populates="ses_analyses")
    areas: Mapped[list[SesArea]] = relationship(
        back_populates="analysis", cascade="all, delete-orphan", order_by="SesArea.position"
    )
    __audit_exclude__ = frozenset({"geojson"})


class SesArea(_Child):
    __tablename__ = "ses_area"
    __table_args__ = (UniqueConstraint("analysis_id", "area", name="uq_ses_area"),)
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("ses_analysis.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    area: Mapped[str] = mapped_column(String(200))
    education: Mapped[Decimal] = mapped_column(Measure)
    employment: Mapped[Decimal] = mapped_column(Measure)
    nordic_born: Mapped[Decimal] = mapped_column(Measure)
    income: Mapped[Decimal] = mapped_column(Measure)
    outcome: Mapped[Decimal | None] = mapped_column(Measure)

    analysis: Mapped[SesAnalysis] = relationship(back_populates="areas")


class FlowAnalysis(_Child):
    """A flow analysis of placements. Only the counts are kept, never the individual events."""

    __tablename__ = "flow_analysis"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_area_id: Mapped[int] = mapped_column(
        ForeignKey("need_area.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(100), default="")
    #: The aggregated result (counts per transition, path and group) as JSON text.
    counts: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(254), default="")

    need_area: Mapped[NeedArea] = relationship(back_populates="flow_analyses")
    __audit_exclude__ = frozenset({"counts"})


class PendingImport(Base):
    """An upload parsed and shown as a preview, kept until the user confirms or it expires."""

    __tablename__ = "pending_import"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    need_area_id: Mapped[int] = mapped_column(
        ForeignKey("need_area.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(255), default="")
    #: The parsed rows (and settings such as a title) as JSON text.
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


Project.need_areas = relationship(
    NeedArea, secondary=project_need_area, back_populates="projects", order_by=NeedArea.title
)

__all__ = [
    "Breakdown",
    "DataSource",
    "FlowAnalysis",
    "NeedArea",
    "NeedIndicator",
    "PendingImport",
    "QualitativeSource",
    "SesAnalysis",
    "SesArea",
    "project_need_area",
]
