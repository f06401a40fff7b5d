"""Calls for proposals (*utlysningar*), their application forms and the proposals that answer them.

Functions flush, never commit. Every write checks its input first and raises CallRefused (each
problem naming its form field) before anything changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from models.domain import N_
from models.domain.keys import unique_key
from models.needs import NeedArea
from models.organisation import Criterion, Department, Fund
from models.project import Project, ProjectMember, StageChange
from models.projects import change_stage, new_project_key
from models.proposal import CALL_KINDS, Call, CallQuestion, ProposalAnswer
from models.screening import Problem, Refused, answers_of, ensure_screening
from models.user import User

#: Longest question text, guidance and answer.
QUESTION_MAX = 2000
GUIDANCE_MAX = 5000
ANSWER_MAX = 20000


class CallRefused(Refused):
    pass


def _touch(entity: Call | Project) -> None:
    """Mark ``entity`` changed so its version moves on (its parts were changed)."""
    flag_modified(entity, "title")


# --- calls ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallValues:
    title: str
    fund: Fund | None
    kind: str = "open"
    description: str = ""
    opens: date | None = None
    closes: date | None = None
    decision_expected: date | None = None
    #: The department a direct assignment is given to (ignored for other kinds).
    department: Department | None = None
    criteria: Sequence[Criterion] = ()
    need_areas: Sequence[NeedArea] = ()


def call_problems(values: CallValues) -> list[Problem]:
    """What is wrong with ``values``, in the order of the form; empty when nothing."""
    problems: list[Problem] = []
    if not values.title.strip():
        problems.append(Problem("title", N_("Give the call a title.")))
    if values.kind not in CALL_KINDS:
        problems.append(Problem("kind", N_("Choose the kind of call.")))
    if values.fund is None:
        problems.append(Problem("fund_id", N_("Choose the fund the call is opened on.")))
    if values.opens is None:
        problems.append(Problem("opens", N_("Give the date the call opens.")))
    if values.closes is None:
        problems.append(Problem("closes", N_("Give the date the call closes.")))
    elif values.opens is not None and values.closes < values.opens:
        problems.append(Problem("closes", N_("The call cannot close before it opens.")))
    if values.decision_expected is not None and values.closes is not None \
            and values.decision_expected < values.closes:
        problems.append(Problem("decision_expected",
                                N_("The decision cannot be expected before the call closes.")))
    if values.kind == "need_based" and not values.need_areas:
        problems.append(Problem("need_areas", N_("A call based on defined need areas names at "
                                                 "least one need area.")))
    if values.kind == "direct" and values.department is None:
        problems.append(Problem("department_id", N_("A direct assignment is given to a "
                                                    "department: choose it.")))
    if not values.criteria:
        problems.append(Problem("criteria", N_("Choose at least one criterion the proposals "
                                               "are judged by.")))
    return problems


def _set_call(call: Call, values: CallValues) -> None:
    call.title = values.title.strip()
    call.kind = values.kind
    call.fund = values.fund
    call.description = values.description.strip()
    call.opens, call.closes = values.opens, values.closes
    call.decision_expected = values.decision_expected
    call.department = values.department if values.kind == "direct" else None
    call.criteria = sorted(values.criteria, key=lambda c: (c.position, c.key))
    call.need_areas = sorted(values.need_areas, key=lambda a: a.key)


def create_call(session: Session, values: CallValues) -> Call:
    problems = call_problems(values)
    if problems:
        raise CallRefused(*problems)
    taken = set(session.scalars(select(Call.key)))
    call = Call(key=unique_key(values.title, taken))
    _set_call(call, values)
    session.add(call)
    session.flush()
    return call


def proposal_count(session: Session, call: Call) -> int:
    return session.scalar(select(func.count()).select_from(Project)
                          .where(Project.call_id == call.id)) or 0


def proposal_counts(session: Session) -> dict[int, int]:
    """The number of proposals per call id."""
    rows = session.execute(select(Project.call_id, func.count()).where(Project.call_id.isnot(None))
                           .group_by(Project.call_id))
    return {call_id: count for call_id, count in rows}


def update_call(session: Session, call: Call, values: CallValues) -> Call:
    """Change the call; its fund stays while proposals answer it."""
    problems = call_problems(values)
    if values.fund is not None and values.fund.id != call.fund_id \
            and proposal_count(session, call):
        problems.append(Problem("fund_id", N_("The call has proposals: its fund can no longer "
                                              "be changed.")))
    if problems:
        raise CallRefused(*problems)
    _set_call(call, values)
    session.flush()
    return call


def list_calls(session: Session) -> list[Call]:
    return list(session.scalars(select(Call).order_by(Call.opens.desc(), Call.title)))


def only_need_area_of(session: Session, area: NeedArea) -> list[Call]:
    """The need-based calls that name ``area`` and no other need area."""
    calls = session.scalars(select(Call).where(Call.kind == "need_based")).all()
    return [call for call in calls
            if [a.id for a in call.need_areas] == [area.id]]


def closed_problem(call: Call, today: date) -> Problem | None:
    """Why ``call`` takes no proposals on ``today``, or None while it is open."""
    status = call.status_on(today)
    if status == "upcoming":
        return Problem("", N_("The call opens on %(date)s; proposals can be made from then."),
                       {"date": call.opens.isoformat()})
    if status == "closed":
        return Problem("", N_("The call closed on %(date)s and takes no more proposals."),
                       {"date": call.closes.isoformat()})
    return None


# --- the call's questions ------------------------------------------------------------------


def _question_problems(text: str, guidance: str) -> list[Problem]:
    problems = []
    if not text.strip():
        problems.append(Problem("text", N_("Write the question.")))
    elif len(text) > QUESTION_MAX:
        problems.append(Problem("text", N_("Keep the question within %(max)s characters."),
                                {"max": QUESTION_MAX}))
    if len(guidance) > GUIDANCE_MAX:
        problems.append(Problem("guidance", N_("Keep the guidance within %(max)s characters."),
                                {"max": GUIDANCE_MAX}))
    return problems


def question_of(call: Call, question_id: int) -> CallQuestion | None:
    return next((q for q in call.questions if q.id == question_id), None)


def add_question(session: Session, call: Call, *, text: str, guidance: str = "",
                 required: bool = True) -> CallQuestion:
    problems = _question_problems(text, guidance)
    if problems:
        raise CallRefused(*problems)
    position = max((q.position for q in call.questions), default=-1) + 1
    question = CallQuestion(position=position, text=text.strip(), guidance=guidance.strip(),
                            required=required)
    call.questions.append(question)
    _touch(call)
    session.flush()
    return question


def update_question(session: Session, call: Call, question: CallQuestion, *, text: str,
                    guidance: str = "", required: bool = True) -> CallQuestion:
    problems = _question_problems(text, guidance)
    if problems:
        raise CallRefused(*problems)
    question.text, question.guidance = text.strip(), guidance.strip()
    question.required = required
    _touch(call)
    session.flush()
    return question


def answer_count(session: Session, question: CallQuestion) -> int:
    return session.scalar(select(func.count()).select_from(ProposalAnswer)
                          .where(ProposalAnswer.question_id == question.id)) or 0


def delete_question(session: Session, call: Call, question: CallQuestion) -> None:
    """Delete the question with the proposals' answers to it."""
    for answer in session.scalars(select(ProposalAnswer)
                                  .where(ProposalAnswer.question_id == question.id)):
        session.delete(answer)
    call.questions.remove(question)
    session.delete(question)
    for position, item in enumerate(call.questions):
        item.position = position
    _touch(call)
    session.flush()


def move_question(session: Session, call: Call, question: CallQuestion, offset: int) -> bool:
    """Move the question up (-1) or down (+1); return whether it moved."""
    ordered = sorted(call.questions, key=lambda q: (q.position, q.id))
    index = ordered.index(question)
    other = index + offset
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered):
        item.position = position
    call.questions.sort(key=lambda q: q.position)
    _touch(call)
    session.flush()
    return True


# --- proposals -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalValues:
    """The standard fields of the application form."""

    title: str
    need_description: str = ""
    ordinary_practice: str = ""
    target_description: str = ""
    diagnosis: str = ""
    risk_factor: str = ""
    geography: str = ""
    current_intervention: str = ""
    age_min: int | None = None
    age_max: int | None = None
    life_stage: str | None = None
    prevention_level: str | None = None
    size_total: int | None = None
    size_reached: int | None = None
    start: date | None = None
    end: date | None = None
    budget_request: Decimal | None = None
    need_areas: Sequence[NeedArea] = ()
    departments: Sequence[Department] = ()


TEXT_FIELDS = ("need_description", "ordinary_practice", "target_description", "diagnosis",
               "risk_factor", "geography", "current_intervention")
OTHER_FIELDS = ("age_min", "age_max", "size_total", "size_reached", "start", "end",
                "budget_request")


def _call_area_problem(call: Call | None, areas: Sequence[NeedArea]) -> Problem | None:
    if call is None or call.kind != "need_based":
        return None
    wanted = {a.id for a in call.need_areas}
    if any(a.id in wanted for a in areas):
        return None
    return Problem("need_areas", N_("A proposal to this call answers at least one of its need "
                                    "areas: %(areas)s."),
                   {"areas": ", ".join(a.title for a in call.need_areas)})


def proposal_problems(call: Call | None, values: ProposalValues,
                      answers: Mapping[int, str] | None = None) -> list[Problem]:
    problems = []
    if not values.title.strip():
        problems.append(Problem("title", N_("Give the proposal a title.")))
    area = _call_area_problem(call, values.need_areas)
    if area is not None:
        problems.append(area)
    for question_id, text in (answers or {}).items():
        if len(text) > ANSWER_MAX:
            problems.append(Problem(f"answer-{question_id}",
                                    N_("Keep the answer within %(max)s characters."),
                                    {"max": ANSWER_MAX}))
    return problems


def _set_proposal(project: Project, values: ProposalValues) -> None:
    project.title = values.title.strip()
    for name in TEXT_FIELDS:
        setattr(project, name, (getattr(values, name) or "").strip())
    for name in OTHER_FIELDS:
        setattr(project, name, getattr(values, name))
    project.life_stage = values.life_stage or None
    project.prevention_level = values.prevention_level or None
    project.need_areas = sorted(values.need_areas, key=lambda a: a.title)
    project.departments = sorted(values.departments, key=lambda d: d.key)


def save_answers(session: Session, project: Project, answers: Mapping[int, str]) -> None:
    """Store the answers (question id → text) to the questions of the project's call; a blank
    answer removes a stored one."""
    call = project.call
    if call is None:
        return
    stored = answers_of(project)
    for question in call.questions:
        if question.id not in answers:
            continue
        text = answers[question.id].strip()
        row = stored.get(question.id)
        if text:
            if row is None:
                session.add(ProposalAnswer(project=project, question=question, text=text))
            elif row.text != text:
                row.text = text
        elif row is not None:
            session.delete(row)
    session.flush()


def apply(session: Session, call: Call, values: ProposalValues, answers: Mapping[int, str], *,
          user: User, today: date, may_apply_closed: bool = False) -> Project:
    """Answer ``call`` with a proposal: a new project in stage ``idea`` led by ``user``.

    Refused while the call is not open unless ``may_apply_closed`` (a coordinator).
    """
    closed = closed_problem(call, today)
    if closed is not None and not may_apply_closed:
        raise CallRefused(closed)
    problems = proposal_problems(call, values, answers)
    if problems:
        raise CallRefused(*problems)
    project = Project(key=new_project_key(session, values.title), stage="idea", call=call,
                      fund_id=call.fund_id, leader_id=user.id)
    _set_proposal(project, values)
    project.members.append(ProjectMember(user_id=user.id))
    session.add(project)
    session.flush()
    save_answers(session, project, answers)
    return project


def update_proposal(session: Session, project: Project, values: ProposalValues,
                    answers: Mapping[int, str]) -> Project:
    """Change the proposal's fields and answers; the project's version moves on either way."""
    problems = proposal_problems(project.call, values, answers)
    if problems:
        raise CallRefused(*problems)
    _set_proposal(project, values)
    save_answers(session, project, answers)
    _touch(project)
    session.flush()
    return project


def submit_proposal(session: Session, project: Project, *, user: User, today: date,
                    may_submit_closed: bool = False) -> StageChange:
    """Submit the idea as a proposal (stage idea → proposal), ready to be screened.

    Incomplete proposals may be submitted; refused when the project is no idea, when its call is
    not open (unless ``may_submit_closed``) and when it names none of a need-based call's areas.
    """
    if project.stage != "idea":
        raise CallRefused(Problem("", N_("Only an idea can be submitted as a proposal; this one "
                                         "has been submitted already.")))
    call = project.call
    if call is not None:
        closed = closed_problem(call, today)
        if closed is not None and not may_submit_closed:
            raise CallRefused(closed)
        area = _call_area_problem(call, project.need_areas)
        if area is not None:
            raise CallRefused(area)
    change = change_stage(session, project, "proposal", user=user)
    screening = ensure_screening(session, project)
    if screening.status != "pending":
        # Submitted again (after being set aside and reopened): screened afresh.
        screening.status = "pending"
        screening.completed_at = None
    session.flush()
    return change


__all__ = [
    "ANSWER_MAX",
    "CallRefused",
    "CallValues",
    "ProposalValues",
    "add_question",
    "answer_count",
    "apply",
    "call_problems",
    "closed_problem",
    "create_call",
    "delete_question",
    "list_calls",
    "move_question",
    "proposal_count",
    "proposal_counts",
    "proposal_problems",
    "question_of",
    "save_answers",
    "submit_proposal",
    "update_call",
    "update_proposal",
]
