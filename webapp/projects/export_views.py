"""Download the decision material (*beslutsunderlag*) of one project as an Excel workbook."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Response, abort
from flask_babel import gettext
from flask_login import current_user, login_required
from openpyxl import Workbook
from sqlalchemy.orm import Session

from exporters.xlsx import build_project_workbook
from exporters.xlsx_economics import EconomicsSheetData, FullScaleSummary, MonteCarloSummary
from exporters.xlsx_evaluation import write_evaluation_sheet, write_final_report_sheet
from exporters.xlsx_follow_up import write_follow_up_sheet
from exporters.xlsx_implementation import write_implementation_sheet
from models.costs import actor_names
from models.economics_report import EconomicsReport, check_text, economics_report
from models.evaluations import final_report_data
from models.exchange.design import design_report
from models.feedback import proposal_report
from models.follow_ups import follow_up_report
from models.implementation_plans import implementation_sheet
from models.project import Project
from models.queries import load_project
from models.reports import project_summary
from webapp.db import get_session
from webapp.downloads import local_today, send_xlsx
from webapp.projects.implementation_views import describe
from webapp.projects.views import bp


def economics_sheet_data(report: EconomicsReport, title: str,
                         names: dict[str, str]) -> EconomicsSheetData | None:
    """The economics sheets' content, or None while the project has no costs or benefits or
    its figures cannot be calculated (the calculation page says why)."""
    result = report.result
    if result is None or not (report.costs.budget or report.costs.benefits):
        return None
    run = report.monte_carlo
    full = report.full_scale
    return EconomicsSheetData(
        title=title, inputs=report.inputs, result=result, actor_names=names,
        unit_cost_meta={key: (unit.source, unit.note)
                        for key, unit in report.costs.unit_costs.items()},
        benefit_meta={line.key: line.indicator.name for line in report.costs.benefits
                      if line.indicator is not None},
        tornado=report.tornado, factor=report.factor, switching=report.switching,
        break_even=report.break_even,
        # Only a run on today's figures is quoted; an outdated one would mislead.
        monte_carlo=(MonteCarloSummary(run.seed, run.draws, run.probability_above_one, run.p5,
                                       run.p50, run.p95)
                     if run is not None and run.current else None),
        honesty=tuple(check_text(check, gettext) for check in report.checks),
        full_scale=(FullScaleSummary(full.target_size, full.factor, full.cost_total,
                                     full.benefit_total, full.return_per_krona)
                    if full is not None and not isinstance(full, str) else None),
    )


def later_sheets(session: Session, project: Project, today: date
                 ) -> list[Callable[[Workbook], None]]:
    """The sheets of the components after the design, for those the project has data for:
    follow-up (reporting set up or values registered), evaluation and final report (results,
    stakeholders, components or conclusions), implementation plan (a plan)."""
    sheets: list[Callable[[Workbook], None]] = []
    if project.indicator_reporting or project.indicator_values or project.resource_uses:
        report = follow_up_report(session, project, today)
        sheets.append(lambda wb: write_follow_up_sheet(wb, report, gettext))
    if (project.results or project.stakeholders or project.component_assessments
            or project.evaluation is not None):
        final = final_report_data(session, project)
        sheets.append(lambda wb: write_evaluation_sheet(wb, final.evaluation, gettext))
        sheets.append(lambda wb: write_final_report_sheet(wb, final, gettext))
    if project.implementation_plan is not None:
        plan = implementation_sheet(session, project, gettext, describe, today=today)
        sheets.append(lambda wb: write_implementation_sheet(wb, plan, gettext))
    return sheets


@bp.route("/<int:project_id>/export.xlsx")
@login_required
def export_xlsx(project_id: int) -> Response:
    """Send one project's decision material as an .xlsx file; 404 if there is no such project."""
    summary = project_summary(get_session(), project_id, today=local_today())
    if summary is None:
        abort(404)
    session = get_session()
    project = load_project(session, project_id)
    proposal = proposal_report(session, project, current_user)
    design = design_report(session, project)
    economics = economics_sheet_data(economics_report(session, project), summary.title,
                                     actor_names(session, gettext))
    data = build_project_workbook(summary, translate=gettext, proposal=proposal, design=design,
                                  economics=economics,
                                  later=later_sheets(session, project, local_today()))
    return send_xlsx(data, f"beslutsunderlag-{summary.key}.xlsx")
