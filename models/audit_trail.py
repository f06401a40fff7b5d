"""Write an audit entry for every insert, update and delete of an audited entity.

The web layer (or the CLI) puts the acting user in ``session.info["actor"]`` as ``(id, label)``.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import NO_VALUE

from models.audit import AuditEntry
from models.base import Base, utcnow


def _plain(value: Any) -> Any:
    if value is NO_VALUE or value is None:
        return None
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Base):
        return value.audit_label()
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _column_changes(obj: Base, action: str) -> dict[str, list[Any]]:
    state = inspect(obj)
    mapper = state.mapper
    exclude = obj.__audit_exclude__
    changes: dict[str, list[Any]] = {}
    fk_to_relationship = {}
    for rel in mapper.relationships:
        if rel.direction.name == "MANYTOONE":
            for column in rel.local_columns:
                fk_to_relationship[column.key] = rel.key
    for attr in mapper.column_attrs:
        key = attr.key
        if key in exclude or key == "id":
            continue
        hist = state.attrs[key].history
        if action == "create":
            value = state.attrs[key].value
            if value not in (None, ""):
                changes[key] = [None, _plain(value)]
        elif action == "delete":
            value = state.attrs[key].loaded_value
            if value not in (None, "", NO_VALUE):
                changes[key] = [_plain(value), None]
        elif hist.has_changes():
            before = hist.deleted[0] if hist.deleted else None
            after = hist.added[0] if hist.added else None
            if _plain(before) != _plain(after):
                changes[key] = [_plain(before), _plain(after)]
    # Name related rows by label rather than by id where the relationship is loaded.
    for fk, rel_key in fk_to_relationship.items():
        if fk not in changes:
            continue
        hist = state.attrs[rel_key].history
        if hist.added or hist.deleted:
            before = hist.deleted[0] if hist.deleted else None
            after = hist.added[0] if hist.added else None
            del changes[fk]
            changes[rel_key] = [_plain(before), _plain(after)]
    for rel in mapper.relationships:
        if rel.secondary is None or action != "update":
            continue
        hist = state.attrs[rel.key].history
        if hist.added or hist.deleted:
            before = sorted(_plain(o) for o in (list(hist.unchanged) + list(hist.deleted)))
            after = sorted(_plain(o) for o in (list(hist.unchanged) + list(hist.added)))
            changes[rel.key] = [before, after]
    return changes


def _after_flush(session: Session, _flush_context: Any) -> None:
    actor_id, actor_label = session.info.get("actor", (None, "system"))
    rows = []
    for action, objects in (
        ("create", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            if not isinstance(obj, Base) or not obj.__audited__:
                continue
            if action == "update" and not session.is_modified(obj):
                continue
            changes = _column_changes(obj, action)
            if action == "update" and not changes:
                continue
            rows.append(
                {
                    "at": utcnow(),
                    "user_id": actor_id,
                    "user_label": actor_label,
                    "entity": obj.__tablename__,
                    "entity_id": getattr(obj, "id", None),
                    "entity_label": obj.audit_label()[:300],
                    "project_id": obj.audit_project_id(),
                    "action": action,
                    "changes": json.dumps(changes, ensure_ascii=False, sort_keys=True),
                }
            )
    if rows:
        session.connection().execute(insert(AuditEntry.__table__), rows)


def install_audit_trail(factory: sessionmaker[Session]) -> None:
    """Make every session from ``factory`` record its changes in the audit log."""
    event.listen(factory, "after_flush", _after_flush)
