"""Excel downloads through the test client: who may download, filters, content."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from models import ChecklistConfirmation, Department, Fund, Project, StageChange
from models.domain import logic as lm
from models.logic_models import store_model
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
    # Two of them read the risk matrix and the organisation for the design checklist items.
    # The checklist reads the evaluation and implementation rows: one query per kind.
    assert busy == quiet <= 17
    assert summary is not None
    assert summary.departments == ("Socialtjänsten",)
    assert summary.stage_changes[0].reason == "Klar för förslag"
    confirmed = next(line for line in summary.checklist if line.code == "needs.anchored")
    assert confirmed.done and confirmed.confirmed_by == "anna@kommun.se"
    assert confirmed.comment == "+46 nämnden"


def test_project_summary_of_an_unknown_project_is_none(db):
    assert project_summary(db, 424242) is None


# --- the logic model in the decision material -----------------------------------------------


def logic_model(size: int = 1) -> lm.Model:
    """``size`` chains resource → activity → outcome → goal; the first with formula-like text."""
    elements: list[lm.Element] = []
    links: list[lm.Link] = []
    for n in range(1, size + 1):
        elements += [
            lm.Element(f"r{n}", "resource", '=HYPERLINK("http://x")' if n == 1 else f"R {n}",
                       assumptions=("+1", "Personalen finns kvar")),
            lm.Element(f"a{n}", "activity", f"Hembesök {n}", indicators=(
                lm.Indicator(f"ip{n}", "@SUM(A1)", "process", "Verksamhetssystem", "count",
                             target=Decimal("120")),)),
            lm.Element(f"s{n}", "short_term", f"Färre fall {n}", indicators=(
                lm.Indicator(f"io{n}", "Andel som fallit", "outcome", "Kvalitetsregister",
                             "percent", Decimal("55.5"), Decimal("40"), 12, "register",
                             "individual"),)),
            lm.Element(f"g{n}", "long_term", f"Färre frakturer {n}"),
        ]
        links += [lm.Link(f"r{n}", f"a{n}"), lm.Link(f"a{n}", f"s{n}"),
                  lm.Link(f"s{n}", f"g{n}")]
    levels = sorted(elements, key=lambda e: lm.RANK[e.level])
    return lm.Model(elements=tuple(levels), links=tuple(links), purpose="+46 Färre fall")


@pytest.fixture
def modelled(db, portfolio):
    """The reading project with a small model, and a new project with a large one."""
    reading = db.get(Project, portfolio["reading"])
    store_model(db, reading, logic_model())
    large = Project(key="stor", title="Stor modell", stage="idea")
    db.add(large)
    db.flush()
    store_model(db, large, logic_model(40))
    db.commit()
    return {"small": reading.id, "large": large.id, "none": portfolio["falls"]}


def test_project_export_has_the_logic_model_sheets(client, logged_in, modelled):
    logged_in("viewer", locale="en")
    wb = workbook(client.get(f"/projects/{modelled['small']}/export.xlsx"))
    assert wb.sheetnames == [
        "Sammanfattning", "Logikmodell", "Indikatorer", "Logikmodell – bild", "Behovsanalys",
    ]

    ws = wb["Logikmodell"]
    header = next(r[0].row for r in ws.iter_rows(max_col=1) if r[0].value == "Key")
    rows = {r[0].value: r for r in ws.iter_rows(min_row=header + 1, max_row=header + 4)}
    assert list(rows) == ["r1", "a1", "s1", "g1"]
    text = rows["r1"][2]
    assert text.value == '=HYPERLINK("http://x")'
    assert text.data_type == "s"
    assert rows["r1"][5].value == "+1\nPersonalen finns kvar"
    assert rows["s1"][6].value == "g1"
    assert "Outcome without indicator" in rows["g1"][7].value
    purpose = next(r[1] for r in ws.iter_rows(max_col=2) if r[0].value == "Overall purpose")
    assert purpose.value == "+46 Färre fall"
    assert purpose.data_type == "s"

    ws = wb["Indikatorer"]
    indicators = {r[0].value: r for r in ws.iter_rows() if r[0].value in ("ip1", "io1")}
    assert indicators["ip1"][4].value == "@SUM(A1)"
    assert indicators["ip1"][4].data_type == "s"
    baseline, target, horizon = indicators["io1"][10:13]
    assert baseline.value == pytest.approx(55.5)
    assert baseline.number_format == '#,##0.0### "%"'
    assert target.value == 40
    assert horizon.value == 12

    ws = wb["Logikmodell – bild"]
    cells = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "! g1: Färre frakturer 1" in cells
    assert "→ a1" in cells


def test_project_export_without_a_logic_model_says_so(client, logged_in, modelled):
    logged_in("viewer", locale="en")
    wb = workbook(client.get(f"/projects/{modelled['none']}/export.xlsx"))
    for name in ("Logikmodell", "Indikatorer", "Logikmodell – bild"):
        assert "No logic model yet." in [c.value for c in wb[name]["A"]], name


def test_project_summary_carries_the_model_and_its_findings(db, modelled):
    summary = project_summary(db, modelled["small"])
    assert summary is not None and summary.has_logic_model
    assert [e.key for e in summary.logic_model.elements] == ["r1", "a1", "s1", "g1"]
    assert summary.logic_model.purpose == "+46 Färre fall"
    assert [(f.code, f.element) for f in summary.logic_findings] == [
        ("missing_indicator", "g1")
    ]
    empty = project_summary(db, modelled["none"])
    assert empty is not None
    assert not empty.has_logic_model and empty.logic_findings == ()


def test_project_summary_queries_do_not_grow_with_the_model(app, db, modelled):
    from sqlalchemy import event

    engine = app.extensions["satsa.engine"]
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    def queries_for(project_id: int) -> int:
        db.expunge_all()
        statements.clear()
        event.listen(engine, "before_cursor_execute", record)
        try:
            assert project_summary(db, project_id) is not None
            return len(statements)
        finally:
            event.remove(engine, "before_cursor_execute", record)

    small, large = queries_for(modelled["small"]), queries_for(modelled["large"])
    assert small == large <= 20
