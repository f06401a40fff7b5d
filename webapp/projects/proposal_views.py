"""A project's proposal: the application as submitted, its completeness, submission, and the
coordinator's screening (completeness, must-criteria, pass / ask for completion / set aside)."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from models import Project
from models.calls import CallRefused, closed_problem, submit_proposal, update_proposal
from models.projects import StageChangeRefused
from models.screening import (
    MustInput,
    ScreeningRefused,
    answers_of,
    completeness_of,
    completion_done,
    must_status,
    screen,
    screening_of,
)
from webapp.calls.proposal_form import (
    fill_choices,
    read_answers,
    render_form,
    show_problems,
    translate,
    values_from,
)
from webapp.db import get_session
from webapp.forms import ButtonForm, versioned_form
from webapp.permissions import is_project_editor, require
from webapp.projects.forms import ProposalForm, ScreeningForm
from webapp.projects.views import REFUSALS, _project_or_404, bp

#: Stages in which the proposal is still edited on the proposal form.
EDITABLE_STAGES = ("idea", "proposal")


@bp.app_template_global("proposal_summary")
def proposal_summary(project: Project) -> dict | None:
    """The short "Proposal" box of the project page, or None when the project is no proposal."""
    screening = screening_of(get_session(), project)
    if project.call is None and screening is None and project.stage not in EDITABLE_STAGES:
        return None
    return {"call": project.call, "screening": screening,
            "completeness": completeness_of(project)}


def _missing(project: Project) -> tuple:
    completeness = completeness_of(project)
    return completeness, [(m.code, translate(m)) for m in completeness.missing]


@bp.route("/<int:project_id>/proposal")
@login_required
def proposal(project_id: int):
    project = _project_or_404(project_id)
    db = get_session()
    completeness, missing = _missing(project)
    call = project.call
    answers = answers_of(project)
    closed = closed_problem(call, date.today()) if call is not None else None
    editor = is_project_editor(current_user, project)
    return render_template(
        "projects/proposal.html", project=project, call=call, completeness=completeness,
        missing=missing, answers=answers, screening=screening_of(db, project), editor=editor,
        coordinator=current_user.role == "coordinator",
        closed=translate(closed) if closed is not None else None,
        editable=editor and project.stage in EDITABLE_STAGES, button_form=ButtonForm(),
    )


@bp.route("/<int:project_id>/proposal/edit", methods=["GET", "POST"])
@login_required
def proposal_edit(project_id: int):
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    if project.stage not in EDITABLE_STAGES:
        flash(_("The proposal has been decided on and is no longer edited on the application "
                "form; edit the initiative instead."), "info")
        return redirect(url_for("projects.proposal", project_id=project.id))
    call = project.call
    form = versioned_form(ProposalForm, project)
    fill_choices(form, call)
    if request.method == "GET":
        form.departments.data = [d.id for d in project.departments]
        form.need_areas.data = [a.id for a in project.need_areas]
        answers = {question_id: row.text for question_id, row in answers_of(project).items()}
        return render_form(form, call=call, project=project, answers=answers)
    answers = read_answers(call)
    answer_errors: dict[int, str] = {}
    general: list[str] = []
    if form.validate_on_submit():
        if form.version.data != str(project.version):
            return _conflict(form, project, answers)
        db = get_session()
        try:
            update_proposal(db, project, values_from(form), answers)
            db.commit()
        except CallRefused as refusal:
            db.rollback()
            general = show_problems(form, refusal.problems, answer_errors)
            project = _project_or_404(project_id)
        except StaleDataError:
            db.rollback()
            return _conflict(form, _project_or_404(project_id), answers)
        else:
            flash(_("The proposal was saved."), "success")
            return redirect(url_for("projects.proposal", project_id=project.id))
    elif "csrf_token" in form.errors:
        abort(400)
    return render_form(form, call=call, project=project, answers=answers,
                       answer_errors=answer_errors, general=general, status=400)


def _conflict(form: ProposalForm, project: Project, answers: dict[int, str]):
    """Refuse a save based on an old version; keep what the user typed."""
    get_session().rollback()
    flash(_("Someone else saved this proposal while you were editing it. Your changes have not "
            "been saved. Check the current version (open it in a new tab), then save again."),
          "error")
    form.version.data = str(project.version)
    return render_form(form, call=project.call, project=project, answers=answers, status=409,
                       conflict=True)


@bp.route("/<int:project_id>/proposal/submit", methods=["POST"])
@login_required
def proposal_submit(project_id: int):
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    if not ButtonForm().validate_on_submit():
        abort(400)
    db = get_session()
    page = url_for("projects.proposal", project_id=project.id)
    try:
        submit_proposal(db, project, user=current_user, today=date.today(),
                        may_submit_closed=current_user.role == "coordinator")
    except CallRefused as refusal:
        db.rollback()
        for problem in refusal.problems:
            flash(translate(problem), "error")
        return redirect(page)
    except StageChangeRefused as refusal:
        db.rollback()
        flash(REFUSALS[refusal.code](), "error")
        return redirect(page)
    db.commit()
    completeness = completeness_of(project)
    if completeness.complete:
        flash(_("The proposal was submitted. The coordinator screens it next."), "success")
    else:
        flash(_("The proposal was submitted, but it still lacks %(count)d of %(total)d items; the "
                "coordinator may ask you to complete it.", count=len(completeness.missing),
                total=completeness.total), "info")
    return redirect(page)


@bp.route("/<int:project_id>/proposal/completed", methods=["POST"])
@login_required
def proposal_completed(project_id: int):
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    if not ButtonForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        completion_done(db, project)
    except ScreeningRefused as refusal:
        db.rollback()
        for problem in refusal.problems:
            flash(translate(problem), "error")
    else:
        db.commit()
        flash(_("The coordinator has been told that the completion is done."), "success")
    return redirect(url_for("projects.proposal", project_id=project.id))


# --- screening -----------------------------------------------------------------------------


def _read_must(crits) -> tuple[list[MustInput], dict[int, str]]:
    """The posted judgements of the must-criteria: pass, fail or not judged, with a note."""
    values, errors = [], {}
    for criterion in crits:
        raw = request.form.get(f"must-{criterion.id}", "")
        note = request.form.get(f"must-note-{criterion.id}", "")
        if raw not in ("pass", "fail", ""):
            errors[criterion.id] = _("Choose passed, failed or not judged.")
            continue
        if len(note) > 5000:
            errors[criterion.id] = _("Keep the note within %(max)s characters.", max=5000)
        values.append(MustInput(criterion.id, {"pass": True, "fail": False}.get(raw), note))
    return values, errors


def _render_screening(project: Project, form: ScreeningForm, *, status: int = 200,
                      posted: dict | None = None, must_errors: dict[int, str] | None = None,
                      general: list[str] | None = None):
    db = get_session()
    screening = screening_of(db, project)
    completeness, missing = _missing(project)
    musts = must_status(db, project, screening)
    if posted is None:
        posted = {}
        for criterion in musts.criteria:
            check = musts.checks.get(criterion.id)
            posted[criterion.id] = (
                "" if check is None else ("pass" if check.passed else "fail"),
                check.note if check is not None else "",
            )
    return render_template(
        "projects/screening.html", project=project, form=form, screening=screening,
        completeness=completeness, missing=missing, musts=musts, posted=posted,
        must_errors=must_errors or {}, general=general or [],
        screenable=project.stage == "proposal",
    ), status


@bp.route("/<int:project_id>/screening", methods=["GET", "POST"])
@login_required
def screening(project_id: int):
    require(current_user.role == "coordinator")
    project = _project_or_404(project_id)
    db = get_session()
    current = screening_of(db, project)
    if request.method == "GET":
        form = ScreeningForm(obj=current) if current is not None else ScreeningForm()
        if current is not None:
            form.risk_level.data = current.risk_level or ""
            form.complexity.data = current.complexity or ""
        form.version.data = str(current.version) if current is not None else ""
        return _render_screening(project, form)
    form = ScreeningForm()
    if project.stage != "proposal":
        if not ButtonForm().validate_on_submit():
            abort(400)
        flash(_("Only proposals are screened; this initiative is not at the stage proposal."),
              "error")
        return _render_screening(project, form, status=409)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_screening(project, form, status=400)
    crits = must_status(db, project, current).criteria
    checks, must_errors = _read_must(crits)
    posted = {c.id: (request.form.get(f"must-{c.id}", ""), request.form.get(f"must-note-{c.id}",
                                                                            ""))
              for c in crits}
    expected = str(current.version) if current is not None else ""
    if form.version.data != expected:
        return _screening_conflict(project, form, posted)
    if must_errors:
        return _render_screening(project, form, status=400, posted=posted,
                                 must_errors=must_errors)
    action = request.form.get("action", "")
    try:
        screen(
            db, project, action=action, user=current_user, checks=checks,
            risk_level=form.risk_level.data or None, complexity=form.complexity.data or None,
            note=form.note.data or "", completion_request=form.completion_request.data or "",
            reason=form.reason.data or "",
            stage_reason=_("Set aside at screening: %(reason)s",
                           reason=(form.reason.data or "").strip()),
        )
        db.commit()
    except ScreeningRefused as refusal:
        db.rollback()
        general = []
        for problem in refusal.problems:
            if problem.field in form and problem.field != "version":
                form[problem.field].errors = [*form[problem.field].errors, translate(problem)]
            else:
                general.append(translate(problem))
        return _render_screening(_project_or_404(project_id), form, status=400, posted=posted,
                                 general=general)
    except StageChangeRefused as refusal:
        db.rollback()
        return _render_screening(_project_or_404(project_id), form, status=400, posted=posted,
                                 general=[REFUSALS[refusal.code]()])
    except StaleDataError:
        db.rollback()
        return _screening_conflict(_project_or_404(project_id), form, posted)
    flash({
        "save": _("The screening was saved."),
        "pass": _("The proposal passed screening; the steering group can score it."),
        "complete": _("The proposer has been asked to complete the proposal."),
        "set_aside": _("The proposal was set aside and rejected, with your reason."),
    }[action], "success")
    return redirect(url_for("projects.screening", project_id=project.id))


def _screening_conflict(project: Project, form: ScreeningForm, posted: dict):
    get_session().rollback()
    flash(_("Someone else screened this proposal while you were working on it. Your screening has "
            "not been saved. Check the current screening, then save again."), "error")
    current = screening_of(get_session(), project)
    form.version.data = str(current.version) if current is not None else ""
    return _render_screening(project, form, status=409, posted=posted)
