"""Exchange and backup commands: export-json, import-json, backup, restore."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from exporters.json_export import build_json
from models.backup import BackupError, restore_backup, write_backup
from models.exchange import ExchangeError, export_document, import_document, parse_document


def _session() -> Session:
    from webapp.db import get_session

    session = get_session()
    session.info["actor"] = (None, "cli")
    return session


@click.command("export-json")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--project", "projects", multiple=True, metavar="KEY",
              help="Export only this project (repeat for more). Default: the whole portfolio.")
@with_appcontext
def export_json_command(file: str, projects: tuple[str, ...]) -> None:
    """Write the portfolio as a satsa/1 JSON document to FILE (- for standard output)."""
    try:
        doc = export_document(_session(), project_keys=list(projects) if projects else None)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    with click.open_file(file, "wb") as out:
        out.write(build_json(doc))
    if file != "-":
        click.echo(f"Exported {len(doc['projects'])} projects to {file}.", err=True)


@click.command("import-json")
@click.argument("file", type=click.File("rb"))
@with_appcontext
def import_json_command(file) -> None:
    """Add the contents of a satsa/1 JSON document to the database (all or nothing)."""
    session = _session()
    try:
        summary = import_document(session, parse_document(file.read()))
    except ExchangeError as exc:
        session.rollback()
        for error in exc.errors:
            click.echo(str(error), err=True)
        click.echo(f"Nothing was imported ({len(exc.errors)} errors).", err=True)
        raise click.exceptions.Exit(1) from None
    session.commit()
    click.echo(
        f"Imported {summary.projects} projects, {summary.funds} funds "
        f"({summary.ledger_entries} ledger entries), {summary.criteria} criteria and "
        f"{summary.departments} departments; {summary.users_created} users created, "
        f"{summary.users_reused} existing users reused; {summary.logic_models} logic models, "
        f"{summary.need_areas} need areas; {summary.unit_costs} unit costs added to the "
        f"library, {summary.budget_lines} budget lines and {summary.benefit_lines} benefit lines."
    )
    if summary.users_created:
        click.echo("New users have no password and cannot log in until a coordinator sets one.")
    if summary.not_imported:
        click.echo("Not imported (not stored by this version): "
                   + ", ".join(summary.not_imported))


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(file: str) -> None:
    """Write a consistent backup of the whole database to FILE (a zip archive)."""
    manifest = write_backup(current_app.extensions["satsa.engine"], file)
    rows = sum(manifest["tables"].values())
    click.echo(f"Backup written to {file} ({rows} rows in {len(manifest['tables'])} tables).")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(file: str, yes: bool) -> None:
    """Replace ALL data in the database with the backup in FILE."""
    if not yes:
        click.confirm("This replaces all data in the database with the backup. Continue?",
                      abort=True)
    try:
        counts = restore_backup(current_app.extensions["satsa.engine"], file)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored {sum(counts.values())} rows in {len(counts)} tables from {file}.")


commands = [export_json_command, import_json_command, backup_command, restore_command]
