"""A project's participants and drop-outs (guide, section 6; SPEC 3.8): participants per period
and risk profile, reach against the target group and the plan, drop-outs with their reasons,
and the cream-skimming monitor.

Every role reads the page; the project's editors add, change and delete rows. A drop-out whose
reason suggests harm is flagged, and flagged drop-outs are listed at the top of the page until
their investigation is recorded: the guide asks for each drop-out to be investigated quickly,
above all to make sure the initiative did not harm.
"""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import Session

from models import Project
from models.domain import participation as pa
from models.follow_up import DropOut, ParticipantFlow
from models.participants import (
    DropOutValues,
    FlowValues,
    add_drop_out,
    add_flow,
    delete_drop_out,
    delete_flow,
    drop_out_by_id,
    flow_by_id,
    is_harm_open,
    participation,
    update_drop_out,
    update_flow,
)
from webapp.db import get_session
from webapp.downloads import local_today
from webapp.formatting import day
from webapp.forms import ButtonForm
from webapp.permissions import is_project_editor
from webapp.projects.participant_forms import DropOutForm, FlowForm
from webapp.projects.participation_charts import rates_chart
from webapp.projects.participation_editing import (
    LABELS,
    delete,
    editable_project,
    month,
    profile_label,
    save,
    version_of,
)
from webapp.projects.views import _project_or_404, bp

PAGE = "projects.participants"


def is_responsible(project: Project) -> bool:
    """Whether the user leads or owns the project (flagged drop-outs are put to them)."""
    return current_user.id in (project.leader_id, project.owner_id)


def _flow_form(flow: ParticipantFlow | None, bound: FlowForm | None) -> FlowForm:
    if bound is not None:
        return bound
    form = FlowForm(prefix="flow", formdata=None, obj=flow)
    if flow is not None:
        form.version.data = str(flow.version)
    return form


def _drop_form(row: DropOut | None, bound: DropOutForm | None) -> DropOutForm:
    if bound is not None:
        return bound
    form = DropOutForm(prefix="drop", formdata=None, obj=row)
    if row is None:
        form.left_on.data = local_today()
    else:
        form.version.data = str(row.version)
    return form


def _render(project: Project, status: int = 200, *, flow_form: FlowForm | None = None,
            drop_form: DropOutForm | None = None, editing_flow: ParticipantFlow | None = None,
            editing_drop: DropOut | None = None):
    loaded = participation(get_session(), project)
    editor = is_project_editor(current_user, project)
    return render_template(
        "projects/participants.html",
        project=project,
        loaded=loaded,
        editor=editor,
        responsible=is_responsible(project),
        flow_form=_flow_form(editing_flow, flow_form) if editor else None,
        drop_form=_drop_form(editing_drop, drop_form) if editor else None,
        editing_flow=editing_flow,
        editing_drop=editing_drop,
        chart=rates_chart(loaded.profiles),
        harm_open=is_harm_open,
        profiles=pa.RISK_PROFILES,
        rule={"enrolment": pa.ENROLMENT_FACTOR, "drop_out": pa.DROP_OUT_FACTOR,
              "people": pa.MIN_PEOPLE, "drop_outs": pa.MIN_DROP_OUTS},
        statuses={"flagged": pa.FLAGGED, "too_few": pa.TOO_FEW},
        **LABELS,
    ), status


def _render_flow(project: Project, status: int = 200, *, form=None, editing=None):
    return _render(project, status, flow_form=form, editing_flow=editing)


def _render_drop(project: Project, status: int = 200, *, form=None, editing=None):
    return _render(project, status, drop_form=form, editing_drop=editing)


@bp.route("/<int:project_id>/participants")
@login_required
def participants(project_id: int):
    """Participants, reach, drop-outs and the cream-skimming monitor: every role reads them."""
    return _render(_project_or_404(project_id))


# --- Participants per period ------------------------------------------------------------------


def _flow_or_404(project: Project, flow_id: int, *, missing_ok: bool = False):
    flow = flow_by_id(get_session(), project, flow_id)
    if flow is None and not missing_ok:
        abort(404)
    return flow


def _flow_values(form: FlowForm) -> FlowValues:
    return FlowValues(period=form.period.data, risk_profile=form.risk_profile.data or "",
                      eligible=form.eligible.data, enrolled=form.enrolled.data,
                      comment=form.comment.data or "")


def _flow_message(flow: ParticipantFlow, replaced: bool, saved: str) -> str:
    params = {"period": month(flow.period), "profile": profile_label(flow.risk_profile)}
    if replaced:
        return _("The figures for %(period)s (%(profile)s) were replaced.", **params)
    if saved == "added":
        return _("The figures for %(period)s (%(profile)s) were added.", **params)
    return _("The figures for %(period)s (%(profile)s) were saved.", **params)


@bp.route("/<int:project_id>/participants/flows", methods=["POST"])
@login_required
def participant_flow_add(project_id: int):
    """Add one period's participants of one risk profile (the project's editors)."""

    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        flow, replaced = add_flow(db, project, _flow_values(form), today=local_today(),
                                  replace=bool(form.replace.data))
        return _flow_message(flow, replaced, "added"), f"flow-{flow.id}"

    form = FlowForm(prefix="flow")
    return save(project_id, form, _render_flow, write, page=PAGE)


@bp.route("/<int:project_id>/participants/flows/<int:flow_id>/edit", methods=["GET", "POST"])
@login_required
def participant_flow_edit(project_id: int, flow_id: int):
    if request.method == "GET":
        project = editable_project(project_id)
        return _render(project, editing_flow=_flow_or_404(project, flow_id))

    def find(project: Project, *, missing_ok: bool = False) -> ParticipantFlow | None:
        return _flow_or_404(project, flow_id, missing_ok=missing_ok)

    def write(db: Session, project: Project, flow: ParticipantFlow) -> tuple[str, str]:
        replaced = update_flow(db, project, flow, _flow_values(form),
                               version=version_of(form.version.data), today=local_today(),
                               replace=bool(form.replace.data))
        return _flow_message(flow, replaced, "saved"), f"flow-{flow.id}"

    form = FlowForm(prefix="flow")
    return save(project_id, form, _render_flow, write, find, page=PAGE)


@bp.route("/<int:project_id>/participants/flows/<int:flow_id>/delete", methods=["GET", "POST"])
@login_required
def participant_flow_delete(project_id: int, flow_id: int):
    if request.method == "POST":
        return delete(
            project_id, lambda project: _flow_or_404(project, flow_id),
            lambda db, flow, version: delete_flow(db, flow, version=version),
            _("The figures were deleted."), PAGE, "projects.participant_flow_delete",
            flow_id=flow_id)
    project = editable_project(project_id)
    flow = _flow_or_404(project, flow_id)
    return render_template("projects/participants_flow_delete.html", project=project, flow=flow,
                           form=ButtonForm(), **LABELS)


# --- Drop-outs --------------------------------------------------------------------------------


def _drop_out_or_404(project: Project, drop_out_id: int, *, missing_ok: bool = False):
    row = drop_out_by_id(get_session(), project, drop_out_id)
    if row is None and not missing_ok:
        abort(404)
    return row


def _drop_values(form: DropOutForm) -> DropOutValues:
    return DropOutValues(
        left_on=form.left_on.data, risk_profile=form.risk_profile.data or "",
        reason_kind=form.reason_kind.data or "", reason=form.reason.data or "",
        possible_harm=bool(form.possible_harm.data), investigated_on=form.investigated_on.data,
        investigation=form.investigation.data or "")


def _drop_message(row: DropOut, saved: str) -> str:
    if is_harm_open(row):
        return _("The drop-out of %(date)s was saved. It is flagged as possible harm: "
                 "investigate it quickly and record what the investigation found.",
                 date=day(row.left_on))
    if saved == "added":
        return _("The drop-out of %(date)s was added.", date=day(row.left_on))
    return _("The drop-out of %(date)s was saved.", date=day(row.left_on))


@bp.route("/<int:project_id>/participants/drop-outs", methods=["POST"])
@login_required
def drop_out_add(project_id: int):
    """Record a drop-out (the project's editors)."""

    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        row = add_drop_out(db, project, _drop_values(form), today=local_today(),
                           by=current_user.email)
        return _drop_message(row, "added"), f"drop-out-{row.id}"

    form = DropOutForm(prefix="drop")
    return save(project_id, form, _render_drop, write, page=PAGE)


@bp.route("/<int:project_id>/participants/drop-outs/<int:drop_out_id>/edit",
          methods=["GET", "POST"])
@login_required
def drop_out_edit(project_id: int, drop_out_id: int):
    if request.method == "GET":
        project = editable_project(project_id)
        return _render(project, editing_drop=_drop_out_or_404(project, drop_out_id))

    def find(project: Project, *, missing_ok: bool = False) -> DropOut | None:
        return _drop_out_or_404(project, drop_out_id, missing_ok=missing_ok)

    def write(db: Session, project: Project, row: DropOut) -> tuple[str, str]:
        update_drop_out(db, project, row, _drop_values(form),
                        version=version_of(form.version.data), today=local_today())
        return _drop_message(row, "saved"), f"drop-out-{row.id}"

    form = DropOutForm(prefix="drop")
    return save(project_id, form, _render_drop, write, find, page=PAGE)


@bp.route("/<int:project_id>/participants/drop-outs/<int:drop_out_id>/delete",
          methods=["GET", "POST"])
@login_required
def drop_out_delete(project_id: int, drop_out_id: int):
    if request.method == "POST":
        return delete(
            project_id, lambda project: _drop_out_or_404(project, drop_out_id),
            lambda db, row, version: delete_drop_out(db, row, version=version),
            _("The drop-out was deleted."), PAGE, "projects.drop_out_delete",
            drop_out_id=drop_out_id)
    project = editable_project(project_id)
    row = _drop_out_or_404(project, drop_out_id)
    return render_template("projects/drop_out_delete.html", project=project, row=row,
                           form=ButtonForm(), harm_open=is_harm_open(row), **LABELS)
