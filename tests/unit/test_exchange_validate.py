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
    doc["unit_costs"] = [{"key": "x", "source": "201212121212"}]
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
