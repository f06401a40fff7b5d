"""The social-investment fund: its ledger per year, forecast and risk sharing."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from models import Call, Fund, Project
from models.domain.ranking import CUT_LABELS, STATUS_LABELS
from models.funds import add_plan, balance_of, load_fund, overview, record_entry, remove_plan
from models.scoring import may_see_scores, rank_for_fund
from webapp.db import get_session
from webapp.formatting import money, number
from webapp.forms import ButtonForm, choices
from webapp.funds.forms import EntryForm, PlanForm
from webapp.permissions import require

bp = Blueprint("funds", __name__, url_prefix="/funds")


def _fund_or_404(fund_id: int) -> Fund:
    fund = load_fund(get_session(), fund_id)
    if fund is None:
        abort(404)
    return fund


def _project_choices(fund: Fund, *forms) -> dict[int, Project]:
    projects = {p.id: p for p in get_session().scalars(select(Project).order_by(Project.title))}
    pairs = [(None, _("No initiative"))] + [
        (p.id, p.title + ("" if p.fund_id == fund.id else f" ({_('other fund')})"))
        for p in projects.values()
    ]
    for form in forms:
        form.project_id.choices = choices(pairs)
    return projects


@bp.route("/")
@login_required
def index():
    funds = get_session().scalars(
        select(Fund).order_by(Fund.name)
    ).all()
    return render_template("funds/index.html", rows=[(f, balance_of(f)) for f in funds])


def _render(fund: Fund, entry_form: EntryForm | None = None, plan_form: PlanForm | None = None,
            status: int = 200):
    entry_form = entry_form or EntryForm(prefix="entry", formdata=None)
    plan_form = plan_form or PlanForm(prefix="plan", formdata=None)
    _project_choices(fund, entry_form, plan_form)
    return render_template(
        "funds/show.html", data=overview(get_session(), fund), entry_form=entry_form,
        plan_form=plan_form, coordinator=current_user.role == "coordinator",
        button_form=ButtonForm(),
    ), status


@bp.route("/<int:fund_id>")
@login_required
def show(fund_id: int):
    return _render(_fund_or_404(fund_id))


@bp.route("/<int:fund_id>/entries", methods=["POST"])
@login_required
def add_entry(fund_id: int):
    require(current_user.role == "coordinator")
    fund = _fund_or_404(fund_id)
    form = EntryForm(prefix="entry")
    projects = _project_choices(fund, form)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render(fund, entry_form=form, status=400)
    db = get_session()
    check = record_entry(
        db, fund, kind=form.kind.data, on=form.on.data, amount=form.amount.data,
        project=projects.get(form.project_id.data), note=form.note.data or "",
        by=current_user.email, override=form.override.data, reason=form.reason.data or "",
    )
    if check is not None and not check.allowed:
        db.rollback()
        field = form.reason if check.code == "override_without_reason" else form.amount
        params = {k: money(v) if isinstance(v, Decimal) else v for k, v in check.params.items()}
        field.errors = [*field.errors, _(check.message, **params)]
        return _render(_fund_or_404(fund_id), entry_form=form, status=400)
    db.commit()
    if check is not None and check.overridden:
        flash(_("The allocation was recorded beyond the available money, with your reason."),
              "success")
    else:
        flash(_("The entry was recorded in the ledger."), "success")
    return redirect(url_for("funds.show", fund_id=fund.id) + "#ledger")


@bp.route("/<int:fund_id>/plan", methods=["POST"])
@login_required
def add_planned(fund_id: int):
    require(current_user.role == "coordinator")
    fund = _fund_or_404(fund_id)
    form = PlanForm(prefix="plan")
    projects = _project_choices(fund, form)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render(fund, plan_form=form, status=400)
    add_plan(get_session(), fund, year=form.year.data, kind=form.kind.data,
             amount=form.amount.data, project=projects.get(form.project_id.data),
             note=form.note.data or "")
    get_session().commit()
    flash(_("The planned flow was added to the forecast."), "success")
    return redirect(url_for("funds.show", fund_id=fund.id) + "#forecast")


@bp.route("/<int:fund_id>/plan/<int:flow_id>/delete", methods=["POST"])
@login_required
def delete_planned(fund_id: int, flow_id: int):
    require(current_user.role == "coordinator")
    fund = _fund_or_404(fund_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if not remove_plan(get_session(), fund, flow_id):
        abort(404)
    get_session().commit()
    flash(_("The planned flow was removed."), "success")
    return redirect(url_for("funds.show", fund_id=fund.id) + "#forecast")


#: Explanation parameters that are amounts of money (the others are points, counts or text).
MONEY_PARAMS = frozenset({"amount", "remaining", "cumulative", "available"})


def _sentence(msgid: str, params: dict, names: dict[str, str]) -> str:
    shown = {}
    for key, value in params.items():
        if key in ("rater", "raters") and isinstance(value, str):
            # Raters are identified by e-mail address; show them by name.
            shown[key] = ", ".join(names.get(part, part) for part in value.split(", "))
        elif isinstance(value, Decimal):
            shown[key] = money(value) if key in MONEY_PARAMS else number(value)
        else:
            shown[key] = value
    return _(msgid, **shown)


@bp.route("/<int:fund_id>/ranking")
@login_required
def ranking(fund_id: int):
    fund = _fund_or_404(fund_id)
    data = rank_for_fund(get_session(), fund)
    visible = {key for key, project in data.projects.items()
               if may_see_scores(current_user, project)}
    names = {u.email: u.name for u in data.raters}
    explanations = {
        p.key: [_sentence(msgid, params, names) for msgid, params in p.explanation]
        for p in data.ranking.proposals if p.key in visible
    } if data.ranking is not None else {}
    labels = {c.key: c.label for c in data.ranking.criteria} if data.ranking else {}
    calls = get_session().scalars(
        select(Call).where(Call.fund_id == fund.id).order_by(Call.opens.desc(), Call.key)
    ).all()
    return render_template("funds/ranking.html", fund=fund, data=data, visible=visible,
                           explanations=explanations, status_labels=STATUS_LABELS,
                           cut_labels=CUT_LABELS, criterion_labels=labels, calls=calls)
