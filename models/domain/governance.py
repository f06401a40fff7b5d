"""An initiative's governance (guide, sections 5 and 6): the roles, the check-in schedule and the
checklist items that are read from the organisation and reporting plan.

The checklist rules:

- ``design.groups`` (*en tvärsektoriell arbetsgrupp och styrgrupp har etablerats*): at least one
  person in the steering group, and a working group — the people in the working group and the
  project team together — drawn from at least two different affiliations (departments, units or
  outside organisations; compared without regard to case and spacing). One affiliation is not
  cross-sector, however many people it sends.
- ``design.routines`` (*rutiner för styrning och kommunikation, inklusive rapportering*): at least
  one reported activity, a description of who raises unexpected obstacles to whom and when, a
  check-in schedule (see below) and at least one item in the communication plan.
- ``follow_up.roles`` (*roller och ansvarsfördelning mellan styrgrupp, projektägare,
  projektledare och projektteamet*): a project owner and a project leader are named (in the
  organisation or on the initiative's record), at least one person sits in the steering group and
  at least one in the project team (the deputy project leader belongs to the team).
- ``follow_up.check_ins`` (*kontinuerliga avstämningar … är planerade*): a check-in schedule — how
  often the decision makers are informed (in months) and at least one check-in on the calendar.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from models.domain import N_

#: The roles in the order the page lists them (the same values as the database's check).
PERSON_ROLES = ("owner", "steering", "leader", "deputy_leader", "team", "working_group")

ROLE_LABELS = {
    "owner": N_("Project owner"),
    "steering": N_("Steering group"),
    "leader": N_("Project leader"),
    "deputy_leader": N_("Deputy project leader"),
    "team": N_("Project team"),
    "working_group": N_("Cross-sector working group"),
}

#: Roles whose people make up the working group when judging whether it is cross-sector.
WORKING_ROLES = ("working_group", "team")
#: Roles that count as the project team.
TEAM_ROLES = ("team", "deputy_leader")

MIN_CHECK_IN_MONTHS = 1
MAX_CHECK_IN_MONTHS = 12
#: The guide: decision makers informed "every or at least every other month".
RECOMMENDED_CHECK_IN_MONTHS = 2
#: The most check-ins one generation adds (a ten-year initiative checked in monthly).
MAX_GENERATED = 120


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved ``months`` calendar months; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_in_dates(start: date, end: date, every_months: int,
                   existing: Iterable[date] = ()) -> list[date]:
    """Return the check-ins every ``every_months`` months after ``start`` up to ``end``.

    Dates are counted from the start each time (start + k × months, k = 1, 2, …), so a start on
    the 31st gives the last day of shorter months without drifting. Dates in ``existing`` are
    left out. ``ValueError`` when the interval is out of range or the end is before the start.
    """
    if not MIN_CHECK_IN_MONTHS <= every_months <= MAX_CHECK_IN_MONTHS:
        raise ValueError(f"every_months must be {MIN_CHECK_IN_MONTHS}–{MAX_CHECK_IN_MONTHS}")
    if end < start:
        raise ValueError("the end is before the start")
    taken = set(existing)
    result = []
    k = 1
    while len(result) < MAX_GENERATED:
        day = add_months(start, k * every_months)
        if day > end:
            break
        if day not in taken:
            result.append(day)
        k += 1
    return result


def normalise(text: str) -> str:
    """Text compared without regard to case and spacing (affiliations, names)."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Governance:
    """What the organisation page records about one initiative, for the checklist."""

    #: (role, affiliation) per person.
    people: tuple[tuple[str, str], ...] = ()
    owner_on_record: bool = False
    leader_on_record: bool = False
    reporting_items: int = 0
    #: Whether the plan says who raises unexpected obstacles to whom, and when.
    has_escalation: bool = False
    check_in_months: int | None = None
    check_ins: int = 0
    communication_items: int = 0

    def count(self, *roles: str) -> int:
        return sum(1 for role, _affiliation in self.people if role in roles)


def working_group_affiliations(g: Governance) -> set[str]:
    """The distinct affiliations of the working group and the project team."""
    return {normalise(affiliation) for role, affiliation in g.people
            if role in WORKING_ROLES and affiliation.strip()}


def groups_established(g: Governance) -> bool:
    return g.count("steering") >= 1 and len(working_group_affiliations(g)) >= 2


def has_schedule(g: Governance) -> bool:
    return g.check_in_months is not None and g.check_ins >= 1


def routines_established(g: Governance) -> bool:
    return (g.reporting_items >= 1 and g.has_escalation and has_schedule(g)
            and g.communication_items >= 1)


def roles_clarified(g: Governance) -> bool:
    return ((g.owner_on_record or g.count("owner") >= 1)
            and (g.leader_on_record or g.count("leader") >= 1)
            and g.count("steering") >= 1 and g.count(*TEAM_ROLES) >= 1)


Gap = tuple[str, dict[str, int]]


def gaps(g: Governance) -> dict[str, list[Gap]]:
    """What is still missing for each derived item, as (msgid, params); empty when done."""
    steering = [] if g.count("steering") else [(N_("No one sits in the steering group yet."), {})]
    affiliations = len(working_group_affiliations(g))
    schedule = []
    if g.check_in_months is None:
        schedule.append((N_("How often the check-ins are held is not set."), {}))
    if g.check_ins < 1:
        schedule.append((N_("No check-in is on the schedule."), {}))
    groups = list(steering)
    if affiliations < 2:
        groups.append((N_("The working group and the project team come from %(num)d "
                          "affiliations; at least two are needed."), {"num": affiliations}))
    routines = []
    if g.reporting_items < 1:
        routines.append((N_("No reported activity yet."), {}))
    if not g.has_escalation:
        routines.append((N_("Who raises unexpected obstacles, to whom and when is not "
                            "described."), {}))
    routines += schedule
    if g.communication_items < 1:
        routines.append((N_("The communication plan is empty."), {}))
    roles = []
    if not (g.owner_on_record or g.count("owner")):
        roles.append((N_("No project owner is named."), {}))
    if not (g.leader_on_record or g.count("leader")):
        roles.append((N_("No project leader is named."), {}))
    roles += steering
    if not g.count(*TEAM_ROLES):
        roles.append((N_("No one is in the project team yet."), {}))
    return {"design.groups": groups, "design.routines": routines, "follow_up.roles": roles,
            "follow_up.check_ins": schedule}


def checklist_facts(g: Governance) -> dict[str, bool]:
    """The checklist items the organisation page derives (see the module's docstring)."""
    return {
        "design.groups": groups_established(g),
        "design.routines": routines_established(g),
        "follow_up.roles": roles_clarified(g),
        "follow_up.check_ins": has_schedule(g),
    }
