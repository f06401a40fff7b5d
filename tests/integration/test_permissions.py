"""Every role × every route × GET/POST: who may read, who may write.

A route without an expectation here fails the test, so new routes must declare their rule.
"""

import re
from decimal import Decimal

import pytest

from models import PlannedFlow
from models.logic_models import store_model
from tests.conftest import csrf_token, login
from tests.integration import permission_rules
from tests.integration.helpers import (
    make_call,
    make_need_area,
    make_org,
    make_project,
    small_model,
)

ALL = permission_rules.ALL
COORD = permission_rules.COORD
EDITORS = permission_rules.EDITORS
ROLES = ("anonymous", "coordinator", "steering", "project_leader", "viewer")

# endpoint -> {method: roles allowed}; "public" routes allow anonymous too.
RULES = {
    "auth.home": {"GET": "public"},
    "auth.login": {"GET": "public", "POST": "public"},
    "auth.logout": {"POST": ALL},
    "auth.language": {"POST": "public"},
    "static": {"GET": "public"},
    "portfolio.index": {"GET": ALL},
    "portfolio.export_xlsx": {"GET": ALL},
    "portfolio.balance": {"GET": ALL},
    "portfolio.signals": {"GET": ALL},
    "projects.new": {"GET": EDITORS, "POST": EDITORS},
    "projects.show": {"GET": ALL},
    "projects.edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.stage": {"POST": {"coordinator", "steering", "project_leader"}},
    "projects.confirm": {"POST": EDITORS},
    "projects.history": {"GET": ALL},
    "projects.export_xlsx": {"GET": ALL},
    "projects.logic_model": {"GET": ALL},
    "projects.logic_model_svg": {"GET": ALL},
    "projects.logic_purpose": {"POST": EDITORS},
    "projects.logic_add_element": {"POST": EDITORS},
    "projects.logic_edit_element": {"GET": EDITORS, "POST": EDITORS},
    "projects.logic_move_element": {"POST": EDITORS},
    "projects.logic_delete_element": {"GET": EDITORS, "POST": EDITORS},
    "projects.logic_add_link": {"POST": EDITORS},
    "projects.logic_remove_link": {"POST": EDITORS},
    "projects.logic_add_indicator": {"POST": EDITORS},
    "projects.logic_edit_indicator": {"GET": EDITORS, "POST": EDITORS},
    "projects.logic_delete_indicator": {"POST": EDITORS},
    "projects.evaluation_plan": {"GET": ALL},
    "projects.budget": {"GET": ALL},
    "projects.budget_line_add": {"POST": EDITORS},
    "projects.budget_line_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.budget_line_delete": {"GET": EDITORS, "POST": EDITORS},
    "projects.benefits": {"GET": ALL},
    "projects.economics": {"GET": ALL, "POST": EDITORS},
    "projects.sensitivity": {"GET": ALL, "POST": EDITORS},
    "projects.sensitivity_run": {"POST": EDITORS},
    "projects.benefit_add": {"POST": EDITORS},
    "projects.benefit_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.benefit_delete": {"GET": EDITORS, "POST": EDITORS},
    "unit_costs.index": {"GET": ALL},
    "unit_costs.new": {"GET": COORD, "POST": COORD},
    "unit_costs.edit": {"GET": COORD, "POST": COORD},
    "unit_costs.delete": {"GET": COORD, "POST": COORD},
    "unit_costs.price_index": {"GET": ALL, "POST": COORD},
    "unit_costs.optimism": {"GET": ALL, "POST": COORD},
    "unit_costs.export_csv": {"GET": ALL},
    "unit_costs.export_xlsx": {"GET": ALL},
    "unit_costs.import_": {"POST": COORD},
    "projects.evaluation_comparison": {"POST": EDITORS},
    "projects.evaluation_details": {"POST": EDITORS},
    "projects.evaluation_questions": {"POST": EDITORS},
    "projects.evaluation_expectations": {"POST": EDITORS},
    "projects.evaluation_power": {"POST": EDITORS},
    "projects.evaluation_evaluator": {"POST": EDITORS},
    "projects.organisation": {"GET": ALL},
    "projects.organisation_add": {"POST": EDITORS},
    "projects.organisation_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.organisation_move": {"POST": EDITORS},
    "projects.organisation_delete": {"GET": EDITORS, "POST": EDITORS},
    "projects.organisation_plan": {"POST": EDITORS},
    "projects.organisation_schedule": {"POST": EDITORS},
    "projects.organisation_generate": {"POST": EDITORS},
    "projects.organisation_record_person": {"POST": EDITORS},
    "projects.risks": {"GET": ALL},
    "projects.risk_add": {"POST": EDITORS},
    "projects.risk_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.risk_delete": {"GET": EDITORS, "POST": EDITORS},
    "projects.risk_move": {"POST": EDITORS},
    "projects.stop_criterion_add": {"POST": EDITORS},
    "projects.stop_criterion_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.stop_criterion_delete": {"POST": EDITORS},
    "projects.risk_colours": {"GET": ALL},
    "portfolio.risks": {"GET": ALL},
    "needs.index": {"GET": ALL},
    "needs.new": {"GET": EDITORS, "POST": EDITORS},
    "needs.show": {"GET": ALL},
    "needs.edit": {"GET": EDITORS, "POST": EDITORS},
    "needs.delete": {"POST": COORD},
    "needs.add_part": {"POST": EDITORS},
    "needs.edit_part": {"GET": EDITORS, "POST": EDITORS},
    "needs.delete_part": {"POST": EDITORS},
    "needs.add_breakdown": {"POST": EDITORS},
    "needs.delete_breakdown": {"POST": EDITORS},
    "needs.import_indicators": {"GET": EDITORS, "POST": EDITORS},
    "needs.import_preview": {"GET": EDITORS, "POST": EDITORS},
    "needs.ses_new": {"GET": EDITORS, "POST": EDITORS},
    "needs.ses_show": {"GET": ALL},
    "needs.flow_new": {"GET": EDITORS, "POST": EDITORS},
    "needs.flow_show": {"GET": ALL},
    "needs.delete_analysis": {"POST": EDITORS},
    "needs.export_xlsx": {"GET": ALL},
    "needs.export_all_xlsx": {"GET": ALL},
    "projects.score": {"GET": {"coordinator", "steering"}, "POST": {"steering"}},
    "projects.open_project_scores": {"POST": COORD},
    "projects.feedback": {"GET": ALL, "POST": COORD},
    "projects.feedback_draft": {"POST": COORD},
    "projects.feedback_reopen": {"POST": COORD},
    "projects.feedback_print": {"GET": ALL},
    "projects.feedback_xlsx": {"GET": ALL},
    "projects.decision": {"GET": COORD, "POST": COORD},
    "funds.ranking": {"GET": ALL},
    "calls.index": {"GET": ALL},
    "calls.new": {"GET": COORD, "POST": COORD},
    "calls.show": {"GET": ALL},
    "calls.edit": {"GET": COORD, "POST": COORD},
    "calls.add_question": {"POST": COORD},
    "calls.edit_question": {"GET": COORD, "POST": COORD},
    "calls.move_question": {"POST": COORD},
    "calls.delete_question": {"GET": COORD, "POST": COORD},
    "calls.ranking": {"GET": ALL},
    "calls.apply": {"GET": EDITORS, "POST": EDITORS},
    "projects.proposal": {"GET": ALL},
    "projects.proposal_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.proposal_submit": {"POST": EDITORS},
    "projects.proposal_completed": {"POST": EDITORS},
    "projects.screening": {"GET": COORD, "POST": COORD},
    "funds.index": {"GET": ALL},
    "funds.show": {"GET": ALL},
    "funds.add_entry": {"POST": COORD},
    "funds.add_planned": {"POST": COORD},
    "funds.delete_planned": {"POST": COORD},
    "exchange.index": {"GET": COORD},
    "exchange.export_json": {"GET": COORD},
    "exchange.import_json": {"POST": COORD},
    "exchange.project_json": {"GET": ALL},
}
for _endpoint, _methods in permission_rules.collect().items():
    assert _endpoint not in RULES, f"{_endpoint} is declared twice"
    RULES[_endpoint] = _methods
ADMIN_PREFIX = "admin."
#: Routes and methods that change a project: a project leader may use them on their own
#: projects only (a page may be read by all and written by its editors).
PROJECT_WRITES = {(endpoint, method) for endpoint, methods in RULES.items()
                  if endpoint.startswith("projects.") and endpoint != "projects.new"
                  for method, roles in methods.items() if roles == EDITORS}


def _expected(endpoint: str, method: str) -> set[str] | str:
    if endpoint.startswith(ADMIN_PREFIX):
        return COORD
    return RULES[endpoint][method]


@pytest.fixture
def world(app, db, make_user):
    users = {role: make_user(role) for role in ALL}
    other_leader = make_user("project_leader", email="other@example.se")
    soc, _bun, fund = make_org(db)
    own = make_project(db, "own", stage="idea", leader=users["project_leader"],
                       departments=[soc], fund=fund)
    foreign = make_project(db, "foreign", stage="proposal", leader=other_leader)
    for project in (own, foreign):
        store_model(db, project, small_model())
    area = make_need_area(db, projects=[own])
    flow = PlannedFlow(fund=fund, year=2027, kind="repayment", amount=Decimal("1000.00"))
    db.add(flow)
    call = make_call(db, fund)
    db.commit()
    return {"users": users, "own": own, "foreign": foreign, "department": soc, "fund": fund,
            "area_id": area.id, "record_id": area.indicators[0].id,
            "breakdown_id": area.indicators[0].breakdowns[0].id,
            "analysis_id": area.ses_analyses[0].id, "flow_id": flow.id, "call_id": call.id,
            "question_id": call.questions[0].id}


def _url(rule, world, project) -> str:
    values = {}
    for arg in rule.arguments:
        if arg == "project_id":
            values[arg] = project.id
        elif arg == "department_id":
            values[arg] = world["department"].id
        elif arg == "fund_id":
            values[arg] = world["fund"].id
        elif arg == "user_id":
            values[arg] = world["users"]["viewer"].id
        elif arg == "code":
            values[arg] = "needs.anchored"
        elif arg in ("area_id", "record_id", "breakdown_id", "analysis_id", "flow_id", "call_id",
                     "question_id"):
            values[arg] = world[arg]
        elif arg == "kind":
            values[arg] = "ses" if "analysis_id" in rule.arguments else "indicators"
        elif arg == "token":
            values[arg] = "no-such-preview"
        elif arg == "key":
            values[arg] = "i1" if "/indicators/" in rule.rule else "a1"
        elif arg == "part":
            values[arg] = "people"
        elif arg == "risk_key":
            values[arg] = "k1"
        elif arg.endswith("_id"):
            values[arg] = 999999  # no such row: the permission is checked before the row
        elif arg == "filename":
            values[arg] = "css/satsa.css"
        else:
            raise AssertionError(f"no value for {arg} in {rule.rule}")
    path = rule.rule
    for key, value in values.items():
        # <key>, <int:key>, <path:key>, <any(a, b):key>
        path = re.sub(rf"<(?:\w+(?:\([^)]*\))?:)?{key}>", str(value), path)
    return path


def test_every_route_has_a_permission_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = {e for e in endpoints if not e.startswith(ADMIN_PREFIX) and e not in RULES}
    assert not missing, f"routes without a permission rule: {sorted(missing)}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_it_may(app, world, role):
    client = app.test_client()
    if role != "anonymous":
        assert login(client, world["users"][role].email).status_code == 302
    token = csrf_token(client, "/login") if role == "anonymous" else csrf_token(client,
                                                                                 "/projects/")
    failures = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("auth.logout",):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            allowed = _expected(rule.endpoint, method)
            for which in ("own", "foreign") if "project_id" in rule.arguments else ("own",):
                project = world[which]
                path = _url(rule, world, project)
                if method == "GET":
                    response = client.get(path)
                else:
                    response = client.post(path, data={"csrf_token": token})
                status = response.status_code
                if allowed == "public":
                    ok = status < 500 and status != 403
                elif role == "anonymous":
                    ok = status == 302 and "/login" in response.headers.get("Location", "")
                else:
                    may = role in allowed
                    if may and role == "project_leader" and which == "foreign" and \
                            ((rule.endpoint, method) in PROJECT_WRITES
                             or rule.endpoint == "projects.stage"):
                        may = False
                    if may and rule.endpoint == "projects.score" and method == "POST" and \
                            project.stage not in ("proposal", "prioritised"):
                        may = False  # only proposals are scored
                    ok = (status not in (401, 403) and status < 500) if may else status == 403
                if not ok:
                    failures.append(f"{role} {method} {path} -> {status}")
    assert not failures, "\n".join(failures)


def test_viewer_never_writes_even_with_a_valid_token(app, world):
    client = app.test_client()
    login(client, world["users"]["viewer"].email)
    token = csrf_token(client, "/projects/")
    project = world["own"]
    for path in (f"/projects/{project.id}/edit", f"/projects/{project.id}/stage",
                 f"/projects/{project.id}/checklist/needs.anchored", "/projects/new",
                 "/admin/departments/new", "/exchange/import"):
        assert client.post(path, data={"csrf_token": token, "title": "x",
                                       "to_stage": "prioritised"}).status_code == 403, path
