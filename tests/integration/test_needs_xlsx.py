"""The needs analysis in Excel: in a project's decision material and as workbooks of its own."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from models.needs import NeedArea
from models.reports import need_area_summaries, project_summary
from tests.integration.helpers import make_need_area, make_project

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEEDS_SHEETS = ["Behovsanalys", "Socioekonomiskt index", "Flödesanalys"]


@pytest.fixture
def linked(db):
    """A project linked to a need area with evidence and both analyses; a project without."""
    project = make_project(db, "lasframjande", title="Läsfrämjande")
    bare = make_project(db, "bar", title="Utan behov")
    area = make_need_area(db, projects=[project])
    area.target_group = "=Elever i åk 7–9"
    area.raised_by_kind = "school"
    area.raised_by = "Rektor"
    other = NeedArea(key="trygghet", title="Trygghet i centrum", status="raised",
                     outcome="+Färre anmälda brott")
    db.add(other)
    db.commit()
    return {"project": project.id, "bare": bare.id, "area": area.id, "other": other.id}


def workbook(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == XLSX
    assert response.headers["Cache-Control"] == "no-store"
    return load_workbook(BytesIO(response.data))


def texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def row_of(ws, value) -> list:
    return next(list(r) for r in ws.iter_rows() if r[0].value == value)


def check_area_sheets(wb) -> None:
    """The sheets of the need area ``make_need_area`` builds, in English."""
    ws = wb["Behovsanalys"]
    values = texts(ws)
    assert "Skolresultat i Östra området" in values
    assert "Verified by data" in values
    assert "Rektor (A school or preschool)" in values
    target = next(c for row in ws.iter_rows() for c in row if c.value == "=Elever i åk 7–9")
    assert target.data_type == "s"
    indicator = row_of(ws, "Andel behöriga till gymnasiet")
    assert [c.value for c in indicator[:7]] == [
        "Andel behöriga till gymnasiet", "%", 2024, 82.5, 86, "Riket", "Skolverket",
    ]
    breakdowns = [[c.value for c in ws[indicator[0].row + n][1:5]] for n in (2, 3)]
    assert breakdowns == [["Sex", "flickor", 85, 2.5], ["Sex", "pojkar", 80, -2.5]]
    assert len(ws._charts) == 1
    assert "Skolverkets statistik" in values and "Intervjuer med mentorer" in values

    ws = wb["Socioekonomiskt index"]
    assert "Index 2024" in texts(ws)
    header = row_of(ws, "Rank")
    assert header[-1].value == "Behöriga"
    areas = [ws.cell(row=header[0].row + n, column=2).value for n in (1, 2, 3)]
    assert areas == ["Norr", "Öster", "Söder"]
    norr = ws[header[0].row + 1]
    assert norr[2].value == 10 and norr[2].number_format == "#,##0.00"
    assert norr[7].value == 90
    correlation = next(r[2] for r in ws.iter_rows(max_col=3)
                       if r[0].value == "Correlation between the index and the outcome (r)")
    assert 0.9 < correlation.value <= 1
    assert [c.tagname for c in ws._charts] == ["scatterChart"]

    ws = wb["Flödesanalys"]
    facts = {r[0].value: r[1] for r in ws.iter_rows(max_col=2) if r[0].value}
    assert facts["Young people"].value == 150
    assert facts["Re-placements"].value == 200
    assert facts["Share re-placed"].value == 1
    assert facts["Share re-placed"].number_format == "0.0 %"
    group = row_of(ws, "Group 1: from a family or emergency home")
    assert [c.value for c in group[1:3]] == [120, 0.6]


def test_project_workbook_has_the_linked_need_areas(client, logged_in, linked):
    logged_in("viewer", locale="en")
    wb = workbook(client.get(f"/projects/{linked['project']}/export.xlsx"))
    assert wb.sheetnames == [
        "Sammanfattning", "Logikmodell", "Indikatorer", "Logikmodell – bild", *NEEDS_SHEETS,
    ]
    check_area_sheets(wb)
    assert wb["Behovsanalys"]["A1"].value == "Läsfrämjande"
    assert "Trygghet i centrum" not in texts(wb["Behovsanalys"])


def test_project_workbook_without_linked_need_areas_says_so(client, logged_in, linked):
    logged_in("viewer", locale="en")
    wb = workbook(client.get(f"/projects/{linked['bare']}/export.xlsx"))
    assert wb.sheetnames[-1] == "Behovsanalys"
    assert "No need areas are linked to this initiative." in texts(wb["Behovsanalys"])


@pytest.mark.parametrize("role", ["viewer", "steering", "project_leader", "coordinator"])
def test_need_area_workbook_downloads_for_every_role(client, logged_in, linked, role):
    logged_in(role, locale="en")
    response = client.get(f"/needs/{linked['area']}/export.xlsx")
    wb = workbook(response)
    assert "behovsanalys-skolresultat.xlsx" in response.headers["Content-Disposition"]
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert wb.sheetnames == NEEDS_SHEETS
    assert wb["Behovsanalys"]["A1"].value == "Skolresultat i Östra området"
    check_area_sheets(wb)
    assert "Läsfrämjande" in texts(wb["Behovsanalys"])  # the linked initiative


def test_need_area_workbook_of_an_area_without_analyses(client, logged_in, linked):
    logged_in("viewer", locale="en")
    wb = workbook(client.get(f"/needs/{linked['other']}/export.xlsx"))
    assert wb.sheetnames == ["Behovsanalys"]
    ws = wb["Behovsanalys"]
    outcome = next(c for row in ws.iter_rows() for c in row if c.value == "+Färre anmälda brott")
    assert outcome.data_type == "s"
    assert "No indicators yet." in texts(ws)


def test_need_area_workbook_of_an_unknown_area_is_404(client, logged_in, linked):
    logged_in("viewer")
    assert client.get("/needs/999999/export.xlsx").status_code == 404


def test_needs_workbook_has_every_need_area(client, logged_in, linked):
    logged_in("steering", locale="en")
    response = client.get("/needs/export.xlsx")
    wb = workbook(response)
    assert "behovsanalys-" in response.headers["Content-Disposition"]
    assert wb.sheetnames == NEEDS_SHEETS
    ws = wb["Behovsanalys"]
    assert ws["A1"].value == "Needs analysis"
    values = texts(ws)
    assert values.index("Skolresultat i Östra området") < values.index("Trygghet i centrum")
    check_area_sheets(wb)


def test_needs_workbook_without_need_areas_says_so(client, logged_in, db):
    logged_in("viewer", locale="en")
    wb = workbook(client.get("/needs/export.xlsx"))
    assert wb.sheetnames == ["Behovsanalys"]
    assert "No need areas yet." in texts(wb["Behovsanalys"])


def test_needs_workbook_is_in_the_users_language(client, logged_in, linked):
    logged_in("viewer", locale="sv")
    wb = workbook(client.get(f"/needs/{linked['area']}/export.xlsx"))
    assert wb.sheetnames == NEEDS_SHEETS  # the sheet names are Swedish in every language
    assert "Status" in texts(wb["Behovsanalys"])
    assert "Från" in texts(wb["Flödesanalys"])


@pytest.mark.parametrize("path", ["/needs/export.xlsx", "/needs/1/export.xlsx"])
def test_anonymous_users_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


# --- the read models take a fixed number of queries -----------------------------------------


def _count_queries(app, db, work):
    engine = app.extensions["satsa.engine"]
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    db.expunge_all()
    event.listen(engine, "before_cursor_execute", record)
    try:
        result = work()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return result, len(statements)


def _more_areas(db, project, count: int) -> None:
    for n in range(count):
        area = make_need_area(db, f"extra{n}", projects=[project])
        area.title = f"Extra {n}"
    db.commit()


def test_project_summary_queries_do_not_grow_with_the_need_areas(app, db, linked):
    one, few = _count_queries(app, db, lambda: project_summary(db, linked["project"]))
    assert [a.title for a in one.need_areas] == ["Skolresultat i Östra området"]
    area = one.need_areas[0]
    assert [b.category for b in area.indicators[0].breakdowns] == ["flickor", "pojkar"]
    assert area.indicators[0].breakdowns[0].difference == Decimal("2.5")
    assert area.initiatives == ("Läsfrämjande",)
    assert area.ses_analyses[0].result.areas[0].index == Decimal("10.00")
    assert area.flow_analyses[0].result.replacements == 200

    from models import Project

    _more_areas(db, db.get(Project, linked["project"]), 3)
    four, many = _count_queries(app, db, lambda: project_summary(db, linked["project"]))
    assert len(four.need_areas) == 4
    assert few == many <= 25  # including the checklist's evaluation and implementation rows


def test_need_area_summaries_take_a_fixed_number_of_queries(app, db, linked):
    areas, few = _count_queries(app, db, lambda: need_area_summaries(db))
    assert [a.title for a in areas] == ["Skolresultat i Östra området", "Trygghet i centrum"]
    from models import Project

    _more_areas(db, db.get(Project, linked["bare"]), 3)
    areas, many = _count_queries(app, db, lambda: need_area_summaries(db))
    assert len(areas) == 5
    assert few == many <= 9
    only, _ = _count_queries(app, db, lambda: need_area_summaries(db, [linked["other"]]))
    assert [a.key for a in only] == ["trygghet"]
