"""Uploads of the needs analysis: indicator values (with a preview), the socio-economic index per
area and the flow analysis of placements. Every upload is read completely before anything is
stored; a refused upload names the row and column of each problem."""

from __future__ import annotations

import json
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models.domain import N_
from models.domain.flows import (
    GROUP_LABELS,
    PLACEMENT_LABELS,
    FlowError,
    PlacementEvent,
    analyse_flows,
)
from models.domain.kolada import NATIONAL, kolada_rows
from models.domain.ses import SES_VARIABLE_LABELS, AreaInput, SesError, compute_ses
from models.need_areas import (
    IndicatorRow,
    apply_indicator_import,
    flow_from_json,
    flow_to_json,
    keep_pending,
    peek_pending,
    plan_indicator_import,
    take_pending,
)
from models.needs import FlowAnalysis, SesAnalysis, SesArea
from models.uploads import (
    UploadError,
    UploadRefused,
    parse_indicator_table,
    parse_placement_table,
    parse_ses_table,
    read_kolada,
)
from webapp.charts import choropleth, ranked_bars, sankey, scatter
from webapp.db import get_session
from webapp.forms import ButtonForm
from webapp.needs.forms import FlowForm, IndicatorImportForm, SesForm
from webapp.needs.views import _area_or_404, _editable_area, bp

#: The largest area boundary file accepted.
MAX_GEOJSON_BYTES = 10 * 1024 * 1024


def _upload_errors(refusal: UploadRefused) -> list[str]:
    return [_(e.message, **e.params) for e in refusal.errors]


def _read(field) -> tuple[str, bytes]:
    storage = field.data
    return (storage.filename or "", storage.read())


# --- indicator values -------------------------------------------------------------------------


def _rows_from_file(filename: str, data: bytes, municipality: str) -> list[IndicatorRow]:
    if filename.lower().endswith(".json"):
        values = read_kolada(filename, data)
        municipalities = sorted({v.municipality for v in values} - {NATIONAL})
        if not municipality and len(municipalities) > 1:
            raise UploadRefused([UploadError(None, None, N_(
                "The Kolada file has values for several municipalities (%(codes)s): give the "
                "code of the one to import."), {"codes": ", ".join(municipalities)})])
        chosen = municipality or (municipalities[0] if municipalities else None)
        sexes = {"women": _("women"), "men": _("men")}
        return [IndicatorRow(
            row=None, name=r["name"], year=r["year"], value=r["value"], unit=r["unit"] or "",
            source=_("Kolada, municipality %(code)s", code=r["municipality"]),
            comparison_value=r["comparison_value"],
            comparison_label=_("National average") if r["comparison_value"] is not None else "",
            dimension=r["dimension"], category=sexes.get(r["category"], r["category"] or ""),
        ) for r in kolada_rows(values, chosen)]
    parsed = parse_indicator_table(filename, data)
    return [IndicatorRow(
        row=number, name=r["name"], year=r["year"], value=r["value"], unit=r["unit"] or "",
        source=r["source"] or "", comparison_value=r["comparison_value"],
        dimension=r["dimension"], category=r["category"] or "",
    ) for number, r in zip(parsed.row_numbers, parsed, strict=True)]


@bp.route("/<int:area_id>/import", methods=["GET", "POST"])
@login_required
def import_indicators(area_id: int):
    area = _editable_area(area_id)
    form = IndicatorImportForm()
    errors: list[str] = []
    if form.validate_on_submit():
        filename, data = _read(form.file)
        try:
            rows = _rows_from_file(filename, data, (request.form.get("municipality") or "").strip())
        except UploadRefused as refusal:
            errors = _upload_errors(refusal)
        else:
            if not rows:
                errors = [_("The file holds no values to import.")]
            else:
                db = get_session()
                pending = keep_pending(db, area, kind="indicators", user_id=current_user.id,
                                       filename=filename, payload=[r.__dict__ for r in rows])
                db.commit()
                return redirect(url_for("needs.import_preview", area_id=area.id,
                                        token=pending.token))
    elif "csrf_token" in form.errors:
        abort(400)
    status = 400 if request.method == "POST" else 200
    return render_template("needs/import.html", area=area, form=form, errors=errors), status


@bp.route("/<int:area_id>/import/<token>", methods=["GET", "POST"])
@login_required
def import_preview(area_id: int, token: str):
    area = _editable_area(area_id)
    db = get_session()
    if request.method == "POST":
        if not ButtonForm().validate_on_submit():
            abort(400)
        payload = take_pending(db, area, token=token, kind="indicators",
                               user_id=current_user.id)
        if payload is None:
            flash(_("The preview has expired or was already used. Upload the file again."),
                  "error")
            return redirect(url_for("needs.import_indicators", area_id=area.id))
        count = apply_indicator_import(area, plan_indicator_import(
            area, [IndicatorRow(**row) for row in payload]))
        db.commit()
        flash(_("%(count)d indicators were imported.", count=count), "success")
        return redirect(url_for("needs.show", area_id=area.id) + "#indicators")
    found = peek_pending(db, area, token=token, kind="indicators", user_id=current_user.id)
    if found is None:
        abort(404)
    pending, payload = found
    planned = plan_indicator_import(area, [IndicatorRow(**row) for row in payload])
    return render_template("needs/import_preview.html", area=area, pending=pending,
                           planned=planned, rows=len(payload), button_form=ButtonForm())


# --- socio-economic index per area ------------------------------------------------------------


def _read_geojson(field, name_property: str, areas: list[str]) -> tuple[str | None, list[str]]:
    """Return the GeoJSON text (or None) and problems with it."""
    storage = field.data
    if storage is None or not getattr(storage, "filename", ""):
        return None, []
    data = storage.read(MAX_GEOJSON_BYTES + 1)
    if len(data) > MAX_GEOJSON_BYTES:
        return None, [_("The area boundary file is larger than 10 MB.")]
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None, [_("The area boundary file is not GeoJSON (it is not valid JSON text).")]
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list) or not features:
        return None, [_("The area boundary file is not a GeoJSON FeatureCollection with "
                        "features.")]
    names = []
    for index, feature in enumerate(features):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        name = properties.get(name_property) if isinstance(properties, dict) else None
        if not isinstance(name, str) or not isinstance(feature.get("geometry"), dict):
            return None, [_("Feature %(number)d of the area boundary file has no geometry or no "
                            "property '%(property)s' naming its area.", number=index + 1,
                            property=name_property)]
        names.append(name)
    missing = sorted(set(areas) - set(names))
    if missing:
        return None, [_("These areas of the table are not in the area boundary file: "
                        "%(areas)s.", areas=", ".join(missing))]
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")), []


@bp.route("/<int:area_id>/ses/new", methods=["GET", "POST"])
@login_required
def ses_new(area_id: int):
    area = _editable_area(area_id)
    form = SesForm()
    errors: list[str] = []
    if form.validate_on_submit():
        try:
            parsed = parse_ses_table(*_read(form.file))
        except UploadRefused as refusal:
            errors = _upload_errors(refusal)
        else:
            inputs = [AreaInput(r["area"], r["education"], r["employment"], r["nordic_born"],
                                r["income"], r["outcome"]) for r in parsed]
            try:
                compute_ses(inputs)
            except SesError as error:
                errors = [_(error.message, **error.params)]
            name_property = form.name_property.data or "name"
            geojson, problems = _read_geojson(form.geojson, name_property,
                                              [a.area for a in inputs])
            errors += problems
            if not errors:
                db = get_session()
                analysis = SesAnalysis(
                    title=form.title.data, year=form.year.data,
                    outcome_label=form.outcome_label.data or "", geojson=geojson,
                    name_property=name_property, created_by=current_user.email,
                    areas=[SesArea(position=i, area=a.area, education=a.education,
                                   employment=a.employment, nordic_born=a.nordic_born,
                                   income=a.income, outcome=a.outcome)
                           for i, a in enumerate(inputs)],
                )
                area.ses_analyses.append(analysis)
                db.commit()
                flash(_("The index was computed for %(count)d areas.", count=len(inputs)),
                      "success")
                return redirect(url_for("needs.ses_show", area_id=area.id,
                                        analysis_id=analysis.id))
    elif "csrf_token" in form.errors:
        abort(400)
    status = 400 if request.method == "POST" else 200
    return render_template("needs/ses_new.html", area=area, form=form, errors=errors,
                           variables=SES_VARIABLE_LABELS), status


def _analysis_or_404(collection: list, analysis_id: int):
    analysis = next((a for a in collection if a.id == analysis_id), None)
    if analysis is None:
        abort(404)
    return analysis


@bp.route("/<int:area_id>/ses/<int:analysis_id>")
@login_required
def ses_show(area_id: int, analysis_id: int):
    area = _area_or_404(area_id)
    analysis = _analysis_or_404(area.ses_analyses, analysis_id)
    result = compute_ses([AreaInput(a.area, a.education, a.employment, a.nordic_born, a.income,
                                    a.outcome) for a in analysis.areas])
    outcome = analysis.outcome_label or _("Outcome")
    charts = [ranked_bars(_("Socio-economic index per area (0–10)"),
                          [(a.area, a.index) for a in result.areas], _("index"))]
    with_outcome = [a for a in result.areas if a.outcome is not None]
    if with_outcome:
        charts.append(scatter(
            _("%(outcome)s against the socio-economic index", outcome=outcome),
            [(a.area, a.index, a.outcome) for a in with_outcome], _("Socio-economic index"),
            outcome, result.correlation, result.fit))
    if analysis.geojson:
        charts.append(choropleth(_("Socio-economic index on the map"),
                                 json.loads(analysis.geojson),
                                 {a.area: a.index for a in result.areas},
                                 analysis.name_property))
    return render_template("needs/ses_show.html", area=area, analysis=analysis, result=result,
                           charts=charts, outcome=outcome, variables=SES_VARIABLE_LABELS,
                           editor=current_user.role in ("coordinator", "project_leader"))


# --- flow analysis ----------------------------------------------------------------------------


@bp.route("/<int:area_id>/flows/new", methods=["GET", "POST"])
@login_required
def flow_new(area_id: int):
    area = _editable_area(area_id)
    form = FlowForm()
    errors: list[str] = []
    if form.validate_on_submit():
        try:
            parsed = parse_placement_table(*_read(form.file))
            result = analyse_flows(PlacementEvent(r["key"], r["date"], r["placement"],
                                                  bool(r["open_care"])) for r in parsed)
        except UploadRefused as refusal:
            errors = _upload_errors(refusal)
        except FlowError as error:
            errors = [_(error.message, **error.params)]
        else:
            db = get_session()
            analysis = FlowAnalysis(title=form.title.data, period=form.period.data or "",
                                    counts=flow_to_json(result), created_by=current_user.email)
            area.flow_analyses.append(analysis)
            db.commit()
            flash(_("%(events)d events of %(people)d people were analysed; only the counts are "
                    "kept.", events=result.events, people=result.individuals), "success")
            return redirect(url_for("needs.flow_show", area_id=area.id,
                                    analysis_id=analysis.id))
    elif "csrf_token" in form.errors:
        abort(400)
    status = 400 if request.method == "POST" else 200
    return render_template("needs/flow_new.html", area=area, form=form, errors=errors,
                           placements=PLACEMENT_LABELS), status


def _flow_sankey(result: Any):
    """Re-placements from one kind of placement to the next, as a flow left to right."""
    counts: dict[tuple[str, str], int] = {}
    for t in result.transitions:
        if t.source == "none" or t.target == "none":
            continue
        counts[(t.source, t.target)] = counts.get((t.source, t.target), 0) + t.count
    links = [(_("From %(placement)s", placement=_(PLACEMENT_LABELS[s])),
              _("To %(placement)s", placement=_(PLACEMENT_LABELS[t])), c)
             for (s, t), c in sorted(counts.items(), key=lambda item: -item[1])]
    nodes = list(dict.fromkeys([s for s, _t, _c in links] + [t for _s, t, _c in links]))
    return sankey(_("Moves between placements"), nodes, links)


@bp.route("/<int:area_id>/flows/<int:analysis_id>")
@login_required
def flow_show(area_id: int, analysis_id: int):
    area = _area_or_404(area_id)
    analysis = _analysis_or_404(area.flow_analyses, analysis_id)
    result = flow_from_json(analysis.counts)
    return render_template("needs/flow_show.html", area=area, analysis=analysis, result=result,
                           flow_chart=_flow_sankey(result), placements=PLACEMENT_LABELS,
                           groups=GROUP_LABELS,
                           editor=current_user.role in ("coordinator", "project_leader"))


@bp.route("/<int:area_id>/analyses/<any(ses, flows):kind>/<int:analysis_id>/delete",
          methods=["POST"])
@login_required
def delete_analysis(area_id: int, kind: str, analysis_id: int):
    area = _editable_area(area_id)
    collection = area.ses_analyses if kind == "ses" else area.flow_analyses
    analysis = _analysis_or_404(collection, analysis_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    collection.remove(analysis)  # deleted as an orphan, with its areas
    get_session().commit()
    flash(_("The analysis %(title)s was deleted.", title=analysis.title), "success")
    return redirect(url_for("needs.show", area_id=area.id) + "#analyses")

