"""The fund's money: its balance, the ledger per year, a forecast, the allocation check and the
split of a risk between the central level and the departments (SPEC 3.0; FORMAT.md, *Fund*).

The ledger has three kinds of entry. An *allocation* is a decision to give a project money; a
*disbursement* pays allocated money out; a *repayment* (*återföring*) flows back into the fund when
savings arise. ``allocated``, ``disbursed`` and ``repaid`` are the sums of each kind, and

    available = capital − allocated + repaid

is what can still be allocated: disbursements do not change it, since the money was set aside when
it was allocated. A fund is never over-allocated without an explicit, recorded override.

Money is ``Decimal`` in kronor with two decimals (öre). The ledger, the forecast and the check
round each amount given half up to öre when they read it, so that every sum after that is exact;
the risk split rounds as its docstring says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from models.domain import N_

ALLOCATION = "allocation"
DISBURSEMENT = "disbursement"
REPAYMENT = "repayment"
LEDGER_KINDS = (ALLOCATION, DISBURSEMENT, REPAYMENT)

ORE = Decimal("0.01")
ZERO = Decimal("0.00")

#: The codes of ``check_allocation`` with the message each gives (a msgid; parameters ``amount``,
#: ``available``, ``remaining`` and ``excess`` in SEK, ``reason`` as given).
ALLOCATION_OK = "ok"
ALLOCATION_OVERRIDE = "override"
ALLOCATION_REFUSED = "over_allocation"
ALLOCATION_NEEDS_REASON = "override_without_reason"
ALLOCATION_INVALID = "invalid_amount"
ALLOCATION_MESSAGES = {
    ALLOCATION_OK: N_("%(amount)s is allocated; %(remaining)s remain available."),
    ALLOCATION_OVERRIDE: N_("%(amount)s is allocated, %(excess)s more than the fund has "
                            "available, by override: %(reason)s"),
    ALLOCATION_REFUSED: N_("The fund has %(available)s available: allocating %(amount)s would "
                           "over-allocate it by %(excess)s. Only a coordinator can override this, "
                           "with a reason."),
    ALLOCATION_NEEDS_REASON: N_("Give a reason for allocating %(excess)s more than the fund has "
                                "available."),
    ALLOCATION_INVALID: N_("The amount to allocate must be more than 0 kr."),
}


class FundError(ValueError):
    """Input the fund's figures cannot be computed from; ``message`` is a msgid with ``params``."""

    def __init__(self, message: str, **params: object):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def money(value: Decimal | int) -> Decimal:
    """Return ``value`` rounded half up to öre; FundError for a float or a value that is no
    finite number."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int) or \
            (isinstance(value, Decimal) and not value.is_finite()):
        raise FundError(N_("the amount %(value)s is not a number"), value=value)
    return Decimal(value).quantize(ORE, rounding=ROUND_HALF_UP)


def _kind(kind: str) -> str:
    if kind not in LEDGER_KINDS:
        raise FundError(N_("unknown ledger kind '%(kind)s'"), kind=kind)
    return kind


# --- The balance --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerLine:
    kind: str  # allocation | disbursement | repayment
    amount: Decimal


@dataclass(frozen=True)
class FundBalance:
    capital: Decimal
    allocated: Decimal
    disbursed: Decimal
    repaid: Decimal

    @property
    def available(self) -> Decimal:
        return self.capital - self.allocated + self.repaid


def compute_fund_balance(capital: Decimal, ledger: Iterable[LedgerLine]) -> FundBalance:
    """Sum the ledger per kind and return the fund's balance (amounts summed as given).

    Raises FundError (a ValueError) for an unknown kind.
    """
    sums = {kind: Decimal("0") for kind in LEDGER_KINDS}
    for line in ledger:
        sums[_kind(line.kind)] += line.amount
    return FundBalance(capital, sums[ALLOCATION], sums[DISBURSEMENT], sums[REPAYMENT])


def would_over_allocate(balance: FundBalance, amount: Decimal) -> bool:
    """Return whether allocating ``amount`` would take the fund below zero."""
    return amount > balance.available


# --- The ledger per year and the forecast -------------------------------------------------------


@dataclass(frozen=True)
class LedgerEntryData:
    """One entry of the ledger; ``project`` is the key of the project it concerns, if any."""

    date: date
    kind: str
    amount: Decimal
    project: str | None = None


@dataclass(frozen=True)
class PlannedFlow:
    """Money expected to move in a future year (any ledger kind)."""

    year: int
    kind: str
    amount: Decimal


@dataclass(frozen=True)
class YearRow:
    """One calendar year of the fund; the flows are those of the year, the balances at its end."""

    year: int
    allocated: Decimal
    disbursed: Decimal
    repaid: Decimal
    #: capital − allocated + repaid, over every year up to and including this one.
    available: Decimal
    #: capital − disbursed + repaid, over every year up to and including this one: the money not
    #: yet paid out of the fund.
    cash: Decimal
    #: The year's flows include planned ones (a forecast).
    planned: bool = False

    @property
    def negative(self) -> bool:
        """More is allocated than the fund has by the end of this year."""
        return self.available < 0


def _rows(capital: Decimal, flows: Iterable[tuple[int, str, Decimal, bool]]) -> list[YearRow]:
    """Return one row per year from the first to the last year of ``flows`` (year, kind, amount,
    planned), years without flows included, with the balances carried from year to year."""
    capital = money(capital)
    by_year: dict[int, dict[str, Decimal]] = {}
    planned_years: set[int] = set()
    for year, kind, amount, planned in flows:
        sums = by_year.setdefault(year, {k: ZERO for k in LEDGER_KINDS})
        sums[_kind(kind)] += money(amount)
        if planned:
            planned_years.add(year)
    if not by_year:
        return []
    rows = []
    available = cash = capital
    for year in range(min(by_year), max(by_year) + 1):
        sums = by_year.get(year, {k: ZERO for k in LEDGER_KINDS})
        available += sums[REPAYMENT] - sums[ALLOCATION]
        cash += sums[REPAYMENT] - sums[DISBURSEMENT]
        rows.append(YearRow(year, sums[ALLOCATION], sums[DISBURSEMENT], sums[REPAYMENT],
                            available, cash, year in planned_years))
    return rows


def ledger_by_year(capital: Decimal, entries: Iterable[LedgerEntryData]) -> list[YearRow]:
    """Return the ledger per calendar year, from the year of the first entry to that of the last.

    Each row holds the year's allocations, disbursements and repayments and what is available at
    the year's end (FORMAT.md: capital − allocated + repaid, cumulative); a year without entries
    between two with entries gets a row of zeros. No entries, no rows. Amounts are rounded half up
    to öre when read; raises FundError (a ValueError) for an unknown kind or an amount that is not
    a number.
    """
    return _rows(capital, ((e.date.year, e.kind, e.amount, False) for e in entries))


def forecast(
    capital: Decimal, entries: Iterable[LedgerEntryData], planned: Iterable[PlannedFlow]
) -> list[YearRow]:
    """Return the ledger per year so far followed by the planned flows, one row per year.

    A planned flow in a year that already has entries (the rest of the current year) is added to
    the year's entries and the row is marked ``planned``. A row whose ``available`` is below zero
    is ``negative``: the plans would allocate more than the fund has by then. Rounding and errors
    as ``ledger_by_year``.
    """
    flows = [(e.date.year, e.kind, e.amount, False) for e in entries]
    flows += [(p.year, p.kind, p.amount, True) for p in planned]
    return _rows(capital, flows)


# --- Checking an allocation ---------------------------------------------------------------------


@dataclass(frozen=True)
class AllocationCheck:
    """Whether an allocation may be recorded, and the message to show (a msgid with params)."""

    allowed: bool
    #: One of the ``ALLOCATION_*`` codes.
    code: str
    message: str
    params: dict[str, Any]
    #: Available before and after the allocation (after: as if it were recorded).
    available: Decimal
    available_after: Decimal
    #: The allocation goes beyond the available money by a coordinator's override.
    overridden: bool = False
    #: The override's reason, stripped, to record with the allocation; "" without an override.
    reason: str = ""


def check_allocation(
    balance: FundBalance, amount: Decimal, *, override: bool = False, reason: str = ""
) -> AllocationCheck:
    """Check allocating ``amount`` from a fund with ``balance``.

    An amount up to what is available is allowed (``ok``). A larger one is refused
    (``over_allocation``) unless ``override`` is set with a reason that is not blank
    (``override``); an override without a reason is refused (``override_without_reason``). An
    amount of zero or less, or not a number, is refused (``invalid_amount``). Only a coordinator
    may override: the web layer checks the role and passes ``override`` only for one. The amount
    is rounded half up to öre; an override asked for an amount that fits is not needed and not
    recorded.
    """
    available = money(balance.available)
    try:
        amount = money(amount)
    except FundError:
        amount = ZERO
    if amount <= 0:
        return _result(False, ALLOCATION_INVALID, amount, available)
    if amount <= available:
        return _result(True, ALLOCATION_OK, amount, available)
    reason = (reason or "").strip()
    if not override:
        return _result(False, ALLOCATION_REFUSED, amount, available)
    if not reason:
        return _result(False, ALLOCATION_NEEDS_REASON, amount, available)
    return _result(True, ALLOCATION_OVERRIDE, amount, available, reason)


def _result(allowed: bool, code: str, amount: Decimal, available: Decimal,
            reason: str = "") -> AllocationCheck:
    after = available - amount
    params: dict[str, Any] = {"amount": amount, "available": available, "remaining": after,
                              "excess": max(-after, ZERO)}
    if reason:
        params["reason"] = reason
    return AllocationCheck(allowed, code, ALLOCATION_MESSAGES[code], params, available,
                           after, overridden=bool(reason), reason=reason)


# --- Sharing a risk -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskSplit:
    """Who bears a cost: the central level and each department; the parts sum to ``cost``."""

    cost: Decimal
    central: Decimal
    #: ``(department, part)`` in the order the departments were given.
    departments: tuple[tuple[str, Decimal], ...]
    #: The department that took the öre left over by rounding down, and how many kronor they make
    #: (less than 0.01 × the number of departments); None and 0.00 when nothing was left over.
    remainder_to: str | None
    remainder: Decimal

    @property
    def departments_total(self) -> Decimal:
        return sum((part for _d, part in self.departments), ZERO)

    def part(self, department: str) -> Decimal:
        return dict(self.departments)[department]


def risk_split(
    cost: Decimal,
    central_share: Decimal,
    departments: Sequence[str],
    weights: Mapping[str, Decimal] | None = None,
) -> RiskSplit:
    """Split ``cost`` between the central level and ``departments`` (e.g. Örebro: 70 % central).

    The cost is rounded half up to öre. The central part is ``central_share × cost`` rounded half
    up to öre; the departments bear the rest, equally or in proportion to ``weights`` (one weight
    of zero or more per department, not all zero). Each department's part is its exact share
    rounded *down* to öre, and the öre left over (fewer than the departments) go to the
    department with the largest share — the first listed among equal shares, so with an equal
    split the first department, the lead. Rounding each part half up instead could make the parts
    sum to more than the cost; this way they sum exactly to it and no part is negative.

    Raises FundError (a ValueError) for a negative cost, a share outside 0–1, a repeated
    department, weights that do not match the departments, or a departments' part with no
    department to bear it.
    """
    cost = money(cost)
    if cost < 0:
        raise FundError(N_("the cost to share cannot be negative"))
    if not isinstance(central_share, Decimal | int) or isinstance(central_share, bool) or \
            not Decimal(central_share).is_finite() or not 0 <= central_share <= 1:
        raise FundError(N_("the central share must be between 0 and 1"))
    departments = tuple(departments)
    if len(set(departments)) != len(departments):
        raise FundError(N_("a department is given twice"))
    central = (cost * Decimal(central_share)).quantize(ORE, rounding=ROUND_HALF_UP)
    rest = cost - central
    if not departments:
        if rest:
            raise FundError(N_("the departments' share needs at least one department"))
        return RiskSplit(cost, central, (), None, ZERO)
    shares = _weights(departments, weights)
    total = sum(shares, Fraction(0))
    # rest × w / Σw in whole öre, rounded down, exactly: rest is a whole number of öre.
    ore = int(rest.scaleb(2))
    parts = [int(ore * share // total) for share in shares]
    left = ore - sum(parts)
    largest = max(range(len(shares)), key=lambda i: (shares[i], -i))
    parts[largest] += left
    return RiskSplit(
        cost,
        central,
        tuple((d, _ore(p)) for d, p in zip(departments, parts, strict=True)),
        departments[largest] if left else None,
        _ore(left),
    )


def _ore(count: int) -> Decimal:
    return Decimal(count).scaleb(-2).quantize(ORE)


def _weights(departments: Sequence[str], weights: Mapping[str, Decimal] | None
             ) -> list[Fraction]:
    if weights is None:
        return [Fraction(1)] * len(departments)
    if set(weights) != set(departments):
        raise FundError(N_("give one weight for each department, and only for them"))
    values = [weights[d] for d in departments]
    for d, value in zip(departments, values, strict=True):
        if isinstance(value, bool) or not isinstance(value, Decimal | int) or \
                not Decimal(value).is_finite() or value < 0:
            raise FundError(N_("the weight of %(department)s must be a number of 0 or more"),
                            department=d)
    if sum(values) == 0:
        raise FundError(N_("at least one department's weight must be more than 0"))
    return [Fraction(v) for v in values]
