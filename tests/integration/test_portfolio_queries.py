"""The portfolio list reads a fixed number of queries, whatever its initiatives hold."""

from __future__ import annotations

from sqlalchemy import event

from models import CommunicationItem, ProjectPerson, ReportingPlan, Risk
from models.queries import PortfolioFilter, portfolio_rows
from tests.integration.helpers import make_org, make_project


def _designed(db, key: str):
    project = make_project(db, key)
    db.add_all([
        Risk(project_id=project.id, key="k1", description="Personalomsättning", likelihood=3,
             impact=4, action="Introduktionsplan", owner="Enhetschef"),
        ProjectPerson(project_id=project.id, role="steering", name="Anna Ek",
                      affiliation="Socialförvaltningen"),
        ReportingPlan(project_id=project.id, escalation="Projektledaren till styrgruppen.",
                      check_in_months=2),
        CommunicationItem(project_id=project.id, audience="Nämnden", message="Lägesrapport"),
    ])
    db.commit()


def _count(app, db) -> tuple[int, int]:
    engine = app.extensions["satsa.engine"]
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    db.expunge_all()
    event.listen(engine, "before_cursor_execute", record)
    try:
        rows = portfolio_rows(db, PortfolioFilter())
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(rows), len(statements)


def test_the_design_checklist_costs_no_query_per_initiative(app, db):
    make_org(db)
    db.commit()
    _designed(db, "a")
    _designed(db, "b")
    few, few_queries = _count(app, db)
    for key in ("c", "d", "e", "f"):
        _designed(db, key)
    many, many_queries = _count(app, db)
    assert (few, many) == (2, 6)
    assert few_queries == many_queries
