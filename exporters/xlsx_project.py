"""The decision-material workbook (*beslutsunderlag*) of one project.

Each sheet is one function ``(workbook, summary, translate) -> None`` listed in ``SHEETS``; a
later sheet (risks, budget, ...) is a new function appended to that list. The logic-model sheets
live in ``exporters.xlsx_logic``, the needs-analysis sheets in ``exporters.xlsx_needs``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from openpyxl import Workbook

from exporters.xlsx_common import (
    DATE,
    DATETIME,
    INTEGER,
    MONEY,
    PERCENT,
    SheetWriter,
    Translate,
    age_band,
    label,
    new_workbook,
    setup_print,
    to_bytes,
)
from exporters.xlsx_design import write_design_sheets
from exporters.xlsx_economics import EconomicsSheetData, write_economics_sheets
from exporters.xlsx_logic import LOGIC_SHEETS
from exporters.xlsx_needs import NEEDS_SHEETS
from exporters.xlsx_proposal import write_proposal_sheets
from models.domain import N_
from models.domain.checklist import COMPONENT_LABELS
from models.domain.labels import LIFE_STAGE_LABELS, PREVENTION_LABELS
from models.domain.stages import STAGE_LABELS
from models.exchange.design import ProjectDesign
from models.feedback import ProposalReport
from models.reports import ChecklistLine, ProjectSummary

SUMMARY_TITLE = "Sammanfattning"

#: Widths of columns A–G, shared by the label/value rows and the tables below them.
SUMMARY_WIDTHS = (28, 60, 16, 16, 14, 26, 40)


def _done(line: ChecklistLine, t: Translate) -> str:
    if line.done is None:
        return t(N_("Not assessed"))
    return t(N_("Yes")) if line.done else t(N_("No"))


def write_summary_sheet(wb: Workbook, summary: ProjectSummary, t: Translate) -> None:
    """Add the summary sheet: key facts, the checklist and the stage history."""
    ws = wb.create_sheet(SUMMARY_TITLE)
    w = SheetWriter(ws, t, SUMMARY_WIDTHS)
    w.title(summary.title, t(N_("Decision material")))
    ws.freeze_panes = "A3"
    setup_print(ws, landscape=False, title_rows="1:2")

    w.heading(N_("Key facts"))
    w.fact(N_("Key"), summary.key)
    w.fact(N_("Title"), summary.title)
    w.fact(N_("Stage"), label(STAGE_LABELS, summary.stage, t))
    w.fact(N_("Need"), summary.need_description)
    w.fact(N_("Ordinary practice"), summary.ordinary_practice)
    w.fact(N_("Target group"), summary.target_description)
    w.fact(N_("Age band"), age_band(summary.age_min, summary.age_max))
    w.fact(N_("Life stage"), label(LIFE_STAGE_LABELS, summary.life_stage, t))
    w.fact(N_("Prevention level"), label(PREVENTION_LABELS, summary.prevention_level, t))
    w.fact(N_("Size of target group"), summary.size_total, INTEGER)
    w.fact(N_("Reached"), summary.size_reached, INTEGER)
    w.fact(N_("Share reached"), summary.share_reached, PERCENT)
    w.fact(N_("Departments"), ", ".join(summary.departments))
    w.fact(N_("Fund"), summary.fund or "")
    w.fact(N_("Start"), summary.start, DATE)
    w.fact(N_("End"), summary.end, DATE)
    w.fact(N_("Budget request"), summary.budget_request, MONEY)
    w.fact(N_("Project owner"), summary.owner or "")
    w.fact(N_("Project leader"), summary.leader or "")
    w.fact(N_("Members"), "\n".join(summary.members))
    w.fact(N_("Exported"), summary.exported_on, DATE)

    w.heading(N_("Checklist"))
    w.fact(N_("Items done"), summary.checklist_done, INTEGER)
    w.fact(N_("Items"), len(summary.checklist), INTEGER)
    w.table(
        (
            N_("Component"),
            N_("Item"),
            N_("Kind"),
            N_("Done"),
            N_("Confirmed on"),
            N_("Confirmed by"),
            N_("Comment"),
        ),
        (
            (
                label(COMPONENT_LABELS, line.component, t),
                t(line.text),
                t(N_("Derived")) if line.derived else t(N_("Confirmed")),
                _done(line, t),
                line.confirmed_on,
                line.confirmed_by,
                line.comment,
            )
            for line in summary.checklist
        ),
        (None, None, None, None, DATE),
    )

    w.heading(N_("Stage history"))
    if not summary.stage_changes:
        w.fact(N_("No stage changes yet."), "")
        return
    w.table(
        (
            N_("When"),
            N_("Reason"),
            N_("From"),
            N_("To"),
            N_("Gate passed with open items"),
            N_("By"),
        ),
        (
            (
                change.at,
                change.reason,
                label(STAGE_LABELS, change.from_stage, t),
                label(STAGE_LABELS, change.to_stage, t),
                t(N_("Yes")) if change.gate_override else t(N_("No")),
                change.by,
            )
            for change in summary.stage_changes
        ),
        (DATETIME,),
    )


SheetFunction = Callable[[Workbook, ProjectSummary, Translate], None]

#: The sheets of the decision material, in order.
SHEETS: tuple[SheetFunction, ...] = (write_summary_sheet, *LOGIC_SHEETS, *NEEDS_SHEETS)


def build_project_workbook(summary: ProjectSummary, *, translate: Translate = lambda s: s,
                           proposal: ProposalReport | None = None,
                           design: ProjectDesign | None = None,
                           economics: EconomicsSheetData | None = None,
                           later: Sequence[Callable[[Workbook], None]] = ()) -> bytes:
    """Return the decision material of one project as an .xlsx file; with ``design``, the
    design sheets (evaluation plan, risk matrix, organisation) follow the others, then with
    ``economics`` the budget, unit costs, the live calculation and the sensitivity analysis,
    then the sheets of the later components (``later``: follow-up, evaluation, final report,
    implementation plan, each a writer of its own sheet), and with ``proposal`` the proposal
    sheets (scores, decisions, feedback letter) come last."""
    title = f"{translate(N_('Decision material'))}: {summary.title}"
    wb = new_workbook(write_only=False, title=title)
    for write_sheet in SHEETS:
        write_sheet(wb, summary, translate)
    if design is not None:
        write_design_sheets(wb, summary, design, translate)
    if economics is not None:
        write_economics_sheets(wb, economics, translate)
    for write_later in later:
        write_later(wb)
    if proposal is not None:
        write_proposal_sheets(wb, proposal, translate)
    return to_bytes(wb)
