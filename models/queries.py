"""Read models for pages and exports, each a fixed number of queries (no N+1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from models.design import DESIGN_FACTS
from models.domain.checklist import summarise
from models.logic_model import LogicElement
from models.needs import NeedArea
from models.organisation import Department, Fund
from models.project import Project, ProjectMember, project_department
from models.projects import checklist, criteria_available

SORTS = {
    "title": Project.title,
    "stage": Project.stage,
    "start": Project.start,
    "end": Project.end,
    "budget": Project.budget_request,
    "updated": Project.updated_at,
}


@dataclass(frozen=True)
class PortfolioFilter:
    stage: str | None = None
    department: str | None = None  # department key
    fund: str | None = None  # fund key
    sort: str = "title"
    descending: bool = False


@dataclass(frozen=True)
class PortfolioRow:
    id: int
    key: str
    title: str
    stage: str
    departments: tuple[str, ...]
    department_keys: tuple[str, ...]
    target_description: str
    age_min: int | None
    age_max: int | None
    prevention_level: str | None
    size_total: int | None
    size_reached: int | None
    fund: str | None
    fund_key: str | None
    start: date | None
    end: date | None
    budget_request: Decimal | None
    checklist_done: int
    checklist_total: int


def _portfolio_select(flt: PortfolioFilter) -> Select:
    stmt = select(Project).options(
        joinedload(Project.fund),
        selectinload(Project.departments),
        selectinload(Project.confirmations),
        *LOGIC_MODEL,
        *NEED_AREAS,
        *DESIGN,
    )
    if flt.stage:
        stmt = stmt.where(Project.stage == flt.stage)
    if flt.fund:
        stmt = stmt.join(Fund, Project.fund_id == Fund.id).where(Fund.key == flt.fund)
    if flt.department:
        stmt = stmt.where(
            Project.id.in_(
                select(project_department.c.project_id)
                .join(Department, Department.id == project_department.c.department_id)
                .where(Department.key == flt.department)
            )
        )
    column = SORTS.get(flt.sort, Project.title)
    order = column.desc() if flt.descending else column.asc()
    return stmt.order_by(order.nulls_last(), Project.title, Project.id)


def portfolio_rows(session: Session, flt: PortfolioFilter | None = None) -> list[PortfolioRow]:
    """Return one row per project matching ``flt``, sorted as asked."""
    flt = flt or PortfolioFilter()
    criteria_exist = criteria_available(session)
    rows = []
    for project in session.scalars(_portfolio_select(flt)).unique():
        summary = summarise(checklist(project, criteria_exist=criteria_exist))
        rows.append(
            PortfolioRow(
                id=project.id,
                key=project.key,
                title=project.title,
                stage=project.stage,
                departments=tuple(d.name for d in project.departments),
                department_keys=tuple(d.key for d in project.departments),
                target_description=project.target_description,
                age_min=project.age_min,
                age_max=project.age_max,
                prevention_level=project.prevention_level,
                size_total=project.size_total,
                size_reached=project.size_reached,
                fund=project.fund.name if project.fund else None,
                fund_key=project.fund.key if project.fund else None,
                start=project.start,
                end=project.end,
                budget_request=project.budget_request,
                checklist_done=summary.done,
                checklist_total=summary.total,
            )
        )
    return rows


#: Eager loading of the logic model (its checks derive checklist items).
LOGIC_MODEL = (
    joinedload(Project.logic_model),
    selectinload(Project.logic_elements).selectinload(LogicElement.indicators),
    selectinload(Project.logic_elements).selectinload(LogicElement.outgoing),
    selectinload(Project.logic_elements).selectinload(LogicElement.incoming),
)

#: Eager loading of the linked need areas (the needs checklist is derived from them).
NEED_AREAS = (
    selectinload(Project.need_areas).selectinload(NeedArea.indicators),
    selectinload(Project.need_areas).selectinload(NeedArea.qualitative_sources),
)

#: Eager loading of the design rows the checklist derives items from (for lists of projects;
#: a single project reads them in two queries instead of six).
DESIGN = tuple(selectinload(getattr(Project, name)) for name in DESIGN_FACTS)

#: Eager loading for a project's overview: a fixed number of queries whatever it holds.
PROJECT_DETAIL = (
    joinedload(Project.fund),
    joinedload(Project.owner),
    joinedload(Project.leader),
    selectinload(Project.departments),
    selectinload(Project.members).joinedload(ProjectMember.user),
    selectinload(Project.stage_changes),
    selectinload(Project.confirmations),
    *LOGIC_MODEL,
    *NEED_AREAS,
)


def load_project(session: Session, project_id: int) -> Project | None:
    """Return a project with what its overview page shows, in a fixed number of queries."""
    return session.scalar(select(Project).where(Project.id == project_id).options(*PROJECT_DETAIL))
