"""Flask commands: init-db, seed-demo, create-user (exchange and backup commands beside them)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from models import Project, User, users
from models.migrate import upgrade
from models.user import ROLES


def _session():
    from webapp.db import get_session

    session = get_session()
    session.info["actor"] = (None, "cli")
    return session


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    upgrade(current_app.extensions["satsa.engine"])
    click.echo("Database is up to date.")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only seed when the database holds no projects.")
@with_appcontext
def seed_demo_command(if_empty: bool) -> None:
    """Load the demo portfolio (Exempelkommun) and print the demo logins."""
    from models.demo import DEMO_PASSWORD, DEMO_USERS, seed_demo

    session = _session()
    if session.scalar(select(func.count()).select_from(Project)):
        if if_empty:
            click.echo("The database already holds projects; demo data not loaded.")
            _print_logins(session, DEMO_USERS, DEMO_PASSWORD)
            return
        raise click.ClickException("The database already holds projects; seed an empty database.")
    seed_demo(session)
    session.commit()
    click.echo("Demo portfolio loaded (Exempelkommun).")
    _print_logins(session, DEMO_USERS, DEMO_PASSWORD)


def _print_logins(session, demo_users, password: str) -> None:
    order = {u["email"]: i for i, u in enumerate(demo_users)}
    emails = set(order)
    present = session.scalars(select(User).where(User.email.in_(emails))).all()
    if not present:
        return
    click.echo(f"Demo logins (password for all: {password}):")
    for user in sorted(present, key=lambda u: (ROLES.index(u.role), order[u.email])):
        click.echo(f"  {user.role:<15} {user.email}")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--password", default=None, help="Prompted for when not given.")
@click.option("--locale", default="sv", type=click.Choice(["sv", "en"]))
@with_appcontext
def create_user_command(email: str, name: str, role: str, password: str | None, locale: str):
    """Create a user account."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.ClickException("The password must have at least 10 characters.")
    session = _session()
    if users.find_user_by_email(session, email):
        raise click.ClickException(f"A user with e-mail {email} already exists.")
    users.create_user(session, email=email, name=name, role=role, password=password,
                      locale=locale)
    session.commit()
    click.echo(f"Created {role} {email.lower()}.")


def init_app(app: Flask) -> None:
    for command in (init_db_command, seed_demo_command, create_user_command):
        app.cli.add_command(command)
    from webapp.exchange.cli import commands as exchange_commands

    for command in exchange_commands:
        app.cli.add_command(command)


def main() -> None:
    """Entry point of the `satsa` console script (same commands as `flask --app webapp`)."""
    from flask.cli import FlaskGroup

    from webapp import create_app

    FlaskGroup(create_app=create_app)()
