"""The implementation plan's sheet ("Implementeringsplan"): the plan, its phases, the financing
shares with their sum, the results after implementation beside those of the project period, and
the plan's consistency findings.

``write_implementation_sheet(wb, data, translate)`` adds the sheet to any workbook (the decision
material may add it beside its other sheets); ``build_implementation_workbook`` makes a workbook
of it alone. ``data`` is ``models.implementation_plans.ImplementationSheet``
(``implementation_sheet`` builds it). Every value goes through ``put``; the sums and differences
are formulas built only from cell references, so an edited share or change updates them.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from exporters.xlsx_common import (
    BOLD,
    DATE,
    HEADER_FILL,
    MONEY,
    PERCENT,
    PERCENT_DECIMAL,
    TWO_DECIMALS,
    SheetWriter,
    Translate,
    label,
    new_workbook,
    setup_print,
    to_bytes,
)
from models.domain import N_
from models.domain import implementation as im
from models.implementation_plans import ImplementationSheet

SHEET_TITLE = "Implementeringsplan"
WIDTHS = (34, 44, 16, 18, 16, 14)

PHASE_HEADERS = (N_("Phase"), N_("Units"), N_("Starts"), N_("Ends"),
                 N_("Coverage when the phase is done"))
FINANCING_HEADERS = (N_("Who finances"), N_("Note"), N_("Share of the full-scale cost"),
                     N_("Amount per year"), N_("Actor key"))
RESULT_HEADERS = (N_("Indicator"), N_("Note"), N_("Change in the project period"),
                  N_("Change after implementation"), N_("Difference"), N_("Measured on"))
STATUS_LABELS = {
    im.OK: N_("In order"),
    im.WARNING: N_("Check"),
    im.PROBLEM: N_("Problem"),
    im.OPEN: N_("Not described yet"),
}


def _formula(w: SheetWriter, column: int, expression: str, number_format: str,
             font: Font | None = None) -> Cell:
    """Write ``=expression`` into the current row; built only from cell references."""
    cell = w.ws.cell(row=w.row, column=column)
    cell.value = "=" + expression
    cell.number_format = number_format
    cell.alignment = Alignment(vertical="top")
    if font is not None:
        cell.font = font
    return cell


def _header(w: SheetWriter, headers: tuple[str, ...]) -> None:
    w.row += 1
    for column, msgid in enumerate(headers, start=1):
        cell = w.cell(column, w.t(msgid), font=BOLD, wrap=True)
        cell.fill = HEADER_FILL


def _line(w: SheetWriter, msgid: str) -> None:
    w.row += 1
    w.cell(1, w.t(msgid))


def _plan(w: SheetWriter, data: ImplementationSheet) -> None:
    t = w.t
    plan = data.plan
    w.heading(N_("The plan"))
    if plan is None:
        _line(w, N_("No implementation plan yet."))
        return
    w.fact(N_("Full-scale annual cost"), plan.annual_cost, MONEY)
    w.fact(N_("What the cost covers"), plan.cost_note)
    w.fact(N_("Expected annual saving"), plan.annual_saving, MONEY)
    w.fact(N_("Annual saving per krona of annual cost"), plan.saving_per_krona, TWO_DECIMALS)
    w.fact(N_("Expected effect at full scale"), plan.expected_effect)
    w.fact(N_("Rollout"), label(im.ROLLOUT_LABELS, plan.rollout, t))
    w.fact(N_("The implementation starts"), plan.starts_on, DATE)
    w.fact(N_("The implementation is complete"), plan.ends_on, DATE)
    w.fact(N_("Financing"), label(im.FINANCING_KIND_LABELS, plan.financing_kind, t)
           or t(N_("Not decided yet")))
    w.fact(N_("What the new method replaces in ordinary operations"), plan.replaces)
    w.fact(N_("Ownership"), plan.ownership)
    w.fact(N_("Delivery: who performs the method"), plan.delivery)
    w.fact(N_("Organisation"), plan.organisation)
    w.fact(N_("Forums for decisions and information"), plan.forums)
    w.fact(N_("Prerequisites: staff, training, premises"), plan.prerequisites)
    w.fact(N_("The new context"), plan.new_context)
    w.fact(N_("Plan for obstacles"), plan.obstacles)
    w.fact(N_("Follow-up date"), plan.follow_up_date, DATE)
    w.fact(N_("Results after implementation compared with the project period"),
           plan.follow_up_summary)


def _phases(w: SheetWriter, data: ImplementationSheet) -> None:
    w.heading(N_("Phases"))
    if not data.phases:
        _line(w, N_("No phases: the method is introduced all at once, or the phases are not "
                    "described yet."))
        return
    w.table(PHASE_HEADERS, ((p.name, p.units, p.starts_on, p.ends_on, p.coverage)
                            for p in data.phases), (None, None, DATE, DATE, PERCENT))


def _financing(w: SheetWriter, data: ImplementationSheet) -> None:
    w.heading(N_("Financing"))
    if not data.financing:
        _line(w, N_("No financing shares yet."))
        return
    _header(w, FINANCING_HEADERS)
    first = w.row + 1
    for row in data.financing:
        w.row += 1
        w.cell(1, row.actor_name, wrap=True)
        w.cell(2, row.note, wrap=True)
        w.cell(3, row.share, PERCENT_DECIMAL)
        w.cell(4, row.amount, MONEY)
        w.cell(5, row.actor)
    last = w.row
    w.row += 1
    w.cell(1, w.t(N_("Total")), font=BOLD)
    for column, number_format in ((3, PERCENT_DECIMAL), (4, MONEY)):
        letter = get_column_letter(column)
        _formula(w, column, f"SUM({letter}{first}:{letter}{last})", number_format, BOLD)


def _results(w: SheetWriter, data: ImplementationSheet) -> None:
    w.heading(N_("Results after implementation compared with the project period"))
    if not data.results:
        _line(w, N_("No results yet."))
        return
    _header(w, RESULT_HEADERS)
    for row in data.results:
        w.row += 1
        w.cell(1, f"{row.indicator}: {row.name}", wrap=True)
        w.cell(2, row.note, wrap=True)
        w.cell(3, row.project_change, PERCENT_DECIMAL)
        w.cell(4, row.after_change, PERCENT_DECIMAL)
        if row.project_change is not None and row.after_change is not None:
            _formula(w, 5, f"D{w.row}-C{w.row}", PERCENT_DECIMAL)
        w.cell(6, row.measured_on, DATE)


def _findings(w: SheetWriter, data: ImplementationSheet) -> None:
    w.heading(N_("Consistency of the plan"))
    if not data.findings:
        _line(w, N_("No implementation plan yet."))
        return
    for status, text in data.findings:
        w.row += 1
        w.cell(1, label(STATUS_LABELS, status, w.t), font=BOLD)
        w.cell(2, text, wrap=True)


def write_implementation_sheet(wb: Workbook, data: ImplementationSheet, translate: Translate
                               ) -> None:
    """Add the sheet "Implementeringsplan" (msgid "Implementation plan") to ``wb``."""
    ws = wb.create_sheet(SHEET_TITLE)
    w = SheetWriter(ws, translate, WIDTHS)
    w.title(data.title, translate(N_("Implementation plan")))
    ws.freeze_panes = "A3"
    setup_print(ws, landscape=True, title_rows="1:2")
    _plan(w, data)
    _phases(w, data)
    _financing(w, data)
    _results(w, data)
    _findings(w, data)


def build_implementation_workbook(data: ImplementationSheet, *,
                                  translate: Translate = lambda s: s) -> bytes:
    """A workbook holding the implementation plan's sheet alone, as .xlsx bytes."""
    wb = new_workbook(write_only=False,
                      title=f"{translate(N_('Implementation plan'))}: {data.title}")
    write_implementation_sheet(wb, data, translate)
    return to_bytes(wb)
