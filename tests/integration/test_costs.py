"""Costs, benefits and the unit-cost library in the database (models.costs)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from models import costs
from models.costs import BenefitValues, BudgetValues, CostsRefused, UnitCostValues
from models.design import EvaluationPlan
from models.domain import economics as ec
from models.economics import BenefitLine, BudgetLine, UnitCost
from tests.integration.helpers import make_org, make_project


@pytest.fixture
def project(db):
    make_org(db)
    return make_project(db, "skolnarvaro", start=date(2025, 1, 1), end=date(2027, 12, 31),
                        size_reached=40, size_total=400)


def hvb(db, **changes):
    values = dict(key="hvb-dygn", name="Placering HVB, per dygn", unit="dygn", amount="4000",
                  price_year=2025, confidence="C")
    values.update(changes)
    return costs.add_unit_cost(db, UnitCostValues(**values))


def test_a_project_computes_from_its_lines(db, project):
    hvb(db)
    costs.add_budget_line(db, project, BudgetValues("staff", "soc", 2025, "1000000"))
    costs.add_budget_line(db, project, BudgetValues("evaluation", "bun", 2026, "200000.50"))
    costs.add_benefit_line(db, project, BenefitValues(
        unit_cost="hvb-dygn", units_per_person="30", actor="region", first_year=2026, years=2,
        people="10", deadweight="0.2"))
    costs.save_settings(db, project, discount_rate="0", price_year=None,
                        sensitivity_factor="0.25", version=None)
    db.commit()

    loaded = costs.project_costs(db, project)
    result = ec.calculate(loaded.inputs())
    # 10 × 30 × 4000 × 0.8 × (1 − 0.10 for grade C) = 864 000 a year, two years.
    assert result.benefit_total == D("1728000")
    assert result.cost_total == D("1200000.50")
    assert {row.actor for row in result.by_actor} == {"soc", "bun", "region"}
    assert loaded.price_year == 2025 and loaded.start_year == 2025
    assert [line.key for line in loaded.benefits] == ["b1"]


def test_people_can_come_from_the_expected_effect(db, project):
    hvb(db)
    db.add(EvaluationPlan(project_id=project.id, comparison_details={}, guided_answers={},
                          outcome="proportion", expected_effect=D("-0.15"), n_intervention=60))
    db.flush()
    costs.add_benefit_line(db, project, BenefitValues(
        unit_cost="hvb-dygn", units_per_person="1", actor="soc", first_year=2025, years=1,
        people_source="effect"))
    loaded = costs.project_costs(db, project)
    assert loaded.people["b1"] == D("9.00")  # 60 participants × 15 percentage points
    assert loaded.sources["b1"].effect_from == "plan"


@pytest.mark.parametrize(("values", "field"), [
    (dict(people="-3"), "people"),
    (dict(first_year=2023), "first_year"),
    (dict(unit_cost="finns-inte"), "unit_cost"),
    (dict(deadweight="1.5"), "deadweight"),
    (dict(actor="okand"), "actor"),
    (dict(years=0), "years"),
])
def test_bad_benefit_input_names_the_field_and_stores_nothing(db, project, values, field):
    hvb(db)
    fields = dict(unit_cost="hvb-dygn", units_per_person="1", actor="soc", first_year=2025,
                  years=1, people="2")
    fields.update(values)
    with pytest.raises(CostsRefused) as caught:
        costs.add_benefit_line(db, project, BenefitValues(**fields))
    assert caught.value.field == field
    assert db.query(BenefitLine).count() == 0


def test_a_rate_of_250_percent_is_refused(db, project):
    with pytest.raises(CostsRefused) as caught:
        costs.save_settings(db, project, discount_rate="2.5", price_year=None,
                            sensitivity_factor="0.25", version=None)
    assert caught.value.field == "discount_rate"
    assert costs.settings_of(db, project) is None


def test_budget_year_before_the_start_is_refused(db, project):
    with pytest.raises(CostsRefused) as caught:
        costs.add_budget_line(db, project, BudgetValues("staff", "soc", 2024, "10"))
    assert caught.value.field == "year"
    assert caught.value.params == {"year": 2024, "start": 2025}
    assert db.query(BudgetLine).count() == 0


def test_a_stale_version_is_refused(db, project):
    line = costs.add_budget_line(db, project, BudgetValues("staff", "soc", 2025, "10"))
    db.commit()
    seen = line.version
    costs.update_budget_line(db, project, line, BudgetValues("staff", "soc", 2025, "20"),
                             version=seen)
    db.commit()
    with pytest.raises(CostsRefused) as caught:
        costs.update_budget_line(db, project, line, BudgetValues("staff", "soc", 2025, "30"),
                                 version=seen)
    assert caught.value.message == costs.STALE
    assert line.amount == D("20")


def test_a_unit_cost_in_use_cannot_be_deleted(db, project):
    unit = hvb(db)
    costs.add_benefit_line(db, project, BenefitValues(
        unit_cost="hvb-dygn", units_per_person="1", actor="soc", first_year=2025, years=1,
        people="1"))
    with pytest.raises(CostsRefused):
        costs.delete_unit_cost(db, unit, version=unit.version)
    assert costs.unit_cost_by_key(db, "hvb-dygn") is not None


def test_import_is_all_or_nothing(db):
    hvb(db)
    rows = [UnitCostValues("hvb-dygn", "HVB", "dygn", "4200", 2025),
            UnitCostValues("gymnasieår", "Ett år", "år", "120000", 2025)]
    with pytest.raises(CostsRefused) as caught:
        costs.import_unit_costs(db, rows)
    assert (caught.value.row, caught.value.field) == (2, "key")
    assert costs.unit_cost_by_key(db, "hvb-dygn").amount == D("4000")
    report = costs.import_unit_costs(db, [rows[0], UnitCostValues("gy-ar", "Ett år", "år",
                                                                  "120000", 2025)])
    assert (report.added, report.updated) == (1, 1)
    assert db.query(UnitCost).count() == 2


def test_an_edited_example_becomes_the_organisations_own(db):
    unit = costs.add_unit_cost(db, UnitCostValues("hvb-dygn", "HVB", "dygn", "4000", 2025),
                               example=True)
    costs.update_unit_cost(db, unit, UnitCostValues("hvb-dygn", "HVB", "dygn", "4100", 2025),
                           version=unit.version)
    assert unit.is_example is False


def test_price_index_and_optimism_are_replaced_whole(db):
    costs.save_price_index(db, {2024: "100", 2025: "103.5"})
    costs.save_price_index(db, {2025: "103.5", 2026: "106"})
    assert costs.price_index(db) == {2025: D("103.5"), 2026: D("106")}
    with pytest.raises(CostsRefused) as caught:
        costs.save_price_index(db, {2027: "0"})
    assert caught.value.field == "index_2027"
    assert costs.optimism_table(db) == dict(ec.DEFAULT_OPTIMISM)
    costs.save_optimism(db, {"A": "0", "B": "0.1", "C": "0.1", "D": "0.2", "E": "0.4"})
    assert costs.optimism_table(db)["E"] == D("0.4")
