"""The half-yearly report to the decision body (*halvårsrapport till beslutsorganet*; guide,
section 6; SPEC 3.8): what one initiative achieved and did in a half-year, as plain values for
the printable page and the Excel sheet.

* Outcomes so far: per outcome indicator, the latest actual value reported up to the end of the
  half-year, with the value planned for that period, the baseline and the target.
* Process: per process indicator the same, and the planned and actual values of the half-year's
  periods summed; reach, participants and drop-outs; planned and actual hours per activity and
  competence in the half-year.
* Deviations: the initiative's signals as they stand today (``models.signals``).
* The decisions of the check-ins held in the half-year.

Only an indicator's total is read (a value without a breakdown dimension).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.check_ins import check_ins_of
from models.domain import logic as lm
from models.domain import participation as pa
from models.domain.balance import RUNNING_STAGES
from models.domain.signals import Signal
from models.feedback import organisation_name
from models.follow_up import CheckInDecision, IndicatorValue, ResourceUse
from models.logic_model import LogicElement
from models.participants import domain_flows, domain_leavers, is_harm_open, participation
from models.project import Project
from models.signals import RUNNING_DETAIL, SignalContext, collect


@dataclass(frozen=True)
class IndicatorLine:
    key: str
    name: str
    kind: str
    unit: str | None
    baseline: Decimal | None
    target: Decimal | None
    #: The latest period up to the half-year's end with an actual value (None: none yet).
    latest: pa.Point | None
    #: The half-year's periods summed.
    half: pa.Sums


@dataclass(frozen=True)
class ResourceLine:
    activity_key: str
    activity: str
    competence: str
    hours: pa.Sums


@dataclass(frozen=True)
class DropOutLine:
    left_on: date
    profile: str
    reason_kind: str
    reason: str
    possible_harm: bool
    harm_open: bool
    investigated_on: date | None
    investigation: str


@dataclass(frozen=True)
class DecisionLine:
    decision: str
    prompt: str
    #: "key: name" of the indicator that prompted it, or "".
    indicator: str
    #: The date the drop-out that prompted it left, or None.
    drop_out: date | None
    signal_code: str
    prompted_by: str
    action: str
    responsible: str


@dataclass(frozen=True)
class CheckInLine:
    held_on: date
    scheduled_for: date | None
    participants: str
    notes: str
    decisions: tuple[DecisionLine, ...]


@dataclass(frozen=True)
class HalfYearReport:
    title: str
    key: str
    #: The organisation's name (for the letterhead and the sheet).
    organisation: str
    stage: str
    leader: str
    owner: str
    year: int
    half: int
    start: date
    end: date
    #: The day the report was made (the signals are as of this day).
    today: date
    outcomes: tuple[IndicatorLine, ...]
    process: tuple[IndicatorLine, ...]
    #: Reach at the end of the half-year.
    reach: pa.Reach
    enrolled_in_half: int
    #: Per risk profile: the half-year's figures, and those from the start to its end.
    half_profiles: dict[str, pa.ProfileFigures]
    profiles: dict[str, pa.ProfileFigures]
    cream: pa.CreamSkimming
    drop_outs: tuple[DropOutLine, ...]
    #: Drop-outs flagged as possible harm and not yet investigated (today, of any date).
    open_harm: int
    resources: tuple[ResourceLine, ...]
    resources_total: pa.Sums
    signals: tuple[Signal, ...]
    check_ins: tuple[CheckInLine, ...]
    #: Turns a signal into a sentence in the reader's language; None: the msgid filled with the
    #: plain parameters.
    describe: Callable[[Signal], str] | None = None

    @property
    def stops(self) -> tuple[tuple[date, DecisionLine], ...]:
        """The decisions to stop, with the day of their check-in."""
        return tuple((c.held_on, d) for c in self.check_ins for d in c.decisions
                     if d.decision == "stop")


def project_signals(session: Session, project_id: int, today: date) -> list[Signal]:
    """The signals of one running initiative as they stand ``today``, serious first (none for
    an initiative that is not running, as on the portfolio's signal page)."""
    projects = list(session.scalars(select(Project).where(Project.id == project_id,
                                                          Project.stage.in_(RUNNING_STAGES))
                                    .options(*RUNNING_DETAIL)).unique())
    if not projects:
        return []
    return collect(SignalContext(session, projects, today)).get(project_id, [])


def _indicator_lines(session: Session, project: Project, start: date, end: date
                     ) -> tuple[list[IndicatorLine], list[IndicatorLine]]:
    points: dict[int, list[pa.Point]] = defaultdict(list)
    for value in session.scalars(select(IndicatorValue).where(
            IndicatorValue.project_id == project.id, IndicatorValue.dimension == "",
            IndicatorValue.period <= end)):
        points[value.indicator_id].append(pa.Point(value.period, value.planned, value.actual))
    elements = sorted(project.logic_elements, key=lambda e: (lm.RANK[e.level], e.position, e.id))
    outcomes, process = [], []
    for element in elements:
        for indicator in sorted(element.indicators, key=lambda i: (i.position, i.id)):
            own = points.get(indicator.id, [])
            line = IndicatorLine(indicator.key, indicator.name, indicator.kind, indicator.unit,
                                 indicator.baseline, indicator.target,
                                 pa.latest_actual(own, end),
                                 pa.sums(own, start, end,
                                         mean=indicator.unit in pa.AVERAGED_UNITS))
            (outcomes if indicator.kind == "outcome" else process).append(line)
    return outcomes, process


def _resource_lines(session: Session, project: Project, start: date, end: date
                    ) -> tuple[list[ResourceLine], pa.Sums]:
    rows = session.scalars(select(ResourceUse).where(
        ResourceUse.project_id == project.id, ResourceUse.period >= start,
        ResourceUse.period <= end).options(selectinload(ResourceUse.element)))
    grouped: dict[tuple[LogicElement, str], list[pa.Point]] = defaultdict(list)
    every: list[pa.Point] = []
    for row in rows:
        point = pa.Point(row.period, row.planned_hours, row.actual_hours)
        grouped[(row.element, row.competence)].append(point)
        every.append(point)
    ordered = sorted(grouped, key=lambda k: (lm.RANK.get(k[0].level, 0), k[0].position,
                                             k[0].id, k[1].casefold()))
    lines = [ResourceLine(element.key, element.text, competence,
                          pa.sums(grouped[(element, competence)]))
             for element, competence in ordered]
    return lines, pa.sums(every)


def _decision_line(decision: CheckInDecision) -> DecisionLine:
    indicator = decision.indicator
    return DecisionLine(
        decision.decision, decision.prompt,
        f"{indicator.key}: {indicator.name}" if indicator is not None else "",
        decision.drop_out.left_on if decision.drop_out is not None else None,
        decision.signal_code, decision.prompted_by, decision.action, decision.responsible)


def half_year_report(session: Session, project: Project, year: int, half: int, *,
                     today: date) -> HalfYearReport:
    """The report of ``project`` for the half-year ``half`` (1 or 2) of ``year``."""
    start, end = pa.half_year_bounds(year, half)
    loaded = participation(session, project, until=end)
    flows = [f for f in domain_flows(loaded.flows) if f.period <= end]
    leavers = domain_leavers(loaded.drop_outs)
    half_profiles = pa.by_profile(flows, leavers, since=start, until=end)
    outcomes, process = _indicator_lines(session, project, start, end)
    resources, total = _resource_lines(session, project, start, end)
    check_ins = check_ins_of(session, project, since=start, until=end, newest_first=False)
    return HalfYearReport(
        title=project.title, key=project.key, organisation=organisation_name(session),
        stage=project.stage,
        leader=project.leader.name if project.leader else "",
        owner=project.owner.name if project.owner else "",
        year=year, half=half, start=start, end=end, today=today,
        outcomes=tuple(outcomes), process=tuple(process),
        reach=loaded.reach,
        enrolled_in_half=sum(f.enrolled for f in flows if f.period >= start),
        half_profiles=half_profiles, profiles=loaded.profiles, cream=loaded.cream,
        drop_outs=tuple(
            DropOutLine(d.left_on, d.risk_profile, d.reason_kind, d.reason, d.possible_harm,
                        is_harm_open(d), d.investigated_on, d.investigation)
            for d in sorted(loaded.drop_outs, key=lambda d: (d.left_on, d.id))
            if start <= d.left_on <= end),
        open_harm=len(loaded.open_harm),
        resources=tuple(resources), resources_total=total,
        signals=tuple(project_signals(session, project.id, today)),
        check_ins=tuple(
            CheckInLine(c.held_on, c.planned.planned_on if c.planned is not None else None,
                        c.participants, c.notes,
                        tuple(_decision_line(d) for d in c.decisions))
            for c in check_ins),
    )


__all__ = [
    "CheckInLine", "DecisionLine", "DropOutLine", "HalfYearReport", "IndicatorLine",
    "ResourceLine", "half_year_report", "project_signals",
]
