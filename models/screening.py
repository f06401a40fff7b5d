"""Screening of proposals: completeness and must-criteria. Functions flush, never commit."""

from __future__ import annotations

from models.domain import screening as sc
from models.logic_models import checklist_facts
from models.project import Project
from models.proposal import ProposalAnswer


def answers_of(project: Project) -> dict[int, ProposalAnswer]:
    """The proposal's answers to its call's questions, by question id."""
    from sqlalchemy import select
    from sqlalchemy.orm import object_session

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
