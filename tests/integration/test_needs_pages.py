"""The needs-analysis pages through the test client, CSRF on: need areas, indicators, uploads."""

from __future__ import annotations

import io
import json
from decimal import Decimal

from sqlalchemy import func, select

from models import FlowAnalysis, NeedArea, NeedIndicator, Project, SesAnalysis
from models.domain.flows import figure6_events
from models.projects import checklist
from tests.conftest import csrf_token, form_data
from tests.integration.helpers import make_need_area, make_org, make_project


def _count(db, model) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def _upload(client, path, fields, filename, content: bytes, *, page=None):
    token = csrf_token(client, page or path)
    data = {"csrf_token": token, **fields, "file": (io.BytesIO(content), filename)}
    return client.post(path, data=data, content_type="multipart/form-data")


def test_a_need_area_is_created_and_edited_with_clear_errors(client, db, logged_in):
    logged_in("project_leader")
    make_org(db)
    db.commit()
    data = form_data(client, "/needs/new", title="")
    response = client.post("/needs/new", data=data)
    assert response.status_code == 400
    assert 'id="title-error"' in response.get_data(as_text=True)
    assert _count(db, NeedArea) == 0
    data = form_data(client, "/needs/new", title="Skolfrånvaro", status="verified",
                     outcome="Lägre ogiltig frånvaro")
    response = client.post("/needs/new", data=data)
    assert response.status_code == 302
    area = db.scalar(select(NeedArea))
    assert (area.key, area.status) == ("skolfranvaro", "verified")
    # Two people edit at once: the second save is refused and nothing is overwritten.
    path = f"/needs/{area.id}/edit"
    first = form_data(client, path, outcome="Första")
    second = form_data(client, path, outcome="Andra")
    assert client.post(path, data=first).status_code == 302
    assert client.post(path, data=second).status_code == 409
    db.expire_all()
    assert db.get(NeedArea, area.id).outcome == "Första"


def test_indicators_and_breakdowns_are_shown_as_chart_and_table(client, db, logged_in):
    logged_in("coordinator")
    make_org(db)
    area = make_need_area(db)
    db.commit()
    html = client.get(f"/needs/{area.id}").get_data(as_text=True)
    assert 'type="application/json"' in html and "flickor" in html
    assert "<table" in html and "echarts.min.js" in html
    path = f"/needs/{area.id}/indicators/{area.indicators[0].id}/edit"
    token = csrf_token(client, path)
    response = client.post(f"/needs/{area.id}/indicators/{area.indicators[0].id}/breakdowns",
                           data={"breakdown-csrf_token": token, "breakdown-dimension": "sex",
                                 "breakdown-category": "Flickor", "breakdown-value": "87,5"})
    assert response.status_code == 302
    db.expire_all()
    values = {b.category: b.value for b in db.get(NeedIndicator, area.indicators[0].id)
              .breakdowns}
    # The same category (any case) is replaced, not added twice.
    assert values == {"flickor": Decimal("87.5000"), "pojkar": Decimal("80.0000")}
    response = client.post(f"/needs/{area.id}/indicators/{area.indicators[0].id}/breakdowns",
                           data={"breakdown-csrf_token": token, "breakdown-dimension": "sex",
                                 "breakdown-category": "", "breakdown-value": "x"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="breakdown-category-error"' in html and 'id="breakdown-value-error"' in html


def test_indicator_import_is_previewed_then_confirmed(client, db, logged_in):
    logged_in("coordinator")
    make_org(db)
    area = make_need_area(db)
    db.commit()
    csv = ("indikator;år;värde;enhet;nedbrytning;kategori\n"
           "Andel behöriga till gymnasiet;2023;80,0;%;;\n"
           "Andel behöriga till gymnasiet;2025;84,0;%;;\n"
           "Andel behöriga till gymnasiet;2025;86;%;kön;flickor\n"
           "Ogiltig frånvaro;2025;12,5;%;;\n").encode("cp1252")
    response = _upload(client, f"/needs/{area.id}/import", {}, "värden.csv", csv)
    assert response.status_code == 302
    preview = response.headers["Location"]
    html = client.get(preview).get_data(as_text=True)
    assert "Ogiltig frånvaro" in html and "84" in html
    # Nothing is stored before the confirmation.
    assert _count(db, NeedIndicator) == 1
    token = csrf_token(client, preview)
    assert client.post(preview, data={"csrf_token": token}).status_code == 302
    db.expire_all()
    indicators = {i.name: i for i in db.get(NeedArea, area.id).indicators}
    assert set(indicators) == {"Andel behöriga till gymnasiet", "Ogiltig frånvaro"}
    updated = indicators["Andel behöriga till gymnasiet"]
    assert (updated.year, updated.value) == (2025, Decimal("84.0000"))
    assert {b.category: b.value for b in updated.breakdowns}["flickor"] == Decimal("86")
    # A used preview cannot be confirmed twice.
    response = client.post(preview, data={"csrf_token": token})
    assert response.status_code == 302 and "/import" in response.headers["Location"]


def test_uploads_are_refused_with_row_and_column_and_store_nothing(client, db, logged_in):
    logged_in("coordinator")
    make_org(db)
    area = make_need_area(db)
    db.commit()
    bad = "indikator;år;värde\nFrånvaro;tjugo;12\nFrånvaro;2024;abc\n".encode()
    response = _upload(client, f"/needs/{area.id}/import", {}, "v.csv", bad)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "row 2" in html or "rad 2" in html
    assert "row 3" in html or "rad 3" in html
    person = "nyckel;datum;placering;öppenvård\n19121212-1212;2020-01-01;hvb;nej\n".encode()
    response = _upload(client, f"/needs/{area.id}/flows/new", {"title": "Test"}, "p.csv",
                       person)
    assert response.status_code == 400
    assert "19121212" not in response.get_data(as_text=True)
    assert _count(db, FlowAnalysis) == 1  # only the one made by the helper
    response = _upload(client, f"/needs/{area.id}/import", {}, "tom.csv", b"")
    assert response.status_code == 400


def test_kolada_json_is_imported_with_the_national_value_as_comparison(client, db, logged_in):
    logged_in("coordinator")
    make_org(db)
    area = make_need_area(db)
    db.commit()
    doc = {"count": 2, "values": [
        {"kpi": "N15419", "municipality": "0581", "period": 2024, "values": [
            {"count": 1, "gender": "T", "status": "", "value": 81.2},
            {"count": 1, "gender": "K", "status": "", "value": 84.0},
            {"count": 1, "gender": "M", "status": "", "value": 78.5}]},
        {"kpi": "N15419", "municipality": "0000", "period": 2024, "values": [
            {"count": 1, "gender": "T", "status": "", "value": 85.9}]},
    ]}
    response = _upload(client, f"/needs/{area.id}/import", {}, "kolada.json",
                       json.dumps(doc).encode())
    assert response.status_code == 302
    preview = response.headers["Location"]
    client.post(preview, data={"csrf_token": csrf_token(client, preview)})
    db.expire_all()
    indicator = next(i for i in db.get(NeedArea, area.id).indicators if i.name == "N15419")
    assert indicator.value == Decimal("81.2") and indicator.comparison_value == Decimal("85.9")
    assert len(indicator.breakdowns) == 2


def test_socio_economic_index_and_map(client, db, logged_in):
    logged_in("coordinator")
    make_org(db)
    area = make_need_area(db)
    db.commit()
    table = ("område;utbildning;sysselsättning;födda_i_norden;förvärvsinkomst;utfall\n"
             "Norr;40;80;90;300000;88\nSöder;20;60;60;200000;61\nÖster;30;70;80;250000;77\n")
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"namn": name}, "geometry": square}
        for name in ("Norr", "Söder")]}
    token = csrf_token(client, f"/needs/{area.id}/ses/new")
    response = client.post(f"/needs/{area.id}/ses/new", data={
        "csrf_token": token, "title": "Index 2025", "name_property": "namn",
        "file": (io.BytesIO(table.encode()), "omraden.csv"),
        "geojson": (io.BytesIO(json.dumps(geojson).encode()), "omraden.geojson"),
    }, content_type="multipart/form-data")
    # Öster is missing from the boundaries: refused, nothing stored.
    assert response.status_code == 400 and "Öster" in response.get_data(as_text=True)
    assert _count(db, SesAnalysis) == 1
    geojson["features"].append({"type": "Feature", "properties": {"namn": "Öster"},
                                "geometry": square})
    response = client.post(f"/needs/{area.id}/ses/new", data={
        "csrf_token": token, "title": "Index 2025", "name_property": "namn",
        "file": (io.BytesIO(table.encode()), "omraden.csv"),
        "geojson": (io.BytesIO(json.dumps(geojson).encode()), "omraden.geojson"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Norr" in html and "10" in html and '"maps"' in html


def test_flow_analysis_keeps_only_counts(client, db, logged_in):
    logged_in("coordinator")
    make_org(db)
    area = make_need_area(db)
    db.commit()
    events = "nyckel;datum;placering;öppenvård\n" + "".join(
        f"{e.person};{e.day};{e.placement};{'ja' if e.open_care else 'nej'}\n"
        for e in figure6_events())
    response = _upload(client, f"/needs/{area.id}/flows/new", {"title": "Placeringar"},
                       "h.csv", events.encode())
    assert response.status_code == 302
    analysis = db.scalars(select(FlowAnalysis).order_by(FlowAnalysis.id.desc())).first()
    assert "P0001" not in analysis.counts
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    for figure in ("120", "60", "20", "200"):
        assert f">{figure}<" in html


def test_linked_need_areas_derive_the_needs_checklist_item(client, db, logged_in):
    logged_in("coordinator")
    make_org(db)
    project = make_project(db, "skola")
    area = make_need_area(db, status="raised")
    db.commit()
    data = form_data(client, f"/projects/{project.id}/edit", need_areas=[str(area.id)])
    assert client.post(f"/projects/{project.id}/edit", data=data).status_code == 302
    db.expire_all()
    project = db.get(Project, project.id)
    assert [a.key for a in project.need_areas] == [area.key]
    done = {s.item.code: s.done for s in checklist(project, criteria_exist=False)}
    assert done["needs.verified"] is False  # raised, not yet verified
    area = db.get(NeedArea, area.id)
    area.status = "verified"
    db.commit()
    db.expire_all()
    done = {s.item.code: s.done for s in checklist(db.get(Project, project.id),
                                                    criteria_exist=False)}
    assert done["needs.verified"] is True


def test_a_kolada_file_of_several_municipalities_asks_which_one(client, db, logged_in):
    logged_in("coordinator")
    make_org(db)
    area = make_need_area(db)
    db.commit()
    doc = {"values": [
        {"kpi": "N15419", "municipality": code, "period": 2024,
         "values": [{"gender": "T", "status": "", "value": 80.0}]}
        for code in ("0581", "0580")]}
    response = _upload(client, f"/needs/{area.id}/import", {}, "kolada.json",
                       json.dumps(doc).encode())
    assert response.status_code == 400
    assert "0580, 0581" in response.get_data(as_text=True)
    token = csrf_token(client, f"/needs/{area.id}/import")
    response = client.post(f"/needs/{area.id}/import", data={
        "csrf_token": token, "municipality": "0580",
        "file": (io.BytesIO(json.dumps(doc).encode()), "kolada.json")},
        content_type="multipart/form-data")
    assert response.status_code == 302
