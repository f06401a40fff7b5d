"""A project's budget and benefits pages: lines added, changed and deleted through the forms,
the totals, the risk split under the fund's rule, where each number of people comes from, the
yields and the trust suggestion of the evaluation design."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from models import costs
from models.costs import BenefitValues, BudgetValues, UnitCostValues
from models.design import EvaluationPlan, IndicatorExpectation
from models.economics import BenefitLine, BudgetLine
from models.logic_models import store_model
from tests.conftest import csrf_token, form_data, login
from tests.integration.helpers import make_org, make_project, small_model

STALE_TEXT = "Someone else changed this while you were editing it. Nothing was saved"


def kr(amount: str) -> str:
    """An amount as the English pages show it: 1,260,000 kr (a no-break space before kr)."""
    return f"{amount}\u00a0kr"


@pytest.fixture
def world(db, make_user):
    leader = make_user("project_leader", email="lena@example.se", locale="en")
    soc, bun, fund = make_org(db)  # the fund carries 70 % of the risk centrally
    project = make_project(db, "skolnarvaro", title="Skolnärvaro", stage="prioritised",
                           leader=leader, owner_id=leader.id, fund=fund,
                           start=date(2025, 1, 1), end=date(2027, 12, 31), size_reached=9)
    store_model(db, project, small_model())
    costs.add_unit_cost(db, UnitCostValues(key="hvb-dygn", name="Placering HVB, per dygn",
                                           unit="dygn", amount="4000", price_year=2025,
                                           confidence="C"))
    db.commit()
    return {"leader": leader, "project": project, "soc": soc, "bun": bun, "fund": fund}


def _budget(db, project, category="staff", actor="soc", year=2025, amount="1000000", **more):
    line = costs.add_budget_line(db, project, BudgetValues(category, actor, year, amount, **more))
    db.commit()
    return line


def _benefit(db, project, **changes):
    values = dict(unit_cost="hvb-dygn", units_per_person="30", actor="soc", first_year=2025,
                  years=1, people="10")
    values.update(changes)
    line = costs.add_benefit_line(db, project, BenefitValues(**values))
    db.commit()
    return line


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def _section(html: str, start: str, end: str | None = None) -> str:
    part = html[html.index(start):]
    return part[:part.index(end)] if end else part


def _row(html: str, row_id: str) -> str:
    match = re.search(rf'<tr[^>]*id="{row_id}"[^>]*>.*?</tr>', html, re.S)
    assert match, f"no row {row_id}"
    return match.group(0)


def _budget_lines(db, project) -> list[tuple]:
    db.expire_all()
    return db.execute(select(BudgetLine.category, BudgetLine.actor, BudgetLine.year,
                             BudgetLine.month, BudgetLine.phase, BudgetLine.amount,
                             BudgetLine.note)
                      .where(BudgetLine.project_id == project.id)
                      .order_by(BudgetLine.id)).all()


def _benefit_lines(db, project) -> list[BenefitLine]:
    db.expire_all()
    return list(db.scalars(select(BenefitLine).where(BenefitLine.project_id == project.id)
                           .order_by(BenefitLine.id)))


def _field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="field__error" id="{field_id}-error">(.*?)</p>', html, re.S)
    assert match, f"no error under {field_id}"
    return match.group(1)


# --- the budget page --------------------------------------------------------------------------


def test_an_editor_adds_edits_and_deletes_a_budget_line(client, db, world, logged_in):
    project = world["project"]
    logged_in("coordinator", locale="en")
    path = f"/projects/{project.id}/budget"
    html = _page(client, path)
    # The year is prefilled with the project's start year.
    assert re.search(r'<input[^>]*id="budget-year"[^>]*value="2025"', html)

    data = form_data(client, path, path, **{
        "budget-category": "evaluation", "budget-actor": "bun", "budget-year": "2026",
        "budget-month": "3", "budget-phase": "Uppstart", "budget-amount": "125 000,50",
        "budget-note": "Extern utvärderare"})
    response = client.post(path, data=data)
    assert response.status_code == 302
    assert _budget_lines(db, project) == [
        ("evaluation", "bun", 2026, 3, "Uppstart", D("125000.50"), "Extern utvärderare")]
    line_id = db.scalar(select(BudgetLine.id).where(BudgetLine.project_id == project.id))
    assert response.headers["Location"].endswith(f"{path}#budget-line-{line_id}")
    html = _page(client, path)
    assert "The budget line was added." in html
    row = _row(html, f"budget-line-{line_id}")
    assert "Month 3, Uppstart" in row and "Evaluation" in row
    assert "Barn- och utbildningsförvaltningen" in row and kr("125,000.50") in row

    edit = f"{path}/{line_id}/edit"
    data = form_data(client, edit, edit, **{"budget-amount": "130000", "budget-month": ""})
    assert data["budget-category"] == "evaluation" and data["budget-actor"] == "bun"
    response = client.post(edit, data=data)
    assert response.status_code == 302
    assert _budget_lines(db, project) == [
        ("evaluation", "bun", 2026, None, "Uppstart", D("130000.00"), "Extern utvärderare")]

    delete = f"{path}/{line_id}/delete"
    confirm = _page(client, delete)
    assert "Delete the budget line?" in confirm and kr("130,000") in confirm
    version = re.search(r'name="version" value="(\d+)"', confirm).group(1)
    response = client.post(delete, data={"csrf_token": csrf_token(client, delete),
                                         "version": version})
    assert response.status_code == 302
    assert _budget_lines(db, project) == []
    assert "The budget line was deleted." in _page(client, path)


def test_the_totals_the_cost_per_participant_and_the_risk_split(client, db, world, logged_in):
    project = world["project"]
    _budget(db, project, "staff", "soc", 2025, "1000000")
    _budget(db, project, "evaluation", "soc", 2026, "200000")
    _budget(db, project, "staff", "bun", 2026, "600000")
    _budget(db, project, "external", "region", 2025, "300000.50")
    logged_in("viewer", locale="en")
    html = _page(client, f"/projects/{project.id}/budget")
    # 1 000 000 + 200 000 + 600 000 + 300 000,50
    assert f'<span id="budget-total">{kr("2,100,000.50")}</span>' in html
    years = _section(html, 'id="totals-year"', "</table>")
    assert re.search(rf'2025</th><td class="num nowrap">{kr("1,300,000.50")}', years)
    assert re.search(rf'2026</th><td class="num nowrap">{kr("800,000")}', years)
    assert kr("2,100,000.50") in _section(years, "<tfoot>")
    categories = _section(html, 'id="totals-category"', "</table>")
    assert re.search(rf'Staff</th><td class="num nowrap">{kr("1,600,000")}', categories)
    assert re.search(rf'External services</th><td class="num nowrap">{kr("300,000.50")}',
                     categories)
    assert categories.index("Staff") < categories.index("External services") \
        < categories.index("Evaluation")
    actors = _section(html, 'id="totals-actor"', "</table>")
    # Departments first, by name, then the external actors.
    assert actors.index("Barn- och") < actors.index("Socialförvaltningen") \
        < actors.index("The region")
    assert re.search(rf'Socialförvaltningen</th><td class="num nowrap">{kr("1,200,000")}',
                     actors)
    # 2 100 000,50 / 9 planned participants = 233 333,388… → 233 333,39 kr.
    per_participant = _section(html, 'id="per-participant"', "</p>")
    assert kr("233,333.39") in per_participant
    assert "9 participants, the part of the target group" in per_participant
    # The departments' own costs, 1 800 000: 70 % centrally (1 260 000); the departments carry
    # 540 000 in proportion to their lines, 1 200 000 : 600 000 → 360 000 and 180 000.
    split = _section(html, 'id="risk-split"', "</table>")
    assert re.search(rf'Borne centrally</th><td class="num">–</td><td class="num nowrap">'
                     rf'{kr("1,260,000")}', split)
    assert re.search(rf'Socialförvaltningen</th><td class="num nowrap">{kr("1,200,000")}</td>'
                     rf'<td class="num nowrap">{kr("360,000")}', split)
    assert re.search(rf'Barn- och utbildningsförvaltningen</th><td class="num nowrap">'
                     rf'{kr("600,000")}</td><td class="num nowrap">{kr("180,000")}', split)
    assert f"<strong>{kr('540,000')}</strong>" in split
    assert "70\u00a0%" in html and "30\u00a0%" in html
    assert f"Costs borne by actors outside the municipality ({kr('300,000.50')})" in html


def test_the_split_is_exact_to_the_ore(client, db, world, logged_in):
    project = world["project"]
    _budget(db, project, "staff", "soc", 2025, "100000.01")
    _budget(db, project, "staff", "bun", 2025, "100000.00")
    logged_in("viewer", locale="en")
    split = _section(_page(client, f"/projects/{project.id}/budget"), 'id="risk-split"',
                     "</table>")
    # 200 000,01 × 70 % = 140 000,007 → 140 000,01 centrally; the departments carry the rest,
    # 60 000,00, split 100 000,01 : 100 000,00 — exactly 30 000,0015 and 29 999,9985, rounded
    # down to 30 000,00 and 29 999,99; the öre left over goes to the larger, Socialförvaltningen.
    assert kr("140,000.01") in split
    assert re.search(rf'Socialförvaltningen</th><td class="num nowrap">{kr("100,000.01")}</td>'
                     rf'<td class="num nowrap">{kr("30,000.01")}', split)
    assert re.search(rf'utbildningsförvaltningen</th><td class="num nowrap">{kr("100,000")}'
                     rf'</td><td class="num nowrap">{kr("29,999.99")}', split)
    assert f"<strong>{kr('60,000')}</strong>" in split


def test_without_a_fund_or_participants_the_page_says_why(client, db, world, logged_in):
    project = make_project(db, "utan", title="Utan fond", start=date(2025, 1, 1))
    _budget(db, project, "evaluation", "soc", 2025, "50000")
    db.add(EvaluationPlan(project_id=project.id, comparison_details={}, guided_answers={},
                          evaluation_budget=D("80000")))
    db.commit()
    logged_in("viewer", locale="en")
    html = _page(client, f"/projects/{project.id}/budget")
    assert "not financed from a fund, so no risk-sharing rule applies" in html
    assert 'id="risk-split"' not in html
    assert "Not defined: no participants are planned." in html
    differs = _section(html, 'id="evaluation-budget-differs"', "</p>")
    assert f"budgets {kr('80,000')} for the evaluation" in differs
    assert f"add up to {kr('50,000')}" in differs
    assert f'href="/projects/{project.id}/evaluation-plan#evaluator"' in differs


def test_a_matching_evaluation_budget_is_confirmed(client, db, world, logged_in):
    project = world["project"]
    _budget(db, project, "evaluation", "soc", 2025, "30000")
    _budget(db, project, "evaluation", "bun", 2026, "20000")
    db.add(EvaluationPlan(project_id=project.id, comparison_details={}, guided_answers={},
                          evaluation_budget=D("50000"), n_intervention=60))
    db.commit()
    logged_in("viewer", locale="en")
    html = _page(client, f"/projects/{project.id}/budget")
    assert f"The evaluation lines ({kr('50,000')}) match the evaluation budget" in html
    assert 'id="evaluation-budget-differs"' not in html
    # The evaluation plan's intervention group comes before the planned reach: 50 000 / 60.
    assert kr("833.33") in _section(html, 'id="per-participant"', "</p>")


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"budget-year": "2024"}, "budget-year", "2024 is before the project starts (2025)."),
    ({"budget-amount": "-5"}, "budget-amount", "The value cannot be negative."),
    ({"budget-amount": "abc"}, "budget-amount", "Enter a number, for example 1 250 000"),
    ({"budget-category": ""}, "budget-category", "Choose a category."),
    ({"budget-actor": "okand"}, "budget-actor", "There is no actor “okand”."),
    ({"budget-month": "13"}, "budget-month", "Choose a month from 1 to 12."),
])
def test_a_bad_budget_value_is_shown_under_its_field(client, db, world, changes, field,
                                                      message):
    project = world["project"]
    login(client, world["leader"].email)
    path = f"/projects/{project.id}/budget"
    data = form_data(client, path, path, **{"budget-category": "staff", "budget-actor": "soc",
                                            "budget-amount": "1000", **changes})
    response = client.post(path, data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in _field_error(html, field)
    assert _budget_lines(db, project) == []


def test_a_stale_budget_edit_is_refused_and_nothing_is_saved(client, db, world, logged_in):
    project = world["project"]
    line = _budget(db, project, amount="1000")
    logged_in("coordinator", locale="en")
    edit = f"/projects/{project.id}/budget/{line.id}/edit"
    seen = form_data(client, edit, edit, **{"budget-amount": "2000"})
    costs.update_budget_line(db, project, line, BudgetValues("staff", "soc", 2025, "1500"),
                             version=line.version)  # someone else saves first
    db.commit()
    response = client.post(edit, data=seen)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert STALE_TEXT in html
    assert _budget_lines(db, project)[0][5] == D("1500.00")
    # The form now carries the current version: saving again works.
    assert f'value="{line.version}"' in html
    again = dict(seen, **{"budget-version": str(line.version)})
    assert client.post(edit, data=again).status_code == 302
    assert _budget_lines(db, project)[0][5] == D("2000.00")


def test_a_stale_budget_delete_is_refused(client, db, world, logged_in):
    project = world["project"]
    line = _budget(db, project, amount="1000")
    logged_in("coordinator", locale="en")
    delete = f"/projects/{project.id}/budget/{line.id}/delete"
    token = csrf_token(client, delete)
    old = line.version
    costs.update_budget_line(db, project, line, BudgetValues("staff", "soc", 2025, "1500"),
                             version=old)
    db.commit()
    response = client.post(delete, data={"csrf_token": token, "version": str(old)})
    assert response.status_code == 302 and response.headers["Location"].endswith(delete)
    assert STALE_TEXT in _page(client, delete)
    assert len(_budget_lines(db, project)) == 1


def test_a_reader_sees_no_forms_and_may_not_post(client, db, world, logged_in):
    project = world["project"]
    line = _budget(db, project)
    benefit = _benefit(db, project)
    logged_in("viewer", locale="en")
    budget = _page(client, f"/projects/{project.id}/budget")
    benefits = _page(client, f"/projects/{project.id}/benefits")
    for html, add in ((budget, "/budget"), (benefits, "/benefits")):
        assert f'action="/projects/{project.id}{add}"' not in html
        assert "/edit" not in html and "/delete" not in html
        assert 'name="csrf_token"' not in _section(html, "<main", "</main>")
    assert "Add a budget line" not in budget and "Add a benefit line" not in benefits
    token = csrf_token(client, f"/projects/{project.id}/budget")
    base = f"/projects/{project.id}"
    for path in (f"{base}/budget", f"{base}/budget/{line.id}/edit",
                 f"{base}/budget/{line.id}/delete", f"{base}/benefits",
                 f"{base}/benefits/{benefit.key}/edit", f"{base}/benefits/{benefit.key}/delete"):
        assert client.post(path, data={"csrf_token": token}).status_code == 403, path
    for path in (f"{base}/budget/{line.id}/edit", f"{base}/budget/{line.id}/delete",
                 f"{base}/benefits/{benefit.key}/edit", f"{base}/benefits/{benefit.key}/delete"):
        assert client.get(path).status_code == 403, path
    assert len(_budget_lines(db, project)) == 1 and len(_benefit_lines(db, project)) == 1


def test_a_post_without_its_csrf_token_is_refused(client, db, world):
    project = world["project"]
    login(client, world["leader"].email)
    for path, data in ((f"/projects/{project.id}/budget", {
            "budget-category": "staff", "budget-actor": "soc", "budget-year": "2025",
            "budget-amount": "1000"}), (f"/projects/{project.id}/benefits", {
            "benefit-people": "2", "benefit-unit_cost": "hvb-dygn", "benefit-actor": "soc",
            "benefit-units_per_person": "1", "benefit-first_year": "2025",
            "benefit-years": "1", "benefit-people_source": "entered"})):
        assert client.post(path, data=data).status_code == 400, path
    assert _budget_lines(db, project) == [] and _benefit_lines(db, project) == []


def test_notes_are_escaped(client, db, world, logged_in):
    project = world["project"]
    attack = "<script>alert('x')</script>"
    line = _budget(db, project, note=attack)
    _benefit(db, project, note=attack)
    logged_in("coordinator", locale="en")
    base = f"/projects/{project.id}"
    for path in (f"{base}/budget", f"{base}/budget/{line.id}/edit",
                 f"{base}/budget/{line.id}/delete", f"{base}/benefits",
                 f"{base}/benefits/b1/edit", f"{base}/benefits/b1/delete"):
        html = _page(client, path)
        assert "<script>alert" not in html, path
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in _page(client, f"{base}/budget")


# --- the benefits page ------------------------------------------------------------------------


def _plan(db, project, **fields) -> EvaluationPlan:
    values = dict(comparison_details={}, guided_answers={}, outcome="proportion",
                  baseline_proportion=D("0.55"), expected_effect=D("-0.15"), n_intervention=60)
    values.update(fields)
    plan = EvaluationPlan(project_id=project.id, **values)
    db.add(plan)
    db.commit()
    return plan


def test_an_editor_adds_edits_and_deletes_a_benefit_line(client, db, world):
    project = world["project"]
    _plan(db, project)
    login(client, world["leader"].email)
    path = f"/projects/{project.id}/benefits"
    html = _page(client, path)
    assert "pupils leave compulsory school" in html and "repeat a school year" in html
    assert 'href="/unit-costs/"' in html
    data = form_data(client, path, path, **{
        "benefit-indicator": "i3", "benefit-people_source": "effect", "benefit-people": "",
        "benefit-unit_cost": "hvb-dygn", "benefit-units_per_person": "30",
        "benefit-actor": "region", "benefit-first_year": "2026", "benefit-years": "2",
        "benefit-deadweight": "20", "benefit-attribution": "50", "benefit-drop_off": "10",
        "benefit-evidence_years": "3", "benefit-note": "Färre placeringar"})
    response = client.post(path, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert response.headers["Location"].endswith(f"{path}#benefit-b1")
    [line] = _benefit_lines(db, project)
    assert (line.key, line.indicator.key, line.people_source, line.people, line.actor,
            line.first_year, line.years) == ("b1", "i3", "effect", None, "region", 2026, 2)
    assert (line.deadweight, line.attribution, line.drop_off, line.evidence_years) == (
        D("0.2"), D("0.5"), D("0.1"), 3)

    html = _page(client, path)
    assert "The benefit line b1 was added." in html
    row = _row(html, "benefit-b1")
    # People: 60 planned participants × 15 percentage points = 9.
    assert "60 participants × 15 percentage points = 9" in row
    assert "(the evaluation plan's expected effect)" in row
    # 9 × 30 × 4 000 × (1 − 0.2) × (1 − 0.5) × (1 − 0.10 for grade C) = 388 800 the first year;
    # the second year × (1 − 0.1) = 349 920; in all 738 720.
    assert kr("388,800") in row and kr("738,720") in row
    assert "20\u00a0%" in row and "50\u00a0%" in row and "10\u00a0%" in row
    assert "Confidence C: reduced by 10\u00a0%" in row

    edit = f"{path}/b1/edit"
    data = form_data(client, edit, edit, **{"benefit-people_source": "entered",
                                            "benefit-people": "4,5", "benefit-drop_off": "0"})
    assert data["benefit-indicator"] == "i3" and data["benefit-unit_cost"] == "hvb-dygn"
    assert data["benefit-attribution"] == "50"
    assert client.post(edit, data=data).status_code == 302
    [line] = _benefit_lines(db, project)
    assert (line.people_source, line.people, line.drop_off) == ("entered", D("4.5"), D("0"))
    # 4,5 × 30 × 4 000 × 0.8 × 0.5 × 0.9 = 194 400 a year, two years.
    row = _row(_page(client, path), "benefit-b1")
    assert kr("194,400") in row and kr("388,800") in row

    delete = f"{path}/b1/delete"
    confirm = _page(client, delete)
    assert "Delete the benefit line b1?" in confirm
    version = re.search(r'name="version" value="(\d+)"', confirm).group(1)
    response = client.post(delete, data={"csrf_token": csrf_token(client, delete),
                                         "version": version})
    assert response.status_code == 302
    assert _benefit_lines(db, project) == []


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"benefit-people": "-3"}, "benefit-people", "The value cannot be negative."),
    ({"benefit-first_year": "2024"}, "benefit-first_year",
     "2024 is before the project starts (2025)."),
    ({"benefit-unit_cost": "finns-inte"}, "benefit-unit_cost",
     "There is no unit cost “finns-inte”."),
    ({"benefit-deadweight": "150"}, "benefit-deadweight", "Enter a percentage between 0 and 100"),
    ({"benefit-years": "0"}, "benefit-years", "Enter a number of years from 1 to 50."),
    ({"benefit-indicator": "i1"}, "benefit-indicator",
     "Choose an outcome indicator of this initiative"),
])
def test_a_bad_benefit_value_is_shown_under_its_field(client, db, world, changes, field,
                                                       message):
    project = world["project"]
    login(client, world["leader"].email)
    path = f"/projects/{project.id}/benefits"
    data = form_data(client, path, path, **{
        "benefit-people": "2", "benefit-unit_cost": "hvb-dygn",
        "benefit-units_per_person": "1", "benefit-actor": "soc", **changes})
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert message in _field_error(response.get_data(as_text=True), field)
    assert _benefit_lines(db, project) == []


def test_a_stale_benefit_edit_is_refused(client, db, world, logged_in):
    project = world["project"]
    line = _benefit(db, project, people="10")
    logged_in("coordinator", locale="en")
    edit = f"/projects/{project.id}/benefits/b1/edit"
    seen = form_data(client, edit, edit, **{"benefit-people": "12"})
    costs.update_benefit_line(db, project, line, BenefitValues(
        unit_cost="hvb-dygn", units_per_person="30", actor="soc", first_year=2025, years=1,
        people="11"), version=line.version)
    db.commit()
    response = client.post(edit, data=seen)
    assert response.status_code == 409
    assert STALE_TEXT in response.get_data(as_text=True)
    assert _benefit_lines(db, project)[0].people == D("11")


def test_the_trust_suggestion_of_a_before_after_plan(client, db, world, logged_in):
    project = world["project"]
    _plan(db, project, comparison="before_after")
    _benefit(db, project, attribution="0.2")
    _benefit(db, project, attribution="0.4")
    logged_in("viewer", locale="en")
    html = _page(client, f"/projects/{project.id}/benefits")
    suggestion = _section(html, 'id="trust-suggestion"', "</p>")
    assert "A before–after measurement credits the initiative with every change" in suggestion
    assert "40 % attribution is suggested" in suggestion
    # A line below the suggestion is flagged; one at it is not.
    assert "below the suggested 40\u00a0%" in _row(html, "benefit-b1")
    assert "below the suggested" not in _row(html, "benefit-b2")


def test_without_a_comparison_half_the_effect_is_suggested(client, db, world, logged_in):
    project = world["project"]
    _benefit(db, project, attribution="0.5")
    logged_in("viewer", locale="en")
    html = _page(client, f"/projects/{project.id}/benefits")
    assert "No comparison is chosen" in html and "50 % attribution is suggested" in html
    assert "below the suggested" not in _row(html, "benefit-b1")


def test_the_chain_from_effect_to_yield(client, db, world, logged_in):
    from models.evaluation_plans import power_figures
    from webapp.projects.evaluation_views import points

    project = world["project"]
    plan = _plan(db, project)
    _benefit(db, project, indicator="i3", people_source="effect", people=None,
             units_per_person="1", years=1)
    logged_in("viewer", locale="en")
    html = _page(client, f"/projects/{project.id}/benefits")
    chain = _row(html, "chain-b1")
    assert f'href="/projects/{project.id}/logic-model#element-g1">i3</a>' in chain
    assert "expected effect -15 percentage points" in chain
    detectable = power_figures(plan).detectable.magnitude
    assert f"smallest detectable effect {points(detectable)} percentage points" in chain
    assert f'href="/projects/{project.id}/evaluation-plan#power"' in chain
    # 9 × 1 × 4 000 × 0.9 (grade C) = 32 400.
    assert f"yield {kr('32,400')} the first year, {kr('32,400')} in all" in chain


def test_people_that_cannot_be_derived_say_why(client, db, world, logged_in):
    project = make_project(db, "utan", title="Utan deltagare", start=date(2025, 1, 1))
    _benefit(db, project, people_source="effect", people=None)
    logged_in("coordinator", locale="en")
    html = _page(client, f"/projects/{project.id}/benefits")
    row = _row(html, "benefit-b1")
    assert "Cannot be derived: no participants are planned." in row
    assert f'href="/projects/{project.id}/evaluation-plan#power"' in row
    assert kr("0") in row  # counted as no people
    form = _section(html, 'id="people-derivation"', "</div>")
    assert "cannot be derived: no participants are planned" in form

    _plan(db, project, expected_effect=None)
    row = _row(_page(client, f"/projects/{project.id}/benefits"), "benefit-b1")
    assert "Cannot be derived: no expected effect is given." in row
    assert f'href="/projects/{project.id}/evaluation-plan#expectations"' in row


def test_an_indicators_own_expected_effect_comes_before_the_plans(client, db, world,
                                                                   logged_in):
    project = world["project"]
    i2, i3 = (next(i for e in project.logic_elements for i in e.indicators if i.key == key)
              for key in ("i2", "i3"))
    _plan(db, project, power_indicator_id=i3.id)
    db.add(IndicatorExpectation(project_id=project.id, indicator_id=i2.id,
                                expected_effect=D("0.10")))
    db.commit()
    _benefit(db, project, indicator="i2", people_source="effect", people=None,
             units_per_person="1")
    logged_in("coordinator", locale="en")
    html = _page(client, f"/projects/{project.id}/benefits")
    row = _row(html, "benefit-b1")
    # i2 is in per cent: its own +10 percentage points, × 60 participants = 6 people.
    assert "60 participants × 10 percentage points = 6" in row
    assert "(the indicator's expected effect)" in row
    chain = _row(html, "chain-b1")
    assert "expected effect 10 percentage points" in chain
    assert f'href="/projects/{project.id}/evaluation-plan#expectations"' in chain
    # The power calculation concerns i3, not the line's i2.
    assert "(calculated for i3)" in chain
    # 6 × 1 × 4 000 × 0.9 (grade C) = 21 600.
    assert f"yield {kr('21,600')} the first year" in chain
    # The form lists both derivations: the plan's and i2's own.
    derivation = _section(html, 'id="people-derivation"', "</div>")
    assert "The evaluation plan's expected effect: 60 participants × 15 percentage points = 9" \
        in derivation
    assert "With i2: 60 participants × 10 percentage points = 6" in derivation


def test_the_start_cannot_move_past_the_first_budget_year(db, client, logged_in):
    from datetime import date as day

    from models import costs as cost_model
    from models.costs import BudgetValues as Values
    from tests.conftest import form_data

    make_org(db)
    project = make_project(db, "flyttas", start=day(2025, 1, 1), end=day(2027, 12, 31))
    cost_model.add_budget_line(db, project, Values("staff", "soc", 2025, "100"))
    db.commit()
    logged_in("coordinator")
    path = f"/projects/{project.id}/edit"

    def move(start):
        return client.post(path, data=form_data(client, path, start=start))

    assert move("2025-03-01").status_code == 302  # within the first year: allowed
    response = move("2026-01-01")
    assert response.status_code == 400
    db.expire_all()
    assert project.start == day(2025, 3, 1)
