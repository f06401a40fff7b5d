"""Validation of a project's results, implementation plan, follow-up and evaluation in satsa/1,
without a database: each bad value named by its JSON path."""

from __future__ import annotations

import pytest

from models.exchange import validate_document


def document(**project) -> dict:
    """A document of one project whose logic model has an activity (a1) with a process
    indicator (i1), an outcome (s1) with an outcome indicator (i2, in no unit) and a goal (g1)
    with an outcome indicator in per cent (i3), and a planned check-in."""
    return {
        "format": "satsa/1",
        "organisation": {"name": "", "departments": [{"key": "soc", "name": "Soc"}]},
        "funds": [], "criteria": [],
        "projects": [{
            "key": "p", "title": "P",
            "logic_model": {"elements": [
                {"key": "a1", "level": "activity", "text": "Träning",
                 "indicators": [{"key": "i1", "name": "Tillfällen", "kind": "process"}]},
                {"key": "s1", "level": "short_term", "text": "Bättre balans",
                 "indicators": [{"key": "i2", "name": "Balans"}]},
                {"key": "g1", "level": "long_term", "text": "Färre fall",
                 "indicators": [{"key": "i3", "name": "Andel som faller", "unit": "percent"}]},
            ]},
            "organisation": {"check_ins": [{"planned_on": "2025-05-01"}]},
            **project,
        }],
    }


def errors(doc: dict) -> list[tuple[str, str]]:
    return [(e.path.removeprefix("projects[0]."), e.text) for e in validate_document(doc)]


def test_a_full_follow_up_with_every_default_left_out_is_valid():
    doc = document(
        results=[{"indicator": "i2", "intervention_change": "-0.30"}],
        implementation_plan={"phases": [{"name": "Fas 1"}],
                             "financing": [{"actor": "soc", "share": "0.6"},
                                           {"actor": "region", "share": "0.4"}],
                             "follow_ups": [{"indicator": "i2", "after_change": "-0.2",
                                             "measured_on": "2029-06-30"}]},
        follow_up={"reporting": [{"indicator": "i1"}],
                   "values": [{"indicator": "i1", "period": "2025-04-01", "actual": "7"},
                              {"indicator": "i1", "period": "2025-04-01", "planned": "4",
                               "dimension": "veckodag", "category": "tisdag"}],
                   "participants": [{"period": "2025-04-01"}],
                   "drop_outs": [{"left_on": "2025-04-20"}],
                   "resource_use": [{"activity": "a1", "period": "2025-04-01",
                                     "competence": "Fysioterapeut", "planned_hours": "4"}],
                   "check_ins": [{"held_on": "2025-05-02", "planned": "2025-05-01",
                                  "decisions": [{"decision": "stop", "drop_out": 0,
                                                 "action": "Avsluta"}]}]},
        evaluation={"stakeholders": [{"name": "Personal"}],
                    "components": [{"name": "Träning", "element": "a1"}],
                    "judged_success": None},
    )
    assert errors(doc) == []


def test_shares_summing_to_exactly_one_pass_and_a_bad_share_is_not_summed_again():
    plan = {"financing": [{"actor": "soc", "share": "0.3333"}, {"actor": "region",
                                                                "share": "0.6667"}]}
    assert errors(document(implementation_plan=plan)) == []
    plan["financing"][1]["share"] = "0"
    assert errors(document(implementation_plan=plan)) == [
        ("implementation_plan.financing[1].share",
         'must be a fraction greater than 0 and at most 1 ("0.6" is 60 per cent)')]


def test_an_actor_finances_a_plan_once():
    plan = {"financing": [{"actor": "soc", "share": "0.3"}, {"actor": "soc", "share": "0.3"}]}
    assert errors(document(implementation_plan=plan)) == [
        ("implementation_plan.financing[1].actor",
         "'soc' is listed twice (also at projects[0].implementation_plan.financing[0].actor)")]


@pytest.mark.parametrize(("result", "expected"), [
    # Relative: (14 − 20) / 20 = −0.30.
    ({"intervention_before": "20", "intervention_after": "14",
      "intervention_change": "-0.30"}, []),
    # Within the rounding of four decimals: (2 − 3) / 3 = −0.3333….
    ({"intervention_before": "3", "intervention_after": "2",
      "intervention_change": "-0.3333"}, []),
    ({"intervention_before": "3", "intervention_after": "2",
      "intervention_change": "-0.3335"},
     [("results[0].intervention_change", "must be the change the levels give (-0.3333)")]),
    ({"intervention_before": "0", "intervention_after": "2",
      "intervention_change": "0.2"},
     [("results[0].intervention_before",
       "is 0: a relative change from 0 is not defined (use change_kind absolute, or give the "
       "changes without levels)")]),
    ({"intervention_before": "0", "intervention_after": "2", "intervention_change": "2",
      "change_kind": "absolute"}, []),
    ({"intervention_before": "20", "intervention_after": "14", "intervention_change": "-0.3",
      "comparison_before": "20", "comparison_after": "18", "comparison_change": "-0.12"},
     [("results[0].comparison_change", "must be the change the levels give (-0.10)")]),
    ({"intervention_before": "20", "intervention_after": "14", "intervention_change": "-0.3",
      "comparison_change": "-0.12"},
     [("results[0].comparison_change", "must be null: the comparison group has no levels")]),
    ({"comparison_before": "20", "comparison_after": "18", "intervention_change": "-0.3"},
     [("results[0].comparison_before",
       "the comparison group's levels need the intervention group's levels")]),
    ({"intervention_after": "14", "intervention_change": "-0.3"},
     [("results[0].intervention_before", "is required with intervention_after")]),
    ({"intervention_change": "12"}, [("results[0].intervention_change",
                                      "must be between -10 and 10")]),
    ({"intervention_change": "0.1", "goal": "0"},
     [("results[0].goal", "must not be 0: negative for a decrease, positive for an increase")]),
])
def test_a_groups_change_is_the_one_its_levels_give(result, expected):
    assert errors(document(results=[{"indicator": "i2", **result}])) == expected


def test_levels_of_an_indicator_in_per_cent_are_fractions():
    result = {"indicator": "i3", "intervention_before": "55", "intervention_after": "0.4",
              "intervention_change": "-0.2727", "change_kind": "relative"}
    assert errors(document(results=[result])) == [(
        "results[0].intervention_before",
        "is the level of an indicator in per cent: a fraction from 0 to 1")]
    result["intervention_before"] = "0.55"
    assert errors(document(results=[result])) == []


def test_a_result_needs_an_outcome_indicator():
    assert errors(document(results=[{"indicator": "i1", "intervention_change": "0.1"}])) == [
        ("results[0].indicator",
         "'i1' is a process indicator: a result needs an outcome indicator")]


def test_an_indicator_has_one_result_and_a_result_needs_its_change():
    doc = document(results=[{"indicator": "i2", "intervention_change": "0.1"},
                            {"indicator": "i2"}])
    assert errors(doc) == [
        ("results[1].intervention_change", "is required"),
        ("results[1].indicator",
         "'i2' is listed twice (also at projects[0].results[0].indicator)"),
    ]


@pytest.mark.parametrize(("value", "expected"), [
    ({"dimension": "veckodag"},
     [("follow_up.values[0].category", "a breakdown needs both a dimension and a category "
                                       "(both empty for the total)")]),
    ({"dimension": "  ", "category": "tisdag"},
     [("follow_up.values[0].dimension", "must not be only spaces")]),
    ({"period": "2025-04-02"},
     [("follow_up.values[0].period",
       "must be the first day of a month: a period is named by its first day")]),
    ({"actual": "1.23456"}, [("follow_up.values[0].actual", "has more than 4 decimals")]),
    ({"planned": None},
     [("follow_up.values[0].actual", "give the planned value, the actual value or both")]),
    ({"recorded_at": "2025-05-02"},
     [("follow_up.values[0].recorded_at",
       "must be a time in UTC written YYYY-MM-DDTHH:MM:SSZ")]),
])
def test_a_bad_indicator_value_is_named(value, expected):
    doc = document(follow_up={"values": [{"indicator": "i1", "period": "2025-04-01",
                                          "planned": "1", **value}]})
    assert errors(doc) == expected


def test_a_quarterly_report_starts_with_a_quarter():
    doc = document(follow_up={"reporting": [
        {"indicator": "i1", "frequency": "quarter", "first_period": "2025-05-01"},
        {"indicator": "i2", "frequency": "month", "first_period": "2025-05-01"}]})
    assert errors(doc) == [(
        "follow_up.reporting[0].first_period",
        "must be the first day of a quarter (1 January, 1 April, 1 July or 1 October)")]


def test_duplicate_participants_and_resource_use_are_named():
    doc = document(follow_up={
        "participants": [{"period": "2025-04-01", "risk_profile": "high"},
                         {"period": "2025-04-01", "risk_profile": "high", "enrolled": -1}],
        "resource_use": [{"activity": "a1", "period": "2025-04-01", "competence": "Fysio",
                          "planned_hours": "4"},
                         {"activity": "a1", "period": "2025-04-01", "competence": "Fysio",
                          "actual_hours": "-2"}],
    })
    assert errors(doc) == [
        ("follow_up.participants[1].enrolled", "must be between 0 and 10000000"),
        ("follow_up.participants[1]", "the same period and risk profile is given twice (also "
                                      "at projects[0].follow_up.participants[0])"),
        ("follow_up.resource_use[1].actual_hours", "must be at least 0"),
        ("follow_up.resource_use[1]", "the same activity, period and competence is given twice "
                                      "(also at projects[0].follow_up.resource_use[0])"),
    ]


def test_a_drop_out_needs_the_day_it_left():
    doc = document(follow_up={"drop_outs": [{"left_on": None, "possible_harm": "yes"}]})
    assert errors(doc) == [
        ("follow_up.drop_outs[0].possible_harm", "must be true or false"),
        ("follow_up.drop_outs[0].left_on", "must be a date written YYYY-MM-DD"),
    ]


def test_an_investigation_has_its_date_and_its_finding():
    doc = document(follow_up={"drop_outs": [
        {"left_on": "2025-04-20", "investigation": "Samtal hölls"},
        {"left_on": "2025-04-20", "investigated_on": "2025-04-22"},
        {"left_on": "2025-04-20", "reason_kind": "negative_experience", "possible_harm": True,
         "investigated_on": "2025-04-22", "investigation": "Samtal hölls"}]})
    assert errors(doc) == [
        ("follow_up.drop_outs[0].investigated_on",
         "is required: the investigation has a finding"),
        ("follow_up.drop_outs[1].investigation",
         "must say what the investigation found (it has a date)"),
    ]


def test_a_check_in_records_at_least_one_decision_with_a_known_signal():
    doc = document(follow_up={"check_ins": [
        {"held_on": "2025-05-02"},
        {"held_on": "2025-06-02", "decisions": [
            {"decision": "continue", "prompt": "signal", "signal_code": "rain"}]}]})
    assert [path for path, _text in errors(doc)] == [
        "follow_up.check_ins[0].decisions", "follow_up.check_ins[1].decisions[0].signal_code"]


def test_observed_costs_need_the_months_they_were_observed_over():
    doc = document(evaluation={"observed_cost_change": "-850000.00"})
    assert errors(doc) == [(
        "evaluation.observed_months",
        "is required with observed_cost_change: the months the change was observed over")]
    # Two components may be parts of one activity.
    doc = document(evaluation={"components": [{"name": "A", "element": "a1"},
                                              {"name": "B", "element": "a1"}]})
    assert errors(doc) == []


def test_unknown_keys_are_refused_in_every_new_part():
    doc = document(implementation_plan={"starts_on": "2028-01-01"},
                   follow_up={"dropouts": []}, evaluation={"stakeholder": []},
                   results=[{"indicator": "i2", "intervention_change": "0", "effect": "0"}])
    assert errors(doc) == [
        ("results[0].effect", "is not a known key"),
        ("implementation_plan.starts_on", "is not a known key"),
        ("follow_up.dropouts", "is not a known key"),
        ("evaluation.stakeholder", "is not a known key"),
    ]


def test_computed_sections_of_results_are_ignored():
    doc = document(results=[{"indicator": "i2", "intervention_change": "-0.3",
                             "computed": {"effect": "anything", "success": "yes"}}])
    assert errors(doc) == []
