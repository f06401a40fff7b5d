"""The logic-model page: build a model with plain forms; see the checks, diagram and baseline."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from models import LogicElement, LogicIndicator, LogicLink, Project
from models.logic_models import store_model
from models.projects import change_stage, checklist
from tests.conftest import csrf_token, form_data
from tests.integration.helpers import make_org, make_project, small_model


def _page(client, project) -> str:
    response = client.get(f"/projects/{project.id}/logic-model")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _add(client, project, level, text, assumptions=""):
    token = csrf_token(client, f"/projects/{project.id}/logic-model")
    return client.post(f"/projects/{project.id}/logic-model/elements", data={
        "element-csrf_token": token, "element-level": level, "element-text": text,
        "element-assumptions": assumptions,
    })


def _link(client, project, source, target):
    token = csrf_token(client, f"/projects/{project.id}/logic-model")
    return client.post(f"/projects/{project.id}/logic-model/links", data={
        "link-csrf_token": token, "link-source": source, "link-target": target,
    })


def _keys(db, project) -> list[str]:
    db.expire_all()
    return sorted(db.scalars(select(LogicElement.key).where(
        LogicElement.project_id == project.id)))


def test_a_simplified_model_is_built_with_plain_forms(client, db, logged_in):
    logged_in("coordinator")
    make_org(db)
    project = make_project(db, "fall")
    assert "The model is empty" in _page(client, project) or "Modellen är tom" in _page(
        client, project)
    for level, text in (("long_term", "Färre fallskador"), ("short_term", "Mer fysisk aktivitet"),
                        ("activity", "Balansträning"), ("resource", "Fysioterapeut")):
        response = _add(client, project, level, text)
        assert response.status_code == 302
    assert _keys(db, project) == ["a1", "g1", "r1", "s1"]
    html = _page(client, project)
    # Every element is isolated until it is linked.
    assert html.count("isolated_element") == 4
    for source, target in (("r1", "a1"), ("a1", "s1"), ("s1", "g1")):
        assert _link(client, project, source, target).status_code == 302
    html = _page(client, project)
    assert "isolated_element" not in html
    assert "<svg" in html and 'class="logic-diagram' in html
    db.expire_all()
    statuses = {s.item.code: s.done for s in checklist(db.get(Project, project.id),
                                                        criteria_exist=False)}
    assert statuses["strategic.simplified_model"] is True
    assert statuses["design.detailed_logic"] is False


def test_a_finding_is_shown_with_its_fix_and_disappears_when_fixed(client, db, logged_in):
    logged_in("coordinator")
    make_org(db)
    project = make_project(db, "fall")
    store_model(db, project, small_model())
    db.commit()
    assert _link(client, project, "g1", "a1").status_code == 302
    html = _page(client, project)
    assert "backward_link" in html and "cycle" in html
    token = csrf_token(client, f"/projects/{project.id}/logic-model")
    response = client.post(f"/projects/{project.id}/logic-model/links/remove", data={
        "csrf_token": token, "source": "g1", "target": "a1"})
    assert response.status_code == 302
    html = _page(client, project)
    assert "backward_link" not in html and "cycle" not in html


def test_bad_input_names_the_field_and_stores_nothing(client, db, logged_in):
    logged_in("coordinator")
    make_org(db)
    project = make_project(db, "fall")
    response = _add(client, project, "outcome", "x")
    assert response.status_code == 400
    response = _add(client, project, "activity", "x" * 2000)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="element-text-error"' in html
    assert _keys(db, project) == []
    assert 'id="element-text-error"' in html
    assert _add(client, project, "activity", "Träning").status_code == 302
    assert _add(client, project, "resource", "Tränare").status_code == 302
    # A link to a missing element and a link to itself are refused.
    response = _link(client, project, "a1", "zz")
    assert response.status_code == 400
    response = _link(client, project, "a1", "a1")
    assert response.status_code == 400
    assert 'id="link-target-error"' in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(LogicLink)) == 0


def test_indicators_make_the_model_detailed(client, db, logged_in):
    logged_in("coordinator")
    make_org(db)
    project = make_project(db, "fall")
    model = small_model()
    store_model(db, project, type(model)(
        elements=tuple(e.__class__(e.key, e.level, e.text) for e in model.elements),
        links=model.links))
    db.commit()
    html = _page(client, project)
    assert "missing_process_measure" not in html
    path = f"/projects/{project.id}/logic-model/elements/a1/edit"
    data = form_data(client, path, action=f"/projects/{project.id}/logic-model/elements/a1/"
                     "indicators", **{"indicator-name": "Antal pass", "indicator-kind": "process",
                                      "indicator-baseline": "0,5", "indicator-target": "12,25"})
    response = client.post(f"/projects/{project.id}/logic-model/elements/a1/indicators",
                           data=data)
    assert response.status_code == 302
    indicator = db.scalar(select(LogicIndicator))
    assert indicator.key == "i1" and str(indicator.target.normalize()) == "12.25"
    html = _page(client, project)
    # Now detailed: the other levels lack indicators, and i1 lacks a data source.
    assert "missing_indicator" in html and "missing_data_source" in html
    bad = dict(data, **{"indicator-target": "1,23456"})
    response = client.post(f"/projects/{project.id}/logic-model/elements/a1/indicators",
                           data=bad)
    assert response.status_code == 400
    assert db.scalar(select(func.count()).select_from(LogicIndicator)) == 1


def test_concurrent_element_edits_are_detected(client, db, logged_in):
    logged_in("coordinator")
    make_org(db)
    project = make_project(db, "fall")
    store_model(db, project, small_model())
    db.commit()
    path = f"/projects/{project.id}/logic-model/elements/a1/edit"
    stale = form_data(client, path, **{"element-text": "Min ändring"})
    fresh = form_data(client, path, **{"element-text": "Någon annans ändring"})
    assert client.post(path, data=fresh).status_code == 302
    response = client.post(path, data=stale)
    assert response.status_code == 409
    db.expire_all()
    element = db.scalar(select(LogicElement).where(LogicElement.key == "a1"))
    assert element.text == "Någon annans ändring"


def test_move_and_delete_elements(client, db, logged_in):
    logged_in("coordinator")
    make_org(db)
    project = make_project(db, "fall")
    store_model(db, project, small_model())
    db.commit()
    assert _add(client, project, "activity", "Hembesök").status_code == 302
    token = csrf_token(client, f"/projects/{project.id}/logic-model")
    response = client.post(f"/projects/{project.id}/logic-model/elements/a2/move",
                           data={"csrf_token": token, "direction": "up"})
    assert response.status_code == 302
    html = _page(client, project)
    assert html.index('id="element-a2"') < html.index('id="element-a1"')
    page = client.get(f"/projects/{project.id}/logic-model/elements/a1/delete")
    assert page.status_code == 200
    version = re.search(r'name="version" value="(\d+)"', page.get_data(as_text=True)).group(1)
    response = client.post(f"/projects/{project.id}/logic-model/elements/a1/delete",
                           data={"csrf_token": token, "version": version})
    assert response.status_code == 302
    assert _keys(db, project) == ["a2", "g1", "r1", "s1"]
    assert db.scalar(select(func.count()).select_from(LogicLink)) == 1  # only s1 → g1 is left
    assert db.scalar(select(func.count()).select_from(LogicIndicator)) == 2


def test_focus_shows_the_chains_through_an_element(client, db, logged_in):
    logged_in("viewer")
    make_org(db)
    project = make_project(db, "fall")
    store_model(db, project, small_model())
    db.commit()
    html = client.get(f"/projects/{project.id}/logic-model?focus=s1").get_data(as_text=True)
    assert re.search(r"r1</a>.*a1</a>.*s1</a>.*g1</a>", html, re.S)
    assert "on-chain" in html
    # A viewer sees the model but no editing forms.
    assert "/logic-model/elements\"" not in html and "link-source" not in html


def test_approval_freezes_the_baseline_and_later_edits_show_as_difference(client, db,
                                                                           logged_in):
    user = logged_in("coordinator")
    make_org(db)
    project = make_project(db, "fall", stage="prioritised")
    store_model(db, project, small_model())
    change_stage(db, project, "approved", user=user, override_gate=True, may_override=True,
                 reason="Beslut i KS")
    db.commit()
    html = _page(client, project)
    assert "No changes against the baseline" in html or "Inga ändringar" in html
    assert _add(client, project, "activity", "Hembesök").status_code == 302
    assert _link(client, project, "r1", "a2").status_code == 302
    html = _page(client, project)
    assert 'id="baseline"' in html
    section = html[html.index('id="baseline"'):html.index('id="purpose"')]
    assert "Hembesök" in section and "r1 → a2" in section


def test_svg_download_escapes_text(client, db, logged_in):
    logged_in("viewer")
    make_org(db)
    project = make_project(db, "fall")
    model = small_model()
    hostile = model.elements[0].__class__("r1", "resource", "<script>alert(1)</script>")
    store_model(db, project, type(model)(elements=(hostile, *model.elements[1:]),
                                         links=model.links))
    db.commit()
    response = client.get(f"/projects/{project.id}/logic-model.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    body = response.get_data(as_text=True)
    assert "<script>" not in body and "&lt;script&gt;" in body
