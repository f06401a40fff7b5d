"""Downloads of the needs analysis: one need area, or all of them, as an Excel workbook."""

from __future__ import annotations

from flask import Response, abort
from flask_babel import gettext
from flask_login import login_required

from exporters.xlsx_needs import build_needs_workbook
from models.reports import need_area_summaries
from webapp.db import get_session
from webapp.downloads import local_today, send_xlsx
from webapp.needs.views import bp


@bp.route("/<int:area_id>/export.xlsx")
@login_required
def export_xlsx(area_id: int) -> Response:
    """Send one need area with its evidence as an .xlsx file; 404 if there is no such area."""
    areas = need_area_summaries(get_session(), [area_id])
    if not areas:
        abort(404)
    data = build_needs_workbook(areas, translate=gettext)
    return send_xlsx(data, f"behovsanalys-{areas[0].key}.xlsx")


@bp.route("/export.xlsx")
@login_required
def export_all_xlsx() -> Response:
    """Send every need area with its evidence as one .xlsx file."""
    areas = need_area_summaries(get_session())
    data = build_needs_workbook(areas, title=gettext("Needs analysis"), translate=gettext)
    return send_xlsx(data, f"behovsanalys-{local_today().isoformat()}.xlsx")
