"""Steering-group scoring of proposals and the ranking per fund. Functions flush, never commit.

Each member scores independently: until they have submitted their scores of a proposal they do
not see the others', unless a coordinator has opened them. Submitted scores are final.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.domain import N_
from models.domain import ranking as rk
from models.funds import balance_of
from models.organisation import Criterion, Fund
from models.project import Project, Score, ScoreSubmission
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


def rank_for_fund(session: Session, fund: Fund) -> FundRanking:
    """Rank the fund's proposals (stage proposal or prioritised) against its available money."""
    projects = list(session.scalars(
        select(Project).where(Project.fund_id == fund.id, Project.stage.in_(SCORED_STAGES))
        .options(selectinload(Project.scores), selectinload(Project.score_submissions))
        .order_by(Project.title)
    ))
    raters = steering_group(session)
    emails = {u.id: u.email for u in raters}
    crits = criteria(session)
    keys = {c.id: c.key for c in crits}
    scores = []
    for project in projects:
        for score in project.scores:
            if score.criterion_id in keys:
                email = emails.get(score.rater_id) or f"#{score.rater_id}"
                scores.append(rk.ProposalScore(project.key, keys[score.criterion_id], email,
                                               score.value))
    try:
        ranking = rk.rank_proposals(
            [rk.CriterionSpec(c.key, c.weight, c.scale_max, c.must, c.name) for c in crits],
            [rk.ProposalInput(p.key, p.title, p.budget_request) for p in projects],
            scores, available=balance_of(fund).available, raters=[u.email for u in raters],
        )
    except rk.RankingError as error:
        return FundRanking(fund, None, {p.key: p for p in projects}, raters,
                           (error.message, dict(error.params)))
    return FundRanking(fund, ranking, {p.key: p for p in projects}, raters)
