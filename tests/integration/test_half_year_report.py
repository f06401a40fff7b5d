"""The half-yearly report to the decision body: outcomes so far, process (process measures,
reach, participants, drop-outs, hours), deviations (signals) and the check-ins' decisions of
the chosen half-year, as a printable page and as an Excel sheet."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D
from html import unescape
from io import BytesIO

import pytest
from openpyxl import load_workbook

from models.check_ins import CheckInValues, DecisionValues, add_check_in
from models.follow_up import IndicatorValue, ResourceUse
from models.logic_model import LogicElement, LogicIndicator
from models.logic_models import store_model
from models.participants import DropOutValues, FlowValues, add_drop_out, add_flow
from tests.integration.helpers import make_project, small_model

TODAY = date(2026, 1, 15)


@pytest.fixture
def world(db, make_user):
    leader = make_user("project_leader", email="lena@example.se", name="Lena Ledare",
                       locale="en")
    project = make_project(db, "lasframjande", title="Läsfrämjande", stage="running",
                           leader=leader, owner_id=leader.id, start=date(2025, 1, 1),
                           end=date(2025, 12, 31), size_total=400, size_reached=80)
    store_model(db, project, small_model())
    indicators = {i.key: i for i in db.query(LogicIndicator)
                  .filter(LogicIndicator.project_id == project.id)}
    activity = db.query(LogicElement).filter(LogicElement.project_id == project.id,
                                             LogicElement.key == "a1").one()
    for key, period, planned, actual in (
            ("i2", date(2025, 3, 1), "22", "21"), ("i2", date(2025, 6, 1), "24", "25"),
            ("i2", date(2025, 9, 1), "26", "27"),
            ("i1", date(2025, 1, 1), "10", "8"), ("i1", date(2025, 4, 1), "10", "12"),
            ("i1", date(2025, 7, 1), "10", "9")):
        db.add(IndicatorValue(project_id=project.id, indicator_id=indicators[key].id,
                              period=period, planned=D(planned), actual=D(actual)))
    # A breakdown is not the total: left out.
    db.add(IndicatorValue(project_id=project.id, indicator_id=indicators["i2"].id,
                          period=date(2025, 6, 1), dimension="kön", category="flickor",
                          planned=D("90"), actual=D("99")))
    for period, planned, actual in ((date(2025, 2, 1), "40", "50"),
                                    (date(2025, 5, 1), "40", "35"),
                                    (date(2025, 8, 1), "40", "40")):
        db.add(ResourceUse(project_id=project.id, element_id=activity.id, period=period,
                           competence="Fysioterapeut", planned_hours=D(planned),
                           actual_hours=D(actual)))
    for period, profile, eligible, enrolled in ((date(2025, 1, 1), "low", 100, 50),
                                                (date(2025, 1, 1), "high", 100, 30),
                                                (date(2025, 7, 1), "low", 10, 5)):
        add_flow(db, project, FlowValues(period, profile, eligible, enrolled), today=TODAY)
    add_drop_out(db, project, DropOutValues(date(2025, 3, 10), "high", "worse_off",
                                            "Mådde sämre"), today=TODAY)
    add_drop_out(db, project, DropOutValues(date(2025, 8, 1), "low", "moved"), today=TODAY)
    for held_on, decision, action in ((date(2025, 3, 3), "continue", ""),
                                      (date(2025, 6, 10), "stop", "=SUM(A1) avbryt"),
                                      (date(2025, 7, 5), "adjust", "Fler grupper")):
        add_check_in(db, project, CheckInValues(held_on, None, "Styrgruppen", "", (
            DecisionValues(decision, "indicator", indicator="i2", action=action,
                           responsible="Lena"),)), today=TODAY)
    db.commit()
    return {"project": project}


def _report(client, project, query="?year=2025&half=1") -> str:
    response = client.get(f"/projects/{project.id}/half-year-report{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return unescape(response.get_data(as_text=True))


def _cells(row_html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row_html, re.S)]


def _row(html: str, row_id: str) -> list[str]:
    match = re.search(rf'<tr id="{row_id}">(.*?)</tr>', html, re.S)
    assert match, f"no row {row_id}"
    return _cells(match.group(1))


def test_the_report_shows_outcomes_process_deviations_and_decisions(client, world,
                                                                    logged_in):
    project = world["project"]
    logged_in("viewer", locale="en")
    html = _report(client, project)
    assert "Half-yearly report to the decision body" in html
    assert re.search(r'id="report-period">2025-01-01 – 2025-06-30<', html)
    # Outcomes: the latest total up to June against its plan and the target.
    assert _row(html, "outcome-i2") == ["i2: Andel regelbundet fysiskt aktiva", "Percent", "20",
                                        "30", "25", "24", "June 2025"]
    assert _row(html, "outcome-i3")[-1] == "Not reported yet"
    # Process: the half-year's planned and actual values summed.
    assert _row(html, "process-i1") == ["i1: Antal träningstillfällen", "Count", "20", "20",
                                        "100.0\u00a0%", "80"]
    assert re.search(r'id="report-enrolled-half">80<', html)
    assert re.search(r'id="report-reach">20.0\u00a0% \(target group: 400 people\)<', html)
    profiles = html[html.index('id="report-profiles"'):]
    high = _cells(re.search(r"<tr><th scope=\"row\">High risk</th>.*?</tr>", profiles,
                            re.S).group(0))
    assert high == ["High risk", "100", "30", "1", "30.0\u00a0%", "3.3\u00a0%"]
    assert "the high-risk enrolment rate 30.0\u00a0% is below 40.0\u00a0%" in html
    drop_outs = html[html.index('id="report-drop-outs"'):]
    drop_outs = drop_outs[:drop_outs.index("</table>")]
    assert "2025-03-10" in drop_outs and "Yes, not investigated" in drop_outs
    assert "2025-08-01" not in drop_outs
    assert re.search(r'id="report-hours-planned">80<', html)
    assert re.search(r'id="report-hours-actual">85<', html)
    # Deviations: today's signals of the initiative.
    signals = html[html.index('id="report-signals"'):]
    assert "The end date 2025-12-31 has passed" in signals
    # Decisions of the check-ins held in the half-year only; the stop stands out.
    decisions = html[html.index('id="report-decisions"'):]
    decisions = decisions[:decisions.index("</table>")]
    assert "2025-03-03" in decisions and "2025-06-10" in decisions
    assert "2025-07-05" not in decisions
    assert "<strong>Stop</strong>" in decisions
    assert "Decisions to stop the initiative" in html
    assert f"/projects/{project.id}/half-year-report.xlsx?year=2025&half=1" in html


def test_the_last_completed_half_year_is_the_default_and_a_bad_choice_is_refused(
        client, world, logged_in):
    from webapp.downloads import local_today

    project = world["project"]
    logged_in("steering", locale="en")
    with client.application.test_request_context():
        today = local_today()
    year, half = (today.year - 1, 2) if today.month <= 6 else (today.year, 1)
    start = f"{year}-01-01" if half == 1 else f"{year}-07-01"
    html = _report(client, project, "")
    assert f'id="report-period">{start} – ' in html
    for query in ("?year=2025&half=3", "?year=abc&half=1", "?year=2025"):
        response = client.get(f"/projects/{project.id}/half-year-report{query}")
        assert response.status_code == 400, query
        assert "Choose a year and a half-year" in response.get_data(as_text=True)
        xlsx = client.get(f"/projects/{project.id}/half-year-report.xlsx{query}")
        assert xlsx.status_code == 400, query


def test_the_excel_sheet_holds_the_same_report(client, world, logged_in):
    project = world["project"]
    logged_in("viewer", locale="en")
    response = client.get(f"/projects/{project.id}/half-year-report.xlsx?year=2025&half=1")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(
        "halvarsrapport-lasframjande-2025-1.xlsx")
    wb = load_workbook(BytesIO(response.data))
    assert wb.sheetnames == ["Half-yearly report"]
    ws = wb["Half-yearly report"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][0] == "Läsfrämjande"

    def row_of(first, column=0):
        return next(r for r in rows if r[column] == first)

    assert row_of("Half-year from")[1].date() == date(2025, 1, 1)
    assert row_of("i2")[:8] == ["i2", "Andel regelbundet fysiskt aktiva", "Percent", 20, 30, 25,
                                row_of("i2")[6], 24]
    assert row_of("i2")[6].date() == date(2025, 6, 1)
    process = row_of("i1")
    assert process[3:6] == [20, 20, 1]
    assert row_of("Enrolled in the half-year")[1] == 80
    assert row_of("Reach: share of the target group enrolled")[1] == pytest.approx(0.2)
    high = row_of("High risk")
    assert high[1:4] == [100, 30, 1]
    assert high[4] == pytest.approx(0.3)
    assert row_of("Drop-outs flagged as possible harm and not investigated")[1] == 1
    assert row_of("Total")[2:5] == [80, 85, 5]
    assert "Warning: the high-risk enrolment rate" in row_of("Cream-skimming monitor")[1]
    signal_rows = [r for r in rows if r[0] == "Warning"]
    assert any("The end date 2025-12-31 has passed" in r[1] for r in signal_rows)
    decisions = [r for r in rows if r[1] in ("Continue as planned", "Stop", "Adjust")]
    assert [(r[0].date(), r[1]) for r in decisions] == [(date(2025, 3, 3), "Continue as planned"),
                                                      (date(2025, 6, 10), "Stop")]
    assert decisions[1][2] == "An indicator: i2: Andel regelbundet fysiskt aktiva"
    # Text typed by a user never becomes a formula.
    stop = next(c for row in ws.iter_rows() for c in row if c.value == "=SUM(A1) avbryt")
    assert stop.data_type == "s"
