"""Monte Carlo, honesty checks, full-scale estimate and trust suggestions (SPEC 3.4, 3.5, 3.10)."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal as D

import pytest

from models.domain import designs as dg
from models.domain import economics as ec
from models.domain import economics_analysis as ea
from models.domain.economics import (
    BenefitLine,
    BudgetLine,
    EconomicsError,
    EconomicsInputs,
    UnitCost,
    calculate,
)
from models.domain.economics_analysis import (
    Bin,
    FullScale,
    Triangle,
    apply_draw,
    full_scale,
    histogram,
    honesty_checks,
    inputs_fingerprint,
    monte_carlo,
    people_from_effect,
    percentile,
    sample_parameters,
    simulate,
    trust_suggestion,
)


def unit(key="u", amount="100", price_year=2025, local=None, grade=None):
    return UnitCost(key, key.upper(), "dygn", D(amount), price_year,
                    None if local is None else D(local), grade)


def benefit(key="b1", unit_cost="u", people="1", units="1", actor="soc", first=2025, years=1,
            **shares):
    return BenefitLine(key, None, unit_cost, D(people), D(units), actor, first, years,
                       **{name: D(value) for name, value in shares.items()})


def cost(year, amount, actor="soc", category="staff"):
    return BudgetLine(category, actor, year, D(amount))


def inputs(budget=(), benefits=(), units=(), rate="0", **kwargs):
    return EconomicsInputs(start_year=2025, price_year=2025, discount_rate=D(rate),
                           budget=tuple(budget), benefits=tuple(benefits),
                           unit_costs=tuple(units), **kwargs)


def fixed(value):
    return Triangle(D(value), D(value), D(value))


def simple():
    """r = 0; cost 1000; 100 a year for 4 years → return 0.4."""
    return inputs(budget=[cost(2025, "1000")], benefits=[benefit(years=4)], units=[unit()])


def mixed():
    """Lines with every adjustment, restated, local and unrestated unit costs, several years."""
    return EconomicsInputs(
        start_year=2025, price_year=2025, discount_rate=D("0.035"),
        budget=(cost(2025, "120000"), cost(2026, "95000", category="external"),
                cost(2027, "30000", category="evaluation", actor="region")),
        benefits=(
            benefit("b1", "hvb", people="3.6", units="45", years=5, first=2026,
                    deadweight="0.1", attribution="0.2", drop_off="0.15"),
            benefit("b2", "school", people="2.4", units="1", years=3, first=2025,
                    actor="region", drop_off="0.3"),
            benefit("b3", "support", people="7", units="12", years=1, first=2028,
                    attribution="0.25"),
            benefit("b4", "hvb", people="0.8", units="20", years=8, first=2027),
        ),
        unit_costs=(unit("hvb", "7400", 2022, grade="C"), unit("school", "98000", 2023,
                                                               local="104500", grade="B"),
                    unit("support", "9300", 2019, grade="E")),
        price_index={2022: D("100"), 2023: D("106.4"), 2025: D("112.9")},
    )


MIXED_RANGES = {
    "people": Triangle(D("0.4"), D("1"), D("1.3")),
    "unit_costs": Triangle(D("0.8"), D("1"), D("1.25")),
    "years": Triangle(D("0.3"), D("1"), D("2.5")),
    "discount_rate": Triangle(D("0"), D("0.035"), D("0.08")),
}


# ----------------------------------------------------------------------------------- Monte Carlo


def test_fixed_ranges_give_one_value_for_every_draw():
    # people 2 × unit costs 1.5 = 3 × 100 a year; years 4 × 1.125 = 4.5 → 5 (half up):
    # 1500 / 1000 = 1.5 in every draw.
    result = monte_carlo(simple(), {"people": fixed("2"), "unit_costs": fixed("1.5"),
                                    "years": fixed("1.125"), "discount_rate": fixed("0")},
                         draws=50)
    assert (result.p5, result.p50, result.p95, result.mean) == (D("1.5"),) * 4
    assert (result.minimum, result.maximum) == (D("1.5"), D("1.5"))
    assert result.probability_above_one == D(1)
    assert result.histogram == (Bin(D("1.5"), D("1.5"), 50),)
    assert (result.undefined, result.reason, result.draws) == (0, None, 50)
    assert result.seed == ea.DEFAULT_SEED


def test_a_return_of_exactly_one_is_not_above_one():
    # Cost 1000 in 2025, 1250 in 2026 at r = 25 %: 1250 / 1.25 = 1000, return exactly 1.
    data = inputs(budget=[cost(2025, "1000")], benefits=[benefit(people="12.5", first=2026)],
                  units=[unit()], rate="0.035")
    result = monte_carlo(data, {"discount_rate": fixed("0.25")}, draws=10)
    assert result.p50 == D(1)
    assert result.probability_above_one == D(0)


def test_absent_parameters_stay_as_assumed():
    # Only the rate varies, and everything falls in the start year: always 400 / 1000.
    data = inputs(budget=[cost(2025, "1000")], benefits=[benefit(people="4")], units=[unit()])
    result = monte_carlo(data, {"discount_rate": Triangle(D("0"), D("0.03"), D("0.1"))},
                         draws=200)
    assert result.minimum == result.maximum == D("0.4")
    assert result.ranges == {"discount_rate": Triangle(D("0"), D("0.03"), D("0.1"))}


def test_probability_matches_the_triangle():
    # Base return 1.25 (125 a year for 4 years against 400).
    # People ~ Triangle(0, 1, 1): P(m ≤ x) = x², so P(1.25 m > 1) = P(m > 0.8) = 1 − 0.64 = 0.36;
    # E[m] = 2/3 → mean return 0.8333; median m = √0.5 = 0.7071 → 0.8839.
    data = inputs(budget=[cost(2025, "400")], benefits=[benefit(people="1.25", years=4)],
                  units=[unit()])
    result = monte_carlo(data, {"people": Triangle(D(0), D(1), D(1))})
    assert result.draws == 10_000
    assert abs(result.probability_above_one - D("0.36")) < D("0.02")
    assert abs(result.mean - D("0.8333")) < D("0.01")
    assert abs(result.p50 - D("0.8839")) < D("0.015")
    assert result.maximum <= D("1.25") and result.minimum >= 0
    assert sum(b.count for b in result.histogram) == 10_000
    assert len(result.histogram) == ea.HISTOGRAM_BINS
    assert result.histogram[0].low == result.minimum
    assert result.histogram[-1].high == result.maximum


def test_the_same_seed_repeats_and_another_differs():
    first = monte_carlo(mixed(), MIXED_RANGES, draws=500, seed=42)
    assert monte_carlo(mixed(), MIXED_RANGES, draws=500, seed=42) == first
    other = monte_carlo(mixed(), MIXED_RANGES, draws=500, seed=43)
    assert other.p50 != first.p50 and other.mean != first.mean
    assert other.seed == 43


@pytest.mark.parametrize("ranges", [
    MIXED_RANGES,
    # Fixed rate: benefit present values are reused per set of durations.
    {"people": MIXED_RANGES["people"], "years": Triangle(D("0.1"), D("1"), D("3"))},
])
def test_the_fast_path_equals_the_full_calculation(ranges):
    samples = sample_parameters(ranges, draws=40, seed=7)
    fast = simulate(mixed(), ranges, draws=40, seed=7)
    # The draws reach many rounded durations (b1 lasts 5 years × 0.1 … 3).
    assert len({apply_draw(mixed(), s).benefits[0].years for s in samples}) > 5
    for values, value in zip(samples, fast, strict=True):
        exact = calculate(apply_draw(mixed(), values)).return_per_krona
        assert abs(value - exact) <= abs(exact) * D("1e-12")


def test_apply_draw_varies_as_vary_does_and_replaces_the_rate():
    data = apply_draw(simple(), {"people": D("2"), "unit_costs": D("0.5"), "years": D("0.625"),
                                 "discount_rate": D("0.07")})
    assert data.benefits[0].people == D(2)
    assert data.unit_costs[0].amount == D(50)
    assert data.benefits[0].years == 3  # 4 × 0.625 = 2.5 → 3
    assert data.discount_rate == D("0.07")


def test_draws_follow_the_documented_order_and_conversion():
    ranges = {"discount_rate": Triangle(D("0"), D("0.035"), D("0.06")),
              "people": Triangle(D("0.5"), D("1"), D("1.5"))}
    rng = random.Random(99)
    people = rng.triangular(0.5, 1.5, 1.0)  # people first, whatever the mapping's order
    rate = rng.triangular(0.0, 0.06, 0.035)
    first = sample_parameters(ranges, draws=3, seed=99)[0]
    assert first == {"people": D(repr(people)), "discount_rate": D(repr(rate))}
    assert list(first) == ["people", "discount_rate"]
    for values in sample_parameters(ranges, draws=300, seed=1):
        assert D("0.5") <= values["people"] <= D("1.5")
        assert D("0") <= values["discount_rate"] <= D("0.06")


def test_no_costs_gives_a_reason_and_no_distribution():
    data = inputs(benefits=[benefit()], units=[unit()])
    result = monte_carlo(data, MIXED_RANGES, draws=20)
    assert result.reason == ec.NO_COSTS
    assert result.undefined == 20
    assert result.probability_above_one is None and result.p50 is None and result.mean is None
    assert result.histogram == ()


@pytest.mark.parametrize(("ranges", "draws", "field", "code"), [
    ({"people": (D("-0.1"), D("1"), D("1.2"))}, 10, "ranges.people.low", ec.RANGE_NEGATIVE),
    ({"years": (D("0.5"), D("1"), "x")}, 10, "ranges.years.high", ec.NOT_A_NUMBER),
    ({"discount_rate": (D("0"), D("0.5"), D("1.2"))}, 10, "ranges.discount_rate.high",
     ec.RANGE_RATE_OUT_OF_RANGE),
    ({"discount_rate": (D("-0.01"), D("0"), D("0.1"))}, 10, "ranges.discount_rate.low",
     ec.RANGE_RATE_OUT_OF_RANGE),
    ({"people": (D("0.8"), D("0.5"), D("1.2"))}, 10, "ranges.people.likely", ec.RANGE_ORDER),
    ({"unit_costs": (D("0.8"), D("1.1"), D("1"))}, 10, "ranges.unit_costs.high",
     ec.RANGE_ORDER),
    ({"effect": (D("0.8"), D("1"), D("1.2"))}, 10, "ranges.effect", ec.UNKNOWN_PARAMETER),
    ({}, 0, "draws", ec.DRAWS_OUT_OF_RANGE),
    ({}, 100_001, "draws", ec.DRAWS_OUT_OF_RANGE),
    ({}, 2.5, "draws", ec.DRAWS_OUT_OF_RANGE),
    ({}, True, "draws", ec.DRAWS_OUT_OF_RANGE),
])
def test_validation_names_the_field(ranges, draws, field, code):
    with pytest.raises(EconomicsError) as caught:
        monte_carlo(simple(), ranges, draws=draws)
    assert (caught.value.field, caught.value.code) == (field, code)


def test_validation_messages():
    with pytest.raises(EconomicsError) as caught:
        monte_carlo(simple(), {"people": (D("0.8"), D("0.5"), D("1.2"))})
    assert str(caught.value) == (
        "ranges.people.likely (0.5) cannot be lower than ranges.people.low (0.8).")
    with pytest.raises(EconomicsError) as caught:
        monte_carlo(simple(), {"discount_rate": (D("0"), D("0"), D("2"))})
    assert str(caught.value) == (
        "ranges.discount_rate.high is a discount rate and must be between 0 and 1 (0–100 %).")
    with pytest.raises(EconomicsError) as caught:
        monte_carlo(simple(), {}, draws=0)
    assert str(caught.value) == "The number of draws must be a whole number from 1 to 100000."
    with pytest.raises(EconomicsError) as caught:  # the inputs themselves are validated too
        monte_carlo(replace(simple(), discount_rate=D("3")), {})
    assert caught.value.field == "discount_rate"


def test_percentile_interpolates_between_ranks():
    values = [D(1), D(2), D(3), D(4), D(5)]
    # position (5 − 1) × share: 0.2 → 1.2; 2 → 3; 3.8 → 4.8
    assert percentile(values, D("0.05")) == D("1.2")
    assert percentile(values, D("0.5")) == D("3")
    assert percentile(values, D("0.95")) == D("4.8")
    assert percentile(values, D("1")) == D("5")
    assert percentile([D(7)], D("0.05")) == D(7)


def test_histogram_bars():
    # 0 … 2 in 4 bars of 0.5; 2 falls in the last bar.
    values = [D("0"), D("0.4"), D("0.5"), D("1.2"), D("2")]
    assert histogram(values, 4) == (Bin(D("0"), D("0.5"), 2), Bin(D("0.5"), D("1.0"), 1),
                                    Bin(D("1.0"), D("1.5"), 1), Bin(D("1.5"), D("2"), 1))


def test_fingerprint_follows_the_numbers_not_their_spelling():
    base = simple()
    respelled = replace(base, discount_rate=D("0.000"),
                        benefits=(replace(base.benefits[0], people=D("1.00")),))
    assert inputs_fingerprint(respelled) == inputs_fingerprint(base)
    changed = replace(base, benefits=(replace(base.benefits[0], people=D("1.01")),))
    assert inputs_fingerprint(changed) != inputs_fingerprint(base)
    assert monte_carlo(base, {}, draws=1).fingerprint == inputs_fingerprint(base)


# -------------------------------------------------------------------------------- honesty checks


def unchecked():
    """r = 0; cost 1000; b1 100 × 5 years, b2 100 × 3 years (no grade), b3 10 × 1 year from a
    unit cost priced in 2019 that the empty index cannot restate; return 810 / 1000."""
    return inputs(budget=[cost(2025, "1000")],
                  benefits=[benefit("b1", years=5), benefit("b2", years=3),
                            benefit("b3", "old", years=1)],
                  units=[unit(), unit("old", "10", 2019, grade="A"), unit("spare")])


def test_every_check_on_an_unadjusted_project():
    data = unchecked()
    checks = honesty_checks(data, calculate(data), sensitivity_current=False,
                            evidence_years={"b1": 3, "b3": None})
    assert [(c.code, c.severity, c.benefit, c.unit_cost) for c in checks] == [
        ("no_adjustments", "warning", None, None),
        ("no_discounting", "warning", None, None),
        ("no_sensitivity", "info", None, None),
        ("duration_beyond_evidence", "warning", "b1", None),
        ("duration_without_evidence", "info", "b2", None),
        ("no_confidence_grade", "info", None, "u"),  # "spare" is not used
        ("unrestated_unit_cost", "info", None, "old"),
    ]
    text = {c.code: c.msgid % c.params for c in checks}
    assert text["no_adjustments"] == (
        "No deadweight, attribution, drop-off or optimism reduction is applied: the return "
        "assumes every avoided cost is due to the initiative and lasts undiminished.")
    assert text["no_discounting"] == (
        "The discount rate is 0 although costs or benefits fall in later years: a krona in "
        "2029 counts as much as one today.")
    assert text["duration_beyond_evidence"] == (
        "“b1”: the effect is counted for 5 years, but the evidence covers only 3 year(s). "
        "Shorten the duration or give evidence for the longer effect.")
    assert text["duration_without_evidence"] == (
        "“b2”: the effect is counted for 3 years, with no evidence given for how long it lasts.")
    assert text["no_confidence_grade"] == (
        "The unit cost “U” has no confidence grade, so no optimism reduction is applied to it.")
    assert text["unrestated_unit_cost"] == (
        "The unit cost “OLD” is not restated to 2025: the price index lacks 2019, 2025.")


def test_labels_name_the_lines():
    data = unchecked()
    checks = honesty_checks(data, calculate(data), sensitivity_current=True,
                            evidence_years={"b1": 3}, labels={"b1": "Placements avoided"})
    beyond = next(c for c in checks if c.code == ea.DURATION_BEYOND_EVIDENCE)
    assert beyond.params["benefit"] == "Placements avoided" and beyond.benefit == "b1"
    assert ea.NO_SENSITIVITY not in {c.code for c in checks}


def test_a_careful_project_has_no_findings():
    data = inputs(budget=[cost(2025, "1000"), cost(2026, "500")],
                  benefits=[benefit("b1", people="2", years=3, first=2026, deadweight="0.1")],
                  units=[unit(grade="B")], rate="0.035")
    checks = honesty_checks(data, calculate(data), sensitivity_current=True,
                            evidence_years={"b1": 3})
    assert checks == ()


@pytest.mark.parametrize(("change", "flagged"), [
    (lambda d: d, True),
    (lambda d: replace(d, benefits=(replace(d.benefits[0], drop_off=D("0.05")),)), False),
    (lambda d: replace(d, benefits=(replace(d.benefits[0], attribution=D("0.1")),)), False),
    # Grade C carries the default 10 % optimism reduction …
    (lambda d: replace(d, unit_costs=(unit(grade="C"),)), False),
    # … grade A none, nor grade C in a table that removes nothing.
    (lambda d: replace(d, unit_costs=(unit(grade="A"),)), True),
    (lambda d: replace(d, unit_costs=(unit(grade="C"),), optimism={"C": D("0")}), True),
    (lambda d: replace(d, benefits=()), False),  # nothing to adjust
])
def test_no_adjustments(change, flagged):
    data = change(inputs(budget=[cost(2025, "1000")], benefits=[benefit()], units=[unit()]))
    codes = {c.code for c in honesty_checks(data, calculate(data), sensitivity_current=True,
                                            evidence_years={})}
    assert (ea.NO_ADJUSTMENTS in codes) is flagged


def test_no_discounting_only_when_something_falls_later():
    same_year = inputs(budget=[cost(2025, "1000")], benefits=[benefit()], units=[unit()])
    codes = {c.code for c in honesty_checks(same_year, calculate(same_year),
                                            sensitivity_current=True, evidence_years={})}
    assert ea.NO_DISCOUNTING not in codes
    later_cost = replace(same_year, budget=(cost(2025, "500"), cost(2027, "500")))
    checks = honesty_checks(later_cost, calculate(later_cost), sensitivity_current=True,
                            evidence_years={})
    assert [c.params for c in checks if c.code == ea.NO_DISCOUNTING] == [{"year": 2027}]
    discounted = replace(later_cost, discount_rate=D("0.03"))
    codes = {c.code for c in honesty_checks(discounted, calculate(discounted),
                                            sensitivity_current=True, evidence_years={})}
    assert ea.NO_DISCOUNTING not in codes


def test_evidence_per_line():
    data = inputs(budget=[cost(2025, "1000")],
                  benefits=[benefit("a", years=3), benefit("b", years=3), benefit("c", years=2),
                            benefit("d", years=1)],
                  units=[unit(grade="B")])
    checks = honesty_checks(data, calculate(data), sensitivity_current=True,
                            evidence_years={"a": 3, "b": 2, "d": 0})
    found = [(c.code, c.benefit, c.params.get("evidence")) for c in checks
             if c.code.startswith("duration")]
    # a: 3 ≤ 3 fine; b: 3 > 2; c: 2 years without evidence; d: 1 > 0.
    assert found == [("duration_beyond_evidence", "b", 2), ("duration_beyond_evidence", "d", 0),
                     ("duration_without_evidence", "c", None)]


def fragile(people):
    """r = 0; cost 1000; people × 100 a year for 4 years (grade B)."""
    return inputs(budget=[cost(2025, "1000")], benefits=[benefit(people=people, years=4)],
                  units=[unit(grade="B")])


def test_fragile_return():
    # people 2.75: 275 × 4 × 0.95 (grade B) = 1045 → 1.045. At 0.75 × people, unit costs or
    # years (3 years): 0.78375 → "0.78"; the rate is 0 and stays 0.
    data = fragile("2.75")
    checks = [c for c in honesty_checks(data, calculate(data), sensitivity_current=True,
                                        evidence_years={"b1": 4}) if c.code == ea.FRAGILE_RETURN]
    assert len(checks) == 1 and checks[0].severity == "warning"
    assert checks[0].msgid % checks[0].params == (
        "The return of 1.05 kronor per krona falls to 0.78 when a single assumption is 25 % "
        "less favourable: quote it with its range, not alone.")
    assert checks[0].params["parameters"] == ("people", "unit_costs", "years")


@pytest.mark.parametrize(("people", "factor", "flagged"), [
    ("2.75", D("0.25"), True),
    ("5", D("0.25"), False),   # 1.9 → 1.425 at worst
    ("5", D("0.5"), True),     # 1.9 → 0.95 (years 4 × 0.5 = 2)
    ("2", D("0.25"), False),   # 0.76: below 1 already, not fragile but poor
])
def test_fragile_depends_on_the_factor(people, factor, flagged):
    data = fragile(people)
    codes = {c.code for c in honesty_checks(data, calculate(data), sensitivity_current=True,
                                            evidence_years={"b1": 4}, factor=factor)}
    assert (ea.FRAGILE_RETURN in codes) is flagged


# --------------------------------------------------------------------------- full-scale estimate


def pilot():
    """r = 10 %. Costs: staff 1000 (2025), staff 1100 (2026, PV 1000), evaluation 110 (2026,
    PV 100): total 2210, PV 2100. Benefits: 2200 (2026, PV 2000), 1210 (2027, PV 1000):
    total 3410, PV 3000."""
    return inputs(budget=[cost(2025, "1000"), cost(2026, "1100"),
                          cost(2026, "110", category="evaluation")],
                  benefits=[benefit("b1", people="22", first=2026),
                            benefit("b2", people="12.1", first=2027)],
                  units=[unit()], rate="0.1")


def test_full_scale_keeps_evaluation_costs_fixed():
    data = pilot()
    result = calculate(data)
    assert (result.cost_present_value, result.benefit_present_value) == (D(2100), D(3000))
    scaled = full_scale(data, result, pilot_participants=20, target_size=100)
    assert isinstance(scaled, FullScale)
    assert scaled.factor == D(5)
    assert (scaled.fixed_cost, scaled.fixed_cost_present_value) == (D(110), D(100))
    # 110 + 5 × (2210 − 110) = 10610; PV 100 + 5 × 2000 = 10100
    assert scaled.cost_total == D(10610)
    assert scaled.cost_present_value == D(10100)
    assert scaled.benefit_total == D(17050)
    assert scaled.benefit_present_value == D(15000)
    assert scaled.net_present_value == D(4900)
    assert scaled.net_total == D(6440)
    # 15000 / 10100 = 1.48514…, better than the pilot's 3000 / 2100 = 1.42857…
    assert ec.ratio(scaled.return_per_krona) == D("1.4851")
    assert ec.ratio(result.return_per_krona) == D("1.4286")
    assert scaled.return_reason is None
    assert scaled.cost_per_participant == D("106.1")
    # Running costs 1000 + 1100 over 2025–2026: 1050 a year × 5; benefits 3410 over 2026–2027:
    # 1705 a year × 5.
    assert scaled.annual_cost == D(5250)
    assert scaled.annual_benefit == D(8525)


def test_without_fixed_costs_the_return_is_unchanged():
    data = replace(pilot(), budget=(cost(2025, "1000"), cost(2026, "1100")))
    result = calculate(data)
    scaled = full_scale(data, result, pilot_participants=D("12"), target_size=D("30"))
    assert scaled.factor == D("2.5")
    assert scaled.return_per_krona == result.return_per_krona
    assert scaled.cost_total == D("5250")


@pytest.mark.parametrize(("pilot_participants", "target_size", "reason"), [
    (None, 100, ea.NO_PILOT),
    (0, 100, ea.NO_PILOT),
    (20, None, ea.NO_TARGET),
    (20, 0, ea.NO_TARGET),
    (20, 20, ea.PILOT_COVERS_GROUP),
    (20, 15, ea.PILOT_COVERS_GROUP),
])
def test_full_scale_not_defined(pilot_participants, target_size, reason):
    data = pilot()
    assert full_scale(data, calculate(data), pilot_participants=pilot_participants,
                      target_size=target_size) == reason
    assert ea.REASONS[reason].startswith("Not defined:")


def test_full_scale_rejects_negative_sizes():
    with pytest.raises(EconomicsError) as caught:
        full_scale(pilot(), calculate(pilot()), pilot_participants=20, target_size=-5)
    assert caught.value.field == "target_size"


def test_full_scale_of_a_project_without_costs():
    data = inputs(benefits=[benefit()], units=[unit()])
    scaled = full_scale(data, calculate(data), pilot_participants=10, target_size=40)
    assert scaled.return_per_krona is None and scaled.return_reason == ec.NO_COSTS
    assert scaled.benefit_total == D(400) and scaled.annual_cost == D(0)


# ------------------------------------------------------------------------------ trust suggestion


def test_trust_table():
    assert {key: ea.TRUST[key] for key in ea.TRUST} == {
        "rct": D("0"), "waitlist_control": D("0.05"), "matching": D("0.10"),
        "shadow_control": D("0.20"), "generic_control": D("0.20"),
        "historical_control": D("0.30"), "before_after": D("0.40"), None: D("0.50")}
    assert set(ea.TRUST) == set(dg.ALTERNATIVE_KEYS) | {None}


def test_trust_suggestion():
    before = trust_suggestion("before_after")
    assert before.attribution == D("0.40")
    assert before.msgid % before.params == (
        "A before–after measurement credits the initiative with every change, including what "
        "would have happened anyway: 40 % attribution is suggested.")
    rct = trust_suggestion("rct")
    assert rct.attribution == 0 and rct.params == {"percent": "0"}
    assert trust_suggestion("waitlist_control").params == {"percent": "5"}
    assert trust_suggestion(None).attribution == D("0.5")
    for key in ea.TRUST:
        suggestion = trust_suggestion(key)
        assert "%" in suggestion.msgid % suggestion.params
    with pytest.raises(ValueError, match="unknown comparison"):
        trust_suggestion("coin_toss")


def test_people_from_effect():
    assert people_from_effect(60, D("-0.18")) == D("10.8")
    assert people_from_effect(D("40"), "0.25") == D("10")
    with pytest.raises(EconomicsError) as caught:
        people_from_effect(-1, D("0.1"))
    assert caught.value.field == "participants"
    with pytest.raises(EconomicsError) as caught:
        people_from_effect(10, "much")
    assert caught.value.field == "effect"
