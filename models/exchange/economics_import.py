"""Store the economics of a validated satsa/1 document: the organisation's price index, unit
costs and optimism reductions, and each project's budget, benefits and settings.

An import adds; it never overwrites. A unit cost whose key the database has already is reused as
it is (the document's lines then count with the database's amounts), as are the index's years
and the optimism grades the database has; the others are added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.economics import (
    BenefitLine,
    BudgetLine,
    OptimismGrade,
    PriceIndexPoint,
    ProjectEconomics,
    UnitCost,
)
from models.exchange import schema as s
from models.exchange.economics import ranges_document
from models.project import Project


def _get(data: dict[str, Any], spec: dict[str, Any], key: str) -> Any:
    return data[key] if key in data else spec[key]


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


@dataclass
class StoredLibrary:
    """The unit costs the document's lines name, by key (added or reused), and what was
    added."""

    units: dict[str, UnitCost] = field(default_factory=dict)
    unit_costs_added: int = 0
    index_points_added: int = 0
    grades_added: int = 0


def store_library(session: Session, doc: dict[str, Any]) -> StoredLibrary:
    """Add the document's price index years, unit costs and optimism grades the database does
    not have yet."""
    stored = StoredLibrary()
    top = {key: _get(doc, s.TOP_LEVEL, key) for key in ("price_index", "unit_costs", "optimism")}
    years = set(session.scalars(select(PriceIndexPoint.year)))
    for item in top["price_index"]:
        if item["year"] not in years:
            session.add(PriceIndexPoint(year=item["year"], value=Decimal(item["value"])))
            stored.index_points_added += 1
    grades = set(session.scalars(select(OptimismGrade.grade)))
    for item in top["optimism"]:
        if item["grade"] not in grades:
            session.add(OptimismGrade(grade=item["grade"], share=Decimal(item["share"]),
                                      note=_get(item, s.OPTIMISM_GRADE, "note")))
            stored.grades_added += 1
    keys = [item["key"] for item in top["unit_costs"]]
    stored.units = {unit.key: unit for unit in session.scalars(
        select(UnitCost).where(UnitCost.key.in_(keys)))}
    for item in top["unit_costs"]:
        if item["key"] in stored.units:
            continue

        def u(key: str, item: dict[str, Any] = item) -> Any:
            return _get(item, s.UNIT_COST, key)

        unit = UnitCost(key=u("key"), name=u("name"), unit=u("unit"), amount=Decimal(u("amount")),
                        price_year=u("price_year"), source=u("source"), note=u("note"),
                        local_amount=_decimal(u("local_amount")), confidence=u("confidence"),
                        is_example=u("example"))
        session.add(unit)
        stored.units[unit.key] = unit
        stored.unit_costs_added += 1
    session.flush()
    return stored


def store_economics(session: Session, project: Project, item: dict[str, Any],
                    units: dict[str, UnitCost]) -> tuple[int, int]:
    """Store a project's budget and benefit lines and its settings; its logic model is stored
    already. Return the number of budget and benefit lines.

    Lines keep the document's order. A benefit line whose people are derived from the expected
    effect stores no people: they are derived again from the evaluation plan. The price year is
    stored as given (the document gives the one in effect), so it no longer follows the start.
    """
    indicators = {i.key: i for e in project.logic_elements for i in e.indicators}
    pid = project.id
    p = {key: _get(item, s.PROJECT, key) for key in (
        "budget", "benefits", "discount_rate", "price_year", "sensitivity")}
    for position, data in enumerate(p["budget"], start=1):
        def b(key: str, data: dict[str, Any] = data) -> Any:
            return _get(data, s.BUDGET_LINE, key)
        session.add(BudgetLine(
            project_id=pid, position=position, category=b("category"), actor=b("actor"),
            year=b("year"), month=b("month"), phase=b("phase"), amount=Decimal(b("amount")),
            note=b("note"),
        ))
    for position, data in enumerate(p["benefits"], start=1):
        def f(key: str, data: dict[str, Any] = data) -> Any:
            return _get(data, s.BENEFIT_LINE, key)
        entered = f("people_source") == "entered"
        session.add(BenefitLine(
            project_id=pid, key=f("key"), position=position,
            indicator=indicators[f("indicator")] if f("indicator") is not None else None,
            unit_cost=units[f("unit_cost")], people_source=f("people_source"),
            people=_decimal(f("people")) if entered else None,
            units_per_person=Decimal(f("units_per_person")), actor=f("actor"),
            first_year=f("first_year"), years=f("years"),
            deadweight=Decimal(f("deadweight")), attribution=Decimal(f("attribution")),
            drop_off=Decimal(f("drop_off")), evidence_years=f("evidence_years"), note=f("note"),
        ))
    sensitivity = p["sensitivity"]
    monte_carlo = _get(sensitivity, s.SENSITIVITY, "monte_carlo")

    def m(key: str) -> Any:
        return _get(monte_carlo, s.MONTE_CARLO, key)

    session.add(ProjectEconomics(
        project_id=pid, discount_rate=Decimal(p["discount_rate"]), price_year=p["price_year"],
        sensitivity_factor=Decimal(_get(sensitivity, s.SENSITIVITY, "factor")),
        mc_ranges=ranges_document(m("ranges")), mc_seed=m("seed"), mc_draws=m("draws"),
    ))
    return len(p["budget"]), len(p["benefits"])
