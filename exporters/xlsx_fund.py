"""The fund sheets of the portfolio workbook: one sheet per fund, ``Fond``, ``Fond 2``, ...

A sheet per fund keeps each fund's tables, charts, print titles and frozen title rows together;
a municipality rarely has more than one or two funds. Without funds there is one sheet ``Fond``
saying so. The sheets always cover every fund in full: the filters of the portfolio page choose
projects, not ledger entries, and a fund's figures only add up when all its entries are there.

Each sheet, top to bottom (columns A–H; the risk table has one more column per department):

* rows 1–2, frozen and printed on every page: the fund's name and the word "Fund";
* the facts: capital, start and end of the period, the share of the risk borne centrally, and
  what is allocated, disbursed, repaid and available now;
* *Per year*: year, allocated, disbursed, repaid, available at year end, not yet paid out, and
  "Over-allocated" (a text column, as well as a fill) for a year that ends below zero;
* *Forecast* (when the fund has planned flows): the same columns and "Forecast" marking the years
  whose figures include planned flows, then the planned flows themselves;
* *Risk sharing per initiative*: allocated, disbursed, repaid, the central part and each
  department's part per initiative, ledger amounts without an initiative on a row of their own,
  and a total row;
* *Ledger*: every entry in date order: date, kind, initiative, amount, note, whether it goes
  beyond the available money and the reason given, and who recorded it.

Two native charts sit to the right of the tables, from the *Per year* heading down: the money
allocated, disbursed and repaid per year (columns) and what is available and not yet paid out at
each year's end (lines), both over the forecast's years when there is one.

The workbook is written in write-only mode (flat memory for the portfolio rows), so rows are
appended top to bottom and the column widths are set before the first row.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from exporters.xlsx_common import (
    BOLD,
    DATE,
    HEADER_FILL,
    HEADING_FONT,
    MONEY,
    PERCENT,
    SUBTITLE_FONT,
    TITLE_FONT,
    TOP,
    WRAP_TOP,
    YEAR,
    Translate,
    Value,
    clean_text,
    label,
    set_widths,
    setup_print,
    stream_value,
)
from models.domain import N_
from models.domain.fund import ALLOCATION, DISBURSEMENT, REPAYMENT, ZERO, YearRow
from models.funds import FundOverview

SHEET_TITLE = "Fond"

#: The kinds of ledger entry and planned flow, as the fund page names them.
KIND_LABELS = {
    ALLOCATION: N_("Allocation"),
    DISBURSEMENT: N_("Disbursement"),
    REPAYMENT: N_("Repayment"),
}

#: A–H; the risk table's department columns (F on) are widened to DEPARTMENT_WIDTH at least.
WIDTHS = (32, 16, 28, 16, 30, 16, 28, 28)
DEPARTMENT_WIDTH = 18
#: The first department column of the risk table.
FIRST_DEPARTMENT = 6

YEAR_HEADERS = (
    N_("Year"),
    N_("Allocated"),
    N_("Disbursed"),
    N_("Repaid"),
    N_("Available at year end"),
    N_("Not yet paid out"),
    N_("Over-allocated"),
)
FORECAST_HEADERS = (*YEAR_HEADERS, N_("Forecast"))
PLAN_HEADERS = (N_("Year"), N_("Kind"), N_("Initiative"), N_("Amount"), N_("Note"))
RISK_HEADERS = (N_("Initiative"), N_("Allocated"), N_("Disbursed"), N_("Repaid"), N_("Central"))
LEDGER_HEADERS = (
    N_("Date"),
    N_("Kind"),
    N_("Initiative"),
    N_("Amount"),
    N_("Note"),
    N_("Beyond the available money"),
    N_("Reason"),
    N_("Recorded by"),
)

#: Years that end over-allocated and entries beyond the available money: a fill, and always a
#: word in a text column too, so the marking survives printing in black and white.
ALERT_FILL = PatternFill("solid", fgColor="F8CBAD")
ALERT_FONT = Font(bold=True, color="9C0006")
#: Forecast years.
FORECAST_FILL = PatternFill("solid", fgColor="FFF2CC")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")

CHART_WIDTH_CM = 16
CHART_HEIGHT_CM = 7.5
#: Rows a chart covers at the default row height (with a margin), so the two never overlap.
CHART_ROWS = 17


class _Rows:
    """Appends rows to a write-only sheet and knows the number of the last one."""

    def __init__(self, ws: Any, t: Translate):
        self.ws = ws
        self.t = t
        self.row = 0

    def append(self, values: Sequence[Any] = ()) -> int:
        self.ws.append(list(values))
        self.row += 1
        return self.row

    def value(self, value: Value, number_format: str | None = None, **style: Any) -> Any:
        return stream_value(self.ws, value, number_format, **style)

    def text(self, value: str | None, **style: Any) -> Any:
        """A text cell that wraps at the top of its row (user text as text, never a formula);
        blank text leaves the cell empty."""
        return stream_value(self.ws, value or None, alignment=WRAP_TOP, **style)

    def heading(self, msgid: str) -> int:
        self.append()
        return self.append([self.value(self.t(msgid), font=HEADING_FONT)])

    def line(self, msgid: str) -> None:
        self.append([self.value(self.t(msgid))])

    def header(self, headers: Sequence[str]) -> int:
        """A header row; ``headers`` are already translated (or user text, as departments)."""
        return self.append([
            stream_value(self.ws, h, font=BOLD, fill=HEADER_FILL, alignment=WRAP_TOP)
            for h in headers
        ])

    def fact(self, msgid: str, value: Value, number_format: str | None = None,
             *extra: Any) -> None:
        self.append([self.value(self.t(msgid), font=BOLD),
                     self.value(value, number_format, alignment=TOP), *extra])


def write_fund_sheets(wb: Workbook, funds: Sequence[FundOverview], t: Translate) -> None:
    """Add one sheet per fund of ``funds`` (or one sheet saying there are none) to ``wb``."""
    if not funds:
        rows = _start(wb, SHEET_TITLE, t(N_("Funds")), None, t, departments=0)
        rows.append()
        rows.line(N_("No funds yet."))
        return
    for number, data in enumerate(funds, start=1):
        title = SHEET_TITLE if number == 1 else f"{SHEET_TITLE} {number}"
        _write_fund(wb, title, data, t)


def _start(wb: Workbook, sheet_title: str, title: str, subtitle: str | None, t: Translate, *,
           departments: int) -> _Rows:
    """Add a sheet with ``title`` and ``subtitle`` on its two frozen rows, columns wide enough
    for a risk table of ``departments``."""
    ws = wb.create_sheet(sheet_title)
    # A write-only sheet writes its views and columns before the first row.
    ws.freeze_panes = "A3"
    widths = list(WIDTHS)
    for index in range(departments):
        column = FIRST_DEPARTMENT + index
        if column <= len(widths):
            widths[column - 1] = max(widths[column - 1], DEPARTMENT_WIDTH)
        else:
            widths.append(DEPARTMENT_WIDTH)
    set_widths(ws, widths)
    setup_print(ws, landscape=True, title_rows="1:2")
    rows = _Rows(ws, t)
    rows.append([rows.value(title, font=TITLE_FONT)])
    rows.append([rows.value(subtitle, font=SUBTITLE_FONT)] if subtitle else [])
    return rows


def _write_fund(wb: Workbook, sheet_title: str, data: FundOverview, t: Translate) -> None:
    fund = data.fund
    departments = list(data.departments)
    rows = _start(wb, sheet_title, fund.name, t(N_("Fund")), t, departments=len(departments))
    titles = {share.project.id: share.project.title for share in data.projects}

    rows.append()
    rows.fact(N_("Capital"), fund.capital, MONEY)
    rows.fact(N_("Start"), fund.start, DATE)
    rows.fact(N_("End"), fund.end, DATE)
    rows.fact(N_("Risk borne centrally"), fund.central_risk_share, PERCENT)
    balance = data.balance
    rows.fact(N_("Allocated"), balance.allocated, MONEY)
    rows.fact(N_("Disbursed"), balance.disbursed, MONEY)
    rows.fact(N_("Repaid"), balance.repaid, MONEY)
    if balance.available < 0:
        rows.fact(N_("Available"), balance.available, MONEY,
                  rows.value(t(N_("Over-allocated")), font=ALERT_FONT, fill=ALERT_FILL))
    else:
        rows.fact(N_("Available"), balance.available, MONEY)

    # The charts go right of the widest table, beside the tables from the first heading down.
    chart_column = max(len(WIDTHS), len(RISK_HEADERS) + len(departments)) + 2
    chart_anchor = rows.heading(N_("Per year"))
    if data.years:
        chart_rows = _year_table(rows, data.years, YEAR_HEADERS)
    else:
        chart_rows = None
        rows.line(N_("No entries yet."))

    rows.heading(N_("Forecast"))
    if fund.plan:
        chart_rows = _year_table(rows, data.forecast, FORECAST_HEADERS)
        rows.append()
        rows.append([rows.value(t(N_("Planned flows")), font=BOLD)])
        rows.header([t(h) for h in PLAN_HEADERS])
        for flow in fund.plan:
            rows.append([
                rows.value(flow.year, YEAR, alignment=TOP),
                rows.text(label(KIND_LABELS, flow.kind, t)),
                rows.text(titles.get(flow.project_id) if flow.project_id else None),
                rows.value(flow.amount, MONEY, alignment=TOP),
                rows.text(flow.note),
            ])
    else:
        rows.line(N_("No planned flows yet."))

    if chart_rows is not None:
        _charts(rows, chart_rows, chart_column, chart_anchor)

    rows.heading(N_("Risk sharing per initiative"))
    _risk_table(rows, data, departments)

    rows.heading(N_("Ledger"))
    if not data.entries:
        rows.line(N_("No entries yet."))
        return
    rows.header([t(h) for h in LEDGER_HEADERS])
    for entry in data.entries:
        alert = {"fill": ALERT_FILL} if entry.override else {}
        rows.append([
            rows.value(entry.date, DATE, alignment=TOP),
            rows.text(label(KIND_LABELS, entry.kind, t)),
            rows.text(titles.get(entry.project_id) if entry.project_id else None),
            rows.value(entry.amount, MONEY, alignment=TOP),
            rows.text(entry.note),
            rows.text(t(N_("Yes")), **alert) if entry.override else None,
            rows.text(entry.override_reason),
            rows.text(entry.recorded_by),
        ])


def _year_table(rows: _Rows, years: Sequence[YearRow], headers: Sequence[str]
                ) -> tuple[int, int]:
    """Write a table of ``years``; return its header row and its last row."""
    t = rows.t
    forecast = len(headers) > len(YEAR_HEADERS)
    header = rows.header([t(h) for h in headers])
    for year in years:
        fill = {"fill": FORECAST_FILL} if forecast and year.planned else {}
        values = [
            rows.value(year.year, YEAR, font=BOLD, **fill),
            rows.value(year.allocated, MONEY, **fill),
            rows.value(year.disbursed, MONEY, **fill),
            rows.value(year.repaid, MONEY, **fill),
            rows.value(year.available, MONEY,
                       **({"font": ALERT_FONT, "fill": ALERT_FILL} if year.negative else fill)),
            rows.value(year.cash, MONEY, **fill),
            rows.value(t(N_("Yes")), font=ALERT_FONT, fill=ALERT_FILL) if year.negative
            else None,
        ]
        if forecast:
            values.append(rows.value(t(N_("Yes")), **fill) if year.planned else None)
        rows.append(values)
    return header, rows.row


def _charts(rows: _Rows, table: tuple[int, int], column: int, anchor: int) -> None:
    """Chart the year table whose header and last row are ``table``, beside the tables."""
    ws, t = rows.ws, rows.t
    header, last = table
    years = Reference(ws, min_col=1, min_row=header + 1, max_row=last)

    flows = BarChart()
    flows.type = "col"
    flows.grouping = "clustered"
    flows.title = clean_text(t(N_("Allocated, disbursed and repaid per year")))
    flows.add_data(Reference(ws, min_col=2, max_col=4, min_row=header, max_row=last),
                   titles_from_data=True)
    flows.set_categories(years)
    _finish(flows)

    balances = LineChart()
    balances.title = clean_text(t(N_("Available and not yet paid out at year end")))
    balances.add_data(Reference(ws, min_col=5, max_col=6, min_row=header, max_row=last),
                      titles_from_data=True)
    balances.set_categories(years)
    for series in balances.series:
        series.marker.symbol = "circle"
        series.smooth = False
    _finish(balances)

    letter = get_column_letter(column)
    ws.add_chart(flows, f"{letter}{anchor}")
    ws.add_chart(balances, f"{letter}{anchor + CHART_ROWS}")


def _finish(chart: Any) -> None:
    chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
    chart.y_axis.number_format = MONEY
    chart.legend.position = "b"
    # Without this, recent Excel versions hide both axes of charts openpyxl writes.
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def _risk_table(rows: _Rows, data: FundOverview, departments: Sequence[str]) -> None:
    """Who bears each initiative's allocations, with a total row of every column."""
    t = rows.t
    shares = [s for s in data.projects if s.allocated or s.disbursed or s.repaid]
    loose = _without_initiative(data)
    if not shares and not any(loose):
        rows.line(N_("Nothing is allocated yet."))
        return
    rows.header([t(h) for h in RISK_HEADERS] + list(departments))
    for share in shares:
        if share.split:
            central: Decimal = share.split.central
            parts = dict(share.split.departments)
        else:
            # Allocated money with no department to share it is borne centrally.
            central, parts = share.allocated, {}
        rows.append([
            rows.text(share.project.title),
            rows.value(share.allocated, MONEY, alignment=TOP),
            rows.value(share.disbursed, MONEY, alignment=TOP),
            rows.value(share.repaid, MONEY, alignment=TOP),
            rows.value(central, MONEY, alignment=TOP),
            *(rows.value(parts.get(name), MONEY, alignment=TOP) for name in departments),
        ])
    if any(loose):
        # Not tied to an initiative, so not shared with any department either.
        rows.append([
            rows.text(t(N_("No initiative"))),
            *(rows.value(amount, MONEY, alignment=TOP) for amount in loose),
        ])
    total = {"font": BOLD, "fill": TOTAL_FILL}
    rows.append([
        rows.value(t(N_("Total")), **total),
        rows.value(sum((s.allocated for s in shares), ZERO) + loose[0], MONEY, **total),
        rows.value(sum((s.disbursed for s in shares), ZERO) + loose[1], MONEY, **total),
        rows.value(sum((s.repaid for s in shares), ZERO) + loose[2], MONEY, **total),
        rows.value(data.central, MONEY, **total),
        *(rows.value(data.departments[name], MONEY, **total) for name in departments),
    ])


def _without_initiative(data: FundOverview) -> tuple[Decimal, Decimal, Decimal]:
    """The allocations, disbursements and repayments of the ledger not tied to an initiative."""
    sums = {kind: ZERO for kind in KIND_LABELS}
    for entry in data.entries:
        if not entry.project_id and entry.kind in sums:
            sums[entry.kind] += entry.amount
    return sums[ALLOCATION], sums[DISBURSEMENT], sums[REPAYMENT]
