"""The follow-up of a running initiative (guide, section 6; SPEC 3.8).

One page shows the steering group's status (the share of the targets reached against the share
of the budget spent), each process measure and outcome indicator with its values per period and
a chart of them, the data still missing, and the resource use per activity. Every role reads it;
the project's editors set how each indicator is reported, register, import, change and delete
values, and keep the hours.

``models.follow_ups`` checks every value and names the field it refuses, so a refused save shows
the form again with the message under that field and nothing stored. A value already stored for
the same indicator, period and breakdown is only replaced when the user ticks that it should be.
A row changed by someone else since the form was shown is refused with ``STALE``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from io import BytesIO
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import Project
from models.domain import follow_up as fu
from models.domain import logic as lm
from models.domain.balance import RUNNING_STAGES
from models.domain.results import DANGER_GAP, WARNING_GAP
from models.domain.signals import SEVERITY_LABELS
from models.follow_up import IndicatorValue, ResourceUse
from models.follow_up_upload import file_position, parse_value_table, template_csv
from models.follow_ups import (
    STALE,
    FollowUpRefused,
    ReportingValues,
    ResourceValues,
    ValueInput,
    activities,
    add_resource,
    add_value,
    delete_resource,
    delete_value,
    follow_up_report,
    followed_indicators,
    import_values,
    reporting_of,
    resource_by_id,
    save_reporting,
    update_resource,
    update_value,
    value_by_id,
)
from models.signals import SignalContext, collect
from models.uploads import UploadRefused
from webapp.db import get_session
from webapp.downloads import local_today
from webapp.formatting import measure, money
from webapp.forms import ButtonForm, choices
from webapp.permissions import is_project_editor, require
from webapp.portfolio.texts import signal_text
from webapp.projects.follow_up_charts import indicator_charts
from webapp.projects.follow_up_forms import ImportForm, ReportingForm, ResourceForm, ValueForm
from webapp.projects.views import _project_or_404, bp

PAGE = "projects.follow_up"

# --- Helpers -------------------------------------------------------------------------------------


def _t(message: str, params: Mapping[str, Any] | None = None) -> str:
    """Translate a msgid from the models and fill in its parameters."""
    text = _(message)
    try:
        return text % dict(params or {})
    except (KeyError, TypeError, ValueError):
        return text


def value_text(value: Decimal | None, unit: str | None) -> str:
    """A value in the indicator's unit: 55 %, 1 200 kr, 12,5."""
    if value is None:
        return "–"
    if unit == "percent":
        return f"{measure(value)}\u00a0%"
    if unit == "sek":
        return f"{measure(value)}\u00a0kr"
    return measure(value)


def signed_text(value: Decimal | None, unit: str | None = None) -> str:
    """A difference with its sign: +4, −2,5 %."""
    if value is None:
        return "–"
    text = value_text(abs(value), unit)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"\u2212{text}"
    return text


def share_text(value: Decimal | None) -> str:
    """A fraction in per cent with at most one decimal: 0.375 → 37,5 %."""
    if value is None:
        return "–"
    return f"{measure((Decimal(value) * 100).quantize(Decimal('0.1')).normalize())}\u00a0%"


def _editable_project(project_id: int) -> Project:
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    return project


def _version(text: str | None) -> int:
    """The version a form carried; -1 (never current, so refused as stale) when missing."""
    text = (text or "").strip()
    return int(text) if text.isdigit() else -1


def _refused(form, refusal: FollowUpRefused) -> None:
    """Put the refusal under the field it names, or at the top of the page."""
    message = _t(refusal.message, refusal.params)
    if refusal.field and refusal.field in form:
        form[refusal.field].errors = [*form[refusal.field].errors, message]
    else:
        flash(message, "error")


def _indicator_choices(project: Project) -> list:
    return choices([("", _("Choose"))] + [
        (i.key, f"{i.key}: {_short(i.name)}") for i in followed_indicators(project)])


def _activity_choices(project: Project) -> list:
    return choices([("", _("Choose"))] + [
        (e.key, f"{e.key}: {_short(e.text)}") for e in activities(project)])


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _signals(project: Project) -> list[tuple[str, str, str]]:
    """The initiative's signals as (severity, its label, text), serious first."""
    if project.stage not in RUNNING_STAGES:
        return []
    found = collect(SignalContext(get_session(), [project], local_today())).get(project.id, [])
    return [(s.severity, _(SEVERITY_LABELS[s.severity]), signal_text(s)) for s in found]


Render = Callable[..., Any]
Write = Callable[[Session, Project, Any], tuple[str, str]]


def _save(project_id: int, form, render: Render, write: Write,
          find: Callable[..., Any] | None = None):
    """Validate ``form`` and run ``write(db, project, row)``, which returns (message, anchor).
    A refusal shows the form again with the message under its field; a row changed meanwhile
    shows it with the current version; either way nothing is saved."""
    project = _editable_project(project_id)
    row = find(project) if find else None
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return render(project, 400, form, row)
    db = get_session()
    try:
        message, anchor = write(db, project, row)
        db.commit()
    except FollowUpRefused as refusal:
        db.rollback()
        if refusal.message == STALE:
            return _stale(project_id, form, render, find)
        _refused(form, refusal)
        project = _project_or_404(project_id)
        return render(project, 400, form, find(project) if find else None)
    except (StaleDataError, IntegrityError):
        return _stale(project_id, form, render, find)
    flash(message, "success")
    return redirect(url_for(PAGE, project_id=project_id, _anchor=anchor))


def _stale(project_id: int, form, render: Render, find: Callable[..., Any] | None):
    db = get_session()
    db.rollback()
    flash(_(STALE), "error")
    project = _project_or_404(project_id)
    row = find(project, missing_ok=True) if find else None
    if find and row is None:  # deleted meanwhile: nothing left to edit
        return redirect(url_for(PAGE, project_id=project_id))
    if row is not None and "version" in form:
        form.version.data = str(row.version)
    return render(project, 409, form, row)


def _delete(project_id: int, find: Callable[..., Any],
            delete: Callable[[Session, Any, int], None], message: str, confirm_endpoint: str,
            **ids: Any):
    """Delete a row on POST from its confirmation page, refusing a stale version."""
    project = _editable_project(project_id)
    row = find(project)
    if not ButtonForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        delete(db, row, _version(request.form.get("version")))
        db.commit()
    except FollowUpRefused as refusal:
        db.rollback()
        flash(_t(refusal.message, refusal.params), "error")
        return redirect(url_for(confirm_endpoint, project_id=project_id, **ids))
    except StaleDataError:
        db.rollback()
        flash(_(STALE), "error")
        return redirect(url_for(PAGE, project_id=project_id))
    flash(message, "success")
    return redirect(url_for(PAGE, project_id=project_id))


# --- The page ------------------------------------------------------------------------------------


def _value_form(project: Project, bound: ValueForm | None = None) -> ValueForm:
    form = bound or ValueForm(prefix="value", formdata=None)
    if bound is None:
        form.reported_by.data = current_user.name
    form.indicator.choices = _indicator_choices(project)
    return form


def _resource_form(project: Project, bound: ResourceForm | None = None) -> ResourceForm:
    form = bound or ResourceForm(prefix="resource", formdata=None)
    form.activity.choices = _activity_choices(project)
    return form


def _render_page(project: Project, status: int = 200, *, value_form: ValueForm | None = None,
                 resource_form: ResourceForm | None = None,
                 import_form: ImportForm | None = None, import_errors: list[str] | None = None):
    db = get_session()
    report = follow_up_report(db, project, local_today())
    editor = is_project_editor(current_user, project)
    return render_template(
        "projects/follow_up.html",
        project=project,
        report=report,
        charts={i.key: indicator_charts(i) for i in report.indicators},
        signals=_signals(project),
        editor=editor,
        value_form=_value_form(project, value_form) if editor else None,
        resource_form=_resource_form(project, resource_form) if editor else None,
        import_form=(import_form or ImportForm(prefix="import", formdata=None))
        if editor else None,
        import_errors=import_errors or [],
        activities=activities(project),
        kind_labels=fu.KIND_LABELS,
        frequency_labels=fu.FREQUENCY_LABELS,
        status_labels=fu.STATUS_LABELS,
        period_label=fu.period_label,
        unit_labels=lm.UNIT_LABELS,
        warning_gap=WARNING_GAP,
        danger_gap=DANGER_GAP,
        value_text=value_text,
        signed_text=signed_text,
        share_text=share_text,
        money=money,
    ), status


@bp.route("/<int:project_id>/follow-up")
@login_required
def follow_up(project_id: int):
    """The follow-up page: every role reads it."""
    return _render_page(_project_or_404(project_id))


# --- How an indicator is reported ----------------------------------------------------------------


def _indicator_or_404(project: Project, indicator_id: int):
    indicator = next((i for i in followed_indicators(project) if i.id == indicator_id), None)
    if indicator is None:
        abort(404)
    return indicator


def _render_reporting(project: Project, indicator, form: ReportingForm, status: int = 200):
    return render_template("projects/follow_up_reporting.html", project=project,
                           indicator=indicator, form=form, unit_labels=lm.UNIT_LABELS,
                           value_text=value_text), status


@bp.route("/<int:project_id>/follow-up/indicators/<int:indicator_id>/reporting",
          methods=["GET", "POST"])
@login_required
def follow_up_reporting(project_id: int, indicator_id: int):
    """Set how often an indicator is reported, from when, and by whom (the editors)."""
    project = _editable_project(project_id)
    indicator = _indicator_or_404(project, indicator_id)
    db = get_session()
    setting = reporting_of(db, project).get(indicator.id)
    if request.method == "GET":
        form = ReportingForm(formdata=None)
        if setting is not None:
            form.frequency.data = setting.frequency
            form.first_period.data = (fu.period_label(setting.first_period, setting.frequency)
                                      if setting.first_period else "")
            form.responsible.data = setting.responsible
            form.version.data = str(setting.version)
        return _render_reporting(project, indicator, form)
    form = ReportingForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_reporting(project, indicator, form, 400)
    version = _version(form.version.data) if setting is not None else None
    try:
        save_reporting(db, project, indicator, ReportingValues(
            frequency=form.frequency.data or "", first_period=form.first_period.data or "",
            responsible=form.responsible.data or ""), version=version)
        db.commit()
    except FollowUpRefused as refusal:
        db.rollback()
        if refusal.message == STALE:
            flash(_(STALE), "error")
            return redirect(url_for("projects.follow_up_reporting", project_id=project_id,
                                    indicator_id=indicator_id))
        _refused(form, refusal)
        return _render_reporting(project, indicator, form, 400)
    except (StaleDataError, IntegrityError):
        db.rollback()
        flash(_(STALE), "error")
        return redirect(url_for("projects.follow_up_reporting", project_id=project_id,
                                indicator_id=indicator_id))
    flash(_("The reporting of %(key)s was saved.", key=indicator.key), "success")
    return redirect(url_for(PAGE, project_id=project_id, _anchor=f"indicator-{indicator.key}"))


# --- Values --------------------------------------------------------------------------------------


def _value_input(form: ValueForm) -> ValueInput:
    return ValueInput(indicator=form.indicator.data or "", period=form.period.data or "",
                      planned=form.planned.data, actual=form.actual.data,
                      reported_by=form.reported_by.data or "", comment=form.comment.data or "",
                      dimension=form.dimension.data or "", category=form.category.data or "")


def _value_or_404(project: Project, value_id: int, *, missing_ok: bool = False):
    row = value_by_id(get_session(), project, value_id)
    if row is None and not missing_ok:
        abort(404)
    return row


def _replaced_message(replaced: bool, key: str, label: str) -> str:
    if replaced:
        return _("The stored value of %(key)s for %(period)s was replaced.", key=key,
                 period=label)
    return _("The value of %(key)s for %(period)s was saved.", key=key, period=label)


def _frequency(project: Project, indicator_id: int) -> str | None:
    setting = reporting_of(get_session(), project).get(indicator_id)
    return setting.frequency if setting else None


@bp.route("/<int:project_id>/follow-up/values", methods=["POST"])
@login_required
def follow_up_value_add(project_id: int):
    """Register a value (the project's editors)."""

    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        row, replaced = add_value(db, project, _value_input(form), today=local_today(),
                                  replace=bool(form.replace.data),
                                  recorded_by=current_user.email)
        label = fu.period_label(row.period, _frequency(project, row.indicator_id))
        return (_replaced_message(replaced, row.indicator.key, label),
                f"indicator-{row.indicator.key}")

    form = ValueForm(prefix="value")
    return _save(project_id, form,
                 lambda project, status, form, _row: _render_page(project, status,
                                                                  value_form=form),
                 write)


def _render_value(project: Project, status: int, form: ValueForm, row: IndicatorValue):
    form.indicator.choices = _indicator_choices(project)
    return render_template("projects/follow_up_value.html", project=project, form=form,
                           row=row), status


@bp.route("/<int:project_id>/follow-up/values/<int:value_id>/edit", methods=["GET", "POST"])
@login_required
def follow_up_value_edit(project_id: int, value_id: int):
    """Change a registered value (the project's editors)."""
    if request.method == "GET":
        project = _editable_project(project_id)
        row = _value_or_404(project, value_id)
        form = ValueForm(formdata=None, obj=row)
        form.indicator.data = row.indicator.key
        form.period.data = fu.period_label(row.period, _frequency(project, row.indicator_id))
        form.version.data = str(row.version)
        return _render_value(project, 200, form, row)

    def find(project: Project, *, missing_ok: bool = False) -> IndicatorValue | None:
        return _value_or_404(project, value_id, missing_ok=missing_ok)

    def write(db: Session, project: Project, row: IndicatorValue) -> tuple[str, str]:
        replaced = update_value(db, project, row, _value_input(form),
                                version=_version(form.version.data), today=local_today(),
                                replace=bool(form.replace.data),
                                recorded_by=current_user.email)
        label = fu.period_label(row.period, _frequency(project, row.indicator_id))
        message = (_("The value of %(key)s for %(period)s was saved and replaced the value "
                     "stored for the same period and breakdown.", key=row.indicator.key,
                     period=label)
                   if replaced else _replaced_message(False, row.indicator.key, label))
        return message, f"indicator-{row.indicator.key}"

    form = ValueForm()
    return _save(project_id, form, _render_value, write, find)


@bp.route("/<int:project_id>/follow-up/values/<int:value_id>/delete", methods=["GET", "POST"])
@login_required
def follow_up_value_delete(project_id: int, value_id: int):
    if request.method == "POST":
        return _delete(
            project_id, lambda project: _value_or_404(project, value_id),
            lambda db, row, version: delete_value(db, row, version=version),
            _("The value was deleted."), "projects.follow_up_value_delete", value_id=value_id)
    project = _editable_project(project_id)
    row = _value_or_404(project, value_id)
    return render_template("projects/follow_up_value_delete.html", project=project, row=row,
                           label=fu.period_label(row.period,
                                                 _frequency(project, row.indicator_id)),
                           form=ButtonForm(), value_text=value_text)


# --- The import ----------------------------------------------------------------------------------


@bp.route("/<int:project_id>/follow-up/import", methods=["POST"])
@login_required
def follow_up_import(project_id: int):
    """Register a table of values from a CSV or Excel file, all or nothing."""
    project = _editable_project(project_id)
    form = ImportForm(prefix="import")
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_page(project, 400, import_form=form)
    storage = form.file.data
    try:
        table = parse_value_table(storage.filename or "", storage.read())
    except UploadRefused as refusal:
        return _render_page(project, 400, import_form=form, import_errors=[
            _t(error.message, error.params) for error in refusal.errors])
    db = get_session()
    try:
        report = import_values(db, project, table.rows, today=local_today(),
                               replace=bool(form.replace.data), recorded_by=current_user.email)
        db.commit()
    except FollowUpRefused as refusal:
        db.rollback()
        row, column = file_position(table, refusal)
        problem = _t(refusal.message, refusal.params)
        if row is not None and column is not None:
            text = _("Row %(row)d, column '%(column)s': %(problem)s", row=row, column=column,
                     problem=problem)
        elif row is not None:
            text = _("Row %(row)d: %(problem)s", row=row, problem=problem)
        else:
            text = problem
        return _render_page(_project_or_404(project_id), 400, import_form=form,
                            import_errors=[text])
    except (IntegrityError, StaleDataError):
        db.rollback()
        return _render_page(_project_or_404(project_id), 409, import_form=form,
                            import_errors=[_(STALE)])
    flash(_("%(added)d values added, %(replaced)d replaced.", added=report.added,
            replaced=report.replaced), "success")
    for note in table.notes:
        flash(_t(note.message, note.params), "info")
    return redirect(url_for(PAGE, project_id=project_id, _anchor="indicators"))


@bp.route("/<int:project_id>/follow-up/template.csv")
@login_required
def follow_up_template(project_id: int):
    """A CSV template: one row per followed indicator, for its last completed period."""
    project = _project_or_404(project_id)
    today = local_today()
    reporting = reporting_of(get_session(), project)
    rows = []
    for indicator in followed_indicators(project):
        setting = reporting.get(indicator.id)
        frequency = setting.frequency if setting else fu.QUARTER
        period = fu.last_completed_period(today, frequency)
        rows.append([indicator.key, fu.period_label(period, frequency), "", "",
                     setting.responsible if setting else "", "", "", ""])
    response = send_file(BytesIO(template_csv(rows)), mimetype="text/csv; charset=utf-8",
                         as_attachment=True, download_name=f"uppfoljning-{project.key}.csv")
    response.headers["Cache-Control"] = "no-store"
    return response


# --- Resource use --------------------------------------------------------------------------------


def _resource_values(form: ResourceForm) -> ResourceValues:
    return ResourceValues(activity=form.activity.data or "", period=form.period.data or "",
                          competence=form.competence.data or "",
                          planned_hours=form.planned_hours.data,
                          actual_hours=form.actual_hours.data, comment=form.comment.data or "")


def _resource_or_404(project: Project, resource_id: int, *, missing_ok: bool = False):
    row = resource_by_id(get_session(), project, resource_id)
    if row is None and not missing_ok:
        abort(404)
    return row


@bp.route("/<int:project_id>/follow-up/resources", methods=["POST"])
@login_required
def follow_up_resource_add(project_id: int):
    """Register planned and actual hours (the project's editors)."""

    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        row = add_resource(db, project, _resource_values(form))
        return _("The hours were saved."), f"resource-{row.id}"

    form = ResourceForm(prefix="resource")
    return _save(project_id, form,
                 lambda project, status, form, _row: _render_page(project, status,
                                                                  resource_form=form),
                 write)


def _render_resource(project: Project, status: int, form: ResourceForm, row: ResourceUse):
    form.activity.choices = _activity_choices(project)
    return render_template("projects/follow_up_resource.html", project=project, form=form,
                           row=row), status


@bp.route("/<int:project_id>/follow-up/resources/<int:resource_id>/edit",
          methods=["GET", "POST"])
@login_required
def follow_up_resource_edit(project_id: int, resource_id: int):
    if request.method == "GET":
        project = _editable_project(project_id)
        row = _resource_or_404(project, resource_id)
        form = ResourceForm(formdata=None, obj=row)
        form.activity.data = row.element.key
        form.period.data = fu.period_label(row.period, fu.MONTH)
        form.version.data = str(row.version)
        return _render_resource(project, 200, form, row)

    def find(project: Project, *, missing_ok: bool = False) -> ResourceUse | None:
        return _resource_or_404(project, resource_id, missing_ok=missing_ok)

    def write(db: Session, project: Project, row: ResourceUse) -> tuple[str, str]:
        update_resource(db, project, row, _resource_values(form),
                        version=_version(form.version.data))
        return _("The hours were saved."), f"resource-{row.id}"

    form = ResourceForm()
    return _save(project_id, form, _render_resource, write, find)


@bp.route("/<int:project_id>/follow-up/resources/<int:resource_id>/delete",
          methods=["GET", "POST"])
@login_required
def follow_up_resource_delete(project_id: int, resource_id: int):
    if request.method == "POST":
        return _delete(
            project_id, lambda project: _resource_or_404(project, resource_id),
            lambda db, row, version: delete_resource(db, row, version=version),
            _("The hours were deleted."), "projects.follow_up_resource_delete",
            resource_id=resource_id)
    project = _editable_project(project_id)
    row = _resource_or_404(project, resource_id)
    return render_template("projects/follow_up_resource_delete.html", project=project, row=row,
                           label=fu.period_label(row.period, fu.MONTH), form=ButtonForm(),
                           measure=measure)
