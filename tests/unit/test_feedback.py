"""Drafting the feedback letter from the screening and the scores."""

from decimal import Decimal
from fractions import Fraction

from models.domain.feedback import (
    CriterionScores,
    LetterFacts,
    Message,
    draft_letter,
    render_letter,
    render_message,
)
from models.domain.screening import Completeness, Missing, MustResult


def ids(messages) -> list[str]:
    return [m.msgid for m in messages]


def test_criterion_mean_is_a_share_of_its_scale_and_rounded_once():
    c = CriterionScores("Behov", 5, (4, 3, 4))
    assert c.share == Fraction(11, 15)
    assert c.mean == Decimal("3.7")
    assert CriterionScores("Behov", 5, ()).share is None
    assert CriterionScores("Behov", 10, (7, 8)).mean == Decimal("7.5")


def test_nothing_known_says_so_plainly_in_every_section():
    letter = draft_letter(LetterFacts(title="Läxhjälp"))
    assert ids(letter.strengths) == ["Nothing can be said about the proposal's strengths yet: "
                                     "it has been neither screened nor scored."]
    assert "neither screened nor scored" in letter.weaknesses[0].msgid
    assert ids(letter.improvements) == ["What to improve follows once the proposal has been "
                                        "screened and scored."]
    assert "The proposal has not been screened yet." in ids(letter.opening)
    assert letter.opening[0] == Message("Thank you for your proposal “%(title)s”.",
                                        {"title": "Läxhjälp"})


def test_thresholds_pick_strengths_and_weaknesses_with_comments():
    strong = CriterionScores("Evidens", 5, (4, 3), comments=("Väl underbyggt", " "))  # 0.7
    middle = CriterionScores("Effekt", 5, (3, 3))  # 0.6: not named
    weak = CriterionScores("Genomförbarhet", 5, (2, 2), description="Hur enkelt att införa")
    just_weak = CriterionScores("Mätbarhet", 10, (4, 4))  # 0.4
    letter = draft_letter(LetterFacts(title="T", screening_status="passed",
                                      criteria=(strong, middle, weak, just_weak)))
    assert letter.strengths == (Message(
        "%(criterion)s: scored %(mean)s of %(max)s on average. The raters noted: %(comments)s",
        {"criterion": "Evidens", "mean": Decimal("3.5"), "max": 5,
         "comments": "“Väl underbyggt”"}),)
    named = [m.params["criterion"] for m in letter.weaknesses]
    assert named == ["Genomförbarhet", "Mätbarhet"]
    assert letter.improvements == (
        Message("Strengthen the proposal on “%(criterion)s”: %(description)s",
                {"criterion": "Genomförbarhet", "description": "Hur enkelt att införa"}),
        Message("Strengthen the proposal on “%(criterion)s”.", {"criterion": "Mätbarhet"}),
    )
    assert Message("The steering group has scored it on %(count)s criteria.",
                   {"count": 4}) in letter.opening


def test_missing_items_set_aside_reason_and_failed_musts_are_things_to_improve():
    completeness = Completeness((
        Missing("geography", "Where the target group is (schools, areas, units)"),
        Missing("question", "An answer to the call's question: %(question)s",
                {"question": "Hur följs insatsen upp?"}),
    ), total=16)
    facts = LetterFacts(
        title="T", call="Utlysning 2025", completeness=completeness,
        must=MustResult(failed=("samverkan",), unchecked=()),
        must_names={"samverkan": "Tvärsektoriell samverkan"},
        must_notes={"samverkan": "Bara en förvaltning deltar."},
        screening_status="set_aside", reason="Saknar samverkan.",
    )
    letter = draft_letter(facts)
    assert letter.opening[0].params == {"title": "T", "call": "Utlysning 2025"}
    assert letter.weaknesses[0] == Message(
        "The application is incomplete: %(missing)s of %(total)s items are missing (listed "
        "under what to improve).", {"missing": 2, "total": 16})
    assert letter.weaknesses[1] == Message(
        "%(criterion)s: the must-criterion is not met. %(note)s",
        {"criterion": "Tvärsektoriell samverkan", "note": "Bara en förvaltning deltar."})
    assert ids(letter.improvements) == [
        "Address why the proposal was set aside: %(reason)s",
        "Add to the application: %(item)s",
        "Add to the application: %(item)s",
        "Show how the proposal meets the must-criterion “%(criterion)s”.",
    ]
    assert "You are welcome to develop the proposal further and to apply again in a later "\
        "call." in ids(letter.closing)
    # Not scored: no criteria named, and no strength claimed.
    assert ids(letter.strengths) == ["No clear strength stood out in what has been assessed so "
                                     "far."]


def test_complete_proposal_meeting_every_must_criterion_names_both_as_strengths():
    facts = LetterFacts(title="T", completeness=Completeness((), total=15),
                        must=MustResult((), ()), must_names={"samverkan": "Samverkan"},
                        screening_status="passed")
    letter = draft_letter(facts)
    assert ids(letter.strengths) == [
        "The application is complete: every item of the application form is filled in.",
        "The proposal meets every must-criterion.",
    ]
    assert ids(letter.improvements) == ["Nothing in particular: the assessment so far found no "
                                        "gap to fill."]
    assert "The steering group has not scored it yet." in ids(letter.opening)
    assert len(letter.closing) == 1


def test_a_must_criterion_given_zero_by_a_rater_is_a_weakness_never_a_strength():
    must = CriterionScores("Samverkan", 1, (1, 0), comments=("Oklart vem som deltar",),
                           must=True)
    passed = CriterionScores("Behov", 1, (1, 1), must=True)
    letter = draft_letter(LetterFacts(title="T", screening_status="passed",
                                      criteria=(must, passed), outcome="rejected"))
    assert [m.params.get("criterion") for m in letter.weaknesses] == ["Samverkan"]
    assert "“Oklart vem som deltar”" in letter.weaknesses[0].params["comments"]
    assert all(m.params.get("criterion") != "Behov" for m in letter.strengths)
    assert "The proposal has not been granted funds this time." in ids(letter.opening)


def test_completion_request_is_passed_on():
    letter = draft_letter(LetterFacts(title="T", screening_status="completion_requested",
                                      completion_request="Beskriv åldersspannet."))
    assert letter.improvements[0] == Message("Complete the proposal as asked: %(request)s",
                                             {"request": "Beskriv åldersspannet."})


def test_rendering_translates_nested_messages_and_formats_numbers():
    catalogue = {"Add: %(item)s (%(n)s)": "Lägg till: %(item)s (%(n)s)", "A %(q)s": "En %(q)s"}
    message = Message("Add: %(item)s (%(n)s)", {"item": Message("A %(q)s", {"q": "50%"}),
                                                "n": Decimal("3.5")})
    text = render_message(message, lambda s: catalogue.get(s, s),
                          number=lambda v: str(v).replace(".", ","))
    assert text == "Lägg till: En 50% (3,5)"


def test_rendered_letter_has_paragraphs_and_bulleted_lists():
    weak = CriterionScores("Effekt", 5, (1, 2))
    strong = CriterionScores("Behov", 5, (5, 4))
    letter = draft_letter(LetterFacts(title="Läxhjälp", screening_status="passed",
                                      criteria=(strong, weak)))
    text = render_letter(letter, lambda s: s)
    assert text["opening"].startswith("Thank you for your proposal “Läxhjälp”. ")
    assert "\n" not in text["opening"]
    assert text["strengths"] == "- Behov: scored 4.5 of 5 on average."
    assert text["weaknesses"] == "- Effekt: scored 1.5 of 5 on average."
    assert text["improvements"] == "- Strengthen the proposal on “Effekt”."
