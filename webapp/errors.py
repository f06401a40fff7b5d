"""Error pages in the user's language."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        return render_template("errors/error.html", code=400, csrf=True), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        code = error.code or 500
        if _wants_json():
            return {"error": error.name, "status": code}, code
        template_code = code if code in (400, 403, 404, 405, 413) else 500
        return render_template("errors/error.html", code=template_code), code

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("Unhandled error", exc_info=error)
        return render_template("errors/error.html", code=500), 500
