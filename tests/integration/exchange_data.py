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
    ChecklistConfirmation,
    Criterion,
    Department,
    Fund,
    LedgerEntry,
    Organisation,
    Project,
    ProjectMember,
    Score,
    StageChange,
    logic_models,
    users,
)
from models.domain import logic as lm
from models.migrate import upgrade
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
        ChecklistConfirmation(item="design.groups", confirmed_on=date(2025, 1, 20),
                              user_label="borttagen@example.se", comment=""),
    ]
    db.flush()
    db.add_all([
        LedgerEntry(fund=fund, project_id=falls.id, date=date(2025, 3, 4), kind="allocation",
                    amount=Decimal("1500000.00"), note="KS beslut"),
        LedgerEntry(fund=fund, project_id=falls.id, date=date(2025, 4, 1), kind="disbursement",
                    amount=Decimal("500000.00")),
        LedgerEntry(fund=fund, project_id=None, date=date(2025, 4, 1), kind="repayment",
                    amount=Decimal("25000.00"), note="Återförd från avslutad satsning"),
    ])
    build_logic_models(db, falls, reading, approved_by=anna.email)
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
