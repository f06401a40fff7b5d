"""The unit-cost library (*enhetskostnader*), its price index and the optimism reductions.

Every logged-in user reads the library, restated to a price year of their choice, and downloads
it; coordinators keep it: items, the price index, the reduction per confidence grade and the
import of a whole table. The library is the organisation's, shared by every initiative's benefit
lines, so an item in use cannot be deleted.

``models.costs`` checks every write and refuses it naming the field; the refusal is shown at that
field. Saves carry what the user saw (an item's version, a fingerprint of the index or of the
reductions), so a save based on values someone else has changed since is refused with
``costs.STALE`` instead of silently undoing their change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from exporters.xlsx_unit_costs import build_unit_costs_csv, build_unit_costs_workbook
from models import costs
from models.costs import GRADE_LABELS, STALE, CostsRefused, UnitCostValues
from models.domain import economics as ec
from models.economics import UnitCost
from models.unit_cost_upload import column_names, file_position, parse_unit_cost_table
from models.uploads import UploadRefused
from webapp.db import get_session
from webapp.downloads import local_today, send_xlsx
from webapp.formatting import money, percent
from webapp.forms import ButtonForm, versioned_form
from webapp.forms.fields import parse_decimal
from webapp.permissions import roles_required
from webapp.unit_costs.forms import ImportForm, OptimismForm, PriceIndexForm, UnitCostForm

bp = Blueprint("unit_costs", __name__, url_prefix="/unit-costs")

#: The most rows the price-index form takes (a century and more of yearly values).
MAX_INDEX_ROWS = 300
#: An index value has at most this many decimals (what the database keeps).
INDEX_PLACES = 4


def _t(message: str, params: Mapping[str, Any] | None = None) -> str:
    """Translate a msgid from the models and fill in its parameters (``%%`` becomes ``%`` also
    when there are none)."""
    text = gettext(message)
    try:
        return text % dict(params or {})
    except (KeyError, TypeError, ValueError):
        # A translation that does not match its msgid's placeholders: show it as it is.
        return text


def _coordinator() -> bool:
    return current_user.role == "coordinator"


def amount_text(value: Decimal | None) -> str:
    """An amount in kronor, with öre only when there are any: 4 600 kr, 1 234,50 kr."""
    if value is None:
        return "–"
    value = ec.money(Decimal(value))
    return money(value, 0 if value == value.to_integral_value() else 2)


def share_text(value: Decimal) -> str:
    """A share as per cent with the decimals it has (at most two): 10 %, 12,5 %."""
    pct = (Decimal(value) * 100).normalize()
    places = max(0, -pct.as_tuple().exponent) if pct != pct.to_integral_value() else 0
    return percent(value, min(int(places), 2))


# --- the library ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryRow:
    """One item as the library page shows it."""

    unit: UnitCost
    restated: ec.Restated
    #: Why the amount is not restated, translated; None when it is.
    not_restated: str | None
    uses: int


def _chosen_year() -> int:
    """The price year asked for in ``?year=``, else this year."""
    year = request.args.get("year", type=int)
    if year is None or not costs.YEAR_MIN <= year <= costs.YEAR_MAX:
        return local_today().year
    return year


def _render_index(import_form: ImportForm | None = None, import_errors: list[str] | None = None,
                  status: int = 200):
    db = get_session()
    year = _chosen_year()
    index = costs.price_index(db)
    uses = costs.unit_cost_use_counts(db)
    rows = []
    for unit in costs.unit_costs(db):
        restated = ec.restate(costs.domain_unit(unit), year, index)
        note = ec.unchanged_note(restated)
        rows.append(LibraryRow(unit, restated, _t(*note) if note else None,
                               uses.get(unit.id, 0)))
    return render_template(
        "unit_costs/index.html", rows=rows, year=year, index=index,
        optimism=costs.optimism_table(db), grade_labels=GRADE_LABELS,
        examples=sum(1 for row in rows if row.unit.is_example), coordinator=_coordinator(),
        import_form=import_form or ImportForm(formdata=None), import_errors=import_errors or [],
        columns=column_names(), amount_text=amount_text, share_text=share_text,
    ), status


@bp.route("/")
@login_required
def index():
    return _render_index()


def _unit_or_404(unit_id: int) -> UnitCost:
    unit = get_session().get(UnitCost, unit_id)
    if unit is None:
        abort(404)
    return unit


def _values(form: UnitCostForm) -> UnitCostValues:
    return UnitCostValues(
        key=form.key.data or "", name=form.name.data or "", unit=form.unit.data or "",
        amount=form.amount.data, price_year=form.price_year.data,
        source=form.source.data or "", note=form.note.data or "",
        local_amount=form.local_amount.data, confidence=form.confidence.data or None)


def _refused(form: Any, refusal: CostsRefused) -> None:
    """Show a refusal at the field it names, or as a message when it names none."""
    message = _t(refusal.message, refusal.params)
    if refusal.field and refusal.field in form:
        form[refusal.field].errors = [*form[refusal.field].errors, message]
    else:
        flash(message, "error")


def _form_version(form: Any) -> int:
    """The version the form was filled from; a form without one was not sent by this page."""
    text = (form.version.data or "").strip()
    if not text.isdigit():
        abort(400)
    return int(text)


def _render_form(form: UnitCostForm, unit: UnitCost | None, status: int = 200,
                 current: UnitCost | None = None):
    return render_template("unit_costs/form.html", form=form, unit=unit, current=current,
                           grade_labels=GRADE_LABELS, amount_text=amount_text), status


@bp.route("/new", methods=["GET", "POST"])
@roles_required("coordinator")
def new():
    form = UnitCostForm()
    if request.method == "GET":
        form.price_year.data = local_today().year
        return _render_form(form, None)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_form(form, None, 400)
    db = get_session()
    try:
        unit = costs.add_unit_cost(db, _values(form))
        db.commit()
    except CostsRefused as refusal:
        db.rollback()
        _refused(form, refusal)
        return _render_form(form, None, 400)
    except IntegrityError:
        # Someone added the same key in between.
        db.rollback()
        form.key.errors = [*form.key.errors, _t(
            "There is already a unit cost “%(key)s”.", {"key": form.key.data or ""})]
        return _render_form(form, None, 400)
    flash(gettext("%(name)s was added to the unit-cost library.", name=unit.name), "success")
    return redirect(url_for("unit_costs.index") + f"#unit-{unit.id}")


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
@roles_required("coordinator")
def edit(unit_id: int):
    unit = _unit_or_404(unit_id)
    form = versioned_form(UnitCostForm, unit)
    if request.method == "GET":
        form.confidence.data = unit.confidence or ""
        return _render_form(form, unit)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_form(form, unit, 400)
    version = _form_version(form)
    db = get_session()
    try:
        costs.update_unit_cost(db, unit, _values(form), version=version)
        db.commit()
    except CostsRefused as refusal:
        db.rollback()
        if refusal.message == STALE:
            return _stale_item(form, unit_id)
        _refused(form, refusal)
        return _render_form(form, _unit_or_404(unit_id), 400)
    except StaleDataError:
        db.rollback()
        return _stale_item(form, unit_id)
    except IntegrityError:
        db.rollback()
        form.key.errors = [*form.key.errors, _t(
            "There is already a unit cost “%(key)s”.", {"key": form.key.data or ""})]
        return _render_form(form, _unit_or_404(unit_id), 400)
    flash(gettext("The changes to %(name)s were saved.", name=unit.name), "success")
    return redirect(url_for("unit_costs.index") + f"#unit-{unit.id}")


def _stale_item(form: UnitCostForm, unit_id: int):
    """Refuse a save based on an older version: keep what the user typed, show the item as it
    is saved now, and carry the current version so that saving again is a deliberate choice."""
    get_session().expire_all()
    current = get_session().get(UnitCost, unit_id)
    flash(_t(STALE), "error")
    if current is None:
        return redirect(url_for("unit_costs.index"))
    form.version.data = str(current.version)
    return _render_form(form, current, 409, current=current)


@bp.route("/<int:unit_id>/delete", methods=["GET", "POST"])
@roles_required("coordinator")
def delete(unit_id: int):
    db = get_session()
    unit = db.get(UnitCost, unit_id)
    form = ButtonForm()
    if request.method == "POST" and not form.validate_on_submit():
        abort(400)
    if unit is None:
        if request.method == "GET":
            abort(404)
        flash(gettext("The unit cost had already been deleted."), "info")
        return redirect(url_for("unit_costs.index"))
    uses = costs.unit_cost_use_counts(db).get(unit.id, 0)
    if request.method == "GET":
        return render_template("unit_costs/delete.html", unit=unit, uses=uses, form=form,
                               amount_text=amount_text)
    version = (request.form.get("version") or "").strip()
    if not version.isdigit():
        abort(400)
    name = unit.name
    try:
        costs.delete_unit_cost(db, unit, version=int(version))
        db.commit()
    except CostsRefused as refusal:
        db.rollback()
        flash(_t(refusal.message, refusal.params), "error")
        unit = _unit_or_404(unit_id)
        return render_template("unit_costs/delete.html", unit=unit, form=form,
                               uses=costs.unit_cost_use_counts(db).get(unit.id, 0),
                               amount_text=amount_text), 409
    except (StaleDataError, IntegrityError):
        # Changed, or taken into use by a benefit line, since it was read.
        db.rollback()
        flash(_t(STALE), "error")
        return redirect(url_for("unit_costs.delete", unit_id=unit_id))
    flash(gettext("%(name)s was deleted from the unit-cost library.", name=name), "success")
    return redirect(url_for("unit_costs.index"))


# --- downloads and the import -----------------------------------------------------------------


@bp.route("/unit-costs.csv")
@login_required
def export_csv() -> Response:
    """The library as CSV for Swedish Excel (UTF-8 with BOM, ``;``), readable by the import."""
    data = build_unit_costs_csv(costs.unit_costs(get_session()))
    response = send_file(BytesIO(data), mimetype="text/csv; charset=utf-8", as_attachment=True,
                         download_name=f"enhetskostnader-{local_today().isoformat()}.csv")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/unit-costs.xlsx")
@login_required
def export_xlsx() -> Response:
    """The library as an Excel workbook, readable by the import."""
    data = build_unit_costs_workbook(costs.unit_costs(get_session()),
                                     title=gettext("Unit costs"))
    return send_xlsx(data, f"enhetskostnader-{local_today().isoformat()}.xlsx")


@bp.route("/import", methods=["POST"])
@roles_required("coordinator")
def import_():
    """Add or update items from a CSV or Excel table, all or nothing."""
    form = ImportForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_index(import_form=form, status=400)
    storage = form.file.data
    filename, data = storage.filename or "", storage.read()
    try:
        table = parse_unit_cost_table(filename, data)
    except UploadRefused as refusal:
        return _render_index(import_form=form, status=400, import_errors=[
            _t(error.message, error.params) for error in refusal.errors])
    db = get_session()
    try:
        report = costs.import_unit_costs(db, table.rows)
        db.commit()
    except CostsRefused as refusal:
        db.rollback()
        row, column = file_position(table, refusal)
        problem = _t(refusal.message, refusal.params)
        if row is not None and column is not None:
            text = gettext("Row %(row)d, column '%(column)s': %(problem)s", row=row,
                           column=column, problem=problem)
        elif row is not None:
            text = gettext("Row %(row)d: %(problem)s", row=row, problem=problem)
        else:
            text = problem
        return _render_index(import_form=form, import_errors=[text], status=400)
    except IntegrityError:
        db.rollback()
        return _render_index(import_form=form, status=409, import_errors=[_t(STALE)])
    flash(gettext("%(added)d added, %(updated)d updated.", added=report.added,
                  updated=report.updated), "success")
    for note in table.notes:
        flash(_t(note.message, note.params), "info")
    return redirect(url_for("unit_costs.index"))


# --- the price index --------------------------------------------------------------------------


def _fingerprint(document: Any) -> str:
    """A digest of what a page showed, to notice that someone else saved since."""
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def _index_state(index: Mapping[int, Decimal]) -> str:
    return _fingerprint([[year, str(Decimal(value).normalize())]
                         for year, value in sorted(index.items())])


@dataclass
class IndexRow:
    """A row of the price-index form as typed, with its problem (translated) if any."""

    year: str
    value: str
    remove: bool = False
    error: str | None = None


def _index_text(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def _render_index_page(form: PriceIndexForm, rows: list[IndexRow], status: int = 200):
    return render_template("unit_costs/price_index.html", form=form, rows=rows,
                           coordinator=_coordinator()), status


def _shown_index_rows(index: Mapping[int, Decimal]) -> list[IndexRow]:
    return [IndexRow(str(year), _index_text(value)) for year, value in sorted(index.items())]


def _posted_index_rows() -> list[IndexRow]:
    count = request.form.get("rows", type=int)
    if count is None or not 0 <= count <= MAX_INDEX_ROWS:
        abort(400)
    return [IndexRow((request.form.get(f"year-{i}") or "").strip(),
                     (request.form.get(f"value-{i}") or "").strip(),
                     remove=bool(request.form.get(f"remove-{i}")))
            for i in range(count)]


def _check_index_rows(rows: list[IndexRow]) -> dict[int, Decimal] | None:
    """The index the rows describe, or None after putting a problem on each bad row."""
    points: dict[int, Decimal] = {}
    seen: dict[int, int] = {}
    for number, row in enumerate(rows, start=1):
        if row.remove or (not row.year and not row.value):
            continue
        year = int(row.year) if row.year.isdigit() else None
        if year is None or not costs.YEAR_MIN <= year <= costs.YEAR_MAX:
            row.error = gettext("Enter a year between %(low)s and %(high)s.",
                                low=costs.YEAR_MIN, high=costs.YEAR_MAX)
            continue
        if year in seen:
            row.error = gettext("%(year)s is already in row %(row)d.", year=year, row=seen[year])
            continue
        seen[year] = number
        try:
            value = parse_decimal(row.value)
        except ValueError:
            row.error = gettext("Enter the index for %(year)s as a number, e.g. 104,5.",
                                year=year)
            continue
        if value <= 0:
            row.error = gettext("The index for %(year)s must be greater than 0.", year=year)
            continue
        if value != value.quantize(Decimal(1).scaleb(-INDEX_PLACES)):
            row.error = gettext("Give the index for %(year)s with at most four decimals.",
                                year=year)
            continue
        points[year] = value
    if any(row.error for row in rows):
        return None
    return points


@bp.route("/price-index", methods=["GET", "POST"])
@login_required
def price_index():
    db = get_session()
    current = costs.price_index(db)
    if request.method == "GET":
        form = PriceIndexForm(formdata=None)
        form.state.data = _index_state(current)
        return _render_index_page(form, _shown_index_rows(current))
    if not _coordinator():
        abort(403)
    form = PriceIndexForm()
    if not form.validate_on_submit():
        abort(400)
    if form.state.data != _index_state(current):
        flash(_t(STALE), "error")
        form.state.data = _index_state(current)
        return _render_index_page(form, _shown_index_rows(current), 409)
    rows = _posted_index_rows()
    points = _check_index_rows(rows)
    if points is None:
        return _render_index_page(form, [row for row in rows if row.year or row.value], 400)
    try:
        costs.save_price_index(db, points)
        db.commit()
    except CostsRefused as refusal:
        db.rollback()
        flash(_t(refusal.message, refusal.params), "error")
        return _render_index_page(form, [row for row in rows if row.year or row.value], 400)
    except (StaleDataError, IntegrityError):
        db.rollback()
        flash(_t(STALE), "error")
        return redirect(url_for("unit_costs.price_index"))
    flash(gettext("The price index was saved."), "success")
    return redirect(url_for("unit_costs.price_index"))


# --- the optimism reductions ------------------------------------------------------------------


def _optimism_state(session: Any) -> str:
    return _fingerprint([[row.grade, str(Decimal(row.share).normalize()), row.note]
                         for row in costs.optimism_rows(session)])


def _render_optimism(form: OptimismForm, status: int = 200):
    return render_template("unit_costs/optimism.html", form=form, grades=ec.GRADES,
                           grade_labels=GRADE_LABELS, defaults=ec.DEFAULT_OPTIMISM,
                           share_text=share_text,
                           coordinator=_coordinator()), status


def _filled_optimism_form(session: Any) -> OptimismForm:
    form = OptimismForm(formdata=None)
    table = costs.optimism_table(session)
    notes = {row.grade: row.note for row in costs.optimism_rows(session)}
    for grade in ec.GRADES:
        form[f"grade_{grade}"].data = table[grade]
        form[f"note_{grade}"].data = notes.get(grade, "")
    form.state.data = _optimism_state(session)
    return form


@bp.route("/optimism", methods=["GET", "POST"])
@login_required
def optimism():
    db = get_session()
    if request.method == "GET":
        return _render_optimism(_filled_optimism_form(db))
    if not _coordinator():
        abort(403)
    form = OptimismForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_optimism(form, 400)
    if form.state.data != _optimism_state(db):
        flash(_t(STALE), "error")
        return _render_optimism(_filled_optimism_form(db), 409)
    shares = {grade: form[f"grade_{grade}"].data for grade in ec.GRADES}
    notes = {grade: form[f"note_{grade}"].data or "" for grade in ec.GRADES}
    try:
        costs.save_optimism(db, shares, notes)
        db.commit()
    except CostsRefused as refusal:
        db.rollback()
        _refused(form, refusal)
        return _render_optimism(form, 400)
    except (StaleDataError, IntegrityError):
        db.rollback()
        flash(_t(STALE), "error")
        return redirect(url_for("unit_costs.optimism"))
    flash(gettext("The optimism reductions were saved."), "success")
    return redirect(url_for("unit_costs.optimism"))
