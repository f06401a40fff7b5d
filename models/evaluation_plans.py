"""Operations on a project's evaluation plan (SPEC 3.4; guide section 5). Functions flush, never
commit.

Units. Proportions are fractions (0.55 = 55 %). For a proportion outcome the plan's
``expected_effect`` is a difference in proportions (−0.15 = 15 percentage points fewer); for a
mean outcome it and ``sd`` are in the indicator's unit. An ``IndicatorExpectation`` of an
indicator in the unit percent holds its ``expected_effect`` and ``min_effect`` as fractions too
(−0.15 = −15 percentage points), as the exchange format's success criteria and the power
calculation use them; for other units they are in the indicator's own unit. The indicator's
baseline and target stay in percent (55 = 55 %), as the logic model keeps them.

Every write checks its input first and raises ``EvaluationPlanRefused`` (naming the field) or
``PowerError`` before anything changes, and refuses a change based on an older version than the
one stored (``STALE``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.design import (
    EFFECT_BASES,
    EVALUATOR_KINDS,
    OUTCOME_KINDS,
    EvaluationPlan,
    IndicatorExpectation,
)
from models.domain import N_, designs
from models.domain import logic as lm
from models.domain import power as pw
from models.logic_model import LogicIndicator
from models.project import Project

#: Largest value (in absolute terms) of a measured figure every supported database keeps exactly.
MEASURE_LIMIT = Decimal("10000000000")
MAX_TEXT = 5000
MAX_NAME = 200

BASIS_LABELS = {
    "research": N_("Research"),
    "experience": N_("Experience elsewhere"),
    "local": N_("Local adaptations"),
}
EVALUATOR_KIND_LABELS = {"internal": N_("Internal"), "external": N_("External")}
OUTCOME_KIND_LABELS = {
    pw.PROPORTION: N_("Proportion (for example the share who relapse)"),
    pw.MEAN: N_("Mean (for example a score on a scale)"),
}

STALE = N_("Someone else changed the evaluation plan while you were working on it. Nothing was "
           "saved; check the current plan and try again.")
STALE_EXPECTATION = N_("Someone else changed the expected effects while you were working on "
                       "them. Nothing was saved; check the current values and try again.")


class EvaluationPlanRefused(Exception):
    """A write that is not allowed; ``field`` names the form field (None: the whole form),
    ``message`` is a msgid with ``params``."""

    def __init__(self, field: str | None, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.field = field
        self.message = message
        self.params = params


# --- Reading --------------------------------------------------------------------------------


def plan_of(session: Session, project: Project) -> EvaluationPlan | None:
    """The project's evaluation plan, or None while nothing has been saved."""
    if project.id is None:
        return None
    return session.scalar(select(EvaluationPlan).where(EvaluationPlan.project_id == project.id))


def get_or_create_plan(session: Session, project: Project) -> EvaluationPlan:
    """The project's evaluation plan, created (with the default α and power) when missing."""
    plan = plan_of(session, project)
    if plan is None:
        plan = EvaluationPlan(project_id=project.id, comparison_details={}, guided_answers={},
                              outcome=pw.PROPORTION, alpha=pw.DEFAULT_ALPHA,
                              power=pw.DEFAULT_POWER, evaluator="", baseline_plan="")
        session.add(plan)
        session.flush()
    return plan


def outcome_indicators(project: Project) -> list[LogicIndicator]:
    """The logic model's outcome indicators, in the model's order (level, then position)."""
    elements = sorted(project.logic_elements, key=lambda e: (lm.RANK[e.level], e.position, e.id))
    return [i for e in elements for i in e.indicators if i.kind == "outcome"]


def expectations_of(session: Session, project: Project) -> dict[int, IndicatorExpectation]:
    """The project's expected effects and success criteria by indicator id."""
    if project.id is None:
        return {}
    rows = session.scalars(select(IndicatorExpectation)
                           .where(IndicatorExpectation.project_id == project.id))
    return {row.indicator_id: row for row in rows}


def chosen_alternative(plan: EvaluationPlan | None) -> designs.ComparisonAlternative | None:
    if plan is None or not plan.comparison:
        return None
    try:
        return designs.alternative(plan.comparison)
    except designs.DesignError:
        return None


def comparison_details(plan: EvaluationPlan | None) -> dict[str, str]:
    """What the chosen alternative needs, by follow-up field, in the alternative's order."""
    chosen = chosen_alternative(plan)
    if chosen is None:
        return {}
    stored = plan.comparison_details or {}
    return {f.key: str(stored.get(f.key, "")) for f in chosen.follow_up}


def success_criteria(session: Session, project: Project) -> list[dict[str, Any]]:
    """The success criteria as the exchange format lists them: ``{"indicator": key,
    "min_effect": Decimal}`` for each outcome indicator with a criterion, in the model's order
    (``min_effect`` in the stored units, see the module docstring)."""
    stored = expectations_of(session, project)
    return [{"indicator": i.key, "min_effect": stored[i.id].min_effect}
            for i in outcome_indicators(project)
            if i.id in stored and stored[i.id].min_effect is not None]


# --- Versions ---------------------------------------------------------------------------------


def _check_plan_version(plan: EvaluationPlan | None, version: int | None) -> None:
    """``version`` is the one the user saw; None when they saw no stored plan."""
    if plan is None:
        return
    if version != plan.version:
        raise EvaluationPlanRefused(None, STALE)


def _plan_for_write(session: Session, project: Project, version: int | None) -> EvaluationPlan:
    _check_plan_version(plan_of(session, project), version)
    return get_or_create_plan(session, project)


def _text(value: str | None, field_name: str, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise EvaluationPlanRefused(field_name, N_("At most %(n)s characters."), n=limit)
    return text


# --- Comparison alternative -----------------------------------------------------------------


def choose_comparison(session: Session, project: Project, key: str | None, *,
                      version: int | None) -> EvaluationPlan:
    """Choose the comparison alternative (None: not chosen yet). The follow-up answers of other
    alternatives are dropped (the change history keeps them)."""
    if key:
        try:
            chosen = designs.alternative(key)
        except designs.DesignError as error:
            raise EvaluationPlanRefused("comparison", error.message, **error.params) from None
        keep = {f.key for f in chosen.follow_up}
    else:
        keep = set()
    plan = _plan_for_write(session, project, version)
    plan.comparison = key or None
    plan.comparison_details = {k: v for k, v in (plan.comparison_details or {}).items()
                               if k in keep}
    session.flush()
    return plan


def save_comparison_details(session: Session, project: Project, details: Mapping[str, str], *,
                            version: int | None) -> EvaluationPlan:
    """Save what the chosen alternative needs (follow-up field key → text)."""
    plan = plan_of(session, project)
    _check_plan_version(plan, version)
    chosen = chosen_alternative(plan)
    if chosen is None:
        raise EvaluationPlanRefused(None, N_("Choose a comparison alternative first."))
    known = {f.key for f in chosen.follow_up}
    unknown = sorted(set(details) - known)
    if unknown:
        raise EvaluationPlanRefused(unknown[0], N_("The chosen alternative asks nothing about "
                                                   "%(key)s."), key=unknown[0])
    cleaned = {f.key: _text(details.get(f.key), f.key) for f in chosen.follow_up}
    plan.comparison_details = {k: v for k, v in cleaned.items() if v}
    session.flush()
    return plan


def save_guided_answers(session: Session, project: Project, answers: Mapping[str, str], *,
                        version: int | None) -> EvaluationPlan:
    """Save the answers to the guided questions (question key → yes / no / unknown)."""
    try:
        designs.suggest(answers)
    except designs.DesignError as error:
        raise EvaluationPlanRefused(error.params.get("key"), error.message,
                                    **error.params) from None
    plan = _plan_for_write(session, project, version)
    plan.guided_answers = {key: answers.get(key, designs.UNKNOWN)
                           for key in designs.QUESTION_KEYS}
    session.flush()
    return plan


# --- Power --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerInputs:
    """The power calculation's inputs, in the plan's units (see the module docstring)."""

    outcome: str = pw.PROPORTION
    baseline_proportion: Decimal | None = None
    sd: Decimal | None = None
    expected_effect: Decimal | None = None
    alpha: Decimal = pw.DEFAULT_ALPHA
    power: Decimal = pw.DEFAULT_POWER
    n_intervention: int | None = None
    #: None: as large as the intervention group.
    n_comparison: int | None = None
    power_indicator_id: int | None = None

    @classmethod
    def of(cls, plan: Any) -> PowerInputs:
        return cls(outcome=plan.outcome or pw.PROPORTION,
                   baseline_proportion=plan.baseline_proportion, sd=plan.sd,
                   expected_effect=plan.expected_effect,
                   alpha=plan.alpha if plan.alpha is not None else pw.DEFAULT_ALPHA,
                   power=plan.power if plan.power is not None else pw.DEFAULT_POWER,
                   n_intervention=plan.n_intervention, n_comparison=plan.n_comparison,
                   power_indicator_id=getattr(plan, "power_indicator_id", None))

    @property
    def groups(self) -> tuple[int, int] | None:
        if self.n_intervention is None:
            return None
        return self.n_intervention, (self.n_comparison if self.n_comparison is not None
                                     else self.n_intervention)


def _too_large(value: Decimal | None, field_name: str) -> None:
    if value is not None and abs(value) >= MEASURE_LIMIT:
        raise pw.PowerError(pw.NOT_A_NUMBER, N_("The number is too large."), field_name)


def check_power_inputs(inputs: PowerInputs) -> None:
    """Raise ``PowerError`` (naming the field) for any input the calculation cannot use.

    Incomplete input is fine: each check runs once the inputs it needs are given.
    """
    if inputs.outcome not in OUTCOME_KINDS:
        raise pw.PowerError("outcome_unknown", N_("Choose a proportion or a mean."), "outcome")
    for name in ("sd", "expected_effect"):
        _too_large(getattr(inputs, name), name)
    pw.z_sum(inputs.alpha, inputs.power)
    levels = {"alpha": inputs.alpha, "power": inputs.power}
    if inputs.n_intervention is not None:
        pw.detectable_mean(1, inputs.n_intervention, inputs.n_comparison, **levels)
    elif inputs.n_comparison is not None:
        pw.detectable_mean(1, 2, inputs.n_comparison, **levels)
    if inputs.expected_effect == 0:
        raise pw.PowerError(pw.ZERO_EFFECT, N_(
            "An effect of zero cannot be detected with any number of people; enter the "
            "smallest effect that matters."), pw.EFFECT)
    if inputs.outcome == pw.PROPORTION:
        if inputs.expected_effect is not None and abs(inputs.expected_effect) > 1:
            raise pw.PowerError(pw.EFFECT_OUT_OF_RANGE, N_(
                "A change in a proportion is at most 100 percentage points."), pw.EFFECT)
        if inputs.baseline_proportion is not None:
            pw.detectable_proportion(inputs.baseline_proportion, pw.REFERENCE_GROUP_SIZE,
                                     **levels, expected_effect=inputs.expected_effect)
            if inputs.expected_effect is not None:
                pw.required_n_proportions(inputs.baseline_proportion, inputs.expected_effect,
                                          **levels)
    elif inputs.sd is not None:
        pw.detectable_mean(inputs.sd, pw.REFERENCE_GROUP_SIZE, **levels)
        if inputs.expected_effect is not None:
            pw.required_n_means(inputs.sd, inputs.expected_effect, **levels)


def save_power(session: Session, project: Project, inputs: PowerInputs, *,
               version: int | None) -> EvaluationPlan:
    """Save the power calculation's inputs; ``PowerError`` for bad input, nothing changed.

    The baseline is kept only for a proportion and σ only for a mean; a blank comparison group
    is as large as the intervention group.
    """
    check_power_inputs(inputs)
    if inputs.power_indicator_id is not None and inputs.power_indicator_id not in {
            i.id for i in outcome_indicators(project)}:
        raise EvaluationPlanRefused("power_indicator", N_("Choose one of the logic model's "
                                                          "outcome indicators."))
    plan = _plan_for_write(session, project, version)
    proportion = inputs.outcome == pw.PROPORTION
    plan.outcome = inputs.outcome
    plan.baseline_proportion = inputs.baseline_proportion if proportion else None
    plan.sd = None if proportion else inputs.sd
    plan.expected_effect = inputs.expected_effect
    plan.alpha = inputs.alpha
    plan.power = inputs.power
    plan.n_intervention = inputs.n_intervention
    plan.n_comparison = (inputs.n_comparison if inputs.n_comparison is not None
                         else inputs.n_intervention)
    plan.power_indicator_id = inputs.power_indicator_id
    session.flush()
    return plan


def computed(plan: Any) -> dict[str, Decimal | int | None]:
    """The evaluation plan's computed values, as the exchange format's ``computed`` defines them.

    ``plan`` is an ``EvaluationPlan`` (or anything with its power attributes: ``outcome``,
    ``baseline_proportion``, ``sd``, ``expected_effect``, ``alpha``, ``power``,
    ``n_intervention``, ``n_comparison``). Returns::

        {"mde": Decimal | None, "n_per_group_for_expected_effect": int | None}

    * ``mde``: the smallest effect the planned groups detect, positive — for a proportion the
      absolute difference |p1 − p0| (a fraction, six decimals) in the direction of the expected
      effect (a decrease when none is given); for a mean in the indicator's unit. A blank
      comparison group counts as large as the intervention group. None when the groups, the
      baseline (proportion) or σ (mean) are missing, when an input is invalid, or when nothing in
      that direction can be detected at all (the proportion would pass 0 or 1).
    * ``n_per_group_for_expected_effect``: the size of each of two equal groups needed to detect
      the expected effect, rounded up to whole people; None when the expected effect, the
      baseline (proportion) or σ (mean) is missing or the input is invalid.
    """
    inputs = PowerInputs.of(plan)
    return {"mde": _mde(inputs), "n_per_group_for_expected_effect": _required_n(inputs)}


def _mde(inputs: PowerInputs) -> Decimal | None:
    groups = inputs.groups
    if groups is None:
        return None
    levels = {"alpha": inputs.alpha, "power": inputs.power}
    try:
        if inputs.outcome == pw.MEAN:
            if inputs.sd is None:
                return None
            return pw.detectable_mean(inputs.sd, *groups, **levels).mde
        if inputs.baseline_proportion is None:
            return None
        result = pw.detectable_proportion(inputs.baseline_proportion, *groups, **levels,
                                          expected_effect=inputs.expected_effect or None)
    except pw.PowerError:
        return None
    return None if result.at_bound else result.magnitude


def _required_n(inputs: PowerInputs) -> int | None:
    if inputs.expected_effect is None:
        return None
    levels = {"alpha": inputs.alpha, "power": inputs.power}
    try:
        if inputs.outcome == pw.MEAN:
            if inputs.sd is None:
                return None
            return pw.required_n_means(inputs.sd, inputs.expected_effect, **levels).n1
        if inputs.baseline_proportion is None:
            return None
        return pw.required_n_proportions(inputs.baseline_proportion, inputs.expected_effect,
                                         **levels).n1
    except pw.PowerError:
        return None


@dataclass(frozen=True)
class PowerFigures:
    """Everything the page shows of the power calculation; None where inputs are missing."""

    inputs: PowerInputs
    #: What the planned groups detect.
    detectable: pw.DetectableProportion | pw.DetectableMean | None = None
    #: What groups of the reference size (60) detect.
    reference: pw.DetectableProportion | pw.DetectableMean | None = None
    #: The groups needed for the expected effect (equal groups, and in the planned ratio).
    required: pw.SampleSize | None = None
    required_in_ratio: pw.SampleSize | None = None
    #: The planned groups' power to detect the expected effect.
    achieved: pw.AchievedPower | None = None
    curve: tuple = ()
    #: The stored input cannot be used (e.g. the domain's rules changed since it was saved).
    error: pw.PowerError | None = None
    #: What is missing before anything can be computed (msgids).
    missing: tuple[str, ...] = field(default_factory=tuple)


def curve_sizes(planned: int | None) -> tuple[int, ...]:
    """The chart's group sizes: the default ones, the reference 60 and the planned size."""
    sizes = set(pw.DEFAULT_CURVE_SIZES) | {pw.REFERENCE_GROUP_SIZE}
    if planned is not None and 2 <= planned <= 100_000:
        sizes.add(planned)
    return tuple(sorted(sizes))


def power_figures(plan: EvaluationPlan | None) -> PowerFigures:
    """Compute the plan's detectable effect, required size, achieved power and curve."""
    inputs = PowerInputs.of(plan) if plan is not None else PowerInputs()
    proportion = inputs.outcome == pw.PROPORTION
    missing = []
    if proportion and inputs.baseline_proportion is None:
        missing.append(N_("the baseline proportion"))
    if not proportion and inputs.sd is None:
        missing.append(N_("the standard deviation"))
    if inputs.expected_effect is None:
        missing.append(N_("the expected effect"))
    if inputs.groups is None:
        missing.append(N_("the planned group sizes"))
    base = inputs.baseline_proportion if proportion else inputs.sd
    if base is None:
        return PowerFigures(inputs, missing=tuple(missing))
    levels = {"alpha": inputs.alpha, "power": inputs.power}
    effect = inputs.expected_effect or None
    groups = inputs.groups
    values: dict[str, Any] = {}
    try:
        if proportion:
            values["reference"] = pw.detectable_proportion(base, pw.REFERENCE_GROUP_SIZE,
                                                           **levels, expected_effect=effect)
        else:
            values["reference"] = pw.detectable_mean(base, pw.REFERENCE_GROUP_SIZE, **levels)
        ratio = Decimal(groups[1]) / Decimal(groups[0]) if groups else Decimal(1)
        sizes = curve_sizes(groups[0] if groups else None)
        if proportion:
            values["curve"] = pw.proportion_curve(base, sizes=sizes, ratio=ratio, **levels,
                                                  expected_effect=effect)
        else:
            values["curve"] = pw.mean_curve(base, sizes=sizes, ratio=ratio, **levels)
        if groups is not None:
            if proportion:
                values["detectable"] = pw.detectable_proportion(base, *groups, **levels,
                                                                expected_effect=effect)
            else:
                values["detectable"] = pw.detectable_mean(base, *groups, **levels)
        if effect is not None:
            required = (pw.required_n_proportions if proportion else pw.required_n_means)
            values["required"] = required(base, effect, **levels)
            if groups is not None and groups[0] != groups[1]:
                values["required_in_ratio"] = required(base, effect, **levels, ratio=ratio)
            if groups is not None:
                achieved = (pw.achieved_power_proportions if proportion
                            else pw.achieved_power_means)
                values["achieved"] = achieved(base, effect, *groups, alpha=inputs.alpha)
    except pw.PowerError as error:
        return PowerFigures(inputs, error=error, missing=tuple(missing))
    return PowerFigures(inputs, missing=tuple(missing), **values)


# --- Success criteria against the detectable effect --------------------------------------------


@dataclass(frozen=True)
class SuccessCheck:
    """A comparison of an effect with what the planned groups can detect.

    ``what`` is ``"criterion"`` (the power indicator's success criterion) or ``"expected"``
    (the plan's expected effect); ``value`` is in the scale of the calculation (a fraction for
    proportions, the unit for means); ``problem`` is ``power.BELOW_DETECTABLE`` or None.
    """

    what: str
    value: Decimal
    detectable: Decimal
    problem: str | None
    indicator: LogicIndicator | None = None


def in_power_scale(indicator: LogicIndicator, outcome: str, value: Decimal | None
                   ) -> Decimal | None:
    """An expectation's value in the power calculation's scale, or None when it cannot be
    compared: a proportion needs an indicator in percent (fractions already); for a mean an
    indicator in percent is in percentage points."""
    if value is None:
        return None
    if outcome == pw.PROPORTION:
        return value if indicator.unit == "percent" else None
    return value * 100 if indicator.unit == "percent" else value


def success_checks(figures: PowerFigures, indicator: LogicIndicator | None,
                   expectation: IndicatorExpectation | None) -> list[SuccessCheck]:
    """Compare the power indicator's success criterion, and the plan's expected effect, with the
    effect the planned groups can detect."""
    detectable = figures.detectable
    if detectable is None:
        return []
    limit = (detectable.magnitude if isinstance(detectable, pw.DetectableProportion)
             else detectable.mde)
    out = []
    if indicator is not None and expectation is not None:
        value = in_power_scale(indicator, figures.inputs.outcome, expectation.min_effect)
        if value is not None and value != 0:
            out.append(SuccessCheck("criterion", value, limit, pw.success_check(value, detectable),
                                    indicator))
    effect = figures.inputs.expected_effect
    if effect:
        out.append(SuccessCheck("expected", effect, limit, pw.success_check(effect, detectable)))
    return out


# --- Evaluator and measurement ----------------------------------------------------------------


def save_evaluator(session: Session, project: Project, *, evaluator_kind: str | None,
                   evaluator: str, evaluator_contacted_on: date | None,
                   evaluation_budget: Decimal | None, effect_measured_on: date | None,
                   baseline_plan: str, version: int | None) -> EvaluationPlan:
    """Save who evaluates, the evaluation budget and when effects and the baseline are
    measured."""
    if evaluator_kind is not None and evaluator_kind not in EVALUATOR_KINDS:
        raise EvaluationPlanRefused("evaluator_kind", N_("Choose internal or external."))
    if evaluation_budget is not None and evaluation_budget < 0:
        raise EvaluationPlanRefused("evaluation_budget", N_("The budget cannot be negative."))
    if evaluation_budget is not None and evaluation_budget >= Decimal("1000000000000"):
        raise EvaluationPlanRefused("evaluation_budget", N_("The amount is too large."))
    values = {"evaluator": _text(evaluator, "evaluator", MAX_NAME),
              "baseline_plan": _text(baseline_plan, "baseline_plan")}
    plan = _plan_for_write(session, project, version)
    plan.evaluator_kind = evaluator_kind
    plan.evaluator = values["evaluator"]
    plan.evaluator_contacted_on = evaluator_contacted_on
    plan.evaluation_budget = evaluation_budget
    plan.effect_measured_on = effect_measured_on
    plan.baseline_plan = values["baseline_plan"]
    session.flush()
    return plan


# --- Expected effects and success criteria ---------------------------------------------------


@dataclass(frozen=True)
class ExpectationValues:
    """One outcome indicator's expected effect and success criterion, in the stored units (see
    the module docstring); ``version`` is the row's version the user saw (None: no row)."""

    indicator_id: int
    expected_effect: Decimal | None = None
    basis: str | None = None
    basis_note: str = ""
    min_effect: Decimal | None = None
    agreed_by: str = ""
    agreed_on: date | None = None
    version: int | None = None

    @property
    def blank(self) -> bool:
        return (self.expected_effect is None and not self.basis and not self.basis_note
                and self.min_effect is None and not self.agreed_by and self.agreed_on is None)


@dataclass(frozen=True)
class Problem:
    """A refused value of one indicator's row."""

    indicator_id: int
    field: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


class ExpectationsRefused(Exception):
    """Values that cannot be saved; nothing was changed."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message % p.params if p.params else p.message
                                   for p in problems))
        self.problems = problems


def _direction(value: Decimal) -> int:
    return -1 if value < 0 else 1


def expectation_problems(indicator: LogicIndicator, values: ExpectationValues) -> list[Problem]:
    """What is wrong with ``values`` for ``indicator`` (empty when they can be saved)."""
    problems: list[Problem] = []

    def refuse(field_name: str, message: str, **params: Any) -> None:
        problems.append(Problem(indicator.id, field_name, message, params))

    percent = indicator.unit == "percent"
    for name in ("expected_effect", "min_effect"):
        value = getattr(values, name)
        if value is None:
            continue
        if value == 0:
            refuse(name, N_("Enter a change other than zero: negative for a decrease, positive "
                            "for an increase."))
        elif percent and abs(value) > 1:
            refuse(name, N_("A change in a percentage is at most 100 percentage points."))
        elif abs(value) >= MEASURE_LIMIT:
            refuse(name, N_("The number is too large."))
        elif name == "expected_effect" and percent and indicator.baseline is not None and not (
                0 <= indicator.baseline / 100 + value <= 1):
            # The expected effect is a change of the level (the power calculation reads it so).
            # The success criterion is compared with the evaluation's effect, which may be the
            # difference of two relative changes (the guide's truancy example: −30 % against
            # −12 %, 18 points), so the baseline does not bound it.
            refuse(name, N_("The baseline (%(baseline)s %%) plus this change must stay between "
                            "0 and 100 %%."), baseline=indicator.baseline)
    if values.basis is not None and values.basis not in EFFECT_BASES:
        refuse("basis", N_("Choose research, experience elsewhere or local adaptations."))
    expected, wanted = values.expected_effect, values.min_effect
    if expected and wanted and _direction(expected) != _direction(wanted):
        refuse("min_effect", N_("The success criterion points in the other direction than the "
                                "expected effect."))
    elif wanted and indicator.baseline is not None and indicator.target is not None and \
            indicator.target != indicator.baseline:
        desired = _direction(indicator.target - indicator.baseline)
        if _direction(wanted) != desired:
            refuse("min_effect", N_("The success criterion points away from the indicator's "
                                    "target: enter a decrease as a negative number and an "
                                    "increase as a positive one."))
    if len(values.basis_note) > MAX_TEXT:
        refuse("basis_note", N_("At most %(n)s characters."), n=MAX_TEXT)
    if len(values.agreed_by) > MAX_TEXT:
        refuse("agreed_by", N_("At most %(n)s characters."), n=MAX_TEXT)
    if (values.agreed_by or values.agreed_on) and wanted is None:
        refuse("min_effect", N_("Enter the success criterion that was agreed."))
    return problems


def save_expectations(session: Session, project: Project,
                      rows: Iterable[ExpectationValues]) -> list[IndicatorExpectation]:
    """Save the expected effects and success criteria of the outcome indicators, all or nothing.

    Raises ``ExpectationsRefused`` listing every refused value, or ``EvaluationPlanRefused``
    (``STALE_EXPECTATION``) when a row changed since the user saw it. A blank row without a
    stored one is skipped.
    """
    rows = list(rows)
    indicators = {i.id: i for i in outcome_indicators(project)}
    stored = expectations_of(session, project)
    problems: list[Problem] = []
    for values in rows:
        indicator = indicators.get(values.indicator_id)
        if indicator is None:
            raise EvaluationPlanRefused(None, N_("An indicator is no longer an outcome indicator "
                                                 "of the logic model. Nothing was saved."))
        problems += expectation_problems(indicator, values)
    if problems:
        raise ExpectationsRefused(problems)
    for values in rows:
        row = stored.get(values.indicator_id)
        if (row.version if row is not None else None) != values.version:
            raise EvaluationPlanRefused(None, STALE_EXPECTATION)
    saved = []
    for values in rows:
        row = stored.get(values.indicator_id)
        if row is None:
            if values.blank:
                continue
            row = IndicatorExpectation(project_id=project.id, indicator_id=values.indicator_id)
            session.add(row)
        row.expected_effect = values.expected_effect
        row.basis = values.basis or None
        row.basis_note = values.basis_note
        row.min_effect = values.min_effect
        row.agreed_by = values.agreed_by
        row.agreed_on = values.agreed_on
        saved.append(row)
    session.flush()
    return saved


__all__ = [
    "BASIS_LABELS",
    "EVALUATOR_KIND_LABELS",
    "OUTCOME_KIND_LABELS",
    "EvaluationPlanRefused",
    "ExpectationValues",
    "ExpectationsRefused",
    "PowerFigures",
    "PowerInputs",
    "SuccessCheck",
    "check_power_inputs",
    "choose_comparison",
    "chosen_alternative",
    "comparison_details",
    "computed",
    "expectation_problems",
    "expectations_of",
    "get_or_create_plan",
    "in_power_scale",
    "outcome_indicators",
    "plan_of",
    "power_figures",
    "save_comparison_details",
    "save_evaluator",
    "save_expectations",
    "save_guided_answers",
    "save_power",
    "success_checks",
    "success_criteria",
]
