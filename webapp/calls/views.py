"""Calls for proposals (*utlysningar*): open, based on defined need areas, or a direct assignment.

A coordinator opens a call on a fund with its criteria, dates and application form; departments
answer it with proposals; the coordinator screens them from the call's page.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from models.calls import (
    CallRefused,
    CallValues,
    add_question,
    answer_count,
    apply,
    closed_problem,
    create_call,
    delete_question,
    list_calls,
    move_question,
    proposal_counts,
    question_of,
    update_call,
    update_question,
)
from models.domain.ranking import CUT_LABELS, STATUS_LABELS
from models.needs import NeedArea
from models.organisation import Department, Fund
from models.proposal import Call, CallQuestion
from models.scoring import criteria as all_criteria
from models.scoring import may_see_scores, rank_for_call
from models.screening import completeness_of, must_status, screening_of
from webapp.calls.forms import CallForm, QuestionForm
from webapp.calls.proposal_form import (
    fill_choices,
    read_answers,
    render_form,
    show_problems,
    translate,
    values_from,
)
from webapp.db import get_session
from webapp.formatting import number
from webapp.forms import ButtonForm, choices
from webapp.funds.views import _sentence as ranking_sentence
from webapp.permissions import can_create_project, require
from webapp.projects.forms import ProposalForm

bp = Blueprint("calls", __name__, url_prefix="/calls")


def _call_or_404(call_id: int) -> Call:
    call = get_session().get(Call, call_id)
    if call is None:
        abort(404)
    return call


def _question_or_404(call: Call, question_id: int) -> CallQuestion:
    question = question_of(call, question_id)
    if question is None:
        abort(404)
    return question


def _coordinator() -> bool:
    return current_user.role == "coordinator"


@bp.route("/")
@login_required
def index():
    db = get_session()
    today = date.today()
    counts = proposal_counts(db)
    rows = [(call, call.status_on(today), counts.get(call.id, 0)) for call in list_calls(db)]
    return render_template("calls/index.html", rows=rows, coordinator=_coordinator())


# --- the call ------------------------------------------------------------------------------


def _fill_call_choices(form: CallForm) -> dict[str, dict]:
    """Fill the selects; return the options by id for reading the posted values."""
    db = get_session()
    funds = {f.id: f for f in db.scalars(select(Fund).order_by(Fund.name))}
    departments = {d.id: d for d in db.scalars(select(Department).order_by(Department.name))}
    areas = {a.id: a for a in db.scalars(select(NeedArea).order_by(NeedArea.title))}
    crits = {c.id: c for c in all_criteria(db)}
    form.fund_id.choices = choices([(None, _("Choose a fund"))]
                                   + [(f.id, f.name) for f in funds.values()])
    form.department_id.choices = choices([(None, _("No department"))]
                                         + [(d.id, d.name) for d in departments.values()])
    form.need_areas.choices = choices((a.id, a.title) for a in areas.values())
    form.criteria.choices = choices(
        (c.id, _("%(name)s (must-criterion, pass or fail)", name=c.name) if c.must else
         _("%(name)s (weight %(weight)s, scale 0–%(max)s)", name=c.name,
           weight=number(c.weight), max=c.scale_max))
        for c in crits.values()
    )
    return {"funds": funds, "departments": departments, "areas": areas, "criteria": crits}


def _values(form: CallForm, options: dict[str, dict]) -> CallValues:
    return CallValues(
        title=form.title.data or "",
        fund=options["funds"].get(form.fund_id.data),
        kind=form.kind.data or "",
        description=form.description.data or "",
        opens=form.opens.data,
        closes=form.closes.data,
        decision_expected=form.decision_expected.data,
        department=options["departments"].get(form.department_id.data),
        criteria=[options["criteria"][i] for i in form.criteria.data or []
                  if i in options["criteria"]],
        need_areas=[options["areas"][i] for i in form.need_areas.data or []
                    if i in options["areas"]],
    )


def _show_call_problems(form, refusal: CallRefused) -> None:
    for problem in refusal.problems:
        message = translate(problem)
        if problem.field in form:
            form[problem.field].errors = [*form[problem.field].errors, message]
        else:
            flash(message, "error")


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    require(_coordinator())
    form = CallForm()
    options = _fill_call_choices(form)
    if request.method == "GET":
        form.criteria.data = list(options["criteria"])
        if len(options["funds"]) == 1:
            form.fund_id.data = next(iter(options["funds"]))
    if form.validate_on_submit():
        db = get_session()
        try:
            call = create_call(db, _values(form, options))
        except CallRefused as refusal:
            db.rollback()
            _show_call_problems(form, refusal)
        else:
            db.commit()
            flash(_("The call was opened. Add the questions of its application form below."),
                  "success")
            return redirect(url_for("calls.show", call_id=call.id) + "#questions")
    elif request.method == "POST" and "csrf_token" in form.errors:
        abort(400)
    status = 400 if request.method == "POST" else 200
    return render_template("calls/form.html", form=form, call=None), status


@bp.route("/<int:call_id>/edit", methods=["GET", "POST"])
@login_required
def edit(call_id: int):
    require(_coordinator())
    call = _call_or_404(call_id)
    if request.method == "GET":
        form = CallForm(obj=call)
        form.version.data = str(call.version)
        form.criteria.data = [c.id for c in call.criteria]
        form.need_areas.data = [a.id for a in call.need_areas]
    else:
        form = CallForm()
    options = _fill_call_choices(form)
    status = 200
    if form.validate_on_submit():
        if form.version.data != str(call.version):
            return _call_conflict(form, call)
        db = get_session()
        try:
            update_call(db, call, _values(form, options))
            db.commit()
        except CallRefused as refusal:
            db.rollback()
            _show_call_problems(form, refusal)
            status = 400
        except StaleDataError:
            db.rollback()
            return _call_conflict(form, _call_or_404(call_id))
        else:
            flash(_("The call was saved."), "success")
            return redirect(url_for("calls.show", call_id=call.id))
    elif request.method == "POST":
        if "csrf_token" in form.errors:
            abort(400)
        status = 400
    return render_template("calls/form.html", form=form, call=call), status


def _call_conflict(form: CallForm, call: Call):
    get_session().rollback()
    flash(_("Someone else saved this call while you were editing it. Your changes have not been "
            "saved. Check the current version (open it in a new tab), then save again."), "error")
    form.version.data = str(call.version)
    return render_template("calls/form.html", form=form, call=call, conflict=True), 409


def _screening_rows(call: Call) -> list[dict]:
    db = get_session()
    rows = []
    for project in call.proposals:
        completeness = completeness_of(project)
        screening = screening_of(db, project)
        rows.append({
            "project": project,
            "completeness": completeness,
            "missing": [translate(m) for m in completeness.missing],
            "screening": screening,
            "must": must_status(db, project, screening),
        })
    return rows


def _render_show(call: Call, question_form: QuestionForm | None = None, status: int = 200):
    question_form = question_form or QuestionForm(prefix="question", formdata=None)
    if not question_form.version.data:
        question_form.version.data = str(call.version)
    coordinator = _coordinator()
    return render_template(
        "calls/show.html", call=call, status_today=call.status_on(date.today()),
        rows=_screening_rows(call) if coordinator else
        [{"project": p} for p in call.proposals],
        coordinator=coordinator, may_apply=can_create_project(current_user),
        question_form=question_form, button_form=ButtonForm(),
    ), status


@bp.route("/<int:call_id>")
@login_required
def show(call_id: int):
    return _render_show(_call_or_404(call_id))


# --- the application form's questions ------------------------------------------------------


def _stale(call: Call, version: str | None) -> bool:
    if version == str(call.version):
        return False
    flash(_("Someone else changed the call's application form after you opened the page. Your "
            "change has not been saved; check the current form and try again."), "error")
    return True


def _commit(call: Call, message: str, anchor: str = "questions"):
    db = get_session()
    try:
        db.commit()
    except StaleDataError:
        db.rollback()
        _stale(call, None)
        return redirect(url_for("calls.show", call_id=call.id) + f"#{anchor}")
    flash(message, "success")
    return redirect(url_for("calls.show", call_id=call.id) + f"#{anchor}")


@bp.route("/<int:call_id>/questions", methods=["POST"], endpoint="add_question")
@login_required
def add_question_view(call_id: int):
    require(_coordinator())
    call = _call_or_404(call_id)
    form = QuestionForm(prefix="question")
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_show(call, form, 400)
    if _stale(call, form.version.data):
        form.version.data = str(call.version)
        return _render_show(call, form, 409)
    db = get_session()
    try:
        question = add_question(db, call, text=form.text.data or "",
                                guidance=form.guidance.data or "", required=form.required.data)
    except CallRefused as refusal:
        db.rollback()
        _show_call_problems(form, refusal)
        return _render_show(_call_or_404(call_id), form, 400)
    return _commit(call, _("The question was added to the application form."),
                   f"question-{question.id}")


@bp.route("/<int:call_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def edit_question(call_id: int, question_id: int):
    require(_coordinator())
    call = _call_or_404(call_id)
    question = _question_or_404(call, question_id)
    if request.method == "GET":
        form = QuestionForm(obj=question)
        form.version.data = str(call.version)
        return render_template("calls/question.html", call=call, question=question, form=form)
    form = QuestionForm()
    status = 400
    if form.validate_on_submit():
        if _stale(call, form.version.data):
            form.version.data = str(call.version)
            return render_template("calls/question.html", call=call, question=question,
                                   form=form), 409
        db = get_session()
        try:
            update_question(db, call, question, text=form.text.data or "",
                            guidance=form.guidance.data or "", required=form.required.data)
        except CallRefused as refusal:
            db.rollback()
            _show_call_problems(form, refusal)
            call = _call_or_404(call_id)
            question = _question_or_404(call, question_id)
        else:
            return _commit(call, _("The question was saved."), f"question-{question_id}")
    elif "csrf_token" in form.errors:
        abort(400)
    return render_template("calls/question.html", call=call, question=question,
                           form=form), status


@bp.route("/<int:call_id>/questions/<int:question_id>/move", methods=["POST"],
          endpoint="move_question")
@login_required
def move_question_view(call_id: int, question_id: int):
    require(_coordinator())
    call = _call_or_404(call_id)
    question = _question_or_404(call, question_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    if _stale(call, request.form.get("version")):
        return redirect(url_for("calls.show", call_id=call.id) + "#questions")
    if not move_question(get_session(), call, question, -1 if direction == "up" else 1):
        flash(_("The question is already first or last."), "info")
        return redirect(url_for("calls.show", call_id=call.id) + f"#question-{question_id}")
    return _commit(call, _("The question was moved."), f"question-{question_id}")


@bp.route("/<int:call_id>/questions/<int:question_id>/delete", methods=["GET", "POST"],
          endpoint="delete_question")
@login_required
def delete_question_view(call_id: int, question_id: int):
    require(_coordinator())
    call = _call_or_404(call_id)
    question = _question_or_404(call, question_id)
    form = ButtonForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if _stale(call, request.form.get("version")):
            return redirect(url_for("calls.delete_question", call_id=call.id,
                                    question_id=question_id))
        delete_question(get_session(), call, question)
        return _commit(call, _("The question was deleted with its answers."))
    return render_template("calls/question_delete.html", call=call, question=question, form=form,
                           answers=answer_count(get_session(), question))


# --- ranking -------------------------------------------------------------------------------


@bp.route("/<int:call_id>/ranking")
@login_required
def ranking(call_id: int):
    call = _call_or_404(call_id)
    data = rank_for_call(get_session(), call)
    visible = {key for key, project in data.projects.items()
               if may_see_scores(current_user, project)}
    names = {u.email: u.name for u in data.raters}
    explanations = {
        p.key: [ranking_sentence(msgid, params, names) for msgid, params in p.explanation]
        for p in data.ranking.proposals if p.key in visible
    } if data.ranking is not None else {}
    labels = {c.key: c.label for c in data.ranking.criteria} if data.ranking else {}
    return render_template("calls/ranking.html", call=call, data=data, visible=visible,
                           explanations=explanations, status_labels=STATUS_LABELS,
                           cut_labels=CUT_LABELS, criterion_labels=labels)


# --- applying ------------------------------------------------------------------------------


@bp.route("/<int:call_id>/apply", methods=["GET", "POST"], endpoint="apply")
@login_required
def apply_view(call_id: int):
    require(can_create_project(current_user))
    call = _call_or_404(call_id)
    coordinator = _coordinator()
    closed_reason = closed_problem(call, date.today())
    closed = translate(closed_reason) if closed_reason is not None else None
    may_apply = closed is None or coordinator
    form = ProposalForm()
    fill_choices(form, call)
    if request.method == "GET":
        if call.kind == "direct" and call.department_id is not None:
            form.departments.data = [call.department_id]
        if call.kind == "need_based" and len(call.need_areas) == 1:
            form.need_areas.data = [call.need_areas[0].id]
        return render_form(form, call=call, project=None, answers={}, closed=closed,
                           may_apply=may_apply)
    answers = read_answers(call)
    if not may_apply:
        if not ButtonForm().validate_on_submit():
            abort(400)
        return render_form(form, call=call, project=None, answers=answers, closed=closed,
                           may_apply=False, status=409)
    answer_errors: dict[int, str] = {}
    general: list[str] = []
    if form.validate_on_submit():
        db = get_session()
        try:
            project = apply(db, call, values_from(form), answers, user=current_user,
                            today=date.today(), may_apply_closed=coordinator)
        except CallRefused as refusal:
            db.rollback()
            general = show_problems(form, refusal.problems, answer_errors)
        else:
            db.commit()
            flash(_("Your proposal was saved as an idea. Check what it still lacks, then submit "
                    "it."), "success")
            return redirect(url_for("projects.proposal", project_id=project.id))
    elif "csrf_token" in form.errors:
        abort(400)
    return render_form(form, call=call, project=None, answers=answers,
                       answer_errors=answer_errors, general=general, closed=closed,
                       may_apply=True, status=400)
