"""Signals of the running initiatives, for the steering group (SPEC 3.8). Reads only.

The signals come from a list of *sources*, ``SOURCES``. A source is a function that takes a
``SignalContext`` (the session, the running initiatives loaded with what the page shows, and
today's date) and yields ``(project_id, Signal)`` pairs. It loads what it needs for all the
initiatives at once (a query or two, never one per initiative) and leaves the judgement to a
pure rule in ``models.domain.signals``.

To add a source:

1. add its code, label and a rule to ``models.domain.signals`` (plain facts in, a ``Signal``
   or None out) with unit tests;
2. write the source here: load the facts for ``context.projects`` (or use a cached property of
   ``SignalContext`` that several sources share), call the rule, yield the pairs;
3. append the source to ``SOURCES``. Pages and exports show every source's signals without
   further changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from models.design import PlannedCheckIn, ReportingPlan, StopCriterion
from models.domain import follow_up as fu
from models.domain import logic as lm
from models.domain import signals as sg
from models.domain.balance import RUNNING_STAGES
from models.domain.checklist import open_items_for_gate
from models.economics import BudgetLine
from models.follow_up import CheckIn, DropOut, IndicatorReporting, IndicatorValue
from models.logic_model import LogicIndicator
from models.logic_models import to_domain
from models.organisation import Fund, LedgerEntry
from models.project import Project
from models.projects import checklist, criteria_available
from models.queries import LOGIC_MODEL, NEED_AREAS

ZERO = Decimal("0.00")

#: What the signals and the steering group's table need of each running initiative.
RUNNING_DETAIL = (
    joinedload(Project.fund),
    joinedload(Project.leader),
    joinedload(Project.owner),
    selectinload(Project.departments),
    selectinload(Project.stage_changes),
    selectinload(Project.confirmations),
    *LOGIC_MODEL,
    *NEED_AREAS,
)


def _running_ids():
    """The ids of the running initiatives, as a subquery (the sources filter by it and keep the
    rows of ``context.projects``)."""
    return select(Project.id).where(Project.stage.in_(RUNNING_STAGES))


@dataclass(frozen=True)
class LatestValue:
    """An indicator's latest total with an actual value, with what judging it needs."""

    indicator_id: int
    key: str
    period: date
    label: str
    planned: Decimal | None
    actual: Decimal
    baseline: Decimal | None
    target: Decimal | None


class SignalContext:
    """What the sources share: the session, the running initiatives and today's date."""

    def __init__(self, session: Session, projects: Sequence[Project], today: date):
        self.session = session
        self.projects = projects
        self.today = today

    @cached_property
    def ids(self) -> set[int]:
        return {p.id for p in self.projects}

    @cached_property
    def latest_values(self) -> dict[int, dict[int, LatestValue]]:
        """Project id → indicator id → the indicator's latest total with an actual value."""
        found: dict[int, dict[int, LatestValue]] = defaultdict(dict)
        if not self.ids:
            return found
        rows = self.session.execute(
            select(IndicatorValue.project_id, IndicatorValue.indicator_id, IndicatorValue.period,
                   IndicatorValue.planned, IndicatorValue.actual, LogicIndicator.key,
                   LogicIndicator.baseline, LogicIndicator.target, IndicatorReporting.frequency)
            .join(LogicIndicator, LogicIndicator.id == IndicatorValue.indicator_id)
            .outerjoin(IndicatorReporting,
                       IndicatorReporting.indicator_id == IndicatorValue.indicator_id)
            .where(IndicatorValue.project_id.in_(_running_ids()),
                   IndicatorValue.dimension == "", IndicatorValue.actual.is_not(None))
            .order_by(IndicatorValue.period, IndicatorValue.id))
        for (project_id, indicator_id, period, planned, actual, key, baseline, target,
             frequency) in rows:
            if project_id in self.ids:
                # Ordered by period: the last row of an indicator is its latest.
                found[project_id][indicator_id] = LatestValue(
                    indicator_id, key, period, fu.period_label(period, frequency), planned,
                    actual, baseline, target)
        return found

    @cached_property
    def budget_totals(self) -> dict[int, Decimal]:
        """Project id → the sum of its budget lines."""
        rows = self.session.execute(
            select(BudgetLine.project_id, func.sum(BudgetLine.amount))
            .where(BudgetLine.project_id.in_(_running_ids())).group_by(BudgetLine.project_id))
        return {project_id: Decimal(total) for project_id, total in rows
                if project_id in self.ids and total is not None}

    @cached_property
    def ledger(self) -> dict[int, dict[str, Decimal]]:
        """Project id → ledger kind → the sum of its entries, over every fund."""
        ids = {p.id for p in self.projects}
        sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
        if not ids:
            return sums
        rows = self.session.execute(
            select(LedgerEntry.project_id, LedgerEntry.kind, LedgerEntry.amount).where(
                LedgerEntry.project_id.in_(
                    select(Project.id).where(Project.stage.in_(RUNNING_STAGES))
                )
            )
        )
        for project_id, kind, amount in rows:
            if project_id in ids:
                sums[project_id][kind] += amount
        return sums

    @cached_property
    def criteria_exist(self) -> bool:
        return criteria_available(self.session)

    def money(self, project: Project) -> tuple[Decimal, Decimal]:
        """The money allocated to and disbursed to ``project``."""
        kinds = self.ledger.get(project.id, {})
        return kinds.get("allocation", ZERO), kinds.get("disbursement", ZERO)


Source = Callable[[SignalContext], Iterable[tuple[int, sg.Signal]]]


def _each(project: Project, *signals: sg.Signal | None) -> Iterable[tuple[int, sg.Signal]]:
    return ((project.id, signal) for signal in signals if signal is not None)


def dates_source(context: SignalContext) -> Iterable[tuple[int, sg.Signal]]:
    """No start date; the end date passed while the initiative is still under way."""
    for p in context.projects:
        yield from _each(p, sg.no_start(p.stage, p.start),
                         sg.end_passed(p.stage, p.end, context.today))


def people_source(context: SignalContext) -> Iterable[tuple[int, sg.Signal]]:
    """No project leader or no owner."""
    for p in context.projects:
        yield from _each(p, sg.no_leader_or_owner(p.stage, p.leader_id is not None,
                                                  p.owner_id is not None))


def money_source(context: SignalContext) -> Iterable[tuple[int, sg.Signal]]:
    """More disbursed than allocated to the initiative (ledger entries of every fund)."""
    for p in context.projects:
        allocated, disbursed = context.money(p)
        yield from _each(p, sg.over_disbursed(p.stage, allocated, disbursed))


def structural_errors(project: Project) -> int:
    """The number of structural errors in the initiative's logic model (0 without a model)."""
    model = to_domain(project)
    if not model.elements:
        return 0
    return sum(1 for f in lm.errors(lm.check(model)) if f.code in lm.STRUCTURAL_CODES)


def logic_model_source(context: SignalContext) -> Iterable[tuple[int, sg.Signal]]:
    """Structural errors in the logic model after approval."""
    for p in context.projects:
        yield from _each(p, sg.logic_model_errors(p.stage, structural_errors(p)))


def gate_source(context: SignalContext) -> Iterable[tuple[int, sg.Signal]]:
    """Stage gates passed past open checklist items that are still not done: not confirmed
    since, or derived and still not met."""
    for p in context.projects:
        gates = {c.to_stage for c in p.stage_changes if c.gate_override}
        if not gates:
            continue
        statuses = checklist(p, criteria_exist=context.criteria_exist)
        # Items the application cannot assess yet (done is None) are not held against it.
        open_by_gate = {
            gate: sum(1 for s in open_items_for_gate(statuses, gate) if s.done is False)
            for gate in gates
        }
        for signal in sg.gate_overrides_open(p.stage, open_by_gate):
            yield p.id, signal


def indicator_source(context: SignalContext) -> Iterable[tuple[int, sg.Signal]]:
    """Indicators whose latest actual value is behind its planned value."""
    for p in context.projects:
        for latest in context.latest_values.get(p.id, {}).values():
            yield from _each(p, sg.indicator_behind_plan(
                p.stage, latest.key, latest.label, latest.planned, latest.actual,
                latest.baseline, latest.target))


def stop_criterion_source(context: SignalContext) -> Iterable[tuple[int, sg.Signal]]:
    """Stop criteria tied to an indicator or to the budget that are met. The budget is the
    money allocated in the fund ledger, else the sum of the budget lines; spent is what has
    been disbursed."""
    if not context.ids:
        return
    criteria: dict[int, list[StopCriterion]] = defaultdict(list)
    for criterion in context.session.scalars(
            select(StopCriterion)
            .where(StopCriterion.project_id.in_(_running_ids()),
                   StopCriterion.kind.in_(("indicator", "budget")))
            .order_by(StopCriterion.position, StopCriterion.id)):
        if criterion.project_id in context.ids:
            criteria[criterion.project_id].append(criterion)
    for p in context.projects:
        for criterion in criteria.get(p.id, ()):
            if criterion.kind == "indicator":
                latest = context.latest_values.get(p.id, {}).get(criterion.indicator_id or 0)
                if latest is None:
                    continue
                yield from _each(p, sg.stop_criterion_indicator(
                    p.stage, criterion.text, latest.key, latest.actual, criterion.threshold,
                    latest.baseline, latest.target))
            else:
                allocated, disbursed = context.money(p)
                budget = allocated if allocated > 0 else context.budget_totals.get(p.id, ZERO)
                yield from _each(p, sg.stop_criterion_budget(
                    p.stage, criterion.text, disbursed, budget, criterion.threshold))


def check_in_source(context: SignalContext) -> Iterable[tuple[int, sg.Signal]]:
    """Planned check-ins not held, or none held for longer than the reporting plan says."""
    if not context.ids:
        return
    planned: dict[int, list[tuple[int, date]]] = defaultdict(list)
    months: dict[int, int | None] = {}
    # The reporting plan is one row per project, so joining it repeats nothing.
    for project_id, every, planned_id, planned_on in context.session.execute(
            select(Project.id, ReportingPlan.check_in_months, PlannedCheckIn.id,
                   PlannedCheckIn.planned_on)
            .outerjoin(ReportingPlan, ReportingPlan.project_id == Project.id)
            .outerjoin(PlannedCheckIn, PlannedCheckIn.project_id == Project.id)
            .where(Project.stage.in_(RUNNING_STAGES))):
        months[project_id] = every
        if planned_id is not None:
            planned[project_id].append((planned_id, planned_on))
    held: dict[int, list[tuple[int | None, date]]] = defaultdict(list)
    for project_id, planned_id, held_on in context.session.execute(
            select(CheckIn.project_id, CheckIn.planned_id, CheckIn.held_on)
            .where(CheckIn.project_id.in_(_running_ids()))):
        held[project_id].append((planned_id, held_on))
    for p in context.projects:
        yield from _each(p, sg.check_in_overdue(
            p.stage, planned.get(p.id, []), held.get(p.id, []), months.get(p.id), p.start,
            context.today))


def drop_out_source(context: SignalContext) -> Iterable[tuple[int, sg.Signal]]:
    """Drop-outs flagged as possible harm that have not been investigated."""
    if not context.ids:
        return
    counts = dict(context.session.execute(
        select(DropOut.project_id, func.count())
        .where(DropOut.project_id.in_(_running_ids()), DropOut.possible_harm.is_(True),
               DropOut.investigated_on.is_(None))
        .group_by(DropOut.project_id)).all())
    for p in context.projects:
        yield from _each(p, sg.drop_out_possible_harm(p.stage, counts.get(p.id, 0)))


#: Every source, in the order their signals are listed (serious ones first in any case).
SOURCES: list[Source] = [
    money_source,
    people_source,
    dates_source,
    gate_source,
    logic_model_source,
    indicator_source,
    stop_criterion_source,
    check_in_source,
    drop_out_source,
]


def running_projects(session: Session, *, fund: Fund | None = None) -> list[Project]:
    """The running initiatives (of ``fund``), by title."""
    stmt = select(Project).where(Project.stage.in_(RUNNING_STAGES)).options(*RUNNING_DETAIL)
    if fund is not None:
        stmt = stmt.where(Project.fund_id == fund.id)
    return list(session.scalars(stmt.order_by(Project.title, Project.id)).unique())


def collect(context: SignalContext, sources: Sequence[Source] | None = None
            ) -> dict[int, list[sg.Signal]]:
    """Project id → its signals, serious first; initiatives without signals are left out."""
    found: dict[int, list[sg.Signal]] = defaultdict(list)
    for source in SOURCES if sources is None else sources:
        for project_id, signal in source(context):
            found[project_id].append(signal)
    return {project_id: sg.ordered(signals) for project_id, signals in found.items()}


@dataclass(frozen=True)
class SignalRow:
    """A running initiative with its money from the fund ledger and its signals."""

    project: Project
    allocated: Decimal
    disbursed: Decimal
    signals: tuple[sg.Signal, ...]

    @property
    def serious(self) -> int:
        return sum(1 for s in self.signals if s.severity == sg.DANGER)


def signal_rows(session: Session, today: date, *, fund: Fund | None = None) -> list[SignalRow]:
    """Every running initiative (of ``fund``) with its signals: those with serious signals
    first, then by the number of signals, then by title."""
    projects = running_projects(session, fund=fund)
    context = SignalContext(session, projects, today)
    found = collect(context)
    rows = []
    for project in projects:
        allocated, disbursed = context.money(project)
        rows.append(SignalRow(project, allocated, disbursed, tuple(found.get(project.id, ()))))
    rows.sort(key=lambda r: (-r.serious, -len(r.signals)))
    return rows


def signal_counts(session: Session, today: date) -> dict[int, int]:
    """Project id → the number of its signals, for every running initiative that has any."""
    found = collect(SignalContext(session, running_projects(session), today))
    return {project_id: len(signals) for project_id, signals in found.items()}
