"""Steering-group scoring of proposals and the ranking per fund or call.

Each member scores independently: until they have submitted their scores of a proposal they do
not see the others', unless a coordinator has opened them. Submitted scores are final.
Functions flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models.domain import N_
from models.domain import ranking as rk
from models.funds import balance_of
from models.organisation import Criterion, Fund, LedgerEntry
from models.project import Project, Score, ScoreSubmission
from models.proposal import Call
from models.user import User

#: Stages in which a proposal is scored and ranked.
SCORED_STAGES = ("proposal", "prioritised")


class ScoringRefused(Exception):
    def __init__(self, message: str, **params: object):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def criteria(session: Session) -> list[Criterion]:
    return list(session.scalars(select(Criterion).order_by(Criterion.position, Criterion.key)))


def criteria_for(session: Session, project: Project) -> list[Criterion]:
    """The criteria a proposal is scored on: its call's, or all of them without a call."""
    call = project.call
    if call is not None and call.criteria:
        return list(call.criteria)
    return criteria(session)


def has_submitted(project: Project, user: User) -> bool:
    return any(s.rater_id == user.id for s in project.score_submissions)


def may_see_scores(user: User, project: Project) -> bool:
    """Coordinators always; everyone once the scores are opened; a rater after submitting."""
    if user.role == "coordinator" or project.scores_open:
        return True
    return user.role == "steering" and has_submitted(project, user)


def may_score(user: User, project: Project) -> bool:
    return user.role == "steering" and user.active and project.stage in SCORED_STAGES


@dataclass(frozen=True)
class ScoreInput:
    criterion: Criterion
    value: int | None
    comment: str


def save_scores(session: Session, project: Project, rater: User, values: list[ScoreInput], *,
                submit: bool) -> None:
    """Save the rater's scores (a draft), and with ``submit`` make them final.

    Refuses with ScoringRefused (nothing changed) when the rater has submitted already, a value
    is outside its criterion's scale, or a submission lacks a score.
    """
    if has_submitted(project, rater):
        raise ScoringRefused(N_("You have submitted your scores of this proposal; they can no "
                                "longer be changed."))
    for item in values:
        if item.value is not None and not 0 <= item.value <= item.criterion.scale_max:
            raise ScoringRefused(N_("%(criterion)s: give a score from 0 to %(max)s."),
                                 criterion=item.criterion.name, max=item.criterion.scale_max)
    if submit:
        missing = [item.criterion.name for item in values if item.value is None]
        if missing:
            raise ScoringRefused(N_("Score every criterion before submitting; missing: "
                                    "%(criteria)s."), criteria=", ".join(missing))
    mine = {s.criterion_id: s for s in project.scores if s.rater_id == rater.id}
    for item in values:
        score = mine.get(item.criterion.id)
        if item.value is None:
            if score is not None:
                project.scores.remove(score)
                session.delete(score)
            continue
        if score is None:
            score = Score(rater_id=rater.id, criterion_id=item.criterion.id, value=item.value)
            project.scores.append(score)
        score.value, score.comment = item.value, item.comment.strip()
    if submit:
        project.score_submissions.append(ScoreSubmission(rater_id=rater.id))
    session.flush()


def open_scores(session: Session, project: Project) -> None:
    project.scores_open = True
    session.flush()


def steering_group(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.role == "steering",
                                                   User.active.is_(True)).order_by(User.name)))


@dataclass(frozen=True)
class FundRanking:
    fund: Fund
    #: None when the proposals cannot be ranked (``problem`` says why, as a msgid and params).
    ranking: rk.Ranking | None
    projects: dict[str, Project]
    raters: list[User]
    problem: tuple[str, dict] | None = None
    #: Money the fund has already allocated to the ranked proposals, counted in the available.
    reserved: Decimal = Decimal("0")


@dataclass(frozen=True)
class CallRanking:
    """The proposals to a call, ranked with the call's criteria against its fund's money."""

    call: Call
    ranking: rk.Ranking | None
    projects: dict[str, Project]
    raters: list[User]
    problem: tuple[str, dict] | None = None
    #: Money the fund has already allocated to the ranked proposals, counted in the available.
    reserved: Decimal = Decimal("0")


def _scored_proposals(session: Session, *conditions) -> list[Project]:
    return list(session.scalars(
        select(Project).where(Project.stage.in_(SCORED_STAGES), *conditions)
        .options(selectinload(Project.score_submissions))
        .order_by(Project.title)
    ))


def _score_rows(session: Session, project_ids: list[int], criterion_ids: list[int]):
    """The scores of the projects on the criteria as plain rows (project, rater, criterion,
    value): the ranking needs no ORM objects, and thousands of them cost more than the
    ranking itself."""
    if not project_ids or not criterion_ids:
        return []
    return session.execute(
        select(Score.project_id, Score.rater_id, Score.criterion_id, Score.value)
        .where(Score.project_id.in_(project_ids), Score.criterion_id.in_(criterion_ids))
    ).all()


def _allocated_to(session: Session, fund: Fund, projects: list[Project]) -> Decimal:
    """What the fund has already allocated to ``projects``.

    A prioritised proposal may have money reserved for it already; that money is part of what
    the ranking distributes, so it is added back to the fund's available money instead of
    being counted twice.
    """
    ids = [p.id for p in projects]
    if not ids:
        return Decimal("0")
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount), 0))
        .where(LedgerEntry.fund_id == fund.id, LedgerEntry.kind == "allocation",
               LedgerEntry.project_id.in_(ids))
    )
    return Decimal(total or 0)




def rank_projects(session: Session, projects: list[Project], crits: list[Criterion],
                  available: Decimal | None
                  ) -> tuple[rk.Ranking | None, list[User], tuple[str, dict] | None]:
    """Rank ``projects`` on ``crits`` by the steering group's scores against ``available``.

    Returns the ranking (None when it cannot be made), the steering group and the problem that
    prevented the ranking (a msgid and params) or None. Scores on other criteria are ignored.
    """
    raters = steering_group(session)
    emails = {u.id: u.email for u in raters}
    keys = {c.id: c.key for c in crits}
    project_keys = {p.id: p.key for p in projects}
    scores = [
        rk.ProposalScore(project_keys[project_id], keys[criterion_id],
                         emails.get(rater_id) or f"#{rater_id}", value)
        for project_id, rater_id, criterion_id, value
        in _score_rows(session, list(project_keys), list(keys))
    ]
    try:
        ranking = rk.rank_proposals(
            [rk.CriterionSpec(c.key, c.weight, c.scale_max, c.must, c.name) for c in crits],
            [rk.ProposalInput(p.key, p.title, p.budget_request) for p in projects],
            scores, available=available, raters=[u.email for u in raters],
        )
    except rk.RankingError as error:
        return None, raters, (error.message, dict(error.params))
    return ranking, raters, None


def rank_for_fund(session: Session, fund: Fund) -> FundRanking:
    """Rank the fund's proposals (stage proposal or prioritised) against its available money."""
    projects = _scored_proposals(session, Project.fund_id == fund.id)
    reserved = _allocated_to(session, fund, projects)
    ranking, raters, problem = rank_projects(session, projects, criteria(session),
                                             balance_of(fund).available + reserved)
    return FundRanking(fund, ranking, {p.key: p for p in projects}, raters, problem, reserved)


def rank_for_call(session: Session, call: Call) -> CallRanking:
    """Rank the call's proposals (stage proposal or prioritised) with the call's criteria only,
    against the available money of the call's fund."""
    projects = _scored_proposals(session, Project.call_id == call.id)
    reserved = _allocated_to(session, call.fund, projects)
    ranking, raters, problem = rank_projects(session, projects, list(call.criteria),
                                             balance_of(call.fund).available + reserved)
    return CallRanking(call, ranking, {p.key: p for p in projects}, raters, problem, reserved)
