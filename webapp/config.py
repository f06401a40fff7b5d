"""Configuration defaults and environment overrides. Nothing is read at import time."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


def _secret_key(instance_path: Path) -> str:
    """Return SECRET_KEY from the environment, or a key kept in the instance folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def load_config(instance_path: Path) -> dict[str, Any]:
    """Return the configuration: defaults overridden by the environment."""
    default_db = f"sqlite:///{instance_path / 'satsa.db'}"
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "DATABASE_URL": os.environ.get("DATABASE_URL", default_db),
        "SQL_ECHO": _flag("SQL_ECHO"),
        # Uploads (JSON exchange, backups, spreadsheets) are limited to 20 MB.
        "MAX_CONTENT_LENGTH": int(os.environ.get("SATSA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure cookies need HTTPS: on for shared installations, off for the local `make run`.
        "SESSION_COOKIE_SECURE": _flag("SATSA_SECURE_COOKIES"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": _flag("SATSA_SECURE_COOKIES"),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "sv",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Stockholm",
        "LANGUAGES": ("sv", "en"),
        # Failed logins: at most this many per e-mail address, and per client address, ...
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": int(os.environ.get("SATSA_LOGIN_MAX_FAILURES", 5)),
        "LOGIN_MAX_FAILURES_PER_CLIENT": 20,
        # ... within this many seconds.
        "LOGIN_THROTTLE_WINDOW": int(os.environ.get("SATSA_LOGIN_WINDOW", 15 * 60)),
    }
