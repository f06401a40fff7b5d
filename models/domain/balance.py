"""The balance of the portfolio (guide, section 4; SPEC 3.2, *Portfolio balance*).

A balanced portfolio across departments, target groups, length and complexity anchors the work
better. ``compute_balance`` counts the initiatives and adds up their budget requests per bucket of
each dimension, separately for the **running** portfolio (stages approved, running, evaluation,
implementation) and the **proposed** one (idea, proposal, prioritised); initiatives in other
stages (closed, rejected, stopped) are left out.

The dimensions and their buckets, each in a fixed order with "not stated" last:

* **department**: every department named, then "no department". An initiative with several
  departments counts in each, so the buckets add up to more than the initiatives;
* **age**: the guide's life stages (``LIFE_STAGE_LABELS``) an initiative's target group
  overlaps, from ``age_min``/``age_max`` in whole years (infancy 0, early childhood 1–5, school
  age 6–12, adolescence 13–19, young adults 20–29, adults 30–64, older people 65 and up). An open
  end reaches to the first or last life stage ("65+" is older people only, "up to 5" is infancy
  and early childhood). An initiative spanning several life stages counts in each. Without ages
  the initiative's stated life stage is used (counted as *derived*); without either, or with
  ``age_min > age_max``, it is "not stated";
* **duration**: whole months from ``start`` to ``end``, the end day included (1 January to
  31 December is 12 months): under 12, 12–23, 24–35, 36 or more, not stated (a date missing or
  the end before the start);
* **complexity**: the screening's assessment; without one it is derived from the number of
  departments involved (1 low, 2 medium, 3 or more high; counted as *derived*), and with no
  department it is "not assessed";
* **risk**: the priority of the highest open threat in the risk matrix, else the screening's
  risk level, or "not assessed";
* **stage**: the stage itself;
* **budget**: bands of the budget request (lower bound included): under 0.5 million kr,
  0.5–1, 1–3, 3–5, 5 million or more, not stated.

Each bucket holds a ``Tally`` per portfolio: the number of initiatives, the sum of their budget
requests (a missing request adds nothing and is counted in ``unbudgeted``) and how many were
placed by a derived value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from models.domain import N_
from models.domain.labels import LEVEL_LABELS, LIFE_STAGE_LABELS
from models.domain.stages import STAGE_LABELS

#: The stages of the running and of the proposed portfolio.
RUNNING_STAGES = ("approved", "running", "evaluation", "implementation")
PROPOSED_STAGES = ("idea", "proposal", "prioritised")
RUNNING = "running"
PROPOSED = "proposed"
PORTFOLIO_LABELS = {RUNNING: N_("Running"), PROPOSED: N_("Proposed")}

NOT_STATED = "not_stated"
ZERO = Decimal("0.00")

DEPARTMENT = "department"
AGE = "age"
DURATION = "duration"
COMPLEXITY = "complexity"
RISK = "risk"
STAGE = "stage"
BUDGET = "budget"
DIMENSIONS = (DEPARTMENT, AGE, DURATION, COMPLEXITY, RISK, STAGE, BUDGET)

DIMENSION_LABELS = {
    DEPARTMENT: N_("By department"),
    AGE: N_("By target group's life stage"),
    DURATION: N_("By duration"),
    COMPLEXITY: N_("By complexity"),
    RISK: N_("By risk level"),
    STAGE: N_("By stage"),
    BUDGET: N_("By size of the budget request"),
}
#: What a reader needs to know to read each dimension right.
DIMENSION_NOTES = {
    DEPARTMENT: N_("An initiative with several departments counts in each, so the bars add up "
                   "to more than the number of initiatives."),
    AGE: N_("From the target group's ages. An initiative whose target group spans several life "
            "stages counts in each. Without ages, the life stage stated for the initiative is "
            "used (derived)."),
    DURATION: N_("Whole months from the start date to the end date, the end day included."),
    COMPLEXITY: N_("As assessed at screening. Without an assessment, complexity is derived from "
                   "the number of departments involved: one is low, two medium, three or more "
                   "high."),
    RISK: N_("The priority of the initiative's highest open threat in its risk matrix; without "
             "open threats, as assessed at screening."),
    STAGE: N_("The initiative's current stage."),
    BUDGET: N_("The budget request; the lower bound of each band is included."),
}

#: Life stages as ranges of whole years (inclusive); None: no upper end.
LIFE_STAGE_AGES: tuple[tuple[str, int, int | None], ...] = (
    ("pregnancy_infancy", 0, 0),
    ("early_childhood", 1, 5),
    ("school_age", 6, 12),
    ("adolescence", 13, 19),
    ("young_adult", 20, 29),
    ("adult", 30, 64),
    ("older", 65, None),
)
assert tuple(key for key, _low, _high in LIFE_STAGE_AGES) == tuple(LIFE_STAGE_LABELS)

DURATION_BANDS: tuple[tuple[str, int, int | None, str], ...] = (
    ("under_12", 0, 11, N_("Under 12 months")),
    ("12_23", 12, 23, N_("12–23 months")),
    ("24_35", 24, 35, N_("24–35 months")),
    ("36_plus", 36, None, N_("36 months or more")),
)

#: Budget bands: key, lower bound (included), label.
BUDGET_BANDS: tuple[tuple[str, Decimal, str], ...] = (
    ("under_0_5m", Decimal(0), N_("Under 0.5 million kr")),
    ("0_5m_1m", Decimal(500_000), N_("0.5–1 million kr")),
    ("1m_3m", Decimal(1_000_000), N_("1–3 million kr")),
    ("3m_5m", Decimal(3_000_000), N_("3–5 million kr")),
    ("5m_plus", Decimal(5_000_000), N_("5 million kr or more")),
)

LEVELS = tuple(LEVEL_LABELS)

#: The label of the "not stated" bucket per dimension.
NOT_STATED_LABELS = {
    DEPARTMENT: N_("No department"),
    AGE: N_("Not stated"),
    DURATION: N_("Not stated"),
    COMPLEXITY: N_("Not assessed"),
    RISK: N_("Not assessed"),
    BUDGET: N_("Not stated"),
}


@dataclass(frozen=True)
class BalanceProject:
    """One initiative as the balance sees it. ``departments`` are names; ``complexity`` and
    ``risk_level`` are the screening's assessment (``low``, ``medium``, ``high``) or None."""

    key: str
    title: str
    stage: str
    departments: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None
    life_stage: str | None = None
    start: date | None = None
    end: date | None = None
    budget: Decimal | None = None
    complexity: str | None = None
    risk_level: str | None = None


@dataclass(frozen=True)
class Tally:
    count: int = 0
    budget: Decimal = ZERO
    #: Initiatives counted without a budget request.
    unbudgeted: int = 0
    #: Initiatives placed here by a derived value (complexity from departments, age from the
    #: stated life stage).
    derived: int = 0

    def add(self, budget: Decimal | None, derived: bool = False) -> Tally:
        return Tally(
            self.count + 1,
            self.budget + (budget if budget is not None else ZERO),
            self.unbudgeted + (budget is None),
            self.derived + derived,
        )


@dataclass(frozen=True)
class Bucket:
    key: str
    #: A msgid, or a name shown as it is when ``named`` (a department).
    label: str
    running: Tally = field(default_factory=Tally)
    proposed: Tally = field(default_factory=Tally)
    named: bool = False

    def tally(self, portfolio: str) -> Tally:
        return self.running if portfolio == RUNNING else self.proposed


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    buckets: tuple[Bucket, ...]
    #: An initiative may count in several buckets (departments, life stages).
    overlapping: bool = False

    @property
    def label(self) -> str:
        return DIMENSION_LABELS[self.dimension]

    @property
    def note(self) -> str:
        return DIMENSION_NOTES[self.dimension]

    def bucket(self, key: str) -> Bucket:
        return next(b for b in self.buckets if b.key == key)


@dataclass(frozen=True)
class Balance:
    #: Each initiative once.
    running: Tally
    proposed: Tally
    breakdowns: tuple[Breakdown, ...]

    def get(self, dimension: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.dimension == dimension)


@dataclass(frozen=True)
class Placement:
    """Where one initiative goes in each dimension (bucket keys) and which are derived."""

    portfolio: str | None
    buckets: dict[str, tuple[str, ...]]
    derived: frozenset[str] = frozenset()


def portfolio_of(stage: str) -> str | None:
    """``RUNNING``, ``PROPOSED`` or None (closed, rejected, stopped)."""
    if stage in RUNNING_STAGES:
        return RUNNING
    if stage in PROPOSED_STAGES:
        return PROPOSED
    return None


def life_stages(age_min: int | None, age_max: int | None) -> tuple[str, ...]:
    """The life stages an age range overlaps; () when no age is given or min > max."""
    if age_min is None and age_max is None:
        return ()
    low = max(age_min, 0) if age_min is not None else 0
    if age_max is not None and age_max < low:
        return ()
    result = []
    for key, first, last in LIFE_STAGE_AGES:
        if (age_max is None or first <= age_max) and (last is None or last >= low):
            result.append(key)
    return tuple(result)


def age_buckets(project: BalanceProject) -> tuple[tuple[str, ...], bool]:
    """The life-stage buckets of ``project`` and whether they are derived from its life stage."""
    stages = life_stages(project.age_min, project.age_max)
    if stages:
        return stages, False
    if project.age_min is None and project.age_max is None and \
            project.life_stage in LIFE_STAGE_LABELS:
        return (project.life_stage,), True
    return (NOT_STATED,), False


def duration_months(start: date | None, end: date | None) -> int | None:
    """Whole months from ``start`` to ``end`` with the end day included; None when a date is
    missing or the end comes before the start."""
    if start is None or end is None or end < start:
        return None
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if after.day < start.day:
        months -= 1
    return months


def duration_band(months: int | None) -> str:
    if months is None:
        return NOT_STATED
    for key, low, high, _label in DURATION_BANDS:
        if months >= low and (high is None or months <= high):
            return key
    return NOT_STATED


def complexity_of(project: BalanceProject) -> tuple[str, bool]:
    """The assessed complexity, else one derived from the number of departments."""
    if project.complexity in LEVEL_LABELS:
        return project.complexity, False
    count = len(set(project.departments))
    if count == 0:
        return NOT_STATED, False
    return ("low" if count == 1 else "medium" if count == 2 else "high"), True


def risk_of(project: BalanceProject) -> str:
    return project.risk_level if project.risk_level in LEVEL_LABELS else NOT_STATED


def budget_band(budget: Decimal | None) -> str:
    if budget is None:
        return NOT_STATED
    key = BUDGET_BANDS[0][0]
    for band, low, _label in BUDGET_BANDS:
        if budget >= low:
            key = band
    return key


def place(project: BalanceProject) -> Placement:
    """Return the buckets ``project`` counts in, per dimension."""
    ages, ages_derived = age_buckets(project)
    complexity, complexity_derived = complexity_of(project)
    departments = tuple(dict.fromkeys(project.departments)) or (NOT_STATED,)
    derived = {AGE} if ages_derived else set()
    if complexity_derived:
        derived.add(COMPLEXITY)
    return Placement(
        portfolio=portfolio_of(project.stage),
        buckets={
            DEPARTMENT: departments,
            AGE: ages,
            DURATION: (duration_band(duration_months(project.start, project.end)),),
            COMPLEXITY: (complexity,),
            RISK: (risk_of(project),),
            STAGE: (project.stage,),
            BUDGET: (budget_band(project.budget),),
        },
        derived=frozenset(derived),
    )


def _fixed(dimension: str, pairs: Iterable[tuple[str, str]], *, not_stated: bool = True
           ) -> list[tuple[str, str, bool]]:
    rows = [(key, label, False) for key, label in pairs]
    if not_stated:
        rows.append((NOT_STATED, NOT_STATED_LABELS[dimension], False))
    return rows


def _layout(departments: Sequence[str], seen_departments: Iterable[str]
            ) -> dict[str, list[tuple[str, str, bool]]]:
    """Every dimension's buckets in order: (key, label, named)."""
    names = list(dict.fromkeys(departments))
    names += sorted(set(seen_departments) - set(names), key=lambda n: (n.casefold(), n))
    return {
        DEPARTMENT: [(name, name, True) for name in names]
        + [(NOT_STATED, NOT_STATED_LABELS[DEPARTMENT], False)],
        AGE: _fixed(AGE, LIFE_STAGE_LABELS.items()),
        DURATION: _fixed(DURATION, ((key, label) for key, _lo, _hi, label in DURATION_BANDS)),
        COMPLEXITY: _fixed(COMPLEXITY, LEVEL_LABELS.items()),
        RISK: _fixed(RISK, LEVEL_LABELS.items()),
        STAGE: _fixed(STAGE, ((s, STAGE_LABELS[s]) for s in RUNNING_STAGES + PROPOSED_STAGES),
                      not_stated=False),
        BUDGET: _fixed(BUDGET, ((key, label) for key, _low, label in BUDGET_BANDS)),
    }


def compute_balance(projects: Iterable[BalanceProject], departments: Sequence[str] = ()
                    ) -> Balance:
    """Count and add up ``projects`` per bucket of every dimension (see the module docstring).

    ``departments`` are the department names to list, in order, even when no initiative names
    them; departments named only by initiatives follow by name.
    """
    projects = list(projects)
    placements = [(p, place(p)) for p in projects]
    seen = {name for p in projects for name in p.departments}
    tallies: dict[tuple[str, str, str], Tally] = {}
    totals = {RUNNING: Tally(), PROPOSED: Tally()}
    for project, placement in placements:
        portfolio = placement.portfolio
        if portfolio is None:
            continue
        totals[portfolio] = totals[portfolio].add(project.budget)
        for dimension, keys in placement.buckets.items():
            derived = dimension in placement.derived
            for key in keys:
                slot = (dimension, key, portfolio)
                tallies[slot] = tallies.get(slot, Tally()).add(project.budget, derived)
    breakdowns = []
    for dimension, rows in _layout(departments, seen).items():
        buckets = tuple(
            Bucket(key, label,
                   tallies.get((dimension, key, RUNNING), Tally()),
                   tallies.get((dimension, key, PROPOSED), Tally()),
                   named=named)
            for key, label, named in rows
        )
        breakdowns.append(Breakdown(dimension, buckets, overlapping=dimension in (DEPARTMENT, AGE)))
    return Balance(totals[RUNNING], totals[PROPOSED], tuple(breakdowns))
