"""Operations on a project's logic model. Functions flush, never commit.

Every write checks its input first and raises LogicModelRefused (naming the field) before anything
changes, so a refused write leaves the model as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from models.base import utcnow
from models.domain import N_
from models.domain import logic as lm
from models.logic_model import LogicElement, LogicIndicator, LogicLink, LogicModel
from models.project import Project

#: Largest baseline or target (in absolute value) every supported database keeps exactly.
MEASURE_LIMIT = Decimal("10000000000")


class LogicModelRefused(Exception):
    """A write that is not allowed; ``field`` names the form field, ``message`` says why."""

    def __init__(self, field: str, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.field = field
        self.message = message
        self.params = params


@dataclass(frozen=True)
class IndicatorValues:
    name: str
    kind: str = "outcome"
    data_source: str = ""
    data_source_kind: str | None = None
    data_level: str | None = None
    unit: str | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    horizon_months: int | None = None


# --- reading -------------------------------------------------------------------------------


def to_domain(project: Project) -> lm.Model:
    """Return the project's logic model as plain data (elements in display order)."""
    elements = sorted(project.logic_elements, key=lambda e: (lm.RANK[e.level], e.position, e.id))
    return lm.Model(
        elements=tuple(_element(e) for e in elements),
        links=tuple(
            lm.Link(link.source.key, link.target.key)
            for e in elements
            for link in sorted(e.outgoing, key=lambda link: link.target.key)
        ),
        purpose=project.logic_model.purpose if project.logic_model else "",
    )


def _element(element: LogicElement) -> lm.Element:
    return lm.Element(
        key=element.key,
        level=element.level,
        text=element.text,
        indicators=tuple(
            lm.Indicator(
                key=i.key, name=i.name, kind=i.kind, data_source=i.data_source, unit=i.unit,
                baseline=_plain(i.baseline), target=_plain(i.target),
                horizon_months=i.horizon_months, data_source_kind=i.data_source_kind,
                data_level=i.data_level,
            )
            for i in element.indicators
        ),
        assumptions=tuple(element.assumption_list),
    )


def _plain(value: Decimal | None) -> Decimal | None:
    """Drop the trailing zeros a Numeric column adds, so stored and entered values compare."""
    if value is None:
        return None
    normalised = value.normalize()
    return normalised.quantize(Decimal(1)) if normalised == normalised.to_integral() else normalised


def element_by_key(project: Project, key: str) -> LogicElement | None:
    return next((e for e in project.logic_elements if e.key == key), None)


def indicator_by_key(project: Project, key: str) -> LogicIndicator | None:
    return next((i for e in project.logic_elements for i in e.indicators if i.key == key), None)


def has_logic_model(project: Project) -> bool:
    return bool(project.logic_elements)


def checklist_facts(project: Project) -> dict[str, bool | None]:
    """The checklist items derived from the logic model's checks."""
    model = to_domain(project)
    findings = lm.check(model) if model.elements else []
    return {
        "strategic.simplified_model": lm.has_red_thread(model, findings),
        "design.detailed_logic": lm.detailed_complete(model, findings),
    }


# --- the document form (exchange format and baseline) -----------------------------------------


def measure_text(value: Decimal | None) -> str | None:
    """Return a baseline or target without trailing zeros ("0.55", "120")."""
    if value is None:
        return None
    return f"{_plain(value):f}"


def document(model: lm.Model) -> dict[str, Any]:
    """Return ``model`` as the exchange format's ``logic_model`` (without ``computed``)."""
    return {
        "elements": [
            {
                "key": e.key,
                "level": e.level,
                "text": e.text,
                "indicators": [
                    {
                        "key": i.key, "name": i.name, "kind": i.kind,
                        "data_source": i.data_source, "unit": i.unit,
                        "baseline": measure_text(i.baseline), "target": measure_text(i.target),
                        "horizon_months": i.horizon_months,
                        "data_source_kind": i.data_source_kind, "data_level": i.data_level,
                    }
                    for i in e.indicators
                ],
                "assumptions": list(e.assumptions),
            }
            for e in model.elements
        ],
        "links": [{"from": link.source, "to": link.target} for link in model.links],
        "purpose": model.purpose,
    }


def from_document(doc: dict[str, Any]) -> lm.Model:
    """Return the model of a (validated) ``logic_model`` document; missing keys take defaults."""
    def decimal(text: str | None) -> Decimal | None:
        return Decimal(text) if text is not None else None

    return lm.Model(
        elements=tuple(
            lm.Element(
                key=e["key"], level=e["level"], text=e["text"],
                indicators=tuple(
                    lm.Indicator(
                        key=i["key"], name=i["name"], kind=i.get("kind", "outcome"),
                        data_source=i.get("data_source", ""), unit=i.get("unit"),
                        baseline=_plain(decimal(i.get("baseline"))),
                        target=_plain(decimal(i.get("target"))),
                        horizon_months=i.get("horizon_months"),
                        data_source_kind=i.get("data_source_kind"),
                        data_level=i.get("data_level"),
                    )
                    for i in e.get("indicators", [])
                ),
                assumptions=tuple(e.get("assumptions", [])),
            )
            for e in doc.get("elements", [])
        ),
        links=tuple(lm.Link(link["from"], link["to"]) for link in doc.get("links", [])),
        purpose=doc.get("purpose", ""),
    )


def baseline(project: Project) -> lm.Model | None:
    """Return the model as frozen at approval, or None."""
    if project.logic_model is None or project.logic_model.baseline is None:
        return None
    return from_document(json.loads(project.logic_model.baseline))


def freeze_baseline(session: Session, project: Project, *, by: str) -> None:
    """Keep the current model as the baseline later edits are compared with."""
    holder = _holder(session, project)
    holder.baseline = json.dumps(document(to_domain(project)), ensure_ascii=False,
                                 sort_keys=True)
    holder.baseline_at = utcnow()
    holder.baseline_by = by
    session.flush()


# --- writing --------------------------------------------------------------------------------


def _holder(session: Session, project: Project) -> LogicModel:
    if project.logic_model is None:
        project.logic_model = LogicModel(purpose="")
        session.flush()
    return project.logic_model


def _check_text(text: str, field: str = "text") -> str:
    text = (text or "").strip()
    if not text:
        raise LogicModelRefused(field, N_("Enter a text."))
    if len(text) > lm.MAX_TEXT:
        raise LogicModelRefused(field, N_("The text is %(length)s characters long; at most "
                                          "%(max)s are allowed."), length=len(text),
                                max=lm.MAX_TEXT)
    return text


def _check_level(level: str) -> str:
    if level not in lm.RANK:
        raise LogicModelRefused("level", N_("Choose one of the four levels of the model."))
    return level


def _check_assumptions(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if any(len(line) > lm.MAX_TEXT for line in lines):
        raise LogicModelRefused("assumptions", N_("An assumption is longer than %(max)s "
                                                  "characters."), max=lm.MAX_TEXT)
    if len(lines) > 50:
        raise LogicModelRefused("assumptions", N_("At most 50 assumptions per element."))
    return "\n".join(lines)


def set_purpose(session: Session, project: Project, purpose: str) -> None:
    purpose = (purpose or "").strip()
    if len(purpose) > 2 * lm.MAX_TEXT:
        raise LogicModelRefused("purpose", N_("The text is %(length)s characters long; at most "
                                              "%(max)s are allowed."), length=len(purpose),
                                max=2 * lm.MAX_TEXT)
    _holder(session, project).purpose = purpose
    session.flush()


def add_element(
    session: Session, project: Project, *, level: str, text: str, assumptions: str = ""
) -> LogicElement:
    level = _check_level(level)
    text = _check_text(text)
    assumptions = _check_assumptions(assumptions)
    key = lm.next_key(lm.KEY_PREFIX[level], (e.key for e in project.logic_elements))
    same_level = [e.position for e in project.logic_elements if e.level == level]
    element = LogicElement(key=key, level=level, text=text, assumptions=assumptions,
                           position=max(same_level, default=-1) + 1, project_id=project.id)
    project.logic_elements.append(element)
    _holder(session, project)
    session.flush()
    return element


def update_element(
    session: Session, project: Project, element: LogicElement, *, level: str, text: str,
    assumptions: str,
) -> None:
    level = _check_level(level)
    text = _check_text(text)
    assumptions = _check_assumptions(assumptions)
    if level != element.level:
        element.position = max(
            (e.position for e in project.logic_elements if e.level == level), default=-1
        ) + 1
    element.level, element.text, element.assumptions = level, text, assumptions
    session.flush()


def delete_element(session: Session, project: Project, element: LogicElement) -> None:
    """Delete the element with its indicators and every link to or from it."""
    for link in list(element.incoming):
        link.source.outgoing.remove(link)
    project.logic_elements.remove(element)
    session.delete(element)
    session.flush()


def move_element(session: Session, project: Project, element: LogicElement, offset: int) -> bool:
    """Move the element up (-1) or down (+1) within its level; return whether it moved."""
    same = sorted((e for e in project.logic_elements if e.level == element.level),
                  key=lambda e: (e.position, e.id))
    index = same.index(element)
    other = index + offset
    if not 0 <= other < len(same):
        return False
    same[index], same[other] = same[other], same[index]
    for position, item in enumerate(same):
        if item.position != position:
            item.position = position
    session.flush()
    return True


def add_link(session: Session, project: Project, source_key: str, target_key: str) -> LogicLink:
    source = element_by_key(project, source_key)
    target = element_by_key(project, target_key)
    if source is None:
        raise LogicModelRefused("source", N_("Choose the element the link starts from."))
    if target is None:
        raise LogicModelRefused("target", N_("Choose the element the link leads to."))
    if source is target:
        raise LogicModelRefused("target", N_("An element cannot be linked to itself."))
    if any(link.target is target for link in source.outgoing):
        raise LogicModelRefused("target", N_("%(source)s already leads to %(target)s."),
                                source=source.key, target=target.key)
    link = LogicLink(project_id=project.id, source=source, target=target)
    session.add(link)
    session.flush()
    return link


def remove_link(session: Session, project: Project, source_key: str, target_key: str) -> bool:
    """Remove the link; return False when there was none (someone removed it already)."""
    source = element_by_key(project, source_key)
    if source is None:
        return False
    for link in list(source.outgoing):
        if link.target.key == target_key:
            source.outgoing.remove(link)
            link.target.incoming.remove(link)
            session.delete(link)
            session.flush()
            return True
    return False


def _check_indicator(values: IndicatorValues) -> IndicatorValues:
    name = (values.name or "").strip()
    if not name:
        raise LogicModelRefused("name", N_("Enter what the indicator measures."))
    if len(name) > lm.MAX_NAME:
        raise LogicModelRefused("name", N_("The name is %(length)s characters long; at most "
                                           "%(max)s are allowed."), length=len(name),
                                max=lm.MAX_NAME)
    if values.kind not in lm.INDICATOR_KINDS:
        raise LogicModelRefused("kind", N_("Choose outcome indicator or process measure."))
    for field, allowed in (("unit", lm.UNITS), ("data_source_kind", lm.DATA_SOURCE_KINDS),
                           ("data_level", lm.DATA_LEVELS)):
        value = getattr(values, field)
        if value is not None and value not in allowed:
            raise LogicModelRefused(field, N_("Choose one of the listed values."))
    for field in ("baseline", "target"):
        value = getattr(values, field)
        if value is not None and (abs(value) >= MEASURE_LIMIT or value.as_tuple().exponent < -4):
            raise LogicModelRefused(field, N_("Enter a number below 10 000 000 000 with at "
                                              "most four decimals."))
    if values.horizon_months is not None and not 0 <= values.horizon_months <= 600:
        raise LogicModelRefused("horizon_months", N_("Enter a number of months from 0 to 600."))
    if len(values.data_source) > lm.MAX_TEXT:
        raise LogicModelRefused("data_source", N_("The text is %(length)s characters long; at "
                                                  "most %(max)s are allowed."),
                                length=len(values.data_source), max=lm.MAX_TEXT)
    return IndicatorValues(**{**values.__dict__, "name": name,
                              "data_source": values.data_source.strip()})


def add_indicator(
    session: Session, project: Project, element: LogicElement, values: IndicatorValues
) -> LogicIndicator:
    values = _check_indicator(values)
    taken = [i.key for e in project.logic_elements for i in e.indicators]
    indicator = LogicIndicator(
        project_id=project.id, key=lm.next_key("i", taken),
        position=max((i.position for i in element.indicators), default=-1) + 1,
        **values.__dict__,
    )
    element.indicators.append(indicator)
    session.flush()
    return indicator


def update_indicator(session: Session, indicator: LogicIndicator, values: IndicatorValues) -> None:
    values = _check_indicator(values)
    for name, value in values.__dict__.items():
        if getattr(indicator, name) != value:
            setattr(indicator, name, value)
    session.flush()


def delete_indicator(session: Session, indicator: LogicIndicator) -> None:
    indicator.element.indicators.remove(indicator)
    session.delete(indicator)
    session.flush()


def store_model(session: Session, project: Project, model: lm.Model) -> None:
    """Add ``model`` (validated, e.g. from an import) to a project that has no model yet."""
    lm.validate_structure(model)
    if project.logic_elements:
        raise LogicModelRefused("logic_model", N_("The initiative already has a logic model."))
    if project.id is None:
        session.flush()
    positions: dict[str, int] = {}
    elements: dict[str, LogicElement] = {}
    for element in model.elements:
        position = positions.get(element.level, 0)
        positions[element.level] = position + 1
        row = LogicElement(project_id=project.id, key=element.key, level=element.level,
                           text=element.text,
                           assumptions="\n".join(element.assumptions), position=position)
        for index, indicator in enumerate(element.indicators):
            row.indicators.append(LogicIndicator(
                project_id=project.id, key=indicator.key, position=index,
                name=indicator.name, kind=indicator.kind,
                data_source=indicator.data_source, data_source_kind=indicator.data_source_kind,
                data_level=indicator.data_level, unit=indicator.unit,
                baseline=indicator.baseline, target=indicator.target,
                horizon_months=indicator.horizon_months,
            ))
        elements[element.key] = row
        project.logic_elements.append(row)
    project.logic_model = LogicModel(purpose=model.purpose)
    for link in model.links:
        session.add(LogicLink(project_id=project.id, source=elements[link.source],
                              target=elements[link.target]))
    session.flush()


__all__ = [
    "IndicatorValues",
    "LogicModelRefused",
    "add_element",
    "add_indicator",
    "add_link",
    "baseline",
    "checklist_facts",
    "delete_element",
    "delete_indicator",
    "document",
    "element_by_key",
    "freeze_baseline",
    "from_document",
    "move_element",
    "remove_link",
    "set_purpose",
    "store_model",
    "to_domain",
    "update_element",
    "update_indicator",
]


# --- an imported baseline ---------------------------------------------------------------------


def restore_baseline(
    session: Session, project: Project, model: lm.Model, *, at: datetime | None, by: str
) -> None:
    """Keep ``model`` as the baseline frozen at ``at`` by ``by``, as an imported document says.

    The text is written as ``freeze_baseline`` writes it, so an export of the restored baseline
    equals the export it came from.
    """
    holder = _holder(session, project)
    holder.baseline = json.dumps(document(model), ensure_ascii=False, sort_keys=True)
    holder.baseline_at = at
    holder.baseline_by = by
    session.flush()
