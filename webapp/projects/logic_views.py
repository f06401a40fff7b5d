"""The logic-model page: build the simplified and detailed model, see its checks and diagram.

Everything works with plain forms; the diagram is SVG made on the server.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy.orm.exc import StaleDataError

from exporters.logic_svg import render_logic_svg
from models import Project
from models.domain import logic as lm
from models.logic_model import LogicElement, LogicIndicator
from models.logic_models import (
    IndicatorValues,
    LogicModelRefused,
    add_element,
    add_indicator,
    add_link,
    baseline,
    checklist_facts,
    delete_element,
    delete_indicator,
    element_by_key,
    indicator_by_key,
    move_element,
    remove_link,
    set_purpose,
    to_domain,
    update_element,
    update_indicator,
)
from webapp.db import get_session
from webapp.forms import ButtonForm, choices
from webapp.permissions import is_project_editor, require
from webapp.projects.logic_forms import (
    ElementForm,
    IndicatorForm,
    LinkForm,
    PurposeForm,
)
from webapp.projects.views import _project_or_404, bp


def _translate(msgid: str, **params) -> str:
    return _(msgid, **params)


def _page_url(project: Project, anchor: str = "", **args) -> str:
    url = url_for("projects.logic_model", project_id=project.id, **args)
    return f"{url}#{anchor}" if anchor else url


def _editable_project(project_id: int) -> Project:
    """Return the project if the current user may change it (404 or 403 otherwise)."""
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    return project


def _element_or_404(project: Project, key: str) -> LogicElement:
    element = element_by_key(project, key)
    if element is None:
        abort(404)
    return element


def _indicator_or_404(project: Project, key: str) -> LogicIndicator:
    indicator = indicator_by_key(project, key)
    if indicator is None:
        abort(404)
    return indicator


def _element_choices(model: lm.Model) -> dict:
    """Elements grouped by level for a select (one option group per level)."""
    groups: dict[str, list] = {}
    for element in model.elements:
        text = element.text if len(element.text) <= 70 else element.text[:69] + "…"
        groups.setdefault(_(lm.LEVEL_LABELS[element.level]), []).append(
            (element.key, f"{element.key}: {text}")
        )
    return {label: choices(pairs) for label, pairs in groups.items()}


def _forms(project: Project, model: lm.Model, **bound):
    """Return the page's forms; ``bound`` replaces one with the form the user submitted."""
    holder = project.logic_model
    purpose = bound.get("purpose_form")
    if purpose is None:
        purpose = PurposeForm(prefix="purpose", formdata=None,
                              purpose=holder.purpose if holder else "")
        purpose.version.data = str(holder.version) if holder else ""
    element = bound.get("element_form") or ElementForm(prefix="element", formdata=None)
    link = bound.get("link_form") or LinkForm(prefix="link", formdata=None)
    link.source.choices = link.target.choices = _element_choices(model)
    return {"purpose_form": purpose, "element_form": element, "link_form": link}


def _render_page(project: Project, status: int = 200, **bound):
    model = to_domain(project)
    findings = lm.check(model)
    by_element: dict[str, list[lm.Finding]] = {}
    for finding in findings:
        if finding.element is not None:
            by_element.setdefault(finding.element, []).append(finding)
        for other in finding.related if finding.code in ("cycle", "duplicate_element") else ():
            by_element.setdefault(other, []).append(finding)
    focus_key = request.args.get("focus", "")
    focus = lm.chains_through(model, focus_key) if model.element(focus_key) else None
    svg = Markup(render_logic_svg(  # noqa: S704 - the renderer escapes every text it draws
        model, findings, _translate, focus=focus, title=_("Logic model of %(title)s",
                                                           title=project.title),
        element_href=lambda key: _page_url(project, f"element-{key}", focus=key),
        id_prefix="lm",
    ))
    base = baseline(project)
    difference = lm.diff(base, model) if base is not None else None
    outgoing = {e.key: [] for e in model.elements}
    incoming = {e.key: [] for e in model.elements}
    for link in model.links:
        outgoing[link.source].append(link.target)
        incoming[link.target].append(link.source)
    elements_by_level = {level: [e for e in model.elements if e.level == level]
                         for level in lm.LEVELS}
    rows = {e.key: e for e in project.logic_elements}
    return render_template(
        "projects/logic_model.html",
        project=project,
        model=model,
        findings=findings,
        errors=[f for f in findings if f.severity == lm.ERROR],
        warnings=[f for f in findings if f.severity == lm.WARNING],
        by_element=by_element,
        focus=focus,
        svg=svg,
        baseline_model=base,
        difference=difference,
        outgoing=outgoing,
        incoming=incoming,
        elements_by_level=elements_by_level,
        rows=rows,
        facts=checklist_facts(project),
        editor=is_project_editor(current_user, project),
        button_form=ButtonForm(),
        lm=lm,
        **_forms(project, model, **bound),
    ), status


@bp.route("/<int:project_id>/logic-model")
@login_required
def logic_model(project_id: int):
    return _render_page(_project_or_404(project_id))


@bp.route("/<int:project_id>/logic-model.svg")
@login_required
def logic_model_svg(project_id: int):
    project = _project_or_404(project_id)
    model = to_domain(project)
    svg = render_logic_svg(model, lm.check(model), _translate,
                           title=_("Logic model of %(title)s", title=project.title),
                           id_prefix="lm")
    response = Response('<?xml version="1.0" encoding="UTF-8"?>\n' + svg,
                        mimetype="image/svg+xml")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="logikmodell-{project.key}.svg"'
    )
    return response


def _refused(form, refusal: LogicModelRefused) -> None:
    """Show a refusal from the model's rules at the field it concerns."""
    message = _(refusal.message, **refusal.params)
    field = form[refusal.field] if refusal.field in form else None
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        flash(message, "error")


def _commit_or_conflict(project: Project, message: str, anchor: str = ""):
    db = get_session()
    try:
        db.commit()
    except StaleDataError:
        db.rollback()
        flash(_("Someone else changed the logic model at the same time. Your change has not been "
                "saved; check the current model and try again."), "error")
        return redirect(_page_url(project, anchor))
    flash(message, "success")
    return redirect(_page_url(project, anchor))


@bp.route("/<int:project_id>/logic-model/purpose", methods=["POST"])
@login_required
def logic_purpose(project_id: int):
    project = _editable_project(project_id)
    form = PurposeForm(prefix="purpose")
    if form.validate_on_submit():
        holder = project.logic_model
        if holder is not None and form.version.data != str(holder.version):
            flash(_("Someone else changed the overall purpose while you were editing it. Your "
                    "text is shown below; compare it with the current one and save again."),
                  "error")
            form.version.data = str(holder.version)
            return _render_page(project, 409, purpose_form=form)
        set_purpose(get_session(), project, form.purpose.data or "")
        return _commit_or_conflict(project, _("The overall purpose was saved."), "purpose")
    if "csrf_token" in form.errors:
        abort(400)
    return _render_page(project, 400, purpose_form=form)


def _submit_page_form(project_id: int, form, bound: str, action):
    """Handle a form of the logic-model page: ``action(db, project, form)`` changes the model and
    returns (message, anchor); a refusal or invalid input shows the page again with the errors."""
    project = _editable_project(project_id)
    if bound == "link_form":
        form.source.choices = form.target.choices = _element_choices(to_domain(project))
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_page(project, 400, **{bound: form})
    db = get_session()
    try:
        message, anchor = action(db, project, form)
    except LogicModelRefused as refusal:
        db.rollback()
        _refused(form, refusal)
        return _render_page(_project_or_404(project_id), 400, **{bound: form})
    return _commit_or_conflict(project, message, anchor)


@bp.route("/<int:project_id>/logic-model/elements", methods=["POST"])
@login_required
def logic_add_element(project_id: int):
    def action(db, project, form):
        element = add_element(db, project, level=form.level.data, text=form.text.data,
                              assumptions=form.assumptions.data or "")
        return (_("%(key)s was added. Link it to the elements it feeds or is fed by.",
                  key=element.key), f"element-{element.key}")

    return _submit_page_form(project_id, ElementForm(prefix="element"), "element_form", action)


@bp.route("/<int:project_id>/logic-model/elements/<key>/edit", methods=["GET", "POST"])
@login_required
def logic_edit_element(project_id: int, key: str):
    project = _editable_project(project_id)
    element = _element_or_404(project, key)
    if request.method == "GET":
        form = ElementForm(prefix="element", obj=element)
        form.version.data = str(element.version)
    else:
        form = ElementForm(prefix="element")
    status = 200
    if form.validate_on_submit():
        if form.version.data != str(element.version):
            return _element_conflict(project, element, form)
        db = get_session()
        try:
            update_element(db, project, element, level=form.level.data, text=form.text.data,
                           assumptions=form.assumptions.data or "")
            db.commit()
        except LogicModelRefused as refusal:
            db.rollback()
            _refused(form, refusal)
            status = 400
        except StaleDataError:
            db.rollback()
            project = _project_or_404(project_id)
            return _element_conflict(project, _element_or_404(project, key), form)
        else:
            flash(_("%(key)s was saved.", key=key), "success")
            return redirect(_page_url(project, f"element-{key}"))
    elif request.method == "POST":
        if "csrf_token" in form.errors:
            abort(400)
        status = 400
    return _render_element_page(project, element, form, status=status)


def _element_conflict(project: Project, element: LogicElement, form: ElementForm):
    get_session().rollback()
    flash(_("Someone else saved this element while you were editing it. Your changes have not "
            "been saved. Check the current version (open it in a new tab), then save again."),
          "error")
    form.version.data = str(element.version)
    return _render_element_page(project, element, form, status=409)


def _render_element_page(project: Project, element: LogicElement, form: ElementForm, *,
                         status: int = 200, indicator_form: IndicatorForm | None = None):
    model = to_domain(project)
    findings = [f for f in lm.check(model) if f.element == element.key]
    if indicator_form is None:
        indicator_form = IndicatorForm(prefix="indicator", formdata=None)
        indicator_form.kind.data = "process" if element.level == "activity" else "outcome"
    return render_template(
        "projects/logic_element.html", project=project, element=element, form=form,
        indicator_form=indicator_form, findings=findings, button_form=ButtonForm(), lm=lm,
    ), status


@bp.route("/<int:project_id>/logic-model/elements/<key>/move", methods=["POST"])
@login_required
def logic_move_element(project_id: int, key: str):
    project = _editable_project(project_id)
    element = _element_or_404(project, key)
    if not ButtonForm().validate_on_submit():
        abort(400)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    moved = move_element(get_session(), project, element, -1 if direction == "up" else 1)
    if not moved:
        flash(_("%(key)s is already first or last on its level.", key=key), "info")
        return redirect(_page_url(project, f"element-{key}"))
    return _commit_or_conflict(project, _("%(key)s was moved.", key=key), f"element-{key}")


@bp.route("/<int:project_id>/logic-model/elements/<key>/delete", methods=["GET", "POST"])
@login_required
def logic_delete_element(project_id: int, key: str):
    project = _editable_project(project_id)
    element = _element_or_404(project, key)
    form = ButtonForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if request.form.get("version") != str(element.version):
            flash(_("Someone else changed %(key)s after you opened this page. Check it before "
                    "you delete it.", key=key), "error")
            return redirect(url_for("projects.logic_delete_element", project_id=project.id,
                                    key=key))
        delete_element(get_session(), project, element)
        return _commit_or_conflict(project, _("%(key)s was deleted with its indicators and "
                                              "links.", key=key), "elements")
    links = len(element.outgoing) + len(element.incoming)
    return render_template("projects/logic_element_delete.html", project=project,
                           element=element, links=links, form=form, lm=lm)


@bp.route("/<int:project_id>/logic-model/links", methods=["POST"])
@login_required
def logic_add_link(project_id: int):
    def action(db, project, form):
        add_link(db, project, form.source.data, form.target.data)
        return (_("%(source)s now leads to %(target)s.", source=form.source.data,
                  target=form.target.data), "links")

    return _submit_page_form(project_id, LinkForm(prefix="link"), "link_form", action)


@bp.route("/<int:project_id>/logic-model/links/remove", methods=["POST"])
@login_required
def logic_remove_link(project_id: int):
    project = _editable_project(project_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    source, target = request.form.get("source", ""), request.form.get("target", "")
    if not remove_link(get_session(), project, source, target):
        flash(_("That link no longer exists; someone may have removed it already."), "info")
        return redirect(_page_url(project, "links"))
    return _commit_or_conflict(
        project, _("The link from %(source)s to %(target)s was removed.", source=source,
                   target=target), f"element-{source}")


def _indicator_values(form: IndicatorForm) -> IndicatorValues:
    return IndicatorValues(
        name=form.name.data or "", kind=form.kind.data, data_source=form.data_source.data or "",
        data_source_kind=form.data_source_kind.data or None,
        data_level=form.data_level.data or None, unit=form.unit.data or None,
        baseline=form.baseline.data, target=form.target.data,
        horizon_months=form.horizon_months.data,
    )


@bp.route("/<int:project_id>/logic-model/elements/<key>/indicators", methods=["POST"])
@login_required
def logic_add_indicator(project_id: int, key: str):
    project = _editable_project(project_id)
    element = _element_or_404(project, key)
    form = IndicatorForm(prefix="indicator")
    if form.validate_on_submit():
        db = get_session()
        try:
            indicator = add_indicator(db, project, element, _indicator_values(form))
        except LogicModelRefused as refusal:
            db.rollback()
            _refused(form, refusal)
        else:
            new_key = indicator.key
            try:
                db.commit()
            except StaleDataError:  # pragma: no cover - indicators have no shared version
                db.rollback()
                abort(409)
            flash(_("The indicator %(key)s was added to %(element)s.", key=new_key,
                    element=key), "success")
            return redirect(_page_url(project, f"element-{key}"))
    elif "csrf_token" in form.errors:
        abort(400)
    project = _project_or_404(project_id)
    element = _element_or_404(project, key)
    edit_form = ElementForm(prefix="element", obj=element, formdata=None)
    edit_form.version.data = str(element.version)
    return _render_element_page(project, element, edit_form, status=400, indicator_form=form)


@bp.route("/<int:project_id>/logic-model/indicators/<key>/edit", methods=["GET", "POST"])
@login_required
def logic_edit_indicator(project_id: int, key: str):
    project = _editable_project(project_id)
    indicator = _indicator_or_404(project, key)
    if request.method == "GET":
        form = IndicatorForm(prefix="indicator", obj=indicator)
        form.unit.data = indicator.unit or ""
        form.data_source_kind.data = indicator.data_source_kind or ""
        form.data_level.data = indicator.data_level or ""
        form.version.data = str(indicator.version)
    else:
        form = IndicatorForm(prefix="indicator")
    status = 200
    if form.validate_on_submit():
        db = get_session()
        conflict = form.version.data != str(indicator.version)
        if not conflict:
            try:
                update_indicator(db, indicator, _indicator_values(form))
                db.commit()
            except LogicModelRefused as refusal:
                db.rollback()
                _refused(form, refusal)
                status = 400
            except StaleDataError:
                db.rollback()
                conflict = True
            else:
                flash(_("The indicator %(key)s was saved.", key=key), "success")
                return redirect(_page_url(project, f"element-{indicator.element.key}"))
        if conflict:
            indicator = _indicator_or_404(_project_or_404(project_id), key)
            flash(_("Someone else saved this indicator while you were editing it. Your changes "
                    "have not been saved. Check the current version (open it in a new tab), "
                    "then save again."), "error")
            form.version.data = str(indicator.version)
            status = 409
    elif request.method == "POST":
        if "csrf_token" in form.errors:
            abort(400)
        status = 400
    return render_template("projects/logic_indicator.html", project=project,
                           indicator=indicator, element=indicator.element, form=form,
                           lm=lm), status


@bp.route("/<int:project_id>/logic-model/indicators/<key>/delete", methods=["POST"])
@login_required
def logic_delete_indicator(project_id: int, key: str):
    project = _editable_project(project_id)
    indicator = _indicator_or_404(project, key)
    if not ButtonForm().validate_on_submit():
        abort(400)
    element_key = indicator.element.key
    delete_indicator(get_session(), indicator)
    return _commit_or_conflict(project, _("The indicator %(key)s was deleted.", key=key),
                               f"element-{element_key}")
