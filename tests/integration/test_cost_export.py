"""The decision material carries the economics sheets once a project has costs or benefits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from io import BytesIO

from openpyxl import load_workbook

from models import costs
from models.costs import BenefitValues, BudgetValues, UnitCostValues
from models.economics_report import economics_report, run_monte_carlo
from tests.integration.helpers import make_org, make_project

ECONOMICS_SHEETS = ["Budget", "Enhetskostnader", "Kalkyl", "Känslighet"]


def _workbook(client, project):
    response = client.get(f"/projects/{project.id}/export.xlsx")
    assert response.status_code == 200
    return load_workbook(BytesIO(response.data))


def test_without_costs_the_economics_sheets_are_left_out(db, client, logged_in):
    make_org(db)
    project = make_project(db, "tom", start=date(2025, 1, 1))
    logged_in("viewer")
    names = _workbook(client, project).sheetnames
    assert not set(ECONOMICS_SHEETS) & set(names)


def test_the_sheets_follow_the_design_and_quote_only_a_current_simulation(db, client, logged_in):
    make_org(db)
    project = make_project(db, "skolnarvaro", start=date(2025, 1, 1), size_reached=40,
                           size_total=400)
    costs.add_unit_cost(db, UnitCostValues("omgjort-skolar", "Omgjort skolår", "år", "110000",
                                           2025, confidence="C"))
    costs.add_budget_line(db, project, BudgetValues("staff", "bun", 2025, "1000000",
                                                    note="=HYPERLINK(\"x\")"))
    costs.add_benefit_line(db, project, BenefitValues(
        unit_cost="omgjort-skolar", units_per_person="1", actor="bun", first_year=2026,
        years=2, people="8", attribution="0.2"))
    settings = costs.get_or_create_settings(db, project)
    settings.mc_ranges = {"people": ["0.5", "1", "1.2"]}
    run_monte_carlo(db, project)
    db.commit()
    logged_in("viewer")

    wb = _workbook(client, project)
    names = wb.sheetnames
    assert names[names.index("Budget"):names.index("Budget") + 4] == ECONOMICS_SHEETS
    budget = wb["Budget"]
    notes = [c.value for row in budget.iter_rows() for c in row if isinstance(c.value, str)]
    assert '=HYPERLINK("x")' in notes  # text, not a formula
    sensitivity = [c.value for row in wb["Känslighet"].iter_rows() for c in row]
    assert 20240101 in sensitivity or "20240101" in sensitivity

    # A change after the run makes it out of date: the sheet no longer quotes it.
    costs.add_budget_line(db, project, BudgetValues("material", "bun", 2025, "50000"))
    db.commit()
    assert not economics_report(db, project).monte_carlo.current
    sensitivity = [c.value for row in _workbook(client, project)["Känslighet"].iter_rows()
                   for c in row]
    assert 20240101 not in sensitivity and "20240101" not in sensitivity
    assert economics_report(db, project).result.cost_total == D("1050000")
