"""Screening of proposals: completeness and must-criteria. Functions flush, never commit.

The coordinator screens a proposal (a project in stage ``proposal``): judges each must-criterion,
assesses risk and complexity, and then passes it, asks the proposer to complete it, or sets it
aside (the project is then rejected, with the reason). Every write checks its input first and
raises ScreeningRefused (naming the form fields) before anything changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from models.base import utcnow
from models.domain import N_
from models.domain import screening as sc
from models.logic_models import checklist_facts
from models.organisation import Criterion
from models.project import Project
from models.projects import change_stage
from models.proposal import LEVELS, MustCheck, ProposalAnswer, Screening
from models.user import User

#: What the coordinator can do with a proposal at screening: save the assessment only, pass it,
#: ask for a completion, or set it aside.
ACTIONS = ("save", "pass", "complete", "set_aside")

#: The reason recorded with the stage change when a proposal is set aside (untranslated form).
SET_ASIDE_REASON = N_("Set aside at screening: %(reason)s")


@dataclass(frozen=True)
class Problem:
    """Why a write is refused: the form field it concerns ("" for none), a msgid and params."""

    field: str
    message: str
    params: Mapping[str, object] = field(default_factory=dict)


class Refused(Exception):
    """A write that is not allowed; ``problems`` say why, each naming its field."""

    def __init__(self, *problems: Problem):
        super().__init__("; ".join(p.message % dict(p.params) if p.params else p.message
                                   for p in problems))
        self.problems = problems


class ScreeningRefused(Refused):
    pass


# --- reading -------------------------------------------------------------------------------


def answers_of(project: Project) -> dict[int, ProposalAnswer]:
    """The proposal's answers to its call's questions, by question id."""
    session = object_session(project)
    if session is None or project.id is None:
        return {}
    rows = session.scalars(select(ProposalAnswer).where(ProposalAnswer.project_id == project.id))
    return {row.question_id: row for row in rows}


def proposal_facts(project: Project) -> sc.ProposalFacts:
    """Collect what ``project`` says, for the completeness check."""
    call = project.call
    answers = answers_of(project) if call is not None else {}
    call_need_area = None
    if call is not None and call.kind == "need_based":
        wanted = {area.id for area in call.need_areas}
        call_need_area = any(area.id in wanted for area in project.need_areas)
    return sc.ProposalFacts(
        title=project.title,
        need=project.need_description,
        ordinary_practice=project.ordinary_practice,
        target_description=project.target_description,
        diagnosis=project.diagnosis,
        risk_factor=project.risk_factor,
        geography=project.geography,
        current_intervention=project.current_intervention,
        age_min=project.age_min,
        age_max=project.age_max,
        need_areas=len(project.need_areas),
        call_need_area=call_need_area,
        departments=len(project.departments),
        size_total=project.size_total,
        size_reached=project.size_reached,
        start=project.start,
        end=project.end,
        budget_request=project.budget_request,
        logic_model=bool(checklist_facts(project)["strategic.simplified_model"]),
        answers=tuple(
            sc.Answer(q.text, q.required,
                      q.id in answers and bool(answers[q.id].text.strip()))
            for q in (call.questions if call is not None else [])
        ),
    )


def completeness_of(project: Project) -> sc.Completeness:
    return sc.completeness(proposal_facts(project))


def screening_of(session: Session, project: Project) -> Screening | None:
    """The project's screening, or None while it has none."""
    if project.id is None:
        return None
    return session.scalar(select(Screening).where(Screening.project_id == project.id))


def must_criteria(session: Session, project: Project) -> list[Criterion]:
    """The must-criteria a proposal is screened against: its call's, or all without a call."""
    if project.call is not None:
        return [c for c in project.call.criteria if c.must]
    return list(session.scalars(select(Criterion).where(Criterion.must.is_(True))
                                .order_by(Criterion.position, Criterion.key)))


@dataclass(frozen=True)
class MustStatus:
    """The must-criteria of a proposal as judged so far, by criterion name."""

    criteria: tuple[Criterion, ...]
    checks: Mapping[int, MustCheck]
    result: sc.MustResult
    names: Mapping[str, str]

    @property
    def failed_names(self) -> list[str]:
        return [self.names[key] for key in self.result.failed]

    @property
    def unchecked_names(self) -> list[str]:
        return [self.names[key] for key in self.result.unchecked]


def must_status(session: Session, project: Project,
                screening: Screening | None = None) -> MustStatus:
    """Judge the proposal's must-criteria from its screening's checks."""
    crits = must_criteria(session, project)
    if screening is None:
        screening = screening_of(session, project)
    checks = {c.criterion_id: c for c in screening.must_checks} if screening else {}
    result = sc.must_result([c.key for c in crits],
                            {c.key: checks[c.id].passed for c in crits if c.id in checks})
    return MustStatus(tuple(crits), checks, result, {c.key: c.name for c in crits})


# --- writing -------------------------------------------------------------------------------


def ensure_screening(session: Session, project: Project) -> Screening:
    """Return the project's screening, creating a pending one when it has none."""
    screening = screening_of(session, project)
    if screening is None:
        screening = Screening(project=project, status="pending")
        session.add(screening)
        session.flush()
    return screening


@dataclass(frozen=True)
class MustInput:
    """The coordinator's judgement of one must-criterion: passed True/False, or None (not
    judged)."""

    criterion_id: int
    passed: bool | None
    note: str = ""


def screen(
    session: Session,
    project: Project,
    *,
    action: str,
    user: User,
    checks: Sequence[MustInput] = (),
    risk_level: str | None = None,
    complexity: str | None = None,
    note: str = "",
    completion_request: str = "",
    reason: str = "",
    stage_reason: str | None = None,
    now: datetime | None = None,
) -> Screening:
    """Record the screening of ``project`` and do ``action`` (see ACTIONS).

    ``pass`` is refused while a must-criterion failed or is not judged; ``complete`` needs the
    ``completion_request`` and ``set_aside`` the ``reason``. Setting aside also moves the project
    to ``rejected``, recording ``stage_reason`` (by default ``SET_ASIDE_REASON`` with the reason).
    Raises ScreeningRefused before anything changes.
    """
    now = now or utcnow()
    if project.stage != "proposal":
        raise ScreeningRefused(Problem("", N_("Only proposals are screened; this initiative is "
                                              "not at the stage proposal.")))
    problems: list[Problem] = []
    if action not in ACTIONS:
        problems.append(Problem("action", N_("Choose what to do with the proposal.")))
    if risk_level not in (None, *LEVELS):
        problems.append(Problem("risk_level", N_("Choose low, medium or high.")))
    if complexity not in (None, *LEVELS):
        problems.append(Problem("complexity", N_("Choose low, medium or high.")))
    crits = must_criteria(session, project)
    by_id = {c.id: c for c in crits}
    judged = {item.criterion_id: item for item in checks if item.criterion_id in by_id}
    if action == "pass":
        result = sc.must_result([c.key for c in crits],
                                {c.key: judged[c.id].passed for c in crits
                                 if c.id in judged and judged[c.id].passed is not None})
        names = {c.key: c.name for c in crits}
        if result.failed:
            problems.append(Problem("must", N_("The proposal fails the must-criteria "
                                               "%(criteria)s and cannot pass screening."),
                                    {"criteria": ", ".join(names[k] for k in result.failed)}))
        if result.unchecked:
            problems.append(Problem("must", N_("Judge the must-criteria %(criteria)s before "
                                               "the proposal passes screening."),
                                    {"criteria": ", ".join(names[k] for k in result.unchecked)}))
    if action == "complete" and not completion_request.strip():
        problems.append(Problem("completion_request",
                                N_("Write what the proposer is asked to complete.")))
    if action == "set_aside" and not reason.strip():
        problems.append(Problem("reason", N_("Give the reason the proposal is set aside; the "
                                             "proposer is told it.")))
    if problems:
        raise ScreeningRefused(*problems)

    screening = ensure_screening(session, project)
    existing = {c.criterion_id: c for c in screening.must_checks}
    for criterion in crits:
        item = judged.get(criterion.id)
        check = existing.get(criterion.id)
        if item is None or item.passed is None:
            if check is not None:
                screening.must_checks.remove(check)
                session.delete(check)
            continue
        if check is None:
            check = MustCheck(criterion_id=criterion.id, passed=item.passed)
            screening.must_checks.append(check)
        check.passed, check.note = item.passed, item.note.strip()
    screening.risk_level = risk_level
    screening.complexity = complexity
    screening.note = note.strip()
    screening.screened_by = user.email
    screening.screened_at = now
    if action == "pass":
        screening.status = "passed"
    elif action == "complete":
        screening.status = "completion_requested"
        screening.completion_request = completion_request.strip()
        screening.requested_at = now
        screening.completed_at = None
    elif action == "set_aside":
        screening.status = "set_aside"
        screening.reason = reason.strip()
        session.flush()
        text = stage_reason if stage_reason is not None else \
            SET_ASIDE_REASON % {"reason": reason.strip()}
        change_stage(session, project, "rejected", user=user, reason=text, may_decide=True)
    session.flush()
    return screening


def completion_done(session: Session, project: Project, *,
                    now: datetime | None = None) -> Screening:
    """The proposer says the requested completion is done: the screening waits again."""
    screening = screening_of(session, project)
    if screening is None or screening.status != "completion_requested":
        raise ScreeningRefused(Problem("", N_("No completion has been requested for this "
                                              "proposal.")))
    screening.completed_at = now or utcnow()
    screening.status = "pending"
    session.flush()
    return screening


__all__ = [
    "ACTIONS",
    "MustInput",
    "MustStatus",
    "Problem",
    "Refused",
    "SET_ASIDE_REASON",
    "ScreeningRefused",
    "answers_of",
    "completeness_of",
    "completion_done",
    "ensure_screening",
    "must_criteria",
    "must_status",
    "proposal_facts",
    "screen",
    "screening_of",
]
