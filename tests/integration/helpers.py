"""Small builders for integration tests: data straight into the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from models import Criterion, Department, Fund, Organisation, Project, ProjectMember


def make_org(db, *, demo: bool = False):
    org = Organisation(name="Testkommun", is_demo=demo)
    soc = Department(key="soc", name="Socialförvaltningen")
    bun = Department(key="bun", name="Barn- och utbildningsförvaltningen")
    fund = Fund(key="si-fond", name="Sociala investeringsfonden", capital=Decimal("20000000.00"),
                start=date(2024, 1, 1), end=date(2027, 12, 31),
                central_risk_share=Decimal("0.7000"))
    db.add_all([org, soc, bun, fund])
    db.flush()
    return soc, bun, fund


def make_project(db, key: str = "fallprevention", *, title: str | None = None,
                 stage: str = "idea", leader=None, members=(), departments=(), fund=None,
                 **fields) -> Project:
    project = Project(key=key, title=title or key.title(), stage=stage,
                      leader_id=leader.id if leader else None, fund=fund,
                      departments=list(departments), **fields)
    for user in members:
        project.members.append(ProjectMember(user_id=user.id))
    db.add(project)
    db.commit()
    return project


def add_criterion(db, key: str = "behov") -> Criterion:
    criterion = Criterion(key=key, name="Svarar mot behov", weight=Decimal("1"), scale_max=5)
    db.add(criterion)
    db.commit()
    return criterion
