"""The portfolio's heat map, and the risk level the balance reads from the risk matrices."""

from __future__ import annotations

import json
import re

from models.balance import balance_projects
from models.domain import risk as rk
from models.proposal import Screening
from models.risks import RiskValues, add_risk, risk_level_of
from tests.integration.helpers import make_org, make_project


def _add(db, project, likelihood, impact, description="Risk", **values):
    return add_risk(db, project, RiskValues(description=description, likelihood=likelihood,
                                            impact=impact, **values), rk.DEFAULT_SCALE)


def _world(db):
    _soc, _bun, fund = make_org(db)
    fall = make_project(db, "fall", title="Fallprevention", stage="running", fund=fund)
    school = make_project(db, "skola", title="Skolnärvaro", stage="proposal", fund=fund)
    closed = make_project(db, "gammal", title="Avslutad satsning", stage="closed", fund=fund)
    _add(db, fall, 3, 4, "Personalomsättning")
    _add(db, fall, 3, 4, "Samarbetspartnern tappar intresset")
    _add(db, fall, 2, 4, "Skada vid träning", harms_individual=True)
    _add(db, fall, 1, 1, "Löst", status="closed")
    _add(db, school, 3, 4, "Eleverna kommer inte")
    _add(db, school, 5, 5, "Skolan byter rektor")
    _add(db, school, 3, 4, "Elevhälsan vill vara med", kind="opportunity")
    _add(db, closed, 3, 4, "Gammal risk", harms_individual=True)
    db.commit()
    return fall, school, closed


def _cell(html: str, likelihood: int, impact: int) -> str:
    match = re.search(rf'<td [^>]*data-likelihood="{likelihood}" data-impact="{impact}"'
                      r'[^>]*>.*?</td>', html, re.S)
    assert match
    return match.group(0)


def test_one_heat_map_over_the_active_initiatives(client, db, logged_in):
    fall, school, _closed = _world(db)
    logged_in("viewer", locale="en")
    response = client.get("/portfolio/risks")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'aria-current="page">Risks</a>' in html  # in the portfolio's navigation
    # Three open threats of two active initiatives at 3 × 4; the closed initiative's is left out.
    cell = _cell(html, 3, 4)
    assert 'data-threats="3" data-opportunities="1"' in cell
    assert 'href="/portfolio/risks?likelihood=3&amp;impact=4#cell-risks"' in cell
    assert 'data-threats="1"' in _cell(html, 5, 5) and 'data-threats="0"' in _cell(html, 1, 1)
    # Threats by band: 2 × 4 = 8 and 3 × 4 = 12 medium (4), 25 high (1); the opportunity apart.
    bands = html[html.index('id="band-counts"'):html.index("</table>",
                                                          html.index('id="band-counts"'))]
    counts = re.findall(r'data-band="(\w+)">.*?<td class="num">(\d+)</td><td class="num">(\d+)',
                        bands, re.S)
    assert counts == [("low", "0", "0"), ("medium", "4", "1"), ("high", "1", "0")]
    assert "From 2 initiatives." in html
    # The risks harming individuals, of active initiatives only.
    harms = html[html.index('id="harm-risk-table"'):]
    assert "Skada vid träning" in harms and "Gammal risk" not in harms
    assert f'href="/projects/{fall.id}/risks#risk-k3">Fallprevention</a>' in harms
    assert 'id="cell-risks"' not in html


def test_a_cell_lists_its_risks_with_their_initiative(client, db, logged_in):
    fall, school, _closed = _world(db)
    logged_in("steering", locale="en")
    html = client.get("/portfolio/risks?likelihood=3&impact=4").get_data(as_text=True)
    listed = html[html.index('id="cell-risks"'):html.index('id="by-band"')]
    assert "Risks with likelihood 3 – Medium and impact 4 – Large" in listed
    assert 'href="/portfolio/risks#portfolio-heat-map">show all</a>' in listed
    for text in ("Personalomsättning", "Samarbetspartnern tappar intresset",
                 "Eleverna kommer inte", "Elevhälsan vill vara med"):
        assert text in listed
    assert "Skolan byter rektor" not in listed and "Gammal risk" not in listed
    assert f'href="/projects/{school.id}/risks#risk-k1">Skolnärvaro</a>' in listed
    assert f'href="/projects/{fall.id}/risks#risk-k2">Fallprevention</a>' in listed
    assert "heat-map__cell--selected" in _cell(html, 3, 4)


def test_the_balance_takes_the_risk_level_from_the_matrix_where_there_are_open_threats(
        client, db, logged_in):
    _soc, _bun, fund = make_org(db)
    matrix = make_project(db, "a", title="Med matris", stage="running", fund=fund)
    screened = make_project(db, "b", title="Bara screening", stage="running", fund=fund)
    closed_only = make_project(db, "c", title="Stängda risker", stage="proposal", fund=fund)
    make_project(db, "d", title="Inget", stage="proposal", fund=fund)
    for project in (matrix, screened, closed_only):
        db.add(Screening(project_id=project.id, status="passed", risk_level="low"))
    _add(db, matrix, 2, 2)                      # 4: low
    _add(db, matrix, 4, 4)                      # 16: high – the highest open threat counts
    _add(db, matrix, 5, 5, kind="opportunity")  # opportunities never raise the level
    _add(db, closed_only, 5, 5, status="closed")
    db.commit()
    assert risk_level_of(db, [matrix.id, screened.id, closed_only.id]) == {matrix.id: "high"}
    levels = {p.key: p.risk_level for p in balance_projects(db)}
    assert levels == {"a": "high", "b": "low", "c": "low", "d": None}
    logged_in("viewer", locale="en")
    html = client.get("/portfolio/balance").get_data(as_text=True)
    match = re.search(r'id="balance-chart-risk-data">(.*?)</script>', html, re.S)
    option = json.loads(match.group(1))["option"]
    axis = option["yAxis"] if option["yAxis"]["type"] == "category" else option["xAxis"]
    series = {s["name"]: dict(zip(axis["data"], [d["value"] for d in s["data"]], strict=True))
              for s in option["series"]}
    assert series["Running initiatives"] == {"Low": 1, "Medium": 0, "High": 1,
                                             "Not assessed": 0}
    assert series["Proposed initiatives"] == {"Low": 1, "Medium": 0, "High": 0,
                                              "Not assessed": 1}
    assert "highest open threat in its risk matrix" in html
