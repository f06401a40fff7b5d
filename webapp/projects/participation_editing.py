"""What the participants and check-in pages share: the editor check, refusals shown under the
field they name, saving with POST/redirect/GET, stale versions, deleting from a confirmation
page, and the labels of the follow-up codes.

A refusal (``models.participants.ParticipationRefused``) names a form field, or a field of a row
of a list of subforms as ``<list>-<n>-<field>`` (a check-in's decisions); the message goes under
that field, else to the top of the page. Nothing is saved when a write is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import Project
from models.domain import participation as pa
from models.participants import STALE, ParticipationRefused
from webapp.db import get_session
from webapp.formatting import day
from webapp.forms import ButtonForm
from webapp.permissions import is_project_editor, require
from webapp.projects.views import _project_or_404

Render = Callable[..., Any]
Write = Callable[[Session, Project, Any], tuple[str, str]]


def editable_project(project_id: int) -> Project:
    """The project, if the user may change it (403 otherwise; 404 if there is none)."""
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    return project


def version_of(text: str | None) -> int:
    """The version an edit form carried; -1 (never current, so refused as stale) when it is
    missing or not a number: an edit must say which version it was based on."""
    text = (text or "").strip()
    return int(text) if text.isdigit() else -1


def label(labels: Mapping[str, str], code: str | None) -> str:
    """A code's translated label (the code itself if unknown, a dash for none)."""
    if not code:
        return "–"
    return _(labels[code]) if code in labels else code


def profile_label(code: str | None) -> str:
    return label(pa.RISK_PROFILE_LABELS, code)


def reason_label(code: str | None) -> str:
    return label(pa.DROP_OUT_REASON_LABELS, code)


def decision_label(code: str | None) -> str:
    return label(pa.DECISION_LABELS, code)


def prompt_label(code: str | None) -> str:
    return label(pa.PROMPT_LABELS, code)


def month(value: date | None) -> str:
    """A period by its month: "mars 2025" (Swedish), "March 2025" (English)."""
    return "–" if value is None else format_date(value, "LLLL yyyy")


LABELS = {
    "profile_label": profile_label,
    "reason_label": reason_label,
    "decision_label": decision_label,
    "prompt_label": prompt_label,
    "month": month,
}


def refusal_text(refusal: ParticipationRefused) -> str:
    """The refusal's message in the reader's language, dates, periods (by their month) and risk
    profiles shown as on the pages."""
    params = {}
    for key, value in refusal.params.items():
        if key == "period" and isinstance(value, date):
            params[key] = month(value)
        elif isinstance(value, date):
            params[key] = day(value)
        elif key == "profile":
            params[key] = profile_label(value)
        else:
            params[key] = value
    return _(refusal.message, **params)


def _field(form, name: str | None):
    if not name:
        return None
    if name in form:
        return form[name]
    parts = name.split("-")
    if len(parts) == 3 and parts[0] in form and parts[1].isdigit():
        entries = form[parts[0]].entries
        index = int(parts[1])
        if index < len(entries) and parts[2] in entries[index].form:
            return entries[index].form[parts[2]]
    return None


def place_refusal(form, refusal: ParticipationRefused) -> None:
    """Put the refusal under the field it names, or at the top of the page."""
    message = refusal_text(refusal)
    field = _field(form, refusal.field)
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        flash(message, "error")


def save(project_id: int, form, render: Render, write: Write,
         find: Callable[..., Any] | None = None, page: str = ""):
    """Validate ``form`` and run ``write(db, project, row)`` (``row`` from ``find``, None when
    adding), which returns (message, anchor). A refusal shows the page again with the message
    under its field; a row changed meanwhile shows it with the current version; either way
    nothing is saved."""
    project = editable_project(project_id)
    row = find(project) if find else None
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return render(project, 400, form=form, editing=row)
    db = get_session()
    try:
        message, anchor = write(db, project, row)
        db.commit()
    except ParticipationRefused as refusal:
        db.rollback()
        if refusal.message == STALE:
            return stale(project_id, form, render, find, page)
        place_refusal(form, refusal)
        project = _project_or_404(project_id)
        return render(project, 400, form=form, editing=find(project) if find else None)
    except StaleDataError:
        return stale(project_id, form, render, find, page)
    flash(message, "success")
    return redirect(url_for(page, project_id=project_id, _anchor=anchor))


def stale(project_id: int, form, render: Render, find: Callable[..., Any] | None, page: str):
    """Say the row changed meanwhile and show the form again with the current version."""
    db = get_session()
    db.rollback()
    flash(_(STALE), "error")
    project = _project_or_404(project_id)
    row = find(project, missing_ok=True) if find else None
    if find and row is None:  # deleted meanwhile: nothing left to edit
        return redirect(url_for(page, project_id=project_id))
    if row is not None:
        form.version.data = str(row.version)
    return render(project, 409, form=form, editing=row)


def delete(project_id: int, find: Callable[..., Any],
           remove: Callable[[Session, Any, int], None], message: str, page: str,
           confirm_endpoint: str, **ids: Any):
    """Delete a row on POST from its confirmation page, refusing a stale version."""
    project = editable_project(project_id)
    row = find(project)
    if not ButtonForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        remove(db, row, version_of(request.form.get("version")))
        db.commit()
    except ParticipationRefused as refusal:
        db.rollback()
        flash(refusal_text(refusal), "error")
        return redirect(url_for(confirm_endpoint, project_id=project_id, **ids))
    except StaleDataError:
        db.rollback()
        flash(_(STALE), "error")
        return redirect(url_for(page, project_id=project_id))
    flash(message, "success")
    return redirect(url_for(page, project_id=project_id))
