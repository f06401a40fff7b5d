"""The fund page: ledger per year, allocations checked against the money available, overrides
only by a coordinator with a reason, forecast and risk sharing."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from models import LedgerEntry, PlannedFlow
from tests.conftest import csrf_token
from tests.integration.helpers import make_org, make_project


def _entry(client, fund, **fields):
    path = f"/funds/{fund.id}"
    data = {"entry-csrf_token": csrf_token(client, path), "entry-kind": "allocation",
            "entry-on": "2025-03-01", "entry-project_id": "", "entry-note": ""}
    data.update({f"entry-{k}": v for k, v in fields.items()})
    return client.post(f"/funds/{fund.id}/entries", data=data)


def _entries(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(LedgerEntry))


def test_allocations_are_checked_against_the_money_available(client, db, logged_in):
    user = logged_in("coordinator")
    soc, bun, fund = make_org(db)  # capital 20 000 000, 70 % central
    project = make_project(db, "fall", fund=fund, departments=[soc, bun])
    db.commit()
    response = _entry(client, fund, amount="12 000 000", project_id=str(project.id),
                      note="KS § 12")
    assert response.status_code == 302
    entry = db.scalar(select(LedgerEntry))
    assert (entry.amount, entry.recorded_by, entry.override) == (
        Decimal("12000000.00"), user.email, False)
    # 8 000 000 remain: 9 000 000 is refused, with the reason at the amount, nothing stored.
    response = _entry(client, fund, amount="9000000", project_id=str(project.id))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="entry-amount-error"' in html and "1\u00a0000\u00a0000\u00a0kr" in html
    assert _entries(db) == 1
    # An override needs a reason ...
    response = _entry(client, fund, amount="9000000", override="y", reason=" ")
    assert response.status_code == 400 and 'id="entry-reason-error"' in response.get_data(
        as_text=True)
    assert _entries(db) == 1
    # ... and is then recorded with it.
    response = _entry(client, fund, amount="9000000", override="y",
                      reason="KS beslut om utökad ram")
    assert response.status_code == 302
    assert _entries(db) == 2
    overridden = db.scalars(select(LedgerEntry).order_by(LedgerEntry.id.desc())).first()
    assert overridden.override and overridden.override_reason == "KS beslut om utökad ram"
    html = client.get(f"/funds/{fund.id}").get_data(as_text=True)
    assert "KS beslut om utökad ram" in html
    assert "-1\u00a0000\u00a0000\u00a0kr" in html  # available is now negative, and shown


def test_risk_sharing_and_forecast(client, db, logged_in):
    logged_in("coordinator")
    soc, bun, fund = make_org(db)
    project = make_project(db, "fall", fund=fund, departments=[soc, bun])
    db.commit()
    assert _entry(client, fund, amount="1000000", project_id=str(project.id)).status_code == 302
    html = client.get(f"/funds/{fund.id}").get_data(as_text=True)
    # 70 % central, the remaining 300 000 shared equally by the two departments.
    assert "700\u00a0000\u00a0kr" in html and "150\u00a0000\u00a0kr" in html
    token = csrf_token(client, f"/funds/{fund.id}")
    response = client.post(f"/funds/{fund.id}/plan", data={
        "plan-csrf_token": token, "plan-year": "2027", "plan-kind": "repayment",
        "plan-amount": "250000", "plan-project_id": "", "plan-note": "Återföring"})
    assert response.status_code == 302
    flow = db.scalar(select(PlannedFlow))
    assert (flow.year, flow.amount) == (2027, Decimal("250000.00"))
    html = client.get(f"/funds/{fund.id}").get_data(as_text=True)
    assert "2027" in html and "Återföring" in html
    response = client.post(f"/funds/{fund.id}/plan/{flow.id}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(PlannedFlow)) == 0


def test_only_a_coordinator_records_entries(client, db, logged_in):
    logged_in("steering")
    _soc, _bun, fund = make_org(db)
    db.commit()
    assert client.get(f"/funds/{fund.id}").status_code == 200
    assert "entry-amount" not in client.get(f"/funds/{fund.id}").get_data(as_text=True)
    token = csrf_token(client, "/funds/")
    response = client.post(f"/funds/{fund.id}/entries", data={
        "entry-csrf_token": token, "entry-kind": "allocation", "entry-on": "2025-01-01",
        "entry-amount": "100"})
    assert response.status_code == 403
    assert _entries(db) == 0
