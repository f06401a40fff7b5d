"""Reading and writing a project's costs and benefits, the unit-cost library, the price index and
the optimism reductions; building the pure calculation's inputs from them.

Functions flush, never commit. Every write checks its input first and raises ``CostsRefused``
(naming the form field) before anything changes, so a refused write leaves everything as it was.
Concurrent edits are caught by each row's version: a write with the version the user saw raises
``CostsRefused(None, STALE)`` when someone else saved in between.

People affected by a benefit line are either entered or derived as *participants × |expected
effect|*: the participants are the evaluation plan's planned intervention group (else the
project's planned reach), the effect the line's indicator's expected effect (else the plan's).

The same calculation can be made with *observed* effects (the evaluation's results): pass
``effects`` (indicator id → observed effect, a signed fraction) to ``project_costs``. A derived
line then counts participants × |the observed effect| of its indicator (else of the power
calculation's indicator), keeping the expected effect where no result was observed; the cost per
unit of effect uses the observed effect of the power calculation's indicator.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models.base import utcnow
from models.design import EvaluationPlan, IndicatorExpectation
from models.domain import N_
from models.domain import economics as ec
from models.domain import logic as lm
from models.economics import (
    PEOPLE_SOURCES,
    BenefitLine,
    BudgetLine,
    OptimismGrade,
    PriceIndexPoint,
    ProjectEconomics,
    UnitCost,
)
from models.logic_model import LogicIndicator
from models.organisation import Department
from models.project import Project

#: Actors outside the municipality's departments that bear costs or gain from avoided costs.
EXTERNAL_ACTORS: Mapping[str, str] = {
    "region": N_("The region"),
    "forsakringskassan": N_("Försäkringskassan"),
    "kriminalvarden": N_("Kriminalvården"),
    "arbetsformedlingen": N_("Arbetsförmedlingen"),
    "state": N_("Other state agencies"),
    "other": N_("Other actor"),
}

CATEGORY_LABELS: Mapping[str, str] = {
    "staff": N_("Staff"),
    "material": N_("Material"),
    "premises": N_("Premises"),
    "external": N_("External services"),
    "evaluation": N_("Evaluation"),
    "other": N_("Other costs"),
}

#: What each confidence grade means (shown beside the optimism reduction).
GRADE_LABELS: Mapping[str, str] = {
    "A": N_("A – audited local data"),
    "B": N_("B – local data, not audited"),
    "C": N_("C – national figures or comparable municipalities"),
    "D": N_("D – published estimate from another setting"),
    "E": N_("E – rough estimate or assumption"),
}

PEOPLE_SOURCE_LABELS: Mapping[str, str] = {
    "entered": N_("Entered"),
    "effect": N_("Participants × expected effect"),
}

STALE = N_("Someone else changed this while you were editing it. Nothing was saved; check the "
           "current values and try again.")

MAX_TEXT = 2000
MAX_NAME = 200
MAX_UNIT = 60
MAX_PHASE = 100
#: Years a budget or benefit may fall in, from the project's start (a plausible horizon).
HORIZON = 50
#: The most years a benefit may last, and the largest amount or count accepted.
MAX_YEARS = 50
MAX_AMOUNT = Decimal("999999999999.99")
MAX_MEASURE = Decimal("99999999999999")
YEAR_MIN, YEAR_MAX = 1900, 2200


class CostsRefused(Exception):
    """A write that is not allowed; ``field`` names the form field (None: the whole form),
    ``message`` is a msgid with ``params``."""

    def __init__(self, field: str | None, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.field = field
        self.message = message
        self.params = params
        #: In an import, the data row (1 = the first) the problem is on.
        self.row: int | None = None


# --- Reading --------------------------------------------------------------------------------


def settings_of(session: Session, project: Project) -> ProjectEconomics | None:
    if project.id is None:
        return None
    return session.scalar(select(ProjectEconomics)
                          .where(ProjectEconomics.project_id == project.id))


def get_or_create_settings(session: Session, project: Project) -> ProjectEconomics:
    settings = settings_of(session, project)
    if settings is None:
        settings = ProjectEconomics(project_id=project.id, discount_rate=Decimal("0.035"),
                                    sensitivity_factor=Decimal("0.25"), mc_ranges={},
                                    mc_seed=20240101, mc_draws=10000)
        session.add(settings)
        session.flush()
    return settings


def price_index(session: Session) -> dict[int, Decimal]:
    return {p.year: p.value for p in session.scalars(
        select(PriceIndexPoint).order_by(PriceIndexPoint.year))}


def optimism_rows(session: Session) -> list[OptimismGrade]:
    return list(session.scalars(select(OptimismGrade).order_by(OptimismGrade.grade)))


def optimism_table(session: Session) -> dict[str, Decimal]:
    """The reduction per grade: the organisation's where set, else the documented default."""
    table = dict(ec.DEFAULT_OPTIMISM)
    table.update({row.grade: row.share for row in optimism_rows(session)})
    return table


def unit_costs(session: Session) -> list[UnitCost]:
    return list(session.scalars(select(UnitCost).order_by(UnitCost.name, UnitCost.key)))


def unit_cost_by_key(session: Session, key: str) -> UnitCost | None:
    return session.scalar(select(UnitCost).where(UnitCost.key == key))


def unit_cost_use_counts(session: Session) -> dict[int, int]:
    """How many benefit lines use each unit cost (by id)."""
    rows = session.execute(select(BenefitLine.unit_cost_id, func.count())
                           .group_by(BenefitLine.unit_cost_id))
    return {unit_id: count for unit_id, count in rows}


def actor_names(session: Session, translate: Any = lambda s: s) -> dict[str, str]:
    """Every actor's display name by key: departments first, then the external actors."""
    names = {d.key: d.name for d in session.scalars(select(Department).order_by(Department.name))}
    names.update({key: translate(label) for key, label in EXTERNAL_ACTORS.items()
                  if key not in names})
    return names


def earliest_year(session: Session, project: Project) -> int | None:
    """The first year any budget or benefit line of the project falls in, or None."""
    if project.id is None:
        return None
    years = [session.scalar(select(func.min(BudgetLine.year))
                            .where(BudgetLine.project_id == project.id)),
             session.scalar(select(func.min(BenefitLine.first_year))
                            .where(BenefitLine.project_id == project.id))]
    return min((y for y in years if y is not None), default=None)


def budget_lines(session: Session, project: Project) -> list[BudgetLine]:
    return list(session.scalars(select(BudgetLine).where(BudgetLine.project_id == project.id)
                                .order_by(BudgetLine.year, BudgetLine.position, BudgetLine.id)))


def benefit_lines(session: Session, project: Project) -> list[BenefitLine]:
    return list(session.scalars(
        select(BenefitLine).where(BenefitLine.project_id == project.id)
        .options(selectinload(BenefitLine.unit_cost), selectinload(BenefitLine.indicator))
        .order_by(BenefitLine.position, BenefitLine.id)))


def plan_of(session: Session, project: Project) -> EvaluationPlan | None:
    return session.scalar(select(EvaluationPlan).where(EvaluationPlan.project_id == project.id))


def start_year(project: Project, years: Iterable[int] = ()) -> int:
    """The project's first year: its start date's, else the earliest line's, else this year."""
    if project.start is not None:
        return project.start.year
    return min(years, default=utcnow().year)


def participants(project: Project, plan: EvaluationPlan | None) -> int | None:
    """The planned participants: the evaluation plan's intervention group, else the planned
    reach of the target group."""
    if plan is not None and plan.n_intervention:
        return plan.n_intervention
    return project.size_reached or None


@dataclass(frozen=True)
class EffectSource:
    """Where a derived number of people comes from, for showing the chain."""

    participants: int | None
    effect: Decimal | None
    #: "indicator" (the line's indicator's expected effect) or "plan" (the power calculation's);
    #: with observed effects also "observed" (the line's indicator's observed effect) or
    #: "observed_plan" (the power calculation's indicator's observed effect).
    effect_from: str | None

    @property
    def people(self) -> Decimal | None:
        if self.participants is None or self.effect is None:
            return None
        return Decimal(self.participants) * abs(self.effect)


def effect_source(project: Project, plan: EvaluationPlan | None,
                  expectations: Mapping[int, IndicatorExpectation],
                  indicator_id: int | None, *,
                  observed: Mapping[int, Decimal] | None = None) -> EffectSource:
    """The effect behind a derived number of people. Only an effect on a share counts (an
    indicator in per cent, or a power calculation on proportions): an effect in another unit,
    say ten fewer days, says nothing about how many people are affected.

    ``observed`` (indicator id → observed effect on a share, a signed fraction; only indicators
    in per cent belong in it) takes the place of the expected effects: the indicator's own
    observed effect, else the power calculation's indicator's (a calculation on proportions);
    where neither was observed, the expected effect stays."""
    if observed:
        if indicator_id is not None and observed.get(indicator_id) is not None:
            return EffectSource(participants(project, plan), observed[indicator_id], "observed")
        power = plan.power_indicator_id if plan is not None else None
        if (power is not None and observed.get(power) is not None
                and plan.outcome == "proportion"):
            return EffectSource(participants(project, plan), observed[power], "observed_plan")
    expectation = expectations.get(indicator_id) if indicator_id is not None else None
    if (expectation is not None and expectation.expected_effect is not None
            and expectation.indicator is not None and expectation.indicator.unit == "percent"):
        effect, source = expectation.expected_effect, "indicator"
    elif (plan is not None and plan.expected_effect is not None
          and plan.outcome == "proportion"):
        effect, source = plan.expected_effect, "plan"
    else:
        effect, source = None, None
    return EffectSource(participants(project, plan), effect, source)


def expectations_of(session: Session, project: Project) -> dict[int, IndicatorExpectation]:
    return {row.indicator_id: row for row in session.scalars(
        select(IndicatorExpectation).where(IndicatorExpectation.project_id == project.id)
        .options(selectinload(IndicatorExpectation.indicator)))}


@dataclass
class ProjectCosts:
    """Everything the budget, benefits and calculation pages and the exports read."""

    project: Project
    settings: ProjectEconomics | None
    plan: EvaluationPlan | None
    budget: list[BudgetLine]
    benefits: list[BenefitLine]
    unit_costs: dict[str, UnitCost]
    index: dict[int, Decimal]
    optimism: dict[str, Decimal]
    expectations: dict[int, IndicatorExpectation]
    #: The people each benefit line counts (by key); None where they cannot be derived.
    people: dict[str, Decimal | None] = field(default_factory=dict)
    sources: dict[str, EffectSource] = field(default_factory=dict)
    #: Observed effects by indicator id (see ``effect_source``); None for the expected ones.
    observed: dict[int, Decimal] | None = None

    @property
    def discount_rate(self) -> Decimal:
        return self.settings.discount_rate if self.settings else Decimal("0.035")

    @property
    def start_year(self) -> int:
        return start_year(self.project, [b.year for b in self.budget]
                          + [b.first_year for b in self.benefits])

    @property
    def price_year(self) -> int:
        if self.settings is not None and self.settings.price_year is not None:
            return self.settings.price_year
        return self.start_year

    @property
    def sensitivity_factor(self) -> Decimal:
        return self.settings.sensitivity_factor if self.settings else Decimal("0.25")

    @property
    def participants(self) -> int | None:
        return participants(self.project, self.plan)

    @property
    def expected_effect(self) -> Decimal | None:
        return self.plan.expected_effect if self.plan is not None else None

    @property
    def calculation_effect(self) -> Decimal | None:
        """The effect the cost per unit of effect divides by: the power calculation's indicator's
        observed effect when observed effects are given and it has one, else the expected."""
        plan = self.plan
        if (self.observed and plan is not None and plan.power_indicator_id is not None
                and self.observed.get(plan.power_indicator_id) is not None):
            return self.observed[plan.power_indicator_id]
        return self.expected_effect

    def derive_people(self) -> None:
        """Fill ``people`` (and ``sources`` for derived lines) from the benefit lines."""
        for line in self.benefits:
            if line.people_source == "effect":
                source = effect_source(self.project, self.plan, self.expectations,
                                       line.indicator_id, observed=self.observed)
                self.sources[line.key] = source
                self.people[line.key] = source.people
            else:
                self.people[line.key] = line.people

    def inputs(self) -> ec.EconomicsInputs:
        """The pure calculation's inputs. Lines whose people cannot be derived count 0 people
        (the benefits page says why)."""
        used = {line.unit_cost.key for line in self.benefits}
        return ec.EconomicsInputs(
            start_year=self.start_year,
            price_year=self.price_year,
            discount_rate=self.discount_rate,
            budget=tuple(ec.BudgetLine(b.category, b.actor, b.year, b.amount, b.note)
                         for b in self.budget),
            benefits=tuple(
                ec.BenefitLine(line.key, line.indicator.key if line.indicator else None,
                               line.unit_cost.key, self.people.get(line.key) or Decimal(0),
                               line.units_per_person, line.actor, line.first_year, line.years,
                               line.deadweight, line.attribution, line.drop_off)
                for line in self.benefits),
            unit_costs=tuple(domain_unit(u) for key, u in sorted(self.unit_costs.items())
                             if key in used),
            price_index=dict(self.index),
            optimism=dict(self.optimism),
            effect=self.calculation_effect,
            participants=(Decimal(self.participants) if self.participants else None),
        )


def domain_unit(unit: UnitCost) -> ec.UnitCost:
    return ec.UnitCost(unit.key, unit.name, unit.unit, unit.amount, unit.price_year,
                       unit.local_amount, unit.confidence)


def project_costs(session: Session, project: Project, *,
                  effects: Mapping[int, Decimal] | None = None) -> ProjectCosts:
    """Load a project's costs, benefits and what they depend on (a few queries). ``effects``
    (indicator id → observed effect on a share, a signed fraction) makes the derived numbers of
    people and the cost per unit of effect use observed effects (see ``effect_source``)."""
    plan = plan_of(session, project)
    benefits = benefit_lines(session, project)
    expectations = expectations_of(session, project)
    costs = ProjectCosts(
        project=project, settings=settings_of(session, project), plan=plan,
        budget=budget_lines(session, project), benefits=benefits,
        unit_costs={u.key: u for u in unit_costs(session)}, index=price_index(session),
        optimism=optimism_table(session), expectations=expectations,
        observed=dict(effects) if effects is not None else None)
    costs.derive_people()
    return costs


# --- Checking values ------------------------------------------------------------------------


def _text(value: str | None, field_name: str, *, limit: int = MAX_TEXT,
          required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise CostsRefused(field_name, N_("Enter a text."))
    if len(text) > limit:
        raise CostsRefused(field_name, N_("At most %(n)s characters."), n=limit)
    return text


def _decimal(value: Any, field_name: str, *, required: bool = True,
             limit: Decimal = MAX_MEASURE) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise CostsRefused(field_name, N_("Enter a number."))
        return None
    if isinstance(value, bool | float):
        raise CostsRefused(field_name, N_("Enter a number."))
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise CostsRefused(field_name, N_("Enter a number.")) from None
    if not number.is_finite():
        raise CostsRefused(field_name, N_("Enter a number."))
    if number < 0:
        raise CostsRefused(field_name, N_("The value cannot be negative."))
    if number > limit:
        raise CostsRefused(field_name, N_("The value is too large."))
    return number


def _share(value: Any, field_name: str) -> Decimal:
    number = _decimal(value, field_name, required=False) or Decimal(0)
    if number > 1:
        raise CostsRefused(field_name, N_("Enter a share between 0 and 100 per cent."))
    if number != number.quantize(Decimal("0.0001")):
        raise CostsRefused(field_name, N_("Give the share with at most two decimals in per cent."))
    return number


def _year(value: Any, field_name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise CostsRefused(field_name, N_("Enter a year."))
    if not YEAR_MIN <= value <= YEAR_MAX:
        raise CostsRefused(field_name, N_("Enter a year between %(low)s and %(high)s."),
                           low=YEAR_MIN, high=YEAR_MAX)
    return value


def _money(value: Any, field_name: str, *, required: bool = True) -> Decimal | None:
    number = _decimal(value, field_name, required=required, limit=MAX_AMOUNT)
    if number is not None and number != number.quantize(Decimal("0.01")):
        raise CostsRefused(field_name, N_("Give the amount in kronor with at most two decimals."))
    return number


def _in_project_years(project: Project, year: int, field_name: str) -> None:
    if project.start is not None and year < project.start.year:
        raise CostsRefused(field_name, N_("%(year)s is before the project starts (%(start)s)."),
                           year=year, start=project.start.year)
    if project.start is not None and year > project.start.year + HORIZON:
        raise CostsRefused(field_name, N_("%(year)s is more than %(n)s years after the project "
                                          "starts."), year=year, n=HORIZON)


def _actor(session: Session, key: str | None, field_name: str = "actor") -> str:
    key = (key or "").strip()
    if not key:
        raise CostsRefused(field_name, N_("Choose who bears the cost or gains."))
    if key not in EXTERNAL_ACTORS and session.scalar(
            select(Department.id).where(Department.key == key)) is None:
        raise CostsRefused(field_name, N_("There is no actor “%(key)s”."), key=key)
    return key


def _check_version(row: Any, version: int | None) -> None:
    if row is not None and version is not None and version != row.version:
        raise CostsRefused(None, STALE)


# --- Project settings -----------------------------------------------------------------------


def save_settings(session: Session, project: Project, *, discount_rate: Any, price_year: Any,
                  sensitivity_factor: Any, version: int | None) -> ProjectEconomics:
    """The discount rate (a share, at most 100 %), the price year (None: the start year) and
    the one-way sensitivity variation."""
    existing = settings_of(session, project)
    _check_version(existing, version)
    rate = _decimal(discount_rate, "discount_rate")
    if rate > 1:
        raise CostsRefused("discount_rate",
                           N_("The discount rate must be between 0 and 100 per cent."))
    if rate != rate.quantize(Decimal("0.0001")):
        raise CostsRefused("discount_rate",
                           N_("Give the share with at most two decimals in per cent."))
    year = None if price_year in (None, "") else _year(price_year, "price_year")
    factor = _share(sensitivity_factor, "sensitivity_factor")
    if factor == 0:
        raise CostsRefused("sensitivity_factor", N_("Choose a variation greater than 0 per cent."))
    settings = existing or get_or_create_settings(session, project)
    for name, value in (("discount_rate", rate), ("price_year", year),
                        ("sensitivity_factor", factor)):
        if getattr(settings, name) != value:
            setattr(settings, name, value)
    session.flush()
    return settings


MC_PARAMETERS = (ec.PEOPLE, ec.UNIT_COSTS, ec.YEARS, ec.DISCOUNT_RATE)
MAX_DRAWS = 100_000


def save_monte_carlo_settings(session: Session, project: Project, *,
                              ranges: Mapping[str, Sequence[Any]], seed: Any, draws: Any,
                              version: int | None) -> ProjectEconomics:
    """Store the triangular ranges (low, likely, high per parameter; multipliers of the base
    value, the discount rate as a rate), the seed and the number of draws."""
    existing = settings_of(session, project)
    _check_version(existing, version)
    stored: dict[str, list[str]] = {}
    for parameter, values in ranges.items():
        if parameter not in MC_PARAMETERS:
            raise CostsRefused(None, N_("Unknown parameter “%(key)s”."), key=parameter)
        if values is None or all(v in (None, "") for v in values):
            continue
        if len(values) != 3:
            raise CostsRefused(f"{parameter}_low", N_("Give a low, a likely and a high value."))
        low, likely, high = (_decimal(v, f"{parameter}_{name}")
                             for v, name in zip(values, ("low", "likely", "high"), strict=True))
        for value, name in ((low, "low"), (likely, "likely"), (high, "high")):
            if value != value.quantize(Decimal("0.000001")):
                raise CostsRefused(f"{parameter}_{name}",
                                   N_("Give the value with at most four decimals in per cent."))
        if not low <= likely <= high:
            raise CostsRefused(f"{parameter}_low", N_("The low value must not exceed the likely "
                                                     "value, nor the likely the high."))
        if parameter == ec.DISCOUNT_RATE and high > 1:
            raise CostsRefused(f"{parameter}_high",
                               N_("The discount rate must be between 0 and 100 per cent."))
        stored[parameter] = [str(low), str(likely), str(high)]
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= 2**31 - 1:
        raise CostsRefused("seed", N_("Enter a whole number between 0 and %(max)s."),
                           max=2**31 - 1)
    if not isinstance(draws, int) or isinstance(draws, bool) or not 1 <= draws <= MAX_DRAWS:
        raise CostsRefused("draws", N_("Enter a whole number between 1 and %(max)s."),
                           max=MAX_DRAWS)
    settings = existing or get_or_create_settings(session, project)
    if settings.mc_ranges != stored:
        settings.mc_ranges = stored
    if settings.mc_seed != seed:
        settings.mc_seed = seed
    if settings.mc_draws != draws:
        settings.mc_draws = draws
    session.flush()
    return settings


def store_monte_carlo_result(session: Session, project: Project, result: Mapping[str, Any],
                             fingerprint_value: str, *, at: datetime | None = None) -> None:
    """Keep the run's summary with the fingerprint of the inputs it was run on
    (``models.domain.economics_analysis.inputs_fingerprint``)."""
    settings = get_or_create_settings(session, project)
    settings.mc_result = dict(result)
    settings.mc_fingerprint = fingerprint_value
    settings.mc_run_at = at or utcnow()
    session.flush()


# --- Budget lines ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetValues:
    category: str
    actor: str
    year: int
    amount: Any
    month: int | None = None
    phase: str = ""
    note: str = ""


def _check_budget(session: Session, project: Project, values: BudgetValues) -> BudgetValues:
    if values.category not in ec.CATEGORIES:
        raise CostsRefused("category", N_("Choose a category."))
    actor = _actor(session, values.actor)
    year = _year(values.year, "year")
    _in_project_years(project, year, "year")
    month = values.month
    if month is not None and (not isinstance(month, int) or not 1 <= month <= 12):
        raise CostsRefused("month", N_("Choose a month from 1 to 12."))
    amount = _money(values.amount, "amount")
    return BudgetValues(values.category, actor, year, amount, month,
                        _text(values.phase, "phase", limit=MAX_PHASE), _text(values.note, "note"))


def _apply(row: Any, values: Any, names: Iterable[str]) -> None:
    for name in names:
        if getattr(row, name) != getattr(values, name):
            setattr(row, name, getattr(values, name))


_BUDGET_FIELDS = ("category", "actor", "year", "month", "phase", "amount", "note")


def add_budget_line(session: Session, project: Project, values: BudgetValues) -> BudgetLine:
    values = _check_budget(session, project, values)
    position = session.scalar(select(func.max(BudgetLine.position))
                              .where(BudgetLine.project_id == project.id))
    line = BudgetLine(project_id=project.id, position=(position or 0) + 1)
    _apply(line, values, _BUDGET_FIELDS)
    session.add(line)
    session.flush()
    return line


def update_budget_line(session: Session, project: Project, line: BudgetLine,
                       values: BudgetValues, *, version: int | None) -> None:
    _check_version(line, version)
    values = _check_budget(session, project, values)
    _apply(line, values, _BUDGET_FIELDS)
    session.flush()


def delete_budget_line(session: Session, line: BudgetLine, *, version: int | None) -> None:
    _check_version(line, version)
    session.delete(line)
    session.flush()


def budget_line_by_id(session: Session, project: Project, line_id: int) -> BudgetLine | None:
    return session.scalar(select(BudgetLine).where(BudgetLine.project_id == project.id,
                                                   BudgetLine.id == line_id))


# --- Benefit lines --------------------------------------------------------------------------


@dataclass(frozen=True)
class BenefitValues:
    unit_cost: str
    units_per_person: Any
    actor: str
    first_year: int
    years: int
    people_source: str = "entered"
    people: Any = None
    indicator: str | None = None
    deadweight: Any = Decimal(0)
    attribution: Any = Decimal(0)
    drop_off: Any = Decimal(0)
    evidence_years: int | None = None
    note: str = ""


def _check_benefit(session: Session, project: Project, values: BenefitValues
                   ) -> tuple[BenefitValues, UnitCost, LogicIndicator | None]:
    indicator = None
    if values.indicator:
        indicator = next((i for e in project.logic_elements for i in e.indicators
                          if i.key == values.indicator and i.kind == "outcome"), None)
        if indicator is None:
            raise CostsRefused("indicator",
                               N_("Choose an outcome indicator of this initiative's logic model."))
    if values.people_source not in PEOPLE_SOURCES:
        raise CostsRefused("people_source", N_("Choose how the number of people is given."))
    if values.people_source == "entered":
        people = _decimal(values.people, "people")
    else:
        people = _decimal(values.people, "people", required=False)
    unit = unit_cost_by_key(session, (values.unit_cost or "").strip())
    if unit is None:
        raise CostsRefused("unit_cost", N_("There is no unit cost “%(key)s”."),
                           key=values.unit_cost or "")
    units = _decimal(values.units_per_person, "units_per_person")
    actor = _actor(session, values.actor)
    first = _year(values.first_year, "first_year")
    _in_project_years(project, first, "first_year")
    years = values.years
    if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= MAX_YEARS:
        raise CostsRefused("years", N_("Enter a number of years from 1 to %(n)s."), n=MAX_YEARS)
    evidence = values.evidence_years
    if evidence is not None and (not isinstance(evidence, int) or isinstance(evidence, bool)
                                 or not 0 <= evidence <= MAX_YEARS):
        raise CostsRefused("evidence_years",
                           N_("Enter a number of years from 0 to %(n)s."), n=MAX_YEARS)
    checked = BenefitValues(
        unit_cost=unit.key, units_per_person=units, actor=actor, first_year=first, years=years,
        people_source=values.people_source, people=people,
        indicator=indicator.key if indicator else None,
        deadweight=_share(values.deadweight, "deadweight"),
        attribution=_share(values.attribution, "attribution"),
        drop_off=_share(values.drop_off, "drop_off"),
        evidence_years=evidence, note=_text(values.note, "note"))
    return checked, unit, indicator


_BENEFIT_FIELDS = ("units_per_person", "actor", "first_year", "years", "people_source", "people",
                   "deadweight", "attribution", "drop_off", "evidence_years", "note")


def _apply_benefit(line: BenefitLine, values: BenefitValues, unit: UnitCost,
                   indicator: LogicIndicator | None) -> None:
    _apply(line, values, _BENEFIT_FIELDS)
    if line.unit_cost_id != unit.id:
        line.unit_cost = unit
    wanted = indicator.id if indicator else None
    if line.indicator_id != wanted:
        line.indicator = indicator


def add_benefit_line(session: Session, project: Project, values: BenefitValues,
                     *, key: str | None = None) -> BenefitLine:
    """Add a benefit line last, with the next free key (b1, b2…) unless one is given."""
    values, unit, indicator = _check_benefit(session, project, values)
    existing = benefit_lines(session, project)
    if key is None:
        key = lm.next_key("b", (line.key for line in existing))
    line = BenefitLine(project_id=project.id, key=key,
                       position=max((b.position for b in existing), default=0) + 1)
    _apply_benefit(line, values, unit, indicator)
    session.add(line)
    session.flush()
    return line


def update_benefit_line(session: Session, project: Project, line: BenefitLine,
                        values: BenefitValues, *, version: int | None) -> None:
    _check_version(line, version)
    values, unit, indicator = _check_benefit(session, project, values)
    _apply_benefit(line, values, unit, indicator)
    session.flush()


def delete_benefit_line(session: Session, line: BenefitLine, *, version: int | None) -> None:
    _check_version(line, version)
    session.delete(line)
    session.flush()


def benefit_line_by_key(session: Session, project: Project, key: str) -> BenefitLine | None:
    return session.scalar(select(BenefitLine).where(BenefitLine.project_id == project.id,
                                                    BenefitLine.key == key))


# --- The unit-cost library ------------------------------------------------------------------


@dataclass(frozen=True)
class UnitCostValues:
    key: str
    name: str
    unit: str
    amount: Any
    price_year: int
    source: str = ""
    note: str = ""
    local_amount: Any = None
    confidence: str | None = None


KEY_PATTERN = N_("Use lower-case letters, digits and hyphens (e.g. hvb-dygn).")


def _check_unit(values: UnitCostValues) -> UnitCostValues:
    key = (values.key or "").strip()
    if not key or len(key) > 60 or not all(c.isascii() and (c.islower() or c.isdigit() or c == "-")
                                           for c in key):
        raise CostsRefused("key", KEY_PATTERN)
    confidence = values.confidence or None
    if confidence is not None and confidence not in ec.GRADES:
        raise CostsRefused("confidence", N_("Choose a confidence grade from A to E."))
    return UnitCostValues(
        key=key, name=_text(values.name, "name", limit=MAX_NAME, required=True),
        unit=_text(values.unit, "unit", limit=MAX_UNIT, required=True),
        amount=_money(values.amount, "amount"),
        price_year=_year(values.price_year, "price_year"),
        source=_text(values.source, "source"), note=_text(values.note, "note"),
        local_amount=_money(values.local_amount, "local_amount", required=False),
        confidence=confidence)


_UNIT_FIELDS = ("key", "name", "unit", "amount", "price_year", "source", "note", "local_amount",
                "confidence")


def add_unit_cost(session: Session, values: UnitCostValues, *, example: bool = False) -> UnitCost:
    values = _check_unit(values)
    if unit_cost_by_key(session, values.key) is not None:
        raise CostsRefused("key", N_("There is already a unit cost “%(key)s”."), key=values.key)
    unit = UnitCost(is_example=example)
    _apply(unit, values, _UNIT_FIELDS)
    session.add(unit)
    session.flush()
    return unit


def update_unit_cost(session: Session, unit: UnitCost, values: UnitCostValues, *,
                     version: int | None) -> None:
    """Change an item; an edited example becomes the organisation's own figure."""
    _check_version(unit, version)
    values = _check_unit(values)
    if values.key != unit.key and unit_cost_by_key(session, values.key) is not None:
        raise CostsRefused("key", N_("There is already a unit cost “%(key)s”."), key=values.key)
    _apply(unit, values, _UNIT_FIELDS)
    if unit.is_example:
        unit.is_example = False
    session.flush()


def delete_unit_cost(session: Session, unit: UnitCost, *, version: int | None) -> None:
    """Delete an item no benefit line uses."""
    _check_version(unit, version)
    used = session.scalar(select(func.count()).select_from(BenefitLine)
                          .where(BenefitLine.unit_cost_id == unit.id))
    if used:
        raise CostsRefused(None, N_("%(n)s benefit lines use this unit cost; change them first."),
                           n=used)
    session.delete(unit)
    session.flush()


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int


def import_unit_costs(session: Session, rows: Sequence[UnitCostValues]) -> ImportReport:
    """Add or update items by key, all or nothing. A bad row is refused with its number
    (1 = the first data row) in the error's ``row``."""
    seen: set[str] = set()
    checked: list[UnitCostValues] = []
    for number, values in enumerate(rows, start=1):
        try:
            item = _check_unit(values)
        except CostsRefused as error:
            error.row = number
            raise
        if item.key in seen:
            error = CostsRefused("key", N_("The key “%(key)s” appears twice."), key=item.key)
            error.row = number
            raise error
        seen.add(item.key)
        checked.append(item)
    added = updated = 0
    for item in checked:
        unit = unit_cost_by_key(session, item.key)
        if unit is None:
            unit = UnitCost(is_example=False)
            session.add(unit)
            added += 1
        else:
            updated += 1
            unit.is_example = False
        _apply(unit, item, _UNIT_FIELDS)
    session.flush()
    return ImportReport(added, updated)


# --- Price index and optimism ---------------------------------------------------------------


def save_price_index(session: Session, points: Mapping[int, Any]) -> None:
    """Replace the whole index by ``{year: value}`` (values > 0), all or nothing."""
    checked: dict[int, Decimal] = {}
    for year, value in points.items():
        _year(year, f"index_{year}")
        number = _decimal(value, f"index_{year}")
        if number <= 0:
            raise CostsRefused(f"index_{year}",
                               N_("The index for %(year)s must be greater than 0."), year=year)
        checked[year] = number
    existing = {p.year: p for p in session.scalars(select(PriceIndexPoint))}
    for year, point in existing.items():
        if year not in checked:
            session.delete(point)
    for year, value in checked.items():
        point = existing.get(year)
        if point is None:
            session.add(PriceIndexPoint(year=year, value=value))
        elif point.value != value:
            point.value = value
    session.flush()


def save_optimism(session: Session, shares: Mapping[str, Any],
                  notes: Mapping[str, str] | None = None) -> None:
    """The reduction per grade (shares 0–1), all or nothing."""
    checked = {}
    for grade in ec.GRADES:
        if grade not in shares:
            raise CostsRefused(f"grade_{grade}", N_("Enter a share for every grade."))
        checked[grade] = _share(shares[grade], f"grade_{grade}")
    rows = {row.grade: row for row in optimism_rows(session)}
    for grade, share in checked.items():
        note = _text((notes or {}).get(grade, ""), f"note_{grade}")
        row = rows.get(grade)
        if row is None:
            session.add(OptimismGrade(grade=grade, share=share, note=note))
        else:
            if row.share != share:
                row.share = share
            if row.note != note:
                row.note = note
    session.flush()


__all__ = [
    "BenefitValues", "BudgetValues", "CATEGORY_LABELS", "CostsRefused", "EXTERNAL_ACTORS",
    "EffectSource", "GRADE_LABELS", "ImportReport", "MC_PARAMETERS", "PEOPLE_SOURCE_LABELS",
    "ProjectCosts", "STALE", "UnitCostValues", "actor_names", "add_benefit_line",
    "add_budget_line", "add_unit_cost", "benefit_line_by_key", "budget_line_by_id",
    "delete_benefit_line", "delete_budget_line", "delete_unit_cost", "domain_unit",
    "earliest_year", "effect_source", "get_or_create_settings", "import_unit_costs",
    "optimism_table", "price_index", "project_costs", "save_monte_carlo_settings",
    "save_optimism", "save_price_index", "save_settings", "settings_of", "start_year",
    "store_monte_carlo_result", "unit_cost_by_key", "unit_cost_use_counts", "unit_costs",
    "update_benefit_line", "update_budget_line", "update_unit_cost",
]
