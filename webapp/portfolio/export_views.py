"""Download the portfolio, filtered as on the portfolio page, as an Excel workbook."""

from __future__ import annotations

from flask import Response
from flask_babel import gettext
from flask_login import login_required

from exporters.xlsx import build_portfolio_workbook
from models.queries import portfolio_rows
from webapp.db import get_session
from webapp.downloads import local_today, send_xlsx
from webapp.portfolio.views import bp, filter_from_request


@bp.route("/export.xlsx")
@login_required
def export_xlsx() -> Response:
    """Send the portfolio rows the page would show as an .xlsx file."""
    rows = portfolio_rows(get_session(), filter_from_request())
    data = build_portfolio_workbook(rows, translate=gettext)
    return send_xlsx(data, f"portfolj-{local_today().isoformat()}.xlsx")
