"""Signals: what the steering group should look at in a running initiative (SPEC 3.8).

A ``Signal`` is a code, a severity (``warning`` or ``danger``), a message (msgid) and its
parameters. The rules here are pure: each takes plain facts and returns a signal or None. Which
facts each rule gets, and for which initiatives, is decided by the sources in ``models.signals``.

Message parameters follow one convention, so that every page and export shows them alike:
``stage`` is a stage code (shown by its label), ``date`` values are dates, amounts of money are
Decimals, counts are ints. Measured values (an indicator's actual value, a threshold) are not
money, so they travel as ints when whole and as plain text otherwise (``"12.5"``); periods as
text (``2025-03``, ``2025-Q1``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from models.domain import N_
from models.domain import follow_up as fu
from models.domain.balance import RUNNING_STAGES
from models.domain.governance import add_months
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
INDICATOR_BEHIND_PLAN = "indicator_behind_plan"
STOP_CRITERION_MET = "stop_criterion_met"
CHECK_IN_OVERDUE = "check_in_overdue"
DROP_OUT_POSSIBLE_HARM = "drop_out_possible_harm"

#: Days a planned check-in may be held before or after its date, and may be late before it
#: counts as overdue.
CHECK_IN_GRACE_DAYS = 14

#: What each code is about, for legends and filters.
CODE_LABELS = {
    END_PASSED: N_("End date passed"),
    NO_LEADER_OR_OWNER: N_("No project leader or owner"),
    OVER_DISBURSED: N_("More disbursed than allocated"),
    LOGIC_MODEL_ERRORS: N_("Errors in the logic model"),
    GATE_OVERRIDE_OPEN: N_("Stage gate passed with open items"),
    NO_START: N_("No start date"),
    INDICATOR_BEHIND_PLAN: N_("Indicator behind plan"),
    STOP_CRITERION_MET: N_("Stop criterion met"),
    CHECK_IN_OVERDUE: N_("Check-in overdue"),
    DROP_OUT_POSSIBLE_HARM: N_("Drop-outs with possible harm not investigated"),
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


# --- Follow-up (SPEC 3.8) ------------------------------------------------------------------------


def measure_param(value: Decimal) -> int | str:
    """A measured value as a message parameter: an int when whole, else plain text."""
    if value == value.to_integral_value():
        return int(value)
    return f"{value.normalize():f}"


def indicator_behind_plan(stage: str, indicator: str, period: str, planned: Decimal | None,
                          actual: Decimal | None, baseline: Decimal | None = None,
                          target: Decimal | None = None) -> Signal | None:
    """The latest period's actual value is behind its planned value by more than 10 per cent of
    the planned value, in the direction of the target from the baseline (higher is better when
    that is unknown)."""
    if stage not in UNDER_WAY or planned is None or actual is None:
        return None
    if not fu.behind_plan(planned, actual, fu.direction(baseline, target)):
        return None
    return Signal(INDICATOR_BEHIND_PLAN, WARNING,
                  N_("The indicator %(indicator)s is behind plan in %(period)s: %(actual)s "
                     "against %(planned)s planned."),
                  {"indicator": indicator, "period": period, "actual": measure_param(actual),
                   "planned": measure_param(planned)})


def stop_criterion_indicator(stage: str, text: str, indicator: str, latest: Decimal | None,
                             threshold: Decimal | None, baseline: Decimal | None = None,
                             target: Decimal | None = None) -> Signal | None:
    """A stop criterion tied to an indicator is met: the indicator's latest actual value lies at
    or beyond the threshold against the direction of its target (lower when higher is better,
    higher when lower is better)."""
    if stage not in UNDER_WAY or latest is None or threshold is None:
        return None
    way = fu.direction(baseline, target)
    met = latest >= threshold if way == fu.DOWN else latest <= threshold
    if not met:
        return None
    return Signal(STOP_CRITERION_MET, DANGER,
                  N_("Stop criterion met: “%(text)s”. The indicator %(indicator)s is "
                     "%(actual)s, at or beyond the threshold %(threshold)s."),
                  {"text": text, "indicator": indicator, "actual": measure_param(latest),
                   "threshold": measure_param(threshold)})


def stop_criterion_budget(stage: str, text: str, spent: Decimal, budget: Decimal,
                          threshold: Decimal | None) -> Signal | None:
    """A stop criterion tied to the budget is met: more has been spent than the budget plus the
    threshold share of it (no threshold: anything over the budget). Without a budget there is
    nothing to compare with."""
    if stage not in UNDER_WAY or budget <= 0:
        return None
    share = threshold if threshold is not None and threshold > 0 else Decimal(0)
    if spent <= budget * (1 + share):
        return None
    return Signal(STOP_CRITERION_MET, DANGER,
                  N_("Stop criterion met: “%(text)s”. %(spent)s has been spent against a "
                     "budget of %(budget)s: %(excess)s over."),
                  {"text": text, "spent": spent, "budget": budget, "excess": spent - budget})


def check_in_overdue(stage: str, planned: Sequence[tuple[int, date]],
                     held: Sequence[tuple[int | None, date]], every_months: int | None,
                     start: date | None, today: date) -> Signal | None:
    """A planned check-in more than 14 days past with no check-in recorded for it (linked to
    it, or held within 14 days of its date). Without a schedule, when the steering group is to
    check in every ``every_months`` months: the last check-in held (else the start) plus that
    many months has passed.

    ``planned``: (id, date) of each scheduled check-in; ``held``: (the planned id it was, or
    None; the date held) of each check-in recorded.
    """
    if stage not in UNDER_WAY:
        return None
    if planned:
        overdue = sorted(
            day for planned_id, day in planned
            if (today - day).days > CHECK_IN_GRACE_DAYS and not any(
                link == planned_id or abs((held_on - day).days) <= CHECK_IN_GRACE_DAYS
                for link, held_on in held))
        if not overdue:
            return None
        if len(overdue) == 1:
            return Signal(CHECK_IN_OVERDUE, WARNING,
                          N_("The check-in planned for %(date)s has not been recorded as "
                             "held."), {"date": overdue[0], "count": 1})
        return Signal(CHECK_IN_OVERDUE, WARNING,
                      N_("%(count)d planned check-ins have not been recorded as held; the "
                         "first was planned for %(date)s."),
                      {"count": len(overdue), "date": overdue[0]})
    if not every_months or every_months <= 0:
        return None
    last = max((held_on for _link, held_on in held if held_on <= today), default=None)
    since = last if last is not None else start
    if since is None:
        return None
    due = add_months(since, every_months)
    if due >= today:
        return None
    if last is None:
        return Signal(CHECK_IN_OVERDUE, WARNING,
                      N_("No check-in has been recorded since the start; the steering group "
                         "checks in every %(months)d months, so one was due by %(date)s."),
                      {"months": every_months, "date": due})
    return Signal(CHECK_IN_OVERDUE, WARNING,
                  N_("No check-in has been recorded since %(since)s; the steering group checks "
                     "in every %(months)d months, so one was due by %(date)s."),
                  {"since": last, "months": every_months, "date": due})


def drop_out_possible_harm(stage: str, count: int) -> Signal | None:
    """Drop-outs whose reason suggests the initiative may have harmed, not yet investigated."""
    if not is_running(stage) or count <= 0:
        return None
    if count == 1:
        message = N_("A drop-out flagged as possible harm has not been investigated.")
    else:
        message = N_("%(count)d drop-outs flagged as possible harm have not been investigated.")
    return Signal(DROP_OUT_POSSIBLE_HARM, DANGER, message, {"count": count})
