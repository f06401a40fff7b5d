"""The needs analysis: need areas with indicators, breakdowns, data and qualitative sources."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from models import (
    DataSource,
    Department,
    NeedArea,
    NeedIndicator,
    QualitativeSource,
)
from models.calls import only_need_area_of
from models.domain.labels import DIMENSION_LABELS, NEED_STATUS_LABELS
from models.need_areas import add_indicator, new_need_area_key, set_breakdown
from webapp.charts import breakdown_bars
from webapp.db import get_session
from webapp.forms import BaseForm, ButtonForm, choices
from webapp.needs.forms import (
    BreakdownForm,
    DataSourceForm,
    IndicatorForm,
    NeedAreaForm,
    QualitativeSourceForm,
)
from webapp.permissions import require

bp = Blueprint("needs", __name__, url_prefix="/needs")

#: Who may record and change the needs analysis.
NEEDS_EDITORS = ("coordinator", "project_leader")


def can_edit_needs(user) -> bool:
    return user.is_authenticated and user.active and user.role in NEEDS_EDITORS


def _area_or_404(area_id: int) -> NeedArea:
    area = get_session().scalar(
        select(NeedArea).where(NeedArea.id == area_id).options(
            selectinload(NeedArea.indicators).selectinload(NeedIndicator.breakdowns),
            selectinload(NeedArea.data_sources),
            selectinload(NeedArea.qualitative_sources),
            selectinload(NeedArea.projects),
            selectinload(NeedArea.ses_analyses),
            selectinload(NeedArea.flow_analyses),
        )
    )
    if area is None:
        abort(404)
    return area


def _editable_area(area_id: int) -> NeedArea:
    require(can_edit_needs(current_user))
    return _area_or_404(area_id)


def _conflict_message() -> str:
    return _("Someone else saved this while you were editing it. Your changes have not been "
             "saved. Check the current version (open it in a new tab), then save again.")


@bp.route("/")
@login_required
def index():
    db = get_session()
    status = request.args.get("status")
    stmt = select(NeedArea).options(selectinload(NeedArea.projects),
                                    selectinload(NeedArea.department)).order_by(NeedArea.title)
    if status in NEED_STATUS_LABELS:
        stmt = stmt.where(NeedArea.status == status)
    areas = db.scalars(stmt).all()
    counts = dict(db.execute(
        select(NeedIndicator.need_area_id, func.count()).group_by(NeedIndicator.need_area_id)
    ).all())
    return render_template("needs/index.html", areas=areas, counts=counts, status=status,
                           statuses=NEED_STATUS_LABELS, editor=can_edit_needs(current_user))


def _department_choices(form: NeedAreaForm) -> None:
    form.department_id.choices = choices([(None, _("Not stated"))] + [
        (d.id, d.name) for d in get_session().scalars(select(Department).order_by(Department.name))
    ])


def _apply_area(form: NeedAreaForm, area: NeedArea) -> None:
    for name in ("title", "outcome", "description", "target_group", "raised_by", "status"):
        setattr(area, name, form[name].data or "")
    area.raised_by_kind = form.raised_by_kind.data or None
    area.department_id = form.department_id.data


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    require(can_edit_needs(current_user))
    form = NeedAreaForm()
    _department_choices(form)
    if form.validate_on_submit():
        db = get_session()
        area = NeedArea(key=new_need_area_key(db, form.title.data))
        _apply_area(form, area)
        db.add(area)
        db.commit()
        flash(_("The need area was created."), "success")
        return redirect(url_for("needs.show", area_id=area.id))
    status = 400 if request.method == "POST" else 200
    return render_template("needs/form.html", form=form, area=None), status


@bp.route("/<int:area_id>/edit", methods=["GET", "POST"])
@login_required
def edit(area_id: int):
    area = _editable_area(area_id)
    if request.method == "GET":
        form = NeedAreaForm(obj=area)
        form.raised_by_kind.data = area.raised_by_kind or ""
        form.version.data = str(area.version)
    else:
        form = NeedAreaForm()
    _department_choices(form)
    status = 200
    if form.validate_on_submit():
        db = get_session()
        if form.version.data == str(area.version):
            _apply_area(form, area)
            try:
                db.commit()
            except StaleDataError:
                db.rollback()
            else:
                flash(_("The changes were saved."), "success")
                return redirect(url_for("needs.show", area_id=area.id))
        db.rollback()
        flash(_conflict_message(), "error")
        form.version.data = str(_area_or_404(area_id).version)
        status = 409
    elif request.method == "POST":
        status = 400
    return render_template("needs/form.html", form=form, area=area), status


@bp.route("/<int:area_id>/delete", methods=["POST"])
@login_required
def delete(area_id: int):
    require(current_user.role == "coordinator")
    area = _area_or_404(area_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    db = get_session()
    calls = only_need_area_of(db, area)
    if calls:
        flash(_("The need area is the only one named in the call %(calls)s and cannot be "
                "deleted; name another need area in the call first.",
                calls=", ".join(call.title for call in calls)), "error")
        return redirect(url_for("needs.show", area_id=area.id))
    db.delete(area)
    db.commit()
    flash(_("The need area %(title)s was deleted with its indicators and sources.",
            title=area.title), "success")
    return redirect(url_for("needs.index"))


def _indicator_charts(area: NeedArea) -> dict[int, list]:
    """One bar chart per indicator and background factor, with the average marked."""
    charts: dict[int, list] = {}
    for indicator in area.indicators:
        for dimension, label in DIMENSION_LABELS.items():
            rows = [b for b in indicator.breakdowns if b.dimension == dimension]
            if not rows:
                continue
            average = indicator.value if indicator.value is not None else (
                sum(b.value for b in rows) / len(rows))
            average_label = (_("Total %(year)s", year=indicator.year) if indicator.value is not None
                             and indicator.year else _("Total") if indicator.value is not None
                             else _("Mean of the categories"))
            charts.setdefault(indicator.id, []).append(breakdown_bars(
                _("%(indicator)s by %(factor)s", indicator=indicator.name,
                  factor=_(label).lower()),
                [b.category for b in rows], [b.value for b in rows], average, indicator.unit,
                average_label,
            ))
    return charts


@bp.route("/<int:area_id>")
@login_required
def show(area_id: int):
    area = _area_or_404(area_id)
    editor = can_edit_needs(current_user)
    return render_template(
        "needs/show.html", area=area, editor=editor, charts=_indicator_charts(area),
        indicator_form=IndicatorForm(prefix="indicator", formdata=None),
        source_form=DataSourceForm(prefix="source", formdata=None),
        qualitative_form=QualitativeSourceForm(prefix="qualitative", formdata=None),
        button_form=ButtonForm(),
    )


# --- indicators, data sources and qualitative sources: add, edit, delete ---------------------


@dataclass(frozen=True)
class Part:
    """One kind of record kept under a need area."""

    model: type
    form: type[BaseForm]
    prefix: str
    collection: str
    anchor: str
    added: str
    saved: str
    deleted: str


PARTS = {
    "indicators": Part(NeedIndicator, IndicatorForm, "indicator", "indicators", "indicators",
                       "The indicator was added.", "The indicator was saved.",
                       "The indicator was deleted."),
    "sources": Part(DataSource, DataSourceForm, "source", "data_sources", "sources",
                    "The data source was added.", "The data source was saved.",
                    "The data source was deleted."),
    "qualitative": Part(QualitativeSource, QualitativeSourceForm, "qualitative",
                        "qualitative_sources", "qualitative", "The source was added.",
                        "The source was saved.", "The source was deleted."),
}


def _part_or_404(kind: str) -> Part:
    part = PARTS.get(kind)
    if part is None:
        abort(404)
    return part


def _record_or_404(area: NeedArea, part: Part, record_id: int):
    record = next((r for r in getattr(area, part.collection) if r.id == record_id), None)
    if record is None:
        abort(404)
    return record


def _copy(form: BaseForm, record) -> None:
    """Copy the form's values onto the record: empty choices become null, missing text empty."""
    for field in form:
        if field.short_name in ("csrf_token", "version"):
            continue
        value = field.data
        if field.type == "SelectField" and value == "":
            value = None
        elif value is None and field.type in ("StringField", "TextAreaField"):
            value = ""
        setattr(record, field.short_name, value)


@bp.route("/<int:area_id>/<kind>", methods=["POST"])
@login_required
def add_part(area_id: int, kind: str):
    area = _editable_area(area_id)
    part = _part_or_404(kind)
    form = part.form(prefix=part.prefix)
    if form.validate_on_submit():
        db = get_session()
        if part.model is NeedIndicator:
            record = add_indicator(area, name=form.name.data)
        else:
            record = part.model(position=len(getattr(area, part.collection)))
            getattr(area, part.collection).append(record)
        _copy(form, record)
        db.commit()
        flash(_(part.added), "success")
        return redirect(url_for("needs.show", area_id=area.id) + f"#{part.anchor}")
    if "csrf_token" in form.errors:
        abort(400)
    forms = {"indicator_form": IndicatorForm(prefix="indicator", formdata=None),
             "source_form": DataSourceForm(prefix="source", formdata=None),
             "qualitative_form": QualitativeSourceForm(prefix="qualitative", formdata=None)}
    forms[f"{part.prefix}_form"] = form
    return render_template("needs/show.html", area=area, editor=True,
                           charts=_indicator_charts(area), button_form=ButtonForm(),
                           **forms), 400


@bp.route("/<int:area_id>/<kind>/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit_part(area_id: int, kind: str, record_id: int):
    area = _editable_area(area_id)
    part = _part_or_404(kind)
    record = _record_or_404(area, part, record_id)
    if request.method == "GET":
        form = part.form(prefix=part.prefix, obj=record)
        for field in form:
            if field.type == "SelectField" and field.data is None:
                field.data = ""
        form.version.data = str(record.version)
    else:
        form = part.form(prefix=part.prefix)
    status = 200
    if form.validate_on_submit():
        db = get_session()
        if form.version.data == str(record.version):
            _copy(form, record)
            try:
                db.commit()
            except StaleDataError:
                db.rollback()
            else:
                flash(_(part.saved), "success")
                return redirect(url_for("needs.show", area_id=area.id) + f"#{part.anchor}")
        db.rollback()
        flash(_conflict_message(), "error")
        area = _area_or_404(area_id)
        record = _record_or_404(area, part, record_id)
        form.version.data = str(record.version)
        status = 409
    elif request.method == "POST":
        if "csrf_token" in form.errors:
            abort(400)
        status = 400
    breakdown_form = BreakdownForm(prefix="breakdown", formdata=None)
    return render_template("needs/part_form.html", area=area, part=part, kind=kind,
                           record=record, form=form, breakdown_form=breakdown_form,
                           button_form=ButtonForm()), status


@bp.route("/<int:area_id>/<kind>/<int:record_id>/delete", methods=["POST"])
@login_required
def delete_part(area_id: int, kind: str, record_id: int):
    area = _editable_area(area_id)
    part = _part_or_404(kind)
    record = _record_or_404(area, part, record_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    db = get_session()
    getattr(area, part.collection).remove(record)
    db.delete(record)
    db.commit()
    flash(_(part.deleted), "success")
    return redirect(url_for("needs.show", area_id=area.id) + f"#{part.anchor}")


@bp.route("/<int:area_id>/indicators/<int:record_id>/breakdowns", methods=["POST"])
@login_required
def add_breakdown(area_id: int, record_id: int):
    area = _editable_area(area_id)
    indicator = _record_or_404(area, PARTS["indicators"], record_id)
    form = BreakdownForm(prefix="breakdown")
    back = url_for("needs.edit_part", area_id=area.id, kind="indicators", record_id=record_id)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        edit_form = IndicatorForm(prefix="indicator", obj=indicator, formdata=None)
        edit_form.version.data = str(indicator.version)
        return render_template("needs/part_form.html", area=area, part=PARTS["indicators"],
                               kind="indicators", record=indicator, form=edit_form,
                               breakdown_form=form, button_form=ButtonForm()), 400
    set_breakdown(indicator, form.dimension.data, form.category.data, form.value.data)
    get_session().commit()
    flash(_("The value for %(category)s was saved.", category=form.category.data), "success")
    return redirect(back + "#breakdowns")


@bp.route("/<int:area_id>/indicators/<int:record_id>/breakdowns/<int:breakdown_id>/delete",
          methods=["POST"])
@login_required
def delete_breakdown(area_id: int, record_id: int, breakdown_id: int):
    area = _editable_area(area_id)
    indicator = _record_or_404(area, PARTS["indicators"], record_id)
    breakdown = next((b for b in indicator.breakdowns if b.id == breakdown_id), None)
    if breakdown is None:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    db = get_session()
    indicator.breakdowns.remove(breakdown)
    db.delete(breakdown)
    db.commit()
    flash(_("The value for %(category)s was deleted.", category=breakdown.category), "success")
    return redirect(url_for("needs.edit_part", area_id=area.id, kind="indicators",
                            record_id=record_id) + "#breakdowns")


from webapp.needs import analysis_views, export_views  # noqa: E402,F401  (routes on this blueprint)

__all__ = ["bp"]
