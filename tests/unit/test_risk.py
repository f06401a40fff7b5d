"""The risk matrix: score, priority bands, scales, contrast and the heat map (FORMAT.md, *Risk*)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.domain import risk as rk
from models.domain.risk import (
    CLOSED,
    DEFAULT_SCALE,
    HIGH,
    LOW,
    MEDIUM,
    OPPORTUNITY,
    WORD_SCALE,
    BandColour,
    RiskError,
    RiskItem,
    RiskScale,
    assess,
    contrast_ratio,
    count_by_band,
    default_thresholds,
    heat_map,
    meets_aa,
    priority,
    scale_for,
    scale_problems,
    score,
    validate_scale,
)

# --- The 5 × 5 defaults -----------------------------------------------------------------------


@pytest.mark.parametrize(("value", "band"), [
    (1, LOW), (4, LOW), (5, MEDIUM), (12, MEDIUM), (13, HIGH), (14, HIGH), (15, HIGH), (25, HIGH),
])
def test_default_bands_at_every_boundary(value, band):
    assert priority(value) == band


def test_13_and_14_are_not_scores_on_5_by_5():
    assert {13, 14}.isdisjoint(DEFAULT_SCALE.scores())
    assert {12, 15} <= DEFAULT_SCALE.scores()


def test_every_cell_of_the_5_by_5_scale():
    lows = {(like, imp) for like in range(1, 6) for imp in range(1, 6)
            if assess(like, imp)[1] == LOW}
    highs = {(like, imp) for like in range(1, 6) for imp in range(1, 6)
             if assess(like, imp)[1] == HIGH}
    assert lows == {(1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 2), (3, 1), (4, 1)}
    assert highs == {(3, 5), (4, 4), (4, 5), (5, 3), (5, 4), (5, 5)}
    assert assess(3, 4) == (12, MEDIUM)
    assert assess(1, 5) == (5, MEDIUM)


def test_the_default_thresholds_are_4_and_12():
    assert (DEFAULT_SCALE.low_max, DEFAULT_SCALE.medium_max) == (4, 12)
    assert default_thresholds(5, 5) == (4, 12)


# --- Other scales -----------------------------------------------------------------------------


def test_the_3_by_3_word_scale():
    # M = 9: low ≤ ⌊36/25⌋ = 1, medium ≤ ⌊108/25⌋ = 4.
    assert (WORD_SCALE.low_max, WORD_SCALE.medium_max) == (1, 4)
    assert WORD_SCALE.likelihood_labels == ("Low", "Medium", "High")
    bands = {value: priority(value, WORD_SCALE) for value in sorted(WORD_SCALE.scores())}
    assert bands == {1: LOW, 2: MEDIUM, 3: MEDIUM, 4: MEDIUM, 6: HIGH, 9: HIGH}


def test_a_4_by_4_scale():
    # M = 16: low ≤ ⌊64/25⌋ = 2, medium ≤ ⌊192/25⌋ = 7.
    scale = scale_for(4, 4)
    assert (scale.low_max, scale.medium_max) == (2, 7)
    assert scale.likelihood_labels == ("1", "2", "3", "4")
    assert [priority(v, scale) for v in (1, 2, 3, 4, 6, 8, 9, 12, 16)] == [
        LOW, LOW, MEDIUM, MEDIUM, MEDIUM, HIGH, HIGH, HIGH, HIGH]


def test_scaled_defaults_on_unusual_scales():
    assert default_thresholds(2, 2) == (1, 2)  # 1 low, 2 medium, 4 high
    assert default_thresholds(10, 10) == (16, 48)
    assert default_thresholds(3, 5) == (2, 7)


def test_every_size_from_2_to_10_gets_a_usable_default_scale():
    for likelihood in range(2, 11):
        for impact in range(2, 11):
            scale = scale_for(likelihood, impact)
            assert scale_problems(scale) == ()
            assert {priority(v, scale) for v in scale.scores()} == {LOW, MEDIUM, HIGH}


def test_scale_for_returns_the_built_in_scales():
    assert scale_for(5, 5) is DEFAULT_SCALE
    assert scale_for(3, 3) is WORD_SCALE


def test_a_coordinator_may_set_other_thresholds():
    strict = replace(DEFAULT_SCALE, low_max=2, medium_max=8)
    assert validate_scale(strict) is strict
    assert [priority(v, strict) for v in (2, 3, 8, 9)] == [LOW, MEDIUM, MEDIUM, HIGH]


# --- Validation of a scale --------------------------------------------------------------------


def _codes(scale):
    return [(p.code, p.field) for p in scale_problems(scale)]


def test_sizes_must_be_from_2_to_10():
    too_big = RiskScale(11, 5, tuple("x" * 11), DEFAULT_SCALE.impact_labels, 4, 12)
    assert _codes(too_big) == [(rk.SIZE_OUT_OF_RANGE, "likelihood_max")]
    one = RiskScale(5, 1, DEFAULT_SCALE.likelihood_labels, ("x",), 1, 2)
    assert _codes(one) == [(rk.SIZE_OUT_OF_RANGE, "impact_max")]


def test_one_label_per_level():
    short = replace(DEFAULT_SCALE, impact_labels=("a", "b", "c"))
    assert _codes(short) == [(rk.LABEL_COUNT, "impact_labels")]
    assert scale_problems(short)[0].params == {"expected": 5, "count": 3}
    blank = replace(DEFAULT_SCALE, likelihood_labels=("a", "b", " ", "d", "e"))
    assert _codes(blank) == [(rk.LABEL_BLANK, "likelihood_labels")]


@pytest.mark.parametrize(("low_max", "medium_max", "code", "field"), [
    (0, 12, rk.LOW_MAX_OUT_OF_RANGE, "low_max"),
    (12, 12, rk.THRESHOLDS_NOT_INCREASING, "medium_max"),
    (8, 6, rk.THRESHOLDS_NOT_INCREASING, "medium_max"),
    (4, 25, rk.MEDIUM_MAX_OUT_OF_RANGE, "medium_max"),
    (12, 14, rk.EMPTY_BAND, "medium_max"),  # 13 and 14 are not scores
])
def test_thresholds_must_increase_within_the_scale(low_max, medium_max, code, field):
    scale = replace(DEFAULT_SCALE, low_max=low_max, medium_max=medium_max)
    assert _codes(scale) == [(code, field)]
    with pytest.raises(RiskError) as caught:
        validate_scale(scale)
    assert caught.value.code == code and caught.value.field == field


def test_colours_must_be_hex_and_readable():
    bad = replace(DEFAULT_SCALE, colours=(
        BandColour("green", "#000"),
        BandColour("#ffff00", "#ffffff"),
        BandColour("#c0392b", "#ffffff"),
    ))
    problems = scale_problems(bad)
    assert [(p.code, p.field) for p in problems] == [
        (rk.INVALID_COLOUR, "colours.low"), (rk.LOW_CONTRAST, "colours.medium")]
    assert problems[1].params["ratio"] == "1.07"
    assert problems[1].message % problems[1].params


def test_the_default_colours_meet_wcag_aa():
    for scale in (DEFAULT_SCALE, WORD_SCALE):
        for band in (LOW, MEDIUM, HIGH):
            colour = scale.colour(band)
            assert meets_aa(colour.text, colour.background)


# --- Contrast ---------------------------------------------------------------------------------


def test_contrast_ratio_against_known_values():
    # WCAG: black on white is 21:1; #767676 on white is the familiar 4.54:1.
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#FFF", "#000") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#ffffff", "#767676") == contrast_ratio("#767676", "#ffffff")
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)


def test_aa_thresholds_for_normal_and_large_text():
    assert meets_aa("#767676", "#ffffff")
    assert not meets_aa("#777777", "#ffffff")  # 4.48:1
    assert meets_aa("#949494", "#ffffff", large_text=True)  # 3.03:1
    assert not meets_aa("#959595", "#ffffff", large_text=True)  # 2.99:1


def test_a_bad_colour_is_refused():
    with pytest.raises(RiskError) as caught:
        contrast_ratio("#12345", "#ffffff")
    assert caught.value.code == rk.INVALID_COLOUR
    assert caught.value.params == {"colour": "#12345"}


# --- Scores -----------------------------------------------------------------------------------


def test_score_is_likelihood_times_impact_checked_against_the_scale():
    assert score(3, 4) == 12
    assert score(3, 3, WORD_SCALE) == 9
    with pytest.raises(RiskError) as caught:
        score(4, 1, WORD_SCALE)
    assert caught.value.code == rk.LIKELIHOOD_OUT_OF_RANGE
    assert caught.value.params["max"] == 3
    with pytest.raises(RiskError) as caught:
        score(1, 0)
    assert caught.value.code == rk.IMPACT_OUT_OF_RANGE
    with pytest.raises(RiskError):
        score(True, 2)


def test_priority_refuses_impossible_scores():
    for bad in (0, 26, 2.0):
        with pytest.raises(RiskError) as caught:
            priority(bad)
        assert caught.value.code == rk.SCORE_OUT_OF_RANGE


# --- Heat map ---------------------------------------------------------------------------------

RISKS = [
    RiskItem("k1", 3, 4),
    RiskItem("k2", 5, 5),
    RiskItem("k3", 3, 4),
    RiskItem("m1", 3, 4, kind=OPPORTUNITY),
    RiskItem("k4", 1, 1, status=CLOSED),
]


def test_the_heat_map_has_every_cell_with_high_likelihood_on_top():
    grid = heat_map(RISKS)
    assert len(grid) == 5 and all(len(row) == 5 for row in grid)
    assert [row[0].likelihood for row in grid] == [5, 4, 3, 2, 1]
    assert [cell.impact for cell in grid[0]] == [1, 2, 3, 4, 5]
    assert grid[0][4].score == 25 and grid[0][4].band == HIGH
    assert grid[4][0].score == 1 and grid[4][0].band == LOW


def test_the_heat_map_counts_threats_and_opportunities_separately():
    grid = heat_map(RISKS)
    cell = grid[5 - 3][4 - 1]
    assert (cell.likelihood, cell.impact, cell.score, cell.band) == (3, 4, 12, MEDIUM)
    assert cell.threats == ("k1", "k3")
    assert cell.opportunities == ("m1",)
    assert cell.keys == ("k1", "k3", "m1")
    assert (cell.count, cell.threat_count, cell.opportunity_count) == (3, 2, 1)
    assert grid[0][4].threats == ("k2",)
    assert sum(c.count for row in grid for c in row) == 4


def test_closed_risks_are_left_out_unless_asked_for():
    assert heat_map(RISKS)[4][0].count == 0
    assert heat_map(RISKS, include_closed=True)[4][0].threats == ("k4",)


def test_the_heat_map_on_a_3_by_3_scale():
    grid = heat_map([RiskItem("a", 1, 3), RiskItem("b", 2, 3)], WORD_SCALE)
    assert [[c.band for c in row] for row in grid] == [
        [MEDIUM, HIGH, HIGH], [MEDIUM, MEDIUM, HIGH], [LOW, MEDIUM, MEDIUM]]
    assert grid[2][2].threats == ("a",) and grid[1][2].threats == ("b",)


def test_the_heat_map_refuses_risks_off_the_scale_or_listed_twice():
    with pytest.raises(RiskError) as caught:
        heat_map([RiskItem("k9", 4, 2)], WORD_SCALE)
    assert caught.value.code == rk.LIKELIHOOD_OUT_OF_RANGE
    assert caught.value.params["key"] == "k9"
    with pytest.raises(RiskError) as caught:
        heat_map([RiskItem("k1", 1, 1), RiskItem("k1", 2, 2)])
    assert caught.value.code == rk.DUPLICATE_KEY
    with pytest.raises(RiskError) as caught:
        heat_map([RiskItem("k1", 1, 1, kind="chance")])
    assert caught.value.code == rk.UNKNOWN_KIND
    with pytest.raises(RiskError) as caught:
        heat_map([RiskItem("k1", 1, 1, status="done")])
    assert caught.value.code == rk.UNKNOWN_STATUS


def test_count_by_band():
    assert count_by_band(RISKS) == {LOW: 0, MEDIUM: 2, HIGH: 1}
    assert count_by_band(RISKS, include_closed=True) == {LOW: 1, MEDIUM: 2, HIGH: 1}
    assert count_by_band(RISKS, kind=OPPORTUNITY) == {LOW: 0, MEDIUM: 1, HIGH: 0}


def test_labels_per_level():
    assert DEFAULT_SCALE.likelihood_label(1) == "Very low"
    assert DEFAULT_SCALE.impact_label(5) == "Very large"
    assert rk.BAND_LABELS[HIGH] == "High"
