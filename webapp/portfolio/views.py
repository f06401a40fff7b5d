"""The portfolio: every initiative, filtered and sorted."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required
from sqlalchemy import select

from models import Department, Fund
from models.domain.stages import STAGES
from models.queries import SORTS, PortfolioFilter, portfolio_rows
from webapp.db import get_session

bp = Blueprint("portfolio", __name__, url_prefix="/projects")


def filter_from_request() -> PortfolioFilter:
    """Read the portfolio filter from the query string, ignoring unknown values."""
    args = request.args
    stage = args.get("stage") or None
    sort = args.get("sort", "title")
    return PortfolioFilter(
        stage=stage if stage in STAGES else None,
        department=args.get("department") or None,
        fund=args.get("fund") or None,
        sort=sort if sort in SORTS else "title",
        descending=args.get("dir") == "desc",
    )


@bp.route("/")
@login_required
def index():
    db = get_session()
    flt = filter_from_request()
    rows = portfolio_rows(db, flt)
    departments = db.scalars(select(Department).order_by(Department.name)).all()
    funds = db.scalars(select(Fund).order_by(Fund.name)).all()
    total_budget = sum((r.budget_request for r in rows if r.budget_request is not None), 0)
    return render_template(
        "portfolio/index.html",
        rows=rows,
        flt=flt,
        stages=STAGES,
        departments=departments,
        funds=funds,
        total_budget=total_budget,
    )


from webapp.portfolio import export_views  # noqa: E402,F401  (routes on this blueprint)
