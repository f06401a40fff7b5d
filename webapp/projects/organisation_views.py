"""The organisation page: people, reporting plan, check-in schedule and communication plan.

Everyone who may read the initiative sees the page; its editors change it. The four lists share
the add, edit, move and delete routes (``part`` in the URL); the reporting plan's two forms carry
the plan's version.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from models import Project
from models.domain import governance as gv
from models.domain.checklist import ITEMS_BY_CODE
from models.organisations import (
    PARTS,
    OrganisationRefused,
    add_record_person,
    add_row,
    check_ins,
    communication_items,
    delete_row,
    generate_check_ins,
    governance,
    move_row,
    people_by_role,
    record_people_missing,
    reporting_items,
    reporting_plan,
    row_of,
    row_state,
    save_plan,
    update_row,
)
from webapp.db import get_session
from webapp.forms import ButtonForm
from webapp.permissions import is_project_editor, require
from webapp.projects.organisation_forms import ROW_FORMS, PlanForm, ScheduleForm
from webapp.projects.views import _project_or_404, bp

#: URL segment of each list -> its part.
SLUGS = {"people": "people", "reporting": "reporting", "check-ins": "check_ins",
         "communication": "communication"}
SLUG_OF = {part: slug for slug, part in SLUGS.items()}
ANY_PART = 'any(people, reporting, "check-ins", communication)'
#: Form prefix of each list's form (and the name the template knows it by).
PREFIXES = {"people": "person", "reporting": "reporting", "check_ins": "check_in",
            "communication": "communication"}
ANCHORS = {"people": "people", "reporting": "reporting", "check_ins": "check-ins",
           "communication": "communication"}
CHECKLIST_CODES = ("design.groups", "design.routines", "follow_up.roles", "follow_up.check_ins")


def _page_url(project: Project, anchor: str = "") -> str:
    url = url_for("projects.organisation", project_id=project.id)
    return f"{url}#{anchor}" if anchor else url


def _editable_project(project_id: int) -> Project:
    """Return the project if the current user may change it (404 or 403 otherwise)."""
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    return project


def _part(slug: str) -> str:
    if slug not in SLUGS:
        abort(404)
    return SLUGS[slug]


def _values(part: str, form) -> dict:
    return {name: form[name].data for name in PARTS[part].fields}


def _refused(form, refusal: OrganisationRefused) -> None:
    """Show a refusal at the field it concerns (or as a message)."""
    message = _(refusal.message, **refusal.params)
    if form is not None and refusal.field and refusal.field in form:
        form[refusal.field].errors = [*form[refusal.field].errors, message]
    else:
        flash(message, "error")


def _forms(project: Project, plan, bound: dict) -> dict:
    """The page's forms; ``bound`` replaces one with the form the user submitted."""
    forms = {}
    for part, form_class in ROW_FORMS.items():
        name = f"{PREFIXES[part]}_form"
        forms[name] = bound.get(name) or form_class(prefix=PREFIXES[part], formdata=None)
    version = str(plan.version) if plan is not None else ""
    plan_form = bound.get("plan_form")
    if plan_form is None:
        plan_form = PlanForm(prefix="plan", formdata=None, obj=plan)
        plan_form.version.data = version
    schedule_form = bound.get("schedule_form")
    if schedule_form is None:
        schedule_form = ScheduleForm(prefix="schedule", formdata=None, obj=plan)
        schedule_form.version.data = version
    forms.update(plan_form=plan_form, schedule_form=schedule_form)
    return forms


def _render_page(project: Project, status: int = 200, *, editing: tuple[str, object] | None =
                 None, **bound):
    """Render the page; ``editing`` = (part, row) shows that list's form as the row's edit form."""
    db = get_session()
    plan = reporting_plan(db, project)
    g = governance(db, project)
    facts = gv.checklist_facts(g)
    gaps = gv.gaps(g)
    checklist = [(ITEMS_BY_CODE[code], facts[code], gaps[code]) for code in CHECKLIST_CODES]
    return render_template(
        "projects/organisation.html",
        project=project,
        editor=is_project_editor(current_user, project),
        people=people_by_role(db, project),
        missing=record_people_missing(db, project),
        plan=plan,
        reporting_items=reporting_items(db, project),
        check_ins=check_ins(db, project),
        communication_items=communication_items(db, project),
        checklist=checklist,
        editing_part=editing[0] if editing else None,
        editing_row=editing[1] if editing else None,
        gv=gv,
        slug_of=SLUG_OF,
        row_state=row_state,
        button_form=ButtonForm(),
        **_forms(project, plan, bound),
    ), status


def _commit(project: Project, message: str, anchor: str):
    """Commit and go back to the page; a concurrent change is answered with a clear message."""
    db = get_session()
    try:
        db.commit()
    except (StaleDataError, IntegrityError):
        db.rollback()
        flash(_("Someone else changed the organisation at the same time. Your change has not "
                "been saved; check the page and try again."), "error")
        return redirect(_page_url(project, anchor))
    flash(message, "success")
    return redirect(_page_url(project, anchor))


def _concurrent(project_id: int, anchor: str):
    get_session().rollback()
    project = _project_or_404(project_id)
    flash(_("Someone else changed the organisation at the same time. Your change has not been "
            "saved; check the page and try again."), "error")
    return redirect(_page_url(project, anchor))


@bp.route("/<int:project_id>/organisation")
@login_required
def organisation(project_id: int):
    return _render_page(_project_or_404(project_id))


ADDED = {
    "people": lambda row: _("%(name)s was added.", name=row.name),
    "reporting": lambda row: _("The reported activity was added."),
    "check_ins": lambda row: _("The check-in on %(date)s was added.",
                               date=row.planned_on.isoformat()),
    "communication": lambda row: _("The communication plan item was added."),
}


@bp.route(f"/<int:project_id>/organisation/<{ANY_PART}:part>", methods=["POST"])
@login_required
def organisation_add(project_id: int, part: str):
    project = _editable_project(project_id)
    key = _part(part)
    name = f"{PREFIXES[key]}_form"
    form = ROW_FORMS[key](prefix=PREFIXES[key])
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_page(project, 400, **{name: form})
    db = get_session()
    try:
        row = add_row(db, project, key, _values(key, form))
    except OrganisationRefused as refusal:
        db.rollback()
        _refused(form, refusal)
        return _render_page(_project_or_404(project_id), 400, **{name: form})
    return _commit(project, ADDED[key](row), ANCHORS[key])


@bp.route("/<int:project_id>/organisation/<part>/<int:row_id>/edit", methods=["GET", "POST"])
@login_required
def organisation_edit(project_id: int, part: str, row_id: int):
    project = _editable_project(project_id)
    key = _part(part)
    db = get_session()
    row = row_of(db, project, key, row_id)
    name = f"{PREFIXES[key]}_form"
    if row is None:
        if request.method == "GET":
            abort(404)
        flash(_("Someone else removed this row while you were editing it. Your changes have "
                "not been saved."), "error")
        return redirect(_page_url(project, ANCHORS[key]))
    if request.method == "GET":
        form = ROW_FORMS[key](prefix=PREFIXES[key], obj=row)
        form.state.data = row_state(row)
        return _render_page(project, editing=(key, row), **{name: form})
    form = ROW_FORMS[key](prefix=PREFIXES[key])
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_page(project, 400, editing=(key, row), **{name: form})
    if form.state.data != row_state(row):
        flash(_("Someone else saved this row while you were editing it. Your changes have not "
                "been saved: they are shown below. Compare them with the current row and save "
                "again."), "error")
        form.state.data = row_state(row)
        return _render_page(project, 409, editing=(key, row), **{name: form})
    try:
        update_row(db, row, _values(key, form))
    except OrganisationRefused as refusal:
        db.rollback()
        _refused(form, refusal)
        project = _project_or_404(project_id)
        return _render_page(project, 400, editing=(key, row_of(db, project, key, row_id)),
                            **{name: form})
    except StaleDataError:
        return _concurrent(project_id, ANCHORS[key])
    return _commit(project, _("The changes were saved."), ANCHORS[key])


@bp.route("/<int:project_id>/organisation/<part>/<int:row_id>/move", methods=["POST"])
@login_required
def organisation_move(project_id: int, part: str, row_id: int):
    project = _editable_project(project_id)
    key = _part(part)
    if not PARTS[key].ordered:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    db = get_session()
    row = row_of(db, project, key, row_id)
    if row is None:
        flash(_("That row no longer exists; someone may have removed it already."), "info")
        return redirect(_page_url(project, ANCHORS[key]))
    try:
        moved = move_row(db, row, -1 if direction == "up" else 1)
    except StaleDataError:
        return _concurrent(project_id, ANCHORS[key])
    if not moved:
        flash(_("The row is already first or last."), "info")
        return redirect(_page_url(project, ANCHORS[key]))
    return _commit(project, _("The row was moved."), ANCHORS[key])


@bp.route("/<int:project_id>/organisation/<part>/<int:row_id>/delete", methods=["GET", "POST"])
@login_required
def organisation_delete(project_id: int, part: str, row_id: int):
    project = _editable_project(project_id)
    key = _part(part)
    db = get_session()
    row = row_of(db, project, key, row_id)
    form = ButtonForm()
    if request.method == "GET":
        if row is None:
            abort(404)
        return render_template("projects/organisation_delete.html", project=project, part=key,
                               slug=part, row=row, state=row_state(row), form=form, gv=gv)
    if not form.validate_on_submit():
        abort(400)
    if row is None:
        flash(_("The row had already been removed."), "info")
        return redirect(_page_url(project, ANCHORS[key]))
    if request.form.get("state") != row_state(row):
        flash(_("Someone else changed this row after you opened this page. Check it before you "
                "delete it."), "error")
        return redirect(url_for("projects.organisation_delete", project_id=project.id,
                                part=part, row_id=row_id))
    try:
        delete_row(db, row)
    except StaleDataError:
        return _concurrent(project_id, ANCHORS[key])
    return _commit(project, _("The row was deleted."), ANCHORS[key])


def _save_plan(project_id: int, form, name: str, fields: tuple[str, ...], anchor: str,
               message: str):
    project = _editable_project(project_id)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_page(project, 400, **{name: form})
    db = get_session()
    plan = reporting_plan(db, project)
    current = str(plan.version) if plan is not None else ""
    if form.version.data != current:
        flash(_("Someone else changed the reporting plan while you were editing it. Your text "
                "is shown below; compare it with the current plan and save again."), "error")
        form.version.data = current
        return _render_page(project, 409, **{name: form})
    try:
        save_plan(db, project, **{f: form[f].data for f in fields})
    except OrganisationRefused as refusal:
        db.rollback()
        _refused(form, refusal)
        return _render_page(_project_or_404(project_id), 400, **{name: form})
    except (StaleDataError, IntegrityError):
        return _concurrent(project_id, anchor)
    return _commit(project, message, anchor)


@bp.route("/<int:project_id>/organisation/plan", methods=["POST"])
@login_required
def organisation_plan(project_id: int):
    return _save_plan(project_id, PlanForm(prefix="plan"), "plan_form",
                      ("escalation", "other_resources"), "escalation",
                      _("The reporting plan was saved."))


@bp.route("/<int:project_id>/organisation/schedule", methods=["POST"])
@login_required
def organisation_schedule(project_id: int):
    return _save_plan(project_id, ScheduleForm(prefix="schedule"), "schedule_form",
                      ("check_in_months",), "check-ins",
                      _("How often the check-ins are held was saved."))


@bp.route("/<int:project_id>/organisation/schedule/generate", methods=["POST"])
@login_required
def organisation_generate(project_id: int):
    project = _editable_project(project_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        added = generate_check_ins(db, project, topic=_("Progress report to the steering group"))
    except OrganisationRefused as refusal:
        db.rollback()
        _refused(None, refusal)
        return redirect(_page_url(project, "check-ins"))
    if not added:
        flash(_("Every date of the schedule is already planned; nothing was added."), "info")
        return redirect(_page_url(project, "check-ins"))
    return _commit(project, ngettext("%(num)d check-in was added to the schedule.",
                                     "%(num)d check-ins were added to the schedule.",
                                     len(added)), "check-ins")


@bp.route("/<int:project_id>/organisation/record-person", methods=["POST"])
@login_required
def organisation_record_person(project_id: int):
    project = _editable_project(project_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    role = request.form.get("role")
    if role not in ("owner", "leader"):
        abort(400)
    db = get_session()
    try:
        person = add_record_person(db, project, role)
    except OrganisationRefused as refusal:
        db.rollback()
        _refused(None, refusal)
        return redirect(_page_url(project, "people"))
    return _commit(project, _("%(name)s was added as %(role)s.", name=person.name,
                              role=_(gv.ROLE_LABELS[role]).lower()), "people")
