"""The fund's ledger per year, forecast, allocation check and risk split (FORMAT.md, *Fund*)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.domain.fund import (
    ALLOCATION_INVALID,
    ALLOCATION_NEEDS_REASON,
    ALLOCATION_OK,
    ALLOCATION_OVERRIDE,
    ALLOCATION_REFUSED,
    FundError,
    LedgerEntryData,
    LedgerLine,
    PlannedFlow,
    YearRow,
    check_allocation,
    compute_fund_balance,
    forecast,
    ledger_by_year,
    risk_split,
)

D = Decimal
SETTINGS = settings(max_examples=80, deadline=None)
CAPITAL = D("20000000.00")

#: The guide's 20 MSEK fund: two projects go forward in 2025, one pays back in 2027.
ENTRIES = [
    LedgerEntryData(date(2025, 3, 4), "allocation", D("8000000"), "foraldrastod"),
    LedgerEntryData(date(2025, 3, 4), "allocation", D("7000000"), "laxhjalp"),
    LedgerEntryData(date(2025, 6, 30), "disbursement", D("2500000"), "foraldrastod"),
    LedgerEntryData(date(2025, 9, 1), "disbursement", D("2000000"), "laxhjalp"),
    LedgerEntryData(date(2027, 12, 31), "repayment", D("1200000.505"), "foraldrastod"),
    LedgerEntryData(date(2027, 2, 1), "disbursement", D("3000000"), "foraldrastod"),
]


def row(year, allocated, disbursed, repaid, available, cash, planned=False):
    return YearRow(year, D(allocated), D(disbursed), D(repaid), D(available), D(cash), planned)


def test_ledger_by_year_sums_each_year_and_carries_the_balance():
    assert ledger_by_year(CAPITAL, reversed(ENTRIES)) == [
        row(2025, "15000000.00", "4500000.00", "0.00", "5000000.00", "15500000.00"),
        # A year without entries keeps the balance.
        row(2026, "0.00", "0.00", "0.00", "5000000.00", "15500000.00"),
        # 1 200 000.505 is read as 1 200 000.51 (half up to öre).
        row(2027, "0.00", "3000000.00", "1200000.51", "6200000.51", "13700000.51"),
    ]
    assert ledger_by_year(CAPITAL, []) == []


def test_ledger_by_year_ends_at_the_balance():
    entries = ENTRIES[:-2] + [LedgerEntryData(date(2026, 5, 1), "repayment", D("250000.25"))]
    balance = compute_fund_balance(CAPITAL, [LedgerLine(e.kind, e.amount) for e in entries])
    last = ledger_by_year(CAPITAL, entries)[-1]
    assert last.available == balance.available == D("5250000.25")


def test_forecast_flags_the_year_available_would_go_negative():
    planned = [
        PlannedFlow(2027, "repayment", D("300000")),  # the rest of 2027
        PlannedFlow(2028, "allocation", D("7000000")),
        PlannedFlow(2028, "disbursement", D("4000000")),
        PlannedFlow(2030, "repayment", D("1000000")),
    ]
    rows = forecast(CAPITAL, ENTRIES, planned)
    assert [r.year for r in rows] == [2025, 2026, 2027, 2028, 2029, 2030]
    assert [r.planned for r in rows] == [False, False, True, True, False, True]
    assert rows[2].repaid == D("1500000.51")
    assert [r.available for r in rows] == [D("5000000.00"), D("5000000.00"), D("6500000.51"),
                                           D("-499999.49"), D("-499999.49"), D("500000.51")]
    assert [r.negative for r in rows] == [False, False, False, True, True, False]
    assert rows[3].cash == D("10000000.51")


def test_forecast_without_plans_is_the_ledger():
    assert forecast(CAPITAL, ENTRIES, []) == ledger_by_year(CAPITAL, ENTRIES)


def test_unknown_kinds_and_amounts_that_are_no_numbers_are_refused():
    with pytest.raises(FundError, match="gift"):
        ledger_by_year(CAPITAL, [LedgerEntryData(date(2025, 1, 1), "gift", D(1))])
    with pytest.raises(FundError, match="not a number"):
        forecast(CAPITAL, [], [PlannedFlow(2026, "allocation", 1.5)])
    with pytest.raises(ValueError):
        compute_fund_balance(CAPITAL, [LedgerLine("gift", D(1))])


# --- Checking an allocation ---------------------------------------------------------------------

BALANCE = compute_fund_balance(CAPITAL, [LedgerLine("allocation", D("15000000"))])


def test_an_allocation_up_to_the_available_money_is_allowed():
    check = check_allocation(BALANCE, D("5000000"))
    assert check.allowed and check.code == ALLOCATION_OK and not check.overridden
    assert check.available == D("5000000.00") and check.available_after == D("0.00")
    assert check.message % check.params == "5000000.00 is allocated; 0.00 remain available."


def test_an_allocation_beyond_the_available_money_is_refused():
    check = check_allocation(BALANCE, D("5000000.01"))
    assert not check.allowed and check.code == ALLOCATION_REFUSED
    assert check.params["excess"] == D("0.01")
    assert "Only a coordinator can override" in check.message


def test_an_override_needs_a_reason():
    check = check_allocation(BALANCE, D("6000000"), override=True, reason="  ")
    assert not check.allowed and check.code == ALLOCATION_NEEDS_REASON
    check = check_allocation(BALANCE, D("6000000"), override=True,
                             reason=" KS beslut 2025-04-02 § 57 ")
    assert check.allowed and check.code == ALLOCATION_OVERRIDE and check.overridden
    assert check.reason == "KS beslut 2025-04-02 § 57"
    assert check.available_after == D("-1000000.00")
    assert check.message % check.params == (
        "6000000.00 is allocated, 1000000.00 more than the fund has available, by override: "
        "KS beslut 2025-04-02 § 57")


def test_an_override_that_is_not_needed_is_not_recorded():
    check = check_allocation(BALANCE, D("100"), override=True, reason="säkerhets skull")
    assert check.allowed and check.code == ALLOCATION_OK
    assert not check.overridden and check.reason == ""


@pytest.mark.parametrize("amount", [D(0), D(-5), D("NaN"), 2.5])
def test_amounts_of_zero_or_less_are_refused(amount):
    check = check_allocation(BALANCE, amount, override=True, reason="x")
    assert not check.allowed and check.code == ALLOCATION_INVALID


# --- Sharing a risk -----------------------------------------------------------------------------


def test_risk_split_orebro_seventy_thirty():
    split = risk_split(D("4000000"), D("0.7"), ["soc", "bun"])
    assert split.central == D("2800000.00")
    assert split.departments == (("soc", D("600000.00")), ("bun", D("600000.00")))
    assert split.remainder_to is None and split.remainder == D("0.00")


def test_risk_split_puts_the_rounding_remainder_on_the_lead_department():
    # 1 000.00 × 0.7 = 700.00; 300.00 / 7 = 42.857… → 42.85 each, 299.95 in all: the 5 öre
    # left go to the first department.
    split = risk_split(D("1000.00"), D("0.7"), [f"d{i}" for i in range(1, 8)])
    assert split.central == D("700.00")
    assert [part for _d, part in split.departments] == [D("42.90")] + [D("42.85")] * 6
    assert split.remainder_to == "d1" and split.remainder == D("0.05")
    assert split.central + split.departments_total == split.cost


def test_risk_split_by_weight_gives_the_remainder_to_the_largest_share():
    # 0.01 × 333.33 = 3.3333 → 3.33 central; 330.00 split 1 : 2 : 0 → 110.00, 220.00, 0.00.
    split = risk_split(D("333.33"), D("0.01"), ["soc", "bun", "kf"],
                       {"soc": D(1), "bun": D(2), "kf": D(0)})
    assert split.central == D("3.33")
    assert split.departments == (("soc", D("110.00")), ("bun", D("220.00")), ("kf", D("0.00")))
    # 0.05 split 1 : 2 → 0.0166… and 0.0333… → 0.01 and 0.03 (bun has the largest share).
    split = risk_split(D("0.05"), D(0), ["soc", "bun"], {"soc": D(1), "bun": D(2)})
    assert split.part("soc") == D("0.01") and split.part("bun") == D("0.04")
    assert split.remainder_to == "bun"


def test_risk_split_central_share_rounds_half_up():
    split = risk_split(D("0.05"), D("0.5"), ["soc"])
    assert split.central == D("0.03")  # 0.025 → 0.03
    assert split.part("soc") == D("0.02")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((D(-1), D("0.5"), ["a"], None), "negative"),
        ((D(1), D("1.5"), ["a"], None), "between 0 and 1"),
        ((D(1), D("0.5"), ["a", "a"], None), "twice"),
        ((D(1), D("0.5"), [], None), "at least one department"),
        ((D(1), D("0.5"), ["a"], {"b": D(1)}), "one weight for each"),
        ((D(1), D("0.5"), ["a"], {"a": D(0)}), "more than 0"),
        ((D(1), D("0.5"), ["a"], {"a": D(-1)}), "0 or more"),
    ],
)
def test_risk_split_refuses_bad_input(args, fragment):
    with pytest.raises(FundError, match=fragment):
        risk_split(*args)


def test_risk_split_all_central_needs_no_department():
    split = risk_split(D("10.00"), D(1), [])
    assert split.central == D("10.00") and split.departments == ()


# --- Properties ---------------------------------------------------------------------------------

amounts = st.integers(0, 10**9).map(lambda ore: Decimal(ore).scaleb(-2))


@SETTINGS
@given(amounts, st.lists(amounts, max_size=20))
def test_allocations_checked_without_override_never_overdraw(capital, requests):
    lines: list[LedgerLine] = []
    for amount in requests:
        balance = compute_fund_balance(capital, lines)
        if check_allocation(balance, amount).allowed:
            lines.append(LedgerLine("allocation", amount))
        assert compute_fund_balance(capital, lines).available >= 0


@SETTINGS
@given(
    amounts,
    st.integers(0, 100).map(lambda p: Decimal(p) / 100),
    st.integers(1, 9),
    st.none() | st.lists(st.integers(0, 50), min_size=9, max_size=9),
)
def test_risk_split_parts_sum_exactly_to_the_cost(cost, share, n, weights):
    departments = [f"d{i}" for i in range(n)]
    mapping = None
    if weights is not None:
        if not any(weights[:n]):
            weights[0] = 1
        mapping = {d: Decimal(w) for d, w in zip(departments, weights, strict=False)}
    split = risk_split(cost, share, departments, mapping)
    assert split.central + split.departments_total == cost
    assert split.central == (cost * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert all(part >= 0 for _d, part in split.departments)
    assert split.remainder < Decimal("0.01") * n
