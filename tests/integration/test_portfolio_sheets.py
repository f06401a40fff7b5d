"""The sheets ``Rangordning`` and ``Balans`` of the portfolio workbook, downloaded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from models import Criterion, Score, ScoreSubmission
from models.funds import record_entry
from tests.integration.helpers import make_org, make_project

SHEETS = ["Portfölj", "Rangordning", "Balans", "Fond"]


def _download(client, query: str = ""):
    response = client.get(f"/projects/export.xlsx{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return load_workbook(BytesIO(response.data))


def _rows(ws) -> list[list[object]]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def _ranking_table(ws) -> list[dict[str, object]]:
    rows = _rows(ws)
    headers = rows[0]
    table = []
    for row in rows[1:]:
        if row[0] is None:
            break
        table.append({h: v for h, v in zip(headers, row, strict=False) if h is not None})
    return table


def _scored(db, make_user):
    """Two proposals scored in full by both steering members; "mia" submitted hers of the
    first only, "sven" submitted none.

    Criteria: need and evidence, weight 1 each, scale 0–5. "=cmd": 5 and 4 from both, so
    50 + 40 = 90.0 points; "Bättre": 3 and 2, so 30 + 20 = 50.0. The fund has 20 000 000
    available, enough for both (1 000 000 and 500 000)."""
    mia = make_user("steering", email="mia@example.se", name="Mia", locale="en")
    sven = make_user("steering", email="sven@example.se", name="Sven", locale="en")
    soc, bun, fund = make_org(db)
    need = Criterion(key="behov", name="Need", weight=Decimal("1"), scale_max=5, position=1)
    evidence = Criterion(key="evidens", name="=Evidence", weight=Decimal("1"), scale_max=5,
                         position=2)
    db.add_all([need, evidence])
    db.flush()
    first = make_project(db, "cmd", title="=cmd", stage="proposal", fund=fund,
                         departments=[soc], budget_request=Decimal("1000000"))
    second = make_project(db, "battre", title="Bättre", stage="prioritised", fund=fund,
                          departments=[soc, bun], budget_request=Decimal("500000"))
    for project, values in ((first, (5, 4)), (second, (3, 2))):
        for rater in (mia, sven):
            for criterion, value in zip((need, evidence), values, strict=True):
                db.add(Score(project_id=project.id, rater_id=rater.id,
                             criterion_id=criterion.id, value=value))
    db.add(ScoreSubmission(project_id=first.id, rater_id=mia.id))
    db.commit()
    return mia, sven, fund


def test_the_workbook_has_the_ranking_and_balance_sheets(client, db, logged_in, make_user):
    _scored(db, make_user)
    logged_in("coordinator", locale="en")
    wb = _download(client)
    assert wb.sheetnames == SHEETS
    table = _ranking_table(wb["Rangordning"])
    assert [r["Proposal"] for r in table] == ["=cmd", "Bättre"]
    first, second = table
    assert first["Fund"] == "Sociala investeringsfonden"
    assert (first["Rank"], first["Weighted score"], first["Budget request"]) == (1, 90, 1000000)
    assert (second["Rank"], second["Weighted score"]) == (2, 50)
    assert first["Against the money"] == "Within the available money"
    assert first["Status"] == "Ranked"
    assert first["Tied"] is None
    assert first["Need (points)"] == 50 and first["=Evidence (points)"] == 40
    assert second["Need (points)"] == 30 and second["=Evidence (points)"] == 20
    assert "90" in first["Explanation"]
    ws = wb["Rangordning"]
    assert ws["C2"].data_type == "s" and ws["C2"].value == "=cmd"
    assert ws["E2"].number_format == '#,##0 "kr"'
    # The funds' money below the table.
    rows = _rows(ws)
    money = rows[next(i for i, r in enumerate(rows) if r[0] == "Fund" and r[1] == "Available")
                 + 1]
    assert money[:5] == ["Sociala investeringsfonden", 20000000, 1500000, 18500000, 2]


def test_a_steering_member_sees_only_the_scores_she_may(client, db, logged_in, make_user):
    mia, sven, _fund = _scored(db, make_user)
    from tests.conftest import login

    assert login(client, sven.email).status_code == 302
    table = _ranking_table(_download(client)["Rangordning"])
    assert [r["Proposal"] for r in table] == ["=cmd", "Bättre"]  # by title
    for row in table:
        assert row["Rank"] == row["Weighted score"] == row["Explanation"] == "hidden"
        assert row["Need (points)"] == row["=Evidence (points)"] == "hidden"
        assert row["Against the money"] == "hidden"
        assert row["Status"] == "Ranked"
    assert table[0]["Budget request"] == 1000000
    assert not any(v in (90, 50, 40) for row in table for v in row.values())

    client.post("/logout", data={"csrf_token": _token(client)})
    assert login(client, mia.email).status_code == 302
    wb = _download(client)
    table = _ranking_table(wb["Rangordning"])
    assert (table[0]["Proposal"], table[0]["Rank"], table[0]["Weighted score"]) == ("=cmd", 1, 90)
    assert (table[1]["Proposal"], table[1]["Rank"]) == ("Bättre", "hidden")
    rows = _rows(wb["Rangordning"])
    money = rows[next(i for i, r in enumerate(rows) if r[0] == "Fund" and r[1] == "Available")
                 + 1]
    assert money[:4] == ["Sociala investeringsfonden", 20000000, "hidden", "hidden"]


def _token(client) -> str:
    from tests.conftest import csrf_token

    return csrf_token(client, "/projects/")


def test_the_balance_sheet_tables_charts_and_signals(client, db, logged_in, make_user):
    _mia, _sven, fund = _scored(db, make_user)
    from models import Department

    social = db.query(Department).filter_by(key="soc").one()
    running = make_project(db, "plus", title="+signal", stage="running", fund=fund,
                           departments=[social], age_min=65, start=date(2025, 1, 1),
                           end=date(2099, 12, 31), budget_request=Decimal("2000000"))
    record_entry(db, fund, kind="allocation", on=date(2025, 1, 1), amount=Decimal("100000"),
                 project=running, note="", by="test")
    record_entry(db, fund, kind="disbursement", on=date(2025, 2, 1), amount=Decimal("250000"),
                 project=running, note="", by="test")
    db.commit()
    logged_in("viewer", locale="en")
    ws = _download(client)["Balans"]
    rows = _rows(ws)
    assert rows[0][0] == "Portfolio balance" and rows[1][0] == "All funds"
    totals = {r[0]: r[1:4] for r in rows[4:6]}
    assert totals == {"Running": [1, 2000000, 0], "Proposed": [2, 1500000, 0]}

    start = next(i for i, r in enumerate(rows) if r[0] == "By department")
    header = rows[start + 2]
    assert header[:5] == ["Group", "Running: number", "Running: budget request",
                          "Proposed: number", "Proposed: budget request"]
    departments = {r[0]: r[1:7] for r in rows[start + 3:start + 6]}
    assert departments == {
        "Barn- och utbildningsförvaltningen": [0, 0, 1, 500000, 0, 0],
        "Socialförvaltningen": [1, 2000000, 2, 1500000, 0, 0],
        "No department": [0, 0, 0, 0, 0, 0],
    }
    start = next(i for i, r in enumerate(rows) if r[0] == "By complexity")
    complexity = {r[0]: r[1:7] for r in rows[start + 3:start + 7]}
    # Derived from the departments: one low ("=cmd", "+signal"), two medium ("Bättre").
    assert complexity["Low"] == [1, 2000000, 1, 1000000, 1, 1]
    assert complexity["Medium"] == [0, 0, 1, 500000, 0, 1]
    assert len(ws._charts) == 14  # a count and a budget chart per dimension

    start = next(i for i, r in enumerate(rows) if r[0] == "Signals from running initiatives")
    header = rows[start + 1]
    signal = dict(zip(header, rows[start + 2], strict=False))
    assert signal["Initiative"] == "+signal"
    assert (signal["Allocated"], signal["Disbursed"]) == (100000, 250000)
    assert (signal["Serious"], signal["Number of signals"]) == (1, 2)
    lines = signal["Signals"].split("\n")
    assert lines[0].startswith("Serious: ") and "more than allocated" in lines[0]
    assert lines[1] == "Warning: The initiative has neither a project leader nor an owner."
    cell = ws.cell(row=start + 3, column=1)
    assert cell.data_type == "s" and cell.value == "+signal"


def test_the_balance_sheet_follows_the_fund_filter(client, db, logged_in, make_user):
    _scored(db, make_user)
    make_project(db, "utan", title="Utan fond", stage="idea", budget_request=Decimal("7"))
    logged_in("coordinator", locale="en")
    rows = _rows(_download(client)["Balans"])
    assert rows[5][:3] == ["Proposed", 3, 1500007]
    ws = _download(client, "?fund=si-fond")["Balans"]
    assert ws["A2"].value == "Sociala investeringsfonden"
    rows = _rows(ws)
    assert rows[4][:3] == ["Running", 0, 0]
    assert rows[5][:3] == ["Proposed", 2, 1500000]


def test_proposals_that_cannot_be_ranked_say_why(client, db, logged_in):
    _soc, _bun, fund = make_org(db)
    make_project(db, "utan", title="Utan kriterier", stage="proposal", fund=fund,
                 budget_request=Decimal("300000"))
    logged_in("coordinator", locale="en")
    table = _ranking_table(_download(client)["Rangordning"])
    assert [{k: v for k, v in row.items() if v is not None} for row in table] == [
        {"Fund": "Sociala investeringsfonden", "Proposal": "Utan kriterier",
         "Budget request": 300000, "Status": "Cannot be ranked",
         "Explanation": "no criterion carries a weight"}]


def test_without_proposals_the_ranking_sheet_says_so(client, db, logged_in):
    logged_in("viewer", locale="en")
    wb = _download(client)
    assert wb.sheetnames == SHEETS
    assert wb["Rangordning"]["A2"].value == "No proposals to rank."
    assert "No initiatives are running." in [r[0] for r in _rows(wb["Balans"])]
