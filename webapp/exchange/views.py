"""Export and import of the satsa/1 JSON document."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from exporters.json_export import build_json
from models import Project
from models.exchange import ExchangeError, export_document, import_document, parse_document
from webapp.db import get_session
from webapp.downloads import local_today
from webapp.exchange.forms import ImportForm
from webapp.permissions import roles_required

bp = Blueprint("exchange", __name__, url_prefix="/exchange")


def _download(data: bytes, filename: str) -> Response:
    """Send a document as a download that no cache keeps (it names users)."""
    return Response(
        data,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "Cache-Control": "no-store"},
    )


@bp.route("/")
@roles_required("coordinator")
def index():
    return render_template("exchange/index.html", form=ImportForm(), errors=[])


@bp.route("/export.json")
@roles_required("coordinator")
def export_json():
    doc = export_document(get_session(), translate=_)
    return _download(build_json(doc), f"satsa-{local_today().isoformat()}.json")


@bp.route("/projects/<int:project_id>.json")
@login_required
def project_json(project_id: int):
    """One project's document; every role may read every project."""
    db = get_session()
    project = db.get(Project, project_id)
    if project is None:
        abort(404)
    doc = export_document(db, project_keys=[project.key], translate=_)
    return _download(build_json(doc), f"satsa-{project.key}-{local_today().isoformat()}.json")


@bp.route("/import", methods=["POST"])
@roles_required("coordinator")
def import_json():
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("exchange/index.html", form=form, errors=[]), 400
    db = get_session()
    try:
        summary = import_document(db, parse_document(form.file.data.read()))
    except ExchangeError as exc:
        db.rollback()
        errors = [(e.path, _(e.message, **e.params)) for e in exc.errors]
        return render_template("exchange/index.html", form=form, errors=errors), 400
    db.commit()
    flash(
        _("Imported %(projects)d initiatives, %(funds)d funds, %(criteria)d criteria and "
          "%(departments)d departments. %(created)d users created (without password), "
          "%(reused)d existing users reused.",
          projects=summary.projects, funds=summary.funds, criteria=summary.criteria,
          departments=summary.departments, created=summary.users_created,
          reused=summary.users_reused),
        "success",
    )
    if summary.need_areas:
        flash(ngettext("%(num)d need area was imported.", "%(num)d need areas were imported.",
                       summary.need_areas), "success")
    if summary.logic_models:
        flash(ngettext("%(num)d logic model was imported.", "%(num)d logic models were imported.",
                       summary.logic_models), "success")
    if summary.unit_costs or summary.budget_lines or summary.benefit_lines:
        flash(_("Costs and benefits: %(units)d unit costs added to the library, %(budget)d budget "
                "lines and %(benefits)d benefit lines imported.", units=summary.unit_costs,
                budget=summary.budget_lines, benefits=summary.benefit_lines), "success")
    if summary.not_imported:
        flash(_("Not imported, because this version does not store them yet: %(parts)s",
                parts=", ".join(summary.not_imported)), "info")
    return redirect(url_for("portfolio.index"))
