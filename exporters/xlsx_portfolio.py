"""The portfolio workbook: one row per project, streamed in write-only mode (flat memory).

The sheet ``Portfölj`` lists the projects; ``Rangordning`` (each fund's ranking of proposals,
``exporters.xlsx_ranking``) and ``Balans`` (the portfolio's balance and the running initiatives'
signals, ``exporters.xlsx_balance``) follow when their data is given; the fund sheets come last
(``Fond``, ``Fond 2``, ..., ``exporters.xlsx_fund``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.utils import get_column_letter

from exporters.xlsx_balance import BalanceSheet, write_balance_sheet
from exporters.xlsx_common import (
    BOLD,
    DATE,
    HEADER_FILL,
    INTEGER,
    MONEY,
    PERCENT,
    WRAP_TOP,
    Translate,
    Value,
    age_band,
    label,
    new_workbook,
    set_widths,
    setup_print,
    stream_value,
    to_bytes,
)
from exporters.xlsx_fund import write_fund_sheets
from exporters.xlsx_ranking import RankingSheet, write_ranking_sheet
from models.domain import N_
from models.domain.labels import PREVENTION_LABELS
from models.domain.stages import STAGE_LABELS
from models.funds import FundOverview
from models.queries import PortfolioRow

SHEET_TITLE = "Portfölj"


@dataclass(frozen=True)
class Column:
    header: str  # msgid
    width: float
    value: Callable[[PortfolioRow, Translate], Value]
    number_format: str | None = None


def _share(done: int, total: int) -> Decimal | None:
    return Decimal(done) / Decimal(total) if total else None


COLUMNS: tuple[Column, ...] = (
    Column(N_("Key"), 24, lambda r, t: r.key),
    Column(N_("Title"), 40, lambda r, t: r.title),
    Column(N_("Stage"), 16, lambda r, t: label(STAGE_LABELS, r.stage, t)),
    Column(N_("Departments"), 30, lambda r, t: ", ".join(r.departments)),
    Column(N_("Target group"), 40, lambda r, t: r.target_description),
    Column(N_("Age band"), 10, lambda r, t: age_band(r.age_min, r.age_max)),
    Column(
        N_("Prevention level"), 14, lambda r, t: label(PREVENTION_LABELS, r.prevention_level, t)
    ),
    Column(N_("Size of target group"), 12, lambda r, t: r.size_total, INTEGER),
    Column(N_("Reached"), 12, lambda r, t: r.size_reached, INTEGER),
    Column(N_("Fund"), 24, lambda r, t: r.fund or ""),
    Column(N_("Start"), 12, lambda r, t: r.start, DATE),
    Column(N_("End"), 12, lambda r, t: r.end, DATE),
    Column(N_("Budget request"), 16, lambda r, t: r.budget_request, MONEY),
    Column(N_("Checklist done"), 11, lambda r, t: r.checklist_done, INTEGER),
    Column(N_("Checklist items"), 11, lambda r, t: r.checklist_total, INTEGER),
    Column(
        N_("Checklist share"),
        11,
        lambda r, t: _share(r.checklist_done, r.checklist_total),
        PERCENT,
    ),
)


def build_portfolio_workbook(
    rows: Iterable[PortfolioRow],
    *,
    funds: Sequence[FundOverview] = (),
    ranking: RankingSheet | None = None,
    balance: BalanceSheet | None = None,
    translate: Translate = lambda s: s,
) -> bytes:
    """Return the portfolio as an .xlsx file: header row frozen, native number formats.

    ``ranking`` and ``balance`` add the sheets ``Rangordning`` and ``Balans``. ``funds`` (each
    as ``models.funds.overview`` gives it) follow on sheets of their own; without funds the sheet
    ``Fond`` says there are none.
    """
    t = translate
    wb = new_workbook(write_only=True, title=t(N_("Portfolio")))
    ws = wb.create_sheet(SHEET_TITLE)
    # A write-only sheet writes its views and columns before the first row.
    ws.freeze_panes = "A2"
    set_widths(ws, [c.width for c in COLUMNS])
    setup_print(ws, landscape=True, title_rows="1:1")
    ws.append(
        [
            stream_value(ws, t(c.header), font=BOLD, fill=HEADER_FILL, alignment=WRAP_TOP)
            for c in COLUMNS
        ]
    )
    count = 0
    for row in rows:
        ws.append([stream_value(ws, c.value(row, t), c.number_format) for c in COLUMNS])
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    if ranking is not None:
        write_ranking_sheet(wb, ranking, t)
    if balance is not None:
        write_balance_sheet(wb, balance, t)
    write_fund_sheets(wb, funds, t)
    return to_bytes(wb)
