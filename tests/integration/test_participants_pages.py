"""The participants page: participants per period and risk profile (one row each, a duplicate
refused or replaced), reach against the target group and the plan, drop-outs with possible
harm flagged until investigated, and the cream-skimming monitor."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from models.audit import AuditEntry
from models.follow_up import DropOut, ParticipantFlow
from models.logic_models import store_model
from models.participants import DropOutValues, FlowValues, add_drop_out, add_flow
from tests.conftest import csrf_token, form_data
from tests.integration.helpers import make_project, small_model

STALE_TEXT = "Someone else changed this while you were editing it. Nothing was saved"
TODAY = date(2026, 1, 15)


@pytest.fixture
def world(db, make_user):
    leader = make_user("project_leader", email="lena@example.se", name="Lena Ledare",
                       locale="en")
    project = make_project(db, "lasframjande", title="Läsfrämjande", stage="running",
                           leader=leader, owner_id=leader.id, start=date(2025, 1, 1),
                           end=date(2027, 12, 31), size_total=400, size_reached=80)
    store_model(db, project, small_model())
    db.commit()
    return {"leader": leader, "project": project}


def _flow(db, project, period, profile, eligible, enrolled, comment=""):
    row, _replaced = add_flow(db, project, FlowValues(period, profile, eligible, enrolled,
                                                      comment), today=TODAY)
    db.commit()
    return row


def _drop(db, project, left_on, profile="high", kind="moved", **more):
    row = add_drop_out(db, project, DropOutValues(left_on, profile, kind, **more), today=TODAY)
    db.commit()
    return row


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def _field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="field__error" id="{field_id}-error">(.*?)</p>', html, re.S)
    assert match, f"no error under {field_id}"
    return match.group(1)


def _flows(db, project) -> list[tuple]:
    db.expire_all()
    return db.execute(select(ParticipantFlow.period, ParticipantFlow.risk_profile,
                             ParticipantFlow.eligible, ParticipantFlow.enrolled,
                             ParticipantFlow.comment)
                      .where(ParticipantFlow.project_id == project.id)
                      .order_by(ParticipantFlow.id)).all()


def _dd(html: str, dd_id: str) -> str:
    match = re.search(rf'<dd id="{dd_id}">(.*?)</dd>', html, re.S)
    assert match, f"no {dd_id}"
    return re.sub(r"[ \t\n]+", " ", match.group(1)).strip()


# --- participants per period --------------------------------------------------------------------


def test_an_editor_adds_figures_and_a_duplicate_is_refused_naming_the_period(client, db, world,
                                                                              logged_in):
    project = world["project"]
    logged_in("coordinator", locale="en")
    page = f"/projects/{project.id}/participants"
    action = f"{page}/flows"
    data = form_data(client, page, action, **{
        "flow-period": "2025-04", "flow-risk_profile": "high", "flow-eligible": "30",
        "flow-enrolled": "12", "flow-comment": "Via skolan"})
    response = client.post(action, data=data)
    assert response.status_code == 302
    assert _flows(db, project) == [(date(2025, 4, 1), "high", 30, 12, "Via skolan")]
    html = _page(client, page)
    assert "The figures for April 2025 (High risk) were added." in html

    # The same period and profile again: refused under the period, nothing stored.
    data.update({"flow-enrolled": "20", "flow-eligible": "40"})
    response = client.post(action, data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There are already figures for April 2025 and the profile “High risk”" in \
        _field_error(html, "flow-period")
    assert _flows(db, project) == [(date(2025, 4, 1), "high", 30, 12, "Via skolan")]

    # Ticking "replace" overwrites the row (still one row per period and profile).
    data["flow-replace"] = "y"
    response = client.post(action, data=data)
    assert response.status_code == 302
    assert _flows(db, project) == [(date(2025, 4, 1), "high", 40, 20, "Via skolan")]
    assert "were replaced" in _page(client, page)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"flow-period": "2027-01"}, "flow-period", "The period has not begun yet."),
    ({"flow-period": "2024-12"}, "flow-period", "is before the initiative starts"),
    ({"flow-risk_profile": ""}, "flow-risk_profile", "Choose a risk profile."),
    ({"flow-enrolled": ""}, "flow-enrolled", "Enter a number of people."),
    ({"flow-enrolled": "-1"}, "flow-enrolled", "The value cannot be negative."),
    ({"flow-eligible": "5", "flow-enrolled": "6"}, "flow-enrolled",
     "More enrolled (6) than eligible (5)"),
    ({"flow-comment": "Elev 201212121212 började"}, "flow-comment",
     "looks like it holds a personal identity number"),
])
def test_bad_figures_are_refused_under_their_field(client, db, world, logged_in, changes, field,
                                                   message):
    project = world["project"]
    logged_in("coordinator", locale="en")
    page = f"/projects/{project.id}/participants"
    action = f"{page}/flows"
    data = form_data(client, page, action, **{
        "flow-period": "2025-04", "flow-risk_profile": "low", "flow-eligible": "",
        "flow-enrolled": "3", **changes})
    response = client.post(action, data=data)
    assert response.status_code == 400
    assert message in _field_error(response.get_data(as_text=True), field)
    assert _flows(db, project) == []


def test_figures_are_edited_stale_edits_refused_and_deleted_after_confirmation(client, db,
                                                                              world, logged_in):
    project = world["project"]
    flow = _flow(db, project, date(2025, 1, 1), "low", 50, 25)
    _flow(db, project, date(2025, 2, 1), "low", None, 4)
    logged_in("project_leader", email="lena2@example.se")  # not this project's leader
    edit = f"/projects/{project.id}/participants/flows/{flow.id}/edit"
    assert client.get(edit).status_code == 403

    client.post("/logout", data={"csrf_token": csrf_token(client, f"/projects/{project.id}")})
    logged_in("coordinator", locale="en")
    data = form_data(client, edit, edit, **{"flow-enrolled": "30"})
    assert data["flow-period"] == "2025-01" and data["flow-version"] == str(flow.version)
    # Moving the row onto February, where figures exist, is refused without "replace".
    response = client.post(edit, data={**data, "flow-period": "2025-02"})
    assert response.status_code == 400
    assert "There are already figures" in _field_error(response.get_data(as_text=True),
                                                       "flow-period")
    response = client.post(edit, data=data)
    assert response.status_code == 302
    assert _flows(db, project)[0] == (date(2025, 1, 1), "low", 50, 30, "")
    # The same form again carries the old version: refused as stale, nothing changed.
    response = client.post(edit, data={**data, "flow-enrolled": "31"})
    assert response.status_code == 409
    assert STALE_TEXT in response.get_data(as_text=True)
    assert _flows(db, project)[0][3] == 30

    delete = f"/projects/{project.id}/participants/flows/{flow.id}/delete"
    html = _page(client, delete)
    assert "Delete the figures?" in html and "January 2025" in html
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    response = client.post(delete, data={"csrf_token": csrf_token(client, delete),
                                         "version": version})
    assert response.status_code == 302
    assert [row[0] for row in _flows(db, project)] == [date(2025, 2, 1)]
    changes = db.scalars(select(AuditEntry.action).where(
        AuditEntry.entity == "participant_flow", AuditEntry.project_id == project.id)
        .order_by(AuditEntry.id)).all()
    assert changes == ["create", "create", "update", "delete"]


def test_reach_is_shown_per_period_and_against_the_plan(client, db, world, logged_in):
    project = world["project"]
    _flow(db, project, date(2025, 1, 1), "low", None, 10)
    _flow(db, project, date(2025, 1, 1), "high", None, 6)
    _flow(db, project, date(2025, 4, 1), "medium", None, 24)
    logged_in("viewer", locale="en")
    html = _page(client, f"/projects/{project.id}/participants")
    assert _dd(html, "reach-enrolled") == "40"
    assert _dd(html, "reach-share") == "10.0\u00a0%"  # 40 of 400
    assert _dd(html, "reach-planned") == "80 people, 20.0\u00a0% of the target group"
    assert _dd(html, "reach-of-planned") == "50.0\u00a0%"
    table = html[html.index('id="reach-table"'):]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td class=\"num\">(.*?)</td>"
                      r"<td class=\"num\">(.*?)</td><td class=\"num\">(.*?)</td></tr>", table)
    assert rows[:2] == [("January 2025", "16", "16", "4.0\u00a0%"),
                        ("April 2025", "24", "40", "10.0\u00a0%")]
    # A viewer reads but gets no forms or edit links.
    assert 'id="flow-form"' not in html and 'id="drop-out-form"' not in html
    assert "/edit" not in html


# --- drop-outs ---------------------------------------------------------------------------------


def test_a_drop_out_that_suggests_harm_is_flagged_and_shown_until_investigated(client, db,
                                                                              world, make_user):
    from tests.conftest import login

    project = world["project"]
    login(client, world["leader"].email)
    page = f"/projects/{project.id}/participants"
    action = f"{page}/drop-outs"
    data = form_data(client, page, action, **{
        "drop-left_on": "2025-05-20", "drop-risk_profile": "high",
        "drop-reason_kind": "worse_off", "drop-reason": "Mådde sämre efter gruppträffarna"})
    assert "drop-possible_harm" not in data  # not ticked by the user
    response = client.post(action, data=data)
    assert response.status_code == 302
    row = db.scalar(select(DropOut).where(DropOut.project_id == project.id))
    assert (row.left_on, row.risk_profile, row.reason_kind, row.possible_harm,
            row.recorded_by) == (date(2025, 5, 20), "high", "worse_off", True, "lena@example.se")

    html = _page(client, page)
    assert "It is flagged as possible harm" in html
    notice = html[html.index('id="harm"'):html.index('id="reach"')]
    assert "1 drop-out may be harm and is not investigated" in notice
    assert "You lead or own this initiative" in notice
    assert f"/drop-outs/{row.id}/edit" in notice

    # A date without what was found is refused naming the missing field.
    edit = f"{page}/drop-outs/{row.id}/edit"
    data = form_data(client, edit, edit, **{"drop-investigated_on": "2025-05-25"})
    response = client.post(edit, data=data)
    assert response.status_code == 400
    assert "Say what the investigation found." in _field_error(
        response.get_data(as_text=True), "drop-investigation")
    data["drop-investigation"] = "Samtal med familjen: flytt, ingen skada."
    response = client.post(edit, data=data)
    assert response.status_code == 302
    db.expire_all()
    assert db.get(DropOut, row.id).investigation == "Samtal med familjen: flytt, ingen skada."
    html = _page(client, page)
    assert 'id="harm"' not in html
    assert "Possible harm – investigated" in html


def test_a_flagged_drop_out_is_put_to_others_as_the_leaders_and_owners_task(client, db, world,
                                                                            logged_in):
    project = world["project"]
    _drop(db, project, date(2025, 3, 1), kind="declined", possible_harm=True)
    _drop(db, project, date(2025, 3, 2), kind="moved")
    logged_in("steering", locale="en")
    html = _page(client, f"/projects/{project.id}/participants")
    notice = html[html.index('id="harm"'):html.index('id="reach"')]
    assert "The project leader and the project owner should see to it" in notice
    assert "2025-03-01" in notice and "2025-03-02" not in notice
    assert "/edit" not in notice  # a steering-group member does not edit


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"drop-left_on": "2026-12-01"}, "drop-left_on", "The date cannot be in the future."),
    ({"drop-reason_kind": ""}, "drop-reason_kind", "Choose the kind of reason."),
    ({"drop-reason": "Pnr 121212-1212"}, "drop-reason",
     "looks like it holds a personal identity number"),
    ({"drop-investigation": "Talat med eleven"}, "drop-investigated_on",
     "Give the date of the investigation."),
    ({"drop-investigated_on": "2025-05-01", "drop-investigation": "x"}, "drop-investigated_on",
     "cannot be before the participant left"),
])
def test_bad_drop_outs_are_refused_under_their_field(client, db, world, logged_in, changes,
                                                     field, message):
    project = world["project"]
    logged_in("coordinator", locale="en")
    page = f"/projects/{project.id}/participants"
    action = f"{page}/drop-outs"
    data = form_data(client, page, action, **{
        "drop-left_on": "2025-05-20", "drop-risk_profile": "low", "drop-reason_kind": "moved",
        **changes})
    response = client.post(action, data=data)
    assert response.status_code == 400
    assert message in _field_error(response.get_data(as_text=True), field)
    assert db.scalar(select(func.count()).select_from(DropOut)) == 0


def test_a_drop_out_is_deleted_after_confirmation(client, db, world, logged_in):
    project = world["project"]
    row = _drop(db, project, date(2025, 3, 1), kind="negative_experience")
    logged_in("coordinator", locale="en")
    delete = f"/projects/{project.id}/participants/drop-outs/{row.id}/delete"
    html = _page(client, delete)
    assert "flagged as possible harm and has not been investigated" in html
    response = client.post(delete, data={"csrf_token": csrf_token(client, delete),
                                         "version": "0"})
    assert response.status_code == 302  # an old version is refused: back to the confirmation
    assert response.headers["Location"].endswith(delete)
    assert db.scalar(select(func.count()).select_from(DropOut)) == 1
    response = client.post(delete, data={"csrf_token": csrf_token(client, delete),
                                         "version": str(row.version)})
    assert response.status_code == 302
    assert db.scalar(select(func.count()).select_from(DropOut)) == 0


# --- the cream-skimming monitor ---------------------------------------------------------------


def test_the_monitor_warns_when_high_risk_participants_are_enrolled_less(client, db, world,
                                                                        logged_in):
    project = world["project"]
    _flow(db, project, date(2025, 1, 1), "low", 100, 50)   # 50 %
    _flow(db, project, date(2025, 1, 1), "high", 100, 30)  # 30 % < 0.8 × 50 %
    for day in range(1, 6):
        _drop(db, project, date(2025, 2, day), profile="high")   # 5 of 30
    _drop(db, project, date(2025, 2, 1), profile="low")           # 1 of 50
    logged_in("viewer", locale="en")
    html = _page(client, f"/projects/{project.id}/participants")
    warning = html[html.index('id="cream-warning"'):]
    warning = warning[:warning.index("</div>")]
    assert "High-risk enrolment rate 30.0\u00a0% is below 40.0\u00a0%" in warning
    assert "High-risk drop-out rate 16.7\u00a0% is above 2.5\u00a0%" in warning
    row = re.search(r'<tr id="profile-high">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'<td class="num">(.*?)</td>', row) == [
        "100", "30", "30.0\u00a0%", "5", "16.7\u00a0%"]
    # The chart carries the same figures as a table.
    assert 'id="rates-chart"' in html
    table = html[html.index('id="rates-chart-table"'):]
    assert "High risk" in table and "16.7\u00a0%" in table
    assert "The rule: a warning is shown when" in html


def test_the_monitor_does_not_compare_small_groups(client, db, world, logged_in):
    project = world["project"]
    _flow(db, project, date(2025, 1, 1), "low", 9, 9)
    _flow(db, project, date(2025, 1, 1), "high", 9, 1)
    logged_in("viewer", locale="en")
    html = _page(client, f"/projects/{project.id}/participants")
    assert 'id="cream-warning"' not in html
    assert "Too few high-risk and low-risk participants to compare yet." in html
