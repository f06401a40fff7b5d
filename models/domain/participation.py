"""Participants, reach, drop-outs, the cream-skimming monitor and half-years (guide, section 6;
SPEC 3.8). Plain values in, results out.

* **Reach** is the share of the target group the initiative has enrolled so far: the enrolled
  participants summed over the periods up to a date, divided by the size of the whole target
  group. The planned reach is the part of the target group the initiative plans to reach,
  divided by the same size.
* The **enrolment rate** of a risk profile is enrolled / eligible, counted only over the periods
  in which the eligible were counted (a period without that count says nothing about the rate).
  The **drop-out rate** is the drop-outs of the profile / its enrolled participants.
* **Cream-skimming** (*russinplockning*: the easiest cases are chosen) is flagged when the
  high-risk participants are clearly less often enrolled than the low-risk ones, or clearly more
  often drop out: the high-risk enrolment rate below ``ENROLMENT_FACTOR`` × the low-risk rate,
  or the high-risk drop-out rate above ``DROP_OUT_FACTOR`` × the low-risk rate. Small numbers
  say little, so a comparison is only made when both profiles have at least ``MIN_PEOPLE``
  people behind the rate (eligible for the enrolment rate, enrolled for the drop-out rate), and
  a drop-out rate is only flagged with at least ``MIN_DROP_OUTS`` high-risk drop-outs.
* A drop-out whose reason suggests harm (``HARM_REASONS``) is flagged as possible harm; the
  guide asks for each drop-out to be investigated quickly, so the flag stays *open* until the
  investigation is recorded with a date and what it found.
* A **half-year** is January–June (1) or July–December (2); the half-yearly report to the
  decision body covers the last completed one unless another is chosen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.domain import N_

LOW, MEDIUM, HIGH, UNKNOWN = "low", "medium", "high", "unknown"
#: The risk profiles, in the order pages list them (the same codes as ``models.follow_up``).
RISK_PROFILES = (LOW, MEDIUM, HIGH, UNKNOWN)
RISK_PROFILE_LABELS: Mapping[str, str] = {
    LOW: N_("Low risk"),
    MEDIUM: N_("Medium risk"),
    HIGH: N_("High risk"),
    UNKNOWN: N_("Risk not assessed"),
}

DROP_OUT_REASON_LABELS: Mapping[str, str] = {
    "moved": N_("Moved away"),
    "declined": N_("Did not want to continue"),
    "no_longer_needed": N_("No longer needed the support"),
    "other_support": N_("Got other support instead"),
    "practical": N_("Practical obstacles (time, travel, work)"),
    "negative_experience": N_("Negative experience of the initiative"),
    "worse_off": N_("Got worse during the initiative"),
    "unknown": N_("Reason not known"),
    "other": N_("Other reason"),
}
#: Reasons that suggest the initiative may have harmed the participant.
HARM_REASONS = frozenset({"negative_experience", "worse_off"})

DECISION_LABELS: Mapping[str, str] = {
    "continue": N_("Continue as planned"),
    "adjust": N_("Adjust"),
    "intensify": N_("Intensify"),
    "stop": N_("Stop"),
}
PROMPT_LABELS: Mapping[str, str] = {
    "indicator": N_("An indicator"),
    "drop_out": N_("A drop-out"),
    "resources": N_("Resource use"),
    "signal": N_("A signal"),
    "schedule": N_("The schedule (a regular check-in)"),
    "other": N_("Something else"),
}

#: The cream-skimming rule's defaults (see the module docstring).
ENROLMENT_FACTOR = Decimal("0.8")
DROP_OUT_FACTOR = Decimal("1.25")
MIN_PEOPLE = 10
MIN_DROP_OUTS = 3

#: Outcomes of one comparison of the cream-skimming monitor.
FLAGGED = "flagged"
NOT_FLAGGED = "not_flagged"
TOO_FEW = "too_few"

#: Where a planned check-in stands.
HELD, DUE, OVERDUE, UPCOMING = "held", "due", "overdue", "upcoming"


# --- Drop-outs ------------------------------------------------------------------------------


def suggests_harm(reason_kind: str) -> bool:
    """Whether a drop-out's kind of reason suggests that the initiative may have harmed."""
    return reason_kind in HARM_REASONS


def harm_open(possible_harm: bool, investigated_on: date | None, investigation: str) -> bool:
    """A drop-out flagged as possible harm whose investigation is not yet recorded (both the
    date and what it found)."""
    return possible_harm and (investigated_on is None or not investigation.strip())


# --- Periods and rates ----------------------------------------------------------------------


def is_period_start(day: date) -> bool:
    """Whether ``day`` identifies a period: the first day of a month (a quarter is named by the
    first day of its first month)."""
    return day.day == 1


def rate(part: int, whole: int | None) -> Decimal | None:
    """``part / whole`` as a Decimal; None when ``whole`` is unknown or not positive."""
    if whole is None or whole <= 0:
        return None
    return Decimal(part) / Decimal(whole)


@dataclass(frozen=True)
class Flow:
    """Eligible and enrolled people of one period and risk profile."""

    period: date
    profile: str
    eligible: int | None
    enrolled: int


@dataclass(frozen=True)
class Leaver:
    """A drop-out: when and from which risk profile."""

    left_on: date
    profile: str


def _within(day: date, since: date | None, until: date | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)


# --- Reach ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReachPoint:
    """Enrolled people of one period (every profile) and the cumulative reach after it."""

    period: date
    enrolled: int
    cumulative: int
    #: Cumulative enrolled / the target group; None without a target group size.
    share: Decimal | None


def reach_by_period(flows: Iterable[Flow], target_group: int | None) -> tuple[ReachPoint, ...]:
    """The cumulative reach after each period, in period order."""
    per_period: dict[date, int] = {}
    for flow in flows:
        per_period[flow.period] = per_period.get(flow.period, 0) + flow.enrolled
    points = []
    cumulative = 0
    for period in sorted(per_period):
        cumulative += per_period[period]
        points.append(ReachPoint(period, per_period[period], cumulative,
                                 rate(cumulative, target_group)))
    return tuple(points)


@dataclass(frozen=True)
class Reach:
    """How much of the target group is reached, against the plan."""

    enrolled: int
    target_group: int | None
    #: The part of the target group the initiative plans to reach.
    planned: int | None

    @property
    def share(self) -> Decimal | None:
        """Enrolled / the target group."""
        return rate(self.enrolled, self.target_group)

    @property
    def planned_share(self) -> Decimal | None:
        """The planned reach / the target group."""
        return rate(self.planned, self.target_group) if self.planned is not None else None

    @property
    def of_planned(self) -> Decimal | None:
        """Enrolled / the planned reach: how far the plan is reached."""
        return rate(self.enrolled, self.planned)


def reach(flows: Iterable[Flow], target_group: int | None, planned: int | None, *,
          until: date | None = None) -> Reach:
    """The enrolled people of every period up to ``until`` (all when None) against the target
    group and the planned reach."""
    enrolled = sum(f.enrolled for f in flows if _within(f.period, None, until))
    return Reach(enrolled, target_group or None, planned or None)


# --- Risk profiles --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileFigures:
    """The eligible, enrolled and drop-outs of one risk profile."""

    profile: str
    #: Eligible summed over the periods where they were counted; None if never counted.
    eligible: int | None
    enrolled: int
    #: Enrolled in the periods where the eligible were counted (the enrolment rate's part).
    enrolled_counted: int
    drop_outs: int

    @property
    def enrolment_rate(self) -> Decimal | None:
        return rate(self.enrolled_counted, self.eligible)

    @property
    def drop_out_rate(self) -> Decimal | None:
        return rate(self.drop_outs, self.enrolled)


def by_profile(flows: Iterable[Flow], leavers: Iterable[Leaver], *, since: date | None = None,
               until: date | None = None) -> dict[str, ProfileFigures]:
    """Figures of every risk profile (in ``RISK_PROFILES`` order) over the periods and drop-outs
    from ``since`` to ``until`` (both included; open ends when None)."""
    eligible: dict[str, int | None] = dict.fromkeys(RISK_PROFILES)
    enrolled = dict.fromkeys(RISK_PROFILES, 0)
    counted = dict.fromkeys(RISK_PROFILES, 0)
    left = dict.fromkeys(RISK_PROFILES, 0)
    for flow in flows:
        if flow.profile not in enrolled or not _within(flow.period, since, until):
            continue
        enrolled[flow.profile] += flow.enrolled
        if flow.eligible is not None:
            eligible[flow.profile] = (eligible[flow.profile] or 0) + flow.eligible
            counted[flow.profile] += flow.enrolled
    for leaver in leavers:
        if leaver.profile in left and _within(leaver.left_on, since, until):
            left[leaver.profile] += 1
    return {p: ProfileFigures(p, eligible[p], enrolled[p], counted[p], left[p])
            for p in RISK_PROFILES}


@dataclass(frozen=True)
class Comparison:
    """One comparison of the high-risk with the low-risk profile."""

    status: str
    high: Decimal | None
    low: Decimal | None
    #: The high-risk rate that would be flagged: below it (enrolment) or above it (drop-out).
    limit: Decimal | None


@dataclass(frozen=True)
class CreamSkimming:
    enrolment: Comparison
    drop_out: Comparison

    @property
    def flagged(self) -> bool:
        return FLAGGED in (self.enrolment.status, self.drop_out.status)

    @property
    def assessed(self) -> bool:
        """Whether at least one comparison had enough people to be made."""
        return TOO_FEW != self.enrolment.status or TOO_FEW != self.drop_out.status


def cream_skimming(figures: Mapping[str, ProfileFigures], *,
                   enrolment_factor: Decimal = ENROLMENT_FACTOR,
                   drop_out_factor: Decimal = DROP_OUT_FACTOR,
                   min_people: int = MIN_PEOPLE,
                   min_drop_outs: int = MIN_DROP_OUTS) -> CreamSkimming:
    """Compare the high-risk with the low-risk profile (see the module docstring)."""
    high, low = figures[HIGH], figures[LOW]

    if (high.eligible or 0) < min_people or (low.eligible or 0) < min_people:
        enrolment = Comparison(TOO_FEW, high.enrolment_rate, low.enrolment_rate, None)
    else:
        limit = enrolment_factor * low.enrolment_rate
        status = FLAGGED if high.enrolment_rate < limit else NOT_FLAGGED
        enrolment = Comparison(status, high.enrolment_rate, low.enrolment_rate, limit)

    if high.enrolled < min_people or low.enrolled < min_people:
        drop_out = Comparison(TOO_FEW, high.drop_out_rate, low.drop_out_rate, None)
    else:
        limit = drop_out_factor * low.drop_out_rate
        above = high.drop_out_rate > limit and high.drop_outs >= min_drop_outs
        drop_out = Comparison(FLAGGED if above else NOT_FLAGGED, high.drop_out_rate,
                              low.drop_out_rate, limit)
    return CreamSkimming(enrolment, drop_out)


# --- Indicator values and resource use --------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One period's planned and actual value of an indicator (its total)."""

    period: date
    planned: Decimal | None
    actual: Decimal | None


def latest_actual(points: Iterable[Point], until: date | None = None) -> Point | None:
    """The latest period up to ``until`` with an actual value, or None."""
    known = [p for p in points if p.actual is not None and _within(p.period, None, until)]
    return max(known, key=lambda p: p.period, default=None)


@dataclass(frozen=True)
class Sums:
    """Planned and actual values summed over a time span."""

    planned: Decimal | None
    actual: Decimal | None
    #: Periods with an actual value.
    reported: int

    @property
    def difference(self) -> Decimal | None:
        """Actual − planned, when both are known."""
        if self.planned is None or self.actual is None:
            return None
        return self.actual - self.planned

    @property
    def share_of_planned(self) -> Decimal | None:
        """Actual / planned, when both are known and something was planned."""
        if self.planned is None or self.actual is None or self.planned <= 0:
            return None
        return self.actual / self.planned


#: Units whose values are levels (a share, a score): over a time span they are averaged, while
#: counts and amounts of money are summed.
AVERAGED_UNITS = frozenset({"percent", "score"})


def sums(points: Iterable[Point], since: date | None = None, until: date | None = None, *,
         mean: bool = False) -> Sums:
    """The planned and the actual values of the periods from ``since`` to ``until``, summed —
    or averaged over the periods that have a value when ``mean`` (for shares and scores: six
    months at 75 % are 75 %, not 450) — each None when no period has one."""
    planned: list[Decimal] = []
    actual: list[Decimal] = []
    for p in points:
        if not _within(p.period, since, until):
            continue
        if p.planned is not None:
            planned.append(p.planned)
        if p.actual is not None:
            actual.append(p.actual)

    def total(values: list[Decimal]) -> Decimal | None:
        if not values:
            return None
        return sum(values, Decimal(0)) / len(values) if mean else sum(values, Decimal(0))

    return Sums(total(planned), total(actual), len(actual))


# --- Half-years and the schedule --------------------------------------------------------------


def half_year_of(day: date) -> tuple[int, int]:
    """The (year, half) ``day`` falls in: half 1 is January–June, 2 July–December."""
    return day.year, 1 if day.month <= 6 else 2


def half_year_bounds(year: int, half: int) -> tuple[date, date]:
    """The first and the last day of a half-year."""
    if half == 1:
        return date(year, 1, 1), date(year, 6, 30)
    if half == 2:
        return date(year, 7, 1), date(year, 12, 31)
    raise ValueError(f"a half-year is 1 or 2, not {half!r}")


def last_completed_half_year(today: date) -> tuple[int, int]:
    """The latest half-year that has ended before ``today``."""
    return (today.year - 1, 2) if today.month <= 6 else (today.year, 1)


def check_in_status(planned_on: date, held: bool, today: date, *, grace_days: int = 0) -> str:
    """A planned check-in is held, upcoming (its date has not passed), due (passed, but by no
    more than ``grace_days``) or overdue. The signal of an overdue check-in allows the same grace
    (``models.domain.signals.CHECK_IN_GRACE_DAYS``), so the page and the signal agree."""
    if held:
        return HELD
    if planned_on >= today:
        return UPCOMING
    return DUE if (today - planned_on).days <= grace_days else OVERDUE


__all__ = [
    "AVERAGED_UNITS", "by_profile", "check_in_status", "Comparison", "cream_skimming",
    "CreamSkimming", "DECISION_LABELS", "DROP_OUT_FACTOR", "DROP_OUT_REASON_LABELS",
    "ENROLMENT_FACTOR", "FLAGGED", "Flow", "half_year_bounds", "half_year_of", "harm_open",
    "DUE", "HARM_REASONS", "HELD", "is_period_start", "last_completed_half_year", "latest_actual",
    "Leaver", "MIN_DROP_OUTS", "MIN_PEOPLE", "NOT_FLAGGED", "OVERDUE", "Point", "ProfileFigures",
    "PROMPT_LABELS", "rate", "reach", "Reach", "reach_by_period", "ReachPoint",
    "RISK_PROFILE_LABELS", "RISK_PROFILES", "suggests_harm", "Sums", "sums", "TOO_FEW", "UPCOMING",
]
