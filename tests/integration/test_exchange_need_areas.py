"""Need areas in the satsa/1 exchange: round trip, chosen projects, refusals."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from exporters.json_export import build_json
from models import AuditEntry, FlowAnalysis, NeedArea, Project, SesAnalysis
from models.domain.flows import analyse_flows
from models.domain.ses import AreaInput, compute_ses
from models.exchange import (
    ExchangeError,
    export_document,
    import_document,
    parse_document,
    validate_document,
)
from models.need_areas import flow_from_json, flow_to_json, geojson_text
from tests.integration.exchange_data import (
    FLOW_EVENTS,
    GEOJSON,
    build_portfolio,
    empty_database,
    row_counts,
)
from tests.integration.test_exchange import small_document, without_time

NEED_TABLES = ("need_area", "need_indicator", "indicator_breakdown", "need_data_source",
               "need_qualitative_source", "ses_analysis", "ses_area", "flow_analysis",
               "project_need_area")


def needs_document() -> dict:
    """A document of one project linked to a need area with an indicator and its breakdowns."""
    doc = small_document()
    doc["need_areas"] = [{
        "key": "placerade-unga", "title": "Placerade unga", "department": "kultur",
        "indicators": [{"key": "hvb", "name": "Placeringar i HVB", "value": "12.5",
                        "breakdowns": [{"dimension": "sex", "category": "Flickor",
                                        "value": "7"},
                                       {"dimension": "sex", "category": "Pojkar",
                                        "value": "5.5"}]}],
        "qualitative_sources": [{"title": "Samtal med socialsekreterare",
                                 "summary": "Många placeras akut."}],
    }]
    doc["projects"][0]["need_areas"] = ["placerade-unga"]
    return doc


def _area(session, key: str) -> NeedArea:
    return session.scalar(select(NeedArea).where(NeedArea.key == key))


def test_the_round_trip_restores_every_need_area_exactly(app, db, tmp_path):
    build_portfolio(db)
    first = build_json(export_document(db))
    db.close()
    with empty_database(app, tmp_path) as fresh:
        summary = import_document(fresh, parse_document(first))
        fresh.commit()
        second = build_json(export_document(fresh))
        fresh.expire_all()
        injuries = _area(fresh, "fallskador")
        assert injuries.department.key == "soc" and injuries.raised_by_kind == "department"
        assert sorted(p.key for p in injuries.projects) == ["fallprevention"]
        assert sorted(p.key for p in _area(fresh, "lasforstaelse").projects) == [
            "fallprevention", "lasframjande"]
        assert _area(fresh, "ensamhet").projects == []
        indicator = injuries.indicators[0]
        assert sorted((b.dimension, b.category, b.position) for b in indicator.breakdowns) == [
            ("age", "65–79 år", 0), ("age", "80 år och äldre", 1), ("area", "Södermalm", 0),
            ("sex", "Kvinnor", 0), ("sex", "Män", 1)]
        assert indicator.value == Decimal("23.45")
        ses = injuries.ses_analyses[0]
        # The texts are stored as the pages store them, so the pages read them back.
        assert ses.geojson == geojson_text(GEOJSON)
        assert ses.created_at == datetime(2025, 2, 1, 9, 30, 15)
        flow = injuries.flow_analyses[0]
        assert flow.counts == flow_to_json(analyse_flows(FLOW_EVENTS))
        assert flow_from_json(flow.counts) == analyse_flows(FLOW_EVENTS)
        compute_ses([AreaInput(a.area, a.education, a.employment, a.nordic_born, a.income,
                               a.outcome) for a in ses.areas])
    assert summary.need_areas == 3 and summary.not_imported == []
    assert without_time(second) == without_time(first)


def test_the_export_lists_need_areas_by_key_and_each_projects_links(db):
    build_portfolio(db)
    doc = export_document(db)
    assert [a["key"] for a in doc["need_areas"]] == ["ensamhet", "fallskador", "lasforstaelse"]
    projects = {p["key"]: p for p in doc["projects"]}
    assert projects["fallprevention"]["need_areas"] == ["fallskador", "lasforstaelse"]
    assert projects["lasframjande"]["need_areas"] == ["lasforstaelse"]
    injuries = doc["need_areas"][1]
    assert [a["title"] for a in injuries["ses_analyses"]] == ["Index per stadsdel", "Utan karta"]
    assert injuries["ses_analyses"][0]["geojson"] == GEOJSON
    assert injuries["ses_analyses"][0]["created_at"] == "2025-02-01T09:30:15Z"
    assert injuries["ses_analyses"][1]["areas"][1]["income"] == "9999999999.9999"
    assert injuries["flow_analyses"][0]["counts"] == json.loads(
        flow_to_json(analyse_flows(FLOW_EVENTS)))
    assert injuries["qualitative_sources"][0]["summary"].count("\n") == 1


@pytest.mark.parametrize(("keys", "areas", "departments"), [
    (["lasframjande"], ["lasforstaelse"], ["bun", "soc"]),
    (["fallprevention"], ["fallskador", "lasforstaelse"], ["bun", "soc"]),
])
def test_a_chosen_projects_export_holds_only_the_need_areas_they_link_to(
    app, db, tmp_path, keys, areas, departments
):
    build_portfolio(db)
    doc = export_document(db, project_keys=keys)
    assert validate_document(doc) == []
    assert [a["key"] for a in doc["need_areas"]] == areas
    assert [d["key"] for d in doc["organisation"]["departments"]] == departments
    first = build_json(doc)
    db.close()
    with empty_database(app, tmp_path) as fresh:
        import_document(fresh, parse_document(first))
        fresh.commit()
        second = build_json(export_document(fresh))
    assert without_time(second) == without_time(first)


def test_a_project_without_need_areas_exports_none(db):
    build_portfolio(db)
    import_document(db, small_document("utan-behov"))
    db.commit()
    doc = export_document(db, project_keys=["utan-behov"])
    assert doc["need_areas"] == [] and doc["projects"][0]["need_areas"] == []


def test_an_import_stores_need_areas_with_defaults_and_links_the_projects(db):
    summary = import_document(db, needs_document())
    db.commit()
    area = _area(db, "placerade-unga")
    assert summary.need_areas == 1
    assert (area.status, area.raised_by_kind, area.description) == ("raised", None, "")
    assert area.department.key == "kultur"
    assert [p.key for p in area.projects] == ["ny-satsning"]
    assert [(b.category, b.value, b.position) for b in area.indicators[0].breakdowns] == [
        ("Flickor", Decimal("7"), 0), ("Pojkar", Decimal("5.5"), 1)]
    assert area.qualitative_sources[0].method == "interview"
    # Written to the audit log like every other row the import adds.
    logged = set(db.scalars(select(AuditEntry.entity).where(AuditEntry.action == "create")))
    assert {"need_area", "need_indicator", "indicator_breakdown"} <= logged


def test_analyses_without_a_time_get_the_time_of_the_import(db):
    doc = needs_document()
    doc["need_areas"][0]["ses_analyses"] = [{
        "title": "Index", "areas": [
            {"area": "Norr", "education": "1", "employment": "2", "nordic_born": "3",
             "income": "4"},
            {"area": "Söder", "education": "2", "employment": "1", "nordic_born": "3",
             "income": "5"}]}]
    counts = json.loads(flow_to_json(analyse_flows(FLOW_EVENTS)))
    doc["need_areas"][0]["flow_analyses"] = [{
        "title": "Flöden", "counts": {**counts, "computed": {"shares": "ignored"}}}]
    import_document(db, doc)
    db.commit()
    ses = db.scalar(select(SesAnalysis))
    flow = db.scalar(select(FlowAnalysis))
    assert ses.created_at is not None and flow.created_at is not None
    assert (ses.name_property, ses.geojson, ses.created_by) == ("name", None, "")
    # The counts are stored as a flow analysis stores them, without the ignored section.
    assert flow.counts == flow_to_json(analyse_flows(FLOW_EVENTS))


def test_one_bad_breakdown_refuses_the_whole_document(db):
    build_portfolio(db)
    before = row_counts(db)
    doc = needs_document()
    doc["need_areas"][0]["indicators"][0]["breakdowns"][1]["value"] = "5,5"
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    assert [str(e) for e in caught.value.errors] == [
        'need_areas[0].indicators[0].breakdowns[1].value: must be a decimal number in a string, '
        'like "1250000.00"']
    assert row_counts(db) == before
    assert db.scalar(select(Project).where(Project.key == "ny-satsning")) is None


def test_an_existing_need_area_key_is_refused(db):
    build_portfolio(db)
    before = row_counts(db)
    doc = needs_document()
    doc["need_areas"][0]["key"] = "ensamhet"
    doc["projects"][0]["need_areas"] = ["ensamhet"]
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    assert [str(e) for e in caught.value.errors] == [
        "need_areas[0].key: a need area with key 'ensamhet' already exists"]
    assert row_counts(db) == before


def test_a_personnummer_in_a_qualitative_summary_is_refused_and_nothing_is_stored(db):
    before = row_counts(db)
    doc = needs_document()
    doc["need_areas"][0]["qualitative_sources"][0]["summary"] = (
        "Samtal om 19121212-1212, som placerades akut.")
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    assert [e.path for e in caught.value.errors] == [
        "need_areas[0].qualitative_sources[0].summary"]
    assert "1212" not in str(caught.value)
    assert row_counts(db) == before
    assert all(before[table] == 0 for table in NEED_TABLES)


def test_a_project_linked_to_an_unknown_need_area_is_refused(db):
    doc = needs_document()
    doc["projects"][0]["need_areas"] = ["placerade-unga", "okand"]
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    assert [str(e) for e in caught.value.errors] == [
        "projects[0].need_areas[1]: no need area has the key 'okand'"]
    assert db.scalar(select(NeedArea.id)) is None
