"""Store the design parts of a validated satsa/1 document: the organisation's risk matrix and
each project's risks, stop criteria, evaluation plan, risk snapshots and organisation."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.design import (
    CommunicationItem,
    EvaluationPlan,
    IndicatorExpectation,
    PlannedCheckIn,
    ProjectPerson,
    ReportingItem,
    ReportingPlan,
    Risk,
    RiskScaleSetting,
    RiskSnapshot,
    StopCriterion,
)
from models.domain import N_
from models.domain import risk as rk
from models.exchange import schema as s
from models.exchange.canonical import parse_datetime
from models.exchange.design import risk_matrix, scale_in_force
from models.exchange.errors import ValidationError
from models.project import Project
from models.risks import scale_document

DEFAULT_SIZE = (rk.DEFAULT_SCALE.likelihood_max, rk.DEFAULT_SCALE.impact_max)


def _get(data: dict[str, Any], spec: dict[str, Any], key: str) -> Any:
    return data[key] if key in data else spec[key]


def _size(value: Any) -> tuple[int, int] | None:
    return (value["likelihood_max"], value["impact_max"]) if value is not None else None


def document_size(doc: dict[str, Any]) -> tuple[int, int]:
    """The size of the risk scale a valid document has in force."""
    versions = doc.get("risk_matrix") or []
    if versions:
        return _size(versions[-1])  # type: ignore[return-value]
    for project in doc["projects"]:
        if project.get("risk_scale") is not None:
            return _size(project["risk_scale"])  # type: ignore[return-value]
    return DEFAULT_SIZE


def _keeps_its_scale(session: Session) -> bool:
    """Whether the database's risk scale stays as it is: it has a matrix, or risks assessed on
    the default scale."""
    return bool(risk_matrix(session)) or session.scalar(select(Risk.id).limit(1)) is not None


def matrix_collisions(session: Session, doc: dict[str, Any]) -> list[ValidationError]:
    """Refuse risks assessed on another scale than the one the database keeps in force."""
    if not _keeps_its_scale(session):
        return []
    scale = scale_in_force(session)
    kept = (scale.likelihood_max, scale.impact_max)
    size = document_size(doc)
    errors = []
    for i, project in enumerate(doc["projects"]):
        if not project.get("risks"):
            continue
        if (_size(project.get("risk_scale")) or size) != kept:
            errors.append(ValidationError(
                f"projects[{i}].risk_scale",
                N_("the organisation's risk scale is %(likelihood)d × %(impact)d; these risks "
                   "are assessed on another scale"),
                {"likelihood": kept[0], "impact": kept[1]},
            ))
    return errors


def store_risk_matrix(session: Session, doc: dict[str, Any]) -> int:
    """Store the document's risk matrix when the database has none (and no risks); return the
    number of versions stored.

    A document without ``risk_matrix`` whose projects name a scale other than the default
    stores that scale with its default labels, thresholds and colours.
    """
    if _keeps_its_scale(session):
        return 0
    versions = doc.get("risk_matrix") or []
    if not versions:
        size = document_size(doc)
        if size == DEFAULT_SIZE:
            return 0
        versions = [{"likelihood_max": size[0], "impact_max": size[1]}]
    spec = s.RISK_MATRIX_VERSION
    for item in versions:
        base = rk.scale_for(item["likelihood_max"], item["impact_max"])
        low_max, medium_max = _get(item, spec, "low_max"), _get(item, spec, "medium_max")
        colours = _get(item, spec, "colours")
        scale = rk.RiskScale(
            base.likelihood_max, base.impact_max,
            tuple(_get(item, spec, "likelihood_labels") or base.likelihood_labels),
            tuple(_get(item, spec, "impact_labels") or base.impact_labels),
            base.low_max if low_max is None else low_max,
            base.medium_max if medium_max is None else medium_max,
            tuple(rk.BandColour(colours[band]["background"], colours[band]["text"])  # type: ignore[arg-type]
                  for band in rk.BANDS) if colours is not None else rk.DEFAULT_COLOURS,
        )
        setting = RiskScaleSetting(**scale_document(scale),
                                   created_by=_get(item, spec, "created_by"))
        created_at = _get(item, spec, "created_at")
        if created_at is not None:
            setting.created_at = parse_datetime(created_at)
        session.add(setting)
    session.flush()
    return len(versions)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def store_design(session: Session, project: Project, item: dict[str, Any]) -> int:
    """Store a project's design; its logic model is stored already. Return the number of
    risks."""
    elements = {e.key: e for e in project.logic_elements}
    indicators = {i.key: i for e in project.logic_elements for i in e.indicators}
    pid = project.id
    p = {key: _get(item, s.PROJECT, key) for key in (
        "risks", "stop_criteria", "evaluation_plan", "risk_snapshots", "organisation")}
    for position, data in enumerate(p["risks"]):
        def r(key: str, data: dict[str, Any] = data) -> Any:
            return _get(data, s.RISK, key)
        session.add(Risk(
            project_id=pid, key=r("key"), position=position, kind=r("kind"),
            description=r("description"), likelihood=r("likelihood"), impact=r("impact"),
            action=r("action"), owner=r("owner"), status=r("status"),
            review_on=_day(r("review_on")), harms_individual=r("harms_individual"),
            element=elements[r("element")] if r("element") is not None else None,
        ))
    for position, data in enumerate(p["stop_criteria"]):
        indicator = _get(data, s.STOP_CRITERION, "indicator")
        kind = _get(data, s.STOP_CRITERION, "kind")
        session.add(StopCriterion(
            project_id=pid, position=position, text=data["text"],
            kind=kind if kind is not None else ("indicator" if indicator else "other"),
            indicator=indicators[indicator] if indicator is not None else None,
            threshold=_decimal(_get(data, s.STOP_CRITERION, "threshold")),
        ))
    if p["evaluation_plan"] is not None:
        _plan(session, pid, p["evaluation_plan"], indicators)
    for data in p["risk_snapshots"]:
        session.add(RiskSnapshot(project_id=pid, taken_at=parse_datetime(data["taken_at"]),
                                 reason=_get(data, s.RISK_SNAPSHOT, "reason"),
                                 data=data["data"]))
    _organisation(session, pid, p["organisation"])
    return len(p["risks"])


def _plan(session: Session, pid: int, data: dict[str, Any], indicators: dict) -> None:
    def e(key: str) -> Any:
        return _get(data, s.EVALUATION_PLAN, key)

    power_indicator = e("power_indicator")
    session.add(EvaluationPlan(
        project_id=pid, comparison=e("comparison"),
        comparison_details=dict(e("comparison_details")),
        guided_answers=dict(e("guided_answers")), outcome=e("outcome"),
        baseline_proportion=_decimal(e("baseline_proportion")), sd=_decimal(e("sd")),
        expected_effect=_decimal(e("expected_effect")), alpha=Decimal(e("alpha")),
        power=Decimal(e("power")), n_intervention=e("n_intervention"),
        n_comparison=e("n_comparison"),
        power_indicator=indicators[power_indicator] if power_indicator is not None else None,
        evaluator_kind=e("evaluator_kind"), evaluator=e("evaluator"),
        evaluator_contacted_on=_day(e("evaluator_contacted_on")),
        evaluation_budget=_decimal(e("evaluation_budget")),
        effect_measured_on=_day(e("effect_measured_on")), baseline_plan=e("baseline_plan"),
    ))
    # One row per indicator: its expected effect and, from success_criteria, its criterion.
    rows: dict[str, IndicatorExpectation] = {}
    for item in e("expectations"):
        def x(key: str, item: dict[str, Any] = item) -> Any:
            return _get(item, s.EXPECTATION, key)
        rows[item["indicator"]] = IndicatorExpectation(
            project_id=pid, indicator=indicators[item["indicator"]],
            expected_effect=_decimal(x("expected_effect")), basis=x("basis"),
            basis_note=x("basis_note"), agreed_by=x("agreed_by"), agreed_on=_day(x("agreed_on")),
        )
    for item in e("success_criteria"):
        key = item["indicator"]
        if key not in rows:
            rows[key] = IndicatorExpectation(project_id=pid, indicator=indicators[key],
                                             basis_note="", agreed_by="")
        rows[key].min_effect = Decimal(item["min_effect"])
    session.add_all(rows.values())


def _organisation(session: Session, pid: int, data: dict[str, Any]) -> None:
    spec = s.PROJECT_ORGANISATION

    def o(key: str) -> Any:
        return _get(data, spec, key)

    # People are ordered within their role, as the organisation page orders them.
    per_role: Counter[str] = Counter()
    for item in o("people"):
        position = per_role[item["role"]]
        per_role[item["role"]] += 1
        session.add(ProjectPerson(
            project_id=pid, position=position, role=item["role"], name=item["name"],
            affiliation=_get(item, s.PERSON, "affiliation"), task=_get(item, s.PERSON, "task"),
        ))
    # A plan with nothing in it is the same as no plan.
    if o("escalation") or o("other_resources") or o("check_in_months") is not None:
        session.add(ReportingPlan(project_id=pid, escalation=o("escalation"),
                                  other_resources=o("other_resources"),
                                  check_in_months=o("check_in_months")))
    for position, item in enumerate(o("reporting")):
        session.add(ReportingItem(project_id=pid, position=position, activity=item["activity"],
                                  **{key: _get(item, s.REPORTING_ITEM, key) for key in (
                                      "frequency", "done_by", "reported_by", "done_when",
                                      "resources")}))
    for item in o("check_ins"):
        session.add(PlannedCheckIn(project_id=pid, planned_on=_day(item["planned_on"]),
                                   topic=_get(item, s.CHECK_IN, "topic")))
    for position, item in enumerate(o("communication")):
        session.add(CommunicationItem(project_id=pid, position=position,
                                      audience=item["audience"],
                                      **{key: _get(item, s.COMMUNICATION_ITEM, key) for key in (
                                          "message", "timing", "channel", "responsible")}))
