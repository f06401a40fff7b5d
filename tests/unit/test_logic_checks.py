"""The checks of the logic model's red thread: every finding code, and the helpers around them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.domain import logic as lm
from models.domain.logic import (
    CODES,
    ERROR,
    LEVELS,
    MAX_TEXT,
    STRUCTURAL_CODES,
    WARNING,
    Element,
    Finding,
    Indicator,
    Link,
    Model,
    ModelError,
)

LEVEL_OF = {"r": "resource", "a": "activity", "s": "short_term", "g": "long_term"}
INDICATOR_CODES = frozenset(CODES) - STRUCTURAL_CODES
#: The shortest red thread: one element per level, linked forward one level at a time.
CHAIN = "r1>a1 a1>s1 s1>g1"


def element(key: str, text: str | None = None, *indicators: Indicator) -> Element:
    """An element whose level is given by the first letter of its key (r, a, s, g)."""
    return Element(key, LEVEL_OF[key[0]], text or f"Text of {key}", tuple(indicators))


def model(keys: str, links: str = "", *, purpose: str = "", extra: tuple[Element, ...] = ()
          ) -> Model:
    """A model of the elements named in ``keys`` and the links ``"r1>a1 a1>s1"``.

    ``extra`` elements replace the plain element of the same key (to give texts or indicators).
    """
    given = {e.key: e for e in extra}
    elements = tuple(given.get(key, element(key)) for key in keys.split())
    pairs = tuple(Link(*pair.split(">")) for pair in links.split())
    result = Model(elements, pairs, purpose)
    lm.validate_structure(result)
    return result


def found(m: Model) -> list[tuple[str, str | None, tuple[str, ...]]]:
    return [(f.code, f.element, f.related) for f in lm.check(m)]


def codes(m: Model) -> set[str]:
    return {f.code for f in lm.check(m)}


def process(key: str, source: str = "Närvarolistor") -> Indicator:
    return Indicator(key, "Antal träffar", kind="process", data_source=source, unit="count")


def outcome(key: str, source: str = "Elevregistret", horizon: int | None = 24) -> Indicator:
    return Indicator(key, "Andel behöriga", kind="outcome", data_source=source, unit="percent",
                     baseline=Decimal("0.55"), target=Decimal("0.65"), horizon_months=horizon)


def detailed_chain(**replace: Element) -> Model:
    """The shortest red thread with complete indicators; ``replace`` swaps elements by key."""
    elements = {
        "a1": element("a1", None, process("i1")),
        "s1": element("s1", None, outcome("i2", horizon=None)),
        "g1": element("g1", None, outcome("i3")),
    }
    elements.update(replace)
    return model("r1 a1 s1 g1", CHAIN, extra=tuple(elements.values()))


# --- the finding codes ------------------------------------------------------------------------


def test_a_complete_chain_has_no_findings():
    assert lm.check(model("r1 a1 s1 g1", CHAIN)) == []
    assert lm.check(detailed_chain()) == []


def test_an_empty_model_has_no_findings():
    assert lm.check(Model()) == []


def test_every_code_has_a_severity_a_title_and_a_fix():
    assert set(lm.TITLES) == set(CODES) == set(lm.FIXES)
    for code, (severity, _structural) in CODES.items():
        finding = Finding(code, "a1")
        assert finding.severity == severity in (ERROR, WARNING)
        assert finding.title and finding.fix


def test_isolated_element():
    m = model("r1 a1 a2 s1 g1", CHAIN)
    assert found(m) == [("isolated_element", "a2", ())]
    assert lm.check(m)[0].severity == ERROR


def test_a_linked_element_is_not_isolated():
    assert found(model("r1 a1 a2 s1 g1", CHAIN + " r1>a2 a2>s1")) == []


def test_an_isolated_element_has_no_other_structural_finding():
    # It has neither successor nor predecessor, yet only the one finding is given.
    for key in ("r2", "a2", "s2", "g2"):
        m = model(f"r1 a1 s1 g1 {key}", CHAIN)
        assert found(m) == [("isolated_element", key, ())]


def test_no_activity_for_a_resource_that_feeds_only_another_resource():
    m = model("r1 r2 a1 s1 g1", CHAIN + " r2>r1")
    findings = lm.check(m)
    assert found(m) == [("no_activity", "r2", ()), ("same_level_link", "r2", ("r1",))]
    assert [f.severity for f in findings] == [ERROR, WARNING]


def test_a_resource_linked_to_an_activity_has_no_no_activity():
    assert found(model("r1 r2 a1 s1 g1", CHAIN + " r2>a1")) == []


def test_a_resource_that_skips_the_activities_gives_skipped_level_but_not_no_activity():
    m = model("r1 r2 a1 s1 g1", CHAIN + " r2>s1")
    findings = lm.check(m)
    assert found(m) == [("skipped_level", "r2", ("s1",))]
    assert findings[0].severity == WARNING


def test_no_outcome():
    m = model("r1 a1 a2 s1 g1", CHAIN + " r1>a2")
    assert found(m) == [("no_outcome", "a2", ())]
    assert lm.check(m)[0].severity == ERROR


def test_an_activity_that_leads_to_an_outcome_has_no_no_outcome():
    assert found(model("r1 a1 a2 s1 g1", CHAIN + " r1>a2 a2>s1")) == []


def test_an_activity_with_only_a_backward_link_has_no_outcome():
    m = model("r1 r2 a1 a2 s1 g1", CHAIN + " r2>a2 a2>r1")
    assert found(m) == [("no_outcome", "a2", ()), ("backward_link", "a2", ("r1",))]


def test_no_goal():
    m = model("r1 a1 s1 s2 g1", CHAIN + " a1>s2")
    assert found(m) == [("no_goal", "s2", ())]
    assert lm.check(m)[0].severity == ERROR


def test_an_outcome_that_leads_to_a_goal_has_no_no_goal():
    assert found(model("r1 a1 s1 s2 g1", CHAIN + " a1>s2 s2>g1")) == []


def test_unreached_goal():
    # The goal is fed only by another goal: no chain leads to it from a resource.
    m = model("r1 a1 s1 g1 g2", CHAIN + " g1>g2")
    assert found(m) == [("same_level_link", "g1", ("g2",)), ("unreached_goal", "g2", ())]
    assert lm.check(m)[1].severity == ERROR


def test_a_goal_reached_from_a_resource_is_not_unreached():
    assert found(model("r1 a1 s1 g1 g2", CHAIN + " s1>g2")) == []


def test_unreached_goal_without_any_resource_and_no_resource_on_the_way():
    m = model("a1 s1 g1", "a1>s1 s1>g1")
    assert found(m) == [("no_resource", "a1", ()), ("no_resource", "s1", ()),
                        ("unreached_goal", "g1", ())]
    assert [f.severity for f in lm.check(m)] == [WARNING, WARNING, ERROR]


def test_no_resource():
    m = model("r1 a1 a2 s1 g1", CHAIN + " a2>s1")
    assert found(m) == [("no_resource", "a2", ())]
    assert lm.check(m)[0].severity == WARNING


def test_an_activity_fed_by_a_resource_has_no_no_resource():
    assert found(model("r1 a1 a2 s1 g1", CHAIN + " a2>s1 r1>a2")) == []


def test_an_element_that_leads_nowhere_has_its_own_finding_instead_of_no_resource():
    # a2 has no resource either, but its missing outcome is the finding that tells.
    m = model("r1 a1 a2 s1 s2 g1", CHAIN + " a2>s2")
    assert found(m) == [("no_goal", "s2", ())]


def test_a_skip_from_a_resource_counts_as_being_fed():
    m = model("r1 a1 s1 s2 g1", CHAIN + " r1>s2 s2>g1")
    assert found(m) == [("skipped_level", "r1", ("s2",))]


def test_cycle():
    m = model("r1 a1 s1 g1", CHAIN + " g1>a1")
    findings = lm.check(m)
    assert found(m) == [("cycle", "a1", ("s1", "g1")), ("backward_link", "g1", ("a1",))]
    assert [f.severity for f in findings] == [ERROR, ERROR]


def test_a_cycle_names_its_members_in_the_model_order():
    m = model("r1 a1 a2 s1 g1", CHAIN + " r1>a2 a2>s1 a2>a1 a1>a2")
    cycles = [f for f in lm.check(m) if f.code == "cycle"]
    assert [(f.element, f.related) for f in cycles] == [("a1", ("a2",))]
    assert {(f.code, f.element) for f in lm.check(m)} == {
        ("cycle", "a1"), ("same_level_link", "a1"), ("same_level_link", "a2")}


def test_a_backward_link_that_closes_no_circle_is_no_cycle():
    m = model("r1 r2 a1 a2 s1 s2 g1 g2", CHAIN + " r2>a2 a2>s2 s2>g2 s2>a1")
    assert found(m) == [("backward_link", "s2", ("a1",))]
    assert lm.check(m)[0].severity == ERROR


def test_backward_link():
    m = model("r1 a1 s1 s2 g1", CHAIN + " a1>s2 s2>g1 g1>s2")
    assert ("backward_link", "g1", ("s2",)) in found(m)
    assert "cycle" in codes(m)


def test_the_same_elements_linked_forward_have_no_backward_link():
    m = model("r1 r2 a1 a2 s1 s2 g1 g2", CHAIN + " r2>a2 a2>s2 s2>g2 a1>s2")
    assert found(m) == []


def test_same_level_link():
    m = model("r1 a1 s1 s2 g1", CHAIN + " a1>s2 s2>g1 s1>s2")
    findings = lm.check(m)
    assert found(m) == [("same_level_link", "s1", ("s2",))]
    assert findings[0].severity == WARNING


def test_a_link_to_the_next_level_is_no_same_level_link():
    assert found(model("r1 a1 s1 s2 g1", CHAIN + " a1>s2 s2>g1")) == []


def test_skipped_level_over_two_levels():
    m = model("r1 a1 s1 g1", CHAIN + " r1>g1")
    assert found(m) == [("skipped_level", "r1", ("g1",))]


def test_duplicate_element_ignores_case_and_spacing():
    m = model("r1 a1 a2 a3 s1 g1", CHAIN + " r1>a2 a2>s1 r1>a3 a3>s1", extra=(
        element("a1", "Föräldrastöd i grupp"),
        element("a2", "  föräldrastöd   I grupp "),
        element("a3", "FÖRÄLDRASTÖD i\tgrupp"),
    ))
    findings = lm.check(m)
    assert found(m) == [("duplicate_element", "a2", ("a1",)),
                        ("duplicate_element", "a3", ("a1",))]
    assert {f.severity for f in findings} == {WARNING}


def test_the_same_text_on_another_level_is_no_duplicate():
    m = model("r1 a1 s1 g1", CHAIN, extra=(element("a1", "Läsfrämjande"),
                                           element("s1", "Läsfrämjande")))
    assert found(m) == []


def test_different_texts_on_one_level_are_no_duplicates():
    m = model("r1 a1 a2 s1 g1", CHAIN + " r1>a2 a2>s1", extra=(
        element("a1", "Föräldrastöd i grupp"), element("a2", "Föräldrastöd enskilt")))
    assert found(m) == []


def test_missing_indicator():
    m = detailed_chain(s1=element("s1", None, process("i2")))
    findings = lm.check(m)
    assert found(m) == [("missing_indicator", "s1", ())]
    assert findings[0].severity == ERROR


def test_missing_indicator_on_a_goal():
    m = detailed_chain(g1=element("g1"))
    assert found(m) == [("missing_indicator", "g1", ())]


def test_an_outcome_with_an_outcome_indicator_has_no_missing_indicator():
    assert lm.check(detailed_chain(s1=element("s1", None, process("i2"), outcome("i4")))) == []


def test_missing_data_source_names_the_indicator():
    m = detailed_chain(s1=element("s1", None, outcome("i2"), outcome("i4", source="  ")))
    findings = lm.check(m)
    assert [(f.code, f.element, f.related, f.detail) for f in findings] == [
        ("missing_data_source", "s1", (), "i4")]
    assert findings[0].severity == ERROR


def test_an_indicator_with_a_data_source_has_no_missing_data_source():
    assert lm.check(detailed_chain(s1=element("s1", None, outcome("i2"), outcome("i4")))) == []


def test_missing_data_source_on_a_resource_indicator():
    m = detailed_chain(r1=element("r1", None, process("i9", source="")))
    assert [(f.code, f.element, f.detail) for f in lm.check(m)] == [
        ("missing_data_source", "r1", "i9")]


def test_missing_process_measure():
    m = detailed_chain(a1=element("a1", None, outcome("i1")))
    findings = lm.check(m)
    assert found(m) == [("missing_process_measure", "a1", ())]
    assert findings[0].severity == ERROR


def test_an_activity_with_a_process_measure_has_no_missing_process_measure():
    assert lm.check(detailed_chain(a1=element("a1", None, outcome("i1"), process("i4")))) == []


def test_missing_horizon():
    m = detailed_chain(g1=element("g1", None, outcome("i3", horizon=None)))
    findings = lm.check(m)
    assert [(f.code, f.element, f.related, f.detail) for f in findings] == [
        ("missing_horizon", "g1", (), "i3")]
    assert findings[0].severity == WARNING


def test_only_a_goals_outcome_indicator_needs_a_horizon():
    # A short-term outcome and a goal's process measure need none.
    m = detailed_chain(
        s1=element("s1", None, outcome("i2", horizon=None)),
        g1=element("g1", None, outcome("i3"), process("i4")),
    )
    assert lm.check(m) == []


def test_a_simplified_model_never_reports_the_indicator_codes():
    broken = [
        model("r1 a1 s1 g1", CHAIN),
        model("r1 a1 a2 s1 s2 g1 g2", CHAIN + " r1>a2 a2>s2 s2>g1 g1>g2"),
        model("r1 a1 s1 g1 g2", CHAIN),
        model("a1 s1", "a1>s1"),
        model("g1"),
    ]
    for m in broken:
        assert not m.detailed
        assert not codes(m) & INDICATOR_CODES


def test_one_indicator_makes_the_model_detailed_and_brings_the_indicator_checks():
    simplified = model("r1 a1 s1 g1", CHAIN)
    detailed = model("r1 a1 s1 g1", CHAIN, extra=(element("s1", None, outcome("i1")),))
    assert not simplified.detailed and detailed.detailed
    assert found(detailed) == [("missing_process_measure", "a1", ()),
                               ("missing_indicator", "g1", ())]


def test_indicator_and_structural_findings_are_given_together():
    m = detailed_chain(a1=element("a1", None, outcome("i1")))
    m = Model(m.elements + (element("a2", None, process("i5")),), m.links + (Link("r1", "a2"),))
    assert found(m) == [("missing_process_measure", "a1", ()), ("no_outcome", "a2", ())]


def test_findings_are_ordered_by_element_then_code():
    m = model("r1 r2 a1 a2 s1 g1 g2", CHAIN + " r2>r1 r1>a2 g1>g2 g2>s1")
    result = found(m)
    positions = {e.key: i for i, e in enumerate(m.elements)}
    keys = [(positions[element], list(CODES).index(code)) for code, element, _r in result]
    assert keys == sorted(keys)
    assert result[0] == ("no_activity", "r2", ())


def test_findings_do_not_depend_on_the_order_of_the_links():
    m = model("r1 r2 a1 a2 s1 s2 g1 g2",
              CHAIN + " r2>a2 r2>r1 r1>g2 a2>s2 s2>a1 s2>s1 g2>g1 a1>g1")
    reordered = Model(m.elements, tuple(reversed(m.links)))
    assert lm.check(m) == lm.check(reordered) == lm.check(m)
    assert len(lm.check(m)) > 5


def test_errors_keeps_the_errors():
    findings = lm.check(model("r1 r2 a1 s1 g1", CHAIN + " r2>r1"))
    assert [f.code for f in lm.errors(findings)] == ["no_activity"]


# --- validate_structure -----------------------------------------------------------------------


def _refused(m: Model) -> ModelError:
    with pytest.raises(ModelError) as caught:
        lm.validate_structure(m)
    return caught.value


def test_a_good_model_passes_validation():
    lm.validate_structure(detailed_chain())
    lm.validate_structure(Model())


def test_validation_refuses_an_unknown_level():
    error = _refused(Model((Element("x1", "outcome", "Bättre hälsa"),)))
    assert error.field == "level"
    assert error.params == {"level": "outcome"}
    assert "outcome" in str(error)


def test_validation_refuses_a_repeated_key():
    error = _refused(Model((element("a1"), Element("a1", "short_term", "Annat"))))
    assert error.field == "key"
    assert error.params == {"key": "a1"}


def test_validation_refuses_a_link_to_a_missing_element():
    error = _refused(Model((element("r1"), element("a1")), (Link("r1", "a9"),)))
    assert error.field == "link"
    assert error.params == {"key": "a9"}
    error = _refused(Model((element("r1"), element("a1")), (Link("r9", "a1"),)))
    assert error.params == {"key": "r9"}


def test_validation_refuses_a_link_to_itself():
    error = _refused(Model((element("r1"), element("a1")), (Link("a1", "a1"),)))
    assert error.field == "link"


def test_validation_refuses_a_link_given_twice():
    error = _refused(Model((element("r1"), element("a1")), (Link("r1", "a1"), Link("r1", "a1"))))
    assert error.field == "link"
    assert error.params == {"source": "r1", "target": "a1"}


def test_the_same_pair_linked_both_ways_is_not_a_repeated_link():
    lm.validate_structure(Model((element("a1"), element("a2")),
                                (Link("a1", "a2"), Link("a2", "a1"))))


def test_validation_refuses_a_text_that_is_too_long():
    error = _refused(Model((element("a1", "x" * 2000),)))
    assert error.field == "text"
    assert error.params == {"max": MAX_TEXT}
    lm.validate_structure(Model((element("a1", "x" * MAX_TEXT),)))


def test_validation_refuses_an_empty_text():
    error = _refused(Model((Element("a1", "activity", "  \n "),)))
    assert error.field == "text"


def test_validation_refuses_an_indicator_key_used_twice_in_the_model():
    error = _refused(Model((element("a1", None, process("i1")),
                            element("s1", None, outcome("i1")))))
    assert error.field == "indicator"
    assert error.params == {"key": "i1"}


def test_validation_refuses_an_unknown_indicator_kind():
    bad = Indicator("i1", "Antal", kind="output", data_source="Listor")
    error = _refused(Model((element("a1", None, bad),)))
    assert error.field == "kind"


def test_a_model_error_is_a_value_error_with_the_untranslated_message():
    error = _refused(Model((element("a1"), element("a1"))))
    assert isinstance(error, ValueError)
    assert error.message % error.params == str(error)


# --- has_red_thread and detailed_complete --------------------------------------------------


def test_a_complete_chain_is_a_red_thread():
    assert lm.has_red_thread(model("r1 a1 s1 g1", CHAIN))


def test_warnings_do_not_break_the_red_thread():
    m = model("r1 a1 s1 s2 g1", CHAIN + " r1>s2 s2>g1 s1>s2")
    assert codes(m) == {"skipped_level", "same_level_link"}
    assert lm.has_red_thread(m)


def test_a_structural_error_breaks_the_red_thread():
    assert not lm.has_red_thread(model("r1 a1 a2 s1 g1", CHAIN))
    assert not lm.has_red_thread(model("r1 a1 s1 g1", CHAIN + " g1>a1"))


@pytest.mark.parametrize("keys, links", [
    ("r1 s1 g1", "r1>s1 s1>g1"),
    ("r1 a1 g1", "r1>a1 a1>g1"),
    ("a1 s1 g1", "a1>s1 s1>g1"),
    ("r1 a1 s1", "r1>a1 a1>s1"),
    ("", ""),
])
def test_a_model_missing_a_level_is_never_a_red_thread(keys, links):
    m = model(keys, links)
    assert not lm.has_red_thread(m)
    assert not lm.has_red_thread(m, [])


def test_a_model_without_activities_has_only_warnings_but_no_red_thread():
    m = model("r1 s1 g1", "r1>s1 s1>g1")
    assert not lm.errors(lm.check(m))
    assert not lm.has_red_thread(m)


def test_has_red_thread_uses_the_findings_it_is_given():
    m = model("r1 a1 s1 g1", CHAIN)
    assert not lm.has_red_thread(m, [Finding("cycle", "a1", ("s1",))])
    assert lm.has_red_thread(m, [Finding("skipped_level", "r1", ("s1",))])


def test_indicator_errors_do_not_break_the_red_thread_but_the_detailed_model():
    m = detailed_chain(g1=element("g1"))
    assert lm.has_red_thread(m)
    assert not lm.detailed_complete(m)


def test_a_complete_detailed_model():
    assert lm.detailed_complete(detailed_chain())
    findings = lm.check(detailed_chain())
    assert lm.detailed_complete(detailed_chain(), findings)


def test_a_detailed_model_with_only_a_missing_horizon_is_complete():
    m = detailed_chain(g1=element("g1", None, outcome("i3", horizon=None)))
    assert codes(m) == {"missing_horizon"}
    assert lm.detailed_complete(m)


def test_a_simplified_model_is_never_detailed_complete():
    assert not lm.detailed_complete(model("r1 a1 s1 g1", CHAIN))


@pytest.mark.parametrize("broken", [
    lambda: detailed_chain(s1=element("s1", None, outcome("i2", source=""))),
    lambda: detailed_chain(a1=element("a1", None, outcome("i1"))),
    lambda: Model(detailed_chain().elements, detailed_chain().links + (Link("g1", "a1"),)),
    lambda: Model(detailed_chain().elements[1:], detailed_chain().links[1:]),
])
def test_a_detailed_model_with_an_error_or_a_missing_level_is_not_complete(broken):
    assert not lm.detailed_complete(broken())


# --- chains_through ---------------------------------------------------------------------------

#: r1 and r2 feed a1, which leads to s1 and s2, which both lead to g1; a bypass r1 → s1; and
#: another chain r3 → a2 → s3 → g2; a3 is fed but leads nowhere.
DIAMOND = model("r1 r2 r3 a1 a2 a3 s1 s2 s3 g1 g2",
                "r1>a1 r2>a1 a1>s1 a1>s2 s1>g1 s2>g1 r1>s1 r3>a2 a2>s3 s3>g2 r1>a3")


def test_chains_through_an_activity():
    chains = lm.chains_through(DIAMOND, "a1")
    assert chains.element == "a1"
    assert set(chains.paths) == {
        ("r1", "a1", "s1", "g1"), ("r1", "a1", "s2", "g1"),
        ("r2", "a1", "s1", "g1"), ("r2", "a1", "s2", "g1"),
    }
    assert len(chains.paths) == 4
    assert not chains.truncated
    assert chains.nodes == {"r1", "r2", "a1", "s1", "s2", "g1"}
    # The bypass r1 → s1 passes beside a1, not through it.
    assert chains.edges == {("r1", "a1"), ("r2", "a1"), ("a1", "s1"), ("a1", "s2"),
                            ("s1", "g1"), ("s2", "g1")}


def test_chains_through_a_resource_and_a_goal():
    through_r1 = lm.chains_through(DIAMOND, "r1")
    assert set(through_r1.paths) == {("r1", "a1", "s1", "g1"), ("r1", "a1", "s2", "g1"),
                                     ("r1", "s1", "g1")}
    assert ("r1", "s1") in through_r1.edges
    assert "r2" not in through_r1.nodes
    through_g2 = lm.chains_through(DIAMOND, "g2")
    assert through_g2.paths == (("r3", "a2", "s3", "g2"),)
    assert through_g2.nodes == {"r3", "a2", "s3", "g2"}


def test_chains_through_are_cut_at_the_limit():
    chains = lm.chains_through(DIAMOND, "a1", limit=3)
    assert len(chains.paths) == 3 and chains.truncated
    assert set(chains.paths) < set(lm.chains_through(DIAMOND, "a1").paths)
    # The nodes and links are those of every chain, not only of the listed ones.
    assert chains.nodes == lm.chains_through(DIAMOND, "a1").nodes
    exact = lm.chains_through(DIAMOND, "a1", limit=4)
    assert len(exact.paths) == 4 and not exact.truncated


def test_an_element_on_no_complete_chain_has_no_chains():
    assert lm.chains_through(DIAMOND, "a3") == lm.Chains("a3", frozenset(), frozenset(), (),
                                                         False)
    no_resource = model("r1 a1 a2 s1 g1", CHAIN + " a2>s1")
    assert lm.chains_through(no_resource, "a2").paths == ()
    assert lm.chains_through(no_resource, "a2").nodes == frozenset()
    isolated = model("r1 a1 a2 s1 g1", CHAIN)
    assert lm.chains_through(isolated, "a2").paths == ()


def test_chains_follow_forward_links_only():
    m = model("r1 a1 a2 s1 s2 g1", CHAIN + " a1>a2 a2>s2 s2>a1")
    assert lm.chains_through(m, "a1").paths == (("r1", "a1", "s1", "g1"),)
    assert lm.chains_through(m, "a2").paths == ()


def test_chains_through_an_unknown_element_are_empty():
    assert lm.chains_through(DIAMOND, "a99") == lm.Chains("a99", frozenset(), frozenset(), (),
                                                          False)


# --- diff -------------------------------------------------------------------------------------


def test_diff_of_identical_models_is_empty():
    assert lm.diff(detailed_chain(), detailed_chain()).empty
    assert lm.diff(Model(), Model()).empty


def test_diff_names_added_removed_and_changed_elements():
    before = model("r1 r2 a1 s1 g1", CHAIN + " r2>a1", purpose="Fler klarar skolan",
                   extra=(element("s1", None, outcome("i1")),))
    after = Model(
        elements=(
            element("r1"),
            element("a1", "Läxhjälp två gånger i veckan"),
            element("s1", None, outcome("i1", horizon=12)),
            Element("s2", "long_term", "Text of s2"),
            element("g1"),
            Element("a2", "activity", "Mentorskap", (), ("Skolorna deltar",)),
        ),
        links=(Link("r1", "a1"), Link("a1", "s1"), Link("s1", "g1"), Link("a2", "s1")),
        purpose="Fler klarar skolan",
    )
    change = lm.diff(before, after)
    assert [e.key for e in change.added] == ["s2", "a2"]
    assert [e.key for e in change.removed] == ["r2"]
    assert [(c.key, c.parts) for c in change.changed] == [("a1", ("text",)),
                                                          ("s1", ("indicators",))]
    assert change.changed[0].before.text == "Text of a1"
    assert change.changed[0].after.text == "Läxhjälp två gånger i veckan"
    assert change.links_added == (Link("a2", "s1"),)
    assert change.links_removed == (Link("r2", "a1"),)
    assert not change.purpose_changed
    assert not change.empty


def test_diff_names_a_changed_level_and_assumptions():
    before = Model((element("s1"),))
    after = Model((Element("s1", "long_term", "Text of s1", (), ("Personalen stannar",)),))
    assert [(c.key, c.parts) for c in lm.diff(before, after).changed] == [
        ("s1", ("level", "assumptions"))]


def test_diff_of_the_purpose_ignores_surrounding_space():
    assert lm.diff(Model(purpose="Färre fall"), Model(purpose=" Färre fall\n")).empty
    change = lm.diff(Model(purpose="Färre fall"), Model(purpose="Färre fallolyckor"))
    assert change.purpose_changed and not change.empty


def test_diff_counts_an_equal_measure_as_unchanged():
    before = Model((element("s1", None, outcome("i1")),))
    same = Indicator("i1", "Andel behöriga", "outcome", "Elevregistret", "percent",
                     Decimal("0.550"), Decimal("0.65"), 24)
    assert lm.diff(before, Model((element("s1", None, same),))).empty


def test_diff_of_a_link_only():
    before = model("r1 a1 s1 g1", CHAIN)
    after = model("r1 a1 s1 g1", CHAIN + " r1>s1")
    change = lm.diff(before, after)
    assert change.links_added == (Link("r1", "s1"),) and not change.links_removed
    assert not (change.added or change.removed or change.changed)
    assert lm.diff(after, before).links_removed == (Link("r1", "s1"),)


# --- next_key and columns ---------------------------------------------------------------------


@pytest.mark.parametrize("prefix, taken, expected", [
    ("r", [], "r1"),
    ("r", ["r1", "r2", "a7"], "r3"),
    ("a", ["a1", "a5"], "a6"),
    ("i", ["i9", "i10"], "i11"),
    ("s", ["s", "sx1", "s1b", "as4", "S7"], "s1"),
    ("g", ("g1", "g02"), "g3"),
])
def test_next_key(prefix, taken, expected):
    assert lm.next_key(prefix, taken) == expected


def test_next_key_takes_any_iterable():
    assert lm.next_key("a", (e.key for e in DIAMOND.elements)) == "a4"


def test_columns_list_every_level_in_order_with_the_model_order_within():
    m = Model((element("s2"), element("a1"), element("s1"), element("r1")))
    result = lm.columns(m)
    assert [c.level for c in result] == list(LEVELS)
    assert [c.keys for c in result] == [["r1"], ["a1"], ["s2", "s1"], []]


def test_columns_of_an_empty_model():
    assert [(c.level, c.keys) for c in lm.columns(Model())] == [(level, []) for level in LEVELS]


def test_a_model_finds_its_elements_by_key():
    assert DIAMOND.element("a2").key == "a2"
    assert DIAMOND.element("x1") is None
