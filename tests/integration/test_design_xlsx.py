"""The design sheets of the decision material: evaluation plan, risk matrix, organisation."""

from __future__ import annotations

import math
from datetime import datetime
from io import BytesIO
from statistics import NormalDist

import pytest
from openpyxl import load_workbook

from exporters.xlsx import build_project_workbook
from exporters.xlsx_design import ORGANISATION_TITLE, PLAN_TITLE, RISK_TITLE
from models import Project
from models.exchange.design import design_report
from models.reports import project_summary
from tests.integration.exchange_data import SCALE_4X4, build_portfolio

DESIGN_SHEETS = [PLAN_TITLE, RISK_TITLE, ORGANISATION_TITLE]


@pytest.fixture
def workbook(client, logged_in, db):
    ids = build_portfolio(db)
    logged_in("viewer", locale="en")

    def get(key: str = "falls"):
        response = client.get(f"/projects/{ids[key]}/export.xlsx")
        assert response.status_code == 200
        return load_workbook(BytesIO(response.data))

    get.ids = ids
    return get


def rows(ws) -> list[list]:
    return [[c for c in row] for row in ws.iter_rows()]


def row_of(ws, text: str) -> list:
    """The cells of the first row whose first cell is ``text``."""
    return next(row for row in rows(ws) if row[0].value == text)


def below(ws, text: str, count: int) -> list[list]:
    """The ``count`` rows after the first row whose first cell is ``text``."""
    all_rows = rows(ws)
    start = next(i for i, row in enumerate(all_rows) if row[0].value == text)
    return all_rows[start + 1:start + 1 + count]


def argb(colour: str) -> str:
    return "FF" + colour.lstrip("#").upper()


def test_the_design_sheets_come_before_the_proposal_sheets(workbook):
    wb = workbook()
    names = wb.sheetnames
    first = names.index(DESIGN_SHEETS[0])
    assert names[first:first + len(DESIGN_SHEETS) + 4] == [
        *DESIGN_SHEETS, "Budget", "Enhetskostnader", "Kalkyl", "Känslighet"]
    # The later components' sheets follow; the proposal's come last.
    assert names[-3:] == ["Poäng", "Beslut", "Återkoppling"]
    for name in DESIGN_SHEETS:
        assert wb[name]["A1"].value == "Fallprevention för äldre"


def test_the_evaluation_plan_sheet(workbook):
    ws = workbook()[PLAN_TITLE]
    assert row_of(ws, "Chosen alternative")[1].value == "Matching"
    assert row_of(ws, "Matching variables")[1].value == "Ålder, kön och tidigare fall"
    answer = row_of(ws, "Can the target group be divided at random into a group that receives "
                        "the intervention and a group that receives only the ordinary services?")
    assert answer[1].value == "No"
    sd = row_of(ws, "Standard deviation")[1]
    assert (sd.value, sd.number_format) == (6.5, "#,##0.00")
    alpha = row_of(ws, "Significance level (α)")[1]
    assert (alpha.value, alpha.number_format) == (0.05, "0 %")
    assert row_of(ws, "People in the comparison group")[1].value == 45
    # mde = (z₀.₉₇₅ + z₀.₈)·σ·√(1/60 + 1/45); n = 2·(z·σ/δ)² rounded up.
    z = NormalDist().inv_cdf(0.975) + NormalDist().inv_cdf(0.8)
    mde = row_of(ws, "Smallest detectable effect")[1]
    assert mde.value == pytest.approx(z * 6.5 * math.sqrt(1 / 60 + 1 / 45), abs=1e-5)
    assert mde.data_type == "n"
    needed = row_of(ws, "People per group needed for the expected effect")[1]
    assert (needed.value, needed.number_format) == (42, "#,##0")
    achieved = row_of(ws, "Achieved power for the expected effect")[1]
    assert 0.85 < achieved.value < 0.9 and achieved.number_format == "0.0 %"
    assert row_of(ws, "Indicator")[1].value == "i3: Medelvärde på Bergs balansskala"
    i3, i4 = below(ws, "Indicator key", 2)
    assert [c.value for c in i3[:7]] == ["i3", "Medelvärde på Bergs balansskala", "Score", 4,
                                         "Research", "Metaanalys av balansträning", 3]
    assert i3[8].value == datetime(2025, 2, 20)
    assert (i4[0].value, i4[3].value, i4[6].value) == ("i4", -3.5, None)
    budget = row_of(ws, "Evaluation budget")[1]
    assert (budget.value, budget.number_format) == (150000.5, '#,##0 "kr"')
    assert row_of(ws, "Evaluator")[1].value == "External"


def test_a_proportion_plan_shows_the_proportion_that_can_be_detected(workbook):
    ws = workbook("reading")[PLAN_TITLE]
    baseline = row_of(ws, "Baseline proportion")[1]
    assert (baseline.value, baseline.number_format) == (0.55, "0.0 %")
    z = NormalDist().inv_cdf(0.975) + NormalDist().inv_cdf(0.9)
    p1 = math.sin(math.asin(math.sqrt(0.55)) - z * math.sqrt(2 / 60) / 2) ** 2
    detectable = row_of(ws, "Smallest detectable change: to the proportion")[1]
    assert detectable.value == pytest.approx(p1, abs=1e-6)
    assert row_of(ws, "Smallest detectable effect")[1].value == pytest.approx(0.55 - p1,
                                                                             abs=1e-6)
    assert row_of(ws, "Chosen alternative")[1].value == "Not chosen yet"
    assert row_of(ws, "No expected effects yet.") is not None


def test_the_risk_sheet_has_the_table_the_heat_map_and_the_stop_criteria(workbook):
    ws = workbook()[RISK_TITLE]
    risks = below(ws, "No.", 4)
    assert [r[0].value for r in risks] == ["k2", "k4", "k3", "k1"]
    k1 = risks[3]
    assert [c.value for c in k1[3:7]] == [3, 4, 12, "High"]
    assert k1[5].data_type == "n"
    # The priority in its band's colours, and in words.
    assert k1[6].fill.fgColor.rgb == argb(SCALE_4X4.colours[2].background)
    assert k1[6].font.color.rgb == argb(SCALE_4X4.colours[2].text)
    assert risks[0][6].fill.fgColor.rgb == argb(SCALE_4X4.colours[1].background)
    description = risks[2][2]
    assert description.value == "=Samverkan med regionen ger fler remisser"
    assert description.data_type == "s"
    assert risks[0][11].value == "Yes"
    assert risks[3][12].value == "r1: Två fysioterapeuter, 1,5 årsarbetare"

    header = row_of(ws, "Likelihood ↓ / Impact →")
    assert [c.value for c in header[1:5]] == ["1 Liten", "2 Märkbar", "3 Allvarlig",
                                              "4 =Mycket allvarlig"]
    assert header[4].data_type == "s"
    grid = below(ws, "Likelihood ↓ / Impact →", 4)
    assert [r[0].value for r in grid] == ["4 Nästan säker", "3 Trolig", "2 Möjlig",
                                          "1 Osannolik"]
    counts = [[c.value for c in r[1:5]] for r in grid]
    # Open threats only: k1 at 3 × 4, k2 at 2 × 3; the closed k4 and the opportunity k3 are
    # not counted.
    assert counts == [[0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0], [0, 0, 0, 0]]
    assert grid[1][4].number_format == '0;-0;"";@'
    # Bands by score on 4 × 4: 1–3 low, 4–8 medium, 9–16 high.
    low, medium, high = (argb(c.background) for c in SCALE_4X4.colours)
    assert [c.fill.fgColor.rgb for c in grid[3][1:5]] == [low, low, low, medium]
    assert [c.fill.fgColor.rgb for c in grid[0][1:5]] == [medium, medium, high, high]
    assert grid[0][4].font.color.rgb == argb(SCALE_4X4.colours[2].text)
    opportunities = below(ws, "Heat map: open opportunities", 6)[1:]
    assert [[c.value for c in r[1:5]] for r in opportunities[:4]] == [
        [0, 0, 0, 0], [0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0]]
    legend = below(ws, "Priority", 3)
    assert [(r[0].value, r[1].value) for r in legend] == [("Low", "1–3"), ("Medium", "4–8"),
                                                          ("High", "9–16")]
    assert legend[2][0].fill.fgColor.rgb == high

    stop_rows = below(ws, "Stop criteria", 4)[1:]
    assert [r[0].value for r in stop_rows] == ["An indicator", "The budget", "Other"]
    assert stop_rows[0][2].value == "i4: Fallolyckor med sjukhusvård per 1 000 invånare 65+"
    assert (stop_rows[0][3].value, stop_rows[1][3].value) == (25.5, 0.1)
    assert stop_rows[1][3].number_format == "0 %"


def test_the_organisation_sheet(workbook):
    ws = workbook()[ORGANISATION_TITLE]
    people = below(ws, "Role", 6)
    assert [(r[0].value, r[1].value) for r in people] == [
        ("Project owner", "Anna Åström"), ("Steering group", "Erik Ek"),
        ("Steering group", "Dana Dahl"), ("Project leader", "Bo Öberg"),
        ("Deputy project leader", "Fia Fors"), ("Cross-sector working group", "+46 Gruppen")]
    assert people[5][1].data_type == "s"
    months = row_of(ws, "Check-ins every (months)")[1]
    assert (months.value, months.number_format) == (2, "#,##0")
    assert row_of(ws, "Who raises obstacles to whom, and when")[1].value.startswith(
        "Projektledaren lyfter")
    assert [r[0].value for r in below(ws, "Activity", 2)] == ["Balansträning i grupp",
                                                              "Hembesök"]
    dates = below(ws, "Date", 2)
    assert [(r[0].value, r[0].number_format) for r in dates] == [
        (datetime(2025, 5, 1), "yyyy-mm-dd"), (datetime(2025, 7, 1), "yyyy-mm-dd")]
    message = below(ws, "Audience", 1)[0][1]
    assert (message.value, message.data_type) == ("-Resultat hittills", "s")


def test_a_project_without_a_design_gets_no_design_sheets(db):
    ids = build_portfolio(db)
    bare = Project(key="tom", title="Utan utformning", stage="idea")
    db.add(bare)
    db.commit()
    assert design_report(db, bare) is None
    data = build_project_workbook(project_summary(db, bare.id),
                                  design=design_report(db, bare))
    assert not set(DESIGN_SHEETS) & set(load_workbook(BytesIO(data)).sheetnames)
    reading = db.get(Project, ids["reading"])
    assert design_report(db, reading) is not None


def test_the_headers_are_translated_and_the_sheet_names_are_not(db):
    ids = build_portfolio(db)
    falls = db.get(Project, ids["falls"])
    data = build_project_workbook(project_summary(db, falls.id), design=design_report(db, falls),
                                  translate=lambda text: f"«{text}»")
    wb = load_workbook(BytesIO(data))
    assert wb.sheetnames[-3:] == DESIGN_SHEETS
    ws = wb[RISK_TITLE]
    assert row_of(ws, "«No.»")[2].value == "«Risk description»"
    assert row_of(ws, "«Likelihood ↓ / Impact →»")[4].value == "4 «=Mycket allvarlig»"
    assert row_of(wb[PLAN_TITLE], "«Power»")[1].value == 0.8
