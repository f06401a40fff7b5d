"""Administration of the organisation (coordinator only): departments, funds, users, audit log."""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from models import AuditEntry, Criterion, Department, Fund, Organisation, Project, User, users
from models.domain.fund import LedgerLine, compute_fund_balance
from models.project import project_department
from models.proposal import Call
from webapp.admin.forms import DepartmentForm, FundForm, OrganisationForm, UserForm
from webapp.db import get_session
from webapp.forms import ButtonForm, versioned_form
from webapp.permissions import roles_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@roles_required("coordinator")
def _coordinators_only() -> None:
    """Every route here is for coordinators."""


def _get(model, object_id: int):
    obj = get_session().get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def _stale(form, template: str, **context):
    get_session().rollback()
    flash(_("Someone else saved this while you were editing it. Your changes have not been "
            "saved; reload the page to see the current version."), "error")
    return render_template(template, form=form, conflict=True, **context), 409


def _save_versioned(obj, form, template: str, **context):
    """Commit, or refuse when the form was based on an older version."""
    db = get_session()
    if form.version.data and form.version.data != str(obj.version):
        return _stale(form, template, **context)
    try:
        db.commit()
    except StaleDataError:
        return _stale(form, template, **context)
    return None


def _key_taken(model, key: str, own_id: int | None) -> bool:
    existing = get_session().scalar(select(model).where(model.key == key))
    return existing is not None and existing.id != own_id


@bp.route("/")
def index():
    db = get_session()
    organisation = db.scalar(select(Organisation).limit(1))
    counts = {
        "departments": db.scalar(select(func.count()).select_from(Department)),
        "funds": db.scalar(select(func.count()).select_from(Fund)),
        "users": db.scalar(select(func.count()).select_from(User)),
    }
    criteria = db.scalars(select(Criterion).order_by(Criterion.position, Criterion.key)).all()
    return render_template("admin/index.html", organisation=organisation, counts=counts,
                           criteria=criteria)


@bp.route("/organisation", methods=["GET", "POST"])
def organisation():
    db = get_session()
    org = db.scalar(select(Organisation).limit(1))
    form = versioned_form(OrganisationForm, org)
    if form.validate_on_submit():
        if org is None:
            org = Organisation(name=form.name.data)
            db.add(org)
        else:
            org.name = form.name.data
        refused = _save_versioned(org, form, "admin/organisation.html")
        if refused:
            return refused
        flash(_("The organisation was saved."), "success")
        return redirect(url_for("admin.index"))
    return render_template("admin/organisation.html", form=form), 400 if form.errors else 200


# Departments ---------------------------------------------------------------------------------

@bp.route("/departments/")
def departments():
    db = get_session()
    rows = db.execute(
        select(Department, func.count(project_department.c.project_id))
        .outerjoin(project_department, project_department.c.department_id == Department.id)
        .group_by(Department.id)
        .order_by(Department.name)
    ).all()
    return render_template("admin/departments.html", rows=rows, button_form=ButtonForm())


@bp.route("/departments/new", methods=["GET", "POST"])
@bp.route("/departments/<int:department_id>/edit", methods=["GET", "POST"])
def department_form(department_id: int | None = None):
    db = get_session()
    department = _get(Department, department_id) if department_id else None
    form = versioned_form(DepartmentForm, department)
    if form.validate_on_submit():
        if _key_taken(Department, form.key.data, department_id):
            form.key.errors.append(_("Another department already has this key."))
        else:
            if department is None:
                department = Department(key=form.key.data, name=form.name.data)
                db.add(department)
            else:
                department.key, department.name = form.key.data, form.name.data
            refused = _save_versioned(department, form, "admin/department_form.html",
                                      department=department)
            if refused:
                return refused
            flash(_("The department was saved."), "success")
            return redirect(url_for("admin.departments"))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/department_form.html", form=form,
                           department=department), status


@bp.route("/departments/<int:department_id>/delete", methods=["POST"])
def department_delete(department_id: int):
    if not ButtonForm().validate_on_submit():
        abort(400)
    db = get_session()
    department = _get(Department, department_id)
    in_use = db.scalar(select(func.count()).select_from(project_department)
                       .where(project_department.c.department_id == department.id))
    if in_use:
        flash(_("The department takes part in initiatives and cannot be removed."), "error")
        return redirect(url_for("admin.departments"))
    assigned = db.scalar(select(func.count()).select_from(Call)
                         .where(Call.department_id == department.id))
    if assigned:
        flash(_("The department has been given a direct assignment in a call and cannot be "
                "removed."), "error")
        return redirect(url_for("admin.departments"))
    db.delete(department)
    db.commit()
    flash(_("The department was removed."), "success")
    return redirect(url_for("admin.departments"))


# Funds ----------------------------------------------------------------------------------------

@bp.route("/funds/")
def funds():
    db = get_session()
    rows = []
    for fund in db.scalars(select(Fund).order_by(Fund.name)):
        balance = compute_fund_balance(
            fund.capital, [LedgerLine(e.kind, e.amount) for e in fund.ledger]
        )
        projects = db.scalar(select(func.count()).select_from(Project)
                             .where(Project.fund_id == fund.id))
        rows.append((fund, balance, projects))
    return render_template("admin/funds.html", rows=rows)


@bp.route("/funds/new", methods=["GET", "POST"])
@bp.route("/funds/<int:fund_id>/edit", methods=["GET", "POST"])
def fund_form(fund_id: int | None = None):
    db = get_session()
    fund = _get(Fund, fund_id) if fund_id else None
    form = versioned_form(FundForm, fund)
    if form.validate_on_submit():
        if _key_taken(Fund, form.key.data, fund_id):
            form.key.errors.append(_("Another fund already has this key."))
        else:
            if fund is None:
                fund = Fund(key=form.key.data, name=form.name.data, capital=form.capital.data)
                db.add(fund)
            for name in ("key", "name", "capital", "start", "end", "central_risk_share"):
                setattr(fund, name, form[name].data)
            fund.rules = form.rules.data or ""
            refused = _save_versioned(fund, form, "admin/fund_form.html", fund=fund)
            if refused:
                return refused
            flash(_("The fund was saved."), "success")
            return redirect(url_for("admin.funds"))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/fund_form.html", form=form, fund=fund), status


# Users ----------------------------------------------------------------------------------------

@bp.route("/users/")
def users_list():
    db = get_session()
    people = db.scalars(select(User).order_by(User.name)).all()
    return render_template("admin/users.html", people=people)


def _last_active_coordinator(user: User) -> bool:
    db = get_session()
    others = db.scalar(select(func.count()).select_from(User).where(
        User.role == "coordinator", User.active.is_(True), User.id != user.id))
    return user.role == "coordinator" and user.active and not others


@bp.route("/users/new", methods=["GET", "POST"])
@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_form(user_id: int | None = None):
    db = get_session()
    person = _get(User, user_id) if user_id else None
    form = versioned_form(UserForm, person)
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        existing = users.find_user_by_email(db, email)
        if existing is not None and existing is not person:
            form.email.errors.append(_("Another user already has this e-mail address."))
        elif person is None and not form.password.data:
            form.password.errors.append(_("Give the new user a password (at least 10 "
                                          "characters)."))
        elif person is not None and _last_active_coordinator(person) and (
            form.role.data != "coordinator" or not form.active.data
        ):
            form.role.errors.append(_("The last active coordinator cannot lose the role."))
        else:
            if person is None:
                person = users.create_user(db, email=email, name=form.name.data,
                                           role=form.role.data, password=form.password.data,
                                           locale=form.locale.data)
                person.active = form.active.data
            else:
                person.email, person.name = email, form.name.data
                person.role, person.locale = form.role.data, form.locale.data
                person.active = form.active.data
                if form.password.data:
                    person.password_hash = users.hash_password(form.password.data)
            refused = _save_versioned(person, form, "admin/user_form.html", person=person)
            if refused:
                return refused
            flash(_("The user was saved."), "success")
            return redirect(url_for("admin.users_list"))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/user_form.html", form=form, person=person), status


# Audit log ------------------------------------------------------------------------------------

@bp.route("/audit")
def audit():
    db = get_session()
    page = max(1, request.args.get("page", 1, type=int))
    per_page = 100
    total = db.scalar(select(func.count()).select_from(AuditEntry))
    entries = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())
                         .limit(per_page).offset((page - 1) * per_page)).all()
    decoded = [(e, json.loads(e.changes or "{}")) for e in entries]
    return render_template("admin/audit.html", entries=decoded, page=page, total=total,
                           pages=max(1, -(-total // per_page)), current_user=current_user)


from webapp.admin import risk_views  # noqa: E402,F401  (the risk matrix's route)
