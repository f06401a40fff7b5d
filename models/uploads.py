"""Read uploaded tables safely: CSV and Excel files, and Kolada JSON answers.

The needs analysis takes tables from users: indicator values, areas for the socio-economic index,
pseudonymised placement events. Reading them follows four rules.

* **All or nothing.** A reader returns every row or raises :class:`UploadRefused` with every
  problem found (up to :data:`MAX_ERRORS`, then "and N more"). Nothing partial reaches a caller.
* **Errors name the place.** Row numbers are those the user sees in the file (the header is row 1
  when it is the first row); columns are named as the user spelled them. Each message is an
  English msgid with ``%(name)s`` parameters, translated by the web layer.
* **No personal identity numbers.** :func:`read_table` always calls :func:`refuse_personnummer`,
  so no page can forget it; the refusal names the column and rows, never the number itself.
* **Limits.** Size, row count, column count and the unpacked size of a workbook are bounded.

CSV files may be UTF-8 (with or without byte-order mark), UTF-16 with a byte-order mark (Excel's
"Unicode text") or Windows-1252/Latin-1 (Excel's CSV on Swedish Windows); the delimiter is ``;``
(what Swedish Excel writes), tab or ``,``, read from the header line. Excel workbooks (``.xlsx``)
are read with openpyxl in read-only mode, first worksheet, cached formula results.

Typed columns (:class:`Column`, :func:`parse_rows`) turn the text cells into Decimal, int, date,
bool or a fixed choice, accepting Swedish spellings (``1 234,5``, ``ja``/``nej``).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import re
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from models.domain import N_
from models.domain.kolada import KoladaFormatError, KoladaValues, parse_kolada
from models.domain.personnummer import looks_like_personnummer

#: At most this many problems are listed; the rest are counted in a last line.
MAX_ERRORS = 50
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
#: A workbook may unpack to at most this many times ``max_bytes`` (a guard against zip bombs).
UNPACK_FACTOR = 10
#: Rows named in a personal-identity-number refusal, per column.
ROWS_NAMED = 5
#: The database keeps 14 digits before the decimal point.
_DECIMAL_LIMIT = Decimal(10) ** 14

TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
KINDS = ("text", "decimal", "integer", "date", "boolean", "choice")


# --- errors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadError:
    """One problem in an uploaded file: where (row and column, as the user sees them) and what.

    ``message`` is an English msgid with ``%(name)s`` placeholders filled from ``params``; it
    names the row and the column itself, so it reads well alone. ``text`` is the English sentence.
    """

    row: int | None
    column: str | None
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.message % dict(self.params) if self.params else self.message

    def __str__(self) -> str:
        return self.text


class UploadRefused(Exception):
    """An upload that cannot be used; ``errors`` lists every problem found."""

    def __init__(self, errors: list[UploadError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


class _Errors:
    """Collects problems, keeps the first :data:`MAX_ERRORS` and counts the rest."""

    def __init__(self) -> None:
        self.errors: list[UploadError] = []
        self.more = 0

    def add(self, row: int | None, column: str | None, message: str, /, **params: Any) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(UploadError(row, column, message, params))
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_any(self) -> None:
        if not self.errors:
            return
        errors = list(self.errors)
        if self.more:
            errors.append(UploadError(None, None, N_("and %(count)d more problems"),
                                      {"count": self.more}))
        raise UploadRefused(errors)


def _refuse(message: str, /, **params: Any) -> UploadRefused:
    """A refusal with one problem; a ``row`` or ``column`` parameter also places it."""
    return UploadRefused([UploadError(params.get("row"), params.get("column"), message, params)])


# --- the table ---------------------------------------------------------------------------------


_FOLD = str.maketrans("åäöéü", "aaoeu")


def normalise_name(name: str) -> str:
    """How column names and choices are compared.

    Case, runs of spaces, ``_`` and ``-`` do not count, and å, ä, ö may be written a, a, o (a
    header typed on a keyboard without them still matches).
    """
    return re.sub(r"[\s_\-]+", " ", name.casefold().translate(_FOLD)).strip()


@dataclass
class Table:
    """The cells of an uploaded table as stripped text.

    ``columns`` are the header names as the user spelled them (stripped); ``rows`` pairs each
    row's number in the file with its cells by column name. Empty rows are left out.
    """

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]
    header_row: int = 1

    def find(self, name: str) -> str | None:
        """The column whose name matches ``name`` (ignoring case and spaces), if any."""
        wanted = normalise_name(name)
        return next((c for c in self.columns if normalise_name(c) == wanted), None)


def _letter(index: int) -> str:
    """The Excel column letter of a 0-based position: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _extension(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return "." + name.rsplit(".", 1)[1].lower() if "." in name else ""


_SIGNATURES = (
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"%PDF", "other"),
    (b"\x89PNG", "other"),
    (b"\xff\xd8\xff", "other"),
    (b"GIF8", "other"),
    (b"\x1f\x8b", "other"),
)


def _signature(data: bytes) -> str | None:
    return next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), None)


def read_table(filename: str, data: bytes, *, max_bytes: int = MAX_BYTES,
               max_rows: int = MAX_ROWS) -> Table:
    """Read an uploaded CSV or Excel file into a :class:`Table`, or raise UploadRefused.

    The type is decided by the name's ending and checked against the content. Personal identity
    numbers anywhere in the table (header included) refuse the whole file.
    """
    if len(data) > max_bytes:
        raise _refuse(N_("the file is larger than the limit of %(limit)d MB"),
                      limit=max(1, max_bytes // (1024 * 1024)))
    if not data.strip():
        raise _refuse(N_("the file is empty"))
    extension = _extension(filename)
    signature = _signature(data)
    if extension == ".xls":
        raise _refuse(N_("old Excel workbooks (.xls) cannot be read; save the file as .xlsx "
                         "or CSV and upload it again"))
    if extension in EXCEL_EXTENSIONS:
        if signature == "ole":
            raise _refuse(N_("the Excel workbook could not be opened; it may be damaged or "
                             "protected by a password"))
        if signature != "zip":
            raise _refuse(N_("the content of the file does not match its name ending "
                             "'%(extension)s'; upload a CSV file or an Excel workbook (.xlsx)"),
                          extension=extension)
        records = _xlsx_records(data, max_bytes=max_bytes, max_rows=max_rows)
    elif extension in TEXT_EXTENSIONS:
        if signature is not None:
            raise _refuse(N_("the content of the file does not match its name ending "
                             "'%(extension)s'; upload a CSV file or an Excel workbook (.xlsx)"),
                          extension=extension)
        records = _csv_records(_decode(data), max_rows=max_rows)
    elif extension:
        raise _refuse(N_("files ending in '%(extension)s' cannot be read; upload a CSV file "
                         "(.csv, .txt, .tsv) or an Excel workbook (.xlsx)"), extension=extension)
    else:
        raise _refuse(N_("the file name has no ending such as .csv or .xlsx, so its type is "
                         "unknown; upload a CSV file or an Excel workbook (.xlsx)"))
    table = _assemble(records)
    refuse_personnummer(table)
    return table


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _refuse(N_("the file is not text; upload a CSV file or an Excel workbook "
                             "(.xlsx)")) from exc
    elif b"\x00" in data:
        raise _refuse(N_("the file is not text; upload a CSV file or an Excel workbook (.xlsx)"))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text[:4096]):
        raise _refuse(N_("the file is not text; upload a CSV file or an Excel workbook (.xlsx)"))
    return text


def _delimiter(text: str) -> str:
    """The delimiter most used, outside quotes, on the first non-empty line."""
    for line in io.StringIO(text):
        if line.strip():
            break
    else:
        return ";"
    counts = {";": 0, "\t": 0, ",": 0}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=counts.__getitem__)  # ties go to ";" then tab (dict order)
    return best if counts[best] else ";"


def _csv_records(text: str, *, max_rows: int) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text),
                        quotechar='"', strict=True)
    records: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            cells = [c.strip() for c in cells]
            if any(cells):
                records.append((number, cells))
                if len(records) > max_rows + 1:
                    raise _too_many_rows(max_rows)
    except csv.Error as exc:
        raise _refuse(N_("row %(row)d could not be read as CSV; check for a quotation mark "
                         "that is not closed"), row=number + 1) from exc
    return records


def _too_many_rows(max_rows: int) -> UploadRefused:
    return _refuse(N_("the file has more than %(limit)d rows; split it into smaller files"),
                   limit=max_rows)


def _cell_text(value: object) -> str:
    """An Excel cell as the text a user would type: 12 not 12.0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # 15 significant digits is what Excel shows; no exponent.
        return format(Decimal(format(value, ".15g")), "f")
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def _xlsx_records(data: bytes, *, max_bytes: int, max_rows: int) -> list[tuple[int, list[str]]]:
    broken = N_("the Excel workbook could not be opened; it may be damaged or protected by a "
                "password")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(broken) from exc
    if "xl/workbook.xml" not in names:
        raise _refuse(N_("the content of the file does not match its name ending "
                         "'%(extension)s'; upload a CSV file or an Excel workbook (.xlsx)"),
                      extension=".xlsx")
    if unpacked > UNPACK_FACTOR * max_bytes:
        raise _refuse(N_("the Excel workbook is too large when unpacked (more than %(limit)d "
                         "MB)"), limit=UNPACK_FACTOR * max_bytes // (1024 * 1024))

    from openpyxl import load_workbook  # a large import, only needed for workbooks

    records: list[tuple[int, list[str]]] = []
    workbook = None
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, styles); they do not
            # matter for reading values.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            if not workbook.worksheets:
                raise _refuse(N_("the file is empty"))
            sheet = workbook.worksheets[0]
            # Some writers store a wrong used range; read every row that is in the file.
            sheet.reset_dimensions()
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in row]
                if any(cells):
                    records.append((number, cells))
                    if len(records) > max_rows + 1:
                        raise _too_many_rows(max_rows)
    except UploadRefused:
        raise
    except Exception as exc:  # a damaged workbook fails in many ways inside openpyxl
        raise _refuse(broken) from exc
    finally:
        if workbook is not None:
            workbook.close()
    return records


_NUMBER_LIKE = re.compile(r"[+\-−]?[\d\s.,:\-/]+%?")


def _assemble(records: list[tuple[int, list[str]]]) -> Table:
    if not records:
        raise _refuse(N_("the file is empty"))
    header_row, names = records[0]
    data_rows = records[1:]

    # A column name that is a personal identity number must not be repeated in any message.
    bad_names = [i for i, name in enumerate(names) if name and looks_like_personnummer(name)]
    if bad_names:
        raise UploadRefused([
            UploadError(header_row, None, N_(
                "row %(row)d, column %(letter)s: the column name looks like a personal identity "
                "number; only pseudonymised keys may be uploaded, so nothing was stored"),
                {"row": header_row, "letter": _letter(i)})
            for i in bad_names
        ])
    if all(_NUMBER_LIKE.fullmatch(name) for name in names if name):
        raise _refuse(N_("row %(row)d should hold the column names but holds only numbers or "
                         "dates; add a row with column names at the top"), row=header_row)

    errors = _Errors()
    width = max(len(cells) for _, cells in records)
    if width > MAX_COLUMNS:
        raise _refuse(N_("the file has more than %(limit)d columns"), limit=MAX_COLUMNS)
    first_use: dict[int, int] = {}
    for number, cells in data_rows:
        for i, cell in enumerate(cells):
            if cell and i not in first_use:
                first_use[i] = number
    columns: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for i in range(width):
        name = names[i] if i < len(names) else ""
        if not name:
            if i in first_use:
                errors.add(header_row, None, N_(
                    "column %(letter)s has values (first in row %(first)d) but no name in row "
                    "%(row)d"), letter=_letter(i), first=first_use[i], row=header_row)
            continue
        key = normalise_name(name)
        if key in seen:
            errors.add(header_row, name, N_(
                "row %(row)d: the column name '%(column)s' appears twice (columns %(first)s and "
                "%(second)s)"), row=header_row, column=name, first=_letter(seen[key]),
                second=_letter(i))
            continue
        seen[key] = i
        columns.append((i, name))
    errors.raise_any()
    if not data_rows:
        raise _refuse(N_("the file has column names but no rows with values"))

    rows = [
        (number, {name: cells[i] if i < len(cells) else "" for i, name in columns})
        for number, cells in data_rows
    ]
    return Table([name for _, name in columns], rows, header_row)


def refuse_personnummer(table: Table) -> None:
    """Raise UploadRefused when a column name or cell looks like a personal identity number.

    Ten or twelve digits, with or without ``-``, ``+`` or a space before the last four, a valid
    date (or a coordination number's day + 60) and a valid check digit. The refusal names the
    column and the first rows; it never repeats the number.
    """
    errors = _Errors()
    safe_names: dict[str, bool] = {}
    for i, name in enumerate(table.columns):
        safe_names[name] = not looks_like_personnummer(name)
        if not safe_names[name]:
            errors.add(table.header_row, None, N_(
                "row %(row)d, column %(letter)s: the column name looks like a personal identity "
                "number; only pseudonymised keys may be uploaded, so nothing was stored"),
                row=table.header_row, letter=_letter(i))
    for i, name in enumerate(table.columns):
        hits = [number for number, cells in table.rows
                if cells.get(name) and looks_like_personnummer(cells[name])]
        if not hits:
            continue
        rows = ", ".join(str(n) for n in hits[:ROWS_NAMED])
        if safe_names[name]:
            errors.add(hits[0], name, N_(
                "column '%(column)s' holds what looks like personal identity numbers in "
                "%(count)d rows (first in rows %(rows)s); only pseudonymised keys may be "
                "uploaded, so nothing was stored"), column=name, count=len(hits), rows=rows)
        else:
            errors.add(hits[0], None, N_(
                "column %(letter)s holds what looks like personal identity numbers in "
                "%(count)d rows (first in rows %(rows)s); only pseudonymised keys may be "
                "uploaded, so nothing was stored"), letter=_letter(i), count=len(hits),
                rows=rows)
    errors.raise_any()


# --- typed columns -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column a page expects, with its type.

    ``name`` is the key in the parsed rows and the preferred header; ``aliases`` are other
    headers accepted (Swedish and English), compared ignoring case, spaces, ``_`` and ``-``.
    ``required`` columns must be in the file and have a value in every row, unless ``default``
    is given: then a blank cell takes the default (a blank in an "x" column means no). A column
    that is not required may be missing; its cells are then ``default``.
    ``choices`` maps accepted spellings (compared like names) to the value stored.
    """

    name: str
    kind: str
    required: bool = True
    choices: Mapping[str, str] | None = None
    aliases: tuple[str, ...] = ()
    default: Any = None
    max_length: int | None = None
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")
        if (self.kind == "choice") != (self.choices is not None):
            raise ValueError("choices go with kind 'choice', and only there")

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class ParsedRows(list):
    """The typed rows (dicts keyed by :attr:`Column.name`), with what the reader noticed.

    ``row_numbers[i]`` is the file row of ``self[i]``; ``columns`` maps each column name to the
    header found in the file; ``extra_columns`` lists headers no column asked for (they are
    allowed and ignored), and ``notes`` says so in a message for the page.
    """

    def __init__(self, rows: Iterable[dict[str, Any]] = (), *, row_numbers: Sequence[int] = (),
                 columns: Mapping[str, str] | None = None,
                 extra_columns: Sequence[str] = ()):
        super().__init__(rows)
        self.row_numbers = list(row_numbers)
        self.columns = dict(columns or {})
        self.extra_columns = list(extra_columns)

    @property
    def notes(self) -> list[UploadError]:
        if not self.extra_columns:
            return []
        listed = ", ".join(f"'{c}'" for c in self.extra_columns)
        return [UploadError(None, None, N_("these columns were not used: %(columns)s"),
                            {"columns": listed})]


class _Bad(Exception):
    def __init__(self, message: str, **params: Any):
        super().__init__(message)
        self.message = message
        self.params = params


_BLANKS = "\u00a0\u2007\u2009\u202f "
_GROUPED = re.compile(rf"\d{{1,3}}(?:[{_BLANKS}]\d{{3}})+")


def parse_decimal(text: str) -> Decimal | None:
    """Read ``1 234,5``, ``1234.5``, ``-0,25``, ``1.234,5`` or ``1,234.5``; None if not a number.

    A lone comma is the decimal separator (Swedish); when both ``,`` and ``.`` occur the last is
    the decimal separator and the other must group thousands. Spaces (also non-breaking and thin)
    may group thousands. NaN, infinity and exponents are not numbers here.
    """
    t = text.strip().replace("\u2212", "-")
    sign = ""
    if t and t[0] in "+-":
        sign, t = t[0], t[1:].lstrip(_BLANKS)
    if not t:
        return None
    commas, dots = t.count(","), t.count(".")
    if commas and dots:
        last = max(t.rfind(","), t.rfind("."))
        group = "." if t[last] == "," else ","
        whole, fraction = t[:last], t[last + 1:]
        if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+", whole):
            return None
        whole = whole.replace(group, "")
    elif commas > 1 or dots > 1:
        return None
    elif commas or dots:
        whole, _, fraction = t.partition("," if commas else ".")
    else:
        whole, fraction = t, ""
    if any(ch in _BLANKS for ch in whole):
        if not _GROUPED.fullmatch(whole):
            return None
        whole = re.sub(f"[{_BLANKS}]", "", whole)
    if not re.fullmatch(r"\d*", whole) or not re.fullmatch(r"\d*", fraction):
        return None
    if not whole and not fraction:
        return None
    return Decimal(f"{sign}{whole or '0'}.{fraction}" if fraction else f"{sign}{whole}")


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")

_BOOLEANS = {
    "ja": True, "j": True, "yes": True, "y": True, "1": True, "true": True, "sant": True,
    "x": True,
    "nej": False, "n": False, "no": False, "0": False, "false": False, "falskt": False,
}


def _shown(raw: str) -> str:
    """A cell for a message: shortened, and with digits hidden if it could be an identity."""
    if looks_like_personnummer(raw):
        raw = re.sub(r"\d", "#", raw)
    return raw if len(raw) <= 40 else raw[:40] + "…"


def _convert(column: Column, raw: str, choices: Mapping[str, str]) -> Any:
    kind = column.kind
    if kind == "text":
        if column.max_length is not None and len(raw) > column.max_length:
            raise _Bad(N_("row %(row)d, column '%(column)s': the text is longer than %(limit)d "
                          "characters"), limit=column.max_length)
        return raw
    if kind in ("decimal", "integer"):
        number = parse_decimal(raw)
        if number is None:
            if raw.rstrip().endswith("%") and parse_decimal(raw.rstrip()[:-1]) is not None:
                raise _Bad(N_("row %(row)d, column '%(column)s': '%(value)s' is not a number; "
                              "write it without the %% sign"), value=_shown(raw))
            raise _Bad(N_("row %(row)d, column '%(column)s': '%(value)s' is not a number"),
                       value=_shown(raw))
        if abs(number) >= _DECIMAL_LIMIT:
            raise _Bad(N_("row %(row)d, column '%(column)s': '%(value)s' is too large"),
                       value=_shown(raw))
        if column.minimum is not None and number < column.minimum:
            raise _Bad(N_("row %(row)d, column '%(column)s': %(value)s is less than "
                          "%(minimum)s"), value=_shown(raw), minimum=column.minimum)
        if column.maximum is not None and number > column.maximum:
            raise _Bad(N_("row %(row)d, column '%(column)s': %(value)s is more than "
                          "%(maximum)s"), value=_shown(raw), maximum=column.maximum)
        if kind == "decimal":
            return number
        if number != number.to_integral_value():
            raise _Bad(N_("row %(row)d, column '%(column)s': '%(value)s' is not a whole "
                          "number"), value=_shown(raw))
        return int(number)
    if kind == "date":
        match = _DATE.fullmatch(raw)
        try:
            if match is None:
                raise ValueError(raw)
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise _Bad(N_("row %(row)d, column '%(column)s': '%(value)s' is not a date; write "
                          "it as YYYY-MM-DD"), value=_shown(raw)) from None
    if kind == "boolean":
        value = _BOOLEANS.get(raw.casefold())
        if value is None:
            raise _Bad(N_("row %(row)d, column '%(column)s': '%(value)s' is not yes or no "
                          "(write ja or nej, yes or no, 1 or 0, or x for yes)"),
                       value=_shown(raw))
        return value
    # choice
    value = choices.get(normalise_name(raw))
    if value is None:
        listed = ", ".join(dict.fromkeys(column.choices or {}))
        raise _Bad(N_("row %(row)d, column '%(column)s': '%(value)s' is not one of: "
                      "%(choices)s"), value=_shown(raw), choices=listed)
    return value


def parse_rows(table: Table, columns: Sequence[Column]) -> ParsedRows:
    """Turn a table's text cells into typed values, or raise UploadRefused with every problem.

    A missing required column is reported once, naming the accepted names and the columns the
    file has; bad values are reported per row and column. Columns nobody asked for are allowed
    and listed in :attr:`ParsedRows.extra_columns`.
    """
    rows, errors, _ = _parse(table, columns)
    errors.raise_any()
    return rows


def _parse(table: Table, columns: Sequence[Column]) -> tuple[ParsedRows, _Errors, set[int]]:
    """The typed rows, the problems and the numbers of the rows that had one.

    A row with a bad value is kept (the bad value as None) so that checks across columns can run
    on the good rows and every problem is reported at once.
    """
    errors = _Errors()
    found: dict[str, str] = {}
    claimed: set[str] = set()
    for column in columns:
        wanted = {normalise_name(n) for n in column.names}
        matches = [c for c in table.columns if normalise_name(c) in wanted]
        if len(matches) > 1:
            errors.add(table.header_row, matches[1], N_(
                "the columns '%(first)s' and '%(second)s' both mean '%(column)s'; keep one of "
                "them"), first=matches[0], second=matches[1], column=column.name)
        if matches:
            found[column.name] = matches[0]
            claimed.update(matches)
        elif column.required:
            errors.add(None, column.name, N_(
                "the required column '%(column)s' is missing (accepted names: %(names)s); the "
                "file has the columns %(found)s"), column=column.name,
                names=", ".join(f"'{n}'" for n in column.names),
                found=", ".join(f"'{c}'" for c in table.columns))
    errors.raise_any()

    choices = {
        column.name: {normalise_name(k): v for k, v in (column.choices or {}).items()}
        for column in columns
    }
    rows: list[dict[str, Any]] = []
    numbers: list[int] = []
    bad_rows: set[int] = set()
    for number, cells in table.rows:
        out: dict[str, Any] = {}
        for column in columns:
            header = found.get(column.name)
            raw = cells.get(header, "").strip() if header else ""
            out[column.name] = column.default
            if not raw:
                if header is not None and column.required and column.default is None:
                    errors.add(number, header, N_("row %(row)d, column '%(column)s': a value "
                                                  "is required"), row=number, column=header)
                    bad_rows.add(number)
                continue
            try:
                out[column.name] = _convert(column, raw, choices[column.name])
            except _Bad as bad:
                errors.add(number, header, bad.message, row=number, column=header,
                           **bad.params)
                bad_rows.add(number)
        rows.append(out)
        numbers.append(number)
    extra = [c for c in table.columns if c not in claimed]
    parsed = ParsedRows(rows, row_numbers=numbers, columns=found, extra_columns=extra)
    return parsed, errors, bad_rows


# --- the tables the pages take -----------------------------------------------------------------

DIMENSION_CHOICES = {
    "sex": "sex", "kön": "sex", "gender": "sex",
    "age": "age", "ålder": "age", "age band": "age", "åldersgrupp": "age",
    "ses": "ses", "socioekonomi": "ses", "socioekonomisk status": "ses",
    "socio-economic status": "ses",
    "area": "area", "område": "area",
    "other": "other", "annat": "other", "annan": "other",
}

INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("name", "text", max_length=200,
           aliases=("indicator", "indicator name", "indikator", "nyckelindikator", "nyckeltal",
                    "namn")),
    Column("year", "integer", minimum=1900, maximum=2100, aliases=("år", "årtal")),
    Column("value", "decimal", aliases=("värde",)),
    Column("unit", "text", required=False, max_length=40, aliases=("enhet",)),
    Column("source", "text", required=False, aliases=("källa",)),
    Column("comparison_value", "decimal", required=False,
           aliases=("comparison", "jämförelsevärde", "jämförelse")),
    Column("dimension", "choice", required=False, choices=DIMENSION_CHOICES,
           aliases=("breakdown", "nedbrytning", "bakgrundsfaktor")),
    Column("category", "text", required=False, max_length=100,
           aliases=("kategori", "grupp", "group")),
)

SES_COLUMNS: tuple[Column, ...] = (
    Column("area", "text", max_length=200, aliases=("område", "stadsdel")),
    Column("education", "decimal", minimum=0, aliases=("utbildning", "utbildningsnivå")),
    Column("employment", "decimal", minimum=0, aliases=("sysselsättning", "andel sysselsatta")),
    Column("nordic_born", "decimal", minimum=0, aliases=("födda_i_norden",)),
    Column("income", "decimal", minimum=0, aliases=("förvärvsinkomst", "inkomst")),
    Column("outcome", "decimal", required=False, aliases=("utfall",)),
)

PLACEMENT_CHOICES = {
    "hvb": "hvb", "hem för vård eller boende": "hvb",
    "sis": "sis", "sis-hem": "sis", "särskilt ungdomshem": "sis",
    "family_home": "family_home", "familjehem": "family_home",
    "emergency_home": "emergency_home", "jourhem": "emergency_home",
    "none": "none", "ingen": "none", "hemma": "none", "ingen placering": "none",
}

PLACEMENT_COLUMNS: tuple[Column, ...] = (
    Column("key", "text", max_length=100,
           aliases=("id", "nyckel", "person", "person_key", "personnyckel", "löpnummer",
                    "löpnr")),
    Column("date", "date", aliases=("datum",)),
    Column("placement", "choice", choices=PLACEMENT_CHOICES,
           aliases=("placement type", "placering", "placeringstyp", "placeringsform")),
    Column("open_care", "boolean", default=False,
           aliases=("öppenvård", "öv-insats", "öppenvårdsinsats")),
)


def parse_indicator_table(filename: str, data: bytes, **limits: int) -> ParsedRows:
    """Indicator values: one row per indicator and year, breakdowns as rows with a dimension."""
    table = read_table(filename, data, **limits)
    rows, errors, bad_rows = _parse(table, INDICATOR_COLUMNS)
    seen: dict[tuple[Any, ...], int] = {}
    for (number, cells), row in zip(table.rows, rows, strict=True):
        if number in bad_rows:
            continue
        if row["dimension"] and not row["category"]:
            errors.add(number, rows.columns.get("category", "category"), N_(
                "row %(row)d: a breakdown by '%(dimension)s' needs a category (such as women, "
                "16-19 years or an area)"), row=number,
                dimension=_shown(cells[rows.columns["dimension"]]))
        elif row["category"] and not row["dimension"]:
            errors.add(number, rows.columns.get("dimension", "dimension"), N_(
                "row %(row)d: the category '%(category)s' needs a dimension (sex, age, ses, area "
                "or other)"), row=number, category=_shown(row["category"]))
        key = (normalise_name(row["name"]), row["year"], row["dimension"],
               normalise_name(row["category"] or ""))
        if key in seen:
            errors.add(number, None, N_("row %(row)d repeats the indicator, year and category "
                                        "of row %(first)d"), row=number, first=seen[key])
        else:
            seen[key] = number
    errors.raise_any()
    return rows


def parse_ses_table(filename: str, data: bytes, **limits: int) -> ParsedRows:
    """Areas with the four socio-economic variables (and an optional outcome)."""
    rows, errors, bad_rows = _parse(read_table(filename, data, **limits), SES_COLUMNS)
    seen: dict[str, int] = {}
    for number, row in zip(rows.row_numbers, rows, strict=True):
        if number in bad_rows:
            continue
        key = normalise_name(row["area"])
        if key in seen:
            errors.add(number, rows.columns["area"], N_(
                "row %(row)d, column '%(column)s': the area '%(area)s' is already in row "
                "%(first)d"), row=number, column=rows.columns["area"], area=_shown(row["area"]),
                first=seen[key])
        else:
            seen[key] = number
    errors.raise_any()
    return rows


def parse_placement_table(filename: str, data: bytes, **limits: int) -> ParsedRows:
    """Pseudonymised placement events: key, date, placement type, open care yes/no.

    The key must be pseudonymised: :func:`read_table` refuses the file when a key (or any other
    cell) looks like a personal identity number, and says that only pseudonymised keys may be
    uploaded.
    """
    return parse_rows(read_table(filename, data, **limits), PLACEMENT_COLUMNS)


# --- Kolada ------------------------------------------------------------------------------------


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def read_kolada(filename: str, data: bytes, *, max_bytes: int = MAX_BYTES,
                keep_missing: bool = False) -> KoladaValues:
    """Read a saved Kolada data answer (JSON), or raise UploadRefused naming the JSON path."""
    if len(data) > max_bytes:
        raise _refuse(N_("the file is larger than the limit of %(limit)d MB"),
                      limit=max(1, max_bytes // (1024 * 1024)))
    if not data.strip():
        raise _refuse(N_("the file is empty"))
    extension = _extension(filename)
    if extension not in (".json", ""):
        raise _refuse(N_("files ending in '%(extension)s' cannot be read here; upload the JSON "
                         "answer from Kolada (.json)"), extension=extension)
    try:
        doc = json.loads(data.decode("utf-8-sig"), parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise _refuse(N_("the file is not UTF-8 text (byte %(offset)d)"),
                      offset=exc.start) from exc
    except json.JSONDecodeError as exc:
        raise _refuse(N_("the file is not valid JSON (line %(line)d, position %(position)d)"),
                      line=exc.lineno, position=exc.colno) from exc
    except (ValueError, RecursionError) as exc:
        raise _refuse(N_("the file is not valid JSON")) from exc
    try:
        return parse_kolada(doc, keep_missing=keep_missing)
    except KoladaFormatError as exc:
        raise UploadRefused([UploadError(None, None, issue.message, issue.params)
                             for issue in exc.errors]) from exc


__all__ = [
    "DIMENSION_CHOICES",
    "INDICATOR_COLUMNS",
    "KINDS",
    "MAX_BYTES",
    "MAX_ERRORS",
    "MAX_ROWS",
    "PLACEMENT_CHOICES",
    "PLACEMENT_COLUMNS",
    "SES_COLUMNS",
    "Column",
    "ParsedRows",
    "Table",
    "UploadError",
    "UploadRefused",
    "normalise_name",
    "parse_decimal",
    "parse_indicator_table",
    "parse_placement_table",
    "parse_rows",
    "parse_ses_table",
    "read_kolada",
    "read_table",
    "refuse_personnummer",
]
