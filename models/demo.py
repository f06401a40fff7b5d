"""The demo portfolio: Exempelkommun with the worked examples of the guide and Norrköping.

All figures illustrate the sources' examples; the municipality is fictitious.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from models.demo_calls import seed_calls
from models.demo_economics import seed_economics
from models.demo_follow_up import seed_follow_up
from models.demo_logic import seed_logic_models
from models.demo_needs import seed_need_areas
from models.demo_organisation import seed_organisation
from models.demo_risks import seed_risks
from models.demo_scoring import seed_scoring
from models.domain.stages import PATH
from models.organisation import Criterion, Department, Fund, LedgerEntry, Organisation
from models.project import ChecklistConfirmation, Project, ProjectMember, StageChange
from models.user import User
from models.users import create_user

DEMO_PASSWORD = "satsa-demo-2026"  # noqa: S105  (printed for the demo logins)
DEMO_USERS = (
    {"email": "samordnare@exempelkommun.se", "name": "Sara Lind", "role": "coordinator"},
    {"email": "styrgrupp@exempelkommun.se", "name": "Erik Holm", "role": "steering"},
    {"email": "styrgrupp2@exempelkommun.se", "name": "Karin Nyström", "role": "steering"},
    {"email": "styrgrupp3@exempelkommun.se", "name": "Johan Berglund", "role": "steering"},
    {"email": "projektledare@exempelkommun.se", "name": "Pia Ek", "role": "project_leader"},
    {"email": "projektledare2@exempelkommun.se", "name": "Omar Said", "role": "project_leader"},
    {"email": "lasare@exempelkommun.se", "name": "Vera Berg", "role": "viewer"},
)

DEPARTMENTS = (
    ("ksf", "Kommunstyrelseförvaltningen"),
    ("soc", "Socialförvaltningen"),
    ("bun", "Barn- och utbildningsförvaltningen"),
    ("vof", "Vård- och omsorgsförvaltningen"),
    ("kfn", "Kultur- och fritidsförvaltningen"),
)

# The guide's default criteria for prioritising initiatives (section 4, appendix B).
CRITERIA = (
    ("behov", "Svarar mot ett faktiskt prioriterat behov", "0.20"),
    ("evidens", "Aktiviteterna stöds av evidens eller beprövad erfarenhet", "0.15"),
    ("effekt", "Förväntad effektstorlek", "0.15"),
    ("implementerbarhet", "Lätt att implementera i ordinarie verksamhet", "0.10"),
    ("genomforbarhet", "Praktiskt genomförbar och effekten mätbar", "0.10"),
    ("tidigt", "Tidigt i process eller ålder", "0.10"),
    ("vinst", "Förväntat socialt utfall och ekonomisk vinst", "0.10"),
    ("politik", "Överensstämmer med politiska prioriteringar", "0.10"),
)


def _project(**fields) -> Project:
    fields.setdefault("need_description", "")
    fields.setdefault("ordinary_practice", "")
    return Project(**fields)


def _history(project: Project, to_stage: str, by: dict[str, User], start: datetime,
             final_reason: str = "") -> None:
    """Give ``project`` a stage history from idea along the path to ``to_stage``."""
    target = to_stage if to_stage in PATH else "proposal"
    steps = PATH[: PATH.index(target) + 1]
    when = start
    for before, after in zip(steps, steps[1:], strict=False):
        decision = after in ("prioritised", "approved", "implementation", "closed")
        who = by["coordinator"] if decision else by["project_leader"]
        project.stage_changes.append(StageChange(
            at=when, from_stage=before, to_stage=after, user_id=who.id, user_label=who.email,
            reason="Beslut i ledningsgruppen." if decision else "",
            gate_override=after == "approved",
        ))
        when += timedelta(days=45)
    if to_stage not in PATH:
        who = by["steering"]
        project.stage_changes.append(StageChange(
            at=when, from_stage=target, to_stage=to_stage, user_id=who.id, user_label=who.email,
            reason=final_reason,
        ))
    project.stage = to_stage


def seed_demo(session: Session) -> None:
    """Create the demo organisation, users, fund, criteria, initiatives, logic models, need areas
    and the steering group's scores."""
    session.add(Organisation(name="Exempelkommun", is_demo=True))
    by_role: dict[str, User] = {}
    people = {}
    for spec in DEMO_USERS:
        user = create_user(session, password=DEMO_PASSWORD, **spec)
        by_role.setdefault(spec["role"], user)
        people[spec["email"].split("@")[0]] = user
    departments = {key: Department(key=key, name=name) for key, name in DEPARTMENTS}
    session.add_all(departments.values())
    fund = Fund(
        key="si-fond", name="Sociala investeringsfonden", capital=Decimal("20000000.00"),
        start=date(2024, 1, 1), end=date(2027, 12, 31), central_risk_share=Decimal("0.70"),
        rules=("Kommunstyrelsen har avsatt 20 miljoner kronor för strategiska "
               "utvecklingssatsningar. Den finansiella risken delas: 70 % centralt och 30 % av "
               "berörda förvaltningar. Uppstår besparingar återförs de till fonden."),
    )
    session.add(fund)
    for position, (key, name, weight) in enumerate(CRITERIA):
        session.add(Criterion(key=key, name=name, weight=Decimal(weight), scale_max=5,
                              position=position))
    session.flush()

    pl, pl2 = people["projektledare"], people["projektledare2"]
    coordinator = by_role["coordinator"]
    d = departments
    projects = [
        (_project(
            key="fallprevention", title="Fallprevention för äldre med hemtjänst",
            need_description=("Fallskador är den vanligaste orsaken till att äldre med hemtjänst "
                              "läggs in på sjukhus. Behovet är verifierat med regionens "
                              "slutenvårdsdata och hemtjänstens avvikelserapporter."),
            ordinary_practice="Hemtjänst enligt biståndsbeslut utan strukturerad fysisk träning.",
            target_description=("Personer 65 år och äldre med hemtjänst i två hemtjänstområden, "
                                "som bor i ordinärt boende."),
            age_min=65, life_stage="older", prevention_level="targeted",
            size_total=1200, size_reached=150, fund=fund, departments=[d["vof"]],
            start=date(2025, 1, 1), end=date(2027, 12, 31),
            budget_request=Decimal("1500000.00"), owner=coordinator, leader=pl,
        ), "running", ["needs.anchored", "strategic.information", "follow_up.channels"]),
        (_project(
            key="skolfranvaro", title="Minskad ogiltig frånvaro på gymnasiet",
            need_description=("Andelen elever som inte fullföljer gymnasiet i tid är hög, och "
                              "ogiltig frånvaro är ett tidigt tecken."),
            ordinary_practice="Elevhälsans ordinarie frånvarouppföljning.",
            target_description=("Elever vid en av kommunens två gymnasieskolor; särskilt elever "
                                "med minst 60 % ogiltig frånvaro."),
            age_min=16, age_max=19, life_stage="adolescence", prevention_level="indicated",
            size_total=900, size_reached=900, fund=fund, departments=[d["bun"], d["soc"]],
            start=date(2023, 8, 1), end=date(2026, 6, 30),
            budget_request=Decimal("4000000.00"), owner=coordinator, leader=pl2,
        ), "evaluation", ["needs.anchored", "strategic.information", "follow_up.channels",
                          "evaluation.long_term"]),
        (_project(
            key="hembesok", title="Förebyggande hembesök hos personer över 65 år",
            need_description=("Många äldre får insatser först när behoven är stora; "
                              "hembesök kan fånga ohälsa och ensamhet tidigt."),
            ordinary_practice="Insatser efter ansökan om bistånd; trygghetslarm.",
            target_description="Personer 65 år och äldre utan hemtjänst.",
            age_min=65, life_stage="older", prevention_level="universal",
            size_total=4000, size_reached=600, fund=fund, departments=[d["vof"]],
            start=date(2024, 3, 1), end=date(2025, 2, 28),
            budget_request=Decimal("2000000.00"), owner=coordinator, leader=pl,
        ), "implementation", ["needs.anchored", "strategic.information", "follow_up.channels",
                              "evaluation.long_term", "evaluation.communication",
                              "scale_up.responsibility"]),
        (_project(
            key="foraldrastod", title="Föräldraskapsstöd i grupp",
            need_description="Föräldrar efterfrågar stöd; utagerande beteende hos barn ökar.",
            ordinary_practice="Enskilda samtal hos familjebehandlare vid behov.",
            target_description="Föräldrar till barn 3–12 år i kommunen.",
            age_min=3, age_max=12, life_stage="school_age", prevention_level="universal",
            size_total=6000, size_reached=240, fund=fund, departments=[d["soc"], d["bun"]],
            start=date(2025, 8, 1), end=date(2026, 7, 31),
            budget_request=Decimal("800000.00"), owner=coordinator, leader=pl2,
        ), "running", ["needs.anchored", "strategic.information"]),
        (_project(
            key="placerade-unga", title="Stöd till unga placerade på HVB eller SiS",
            need_description=("Unga som placeras på HVB eller SiS återplaceras ofta, och "
                              "kostnaderna är höga. Modellen bygger på det sociala "
                              "utfallskontraktet i Norrköping."),
            ordinary_practice="Placering på HVB/SiS med socialtjänstens ordinarie uppföljning.",
            target_description=("60 unga 13–17 år som placeras på HVB eller SiS, med stöd "
                                "under placeringen och vid hemflytt."),
            age_min=13, age_max=17, life_stage="adolescence", prevention_level="indicated",
            size_total=60, size_reached=60, fund=fund, departments=[d["soc"], d["bun"]],
            start=date(2024, 1, 1), end=date(2027, 12, 31),
            budget_request=Decimal("7500000.00"), owner=coordinator, leader=pl,
        ), "running", ["needs.anchored", "strategic.information"]),
        # The five ideas of the guide's 20 MSEK example; two go forward.
        (_project(
            key="skola-familj", title="Familjestöd och riktat skolstöd vid Norra skolan",
            need_description=("Analys på individnivå visar en särskilt utsatt grupp som "
                              "förklarar en stor del av skolans svaga resultat."),
            target_description="Elever 6–12 år vid Norra skolan med stöd från socialtjänsten.",
            age_min=6, age_max=12, life_stage="school_age", prevention_level="indicated",
            size_total=80, size_reached=40, fund=fund, departments=[d["bun"], d["soc"]],
            budget_request=Decimal("3000000.00"), leader=pl2,
        ), "prioritised", ["needs.anchored", "strategic.information"]),
        (_project(
            key="overgang-hvb", title="Stöd i övergången från HVB/SiS",
            need_description=("Flödesanalysen av 200 omplaceringar visar att få unga får "
                              "öppenvårdsinsatser mellan placeringarna."),
            target_description="Unga 13–20 år som lämnar en HVB- eller SiS-placering.",
            age_min=13, age_max=20, life_stage="adolescence", prevention_level="indicated",
            size_total=120, size_reached=30, fund=fund, departments=[d["soc"]],
            budget_request=Decimal("2500000.00"), leader=pl,
        ), "prioritised", ["needs.anchored", "strategic.information"]),
        (_project(
            key="fritid-unga", title="Öppen fritidsverksamhet för unga i Västra området",
            target_description="Unga 13–17 år i Västra området.",
            age_min=13, age_max=17, life_stage="adolescence", prevention_level="universal",
            fund=fund, departments=[d["kfn"]], budget_request=Decimal("1800000.00"), leader=pl2,
        ), "proposal", []),
        (_project(
            key="digital-ensamhet", title="Digitala träffar mot ensamhet bland äldre",
            target_description="Äldre som upplever ensamhet.",
            life_stage="older", prevention_level="universal",
            fund=fund, departments=[d["vof"]], budget_request=Decimal("600000.00"), leader=pl,
        ), "rejected", []),
        (_project(
            key="sommarjobb", title="Sommarjobb för unga i ekonomiskt utsatta familjer",
            target_description="Unga 16–19 år i familjer med försörjningsstöd.",
            age_min=16, age_max=19, life_stage="adolescence", prevention_level="targeted",
            fund=fund, departments=[d["ksf"], d["soc"]], leader=pl2,
        ), "idea", []),
    ]
    start = datetime(2024, 1, 15, 9, 0)
    for index, (project, stage, confirmed) in enumerate(projects):
        session.add(project)
        _history(project, stage, by_role, start + timedelta(days=10 * index),
                 final_reason=("Idén bedömdes ha en svagare grund: behovet är inte verifierat "
                               "och målgruppen är oprecis."))
        for code in confirmed:
            project.confirmations.append(ChecklistConfirmation(
                item=code, confirmed_on=date(2024, 6, 1), user_id=coordinator.id,
                user_label=coordinator.email, comment="Dokumenterat i styrgruppens protokoll.",
            ))
        member = pl2 if project.leader is pl else pl
        if stage in ("running", "evaluation", "implementation"):
            project.members.append(ProjectMember(user=member))
    session.flush()
    # The allocations decided for the initiatives that were approved.
    for index, (project, stage, _confirmed) in enumerate(projects):
        if stage in ("approved", "running", "evaluation", "implementation", "closed"):
            fund.ledger.append(LedgerEntry(
                date=date(2024, 3, 1) + timedelta(days=30 * index), kind="allocation",
                project_id=project.id, amount=project.budget_request or Decimal(0),
                note=f"KS beslut: {project.title}",
            ))
    session.flush()
    seed_logic_models(session, [project for project, _stage, _confirmed in projects])
    seed_need_areas(session)
    seed_scoring(session)
    seed_calls(session)
    # The groups, routines and roles of the checklist are derived from the organisation.
    seed_organisation(session)
    seed_risks(session)
    seed_economics(session)
    seed_follow_up(session)
