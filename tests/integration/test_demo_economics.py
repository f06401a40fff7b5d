"""The demo's costs and benefits: the truancy initiative and the preventive home visits."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from models import Project, UnitCost, costs
from models.demo import seed_demo
from models.demo_economics import DEMO, LINES
from models.domain import economics as ec


def test_the_demo_initiatives_have_costs_benefits_and_a_return(db):
    seed_demo(db)
    db.commit()
    assert db.scalar(select(func.count()).select_from(UnitCost)
                     .where(UnitCost.is_example.is_(True))) == 8
    results = {}
    for key in LINES:
        project = db.scalar(select(Project).where(Project.key == key))
        loaded = costs.project_costs(db, project)
        assert loaded.budget and loaded.benefits, key
        # Every assumption is marked as the demo's.
        assert all(line.note.startswith(DEMO.strip()) for line in loaded.budget), key
        assert all(line.note.startswith(DEMO.strip()) for line in loaded.benefits), key
        assert loaded.settings is not None and loaded.settings.mc_ranges, key
        results[key] = ec.calculate(loaded.inputs())
    for key, result in results.items():
        assert result.return_per_krona is not None and result.return_per_krona > 0, key
        assert result.payback_year is not None, key
    # The guide: four million kronor over three years.
    assert ec.money(results["skolfranvaro"].cost_total) == Decimal("4000000.00")
    assert {row.year for row in results["skolfranvaro"].years if row.cost} == {
        2023, 2024, 2025, 2026}

