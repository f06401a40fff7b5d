"""The implementation plan (guide, section 8; SPEC 3.10): how the new method becomes ordinary
operations, with its phases, financing and the results after implementation beside those of the
project period.

Every role reads the page and downloads its sheet; the project's editors change the plan (on its
own page), and add, change and delete phases, financing shares and results on the plan's page,
each deletion after a confirmation page. ``models.implementation_plans`` checks each value and
names the field it refuses, so a refused save shows the form again with the message under that
field and nothing stored; a row changed by someone else since the form was shown is refused as
stale and the form then carries the current version.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from exporters.xlsx_implementation import build_implementation_workbook
from models import Project
from models.domain import implementation as im
from models.domain.checklist import ITEMS_BY_CODE
from models.evaluation_plans import outcome_indicators
from models.implementation import (
    ImplementationFinancing,
    ImplementationFollowUp,
    ImplementationPhase,
)
from models.implementation_plans import (
    STALE,
    FinancingValues,
    FollowUpValues,
    ImplementationRefused,
    PhaseValues,
    PlanValues,
    add_financing,
    add_follow_up,
    add_phase,
    delete_financing,
    delete_follow_up,
    delete_phase,
    financing_by_id,
    finding_text,
    follow_up_by_id,
    implementation_overview,
    implementation_sheet,
    phase_by_id,
    plan_of,
    results_of,
    save_plan,
    sorted_findings,
    update_financing,
    update_follow_up,
    update_phase,
)
from webapp.db import get_session
from webapp.downloads import local_today, send_xlsx
from webapp.formatting import day, measure, number
from webapp.forms import ButtonForm, choices
from webapp.permissions import is_project_editor, require
from webapp.projects.cost_views import actors_of, kronor, share_text
from webapp.projects.implementation_forms import (
    FinancingForm,
    FollowUpForm,
    PhaseForm,
    PlanForm,
)
from webapp.projects.views import _project_or_404, bp

PAGE = "projects.implementation"


def _status_label(status: str) -> str:
    labels = {im.OK: _("In order"), im.WARNING: _("Check"), im.PROBLEM: _("Problem"),
              im.OPEN: _("Not described yet")}
    return labels.get(status, status)


# --- Formatting -------------------------------------------------------------------------------


def change_text(value: Decimal | None) -> str:
    """A signed change stored as a fraction, in per cent (−0.3 → −30 %, 0.05 → +5 %)."""
    if value is None:
        return "–"
    percent = (Decimal(value) * 100).normalize()
    sign = "+" if percent > 0 else ""
    return f"{sign}{measure(percent)}\u00a0%"


def _in_percent(value: Decimal | None) -> Decimal | None:
    """A stored fraction as the user types it, in per cent."""
    return None if value is None else (Decimal(value) * 100).normalize()


def _fraction(value: Decimal | None) -> Decimal | None:
    """A value typed in per cent, as stored."""
    return None if value is None else value / 100


FORMATS: dict[str, Callable[[Any], str]] = {
    im.MONEY: kronor,
    im.SHARE: share_text,
    im.DATE: day,
    im.RATIO: measure,
    im.COUNT: number,
    im.TEXT: str,
}


def describe(finding: im.Finding) -> str:
    """A finding's text in the user's language and formats."""
    return finding_text(finding, _, FORMATS)


# --- Shared -----------------------------------------------------------------------------------


def _editable_project(project_id: int) -> Project:
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    return project


def _version(text: str | None, *, unsaved_ok: bool = False) -> int | None:
    """The version a form carried; -1 (never current, so refused as stale) when it is missing
    or not a number. ``unsaved_ok``: an empty version means the user saw nothing stored."""
    text = (text or "").strip()
    if not text and unsaved_ok:
        return None
    return int(text) if text.isdigit() else -1


def _message(refusal: ImplementationRefused) -> str:
    params = {name: measure(value) if isinstance(value, Decimal) else value
              for name, value in refusal.params.items()}
    return _(refusal.message, **params)


def _refused(form, refusal: ImplementationRefused) -> None:
    """Put the refusal under the field it names, or at the top of the page."""
    message = _message(refusal)
    if refusal.field and refusal.field in form:
        form[refusal.field].errors = [*form[refusal.field].errors, message]
    else:
        flash(message, "error")


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- The page ---------------------------------------------------------------------------------


def _phase_form(phase: ImplementationPhase | None, bound: PhaseForm | None) -> PhaseForm:
    if bound is not None:
        return bound
    form = PhaseForm(prefix="phase", formdata=None, obj=phase)
    if phase is not None:
        form.version.data = str(phase.version)
    return form


def _financing_form(db: Session, row: ImplementationFinancing | None,
                    bound: FinancingForm | None) -> FinancingForm:
    form = bound
    if form is None:
        form = FinancingForm(prefix="financing", formdata=None, obj=row)
        if row is not None:
            form.version.data = str(row.version)
    form.actor.choices = actors_of(db).choices()
    return form


def _follow_up_form(db: Session, project: Project, row: ImplementationFollowUp | None,
                    bound: FollowUpForm | None) -> FollowUpForm:
    form = bound
    if form is None:
        form = FollowUpForm(prefix="follow_up", formdata=None)
        if row is not None:
            form.indicator.data = str(row.indicator_id)
            form.project_change.data = _in_percent(row.project_change)
            form.after_change.data = _in_percent(row.after_change)
            form.measured_on.data = row.measured_on
            form.note.data = row.note
            form.version.data = str(row.version)
        else:
            chosen = request.args.get("indicator", type=int)
            result = results_of(db, project).get(chosen) if chosen is not None else None
            form.indicator.data = str(chosen) if chosen is not None else ""
            form.project_change.data = (_in_percent(result.intervention_change)
                                        if result is not None else None)
            form.measured_on.data = local_today()
    form.indicator.choices = choices([("", _("Choose"))] + [
        (str(i.id), f"{i.key}: {_short(i.name)}") for i in outcome_indicators(project)])
    return form


def _render(project: Project, status: int = 200, *, phase_form: PhaseForm | None = None,
            financing_form: FinancingForm | None = None,
            follow_up_form: FollowUpForm | None = None,
            editing_phase: ImplementationPhase | None = None,
            editing_financing: ImplementationFinancing | None = None,
            editing_follow_up: ImplementationFollowUp | None = None):
    db = get_session()
    overview = implementation_overview(db, project, today=local_today())
    editor = is_project_editor(current_user, project)
    actors = actors_of(db)
    return render_template(
        "projects/implementation.html",
        project=project,
        overview=overview,
        plan=overview.plan,
        findings=sorted_findings(overview.findings),
        checklist_items=[(ITEMS_BY_CODE[code], gaps) for code, gaps in overview.gaps.items()],
        actors=actors,
        editor=editor,
        editing_phase=editing_phase,
        editing_financing=editing_financing,
        editing_follow_up=editing_follow_up,
        phase_form=_phase_form(editing_phase, phase_form) if editor else None,
        financing_form=(_financing_form(db, editing_financing, financing_form)
                        if editor else None),
        follow_up_form=(_follow_up_form(db, project, editing_follow_up, follow_up_form)
                        if editor else None),
        describe=describe,
        status_label=_status_label,
        rollout_labels=im.ROLLOUT_LABELS,
        financing_kind_labels=im.FINANCING_KIND_LABELS,
        kronor=kronor,
        share_text=share_text,
        change_text=change_text,
    ), status


@bp.route("/<int:project_id>/implementation")
@login_required
def implementation(project_id: int):
    """The implementation plan: every role reads it."""
    return _render(_project_or_404(project_id))


Write = Callable[[Session, Project, Any], tuple[str, str]]
Find = Callable[..., Any]


def _save(project_id: int, kind: str, form, write: Write, find: Find | None = None):
    """Validate ``form`` (the page's form of ``kind``: phase, financing or follow_up) and run
    ``write(db, project, row)`` (``row`` from ``find``, None when adding), which returns
    (message, anchor). A refusal shows the page again with the message under its field; a row
    changed meanwhile shows it with the current version; either way nothing is saved."""
    project = _editable_project(project_id)
    row = find(project) if find else None
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render(project, 400, **{f"{kind}_form": form, f"editing_{kind}": row})
    db = get_session()
    try:
        message, anchor = write(db, project, row)
        db.commit()
    except ImplementationRefused as refusal:
        db.rollback()
        if refusal.message == STALE:
            return _stale(project_id, kind, form, find)
        _refused(form, refusal)
        project = _project_or_404(project_id)
        return _render(project, 400, **{f"{kind}_form": form,
                                        f"editing_{kind}": find(project) if find else None})
    except (StaleDataError, IntegrityError):
        return _stale(project_id, kind, form, find)
    flash(message, "success")
    return redirect(url_for(PAGE, project_id=project_id, _anchor=anchor))


def _stale(project_id: int, kind: str, form, find: Find | None):
    db = get_session()
    db.rollback()
    flash(_(STALE), "error")
    project = _project_or_404(project_id)
    row = find(project, missing_ok=True) if find else None
    if find and row is None:  # deleted meanwhile: nothing left to edit
        return redirect(url_for(PAGE, project_id=project_id))
    if row is not None:
        form.version.data = str(row.version)
    return _render(project, 409, **{f"{kind}_form": form, f"editing_{kind}": row})


def _delete(project_id: int, find: Find, delete: Callable[[Session, Any, int | None], None],
            message: str, confirm_endpoint: str, **ids: Any):
    """Delete a row on POST from its confirmation page, refusing a stale version."""
    project = _editable_project(project_id)
    row = find(project)
    if not ButtonForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        delete(db, row, _version(request.form.get("version")))
        db.commit()
    except ImplementationRefused as refusal:
        db.rollback()
        flash(_message(refusal), "error")
        return redirect(url_for(confirm_endpoint, project_id=project_id, **ids))
    except StaleDataError:
        db.rollback()
        flash(_(STALE), "error")
        return redirect(url_for(PAGE, project_id=project_id))
    flash(message, "success")
    return redirect(url_for(PAGE, project_id=project_id))


def _confirm_page(project: Project, *, title: str, facts: list[tuple[str, str]],
                  consequence: str, version: int, anchor: str):
    return render_template("projects/implementation_delete.html", project=project, title=title,
                           facts=facts, consequence=consequence, version=version,
                           anchor=anchor, form=ButtonForm())


# --- The plan ---------------------------------------------------------------------------------


def _plan_values(form: PlanForm, stored_summary: str, summary_open: bool) -> PlanValues:
    return PlanValues(
        annual_cost=form.annual_cost.data, cost_note=form.cost_note.data or "",
        annual_saving=form.annual_saving.data, expected_effect=form.expected_effect.data or "",
        rollout=form.rollout.data or "", starts_on=form.starts_on.data,
        ends_on=form.ends_on.data, financing_kind=form.financing_kind.data or None,
        replaces=form.replaces.data or "", ownership=form.ownership.data or "",
        delivery=form.delivery.data or "", organisation=form.organisation.data or "",
        forums=form.forums.data or "", prerequisites=form.prerequisites.data or "",
        new_context=form.new_context.data or "", obstacles=form.obstacles.data or "",
        follow_up_date=form.follow_up_date.data,
        # The summary is shown (and sent) from the follow-up date on; until then it stays.
        follow_up_summary=(form.follow_up_summary.data or "") if summary_open
        else stored_summary)


def _render_plan(project: Project, form: PlanForm, status: int = 200):
    db = get_session()
    plan = plan_of(db, project)
    stored_date = plan.follow_up_date if plan is not None else None
    return render_template(
        "projects/implementation_plan.html", project=project, plan=plan, form=form,
        suggested=im.suggested_follow_up(plan.starts_on if plan is not None else None,
                                         project.end),
        summary_open=im.follow_up_open(stored_date, local_today()),
        follow_up_date=stored_date,
    ), status


@bp.route("/<int:project_id>/implementation/plan", methods=["GET", "POST"])
@login_required
def implementation_plan_edit(project_id: int):
    """Write or change the plan (the project's editors)."""
    project = _editable_project(project_id)
    db = get_session()
    plan = plan_of(db, project)
    if request.method == "GET":
        form = PlanForm(prefix="plan", formdata=None, obj=plan)
        if plan is not None:
            form.version.data = str(plan.version)
        else:  # a new plan starts from the guide's example: 18 months after the project
            form.follow_up_date.data = im.suggested_follow_up(None, project.end)
        return _render_plan(project, form)
    form = PlanForm(prefix="plan")
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_plan(project, form, 400)
    stored_summary = plan.follow_up_summary if plan is not None else ""
    open_now = im.follow_up_open(plan.follow_up_date if plan else None, local_today())
    values = _plan_values(form, stored_summary, open_now)
    try:
        save_plan(db, project, values, version=_version(form.version.data, unsaved_ok=True),
                  today=local_today())
        db.commit()
    except ImplementationRefused as refusal:
        db.rollback()
        if refusal.message != STALE:
            _refused(form, refusal)
            return _render_plan(_project_or_404(project_id), form, 400)
    except (StaleDataError, IntegrityError):
        db.rollback()
    else:
        flash(_("The implementation plan was saved."), "success")
        return redirect(url_for(PAGE, project_id=project_id, _anchor="plan"))
    flash(_(STALE), "error")
    project = _project_or_404(project_id)
    current = plan_of(get_session(), project)
    form.version.data = str(current.version) if current is not None else ""
    return _render_plan(project, form, 409)


# --- Phases -----------------------------------------------------------------------------------


def _phase_or_404(project: Project, phase_id: int, *, missing_ok: bool = False):
    phase = phase_by_id(get_session(), project, phase_id)
    if phase is None and not missing_ok:
        abort(404)
    return phase


def _phase_values(form: PhaseForm) -> PhaseValues:
    return PhaseValues(name=form.name.data or "", units=form.units.data or "",
                       starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                       coverage=form.coverage.data)


@bp.route("/<int:project_id>/implementation/phases", methods=["POST"])
@login_required
def implementation_phase_add(project_id: int):
    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        phase = add_phase(db, project, _phase_values(form))
        return _("The phase was added."), f"phase-{phase.id}"

    form = PhaseForm(prefix="phase")
    return _save(project_id, "phase", form, write)


@bp.route("/<int:project_id>/implementation/phases/<int:phase_id>/edit",
          methods=["GET", "POST"])
@login_required
def implementation_phase_edit(project_id: int, phase_id: int):
    if request.method == "GET":
        project = _editable_project(project_id)
        return _render(project, editing_phase=_phase_or_404(project, phase_id))

    def find(project: Project, *, missing_ok: bool = False):
        return _phase_or_404(project, phase_id, missing_ok=missing_ok)

    def write(db: Session, project: Project, phase: ImplementationPhase) -> tuple[str, str]:
        update_phase(db, phase, _phase_values(form), version=_version(form.version.data))
        return _("The phase was saved."), f"phase-{phase.id}"

    form = PhaseForm(prefix="phase")
    return _save(project_id, "phase", form, write, find)


@bp.route("/<int:project_id>/implementation/phases/<int:phase_id>/delete",
          methods=["GET", "POST"])
@login_required
def implementation_phase_delete(project_id: int, phase_id: int):
    if request.method == "POST":
        return _delete(project_id, lambda project: _phase_or_404(project, phase_id),
                       lambda db, row, version: delete_phase(db, row, version=version),
                       _("The phase was deleted."), "projects.implementation_phase_delete",
                       phase_id=phase_id)
    project = _editable_project(project_id)
    phase = _phase_or_404(project, phase_id)
    coverage = share_text(phase.coverage) if phase.coverage is not None else "–"
    return _confirm_page(
        project, title=_("Delete the phase “%(name)s”?", name=phase.name),
        facts=[(_("Phase"), phase.name), (_("Units"), phase.units or "–"),
               (_("Period"), f"{day(phase.starts_on)} – {day(phase.ends_on)}"),
               (_("Coverage when the phase is done"), coverage)],
        consequence=_("The phase is removed from the implementation plan."),
        version=phase.version, anchor=f"phase-{phase.id}")


# --- Financing --------------------------------------------------------------------------------


def _financing_or_404(project: Project, financing_id: int, *, missing_ok: bool = False):
    row = financing_by_id(get_session(), project, financing_id)
    if row is None and not missing_ok:
        abort(404)
    return row


def _financing_values(form: FinancingForm) -> FinancingValues:
    return FinancingValues(actor=form.actor.data or "", share=form.share.data,
                           note=form.note.data or "")


@bp.route("/<int:project_id>/implementation/financing", methods=["POST"])
@login_required
def implementation_financing_add(project_id: int):
    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        row = add_financing(db, project, _financing_values(form))
        return _("The financing share was added."), f"financing-{row.id}"

    form = FinancingForm(prefix="financing")
    return _save(project_id, "financing", form, write)


@bp.route("/<int:project_id>/implementation/financing/<int:financing_id>/edit",
          methods=["GET", "POST"])
@login_required
def implementation_financing_edit(project_id: int, financing_id: int):
    if request.method == "GET":
        project = _editable_project(project_id)
        return _render(project, editing_financing=_financing_or_404(project, financing_id))

    def find(project: Project, *, missing_ok: bool = False):
        return _financing_or_404(project, financing_id, missing_ok=missing_ok)

    def write(db: Session, project: Project, row: ImplementationFinancing) -> tuple[str, str]:
        update_financing(db, project, row, _financing_values(form),
                         version=_version(form.version.data))
        return _("The financing share was saved."), f"financing-{row.id}"

    form = FinancingForm(prefix="financing")
    return _save(project_id, "financing", form, write, find)


@bp.route("/<int:project_id>/implementation/financing/<int:financing_id>/delete",
          methods=["GET", "POST"])
@login_required
def implementation_financing_delete(project_id: int, financing_id: int):
    if request.method == "POST":
        return _delete(project_id, lambda project: _financing_or_404(project, financing_id),
                       lambda db, row, version: delete_financing(db, row, version=version),
                       _("The financing share was deleted."),
                       "projects.implementation_financing_delete", financing_id=financing_id)
    project = _editable_project(project_id)
    row = _financing_or_404(project, financing_id)
    return _confirm_page(
        project, title=_("Delete the financing share of %(actor)s?",
                         actor=actors_of(get_session()).name(row.actor)),
        facts=[(_("Who finances"), actors_of(get_session()).name(row.actor)),
               (_("Share of the full-scale cost"), share_text(row.share)),
               (_("Note"), row.note or "–")],
        consequence=_("The share is removed, so the financing no longer adds up to 100 per "
                      "cent until another share takes its place."),
        version=row.version, anchor=f"financing-{row.id}")


# --- Results after implementation -------------------------------------------------------------


def _follow_up_or_404(project: Project, follow_up_id: int, *, missing_ok: bool = False):
    row = follow_up_by_id(get_session(), project, follow_up_id)
    if row is None and not missing_ok:
        abort(404)
    return row


def _follow_up_values(form: FollowUpForm) -> FollowUpValues:
    indicator = form.indicator.data or ""
    return FollowUpValues(
        indicator_id=int(indicator) if indicator.isdigit() else None,
        after_change=_fraction(form.after_change.data), measured_on=form.measured_on.data,
        project_change=_fraction(form.project_change.data), note=form.note.data or "")


@bp.route("/<int:project_id>/implementation/results", methods=["POST"])
@login_required
def implementation_follow_up_add(project_id: int):
    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        row = add_follow_up(db, project, _follow_up_values(form), today=local_today())
        return _("The result after implementation was added."), f"result-{row.indicator_id}"

    form = FollowUpForm(prefix="follow_up")
    return _save(project_id, "follow_up", form, write)


@bp.route("/<int:project_id>/implementation/results/<int:follow_up_id>/edit",
          methods=["GET", "POST"])
@login_required
def implementation_follow_up_edit(project_id: int, follow_up_id: int):
    if request.method == "GET":
        project = _editable_project(project_id)
        return _render(project, editing_follow_up=_follow_up_or_404(project, follow_up_id))

    def find(project: Project, *, missing_ok: bool = False):
        return _follow_up_or_404(project, follow_up_id, missing_ok=missing_ok)

    def write(db: Session, project: Project, row: ImplementationFollowUp) -> tuple[str, str]:
        update_follow_up(db, project, row, _follow_up_values(form),
                         version=_version(form.version.data), today=local_today())
        return _("The result after implementation was saved."), f"result-{row.indicator_id}"

    form = FollowUpForm(prefix="follow_up")
    return _save(project_id, "follow_up", form, write, find)


@bp.route("/<int:project_id>/implementation/results/<int:follow_up_id>/delete",
          methods=["GET", "POST"])
@login_required
def implementation_follow_up_delete(project_id: int, follow_up_id: int):
    if request.method == "POST":
        return _delete(project_id, lambda project: _follow_up_or_404(project, follow_up_id),
                       lambda db, row, version: delete_follow_up(db, row, version=version),
                       _("The result after implementation was deleted."),
                       "projects.implementation_follow_up_delete", follow_up_id=follow_up_id)
    project = _editable_project(project_id)
    row = _follow_up_or_404(project, follow_up_id)
    indicator = row.indicator
    return _confirm_page(
        project, title=_("Delete the result after implementation of %(key)s?",
                         key=indicator.key),
        facts=[(_("Indicator"), f"{indicator.key}: {indicator.name}"),
               (_("Change in the project period"), change_text(row.project_change)),
               (_("Change after implementation"), change_text(row.after_change)),
               (_("Measured on"), day(row.measured_on)), (_("Note"), row.note or "–")],
        consequence=_("The result is removed from the comparison with the project period."),
        version=row.version, anchor=f"result-{row.indicator_id}")


# --- The sheet --------------------------------------------------------------------------------


@bp.route("/<int:project_id>/implementation.xlsx")
@login_required
def implementation_xlsx(project_id: int) -> Response:
    """Send the implementation plan as a workbook with the sheet "Implementeringsplan"."""
    project = _project_or_404(project_id)
    sheet = implementation_sheet(get_session(), project, _, describe, today=local_today())
    data = build_implementation_workbook(sheet, translate=_)
    return send_xlsx(data, f"implementeringsplan-{project.key}.xlsx")

