"""The evaluation page: the results table with the guide's truancy figures, the result form
(changes or levels), the stakeholder and component analyses, the economic evaluation beside the
design-stage estimate, the conclusions, refusals naming the field, stale versions, and the
final report as a printable page and a workbook."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models import costs
from models.costs import BenefitValues, BudgetValues, UnitCostValues
from models.design import EvaluationPlan, IndicatorExpectation
from models.domain import logic as lm
from models.evaluation import ComponentAssessment, EvaluationResult, ProjectEvaluation, Stakeholder
from models.evaluations import ResultValues, add_result
from models.implementation import ImplementationPhase, ImplementationPlan
from models.logic_models import store_model
from tests.conftest import form_data, login
from tests.integration.helpers import make_org, make_project

STALE_TEXT = "Someone else changed this while you were working on it. Nothing was saved"
MINUS = "\u2212"


def truancy_model() -> lm.Model:
    """The guide's truancy initiative (appendix B) in brief: three outcome indicators in per
    cent with the goals −25, −40 and −50 %, and one counted in pupils."""
    def outcome(key, name, unit, baseline, target):
        return lm.Indicator(key, name, "outcome", "Närvarosystemet", unit=unit,
                            baseline=D(baseline), target=D(target), horizon_months=36)

    return lm.Model(
        elements=(
            lm.Element("r1", "resource", "Närvarokoordinator"),
            lm.Element("a1", "activity", "Daglig närvarouppföljning"),
            lm.Element("a2", "activity", "Motiverande samtal"),
            lm.Element("s1", "short_term", "Mindre ogiltig frånvaro", indicators=(
                outcome("i6", "Ogiltig frånvaro, alla elever", "percent", "8", "6"),
                outcome("i7", "Ogiltig frånvaro, elever med hög frånvaro", "percent", "70",
                        "42"))),
            lm.Element("g1", "long_term", "Fler fullföljer gymnasiet", indicators=(
                outcome("i9", "Andel som inte fullföljer i tid", "percent", "20", "10"),
                outcome("i10", "Elever som behöver ett extra år", "count", "45", "25"))),
        ),
        links=(lm.Link("r1", "a1"), lm.Link("r1", "a2"), lm.Link("a1", "s1"),
               lm.Link("a2", "s1"), lm.Link("s1", "g1")),
        purpose="Att minska den ogiltiga frånvaron",
    )


def _indicator(project, key):
    return next(i for e in project.logic_elements for i in e.indicators if i.key == key)


@pytest.fixture
def world(db, make_user):
    leader = make_user("project_leader", email="lena@example.se", locale="en")
    make_org(db)
    project = make_project(db, "skolfranvaro", title="Skolfrånvaro", stage="evaluation",
                           leader=leader, start=date(2024, 1, 1), end=date(2026, 12, 31),
                           target_description="Gymnasieelever med hög frånvaro")
    store_model(db, project, truancy_model())
    db.add(EvaluationPlan(project_id=project.id, comparison="generic_control",
                          comparison_details={}, guided_answers={}, n_intervention=100,
                          n_comparison=100, outcome="proportion", expected_effect=D("-0.20"),
                          baseline_proportion=D("0.20"),
                          power_indicator_id=_indicator(project, "i9").id))
    # The success criteria agreed beforehand: 15, 20 and 30 percentage points; ten pupils.
    for key, expected, criterion in (("i6", "-0.15", "-0.15"), ("i7", "-0.20", "-0.20"),
                                     ("i9", "-0.20", "-0.30"), ("i10", "-15", "-10")):
        db.add(IndicatorExpectation(project_id=project.id,
                                    indicator_id=_indicator(project, key).id,
                                    expected_effect=D(expected), min_effect=D(criterion)))
    db.commit()
    return {"leader": leader, "project": project}


def _truancy_results(db, project):
    for key, treated, control, goal in (("i6", "-0.30", "-0.12", "-0.25"),
                                        ("i7", "-0.40", "-0.15", "-0.40"),
                                        ("i9", "-0.60", "-0.25", "-0.50")):
        add_result(db, project, ResultValues(indicator=key, intervention_change=treated,
                                             comparison_change=control, goal=goal))
    db.commit()


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:800]
    return response.get_data(as_text=True)


def _row(html: str, row_id: str) -> str:
    match = re.search(rf'<tr[^>]*id="{row_id}"[^>]*>.*?</tr>', html, re.S)
    assert match, f"no row {row_id}"
    return match.group(0)


def _cells(row: str) -> list[str]:
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    return [re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in cells]


def _field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="field__error" id="{field_id}-error">(.*?)</p>', html, re.S)
    assert match, f"no error under {field_id}"
    return match.group(1)


def _results(db, project) -> list[EvaluationResult]:
    db.expire_all()
    return list(db.scalars(select(EvaluationResult)
                           .where(EvaluationResult.project_id == project.id)
                           .order_by(EvaluationResult.id)))


# --- the results table ------------------------------------------------------------------------


def test_the_truancy_table_reads_every_goal_met_in_the_group_none_by_the_effect(
        client, db, world, logged_in):
    project = world["project"]
    _truancy_results(db, project)
    logged_in("viewer", locale="en")
    html = _page(client, f"/projects/{project.id}/evaluation")
    cells = _cells(_row(html, "result-row-i6"))
    # Indicator, goal, intervention, comparison, effect, criterion, success, in group, by effect
    assert cells[1:9] == [f"{MINUS}25\u00a0%", f"{MINUS}30\u00a0%", f"{MINUS}12\u00a0%",
                          f"{MINUS}18 percentage points", f"{MINUS}15 percentage points",
                          "Yes", "Yes", "No"]
    assert _cells(_row(html, "result-row-i9"))[4:9] == [
        f"{MINUS}35 percentage points", f"{MINUS}30 percentage points", "Yes", "Yes", "No"]
    summary = re.search(r'id="results-summary">(.*?)</div>', html, re.S).group(1)
    assert "3 of 3 goals were met within the intervention group, and 0 by the effect alone." \
        in summary
    assert "The effect reached the agreed success criterion for 3 of 3 indicators." in summary
    assert "the initiative counts as a success" in summary
    # The indicator without a result offers the goal from its baseline and target.
    assert "No result yet." in _row(html, "result-row-i10")
    assert (f"Goal from the baseline and target: {MINUS}44.4\u00a0%"
            in _row(html, "result-row-i10"))
    # A viewer gets no forms.
    assert 'id="result-form"' not in html
    # The chart's table lists both groups' changes and the effect.
    table = re.search(r'id="changes-chart-table".*?</table>', html, re.S).group(0)
    assert f"<td class=\"num\">{MINUS}40\u00a0%</td>" in table
    assert f"{MINUS}25 percentage points" in table


# --- entering results -----------------------------------------------------------------------------


def test_an_editor_enters_a_result_as_changes_with_the_goal_suggested(client, db, world,
                                                                      logged_in):
    project = world["project"]
    logged_in("coordinator", locale="en")
    path = f"/projects/{project.id}/evaluation"
    html = _page(client, f"{path}?indicator=i6")
    # The goal is prefilled from the baseline (8 %) and the target (6 %): −25 % relative.
    assert re.search(r'<input[^>]*id="result-goal"[^>]*value="-25"', html)
    assert (f"the goal is {MINUS}25\u00a0% as a relative change, or {MINUS}2 percentage points "
            "as an absolute change") in html
    action = f"{path}/results"
    data = form_data(client, f"{path}?indicator=i6", action, **{
        "result-intervention_change": f"{MINUS}30 %", "result-comparison_change": "-12",
        "result-n_intervention": "120", "result-n_comparison": "110",
        "result-note": "=HYPERLINK(\"x\")"})
    response = client.post(action, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    assert response.headers["Location"].endswith(f"{path}#result-row-i6")
    [row] = _results(db, project)
    assert (row.indicator.key, row.change_kind, row.goal, row.intervention_change,
            row.comparison_change, row.intervention_before, row.n_intervention,
            row.n_comparison) == ("i6", "relative", D("-0.25"), D("-0.30"), D("-0.12"), None,
                                  120, 110)
    html = _page(client, path)
    assert "The result of i6 was saved." in html
    assert _cells(_row(html, "result-row-i6"))[4] == f"{MINUS}18 percentage points"
    # The indicator now has a result, so it is no longer offered for a new one.
    assert not re.search(r'<option[^>]*value="i6"', html)


def test_a_result_from_levels_keeps_the_levels_and_stores_the_computed_changes(
        client, db, world, logged_in):
    project = world["project"]
    assert login(client, world["leader"].email).status_code == 302
    path = f"/projects/{project.id}/evaluation"
    action = f"{path}/results"
    # Absolute: 20 % → 8 % against 20 % → 15 %: −12 and −5 percentage points, effect −7.
    data = form_data(client, path, action, **{
        "result-indicator": "i9", "result-source": "levels", "result-change_kind": "absolute",
        "result-goal": "", "result-intervention_before": "20", "result-intervention_after": "8",
        "result-comparison_before": "20", "result-comparison_after": "15"})
    assert client.post(action, data=data).status_code == 302
    [row] = _results(db, project)
    assert (row.change_kind, row.intervention_before, row.intervention_after,
            row.comparison_before, row.comparison_after, row.intervention_change,
            row.comparison_change) == ("absolute", D("0.2"), D("0.08"), D("0.2"), D("0.15"),
                                       D("-0.12"), D("-0.05"))
    html = _page(client, path)
    cells = _cells(_row(html, "result-row-i9"))
    assert cells[2] == f"{MINUS}12 percentage points 20\u00a0% → 8\u00a0%"
    assert cells[4] == f"{MINUS}7 percentage points"
    # The criterion is 30 points: not reached.
    assert cells[6] == "No"

    # Edited to relative changes from the same levels: −60 % against −25 %.
    edit = f"{path}/results/{row.id}/edit"
    data = form_data(client, edit, edit, **{"result-change_kind": "relative"})
    assert data["result-intervention_before"] == "20"
    response = client.post(edit, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    [row] = _results(db, project)
    assert (row.intervention_change, row.comparison_change, row.intervention_before) == (
        D("-0.6"), D("-0.25"), D("0.2"))
    assert _cells(_row(_page(client, path), "result-row-i9"))[4:7] == [
        f"{MINUS}35 percentage points", f"{MINUS}30 percentage points", "Yes"]


def test_a_criterion_in_the_indicators_unit_is_judged_from_the_levels(client, db, world,
                                                                      logged_in):
    project = world["project"]
    # 45 → 20 pupils against 45 → 40: 20 pupils fewer than the comparison; the criterion is 10.
    # The stored changes (−55.56 % and −11.11 %) give an effect of −44.45 points.
    add_result(db, project, ResultValues(indicator="i10", source="levels",
                                         intervention_before="45", intervention_after="20",
                                         comparison_before="45", comparison_after="40"))
    db.commit()
    logged_in("viewer", locale="en")
    html = _page(client, f"/projects/{project.id}/evaluation")
    cells = _cells(_row(html, "result-row-i10"))
    assert cells[4] == f"{MINUS}44.5 percentage points {MINUS}20 (Count)"
    assert cells[5] == f"{MINUS}10 (Count)"
    assert cells[6] == "Yes"

    row = _results(db, project)[0]
    db.delete(row)
    db.commit()
    add_result(db, project, ResultValues(indicator="i10", intervention_change="-0.55",
                                         comparison_change="-0.11"))
    db.commit()
    html = _page(client, f"/projects/{project.id}/evaluation")
    assert _cells(_row(html, "result-row-i10"))[6] == (
        "Enter the levels to judge a criterion in the indicator's unit")


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"result-indicator": "i99"}, "result-indicator",
     "Choose an outcome indicator of this initiative"),
    ({"result-indicator": "i10", "result-change_kind": "absolute"}, "result-change_kind",
     "An absolute change is a difference of shares"),
    ({"result-intervention_change": "-1200"}, "result-intervention_change",
     "Enter a change between"),
    ({"result-intervention_change": "-30,123"}, "result-intervention_change",
     "at most two decimals in per cent"),
    ({"result-intervention_change": ""}, "result-intervention_change", "Enter a number."),
    ({"result-source": "levels", "result-intervention_before": "0",
      "result-intervention_after": "5"}, "result-intervention_before",
     "A relative change from a level of 0 is not defined"),
    ({"result-source": "levels", "result-intervention_before": "8",
      "result-intervention_after": "6", "result-comparison_before": "8"},
     "result-comparison_after", "Enter both of the comparison group"),
    ({"result-source": "levels", "result-intervention_before": "8",
      "result-intervention_after": "120"}, "result-intervention_after",
     "Enter a level between 0 and 100 per cent."),
    ({"result-n_intervention": "-4"}, "result-n_intervention", "Enter a whole number"),
])
def test_a_refused_result_names_the_field_and_stores_nothing(client, db, world, logged_in,
                                                             changes, field, message):
    project = world["project"]
    logged_in("coordinator", locale="en")
    path = f"/projects/{project.id}/evaluation"
    action = f"{path}/results"
    values = {"result-indicator": "i6", "result-intervention_change": "-30",
              "result-comparison_change": "-12"}
    values.update(changes)
    response = client.post(action, data=form_data(client, path, action, **values))
    assert response.status_code == 400
    assert message in _field_error(response.get_data(as_text=True), field)
    assert _results(db, project) == []


def test_a_result_changed_meanwhile_is_refused_as_stale(client, db, world, logged_in):
    project = world["project"]
    _truancy_results(db, project)
    logged_in("coordinator", locale="en")
    row = _results(db, project)[0]
    edit = f"/projects/{project.id}/evaluation/results/{row.id}/edit"
    data = form_data(client, edit, edit, **{"result-intervention_change": "-33"})
    row.note = "Ändrad av någon annan"
    db.commit()
    response = client.post(edit, data=data)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert STALE_TEXT in html
    assert _results(db, project)[0].intervention_change == D("-0.30")
    # The form now carries the current version: saving again works.
    data["result-version"] = re.search(r'name="result-version"[^>]*value="(\d+)"',
                                       html).group(1)
    assert client.post(edit, data=data).status_code == 302
    assert _results(db, project)[0].intervention_change == D("-0.33")


def test_a_result_is_deleted_from_its_confirmation_page(client, db, world, logged_in):
    project = world["project"]
    _truancy_results(db, project)
    logged_in("coordinator", locale="en")
    row = _results(db, project)[0]
    path = f"/projects/{project.id}/evaluation/results/{row.id}/delete"
    html = _page(client, path)
    assert "Delete the result of i6?" in html
    data = form_data(client, path, None)
    assert client.post(path, data=data).status_code == 302
    assert [r.indicator.key for r in _results(db, project)] == ["i7", "i9"]


# --- stakeholders and components ----------------------------------------------------------------


def test_stakeholders_are_added_in_order_edited_and_deleted(client, db, world, logged_in):
    project = world["project"]
    logged_in("coordinator", locale="en")
    path = f"/projects/{project.id}/evaluation"
    action = f"{path}/stakeholders"
    for name, method in (("Eleverna", "focus_group"), ("Elevhälsan", "interview")):
        data = form_data(client, path, action, **{
            "stakeholder-name": name, "stakeholder-method": method,
            "stakeholder-connection": "Deltar", "stakeholder-information": "<b>Erfarenheter</b>"})
        response = client.post(action, data=data)
        assert response.status_code == 302
    db.expire_all()
    rows = list(db.scalars(select(Stakeholder).where(Stakeholder.project_id == project.id)
                           .order_by(Stakeholder.position)))
    assert [(s.name, s.method, s.position) for s in rows] == [
        ("Eleverna", "focus_group", 1), ("Elevhälsan", "interview", 2)]
    html = _page(client, path)
    assert _cells(_row(html, f"stakeholder-{rows[0].id}"))[:4] == [
        "Eleverna", "Deltar", "Focus group", "&lt;b&gt;Erfarenheter&lt;/b&gt;"]
    assert html.index(f'id="stakeholder-{rows[0].id}"') < html.index(
        f'id="stakeholder-{rows[1].id}"')

    # A method that does not exist is refused under the field; nothing changes.
    edit = f"{path}/stakeholders/{rows[1].id}/edit"
    response = client.post(edit, data=form_data(client, edit, edit, **{
        "stakeholder-method": "seance", "stakeholder-name": "Annat"}))
    assert response.status_code == 400
    assert "Choose a method." in _field_error(response.get_data(as_text=True),
                                              "stakeholder-method")
    db.expire_all()
    assert db.get(Stakeholder, rows[1].id).name == "Elevhälsan"
    response = client.post(edit, data=form_data(client, edit, edit, **{
        "stakeholder-method": "document_review"}))
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Stakeholder, rows[1].id).method == "document_review"

    first = rows[0].id
    delete = f"{path}/stakeholders/{first}/delete"
    assert "Delete the stakeholder?" in _page(client, delete)
    assert client.post(delete, data=form_data(client, delete, None)).status_code == 302
    db.expire_all()
    assert db.scalar(select(Stakeholder.id).where(Stakeholder.id == first)) is None


def test_the_logic_models_activities_are_offered_as_components(client, db, world, logged_in):
    project = world["project"]
    logged_in("coordinator", locale="en")
    path = f"/projects/{project.id}/evaluation"
    html = _page(client, path)
    unassessed = html[html.index('id="unassessed"'):html.index('id="component-form"')]
    assert "a1: Daglig närvarouppföljning" in unassessed and "a2: Motiverande samtal" in unassessed
    html = _page(client, f"{path}?element=a1")
    assert re.search(r'<option[^>]*selected[^>]*value="a1"|<option[^>]*value="a1"[^>]*selected',
                     html)
    action = f"{path}/components"
    data = form_data(client, f"{path}?element=a1", action, **{
        "component-verdict": "decisive", "component-reason": "Kontakten samma dag"})
    assert client.post(action, data=data).status_code == 302
    db.expire_all()
    [row] = db.scalars(select(ComponentAssessment)
                       .where(ComponentAssessment.project_id == project.id)).all()
    # Without a name of its own the component takes the activity's text.
    assert (row.element.key, row.name, row.verdict, row.reason) == (
        "a1", "Daglig närvarouppföljning", "decisive", "Kontakten samma dag")
    html = _page(client, path)
    assert _cells(_row(html, f"component-{row.id}"))[:4] == [
        "Daglig närvarouppföljning", "a1", "Decisive", "Kontakten samma dag"]
    assert "a1: Daglig närvarouppföljning" not in html[html.index('id="unassessed"'):
                                                        html.index('id="component-form"')]
    # The same activity twice is refused; a component of its own needs a name.
    response = client.post(action, data=form_data(client, path, action, **{
        "component-element": "a1"}))
    assert response.status_code == 400
    assert "already assessed" in _field_error(response.get_data(as_text=True),
                                              "component-element")
    response = client.post(action, data=form_data(client, path, action, **{
        "component-element": "", "component-name": ""}))
    assert "Enter a name, or choose an activity." in _field_error(
        response.get_data(as_text=True), "component-name")
    response = client.post(action, data=form_data(client, path, action, **{
        "component-element": "", "component-name": "Handledning",
        "component-verdict": "superfluous"}))
    assert response.status_code == 302
    db.expire_all()
    assert [(c.name, c.element_id, c.verdict) for c in db.scalars(
        select(ComponentAssessment).order_by(ComponentAssessment.position))][1] == (
        "Handledning", None, "superfluous")


# --- the economic evaluation and the conclusions ---------------------------------------------


def _economics(db, project):
    costs.add_unit_cost(db, UnitCostValues(key="gymnasiear", name="Ett gymnasieår", unit="år",
                                           amount="100000", price_year=2024))
    costs.add_budget_line(db, project, BudgetValues("staff", "bun", 2024, "600000"))
    costs.add_budget_line(db, project, BudgetValues("staff", "soc", 2024, "400000"))
    costs.add_benefit_line(db, project, BenefitValues(
        unit_cost="gymnasiear", units_per_person="1", actor="bun", first_year=2025, years=1,
        people_source="effect", indicator="i9"))
    db.commit()


def test_the_economic_evaluation_recomputes_with_the_observed_effect_and_actual_cost(
        client, db, world, logged_in):
    project = world["project"]
    _economics(db, project)
    _truancy_results(db, project)
    logged_in("coordinator", locale="en")
    path = f"/projects/{project.id}/evaluation"
    html = _page(client, path)
    # Design: 100 participants × 20 points = 20 people × 100 000 kr in 2025, discounted one
    # year at 3.5 %: 1 932 367.15 kr against 1 000 000 kr. Observed: 35 people.
    assert _cells(_row(html, "economics-return"))[1:] == ["1.93", "3.38"]
    assert _cells(_row(html, "economics-cost-per-effect"))[1:] == [
        "50,000\u00a0kr", "28,571.43\u00a0kr"]
    changes = html[html.index('id="economics-changes"'):html.index('id="observed-costs"')]
    assert ("Benefit line b1 (indicator i9): 35 people with the observed effect of "
            f"{MINUS}35 percentage points, instead of 20 people with the expected effect of "
            f"{MINUS}20 percentage points.") in changes
    assert "No actual cost has been entered" in changes

    action = f"{path}/economics"
    data = form_data(client, path, action, **{
        "economics-actual_cost": "800 000", "economics-observed_cost_change": f"{MINUS}400 000",
        "economics-observed_months": "24", "economics-observed_cost_note": "Bistånd"})
    response = client.post(action, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    db.expire_all()
    row = db.scalar(select(ProjectEvaluation).where(ProjectEvaluation.project_id == project.id))
    assert (row.actual_cost, row.observed_cost_change, row.observed_months) == (
        D("800000.00"), D("-400000.00"), 24)
    html = _page(client, path)
    # 3 381 642.51 kr against the actual 800 000 kr.
    assert _cells(_row(html, "economics-return"))[1:] == ["1.93", "4.23"]
    assert _cells(_row(html, "economics-cost-per-effect"))[1:] == [
        "50,000\u00a0kr", "22,857.14\u00a0kr"]
    assert ("The budget (1,000,000\u00a0kr) is replaced by the actual cost (800,000\u00a0kr)"
            in html)
    assert ("Costs elsewhere changed by -400,000\u00a0kr over 24 "
            "months (about -200,000\u00a0kr per year).") in html

    # Months are needed with a cost change; the refusal names the field and keeps the row.
    response = client.post(action, data=form_data(client, path, action, **{
        "economics-observed_months": ""}))
    assert response.status_code == 400
    assert "Enter the number of months" in _field_error(response.get_data(as_text=True),
                                                        "economics-observed_months")
    db.expire_all()
    assert db.get(ProjectEvaluation, row.id).observed_months == 24


def test_the_conclusions_are_saved_and_a_stale_form_is_refused(client, db, world, logged_in):
    project = world["project"]
    logged_in("coordinator", locale="en")
    path = f"/projects/{project.id}/evaluation"
    action = f"{path}/conclusions"
    data = form_data(client, path, action, **{
        "conclusions-judged_success": "yes", "conclusions-conclusion": "Effekterna nådde målen",
        "conclusions-lessons": "Börja tidigt", "conclusions-report_date": "2026-09-30"})
    stale = dict(data)
    assert client.post(action, data=data).status_code == 302
    db.expire_all()
    row = db.scalar(select(ProjectEvaluation).where(ProjectEvaluation.project_id == project.id))
    assert (row.judged_success, row.conclusion, row.lessons, row.report_date) == (
        True, "Effekterna nådde målen", "Börja tidigt", date(2026, 9, 30))
    # A form shown before the first save carries no version: it is now stale.
    stale["conclusions-lessons"] = "Något annat"
    response = client.post(action, data=stale)
    assert response.status_code == 409
    assert STALE_TEXT in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(ProjectEvaluation, row.id).lessons == "Börja tidigt"
    html = _page(client, path)
    assert "Effekterna nådde målen" in html


# --- the final report -------------------------------------------------------------------------


def test_the_final_report_assembles_the_evaluation_with_its_context(client, db, world,
                                                                     logged_in):
    project = world["project"]
    _economics(db, project)
    _truancy_results(db, project)
    db.add(Stakeholder(project_id=project.id, position=1, name="Eleverna", method="survey"))
    db.add(ProjectEvaluation(project_id=project.id, judged_success=True,
                             conclusion="<script>alert(1)</script>",
                             report_date=date(2026, 9, 30)))
    db.add(ImplementationPlan(project_id=project.id, annual_cost=D("3500000"),
                              annual_saving=D("9000000"), rollout="phased",
                              replaces="Den gamla uppföljningen"))
    db.add(ImplementationPhase(project_id=project.id, position=1, name="Skola 2",
                               coverage=D("0.5")))
    db.commit()
    logged_in("viewer", locale="en")
    html = _page(client, f"/projects/{project.id}/final-report")
    assert "Final report: Skolfrånvaro" in html
    assert "2026-09-30" in html
    assert "The evaluator judges the initiative a success." in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Att minska den ogiltiga frånvaro" in html
    assert "Gymnasieelever med hög frånvaro" in html
    assert "g1: Fler fullföljer gymnasiet" in html
    assert "<strong>Generic control.</strong>" in html
    assert _cells(_row(html, "result-row-i6"))[4] == f"{MINUS}18 percentage points"
    assert "Eleverna" in html
    assert _cells(_row(html, "economics-return"))[1:] == ["1.93", "3.38"]
    assert "Implementation plan in brief" in html and "Den gamla uppföljningen" in html
    assert "Skola 2" in html
    # A printable page: no forms and the print style sheet.
    assert "<form" not in html
    assert 'media="print"' in html


def test_the_final_report_workbook_has_both_sheets_with_live_effects(client, db, world,
                                                                      logged_in):
    project = world["project"]
    _truancy_results(db, project)
    db.add(Stakeholder(project_id=project.id, position=1, name="=cmd()", method="survey"))
    db.commit()
    logged_in("viewer", locale="en")
    response = client.get(f"/projects/{project.id}/final-report.xlsx")
    assert response.status_code == 200
    assert "slutrapport-skolfranvaro.xlsx" in response.headers["Content-Disposition"]
    wb = load_workbook(BytesIO(response.data))
    assert wb.sheetnames == ["Final report", "Evaluation"]
    ws = wb["Evaluation"]
    rows = {row[0].value: row for row in ws.iter_rows() if row[0].value in ("i6", "i9")}
    i6 = rows["i6"]
    r = i6[0].row
    assert (float(i6[8].value), float(i6[9].value), float(i6[3].value)) == (-0.3, -0.12, -0.25)
    assert i6[10].value == f'=IF(OR(I{r}="",J{r}=""),"",I{r}-J{r})'
    assert i6[12].value.startswith(f'=IF(OR(K{r}="",L{r}=""),"",IF(L{r}<0,IF(K{r}<=L{r},"Yes"')
    # User text that looks like a formula stays text.
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=cmd()")
    assert cell.data_type == "s"
