"""The check-ins page: the schedule with held and overdue check-ins, check-ins recorded with one
or more decisions and what prompted each, edits under the check-in's version, a decision to
stop shown prominently, and deletion after confirmation."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import func, select

from models.audit import AuditEntry
from models.check_ins import CheckInValues, DecisionValues, add_check_in
from models.design import PlannedCheckIn
from models.follow_up import CheckIn, CheckInDecision
from models.logic_models import store_model
from models.participants import DropOutValues, add_drop_out
from tests.conftest import csrf_token, form_data
from tests.integration.helpers import make_project, small_model

STALE_TEXT = "Someone else changed this while you were editing it. Nothing was saved"
TODAY = date(2026, 1, 15)
P = "check_in-"


@pytest.fixture
def world(db, make_user):
    leader = make_user("project_leader", email="lena@example.se", locale="en")
    project = make_project(db, "lasframjande", title="Läsfrämjande", stage="running",
                           leader=leader, owner_id=leader.id, start=date(2025, 1, 1),
                           end=date(2027, 12, 31), size_total=400)
    store_model(db, project, small_model())
    march = PlannedCheckIn(project_id=project.id, planned_on=date(2025, 3, 1),
                           topic="Första kvartalet")
    june = PlannedCheckIn(project_id=project.id, planned_on=date(2025, 6, 1), topic="")
    later = PlannedCheckIn(project_id=project.id, planned_on=date(2030, 6, 1), topic="")
    db.add_all([march, june, later])
    drop = add_drop_out(db, project, DropOutValues(date(2025, 2, 10), "high", "declined"),
                        today=TODAY)
    db.commit()
    return {"leader": leader, "project": project, "march": march, "june": june,
            "later": later, "drop": drop}


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return unescape(response.get_data(as_text=True))


def _field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="field__error" id="{field_id}-error">(.*?)</p>', html, re.S)
    assert match, f"no error under {field_id}"
    return unescape(match.group(1))


def _decisions(db, check_in_id: int) -> list[tuple]:
    db.expire_all()
    return [(d.position, d.decision, d.prompt, d.indicator.key if d.indicator else None,
             d.drop_out_id, d.signal_code, d.prompted_by, d.action, d.responsible)
            for d in db.scalars(select(CheckInDecision)
                                .where(CheckInDecision.check_in_id == check_in_id)
                                .order_by(CheckInDecision.position))]


def _record(db, project, held_on=date(2025, 3, 3), planned=None, decisions=None):
    row = add_check_in(db, project, CheckInValues(
        held_on, planned, "Styrgruppen", "Anteckningar",
        decisions or (DecisionValues("continue", "schedule"),)), today=TODAY)
    db.commit()
    return row


def test_an_editor_records_a_check_in_with_decisions(client, db, world, logged_in):
    project, march = world["project"], world["march"]
    logged_in("coordinator", locale="en")
    page = f"/projects/{project.id}/check-ins"
    html = _page(client, page)
    # Three decision rows are offered, and the scheduled check-ins to choose from.
    assert f'id="{P}decisions-2-decision"' in html
    assert "2025-03-01 – Första kvartalet" in html
    data = form_data(client, page, page, **{
        f"{P}held_on": "2025-03-04", f"{P}planned": str(march.id),
        f"{P}participants": "Projektägare, projektledare",
        f"{P}notes": "Närvaron sjunker i grupp 2.",
        f"{P}decisions-0-decision": "adjust", f"{P}decisions-0-prompt": "indicator",
        f"{P}decisions-0-indicator": "i1",
        f"{P}decisions-0-prompted_by": "Färre träningstillfällen än planerat",
        f"{P}decisions-0-action": "Flytta grupp 2 till tisdagar från april",
        f"{P}decisions-0-responsible": "Lena",
        f"{P}decisions-2-decision": "continue", f"{P}decisions-2-prompt": "drop_out",
        f"{P}decisions-2-drop_out": str(world["drop"].id)})
    response = client.post(page, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    row = db.scalar(select(CheckIn).where(CheckIn.project_id == project.id))
    assert (row.held_on, row.planned_id, row.participants, row.notes, row.recorded_by) == (
        date(2025, 3, 4), march.id, "Projektägare, projektledare", "Närvaron sjunker i grupp 2.",
        "coordinator@example.se")
    # The blank middle row is left out; positions follow the decisions kept.
    assert _decisions(db, row.id) == [
        (0, "adjust", "indicator", "i1", None, "", "Färre träningstillfällen än planerat",
         "Flytta grupp 2 till tisdagar från april", "Lena"),
        (1, "continue", "drop_out", None, world["drop"].id, "", "", "", ""),
    ]
    html = _page(client, page)
    assert "The check-in of 2025-03-04 was recorded." in html
    schedule = re.search(rf'<tr id="planned-{march.id}">(.*?)</tr>', html, re.S).group(1)
    assert "Held on 2025-03-04" in schedule
    june = re.search(rf'<tr id="planned-{world["june"].id}">(.*?)</tr>', html, re.S).group(1)
    assert "Not held – overdue" in june
    later = re.search(rf'<tr id="planned-{world["later"].id}">(.*?)</tr>', html, re.S).group(1)
    assert "Upcoming" in later
    decisions = html[html.index(f'id="decisions-{row.id}"'):]
    assert "Adjust" in decisions and "i1 Antal träningstillfällen" in decisions
    assert "drop-out of 2025-02-10" in decisions
    # A recorded scheduled check-in is no longer offered on a new one.
    form = html[html.index('id="check-in-form"'):]
    assert "2025-03-01 – Första kvartalet" not in form


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({f"{P}decisions-0-decision": "", f"{P}decisions-0-prompt": ""}, "decisions-0-decision",
     "Record at least one decision"),
    ({f"{P}decisions-0-decision": ""}, "decisions-0-decision", "Choose a decision."),
    ({f"{P}decisions-0-prompt": ""}, "decisions-0-prompt", "Choose what prompted the decision."),
    ({f"{P}decisions-0-prompt": "indicator"}, "decisions-0-indicator",
     "Choose the indicator that prompted the decision."),
    ({f"{P}decisions-0-prompt": "drop_out"}, "decisions-0-drop_out",
     "Choose the drop-out that prompted the decision."),
    ({f"{P}decisions-0-prompt": "signal"}, "decisions-0-signal_code",
     "Choose the signal that prompted the decision."),
    ({f"{P}decisions-0-indicator": "x9"}, "decisions-0-indicator",
     "Choose one of the initiative's indicators."),
    ({f"{P}decisions-0-drop_out": "999999"}, "decisions-0-drop_out",
     "Choose one of the initiative's drop-outs."),
    ({f"{P}decisions-0-decision": "intensify", f"{P}decisions-0-action": ""},
     "decisions-0-action", "Say what is to be done, by whom and when."),
    ({f"{P}held_on": "2026-12-31"}, "held_on", "The date cannot be in the future."),
    ({f"{P}held_on": ""}, "held_on", "Enter a date."),
    ({f"{P}notes": "Eleven 19121212-1212 slutade"}, "notes",
     "looks like it holds a personal identity number"),
])
def test_bad_check_ins_are_refused_under_their_field(client, db, world, logged_in, changes,
                                                     field, message):
    project = world["project"]
    logged_in("coordinator", locale="en")
    page = f"/projects/{project.id}/check-ins"
    data = form_data(client, page, page, **{
        f"{P}held_on": "2025-03-04", f"{P}decisions-0-decision": "continue",
        f"{P}decisions-0-prompt": "schedule", **changes})
    response = client.post(page, data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in _field_error(html, f"{P}{field}")
    # The summary at the top links to the field.
    assert f'href="#{P}{field}"' in html
    assert db.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_a_scheduled_check_in_is_recorded_only_once(client, db, world, logged_in):
    project, march = world["project"], world["march"]
    _record(db, project, planned=march.id)
    logged_in("coordinator", locale="en")
    page = f"/projects/{project.id}/check-ins"
    data = form_data(client, page, page, **{
        f"{P}held_on": "2025-03-10", f"{P}planned": str(march.id),
        f"{P}decisions-0-decision": "continue", f"{P}decisions-0-prompt": "schedule"})
    response = client.post(page, data=data)
    assert response.status_code == 400
    assert "already recorded (held on 2025-03-03)" in _field_error(
        response.get_data(as_text=True), f"{P}planned")


def test_editing_the_decisions_alone_moves_the_version(client, db, world, logged_in):
    project = world["project"]
    row = _record(db, project, decisions=(
        DecisionValues("continue", "schedule"),
        DecisionValues("adjust", "resources", action="Mindre grupper", responsible="Lena")))
    logged_in("coordinator", locale="en")
    edit = f"/projects/{project.id}/check-ins/{row.id}/edit"
    html = _page(client, edit)
    # The two decisions and two empty rows.
    assert f'id="{P}decisions-3-decision"' in html
    assert f'id="{P}decisions-4-decision"' not in html
    data = form_data(client, edit, edit)
    assert data[f"{P}decisions-1-action"].strip() == "Mindre grupper"
    old = dict(data)
    # Drop the first decision, change the second, add a third.
    data.update({f"{P}decisions-0-decision": "", f"{P}decisions-0-prompt": "",
                 f"{P}decisions-1-action": "Mindre grupper från maj",
                 f"{P}decisions-2-decision": "intensify", f"{P}decisions-2-prompt": "signal",
                 f"{P}decisions-2-signal_code": "end_passed",
                 f"{P}decisions-2-action": "Fler handledare"})
    response = client.post(edit, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert _decisions(db, row.id) == [
        (0, "adjust", "resources", None, None, "", "", "Mindre grupper från maj", "Lena"),
        (1, "intensify", "signal", None, None, "end_passed", "", "Fler handledare", ""),
    ]
    # Only decisions changed, yet the form shown before is now stale.
    response = client.post(edit, data={**old, f"{P}decisions-0-action": "Annat"})
    assert response.status_code == 409
    assert STALE_TEXT in response.get_data(as_text=True)
    assert len(_decisions(db, row.id)) == 2
    # The decisions are kept in place by position: the history shows two changes.
    actions = db.scalars(select(AuditEntry.action).where(
        AuditEntry.entity == "check_in_decision", AuditEntry.project_id == project.id)
        .order_by(AuditEntry.id)).all()
    assert actions == ["create", "create", "update", "update"]


def test_a_decision_to_stop_is_shown_with_where_the_stage_is_changed(client, db, world,
                                                                    logged_in):
    project = world["project"]
    logged_in("coordinator", locale="en")
    page = f"/projects/{project.id}/check-ins"
    data = form_data(client, page, page, **{
        f"{P}held_on": "2025-06-02", f"{P}decisions-0-decision": "stop",
        f"{P}decisions-0-prompt": "other",
        f"{P}decisions-0-action": "Föreslå styrgruppen att avbryta"})
    response = client.post(page, data=data)
    assert response.status_code == 302
    html = _page(client, page)
    assert "A decision to stop was recorded. The stage change itself is made on the " \
           "initiative's page" in html
    notice = html[html.index('id="stop-decisions"'):]
    notice = notice[:notice.index("</section>")]
    assert "2025-06-02" in notice and "Föreslå styrgruppen att avbryta" in notice
    assert f'href="/projects/{project.id}#stage"' in notice
    assert 'class="badge badge--harm"' in html


def test_a_check_in_is_deleted_after_confirmation(client, db, world, logged_in):
    project, march = world["project"], world["march"]
    row = _record(db, project, planned=march.id)
    logged_in("coordinator", locale="en")
    delete = f"/projects/{project.id}/check-ins/{row.id}/delete"
    html = _page(client, delete)
    assert "Delete the check-in?" in html and "Continue as planned" in html
    response = client.post(delete, data={"csrf_token": csrf_token(client, delete),
                                         "version": str(row.version)})
    assert response.status_code == 302
    assert db.scalar(select(func.count()).select_from(CheckIn)) == 0
    assert db.scalar(select(func.count()).select_from(CheckInDecision)) == 0
    html = _page(client, f"/projects/{project.id}/check-ins")
    schedule = re.search(rf'<tr id="planned-{march.id}">(.*?)</tr>', html, re.S).group(1)
    assert "Not held – overdue" in schedule


def test_everyone_reads_the_check_ins_newest_first_and_only_editors_get_the_form(
        client, db, world, logged_in):
    project = world["project"]
    _record(db, project, held_on=date(2025, 3, 3))
    _record(db, project, held_on=date(2025, 9, 3))
    logged_in("viewer", locale="en")
    html = _page(client, f"/projects/{project.id}/check-ins")
    assert html.index("Check-in of 2025-09-03") < html.index("Check-in of 2025-03-03")
    assert 'id="check-in-form"' not in html and "/edit" not in html
