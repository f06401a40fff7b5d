"""Reading and writing an initiative's follow-up: how each indicator is reported, its values per
period, resource use per activity, and the report the page and the workbook show.

Functions flush, never commit. Every write checks its input first and raises
``FollowUpRefused`` (naming the form field) before anything changes, so a refused write leaves
everything as it was. A write carrying the version the user saw raises
``FollowUpRefused(None, STALE)`` when someone else saved in between.

A value is identified by its indicator, period and breakdown (dimension and category; both
empty for the total). A second value for the same is refused unless the caller asks to replace
the stored one, so values are never doubled. Imports are all or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from models.costs import STALE
from models.domain import N_
from models.domain import follow_up as fu
from models.domain import logic as lm
from models.economics import BudgetLine
from models.follow_up import IndicatorReporting, IndicatorValue, ResourceUse
from models.logic_model import LogicElement, LogicIndicator
from models.organisation import LedgerEntry
from models.project import Project

MAX_TEXT = 2000
MAX_NAME = 200
MAX_DIMENSION = 60
MAX_CATEGORY = 100
#: What the database keeps of a measure: 14 digits before the point and 4 after it.
MAX_MEASURE = Decimal("99999999999999")
PLACES = 4
YEAR_MIN, YEAR_MAX = 1990, 2200

ZERO = Decimal("0.00")


class FollowUpRefused(Exception):
    """A write that is not allowed; ``field`` names the form field (None: the whole form),
    ``message`` is a msgid with ``params``. ``row`` is the data row of an import (1 = the
    first)."""

    def __init__(self, field: str | None, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.field = field
        self.message = message
        self.params = params
        self.row: int | None = None


# --- Reading ----------------------------------------------------------------------------------


def followed_indicators(project: Project) -> list[LogicIndicator]:
    """The process measures and outcome indicators of the logic model, in the model's order
    (activities, short-term, then long-term outcomes)."""
    elements = sorted(project.logic_elements,
                      key=lambda e: (lm.RANK.get(e.level, len(lm.LEVELS)), e.position, e.id))
    return [i for e in elements for i in e.indicators if i.kind in fu.KINDS]


def activities(project: Project) -> list[LogicElement]:
    """The logic model's activities, in order."""
    return sorted((e for e in project.logic_elements if e.level == "activity"),
                  key=lambda e: (e.position, e.id))


def reporting_of(session: Session, project: Project) -> dict[int, IndicatorReporting]:
    """Indicator id → how it is reported."""
    return {r.indicator_id: r for r in session.scalars(
        select(IndicatorReporting).where(IndicatorReporting.project_id == project.id))}


def values_of(session: Session, project: Project) -> list[IndicatorValue]:
    return list(session.scalars(
        select(IndicatorValue).where(IndicatorValue.project_id == project.id)
        .order_by(IndicatorValue.period, IndicatorValue.dimension, IndicatorValue.category,
                  IndicatorValue.id)))


def value_by_id(session: Session, project: Project, value_id: int) -> IndicatorValue | None:
    return session.scalar(select(IndicatorValue).where(IndicatorValue.project_id == project.id,
                                                       IndicatorValue.id == value_id))


def resource_uses(session: Session, project: Project) -> list[ResourceUse]:
    return list(session.scalars(
        select(ResourceUse).where(ResourceUse.project_id == project.id)
        .options(joinedload(ResourceUse.element))
        .order_by(ResourceUse.period, ResourceUse.competence, ResourceUse.id)))


def resource_by_id(session: Session, project: Project, resource_id: int) -> ResourceUse | None:
    return session.scalar(select(ResourceUse).where(ResourceUse.project_id == project.id,
                                                    ResourceUse.id == resource_id))


def money_of(session: Session, project: Project) -> tuple[Decimal, Decimal]:
    """The money allocated to and disbursed to ``project`` in the ledger of every fund."""
    sums = dict(session.execute(
        select(LedgerEntry.kind, func.sum(LedgerEntry.amount))
        .where(LedgerEntry.project_id == project.id).group_by(LedgerEntry.kind)).all())
    return (Decimal(sums.get("allocation") or ZERO), Decimal(sums.get("disbursement") or ZERO))


def budget_total(session: Session, project: Project) -> Decimal:
    total = session.scalar(select(func.sum(BudgetLine.amount))
                           .where(BudgetLine.project_id == project.id))
    return Decimal(total or ZERO)


# --- Checking values ----------------------------------------------------------------------------


def _text(value: str | None, field_name: str, *, limit: int = MAX_TEXT,
          required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise FollowUpRefused(field_name, N_("Enter a text."))
    if len(text) > limit:
        raise FollowUpRefused(field_name, N_("At most %(n)s characters."), n=limit)
    return text


def _measure(value: Any, field_name: str) -> Decimal | None:
    """A number as the database keeps it (at most four decimals), or None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | float):
        raise FollowUpRefused(field_name, N_("Enter a number."))
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise FollowUpRefused(field_name, N_("Enter a number.")) from None
    if not number.is_finite():
        raise FollowUpRefused(field_name, N_("Enter a number."))
    if abs(number) > MAX_MEASURE:
        raise FollowUpRefused(field_name, N_("The value is too large."))
    if number.as_tuple().exponent < -PLACES:  # type: ignore[operator]
        raise FollowUpRefused(field_name, N_("Give the value with at most four decimals."))
    return number


def _hours(value: Any, field_name: str) -> Decimal | None:
    number = _measure(value, field_name)
    if number is not None and number < 0:
        raise FollowUpRefused(field_name, N_("Hours cannot be negative."))
    return number


def _period(value: Any, field_name: str, frequency: str | None = None) -> date:
    """The first day of the period written as ``2025-03`` or ``2025-Q1`` (a date is taken as
    the period starting on it), checked against the indicator's frequency."""
    if isinstance(value, date):
        period = fu.Period(value, fu.QUARTER if frequency == fu.QUARTER else fu.MONTH)
        if value.day != 1:
            period = None
    else:
        period = fu.parse_period(str(value or ""))
    if period is None:
        raise FollowUpRefused(field_name, N_("Give the period as YYYY-MM for a month or YYYY-Qn "
                                             "for a quarter, for example 2025-03 or 2025-Q1."))
    if not YEAR_MIN <= period.start.year <= YEAR_MAX:
        raise FollowUpRefused(field_name, N_("Enter a year between %(low)s and %(high)s."),
                              low=YEAR_MIN, high=YEAR_MAX)
    problem = fu.period_problem(period, frequency)
    if problem:
        raise FollowUpRefused(field_name, problem)
    return period.start


def _check_version(row: Any, version: int | None) -> None:
    if row is not None and version is not None and version != row.version:
        raise FollowUpRefused(None, STALE)


# --- How indicators are reported ---------------------------------------------------------------


@dataclass(frozen=True)
class ReportingValues:
    frequency: str
    #: ``2025-03`` or ``2025-Q1``; empty: from the project's start.
    first_period: str = ""
    responsible: str = ""


def save_reporting(session: Session, project: Project, indicator: LogicIndicator,
                   values: ReportingValues, *, version: int | None) -> IndicatorReporting:
    """Set how ``indicator`` is reported (creating the setting the first time)."""
    existing = session.scalar(select(IndicatorReporting)
                              .where(IndicatorReporting.indicator_id == indicator.id))
    _check_version(existing, version)
    if values.frequency not in fu.FREQUENCIES:
        raise FollowUpRefused("frequency", N_("Choose how often the indicator is reported."))
    first = None
    if (values.first_period or "").strip():
        first = _period(values.first_period, "first_period", values.frequency)
    responsible = _text(values.responsible, "responsible", limit=MAX_NAME)
    row = existing
    if row is None:
        row = IndicatorReporting(project_id=project.id, indicator_id=indicator.id)
        session.add(row)
    for name, value in (("frequency", values.frequency), ("first_period", first),
                        ("responsible", responsible)):
        if getattr(row, name) != value:
            setattr(row, name, value)
    session.flush()
    return row


# --- Values -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueInput:
    """A value as entered or imported: the indicator's key and the period as written."""

    indicator: str
    period: Any
    planned: Any = None
    actual: Any = None
    reported_by: str = ""
    comment: str = ""
    dimension: str = ""
    category: str = ""


@dataclass(frozen=True)
class CheckedValue:
    indicator: LogicIndicator
    period: date
    planned: Decimal | None
    actual: Decimal | None
    reported_by: str
    comment: str
    dimension: str
    category: str

    @property
    def identity(self) -> tuple[int, date, str, str]:
        return (self.indicator.id, self.period, self.dimension, self.category)


def _check_value(project: Project, indicators: dict[str, LogicIndicator],
                 frequencies: dict[int, str], values: ValueInput, today: date) -> CheckedValue:
    key = (values.indicator or "").strip()
    if not key:
        raise FollowUpRefused("indicator", N_("Choose an indicator."))
    indicator = indicators.get(key)
    if indicator is None:
        raise FollowUpRefused("indicator", N_("The logic model has no process measure or "
                                              "outcome indicator “%(key)s”."), key=key)
    period = _period(values.period, "period", frequencies.get(indicator.id))
    planned = _measure(values.planned, "planned")
    actual = _measure(values.actual, "actual")
    if planned is None and actual is None:
        raise FollowUpRefused("actual", N_("Enter the planned value, the actual value or both."))
    for name, number in (("planned", planned), ("actual", actual)):
        problem = fu.value_problem(indicator.unit, number) if number is not None else None
        if problem:
            raise FollowUpRefused(name, problem)
    if actual is not None and period > today:
        raise FollowUpRefused("actual", N_("The period %(period)s has not started yet; enter "
                                           "only the planned value."),
                              period=fu.period_label(period, frequencies.get(indicator.id)))
    dimension = _text(values.dimension, "dimension", limit=MAX_DIMENSION)
    category = _text(values.category, "category", limit=MAX_CATEGORY)
    if dimension and not category:
        raise FollowUpRefused("category", N_("Give the category of the breakdown, for example "
                                             "“tisdag” for the weekday."))
    if category and not dimension:
        raise FollowUpRefused("dimension", N_("Give what the value is broken down by, for "
                                              "example “Veckodag”, or leave the category "
                                              "empty for the total."))
    return CheckedValue(indicator, period, planned, actual,
                        _text(values.reported_by, "reported_by", limit=MAX_NAME),
                        _text(values.comment, "comment"), dimension, category)


def _context(session: Session, project: Project) -> tuple[dict[str, LogicIndicator],
                                                           dict[int, str]]:
    indicators = {i.key: i for i in followed_indicators(project)}
    frequencies = {indicator_id: r.frequency
                   for indicator_id, r in reporting_of(session, project).items()}
    return indicators, frequencies


def _find(session: Session, project: Project, identity: tuple[int, date, str, str]
          ) -> IndicatorValue | None:
    indicator_id, period, dimension, category = identity
    return session.scalar(select(IndicatorValue).where(
        IndicatorValue.project_id == project.id, IndicatorValue.indicator_id == indicator_id,
        IndicatorValue.period == period, IndicatorValue.dimension == dimension,
        IndicatorValue.category == category))


def _breakdown_text(value: CheckedValue) -> str:
    return f" ({value.dimension}: {value.category})" if value.dimension else ""


def _taken(value: CheckedValue, frequency: str | None, message: str) -> FollowUpRefused:
    return FollowUpRefused("period", message, indicator=value.indicator.key,
                           period=fu.period_label(value.period, frequency),
                           breakdown=_breakdown_text(value))


TAKEN = N_("There is already a value for %(indicator)s in %(period)s%(breakdown)s. Tick "
           "“Replace the existing value” to replace it, or edit the stored value.")
TAKEN_IN_IMPORT = N_("There is already a value for %(indicator)s in %(period)s%(breakdown)s. "
                     "Tick “Replace existing values” to replace the stored values.")

_VALUE_FIELDS = ("period", "planned", "actual", "reported_by", "comment", "dimension",
                 "category")


def _apply(row: IndicatorValue, value: CheckedValue, recorded_by: str) -> None:
    if row.indicator_id != value.indicator.id:
        row.indicator_id = value.indicator.id
        row.indicator = value.indicator
    for name in _VALUE_FIELDS:
        if getattr(row, name) != getattr(value, name):
            setattr(row, name, getattr(value, name))
    if recorded_by and row.recorded_by != recorded_by:
        row.recorded_by = recorded_by


def add_value(session: Session, project: Project, values: ValueInput, *, today: date,
              replace: bool = False, recorded_by: str = "") -> tuple[IndicatorValue, bool]:
    """Store a value; returns it and whether it replaced a stored one (only with
    ``replace``; otherwise a value already stored for the same is refused)."""
    indicators, frequencies = _context(session, project)
    value = _check_value(project, indicators, frequencies, values, today)
    existing = _find(session, project, value.identity)
    if existing is not None and not replace:
        raise _taken(value, frequencies.get(value.indicator.id), TAKEN)
    row = existing or IndicatorValue(project_id=project.id)
    if existing is None:
        session.add(row)
    _apply(row, value, recorded_by)
    session.flush()
    return row, existing is not None


def update_value(session: Session, project: Project, row: IndicatorValue, values: ValueInput,
                 *, version: int | None, today: date, replace: bool = False,
                 recorded_by: str = "") -> bool:
    """Change a stored value; moving it onto another stored value's period and breakdown
    replaces that one with ``replace`` (returns True) and is refused otherwise."""
    _check_version(row, version)
    indicators, frequencies = _context(session, project)
    value = _check_value(project, indicators, frequencies, values, today)
    other = _find(session, project, value.identity)
    replaced = other is not None and other.id != row.id
    if replaced:
        if not replace:
            raise _taken(value, frequencies.get(value.indicator.id), TAKEN)
        session.delete(other)
        session.flush()
    _apply(row, value, recorded_by)
    session.flush()
    return replaced


def delete_value(session: Session, row: IndicatorValue, *, version: int | None) -> None:
    _check_version(row, version)
    session.delete(row)
    session.flush()


@dataclass(frozen=True)
class ImportReport:
    added: int
    replaced: int


def import_values(session: Session, project: Project, rows: Sequence[ValueInput], *,
                  today: date, replace: bool = False, recorded_by: str = "") -> ImportReport:
    """Store every row or none. A bad row is refused with its number (1 = the first data row)
    in the error's ``row``: a row repeating another's indicator, period and breakdown, and,
    without ``replace``, a row for which a value is already stored."""
    if not rows:
        raise FollowUpRefused(None, N_("The file holds no values."))
    indicators, frequencies = _context(session, project)
    seen: dict[tuple[int, date, str, str], int] = {}
    checked: list[tuple[CheckedValue, IndicatorValue | None]] = []
    for number, values in enumerate(rows, start=1):
        try:
            value = _check_value(project, indicators, frequencies, values, today)
            if value.identity in seen:
                raise FollowUpRefused(
                    "period", N_("The same indicator, period and breakdown as in data row "
                                 "%(other)d; give each value once."),
                    other=seen[value.identity])
            seen[value.identity] = number
            existing = _find(session, project, value.identity)
            if existing is not None and not replace:
                raise _taken(value, frequencies.get(value.indicator.id), TAKEN_IN_IMPORT)
        except FollowUpRefused as error:
            error.row = number
            raise
        checked.append((value, existing))
    added = replaced = 0
    for value, existing in checked:
        row = existing
        if row is None:
            row = IndicatorValue(project_id=project.id)
            session.add(row)
            added += 1
        else:
            replaced += 1
        _apply(row, value, recorded_by)
    session.flush()
    return ImportReport(added, replaced)


# --- Resource use -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResourceValues:
    activity: str
    period: Any
    competence: str
    planned_hours: Any = None
    actual_hours: Any = None
    comment: str = ""


def _check_resource(project: Project, values: ResourceValues) -> dict[str, Any]:
    key = (values.activity or "").strip()
    element = next((e for e in activities(project) if e.key == key), None)
    if element is None:
        raise FollowUpRefused("activity", N_("Choose an activity of the logic model."))
    period = _period(values.period, "period")
    competence = _text(values.competence, "competence", limit=MAX_NAME, required=True)
    planned = _hours(values.planned_hours, "planned_hours")
    actual = _hours(values.actual_hours, "actual_hours")
    if planned is None and actual is None:
        raise FollowUpRefused("actual_hours", N_("Enter the planned hours, the actual hours or "
                                                 "both."))
    return {"element_id": element.id, "period": period, "competence": competence,
            "planned_hours": planned, "actual_hours": actual,
            "comment": _text(values.comment, "comment")}


def _resource_taken(session: Session, project: Project, checked: dict[str, Any],
                    own_id: int | None) -> None:
    other = session.scalar(select(ResourceUse.id).where(
        ResourceUse.element_id == checked["element_id"],
        ResourceUse.period == checked["period"],
        ResourceUse.competence == checked["competence"]))
    if other is not None and other != own_id:
        raise FollowUpRefused("competence", N_("Hours of this competence on this activity are "
                                               "already registered for the period; edit them "
                                               "instead."))


def add_resource(session: Session, project: Project, values: ResourceValues) -> ResourceUse:
    checked = _check_resource(project, values)
    _resource_taken(session, project, checked, None)
    row = ResourceUse(project_id=project.id, **checked)
    session.add(row)
    session.flush()
    return row


def update_resource(session: Session, project: Project, row: ResourceUse,
                    values: ResourceValues, *, version: int | None) -> None:
    _check_version(row, version)
    checked = _check_resource(project, values)
    _resource_taken(session, project, checked, row.id)
    for name, value in checked.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    session.flush()


def delete_resource(session: Session, row: ResourceUse, *, version: int | None) -> None:
    _check_version(row, version)
    session.delete(row)
    session.flush()


# --- The report ----------------------------------------------------------------------------------


def _period_values(rows: Iterable[IndicatorValue], frequency: str | None, way: int
                   ) -> tuple[fu.PeriodValue, ...]:
    return tuple(
        fu.PeriodValue(period=r.period, label=fu.period_label(r.period, frequency),
                       planned=r.planned, actual=r.actual, dimension=r.dimension,
                       category=r.category, reported_by=r.reported_by, comment=r.comment,
                       id=r.id, behind=fu.behind_plan(r.planned, r.actual, way))
        for r in rows)


def follow_up_report(session: Session, project: Project, today: date) -> fu.FollowUpReport:
    """Everything the follow-up page and the workbook's sheet show, in a fixed number of
    queries: indicators with their values, the missing data, resource use and the status."""
    reporting = reporting_of(session, project)
    by_indicator: dict[int, list[IndicatorValue]] = defaultdict(list)
    for row in values_of(session, project):
        by_indicator[row.indicator_id].append(row)
    reports, missing, without_start = [], [], []
    for indicator in followed_indicators(project):
        setting = reporting.get(indicator.id)
        frequency = setting.frequency if setting else None
        way = fu.direction(indicator.baseline, indicator.target)
        rows = by_indicator.get(indicator.id, [])
        report = fu.IndicatorReport(
            id=indicator.id, key=indicator.key, name=indicator.name, kind=indicator.kind,
            unit=indicator.unit, baseline=indicator.baseline, target=indicator.target,
            element=indicator.element.key, frequency=frequency,
            first_period=setting.first_period if setting else None,
            responsible=setting.responsible if setting else "",
            totals=_period_values((r for r in rows if not r.dimension), frequency, way),
            breakdowns=_period_values((r for r in rows if r.dimension), frequency, way),
            reporting_version=setting.version if setting else None)
        reports.append(report)
        if setting is None:
            continue
        first = setting.first_period or project.start
        if first is None:
            without_start.append(indicator.key)
            continue
        reported = [r.period for r in rows if r.actual is not None]
        for period in fu.missing_periods(first, setting.frequency, reported, today,
                                         project.end):
            missing.append(fu.MissingValue(indicator.key, indicator.name, period,
                                           fu.period_label(period, setting.frequency),
                                           setting.responsible))
    order = {e.id: n for n, e in enumerate(activities(project))}
    resources = tuple(
        fu.ResourceRow(id=r.id, activity_key=r.element.key, activity=r.element.text,
                       period=r.period, label=fu.period_label(r.period, fu.MONTH),
                       competence=r.competence, planned=r.planned_hours,
                       actual=r.actual_hours, comment=r.comment)
        for r in sorted(resource_uses(session, project),
                        key=lambda r: (order.get(r.element_id, len(order)), r.period,
                                       r.competence, r.id)))
    hours = fu.activity_hours(resources, [(e.key, e.text) for e in activities(project)])
    allocated, disbursed = money_of(session, project)
    spent = fu.budget_spent(allocated, disbursed, budget_total(session, project))
    missing.sort(key=lambda m: (m.period, m.indicator_key))
    return fu.FollowUpReport(
        title=project.title, today=today, indicators=tuple(reports), missing=tuple(missing),
        resources=resources, activities=hours,
        status=fu.steering_status(reports, spent), without_start=tuple(without_start))


__all__ = [
    "FollowUpRefused", "ImportReport", "ReportingValues", "ResourceValues", "STALE",
    "TAKEN", "TAKEN_IN_IMPORT", "ValueInput", "activities", "add_resource", "add_value",
    "budget_total", "delete_resource", "delete_value", "follow_up_report",
    "followed_indicators", "import_values", "money_of", "reporting_of", "resource_by_id",
    "resource_uses", "save_reporting", "update_resource", "update_value", "value_by_id",
    "values_of",
]
