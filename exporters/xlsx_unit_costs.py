"""The unit-cost library as a table to download: an Excel workbook or a CSV file.

Both hold one row per item with the columns ``key``, ``name``, ``unit``, ``amount``,
``price_year``, ``source``, ``note``, ``local_amount`` and ``confidence``, headed by those English
keys, so the file reads back through the library's import (``models.unit_cost_upload``)
unchanged, in this installation or another.

* **Excel**: one sheet, ``Enhetskostnader``, the header row frozen. Amounts are numbers with two
  decimals, years plain numbers; text is always a text cell (``exporters.xlsx_common.put``), so a
  name such as ``=HYPERLINK(...)`` is shown, never run.
* **CSV**: UTF-8 with a byte-order mark and ``;`` between the cells, amounts with a decimal
  comma: what Excel on a Swedish computer opens correctly with a double click. A CSV cell has no
  type, so text starting with ``=``, ``+``, ``-`` or ``@`` is written with an apostrophe in
  front (``models.unit_cost_upload.quote_cell``) and the import removes it again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from exporters.xlsx_common import (
    BOLD,
    HEADER_FILL,
    TOP,
    WRAP_TOP,
    YEAR,
    new_workbook,
    put,
    set_widths,
    to_bytes,
)
from models.unit_cost_upload import FIELDS, quote_cell

SHEET_TITLE = "Enhetskostnader"
#: An amount in kronor with öre, without a currency (the import reads plain numbers).
AMOUNT = "#,##0.00"
WIDTHS = (22, 36, 12, 14, 10, 44, 36, 14, 11)
#: Columns whose text may be long enough to wrap.
_WRAPPED = {"name", "source", "note"}


def unit_cost_rows(units: Iterable[Any]) -> list[list[str | int | Decimal | None]]:
    """The values of each item in the order of ``FIELDS`` (None for no local amount or grade)."""
    return [[getattr(unit, name) for name in FIELDS] for unit in units]


def _csv_cell(value: str | int | Decimal | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return quote_cell(value)


def build_unit_costs_csv(units: Iterable[Any]) -> bytes:
    """The library as CSV bytes: UTF-8 with BOM, ``;``-separated, formula-like text quoted."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL,
                        lineterminator="\r\n")
    writer.writerow(FIELDS)
    for values in unit_cost_rows(units):
        writer.writerow([_csv_cell(v) for v in values])
    return buffer.getvalue().encode("utf-8-sig")


def build_unit_costs_workbook(units: Iterable[Any], *, title: str = "Enhetskostnader") -> bytes:
    """The library as the bytes of an .xlsx workbook with one sheet."""
    wb = new_workbook(write_only=False, title=title)
    ws = wb.create_sheet(SHEET_TITLE)
    set_widths(ws, WIDTHS)
    _write(ws, FIELDS, unit_cost_rows(units))
    ws.freeze_panes = "A2"
    return to_bytes(wb)


def _write(ws: Any, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    for column, header in enumerate(headers, start=1):
        cell = put(ws.cell(row=1, column=column), header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
    for number, values in enumerate(rows, start=2):
        for column, (name, value) in enumerate(zip(headers, values, strict=True), start=1):
            if isinstance(value, Decimal):
                fmt: str | None = AMOUNT
            elif isinstance(value, int):
                fmt = YEAR
            else:
                fmt = None
            cell = put(ws.cell(row=number, column=column), value, fmt)
            cell.alignment = WRAP_TOP if name in _WRAPPED else TOP


__all__ = ["build_unit_costs_csv", "build_unit_costs_workbook", "unit_cost_rows"]
