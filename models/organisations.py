"""Operations on an initiative's organisation, reporting plan, check-ins and communication plan
(guide, section 5). Functions flush, never commit.

The rows of the four lists carry no version column; a form carries a fingerprint of the row as it
was shown (``row_state``) instead, so that a save based on an older state is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from models.design import (
    CommunicationItem,
    PlannedCheckIn,
    ProjectPerson,
    ReportingItem,
    ReportingPlan,
    design_facts_loaded,
)
from models.domain import N_
from models.domain import governance as gv
from models.project import Project
from models.user import User

MAX_SHORT = 200
MAX_TEXT = 5000


class OrganisationRefused(Exception):
    """A write that is not allowed; ``field`` names the form field, ``message`` says why."""

    def __init__(self, field: str, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.field = field
        self.message = message
        self.params = params


@dataclass(frozen=True)
class Part:
    """One of the page's lists: its table, its editable fields and the one that is required."""

    key: str
    model: type
    fields: tuple[str, ...]
    required: str
    required_message: str
    #: Fields stored in a String(200) column; the others are free text.
    short: tuple[str, ...]
    #: Whether users order the rows (check-ins follow their dates).
    ordered: bool = True


PARTS: dict[str, Part] = {
    "people": Part(
        "people", ProjectPerson, ("role", "name", "affiliation", "task"), "name",
        N_("Enter the person's name."), ("role", "name", "affiliation"),
    ),
    "reporting": Part(
        "reporting", ReportingItem,
        ("activity", "frequency", "done_by", "reported_by", "done_when", "resources"),
        "activity", N_("Describe the activity that is reported."),
        ("frequency", "done_by", "reported_by"),
    ),
    "check_ins": Part(
        "check_ins", PlannedCheckIn, ("planned_on", "topic"), "planned_on",
        N_("Enter the date of the check-in."), (), ordered=False,
    ),
    "communication": Part(
        "communication", CommunicationItem,
        ("audience", "message", "timing", "channel", "responsible"), "audience",
        N_("Say who receives the information."), ("audience", "timing", "channel", "responsible"),
    ),
}
PART_OF_MODEL = {part.model: part for part in PARTS.values()}


# --- reading ------------------------------------------------------------------------------------


def _rows(session: Session, model: type, project: Project, *order) -> list:
    return list(session.scalars(
        select(model).where(model.project_id == project.id).order_by(*order, model.id)
    ))


def people(session: Session, project: Project) -> list[ProjectPerson]:
    """The initiative's people, role by role in the guide's order, then as the users ordered."""
    rows = _rows(session, ProjectPerson, project, ProjectPerson.position)
    return sorted(rows, key=lambda p: (gv.PERSON_ROLES.index(p.role), p.position, p.id))


def people_by_role(session: Session, project: Project) -> dict[str, list[ProjectPerson]]:
    grouped: dict[str, list[ProjectPerson]] = {role: [] for role in gv.PERSON_ROLES}
    for person in people(session, project):
        grouped[person.role].append(person)
    return grouped


def reporting_plan(session: Session, project: Project) -> ReportingPlan | None:
    return session.scalar(select(ReportingPlan).where(ReportingPlan.project_id == project.id))


def reporting_items(session: Session, project: Project) -> list[ReportingItem]:
    return _rows(session, ReportingItem, project, ReportingItem.position)


def check_ins(session: Session, project: Project) -> list[PlannedCheckIn]:
    return _rows(session, PlannedCheckIn, project, PlannedCheckIn.planned_on)


def communication_items(session: Session, project: Project) -> list[CommunicationItem]:
    return _rows(session, CommunicationItem, project, CommunicationItem.position)


def row_of(session: Session, project: Project, part: str, row_id: int):
    """Return the row ``row_id`` of ``part`` if it belongs to ``project``, else None."""
    model = PARTS[part].model
    row = session.get(model, row_id)
    return row if row is not None and row.project_id == project.id else None


def row_state(row) -> str:
    """A fingerprint of the row's editable values, to detect that someone else changed it."""
    part = PART_OF_MODEL[type(row)]
    text = "\x1f".join(str(getattr(row, name)) for name in part.fields)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def record_people_missing(session: Session, project: Project) -> list[tuple[str, User]]:
    """The owner and leader on the initiative's record who are not listed in that role."""
    listed = people_by_role(session, project)
    missing = []
    for role, user in (("owner", project.owner), ("leader", project.leader)):
        names = {gv.normalise(p.name) for p in listed[role]}
        if user is not None and gv.normalise(user.name) not in names:
            missing.append((role, user))
    return missing


# --- writing ------------------------------------------------------------------------------------


def _clean(part: Part, values: dict[str, Any]) -> dict[str, Any]:
    """Check ``values`` for ``part``; return them with text stripped. Refuse with the field."""
    unknown = set(values) - set(part.fields)
    if unknown:
        raise ValueError(f"unknown fields for {part.key}: {sorted(unknown)}")
    cleaned: dict[str, Any] = {}
    for name in part.fields:
        value = values.get(name)
        if isinstance(value, str) or (value is None and name != "planned_on"):
            value = (value or "").strip()
            limit = MAX_SHORT if name in part.short else MAX_TEXT
            if len(value) > limit:
                raise OrganisationRefused(name, N_("At most %(max)d characters."), max=limit)
        cleaned[name] = value
    if not cleaned[part.required]:
        raise OrganisationRefused(part.required, part.required_message)
    if part.key == "people" and cleaned["role"] not in gv.PERSON_ROLES:
        raise OrganisationRefused("role", N_("Choose one of the roles in the list."))
    if part.key == "check_ins" and not isinstance(cleaned["planned_on"], date):
        raise OrganisationRefused("planned_on", part.required_message)
    return cleaned


def _siblings(session: Session, row) -> list:
    """The rows ordered together with ``row`` (a person's role; the whole list otherwise)."""
    model = type(row)
    stmt = select(model).where(model.project_id == row.project_id)
    if model is ProjectPerson:
        stmt = stmt.where(ProjectPerson.role == row.role)
    return list(session.scalars(stmt.order_by(model.position, model.id)))


def _next_position(session: Session, model: type, project_id: int, role: str | None) -> int:
    stmt = select(func.max(model.position)).where(model.project_id == project_id)
    if role is not None:
        stmt = stmt.where(ProjectPerson.role == role)
    highest = session.scalar(stmt)
    return 0 if highest is None else highest + 1


def _check_date_free(session: Session, project_id: int, day: date, row=None) -> None:
    stmt = select(PlannedCheckIn.id).where(PlannedCheckIn.project_id == project_id,
                                           PlannedCheckIn.planned_on == day)
    if row is not None:
        stmt = stmt.where(PlannedCheckIn.id != row.id)
    if session.scalar(stmt) is not None:
        raise OrganisationRefused("planned_on", N_("A check-in is already planned on %(date)s."),
                                  date=day.isoformat())


def add_row(session: Session, project: Project, part: str, values: dict[str, Any]):
    """Add a row to ``part`` (people, reporting, check_ins, communication) at the end."""
    spec = PARTS[part]
    cleaned = _clean(spec, values)
    if part == "check_ins":
        _check_date_free(session, project.id, cleaned["planned_on"])
    row = spec.model(project_id=project.id, **cleaned)
    if spec.ordered:
        row.position = _next_position(session, spec.model, project.id, cleaned.get("role"))
    session.add(row)
    session.flush()
    return row


def update_row(session: Session, row, values: dict[str, Any]) -> None:
    """Change a row; a person who changes role goes to the end of the new role."""
    spec = PART_OF_MODEL[type(row)]
    cleaned = _clean(spec, values)
    if spec.key == "check_ins":
        _check_date_free(session, row.project_id, cleaned["planned_on"], row)
    old_role = getattr(row, "role", None)
    if spec.key == "people" and cleaned["role"] != old_role:
        row.position = _next_position(session, ProjectPerson, row.project_id, cleaned["role"])
    for name, value in cleaned.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    session.flush()


def delete_row(session: Session, row) -> None:
    session.delete(row)
    session.flush()


def move_row(session: Session, row, offset: int) -> bool:
    """Move the row up (-1) or down (+1) among its siblings; return whether it moved."""
    same = _siblings(session, row)
    index = same.index(row)
    other = index + offset
    if not 0 <= other < len(same):
        return False
    same[index], same[other] = same[other], same[index]
    for position, item in enumerate(same):
        if item.position != position:
            item.position = position
    session.flush()
    return True


def add_record_person(session: Session, project: Project, role: str) -> ProjectPerson:
    """List the owner or leader named on the initiative's record as a person in that role."""
    user = {"owner": project.owner, "leader": project.leader}.get(role)
    if user is None:
        raise OrganisationRefused("role", N_("The initiative's record names no one in this "
                                             "role."))
    if all(r != role for r, _user in record_people_missing(session, project)):
        raise OrganisationRefused("role", N_("%(name)s is already listed in this role."),
                                  name=user.name)
    return add_row(session, project, "people", {"role": role, "name": user.name})


def save_plan(session: Session, project: Project, **fields: Any) -> ReportingPlan:
    """Create or change the reporting plan: escalation, other_resources, check_in_months."""
    unknown = set(fields) - {"escalation", "other_resources", "check_in_months"}
    if unknown:
        raise ValueError(f"unknown fields for the reporting plan: {sorted(unknown)}")
    for name in ("escalation", "other_resources"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
            if len(fields[name]) > MAX_TEXT:
                raise OrganisationRefused(name, N_("At most %(max)d characters."), max=MAX_TEXT)
    months = fields.get("check_in_months")
    if months is not None and not (
        gv.MIN_CHECK_IN_MONTHS <= months <= gv.MAX_CHECK_IN_MONTHS
    ):
        raise OrganisationRefused(
            "check_in_months", N_("Enter a number of months from %(min)d to %(max)d."),
            min=gv.MIN_CHECK_IN_MONTHS, max=gv.MAX_CHECK_IN_MONTHS,
        )
    plan = reporting_plan(session, project)
    if plan is None:
        plan = ReportingPlan(project_id=project.id, escalation="", other_resources="")
        session.add(plan)
    for name, value in fields.items():
        if getattr(plan, name) != value:
            setattr(plan, name, value)
    session.flush()
    return plan


def generate_check_ins(session: Session, project: Project, *, topic: str = ""
                       ) -> list[PlannedCheckIn]:
    """Plan a check-in every N months (the plan's interval) from the start to the end.

    Dates already on the schedule are not added again. Refused without an interval or without
    the initiative's start and end dates.
    """
    plan = reporting_plan(session, project)
    months = plan.check_in_months if plan is not None else None
    if months is None:
        raise OrganisationRefused("check_in_months", N_("Say how often the check-ins are held "
                                                        "before generating the schedule."))
    if project.start is None or project.end is None:
        raise OrganisationRefused("", N_("The initiative needs a start and an end date to "
                                         "generate the schedule. Enter them under Edit."))
    existing = [c.planned_on for c in check_ins(session, project)]
    try:
        days = gv.check_in_dates(project.start, project.end, months, existing)
    except ValueError as exc:
        raise OrganisationRefused("", N_("The initiative's end date is before its start "
                                         "date.")) from exc
    added = [PlannedCheckIn(project_id=project.id, planned_on=day, topic=topic.strip())
             for day in days]
    session.add_all(added)
    session.flush()
    return added


# --- the checklist ------------------------------------------------------------------------------


def governance(session: Session, project: Project) -> gv.Governance:
    """Read what the checklist needs in one query (the counts, and one row per person)."""
    pid = project.id

    def count(model, *criteria):
        return (select(func.count()).select_from(model)
                .where(model.project_id == pid, *criteria).scalar_subquery())

    totals = select(
        count(ReportingItem).label("reporting"),
        count(CommunicationItem).label("communication"),
        count(PlannedCheckIn).label("check_ins"),
        count(ReportingPlan, ReportingPlan.escalation != "").label("escalation"),
        select(ReportingPlan.check_in_months).where(ReportingPlan.project_id == pid)
        .scalar_subquery().label("months"),
    ).subquery()
    rows = session.execute(
        select(totals, ProjectPerson.role, ProjectPerson.affiliation)
        .select_from(totals)
        .outerjoin(ProjectPerson, ProjectPerson.project_id == pid)
    ).all()
    first = rows[0]
    return gv.Governance(
        people=tuple((r.role, r.affiliation or "") for r in rows if r.role is not None),
        owner_on_record=project.owner_id is not None,
        leader_on_record=project.leader_id is not None,
        reporting_items=first.reporting,
        has_escalation=first.escalation > 0,
        check_in_months=first.months,
        check_ins=first.check_ins,
        communication_items=first.communication,
    )


def organisation_checklist_facts(project: Project) -> dict[str, bool]:
    """The checklist items derived from the organisation page (rules: models.domain.governance).

    ``design.groups``, ``design.routines``, ``follow_up.roles`` and ``follow_up.check_ins``. A
    project outside a session, or not stored yet, has recorded nothing but its owner and leader.
    """
    session = object_session(project)
    if session is None or project.id is None:
        return gv.checklist_facts(gv.Governance(
            owner_on_record=project.owner_id is not None,
            leader_on_record=project.leader_id is not None,
        ))
    if design_facts_loaded(project):
        plan = project.reporting_plan
        return gv.checklist_facts(gv.Governance(
            people=tuple((p.role, p.affiliation or "") for p in project.people),
            owner_on_record=project.owner_id is not None,
            leader_on_record=project.leader_id is not None,
            reporting_items=len(project.reporting_items),
            has_escalation=plan is not None and plan.escalation != "",
            check_in_months=plan.check_in_months if plan is not None else None,
            check_ins=len(project.planned_check_ins),
            communication_items=len(project.communication_items),
        ))
    return gv.checklist_facts(governance(session, project))
