"""The application form of a call, shared by applying (/calls/<id>/apply) and editing a proposal
(/projects/<id>/proposal/edit): the standard proposal fields plus the call's own questions."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from models.calls import ProposalValues
from models.needs import NeedArea
from models.organisation import Department
from models.project import Project
from models.proposal import Call
from models.screening import Problem
from webapp.db import get_session
from webapp.forms import choices
from webapp.projects.forms import ProposalForm


def fill_choices(form: ProposalForm, call: Call | None) -> None:
    """Departments, and need areas with a need-based call's own areas first."""
    db = get_session()
    form.departments.choices = choices(
        (d.id, d.name) for d in db.scalars(select(Department).order_by(Department.name))
    )
    areas = list(db.scalars(select(NeedArea).order_by(NeedArea.title)))
    named = {a.id for a in call.need_areas} if call is not None else set()
    first = [(a.id, _("%(title)s (named in the call)", title=a.title))
             for a in areas if a.id in named]
    form.need_areas.choices = choices(first + [(a.id, a.title) for a in areas
                                               if a.id not in named])


def read_answers(call: Call | None) -> dict[int, str]:
    """The posted answers to the call's questions, by question id."""
    if call is None:
        return {}
    return {q.id: request.form.get(f"answer-{q.id}", "") for q in call.questions}


def values_from(form: ProposalForm) -> ProposalValues:
    db = get_session()
    area_ids = set(form.need_areas.data or [])
    department_ids = set(form.departments.data or [])
    return ProposalValues(
        title=form.title.data or "",
        need_description=form.need_description.data or "",
        ordinary_practice=form.ordinary_practice.data or "",
        target_description=form.target_description.data or "",
        diagnosis=form.diagnosis.data or "",
        risk_factor=form.risk_factor.data or "",
        geography=form.geography.data or "",
        current_intervention=form.current_intervention.data or "",
        age_min=form.age_min.data,
        age_max=form.age_max.data,
        life_stage=form.life_stage.data or None,
        prevention_level=form.prevention_level.data or None,
        size_total=form.size_total.data,
        size_reached=form.size_reached.data,
        start=form.start.data,
        end=form.end.data,
        budget_request=form.budget_request.data,
        need_areas=list(db.scalars(select(NeedArea).where(NeedArea.id.in_(area_ids))))
        if area_ids else [],
        departments=list(db.scalars(select(Department).where(Department.id.in_(department_ids))))
        if department_ids else [],
    )


def show_problems(form: ProposalForm, problems, answer_errors: dict[int, str]) -> list[str]:
    """Put each problem at its field; return the messages that concern no field."""
    general = []
    for problem in problems:
        message = _(problem.message, **problem.params)
        if problem.field.startswith("answer-"):
            answer_errors[int(problem.field.removeprefix("answer-"))] = message
        elif problem.field and problem.field in form:
            form[problem.field].errors = [*form[problem.field].errors, message]
        else:
            general.append(message)
    return general


def translate(problem: Problem) -> str:
    return _(problem.message, **problem.params)


def render_form(form: ProposalForm, *, call: Call | None, project: Project | None,
                answers: dict[int, str], answer_errors: dict[int, str] | None = None,
                general: list[str] | None = None, closed: str | None = None,
                may_apply: bool = True, status: int = 200, conflict: bool = False):
    return render_template(
        "projects/proposal_form.html", form=form, call=call, project=project, answers=answers,
        answer_errors=answer_errors or {}, general=general or [], closed=closed,
        may_apply=may_apply, conflict=conflict,
        call_area_ids={a.id for a in call.need_areas} if call is not None else set(),
    ), status
