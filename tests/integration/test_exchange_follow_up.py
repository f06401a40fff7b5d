"""Follow-up, evaluation and the implementation plan in satsa/1: the core ``results`` and
``implementation_plan``, the added ``follow_up`` and ``evaluation`` — export, import, computed
effects and refusals."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from exporters.json_export import build_json
from models import (
    CheckInDecision,
    Department,
    ImplementationFinancing,
    ImplementationPlan,
    Project,
)
from models.exchange import (
    ExchangeError,
    export_document,
    import_document,
    parse_document,
    validate_document,
)
from tests.integration.exchange_data import build_portfolio, empty_database, row_counts

DOC = Path(__file__).resolve().parents[2] / "docs" / "format.md"
TABLES = ("indicator_reporting", "indicator_value", "participant_flow", "drop_out",
          "resource_use", "check_in", "check_in_decision", "evaluation_result", "stakeholder",
          "component_assessment", "project_evaluation", "implementation_plan",
          "implementation_phase", "implementation_financing", "implementation_follow_up")


def without_time(data: bytes) -> bytes:
    return re.sub(rb'"exported_at": "[^"]*"', b'"exported_at": ""', data)


def project_of(doc: dict, key: str) -> dict:
    return next(p for p in doc["projects"] if p["key"] == key)


# --- export -------------------------------------------------------------------------------------


def test_the_export_writes_results_with_their_effect_and_success(db):
    build_portfolio(db)
    doc = export_document(db)
    assert validate_document(doc) == []
    falls = project_of(doc, "fallprevention")
    # In the order of the indicators in the logic model: s1's i3, then g1's i4.
    balance, falls_injuries = falls["results"]
    assert list(balance) == [
        "indicator", "intervention_change", "comparison_change", "goal", "intervention_before",
        "intervention_after", "comparison_before", "comparison_after", "change_kind",
        "n_intervention", "n_comparison", "note", "computed"]
    # From the levels: 41.75 → 46.5 (+11.38 %) against 42 → 43 (+2.38 %), an effect of 9
    # percentage points. The success criterion, 3 points on the balance scale, is in the
    # indicator's unit: judged against the difference-in-differences of the levels, 3.75.
    assert (balance["intervention_change"], balance["comparison_change"], balance["goal"]) == (
        "0.1138", "0.0238", "0.10")
    assert (balance["intervention_before"], balance["comparison_after"]) == ("41.75", "43")
    assert balance["change_kind"] == "relative"
    assert balance["computed"] == {"effect": "0.09", "success": True,
                                   "goal_met_in_group": True, "goal_met_by_effect": False,
                                   "effect_in_unit": "3.75"}
    # Relative changes as in the guide's truancy table; i4 has no success criterion.
    assert falls_injuries["indicator"] == "i4"
    assert (falls_injuries["intervention_change"], falls_injuries["comparison_change"]) == (
        "-0.30", "-0.12")
    assert falls_injuries["intervention_before"] is None
    assert (falls_injuries["n_intervention"], falls_injuries["n_comparison"]) == (58, 44)
    assert falls_injuries["computed"] == {"effect": "-0.18", "success": None,
                                          "goal_met_in_group": True, "goal_met_by_effect": False,
                                          "effect_in_unit": None}
    reading = project_of(doc, "lasframjande")
    assert (reading["results"], reading["implementation_plan"]) == ([], None)


def test_the_export_writes_the_implementation_plan_with_the_core_keys_first(db):
    build_portfolio(db)
    plan = project_of(export_document(db), "fallprevention")["implementation_plan"]
    assert list(plan)[:6] == ["annual_cost", "annual_saving", "phases", "financing", "replaces",
                              "follow_up_date"]
    assert list(plan)[6:] == [
        "cost_note", "expected_effect", "rollout", "start", "end", "financing_kind",
        "ownership", "delivery", "organisation", "forums", "prerequisites", "new_context",
        "obstacles", "follow_up_summary", "follow_ups"]
    assert (plan["annual_cost"], plan["annual_saving"]) == ("3500000.00", "9000000.00")
    assert (plan["rollout"], plan["start"], plan["end"]) == ("phased", "2028-01-01", "2029-12-31")
    # By place, though stored the other way round.
    assert plan["phases"] == [
        {"name": "Fas 1: Norr", "start": "2028-01-01", "end": "2028-12-31", "coverage": "0.50",
         "units": "Hemtjänst Norr"},
        {"name": "Fas 2: hela kommunen", "start": "2029-01-01", "end": "2029-12-31",
         "coverage": "1.00", "units": "Övriga hemtjänstområden"}]
    assert plan["financing"] == [{"actor": "region", "share": "0.40", "note": ""},
                                 {"actor": "soc", "share": "0.60", "note": "Inom ram"}]
    assert plan["follow_ups"] == [{"indicator": "i4", "project_change": "-0.30",
                                   "after_change": "-0.25", "measured_on": "2029-06-30",
                                   "note": "Efter 18 månader"}]


def test_the_export_writes_the_follow_up_in_a_stable_order(db):
    build_portfolio(db)
    follow_up = project_of(export_document(db), "fallprevention")["follow_up"]
    assert list(follow_up) == ["reporting", "values", "participants", "drop_outs",
                               "resource_use", "check_ins"]
    assert [(r["indicator"], r["frequency"], r["first_period"]) for r in follow_up["reporting"]] \
        == [("i1", "month", None), ("i3", "quarter", "2025-04-01")]
    # By indicator, period, then breakdown: the total before its categories.
    assert [(v["indicator"], v["period"], v["dimension"], v["category"], v["actual"])
            for v in follow_up["values"]] == [
        ("i1", "2025-04-01", "", "", "7"), ("i1", "2025-04-01", "veckodag", "tisdag", "2"),
        ("i1", "2025-04-01", "veckodag", "torsdag", "5"), ("i1", "2025-05-01", "", "", "8"),
        ("i3", "2025-04-01", "", "", "42.5")]
    assert follow_up["values"][1]["comment"] == "=Lägre närvaro på tisdagar"
    assert follow_up["values"][0]["recorded_at"] == "2025-05-02T09:00:00Z"
    assert [(f["period"], f["risk_profile"], f["eligible"], f["enrolled"])
            for f in follow_up["participants"]] == [
        ("2025-04-01", "low", 60, 25), ("2025-04-01", "high", 40, 10),
        ("2025-05-01", "unknown", None, 3)]
    moved, harmed = follow_up["drop_outs"]
    assert (moved["left_on"], moved["reason_kind"], moved["possible_harm"]) == (
        "2025-04-20", "moved", False)
    assert harmed == {"left_on": "2025-05-10", "risk_profile": "high",
                      "reason_kind": "worse_off", "reason": "Kände sig sämre efter träningen",
                      "possible_harm": True, "investigated_on": "2025-05-20",
                      "investigation": "Övningarna anpassades", "recorded_by": "bo@example.se"}
    assert [(u["activity"], u["competence"], u["planned_hours"], u["actual_hours"])
            for u in follow_up["resource_use"]] == [
        ("a1", "Fysioterapeut", "40", "46.5"), ("a2", "Arbetsterapeut", "20", "12")]
    held, extra = follow_up["check_ins"]
    assert (held["held_on"], held["planned"], extra["planned"]) == (
        "2025-05-02", "2025-05-01", None)
    # By place; the second names the harmful drop-out by its place in drop_outs.
    assert [(d["decision"], d["prompt"], d["indicator"], d["drop_out"])
            for d in held["decisions"]] == [("adjust", "indicator", "i1", None),
                                            ("continue", "drop_out", None, 1)]
    assert extra["decisions"][0]["signal_code"] == "indicator_behind_plan"


def test_the_export_writes_the_evaluation(db):
    build_portfolio(db)
    doc = export_document(db)
    evaluation = project_of(doc, "fallprevention")["evaluation"]
    assert [s["name"] for s in evaluation["stakeholders"]] == ["Hemtjänstpersonal", "Deltagarna"]
    assert [(c["name"], c["element"], c["verdict"]) for c in evaluation["components"]] == [
        ("Balansträning i grupp", "a1", "decisive"), ("Hembesök", "a2", "superfluous"),
        ("Informationsträffar", None, "undetermined")]
    assert (evaluation["actual_cost"], evaluation["observed_cost_change"]) == (
        "2150000.50", "-850000.00")
    assert (evaluation["observed_months"], evaluation["judged_success"]) == (12, True)
    assert evaluation["report_date"] == "2026-09-30"
    # A project without any of it: the empty sections.
    reading = project_of(doc, "lasframjande")
    assert reading["follow_up"] == {"reporting": [], "values": [], "participants": [],
                                    "drop_outs": [], "resource_use": [], "check_ins": []}
    assert reading["evaluation"] == {
        "stakeholders": [], "components": [], "actual_cost": None,
        "observed_cost_change": None, "observed_months": None, "observed_cost_note": "",
        "judged_success": None, "conclusion": "", "causes": "", "long_term_link": "",
        "lessons": "", "communication": "", "report_date": None}


def test_results_of_an_indicator_changed_to_a_process_measure_are_left_out(db):
    build_portfolio(db)
    falls = db.scalar(select(Project).where(Project.key == "fallprevention"))
    indicator = next(i for e in falls.logic_elements for i in e.indicators if i.key == "i4")
    indicator.kind = "process"
    db.commit()
    doc = export_document(db)
    written = project_of(doc, "fallprevention")
    # As the results table and the implementation page leave it out; the document stays valid.
    assert [r["indicator"] for r in written["results"]] == ["i3"]
    assert written["implementation_plan"]["follow_ups"] == []
    assert validate_document(doc) == []


# --- import -------------------------------------------------------------------------------------


def test_importing_into_an_empty_database_stores_everything_and_gives_the_same_bytes(
    app, db, tmp_path
):
    build_portfolio(db)
    before = row_counts(db)
    assert all(before[t] for t in TABLES)
    first = build_json(export_document(db))
    db.close()
    with empty_database(app, tmp_path) as fresh:
        summary = import_document(fresh, parse_document(first))
        fresh.commit()
        after = row_counts(fresh)
        second = build_json(export_document(fresh))
        decision = fresh.scalar(select(CheckInDecision).where(
            CheckInDecision.decision == "continue"))
        harmed = (decision.drop_out.reason_kind, decision.drop_out.possible_harm)
    assert {t: after[t] for t in TABLES} == {t: before[t] for t in TABLES}
    assert (summary.results, summary.indicator_values, summary.drop_outs, summary.check_ins,
            summary.implementation_plans) == (2, 5, 2, 2, 1)
    assert summary.not_imported == []
    # The decision names the same drop-out after the import.
    assert harmed == ("worse_off", True)
    assert without_time(second) == without_time(first)


def test_a_document_without_the_new_keys_stores_none_of_them(db):
    build_portfolio(db)
    doc = export_document(db, project_keys=["lasframjande"])
    project = doc["projects"][0]
    for key in ("results", "implementation_plan", "follow_up", "evaluation"):
        del project[key]
    project["key"] = "ny"
    doc["organisation"]["departments"] = doc["funds"] = doc["need_areas"] = []
    doc["calls"], doc["criteria"] = [], []
    project.update(call=None, departments=[], need_areas=[], fund=None, scores=[],
                   screening=None, feedback_letter=None, decisions=[], answers=[])
    before = row_counts(db)
    import_document(db, doc)
    db.commit()
    assert {t: row_counts(db)[t] for t in TABLES} == {t: before[t] for t in TABLES}
    written = project_of(export_document(db), "ny")
    assert (written["results"], written["implementation_plan"]) == ([], None)
    assert written["evaluation"]["judged_success"] is None


def _truancy_document() -> dict:
    """The guide's truancy evaluation (appendix B): three outcome indicators, goals of −25, −40
    and −50 % and success criteria of 15, 20 and 30 percentage points."""
    indicators = [("franvaro-alla", "-0.30", "-0.12", "-0.25", "-0.15"),
                  ("franvaro-hog", "-0.40", "-0.15", "-0.40", "-0.20"),
                  ("ej-fullfoljt", "-0.60", "-0.25", "-0.50", "-0.30")]
    return {
        "format": "satsa/1",
        "organisation": {"name": "", "departments": []},
        "funds": [], "criteria": [],
        "projects": [{
            "key": "skolfranvaro", "title": "Minskad skolfrånvaro",
            "logic_model": {"elements": [{
                "key": "s1", "level": "short_term", "text": "Lägre frånvaro",
                "indicators": [{"key": key, "name": key, "unit": "percent"}
                               for key, *_ in indicators]}]},
            "evaluation_plan": {
                "comparison": "generic_control",
                "success_criteria": [{"indicator": key, "min_effect": criterion}
                                     for key, _i, _c, _g, criterion in indicators]},
            "results": [{"indicator": key, "intervention_change": change,
                         "comparison_change": comparison, "goal": goal}
                        for key, change, comparison, goal, _m in indicators],
        }],
    }


def test_the_guides_truancy_table_gives_its_effects_and_success(db):
    summary = import_document(db, _truancy_document())
    db.commit()
    assert summary.results == 3
    results = export_document(db)["projects"][0]["results"]
    assert [r["computed"]["effect"] for r in results] == ["-0.18", "-0.25", "-0.35"]
    # Every effect reaches its success criterion; every goal is met within the group, none by
    # the effect (the guide: success is what was agreed, not the goal).
    assert [r["computed"]["success"] for r in results] == [True, True, True]
    assert [r["computed"]["goal_met_in_group"] for r in results] == [True, True, True]
    assert [r["computed"]["goal_met_by_effect"] for r in results] == [False, False, False]


def test_an_effect_short_of_the_criterion_is_no_success_and_none_without_a_comparison(db):
    doc = _truancy_document()
    doc["projects"][0]["evaluation_plan"]["success_criteria"][0]["min_effect"] = "-0.20"
    doc["projects"][0]["results"][1]["comparison_change"] = None
    del doc["projects"][0]["evaluation_plan"]["success_criteria"][2]
    import_document(db, doc)
    db.commit()
    computed = [r["computed"] for r in export_document(db)["projects"][0]["results"]]
    assert (computed[0]["effect"], computed[0]["success"]) == ("-0.18", False)
    assert (computed[1]["effect"], computed[1]["success"]) == (None, None)
    # Without a success criterion nothing is judged, though the effect is computed.
    assert (computed[2]["effect"], computed[2]["success"]) == ("-0.35", None)


# --- refusals -----------------------------------------------------------------------------------


def _change(doc: dict, *path, value=None, append=None) -> None:
    target = doc["projects"][0]
    for part in path[:-1]:
        target = target[part]
    if append is not None:
        target[path[-1]].append(copy.deepcopy(target[path[-1]][append]))
    else:
        target[path[-1]] = value


def _shares(doc: dict, first: str, second: str) -> None:
    financing = doc["projects"][0]["implementation_plan"]["financing"]
    financing[0]["share"], financing[1]["share"] = first, second


@pytest.mark.parametrize(("change", "path", "message"), [
    (lambda d: _shares(d, "0.70", "0.40"), "implementation_plan.financing",
     "the shares add up to 1.10: together they may cover at most the whole cost (1)"),
    (lambda d: _shares(d, "1.5", "0.40"), "implementation_plan.financing[0].share",
     'must be a fraction greater than 0 and at most 1 ("0.6" is 60 per cent)'),
    (lambda d: _change(d, "follow_up", "values", append=1), "follow_up.values[5]",
     "the same indicator, period and breakdown is given twice (also at "
     "projects[0].follow_up.values[1])"),
    (lambda d: _change(d, "results", 1, "indicator", value="i9"), "results[1].indicator",
     "no indicator of the project's logic model has the key 'i9'"),
    (lambda d: _change(d, "follow_up", "values", 0, "indicator", value="x1"),
     "follow_up.values[0].indicator",
     "no indicator of the project's logic model has the key 'x1'"),
    (lambda d: _change(d, "follow_up", "drop_outs", 0, "reason_kind", value="bored"),
     "follow_up.drop_outs[0].reason_kind",
     "must be one of: moved, declined, no_longer_needed, other_support, practical, "
     "negative_experience, worse_off, unknown, other"),
    (lambda d: _change(d, "implementation_plan", "rollout", value="gradual"),
     "implementation_plan.rollout", "must be one of: all_at_once, phased"),
    (lambda d: _change(d, "follow_up", "check_ins", 0, "held_on", value="2025-02-30"),
     "follow_up.check_ins[0].held_on", "must be a date written YYYY-MM-DD"),
    (lambda d: _change(d, "implementation_plan", "phases", 0, "end", value="2025/12/31"),
     "implementation_plan.phases[0].end", "must be a date written YYYY-MM-DD"),
    (lambda d: _change(d, "follow_up", "participants", 0, "period", value="2025-04-15"),
     "follow_up.participants[0].period",
     "must be the first day of a month: a period is named by its first day"),
    (lambda d: _change(d, "results", 0, "intervention_change", value="0.1139"),
     "results[0].intervention_change", "must be the change the levels give (0.1138)"),
    (lambda d: _change(d, "results", 0, "indicator", value="i1"), "results[0].indicator",
     "'i1' is a process indicator: a result needs an outcome indicator"),
    (lambda d: _change(d, "follow_up", "check_ins", 1, "planned", value="2025-05-01"),
     "follow_up.check_ins[1].planned", "the check-in planned on 2025-05-01 is already held "
                                       "(at projects[0].follow_up.check_ins[0].planned)"),
    (lambda d: _change(d, "follow_up", "drop_outs", 1, "possible_harm", value=False),
     "follow_up.drop_outs[1].possible_harm",
     "must be true: the reason 'worse_off' suggests the initiative may have harmed"),
    (lambda d: _change(d, "follow_up", "check_ins", 0, "decisions", 0, "action", value=""),
     "follow_up.check_ins[0].decisions[0].action",
     "must say what is to be done, by whom and when (the decision is to adjust)"),
    (lambda d: _change(d, "follow_up", "participants", 1, "enrolled", value=41),
     "follow_up.participants[1].enrolled", "is more than the 40 eligible in the period"),
    (lambda d: _change(d, "results", 0, "comparison_after", value=None),
     "results[0].comparison_after", "is required with comparison_before"),
    (lambda d: _change(d, "follow_up", "check_ins", 0, "decisions", 1, "drop_out", value=2),
     "follow_up.check_ins[0].decisions[1].drop_out",
     "the project's follow_up.drop_outs has no item 2"),
    (lambda d: _change(d, "follow_up", "check_ins", 0, "planned", value="2025-05-02"),
     "follow_up.check_ins[0].planned",
     "no check-in is planned on 2025-05-02 in the project's organisation.check_ins"),
    (lambda d: _change(d, "follow_up", "resource_use", 0, "activity", value="a9"),
     "follow_up.resource_use[0].activity",
     "no element of the project's logic model has the key 'a9'"),
    (lambda d: _change(d, "follow_up", "drop_outs", 1, "investigated_on", value="2025-05-01"),
     "follow_up.drop_outs[1].investigated_on", "is before the participant left"),
    (lambda d: _change(d, "evaluation", "judged_success", value="yes"),
     "evaluation.judged_success", "must be true, false or null"),
    (lambda d: _change(d, "evaluation", "components", 0, "verdict", value="great"),
     "evaluation.components[0].verdict",
     "must be one of: decisive, superfluous, counterproductive, undetermined"),
])
def test_a_bad_value_is_refused_with_its_path_and_nothing_is_stored(db, change, path, message):
    build_portfolio(db)
    doc = export_document(db)
    assert doc["projects"][0]["key"] == "fallprevention"
    change(doc)
    before = row_counts(db)
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    assert [(e.path, e.text) for e in caught.value.errors] == [(f"projects[0].{path}", message)]
    assert row_counts(db) == before


def test_financing_names_a_department_of_the_document_or_an_external_actor(db):
    build_portfolio(db)
    doc = export_document(db)
    doc["projects"][0]["implementation_plan"]["financing"][1]["actor"] = "kultur"
    errors = validate_document(doc)
    assert [e.path for e in errors] == ["projects[0].implementation_plan.financing[1].actor"]
    assert errors[0].text.startswith("no department has the key 'kultur'")


def test_a_drop_out_carrying_a_personal_identity_number_is_refused(db):
    build_portfolio(db)
    doc = export_document(db)
    doc["projects"][0]["follow_up"]["drop_outs"][0]["reason"] = "Flyttade, 19121212-1212"
    assert [e.path for e in validate_document(doc)] == [
        "projects[0].follow_up.drop_outs[0].reason"]


# --- a document of chosen initiatives ---------------------------------------------------------


def test_a_chosen_initiative_brings_the_departments_its_financing_names(db):
    build_portfolio(db)
    reading = db.scalar(select(Project).where(Project.key == "lasframjande"))
    db.add(Department(key="kultur", name="Kulturförvaltningen"))
    db.add_all([ImplementationPlan(project_id=reading.id, rollout="all_at_once"),
                ImplementationFinancing(project_id=reading.id, actor="kultur",
                                        share=Decimal("1"))])
    db.commit()
    doc = export_document(db, project_keys=["lasframjande"])
    assert validate_document(doc) == []
    assert "kultur" in [d["key"] for d in doc["organisation"]["departments"]]
    assert doc["projects"][0]["implementation_plan"]["financing"] == [
        {"actor": "kultur", "share": "1.00", "note": ""}]


# --- the documented example ---------------------------------------------------------------------


def _documented_example() -> dict:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- example: follow-up[^>]*-->\n```json\n(.*?)\n```", text, re.S)
    assert match, "docs/format.md has no example of follow-up, evaluation and implementation"
    return json.loads(match.group(1))


def test_the_example_in_the_format_description_is_what_an_export_writes(db):
    build_portfolio(db)
    falls = project_of(export_document(db), "fallprevention")
    (shown,) = _documented_example()["projects"]
    assert list(shown) == [key for key in falls if key in shown]

    def same(example, written, where):
        if isinstance(example, dict):
            assert list(example) == list(written), where
            for key, value in example.items():
                same(value, written[key], f"{where}.{key}")
        elif isinstance(example, list):
            # The example may show the first items only.
            assert len(example) <= len(written), where
            for i, item in enumerate(example):
                same(item, written[i], f"{where}[{i}]")
        else:
            assert example == written, where

    for key, value in shown.items():
        if key != "key":
            same(value, falls[key], key)
