"""Read models for decision material (*beslutsunderlag*): plain values, no ORM objects."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, defer, joinedload, selectinload

from models.domain import logic as lm
from models.domain.flows import FlowResult
from models.domain.ses import AreaInput, SesResult, compute_ses
from models.logic_models import to_domain
from models.need_areas import flow_from_json
from models.needs import NeedArea, NeedIndicator, SesAnalysis
from models.project import Project
from models.projects import checklist, criteria_available
from models.queries import PROJECT_DETAIL
from models.user import User


@dataclass(frozen=True)
class ChecklistLine:
    code: str
    component: str
    #: The item's text as a msgid (English); the exporter translates it.
    text: str
    derived: bool
    #: True: done; False: not done; None: not assessable yet.
    done: bool | None
    confirmed_on: date | None = None
    confirmed_by: str = ""
    comment: str = ""


@dataclass(frozen=True)
class StageChangeLine:
    at: datetime
    by: str
    from_stage: str
    to_stage: str
    reason: str
    gate_override: bool


@dataclass(frozen=True)
class BreakdownLine:
    """An indicator's value for one category of a background factor."""

    dimension: str
    category: str
    value: Decimal
    #: The category's value minus the indicator's value; None when the indicator has none.
    difference: Decimal | None


@dataclass(frozen=True)
class NeedIndicatorLine:
    key: str
    name: str
    unit: str
    year: int | None
    value: Decimal | None
    comparison_value: Decimal | None
    comparison_label: str
    source: str
    breakdowns: tuple[BreakdownLine, ...] = ()


@dataclass(frozen=True)
class DataSourceLine:
    name: str
    kind: str
    holder: str
    level: str | None
    legal_limits: str
    note: str = ""


@dataclass(frozen=True)
class QualitativeLine:
    title: str
    method: str
    conducted_on: date | None
    participants: str
    summary: str


@dataclass(frozen=True)
class SesReport:
    """A socio-economic index analysis with its index computed from the stored areas."""

    title: str
    year: int | None
    #: What the outcome per area is ("" when not named).
    outcome_label: str
    result: SesResult


@dataclass(frozen=True)
class FlowReport:
    """A flow analysis rebuilt from its stored counts."""

    title: str
    period: str
    result: FlowResult


@dataclass(frozen=True)
class NeedAreaSummary:
    """A need area with its evidence, as the needs sheets of a workbook show it."""

    id: int
    key: str
    title: str
    status: str
    description: str = ""
    outcome: str = ""
    target_group: str = ""
    raised_by_kind: str | None = None
    raised_by: str = ""
    department: str | None = None
    #: Titles of the initiatives linked to the need area.
    initiatives: tuple[str, ...] = ()
    indicators: tuple[NeedIndicatorLine, ...] = ()
    data_sources: tuple[DataSourceLine, ...] = ()
    qualitative_sources: tuple[QualitativeLine, ...] = ()
    ses_analyses: tuple[SesReport, ...] = ()
    flow_analyses: tuple[FlowReport, ...] = ()


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    key: str
    title: str
    stage: str
    need_description: str
    ordinary_practice: str
    target_description: str
    age_min: int | None
    age_max: int | None
    life_stage: str | None
    prevention_level: str | None
    size_total: int | None
    size_reached: int | None
    departments: tuple[str, ...]
    fund: str | None
    start: date | None
    end: date | None
    budget_request: Decimal | None
    owner: str | None
    leader: str | None
    members: tuple[str, ...]
    checklist: tuple[ChecklistLine, ...]
    stage_changes: tuple[StageChangeLine, ...]
    exported_on: date
    #: The logic model in display order; no elements when the project has none yet.
    logic_model: lm.Model = lm.Model()
    #: The findings of the logic model's checks, in the order ``check`` returns them.
    logic_findings: tuple[lm.Finding, ...] = ()
    #: The need areas the project is linked to, by title.
    need_areas: tuple[NeedAreaSummary, ...] = ()

    @property
    def has_logic_model(self) -> bool:
        return bool(self.logic_model.elements)

    @property
    def share_reached(self) -> Decimal | None:
        """Return the reached part of the target group as a fraction, if both sizes are known."""
        if not self.size_total or self.size_reached is None:
            return None
        return Decimal(self.size_reached) / Decimal(self.size_total)

    @property
    def checklist_done(self) -> int:
        return sum(1 for line in self.checklist if line.done)


def person(user: User | None) -> str | None:
    """Return "Name (e-mail)" for a user, or None."""
    if user is None:
        return None
    return f"{user.name} ({user.email})" if user.name else user.email


def project_summary(
    session: Session, project_id: int, *, today: date | None = None
) -> ProjectSummary | None:
    """Return what the decision material of one project shows, or None if it does not exist."""
    project = session.scalar(
        select(Project).where(Project.id == project_id).options(*PROJECT_DETAIL, *_LINKED_AREAS)
    )
    if project is None:
        return None
    statuses = checklist(project, criteria_exist=criteria_available(session))
    confirmations = {c.item: c for c in project.confirmations}
    lines = []
    for status in statuses:
        confirmation = confirmations.get(status.item.code) if not status.item.derived else None
        lines.append(
            ChecklistLine(
                code=status.item.code,
                component=status.item.component,
                text=status.item.text,
                derived=status.item.derived,
                done=status.done,
                confirmed_on=confirmation.confirmed_on if confirmation else None,
                confirmed_by=confirmation.user_label if confirmation else "",
                comment=confirmation.comment if confirmation else "",
            )
        )
    model = to_domain(project)
    members = sorted(
        (person(m.user) or "" for m in project.members), key=lambda label: label.casefold()
    )
    return ProjectSummary(
        id=project.id,
        key=project.key,
        title=project.title,
        stage=project.stage,
        need_description=project.need_description,
        ordinary_practice=project.ordinary_practice,
        target_description=project.target_description,
        age_min=project.age_min,
        age_max=project.age_max,
        life_stage=project.life_stage,
        prevention_level=project.prevention_level,
        size_total=project.size_total,
        size_reached=project.size_reached,
        departments=tuple(d.name for d in project.departments),
        fund=project.fund.name if project.fund else None,
        start=project.start,
        end=project.end,
        budget_request=project.budget_request,
        owner=person(project.owner),
        leader=person(project.leader),
        members=tuple(members),
        checklist=tuple(lines),
        stage_changes=tuple(
            StageChangeLine(
                at=change.at,
                by=change.user_label,
                from_stage=change.from_stage,
                to_stage=change.to_stage,
                reason=change.reason,
                gate_override=change.gate_override,
            )
            for change in project.stage_changes
        ),
        exported_on=today or date.today(),
        logic_model=model,
        logic_findings=tuple(lm.check(model)) if model.elements else (),
        need_areas=tuple(need_area_summary(area) for area in project.need_areas),
    )


# --- the needs analysis -----------------------------------------------------------------------

#: Eager loading of what the needs sheets show of a need area: a fixed number of queries however
#: many areas, indicators and analyses there are. Area boundaries (GeoJSON) are not read.
NEED_AREA_PARTS = (
    joinedload(NeedArea.department),
    selectinload(NeedArea.projects),
    selectinload(NeedArea.indicators).selectinload(NeedIndicator.breakdowns),
    selectinload(NeedArea.data_sources),
    selectinload(NeedArea.qualitative_sources),
    selectinload(NeedArea.ses_analyses).options(
        defer(SesAnalysis.geojson), selectinload(SesAnalysis.areas)
    ),
    selectinload(NeedArea.flow_analyses),
)
_LINKED_AREAS = (selectinload(Project.need_areas).options(*NEED_AREA_PARTS),)


def _difference(value: Decimal, base: Decimal | None) -> Decimal | None:
    return None if base is None else value - base


def need_area_summary(area: NeedArea) -> NeedAreaSummary:
    """Return the plain values of a need area loaded with ``NEED_AREA_PARTS``."""
    return NeedAreaSummary(
        id=area.id,
        key=area.key,
        title=area.title,
        status=area.status,
        description=area.description,
        outcome=area.outcome,
        target_group=area.target_group,
        raised_by_kind=area.raised_by_kind,
        raised_by=area.raised_by,
        department=area.department.name if area.department else None,
        initiatives=tuple(project.title for project in area.projects),
        indicators=tuple(
            NeedIndicatorLine(
                key=indicator.key,
                name=indicator.name,
                unit=indicator.unit,
                year=indicator.year,
                value=indicator.value,
                comparison_value=indicator.comparison_value,
                comparison_label=indicator.comparison_label,
                source=indicator.source,
                breakdowns=tuple(
                    BreakdownLine(
                        dimension=b.dimension,
                        category=b.category,
                        value=b.value,
                        difference=_difference(b.value, indicator.value),
                    )
                    for b in indicator.breakdowns
                ),
            )
            for indicator in area.indicators
        ),
        data_sources=tuple(
            DataSourceLine(
                name=source.name,
                kind=source.kind,
                holder=source.holder,
                level=source.level,
                legal_limits=source.legal_limits,
                note=source.note,
            )
            for source in area.data_sources
        ),
        qualitative_sources=tuple(
            QualitativeLine(
                title=source.title,
                method=source.method,
                conducted_on=source.conducted_on,
                participants=source.participants,
                summary=source.summary,
            )
            for source in area.qualitative_sources
        ),
        ses_analyses=tuple(_ses_report(analysis) for analysis in area.ses_analyses),
        flow_analyses=tuple(
            FlowReport(title=analysis.title, period=analysis.period,
                       result=flow_from_json(analysis.counts))
            for analysis in area.flow_analyses
        ),
    )


def _ses_report(analysis: SesAnalysis) -> SesReport:
    result = compute_ses([
        AreaInput(a.area, a.education, a.employment, a.nordic_born, a.income, a.outcome)
        for a in analysis.areas
    ])
    return SesReport(title=analysis.title, year=analysis.year,
                     outcome_label=analysis.outcome_label, result=result)


def need_area_summaries(
    session: Session, area_ids: Iterable[int] | None = None
) -> list[NeedAreaSummary]:
    """Return the need areas (all, or those of ``area_ids`` that exist) by title."""
    stmt = select(NeedArea).options(*NEED_AREA_PARTS).order_by(NeedArea.title, NeedArea.id)
    if area_ids is not None:
        stmt = stmt.where(NeedArea.id.in_(list(area_ids)))
    return [need_area_summary(area) for area in session.scalars(stmt).unique()]
