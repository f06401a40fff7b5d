"""Recording decisions: the Decision, the stage change and the fund allocation in one
transaction — and nothing at all when the decision is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models import Decision, LedgerEntry, Project, StageChange
from models.funds import balance_of
from tests.conftest import csrf_token, login
from tests.integration.helpers import make_org, make_project


@pytest.fixture
def world(app, db, make_user):
    _soc, _bun, fund = make_org(db)  # 20 000 000 kr
    project = make_project(db, "laxhjalp", title="Läxhjälp", stage="proposal", fund=fund,
                           budget_request=Decimal("1500000"))
    coordinator = make_user("coordinator", locale="en")
    client = app.test_client()
    assert login(client, coordinator.email).status_code == 302
    return {"fund": fund, "project": project, "client": client, "coordinator": coordinator}


def decide(client, project, stage=None, **fields):
    path = f"/projects/{project.id}/decision"
    data = {
        "csrf_token": csrf_token(client, path),
        "stage": stage or project.stage,
        "body": "ks",
        "body_name": "Kommunstyrelsen",
        "decided_on": "2025-03-10",
        "reference": "KS § 45",
        "outcome": "prioritised",
        "amount": "",
        "conditions": "",
        "pass_gate": "y",
        "gate_reason": "Checklistan kompletteras under våren",
    }
    data.update(fields)
    return client.post(path, data={k: v for k, v in data.items() if v is not None})


def counts(db) -> tuple[int, int, int]:
    db.expire_all()
    return tuple(db.scalar(select(func.count()).select_from(model))
                 for model in (Decision, StageChange, LedgerEntry))


def stage_of(db, project) -> str:
    db.expire_all()
    return db.get(Project, project.id).stage


def available(db, fund) -> Decimal:
    db.expire_all()
    return balance_of(db.get(type(fund), fund.id)).available


def test_prioritising_with_an_amount_allocates_it_from_the_fund(db, world):
    project, fund = world["project"], world["fund"]
    response = decide(world["client"], project, amount="1 200 000",
                      conditions="Rapport till KS efter ett år")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert stage_of(db, project) == "prioritised"
    decision = db.scalar(select(Decision))
    assert (decision.body, decision.body_name, decision.reference, decision.outcome) == (
        "ks", "Kommunstyrelsen", "KS § 45", "prioritised")
    assert decision.decided_on == date(2025, 3, 10)
    assert decision.amount == Decimal("1200000.00")
    assert decision.recorded_by == world["coordinator"].email
    entry = decision.ledger_entry
    assert (entry.kind, entry.amount, entry.date, entry.project_id) == (
        "allocation", Decimal("1200000.00"), date(2025, 3, 10), project.id)
    assert entry.note == "Municipal executive board (KS) (Kommunstyrelsen), KS § 45"
    assert not entry.override
    change = decision.stage_change
    assert (change.from_stage, change.to_stage) == ("proposal", "prioritised")
    assert change.reason.startswith("Decision by Municipal executive board (KS) (Kommunstyrelsen) "
                                    "on 2025-03-10 (KS § 45): Prioritised.")
    assert "Rapport till KS efter ett år" in change.reason
    assert available(db, fund) == Decimal("18800000.00")
    page = world["client"].get(f"/projects/{project.id}").get_data(as_text=True)
    assert "KS § 45" in page and "Rapport till KS efter ett år" in page


def test_approving_a_prioritised_proposal_allocates_only_the_rest(db, world):
    project, fund = world["project"], world["fund"]
    assert decide(world["client"], project, amount="1200000").status_code == 302
    response = decide(world["client"], project, stage="prioritised", outcome="approved",
                      amount="1 500 000", reference="KS § 80")
    assert response.status_code == 302
    assert stage_of(db, project) == "approved"
    approval = db.scalar(select(Decision).where(Decision.outcome == "approved"))
    assert approval.amount == Decimal("1500000.00")
    assert approval.ledger_entry.amount == Decimal("300000.00")
    assert available(db, fund) == Decimal("18500000.00")
    assert counts(db) == (2, 2, 2)


def test_approving_the_amount_already_reserved_allocates_nothing_more(db, world):
    project, fund = world["project"], world["fund"]
    assert decide(world["client"], project, amount="1500000").status_code == 302
    assert decide(world["client"], project, stage="prioritised", outcome="approved",
                  amount="1500000").status_code == 302
    approval = db.scalar(select(Decision).where(Decision.outcome == "approved"))
    assert approval.ledger_entry is None and approval.amount == Decimal("1500000.00")
    assert available(db, fund) == Decimal("18500000.00")
    # An amount below what is allocated already is refused: ledger entries are not reduced here.
    other = make_project(db, "annan", stage="prioritised", fund=fund)
    db.add(LedgerEntry(fund=fund, project_id=other.id, kind="allocation", date=date(2025, 1, 1),
                       amount=Decimal("400000.00")))
    db.commit()
    before = counts(db)
    response = decide(world["client"], other, outcome="approved", amount="300000")
    assert response.status_code == 400
    assert "already allocated 400,000" in response.get_data(as_text=True)
    assert counts(db) == before and stage_of(db, other) == "prioritised"


def test_approving_directly_passes_through_prioritised(db, world):
    project, fund = world["project"], world["fund"]
    assert decide(world["client"], project, outcome="approved",
                  amount="1500000").status_code == 302
    changes = db.scalars(select(StageChange).order_by(StageChange.id)).all()
    assert [(c.from_stage, c.to_stage) for c in changes] == [
        ("proposal", "prioritised"), ("prioritised", "approved")]
    decision = db.scalar(select(Decision))
    assert decision.stage_change_id == changes[-1].id
    assert decision.ledger_entry.amount == Decimal("1500000.00")
    assert available(db, fund) == Decimal("18500000.00")


def test_a_rejection_needs_a_reason_and_allocates_nothing(db, world):
    project = world["project"]
    response = decide(world["client"], project, outcome="rejected")
    assert response.status_code == 400
    assert "Give the reason for the rejection." in response.get_data(as_text=True)
    assert counts(db) == (0, 0, 0) and stage_of(db, project) == "proposal"
    response = decide(world["client"], project, outcome="rejected", amount="100000",
                      pass_gate=None, gate_reason="",
                      conditions="Svarar inte mot ett prioriterat behov.")
    assert response.status_code == 302
    assert stage_of(db, project) == "rejected"
    decision = db.scalar(select(Decision))
    assert decision.amount is None and decision.ledger_entry is None
    assert decision.conditions == "Svarar inte mot ett prioriterat behov."
    assert "Reason: Svarar inte mot ett prioriterat behov." in decision.stage_change.reason
    assert counts(db) == (1, 1, 0)


def test_over_allocation_needs_an_override_with_a_reason(db, world):
    project, fund = world["project"], world["fund"]
    other = make_project(db, "annan", stage="approved", fund=fund)
    db.add(LedgerEntry(fund=fund, project_id=other.id, kind="allocation", date=date(2025, 1, 1),
                       amount=Decimal("19000000.00")))
    db.commit()
    before = counts(db)
    response = decide(world["client"], project, outcome="approved", amount="1500000")
    assert response.status_code == 400
    assert "would over-allocate it by 500,000" in response.get_data(as_text=True)
    assert counts(db) == before and stage_of(db, project) == "proposal"

    response = decide(world["client"], project, outcome="approved", amount="1500000",
                      override="y", override_reason="  ")
    assert response.status_code == 400
    assert "Give a reason for allocating 500,000" in response.get_data(as_text=True)
    assert counts(db) == before and stage_of(db, project) == "proposal"

    response = decide(world["client"], project, outcome="approved", amount="1500000",
                      override="y", override_reason="Återföring väntas 2026")
    assert response.status_code == 302
    entry = db.scalar(select(Decision)).ledger_entry
    assert entry.override and entry.override_reason == "Återföring väntas 2026"
    assert available(db, fund) == Decimal("-500000.00")
    assert stage_of(db, project) == "approved"


def test_an_open_gate_needs_to_be_passed_explicitly_with_a_reason(db, world):
    project = world["project"]
    response = decide(world["client"], project, pass_gate=None, amount="1000")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The checklist has open items for this stage." in html
    assert "anchored with decision makers" in html  # an open item is listed
    assert counts(db) == (0, 0, 0)
    response = decide(world["client"], project, gate_reason=" ", amount="1000")
    assert response.status_code == 400
    assert "needs a recorded reason" in response.get_data(as_text=True)
    assert counts(db) == (0, 0, 0) and stage_of(db, project) == "proposal"
    assert decide(world["client"], project, amount="1000").status_code == 302
    change = db.scalar(select(Decision)).stage_change
    assert change.gate_override
    assert "Stage gate passed with open checklist items: Checklistan kompletteras under våren" \
        in change.reason


def test_refusals_leave_nothing_behind(db, world):
    project, fund = world["project"], world["fund"]
    client = world["client"]
    # An approval without an amount, an outcome the stage does not allow, a bad body, a
    # negative amount, and a form shown for another stage.
    assert decide(client, project, outcome="approved", amount="").status_code == 400
    assert decide(client, project, outcome="stopped").status_code == 400
    assert decide(client, project, body="mayor").status_code == 400
    assert decide(client, project, amount="-5").status_code == 400
    assert decide(client, project, stage="prioritised", amount="1000").status_code == 409
    assert counts(db) == (0, 0, 0)
    assert stage_of(db, project) == "proposal"
    assert available(db, fund) == Decimal("20000000.00")


def test_a_project_without_a_fund_records_the_amount_only(db, world):
    project = make_project(db, "utan-fond", stage="prioritised")
    assert decide(world["client"], project, outcome="approved",
                  amount="250000").status_code == 302
    decision = db.scalar(select(Decision))
    assert decision.amount == Decimal("250000.00") and decision.ledger_entry is None
    assert stage_of(db, project) == "approved"


def test_the_decision_page_is_for_proposals_and_prioritised_only(db, world):
    client = world["client"]
    idea = make_project(db, "ide", stage="idea")
    page = client.get(f"/projects/{idea.id}/decision")
    assert page.status_code == 200
    assert "for proposals and prioritised initiatives only" in page.get_data(as_text=True)
    assert decide(client, idea, outcome="prioritised").status_code == 400
    form = client.get(f"/projects/{world['project'].id}/decision").get_data(as_text=True)
    assert 'value="1500000"' in form  # the amount proposed is the budget request
    assert 'value="approved"' in form and 'value="rejected"' in form


def test_only_a_coordinator_decides(app, db, world, make_user):
    project = world["project"]
    for role in ("steering", "project_leader", "viewer"):
        client = app.test_client()
        login(client, make_user(role).email)
        assert client.get(f"/projects/{project.id}/decision").status_code == 403
        token = csrf_token(client, "/projects/")
        assert client.post(f"/projects/{project.id}/decision",
                           data={"csrf_token": token, "outcome": "prioritised"}).status_code == 403
    assert counts(db) == (0, 0, 0)
