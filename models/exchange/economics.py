"""The economics of initiatives as the exchange format writes them.

The organisation's unit-cost library, price index and optimism reductions are written at the
top level (``price_index``, ``unit_costs`` and the added ``optimism``); each project carries its
budget and benefit lines, its discount rate and price year, what the application computes from
them (``computed_economics``) and, added, its sensitivity settings. Everything a project's
calculation needs is read in a fixed number of queries however many projects are written, and
the calculation is the one the pages show (``models.costs.ProjectCosts.inputs`` →
``models.domain.economics.calculate``), so a reader of the file sees the same figures.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import costs
from models.design import EvaluationPlan, IndicatorExpectation
from models.domain import economics as ec
from models.economics import BenefitLine, BudgetLine, ProjectEconomics, UnitCost
from models.exchange.canonical import money_text, share_text
from models.logic_models import measure_text
from models.project import Project

#: A project without settings of its own uses these (``models.costs.get_or_create_settings``).
DEFAULT_SEED = 20240101
DEFAULT_DRAWS = 10000


# --- loading --------------------------------------------------------------------------------


def load_economics(session: Session, projects: Iterable[Project]) -> dict[int, costs.ProjectCosts]:
    """What each project's economics needs, by project id: its settings, evaluation plan,
    budget and benefit lines, expected effects, the library, the price index and the optimism
    reductions. People of lines derived from the expected effect are derived here, as
    ``models.costs.project_costs`` derives them for the pages."""
    projects = list(projects)
    ids = sorted(p.id for p in projects)

    def rows(model: Any, *order: Any, options: tuple = ()) -> list:
        stmt = select(model).where(model.project_id.in_(ids)).options(*options)
        return list(session.scalars(stmt.order_by(*order)))

    settings = {row.project_id: row for row in rows(ProjectEconomics, ProjectEconomics.id)}
    plans = {row.project_id: row for row in rows(EvaluationPlan, EvaluationPlan.id)}
    budget: dict[int, list[BudgetLine]] = {}
    for line in rows(BudgetLine, BudgetLine.year, BudgetLine.position, BudgetLine.id):
        budget.setdefault(line.project_id, []).append(line)
    benefits: dict[int, list[BenefitLine]] = {}
    for line in rows(BenefitLine, BenefitLine.position, BenefitLine.id, options=(
            selectinload(BenefitLine.unit_cost), selectinload(BenefitLine.indicator))):
        benefits.setdefault(line.project_id, []).append(line)
    expectations: dict[int, dict[int, IndicatorExpectation]] = {}
    for row in rows(IndicatorExpectation, IndicatorExpectation.id,
                    options=(selectinload(IndicatorExpectation.indicator),)):
        expectations.setdefault(row.project_id, {})[row.indicator_id] = row
    units = {unit.key: unit for unit in costs.unit_costs(session)}
    index = costs.price_index(session)
    optimism = costs.optimism_table(session)
    result = {}
    for project in projects:
        pid = project.id
        loaded = costs.ProjectCosts(
            project=project, settings=settings.get(pid), plan=plans.get(pid),
            budget=budget.get(pid, []), benefits=benefits.get(pid, []), unit_costs=units,
            index=index, optimism=optimism, expectations=expectations.get(pid, {}))
        loaded.derive_people()
        result[pid] = loaded
    return result


# --- the organisation's library -------------------------------------------------------------


def used_unit_costs(loaded: Iterable[costs.ProjectCosts]) -> set[str]:
    """The keys of the unit costs the benefit lines of these projects use."""
    return {line.unit_cost.key for c in loaded for line in c.benefits}


def price_index_document(session: Session) -> list[dict[str, Any]]:
    """The top-level ``price_index``: ``{year, value}`` by year."""
    return [{"year": year, "value": measure_text(value)}
            for year, value in sorted(costs.price_index(session).items())]


def unit_costs_document(session: Session,
                        keys: Collection[str] | None = None) -> list[dict[str, Any]]:
    """The top-level ``unit_costs`` by key: every item, or those with ``keys``."""
    units = sorted(costs.unit_costs(session), key=lambda u: u.key)
    return [_unit_cost(u) for u in units if keys is None or u.key in keys]


def _unit_cost(unit: UnitCost) -> dict[str, Any]:
    return {
        "key": unit.key,
        "name": unit.name,
        "unit": unit.unit,
        "amount": money_text(unit.amount),
        "price_year": unit.price_year,
        "source": unit.source,
        "local_amount": money_text(unit.local_amount),
        "confidence": unit.confidence,
        "note": unit.note,
        "example": unit.is_example,
    }


def optimism_document(session: Session) -> list[dict[str, Any]]:
    """The added top-level ``optimism``: the reductions the organisation stored, by grade (a
    grade not listed has the documented default)."""
    return [{"grade": row.grade, "share": share_text(row.share), "note": row.note}
            for row in costs.optimism_rows(session)]


# --- a project's economics ------------------------------------------------------------------


def computed_economics(loaded: costs.ProjectCosts) -> dict[str, Any] | None:
    """What the calculation gives for the project, as FORMAT's ``computed_economics``; None
    when the stored lines cannot be computed (a line before a start date changed since)."""
    try:
        return ec.calculate(loaded.inputs()).as_computed()
    except ec.EconomicsError:
        return None


def _indicator_key(line: BenefitLine) -> str | None:
    """The line's outcome indicator; None for none, or for an indicator whose kind has since
    changed to a process measure (the benefits page no longer offers it)."""
    indicator = line.indicator
    return indicator.key if indicator is not None and indicator.kind == "outcome" else None


def economics_keys(loaded: costs.ProjectCosts) -> dict[str, Any]:
    """The core keys of a project's economics: ``budget``, ``benefits``, ``discount_rate``,
    ``price_year`` (the price year in effect: the one set, else the start year) and
    ``computed_economics``."""
    return {
        "budget": [
            {"category": b.category, "actor": b.actor, "year": b.year,
             "amount": money_text(b.amount), "note": b.note, "month": b.month,
             "phase": b.phase}
            for b in loaded.budget
        ],
        "benefits": [
            {
                "key": line.key,
                "indicator": _indicator_key(line),
                "unit_cost": line.unit_cost.key,
                # Derived lines show the people they count; the import derives them again.
                "people": measure_text(loaded.people.get(line.key)),
                "units_per_person": measure_text(line.units_per_person),
                "actor": line.actor,
                "first_year": line.first_year,
                "years": line.years,
                "deadweight": share_text(line.deadweight),
                "attribution": share_text(line.attribution),
                "drop_off": share_text(line.drop_off),
                "people_source": line.people_source,
                "evidence_years": line.evidence_years,
                "note": line.note,
            }
            for line in loaded.benefits
        ],
        "discount_rate": share_text(loaded.discount_rate),
        "price_year": loaded.price_year,
        "computed_economics": computed_economics(loaded),
    }


def _range_value(value: Any) -> str | None:
    try:
        return measure_text(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def ranges_document(stored: dict | None) -> dict[str, list[str]]:
    """The Monte Carlo ranges in the canonical form: parameters in the calculation page's
    order, each ``[low, likely, high]`` without trailing zeros."""
    result = {}
    for parameter in costs.MC_PARAMETERS:
        values = (stored or {}).get(parameter)
        if not isinstance(values, list | tuple) or len(values) != 3:
            continue
        texts = [_range_value(v) for v in values]
        if None not in texts:
            result[parameter] = texts
    return result


def economics_additions(loaded: costs.ProjectCosts) -> dict[str, Any]:
    """The added key of a project's economics: ``sensitivity``, the one-way variation and the
    Monte Carlo settings (the last run's result is not written: it is derived)."""
    settings = loaded.settings
    return {
        "sensitivity": {
            "factor": share_text(loaded.sensitivity_factor),
            "monte_carlo": {
                "seed": settings.mc_seed if settings is not None else DEFAULT_SEED,
                "draws": settings.mc_draws if settings is not None else DEFAULT_DRAWS,
                "ranges": ranges_document(settings.mc_ranges if settings is not None else None),
            },
        },
    }


def actor_keys(loaded: Iterable[costs.ProjectCosts]) -> set[str]:
    """Every actor the budget and benefit lines of these projects name."""
    return ({b.actor for c in loaded for b in c.budget}
            | {line.actor for c in loaded for line in c.benefits})
