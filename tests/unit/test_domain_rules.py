"""Stages, checklist, fund balance, ranking, keys and personal identity numbers."""

from decimal import Decimal

import pytest

from models.domain.checklist import (
    COMPONENTS,
    ITEMS,
    ProjectFacts,
    evaluate_checklist,
    open_items_for_gate,
    summarise,
)
from models.domain.fund import LedgerLine, compute_fund_balance, would_over_allocate
from models.domain.keys import is_valid_key, slugify, unique_key
from models.domain.personnummer import find_personnummer, looks_like_personnummer
from models.domain.ranking import (
    CriterionSpec,
    ScoreValue,
    compute_weighted_score,
    passes_must_criteria,
)
from models.domain.stages import PATH, STAGES, allowed_transitions, find_transition, is_active


def test_every_stage_on_the_path_moves_forward_one_step_except_the_last():
    for before, after in zip(PATH, PATH[1:], strict=False):
        transition = find_transition(before, after)
        assert transition is not None and not transition.needs_reason
    assert find_transition("idea", "approved") is None


def test_approval_and_prioritisation_are_decisions():
    assert find_transition("prioritised", "approved").decision
    assert find_transition("proposal", "prioritised").decision
    assert not find_transition("idea", "proposal").decision


def test_rejection_before_approval_and_stop_after_it_need_a_reason():
    assert find_transition("proposal", "rejected").needs_reason
    assert find_transition("running", "stopped").needs_reason
    assert find_transition("running", "rejected") is None
    assert find_transition("idea", "stopped") is None


def test_closed_is_final_and_terminal_stages_are_inactive():
    assert allowed_transitions("closed") == []
    assert not is_active("closed") and not is_active("rejected") and is_active("running")
    with pytest.raises(ValueError):
        allowed_transitions("nonsense")
    assert set(STAGES) >= set(PATH)


def test_checklist_has_the_guides_items_for_all_six_components():
    assert {i.component for i in ITEMS} == set(COMPONENTS)
    assert len({i.code for i in ITEMS}) == len(ITEMS)
    per = {c: sum(1 for i in ITEMS if i.component == c) for c in COMPONENTS}
    assert per == {"needs": 3, "strategic": 3, "design": 6, "follow_up": 4, "evaluation": 5,
                   "scale_up": 5}


def test_derived_items_without_data_are_not_assessed_rather_than_done():
    statuses = evaluate_checklist(ProjectFacts(), set())
    simplified = next(s for s in statuses if s.item.code == "strategic.simplified_model")
    assert simplified.done is None
    assert summarise(statuses).done == 0


def test_confirmed_and_derived_items_count_as_done():
    facts = ProjectFacts(has_target_group=True, criteria_available=True,
                         has_owner_and_leader=True,
                         derived={"strategic.simplified_model": True})
    statuses = evaluate_checklist(facts, {"needs.anchored"})
    done = {s.item.code for s in statuses if s.done}
    assert done == {"needs.target_group", "needs.anchored", "strategic.criteria",
                    "design.management", "strategic.simplified_model"}
    assert summarise(statuses).total == len(ITEMS)


def test_gate_to_approved_lists_open_items_of_needs_strategy_and_design():
    statuses = evaluate_checklist(ProjectFacts(has_target_group=True), set())
    open_codes = {s.item.code for s in open_items_for_gate(statuses, "approved")}
    assert "needs.target_group" not in open_codes
    assert "design.groups" in open_codes and "needs.anchored" in open_codes
    assert open_items_for_gate(statuses, "proposal") == []


def test_fund_available_is_capital_minus_allocated_plus_repaid():
    balance = compute_fund_balance(Decimal("20000000"), [
        LedgerLine("allocation", Decimal("1500000")),
        LedgerLine("allocation", Decimal("4000000")),
        LedgerLine("disbursement", Decimal("1000000")),
        LedgerLine("repayment", Decimal("250000")),
    ])
    assert balance.allocated == Decimal("5500000")
    assert balance.disbursed == Decimal("1000000")
    assert balance.available == Decimal("14750000")
    assert would_over_allocate(balance, Decimal("14750001"))
    assert not would_over_allocate(balance, Decimal("14750000"))
    with pytest.raises(ValueError):
        compute_fund_balance(Decimal(1), [LedgerLine("gift", Decimal(1))])


def test_weighted_score_normalises_weights_and_averages_raters():
    criteria = [CriterionSpec("behov", Decimal("2"), 5), CriterionSpec("effekt", Decimal("1"), 5),
                CriterionSpec("lag", Decimal("1"), 1, must=True)]
    scores = [ScoreValue("behov", "a", 4), ScoreValue("behov", "b", 5),
              ScoreValue("effekt", "a", 3), ScoreValue("lag", "a", 1)]
    # 100 × (2/3 × 0.9 + 1/3 × 0.6) = 80.0
    assert compute_weighted_score(criteria, scores) == Decimal("80.0")
    assert compute_weighted_score(criteria, scores[:2]) is None
    assert passes_must_criteria(criteria, scores)
    assert not passes_must_criteria(criteria, scores + [ScoreValue("lag", "b", 0)])


def test_keys_are_ascii_slugs_and_unique():
    assert slugify("Fallprevention för äldre") == "fallprevention-for-aldre"
    assert unique_key("Hembesök", {"hembesok", "hembesok-2"}) == "hembesok-3"
    assert is_valid_key("si-fond") and not is_valid_key("Si fond") and not is_valid_key("-x")


@pytest.mark.parametrize("text", ["19121212-1212", "121212-1212", "1212121212", "201212121212",
                                  "Anna 121212+1212", "121272-1219"])
def test_personal_identity_numbers_are_recognised(text):
    assert looks_like_personnummer(text)


@pytest.mark.parametrize("text", ["121212-1213", "2024-01-01", "ID-000123", "1234567890",
                                  "131312-1212", "0701234567"])
def test_other_numbers_are_not_taken_for_personal_identity_numbers(text):
    assert not looks_like_personnummer(text)


def test_find_personnummer_names_where_they_are():
    assert find_personnummer([("a", "x"), ("b", "19121212-1212")]) == ["b"]
