"""The organisation's risk matrix (coordinator): size, axis labels, priority bands and colours,
with a preview of the grid. Saving adds a version; the newest is in force."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models.design import RiskScaleSetting
from models.domain import risk as rk
from models.risks import RiskRefused, current_scale, save_scale, setting_in_force
from webapp.admin.views import bp
from webapp.db import get_session
from webapp.projects.risk_forms import ScaleForm

BUILT_IN = {scale.key: scale for scale in rk.BUILT_IN_SCALES}
COLOUR_FIELDS = {band: (f"{band}_background", f"{band}_text") for band in rk.BANDS}


def _fill(form: ScaleForm, scale: rk.RiskScale) -> None:
    form.likelihood_max.data = scale.likelihood_max
    form.impact_max.data = scale.impact_max
    form.likelihood_labels.data = "\n".join(_(label) for label in scale.likelihood_labels)
    form.impact_labels.data = "\n".join(_(label) for label in scale.impact_labels)
    form.low_max.data = scale.low_max
    form.medium_max.data = scale.medium_max
    for band, (background, text) in COLOUR_FIELDS.items():
        colour = scale.colour(band)
        form[background].data = colour.background
        form[text].data = colour.text


def _labels(text: str | None, size: int) -> tuple[str, ...]:
    """The labels typed, one per line; none typed gives the level numbers. Labels that are a
    built-in scale's, translated, are kept as its msgids so they follow the reader's language."""
    labels = tuple(line.strip() for line in (text or "").splitlines() if line.strip())
    if not labels:
        return tuple(str(n) for n in range(1, size + 1))
    for scale in rk.BUILT_IN_SCALES:
        for msgids in (scale.likelihood_labels, scale.impact_labels):
            if len(msgids) == len(labels) and tuple(_(m) for m in msgids) == labels:
                return msgids
    return labels


def _scale_from(form: ScaleForm) -> rk.RiskScale:
    likelihood_max, impact_max = form.likelihood_max.data, form.impact_max.data
    low_default, medium_default = rk.default_thresholds(likelihood_max, impact_max)
    colours = tuple(
        rk.BandColour((form[background].data or default.background).strip(),
                      (form[text].data or default.text).strip())
        for (background, text), default in zip(COLOUR_FIELDS.values(), rk.DEFAULT_COLOURS,
                                               strict=True)
    )
    return rk.RiskScale(
        likelihood_max=likelihood_max, impact_max=impact_max,
        likelihood_labels=_labels(form.likelihood_labels.data, likelihood_max),
        impact_labels=_labels(form.impact_labels.data, impact_max),
        low_max=form.low_max.data if form.low_max.data is not None else low_default,
        medium_max=form.medium_max.data if form.medium_max.data is not None else medium_default,
        colours=colours,
    )


def _field_of(form: ScaleForm, field: str) -> str:
    """The form field a problem of the scale concerns."""
    if not field.startswith("colours."):
        return field
    band = field.split(".", 1)[1]
    background, text = COLOUR_FIELDS.get(band, COLOUR_FIELDS[rk.LOW])
    try:
        rk.contrast_ratio(form[background].data or "#ffffff", "#000000")
    except rk.RiskError:
        return background
    return text


def _show_problem(form: ScaleForm, field: str, message: str, params: dict) -> None:
    name = _field_of(form, field)
    text = _(message, **params)
    if name in form:
        form[name].errors = [*form[name].errors, text]
    else:
        flash(text, "error")


def _render(form: ScaleForm, preview: rk.RiskScale | None, status: int = 200,
            previewing: bool = False):
    # The heat map's helpers live with the project pages (imported here, not at load time).
    from webapp.projects.risk_views import colours_url, matrix

    db = get_session()
    setting = setting_in_force(db)
    in_force = current_scale(db)
    shown = preview or in_force
    history = db.scalars(select(RiskScaleSetting).order_by(
        RiskScaleSetting.created_at.desc(), RiskScaleSetting.id.desc()).limit(20)).all()
    return render_template(
        "admin/risk_matrix.html", form=form, setting=setting, in_force=in_force,
        preview=matrix(shown, ()), previewing=previewing, history=history,
        colours_url=colours_url(in_force, shown), built_in=rk.BUILT_IN_SCALES,
    ), status


@bp.route("/risk-matrix", methods=["GET", "POST"])
def risk_matrix():
    db = get_session()
    setting = setting_in_force(db)
    if request.method == "GET":
        form = ScaleForm(formdata=None)
        start = BUILT_IN.get(request.args.get("start", ""))
        _fill(form, start or current_scale(db))
        form.based_on.data = str(setting.id) if setting else ""
        return _render(form, start, previewing=start is not None)
    form = ScaleForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render(form, None, 400)
    scale = _scale_from(form)
    problems = rk.scale_problems(scale)
    for problem in problems:
        _show_problem(form, problem.field, problem.message, problem.params)
    if problems:
        return _render(form, None, 400)
    if request.form.get("action") == "preview":
        return _render(form, scale, previewing=True)
    if form.based_on.data != (str(setting.id) if setting else ""):
        flash(_("Someone else changed the risk matrix while you were editing it. Nothing was "
                "saved; the preview shows your version. Compare it with the matrix in force and "
                "save again."), "error")
        form.based_on.data = str(setting.id) if setting else ""
        return _render(form, scale, 409, previewing=True)
    try:
        save_scale(db, scale, by=current_user.email)
    except RiskRefused as refusal:
        db.rollback()
        _show_problem(form, refusal.field, refusal.message, refusal.params)
        return _render(form, scale, 400, previewing=True)
    db.commit()
    flash(_("The risk matrix was saved: %(likelihood)d × %(impact)d. New assessments use it.",
            likelihood=scale.likelihood_max, impact=scale.impact_max), "success")
    return redirect(url_for("admin.risk_matrix"))
