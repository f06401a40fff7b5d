"""The feedback letter of a proposal: drafted and sent by the coordinator, read by everyone once
sent; printable and downloadable as a sheet."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from exporters.xlsx_proposal import build_feedback_workbook
from models.domain.feedback import BULLET, SECTIONS
from models.feedback import (
    STALE,
    FeedbackRefused,
    draft_letter,
    letter_of,
    letter_text,
    may_read_letter,
    organisation_name,
    reopen_letter,
    save_letter,
    send_letter,
)
from models.proposal import FeedbackLetter
from webapp.db import get_session
from webapp.downloads import local_today, send_xlsx
from webapp.formatting import measure
from webapp.permissions import require
from webapp.projects.decision_forms import SECTION_LABELS, FeedbackForm, LetterButtonForm
from webapp.projects.views import _project_or_404, bp


def blocks(text: str) -> list[tuple[str, object]]:
    """Split a section's text into paragraphs ("p", text) and lists ("ul", [items])."""
    result: list[tuple[str, object]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith((BULLET, "• ")):
            item = line[2:].strip()
            if result and result[-1][0] == "ul":
                result[-1][1].append(item)
            else:
                result.append(("ul", [item]))
        else:
            result.append(("p", line))
    return result


def _sections(letter: FeedbackLetter) -> list[tuple[str, str, list]]:
    return [(name, str(SECTION_LABELS[name]), blocks(getattr(letter, name)))
            for name in SECTIONS]


def _version(raw: str | None) -> int:
    """The version a form carried; -1 (never current) when missing or not a number."""
    return int(raw) if raw and raw.isdigit() else -1


def _number(value) -> str:
    return measure(value)


def _render(project, letter, *, form=None, status=200):
    coordinator = current_user.role == "coordinator"
    if form is None and coordinator and letter is not None and letter.status == "draft":
        form = FeedbackForm(obj=letter)
        form.version.data = str(letter.version)
    return render_template(
        "projects/feedback.html", project=project, letter=letter, form=form,
        readable=may_read_letter(current_user, letter), coordinator=coordinator,
        sections=_sections(letter) if letter is not None else [],
        button_form=LetterButtonForm(),
    ), status


def _refused(project, refusal: FeedbackRefused):
    get_session().rollback()
    flash(_(refusal.message), "error")
    return redirect(url_for("projects.feedback", project_id=project.id))


@bp.route("/<int:project_id>/feedback", methods=["GET", "POST"])
@login_required
def feedback(project_id: int):
    project = _project_or_404(project_id)
    db = get_session()
    letter = letter_of(db, project)
    if request.method == "GET":
        return _render(project, letter)
    require(current_user.role == "coordinator")
    form = FeedbackForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render(project, letter, form=form, status=400)
    if letter is None:
        flash(_("There is no letter to save yet: draft it first."), "error")
        return redirect(url_for("projects.feedback", project_id=project.id))
    version = _version(form.version.data)
    try:
        save_letter(db, letter, form.texts(), signed_by=form.signed_by.data or "",
                    version=version)
        if request.form.get("action") == "send":
            send_letter(db, letter, by=current_user, version=None)
        db.commit()
    except FeedbackRefused as refusal:
        db.rollback()
        if refusal.code == "stale":
            flash(_(refusal.message), "error")
            fresh = letter_of(db, _project_or_404(project_id))
            form.version.data = str(fresh.version) if fresh else ""
            return _render(_project_or_404(project_id), fresh, form=form, status=409)
        flash(_(refusal.message), "error")
        return _render(_project_or_404(project_id), letter_of(db, project), form=form,
                       status=400)
    except StaleDataError:
        db.rollback()
        flash(_(STALE), "error")
        return _render(_project_or_404(project_id), letter_of(db, project), form=form,
                       status=409)
    if letter.status == "sent":
        flash(_("The letter was marked as sent. The proposer and everyone who may read the "
                "initiative can now read it."), "success")
    else:
        flash(_("The letter was saved."), "success")
    return redirect(url_for("projects.feedback", project_id=project.id))


@bp.route("/<int:project_id>/feedback/draft", methods=["POST"])
@login_required
def feedback_draft(project_id: int):
    require(current_user.role == "coordinator")
    project = _project_or_404(project_id)
    form = LetterButtonForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_session()
    existing = letter_of(db, project)
    version = _version(form.version.data) if existing is not None else None
    try:
        draft_letter(db, project, translate=_, number=_number, signed_by=current_user.name,
                     version=version)
        db.commit()
    except FeedbackRefused as refusal:
        return _refused(project, refusal)
    except StaleDataError:
        return _refused(project, FeedbackRefused("stale", STALE))
    flash(_("The letter was drafted from the screening and the scores. Edit it before you send "
            "it."), "success")
    return redirect(url_for("projects.feedback", project_id=project.id))


@bp.route("/<int:project_id>/feedback/reopen", methods=["POST"])
@login_required
def feedback_reopen(project_id: int):
    require(current_user.role == "coordinator")
    project = _project_or_404(project_id)
    form = LetterButtonForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_session()
    letter = letter_of(db, project)
    if letter is None:
        abort(404)
    try:
        reopen_letter(db, letter, version=_version(form.version.data))
        db.commit()
    except FeedbackRefused as refusal:
        return _refused(project, refusal)
    except StaleDataError:
        return _refused(project, FeedbackRefused("stale", STALE))
    flash(_("The letter is a draft again; readers no longer see it until it is sent again. The "
            "change history records the reopening."), "success")
    return redirect(url_for("projects.feedback", project_id=project.id))


def _readable_letter(project) -> FeedbackLetter:
    letter = letter_of(get_session(), project)
    if not may_read_letter(current_user, letter):
        abort(404)
    return letter


@bp.route("/<int:project_id>/feedback/print")
@login_required
def feedback_print(project_id: int):
    project = _project_or_404(project_id)
    letter = _readable_letter(project)
    return render_template(
        "projects/feedback_print.html", project=project, letter=letter,
        organisation=organisation_name(get_session()), sections=_sections(letter),
        today=local_today(),
    )


@bp.route("/<int:project_id>/feedback.xlsx")
@login_required
def feedback_xlsx(project_id: int) -> Response:
    project = _project_or_404(project_id)
    letter = _readable_letter(project)
    data = build_feedback_workbook(project.title, letter_text(get_session(), project, letter),
                                   translate=_)
    return send_xlsx(data, f"aterkoppling-{project.key}.xlsx")
