"""Reading uploaded tables: every refusal names the row and column, nothing partial comes back."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from models.uploads import (
    INDICATOR_COLUMNS,
    MAX_ERRORS,
    PLACEMENT_COLUMNS,
    SES_COLUMNS,
    Column,
    Table,
    UploadRefused,
    normalise_name,
    parse_decimal,
    parse_indicator_table,
    parse_placement_table,
    parse_rows,
    parse_ses_table,
    read_kolada,
    read_table,
    refuse_personnummer,
)

ROOT = Path(__file__).resolve().parents[2]


def refusal(call, *args, **kwargs) -> list[str]:
    """The English texts of the errors a call is refused with."""
    with pytest.raises(UploadRefused) as caught:
        call(*args, **kwargs)
    return [error.text for error in caught.value.errors]


def refused(call, *args, **kwargs) -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        call(*args, **kwargs)
    return caught.value


def xlsx(rows: list[list[object]], *, title: str = "Blad1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- reading CSV -------------------------------------------------------------------------------


def test_a_swedish_excel_csv_with_semicolons_windows_1252_and_decimal_commas_is_read():
    text = ("Indikator;År;Värde;Enhet;Källa;Jämförelsevärde;Dimension;Kategori\r\n"
            "Behöriga till gymnasiet;2023;82,5;%;Skolverket;85,1;;\r\n"
            "Behöriga till gymnasiet;2023;79,9;%;Skolverket;;kön;flickor\r\n"
            "Behöriga till gymnasiet;2023;1 234,5;%;Skolverket;;Ålder;16–19 år\r\n")
    data = text.replace("–", "-").encode("cp1252")
    rows = parse_indicator_table("behov.csv", data)
    assert rows[0] == {"name": "Behöriga till gymnasiet", "year": 2023, "value": Decimal("82.5"),
                       "unit": "%", "source": "Skolverket", "comparison_value": Decimal("85.1"),
                       "dimension": None, "category": None}
    assert (rows[1]["dimension"], rows[1]["category"]) == ("sex", "flickor")
    assert (rows[2]["dimension"], rows[2]["value"]) == ("age", Decimal("1234.5"))
    assert rows.row_numbers == [2, 3, 4]
    assert rows.columns["value"] == "Värde"
    assert rows.extra_columns == [] and rows.notes == []


def test_utf8_with_a_byte_order_mark_commas_and_quoted_fields_is_read():
    text = ('\ufeffname,year,value,source\n'
            '"Placeringar, HVB",2022,12.5,"Egen statistik\n(ej offentlig)"\n'
            '"Säger ""hej""",2022,3,\n')
    table = read_table("data.csv", text.encode("utf-8"))
    assert table.columns == ["name", "year", "value", "source"]
    assert table.rows[0] == (2, {"name": "Placeringar, HVB", "year": "2022", "value": "12.5",
                                 "source": "Egen statistik\n(ej offentlig)"})
    assert table.rows[1][1]["name"] == 'Säger "hej"'
    # Rows count as records, the way a spreadsheet shows them.
    assert table.rows[1][0] == 3


def test_tab_separated_utf16_from_excel_unicode_text_is_read():
    text = "Område\tUtbildning\tSysselsättning\tFödda i Norden\tFörvärvsinkomst\r\n" \
           "Norr\t0,45\t0,71\t0,80\t245 000\r\nSöder\t0,30\t0,60\t0,55\t198 000\r\n"
    rows = parse_ses_table("areas.txt", text.encode("utf-16"))
    assert [r["area"] for r in rows] == ["Norr", "Söder"]
    assert rows[0]["income"] == Decimal("245000")
    assert rows[1]["nordic_born"] == Decimal("0.55")
    assert rows[0]["outcome"] is None


def test_latin_1_bytes_that_windows_1252_lacks_are_still_read():
    data = "namn;värde\nÅsa\x81;1\n".encode("latin-1")
    assert read_table("x.csv", data).rows[0][1]["namn"] == "Åsa\x81"


def test_column_names_match_without_case_or_surrounding_spaces_and_keep_their_spelling():
    data = "  INDIKATOR ;År; VÄRDE  \nA;2023;abc\n".encode()
    texts = refusal(parse_indicator_table, "x.csv", data)
    assert texts == ["row 2, column 'VÄRDE': 'abc' is not a number"]


def test_empty_rows_are_skipped_but_row_numbers_stay_those_of_the_file():
    data = b"\n\nid;datum;placering;oppenvard\n\nA1;2023-01-05;HVB;nej\n\nA1;2023-13-01;x;ja\n"
    error = refused(parse_placement_table, "p.csv", data).errors
    assert [(e.row, e.column) for e in error] == [(7, "datum"), (7, "placering")]
    assert error[0].text == ("row 7, column 'datum': '2023-13-01' is not a date; write it as "
                             "YYYY-MM-DD")


# --- refusals of the whole file ----------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", "\ufeff".encode()])
def test_an_empty_file_is_refused(data):
    assert refusal(read_table, "x.csv", data) == ["the file is empty"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    texts = refusal(read_table, "x.csv", b"a;b\n1;2\n" * 1000, max_bytes=1024 * 1024 // 200)
    assert texts == ["the file is larger than the limit of 1 MB"]


def test_a_file_with_too_many_rows_is_refused():
    data = ("key;date;placement;open_care\n" + "k;2023-01-01;hvb;nej\n" * 11).encode()
    assert refusal(read_table, "x.csv", data, max_rows=10) == [
        "the file has more than 10 rows; split it into smaller files"]
    assert len(read_table("x.csv", data, max_rows=11).rows) == 11


def test_too_many_rows_in_a_workbook_are_refused():
    data = xlsx([["a"]] + [[i] for i in range(20)])
    assert refusal(read_table, "x.xlsx", data, max_rows=5) == [
        "the file has more than 5 rows; split it into smaller files"]


@pytest.mark.parametrize(("filename", "text"), [
    ("report.pdf", "files ending in '.pdf' cannot be read; upload a CSV file (.csv, .txt, .tsv) "
                   "or an Excel workbook (.xlsx)"),
    ("data", "the file name has no ending such as .csv or .xlsx, so its type is unknown; upload "
             "a CSV file or an Excel workbook (.xlsx)"),
    ("old.XLS", "old Excel workbooks (.xls) cannot be read; save the file as .xlsx or CSV and "
                "upload it again"),
])
def test_an_unknown_file_type_is_refused_by_its_name(filename, text):
    assert refusal(read_table, filename, b"a;b\n1;2\n") == [text]


def test_content_that_does_not_match_the_name_is_refused():
    mismatch = ("the content of the file does not match its name ending '{}'; upload a CSV file "
                "or an Excel workbook (.xlsx)")
    assert refusal(read_table, "x.csv", xlsx([["a"], [1]])) == [mismatch.format(".csv")]
    assert refusal(read_table, "x.xlsx", b"a;b\n1;2\n") == [mismatch.format(".xlsx")]
    assert refusal(read_table, "x.csv", b"%PDF-1.7\n...") == [mismatch.format(".csv")]
    not_a_workbook = io.BytesIO()
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert refusal(read_table, "x.xlsx", not_a_workbook.getvalue()) == [
        mismatch.format(".xlsx")]


def test_binary_content_named_csv_is_refused():
    assert refusal(read_table, "x.csv", b"a;b\n\x00\x01\x02;3\n") == [
        "the file is not text; upload a CSV file or an Excel workbook (.xlsx)"]
    assert refusal(read_table, "x.csv", b"a;b\n\x01\x02\x03\x04;3\n") == [
        "the file is not text; upload a CSV file or an Excel workbook (.xlsx)"]


def test_a_broken_or_protected_workbook_is_refused_with_a_clear_message():
    broken = "the Excel workbook could not be opened; it may be damaged or protected by a password"
    good = xlsx([["a"], [1]])
    assert refusal(read_table, "x.xlsx", good[: len(good) // 2]) == [broken]
    # A password-protected workbook is an OLE container, not a zip.
    assert refusal(read_table, "x.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600) == [
        broken]
    # A zip with the workbook part but garbage inside.
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not xml")
        archive.writestr("xl/workbook.xml", "<not xml")
    assert refusal(read_table, "x.xlsx", damaged.getvalue()) == [broken]


def test_a_workbook_that_unpacks_to_far_more_than_the_limit_is_refused():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * 12_000_000)
    data = bomb.getvalue()
    assert len(data) < 1024 * 1024
    assert refusal(read_table, "x.xlsx", data, max_bytes=1024 * 1024) == [
        "the Excel workbook is too large when unpacked (more than 10 MB)"]


def test_a_first_row_of_numbers_is_not_taken_for_column_names():
    error = refused(read_table, "x.csv", b"2023;12,5;2023-01-01\n2024;13,0;2024-01-01\n")
    assert [(e.row, e.text) for e in error.errors] == [
        (1, "row 1 should hold the column names but holds only numbers or dates; add a row "
            "with column names at the top")]


def test_duplicate_and_empty_column_names_are_refused_together():
    data = "Värde;Område; värde ;;\n1;Norr;2;x;\n".encode()
    errors = refused(read_table, "x.csv", data).errors
    assert [(e.row, e.column, e.text) for e in errors] == [
        (1, " värde ".strip(), "row 1: the column name 'värde' appears twice (columns A and C)"),
        (1, None, "column D has values (first in row 2) but no name in row 1"),
    ]


def test_trailing_empty_columns_without_values_are_dropped():
    table = read_table("x.csv", b"a;b;;\n1;2;;\n")
    assert table.columns == ["a", "b"]


def test_a_row_with_more_values_than_column_names_is_refused():
    assert refusal(read_table, "x.csv", b"a;b\n1;2\n1;2;3\n") == [
        "column C has values (first in row 3) but no name in row 1"]


def test_column_names_without_rows_are_refused():
    assert refusal(read_table, "x.csv", b"a;b\n;\n") == [
        "the file has column names but no rows with values"]


def test_an_unclosed_quotation_mark_is_refused_with_its_row():
    error = refused(read_table, "x.csv", b'a;b\n1;2\n"3;4\n').errors[0]
    assert (error.row, error.text) == (
        3, "row 3 could not be read as CSV; check for a quotation mark that is not closed")


# --- Excel -------------------------------------------------------------------------------------


def test_a_workbook_round_trips_with_numbers_and_dates_as_a_user_would_type_them():
    data = xlsx([
        ["Nyckel", "Datum", "Placering", "Öppenvård"],
        ["a-001", datetime(2023, 1, 5), "Familjehem", True],
        ["a-001", date(2023, 6, 30), "hvb", "x"],
        [],
        [1002, datetime(2023, 2, 1, 14, 30), "SiS", False],
    ])
    table = read_table("placeringar.xlsx", data)
    assert table.rows == [
        (2, {"Nyckel": "a-001", "Datum": "2023-01-05", "Placering": "Familjehem",
             "Öppenvård": "TRUE"}),
        (3, {"Nyckel": "a-001", "Datum": "2023-06-30", "Placering": "hvb", "Öppenvård": "x"}),
        (5, {"Nyckel": "1002", "Datum": "2023-02-01 14:30:00", "Placering": "SiS",
             "Öppenvård": "FALSE"}),
    ]
    rows = parse_placement_table("placeringar.xlsx", data)
    assert rows == [
        {"key": "a-001", "date": date(2023, 1, 5), "placement": "family_home", "open_care": True},
        {"key": "a-001", "date": date(2023, 6, 30), "placement": "hvb", "open_care": True},
        {"key": "1002", "date": date(2023, 2, 1), "placement": "sis", "open_care": False},
    ]


def test_workbook_numbers_lose_float_noise_and_keep_their_decimals():
    data = xlsx([["name", "year", "value", "comparison_value"],
                 ["A", 2023.0, 0.1 + 0.2, 12.0], ["B", 2023, 1e-7, 123456.789]])
    table = read_table("x.xlsx", data)
    assert [r[1]["value"] for r in table.rows] == ["0.3", "0.0000001"]
    assert [r[1]["year"] for r in table.rows] == ["2023", "2023"]
    assert table.rows[0][1]["comparison_value"] == "12"
    rows = parse_indicator_table("x.xlsx", data)
    assert rows[1]["comparison_value"] == Decimal("123456.789")


def test_only_the_first_worksheet_is_read():
    workbook = Workbook()
    workbook.active.append(["area", "education", "employment", "nordic_born", "income"])
    workbook.active.append(["Norr", 0.4, 0.7, 0.8, 250000])
    workbook.create_sheet("Anteckningar").append(["19121212-1212 is not read"])
    out = io.BytesIO()
    workbook.save(out)
    assert [r["area"] for r in parse_ses_table("x.xlsx", out.getvalue())] == ["Norr"]


# --- personal identity numbers -----------------------------------------------------------------


@pytest.mark.parametrize("number", [
    "19121212-1212",   # twelve digits with separator
    "191212121212",    # twelve digits
    "121212-1212",     # ten digits with separator
    "1212121212",      # ten digits
    "121212+1212",     # over a hundred years old
    "121212 1212",     # a space as separator
    "121272-1219",     # coordination number (day + 60)
    "Anna 201212121212",  # inside other text
])
def test_a_personal_identity_number_in_any_form_refuses_the_file(number):
    data = f"id;datum;placering;öppenvård\nk-1;2023-01-01;hvb;nej\n{number};2023-02-01;hvb;ja\n"
    error = refused(parse_placement_table, "p.csv", data.encode()).errors
    assert [(e.row, e.column) for e in error] == [(3, "id")]
    assert error[0].text == (
        "column 'id' holds what looks like personal identity numbers in 1 rows (first in rows 3); "
        "only pseudonymised keys may be uploaded, so nothing was stored")
    digits = "".join(ch for ch in number if ch.isdigit())
    assert number not in str(error[0]) and digits[-10:] not in str(error[0])


def test_a_personal_identity_number_in_an_otherwise_valid_file_is_found_in_any_column():
    data = ("Indikator;År;Värde;Källa\nBehöriga;2023;82,5;Skolverket\n"
            "Behöriga;2022;80,1;uppgift från 19121212-1212\n").encode()
    errors = refused(parse_indicator_table, "x.csv", data).errors
    assert [(e.row, e.column) for e in errors] == [(3, "Källa")]


def test_a_personal_identity_number_as_a_column_name_is_refused_without_repeating_it():
    data = b"id;19121212-1212\nk1;1\n"
    errors = refused(read_table, "x.csv", data).errors
    assert [(e.row, e.column) for e in errors] == [(1, None)]
    assert errors[0].text == (
        "row 1, column B: the column name looks like a personal identity number; only "
        "pseudonymised keys may be uploaded, so nothing was stored")


def test_a_refusal_names_the_first_rows_and_counts_them_all():
    lines = [f"{1212121212 if i % 2 else 'k' + str(i)};1" for i in range(14)]
    data = ("nyckel;antal\n" + "\n".join(lines)).encode()
    error = refused(read_table, "x.csv", data).errors[0]
    assert error.params["count"] == 7
    assert error.params["rows"] == "3, 5, 7, 9, 11"


def test_a_personal_identity_number_in_a_workbook_number_cell_is_found():
    data = xlsx([["person", "datum", "placering", "öv-insats"],
                 [191212121212, date(2023, 1, 1), "hvb", 0],
                 [1212121212.0, date(2023, 1, 1), "hvb", 1]])
    error = refused(parse_placement_table, "x.xlsx", data).errors[0]
    assert (error.column, error.params["rows"]) == ("person", "2, 3")


@pytest.mark.parametrize("key", [
    "1212121213",      # bad check digit
    "131312-1212",     # month 13
    "121232-1212",     # day 32 (and not a coordination day)
    "1234567890",      # an ordinary number
    "2024-01-01",      # a date
    "0701234567",      # a phone number
    "12121212121",     # eleven digits
])
def test_numbers_that_are_not_personal_identity_numbers_are_accepted(key):
    data = f"nyckel;datum;placering;öppenvård\n{key};2023-01-01;jourhem;\n".encode()
    assert parse_placement_table("x.csv", data)[0]["key"] == key


def test_refuse_personnummer_also_guards_a_table_built_by_hand():
    table = Table(["key"], [(2, {"key": "ok"}), (3, {"key": "19121212-1212"})])
    assert refusal(refuse_personnummer, table) == [
        "column 'key' holds what looks like personal identity numbers in 1 rows (first in rows "
        "3); only pseudonymised keys may be uploaded, so nothing was stored"]
    refuse_personnummer(Table(["key"], [(2, {"key": "ok"})]))


# --- typed columns -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("1 234,5", "1234.5"), ("1234.5", "1234.5"), ("1\u00a0234\u00a0567,25", "1234567.25"),
    ("1\u2009234", "1234"), ("1\u202f234", "1234"), ("-0,25", "-0.25"), ("\u22123", "-3"),
    ("+7", "7"), (",5", "0.5"), ("1.234,5", "1234.5"), ("1,234.5", "1234.5"), ("0", "0"),
])
def test_decimals_are_read_in_swedish_and_english_spellings(text, value):
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["abc", "12 34", "1,2,3", "1.2.3", "NaN", "Infinity", "1e5",
                                  "1,23.4", "-", "", "12,5 %", "0x10"])
def test_other_text_is_not_a_decimal(text):
    assert parse_decimal(text) is None


def test_each_bad_value_is_reported_by_row_and_column():
    data = ("Indikator;År;Värde;Jämförelsevärde;Dimension;Kategori\n"
            "A;2023;1,5;;;\n"
            "B;20x3;abc;12,5 %;kön;\n"
            "C;1850;;2;planet;x\n"
            "D;2023,5;3;100000000000000;;\n").encode()
    errors = refused(parse_indicator_table, "x.csv", data).errors
    assert [(e.row, e.column, e.text) for e in errors] == [
        (3, "År", "row 3, column 'År': '20x3' is not a number"),
        (3, "Värde", "row 3, column 'Värde': 'abc' is not a number"),
        (3, "Jämförelsevärde", "row 3, column 'Jämförelsevärde': '12,5 %' is not a number; "
                               "write it without the % sign"),
        (4, "År", "row 4, column 'År': 1850 is less than 1900"),
        (4, "Värde", "row 4, column 'Värde': a value is required"),
        (4, "Dimension", "row 4, column 'Dimension': 'planet' is not one of: sex, kön, gender, "
                         "age, ålder, age band, åldersgrupp, ses, socioekonomi, socioekonomisk "
                         "status, socio-economic status, area, område, other, annat, annan"),
        (5, "År", "row 5, column 'År': '2023,5' is not a whole number"),
        (5, "Jämförelsevärde", "row 5, column 'Jämförelsevärde': '100000000000000' is too "
                               "large"),
        # Row 3 had bad values, so its missing category is not reported on top.
    ]


def test_checks_across_columns_run_together_with_the_value_checks():
    data = (b"indicator;year;value;dimension;category\n"
            b"A;2023;x;;\n"
            b"A;2023;1;age;\n"
            b"A;2023;1;;girls\n"
            b"A;2023;2;;\n"
            b"A;2023;3;;\n")
    assert refusal(parse_indicator_table, "x.csv", data) == [
        "row 2, column 'value': 'x' is not a number",
        "row 3: a breakdown by 'age' needs a category (such as women, 16-19 years or an area)",
        "row 4: the category 'girls' needs a dimension (sex, age, ses, area or other)",
        "row 6 repeats the indicator, year and category of row 5",
    ]


def test_a_missing_required_column_is_reported_once_with_the_columns_found():
    data = ("Indikator;Årtal;Summa\n" + "A;2023;1\n" * 30).encode()
    errors = refused(parse_indicator_table, "x.csv", data).errors
    assert [(e.row, e.column, e.text) for e in errors] == [
        (None, "value", "the required column 'value' is missing (accepted names: 'value', "
                        "'värde'); the file has the columns 'Indikator', 'Årtal', 'Summa'"),
    ]


def test_extra_columns_are_allowed_and_listed_in_a_note():
    data = "Område;Utbildning;Sysselsättning;Födda_i_Norden;Förvärvsinkomst;Kommentar;År\n" \
           "Norr;0,4;0,7;0,8;250000;bra;2023\n"
    rows = parse_ses_table("x.csv", data.encode())
    assert rows.extra_columns == ["Kommentar", "År"]
    assert [n.text for n in rows.notes] == ["these columns were not used: 'Kommentar', 'År'"]


def test_two_columns_with_the_same_meaning_are_refused():
    data = "name;year;value;värde\nA;2023;1;2\n".encode()
    assert refusal(parse_indicator_table, "x.csv", data) == [
        "the columns 'value' and 'värde' both mean 'value'; keep one of them"]


def test_errors_are_capped_with_a_count_of_the_rest():
    data = ("nyckel;datum;placering;öppenvård\n" + "k;1 jan;hvb;nej\n" * 120).encode()
    texts = refusal(parse_placement_table, "x.csv", data)
    assert len(texts) == MAX_ERRORS + 1
    assert texts[0] == "row 2, column 'datum': '1 jan' is not a date; write it as YYYY-MM-DD"
    assert texts[-1] == "and 70 more problems"


@pytest.mark.parametrize(("text", "value"), [
    ("ja", True), ("Nej", False), ("yes", True), ("NO", False), ("1", True), ("0", False),
    ("true", True), ("FALSE", False), ("x", True), ("X", True), ("SANT", True),
    ("falskt", False), ("", False),
])
def test_open_care_accepts_yes_and_no_in_many_spellings_and_a_blank_means_no(text, value):
    data = f"nyckel;datum;placering;öppenvård\nk;2023-01-01;ingen;{text}\n".encode()
    assert parse_placement_table("x.csv", data)[0]["open_care"] is value


@pytest.mark.parametrize(("text", "value"), [
    ("HVB", "hvb"), ("SiS", "sis"), ("familjehem", "family_home"), ("Family home", "family_home"),
    ("family_home", "family_home"), ("Jourhem", "emergency_home"), ("ingen", "none"),
    ("hemma", "none"), ("none", "none"),
])
def test_placement_types_are_accepted_in_swedish_and_english(text, value):
    data = f"person;date;placement;open care\np;2023-01-01;{text};nej\n".encode()
    assert parse_placement_table("x.csv", data)[0]["placement"] == value


def test_a_bad_yes_or_no_and_a_missing_key_are_named():
    data = "nyckel;datum;placering;öppenvård\n;2023-01-01;hvb;kanske\n".encode()
    assert refusal(parse_placement_table, "x.csv", data) == [
        "row 2, column 'nyckel': a value is required",
        "row 2, column 'öppenvård': 'kanske' is not yes or no (write ja or nej, yes or no, 1 or "
        "0, or x for yes)",
    ]


def test_the_placement_table_needs_its_open_care_column():
    data = b"nyckel;datum;placering\nk;2023-01-01;hvb\n"
    texts = refusal(parse_placement_table, "x.csv", data)
    assert len(texts) == 1 and texts[0].startswith("the required column 'open_care' is missing")


def test_ses_areas_must_be_unique_and_shares_not_negative():
    data = ("område;utbildning;sysselsättning;födda i norden;förvärvsinkomst;utfall\n"
            "Norr;0,4;0,7;0,8;250000;0,9\n"
            "norr ;0,4;0,7;0,8;250000;\n"
            "Söder;-0,1;0,7;0,8;250000;\n").encode()
    assert refusal(parse_ses_table, "x.csv", data) == [
        "row 4, column 'utbildning': -0,1 is less than 0",
        "row 3, column 'område': the area 'norr' is already in row 2",
    ]


def test_long_text_is_refused_before_the_database_would_cut_it():
    data = f"indikator;år;värde;enhet\nA;2023;1;{'x' * 41}\n".encode()
    assert refusal(parse_indicator_table, "x.csv", data) == [
        "row 2, column 'enhet': the text is longer than 40 characters"]


def test_parse_rows_works_on_any_column_spec():
    table = Table(["Datum", "Antal"], [(2, {"Datum": "2024-02-29", "Antal": "1 000"}),
                                       (3, {"Datum": "2024-03-01 08:15", "Antal": ""})])
    spec = [Column("when", "date", aliases=("datum",)),
            Column("count", "integer", required=False, aliases=("antal",)),
            Column("note", "text", required=False)]
    rows = parse_rows(table, spec)
    assert rows == [{"when": date(2024, 2, 29), "count": 1000, "note": None},
                    {"when": date(2024, 3, 1), "count": None, "note": None}]
    assert rows.columns == {"when": "Datum", "count": "Antal"}


def test_a_column_spec_is_checked():
    with pytest.raises(ValueError):
        Column("x", "money")
    with pytest.raises(ValueError):
        Column("x", "choice")
    with pytest.raises(ValueError):
        Column("x", "text", choices={"a": "a"})


def test_the_ready_made_specs_do_not_share_a_column_name():
    for spec in (INDICATOR_COLUMNS, SES_COLUMNS, PLACEMENT_COLUMNS):
        names = [normalise_name(n) for column in spec for n in column.names]
        assert len(names) == len(set(names))


def test_names_match_without_swedish_letters_underscores_or_hyphens():
    data = "Omrade;UTBILDNING;sysselsattning;Fodda i Norden;forvarvsinkomst\nN;1;2;3;4\n"
    assert parse_ses_table("x.csv", data.encode())[0]["nordic_born"] == Decimal("3")


# --- volume ------------------------------------------------------------------------------------


def test_fifty_thousand_rows_are_parsed():
    kinds = ["hvb", "SiS", "familjehem", "jourhem", "ingen"]
    lines = [f"p{i // 5:05d};2023-{(i % 12) + 1:02d}-{(i % 28) + 1:02d};{kinds[i % 5]};"
             f"{'x' if i % 3 == 0 else ''}" for i in range(50_000)]
    data = ("löpnr;datum;placering;öv-insats\n" + "\n".join(lines) + "\n").encode()
    rows = parse_placement_table("stor.csv", data)
    assert len(rows) == 50_000
    assert rows.row_numbers[-1] == 50_001
    assert rows[4] == {"key": "p00000", "date": date(2023, 5, 5), "placement": "none",
                       "open_care": False}


# --- Kolada JSON -------------------------------------------------------------------------------


def test_a_saved_kolada_answer_is_read():
    doc = {"count": 1, "values": [{"kpi": "N00945", "municipality": "0180", "period": 2022,
                                   "values": [{"count": 1, "gender": "T", "status": "",
                                               "value": 12.3}]}]}
    values = read_kolada("kolada.json", json.dumps(doc).encode())
    assert [(v.kpi, v.value) for v in values] == [("N00945", Decimal("12.3"))]


def test_a_json_file_that_is_not_kolada_is_refused_with_the_path():
    doc = {"format": "satsa/1", "projects": []}
    assert refusal(read_kolada, "x.json", json.dumps(doc).encode()) == [
        "$.values: this is not a Kolada answer: the list 'values' is missing"]
    assert refusal(read_kolada, "x.json", b"{not json") == [
        "the file is not valid JSON (line 1, position 2)"]
    assert refusal(read_kolada, "x.json", b"[NaN]") == ["the file is not valid JSON"]
    assert refusal(read_kolada, "x.csv", b"{}") == [
        "files ending in '.csv' cannot be read here; upload the JSON answer from Kolada (.json)"]


# --- layering ----------------------------------------------------------------------------------


def test_the_readers_import_no_flask_and_kolada_no_database():
    code = ("import sys, models.uploads; a = set(sys.modules); "
            "import models.domain.kolada; print('flask' in a, 'sqlalchemy' in a)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[0] == "False"
    code = "import sys, models.domain.kolada; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False"]
