"""Creating, editing, stage changes, checklist confirmations, audit and concurrent edits."""

import json

from sqlalchemy import select

from models import AuditEntry, Project, StageChange
from tests.conftest import csrf_token, form_data, login
from tests.integration.helpers import add_criterion, make_org, make_project


def _form(client, path):
    return csrf_token(client, path)


def test_a_project_leader_creates_a_project_and_may_edit_it(client, logged_in, db):
    leader = logged_in("project_leader")
    soc, _bun, fund = make_org(db)
    db.commit()
    token = _form(client, "/projects/new")
    response = client.post("/projects/new", data={
        "csrf_token": token, "title": "Fallprevention för äldre",
        "need_description": "Fallskador", "ordinary_practice": "Hemtjänst",
        "target_description": "65+ med hemtjänst", "age_min": "65", "age_max": "",
        "life_stage": "older", "prevention_level": "targeted", "size_total": "1200",
        "size_reached": "150", "departments": [str(soc.id)], "fund_id": str(fund.id),
        "start": "2025-01-01", "end": "2027-12-31", "budget_request": "1 500 000",
        "owner_id": "", "leader_id": str(leader.id),
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    project = db.scalar(select(Project).where(Project.key == "fallprevention-for-aldre"))
    assert project.stage == "idea"
    assert str(project.budget_request) == "1500000.00"
    assert [d.key for d in project.departments] == ["soc"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Fallprevention för äldre" in page and "1\xa0500\xa0000\xa0kr" in page
    assert client.get(f"/projects/{project.id}/edit").status_code == 200


def test_bad_input_names_the_field_and_saves_nothing(client, logged_in, db):
    logged_in("coordinator")
    token = _form(client, "/projects/new")
    response = client.post("/projects/new", data={
        "csrf_token": token, "title": "", "age_min": "30", "age_max": "10",
        "size_total": "10", "size_reached": "20", "budget_request": "mycket",
        "start": "2026-01-01", "end": "2025-01-01",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#title"' in html and 'href="#age_max"' in html
    assert 'href="#size_reached"' in html and 'href="#budget_request"' in html
    assert 'href="#end"' in html
    assert db.scalar(select(Project)) is None


def test_user_text_is_escaped_in_pages(client, logged_in, db):
    logged_in("coordinator")
    project = make_project(db, "x", title="<script>alert(1)</script>")
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_second_save_of_the_same_version_is_refused_and_keeps_the_typing(app, client, logged_in,
                                                                          db):
    logged_in("coordinator", email="a@example.se")
    project = make_project(db, "p", title="Original")
    other = app.test_client()
    login(other, "a@example.se")
    data_a = form_data(client, f"/projects/{project.id}/edit", title="Från A")
    data_b = form_data(other, f"/projects/{project.id}/edit", title="Från B")
    assert data_a["version"] == data_b["version"] == "1"
    first = client.post(f"/projects/{project.id}/edit", data=data_a)
    assert first.status_code == 302
    second = other.post(f"/projects/{project.id}/edit", data=data_b)
    assert second.status_code == 409
    body = second.get_data(as_text=True)
    assert "Från B" in body and "någon annan" in body.lower()
    db.expire_all()
    assert db.get(Project, project.id).title == "Från A"


def test_stage_change_is_recorded_with_who_when_and_reason(client, logged_in, db):
    user = logged_in("coordinator")
    project = make_project(db, "p")
    token = _form(client, f"/projects/{project.id}")
    response = client.post(f"/projects/{project.id}/stage",
                           data={"csrf_token": token, "to_stage": "proposal", "reason": ""})
    assert response.status_code == 302
    db.expire_all()
    change = db.scalar(select(StageChange).where(StageChange.project_id == project.id))
    assert (change.from_stage, change.to_stage, change.user_id) == ("idea", "proposal", user.id)
    assert db.get(Project, project.id).stage == "proposal"


def test_approval_with_open_items_needs_a_coordinator_and_a_reason(client, logged_in, db,
                                                                   make_user):
    steering = make_user("steering", email="s@example.se")
    coordinator = logged_in("coordinator")
    project = make_project(db, "p", stage="prioritised")
    token = _form(client, f"/projects/{project.id}")
    refused = client.post(f"/projects/{project.id}/stage", data={
        "csrf_token": token, "to_stage": "approved", "reason": ""}, follow_redirects=True)
    assert "öppna punkter" in refused.get_data(as_text=True)
    no_reason = client.post(f"/projects/{project.id}/stage", data={
        "csrf_token": token, "to_stage": "approved", "override_gate": "y", "reason": ""})
    assert no_reason.status_code == 302
    db.expire_all()
    assert db.get(Project, project.id).stage == "prioritised"
    ok = client.post(f"/projects/{project.id}/stage", data={
        "csrf_token": token, "to_stage": "approved", "override_gate": "y",
        "reason": "KS beslutade 2026-05-12 trots att riskanalysen saknas."})
    assert ok.status_code == 302
    db.expire_all()
    change = db.scalar(select(StageChange).where(StageChange.project_id == project.id))
    assert change.gate_override and change.user_id == coordinator.id
    assert db.get(Project, project.id).stage == "approved"
    # The steering group decides too, but may not pass a gate with open items.
    project2 = make_project(db, "q", stage="prioritised")
    steering_client = client.application.test_client()
    login(steering_client, steering.email)
    token = csrf_token(steering_client, f"/projects/{project2.id}")
    steering_client.post(f"/projects/{project2.id}/stage", data={
        "csrf_token": token, "to_stage": "approved", "override_gate": "y", "reason": "x"})
    db.expire_all()
    assert db.get(Project, project2.id).stage == "prioritised"


def test_rejection_needs_a_reason(client, logged_in, db):
    logged_in("coordinator")
    project = make_project(db, "p", stage="proposal")
    token = _form(client, f"/projects/{project.id}")
    client.post(f"/projects/{project.id}/stage",
                data={"csrf_token": token, "to_stage": "rejected", "reason": ""})
    db.expire_all()
    assert db.get(Project, project.id).stage == "proposal"
    client.post(f"/projects/{project.id}/stage",
                data={"csrf_token": token, "to_stage": "rejected", "reason": "Oprecis målgrupp"})
    db.expire_all()
    assert db.get(Project, project.id).stage == "rejected"


def test_confirming_a_checklist_item_records_date_who_and_comment(client, logged_in, db):
    user = logged_in("coordinator")
    add_criterion(db)
    project = make_project(db, "p")
    token = _form(client, f"/projects/{project.id}")
    response = client.post(f"/projects/{project.id}/checklist/needs.anchored", data={
        "csrf_token": token, "confirmed_on": "2026-03-01", "comment": "Förankrat i KS"})
    assert response.status_code == 302
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "Förankrat i KS" in html and "2026-03-01" in html and user.email in html
    # Derived items cannot be ticked by hand.
    assert client.post(f"/projects/{project.id}/checklist/needs.target_group",
                       data={"csrf_token": token}).status_code == 404
    client.post(f"/projects/{project.id}/checklist/needs.anchored",
                data={"csrf_token": token, "action": "undo"})
    assert "Förankrat i KS" not in client.get(f"/projects/{project.id}").get_data(as_text=True)


def test_every_change_is_in_the_audit_log_with_before_and_after(client, logged_in, db):
    user = logged_in("coordinator")
    project = make_project(db, "p", title="Före")
    data = form_data(client, f"/projects/{project.id}/edit", title="Efter")
    assert client.post(f"/projects/{project.id}/edit", data=data).status_code == 302
    entry = db.scalar(select(AuditEntry).where(AuditEntry.project_id == project.id,
                                               AuditEntry.action == "update"))
    assert entry.user_id == user.id
    assert json.loads(entry.changes)["title"] == ["Före", "Efter"]
    page = client.get(f"/projects/{project.id}/history").get_data(as_text=True)
    assert "Före" in page and "Efter" in page


def test_portfolio_filters_sorts_and_counts(client, logged_in, db):
    logged_in("viewer")
    soc, bun, fund = make_org(db)
    make_project(db, "a", title="Alfa", stage="running", departments=[soc], fund=fund)
    make_project(db, "b", title="Beta", stage="idea", departments=[bun])
    make_project(db, "c", title="Gamma", stage="running", departments=[bun], fund=fund)
    html = client.get("/projects/?stage=running").get_data(as_text=True)
    assert "Alfa" in html and "Gamma" in html and "Beta" not in html
    assert "2 satsningar" in html
    html = client.get("/projects/?department=bun&sort=title&dir=desc").get_data(as_text=True)
    assert html.index("Gamma") < html.index("Beta") and "Alfa" not in html
    html = client.get("/projects/?fund=si-fond&stage=idea").get_data(as_text=True)
    assert "0 satsningar" in html


def test_a_running_initiative_shows_its_signals_on_its_page(client, logged_in, db):
    from datetime import date

    make_org(db)
    running = make_project(db, "sent", stage="running", start=date(2020, 1, 1),
                           end=date(2021, 12, 31))
    idea = make_project(db, "ide", stage="idea", start=date(2020, 1, 1),
                        end=date(2021, 12, 31))
    logged_in("viewer")
    html = client.get(f"/projects/{running.id}").get_data(as_text=True)
    assert 'id="signals-title"' in html
    assert "2021-12-31" in html  # the end date that has passed
    assert 'id="signals-title"' not in client.get(f"/projects/{idea.id}").get_data(as_text=True)
