"""Backup and restore of the whole database, through the functions and the command line."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal

import pytest
from sqlalchemy import event, select, text

from exporters.json_export import build_json
from models import AuditEntry, Fund, Project, User
from models.backup import BackupError, restore_backup, write_backup
from models.exchange import export_document
from models.migrate import current_revision
from tests.integration.exchange_data import build_portfolio, row_counts


def snapshot(db) -> tuple[bytes, dict[str, int]]:
    """Return the portfolio as JSON (without its time) and the row counts per table."""
    db.expire_all()
    doc = export_document(db)
    doc["exported_at"] = ""
    return build_json(doc), row_counts(db)


@pytest.fixture
def engine(app):
    return app.extensions["satsa.engine"]


def test_a_restore_brings_back_the_data_of_the_backup(engine, db, tmp_path):
    build_portfolio(db)
    before = snapshot(db)
    path = tmp_path / "backup.zip"
    write_backup(engine, path)

    db.delete(db.scalar(select(Project).where(Project.key == "lasframjande")))
    db.scalar(select(Fund)).name = "Omdöpt fond"
    db.add(User(email="ny@example.se", name="Ny", role="viewer", password_hash="!"))
    db.commit()
    assert snapshot(db) != before

    counts = restore_backup(engine, path)
    db.expire_all()
    assert snapshot(db) == before
    assert counts == before[1]
    # Password hashes and the audit log are part of the backup, unlike the JSON export.
    assert db.scalar(select(User.password_hash).where(User.email == "anna@example.se")) != "!"
    assert db.scalar(select(AuditEntry.id).limit(1)) is not None


def test_new_rows_after_a_restore_get_fresh_ids(engine, db, tmp_path):
    ids = build_portfolio(db)
    path = tmp_path / "backup.zip"
    write_backup(engine, path)
    db.close()
    restore_backup(engine, path)
    project = Project(key="efter", title="Efter återläsningen")
    db.add(project)
    db.commit()
    assert project.id > max(ids.values())


def test_the_manifest_names_kind_version_schema_revision_and_row_counts(engine, db, tmp_path):
    build_portfolio(db)
    path = tmp_path / "backup.zip"
    returned = write_backup(engine, path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        projects = [json.loads(line) for line in archive.read("project.jsonl").splitlines()]
        funds = [json.loads(line) for line in archive.read("fund.jsonl").splitlines()]
    assert manifest == returned
    assert manifest["kind"] == "satsa-backup" and manifest["version"] == 1
    assert manifest["schema_revision"] == current_revision(engine)
    assert manifest["tables"]["project"] == 2 == len(projects)
    assert manifest["columns"]["fund"]["capital"] == "decimal"
    assert funds[0]["capital"] == "20000000.00"
    assert funds[0]["start"] == "2024-01-01"
    assert not (tmp_path / "backup.zip.part").exists()


def test_a_backup_neither_waits_for_nor_includes_an_open_write(engine, db, tmp_path):
    build_portfolio(db)
    writer = engine.connect()
    try:
        writer.execute(text("UPDATE fund SET name = 'Halvfärdig'"))
        manifest = write_backup(engine, tmp_path / "backup.zip")
    finally:
        writer.rollback()
        writer.close()
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        fund = json.loads(archive.read("fund.jsonl").splitlines()[0])
    assert fund["name"] == "Sociala investeringsfonden"
    assert manifest["tables"]["fund"] == 1


def test_a_backup_is_one_snapshot_though_data_changes_while_it_runs(engine, db, tmp_path):
    build_portfolio(db)
    db.close()
    changed = []

    def change_once(conn, cursor, statement, parameters, context, executemany):
        # After the backup's first read, another connection commits a change to a later table.
        if changed or "FROM criterion" not in statement:
            return
        changed.append(True)
        with engine.begin() as writer:
            writer.execute(text("UPDATE fund SET name = 'Ändrad under tiden'"))

    event.listen(engine, "after_cursor_execute", change_once)
    try:
        write_backup(engine, tmp_path / "backup.zip")
    finally:
        event.remove(engine, "after_cursor_execute", change_once)
    assert changed
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        fund = json.loads(archive.read("fund.jsonl").splitlines()[0])
    assert fund["name"] == "Sociala investeringsfonden"
    assert db.scalar(select(Fund.name)) == "Ändrad under tiden"


def _zip(path, files: dict[str, str]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


def test_a_restore_refuses_files_that_are_not_backups_and_changes_nothing(engine, db, tmp_path):
    build_portfolio(db)
    before = snapshot(db)
    db.close()
    not_zip = tmp_path / "notes.txt"
    not_zip.write_text("inte en säkerhetskopia", encoding="utf-8")
    with pytest.raises(BackupError, match="not a zip archive"):
        restore_backup(engine, not_zip)
    with pytest.raises(BackupError, match="no manifest.json"):
        restore_backup(engine, _zip(tmp_path / "a.zip", {"project.jsonl": ""}))
    with pytest.raises(BackupError, match="not valid JSON"):
        restore_backup(engine, _zip(tmp_path / "b.zip", {"manifest.json": "{"}))
    with pytest.raises(BackupError, match="kind"):
        restore_backup(engine, _zip(tmp_path / "c.zip", {"manifest.json": '{"kind": "x"}'}))
    other = {"kind": "satsa-backup", "version": 1, "schema_revision": "9999", "tables": {}}
    with pytest.raises(BackupError, match="schema revision '9999'"):
        restore_backup(engine, _zip(tmp_path / "d.zip", {"manifest.json": json.dumps(other)}))
    assert snapshot(db) == before


def test_a_damaged_backup_is_refused_without_changing_anything(engine, db, tmp_path):
    build_portfolio(db)
    good = tmp_path / "good.zip"
    write_backup(engine, good)
    before = snapshot(db)
    db.close()
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(damaged, "w") as dst:
        for name in src.namelist():
            content = src.read(name)
            if name == "score.jsonl":
                content += b'{"id": 1}\n'
            dst.writestr(name, content)
    with pytest.raises(BackupError, match="score.jsonl line"):
        restore_backup(engine, damaged)
    assert snapshot(db) == before


def test_the_command_line_backs_up_and_restores_after_confirmation(runner, db, tmp_path):
    build_portfolio(db)
    before = snapshot(db)
    db.close()
    path = tmp_path / "backup.zip"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert "Backup written" in result.output

    fund = db.scalar(select(Fund))
    fund.capital = Decimal("1.00")
    db.commit()
    result = runner.invoke(args=["restore", str(path)], input="n\n")
    assert result.exit_code != 0
    assert snapshot(db)[0] != before[0]
    db.close()
    result = runner.invoke(args=["restore", str(path)], input="y\n")
    assert result.exit_code == 0, result.output
    assert snapshot(db) == before

    fund = db.scalar(select(Fund))
    fund.capital = Decimal("2.00")
    db.commit()
    db.close()
    result = runner.invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code == 0, result.output
    assert snapshot(db) == before


def test_the_command_line_refuses_to_restore_a_file_that_is_not_a_backup(runner, tmp_path):
    path = tmp_path / "satsa.json"
    path.write_text("{}", encoding="utf-8")
    result = runner.invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code != 0
    assert "not a Satsa backup" in result.output
