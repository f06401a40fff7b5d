"""Download the decision material (*beslutsunderlag*) of one project as an Excel workbook."""

from __future__ import annotations

from flask import Response, abort
from flask_babel import gettext
from flask_login import current_user, login_required

from exporters.xlsx import build_project_workbook
from models.exchange.design import design_report
from models.feedback import proposal_report
from models.queries import load_project
from models.reports import project_summary
from webapp.db import get_session
from webapp.downloads import local_today, send_xlsx
from webapp.projects.views import bp


@bp.route("/<int:project_id>/export.xlsx")
@login_required
def export_xlsx(project_id: int) -> Response:
    """Send one project's decision material as an .xlsx file; 404 if there is no such project."""
    summary = project_summary(get_session(), project_id, today=local_today())
    if summary is None:
        abort(404)
    project = load_project(get_session(), project_id)
    proposal = proposal_report(get_session(), project, current_user)
    design = design_report(get_session(), project)
    data = build_project_workbook(summary, translate=gettext, proposal=proposal, design=design)
    return send_xlsx(data, f"beslutsunderlag-{summary.key}.xlsx")
