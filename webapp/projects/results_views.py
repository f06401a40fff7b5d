"""The evaluation of an initiative (guide, section 7; SPEC 3.9) and its final report.

The evaluation page holds the results table per outcome indicator (goal, the changes in the
intervention and comparison groups, the effect and whether it reaches the agreed success
criterion), a chart of the changes, the stakeholder analysis, the component analysis, the
economic evaluation beside the design-stage estimate, and the conclusions. The final report
(*slutrapport*) assembles all of it, with the initiative's purpose, goals, evaluation design and
implementation plan, as a printable page and as a workbook.

Every role reads; the project's editors add, change and delete. ``models.evaluations`` checks each
value and names the field it refuses, so a refused save shows the page again with the message
under that field and nothing stored. A row changed by someone else since the form was shown is
refused with ``evaluations.STALE``; the form then carries the current version.

Template filters registered here: ``signed_percent`` (−0.30 → "−30 %") and
``percentage_points`` (−0.18 → "−18 procentenheter").
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from exporters.xlsx_evaluation import build_final_report_workbook
from models import Project
from models.domain import designs
from models.domain import economics as ec
from models.domain import logic as lm
from models.domain import results as rs
from models.evaluation import ComponentAssessment, EvaluationResult, Stakeholder
from models.evaluation_plans import EVALUATOR_KIND_LABELS, outcome_indicators
from models.evaluations import (
    CHANGES,
    FINANCING_KIND_LABELS,
    LEVELS,
    METHOD_LABELS,
    ROLLOUT_LABELS,
    STALE,
    VERDICT_LABELS,
    ComponentValues,
    ConclusionValues,
    EconomicsValues,
    EvaluationData,
    EvaluationRefused,
    ResultValues,
    StakeholderValues,
    activities,
    add_component,
    add_result,
    add_stakeholder,
    component_by_id,
    delete_component,
    delete_result,
    delete_stakeholder,
    evaluation_data,
    evaluation_of,
    final_report_data,
    result_by_id,
    save_conclusions,
    save_economics,
    stakeholder_by_id,
    update_component,
    update_result,
    update_stakeholder,
)
from models.feedback import organisation_name
from webapp.db import get_session
from webapp.downloads import local_today, send_xlsx
from webapp.formatting import measure
from webapp.forms import ButtonForm, choices
from webapp.permissions import is_project_editor, require
from webapp.projects.cost_views import kronor
from webapp.projects.economics_charts import return_text
from webapp.projects.results_charts import (
    baseline_text,
    change_text,
    changes_chart,
    criterion_text,
    level_text,
    percentage_points,
    signed_percent,
    unit_text,
    yes_no,
)
from webapp.projects.results_forms import (
    ComponentForm,
    ConclusionsForm,
    EconomicsForm,
    ResultForm,
    StakeholderForm,
)
from webapp.projects.views import _project_or_404, bp

bp.add_app_template_filter(signed_percent, "signed_percent")
bp.add_app_template_filter(percentage_points, "percentage_points")

PAGE = "projects.evaluation"
RESULT = "result"
STAKEHOLDER = "stakeholder"
COMPONENT = "component"
ECONOMICS = "economics"
CONCLUSIONS = "conclusions"



# --- Shared -----------------------------------------------------------------------------------


def _editable_project(project_id: int) -> Project:
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    return project


def _version(text: str | None) -> int:
    """The version an edit form carried; -1 (never current) when missing or not a number."""
    text = (text or "").strip()
    return int(text) if text.isdigit() else -1


def _singleton_version(text: str | None) -> int | None:
    """The version of the project's evaluation the form carried: None when the user saw none
    stored, -1 for nonsense."""
    text = (text or "").strip()
    if not text:
        return None
    return int(text) if text.isdigit() else -1


def _refused(form, refusal: EvaluationRefused) -> None:
    """Put the refusal under the field it names, or at the top of the page."""
    message = _(refusal.message, **refusal.params)
    if refusal.field and refusal.field in form:
        form[refusal.field].errors = [*form[refusal.field].errors, message]
    else:
        flash(message, "error")


def _indicator_for(project: Project, key: str | None):
    return next((i for i in outcome_indicators(project) if i.key == (key or "").strip()), None)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Forms --------------------------------------------------------------------------------------


def _in_percent(value: Decimal | None, percent: bool) -> Decimal | None:
    if value is None or not percent:
        return value
    return (value * 100).normalize()


def _result_form(project: Project, data: EvaluationData, editing: EvaluationResult | None,
                 bound: ResultForm | None) -> ResultForm:
    form = bound
    if form is None:
        form = ResultForm(prefix="result", formdata=None)
        if editing is not None:
            percent = editing.indicator.unit == "percent"
            form.indicator.data = editing.indicator.key
            form.source.data = LEVELS if editing.intervention_before is not None else CHANGES
            form.change_kind.data = editing.change_kind
            form.goal.data = editing.goal
            form.intervention_change.data = editing.intervention_change
            form.comparison_change.data = editing.comparison_change
            for name in ("intervention_before", "intervention_after", "comparison_before",
                         "comparison_after"):
                form[name].data = _in_percent(getattr(editing, name), percent)
            form.n_intervention.data = editing.n_intervention
            form.n_comparison.data = editing.n_comparison
            form.note.data = editing.note
            form.version.data = str(editing.version)
        else:
            wanted = request.args.get("indicator", "")
            line = next((line for line in data.results
                         if line.key == wanted and line.row is None), None)
            if line is not None:
                form.indicator.data = line.key
                form.goal.data = line.suggested_relative
    open_lines = [line for line in data.results if line.row is None]
    form.indicator.choices = choices([("", _("Choose"))] + [
        (line.key, f"{line.key}: {_short(line.name)}") for line in open_lines])
    return form


def _stakeholder_form(editing: Stakeholder | None, bound: StakeholderForm | None
                      ) -> StakeholderForm:
    if bound is not None:
        return bound
    form = StakeholderForm(prefix="stakeholder", formdata=None, obj=editing)
    if editing is not None:
        form.version.data = str(editing.version)
    return form


def _component_form(project: Project, data: EvaluationData,
                    editing: ComponentAssessment | None,
                    bound: ComponentForm | None) -> ComponentForm:
    form = bound
    if form is None:
        form = ComponentForm(prefix="component", formdata=None, obj=editing)
        if editing is not None:
            form.element.data = editing.element.key if editing.element else ""
            form.version.data = str(editing.version)
        else:
            wanted = request.args.get("element", "")
            if any(e.key == wanted for e in activities(project)):
                form.element.data = wanted
    form.element.choices = choices([("", _("None: a component of its own"))] + [
        (e.key, f"{e.key}: {_short(e.text)}") for e in activities(project)])
    return form


def _economics_form(project: Project, bound: EconomicsForm | None) -> EconomicsForm:
    if bound is not None:
        return bound
    row = evaluation_of(get_session(), project)
    form = EconomicsForm(prefix="economics", formdata=None, obj=row)
    form.version.data = str(row.version) if row is not None else ""
    return form


def _conclusions_form(project: Project, bound: ConclusionsForm | None) -> ConclusionsForm:
    if bound is not None:
        return bound
    row = evaluation_of(get_session(), project)
    form = ConclusionsForm(prefix="conclusions", formdata=None, obj=row)
    if row is not None:
        form.judged_success.data = ("" if row.judged_success is None
                                    else "yes" if row.judged_success else "no")
        form.version.data = str(row.version)
    else:
        form.judged_success.data = ""
        form.version.data = ""
    return form


# --- Explaining the economic evaluation ---------------------------------------------------------


def _reason_text(code: str | None) -> str:
    return _(ec.REASONS[code]) if code in ec.REASONS else "–"


def _economic_changes(data: EvaluationData) -> list[str]:
    """What differs between the design-stage estimate and the observed calculation, in words."""
    economics = data.economics
    lines: list[str] = []
    if economics.actual_cost is not None:
        lines.append(_("The budget (%(budget)s) is replaced by the actual cost (%(actual)s): the "
                       "budget lines are scaled to it, keeping their years and who bears them.",
                       budget=kronor(economics.budget_total), actual=kronor(economics.actual_cost)))
    else:
        lines.append(_("No actual cost has been entered, so both calculations use the budget "
                       "(%(budget)s).", budget=kronor(economics.budget_total)))
    for change in economics.people:
        name = (_("Benefit line %(key)s (indicator %(indicator)s)", key=change.benefit,
                  indicator=change.indicator) if change.indicator
                else _("Benefit line %(key)s", key=change.benefit))
        if change.observed:
            lines.append(_("%(line)s: %(observed)s people with the observed effect of "
                           "%(effect)s, instead of %(expected)s people with the expected effect "
                           "of %(expected_effect)s.", line=name,
                           observed=_people(change.observed_people),
                           effect=percentage_points(change.observed_effect),
                           expected=_people(change.expected_people),
                           expected_effect=percentage_points(change.expected_effect)))
        else:
            lines.append(_("%(line)s keeps the expected effect: no result with a comparison "
                           "group has been entered for an indicator in per cent it can use.",
                           line=name))
    design, observed = economics.design, economics.observed
    if observed.effect is not None and observed.effect != design.effect:
        shown = percentage_points if economics.effect_is_share else measure
        lines.append(_("The cost per unit of effect divides by the observed effect of %(key)s "
                       "(%(observed)s) instead of the expected effect (%(expected)s).",
                       key=economics.effect_indicator or "–", observed=shown(observed.effect),
                       expected=shown(design.effect)))
    if not economics.people:
        lines.append(_("No benefit line derives its number of people from an effect, so the "
                       "observed effects do not change the benefits; enter the people each "
                       "line counts from what was observed."))
    return lines


def _people(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return measure(value.quantize(Decimal("0.01")).normalize())


# --- The page -----------------------------------------------------------------------------------


def _render(project: Project, status: int = 200, *, bound: dict[str, Any] | None = None,
            editing: dict[str, Any] | None = None):
    bound = bound or {}
    editing = editing or {}
    db = get_session()
    data = evaluation_data(db, project)
    editor = is_project_editor(current_user, project)
    forms: dict[str, Any] = {}
    if editor:
        forms = {
            RESULT: _result_form(project, data, editing.get(RESULT), bound.get(RESULT)),
            STAKEHOLDER: _stakeholder_form(editing.get(STAKEHOLDER), bound.get(STAKEHOLDER)),
            COMPONENT: _component_form(project, data, editing.get(COMPONENT),
                                       bound.get(COMPONENT)),
            ECONOMICS: _economics_form(project, bound.get(ECONOMICS)),
            CONCLUSIONS: _conclusions_form(project, bound.get(CONCLUSIONS)),
        }
    assessed = {c.element_key for c in data.components if c.element_key}
    return render_template(
        "projects/evaluation.html",
        **_context(project, data),
        editor=editor,
        editing=editing,
        forms=forms,
        unassessed=[e for e in activities(project) if e.key not in assessed],
        wanted_indicator=request.args.get("indicator", ""),
    ), status


def _context(project: Project, data: EvaluationData) -> dict[str, Any]:
    """What the evaluation page and the final report share."""
    chosen = (designs.alternative(data.design.comparison)
              if data.design.comparison in designs.ALTERNATIVE_KEYS else None)
    return {
        "project": project,
        "data": data,
        "chosen": chosen,
        "changes_chart": changes_chart(data.results),
        "economic_changes": _economic_changes(data),
        "method_labels": METHOD_LABELS,
        "verdict_labels": VERDICT_LABELS,
        "evaluator_kind_labels": EVALUATOR_KIND_LABELS,
        "unit_labels": lm.UNIT_LABELS,
        "kronor": kronor,
        "return_text": return_text,
        "reason_text": _reason_text,
        "change_text": change_text,
        "criterion_text": criterion_text,
        "level_text": level_text,
        "baseline_text": baseline_text,
        "unit_text": unit_text,
        "yes_no": yes_no,
        "relative": rs.RELATIVE,
    }


Write = Callable[[Session, Project, Any], tuple[str, str]]


def _save(project_id: int, section: str, form, write: Write,
          find: Callable[..., Any] | None = None):
    """Validate ``form`` and run ``write(db, project, row)`` (``row`` from ``find``, None when
    adding or for the project's evaluation), which returns (message, anchor). A refusal shows
    the page again with the message under its field; a row changed meanwhile shows it with the
    current version; either way nothing is saved."""
    project = _editable_project(project_id)
    row = find(project) if find else None
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render(project, 400, bound={section: form}, editing={section: row})
    db = get_session()
    try:
        message, anchor = write(db, project, row)
        db.commit()
    except EvaluationRefused as refusal:
        db.rollback()
        if refusal.message == STALE:
            return _stale(project_id, section, form, find)
        _refused(form, refusal)
        project = _project_or_404(project_id)
        return _render(project, 400, bound={section: form},
                       editing={section: find(project) if find else None})
    except StaleDataError:
        return _stale(project_id, section, form, find)
    flash(message, "success")
    return redirect(url_for(PAGE, project_id=project_id, _anchor=anchor))


def _stale(project_id: int, section: str, form, find: Callable[..., Any] | None):
    db = get_session()
    db.rollback()
    flash(_(STALE), "error")
    project = _project_or_404(project_id)
    if find is not None:
        row = find(project, missing_ok=True)
        if row is None:  # deleted meanwhile: nothing left to edit
            return redirect(url_for(PAGE, project_id=project_id))
        form.version.data = str(row.version)
    else:
        row = evaluation_of(db, project)
        form.version.data = str(row.version) if row is not None else ""
    return _render(project, 409, bound={section: form}, editing={section: row if find else None})


def _delete(project_id: int, find: Callable[..., Any],
            delete: Callable[[Session, Any, int], None], message: str, confirm: str, **ids: Any):
    """Delete a row on POST from its confirmation page, refusing a stale version."""
    project = _editable_project(project_id)
    row = find(project)
    if not ButtonForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        delete(db, row, _version(request.form.get("version")))
        db.commit()
    except EvaluationRefused as refusal:
        db.rollback()
        flash(_(refusal.message, **refusal.params), "error")
        return redirect(url_for(confirm, project_id=project_id, **ids))
    except StaleDataError:
        db.rollback()
        flash(_(STALE), "error")
        return redirect(url_for(PAGE, project_id=project_id))
    flash(message, "success")
    return redirect(url_for(PAGE, project_id=project_id))


def _confirm_page(project: Project, *, title: str, facts: list[tuple[str, str]],
                  consequence: str, version: int, anchor: str):
    return render_template("projects/evaluation_delete.html", project=project, title=title,
                           facts=facts, consequence=consequence, version=version,
                           anchor=anchor, form=ButtonForm())


@bp.route("/<int:project_id>/evaluation")
@login_required
def evaluation(project_id: int):
    """The evaluation: every role reads it."""
    return _render(_project_or_404(project_id))


# --- Results ------------------------------------------------------------------------------------


def _result_or_404(project: Project, result_id: int, *, missing_ok: bool = False):
    row = result_by_id(get_session(), project, result_id)
    if row is None and not missing_ok:
        abort(404)
    return row


def _result_values(form: ResultForm, indicator) -> ResultValues:
    percent = indicator is not None and indicator.unit == "percent"

    def level(name: str) -> Decimal | None:
        value = form[name].data
        if value is None or not percent:
            return value
        return value / 100

    return ResultValues(
        indicator=form.indicator.data or "", source=form.source.data or "",
        change_kind=form.change_kind.data or "", goal=form.goal.data,
        intervention_change=form.intervention_change.data,
        comparison_change=form.comparison_change.data,
        intervention_before=level("intervention_before"),
        intervention_after=level("intervention_after"),
        comparison_before=level("comparison_before"),
        comparison_after=level("comparison_after"),
        n_intervention=form.n_intervention.data, n_comparison=form.n_comparison.data,
        note=form.note.data or "")


@bp.route("/<int:project_id>/evaluation/results", methods=["POST"])
@login_required
def evaluation_result_add(project_id: int):
    """Add the result of an outcome indicator (the project's editors)."""

    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        indicator = _indicator_for(project, form.indicator.data)
        row = add_result(db, project, _result_values(form, indicator))
        key = row.indicator.key
        return _("The result of %(key)s was saved.", key=key), f"result-row-{key}"

    form = ResultForm(prefix="result")
    return _save(project_id, RESULT, form, write)


@bp.route("/<int:project_id>/evaluation/results/<int:result_id>/edit", methods=["GET", "POST"])
@login_required
def evaluation_result_edit(project_id: int, result_id: int):
    if request.method == "GET":
        project = _editable_project(project_id)
        return _render(project, editing={RESULT: _result_or_404(project, result_id)})

    def find(project: Project, *, missing_ok: bool = False):
        return _result_or_404(project, result_id, missing_ok=missing_ok)

    def write(db: Session, project: Project, row: EvaluationResult) -> tuple[str, str]:
        update_result(db, project, row, _result_values(form, row.indicator),
                      version=_version(form.version.data))
        key = row.indicator.key
        return _("The result of %(key)s was saved.", key=key), f"result-row-{key}"

    form = ResultForm(prefix="result")
    return _save(project_id, RESULT, form, write, find)


@bp.route("/<int:project_id>/evaluation/results/<int:result_id>/delete",
          methods=["GET", "POST"])
@login_required
def evaluation_result_delete(project_id: int, result_id: int):
    if request.method == "POST":
        return _delete(project_id, lambda project: _result_or_404(project, result_id),
                       lambda db, row, version: delete_result(db, row, version=version),
                       _("The result was deleted."), "projects.evaluation_result_delete",
                       result_id=result_id)
    project = _editable_project(project_id)
    row = _result_or_404(project, result_id)
    kind = row.change_kind
    return _confirm_page(
        project, title=_("Delete the result of %(key)s?", key=row.indicator.key),
        facts=[(_("Indicator"), f"{row.indicator.key}: {row.indicator.name}"),
               (_("Change in the intervention group"),
                change_text(row.intervention_change, kind)),
               (_("Change in the comparison group"), change_text(row.comparison_change, kind)),
               (_("Note"), row.note or "–")],
        consequence=_("The result is removed from the results table, the economic evaluation "
                      "and the final report."),
        version=row.version, anchor=f"result-row-{row.indicator.key}")


# --- Stakeholders -------------------------------------------------------------------------------


def _stakeholder_or_404(project: Project, stakeholder_id: int, *, missing_ok: bool = False):
    row = stakeholder_by_id(get_session(), project, stakeholder_id)
    if row is None and not missing_ok:
        abort(404)
    return row


def _stakeholder_values(form: StakeholderForm) -> StakeholderValues:
    return StakeholderValues(name=form.name.data or "", connection=form.connection.data or "",
                             method=form.method.data or "",
                             information=form.information.data or "")


@bp.route("/<int:project_id>/evaluation/stakeholders", methods=["POST"])
@login_required
def evaluation_stakeholder_add(project_id: int):
    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        row = add_stakeholder(db, project, _stakeholder_values(form))
        return _("The stakeholder was added."), f"stakeholder-{row.id}"

    form = StakeholderForm(prefix="stakeholder")
    return _save(project_id, STAKEHOLDER, form, write)


@bp.route("/<int:project_id>/evaluation/stakeholders/<int:stakeholder_id>/edit",
          methods=["GET", "POST"])
@login_required
def evaluation_stakeholder_edit(project_id: int, stakeholder_id: int):
    if request.method == "GET":
        project = _editable_project(project_id)
        return _render(project, editing={STAKEHOLDER: _stakeholder_or_404(project,
                                                                           stakeholder_id)})

    def find(project: Project, *, missing_ok: bool = False):
        return _stakeholder_or_404(project, stakeholder_id, missing_ok=missing_ok)

    def write(db: Session, project: Project, row: Stakeholder) -> tuple[str, str]:
        update_stakeholder(db, row, _stakeholder_values(form),
                           version=_version(form.version.data))
        return _("The stakeholder was saved."), f"stakeholder-{row.id}"

    form = StakeholderForm(prefix="stakeholder")
    return _save(project_id, STAKEHOLDER, form, write, find)


@bp.route("/<int:project_id>/evaluation/stakeholders/<int:stakeholder_id>/delete",
          methods=["GET", "POST"])
@login_required
def evaluation_stakeholder_delete(project_id: int, stakeholder_id: int):
    if request.method == "POST":
        return _delete(project_id, lambda project: _stakeholder_or_404(project, stakeholder_id),
                       lambda db, row, version: delete_stakeholder(db, row, version=version),
                       _("The stakeholder was deleted."),
                       "projects.evaluation_stakeholder_delete", stakeholder_id=stakeholder_id)
    project = _editable_project(project_id)
    row = _stakeholder_or_404(project, stakeholder_id)
    return _confirm_page(
        project, title=_("Delete the stakeholder?"),
        facts=[(_("Stakeholder"), row.name), (_("Connection to the initiative"),
                                              row.connection or "–"),
               (_("Method"), _(METHOD_LABELS.get(row.method, row.method))),
               (_("What information they have"), row.information or "–")],
        consequence=_("The stakeholder is removed from the stakeholder analysis."),
        version=row.version, anchor=f"stakeholder-{row.id}")


# --- Components ---------------------------------------------------------------------------------


def _component_or_404(project: Project, component_id: int, *, missing_ok: bool = False):
    row = component_by_id(get_session(), project, component_id)
    if row is None and not missing_ok:
        abort(404)
    return row


def _component_values(form: ComponentForm) -> ComponentValues:
    return ComponentValues(element=form.element.data or None, name=form.name.data or "",
                           verdict=form.verdict.data or "", reason=form.reason.data or "")


@bp.route("/<int:project_id>/evaluation/components", methods=["POST"])
@login_required
def evaluation_component_add(project_id: int):
    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        row = add_component(db, project, _component_values(form))
        return _("The component was added."), f"component-{row.id}"

    form = ComponentForm(prefix="component")
    return _save(project_id, COMPONENT, form, write)


@bp.route("/<int:project_id>/evaluation/components/<int:component_id>/edit",
          methods=["GET", "POST"])
@login_required
def evaluation_component_edit(project_id: int, component_id: int):
    if request.method == "GET":
        project = _editable_project(project_id)
        return _render(project, editing={COMPONENT: _component_or_404(project, component_id)})

    def find(project: Project, *, missing_ok: bool = False):
        return _component_or_404(project, component_id, missing_ok=missing_ok)

    def write(db: Session, project: Project, row: ComponentAssessment) -> tuple[str, str]:
        update_component(db, project, row, _component_values(form),
                         version=_version(form.version.data))
        return _("The component was saved."), f"component-{row.id}"

    form = ComponentForm(prefix="component")
    return _save(project_id, COMPONENT, form, write, find)


@bp.route("/<int:project_id>/evaluation/components/<int:component_id>/delete",
          methods=["GET", "POST"])
@login_required
def evaluation_component_delete(project_id: int, component_id: int):
    if request.method == "POST":
        return _delete(project_id, lambda project: _component_or_404(project, component_id),
                       lambda db, row, version: delete_component(db, row, version=version),
                       _("The component was deleted."), "projects.evaluation_component_delete",
                       component_id=component_id)
    project = _editable_project(project_id)
    row = _component_or_404(project, component_id)
    return _confirm_page(
        project, title=_("Delete the component?"),
        facts=[(_("Component"), row.name),
               (_("Activity of the logic model"),
                f"{row.element.key}: {row.element.text}" if row.element else "–"),
               (_("Verdict"), _(VERDICT_LABELS.get(row.verdict, row.verdict))),
               (_("Why"), row.reason or "–")],
        consequence=_("The component is removed from the component analysis."),
        version=row.version, anchor=f"component-{row.id}")


# --- The economic evaluation and the conclusions ----------------------------------------------


@bp.route("/<int:project_id>/evaluation/economics", methods=["POST"])
@login_required
def evaluation_economics(project_id: int):
    """Save the actual cost and the observed change in costs (the project's editors)."""

    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        save_economics(db, project, EconomicsValues(
            actual_cost=form.actual_cost.data, observed_cost_change=form.observed_cost_change.data,
            observed_months=form.observed_months.data,
            observed_cost_note=form.observed_cost_note.data or ""),
            version=_singleton_version(form.version.data))
        return _("The economic evaluation was saved."), "economics"

    form = EconomicsForm(prefix="economics")
    return _save(project_id, ECONOMICS, form, write)


@bp.route("/<int:project_id>/evaluation/conclusions", methods=["POST"])
@login_required
def evaluation_conclusions(project_id: int):
    """Save the evaluator's judgement and conclusions (the project's editors)."""

    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        judged = {"yes": True, "no": False}.get(form.judged_success.data or "")
        save_conclusions(db, project, ConclusionValues(
            judged_success=judged, conclusion=form.conclusion.data or "",
            causes=form.causes.data or "", long_term_link=form.long_term_link.data or "",
            lessons=form.lessons.data or "", communication=form.communication.data or "",
            report_date=form.report_date.data), version=_singleton_version(form.version.data))
        return _("The conclusions were saved."), "conclusions"

    form = ConclusionsForm(prefix="conclusions")
    return _save(project_id, CONCLUSIONS, form, write)


# --- The final report ---------------------------------------------------------------------------


@bp.route("/<int:project_id>/final-report")
@login_required
def final_report(project_id: int):
    """The final report, printable: every role reads it."""
    project = _project_or_404(project_id)
    db = get_session()
    report = final_report_data(db, project)
    return render_template(
        "projects/final_report.html", **_context(project, report.evaluation), report=report,
        organisation=organisation_name(db), today=local_today(),
        level_labels=lm.LEVEL_LABELS, rollout_labels=ROLLOUT_LABELS,
        financing_kind_labels=FINANCING_KIND_LABELS)


@bp.route("/<int:project_id>/final-report.xlsx")
@login_required
def final_report_xlsx(project_id: int) -> Response:
    """The evaluation and the final report as a workbook of two sheets."""
    project = _project_or_404(project_id)
    report = final_report_data(get_session(), project)
    return send_xlsx(build_final_report_workbook(report, translate=_),
                     f"slutrapport-{project.key}.xlsx")
