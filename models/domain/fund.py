"""Fund balances from the ledger (FORMAT.md: available = capital − allocated + repaid)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


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
    """Sum the ledger per kind and return the fund's balance."""
    sums = {"allocation": Decimal("0"), "disbursement": Decimal("0"), "repayment": Decimal("0")}
    for line in ledger:
        if line.kind not in sums:
            raise ValueError(f"unknown ledger kind {line.kind!r}")
        sums[line.kind] += line.amount
    return FundBalance(capital, sums["allocation"], sums["disbursement"], sums["repayment"])


def would_over_allocate(balance: FundBalance, amount: Decimal) -> bool:
    """Return whether allocating ``amount`` would take the fund below zero."""
    return amount > balance.available
