"""Reading and writing a project's check-ins (*avstämningar*) and their decisions, and the
schedule of planned check-ins with which of them were held.

A check-in records when it was held, which scheduled check-in it was (none for an extra one),
who took part, notes, and one or more decisions (continue, adjust, intensify, stop) with what
prompted each: an indicator, a drop-out, resource use, a signal, the schedule or something
else. Decisions are saved with their check-in, all or nothing: the check-in's version covers
them, so a change to its decisions by someone else is caught like a change to the check-in.

Functions flush, never commit, and raise ``CheckInRefused`` naming the form field before
anything changes. A decision's field is named ``decisions-<n>-<name>``, ``n`` counting the
decisions given from 0 (blank ones included), so the message can go under the right field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.design import PlannedCheckIn
from models.domain import N_
from models.domain import participation as pa
from models.domain import signals as sg
from models.domain.signals import CODE_LABELS
from models.follow_up import DECISIONS, PROMPTS, CheckIn, CheckInDecision, DropOut
from models.logic_model import LogicIndicator
from models.participants import (
    ParticipationRefused,
    check_date,
    check_text,
    check_version,
)
from models.project import Project

MAX_TEXT = 2000
MAX_NOTES = 10_000
MAX_RESPONSIBLE = 200
#: The most decisions one check-in holds.
MAX_DECISIONS = 20
#: Decisions that change something: they need to say what is to be done.
ACTING = ("adjust", "intensify", "stop")


class CheckInRefused(ParticipationRefused):
    """A check-in that cannot be saved (see ``ParticipationRefused``)."""


@dataclass(frozen=True)
class DecisionValues:
    decision: str = ""
    prompt: str = ""
    #: The key of one of the project's indicators.
    indicator: str | None = None
    #: The id of one of the project's drop-outs.
    drop_out: int | None = None
    signal_code: str = ""
    prompted_by: str = ""
    action: str = ""
    responsible: str = ""

    def is_blank(self) -> bool:
        return not any((self.decision, self.prompt, self.indicator, self.drop_out,
                        self.signal_code, (self.prompted_by or "").strip(),
                        (self.action or "").strip(), (self.responsible or "").strip()))


@dataclass(frozen=True)
class CheckInValues:
    held_on: Any
    #: The id of the scheduled check-in this one was; None for an extra one.
    planned: int | None = None
    participants: str = ""
    notes: str = ""
    decisions: Sequence[DecisionValues] = ()


@dataclass(frozen=True)
class _Decision:
    decision: str
    prompt: str
    indicator: LogicIndicator | None
    drop_out: DropOut | None
    signal_code: str
    prompted_by: str
    action: str
    responsible: str


def _refuse(field: str, message: str, **params: Any) -> CheckInRefused:
    return CheckInRefused(field, message, **params)


def _indicator(project: Project, key: str | None, field: str) -> LogicIndicator | None:
    if not key:
        return None
    found = next((i for e in project.logic_elements for i in e.indicators if i.key == key), None)
    if found is None:
        raise _refuse(field, N_("Choose one of the initiative's indicators."))
    return found


def _drop_out(session: Session, project: Project, drop_out_id: int | None,
              field: str) -> DropOut | None:
    if drop_out_id is None:
        return None
    row = session.scalar(select(DropOut).where(DropOut.project_id == project.id,
                                               DropOut.id == drop_out_id))
    if row is None:
        raise _refuse(field, N_("Choose one of the initiative's drop-outs."))
    return row


def _check_decision(session: Session, project: Project, values: DecisionValues,
                    n: int) -> _Decision:
    def name(field: str) -> str:
        return f"decisions-{n}-{field}"

    if values.decision not in DECISIONS:
        raise _refuse(name("decision"), N_("Choose a decision."))
    if values.prompt not in PROMPTS:
        raise _refuse(name("prompt"), N_("Choose what prompted the decision."))
    indicator = _indicator(project, values.indicator, name("indicator"))
    if values.prompt == "indicator" and indicator is None:
        raise _refuse(name("indicator"), N_("Choose the indicator that prompted the decision."))
    drop_out = _drop_out(session, project, values.drop_out, name("drop_out"))
    if values.prompt == "drop_out" and drop_out is None:
        raise _refuse(name("drop_out"), N_("Choose the drop-out that prompted the decision."))
    code = (values.signal_code or "").strip()
    if code and code not in CODE_LABELS:
        raise _refuse(name("signal_code"), N_("Choose one of the signals."))
    if values.prompt == "signal" and not code:
        raise _refuse(name("signal_code"), N_("Choose the signal that prompted the decision."))
    prompted_by = check_text(values.prompted_by, name("prompted_by"))
    action = check_text(values.action, name("action"))
    if values.decision in ACTING and not action:
        raise _refuse(name("action"), N_("Say what is to be done, by whom and when."))
    responsible = check_text(values.responsible, name("responsible"), limit=MAX_RESPONSIBLE)
    return _Decision(values.decision, values.prompt, indicator, drop_out, code, prompted_by,
                     action, responsible)


@dataclass(frozen=True)
class _Checked:
    held_on: date
    planned: PlannedCheckIn | None
    participants: str
    notes: str
    decisions: tuple[_Decision, ...]


def _check(session: Session, project: Project, values: CheckInValues, today: date,
           check_in: CheckIn | None = None) -> _Checked:
    held_on = check_date(values.held_on, "held_on", today=today)
    planned = None
    if values.planned is not None:
        planned = session.scalar(select(PlannedCheckIn).where(
            PlannedCheckIn.project_id == project.id, PlannedCheckIn.id == values.planned))
        if planned is None:
            raise _refuse("planned", N_("Choose one of the scheduled check-ins."))
        other = session.scalar(select(CheckIn).where(
            CheckIn.planned_id == planned.id,
            CheckIn.id != (check_in.id if check_in is not None else -1)))
        if other is not None:
            raise _refuse("planned", N_("The check-in scheduled for %(planned)s is already "
                                        "recorded (held on %(date)s)."),
                          planned=planned.planned_on, date=other.held_on)
    participants = check_text(values.participants, "participants")
    notes = check_text(values.notes, "notes", limit=MAX_NOTES)
    given = list(values.decisions)
    if len([d for d in given if not d.is_blank()]) > MAX_DECISIONS:
        raise _refuse("decisions-0-decision", N_("At most %(n)s decisions per check-in."),
                      n=MAX_DECISIONS)
    decisions = tuple(_check_decision(session, project, d, n)
                      for n, d in enumerate(given) if not d.is_blank())
    if not decisions:
        raise _refuse("decisions-0-decision", N_("Record at least one decision, for example "
                                                 "to continue as planned."))
    return _Checked(held_on, planned, participants, notes, decisions)


def _set(row: Any, name: str, value: Any) -> bool:
    if getattr(row, name) != value:
        setattr(row, name, value)
        return True
    return False


def _apply_decision(row: CheckInDecision, checked: _Decision, position: int) -> bool:
    changed = False
    for name in ("decision", "prompt", "signal_code", "prompted_by", "action", "responsible"):
        changed |= _set(row, name, getattr(checked, name))
    changed |= _set(row, "position", position)
    for name, target in (("indicator", checked.indicator), ("drop_out", checked.drop_out)):
        wanted = target.id if target is not None else None
        if getattr(row, f"{name}_id") != wanted:
            setattr(row, name, target)
            changed = True
    return changed


def _apply(session: Session, project: Project, row: CheckIn, checked: _Checked) -> bool:
    """Copy the checked values onto ``row`` and its decisions (updated in place by position,
    extra ones deleted); return whether a decision changed."""
    for name in ("held_on", "participants", "notes"):
        _set(row, name, getattr(checked, name))
    wanted = checked.planned.id if checked.planned is not None else None
    if row.planned_id != wanted:
        row.planned = checked.planned
    changed = False
    existing = list(row.decisions)
    for position, decision in enumerate(checked.decisions):
        if position < len(existing):
            changed |= _apply_decision(existing[position], decision, position)
        else:
            new = CheckInDecision(project_id=project.id)
            _apply_decision(new, decision, position)
            row.decisions.append(new)
            changed = True
    for extra in existing[len(checked.decisions):]:
        row.decisions.remove(extra)
        changed = True
    return changed


def add_check_in(session: Session, project: Project, values: CheckInValues, *, today: date,
                 by: str = "") -> CheckIn:
    """Record a check-in held on or before ``today`` with its decisions."""
    checked = _check(session, project, values, today)
    row = CheckIn(project_id=project.id, recorded_by=by[:254])
    session.add(row)
    _apply(session, project, row, checked)
    session.flush()
    return row


def update_check_in(session: Session, project: Project, check_in: CheckIn,
                    values: CheckInValues, *, version: int | None, today: date) -> None:
    """Change a check-in and its decisions, refusing a stale ``version``."""
    check_version(check_in, version)
    checked = _check(session, project, values, today, check_in)
    if _apply(session, project, check_in, checked):
        # The decisions are part of the check-in: a change to them alone must move its
        # version too, so that an edit based on the old decisions is refused.
        check_in.version = check_in.version + 1
    session.flush()


def delete_check_in(session: Session, check_in: CheckIn, *, version: int | None) -> None:
    """Delete a check-in with its decisions."""
    check_version(check_in, version)
    session.delete(check_in)
    session.flush()


# --- Reading ----------------------------------------------------------------------------------

_DETAIL = (
    selectinload(CheckIn.decisions).selectinload(CheckInDecision.indicator),
    selectinload(CheckIn.decisions).selectinload(CheckInDecision.drop_out),
    selectinload(CheckIn.planned),
)


def check_ins_of(session: Session, project: Project, *, since: date | None = None,
                 until: date | None = None, newest_first: bool = True) -> list[CheckIn]:
    """The project's check-ins held from ``since`` to ``until`` (open ends when None) with
    their decisions, the latest first unless ``newest_first`` is False."""
    stmt = select(CheckIn).where(CheckIn.project_id == project.id).options(*_DETAIL)
    if since is not None:
        stmt = stmt.where(CheckIn.held_on >= since)
    if until is not None:
        stmt = stmt.where(CheckIn.held_on <= until)
    if newest_first:
        stmt = stmt.order_by(CheckIn.held_on.desc(), CheckIn.id.desc())
    else:
        stmt = stmt.order_by(CheckIn.held_on, CheckIn.id)
    return list(session.scalars(stmt))


def check_in_by_id(session: Session, project: Project, check_in_id: int) -> CheckIn | None:
    return session.scalar(select(CheckIn).where(CheckIn.project_id == project.id,
                                                CheckIn.id == check_in_id).options(*_DETAIL))


@dataclass(frozen=True)
class ScheduleRow:
    """A planned check-in, the check-in that recorded it (if any) and where it stands."""

    planned: PlannedCheckIn
    check_in: CheckIn | None
    #: ``held``, ``due``, ``overdue`` or ``upcoming`` (``models.domain.participation``).
    status: str


def schedule(session: Session, project: Project, today: date) -> list[ScheduleRow]:
    """The planned check-ins by date, each with the check-in recorded for it."""
    planned = list(session.scalars(select(PlannedCheckIn)
                                   .where(PlannedCheckIn.project_id == project.id)
                                   .order_by(PlannedCheckIn.planned_on, PlannedCheckIn.id)))
    held = {row.planned_id: row for row in session.scalars(
        select(CheckIn).where(CheckIn.project_id == project.id,
                              CheckIn.planned_id.is_not(None)))}
    return [ScheduleRow(p, held.get(p.id),
                        pa.check_in_status(p.planned_on, p.id in held, today,
                                           grace_days=sg.CHECK_IN_GRACE_DAYS))
            for p in planned]


def stop_decisions(check_ins: Sequence[CheckIn]) -> list[tuple[CheckIn, CheckInDecision]]:
    """The decisions to stop among ``check_ins``, in their order."""
    return [(c, d) for c in check_ins for d in c.decisions if d.decision == "stop"]


__all__ = [
    "CheckInRefused", "CheckInValues", "DecisionValues", "MAX_DECISIONS", "MAX_NOTES",
    "MAX_RESPONSIBLE", "MAX_TEXT", "ScheduleRow", "add_check_in", "check_in_by_id",
    "check_ins_of", "delete_check_in", "schedule", "stop_decisions", "update_check_in",
]
