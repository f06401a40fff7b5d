"""Check the evaluation and implementation parts of a satsa/1 project: its ``results``,
``implementation_plan`` and ``evaluation`` (see ``models.exchange.follow_up_fields`` for the
limits)."""

from __future__ import annotations

from typing import Any

from models import costs
from models.domain import N_
from models.domain import results as rs
from models.evaluation import CHANGE_KINDS, METHODS, VERDICTS
from models.exchange import follow_up_fields as f
from models.exchange import schema as s
from models.exchange.checker import Obj
from models.exchange.design_check import ModelKeys
from models.exchange.economics_check import Library
from models.exchange.follow_up import fraction_text
from models.implementation import FINANCING_KINDS, ROLLOUTS
from models.logic_models import MEASURE_LIMIT


def indicator_units(project: dict[str, Any]) -> dict[str, Any]:
    """The unit of each indicator of the project's current logic model, as given."""
    model = project.get("logic_model")
    elements = model.get("elements") if isinstance(model, dict) else None
    units = {}
    for element in elements if isinstance(elements, list) else []:
        indicators = element.get("indicators") if isinstance(element, dict) else None
        for indicator in indicators if isinstance(indicators, list) else []:
            if isinstance(indicator, dict) and isinstance(indicator.get("key"), str):
                units[indicator["key"]] = indicator.get("unit")
    return units


# --- results ------------------------------------------------------------------------------------


def check_results(project: Obj, keys: ModelKeys, units: dict[str, Any]) -> None:
    listed: dict[Any, str] = {}
    for _i, result in project.objects("results", s.RESULT):
        indicator = f.indicator(result, "indicator", keys, outcome=N_(
            "'%(key)s' is a process indicator: a result needs an outcome indicator"))
        f.once(result, "indicator", indicator, listed)
        kind = result.choice("change_kind", CHANGE_KINDS)
        goal = f.number(result, "goal", f.MAX_RESULT_CHANGE)
        if goal == 0:
            result.checker.error(result.path_of("goal"), N_(
                "must not be 0: negative for a decrease, positive for an increase"))
        _check_changes(result, kind, units.get(indicator) == "percent")
        f.count(result, "n_intervention")
        f.count(result, "n_comparison")
        result.text("note", max_length=f.MAX_TEXT)


def _check_changes(result: Obj, kind: str | None, percent: bool) -> None:
    """The changes, and the levels they were computed from: the intervention group's two levels
    or none; the comparison group's two or none, and only with the intervention group's. With
    levels, the changes are the ones they give, as stored (four decimals, rounded half up)."""
    c = result.checker
    errors = len(c.errors)
    changes = {group: f.number(result, f"{group}_change", f.MAX_RESULT_CHANGE,
                               nullable=group == "comparison")
               for group in ("intervention", "comparison")}
    changes_ok = len(c.errors) == errors
    errors = len(c.errors)
    levels = {}
    for name in ("intervention_before", "intervention_after", "comparison_before",
                 "comparison_after"):
        levels[name] = result.decimal(name, places=4, below=MEASURE_LIMIT, nullable=True)
        if percent and levels[name] is not None and not f.ZERO <= levels[name] <= f.ONE:
            c.error(result.path_of(name), N_(
                "is the level of an indicator in per cent: a fraction from 0 to 1"))
    if len(c.errors) > errors:
        return
    for group in ("intervention", "comparison"):
        before, after = levels[f"{group}_before"], levels[f"{group}_after"]
        if (before is None) != (after is None):
            missing, other = ((f"{group}_after", f"{group}_before") if after is None
                              else (f"{group}_before", f"{group}_after"))
            c.error(result.path_of(missing), N_("is required with %(other)s"), other=other)
            return
    if levels["intervention_before"] is None:
        if levels["comparison_before"] is not None:
            c.error(result.path_of("comparison_before"), N_(
                "the comparison group's levels need the intervention group's levels"))
        return
    if kind is None or not changes_ok:
        return
    relative = kind == rs.RELATIVE
    for group in ("intervention", "comparison"):
        if relative and levels[f"{group}_before"] == 0:
            c.error(result.path_of(f"{group}_before"), N_(
                "is 0: a relative change from 0 is not defined (use change_kind absolute, or "
                "give the changes without levels)"))
            return
    derived = rs.changes_from_levels(rs.Levels(
        levels["intervention_before"], levels["intervention_after"],
        levels["comparison_before"], levels["comparison_after"]), relative=relative)
    for group, expected in zip(("intervention", "comparison"), derived, strict=True):
        if changes[group] == expected:
            continue
        if expected is None:
            c.error(result.path_of("comparison_change"), N_(
                "must be null: the comparison group has no levels"))
        else:
            c.error(result.path_of(f"{group}_change"),
                    N_("must be the change the levels give (%(change)s)"),
                    change=fraction_text(expected))


# --- the implementation plan --------------------------------------------------------------------


def check_plan(plan: Obj, keys: ModelKeys, library: Library) -> None:
    c = plan.checker
    f.money(plan, "annual_cost")
    f.money(plan, "annual_saving")
    for _i, phase in plan.objects("phases", s.PHASE):
        phase.text("name", max_length=f.MAX_NAME, blank=False)
        f.dates_in_order(phase, "start", "end")
        f.share(phase, "coverage")
        phase.text("units", max_length=f.MAX_TEXT)
    actors: dict[Any, str] = {}
    total, counted = f.ZERO, True
    for _i, financing in plan.objects("financing", s.FINANCING):
        actor = financing.slug("actor", max_length=f.MAX_ACTOR)
        if actor is not None and actor not in library.actors:
            c.error(financing.path_of("actor"), N_(
                "no department has the key '%(key)s', and it is not an external actor (one of: "
                "%(choices)s)"), key=actor, choices=", ".join(costs.EXTERNAL_ACTORS))
        f.once(financing, "actor", actor, actors)
        share = financing.decimal("share", places=4)
        if share is not None and not f.ZERO < share <= f.ONE:
            c.error(financing.path_of("share"), N_(
                "must be a fraction greater than 0 and at most 1 (\"0.6\" is 60 per cent)"))
            share = None
        if share is None:
            counted = False
        else:
            total += share
        financing.text("note", max_length=f.MAX_TEXT)
    if counted and total > f.ONE:
        c.error(plan.path_of("financing"), N_(
            "the shares add up to %(total)s: together they may cover at most the whole cost "
            "(1)"), total=fraction_text(total))
    f.texts(plan, ("replaces", "cost_note", "expected_effect", "ownership", "delivery",
                   "organisation", "forums", "prerequisites", "new_context", "obstacles",
                   "follow_up_summary"), f.MAX_TEXT)
    plan.day("follow_up_date", nullable=True)
    plan.choice("rollout", ROLLOUTS)
    f.dates_in_order(plan, "start", "end")
    plan.choice("financing_kind", FINANCING_KINDS, nullable=True)
    listed: dict[Any, str] = {}
    for _i, item in plan.objects("follow_ups", s.IMPLEMENTATION_FOLLOW_UP):
        indicator = f.indicator(item, "indicator", keys, outcome=N_(
            "'%(key)s' is a process indicator: a result after implementation needs an outcome "
            "indicator"))
        f.once(item, "indicator", indicator, listed)
        f.number(item, "project_change", f.MAX_IMPLEMENTATION_CHANGE)
        f.number(item, "after_change", f.MAX_IMPLEMENTATION_CHANGE, nullable=False)
        item.day("measured_on")
        item.text("note", max_length=f.MAX_TEXT)


# --- evaluation ---------------------------------------------------------------------------------


def check_evaluation(evaluation: Obj, keys: ModelKeys) -> None:
    for _i, stakeholder in evaluation.objects("stakeholders", s.STAKEHOLDER):
        stakeholder.text("name", max_length=f.MAX_NAME, blank=False)
        stakeholder.choice("method", METHODS)
        f.texts(stakeholder, ("connection", "information"), f.MAX_TEXT)
    for _i, component in evaluation.objects("components", s.COMPONENT):
        component.text("name", max_length=f.MAX_NAME, blank=False)
        f.element(component, "element", keys, nullable=True)
        component.choice("verdict", VERDICTS)
        component.text("reason", max_length=f.MAX_TEXT)
    f.money(evaluation, "actual_cost")
    change = f.money(evaluation, "observed_cost_change", signed=True)
    months = f.count(evaluation, "observed_months", minimum=1, maximum=f.MAX_MONTHS)
    if change is not None and months is None and evaluation.data.get("observed_months") is None:
        evaluation.checker.error(evaluation.path_of("observed_months"), N_(
            "is required with observed_cost_change: the months the change was observed over"))
    value = evaluation.data.get("judged_success")
    if value is not None and not isinstance(value, bool):
        evaluation.checker.error(evaluation.path_of("judged_success"),
                                 N_("must be true, false or null"))
    f.texts(evaluation, ("observed_cost_note", "conclusion", "causes", "long_term_link",
                         "lessons", "communication"), f.MAX_TEXT)
    evaluation.day("report_date", nullable=True)
