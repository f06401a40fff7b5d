"""What a call refers to cannot be deleted from under it."""

from __future__ import annotations

from sqlalchemy import select

from models import Department, NeedArea
from tests.conftest import csrf_token
from tests.integration.helpers import make_call, make_need_area, make_org


def test_a_department_given_a_direct_assignment_is_not_removed(app, db, client, logged_in):
    logged_in("coordinator")
    soc, bun, fund = make_org(db)
    make_call(db, fund, kind="direct", department=bun)
    db.commit()
    soc_id = soc.id
    token = csrf_token(client, "/admin/departments/new")
    response = client.post(f"/admin/departments/{bun.id}/delete", data={"csrf_token": token},
                           follow_redirects=True)
    assert "direkt uppdrag" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Department, bun.id) is not None
    # A department no call or initiative uses can go.
    client.post(f"/admin/departments/{soc_id}/delete", data={"csrf_token": token})
    db.expire_all()
    assert db.scalars(select(Department.key)).all() == ["bun"]


def test_the_only_need_area_of_a_need_based_call_is_not_deleted(app, db, client, logged_in):
    logged_in("coordinator")
    _soc, _bun, fund = make_org(db)
    area = make_need_area(db, "skolresultat")
    other = make_need_area(db, "placeringar")
    make_call(db, fund, kind="need_based", need_areas=[area])
    make_call(db, fund, key="bred", kind="need_based", need_areas=[area, other])
    db.commit()
    token = csrf_token(client, f"/needs/{area.id}")
    response = client.post(f"/needs/{area.id}/delete", data={"csrf_token": token},
                           follow_redirects=True)
    assert "Tidiga insatser 2025" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(NeedArea, area.id) is not None
    # An area named beside another one may go; the call keeps the other.
    client.post(f"/needs/{other.id}/delete", data={"csrf_token": token})
    db.expire_all()
    assert db.scalars(select(NeedArea.key)).all() == ["skolresultat"]
