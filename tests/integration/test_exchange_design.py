"""The design of initiatives in satsa/1: risks, the risk matrix, stop criteria, the evaluation
plan, snapshots and the initiative's organisation — export, import and refusals."""

from __future__ import annotations

import copy
import json
import math
import re
from decimal import Decimal
from pathlib import Path
from statistics import NormalDist

import pytest
from sqlalchemy import delete, select

from exporters.json_export import build_json
from models import (
    EvaluationPlan,
    IndicatorExpectation,
    Project,
    ProjectPerson,
    Risk,
    RiskScaleSetting,
    StopCriterion,
)
from models.domain import risk as rk
from models.exchange import ExchangeError, export_document, import_document, validate_document
from models.risks import scale_document
from tests.integration.exchange_data import SCALE_4X4, build_portfolio, empty_database, row_counts

DOC = Path(__file__).resolve().parents[2] / "docs" / "format.md"
DESIGN_TABLES = ("risk", "risk_scale_setting", "risk_snapshot", "stop_criterion",
                 "evaluation_plan", "indicator_expectation", "project_person", "reporting_plan",
                 "reporting_item", "planned_check_in", "communication_item")


def without_time(data: bytes) -> bytes:
    return re.sub(rb'"exported_at": "[^"]*"', b'"exported_at": ""', data)


def project_of(doc: dict, key: str) -> dict:
    return next(p for p in doc["projects"] if p["key"] == key)


def z(alpha: float, power: float) -> float:
    return NormalDist().inv_cdf(1 - alpha / 2) + NormalDist().inv_cdf(power)


def test_the_export_writes_the_risks_on_the_scale_in_force(db):
    build_portfolio(db)
    doc = export_document(db)
    assert validate_document(doc) == []
    falls = project_of(doc, "fallprevention")
    # In their order (positions 1, 2, 3, 5), scored on the 4 × 4 scale: 1–3 low, 4–8 medium.
    assert [(r["key"], r["computed"]) for r in falls["risks"]] == [
        ("k2", {"score": 6, "priority": "medium"}),
        ("k4", {"score": 2, "priority": "low"}),
        ("k3", {"score": 4, "priority": "medium"}),
        ("k1", {"score": 12, "priority": "high"}),
    ]
    assert list(falls["risks"][0]) == [
        "key", "description", "likelihood", "impact", "action", "owner", "harms_individual",
        "status", "kind", "review_on", "element", "computed"]
    k1 = falls["risks"][3]
    assert (k1["element"], k1["review_on"], k1["kind"]) == ("r1", "2025-06-30", "threat")
    assert falls["risks"][0]["harms_individual"] is True
    assert falls["risks"][2]["description"] == "=Samverkan med regionen ger fler remisser"
    assert falls["risk_scale"] == {"likelihood_max": 4, "impact_max": 4}
    assert project_of(doc, "lasframjande")["risk_scale"] == {"likelihood_max": 4,
                                                             "impact_max": 4}
    # Every version of the matrix, oldest first; the last is in force.
    assert [(v["likelihood_max"], v["created_at"]) for v in doc["risk_matrix"]] == [
        (5, "2024-12-01T09:00:00Z"), (4, "2025-01-15T10:00:00Z")]
    assert doc["risk_matrix"][1] == {**scale_document(SCALE_4X4),
                                     "created_at": "2025-01-15T10:00:00Z",
                                     "created_by": "anna@example.se"}
    assert falls["stop_criteria"] == [
        {"text": "Fallolyckorna ökar i stället för att minska", "indicator": "i4",
         "kind": "indicator", "threshold": "25.5"},
        {"text": "Kostnaderna överskrids med mer än tio procent", "indicator": None,
         "kind": "budget", "threshold": "0.1"},
        {"text": "Regionen drar sig ur samarbetet", "indicator": None, "kind": "other",
         "threshold": None},
    ]


def test_a_project_without_a_matrix_gets_the_default_scale(db):
    build_portfolio(db)
    db.execute(delete(RiskScaleSetting))
    db.execute(delete(Risk).where(Risk.likelihood * Risk.impact > 12))
    db.commit()
    doc = export_document(db)
    assert doc["risk_matrix"] == []
    falls = project_of(doc, "fallprevention")
    assert falls["risk_scale"] == {"likelihood_max": 5, "impact_max": 5}
    # On 5 × 5: 1–4 low, 5–12 medium.
    assert [r["computed"]["priority"] for r in falls["risks"]] == [
        "medium", "low", "low", "medium"]


def test_the_evaluation_plan_and_its_computed_values(db):
    build_portfolio(db)
    doc = export_document(db)
    plan = project_of(doc, "fallprevention")["evaluation_plan"]
    assert list(plan)[:10] == ["comparison", "outcome", "baseline_proportion", "sd",
                               "expected_effect", "alpha", "power", "n_intervention",
                               "n_comparison", "success_criteria"]
    assert list(plan)[-1] == "computed"
    assert (plan["outcome"], plan["sd"], plan["expected_effect"]) == ("mean", "6.5", "4")
    assert (plan["alpha"], plan["power"]) == ("0.05", "0.80")
    assert (plan["n_intervention"], plan["n_comparison"]) == (60, 45)
    # Only the indicator with a criterion; the expected effects of both, in the model's order.
    assert plan["success_criteria"] == [{"indicator": "i3", "min_effect": "3"}]
    assert [(e["indicator"], e["expected_effect"], e["basis"]) for e in plan["expectations"]] \
        == [("i3", "4", "research"), ("i4", "-3.5", "experience")]
    assert plan["expectations"][0]["agreed_on"] == "2025-02-20"
    assert list(plan["comparison_details"]) == ["comparison_group", "matching_variables"]
    assert list(plan["guided_answers"]) == ["randomise", "similar_group", "register_data",
                                            "expert", "baseline", "earlier_cohort", "waitlist"]
    assert plan["power_indicator"] == "i3"
    assert plan["evaluation_budget"] == "150000.50"
    # Means: mde = z·σ·√(1/60 + 1/45); n = 2·(z·σ/δ)² rounded up.
    zs = z(0.05, 0.80)
    assert float(plan["computed"]["mde"]) == pytest.approx(zs * 6.5 * math.sqrt(1 / 60 + 1 / 45),
                                                           abs=1e-5)
    assert plan["computed"]["n_per_group_for_expected_effect"] == math.ceil(
        2 * (zs * 6.5 / 4) ** 2) == 42
    shift = 4 / 6.5 / math.sqrt(1 / 60 + 1 / 45)
    achieved = NormalDist().cdf(shift - NormalDist().inv_cdf(0.975))
    assert float(plan["computed"]["achieved_power"]) == pytest.approx(achieved, abs=1e-4)


def test_a_proportion_plan_reports_the_detectable_difference_in_its_direction(db):
    build_portfolio(db)
    plan = project_of(export_document(db), "lasframjande")["evaluation_plan"]
    assert (plan["baseline_proportion"], plan["expected_effect"], plan["power"]) == (
        "0.55", "-0.15", "0.90")
    zs = z(0.05, 0.90)
    h_min = zs * math.sqrt(2 / 60)
    p1 = math.sin(math.asin(math.sqrt(0.55)) - h_min / 2) ** 2
    assert float(plan["computed"]["mde"]) == pytest.approx(0.55 - p1, abs=1e-6)
    h = abs(2 * math.asin(math.sqrt(0.40)) - 2 * math.asin(math.sqrt(0.55)))
    assert plan["computed"]["n_per_group_for_expected_effect"] == math.ceil(
        2 * (zs / h) ** 2)
    assert plan["success_criteria"] == [] and plan["expectations"] == []


def test_the_organisation_and_the_snapshots(db):
    build_portfolio(db)
    falls = project_of(export_document(db), "fallprevention")
    organisation = falls["organisation"]
    # Role by role in the guide's order, then their place within the role.
    assert [(p["role"], p["name"]) for p in organisation["people"]] == [
        ("owner", "Anna Åström"), ("steering", "Erik Ek"), ("steering", "Dana Dahl"),
        ("leader", "Bo Öberg"), ("deputy_leader", "Fia Fors"),
        ("working_group", "+46 Gruppen")]
    assert organisation["check_in_months"] == 2
    assert [r["activity"] for r in organisation["reporting"]] == ["Balansträning i grupp",
                                                                  "Hembesök"]
    assert [c["planned_on"] for c in organisation["check_ins"]] == ["2025-05-01", "2025-07-01"]
    assert organisation["communication"][0]["message"] == "-Resultat hittills"
    (snapshot,) = falls["risk_snapshots"]
    assert (snapshot["taken_at"], snapshot["reason"]) == ("2025-03-04T11:00:00Z",
                                                          "Beslut i styrgruppen")
    assert snapshot["data"]["scale"]["likelihood_max"] == 4
    reading = project_of(export_document(db), "lasframjande")
    assert reading["organisation"] == {
        "people": [], "escalation": "", "other_resources": "", "check_in_months": None,
        "reporting": [], "check_ins": [], "communication": []}
    assert reading["risk_snapshots"] == [] and reading["stop_criteria"] == []


def test_the_import_stores_every_part_of_the_design(app, db, tmp_path):
    build_portfolio(db)
    before = row_counts(db)
    first = build_json(export_document(db))
    db.close()
    with empty_database(app, tmp_path) as fresh:
        summary = import_document(fresh, json.loads(first))
        fresh.commit()
        after = row_counts(fresh)
        second = build_json(export_document(fresh))
        people = fresh.scalars(select(ProjectPerson).where(ProjectPerson.role == "steering")
                               .order_by(ProjectPerson.position)).all()
    assert (summary.risks, summary.risk_scales) == (5, 2)
    assert {t: after[t] for t in DESIGN_TABLES} == {t: before[t] for t in DESIGN_TABLES}
    # Positions within the role, as the organisation page keeps them.
    assert [(p.name, p.position) for p in people] == [("Erik Ek", 0), ("Dana Dahl", 1)]
    assert without_time(second) == without_time(first)


def _design_only(doc: dict) -> dict:
    """The document with new keys, so it can be imported next to what it came from."""
    doc = copy.deepcopy(doc)
    doc["organisation"]["departments"] = []
    doc["funds"], doc["criteria"], doc["need_areas"], doc["calls"] = [], [], [], []
    for project in doc["projects"]:
        project["key"] = "ny-" + project["key"]
        for key in ("departments", "need_areas", "scores", "score_submissions", "answers",
                    "decisions", "checklist_confirmations"):
            project[key] = []
        project.update(fund=None, call=None, screening=None, feedback_letter=None, results=[],
                       implementation_plan=None, follow_up={}, evaluation={})
    return doc


def test_risks_on_another_scale_than_the_databases_are_refused(db):
    build_portfolio(db)
    doc = _design_only(export_document(db))
    for version in doc["risk_matrix"]:
        version.update(**scale_document(rk.WORD_SCALE))
    for project in doc["projects"]:
        project["risk_scale"] = {"likelihood_max": 3, "impact_max": 3}
        for risk in project["risks"]:
            risk.update(likelihood=1, impact=1)
    before = row_counts(db)
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    assert [(e.path, e.text) for e in caught.value.errors] == [
        (f"projects[{i}].risk_scale", "the organisation's risk scale is 4 × 4; these risks "
                                      "are assessed on another scale") for i in (0, 1)]
    assert row_counts(db) == before


def test_an_import_keeps_the_databases_matrix(db):
    build_portfolio(db)
    doc = _design_only(export_document(db))
    doc["risk_matrix"] = doc["risk_matrix"][1:]
    summary = import_document(db, doc)
    db.commit()
    assert (summary.risks, summary.risk_scales) == (5, 0)
    assert len(db.scalars(select(RiskScaleSetting)).all()) == 2


def test_a_core_document_with_a_project_scale_stores_that_scale(app, db, tmp_path):
    build_portfolio(db)
    doc = export_document(db)
    db.close()
    del doc["risk_matrix"]
    for project in doc["projects"]:
        project["risk_scale"] = {"likelihood_max": 3, "impact_max": 3}
        for risk in project["risks"]:
            risk.update(likelihood=min(risk["likelihood"], 3), impact=min(risk["impact"], 3))
        for snapshot in project["risk_snapshots"]:
            snapshot["data"] = {}
    with empty_database(app, tmp_path) as fresh:
        summary = import_document(fresh, doc)
        fresh.commit()
        (setting,) = fresh.scalars(select(RiskScaleSetting)).all()
        again = export_document(fresh)
    assert summary.risk_scales == 1
    assert (setting.likelihood_max, setting.impact_max, setting.low_max,
            setting.medium_max) == (3, 3, 1, 4)
    assert again["risk_matrix"][0]["likelihood_labels"] == ["Low", "Medium", "High"]
    # On 3 × 3 the risk at 3 × 3 (once 3 × 4) is high.
    assert project_of(again, "fallprevention")["risks"][3]["computed"] == {
        "score": 9, "priority": "high"}


def test_a_bad_design_is_refused_with_its_path_and_nothing_is_stored(db):
    build_portfolio(db)
    doc = _design_only(export_document(db))
    falls = doc["projects"][0] if doc["projects"][0]["key"] == "ny-fallprevention" else \
        doc["projects"][1]
    index = doc["projects"].index(falls)
    falls["risks"][1]["impact"] = 5
    falls["evaluation_plan"]["success_criteria"][0]["indicator"] = "i1"
    falls["organisation"]["check_ins"][0]["planned_on"] = "2025-13-01"
    before = row_counts(db)
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    assert {e.path for e in caught.value.errors} == {
        f"projects[{index}].risks[1].impact",
        f"projects[{index}].evaluation_plan.success_criteria[0].indicator",
        f"projects[{index}].organisation.check_ins[0].planned_on",
    }
    assert row_counts(db) == before


def test_expected_effects_and_success_criteria_meet_in_one_row(app, db, tmp_path):
    build_portfolio(db)
    doc = export_document(db)
    db.close()
    plan = project_of(doc, "fallprevention")["evaluation_plan"]
    # A criterion for i4 without an expected effect, and i3's expected effect without one.
    plan["success_criteria"] = [{"indicator": "i4", "min_effect": "-2"}]
    plan["expectations"] = [e for e in plan["expectations"] if e["indicator"] == "i3"]
    with empty_database(app, tmp_path) as fresh:
        import_document(fresh, doc)
        fresh.commit()
        rows = {e.indicator.key: e for e in fresh.scalars(select(IndicatorExpectation))}
        again = project_of(export_document(fresh), "fallprevention")["evaluation_plan"]
    assert (rows["i4"].min_effect, rows["i4"].expected_effect) == (Decimal("-2"), None)
    assert (rows["i3"].min_effect, rows["i3"].expected_effect) == (None, Decimal("4"))
    assert again["success_criteria"] == [{"indicator": "i4", "min_effect": "-2"}]
    assert [e["indicator"] for e in again["expectations"]] == ["i3", "i4"]


def test_expected_effects_without_a_saved_plan_give_the_default_plan(app, db, tmp_path):
    build_portfolio(db)
    falls = db.scalar(select(Project).where(Project.key == "fallprevention"))
    db.execute(delete(EvaluationPlan).where(EvaluationPlan.project_id == falls.id))
    db.execute(delete(StopCriterion))
    db.commit()
    first = build_json(export_document(db))
    plan = project_of(json.loads(first), "fallprevention")["evaluation_plan"]
    assert (plan["comparison"], plan["outcome"], plan["alpha"], plan["power"]) == (
        None, "proportion", "0.05", "0.80")
    assert plan["computed"] == {"mde": None, "n_per_group_for_expected_effect": None,
                                "achieved_power": None}
    assert len(plan["expectations"]) == 2
    db.close()
    with empty_database(app, tmp_path) as fresh:
        import_document(fresh, json.loads(first))
        fresh.commit()
        second = build_json(export_document(fresh))
    assert without_time(second) == without_time(first)


def test_an_indicator_made_a_process_measure_is_left_out_and_the_document_stays_valid(db):
    from models import LogicIndicator

    build_portfolio(db)
    db.scalar(select(LogicIndicator).where(LogicIndicator.key == "i4")).kind = "process"
    db.commit()
    doc = export_document(db)
    assert validate_document(doc) == []
    falls = project_of(doc, "fallprevention")
    assert [e["indicator"] for e in falls["evaluation_plan"]["expectations"]] == ["i3"]
    assert falls["stop_criteria"][0]["indicator"] is None


# --- the documented example ---------------------------------------------------------------


def _documented_example() -> dict:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- example: design[^>]*-->\n```json\n(.*?)\n```", text, re.S)
    assert match, "docs/format.md has no example of a project's design"
    return json.loads(match.group(1))


def test_the_example_in_the_format_description_is_what_an_export_writes(db):
    build_portfolio(db)
    doc = export_document(db)
    example = _documented_example()
    assert example["risk_matrix"] == doc["risk_matrix"][1:]
    (shown,) = example["projects"]
    falls = project_of(doc, "fallprevention")
    for key, value in shown.items():
        if isinstance(value, list) and key != "risk_snapshots":
            assert value == falls[key][:len(value)], key
        elif key == "risk_snapshots":
            assert [(s["taken_at"], s["reason"]) for s in value] == [
                (s["taken_at"], s["reason"]) for s in falls[key]]
        elif key == "organisation":
            assert all(falls[key][k][:len(v)] == v if isinstance(v, list) else
                       falls[key][k] == v for k, v in value.items()), key
        else:
            assert value == falls[key], key
    assert list(shown) == [key for key in falls if key in shown]
