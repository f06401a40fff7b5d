"""Small builders for integration tests: data straight into the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from models import Criterion, Department, Fund, Organisation, Project, ProjectMember
from models.domain import logic as lm


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


def small_model() -> lm.Model:
    """A complete detailed logic model: one element per level, each with an indicator."""
    return lm.Model(
        elements=(
            lm.Element("r1", "resource", "Fysioterapeut 50 %"),
            lm.Element("a1", "activity", "Balansträning i grupp", indicators=(
                lm.Indicator("i1", "Antal träningstillfällen", "process", "Närvarolistor",
                             unit="count", target=Decimal("80")),)),
            lm.Element("s1", "short_term", "Fler är fysiskt aktiva", indicators=(
                lm.Indicator("i2", "Andel regelbundet fysiskt aktiva", "outcome", "Egen enkät",
                             unit="percent", baseline=Decimal("20"), target=Decimal("30"),
                             horizon_months=12),)),
            lm.Element("g1", "long_term", "Färre fallskador", indicators=(
                lm.Indicator("i3", "Fallskador som leder till inläggning", "outcome",
                             "Patientregistret", unit="count", baseline=Decimal("50"),
                             target=Decimal("10"), horizon_months=36),)),
        ),
        links=(lm.Link("r1", "a1"), lm.Link("a1", "s1"), lm.Link("s1", "g1")),
        purpose="Äldre bor kvar hemma med god hälsa",
    )
