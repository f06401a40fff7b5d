"""Administration of departments, funds and users by the coordinator."""

from decimal import Decimal

from sqlalchemy import func, select

from models import Department, Fund, User
from tests.conftest import PASSWORD, csrf_token, form_data, login
from tests.integration.helpers import make_org, make_project


def test_a_coordinator_adds_a_department_and_a_taken_key_is_named(client, logged_in, db):
    logged_in("coordinator")
    data = form_data(client, "/admin/departments/new", name="Socialförvaltningen", key="soc")
    assert client.post("/admin/departments/new", data=data).status_code == 302
    again = form_data(client, "/admin/departments/new", name="Annan", key="soc")
    response = client.post("/admin/departments/new", data=again)
    assert response.status_code == 400
    assert "En annan förvaltning har redan den här nyckeln" in response.get_data(as_text=True)
    bad = form_data(client, "/admin/departments/new", name="X", key="Stora Bokstäver")
    assert client.post("/admin/departments/new", data=bad).status_code == 400
    assert db.scalar(select(func.count()).select_from(Department)) == 1


def test_a_department_in_use_cannot_be_removed(client, logged_in, db):
    logged_in("coordinator")
    soc, bun, _fund = make_org(db)
    db.commit()
    make_project(db, "p", departments=[soc])
    token = csrf_token(client, "/admin/departments/")
    client.post(f"/admin/departments/{soc.id}/delete", data={"csrf_token": token})
    client.post(f"/admin/departments/{bun.id}/delete", data={"csrf_token": token})
    db.expire_all()
    assert [d.key for d in db.scalars(select(Department))] == ["soc"]


def test_fund_amounts_and_shares_are_entered_the_swedish_way(client, logged_in, db):
    logged_in("coordinator")
    data = form_data(client, "/admin/funds/new", name="Sociala investeringsfonden",
                     key="si-fond", capital="20 000 000", central_risk_share="70",
                     start="2024-01-01", end="2027-12-31")
    assert client.post("/admin/funds/new", data=data).status_code == 302
    fund = db.scalar(select(Fund))
    assert fund.capital == Decimal("20000000.00")
    assert fund.central_risk_share == Decimal("0.7000")
    page = client.get("/admin/funds/").get_data(as_text=True)
    assert "20\xa0000\xa0000\xa0kr" in page and "70\xa0%" in page


def test_fund_with_bad_input_names_the_fields_and_saves_nothing(client, logged_in, db):
    logged_in("coordinator")
    data = form_data(client, "/admin/funds/new", name="F", key="f", capital="tjugo",
                     central_risk_share="170", start="2027-01-01", end="2024-01-01")
    response = client.post("/admin/funds/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    for field in ("capital", "central_risk_share", "end"):
        assert f'href="#{field}"' in html
    assert db.scalar(select(Fund)) is None


def test_a_second_save_of_a_fund_is_refused(app, client, logged_in, db):
    logged_in("coordinator", email="a@example.se")
    _soc, _bun, fund = make_org(db)
    db.commit()
    other = app.test_client()
    login(other, "a@example.se")
    first = form_data(client, f"/admin/funds/{fund.id}/edit", name="Först")
    second = form_data(other, f"/admin/funds/{fund.id}/edit", name="Sedan")
    assert client.post(f"/admin/funds/{fund.id}/edit", data=first).status_code == 302
    response = other.post(f"/admin/funds/{fund.id}/edit", data=second)
    assert response.status_code == 409
    assert "Sedan" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Fund, fund.id).name == "Först"


def test_a_coordinator_creates_a_user_who_can_log_in(app, client, logged_in, db):
    logged_in("coordinator")
    data = form_data(client, "/admin/users/new", name="Nina Nilsson",
                     email="Nina@Kommun.se", role="steering", password=PASSWORD)
    assert client.post("/admin/users/new", data=data).status_code == 302
    user = db.scalar(select(User).where(User.email == "nina@kommun.se"))
    assert user.role == "steering"
    assert login(app.test_client(), "nina@kommun.se").status_code == 302


def test_the_last_coordinator_keeps_the_role(client, logged_in, db):
    me = logged_in("coordinator")
    data = form_data(client, f"/admin/users/{me.id}/edit", role="viewer")
    response = client.post(f"/admin/users/{me.id}/edit", data=data)
    assert response.status_code == 400
    db.expire_all()
    assert db.get(User, me.id).role == "coordinator"
