"""Signals of the running initiatives, for the steering group (SPEC 3.8). Reads only.

The signals come from a list of *sources*, ``SOURCES``. A source is a function that takes a
``SignalContext`` (the session, the running initiatives loaded with what the page shows, and
today's date) and yields ``(project_id, Signal)`` pairs. It loads what it needs for all the
initiatives at once (a query or two, never one per initiative) and leaves the judgement to a
pure rule in ``models.domain.signals``.

To add a source (indicators behind plan, a stop criterion met, an overdue check-in, drop-outs
flagged as possible harm, ...):

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

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from models.domain import logic as lm
from models.domain import signals as sg
from models.domain.balance import RUNNING_STAGES
from models.domain.checklist import open_items_for_gate
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


class SignalContext:
    """What the sources share: the session, the running initiatives and today's date."""

    def __init__(self, session: Session, projects: Sequence[Project], today: date):
        self.session = session
        self.projects = projects
        self.today = today

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


#: Every source, in the order their signals are listed (serious ones first in any case).
SOURCES: list[Source] = [
    money_source,
    people_source,
    dates_source,
    gate_source,
    logic_model_source,
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
