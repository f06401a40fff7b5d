"""The economics of initiatives in satsa/1: the unit-cost library, the price index, the optimism
reductions, each project's budget, benefits, settings and computed economics — export, import
and refusals."""

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
    BenefitLine,
    BudgetLine,
    Department,
    OptimismGrade,
    PriceIndexPoint,
    Project,
    ProjectEconomics,
    UnitCost,
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
LIBRARY_TABLES = ("unit_cost", "price_index_point", "optimism_grade", "budget_line",
                  "benefit_line")


def without_time(data: bytes) -> bytes:
    return re.sub(rb'"exported_at": "[^"]*"', b'"exported_at": ""', data)


def project_of(doc: dict, key: str) -> dict:
    return next(p for p in doc["projects"] if p["key"] == key)


def test_the_export_writes_the_library_and_each_projects_economics(db):
    build_portfolio(db)
    doc = export_document(db)
    assert validate_document(doc) == []
    assert list(doc)[-2:] == ["risk_matrix", "optimism"]
    assert doc["price_index"] == [{"year": 2023, "value": "100"},
                                  {"year": 2024, "value": "102.5"},
                                  {"year": 2025, "value": "105.125"}]
    assert [u["key"] for u in doc["unit_costs"]] == [
        "hemtjanst-timme", "hvb-dygn", "sjukskrivning-vecka", "vardag-fallskada"]
    example = doc["unit_costs"][3]
    assert (example["amount"], example["example"], example["note"]) == (
        "9000.00", True, "=Regionens snitt")
    assert doc["optimism"] == [{"grade": "C", "share": "0.125", "note": ""},
                               {"grade": "E", "share": "0.35", "note": "Grova antaganden"}]

    falls = project_of(doc, "fallprevention")
    keys = list(falls)
    start = keys.index("evaluation_plan") + 1
    assert keys[start:start + 8] == ["budget", "benefits", "discount_rate", "price_year",
                                     "computed_economics", "results", "implementation_plan",
                                     "need_description"]
    assert keys[-5:] == ["organisation", "sensitivity", "follow_up", "evaluation", "computed"]
    # By year, then place: the 2026 line was stored first.
    assert [(b["year"], b["category"], b["amount"]) for b in falls["budget"]] == [
        (2025, "staff", "600000.00"), (2025, "evaluation", "150000.50"),
        (2026, "material", "50000.50")]
    assert list(falls["budget"][0]) == ["category", "actor", "year", "amount", "note", "month",
                                        "phase"]
    assert [b["key"] for b in falls["benefits"]] == ["b1", "b2", "b3"]
    b1, b2, b3 = falls["benefits"]
    assert (b1["people"], b1["deadweight"], b1["drop_off"]) == ("12.5", "0.20", "0.15")
    # To be derived from i4's expected effect, which is in fallolyckor per 1 000, not a share:
    # it says nothing about how many people are affected, so the line counts no one (the
    # stored 99 is not used).
    assert (b2["people_source"], b2["people"]) == ("effect", None)
    assert (b3["indicator"], b3["units_per_person"], b3["attribution"]) == (None, "30.25", "0.00")
    assert (falls["discount_rate"], falls["price_year"]) == ("0.03", 2024)
    computed = falls["computed_economics"]
    # 600 000 + 150 000.50 + 50 000.50; the 2026 line discounted one year at 3 %.
    assert computed["cost_total"] == "800001.00"
    assert Decimal(computed["cost_present_value"]) == (
        Decimal("750000.50") + Decimal("50000.50") / Decimal("1.03")).quantize(Decimal("0.01"))
    actors = {row["actor"]: row for row in computed["by_actor"]}
    # b1: 12.5 × 3 × 9000 × 0.8 × 0.9 × (1 − 0.20, grade D's default) = 194 400 in 2026, then
    # × 0.85 each year: 194 400 + 165 240 + 140 454.
    assert actors["region"] == {"actor": "region", "cost": "600000.00", "benefit": "500094.00"}
    assert actors["other"] == {"actor": "other", "cost": "50000.50", "benefit": "0.00"}
    # b3: 0.5 × 30.25 × 4550.50 (local) × 1.025 × (1 − 0.125, the organisation's C), two years.
    assert actors["forsakringskassan"]["benefit"] == "123457.20"
    # Benefits of 623 551.20 against costs of 800 001: the return stays below 1.
    assert computed["benefit_total"] == "623551.20"
    assert Decimal(computed["return_per_krona"]) < 1 and computed["payback_year"] is None
    assert falls["sensitivity"] == {
        "factor": "0.20",
        "monte_carlo": {"seed": 42, "draws": 5000,
                        "ranges": {"people": ["0.5", "1", "1.25"],
                                   "discount_rate": ["0.01", "0.035", "0.06"]}}}

    reading = project_of(doc, "lasframjande")
    assert (reading["budget"], reading["discount_rate"]) == ([], "0.035")
    # No start: the first line's year is the start and the price year.
    assert reading["price_year"] == 2026
    # Derived from the plan on proportions: 60 participants × |−0.15|.
    assert reading["benefits"][0]["people"] == "9"
    computed = reading["computed_economics"]
    # 9 × 2 × 4550.50 × (1 − 0.125), not restated: the index lacks 2026. No costs, no return.
    assert computed["by_actor"] == [{"actor": "kriminalvarden", "cost": "0.00",
                                     "benefit": "71670.38"}]
    assert (computed["return_per_krona"], computed["payback_year"]) == (None, 2026)
    assert reading["sensitivity"] == {"factor": "0.25", "monte_carlo": {
        "seed": 20240101, "draws": 10000, "ranges": {}}}


def test_the_import_stores_every_part_of_the_economics(app, db, tmp_path):
    build_portfolio(db)
    before = row_counts(db)
    first = build_json(export_document(db))
    db.close()
    with empty_database(app, tmp_path) as fresh:
        summary = import_document(fresh, parse_document(first))
        fresh.commit()
        after = row_counts(fresh)
        second = build_json(export_document(fresh))
        derived = fresh.scalar(select(BenefitLine).where(BenefitLine.key == "b2"))
        settings = {p.key: fresh.scalar(select(ProjectEconomics).where(
            ProjectEconomics.project_id == p.id)) for p in fresh.scalars(select(Project))}
    assert (summary.unit_costs, summary.budget_lines, summary.benefit_lines) == (4, 3, 4)
    assert {t: after[t] for t in LIBRARY_TABLES} == {t: before[t] for t in LIBRARY_TABLES}
    # The derived line stores no people: they follow the evaluation plan.
    assert (derived.people_source, derived.people) == ("effect", None)
    # Every project gets its settings, the price year stored as the one in effect.
    assert settings["fallprevention"].price_year == 2024
    assert settings["lasframjande"].price_year == 2026
    assert settings["fallprevention"].mc_ranges == {
        "people": ["0.5", "1", "1.25"], "discount_rate": ["0.01", "0.035", "0.06"]}
    assert without_time(second) == without_time(first)


def test_a_document_of_chosen_initiatives_holds_what_their_economics_name(app, db, tmp_path):
    build_portfolio(db)
    reading = db.scalar(select(Project).where(Project.key == "lasframjande"))
    db.add(Department(key="kultur", name="Kulturförvaltningen"))
    db.add(BudgetLine(project_id=reading.id, category="external", actor="kultur", year=2025,
                      amount=Decimal("30000"), note="Författarbesök"))
    db.commit()

    falls = export_document(db, project_keys=["fallprevention"])
    assert validate_document(falls) == []
    # Only the unit costs its lines use; the whole index and the optimism reductions.
    assert [u["key"] for u in falls["unit_costs"]] == [
        "hemtjanst-timme", "hvb-dygn", "vardag-fallskada"]
    assert len(falls["price_index"]) == 3 and len(falls["optimism"]) == 2
    assert "kultur" not in [d["key"] for d in falls["organisation"]["departments"]]

    doc = export_document(db, project_keys=["lasframjande"])
    assert validate_document(doc) == []
    # A department named only as a budget line's actor comes along.
    assert [d["key"] for d in doc["organisation"]["departments"]] == ["bun", "kultur", "soc"]
    assert [u["key"] for u in doc["unit_costs"]] == ["hvb-dygn"]
    first = build_json(export_document(db))
    db.close()
    with empty_database(app, tmp_path) as fresh:
        import_document(fresh, doc)
        fresh.commit()
        line = fresh.scalar(select(BudgetLine))
        assert (line.actor, line.amount) == ("kultur", Decimal("30000.00"))
    (tmp_path / "whole").mkdir()
    with empty_database(app, tmp_path / "whole") as fresh:
        import_document(fresh, parse_document(first))
        fresh.commit()
        assert without_time(build_json(export_document(fresh))) == without_time(first)


def _refused(db, doc: dict) -> set[str]:
    before = row_counts(db)
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    assert row_counts(db) == before
    return {str(e) for e in caught.value.errors}


def test_bad_economics_are_refused_with_their_paths_and_nothing_is_stored(db):
    build_portfolio(db)
    doc = export_document(db)
    i = doc["projects"].index(project_of(doc, "fallprevention"))
    falls = doc["projects"][i]
    doc["price_index"][1]["value"] = "0"
    doc["unit_costs"][2]["key"] = "vardag-fallskada"
    doc["optimism"][0]["share"] = "1.2"
    budget, benefits = falls["budget"], falls["benefits"]
    budget[0]["amount"] = "mycket"
    budget[1]["year"] = 2024
    budget[2]["actor"] = "kultur"
    benefits[0]["unit_cost"] = "x"
    benefits[0]["deadweight"] = "1.5"
    benefits[1]["key"] = "b1"
    benefits[1]["indicator"] = "i9"
    benefits[2]["indicator"] = "i1"
    benefits[2]["people"] = "-1"
    falls["discount_rate"] = "2.5"
    falls["sensitivity"]["monte_carlo"]["ranges"] = {"people": ["1.5", "1", "2"],
                                                     "speed": ["1", "1", "1"]}
    p = f"projects[{i}]"
    fraction = 'must be a fraction between 0 and 1 ("0.035" is 3.5 %)'
    assert _refused(db, doc) == {
        "price_index[1].value: must be greater than 0",
        "unit_costs[3].key: 'vardag-fallskada' is used twice (also at unit_costs[2].key)",
        f"optimism[0].share: {fraction}",
        f'{p}.budget[0].amount: must be a decimal number in a string, like "1250000.00"',
        f"{p}.budget[1].year: 2024 is before the project starts (2025)",
        f"{p}.budget[2].actor: no department has the key 'kultur', and it is not an external "
        "actor (one of: region, forsakringskassan, kriminalvarden, arbetsformedlingen, state, "
        "other)",
        f"{p}.benefits[0].unit_cost: no unit cost has the key 'x'",
        f"{p}.benefits[0].deadweight: {fraction}",
        f"{p}.benefits[1].key: 'b1' is used twice (also at {p}.benefits[0].key)",
        f"{p}.benefits[1].indicator: no indicator of the project's logic model has the key "
        "'i9'",
        f"{p}.benefits[2].indicator: 'i1' is a process indicator: a benefit line needs an outcome "
        "indicator",
        f"{p}.benefits[2].people: must be at least 0",
        f"{p}.discount_rate: {fraction}",
        f"{p}.sensitivity.monte_carlo.ranges.people: low must not exceed likely, nor likely "
        "high",
        f"{p}.sensitivity.monte_carlo.ranges.speed: is not a known key; one of: people, "
        "unit_costs, years, discount_rate",
    }


def test_an_entered_line_needs_its_people_and_a_year_within_the_horizon(db):
    build_portfolio(db)
    doc = export_document(db)
    i = doc["projects"].index(project_of(doc, "fallprevention"))
    benefits = doc["projects"][i]["benefits"]
    del benefits[0]["people"]
    benefits[1]["people"] = None  # a derived line may have none: it is derived again
    benefits[2]["first_year"] = 2076
    doc["projects"][i]["sensitivity"]["factor"] = "0"
    assert _refused(db, doc) == {
        f"projects[{i}].benefits[0].people: is required when people_source is 'entered'",
        f"projects[{i}].benefits[2].first_year: 2076 is more than 50 years after the project "
        "starts",
        f'projects[{i}].sensitivity.factor: must be a fraction greater than 0 and at most 1 '
        '("0.25" varies each assumption by 25 %)',
    }


def _new_project_document() -> dict:
    """A document adding one project with economics next to the portfolio, naming a unit cost,
    index years and optimism grades the portfolio has already, and new ones."""
    return {
        "format": "satsa/1",
        "organisation": {"name": "", "departments": [{"key": "kultur", "name": "Kultur"}]},
        "funds": [], "criteria": [],
        "price_index": [{"year": 2023, "value": "999"}, {"year": 2030, "value": "130"}],
        "unit_costs": [{"key": "hvb-dygn", "name": "Annat namn", "unit": "dygn",
                        "amount": "1.00", "price_year": 2023},
                       {"key": "bibliotek-timme", "name": "Bibliotekarietimme", "unit": "timme",
                        "amount": "450.00", "price_year": 2025, "confidence": "B"}],
        "optimism": [{"grade": "C", "share": "0.9"}, {"grade": "A", "share": "0.01"}],
        "projects": [{
            "key": "lasombud", "title": "Läsombud", "start": "2025-01-01",
            "budget": [{"category": "staff", "actor": "kultur", "year": 2025,
                        "amount": "100000"}],
            "benefits": [{"key": "b1", "unit_cost": "hvb-dygn", "people": "1",
                          "units_per_person": "2", "actor": "kultur", "first_year": 2025},
                         {"key": "b2", "unit_cost": "bibliotek-timme", "people": "3",
                          "units_per_person": "4", "actor": "region", "first_year": 2026}],
        }],
    }


def test_an_import_adds_to_the_library_and_reuses_what_it_has(db):
    build_portfolio(db)
    doc = _new_project_document()
    summary = import_document(db, doc)
    db.commit()
    assert summary.unit_costs == 1
    hvb = db.scalar(select(UnitCost).where(UnitCost.key == "hvb-dygn"))
    assert (hvb.name, hvb.amount) == ("Placering HVB, per dygn", Decimal("4200.00"))
    assert {p.year: p.value for p in db.scalars(select(PriceIndexPoint))} == {
        2023: Decimal("100"), 2024: Decimal("102.5"), 2025: Decimal("105.125"),
        2030: Decimal("130")}
    assert {g.grade: g.share for g in db.scalars(select(OptimismGrade))} == {
        "A": Decimal("0.01"), "C": Decimal("0.125"), "E": Decimal("0.35")}
    project = project_of(export_document(db), "lasombud")
    # The reused item counts with the database's amount: 4550.50 local, 2023 → 2025 prices.
    assert [b["unit_cost"] for b in project["benefits"]] == ["hvb-dygn", "bibliotek-timme"]
    by_actor = {r["actor"]: r for r in project["computed_economics"]["by_actor"]}
    expected = (Decimal("2") * Decimal("4550.50") * Decimal("105.125") / Decimal("100")
                * (1 - Decimal("0.125"))).quantize(Decimal("0.01"))
    assert by_actor["kultur"]["benefit"] == str(expected)
    assert (project["discount_rate"], project["price_year"]) == ("0.035", 2025)


def test_a_document_without_economics_gets_the_defaults(db):
    doc = _new_project_document()
    project = doc["projects"][0]
    for key in ("budget", "benefits"):
        del project[key]
    for key in ("price_index", "unit_costs", "optimism"):
        del doc[key]
    summary = import_document(db, doc)
    db.commit()
    assert summary.not_imported == []
    written = project_of(export_document(db), "lasombud")
    assert (written["budget"], written["benefits"]) == ([], [])
    assert (written["discount_rate"], written["price_year"]) == ("0.035", 2025)
    assert written["sensitivity"]["factor"] == "0.25"
    stored = db.scalar(select(ProjectEconomics))
    assert (stored.price_year, stored.mc_seed, stored.mc_draws) == (None, 20240101, 10000)


def test_contracts_are_still_named_as_not_stored(db):
    doc = _new_project_document()
    doc["projects"][0]["contract"] = {"investor": "Fonden"}
    summary = import_document(db, doc)
    assert summary.not_imported == ["projects[0].contract"]


# --- the documented example ---------------------------------------------------------------


def _documented_example() -> dict:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- example: economics[^>]*-->\n```json\n(.*?)\n```", text, re.S)
    assert match, "docs/format.md has no example of an initiative's economics"
    return json.loads(match.group(1))


def test_the_example_in_the_format_description_is_what_an_export_writes(db):
    build_portfolio(db)
    doc = export_document(db)
    example = copy.deepcopy(_documented_example())
    assert example["price_index"] == doc["price_index"]
    assert example["unit_costs"] == doc["unit_costs"][:len(example["unit_costs"])]
    assert example["optimism"] == doc["optimism"]
    (shown,) = example["projects"]
    falls = project_of(doc, "fallprevention")
    for key, value in shown.items():
        if isinstance(value, list):
            assert value == falls[key][:len(value)], key
        else:
            assert value == falls[key], key
    assert list(shown) == [key for key in falls if key in shown]
