"""The needs-analysis sheets: need areas with their evidence, socio-economic indices and flows.

The same three sheets appear in the decision material of a project (its linked need areas) and in
the needs workbook of one or all need areas. ``Behovsanalys`` is always there (saying so when there
is no need area); ``Socioekonomiskt index`` and ``Flödesanalys`` only when a need area has such
an analysis. Numbers are native cells with formats; the charts are native Excel charts placed to
the right of the tables, so they never cover a cell that holds data.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.trendline import Trendline
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter

from exporters.xlsx_common import (
    BOLD,
    DATE,
    HEADER_FILL,
    HEADING_FONT,
    INTEGER,
    PERCENT_DECIMAL,
    TWO_DECIMALS,
    SheetWriter,
    Translate,
    Value,
    clean_text,
    label,
    new_workbook,
    setup_print,
    to_bytes,
    wrapped_height,
)
from exporters.xlsx_logic import measure_format
from models.domain import N_
from models.domain.flows import GROUP_LABELS, PLACEMENT_LABELS
from models.domain.labels import (
    DIMENSION_LABELS,
    NEED_STATUS_LABELS,
    QUALITATIVE_METHOD_LABELS,
    RAISED_BY_LABELS,
    SOURCE_KIND_LABELS,
    SOURCE_LEVEL_LABELS,
)
from models.domain.ses import SES_VARIABLE_LABELS, SES_VARIABLES
from models.reports import (
    FlowReport,
    NeedAreaSummary,
    NeedIndicatorLine,
    ProjectSummary,
    SesReport,
)

NEEDS_TITLE = "Behovsanalys"
SES_TITLE = "Socioekonomiskt index"
FLOWS_TITLE = "Flödesanalys"

NO_LINKED_AREAS = N_("No need areas are linked to this initiative.")
NO_AREAS = N_("No need areas yet.")

#: A span of columns (first, last) of one table column; wider spans are merged cells.
Span = tuple[int, int]

# --- Behovsanalys ------------------------------------------------------------------------------

NEEDS_WIDTHS = (32, 20, 20, 14, 16, 24, 48)
#: The facts of a need area: label in A, the value across B–G.
FACT_SPAN: Span = (2, len(NEEDS_WIDTHS))
INDICATOR_COLUMNS: tuple[tuple[Span, str], ...] = (
    ((1, 1), N_("Indicator")),
    ((2, 2), N_("Unit")),
    ((3, 3), N_("Year")),
    ((4, 4), N_("Value")),
    ((5, 5), N_("Comparison value")),
    ((6, 6), N_("Compared with")),
    ((7, 7), N_("Source")),
)
#: The breakdowns sit under their indicator, one column in, the values under its value.
BREAKDOWN_COLUMNS: tuple[tuple[Span, str], ...] = (
    ((2, 2), N_("Background factor")),
    ((3, 3), N_("Category")),
    ((4, 4), N_("Value")),
    ((5, 5), N_("Difference from the indicator's value")),
)
CATEGORY_COLUMN, BREAKDOWN_VALUE_COLUMN = 3, 4
SOURCE_COLUMNS: tuple[tuple[Span, str], ...] = (
    ((1, 1), N_("Name")),
    ((2, 2), N_("Kind")),
    ((3, 3), N_("Held by")),
    ((4, 4), N_("Level of the data")),
    ((5, 6), N_("Note")),
    ((7, 7), N_("Legal limits on combining the data")),
)
QUALITATIVE_COLUMNS: tuple[tuple[Span, str], ...] = (
    ((1, 1), N_("Title")),
    ((2, 2), N_("Method")),
    ((3, 3), N_("Date")),
    ((4, 6), N_("Participants")),
    ((7, 7), N_("Summary")),
)
SUB_HEADER_FILL = PatternFill("solid", fgColor="EEF3F8")

# --- Socioekonomiskt index ---------------------------------------------------------------------

SES_WIDTHS = (10, 28, 10, 16, 16, 16, 16, 18)
#: Facts on the index sheet: the label runs over the narrow rank column into B, the value is in C.
SES_VALUE_COLUMN = 3
#: Columns of the area table that the chart refers to.
AREA, INDEX, OUTCOME = 2, 3, 8

# --- Flödesanalys ------------------------------------------------------------------------------

FLOW_WIDTHS = (52, 16, 14, 18, 18)
#: How many paths are listed per analysis, the most common first (as on the page).
MAX_PATHS = 20

# --- charts ------------------------------------------------------------------------------------

CHART_WIDTH_CM = 15
CHART_HEIGHT_CM = 7.5
#: Rows a chart covers at the default row height (with a margin), so charts never overlap.
CHART_ROWS = 17


class _Charts:
    """Places charts to the right of a sheet's tables, each below the one before it."""

    def __init__(self, column: int):
        self.column = get_column_letter(column)
        self.free_row = 1

    def place(self, w: SheetWriter, row: int) -> int:
        """Return the row to anchor a chart at ``row`` on; moves ``w`` down if charts collide.

        When the chart above still covers ``row``, blank rows are inserted before the table row
        the chart belongs to, so that chart and table stay side by side.
        """
        if row < self.free_row:
            shift = self.free_row - row
            w.row += shift
            row += shift
        return row

    def add(self, ws, chart, row: int) -> None:
        chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
        ws.add_chart(chart, f"{self.column}{row}")
        self.free_row = row + CHART_ROWS


def _show_axes(chart) -> None:
    # Without this, recent Excel versions hide both axes of charts openpyxl writes.
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def _bars(ws, title: str, values: Reference, categories: Reference, *,
          horizontal: bool = False) -> BarChart:
    """A bar chart of one series without legend; the categories are text cells."""
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = clean_text(title)
    chart.legend = None
    chart.add_data(values, titles_from_data=False)
    for series in chart.series:
        # Categories are names ("girls", "Group 1: ..."): a text reference, not a numeric one.
        series.cat = AxDataSource(strRef=StrRef(f=str(categories)))
    if horizontal:
        # The first category on top, in the order of the table beside the chart, and the
        # value axis kept at the bottom.
        chart.x_axis.scaling.orientation = "maxMin"
        chart.y_axis.crosses = "max"
    _show_axes(chart)
    return chart


# --- shared writing ----------------------------------------------------------------------------


def _start(wb: Workbook, sheet_title: str, title: str, subtitle: str, t: Translate,
           widths: Sequence[float]) -> SheetWriter:
    ws = wb.create_sheet(sheet_title)
    w = SheetWriter(ws, t, widths)
    w.title(title, subtitle)
    ws.freeze_panes = "A3"
    setup_print(ws, landscape=True, title_rows="1:2")
    return w


def _line(w: SheetWriter, text: str) -> None:
    """Leave a blank row and write one line (already translated)."""
    w.row += 2
    w.cell(1, text, font=BOLD)


def _name_heading(w: SheetWriter, text: str) -> None:
    """Leave a blank row and write a heading that is user text (a title), not a msgid."""
    w.row += 2
    w.cell(1, text, font=HEADING_FONT)


def _sub_heading(w: SheetWriter, msgid: str) -> None:
    w.row += 2
    w.cell(1, w.t(msgid), font=BOLD)


def _none_yet(w: SheetWriter, msgid: str) -> None:
    """Say on the row below a sub-heading that its section is empty."""
    w.row += 1
    w.cell(1, w.t(msgid))


def _width(widths: Sequence[float], span: Span) -> float:
    return sum(widths[span[0] - 1:span[1]])


def _spans_row(
    w: SheetWriter,
    widths: Sequence[float],
    cells: Sequence[tuple[Span, Value, str | None]],
    *,
    header: bool = False,
    fill: PatternFill = HEADER_FILL,
) -> None:
    """Write one row of ``(span, value, number format)`` cells; wider spans are merged.

    A row with merged cells gets a height that shows its wrapped text, since spreadsheet
    programs do not fit the height of merged cells themselves.
    """
    w.row += 1
    merged = False
    height = 0.0
    for (first, last), value, number_format in cells:
        text = isinstance(value, str)
        cell = w.cell(first, value, number_format, font=BOLD if header else None, wrap=text)
        if header:
            cell.fill = fill
        if last > first:
            w.ws.merge_cells(start_row=w.row, start_column=first, end_row=w.row, end_column=last)
            merged = True
        if text and value:
            height = max(height, wrapped_height(value, _width(widths, (first, last))))
    if merged and height:
        w.ws.row_dimensions[w.row].height = height


def _header(w: SheetWriter, widths: Sequence[float], columns: Sequence[tuple[Span, str]],
            *, fill: PatternFill = HEADER_FILL) -> None:
    _spans_row(w, widths, [(span, w.t(msgid), None) for span, msgid in columns], header=True,
               fill=fill)


def _fact(w: SheetWriter, msgid: str, value: Value, number_format: str | None = None,
          *, column: int = 2) -> None:
    """Write a label and its value on one row; the value does not wrap, so text runs on."""
    w.row += 1
    w.cell(1, w.t(msgid), font=BOLD)
    cell = w.cell(column, "" if value is None else value, number_format)
    cell.alignment = Alignment(horizontal="left", vertical="top")


def _wide_fact(w: SheetWriter, msgid: str, text: str) -> None:
    """Write a label and a text value that runs across the rest of the table's width."""
    w.row += 1
    w.cell(1, w.t(msgid), font=BOLD)
    w.cell(FACT_SPAN[0], text, wrap=True)
    w.ws.merge_cells(start_row=w.row, start_column=FACT_SPAN[0], end_row=w.row,
                     end_column=FACT_SPAN[1])
    if text:
        w.ws.row_dimensions[w.row].height = wrapped_height(text, _width(NEEDS_WIDTHS, FACT_SPAN))


def _measure(value: Decimal | None) -> str | None:
    """The format of a value as entered: decimals only when it has them."""
    return measure_format(value, None)


def _signed(value: Decimal | None) -> str | None:
    """The format of a difference: with its sign ("+2.5", "-2.5"), and "0" for no difference."""
    number = measure_format(value, None)
    return None if number is None else f"+{number};-{number};0"


# --- Behovsanalys ------------------------------------------------------------------------------


def write_need_areas_sheet(wb: Workbook, title: str, areas: Sequence[NeedAreaSummary],
                           t: Translate, *, empty: str) -> None:
    """Add the sheet of need areas: facts, indicators with breakdowns, data and other sources.

    ``empty`` is the msgid written when there are no ``areas``.
    """
    w = _start(wb, NEEDS_TITLE, title, t(N_("Needs analysis")), t, NEEDS_WIDTHS)
    if not areas:
        _line(w, t(empty))
        return
    charts = _Charts(len(NEEDS_WIDTHS) + 2)
    for area in areas:
        _name_heading(w, area.title)
        _fact(w, N_("Status"), label(NEED_STATUS_LABELS, area.status, t))
        _wide_fact(w, N_("Outcome that must improve"), area.outcome)
        _wide_fact(w, N_("Idea of a target group"), area.target_group)
        _wide_fact(w, N_("Raised by"), _raised_by(area, t))
        _fact(w, N_("Department"), area.department or "")
        _wide_fact(w, N_("Initiatives"), ", ".join(area.initiatives))
        if area.description.strip():
            _wide_fact(w, N_("Description"), area.description.strip())

        _sub_heading(w, N_("Key indicators"))
        if not area.indicators:
            _none_yet(w, N_("No indicators yet."))
        else:
            _header(w, NEEDS_WIDTHS, INDICATOR_COLUMNS)
            for indicator in area.indicators:
                _indicator(w, indicator, charts)

        _sub_heading(w, N_("Data sources"))
        if not area.data_sources:
            _none_yet(w, N_("No data sources recorded yet."))
        else:
            _header(w, NEEDS_WIDTHS, SOURCE_COLUMNS)
            for source in area.data_sources:
                values = (
                    source.name,
                    label(SOURCE_KIND_LABELS, source.kind, t),
                    source.holder,
                    label(SOURCE_LEVEL_LABELS, source.level, t),
                    source.note,
                    source.legal_limits,
                )
                _spans_row(w, NEEDS_WIDTHS, [
                    (span, value, None)
                    for (span, _msgid), value in zip(SOURCE_COLUMNS, values, strict=True)
                ])

        _sub_heading(w, N_("Qualitative sources"))
        if not area.qualitative_sources:
            _none_yet(w, N_("No qualitative sources recorded yet."))
        else:
            _header(w, NEEDS_WIDTHS, QUALITATIVE_COLUMNS)
            for source in area.qualitative_sources:
                values = (
                    source.title,
                    label(QUALITATIVE_METHOD_LABELS, source.method, t),
                    source.conducted_on,
                    source.participants,
                    source.summary,
                )
                _spans_row(w, NEEDS_WIDTHS, [
                    (span, value, DATE if index == 2 else None)
                    for index, ((span, _msgid), value) in enumerate(
                        zip(QUALITATIVE_COLUMNS, values, strict=True))
                ])


def _raised_by(area: NeedAreaSummary, t: Translate) -> str:
    kind = label(RAISED_BY_LABELS, area.raised_by_kind, t)
    if area.raised_by and kind:
        return f"{area.raised_by} ({kind})"
    return area.raised_by or kind


def _indicator(w: SheetWriter, indicator: NeedIndicatorLine, charts: _Charts) -> None:
    """Write an indicator's row, its breakdowns below it and a chart of them beside it."""
    t = w.t
    if indicator.breakdowns:
        charts.place(w, w.row + 1)
    _spans_row(w, NEEDS_WIDTHS, [
        ((1, 1), indicator.name, None),
        ((2, 2), indicator.unit, None),
        ((3, 3), indicator.year, None),
        ((4, 4), indicator.value, _measure(indicator.value)),
        ((5, 5), indicator.comparison_value, _measure(indicator.comparison_value)),
        ((6, 6), indicator.comparison_label, None),
        ((7, 7), indicator.source, None),
    ])
    w.ws.cell(row=w.row, column=1).font = BOLD
    if not indicator.breakdowns:
        return
    anchor = w.row
    _header(w, NEEDS_WIDTHS, BREAKDOWN_COLUMNS, fill=SUB_HEADER_FILL)
    first = w.row + 1
    for breakdown in indicator.breakdowns:
        _spans_row(w, NEEDS_WIDTHS, [
            ((2, 2), label(DIMENSION_LABELS, breakdown.dimension, t), None),
            ((3, 3), breakdown.category, None),
            ((4, 4), breakdown.value, _measure(breakdown.value)),
            ((5, 5), breakdown.difference, _signed(breakdown.difference)),
        ])
    chart = _bars(
        w.ws, indicator.name,
        Reference(w.ws, min_col=BREAKDOWN_VALUE_COLUMN, min_row=first, max_row=w.row),
        Reference(w.ws, min_col=CATEGORY_COLUMN, min_row=first, max_row=w.row),
    )
    chart.y_axis.title = clean_text(indicator.unit) or None
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    charts.add(w.ws, chart, anchor)


# --- Socioekonomiskt index ---------------------------------------------------------------------


def write_ses_analyses_sheet(wb: Workbook, title: str, areas: Sequence[NeedAreaSummary],
                             t: Translate) -> None:
    """Add the socio-economic index of every analysis of ``areas``; no sheet when none has one."""
    analyses = [(area, ses) for area in areas for ses in area.ses_analyses]
    if not analyses:
        return
    w = _start(wb, SES_TITLE, title, t(N_("Socio-economic index per area")), t, SES_WIDTHS)
    charts = _Charts(len(SES_WIDTHS) + 2)
    for area, ses in analyses:
        _ses_analysis(w, area, ses, charts)


def _ses_analysis(w: SheetWriter, area: NeedAreaSummary, ses: SesReport, charts: _Charts) -> None:
    t = w.t
    result = ses.result
    outcome = ses.outcome_label or t(N_("Outcome"))
    # The chart sits beside the analysis from its heading down.
    anchor = charts.place(w, w.row + 2)
    _name_heading(w, ses.title)
    _fact(w, N_("Need area"), area.title, column=SES_VALUE_COLUMN)
    _fact(w, N_("Year"), ses.year, column=SES_VALUE_COLUMN)
    _fact(w, N_("Correlation between the index and the outcome (r)"), result.correlation,
          TWO_DECIMALS, column=SES_VALUE_COLUMN)
    slope, intercept = result.fit if result.fit else (None, None)
    _fact(w, N_("Slope of the trend line"), slope, TWO_DECIMALS, column=SES_VALUE_COLUMN)
    _fact(w, N_("Intercept of the trend line"), intercept, TWO_DECIMALS,
          column=SES_VALUE_COLUMN)
    if result.constant:
        variables = ", ".join(t(SES_VARIABLE_LABELS[v]) for v in result.constant)
        w.row += 1
        w.cell(1, t(N_("The same in every area (counted as 5): %(variables)s."))
               % {"variables": variables})

    w.row += 1
    headers = [t(N_("Rank")), t(N_("Area")), t(N_("Index"))]
    headers += [f"{t(SES_VARIABLE_LABELS[v])} (0–10)" for v in SES_VARIABLES]
    headers.append(outcome)
    _spans_row(w, SES_WIDTHS, [((c, c), h, None) for c, h in enumerate(headers, start=1)],
               header=True)
    first = w.row + 1
    for area_index in sorted(result.areas, key=lambda a: a.rank):
        values: list[tuple[Value, str | None]] = [
            (area_index.rank, INTEGER),
            (area_index.area, None),
            (area_index.index, TWO_DECIMALS),
        ]
        values += [(scaled, TWO_DECIMALS) for scaled in area_index.scaled]
        values.append((area_index.outcome, _measure(area_index.outcome)))
        _spans_row(w, SES_WIDTHS, [
            ((c, c), value, fmt) for c, (value, fmt) in enumerate(values, start=1)
        ])
    last = w.row
    with_outcome = sum(1 for a in result.areas if a.outcome is not None)
    if with_outcome:
        chart = _ses_scatter(w, first, last, outcome, fit=result.fit is not None)
    else:
        chart = _bars(
            w.ws, t(N_("Socio-economic index per area (0–10)")),
            Reference(w.ws, min_col=INDEX, min_row=first, max_row=last),
            Reference(w.ws, min_col=AREA, min_row=first, max_row=last),
            horizontal=True,
        )
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 10
    charts.add(w.ws, chart, anchor)


def _ses_scatter(w: SheetWriter, first: int, last: int, outcome: str, *,
                 fit: bool) -> ScatterChart:
    """The outcome against the index, one point per area, with the least-squares line."""
    t = w.t
    chart = ScatterChart()
    chart.scatterStyle = "marker"
    chart.title = clean_text(
        t(N_("%(outcome)s against the socio-economic index")) % {"outcome": outcome}
    )
    chart.style = 13
    chart.legend = None
    chart.x_axis.title = t(N_("Socio-economic index"))
    chart.y_axis.title = clean_text(outcome)
    chart.x_axis.scaling.min = 0
    chart.x_axis.scaling.max = 10
    series = Series(
        Reference(w.ws, min_col=OUTCOME, min_row=first, max_row=last),
        Reference(w.ws, min_col=INDEX, min_row=first, max_row=last),
        title=clean_text(outcome),
    )
    series.marker.symbol = "circle"
    series.marker.size = 7
    series.graphicalProperties.line.noFill = True
    if fit:
        series.trendline = Trendline(trendlineType="linear")
    chart.series.append(series)
    _show_axes(chart)
    return chart


# --- Flödesanalys ------------------------------------------------------------------------------


def write_flow_analyses_sheet(wb: Workbook, title: str, areas: Sequence[NeedAreaSummary],
                              t: Translate) -> None:
    """Add every flow analysis of ``areas``; no sheet when none has one."""
    analyses = [(area, flow) for area in areas for flow in area.flow_analyses]
    if not analyses:
        return
    w = _start(wb, FLOWS_TITLE, title, t(N_("Flow analyses")), t, FLOW_WIDTHS)
    charts = _Charts(len(FLOW_WIDTHS) + 2)
    for area, flow in analyses:
        _flow_analysis(w, area, flow, charts)


def _table(w: SheetWriter, headers: Sequence[str],
           rows: Sequence[Sequence[tuple[Value, str | None]]]) -> None:
    _spans_row(w, FLOW_WIDTHS, [((c, c), w.t(h), None) for c, h in enumerate(headers, start=1)],
               header=True)
    for row in rows:
        _spans_row(w, FLOW_WIDTHS, [
            ((c, c), value, fmt) for c, (value, fmt) in enumerate(row, start=1)
        ])


def _path(path: Sequence[str], t: Translate) -> str:
    return " → ".join(label(PLACEMENT_LABELS, step, t) for step in path)


def _flow_analysis(w: SheetWriter, area: NeedAreaSummary, flow: FlowReport,
                   charts: _Charts) -> None:
    t = w.t
    result = flow.result
    _name_heading(w, flow.title)
    _fact(w, N_("Need area"), area.title)
    _fact(w, N_("Period"), flow.period)
    _fact(w, N_("Young people"), result.individuals, INTEGER)
    _fact(w, N_("Placements"), result.placements, INTEGER)
    _fact(w, N_("Re-placements"), result.replacements, INTEGER)
    _fact(w, N_("Share re-placed"), result.replaced_share, PERCENT_DECIMAL)
    _fact(w, N_("Share with open care in between"), result.open_care_share, PERCENT_DECIMAL)

    anchor = charts.place(w, w.row + 2)
    _sub_heading(w, N_("Groups of re-placements"))
    first = w.row + 2
    _table(w, (N_("Group"), N_("Re-placements"), N_("Share"), N_("With open care in between"),
               N_("Share with open care in between")), [
        (
            (label(GROUP_LABELS, group.key, t), None),
            (group.count, INTEGER),
            (group.share, PERCENT_DECIMAL),
            (group.open_care, INTEGER),
            (group.open_care_share, PERCENT_DECIMAL),
        )
        for group in result.groups
    ])
    chart = _bars(
        w.ws, t(N_("Groups of re-placements")),
        Reference(w.ws, min_col=2, min_row=first, max_row=w.row),
        Reference(w.ws, min_col=1, min_row=first, max_row=w.row),
        horizontal=True,
    )
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    charts.add(w.ws, chart, anchor)

    _sub_heading(w, N_("Transitions"))
    _table(w, (N_("From"), N_("To"), N_("Count"), N_("Share")), [
        (
            (label(PLACEMENT_LABELS, transition.source, t), None),
            (label(PLACEMENT_LABELS, transition.target, t), None),
            (transition.count, INTEGER),
            (transition.share, PERCENT_DECIMAL),
        )
        for transition in result.transitions
    ])

    _sub_heading(w, N_("Most common paths"))
    _table(w, (N_("Path"), N_("Young people"), N_("Share")), [
        ((_path(path.path, t), None), (path.count, INTEGER), (path.share, PERCENT_DECIMAL))
        for path in result.paths[:MAX_PATHS]
    ])
    if len(result.paths) > MAX_PATHS:
        w.row += 1
        w.cell(1, t(N_("The 20 most common of %(count)d paths.")) % {"count": len(result.paths)})


# --- the sheets of the decision material -------------------------------------------------------


def write_needs_sheet(wb: Workbook, summary: ProjectSummary, t: Translate) -> None:
    """Add the project's linked need areas (or a line saying there are none)."""
    write_need_areas_sheet(wb, summary.title, summary.need_areas, t, empty=NO_LINKED_AREAS)


def write_ses_sheet(wb: Workbook, summary: ProjectSummary, t: Translate) -> None:
    """Add the socio-economic indices of the linked need areas, if they have any."""
    write_ses_analyses_sheet(wb, summary.title, summary.need_areas, t)


def write_flow_sheet(wb: Workbook, summary: ProjectSummary, t: Translate) -> None:
    """Add the flow analyses of the linked need areas, if they have any."""
    write_flow_analyses_sheet(wb, summary.title, summary.need_areas, t)


#: The needs sheets of the decision material, in order.
NEEDS_SHEETS = (write_needs_sheet, write_ses_sheet, write_flow_sheet)


# --- the needs workbook ------------------------------------------------------------------------


def build_needs_workbook(
    areas: Sequence[NeedAreaSummary],
    *,
    title: str | None = None,
    translate: Translate = lambda s: s,
) -> bytes:
    """Return the needs analysis of ``areas`` as an .xlsx file.

    ``title`` heads every sheet; by default the title of the only area, or "Needs analysis".
    """
    t = translate
    heading = t(N_("Needs analysis"))
    if title is None:
        title = areas[0].title if len(areas) == 1 else heading
    wb = new_workbook(write_only=False,
                      title=title if title == heading else f"{heading}: {title}")
    write_need_areas_sheet(wb, title, areas, t, empty=NO_AREAS)
    write_ses_analyses_sheet(wb, title, areas, t)
    write_flow_analyses_sheet(wb, title, areas, t)
    return to_bytes(wb)
