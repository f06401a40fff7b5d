"""The demo call of 2024: six proposals, one set aside at screening, two prioritised."""

from sqlalchemy import select

from models import Call, Decision, FeedbackLetter, Project, Screening
from models.demo import seed_demo
from models.screening import completeness_of


def test_the_demo_call_holds_six_proposals_screened_and_answered(db):
    seed_demo(db)
    db.commit()
    call = db.scalars(select(Call)).one()
    assert call.key == "utlysning-2024" and call.kind == "open"
    assert [q.required for q in call.questions] == [True, True, False]
    assert len(call.criteria) == 8
    proposals = {p.key: p for p in db.scalars(select(Project).where(Project.call_id == call.id))}
    assert set(proposals) == {"skola-familj", "overgang-hvb", "fritid-unga", "sommarjobb",
                              "sprak-forskola", "digital-ensamhet"}
    screenings = {s.project.key: s for s in db.scalars(select(Screening))}
    assert screenings["digital-ensamhet"].status == "set_aside"
    assert proposals["digital-ensamhet"].stage == "rejected"
    assert screenings["sommarjobb"].completed_at > screenings["sommarjobb"].requested_at
    assert {k for k, s in screenings.items() if s.status == "passed"} == set(proposals) - {
        "digital-ensamhet"}
    # The two that go forward are complete; the set-aside one lacks most of the form.
    assert completeness_of(proposals["skola-familj"]).complete
    assert completeness_of(proposals["overgang-hvb"]).complete
    missing = {m.code for m in completeness_of(proposals["digital-ensamhet"]).missing}
    assert {"characteristic", "geography", "question"} <= missing


def test_every_demo_proposer_has_a_letter_and_the_two_forward_a_decision(db):
    seed_demo(db)
    db.commit()
    letters = {letter.project.key: letter for letter in db.scalars(select(FeedbackLetter))}
    assert len(letters) == 6
    assert [k for k, letter in letters.items() if letter.status == "draft"] == ["overgang-hvb"]
    decisions = db.scalars(select(Decision).order_by(Decision.id)).all()
    assert [(d.project.key, d.outcome, d.body) for d in decisions] == [
        ("skola-familj", "prioritised", "management"),
        ("overgang-hvb", "prioritised", "management"),
    ]
    for decision in decisions:
        assert decision.stage_change.to_stage == "prioritised"
        assert decision.ledger_entry is None
