"""The feedback letter in the browser's stead: drafted from the real screening and scores, edited,
sent, frozen, reopened; hidden from readers until sent; printable and downloadable."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models import (
    AuditEntry,
    Call,
    CallQuestion,
    Criterion,
    FeedbackLetter,
    MustCheck,
    NeedArea,
    Score,
    ScoreSubmission,
    Screening,
)
from models.logic_models import store_model
from tests.conftest import csrf_token, form_data, login
from tests.integration.helpers import make_org, make_project, small_model


@pytest.fixture
def proposal(db, make_user):
    """A set-aside proposal to a call, scored by two raters (a third has only a draft)."""
    soc, _bun, fund = make_org(db)
    needs = Criterion(key="behov", name="Svarar mot behov", weight=Decimal("2"), scale_max=5,
                      position=1)
    effect = Criterion(key="effekt", name="Förväntad effekt", weight=Decimal("1"), scale_max=5,
                       position=2, description="Hur stor effekt förväntas?")
    joint = Criterion(key="samverkan", name="Tvärsektoriell samverkan", weight=Decimal("0"),
                      scale_max=1, must=True, position=3)
    call = Call(key="u2025", fund=fund, title="Utlysning 2025", kind="open",
                opens=date(2025, 1, 1), closes=date(2025, 3, 31),
                criteria=[needs, effect, joint],
                questions=[CallQuestion(position=1, text="Hur följs insatsen upp?")])
    area = NeedArea(key="skola", title="Skolresultat")
    db.add_all([needs, effect, joint, call, area])
    db.flush()
    leader = make_user("project_leader", email="leader@example.se", name="Lea", locale="en")
    project = make_project(
        db, "laxhjalp", title="Läxhjälp i Östra", stage="proposal", leader=leader,
        departments=[soc], fund=fund, call_id=call.id,
        need_description="Låg måluppfyllelse", ordinary_practice="Ordinarie undervisning",
        target_description="Elever 10–12 år", diagnosis="Låga betyg", age_min=10, age_max=12,
        current_intervention="Ingen", size_total=300, size_reached=60,
        start=date(2025, 8, 1), end=date(2027, 6, 30), budget_request=Decimal("1500000"),
    )
    project.need_areas = [area]
    store_model(db, project, small_model())
    db.add(Screening(project=project, status="set_aside",
                     reason="Målgruppen är för brett beskriven.",
                     must_checks=[MustCheck(criterion=joint, passed=False,
                                            note="Endast en förvaltning.")]))
    anna = make_user("steering", email="anna@example.se", name="Anna")
    bo = make_user("steering", email="bo@example.se", name="Bo")
    cecilia = make_user("steering", email="cecilia@example.se", name="Cecilia")
    for rater, values in ((anna, {needs: (4, "Tydligt behov"), effect: (2, "Svag evidens"),
                                  joint: (1, "")}),
                          (bo, {needs: (5, ""), effect: (1, ""), joint: (1, "")}),
                          (cecilia, {needs: (0, "Utkast, ej inlämnat")})):
        for criterion, (value, comment) in values.items():
            db.add(Score(project=project, rater_id=rater.id, criterion_id=criterion.id,
                         value=value, comment=comment))
    db.add_all([ScoreSubmission(project=project, rater_id=anna.id),
                ScoreSubmission(project=project, rater_id=bo.id)])
    db.commit()
    coordinator = make_user("coordinator", name="Karin Samordnare", locale="en")
    return {"project": project, "leader": leader, "anna": anna, "cecilia": cecilia,
            "coordinator": coordinator}


def _client(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def _draft(client, project, version=None):
    token = csrf_token(client, f"/projects/{project.id}/feedback")
    data = {"csrf_token": token}
    if version is not None:
        data["version"] = str(version)
    return client.post(f"/projects/{project.id}/feedback/draft", data=data)


def _letter(db, project) -> FeedbackLetter:
    db.expire_all()
    return db.scalar(select(FeedbackLetter).where(FeedbackLetter.project_id == project.id))


def _save(client, project, action="save", **changes):
    path = f"/projects/{project.id}/feedback"
    data = form_data(client, path, action=path, **changes)
    data["action"] = action
    return client.post(path, data=data)


def test_draft_is_written_from_the_screening_and_the_submitted_scores(app, db, proposal):
    project = proposal["project"]
    boss = _client(app, proposal["coordinator"])
    assert "No feedback letter yet" in boss.get(f"/projects/{project.id}/feedback").get_data(
        as_text=True)
    assert _draft(boss, project).status_code == 302
    letter = _letter(db, project)
    assert letter.status == "draft"
    assert letter.signed_by == "Karin Samordnare"
    assert letter.opening.startswith(
        "Thank you for your proposal “Läxhjälp i Östra” in answer to the call “Utlysning 2025”. "
        "After screening, the proposal has been set aside.")
    # Needs: (4 + 5) / 2 = 4.5 of 5 (0.9) is a strength; effect: (2 + 1) / 2 = 1.5 (0.3) a
    # weakness. Cecilia has not submitted: her 0 and her comment count for nothing.
    assert letter.strengths == ("- Svarar mot behov: scored 4.5 of 5 on average. The raters "
                                "noted: “Tydligt behov”")
    assert letter.weaknesses.splitlines() == [
        # Geography and the call's question are missing: 2 of 14 items + 1 question.
        "- The application is incomplete: 2 of 15 items are missing (listed under what to "
        "improve).",
        "- Tvärsektoriell samverkan: the must-criterion is not met. Endast en förvaltning.",
        "- Förväntad effekt: scored 1.5 of 5 on average. The raters noted: “Svag evidens”",
    ]
    improvements = letter.improvements.splitlines()
    assert improvements[0] == "- Address why the proposal was set aside: Målgruppen är för " \
        "brett beskriven."
    assert len(improvements) == 5
    assert improvements[3] == "- Show how the proposal meets the must-criterion “Tvärsektoriell " \
        "samverkan”."
    assert improvements[4] == "- Strengthen the proposal on “Förväntad effekt”: Hur stor effekt " \
        "förväntas?"
    assert "Hur följs insatsen upp?" in improvements[2]
    assert "apply again in a later call" in letter.closing
    assert "Utkast" not in letter.strengths + letter.weaknesses


def test_a_letter_with_nothing_known_says_so(app, db, make_user):
    make_org(db)
    project = make_project(db, "tom", title="Tom idé", stage="proposal")
    boss = _client(app, make_user("coordinator", locale="en"))
    assert _draft(boss, project).status_code == 302
    letter = _letter(db, project)
    assert "neither screened nor scored" in letter.strengths
    assert "The proposal has not been screened yet." in letter.opening
    # Only the title is given: 13 of the 14 items of a proposal without a call are missing.
    assert letter.weaknesses == ("- The application is incomplete: 13 of 14 items are missing "
                                 "(listed under what to improve).")
    assert len(letter.improvements.splitlines()) == 13


def test_draft_is_hidden_until_sent_then_everyone_reads_it(app, db, proposal, make_user):
    project = proposal["project"]
    boss = _client(app, proposal["coordinator"])
    _draft(boss, project)
    leader = _client(app, proposal["leader"])
    page = leader.get(f"/projects/{project.id}/feedback").get_data(as_text=True)
    assert "No feedback letter yet" in page and "Svarar mot behov" not in page
    assert leader.get(f"/projects/{project.id}/feedback/print").status_code == 404
    assert leader.get(f"/projects/{project.id}/feedback.xlsx").status_code == 404
    assert leader.post(f"/projects/{project.id}/feedback",
                       data={"csrf_token": csrf_token(leader, "/projects/")}).status_code == 403

    response = _save(boss, project, action="send", closing="Hör av dig! <b>Välkommen</b>",
                     signed_by="Karin S, samordnare")
    assert response.status_code == 302
    letter = _letter(db, project)
    assert letter.status == "sent" and letter.sent_by == proposal["coordinator"].email
    assert letter.sent_at is not None and letter.closing == "Hör av dig! <b>Välkommen</b>"

    for user in (proposal["leader"], proposal["anna"], make_user("viewer")):
        page = _client(app, user).get(f"/projects/{project.id}/feedback").get_data(as_text=True)
        assert "Svarar mot behov: scored 4.5 of 5" in page
        assert "&lt;b&gt;Välkommen&lt;/b&gt;" in page and "<b>Välkommen" not in page
    printed = leader.get(f"/projects/{project.id}/feedback/print")
    assert printed.status_code == 200
    html = printed.get_data(as_text=True)
    for text in ("Testkommun", "Utlysning 2025", "Läxhjälp i Östra", "Karin S, samordnare",
                 letter.sent_at.date().isoformat()):
        assert text in html
    assert "main-nav" not in html and "Draft – not sent" not in html

    sheet = load_workbook(BytesIO(leader.get(f"/projects/{project.id}/feedback.xlsx").data))
    assert sheet.sheetnames == ["Återkoppling"]
    values = {row[0].value: row[1] for row in sheet["Återkoppling"].iter_rows(max_col=2)}
    assert values["Closing"].value == "Hör av dig! <b>Välkommen</b>"
    assert values["Status"].value == "Sent to the proposer"
    assert values["Signed by"].value == "Karin S, samordnare"


def test_a_sent_letter_is_frozen_until_reopened(app, db, proposal):
    project = proposal["project"]
    boss = _client(app, proposal["coordinator"])
    _draft(boss, project)
    assert _save(boss, project, action="send").status_code == 302
    sent = _letter(db, project)
    token = csrf_token(boss, "/projects/")
    # Neither an edit nor a new draft changes a sent letter.
    response = boss.post(f"/projects/{project.id}/feedback", data={
        "csrf_token": token, "version": str(sent.version), "opening": "Ändrad", "action": "save"})
    assert response.status_code == 400
    assert "can no longer be changed" in response.get_data(as_text=True)
    assert _draft(boss, project, version=sent.version).status_code == 302
    after = _letter(db, project)
    assert (after.opening, after.status, after.version) == (sent.opening, "sent", sent.version)

    assert boss.post(f"/projects/{project.id}/feedback/reopen",
                     data={"csrf_token": token, "version": str(sent.version)}).status_code == 302
    reopened = _letter(db, project)
    assert reopened.status == "draft" and reopened.sent_at == sent.sent_at
    audit = db.scalars(select(AuditEntry).where(AuditEntry.entity == "feedback_letter",
                                                AuditEntry.action == "update")).all()
    assert any('"status": ["sent", "draft"]' in entry.changes for entry in audit)
    leader = _client(app, proposal["leader"])
    assert "No feedback letter yet" in leader.get(
        f"/projects/{project.id}/feedback").get_data(as_text=True)
    assert _save(boss, project, opening="Ny inledning").status_code == 302
    assert _letter(db, project).opening == "Ny inledning"


def test_a_stale_edit_is_refused_and_keeps_the_newer_text(app, db, proposal):
    project = proposal["project"]
    boss = _client(app, proposal["coordinator"])
    _draft(boss, project)
    path = f"/projects/{project.id}/feedback"
    old = form_data(boss, path, action=path, opening="Min version")
    assert _save(boss, project, opening="Din version").status_code == 302
    old["action"] = "save"
    response = boss.post(path, data=old)
    assert response.status_code == 409
    assert "Someone else changed this letter" in response.get_data(as_text=True)
    assert _letter(db, project).opening == "Din version"
    # Drafting again from an old version is refused too.
    version = _letter(db, project).version
    assert _draft(boss, project, version=version - 1).status_code == 302
    assert _letter(db, project).opening == "Din version"


def test_sending_an_empty_letter_is_refused(app, db, proposal):
    project = proposal["project"]
    boss = _client(app, proposal["coordinator"])
    _draft(boss, project)
    empty = dict.fromkeys(("opening", "strengths", "weaknesses", "improvements", "closing"), "")
    response = _save(boss, project, action="send", **empty)
    assert response.status_code == 400
    letter = _letter(db, project)
    assert letter.status == "draft" and letter.opening  # nothing saved


def test_only_a_coordinator_drafts_or_reopens(app, db, proposal):
    project = proposal["project"]
    rater = _client(app, proposal["anna"])
    token = csrf_token(rater, "/projects/")
    for action in ("draft", "reopen"):
        assert rater.post(f"/projects/{project.id}/feedback/{action}",
                          data={"csrf_token": token}).status_code == 403
    assert _letter(db, project) is None
