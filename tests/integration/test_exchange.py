"""The satsa/1 exchange: round trip, refusals, command line and upload through the browser."""

from __future__ import annotations

import json
import re
from io import BytesIO

import pytest
from sqlalchemy import select

from exporters.json_export import build_json
from models import Project, User
from models.exchange import (
    ExchangeError,
    export_document,
    import_document,
    parse_document,
    validate_document,
)
from tests.conftest import csrf_token
from tests.integration.exchange_data import build_portfolio, empty_database, row_counts


def without_time(data: bytes) -> bytes:
    return re.sub(rb'"exported_at": "[^"]*"', b'"exported_at": ""', data)


def small_document(key: str = "ny-satsning") -> dict:
    """A document that adds one department, one user and one project."""
    return {
        "format": "satsa/1",
        "organisation": {"name": "Annan kommun", "departments": [{"key": "kultur",
                                                                  "name": "Kultur"}],
                         "users": [{"email": "dana@example.se", "name": "Dana",
                                    "role": "project_leader"}]},
        "funds": [],
        "criteria": [],
        "projects": [{"key": key, "title": "Ny satsning på kultur", "departments": ["kultur"],
                      "leader": "dana@example.se"}],
    }


def test_export_then_import_into_an_empty_database_gives_the_identical_document(
    app, db, tmp_path
):
    build_portfolio(db)
    first = build_json(export_document(db))
    db.close()
    with empty_database(app, tmp_path) as fresh:
        assert row_counts(fresh)["project"] == 0
        summary = import_document(fresh, parse_document(first))
        fresh.commit()
        second = build_json(export_document(fresh))
    assert summary.projects == 2 and summary.users_created == 3 and summary.ledger_entries == 4
    assert summary.logic_models == 2 and summary.need_areas == 3
    assert summary.calls == 2 and summary.decisions == 2
    assert summary.not_imported == []
    assert without_time(second) == without_time(first)
    text = first.decode("utf-8")
    assert "Fallprevention för äldre" in text and "\\u00e4" not in text
    assert '"need_description": "=SUMMA(A1:A3) är inte en formel"' in text


def test_an_export_holds_the_added_keys_and_the_computed_values(db):
    build_portfolio(db)
    doc = export_document(db)
    assert validate_document(doc) == []
    assert [u["email"] for u in doc["organisation"]["users"]] == [
        "anna@example.se", "bo@example.se", "cilla@example.se"]
    assert "password" not in json.dumps(doc)
    fund = doc["funds"][0]
    assert fund["central_risk_share"] == "0.70"
    assert fund["capital"] == "20000000.00"
    assert fund["computed"] == {"allocated": "1500000.00", "disbursed": "500000.00",
                                "repaid": "35000.00", "available": "18535000.00"}
    assert [c["key"] for c in doc["criteria"]] == ["effekt", "behov", "laglig"]
    falls = next(p for p in doc["projects"] if p["key"] == "fallprevention")
    assert falls["departments"] == ["bun", "soc"]
    assert falls["members"] == ["bo@example.se", "cilla@example.se"]
    assert falls["budget_request"] == "1250000.50"
    # 100 × (0.75 × 3/4 + 0.25 × 4/5): the must-criterion is not weighted.
    assert falls["computed"]["weighted_score"] == "76.3"
    assert [c["to"] for c in falls["stage_history"]] == [
        "proposal", "prioritised", "approved", "running"]
    assert falls["stage_history"][2]["at"] == "2025-03-04T11:00:00Z"
    assert falls["stage_history"][2]["gate_override"] is True
    # The confirmation of design.groups, an item the data now decide, is not written.
    assert [c["item"] for c in falls["checklist_confirmations"]] == [
        "needs.anchored", "strategic.information"]
    # The core keys in the core order, then the added keys; computed last.
    assert list(falls)[10:16] == ["logic_model", "risks", "risk_scale", "stop_criteria",
                                  "evaluation_plan", "budget"]
    assert list(falls)[18:22] == ["price_year", "computed_economics", "results",
                                  "implementation_plan"]
    assert list(falls)[-5:] == ["organisation", "sensitivity", "follow_up", "evaluation",
                                "computed"]
    assert falls["logic_model"]["baseline"]["frozen_at"] == "2025-03-04T11:00:00Z"
    reading = next(p for p in doc["projects"] if p["key"] == "lasframjande")
    assert reading["computed"]["weighted_score"] is None


def test_a_one_project_export_holds_only_what_the_project_references(db):
    build_portfolio(db)
    doc = export_document(db, project_keys=["lasframjande"])
    assert validate_document(doc) == []
    assert [p["key"] for p in doc["projects"]] == ["lasframjande"]
    # The linked need area, and the department it names.
    assert [a["key"] for a in doc["need_areas"]] == ["lasforstaelse"]
    assert [d["key"] for d in doc["organisation"]["departments"]] == ["bun", "soc"]
    assert [u["email"] for u in doc["organisation"]["users"]] == [
        "anna@example.se", "bo@example.se"]
    # The fund of the project's call, without the ledger entries of other projects.
    assert [(f["key"], f["ledger"]) for f in doc["funds"]] == [("si-fond", [])]
    assert [c["key"] for c in doc["calls"]] == ["uppdrag-las"]
    with pytest.raises(LookupError):
        export_document(db, project_keys=["finns-inte"])


def test_a_bad_document_is_refused_and_nothing_is_stored(db):
    build_portfolio(db)
    before = row_counts(db)
    doc = small_document()
    doc["projects"].append({"key": "andra", "title": "Andra", "budget_request": "mycket"})
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    assert [str(e) for e in caught.value.errors] == [
        'projects[1].budget_request: must be a decimal number in a string, like "1250000.00"']
    assert row_counts(db) == before


def test_existing_keys_are_refused_with_their_paths(db):
    build_portfolio(db)
    before = row_counts(db)
    with pytest.raises(ExchangeError) as caught:
        import_document(db, export_document(db))
    db.rollback()
    paths = [e.path for e in caught.value.errors]
    assert paths == ["organisation.departments[0].key", "organisation.departments[1].key",
                     "funds[0].key", "criteria[0].key", "criteria[1].key", "criteria[2].key",
                     "need_areas[0].key", "need_areas[1].key", "need_areas[2].key",
                     "projects[0].key", "projects[1].key", "calls[0].key", "calls[1].key"]
    assert caught.value.errors[-3].text == "a project with key 'lasframjande' already exists"
    assert caught.value.errors[-1].text == "a call with key 'uppdrag-las' already exists"
    assert row_counts(db) == before


def test_an_import_reuses_existing_users_and_creates_the_others_without_password(db, make_user):
    existing = make_user("coordinator", email="dana@example.se", name="Dana Redan")
    summary = import_document(db, small_document())
    db.commit()
    assert (summary.users_reused, summary.users_created) == (1, 0)
    project = db.scalar(select(Project).where(Project.key == "ny-satsning"))
    assert project.leader_id == existing.id
    assert existing.name == "Dana Redan" and existing.role == "coordinator"
    doc = small_document("tredje")
    doc["organisation"]["departments"] = []
    doc["organisation"]["users"] = [{"email": "erik@example.se", "name": "Erik",
                                     "role": "viewer"}]
    doc["projects"][0].update(departments=[], leader="erik@example.se")
    import_document(db, doc)
    db.commit()
    erik = db.scalar(select(User).where(User.email == "erik@example.se"))
    assert not erik.has_password


def test_an_import_keeps_the_name_of_an_existing_organisation(db):
    build_portfolio(db)
    import_document(db, small_document())
    db.commit()
    assert export_document(db)["organisation"]["name"] == "Exempelkommun"


def test_the_command_line_exports_and_imports_json(runner, db, tmp_path):
    build_portfolio(db)
    db.commit()
    path = tmp_path / "portfolj.json"
    result = runner.invoke(args=["export-json", str(path)])
    assert result.exit_code == 0, result.output
    assert validate_document(json.loads(path.read_bytes())) == []
    result = runner.invoke(args=["export-json", "-", "--project", "fallprevention"])
    assert result.exit_code == 0, result.output
    assert [p["key"] for p in json.loads(result.stdout)["projects"]] == ["fallprevention"]
    result = runner.invoke(args=["export-json", "-", "--project", "saknas"])
    assert result.exit_code != 0 and "saknas" in result.output

    small = tmp_path / "small.json"
    small.write_bytes(build_json(small_document()))
    result = runner.invoke(args=["import-json", str(small)])
    assert result.exit_code == 0, result.output
    assert "Imported 1 projects" in result.output
    assert "0 budget lines and 0 benefit lines" in result.output
    db.expire_all()
    assert db.scalar(select(Project.title).where(Project.key == "ny-satsning")) == (
        "Ny satsning på kultur")


def test_the_command_line_lists_every_error_and_stores_nothing(runner, db, tmp_path):
    build_portfolio(db)
    before = row_counts(db)
    db.commit()
    path = tmp_path / "again.json"
    path.write_bytes(build_json(export_document(db)))
    result = runner.invoke(args=["import-json", str(path)])
    assert result.exit_code == 1
    assert "projects[1].key: a project with key 'lasframjande' already exists" in result.output
    assert "funds[0].key: a fund with key 'si-fond' already exists" in result.output
    path.write_text("inte json", encoding="utf-8")
    result = runner.invoke(args=["import-json", str(path)])
    assert result.exit_code == 1
    assert "not valid JSON" in result.output
    db.expire_all()
    assert row_counts(db) == before


def _token(client, path: str = "/exchange/") -> str:
    return csrf_token(client, path)


def _upload(client, data: bytes, token: str | None):
    form = {"file": (BytesIO(data), "satsa.json")}
    if token is not None:
        form["csrf_token"] = token
    return client.post("/exchange/import", data=form, content_type="multipart/form-data")


def test_a_coordinator_uploads_a_document_and_is_sent_to_the_portfolio(client, logged_in, db):
    logged_in("coordinator", locale="en")
    response = _upload(client, build_json(small_document()), _token(client))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/projects/")
    assert db.scalar(select(Project.key).where(Project.key == "ny-satsning")) == "ny-satsning"
    html = client.get("/projects/").get_data(as_text=True)
    assert "Imported 1 initiatives" in html
    assert "1 users created (without password)" in html


def test_a_bad_upload_lists_every_error_with_its_path_and_stores_nothing(client, logged_in, db):
    logged_in("coordinator")
    before = row_counts(db)
    doc = small_document()
    doc["projects"][0]["target_group"] = {"age_min": 20, "age_max": 10}
    doc["projects"][0]["title"] = "Anmäld av 19121212-1212"
    response = _upload(client, build_json(doc), _token(client))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<code>projects[0].target_group.age_max</code>" in html
    assert "<code>projects[0].title</code>" in html
    assert row_counts(db) == before


def test_an_upload_that_is_not_json_gets_a_clear_error(client, logged_in, db):
    logged_in("coordinator")
    response = _upload(client, b"\xff\xfe not json", _token(client))
    assert response.status_code == 400
    assert "<code>$</code>" in response.get_data(as_text=True)
    response = _upload(client, b'{"format": ', _token(client))
    assert response.status_code == 400
    assert "JSON" in response.get_data(as_text=True)


def test_an_upload_without_a_file_is_refused(client, logged_in):
    logged_in("coordinator")
    response = client.post("/exchange/import", data={"csrf_token": _token(client)},
                           content_type="multipart/form-data")
    assert response.status_code == 400


def test_an_upload_without_csrf_token_is_refused(client, logged_in, db):
    logged_in("coordinator")
    response = _upload(client, build_json(small_document()), None)
    assert response.status_code == 400
    assert db.scalar(select(Project.key).where(Project.key == "ny-satsning")) is None


def test_only_coordinators_import_and_export_the_portfolio(client, logged_in, db):
    logged_in("project_leader")
    response = _upload(client, build_json(small_document()), _token(client, "/projects/"))
    assert response.status_code == 403
    assert client.get("/exchange/").status_code == 403
    assert client.get("/exchange/export.json").status_code == 403
    assert db.scalar(select(Project.key).where(Project.key == "ny-satsning")) is None


def test_a_coordinator_downloads_the_portfolio_as_a_dated_attachment(client, logged_in, db):
    build_portfolio(db)
    logged_in("coordinator")
    page = client.get("/exchange/")
    assert page.status_code == 200
    response = client.get("/exchange/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert re.fullmatch(r'attachment; filename="satsa-\d{4}-\d{2}-\d{2}\.json"',
                        response.headers["Content-Disposition"])
    assert response.headers["Cache-Control"] == "no-store"
    doc = json.loads(response.data)
    assert validate_document(doc) == []
    assert len(doc["projects"]) == 2


def test_any_logged_in_user_downloads_one_projects_document(client, logged_in, db):
    ids = build_portfolio(db)
    assert client.get(f"/exchange/projects/{ids['falls']}.json").status_code == 302
    logged_in("viewer")
    response = client.get(f"/exchange/projects/{ids['falls']}.json")
    assert response.status_code == 200
    assert "satsa-fallprevention-" in response.headers["Content-Disposition"]
    doc = json.loads(response.data)
    assert [p["key"] for p in doc["projects"]] == ["fallprevention"]
    assert validate_document(doc) == []
    assert client.get("/exchange/projects/999999.json").status_code == 404


def test_the_demo_portfolio_survives_the_round_trip(app, db, tmp_path):
    from models.demo import seed_demo

    seed_demo(db)
    db.commit()
    first = build_json(export_document(db))
    db.close()
    with empty_database(app, tmp_path) as fresh:
        import_document(fresh, parse_document(first))
        fresh.commit()
        second = build_json(export_document(fresh))
    assert json.loads(first)["organisation"]["is_demo"] is True
    assert without_time(second) == without_time(first)
