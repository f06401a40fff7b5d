"""A project's budget and its benefit lines (guide section 5, SPEC 3.5).

The budget page lists the cost lines with their totals per year, category and actor, the cost per
participant and who carries the financial risk under the fund's rule. The benefits page lists the
avoidable costs with where each number comes from: the people (entered, or participants × the
expected effect), the unit cost restated to the price year, the adjustments, the line's yield,
and how far the evaluation design lets us credit the effect (the trust suggestion).

Every role reads both pages; the project's editors add, change and delete lines. ``models.costs``
checks each value and names the field it refuses, so a refused save shows the form again with
the message under that field and nothing stored. A line changed by someone else since the form
was shown is refused with ``costs.STALE``; the form then carries the current version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from models import Department, Project
from models.costs import (
    CATEGORY_LABELS,
    STALE,
    BenefitValues,
    BudgetValues,
    CostsRefused,
    EffectSource,
    ProjectCosts,
    actor_names,
    add_benefit_line,
    add_budget_line,
    benefit_line_by_key,
    budget_line_by_id,
    delete_benefit_line,
    delete_budget_line,
    domain_unit,
    effect_source,
    project_costs,
    update_benefit_line,
    update_budget_line,
)
from models.design import EvaluationPlan
from models.domain import economics as ec
from models.domain import fund as fd
from models.domain import logic as lm
from models.domain import power as pw
from models.domain.economics_analysis import Suggestion, trust_suggestion
from models.economics import BenefitLine, BudgetLine
from models.evaluation_plans import outcome_indicators, power_figures
from models.logic_model import LogicIndicator
from webapp.db import get_session
from webapp.formatting import measure, money, number
from webapp.forms import ButtonForm, choices
from webapp.permissions import is_project_editor, require
from webapp.projects.cost_forms import BenefitLineForm, BudgetLineForm
from webapp.projects.evaluation_views import points
from webapp.projects.views import _project_or_404, bp

# --- Formatting -----------------------------------------------------------------------------


def kronor(value: Decimal | None) -> str:
    """An amount rounded half up to öre, shown with öre only when there are any (1 234 kr,
    1 234,50 kr): the totals are exact, so whole kronor stay whole."""
    if value is None:
        return "–"
    rounded = ec.money(Decimal(value))
    return money(rounded, 0 if rounded == rounded.to_integral_value() else 2)


def share_text(value: Decimal | None) -> str:
    """A stored share in per cent with at most two decimals (0.125 → 12,5 %)."""
    if value is None:
        return "–"
    return f"{measure((Decimal(value) * 100).normalize())}\u00a0%"


def effect_text(value: Decimal, *, fraction: bool, unit: str | None = None) -> str:
    """An expected or detectable effect as the evaluation plan shows it: a change of a proportion
    in percentage points, else in the indicator's unit."""
    if fraction:
        return _("%(value)s percentage points", value=points(value))
    if unit == "sek":
        return f"{measure(value)}\u00a0kr"
    if unit == "percent":
        return _("%(value)s percentage points", value=measure(value))
    if unit in lm.UNIT_LABELS:
        return f"{measure(value)} ({_(lm.UNIT_LABELS[unit])})"
    return measure(value)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Shared by both pages ---------------------------------------------------------------------


def _editable_project(project_id: int) -> Project:
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    return project


def _version(text: str | None) -> int:
    """The version an edit form carried; -1 (never current, so refused as stale) when it is
    missing or not a number: an edit must say which version it was based on."""
    text = (text or "").strip()
    return int(text) if text.isdigit() else -1


@dataclass(frozen=True)
class Actors:
    """Every actor's display name by key, departments first (by name), then the external ones."""

    names: Mapping[str, str]
    departments: frozenset[str]

    def name(self, key: str) -> str:
        return self.names.get(key, key)

    def order(self, key: str) -> tuple[int, str]:
        keys = list(self.names)
        return (keys.index(key), "") if key in self.names else (len(keys), key)

    def choices(self) -> list[SelectChoice]:
        department_group = _("Departments")
        other_group = _("Other actors")
        return [SelectChoice("", _("Choose"))] + [
            SelectChoice(key, name,
                         optgroup=department_group if key in self.departments else other_group)
            for key, name in self.names.items()
        ]


def actors_of(db: Session) -> Actors:
    names = actor_names(db, _)
    departments = frozenset(db.scalars(select(Department.key)))
    return Actors(names, departments)


def _refused(form, refusal: CostsRefused) -> None:
    """Put the refusal under the field it names, or at the top of the page."""
    message = _(refusal.message, **refusal.params)
    if refusal.field and refusal.field in form:
        form[refusal.field].errors = [*form[refusal.field].errors, message]
    else:
        flash(message, "error")


Render = Callable[..., Any]
Write = Callable[[Session, Project, Any], tuple[str, str]]


def _save(project_id: int, form, render: Render, write: Write,
          find: Callable[[Project], Any] | None = None, page: str = ""):
    """Validate ``form`` and run ``write(db, project, row)`` (``row`` from ``find``, None when
    adding), which returns (message, anchor). A refusal shows the page again with the message
    under its field; a line changed meanwhile shows it with the current version; either way
    nothing is saved."""
    project = _editable_project(project_id)
    row = find(project) if find else None
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return render(project, 400, form=form, editing=row)
    db = get_session()
    try:
        message, anchor = write(db, project, row)
        db.commit()
    except CostsRefused as refusal:
        db.rollback()
        if refusal.message == STALE:
            return _stale(project_id, form, render, find, page)
        _refused(form, refusal)
        project = _project_or_404(project_id)
        return render(project, 400, form=form, editing=find(project) if find else None)
    except StaleDataError:
        return _stale(project_id, form, render, find, page)
    flash(message, "success")
    return redirect(url_for(page, project_id=project_id, _anchor=anchor))


def _stale(project_id: int, form, render: Render, find: Callable[[Project], Any] | None,
           page: str):
    db = get_session()
    db.rollback()
    flash(_(STALE), "error")
    project = _project_or_404(project_id)
    row = find(project, missing_ok=True) if find else None
    if find and row is None:  # deleted meanwhile: nothing left to edit
        return redirect(url_for(page, project_id=project_id))
    if row is not None:
        form.version.data = str(row.version)
    return render(project, 409, form=form, editing=row)


def _delete(project_id: int, find: Callable[..., Any], delete: Callable[[Session, Any, int], None],
            message: str, page: str, confirm_endpoint: str, **ids: Any):
    """Delete a line on POST from its confirmation page, refusing a stale version."""
    project = _editable_project(project_id)
    row = find(project)
    if not ButtonForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        delete(db, row, _version(request.form.get("version")))
        db.commit()
    except CostsRefused as refusal:
        db.rollback()
        flash(_(refusal.message, **refusal.params), "error")
        return redirect(url_for(confirm_endpoint, project_id=project_id, **ids))
    except StaleDataError:
        db.rollback()
        flash(_(STALE), "error")
        return redirect(url_for(page, project_id=project_id))
    flash(message, "success")
    return redirect(url_for(page, project_id=project_id))


# --- The budget page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    """Sums of budget lines grouped one way, in the order shown, with their total."""

    rows: tuple[tuple[str, Decimal], ...]
    total: Decimal


def totals(lines: Iterable[BudgetLine], key: Callable[[BudgetLine], Any],
           order: Callable[[Any], Any] = lambda k: k) -> Totals:
    """Exact sums of the lines' amounts by ``key``, sorted by ``order``."""
    sums: dict[Any, Decimal] = {}
    for line in lines:
        sums[key(line)] = sums.get(key(line), Decimal(0)) + line.amount
    rows = tuple(sorted(sums.items(), key=lambda item: order(item[0])))
    return Totals(rows, sum((amount for _key, amount in rows), Decimal(0)))


@dataclass(frozen=True)
class FundSplit:
    """Who carries the financial risk of the budget under the fund's rule.

    The rule shares the municipality's own costs, the lines its departments bear: the central
    part is ``base × share``; the departments carry the rest in proportion to their own lines
    (``models.domain.fund.risk_split``: öre-exact, the parts sum to ``base``). Costs borne by
    actors outside the municipality (the region, state agencies) stay with them (``others``).
    """

    share: Decimal
    base: Decimal
    central: Decimal
    #: (department key, its own lines, the part it carries), departments in the page's order.
    departments: tuple[tuple[str, Decimal, Decimal], ...]
    others: Decimal

    @property
    def departments_total(self) -> Decimal:
        return sum((part for _key, _own, part in self.departments), Decimal(0))


def fund_split(share: Decimal, lines: Iterable[BudgetLine], actors: Actors) -> FundSplit:
    own = totals((line for line in lines if line.actor in actors.departments),
                 lambda line: line.actor, actors.order)
    others = sum((line.amount for line in lines if line.actor not in actors.departments),
                 Decimal(0))
    if own.total == 0:
        return FundSplit(share, Decimal("0.00"), Decimal("0.00"),
                         tuple((key, amount, Decimal("0.00")) for key, amount in own.rows),
                         others)
    weights = dict(own.rows)
    split = fd.risk_split(own.total, share, list(weights), weights)
    return FundSplit(share, split.cost, split.central,
                     tuple((key, weights[key], part) for key, part in split.departments), others)


def _participants_source(loaded: ProjectCosts) -> str | None:
    plan = loaded.plan
    if plan is not None and plan.n_intervention:
        return "plan"
    if loaded.project.size_reached:
        return "reach"
    return None


def _budget_form(project: Project, loaded: ProjectCosts, actors: Actors,
                 line: BudgetLine | None = None,
                 bound: BudgetLineForm | None = None) -> BudgetLineForm:
    form = bound
    if form is None:
        form = BudgetLineForm(prefix="budget", formdata=None, obj=line)
        if line is None:
            form.year.data = loaded.start_year
        else:
            form.version.data = str(line.version)
    form.actor.choices = actors.choices()
    return form


def _render_budget(project: Project, status: int = 200, *, form: BudgetLineForm | None = None,
                   editing: BudgetLine | None = None):
    db = get_session()
    loaded = project_costs(db, project)
    actors = actors_of(db)
    lines = loaded.budget
    by_year = totals(lines, lambda line: line.year)
    categories = list(ec.CATEGORIES)
    by_category = totals(lines, lambda line: line.category,
                         lambda key: (categories.index(key) if key in categories
                                      else len(categories), key))
    by_actor = totals(lines, lambda line: line.actor, actors.order)
    total = by_year.total
    participants = loaded.participants
    per_participant = None
    if participants:
        with localcontext(ec.CONTEXT):
            per_participant = total / Decimal(participants)
    plan = loaded.plan
    evaluation_lines = sum((line.amount for line in lines if line.category == "evaluation"),
                           Decimal(0))
    fund = project.fund
    editor = is_project_editor(current_user, project)
    return render_template(
        "projects/budget.html",
        project=project,
        lines=lines,
        actors=actors,
        by_year=by_year,
        by_category=by_category,
        by_actor=by_actor,
        total=total,
        participants=participants,
        participants_source=_participants_source(loaded),
        per_participant=per_participant,
        plan=plan,
        evaluation_lines=evaluation_lines,
        fund=fund,
        split=fund_split(fund.central_risk_share, lines, actors) if fund is not None else None,
        category_labels=CATEGORY_LABELS,
        editor=editor,
        editing=editing,
        form=_budget_form(project, loaded, actors, editing, form) if editor else None,
        kronor=kronor,
        share_text=share_text,
    ), status


def _budget_line_or_404(project: Project, line_id: int, *, missing_ok: bool = False):
    line = budget_line_by_id(get_session(), project, line_id)
    if line is None and not missing_ok:
        abort(404)
    return line


def _budget_values(form: BudgetLineForm) -> BudgetValues:
    return BudgetValues(
        category=form.category.data or "", actor=form.actor.data or "", year=form.year.data,
        amount=form.amount.data, month=form.month.data, phase=form.phase.data or "",
        note=form.note.data or "")


@bp.route("/<int:project_id>/budget")
@login_required
def budget(project_id: int):
    """The budget: every role reads it."""
    return _render_budget(_project_or_404(project_id))


@bp.route("/<int:project_id>/budget", methods=["POST"])
@login_required
def budget_line_add(project_id: int):
    """Add a budget line (the project's editors)."""

    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        line = add_budget_line(db, project, _budget_values(form))
        return _("The budget line was added."), f"budget-line-{line.id}"

    form = BudgetLineForm(prefix="budget")
    return _save(project_id, form, _render_budget, write, page="projects.budget")


@bp.route("/<int:project_id>/budget/<int:line_id>/edit", methods=["GET", "POST"])
@login_required
def budget_line_edit(project_id: int, line_id: int):
    if request.method == "GET":
        project = _editable_project(project_id)
        return _render_budget(project, editing=_budget_line_or_404(project, line_id))

    def find(project: Project, *, missing_ok: bool = False) -> BudgetLine | None:
        return _budget_line_or_404(project, line_id, missing_ok=missing_ok)

    def write(db: Session, project: Project, line: BudgetLine) -> tuple[str, str]:
        update_budget_line(db, project, line, _budget_values(form),
                           version=_version(form.version.data))
        return _("The budget line was saved."), f"budget-line-{line.id}"

    form = BudgetLineForm(prefix="budget")
    return _save(project_id, form, _render_budget, write, find, page="projects.budget")


@bp.route("/<int:project_id>/budget/<int:line_id>/delete", methods=["GET", "POST"])
@login_required
def budget_line_delete(project_id: int, line_id: int):
    if request.method == "POST":
        return _delete(
            project_id, lambda project: _budget_line_or_404(project, line_id),
            lambda db, line, version: delete_budget_line(db, line, version=version),
            _("The budget line was deleted."), "projects.budget",
            "projects.budget_line_delete", line_id=line_id)
    project = _editable_project(project_id)
    line = _budget_line_or_404(project, line_id)
    return render_template("projects/budget_line_delete.html", project=project, line=line,
                           form=ButtonForm(), actors=actors_of(get_session()),
                           category_labels=CATEGORY_LABELS, kronor=kronor)


# --- The benefits page --------------------------------------------------------------------------


@dataclass(frozen=True)
class Effect:
    """An effect as the page shows it, with where it comes from (for the chain and the
    derivation of people)."""

    #: Signed, as planned (−15 percentage points for fewer).
    text: str
    #: Its size, as it multiplies the participants (15 percentage points).
    size: str
    #: "indicator" (the indicator's own expected effect) or "plan" (the evaluation plan's).
    origin: str


@dataclass(frozen=True)
class Derivation:
    """Participants × |expected effect| for one choice of indicator, or why it cannot be made."""

    indicator: LogicIndicator | None
    participants: int | None
    effect: Effect | None
    people: Decimal | None


@dataclass(frozen=True)
class Chain:
    """From the expected effect to the line's yield, for one benefit line."""

    indicator: LogicIndicator | None
    effect: Effect | None
    #: The smallest effect the planned groups can detect (None: not computed).
    detectable: str | None
    #: The indicator the power calculation concerns when it is another than the line's.
    detectable_for: LogicIndicator | None


@dataclass(frozen=True)
class BenefitRow:
    line: BenefitLine
    people: Decimal | None
    derivation: Derivation | None
    restated: ec.Restated
    optimism: Decimal
    first_year: Decimal | None
    total: Decimal | None
    below_suggestion: bool
    chain: Chain


def _effect(source: EffectSource, plan: EvaluationPlan | None,
            indicator: LogicIndicator | None) -> Effect | None:
    if source.effect is None or source.effect_from is None:
        return None
    if source.effect_from == "indicator":
        unit = indicator.unit if indicator is not None else None
        fraction = unit == "percent"
    else:
        fraction = plan is not None and plan.outcome == pw.PROPORTION
        unit = plan.power_indicator.unit if plan is not None and plan.power_indicator else None
    return Effect(effect_text(source.effect, fraction=fraction, unit=unit),
                  effect_text(abs(source.effect), fraction=fraction, unit=unit),
                  source.effect_from)


def _derivation(project: Project, loaded: ProjectCosts,
                indicator: LogicIndicator | None) -> Derivation:
    source = effect_source(project, loaded.plan, loaded.expectations,
                           indicator.id if indicator is not None else None)
    return Derivation(indicator, source.participants, _effect(source, loaded.plan, indicator),
                      source.people)


def _detectable(plan: EvaluationPlan | None) -> str | None:
    figures = power_figures(plan)
    detectable = figures.detectable
    if isinstance(detectable, pw.DetectableProportion):
        return None if detectable.at_bound else effect_text(detectable.magnitude, fraction=True)
    if isinstance(detectable, pw.DetectableMean):
        unit = plan.power_indicator.unit if plan is not None and plan.power_indicator else None
        return effect_text(detectable.mde, fraction=False, unit=unit)
    return None


def _suggestion_text(suggestion: Suggestion) -> str:
    return _(suggestion.msgid, **{**suggestion.params,
                                  "percent": number(suggestion.attribution * 100)})


def _unit_choices(loaded: ProjectCosts) -> list[SelectChoice]:
    def label(unit) -> str:
        amount = unit.local_amount if unit.local_amount is not None else unit.amount
        text = _("%(name)s – %(amount)s per %(unit)s (%(year)s prices)", name=unit.name,
                 amount=kronor(amount), unit=unit.unit, year=unit.price_year)
        return _("%(item)s, example value", item=text) if unit.is_example else text

    units = sorted(loaded.unit_costs.values(), key=lambda u: (u.name, u.key))
    return choices([("", _("Choose"))] + [(u.key, label(u)) for u in units])


def _benefit_form(project: Project, loaded: ProjectCosts, actors: Actors,
                  line: BenefitLine | None = None,
                  bound: BenefitLineForm | None = None) -> BenefitLineForm:
    form = bound
    if form is None:
        form = BenefitLineForm(prefix="benefit", formdata=None, obj=line)
        if line is None:
            form.first_year.data = loaded.start_year
            form.years.data = 1
        else:
            form.indicator.data = line.indicator.key if line.indicator else ""
            form.unit_cost.data = line.unit_cost.key
            form.version.data = str(line.version)
    form.indicator.choices = choices([("", _("None"))] + [
        (i.key, f"{i.key}: {_short(i.name)}") for i in outcome_indicators(project)])
    form.unit_cost.choices = _unit_choices(loaded)
    form.actor.choices = actors.choices()
    return form


def _render_benefits(project: Project, status: int = 200, *,
                     form: BenefitLineForm | None = None, editing: BenefitLine | None = None):
    db = get_session()
    loaded = project_costs(db, project)
    actors = actors_of(db)
    plan = loaded.plan
    problem = None
    yields: dict[str, list[ec.Yield]] = {}
    try:
        result = ec.calculate(loaded.inputs())
    except ec.EconomicsError as error:
        problem = _(error.message, **error.params)
    else:
        for item in result.yields:
            yields.setdefault(item.benefit, []).append(item)
    suggestion = trust_suggestion(plan.comparison if plan is not None else None)
    detectable = _detectable(plan)
    power_indicator = plan.power_indicator if plan is not None else None
    rows = []
    for line in loaded.benefits:
        unit = line.unit_cost
        derivation = _derivation(project, loaded, line.indicator)
        own = yields.get(line.key)
        rows.append(BenefitRow(
            line=line,
            people=loaded.people.get(line.key),
            derivation=derivation if line.people_source == "effect" else None,
            restated=ec.restate(domain_unit(unit), loaded.price_year, loaded.index),
            optimism=loaded.optimism.get(unit.confidence, Decimal(0)) if unit.confidence
            else Decimal(0),
            first_year=ec.money(own[0].amount) if own else None,
            total=ec.money(sum((y.amount for y in own), Decimal(0))) if own else None,
            below_suggestion=line.attribution < suggestion.attribution,
            chain=Chain(line.indicator, derivation.effect, detectable,
                        power_indicator if power_indicator is not None
                        and power_indicator != line.indicator else None),
        ))
    editor = is_project_editor(current_user, project)
    derivations = [_derivation(project, loaded, None)] + [
        _derivation(project, loaded, indicator) for indicator in outcome_indicators(project)
        if indicator.id in loaded.expectations
        and loaded.expectations[indicator.id].expected_effect is not None]
    return render_template(
        "projects/benefits.html",
        project=project,
        loaded=loaded,
        rows=rows,
        problem=problem,
        plan=plan,
        suggestion=suggestion,
        suggestion_text=_suggestion_text(suggestion),
        participants=loaded.participants,
        participants_source=_participants_source(loaded),
        derivations=derivations,
        actors=actors,
        editor=editor,
        editing=editing,
        form=_benefit_form(project, loaded, actors, editing, form) if editor else None,
        kronor=kronor,
        share_text=share_text,
    ), status


def _benefit_or_404(project: Project, key: str, *, missing_ok: bool = False):
    line = benefit_line_by_key(get_session(), project, key)
    if line is None and not missing_ok:
        abort(404)
    return line


def _benefit_values(form: BenefitLineForm) -> BenefitValues:
    return BenefitValues(
        unit_cost=form.unit_cost.data or "", units_per_person=form.units_per_person.data,
        actor=form.actor.data or "", first_year=form.first_year.data, years=form.years.data,
        people_source=form.people_source.data or "", people=form.people.data,
        indicator=form.indicator.data or None, deadweight=form.deadweight.data,
        attribution=form.attribution.data, drop_off=form.drop_off.data,
        evidence_years=form.evidence_years.data, note=form.note.data or "")


@bp.route("/<int:project_id>/benefits")
@login_required
def benefits(project_id: int):
    """The benefit lines: every role reads them."""
    return _render_benefits(_project_or_404(project_id))


@bp.route("/<int:project_id>/benefits", methods=["POST"])
@login_required
def benefit_add(project_id: int):
    """Add a benefit line (the project's editors)."""

    def write(db: Session, project: Project, _row: None) -> tuple[str, str]:
        line = add_benefit_line(db, project, _benefit_values(form))
        return _("The benefit line %(key)s was added.", key=line.key), f"benefit-{line.key}"

    form = BenefitLineForm(prefix="benefit")
    return _save(project_id, form, _render_benefits, write, page="projects.benefits")


@bp.route("/<int:project_id>/benefits/<key>/edit", methods=["GET", "POST"])
@login_required
def benefit_edit(project_id: int, key: str):
    if request.method == "GET":
        project = _editable_project(project_id)
        return _render_benefits(project, editing=_benefit_or_404(project, key))

    def find(project: Project, *, missing_ok: bool = False) -> BenefitLine | None:
        return _benefit_or_404(project, key, missing_ok=missing_ok)

    def write(db: Session, project: Project, line: BenefitLine) -> tuple[str, str]:
        update_benefit_line(db, project, line, _benefit_values(form),
                            version=_version(form.version.data))
        return _("The benefit line %(key)s was saved.", key=key), f"benefit-{key}"

    form = BenefitLineForm(prefix="benefit")
    return _save(project_id, form, _render_benefits, write, find, page="projects.benefits")


@bp.route("/<int:project_id>/benefits/<key>/delete", methods=["GET", "POST"])
@login_required
def benefit_delete(project_id: int, key: str):
    if request.method == "POST":
        return _delete(
            project_id, lambda project: _benefit_or_404(project, key),
            lambda db, line, version: delete_benefit_line(db, line, version=version),
            _("The benefit line %(key)s was deleted.", key=key), "projects.benefits",
            "projects.benefit_delete", key=key)
    project = _editable_project(project_id)
    line = _benefit_or_404(project, key)
    return render_template("projects/benefit_delete.html", project=project, line=line,
                           form=ButtonForm(), actors=actors_of(get_session()),
                           kronor=kronor, share_text=share_text)
