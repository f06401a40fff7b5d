"""Signals: what the steering group should look at in a running initiative (SPEC 3.8).

A ``Signal`` is a code, a severity (``warning`` or ``danger``), a message (msgid) and its
parameters. The rules here are pure: each takes plain facts and returns a signal or None. Which
facts each rule gets, and for which initiatives, is decided by the sources in ``models.signals``.

Message parameters follow one convention, so that every page and export shows them alike:
``stage`` is a stage code (shown by its label), ``date`` values are dates, amounts of money are
Decimals, counts are ints.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from models.domain import N_
from models.domain.balance import RUNNING_STAGES
from models.domain.stages import PATH

WARNING = "warning"
DANGER = "danger"
SEVERITIES = (DANGER, WARNING)
SEVERITY_LABELS = {WARNING: N_("Warning"), DANGER: N_("Serious")}

#: Stages in which the initiative itself is under way (before evaluation).
UNDER_WAY = ("approved", "running")

END_PASSED = "end_passed"
NO_LEADER_OR_OWNER = "no_leader_or_owner"
OVER_DISBURSED = "over_disbursed"
LOGIC_MODEL_ERRORS = "logic_model_errors"
GATE_OVERRIDE_OPEN = "gate_override_open"
NO_START = "no_start"

#: What each code is about, for legends and filters.
CODE_LABELS = {
    END_PASSED: N_("End date passed"),
    NO_LEADER_OR_OWNER: N_("No project leader or owner"),
    OVER_DISBURSED: N_("More disbursed than allocated"),
    LOGIC_MODEL_ERRORS: N_("Errors in the logic model"),
    GATE_OVERRIDE_OPEN: N_("Stage gate passed with open items"),
    NO_START: N_("No start date"),
}


@dataclass(frozen=True)
class Signal:
    code: str
    severity: str
    #: A msgid; ``params`` fill it (see the module docstring).
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")


def ordered(signals: Iterable[Signal]) -> list[Signal]:
    """Serious signals first, then by code (stable otherwise)."""
    return sorted(signals, key=lambda s: (SEVERITIES.index(s.severity), s.code))


def is_running(stage: str) -> bool:
    return stage in RUNNING_STAGES


def end_passed(stage: str, end: date | None, today: date) -> Signal | None:
    """The end date has passed while the initiative is still approved or running."""
    if stage in UNDER_WAY and end is not None and end < today:
        return Signal(END_PASSED, WARNING,
                      N_("The end date %(date)s has passed, but the initiative is still in "
                         "the stage %(stage)s."),
                      {"date": end, "stage": stage, "days": (today - end).days})
    return None


def no_leader_or_owner(stage: str, has_leader: bool, has_owner: bool) -> Signal | None:
    """A running initiative needs a project leader and an owner."""
    if not is_running(stage) or (has_leader and has_owner):
        return None
    if not has_leader and not has_owner:
        message = N_("The initiative has neither a project leader nor an owner.")
    elif not has_leader:
        message = N_("The initiative has no project leader.")
    else:
        message = N_("The initiative has no owner.")
    return Signal(NO_LEADER_OR_OWNER, WARNING, message)


def over_disbursed(stage: str, allocated: Decimal, disbursed: Decimal) -> Signal | None:
    """More money paid out to the initiative than allocated to it."""
    if not is_running(stage) or disbursed <= allocated:
        return None
    return Signal(OVER_DISBURSED, DANGER,
                  N_("%(disbursed)s has been disbursed but only %(allocated)s allocated: "
                     "%(excess)s more than allocated."),
                  {"disbursed": disbursed, "allocated": allocated,
                   "excess": disbursed - allocated})


def logic_model_errors(stage: str, structural_errors: int) -> Signal | None:
    """The logic model has structural errors although the initiative was approved."""
    if not is_running(stage) or structural_errors <= 0:
        return None
    return Signal(LOGIC_MODEL_ERRORS, WARNING,
                  N_("The logic model has structural errors (%(count)d) after approval."),
                  {"count": structural_errors})


def gate_overrides_open(stage: str, open_by_gate: Mapping[str, int]) -> list[Signal]:
    """Stage gates passed with open checklist items that are still open.

    ``open_by_gate``: for each stage entered past its gate by a coordinator, the number of that
    gate's checklist items still not done. Gates of stages after the current one (the
    initiative has since gone back) are left out.
    """
    if not is_running(stage):
        return []
    reached = PATH.index(stage)
    return [
        Signal(GATE_OVERRIDE_OPEN, WARNING,
               N_("The gate to the stage %(stage)s was passed with open checklist items; "
                  "still not done: %(count)d."),
               {"stage": gate, "count": count})
        for gate, count in sorted(open_by_gate.items(), key=lambda item: PATH.index(item[0]))
        if count > 0 and gate in PATH and PATH.index(gate) <= reached
    ]


def no_start(stage: str, start: date | None) -> Signal | None:
    if not is_running(stage) or start is not None:
        return None
    return Signal(NO_START, WARNING, N_("The initiative has no start date."))
