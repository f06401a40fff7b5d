"""Satsa: the web application for social investments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the application; ``config`` overrides defaults and environment."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    from webapp.config import load_config

    app.config.update(load_config(Path(app.instance_path)))
    if config:
        app.config.update(config)

    from webapp import db, errors, extensions, formatting, security

    db.init_app(app)
    extensions.init_app(app)
    security.init_app(app)
    formatting.init_app(app)
    errors.init_app(app)

    from webapp.admin.views import bp as admin_bp
    from webapp.auth.views import bp as auth_bp
    from webapp.calls.views import bp as calls_bp
    from webapp.exchange.views import bp as exchange_bp
    from webapp.funds.views import bp as funds_bp
    from webapp.needs.views import bp as needs_bp
    from webapp.portfolio.views import bp as portfolio_bp
    from webapp.projects.views import bp as projects_bp
    from webapp.unit_costs.views import bp as unit_costs_bp

    for blueprint in (auth_bp, portfolio_bp, projects_bp, needs_bp, funds_bp, calls_bp, admin_bp,
                      exchange_bp, unit_costs_bp):
        app.register_blueprint(blueprint)

    from webapp import cli

    cli.init_app(app)
    return app
