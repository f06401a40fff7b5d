"""Calls for proposals: opening, editing, the application form's questions, the list and the
ranking of a call's proposals with the call's own criteria."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import func, select

from models import Call, CallQuestion, Criterion, ProposalAnswer, Score, ScoreSubmission
from models.scoring import rank_for_call, rank_for_fund
from tests.conftest import csrf_token, form_data, login
from tests.integration.helpers import make_call, make_need_area, make_org, make_project

TODAY = date.today()


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _criteria(db):
    must = Criterion(key="behov", name="Svarar mot behov", weight=Decimal("0"), scale_max=1,
                     must=True, position=0)
    effect = Criterion(key="effekt", name="Förväntad effekt", weight=Decimal("2"), scale_max=5,
                       position=1)
    easy = Criterion(key="enkel", name="Enkel att införa", weight=Decimal("1"), scale_max=5,
                     position=2)
    db.add_all([must, effect, easy])
    db.flush()
    return must, effect, easy


def _calls(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Call))


def _new_call_data(client, **changes):
    data = form_data(client, "/calls/new")
    data.update({"title": "Tidiga insatser 2025", "kind": "open",
                 "description": "Förslag på tidiga insatser.",
                 "opens": (TODAY - timedelta(days=1)).isoformat(),
                 "closes": (TODAY + timedelta(days=30)).isoformat(),
                 "decision_expected": (TODAY + timedelta(days=60)).isoformat()})
    data.update(changes)
    return data


def test_a_coordinator_opens_a_call_with_all_criteria_by_default(client, db, logged_in):
    logged_in("coordinator", locale="en")
    _soc, _bun, fund = make_org(db)
    must, effect, easy = _criteria(db)
    db.commit()
    page = _text(client.get("/calls/new"))
    for criterion in (must, effect, easy):
        assert f'value="{criterion.id}" checked' in page
    assert "Svarar mot behov (must-criterion, pass or fail)" in page
    response = client.post("/calls/new", data=_new_call_data(client))
    assert response.status_code == 302
    call = db.scalar(select(Call))
    assert response.headers["Location"].endswith(f"/calls/{call.id}#questions")
    assert (call.title, call.kind, call.fund_id, call.key) == (
        "Tidiga insatser 2025", "open", fund.id, "tidiga-insatser-2025")
    assert [c.key for c in call.criteria] == ["behov", "effekt", "enkel"]
    assert call.department_id is None
    page = _text(client.get(f"/calls/{call.id}"))
    assert "Must-criterion (pass or fail at screening)" in page
    assert "New call" not in page  # the list page has the button, not the call
    listing = _text(client.get("/calls/"))
    assert "Tidiga insatser 2025" in listing and "Sociala investeringsfonden" in listing
    assert "New call" in listing and ">Open<" in listing


def test_the_call_list_shows_status_and_number_of_proposals(client, db, logged_in):
    logged_in("viewer", locale="en")
    _soc, _bun, fund = make_org(db)
    upcoming = make_call(db, fund, key="kommande", title="Kommande utlysning",
                         opens=TODAY + timedelta(days=5), closes=TODAY + timedelta(days=9))
    closed = make_call(db, fund, key="stangd", title="Stängd utlysning",
                       opens=TODAY - timedelta(days=30), closes=TODAY - timedelta(days=1))
    db.commit()
    for key in ("a", "b"):
        make_project(db, key, fund=fund, call_id=closed.id)
    page = _text(client.get("/calls/"))
    assert "New call" not in page
    upcoming_row = page[page.index("Kommande utlysning"):page.index("</tr>", page.index(
        "Kommande utlysning"))]
    closed_row = page[page.index("Stängd utlysning"):page.index("</tr>", page.index(
        "Stängd utlysning"))]
    assert "Upcoming" in upcoming_row and '<td class="num">0</td>' in upcoming_row
    assert "Closed" in closed_row and '<td class="num">2</td>' in closed_row
    assert upcoming.status_on(TODAY) == "upcoming" and closed.status_on(TODAY) == "closed"


@pytest.mark.parametrize("changes, field, message", [
    ({"closes": (TODAY - timedelta(days=5)).isoformat()}, "closes",
     "The call cannot close before it opens."),
    ({"kind": "need_based"}, "need_areas",
     "A call based on defined need areas names at least one need area."),
    ({"kind": "direct", "department_id": ""}, "department_id",
     "A direct assignment is given to a department: choose it."),
    ({"criteria": []}, "criteria", "Choose at least one criterion the proposals are judged by."),
    ({"title": " "}, "title", "Give the call a title."),
    ({"decision_expected": (TODAY - timedelta(days=3)).isoformat()}, "decision_expected",
     "The decision cannot be expected before the call closes."),
])
def test_a_bad_call_is_refused_at_its_field_and_nothing_is_saved(client, db, logged_in, changes,
                                                                 field, message):
    logged_in("coordinator", locale="en")
    make_org(db)
    _criteria(db)
    db.commit()
    data = _new_call_data(client, **changes)
    if changes.get("criteria") == []:
        del data["criteria"]
    response = client.post("/calls/new", data=data)
    assert response.status_code == 400
    page = _text(response)
    assert f'<p class="field__error" id="{field}-error">{message}</p>' in page
    assert f'<a href="#{field}">' in page  # the summary links to the field
    assert _calls(db) == 0


def test_need_based_and_direct_calls_keep_their_areas_and_department(client, db, logged_in):
    logged_in("coordinator", locale="en")
    soc, _bun, fund = make_org(db)
    _criteria(db)
    area = make_need_area(db)
    db.commit()
    response = client.post("/calls/new", data=_new_call_data(
        client, kind="need_based", need_areas=[str(area.id)], department_id=str(soc.id)))
    assert response.status_code == 302
    call = db.scalar(select(Call))
    # The department is only kept for a direct assignment.
    assert [a.id for a in call.need_areas] == [area.id] and call.department_id is None
    data = form_data(client, f"/calls/{call.id}/edit", kind="direct", department_id=str(soc.id))
    assert client.post(f"/calls/{call.id}/edit", data=data).status_code == 302
    db.expire_all()
    call = db.get(Call, call.id)
    assert (call.kind, call.department_id) == ("direct", soc.id)
    assert "Assigned to" in _text(client.get(f"/calls/{call.id}"))


@pytest.mark.parametrize("role", ["steering", "viewer", "project_leader"])
def test_only_coordinators_open_and_change_calls(client, db, logged_in, role):
    logged_in(role)
    _soc, _bun, fund = make_org(db)
    call = make_call(db, fund)
    db.commit()
    token = csrf_token(client, "/calls/")
    question = call.questions[0]
    for path in ("/calls/new", f"/calls/{call.id}/edit",
                 f"/calls/{call.id}/questions/{question.id}/edit",
                 f"/calls/{call.id}/questions/{question.id}/delete"):
        assert client.get(path).status_code == 403, path
    for path in ("/calls/new", f"/calls/{call.id}/edit", f"/calls/{call.id}/questions",
                 f"/calls/{call.id}/questions/{question.id}/move",
                 f"/calls/{call.id}/questions/{question.id}/delete"):
        response = client.post(path, data={"csrf_token": token, "title": "x",
                                           "question-text": "x", "direction": "up",
                                           "version": str(call.version)})
        assert response.status_code == 403, path
    assert _calls(db) == 1 and len(db.get(Call, call.id).questions) == 1
    page = client.get(f"/calls/{call.id}")
    assert page.status_code == 200 and "/questions/" not in page.get_data(as_text=True)


def test_a_save_on_an_old_version_of_the_call_is_refused(client, db, logged_in):
    logged_in("coordinator", locale="en")
    _soc, _bun, fund = make_org(db)
    must, _effect, _easy = _criteria(db)
    call = make_call(db, fund, criteria=[must])
    db.commit()
    data = form_data(client, f"/calls/{call.id}/edit", title="Min ändring")
    call.title = "Någon annans ändring"
    db.commit()
    response = client.post(f"/calls/{call.id}/edit", data=data)
    assert response.status_code == 409
    page = _text(response)
    assert "Someone else saved this call" in page and "Min ändring" in page
    db.expire_all()
    assert db.get(Call, call.id).title == "Någon annans ändring"


def test_the_fund_stays_while_the_call_has_proposals(client, db, logged_in):
    logged_in("coordinator", locale="en")
    _soc, _bun, fund = make_org(db)
    must, _effect, _easy = _criteria(db)
    other = type(fund)(key="annan", name="Annan fond", capital=Decimal("1000"))
    db.add(other)
    call = make_call(db, fund, criteria=[must])
    db.commit()
    make_project(db, "svar", fund=fund, call_id=call.id)
    data = form_data(client, f"/calls/{call.id}/edit", fund_id=str(other.id))
    response = client.post(f"/calls/{call.id}/edit", data=data)
    assert response.status_code == 400
    assert "The call has proposals: its fund can no longer be changed." in _text(response)
    db.expire_all()
    assert db.get(Call, call.id).fund_id == fund.id


def _question_data(client, call, **fields):
    data = form_data(client, f"/calls/{call.id}", action=f"/calls/{call.id}/questions")
    data.update({f"question-{k}": v for k, v in fields.items()})
    return data


def test_the_application_form_questions_are_added_edited_moved_and_deleted(client, db,
                                                                           logged_in):
    logged_in("coordinator", locale="en")
    _soc, _bun, fund = make_org(db)
    must, _effect, _easy = _criteria(db)
    call = make_call(db, fund, criteria=[must], questions=[("Första frågan", True)])
    db.commit()
    first = call.questions[0]
    # Adding: the text is required, named at its field; nothing is added.
    response = client.post(f"/calls/{call.id}/questions", data=_question_data(client, call,
                                                                               text=" "))
    assert response.status_code == 400
    assert 'id="question-text-error">Write the question.' in _text(response)
    data = _question_data(client, call, text="Andra frågan", guidance="Beskriv evidensen.")
    del data["question-required"]  # optional
    response = client.post(f"/calls/{call.id}/questions", data=data)
    assert response.status_code == 302
    db.expire_all()
    call = db.get(Call, call.id)
    assert [(q.text, q.required, q.guidance) for q in call.questions] == [
        ("Första frågan", True, ""), ("Andra frågan", False, "Beskriv evidensen.")]
    second = call.questions[1]
    # Moving up; the version is checked.
    token = csrf_token(client, f"/calls/{call.id}")
    response = client.post(f"/calls/{call.id}/questions/{second.id}/move", data={
        "csrf_token": token, "direction": "up", "version": str(call.version - 1)})
    assert response.status_code == 302
    db.expire_all()
    assert [q.id for q in db.get(Call, call.id).questions] == [first.id, second.id]
    call = db.get(Call, call.id)
    response = client.post(f"/calls/{call.id}/questions/{second.id}/move", data={
        "csrf_token": token, "direction": "up", "version": str(call.version)})
    assert response.status_code == 302
    db.expire_all()
    call = db.get(Call, call.id)
    assert [q.id for q in call.questions] == [second.id, first.id]
    # Editing.
    data = form_data(client, f"/calls/{call.id}/questions/{first.id}/edit",
                     text="Första frågan, omformulerad")
    assert client.post(f"/calls/{call.id}/questions/{first.id}/edit",
                       data=data).status_code == 302
    db.expire_all()
    assert db.get(CallQuestion, first.id).text == "Första frågan, omformulerad"
    # Deleting takes the answers with it, after a confirmation that counts them.
    project = make_project(db, "svar", fund=fund, call_id=call.id)
    db.add(ProposalAnswer(project_id=project.id, question_id=first.id, text="Svar"))
    db.commit()
    page = _text(client.get(f"/calls/{call.id}/questions/{first.id}/delete"))
    assert "1 proposal has answered it" in page
    data = form_data(client, f"/calls/{call.id}/questions/{first.id}/delete")
    assert client.post(f"/calls/{call.id}/questions/{first.id}/delete",
                       data=data).status_code == 302
    db.expire_all()
    assert [q.text for q in db.get(Call, call.id).questions] == ["Andra frågan"]
    assert db.scalar(select(func.count()).select_from(ProposalAnswer)) == 0


def test_a_question_change_on_an_old_version_of_the_form_is_refused(client, db, logged_in):
    logged_in("coordinator", locale="en")
    _soc, _bun, fund = make_org(db)
    must, _effect, _easy = _criteria(db)
    call = make_call(db, fund, criteria=[must])
    db.commit()
    data = _question_data(client, call, text="Ny fråga")
    edit = form_data(client, f"/calls/{call.id}/questions/{call.questions[0].id}/edit",
                     text="Ändrad")
    # Someone else changes the form in between.
    call.questions.append(CallQuestion(position=1, text="Någon annans fråga"))
    call.description = "Ändrad beskrivning"
    db.commit()
    response = client.post(f"/calls/{call.id}/questions", data=data)
    assert response.status_code == 409
    assert "Someone else changed the call's application form" in _text(response)
    response = client.post(f"/calls/{call.id}/questions/{call.questions[0].id}/edit", data=edit)
    assert response.status_code == 409
    db.expire_all()
    assert [q.text for q in db.get(Call, call.id).questions] == [
        "Hur förankras satsningen i verksamheten?", "Någon annans fråga"]


def _score(db, project, rater, values: dict):
    for criterion, value in values.items():
        db.add(Score(project_id=project.id, rater_id=rater.id, criterion_id=criterion.id,
                     value=value))
    db.add(ScoreSubmission(project_id=project.id, rater_id=rater.id))


def test_the_call_ranking_uses_only_the_calls_criteria(app, db, make_user):
    coordinator = make_user("coordinator", locale="en")
    rater = make_user("steering", email="anna@example.se", name="Anna")
    _soc, _bun, fund = make_org(db)
    effect = Criterion(key="effekt", name="Förväntad effekt", weight=Decimal("2"), scale_max=5)
    easy = Criterion(key="enkel", name="Enkel att införa", weight=Decimal("1"), scale_max=5)
    db.add_all([effect, easy])
    call = make_call(db, fund, criteria=[effect])
    db.commit()
    first = make_project(db, "forsta", title="Första förslaget", stage="proposal", fund=fund,
                         call_id=call.id, budget_request=Decimal("1000000"))
    second = make_project(db, "andra", title="Andra förslaget", stage="proposal", fund=fund,
                          call_id=call.id, budget_request=Decimal("1000000"))
    outside = make_project(db, "utanfor", title="Utanför utlysningen", stage="proposal",
                           fund=fund, budget_request=Decimal("1000000"))
    _score(db, first, rater, {effect: 5, easy: 0})
    _score(db, second, rater, {effect: 3, easy: 5})
    _score(db, outside, rater, {effect: 4, easy: 4})
    db.commit()
    # The call's criterion only: first 100 × 5/5 = 100, second 100 × 3/5 = 60.
    data = rank_for_call(db, call)
    assert [(p.key, p.score, p.rank) for p in data.ranking.proposals] == [
        ("forsta", Decimal("100.0"), 1), ("andra", Decimal("60.0"), 2)]
    assert [c.key for c in data.ranking.criteria] == ["effekt"]
    # The fund ranks on every criterion: first 100 × (2/3 × 1 + 1/3 × 0) = 66.7, second
    # 100 × (2/3 × 3/5 + 1/3 × 1) = 73.3 — the other order — and the proposal outside the call
    # 100 × 4/5 = 80.
    fund_data = rank_for_fund(db, fund)
    assert [(p.key, p.score) for p in fund_data.ranking.proposals] == [
        ("utanfor", Decimal("80.0")), ("andra", Decimal("73.3")), ("forsta", Decimal("66.7"))]
    client = app.test_client()
    login(client, coordinator.email)
    page = _text(client.get(f"/calls/{call.id}/ranking"))
    assert page.index("Första förslaget") < page.index("Andra förslaget")
    assert "Utanför utlysningen" not in page
    assert '<td class="num">100</td>' in page and '<td class="num">60</td>' in page
    assert "Criteria: Förväntad effekt" in page
    # The fund's ranking page shares the table and still ranks all of the fund's proposals.
    page = _text(client.get(f"/funds/{fund.id}/ranking"))
    assert page.index("Utanför utlysningen") < page.index("Andra förslaget") < page.index(
        "Första förslaget")
    assert '<td class="num">73.3</td>' in page
