"""Kolada data answers (API v2 and v3) read into plain values, and mapped to indicator rows."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from models.domain.kolada import (
    MAX_ERRORS,
    KoladaFormatError,
    KoladaValue,
    kolada_rows,
    parse_kolada,
)


def v2_answer() -> dict:
    """The shape documented for /v2/data/kpi/<KPI>/municipality/<ID>/year/<PERIOD>."""
    return {
        "count": 3,
        "values": [
            {"kpi": "N00945", "municipality": "0180", "period": 2022,
             "values": [{"count": 1, "gender": "T", "status": "", "value": 12.3},
                        {"count": 1, "gender": "K", "status": "", "value": 13.1},
                        {"count": 1, "gender": "M", "status": "", "value": 11.5}]},
            {"kpi": "N00945", "municipality": "0000", "period": 2022,
             "values": [{"count": 1, "gender": "T", "status": "", "value": 10},
                        {"count": 1, "gender": "K", "status": "", "value": 10.5},
                        {"count": 1, "gender": "M", "status": "", "value": None}]},
            {"kpi": "N00945", "municipality": "0180", "period": 2023,
             "values": [{"count": 1, "gender": "T", "status": "Missing", "value": None}]},
        ],
        "previous_page": None,
        "next_page": None,
    }


def v3_answer() -> dict:
    """A v3 answer: the same item fields, no inner count, paging by next_url."""
    return {
        "count": 2,
        "values": [
            {"kpi": "U33400", "municipality": "1480", "period": 2023,
             "values": [{"gender": "T", "status": "", "value": 984748},
                        {"gender": "K", "status": "", "value": 492748.25}]},
            {"kpi": "U33400", "municipality": "1480", "period": 2024,
             "values": [{"gender": "T", "status": "", "value": 990000}]},
        ],
        "next_url": "https://api.kolada.se/v3/data/kpi/U33400/municipality/1480?page=2",
    }


def paths(doc: object) -> dict[str, str]:
    with pytest.raises(KoladaFormatError) as caught:
        parse_kolada(doc)
    return {issue.path: issue.text for issue in caught.value.errors}


def test_a_v2_answer_is_read_with_exact_decimals_and_nulls_skipped_but_counted():
    values = parse_kolada(v2_answer())
    assert values[:3] == [
        KoladaValue("N00945", "0180", 2022, "T", Decimal("12.3"), ""),
        KoladaValue("N00945", "0180", 2022, "K", Decimal("13.1"), ""),
        KoladaValue("N00945", "0180", 2022, "M", Decimal("11.5"), ""),
    ]
    assert values[3] == KoladaValue("N00945", "0000", 2022, "T", Decimal(10), "")
    assert len(values) == 5
    assert values.skipped == 2
    assert values.next_page is None
    assert [v.gender_label for v in values[:3]] == ["total", "women", "men"]


def test_missing_values_can_be_kept_with_their_status():
    values = parse_kolada(v2_answer(), keep_missing=True)
    assert len(values) == 7 and values.skipped == 2
    assert values[-1] == KoladaValue("N00945", "0180", 2023, "T", None, "Missing")


def test_a_v3_answer_is_read_and_says_that_more_pages_exist():
    values = parse_kolada(v3_answer())
    assert [(v.period, v.gender, v.value) for v in values] == [
        (2023, "T", Decimal(984748)), (2023, "K", Decimal("492748.25")),
        (2024, "T", Decimal(990000))]
    assert values.next_page.endswith("page=2")


def test_documented_variants_are_tolerated():
    doc = v3_answer()
    item = doc["values"][0]
    item["municipality_id"] = item.pop("municipality")  # a table saved by a client library
    item["period"] = "2023"  # the v2 README documents the period as a string
    item["values"][1]["gender"] = "F"  # the v2 README writes T|K|F
    item["values"][1]["status"] = None
    values = parse_kolada(doc)
    assert values[1] == KoladaValue("U33400", "1480", 2023, "K", Decimal("492748.25"), "")


def test_an_empty_answer_gives_no_values():
    assert parse_kolada({"count": 0, "values": []}) == []


@pytest.mark.parametrize(("doc", "found"), [
    ([], "list"), ("values", "text"), (None, "null"), (3, "number"),
])
def test_something_other_than_an_object_is_refused_at_the_root(doc, found):
    assert paths(doc) == {"$": f"$: expected a Kolada answer (a JSON object with 'values'), "
                               f"found {found}"}


def test_a_json_object_that_is_not_kolada_is_refused():
    assert paths({"format": "satsa/1", "projects": []}) == {
        "$.values": "$.values: this is not a Kolada answer: the list 'values' is missing"}
    assert paths({"values": {"kpi": "N1"}}) == {
        "$.values": "$.values: expected a list, found object"}


def test_kolada_metadata_instead_of_values_gets_its_own_message():
    doc = {"count": 1, "values": [{"id": "N00945", "title": "Invånare totalt, antal"}]}
    assert paths(doc) == {"$.values[0]": (
        "$.values[0]: this looks like Kolada metadata (a list of key figures or "
        "municipalities), not values; download the data query instead")}


def test_every_bad_field_is_named_by_its_json_path():
    doc = v2_answer()
    doc["values"][0]["values"][1]["value"] = "13,1"
    doc["values"][0]["values"][2]["value"] = True
    doc["values"][0]["values"][0]["gender"] = "X"
    doc["values"][1]["period"] = "förra året"
    doc["values"][1]["kpi"] = 945
    doc["values"][2]["values"] = None
    doc["values"].append("N00945")
    assert paths(doc) == {
        "$.values[0].values[0].gender": "$.values[0].values[0].gender: expected the gender T, "
                                        "K or M, found 'X'",
        "$.values[0].values[1].value": "$.values[0].values[1].value: expected a number or "
                                       "null, found '13,1'",
        "$.values[0].values[2].value": "$.values[0].values[2].value: expected a number or "
                                       "null, found true/false",
        "$.values[1].kpi": "$.values[1].kpi: expected a code as text, found number",
        "$.values[1].period": "$.values[1].period: expected a year such as 2023, found "
                              "'förra året'",
        "$.values[2].values": "$.values[2].values: expected a list of values per gender, found "
                              "null",
        "$.values[3]": "$.values[3]: expected an object, found text",
    }


def test_missing_fields_and_non_finite_numbers_are_refused():
    doc = v3_answer()
    del doc["values"][0]["kpi"]
    del doc["values"][0]["values"][0]["value"]
    doc["values"][1]["values"][0]["value"] = float("nan")
    assert paths(doc) == {
        "$.values[0].kpi": "$.values[0].kpi: the field 'kpi' is missing",
        "$.values[0].values[0].value": "$.values[0].values[0].value: the field 'value' is "
                                       "missing",
        "$.values[1].values[0].value": "$.values[1].values[0].value: expected a number or "
                                       "null, found nan",
    }


def test_values_for_organisational_units_are_refused():
    doc = {"values": [{"kpi": "N15033", "ou": "V15E144001301", "period": 2009,
                       "values": [{"gender": "T", "status": "", "value": 1.0}]}]}
    assert paths(doc) == {"$.values[0].ou": (
        "$.values[0].ou: values for organisational units are not supported; download values "
        "per municipality")}


def test_a_value_given_twice_is_refused():
    doc = v3_answer()
    doc["values"].append(copy.deepcopy(doc["values"][1]))
    assert paths(doc) == {"$.values[2].values[0]": (
        "$.values[2].values[0]: a second value for the same key figure, municipality, year and "
        "gender (the first is at $.values[1].values[0])")}


def test_the_error_is_a_value_error_with_msgids_and_a_capped_list():
    doc = {"values": [{"kpi": "N1", "municipality": "0180", "period": 1000 + i,
                       "values": []} for i in range(80)]}
    with pytest.raises(ValueError) as caught:
        parse_kolada(doc)
    error = caught.value
    assert isinstance(error, KoladaFormatError)
    assert len(error.errors) == MAX_ERRORS + 1
    assert error.errors[-1].text == "and 30 more problems"
    assert error.path == "$.values[0].period"
    assert error.message == "%(path)s: expected a year such as 2023, found %(found)s"
    assert error.params == {"path": "$.values[0].period", "found": "1000"}


def test_rows_for_one_municipality_take_the_national_value_as_comparison():
    rows = kolada_rows(parse_kolada(v2_answer()), "0180")
    assert rows == [
        {"name": "N00945", "year": 2022, "value": Decimal("12.3"), "unit": None,
         "source": "Kolada", "comparison_value": Decimal(10), "dimension": None,
         "category": None, "municipality": "0180"},
        {"name": "N00945", "year": 2022, "value": Decimal("13.1"), "unit": None,
         "source": "Kolada", "comparison_value": Decimal("10.5"), "dimension": "sex",
         "category": "women", "municipality": "0180"},
        {"name": "N00945", "year": 2022, "value": Decimal("11.5"), "unit": None,
         "source": "Kolada", "comparison_value": None, "dimension": "sex",
         "category": "men", "municipality": "0180"},
    ]


def test_rows_without_a_municipality_keep_every_municipality_and_drop_missing_values():
    rows = kolada_rows(parse_kolada(v2_answer(), keep_missing=True), None)
    assert [(r["municipality"], r["year"], r["category"]) for r in rows] == [
        ("0000", 2022, None), ("0000", 2022, "women"),
        ("0180", 2022, None), ("0180", 2022, "women"), ("0180", 2022, "men"),
    ]
    assert all(r["comparison_value"] is None for r in rows)


def test_rows_for_the_whole_country_have_no_comparison():
    rows = kolada_rows(parse_kolada(v2_answer()), "0000")
    assert [(r["category"], r["comparison_value"]) for r in rows] == [(None, None),
                                                                      ("women", None)]
