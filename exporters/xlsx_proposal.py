"""The proposal sheets of the decision material: scores, decisions and the feedback letter.

Each sheet is a function ``(workbook, report, translate) -> None``; ``write_proposal_sheets``
adds them all to the project workbook. The report (``models.feedback.ProposalReport``) holds only
what the exporting user may see: no scores while they are hidden from them, no letter until it is
sent (a coordinator gets the draft, marked as a draft). ``build_feedback_workbook`` is the letter
alone, as its own download.
"""

from __future__ import annotations

from openpyxl import Workbook

from exporters.xlsx_common import (
    BOLD,
    DATE,
    DATETIME,
    INTEGER,
    MONEY,
    SheetWriter,
    Translate,
    label,
    new_workbook,
    setup_print,
    to_bytes,
    wrapped_height,
)
from models.domain import N_
from models.domain.feedback import SECTIONS
from models.domain.labels import (
    DECISION_BODY_LABELS,
    DECISION_OUTCOME_LABELS,
    FEEDBACK_STATUS_LABELS,
)
from models.feedback import LetterText, ProposalReport

SCORES_TITLE = "Poäng"
DECISIONS_TITLE = "Beslut"
FEEDBACK_TITLE = "Återkoppling"

SCORE_HEADERS = (
    N_("Criterion"),
    N_("Rater"),
    N_("Score"),
    N_("Highest score on the scale"),
    N_("Comment"),
    N_("Submitted"),
)
SCORE_WIDTHS = (34, 24, 10, 14, 60, 12)

DECISION_HEADERS = (
    N_("Decision date"),
    N_("Decided by"),
    N_("Name of the deciding body"),
    N_("Reference (§ or case number)"),
    N_("Outcome"),
    N_("Amount"),
    N_("Conditions"),
    N_("Recorded by"),
)
DECISION_WIDTHS = (14, 30, 26, 18, 14, 16, 50, 26)

SECTION_LABELS = {
    "opening": N_("Opening"),
    "strengths": N_("Strengths"),
    "weaknesses": N_("Weaknesses"),
    "improvements": N_("What to improve"),
    "closing": N_("Closing"),
}
FEEDBACK_WIDTHS = (24, 90)


def _line(w: SheetWriter, msgid: str) -> None:
    """Leave a blank row and write one line of explanation."""
    w.row += 2
    w.cell(1, w.t(msgid), font=BOLD)


def _yes_no(value: bool, t: Translate) -> str:
    return t(N_("Yes")) if value else t(N_("No"))


def write_scores_sheet(wb: Workbook, report: ProposalReport, t: Translate) -> None:
    """Add the steering group's scores of the proposal, as far as the user may see them."""
    ws = wb.create_sheet(SCORES_TITLE)
    w = SheetWriter(ws, t, SCORE_WIDTHS)
    w.title(report.title, t(N_("Scores")))
    ws.freeze_panes = "A3"
    setup_print(ws, landscape=True, title_rows="1:2")
    if not report.scores_visible:
        _line(w, N_("The scores are hidden: they are shown once you have submitted your own, or "
                    "when the coordinator opens them."))
        return
    if not report.scores:
        _line(w, N_("No scores yet."))
        return
    w.row += 1
    w.table(
        SCORE_HEADERS,
        ((s.criterion, s.rater, s.value, s.scale_max, s.comment, _yes_no(s.submitted, t))
         for s in report.scores),
        (None, None, INTEGER, INTEGER),
    )


def write_decisions_sheet(wb: Workbook, report: ProposalReport, t: Translate) -> None:
    """Add the decisions on the proposal, oldest first."""
    ws = wb.create_sheet(DECISIONS_TITLE)
    w = SheetWriter(ws, t, DECISION_WIDTHS)
    w.title(report.title, t(N_("Decisions")))
    ws.freeze_panes = "A3"
    setup_print(ws, landscape=True, title_rows="1:2")
    if not report.decisions:
        _line(w, N_("No decisions yet."))
        return
    w.row += 1
    w.table(
        DECISION_HEADERS,
        (
            (
                d.decided_on,
                label(DECISION_BODY_LABELS, d.body, t),
                d.body_name,
                d.reference,
                label(DECISION_OUTCOME_LABELS, d.outcome, t),
                d.amount,
                d.conditions,
                d.recorded_by,
            )
            for d in report.decisions
        ),
        (DATE, None, None, None, None, MONEY),
    )


def _write_letter(wb: Workbook, title: str, letter: LetterText | None, t: Translate) -> None:
    ws = wb.create_sheet(FEEDBACK_TITLE)
    w = SheetWriter(ws, t, FEEDBACK_WIDTHS)
    subtitle = t(N_("Feedback letter"))
    if letter is not None and letter.status != "sent":
        subtitle = f"{subtitle} – {t(N_('DRAFT, not sent'))}"
    w.title(title, subtitle)
    ws.freeze_panes = "A3"
    setup_print(ws, landscape=False, title_rows="1:2")
    if letter is None:
        _line(w, N_("No feedback letter has been sent yet."))
        return
    w.row += 1
    w.fact(N_("Organisation"), letter.organisation)
    w.fact(N_("Call"), letter.call)
    w.fact(N_("Proposal"), letter.title)
    w.fact(N_("Status"), label(FEEDBACK_STATUS_LABELS, letter.status, t))
    if letter.sent_at is not None:
        w.fact(N_("Sent"), letter.sent_at, DATETIME)
    else:
        w.fact(N_("Drafted"), letter.drafted_at, DATETIME)
    w.fact(N_("Signed by"), letter.signed_by)
    for name in SECTIONS:
        text = letter.section(name)
        w.fact(SECTION_LABELS[name], text)
        ws.row_dimensions[w.row].height = wrapped_height(text, FEEDBACK_WIDTHS[1])


def write_feedback_sheet(wb: Workbook, report: ProposalReport, t: Translate) -> None:
    """Add the feedback letter (a coordinator's export may hold the draft, marked so)."""
    _write_letter(wb, report.title, report.letter, t)


#: The proposal sheets of the project workbook, in order.
PROPOSAL_SHEETS = (write_scores_sheet, write_decisions_sheet, write_feedback_sheet)


def write_proposal_sheets(wb: Workbook, report: ProposalReport, t: Translate) -> None:
    for write_sheet in PROPOSAL_SHEETS:
        write_sheet(wb, report, t)


def build_feedback_workbook(title: str, letter: LetterText, *,
                            translate: Translate = lambda s: s) -> bytes:
    """Return the feedback letter of one proposal as an .xlsx file."""
    wb = new_workbook(write_only=False, title=f"{translate(N_('Feedback letter'))}: {title}")
    _write_letter(wb, title, letter, translate)
    return to_bytes(wb)
