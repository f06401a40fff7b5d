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


def make_need_area(db, key: str = "skolresultat", *, projects=(), status: str = "verified"):
    """A need area with an indicator and its breakdowns, a source of each kind and two analyses."""
    from models.domain.flows import analyse_flows, figure6_events
    from models.need_areas import add_indicator, flow_to_json, set_breakdown
    from models.needs import (
        DataSource,
        FlowAnalysis,
        NeedArea,
        QualitativeSource,
        SesAnalysis,
        SesArea,
    )

    area = NeedArea(key=key, title="Skolresultat i Östra området", status=status,
                    outcome="Fler elever blir behöriga till gymnasiet",
                    projects=list(projects))
    db.add(area)
    indicator = add_indicator(area, name="Andel behöriga till gymnasiet", unit="%", year=2024,
                              value=Decimal("82.5"), comparison_value=Decimal("86"),
                              comparison_label="Riket", source="Skolverket")
    set_breakdown(indicator, "sex", "flickor", Decimal("85"))
    set_breakdown(indicator, "sex", "pojkar", Decimal("80"))
    area.data_sources.append(DataSource(name="Skolverkets statistik", kind="national_report",
                                        level="aggregate"))
    area.qualitative_sources.append(QualitativeSource(title="Intervjuer med mentorer",
                                                      method="interview", summary="Frånvaro."))
    area.ses_analyses.append(SesAnalysis(title="Index 2024", outcome_label="Behöriga", areas=[
        SesArea(position=i, area=name, education=Decimal(e), employment=Decimal(s),
                nordic_born=Decimal(n), income=Decimal(m), outcome=Decimal(o))
        for i, (name, e, s, n, m, o) in enumerate([
            ("Norr", "40", "80", "90", "300000", "90"), ("Söder", "20", "60", "60", "200000", "65"),
            ("Öster", "30", "70", "75", "250000", "80")])
    ]))
    area.flow_analyses.append(FlowAnalysis(title="Placeringar 2019–2024",
                                           counts=flow_to_json(analyse_flows(figure6_events()))))
    db.flush()
    return area


def make_call(db, fund, *, key: str = "utlysning", title: str = "Tidiga insatser 2025",
              kind: str = "open", opens: date | None = None, closes: date | None = None,
              criteria=(), need_areas=(), department=None,
              questions=(("Hur förankras satsningen i verksamheten?", True),)):
    """A call on ``fund``, open today unless ``opens``/``closes`` say otherwise (flushes only)."""
    from datetime import timedelta

    from models import Call, CallQuestion

    today = date.today()
    call = Call(key=key, fund=fund, title=title, kind=kind,
                description="Förslag på tidiga insatser för barn och unga.",
                opens=opens or today - timedelta(days=10),
                closes=closes or today + timedelta(days=30),
                criteria=list(criteria), need_areas=list(need_areas), department=department,
                questions=[CallQuestion(position=i, text=text, required=required)
                           for i, (text, required) in enumerate(questions)])
    db.add(call)
    db.flush()
    return call
