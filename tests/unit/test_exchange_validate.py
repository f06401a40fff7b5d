"""Validation of satsa/1 documents: every bad value is named by its JSON path."""

from __future__ import annotations

import copy

import pytest

from models.exchange import ExchangeError, parse_document, validate_document
from models.exchange.canonical import money_text, share_text
from models.exchange.schema import LEDGER_KINDS, ROLES


def good_document() -> dict:
    return {
        "format": "satsa/1",
        "exported_at": "2026-11-22T16:00:00Z",
        "organisation": {
            "name": "Exempelkommun",
            "departments": [{"key": "soc", "name": "Socialförvaltningen"},
                            {"key": "utb", "name": "Utbildningsförvaltningen"}],
            "users": [
                {"email": "anna@example.se", "name": "Anna", "role": "steering",
                 "locale": "sv", "active": True},
                {"email": "bo@example.se", "name": "Bo", "role": "project_leader",
                 "locale": "en", "active": True},
            ],
            "is_demo": False,
        },
        "funds": [{
            "key": "si-fond", "name": "Sociala investeringsfonden", "capital": "20000000.00",
            "start": "2024-01-01", "end": "2027-12-31", "central_risk_share": "0.70",
            "rules": "", "computed": {"anything": "ignored"},
            "ledger": [{"date": "2024-03-01", "kind": "allocation", "project": "fall",
                        "amount": "1500000.00", "note": "KS beslut"}],
        }],
        "criteria": [{"key": "behov", "name": "Behov", "weight": "0.25", "scale_max": 5,
                      "must": False, "description": "", "position": 0}],
        "price_index": [],
        "unit_costs": [],
        "need_areas": [],
        "projects": [{
            "key": "fall", "title": "Fallprevention för äldre", "stage": "proposal",
            "need_areas": [], "departments": ["soc"], "fund": "si-fond",
            "start": "2025-01-01", "end": "2027-12-31",
            "target_group": {"description": "Äldre", "age_min": 65, "age_max": None,
                             "size_total": 1200, "size_reached": 150, "life_stage": "older",
                             "prevention_level": "targeted"},
            "scores": [{"rater": "anna@example.se", "criterion": "behov", "value": 4,
                        "comment": ""}],
            "need_description": "", "ordinary_practice": "", "budget_request": "250000.00",
            "owner": "anna@example.se", "leader": "bo@example.se",
            "members": ["bo@example.se"],
            "stage_history": [{"at": "2025-01-02T10:00:00Z", "by": "bo@example.se",
                               "from": "idea", "to": "proposal", "reason": "",
                               "gate_override": False}],
            "checklist_confirmations": [{"item": "needs.anchored", "confirmed_on": "2025-01-01",
                                         "by": "bo@example.se", "comment": ""}],
            "computed": {"weighted_score": "80.0", "checklist": {"done": 3, "total": 26}},
        }],
    }


def errors_of(doc) -> dict[str, str]:
    return {e.path: e.text for e in validate_document(doc)}


def test_a_good_document_passes():
    assert validate_document(good_document()) == []


def test_a_document_with_only_the_required_keys_passes():
    doc = {"format": "satsa/1", "organisation": {"name": "K", "departments": []},
           "funds": [{"key": "f", "name": "F", "capital": "1.00"}],
           "criteria": [{"key": "c", "name": "C", "weight": "1"}],
           "projects": [{"key": "p", "title": "P"}]}
    assert validate_document(doc) == []


def test_a_document_that_is_no_object_is_refused_at_the_root():
    assert errors_of([1, 2]) == {"$": "must be an object"}


def test_a_wrong_format_is_refused():
    doc = good_document()
    doc["format"] = "satsa/2"
    assert errors_of(doc) == {"format": 'must be "satsa/1"'}


def test_missing_required_keys_are_named():
    doc = good_document()
    del doc["funds"]
    del doc["projects"][0]["title"]
    del doc["organisation"]["users"][1]["role"]
    assert errors_of(doc) == {
        "funds": "is required",
        "projects[0].title": "is required",
        "organisation.users[1].role": "is required",
        # With the funds gone, the project's reference to its fund no longer resolves.
        "projects[0].fund": "no fund has the key 'si-fond'",
    }


def test_unknown_keys_are_refused_but_computed_sections_are_ignored():
    doc = good_document()
    doc["projets"] = []
    doc["projects"][0]["fund_key"] = "si-fond"
    doc["projects"][0]["computed"] = {"whatever": [1, 2]}
    assert errors_of(doc) == {"projets": "is not a known key",
                              "projects[0].fund_key": "is not a known key"}


def test_a_bad_decimal_is_named_by_its_path():
    doc = good_document()
    doc["projects"][0]["budget_request"] = "12,5"
    doc["funds"][0]["capital"] = 100
    doc["funds"][0]["ledger"][0]["amount"] = "1.005"
    errors = errors_of(doc)
    assert errors["projects[0].budget_request"].startswith("must be a decimal number")
    assert errors["funds[0].capital"].startswith("must be a decimal number")
    assert errors["funds[0].ledger[0].amount"] == "has more than 2 decimals"


def test_shares_outside_zero_to_one_are_refused():
    doc = good_document()
    doc["funds"][0]["central_risk_share"] = "1.5"
    assert errors_of(doc) == {"funds[0].central_risk_share": "must be at most 1"}


def test_bad_dates_and_times_are_refused():
    doc = good_document()
    doc["funds"][0]["start"] = "2024-02-30"
    doc["projects"][0]["end"] = "31/12/2027"
    doc["projects"][0]["stage_history"][0]["at"] = "2025-01-02 10:00"
    errors = errors_of(doc)
    assert errors["funds[0].start"] == "must be a date written YYYY-MM-DD"
    assert errors["projects[0].end"] == "must be a date written YYYY-MM-DD"
    assert errors["projects[0].stage_history[0].at"].startswith("must be a time in UTC")


def test_enumerations_are_checked():
    doc = good_document()
    doc["projects"][0]["stage"] = "done"
    doc["funds"][0]["ledger"][0]["kind"] = "gift"
    doc["organisation"]["users"][0]["role"] = "admin"
    doc["projects"][0]["target_group"]["life_stage"] = "teen"
    doc["projects"][0]["target_group"]["prevention_level"] = "selective"
    errors = errors_of(doc)
    assert set(errors) == {
        "projects[0].stage", "funds[0].ledger[0].kind", "organisation.users[0].role",
        "projects[0].target_group.life_stage", "projects[0].target_group.prevention_level",
    }
    assert errors["funds[0].ledger[0].kind"] == "must be one of: " + ", ".join(LEDGER_KINDS)
    assert errors["organisation.users[0].role"] == "must be one of: " + ", ".join(ROLES)


def test_types_are_checked():
    doc = good_document()
    doc["criteria"][0]["scale_max"] = "5"
    doc["criteria"][0]["must"] = 0
    doc["projects"][0]["target_group"]["age_min"] = True
    doc["projects"][0]["scores"] = {}
    doc["organisation"]["name"] = None
    errors = errors_of(doc)
    assert errors == {
        "criteria[0].scale_max": "must be a whole number",
        "criteria[0].must": "must be true or false",
        "projects[0].target_group.age_min": "must be a whole number",
        "projects[0].scores": "must be an array",
        "organisation.name": "must be a string",
    }


def test_malformed_and_duplicate_keys_are_refused():
    doc = good_document()
    doc["organisation"]["departments"][1]["key"] = "soc"
    doc["criteria"][0]["key"] = "Behov"
    errors = errors_of(doc)
    assert errors["organisation.departments[1].key"] == (
        "'soc' is used twice (also at organisation.departments[0].key)")
    assert errors["criteria[0].key"].startswith("is not a valid key")


def test_unresolved_references_are_refused():
    doc = good_document()
    project = doc["projects"][0]
    project["departments"] = ["soc", "kultur"]
    project["fund"] = "ingen-fond"
    project["owner"] = "okand@example.se"
    project["members"] = ["bo@example.se", "cecilia@example.se"]
    project["scores"][0]["criterion"] = "effekt"
    doc["funds"][0]["ledger"][0]["project"] = "annat"
    errors = errors_of(doc)
    assert errors == {
        "projects[0].departments[1]": "no department has the key 'kultur'",
        "projects[0].fund": "no fund has the key 'ingen-fond'",
        "projects[0].owner":
            "no user in organisation.users has the e-mail address 'okand@example.se'",
        "projects[0].members[1]":
            "no user in organisation.users has the e-mail address 'cecilia@example.se'",
        "projects[0].scores[0].criterion": "no criterion has the key 'effekt'",
        "funds[0].ledger[0].project": "no project has the key 'annat'",
    }


def test_periods_ages_and_sizes_must_be_in_order():
    doc = good_document()
    doc["funds"][0]["end"] = "2023-12-31"
    target = doc["projects"][0]["target_group"]
    target.update({"age_min": 20, "age_max": 10, "size_total": 10, "size_reached": 11})
    assert errors_of(doc) == {
        "funds[0].end": "is before the start",
        "projects[0].target_group.age_max": "is below age_min",
        "projects[0].target_group.size_reached": "is above size_total",
    }


def test_a_rater_scoring_a_criterion_twice_is_refused():
    doc = good_document()
    scores = doc["projects"][0]["scores"]
    scores.append(copy.deepcopy(scores[0]))
    assert errors_of(doc) == {
        "projects[0].scores[1]": "anna@example.se scored behov twice"}


def test_only_confirmable_checklist_items_are_accepted():
    doc = good_document()
    # needs.target_group is derived from the data, never confirmed by hand.
    doc["projects"][0]["checklist_confirmations"][0]["item"] = "needs.target_group"
    assert list(errors_of(doc)) == ["projects[0].checklist_confirmations[0].item"]


def test_a_personnummer_anywhere_is_refused_with_its_path():
    doc = good_document()
    doc["projects"][0]["target_group"]["description"] = "Gäller 19121212-1212 och fler"
    doc["projects"][0]["computed"]["note"] = "8112189876"
    doc["unit_costs"] = [{"key": "x", "name": "X", "unit": "dygn", "amount": "1.00",
                          "price_year": 2024, "source": "201212121212"}]
    errors = errors_of(doc)
    assert set(errors) == {"projects[0].target_group.description",
                           "projects[0].computed.note", "unit_costs[0].source"}
    assert all("personal identity number" in text for text in errors.values())
    # The message never repeats the number.
    assert not any("1212" in text for text in errors.values())


def test_a_date_or_an_amount_is_not_taken_for_a_personnummer():
    doc = good_document()
    doc["funds"][0]["capital"] = "1000000000.00"
    assert validate_document(doc) == []


def test_users_need_lower_case_unique_e_mail_addresses():
    doc = good_document()
    doc["organisation"]["users"][1]["email"] = "Bo@Example.se"
    doc["organisation"]["users"].append(dict(doc["organisation"]["users"][0]))
    errors = errors_of(doc)
    assert errors["organisation.users[1].email"] == "is not a lower-case e-mail address"
    assert errors["organisation.users[2].email"].startswith("'anna@example.se' is used twice")


def test_parts_not_stored_yet_must_still_be_arrays():
    doc = good_document()
    doc["price_index"] = {"2023": "100"}
    doc["need_areas"] = ["placerade-unga"]
    assert errors_of(doc) == {"price_index": "must be an array",
                              "need_areas[0]": "must be an object"}


def test_parse_refuses_text_that_is_not_json():
    with pytest.raises(ExchangeError) as caught:
        parse_document(b'{"format": "satsa/1",')
    assert caught.value.errors[0].path == "$"
    assert "not valid JSON (line 1" in caught.value.errors[0].text


def test_parse_refuses_bytes_that_are_not_utf8_and_keys_given_twice():
    with pytest.raises(ExchangeError, match="not UTF-8"):
        parse_document('{"title": "Fallprevention för äldre"}'.encode("latin-1"))
    with pytest.raises(ExchangeError, match="'key' appears twice"):
        parse_document(b'{"key": "a", "key": "b"}')
    with pytest.raises(ExchangeError, match="not valid JSON"):
        parse_document(b'{"amount": NaN}')


def test_canonical_numbers_have_two_decimals_and_shares_no_trailing_zeros():
    from decimal import Decimal

    assert money_text(Decimal("1250000")) == "1250000.00"
    assert share_text(Decimal("0.7000")) == "0.70"
    assert share_text(Decimal("0.1250")) == "0.125"
    assert share_text(Decimal("1.0000")) == "1.00"
    assert share_text(Decimal("100.0000")) == "100.00"


# --- logic_model ---------------------------------------------------------------------------


def logic_model() -> dict:
    """A detailed model with a baseline, as an export writes it (computed included)."""
    elements = [
        {"key": "r1", "level": "resource", "text": "Två fysioterapeuter", "indicators": [],
         "assumptions": []},
        {"key": "a1", "level": "activity", "text": "Balansträning i grupp",
         "indicators": [{"key": "i1", "name": "Genomförda tillfällen", "kind": "process",
                         "data_source": "Närvarolistor", "unit": "count", "baseline": "0",
                         "target": "80", "horizon_months": 12,
                         "data_source_kind": "administrative", "data_level": "aggregate"}],
         "assumptions": ["Deltagarna tar sig till träffpunkten"]},
        {"key": "s1", "level": "short_term", "text": "Bättre balans",
         "indicators": [{"key": "i2", "name": "Bergs balansskala", "kind": "outcome",
                         "data_source": "Mätning", "unit": "score", "baseline": "41.75",
                         "target": "45.5", "horizon_months": 6,
                         "data_source_kind": "validated_instrument",
                         "data_level": "individual"}],
         "assumptions": []},
        {"key": "g1", "level": "long_term", "text": "Färre höftfrakturer",
         "indicators": [{"key": "i3", "name": "Fallolyckor per 1 000", "kind": "outcome",
                         "data_source": "Patientregistret", "unit": "count",
                         "baseline": "-23.0001", "target": "18.2", "horizon_months": 36,
                         "data_source_kind": "register", "data_level": None}],
         "assumptions": []},
    ]
    links = [{"from": "r1", "to": "a1"}, {"from": "a1", "to": "s1"}, {"from": "a1", "to": "g1"},
             {"from": "s1", "to": "g1"}]
    return {
        "elements": elements,
        "links": links,
        "purpose": "Färre fallolyckor",
        "baseline": {"frozen_at": "2025-03-04T11:00:00Z", "frozen_by": "anna@example.se",
                     "elements": copy.deepcopy(elements), "links": copy.deepcopy(links),
                     "purpose": "Färre fallolyckor"},
        "computed": {"findings": [{"code": "skipped_level", "severity": "warning",
                                   "element": "a1", "message": "…", "related": ["g1"],
                                   "indicator": None}]},
    }


def modelled_document() -> dict:
    doc = good_document()
    doc["projects"][0]["logic_model"] = logic_model()
    return doc


def model_errors(change) -> dict[str, str]:
    """The errors of the document after ``change(model)`` on projects[0].logic_model."""
    doc = modelled_document()
    change(doc["projects"][0]["logic_model"])
    return errors_of(doc)


LM = "projects[0].logic_model"


def test_a_logic_model_with_a_baseline_passes():
    assert validate_document(modelled_document()) == []


def test_a_minimal_logic_model_passes():
    doc = good_document()
    doc["projects"][0]["logic_model"] = {
        "elements": [{"key": "r1", "level": "resource", "text": "Personal"},
                     {"key": "a1", "level": "activity", "text": "Träning",
                      "indicators": [{"key": "i1", "name": "Tillfällen"}]}],
        "links": [{"from": "r1", "to": "a1"}],
    }
    assert validate_document(doc) == []
    doc["projects"][0]["logic_model"] = {}
    assert validate_document(doc) == []


def test_the_logic_model_is_stored_now():
    from models.exchange.schema import PROJECT_NOT_STORED

    assert "logic_model" not in PROJECT_NOT_STORED


def _set(path: tuple, value):
    def change(model):
        target = model
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return change


def _delete(path: tuple):
    def change(model):
        target = model
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]
    return change


def _rename(key: str):
    """Give r1 another key, in the element and in the link from it."""
    def change(model):
        model["elements"][0]["key"] = key
        model["links"][0]["from"] = key
    return change


ENUMERATION = "must be one of: "


@pytest.mark.parametrize(("change", "path", "message"), [
    (_set(("elements", 1, "level"), "outcome"), "elements[1].level",
     ENUMERATION + "resource, activity, short_term, long_term"),
    (_set(("elements", 1, "level"), None), "elements[1].level", "must be a string"),
    (_delete(("elements", 1, "level")), "elements[1].level", "is required"),
    (_rename("R1"), "elements[0].key",
     "is not a valid key (lower-case letters a–z, digits and hyphens, at most 20 characters)"),
    (_rename("r" * 21), "elements[0].key",
     "is not a valid key (lower-case letters a–z, digits and hyphens, at most 20 characters)"),
    (_rename(""), "elements[0].key",
     "is not a valid key (lower-case letters a–z, digits and hyphens, at most 20 characters)"),
    (_rename("-r1"), "elements[0].key",
     "is not a valid key (lower-case letters a–z, digits and hyphens, at most 20 characters)"),
    (_set(("elements", 0, "text"), "   "), "elements[0].text", "must not be empty"),
    (_set(("elements", 0, "text"), "x" * 1001), "elements[0].text",
     "is longer than 1000 characters"),
    (_delete(("elements", 0, "text")), "elements[0].text", "is required"),
    (_set(("elements", 0, "colour"), "red"), "elements[0].colour", "is not a known key"),
    (_set(("elements", 1, "indicators", 0, "key"), "I 1"), "elements[1].indicators[0].key",
     "is not a valid key (lower-case letters a–z, digits and hyphens, at most 20 characters)"),
    (_set(("elements", 1, "indicators", 0, "kind"), "output"),
     "elements[1].indicators[0].kind", ENUMERATION + "process, outcome"),
    (_set(("elements", 1, "indicators", 0, "unit"), "kr"), "elements[1].indicators[0].unit",
     ENUMERATION + "count, percent, sek, score"),
    (_set(("elements", 1, "indicators", 0, "data_source_kind"), "survey"),
     "elements[1].indicators[0].data_source_kind",
     ENUMERATION + "register, administrative, own_survey, validated_instrument"),
    (_set(("elements", 1, "indicators", 0, "data_level"), "group"),
     "elements[1].indicators[0].data_level", ENUMERATION + "individual, aggregate"),
    (_set(("elements", 1, "indicators", 0, "baseline"), "1.00001"),
     "elements[1].indicators[0].baseline", "has more than 4 decimals"),
    (_set(("elements", 1, "indicators", 0, "baseline"), 12.5),
     "elements[1].indicators[0].baseline",
     'must be a decimal number in a string, like "1250000.00"'),
    (_set(("elements", 1, "indicators", 0, "target"), "10000000000"),
     "elements[1].indicators[0].target", "is too large"),
    (_set(("elements", 1, "indicators", 0, "target"), "-10000000000.0000"),
     "elements[1].indicators[0].target", "is too large"),
    (_set(("elements", 1, "indicators", 0, "target"), "1e5"),
     "elements[1].indicators[0].target",
     'must be a decimal number in a string, like "1250000.00"'),
    (_set(("elements", 1, "indicators", 0, "horizon_months"), 601),
     "elements[1].indicators[0].horizon_months", "must be between 0 and 600"),
    (_set(("elements", 1, "indicators", 0, "horizon_months"), -1),
     "elements[1].indicators[0].horizon_months", "must be between 0 and 600"),
    (_set(("elements", 1, "indicators", 0, "horizon_months"), "12"),
     "elements[1].indicators[0].horizon_months", "must be a whole number"),
    (_set(("elements", 1, "indicators", 0, "name"), ""), "elements[1].indicators[0].name",
     "must not be empty"),
    (_set(("elements", 1, "indicators", 0, "name"), "n" * 301),
     "elements[1].indicators[0].name", "is longer than 300 characters"),
    (_delete(("elements", 1, "indicators", 0, "name")), "elements[1].indicators[0].name",
     "is required"),
    (_set(("elements", 1, "indicators", 0, "data_source"), "d" * 1001),
     "elements[1].indicators[0].data_source", "is longer than 1000 characters"),
    (_set(("elements", 1, "indicators", 0, "source"), "x"),
     "elements[1].indicators[0].source", "is not a known key"),
    (_set(("elements", 1, "indicators"), {}), "elements[1].indicators", "must be an array"),
    (_set(("elements", 1, "assumptions"), "En rad"), "elements[1].assumptions",
     "must be an array"),
    (_set(("elements", 1, "assumptions"), ["Ett", 2]), "elements[1].assumptions[1]",
     "must be a string"),
    (_set(("elements", 1, "assumptions"), [" "]), "elements[1].assumptions[0]",
     "must not be empty"),
    (_set(("elements", 1, "assumptions"), ["Två\nrader"]), "elements[1].assumptions[0]",
     "must be a single line"),
    (_set(("elements", 1, "assumptions"), ["a" * 1001]), "elements[1].assumptions[0]",
     "is longer than 1000 characters"),
    (_set(("elements", 1, "assumptions"), ["Antagande"] * 51), "elements[1].assumptions",
     "has more than 50 items"),
    (_set(("links", 3, "to"), "x"), "links[3].to", "no element has the key 'x'"),
    (_set(("links", 0, "from"), "r9"), "links[0].from", "no element has the key 'r9'"),
    (_set(("links", 0, "from"), 1), "links[0].from", "must be a string"),
    (_delete(("links", 0, "to")), "links[0].to", "is required"),
    (_set(("links", 1), {"from": "a1", "to": "a1"}), "links[1]",
     "an element cannot link to itself"),
    (_set(("links", 1), {"from": "r1", "to": "a1"}), "links[1]",
     "the link from 'r1' to 'a1' is given twice"),
    (_set(("links", 0, "kind"), "strong"), "links[0].kind", "is not a known key"),
    (_set(("purpose",), "p" * 2001), "purpose", "is longer than 2000 characters"),
    (_set(("purpose",), None), "purpose", "must be a string"),
    (_set(("elementer",), []), "elementer", "is not a known key"),
    (_set(("baseline", "links", 0, "to"), "x"), "baseline.links[0].to",
     "no element has the key 'x'"),
    (_set(("baseline", "elements", 2, "indicators", 0, "unit"), "kr"),
     "baseline.elements[2].indicators[0].unit", ENUMERATION + "count, percent, sek, score"),
    (_set(("baseline", "frozen_at"), "2025-03-04"), "baseline.frozen_at",
     "must be a time in UTC written YYYY-MM-DDTHH:MM:SSZ"),
    (_delete(("baseline", "frozen_at")), "baseline.frozen_at", "is required"),
    (_set(("baseline", "frozen_by"), None), "baseline.frozen_by", "must be a string"),
    (_set(("baseline", "computed"), {"findings": []}), None, None),
    (_set(("baseline", "approved"), True), "baseline.approved", "is not a known key"),
    (_set(("baseline",), []), "baseline", "must be an object"),
])
def test_a_bad_value_in_a_logic_model_is_named_by_its_path(change, path, message):
    expected = {} if path is None else {f"{LM}.{path}": message}
    assert model_errors(change) == expected


def test_a_logic_model_that_is_not_an_object_is_refused():
    doc = good_document()
    doc["projects"][0]["logic_model"] = None
    assert errors_of(doc) == {LM: "must be an object"}


def test_element_keys_are_unique_within_the_model_and_indicator_keys_within_the_project():
    def change(model):
        model["elements"].append({"key": "a1", "level": "activity", "text": "Ännu en"})
        model["elements"][3]["indicators"][0]["key"] = "i1"
    errors = model_errors(change)
    assert errors == {
        f"{LM}.elements[4].key": f"'a1' is used twice (also at {LM}.elements[1].key)",
        f"{LM}.elements[3].indicators[0].key":
            f"'i1' is used twice (also at {LM}.elements[1].indicators[0].key)",
    }


def test_the_baseline_has_keys_of_its_own():
    """The baseline is a model of its own: its keys may repeat the current model's."""
    def change(model):
        model["baseline"]["elements"][0]["key"] = "r1"
        model["baseline"]["elements"][1]["indicators"][0]["key"] = "i2"
        model["baseline"]["elements"][2]["indicators"][0]["key"] = "i1"
    assert model_errors(change) == {}


def test_two_projects_may_use_the_same_element_keys():
    doc = modelled_document()
    other = copy.deepcopy(doc["projects"][0])
    other.update(key="annan", scores=[], checklist_confirmations=[])
    doc["projects"].append(other)
    assert validate_document(doc) == []


def test_a_link_to_a_malformed_key_reports_the_key_only():
    assert list(model_errors(_rename("R1"))) == [f"{LM}.elements[0].key"]


def test_a_renamed_element_leaves_the_links_to_its_old_key_unresolved():
    errors = model_errors(_set(("elements", 2, "key"), "s2"))
    assert errors == {f"{LM}.links[1].to": "no element has the key 's1'",
                      f"{LM}.links[3].from": "no element has the key 's1'"}


def test_the_baseline_may_be_null_and_its_time_unknown():
    def change(model):
        model["baseline"]["frozen_at"] = None
    assert model_errors(change) == {}
    assert model_errors(_set(("baseline",), None)) == {}


def test_computed_findings_are_not_checked():
    assert model_errors(_set(("computed",), {"findings": "anything", "more": [1]})) == {}


def test_a_personnummer_in_an_element_text_is_refused():
    errors = model_errors(_set(("elements", 1, "text"), "Gäller 19121212-1212"))
    assert list(errors) == [f"{LM}.elements[1].text"]
    assert "personal identity number" in errors[f"{LM}.elements[1].text"]


# --- need_areas ----------------------------------------------------------------------------

#: Flow counts as a flow analysis stores them (see models.need_areas.flow_to_json).
FLOW_COUNTS = {
    "events": 6, "individuals": 3, "placements": 5, "replacements": 2, "replaced": 2,
    "open_care": 1,
    "transitions": [["family_home", "hvb", 1], ["hvb", "none", 1], ["none", "sis", 1]],
    "paths": [[["family_home", "hvb"], 1], [["hvb", "none", "sis"], 1], [["emergency_home"], 1]],
    "groups": [["from_family_or_emergency_home", 1, 1], ["from_hvb_or_sis", 0, 0],
               ["via_no_placement", 1, 0]],
}


def geojson() -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"namn": name},
         "geometry": {"type": "Point", "coordinates": [18.0 + i, 59.3]}}
        for i, name in enumerate(("Norr", "Söder"))
    ]}


def need_area() -> dict:
    """A need area with every kind of evidence, as an export writes it."""
    return {
        "key": "fallskador", "title": "Fallskador bland äldre", "description": "…",
        "status": "anchored",
        "indicators": [{
            "key": "sjukhusvard", "name": "Fallolyckor med sjukhusvård", "unit": "per 1 000",
            "year": 2023, "value": "23.45", "comparison_value": "19", "source": "Socialstyrelsen",
            "breakdowns": [{"dimension": "sex", "category": "Kvinnor", "value": "27.0001"},
                           {"dimension": "sex", "category": "Män", "value": "-0.5"},
                           {"dimension": "age", "category": "80+", "value": "41"}],
            "comparison_label": "Liknande kommuner",
        }],
        "outcome": "Färre fallolyckor", "target_group": "Äldre", "raised_by_kind": "department",
        "raised_by": "Äldreomsorgen", "department": "soc",
        "data_sources": [{"name": "Patientregistret", "kind": "register",
                          "holder": "Socialstyrelsen", "level": "individual",
                          "legal_limits": "Sekretessprövning", "note": ""}],
        "qualitative_sources": [{"title": "Intervjuer", "method": "focus_group",
                                 "conducted_on": "2024-09-12", "participants": "12 personer",
                                 "summary": "Mattor och trösklar."}],
        "ses_analyses": [{
            "title": "Index per område", "year": 2023, "outcome_label": "Fall per 1 000",
            "name_property": "namn", "geojson": geojson(), "created_at": "2025-02-01T09:30:15Z",
            "created_by": "anna@example.se",
            "areas": [{"area": "Norr", "education": "62.5", "employment": "81",
                       "nordic_born": "85", "income": "412000", "outcome": "21.05"},
                      {"area": "Söder", "education": "48", "employment": "77",
                       "nordic_born": "79", "income": "351500", "outcome": None}],
        }],
        "flow_analyses": [{"title": "Placeringar", "period": "2023",
                           "created_at": "2025-02-02T10:00:00Z", "created_by": "bo@example.se",
                           "counts": copy.deepcopy(FLOW_COUNTS)}],
    }


def needs_document() -> dict:
    doc = good_document()
    doc["need_areas"] = [need_area()]
    doc["projects"][0]["need_areas"] = ["fallskador"]
    return doc


def need_errors(change) -> dict[str, str]:
    """The errors of the document after ``change(area)`` on need_areas[0]."""
    doc = needs_document()
    change(doc["need_areas"][0])
    return errors_of(doc)


NA = "need_areas[0]"
IND = ("indicators", 0)
SES = ("ses_analyses", 0)
COUNTS = ("flow_analyses", 0, "counts")
TOO_BIG = "x" * (10 * 1024 * 1024)


def test_need_areas_with_all_their_evidence_pass():
    assert validate_document(needs_document()) == []


def test_a_minimal_need_area_passes():
    doc = good_document()
    doc["need_areas"] = [{"key": "ensamhet", "title": "Ofrivillig ensamhet"}]
    doc["projects"][0]["need_areas"] = ["ensamhet"]
    assert validate_document(doc) == []


def test_need_areas_are_stored_now():
    from models.exchange.schema import TOP_LEVEL_NOT_STORED

    assert "need_areas" not in TOP_LEVEL_NOT_STORED


def _with_counts(**changes):
    def change(area):
        area["flow_analyses"][0]["counts"].update(changes)
    return change


def _feature(i: int, **changes):
    def change(area):
        area["ses_analyses"][0]["geojson"]["features"][i].update(changes)
    return change


@pytest.mark.parametrize(("change", "path", "message"), [
    (_set(("title",), " "), "title", "must not be empty"),
    (_set(("title",), "t" * 201), "title", "is longer than 200 characters"),
    (_delete(("title",)), "title", "is required"),
    (_set(("description",), 5), "description", "must be a string"),
    (_set(("status",), "done"), "status", ENUMERATION + "raised, verified, anchored"),
    (_set(("raised_by_kind",), "mayor"), "raised_by_kind",
     ENUMERATION + "department, school, authority, police, civil_society, citizens, other"),
    (_set(("raised_by",), "r" * 201), "raised_by", "is longer than 200 characters"),
    (_set(("department",), "kultur"), "department", "no department has the key 'kultur'"),
    (_set(("colour",), "red"), "colour", "is not a known key"),
    (_set(("indicators",), {}), "indicators", "must be an array"),
    (_set((*IND, "key"), "I 1"), "indicators[0].key",
     "is not a valid key (lower-case letters a–z, digits and hyphens, at most 60 characters)"),
    (_delete((*IND, "name")), "indicators[0].name", "is required"),
    (_set((*IND, "name"), "n" * 201), "indicators[0].name", "is longer than 200 characters"),
    (_set((*IND, "unit"), "u" * 41), "indicators[0].unit", "is longer than 40 characters"),
    (_set((*IND, "year"), 1899), "indicators[0].year", "must be between 1900 and 2100"),
    (_set((*IND, "year"), 2101), "indicators[0].year", "must be between 1900 and 2100"),
    (_set((*IND, "year"), "2023"), "indicators[0].year", "must be a whole number"),
    (_set((*IND, "value"), "1.00001"), "indicators[0].value", "has more than 4 decimals"),
    (_set((*IND, "value"), "10000000000"), "indicators[0].value", "is too large"),
    (_set((*IND, "value"), 23.45), "indicators[0].value",
     'must be a decimal number in a string, like "1250000.00"'),
    (_set((*IND, "comparison_value"), "-10000000000.0"), "indicators[0].comparison_value",
     "is too large"),
    (_set((*IND, "comparison_label"), "c" * 201), "indicators[0].comparison_label",
     "is longer than 200 characters"),
    (_set((*IND, "kind"), "outcome"), "indicators[0].kind", "is not a known key"),
    (_set((*IND, "breakdowns", 0, "dimension"), "gender"), "indicators[0].breakdowns[0].dimension",
     ENUMERATION + "sex, age, ses, area, other"),
    (_set((*IND, "breakdowns", 0, "category"), ""), "indicators[0].breakdowns[0].category",
     "must not be empty"),
    (_set((*IND, "breakdowns", 0, "category"), "c" * 101),
     "indicators[0].breakdowns[0].category", "is longer than 100 characters"),
    (_delete((*IND, "breakdowns", 0, "value")), "indicators[0].breakdowns[0].value",
     "is required"),
    (_set((*IND, "breakdowns", 0, "value"), None), "indicators[0].breakdowns[0].value",
     'must be a decimal number in a string, like "1250000.00"'),
    (_set((*IND, "breakdowns", 0, "value"), "0.12345"), "indicators[0].breakdowns[0].value",
     "has more than 4 decimals"),
    (_set((*IND, "breakdowns", 1, "category"), "kvinnor"),
     "indicators[0].breakdowns[1].category",
     f"the category 'kvinnor' of sex is given twice (also at {NA}.indicators[0].breakdowns[0]"
     ".category)"),
    (_set(("data_sources", 0, "kind"), "database"), "data_sources[0].kind",
     ENUMERATION + "national_report, own_system, register, survey, other"),
    (_set(("data_sources", 0, "level"), "person"), "data_sources[0].level",
     ENUMERATION + "individual, aggregate"),
    (_delete(("data_sources", 0, "name")), "data_sources[0].name", "is required"),
    (_set(("data_sources", 0, "holder"), "h" * 201), "data_sources[0].holder",
     "is longer than 200 characters"),
    (_set(("qualitative_sources", 0, "method"), "survey"), "qualitative_sources[0].method",
     ENUMERATION + "interview, focus_group, observation, user_survey, other"),
    (_set(("qualitative_sources", 0, "conducted_on"), "2024-13-01"),
     "qualitative_sources[0].conducted_on", "must be a date written YYYY-MM-DD"),
    (_set(("qualitative_sources", 0, "participants"), "p" * 501),
     "qualitative_sources[0].participants", "is longer than 500 characters"),
    (_set(("qualitative_sources", 0, "title"), ""), "qualitative_sources[0].title",
     "must not be empty"),
    (_set((*SES, "year"), 1800), "ses_analyses[0].year", "must be between 1900 and 2100"),
    (_set((*SES, "created_at"), "2025-02-01"), "ses_analyses[0].created_at",
     "must be a time in UTC written YYYY-MM-DDTHH:MM:SSZ"),
    (_set((*SES, "created_by"), "c" * 255), "ses_analyses[0].created_by",
     "is longer than 254 characters"),
    (_set((*SES, "name_property"), "p" * 101), "ses_analyses[0].name_property",
     "is longer than 100 characters"),
    (_delete((*SES, "areas")), "ses_analyses[0].areas", "is required"),
    (_set((*SES, "areas", 1, "area"), "Norr"), "ses_analyses[0].areas[1].area",
     f"'Norr' is used twice (also at {NA}.ses_analyses[0].areas[0].area)"),
    (_set((*SES, "areas", 0, "income"), "many"), "ses_analyses[0].areas[0].income",
     'must be a decimal number in a string, like "1250000.00"'),
    (_delete((*SES, "areas", 0, "education")), "ses_analyses[0].areas[0].education",
     "is required"),
    (_set((*SES, "areas", 0, "outcome"), "1e3"), "ses_analyses[0].areas[0].outcome",
     'must be a decimal number in a string, like "1250000.00"'),
    (_set((*SES, "areas", 0, "index"), "5"), "ses_analyses[0].areas[0].index",
     "is not a known key"),
    (_set((*SES, "geojson"), "{}"), "ses_analyses[0].geojson", "must be an object"),
    (_set((*SES, "geojson"), {"type": "FeatureCollection"}), "ses_analyses[0].geojson.features",
     "must be an array of the features (the areas' boundaries)"),
    (_set((*SES, "geojson"), {"type": "FeatureCollection", "features": [], "x": TOO_BIG}),
     "ses_analyses[0].geojson", "is larger than 10 MB"),
    (_feature(1, properties={"name": "Söder"}), "ses_analyses[0].geojson.features[1]",
     "has no geometry or no property 'namn' naming its area"),
    (_feature(0, geometry=None), "ses_analyses[0].geojson.features[0]",
     "has no geometry or no property 'namn' naming its area"),
    (_feature(1, properties={"namn": "Väster"}), "ses_analyses[0].geojson",
     "has no feature for the areas Söder"),
    (_delete(("flow_analyses", 0, "counts")), "flow_analyses[0].counts", "is required"),
    (_set(("flow_analyses", 0, "counts"), "{}"), "flow_analyses[0].counts",
     "must be an object"),
    (_set(("flow_analyses", 0, "period"), "p" * 101), "flow_analyses[0].period",
     "is longer than 100 characters"),
    (_delete((*COUNTS, "transitions")), "flow_analyses[0].counts.transitions", "is required"),
    (_with_counts(events=-1), "flow_analyses[0].counts.events",
     "must be between 0 and 2147483647"),
    (_with_counts(people=3), "flow_analyses[0].counts.people", "is not a known key"),
    (_with_counts(transitions=[["hvb", "sis"]]), "flow_analyses[0].counts.transitions[0]",
     "must be an array [source, target, count]"),
    (_with_counts(transitions=[["hvb", "home", 1]]), "flow_analyses[0].counts.transitions[0][1]",
     ENUMERATION + "hvb, sis, family_home, emergency_home, none"),
    (_with_counts(transitions=[["hvb", "sis", 1.5]]),
     "flow_analyses[0].counts.transitions[0][2]", "must be a whole number"),
    (_with_counts(transitions=[["hvb", "sis", 1], ["hvb", "sis", 2]]),
     "flow_analyses[0].counts.transitions[1]",
     f"the transition from 'hvb' to 'sis' is given twice (also at {NA}.flow_analyses[0].counts"
     ".transitions[0])"),
    (_with_counts(paths=[[[], 1]]), "flow_analyses[0].counts.paths[0][0]",
     "must be an array of placement types, not empty"),
    (_with_counts(paths=[[["hvb", "jail"], 1]]), "flow_analyses[0].counts.paths[0][0][1]",
     ENUMERATION + "hvb, sis, family_home, emergency_home, none"),
    (_with_counts(paths=[[["hvb"], -2]]), "flow_analyses[0].counts.paths[0][1]",
     "must be between 0 and 2147483647"),
    (_with_counts(paths=[[["hvb"], 1], [["hvb"], 1]]), "flow_analyses[0].counts.paths[1]",
     f"the path is given twice (also at {NA}.flow_analyses[0].counts.paths[0])"),
    (_with_counts(groups=FLOW_COUNTS["groups"][::-1]), "flow_analyses[0].counts.groups",
     "must list the groups from_family_or_emergency_home, from_hvb_or_sis, via_no_placement "
     "once each, in this order"),
    (_with_counts(groups=[["from_family_or_emergency_home", 1, 2], *FLOW_COUNTS["groups"][1:]]),
     "flow_analyses[0].counts.groups[0][2]", "is above the group's count"),
    (_with_counts(groups=[["group_1", 1, 1], *FLOW_COUNTS["groups"][1:]]),
     "flow_analyses[0].counts.groups[0][0]",
     ENUMERATION + "from_family_or_emergency_home, from_hvb_or_sis, via_no_placement"),
])
def test_a_bad_value_in_a_need_area_is_named_by_its_path(change, path, message):
    assert need_errors(change) == {f"{NA}.{path}": message}


def test_a_malformed_need_area_key_is_reported_once():
    doc = needs_document()
    doc["need_areas"][0]["key"] = "Fallskador"
    doc["projects"][0]["need_areas"] = ["Fallskador"]
    assert errors_of(doc) == {f"{NA}.key": "is not a valid key (lower-case letters a–z, digits "
                                           "and hyphens, at most 60 characters)"}


def test_a_need_area_without_key_cannot_be_referred_to():
    assert need_errors(_delete(("key",))) == {
        f"{NA}.key": "is required",
        "projects[0].need_areas[0]": "no need area has the key 'fallskador'",
    }


def test_an_ses_analysis_needs_two_areas():
    def change(area):
        del area["ses_analyses"][0]["areas"][1]
        area["ses_analyses"][0]["geojson"] = None
    assert need_errors(change) == {
        f"{NA}.ses_analyses[0].areas": "the socio-economic index needs at least two areas"}


def test_need_area_keys_are_unique_and_indicator_keys_unique_within_their_area():
    doc = needs_document()
    second = need_area()
    second["indicators"].append(copy.deepcopy(second["indicators"][0]))
    doc["need_areas"].append(second)
    third = need_area()
    third["key"] = "annat-behov"
    doc["need_areas"].append(third)
    assert errors_of(doc) == {
        "need_areas[1].key": "'fallskador' is used twice (also at need_areas[0].key)",
        "need_areas[1].indicators[1].key":
            "'sjukhusvard' is used twice (also at need_areas[1].indicators[0].key)",
    }


def test_a_category_may_repeat_in_another_dimension_and_an_area_in_another_analysis():
    def change(area):
        area["indicators"][0]["breakdowns"].append(
            {"dimension": "area", "category": "Kvinnor", "value": "1"})
        area["ses_analyses"].append(copy.deepcopy(area["ses_analyses"][0]))
    assert need_errors(change) == {}


def test_a_projects_need_areas_must_name_need_areas_of_the_document_once():
    doc = needs_document()
    doc["projects"][0]["need_areas"] = ["fallskador", "okant", "fallskador", 7]
    assert errors_of(doc) == {
        "projects[0].need_areas[1]": "no need area has the key 'okant'",
        "projects[0].need_areas[2]": "'fallskador' is listed twice",
        "projects[0].need_areas[3]": "must be a key in a string",
    }


def test_optional_parts_of_an_analysis_may_be_null_or_left_out():
    def change(area):
        analysis = area["ses_analyses"][0]
        analysis["geojson"] = None
        analysis["created_at"] = None
        del analysis["name_property"], analysis["year"]
        del area["flow_analyses"][0]["created_at"]
        area["indicators"][0].update(value=None, comparison_value=None, year=None)
    assert need_errors(change) == {}


def test_the_geojson_is_checked_against_the_analysis_only_when_its_name_property_is_valid():
    errors = need_errors(_set((*SES, "name_property"), ""))
    assert errors == {f"{NA}.ses_analyses[0].name_property": "must not be empty"}


def test_a_personnummer_in_a_qualitative_summary_is_refused():
    errors = need_errors(_set(("qualitative_sources", 0, "summary"),
                              "Intervju med 19121212-1212 om fallet"))
    path = f"{NA}.qualitative_sources[0].summary"
    assert list(errors) == [path]
    assert "personal identity number" in errors[path] and "1212" not in errors[path]


def test_a_personnummer_in_a_geojson_property_is_refused():
    errors = need_errors(_feature(0, properties={"namn": "Norr", "ägare": "8112189876"}))
    assert list(errors) == [f"{NA}.ses_analyses[0].geojson.features[0].properties.ägare"]


def test_ledger_overrides_need_a_reason_and_plans_are_checked():
    doc = good_document()
    doc["funds"][0]["ledger"][0].update({"override": True, "override_reason": " "})
    doc["funds"][0]["plan"] = [
        {"year": 2026, "kind": "allocation", "amount": "10.00"},
        {"year": 2027, "kind": "repayment", "amount": "-1.00", "project": "nope"},
    ]
    errors = errors_of(doc)
    assert errors["funds[0].ledger[0].override_reason"] == "an override needs its recorded reason"
    assert "funds[0].plan[0].kind" in errors
    assert "funds[0].plan[1].amount" in errors
    assert errors["funds[0].plan[1].project"] == "no project has the key 'nope'"
    doc["funds"][0]["ledger"][0]["override_reason"] = "KS beslut 2024-02-20 § 12"
    doc["funds"][0]["plan"] = [{"year": 2026, "kind": "disbursement", "amount": "10.00",
                                "project": "fall"}]
    assert errors_of(doc) == {}


# --- calls, answers, screening, feedback letters and decisions -----------------------------


def proposals_document() -> dict:
    """A need-based call and a direct assignment, and a proposal to the first with everything
    it can have: answers, a screening, a letter and a decision linked to the ledger."""
    doc = good_document()
    doc["need_areas"] = [{"key": "fallskador", "title": "Fallskador bland äldre"}]
    doc["calls"] = [
        {"key": "behov-2025", "title": "Utlysning 2025", "kind": "need_based",
         "fund": "si-fond", "description": "", "opens": "2024-09-01", "closes": "2024-10-31",
         "decision_expected": "2024-12-15", "department": None, "criteria": ["behov"],
         "need_areas": ["fallskador"],
         "questions": [{"position": 1, "text": "Hur når ni målgruppen?", "guidance": "",
                        "required": True},
                       {"position": 2, "text": "Vem tar över?", "guidance": "Efter projektet.",
                        "required": False}]},
        {"key": "uppdrag", "title": "Uppdrag", "kind": "direct", "fund": "si-fond",
         "opens": "2024-11-01", "closes": "2024-11-01", "department": "utb"},
    ]
    project = doc["projects"][0]
    project["target_group"].update(diagnosis="", risk_factor="Tidigare fall",
                                   geography="Norr och Söder",
                                   current_intervention="Hemtjänst")
    project.update({
        "call": "behov-2025",
        "answers": [{"question": 1, "text": "Via hemtjänsten."},
                    {"question": 2, "text": "Äldreomsorgen."}],
        "screening": {
            "status": "passed", "reason": "", "completion_request": "", "requested_at": None,
            "completed_at": None, "risk_level": "medium", "complexity": "low", "note": "",
            "screened_by": "anna@example.se", "screened_at": "2024-11-05T14:00:30Z",
            "must_checks": [{"criterion": "behov", "passed": True, "note": ""}],
        },
        "feedback_letter": {
            "status": "sent", "opening": "Tack.", "strengths": "", "weaknesses": "",
            "improvements": "", "closing": "", "signed_by": "Anna",
            "drafted_at": "2024-12-01T08:00:00Z", "sent_at": "2024-12-02T09:00:00Z",
            "sent_by": "anna@example.se",
        },
        "decisions": [{
            "body": "ks", "body_name": "Kommunstyrelsen", "decided_on": "2024-03-01",
            "reference": "KS § 4", "outcome": "approved", "amount": "1500000.00",
            "conditions": "", "recorded_by": "anna@example.se",
            "recorded_at": "2024-03-01T10:00:00Z",
            "ledger_entry": {"fund": "si-fond", "index": 0}, "stage_change": 0,
        }],
    })
    return doc


def proposal_errors(change) -> dict[str, str]:
    doc = proposals_document()
    change(doc)
    return errors_of(doc)


CALL = ("calls", 0)
P = ("projects", 0)


def test_calls_and_proposals_with_everything_pass():
    assert validate_document(proposals_document()) == []


def test_a_minimal_call_and_proposal_pass():
    doc = good_document()
    doc["calls"] = [{"key": "c", "title": "C", "fund": "si-fond", "opens": "2025-01-01",
                     "closes": "2025-01-01", "questions": [{"position": 3, "text": "Q?"}]}]
    doc["projects"][0].update(call="c", answers=[{"question": 3}], screening={},
                              feedback_letter={},
                              decisions=[{"body": "board", "decided_on": "2025-02-01",
                                          "outcome": "rejected"}])
    assert validate_document(doc) == []


@pytest.mark.parametrize(("change", "path", "message"), [
    (_set((*CALL, "closes"), "2024-08-31"), "calls[0].closes", "is before opens"),
    (_set((*CALL, "opens"), "2024-13-01"), "calls[0].opens",
     "must be a date written YYYY-MM-DD"),
    (_delete((*CALL, "closes")), "calls[0].closes", "is required"),
    (_set((*CALL, "decision_expected"), "2024-10-30"), "calls[0].decision_expected",
     "is before closes"),
    (_set((*CALL, "kind"), "closed"), "calls[0].kind",
     ENUMERATION + "open, need_based, direct"),
    (_set(("calls", 1, "key"), "behov-2025"), "calls[1].key",
     "'behov-2025' is used twice (also at calls[0].key)"),
    (_set((*CALL, "title"), " "), "calls[0].title", "must not be empty"),
    (_set((*CALL, "fund"), "annan-fond"), "calls[0].fund", "no fund has the key 'annan-fond'"),
    (_delete((*CALL, "fund")), "calls[0].fund", "is required"),
    (_set((*CALL, "criteria"), ["behov", "okand"]), "calls[0].criteria[1]",
     "no criterion has the key 'okand'"),
    (_set((*CALL, "criteria"), ["behov", "behov"]), "calls[0].criteria[1]",
     "'behov' is listed twice"),
    (_set((*CALL, "need_areas"), ["placerade-unga"]), "calls[0].need_areas[0]",
     "no need area has the key 'placerade-unga'"),
    (_set((*CALL, "need_areas"), []), "calls[0].need_areas",
     "a call based on need areas must name at least one need area"),
    (_delete((*CALL, "need_areas")), "calls[0].need_areas",
     "a call based on need areas must name at least one need area"),
    (_set(("calls", 1, "department"), None), "calls[1].department",
     "a direct assignment must name the department it is given to"),
    (_set(("calls", 1, "department"), "kultur"), "calls[1].department",
     "no department has the key 'kultur'"),
    (_set((*CALL, "department"), "soc"), "calls[0].department",
     "only a direct assignment names a department (leave it null)"),
    (_set((*CALL, "questions", 1, "position"), 1), "calls[0].questions[1].position",
     "question 1 is given twice (also at calls[0].questions[0].position)"),
    (_set((*CALL, "questions", 0, "position"), 0), "calls[0].questions[0].position",
     "must be between 1 and 2147483647"),
    (_set((*CALL, "questions", 0, "position"), "1"), "calls[0].questions[0].position",
     "must be a whole number"),
    (_set((*CALL, "questions", 0, "text"), ""), "calls[0].questions[0].text",
     "must not be empty"),
    (_set((*CALL, "questions", 0, "text"), "q" * 2001), "calls[0].questions[0].text",
     "is longer than 2000 characters"),
    (_set((*CALL, "questions", 0, "required"), "yes"), "calls[0].questions[0].required",
     "must be true or false"),
    (_set((*CALL, "questions", 0, "number"), 1), "calls[0].questions[0].number",
     "is not a known key"),
    (_set((*P, "call"), "okand"), "projects[0].call", "no call has the key 'okand'"),
    (_set((*P, "target_group", "diagnosis"), None), "projects[0].target_group.diagnosis",
     "must be a string"),
    (_set((*P, "answers", 1, "question"), 7), "projects[0].answers[1].question",
     "the call 'behov-2025' has no question 7"),
    (_set((*P, "answers", 1, "question"), 1), "projects[0].answers[1].question",
     "question 1 is answered twice (also at projects[0].answers[0].question)"),
    (_set((*P, "answers", 0, "text"), "a" * 20001), "projects[0].answers[0].text",
     "is longer than 20000 characters"),
    (_set((*P, "call"), None), "projects[0].answers", "the project answers no call"),
    (_set((*P, "screening", "status"), "failed"), "projects[0].screening.status",
     ENUMERATION + "pending, completion_requested, passed, set_aside"),
    (_set((*P, "screening", "status"), "set_aside"), "projects[0].screening.reason",
     "a proposal set aside needs the reason"),
    (_set((*P, "screening", "requested_at"), "2024-11-05"), "projects[0].screening.requested_at",
     "must be a time in UTC written YYYY-MM-DDTHH:MM:SSZ"),
    (_set((*P, "screening", "risk_level"), "extreme"), "projects[0].screening.risk_level",
     ENUMERATION + "low, medium, high"),
    (_set((*P, "screening", "must_checks", 0, "criterion"), "okand"),
     "projects[0].screening.must_checks[0].criterion", "no criterion has the key 'okand'"),
    (_delete((*P, "screening", "must_checks", 0, "passed")),
     "projects[0].screening.must_checks[0].passed", "is required"),
    (_set((*P, "screening", "must_checks", 0, "passed"), 1),
     "projects[0].screening.must_checks[0].passed", "must be true or false"),
    (_set((*P, "screening"), []), "projects[0].screening", "must be an object"),
    (_set((*P, "feedback_letter", "status"), "posted"), "projects[0].feedback_letter.status",
     ENUMERATION + "draft, sent"),
    (_set((*P, "feedback_letter", "sent_at"), "igår"), "projects[0].feedback_letter.sent_at",
     "must be a time in UTC written YYYY-MM-DDTHH:MM:SSZ"),
    (_set((*P, "feedback_letter", "signed_by"), "s" * 201),
     "projects[0].feedback_letter.signed_by", "is longer than 200 characters"),
    (_set((*P, "decisions", 0, "outcome"), "postponed"), "projects[0].decisions[0].outcome",
     ENUMERATION + "prioritised, approved, rejected"),
    (_set((*P, "decisions", 0, "body"), "kf"), "projects[0].decisions[0].body",
     ENUMERATION + "ks, board, management"),
    (_delete((*P, "decisions", 0, "decided_on")), "projects[0].decisions[0].decided_on",
     "is required"),
    (_set((*P, "decisions", 0, "amount"), "-1.00"), "projects[0].decisions[0].amount",
     "must be at least 0"),
    (_set((*P, "decisions", 0, "amount"), 1500000), "projects[0].decisions[0].amount",
     'must be a decimal number in a string, like "1250000.00"'),
    (_set((*P, "decisions", 0, "reference"), "r" * 101), "projects[0].decisions[0].reference",
     "is longer than 100 characters"),
    (_set((*P, "decisions", 0, "recorded_at"), "2024-03-01T10:00:00+01:00"),
     "projects[0].decisions[0].recorded_at",
     "must be a time in UTC written YYYY-MM-DDTHH:MM:SSZ"),
    (_set((*P, "decisions", 0, "ledger_entry", "fund"), "annan"),
     "projects[0].decisions[0].ledger_entry.fund", "no fund has the key 'annan'"),
    (_set((*P, "decisions", 0, "ledger_entry", "index"), 1),
     "projects[0].decisions[0].ledger_entry.index", "the fund 'si-fond' has no ledger entry 1"),
    (_set((*P, "decisions", 0, "ledger_entry", "index"), -1),
     "projects[0].decisions[0].ledger_entry.index", "must be between 0 and 2147483647"),
    (_delete((*P, "decisions", 0, "ledger_entry", "index")),
     "projects[0].decisions[0].ledger_entry.index", "is required"),
    (_set(("funds", 0, "ledger", 0, "project"), None), "projects[0].decisions[0].ledger_entry",
     "funds[0].ledger[0] is not an entry of this project"),
    (_set((*P, "decisions", 0, "stage_change"), 1), "projects[0].decisions[0].stage_change",
     "the project's stage_history has no item 1"),
    (_set((*P, "decisions", 0, "stage"), "approved"), "projects[0].decisions[0].stage",
     "is not a known key"),
])
def test_a_bad_value_of_a_call_or_proposal_is_named_by_its_path(change, path, message):
    assert proposal_errors(change) == {path: message}


def test_a_call_in_another_document_order_is_still_found_by_its_proposals():
    doc = proposals_document()
    ordered = {"projects": doc.pop("projects"), **doc}
    assert validate_document(ordered) == []


def test_the_answers_to_an_unknown_call_are_not_checked_against_questions():
    def change(doc):
        doc["projects"][0]["call"] = "okand"
        doc["projects"][0]["answers"][0]["question"] = 9
    assert proposal_errors(change) == {"projects[0].call": "no call has the key 'okand'"}


def test_a_personnummer_in_a_letter_is_refused():
    errors = proposal_errors(_set((*P, "feedback_letter", "strengths"),
                                  "Gäller 19121212-1212"))
    assert list(errors) == ["projects[0].feedback_letter.strengths"]


def test_a_malformed_call_key_is_reported_once():
    def change(doc):
        doc["calls"][0]["key"] = "Behov 2025"
        doc["projects"][0]["call"] = "Behov 2025"
    assert proposal_errors(change) == {
        "calls[0].key": "is not a valid key (lower-case letters a–z, digits and hyphens, at most "
                        "60 characters)",
        "projects[0].call": "is not a valid key (lower-case letters a–z, digits and hyphens, at "
                            "most 60 characters)",
    }


# --- the design of an initiative ----------------------------------------------------------


def design_document() -> dict:
    """The good document with a logic model, the organisation's 3 × 3 matrix and a full design."""
    doc = good_document()
    doc["risk_matrix"] = [{
        "likelihood_max": 3, "impact_max": 3,
        "likelihood_labels": ["Låg", "Medel", "Hög"], "impact_labels": ["Liten", "Medel", "Stor"],
        "low_max": 1, "medium_max": 4,
        "colours": {"low": {"background": "#a6d96a", "text": "#1b1b1b"},
                    "medium": {"background": "#fee08b", "text": "#1b1b1b"},
                    "high": {"background": "#c0392b", "text": "#ffffff"}},
        "created_at": "2025-01-01T08:00:00Z", "created_by": "anna@example.se",
    }]
    project = doc["projects"][0]
    project["logic_model"] = {
        "elements": [
            {"key": "a1", "level": "activity", "text": "Träning",
             "indicators": [{"key": "p1", "name": "Tillfällen", "kind": "process"}]},
            {"key": "s1", "level": "short_term", "text": "Bättre balans",
             "indicators": [{"key": "o1", "name": "Andel som faller", "unit": "percent"}]},
        ],
        "links": [{"from": "a1", "to": "s1"}],
    }
    project.update({
        "risks": [
            {"key": "k1", "description": "Personalen slutar", "likelihood": 3, "impact": 2,
             "action": "Dubbelbemanna", "owner": "Bo", "harms_individual": False,
             "status": "open", "kind": "threat", "review_on": "2025-06-30", "element": "a1",
             "computed": {"score": 6, "priority": "high"}},
            {"key": "k2", "description": "Fler remisser", "likelihood": 1, "impact": 1,
             "kind": "opportunity"},
        ],
        "risk_scale": {"likelihood_max": 3, "impact_max": 3},
        "stop_criteria": [{"text": "Fallen ökar", "indicator": "o1", "kind": "indicator",
                           "threshold": "25"},
                          {"text": "Budgeten överskrids", "kind": "budget", "threshold": "0.1"}],
        "evaluation_plan": {
            "comparison": "matching", "outcome": "proportion", "baseline_proportion": "0.55",
            "sd": None, "expected_effect": "-0.15", "alpha": "0.05", "power": "0.80",
            "n_intervention": 60, "n_comparison": 60,
            "success_criteria": [{"indicator": "o1", "min_effect": "-0.1"}],
            "comparison_details": {"matching_variables": "Ålder och kön"},
            "guided_answers": {"randomise": "no", "similar_group": "yes"},
            "power_indicator": "o1", "evaluator_kind": "external", "evaluator": "FoU",
            "evaluator_contacted_on": "2024-12-01", "evaluation_budget": "150000.00",
            "effect_measured_on": "2026-06-30", "baseline_plan": "Mätning vid start",
            "expectations": [{"indicator": "o1", "expected_effect": "-0.15",
                              "basis": "research", "basis_note": "", "agreed_by": "Styrgruppen",
                              "agreed_on": "2025-02-01"}],
            "computed": {"mde": "0.24", "n_per_group_for_expected_effect": 170},
        },
        "risk_snapshots": [{"taken_at": "2025-03-04T11:00:00Z", "reason": "Beslut",
                            "data": {"scale": {"likelihood_max": 3, "impact_max": 3,
                                               "low_max": 1, "medium_max": 4},
                                     "risks": [{"key": "k1", "likelihood": 3, "impact": 2,
                                                "score": 6, "priority": "high"}]}}],
        "organisation": {
            "people": [{"role": "owner", "name": "Anna", "affiliation": "Soc", "task": ""}],
            "escalation": "Till styrgruppen", "other_resources": "", "check_in_months": 2,
            "reporting": [{"activity": "Träning", "frequency": "Varje vecka"}],
            "check_ins": [{"planned_on": "2025-05-01", "topic": "Uppstart"}],
            "communication": [{"audience": "KS", "message": "Resultat"}],
        },
    })
    return doc


def test_a_full_design_passes():
    assert validate_document(design_document()) == []


def test_risk_levels_must_lie_on_the_scale():
    doc = design_document()
    risks = doc["projects"][0]["risks"]
    risks[0]["likelihood"] = 4
    risks[1]["impact"] = 0
    risks[1]["likelihood"] = "2"
    assert errors_of(doc) == {
        "projects[0].risks[0].likelihood": "must be between 1 and 3",
        "projects[0].risks[1].impact": "must be between 1 and 3",
        "projects[0].risks[1].likelihood": "must be a whole number",
    }


def test_the_project_scale_must_be_the_one_in_force():
    doc = design_document()
    doc["projects"][0]["risk_scale"] = {"likelihood_max": 5, "impact_max": 5}
    assert errors_of(doc) == {"projects[0].risk_scale": (
        "must be the risk scale in force, 3 × 3: the last version of risk_matrix")}


def test_without_a_matrix_the_projects_share_one_scale():
    doc = design_document()
    del doc["risk_matrix"]
    other = copy.deepcopy(doc["projects"][0])
    other["key"] = "annan"
    other["risk_scale"] = {"likelihood_max": 5, "impact_max": 5}
    other.update(scores=[], checklist_confirmations=[])
    doc["projects"].append(other)
    assert errors_of(doc) == {"projects[1].risk_scale": (
        "must be the organisation's risk scale, 3 × 3 as in projects[0].risk_scale: the "
        "organisation has one risk scale")}


def test_without_a_matrix_or_a_project_scale_risks_use_the_default_scale():
    doc = design_document()
    del doc["risk_matrix"]
    del doc["projects"][0]["risk_scale"]
    doc["projects"][0]["risks"][0]["likelihood"] = 5
    assert validate_document(doc) == []
    doc["projects"][0]["risks"][0]["likelihood"] = 6
    assert list(errors_of(doc)) == ["projects[0].risks[0].likelihood"]


def test_risk_keys_enumerations_dates_and_elements_are_checked():
    doc = design_document()
    risks = doc["projects"][0]["risks"]
    risks[1]["key"] = "k1"
    risks[0]["kind"] = "hot"
    risks[0]["status"] = "done"
    risks[0]["review_on"] = "2025-02-30"
    risks[0]["element"] = "x9"
    risks[1]["description"] = "  "
    risks[1]["harms_individual"] = "ja"
    assert errors_of(doc) == {
        "projects[0].risks[1].key": "'k1' is used twice (also at projects[0].risks[0].key)",
        "projects[0].risks[0].kind": "must be one of: threat, opportunity",
        "projects[0].risks[0].status": "must be one of: open, closed",
        "projects[0].risks[0].review_on": "must be a date written YYYY-MM-DD",
        "projects[0].risks[0].element": "no element of the project's logic model has the key "
                                        "'x9'",
        "projects[0].risks[1].description": "must not be empty",
        "projects[0].risks[1].harms_individual": "must be true or false",
    }


def test_a_risk_key_longer_than_its_column_is_refused():
    doc = design_document()
    doc["projects"][0]["risks"][0]["key"] = "k" * 21
    assert list(errors_of(doc)) == ["projects[0].risks[0].key"]


def test_success_criteria_need_an_outcome_indicator_of_the_model():
    doc = design_document()
    plan = doc["projects"][0]["evaluation_plan"]
    plan["success_criteria"] = [{"indicator": "p1", "min_effect": "-0.1"},
                                {"indicator": "zz", "min_effect": "-0.1"},
                                {"indicator": "o1", "min_effect": "minus"},
                                {"indicator": "o1", "min_effect": "-0.2"}]
    assert errors_of(doc) == {
        "projects[0].evaluation_plan.success_criteria[0].indicator": (
            "'p1' is a process indicator: a success criterion needs an outcome indicator"),
        "projects[0].evaluation_plan.success_criteria[1].indicator": (
            "no indicator of the project's logic model has the key 'zz'"),
        "projects[0].evaluation_plan.success_criteria[2].min_effect": (
            'must be a decimal number in a string, like "1250000.00"'),
        "projects[0].evaluation_plan.success_criteria[3].indicator": (
            "'o1' is listed twice (also at "
            "projects[0].evaluation_plan.success_criteria[2].indicator)"),
    }


def test_the_evaluation_plan_values_are_checked():
    doc = design_document()
    plan = doc["projects"][0]["evaluation_plan"]
    plan.update(comparison="lottery", outcome="median", baseline_proportion="1.2",
                alpha="0", power="1.5", n_intervention=-1, evaluator_kind="both",
                evaluation_budget="-5.00", effect_measured_on="30/6", power_indicator="p1",
                comparison_details={"matching_variables": 3, "colour": "blå"},
                guided_answers={"randomise": "kanske"})
    plan["expectations"][0]["basis"] = "gut"
    errors = errors_of(doc)
    prefix = "projects[0].evaluation_plan."
    assert sorted(errors) == sorted(prefix + key for key in (
        "comparison", "outcome", "baseline_proportion", "alpha", "power", "n_intervention",
        "evaluator_kind", "evaluation_budget", "effect_measured_on", "power_indicator",
        "comparison_details.matching_variables", "comparison_details.colour",
        "guided_answers.randomise", "expectations[0].basis"))
    assert errors[prefix + "alpha"] == "must be greater than 0 and less than 1"
    assert errors[prefix + "baseline_proportion"] == "must be at most 1"
    assert errors[prefix + "guided_answers.randomise"] == "must be one of: yes, no, unknown"


def test_a_mean_plan_needs_a_positive_standard_deviation():
    doc = design_document()
    plan = doc["projects"][0]["evaluation_plan"]
    plan.update(outcome="mean", baseline_proportion=None, sd="0", expected_effect="3")
    assert errors_of(doc) == {"projects[0].evaluation_plan.sd": "must be greater than 0"}


def test_stop_criteria_are_checked():
    doc = design_document()
    stops = doc["projects"][0]["stop_criteria"]
    stops[0]["indicator"] = "p1"
    stops[1].update(kind="cost", threshold="0.12345", text="")
    assert errors_of(doc) == {
        "projects[0].stop_criteria[0].indicator": (
            "'p1' is a process indicator: a stop criterion watches an outcome indicator"),
        "projects[0].stop_criteria[1].kind": "must be one of: indicator, budget, other",
        "projects[0].stop_criteria[1].threshold": "has more than 4 decimals",
        "projects[0].stop_criteria[1].text": "must not be empty",
    }


def test_the_risk_matrix_is_checked_as_the_coordinator_page_checks_it():
    doc = design_document()
    version = doc["risk_matrix"][0]
    version["likelihood_labels"] = ["Låg", "Hög"]
    version["colours"]["high"]["text"] = "#d04040"
    errors = errors_of(doc)
    assert list(errors) == ["risk_matrix[0].likelihood_labels", "risk_matrix[0].colours.high"]
    assert errors["risk_matrix[0].likelihood_labels"] == (
        "There must be one label per level: 3 labels, not 2.")
    assert "contrast" in errors["risk_matrix[0].colours.high"]


def test_a_matrix_whose_bands_cannot_all_be_reached_is_refused():
    doc = design_document()
    doc["risk_matrix"][0].update(low_max=4, medium_max=5)
    assert list(errors_of(doc)) == ["risk_matrix[0].medium_max"]


def test_a_snapshot_holds_an_object_the_application_can_read():
    doc = design_document()
    snapshot = doc["projects"][0]["risk_snapshots"][0]
    snapshot["data"]["risks"][0]["priority"] = "urgent"
    snapshot["data"]["scale"]["low_max"] = None
    assert errors_of(doc) == {
        "projects[0].risk_snapshots[0].data.risks[0].priority": (
            "must be one of: low, medium, high"),
        "projects[0].risk_snapshots[0].data.scale.low_max": "is required",
    }
    snapshot["data"] = [1]
    assert errors_of(doc) == {"projects[0].risk_snapshots[0].data": "must be an object"}


def test_the_organisation_is_checked():
    doc = design_document()
    organisation = doc["projects"][0]["organisation"]
    organisation["people"][0]["role"] = "boss"
    organisation["check_in_months"] = 13
    organisation["check_ins"].append({"planned_on": "2025-05-01"})
    organisation["communication"][0]["audience"] = ""
    organisation["reporting"][0]["frequency"] = "x" * 201
    assert errors_of(doc) == {
        "projects[0].organisation.people[0].role": (
            "must be one of: owner, steering, leader, deputy_leader, team, working_group"),
        "projects[0].organisation.check_in_months": "must be between 1 and 12",
        "projects[0].organisation.check_ins[1].planned_on": (
            "a check-in is already planned on 2025-05-01 (at "
            "projects[0].organisation.check_ins[0].planned_on)"),
        "projects[0].organisation.communication[0].audience": "must not be empty",
        "projects[0].organisation.reporting[0].frequency": "is longer than 200 characters",
    }


def test_design_keys_are_no_longer_reported_as_not_stored():
    from models.exchange.schema import PROJECT_NOT_STORED

    assert not {"risks", "risk_scale", "stop_criteria", "evaluation_plan"} & set(
        PROJECT_NOT_STORED)
