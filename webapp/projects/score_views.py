"""Steering-group scoring of a proposal: independent, then submitted and final."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models.scoring import (
    ScoreInput,
    ScoringRefused,
    criteria_for,
    has_submitted,
    may_score,
    may_see_scores,
    open_scores,
    save_scores,
    steering_group,
)
from webapp.db import get_session
from webapp.forms import ButtonForm
from webapp.permissions import require
from webapp.projects.views import _project_or_404, bp


def _read_values(crits) -> tuple[list[ScoreInput], dict[int, str]]:
    """Read the posted scores; return them with a message per criterion whose value is bad."""
    values, errors = [], {}
    for criterion in crits:
        raw = (request.form.get(f"value-{criterion.id}") or "").strip()
        comment = (request.form.get(f"comment-{criterion.id}") or "")[:5000]
        value = None
        if raw:
            try:
                value = int(raw)
            except ValueError:
                errors[criterion.id] = _("Choose a score from the list.")
        values.append(ScoreInput(criterion, value, comment))
    return values, errors


@bp.route("/<int:project_id>/score", methods=["GET", "POST"])
@login_required
def score(project_id: int):
    project = _project_or_404(project_id)
    require(current_user.role in ("steering", "coordinator"))
    db = get_session()
    crits = criteria_for(db, project)
    errors: dict[int, str] = {}
    status = 200
    if request.method == "POST":
        require(may_score(current_user, project))
        if not ButtonForm().validate_on_submit():
            abort(400)
        values, errors = _read_values(crits)
        if not errors:
            submit = request.form.get("action") == "submit"
            try:
                save_scores(db, project, current_user, values, submit=submit)
            except ScoringRefused as refusal:
                db.rollback()
                flash(_(refusal.message, **refusal.params), "error")
                status = 400
                project = _project_or_404(project_id)
            else:
                db.commit()
                flash(_("Your scores were submitted; you now see the others' scores.") if submit
                      else _("Your scores were saved as a draft; submit them when you are done."),
                      "success")
                return redirect(url_for("projects.score", project_id=project.id))
        else:
            status = 400
    mine = {s.criterion_id: s for s in project.scores if s.rater_id == current_user.id}
    visible = may_see_scores(current_user, project)
    raters = steering_group(db)
    table = {(s.criterion_id, s.rater_id): s for s in project.scores} if visible else {}
    return render_template(
        "projects/score.html", project=project, criteria=crits, mine=mine, errors=errors,
        posted=request.form if request.method == "POST" else None,
        submitted=has_submitted(project, current_user),
        can_score=may_score(current_user, project), visible=visible, raters=raters,
        table=table, submitted_ids={s.rater_id for s in project.score_submissions},
        button_form=ButtonForm(),
    ), status


@bp.route("/<int:project_id>/scores/open", methods=["POST"])
@login_required
def open_project_scores(project_id: int):
    require(current_user.role == "coordinator")
    project = _project_or_404(project_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    open_scores(get_session(), project)
    get_session().commit()
    flash(_("The steering group's scores of this proposal are now visible to everyone."),
          "success")
    return redirect(url_for("projects.score", project_id=project.id))
