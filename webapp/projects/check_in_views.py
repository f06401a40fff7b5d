"""A project's check-ins (*avstämningar*; guide, section 6; SPEC 3.8): the schedule with which
check-ins were held, the check-ins recorded (the latest first) with their decisions, and the
form to record or change one.

Every role reads the page; the project's editors record, change and delete check-ins. A
decision to stop is shown at the top while the initiative is still under way, with a note that
the stage change itself is made on the initiative's page (by the steering group or the
coordinator).
"""

from __future__ import annotations

from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import Session
from wtforms.fields.choices import SelectChoice

from models import Project
from models.check_ins import (
    CheckInValues,
    DecisionValues,
    ScheduleRow,
    add_check_in,
    check_in_by_id,
    check_ins_of,
    delete_check_in,
    schedule,
    stop_decisions,
    update_check_in,
)
from models.domain import logic as lm
from models.domain import participation as pa
from models.domain.signals import CODE_LABELS, UNDER_WAY
from models.follow_up import CheckIn
from models.participants import drop_outs_of, open_harm
from webapp.db import get_session
from webapp.downloads import local_today
from webapp.formatting import day
from webapp.forms import ButtonForm, choices
from webapp.permissions import is_project_editor
from webapp.projects.check_in_forms import SPARE_ROWS, CheckInForm, signal_choices
from webapp.projects.participation_editing import (
    LABELS,
    delete,
    editable_project,
    label,
    profile_label,
    reason_label,
    save,
    version_of,
)
from webapp.projects.views import _project_or_404, bp

PAGE = "projects.check_ins"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _planned_choices(rows: list[ScheduleRow], editing: CheckIn | None) -> list[SelectChoice]:
    """The scheduled check-ins not yet recorded (and the one being edited)."""
    own = editing.planned_id if editing is not None else None
    options = [("", _("None: an extra check-in"))]
    for row in rows:
        if row.check_in is None or row.planned.id == own:
            text = day(row.planned.planned_on)
            if row.planned.topic:
                text = f"{text} – {_short(row.planned.topic)}"
            options.append((row.planned.id, text))
    return choices(options)


def _fill_choices(form: CheckInForm, project: Project, rows: list[ScheduleRow],
                  editing: CheckIn | None) -> None:
    db = get_session()
    form.planned.choices = _planned_choices(rows, editing)
    elements = sorted(project.logic_elements, key=lambda e: (lm.RANK[e.level], e.position, e.id))
    indicators = choices([("", _("None"))] + [
        (i.key, f"{i.key}: {_short(i.name)} ({label(lm.INDICATOR_KIND_LABELS, i.kind)})")
        for e in elements for i in sorted(e.indicators, key=lambda i: (i.position, i.id))])
    drop_outs = choices([("", _("None"))] + [
        (d.id, f"{day(d.left_on)} – {reason_label(d.reason_kind)} "
               f"({profile_label(d.risk_profile)})")
        for d in drop_outs_of(db, project)])
    signals = signal_choices()
    for entry in form.decisions.entries:
        entry.form.indicator.choices = indicators
        entry.form.drop_out.choices = drop_outs
        entry.form.signal_code.choices = signals


def _form(project: Project, rows: list[ScheduleRow], editing: CheckIn | None,
          bound: CheckInForm | None) -> CheckInForm:
    form = bound
    if form is None:
        if editing is None:
            form = CheckInForm(prefix="check_in", formdata=None)
            form.held_on.data = local_today()
        else:
            form = CheckInForm(prefix="check_in", formdata=None, data={
                "held_on": editing.held_on, "planned": editing.planned_id,
                "participants": editing.participants, "notes": editing.notes,
                "version": str(editing.version),
                "decisions": [{
                    "decision": d.decision, "prompt": d.prompt,
                    "indicator": d.indicator.key if d.indicator is not None else "",
                    "drop_out": d.drop_out_id, "signal_code": d.signal_code,
                    "prompted_by": d.prompted_by, "action": d.action,
                    "responsible": d.responsible,
                } for d in editing.decisions],
            })
            while len(form.decisions.entries) < len(editing.decisions) + SPARE_ROWS:
                form.decisions.append_entry()
    _fill_choices(form, project, rows, editing)
    return form


def error_items(form: CheckInForm) -> list[tuple[str, str, str]]:
    """(field id, label, message) of every error of the form, a decision's fields named with
    the decision's number (the shared summary does not read lists of subforms)."""
    items = []
    for f in form:
        if f.type == "FieldList":
            for number, entry in enumerate(f.entries, start=1):
                for sub in entry.form:
                    name = _("Decision %(num)d: %(field)s", num=number, field=sub.label.text)
                    items.extend((sub.id, name, error) for error in sub.errors)
        elif f.type not in ("CSRFTokenField", "HiddenField"):
            items.extend((f.id, f.label.text, error) for error in f.errors)
    return items


def _render(project: Project, status: int = 200, *, form: CheckInForm | None = None,
            editing: CheckIn | None = None):
    db = get_session()
    today = local_today()
    rows = check_ins_of(db, project)
    planned = schedule(db, project, today)
    editor = is_project_editor(current_user, project)
    form = _form(project, planned, editing, form) if editor else None
    return render_template(
        "projects/check_ins.html",
        project=project,
        check_ins=rows,
        schedule=planned,
        stops=stop_decisions(rows),
        under_way=project.stage in UNDER_WAY,
        open_harm=open_harm(db, project),
        editor=editor,
        editing=editing,
        form=form,
        errors=error_items(form) if form is not None else [],
        statuses={"held": pa.HELD, "due": pa.DUE, "overdue": pa.OVERDUE},
        signal_label=lambda code: label(CODE_LABELS, code),
        **LABELS,
    ), status


@bp.route("/<int:project_id>/check-ins")
@login_required
def check_ins(project_id: int):
    """The schedule and the check-ins with their decisions: every role reads them."""
    return _render(_project_or_404(project_id))


def _check_in_or_404(project: Project, check_in_id: int, *, missing_ok: bool = False):
    row = check_in_by_id(get_session(), project, check_in_id)
    if row is None and not missing_ok:
        abort(404)
    return row


def _values(form: CheckInForm) -> CheckInValues:
    return CheckInValues(
        held_on=form.held_on.data, planned=form.planned.data,
        participants=form.participants.data or "", notes=form.notes.data or "",
        decisions=tuple(
            DecisionValues(
                decision=entry.form.decision.data or "", prompt=entry.form.prompt.data or "",
                indicator=entry.form.indicator.data or None, drop_out=entry.form.drop_out.data,
                signal_code=entry.form.signal_code.data or "",
                prompted_by=entry.form.prompted_by.data or "",
                action=entry.form.action.data or "",
                responsible=entry.form.responsible.data or "")
            for entry in form.decisions.entries))


def _saved(row: CheckIn, message: str) -> tuple[str, str]:
    if any(d.decision == "stop" for d in row.decisions):
        flash(_("A decision to stop was recorded. The stage change itself is made on the "
                "initiative's page, by the steering group or the coordinator."), "info")
    return message, f"check-in-{row.id}"


@bp.route("/<int:project_id>/check-ins", methods=["POST"])
@login_required
def check_in_add(project_id: int):
    """Record a check-in with its decisions (the project's editors)."""

    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        row = add_check_in(db, project, _values(form), today=local_today(),
                           by=current_user.email)
        return _saved(row, _("The check-in of %(date)s was recorded.", date=day(row.held_on)))

    form = CheckInForm(prefix="check_in")
    return save(project_id, form, _render, write, page=PAGE)


@bp.route("/<int:project_id>/check-ins/<int:check_in_id>/edit", methods=["GET", "POST"])
@login_required
def check_in_edit(project_id: int, check_in_id: int):
    if request.method == "GET":
        project = editable_project(project_id)
        return _render(project, editing=_check_in_or_404(project, check_in_id))

    def find(project: Project, *, missing_ok: bool = False) -> CheckIn | None:
        return _check_in_or_404(project, check_in_id, missing_ok=missing_ok)

    def write(db: Session, project: Project, row: CheckIn) -> tuple[str, str]:
        update_check_in(db, project, row, _values(form), version=version_of(form.version.data),
                        today=local_today())
        return _saved(row, _("The check-in of %(date)s was saved.", date=day(row.held_on)))

    form = CheckInForm(prefix="check_in")
    return save(project_id, form, _render, write, find, page=PAGE)


@bp.route("/<int:project_id>/check-ins/<int:check_in_id>/delete", methods=["GET", "POST"])
@login_required
def check_in_delete(project_id: int, check_in_id: int):
    if request.method == "POST":
        return delete(
            project_id, lambda project: _check_in_or_404(project, check_in_id),
            lambda db, row, version: delete_check_in(db, row, version=version),
            _("The check-in was deleted."), PAGE, "projects.check_in_delete",
            check_in_id=check_in_id)
    project = editable_project(project_id)
    row = _check_in_or_404(project, check_in_id)
    return render_template("projects/check_in_delete.html", project=project, row=row,
                           form=ButtonForm(), **LABELS)
