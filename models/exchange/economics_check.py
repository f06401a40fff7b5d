"""Check the economics of a satsa/1 document: the organisation's price index, unit costs and
optimism reductions, and each project's budget, benefits, discount rate, price year and
sensitivity settings.

The limits are those of the costs pages (``models.costs``) and of the calculation
(``models.domain.economics``): a value the pages would refuse is refused here too, with the JSON
path of the value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from models import costs
from models.domain import N_
from models.domain import economics as ec
from models.economics import PEOPLE_SOURCES
from models.exchange import schema as s
from models.exchange.canonical import DATE_PATTERN, DECIMAL_PATTERN
from models.exchange.checker import MAX_INT, Obj, join
from models.exchange.design_check import ModelKeys, model_keys

#: Money columns hold up to 999 999 999 999.99.
MONEY_LIMIT = Decimal("1000000000000")
#: Measures (people, units, index values) are stored with four decimals, below 10¹⁴.
MEASURE_LIMIT = costs.MAX_MEASURE + 1
#: Benefit keys are stored in 20 characters, like logic-model keys.
BENEFIT_KEY_LENGTH = 20
#: The most decimals of a Monte Carlo range value.
RANGE_PLACES = 10
ZERO, ONE = Decimal(0), Decimal(1)


@dataclass
class Library:
    """What a project's lines may name: the document's unit costs, and the actors (the
    document's departments and the external actors)."""

    unit_costs: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)


def _department_keys(doc: dict[str, Any]) -> set[str]:
    organisation = doc.get("organisation")
    departments = organisation.get("departments") if isinstance(organisation, dict) else None
    return {d["key"] for d in (departments if isinstance(departments, list) else [])
            if isinstance(d, dict) and isinstance(d.get("key"), str)}


def _once(obj: Obj, key: str, value: Any, seen: dict[Any, str]) -> None:
    """Report ``value`` when it was given before in the same collection."""
    path = obj.path_of(key)
    if value is not None and seen.setdefault(value, path) != path:
        obj.checker.error(path, N_("'%(key)s' is used twice (also at %(other)s)"),
                          key=str(value), other=seen[value])


def _money(obj: Obj, key: str, *, nullable: bool = False) -> Decimal | None:
    return obj.decimal(key, places=2, minimum=ZERO, below=MONEY_LIMIT, nullable=nullable)


def _measure(obj: Obj, key: str, *, nullable: bool = False) -> Decimal | None:
    """People, units per person: not negative, at most four decimals."""
    return obj.decimal(key, places=4, minimum=ZERO, below=MEASURE_LIMIT, nullable=nullable)


def _share(obj: Obj, key: str) -> Decimal | None:
    """A fraction from 0 to 1 ("0.035" is 3.5 %) with at most four decimals."""
    value = obj.decimal(key, places=4)
    if value is not None and not ZERO <= value <= ONE:
        obj.checker.error(obj.path_of(key),
                          N_("must be a fraction between 0 and 1 (\"0.035\" is 3.5 %)"))
        return None
    return value


def check_library(root: Obj) -> Library:
    """Check ``price_index``, ``unit_costs`` and ``optimism``; return what the projects' lines
    may refer to."""
    library = Library(actors=_department_keys(root.data) | set(costs.EXTERNAL_ACTORS))
    years: dict[Any, str] = {}
    for _i, point in root.objects("price_index", s.PRICE_INDEX_POINT):
        _once(point, "year", point.integer("year", minimum=costs.YEAR_MIN,
                                           maximum=costs.YEAR_MAX), years)
        value = point.decimal("value", places=4, below=MEASURE_LIMIT)
        if value is not None and value <= 0:
            point.checker.error(point.path_of("value"), N_("must be greater than 0"))
    keys: dict[Any, str] = {}
    for _i, unit in root.objects("unit_costs", s.UNIT_COST):
        key = unit.slug("key")
        _once(unit, "key", key, keys)
        if key is not None:
            library.unit_costs.add(key)
        unit.text("name", blank=False, max_length=costs.MAX_NAME)
        unit.text("unit", blank=False, max_length=costs.MAX_UNIT)
        _money(unit, "amount")
        unit.integer("price_year", minimum=costs.YEAR_MIN, maximum=costs.YEAR_MAX)
        unit.text("source", max_length=costs.MAX_TEXT)
        _money(unit, "local_amount", nullable=True)
        unit.choice("confidence", ec.GRADES, nullable=True)
        unit.text("note", max_length=costs.MAX_TEXT)
        unit.boolean("example")
    grades: dict[Any, str] = {}
    for _i, grade in root.objects("optimism", s.OPTIMISM_GRADE):
        _once(grade, "grade", grade.choice("grade", ec.GRADES), grades)
        _share(grade, "share")
        grade.text("note", max_length=costs.MAX_TEXT)
    return library


def start_year(project: dict[str, Any]) -> int | None:
    """The year of the project's ``start`` as given, or None (a bad date is reported
    elsewhere)."""
    start = project.get("start")
    if isinstance(start, str) and DATE_PATTERN.match(start):
        try:
            return date.fromisoformat(start).year
        except ValueError:
            return None
    return None


def _year(obj: Obj, key: str, start: int | None) -> None:
    """A year of a line: not before the project starts, nor more than the horizon after."""
    year = obj.integer(key, minimum=costs.YEAR_MIN, maximum=costs.YEAR_MAX)
    if year is None or start is None:
        return
    if year < start:
        obj.checker.error(obj.path_of(key), N_("%(year)d is before the project starts "
                                               "(%(start)d)"), year=year, start=start)
    elif year > start + costs.HORIZON:
        obj.checker.error(obj.path_of(key), N_("%(year)d is more than %(n)d years after the "
                                               "project starts"), year=year, n=costs.HORIZON)


def _actor(obj: Obj, library: Library) -> None:
    actor = obj.slug("actor")
    if actor is not None and actor not in library.actors:
        obj.checker.error(obj.path_of("actor"), N_(
            "no department has the key '%(key)s', and it is not an external actor (one of: "
            "%(choices)s)"), key=actor, choices=", ".join(costs.EXTERNAL_ACTORS))


def _indicator(line: Obj, keys: ModelKeys) -> None:
    value = line.text("indicator", nullable=True)
    if value is None:
        return
    if value not in keys.indicators:
        line.checker.error(line.path_of("indicator"),
                           N_("no indicator of the project's logic model has the key '%(key)s'"),
                           key=value)
    elif keys.indicators[value] != "outcome":
        line.checker.error(line.path_of("indicator"), N_(
            "'%(key)s' is a process indicator: a benefit line needs an outcome indicator"),
            key=value)


def check_economics(project: Obj, library: Library) -> None:
    """Check a project's budget, benefits, discount rate, price year and sensitivity."""
    start = start_year(project.data)
    for _i, line in project.objects("budget", s.BUDGET_LINE):
        line.choice("category", ec.CATEGORIES)
        _actor(line, library)
        _year(line, "year", start)
        _money(line, "amount")
        line.text("note", max_length=costs.MAX_TEXT)
        line.integer("month", minimum=1, maximum=12, nullable=True)
        line.text("phase", max_length=costs.MAX_PHASE)
    keys = model_keys(project.data)
    seen: dict[Any, str] = {}
    for _i, line in project.objects("benefits", s.BENEFIT_LINE):
        _check_benefit(line, keys, library, start, seen)
    _share(project, "discount_rate")
    project.integer("price_year", minimum=costs.YEAR_MIN, maximum=costs.YEAR_MAX,
                    nullable=True)
    sensitivity = project.object("sensitivity", s.SENSITIVITY)
    if sensitivity is not None:
        _check_sensitivity(sensitivity)


def _check_benefit(line: Obj, keys: ModelKeys, library: Library, start: int | None,
                   seen: dict[Any, str]) -> None:
    _once(line, "key", line.slug("key", max_length=BENEFIT_KEY_LENGTH), seen)
    _indicator(line, keys)
    unit = line.slug("unit_cost")
    if unit is not None and unit not in library.unit_costs:
        line.checker.error(line.path_of("unit_cost"), N_("no unit cost has the key '%(key)s'"),
                           key=unit)
    source = line.choice("people_source", PEOPLE_SOURCES)
    errors = len(line.checker.errors)
    people = _measure(line, "people", nullable=True)
    if source == "entered" and people is None and len(line.checker.errors) == errors:
        line.checker.error(line.path_of("people"),
                           N_("is required when people_source is 'entered'"))
    _measure(line, "units_per_person")
    _actor(line, library)
    _year(line, "first_year", start)
    line.integer("years", minimum=1, maximum=costs.MAX_YEARS)
    for key in ("deadweight", "attribution", "drop_off"):
        _share(line, key)
    line.integer("evidence_years", minimum=0, maximum=costs.MAX_YEARS, nullable=True)
    line.text("note", max_length=costs.MAX_TEXT)


def _check_sensitivity(sensitivity: Obj) -> None:
    factor = sensitivity.decimal("factor", places=4)
    if factor is not None and not ZERO < factor <= ONE:
        sensitivity.checker.error(sensitivity.path_of("factor"), N_(
            "must be a fraction greater than 0 and at most 1 (\"0.25\" varies each assumption "
            "by 25 %)"))
    monte_carlo = sensitivity.object("monte_carlo", s.MONTE_CARLO)
    if monte_carlo is None:
        return
    monte_carlo.integer("seed", minimum=0, maximum=MAX_INT)
    monte_carlo.integer("draws", minimum=1, maximum=costs.MAX_DRAWS)
    ranges, path = monte_carlo.data.get("ranges", {}), monte_carlo.path_of("ranges")
    c = monte_carlo.checker
    if not isinstance(ranges, dict):
        c.error(path, N_("must be an object"))
        return
    for parameter, values in ranges.items():
        where = join(path, parameter)
        if parameter not in costs.MC_PARAMETERS:
            c.error(where, N_("is not a known key; one of: %(choices)s"),
                    choices=", ".join(costs.MC_PARAMETERS))
            continue
        if not isinstance(values, list) or len(values) != 3:
            c.error(where, N_("must be an array [low, likely, high] of decimal numbers in "
                              "strings"))
            continue
        numbers = [_range_value(monte_carlo, join(where, i), v) for i, v in enumerate(values)]
        if None in numbers:
            continue
        low, likely, high = numbers
        if not low <= likely <= high:  # type: ignore[operator]
            c.error(where, N_("low must not exceed likely, nor likely high"))
        elif parameter == ec.DISCOUNT_RATE and high > ONE:  # type: ignore[operator]
            c.error(join(where, 2), N_("is a discount rate: at most 1"))


def _range_value(obj: Obj, path: str, value: Any) -> Decimal | None:
    """A value of a Monte Carlo range: a multiple of the assumed value (the discount rate as a
    rate), not negative."""
    c = obj.checker
    if not isinstance(value, str) or not DECIMAL_PATTERN.match(value):
        c.error(path, N_("must be a decimal number in a string, like \"1250000.00\""))
        return None
    if len(value.partition(".")[2]) > RANGE_PLACES:
        c.error(path, N_("has more than %(n)d decimals"), n=RANGE_PLACES)
        return None
    number = Decimal(value)
    if number < 0:
        c.error(path, N_("must be at least %(n)s"), n="0")
        return None
    if number >= MEASURE_LIMIT:
        c.error(path, N_("is too large"))
        return None
    return number
