"""The JSON file of an export: bytes, encoding, layout."""

from __future__ import annotations

import json

from exporters.json_export import build_json
from models.exchange.schema import LIFE_STAGES, PREVENTION_LEVELS


def test_build_json_writes_utf8_with_two_space_indent_and_a_final_newline():
    data = build_json({"format": "satsa/1", "organisation": {"name": "Åre kommun"}})
    assert data.endswith(b"}\n")
    assert data.decode("utf-8") == (
        '{\n  "format": "satsa/1",\n  "organisation": {\n    "name": "Åre kommun"\n  }\n}\n'
    )


def test_build_json_keeps_the_documents_key_order_and_user_text_as_is():
    doc = {"z": 1, "a": "=SUMMA(A1:A3)", "m": None}
    data = build_json(doc)
    assert list(json.loads(data)) == ["z", "a", "m"]
    assert json.loads(data)["a"] == "=SUMMA(A1:A3)"


def test_the_enumerations_match_the_labels_the_interface_shows():
    from models.domain.labels import LIFE_STAGE_LABELS, PREVENTION_LABELS

    assert set(LIFE_STAGES) == set(LIFE_STAGE_LABELS)
    assert set(PREVENTION_LEVELS) == set(PREVENTION_LABELS)


def _project_with_model():
    """A project and its logic model in memory (never stored)."""
    from decimal import Decimal

    from models.logic_model import LogicElement, LogicIndicator, LogicLink
    from models.project import Project

    project = Project(key="p", title="P")
    rows = {}
    for position, (key, level) in enumerate(
        (("g1", "long_term"), ("r1", "resource"), ("a1", "activity"), ("a2", "activity"))
    ):
        rows[key] = LogicElement(key=key, level=level, text=f"Text {key}", position=position,
                                 assumptions=" Första\n\nAndra ")
        project.logic_elements.append(rows[key])
    rows["a1"].indicators.append(LogicIndicator(
        key="i1", name="Tillfällen", kind="process", data_source="", position=0,
        baseline=Decimal("12.5000"), target=Decimal("80.0000"), unit="count"))
    for source, target in (("r1", "a1"), ("r1", "a2"), ("a2", "g1")):
        LogicLink(source=rows[source], target=rows[target])
    return project


def test_the_logic_model_is_written_in_canonical_order_and_form():
    from models.exchange.export import logic_model

    doc = logic_model(_project_with_model())
    assert list(doc) == ["elements", "links", "purpose", "baseline", "computed"]
    assert [e["key"] for e in doc["elements"]] == ["r1", "a1", "a2", "g1"]
    assert doc["links"] == [{"from": "r1", "to": "a1"}, {"from": "r1", "to": "a2"},
                            {"from": "a2", "to": "g1"}]
    a1 = doc["elements"][1]
    assert list(a1) == ["key", "level", "text", "indicators", "assumptions"]
    assert a1["assumptions"] == ["Första", "Andra"]
    indicator = a1["indicators"][0]
    assert list(indicator) == ["key", "name", "kind", "data_source", "unit", "baseline",
                               "target", "horizon_months", "data_source_kind", "data_level"]
    assert (indicator["baseline"], indicator["target"]) == ("12.5", "80")
    assert doc["purpose"] == "" and doc["baseline"] is None


def test_findings_are_computed_with_translated_messages():
    from models.domain.logic import FIXES
    from models.exchange.export import logic_model

    doc = logic_model(_project_with_model(), translate=lambda text: f"<{text}>")
    findings = doc["computed"]["findings"]
    assert all(list(f) == ["code", "severity", "element", "message", "related", "indicator"]
               for f in findings)
    by_code = {f["code"]: f for f in findings}
    skipped = by_code["skipped_level"]
    assert (skipped["severity"], skipped["element"], skipped["related"]) == (
        "warning", "a2", ["g1"])
    assert skipped["message"] == f"<{FIXES['skipped_level']}>"
    missing = by_code["missing_data_source"]
    assert (missing["element"], missing["indicator"]) == ("a1", "i1")
    # The default is the English text.
    english = logic_model(_project_with_model())["computed"]["findings"]
    assert english[0]["message"] == FIXES[english[0]["code"]]


def test_a_project_without_a_model_writes_the_empty_model():
    from models.exchange.export import logic_model
    from models.project import Project

    assert logic_model(Project(key="p", title="P")) == {
        "elements": [], "links": [], "purpose": "", "baseline": None,
        "computed": {"findings": []},
    }


def _need_area():
    """A need area with its evidence in memory (never stored), its parts out of order."""
    import json
    from datetime import datetime
    from decimal import Decimal

    from models.needs import (
        Breakdown,
        DataSource,
        FlowAnalysis,
        NeedArea,
        NeedIndicator,
        QualitativeSource,
        SesAnalysis,
        SesArea,
    )

    area = NeedArea(key="fallskador", title="Fallskador", description="", status="verified",
                    outcome="", target_group="", raised_by_kind=None, raised_by="")
    second = NeedIndicator(key="andra", name="Andra", position=1, unit="", source="",
                           comparison_label="", value=Decimal("0.5000"))
    first = NeedIndicator(key="forsta", name="Första", position=0, unit="%", year=2023,
                          value=Decimal("12.0000"), comparison_value=Decimal("-3.2500"),
                          source="SCB", comparison_label="Riket")
    first.breakdowns = [
        Breakdown(dimension="other", category="Övrigt", value=Decimal("1"), position=0),
        Breakdown(dimension="age", category="80+", value=Decimal("2"), position=1),
        Breakdown(dimension="sex", category="Män", value=Decimal("3"), position=1),
        Breakdown(dimension="age", category="65–79", value=Decimal("4"), position=0),
        Breakdown(dimension="sex", category="Kvinnor", value=Decimal("5.1000"), position=0),
    ]
    area.indicators = [second, first]
    area.data_sources = [DataSource(name="B", kind="other", position=1, holder="", level=None,
                                    legal_limits="", note=""),
                         DataSource(name="A", kind="register", position=0, holder="",
                                    level="aggregate", legal_limits="", note="")]
    area.qualitative_sources = [QualitativeSource(title="Intervjuer", method="interview",
                                                  position=0, participants="", summary="")]
    area.ses_analyses = [
        SesAnalysis(title="Senare", created_at=datetime(2025, 3, 1, 8, 0, 0, 500000),
                    name_property="name", outcome_label="", created_by="",
                    geojson='{"type":"FeatureCollection","features":[]}',
                    areas=[SesArea(area="Söder", position=1, education=Decimal("1"),
                                   employment=Decimal("2"), nordic_born=Decimal("3"),
                                   income=Decimal("4")),
                           SesArea(area="Norr", position=0, education=Decimal("1.2500"),
                                   employment=Decimal("2"), nordic_born=Decimal("3"),
                                   income=Decimal("4"), outcome=Decimal("0E-4"))]),
        SesAnalysis(title="Tidigare", created_at=datetime(2025, 2, 1, 8, 0, 0),
                    name_property="name", outcome_label="", created_by="", areas=[]),
    ]
    counts = {"transitions": [["hvb", "sis", 1]], "paths": [[["hvb", "sis"], 1]],
              "groups": [["from_family_or_emergency_home", 0, 0], ["from_hvb_or_sis", 1, 0],
                         ["via_no_placement", 0, 0]],
              "individuals": 1, "events": 2, "placements": 2, "replacements": 1,
              "replaced": 1, "open_care": 0}
    area.flow_analyses = [FlowAnalysis(title="Flöden", period="", created_by="",
                                       created_at=datetime(2025, 1, 1), counts=json.dumps(counts))]
    return area


def test_a_need_area_is_written_in_canonical_order_and_form():
    from models.exchange.export import need_area

    doc = need_area(_need_area())
    assert list(doc) == ["key", "title", "description", "status", "indicators", "outcome",
                         "target_group", "raised_by_kind", "raised_by", "department",
                         "data_sources", "qualitative_sources", "ses_analyses", "flow_analyses"]
    assert doc["department"] is None
    first, second = doc["indicators"]
    assert list(first) == ["key", "name", "unit", "year", "value", "comparison_value", "source",
                           "breakdowns", "comparison_label"]
    assert (first["key"], second["key"]) == ("forsta", "andra")
    assert (first["value"], first["comparison_value"], second["value"]) == ("12", "-3.25", "0.5")
    # By dimension in the order of the format (sex, age, ses, area, other), then by place.
    assert [(b["dimension"], b["category"], b["value"]) for b in first["breakdowns"]] == [
        ("sex", "Kvinnor", "5.1"), ("sex", "Män", "3"), ("age", "65–79", "4"),
        ("age", "80+", "2"), ("other", "Övrigt", "1")]
    assert [d["name"] for d in doc["data_sources"]] == ["A", "B"]
    assert list(doc["data_sources"][0]) == ["name", "kind", "holder", "level", "legal_limits",
                                            "note"]
    assert doc["qualitative_sources"] == [{"title": "Intervjuer", "method": "interview",
                                           "conducted_on": None, "participants": "",
                                           "summary": ""}]
    later, earlier = doc["ses_analyses"][1], doc["ses_analyses"][0]
    assert earlier["title"] == "Tidigare" and earlier["geojson"] is None
    assert list(later) == ["title", "year", "outcome_label", "name_property", "geojson",
                           "created_at", "created_by", "areas"]
    assert later["created_at"] == "2025-03-01T08:00:00Z"
    assert later["geojson"] == {"type": "FeatureCollection", "features": []}
    assert later["areas"] == [
        {"area": "Norr", "education": "1.25", "employment": "2", "nordic_born": "3",
         "income": "4", "outcome": "0"},
        {"area": "Söder", "education": "1", "employment": "2", "nordic_born": "3",
         "income": "4", "outcome": None},
    ]
    flow = doc["flow_analyses"][0]
    assert list(flow) == ["title", "period", "created_at", "created_by", "counts"]
    assert list(flow["counts"]) == sorted(flow["counts"])
    assert flow["counts"]["groups"][1] == ["from_hvb_or_sis", 1, 0]


def test_the_need_area_enumerations_match_the_labels_the_interface_shows():
    from models.domain.labels import (
        DIMENSION_LABELS,
        NEED_STATUS_LABELS,
        QUALITATIVE_METHOD_LABELS,
        RAISED_BY_LABELS,
        SOURCE_KIND_LABELS,
        SOURCE_LEVEL_LABELS,
    )
    from models.exchange import schema

    assert schema.NEED_STATUSES == tuple(NEED_STATUS_LABELS)
    assert schema.RAISED_BY_KINDS == tuple(RAISED_BY_LABELS)
    assert schema.DIMENSIONS == tuple(DIMENSION_LABELS)
    assert schema.SOURCE_KINDS == tuple(SOURCE_KIND_LABELS)
    assert schema.SOURCE_LEVELS == tuple(SOURCE_LEVEL_LABELS)
    assert schema.QUALITATIVE_METHODS == tuple(QUALITATIVE_METHOD_LABELS)
