"""The organisation's checklist rules and the check-in schedule (models.domain.governance)."""

from __future__ import annotations

from datetime import date

import pytest

from models.domain import governance as gv
from models.domain.checklist import ITEMS_BY_CODE, ProjectFacts, evaluate_checklist

COMPLETE = gv.Governance(
    people=(("owner", "VOF"), ("steering", "Regionen"), ("leader", "VOF"),
            ("deputy_leader", "VOF"), ("team", "Hemsjukvården"),
            ("working_group", "Regionen, primärvården")),
    reporting_items=1, has_escalation=True, check_in_months=2, check_ins=3,
    communication_items=1,
)


def test_the_roles_are_those_of_the_schema():
    from models.design import PERSON_ROLES

    assert gv.PERSON_ROLES == PERSON_ROLES
    assert set(gv.ROLE_LABELS) == set(PERSON_ROLES)


def test_months_are_added_without_passing_the_end_of_a_month():
    assert gv.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert gv.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert gv.add_months(date(2025, 11, 15), 2) == date(2026, 1, 15)
    assert gv.add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)


def test_check_ins_are_counted_from_the_start_and_do_not_drift():
    # From the 31st every other month: the last day of the shorter months, back to the 31st.
    assert gv.check_in_dates(date(2025, 1, 31), date(2025, 9, 30), 2) == [
        date(2025, 3, 31), date(2025, 5, 31), date(2025, 7, 31), date(2025, 9, 30)]
    assert gv.check_in_dates(date(2025, 8, 31), date(2026, 1, 1), 1) == [
        date(2025, 9, 30), date(2025, 10, 31), date(2025, 11, 30), date(2025, 12, 31)]


def test_the_end_date_is_included_and_existing_dates_are_left_out():
    start, end = date(2025, 1, 1), date(2025, 7, 1)
    assert gv.check_in_dates(start, end, 3) == [date(2025, 4, 1), date(2025, 7, 1)]
    assert gv.check_in_dates(start, end, 3, [date(2025, 4, 1)]) == [date(2025, 7, 1)]
    assert gv.check_in_dates(start, date(2025, 3, 31), 3) == []
    assert gv.check_in_dates(start, start, 1) == []


def test_the_interval_and_period_are_checked():
    with pytest.raises(ValueError):
        gv.check_in_dates(date(2025, 1, 1), date(2026, 1, 1), 0)
    with pytest.raises(ValueError):
        gv.check_in_dates(date(2025, 1, 1), date(2026, 1, 1), 13)
    with pytest.raises(ValueError):
        gv.check_in_dates(date(2026, 1, 1), date(2025, 1, 1), 1)
    # A very long initiative checked in monthly stops at the cap.
    assert len(gv.check_in_dates(date(2000, 1, 1), date(2099, 1, 1), 1)) == gv.MAX_GENERATED


def test_a_complete_organisation_meets_every_item():
    assert gv.checklist_facts(COMPLETE) == {
        "design.groups": True, "design.routines": True, "follow_up.roles": True,
        "follow_up.check_ins": True}
    assert all(not missing for missing in gv.gaps(COMPLETE).values())


def _without(g: gv.Governance, **changes) -> gv.Governance:
    from dataclasses import replace

    return replace(g, **changes)


def test_the_groups_need_a_steering_group_and_two_affiliations_in_the_working_group():
    one_affiliation = _without(COMPLETE, people=(
        ("steering", "Regionen"), ("team", "Hemsjukvården"), ("working_group", " hemsjukvården"),
        ("working_group", ""), ("owner", "Kultur")))
    # Case and spacing do not make another affiliation; the owner's does not count.
    assert gv.working_group_affiliations(one_affiliation) == {"hemsjukvården"}
    assert not gv.groups_established(one_affiliation)
    assert gv.gaps(one_affiliation)["design.groups"] == [
        ("The working group and the project team come from %(num)d affiliations; at least two "
         "are needed.", {"num": 1})]
    no_steering = _without(COMPLETE, people=tuple(p for p in COMPLETE.people
                                                  if p[0] != "steering"))
    assert not gv.groups_established(no_steering)
    assert [m for m, _p in gv.gaps(no_steering)["design.groups"]] == [
        "No one sits in the steering group yet."]
    team_only = _without(COMPLETE, people=(("steering", "A"), ("team", "B"), ("team", "C")))
    assert gv.groups_established(team_only)


@pytest.mark.parametrize("change", [
    {"reporting_items": 0}, {"has_escalation": False}, {"check_in_months": None},
    {"check_ins": 0}, {"communication_items": 0},
])
def test_the_routines_need_every_part(change):
    g = _without(COMPLETE, **change)
    assert not gv.routines_established(g)
    assert len(gv.gaps(g)["design.routines"]) == 1


def test_the_roles_take_owner_and_leader_from_the_record_or_the_people():
    people = (("steering", "A"), ("team", "B"))
    assert gv.roles_clarified(gv.Governance(people=people, owner_on_record=True,
                                            leader_on_record=True))
    assert gv.roles_clarified(gv.Governance(people=(*people, ("owner", ""), ("leader", ""))))
    no_leader = gv.Governance(people=people, owner_on_record=True)
    assert not gv.roles_clarified(no_leader)
    assert [m for m, _p in gv.gaps(no_leader)["follow_up.roles"]] == [
        "No project leader is named."]
    # The deputy project leader belongs to the team.
    assert gv.roles_clarified(gv.Governance(people=(("steering", "A"), ("deputy_leader", "B")),
                                            owner_on_record=True, leader_on_record=True))
    assert not gv.roles_clarified(gv.Governance(people=(("steering", "A"),),
                                                owner_on_record=True, leader_on_record=True))


def test_check_ins_need_an_interval_and_a_date():
    assert not gv.has_schedule(_without(COMPLETE, check_in_months=None))
    assert not gv.has_schedule(_without(COMPLETE, check_ins=0))
    assert len(gv.gaps(gv.Governance())["follow_up.check_ins"]) == 2


def test_the_organisation_items_are_derived_and_unknown_without_their_facts():
    for code in ("design.groups", "design.routines", "follow_up.roles", "follow_up.check_ins"):
        assert ITEMS_BY_CODE[code].derived
    # Without the organisation's facts the items are not assessed, even if once confirmed.
    statuses = {s.item.code: s for s in evaluate_checklist(ProjectFacts(), {"design.groups"})}
    assert statuses["design.groups"].done is None
    assert not statuses["design.groups"].confirmed
    facts = ProjectFacts(derived=gv.checklist_facts(COMPLETE))
    statuses = {s.item.code: s.done for s in evaluate_checklist(facts, set())}
    assert statuses["design.groups"] is True and statuses["follow_up.check_ins"] is True
