"""What the expected economic effect is worth: its uncertainty, how honestly it is built, what it
would be at full scale and how much of it the evaluation design lets us credit (SPEC 3.4, 3.5,
3.10; FORMAT.md, *Economics*).

Everything here builds on ``economics.calculate`` and keeps its rules; nothing is stored. Money
and ratios are Decimal; the Monte Carlo works at 28 significant digits (see ``monte_carlo``).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, localcontext
from typing import NamedTuple

from models.domain import N_
from models.domain import economics as ec
from models.domain.economics import (
    CONTEXT,
    DISCOUNT_RATE,
    NO_COSTS,
    ONE,
    PARAMETERS,
    PEOPLE,
    UNIT_COSTS,
    YEARS,
    ZERO,
    Economics,
    EconomicsError,
    EconomicsInputs,
    one_way,
    vary,
)

Number = Decimal | int | str

# ----------------------------------------------------------------------------------- Monte Carlo

#: Precision inside the Monte Carlo loop: ample for a ratio quoted to four decimals, and much
#: cheaper than the 50 digits of the exact calculation.
FAST = Context(prec=28, rounding=ROUND_HALF_UP)
DEFAULT_DRAWS = 10_000
MAX_DRAWS = 100_000
DEFAULT_SEED = 20240101
HISTOGRAM_BINS = 20
#: Parameters given as an absolute value rather than as a multiple of the assumed one.
ABSOLUTE = (DISCOUNT_RATE,)


class Triangle(NamedTuple):
    """A triangular distribution: lowest, likeliest and highest value. People, unit costs and
    years are multiples of the assumed value (1 = as assumed); the discount rate is the rate."""

    low: Decimal
    likely: Decimal
    high: Decimal


class Bin(NamedTuple):
    """One bar of the histogram: returns in ``[low, high)`` (the last bar includes ``high``)."""

    low: Decimal
    high: Decimal
    count: int


@dataclass(frozen=True)
class MonteCarlo:
    """The distribution of the return per krona over ``draws`` random draws.

    When the project has no costs the return is not defined for any draw: ``reason`` is
    ``NO_COSTS``, ``undefined`` equals ``draws`` and the statistics are None.
    """

    seed: int
    draws: int
    #: The validated ranges, by parameter (absent parameters stayed at their assumed value).
    ranges: Mapping[str, Triangle]
    #: Share of the draws with a return above 1.
    probability_above_one: Decimal | None
    p5: Decimal | None
    p50: Decimal | None
    p95: Decimal | None
    mean: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    #: About ``HISTOGRAM_BINS`` equal-width bars from the lowest to the highest return.
    histogram: tuple[Bin, ...]
    #: Draws whose return is not defined.
    undefined: int
    reason: str | None
    #: ``inputs_fingerprint`` of the inputs the draws were made on.
    fingerprint: str = ""


def _check_ranges(ranges: Mapping[str, Sequence[Number]]) -> dict[str, Triangle]:
    """Validated ranges as Decimal triangles, in ``PARAMETERS`` order."""
    for key in ranges:
        if key not in PARAMETERS:
            raise EconomicsError(ec.UNKNOWN_PARAMETER, f"ranges.{key}", parameter=key)
    result: dict[str, Triangle] = {}
    for key in PARAMETERS:
        if key not in ranges:
            continue
        path = f"ranges.{key}"
        low, likely, high = ranges[key]
        values = {}
        for name, value in (("low", low), ("likely", likely), ("high", high)):
            number = ec._dec(value, f"{path}.{name}")
            if key in ABSOLUTE and not ZERO <= number <= ONE:
                raise EconomicsError(ec.RANGE_RATE_OUT_OF_RANGE, f"{path}.{name}")
            if key not in ABSOLUTE and number < 0:
                raise EconomicsError(ec.RANGE_NEGATIVE, f"{path}.{name}")
            values[name] = number
        for name, below in (("likely", "low"), ("high", "likely")):
            if values[name] < values[below]:
                raise EconomicsError(ec.RANGE_ORDER, f"{path}.{name}", value=values[name],
                                     bound_field=f"{path}.{below}", bound=values[below])
        result[key] = Triangle(values["low"], values["likely"], values["high"])
    return result


def _check_draws(draws: object) -> int:
    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= MAX_DRAWS:
        raise EconomicsError(ec.DRAWS_OUT_OF_RANGE, "draws", max=MAX_DRAWS)
    return draws


def sample_parameters(ranges: Mapping[str, Sequence[Number]], *, draws: int = DEFAULT_DRAWS,
                      seed: int = DEFAULT_SEED) -> tuple[dict[str, Decimal], ...]:
    """The parameter values of each draw.

    ``random.Random(seed)`` draws ``rng.triangular(low, high, likely)`` once per draw for each
    parameter in ``ranges``, in ``PARAMETERS`` order (people, unit costs, years, discount rate),
    so the same seed and ranges give the same values on every machine. Each float is turned into
    Decimal through its shortest repr (``Decimal(repr(x))``: the digits Python prints, no binary
    tail) and kept within ``[low, high]``; a range with ``low == high`` gives exactly that value.
    """
    checked = _check_ranges(ranges)
    _check_draws(draws)
    rng = random.Random(seed)
    spans = [(key, t, float(t.low), float(t.high), float(t.likely)) for key, t in checked.items()]
    result = []
    for _ in range(draws):
        values = {}
        for key, t, low, high, likely in spans:
            x = rng.triangular(low, high, likely)
            if t.low == t.high:
                values[key] = t.low
            else:
                values[key] = min(t.high, max(t.low, Decimal(repr(x))))
        result.append(values)
    return tuple(result)


def apply_draw(inputs: EconomicsInputs, values: Mapping[str, Decimal]) -> EconomicsInputs:
    """The inputs one draw stands for: people, unit costs and years multiplied as ``vary`` does,
    the discount rate replaced. This is the definition the fast computation reproduces."""
    for key in (PEOPLE, UNIT_COSTS, YEARS):
        if key in values:
            inputs = vary(inputs, key, values[key])
    if DISCOUNT_RATE in values:
        inputs = replace(inputs, discount_rate=values[DISCOUNT_RATE])
    return inputs


class _FastReturn:
    """The return per krona for many draws, without recomputing every line.

    * People and unit costs enter every yield as a product, so the return is linear in both
      multipliers: ``return = m_people × m_unit × benefit PV / cost PV``.
    * With ``v = 1 / (1 + r)``, cost PV is the polynomial ``Σ C_t v^t`` (``C_t`` the costs of year
      ``start + t``) and benefit PV ``Σ B_t v^t``, where ``B_t`` sums the (exact) yields falling
      in that year. ``B`` depends only on the lines' rounded years, which take few distinct
      values; it is built once per distinct set and evaluated by Horner's rule for each rate.
    * With a fixed rate, benefit PV itself is kept per set of years.
    """

    def __init__(self, inputs: EconomicsInputs):
        with localcontext(CONTEXT):
            start = inputs.start_year
            units = {unit.key: unit for unit in inputs.unit_costs}
            amounts = {key: ec.restate(unit, inputs.price_year, inputs.price_index).amount
                       for key, unit in units.items()}
            # Per line: offset of its first year, first-year yield, (1 − drop-off), original years.
            self.lines = []
            for line in inputs.benefits:
                unit = units[line.unit_cost]
                first = ec.benefit_yields(replace(line, years=1), amounts[unit.key],
                                          ec._optimism(unit, inputs.optimism))[0].amount
                self.lines.append((line.first_year - start, first, ONE - Decimal(line.drop_off),
                                   line.years))
            self.yields: list[list[Decimal]] = [[first] for _, first, _, _ in self.lines]
            costs: dict[int, Decimal] = {}
            for b in inputs.budget:
                costs[b.year - start] = costs.get(b.year - start, ZERO) + Decimal(b.amount)
            self.costs = [costs.get(t, ZERO) for t in range(max(costs) + 1)] if costs else []
        self.distinct_years = tuple(sorted({years for _, _, _, years in self.lines}))
        self.rate = Decimal(inputs.discount_rate)
        self.has_costs = any(c > 0 for c in self.costs)
        self.coefficients: dict[tuple[int, ...], list[Decimal]] = {}
        self.fixed_rate_pv: dict[tuple[int, ...], Decimal] = {}

    def _line_yields(self, index: int, years: int) -> list[Decimal]:
        """The line's first ``years`` yields, extended as ``benefit_yields`` computes them."""
        cached = self.yields[index]
        if len(cached) < years:
            keep = self.lines[index][2]
            with localcontext(CONTEXT):
                while len(cached) < years:
                    cached.append(cached[-1] * keep)
        return cached[:years]

    def _benefits_by_year(self, key: tuple[int, ...]) -> list[Decimal]:
        if key not in self.coefficients:
            rounded = dict(zip(self.distinct_years, key, strict=True))
            by_year: dict[int, Decimal] = {}
            with localcontext(CONTEXT):
                for i, (offset, _, _, years) in enumerate(self.lines):
                    for k, amount in enumerate(self._line_yields(i, rounded[years])):
                        by_year[offset + k] = by_year.get(offset + k, ZERO) + amount
            size = max(by_year) + 1 if by_year else 0
            self.coefficients[key] = [by_year.get(t, ZERO) for t in range(size)]
        return self.coefficients[key]

    def years_key(self, multiplier: Decimal | None) -> tuple[int, ...]:
        """Each distinct original duration after ``vary``'s rounding (half up, at least 1)."""
        if multiplier is None:
            return self.distinct_years
        return tuple(max(1, int(CONTEXT.multiply(Decimal(y), multiplier)
                                .to_integral_value(ROUND_HALF_UP)))
                     for y in self.distinct_years)

    @staticmethod
    def _horner(coefficients: list[Decimal], v: Decimal) -> Decimal:
        total = ZERO
        for c in reversed(coefficients):
            total = total * v + c
        return total

    def returns(self, samples: Sequence[Mapping[str, Decimal]]) -> list[Decimal | None]:
        """The return per krona of each draw (None for every draw when there are no costs)."""
        if not self.has_costs:
            return [None] * len(samples)
        horner = self._horner
        with localcontext(FAST):
            base_v = ONE / (ONE + self.rate)
            base_cost_pv = horner(self.costs, base_v)
            result: list[Decimal | None] = []
            for values in samples:
                key = self.years_key(values.get(YEARS))
                rate = values.get(DISCOUNT_RATE)
                if rate is None:
                    benefit_pv = self.fixed_rate_pv.get(key)
                    if benefit_pv is None:
                        benefit_pv = horner(self._benefits_by_year(key), base_v)
                        self.fixed_rate_pv[key] = benefit_pv
                    cost_pv = base_cost_pv
                else:
                    v = ONE / (ONE + rate)
                    benefit_pv = horner(self._benefits_by_year(key), v)
                    cost_pv = horner(self.costs, v)
                scale = values.get(PEOPLE, ONE) * values.get(UNIT_COSTS, ONE)
                result.append(scale * benefit_pv / cost_pv)
            return result


def simulate(inputs: EconomicsInputs, ranges: Mapping[str, Sequence[Number]], *,
             draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> list[Decimal | None]:
    """The return per krona of each draw, in draw order (None where not defined); equal, to
    about 25 significant digits, to ``calculate(apply_draw(inputs, values)).return_per_krona``
    for the draw's ``values`` from ``sample_parameters``."""
    ec.validate(inputs)
    samples = sample_parameters(ranges, draws=draws, seed=seed)
    return _FastReturn(inputs).returns(samples)


def percentile(ordered: Sequence[Decimal], share: Decimal) -> Decimal:
    """Linear interpolation between the closest ranks (position ``(n − 1) × share`` in the
    sorted values, as a spreadsheet's PERCENTILE.INC); ``ordered`` must not be empty."""
    position = (len(ordered) - 1) * share
    index = int(position.to_integral_value(ROUND_FLOOR))
    if index + 1 >= len(ordered):
        return ordered[-1]
    return ordered[index] + (ordered[index + 1] - ordered[index]) * (position - index)


def histogram(ordered: Sequence[Decimal], bins: int = HISTOGRAM_BINS) -> tuple[Bin, ...]:
    """``bins`` equal-width bars from the lowest to the highest of the sorted values (one bar
    when they are all equal), for a chart."""
    low, high = ordered[0], ordered[-1]
    if low == high:
        return (Bin(low, high, len(ordered)),)
    width = (high - low) / bins
    counts = [0] * bins
    for value in ordered:
        counts[min(bins - 1, int((value - low) / width))] += 1
    edges = [low + width * i for i in range(bins)] + [high]
    return tuple(Bin(edges[i], edges[i + 1], counts[i]) for i in range(bins))


def monte_carlo(inputs: EconomicsInputs, ranges: Mapping[str, Sequence[Number]], *,
                draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> MonteCarlo:
    """Draw every parameter in ``ranges`` from its triangle (``sample_parameters``), compute the
    return per krona for each draw (``simulate``) and summarise it.

    ``ranges`` maps ``PEOPLE``, ``UNIT_COSTS`` and ``YEARS`` to triangles of multipliers of the
    assumed values and ``DISCOUNT_RATE`` to a triangle of rates; the others stay as assumed.
    Percentiles interpolate linearly between ranks; the probability counts returns strictly
    above 1. Bad ranges or draws raise ``EconomicsError`` naming the field
    (``ranges.people.low``, ``draws``). A project without costs gives a result with reason
    ``NO_COSTS`` rather than an error, so a page can say why there is no distribution.
    """
    checked = _check_ranges(ranges)
    _check_draws(draws)
    values = simulate(inputs, checked, draws=draws, seed=seed)
    defined = sorted(v for v in values if v is not None)
    undefined = len(values) - len(defined)
    fingerprint = inputs_fingerprint(inputs)
    if not defined:
        return MonteCarlo(seed, draws, checked, None, None, None, None, None, None, None, (),
                          undefined, NO_COSTS, fingerprint)
    with localcontext(FAST):
        n = Decimal(len(defined))
        above = sum(1 for v in defined if v > ONE)
        return MonteCarlo(
            seed=seed, draws=draws, ranges=checked,
            probability_above_one=Decimal(above) / n,
            p5=percentile(defined, Decimal("0.05")),
            p50=percentile(defined, Decimal("0.5")),
            p95=percentile(defined, Decimal("0.95")),
            mean=sum(defined, ZERO) / n,
            minimum=defined[0], maximum=defined[-1],
            histogram=histogram(defined),
            undefined=undefined, reason=None, fingerprint=fingerprint,
        )


def _plain(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return sorted([str(k), _plain(v)] for k, v in value.items())
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return "0" if value == 0 else str(value.normalize())
    return value


def inputs_fingerprint(inputs: EconomicsInputs) -> str:
    """A short hash of everything the calculation reads; equal numbers written differently
    (``1.0`` and ``1``) hash alike. Keep it with a Monte Carlo run to tell whether the run still
    matches the figures (``honesty_checks``' ``sensitivity_current``)."""
    text = json.dumps(_plain(inputs), sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# ------------------------------------------------------------------------------- honesty checks

WARNING = "warning"
INFO = "info"

NO_ADJUSTMENTS = "no_adjustments"
NO_DISCOUNTING = "no_discounting"
NO_SENSITIVITY = "no_sensitivity"
DURATION_BEYOND_EVIDENCE = "duration_beyond_evidence"
DURATION_WITHOUT_EVIDENCE = "duration_without_evidence"
NO_CONFIDENCE_GRADE = "no_confidence_grade"
FRAGILE_RETURN = "fragile_return"
UNRESTATED_UNIT_COST = "unrestated_unit_cost"

#: Code → (severity, msgid). Warnings flag what makes the return look better than it is;
#: notes flag what is missing to judge it.
CHECKS: Mapping[str, tuple[str, str]] = {
    NO_ADJUSTMENTS: (WARNING, N_(
        "No deadweight, attribution, drop-off or optimism reduction is applied: the return "
        "assumes every avoided cost is due to the initiative and lasts undiminished.")),
    NO_DISCOUNTING: (WARNING, N_(
        "The discount rate is 0 although costs or benefits fall in later years: a krona in "
        "%(year)s counts as much as one today.")),
    NO_SENSITIVITY: (INFO, N_(
        "No uncertainty analysis (Monte Carlo) has been run on the current figures: run one to "
        "show how likely a return above 1 is.")),
    DURATION_BEYOND_EVIDENCE: (WARNING, N_(
        "“%(benefit)s”: the effect is counted for %(years)s years, but the evidence covers only "
        "%(evidence)s year(s). Shorten the duration or give evidence for the longer effect.")),
    DURATION_WITHOUT_EVIDENCE: (INFO, N_(
        "“%(benefit)s”: the effect is counted for %(years)s years, with no evidence given for "
        "how long it lasts.")),
    NO_CONFIDENCE_GRADE: (INFO, N_(
        "The unit cost “%(unit_cost)s” has no confidence grade, so no optimism reduction is "
        "applied to it.")),
    FRAGILE_RETURN: (WARNING, N_(
        "The return of %(value)s kronor per krona falls to %(lowest)s when a single assumption "
        "is %(percent)s %% less favourable: quote it with its range, not alone.")),
    UNRESTATED_UNIT_COST: (INFO, N_(
        "The unit cost “%(unit_cost)s” is not restated to %(to_year)s: the price index lacks "
        "%(years)s.")),
}


@dataclass(frozen=True)
class Check:
    """One finding about how the expected return is built; ``msgid % params`` is the text."""

    code: str
    severity: str
    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)
    #: The benefit line's key, for findings about one line.
    benefit: str | None = None
    #: The unit cost's key, for findings about one unit cost.
    unit_cost: str | None = None


def _check(code: str, params: Mapping[str, object] | None = None, **about: str) -> Check:
    severity, msgid = CHECKS[code]
    return Check(code, severity, msgid, dict(params or {}), **about)


def _short(value: Decimal) -> str:
    """A number without needless zeros: 25, 0.5, 1.25."""
    with localcontext(CONTEXT):
        if value == value.to_integral_value():
            return str(value.quantize(ONE))
        return str(value.normalize())


def _two(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def honesty_checks(inputs: EconomicsInputs, result: Economics, *, sensitivity_current: bool,
                   evidence_years: Mapping[str, int | None],
                   factor: Decimal = Decimal("0.25"),
                   labels: Mapping[str, str] | None = None) -> tuple[Check, ...]:
    """Findings a decision maker should see beside the return, in the order of ``CHECKS``.

    ``result`` is ``calculate(inputs)``. ``evidence_years`` gives, per benefit line key, how many
    years the evidence shows the effect lasting (None or absent: none given).
    ``sensitivity_current`` says whether a Monte Carlo has been run on these very inputs (see
    ``inputs_fingerprint``). ``factor`` is the one-way variation behind ``FRAGILE_RETURN``.
    ``labels`` names benefit lines in the messages (default: their keys).

    * ``NO_ADJUSTMENTS``: benefits exist, none has deadweight, attribution or drop-off above 0
      and no used unit cost carries an optimism reduction.
    * ``NO_DISCOUNTING``: the rate is 0 and some cost or benefit falls after the start year.
    * ``NO_SENSITIVITY``: no current Monte Carlo.
    * ``DURATION_BEYOND_EVIDENCE`` / ``DURATION_WITHOUT_EVIDENCE``: per line whose years exceed
      the evidence, or that lasts more than one year without evidence.
    * ``NO_CONFIDENCE_GRADE``: per used unit cost without a grade.
    * ``FRAGILE_RETURN``: the return is at least 1 but one bar of ``one_way(inputs, factor)``
      goes below 1.
    * ``UNRESTATED_UNIT_COST``: per used unit cost left unrestated.
    """
    labels = labels or {}
    units = {unit.key: unit for unit in inputs.unit_costs}
    used = list(dict.fromkeys(line.unit_cost for line in inputs.benefits))
    found: list[Check] = []

    if inputs.benefits:
        adjusted = any(Decimal(getattr(line, name)) > 0 for line in inputs.benefits
                       for name in ("deadweight", "attribution", "drop_off"))
        optimism = any(Decimal(inputs.optimism.get(units[key].confidence, ZERO)) > 0
                       for key in used if units[key].confidence is not None)
        if not adjusted and not optimism:
            found.append(_check(NO_ADJUSTMENTS))

    if Decimal(inputs.discount_rate) == 0:
        later = [row.year for row in result.years
                 if row.year > inputs.start_year and (row.cost != 0 or row.benefit != 0)]
        if later:
            found.append(_check(NO_DISCOUNTING, {"year": later[-1]}))

    if not sensitivity_current:
        found.append(_check(NO_SENSITIVITY))

    beyond, without = [], []
    for line in inputs.benefits:
        params = {"benefit": labels.get(line.key, line.key), "years": line.years}
        evidence = evidence_years.get(line.key)
        if evidence is None:
            if line.years > 1:
                without.append(_check(DURATION_WITHOUT_EVIDENCE, params, benefit=line.key))
        elif line.years > evidence:
            beyond.append(_check(DURATION_BEYOND_EVIDENCE, {**params, "evidence": evidence},
                                 benefit=line.key))
    found.extend(beyond)
    found.extend(without)

    for key in used:
        if units[key].confidence is None:
            found.append(_check(NO_CONFIDENCE_GRADE, {"unit_cost": units[key].name},
                                unit_cost=key))

    value = result.return_per_krona
    if value is not None and value >= ONE:
        bars = one_way(inputs, factor)
        below = [(v, bar.parameter) for bar in bars for v in (bar.low, bar.high)
                 if v is not None and v < ONE]
        if below:
            lowest = min(below)[0]
            found.append(_check(FRAGILE_RETURN, {
                "value": _two(value), "lowest": _two(lowest),
                "percent": _short(Decimal(factor) * 100),
                "parameters": tuple(dict.fromkeys(p for _, p in below))}))

    for key in used:
        if key in result.unchanged_unit_costs:
            restated = result.restated[key]
            found.append(_check(UNRESTATED_UNIT_COST, {
                "unit_cost": units[key].name, "to_year": restated.to_year,
                "years": ", ".join(str(y) for y in restated.missing_years)}, unit_cost=key))
    return tuple(found)


# ---------------------------------------------------------------------------- full-scale estimate

NO_PILOT = "no_pilot"
NO_TARGET = "no_target"
PILOT_COVERS_GROUP = "pilot_covers_group"
FIXED_CATEGORIES = ("evaluation",)
REASONS = {
    NO_PILOT: N_("Not defined: the number of participants in the pilot is not given."),
    NO_TARGET: N_("Not defined: the size of the whole target group is not given."),
    PILOT_COVERS_GROUP: N_(
        "Not defined: the pilot already covers the whole target group, so there is nothing to "
        "scale up."),
}


@dataclass(frozen=True)
class FullScale:
    """The initiative offered to the whole target group; exact values, money undiscounted unless
    named present value."""

    #: target size / pilot participants.
    factor: Decimal
    pilot_participants: Decimal
    target_size: Decimal
    #: The one-off evaluation costs, kept as in the pilot (undiscounted and present value).
    fixed_cost: Decimal
    fixed_cost_present_value: Decimal
    cost_total: Decimal
    benefit_total: Decimal
    cost_present_value: Decimal
    benefit_present_value: Decimal
    return_per_krona: Decimal | None
    return_reason: str | None
    #: cost_total / target size.
    cost_per_participant: Decimal
    #: The pilot's average yearly running cost (evaluation left out) × factor.
    annual_cost: Decimal
    #: The pilot's average yearly benefit × factor.
    annual_benefit: Decimal

    @property
    def net_present_value(self) -> Decimal:
        return self.benefit_present_value - self.cost_present_value

    @property
    def net_total(self) -> Decimal:
        return self.benefit_total - self.cost_total


def _size(value: Number | None, name: str) -> Decimal | None:
    if value is None:
        return None
    return ec._non_negative(value, name)


def _average_year(amounts: Mapping[int, Decimal]) -> Decimal:
    """Total over the span from the first to the last year with an amount, per year."""
    years = [year for year, amount in amounts.items() if amount != 0]
    if not years:
        return ZERO
    return sum(amounts.values(), ZERO) / (max(years) - min(years) + 1)


def full_scale(inputs: EconomicsInputs, result: Economics, *,
               pilot_participants: Number | None,
               target_size: Number | None) -> FullScale | str:
    """The estimate for the whole target group, or a reason code (``REASONS``) when there is none.

    The rule shown to users: the scale factor is the target group's size divided by the number
    of pilot participants. Evaluation costs are a one-off of the pilot and stay as they are;
    every other cost and every benefit grows in proportion to the number of participants. So the
    return per krona stays as in the pilot, except that the fixed evaluation costs weigh less.
    Cost per participant is the full-scale cost divided by the target group. The yearly figures
    are the pilot's average year (its total spread evenly from the first to the last year with
    an amount; evaluation costs left out) times the factor; all in the project's price year.

    ``result`` is ``calculate(inputs)``. Not defined (``NO_PILOT``, ``NO_TARGET``) when either
    number is missing or zero, nor (``PILOT_COVERS_GROUP``) when the target group is no larger
    than the pilot. Negative numbers raise ``EconomicsError``.
    """
    pilot = _size(pilot_participants, "pilot_participants")
    target = _size(target_size, "target_size")
    if pilot is None or pilot == 0:
        return NO_PILOT
    if target is None or target == 0:
        return NO_TARGET
    if target <= pilot:
        return PILOT_COVERS_GROUP
    with localcontext(CONTEXT):
        factor = target / pilot
        rate = Decimal(inputs.discount_rate)
        fixed = fixed_pv = ZERO
        running: dict[int, Decimal] = {}
        for line in inputs.budget:
            amount = Decimal(line.amount)
            if line.category in FIXED_CATEGORIES:
                fixed += amount
                fixed_pv += amount / (ONE + rate) ** (line.year - inputs.start_year)
            else:
                running[line.year] = running.get(line.year, ZERO) + amount
        cost_total = fixed + factor * (result.cost_total - fixed)
        cost_pv = fixed_pv + factor * (result.cost_present_value - fixed_pv)
        benefit_pv = factor * result.benefit_present_value
        if cost_pv > 0:
            return_per_krona, reason = benefit_pv / cost_pv, None
        else:
            return_per_krona, reason = None, NO_COSTS
        benefits = {row.year: row.benefit for row in result.years}
        return FullScale(
            factor=factor, pilot_participants=pilot, target_size=target,
            fixed_cost=fixed, fixed_cost_present_value=fixed_pv,
            cost_total=cost_total, benefit_total=factor * result.benefit_total,
            cost_present_value=cost_pv, benefit_present_value=benefit_pv,
            return_per_krona=return_per_krona, return_reason=reason,
            cost_per_participant=cost_total / target,
            annual_cost=_average_year(running) * factor,
            annual_benefit=_average_year(benefits) * factor,
        )


# ------------------------------------------------------------------------------ trust suggestion

#: Attribution suggested per comparison design (``models.design.COMPARISONS``; None: none chosen).
#: The share of the expected effect not credited to the initiative grows as the comparison says
#: less about what would have happened anyway:
#:
#: * ``rct`` 0 %: randomisation makes the groups alike in everything but the initiative.
#: * ``waitlist_control`` 5 %: usually randomised by the order of the list, but those waiting
#:   may seek other help, and the comparison ends when they are let in.
#: * ``matching`` 10 %: alike in the matched variables, not in what the matching misses.
#: * ``shadow_control`` 20 %: experts' judgement of the course without the initiative.
#: * ``generic_control`` 20 %: statistics for a broader population, not people like these.
#: * ``historical_control`` 30 %: an earlier cohort; services, rules and times have changed.
#: * ``before_after`` 40 %: no comparison at all: every change, including recovery that would
#:   have come anyway and regression to the mean, is credited to the initiative.
#: * None 50 %: nothing yet tells the effect from what would have happened anyway.
#:
#: Defaults for the coordinator to adjust; they are not research findings.
TRUST: Mapping[str | None, Decimal] = {
    "rct": Decimal("0"),
    "waitlist_control": Decimal("0.05"),
    "matching": Decimal("0.10"),
    "shadow_control": Decimal("0.20"),
    "generic_control": Decimal("0.20"),
    "historical_control": Decimal("0.30"),
    "before_after": Decimal("0.40"),
    None: Decimal("0.50"),
}

TRUST_MESSAGES: Mapping[str | None, str] = {
    "rct": N_(
        "A randomised controlled trial shows what would have happened anyway: no attribution "
        "reduction is needed (%(percent)s %%)."),
    "waitlist_control": N_(
        "A wait-list control is nearly as strong as a randomised trial, but those waiting may "
        "get other help meanwhile: %(percent)s %% attribution is suggested."),
    "matching": N_(
        "Matching makes the groups alike only in the matched variables: %(percent)s %% "
        "attribution is suggested."),
    "shadow_control": N_(
        "A shadow control rests on experts' judgement of what would have happened otherwise: "
        "%(percent)s %% attribution is suggested."),
    "generic_control": N_(
        "A generic control compares with a broader population, not people like the "
        "participants: %(percent)s %% attribution is suggested."),
    "historical_control": N_(
        "A historical control compares with an earlier group, and conditions may have changed "
        "since: %(percent)s %% attribution is suggested."),
    "before_after": N_(
        "A before–after measurement credits the initiative with every change, including what "
        "would have happened anyway: %(percent)s %% attribution is suggested."),
    None: N_(
        "No comparison is chosen, so nothing shows what would have happened anyway: "
        "%(percent)s %% attribution is suggested until one is."),
}


@dataclass(frozen=True)
class Suggestion:
    """An attribution share to propose for benefit lines; ``msgid % params`` says why."""

    attribution: Decimal
    msgid: str
    params: Mapping[str, object]


def trust_suggestion(comparison: str | None) -> Suggestion:
    """The attribution suggested by ``TRUST`` for the evaluation plan's comparison design
    (None when none is chosen); ``ValueError`` for a design the table does not know."""
    if comparison not in TRUST:
        raise ValueError(f"unknown comparison design: {comparison!r}")
    share = TRUST[comparison]
    return Suggestion(share, TRUST_MESSAGES[comparison], {"percent": _short(share * 100)})


def people_from_effect(participants: Number, effect: Number) -> Decimal:
    """People affected: participants × |effect|, the effect a signed fraction (−0.18 for 18
    percentage points fewer). Fractional people are kept; rounding is the caller's choice."""
    count = ec._non_negative(participants, "participants")
    size = ec._dec(effect, "effect")
    with localcontext(CONTEXT):
        return count * abs(size)


__all__ = (
    "ABSOLUTE", "CHECKS", "DEFAULT_DRAWS", "DEFAULT_SEED", "FIXED_CATEGORIES", "HISTOGRAM_BINS",
    "MAX_DRAWS", "REASONS", "TRUST", "TRUST_MESSAGES", "Bin", "Check", "FullScale", "MonteCarlo",
    "Suggestion", "Triangle", "apply_draw", "full_scale", "histogram", "honesty_checks",
    "inputs_fingerprint", "monte_carlo", "people_from_effect", "percentile", "sample_parameters",
    "simulate", "trust_suggestion",
)
