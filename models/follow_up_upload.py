"""Read an uploaded table of indicator values (CSV or Excel) for the follow-up import.

The columns — in any order, with English or Swedish headers — are the indicator's key
(``indicator``/``indikator``), the period (``period``: ``2025-03`` or ``2025-Q1``), the planned
and actual values (``planned``/``planerat``, ``actual``/``utfall``), who reported them
(``reported_by``/``rapporterat av``), a comment (``comment``/``kommentar``) and, for a breakdown,
its dimension and category (``dimension``, ``category``/``kategori``; both empty for the total).

Reading follows :mod:`models.uploads`: the whole file or nothing, problems named by the row and
column the user sees, and a file holding personal identity numbers refused outright. Whether
the values are acceptable is decided by ``models.follow_ups.import_values``;
:func:`file_position` turns the data row it names into the row and column of the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from models.follow_ups import MAX_CATEGORY, MAX_DIMENSION, MAX_NAME, FollowUpRefused, ValueInput
from models.unit_cost_upload import quote_cell, unquote_cell
from models.uploads import Column, UploadError, parse_rows, read_table

VALUE_COLUMNS: tuple[Column, ...] = (
    Column("indicator", "text", max_length=20,
           aliases=("indikator", "indicator key", "indikatorns nyckel", "nyckel", "key")),
    Column("period", "text", max_length=20, aliases=("månad", "kvartal")),
    Column("planned", "decimal", required=False,
           aliases=("planerat", "planerat värde", "plan", "planned value", "mål för perioden")),
    Column("actual", "decimal", required=False,
           aliases=("utfall", "faktiskt", "faktiskt värde", "actual value", "värde")),
    Column("reported_by", "text", required=False, default="", max_length=MAX_NAME,
           aliases=("rapporterat av", "rapporterad av", "reported by", "uppgiftslämnare")),
    Column("comment", "text", required=False, default="",
           aliases=("kommentar", "notering", "note")),
    Column("dimension", "text", required=False, default="", max_length=MAX_DIMENSION,
           aliases=("uppdelning", "uppdelat på", "breakdown")),
    Column("category", "text", required=False, default="", max_length=MAX_CATEGORY,
           aliases=("kategori",)),
)

#: The columns of the template, in order, by their Swedish headers.
TEMPLATE_HEADERS = ("indikator", "period", "planerat", "utfall", "rapporterat av", "kommentar",
                    "dimension", "kategori")


@dataclass(frozen=True)
class ValueTable:
    """The rows of an uploaded table, ready for ``follow_ups.import_values``.

    ``row_numbers[i]`` is the file row of ``rows[i]``; ``columns`` maps each field to the header
    the file uses for it; ``notes`` are remarks for the page (columns that were not used).
    """

    rows: list[ValueInput]
    row_numbers: list[int]
    columns: dict[str, str]
    notes: list[UploadError] = field(default_factory=list)


def parse_value_table(filename: str, data: bytes, **limits: int) -> ValueTable:
    """Read a CSV or Excel table of values, or raise ``UploadRefused`` naming every problem."""
    parsed = parse_rows(read_table(filename, data, **limits), VALUE_COLUMNS)
    rows = [
        ValueInput(indicator=row["indicator"] or "", period=row["period"] or "",
                   planned=row["planned"], actual=row["actual"],
                   reported_by=unquote_cell(row["reported_by"] or ""),
                   comment=unquote_cell(row["comment"] or ""),
                   dimension=unquote_cell(row["dimension"] or ""),
                   category=unquote_cell(row["category"] or ""))
        for row in parsed
    ]
    return ValueTable(rows, list(parsed.row_numbers), dict(parsed.columns), parsed.notes)


def file_position(table: ValueTable, error: FollowUpRefused) -> tuple[int | None, str | None]:
    """The file row and column header of a refusal from ``follow_ups.import_values``."""
    row = None
    if error.row is not None and 1 <= error.row <= len(table.row_numbers):
        row = table.row_numbers[error.row - 1]
    column = table.columns.get(error.field, error.field) if error.field else None
    return row, column


def template_csv(rows: Sequence[Sequence[str]] = ()) -> bytes:
    """A CSV template for Swedish Excel (UTF-8 with byte-order mark, ``;``): the header and
    ``rows`` (text cells, quoted where a spreadsheet would read them as formulas)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADERS)
    for row in rows:
        writer.writerow([quote_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


__all__ = ["TEMPLATE_HEADERS", "VALUE_COLUMNS", "ValueTable", "file_position",
           "parse_value_table", "template_csv"]
