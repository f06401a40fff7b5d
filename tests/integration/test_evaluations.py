"""The evaluation service (models.evaluations): every value checked before anything is written,
refusals naming the field, versions against concurrent edits, audit entries, and the data the
evaluation page, the final report and the workbook are built from."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from models import AuditEntry
from models.design import EvaluationPlan, IndicatorExpectation
from models.evaluation import ComponentAssessment, EvaluationResult, ProjectEvaluation
from models.evaluations import (
    STALE,
    ComponentValues,
    ConclusionValues,
    EconomicsValues,
    EvaluationRefused,
    ResultValues,
    StakeholderValues,
    add_component,
    add_result,
    add_stakeholder,
    delete_result,
    economic_comparison,
    evaluation_data,
    final_report_data,
    observed_effects,
    result_lines,
    save_conclusions,
    save_economics,
    update_component,
    update_result,
    update_stakeholder,
)
from models.logic_models import store_model
from tests.integration.helpers import make_org, make_project, small_model


@pytest.fixture
def project(db):
    make_org(db)
    project = make_project(db, "fallprevention", stage="evaluation", start=date(2025, 1, 1))
    store_model(db, project, small_model())
    db.commit()
    return project


@pytest.fixture
def other(db, project):
    other = make_project(db, "annan")
    store_model(db, other, small_model())
    db.commit()
    return other


def _indicator(project, key):
    return next(i for e in project.logic_elements for i in e.indicators if i.key == key)


def _refused(call, field: str | None, message: str | None = None) -> EvaluationRefused:
    with pytest.raises(EvaluationRefused) as caught:
        call()
    assert caught.value.field == field
    if message is not None:
        assert message in str(caught.value)
    return caught.value


def _count(db, model) -> int:
    return len(db.scalars(select(model)).all())


# --- results ------------------------------------------------------------------------------------


def test_only_an_outcome_indicator_of_this_initiative_gets_a_result(db, project, other):
    # i1 is a process measure of the activity; the other project's i2 is not this one's.
    _refused(lambda: add_result(db, project, ResultValues(indicator="i1",
                                                          intervention_change="-0.3")),
             "indicator", "Choose an outcome indicator")
    foreign = _indicator(other, "i2")
    assert foreign.project_id == other.id
    row = add_result(db, project, ResultValues(indicator="i2", intervention_change="-0.3"))
    assert row.indicator_id == _indicator(project, "i2").id != foreign.id
    _refused(lambda: add_result(db, project, ResultValues(indicator="i2",
                                                          intervention_change="-0.1")),
             "indicator", "already has a result")


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"intervention_change": "10.0001"}, "intervention_change", "between −1 000 and +1 000"),
    ({"intervention_change": "-10.5"}, "intervention_change", "between −1 000 and +1 000"),
    ({"comparison_change": "11"}, "comparison_change", "between −1 000 and +1 000"),
    ({"goal": "-12"}, "goal", "between −1 000 and +1 000"),
    ({"goal": "0"}, "goal", "other than zero"),
    ({"intervention_change": "abc"}, "intervention_change", "Enter a number."),
    ({"intervention_change": 0.3}, "intervention_change", "Enter a number."),
    ({"intervention_change": "-0.30001"}, "intervention_change", "at most two decimals"),
    ({"change_kind": "sideways"}, "change_kind", "relative or an absolute"),
    ({"source": "guess"}, "source", "how the result is given"),
    ({"n_intervention": -1}, "n_intervention", "whole number"),
    ({"n_comparison": True}, "n_comparison", "whole number"),
    ({"note": "x" * 5001}, "note", "At most 5000 characters."),
])
def test_a_result_is_checked_value_by_value(db, project, values, field, message):
    base = {"indicator": "i2", "intervention_change": "-0.3", "comparison_change": "-0.1"}
    _refused(lambda: add_result(db, project, ResultValues(**{**base, **values})), field, message)
    assert _count(db, EvaluationResult) == 0


def test_changes_of_exactly_plus_or_minus_1000_per_cent_are_accepted(db, project):
    row = add_result(db, project, ResultValues(indicator="i2", intervention_change="10",
                                               comparison_change="-10"))
    assert (row.intervention_change, row.comparison_change) == (D(10), D(-10))


def test_levels_refuse_a_relative_change_from_zero_and_an_absolute_change_of_a_count(
        db, project):
    # i2 is in per cent (levels are fractions), i3 counts fall injuries.
    _refused(lambda: add_result(db, project, ResultValues(
        indicator="i2", source="levels", intervention_before="0",
        intervention_after="0.1")), "intervention_before",
        "A relative change from a level of 0 is not defined: choose an absolute change")
    _refused(lambda: add_result(db, project, ResultValues(
        indicator="i3", source="levels", intervention_before="50", intervention_after="40",
        comparison_before="0", comparison_after="5")), "comparison_before",
        "not defined: enter the changes instead")
    _refused(lambda: add_result(db, project, ResultValues(
        indicator="i3", source="levels", change_kind="absolute", intervention_before="50",
        intervention_after="40")), "change_kind", "difference of shares")
    _refused(lambda: add_result(db, project, ResultValues(
        indicator="i2", source="levels", intervention_before="0.2")), "intervention_after",
        "Enter a number.")
    _refused(lambda: add_result(db, project, ResultValues(
        indicator="i2", source="levels", intervention_before="0.2", intervention_after="1.2")),
        "intervention_after", "between 0 and 100 per cent")
    _refused(lambda: add_result(db, project, ResultValues(
        indicator="i2", source="levels", intervention_before="0.123456",
        intervention_after="0.2")), "intervention_before", "two decimals in per cent")
    _refused(lambda: add_result(db, project, ResultValues(
        indicator="i3", source="levels", intervention_before="1", intervention_after="50")),
        "intervention_after", "beyond ±1 000 per cent")
    # An absolute change from 0 is fine for a share.
    row = add_result(db, project, ResultValues(
        indicator="i2", source="levels", change_kind="absolute", intervention_before="0",
        intervention_after="0.1", comparison_before="0", comparison_after="0.04"))
    assert (row.intervention_change, row.comparison_change) == (D("0.1"), D("0.04"))


def test_changes_given_as_changes_clear_the_levels(db, project):
    row = add_result(db, project, ResultValues(
        indicator="i3", source="levels", intervention_before="50", intervention_after="30",
        comparison_before="50", comparison_after="45"))
    assert (row.intervention_change, row.comparison_change) == (D("-0.4"), D("-0.1"))
    update_result(db, project, row, ResultValues(intervention_change="-0.35",
                                                 comparison_change="-0.05"),
                  version=row.version)
    assert (row.intervention_change, row.intervention_before, row.comparison_after) == (
        D("-0.35"), None, None)


def test_a_stale_version_is_refused_and_changes_nothing(db, project):
    row = add_result(db, project, ResultValues(indicator="i2", intervention_change="-0.3"))
    db.commit()
    seen = row.version
    update_result(db, project, row, ResultValues(intervention_change="-0.25"), version=seen)
    db.commit()
    error = _refused(lambda: update_result(db, project, row, ResultValues(
        intervention_change="-0.2"), version=seen), None)
    assert error.message == STALE
    _refused(lambda: delete_result(db, row, version=seen), None)
    db.rollback()
    assert db.get(EvaluationResult, row.id).intervention_change == D("-0.25")


def test_every_write_leaves_an_audit_entry_for_the_project(db, project):
    row = add_result(db, project, ResultValues(indicator="i2", intervention_change="-0.3",
                                               comparison_change="-0.1", goal="-0.2"))
    db.commit()
    update_result(db, project, row, ResultValues(intervention_change="-0.35",
                                                 comparison_change="-0.1", goal="-0.2"),
                  version=row.version)
    save_economics(db, project, EconomicsValues(actual_cost="1000"), version=None)
    db.commit()
    entries = db.scalars(select(AuditEntry).where(AuditEntry.project_id == project.id)
                         .order_by(AuditEntry.id)).all()
    rows = [(e.entity, e.action, e.entity_label) for e in entries
            if e.entity in ("evaluation_result", "project_evaluation")]
    assert rows == [("evaluation_result", "create", "i2"), ("evaluation_result", "update", "i2"),
                    ("project_evaluation", "create", "evaluation")]
    update = next(e for e in entries if e.entity == "evaluation_result" and e.action == "update")
    before, after = json.loads(update.changes)["intervention_change"]
    assert (D(before), D(after)) == (D("-0.3"), D("-0.35"))


# --- stakeholders and components ------------------------------------------------------------------


def test_stakeholders_and_components_are_checked(db, project):
    _refused(lambda: add_stakeholder(db, project, StakeholderValues(name="  ")), "name",
             "Enter a text.")
    _refused(lambda: add_stakeholder(db, project, StakeholderValues(name="x" * 201)), "name",
             "At most 200")
    _refused(lambda: add_stakeholder(db, project, StakeholderValues(name="Elever",
                                                                    method="tarot")), "method")
    first = add_stakeholder(db, project, StakeholderValues(name="Elever"))
    second = add_stakeholder(db, project, StakeholderValues(name="Lärare", method="survey"))
    assert (first.position, second.position) == (1, 2)
    db.commit()
    _refused(lambda: update_stakeholder(db, first, StakeholderValues(name="Ny"), version=99),
             None)

    # s1 is an outcome, not an activity.
    _refused(lambda: add_component(db, project, ComponentValues(element="s1")), "element",
             "Choose an activity")
    _refused(lambda: add_component(db, project, ComponentValues(verdict="great",
                                                                name="Något")), "verdict")
    row = add_component(db, project, ComponentValues(element="a1", verdict="decisive"))
    assert (row.name, row.element.key) == ("Balansträning i grupp", "a1")
    db.commit()
    # Editing keeps the activity its own; moving it to a named component clears the link.
    update_component(db, project, row, ComponentValues(element="a1", name="Träningen",
                                                       verdict="decisive"), version=row.version)
    update_component(db, project, row, ComponentValues(name="Träningen", verdict="superfluous"),
                     version=row.version)
    db.commit()
    db.expire_all()
    stored = db.get(ComponentAssessment, row.id)
    assert (stored.name, stored.element_id, stored.verdict) == ("Träningen", None,
                                                                "superfluous")


# --- the evaluation's economics and conclusions ------------------------------------------------


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"actual_cost": "-1"}, "actual_cost", "cannot be negative"),
    ({"actual_cost": "10.005"}, "actual_cost", "two decimals"),
    ({"actual_cost": "1000000000000"}, "actual_cost", "too large"),
    ({"observed_cost_change": "-5", "observed_months": 0}, "observed_months", "from 1 to 600"),
    ({"observed_cost_change": "-5"}, "observed_months", "number of months"),
    ({"observed_cost_note": "x" * 5001}, "observed_cost_note", "At most"),
])
def test_the_economic_evaluation_is_checked(db, project, values, field, message):
    _refused(lambda: save_economics(db, project, EconomicsValues(**values), version=None),
             field, message)
    assert _count(db, ProjectEvaluation) == 0


def test_a_cost_change_may_be_negative_and_the_conclusions_share_the_version(db, project):
    row = save_economics(db, project, EconomicsValues(observed_cost_change="-4000000",
                                                      observed_months=12), version=None)
    db.commit()
    assert row.observed_cost_change == D("-4000000")
    # Someone who saw no evaluation stored is now behind.
    _refused(lambda: save_conclusions(db, project, ConclusionValues(conclusion="Bra"),
                                      version=None), None)
    save_conclusions(db, project, ConclusionValues(judged_success=False, conclusion="Bra",
                                                   report_date=date(2026, 3, 1)),
                     version=row.version)
    db.commit()
    _refused(lambda: save_conclusions(db, project, ConclusionValues(judged_success="maybe"),
                                      version=row.version), "judged_success")
    db.rollback()
    stored = db.get(ProjectEvaluation, row.id)
    assert (stored.judged_success, stored.conclusion, stored.observed_months) == (
        False, "Bra", 12)


# --- what the page and the report are built from ---------------------------------------------


def test_the_results_table_follows_the_logic_model_with_the_plans_criteria(db, project):
    db.add(IndicatorExpectation(project_id=project.id, indicator_id=_indicator(project, "i2").id,
                                expected_effect=D("0.10"), min_effect=D("0.05")))
    db.commit()
    add_result(db, project, ResultValues(indicator="i2", intervention_change="0.5",
                                         comparison_change="0.2", goal="0.5"))
    lines = result_lines(db, project)
    assert [line.key for line in lines] == ["i2", "i3"]
    i2, i3 = lines
    assert (i2.min_effect, i2.row.effect, i2.row.success, i2.row.goal_met_in_group,
            i2.row.goal_met_by_effect) == (D("0.05"), D("0.3"), True, True, False)
    # Baseline 20 %, target 30 %: +50 % relative, +10 percentage points absolute.
    assert (i2.suggested_relative, i2.suggested_absolute) == (D("0.5"), D("0.1"))
    assert i3.row is None and i3.suggested_absolute is None
    assert observed_effects(lines) == {i2.indicator_id: D("0.3")}


def test_without_observed_effects_or_actual_cost_both_calculations_agree(db, project):
    from models import costs
    from models.costs import BudgetValues

    costs.add_budget_line(db, project, BudgetValues("staff", "soc", 2025, "500000"))
    db.add(EvaluationPlan(project_id=project.id, comparison="rct", comparison_details={},
                          guided_answers={}, n_intervention=40))
    db.commit()
    comparison = economic_comparison(db, project)
    assert comparison.design == comparison.observed
    assert comparison.design.cost_total == D("500000.00")
    assert not comparison.uses_observed_effects and not comparison.uses_actual_cost
    save_economics(db, project, EconomicsValues(actual_cost="400000"), version=None)
    db.commit()
    comparison = economic_comparison(db, project)
    assert (comparison.design.cost_total, comparison.observed.cost_total) == (
        D("500000.00"), D("400000.00"))


def test_the_final_report_data_carries_the_context(db, project):
    data = final_report_data(db, project)
    assert data.purpose == "Äldre bor kvar hemma med god hälsa"
    assert [(g.level, g.key, g.indicators) for g in data.goals] == [
        ("short_term", "s1", (("i2", "Andel regelbundet fysiskt aktiva"),)),
        ("long_term", "g1", (("i3", "Fallskador som leder till inläggning"),))]
    assert data.implementation is None
    assert data.evaluation.design.comparison is None
    assert data.evaluation == evaluation_data(db, project)


def test_a_line_without_an_indicator_takes_the_power_indicators_observed_effect(db, project):
    """A benefit line deriving its people from the evaluation plan's effect (no indicator of its
    own) counts participants × the observed effect of the power calculation's indicator; the
    cost per unit of effect divides by that effect too. An effect on a count is never used."""
    from models import costs
    from models.costs import BenefitValues, BudgetValues, UnitCostValues

    costs.add_unit_cost(db, UnitCostValues(key="vardag", name="Vårddag", unit="dygn",
                                           amount="10000", price_year=2025))
    costs.add_budget_line(db, project, BudgetValues("staff", "soc", 2025, "100000"))
    costs.add_benefit_line(db, project, BenefitValues(
        unit_cost="vardag", units_per_person="1", actor="soc", first_year=2025, years=1,
        people_source="effect"))
    db.add(EvaluationPlan(project_id=project.id, comparison="rct", comparison_details={},
                          guided_answers={}, n_intervention=50, outcome="proportion",
                          expected_effect=D("0.10"),
                          power_indicator_id=_indicator(project, "i2").id))
    db.commit()
    add_result(db, project, ResultValues(indicator="i2", intervention_change="0.30",
                                         comparison_change="0.10"))
    add_result(db, project, ResultValues(indicator="i3", intervention_change="-0.5",
                                         comparison_change="-0.1"))
    db.commit()
    comparison = economic_comparison(db, project)
    [change] = comparison.people
    assert (change.expected_effect, change.expected_people, change.observed_effect,
            change.observed_people, change.observed_from) == (
        D("0.10"), D("5.00"), D("0.2"), D("10.0"), "observed_plan")
    assert comparison.effects == {"i2": D("0.2")}
    # 5 and 10 people × 10 000 kr in the start year against 100 000 kr.
    assert (comparison.design.return_per_krona, comparison.observed.return_per_krona) == (
        D("0.5"), D(1))
    assert (comparison.design.cost_per_effect, comparison.observed.cost_per_effect) == (
        D(20000), D(10000))
    assert comparison.uses_observed_effects
