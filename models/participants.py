"""Reading and writing a project's participants per period and risk profile, and its drop-outs;
the figures of reach and the cream-skimming monitor built from them
(``models.domain.participation``).

Functions flush, never commit. Every write checks its input first and raises
``ParticipationRefused`` (naming the form field) before anything changes, so a refused write
leaves everything as it was. A write with the version the user saw raises
``ParticipationRefused(None, STALE)`` when someone else saved in between. The audit trail
records every change (``models.audit_trail``).

No personal data is kept: a drop-out is a date, a risk profile and a reason, and a text that
looks like a personal identity number is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.costs import STALE
from models.domain import N_
from models.domain import participation as pa
from models.domain.personnummer import looks_like_personnummer
from models.follow_up import DROP_OUT_REASONS, RISK_PROFILES, DropOut, ParticipantFlow
from models.project import Project

MAX_TEXT = 2000
#: The largest count of people accepted in one period.
MAX_COUNT = 10_000_000
YEAR_MIN, YEAR_MAX = 1900, 2200


class ParticipationRefused(Exception):
    """A write that is not allowed; ``field`` names the form field (None: the whole form),
    ``message`` is a msgid with ``params`` (dates as dates, a risk profile by its code in
    ``profile``)."""

    def __init__(self, field: str | None, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.field = field
        self.message = message
        self.params = params


# --- Checking values --------------------------------------------------------------------------


def check_text(value: str | None, field: str, *, limit: int = MAX_TEXT,
               required: bool = False) -> str:
    """Stripped text of at most ``limit`` characters that holds no personal identity number."""
    text = (value or "").strip()
    if required and not text:
        raise ParticipationRefused(field, N_("Enter a text."))
    if len(text) > limit:
        raise ParticipationRefused(field, N_("At most %(n)s characters."), n=limit)
    if looks_like_personnummer(text):
        raise ParticipationRefused(field, N_("The text looks like it holds a personal identity "
                                             "number. Describe it without personal data."))
    return text


def check_date(value: Any, field: str, *, required: bool = True,
               today: date | None = None) -> date | None:
    """A date (not a date and time) in a plausible range, not after ``today`` when given."""
    if value is None or value == "":
        if required:
            raise ParticipationRefused(field, N_("Enter a date."))
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ParticipationRefused(field, N_("Enter a date."))
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ParticipationRefused(field, N_("Enter a date between the years %(low)s and "
                                             "%(high)s."), low=YEAR_MIN, high=YEAR_MAX)
    if today is not None and value > today:
        raise ParticipationRefused(field, N_("The date cannot be in the future."))
    return value


def _count(value: Any, field: str, *, required: bool) -> int | None:
    if value is None or value == "":
        if required:
            raise ParticipationRefused(field, N_("Enter a number of people."))
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ParticipationRefused(field, N_("Enter a whole number of people."))
    if value < 0:
        raise ParticipationRefused(field, N_("The value cannot be negative."))
    if value > MAX_COUNT:
        raise ParticipationRefused(field, N_("The value is too large."))
    return value


def _profile(value: str | None, field: str = "risk_profile") -> str:
    if value not in RISK_PROFILES:
        raise ParticipationRefused(field, N_("Choose a risk profile."))
    return value


def check_version(row: Any, version: int | None) -> None:
    if row is not None and version is not None and version != row.version:
        raise ParticipationRefused(None, STALE)


def _apply(row: Any, values: Any, names: tuple[str, ...]) -> None:
    for name in names:
        if getattr(row, name) != getattr(values, name):
            setattr(row, name, getattr(values, name))


def _not_before_start(project: Project, day: date, field: str, *, period: bool = False) -> None:
    start = project.start
    if start is None:
        return
    first = start.replace(day=1) if period else start
    if day < first:
        raise ParticipationRefused(field, N_("%(date)s is before the initiative starts "
                                             "(%(start)s)."), date=day, start=start)


# --- Participant flows ------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowValues:
    #: The period's first day.
    period: Any
    risk_profile: str
    eligible: Any = None
    enrolled: Any = None
    comment: str = ""


_FLOW_FIELDS = ("period", "risk_profile", "eligible", "enrolled", "comment")


def _check_flow(project: Project, values: FlowValues, today: date) -> FlowValues:
    period = check_date(values.period, "period")
    if not pa.is_period_start(period):
        raise ParticipationRefused("period", N_("Give the period by its first day: the first "
                                                "of a month, or of a quarter's first month."))
    if period > today:
        raise ParticipationRefused("period", N_("The period has not begun yet."))
    _not_before_start(project, period, "period", period=True)
    profile = _profile(values.risk_profile)
    eligible = _count(values.eligible, "eligible", required=False)
    enrolled = _count(values.enrolled, "enrolled", required=True)
    if eligible is not None and enrolled > eligible:
        raise ParticipationRefused("enrolled", N_("More enrolled (%(enrolled)s) than eligible "
                                                  "(%(eligible)s) in the period. Check the "
                                                  "figures."), enrolled=enrolled,
                                   eligible=eligible)
    return FlowValues(period, profile, eligible, enrolled, check_text(values.comment, "comment"))


def flows_of(session: Session, project: Project) -> list[ParticipantFlow]:
    """The project's participant flows by period, then risk profile in the usual order."""
    rows = session.scalars(select(ParticipantFlow)
                           .where(ParticipantFlow.project_id == project.id)
                           .order_by(ParticipantFlow.period, ParticipantFlow.id))
    return sorted(rows, key=lambda f: (f.period, RISK_PROFILES.index(f.risk_profile)))


def flow_by_id(session: Session, project: Project, flow_id: int) -> ParticipantFlow | None:
    return session.scalar(select(ParticipantFlow).where(ParticipantFlow.project_id == project.id,
                                                        ParticipantFlow.id == flow_id))


def _same_period(session: Session, project: Project, values: FlowValues,
                 other_than: int | None = None) -> ParticipantFlow | None:
    stmt = select(ParticipantFlow).where(ParticipantFlow.project_id == project.id,
                                         ParticipantFlow.period == values.period,
                                         ParticipantFlow.risk_profile == values.risk_profile)
    if other_than is not None:
        stmt = stmt.where(ParticipantFlow.id != other_than)
    return session.scalar(stmt)


def _duplicate(values: FlowValues) -> ParticipationRefused:
    return ParticipationRefused(
        "period", N_("There are already figures for %(period)s and the profile “%(profile)s”. "
                     "Edit that row, or tick the box to replace its figures."),
        period=values.period, profile=values.risk_profile)


def add_flow(session: Session, project: Project, values: FlowValues, *, today: date,
             replace: bool = False) -> tuple[ParticipantFlow, bool]:
    """Add one period's figures for one risk profile; returns the row and whether it replaced
    the figures already there (only with ``replace``; otherwise a duplicate is refused)."""
    values = _check_flow(project, values, today)
    existing = _same_period(session, project, values)
    if existing is not None and not replace:
        raise _duplicate(values)
    row = existing or ParticipantFlow(project_id=project.id)
    _apply(row, values, _FLOW_FIELDS)
    if existing is None:
        session.add(row)
    session.flush()
    return row, existing is not None


def update_flow(session: Session, project: Project, flow: ParticipantFlow, values: FlowValues,
                *, version: int | None, today: date, replace: bool = False) -> bool:
    """Change a row; moving it onto a period and profile that has figures is refused unless
    ``replace``, which deletes that other row. Returns whether another row was replaced."""
    check_version(flow, version)
    values = _check_flow(project, values, today)
    other = _same_period(session, project, values, other_than=flow.id)
    if other is not None and not replace:
        raise _duplicate(values)
    if other is not None:
        session.delete(other)
        session.flush()
    _apply(flow, values, _FLOW_FIELDS)
    session.flush()
    return other is not None


def delete_flow(session: Session, flow: ParticipantFlow, *, version: int | None) -> None:
    check_version(flow, version)
    session.delete(flow)
    session.flush()


# --- Drop-outs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DropOutValues:
    left_on: Any
    risk_profile: str
    reason_kind: str
    reason: str = ""
    #: Ticked by the user; a reason that suggests harm sets it whatever is ticked.
    possible_harm: bool = False
    investigated_on: Any = None
    investigation: str = ""


_DROP_OUT_FIELDS = ("left_on", "risk_profile", "reason_kind", "reason", "possible_harm",
                    "investigated_on", "investigation")


def _check_drop_out(project: Project, values: DropOutValues, today: date) -> DropOutValues:
    left_on = check_date(values.left_on, "left_on", today=today)
    _not_before_start(project, left_on, "left_on")
    profile = _profile(values.risk_profile)
    if values.reason_kind not in DROP_OUT_REASONS:
        raise ParticipationRefused("reason_kind", N_("Choose the kind of reason."))
    reason = check_text(values.reason, "reason")
    investigated_on = check_date(values.investigated_on, "investigated_on", required=False,
                                 today=today)
    investigation = check_text(values.investigation, "investigation")
    if investigated_on is not None and investigated_on < left_on:
        raise ParticipationRefused("investigated_on", N_("The investigation cannot be before the "
                                                         "participant left."))
    if investigated_on is not None and not investigation:
        raise ParticipationRefused("investigation", N_("Say what the investigation found."))
    if investigation and investigated_on is None:
        raise ParticipationRefused("investigated_on", N_("Give the date of the investigation."))
    harm = bool(values.possible_harm) or pa.suggests_harm(values.reason_kind)
    return DropOutValues(left_on, profile, values.reason_kind, reason, harm, investigated_on,
                         investigation)


def drop_outs_of(session: Session, project: Project) -> list[DropOut]:
    """The project's drop-outs, the latest first."""
    return list(session.scalars(select(DropOut).where(DropOut.project_id == project.id)
                                .order_by(DropOut.left_on.desc(), DropOut.id.desc())))


def drop_out_by_id(session: Session, project: Project, drop_out_id: int) -> DropOut | None:
    return session.scalar(select(DropOut).where(DropOut.project_id == project.id,
                                                DropOut.id == drop_out_id))


def is_harm_open(row: DropOut) -> bool:
    """Flagged as possible harm and not yet investigated."""
    return pa.harm_open(row.possible_harm, row.investigated_on, row.investigation)


def open_harm(session: Session, project: Project) -> list[DropOut]:
    """Drop-outs flagged as possible harm whose investigation is not recorded, oldest first
    (for the project's pages; the leader and owner should see them until investigated)."""
    rows = session.scalars(select(DropOut).where(DropOut.project_id == project.id,
                                                 DropOut.possible_harm.is_(True))
                           .order_by(DropOut.left_on, DropOut.id))
    return [row for row in rows if is_harm_open(row)]


def add_drop_out(session: Session, project: Project, values: DropOutValues, *, today: date,
                 by: str = "") -> DropOut:
    values = _check_drop_out(project, values, today)
    row = DropOut(project_id=project.id, recorded_by=by[:254])
    _apply(row, values, _DROP_OUT_FIELDS)
    session.add(row)
    session.flush()
    return row


def update_drop_out(session: Session, project: Project, row: DropOut, values: DropOutValues,
                    *, version: int | None, today: date) -> None:
    check_version(row, version)
    values = _check_drop_out(project, values, today)
    _apply(row, values, _DROP_OUT_FIELDS)
    session.flush()


def delete_drop_out(session: Session, row: DropOut, *, version: int | None) -> None:
    """Delete a drop-out; a check-in decision it prompted keeps its words but loses the link."""
    check_version(row, version)
    session.delete(row)
    session.flush()


# --- The figures of the participants page -----------------------------------------------------


def domain_flows(rows: list[ParticipantFlow]) -> list[pa.Flow]:
    return [pa.Flow(r.period, r.risk_profile, r.eligible, r.enrolled) for r in rows]


def domain_leavers(rows: list[DropOut]) -> list[pa.Leaver]:
    return [pa.Leaver(r.left_on, r.risk_profile) for r in rows]


@dataclass(frozen=True)
class Participation:
    """What the participants page, the check-ins and the half-yearly report read."""

    flows: list[ParticipantFlow]
    drop_outs: list[DropOut]
    reach_points: tuple[pa.ReachPoint, ...]
    reach: pa.Reach
    profiles: dict[str, pa.ProfileFigures]
    cream: pa.CreamSkimming
    open_harm: list[DropOut]


def participation(session: Session, project: Project, *, until: date | None = None
                  ) -> Participation:
    """The project's flows and drop-outs with reach and the per-profile figures up to ``until``
    (everything when None)."""
    flows = flows_of(session, project)
    drop_outs = drop_outs_of(session, project)
    domain = domain_flows(flows)
    if until is not None:
        domain = [f for f in domain if f.period <= until]
    leavers = [leaver for leaver in domain_leavers(drop_outs)
               if until is None or leaver.left_on <= until]
    profiles = pa.by_profile(domain, leavers)
    return Participation(
        flows=flows,
        drop_outs=drop_outs,
        reach_points=pa.reach_by_period(domain, project.size_total),
        reach=pa.reach(domain, project.size_total, project.size_reached),
        profiles=profiles,
        cream=pa.cream_skimming(profiles),
        open_harm=[row for row in drop_outs[::-1] if is_harm_open(row)],
    )


__all__ = [
    "DropOutValues", "FlowValues", "MAX_TEXT", "Participation", "ParticipationRefused",
    "STALE", "add_drop_out", "add_flow", "check_date", "check_text", "check_version",
    "delete_drop_out", "delete_flow", "domain_flows", "domain_leavers", "drop_out_by_id",
    "drop_outs_of", "flow_by_id", "flows_of", "is_harm_open", "open_harm", "participation",
    "update_drop_out", "update_flow",
]
