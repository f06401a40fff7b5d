"""Read the bytes of an uploaded document as strict JSON."""

from __future__ import annotations

import json
from typing import Any

from models.domain import N_
from models.exchange.errors import ExchangeError, ValidationError


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _DuplicateKey(ValueError):
    pass


def parse_document(data: bytes) -> Any:
    """Return the JSON value in ``data``; raise ExchangeError when it is not UTF-8 JSON."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExchangeError([ValidationError(
            "$", N_("the file is not UTF-8 text (byte %(offset)d)"), {"offset": exc.start}
        )]) from exc
    try:
        # NaN and Infinity are not JSON; a key given twice would silently lose a value.
        return json.loads(text, parse_constant=_refuse_constant,
                          object_pairs_hook=_no_duplicate_keys)
    except _DuplicateKey as exc:
        raise ExchangeError([ValidationError(
            "$", N_("the key '%(key)s' appears twice in one object"), {"key": str(exc)}
        )]) from exc
    except json.JSONDecodeError as exc:
        raise ExchangeError([ValidationError(
            "$", N_("the file is not valid JSON (line %(line)d, column %(column)d: %(reason)s)"),
            {"line": exc.lineno, "column": exc.colno, "reason": exc.msg},
        )]) from exc
    except (ValueError, RecursionError) as exc:
        raise ExchangeError([ValidationError("$", N_("the file is not valid JSON"))]) from exc
