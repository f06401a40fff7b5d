"""The implementation plan's rules: financing that adds up, phases within the time frame, the
plan against the pilot (the guide's home-visits example), the follow-up date, and the checklist
items the plan and the evaluation derive."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from models.domain import implementation as im
from models.domain.checklist import (
    ITEMS,
    ITEMS_BY_CODE,
    ProjectFacts,
    components_reported,
    evaluate_checklist,
    results_reported,
)

#: The guide's appendix B: home visits scaled up to two teams, 3.5 MSEK a year, an expected
#: 20 % better WHO-5 and 9 MSEK lower costs, followed up after 18 months.
HOME_VISITS = im.Plan(
    annual_cost=D("3500000"), annual_saving=D("9000000"),
    expected_effect="20 % bättre välmående enligt WHO-5", rollout=im.PHASED,
    starts_on=date(2025, 9, 1), ends_on=date(2026, 12, 31), financing_kind="within_frames",
    replaces="Uppsökande verksamhet efter larm", ownership="Vård- och omsorgsnämnden",
    delivery="Två hembesöksteam", organisation="Förebyggande enheten",
    new_context="Hela kommunen", obstacles="Rekrytering", follow_up_date=date(2027, 6, 30))
PHASES = (
    im.Phase("Team 1", date(2025, 9, 1), date(2026, 2, 28), D("0.5")),
    im.Phase("Team 2", date(2026, 3, 1), date(2026, 12, 31), D("1")),
)
PILOT = im.Pilot(annual_cost=D("3400000"), annual_benefit=D("8500000"),
                 return_per_krona=D("2.30"))


def _by_code(findings) -> dict[str, im.Finding]:
    return {f.code: f for f in findings}


def _codes(findings, status: str) -> set[str]:
    return {f.code for f in findings if f.status == status}


def test_the_home_visits_plan_is_consistent_and_saves_2_57_kronor_per_krona():
    findings = im.check_plan(HOME_VISITS, PHASES, [D("0.7"), D("0.3")], pilot=PILOT)
    assert _codes(findings, im.PROBLEM) == set() and _codes(findings, im.WARNING) == set()
    assert _codes(findings, im.OPEN) == set()
    found = _by_code(findings)
    assert found["saving_per_krona"].params == {"ratio": (im.RATIO, D("2.57")),
                                                "pilot": (im.RATIO, D("2.30"))}
    assert found["cost_vs_pilot"].status == im.OK
    assert found["cost_vs_pilot"].params == {"plan": (im.MONEY, D("3500000")),
                                             "pilot": (im.MONEY, D("3400000"))}
    assert found["follow_up"].params["end"] == (im.DATE, date(2026, 12, 31))
    assert im.saving_per_krona(D("3500000"), D("9000000")) == D("2.57")
    assert im.worst(findings) == im.OK


def test_a_cost_far_from_the_pilot_is_pointed_out_with_the_difference():
    plan = replace(HOME_VISITS, annual_cost=D("5100000"), annual_saving=D("4000000"))
    found = _by_code(im.check_plan(plan, PHASES, [D("1")], pilot=PILOT))
    assert found["cost_vs_pilot"].status == im.WARNING
    assert "above the pilot" in found["cost_vs_pilot"].msgid
    assert found["cost_vs_pilot"].params["difference"] == (im.SHARE, D("0.5000"))
    assert found["saving_vs_pilot"].status == im.WARNING
    assert "below the pilot" in found["saving_vs_pilot"].msgid
    assert found["saving_vs_pilot"].params["difference"] == (im.SHARE, D("0.5294"))
    # 4 000 000 / 5 100 000 = 0.78: the method costs more than it saves.
    assert found["saving_per_krona"].status == im.WARNING
    assert found["saving_per_krona"].params["ratio"] == (im.RATIO, D("0.78"))


def test_exactly_a_quarter_from_the_pilot_is_still_close():
    assert im.relative_difference(D("4250000"), D("3400000")) == im.PILOT_TOLERANCE
    plan = replace(HOME_VISITS, annual_cost=D("4250000"))
    assert _by_code(im.check_plan(plan, PHASES, [D("1")], pilot=PILOT))["cost_vs_pilot"].status \
        == im.OK


def test_without_a_pilot_estimate_the_reason_is_given():
    found = _by_code(im.check_plan(HOME_VISITS, PHASES, [D("1")], pilot=None,
                                   pilot_reason="Not defined: no pilot."))
    assert found["pilot"].status == im.OPEN
    assert found["pilot"].params == {"reason": (im.MSGID, "Not defined: no pilot.")}
    assert "cost_vs_pilot" not in found
    assert found["saving_per_krona"].params == {"ratio": (im.RATIO, D("2.57"))}


def test_financing_must_add_up_to_exactly_100_per_cent():
    found = _by_code(im.check_plan(HOME_VISITS, PHASES, [D("0.6"), D("0.3")]))
    assert found["financing"].status == im.PROBLEM
    assert found["financing"].params == {"total": (im.SHARE, D("0.9")),
                                         "missing": (im.SHARE, D("0.1"))}
    assert _by_code(im.check_plan(HOME_VISITS, PHASES, [D("0.6"), D("0.5")])
                    )["financing"].status == im.PROBLEM
    assert _by_code(im.check_plan(HOME_VISITS, PHASES, []))["financing"].status == im.OPEN
    assert im.missing_share([D("0.6"), D("0.3")]) == D("0.1")
    assert im.missing_share([D("0.6"), D("0.5")]) == 0
    assert im.room_for([D("0.6"), D("0.3")]) == D("0.1")
    assert _by_code(im.check_plan(replace(HOME_VISITS, financing_kind=None), PHASES,
                                  [D("1")]))["financing_kind"].status == im.OPEN


def test_phases_outside_the_time_frame_out_of_order_or_shrinking_are_problems():
    outside = (PHASES[0], replace(PHASES[1], ends_on=date(2027, 3, 31)))
    found = _by_code(im.check_plan(HOME_VISITS, outside, [D("1")]))
    assert found["phase_outside"].status == im.PROBLEM
    assert found["phase_outside"].params["phase"] == (im.TEXT, "Team 2")
    assert "phases" not in found

    swapped = (PHASES[1], PHASES[0])
    codes = _codes(im.check_plan(HOME_VISITS, swapped, [D("1")]), im.PROBLEM)
    assert {"phase_order", "coverage_falls"} <= codes

    inside = (im.Phase("Hela", date(2025, 9, 1), date(2026, 12, 31), D("0.5")),
              im.Phase("Del", date(2026, 1, 1), date(2026, 6, 30), D("1")))
    assert "phase_inside" in _codes(im.check_plan(HOME_VISITS, inside, [D("1")]), im.PROBLEM)

    # Phases that overlap a little at the seam are fine.
    seam = (PHASES[0], replace(PHASES[1], starts_on=date(2026, 2, 1)))
    assert _codes(im.check_plan(HOME_VISITS, seam, [D("1")]), im.PROBLEM) == set()


def test_the_last_phase_should_reach_the_whole_target_group():
    short = (PHASES[0], replace(PHASES[1], coverage=D("0.8")))
    found = _by_code(im.check_plan(HOME_VISITS, short, [D("1")]))
    assert found["coverage_short"].status == im.WARNING
    assert found["coverage_short"].params == {"coverage": (im.SHARE, D("0.8"))}
    missing = (PHASES[0], replace(PHASES[1], coverage=None))
    assert "phase_coverage" in _codes(im.check_plan(HOME_VISITS, missing, [D("1")]), im.WARNING)


def test_a_phased_rollout_needs_phases_and_all_at_once_needs_none():
    assert _by_code(im.check_plan(HOME_VISITS, (), [D("1")]))["phases"].status == im.PROBLEM
    at_once = replace(HOME_VISITS, rollout=im.ALL_AT_ONCE)
    found = _by_code(im.check_plan(at_once, PHASES, [D("1")]))
    assert found["phases_all_at_once"].params == {"n": (im.COUNT, 2)}
    assert "phases" not in _by_code(im.check_plan(at_once, (), [D("1")]))


def test_the_follow_up_comes_after_the_rollout_ends():
    early = replace(HOME_VISITS, follow_up_date=date(2026, 12, 31))
    assert _by_code(im.check_plan(early, PHASES, [D("1")]))["follow_up"].status == im.PROBLEM
    # Without an end of its own, the plan's rollout ends with its last phase.
    no_end = replace(HOME_VISITS, ends_on=None, follow_up_date=date(2026, 12, 1))
    found = _by_code(im.check_plan(no_end, PHASES, [D("1")]))
    assert found["follow_up"].status == im.PROBLEM
    assert found["time_frame"].status == im.OPEN
    assert _by_code(im.check_plan(replace(HOME_VISITS, follow_up_date=None), PHASES,
                                  [D("1")]))["follow_up"].status == im.OPEN
    assert im.rollout_end(no_end, ()) is None


def test_the_follow_up_date_suggested_is_18_months_after_the_project():
    assert im.suggested_follow_up(None, date(2025, 2, 28)) == date(2026, 8, 28)
    assert im.suggested_follow_up(None, date(2025, 8, 31)) == date(2027, 2, 28)
    # From the rollout's start when the plan has one (the home-visits plan: 2025-09-01).
    assert im.suggested_follow_up(date(2025, 9, 1), date(2025, 2, 28)) == date(2027, 3, 1)
    assert im.suggested_follow_up(None, None) is None
    assert im.add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)
    assert im.follow_up_open(date(2027, 6, 30), date(2027, 6, 30))
    assert not im.follow_up_open(date(2027, 6, 30), date(2027, 6, 29))
    assert not im.follow_up_open(None, date(2027, 6, 29))


def test_what_the_method_replaces_must_be_said():
    found = _by_code(im.check_plan(replace(HOME_VISITS, replaces=" "), PHASES, [D("1")]))
    assert found["replaces"].status == im.OPEN


# --- The checklist ----------------------------------------------------------------------------


def _recorded(**changes) -> im.Recorded:
    values = dict(plan=HOME_VISITS, shares=(D("0.7"), D("0.3")),
                  follow_ups=(im.FollowUp(date(2027, 7, 15), D("0.2")),))
    values.update(changes)
    return im.Recorded(**values)


def test_a_complete_plan_derives_every_item_it_shows():
    assert im.checklist_facts(_recorded()) == dict.fromkeys(im.CHECKLIST_CODES, True)
    gaps = im.checklist_gaps(im.Recorded())
    assert all(gaps[code] == ["There is no implementation plan yet."]
               for code in im.CHECKLIST_CODES)


def test_each_item_names_what_it_lacks():
    gaps = im.checklist_gaps(_recorded(
        plan=replace(HOME_VISITS, delivery="", obstacles="", expected_effect="",
                     annual_cost=None),
        shares=(D("0.7"),)))
    assert gaps["scale_up.responsibility"] == [
        "The financing shares do not add up to 100 per cent.",
        "Who delivers the method is not described."]
    assert gaps["evaluation.implementation_plan"] == [
        "The full-scale annual cost is not given.",
        "The financing shares do not add up to 100 per cent."]
    assert gaps["scale_up.goals"] == ["The expected effect is not described."]
    assert gaps["scale_up.context"] == ["The plan for obstacles is not described."]
    assert gaps["scale_up.follow_up"] == []


def test_results_after_implementation_count_from_the_follow_up_date():
    before = _recorded(follow_ups=(im.FollowUp(date(2027, 6, 29), D("0.2")),))
    assert im.checklist_facts(before)["scale_up.follow_up"] is False
    empty = _recorded(follow_ups=(im.FollowUp(date(2027, 7, 1), None),))
    assert im.checklist_facts(empty)["scale_up.follow_up"] is False
    undated = _recorded(plan=replace(HOME_VISITS, follow_up_date=None))
    assert im.checklist_gaps(undated)["scale_up.follow_up"] == ["There is no follow-up date."]


def test_outcomes_are_reported_against_the_comparison_for_every_success_criterion():
    assert results_reported({"i2", "i3"}, {"i2", "i3", "i4"})
    assert not results_reported({"i2", "i3"}, {"i2"})
    assert results_reported(set(), {"i2"})
    assert not results_reported(set(), set())


def test_components_are_reported_with_their_causes():
    assert components_reported([("decisive", "Hembesöket"), ("superfluous", "Gym")])
    assert not components_reported([("decisive", "Hembesöket"), ("counterproductive", " ")])
    assert not components_reported([("undetermined", "")])
    assert components_reported([("decisive", "Hembesöket"), ("undetermined", "")])
    assert not components_reported([])


def test_only_what_the_data_cannot_show_is_confirmed_by_hand():
    confirmed = {item.code for item in ITEMS if not item.derived}
    assert confirmed == {"needs.anchored", "strategic.information", "follow_up.channels",
                         "evaluation.long_term", "evaluation.communication",
                         "scale_up.prerequisites"}
    for code in ("scale_up.responsibility", "scale_up.context"):
        assert ITEMS_BY_CODE[code].derived
    facts = ProjectFacts(derived=im.checklist_facts(_recorded()))
    statuses = {s.item.code: s.done for s in evaluate_checklist(facts, {"scale_up.context"})}
    assert all(statuses[code] is True for code in im.CHECKLIST_CODES)
    # A confirmation of an item the data now decide is ignored.
    statuses = {s.item.code: s for s in evaluate_checklist(ProjectFacts(),
                                                           {"scale_up.responsibility"})}
    assert statuses["scale_up.responsibility"].done is None
    assert not statuses["scale_up.responsibility"].confirmed
