"""Check the design parts of a satsa/1 document: the organisation's risk matrix and each
project's risks, stop criteria, evaluation plan, risk snapshots and organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from models.design import (
    COMPARISONS,
    EFFECT_BASES,
    EVALUATOR_KINDS,
    OUTCOME_KINDS,
    PERSON_ROLES,
    RISK_KINDS,
    RISK_STATUSES,
    STOP_KINDS,
)
from models.domain import N_, designs
from models.domain import governance as gv
from models.domain import risk as rk
from models.evaluation_plans import MAX_NAME as MAX_EVALUATOR
from models.evaluation_plans import MAX_TEXT as MAX_PLAN_TEXT
from models.exchange import schema as s
from models.exchange.checker import Checker, Obj, join
from models.exchange.design import FOLLOW_UP_KEYS
from models.logic_models import MEASURE_LIMIT
from models.organisations import MAX_SHORT
from models.organisations import MAX_TEXT as MAX_ORGANISATION_TEXT
from models.risks import MAX_OWNER
from models.risks import MAX_TEXT as MAX_RISK_TEXT

#: Risk keys are stored in 20 characters, like logic-model keys.
RISK_KEY_LENGTH = 20
MONEY_LIMIT = Decimal("1000000000000")
#: The longest label of a level.
MAX_LABEL = 200
DEFAULT_SIZE = (rk.DEFAULT_SCALE.likelihood_max, rk.DEFAULT_SCALE.impact_max)


@dataclass
class DocumentScale:
    """The organisation's risk scale as the document states it.

    ``size`` is the last version of ``risk_matrix``; without versions, the first project's
    ``risk_scale``, else the default 5 × 5. None when the last version is itself invalid (its
    errors are reported there).
    """

    size: tuple[int, int] | None = DEFAULT_SIZE
    #: Where the size comes from: ``risk_matrix`` or the first project's ``risk_scale``; ``""``
    #: for the default.
    source: str = ""


@dataclass
class ModelKeys:
    """The element keys and the indicator keys (with their kinds) of a project's current logic
    model, as given (checked elsewhere)."""

    elements: set[str] = field(default_factory=set)
    indicators: dict[str, str] = field(default_factory=dict)


def _size_of(value: Any) -> tuple[int, int] | None:
    if not isinstance(value, dict):
        return None
    size = (value.get("likelihood_max"), value.get("impact_max"))
    if all(isinstance(n, int) and not isinstance(n, bool)
           and rk.MIN_LEVELS <= n <= rk.MAX_LEVELS for n in size):
        return size  # type: ignore[return-value]
    return None


def check_risk_matrix(root: Obj) -> DocumentScale:
    """Check every version of ``risk_matrix``; return the scale the document has in force."""
    scale = DocumentScale()
    versions = list(root.objects("risk_matrix", s.RISK_MATRIX_VERSION))
    for _i, version in versions:
        size = _check_version(version)
        scale = DocumentScale(size, root.path_of("risk_matrix"))
    if not versions:
        projects = root.data.get("projects")
        for i, project in enumerate(projects if isinstance(projects, list) else []):
            given = project.get("risk_scale") if isinstance(project, dict) else None
            if _size_of(given) is not None:
                return DocumentScale(_size_of(given), join(join("projects", i), "risk_scale"))
    return scale


def _labels(version: Obj, key: str) -> tuple[str, ...] | None:
    value = version.data.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        version.checker.error(version.path_of(key), N_("must be an array"))
        return None
    ok = True
    for path, label in version.array(key):
        if not isinstance(label, str):
            version.checker.error(path, N_("must be a string"))
            ok = False
        elif len(label) > MAX_LABEL:
            version.checker.error(path, N_("is longer than %(n)d characters"), n=MAX_LABEL)
            ok = False
    return tuple(value) if ok else None


def _check_version(version: Obj) -> tuple[int, int] | None:
    """Check a version of the risk matrix as the coordinator's page would; return its size."""
    c = version.checker
    before = len(c.errors)
    likelihood = version.integer("likelihood_max", minimum=rk.MIN_LEVELS, maximum=rk.MAX_LEVELS)
    impact = version.integer("impact_max", minimum=rk.MIN_LEVELS, maximum=rk.MAX_LEVELS)
    likelihood_labels = _labels(version, "likelihood_labels")
    impact_labels = _labels(version, "impact_labels")
    low_max = version.integer("low_max", minimum=1, nullable=True)
    medium_max = version.integer("medium_max", minimum=1, nullable=True)
    colours = version.object("colours", s.BAND_COLOURS, nullable=True)
    bands: list[rk.BandColour] = []
    if colours is not None:
        for band in rk.BANDS:
            colour = colours.object(band, s.COLOUR)
            if colour is not None:
                background, text = colour.text("background"), colour.text("text")
                if background is not None and text is not None:
                    bands.append(rk.BandColour(background, text))
    version.moment("created_at", nullable=True)
    version.text("created_by", max_length=254)
    if len(c.errors) > before or likelihood is None or impact is None:
        return None
    base = rk.scale_for(likelihood, impact)
    scale = rk.RiskScale(
        likelihood, impact, likelihood_labels or base.likelihood_labels,
        impact_labels or base.impact_labels,
        base.low_max if low_max is None else low_max,
        base.medium_max if medium_max is None else medium_max,
        tuple(bands) if colours is not None else rk.DEFAULT_COLOURS,  # type: ignore[arg-type]
    )
    problems = rk.scale_problems(scale)
    for problem in problems:
        c.error(join(version.path, problem.field), problem.message, **problem.params)
    return None if problems else (likelihood, impact)


def model_keys(project: dict[str, Any]) -> ModelKeys:
    """The keys of the project's current logic model, whatever else is wrong with it."""
    keys = ModelKeys()
    model = project.get("logic_model")
    elements = model.get("elements") if isinstance(model, dict) else None
    for element in elements if isinstance(elements, list) else []:
        if not isinstance(element, dict):
            continue
        if isinstance(element.get("key"), str):
            keys.elements.add(element["key"])
        indicators = element.get("indicators")
        for indicator in indicators if isinstance(indicators, list) else []:
            if isinstance(indicator, dict) and isinstance(indicator.get("key"), str):
                keys.indicators[indicator["key"]] = indicator.get("kind", "outcome")
    return keys


def check_design(project: Obj, scale: DocumentScale) -> None:
    """Check a project's risks, risk scale, stop criteria, evaluation plan, snapshots and
    organisation."""
    keys = model_keys(project.data)
    size = _check_risk_scale(project, scale)
    _check_risks(project, size, keys)
    for _i, stop in project.objects("stop_criteria", s.STOP_CRITERION):
        stop.text("text", blank=False, max_length=MAX_RISK_TEXT)
        _indicator(stop, "indicator", keys, nullable=True, outcome=N_(
            "'%(key)s' is a process indicator: a stop criterion watches an outcome indicator"))
        stop.choice("kind", STOP_KINDS, nullable=True)
        _measure(stop, "threshold", nullable=True)
    plan = project.object("evaluation_plan", s.EVALUATION_PLAN, nullable=True)
    if plan is not None:
        _check_plan(plan, keys)
    for _i, snapshot in project.objects("risk_snapshots", s.RISK_SNAPSHOT):
        snapshot.moment("taken_at")
        snapshot.text("reason")
        _check_snapshot_data(snapshot)
    organisation = project.object("organisation", s.PROJECT_ORGANISATION)
    if organisation is not None:
        _check_organisation(organisation)


def _check_risk_scale(project: Obj, scale: DocumentScale) -> tuple[int, int] | None:
    """Check the project's ``risk_scale``; return the size its risks are assessed on."""
    given = project.object("risk_scale", s.RISK_SCALE, nullable=True)
    if given is None:
        return scale.size
    likelihood = given.integer("likelihood_max", minimum=rk.MIN_LEVELS, maximum=rk.MAX_LEVELS)
    impact = given.integer("impact_max", minimum=rk.MIN_LEVELS, maximum=rk.MAX_LEVELS)
    if likelihood is None or impact is None:
        return scale.size
    if scale.size is not None and (likelihood, impact) != scale.size:
        if scale.source == "risk_matrix":
            message = N_("must be the risk scale in force, %(likelihood)d × %(impact)d: the "
                         "last version of risk_matrix")
        else:
            message = N_("must be the organisation's risk scale, %(likelihood)d × %(impact)d "
                         "as in %(other)s: the organisation has one risk scale")
        given.checker.error(given.path, message, likelihood=scale.size[0],
                            impact=scale.size[1], other=scale.source or "risk_matrix")
    return likelihood, impact


def _check_risks(project: Obj, size: tuple[int, int] | None, keys: ModelKeys) -> None:
    c = project.checker
    seen: dict[str, str] = {}
    likelihood_max, impact_max = size or (rk.MAX_LEVELS, rk.MAX_LEVELS)
    for _i, risk in project.objects("risks", s.RISK):
        key = risk.slug("key", max_length=RISK_KEY_LENGTH)
        path = risk.path_of("key")
        if key is not None and seen.setdefault(key, path) != path:
            c.error(path, N_("'%(key)s' is used twice (also at %(other)s)"), key=key,
                    other=seen[key])
        risk.text("description", blank=False, max_length=MAX_RISK_TEXT)
        risk.integer("likelihood", minimum=1, maximum=likelihood_max)
        risk.integer("impact", minimum=1, maximum=impact_max)
        risk.text("action", max_length=MAX_RISK_TEXT)
        risk.text("owner", max_length=MAX_OWNER)
        risk.boolean("harms_individual")
        risk.choice("status", RISK_STATUSES)
        risk.choice("kind", RISK_KINDS)
        risk.day("review_on", nullable=True)
        element = risk.text("element", nullable=True)
        if element is not None and element not in keys.elements:
            c.error(risk.path_of("element"),
                    N_("no element of the project's logic model has the key '%(key)s'"),
                    key=element)


def _measure(obj: Obj, key: str, *, nullable: bool = False) -> Decimal | None:
    return obj.decimal(key, places=4, below=MEASURE_LIMIT, nullable=nullable)


def _indicator(obj: Obj, key: str, keys: ModelKeys, *, nullable: bool = False,
               outcome: str | None = None) -> str | None:
    """Read an indicator key of the project's logic model; ``outcome`` (a msgid) requires an
    outcome indicator and says why."""
    value = obj.text(key, nullable=nullable)
    if value is None:
        return None
    if value not in keys.indicators:
        obj.checker.error(obj.path_of(key),
                          N_("no indicator of the project's logic model has the key '%(key)s'"),
                          key=value)
        return None
    if outcome is not None and keys.indicators[value] != "outcome":
        obj.checker.error(obj.path_of(key), outcome, key=value)
        return None
    return value


def _fraction(obj: Obj, key: str, *, nullable: bool = False) -> None:
    """A level such as α or the power: greater than 0 and less than 1."""
    value = obj.decimal(key, places=4, nullable=nullable)
    if value is not None and not Decimal(0) < value < Decimal(1):
        obj.checker.error(obj.path_of(key), N_("must be greater than 0 and less than 1"))


def _check_plan(plan: Obj, keys: ModelKeys) -> None:
    c = plan.checker
    plan.choice("comparison", COMPARISONS, nullable=True)
    outcome = plan.choice("outcome", OUTCOME_KINDS)
    plan.decimal("baseline_proportion", places=4, minimum=Decimal(0), maximum=Decimal(1),
                 nullable=True)
    sd = _measure(plan, "sd", nullable=True)
    if sd is not None and sd <= 0:
        c.error(plan.path_of("sd"), N_("must be greater than 0"))
    effect = _measure(plan, "expected_effect", nullable=True)
    if effect is not None and outcome == "proportion" and abs(effect) > 1:
        c.error(plan.path_of("expected_effect"),
                N_("is a difference in proportions: between -1 and 1"))
    _fraction(plan, "alpha")
    _fraction(plan, "power")
    plan.integer("n_intervention", nullable=True)
    plan.integer("n_comparison", nullable=True)
    listed: dict[str, str] = {}
    for _i, criterion in plan.objects("success_criteria", s.SUCCESS_CRITERION):
        indicator = _indicator(criterion, "indicator", keys, outcome=N_(
            "'%(key)s' is a process indicator: a success criterion needs an outcome indicator"))
        _measure(criterion, "min_effect")
        _once(criterion, indicator, listed)
    _check_mapping(plan, "comparison_details", FOLLOW_UP_KEYS, None)
    _check_mapping(plan, "guided_answers", designs.QUESTION_KEYS, designs.ANSWERS)
    _indicator(plan, "power_indicator", keys, nullable=True, outcome=N_(
        "'%(key)s' is a process indicator: the power calculation is about an outcome indicator"))
    plan.choice("evaluator_kind", EVALUATOR_KINDS, nullable=True)
    plan.text("evaluator", max_length=MAX_EVALUATOR)
    plan.day("evaluator_contacted_on", nullable=True)
    plan.decimal("evaluation_budget", places=2, minimum=Decimal(0), below=MONEY_LIMIT,
                 nullable=True)
    plan.day("effect_measured_on", nullable=True)
    plan.text("baseline_plan", max_length=MAX_PLAN_TEXT)
    listed = {}
    for _i, expectation in plan.objects("expectations", s.EXPECTATION):
        indicator = _indicator(expectation, "indicator", keys, outcome=N_(
            "'%(key)s' is a process indicator: an expected effect needs an outcome indicator"))
        _measure(expectation, "expected_effect", nullable=True)
        expectation.choice("basis", EFFECT_BASES, nullable=True)
        expectation.text("basis_note", max_length=MAX_PLAN_TEXT)
        expectation.text("agreed_by", max_length=MAX_PLAN_TEXT)
        expectation.day("agreed_on", nullable=True)
        _once(expectation, indicator, listed)


def _once(obj: Obj, indicator: str | None, listed: dict[str, str]) -> None:
    path = obj.path_of("indicator")
    if indicator is not None and listed.setdefault(indicator, path) != path:
        obj.checker.error(path, N_("'%(key)s' is listed twice (also at %(other)s)"),
                          key=indicator, other=listed[indicator])


def _check_mapping(plan: Obj, key: str, names: tuple[str, ...],
                   answers: tuple[str, ...] | None) -> None:
    """An object whose keys are taken from ``names`` and whose values are texts, or one of
    ``answers``."""
    value = plan.data.get(key, {})
    path = plan.path_of(key)
    c: Checker = plan.checker
    if not isinstance(value, dict):
        c.error(path, N_("must be an object"))
        return
    for name, item in value.items():
        where = join(path, name)
        if name not in names:
            c.error(where, N_("is not a known key; one of: %(choices)s"),
                    choices=", ".join(names))
        elif answers is None and not isinstance(item, str):
            c.error(where, N_("must be a string"))
        elif answers is None and len(item) > MAX_PLAN_TEXT:
            c.error(where, N_("is longer than %(n)d characters"), n=MAX_PLAN_TEXT)
        elif answers is not None and item not in answers:
            c.error(where, N_("must be one of: %(choices)s"), choices=", ".join(answers))


def _check_organisation(organisation: Obj) -> None:
    long, short = MAX_ORGANISATION_TEXT, MAX_SHORT
    for _i, person in organisation.objects("people", s.PERSON):
        person.choice("role", PERSON_ROLES)
        person.text("name", max_length=short, blank=False)
        person.text("affiliation", max_length=short)
        person.text("task", max_length=long)
    organisation.text("escalation", max_length=long)
    organisation.text("other_resources", max_length=long)
    organisation.integer("check_in_months", minimum=gv.MIN_CHECK_IN_MONTHS,
                         maximum=gv.MAX_CHECK_IN_MONTHS, nullable=True)
    for _i, item in organisation.objects("reporting", s.REPORTING_ITEM):
        item.text("activity", max_length=long, blank=False)
        for key in ("frequency", "done_by", "reported_by"):
            item.text(key, max_length=short)
        item.text("done_when", max_length=long)
        item.text("resources", max_length=long)
    planned: dict[str, str] = {}
    for _i, check_in in organisation.objects("check_ins", s.CHECK_IN):
        day = check_in.day("planned_on")
        path = check_in.path_of("planned_on")
        if day is not None and planned.setdefault(day.isoformat(), path) != path:
            check_in.checker.error(path, N_("a check-in is already planned on %(date)s (at "
                                            "%(other)s)"), date=day.isoformat(),
                                   other=planned[day.isoformat()])
        check_in.text("topic", max_length=long)
    for _i, item in organisation.objects("communication", s.COMMUNICATION_ITEM):
        item.text("audience", max_length=short, blank=False)
        item.text("message", max_length=long)
        for key in ("timing", "channel", "responsible"):
            item.text(key, max_length=short)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_snapshot_data(snapshot: Obj) -> None:
    """A snapshot's ``data`` as the application reads it back: an object whose ``scale`` (if
    given) is a risk scale and whose ``risks`` (if given) each have a key, whole numbers for
    likelihood, impact and score, and a priority band. Other keys are kept as they are."""
    c = snapshot.checker
    data, path = snapshot.data.get("data"), snapshot.path_of("data")
    if not isinstance(data, dict):
        if "data" in snapshot.data:
            c.error(path, N_("must be an object"))
        return
    if "scale" in data:
        scale = c.object(data["scale"], join(path, "scale"), s.RISK_MATRIX_VERSION)
        if scale is not None:
            for key in ("low_max", "medium_max"):
                if scale.data.get(key) is None:
                    c.error(scale.path_of(key), N_("is required"))
            _check_version(scale)
    risks = data.get("risks", [])
    if not isinstance(risks, list):
        c.error(join(path, "risks"), N_("must be an array"))
        return
    for i, risk in enumerate(risks):
        where = join(join(path, "risks"), i)
        if not isinstance(risk, dict):
            c.error(where, N_("must be an object"))
            continue
        if not isinstance(risk.get("key"), str):
            c.error(join(where, "key"), N_("must be a string"))
        for key in ("likelihood", "impact", "score"):
            if not _whole(risk.get(key)):
                c.error(join(where, key), N_("must be a whole number"))
        if risk.get("priority") not in rk.BANDS:
            c.error(join(where, "priority"), N_("must be one of: %(choices)s"),
                    choices=", ".join(rk.BANDS))
