"""The logic-model sheets of the decision material: the elements, the indicators and the diagram.

Each sheet is a function ``(workbook, summary, translate) -> None`` like the other sheets of the
project workbook. A project without a logic model still gets every sheet, saying so in one line.
The diagram is laid out in cells (four columns of bordered boxes), so it prints and reads in any
spreadsheet program; an element with an error finding is marked by a "!" as well as by colour.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from exporters.xlsx_common import (
    BOLD,
    HEADER_FILL,
    INTEGER,
    LINE_HEIGHT,
    SUBTITLE_FONT,
    TITLE_FONT,
    WRAP_TOP,
    SheetWriter,
    Translate,
    label,
    put,
    set_widths,
    setup_print,
    wrapped_height,
)
from models.domain import N_
from models.domain import logic as lm
from models.reports import ProjectSummary

LOGIC_TITLE = "Logikmodell"
INDICATORS_TITLE = "Indikatorer"
DIAGRAM_TITLE = "Logikmodell – bild"

NO_MODEL = N_("No logic model yet.")

#: Columns of the element table; the findings table below shares them.
LOGIC_HEADERS = (
    N_("Key"),
    N_("Level"),
    N_("Text"),
    N_("Indicators"),
    N_("Data sources"),
    N_("Assumptions and threats"),
    N_("Leads to"),
    N_("Findings"),
)
LOGIC_WIDTHS = (10, 20, 45, 40, 32, 40, 12, 40)
FINDING_HEADERS = (
    N_("Severity"),
    N_("Element"),
    N_("Finding"),
    N_("What to do"),
    N_("Also concerns"),
)

INDICATOR_HEADERS = (
    N_("Indicator key"),
    N_("Element key"),
    N_("Element level"),
    N_("Element text"),
    N_("Indicator"),
    N_("Kind"),
    N_("Unit"),
    N_("Data source"),
    N_("Kind of data source"),
    N_("Level of the data"),
    N_("Baseline (in the indicator's unit)"),
    N_("Target (in the indicator's unit)"),
    N_("Time horizon (months after the start)"),
)
INDICATOR_WIDTHS = (10, 10, 18, 40, 36, 18, 10, 32, 20, 16, 14, 14, 14)
BASELINE_COLUMN = 11

#: The diagram: one column per level with a narrow gap between them.
BOX_WIDTH = 34
GAP_WIDTH = 4
DIAGRAM_WIDTHS = (BOX_WIDTH, GAP_WIDTH) * (len(lm.LEVELS) - 1) + (BOX_WIDTH,)
SPACER_HEIGHT = 6

THIN = Side(style="thin", color="7F7F7F")
THICK = Side(style="thick", color="C00000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
ERROR_BOX = Border(left=THICK, right=THICK, top=THICK, bottom=THICK)
LEVEL_FILLS = {
    "resource": PatternFill("solid", fgColor="EDEDED"),
    "activity": PatternFill("solid", fgColor="DDEBF7"),
    "short_term": PatternFill("solid", fgColor="E2EFDA"),
    "long_term": PatternFill("solid", fgColor="FFF2CC"),
}
ERROR_FILL = PatternFill("solid", fgColor="F8CBAD")
ARROW_FONT = Font(italic=True, size=9, color="404040")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
#: Marks an element with an error finding, so the diagram reads without colour too.
ERROR_MARK = "!"


# --- shared ---------------------------------------------------------------------------------


def _findings_by_element(findings: Iterable[lm.Finding]) -> dict[str, list[lm.Finding]]:
    grouped: dict[str, list[lm.Finding]] = defaultdict(list)
    for finding in findings:
        if finding.element is not None:
            grouped[finding.element].append(finding)
    return grouped


def _with_error(findings: Iterable[lm.Finding]) -> set[str]:
    return {f.element for f in findings if f.severity == lm.ERROR and f.element is not None}


def _targets(model: lm.Model) -> dict[str, list[str]]:
    """Return the keys each element leads to, in the model's display order."""
    order = {element.key: index for index, element in enumerate(model.elements)}
    targets: dict[str, list[str]] = defaultdict(list)
    for link in model.links:
        targets[link.source].append(link.target)
    return {key: sorted(keys, key=lambda k: order.get(k, len(order))) for key, keys in
            targets.items()}


def _finding_title(finding: lm.Finding, t: Translate) -> str:
    title = t(finding.title)
    return f"{title} ({finding.detail})" if finding.detail else title


def _start(wb: Workbook, sheet_title: str, summary: ProjectSummary, t: Translate,
           subtitle: str, widths: tuple[float, ...]) -> SheetWriter:
    """Create a sheet with the project's title and ``subtitle`` (a msgid) on top."""
    ws = wb.create_sheet(sheet_title)
    w = SheetWriter(ws, t, widths)
    w.title(summary.title, t(subtitle))
    ws.freeze_panes = "A3"
    return w


def _line(w: SheetWriter, msgid: str) -> None:
    """Leave a blank row and write one line of explanation."""
    w.row += 2
    w.cell(1, w.t(msgid), font=BOLD)


def measure_format(value: Decimal | None, unit: str | None) -> str | None:
    """Return the number format of a baseline or target: the value as entered, with its unit.

    A percentage is entered as 0–100, so it is shown with a literal "%" rather than Excel's
    percent format (which would multiply by 100). Decimals show only when the value has them.
    """
    if value is None:
        return None
    number = "#,##0" if value == value.to_integral_value() else "#,##0.0###"
    if unit == "percent":
        return f'{number} "%"'
    if unit == "sek":
        return f'{number} "kr"'
    return number


# --- the element table ----------------------------------------------------------------------


def write_logic_sheet(wb: Workbook, summary: ProjectSummary, t: Translate) -> None:
    """Add the logic model as a table: one row per element, the findings below."""
    w = _start(wb, LOGIC_TITLE, summary, t, N_("Logic model"), LOGIC_WIDTHS)
    ws = w.ws
    model = summary.logic_model
    if not summary.has_logic_model:
        setup_print(ws, landscape=True, title_rows="1:2")
        if model.purpose.strip():
            w.row += 1
            _purpose(w, model.purpose.strip())
        _line(w, NO_MODEL)
        return
    findings = summary.logic_findings
    by_element = _findings_by_element(findings)
    targets = _targets(model)

    w.row += 1
    _purpose(w, model.purpose.strip() or t(N_("Not stated")))
    w.row += 1
    header = w.row + 1
    w.table(
        LOGIC_HEADERS,
        (
            (
                element.key,
                label(lm.LEVEL_SINGULAR, element.level, t),
                element.text,
                "\n".join(
                    f"{i.key}: {i.name} ({label(lm.INDICATOR_KIND_LABELS, i.kind, t)})"
                    for i in element.indicators
                ),
                "\n".join(
                    f"{i.key}: {i.data_source}" for i in element.indicators if i.data_source
                ),
                "\n".join(element.assumptions),
                ", ".join(targets.get(element.key, ())),
                "\n".join(
                    f"{label(lm.SEVERITY_LABELS, f.severity, t)}: {_finding_title(f, t)}"
                    for f in by_element.get(element.key, ())
                ),
            )
            for element in model.elements
        ),
    )
    last = w.row
    for offset, element in enumerate(model.elements, start=1):
        if element.key in _with_error(by_element.get(element.key, ())):
            ws.cell(row=header + offset, column=len(LOGIC_HEADERS)).fill = ERROR_FILL
    ws.freeze_panes = f"B{header + 1}"
    ws.auto_filter.ref = f"A{header}:{get_column_letter(w.columns)}{last}"
    setup_print(ws, landscape=True, title_rows=f"{header}:{header}")

    w.heading(N_("Findings"))
    if not findings:
        w.fact(N_("No findings: the red thread holds."), "")
        return
    w.table(
        FINDING_HEADERS,
        (
            (
                label(lm.SEVERITY_LABELS, f.severity, t),
                f.element or t(N_("The whole model")),
                _finding_title(f, t),
                t(f.fix),
                ", ".join(f.related),
            )
            for f in findings
        ),
    )


def _purpose(w: SheetWriter, purpose: str) -> None:
    """Write the model's overall purpose across the table's width."""
    w.fact(N_("Overall purpose"), purpose)
    w.ws.merge_cells(start_row=w.row, start_column=2, end_row=w.row, end_column=w.columns)
    w.ws.row_dimensions[w.row].height = wrapped_height(purpose, sum(LOGIC_WIDTHS[1:]))


# --- the indicators -------------------------------------------------------------------------


def write_indicator_sheet(wb: Workbook, summary: ProjectSummary, t: Translate) -> None:
    """Add one row per indicator with its element, source, baseline, target and horizon."""
    w = _start(wb, INDICATORS_TITLE, summary, t, N_("Indicators"), INDICATOR_WIDTHS)
    ws = w.ws
    if not summary.has_logic_model:
        setup_print(ws, landscape=True, title_rows="1:2")
        _line(w, NO_MODEL)
        return
    pairs = [(e, i) for e in summary.logic_model.elements for i in e.indicators]
    if not pairs:
        setup_print(ws, landscape=True, title_rows="1:2")
        _line(w, N_("No indicators yet."))
        return

    w.row += 1
    header = w.row + 1
    w.table(INDICATOR_HEADERS, ())
    for element, indicator in pairs:
        w.row += 1
        values = (
            indicator.key,
            element.key,
            label(lm.LEVEL_SINGULAR, element.level, t),
            element.text,
            indicator.name,
            label(lm.INDICATOR_KIND_LABELS, indicator.kind, t),
            label(lm.UNIT_LABELS, indicator.unit, t),
            indicator.data_source,
            label(lm.DATA_SOURCE_KIND_LABELS, indicator.data_source_kind, t),
            label(lm.DATA_LEVEL_LABELS, indicator.data_level, t),
        )
        for column, value in enumerate(values, start=1):
            w.cell(column, value, wrap=True)
        for column, value in enumerate((indicator.baseline, indicator.target),
                                       start=BASELINE_COLUMN):
            w.cell(column, value, measure_format(value, indicator.unit))
        w.cell(BASELINE_COLUMN + 2, indicator.horizon_months, INTEGER)
    ws.freeze_panes = f"C{header + 1}"
    ws.auto_filter.ref = f"A{header}:{get_column_letter(w.columns)}{w.row}"
    setup_print(ws, landscape=True, title_rows=f"{header}:{header}")


# --- the diagram ----------------------------------------------------------------------------


def write_diagram_sheet(wb: Workbook, summary: ProjectSummary, t: Translate) -> None:
    """Add the model as a diagram of cells: a column of boxes per level, arrows as keys."""
    ws = wb.create_sheet(DIAGRAM_TITLE)
    set_widths(ws, DIAGRAM_WIDTHS)
    put(ws.cell(row=1, column=1), summary.title).font = TITLE_FONT
    put(ws.cell(row=2, column=1), t(N_("Logic model diagram"))).font = SUBTITLE_FONT
    ws.freeze_panes = "A3"
    ws.print_options.horizontalCentered = True
    if not summary.has_logic_model:
        setup_print(ws, landscape=True, title_rows="1:2")
        put(ws.cell(row=4, column=1), t(NO_MODEL)).font = BOLD
        return
    model = summary.logic_model
    errors = _with_error(summary.logic_findings)
    targets = _targets(model)
    width = len(DIAGRAM_WIDTHS)

    row = 3
    if model.purpose.strip():
        purpose = f"{t(N_('Overall purpose'))}: {model.purpose.strip()}"
        _wide_note(ws, row, purpose, width, font=BOLD)
        row += 1
    legend = t(
        N_('"%(mark)s" marks an element with an error (the findings are on the sheet '
           '%(sheet)s); "→" lists the elements it leads to.')
    ) % {"mark": ERROR_MARK, "sheet": LOGIC_TITLE}
    _wide_note(ws, row, legend, width, font=SUBTITLE_FONT)

    heading = row + 2
    for index, level in enumerate(lm.LEVELS):
        column = 2 * index + 1
        cell = put(ws.cell(row=heading, column=column), label(lm.LEVEL_LABELS, level, t))
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BOX, CENTER
        if column < width:
            put(ws.cell(row=heading, column=column + 1), "→").alignment = CENTER

    elements = {element.key: element for element in model.elements}
    columns = lm.columns(model)
    first = heading + 1
    depth = max(max(len(c.keys) for c in columns), 1)
    #: The texts of each row of boxes and of the arrow lines below them, to size the rows.
    boxes: list[list[str]] = [[] for _ in range(depth)]
    arrows: list[list[str]] = [[] for _ in range(depth)]
    for index, level_column in enumerate(columns):
        column = 2 * index + 1
        if not level_column.keys:
            empty = t(N_("No elements on this level."))
            cell = put(ws.cell(row=first, column=column), empty)
            cell.font, cell.alignment = SUBTITLE_FONT, WRAP_TOP
            boxes[0].append(empty)
        for position, key in enumerate(level_column.keys):
            element = elements[key]
            box_row = first + 3 * position
            error = key in errors
            text = f"{ERROR_MARK} {key}: {element.text}" if error else f"{key}: {element.text}"
            cell = put(ws.cell(row=box_row, column=column), text)
            cell.alignment = WRAP_TOP
            cell.border = ERROR_BOX if error else BOX
            cell.fill = ERROR_FILL if error else LEVEL_FILLS[element.level]
            if error:
                cell.font = BOLD
            boxes[position].append(text)
            if targets.get(key):
                leads_to = f"→ {', '.join(targets[key])}"
                arrow = put(ws.cell(row=box_row + 1, column=column), leads_to)
                arrow.font, arrow.alignment = ARROW_FONT, WRAP_TOP
                arrows[position].append(leads_to)
    for position in range(depth):
        box_row = first + 3 * position
        ws.row_dimensions[box_row].height = max(
            (wrapped_height(text, BOX_WIDTH) for text in boxes[position]), default=LINE_HEIGHT
        )
        # Arrow lines are in a smaller font: about a third more characters fit on a line.
        ws.row_dimensions[box_row + 1].height = 0.8 * max(
            (wrapped_height(text, BOX_WIDTH * 4 / 3) for text in arrows[position]),
            default=LINE_HEIGHT,
        )
        ws.row_dimensions[box_row + 2].height = SPACER_HEIGHT
    ws.freeze_panes = f"A{heading + 1}"
    setup_print(ws, landscape=True, title_rows=f"{heading}:{heading}")


def _wide_note(ws, row: int, text: str, width: int, *, font: Font) -> None:
    """Write ``text`` across the whole diagram on ``row``, tall enough to show it wrapped."""
    cell = put(ws.cell(row=row, column=1), text)
    cell.font, cell.alignment = font, WRAP_TOP
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    ws.row_dimensions[row].height = wrapped_height(text, sum(DIAGRAM_WIDTHS))


#: The logic-model sheets, in order.
LOGIC_SHEETS = (write_logic_sheet, write_indicator_sheet, write_diagram_sheet)
