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
