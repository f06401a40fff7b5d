"""The follow-up rules: periods, plan against actual, missing data, progress and the status."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from models.domain import follow_up as fu

# --- periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "start", "frequency"), [
    ("2025-03", date(2025, 3, 1), fu.MONTH),
    ("2025-3", date(2025, 3, 1), fu.MONTH),
    ("2025-03-01", date(2025, 3, 1), fu.MONTH),
    ("2025-Q1", date(2025, 1, 1), fu.QUARTER),
    ("2025 q4", date(2025, 10, 1), fu.QUARTER),
    ("Q2 2025", date(2025, 4, 1), fu.QUARTER),
    ("2025 kv 3", date(2025, 7, 1), fu.QUARTER),
    (" 2025-Q2 ", date(2025, 4, 1), fu.QUARTER),
])
def test_periods_are_read_as_users_write_them(text, start, frequency):
    assert fu.parse_period(text) == fu.Period(start, frequency)


@pytest.mark.parametrize("text", ["", "2025", "2025-13", "2025-00", "2025-Q5", "2025-03-15",
                                  "mars 2025", "25-03"])
def test_what_is_not_a_period_is_refused(text):
    assert fu.parse_period(text) is None


def test_period_starts_and_labels():
    assert fu.period_start(date(2025, 5, 17), fu.QUARTER) == date(2025, 4, 1)
    assert fu.period_start(date(2025, 5, 17), fu.MONTH) == date(2025, 5, 1)
    assert fu.shift_period(date(2025, 11, 1), fu.QUARTER) == date(2026, 2, 1)
    assert fu.shift_period(date(2025, 1, 1), fu.MONTH, -1) == date(2024, 12, 1)
    assert fu.period_label(date(2025, 4, 1), fu.QUARTER) == "2025-Q2"
    assert fu.period_label(date(2025, 4, 1), fu.MONTH) == "2025-04"
    assert fu.period_label(date(2025, 5, 1), None) == "2025-05"
    assert fu.periods_between(date(2025, 2, 10), date(2025, 8, 1), fu.QUARTER) == [
        date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1)]


def test_the_last_completed_period_ended_before_today():
    assert fu.last_completed_period(date(2025, 4, 1), fu.QUARTER) == date(2025, 1, 1)
    assert fu.last_completed_period(date(2025, 3, 31), fu.QUARTER) == date(2024, 10, 1)
    assert fu.last_completed_period(date(2025, 3, 31), fu.MONTH) == date(2025, 2, 1)


def test_a_period_must_fit_the_indicators_frequency():
    month = fu.parse_period("2025-05")
    quarter = fu.parse_period("2025-Q2")
    assert fu.period_problem(month, fu.QUARTER) is not None  # May starts no quarter
    assert fu.period_problem(fu.parse_period("2025-04"), fu.QUARTER) is None
    assert fu.period_problem(quarter, fu.MONTH) is not None
    assert fu.period_problem(quarter, None) is None and fu.period_problem(month, None) is None


# --- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("unit", "value", "refused"), [
    ("percent", D("100"), False), ("percent", D("0"), False), ("percent", D("100.5"), True),
    ("percent", D("-1"), True), ("count", D("-1"), True), ("count", D("0"), False),
    ("sek", D("-0.01"), True), ("score", D("-3"), False), (None, D("-3"), False),
])
def test_values_out_of_range_are_refused(unit, value, refused):
    assert (fu.value_problem(unit, value) is not None) is refused


def test_direction_follows_the_target_from_the_baseline():
    assert fu.direction(D("50"), D("10")) == fu.DOWN
    assert fu.direction(D("20"), D("30")) == fu.UP
    assert fu.direction(None, D("30")) == fu.UP
    assert fu.direction(None, None) == fu.UP


def test_behind_plan_means_more_than_ten_per_cent_on_the_wrong_side():
    assert fu.behind_plan(D("100"), D("89"), fu.UP)
    assert not fu.behind_plan(D("100"), D("90"), fu.UP)  # exactly 10 % is not more
    assert not fu.behind_plan(D("100"), D("130"), fu.UP)
    assert fu.behind_plan(D("100"), D("111"), fu.DOWN)
    assert not fu.behind_plan(D("100"), D("110"), fu.DOWN)
    assert not fu.behind_plan(D("100"), D("50"), fu.DOWN)
    assert not fu.behind_plan(None, D("1"), fu.UP)
    assert not fu.behind_plan(D("1"), None, fu.UP)
    assert fu.shortfall(D("80"), D("60"), fu.UP) == D("0.25")
    assert fu.shortfall(D("10"), D("12"), fu.DOWN) == D("0.2")
    assert fu.shortfall(D("0"), D("12"), fu.DOWN) is None


def test_progress_is_the_way_from_baseline_to_target_clipped():
    assert fu.progress(D("20"), D("30"), D("25")) == D("0.5")
    assert fu.progress(D("50"), D("10"), D("40")) == D("0.25")  # lower is better
    assert fu.progress(D("20"), D("30"), D("35")) == D("1")
    assert fu.progress(D("20"), D("30"), D("10")) == D("0")
    assert fu.progress(D("20"), D("20"), D("25")) is None
    assert fu.progress(None, D("30"), D("25")) is None
    assert fu.progress(D("20"), D("30"), None) is None
    assert fu.targets_reached([D("0.5"), None, D("0.25")]) == D("0.375")
    assert fu.targets_reached([None]) is None


def test_budget_spent_uses_the_ledger_then_the_budget_lines():
    ledger = fu.budget_spent(D("1000000"), D("600000"), D("5000"))
    assert (ledger.share, ledger.basis, ledger.denominator) == (D("0.6"), fu.LEDGER,
                                                                D("1000000"))
    budget = fu.budget_spent(D("0"), D("100000"), D("400000"))
    assert (budget.share, budget.basis) == (D("0.25"), fu.BUDGET)
    nothing = fu.budget_spent(D("0"), D("0"), D("0"))
    assert (nothing.share, nothing.basis, nothing.denominator) == (None, None, None)
    assert fu.budget_spent(D("100"), D("150"), D("0")).share == D("1.5")


def test_the_status_compares_targets_reached_with_budget_spent():
    assert fu.status(D("0.5"), D("0.6")) == "ok"
    assert fu.status(D("0.5"), D("0.7")) == "warning"
    assert fu.status(D("0.2"), D("0.6")) == "danger"
    assert fu.status(D("0.2"), D("1.5")) == "danger"  # overspent counts as all spent
    assert fu.status(None, D("0.5")) is None
    assert fu.status(D("0.5"), None) is None


def test_missing_periods_run_to_the_last_completed_one_and_not_past_the_end():
    first = date(2025, 1, 1)
    today = date(2025, 8, 15)
    assert fu.missing_periods(first, fu.QUARTER, [date(2025, 1, 1)], today) == [
        date(2025, 4, 1)]  # Q3 is not over
    assert fu.missing_periods(first, fu.MONTH, [date(2025, 2, 1), date(2025, 5, 1)], today,
                              end=date(2025, 5, 31)) == [
        date(2025, 1, 1), date(2025, 3, 1), date(2025, 4, 1)]
    assert fu.missing_periods(date(2025, 8, 1), fu.MONTH, [], today) == []
    # A first period in the middle of a quarter counts from that quarter.
    assert fu.missing_periods(date(2025, 2, 1), fu.QUARTER, [], today) == [
        date(2025, 1, 1), date(2025, 4, 1)]


def _value(period: date, planned, actual, dimension="", category="") -> fu.PeriodValue:
    return fu.PeriodValue(period, fu.period_label(period, fu.QUARTER), planned, actual,
                          dimension, category)


def test_an_indicator_report_knows_its_latest_value_breakdowns_and_progress():
    report = fu.IndicatorReport(
        id=1, key="i2", name="Andel aktiva", kind="outcome", unit="percent", baseline=D("20"),
        target=D("30"), element="s1", frequency=fu.QUARTER,
        totals=(_value(date(2025, 1, 1), D("22"), D("21")),
                _value(date(2025, 4, 1), D("24"), D("26")),
                _value(date(2025, 7, 1), D("26"), None)),
        breakdowns=(_value(date(2025, 1, 1), None, D("30"), "Veckodag", "tisdag"),
                    _value(date(2025, 1, 1), None, D("12"), "Veckodag", "torsdag"),
                    _value(date(2025, 1, 1), None, D("20"), "Tränare", "Anna")))
    assert report.latest_actual.period == date(2025, 4, 1)
    assert report.progress == D("0.6")
    assert report.dimensions == ("Veckodag", "Tränare")
    assert report.categories("Veckodag") == ("tisdag", "torsdag")
    assert report.periods == (date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1))
    assert report.totals[0].difference == D("-1")
    spent = fu.budget_spent(D("100"), D("70"), D("0"))
    status = fu.steering_status([report], spent)
    assert status.targets == D("0.6") and status.counted == ("i2",)
    assert status.status == "ok"


def test_hours_are_summed_per_activity_in_the_models_order():
    rows = [fu.ResourceRow(1, "a2", "Handledning", date(2025, 1, 1), "2025-01", "Psykolog",
                           D("10"), D("14")),
            fu.ResourceRow(2, "a1", "Grupper", date(2025, 1, 1), "2025-01", "Gruppledare",
                           D("40"), None),
            fu.ResourceRow(3, "a1", "Grupper", date(2025, 2, 1), "2025-02", "Gruppledare",
                           D("40"), D("52.5"))]
    totals = fu.activity_hours(rows, [("a1", "Grupper"), ("a2", "Handledning"),
                                      ("a3", "Utan timmar")])
    assert [(a.key, a.hours.planned, a.hours.actual, a.hours.difference) for a in totals] == [
        ("a1", D("80"), D("52.5"), D("-27.5")), ("a2", D("10"), D("14"), D("4"))]


def test_categories_keep_the_order_they_were_registered_in():
    def row(value_id, category):
        return fu.PeriodValue(date(2025, 1, 1), "2025-01", None, D("1"), "Veckodag", category,
                              id=value_id)

    report = fu.IndicatorReport(id=1, key="i1", name="Närvaro", kind="process", unit="percent",
                                baseline=None, target=None, element="a1",
                                breakdowns=(row(7, "onsdag"), row(3, "måndag"),
                                            row(5, "tisdag"), row(9, "måndag")))
    assert report.categories("Veckodag") == ("måndag", "tisdag", "onsdag")


def test_a_breakdown_reads_as_a_grid_of_periods_by_categories():
    def value(value_id, month, category, actual):
        return fu.PeriodValue(date(2025, month, 1), f"2025-{month:02d}", D("75"), D(actual),
                              "Veckodag", category, id=value_id)

    report = fu.IndicatorReport(
        id=1, key="i1", name="Närvaro", kind="process", unit="percent", baseline=None,
        target=None, element="a1",
        breakdowns=(value(1, 2, "måndag", "60"), value(2, 2, "tisdag", "80"),
                    value(3, 1, "tisdag", "79"),
                    fu.PeriodValue(date(2025, 1, 1), "2025-01", None, D("70"), "Tränare", "Anna",
                                   id=4)))
    grid = report.grid("Veckodag")
    assert grid.categories == ("måndag", "tisdag")
    assert [row.label for row in grid.rows] == ["2025-01", "2025-02"]
    # January has no Monday value: an empty cell, not a shifted row.
    assert [c.actual if c else None for c in grid.rows[0].cells] == [None, D("79")]
    assert [c.actual for c in grid.rows[1].cells] == [D("60"), D("80")]
    assert report.grid("Tränare").categories == ("Anna",)
