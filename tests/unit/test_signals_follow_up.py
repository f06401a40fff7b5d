"""The follow-up signals: an indicator behind plan, a stop criterion met, an overdue check-in and
drop-outs flagged as possible harm."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from models.domain import signals as sg

TODAY = date(2025, 6, 15)


# --- indicator behind plan ---------------------------------------------------------------------


def test_an_indicator_more_than_ten_per_cent_below_plan_is_a_warning():
    signal = sg.indicator_behind_plan("running", "i1", "2025-Q1", D("80"), D("71"))
    assert signal is not None
    assert (signal.code, signal.severity) == (sg.INDICATOR_BEHIND_PLAN, sg.WARNING)
    assert signal.params == {"indicator": "i1", "period": "2025-Q1", "actual": 71,
                             "planned": 80}
    assert sg.indicator_behind_plan("running", "i1", "2025-Q1", D("80"), D("72")) is None
    assert sg.indicator_behind_plan("running", "i1", "2025-Q1", D("80"), D("95")) is None


def test_when_lower_is_better_a_value_above_plan_is_behind():
    # Baseline 50, target 10: fewer is better.
    assert sg.indicator_behind_plan("running", "i3", "2025-Q1", D("40"), D("45"),
                                    D("50"), D("10")) is not None
    assert sg.indicator_behind_plan("running", "i3", "2025-Q1", D("40"), D("44"),
                                    D("50"), D("10")) is None
    assert sg.indicator_behind_plan("running", "i3", "2025-Q1", D("40"), D("20"),
                                    D("50"), D("10")) is None


def test_behind_plan_needs_both_values_and_an_initiative_under_way():
    assert sg.indicator_behind_plan("running", "i1", "2025-Q1", None, D("1")) is None
    assert sg.indicator_behind_plan("running", "i1", "2025-Q1", D("10"), None) is None
    assert sg.indicator_behind_plan("evaluation", "i1", "2025-Q1", D("80"), D("10")) is None
    assert sg.indicator_behind_plan("approved", "i1", "2025-Q1", D("80"), D("10")) is not None


def test_measured_values_are_not_money_in_the_message():
    signal = sg.indicator_behind_plan("running", "i1", "2025-03", D("12.50"), D("10.2500"))
    assert signal.params["planned"] == "12.5" and signal.params["actual"] == "10.25"
    assert not any(isinstance(v, D) for v in signal.params.values())


# --- stop criteria -----------------------------------------------------------------------------


def test_an_indicator_stop_criterion_fires_at_or_beyond_its_threshold_against_the_target():
    # Higher is better (baseline 20, target 30): stop at 15 or lower.
    signal = sg.stop_criterion_indicator("running", "Under 15 %", "i2", D("15"), D("15"),
                                         D("20"), D("30"))
    assert signal is not None
    assert (signal.code, signal.severity) == (sg.STOP_CRITERION_MET, sg.DANGER)
    assert signal.params == {"text": "Under 15 %", "indicator": "i2", "actual": 15,
                             "threshold": 15}
    assert sg.stop_criterion_indicator("running", "x", "i2", D("16"), D("15"),
                                       D("20"), D("30")) is None
    # Lower is better (baseline 50, target 10): stop at 60 or higher.
    assert sg.stop_criterion_indicator("running", "x", "i3", D("61"), D("60"),
                                       D("50"), D("10")) is not None
    assert sg.stop_criterion_indicator("running", "x", "i3", D("59"), D("60"),
                                       D("50"), D("10")) is None
    # Without a threshold or a value nothing can be judged.
    assert sg.stop_criterion_indicator("running", "x", "i3", None, D("60")) is None
    assert sg.stop_criterion_indicator("running", "x", "i3", D("1"), None) is None
    assert sg.stop_criterion_indicator("evaluation", "x", "i2", D("1"), D("15")) is None


def test_a_budget_stop_criterion_fires_when_spent_exceeds_the_budget_by_the_threshold():
    signal = sg.stop_criterion_budget("running", "Mer än 10 % över", D("1100000.01"),
                                      D("1000000.00"), D("0.10"))
    assert signal is not None and signal.severity == sg.DANGER
    assert signal.params["excess"] == D("100000.01")
    assert sg.stop_criterion_budget("running", "x", D("1100000.00"), D("1000000.00"),
                                    D("0.10")) is None
    # No threshold: anything over the budget.
    assert sg.stop_criterion_budget("running", "x", D("100.01"), D("100"), None) is not None
    assert sg.stop_criterion_budget("running", "x", D("100"), D("100"), None) is None
    # No budget to compare with.
    assert sg.stop_criterion_budget("running", "x", D("5"), D("0"), D("0.1")) is None


# --- check-ins ---------------------------------------------------------------------------------


def test_a_planned_check_in_more_than_fourteen_days_past_and_not_held_is_overdue():
    planned = [(1, date(2025, 5, 31)), (2, date(2025, 6, 1)), (3, date(2025, 3, 1))]
    signal = sg.check_in_overdue("running", planned, [], None, None, TODAY)
    assert signal is not None
    assert (signal.code, signal.severity) == (sg.CHECK_IN_OVERDUE, sg.WARNING)
    # 31 May is 15 days ago (overdue), 1 June 14 days (not yet).
    assert signal.params == {"count": 2, "date": date(2025, 3, 1)}


def test_a_check_in_linked_or_held_within_fourteen_days_counts():
    planned = [(1, date(2025, 3, 1)), (2, date(2025, 4, 1))]
    held = [(1, date(2025, 5, 1)), (None, date(2025, 4, 15))]
    assert sg.check_in_overdue("running", planned, held, None, None, TODAY) is None
    held_late = [(None, date(2025, 4, 16))]
    signal = sg.check_in_overdue("running", [(2, date(2025, 4, 1))], held_late, None, None,
                                 TODAY)
    assert signal is not None and signal.params == {"count": 1, "date": date(2025, 4, 1)}


def test_without_a_schedule_the_interval_counts_from_the_last_check_in_or_the_start():
    signal = sg.check_in_overdue("running", [], [(None, date(2025, 2, 10))], 3, None, TODAY)
    assert signal is not None
    assert signal.params == {"since": date(2025, 2, 10), "months": 3, "date": date(2025, 5, 10)}
    assert sg.check_in_overdue("running", [], [(None, date(2025, 3, 20))], 3, None,
                               TODAY) is None
    from_start = sg.check_in_overdue("running", [], [], 2, date(2025, 1, 31), TODAY)
    assert from_start is not None and from_start.params["date"] == date(2025, 3, 31)
    assert sg.check_in_overdue("running", [], [], 2, None, TODAY) is None
    assert sg.check_in_overdue("running", [], [], None, date(2020, 1, 1), TODAY) is None
    assert sg.check_in_overdue("evaluation", [(1, date(2020, 1, 1))], [], None, None,
                               TODAY) is None


# --- drop-outs ---------------------------------------------------------------------------------


def test_drop_outs_flagged_as_possible_harm_are_serious_until_investigated():
    signal = sg.drop_out_possible_harm("running", 3)
    assert signal is not None
    assert (signal.code, signal.severity) == (sg.DROP_OUT_POSSIBLE_HARM, sg.DANGER)
    assert signal.params == {"count": 3}
    assert "3" in signal.message % signal.params
    one = sg.drop_out_possible_harm("evaluation", 1)
    assert one is not None and one.message % one.params == one.message
    assert sg.drop_out_possible_harm("running", 0) is None
    assert sg.drop_out_possible_harm("idea", 2) is None


def test_every_new_code_has_a_label():
    for code in (sg.INDICATOR_BEHIND_PLAN, sg.STOP_CRITERION_MET, sg.CHECK_IN_OVERDUE,
                 sg.DROP_OUT_POSSIBLE_HARM):
        assert code in sg.CODE_LABELS
