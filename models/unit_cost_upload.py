"""Read an uploaded unit-cost table (CSV or Excel) into the library's values.

The table has the columns the library's exports write — ``key``, ``name``, ``unit``, ``amount``,
``price_year``, ``source``, ``note``, ``local_amount``, ``confidence`` — or their Swedish names
(``nyckel``, ``namn``, ``enhet``, ``belopp``, ``prisår``, ``källa``, ``notering``,
``lokalt belopp``, ``säkerhet``), so a library exported from one installation reads back into
another and a table kept in Swedish Excel reads without renaming.

Reading follows :mod:`models.uploads`: the whole file or nothing, problems named by the row and
column the user sees, and a file holding personal identity numbers refused outright.

Text cells may carry the apostrophe the CSV export puts before text that a spreadsheet would
otherwise run as a formula (``'=HYPERLINK(...)``); it is removed again here (see
:func:`unquote_cell` and :func:`quote_cell`, its inverse), so an export reads back unchanged.

Whether the values are acceptable (key pattern, amounts, years, grades) is decided by
``models.costs.import_unit_costs``; :func:`file_position` turns the data row it names into the
row and column of the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from models.costs import CostsRefused, UnitCostValues
from models.domain.economics import GRADES
from models.uploads import Column, UploadError, parse_rows, read_table

#: Leading characters that make a spreadsheet program read a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@")
#: The export's quote: a cell starting with it and then one of these had the quote added.
QUOTE = "'"
_QUOTED = (*FORMULA_PREFIXES, QUOTE)

#: The columns in the order the exports write them (the import accepts any order).
FIELDS = ("key", "name", "unit", "amount", "price_year", "source", "note", "local_amount",
          "confidence")

_GRADE_CHOICES = {grade: grade for grade in GRADES}

UNIT_COST_COLUMNS: tuple[Column, ...] = (
    Column("key", "text", max_length=60, aliases=("nyckel",)),
    Column("name", "text", max_length=200, aliases=("namn", "benämning")),
    Column("unit", "text", max_length=60, aliases=("enhet",)),
    Column("amount", "decimal", aliases=("belopp", "kostnad", "national amount",
                                         "nationellt belopp")),
    Column("price_year", "integer", aliases=("prisår", "prisnivå", "price year", "år")),
    Column("source", "text", required=False, default="", aliases=("källa",)),
    Column("note", "text", required=False, default="",
           aliases=("notering", "anteckning", "kommentar")),
    Column("local_amount", "decimal", required=False,
           aliases=("lokalt belopp", "local amount", "lokal kostnad")),
    Column("confidence", "choice", required=False, choices=_GRADE_CHOICES,
           aliases=("säkerhet", "grade", "konfidens", "evidensgrad")),
)


def quote_cell(text: str) -> str:
    """Text as the CSV export writes it: an apostrophe before text a spreadsheet would run as a
    formula (and before text that already starts with an apostrophe and such a character, so
    that :func:`unquote_cell` gives back exactly ``text``)."""
    if text.startswith(FORMULA_PREFIXES) or (text.startswith(QUOTE) and text[1:2] and
                                             text[1:2] in _QUOTED):
        return QUOTE + text
    return text


def unquote_cell(text: str) -> str:
    """Undo :func:`quote_cell`: drop an apostrophe followed by a formula character or another
    apostrophe; any other text is left as it is."""
    if text.startswith(QUOTE) and text[1:2] and text[1:2] in _QUOTED:
        return text[1:]
    return text


@dataclass(frozen=True)
class UnitCostTable:
    """The rows of an uploaded unit-cost table, ready for ``costs.import_unit_costs``.

    ``row_numbers[i]`` is the file row of ``rows[i]``; ``columns`` maps each field to the header
    the file uses for it; ``notes`` are remarks for the page (columns that were not used).
    """

    rows: list[UnitCostValues]
    row_numbers: list[int]
    columns: dict[str, str]
    notes: list[UploadError] = field(default_factory=list)


def parse_unit_cost_table(filename: str, data: bytes, **limits: int) -> UnitCostTable:
    """Read a CSV or Excel unit-cost table, or raise ``UploadRefused`` naming every problem.

    Cells are only typed here (numbers, whole years, grades A–E); a blank ``source`` or ``note``
    is empty text and a blank ``local_amount`` or ``confidence`` means none.
    """
    parsed = parse_rows(read_table(filename, data, **limits), UNIT_COST_COLUMNS)
    rows = []
    for row in parsed:
        text = {name: unquote_cell(row[name] or "")
                for name in ("key", "name", "unit", "source", "note")}
        rows.append(UnitCostValues(
            key=text["key"], name=text["name"], unit=text["unit"], amount=row["amount"],
            price_year=row["price_year"], source=text["source"], note=text["note"],
            local_amount=row["local_amount"], confidence=row["confidence"] or None))
    return UnitCostTable(rows, list(parsed.row_numbers), dict(parsed.columns), parsed.notes)


def file_position(table: UnitCostTable, error: CostsRefused) -> tuple[int | None, str | None]:
    """The file row and column header of a refusal from ``costs.import_unit_costs``.

    The refusal counts data rows from 1; the file's own row number is returned (the header is
    row 1 when it is the first row), with the header of the refused field as the file spells it.
    """
    row = None
    if error.row is not None and 1 <= error.row <= len(table.row_numbers):
        row = table.row_numbers[error.row - 1]
    column = table.columns.get(error.field, error.field) if error.field else None
    return row, column


def column_names(columns: Sequence[Column] = UNIT_COST_COLUMNS) -> list[tuple[str, str]]:
    """Each column's English key and its Swedish name, for the page describing the format."""
    return [(column.name, column.aliases[0]) for column in columns]


__all__ = [
    "FIELDS",
    "FORMULA_PREFIXES",
    "UNIT_COST_COLUMNS",
    "UnitCostTable",
    "column_names",
    "file_position",
    "parse_unit_cost_table",
    "quote_cell",
    "unquote_cell",
]
