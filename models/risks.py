"""The risk matrix (guide, table 1): the organisation's scale, each project's risks and stop
criteria, snapshots at approval, and what the checklist and the portfolio read from them.

Functions flush, never commit. Every write checks its input first and raises ``RiskRefused``
(naming the field) before anything changes, so a refused write leaves everything as it was.
The scale in force is the newest ``RiskScaleSetting`` (``DEFAULT_SCALE`` when there is none);
live risks are scored on it, a snapshot keeps the scale it was taken with.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, object_session, selectinload

from models.design import (
    RISK_KINDS,
    RISK_STATUSES,
    STOP_KINDS,
    Risk,
    RiskScaleSetting,
    RiskSnapshot,
    StopCriterion,
    design_facts_loaded,
)
from models.domain import N_
from models.domain import logic as lm
from models.domain import risk as rk
from models.logic_model import LogicElement, LogicIndicator
from models.logic_models import measure_text
from models.project import Project

#: Longest description, action or stop criterion.
MAX_TEXT = 2000
MAX_OWNER = 200
#: Stages whose initiatives are no longer active: left out of the portfolio's risks.
INACTIVE_STAGES = ("closed", "rejected", "stopped")
#: Largest threshold (in absolute value) the Measure column keeps exactly.
THRESHOLD_LIMIT = Decimal("10000000000")

STOP_KIND_LABELS = {
    "indicator": N_("An indicator"),
    "budget": N_("The budget"),
    "other": N_("Other"),
}


class RiskRefused(Exception):
    """A write that is not allowed; ``field`` names the form field, ``message`` says why."""

    def __init__(self, field: str, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.field = field
        self.message = message
        self.params = params


# --- the organisation's scale -------------------------------------------------------------------


def scale_document(scale: rk.RiskScale) -> dict[str, Any]:
    """The scale as plain JSON data (kept in a setting's columns and in a snapshot)."""
    return {
        "likelihood_max": scale.likelihood_max,
        "impact_max": scale.impact_max,
        "likelihood_labels": list(scale.likelihood_labels),
        "impact_labels": list(scale.impact_labels),
        "low_max": scale.low_max,
        "medium_max": scale.medium_max,
        "colours": {band: {"background": colour.background, "text": colour.text}
                    for band, colour in zip(rk.BANDS, scale.colours, strict=True)},
    }


def scale_from_document(doc: dict[str, Any], key: str = "") -> rk.RiskScale:
    """The scale of ``scale_document``'s data; missing colours take the defaults."""
    colours = doc.get("colours") or {}
    return rk.RiskScale(
        likelihood_max=int(doc["likelihood_max"]),
        impact_max=int(doc["impact_max"]),
        likelihood_labels=tuple(doc.get("likelihood_labels") or ()),
        impact_labels=tuple(doc.get("impact_labels") or ()),
        low_max=int(doc["low_max"]),
        medium_max=int(doc["medium_max"]),
        colours=tuple(
            rk.BandColour(colours[band]["background"], colours[band]["text"])
            if isinstance(colours.get(band), dict) else default
            for band, default in zip(rk.BANDS, rk.DEFAULT_COLOURS, strict=True)
        ),
        key=key,
    )


def scale_from_setting(setting: RiskScaleSetting) -> rk.RiskScale:
    """The scale a stored setting describes; unusable labels fall back to level numbers."""
    doc = {
        "likelihood_max": setting.likelihood_max, "impact_max": setting.impact_max,
        "likelihood_labels": setting.likelihood_labels, "impact_labels": setting.impact_labels,
        "low_max": setting.low_max, "medium_max": setting.medium_max,
        "colours": setting.colours,
    }
    for axis in ("likelihood", "impact"):
        labels = doc[f"{axis}_labels"] or []
        if len(labels) != doc[f"{axis}_max"]:
            doc[f"{axis}_labels"] = [str(n) for n in range(1, doc[f"{axis}_max"] + 1)]
    return scale_from_document(doc, key=f"setting-{setting.id}")


def setting_in_force(session: Session) -> RiskScaleSetting | None:
    return session.scalar(
        select(RiskScaleSetting)
        .order_by(RiskScaleSetting.created_at.desc(), RiskScaleSetting.id.desc())
        .limit(1)
    )


def current_scale(session: Session) -> rk.RiskScale:
    """The organisation's scale in force: the newest setting, else ``DEFAULT_SCALE``."""
    setting = setting_in_force(session)
    return rk.DEFAULT_SCALE if setting is None else scale_from_setting(setting)


@dataclass(frozen=True)
class Outside:
    """Risks that would lie outside a scale, per project."""

    project_id: int
    project_title: str
    count: int


def risks_outside(session: Session, likelihood_max: int, impact_max: int) -> list[Outside]:
    """The projects with risks whose likelihood or impact exceeds the given sizes, by title."""
    rows = session.execute(
        select(Project.id, Project.title, Risk.id)
        .join(Risk, Risk.project_id == Project.id)
        .where(or_(Risk.likelihood > likelihood_max, Risk.impact > impact_max))
        .order_by(Project.title, Project.id)
    ).all()
    counts: dict[int, Outside] = {}
    for project_id, title, _risk_id in rows:
        found = counts.get(project_id)
        counts[project_id] = Outside(project_id, title, (found.count if found else 0) + 1)
    return list(counts.values())


def save_scale(session: Session, scale: rk.RiskScale, *, by: str) -> RiskScaleSetting:
    """Put ``scale`` in force as a new setting. Refused when the scale has a problem, or when
    existing risks lie outside it (nothing is rewritten: those risks must be changed first)."""
    problems = rk.scale_problems(scale)
    if problems:
        first = problems[0]
        raise RiskRefused(first.field, first.message, **first.params)
    outside = risks_outside(session, scale.likelihood_max, scale.impact_max)
    if outside:
        too_likely = session.scalar(
            select(Risk.id).where(Risk.likelihood > scale.likelihood_max).limit(1))
        raise RiskRefused(
            "likelihood_max" if too_likely is not None else "impact_max",
            N_("Risks outside the new scale: %(count)s, in %(projects)s. Lower their likelihood "
               "or impact first; the scale was not changed."),
            count=sum(o.count for o in outside),
            projects="; ".join(f"{o.project_title} ({o.count})" for o in outside),
        )
    doc = scale_document(scale)
    setting = RiskScaleSetting(**doc, created_by=by)
    session.add(setting)
    session.flush()
    return setting


# --- a project's risks ----------------------------------------------------------------------


@dataclass(frozen=True)
class RiskValues:
    description: str
    likelihood: int
    impact: int
    kind: str = rk.THREAT
    action: str = ""
    owner: str = ""
    status: str = rk.OPEN
    review_on: date | None = None
    harms_individual: bool = False
    #: The key of the logic-model element the risk threatens, or None.
    element: str | None = None


def project_risks(session: Session, project: Project) -> list[Risk]:
    """The project's risks in their order (k1, k2… as placed)."""
    return list(session.scalars(
        select(Risk).where(Risk.project_id == project.id)
        .options(selectinload(Risk.element))
        .order_by(Risk.position, Risk.id)
    ))


def risk_by_key(session: Session, project: Project, key: str) -> Risk | None:
    return session.scalar(select(Risk).where(Risk.project_id == project.id, Risk.key == key))


def _text(value: str, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise RiskRefused(field, N_("Enter a text."))
    if len(value) > limit:
        raise RiskRefused(field, N_("The text is %(length)s characters long; at most %(max)s "
                                    "are allowed."), length=len(value), max=limit)
    return value


def _element(project: Project, key: str | None) -> LogicElement | None:
    if not key:
        return None
    element = next((e for e in project.logic_elements if e.key == key), None)
    if element is None:
        raise RiskRefused("element", N_("Choose an element of this initiative's logic model."))
    return element


def _check_risk(project: Project, values: RiskValues, scale: rk.RiskScale
                ) -> tuple[RiskValues, LogicElement | None]:
    description = _text(values.description, "description", required=True)
    if values.kind not in RISK_KINDS:
        raise RiskRefused("kind", N_("Choose threat or opportunity."))
    try:
        rk.score(values.likelihood, values.impact, scale)
    except rk.RiskError as error:
        raise RiskRefused(error.field or "likelihood", error.message,
                          **{k: v for k, v in error.params.items() if k != "key"}) from error
    action = _text(values.action, "action")
    owner = _text(values.owner, "owner", limit=MAX_OWNER)
    if values.status not in RISK_STATUSES:
        raise RiskRefused("status", N_("Choose open or closed."))
    element = _element(project, values.element)
    checked = RiskValues(description=description, likelihood=values.likelihood,
                         impact=values.impact, kind=values.kind, action=action, owner=owner,
                         status=values.status, review_on=values.review_on,
                         harms_individual=bool(values.harms_individual),
                         element=element.key if element else None)
    return checked, element


def _apply(risk: Risk, values: RiskValues, element: LogicElement | None) -> None:
    for name in ("description", "likelihood", "impact", "kind", "action", "owner", "status",
                 "review_on", "harms_individual"):
        if getattr(risk, name) != getattr(values, name):
            setattr(risk, name, getattr(values, name))
    wanted = element.id if element else None
    if risk.element_id != wanted:
        risk.element = element


def add_risk(session: Session, project: Project, values: RiskValues,
             scale: rk.RiskScale) -> Risk:
    """Add a risk last in the project's list, with the next free key (k1, k2…)."""
    values, element = _check_risk(project, values, scale)
    existing = project_risks(session, project)
    risk = Risk(project_id=project.id, key=lm.next_key("k", (r.key for r in existing)),
                position=max((r.position for r in existing), default=-1) + 1,
                description=values.description, likelihood=values.likelihood,
                impact=values.impact)
    _apply(risk, values, element)
    session.add(risk)
    session.flush()
    return risk


def update_risk(session: Session, project: Project, risk: Risk, values: RiskValues,
                scale: rk.RiskScale) -> None:
    values, element = _check_risk(project, values, scale)
    _apply(risk, values, element)
    session.flush()


def delete_risk(session: Session, risk: Risk) -> None:
    session.delete(risk)
    session.flush()


def move_risk(session: Session, project: Project, risk: Risk, offset: int) -> bool:
    """Move the risk up (-1) or down (+1) in the list; return whether it moved."""
    risks = project_risks(session, project)
    index = risks.index(risk)
    other = index + offset
    if not 0 <= other < len(risks):
        return False
    risks[index], risks[other] = risks[other], risks[index]
    for position, item in enumerate(risks):
        if item.position != position:
            item.position = position
    session.flush()
    return True


def risk_item(risk: Risk) -> rk.RiskItem:
    return rk.RiskItem(risk.key, risk.likelihood, risk.impact, risk.kind, risk.status)


def within(risks: Iterable[Risk], scale: rk.RiskScale) -> tuple[list[Risk], list[Risk]]:
    """Split risks into those the scale can place and those outside it (which only a change of
    scale made outside this module can leave behind)."""
    inside, outside = [], []
    for risk in risks:
        fits = 1 <= risk.likelihood <= scale.likelihood_max and 1 <= risk.impact <= scale.impact_max
        (inside if fits else outside).append(risk)
    return inside, outside


def band_of(likelihood: int, impact: int, scale: rk.RiskScale) -> str:
    """The priority band of a likelihood and impact; a score beyond the scale is high."""
    return rk.priority(min(likelihood * impact, scale.max_score), scale)


# --- stop criteria --------------------------------------------------------------------------


@dataclass(frozen=True)
class StopValues:
    text: str
    kind: str = "other"
    #: The key of the outcome indicator the criterion watches, or None.
    indicator: str | None = None
    #: The indicator value, or for the budget the overrun as a share (0.10 = 10 %).
    threshold: Decimal | None = None


def project_stop_criteria(session: Session, project: Project) -> list[StopCriterion]:
    return list(session.scalars(
        select(StopCriterion).where(StopCriterion.project_id == project.id)
        .options(selectinload(StopCriterion.indicator))
        .order_by(StopCriterion.position, StopCriterion.id)
    ))


def stop_criterion_by_id(session: Session, project: Project,
                         criterion_id: int) -> StopCriterion | None:
    return session.scalar(select(StopCriterion).where(
        StopCriterion.project_id == project.id, StopCriterion.id == criterion_id))


def outcome_indicators(project: Project) -> list[LogicIndicator]:
    """The project's outcome indicators, in the logic model's order."""
    elements = sorted(project.logic_elements, key=lambda e: (lm.RANK[e.level], e.position, e.id))
    return [i for e in elements for i in e.indicators if i.kind == "outcome"]


def _check_stop(project: Project, values: StopValues) -> tuple[StopValues, LogicIndicator | None]:
    text = _text(values.text, "text", required=True)
    if values.kind not in STOP_KINDS:
        raise RiskRefused("kind", N_("Choose an indicator, the budget or other."))
    indicator = None
    if values.indicator:
        indicator = next((i for i in outcome_indicators(project) if i.key == values.indicator),
                         None)
        if indicator is None:
            raise RiskRefused("indicator", N_("Choose an outcome indicator of this initiative's "
                                              "logic model."))
    if values.kind == "indicator" and indicator is None:
        raise RiskRefused("indicator", N_("Choose the outcome indicator the criterion watches."))
    threshold = values.threshold
    if threshold is not None and (abs(threshold) >= THRESHOLD_LIMIT
                                  or threshold.as_tuple().exponent < -4):
        raise RiskRefused("threshold", N_("Enter a number below 10 000 000 000 with at most "
                                          "four decimals."))
    return StopValues(text, values.kind, indicator.key if indicator else None,
                      threshold), indicator


def add_stop_criterion(session: Session, project: Project, values: StopValues) -> StopCriterion:
    values, indicator = _check_stop(project, values)
    existing = project_stop_criteria(session, project)
    criterion = StopCriterion(project_id=project.id, text=values.text, kind=values.kind,
                              indicator=indicator, threshold=values.threshold,
                              position=max((c.position for c in existing), default=-1) + 1)
    session.add(criterion)
    session.flush()
    return criterion


def update_stop_criterion(session: Session, project: Project, criterion: StopCriterion,
                          values: StopValues) -> None:
    values, indicator = _check_stop(project, values)
    if criterion.text != values.text:
        criterion.text = values.text
    if criterion.kind != values.kind:
        criterion.kind = values.kind
    if criterion.indicator_id != (indicator.id if indicator else None):
        criterion.indicator = indicator
    if criterion.threshold != values.threshold:
        criterion.threshold = values.threshold
    session.flush()


def delete_stop_criterion(session: Session, criterion: StopCriterion) -> None:
    session.delete(criterion)
    session.flush()


# --- snapshots ------------------------------------------------------------------------------


def scored_row(risk: Risk, scale: rk.RiskScale) -> dict[str, Any]:
    """A risk as a snapshot keeps it: its values with the score and priority on ``scale``."""
    score = risk.likelihood * risk.impact
    return {
        "key": risk.key, "kind": risk.kind, "description": risk.description,
        "likelihood": risk.likelihood, "impact": risk.impact,
        "score": score, "priority": band_of(risk.likelihood, risk.impact, scale),
        "action": risk.action, "owner": risk.owner, "status": risk.status,
        "review_on": risk.review_on.isoformat() if risk.review_on else None,
        "harms_individual": risk.harms_individual,
        "element": risk.element.key if risk.element else None,
    }


def snapshot_risks(session: Session, project: Project, reason: str = "") -> RiskSnapshot:
    """Keep the project's risk matrix as it stands, with the scale in force and each risk's
    score and priority on it; a later change of scale never alters it."""
    scale = current_scale(session)
    risks, _outside = within(project_risks(session, project), scale)
    criteria = project_stop_criteria(session, project)
    snapshot = RiskSnapshot(
        project_id=project.id, reason=reason,
        data={
            "scale": scale_document(scale),
            "risks": [scored_row(r, scale) for r in risks],
            "stop_criteria": [
                {"text": c.text, "kind": c.kind,
                 "indicator": c.indicator.key if c.indicator else None,
                 "threshold": measure_text(c.threshold)}
                for c in criteria
            ],
        },
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def latest_snapshot(session: Session, project: Project) -> RiskSnapshot | None:
    return session.scalar(
        select(RiskSnapshot).where(RiskSnapshot.project_id == project.id)
        .order_by(RiskSnapshot.taken_at.desc(), RiskSnapshot.id.desc()).limit(1)
    )


@dataclass(frozen=True)
class SnapshotRow:
    key: str
    kind: str
    description: str
    likelihood: int
    impact: int
    score: int
    priority: str
    action: str
    owner: str
    status: str
    review_on: date | None
    harms_individual: bool
    element: str | None


@dataclass(frozen=True)
class SnapshotView:
    taken_at: datetime
    reason: str
    scale: rk.RiskScale
    rows: tuple[SnapshotRow, ...]
    stop_criteria: tuple[dict[str, Any], ...]

    def items(self) -> list[rk.RiskItem]:
        return [rk.RiskItem(r.key, r.likelihood, r.impact, r.kind, r.status) for r in self.rows]


def read_snapshot(snapshot: RiskSnapshot) -> SnapshotView:
    """A snapshot's data as it was stored: its own scale, scores and priorities."""
    data = snapshot.data or {}
    scale = scale_from_document(data.get("scale") or scale_document(rk.DEFAULT_SCALE),
                                key=f"snapshot-{snapshot.id}")
    rows = tuple(
        SnapshotRow(
            key=r["key"], kind=r.get("kind", rk.THREAT), description=r.get("description", ""),
            likelihood=int(r["likelihood"]), impact=int(r["impact"]), score=int(r["score"]),
            priority=r["priority"], action=r.get("action", ""), owner=r.get("owner", ""),
            status=r.get("status", rk.OPEN),
            review_on=date.fromisoformat(r["review_on"]) if r.get("review_on") else None,
            harms_individual=bool(r.get("harms_individual")), element=r.get("element"),
        )
        for r in data.get("risks", [])
    )
    return SnapshotView(snapshot.taken_at, snapshot.reason, scale, rows,
                        tuple(data.get("stop_criteria", [])))


# --- what others read -----------------------------------------------------------------------


def without_responsibility(risks: Sequence[Risk]) -> list[Risk]:
    """The open threats that lack an action or an owner."""
    return [r for r in risks if r.kind == rk.THREAT and r.status == rk.OPEN
            and not (r.action.strip() and r.owner.strip())]


def risk_checklist_facts(project: Project) -> dict[str, bool | None]:
    """The checklist item derived from the risk matrix: ``design.risk_analysis``."""
    session = object_session(project)
    if session is None or project.id is None:
        return {"design.risk_analysis": False}
    if design_facts_loaded(project):
        rows = [(r.kind, r.status, r.action, r.owner) for r in project.risks]
    else:
        rows = session.execute(
            select(Risk.kind, Risk.status, Risk.action, Risk.owner)
            .where(Risk.project_id == project.id)
        ).all()
    complete = bool(rows) and all(
        (action or "").strip() and (owner or "").strip()
        for kind, status, action, owner in rows if kind == rk.THREAT and status == rk.OPEN
    )
    return {"design.risk_analysis": complete}


def risk_level_of(session: Session, project_ids: Iterable[int]) -> dict[int, str]:
    """Project id → the priority band of its highest open threat on the scale in force; projects
    without open threats are left out."""
    ids = list(project_ids)
    if not ids:
        return {}
    scale = current_scale(session)
    rows = session.execute(
        select(Risk.project_id, Risk.likelihood, Risk.impact)
        .where(Risk.project_id.in_(ids), Risk.kind == rk.THREAT, Risk.status == rk.OPEN)
    ).all()
    levels: dict[int, str] = {}
    for project_id, likelihood, impact in rows:
        band = band_of(likelihood, impact, scale)
        current = levels.get(project_id)
        if current is None or rk.BANDS.index(band) > rk.BANDS.index(current):
            levels[project_id] = band
    return levels


def portfolio_risks(session: Session) -> list[Risk]:
    """The open risks of every active initiative (not closed, rejected or stopped), by project
    title and the risks' order, with their project and element loaded."""
    return list(session.scalars(
        select(Risk).join(Project, Project.id == Risk.project_id)
        .where(Risk.status == rk.OPEN, Project.stage.not_in(INACTIVE_STAGES))
        .options(selectinload(Risk.project), selectinload(Risk.element))
        .order_by(Project.title, Project.id, Risk.position, Risk.id)
    ))


__all__ = [
    "RiskRefused",
    "RiskValues",
    "StopValues",
    "add_risk",
    "add_stop_criterion",
    "current_scale",
    "delete_risk",
    "delete_stop_criterion",
    "latest_snapshot",
    "move_risk",
    "portfolio_risks",
    "project_risks",
    "project_stop_criteria",
    "read_snapshot",
    "risk_checklist_facts",
    "risk_level_of",
    "risks_outside",
    "save_scale",
    "snapshot_risks",
    "update_risk",
    "update_stop_criterion",
]
