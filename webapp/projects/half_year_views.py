"""The half-yearly report to the decision body (guide, section 6; SPEC 3.8): a printable page
and the same report as an Excel sheet, for a half-year chosen in the query string (``year`` and
``half``, 1 or 2), by default the last completed one. Every role may read and download it.
"""

from __future__ import annotations

from dataclasses import replace

from flask import Response, abort, render_template, request
from flask_babel import gettext
from flask_login import login_required

from exporters.xlsx_common import new_workbook, to_bytes
from exporters.xlsx_half_year import write_half_year_sheet
from models import Project
from models.domain import participation as pa
from models.domain.logic import UNIT_LABELS
from models.domain.signals import CODE_LABELS, SEVERITY_LABELS
from models.half_year import HalfYearReport, half_year_report
from webapp.db import get_session
from webapp.downloads import local_today, send_xlsx
from webapp.portfolio.texts import signal_text
from webapp.projects.participation_editing import LABELS, label
from webapp.projects.views import _project_or_404, bp

#: The years a report may be asked for.
YEAR_MIN, YEAR_MAX = 1990, 2200


def chosen_half_year(today) -> tuple[int, int] | None:
    """The half-year asked for in the query string, the last completed one when none is asked
    for, or None when the arguments are not a half-year."""
    year_arg, half_arg = request.args.get("year"), request.args.get("half")
    if not year_arg and not half_arg:
        return pa.last_completed_half_year(today)
    try:
        year, half = int(year_arg or ""), int(half_arg or "")
    except ValueError:
        return None
    if half not in (1, 2) or not YEAR_MIN <= year <= YEAR_MAX:
        return None
    return year, half


def _years(project: Project, today, chosen: tuple[int, int] | None) -> list[int]:
    first = project.start.year if project.start is not None else today.year - 1
    years = set(range(min(first, today.year), today.year + 1))
    if chosen is not None:
        years.add(chosen[0])
    return sorted(years, reverse=True)


def _report(project: Project, chosen: tuple[int, int], today) -> HalfYearReport:
    report = half_year_report(get_session(), project, *chosen, today=today)
    return replace(report, describe=signal_text)


@bp.route("/<int:project_id>/half-year-report", endpoint="half_year_report")
@login_required
def half_year_report_page(project_id: int):
    """The printable report of the chosen half-year."""
    project = _project_or_404(project_id)
    today = local_today()
    chosen = chosen_half_year(today)
    report = _report(project, chosen, today) if chosen is not None else None
    return render_template(
        "projects/half_year_report.html", project=project, report=report, chosen=chosen,
        years=_years(project, today, chosen), today=today,
        ongoing=chosen is not None and pa.half_year_bounds(*chosen)[1] >= today,
        unit_label=lambda code: label(UNIT_LABELS, code),
        signal_label=lambda code: label(CODE_LABELS, code),
        severity_label=lambda code: label(SEVERITY_LABELS, code),
        signal_text=signal_text, profiles=pa.RISK_PROFILES,
        statuses={"flagged": pa.FLAGGED},
        rule={"enrolment": pa.ENROLMENT_FACTOR, "drop_out": pa.DROP_OUT_FACTOR}, **LABELS,
    ), (200 if chosen is not None else 400)


@bp.route("/<int:project_id>/half-year-report.xlsx")
@login_required
def half_year_report_xlsx(project_id: int) -> Response:
    """The report of the chosen half-year as a workbook with one sheet."""
    project = _project_or_404(project_id)
    today = local_today()
    chosen = chosen_half_year(today)
    if chosen is None:
        abort(400)
    report = _report(project, chosen, today)
    wb = new_workbook(write_only=False,
                      title=f"{gettext('Half-yearly report')} – {project.title}")
    write_half_year_sheet(wb, report, gettext)
    year, half = chosen
    return send_xlsx(to_bytes(wb), f"halvarsrapport-{project.key}-{year}-{half}.xlsx")
