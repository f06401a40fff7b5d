"""The ranking sets proposals against the fund's money without counting a reservation twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from models import Criterion, LedgerEntry, Score, ScoreSubmission
from models.scoring import rank_for_fund
from tests.integration.helpers import make_org, make_project


def _scored(db, rater, criterion, project, value):
    db.add(Score(project_id=project.id, rater_id=rater.id, criterion_id=criterion.id,
                 value=value))
    db.add(ScoreSubmission(project_id=project.id, rater_id=rater.id))


def test_money_already_allocated_to_a_ranked_proposal_is_not_counted_twice(db, make_user):
    _soc, _bun, fund = make_org(db)
    rater = make_user("steering", "ledamot@example.se")
    criterion = Criterion(key="behov", name="Behov", weight=Decimal("1"), scale_max=5)
    db.add(criterion)
    running = make_project(db, "pagaende", stage="running", fund=fund)
    reserved = make_project(db, "reserverad", stage="prioritised", fund=fund,
                            budget_request=Decimal("3000000.00"))
    waiting = make_project(db, "vantande", stage="proposal", fund=fund,
                           budget_request=Decimal("3000000.00"))
    # 20 MSEK: 15 to a running initiative, 3 reserved for the prioritised proposal → 2 left.
    for project, amount in ((running, "15000000.00"), (reserved, "3000000.00")):
        db.add(LedgerEntry(fund_id=fund.id, project_id=project.id, date=date(2025, 1, 1),
                           kind="allocation", amount=Decimal(amount)))
    _scored(db, rater, criterion, reserved, 5)
    _scored(db, rater, criterion, waiting, 4)
    db.commit()

    data = rank_for_fund(db, fund)

    # The ranking distributes the 2 MSEK left plus the 3 MSEK already reserved for its own
    # proposal: the prioritised one fits, and the money runs out at the next.
    assert data.reserved == Decimal("3000000.00")
    assert data.ranking.available == Decimal("5000000.00")
    cut = {p.key: p.cut for p in data.ranking.proposals}
    assert cut == {"reserverad": "above", "vantande": "below"}
    assert data.ranking.cut_at == "vantande"
