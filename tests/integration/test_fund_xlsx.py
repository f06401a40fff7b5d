"""The fund sheets of the portfolio workbook, downloaded through the test client."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import event

from models import Fund
from models.funds import add_plan, record_entry
from tests.integration.helpers import make_org, make_project
from webapp.portfolio.export_views import _fund_overviews

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ledger(db):
    """Capital 20 000 000, 70 % central; 21 000 000 allocated in 2025 (9 000 000 of it by an
    override), 2 000 000 paid out, and 250 000 planned back in 2027."""
    soc, bun, fund = make_org(db)
    project = make_project(db, "fall", title="=Fallprevention", fund=fund,
                           departments=[soc, bun])
    record_entry(db, fund, kind="allocation", on=date(2025, 3, 1), amount=Decimal("12000000"),
                 project=project, note="KS § 12", by="anna@kommun.se")
    record_entry(db, fund, kind="disbursement", on=date(2025, 6, 1), amount=Decimal("2000000"),
                 project=project, note="@första utbetalningen", by="anna@kommun.se")
    check = record_entry(db, fund, kind="allocation", on=date(2025, 9, 1),
                         amount=Decimal("9000000"), project=project, note="", by="bo@kommun.se",
                         override=True, reason="+KS beslut om utökad ram")
    assert check is not None and check.overridden
    add_plan(db, fund, year=2027, kind="repayment", amount=Decimal("250000"), project=project,
             note="=Återföring")
    db.commit()
    return fund


def _download(client):
    response = client.get("/projects/export.xlsx")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == XLSX
    return load_workbook(BytesIO(response.data))


def _table(ws, heading: str) -> list[dict[str, object]]:
    """The rows (header → value) of the table under the section ``heading``."""
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    start = next(i for i, row in enumerate(rows) if row[0] == heading) + 1
    headers = rows[start]
    table = []
    for row in rows[start + 1:]:
        if row[0] is None:
            break
        table.append({h: v for h, v in zip(headers, row, strict=False) if h is not None})
    return table


def test_the_fund_sheet_has_the_years_forecast_risk_sharing_and_ledger(client, db, logged_in):
    _ledger(db)
    logged_in("coordinator", locale="en")
    wb = _download(client)
    assert wb.sheetnames == ["Portfölj", "Rangordning", "Balans", "Fond"]
    ws = wb["Fond"]
    assert ws["A1"].value == "Sociala investeringsfonden"
    facts = {row[0].value: row[1].value for row in ws.iter_rows(max_row=12) if row[0].value}
    assert facts["Capital"] == 20000000
    assert (facts["Start"], facts["End"]) == (datetime(2024, 1, 1), datetime(2027, 12, 31))
    assert facts["Risk borne centrally"] == 0.7
    assert (facts["Allocated"], facts["Disbursed"], facts["Available"]) == (
        21000000, 2000000, -1000000)

    years = _table(ws, "Per year")
    assert years == [{
        "Year": 2025, "Allocated": 21000000, "Disbursed": 2000000, "Repaid": 0,
        "Available at year end": -1000000, "Not yet paid out": 18000000,
        "Over-allocated": "Yes",
    }]
    forecast = _table(ws, "Forecast")
    assert [(r["Year"], r["Repaid"], r["Available at year end"], r["Forecast"])
            for r in forecast] == [
        (2025, 0, -1000000, None), (2026, 0, -1000000, None), (2027, 250000, -750000, "Yes")]
    assert all(r["Over-allocated"] == "Yes" for r in forecast)
    assert _table(ws, "Planned flows") == [{
        "Year": 2027, "Kind": "Repayment", "Initiative": "=Fallprevention", "Amount": 250000,
        "Note": "=Återföring"}]

    risk = {r["Initiative"]: r for r in _table(ws, "Risk sharing per initiative")}
    assert list(risk) == ["=Fallprevention", "Total"]
    # 70 % of 21 000 000 centrally, the rest equally between the two departments.
    for row in risk.values():
        assert (row["Allocated"], row["Disbursed"], row["Central"]) == (
            21000000, 2000000, 14700000)
        assert row["Socialförvaltningen"] == row["Barn- och utbildningsförvaltningen"] == 3150000

    ledger = _table(ws, "Ledger")
    assert [(r["Date"], r["Kind"], r["Amount"]) for r in ledger] == [
        (datetime(2025, 3, 1), "Allocation", 12000000),
        (datetime(2025, 6, 1), "Disbursement", 2000000),
        (datetime(2025, 9, 1), "Allocation", 9000000),
    ]
    assert {r["Initiative"] for r in ledger} == {"=Fallprevention"}
    assert ledger[1]["Note"] == "@första utbetalningen"
    assert [r["Beyond the available money"] for r in ledger] == [None, None, "Yes"]
    assert ledger[2]["Reason"] == "+KS beslut om utökad ram"
    assert [r["Recorded by"] for r in ledger] == [
        "anna@kommun.se", "anna@kommun.se", "bo@kommun.se"]
    # User text stays text: nothing in the sheet is a formula.
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    assert len(ws._charts) == 2


def test_the_fund_sheet_is_in_the_users_language(client, db, logged_in):
    _ledger(db)
    logged_in("viewer", locale="sv")
    ws = _download(client)["Fond"]
    values = {c.value for row in ws.iter_rows() for c in row}
    assert {"Fond", "Kapital", "Beviljande", "Utbetalning"} <= values


def test_without_funds_the_sheet_says_so(client, logged_in):
    logged_in("steering", locale="en")
    ws = _download(client)["Fond"]
    assert "No funds yet." in [c.value for row in ws.iter_rows() for c in row]


def test_every_fund_gets_a_sheet_of_its_own(client, db, logged_in):
    _ledger(db)
    db.add(Fund(key="b", name="Barnfonden", capital=Decimal("1000000")))
    db.commit()
    logged_in("coordinator", locale="en")
    wb = _download(client)
    assert wb.sheetnames == ["Portfölj", "Rangordning", "Balans", "Fond", "Fond 2"]
    assert wb["Fond"]["A1"].value == "Barnfonden"  # by name
    assert "No entries yet." in [c.value for row in wb["Fond"].iter_rows() for c in row]
    assert wb["Fond 2"]["A1"].value == "Sociala investeringsfonden"


def _count_queries(app, db, work):
    engine = app.extensions["satsa.engine"]
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    db.expunge_all()
    event.listen(engine, "before_cursor_execute", record)
    try:
        result = work()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return result, len(statements)


def test_gathering_the_funds_takes_a_fixed_number_of_queries_per_fund(app, db):
    fund = _ledger(db)
    one, few = _count_queries(app, db, lambda: _fund_overviews(db))
    assert len(one[0].entries) == 3
    # More entries and initiatives do not add queries ...
    fund = db.get(Fund, fund.id)
    for n in range(5):
        project = make_project(db, f"extra{n}", fund=fund)
        record_entry(db, fund, kind="repayment", on=date(2026, 1, n + 1),
                     amount=Decimal("1000"), project=project, note="", by="anna@kommun.se")
    db.commit()
    more, many = _count_queries(app, db, lambda: _fund_overviews(db))
    assert len(more[0].entries) == 8 and len(more[0].projects) == 6
    assert few == many
    # ... and each fund adds the same few (its initiatives and their departments).
    db.add(Fund(key="b", name="Barnfonden", capital=Decimal("1000000")))
    db.commit()
    two, more_funds = _count_queries(app, db, lambda: _fund_overviews(db))
    assert len(two) == 2
    assert more_funds - many <= 3
