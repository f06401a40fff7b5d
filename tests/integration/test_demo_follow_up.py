"""The demo's follow-up, evaluations and implementation plan (guide, appendix B)."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from models import users
from models.costs import EXTERNAL_ACTORS
from models.demo import seed_demo
from models.demo_economics import DEMO
from models.demo_follow_up import (
    DEMO_TODAY,
    LOW_TRAINER,
    LOW_WEEKDAY,
    MONTHS,
    TRAINER,
    TRAINERS,
    WEEKDAY,
    WEEKDAYS,
    attendance_indicator,
)
from models.design import IndicatorExpectation, PlannedCheckIn
from models.domain import follow_up as fu
from models.domain import signals as sg
from models.domain.governance import add_months
from models.domain.results import ResultInput, change_between, evaluate
from models.evaluation import (
    ComponentAssessment,
    EvaluationResult,
    ProjectEvaluation,
    Stakeholder,
)
from models.follow_up import (
    CheckIn,
    DropOut,
    IndicatorReporting,
    IndicatorValue,
    ParticipantFlow,
    ResourceUse,
)
from models.implementation import (
    ImplementationFinancing,
    ImplementationPhase,
    ImplementationPlan,
)
from models.organisation import Department
from models.project import Project
from models.signals import SignalContext, collect, running_projects


@pytest.fixture
def demo(db, monkeypatch) -> dict[str, Project]:
    # Nobody logs in here: a cheap hash keeps the seedings of this module fast.
    monkeypatch.setattr(users, "hash_password",
                        lambda password: generate_password_hash(password, method="pbkdf2:sha256:1"))
    seed_demo(db)
    db.commit()  # read back from the database, not from the objects just created
    return {project.key: project for project in db.scalars(select(Project))}


def _rows(db, model, project, *order):
    return db.scalars(select(model).where(model.project_id == project.id).order_by(
        *(order or (model.id,)))).all()


def _results(db, project) -> dict[str, tuple[EvaluationResult, IndicatorExpectation | None]]:
    expectations = {e.indicator_id: e for e in _rows(db, IndicatorExpectation, project)}
    return {r.indicator.key: (r, expectations.get(r.indicator_id))
            for r in _rows(db, EvaluationResult, project)}


# --- Truancy: the guide's results table ----------------------------------------------------------


def test_the_truancy_results_are_the_guides_table(db, demo):
    project = demo["skolfranvaro"]
    results = _results(db, project)
    assert set(results) == {"i6", "i7", "i9"}
    rows = {key: evaluate(ResultInput(key, r.intervention_change, r.comparison_change,
                                      r.goal, e.min_effect if e is not None else None))
            for key, (r, e) in results.items()}
    assert {key: row.effect for key, row in rows.items()} == {
        "i6": Decimal("-0.18"), "i7": Decimal("-0.25"), "i9": Decimal("-0.35")}
    assert {key: row.goal for key, row in rows.items()} == {
        "i6": Decimal("-0.25"), "i7": Decimal("-0.40"), "i9": Decimal("-0.50")}
    # Every goal is met within the group, none by the effect, and every success criterion is
    # met: the initiative is still a success.
    assert all(row.goal_met_in_group is True for row in rows.values())
    assert all(row.goal_met_by_effect is False for row in rows.values())
    assert all(row.success is True for row in rows.values())
    assert {key: row.min_effect for key, row in rows.items()} == {
        "i6": Decimal("-0.15"), "i7": Decimal("-0.20"), "i9": Decimal("-0.30")}
    for result, expectation in results.values():
        assert expectation.basis_note.startswith(DEMO.strip())
        # The levels give the same changes (difference-in-differences).
        assert result.change_kind == "relative"
        assert change_between(result.intervention_before, result.intervention_after,
                              relative=True) == result.intervention_change
        assert change_between(result.comparison_before, result.comparison_after,
                              relative=True) == result.comparison_change
        assert DEMO.strip() in result.note


def test_the_truancy_evaluation_has_stakeholders_components_and_conclusions(db, demo):
    project = demo["skolfranvaro"]
    stakeholders = _rows(db, Stakeholder, project, Stakeholder.position)
    names = " ".join(s.name for s in stakeholders).lower()
    for who in ("elever", "lärare", "elevhälsan", "vårdnadshavare", "skolledningen"):
        assert who in names
    assert {"interview", "focus_group", "survey", "document_review"} <= {
        s.method for s in stakeholders}
    assert all(s.connection and s.information for s in stakeholders)
    components = _rows(db, ComponentAssessment, project, ComponentAssessment.position)
    assert {c.verdict for c in components} == {"decisive", "superfluous", "counterproductive"}
    assert all(c.reason for c in components)
    # One verdict per activity at most; a part of an activity may be judged on its own.
    elements = [c.element_id for c in components if c.element_id is not None]
    assert len(elements) == len(set(elements))
    evaluation = db.scalar(select(ProjectEvaluation).where(
        ProjectEvaluation.project_id == project.id))
    assert evaluation.judged_success is True
    assert evaluation.actual_cost == Decimal("4000000.00")
    assert "tillräckligt stora" in evaluation.conclusion
    assert "psykisk ohälsa" in evaluation.causes


# --- Home visits: results and the implementation plan --------------------------------------------


def test_the_home_visit_results_and_observed_costs_are_the_guides(db, demo):
    project = demo["hembesok"]
    results = _results(db, project)
    assistance, _none = results["i9"]
    assert assistance.change_kind == "absolute"
    assert (assistance.intervention_after, assistance.comparison_after) == (
        Decimal("0.20"), Decimal("0.55"))
    assert change_between(assistance.intervention_before, assistance.intervention_after,
                          relative=False) == assistance.intervention_change
    effects = {key: evaluate(ResultInput(key, r.intervention_change, r.comparison_change)).effect
               for key, (r, _e) in results.items()}
    assert effects == {"i9": Decimal("-0.35"), "i6": Decimal("0.18"), "i7": Decimal("0.20")}
    evaluation = db.scalar(select(ProjectEvaluation).where(
        ProjectEvaluation.project_id == project.id))
    assert (evaluation.observed_cost_change, evaluation.observed_months) == (
        Decimal("-4000000.00"), 12)
    verdicts = {c.element.key: c.verdict for c in _rows(db, ComponentAssessment, project)}
    assert verdicts == {"a1": "decisive", "a2": "decisive", "a4": "superfluous"}


def test_the_home_visit_implementation_plan_is_financed_in_full(db, demo):
    project = demo["hembesok"]
    plan = db.scalar(select(ImplementationPlan).where(ImplementationPlan.project_id == project.id))
    assert plan.annual_cost == Decimal("3500000.00")
    assert plan.annual_saving == Decimal("9000000.00")
    assert "två" in plan.cost_note.lower() and "uppföljning" in plan.cost_note
    assert plan.rollout == "phased"
    assert plan.follow_up_date == add_months(plan.starts_on, 18)
    assert plan.replaces and plan.ownership
    financing = _rows(db, ImplementationFinancing, project)
    assert sum(f.share for f in financing) == Decimal("1")
    departments = set(db.scalars(select(Department.key)))
    assert all(f.actor in departments or f.actor in EXTERNAL_ACTORS for f in financing)
    assert all(f.note.startswith(DEMO.strip()) for f in financing)
    phases = _rows(db, ImplementationPhase, project, ImplementationPhase.position)
    assert [p.coverage for p in phases] == [Decimal("0.50"), Decimal("1.00")]
    assert phases[0].starts_on == plan.starts_on and phases[-1].ends_on == plan.ends_on
    assert all(a.ends_on < b.starts_on for a, b in zip(phases, phases[1:], strict=False))


# --- Parental support: a year of follow-up -------------------------------------------------------


def _attendance(db, project) -> list[IndicatorValue]:
    indicator = attendance_indicator(project)
    assert indicator is not None, "the parental-support model measures attendance"
    return db.scalars(select(IndicatorValue).where(
        IndicatorValue.indicator_id == indicator.id)).all()


def _average(values) -> Decimal:
    values = list(values)
    return sum(values) / len(values)


def test_parental_support_attendance_is_lower_on_one_weekday_and_for_one_trainer(db, demo):
    values = _attendance(db, demo["foraldrastod"])
    assert sorted({v.period for v in values}) == list(MONTHS)
    assert MONTHS[-1] == date(2026, 6, 1)  # the last month before the project ended
    # One value per month, dimension and category.
    keys = [(v.period, v.dimension, v.category) for v in values]
    assert len(keys) == len(set(keys))
    assert {v.category for v in values if v.dimension == WEEKDAY} == set(WEEKDAYS)
    assert {v.category for v in values if v.dimension == TRAINER} == set(TRAINERS)
    assert all(v.planned == Decimal(75) for v in values)
    assert all(0 <= v.actual <= 100 for v in values)

    def mean(dimension, category):
        return _average(v.actual for v in values
                        if v.dimension == dimension and v.category == category)

    others = _average(mean(WEEKDAY, day) for day in WEEKDAYS if day != LOW_WEEKDAY)
    assert mean(WEEKDAY, LOW_WEEKDAY) < others - 5
    others = _average(mean(TRAINER, name) for name in TRAINERS if name != LOW_TRAINER)
    assert mean(TRAINER, LOW_TRAINER) < others - 5
    assert mean(TRAINER, LOW_TRAINER) == min(mean(TRAINER, name) for name in TRAINERS)
    # The total of each month lies between its lowest and highest weekday.
    for month in MONTHS:
        total = next(v.actual for v in values if v.period == month and not v.dimension)
        days = [v.actual for v in values if v.period == month and v.dimension == WEEKDAY]
        assert min(days) <= total <= max(days)


def test_parental_support_has_participants_drop_outs_and_resources(db, demo):
    project = demo["foraldrastod"]
    flows = _rows(db, ParticipantFlow, project)
    assert sum(f.enrolled for f in flows) == project.size_reached

    def rate(profile):
        return (Decimal(sum(f.enrolled for f in flows if f.risk_profile == profile))
                / sum(f.eligible for f in flows if f.risk_profile == profile))

    assert rate("high") < rate("medium") < rate("low")
    drop_outs = _rows(db, DropOut, project)
    open_harm = [d for d in drop_outs if d.possible_harm and d.investigated_on is None]
    assert len(open_harm) == 1 and not open_harm[0].investigation
    assert any(d.possible_harm and d.investigated_on and d.investigation for d in drop_outs)
    assert len({d.reason_kind for d in drop_outs}) == len(drop_outs)
    assert all(d.left_on <= project.end for d in drop_outs)
    uses = _rows(db, ResourceUse, project)
    assert {u.element.key for u in uses} == {"a1", "a2"}
    assert all(u.competence and u.planned_hours is not None and u.actual_hours is not None
               for u in uses)
    assert max(u.period for u in uses) == MONTHS[-1]


def test_parental_support_check_ins_follow_the_schedule(db, demo):
    project = demo["foraldrastod"]
    planned = _rows(db, PlannedCheckIn, project, PlannedCheckIn.planned_on)
    held = _rows(db, CheckIn, project, CheckIn.held_on)
    assert planned and {c.planned_id for c in held} == {
        p.id for p in planned if p.planned_on < DEMO_TODAY}
    assert all(0 <= (c.held_on - c.planned.planned_on).days <= 14 for c in held)
    decisions = [d for c in held for d in c.decisions]
    assert all(d.action and d.responsible for d in decisions)
    weekday = [d for d in decisions if d.decision == "adjust"]
    assert len(weekday) == 1 and "måndag" in weekday[0].prompted_by
    assert weekday[0].check_in.held_on < date(2025, 11, 1)
    trainer = next(d for d in decisions if d.decision == "intensify")
    assert LOW_TRAINER in trainer.prompted_by
    assert any(d.prompt == "drop_out" and d.drop_out is not None for d in decisions)


def test_the_weekday_decision_names_the_attendance_measure_once_it_exists(db, demo):
    project = demo["foraldrastod"]
    values = _attendance(db, project)
    indicator_id = values[0].indicator_id
    reporting = db.scalar(select(IndicatorReporting).where(
        IndicatorReporting.indicator_id == indicator_id))
    assert reporting.frequency == "month" and reporting.responsible
    assert reporting.first_period == MONTHS[0]


# --- Falls prevention and the portfolio's signals ------------------------------------------------


def test_only_one_falls_indicator_is_behind_plan(db, demo):
    project = demo["fallprevention"]
    values = _rows(db, IndicatorValue, project, IndicatorValue.period)
    latest = {}
    for value in values:
        latest[value.indicator.key] = value
    assert len({v.period for v in values}) >= 4
    assert set(latest) == {"i1", "i2", "i3", "i4"}
    behind = {key for key, v in latest.items() if fu.behind_plan(
        v.planned, v.actual, fu.direction(v.indicator.baseline, v.indicator.target))}
    assert behind == {"i2"}
    reporting = _rows(db, IndicatorReporting, project)
    assert len(reporting) == 4
    assert all(r.frequency == "quarter" and r.responsible for r in reporting)


def test_the_portfolio_shows_the_follow_up_signals(db, demo):
    projects = running_projects(db)
    found = collect(SignalContext(db, projects, DEMO_TODAY))
    codes = {p.key: {s.code for s in found.get(p.id, [])} for p in projects}
    assert sg.INDICATOR_BEHIND_PLAN in codes["fallprevention"]
    assert sg.DROP_OUT_POSSIBLE_HARM in codes["foraldrastod"]
    assert sg.CHECK_IN_OVERDUE not in codes["fallprevention"]
    assert sg.CHECK_IN_OVERDUE not in codes["foraldrastod"]
    assert sg.STOP_CRITERION_MET not in codes["fallprevention"]
