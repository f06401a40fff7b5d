"""Loading the portfolio balance: initiatives with their screening, in three queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.domain import balance as bal
from models.organisation import Department, Fund
from models.project import Project
from models.proposal import Screening
from models.risks import risk_level_of


def balance_projects(session: Session, fund: Fund | None = None) -> list[bal.BalanceProject]:
    """Every initiative of the running and proposed portfolio (of ``fund`` when given), by
    title, with the screening's complexity and the risk level of the risk matrix (else the
    screening's)."""
    stmt = (
        select(Project, Screening)
        .outerjoin(Screening, Screening.project_id == Project.id)
        .where(Project.stage.in_(bal.RUNNING_STAGES + bal.PROPOSED_STAGES))
        .options(selectinload(Project.departments))
        .order_by(Project.title, Project.id)
    )
    if fund is not None:
        stmt = stmt.where(Project.fund_id == fund.id)
    rows = session.execute(stmt).all()
    # The risk matrix's highest open threat, where there is one, else the screening's level.
    from_matrix = risk_level_of(session, [project.id for project, _screening in rows])
    return [
        bal.BalanceProject(
            key=project.key,
            title=project.title,
            stage=project.stage,
            departments=tuple(d.name for d in project.departments),
            age_min=project.age_min,
            age_max=project.age_max,
            life_stage=project.life_stage,
            start=project.start,
            end=project.end,
            budget=project.budget_request,
            complexity=screening.complexity if screening else None,
            risk_level=from_matrix.get(project.id,
                                       screening.risk_level if screening else None),
        )
        for project, screening in rows
    ]


def portfolio_balance(session: Session, fund: Fund | None = None) -> bal.Balance:
    """The balance of the whole portfolio, or of the initiatives of ``fund``; every department
    is listed, also those without initiatives."""
    departments = session.scalars(select(Department.name).order_by(Department.name)).all()
    return bal.compute_balance(balance_projects(session, fund), departments)
