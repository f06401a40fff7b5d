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
    users,
)
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
    db.commit()
    return {"falls": falls.id, "reading": reading.id}


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
