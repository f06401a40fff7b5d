"""The comparison alternatives and the guided questions (guide appendix A; SPEC 3.4)."""

from __future__ import annotations

import re

import pytest

from models.domain import designs as dg
from models.domain.designs import (
    ALTERNATIVE_KEYS,
    ALTERNATIVES,
    COMPARISON_LABELS,
    NO,
    POSSIBLE,
    QUESTION_KEYS,
    QUESTIONS,
    RULED_OUT,
    SUGGESTED,
    UNKNOWN,
    YES,
    DesignError,
    alternative,
    recommended,
    suggest,
)

#: The exchange format's enumeration of ``evaluation_plan.comparison``, in the guide's order.
FORMAT_ORDER = ("rct", "matching", "generic_control", "shadow_control", "before_after",
                "historical_control", "waitlist_control")


def test_the_seven_alternatives_in_the_guides_order():
    assert ALTERNATIVE_KEYS == FORMAT_ORDER
    assert COMPARISON_LABELS["rct"] == "Randomised controlled trial (RCT)"
    assert list(COMPARISON_LABELS) == list(FORMAT_ORDER)


def test_every_alternative_has_texts_and_a_question():
    for alt in ALTERNATIVES:
        assert alt.name and alt.description
        assert alt.strengths and alt.weaknesses and alt.requirements and alt.follow_up
        assert alt.question in QUESTION_KEYS
        for text in (alt.name, alt.description, *alt.strengths, *alt.weaknesses,
                     *alt.requirements):
            assert "%" not in text  # shown without parameters
    assert len({alt.question for alt in ALTERNATIVES}) == len(ALTERNATIVES)


@pytest.mark.parametrize(("key", "fields"), [
    ("rct", ["randomisation"]),
    ("matching", ["comparison_group", "matching_variables"]),
    ("generic_control", ["generic_data"]),
    ("shadow_control", ["experts"]),
    ("before_after", ["baseline_data"]),
    ("historical_control", ["historical_cohort", "historical_period"]),
    ("waitlist_control", ["waitlist_formation"]),
])
def test_the_follow_up_fields_each_choice_needs(key, fields):
    chosen = alternative(key)
    assert [f.key for f in chosen.follow_up] == fields
    assert all(f.label and f.help for f in chosen.follow_up)


def test_follow_up_field_keys_are_unique_slugs():
    keys = [f.key for alt in ALTERNATIVES for f in alt.follow_up]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z_]+", k) for k in keys)


def test_the_guides_points_are_carried_over():
    assert any("most reliable" in s for s in alternative("rct").strengths)
    assert any("unethical" in w for w in alternative("rct").weaknesses)
    assert "sex, age" in alternative("matching").description
    assert any("partial" in w for w in alternative("shadow_control").weaknesses)
    assert any("broader group" in w for w in alternative("waitlist_control").weaknesses)
    assert any("register" in s for s in alternative("generic_control").strengths)


def test_an_unknown_alternative_is_refused():
    with pytest.raises(DesignError) as caught:
        alternative("placebo")
    assert caught.value.params == {"key": "placebo"}


def test_the_questions():
    assert QUESTION_KEYS == ("randomise", "similar_group", "register_data", "expert", "baseline",
                             "earlier_cohort", "waitlist")
    assert all(q.text.endswith("?") and q.help for q in QUESTIONS)
    assert set(dg.ANSWER_LABELS) == {YES, NO, UNKNOWN}


# --- Suggestions ------------------------------------------------------------------------------


def _verdicts(answers):
    return {s.key: s.verdict for s in suggest(answers)}


def test_with_no_answers_everything_is_possible_and_nothing_recommended():
    result = suggest({})
    assert [s.key for s in result] == list(FORMAT_ORDER)
    assert {s.verdict for s in result} == {POSSIBLE}
    assert recommended({}) is None


def test_randomisation_puts_the_rct_first():
    answers = {"randomise": YES, "similar_group": YES, "waitlist": YES}
    result = suggest(answers)
    assert result[0].key == "rct" and result[0].verdict == SUGGESTED
    assert "most reliable" in result[0].reason
    assert recommended(answers) == "rct"
    waitlist = result[-1]
    assert waitlist.verdict == SUGGESTED and "at random" in waitlist.reason


def test_ruled_out_alternatives_above_the_suggestion_say_why():
    answers = {"randomise": NO, "similar_group": NO, "register_data": YES, "baseline": YES}
    result = suggest(answers)
    assert recommended(answers) == "generic_control"
    assert [(s.key, s.verdict) for s in result[:3]] == [
        ("rct", RULED_OUT), ("matching", RULED_OUT), ("generic_control", SUGGESTED)]
    assert result[0].reason == "Ruled out: the target group cannot be randomised."
    assert result[1].reason.startswith("Ruled out: there is no similar group")
    assert _verdicts(answers)["before_after"] == SUGGESTED


def test_an_unknown_answer_asks_to_find_out():
    result = suggest({"randomise": UNKNOWN, "similar_group": YES})
    assert result[0].verdict == POSSIBLE and result[0].reason.startswith("Find out")
    assert recommended({"randomise": UNKNOWN, "similar_group": YES}) == "matching"


def test_everything_ruled_out():
    answers = dict.fromkeys(QUESTION_KEYS, NO)
    assert set(_verdicts(answers).values()) == {RULED_OUT}
    assert recommended(answers) is None


def test_a_wait_list_without_randomisation_is_suggested_with_a_caveat():
    answers = {"randomise": NO, "waitlist": YES}
    waitlist = suggest(answers)[-1]
    assert waitlist.verdict == SUGGESTED
    assert "differ systematically" in waitlist.reason
    assert recommended(answers) == "waitlist_control"
    unknown = suggest({"waitlist": YES})[-1]
    assert "best allocated at random" in unknown.reason


def test_only_the_earlier_cohort():
    answers = {**dict.fromkeys(QUESTION_KEYS, NO), "earlier_cohort": YES}
    assert recommended(answers) == "historical_control"
    assert [s.verdict for s in suggest(answers)].count(SUGGESTED) == 1


def test_bad_answers_are_refused():
    with pytest.raises(DesignError) as caught:
        suggest({"randomize": YES})
    assert caught.value.params == {"key": "randomize"}
    with pytest.raises(DesignError):
        suggest({"randomise": "maybe"})


def test_every_reason_differs_by_verdict():
    for alt in ALTERNATIVES:
        reasons = {suggest({alt.question: answer})[ALTERNATIVE_KEYS.index(alt.key)].reason
                   for answer in (YES, NO, UNKNOWN)}
        assert len(reasons) == 3
