"""A small portfolio for the exchange and backup tests, and a second, empty database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import (
    Base,
    BenefitLine,
    BudgetLine,
    Call,
    CallQuestion,
    CheckIn,
    CheckInDecision,
    ChecklistConfirmation,
    CommunicationItem,
    ComponentAssessment,
    Criterion,
    DataSource,
    Decision,
    Department,
    DropOut,
    EvaluationPlan,
    EvaluationResult,
    FeedbackLetter,
    FlowAnalysis,
    Fund,
    ImplementationFinancing,
    ImplementationFollowUp,
    ImplementationPhase,
    ImplementationPlan,
    IndicatorExpectation,
    IndicatorReporting,
    IndicatorValue,
    LedgerEntry,
    MustCheck,
    NeedArea,
    OptimismGrade,
    Organisation,
    ParticipantFlow,
    PlannedCheckIn,
    PlannedFlow,
    PriceIndexPoint,
    Project,
    ProjectEconomics,
    ProjectEvaluation,
    ProjectMember,
    ProjectPerson,
    ProposalAnswer,
    QualitativeSource,
    ReportingItem,
    ReportingPlan,
    ResourceUse,
    Risk,
    RiskScaleSetting,
    Score,
    ScoreSubmission,
    Screening,
    SesAnalysis,
    SesArea,
    StageChange,
    Stakeholder,
    StopCriterion,
    UnitCost,
    logic_models,
    users,
)
from models.domain import logic as lm
from models.domain import risk as rk
from models.domain.flows import PlacementEvent, analyse_flows
from models.migrate import upgrade
from models.need_areas import add_indicator, flow_to_json, geojson_text, set_breakdown
from models.risks import scale_document, snapshot_risks
from tests.conftest import PASSWORD, _truncate
from webapp.db import make_engine, make_session_factory


def build_portfolio(db: Session) -> dict[str, int]:
    """Store departments, a fund with a ledger, criteria, users and two full projects."""
    db.add(Organisation(name="Exempelkommun", is_demo=False))
    soc = Department(key="soc", name="Socialförvaltningen")
    bun = Department(key="bun", name="Barn- och utbildningsförvaltningen")
    fund = Fund(key="si-fond", name="Sociala investeringsfonden", capital=Decimal("20000000"),
                start=date(2024, 1, 1), end=date(2027, 12, 31),
                central_risk_share=Decimal("0.7000"), rules="Återbetalning inom fem år.")
    need = Criterion(key="behov", name="Svarar mot prioriterat behov", weight=Decimal("0.2500"),
                     scale_max=5, position=1, description="Är behovet verifierat?")
    effect = Criterion(key="effekt", name="Förväntad effekt", weight=Decimal("0.7500"),
                       scale_max=4, position=0)
    legal = Criterion(key="laglig", name="Förenlig med lag", weight=Decimal("0"), must=True,
                      position=2)
    anna = users.create_user(db, email="anna@example.se", name="Anna Åström", role="steering",
                             password=PASSWORD)
    bo = users.create_user(db, email="bo@example.se", name="Bo Öberg", role="project_leader",
                           password=PASSWORD, locale="en")
    cilla = users.create_user(db, email="cilla@example.se", name="Cilla", role="viewer",
                              password=PASSWORD)
    cilla.active = False
    falls = Project(
        key="fallprevention", title="Fallprevention för äldre", stage="running",
        need_description="=SUMMA(A1:A3) är inte en formel", ordinary_practice="Hemtjänst",
        target_description="Äldre i ordinärt boende", age_min=65, age_max=None,
        life_stage="older", prevention_level="targeted", size_total=1200, size_reached=150,
        fund=fund, start=date(2025, 1, 1), end=date(2027, 12, 31),
        budget_request=Decimal("1250000.50"), owner=anna, leader=bo, departments=[soc, bun],
    )
    reading = Project(key="lasframjande", title="Läsfrämjande i förskolan", stage="proposal",
                      departments=[bun], leader=bo)
    db.add_all([soc, bun, fund, need, effect, legal, falls, reading])
    db.flush()
    falls.members += [ProjectMember(user=bo), ProjectMember(user=cilla)]
    for criterion, value in ((need, 4), (effect, 3), (legal, 1)):
        falls.scores.append(Score(rater=anna, criterion=criterion, value=value,
                                  comment="Väl underbyggt" if value == 4 else ""))
    reading.scores.append(Score(rater=anna, criterion=need, value=2))
    falls.score_submissions.append(ScoreSubmission(rater=anna,
                                                   submitted_at=datetime(2025, 2, 1, 8, 15)))
    falls.scores_open = True
    for at, old, new in ((datetime(2025, 1, 2, 9, 0, 0), "idea", "proposal"),
                         (datetime(2025, 2, 3, 10, 30, 0), "proposal", "prioritised"),
                         (datetime(2025, 3, 4, 11, 0, 0), "prioritised", "approved"),
                         (datetime(2025, 4, 5, 12, 0, 0), "approved", "running")):
        falls.stage_changes.append(StageChange(
            at=at, from_stage=old, to_stage=new, user_id=anna.id, user_label=anna.email,
            reason="Beslut i styrgruppen" if new == "approved" else "",
            gate_override=new == "approved"))
    reading.stage_changes.append(StageChange(at=datetime(2025, 1, 2, 9, 0, 0), from_stage="idea",
                                             to_stage="proposal", user_label="system"))
    falls.confirmations += [
        ChecklistConfirmation(item="needs.anchored", confirmed_on=date(2025, 1, 10),
                              user_id=bo.id, user_label=bo.email, comment="KS § 12"),
        ChecklistConfirmation(item="strategic.information", confirmed_on=date(2025, 1, 20),
                              user_label="borttagen@example.se", comment=""),
        # Confirmed before the application derived the item from the organisation's data: the
        # data decide, and the export leaves it out.
        ChecklistConfirmation(item="design.groups", confirmed_on=date(2025, 1, 15),
                              user_label=bo.email, comment="Styrgrupp utsedd"),
    ]
    db.flush()
    allocation = LedgerEntry(
        fund=fund, project_id=falls.id, date=date(2025, 3, 4), kind="allocation",
        amount=Decimal("1500000.00"), note="KS beslut", override=True,
        override_reason="Beslut i KS trots att fonden var intecknad",
        recorded_by="anna@example.se", recorded_at=datetime(2025, 3, 4, 9, 30))
    db.add_all([
        # Written before the allocation: a decision's link to the allocation is not index 0.
        LedgerEntry(fund=fund, project_id=None, date=date(2024, 6, 1), kind="repayment",
                    amount=Decimal("10000.00"), note="Återförd 2024"),
        allocation,
        LedgerEntry(fund=fund, project_id=falls.id, date=date(2025, 4, 1), kind="disbursement",
                    amount=Decimal("500000.00")),
        LedgerEntry(fund=fund, project_id=None, date=date(2025, 4, 1), kind="repayment",
                    amount=Decimal("25000.00"), note="Återförd från avslutad satsning"),
    ])
    db.add_all([
        PlannedFlow(fund=fund, project_id=falls.id, year=2026, kind="disbursement",
                    amount=Decimal("600000.00"), note="Andra året"),
        PlannedFlow(fund=fund, project_id=None, year=2027, kind="repayment",
                    amount=Decimal("250000.00")),
    ])
    build_logic_models(db, falls, reading, approved_by=anna.email)
    build_need_areas(db, falls, reading, soc)
    build_proposals(db, falls, reading, allocation, criteria=(need, effect, legal))
    build_designs(db, falls, reading)
    build_economics(db, falls, reading)
    build_follow_up(db, falls)
    db.commit()
    return {"falls": falls.id, "reading": reading.id}


def _indicator(key: str, name: str, kind: str, unit: str, baseline: str | None,
               target: str | None, **values) -> lm.Indicator:
    return lm.Indicator(
        key=key, name=name, kind=kind, unit=unit,
        baseline=Decimal(baseline) if baseline is not None else None,
        target=Decimal(target) if target is not None else None, **values,
    )


#: A detailed model: indicators with decimals, assumptions, and a link that skips a level.
FALLS_MODEL = lm.Model(
    purpose="Färre äldre skadas i fallolyckor och kan bo kvar hemma längre.",
    elements=(
        lm.Element("r1", "resource", "Två fysioterapeuter, 1,5 årsarbetare"),
        lm.Element("r2", "resource", "Lokaler i kommunens träffpunkter"),
        lm.Element(
            "a1", "activity", "Balansträning i grupp två gånger i veckan",
            indicators=(_indicator(
                "i1", "Genomförda träningstillfällen", "process", "count", "0", "80",
                data_source="Närvarolistor", data_source_kind="administrative",
                data_level="aggregate", horizon_months=12,
            ),),
            assumptions=("Deltagarna kan ta sig till träffpunkterna",
                         "Fysioterapeuterna går att rekrytera"),
        ),
        lm.Element(
            "a2", "activity", "Hembesök med fallriskbedömning",
            indicators=(_indicator(
                "i2", "Andel hembesökta av de inbjudna", "process", "percent", "12.5", "60.25",
                data_source="Verksamhetssystemet", data_source_kind="administrative",
                data_level="individual",
            ),),
        ),
        lm.Element(
            "s1", "short_term", "Bättre balans och gångförmåga",
            indicators=(_indicator(
                "i3", "Medelvärde på Bergs balansskala", "outcome", "score", "41.75", "45.5",
                data_source="Bergs balansskala vid start och efter sex månader",
                data_source_kind="validated_instrument", data_level="individual",
                horizon_months=6,
            ),),
            assumptions=("Träningen följs i minst tre månader",),
        ),
        lm.Element(
            "g1", "long_term", "Färre fallolyckor med höftfraktur",
            indicators=(_indicator(
                "i4", "Fallolyckor med sjukhusvård per 1 000 invånare 65+", "outcome", "count",
                "23.0001", "18.2", data_source="Patientregistret", data_source_kind="register",
                data_level="aggregate", horizon_months=36,
            ),),
        ),
    ),
    links=(
        lm.Link("r1", "a1"), lm.Link("r1", "a2"), lm.Link("r2", "a1"), lm.Link("a1", "s1"),
        lm.Link("a2", "g1"), lm.Link("s1", "g1"),
    ),
)

#: A simplified model: the red thread without indicators.
READING_MODEL = lm.Model(
    elements=(
        lm.Element("r1", "resource", "Bibliotekarie 20 procent"),
        lm.Element("a1", "activity", "Högläsning i förskolan varje vecka"),
        lm.Element("s1", "short_term", "Barnen lånar fler böcker"),
        lm.Element("g1", "long_term", "Bättre läsförståelse i årskurs 3"),
    ),
    links=(lm.Link("r1", "a1"), lm.Link("a1", "s1"), lm.Link("s1", "g1")),
)


def build_logic_models(db: Session, falls: Project, reading: Project, *, approved_by: str) -> None:
    """Give ``falls`` a detailed model with a baseline, changed since, and ``reading`` a
    simplified one."""
    logic_models.store_model(db, falls, FALLS_MODEL)
    logic_models.freeze_baseline(db, falls, by=approved_by)
    falls.logic_model.baseline_at = datetime(2025, 3, 4, 11, 0, 0)
    # Changed after the approval: a new activity, not linked yet, and a new target.
    logic_models.add_element(db, falls, level="activity", text="Informationsträff för anhöriga")
    indicator = logic_models.indicator_by_key(falls, "i3")
    logic_models.update_indicator(db, indicator, logic_models.IndicatorValues(
        name=indicator.name, kind=indicator.kind, data_source=indicator.data_source,
        data_source_kind=indicator.data_source_kind, data_level=indicator.data_level,
        unit=indicator.unit, baseline=indicator.baseline, target=Decimal("46.0"),
        horizon_months=indicator.horizon_months,
    ))
    logic_models.store_model(db, reading, READING_MODEL)


#: Area boundaries: two squares in longitude and latitude, with Swedish names and a float that
#: JSON writes with an exponent.
GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "properties": {"namn": "Södermalm", "kod": 1},
         "geometry": {"type": "Polygon",
                      "coordinates": [[[18.05, 59.31], [18.1, 59.31], [18.1, 59.32],
                                       [18.05, 59.32], [18.05, 59.31]]]}},
        {"type": "Feature", "properties": {"namn": "Älvsjö", "kod": 2, "yta": 1.5e-07},
         "geometry": {"type": "Polygon",
                      "coordinates": [[[17.98, 59.27], [18.01, 59.27], [18.01, 59.29],
                                       [17.98, 59.29], [17.98, 59.27]]]}},
        {"type": "Feature", "properties": {"namn": "Övre Norrmalm", "kod": None},
         "geometry": {"type": "Point", "coordinates": [18.06, 59.34]}},
    ],
}

#: Pseudonymised placements: a family home, then HVB with open care between; HVB, home, SiS.
FLOW_EVENTS = (
    PlacementEvent("A", date(2023, 1, 5), "family_home", True),
    PlacementEvent("A", date(2023, 6, 1), "hvb", False),
    PlacementEvent("B", date(2023, 2, 1), "hvb", False),
    PlacementEvent("B", date(2023, 3, 1), "none", False),
    PlacementEvent("B", date(2023, 9, 1), "sis", False),
    PlacementEvent("C", date(2023, 4, 1), "emergency_home", False),
)


def build_need_areas(db: Session, falls: Project, reading: Project, soc: Department) -> None:
    """Three need areas: one with every kind of evidence (linked to ``falls``), one with a
    department of its own (linked to both projects) and one linked to no project."""
    injuries = NeedArea(
        key="fallskador", title="Fallskador bland äldre", status="anchored",
        description="Allt fler äldre skadas i fallolyckor i hemmet.",
        outcome="Färre fallolyckor med sjukhusvård", target_group="Äldre i ordinärt boende",
        raised_by_kind="department", raised_by="Äldreomsorgen", department=soc,
    )
    db.add(injuries)
    hospital = add_indicator(
        injuries, name="Fallolyckor med sjukhusvård per 1 000 invånare 65+", unit="per 1 000",
        year=2023, value=Decimal("23.4500"), comparison_value=Decimal("19"),
        comparison_label="Liknande kommuner", source="Socialstyrelsen, patientregistret",
    )
    # Added in another order than they are written: by dimension (sex, age, ...), then place.
    set_breakdown(hospital, "age", "65–79 år", Decimal("12.1"))
    set_breakdown(hospital, "sex", "Kvinnor", Decimal("27.0001"))
    set_breakdown(hospital, "age", "80 år och äldre", Decimal("41"))
    set_breakdown(hospital, "sex", "Män", Decimal("-0.5"))
    set_breakdown(hospital, "area", "Södermalm", Decimal("0"))
    add_indicator(injuries, name="Andel med hemtjänst", unit="%")
    injuries.data_sources += [
        DataSource(position=0, name="Patientregistret", kind="register",
                   holder="Socialstyrelsen", level="individual",
                   legal_limits="Uttag kräver sekretessprövning.", note="Årsvis"),
        DataSource(position=1, name="Verksamhetssystemet", kind="own_system"),
    ]
    injuries.qualitative_sources.append(QualitativeSource(
        position=0, title="Intervjuer med hemtjänstpersonal", method="focus_group",
        conducted_on=date(2024, 9, 12), participants="12 undersköterskor",
        summary="Mattor och trösklar nämns oftast.\nMånga faller på natten.",
    ))
    injuries.ses_analyses.append(SesAnalysis(
        title="Index per stadsdel", year=2023, outcome_label="Fallolyckor per 1 000",
        geojson=geojson_text(GEOJSON), name_property="namn",
        created_at=datetime(2025, 2, 1, 9, 30, 15, 123456), created_by="anna@example.se",
        areas=[SesArea(position=0, area="Södermalm", education=Decimal("62.5"),
                       employment=Decimal("81"), nordic_born=Decimal("85.25"),
                       income=Decimal("412000"), outcome=Decimal("21.0500")),
               SesArea(position=1, area="Älvsjö", education=Decimal("48"),
                       employment=Decimal("77.1"), nordic_born=Decimal("79"),
                       income=Decimal("351500.5"), outcome=None),
               SesArea(position=2, area="Övre Norrmalm", education=Decimal("70"),
                       employment=Decimal("84"), nordic_born=Decimal("88"),
                       income=Decimal("502000"), outcome=Decimal("17"))],
    ))
    injuries.ses_analyses.append(SesAnalysis(
        title="Utan karta", created_at=datetime(2025, 3, 1, 8, 0, 0),
        areas=[SesArea(position=0, area="Norr", education=Decimal("1"), employment=Decimal("2"),
                       nordic_born=Decimal("3"), income=Decimal("4")),
               SesArea(position=1, area="Söder", education=Decimal("2"),
                       employment=Decimal("2"), nordic_born=Decimal("1"),
                       income=Decimal("9999999999.9999"))],
    ))
    injuries.flow_analyses.append(FlowAnalysis(
        title="Placeringar 2023", period="2023", counts=flow_to_json(analyse_flows(FLOW_EVENTS)),
        created_at=datetime(2025, 2, 2, 10, 0, 0, 999999), created_by="bo@example.se",
    ))
    reading_need = NeedArea(key="lasforstaelse", title="Svag läsförståelse i årskurs 3",
                            department=soc)
    db.add_all([reading_need, NeedArea(key="ensamhet", title="Ofrivillig ensamhet",
                                       status="verified", raised_by_kind="citizens")])
    falls.need_areas += [reading_need, injuries]
    reading.need_areas.append(reading_need)
    db.flush()


def build_proposals(
    db: Session, falls: Project, reading: Project, allocation: LedgerEntry, *,
    criteria: tuple[Criterion, Criterion, Criterion],
) -> None:
    """Two calls on the fund and the proposals to them.

    ``falls`` answers a call based on need areas (three questions, stored with gaps in their
    positions, two answered), passed screening, got a sent letter and two decisions: one that
    prioritised it (with its stage change, no money) and one that approved it (with its stage
    change and the ledger's allocation). ``reading`` answers a direct assignment, failed the
    must-criterion and was asked to complete the proposal; its letter is a draft.
    """
    fund, (need, effect, legal) = falls.fund, criteria
    areas = {a.key: a for a in falls.need_areas}
    bun = next(d for d in reading.departments if d.key == "bun")
    need_based = Call(
        key="behov-2025", title="Utlysning 2025: fallskador och läsförståelse", kind="need_based",
        fund=fund, description="Förslag som svarar mot de två behovsområdena.",
        opens=date(2024, 9, 1), closes=date(2024, 10, 31), decision_expected=date(2024, 12, 15),
        criteria=[need, effect, legal], need_areas=[areas["lasforstaelse"], areas["fallskador"]],
    )
    # Positions as the form leaves them after moves and deletions: written as 1, 2, 3.
    first = CallQuestion(position=2, text="Hur når ni målgruppen?",
                         guidance="Beskriv kanaler och samarbetspartner.")
    second = CallQuestion(position=5, text="Vem tar över efter projekttiden?", required=False)
    third = CallQuestion(position=9, text="Vilka risker ser ni?", guidance="")
    need_based.questions += [third, first, second]
    direct = Call(
        key="uppdrag-las", title="Uppdrag: läsfrämjande i förskolan", kind="direct", fund=fund,
        opens=date(2024, 11, 1), closes=date(2024, 11, 1), department=bun, criteria=[legal],
    )
    direct.questions.append(CallQuestion(position=0, text="Vilka förskolor deltar?"))
    db.add_all([need_based, direct])
    falls.diagnosis = ""
    falls.risk_factor = "Tidigare fall eller nedsatt balans"
    falls.geography = "Hemtjänstområdena Norr och Söder"
    falls.current_intervention = "Hemtjänst utan riktad träning"
    falls.call = need_based
    reading.diagnosis = "Språkstörning"
    reading.geography = "Förskolorna Solen och Månen"
    reading.call = direct
    db.flush()
    db.add_all([
        ProposalAnswer(project=falls, question=first, text="Via hemtjänsten och vårdcentralen."),
        ProposalAnswer(project=falls, question=third, text="=Rekrytering\nLokaler"),
        ProposalAnswer(project=reading, question=direct.questions[0], text="Solen och Månen."),
    ])
    db.add_all([
        Screening(project=falls, status="passed", risk_level="medium", complexity="high",
                  note="Stark koppling till behovet.", screened_by="anna@example.se",
                  screened_at=datetime(2024, 11, 5, 14, 0, 30, 250000),
                  must_checks=[MustCheck(criterion=legal, passed=True, note="")]),
        Screening(project=reading, status="completion_requested",
                  completion_request="Beskriv målgruppens storlek.",
                  requested_at=datetime(2024, 11, 6, 9, 0), completed_at=None,
                  screened_by="anna@example.se",
                  must_checks=[MustCheck(criterion=legal, passed=False,
                                         note="Samtycke från vårdnadshavare saknas.")]),
        FeedbackLetter(project=falls, status="sent", opening="Tack för ert förslag.",
                       strengths="Tydlig målgrupp.", weaknesses="Svag plan för överlämning.",
                       improvements="Beskriv vem som tar över.", closing="Lycka till!",
                       signed_by="Anna Åström, samordnare",
                       drafted_at=datetime(2024, 12, 1, 8, 0), sent_at=datetime(2024, 12, 2, 9, 0),
                       sent_by="anna@example.se"),
        FeedbackLetter(project=reading, status="draft", strengths="Engagerade förskolor.",
                       drafted_at=datetime(2024, 12, 3, 10, 15, 0, 999999)),
    ])
    changes = {c.to_stage: c for c in falls.stage_changes}
    db.add_all([
        # Recorded in the other order than decided: written by the decision date.
        Decision(project=falls, body="ks", body_name="Kommunstyrelsen",
                 decided_on=date(2025, 3, 4), reference="KS 2025/12 § 4", outcome="approved",
                 amount=Decimal("1500000"), conditions="Återrapport varje halvår.",
                 recorded_by="anna@example.se", recorded_at=datetime(2025, 3, 4, 11, 0, 0, 1),
                 ledger_entry=allocation, stage_change=changes["approved"]),
        Decision(project=falls, body="management", decided_on=date(2025, 2, 3),
                 outcome="prioritised", recorded_at=datetime(2025, 3, 4, 10, 0),
                 stage_change=changes["prioritised"]),
    ])
    db.flush()


#: The organisation's matrix in force: 4 × 4 with its own words, thresholds and colours.
SCALE_4X4 = rk.RiskScale(
    4, 4, ("Osannolik", "Möjlig", "Trolig", "Nästan säker"),
    ("Liten", "Märkbar", "Allvarlig", "=Mycket allvarlig"), 3, 8,
    (rk.BandColour("#e3f2d0", "#1b1b1b"), rk.BandColour("#ffe699", "#1b1b1b"),
     rk.BandColour("#9c0006", "#ffffff")),
)


def build_designs(db: Session, falls: Project, reading: Project) -> None:
    """The organisation's risk matrix in two versions (the default, then 4 × 4), and the design
    of both projects.

    ``falls`` gets every part: risks stored out of order (threats and an opportunity, one
    harming individuals, one closed, two tied to elements), three kinds of stop criterion, an
    evaluation plan on a mean (the balance score i3), expected effects of both outcome
    indicators (one with its success criterion), a snapshot at approval and its whole
    organisation. ``reading`` has an evaluation plan on a proportion (no indicators) and one
    risk.
    """
    db.add_all([
        RiskScaleSetting(**scale_document(rk.DEFAULT_SCALE), created_by="anna@example.se",
                         created_at=datetime(2024, 12, 1, 9, 0)),
        RiskScaleSetting(**scale_document(SCALE_4X4), created_by="anna@example.se",
                         created_at=datetime(2025, 1, 15, 10, 0)),
    ])
    elements = {e.key: e for e in falls.logic_elements}
    indicators = {i.key: i for e in falls.logic_elements for i in e.indicators}
    db.add_all([
        Risk(project_id=falls.id, key="k1", position=5, description="Fysioterapeuterna slutar",
             likelihood=3, impact=4, action="Dubbelbemanna och dokumentera rutiner",
             owner="Bo Öberg", review_on=date(2025, 6, 30), element=elements["r1"]),
        Risk(project_id=falls.id, key="k2", position=1,
             description="Deltagare faller under träningen", likelihood=2, impact=3,
             action="Anpassa övningarna efter fallriskbedömningen", owner="Fysioterapeut",
             harms_individual=True, element=elements["a1"]),
        Risk(project_id=falls.id, key="k3", position=3, kind="opportunity",
             description="=Samverkan med regionen ger fler remisser", likelihood=2, impact=2),
        Risk(project_id=falls.id, key="k4", position=2, description="Lokalerna blir inte klara",
             likelihood=1, impact=2, status="closed"),
        Risk(project_id=reading.id, key="k1", description="Bibliotekarien hinner inte",
             likelihood=4, impact=4, owner="Rektor"),
        StopCriterion(project_id=falls.id, position=0, kind="indicator",
                      text="Fallolyckorna ökar i stället för att minska",
                      indicator=indicators["i4"], threshold=Decimal("25.5")),
        StopCriterion(project_id=falls.id, position=1, kind="budget",
                      text="Kostnaderna överskrids med mer än tio procent",
                      threshold=Decimal("0.1")),
        StopCriterion(project_id=falls.id, position=2, kind="other",
                      text="Regionen drar sig ur samarbetet"),
    ])
    db.add_all([
        EvaluationPlan(
            project_id=falls.id, comparison="matching",
            comparison_details={"matching_variables": "Ålder, kön och tidigare fall",
                                "comparison_group": "Äldre i hemtjänstområde Väster"},
            guided_answers={"randomise": "no", "similar_group": "yes", "register_data": "yes",
                            "expert": "unknown", "baseline": "yes", "earlier_cohort": "no",
                            "waitlist": "no"},
            outcome="mean", sd=Decimal("6.5"), expected_effect=Decimal("4"),
            alpha=Decimal("0.05"), power=Decimal("0.8"), n_intervention=60, n_comparison=45,
            power_indicator=indicators["i3"], evaluator_kind="external",
            evaluator="FoU Nordväst", evaluator_contacted_on=date(2024, 12, 10),
            evaluation_budget=Decimal("150000.5"), effect_measured_on=date(2026, 6, 30),
            baseline_plan="Bergs balansskala vid inskrivningen",
        ),
        IndicatorExpectation(
            project_id=falls.id, indicator=indicators["i4"], expected_effect=Decimal("-3.5"),
            basis="experience", basis_note="Samma program i Umeå", agreed_by="", agreed_on=None,
        ),
        IndicatorExpectation(
            project_id=falls.id, indicator=indicators["i3"], expected_effect=Decimal("4"),
            basis="research", basis_note="Metaanalys av balansträning", min_effect=Decimal("3"),
            agreed_by="Styrgruppen och projektägaren", agreed_on=date(2025, 2, 20),
        ),
        EvaluationPlan(
            project_id=reading.id, outcome="proportion", baseline_proportion=Decimal("0.55"),
            expected_effect=Decimal("-0.15"), alpha=Decimal("0.05"), power=Decimal("0.9"),
            n_intervention=60, n_comparison=60, comparison_details={}, guided_answers={},
        ),
    ])
    db.flush()
    snapshot = snapshot_risks(db, falls, "Beslut i styrgruppen")
    snapshot.taken_at = datetime(2025, 3, 4, 11, 0, 0)
    db.add_all([
        ProjectPerson(project_id=falls.id, role="leader", name="Bo Öberg",
                      affiliation="Socialförvaltningen", task="Leder det dagliga arbetet"),
        ProjectPerson(project_id=falls.id, role="owner", name="Anna Åström",
                      affiliation="Socialförvaltningen", task=""),
        ProjectPerson(project_id=falls.id, role="steering", name="Dana Dahl", position=1,
                      affiliation="Region Exempel"),
        ProjectPerson(project_id=falls.id, role="steering", name="Erik Ek", position=0,
                      affiliation="Barn- och utbildningsförvaltningen"),
        ProjectPerson(project_id=falls.id, role="deputy_leader", name="Fia Fors",
                      affiliation="Socialförvaltningen"),
        ProjectPerson(project_id=falls.id, role="working_group", name="+46 Gruppen",
                      affiliation="Vårdcentralen Norr", task="Remitterar deltagare"),
        ReportingPlan(project_id=falls.id, escalation="Projektledaren lyfter hinder till "
                      "styrgruppen inom en vecka", other_resources="Regionens fysioterapeut",
                      check_in_months=2),
        ReportingItem(project_id=falls.id, position=1, activity="Hembesök",
                      frequency="Varje månad", done_by="Arbetsterapeut",
                      reported_by="Projektledaren", done_when="Bedömningen är journalförd",
                      resources="4 timmar per besök"),
        ReportingItem(project_id=falls.id, position=0, activity="Balansträning i grupp",
                      frequency="Varje vecka", done_by="Fysioterapeut",
                      reported_by="Projektledaren", done_when="Närvaron är registrerad"),
        PlannedCheckIn(project_id=falls.id, planned_on=date(2025, 7, 1), topic="Halvårsrapport"),
        PlannedCheckIn(project_id=falls.id, planned_on=date(2025, 5, 1), topic=""),
        CommunicationItem(project_id=falls.id, position=0, audience="Kommunstyrelsen",
                          message="-Resultat hittills", timing="Varje halvår",
                          channel="Skriftlig rapport", responsible="Projektägaren"),
        CommunicationItem(project_id=falls.id, position=1, audience="Hemtjänstpersonal",
                          message="Hur man remitterar", timing="Vid start",
                          channel="Arbetsplatsträffar", responsible="Bo Öberg"),
    ])
    db.flush()


def build_economics(db: Session, falls: Project, reading: Project) -> None:
    """The organisation's price index (three years), two optimism grades of its own, four unit
    costs (one with a local amount, one shipped as an example, one without a grade, one used by
    no line), and the economics of ``falls``: budget lines stored in another order than they
    are written (by year, then place), three benefit lines (one to be derived from the expected
    effect of i4, which is not a share, so it counts no one yet), its own discount rate, a price
    year other than the start year and Monte Carlo ranges. ``reading`` has no start, no budget
    and no settings, and one line derived from its plan on proportions: 60 × 0.15 people.

    The lines name only external actors: the design tests import the document again without
    its departments.
    """
    db.add_all([
        PriceIndexPoint(year=2024, value=Decimal("102.5")),
        PriceIndexPoint(year=2023, value=Decimal("100")),
        PriceIndexPoint(year=2025, value=Decimal("105.125")),
        OptimismGrade(grade="E", share=Decimal("0.35"), note="Grova antaganden"),
        OptimismGrade(grade="C", share=Decimal("0.1250"), note=""),
    ])
    units = {
        "hvb-dygn": UnitCost(key="hvb-dygn", name="Placering HVB, per dygn", unit="dygn",
                             amount=Decimal("4200"), price_year=2023, source="Kolada",
                             local_amount=Decimal("4550.50"), confidence="C"),
        "vardag-fallskada": UnitCost(key="vardag-fallskada", name="Vårddygn efter fallskada",
                                     unit="dygn", amount=Decimal("9000.00"), price_year=2024,
                                     source="Exempelvärde", note="=Regionens snitt",
                                     confidence="D", is_example=True),
        "hemtjanst-timme": UnitCost(key="hemtjanst-timme", name="Hemtjänsttimme", unit="timme",
                                    amount=Decimal("520"), price_year=2025,
                                    source="Egen redovisning"),
        "sjukskrivning-vecka": UnitCost(key="sjukskrivning-vecka", name="Sjukskrivningsvecka",
                                        unit="vecka", amount=Decimal("7000"), price_year=2024,
                                        confidence="E"),
    }
    db.add_all(units.values())
    indicators = {i.key: i for e in falls.logic_elements for i in e.indicators}
    db.add_all([
        BudgetLine(project_id=falls.id, position=1, category="material", actor="other",
                   year=2026, amount=Decimal("50000.5"), note="Balansutrustning"),
        BudgetLine(project_id=falls.id, position=2, category="staff", actor="region", year=2025,
                   month=3, phase="Uppstart", amount=Decimal("600000"),
                   note="=Två fysioterapeuter"),
        BudgetLine(project_id=falls.id, position=3, category="evaluation", actor="state",
                   year=2025, amount=Decimal("150000.50")),
        BenefitLine(project_id=falls.id, key="b2", position=2, indicator=indicators["i4"],
                    unit_cost=units["hemtjanst-timme"], people_source="effect",
                    people=Decimal("99"), units_per_person=Decimal("10"), actor="other",
                    first_year=2025, years=1, note="Från förväntad effekt"),
        BenefitLine(project_id=falls.id, key="b1", position=1, indicator=indicators["i4"],
                    unit_cost=units["vardag-fallskada"], people=Decimal("12.50"),
                    units_per_person=Decimal("3"), actor="region", first_year=2026, years=3,
                    deadweight=Decimal("0.2"), attribution=Decimal("0.1"),
                    drop_off=Decimal("0.15"), evidence_years=2,
                    note="Färre vårddygn efter fall"),
        BenefitLine(project_id=falls.id, key="b3", position=3, unit_cost=units["hvb-dygn"],
                    people=Decimal("0.5"), units_per_person=Decimal("30.25"),
                    actor="forsakringskassan", first_year=2027, years=2),
        BenefitLine(project_id=reading.id, key="b1", position=1, unit_cost=units["hvb-dygn"],
                    people_source="effect", units_per_person=Decimal("2"),
                    actor="kriminalvarden", first_year=2026, years=1),
        ProjectEconomics(project_id=falls.id, discount_rate=Decimal("0.03"), price_year=2024,
                         sensitivity_factor=Decimal("0.2"),
                         mc_ranges={"people": ["0.5", "1.0", "1.25"],
                                    "discount_rate": ["0.01", "0.035", "0.060"]},
                         mc_seed=42, mc_draws=5000),
    ])
    db.flush()


def build_follow_up(db: Session, falls: Project) -> None:
    """The follow-up, evaluation and implementation plan of ``falls``, rows stored in another
    order than they are written.

    Follow-up: reporting of i1 (monthly) and i3 (quarterly); values of i1 for two months, the
    first broken down by weekday, and of i3; participants per period and risk profile; two
    drop-outs, one whose reason suggests harm (investigated); hours on both activities; a
    planned check-in with two decisions (one prompted by i1, one by the harmful drop-out) and an
    extra one. Evaluation: a result computed from the levels (i3, whose success criterion is in
    points and is judged against the difference-in-differences of the levels), one given as
    relative changes (i4, without a criterion); two stakeholders, three components (one not an
    element of the model) and the conclusions. Implementation: a phased
    plan in two phases, financed by two actors whose shares sum to 1, and a follow-up of i4.
    """
    elements = {e.key: e for e in falls.logic_elements}
    indicators = {i.key: i for e in falls.logic_elements for i in e.indicators}
    planned = {c.planned_on: c for c in db.scalars(
        select(PlannedCheckIn).where(PlannedCheckIn.project_id == falls.id))}
    pid = falls.id
    db.add_all([
        IndicatorReporting(project_id=pid, indicator=indicators["i3"], frequency="quarter",
                           first_period=date(2025, 4, 1), responsible="Projektledaren"),
        IndicatorReporting(project_id=pid, indicator=indicators["i1"], frequency="month",
                           first_period=None, responsible="Fysioterapeut"),
        IndicatorValue(project_id=pid, indicator=indicators["i3"], period=date(2025, 4, 1),
                       planned=Decimal("43"), actual=Decimal("42.5"),
                       reported_by="Fysioterapeut", recorded_by="bo@example.se",
                       recorded_at=datetime(2025, 7, 2, 8, 0)),
        IndicatorValue(project_id=pid, indicator=indicators["i1"], period=date(2025, 5, 1),
                       planned=Decimal("8"), actual=Decimal("8"),
                       recorded_at=datetime(2025, 6, 1, 9, 0)),
        IndicatorValue(project_id=pid, indicator=indicators["i1"], period=date(2025, 4, 1),
                       dimension="veckodag", category="tisdag", planned=Decimal("4"),
                       actual=Decimal("2"), comment="=Lägre närvaro på tisdagar",
                       recorded_at=datetime(2025, 5, 2, 9, 0)),
        IndicatorValue(project_id=pid, indicator=indicators["i1"], period=date(2025, 4, 1),
                       planned=Decimal("8"), actual=Decimal("7"), reported_by="Fysioterapeut",
                       recorded_by="bo@example.se", recorded_at=datetime(2025, 5, 2, 9, 0)),
        IndicatorValue(project_id=pid, indicator=indicators["i1"], period=date(2025, 4, 1),
                       dimension="veckodag", category="torsdag", planned=Decimal("4"),
                       actual=Decimal("5"), recorded_at=datetime(2025, 5, 2, 9, 0)),
        ParticipantFlow(project_id=pid, period=date(2025, 5, 1), risk_profile="unknown",
                        eligible=None, enrolled=3),
        ParticipantFlow(project_id=pid, period=date(2025, 4, 1), risk_profile="high",
                        eligible=40, enrolled=10, comment="Svåra att nå"),
        ParticipantFlow(project_id=pid, period=date(2025, 4, 1), risk_profile="low",
                        eligible=60, enrolled=25),
        ResourceUse(project_id=pid, element=elements["a2"], period=date(2025, 4, 1),
                    competence="Arbetsterapeut", planned_hours=Decimal("20"),
                    actual_hours=Decimal("12")),
        ResourceUse(project_id=pid, element=elements["a1"], period=date(2025, 4, 1),
                    competence="Fysioterapeut", planned_hours=Decimal("40"),
                    actual_hours=Decimal("46.5"), comment="Extra pass för nya deltagare"),
    ])
    harmed = DropOut(project_id=pid, left_on=date(2025, 5, 10), risk_profile="high",
                     reason_kind="worse_off", reason="Kände sig sämre efter träningen",
                     possible_harm=True, investigated_on=date(2025, 5, 20),
                     investigation="Övningarna anpassades", recorded_by="bo@example.se")
    moved = DropOut(project_id=pid, left_on=date(2025, 4, 20), risk_profile="low",
                    reason_kind="moved")
    db.add_all([harmed, moved])
    db.flush()
    extra = CheckIn(project_id=pid, held_on=date(2025, 6, 15), participants="Projektledaren",
                    notes="Extra avstämning")
    extra.decisions.append(CheckInDecision(
        project_id=pid, decision="intensify", prompt="signal",
        signal_code="indicator_behind_plan",
        prompted_by="Närvaron ligger efter plan", action="Fler pass på torsdagar",
        responsible="Bo Öberg"))
    held = CheckIn(project_id=pid, held_on=date(2025, 5, 2), planned=planned[date(2025, 5, 1)],
                   participants="Styrgruppen", notes="Närvaron är lägre på tisdagar",
                   recorded_by="anna@example.se")
    held.decisions += [
        CheckInDecision(project_id=pid, position=1, decision="continue", prompt="drop_out",
                        drop_out=harmed, prompted_by="Ett avhopp med möjlig skada",
                        action="Följ upp övningarna", responsible="Fysioterapeut"),
        CheckInDecision(project_id=pid, position=0, decision="adjust", prompt="indicator",
                        indicator=indicators["i1"], prompted_by="Låg närvaro på tisdagar",
                        action="Flytta tisdagspasset", responsible="Bo Öberg"),
    ]
    db.add_all([extra, held])
    db.add_all([
        EvaluationResult(project_id=pid, indicator=indicators["i4"], goal=Decimal("-0.25"),
                         intervention_change=Decimal("-0.30"),
                         comparison_change=Decimal("-0.12"), change_kind="relative",
                         n_intervention=58, n_comparison=44, note="Patientregistret"),
        # Bergs balansskala: 41.75 → 46.5 against 42 → 43 points, relative changes rounded
        # to four decimals as the results page stores them.
        EvaluationResult(project_id=pid, indicator=indicators["i3"], goal=Decimal("0.1"),
                         intervention_change=Decimal("0.1138"),
                         comparison_change=Decimal("0.0238"),
                         intervention_before=Decimal("41.75"), intervention_after=Decimal("46.5"),
                         comparison_before=Decimal("42"), comparison_after=Decimal("43"),
                         change_kind="relative"),
        Stakeholder(project_id=pid, position=1, name="Deltagarna", method="focus_group",
                    connection="Tränar i grupperna", information="Upplevd nytta"),
        Stakeholder(project_id=pid, position=0, name="Hemtjänstpersonal", method="interview",
                    connection="Remitterar deltagare", information="Hur remisserna fungerar"),
        ComponentAssessment(project_id=pid, position=2, name="Informationsträffar",
                            verdict="undetermined"),
        ComponentAssessment(project_id=pid, position=0, element=elements["a1"],
                            name="Balansträning i grupp", verdict="decisive",
                            reason="Störst förbättring hos dem som tränade mest"),
        ComponentAssessment(project_id=pid, position=1, element=elements["a2"],
                            name="Hembesök", verdict="superfluous",
                            reason="Gav inga fler deltagare"),
        ProjectEvaluation(project_id=pid, actual_cost=Decimal("2150000.5"),
                          observed_cost_change=Decimal("-850000"), observed_months=12,
                          observed_cost_note="Färre vårddygn", judged_success=True,
                          conclusion="Satsningen nådde sitt framgångskriterium",
                          causes="Träningen i grupp", long_term_link="Färre fall på sikt",
                          lessons="Börja med hembesöken", communication="Rapport till KS",
                          report_date=date(2026, 9, 30)),
        ImplementationPlan(project_id=pid, annual_cost=Decimal("3500000"),
                           cost_note="Två team, ledning och material",
                           annual_saving=Decimal("9000000"),
                           expected_effect="20 procent färre fall", rollout="phased",
                           starts_on=date(2028, 1, 1), ends_on=date(2029, 12, 31),
                           financing_kind="mixed", replaces="Enskilda hembesök",
                           ownership="Socialförvaltningen", delivery="Hemtjänsten",
                           organisation="Två team", forums="Ledningsgruppen",
                           prerequisites="Två fysioterapeuter", new_context="Hela kommunen",
                           obstacles="Rekrytering", follow_up_date=date(2029, 6, 30),
                           follow_up_summary="Effekten håller i sig"),
        ImplementationPhase(project_id=pid, position=1, name="Fas 2: hela kommunen",
                            units="Övriga hemtjänstområden", starts_on=date(2029, 1, 1),
                            ends_on=date(2029, 12, 31), coverage=Decimal("1")),
        ImplementationPhase(project_id=pid, position=0, name="Fas 1: Norr",
                            units="Hemtjänst Norr", starts_on=date(2028, 1, 1),
                            ends_on=date(2028, 12, 31), coverage=Decimal("0.5")),
        ImplementationFinancing(project_id=pid, actor="soc", share=Decimal("0.6"),
                                note="Inom ram"),
        ImplementationFinancing(project_id=pid, actor="region", share=Decimal("0.4")),
        ImplementationFollowUp(project_id=pid, indicator=indicators["i4"],
                               project_change=Decimal("-0.3"), after_change=Decimal("-0.25"),
                               measured_on=date(2029, 6, 30), note="Efter 18 månader"),
    ])
    db.flush()


def row_counts(session: Session) -> dict[str, int]:
    return {t.name: session.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables}


@contextmanager
def empty_database(app, tmp_path) -> Iterator[Session]:
    """Yield a session on an empty database at the current schema.

    SQLite gets a second database file; on PostgreSQL the test database itself is emptied (export
    first), as the tests may not be allowed to create databases.
    """
    engine = app.extensions["satsa.engine"]
    if engine.dialect.name == "sqlite":
        fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
        upgrade(fresh)
    else:
        fresh = engine
        _truncate(engine)
    session = make_session_factory(fresh)()
    session.info["actor"] = (None, "test")
    try:
        yield session
    finally:
        session.close()
        if fresh is not engine:
            fresh.dispose()
