"""Log in, log out and choose the interface language."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from models import users
from webapp.auth.forms import LanguageForm, LoginForm
from webapp.db import get_session

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Return ``target`` if it is a local path, else the portfolio."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") \
                and not target.startswith("//"):
            return target
    return url_for("portfolio.index")


@bp.route("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("portfolio.index"))
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("portfolio.index"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    status = 200
    if form.validate_on_submit():
        db = get_session()
        cfg = current_app.config
        window = cfg["LOGIN_THROTTLE_WINDOW"]
        account_key = "email:" + form.email.data.strip().lower()
        client_key = "client:" + (request.remote_addr or "unknown")
        users.prune_failures(db, window)
        if (
            users.recent_failures(db, account_key, window) >= cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
            or users.recent_failures(db, client_key, window)
            >= cfg["LOGIN_MAX_FAILURES_PER_CLIENT"]
        ):
            db.commit()
            flash(
                _("Too many failed attempts. Wait %(minutes)d minutes and try again.",
                  minutes=max(1, window // 60)),
                "error",
            )
            return render_template("auth/login.html", form=form), 429
        user = users.authenticate(db, form.email.data, form.password.data)
        if user is None:
            users.record_failure(db, account_key, client_key)
            db.commit()
            flash(_("Wrong e-mail address or password."), "error")
            status = 401
        else:
            users.clear_failures(db, account_key)
            db.commit()
            session.clear()
            login_user(user)
            session["locale"] = user.locale
            return redirect(_safe_next(form.next.data))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    from webapp.forms import ButtonForm

    if ButtonForm().validate_on_submit():
        logout_user()
        session.clear()
        flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
def language():
    """Switch the interface language; remembered on the user's account."""
    form = LanguageForm()
    if form.validate_on_submit():
        locale = form.locale.data
        session["locale"] = locale
        if current_user.is_authenticated:
            db = get_session()
            current_user.locale = locale
            db.commit()
    return redirect(_safe_next(form.next.data or request.referrer and urlsplit(
        request.referrer).path))
