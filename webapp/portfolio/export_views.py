"""Download the portfolio, filtered as on the portfolio page, as an Excel workbook."""

from __future__ import annotations

from flask import Response
from flask_babel import gettext
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from exporters.xlsx import build_portfolio_workbook
from models import Fund
from models.funds import FundOverview, overview
from models.queries import portfolio_rows
from webapp.db import get_session
from webapp.downloads import local_today, send_xlsx
from webapp.portfolio.views import bp, filter_from_request


@bp.route("/export.xlsx")
@login_required
def export_xlsx() -> Response:
    """Send the portfolio rows the page would show, and every fund in full, as an .xlsx file."""
    session = get_session()
    rows = portfolio_rows(session, filter_from_request())
    data = build_portfolio_workbook(rows, funds=_fund_overviews(session), translate=gettext)
    return send_xlsx(data, f"portfolj-{local_today().isoformat()}.xlsx")


def _fund_overviews(session: Session) -> list[FundOverview]:
    """Every fund by name with its ledger and plan (three queries), then each fund's overview
    (a few queries per fund for its projects; an organisation has a handful of funds)."""
    funds = session.scalars(
        select(Fund).order_by(Fund.name, Fund.id)
        .options(selectinload(Fund.ledger), selectinload(Fund.plan))
    ).all()
    return [overview(session, fund) for fund in funds]
