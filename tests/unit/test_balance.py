"""The portfolio balance: buckets per dimension, counted and added up by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models.domain import balance as bal
from models.domain.balance import BalanceProject, Tally


def p(key: str = "a", stage: str = "running", **fields) -> BalanceProject:
    return BalanceProject(key=key, title=key.title(), stage=stage, **fields)


# --- life stages ------------------------------------------------------------------------------


@pytest.mark.parametrize(("age_min", "age_max", "expected"), [
    (6, 12, ("school_age",)),
    (0, 0, ("pregnancy_infancy",)),
    (0, 1, ("pregnancy_infancy", "early_childhood")),
    (12, 13, ("school_age", "adolescence")),
    (65, None, ("older",)),  # open upwards: 65+
    (70, 90, ("older",)),
    (None, 5, ("pregnancy_infancy", "early_childhood")),  # up to 5
    (25, None, ("young_adult", "adult", "older")),
    (-3, 0, ("pregnancy_infancy",)),
    (None, None, ()),
    (12, 6, ()),  # min above max: not stated
])
def test_life_stages_of_an_age_range(age_min, age_max, expected):
    assert bal.life_stages(age_min, age_max) == expected


def test_without_ages_the_stated_life_stage_is_used_and_marked_derived():
    assert bal.age_buckets(p(life_stage="adolescence")) == (("adolescence",), True)
    assert bal.age_buckets(p(age_min=6, life_stage="adolescence")) == (
        ("school_age", "adolescence", "young_adult", "adult", "older"), False)
    assert bal.age_buckets(p()) == ((bal.NOT_STATED,), False)
    assert bal.age_buckets(p(life_stage="unknown")) == ((bal.NOT_STATED,), False)
    assert bal.age_buckets(p(age_min=9, age_max=3, life_stage="adult")) == (
        (bal.NOT_STATED,), False)


# --- duration ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end", "months"), [
    (date(2025, 1, 1), date(2025, 12, 31), 12),  # a calendar year is exactly 12 months
    (date(2025, 1, 1), date(2025, 12, 30), 11),
    (date(2025, 1, 15), date(2026, 1, 14), 12),
    (date(2025, 1, 15), date(2026, 1, 13), 11),
    (date(2025, 1, 1), date(2026, 1, 1), 12),  # 12 months and a day
    (date(2024, 3, 1), date(2027, 2, 28), 36),
    (date(2025, 5, 5), date(2025, 5, 5), 0),
    (date(2025, 5, 5), date(2025, 5, 4), None),  # end before start
    (None, date(2025, 5, 4), None),
    (date(2025, 5, 5), None, None),
])
def test_duration_in_whole_months_with_the_end_day_included(start, end, months):
    assert bal.duration_months(start, end) == months


@pytest.mark.parametrize(("months", "band"), [
    (0, "under_12"), (11, "under_12"), (12, "12_23"), (23, "12_23"), (24, "24_35"),
    (35, "24_35"), (36, "36_plus"), (120, "36_plus"), (None, bal.NOT_STATED),
])
def test_duration_bands(months, band):
    assert bal.duration_band(months) == band


# --- complexity, risk, budget -----------------------------------------------------------------


def test_complexity_is_assessed_or_derived_from_the_number_of_departments():
    assert bal.complexity_of(p(complexity="high", departments=("A",))) == ("high", False)
    assert bal.complexity_of(p(departments=("A",))) == ("low", True)
    assert bal.complexity_of(p(departments=("A", "B"))) == ("medium", True)
    assert bal.complexity_of(p(departments=("A", "B", "C"))) == ("high", True)
    assert bal.complexity_of(p(departments=("A", "A"))) == ("low", True)
    assert bal.complexity_of(p()) == (bal.NOT_STATED, False)
    assert bal.risk_of(p(risk_level="medium")) == "medium"
    assert bal.risk_of(p()) == bal.NOT_STATED


@pytest.mark.parametrize(("budget", "band"), [
    (None, bal.NOT_STATED),
    (Decimal("0"), "under_0_5m"),
    (Decimal("499999.99"), "under_0_5m"),
    (Decimal("500000"), "0_5m_1m"),
    (Decimal("999999.99"), "0_5m_1m"),
    (Decimal("1000000.00"), "1m_3m"),
    (Decimal("3000000"), "3m_5m"),
    (Decimal("5000000"), "5m_plus"),
    (Decimal("80000000"), "5m_plus"),
])
def test_budget_bands_include_their_lower_bound(budget, band):
    assert bal.budget_band(budget) == band


# --- the whole balance -------------------------------------------------------------------------


def _portfolio() -> list[BalanceProject]:
    """Four running, two proposed, one closed; hand-counted below."""
    return [
        # Running, two departments, 6–12, 24 months, assessed medium/high, 2 000 000.
        p("a", "running", departments=("Soc", "BUN"), age_min=6, age_max=12,
          start=date(2025, 1, 1), end=date(2026, 12, 31), budget=Decimal("2000000"),
          complexity="medium", risk_level="high"),
        # Approved, one department, 65+, exactly 12 months, derived low, no budget.
        p("b", "approved", departments=("Soc",), age_min=65,
          start=date(2025, 3, 1), end=date(2026, 2, 28)),
        # Evaluation, three departments, no ages, no dates, 400 000.
        p("c", "evaluation", departments=("Soc", "BUN", "Kultur"),
          budget=Decimal("400000.50"), risk_level="low"),
        # Implementation, no department, only age_min 13 (13+), 600 000.
        p("d", "implementation", age_min=13, budget=Decimal("600000")),
        # Proposed: idea and prioritised.
        p("e", "idea", departments=("BUN",), age_max=5, start=date(2026, 1, 1),
          end=date(2029, 6, 30), budget=Decimal("5000000")),
        p("f", "prioritised", departments=("Soc", "BUN"), life_stage="adult",
          budget=Decimal("1000000"), complexity="low"),
        # Closed: in neither portfolio.
        p("g", "closed", departments=("Soc",), age_min=6, age_max=12, budget=Decimal("9")),
    ]


def test_totals_count_each_initiative_once_and_leave_out_closed_ones():
    balance = bal.compute_balance(_portfolio())
    assert balance.running == Tally(4, Decimal("3000000.50"), unbudgeted=1)
    assert balance.proposed == Tally(2, Decimal("6000000"), unbudgeted=0)


def test_multi_department_initiatives_count_in_each_department():
    dept = bal.compute_balance(_portfolio(), departments=("BUN", "Miljö", "Soc")).get("department")
    assert [b.key for b in dept.buckets] == ["BUN", "Miljö", "Soc", "Kultur", bal.NOT_STATED]
    assert dept.overlapping
    assert all(b.named for b in dept.buckets[:-1]) and not dept.buckets[-1].named
    assert dept.bucket("Soc").running == Tally(3, Decimal("2400000.50"), unbudgeted=1)
    assert dept.bucket("BUN").running == Tally(2, Decimal("2400000.50"))
    assert dept.bucket("BUN").proposed == Tally(2, Decimal("6000000"))
    assert dept.bucket("Soc").proposed == Tally(1, Decimal("1000000"))
    assert dept.bucket("Kultur").running == Tally(1, Decimal("400000.50"))
    assert dept.bucket("Miljö").running == Tally()
    assert dept.bucket(bal.NOT_STATED).running == Tally(1, Decimal("600000"))
    # Running initiatives counted per department: 3 + 2 + 1 + 1 = 7 > 4 initiatives.
    assert sum(b.running.count for b in dept.buckets) == 7


def test_age_buckets_follow_the_life_stages():
    age = bal.compute_balance(_portfolio()).get("age")
    assert [b.key for b in age.buckets] == [
        "pregnancy_infancy", "early_childhood", "school_age", "adolescence", "young_adult",
        "adult", "older", bal.NOT_STATED]
    running = {b.key: b.running.count for b in age.buckets}
    # a: school age; b: older; c: not stated; d (13+): adolescence to older.
    assert running == {"pregnancy_infancy": 0, "early_childhood": 0, "school_age": 1,
                       "adolescence": 1, "young_adult": 1, "adult": 1, "older": 2,
                       bal.NOT_STATED: 1}
    proposed = {b.key: (b.proposed.count, b.proposed.derived) for b in age.buckets}
    # e: up to 5; f: no ages, stated life stage adult (derived).
    assert proposed["pregnancy_infancy"] == (1, 0)
    assert proposed["early_childhood"] == (1, 0)
    assert proposed["adult"] == (1, 1)
    assert age.bucket("older").running.budget == Decimal("600000")


def test_duration_complexity_risk_stage_and_budget_buckets():
    balance = bal.compute_balance(_portfolio())
    duration = {b.key: (b.running.count, b.proposed.count)
                for b in balance.get("duration").buckets}
    assert duration == {"under_12": (0, 0), "12_23": (1, 0), "24_35": (1, 0),
                        "36_plus": (0, 1), bal.NOT_STATED: (2, 1)}
    complexity = balance.get("complexity")
    # a assessed medium; b derived low (1 dept); c derived high (3 depts); d not assessed.
    assert complexity.bucket("low").running == Tally(1, Decimal("0.00"), unbudgeted=1,
                                                      derived=1)
    assert complexity.bucket("medium").running == Tally(1, Decimal("2000000"))
    assert complexity.bucket("high").running == Tally(1, Decimal("400000.50"), derived=1)
    assert complexity.bucket(bal.NOT_STATED).running.count == 1
    # e derived low (1 dept, 5 000 000); f assessed low (1 000 000).
    assert complexity.bucket("low").proposed == Tally(2, Decimal("6000000"), derived=1)
    assert complexity.bucket("low").label == "Low"
    risk = {b.key: b.running.count for b in balance.get("risk").buckets}
    assert risk == {"low": 1, "medium": 0, "high": 1, bal.NOT_STATED: 2}
    assert balance.get("risk").bucket(bal.NOT_STATED).label == "Not assessed"
    stage = {b.key: (b.running.count, b.proposed.count) for b in balance.get("stage").buckets}
    assert stage == {"approved": (1, 0), "running": (1, 0), "evaluation": (1, 0),
                     "implementation": (1, 0), "idea": (0, 1), "proposal": (0, 0),
                     "prioritised": (0, 1)}
    budget = {b.key: (b.running.count, b.running.budget, b.proposed.count)
              for b in balance.get("budget").buckets}
    assert budget == {
        "under_0_5m": (1, Decimal("400000.50"), 0),
        "0_5m_1m": (1, Decimal("600000"), 0),
        "1m_3m": (1, Decimal("2000000"), 1),
        "3m_5m": (0, Decimal("0.00"), 0),
        "5m_plus": (0, Decimal("0.00"), 1),
        bal.NOT_STATED: (1, Decimal("0.00"), 0),
    }
    assert not balance.get("budget").overlapping


def test_an_empty_portfolio_has_every_fixed_bucket_at_zero():
    balance = bal.compute_balance([])
    assert balance.running == balance.proposed == Tally()
    assert [b.dimension for b in balance.breakdowns] == list(bal.DIMENSIONS)
    assert [b.key for b in balance.get("department").buckets] == [bal.NOT_STATED]
    assert len(balance.get("duration").buckets) == 5
    assert all(b.running == b.proposed == Tally() for d in balance.breakdowns for b in d.buckets)


def test_budgets_stay_decimal():
    balance = bal.compute_balance(_portfolio())
    for breakdown in balance.breakdowns:
        for bucket in breakdown.buckets:
            assert isinstance(bucket.running.budget, Decimal)
            assert isinstance(bucket.proposed.budget, Decimal)


def test_placement_of_one_initiative():
    placement = bal.place(p("x", "proposal", departments=("A", "B", "A"), age_max=5,
                            start=date(2025, 1, 1), end=date(2025, 12, 31)))
    assert placement.portfolio == bal.PROPOSED
    assert placement.buckets["department"] == ("A", "B")
    assert placement.buckets["age"] == ("pregnancy_infancy", "early_childhood")
    assert placement.buckets["duration"] == ("12_23",)
    assert placement.buckets["complexity"] == ("medium",)
    assert placement.derived == frozenset({"complexity"})
    assert bal.place(p("y", "stopped")).portfolio is None
