"""Check the follow-up, evaluation and implementation parts of a satsa/1 project: its
``results``, ``implementation_plan``, ``follow_up`` and ``evaluation``.

References resolve within the project: indicator and element keys name its current logic model,
a check-in's ``planned`` a date of its ``organisation.check_ins``, a decision's ``drop_out`` an
item of its ``follow_up.drop_outs``; a financing ``actor`` is a department of the document or an
external actor. The limits are in ``models.exchange.follow_up_fields``.
"""

from __future__ import annotations

from typing import Any

from models.domain import N_
from models.domain.signals import CODE_LABELS
from models.exchange import follow_up_fields as f
from models.exchange import schema as s
from models.exchange.checker import Obj
from models.exchange.design_check import ModelKeys, model_keys
from models.exchange.economics_check import Library
from models.exchange.evaluation_check import (
    check_evaluation,
    check_plan,
    check_results,
    indicator_units,
)
from models.follow_up import DECISIONS, DROP_OUT_REASONS, FREQUENCIES, PROMPTS, RISK_PROFILES


def check_follow_up(project: Obj, library: Library) -> None:
    """Check a project's results, implementation plan, follow-up and evaluation."""
    keys = model_keys(project.data)
    units = indicator_units(project.data)
    check_results(project, keys, units)
    plan = project.object("implementation_plan", s.IMPLEMENTATION_PLAN, nullable=True)
    if plan is not None:
        check_plan(plan, keys, library)
    follow_up = project.object("follow_up", s.FOLLOW_UP)
    if follow_up is not None:
        _check_follow_up(follow_up, keys, _planned_check_ins(project.data))
    evaluation = project.object("evaluation", s.EVALUATION)
    if evaluation is not None:
        check_evaluation(evaluation, keys)


# --- follow-up ----------------------------------------------------------------------------------


def _planned_check_ins(project: dict[str, Any]) -> set[str]:
    """The dates of the project's planned check-ins, as given (checked elsewhere)."""
    organisation = project.get("organisation")
    items = organisation.get("check_ins") if isinstance(organisation, dict) else None
    return {item["planned_on"] for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict) and isinstance(item.get("planned_on"), str)}


def _either(obj: Obj, first: str, second: str, values: tuple, message: str) -> None:
    """Report ``second`` when neither of two values given (and valid) is set."""
    if all(value is None for value in values) and all(
            obj.data.get(key) is None for key in (first, second)):
        obj.checker.error(obj.path_of(second), message)


def _check_follow_up(follow_up: Obj, keys: ModelKeys, planned: set[str]) -> None:
    listed: dict[Any, str] = {}
    for _i, reporting in follow_up.objects("reporting", s.REPORTING):
        f.once(reporting, "indicator", f.indicator(reporting, "indicator", keys), listed)
        frequency = reporting.choice("frequency", FREQUENCIES)
        f.period(reporting, "first_period", nullable=True, quarter=frequency == "quarter")
        reporting.text("responsible", max_length=f.MAX_NAME)
    seen: dict[tuple, str] = {}
    for _i, value in follow_up.objects("values", s.INDICATOR_VALUE):
        _check_value(value, keys, seen)
    seen = {}
    for _i, flow in follow_up.objects("participants", s.PARTICIPANT_FLOW):
        period = f.period(flow, "period")
        profile = flow.choice("risk_profile", RISK_PROFILES)
        eligible = f.count(flow, "eligible")
        enrolled = f.count(flow, "enrolled", nullable=False)
        if eligible is not None and enrolled is not None and enrolled > eligible:
            flow.checker.error(flow.path_of("enrolled"), N_(
                "is more than the %(eligible)d eligible in the period"), eligible=eligible)
        flow.text("comment", max_length=f.MAX_FOLLOW_UP_TEXT)
        f.twice(flow, (period, profile), seen, N_(
            "the same period and risk profile is given twice (also at %(other)s)"))
    for _i, drop_out in follow_up.objects("drop_outs", s.DROP_OUT):
        _check_drop_out(drop_out)
    seen = {}
    for _i, use in follow_up.objects("resource_use", s.RESOURCE_USE):
        activity = f.element(use, "activity", keys)
        period = f.period(use, "period")
        competence = use.text("competence", max_length=f.MAX_NAME, blank=False)
        hours = (f.value(use, "planned_hours", minimum=f.ZERO),
                 f.value(use, "actual_hours", minimum=f.ZERO))
        _either(use, "planned_hours", "actual_hours", hours,
                N_("give the planned hours, the actual hours or both"))
        use.text("comment", max_length=f.MAX_FOLLOW_UP_TEXT)
        f.twice(use, (activity, period, competence), seen, N_(
            "the same activity, period and competence is given twice (also at %(other)s)"))
    given = follow_up.data.get("drop_outs", [])
    drop_outs = len(given) if isinstance(given, list) else None
    held: dict[Any, str] = {}
    for _i, check_in in follow_up.objects("check_ins", s.HELD_CHECK_IN):
        _check_check_in(check_in, keys, planned, held, drop_outs)


def _check_value(value: Obj, keys: ModelKeys, seen: dict[tuple, str]) -> None:
    c = value.checker
    indicator = f.indicator(value, "indicator", keys)
    period = f.period(value, "period")
    dimension = value.text("dimension", max_length=f.MAX_DIMENSION)
    category = value.text("category", max_length=f.MAX_CATEGORY)
    for key, text in (("dimension", dimension), ("category", category)):
        if text and not text.strip():
            c.error(value.path_of(key), N_("must not be only spaces"))
            dimension = category = None
    if dimension is not None and category is not None and bool(dimension) != bool(category):
        missing = "category" if dimension else "dimension"
        c.error(value.path_of(missing), N_(
            "a breakdown needs both a dimension and a category (both empty for the total)"))
        dimension = category = None
    numbers = (f.value(value, "planned"), f.value(value, "actual"))
    _either(value, "planned", "actual", numbers,
            N_("give the planned value, the actual value or both"))
    value.text("reported_by", max_length=f.MAX_NAME)
    value.text("comment", max_length=f.MAX_FOLLOW_UP_TEXT)
    value.moment("recorded_at", nullable=True)
    value.text("recorded_by", max_length=f.MAX_EMAIL)
    f.twice(value, (indicator, period, dimension, category), seen, N_(
        "the same indicator, period and breakdown is given twice (also at %(other)s)"))


def _check_drop_out(drop_out: Obj) -> None:
    c = drop_out.checker
    drop_out.choice("risk_profile", RISK_PROFILES)
    reason = drop_out.choice("reason_kind", DROP_OUT_REASONS)
    drop_out.text("reason", max_length=f.MAX_FOLLOW_UP_TEXT)
    harm = drop_out.boolean("possible_harm")
    if harm is False and reason in f.HARM_REASONS:
        c.error(drop_out.path_of("possible_harm"), N_(
            "must be true: the reason '%(reason)s' suggests the initiative may have harmed"),
            reason=reason)
    left = drop_out.day("left_on")
    investigated = drop_out.day("investigated_on", nullable=True)
    investigation = drop_out.text("investigation", max_length=f.MAX_FOLLOW_UP_TEXT)
    if left is not None and investigated is not None and investigated < left:
        c.error(drop_out.path_of("investigated_on"), N_("is before the participant left"))
    if investigated is not None and investigation is not None and not investigation.strip():
        c.error(drop_out.path_of("investigation"), N_(
            "must say what the investigation found (it has a date)"))
    elif investigation and investigation.strip() and drop_out.data.get("investigated_on") is None:
        c.error(drop_out.path_of("investigated_on"), N_(
            "is required: the investigation has a finding"))
    drop_out.text("recorded_by", max_length=f.MAX_EMAIL)


def _check_check_in(check_in: Obj, keys: ModelKeys, planned: set[str], held: dict[Any, str],
                    drop_outs: int | None) -> None:
    c = check_in.checker
    check_in.day("held_on")
    day = check_in.day("planned", nullable=True)
    if day is not None:
        if day.isoformat() not in planned:
            c.error(check_in.path_of("planned"), N_(
                "no check-in is planned on %(date)s in the project's organisation.check_ins"),
                date=day.isoformat())
        elif held.setdefault(day, check_in.path_of("planned")) != check_in.path_of("planned"):
            c.error(check_in.path_of("planned"), N_(
                "the check-in planned on %(date)s is already held (at %(other)s)"),
                date=day.isoformat(), other=held[day])
    check_in.text("participants", max_length=f.MAX_FOLLOW_UP_TEXT)
    check_in.text("notes", max_length=f.MAX_NOTES)
    check_in.text("recorded_by", max_length=f.MAX_EMAIL)
    decisions = check_in.data.get("decisions", [])
    if isinstance(decisions, list) and not decisions:
        c.error(check_in.path_of("decisions"), N_(
            "must hold at least one decision (for example to continue as planned)"))
    elif isinstance(decisions, list) and len(decisions) > f.MAX_DECISIONS:
        c.error(check_in.path_of("decisions"), N_("has more than %(n)d items"), n=f.MAX_DECISIONS)
    for _j, decision in check_in.objects("decisions", s.CHECK_IN_DECISION):
        _check_decision(decision, keys, drop_outs)


def _check_decision(decision: Obj, keys: ModelKeys, drop_outs: int | None) -> None:
    c = decision.checker
    choice = decision.choice("decision", DECISIONS)
    decision.choice("prompt", PROMPTS)
    f.indicator(decision, "indicator", keys, nullable=True)
    place = decision.integer("drop_out", nullable=True)
    if place is not None and drop_outs is not None and place >= drop_outs:
        c.error(decision.path_of("drop_out"),
                N_("the project's follow_up.drop_outs has no item %(n)d"), n=place)
    code = decision.text("signal_code", max_length=f.MAX_SIGNAL)
    if code and code not in CODE_LABELS:
        c.error(decision.path_of("signal_code"), N_("must be empty or one of: %(choices)s"),
                choices=", ".join(CODE_LABELS))
    decision.text("prompted_by", max_length=f.MAX_FOLLOW_UP_TEXT)
    action = decision.text("action", max_length=f.MAX_FOLLOW_UP_TEXT)
    if choice in f.ACTING and action is not None and not action.strip():
        c.error(decision.path_of("action"), N_(
            "must say what is to be done, by whom and when (the decision is to %(decision)s)"),
            decision=choice)
    decision.text("responsible", max_length=f.MAX_NAME)
