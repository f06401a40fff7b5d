"""Operations on need areas and their evidence. Functions flush, never commit."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import networkx as nx
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models.base import utcnow
from models.domain.flows import (
    GROUPS,
    FlowResult,
    PathCount,
    ReplacementGroup,
    Transition,
    share,
)
from models.domain.keys import unique_key
from models.needs import (
    Breakdown,
    NeedArea,
    NeedIndicator,
    PendingImport,
)
from models.project import Project

#: A preview that is not confirmed within this time is dropped.
PENDING_LIFETIME = timedelta(hours=12)


def new_need_area_key(session: Session, title: str) -> str:
    return unique_key(title, set(session.scalars(select(NeedArea.key))))


def new_indicator_key(area: NeedArea, name: str) -> str:
    return unique_key(name, {i.key for i in area.indicators})


def needs_verified(project: Project) -> bool:
    """The checklist's "needs identified and verified by data": a linked need area that is
    verified or anchored and has quantitative (an indicator value) or qualitative evidence."""
    for area in project.need_areas:
        if area.status not in ("verified", "anchored"):
            continue
        if any(i.value is not None for i in area.indicators) or area.qualitative_sources:
            return True
    return False


def add_indicator(area: NeedArea, **values: Any) -> NeedIndicator:
    indicator = NeedIndicator(key=new_indicator_key(area, values["name"]),
                              position=len(area.indicators), **values)
    area.indicators.append(indicator)
    return indicator


def set_breakdown(indicator: NeedIndicator, dimension: str, category: str,
                  value: Decimal) -> Breakdown:
    """Add the category's value, or replace it when the category is there already."""
    for breakdown in indicator.breakdowns:
        if breakdown.dimension == dimension and breakdown.category.casefold() == \
                category.casefold():
            breakdown.value = value
            return breakdown
    breakdown = Breakdown(dimension=dimension, category=category, value=value,
                          position=sum(b.dimension == dimension for b in indicator.breakdowns))
    indicator.breakdowns.append(breakdown)
    return breakdown


# --- importing indicator values ---------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    """One row of an indicator table (or one Kolada value): a main value or a breakdown."""

    row: int | None
    name: str
    year: int | None
    value: Decimal | None
    unit: str = ""
    source: str = ""
    comparison_value: Decimal | None = None
    comparison_label: str = ""
    dimension: str | None = None
    category: str = ""


@dataclass(frozen=True)
class PlannedIndicator:
    """What an import does to one indicator, for the preview."""

    name: str
    exists: bool
    year: int | None
    value: Decimal | None
    unit: str
    source: str
    comparison_value: Decimal | None
    comparison_label: str
    breakdowns: tuple[tuple[str, str, Decimal], ...]
    #: Rows left out because a later year of the same indicator is in the file.
    older_rows: tuple[int | None, ...]


def plan_indicator_import(area: NeedArea, rows: Sequence[IndicatorRow]) -> list[PlannedIndicator]:
    """Group the rows per indicator; keep the latest year of each (older years are listed)."""
    by_name: dict[str, list[IndicatorRow]] = {}
    for row in rows:
        by_name.setdefault(row.name.strip().casefold(), []).append(row)
    existing = {i.name.strip().casefold() for i in area.indicators}
    planned = []
    for key, group in by_name.items():
        years = [r.year for r in group if r.year is not None]
        latest = max(years) if years else None
        current = [r for r in group if r.year == latest or r.year is None]
        older = tuple(r.row for r in group if r not in current)
        main = next((r for r in current if r.dimension is None), None)
        first = main or current[0]
        breakdowns: dict[tuple[str, str], Decimal] = {}
        for r in current:
            if r.dimension is not None and r.value is not None:
                breakdowns[(r.dimension, r.category)] = r.value
        planned.append(PlannedIndicator(
            name=first.name.strip(), exists=key in existing, year=latest,
            value=main.value if main else None, unit=first.unit, source=first.source,
            comparison_value=main.comparison_value if main else None,
            comparison_label=main.comparison_label if main else "",
            breakdowns=tuple((d, c, v) for (d, c), v in breakdowns.items()), older_rows=older,
        ))
    return planned


def apply_indicator_import(area: NeedArea, planned: Iterable[PlannedIndicator]) -> int:
    """Create or update the indicators; return how many were touched."""
    by_name = {i.name.strip().casefold(): i for i in area.indicators}
    count = 0
    for plan in planned:
        indicator = by_name.get(plan.name.casefold())
        if indicator is None:
            indicator = add_indicator(area, name=plan.name)
            by_name[plan.name.casefold()] = indicator
        if plan.year is not None:
            indicator.year = plan.year
        if plan.value is not None:
            indicator.value = plan.value
        if plan.unit:
            indicator.unit = plan.unit
        if plan.source:
            indicator.source = plan.source
        if plan.comparison_value is not None:
            indicator.comparison_value = plan.comparison_value
            indicator.comparison_label = plan.comparison_label or indicator.comparison_label
        for dimension, category, value in plan.breakdowns:
            set_breakdown(indicator, dimension, category, value)
        count += 1
    return count


# --- pending imports (preview, then confirm) --------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    raise TypeError(type(value))


def _json_hook(obj: dict) -> Any:
    if set(obj) == {"$decimal"}:
        return Decimal(obj["$decimal"])
    return obj


def keep_pending(session: Session, area: NeedArea, *, kind: str, user_id: int, filename: str,
                 payload: Any) -> PendingImport:
    """Keep a parsed upload until it is confirmed; drop expired ones on the way."""
    session.execute(delete(PendingImport).where(
        PendingImport.created_at < utcnow() - PENDING_LIFETIME))
    pending = PendingImport(
        token=secrets.token_urlsafe(24), kind=kind, need_area_id=area.id, user_id=user_id,
        filename=filename[:255], payload=json.dumps(payload, default=_json_default),
    )
    session.add(pending)
    session.flush()
    return pending


def _find_pending(session: Session, area: NeedArea, token: str, kind: str,
                  user_id: int) -> PendingImport | None:
    return session.scalar(select(PendingImport).where(
        PendingImport.token == token, PendingImport.kind == kind,
        PendingImport.need_area_id == area.id, PendingImport.user_id == user_id,
        PendingImport.created_at >= utcnow() - PENDING_LIFETIME))


def peek_pending(session: Session, area: NeedArea, *, token: str, kind: str,
                 user_id: int) -> tuple[PendingImport, Any] | None:
    """Return the user's pending upload and its payload (for the preview); None when gone."""
    pending = _find_pending(session, area, token, kind, user_id)
    if pending is None:
        return None
    return pending, json.loads(pending.payload, object_hook=_json_hook)


def take_pending(session: Session, area: NeedArea, *, token: str, kind: str,
                 user_id: int) -> Any | None:
    """Return the payload of the user's pending upload and forget it; None when it is gone."""
    found = peek_pending(session, area, token=token, kind=kind, user_id=user_id)
    if found is None:
        return None
    pending, payload = found
    session.delete(pending)
    session.flush()
    return payload


# --- flow analyses: only the counts are kept ------------------------------------------------


def flow_to_json(result: FlowResult) -> str:
    """The aggregated result of a flow analysis as JSON text (no individual events)."""
    return json.dumps({
        "individuals": result.individuals, "events": result.events,
        "placements": result.placements, "replacements": result.replacements,
        "replaced": result.replaced, "open_care": result.open_care,
        "transitions": [[t.source, t.target, t.count] for t in result.transitions],
        "paths": [[list(p.path), p.count] for p in result.paths],
        "groups": [[g.key, g.count, g.open_care] for g in result.groups],
    }, sort_keys=True)


def flow_from_json(text: str) -> FlowResult:
    """Rebuild the result (shares and graph included) from the stored counts."""
    data = json.loads(text)
    transitions_total = sum(count for _s, _t, count in data["transitions"])
    graph = nx.DiGraph()
    transitions = []
    for source, target, count in data["transitions"]:
        transitions.append(Transition(source, target, count, share(count, transitions_total)))
        graph.add_edge(source, target, count=count,
                       share=share(count, transitions_total))
    groups = tuple(
        ReplacementGroup(key=key, number=GROUPS.index(key) + 1, count=count,
                         share=share(count, data["replacements"]), open_care=open_care,
                         open_care_share=share(open_care, count))
        for key, count, open_care in data["groups"]
    )
    return FlowResult(
        individuals=data["individuals"], events=data["events"], placements=data["placements"],
        replacements=data["replacements"], replaced=data["replaced"],
        replaced_share=share(data["replaced"], data["individuals"]),
        open_care=data["open_care"], open_care_share=share(data["open_care"],
                                                           data["replacements"]),
        transitions=tuple(transitions),
        paths=tuple(PathCount(tuple(path), count, share(count, data["individuals"]))
                    for path, count in data["paths"]),
        groups=groups, graph=graph,
    )


# --- the text forms the exchange format reads and writes ------------------------------------


def geojson_text(geojson: dict[str, Any]) -> str:
    """Area boundaries as stored: compact JSON text, non-ASCII characters kept as they are."""
    return json.dumps(geojson, ensure_ascii=False, separators=(",", ":"))


def flow_counts(text: str) -> dict[str, Any]:
    """The stored counts of a flow analysis as an object with its keys sorted."""
    return dict(sorted(json.loads(text).items()))


def flow_counts_text(counts: dict[str, Any]) -> str:
    """Counts as stored, in the form ``flow_to_json`` writes them."""
    return json.dumps(counts, sort_keys=True)
