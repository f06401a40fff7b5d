"""Download the portfolio, filtered as on the portfolio page, as an Excel workbook."""

from __future__ import annotations

from flask import Response
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from exporters.xlsx import build_portfolio_workbook
from exporters.xlsx_balance import BalanceSheet
from exporters.xlsx_ranking import RankingSheet
from models import Fund
from models.balance import portfolio_balance
from models.funds import FundOverview, overview
from models.queries import portfolio_rows
from models.scoring import rank_for_fund
from models.signals import signal_rows
from webapp.db import get_session
from webapp.downloads import local_today, send_xlsx
from webapp.portfolio.texts import ranking_sentence, signal_text
from webapp.portfolio.views import bp, filter_from_request


@bp.route("/export.xlsx")
@login_required
def export_xlsx() -> Response:
    """Send the portfolio rows the page would show, each fund's ranking (scores only where the
    user may see them), the balance and signals (of the fund filtered on, else of every fund)
    and every fund in full, as an .xlsx file."""
    session = get_session()
    flt = filter_from_request()
    rows = portfolio_rows(session, flt)
    funds = _funds(session)
    viewer = current_user._get_current_object()
    rankings = [rank_for_fund(session, fund) for fund in funds]
    names = {u.email: u.name for data in rankings for u in data.raters}
    fund = next((f for f in funds if f.key == flt.fund), None)
    data = build_portfolio_workbook(
        rows,
        funds=[overview(session, f) for f in funds],
        ranking=RankingSheet(rankings, viewer,
                             lambda msgid, params: ranking_sentence(msgid, params, names)),
        balance=BalanceSheet(portfolio_balance(session, fund), fund.name if fund else "",
                             signal_rows(session, local_today(), fund=fund), signal_text),
        translate=gettext,
    )
    return send_xlsx(data, f"portfolj-{local_today().isoformat()}.xlsx")


def _funds(session: Session) -> list[Fund]:
    """Every fund by name with its ledger and plan (three queries)."""
    return list(session.scalars(
        select(Fund).order_by(Fund.name, Fund.id)
        .options(selectinload(Fund.ledger), selectinload(Fund.plan))
    ).all())


def _fund_overviews(session: Session) -> list[FundOverview]:
    """Every fund by name with its ledger and plan (three queries), then each fund's overview
    (a few queries per fund for its projects; an organisation has a handful of funds)."""
    return [overview(session, fund) for fund in _funds(session)]
