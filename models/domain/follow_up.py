"""Follow-up of a running initiative (guide, section 6; SPEC 3.8): periods, plan against actual,
the data still missing, resource use and the status for the steering group.

Pure functions on plain values; ``models.follow_ups`` loads the facts and ``webapp`` shows them.

* **Periods.** A period is a month or a quarter, identified by its first day (the first of a
  month; of January, April, July or October). Users write them ``2025-03`` and ``2025-Q1``.
* **Direction.** An indicator's target relative to its baseline says which way is better: a
  target below the baseline means lower is better; otherwise (and when either is unknown)
  higher is better.
* **Behind plan.** An actual value is behind its planned value when it lies on the wrong side of
  it by more than :data:`BEHIND_TOLERANCE` (10 per cent) of the planned value.
* **Targets reached.** For each indicator with a baseline and a target, the progress is
  ``(latest actual − baseline) / (target − baseline)``, clipped to 0–1; the share of the targets
  reached is the average progress of the indicators that have a latest actual value.
* **Budget spent.** Disbursed divided by allocated (the fund ledger); when nothing is allocated,
  disbursed divided by the sum of the budget lines.
* **Status.** ``models.domain.results.follow_up_status`` compares the two shares: OK while the
  share of the budget spent runs at most 10 percentage points ahead of the share of the targets
  reached, a warning up to 25 points ahead, danger beyond.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext

from models.domain import N_, results

MONTH = "month"
QUARTER = "quarter"
FREQUENCIES = (MONTH, QUARTER)
FREQUENCY_LABELS = {MONTH: N_("Every month"), QUARTER: N_("Every quarter")}
KINDS = ("process", "outcome")
KIND_LABELS = {"process": N_("Process measure"), "outcome": N_("Outcome indicator")}

UP = 1
DOWN = -1

#: How far an actual value may fall short of its planned value, as a share of the planned
#: value, before it counts as behind plan.
BEHIND_TOLERANCE = Decimal("0.10")
#: Shares are computed to this many decimals.
SHARE_PLACES = Decimal("0.0001")
ZERO = Decimal(0)
ONE = Decimal(1)

STATUS_LABELS = {results.OK: N_("On track"), results.WARNING: N_("Warning"),
                 results.DANGER: N_("Serious")}

#: The budget basis of the share spent.
LEDGER = "ledger"
BUDGET = "budget"


# --- Periods -----------------------------------------------------------------------------------


def _months(frequency: str) -> int:
    if frequency not in FREQUENCIES:
        raise ValueError(f"unknown frequency {frequency!r}")
    return 1 if frequency == MONTH else 3


def period_start(day: date, frequency: str) -> date:
    """The first day of the month or quarter ``day`` falls in."""
    months = _months(frequency)
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def is_period_start(day: date, frequency: str) -> bool:
    return period_start(day, frequency) == day


def shift_period(start: date, frequency: str, steps: int = 1) -> date:
    """The period ``steps`` periods after (negative: before) the one starting on ``start``."""
    index = start.year * 12 + start.month - 1 + steps * _months(frequency)
    return date(index // 12, index % 12 + 1, 1)


def periods_between(first: date, last: date, frequency: str) -> list[date]:
    """The starts of the periods from the one holding ``first`` to the one holding ``last``."""
    current, end = period_start(first, frequency), period_start(last, frequency)
    found = []
    while current <= end:
        found.append(current)
        current = shift_period(current, frequency)
    return found


def last_completed_period(today: date, frequency: str) -> date:
    """The start of the last period that ended before ``today``."""
    return shift_period(period_start(today, frequency), frequency, -1)


def period_label(start: date, frequency: str | None) -> str:
    """``2025-03`` for a month, ``2025-Q1`` for a quarter (how users write them)."""
    if frequency == QUARTER and is_period_start(start, QUARTER):
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


_MONTH_TEXT = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d{1,2}))?")
_QUARTER_TEXT = re.compile(r"(\d{4})\s*[-/ ]?\s*(?:Q|KV\.?|K)\s*([1-4])", re.IGNORECASE)
_QUARTER_FIRST = re.compile(r"(?:Q|KV\.?|K)\s*([1-4])\s*[-/ ]?\s*(\d{4})", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """A period as written: its first day and whether a quarter was written (else a month)."""

    start: date
    frequency: str


def parse_period(text: str) -> Period | None:
    """Read ``2025-03``, ``2025-Q1`` (also ``2025 Q1``, ``Q1 2025``, ``2025 kv 1``) or the first
    day of a month, ``2025-03-01``; None when the text is none of these."""
    text = (text or "").strip()
    match = _QUARTER_TEXT.fullmatch(text)
    if match:
        return Period(date(int(match[1]), (int(match[2]) - 1) * 3 + 1, 1), QUARTER)
    match = _QUARTER_FIRST.fullmatch(text)
    if match:
        return Period(date(int(match[2]), (int(match[1]) - 1) * 3 + 1, 1), QUARTER)
    match = _MONTH_TEXT.fullmatch(text)
    if match:
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12 or (match[3] is not None and int(match[3]) != 1):
            return None
        return Period(date(year, month, 1), MONTH)
    return None


def period_problem(period: Period, frequency: str | None) -> str | None:
    """Why ``period`` does not fit an indicator reported with ``frequency`` (a msgid), if so."""
    if frequency == QUARTER and not is_period_start(period.start, QUARTER):
        return N_("This indicator is reported per quarter: give the quarter, for example "
                  "2025-Q2.")
    if frequency == MONTH and period.frequency == QUARTER:
        return N_("This indicator is reported per month: give the month, for example 2025-04.")
    return None


# --- Values -------------------------------------------------------------------------------------


def direction(baseline: Decimal | None, target: Decimal | None) -> int:
    """DOWN when the target lies below the baseline, else UP (also when either is unknown)."""
    if baseline is not None and target is not None and target < baseline:
        return DOWN
    return UP


def value_problem(unit: str | None, value: Decimal) -> str | None:
    """Why ``value`` cannot be a value of an indicator in ``unit`` (a msgid), if so. Shares are
    stored in per cent (55 = 55 %), like the logic model's baselines and targets."""
    if unit == "percent" and not ZERO <= value <= 100:
        return N_("A share is given in per cent, from 0 to 100.")
    if unit == "count" and value < 0:
        return N_("A count cannot be negative.")
    if unit == "sek" and value < 0:
        return N_("An amount cannot be negative.")
    return None


def difference(planned: Decimal | None, actual: Decimal | None) -> Decimal | None:
    """Actual minus planned; None unless both are known."""
    if planned is None or actual is None:
        return None
    return actual - planned


def behind_plan(planned: Decimal | None, actual: Decimal | None, way: int = UP, *,
                tolerance: Decimal = BEHIND_TOLERANCE) -> bool:
    """Whether ``actual`` lies on the wrong side of ``planned`` (given the better ``way``) by
    more than ``tolerance`` of the planned value."""
    if planned is None or actual is None:
        return False
    margin = tolerance * abs(planned)
    if way == DOWN:
        return actual > planned + margin
    return actual < planned - margin


def shortfall(planned: Decimal, actual: Decimal, way: int = UP) -> Decimal | None:
    """How far ``actual`` falls short of ``planned`` in the better direction, as a share of the
    planned value (0.25 = a quarter short); None for a planned value of 0."""
    if planned == 0:
        return None
    gap = (planned - actual) if way == UP else (actual - planned)
    with localcontext() as ctx:
        ctx.prec = 28
        return (gap / abs(planned)).quantize(SHARE_PLACES)


def progress(baseline: Decimal | None, target: Decimal | None,
             latest: Decimal | None) -> Decimal | None:
    """How much of the way from the baseline to the target the latest value has come, clipped
    to 0–1; None without a baseline, a target (different from it) or a latest value."""
    if baseline is None or target is None or latest is None or target == baseline:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        share = (latest - baseline) / (target - baseline)
    return min(max(share, ZERO), ONE).quantize(SHARE_PLACES)


def targets_reached(progresses: Iterable[Decimal | None]) -> Decimal | None:
    """The average of the known progresses; None when none is known."""
    known = [p for p in progresses if p is not None]
    if not known:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        return (sum(known, ZERO) / len(known)).quantize(SHARE_PLACES)


@dataclass(frozen=True)
class BudgetSpent:
    """The share of the budget spent and what it was computed from."""

    #: Disbursed over the basis; may exceed 1. None without a basis.
    share: Decimal | None
    #: ``ledger`` (the money allocated), ``budget`` (the budget lines) or None.
    basis: str | None
    allocated: Decimal
    disbursed: Decimal
    budget_total: Decimal

    @property
    def denominator(self) -> Decimal | None:
        if self.basis == LEDGER:
            return self.allocated
        if self.basis == BUDGET:
            return self.budget_total
        return None


def budget_spent(allocated: Decimal, disbursed: Decimal, budget_total: Decimal) -> BudgetSpent:
    """Disbursed over allocated; over the sum of the budget lines when nothing is allocated."""
    if allocated > 0:
        basis, denominator = LEDGER, allocated
    elif budget_total > 0:
        basis, denominator = BUDGET, budget_total
    else:
        return BudgetSpent(None, None, allocated, disbursed, budget_total)
    with localcontext() as ctx:
        ctx.prec = 28
        share = (disbursed / denominator).quantize(SHARE_PLACES)
    return BudgetSpent(share, basis, allocated, disbursed, budget_total)


def status(targets: Decimal | None, spent: Decimal | None) -> str | None:
    """``ok``, ``warning`` or ``danger`` (``results.follow_up_status``; a share spent above 1
    counts as 1); None when either share is unknown."""
    if targets is None or spent is None:
        return None
    return results.follow_up_status(min(max(targets, ZERO), ONE), min(max(spent, ZERO), ONE))


def missing_periods(first: date, frequency: str, reported: Iterable[date], today: date,
                    end: date | None = None) -> list[date]:
    """The periods from the one holding ``first`` up to the last completed one (and not past
    the one holding ``end``) with no reported value."""
    last = last_completed_period(today, frequency)
    if end is not None:
        last = min(last, period_start(end, frequency))
    if last < period_start(first, frequency):
        return []
    done = {period_start(day, frequency) for day in reported}
    return [p for p in periods_between(first, last, frequency) if p not in done]


# --- Resource use ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hours:
    """Planned and actual hours summed, with the difference (actual − planned)."""

    planned: Decimal
    actual: Decimal

    @property
    def difference(self) -> Decimal:
        return self.actual - self.planned


def sum_hours(rows: Iterable[tuple[Decimal | None, Decimal | None]]) -> Hours:
    """Sum planned and actual hours, an empty value counting as 0."""
    planned = actual = ZERO
    for row_planned, row_actual in rows:
        planned += row_planned or ZERO
        actual += row_actual or ZERO
    return Hours(planned, actual)


# --- The report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodValue:
    """One registered value: a total (empty dimension) or one category of a breakdown."""

    period: date
    label: str
    planned: Decimal | None
    actual: Decimal | None
    dimension: str = ""
    category: str = ""
    reported_by: str = ""
    comment: str = ""
    #: The row's id, for links on the page (0 when not stored).
    id: int = 0
    behind: bool = False

    @property
    def difference(self) -> Decimal | None:
        return difference(self.planned, self.actual)


@dataclass(frozen=True)
class IndicatorReport:
    """An indicator with its reporting and its values, totals and breakdowns apart."""

    id: int
    key: str
    name: str
    kind: str
    unit: str | None
    baseline: Decimal | None
    target: Decimal | None
    element: str
    frequency: str | None = None
    first_period: date | None = None
    responsible: str = ""
    totals: tuple[PeriodValue, ...] = ()
    breakdowns: tuple[PeriodValue, ...] = ()
    reporting_version: int | None = None

    @property
    def reporting(self) -> bool:
        return self.frequency is not None

    @property
    def way(self) -> int:
        return direction(self.baseline, self.target)

    @property
    def latest_actual(self) -> PeriodValue | None:
        """The total of the latest period with an actual value."""
        known = [v for v in self.totals if v.actual is not None]
        return max(known, key=lambda v: v.period) if known else None

    @property
    def progress(self) -> Decimal | None:
        latest = self.latest_actual
        return progress(self.baseline, self.target, latest.actual if latest else None)

    def _in_entry_order(self, names: Iterable[tuple[str, PeriodValue]]) -> tuple[str, ...]:
        """Names in the order they were first registered (by the rows' ids), so categories
        keep the order users gave them (weekdays from Monday, not alphabetically)."""
        first: dict[str, tuple[int, int]] = {}
        for position, (name, value) in enumerate(names):
            key = (value.id, position)
            if name not in first or key < first[name]:
                first[name] = key
        return tuple(sorted(first, key=first.__getitem__))

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimensions of the breakdowns, in the order first registered."""
        return self._in_entry_order((v.dimension, v) for v in self.breakdowns)

    def categories(self, dimension: str) -> tuple[str, ...]:
        """The categories of ``dimension``, in the order first registered."""
        return self._in_entry_order((v.category, v) for v in self.breakdowns
                                    if v.dimension == dimension)

    @property
    def periods(self) -> tuple[date, ...]:
        return tuple(sorted({v.period for v in (*self.totals, *self.breakdowns)}))

    def grid(self, dimension: str) -> BreakdownGrid:
        """The breakdown by ``dimension`` as a table: one row per period (in order), one column
        per category (in the order first registered), each cell the value or None."""
        categories = self.categories(dimension)
        cells = {(v.period, v.category): v for v in self.breakdowns if v.dimension == dimension}
        periods = sorted({period for period, _category in cells})
        labels = {v.period: v.label for v in cells.values()}
        rows = tuple(GridRow(period, labels[period],
                             tuple(cells.get((period, c)) for c in categories))
                     for period in periods)
        return BreakdownGrid(dimension, categories, rows)


@dataclass(frozen=True)
class GridRow:
    period: date
    label: str
    #: One cell per category of the grid, None where nothing is registered.
    cells: tuple[PeriodValue | None, ...]


@dataclass(frozen=True)
class BreakdownGrid:
    """An indicator's values broken down by one dimension, period by category."""

    dimension: str
    categories: tuple[str, ...]
    rows: tuple[GridRow, ...]


@dataclass(frozen=True)
class MissingValue:
    indicator_key: str
    indicator_name: str
    period: date
    label: str
    responsible: str


@dataclass(frozen=True)
class ResourceRow:
    id: int
    activity_key: str
    activity: str
    period: date
    label: str
    competence: str
    planned: Decimal | None
    actual: Decimal | None
    comment: str = ""

    @property
    def difference(self) -> Decimal | None:
        return difference(self.planned, self.actual)


@dataclass(frozen=True)
class ActivityHours:
    key: str
    activity: str
    hours: Hours


@dataclass(frozen=True)
class FollowUpStatus:
    """The steering group's status: the share of the targets reached against the share of the
    budget spent."""

    targets: Decimal | None
    #: The indicators the share of the targets reached averages over.
    counted: tuple[str, ...]
    spent: BudgetSpent
    status: str | None


@dataclass(frozen=True)
class FollowUpReport:
    """What the follow-up page and the workbook's sheet show of one initiative."""

    title: str
    today: date
    indicators: tuple[IndicatorReport, ...]
    missing: tuple[MissingValue, ...]
    resources: tuple[ResourceRow, ...]
    activities: tuple[ActivityHours, ...]
    status: FollowUpStatus
    #: Keys of indicators whose missing periods cannot be listed: reporting is set up but
    #: neither a first period nor the project's start is known.
    without_start: tuple[str, ...] = ()

    @property
    def resource_total(self) -> Hours:
        return sum_hours((a.hours.planned, a.hours.actual) for a in self.activities)


def steering_status(indicators: Sequence[IndicatorReport], spent: BudgetSpent) -> FollowUpStatus:
    """The status from the indicators' progress and the budget spent."""
    counted = [(i.key, i.progress) for i in indicators if i.progress is not None]
    targets = targets_reached(p for _key, p in counted)
    return FollowUpStatus(targets, tuple(key for key, _p in counted), spent,
                          status(targets, spent.share))


def activity_hours(rows: Sequence[ResourceRow],
                   activities: Sequence[tuple[str, str]]) -> tuple[ActivityHours, ...]:
    """Hours per activity, in the order of ``activities`` ((key, text) pairs); activities
    without rows are left out."""
    found = []
    for key, text in activities:
        own = [(r.planned, r.actual) for r in rows if r.activity_key == key]
        if own:
            found.append(ActivityHours(key, text, sum_hours(own)))
    return tuple(found)


__all__ = [
    "ActivityHours", "BEHIND_TOLERANCE", "BUDGET", "BreakdownGrid", "BudgetSpent", "DOWN",
    "FREQUENCIES", "GridRow",
    "FREQUENCY_LABELS", "FollowUpReport", "FollowUpStatus", "Hours", "IndicatorReport",
    "KIND_LABELS", "LEDGER", "MONTH", "MissingValue", "Period", "PeriodValue", "QUARTER",
    "ResourceRow", "STATUS_LABELS", "UP", "activity_hours", "behind_plan", "budget_spent",
    "difference", "direction", "is_period_start", "last_completed_period",
    "missing_periods", "parse_period", "period_label", "period_problem", "period_start",
    "periods_between", "progress", "shift_period", "shortfall", "status", "steering_status",
    "sum_hours", "targets_reached", "value_problem",
]
