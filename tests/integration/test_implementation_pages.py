"""The implementation plan's pages: the plan written through its form, phases, financing shares
that must add up to 100 per cent, results after implementation from the follow-up date on,
the consistency panel against the pilot, and the plan's sheet."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal as D
from html import unescape
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models import AuditEntry, costs
from models.costs import BenefitValues, BudgetValues, UnitCostValues
from models.evaluation import EvaluationResult
from models.implementation import (
    ImplementationFinancing,
    ImplementationFollowUp,
    ImplementationPhase,
    ImplementationPlan,
)
from models.implementation_plans import (
    FinancingValues,
    PhaseValues,
    PlanValues,
    add_financing,
    add_phase,
    save_plan,
)
from models.logic_model import LogicIndicator
from models.logic_models import store_model
from tests.conftest import csrf_token, form_data, login
from tests.integration.helpers import make_org, make_project, small_model

TODAY = date.today()


@pytest.fixture
def world(db, make_user):
    leader = make_user("project_leader", email="lena@example.se", locale="en")
    viewer = make_user("viewer", email="vera@example.se", locale="en")
    soc, bun, fund = make_org(db)
    project = make_project(db, "hembesok", title="Förebyggande hembesök", stage="evaluation",
                           leader=leader, fund=fund, start=date(2024, 3, 1),
                           end=date(2025, 2, 28), size_reached=600, size_total=4000)
    store_model(db, project, small_model())
    db.commit()
    indicators = {i.key: i for i in db.scalars(select(LogicIndicator))}
    return {"leader": leader, "viewer": viewer, "project": project, "soc": soc, "bun": bun,
            "indicators": indicators}


def _page(client, path: str) -> str:
    """The page's HTML with character references resolved (apostrophes come as &#39;)."""
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return unescape(response.get_data(as_text=True))


def _row(html: str, row_id: str) -> str:
    match = re.search(rf'<tr[^>]*id="{row_id}"[^>]*>.*?</tr>', html, re.S)
    assert match, f"no row {row_id}"
    return match.group(0)


def _url(project, rest: str = "") -> str:
    return f"/projects/{project.id}/implementation{rest}"


def _plan(db, project, **changes):
    values = dict(annual_cost=D("3500000"), annual_saving=D("9000000"),
                  cost_note="Två team, ledning, material, utrustning och administration",
                  expected_effect="20 % bättre välmående enligt WHO-5",
                  rollout="phased", starts_on=date(2025, 9, 1), ends_on=date(2026, 12, 31),
                  financing_kind="within_frames", replaces="Uppsökande verksamhet via larm",
                  ownership="Vård- och omsorgsnämnden", delivery="Två hembesöksteam",
                  organisation="Teamen i äldreomsorgens förebyggande enhet",
                  new_context="Hela kommunen i stället för två områden",
                  obstacles="Rekrytering: annonsera tidigt",
                  follow_up_date=date(2026, 8, 31))
    values.update(changes)
    plan = save_plan(db, project, PlanValues(**values), version=None, today=TODAY)
    db.commit()
    return plan


def _done(db, project) -> dict[str, bool | None]:
    from models.projects import checklist

    db.expire_all()
    return {s.item.code: s.done for s in checklist(project, criteria_exist=False)}


# --- The plan ---------------------------------------------------------------------------------


def test_the_plan_is_written_through_its_form_and_audited(client, db, world, logged_in):
    project = world["project"]
    login(client, world["leader"].email)
    path = _url(project, "/plan")
    page = _page(client, path)
    # The follow-up date is suggested 18 months after the project ends.
    assert 'value="2026-08-28"' in page
    assert "Suggested: 2026-08-28, 18 months after the project ends" in page
    data = form_data(client, path, action=path, **{
        "plan-annual_cost": "3 500 000", "plan-annual_saving": "9 000 000",
        "plan-cost_note": "Två team, ledning och material",
        "plan-expected_effect": "20 % bättre välmående enligt WHO-5",
        "plan-rollout": "phased", "plan-starts_on": "2025-09-01", "plan-ends_on": "2026-12-31",
        "plan-financing_kind": "mixed", "plan-ownership": "Vård- och omsorgsnämnden",
        "plan-delivery": "=Två team", "plan-organisation": "Förebyggande enheten",
    })
    response = client.post(path, data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/implementation#plan")
    db.expire_all()
    plan = db.scalar(select(ImplementationPlan))
    assert (plan.annual_cost, plan.annual_saving, plan.rollout, plan.financing_kind) == (
        D("3500000.00"), D("9000000.00"), "phased", "mixed")
    assert (plan.starts_on, plan.ends_on, plan.follow_up_date) == (
        date(2025, 9, 1), date(2026, 12, 31), date(2026, 8, 28))
    assert plan.delivery == "=Två team"
    entry = db.scalar(select(AuditEntry).where(AuditEntry.entity == "implementation_plan"))
    assert entry.action == "create" and entry.project_id == project.id
    assert json.loads(entry.changes)["annual_cost"] == [None, "3500000.00"]

    html = _page(client, _url(project))
    assert "3,500,000\u00a0kr" in html and "=Två team" in html
    # The follow-up date (2026-08-28) is not after the end of the rollout (2026-12-31).
    assert ("The follow-up date (2026-08-28) is not after the end of the rollout (2026-12-31)"
            in html)
    assert "At full scale, each krona a year saves 2.57 kronor a year." in html


def test_a_refused_plan_names_the_field_and_stores_nothing(client, db, world):
    project = world["project"]
    login(client, world["leader"].email)
    path = _url(project, "/plan")
    data = form_data(client, path, action=path, **{
        "plan-annual_cost": "1 000 000", "plan-starts_on": "2026-01-01",
        "plan-ends_on": "2025-01-01"})
    response = client.post(path, data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="plan-ends_on-error"' in html
    assert "The end date cannot be before the start date." in html
    db.expire_all()
    assert db.scalar(select(ImplementationPlan)) is None


def test_a_plan_saved_meanwhile_is_not_overwritten(client, db, world):
    project = world["project"]
    _plan(db, project)
    login(client, world["leader"].email)
    path = _url(project, "/plan")
    data = form_data(client, path, action=path, **{"plan-ownership": "Min ändring"})
    plan = db.scalar(select(ImplementationPlan))
    plan.ownership = "Någon annans ändring"
    db.commit()
    response = client.post(path, data=data)
    assert response.status_code == 409
    assert "Someone else changed the implementation plan" in response.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(select(ImplementationPlan)).ownership == "Någon annans ändring"


def test_the_summary_after_implementation_waits_for_the_follow_up_date(client, db, world):
    project = world["project"]
    _plan(db, project, follow_up_date=TODAY + timedelta(days=30))
    login(client, world["leader"].email)
    path = _url(project, "/plan")
    page = _page(client, path)
    assert 'name="plan-follow_up_summary"' not in page
    assert "The results after implementation are summarised from the follow-up date" in page
    # A summary sent anyway is refused, naming the field.
    data = form_data(client, path, action=path, **{"plan-follow_up_summary": "Bra resultat"})
    from models.implementation_plans import ImplementationRefused

    with pytest.raises(ImplementationRefused) as refused:
        save_plan(db, project, PlanValues(follow_up_date=TODAY + timedelta(days=30),
                                          follow_up_summary="Bra resultat"),
                  version=db.scalar(select(ImplementationPlan)).version, today=TODAY)
    assert refused.value.field == "follow_up_summary"
    db.rollback()
    # Through the page, the summary field is not sent before the date: the form saves the rest.
    assert client.post(path, data=data).status_code == 302
    db.expire_all()
    assert db.scalar(select(ImplementationPlan)).follow_up_summary == ""

    plan = db.scalar(select(ImplementationPlan))
    plan.follow_up_date = TODAY
    db.commit()
    page = _page(client, path)
    assert 'name="plan-follow_up_summary"' in page
    data = form_data(client, path, action=path,
                     **{"plan-follow_up_summary": "Effekten på WHO-5 står sig."})
    assert client.post(path, data=data).status_code == 302
    db.expire_all()
    assert db.scalar(select(ImplementationPlan)).follow_up_summary == (
        "Effekten på WHO-5 står sig.")
    assert "Effekten på WHO-5 står sig." in _page(client, _url(project))


# --- Financing --------------------------------------------------------------------------------


def test_financing_shares_must_add_up_to_100_per_cent(client, db, world):
    project = world["project"]
    _plan(db, project)
    login(client, world["leader"].email)
    token = csrf_token(client, _url(project))

    def add(actor: str, share: str):
        return client.post(_url(project, "/financing"), data={
            "csrf_token": token, "financing-actor": actor, "financing-share": share,
            "financing-note": ""})

    assert add("soc", "60").status_code == 302
    assert add("region", "30").status_code == 302
    html = _page(client, _url(project))
    assert ("The shares add up to 90\u00a0%: 10\u00a0% of the full-scale cost has no financier "
            "yet.") in html
    soc = db.scalar(select(ImplementationFinancing.id)
                    .where(ImplementationFinancing.actor == "soc"))
    assert "2,100,000\u00a0kr" in _row(html, f"financing-{soc}")  # 60 % of 3 500 000 kr

    refused = add("bun", "20")
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert 'id="financing-share-error"' in text
    assert ("The shares would add up to 110 per cent. The other shares already add up to 90 "
            "per cent, so at most 10 per cent is left.") in text
    assert add("soc", "5").status_code == 400  # the same actor twice
    db.expire_all()
    assert sorted(db.scalars(select(ImplementationFinancing.actor))) == ["region", "soc"]

    assert add("bun", "10").status_code == 302
    html = _page(client, _url(project))
    assert 'id="financing-complete"' in html
    assert "The financing shares add up to 100 per cent." in html
    assert '<strong>100\u00a0%</strong>' in html


def test_a_financing_share_is_edited_and_deleted_after_confirmation(client, db, world):
    project = world["project"]
    _plan(db, project)
    row = add_financing(db, project, FinancingValues("soc", D("0.6")))
    add_financing(db, project, FinancingValues("region", D("0.4")))
    db.commit()
    login(client, world["leader"].email)
    edit = _url(project, f"/financing/{row.id}/edit")
    data = form_data(client, edit, action=edit, **{"financing-share": "70"})
    refused = client.post(edit, data=data)
    assert refused.status_code == 400  # 70 + 40 > 100
    assert "at most 60 per cent is left" in refused.get_data(as_text=True)
    data = form_data(client, edit, action=edit, **{"financing-share": "55",
                                                    "financing-note": "Ram 2026"})
    assert client.post(edit, data=data).status_code == 302
    db.expire_all()
    assert db.get(ImplementationFinancing, row.id).share == D("0.5500")

    delete = _url(project, f"/financing/{row.id}/delete")
    confirm = _page(client, delete)
    assert "Delete the financing share of Socialförvaltningen?" in confirm
    version = re.search(r'name="version" value="(\d+)"', confirm).group(1)
    token = csrf_token(client, delete)
    assert client.post(delete, data={"csrf_token": token, "version": str(int(version) - 1)}
                       ).status_code == 302  # stale: refused
    db.expire_all()
    assert sorted(db.scalars(select(ImplementationFinancing.actor))) == ["region", "soc"]
    assert client.post(delete, data={"csrf_token": token, "version": version}).status_code == 302
    db.expire_all()
    assert list(db.scalars(select(ImplementationFinancing.actor))) == ["region"]


# --- Phases -----------------------------------------------------------------------------------


def test_phases_are_added_edited_deleted_and_checked_against_the_time_frame(client, db, world):
    project = world["project"]
    _plan(db, project)
    login(client, world["leader"].email)
    token = csrf_token(client, _url(project))
    response = client.post(_url(project, "/phases"), data={
        "csrf_token": token, "phase-name": "Fas 1: östra området", "phase-units": "Två team",
        "phase-starts_on": "2025-09-01", "phase-ends_on": "2026-03-31",
        "phase-coverage": "40"})
    assert response.status_code == 302
    refused = client.post(_url(project, "/phases"), data={
        "csrf_token": token, "phase-name": "", "phase-coverage": "50"})
    assert refused.status_code == 400
    assert 'id="phase-name-error"' in refused.get_data(as_text=True)
    client.post(_url(project, "/phases"), data={
        "csrf_token": token, "phase-name": "Fas 2: hela kommunen",
        "phase-starts_on": "2026-04-01", "phase-ends_on": "2027-06-30",
        "phase-coverage": "30"})
    html = _page(client, _url(project))
    assert ("The phase “Fas 2: hela kommunen” (2026-04-01 to 2027-06-30) lies outside the "
            "implementation's time frame (2025-09-01 to 2026-12-31).") in html
    assert "The phase “Fas 2: hela kommunen” reaches 30\u00a0% of the target group, less than " \
           "the phase before it (40\u00a0%)" in html

    second = db.scalar(select(ImplementationPhase).where(ImplementationPhase.name.like("Fas 2%")))
    edit = _url(project, f"/phases/{second.id}/edit")
    data = form_data(client, edit, action=edit, **{"phase-ends_on": "2026-12-31",
                                                    "phase-coverage": "100"})
    assert client.post(edit, data=data).status_code == 302
    html = _page(client, _url(project))
    assert ("The phases follow each other within the time frame, and the last one reaches the "
            "whole target group.") in html

    delete = _url(project, f"/phases/{second.id}/delete")
    confirm = _page(client, delete)
    assert "Delete the phase “Fas 2: hela kommunen”?" in confirm
    version = re.search(r'name="version" value="(\d+)"', confirm).group(1)
    assert client.post(delete, data={"csrf_token": csrf_token(client, delete),
                                     "version": version}).status_code == 302
    db.expire_all()
    assert [p.name for p in db.scalars(select(ImplementationPhase))] == ["Fas 1: östra området"]


def test_a_phase_changed_meanwhile_is_refused_as_stale(client, db, world):
    project = world["project"]
    _plan(db, project)
    phase = add_phase(db, project, PhaseValues("Fas 1", starts_on=date(2025, 9, 1),
                                               ends_on=date(2026, 12, 31), coverage=D("1")))
    db.commit()
    login(client, world["leader"].email)
    edit = _url(project, f"/phases/{phase.id}/edit")
    data = form_data(client, edit, action=edit, **{"phase-units": "Mina enheter"})
    phase.units = "Andras enheter"
    db.commit()
    response = client.post(edit, data=data)
    assert response.status_code == 409
    db.expire_all()
    assert db.get(ImplementationPhase, phase.id).units == "Andras enheter"


# --- Results after implementation -------------------------------------------------------------


def test_results_after_implementation_wait_for_the_follow_up_date(client, db, world):
    project = world["project"]
    _plan(db, project, follow_up_date=TODAY + timedelta(days=10))
    login(client, world["leader"].email)
    html = _page(client, _url(project))
    day = (TODAY + timedelta(days=10)).isoformat()
    assert f"Results after implementation can be entered from the follow-up date, {day}." in html
    assert 'id="follow-up-form"' not in html
    i2 = world["indicators"]["i2"]
    response = client.post(_url(project, "/results"), data={
        "csrf_token": csrf_token(client, _url(project)), "follow_up-indicator": str(i2.id),
        "follow_up-after_change": "-20", "follow_up-measured_on": TODAY.isoformat()})
    assert response.status_code == 400
    assert f"Results after implementation can be entered from the follow-up date, {day}." in \
        response.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(select(ImplementationFollowUp)) is None


def test_results_after_implementation_sit_beside_the_project_period(client, db, world):
    project = world["project"]
    follow_up = TODAY - timedelta(days=5)
    _plan(db, project, follow_up_date=follow_up, ends_on=follow_up - timedelta(days=1))
    i2, i3 = world["indicators"]["i2"], world["indicators"]["i3"]
    db.add(EvaluationResult(project_id=project.id, indicator_id=i2.id,
                            intervention_change=D("0.25"), comparison_change=D("0.07")))
    db.commit()
    login(client, world["leader"].email)
    # The form is prefilled from the evaluation's result of the chosen indicator.
    page = _page(client, _url(project, f"?indicator={i2.id}"))
    form = page[page.index('id="follow-up-form"'):]
    assert 'name="follow_up-project_change" type="text" value="25"' in form
    assert f'<option selected value="{i2.id}">' in form

    token = csrf_token(client, _url(project))
    refused = client.post(_url(project, "/results"), data={
        "csrf_token": token, "follow_up-indicator": str(i2.id), "follow_up-after_change": "20",
        "follow_up-measured_on": (follow_up - timedelta(days=1)).isoformat()})
    assert refused.status_code == 400
    assert 'id="follow_up-measured_on-error"' in refused.get_data(as_text=True)
    response = client.post(_url(project, "/results"), data={
        "csrf_token": token, "follow_up-indicator": str(i2.id), "follow_up-after_change": "20",
        "follow_up-measured_on": TODAY.isoformat(), "follow_up-note": "Enkät hösten"})
    assert response.status_code == 302
    db.expire_all()
    row = db.scalar(select(ImplementationFollowUp))
    # Left empty, the change in the project period is the evaluation's.
    assert (row.project_change, row.after_change, row.measured_on) == (
        D("0.2500"), D("0.2000"), TODAY)
    html = _page(client, _url(project))
    result = _row(html, f"result-{i2.id}")
    assert "+25\u00a0%" in result and "+20\u00a0%" in result and "-5\u00a0%" in result
    assert "–" in _row(html, f"result-{i3.id}")
    # Only one result per indicator.
    again = client.post(_url(project, "/results"), data={
        "csrf_token": token, "follow_up-indicator": str(i2.id), "follow_up-after_change": "10",
        "follow_up-measured_on": TODAY.isoformat()})
    assert again.status_code == 400
    assert 'id="follow_up-indicator-error"' in again.get_data(as_text=True)

    delete = _url(project, f"/results/{row.id}/delete")
    confirm = _page(client, delete)
    assert "Delete the result after implementation of i2?" in confirm
    version = re.search(r'name="version" value="(\d+)"', confirm).group(1)
    assert client.post(delete, data={"csrf_token": csrf_token(client, delete),
                                     "version": version}).status_code == 302
    db.expire_all()
    assert db.scalar(select(ImplementationFollowUp)) is None


# --- Reading, the pilot and the sheet -----------------------------------------------------------


def test_a_viewer_reads_the_plan_without_forms(client, db, world):
    project = world["project"]
    _plan(db, project)
    login(client, world["viewer"].email)
    html = _page(client, _url(project))
    assert "Vård- och omsorgsnämnden" in html
    assert 'id="financing-form"' not in html and 'id="phase-form"' not in html
    assert "Edit the plan" not in html
    assert client.get(_url(project, "/plan")).status_code == 403


def test_the_plan_is_compared_with_the_pilots_full_scale_estimate(client, db, world):
    project = world["project"]
    costs.add_unit_cost(db, UnitCostValues(key="bistand", name="Biståndsinsats, per månad",
                                           unit="månad", amount="1500", price_year=2024))
    # The pilot: 600 participants of 4 000; 525 000 kr a year and 1 350 000 kr avoided.
    costs.add_budget_line(db, project, BudgetValues("staff", "soc", 2024, "525000"))
    costs.add_benefit_line(db, project, BenefitValues(
        unit_cost="bistand", units_per_person="1", actor="soc", first_year=2024, years=1,
        people="900"))
    db.commit()
    _plan(db, project, annual_cost=D("3500000"), annual_saving=D("20000000"))
    login(client, world["leader"].email)
    html = _page(client, _url(project))
    table = html[html.index('id="pilot-comparison"'):]
    table = table[:table.index("</table>")]
    assert "3,500,000\u00a0kr" in table and "9,000,000\u00a0kr" in table
    assert ("The full-scale annual cost (3,500,000\u00a0kr) is close to the pilot's full-scale "
            "estimate (3,500,000\u00a0kr).") in html
    assert ("The expected annual saving (20,000,000\u00a0kr) is 122.22\u00a0% above the pilot's "
            "full-scale estimate of the avoided costs (9,000,000\u00a0kr)") in html


def test_the_sheet_holds_the_plan_with_a_sum_of_the_shares(client, db, world):
    project = world["project"]
    _plan(db, project, ownership="=HYPERLINK(\"x\")")
    add_financing(db, project, FinancingValues("soc", D("0.6")))
    add_financing(db, project, FinancingValues("region", D("0.4"), note="+46 70 123"))
    add_phase(db, project, PhaseValues("Fas 1", starts_on=date(2025, 9, 1),
                                       ends_on=date(2026, 12, 31), coverage=D("1")))
    db.commit()
    login(client, world["viewer"].email)
    response = client.get(_url(project, ".xlsx"))
    assert response.status_code == 200
    assert "implementeringsplan-hembesok.xlsx" in response.headers["Content-Disposition"]
    wb = load_workbook(BytesIO(response.data))
    assert wb.sheetnames == ["Implementeringsplan"]
    ws = wb["Implementeringsplan"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    assert (ws["A1"].value, ws["A2"].value) == ("Förebyggande hembesök", "Implementation plan")
    owner = next(c for c in ws["B"] if c.value == "=HYPERLINK(\"x\")")
    assert owner.data_type == "s"
    assert cells["+46 70 123"].data_type == "s"
    total = next(row for row in ws.iter_rows() if row[0].value == "Total")
    assert total[2].value.startswith("=SUM(C") and total[2].number_format == "0.0 %"
    first, last = re.match(r"=SUM\(C(\d+):C(\d+)\)", total[2].value).groups()
    shares = [ws.cell(row=r, column=3).value for r in range(int(first), int(last) + 1)]
    assert sum(D(str(s)) for s in shares) == 1
    assert "The financing shares add up to 100 per cent." in cells


# --- The checklist ----------------------------------------------------------------------------


def test_the_checklist_items_follow_the_plan_and_the_evaluation(db, world):
    from models.evaluation import ComponentAssessment

    project = world["project"]
    codes = ("evaluation.results", "evaluation.components", "evaluation.implementation_plan",
             "scale_up.responsibility", "scale_up.goals", "scale_up.context",
             "scale_up.follow_up")
    assert {c: _done(db, project)[c] for c in codes} == dict.fromkeys(codes, False)
    assert _done(db, project)["scale_up.prerequisites"] is False  # confirmed, not derived

    _plan(db, project, follow_up_date=TODAY - timedelta(days=1),
          ends_on=TODAY - timedelta(days=2))
    done = _done(db, project)
    assert done["scale_up.goals"] and done["scale_up.context"]
    # Without financing adding up to 100 per cent, responsibility is not clear.
    assert not done["scale_up.responsibility"] and not done["evaluation.implementation_plan"]
    add_financing(db, project, FinancingValues("soc", D("1")))
    db.commit()
    done = _done(db, project)
    assert done["scale_up.responsibility"] and done["evaluation.implementation_plan"]
    assert not done["scale_up.follow_up"]

    i2 = world["indicators"]["i2"]
    db.add(ImplementationFollowUp(project_id=project.id, indicator_id=i2.id,
                                  after_change=D("0.2"), measured_on=TODAY))
    db.add(EvaluationResult(project_id=project.id, indicator_id=i2.id,
                            intervention_change=D("0.25"), comparison_change=D("0.07")))
    db.add(ComponentAssessment(project_id=project.id, name="Hembesöket", verdict="decisive",
                               reason="Planen för aktivitet och kost"))
    db.commit()
    done = _done(db, project)
    assert done["scale_up.follow_up"] and done["evaluation.results"]
    assert done["evaluation.components"]
    # A success criterion for an indicator without a compared result opens the item again.
    from models.design import IndicatorExpectation

    i3 = world["indicators"]["i3"]
    db.add(IndicatorExpectation(project_id=project.id, indicator_id=i3.id,
                                min_effect=D("-10")))
    db.commit()
    assert _done(db, project)["evaluation.results"] is False


def test_the_portfolio_reads_the_implementation_facts_in_a_fixed_number_of_queries(app, db):
    from sqlalchemy import event

    from models.queries import PortfolioFilter, portfolio_rows

    make_org(db)
    db.commit()

    def planned(key: str):
        project = make_project(db, key, end=date(2025, 2, 28))
        _plan(db, project)
        add_financing(db, project, FinancingValues("soc", D("1")))
        db.commit()

    def count() -> tuple[int, int, int]:
        engine = app.extensions["satsa.engine"]
        statements: list[str] = []

        def record(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        db.expunge_all()
        event.listen(engine, "before_cursor_execute", record)
        try:
            rows = portfolio_rows(db, PortfolioFilter())
        finally:
            event.remove(engine, "before_cursor_execute", record)
        return len(rows), len(statements), sum(r.checklist_done for r in rows)

    planned("a")
    planned("b")
    few, few_queries, few_done = count()
    for key in ("c", "d", "e"):
        planned(key)
    many, many_queries, many_done = count()
    assert (few, many) == (2, 5)
    assert few_queries == many_queries
    # Each initiative has its responsibility, goals, context and the evaluation's plan item.
    assert (few_done, many_done) == (2 * 4, 5 * 4)
