"""The fund ledger: balance, years, forecast, risk sharing, and recording entries.

Functions flush, never commit. Ledger entries are never changed or deleted once recorded: a
mistake is corrected with a new entry, so the ledger stays a true record of what was decided.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.domain import fund as fd
from models.organisation import Fund, LedgerEntry, PlannedFlow
from models.project import Project


@dataclass(frozen=True)
class ProjectShare:
    """A project's allocations from the fund and who bears the risk of them."""

    project: Project
    allocated: Decimal
    disbursed: Decimal
    repaid: Decimal
    split: fd.RiskSplit | None


@dataclass(frozen=True)
class FundOverview:
    fund: Fund
    balance: fd.FundBalance
    years: list[fd.YearRow]
    forecast: list[fd.YearRow]
    projects: list[ProjectShare]
    #: Department name → the part of the allocations it bears.
    departments: dict[str, Decimal]
    central: Decimal
    entries: list[LedgerEntry]


def load_fund(session: Session, fund_id: int) -> Fund | None:
    return session.scalar(
        select(Fund).where(Fund.id == fund_id)
        .options(selectinload(Fund.ledger), selectinload(Fund.plan))
    )


def balance_of(fund: Fund) -> fd.FundBalance:
    return fd.compute_fund_balance(fund.capital,
                                   [fd.LedgerLine(e.kind, e.amount) for e in fund.ledger])


def overview(session: Session, fund: Fund) -> FundOverview:
    """Everything the fund page shows, in a fixed number of queries."""
    projects = {p.id: p for p in session.scalars(
        select(Project).where(Project.id.in_(
            {e.project_id for e in fund.ledger if e.project_id}
            | {f.project_id for f in fund.plan if f.project_id}
            | set(session.scalars(select(Project.id).where(Project.fund_id == fund.id)))
        )).options(selectinload(Project.departments)).order_by(Project.title)
    )}
    entries = sorted(fund.ledger, key=lambda e: (e.date, e.id))
    data = [fd.LedgerEntryData(e.date, e.kind, e.amount) for e in entries]
    sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for entry in entries:
        if entry.project_id:
            sums[entry.project_id][entry.kind] += entry.amount
    shares = []
    departments: dict[str, Decimal] = defaultdict(Decimal)
    central = Decimal("0.00")
    for project in projects.values():
        kinds = sums.get(project.id, {})
        allocated = kinds.get("allocation", Decimal("0.00"))
        split = None
        if allocated and project.departments:
            split = fd.risk_split(allocated, fund.central_risk_share,
                                  [d.name for d in project.departments])
            central += split.central
            for name, part in split.departments:
                departments[name] += part
        elif allocated:
            central += allocated
        shares.append(ProjectShare(project, allocated, kinds.get("disbursement", Decimal("0.00")),
                                   kinds.get("repayment", Decimal("0.00")), split))
    return FundOverview(
        fund=fund,
        balance=balance_of(fund),
        years=fd.ledger_by_year(fund.capital, data),
        forecast=fd.forecast(fund.capital, data,
                             [fd.PlannedFlow(f.year, f.kind, f.amount) for f in fund.plan]),
        projects=shares,
        departments=dict(sorted(departments.items())),
        central=central,
        entries=entries,
    )


def record_entry(
    session: Session, fund: Fund, *, kind: str, on: date, amount: Decimal,
    project: Project | None, note: str, by: str, override: bool = False, reason: str = "",
) -> fd.AllocationCheck | None:
    """Record a ledger entry. An allocation is checked against the money available first; the
    check is returned, and nothing is recorded when it does not allow the entry."""
    check = None
    if kind == "allocation":
        check = fd.check_allocation(balance_of(fund), amount, override=override, reason=reason)
        if not check.allowed:
            return check
    entry = LedgerEntry(
        kind=kind, date=on, amount=fd.money(amount), note=note.strip(),
        project_id=project.id if project else None, recorded_by=by,
        override=bool(check and check.overridden),
        override_reason=check.reason if check else "",
    )
    fund.ledger.append(entry)
    session.flush()
    return check


def add_plan(session: Session, fund: Fund, *, year: int, kind: str, amount: Decimal,
             project: Project | None, note: str) -> PlannedFlow:
    flow = PlannedFlow(year=year, kind=kind, amount=fd.money(amount), note=note.strip(),
                       project_id=project.id if project else None)
    fund.plan.append(flow)
    session.flush()
    return flow


def remove_plan(session: Session, fund: Fund, flow_id: int) -> bool:
    flow = next((f for f in fund.plan if f.id == flow_id), None)
    if flow is None:
        return False
    fund.plan.remove(flow)
    session.flush()
    return True
