"""Excel downloads through the test client: who may download, filters, content."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from models import ChecklistConfirmation, Department, Fund, Project, StageChange
from models.reports import project_summary

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def portfolio(db):
    """Two departments, a fund and three projects, one with a formula-looking title."""
    social = Department(key="soc", name="Socialtjänsten")
    school = Department(key="skola", name="Skolförvaltningen")
    fund = Fund(key="sif", name="Sociala investeringsfonden", capital=Decimal("10000000"))
    falls = Project(
        key="fallprevention",
        title="Fallprevention för äldre",
        stage="proposal",
        target_description="Äldre i ordinärt boende",
        departments=[social],
        fund=fund,
        start=date(2025, 1, 1),
        budget_request=Decimal("1250000.50"),
    )
    reading = Project(
        key="lasframjande",
        title="Läsfrämjande i förskolan",
        stage="idea",
        departments=[school],
    )
    formula = Project(key="formel", title="=SUM(A1)", stage="idea", departments=[school])
    db.add_all([social, school, fund, falls, reading, formula])
    db.flush()
    db.add(
        ChecklistConfirmation(
            project=falls,
            item="needs.anchored",
            confirmed_on=date(2025, 2, 3),
            user_label="anna@kommun.se",
            comment="+46 nämnden",
        )
    )
    db.add(
        StageChange(
            project=falls,
            from_stage="idea",
            to_stage="proposal",
            user_label="coordinator@example.se",
            reason="Klar för förslag",
        )
    )
    db.commit()
    return {"falls": falls.id, "reading": reading.id, "formula": formula.id}


def workbook(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == XLSX
    return load_workbook(BytesIO(response.data))


def keys(ws) -> list[str]:
    return [row[0].value for row in ws.iter_rows(min_row=2)]


def test_portfolio_export_downloads_every_project(client, logged_in, portfolio):
    logged_in("viewer")
    response = client.get("/projects/export.xlsx")
    ws = workbook(response)["Portfölj"]
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "portfolj-" in disposition and ".xlsx" in disposition
    assert response.headers["Cache-Control"] == "no-store"
    assert sorted(keys(ws)) == ["fallprevention", "formel", "lasframjande"]


def test_portfolio_export_is_in_the_users_language(client, logged_in, portfolio):
    logged_in("coordinator", locale="en")
    ws = workbook(client.get("/projects/export.xlsx?department=soc"))["Portfölj"]
    assert ws["B1"].value == "Title"
    assert ws["C2"].value == "Proposal"


def test_portfolio_export_has_swedish_headers_for_swedish_users(client, logged_in, portfolio):
    logged_in("viewer", locale="sv")
    ws = workbook(client.get("/projects/export.xlsx"))["Portfölj"]
    assert ws["B1"].value == "Titel"


def test_portfolio_export_respects_the_filters(client, logged_in, portfolio):
    logged_in("steering")
    ws = workbook(client.get("/projects/export.xlsx?stage=idea"))["Portfölj"]
    assert sorted(keys(ws)) == ["formel", "lasframjande"]
    ws = workbook(client.get("/projects/export.xlsx?department=soc"))["Portfölj"]
    assert keys(ws) == ["fallprevention"]
    ws = workbook(client.get("/projects/export.xlsx?fund=sif"))["Portfölj"]
    assert keys(ws) == ["fallprevention"]
    ws = workbook(client.get("/projects/export.xlsx?sort=budget&dir=desc"))["Portfölj"]
    assert keys(ws)[0] == "fallprevention"
    ascending = keys(workbook(client.get("/projects/export.xlsx?sort=title"))["Portfölj"])
    descending = keys(workbook(client.get("/projects/export.xlsx?sort=title&dir=desc"))["Portfölj"])
    assert descending == list(reversed(ascending))


def test_portfolio_export_keeps_formula_looking_titles_as_text(client, logged_in, portfolio):
    logged_in("project_leader")
    ws = workbook(client.get("/projects/export.xlsx?sort=title"))["Portfölj"]
    cell = next(row[1] for row in ws.iter_rows(min_row=2) if row[0].value == "formel")
    assert cell.value == "=SUM(A1)"
    assert cell.data_type == "s"


def test_project_export_downloads_the_decision_material(client, logged_in, portfolio):
    logged_in("viewer", locale="en")
    response = client.get(f"/projects/{portfolio['falls']}/export.xlsx")
    wb = workbook(response)
    assert "beslutsunderlag-fallprevention.xlsx" in response.headers["Content-Disposition"]
    ws = wb["Sammanfattning"]
    assert ws["A1"].value == "Fallprevention för äldre"
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Socialtjänsten" in values
    assert "Sociala investeringsfonden" in values
    assert "+46 nämnden" in values
    assert "Klar för förslag" in values
    budget = next(row[1] for row in ws.iter_rows() if row[0].value == "Budget request")
    assert budget.value == pytest.approx(1250000.5)
    assert budget.number_format == '#,##0 "kr"'


def test_project_export_of_an_unknown_project_is_404(client, logged_in, portfolio):
    logged_in("coordinator")
    assert client.get("/projects/999999/export.xlsx").status_code == 404


@pytest.mark.parametrize("path", ["/projects/export.xlsx", "/projects/1/export.xlsx"])
def test_anonymous_users_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_project_summary_takes_the_same_few_queries_for_any_project(app, db, portfolio):
    from sqlalchemy import event

    engine = app.extensions["satsa.engine"]
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    def queries_for(project_id: int):
        db.expunge_all()
        statements.clear()
        event.listen(engine, "before_cursor_execute", record)
        try:
            return project_summary(db, project_id), len(statements)
        finally:
            event.remove(engine, "before_cursor_execute", record)

    summary, busy = queries_for(portfolio["falls"])
    _, quiet = queries_for(portfolio["reading"])
    assert busy == quiet <= 8
    assert summary is not None
    assert summary.departments == ("Socialtjänsten",)
    assert summary.stage_changes[0].reason == "Klar för förslag"
    confirmed = next(line for line in summary.checklist if line.code == "needs.anchored")
    assert confirmed.done and confirmed.confirmed_by == "anna@kommun.se"
    assert confirmed.comment == "+46 nämnden"


def test_project_summary_of_an_unknown_project_is_none(db):
    assert project_summary(db, 424242) is None
