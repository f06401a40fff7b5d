"""Database engine per app and one SQLAlchemy session per request.

The session is opened lazily, committed by the view that writes, rolled back and closed at teardown.
"""

from __future__ import annotations

from flask import Flask, g
from flask import current_app as app
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from models.audit_trail import install_audit_trail


def make_engine(url: str, echo: bool = False) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if ":memory:" not in url and url not in ("sqlite://", "sqlite:///"):
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory whose sessions write the audit trail."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    install_audit_trail(factory)
    return factory


def init_app(app_: Flask) -> None:
    """Create the engine and session factory for this app and close sessions at teardown."""
    engine = make_engine(app_.config["DATABASE_URL"], app_.config.get("SQL_ECHO", False))
    app_.extensions["satsa.engine"] = engine
    app_.extensions["satsa.sessions"] = make_session_factory(engine)
    app_.teardown_appcontext(close_session)


def get_session() -> Session:
    """Return this request's session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = app.extensions["satsa.sessions"]()
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
