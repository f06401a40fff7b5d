"""The signal rules: each fires exactly when it should."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models.domain import signals as sg

TODAY = date(2025, 6, 15)


def test_end_passed_only_while_approved_or_running():
    signal = sg.end_passed("running", date(2025, 6, 14), TODAY)
    assert signal is not None
    assert (signal.code, signal.severity) == (sg.END_PASSED, sg.WARNING)
    assert signal.params["date"] == date(2025, 6, 14)
    assert signal.params["stage"] == "running"
    assert signal.params["days"] == 1
    assert sg.end_passed("approved", date(2025, 1, 1), TODAY) is not None
    assert sg.end_passed("running", TODAY, TODAY) is None  # the end day itself is still on
    assert sg.end_passed("running", None, TODAY) is None
    # Evaluation and implementation follow the project period.
    assert sg.end_passed("evaluation", date(2025, 1, 1), TODAY) is None
    assert sg.end_passed("implementation", date(2025, 1, 1), TODAY) is None
    assert sg.end_passed("proposal", date(2025, 1, 1), TODAY) is None


@pytest.mark.parametrize(("leader", "owner", "message"), [
    (False, False, "The initiative has neither a project leader nor an owner."),
    (False, True, "The initiative has no project leader."),
    (True, False, "The initiative has no owner."),
])
def test_no_leader_or_owner(leader, owner, message):
    signal = sg.no_leader_or_owner("evaluation", leader, owner)
    assert signal is not None and signal.message == message
    assert signal.severity == sg.WARNING


def test_leader_and_owner_or_not_running_gives_no_signal():
    assert sg.no_leader_or_owner("running", True, True) is None
    assert sg.no_leader_or_owner("idea", False, False) is None
    assert sg.no_leader_or_owner("closed", False, False) is None


def test_more_disbursed_than_allocated_is_serious():
    signal = sg.over_disbursed("running", Decimal("100000.00"), Decimal("150000.50"))
    assert signal is not None
    assert signal.severity == sg.DANGER
    assert signal.params == {"disbursed": Decimal("150000.50"), "allocated": Decimal("100000.00"),
                             "excess": Decimal("50000.50")}
    assert sg.over_disbursed("running", Decimal("100"), Decimal("100")) is None
    assert sg.over_disbursed("running", Decimal("0"), Decimal("0")) is None
    assert sg.over_disbursed("prioritised", Decimal("0"), Decimal("1")) is None
    # Nothing allocated yet something paid out.
    assert sg.over_disbursed("approved", Decimal("0"), Decimal("1")) is not None


def test_logic_model_errors_after_approval():
    signal = sg.logic_model_errors("approved", 2)
    assert signal is not None and signal.params == {"count": 2}
    assert sg.logic_model_errors("approved", 0) is None
    assert sg.logic_model_errors("proposal", 3) is None


def test_gate_overrides_still_open():
    signals = sg.gate_overrides_open("running", {"approved": 2, "prioritised": 1})
    assert [(s.params["stage"], s.params["count"]) for s in signals] == [
        ("prioritised", 1), ("approved", 2)]
    assert all(s.code == sg.GATE_OVERRIDE_OPEN for s in signals)
    # Confirmed since: nothing open any more.
    assert sg.gate_overrides_open("running", {"approved": 0}) == []
    # A gate beyond the current stage (the initiative went back) is left out.
    assert sg.gate_overrides_open("approved", {"evaluation": 3}) == []
    assert sg.gate_overrides_open("evaluation", {"evaluation": 3})[0].params["count"] == 3
    assert sg.gate_overrides_open("prioritised", {"prioritised": 3}) == []


def test_no_start_date():
    assert sg.no_start("running", None).code == sg.NO_START
    assert sg.no_start("running", TODAY) is None
    assert sg.no_start("idea", None) is None


def test_serious_signals_come_first_and_severities_are_checked():
    signals = sg.ordered([
        sg.no_start("running", None),
        sg.over_disbursed("running", Decimal("0"), Decimal("5")),
        sg.end_passed("running", date(2020, 1, 1), TODAY),
    ])
    assert [s.code for s in signals] == [sg.OVER_DISBURSED, sg.END_PASSED, sg.NO_START]
    with pytest.raises(ValueError):
        sg.Signal("x", "info", "message")
    assert set(sg.CODE_LABELS) >= {s.code for s in signals}
