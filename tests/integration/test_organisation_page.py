"""The organisation page: people, reporting plan, check-in schedule, communication plan and the
checklist items derived from them; and the demo's organisation."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest
from sqlalchemy import func, select

from models import (
    CommunicationItem,
    PlannedCheckIn,
    ProjectPerson,
    ReportingItem,
    ReportingPlan,
)
from models.organisations import (
    OrganisationRefused,
    add_row,
    organisation_checklist_facts,
    row_state,
    save_plan,
)
from models.projects import checklist
from tests.conftest import csrf_token, form_data, login
from tests.integration.helpers import make_org, make_project


def _path(project, rest: str = "") -> str:
    return f"/projects/{project.id}/organisation{rest}"


def _page(client, project) -> str:
    response = client.get(_path(project))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _post(client, project, rest: str, prefix: str | None = None, **fields):
    token = csrf_token(client, _path(project))
    data = {f"{prefix}-{k}" if prefix else k: v for k, v in fields.items()}
    data[f"{prefix}-csrf_token" if prefix else "csrf_token"] = token
    return client.post(_path(project, rest), data=data)


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def _people(db, project) -> list[tuple[str, str, int]]:
    db.expire_all()
    return [(p.role, p.name, p.position) for p in db.scalars(
        select(ProjectPerson).where(ProjectPerson.project_id == project.id)
        .order_by(ProjectPerson.role, ProjectPerson.position))]


@pytest.fixture
def project(db, make_user):
    owner = make_user("steering", email="ulla@example.se", name="Ulla Ägare")
    leader = make_user("project_leader", email="pia@example.se", name="Pia Ek")
    make_org(db)
    return make_project(db, "fall", title="Fallprevention", leader=leader, owner_id=owner.id,
                        start=date(2025, 1, 31), end=date(2025, 9, 30))


# --- permissions --------------------------------------------------------------------------------


def test_everyone_reads_the_page_and_only_the_projects_editors_change_it(app, db, make_user,
                                                                         project):
    other = make_project(db, "annan", title="Annan")
    for role in ("viewer", "steering", "project_leader", "coordinator"):
        client = app.test_client()
        email = "pia@example.se" if role == "project_leader" else f"{role}@example.se"
        if role != "project_leader":
            make_user(role)
        assert login(client, email).status_code == 302
        assert client.get(_path(project)).status_code == 200
        response = _post(client, project, "/people", "person", role="team", name=f"N {role}")
        assert response.status_code == (302 if role in ("project_leader", "coordinator")
                                        else 403), role
        # The project leader leads "fall" only.
        response = _post(client, other, "/people", "person", role="team", name="X")
        assert response.status_code == (302 if role == "coordinator" else 403), role
        assert client.post(_path(project, "/schedule/generate"), data={
            "csrf_token": csrf_token(client, _path(project))}).status_code in (
            (302,) if role in ("project_leader", "coordinator") else (403,))
    assert sorted(n for _r, n, _p in _people(db, project)) == ["N coordinator",
                                                                "N project_leader"]
    anonymous = app.test_client()
    response = anonymous.get(_path(project))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_viewer_sees_the_plans_but_no_forms(client, db, logged_in, project):
    add_row(db, project, "people", {"role": "steering", "name": "Lars <b>Öberg</b>"})
    save_plan(db, project, escalation="Till projektägaren inom en vecka")
    db.commit()
    logged_in("viewer", locale="en")
    html = _page(client, project)
    assert "Lars &lt;b&gt;Öberg&lt;/b&gt;" in html
    assert "Till projektägaren inom en vecka" in html
    assert 'name="person-name"' not in html and "Generate the schedule" not in html
    assert "/organisation/people/" not in html  # no edit, move or delete links
    assert f'href="/projects/{project.id}/organisation"' in client.get(
        f"/projects/{project.id}").get_data(as_text=True)


# --- people -------------------------------------------------------------------------------------


def test_people_are_added_with_clear_errors_and_nothing_partial(client, db, logged_in, project):
    logged_in("coordinator", locale="en")
    response = _post(client, project, "/people", "person", role="steering", name="  ",
                     affiliation="Regionen")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'href="#person-name">Name</a>: Enter the person\'s name.' in unescape(html)
    assert 'aria-invalid="true"' in html
    response = _post(client, project, "/people", "person", role="steering", name="A" * 201)
    assert response.status_code == 400
    assert "Field cannot be longer than 200 characters." in response.get_data(as_text=True)
    response = _post(client, project, "/people", "person", role="chief", name="Anna")
    assert response.status_code == 400
    assert 'href="#person-role">Role</a>' in response.get_data(as_text=True)
    assert _count(db, ProjectPerson) == 0
    for role, name in (("steering", "Maria"), ("steering", "Lars"), ("team", "Johanna")):
        response = _post(client, project, "/people", "person", role=role, name=name,
                         affiliation="Hemsjukvården")
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/organisation#people")
    assert _people(db, project) == [("steering", "Maria", 0), ("steering", "Lars", 1),
                                    ("team", "Johanna", 0)]
    assert "Johanna was added." in _page(client, project)
    history = client.get(f"/projects/{project.id}/history").get_data(as_text=True)
    assert "Person in the organisation" in history and "Department or organisation" in history


def test_the_operations_refuse_what_the_forms_would(db, project):
    with pytest.raises(OrganisationRefused) as refused:
        add_row(db, project, "people", {"role": "boss", "name": "Anna"})
    assert refused.value.field == "role"
    with pytest.raises(OrganisationRefused) as refused:
        add_row(db, project, "communication", {"audience": "x" * 201})
    assert refused.value.field == "audience"
    with pytest.raises(OrganisationRefused) as refused:
        save_plan(db, project, check_in_months=0)
    assert refused.value.field == "check_in_months"


def test_people_are_edited_moved_within_their_role_and_deleted(client, db, logged_in, project):
    logged_in("coordinator", locale="en")
    ids = [add_row(db, project, "people", {"role": role, "name": name}).id
           for role, name in (("steering", "Maria"), ("steering", "Lars"), ("team", "Johanna"),
                              ("team", "Nils"))]
    db.commit()
    maria, lars, johanna, nils = ids
    move = _path(project, f"/people/{lars}/move")
    token = csrf_token(client, _path(project))
    assert client.post(move, data={"csrf_token": token, "direction": "up"}).status_code == 302
    assert _people(db, project)[:2] == [("steering", "Lars", 0), ("steering", "Maria", 1)]
    response = client.post(move, data={"csrf_token": token, "direction": "up"},
                           follow_redirects=True)
    assert "The row is already first or last." in response.get_data(as_text=True)
    # Another role is not touched.
    assert _people(db, project)[2:] == [("team", "Johanna", 0), ("team", "Nils", 1)]

    # A change of role puts the person last in the new role.
    edit = _path(project, f"/people/{maria}/edit")
    html = client.get(edit).get_data(as_text=True)
    assert "Edit the person" in html and 'class="org-row--editing"' in html
    data = form_data(client, edit, f"{edit}#people-form", **{"person-role": "team",
                                            "person-task": "Fysioterapeut"})
    assert client.post(edit, data=data).status_code == 302
    assert _people(db, project) == [("steering", "Lars", 0), ("team", "Johanna", 0),
                                    ("team", "Nils", 1), ("team", "Maria", 2)]
    assert db.get(ProjectPerson, maria).task == "Fysioterapeut"

    delete = _path(project, f"/people/{johanna}/delete")
    html = client.get(delete).get_data(as_text=True)
    assert "Remove Johanna from the organisation?" in html
    data = form_data(client, delete, "")
    assert client.post(delete, data=data).status_code == 302
    assert [n for _r, n, _p in _people(db, project)] == ["Lars", "Nils", "Maria"]
    response = client.post(delete, data=data, follow_redirects=True)
    assert "The row had already been removed." in response.get_data(as_text=True)
    # A row of another project is not found through this one.
    other = make_project(db, "annan")
    assert client.get(_path(other, f"/people/{nils}/edit")).status_code == 404
    assert client.get(_path(project, f"/nonsense/{nils}/edit")).status_code == 404


def test_a_stale_edit_or_delete_is_refused_and_keeps_what_the_user_typed(client, db, logged_in,
                                                                          project):
    logged_in("coordinator", locale="en")
    person = add_row(db, project, "people", {"role": "team", "name": "Johanna"})
    db.commit()
    edit = _path(project, f"/people/{person.id}/edit")
    action = f"{edit}#people-form"
    stale = form_data(client, edit, action, **{"person-task": "Min ändring"})
    fresh = form_data(client, edit, action, **{"person-task": "Någon annans ändring"})
    delete = _path(project, f"/people/{person.id}/delete")
    stale_delete = form_data(client, delete, "")
    assert client.post(edit, data=fresh).status_code == 302
    response = client.post(edit, data=stale)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else saved this row while you were editing it." in html
    assert "Min ändring" in html  # what the user typed is kept
    db.expire_all()
    assert db.get(ProjectPerson, person.id).task == "Någon annans ändring"
    # The form now carries the current state: saving again goes through.
    assert f'value="{row_state(db.get(ProjectPerson, person.id))}"' in html
    response = client.post(delete, data=stale_delete, follow_redirects=True)
    assert "Someone else changed this row after you opened this page." in response.get_data(
        as_text=True)
    assert _count(db, ProjectPerson) == 1
    # Editing a row someone else removed.
    db.delete(db.get(ProjectPerson, person.id))
    db.commit()
    response = client.post(edit, data=fresh, follow_redirects=True)
    assert "Someone else removed this row while you were editing it." in response.get_data(
        as_text=True)
    assert _count(db, ProjectPerson) == 0


def test_the_record_owner_and_leader_are_added_in_one_click(client, db, logged_in, project):
    logged_in("coordinator", locale="en")
    html = _page(client, project)
    assert ("Ulla Ägare is project owner on the initiative's record but is not listed"
            in unescape(html))
    assert "Add Pia Ek as project leader" in html
    token = csrf_token(client, _path(project))
    for role in ("owner", "leader"):
        assert client.post(_path(project, "/record-person"),
                           data={"csrf_token": token, "role": role}).status_code == 302
    assert sorted(_people(db, project)) == [("leader", "Pia Ek", 0), ("owner", "Ulla Ägare", 0)]
    html = _page(client, project)
    assert "Add Pia Ek as project leader" not in html
    response = client.post(_path(project, "/record-person"),
                           data={"csrf_token": token, "role": "leader"}, follow_redirects=True)
    assert "Pia Ek is already listed in this role." in response.get_data(as_text=True)
    assert client.post(_path(project, "/record-person"),
                       data={"csrf_token": token, "role": "steering"}).status_code == 400
    assert _count(db, ProjectPerson) == 2


# --- reporting plan -----------------------------------------------------------------------------


def test_reported_activities_and_the_plan(client, db, logged_in, project):
    logged_in("coordinator", locale="en")
    response = _post(client, project, "/reporting", "reporting", activity="",
                     frequency="Månadsvis")
    assert response.status_code == 400
    assert "Describe the activity that is reported." in response.get_data(as_text=True)
    assert _count(db, ReportingItem) == 0
    for activity in ("Gruppträning", "Utbildning av personalen"):
        assert _post(client, project, "/reporting", "reporting", activity=activity,
                     frequency="Efter varje tillfälle", done_by="Fysioterapeut",
                     reported_by="Projektledaren", done_when="Minst 45 minuter",
                     resources="4 timmar i veckan").status_code == 302
    items = db.scalars(select(ReportingItem).order_by(ReportingItem.position)).all()
    assert [(i.activity, i.position) for i in items] == [("Gruppträning", 0),
                                                         ("Utbildning av personalen", 1)]
    token = csrf_token(client, _path(project))
    assert client.post(_path(project, f"/reporting/{items[1].id}/move"), data={
        "csrf_token": token, "direction": "up"}).status_code == 302
    db.expire_all()
    assert [i.activity for i in db.scalars(select(ReportingItem).order_by(
        ReportingItem.position))] == ["Utbildning av personalen", "Gruppträning"]
    assert client.post(_path(project, f"/reporting/{items[1].id}/move"), data={
        "csrf_token": token, "direction": "sideways"}).status_code == 400

    html = _page(client, project)
    assert "Minst 45 minuter" in html and "4 timmar i veckan" in html
    response = _post(client, project, "/plan", "plan", escalation="Till projektägaren",
                     other_resources="Regionen: distriktssköterska", version="")
    assert response.status_code == 302
    plan = db.scalar(select(ReportingPlan))
    assert (plan.escalation, plan.other_resources, plan.version) == (
        "Till projektägaren", "Regionen: distriktssköterska", 1)
    # A save based on the plan before it existed (or an older version) is refused.
    response = _post(client, project, "/plan", "plan", escalation="Min text", version="")
    assert response.status_code == 409
    assert "Someone else changed the reporting plan" in response.get_data(as_text=True)
    assert "Min text" in response.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(select(ReportingPlan)).escalation == "Till projektägaren"


# --- check-ins ----------------------------------------------------------------------------------


def test_the_schedule_is_generated_from_start_to_end_without_duplicates(client, db, logged_in,
                                                                         project):
    logged_in("coordinator", locale="en")
    generate = _path(project, "/schedule/generate")
    token = csrf_token(client, _path(project))
    response = client.post(generate, data={"csrf_token": token}, follow_redirects=True)
    assert "Say how often the check-ins are held before generating the schedule." in \
        response.get_data(as_text=True)
    for bad in ("0", "13", "två"):
        response = _post(client, project, "/schedule", "schedule", check_in_months=bad,
                         version="")
        assert response.status_code == 400, bad
        assert 'href="#schedule-check_in_months">Check-ins every (months)</a>' in \
            response.get_data(as_text=True)
    assert _count(db, ReportingPlan) == 0
    assert _post(client, project, "/schedule", "schedule", check_in_months="2",
                 version="").status_code == 302
    html = _page(client, project)
    assert "the guide recommends" not in html
    # A check-in already on one of the dates is kept and not duplicated.
    assert _post(client, project, "/check-ins", "check_in", planned_on="2025-05-31",
                 topic="Halvtid").status_code == 302
    response = _post(client, project, "/check-ins", "check_in", planned_on="2025-05-31")
    assert response.status_code == 400
    assert "A check-in is already planned on 2025-05-31." in response.get_data(as_text=True)
    response = _post(client, project, "/check-ins", "check_in", planned_on="31/5")
    assert response.status_code == 400
    assert 'href="#check_in-planned_on">Date</a>' in response.get_data(as_text=True)
    response = client.post(generate, data={"csrf_token": token}, follow_redirects=True)
    assert "3 check-ins were added to the schedule." in response.get_data(as_text=True)
    rows = db.scalars(select(PlannedCheckIn).order_by(PlannedCheckIn.planned_on)).all()
    assert [(c.planned_on, c.topic) for c in rows] == [
        (date(2025, 3, 31), "Progress report to the steering group"),
        (date(2025, 5, 31), "Halvtid"),
        (date(2025, 7, 31), "Progress report to the steering group"),
        (date(2025, 9, 30), "Progress report to the steering group"),
    ]
    response = client.post(generate, data={"csrf_token": token}, follow_redirects=True)
    assert "nothing was added" in response.get_data(as_text=True)
    assert _count(db, PlannedCheckIn) == 4
    # Check-ins follow their dates: they are not moved by hand.
    assert client.post(_path(project, f"/check-ins/{rows[0].id}/move"), data={
        "csrf_token": token, "direction": "down"}).status_code == 404
    delete = _path(project, f"/check-ins/{rows[1].id}/delete")
    assert client.post(delete, data=form_data(client, delete, "")).status_code == 302
    assert _count(db, PlannedCheckIn) == 3
    # Longer than the guide's advice: a notice.
    plan = db.scalar(select(ReportingPlan))
    assert _post(client, project, "/schedule", "schedule", check_in_months="3",
                 version=str(plan.version)).status_code == 302
    assert "Check-ins are planned every 3 months; the guide recommends" in _page(client,
                                                                                 project)


def test_the_schedule_needs_the_initiatives_dates(client, db, logged_in):
    logged_in("coordinator", locale="en")
    make_org(db)
    project = make_project(db, "utan", title="Utan datum")
    save_plan(db, project, check_in_months=1)
    db.commit()
    response = client.post(_path(project, "/schedule/generate"), data={
        "csrf_token": csrf_token(client, _path(project))}, follow_redirects=True)
    assert "The initiative needs a start and an end date" in response.get_data(as_text=True)
    assert _count(db, PlannedCheckIn) == 0


# --- communication plan -------------------------------------------------------------------------


def test_the_communication_plan(client, db, logged_in, project):
    logged_in("coordinator", locale="en")
    response = _post(client, project, "/communication", "communication", audience="",
                     message="Lägesrapport")
    assert response.status_code == 400
    assert 'href="#communication-audience">Who</a>: Say who receives the information.' in \
        response.get_data(as_text=True)
    assert _count(db, CommunicationItem) == 0
    assert _post(client, project, "/communication", "communication", audience="Nämnden",
                 message="Resultat", timing="Halvårsvis", channel="Tjänsteskrivelse",
                 responsible="Projektägaren").status_code == 302
    item = db.scalar(select(CommunicationItem))
    edit = _path(project, f"/communication/{item.id}/edit")
    data = form_data(client, edit, f"{edit}#communication-form",
                     **{"communication-timing": "Kvartalsvis"})
    assert client.post(edit, data=data).status_code == 302
    db.expire_all()
    assert db.get(CommunicationItem, item.id).timing == "Kvartalsvis"
    assert "Tjänsteskrivelse" in _page(client, project)


# --- the checklist ------------------------------------------------------------------------------


def _done(db, project) -> dict[str, bool | None]:
    db.expire_all()
    return {s.item.code: s.done for s in checklist(project, criteria_exist=False)}


CODES = ("design.groups", "design.routines", "follow_up.roles", "follow_up.check_ins")


def test_the_checklist_items_follow_the_organisation(client, db, logged_in, project):
    assert {c: _done(db, project)[c] for c in CODES} == dict.fromkeys(CODES, False)
    add_row(db, project, "people", {"role": "steering", "name": "Maria",
                                    "affiliation": "Hemsjukvården"})
    add_row(db, project, "people", {"role": "working_group", "name": "Olof",
                                    "affiliation": "Regionen"})
    add_row(db, project, "people", {"role": "team", "name": "Johanna",
                                    "affiliation": "regionen "})
    db.commit()
    # The working group and the team come from one affiliation only.
    assert _done(db, project)["design.groups"] is False
    # The owner and leader are on the record; the team and steering group are listed.
    assert _done(db, project)["follow_up.roles"] is True
    add_row(db, project, "people", {"role": "working_group", "name": "Lena",
                                    "affiliation": "PRO"})
    db.commit()
    assert _done(db, project)["design.groups"] is True

    add_row(db, project, "reporting", {"activity": "Gruppträning"})
    add_row(db, project, "communication", {"audience": "Nämnden"})
    save_plan(db, project, escalation="Till projektägaren", check_in_months=2)
    db.commit()
    assert _done(db, project)["design.routines"] is False  # no check-in on the calendar
    add_row(db, project, "check_ins", {"planned_on": date(2025, 3, 31)})
    db.commit()
    assert {c: _done(db, project)[c] for c in CODES} == dict.fromkeys(CODES, True)
    save_plan(db, project, escalation="")
    db.commit()
    assert _done(db, project)["design.routines"] is False
    assert _done(db, project)["follow_up.check_ins"] is True

    logged_in("coordinator", locale="en")
    html = _page(client, project)
    assert "Who raises unexpected obstacles, to whom and when is not described." in html
    # A derived item cannot be confirmed by hand any more.
    response = client.post(f"/projects/{project.id}/checklist/design.groups", data={
        "csrf_token": csrf_token(client, f"/projects/{project.id}"),
        "confirmed_on": "2025-01-01"})
    assert response.status_code == 404


def test_the_approval_gate_waits_for_the_groups_and_routines(db, project):
    from models.domain.checklist import open_items_for_gate

    statuses = checklist(project, criteria_exist=False)
    open_codes = {s.item.code for s in open_items_for_gate(statuses, "approved")}
    assert {"design.groups", "design.routines"} <= open_codes
    assert organisation_checklist_facts(project)["follow_up.roles"] is False


def test_the_facts_take_one_query(app, db, project):
    from sqlalchemy import event

    for n in range(3):
        add_row(db, project, "people", {"role": "team", "name": f"P{n}", "affiliation": f"A{n}"})
    db.commit()
    engine = app.extensions["satsa.engine"]
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        facts = organisation_checklist_facts(project)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(statements) == 1
    assert facts["design.groups"] is False  # no steering group


# --- the demo -----------------------------------------------------------------------------------


def test_the_demo_gives_the_falls_initiative_its_organisation(db):
    from models import Project
    from models.demo import seed_demo

    seed_demo(db)
    db.commit()
    falls = db.scalar(select(Project).where(Project.key == "fallprevention"))
    people = db.scalars(select(ProjectPerson).where(ProjectPerson.project_id == falls.id)).all()
    assert {p.role for p in people} == {"owner", "steering", "leader", "deputy_leader", "team",
                                        "working_group"}
    assert next(p for p in people if p.role == "leader").name == falls.leader.name
    assert next(p for p in people if p.role == "owner").name == falls.owner.name
    done = _done(db, falls)
    assert {c: done[c] for c in CODES} == dict.fromkeys(CODES, True)
    dates = db.scalars(select(PlannedCheckIn.planned_on).where(
        PlannedCheckIn.project_id == falls.id).order_by(PlannedCheckIn.planned_on)).all()
    # A kick-off at the start, then every other month to the end (2027-12-31).
    assert dates[:3] == [date(2025, 1, 1), date(2025, 3, 1), date(2025, 5, 1)]
    assert dates[-1] == date(2027, 11, 1) and len(dates) == 18
    assert len(set(dates)) == len(dates)
    assert db.scalar(select(func.count()).select_from(ReportingItem).where(
        ReportingItem.project_id == falls.id)) == 4
    assert db.scalar(select(func.count()).select_from(CommunicationItem).where(
        CommunicationItem.project_id == falls.id)) == 6
    # The initiatives whose groups and routines the demo once confirmed still have them.
    for key, codes in (("skolfranvaro", CODES), ("hembesok", CODES),
                       ("foraldrastod", ("design.groups",)),
                       ("placerade-unga", ("design.groups",))):
        project = db.scalar(select(Project).where(Project.key == key))
        done = _done(db, project)
        assert all(done[c] for c in codes), key
        assert not {c.item for c in project.confirmations} & set(CODES), key
