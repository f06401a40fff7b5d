"""The evaluation-plan page (guide section 5, SPEC 3.4): comparison alternative, expected effects
and success criteria, power and sample size, evaluator and measurement.

Everything works with plain forms, one per part of the page; the chart of detectable effects has
its figures in a table as well.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from babel.numbers import format_percent
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from models import Project
from models.design import EvaluationPlan
from models.domain import designs
from models.domain import logic as lm
from models.domain import power as pw
from models.evaluation_plans import (
    BASIS_LABELS,
    EVALUATOR_KIND_LABELS,
    OUTCOME_KIND_LABELS,
    STALE,
    STALE_EXPECTATION,
    EvaluationPlanRefused,
    ExpectationsRefused,
    ExpectationValues,
    PowerFigures,
    PowerInputs,
    choose_comparison,
    chosen_alternative,
    comparison_details,
    expectations_of,
    outcome_indicators,
    plan_of,
    power_figures,
    save_comparison_details,
    save_evaluator,
    save_expectations,
    save_guided_answers,
    save_power,
    success_checks,
)
from webapp.charts import INK, MUTED, PALETTE, ChartSpec, ChartTable, number_formatter
from webapp.db import get_session
from webapp.formatting import measure, number
from webapp.forms import ButtonForm, choices
from webapp.permissions import is_project_editor, require
from webapp.projects.evaluation_forms import (
    ComparisonForm,
    EvaluatorForm,
    PowerForm,
    QuestionsForm,
    details_form_class,
    expectations_form_class,
    fraction_to_points,
    points_to_fraction,
    row_name,
)
from webapp.projects.views import _project_or_404, bp

#: Parameters of the power sentences that are fractions, shown as per cent.
PERCENT_PARAMS = frozenset({"p0", "p1", "difference", "alpha", "power", "achieved"})


# --- Helpers --------------------------------------------------------------------------------


def pct(value: Decimal | float | None) -> str:
    """A fraction as a percentage with at most one decimal: 0.300086 → 30 %, 0.255 → 25,5 %."""
    if value is None:
        return "–"
    return format_percent(value, format="#,##0.#\u00a0%", locale=str(get_locale() or "sv"))


def points(value: Decimal | float | None) -> str:
    """A difference of fractions in percentage points: −0.249914 → −25 (one decimal at most)."""
    if value is None:
        return "–"
    return number_formatter(decimals=1)(Decimal(value) * 100)


def sentence(pair: tuple[str, dict[str, Any]]) -> str:
    """Translate a (msgid, params) sentence of the power module, formatting its figures."""
    msgid, params = pair
    shown = {}
    for key, value in params.items():
        if key in PERCENT_PARAMS:
            shown[key] = pct(value)
        elif isinstance(value, int):
            shown[key] = number(value)
        else:
            shown[key] = measure(value)
    return _(msgid, **shown)


def _page_url(project: Project, anchor: str = "") -> str:
    url = url_for("projects.evaluation_plan", project_id=project.id)
    return f"{url}#{anchor}" if anchor else url


def _editable_project(project_id: int) -> Project:
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    return project


def _version(text: str | None) -> int | None:
    """The version a form carried: None for a plan the user saw unsaved; -1 for nonsense (which
    never matches, so the save is refused as stale)."""
    if not text:
        return None
    return int(text) if text.isdigit() else -1


def _in_points(indicator, value: Decimal | None) -> Decimal | None:
    """A stored change as the user types it: percentage points for an indicator in percent."""
    if indicator.unit == "percent":
        return fraction_to_points(value)
    return value


def _unit_hint(indicator) -> str:
    if indicator.unit == "percent":
        return _("percentage points, e.g. −15 for 15 percentage points fewer")
    if indicator.unit:
        return _("in the indicator's unit (%(unit)s)", unit=_(lm.UNIT_LABELS[indicator.unit]))
    return _("in the indicator's unit")


# --- Forms ----------------------------------------------------------------------------------


def _indicator_choices(indicators) -> list:
    return choices([("", _("None chosen"))] + [
        (str(i.id), f"{i.key}: {i.name}") for i in indicators
    ])


def _comparison_form(plan: EvaluationPlan | None) -> ComparisonForm:
    form = ComparisonForm(prefix="comparison", formdata=None,
                          comparison=plan.comparison if plan else None)
    form.version.data = str(plan.version) if plan else ""
    return form


def _details_form(plan: EvaluationPlan | None):
    chosen = chosen_alternative(plan)
    if chosen is None:
        return None
    form = details_form_class(chosen)(prefix="details", formdata=None,
                                      data=comparison_details(plan))
    form.version.data = str(plan.version)
    return form


def _questions_form(plan: EvaluationPlan | None):
    answers = (plan.guided_answers or {}) if plan else {}
    form = QuestionsForm(prefix="questions", formdata=None,
                         data={k: answers.get(k, designs.UNKNOWN) for k in designs.QUESTION_KEYS})
    form.version.data = str(plan.version) if plan else ""
    return form


def _expectations_form(indicators, expectations):
    rows = {}
    for indicator in indicators:
        row = expectations.get(indicator.id)
        rows[row_name(indicator.id)] = SimpleNamespace(
            expected_effect=_in_points(indicator, row.expected_effect) if row else None,
            basis=(row.basis or "") if row else "",
            basis_note=row.basis_note if row else "",
            min_effect=_in_points(indicator, row.min_effect) if row else None,
            agreed_by=row.agreed_by if row else "",
            agreed_on=row.agreed_on if row else None,
            version=str(row.version) if row else "",
        )
    return expectations_form_class(indicators)(prefix="exp", formdata=None, data=rows)


def _power_form(plan: EvaluationPlan | None, indicators) -> PowerForm:
    if plan is None:
        form = PowerForm(prefix="power", formdata=None)
        form.version.data = ""
    else:
        proportion = plan.outcome == pw.PROPORTION
        effect = plan.expected_effect
        form = PowerForm(
            prefix="power", formdata=None, outcome=plan.outcome,
            power_indicator=str(plan.power_indicator_id or ""),
            baseline_proportion=plan.baseline_proportion, sd=plan.sd,
            expected_effect=fraction_to_points(effect) if proportion else effect,
            alpha=plan.alpha, power=plan.power, n_intervention=plan.n_intervention,
            n_comparison=plan.n_comparison,
        )
        form.version.data = str(plan.version)
    form.power_indicator.choices = _indicator_choices(indicators)
    return form


def _evaluator_form(plan: EvaluationPlan | None) -> EvaluatorForm:
    if plan is None:
        form = EvaluatorForm(prefix="evaluator", formdata=None)
        form.version.data = ""
        return form
    form = EvaluatorForm(prefix="evaluator", formdata=None, obj=plan)
    form.evaluator_kind.data = plan.evaluator_kind or ""
    form.version.data = str(plan.version)
    return form


# --- The chart --------------------------------------------------------------------------------


def power_chart(figures: PowerFigures, unit: str) -> ChartSpec | None:
    """Detectable effect against group size, with the planned size and the reference 60."""
    if not figures.curve:
        return None
    proportion = figures.inputs.outcome == pw.PROPORTION
    groups = figures.inputs.groups
    planned = groups[0] if groups else None
    reference = pw.REFERENCE_GROUP_SIZE
    fmt = number_formatter(decimals=1)

    def size_of(point) -> Decimal | None:
        if proportion:
            return None if point.at_bound else point.magnitude * 100
        return point.mde

    title = _("Smallest detectable effect by group size")
    rows, data = [], []
    for point in figures.curve:
        value = size_of(point)
        data.append([point.n1, float(value) if value is not None else None])
        notes = []
        if point.n1 == planned:
            notes.append(_("planned"))
        if point.n1 == reference:
            notes.append(_("reference (Justice Data Lab)"))
        row = [number(point.n1), number(point.n2),
               fmt(value) if value is not None else _("not detectable")]
        if proportion:
            row.append(pct(point.p1) if not point.at_bound else "–")
        row.append(", ".join(notes))
        rows.append(tuple(row))
    columns = [_("People in the intervention group"), _("People in the comparison group"),
               _("Smallest detectable effect (%(unit)s)", unit=unit)]
    if proportion:
        columns.append(_("Detectable proportion"))
    columns.append(_("Note"))
    numeric = (True, True, True) + ((True,) if proportion else ()) + (False,)
    marks = []
    if planned is not None:
        marks.append({"name": _("Planned: %(n)s", n=number(planned)), "xAxis": planned,
                      "lineStyle": {"type": "solid", "color": PALETTE[1], "width": 2},
                      "label": {"formatter": "{b}", "position": "end", "color": INK}})
    if planned != reference:
        marks.append({"name": _("Reference: %(n)s", n=reference), "xAxis": reference,
                      "lineStyle": {"type": "dashed", "color": MUTED, "width": 2},
                      "label": {"formatter": "{b}", "position": "insideEndTop",
                                "color": INK}})
    effect = figures.inputs.expected_effect
    if effect:
        shown = abs(effect) * 100 if proportion else abs(effect)
        marks.append({"name": _("Expected effect"), "yAxis": float(shown),
                      "lineStyle": {"type": "dotted", "color": PALETTE[2], "width": 2},
                      "label": {"formatter": "{b}", "position": "insideEndTop", "color": INK}})
    reference_point = next((p for p in figures.curve if p.n1 == reference), None)
    summary_parts = [
        _("Line chart of the smallest effect that can be detected (%(unit)s) against the number "
          "of people per group, from %(low)s to %(high)s.", unit=unit,
          low=number(figures.curve[0].n1), high=number(figures.curve[-1].n1)),
    ]
    if reference_point is not None and size_of(reference_point) is not None:
        summary_parts.append(_("With %(n)s per group: %(value)s.", n=reference,
                               value=fmt(size_of(reference_point))))
    summary_parts.append(_("The figures are in the table below the chart."))
    summary = " ".join(summary_parts)
    option = {
        "aria": {"enabled": True, "decal": {"show": True}, "label": {"description": summary}},
        "color": list(PALETTE),
        "textStyle": {"color": INK, "fontFamily": "system-ui, sans-serif", "fontSize": 13},
        "title": {"show": False, "text": title},
        "tooltip": {"trigger": "axis", "confine": True},
        "grid": {"left": 56, "right": 32, "top": 44, "bottom": 52},
        "xAxis": {"type": "value", "name": _("People per group"), "nameLocation": "middle",
                  "nameGap": 30, "min": 0, "axisLabel": {"color": INK},
                  "nameTextStyle": {"color": INK}},
        "yAxis": {"type": "value", "name": unit, "min": 0, "axisLabel": {"color": INK},
                  "nameTextStyle": {"color": INK}},
        "series": [{
            "type": "line", "name": _("Smallest detectable effect"), "data": data,
            "symbol": "circle", "symbolSize": 6, "connectNulls": False,
            "lineStyle": {"width": 2},
            "markLine": {"symbol": "none", "silent": True, "data": marks},
        }],
    }
    table = ChartTable(caption=title, columns=tuple(columns), rows=tuple(rows), numeric=numeric)
    return ChartSpec("power_curve", title, option, table, summary, subtitle=unit, size="medium")


# --- The page ---------------------------------------------------------------------------------


def _success_messages(checks, proportion: bool, unit: str | None) -> list[dict]:
    """The comparisons of effects with the detectable effect, as sentences for the page;
    ``unit`` names the unit of a mean (None: not stated)."""

    def shown(value: Decimal) -> str:
        if proportion:
            return f"{points(value)} {_('percentage points')}"
        return f"{measure(value)} {unit}" if unit else measure(value)

    out = []
    for check in checks:
        # The detectable effect is a size; show it in the direction of the effect it is
        # compared with, so that the two read alike (−5 against −25, not −5 against 25).
        detectable = check.detectable.copy_sign(check.value) if check.value else check.detectable
        params = {"min_effect": shown(check.value), "detectable": shown(detectable)}
        if check.what == "criterion":
            if check.problem:
                text = _(pw.SUCCESS_MESSAGES[check.problem], **params)
            else:
                text = _("The success criterion (%(min_effect)s) is at least as large as the "
                         "smallest effect the planned groups can detect (%(detectable)s).",
                         **params)
        elif check.problem:
            text = _("The expected effect (%(min_effect)s) is smaller than the smallest effect "
                     "the planned groups can detect (%(detectable)s): the planned groups will "
                     "likely miss it.", **params)
        else:
            text = _("The expected effect (%(min_effect)s) is at least as large as the smallest "
                     "effect the planned groups can detect (%(detectable)s).", **params)
        out.append({"what": check.what, "warning": bool(check.problem), "text": text,
                    "indicator": check.indicator})
    return out


def _render_page(project: Project, status: int = 200, **bound):
    db = get_session()
    plan = plan_of(db, project)
    indicators = outcome_indicators(project)
    by_id = {i.id: i for i in indicators}
    expectations = expectations_of(db, project)
    figures = power_figures(plan)
    proportion = figures.inputs.outcome == pw.PROPORTION
    power_indicator = by_id.get(plan.power_indicator_id) if plan else None
    unit = power_indicator.unit if power_indicator is not None else None
    mean_unit = {"percent": _("percentage points"), "sek": "kr"}.get(unit)
    if proportion:
        effect_unit = _("percentage points")
    else:
        effect_unit = mean_unit or (_(lm.UNIT_LABELS[unit]) if unit
                                    else _("the indicator's unit"))
    checks = success_checks(figures, power_indicator,
                            expectations.get(power_indicator.id) if power_indicator else None)
    criterion_incomparable = bool(
        power_indicator is not None and figures.detectable is not None
        and expectations.get(power_indicator.id) is not None
        and expectations[power_indicator.id].min_effect is not None
        and not any(c.what == "criterion" for c in checks))
    answers = (plan.guided_answers or {}) if plan else {}
    try:
        suggestions = designs.suggest(answers) if answers else []
    except designs.DesignError:  # answers stored by an older or foreign version
        answers, suggestions = {}, []
    recommended = designs.recommended(answers) if answers else None
    sentences = {}
    if figures.detectable is not None:
        sentences["detectable"] = sentence(pw.describe_detectable(figures.detectable))
    if figures.reference is not None:
        sentences["reference"] = sentence(pw.describe_detectable(figures.reference))
    if figures.required is not None:
        sentences["required"] = sentence(pw.describe_required(figures.required))
    if figures.required_in_ratio is not None:
        sentences["required_in_ratio"] = sentence(
            pw.describe_required(figures.required_in_ratio))
    if figures.achieved is not None:
        sentences["achieved"] = sentence(pw.describe_power(figures.achieved))
    editor = is_project_editor(current_user, project)
    forms = {
        "comparison_form": bound.get("comparison_form") or _comparison_form(plan),
        "details_form": bound.get("details_form") or _details_form(plan),
        "questions_form": bound.get("questions_form") or _questions_form(plan),
        "expectations_form": bound.get("expectations_form") or _expectations_form(
            indicators, expectations),
        "power_form": bound.get("power_form") or _power_form(plan, indicators),
        "evaluator_form": bound.get("evaluator_form") or _evaluator_form(plan),
    }
    return render_template(
        "projects/evaluation_plan.html",
        project=project,
        plan=plan,
        editor=editor,
        alternatives=designs.ALTERNATIVES,
        chosen=chosen_alternative(plan),
        details=comparison_details(plan),
        questions=designs.QUESTIONS,
        answers=answers,
        suggestions=suggestions,
        recommended=recommended,
        designs=designs,
        indicators=indicators,
        expectations=expectations,
        row_name=row_name,
        in_points=_in_points,
        unit_hint=_unit_hint,
        figures=figures,
        proportion=proportion,
        effect_unit=effect_unit,
        mean_unit=mean_unit,
        power_indicator=power_indicator,
        checks=_success_messages(checks, proportion, mean_unit),
        criterion_incomparable=criterion_incomparable,
        sentences=sentences,
        missing=[_(m) for m in figures.missing],
        power_chart_spec=power_chart(figures, effect_unit),
        reference_size=pw.REFERENCE_GROUP_SIZE,
        method_note=pw.METHOD_NOTES[figures.inputs.outcome],
        pct=pct,
        points=points,
        basis_labels=BASIS_LABELS,
        evaluator_kind_labels=EVALUATOR_KIND_LABELS,
        outcome_kind_labels=OUTCOME_KIND_LABELS,
        lm=lm,
        button_form=ButtonForm(),
        **forms,
    ), status


@bp.route("/<int:project_id>/evaluation-plan")
@login_required
def evaluation_plan(project_id: int):
    return _render_page(_project_or_404(project_id))


# --- Saving -----------------------------------------------------------------------------------


def _field_error(form, name: str | None, message: str) -> bool:
    """Attach ``message`` to the form's field ``name``; False when there is no such field."""
    if name and name in form:
        form[name].errors = [*form[name].errors, message]
        return True
    return False


def _stale(project_id: int, form, bound: str, message: str):
    db = get_session()
    db.rollback()
    project = _project_or_404(project_id)
    flash(_(message), "error")
    plan = plan_of(db, project)
    if "version" in form:
        form.version.data = str(plan.version) if plan else ""
    if bound == "expectations_form":
        stored = expectations_of(db, project)
        for indicator in outcome_indicators(project):
            if row_name(indicator.id) in form:
                row = stored.get(indicator.id)
                form[row_name(indicator.id)].version.data = str(row.version) if row else ""
    return _render_page(project, 409, **{bound: form})


def _submit(project_id: int, form, bound: str,
            action: Callable[[Any, Project, Any], tuple[str, str]],
            prepare: Callable[[Project, Any], None] | None = None):
    """Handle a form of the page: ``action(db, project, form)`` saves and returns (message,
    anchor); invalid input or a refusal shows the page again with the errors, nothing saved."""
    project = _editable_project(project_id)
    if prepare is not None:
        prepare(project, form)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_page(project, 400, **{bound: form})
    db = get_session()
    try:
        message, anchor = action(db, project, form)
    except (StaleDataError, IntegrityError):
        return _stale(project_id, form, bound,
                      STALE_EXPECTATION if bound == "expectations_form" else STALE)
    except EvaluationPlanRefused as refusal:
        if refusal.message in (STALE, STALE_EXPECTATION):
            return _stale(project_id, form, bound, refusal.message)
        db.rollback()
        text = _(refusal.message, **refusal.params)
        if not _field_error(form, refusal.field, text):
            flash(text, "error")
        return _render_page(_project_or_404(project_id), 400, **{bound: form})
    except pw.PowerError as error:
        db.rollback()
        text = _(error.message, **error.params)
        if not _field_error(form, error.field, text):
            flash(text, "error")
        return _render_page(_project_or_404(project_id), 400, **{bound: form})
    except _FormInvalid:
        db.rollback()
        return _render_page(_project_or_404(project_id), 400, **{bound: form})
    try:
        db.commit()
    except (StaleDataError, IntegrityError):
        return _stale(project_id, form, bound,
                      STALE_EXPECTATION if bound == "expectations_form" else STALE)
    flash(message, "success")
    return redirect(_page_url(project, anchor))


class _FormInvalid(Exception):
    """The form's values were refused; the errors are on its fields."""


@bp.route("/<int:project_id>/evaluation-plan/comparison", methods=["POST"])
@login_required
def evaluation_comparison(project_id: int):
    def action(db, project, form):
        plan = choose_comparison(db, project, form.comparison.data,
                                 version=_version(form.version.data))
        chosen = chosen_alternative(plan)
        return (_("The comparison alternative %(name)s was chosen. Describe what it needs "
                  "below.", name=_(chosen.name)), "comparison-details")

    return _submit(project_id, ComparisonForm(prefix="comparison"), "comparison_form", action)


@bp.route("/<int:project_id>/evaluation-plan/comparison-details", methods=["POST"])
@login_required
def evaluation_details(project_id: int):
    project = _editable_project(project_id)
    chosen = chosen_alternative(plan_of(get_session(), project))
    if chosen is None:
        if not ButtonForm(prefix="details").validate_on_submit():
            abort(400)
        flash(_("Choose a comparison alternative first."), "error")
        return redirect(_page_url(project, "comparison"))

    def action(db, project, form):
        details = {f.key: form[f.key].data or "" for f in chosen.follow_up}
        save_comparison_details(db, project, details, version=_version(form.version.data))
        return _("What the comparison alternative needs was saved."), "comparison-details"

    return _submit(project_id, details_form_class(chosen)(prefix="details"), "details_form",
                   action)


@bp.route("/<int:project_id>/evaluation-plan/questions", methods=["POST"])
@login_required
def evaluation_questions(project_id: int):
    def action(db, project, form):
        answers = {key: form[key].data for key in designs.QUESTION_KEYS}
        save_guided_answers(db, project, answers, version=_version(form.version.data))
        return _("The answers were saved. The alternatives are judged below."), "suggestions"

    return _submit(project_id, QuestionsForm(prefix="questions"), "questions_form", action)


def _row_values(indicator, row) -> ExpectationValues:
    """A row of the expectations form as values to save; field errors raise _FormInvalid."""
    converted = {}
    failed = False
    for name in ("expected_effect", "min_effect"):
        value = row[name].data
        if value is not None and indicator.unit == "percent":
            try:
                value = points_to_fraction(value)
            except ValueError:
                row[name].errors = [*row[name].errors,
                                    _("Use at most two decimals in percentage points.")]
                failed = True
        converted[name] = value
    if failed:
        raise _FormInvalid
    return ExpectationValues(
        indicator_id=indicator.id, basis=row.basis.data or None,
        basis_note=(row.basis_note.data or "").strip(),
        agreed_by=(row.agreed_by.data or "").strip(), agreed_on=row.agreed_on.data,
        version=_version(row.version.data), **converted,
    )


@bp.route("/<int:project_id>/evaluation-plan/expectations", methods=["POST"])
@login_required
def evaluation_expectations(project_id: int):
    project = _editable_project(project_id)
    indicators = outcome_indicators(project)
    if not indicators:
        if not ButtonForm(prefix="exp").validate_on_submit():
            abort(400)
        flash(_("The logic model has no outcome indicators yet."), "error")
        return redirect(_page_url(project, "expectations"))

    def action(db, project, form):
        rows, invalid = [], False
        for indicator in indicators:
            try:
                rows.append(_row_values(indicator, form[row_name(indicator.id)]))
            except _FormInvalid:
                invalid = True
        if invalid:
            raise _FormInvalid
        try:
            save_expectations(db, project, rows)
        except ExpectationsRefused as refused:
            for problem in refused.problems:
                row = form[row_name(problem.indicator_id)]
                row[problem.field].errors = [*row[problem.field].errors,
                                             _(problem.message, **problem.params)]
            raise _FormInvalid from None
        return _("The expected effects and success criteria were saved."), "expectations"

    return _submit(project_id, expectations_form_class(indicators)(prefix="exp"),
                   "expectations_form", action)


def _prepare_power(project: Project, form: PowerForm) -> None:
    form.power_indicator.choices = _indicator_choices(outcome_indicators(project))


@bp.route("/<int:project_id>/evaluation-plan/power", methods=["POST"])
@login_required
def evaluation_power(project_id: int):
    def action(db, project, form):
        proportion = form.outcome.data == pw.PROPORTION
        effect = form.expected_effect.data
        if effect is not None and proportion:
            try:
                effect = points_to_fraction(effect)
            except ValueError:
                form.expected_effect.errors = [
                    *form.expected_effect.errors,
                    _("Use at most two decimals in percentage points.")]
                raise _FormInvalid from None
        inputs = PowerInputs(
            outcome=form.outcome.data,
            baseline_proportion=form.baseline_proportion.data if proportion else None,
            sd=None if proportion else form.sd.data,
            expected_effect=effect,
            alpha=form.alpha.data if form.alpha.data is not None else pw.DEFAULT_ALPHA,
            power=form.power.data if form.power.data is not None else pw.DEFAULT_POWER,
            n_intervention=form.n_intervention.data,
            n_comparison=form.n_comparison.data,
            power_indicator_id=int(form.power_indicator.data) if form.power_indicator.data
            else None,
        )
        save_power(db, project, inputs, version=_version(form.version.data))
        return _("The power calculation was saved."), "power"

    return _submit(project_id, PowerForm(prefix="power"), "power_form", action, _prepare_power)


@bp.route("/<int:project_id>/evaluation-plan/evaluator", methods=["POST"])
@login_required
def evaluation_evaluator(project_id: int):
    def action(db, project, form):
        save_evaluator(
            db, project, evaluator_kind=form.evaluator_kind.data or None,
            evaluator=form.evaluator.data or "",
            evaluator_contacted_on=form.evaluator_contacted_on.data,
            evaluation_budget=form.evaluation_budget.data,
            effect_measured_on=form.effect_measured_on.data,
            baseline_plan=form.baseline_plan.data or "", version=_version(form.version.data),
        )
        return _("The evaluator and the measurement plan were saved."), "evaluator"

    return _submit(project_id, EvaluatorForm(prefix="evaluator"), "evaluator_form", action)
