"""The proposal sheets of the decision material: scores as far as the user may see them,
decisions, and the feedback letter (sent, or the coordinator's draft marked as such)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models import Criterion, Decision, FeedbackLetter, Score, ScoreSubmission
from tests.conftest import login
from tests.integration.helpers import make_org, make_project

PROPOSAL_SHEETS = ["Poäng", "Beslut", "Återkoppling"]


@pytest.fixture
def world(db, make_user):
    _soc, _bun, fund = make_org(db)
    needs = Criterion(key="behov", name="Svarar mot behov", weight=Decimal("2"), scale_max=5,
                      position=1)
    effect = Criterion(key="effekt", name="=Förväntad effekt", weight=Decimal("1"), scale_max=5,
                       position=2)
    db.add_all([needs, effect])
    project = make_project(db, "laxhjalp", title="Läxhjälp", stage="prioritised", fund=fund)
    anna = make_user("steering", email="anna@example.se", name="Anna", locale="en")
    bo = make_user("steering", email="bo@example.se", name="Bo", locale="en")
    db.add_all([
        Score(project=project, rater_id=anna.id, criterion_id=needs.id, value=4,
              comment="=1+1"),
        Score(project=project, rater_id=anna.id, criterion_id=effect.id, value=3, comment=""),
        Score(project=project, rater_id=bo.id, criterion_id=needs.id, value=2,
              comment="Bos utkast"),
        ScoreSubmission(project=project, rater_id=anna.id),
        Decision(project=project, body="board", body_name="Socialnämnden",
                 decided_on=date(2025, 2, 3), reference="+SN § 12", outcome="prioritised",
                 amount=Decimal("750000.00"), conditions="@Rapport varje halvår",
                 recorded_by="coordinator@example.se"),
        FeedbackLetter(project=project, status="draft", opening="-Tack för ansökan",
                       strengths="- Tydligt behov", signed_by="Karin"),
    ])
    db.commit()
    return {"project": project, "anna": anna, "bo": bo, "fund": fund}


def workbook(app, user, project):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    response = client.get(f"/projects/{project.id}/export.xlsx")
    assert response.status_code == 200
    return load_workbook(BytesIO(response.data))


def rows(ws) -> list[tuple]:
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def test_a_coordinator_gets_every_score_the_decisions_and_the_draft(app, world, make_user):
    wb = workbook(app, make_user("coordinator", locale="en"), world["project"])
    assert wb.sheetnames[-3:] == PROPOSAL_SHEETS
    ws = wb["Poäng"]
    assert ws["A1"].value == "Läxhjälp"
    header = next(i for i, r in enumerate(rows(ws), start=1) if r[0] == "Criterion")
    assert rows(ws)[header - 1][:6] == ("Criterion", "Rater", "Score",
                                        "Highest score on the scale", "Comment", "Submitted")
    body = rows(ws)[header:]
    assert [r[:6] for r in body] == [
        ("Svarar mot behov", "Anna", 4, 5, "=1+1", "Yes"),
        ("Svarar mot behov", "Bo", 2, 5, "Bos utkast", "No"),
        ("=Förväntad effekt", "Anna", 3, 5, None, "Yes"),
    ]
    formula = ws.cell(row=header + 1, column=5)
    assert formula.data_type == "s" and formula.value == "=1+1"
    assert ws.cell(row=header + 3, column=1).data_type == "s"

    ws = wb["Beslut"]
    header = next(i for i, r in enumerate(rows(ws), start=1) if r[0] == "Decision date")
    decided = [c for c in next(ws.iter_rows(min_row=header + 1, max_row=header + 1))]
    assert decided[0].value.date() == date(2025, 2, 3)
    assert [c.value for c in decided[1:5]] == ["Committee (nämnd)", "Socialnämnden",
                                                "+SN § 12", "Prioritised"]
    assert decided[3].data_type == "s"
    assert decided[5].value == 750000 and decided[5].number_format == '#,##0 "kr"'
    assert decided[6].value == "@Rapport varje halvår" and decided[6].data_type == "s"

    ws = wb["Återkoppling"]
    assert "DRAFT" in ws["A2"].value
    values = {r[0]: r[1] for r in rows(ws)}
    assert values["Opening"] == "-Tack för ansökan"
    assert values["Strengths"] == "- Tydligt behov"
    assert values["Status"] == "Draft"
    opening = next(r[1] for r in ws.iter_rows() if r[0].value == "Opening")
    assert opening.data_type == "s"


def test_a_steering_member_who_has_not_submitted_gets_no_scores(app, world):
    wb = workbook(app, world["bo"], world["project"])
    values = [c.value for row in wb["Poäng"].iter_rows() for c in row if c.value is not None]
    assert "Bos utkast" not in values and "=1+1" not in values and 4 not in values
    assert any("The scores are hidden" in str(v) for v in values)
    # Decisions are there; the draft letter is not.
    assert "Socialnämnden" in [c.value for row in wb["Beslut"].iter_rows() for c in row]
    letter = [c.value for row in wb["Återkoppling"].iter_rows() for c in row if c.value]
    assert "No feedback letter has been sent yet." in letter
    assert "-Tack för ansökan" not in letter


def test_a_rater_who_has_submitted_sees_the_scores_and_everyone_the_sent_letter(
        app, db, world, make_user):
    wb = workbook(app, world["anna"], world["project"])
    values = [c.value for row in wb["Poäng"].iter_rows() for c in row]
    assert "Bos utkast" in values
    letter = db.scalar(select(FeedbackLetter))
    letter.status = "sent"
    db.commit()
    wb = workbook(app, make_user("viewer", locale="en"), world["project"])
    values = {r[0]: r[1] for r in rows(wb["Återkoppling"])}
    assert values["Opening"] == "-Tack för ansökan"
    assert values["Status"] == "Sent to the proposer"
    assert "DRAFT" not in wb["Återkoppling"]["A2"].value
    assert any("hidden" in str(v) for r in rows(wb["Poäng"]) for v in r)


def test_an_idea_without_proposal_material_gets_no_proposal_sheets(app, db, world, make_user):
    idea = make_project(db, "ide", stage="idea")
    wb = workbook(app, make_user("coordinator"), idea)
    assert not set(PROPOSAL_SHEETS) & set(wb.sheetnames)
