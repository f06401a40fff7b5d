"""The risk matrix (guide, table 1): a project's risks with their heat map and stop criteria,
the snapshot taken at approval, and the portfolio's heat map.

Everything works with plain forms and links; the heat map is an HTML table whose cells link to
the risks they count. Band colours come from a small stylesheet made from the scale's colours
(the security policy allows no inline styles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from models import Project
from models.design import Risk, StopCriterion
from models.domain import logic as lm
from models.domain import risk as rk
from models.risks import (
    STOP_KIND_LABELS,
    RiskRefused,
    RiskValues,
    StopValues,
    add_risk,
    add_stop_criterion,
    band_of,
    current_scale,
    delete_risk,
    delete_stop_criterion,
    latest_snapshot,
    move_risk,
    outcome_indicators,
    portfolio_risks,
    project_risks,
    project_stop_criteria,
    read_snapshot,
    risk_by_key,
    risk_checklist_facts,
    stop_criterion_by_id,
    update_risk,
    update_stop_criterion,
    within,
    without_responsibility,
)
from webapp.db import get_session
from webapp.forms import ButtonForm, choices
from webapp.permissions import is_project_editor, require
from webapp.portfolio.views import _portfolio_route
from webapp.projects.risk_forms import RiskForm, StopCriterionForm
from webapp.projects.views import _project_or_404, bp

_PAIR = re.compile(r"[0-9a-f]{6}-[0-9a-f]{6}")
#: The most colour pairs one stylesheet holds (three bands of a few scales).
MAX_PAIRS = 12


# --- colours and the heat map ---------------------------------------------------------------


def _hex6(colour: str) -> str:
    digits = colour.lstrip("#").lower()
    return "".join(c * 2 for c in digits) if len(digits) == 3 else digits


def colour_pair(colour: rk.BandColour) -> str:
    """``background-text`` as six-digit hex, e.g. ``a6d96a-1b1b1b``."""
    return f"{_hex6(colour.background)}-{_hex6(colour.text)}"


def colour_class(colour: rk.BandColour) -> str:
    return f"rc-{colour_pair(colour)}"


def colours_url(*scales: rk.RiskScale) -> str:
    """The stylesheet with the band colours of ``scales``."""
    pairs = []
    for scale in scales:
        for colour in scale.colours:
            pair = colour_pair(colour)
            if _PAIR.fullmatch(pair) and pair not in pairs:
                pairs.append(pair)
    return url_for("projects.risk_colours", c=pairs)


@dataclass(frozen=True)
class Matrix:
    """A scale with its grid, for the heat-map macro (labels translated here, so a label with a
    per cent sign stays as it is)."""

    scale: rk.RiskScale
    rows: tuple[tuple[rk.HeatCell, ...], ...]

    @property
    def impact_levels(self) -> range:
        return range(1, self.scale.impact_max + 1)

    def likelihood_label(self, level: int) -> str:
        return _(self.scale.likelihood_label(level))

    def impact_label(self, level: int) -> str:
        return _(self.scale.impact_label(level))

    def css(self, band: str) -> str:
        return colour_class(self.scale.colour(band))

    def band_label(self, band: str) -> str:
        return _(rk.BAND_LABELS[band])

    def band_range(self, band: str) -> str:
        """The scores of a band on this scale: "1–4", "15–25", or one score."""
        scores = sorted(s for s in self.scale.scores() if rk.priority(s, self.scale) == band)
        if not scores:
            return "–"
        return str(scores[0]) if scores[0] == scores[-1] else f"{scores[0]}–{scores[-1]}"

    def bands(self) -> tuple[str, ...]:
        return rk.BANDS


def matrix(scale: rk.RiskScale, items=()) -> Matrix:
    return Matrix(scale, rk.heat_map(items, scale))


def _level_arg(name: str, top: int) -> int | None:
    value = request.args.get(name, type=int)
    return value if value is not None and 1 <= value <= top else None


def _cell_filter(scale: rk.RiskScale) -> tuple[int, int] | None:
    likelihood = _level_arg("likelihood", scale.likelihood_max)
    impact = _level_arg("impact", scale.impact_max)
    return (likelihood, impact) if likelihood is not None and impact is not None else None


def _level_choices(scale: rk.RiskScale, axis: str) -> list:
    top = scale.likelihood_max if axis == "likelihood" else scale.impact_max
    label = scale.likelihood_label if axis == "likelihood" else scale.impact_label
    return choices([("", _("Choose"))] + [(n, f"{n} – {_(label(n))}") for n in range(1, top + 1)])


@bp.route("/risk-colours.css")
@login_required
def risk_colours():
    """The band colours asked for as classes ``rc-<background>-<text>``."""
    lines = []
    for pair in request.args.getlist("c")[:MAX_PAIRS]:
        if not _PAIR.fullmatch(pair):
            continue
        background, text = pair.split("-")
        lines.append(f".rc-{pair}{{background-color:#{background};color:#{text}}}\n"
                     f".rc-{pair} a,.rc-{pair} a:visited{{color:#{text}}}\n")
    response = Response("".join(lines), mimetype="text/css")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


# --- the project's risks page ---------------------------------------------------------------


def _editable_project(project_id: int) -> Project:
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    return project


def _risk_or_404(project: Project, key: str) -> Risk:
    risk = risk_by_key(get_session(), project, key)
    if risk is None:
        abort(404)
    return risk


def _criterion_or_404(project: Project, criterion_id: int) -> StopCriterion:
    criterion = stop_criterion_by_id(get_session(), project, criterion_id)
    if criterion is None:
        abort(404)
    return criterion


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _element_choices(project: Project) -> list:
    elements = sorted(project.logic_elements, key=lambda e: (lm.RANK[e.level], e.position, e.id))
    return choices([("", _("None"))] + [
        (e.key, f"{e.key}: {_short(e.text)} ({_(lm.LEVEL_SINGULAR[e.level])})")
        for e in elements
    ])


def _indicator_choices(project: Project) -> list:
    return choices([("", _("None"))] + [
        (i.key, f"{i.key}: {_short(i.name)} ({i.element.key})")
        for i in outcome_indicators(project)
    ])


def _risk_form(project: Project, scale: rk.RiskScale, risk: Risk | None = None,
               bound: RiskForm | None = None) -> RiskForm:
    form = bound
    if form is None:
        form = RiskForm(prefix="risk", formdata=None, obj=risk)
        if risk is not None:
            form.element.data = risk.element.key if risk.element else ""
            form.version.data = str(risk.version)
    form.likelihood.choices = _level_choices(scale, "likelihood")
    form.impact.choices = _level_choices(scale, "impact")
    form.element.choices = _element_choices(project)
    return form


def _stop_form(project: Project, criterion: StopCriterion | None = None,
               bound: StopCriterionForm | None = None) -> StopCriterionForm:
    form = bound
    if form is None:
        form = StopCriterionForm(prefix="stop", formdata=None, obj=criterion)
        if criterion is not None:
            form.indicator.data = criterion.indicator.key if criterion.indicator else ""
            if criterion.kind == "budget" and criterion.threshold is not None:
                form.threshold.data = criterion.threshold * 100
            form.version.data = str(criterion.version)
    form.indicator.choices = _indicator_choices(project)
    return form


def _render(project: Project, status: int = 200, *, risk_form: RiskForm | None = None,
            stop_form: StopCriterionForm | None = None, editing: Risk | None = None,
            editing_stop: StopCriterion | None = None):
    db = get_session()
    scale = current_scale(db)
    risks = project_risks(db, project)
    inside, outside = within(risks, scale)
    live = matrix(scale, [rk.RiskItem(r.key, r.likelihood, r.impact, r.kind, r.status)
                          for r in inside])
    cell = _cell_filter(scale)
    shown = risks if cell is None else [
        r for r in inside if (r.likelihood, r.impact) == cell and r.status == rk.OPEN]
    snapshot = latest_snapshot(db, project)
    snap = snap_matrix = None
    if snapshot is not None:
        snap = read_snapshot(snapshot)
        try:
            snap_matrix = matrix(snap.scale, snap.items())
        except rk.RiskError:  # pragma: no cover - a snapshot is always on its own scale
            snap_matrix = None
    editor = is_project_editor(current_user, project)
    return render_template(
        "projects/risks.html",
        project=project,
        scale=scale,
        live=live,
        risks=risks,
        shown=shown,
        outside=outside,
        cell=cell,
        harms=[r for r in risks if r.harms_individual and r.status == rk.OPEN],
        missing=without_responsibility(risks),
        done=risk_checklist_facts(project)["design.risk_analysis"],
        bands={r.key: band_of(r.likelihood, r.impact, scale) for r in risks},
        criteria=project_stop_criteria(db, project),
        snapshot=snap,
        snapshot_day=to_user_timezone(snap.taken_at).date() if snap else None,
        snapshot_matrix=snap_matrix,
        colours_url=colours_url(scale, *([snap.scale] if snap else [])),
        editor=editor,
        editing=editing,
        editing_stop=editing_stop,
        risk_form=_risk_form(project, scale, editing, risk_form) if editor else None,
        stop_form=_stop_form(project, editing_stop, stop_form) if editor else None,
        button_form=ButtonForm(),
        rk=rk,
        stop_kind_labels={k: _(v) for k, v in STOP_KIND_LABELS.items()},
    ), status


def _page_url(project: Project, anchor: str = "") -> str:
    url = url_for("projects.risks", project_id=project.id)
    return f"{url}#{anchor}" if anchor else url


def _refused(form, refusal: RiskRefused) -> None:
    message = _(refusal.message, **refusal.params)
    if refusal.field in form:
        form[refusal.field].errors = [*form[refusal.field].errors, message]
    else:
        flash(message, "error")


def _risk_values(form: RiskForm) -> RiskValues:
    return RiskValues(
        description=form.description.data or "", likelihood=form.likelihood.data,
        impact=form.impact.data, kind=form.kind.data, action=form.action.data or "",
        owner=form.owner.data or "", status=form.status.data, review_on=form.review_on.data,
        harms_individual=bool(form.harms_individual.data), element=form.element.data or None,
    )


def _stop_values(form: StopCriterionForm) -> StopValues:
    threshold = form.threshold.data
    if threshold is not None and form.kind.data == "budget":
        threshold = threshold / 100  # typed in per cent, kept as a share
    return StopValues(text=form.text.data or "", kind=form.kind.data,
                      indicator=form.indicator.data or None, threshold=threshold)


def _commit(project: Project, message: str, anchor: str):
    db = get_session()
    try:
        db.commit()
    except StaleDataError:
        db.rollback()
        flash(_("Someone else changed the risk matrix at the same time. Your change has not "
                "been saved; check the current matrix and try again."), "error")
        return redirect(_page_url(project, anchor))
    flash(message, "success")
    return redirect(_page_url(project, anchor))


@bp.route("/<int:project_id>/risks")
@login_required
def risks(project_id: int):
    """The risk matrix: every role reads it."""
    return _render(_project_or_404(project_id))


@bp.route("/<int:project_id>/risks", methods=["POST"])
@login_required
def risk_add(project_id: int):
    """Add a risk (the project's editors)."""
    project = _editable_project(project_id)
    scale = current_scale(get_session())
    form = _risk_form(project, scale, bound=RiskForm(prefix="risk"))
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render(project, 400, risk_form=form)
    db = get_session()
    try:
        risk = add_risk(db, project, _risk_values(form), scale)
    except RiskRefused as refusal:
        db.rollback()
        _refused(form, refusal)
        return _render(_project_or_404(project_id), 400, risk_form=form)
    return _commit(project, _("The risk %(key)s was added.", key=risk.key), f"risk-{risk.key}")


@bp.route("/<int:project_id>/risks/<risk_key>/edit", methods=["GET", "POST"])
@login_required
def risk_edit(project_id: int, risk_key: str):
    project = _editable_project(project_id)
    risk = _risk_or_404(project, risk_key)
    if request.method == "GET":
        return _render(project, editing=risk)
    db = get_session()
    scale = current_scale(db)
    form = _risk_form(project, scale, bound=RiskForm(prefix="risk"))
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render(project, 400, risk_form=form, editing=risk)
    conflict = form.version.data != str(risk.version)
    if not conflict:
        try:
            update_risk(db, project, risk, _risk_values(form), scale)
            db.commit()
        except RiskRefused as refusal:
            db.rollback()
            _refused(form, refusal)
            project = _project_or_404(project_id)
            return _render(project, 400, risk_form=form, editing=_risk_or_404(project, risk_key))
        except StaleDataError:
            db.rollback()
            conflict = True
        else:
            flash(_("The risk %(key)s was saved.", key=risk_key), "success")
            return redirect(_page_url(project, f"risk-{risk_key}"))
    db.rollback()
    project = _project_or_404(project_id)
    risk = _risk_or_404(project, risk_key)
    flash(_("Someone else saved this risk while you were editing it. Your changes have not been "
            "saved. Check the current version (open it in a new tab), then save again."),
          "error")
    form.version.data = str(risk.version)
    return _render(project, 409, risk_form=form, editing=risk)


@bp.route("/<int:project_id>/risks/<risk_key>/delete", methods=["GET", "POST"])
@login_required
def risk_delete(project_id: int, risk_key: str):
    project = _editable_project(project_id)
    risk = _risk_or_404(project, risk_key)
    form = ButtonForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if request.form.get("version") != str(risk.version):
            flash(_("Someone else changed %(key)s after you opened this page. Check it before "
                    "you delete it.", key=risk_key), "error")
            return redirect(url_for("projects.risk_delete", project_id=project.id,
                                    risk_key=risk_key))
        delete_risk(get_session(), risk)
        return _commit(project, _("The risk %(key)s was deleted.", key=risk_key), "risks")
    scale = current_scale(get_session())
    band = band_of(risk.likelihood, risk.impact, scale)
    return render_template("projects/risk_delete.html", project=project, risk=risk, form=form,
                           band=band, rk=rk, colours_url=colours_url(scale),
                           band_class=colour_class(scale.colour(band)))


@bp.route("/<int:project_id>/risks/<risk_key>/move", methods=["POST"])
@login_required
def risk_move(project_id: int, risk_key: str):
    project = _editable_project(project_id)
    risk = _risk_or_404(project, risk_key)
    if not ButtonForm().validate_on_submit():
        abort(400)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    if not move_risk(get_session(), project, risk, -1 if direction == "up" else 1):
        flash(_("%(key)s is already first or last.", key=risk_key), "info")
        return redirect(_page_url(project, f"risk-{risk_key}"))
    return _commit(project, _("%(key)s was moved.", key=risk_key), f"risk-{risk_key}")


@bp.route("/<int:project_id>/stop-criteria", methods=["POST"])
@login_required
def stop_criterion_add(project_id: int):
    project = _editable_project(project_id)
    form = _stop_form(project, bound=StopCriterionForm(prefix="stop"))
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render(project, 400, stop_form=form)
    db = get_session()
    try:
        add_stop_criterion(db, project, _stop_values(form))
    except RiskRefused as refusal:
        db.rollback()
        _refused(form, refusal)
        return _render(_project_or_404(project_id), 400, stop_form=form)
    return _commit(project, _("The stop criterion was added."), "stop-criteria")


@bp.route("/<int:project_id>/stop-criteria/<int:criterion_id>/edit", methods=["GET", "POST"])
@login_required
def stop_criterion_edit(project_id: int, criterion_id: int):
    project = _editable_project(project_id)
    criterion = _criterion_or_404(project, criterion_id)
    if request.method == "GET":
        return _render(project, editing_stop=criterion)
    form = _stop_form(project, bound=StopCriterionForm(prefix="stop"))
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render(project, 400, stop_form=form, editing_stop=criterion)
    db = get_session()
    conflict = form.version.data != str(criterion.version)
    if not conflict:
        try:
            update_stop_criterion(db, project, criterion, _stop_values(form))
            db.commit()
        except RiskRefused as refusal:
            db.rollback()
            _refused(form, refusal)
            project = _project_or_404(project_id)
            return _render(project, 400, stop_form=form,
                           editing_stop=_criterion_or_404(project, criterion_id))
        except StaleDataError:
            db.rollback()
            conflict = True
        else:
            flash(_("The stop criterion was saved."), "success")
            return redirect(_page_url(project, "stop-criteria"))
    db.rollback()
    project = _project_or_404(project_id)
    criterion = _criterion_or_404(project, criterion_id)
    flash(_("Someone else saved this stop criterion while you were editing it. Your changes "
            "have not been saved. Check the current version (open it in a new tab), then save "
            "again."), "error")
    form.version.data = str(criterion.version)
    return _render(project, 409, stop_form=form, editing_stop=criterion)


@bp.route("/<int:project_id>/stop-criteria/<int:criterion_id>/delete", methods=["POST"])
@login_required
def stop_criterion_delete(project_id: int, criterion_id: int):
    project = _editable_project(project_id)
    criterion = _criterion_or_404(project, criterion_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    delete_stop_criterion(get_session(), criterion)
    return _commit(project, _("The stop criterion was deleted."), "stop-criteria")


# --- the portfolio's heat map ---------------------------------------------------------------


@_portfolio_route("/portfolio/risks", "risks")
@login_required
def portfolio_risks_page():
    """One heat map of the open risks of every active initiative; every logged-in role may read
    it. A cell's link lists the risks in it with their initiative."""
    db = get_session()
    scale = current_scale(db)
    inside, outside = within(portfolio_risks(db), scale)
    items = [rk.RiskItem(str(r.id), r.likelihood, r.impact, r.kind, r.status) for r in inside]
    cell = _cell_filter(scale)
    in_cell = [] if cell is None else [r for r in inside if (r.likelihood, r.impact) == cell]
    return render_template(
        "portfolio/risks.html",
        scale=scale,
        live=matrix(scale, items),
        cell=cell,
        in_cell=in_cell,
        outside=outside,
        threats=rk.count_by_band(items, scale),
        opportunities=rk.count_by_band(items, scale, kind=rk.OPPORTUNITY),
        harms=[r for r in inside + outside if r.harms_individual],
        bands={r.id: band_of(r.likelihood, r.impact, scale) for r in inside + outside},
        colours_url=colours_url(scale),
        projects=len({r.project_id for r in inside + outside}),
        rk=rk,
    )
