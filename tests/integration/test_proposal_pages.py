"""Answering a call: the application form, the proposal page with its completeness, editing,
submitting, and the precise target group on the ordinary project form."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from models import Project, ProposalAnswer, Screening, StageChange
from models.logic_models import store_model
from tests.conftest import csrf_token, form_data, login
from tests.integration.helpers import (
    make_call,
    make_need_area,
    make_org,
    make_project,
    small_model,
)

TODAY = date.today()


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _projects(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Project))


FIELDS = {
    "title": "Tidigt stöd i skolan",
    "need_description": "Låg behörighet i Östra området",
    "ordinary_practice": "Elevhälsans ordinarie insatser",
    "target_description": "Barn 6–12 år med NP-problematik på skola X och Y",
    "diagnosis": "NP-problematik",
    "risk_factor": "Hög frånvaro",
    "geography": "Skola X och Y",
    "current_intervention": "Särskilt stöd i klass",
    "age_min": "6",
    "age_max": "12",
    "size_total": "400",
    "size_reached": "60",
    "start": "2025-08-01",
    "end": "2027-06-30",
    "budget_request": "1 500 000",
}


def test_a_project_leader_answers_an_open_call(client, db, logged_in):
    leader = logged_in("project_leader", locale="en")
    soc, _bun, fund = make_org(db)
    call = make_call(db, fund)
    db.commit()
    question = call.questions[0]
    page = _text(client.get(f"/calls/{call.id}/apply"))
    assert "Hur förankras satsningen i verksamheten?" in page
    assert f'name="answer-{question.id}"' in page
    data = form_data(client, f"/calls/{call.id}/apply", **FIELDS,
                     departments=[str(soc.id)], **{f"answer-{question.id}": "Via ledningsgrupp"})
    response = client.post(f"/calls/{call.id}/apply", data=data)
    assert response.status_code == 302
    project = db.scalar(select(Project))
    assert response.headers["Location"].endswith(f"/projects/{project.id}/proposal")
    assert (project.stage, project.call_id, project.fund_id, project.leader_id) == (
        "idea", call.id, fund.id, leader.id)
    assert [m.user_id for m in project.members] == [leader.id]
    assert (project.diagnosis, project.risk_factor, project.geography,
            project.current_intervention) == ("NP-problematik", "Hög frånvaro", "Skola X och Y",
                                             "Särskilt stöd i klass")
    assert [d.key for d in project.departments] == ["soc"]
    answer = db.scalar(select(ProposalAnswer))
    assert (answer.project_id, answer.question_id, answer.text) == (
        project.id, question.id, "Via ledningsgrupp")
    # The proposal page: the call, the precise target group, the answer and what is missing.
    page = _text(client.get(f"/projects/{project.id}/proposal"))
    assert call.title in page and "Via ledningsgrupp" in page and "Hög frånvaro" in page
    # Missing: a need area and the logic model (14 items + 1 required question).
    assert "13 of 15 items are in place." in page
    assert "At least one linked need area" in page
    assert "A simplified logic model with all four levels and no structural error" in page
    assert f'href="/projects/{project.id}/logic-model">open the logic model' in page
    assert "Submit the proposal" in page
    assert "The proposal still lacks 2 items" in page


def test_the_application_form_is_refused_at_its_fields_and_nothing_is_saved(client, db,
                                                                            logged_in):
    logged_in("project_leader", locale="en")
    _soc, _bun, fund = make_org(db)
    call = make_call(db, fund)
    db.commit()
    question = call.questions[0]
    data = form_data(client, f"/calls/{call.id}/apply", **{**FIELDS, "title": "",
                                                           "age_min": "12", "age_max": "6"},
                     **{f"answer-{question.id}": "x" * 20001})
    response = client.post(f"/calls/{call.id}/apply", data=data)
    assert response.status_code == 400
    page = _text(response)
    assert 'id="title-error"' in page
    assert "The upper age must not be below the lower age." in page
    assert _projects(db) == 0
    data["title"], data["age_min"] = "Titel", "6"
    response = client.post(f"/calls/{call.id}/apply", data=data)
    assert response.status_code == 400
    page = _text(response)
    assert f'id="answer-{question.id}-error">Keep the answer within 20000 characters.' in page
    assert f'<a href="#answer-{question.id}">' in page
    assert _projects(db) == 0


def test_a_need_based_call_lists_its_areas_first_and_requires_one(client, db, logged_in):
    logged_in("project_leader", locale="en")
    _soc, _bun, fund = make_org(db)
    named = make_need_area(db, "skolresultat")
    other = make_need_area(db, "aldre")
    other.title = "Äldres hälsa"
    call = make_call(db, fund, kind="need_based", need_areas=[named])
    db.commit()
    page = _text(client.get(f"/calls/{call.id}/apply"))
    assert "Skolresultat i Östra området (named in the call)" in page
    assert page.index("(named in the call)") < page.index("Äldres hälsa")
    data = form_data(client, f"/calls/{call.id}/apply", **FIELDS, need_areas=[str(other.id)])
    response = client.post(f"/calls/{call.id}/apply", data=data)
    assert response.status_code == 400
    assert ('id="need_areas-error">A proposal to this call answers at least one of its need '
            "areas: Skolresultat i Östra området.") in _text(response)
    assert _projects(db) == 0
    data["need_areas"] = [str(other.id), str(named.id)]
    assert client.post(f"/calls/{call.id}/apply", data=data).status_code == 302
    project = db.scalar(select(Project))
    assert sorted(a.key for a in project.need_areas) == ["aldre", "skolresultat"]


def test_a_direct_assignment_preselects_its_department(client, db, logged_in):
    logged_in("coordinator", locale="en")
    _soc, bun, fund = make_org(db)
    call = make_call(db, fund, kind="direct", department=bun)
    db.commit()
    data = form_data(client, f"/calls/{call.id}/apply")
    assert data["departments"] == str(bun.id)


@pytest.mark.parametrize("opens, closes, message", [
    (TODAY - timedelta(days=20), TODAY - timedelta(days=1), "The call closed on"),
    (TODAY + timedelta(days=3), TODAY + timedelta(days=20), "The call opens on"),
])
def test_a_call_that_is_not_open_takes_proposals_only_from_a_coordinator(
        app, db, make_user, opens, closes, message):
    leader = make_user("project_leader", locale="en")
    coordinator = make_user("coordinator", locale="en")
    _soc, _bun, fund = make_org(db)
    call = make_call(db, fund, opens=opens, closes=closes)
    db.commit()
    client = app.test_client()
    login(client, leader.email)
    response = client.get(f"/calls/{call.id}/apply")
    assert response.status_code == 200
    page = _text(response)
    assert message in page and 'name="answer-' not in page
    token = csrf_token(client, f"/calls/{call.id}")
    response = client.post(f"/calls/{call.id}/apply", data={"csrf_token": token, **FIELDS})
    assert response.status_code == 409 and message in _text(response)
    assert _projects(db) == 0
    boss = app.test_client()
    login(boss, coordinator.email)
    page = _text(boss.get(f"/calls/{call.id}/apply"))
    assert "As coordinator you may still add a proposal." in page
    data = form_data(boss, f"/calls/{call.id}/apply", **FIELDS)
    assert boss.post(f"/calls/{call.id}/apply", data=data).status_code == 302
    assert _projects(db) == 1


@pytest.mark.parametrize("role", ["steering", "viewer"])
def test_steering_and_viewers_do_not_apply(client, db, logged_in, role):
    logged_in(role)
    _soc, _bun, fund = make_org(db)
    call = make_call(db, fund)
    db.commit()
    token = csrf_token(client, f"/calls/{call.id}")
    assert client.get(f"/calls/{call.id}/apply").status_code == 403
    assert client.post(f"/calls/{call.id}/apply",
                       data={"csrf_token": token, **FIELDS}).status_code == 403
    assert _projects(db) == 0


def _proposal(db, leader, fund, call, **fields):
    project = make_project(db, "tidigt-stod", title="Tidigt stöd", leader=leader, fund=fund,
                           call_id=call.id, **fields)
    return project


def test_only_editors_of_the_project_edit_the_proposal(app, db, make_user):
    leader = make_user("project_leader", locale="en")
    stranger = make_user("project_leader", email="other@example.se")
    steering = make_user("steering")
    _soc, _bun, fund = make_org(db)
    call = make_call(db, fund)
    db.commit()
    project = _proposal(db, leader, fund, call)
    for user in (stranger, steering):
        client = app.test_client()
        login(client, user.email)
        token = csrf_token(client, f"/projects/{project.id}/proposal")
        assert client.get(f"/projects/{project.id}/proposal").status_code == 200
        assert client.get(f"/projects/{project.id}/proposal/edit").status_code == 403
        for path in ("edit", "submit", "completed"):
            response = client.post(f"/projects/{project.id}/proposal/{path}",
                                   data={"csrf_token": token, "title": "Kapad"})
            assert response.status_code == 403, path
        assert "Edit the proposal" not in _text(client.get(f"/projects/{project.id}/proposal"))
    db.expire_all()
    assert db.get(Project, project.id).title == "Tidigt stöd"


def test_the_proposal_is_edited_with_its_answers_and_versioned(client, db, logged_in):
    leader = logged_in("project_leader", locale="en")
    _soc, _bun, fund = make_org(db)
    call = make_call(db, fund, questions=[("Fråga ett", True), ("Fråga två", False)])
    db.commit()
    one, two = call.questions
    project = _proposal(db, leader, fund, call)
    db.add(ProposalAnswer(project_id=project.id, question_id=two.id, text="Gammalt svar"))
    db.commit()
    path = f"/projects/{project.id}/proposal/edit"
    data = form_data(client, path, geography="Skola X", **{f"answer-{one.id}": "Nytt svar",
                                                           f"answer-{two.id}": ""})
    assert data[f"answer-{two.id}"] == ""
    version = project.version
    response = client.post(path, data=data)
    assert response.status_code == 302
    db.expire_all()
    project = db.get(Project, project.id)
    assert project.geography == "Skola X" and project.version > version
    answers = {a.question_id: a.text for a in db.scalars(select(ProposalAnswer))}
    assert answers == {one.id: "Nytt svar"}  # the emptied optional answer is removed
    # Only an answer changes: the version still moves on, so concurrent edits are caught.
    data = form_data(client, path, **{f"answer-{one.id}": "Tredje svaret"})
    stale = form_data(client, path, **{f"answer-{one.id}": "Mitt svar"})
    version = project.version
    assert client.post(path, data=data).status_code == 302
    db.expire_all()
    assert db.get(Project, project.id).version > version
    response = client.post(path, data=stale)
    assert response.status_code == 409
    page = _text(response)
    assert "Someone else saved this proposal" in page and "Mitt svar" in page
    db.expire_all()
    assert db.scalar(select(ProposalAnswer.text).where(
        ProposalAnswer.question_id == one.id)) == "Tredje svaret"


def test_submitting_moves_the_idea_to_proposal_even_when_incomplete(client, db, logged_in):
    leader = logged_in("project_leader", locale="en")
    _soc, _bun, fund = make_org(db)
    call = make_call(db, fund)
    db.commit()
    project = _proposal(db, leader, fund, call)
    token = csrf_token(client, f"/projects/{project.id}/proposal")
    response = client.post(f"/projects/{project.id}/proposal/submit",
                           data={"csrf_token": token})
    assert response.status_code == 302
    db.expire_all()
    project = db.get(Project, project.id)
    assert project.stage == "proposal"
    change = db.scalar(select(StageChange))
    assert (change.from_stage, change.to_stage, change.user_label) == (
        "idea", "proposal", leader.email)
    screening = db.scalar(select(Screening))
    assert (screening.project_id, screening.status) == (project.id, "pending")
    page = _text(client.get(f"/projects/{project.id}/proposal"))
    assert "The proposal was submitted, but it still lacks" in page
    assert "The coordinator has not screened the proposal yet." in page
    assert "Submit the proposal</button>" not in page
    # Submitting again is refused with a message.
    response = client.post(f"/projects/{project.id}/proposal/submit",
                           data={"csrf_token": token}, follow_redirects=True)
    assert "has been submitted already" in _text(response)
    assert db.scalar(select(func.count()).select_from(StageChange)) == 1


def test_a_closed_call_refuses_the_submission_unless_by_a_coordinator(app, db, make_user):
    leader = make_user("project_leader", locale="en")
    coordinator = make_user("coordinator", locale="en")
    _soc, _bun, fund = make_org(db)
    call = make_call(db, fund, opens=TODAY - timedelta(days=20), closes=TODAY - timedelta(days=2))
    db.commit()
    project = _proposal(db, leader, fund, call)
    client = app.test_client()
    login(client, leader.email)
    page = _text(client.get(f"/projects/{project.id}/proposal"))
    assert "The proposal can no longer be submitted to it." in page
    token = csrf_token(client, f"/projects/{project.id}/proposal")
    response = client.post(f"/projects/{project.id}/proposal/submit",
                           data={"csrf_token": token}, follow_redirects=True)
    assert "The call closed on" in _text(response)
    db.expire_all()
    assert db.get(Project, project.id).stage == "idea"
    assert db.scalar(select(func.count()).select_from(Screening)) == 0
    boss = app.test_client()
    login(boss, coordinator.email)
    token = csrf_token(boss, f"/projects/{project.id}/proposal")
    assert boss.post(f"/projects/{project.id}/proposal/submit",
                     data={"csrf_token": token}).status_code == 302
    db.expire_all()
    assert db.get(Project, project.id).stage == "proposal"


def test_a_need_based_proposal_without_the_calls_area_is_not_submitted(client, db, logged_in):
    leader = logged_in("project_leader", locale="en")
    _soc, _bun, fund = make_org(db)
    area = make_need_area(db)
    call = make_call(db, fund, kind="need_based", need_areas=[area])
    db.commit()
    project = _proposal(db, leader, fund, call)
    token = csrf_token(client, f"/projects/{project.id}/proposal")
    response = client.post(f"/projects/{project.id}/proposal/submit",
                           data={"csrf_token": token}, follow_redirects=True)
    assert "A proposal to this call answers at least one of its need areas" in _text(response)
    db.expire_all()
    assert db.get(Project, project.id).stage == "idea"


def test_a_complete_proposal_says_so(client, db, logged_in):
    leader = logged_in("project_leader", locale="en")
    soc, _bun, fund = make_org(db)
    area = make_need_area(db)
    call = make_call(db, fund, questions=[("Fråga", True), ("Valfri", False)])
    db.commit()
    project = _proposal(db, leader, fund, call, departments=[soc], need_description="Behov",
                        ordinary_practice="Idag", target_description="Barn 6–12",
                        diagnosis="NP", geography="Skola X", current_intervention="Stöd",
                        age_min=6, age_max=12, size_total=400, size_reached=60,
                        start=date(2025, 1, 1), end=date(2026, 12, 31),
                        budget_request=1000000)
    area.projects.append(project)
    store_model(db, project, small_model())
    db.add(ProposalAnswer(project_id=project.id, question_id=call.questions[0].id, text="Svar"))
    db.commit()
    page = _text(client.get(f"/projects/{project.id}/proposal"))
    assert "15 of 15 items are in place." in page and "The proposal is complete." in page
    assert "Not answered." in page  # the optional question
    show = _text(client.get(f"/projects/{project.id}"))
    assert "15 of 15" in show and f'href="/projects/{project.id}/proposal"' in show


def test_the_project_form_keeps_the_precise_target_group(client, db, logged_in):
    logged_in("coordinator", locale="en")
    make_org(db)
    db.commit()
    data = form_data(client, "/projects/new", title="Fallprevention", diagnosis="Fallrisk",
                     risk_factor="Ensamboende", geography="Norra hemtjänstområdet",
                     current_intervention="Hemtjänst")
    response = client.post("/projects/new", data=data)
    assert response.status_code == 302
    project = db.scalar(select(Project))
    assert (project.diagnosis, project.risk_factor, project.geography,
            project.current_intervention) == ("Fallrisk", "Ensamboende",
                                             "Norra hemtjänstområdet", "Hemtjänst")
    data = form_data(client, f"/projects/{project.id}/edit", geography="Södra området")
    assert client.post(f"/projects/{project.id}/edit", data=data).status_code == 302
    page = _text(client.get(f"/projects/{project.id}"))
    assert "Södra området" in page and "Ensamboende" in page
    # An idea outside any call shows the proposal box too.
    assert "No call" in page and "Not submitted" in page
