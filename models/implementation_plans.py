"""Operations on a project's implementation plan (guide, section 8; SPEC 3.10). Functions flush,
never commit.

The plan (one per project), its phases, the financing shares and the results after
implementation. Every write checks its input first and raises ``ImplementationRefused`` (naming
the form field) before anything changes, so a refused write leaves everything as it was, and
refuses a change based on an older version than the one stored (``STALE``). The audit trail
records every change (``models.audit_trail``).

Units. Money in kronor (two decimals). Coverage and financing shares are fractions (0.25 = 25 %);
the financing shares of a project never add up to more than 100 per cent. The changes of an
indicator, in the project period and after implementation, are signed fractions as in
``models.evaluation.EvaluationResult`` (−0.30 for "decreased by 30 %").

Results after implementation may be entered from the follow-up date on, measured on or after
it; the change in the project period is taken from the evaluation's result of the indicator when
none is given.

The module also derives the checklist items of the last two components from the evaluation's
results and the plan (``checklist_facts``), and builds the plan's sheet
(``implementation_sheet``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session, object_session, relationship, selectinload

from models.costs import EXTERNAL_ACTORS, actor_names
from models.design import IndicatorExpectation
from models.domain import N_
from models.domain import economics_analysis as ea
from models.domain import implementation as im
from models.domain.checklist import components_reported, results_reported
from models.economics_report import economics_report
from models.evaluation import EvaluationResult
from models.evaluation_plans import outcome_indicators
from models.implementation import (
    FINANCING_KINDS,
    ROLLOUTS,
    ImplementationFinancing,
    ImplementationFollowUp,
    ImplementationPhase,
    ImplementationPlan,
)
from models.logic_model import LogicIndicator
from models.organisation import Department
from models.project import Project

MAX_TEXT = 5000
MAX_NAME = 200
MAX_AMOUNT = Decimal("999999999999.99")
#: Largest change (in absolute terms, as a fraction) accepted: 100 000 per cent.
MAX_CHANGE = Decimal("1000")
YEAR_MIN, YEAR_MAX = 1900, 2200

STALE = N_("Someone else changed the implementation plan while you were working on it. Nothing "
           "was saved; check the current plan and try again.")

#: The success criteria of a project's indicators, for the checklist (``CHECKLIST_ROWS``).
Project.indicator_expectations = relationship(IndicatorExpectation, viewonly=True)

#: The rows the checklist items of the evaluation and of implementation and scale-up are
#: derived from. A list of projects eager-loads them with ``checklist_loads()``; otherwise
#: ``checklist_facts`` loads them for every project of the session at once.
CHECKLIST_ROWS = ("implementation_plan", "implementation_financing", "implementation_follow_ups",
                  "results", "component_assessments", "indicator_expectations")


class ImplementationRefused(Exception):
    """A write that is not allowed; ``field`` names the form field (None: the whole form),
    ``message`` is a msgid with ``params``."""

    def __init__(self, field: str | None, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.field = field
        self.message = message
        self.params = params


# --- Reading --------------------------------------------------------------------------------


def plan_of(session: Session, project: Project) -> ImplementationPlan | None:
    """The project's implementation plan, or None while nothing has been saved."""
    if project.id is None:
        return None
    return session.scalar(select(ImplementationPlan)
                          .where(ImplementationPlan.project_id == project.id))


def phases_of(session: Session, project: Project) -> list[ImplementationPhase]:
    return list(session.scalars(
        select(ImplementationPhase).where(ImplementationPhase.project_id == project.id)
        .order_by(ImplementationPhase.position, ImplementationPhase.id)))


def financing_of(session: Session, project: Project) -> list[ImplementationFinancing]:
    return list(session.scalars(
        select(ImplementationFinancing).where(ImplementationFinancing.project_id == project.id)
        .order_by(ImplementationFinancing.id)))


def follow_ups_of(session: Session, project: Project) -> list[ImplementationFollowUp]:
    return list(session.scalars(
        select(ImplementationFollowUp).where(ImplementationFollowUp.project_id == project.id)
        .options(selectinload(ImplementationFollowUp.indicator))
        .order_by(ImplementationFollowUp.id)))


def results_of(session: Session, project: Project) -> dict[int, EvaluationResult]:
    """The evaluation's results by indicator id."""
    rows = session.scalars(select(EvaluationResult)
                           .where(EvaluationResult.project_id == project.id))
    return {row.indicator_id: row for row in rows}


def phase_by_id(session: Session, project: Project, phase_id: int) -> ImplementationPhase | None:
    return session.scalar(select(ImplementationPhase).where(
        ImplementationPhase.project_id == project.id, ImplementationPhase.id == phase_id))


def financing_by_id(session: Session, project: Project,
                    financing_id: int) -> ImplementationFinancing | None:
    return session.scalar(select(ImplementationFinancing).where(
        ImplementationFinancing.project_id == project.id,
        ImplementationFinancing.id == financing_id))


def follow_up_by_id(session: Session, project: Project,
                    follow_up_id: int) -> ImplementationFollowUp | None:
    return session.scalar(select(ImplementationFollowUp).where(
        ImplementationFollowUp.project_id == project.id,
        ImplementationFollowUp.id == follow_up_id).options(
        selectinload(ImplementationFollowUp.indicator)))


def rules_plan(plan: ImplementationPlan) -> im.Plan:
    """What the rules read of ``plan``."""
    return im.Plan(
        annual_cost=plan.annual_cost, annual_saving=plan.annual_saving,
        expected_effect=plan.expected_effect, rollout=plan.rollout, starts_on=plan.starts_on,
        ends_on=plan.ends_on, financing_kind=plan.financing_kind, replaces=plan.replaces,
        ownership=plan.ownership, delivery=plan.delivery, organisation=plan.organisation,
        new_context=plan.new_context, obstacles=plan.obstacles,
        follow_up_date=plan.follow_up_date)


def rules_phases(phases: Iterable[ImplementationPhase]) -> tuple[im.Phase, ...]:
    return tuple(im.Phase(p.name, p.starts_on, p.ends_on, p.coverage) for p in phases)


def pilot_estimate(session: Session, project: Project) -> tuple[im.Pilot | None, str | None]:
    """The pilot's full-scale estimate from its economic calculation (read only), or None with
    a msgid saying why there is none (None when the calculation itself cannot be made)."""
    report = economics_report(session, project)
    if report.result is None or not (report.costs.budget or report.costs.benefits):
        return None, None
    full = report.full_scale
    if isinstance(full, ea.FullScale):
        return im.Pilot(full.annual_cost, full.annual_benefit, full.return_per_krona), None
    if isinstance(full, str):
        return None, ea.REASONS.get(full)
    return None, None


# --- Checking values ------------------------------------------------------------------------


def _text(value: str | None, field_name: str, *, limit: int = MAX_TEXT,
          required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ImplementationRefused(field_name, N_("Enter a text."))
    if len(text) > limit:
        raise ImplementationRefused(field_name, N_("At most %(n)s characters."), n=limit)
    return text


def _decimal(value: Any, field_name: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | float):
        raise ImplementationRefused(field_name, N_("Enter a number."))
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ImplementationRefused(field_name, N_("Enter a number.")) from None
    if not number.is_finite():
        raise ImplementationRefused(field_name, N_("Enter a number."))
    return number


def _money(value: Any, field_name: str) -> Decimal | None:
    number = _decimal(value, field_name)
    if number is None:
        return None
    if number < 0:
        raise ImplementationRefused(field_name, N_("The amount cannot be negative."))
    if number > MAX_AMOUNT:
        raise ImplementationRefused(field_name, N_("The amount is too large."))
    if number != number.quantize(Decimal("0.01")):
        raise ImplementationRefused(field_name,
                                    N_("Give the amount in kronor with at most two decimals."))
    return number


def _share(value: Any, field_name: str, *, required: bool = False) -> Decimal | None:
    number = _decimal(value, field_name)
    if number is None:
        if required:
            raise ImplementationRefused(field_name, N_("Enter a share in per cent."))
        return None
    if not 0 <= number <= 1:
        raise ImplementationRefused(field_name,
                                    N_("Enter a share between 0 and 100 per cent."))
    if number != number.quantize(Decimal("0.0001")):
        raise ImplementationRefused(field_name,
                                    N_("Give the share with at most two decimals in per cent."))
    return number


def _change(value: Any, field_name: str, *, required: bool = False) -> Decimal | None:
    number = _decimal(value, field_name)
    if number is None:
        if required:
            raise ImplementationRefused(field_name, N_("Enter the change in per cent."))
        return None
    if abs(number) > MAX_CHANGE:
        raise ImplementationRefused(field_name, N_("The change is too large."))
    if number != number.quantize(Decimal("0.0001")):
        raise ImplementationRefused(field_name,
                                    N_("Give the change with at most two decimals in per cent."))
    return number


def _date(value: Any, field_name: str, *, required: bool = False) -> date | None:
    if value is None:
        if required:
            raise ImplementationRefused(field_name, N_("Enter a date."))
        return None
    if not isinstance(value, date):
        raise ImplementationRefused(field_name, N_("Enter a date."))
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ImplementationRefused(field_name, N_("Enter a date between %(low)s and %(high)s."),
                                    low=YEAR_MIN, high=YEAR_MAX)
    return value


def _period(starts_on: Any, ends_on: Any, prefix: str = "") -> tuple[date | None, date | None]:
    start = _date(starts_on, f"{prefix}starts_on")
    end = _date(ends_on, f"{prefix}ends_on")
    if start is not None and end is not None and end < start:
        raise ImplementationRefused(f"{prefix}ends_on",
                                    N_("The end date cannot be before the start date."))
    return start, end


def _check_version(row: Any, version: int | None) -> None:
    """``version`` is the one the user saw; None for a row they did not see stored."""
    if row is not None and version != row.version:
        raise ImplementationRefused(None, STALE)


def _apply(row: Any, values: Mapping[str, Any]) -> None:
    """Set only what changed, so an unchanged save writes nothing (and no audit entry)."""
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


# --- The plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanValues:
    annual_cost: Any = None
    cost_note: str = ""
    annual_saving: Any = None
    expected_effect: str = ""
    rollout: str = im.ALL_AT_ONCE
    starts_on: date | None = None
    ends_on: date | None = None
    financing_kind: str | None = None
    replaces: str = ""
    ownership: str = ""
    delivery: str = ""
    organisation: str = ""
    forums: str = ""
    prerequisites: str = ""
    new_context: str = ""
    obstacles: str = ""
    follow_up_date: date | None = None
    follow_up_summary: str = ""


_PLAN_TEXTS = ("cost_note", "expected_effect", "replaces", "ownership", "delivery",
               "organisation", "forums", "prerequisites", "new_context", "obstacles")


def save_plan(session: Session, project: Project, values: PlanValues, *, version: int | None,
              today: date) -> ImplementationPlan:
    """Create or change the plan. The summary of the results after implementation may be
    written from the follow-up date on (``today`` is the user's date)."""
    existing = plan_of(session, project)
    _check_version(existing, version)
    if values.rollout not in ROLLOUTS:
        raise ImplementationRefused("rollout", N_("Choose all at once or in phases."))
    if values.financing_kind is not None and values.financing_kind not in FINANCING_KINDS:
        raise ImplementationRefused("financing_kind", N_("Choose how the implementation is "
                                                         "financed."))
    checked: dict[str, Any] = {
        "annual_cost": _money(values.annual_cost, "annual_cost"),
        "annual_saving": _money(values.annual_saving, "annual_saving"),
        "rollout": values.rollout,
        "financing_kind": values.financing_kind,
    }
    checked["starts_on"], checked["ends_on"] = _period(values.starts_on, values.ends_on)
    for name in _PLAN_TEXTS:
        checked[name] = _text(getattr(values, name), name)
    follow_up_date = _date(values.follow_up_date, "follow_up_date")
    checked["follow_up_date"] = follow_up_date
    summary = _text(values.follow_up_summary, "follow_up_summary")
    stored_summary = existing.follow_up_summary if existing is not None else ""
    if summary != stored_summary and summary and not im.follow_up_open(follow_up_date, today):
        if follow_up_date is None:
            raise ImplementationRefused("follow_up_summary", N_(
                "Set a follow-up date first: the results after implementation are summarised "
                "from that date on."))
        raise ImplementationRefused("follow_up_summary", N_(
            "The results after implementation can be summarised from the follow-up date, "
            "%(date)s."), date=follow_up_date.isoformat())
    checked["follow_up_summary"] = summary
    plan = existing
    if plan is None:
        plan = ImplementationPlan(project_id=project.id)
        session.add(plan)
    _apply(plan, checked)
    session.flush()
    return plan


# --- Phases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseValues:
    name: str
    units: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    coverage: Any = None


def _check_phase(values: PhaseValues) -> dict[str, Any]:
    start, end = _period(values.starts_on, values.ends_on)
    return {"name": _text(values.name, "name", limit=MAX_NAME, required=True),
            "units": _text(values.units, "units"), "starts_on": start, "ends_on": end,
            "coverage": _share(values.coverage, "coverage")}


def add_phase(session: Session, project: Project, values: PhaseValues) -> ImplementationPhase:
    checked = _check_phase(values)
    position = session.scalar(select(func.max(ImplementationPhase.position))
                              .where(ImplementationPhase.project_id == project.id))
    phase = ImplementationPhase(project_id=project.id, position=(position or 0) + 1)
    _apply(phase, checked)
    session.add(phase)
    session.flush()
    return phase


def update_phase(session: Session, phase: ImplementationPhase, values: PhaseValues, *,
                 version: int | None) -> None:
    _check_version(phase, version)
    _apply(phase, _check_phase(values))
    session.flush()


def delete_phase(session: Session, phase: ImplementationPhase, *, version: int | None) -> None:
    _check_version(phase, version)
    session.delete(phase)
    session.flush()


# --- Financing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FinancingValues:
    actor: str
    share: Any
    note: str = ""


def _actor(session: Session, key: str | None) -> str:
    key = (key or "").strip()
    if not key:
        raise ImplementationRefused("actor", N_("Choose who finances the share."))
    if key not in EXTERNAL_ACTORS and session.scalar(
            select(Department.id).where(Department.key == key)) is None:
        raise ImplementationRefused("actor", N_("There is no actor “%(key)s”."), key=key)
    return key


def _check_financing(session: Session, project: Project, values: FinancingValues,
                     row: ImplementationFinancing | None) -> dict[str, Any]:
    actor = _actor(session, values.actor)
    share = _share(values.share, "share", required=True)
    if share == 0:
        raise ImplementationRefused("share", N_("Enter a share greater than 0 per cent."))
    others = [f for f in financing_of(session, project) if row is None or f.id != row.id]
    if any(f.actor == actor for f in others):
        raise ImplementationRefused("actor", N_(
            "This actor already has a share: change that share instead."))
    other_total = im.financing_total(f.share for f in others)
    if other_total + share > im.FULL:
        raise ImplementationRefused("share", N_(
            "The shares would add up to %(total)s per cent. The other shares already add up to "
            "%(current)s per cent, so at most %(room)s per cent is left."),
            total=_percent(other_total + share), current=_percent(other_total),
            room=_percent(im.room_for(f.share for f in others)))
    return {"actor": actor, "share": share, "note": _text(values.note, "note")}


def _percent(share: Decimal) -> Decimal:
    """A share as a number of per cent without needless zeros (0.2550 → 25.5)."""
    value = (share * 100).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def add_financing(session: Session, project: Project,
                  values: FinancingValues) -> ImplementationFinancing:
    row = ImplementationFinancing(project_id=project.id)
    _apply(row, _check_financing(session, project, values, None))
    session.add(row)
    session.flush()
    return row


def update_financing(session: Session, project: Project, row: ImplementationFinancing,
                     values: FinancingValues, *, version: int | None) -> None:
    _check_version(row, version)
    _apply(row, _check_financing(session, project, values, row))
    session.flush()


def delete_financing(session: Session, row: ImplementationFinancing, *,
                     version: int | None) -> None:
    _check_version(row, version)
    session.delete(row)
    session.flush()


# --- Results after implementation -------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpValues:
    indicator_id: int | None
    after_change: Any
    measured_on: date | None
    #: None: the evaluation's result in the project period, if there is one.
    project_change: Any = None
    note: str = ""


def _check_follow_up(session: Session, project: Project, values: FollowUpValues,
                     row: ImplementationFollowUp | None, today: date) -> dict[str, Any]:
    plan = plan_of(session, project)
    follow_up_date = plan.follow_up_date if plan is not None else None
    if follow_up_date is None:
        raise ImplementationRefused(None, N_(
            "Set the plan's follow-up date first: results after implementation are entered from "
            "that date on."))
    if not im.follow_up_open(follow_up_date, today):
        raise ImplementationRefused(None, N_(
            "Results after implementation can be entered from the follow-up date, %(date)s."),
            date=follow_up_date.isoformat())
    indicators = {i.id: i for i in outcome_indicators(project)}
    if values.indicator_id not in indicators:
        raise ImplementationRefused("indicator", N_(
            "Choose one of the logic model's outcome indicators."))
    taken = session.scalar(select(ImplementationFollowUp.id).where(
        ImplementationFollowUp.project_id == project.id,
        ImplementationFollowUp.indicator_id == values.indicator_id))
    if taken is not None and (row is None or taken != row.id):
        raise ImplementationRefused("indicator", N_(
            "This indicator already has a result after implementation: change that one."))
    measured_on = _date(values.measured_on, "measured_on", required=True)
    if measured_on < follow_up_date:
        raise ImplementationRefused("measured_on", N_(
            "The result must be measured on or after the follow-up date, %(date)s: earlier "
            "measurements belong to the rollout."), date=follow_up_date.isoformat())
    if measured_on > today:
        raise ImplementationRefused("measured_on", N_("The date cannot be in the future."))
    project_change = _change(values.project_change, "project_change")
    if project_change is None:
        result = results_of(session, project).get(values.indicator_id)
        project_change = result.intervention_change if result is not None else None
    return {"indicator_id": values.indicator_id, "project_change": project_change,
            "after_change": _change(values.after_change, "after_change", required=True),
            "measured_on": measured_on, "note": _text(values.note, "note")}


def add_follow_up(session: Session, project: Project, values: FollowUpValues, *,
                  today: date) -> ImplementationFollowUp:
    row = ImplementationFollowUp(project_id=project.id)
    _apply(row, _check_follow_up(session, project, values, None, today))
    session.add(row)
    session.flush()
    return row


def update_follow_up(session: Session, project: Project, row: ImplementationFollowUp,
                     values: FollowUpValues, *, version: int | None, today: date) -> None:
    _check_version(row, version)
    _apply(row, _check_follow_up(session, project, values, row, today))
    session.flush()


def delete_follow_up(session: Session, row: ImplementationFollowUp, *,
                     version: int | None) -> None:
    _check_version(row, version)
    session.delete(row)
    session.flush()


# --- The page's overview ----------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    """An outcome indicator's change in the project period beside its change after
    implementation."""

    indicator: LogicIndicator
    follow_up: ImplementationFollowUp | None
    result: EvaluationResult | None

    @property
    def project_change(self) -> Decimal | None:
        if self.follow_up is not None and self.follow_up.project_change is not None:
            return self.follow_up.project_change
        return self.result.intervention_change if self.result is not None else None

    @property
    def after_change(self) -> Decimal | None:
        return self.follow_up.after_change if self.follow_up is not None else None

    @property
    def difference(self) -> Decimal | None:
        """After implementation minus the project period (in the same units)."""
        if self.project_change is None or self.after_change is None:
            return None
        return self.after_change - self.project_change


@dataclass(frozen=True)
class ImplementationOverview:
    plan: ImplementationPlan | None
    phases: list[ImplementationPhase]
    financing: list[ImplementationFinancing]
    results: list[ResultRow]
    findings: tuple[im.Finding, ...]
    pilot: im.Pilot | None
    pilot_reason: str | None
    #: The follow-up date the guide's example suggests (18 months after the project ends).
    suggested_follow_up: date | None
    #: Whether results after implementation may be entered today.
    follow_up_open: bool
    #: The checklist items the page shows, with what each still lacks.
    gaps: dict[str, list[str]]

    @property
    def financing_total(self) -> Decimal:
        return im.financing_total(f.share for f in self.financing)

    @property
    def missing_share(self) -> Decimal:
        return im.missing_share(f.share for f in self.financing)

    @property
    def saving_per_krona(self) -> Decimal | None:
        plan = self.plan
        return im.saving_per_krona(plan.annual_cost, plan.annual_saving) if plan else None


def implementation_overview(session: Session, project: Project, *,
                            today: date) -> ImplementationOverview:
    """Everything the plan's page shows (a fixed number of queries, no writes)."""
    plan = plan_of(session, project)
    phases = phases_of(session, project)
    financing = financing_of(session, project)
    follow_ups = {f.indicator_id: f for f in follow_ups_of(session, project)}
    results = results_of(session, project)
    rows = [ResultRow(i, follow_ups.get(i.id), results.get(i.id))
            for i in outcome_indicators(project)]
    pilot, reason = pilot_estimate(session, project)
    rules = rules_plan(plan) if plan is not None else im.Plan()
    findings = im.check_plan(rules, rules_phases(phases), [f.share for f in financing],
                             pilot=pilot, pilot_reason=reason) if plan is not None else ()
    recorded = im.Recorded(
        plan=rules if plan is not None else None, shares=tuple(f.share for f in financing),
        follow_ups=tuple(im.FollowUp(f.measured_on, f.after_change)
                         for f in follow_ups.values()))
    return ImplementationOverview(
        plan=plan, phases=phases, financing=financing, results=rows, findings=findings,
        pilot=pilot, pilot_reason=reason, suggested_follow_up=im.suggested_follow_up(
            plan.starts_on if plan is not None else None, project.end),
        follow_up_open=im.follow_up_open(plan.follow_up_date if plan else None, today),
        gaps=im.checklist_gaps(recorded))


# --- Checklist --------------------------------------------------------------------------------


def checklist_loads() -> tuple:
    """Loader options that read ``CHECKLIST_ROWS`` with a list of projects."""
    return tuple(selectinload(getattr(Project, name)) for name in CHECKLIST_ROWS)


def _unloaded(project: Project) -> bool:
    unloaded = inspect(project).unloaded
    return any(name in unloaded for name in CHECKLIST_ROWS)


def _load_rows(session: Session, project: Project) -> None:
    """Read ``CHECKLIST_ROWS`` for every project of the session that lacks them, in one query
    per kind of row, so a list of projects costs the same few queries whatever its length."""
    wanted = [project] + [p for p in session.identity_map.values()
                          if isinstance(p, Project) and p is not project and p.id is not None
                          and _unloaded(p)]
    ids = [p.id for p in wanted]
    for start in range(0, len(ids), 500):
        session.scalars(select(Project).where(Project.id.in_(ids[start:start + 500]))
                        .options(*checklist_loads())).all()


def checklist_facts(project: Project) -> dict[str, bool]:
    """The checklist items derived from the evaluation's results and component analysis and
    from the implementation plan: ``evaluation.results``, ``evaluation.components``,
    ``evaluation.implementation_plan`` and the ``scale_up`` items but the prerequisites. A
    project outside a session, or not stored yet, has recorded none of them."""
    codes = ("evaluation.results", "evaluation.components", *im.CHECKLIST_CODES)
    session = object_session(project)
    if session is None or project.id is None:
        return dict.fromkeys(codes, False)
    if _unloaded(project):
        _load_rows(session, project)
    plan = project.implementation_plan
    outcome_ids = {i.id for e in project.logic_elements for i in e.indicators
                   if i.kind == "outcome"}
    criteria = {e.indicator_id for e in project.indicator_expectations
                if e.min_effect is not None and e.indicator_id in outcome_ids}
    compared = {r.indicator_id for r in project.results if r.comparison_change is not None}
    recorded = im.Recorded(
        plan=rules_plan(plan) if plan is not None else None,
        shares=tuple(f.share for f in project.implementation_financing),
        follow_ups=tuple(im.FollowUp(f.measured_on, f.after_change)
                         for f in project.implementation_follow_ups))
    return {
        "evaluation.results": results_reported(criteria, compared),
        "evaluation.components": components_reported(
            (a.verdict, a.reason) for a in project.component_assessments),
        **im.checklist_facts(recorded),
    }


# --- The sheet --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetPlan:
    """The plan as its sheet shows it (codes untranslated)."""

    annual_cost: Decimal | None
    cost_note: str
    annual_saving: Decimal | None
    saving_per_krona: Decimal | None
    expected_effect: str
    rollout: str
    starts_on: date | None
    ends_on: date | None
    financing_kind: str | None
    replaces: str
    ownership: str
    delivery: str
    organisation: str
    forums: str
    prerequisites: str
    new_context: str
    obstacles: str
    follow_up_date: date | None
    follow_up_summary: str


@dataclass(frozen=True)
class SheetPhase:
    name: str
    units: str
    starts_on: date | None
    ends_on: date | None
    coverage: Decimal | None


@dataclass(frozen=True)
class SheetFinancing:
    actor: str
    actor_name: str
    share: Decimal
    #: The share of the full-scale annual cost, when it is given.
    amount: Decimal | None
    note: str


@dataclass(frozen=True)
class SheetResult:
    indicator: str
    name: str
    project_change: Decimal | None
    after_change: Decimal | None
    measured_on: date | None
    note: str


@dataclass(frozen=True)
class ImplementationSheet:
    """What the sheet "Implementeringsplan" holds for one project."""

    title: str
    plan: SheetPlan | None
    phases: tuple[SheetPhase, ...]
    financing: tuple[SheetFinancing, ...]
    results: tuple[SheetResult, ...]
    #: The consistency panel: (status, text in the reader's language).
    findings: tuple[tuple[str, str], ...]


def _plain_money(value: Decimal) -> str:
    whole = f"{value.quantize(Decimal(1)):,}".replace(",", "\u00a0")
    return f"{whole}\u00a0kr"


PLAIN_FORMATS: Mapping[str, Callable[[Any], str]] = {
    im.MONEY: _plain_money,
    im.SHARE: lambda value: f"{_percent(value):f}\u00a0%",
    im.DATE: lambda value: value.isoformat(),
    im.RATIO: lambda value: str(value),
    im.COUNT: str,
    im.TEXT: str,
}


def finding_text(finding: im.Finding, translate: Callable[[str], str],
                 formats: Mapping[str, Callable[[Any], str]] = PLAIN_FORMATS) -> str:
    """A finding's text in the reader's language; ``formats`` shows each kind of value."""
    message = translate(finding.msgid)
    if not finding.params:
        return message
    shown = {name: translate(value) if kind == im.MSGID else formats[kind](value)
             for name, (kind, value) in finding.params.items()}
    return message % shown


def implementation_sheet(session: Session, project: Project, translate: Callable[[str], str],
                         describe: Callable[[im.Finding], str] | None = None, *,
                         today: date | None = None) -> ImplementationSheet:
    """The sheet's content for ``project``; ``describe`` gives a finding's text (default: in
    plain formats through ``translate``)."""
    overview = implementation_overview(session, project, today=today or date.today())
    describe = describe or (lambda finding: finding_text(finding, translate))
    names = actor_names(session, translate)
    plan = overview.plan
    sheet_plan = None
    if plan is not None:
        sheet_plan = SheetPlan(
            annual_cost=plan.annual_cost, cost_note=plan.cost_note,
            annual_saving=plan.annual_saving, saving_per_krona=overview.saving_per_krona,
            expected_effect=plan.expected_effect, rollout=plan.rollout,
            starts_on=plan.starts_on, ends_on=plan.ends_on, financing_kind=plan.financing_kind,
            replaces=plan.replaces, ownership=plan.ownership, delivery=plan.delivery,
            organisation=plan.organisation, forums=plan.forums,
            prerequisites=plan.prerequisites, new_context=plan.new_context,
            obstacles=plan.obstacles, follow_up_date=plan.follow_up_date,
            follow_up_summary=plan.follow_up_summary)
    cost = plan.annual_cost if plan is not None else None
    return ImplementationSheet(
        title=project.title,
        plan=sheet_plan,
        phases=tuple(SheetPhase(p.name, p.units, p.starts_on, p.ends_on, p.coverage)
                     for p in overview.phases),
        financing=tuple(
            SheetFinancing(f.actor, names.get(f.actor, f.actor), f.share,
                           (cost * f.share).quantize(Decimal("0.01")) if cost is not None
                           else None, f.note)
            for f in overview.financing),
        results=tuple(
            SheetResult(r.indicator.key, r.indicator.name, r.project_change, r.after_change,
                        r.follow_up.measured_on if r.follow_up else None,
                        r.follow_up.note if r.follow_up else "")
            for r in overview.results if r.project_change is not None or r.follow_up),
        findings=tuple((f.status, describe(f)) for f in overview.findings),
    )


def sorted_findings(findings: Sequence[im.Finding]) -> list[im.Finding]:
    """The panel's findings, the most serious first (stable within a status)."""
    order = {im.PROBLEM: 0, im.WARNING: 1, im.OPEN: 2, im.OK: 3}
    return sorted(findings, key=lambda f: order.get(f.status, 4))


__all__ = [
    "CHECKLIST_ROWS", "FinancingValues", "FollowUpValues", "ImplementationOverview",
    "ImplementationRefused", "ImplementationSheet", "PhaseValues", "PlanValues", "ResultRow",
    "STALE", "SheetFinancing", "SheetPhase", "SheetPlan", "SheetResult", "add_financing",
    "add_follow_up", "add_phase", "checklist_facts", "checklist_loads", "delete_financing",
    "delete_follow_up", "delete_phase", "finding_text", "financing_by_id", "financing_of",
    "follow_up_by_id", "follow_ups_of", "implementation_overview", "implementation_sheet",
    "phase_by_id", "phases_of", "pilot_estimate", "plan_of", "results_of", "rules_phases",
    "rules_plan", "save_plan", "sorted_findings", "update_financing", "update_follow_up",
    "update_phase",
]
