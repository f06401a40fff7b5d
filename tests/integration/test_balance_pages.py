"""The portfolio balance page and the steering group's signals page."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest

from models import Department, Fund, StageChange
from models.domain import logic as lm
from models.funds import record_entry
from models.logic_models import store_model
from models.proposal import Screening
from tests.integration.helpers import make_org, make_project, small_model

XSS = '<script>alert("x")</script>'
#: The two series of every balance chart.
RUN, PRO = "Running initiatives", "Proposed initiatives"


def _chart(html: str, dimension: str) -> dict:
    """The ECharts option of one balance chart, read from its JSON block."""
    match = re.search(
        rf'<script type="application/json" id="balance-chart-{dimension}-data">(.*?)</script>',
        html, re.S)
    assert match, f"no chart {dimension}"
    return json.loads(match.group(1))["option"]


def _categories(option: dict) -> list[str]:
    """The buckets: on the x axis, or on the y axis of a horizontal chart."""
    axis = option["yAxis"] if option["yAxis"]["type"] == "category" else option["xAxis"]
    return axis["data"]


def _series(option: dict) -> dict[str, dict[str, object]]:
    """Series name → category → value."""
    categories = _categories(option)
    return {s["name"]: {c: d["value"] for c, d in zip(categories, s["data"], strict=True)}
            for s in option["series"]}


def _portfolio(db):
    """Two running initiatives (one with two departments), one proposal, one closed; a second
    fund with one more idea; a department named like a script."""
    soc, bun, fund = make_org(db)
    other = Fund(key="annan", name="Annan fond", capital=Decimal("1000000"),
                 start=date(2024, 1, 1), end=date(2026, 12, 31),
                 central_risk_share=Decimal("0.5"))
    evil = Department(key="evil", name=XSS)
    db.add_all([other, evil])
    db.flush()
    a = make_project(db, "a", title="Läxhjälp", stage="running", departments=[soc, bun],
                     fund=fund, age_min=6, age_max=12, start=date(2025, 1, 1),
                     end=date(2026, 12, 31), budget_request=Decimal("2000000"))
    make_project(db, "b", title="Fallprevention", stage="approved", departments=[soc],
                 fund=fund, age_min=65, start=date(2025, 3, 1), end=date(2026, 2, 28))
    make_project(db, "c", title="Familjecentral", stage="proposal", departments=[bun, evil],
                 fund=fund, age_max=5, budget_request=Decimal("500000"))
    make_project(db, "d", title="Avslutad", stage="closed", departments=[soc], fund=fund,
                 budget_request=Decimal("9000000"))
    make_project(db, "e", title="Annan idé", stage="idea", departments=[soc], fund=other,
                 budget_request=Decimal("100000"))
    db.add(Screening(project_id=a.id, status="passed", complexity="high", risk_level="medium"))
    db.commit()
    return fund, other


def test_the_balance_counts_the_running_and_proposed_portfolio(client, db, logged_in):
    _portfolio(db)
    logged_in("viewer", locale="en")
    response = client.get("/portfolio/balance")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r'id="total-running">2 · 2[\s\u00a0,]000[\s\u00a0,]000', html)
    assert re.search(r'id="total-proposed">2 · 600[\s\u00a0,]000', html)

    departments = _series(_chart(html, "department"))
    assert departments[RUN] == {
        "Barn- och utbildningsförvaltningen": 1, "Socialförvaltningen": 2, XSS: 0,
        "No department": 0}
    assert departments[PRO] == {
        "Barn- och utbildningsförvaltningen": 1, "Socialförvaltningen": 1, XSS: 1,
        "No department": 0}
    ages = _series(_chart(html, "age"))
    assert ages[RUN]["School age (6–12)"] == 1
    assert ages[RUN]["Older people (65+)"] == 1
    assert ages[PRO]["Early childhood (1–5)"] == 1
    assert ages[PRO]["Not stated"] == 1
    durations = _series(_chart(html, "duration"))
    assert durations[RUN] == {"Under 12 months": 0, "12–23 months": 1,
                                    "24–35 months": 1, "36 months or more": 0, "Not stated": 0}
    complexity = _series(_chart(html, "complexity"))
    # a assessed high; b derived low (one department); c derived medium; e derived low.
    assert complexity[RUN] == {"Low": 1, "Medium": 0, "High": 1, "Not assessed": 0}
    assert complexity[PRO] == {"Low": 1, "Medium": 1, "High": 0, "Not assessed": 0}
    risk = _series(_chart(html, "risk"))
    assert risk[RUN] == {"Low": 0, "Medium": 1, "High": 0, "Not assessed": 1}
    stages = _series(_chart(html, "stage"))
    assert stages[RUN]["Running"] == 1 and stages[RUN]["Approved"] == 1
    assert stages[PRO]["Idea"] == 1 and stages[PRO]["Proposal"] == 1
    # The closed initiative is in neither portfolio.
    budget = _series(_chart(html, "budget"))
    assert budget[RUN]["5 million kr or more"] == 0
    assert budget[RUN]["1–3 million kr"] == 1
    assert budget[RUN]["Not stated"] == 1
    # The table behind each chart, and the notes saying what counts twice.
    assert 'id="balance-chart-department-table"' in html
    assert "An initiative with several departments counts in each" in html
    assert "derived from the number of departments" in html


def test_the_budget_measure_and_the_fund_filter(client, db, logged_in):
    _portfolio(db)
    logged_in("steering", locale="en")
    html = client.get("/portfolio/balance?fund=si-fond&measure=budget").get_data(as_text=True)
    departments = _series(_chart(html, "department"))
    assert departments[RUN]["Socialförvaltningen"] == 2000000
    # The idea of the other fund is left out.
    assert departments[PRO]["Socialförvaltningen"] == 0
    assert departments[PRO]["Barn- och utbildningsförvaltningen"] == 500000
    assert re.search(r'id="total-proposed">1 · 500[\s\u00a0,]000', html)

    assert "Annan fond" not in html.split('id="fund-money"', 1)[1].split("</table>", 1)[0]

    html = client.get("/portfolio/balance?fund=annan").get_data(as_text=True)
    money = html.split('id="fund-money"', 1)[1].split("</table>", 1)[0]
    assert "Annan fond" in money and "Sociala investeringsfonden" not in money
    assert re.search(r"1[\s\u00a0,]000[\s\u00a0,]000", money)  # its capital
    assert re.search(r'id="total-running">0 · 0', html)
    assert re.search(r'id="total-proposed">1 · 100[\s\u00a0,]000', html)


@pytest.mark.parametrize(("query", "message"), [
    ("fund=no-such-fund", "Choose one of the funds in the list."),
    ("measure=everything", "Choose the number of initiatives or the budget request."),
])
def test_a_bad_filter_is_refused_naming_the_field(client, db, logged_in, query, message):
    _portfolio(db)
    logged_in("coordinator", locale="en")
    response = client.get(f"/portfolio/balance?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert 'class="error-summary"' in html
    assert 'aria-invalid="true"' in html
    assert "balance-chart-" not in html


def test_script_in_names_stays_escaped_in_html_and_chart_json(client, db, logged_in):
    _portfolio(db)
    logged_in("viewer")
    html = client.get("/portfolio/balance").get_data(as_text=True)
    assert XSS not in html
    assert "&lt;script&gt;" in html  # the data table
    assert "\\u003cscript\\u003e" in html  # the chart's JSON
    assert XSS in _categories(_chart(html, "department"))


def test_anonymous_users_are_sent_to_log_in(client, db):
    for path in ("/portfolio/balance", "/portfolio/signals"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["coordinator", "steering", "project_leader", "viewer"])
def test_every_role_reads_both_pages(client, db, logged_in, role):
    _portfolio(db)
    logged_in(role)
    assert client.get("/portfolio/balance").status_code == 200
    assert client.get("/portfolio/signals").status_code == 200


# --- signals ----------------------------------------------------------------------------------


def _running(db, make_user):
    """Three running initiatives: one with three signals (one serious), one with two and one
    with none."""
    leader = make_user("project_leader", email="lena@example.se", name="Lena Ledare")
    owner = make_user("coordinator", email="olle@example.se", name="Olle Ägare")
    soc, bun, fund = make_org(db)
    late = make_project(db, "late", title="Sen " + XSS, stage="running", departments=[soc],
                        fund=fund, start=date(2020, 1, 1), end=date(2020, 12, 31),
                        budget_request=Decimal("300000"))
    record_entry(db, fund, kind="allocation", on=date(2020, 1, 1), amount=Decimal("100000"),
                 project=late, note="", by="test")
    record_entry(db, fund, kind="disbursement", on=date(2020, 2, 1), amount=Decimal("150000"),
                 project=late, note="", by="test")
    gated = make_project(db, "gated", title="Genom grinden", stage="approved", leader=leader,
                         owner_id=owner.id, departments=[bun], fund=fund,
                         start=date(2025, 1, 1), end=date(2099, 12, 31))
    model = small_model()
    store_model(db, gated, lm.Model(
        elements=(*model.elements, lm.Element("r2", "resource", "Lokal")),
        links=model.links, purpose=model.purpose))
    db.add(StageChange(project=gated, from_stage="prioritised", to_stage="approved",
                       reason="Brådskande", gate_override=True, user_label="olle@example.se"))
    fine = make_project(db, "fine", title="Allt väl", stage="running", leader=leader,
                        owner_id=owner.id, departments=[soc], start=date(2025, 1, 1),
                        end=date(2099, 12, 31))
    store_model(db, fine, small_model())
    make_project(db, "idea", title="Bara en idé", stage="idea")
    db.commit()
    return late, gated, fine


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr id=\"project-\d+\">(.*?)</tr>", body, re.S)


def test_the_signals_page_lists_running_initiatives_with_their_signals(client, db, logged_in,
                                                                       make_user):
    late, gated, fine = _running(db, make_user)
    logged_in("steering", locale="en")
    response = client.get("/portfolio/signals")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    rows = _rows(html)
    assert len(rows) == 3  # the idea is not running
    first, second, third = rows
    # Serious signals first.
    assert "Sen &lt;script&gt;" in first
    assert "Serious:" in first and "✖" in first
    assert "only 100\u00a0000\u00a0kr allocated" in first or "only 100,000" in first
    assert "neither a project leader nor an owner" in first
    assert "The end date 2020-12-31 has passed" in first
    assert re.search(r'<td class="num">3</td>', first)
    # Allocated and disbursed from the ledger.
    assert re.search(r"100[\s\u00a0,]000\s*kr", first) and re.search(r"150[\s\u00a0,]000", first)

    assert "Genom grinden" in second
    assert "Lena Ledare" in second
    assert "The logic model has structural errors (1) after approval." in second
    assert "The gate to the stage Approved was passed with open checklist items" in second
    assert "Warning:" in second and "⚠" in second
    assert re.search(r'<td class="num">2</td>', second)

    assert "Allt väl" in third and "No signals" in third
    assert re.search(r'<td class="num">0</td>', third)
    assert XSS not in html


def test_the_signals_page_filters_by_fund_and_refuses_an_unknown_one(client, db, logged_in,
                                                                    make_user):
    _running(db, make_user)
    logged_in("viewer", locale="en")
    html = client.get("/portfolio/signals?fund=si-fond").get_data(as_text=True)
    assert len(_rows(html)) == 2  # "fine" has no fund
    response = client.get("/portfolio/signals?fund=nope")
    assert response.status_code == 400
    assert "Choose one of the funds in the list." in response.get_data(as_text=True)


def test_a_gate_passed_with_open_items_signals_until_they_are_confirmed(client, db, logged_in,
                                                                         make_user):
    from models.organisations import add_row, save_plan
    from models.projects import confirm_item

    leader = make_user("project_leader", email="lena@example.se")
    _soc, _bun, fund = make_org(db)
    project = make_project(db, "eval", title="Utvärderas", stage="evaluation", leader=leader,
                           owner_id=leader.id, fund=fund, start=date(2025, 1, 1),
                           end=date(2099, 1, 1))
    db.add(StageChange(project=project, from_stage="running", to_stage="evaluation",
                       reason="Brådskande", gate_override=True))
    db.commit()
    logged_in("coordinator", locale="en")
    html = client.get("/portfolio/signals").get_data(as_text=True)
    # The follow-up gate: the roles and the check-ins are derived from the organisation page
    # (no steering group, team or schedule yet), the channels are to be confirmed; the measures
    # are not recorded in the application yet and are not held against it.
    assert ("The gate to the stage Evaluation was passed with open checklist items; still not "
            "done: 3.") in html
    add_row(db, project, "people", {"role": "steering", "name": "Maria"})
    add_row(db, project, "people", {"role": "team", "name": "Johanna"})
    db.commit()
    assert "still not done: 2." in client.get("/portfolio/signals").get_data(as_text=True)
    save_plan(db, project, check_in_months=2)
    add_row(db, project, "check_ins", {"planned_on": date(2025, 6, 1)})
    db.commit()
    assert "still not done: 1." in client.get("/portfolio/signals").get_data(as_text=True)
    confirm_item(db, project, "follow_up.channels", user=leader, on=date(2025, 5, 1),
                 comment="")
    db.commit()
    html = client.get("/portfolio/signals").get_data(as_text=True)
    assert "The gate to the stage Evaluation" not in html
    assert "No signals" in html


def test_the_portfolio_index_shows_the_signal_count(client, db, logged_in, make_user):
    late, gated, fine = _running(db, make_user)
    logged_in("viewer", locale="en")
    html = client.get("/projects/").get_data(as_text=True)
    assert f'href="/portfolio/signals#project-{late.id}"' in html
    assert "3 signals for Sen &lt;script&gt;" in html
    assert f'href="/portfolio/signals#project-{gated.id}"' in html
    assert f"#project-{fine.id}" not in html
    assert 'href="/portfolio/balance"' in html
