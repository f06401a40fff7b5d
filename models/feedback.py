"""The feedback letter of a proposal: drafting, editing, sending. Functions flush, never commit.

A letter is drafted from the screening and the steering group's submitted scores
(``models.domain.feedback``), edited by the coordinator and sent. Only a draft can be drafted
again or edited; a sent letter is frozen until a coordinator reopens it, which the audit trail
records with the status change. ``sent_at`` and ``sent_by`` keep the last sending.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.base import utcnow
from models.domain import N_
from models.domain import feedback as fb
from models.organisation import Criterion, Organisation
from models.project import Project
from models.proposal import Decision, FeedbackLetter
from models.scoring import criteria, criteria_for, may_see_scores
from models.screening import completeness_of, must_status, screening_of
from models.user import User

Translate = Callable[[str], str]


class FeedbackRefused(Exception):
    """A change the letter does not allow; ``message`` is a msgid."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


STALE = N_("Someone else changed this letter while you were working on it. Nothing was saved; "
           "check the current version and try again.")
SENT = N_("The letter has been sent and can no longer be changed. Reopen it to draft it again.")


def letter_of(session: Session, project: Project) -> FeedbackLetter | None:
    if project.id is None:
        return None
    return session.scalar(select(FeedbackLetter).where(FeedbackLetter.project_id == project.id))


def may_read_letter(user: User, letter: FeedbackLetter | None) -> bool:
    """A sent letter is read by everyone who may read the project; a draft by coordinators."""
    if letter is None:
        return False
    return letter.status == "sent" or user.role == "coordinator"


def latest_decision(session: Session, project: Project) -> Decision | None:
    return session.scalar(select(Decision).where(Decision.project_id == project.id)
                          .order_by(Decision.decided_on.desc(), Decision.id.desc()).limit(1))


def criterion_scores(project: Project, crits: list[Criterion]) -> list[fb.CriterionScores]:
    """The submitted scores of ``project`` per criterion, in the criteria's order."""
    submitted = {s.rater_id for s in project.score_submissions}
    result = []
    for criterion in crits:
        rows = sorted((s for s in project.scores
                       if s.criterion_id == criterion.id and s.rater_id in submitted),
                      key=lambda s: s.id)
        result.append(fb.CriterionScores(
            name=criterion.name, scale_max=criterion.scale_max,
            values=tuple(s.value for s in rows),
            comments=tuple(s.comment for s in rows if s.comment.strip()),
            must=criterion.must, description=criterion.description,
        ))
    return result


def letter_facts(session: Session, project: Project) -> fb.LetterFacts:
    """Collect what is known about ``project`` for drafting its letter."""
    screening = screening_of(session, project)
    musts = must_status(session, project, screening)
    screened = screening is not None and screening.status != "pending"
    decision = latest_decision(session, project)
    return fb.LetterFacts(
        title=project.title,
        call=project.call.title if project.call is not None else "",
        completeness=completeness_of(project),
        must=musts.result if screened else None,
        must_names=dict(musts.names),
        must_notes={c.key: musts.checks[c.id].note for c in musts.criteria
                    if c.id in musts.checks},
        screening_status=screening.status if screening is not None else None,
        reason=screening.reason if screening is not None else "",
        completion_request=screening.completion_request if screening is not None else "",
        criteria=tuple(criterion_scores(project, criteria_for(session, project))),
        outcome=decision.outcome if decision is not None else None,
    )


def _check(letter: FeedbackLetter, version: int | None, *, sent_ok: bool = False) -> None:
    if version is not None and version != letter.version:
        raise FeedbackRefused("stale", STALE)
    if letter.status == "sent" and not sent_ok:
        raise FeedbackRefused("sent", SENT)


def draft_letter(session: Session, project: Project, *, translate: Translate = lambda s: s,
                 number: Callable[[object], str] = str, signed_by: str = "",
                 version: int | None = None) -> FeedbackLetter:
    """Create the letter, or replace a draft's text, from the screening and the scores.

    ``translate`` and ``number`` turn the drafted messages into the user's language; ``version``
    is the version the user saw (None for a new letter). Refuses a sent letter.
    """
    letter = letter_of(session, project)
    if letter is None:
        if version is not None:
            raise FeedbackRefused("stale", STALE)
        letter = FeedbackLetter(project=project, status="draft")
        session.add(letter)
    else:
        _check(letter, version)
    texts = fb.render_letter(fb.draft_letter(letter_facts(session, project)), translate, number)
    for name, text in texts.items():
        setattr(letter, name, text)
    if signed_by.strip() and not letter.signed_by.strip():
        letter.signed_by = signed_by.strip()
    letter.drafted_at = utcnow()
    session.flush()
    return letter


def save_letter(session: Session, letter: FeedbackLetter, texts: Mapping[str, str], *,
                signed_by: str, version: int | None) -> None:
    """Save the coordinator's edits of a draft."""
    _check(letter, version)
    for name in fb.SECTIONS:
        setattr(letter, name, (texts.get(name) or "").strip())
    letter.signed_by = signed_by.strip()
    session.flush()


def send_letter(session: Session, letter: FeedbackLetter, *, by: User,
                version: int | None) -> None:
    """Mark the letter as sent to the proposer; its text is frozen from now on."""
    _check(letter, version)
    if not any(getattr(letter, name).strip() for name in fb.SECTIONS):
        raise FeedbackRefused("empty", N_("The letter is empty: write it, or draft it from the "
                                          "screening and scores, before sending it."))
    letter.status = "sent"
    letter.sent_at = utcnow()
    letter.sent_by = by.email
    if not letter.signed_by.strip():
        letter.signed_by = by.name
    session.flush()


def reopen_letter(session: Session, letter: FeedbackLetter, *, version: int | None) -> None:
    """Make a sent letter a draft again (the audit trail records who did it, and when)."""
    _check(letter, version, sent_ok=True)
    if letter.status != "sent":
        raise FeedbackRefused("not_sent", N_("The letter is a draft already."))
    letter.status = "draft"
    session.flush()


# --- The proposal sheets of the decision material -----------------------------------------------


@dataclass(frozen=True)
class ScoreLine:
    criterion: str
    rater: str
    value: int
    scale_max: int
    comment: str
    submitted: bool


@dataclass(frozen=True)
class DecisionLine:
    decided_on: date
    body: str
    body_name: str
    reference: str
    outcome: str
    amount: Decimal | None
    conditions: str
    recorded_by: str


@dataclass(frozen=True)
class LetterText:
    """A letter as the reader gets it; ``status`` says whether it is still a draft."""

    status: str
    organisation: str
    call: str
    title: str
    opening: str
    strengths: str
    weaknesses: str
    improvements: str
    closing: str
    signed_by: str
    drafted_at: datetime
    sent_at: datetime | None

    def section(self, name: str) -> str:
        return getattr(self, name)


@dataclass(frozen=True)
class ProposalReport:
    """What the proposal sheets show to one user."""

    key: str
    title: str
    #: False when the user may not see the scores yet (they are not listed then).
    scores_visible: bool
    scores: tuple[ScoreLine, ...]
    decisions: tuple[DecisionLine, ...]
    #: None when there is no letter the user may read.
    letter: LetterText | None


def organisation_name(session: Session) -> str:
    return session.scalar(select(Organisation.name).order_by(Organisation.id).limit(1)) or ""


def decisions_of(session: Session, project: Project) -> list[Decision]:
    """The project's decisions, oldest first."""
    return list(session.scalars(select(Decision).where(Decision.project_id == project.id)
                                .order_by(Decision.decided_on, Decision.id)))


def letter_text(session: Session, project: Project, letter: FeedbackLetter) -> LetterText:
    return LetterText(
        status=letter.status, organisation=organisation_name(session),
        call=project.call.title if project.call is not None else "", title=project.title,
        opening=letter.opening, strengths=letter.strengths, weaknesses=letter.weaknesses,
        improvements=letter.improvements, closing=letter.closing, signed_by=letter.signed_by,
        drafted_at=letter.drafted_at, sent_at=letter.sent_at if letter.status == "sent" else None,
    )


def proposal_report(session: Session, project: Project, user: User, *,
                    always: bool = False) -> ProposalReport | None:
    """The proposal sheets' data as ``user`` may see it.

    None (no sheets) for an idea that has no call, scores, decision or letter yet, unless
    ``always``: the sheets belong to the decision material once the initiative is a proposal.
    """
    letter = letter_of(session, project)
    decisions = decisions_of(session, project)
    if not always and project.stage == "idea" and project.call_id is None and \
            not project.scores and not decisions and letter is None:
        return None
    visible = may_see_scores(user, project)
    scores: tuple[ScoreLine, ...] = ()
    if visible:
        order = {c.id: i for i, c in enumerate(criteria(session))}
        submitted = {s.rater_id for s in project.score_submissions}
        rows = sorted(project.scores, key=lambda s: (order.get(s.criterion_id, len(order)),
                                                     s.rater.name, s.id))
        scores = tuple(ScoreLine(s.criterion.name, s.rater.name, s.value, s.criterion.scale_max,
                                 s.comment, s.rater_id in submitted) for s in rows)
    return ProposalReport(
        key=project.key, title=project.title, scores_visible=visible, scores=scores,
        decisions=tuple(DecisionLine(d.decided_on, d.body, d.body_name, d.reference, d.outcome,
                                     d.amount, d.conditions, d.recorded_by) for d in decisions),
        letter=letter_text(session, project, letter) if may_read_letter(user, letter) else None,
    )
