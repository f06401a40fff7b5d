"""Shared pieces of the Excel exports: safe cells, number formats, styles and a sheet writer.

Text a user typed is always stored as a text cell, so ``=SUM(A1)`` or ``+46 70...`` never becomes
a formula, and characters XML cannot hold are dropped instead of failing the export.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

Translate = Callable[[str], str]
Value = str | int | Decimal | float | date | datetime | None

# Native formats; Excel shows the thousands separator and decimal sign of the user's locale.
MONEY = '#,##0 "kr"'
INTEGER = "#,##0"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
#: A calendar year as a number, without a thousands separator.
YEAR = "0"
PERCENT = "0 %"
#: Shares that are often small (a few per cent), with one decimal.
PERCENT_DECIMAL = "0.0 %"
#: Indices, coefficients and other measures shown with two decimals.
TWO_DECIMALS = "#,##0.00"

#: Leading characters that make spreadsheet programs read text as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@")
#: The most characters an Excel cell holds.
MAX_CELL_TEXT = 32_767
#: Height in points of one line of 11 pt text, and the most a row may be.
LINE_HEIGHT = 15
MAX_ROW_HEIGHT = 409

TITLE_FONT = Font(bold=True, size=14)
SUBTITLE_FONT = Font(italic=True, color="555555")
HEADING_FONT = Font(bold=True, size=12)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


def clean_text(value: str) -> str:
    """Return ``value`` without characters XML cannot hold, cut to what a cell holds."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]


def label(labels: dict[str, str], code: str | None, translate: Translate) -> str:
    """Return the translated label of ``code`` (the code itself if unknown, "" for None)."""
    if code is None:
        return ""
    return translate(labels[code]) if code in labels else code


def age_band(age_min: int | None, age_max: int | None) -> str:
    """Return an age band as text: "6–12", "65–", "–5" or ""."""
    if age_min is None and age_max is None:
        return ""
    return f"{'' if age_min is None else age_min}–{'' if age_max is None else age_max}"


def put(cell: Cell, value: Value, number_format: str | None = None) -> Cell:
    """Store ``value`` in ``cell``: text as text (never a formula), numbers with their format."""
    if isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_PREFIXES):
            # Excel keeps the cell text when the user edits it, as if typed with a leading '.
            cell.quotePrefix = True
    else:
        cell.value = value
    if number_format and value is not None:
        cell.number_format = number_format
    return cell


def stream_value(
    ws: Any,
    value: Value,
    number_format: str | None = None,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    alignment: Alignment | None = None,
) -> Any:
    """Return what to append to a write-only sheet: a plain value when safe, else a styled cell."""
    if isinstance(value, str):
        value = clean_text(value)
        # Text like "#N/A" would otherwise be stored as an Excel error value.
        risky = value.startswith(FORMULA_PREFIXES) or value in ERROR_CODES
    else:
        risky = False
    if not (risky or number_format or font or fill or alignment):
        return value
    cell = put(WriteOnlyCell(ws), value, number_format)
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if alignment:
        cell.alignment = alignment
    return cell


def wrapped_height(text: str, width: float) -> float:
    """Return a row height (points) that shows ``text`` wrapped in a column ``width`` wide.

    Spreadsheet programs do not fit the height of merged cells, nor reliably of rows printed as
    boxes, so such rows are given a height up front; the estimate errs on the tall side.
    """
    per_line = max(int(width) - 2, 1)
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 4)


def set_widths(ws: Any, widths: Sequence[float]) -> None:
    """Set the column widths, in characters, from column A on."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def setup_print(ws: Any, *, landscape: bool, title_rows: str | None = None) -> None:
    """Print on A4 fitted to the page width, repeating ``title_rows`` (e.g. "1:1") on each page."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def new_workbook(*, write_only: bool, title: str) -> Workbook:
    """Return an empty workbook with Satsa as its author."""
    wb = Workbook(write_only=write_only)
    if not write_only:
        wb.remove(wb.active)
    wb.properties.creator = "Satsa"
    wb.properties.title = clean_text(title)
    return wb


def to_bytes(wb: Workbook) -> bytes:
    """Return the workbook as the bytes of an .xlsx file."""
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


class SheetWriter:
    """Write a normal-mode sheet top to bottom: title, headings, label/value rows and tables.

    Each sheet of a workbook is one function that takes the workbook and its data and drives a
    SheetWriter, so further sheets are added without touching the others.
    """

    def __init__(self, ws: Any, translate: Translate, widths: Sequence[float]):
        self.ws = ws
        self.t = translate
        self.row = 0
        self.columns = len(widths)
        set_widths(ws, widths)

    def cell(
        self,
        column: int,
        value: Value,
        number_format: str | None = None,
        *,
        font: Font | None = None,
        wrap: bool = False,
    ) -> Cell:
        """Write one cell of the current row."""
        cell = put(self.ws.cell(row=self.row, column=column), value, number_format)
        cell.alignment = WRAP_TOP if wrap else TOP
        if font:
            cell.font = font
        return cell

    def title(self, text: str, subtitle: str | None = None) -> None:
        """Write the sheet's title (user text) and a subtitle below it."""
        self.row += 1
        self.cell(1, text, font=TITLE_FONT)
        if subtitle:
            self.row += 1
            self.cell(1, subtitle, font=SUBTITLE_FONT)

    def heading(self, msgid: str) -> None:
        """Leave a blank row and write a section heading."""
        self.row += 2
        self.cell(1, self.t(msgid), font=HEADING_FONT)

    def fact(self, msgid: str, value: Value, number_format: str | None = None) -> None:
        """Write a label and its value on one row; long text wraps."""
        self.row += 1
        self.cell(1, self.t(msgid), font=BOLD)
        cell = self.cell(2, "" if value is None else value, number_format)
        # Numbers and dates line up with the text values above and below them.
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[Value]],
        formats: Sequence[str | None] = (),
    ) -> None:
        """Write a header row (msgids) and the rows below it; ``formats`` per column."""
        self.row += 1
        for column, msgid in enumerate(headers, start=1):
            cell = self.cell(column, self.t(msgid), font=BOLD, wrap=True)
            cell.fill = HEADER_FILL
        for values in rows:
            self.row += 1
            for column, value in enumerate(values, start=1):
                fmt = formats[column - 1] if column <= len(formats) else None
                self.cell(column, value, fmt, wrap=isinstance(value, str))
