"""The demo steering group's scoring: the guide's five ideas, two of which go forward within the
fund's money, a cut line, a disagreement and one member's scores still missing."""

from decimal import Decimal

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from models import users
from models.demo import DEMO_USERS, seed_demo
from models.domain import ranking as rk
from models.funds import balance_of
from models.organisation import Fund
from models.project import Project
from models.scoring import ScoreInput, criteria, rank_for_fund, save_scores, steering_group
from models.user import User

ERIK = "styrgrupp@exempelkommun.se"
KARIN = "styrgrupp2@exempelkommun.se"
JOHAN = "styrgrupp3@exempelkommun.se"
MILLION = Decimal("1000000")


@pytest.fixture
def demo(db, monkeypatch) -> Fund:
    # Nobody logs in here: a cheap hash keeps the seeding fast.
    monkeypatch.setattr(users, "hash_password",
                        lambda password: generate_password_hash(password, method="pbkdf2:sha256:1"))
    seed_demo(db)
    db.commit()  # read back from the database, not from the objects just created
    return db.scalars(select(Fund)).one()


@pytest.fixture
def projects(db, demo) -> dict[str, Project]:
    return {project.key: project for project in db.scalars(select(Project))}


def _user(db, email: str) -> User:
    return db.scalars(select(User).where(User.email == email)).one()


def test_the_steering_group_has_three_demo_logins(db, demo):
    steering = [spec for spec in DEMO_USERS if spec["role"] == "steering"]
    assert [spec["email"] for spec in steering] == [ERIK, KARIN, JOHAN]
    assert all(spec["email"].endswith("@exempelkommun.se") for spec in DEMO_USERS)
    assert len({spec["email"] for spec in DEMO_USERS}) == len(DEMO_USERS)
    assert sorted(u.email for u in steering_group(db)) == sorted([ERIK, KARIN, JOHAN])


def test_five_proposals_with_budget_requests_compete_for_the_fund(db, demo, projects):
    data = rank_for_fund(db, demo)
    assert data.problem is None
    assert sorted(data.projects) == ["fritid-unga", "overgang-hvb", "skola-familj",
                                     "sommarjobb", "sprak-forskola"]
    assert all(p.budget_request and p.budget_request > 0 for p in data.projects.values())
    assert {k: p.stage for k, p in data.projects.items()} == {
        "skola-familj": "prioritised", "overgang-hvb": "prioritised",
        "fritid-unga": "proposal", "sommarjobb": "proposal", "sprak-forskola": "proposal",
    }
    # The moved idea and the new proposal have their way into the proposal stage recorded.
    for key in ("sommarjobb", "sprak-forskola"):
        assert [(c.from_stage, c.to_stage) for c in projects[key].stage_changes] == [
            ("idea", "proposal")]


def test_the_fund_has_its_allocations_and_the_returned_savings(demo, projects):
    balance = balance_of(demo)
    assert balance.allocated == Decimal("15.8") * MILLION
    [repayment] = [e for e in demo.ledger if e.kind == "repayment"]
    assert repayment.project_id == projects["hembesok"].id
    assert repayment.amount == 2 * MILLION
    assert balance.available == Decimal("6.2") * MILLION


def test_two_proposals_go_forward_within_the_money_and_the_line_is_cut(db, demo):
    ranking = rank_for_fund(db, demo).ranking
    assert [(p.key, p.rank, p.cut) for p in ranking.ranked] == [
        ("skola-familj", 1, rk.ABOVE),
        ("overgang-hvb", 2, rk.ABOVE),
        ("sprak-forskola", 3, rk.BELOW),
        ("sommarjobb", 4, rk.BELOW),
    ]
    assert [p.score for p in ranking.ranked] == [Decimal("82.3"), Decimal("74.3"),
                                                 Decimal("67.7"), Decimal("55.7")]
    assert not any(p.tied for p in ranking.ranked)
    assert ranking.available == Decimal("6.2") * MILLION
    assert ranking.within == Decimal("5.5") * MILLION
    assert ranking.remaining == Decimal("0.7") * MILLION
    assert ranking.cut_at == "sprak-forskola"
    assert not ranking.tie_at_cut
    assert not ranking.get("sommarjobb").fits_remaining
    assert ranking.failing == ()


def test_the_raters_disagree_on_one_criterion_of_one_proposal(db, demo):
    ranking = rank_for_fund(db, demo).ranking
    assert {p.key: p.disagreements for p in ranking.proposals if p.disagreements} == {
        "sommarjobb": ("evidens",)}
    evidence = ranking.get("sommarjobb").criterion("evidens")
    assert (evidence.low, evidence.high) == (1, 4)
    assert any(msgid.startswith("The raters disagree on")
               for msgid, _params in ranking.get("sommarjobb").explanation)


def test_one_proposal_still_lacks_one_members_scores(db, demo, projects):
    ranking = rank_for_fund(db, demo).ranking
    [waiting] = ranking.incomplete
    assert waiting.key == "fritid-unga" and waiting.rank is None and waiting.cut is None
    assert {rater for rater, _criterion in waiting.missing} == {ERIK}
    assert len(waiting.missing) == len(ranking.criteria)
    assert all(not p.missing for p in ranking.ranked)


def test_complete_scores_are_submitted_and_commented(db, demo, projects):
    raters = {u.id: u.email for u in steering_group(db)}
    for key in ("skola-familj", "overgang-hvb", "sprak-forskola", "sommarjobb"):
        project = projects[key]
        assert sorted(raters[s.rater_id] for s in project.score_submissions) == sorted(
            [ERIK, KARIN, JOHAN])
        assert len(project.scores) == 3 * len(criteria(db))
        assert any(s.comment for s in project.scores)
        assert not project.scores_open
    waiting = projects["fritid-unga"]
    assert sorted(raters[s.rater_id] for s in waiting.score_submissions) == sorted([KARIN, JOHAN])
    assert all(raters[s.rater_id] != ERIK for s in waiting.scores)
    assert all(0 <= s.value <= s.criterion.scale_max for p in projects.values()
               for s in p.scores)


def test_once_the_last_member_scores_every_proposal_is_ranked(db, demo, projects):
    erik = _user(db, ERIK)
    save_scores(db, projects["fritid-unga"], erik,
                [ScoreInput(c, 3, "") for c in criteria(db)], submit=True)
    db.commit()
    ranking = rank_for_fund(db, demo).ranking
    assert ranking.incomplete == ()
    assert [p.key for p in ranking.ranked][:2] == ["skola-familj", "overgang-hvb"]
    assert ranking.get("fritid-unga").cut == rk.BELOW
    assert ranking.cut_at == "sprak-forskola"
