"""Shared fixtures: an app on a fresh database, a client with CSRF on, users per role.

The database is SQLite in a temporary folder unless DATABASE_URL names another (CI runs the
database tests again against PostgreSQL).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, exists, literal, select, text, union_all

from models import Base
from models.migrate import upgrade

PASSWORD = "correct horse battery"


def pytest_sessionstart(session):
    """Compile the message catalogues when they are missing or older than their sources."""
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parent.parent / "webapp" / "translations"
    for po_path in root.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)


def _reset_database(url: str) -> None:
    engine = create_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        Base.metadata.drop_all(engine)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def _migrated(database_url) -> str:
    _reset_database(database_url)
    engine = create_engine(database_url)
    upgrade(engine)
    engine.dispose()
    return database_url


def _written_tables(conn, tables) -> set[str]:
    """The tables a test may have written to: those with rows, and on PostgreSQL also those
    whose id sequence has been used since it was last restarted (rows inserted, then deleted)."""
    probe = union_all(*(
        select(literal(t.name)).where(exists(select(literal(1)).select_from(t))) for t in tables
    ))
    written = set(conn.execute(probe).scalars())
    if conn.dialect.name == "postgresql":
        used = conn.execute(text(
            "SELECT sequencename FROM pg_sequences "
            "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
        )).scalars()
        known = {t.name for t in tables}
        written |= {name.removesuffix("_id_seq") for name in used} & known
    return written


def _truncate(engine) -> None:
    """Empty the tables the previous test wrote to (and restart their ids). Emptying only those
    keeps a test's set-up short: most tests touch a handful of the schema's tables."""
    tables = list(reversed(Base.metadata.sorted_tables))
    with engine.begin() as conn:
        written = _written_tables(conn, tables)
        if not written:
            return
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables if t.name in written)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                if table.name in written:
                    conn.execute(table.delete())


@pytest.fixture
def app(_migrated, tmp_path) -> Iterator:
    from webapp import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": _migrated,
            "WTF_CSRF_ENABLED": True,
        }
    )
    app.instance_path = str(tmp_path / "instance")
    engine = app.extensions["satsa.engine"]
    _truncate(engine)
    yield app
    engine.dispose()


@pytest.fixture
def db(app):
    """A session outside any request, for arranging and checking data."""
    session = app.extensions["satsa.sessions"]()
    session.info["actor"] = (None, "test")
    yield session
    session.rollback()
    session.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    """Return a CSRF token valid for ``client``'s session, read from a rendered form."""
    html = client.get(path).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no CSRF token in {path}"
    return match.group(1)


def login(client, email: str, password: str = PASSWORD):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token})


@pytest.fixture
def make_user(db):
    from models import users

    def make(role: str = "coordinator", email: str | None = None, name: str | None = None,
             locale: str = "sv"):
        email = email or f"{role}@example.se"
        user = users.create_user(db, email=email, name=name or role.title(), role=role,
                                 password=PASSWORD, locale=locale)
        db.commit()
        return user

    return make


@pytest.fixture
def logged_in(client, make_user):
    """Return a function that logs the client in as a new user with ``role``."""

    def as_role(role: str = "coordinator", **kwargs):
        user = make_user(role, **kwargs)
        response = login(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return as_role


class _FormParser:
    """Collect the values a browser would submit from the first form with a given action."""

    def __init__(self, html: str, action: str | None):
        from html.parser import HTMLParser

        self.data: dict[str, list[str]] = {}
        outer = self

        class Parser(HTMLParser):
            in_form = False
            done = False
            select: str | None = None
            select_first: str | None = None
            textarea: str | None = None

            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if self.done:
                    return
                if tag == "form" and a.get("action", "") == (action or ""):
                    self.in_form = True
                if not self.in_form:
                    return
                name = a.get("name")
                if tag == "input" and name:
                    kind = a.get("type", "text")
                    if kind in ("checkbox", "radio") and "checked" not in a:
                        return
                    if kind in ("submit", "button"):
                        return
                    outer.data.setdefault(name, []).append(a.get("value", ""))
                elif tag == "select" and name:
                    self.select, self.select_first = name, None
                elif tag == "option" and self.select:
                    if self.select_first is None:
                        self.select_first = a.get("value", "")
                    if "selected" in a:
                        outer.data.setdefault(self.select, []).append(a.get("value", ""))
                elif tag == "textarea" and name:
                    self.textarea = name
                    outer.data.setdefault(name, []).append("")

            def handle_endtag(self, tag):
                if tag == "select" and self.select:
                    if self.select not in outer.data and self.select_first is not None:
                        outer.data[self.select] = [self.select_first]
                    self.select = None
                elif tag == "textarea":
                    self.textarea = None
                elif tag == "form" and self.in_form:
                    self.in_form, self.done = False, True

            def handle_data(self, data):
                if self.textarea:
                    outer.data[self.textarea][-1] += data

        Parser(convert_charrefs=True).feed(html)


def form_data(client, path: str, action: str | None = None, **changes) -> dict:
    """Return what a browser would post from the form on ``path``, with ``changes`` applied."""
    html = client.get(path).get_data(as_text=True)
    data = _FormParser(html, action).data
    result = {k: (v if len(v) > 1 else v[0]) for k, v in data.items()}
    result.update(changes)
    return result
