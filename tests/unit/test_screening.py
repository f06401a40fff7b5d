"""The completeness check of a proposal and the must-criteria at screening."""

from datetime import date
from decimal import Decimal

import pytest

from models.domain import screening as sc

#: A proposal that says everything the guide asks for.
COMPLETE = sc.ProposalFacts(
    title="Tidigt stöd i skolan",
    need="Låg behörighet till gymnasiet i Östra området",
    ordinary_practice="Elevhälsans ordinarie insatser",
    target_description="Barn 6–12 år med NP-problematik",
    diagnosis="NP-problematik",
    risk_factor="",
    geography="Skola X och Y",
    current_intervention="Särskilt stöd i klass",
    age_min=6,
    age_max=12,
    need_areas=1,
    departments=2,
    size_total=400,
    size_reached=60,
    start=date(2025, 1, 1),
    end=date(2027, 12, 31),
    budget_request=Decimal("1500000"),
    logic_model=True,
)

ITEMS = ("title", "need", "ordinary_practice", "target_group", "characteristic", "age_band",
         "geography", "current_intervention", "need_areas", "departments", "size", "duration",
         "budget_request", "logic_model")


def _codes(result: sc.Completeness) -> list[str]:
    return [m.code for m in result.missing]


def test_a_complete_proposal_lacks_nothing():
    result = sc.completeness(COMPLETE)
    assert result.complete
    assert result.total == 14 and result.done == 14
    assert set(sc.ITEM_LABELS) == set(ITEMS) | {"call_need_area", "question"}


def test_an_empty_proposal_lacks_every_item_in_the_order_of_the_form():
    result = sc.completeness(sc.ProposalFacts())
    assert _codes(result) == list(ITEMS)
    assert result.done == 0 and result.total == 14
    assert [m.message for m in result.missing] == [sc.ITEM_LABELS[c] for c in ITEMS]


@pytest.mark.parametrize("change, code", [
    ({"title": "  "}, "title"),
    ({"need": ""}, "need"),
    ({"ordinary_practice": "\n"}, "ordinary_practice"),
    ({"target_description": ""}, "target_group"),
    ({"diagnosis": "", "risk_factor": ""}, "characteristic"),
    ({"age_min": None, "age_max": None}, "age_band"),
    ({"geography": " "}, "geography"),
    ({"current_intervention": ""}, "current_intervention"),
    ({"need_areas": 0}, "need_areas"),
    ({"departments": 0}, "departments"),
    ({"size_total": None}, "size"),
    ({"size_reached": None}, "size"),
    ({"start": None}, "duration"),
    ({"end": None}, "duration"),
    ({"budget_request": None}, "budget_request"),
    ({"logic_model": False}, "logic_model"),
])
def test_each_item_is_missing_on_its_own(change, code):
    facts = sc.ProposalFacts(**{**COMPLETE.__dict__, **change})
    result = sc.completeness(facts)
    assert _codes(result) == [code]
    assert result.done == 13 and result.total == 14


@pytest.mark.parametrize("change", [
    {"diagnosis": "", "risk_factor": "Lång frånvaro"},
    {"age_min": None, "age_max": 12},
    {"age_min": 6, "age_max": None},
    {"budget_request": Decimal("0")},
    {"size_total": 0, "size_reached": 0},
])
def test_one_of_a_pair_or_a_zero_is_enough(change):
    facts = sc.ProposalFacts(**{**COMPLETE.__dict__, **change})
    assert sc.completeness(facts).complete


def test_a_need_based_call_needs_one_of_its_need_areas():
    answers_it = sc.ProposalFacts(**{**COMPLETE.__dict__, "call_need_area": True})
    result = sc.completeness(answers_it)
    assert result.complete and result.total == 15
    misses_it = sc.ProposalFacts(**{**COMPLETE.__dict__, "call_need_area": False})
    result = sc.completeness(misses_it)
    assert _codes(result) == ["call_need_area"] and result.total == 15
    # Another need area is linked: the general item is met, the call's is not.
    assert "need_areas" not in _codes(result)


def test_the_call_need_area_item_follows_need_areas_in_the_form_order():
    facts = sc.ProposalFacts(call_need_area=False)
    codes = _codes(sc.completeness(facts))
    assert codes.index("call_need_area") == codes.index("need_areas") + 1
    assert codes.index("departments") == codes.index("call_need_area") + 1


def test_required_questions_count_and_optional_ones_do_not():
    facts = sc.ProposalFacts(**{**COMPLETE.__dict__, "answers": (
        sc.Answer("Hur förankras satsningen?", True, True),
        sc.Answer("Vilken evidens finns?", True, False),
        sc.Answer("Övrigt", False, False),
    )})
    result = sc.completeness(facts)
    assert result.total == 16  # 14 items + 2 required questions
    assert result.done == 15
    assert len(result.missing) == 1
    missing = result.missing[0]
    assert missing.code == "question"
    assert missing.params == {"question": "Vilken evidens finns?"}
    assert missing.message % missing.params == (
        "An answer to the call's question: Vilken evidens finns?")


def test_must_result_separates_failed_from_unjudged():
    result = sc.must_result(["behov", "evidens", "matbar"], {"behov": True, "evidens": False})
    assert result.failed == ("evidens",)
    assert result.unchecked == ("matbar",)
    assert not result.passed


def test_must_result_passes_only_when_every_criterion_is_judged_and_met():
    assert sc.must_result(["behov", "evidens"], {"behov": True, "evidens": True}).passed
    assert sc.must_result([], {}).passed
    assert not sc.must_result(["behov"], {}).passed
    # Judgements of criteria that do not apply are ignored; the order is the criteria's.
    result = sc.must_result(["b", "a"], {"x": False, "a": False, "b": False})
    assert result.failed == ("b", "a") and result.unchecked == ()
