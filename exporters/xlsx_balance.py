"""The sheet ``Balans`` of the portfolio workbook: the portfolio's balance and the signals of
the running initiatives.

Top to bottom (columns A–J), the title rows frozen and printed on every page:

* the scope (all funds, or one fund) and the running and proposed portfolio's totals;
* one table per dimension of ``models.domain.balance`` (department, life stage, duration,
  complexity, risk, stage, budget band): the group, then the number of initiatives and the sum of
  their budget requests in the running and in the proposed portfolio, and how many were placed by
  a derived value; a note says how to read it (e.g. initiatives with several departments count
  in each). Two native bar charts sit to the right of each table: the number of initiatives and
  the budget requests, running beside proposed;
* *Signals*: each running initiative with its money from the fund ledger and its signals, the
  serious ones first, each marked by a word (not only a colour).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from exporters.xlsx_common import (
    BOLD,
    HEADER_FILL,
    HEADING_FONT,
    INTEGER,
    MONEY,
    SUBTITLE_FONT,
    TITLE_FONT,
    TOP,
    WRAP_TOP,
    Translate,
    Value,
    clean_text,
    label,
    set_widths,
    setup_print,
    stream_value,
)
from models.domain import N_
from models.domain.balance import Balance, Breakdown, Bucket
from models.domain.signals import DANGER, SEVERITY_LABELS, Signal
from models.domain.stages import STAGE_LABELS
from models.signals import SignalRow

SHEET_TITLE = "Balans"

#: A–J: the tables use A–G, the signals table A–J (its sentences in J).
WIDTHS = (34, 14, 18, 14, 18, 14, 14, 10, 10, 60)
TABLE_HEADERS = (
    N_("Group"),
    N_("Running: number"),
    N_("Running: budget request"),
    N_("Proposed: number"),
    N_("Proposed: budget request"),
    N_("Running: of which derived"),
    N_("Proposed: of which derived"),
)
SIGNAL_HEADERS = (
    N_("Initiative"),
    N_("Stage"),
    N_("Departments"),
    N_("Project leader"),
    N_("Budget request"),
    N_("Allocated"),
    N_("Disbursed"),
    N_("Serious"),
    N_("Number of signals"),
    N_("Signals"),
)

CHART_WIDTH_CM = 13
CHART_HEIGHT_CM = 7
#: Rows a chart covers at the default row height (with a margin), so that charts never overlap.
CHART_ROWS = 15
#: The first column of the charts: right of the tables, past one empty column (I).
CHART_COLUMN = len(TABLE_HEADERS) + 2
#: The budget chart starts this many columns after the count chart (K: I and J are about
#: 13.2 cm wide together, wider than a chart).
CHART_GAP_COLUMNS = 2


@dataclass(frozen=True)
class BalanceSheet:
    """What the sheet needs: the balance, its scope and the running initiatives' signals."""

    balance: Balance
    #: The fund the balance is limited to (user text); empty for all funds.
    scope: str = ""
    signals: Sequence[SignalRow] = ()
    #: Turns a signal into a sentence in the reader's language; None: the translated msgid
    #: filled with the plain parameters (stages by their label).
    describe: Callable[[Signal], str] | None = None


class _Rows:
    """Appends rows to a write-only sheet and knows the number of the last one."""

    def __init__(self, ws: Any):
        self.ws = ws
        self.row = 0

    def append(self, values: Sequence[Any] = ()) -> int:
        self.ws.append(list(values))
        self.row += 1
        return self.row

    def value(self, value: Value, number_format: str | None = None, **style: Any) -> Any:
        style.setdefault("alignment", WRAP_TOP if isinstance(value, str) else TOP)
        return stream_value(self.ws, value, number_format, **style)

    def header(self, headers: Sequence[str]) -> int:
        return self.append([stream_value(self.ws, h, font=BOLD, fill=HEADER_FILL,
                                         alignment=WRAP_TOP) for h in headers])


def _describe(t: Translate) -> Callable[[Signal], str]:
    def describe(signal: Signal) -> str:
        params = {key: t(STAGE_LABELS[v]) if key == "stage" and v in STAGE_LABELS else v
                  for key, v in signal.params.items()}
        return t(signal.message) % params if params else t(signal.message)

    return describe


def bucket_name(bucket: Bucket, t: Translate) -> str:
    return bucket.label if bucket.named else t(bucket.label)


def write_balance_sheet(wb: Workbook, sheet: BalanceSheet, t: Translate) -> None:
    """Add the sheet ``Balans`` to ``wb`` (see the module docstring)."""
    ws = wb.create_sheet(SHEET_TITLE)
    # A write-only sheet writes its views and columns before the first row.
    ws.freeze_panes = "A3"
    set_widths(ws, WIDTHS)
    setup_print(ws, landscape=True, title_rows="1:2")
    rows = _Rows(ws)
    rows.append([rows.value(t(N_("Portfolio balance")), font=TITLE_FONT, alignment=TOP)])
    rows.append([rows.value(sheet.scope or t(N_("All funds")), font=SUBTITLE_FONT,
                            alignment=TOP)])

    balance = sheet.balance
    rows.append()
    rows.header([t(N_("Portfolio")), t(N_("Number")), t(N_("Budget request")),
                 t(N_("Without a budget request"))])
    for name, tally in ((N_("Running"), balance.running), (N_("Proposed"), balance.proposed)):
        rows.append([rows.value(t(name), font=BOLD), rows.value(tally.count, INTEGER),
                     rows.value(tally.budget, MONEY), rows.value(tally.unbudgeted, INTEGER)])
    rows.append([rows.value(t(N_("Running: approved, running, evaluation, implementation. "
                                 "Proposed: idea, proposal, prioritised.")))])

    for breakdown in balance.breakdowns:
        _breakdown(rows, breakdown, t)

    _signals(rows, sheet, t)


def _breakdown(rows: _Rows, breakdown: Breakdown, t: Translate) -> None:
    rows.append()
    anchor = rows.append([rows.value(t(breakdown.label), font=HEADING_FONT, alignment=TOP)])
    rows.append([rows.value(t(breakdown.note))])
    header = rows.header([t(h) for h in TABLE_HEADERS])
    for bucket in breakdown.buckets:
        rows.append([
            rows.value(bucket_name(bucket, t), font=BOLD),
            rows.value(bucket.running.count, INTEGER),
            rows.value(bucket.running.budget, MONEY),
            rows.value(bucket.proposed.count, INTEGER),
            rows.value(bucket.proposed.budget, MONEY),
            rows.value(bucket.running.derived, INTEGER),
            rows.value(bucket.proposed.derived, INTEGER),
        ])
    last = rows.row
    _charts(rows.ws, t, breakdown, header, last, anchor)
    while rows.row < anchor + CHART_ROWS:
        rows.append()


def _charts(ws: Any, t: Translate, breakdown: Breakdown, header: int, last: int,
            anchor: int) -> None:
    """Bar charts of the table from ``header`` to ``last``: numbers and budget requests."""
    categories = Reference(ws, min_col=1, min_row=header + 1, max_row=last)
    title = t(breakdown.label)
    for offset, (columns, measure, number_format) in enumerate((
        ((2, 4), N_("Number of initiatives"), INTEGER),
        ((3, 5), N_("Budget request"), MONEY),
    )):
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "clustered"
        chart.title = clean_text(f"{title}: {t(measure)}")
        for column in columns:
            chart.add_data(Reference(ws, min_col=column, min_row=header, max_row=last),
                           titles_from_data=True)
        chart.set_categories(categories)
        chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
        chart.y_axis.number_format = number_format
        chart.legend.position = "b"
        # Without this, recent Excel versions hide both axes of charts openpyxl writes.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        column_letter = get_column_letter(CHART_COLUMN + offset * CHART_GAP_COLUMNS)
        ws.add_chart(chart, f"{column_letter}{anchor}")


def _signals(rows: _Rows, sheet: BalanceSheet, t: Translate) -> None:
    describe = sheet.describe or _describe(t)
    rows.append()
    rows.append([rows.value(t(N_("Signals from running initiatives")), font=HEADING_FONT,
                            alignment=TOP)])
    if not sheet.signals:
        rows.append([rows.value(t(N_("No initiatives are running.")))])
        return
    rows.header([t(h) for h in SIGNAL_HEADERS])
    for row in sheet.signals:
        project = row.project
        lines = [f"{t(SEVERITY_LABELS[s.severity])}: {describe(s)}" for s in row.signals]
        rows.append([
            rows.value(project.title, font=BOLD),
            rows.value(label(STAGE_LABELS, project.stage, t)),
            rows.value(", ".join(d.name for d in project.departments) or None),
            rows.value(project.leader.name if project.leader else None),
            rows.value(project.budget_request, MONEY),
            rows.value(row.allocated, MONEY),
            rows.value(row.disbursed, MONEY),
            rows.value(sum(1 for s in row.signals if s.severity == DANGER), INTEGER),
            rows.value(len(row.signals), INTEGER),
            rows.value("\n".join(lines) if lines else t(N_("No signals"))),
        ])
