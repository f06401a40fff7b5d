"""Reading a table of indicator values: English or Swedish headers, typed cells, row numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.follow_up_upload import file_position, parse_value_table, template_csv
from models.follow_ups import FollowUpRefused
from models.uploads import UploadRefused


def test_swedish_headers_and_decimal_commas_are_read():
    data = ("\ufeffIndikator;Period;Planerat;Utfall;Rapporterat av;Kommentar;Dimension;Kategori\n"
            "i1;2025-Q1;20;17,5;Anna;'=inte en formel;Veckodag;tisdag\n"
            "\n"
            "i2;2025-03;;40;;;;\n").encode("utf-8")
    table = parse_value_table("värden.csv", data)
    first, second = table.rows
    assert (first.indicator, first.period, first.planned, first.actual) == (
        "i1", "2025-Q1", Decimal("20"), Decimal("17.5"))
    assert (first.comment, first.dimension, first.category) == ("=inte en formel", "Veckodag",
                                                                "tisdag")
    assert (second.planned, second.actual, second.dimension) == (None, Decimal("40"), "")
    assert table.row_numbers == [2, 4]
    error = FollowUpRefused("actual", "x")
    error.row = 2
    assert file_position(table, error) == (4, "Utfall")


def test_english_headers_in_any_order_without_optional_columns():
    data = b"actual,indicator,period\n5,i3,2025-Q2\n"
    [row] = parse_value_table("values.csv", data).rows
    assert (row.indicator, row.period, row.actual, row.planned, row.reported_by) == (
        "i3", "2025-Q2", Decimal("5"), None, "")


def test_a_missing_column_or_an_identity_number_refuses_the_file():
    with pytest.raises(UploadRefused) as missing:
        parse_value_table("v.csv", b"indikator;utfall\ni1;3\n")
    assert "period" in str(missing.value)
    with pytest.raises(UploadRefused) as personal:
        parse_value_table("v.csv", b"indikator;period;utfall;kommentar\n"
                                   b"i1;2025-01;3;19121212-1212\n")
    assert "personal identity numbers" in str(personal.value)
    assert "19121212" not in str(personal.value)


def test_the_template_reads_back():
    data = template_csv([["i1", "2025-Q1", "", "", "Anna", "", "", ""]])
    assert data.startswith("\ufeff".encode())
    [row] = parse_value_table("mall.csv", data + b"i1;2025-Q2;;1;;;;\r\n").rows[1:]
    assert row.period == "2025-Q2"
