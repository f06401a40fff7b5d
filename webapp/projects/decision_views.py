"""Recording the decision on a proposal (coordinator): outcome, amount, conditions, with the
stage change and the fund allocation it brings, in one transaction."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from models.decisions import (
    DecisionInput,
    DecisionRefused,
    allocated_to,
    open_gate_items,
    outcomes_from,
    record_decision,
)
from models.feedback import decisions_of, letter_of
from models.funds import balance_of
from webapp.db import get_session
from webapp.formatting import money
from webapp.permissions import require
from webapp.projects.decision_forms import DecisionForm
from webapp.projects.views import _project_or_404, bp


@bp.app_template_global("project_decisions")
def project_decisions(project) -> list:
    """The project's decisions, oldest first (for the project page)."""
    return decisions_of(get_session(), project)


@bp.app_template_global("project_letter")
def project_letter(project):
    """The project's feedback letter, or None (for the project page)."""
    return letter_of(get_session(), project)


def _input(form: DecisionForm) -> DecisionInput:
    return DecisionInput(
        body=form.body.data, body_name=form.body_name.data or "",
        decided_on=form.decided_on.data, reference=form.reference.data or "",
        outcome=form.outcome.data, amount=form.amount.data,
        conditions=form.conditions.data or "", pass_gate=form.pass_gate.data,
        gate_reason=form.gate_reason.data or "", override=form.override.data,
        override_reason=form.override_reason.data or "",
    )


def _render(project, form: DecisionForm, *, open_items=None, status=200):
    db = get_session()
    outcomes = outcomes_from(project.stage)
    if open_items is None:
        open_items = {o: open_gate_items(db, project, o) for o in outcomes if o != "rejected"}
    fund = project.fund
    return render_template(
        "projects/decision.html", project=project, form=form, outcomes=outcomes,
        open_items=open_items, decisions=decisions_of(db, project),
        available=balance_of(fund).available if fund is not None else None,
        allocated=allocated_to(project) if fund is not None else None,
    ), status


@bp.route("/<int:project_id>/decision", methods=["GET", "POST"])
@login_required
def decision(project_id: int):
    require(current_user.role == "coordinator")
    project = _project_or_404(project_id)
    form = DecisionForm()
    form.set_outcomes(outcomes_from(project.stage))
    if request.method == "GET":
        form.stage.data = project.stage
        form.amount.data = project.budget_request
        return _render(project, form)
    if not outcomes_from(project.stage):
        if not form.validate_on_submit() and "csrf_token" in form.errors:
            abort(400)
        flash(_("Decisions are recorded here for proposals and prioritised initiatives only."),
              "error")
        return _render(project, form, status=400)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render(project, form, status=400)
    if form.stage.data != project.stage:
        flash(_("The initiative's stage changed while you were recording the decision. Nothing "
                "was saved; check the decision against the current stage."), "error")
        form.stage.data = project.stage
        return _render(project, form, status=409)
    db = get_session()
    data = _input(form)
    try:
        decision = record_decision(db, project, data, user=current_user, translate=_,
                                   money=money)
        db.commit()
    except DecisionRefused as refusal:
        db.rollback()
        project = _project_or_404(project_id)
        params = {k: money(v) if isinstance(v, Decimal) else v
                  for k, v in refusal.params.items()}
        message = _(refusal.message, **params)
        if refusal.field and refusal.field in form:
            form[refusal.field].errors = [*form[refusal.field].errors, message]
        else:
            flash(message, "error")
        items = {data.outcome: refusal.open_items} if refusal.open_items else None
        return _render(project, form, open_items=items, status=400)
    except StaleDataError:
        db.rollback()
        flash(_("Someone else changed this initiative while you were recording the decision. "
                "Nothing was saved; check the initiative and try again."), "error")
        project = _project_or_404(project_id)
        form.stage.data = project.stage
        return _render(project, form, status=409)
    if decision.ledger_entry is not None:
        flash(_("The decision was recorded: %(amount)s was allocated from %(fund)s.",
                amount=money(decision.ledger_entry.amount), fund=project.fund.name), "success")
    else:
        flash(_("The decision was recorded."), "success")
    if decision.outcome == "rejected" and allocated_to(project):
        flash(_("%(amount)s stays allocated to this initiative in the fund's ledger; correct it "
                "there if the money is to be freed.", amount=money(allocated_to(project))),
              "info")
    return redirect(url_for("projects.show", project_id=project.id) + "#decisions")
