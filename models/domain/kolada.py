"""Read key-figure values saved from Kolada, the Swedish municipal key-figure database.

Kolada (https://www.kolada.se) is run by RKA and has an open, read-only REST API at
``https://api.kolada.se``. A user downloads the answer of a data query, e.g.
``https://api.kolada.se/v3/data/kpi/N00945/municipality/0180/year/2022,2023``, and uploads the
JSON; this module turns it into plain values. It does no I/O: the caller decodes the JSON.

Versions and fields read, and where they are documented:

* **v2** — documented in the project README linked from Kolada's API page
  (https://github.com/Hypergene/kolada, README "Routes" and "Query data";
  https://www.kolada.se/om-oss/api/ points there). Every answer is an envelope
  ``{"values": [...], "count": <int>, "previous_page": <url>, "next_page": <url>}``, at most 5000
  items a page, the paging links optional. A data item is
  ``{"kpi": "<id>", "municipality": "<id>", "period": ..., "values": [{"count": <int>,
  "gender": ..., "status": "<string>", "value": <float> or null}]}`` with at most three entries in
  the inner list, one per gender.
* **v3** — released 2025-04-04; v2 stays for about six months after that
  (https://www.kolada.se/om-oss/api/, section "Om version 3", which also offers a Swagger UI).
  The data item keeps the same fields (``kpi``, ``municipality``, ``period``, ``values`` with
  ``gender``/``status``/``value``); the page link is called ``next_url`` — the v3 client rKolada
  pages on it and its mocked v3 answers have exactly this shape
  (https://github.com/LCHansson/rKolada, ``CLAUDE.md`` and ``tests/testthat/test-api-mocked.R``).
  The inner ``count`` may be absent there, so it is not read.

Tolerances, each for a reason:

* ``period`` is documented as a string in v2 but sent as a number; both are read (four digits).
* ``gender`` is ``T`` (total), ``K`` (*kvinnor*, women) or ``M`` (*män*, men). The v2 README writes
  ``T|K|F``; ``F`` (female) is read as ``K`` so that no value is lost to the typo.
* ``municipality_id`` is read when ``municipality`` is missing: clients such as rKolada rename
  the field when they save a table, and users upload such files.
* A ``null`` value (Kolada's way of saying "no value", often with a ``status``) is skipped and
  counted in :attr:`KoladaValues.skipped`; ``keep_missing=True`` keeps it with ``value=None``.
* Values of organisational units (``oudata`` queries, whose items have ``ou`` instead of
  ``municipality``) are refused: the needs analysis compares municipalities.

Municipality ``0000`` is the whole country (*Riket*); :func:`kolada_rows` uses it as the
comparison value when rows for one municipality are asked for.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from models.domain import N_

#: Kolada's code for Sweden as a whole, used as the comparison value.
NATIONAL = "0000"

GENDERS = {"T": "total", "K": "women", "M": "men"}
_GENDER_SPELLINGS = {"T": "T", "K": "K", "M": "M", "F": "K"}

#: At most this many problems are listed; the rest are counted.
MAX_ERRORS = 50


@dataclass(frozen=True)
class KoladaValue:
    """One value: a key figure for a municipality, a year and a gender."""

    kpi: str
    municipality: str
    period: int
    gender: str
    value: Decimal | None
    status: str = ""

    @property
    def gender_label(self) -> str:
        """``total``, ``women`` or ``men``."""
        return GENDERS[self.gender]


class KoladaValues(list):
    """The values read (a list of :class:`KoladaValue`) and what was left out.

    ``skipped`` counts the values that were ``null``; ``next_page`` is the link to a further page
    when the saved answer was only the first of several (the caller should say so).
    """

    def __init__(self, values: Iterable[KoladaValue] = (), *, skipped: int = 0,
                 next_page: str | None = None):
        super().__init__(values)
        self.skipped = skipped
        self.next_page = next_page


@dataclass(frozen=True)
class KoladaIssue:
    """One problem: where in the document (``values[3].period``) and what.

    ``message`` is an English msgid with ``%(name)s`` placeholders filled from ``params``; the
    params always hold ``path``.
    """

    path: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.message % dict(self.params)

    def __str__(self) -> str:
        return self.text


class KoladaFormatError(ValueError):
    """The document is not a Kolada data answer; ``errors`` lists every problem found."""

    def __init__(self, errors: list[KoladaIssue]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors

    @property
    def path(self) -> str:
        return self.errors[0].path

    @property
    def message(self) -> str:
        return self.errors[0].message

    @property
    def params(self) -> Mapping[str, Any]:
        return self.errors[0].params


class _Issues:
    def __init__(self) -> None:
        self.errors: list[KoladaIssue] = []
        self.more = 0

    def add(self, path: str, message: str, **params: Any) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(KoladaIssue(path, message, {"path": path, **params}))
        else:
            self.more += 1

    def raise_any(self) -> None:
        if not self.errors:
            return
        errors = list(self.errors)
        if self.more:
            errors.append(KoladaIssue("$", N_("and %(count)d more problems"),
                                      {"path": "$", "count": self.more}))
        raise KoladaFormatError(errors)


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _period(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        year = raw
    elif isinstance(raw, str) and len(raw.strip()) == 4 and raw.strip().isdigit():
        year = int(raw.strip())
    else:
        return None
    return year if 1900 <= year <= 2200 else None


def _number(raw: object) -> Decimal | None:
    """The value as a Decimal, or None when it is not a finite JSON number."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return None
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return None
        # repr gives the shortest text that reads back as the same float: 12.3, not 12.2999...
        return Decimal(repr(raw))
    return Decimal(raw)


def _text(item: Mapping[str, Any], key: str, path: str, issues: _Issues) -> str | None:
    raw = item.get(key)
    if raw is None:
        issues.add(f"{path}.{key}", N_("%(path)s: the field '%(field)s' is missing"), field=key)
        return None
    if not isinstance(raw, str) or not raw.strip():
        issues.add(f"{path}.{key}", N_("%(path)s: expected a code as text, found %(found)s"),
                   found=_type_name(raw) if not isinstance(raw, str) else "empty text")
        return None
    return raw.strip()


def parse_kolada(doc: object, *, keep_missing: bool = False) -> KoladaValues:
    """Return the values of a Kolada v2 or v3 data answer; raise KoladaFormatError otherwise.

    All or nothing: every problem is listed (up to :data:`MAX_ERRORS`) and nothing is returned
    when there is one. ``null`` values are skipped and counted unless ``keep_missing``.
    """
    issues = _Issues()
    if not isinstance(doc, dict):
        issues.add("$", N_("%(path)s: expected a Kolada answer (a JSON object with 'values'), "
                           "found %(found)s"), found=_type_name(doc))
        issues.raise_any()
    assert isinstance(doc, dict)
    items = doc.get("values")
    if not isinstance(items, list):
        if items is None:
            issues.add("$.values", N_("%(path)s: this is not a Kolada answer: the list "
                                      "'values' is missing"))
        else:
            issues.add("$.values", N_("%(path)s: expected a list, found %(found)s"),
                       found=_type_name(items))
        issues.raise_any()
    assert isinstance(items, list)

    next_page = doc.get("next_url") or doc.get("next_page")
    result = KoladaValues(next_page=next_page if isinstance(next_page, str) else None)
    seen: dict[tuple[str, str, int, str], str] = {}
    for i, item in enumerate(items):
        path = f"$.values[{i}]"
        if not isinstance(item, dict):
            issues.add(path, N_("%(path)s: expected an object, found %(found)s"),
                       found=_type_name(item))
            continue
        if "kpi" not in item and ("id" in item or "title" in item):
            issues.add(path, N_("%(path)s: this looks like Kolada metadata (a list of key "
                                "figures or municipalities), not values; download the data "
                                "query instead"))
            continue
        kpi = _text(item, "kpi", path, issues)
        if "municipality" not in item and "municipality_id" not in item and "ou" in item:
            issues.add(f"{path}.ou", N_("%(path)s: values for organisational units are not "
                                        "supported; download values per municipality"))
            municipality = None
        else:
            key = "municipality_id" if "municipality" not in item and "municipality_id" in item \
                else "municipality"
            municipality = _text(item, key, path, issues)
        period = _period(item.get("period"))
        if period is None:
            issues.add(f"{path}.period", N_("%(path)s: expected a year such as 2023, found "
                                            "%(found)s"), found=_describe(item.get("period")))
        inner = item.get("values")
        if not isinstance(inner, list):
            issues.add(f"{path}.values", N_("%(path)s: expected a list of values per gender, "
                                            "found %(found)s"), found=_type_name(inner))
            continue
        for j, entry in enumerate(inner):
            where = f"{path}.values[{j}]"
            if not isinstance(entry, dict):
                issues.add(where, N_("%(path)s: expected an object, found %(found)s"),
                           found=_type_name(entry))
                continue
            raw_gender = entry.get("gender")
            gender = _GENDER_SPELLINGS.get(raw_gender.strip().upper()) \
                if isinstance(raw_gender, str) else None
            if gender is None:
                issues.add(f"{where}.gender", N_("%(path)s: expected the gender T, K or M, "
                                                 "found %(found)s"),
                           found=_describe(raw_gender))
            status = entry.get("status")
            if status is not None and not isinstance(status, str):
                issues.add(f"{where}.status", N_("%(path)s: expected text, found %(found)s"),
                           found=_type_name(status))
                status = None
            if "value" not in entry:
                issues.add(f"{where}.value", N_("%(path)s: the field '%(field)s' is missing"),
                           field="value")
                continue
            raw_value = entry["value"]
            value = None if raw_value is None else _number(raw_value)
            if raw_value is not None and value is None:
                issues.add(f"{where}.value", N_("%(path)s: expected a number or null, found "
                                                "%(found)s"), found=_describe(raw_value))
                continue
            if kpi is None or municipality is None or period is None or gender is None:
                continue
            dup = (kpi, municipality, period, gender)
            if dup in seen:
                issues.add(where, N_("%(path)s: a second value for the same key figure, "
                                     "municipality, year and gender (the first is at "
                                     "%(first)s)"), first=seen[dup])
                continue
            seen[dup] = where
            if value is None:
                result.skipped += 1
                if not keep_missing:
                    continue
            result.append(KoladaValue(kpi, municipality, period, gender, value, status or ""))
    issues.raise_any()
    return result


def _describe(value: object) -> str:
    """A short, safe description of a found value for a message."""
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:20] + "…"
        return f"'{shown}'"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return _type_name(value)


def kolada_rows(values: Iterable[KoladaValue], municipality: str | None) -> list[dict[str, Any]]:
    """Map values to indicator rows, the shape the indicator upload gives.

    Each row has ``name`` (the KPI id), ``year``, ``value``, ``unit`` (None: the data answer
    has none), ``source`` ("Kolada"), ``comparison_value``, ``dimension``, ``category`` and
    ``municipality``. The total (gender ``T``) is the main row (no dimension); women and men
    become breakdown rows with dimension ``sex`` and category ``women``/``men``.

    With ``municipality`` given, only its values are kept and the national value (``0000``) of
    the same key figure, year and gender becomes the comparison value. Without it every
    municipality's values are returned, each row naming its municipality.
    """
    values = [v for v in values if v.value is not None]
    national: dict[tuple[str, int, str], Decimal] = {}
    if municipality is not None and municipality != NATIONAL:
        national = {(v.kpi, v.period, v.gender): v.value for v in values
                    if v.municipality == NATIONAL and v.value is not None}
        values = [v for v in values if v.municipality == municipality]
    elif municipality is not None:
        values = [v for v in values if v.municipality == municipality]
    order = {"T": 0, "K": 1, "M": 2}
    values.sort(key=lambda v: (v.municipality, v.kpi, v.period, order[v.gender]))
    rows = []
    for v in values:
        breakdown = v.gender != "T"
        rows.append({
            "name": v.kpi,
            "year": v.period,
            "value": v.value,
            "unit": None,
            "source": "Kolada",
            "comparison_value": national.get((v.kpi, v.period, v.gender)),
            "dimension": "sex" if breakdown else None,
            "category": GENDERS[v.gender] if breakdown else None,
            "municipality": v.municipality,
        })
    return rows


__all__ = [
    "GENDERS",
    "MAX_ERRORS",
    "NATIONAL",
    "KoladaFormatError",
    "KoladaIssue",
    "KoladaValue",
    "KoladaValues",
    "kolada_rows",
    "parse_kolada",
]
