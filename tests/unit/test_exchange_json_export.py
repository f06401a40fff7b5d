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
