"""The portfolio: every initiative, filtered and sorted; its balance; the running initiatives'
signals for the steering group."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Department, Fund
from models.balance import portfolio_balance
from models.domain.balance import RUNNING_STAGES
from models.domain.signals import CODE_LABELS, SEVERITY_LABELS
from models.domain.stages import STAGES
from models.funds import balance_of
from models.queries import SORTS, PortfolioFilter, portfolio_rows
from models.signals import signal_counts, signal_rows
from webapp.db import get_session
from webapp.downloads import local_today
from webapp.portfolio.charts import balance_charts
from webapp.portfolio.forms import PortfolioFilterForm
from webapp.portfolio.texts import signal_text

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
        signal_counts=signal_counts(db, local_today()),
        running_stages=RUNNING_STAGES,
    )


def _portfolio_route(rule: str, endpoint: str):
    """Register a view of this blueprint under ``/portfolio`` rather than its ``/projects``."""

    def decorator(view):
        bp.record_once(lambda state: state.app.add_url_rule(rule, f"{bp.name}.{endpoint}", view))
        return view

    return decorator


@_portfolio_route("/portfolio/balance", "balance")
@login_required
def balance():
    """Charts of the running and the proposed portfolio by department, life stage, duration,
    complexity, risk, stage and budget; every logged-in role may read them."""
    db = get_session()
    form, fund, valid = PortfolioFilterForm.from_request(db)
    if not valid:
        return render_template("portfolio/balance.html", form=form, fund=None, data=None,
                               charts=[]), 400
    data = portfolio_balance(db, fund)
    funds = [fund] if fund else db.scalars(
        select(Fund).order_by(Fund.name, Fund.id).options(selectinload(Fund.ledger))).all()
    return render_template(
        "portfolio/balance.html", form=form, fund=fund, data=data,
        charts=balance_charts(data, form.measure.data),
        fund_rows=[(f, balance_of(f)) for f in funds],
    )


@_portfolio_route("/portfolio/signals", "signals")
@login_required
def signals():
    """The running initiatives with their money and signals, for the steering group; every
    logged-in role may read it."""
    db = get_session()
    form, fund, valid = PortfolioFilterForm.from_request(db)
    rows = signal_rows(db, local_today(), fund=fund) if valid else []
    return render_template(
        "portfolio/signals.html", form=form, fund=fund, rows=rows, valid=valid,
        severity_labels=SEVERITY_LABELS, code_labels=CODE_LABELS, signal_text=signal_text,
        running_stages=RUNNING_STAGES,
    ), (200 if valid else 400)


from webapp.portfolio import export_views  # noqa: E402,F401  (routes on this blueprint)
