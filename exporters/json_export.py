"""The satsa/1 document as a file: UTF-8, two-space indentation, a final newline."""

from __future__ import annotations

import json
from typing import Any


def build_json(doc: dict[str, Any]) -> bytes:
    """Return ``doc`` as UTF-8 JSON bytes, keys in the document's own (stable) order."""
    text = json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")
