"""Costs, benefits, discounting, payback and sensitivity (FORMAT.md, *Economics*; SPEC 3.5)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.domain import economics as ec
from models.domain.economics import (
    BenefitLine,
    BudgetLine,
    EconomicsError,
    EconomicsInputs,
    UnitCost,
    benefit_yields,
    break_even_factor,
    calculate,
    money,
    one_way,
    restate,
    switching_values,
    vary,
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


def inputs(budget=(), benefits=(), units=(), rate="0.035", **kwargs):
    return EconomicsInputs(start_year=2025, price_year=2025, discount_rate=D(rate),
                           budget=tuple(budget), benefits=tuple(benefits),
                           unit_costs=tuple(units), **kwargs)


def case_a(**kwargs):
    """Start 2025, r = 3.5 %.
    Costs: soc 1000 (2025) + 1035 (2026); PV = 1000 + 1035 / 1.035 = 2000.
    Benefits: region 1 × 1 × 1071.225 in 2027, PV = 1071.225 / 1.035² = 1071.225 / 1.071225 = 1000;
    soc 2 × 1 × 1035 = 2070 in 2026, PV = 2070 / 1.035 = 2000.
    Cumulative discounted net: 2025 −1000; 2026 −1000 − 1000 + 2000 = 0; 2027 +1000."""
    return inputs(
        budget=[cost(2025, "1000"), cost(2026, "1035", category="external")],
        benefits=[benefit("b1", "far", actor="region", first=2027),
                  benefit("b2", "near", people="2", first=2026)],
        units=[unit("far", "1071.225"), unit("near", "1035")], **kwargs)


# ----------------------------------------------------------------------------------- discounting


def test_discounting_at_three_and_a_half_percent():
    result = calculate(case_a())
    assert result.cost_total == D("2035")
    assert result.benefit_total == D("3141.225")
    assert result.cost_present_value == D("2000")
    assert result.benefit_present_value == D("3000")
    assert result.net_present_value == D("1000")
    assert result.return_per_krona == D("1.5")
    assert [row.year for row in result.years] == [2025, 2026, 2027]
    assert [row.discount_factor for row in result.years] == [D(1), D("1.035"), D("1.071225")]
    assert result.cumulative_series == ((2025, D(-1000)), (2026, D(0)), (2027, D(1000)))


def test_a_single_discounted_year_is_rounded_to_ore_only_when_reported():
    # 1000 / 1.035 = 966.18357487922705…
    result = calculate(inputs(budget=[cost(2025, "500")],
                              benefits=[benefit(people="10", first=2026)], units=[unit()]))
    assert result.benefit_present_value != D("966.18")
    assert money(result.benefit_present_value) == D("966.18")
    assert result.as_computed()["benefit_present_value"] == "966.18"
    # 966.18357… / 500 = 1.93236…
    assert result.as_computed()["return_per_krona"] == "1.9324"


def test_a_zero_discount_rate_makes_present_values_equal_totals():
    result = calculate(case_a(rate="0"))
    assert result.cost_present_value == result.cost_total == D("2035")
    assert result.benefit_present_value == result.benefit_total == D("3141.225")
    assert all(row.discount_factor == 1 for row in result.years)


def test_computed_economics_as_in_the_format():
    result = calculate(case_a())
    assert result.as_computed() == {
        "cost_total": "2035.00", "benefit_total": "3141.23",  # 3141.225 half up
        "cost_present_value": "2000.00", "benefit_present_value": "3000.00",
        "net_present_value": "1000.00", "return_per_krona": "1.5000", "payback_year": 2026,
        "by_actor": [{"actor": "region", "cost": "0.00", "benefit": "1071.23"},
                     {"actor": "soc", "cost": "2035.00", "benefit": "2070.00"}],
    }
    region, soc = result.by_actor
    assert region.benefit_pv == D("1000") and soc.cost_pv == D("2000")
    assert soc.net_pv == D("0")


# -------------------------------------------------------------------------------------- payback


def test_payback_exactly_at_break_even_counts():
    assert calculate(case_a()).payback_year == 2026
    # r = 0: 50 a year for 3 years against 100 → cumulative −50, 0, +50.
    result = calculate(inputs(budget=[cost(2025, "100")],
                              benefits=[benefit(people="0.5", years=3)], units=[unit()],
                              rate="0"))
    assert result.payback_year == 2026


def test_payback_in_the_first_year():
    result = calculate(inputs(budget=[cost(2025, "100")], benefits=[benefit(people="1.5")],
                              units=[unit()]))
    # 1.5 × 1 × 100 = 150 ≥ 100 in 2025
    assert result.payback_year == 2025


def test_payback_never():
    result = calculate(inputs(budget=[cost(2025, "100")], benefits=[benefit(people="0.3",
                                                                            years=3)],
                              units=[unit()], rate="0"))
    # 30 a year for 3 years: −70, −40, −10
    assert result.payback_year is None
    assert result.cumulative_series[-1] == (2027, D("-10"))


def test_no_lines_gives_no_years_and_no_payback():
    result = calculate(inputs())
    assert result.years == () and result.payback_year is None


# ---------------------------------------------------------------------------------- restatement


def test_restate_with_the_index():
    index = {2022: D("100"), 2025: D("110")}
    national = restate(unit(amount="1000", price_year=2022), 2025, index)
    assert (national.amount, national.restated, national.local) == (D("1100"), True, False)
    local = restate(unit(amount="1000", price_year=2022, local="800"), 2025, index)
    assert (local.amount, local.base_amount, local.local) == (D("880"), D("800"), True)


def test_restate_with_a_missing_index_year_leaves_the_amount_and_says_so():
    result = restate(unit(amount="1000", price_year=2022), 2025, {2025: D("110")})
    assert result.amount == D("1000")
    assert result.restated is False
    assert result.missing_years == (2022,)
    msgid, params = ec.unchanged_note(result)
    assert msgid % params == "Not restated to 2025: the price index lacks 2022."
    assert ec.unchanged_note(restate(unit(), 2025, {})) is None  # same year needs no index


def test_calculate_uses_restated_amounts_and_lists_unchanged_units():
    data = inputs(budget=[cost(2025, "100")],
                  benefits=[benefit("b1", "old"), benefit("b2", "gap")],
                  units=[unit("old", "1000", 2022), unit("gap", "10", 2019)],
                  price_index={2022: D("100"), 2025: D("110")})
    result = calculate(data)
    assert result.benefit_total == D("1100") + D("10")
    assert result.unchanged_unit_costs == ("gap",)


# ---------------------------------------------------------------------------- not defined values


def test_zero_cost_project_has_no_return():
    result = calculate(inputs(benefits=[benefit()], units=[unit()]))
    assert result.return_per_krona is None
    assert result.return_reason == ec.NO_COSTS
    assert result.as_computed()["return_per_krona"] is None
    assert break_even_factor(inputs(benefits=[benefit()], units=[unit()])) == (None, ec.NO_COSTS)


def test_cost_per_effect():
    # cost PV 2000 / (|−0.18| × 60 = 10.8) = 185.185…; cost per participant 2035 / 60 = 33.9166…
    result = calculate(case_a(effect=D("-0.18"), participants=D("60")))
    assert money(result.cost_per_effect) == D("185.19")
    assert money(result.cost_per_participant) == D("33.92")
    none = calculate(case_a())
    assert none.cost_per_effect is None and none.cost_per_effect_reason == ec.NO_EFFECT
    zero = calculate(case_a(effect=D("0"), participants=D("60")))
    assert zero.cost_per_effect is None and zero.cost_per_effect_reason == ec.NO_EFFECT


# ---------------------------------------------------------------------------------- adjustments


def test_adjustments_by_hand():
    # 10 people × 2 units × 500 = 10000; × (1 − 0.2) = 8000; × (1 − 0.25) = 6000;
    # × (1 − 0.10, grade C) = 5400 in k = 0; drop-off 0.5: 2700 (k = 1), 1350 (k = 2).
    line = benefit(people="10", units="2", years=3, deadweight="0.2", attribution="0.25",
                   drop_off="0.5")
    data = inputs(budget=[cost(2025, "1")], benefits=[line],
                  units=[unit(amount="500", grade="C")], rate="0")
    result = calculate(data)
    assert [(y.year, y.k, y.amount) for y in result.yields] == [
        (2025, 0, D("5400")), (2026, 1, D("2700")), (2027, 2, D("1350"))]
    assert result.benefit_total == D("9450")
    # The coordinator's own table: grade C removes half → 3000, 1500, 750.
    own = calculate(replace(data, optimism={"C": D("0.5")}))
    assert [y.amount for y in own.yields] == [D("3000"), D("1500"), D("750")]
    # A null grade means no reduction → 6000, 3000, 1500.
    assert [y.amount for y in benefit_yields(line, D("500"), D("0"))] == [
        D("6000"), D("3000"), D("1500")]


def test_default_optimism_table():
    assert ec.DEFAULT_OPTIMISM == {"A": D("0"), "B": D("0.05"), "C": D("0.10"), "D": D("0.20"),
                                   "E": D("0.30")}


# ----------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(("change", "field", "code"), [
    (lambda d: replace(d, discount_rate=D("2.5")), "discount_rate", ec.RATE_OUT_OF_RANGE),
    (lambda d: replace(d, discount_rate=D("-0.01")), "discount_rate", ec.RATE_OUT_OF_RANGE),
    (lambda d: replace(d, benefits=(benefit(people="-1"),)), "benefits[0].people", ec.NEGATIVE),
    (lambda d: replace(d, benefits=(benefit(units="-1"),)), "benefits[0].units_per_person",
     ec.NEGATIVE),
    (lambda d: replace(d, budget=(cost(2025, "-5"),)), "budget[0].amount", ec.NEGATIVE),
    (lambda d: replace(d, budget=(cost(2024, "5"),)), "budget[0].year", ec.BEFORE_START),
    (lambda d: replace(d, budget=(BudgetLine("food", "soc", 2025, D(1)),)),
     "budget[0].category", ec.UNKNOWN_CATEGORY),
    (lambda d: replace(d, benefits=(benefit(first=2023),)), "benefits[0].first_year",
     ec.BEFORE_START),
    (lambda d: replace(d, benefits=(benefit(unit_cost="nope"),)), "benefits[0].unit_cost",
     ec.UNKNOWN_UNIT_COST),
    (lambda d: replace(d, benefits=(benefit(years=0),)), "benefits[0].years", ec.YEARS_TOO_FEW),
    (lambda d: replace(d, benefits=(benefit(deadweight="1.2"),)), "benefits[0].deadweight",
     ec.SHARE_OUT_OF_RANGE),
    (lambda d: replace(d, benefits=(benefit(drop_off="-0.1"),)), "benefits[0].drop_off",
     ec.SHARE_OUT_OF_RANGE),
    (lambda d: replace(d, unit_costs=(unit(amount="-1"),)), "unit_costs[0].amount", ec.NEGATIVE),
    (lambda d: replace(d, unit_costs=(unit(grade="F"),)), "unit_costs[0].confidence",
     ec.UNKNOWN_GRADE),
    (lambda d: replace(d, optimism={"B": D("1.5")}), "optimism[B]", ec.SHARE_OUT_OF_RANGE),
    (lambda d: replace(d, price_index={2024: D("0")}), "price_index[2024]",
     ec.INDEX_NOT_POSITIVE),
    (lambda d: replace(d, participants=D("-3")), "participants", ec.NEGATIVE),
])
def test_validation_names_the_field(change, field, code):
    data = inputs(budget=[cost(2025, "1")], benefits=[benefit()], units=[unit()])
    calculate(data)  # valid as it stands
    with pytest.raises(EconomicsError) as caught:
        calculate(change(data))
    assert caught.value.field == field
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)


def test_validation_messages():
    data = inputs(benefits=[benefit(people="-2")], units=[unit()])
    with pytest.raises(EconomicsError, match=r"^benefits\[0\]\.people cannot be negative\.$"):
        calculate(data)
    with pytest.raises(EconomicsError) as caught:
        calculate(inputs(budget=[cost(2023, "1")]))
    assert str(caught.value) == "budget[0].year (2023) is before the project starts (2025)."
    assert caught.value.params == {"field": "budget[0].year", "year": 2023, "start": 2025}
    with pytest.raises(EconomicsError) as caught:
        calculate(inputs(rate="2.5"))
    assert str(caught.value) == "The discount rate must be between 0 and 1 (0–100 %)."
    assert caught.value.message == "The discount rate must be between 0 and 1 (0–100 %%)."


# ---------------------------------------------------------------------------------- sensitivity


def sensitivity_case():
    # r = 0; cost 1000; benefit 1 × 1 × 100 a year for 4 years = 400 → return 0.4.
    return inputs(budget=[cost(2025, "1000")], benefits=[benefit(years=4)], units=[unit()],
                  rate="0")


def test_one_way():
    bars = {bar.parameter: bar for bar in one_way(sensitivity_case())}
    assert (bars["people"].low, bars["people"].high) == (D("0.3"), D("0.5"))
    assert (bars["unit_costs"].low, bars["unit_costs"].high) == (D("0.3"), D("0.5"))
    # 4 × 0.75 = 3 years (300), 4 × 1.25 = 5 years (500)
    assert (bars["years"].low, bars["years"].high) == (D("0.3"), D("0.5"))
    # a zero rate stays zero
    assert (bars["discount_rate"].low, bars["discount_rate"].high) == (D("0.4"), D("0.4"))
    assert one_way(sensitivity_case())[-1].parameter == "discount_rate"
    with pytest.raises(EconomicsError) as caught:
        one_way(sensitivity_case(), D("1.5"))
    assert caught.value.field == "factor"


def test_vary_caps_the_rate_and_keeps_at_least_one_year():
    data = replace(sensitivity_case(), discount_rate=D("0.9"))
    assert vary(data, ec.DISCOUNT_RATE, D("1.25")).discount_rate == D("1")
    one_year = replace(data, benefits=(benefit(years=1),))
    assert vary(one_year, ec.YEARS, D("0.25")).benefits[0].years == 1


def test_break_even_factor():
    factor, reason = break_even_factor(sensitivity_case())
    assert (factor, reason) == (D("2.5"), None)
    assert calculate(vary(sensitivity_case(), ec.PEOPLE, factor)).return_per_krona == D("1")
    no_benefit = replace(sensitivity_case(), benefits=(benefit(people="0"),))
    assert break_even_factor(no_benefit) == (None, ec.NO_BENEFITS)


def test_switching_values():
    # Cost 1000 in 2025, benefit 1100 in 2026: the return is 1 at r = 10 %.
    data = inputs(budget=[cost(2025, "1000")], benefits=[benefit(people="11", first=2026)],
                  units=[unit()])
    values = switching_values(data)
    rate, reason = values["discount_rate"]
    assert reason is None and abs(rate - D("0.1")) < D("1e-12")
    # people: cost PV 1000 / benefit PV (1100 / 1.035) = 0.940909…
    multiplier, reason = values["people"]
    assert reason is None and ec.ratio(multiplier) == D("0.9409")
    assert values["unit_costs"] == values["people"]
    always = inputs(budget=[cost(2025, "1000")], benefits=[benefit(people="20")],
                    units=[unit()])
    assert switching_values(always)["discount_rate"] == (None, ec.NO_CROSSING)


def test_switching_value_of_the_duration():
    # Cost 1000, 100 a year for 4 years, r = 0: the return is 0.4 and reaches 1 with 10 years,
    # i.e. 10 / 4 = 2.5 times the assumed duration.
    values = switching_values(sensitivity_case())
    assert values["years"] == (D("2.5"), None)
    assert calculate(vary(sensitivity_case(), ec.YEARS, D("2.5"))).return_per_krona == D("1")
    assert calculate(vary(sensitivity_case(), ec.YEARS, D("2.25"))).return_per_krona == D("0.9")


def test_switching_duration_scales_shorter_lines_in_proportion():
    # Line a: 100 a year for 4 years; line b: 50 a year for 2 years; cost 1000, r = 0.
    # With the longest lasting n years, b lasts max(1, round half up(n / 2)) years:
    # n = 7 → 700 + 50 × 4 = 900 (0.9); n = 8 → 800 + 50 × 4 = 1000 (1). So 8 / 4 = 2.
    data = inputs(budget=[cost(2025, "1000")],
                  benefits=[benefit("a", years=4), benefit("b", people="0.5", years=2)],
                  units=[unit()], rate="0")
    assert ec.switching_years(data) == (D("2"), None)
    assert calculate(vary(data, ec.YEARS, D("1.75"))).return_per_krona == D("0.9")


def test_switching_duration_when_the_first_year_already_pays():
    # 100 in the first year against a cost of 100: one year is enough, 1 / 4 of the duration.
    data = inputs(budget=[cost(2025, "100")], benefits=[benefit(years=4)], units=[unit()],
                  rate="0")
    assert ec.switching_years(data) == (D("0.25"), None)


def test_switching_duration_not_defined():
    # 100 a year for 4 years against 10 000: even 40 years (the cap, 10 × 4) give only 0.4.
    never = inputs(budget=[cost(2025, "10000")], benefits=[benefit(years=4)], units=[unit()],
                   rate="0")
    assert ec.switching_years(never) == (None, ec.NO_CROSSING)
    # 100 a year for 4 years against 4000 reaches 1 exactly at the cap, 40 years.
    assert ec.switching_years(replace(never, budget=(cost(2025, "4000"),))) == (D("10"), None)
    no_costs = inputs(benefits=[benefit(years=4)], units=[unit()])
    assert switching_values(no_costs)["years"] == (None, ec.NO_COSTS)
    no_benefits = inputs(budget=[cost(2025, "100")])
    assert ec.switching_years(no_benefits) == (None, ec.NO_BENEFITS)
    assert ec.switching_years(replace(sensitivity_case(), benefits=(benefit(people="0"),))) == (
        None, ec.NO_BENEFITS)


def test_switching_values_cover_every_parameter():
    assert list(switching_values(sensitivity_case())) == list(ec.PARAMETERS)


# ------------------------------------------------------------------------------------- property

shares = st.integers(0, 20).map(lambda n: D(n) / 20)
lines = st.tuples(st.integers(0, 500), st.integers(0, 40), st.integers(0, 3), st.integers(1, 5),
                  shares, shares, shares)


@settings(max_examples=60, deadline=None)
@given(st.lists(lines, min_size=1, max_size=3), st.integers(1, 10**6),
       st.integers(0, 20).map(lambda n: D(n) / 100), st.data())
def test_more_people_never_lowers_the_return(specs, budget, rate, data):
    benefits = [
        BenefitLine(f"b{i}", None, "u", D(people), D(units), "soc", 2025 + offset, years,
                    deadweight, attribution, drop)
        for i, (people, units, offset, years, deadweight, attribution, drop) in enumerate(specs)]
    base = EconomicsInputs(2025, 2025, rate, (cost(2025, budget),), tuple(benefits),
                           (unit(amount="1234.5", grade="D"),))
    index = data.draw(st.integers(0, len(benefits) - 1))
    extra = D(data.draw(st.integers(0, 1000))) / 10
    more = list(benefits)
    more[index] = replace(more[index], people=more[index].people + extra)
    before = calculate(base).return_per_krona
    after = calculate(replace(base, benefits=tuple(more))).return_per_krona
    assert after >= before


def test_full_drop_off_keeps_only_the_first_year():
    # drop_off 1: (1 − 1)^0 = 1 in k = 0, then 0.
    line = benefit(people="3", years=3, drop_off="1")
    assert [y.amount for y in benefit_yields(line, D("100"), D("0"))] == [D("300"), D(0), D(0)]
