"""The JSON file of an export: bytes, encoding, layout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from exporters.json_export import build_json
from models.exchange.schema import LIFE_STAGES, PREVENTION_LEVELS

ROOT = Path(__file__).resolve().parents[2]


def _imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(','.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return {name.split(".")[0] for name in out.strip().split(",")}


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


def test_the_json_exporter_imports_neither_flask_nor_sqlalchemy():
    assert not {"flask", "sqlalchemy", "webapp"} & _imported_after("import exporters.json_export")


def test_the_exchange_and_backup_modules_do_not_import_flask():
    modules = _imported_after("import models.exchange, models.backup")
    assert "flask" not in modules
    assert "webapp" not in modules


def test_the_enumerations_match_the_labels_the_interface_shows():
    from webapp.formatting import LIFE_STAGE_LABELS, PREVENTION_LABELS

    assert set(LIFE_STAGES) == set(LIFE_STAGE_LABELS)
    assert set(PREVENTION_LEVELS) == set(PREVENTION_LABELS)
