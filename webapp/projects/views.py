"""One initiative: create, overview with the guide's path and checklists, edit, stage, history."""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from models import AuditEntry, Department, Fund, NeedArea, Project, ProjectMember, User, costs
from models.domain.balance import RUNNING_STAGES
from models.domain.checklist import COMPONENTS, GATES, ITEMS_BY_CODE
from models.domain.signals import SEVERITY_LABELS
from models.domain.stages import allowed_transitions, find_transition
from models.projects import (
    StageChangeRefused,
    change_stage,
    checklist,
    confirm_item,
    criteria_available,
    new_project_key,
    unconfirm_item,
)
from models.queries import load_project
from models.signals import SignalContext, collect
from webapp.db import get_session
from webapp.downloads import local_today
from webapp.formatting import stage_label
from webapp.forms import ButtonForm, choices, versioned_form
from webapp.permissions import (
    can_change_stage,
    can_create_project,
    can_override_gate,
    is_project_editor,
    require,
)
from webapp.portfolio.texts import signal_text
from webapp.projects.forms import ConfirmForm, ProjectForm, StageForm

bp = Blueprint("projects", __name__, url_prefix="/projects")

REFUSALS = {
    "not_allowed": lambda: _("That stage change is not possible from the current stage."),
    "not_permitted": lambda: _("Only the steering group or the coordinator can make this "
                               "decision."),
    "reason_required": lambda: _("Give a reason for this stage change."),
    "gate_open": lambda: _("The checklist has open items for this stage. Complete them, or a "
                           "coordinator can pass the gate with a recorded reason."),
    "override_not_permitted": lambda: _("Only a coordinator can pass a stage gate with open "
                                        "checklist items."),
    "override_reason_required": lambda: _("Passing the gate with open checklist items needs a "
                                          "recorded reason."),
}


def _project_or_404(project_id: int) -> Project:
    project = load_project(get_session(), project_id)
    if project is None:
        abort(404)
    return project


def _fill_choices(form: ProjectForm) -> None:
    db = get_session()
    form.departments.choices = choices(
        (d.id, d.name) for d in db.scalars(select(Department).order_by(Department.name))
    )
    form.need_areas.choices = choices(
        (a.id, a.title) for a in db.scalars(select(NeedArea).order_by(NeedArea.title))
    )
    form.fund_id.choices = choices([(None, _("No fund"))] + [
        (f.id, f.name) for f in db.scalars(select(Fund).order_by(Fund.name))
    ])
    people = db.scalars(select(User).where(User.active.is_(True)).order_by(User.name)).all()
    form.owner_id.choices = choices([(None, _("Not appointed"))] + [
        (u.id, f"{u.name} ({u.email})") for u in people
    ])
    form.leader_id.choices = choices([(None, _("Not appointed"))] + [
        (u.id, f"{u.name} ({u.email})") for u in people
        if u.role in ("project_leader", "coordinator")
    ])
    form.members.choices = choices((u.id, f"{u.name} ({u.email})") for u in people)


def _apply(form: ProjectForm, project: Project) -> None:
    """Copy the form's values onto the project."""
    db = get_session()
    for name in ("title", "need_description", "ordinary_practice", "target_description",
                 "diagnosis", "risk_factor", "geography", "current_intervention"):
        setattr(project, name, form[name].data or "")
    for name in ("age_min", "age_max", "size_total", "size_reached", "start", "end",
                 "budget_request", "fund_id", "owner_id", "leader_id"):
        setattr(project, name, form[name].data)
    project.life_stage = form.life_stage.data or None
    project.prevention_level = form.prevention_level.data or None
    wanted = set(form.departments.data or [])
    project.departments = list(
        db.scalars(select(Department).where(Department.id.in_(wanted)).order_by(Department.key))
    ) if wanted else []
    wanted_areas = set(form.need_areas.data or [])
    project.need_areas = list(
        db.scalars(select(NeedArea).where(NeedArea.id.in_(wanted_areas)).order_by(NeedArea.title))
    ) if wanted_areas else []
    wanted_members = set(form.members.data or [])
    for member in list(project.members):
        if member.user_id not in wanted_members:
            project.members.remove(member)
    present = {m.user_id for m in project.members}
    for user_id in sorted(wanted_members - present):
        project.members.append(ProjectMember(user_id=user_id))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    require(can_create_project(current_user))
    form = ProjectForm()
    _fill_choices(form)
    if request.method == "GET" and current_user.role == "project_leader":
        form.leader_id.data = current_user.id
    if form.validate_on_submit():
        db = get_session()
        project = Project(key=new_project_key(db, form.title.data), stage="idea")
        _apply(form, project)
        if current_user.role == "project_leader" and current_user.id not in (
            project.leader_id, project.owner_id
        ) and current_user.id not in (form.members.data or []):
            # The creator keeps the right to edit what they created.
            project.members.append(ProjectMember(user_id=current_user.id))
        db.add(project)
        db.commit()
        flash(_("The initiative was created."), "success")
        return redirect(url_for("projects.show", project_id=project.id))
    status = 400 if request.method == "POST" else 200
    return render_template("projects/form.html", form=form, project=None), status


@bp.route("/<int:project_id>")
@login_required
def show(project_id: int):
    project = _project_or_404(project_id)
    db = get_session()
    statuses = checklist(project, criteria_exist=criteria_available(db))
    by_component = {c: [s for s in statuses if s.item.component == c] for c in COMPONENTS}
    confirmations = {c.item: c for c in project.confirmations}
    editor = is_project_editor(current_user, project)
    transitions = [t for t in allowed_transitions(project.stage)
                   if can_change_stage(current_user, project, t)]
    stage_form = StageForm()
    stage_form.to_stage.choices = choices(
        (t.to_stage, stage_label(t.to_stage)) for t in transitions
    )
    # The same signals as on the portfolio's signal page, for this initiative alone.
    signals = (collect(SignalContext(db, [project], local_today())).get(project.id, [])
               if project.stage in RUNNING_STAGES else [])
    return render_template(
        "projects/show.html",
        project=project,
        signals=signals,
        severity_labels=SEVERITY_LABELS,
        signal_text=signal_text,
        by_component=by_component,
        confirmations=confirmations,
        editor=editor,
        transitions=transitions,
        stage_form=stage_form,
        confirm_form=ConfirmForm(),
        button_form=ButtonForm(),
        gates=GATES,
        can_override=can_override_gate(current_user),
        today=date.today().isoformat(),
    )


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit(project_id: int):
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    db = get_session()
    form = versioned_form(ProjectForm, project)
    _fill_choices(form)
    if request.method == "GET":
        form.departments.data = [d.id for d in project.departments]
        form.need_areas.data = [a.id for a in project.need_areas]
        form.members.data = [m.user_id for m in project.members]
    status = 200
    if form.validate_on_submit() and _start_fits_the_costs(form, project):
        if form.version.data != str(project.version):
            return _conflict(form, project)
        _apply(form, project)
        try:
            db.commit()
        except StaleDataError:
            db.rollback()
            return _conflict(form, _project_or_404(project_id))
        flash(_("The changes were saved."), "success")
        return redirect(url_for("projects.show", project_id=project.id))
    if request.method == "POST":
        status = 400
    return render_template("projects/form.html", form=form, project=project), status


def _start_fits_the_costs(form: ProjectForm, project: Project) -> bool:
    """A later start must not leave budget or benefit lines before it (they are discounted
    from the start year and may not precede it)."""
    first = costs.earliest_year(get_session(), project)
    if form.start.data is None or first is None or form.start.data.year <= first:
        return True
    form.start.errors.append(_(
        "The budget or the benefits have lines from %(year)s. Move them to %(start)s or later "
        "before moving the start.", year=first, start=form.start.data.year))
    return False


def _conflict(form: ProjectForm, project: Project):
    """Refuse a save based on an old version; keep what the user typed."""
    get_session().rollback()
    flash(
        _("Someone else saved this initiative while you were editing it. Your changes have not "
          "been saved. Check the current version (open it in a new tab), then save again."),
        "error",
    )
    form.version.data = str(project.version)
    return render_template("projects/form.html", form=form, project=project, conflict=True), 409


@bp.route("/<int:project_id>/stage", methods=["POST"])
@login_required
def stage(project_id: int):
    project = _project_or_404(project_id)
    transitions = [t for t in allowed_transitions(project.stage)
                   if can_change_stage(current_user, project, t)]
    require(bool(transitions))
    form = StageForm()
    form.to_stage.choices = choices((t.to_stage, stage_label(t.to_stage)) for t in transitions)
    if not form.validate_on_submit():
        if form.errors.keys() - {"to_stage"}:
            abort(400)
        flash(_("Choose a stage the initiative can move to."), "error")
        return redirect(url_for("projects.show", project_id=project.id) + "#stage")
    transition = find_transition(project.stage, form.to_stage.data)
    require(transition is not None and can_change_stage(current_user, project, transition))
    db = get_session()
    try:
        change_stage(
            db, project, form.to_stage.data, user=current_user, reason=form.reason.data or "",
            override_gate=form.override_gate.data,
            may_decide=True, may_override=can_override_gate(current_user),
        )
    except StageChangeRefused as refusal:
        db.rollback()
        flash(REFUSALS[refusal.code](), "error")
        if refusal.open_items:
            flash(_("Open items: %(items)s", items="; ".join(
                _(s.item.text) for s in refusal.open_items)), "error")
        return redirect(url_for("projects.show", project_id=project.id) + "#stage")
    db.commit()
    flash(_("The initiative moved to the stage %(stage)s.", stage=stage_label(form.to_stage.data)),
          "success")
    return redirect(url_for("projects.show", project_id=project.id))


@bp.route("/<int:project_id>/checklist/<code>", methods=["POST"])
@login_required
def confirm(project_id: int, code: str):
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    item = ITEMS_BY_CODE.get(code)
    if item is None or item.derived:
        abort(404)
    db = get_session()
    anchor = url_for("projects.show", project_id=project.id) + f"#{item.component}"
    if request.form.get("action") == "undo":
        if not ButtonForm().validate_on_submit():
            abort(400)
        unconfirm_item(db, project, code)
        db.commit()
        flash(_("The confirmation was removed."), "success")
        return redirect(anchor)
    form = ConfirmForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        flash(_("Date: %(error)s", error="; ".join(form.confirmed_on.errors)), "error")
        return redirect(anchor)
    confirm_item(db, project, code, user=current_user, on=form.confirmed_on.data,
                 comment=form.comment.data or "")
    db.commit()
    flash(_("The checklist item was confirmed."), "success")
    return redirect(anchor)


@bp.route("/<int:project_id>/history")
@login_required
def history(project_id: int):
    project = _project_or_404(project_id)
    db = get_session()
    page = max(1, request.args.get("page", 1, type=int))
    per_page = 100
    total = db.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.project_id == project.id)
    )
    entries = db.scalars(
        select(AuditEntry)
        .where(AuditEntry.project_id == project.id)
        .order_by(AuditEntry.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    decoded = [(e, json.loads(e.changes or "{}")) for e in entries]
    return render_template(
        "projects/history.html", project=project, entries=decoded, page=page,
        pages=max(1, -(-total // per_page)), total=total,
    )


from webapp.projects import (  # noqa: E402,F401  (routes on this blueprint)
    check_in_views,
    cost_views,
    decision_views,
    economics_views,
    evaluation_views,
    export_views,
    feedback_views,
    follow_up_views,
    half_year_views,
    implementation_views,
    logic_views,
    organisation_views,
    participant_views,
    proposal_views,
    results_views,
    risk_views,
    score_views,
)
