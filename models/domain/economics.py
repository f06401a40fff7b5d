"""Costs, avoidable costs and the expected economic effect (SPEC 3.5; FORMAT.md, *Economics*).

* A unit cost's amount is its local amount when set, else its (national) amount, restated to the
  project's price year as ``amount × index[price_year] / index[unit's price_year]``; it is left
  unchanged, and reported as such, when the index lacks either year.
* A benefit line yields, in its k-th year (k = 0 … years − 1, from ``first_year``),
  ``people × units_per_person × unit_amount × (1 − deadweight) × (1 − attribution)
  × (1 − drop_off)^k × (1 − optimism)``, where ``optimism`` is the reduction for the unit cost's
  confidence grade (no reduction for a null grade).
* Year ``t`` is discounted by ``(1 + r)^(t − t₀)``, ``t₀`` the year the project starts. Return per
  krona is benefit PV / cost PV (not defined when cost PV is 0); the payback year is the first year
  the cumulative discounted net is ≥ 0 (None if never).

Rounding: all arithmetic is Decimal, carried at 50 significant digits (exact for sums and
products of ordinary amounts; divisions by the index and by discount factors are the only inexact
steps). Nothing is rounded in between. Money is rounded half up to öre only when reported
(``money``, ``Economics.as_computed``), ratios to four decimals (``ratio``).

Bad input raises ``EconomicsError`` naming the field as the exchange format does
(``benefits[0].people``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

from models.domain import N_

Number = Decimal | int | str

CATEGORIES = ("staff", "material", "premises", "external", "evaluation", "other")
GRADES = ("A", "B", "C", "D", "E")

#: Optimism reduction per confidence grade, a share of the yield removed. Defaults the coordinator
#: adjusts for the organisation: A (audited local data) needs no reduction; B (local data, not
#: audited) 5 %; C (national or comparable-municipality figures) 10 %; D (published estimates
#: from other settings) 20 %; E (rough estimates or assumptions) 30 %, in the spirit of the UK
#: Treasury Green Book's optimism-bias adjustments, which grow as the evidence weakens.
DEFAULT_OPTIMISM: Mapping[str, Decimal] = {
    "A": Decimal("0"), "B": Decimal("0.05"), "C": Decimal("0.10"), "D": Decimal("0.20"),
    "E": Decimal("0.30"),
}

#: Working precision: 50 significant digits.
CONTEXT = Context(prec=50, rounding=ROUND_HALF_UP)
ORE = Decimal("0.01")
RATIO_PLACES = Decimal("0.0001")
ZERO = Decimal(0)
ONE = Decimal(1)

# Reason codes for values that are not defined.
NO_COSTS = "no_costs"
NO_EFFECT = "no_effect"
NO_BENEFITS = "no_benefits"
NO_CROSSING = "no_crossing"
REASONS = {
    NO_COSTS: N_("Not defined: the project has no costs."),
    NO_EFFECT: N_("Not defined: no effect size and number of people are given."),
    NO_BENEFITS: N_("Not defined: the project has no benefits."),
    NO_CROSSING: N_("Not defined: the return does not reach 1 for any value in the range."),
}

# Error codes.
NOT_A_NUMBER = "not_a_number"
NEGATIVE = "negative"
SHARE_OUT_OF_RANGE = "share_out_of_range"
RATE_OUT_OF_RANGE = "rate_out_of_range"
BEFORE_START = "before_start"
UNKNOWN_UNIT_COST = "unknown_unit_cost"
UNKNOWN_CATEGORY = "unknown_category"
UNKNOWN_GRADE = "unknown_grade"
YEARS_TOO_FEW = "years_too_few"
INDEX_NOT_POSITIVE = "index_not_positive"
FACTOR_OUT_OF_RANGE = "factor_out_of_range"
# Error codes of the uncertainty analysis (``economics_analysis.monte_carlo``).
UNKNOWN_PARAMETER = "unknown_parameter"
RANGE_NEGATIVE = "range_negative"
RANGE_RATE_OUT_OF_RANGE = "range_rate_out_of_range"
RANGE_ORDER = "range_order"
DRAWS_OUT_OF_RANGE = "draws_out_of_range"

_MESSAGES = {
    NOT_A_NUMBER: N_("%(field)s is not a number."),
    NEGATIVE: N_("%(field)s cannot be negative."),
    SHARE_OUT_OF_RANGE: N_("%(field)s must be a share between 0 and 1 (0–100 %%)."),
    RATE_OUT_OF_RANGE: N_("The discount rate must be between 0 and 1 (0–100 %%)."),
    BEFORE_START: N_("%(field)s (%(year)s) is before the project starts (%(start)s)."),
    UNKNOWN_UNIT_COST: N_("%(field)s: there is no unit cost “%(key)s”."),
    UNKNOWN_CATEGORY: N_("%(field)s: “%(category)s” is not a budget category."),
    UNKNOWN_GRADE: N_("%(field)s: “%(grade)s” is not a confidence grade (A–E)."),
    YEARS_TOO_FEW: N_("%(field)s must be at least 1."),
    INDEX_NOT_POSITIVE: N_("The price index for %(year)s must be greater than 0."),
    FACTOR_OUT_OF_RANGE: N_("The variation must be between 0 and 1 (0–100 %%)."),
    UNKNOWN_PARAMETER: N_("%(field)s: “%(parameter)s” is not an assumption that can be varied."),
    RANGE_NEGATIVE: N_("%(field)s is a multiple of the assumed value and cannot be negative."),
    RANGE_RATE_OUT_OF_RANGE: N_(
        "%(field)s is a discount rate and must be between 0 and 1 (0–100 %%)."),
    RANGE_ORDER: N_("%(field)s (%(value)s) cannot be lower than %(bound_field)s (%(bound)s)."),
    DRAWS_OUT_OF_RANGE: N_("The number of draws must be a whole number from 1 to %(max)s."),
}


class EconomicsError(ValueError):
    """Input the economics cannot be computed for; ``message`` is a msgid with ``params``,
    ``code`` says what is wrong and ``field`` which input (the exchange format's path)."""

    def __init__(self, code: str, field: str | None, **params: object):
        message = _MESSAGES[code]
        params = {"field": field, **params}
        super().__init__(message % params)
        self.code = code
        self.message = message
        self.field = field
        self.params = params


# ---------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class BudgetLine:
    category: str
    actor: str
    year: int
    amount: Decimal
    note: str = ""


@dataclass(frozen=True)
class UnitCost:
    key: str
    name: str
    unit: str
    amount: Decimal
    price_year: int
    local_amount: Decimal | None = None
    #: A–E or None.
    confidence: str | None = None


@dataclass(frozen=True)
class BenefitLine:
    key: str
    indicator: str | None
    unit_cost: str
    #: People affected; may be fractional (participants × effect).
    people: Decimal
    #: Units of the unit cost avoided per person and year.
    units_per_person: Decimal
    actor: str
    first_year: int
    years: int
    deadweight: Decimal = ZERO
    attribution: Decimal = ZERO
    drop_off: Decimal = ZERO


@dataclass(frozen=True)
class EconomicsInputs:
    """Everything one project's calculation needs."""

    start_year: int
    price_year: int
    discount_rate: Decimal
    budget: tuple[BudgetLine, ...] = ()
    benefits: tuple[BenefitLine, ...] = ()
    unit_costs: tuple[UnitCost, ...] = ()
    #: {year: index value}
    price_index: Mapping[int, Decimal] = field(default_factory=dict)
    #: {grade: share removed}; grades missing here mean no reduction.
    optimism: Mapping[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_OPTIMISM))
    #: For cost per unit of effect: the (signed) effect size as a fraction and the participants.
    effect: Decimal | None = None
    participants: Decimal | None = None


# --------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Restated:
    """A unit cost's amount in the project's price year."""

    amount: Decimal
    #: The amount before restatement (local when set, else national).
    base_amount: Decimal
    local: bool
    from_year: int
    to_year: int
    #: False when the index lacks a year and the amount is left unchanged.
    restated: bool
    #: The years the index lacks (empty when restated).
    missing_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class Yield:
    """One benefit line's yield in one year (exact)."""

    benefit: str
    actor: str
    year: int
    k: int
    amount: Decimal


@dataclass(frozen=True)
class YearRow:
    year: int
    cost: Decimal
    benefit: Decimal
    discount_factor: Decimal
    cost_pv: Decimal
    benefit_pv: Decimal
    #: Cumulative discounted net (benefit PV − cost PV) up to and including this year.
    cumulative_net_pv: Decimal

    @property
    def net(self) -> Decimal:
        return self.benefit - self.cost

    @property
    def net_pv(self) -> Decimal:
        return self.benefit_pv - self.cost_pv


@dataclass(frozen=True)
class ActorRow:
    actor: str
    cost: Decimal
    benefit: Decimal
    cost_pv: Decimal
    benefit_pv: Decimal

    @property
    def net(self) -> Decimal:
        return self.benefit - self.cost

    @property
    def net_pv(self) -> Decimal:
        return self.benefit_pv - self.cost_pv


@dataclass(frozen=True)
class Economics:
    """The calculation's result; all values exact (see ``money`` and ``as_computed``)."""

    years: tuple[YearRow, ...]
    by_actor: tuple[ActorRow, ...]
    yields: tuple[Yield, ...]
    restated: Mapping[str, Restated]
    cost_total: Decimal
    benefit_total: Decimal
    cost_present_value: Decimal
    benefit_present_value: Decimal
    return_per_krona: Decimal | None
    #: Reason code when the return is not defined (``NO_COSTS``).
    return_reason: str | None
    payback_year: int | None
    cost_per_effect: Decimal | None
    cost_per_effect_reason: str | None
    cost_per_participant: Decimal | None

    @property
    def net_present_value(self) -> Decimal:
        return self.benefit_present_value - self.cost_present_value

    @property
    def net_total(self) -> Decimal:
        return self.benefit_total - self.cost_total

    @property
    def cumulative_series(self) -> tuple[tuple[int, Decimal], ...]:
        """(year, cumulative discounted net) for a chart, exact."""
        return tuple((row.year, row.cumulative_net_pv) for row in self.years)

    @property
    def unchanged_unit_costs(self) -> tuple[str, ...]:
        """Keys of the unit costs left unrestated because the index lacks a year."""
        return tuple(key for key, value in sorted(self.restated.items()) if not value.restated)

    def as_computed(self) -> dict[str, object]:
        """FORMAT's ``computed_economics``: money as strings in öre, return to four decimals;
        ``by_actor`` holds undiscounted totals."""
        return {
            "cost_total": str(money(self.cost_total)),
            "benefit_total": str(money(self.benefit_total)),
            "cost_present_value": str(money(self.cost_present_value)),
            "benefit_present_value": str(money(self.benefit_present_value)),
            "net_present_value": str(money(self.net_present_value)),
            "return_per_krona": (None if self.return_per_krona is None
                                 else str(ratio(self.return_per_krona))),
            "payback_year": self.payback_year,
            "by_actor": [{"actor": row.actor, "cost": str(money(row.cost)),
                          "benefit": str(money(row.benefit))} for row in self.by_actor],
        }


def money(value: Decimal) -> Decimal:
    """Round half up to öre (for reporting)."""
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


def ratio(value: Decimal) -> Decimal:
    """Round half up to four decimals (for reporting)."""
    return value.quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------------------------ validation


def _dec(value: object, name: str) -> Decimal:
    if isinstance(value, bool):
        raise EconomicsError(NOT_A_NUMBER, name)
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise EconomicsError(NOT_A_NUMBER, name) from None
    if not result.is_finite():
        raise EconomicsError(NOT_A_NUMBER, name)
    return result


def _non_negative(value: object, name: str) -> Decimal:
    result = _dec(value, name)
    if result < 0:
        raise EconomicsError(NEGATIVE, name)
    return result


def _share(value: object, name: str) -> Decimal:
    result = _dec(value, name)
    if not ZERO <= result <= ONE:
        raise EconomicsError(SHARE_OUT_OF_RANGE, name)
    return result


def _not_before(year: int, start: int, name: str) -> None:
    if year < start:
        raise EconomicsError(BEFORE_START, name, year=year, start=start)


def validate(inputs: EconomicsInputs) -> None:
    """Raise ``EconomicsError`` for the first bad value."""
    rate = _dec(inputs.discount_rate, "discount_rate")
    if not ZERO <= rate <= ONE:
        raise EconomicsError(RATE_OUT_OF_RANGE, "discount_rate")
    for year, value in inputs.price_index.items():
        if _dec(value, f"price_index[{year}]") <= 0:
            raise EconomicsError(INDEX_NOT_POSITIVE, f"price_index[{year}]", year=year)
    for grade, share in inputs.optimism.items():
        _share(share, f"optimism[{grade}]")
    for i, line in enumerate(inputs.budget):
        path = f"budget[{i}]"
        if line.category not in CATEGORIES:
            raise EconomicsError(UNKNOWN_CATEGORY, f"{path}.category", category=line.category)
        _non_negative(line.amount, f"{path}.amount")
        _not_before(line.year, inputs.start_year, f"{path}.year")
    for i, unit in enumerate(inputs.unit_costs):
        path = f"unit_costs[{i}]"
        _non_negative(unit.amount, f"{path}.amount")
        if unit.local_amount is not None:
            _non_negative(unit.local_amount, f"{path}.local_amount")
        if unit.confidence is not None and unit.confidence not in GRADES:
            raise EconomicsError(UNKNOWN_GRADE, f"{path}.confidence", grade=unit.confidence)
    keys = {unit.key for unit in inputs.unit_costs}
    for i, line in enumerate(inputs.benefits):
        path = f"benefits[{i}]"
        if line.unit_cost not in keys:
            raise EconomicsError(UNKNOWN_UNIT_COST, f"{path}.unit_cost", key=line.unit_cost)
        _non_negative(line.people, f"{path}.people")
        _non_negative(line.units_per_person, f"{path}.units_per_person")
        _not_before(line.first_year, inputs.start_year, f"{path}.first_year")
        if line.years < 1:
            raise EconomicsError(YEARS_TOO_FEW, f"{path}.years")
        for name in ("deadweight", "attribution", "drop_off"):
            _share(getattr(line, name), f"{path}.{name}")
    if inputs.effect is not None:
        _dec(inputs.effect, "effect")
    if inputs.participants is not None:
        _non_negative(inputs.participants, "participants")


# ---------------------------------------------------------------------------------- calculation


def restate(unit: UnitCost, price_year: int, index: Mapping[int, Decimal]) -> Restated:
    """The unit's amount (local when set) in ``price_year``; unchanged, with ``restated`` False
    and the ``missing_years``, when the index lacks either year."""
    local = unit.local_amount is not None
    base = unit.local_amount if local else unit.amount
    base = _dec(base, "local_amount" if local else "amount")
    if unit.price_year == price_year:
        return Restated(base, base, local, unit.price_year, price_year, True)
    missing = tuple(sorted({y for y in (unit.price_year, price_year) if y not in index}))
    if missing:
        return Restated(base, base, local, unit.price_year, price_year, False, missing)
    with localcontext(CONTEXT):
        amount = base * _dec(index[price_year], f"price_index[{price_year}]") / _dec(
            index[unit.price_year], f"price_index[{unit.price_year}]")
    return Restated(amount, base, local, unit.price_year, price_year, True)


def benefit_yields(line: BenefitLine, unit_amount: Decimal, optimism: Decimal) -> tuple[Yield, ...]:
    """The line's yield in each of its years (FORMAT.md, *Economics*), exact."""
    with localcontext(CONTEXT):
        base = (Decimal(line.people) * Decimal(line.units_per_person) * unit_amount
                * (ONE - Decimal(line.deadweight)) * (ONE - Decimal(line.attribution))
                * (ONE - optimism))
        keep = ONE - Decimal(line.drop_off)
        result = []
        for k in range(line.years):  # (1 − drop_off)^k, with 0^0 = 1
            result.append(Yield(line.key, line.actor, line.first_year + k, k, base))
            base *= keep
        return tuple(result)


def _optimism(unit: UnitCost, table: Mapping[str, Decimal]) -> Decimal:
    if unit.confidence is None:
        return ZERO
    return Decimal(table.get(unit.confidence, ZERO))


def calculate(inputs: EconomicsInputs) -> Economics:
    """Validate and compute the project's economics."""
    validate(inputs)
    with localcontext(CONTEXT):
        return _calculate(inputs)


def _calculate(inputs: EconomicsInputs) -> Economics:
    start = inputs.start_year
    rate = Decimal(inputs.discount_rate)
    units = {unit.key: unit for unit in inputs.unit_costs}
    restated = {key: restate(unit, inputs.price_year, inputs.price_index)
                for key, unit in units.items()}
    yields: list[Yield] = []
    for line in inputs.benefits:
        unit = units[line.unit_cost]
        yields.extend(benefit_yields(line, restated[unit.key].amount,
                                     _optimism(unit, inputs.optimism)))

    cost_by_year: dict[int, Decimal] = {}
    benefit_by_year: dict[int, Decimal] = {}
    actors: dict[str, list[Decimal]] = {}  # cost, benefit, cost PV, benefit PV
    factors: dict[int, Decimal] = {}

    def factor(year: int) -> Decimal:
        if year not in factors:
            factors[year] = (ONE + rate) ** (year - start)
        return factors[year]

    for b in inputs.budget:
        amount = Decimal(b.amount)
        cost_by_year[b.year] = cost_by_year.get(b.year, ZERO) + amount
        row = actors.setdefault(b.actor, [ZERO, ZERO, ZERO, ZERO])
        row[0] += amount
        row[2] += amount / factor(b.year)
    for y in yields:
        benefit_by_year[y.year] = benefit_by_year.get(y.year, ZERO) + y.amount
        row = actors.setdefault(y.actor, [ZERO, ZERO, ZERO, ZERO])
        row[1] += y.amount
        row[3] += y.amount / factor(y.year)

    rows: list[YearRow] = []
    cumulative = ZERO
    payback: int | None = None
    used = set(cost_by_year) | set(benefit_by_year)
    for year in range(start, max(used) + 1) if used else ():
        cost = cost_by_year.get(year, ZERO)
        benefit = benefit_by_year.get(year, ZERO)
        f = factor(year)
        cost_pv, benefit_pv = cost / f, benefit / f
        cumulative += benefit_pv - cost_pv
        if payback is None and cumulative >= 0:
            payback = year
        rows.append(YearRow(year, cost, benefit, f, cost_pv, benefit_pv, cumulative))

    cost_pv = sum((r.cost_pv for r in rows), ZERO)
    benefit_pv = sum((r.benefit_pv for r in rows), ZERO)
    cost_total = sum((r.cost for r in rows), ZERO)
    if cost_pv > 0:
        return_per_krona, return_reason = benefit_pv / cost_pv, None
    else:
        return_per_krona, return_reason = None, NO_COSTS
    cost_per_effect, effect_reason = _cost_per_effect(inputs, cost_pv)
    participants = inputs.participants
    per_participant = (cost_total / Decimal(participants)
                       if participants is not None and Decimal(participants) > 0 else None)
    return Economics(
        years=tuple(rows),
        by_actor=tuple(ActorRow(actor, *values) for actor, values in sorted(actors.items())),
        yields=tuple(yields),
        restated=restated,
        cost_total=cost_total,
        benefit_total=sum((r.benefit for r in rows), ZERO),
        cost_present_value=cost_pv,
        benefit_present_value=benefit_pv,
        return_per_krona=return_per_krona,
        return_reason=return_reason,
        payback_year=payback,
        cost_per_effect=cost_per_effect,
        cost_per_effect_reason=effect_reason,
        cost_per_participant=per_participant,
    )


def _cost_per_effect(inputs: EconomicsInputs,
                     cost_pv: Decimal) -> tuple[Decimal | None, str | None]:
    """Cost PV per person reaching the effect: ``cost PV / (|effect| × participants)``."""
    if inputs.effect is None or inputs.participants is None:
        return None, NO_EFFECT
    units = abs(Decimal(inputs.effect)) * Decimal(inputs.participants)
    if units == 0:
        return None, NO_EFFECT
    if cost_pv == 0:
        return None, NO_COSTS
    return cost_pv / units, None


# ---------------------------------------------------------------------------------- sensitivity

PEOPLE = "people"
UNIT_COSTS = "unit_costs"
YEARS = "years"
DISCOUNT_RATE = "discount_rate"
PARAMETERS = (PEOPLE, UNIT_COSTS, YEARS, DISCOUNT_RATE)
PARAMETER_LABELS = {
    PEOPLE: N_("Effect (people affected)"),
    UNIT_COSTS: N_("Unit costs"),
    YEARS: N_("Duration of effect"),
    DISCOUNT_RATE: N_("Discount rate"),
}


@dataclass(frozen=True)
class TornadoBar:
    """Return per krona with one parameter lowered and raised; None when not defined."""

    parameter: str
    low: Decimal | None
    high: Decimal | None

    @property
    def swing(self) -> Decimal:
        if self.low is None or self.high is None:
            return ZERO
        return abs(self.high - self.low)


def _scaled(value: Decimal | None, multiplier: Decimal) -> Decimal | None:
    return None if value is None else Decimal(value) * multiplier


def vary(inputs: EconomicsInputs, parameter: str, multiplier: Decimal) -> EconomicsInputs:
    """The inputs with one parameter multiplied: every benefit's people, every unit cost
    (national and local amount), every benefit's years (rounded half up, at least 1) or the
    discount rate (capped at 1)."""
    with localcontext(CONTEXT):
        m = Decimal(multiplier)
        if parameter == PEOPLE:
            return replace(inputs, benefits=tuple(
                replace(b, people=Decimal(b.people) * m) for b in inputs.benefits))
        if parameter == UNIT_COSTS:
            return replace(inputs, unit_costs=tuple(
                replace(u, amount=Decimal(u.amount) * m, local_amount=_scaled(u.local_amount, m))
                for u in inputs.unit_costs))
        if parameter == YEARS:
            return replace(inputs, benefits=tuple(
                replace(b, years=max(1, int((b.years * m).to_integral_value(ROUND_HALF_UP))))
                for b in inputs.benefits))
        if parameter == DISCOUNT_RATE:
            return replace(inputs, discount_rate=min(ONE, Decimal(inputs.discount_rate) * m))
    raise ValueError(parameter)


def one_way(inputs: EconomicsInputs, factor: Decimal = Decimal("0.25")) -> tuple[TornadoBar, ...]:
    """Return per krona with each parameter at ``1 − factor`` and ``1 + factor`` times its
    value, widest swing first (for a tornado chart)."""
    factor = _dec(factor, "factor")
    if not ZERO <= factor <= ONE:
        raise EconomicsError(FACTOR_OUT_OF_RANGE, "factor")
    validate(inputs)
    bars = [TornadoBar(p, calculate(vary(inputs, p, ONE - factor)).return_per_krona,
                       calculate(vary(inputs, p, ONE + factor)).return_per_krona)
            for p in PARAMETERS]
    return tuple(sorted(bars, key=lambda bar: (-bar.swing, PARAMETERS.index(bar.parameter))))


def break_even_factor(inputs: EconomicsInputs) -> tuple[Decimal | None, str | None]:
    """The multiplier on every benefit's people giving a return of exactly 1, with a reason code
    when not defined. The return is linear in people, so it is cost PV / benefit PV."""
    result = calculate(inputs)
    if result.cost_present_value == 0:
        return None, NO_COSTS
    if result.benefit_present_value == 0:
        return None, NO_BENEFITS
    with localcontext(CONTEXT):
        return result.cost_present_value / result.benefit_present_value, None


def switching_values(inputs: EconomicsInputs, steps: int = 60
                     ) -> Mapping[str, tuple[Decimal | None, str | None]]:
    """The value of each parameter at which the return is exactly 1, with a reason code when
    there is none: a multiplier for people and unit costs (both linear), a multiplier for the
    duration of effect (see ``switching_years``) and a rate for the discount rate (by bisection
    over [0, 1]; the return falls as the rate rises when benefits come after costs)."""
    multiplier = break_even_factor(inputs)
    return {PEOPLE: multiplier, UNIT_COSTS: multiplier, YEARS: switching_years(inputs),
            DISCOUNT_RATE: _switching_rate(inputs, steps)}


#: The duration's switching value is looked for up to this many times the assumed durations.
YEARS_SEARCH_CAP = 10


def switching_years(inputs: EconomicsInputs) -> tuple[Decimal | None, str | None]:
    """The smallest multiplier of every benefit's years at which the return reaches 1, with a
    reason code when there is none.

    Years are whole, so the return moves in steps: the multiplier ``m`` is applied exactly as
    ``vary`` does (each line's years × ``m``, rounded half up, at least 1). Only multipliers
    ``n / L`` are tried, ``L`` the longest line's years and ``n = 1 … YEARS_SEARCH_CAP × L``:
    the answer reads "the longest effect has to last ``n`` whole years (the others in
    proportion)". The return never falls as the years grow (yields are never negative and costs
    do not depend on them), so the smallest such ``n`` is found by bisection.

    When the return already reaches 1 with ``n = 1`` (every line one year), that smallest
    multiplier ``1 / L`` is returned: the effect may be far shorter than assumed. Reasons:
    ``NO_COSTS`` (no costs), ``NO_BENEFITS`` (no benefit yields anything) and ``NO_CROSSING``
    (still below 1 at ``YEARS_SEARCH_CAP`` times the assumed years).
    """
    base = calculate(inputs)
    if base.cost_present_value == 0:
        return None, NO_COSTS
    if base.benefit_present_value == 0:
        return None, NO_BENEFITS
    longest = max(line.years for line in inputs.benefits)

    def multiplier(n: int) -> Decimal:
        with localcontext(CONTEXT):
            return Decimal(n) / Decimal(longest)

    def reaches(n: int) -> bool:
        value = calculate(vary(inputs, YEARS, multiplier(n))).return_per_krona
        return value is not None and value >= ONE

    low, high = 1, YEARS_SEARCH_CAP * longest
    if not reaches(high):
        return None, NO_CROSSING
    if reaches(low):
        return multiplier(low), None
    while high - low > 1:  # reaches(high) and not reaches(low)
        middle = (low + high) // 2
        if reaches(middle):
            high = middle
        else:
            low = middle
    return multiplier(high), None


def _switching_rate(inputs: EconomicsInputs, steps: int) -> tuple[Decimal | None, str | None]:
    def excess(rate: Decimal) -> Decimal | None:
        value = calculate(replace(inputs, discount_rate=rate)).return_per_krona
        return None if value is None else value - ONE

    low, high = ZERO, ONE
    at_low, at_high = excess(low), excess(high)
    if at_low is None or at_high is None:
        return None, NO_COSTS
    if at_low == 0:
        return low, None
    if at_high == 0:
        return high, None
    if (at_low > 0) == (at_high > 0):
        return None, NO_CROSSING
    with localcontext(CONTEXT):
        for _ in range(steps):
            middle = (low + high) / 2
            at_middle = excess(middle)
            assert at_middle is not None
            if at_middle == 0:
                return middle, None
            if (at_middle > 0) == (at_low > 0):
                low, at_low = middle, at_middle
            else:
                high = middle
        return (low + high) / 2, None


def unchanged_note(restated: Restated) -> tuple[str, Mapping[str, object]] | None:
    """A msgid with params telling that a unit cost was not restated, or None."""
    if restated.restated:
        return None
    return (N_("Not restated to %(to_year)s: the price index lacks %(years)s."),
            {"to_year": restated.to_year,
             "years": ", ".join(str(y) for y in restated.missing_years)})


__all__ = (
    "CATEGORIES", "DEFAULT_OPTIMISM", "GRADES", "REASONS", "ActorRow", "BenefitLine",
    "BudgetLine", "Economics", "EconomicsError", "EconomicsInputs", "Restated", "TornadoBar",
    "UnitCost", "YearRow", "Yield", "benefit_yields", "break_even_factor", "calculate", "money",
    "one_way", "ratio", "restate", "switching_values", "switching_years", "unchanged_note",
    "validate", "vary",
)
