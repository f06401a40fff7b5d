"""The logic model in the satsa/1 exchange: round trip, baseline, computed findings, refusals."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from exporters.json_export import build_json
from models import Project
from models.domain.logic import FIXES
from models.exchange import ExchangeError, export_document, import_document, parse_document
from models.logic_model import LogicElement, LogicModel
from models.logic_models import baseline, to_domain
from tests.integration.exchange_data import (
    FALLS_MODEL,
    build_portfolio,
    empty_database,
    row_counts,
)
from tests.integration.test_exchange import small_document, without_time

HOSTILE = "=cmd|' /C calc'!A0"
SCRIPT = "<script>alert('x')</script>"


def modelled_document(key: str = "ny-satsning") -> dict:
    """A document of one project with a small detailed model and a baseline."""
    doc = small_document(key)
    elements = [
        {"key": "r1", "level": "resource", "text": "Personal"},
        {"key": "a1", "level": "activity", "text": "Träning",
         "indicators": [{"key": "i1", "name": "Tillfällen", "kind": "process",
                         "data_source": "Närvaro", "unit": "count", "baseline": "0.50",
                         "target": "12"}],
         "assumptions": ["  Lokaler finns  "]},
        {"key": "s1", "level": "short_term", "text": "Bättre balans"},
        {"key": "g1", "level": "long_term", "text": "Färre fall"},
    ]
    links = [{"from": "r1", "to": "a1"}, {"from": "a1", "to": "s1"}, {"from": "s1", "to": "g1"},
             {"from": "a1", "to": "g1"}]
    doc["projects"][0]["logic_model"] = {
        "elements": elements, "links": links, "purpose": "Färre fall",
        "baseline": {"frozen_at": "2025-06-01T08:30:00Z", "frozen_by": "dana@example.se",
                     "elements": copy.deepcopy(elements[:2]), "links": [links[0]]},
    }
    return doc


def _project(session, key: str) -> Project:
    return session.scalar(select(Project).where(Project.key == key))


def test_the_round_trip_restores_the_models_and_the_baseline_exactly(app, db, tmp_path):
    build_portfolio(db)
    original = db.scalar(select(LogicModel).join(Project).where(Project.key == "fallprevention"))
    frozen = (original.baseline, original.baseline_at, original.baseline_by)
    first = build_json(export_document(db))
    db.close()
    with empty_database(app, tmp_path) as fresh:
        summary = import_document(fresh, parse_document(first))
        fresh.commit()
        second = build_json(export_document(fresh))
        restored = fresh.scalar(
            select(LogicModel).join(Project).where(Project.key == "fallprevention"))
        assert (restored.baseline, restored.baseline_at, restored.baseline_by) == frozen
        assert baseline(_project(fresh, "fallprevention")) == FALLS_MODEL
        reading = _project(fresh, "lasframjande")
        assert [e.key for e in to_domain(reading).elements] == ["r1", "a1", "s1", "g1"]
        assert reading.logic_model.baseline is None
    assert summary.logic_models == 2 and summary.not_imported == []
    assert without_time(second) == without_time(first)


def test_the_export_holds_the_model_its_baseline_and_its_findings(db):
    build_portfolio(db)
    projects = {p["key"]: p for p in export_document(db)["projects"]}
    falls = projects["fallprevention"]["logic_model"]
    assert list(falls) == ["elements", "links", "purpose", "baseline", "computed"]
    assert [e["key"] for e in falls["elements"]] == ["r1", "r2", "a1", "a2", "a3", "s1", "g1"]
    assert falls["elements"][6]["indicators"][0]["baseline"] == "23.0001"
    s1 = falls["elements"][5]["indicators"][0]
    assert (s1["baseline"], s1["target"]) == ("41.75", "46")
    assert falls["baseline"]["frozen_at"] == "2025-03-04T11:00:00Z"
    assert falls["baseline"]["frozen_by"] == "anna@example.se"
    assert falls["baseline"]["elements"][4]["indicators"][0]["target"] == "45.5"
    assert "a3" not in [e["key"] for e in falls["baseline"]["elements"]]
    codes = [(f["code"], f["element"]) for f in falls["computed"]["findings"]]
    assert ("skipped_level", "a2") in codes and ("isolated_element", "a3") in codes
    reading = projects["lasframjande"]["logic_model"]
    assert all(e["indicators"] == [] for e in reading["elements"])
    assert reading["computed"]["findings"] == [] and reading["baseline"] is None


def test_the_messages_of_the_findings_follow_the_translation_given(db):
    build_portfolio(db)
    doc = export_document(db, project_keys=["fallprevention"], translate=str.upper)
    findings = doc["projects"][0]["logic_model"]["computed"]["findings"]
    assert findings and all(f["message"] == FIXES[f["code"]].upper() for f in findings)


def test_a_project_without_a_model_exports_the_empty_model(db):
    import_document(db, small_document())
    db.commit()
    doc = export_document(db)
    assert doc["projects"][0]["logic_model"] == {
        "elements": [], "links": [], "purpose": "", "baseline": None,
        "computed": {"findings": []},
    }
    assert db.scalar(select(LogicModel.id)) is None


def test_an_imported_model_is_stored_with_its_baseline(db):
    summary = import_document(db, modelled_document())
    db.commit()
    assert summary.logic_models == 1 and summary.not_imported == []
    project = _project(db, "ny-satsning")
    model = to_domain(project)
    # Links come in the order of their source, then by target key.
    assert [(link.source, link.target) for link in model.links] == [
        ("r1", "a1"), ("a1", "g1"), ("a1", "s1"), ("s1", "g1")]
    # Surrounding spaces of an assumption are not kept (assumptions are stored one per line).
    assert model.element("a1").assumptions == ("Lokaler finns",)
    exported = export_document(db)["projects"][0]["logic_model"]
    assert exported["elements"][1]["indicators"][0]["baseline"] == "0.5"
    assert exported["baseline"]["frozen_by"] == "dana@example.se"
    assert [e["key"] for e in exported["baseline"]["elements"]] == ["r1", "a1"]
    assert exported["baseline"]["purpose"] == ""
    # The link a1 → g1 skips a level, and the outcomes have no outcome indicator.
    assert [(f["code"], f["element"], f["related"])
            for f in exported["computed"]["findings"]] == [
        ("skipped_level", "a1", ["g1"]), ("missing_indicator", "s1", []),
        ("missing_indicator", "g1", [])]


def test_computed_findings_in_a_document_are_ignored(db):
    doc = modelled_document()
    doc["projects"][0]["logic_model"]["computed"] = {
        "findings": [{"code": "invented", "severity": "fatal", "element": "zz"}],
        "anything": "else",
    }
    import_document(db, doc)
    db.commit()
    findings = export_document(db)["projects"][0]["logic_model"]["computed"]["findings"]
    assert [f["code"] for f in findings] == [
        "skipped_level", "missing_indicator", "missing_indicator"]


def test_a_model_of_only_a_purpose_or_a_baseline_is_stored(db):
    doc = small_document()
    doc["projects"][0]["logic_model"] = {"purpose": "Syftet"}
    second = small_document("andra")
    second["organisation"] = {"name": "", "departments": [], "users": []}
    second["projects"][0].update(departments=[], leader=None, logic_model={
        "baseline": {"frozen_at": None, "elements": [
            {"key": "r1", "level": "resource", "text": "Personal"}]},
    })
    import_document(db, doc)
    import_document(db, second)
    db.commit()
    exported = {p["key"]: p["logic_model"] for p in export_document(db)["projects"]}
    assert exported["ny-satsning"]["purpose"] == "Syftet"
    assert exported["ny-satsning"]["baseline"] is None
    assert exported["andra"]["elements"] == []
    assert exported["andra"]["baseline"]["frozen_at"] is None
    assert [e["key"] for e in exported["andra"]["baseline"]["elements"]] == ["r1"]


def test_one_bad_link_refuses_the_whole_document(db):
    build_portfolio(db)
    before = row_counts(db)
    doc = modelled_document()
    good = copy.deepcopy(doc["projects"][0])
    good.update(key="forsta")
    doc["projects"].insert(0, good)
    doc["projects"][1]["logic_model"]["links"][3]["to"] = "x"
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    assert [str(e) for e in caught.value.errors] == [
        "projects[1].logic_model.links[3].to: no element has the key 'x'"]
    assert row_counts(db) == before
    assert db.scalar(select(Project.id).where(Project.key == "forsta")) is None


def test_hostile_text_round_trips_unchanged(db):
    doc = modelled_document()
    model = doc["projects"][0]["logic_model"]
    model["purpose"] = SCRIPT
    model["elements"][0]["text"] = HOSTILE
    model["elements"][1]["assumptions"] = [SCRIPT, HOSTILE]
    model["elements"][1]["indicators"][0].update(name=HOSTILE, data_source=SCRIPT)
    model["baseline"]["elements"][0]["text"] = SCRIPT
    import_document(db, doc)
    db.commit()
    exported = export_document(db)["projects"][0]["logic_model"]
    assert exported["purpose"] == SCRIPT
    assert exported["elements"][0]["text"] == HOSTILE
    assert exported["elements"][1]["assumptions"] == [SCRIPT, HOSTILE]
    indicator = exported["elements"][1]["indicators"][0]
    assert (indicator["name"], indicator["data_source"]) == (HOSTILE, SCRIPT)
    assert exported["baseline"]["elements"][0]["text"] == SCRIPT
    assert HOSTILE in build_json(export_document(db)).decode("utf-8")


def test_a_personal_identity_number_in_an_element_text_is_refused(db):
    doc = modelled_document()
    doc["projects"][0]["logic_model"]["elements"][2]["text"] = "Gäller 19121212-1212"
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    assert [e.path for e in caught.value.errors] == ["projects[0].logic_model.elements[2].text"]
    assert "1212" not in caught.value.errors[0].text
    assert db.scalar(select(LogicElement.id)) is None
