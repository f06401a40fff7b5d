"""Flask extensions bound in the factory: CSRF, login, translations."""

from __future__ import annotations

from flask import Flask, request, session
from flask_babel import Babel
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import select

from webapp import ROOT

csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()


def select_locale() -> str:
    """Return the user's language: their saved choice, the session's, else Swedish."""
    if current_user and current_user.is_authenticated and current_user.locale in ("sv", "en"):
        return current_user.locale
    chosen = session.get("locale")
    if chosen in ("sv", "en"):
        return chosen
    return "sv"


@login_manager.user_loader
def load_user(user_id: str):
    from models import User
    from webapp.db import get_session

    if not user_id.isdigit():
        return None
    user = get_session().scalar(select(User).where(User.id == int(user_id)))
    if user is None or not user.active:
        return None
    return user


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    from flask_babel import lazy_gettext

    login_manager.login_message = lazy_gettext("Log in to continue.")
    login_manager.login_message_category = "info"
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", str(ROOT / "webapp" / "translations")
    )
    babel.init_app(app, locale_selector=select_locale)

    @app.before_request
    def _actor_for_audit() -> None:
        """Record who acts, so the audit trail can name them."""
        from webapp.db import get_session

        if request.endpoint == "static":
            return
        if current_user and current_user.is_authenticated:
            get_session().info["actor"] = (current_user.id, current_user.email)
