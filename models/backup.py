"""Back up the whole database to a zip of JSON lines, and restore it.

A backup holds ``manifest.json`` (kind, version, schema revision, time, row count and column types
per table) and one ``<table>.jsonl`` file per table with one JSON object per row, ordered by
primary key. Decimals are written as strings and dates and times in ISO 8601, so that restore can
convert them back from the column types.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from zipfile import ZIP_DEFLATED, BadZipFile, ZipFile

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    Numeric,
    Table,
    insert,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError

from models import load_all
from models.base import Base
from models.migrate import current_revision

KIND = "satsa-backup"
VERSION = 1
MANIFEST = "manifest.json"
_BATCH = 500


class BackupError(Exception):
    """A file that is not a backup this database can restore, or a restore that failed."""


def _tables() -> list[Table]:
    """Return every table, parents before children."""
    # The entity modules load lazily; the metadata knows only the tables of loaded ones.
    load_all()
    return Base.metadata.sorted_tables


def _column_kind(column: Column) -> str:
    kind = column.type
    if isinstance(kind, DateTime):
        return "datetime"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Numeric) and not isinstance(kind, Float):
        return "decimal"
    if isinstance(kind, Boolean):
        return "boolean"
    if isinstance(kind, Integer):
        return "integer"
    return "string"


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _decode(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "decimal":
        return Decimal(value)
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    return value


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """Yield a connection whose reads all see one consistent state of the database."""
    if engine.dialect.name == "postgresql":
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        with engine.connect().execution_options(**options) as conn, conn.begin():
            yield conn
    elif engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            # The sqlite3 driver opens no transaction for SELECTs; an explicit one keeps a single
            # read snapshot (in WAL mode writers carry on meanwhile).
            conn.exec_driver_sql("BEGIN")
            try:
                yield conn
            finally:
                conn.rollback()
    else:
        with engine.connect().execution_options(isolation_level="SERIALIZABLE") as conn, \
                conn.begin():
            yield conn


def write_backup(engine: Engine, target: str | Path | IO[bytes]) -> dict[str, Any]:
    """Write a consistent backup of every table to ``target`` and return its manifest."""
    if not isinstance(target, str | Path):
        return _write(engine, target)
    # Write beside the target and move it in place, so a failed backup leaves no half-written file.
    partial = Path(f"{target}.part")
    try:
        with partial.open("wb") as out:
            manifest = _write(engine, out)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _write(engine: Engine, out: IO[bytes]) -> dict[str, Any]:
    manifest: dict[str, Any] = {
        "kind": KIND,
        "version": VERSION,
        "schema_revision": current_revision(engine),
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tables": {},
        "columns": {},
    }
    with ZipFile(out, "w", ZIP_DEFLATED) as archive, _snapshot(engine) as conn:
        for table in _tables():
            count = 0
            with archive.open(f"{table.name}.jsonl", "w") as lines:
                rows = conn.execute(select(table).order_by(*table.primary_key.columns))
                for row in rows.mappings():
                    line = {c.name: _encode(row[c]) for c in table.columns}
                    lines.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
                    count += 1
            manifest["tables"][table.name] = count
            manifest["columns"][table.name] = {c.name: _column_kind(c) for c in table.columns}
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def read_manifest(archive: ZipFile) -> dict[str, Any]:
    """Return the manifest of a backup; raise BackupError when it is missing or not ours."""
    try:
        raw = archive.read(MANIFEST)
    except KeyError:
        raise BackupError("not a Satsa backup: the file holds no manifest.json") from None
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BackupError("not a Satsa backup: manifest.json is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("kind") != KIND:
        raise BackupError(f"not a Satsa backup: manifest.json does not say kind \"{KIND}\"")
    if manifest.get("version") != VERSION:
        raise BackupError(f"backup format version {manifest.get('version')!r} is not supported "
                          f"(this version reads {VERSION})")
    if not isinstance(manifest.get("tables"), dict):
        raise BackupError("not a Satsa backup: manifest.json lists no tables")
    return manifest


def _check_tables(manifest: dict[str, Any], archive: ZipFile) -> None:
    expected = {t.name for t in _tables()}
    listed = set(manifest["tables"])
    if listed != expected:
        raise BackupError(
            "the backup's tables do not match this database "
            f"(missing: {', '.join(sorted(expected - listed)) or '–'}; "
            f"unknown: {', '.join(sorted(listed - expected)) or '–'})"
        )
    names = set(archive.namelist())
    for name in sorted(expected):
        if f"{name}.jsonl" not in names:
            raise BackupError(f"the backup is incomplete: {name}.jsonl is missing")


def _rows(archive: ZipFile, table: Table) -> Iterator[dict[str, Any]]:
    kinds = {c.name: _column_kind(c) for c in table.columns}
    with archive.open(f"{table.name}.jsonl") as lines:
        for number, raw in enumerate(lines, 1):
            where = f"{table.name}.jsonl line {number}"
            try:
                row = json.loads(raw)
            except ValueError:
                raise BackupError(f"{where}: not valid JSON") from None
            if not isinstance(row, dict) or set(row) != set(kinds):
                raise BackupError(f"{where}: the columns do not match the table")
            try:
                yield {name: _decode(value, kinds[name]) for name, value in row.items()}
            except (ValueError, TypeError, ArithmeticError):
                raise BackupError(f"{where}: a value does not fit its column") from None


def _reset_sequences(conn: Connection) -> None:
    """Move each id sequence past the restored rows, so new rows get fresh ids."""
    quote = conn.dialect.identifier_preparer.quote
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        column = quote(pk[0].name)
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "  # noqa: S608
                f"COALESCE(MAX({column}), 1), MAX({column}) IS NOT NULL) FROM {quote(table.name)}"
            ),
            {"table": quote(table.name), "column": pk[0].name},
        )


def restore_backup(engine: Engine, source: str | Path | IO[bytes]) -> dict[str, int]:
    """Replace all data with the backup in ``source`` in one transaction; return rows per table.

    Raise BackupError, with nothing changed, when the file is not a backup of this schema.
    """
    try:
        archive = ZipFile(source)
    except BadZipFile as exc:
        raise BackupError("not a Satsa backup: the file is not a zip archive") from exc
    with archive:
        manifest = read_manifest(archive)
        revision = current_revision(engine)
        if manifest.get("schema_revision") != revision:
            raise BackupError(
                f"the backup was made with schema revision {manifest.get('schema_revision')!r} "
                f"but the database is at {revision!r}; restore into a database at the same "
                "revision"
            )
        _check_tables(manifest, archive)
        counts: dict[str, int] = {}
        tables = _tables()
        try:
            with engine.begin() as conn:
                for table in reversed(tables):
                    conn.execute(table.delete())
                for table in tables:
                    counts[table.name] = _insert_rows(conn, table, _rows(archive, table))
                    if counts[table.name] != manifest["tables"][table.name]:
                        raise BackupError(f"{table.name}.jsonl holds {counts[table.name]} rows, "
                                          f"the manifest says {manifest['tables'][table.name]}")
                if engine.dialect.name == "postgresql":
                    _reset_sequences(conn)
        except SQLAlchemyError as exc:
            raise BackupError(f"the backup could not be restored, nothing was changed: "
                              f"{getattr(exc, 'orig', exc)}") from exc
    return counts


def _insert_rows(conn: Connection, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        count += 1
        if len(batch) >= _BATCH:
            conn.execute(insert(table), batch)
            batch = []
    if batch:
        conn.execute(insert(table), batch)
    return count
