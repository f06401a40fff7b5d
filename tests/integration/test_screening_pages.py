"""Screening a proposal: completeness, the must-criteria, and passing it, asking for a completion
or setting it aside — each in one transaction, versioned."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import func, select

from models import Criterion, MustCheck, Project, Screening, StageChange
from tests.conftest import csrf_token, form_data, login
from tests.integration.helpers import make_call, make_org, make_project


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def case(app, db, make_user):
    coordinator = make_user("coordinator", locale="en")
    leader = make_user("project_leader", email="pia@example.se", locale="en")
    _soc, _bun, fund = make_org(db)
    needs = Criterion(key="behov", name="Svarar mot behov", weight=Decimal("0"), scale_max=1,
                      must=True, position=0)
    evidence = Criterion(key="evidens", name="Stöd i evidens", weight=Decimal("0"), scale_max=1,
                         must=True, position=1)
    effect = Criterion(key="effekt", name="Förväntad effekt", weight=Decimal("1"), scale_max=5,
                       position=2)
    db.add_all([needs, evidence, effect])
    call = make_call(db, fund, criteria=[needs, effect])
    db.commit()
    project = make_project(db, "tidigt-stod", title="Tidigt stöd", stage="proposal",
                           leader=leader, fund=fund, call_id=call.id)
    db.add(Screening(project_id=project.id, status="pending"))
    db.commit()
    boss = app.test_client()
    login(boss, coordinator.email)
    proposer = app.test_client()
    login(proposer, leader.email)
    return {"coordinator": coordinator, "leader": leader, "project": project, "needs": needs,
            "evidence": evidence, "call": call, "boss": boss, "proposer": proposer}


def _path(project) -> str:
    return f"/projects/{project.id}/screening"


def _screen(client, project, action, **fields):
    data = form_data(client, _path(project), action="", **fields)
    data["action"] = action
    return client.post(_path(project), data=data)


def _screening(db, project) -> Screening:
    db.expire_all()
    return db.scalar(select(Screening).where(Screening.project_id == project.id))


def test_the_screening_page_shows_the_calls_must_criteria_only(case):
    page = _text(case["boss"].get(_path(case["project"])))
    assert "Svarar mot behov" in page and "Stöd i evidens" not in page
    assert "Förväntad effekt" not in page  # not a must-criterion
    assert "of 15 items are in place." in page
    assert "The must-criteria of the call." in page


def test_without_a_call_every_must_criterion_applies(case, db):
    project = make_project(db, "utan-utlysning", stage="proposal")
    page = _text(case["boss"].get(_path(project)))
    assert "Svarar mot behov" in page and "Stöd i evidens" in page
    assert "The proposal answers no call: all must-criteria apply." in page


def test_passing_is_refused_while_a_must_criterion_fails_or_is_unjudged(case, db):
    project, needs = case["project"], case["needs"]
    response = _screen(case["boss"], project, "pass", **{f"must-{needs.id}": "fail",
                                                         f"must-note-{needs.id}": "Inget behov",
                                                         "risk_level": "high"})
    assert response.status_code == 400
    assert ("The proposal fails the must-criteria Svarar mot behov and cannot pass screening."
            in _text(response))
    # Nothing of the refused screening is saved: neither the judgement nor the assessment.
    screening = _screening(db, project)
    assert (screening.status, screening.risk_level, screening.screened_at) == (
        "pending", None, None)
    assert db.scalar(select(func.count()).select_from(MustCheck)) == 0
    response = _screen(case["boss"], project, "pass")
    assert response.status_code == 400
    assert ("Judge the must-criteria Svarar mot behov before the proposal passes screening."
            in _text(response))
    assert _screening(db, project).status == "pending"


def test_a_proposal_that_meets_its_must_criteria_passes(case, db):
    project, needs = case["project"], case["needs"]
    response = _screen(case["boss"], project, "pass", **{
        f"must-{needs.id}": "pass", f"must-note-{needs.id}": "Verifierat behov",
        "risk_level": "medium", "complexity": "high", "note": "Bra förslag"})
    assert response.status_code == 302
    screening = _screening(db, project)
    assert (screening.status, screening.risk_level, screening.complexity, screening.note,
            screening.screened_by) == ("passed", "medium", "high", "Bra förslag",
                                       case["coordinator"].email)
    assert screening.screened_at is not None
    assert [(c.criterion_id, c.passed, c.note) for c in screening.must_checks] == [
        (needs.id, True, "Verifierat behov")]
    assert db.get(Project, project.id).stage == "proposal"
    # The form shows what was judged; the call's overview says all must-criteria are met.
    page = _text(case["boss"].get(_path(project)))
    assert f'id="must-{needs.id}-pass" name="must-{needs.id}" value="pass" checked' in page
    overview = _text(case["boss"].get(f"/calls/{case['call'].id}"))
    assert "All met" in overview and "Passed screening" in overview
    # A later save with "not judged" removes the judgement.
    response = _screen(case["boss"], project, "save", **{f"must-{needs.id}": ""})
    assert response.status_code == 302
    screening = _screening(db, project)
    assert screening.status == "passed" and screening.must_checks == []


def test_a_completion_request_reaches_the_proposer_and_comes_back(case, db):
    project = case["project"]
    response = _screen(case["boss"], project, "complete", completion_request=" ")
    assert response.status_code == 400
    assert 'id="completion_request-error">Write what the proposer is asked to complete.' in \
        _text(response)
    assert _screening(db, project).status == "pending"
    response = _screen(case["boss"], project, "complete",
                       completion_request="Beskriv målgruppens storlek.")
    assert response.status_code == 302
    screening = _screening(db, project)
    assert (screening.status, screening.completion_request) == (
        "completion_requested", "Beskriv målgruppens storlek.")
    assert screening.requested_at is not None and screening.completed_at is None
    # The proposer sees the request on the proposal and on the project page.
    page = _text(case["proposer"].get(f"/projects/{project.id}/proposal"))
    assert "The coordinator asks you to complete the proposal" in page
    assert "Beskriv målgruppens storlek." in page and "Completion done</button>" in page
    show = _text(case["proposer"].get(f"/projects/{project.id}"))
    assert "The coordinator asks for a completion of the proposal." in show
    token = csrf_token(case["proposer"], f"/projects/{project.id}/proposal")
    response = case["proposer"].post(f"/projects/{project.id}/proposal/completed",
                                     data={"csrf_token": token})
    assert response.status_code == 302
    screening = _screening(db, project)
    assert screening.status == "pending" and screening.completed_at is not None
    overview = _text(case["boss"].get(f"/calls/{case['call'].id}"))
    assert "Not yet screened" in overview and "Completed " in overview
    # Done once: a second click is refused with a message, nothing changes.
    response = case["proposer"].post(f"/projects/{project.id}/proposal/completed",
                                     data={"csrf_token": token}, follow_redirects=True)
    assert "No completion has been requested for this proposal." in _text(response)
    assert _screening(db, project).completed_at == screening.completed_at


def test_setting_aside_needs_a_reason_and_rejects_the_proposal(case, db):
    project = case["project"]
    response = _screen(case["boss"], project, "set_aside", reason="")
    assert response.status_code == 400
    assert 'id="reason-error">Give the reason the proposal is set aside' in _text(response)
    db.expire_all()
    assert db.get(Project, project.id).stage == "proposal"
    assert db.scalar(select(func.count()).select_from(StageChange)) == 0
    response = _screen(case["boss"], project, "set_aside", reason="Svarar inte mot behoven.")
    assert response.status_code == 302
    screening = _screening(db, project)
    assert (screening.status, screening.reason) == ("set_aside", "Svarar inte mot behoven.")
    project = db.get(Project, project.id)
    assert project.stage == "rejected"
    change = db.scalar(select(StageChange))
    assert (change.from_stage, change.to_stage, change.reason, change.user_label) == (
        "proposal", "rejected", "Set aside at screening: Svarar inte mot behoven.",
        case["coordinator"].email)
    page = _text(case["proposer"].get(f"/projects/{project.id}/proposal"))
    assert "The proposal was set aside at screening:" in page
    assert "Svarar inte mot behoven." in page
    # A rejected project is no longer screened: the page says so, a post is refused.
    page = _text(case["boss"].get(_path(project)))
    assert "Only proposals are screened" in page and 'name="action"' not in page
    token = csrf_token(case["boss"], f"/projects/{project.id}")
    response = case["boss"].post(_path(project), data={"csrf_token": token, "action": "pass"})
    assert response.status_code == 409
    assert _screening(db, project).status == "set_aside"


def test_a_screening_on_an_old_version_is_refused(case, db):
    project, needs = case["project"], case["needs"]
    stale = form_data(case["boss"], _path(project), action="", **{f"must-{needs.id}": "pass"})
    stale["action"] = "pass"
    screening = _screening(db, project)
    screening.note = "Någon annans anteckning"
    db.commit()
    response = case["boss"].post(_path(project), data=stale)
    assert response.status_code == 409
    assert "Someone else screened this proposal" in _text(response)
    screening = _screening(db, project)
    assert screening.status == "pending" and screening.must_checks == []


def test_a_proposal_without_a_screening_row_is_screened_too(case, db):
    project = make_project(db, "direkt", stage="proposal", call_id=case["call"].id)
    response = _screen(case["boss"], project, "complete", completion_request="Mer underlag.")
    assert response.status_code == 302
    assert _screening(db, project).status == "completion_requested"


@pytest.mark.parametrize("role", ["steering", "viewer", "project_leader"])
def test_only_coordinators_screen(case, db, app, make_user, role):
    user = case["leader"] if role == "project_leader" else make_user(role)
    client = app.test_client()
    login(client, user.email)
    project = case["project"]
    assert client.get(_path(project)).status_code == 403
    token = csrf_token(client, f"/projects/{project.id}")
    response = client.post(_path(project), data={"csrf_token": token, "action": "set_aside",
                                                 "reason": "x", "version": "1"})
    assert response.status_code == 403
    assert _screening(db, project).status == "pending"
    assert db.get(Project, project.id).stage == "proposal"
    # Nor do they see the screening overview of the call.
    page = _text(client.get(f"/calls/{case['call'].id}"))
    assert "Proposals and screening" not in page and "Tidigt stöd" in page
