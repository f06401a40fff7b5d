"""The socio-economic index per area (guide, figure 5), against hand-computed values."""

from decimal import Decimal

import pytest

from models.domain import ses
from models.domain.ses import SES_VARIABLES, AreaInput, SesError, compute_ses


def area(name, education, employment, nordic_born, income, outcome=None):
    return AreaInput(
        name,
        Decimal(str(education)),
        Decimal(str(employment)),
        Decimal(str(nordic_born)),
        Decimal(str(income)),
        None if outcome is None else Decimal(str(outcome)),
    )


def D(*values):
    return tuple(Decimal(value) for value in values)


def test_variables_and_labels():
    assert SES_VARIABLES == ("education", "employment", "nordic_born", "income")
    assert set(ses.SES_VARIABLE_LABELS) == set(SES_VARIABLES)


def test_index_by_hand_with_a_tie():
    result = compute_ses([
        area("Norrby", 10, 50, 90, 200),
        area("Söderåsen", 20, 70, 60, 300),
        area("Centrum", 30, 60, 75, 250),
    ])
    norrby, soderasen, centrum = result.areas
    # education 10/20/30 → 0/5/10; employment 50/70/60 → 0/10/5; Nordic-born 90/60/75 →
    # 10/0/5; income 200/300/250 → 0/10/5.
    assert norrby.scaled == D("0.00", "0.00", "10.00", "0.00")
    assert soderasen.scaled == D("5.00", "10.00", "0.00", "10.00")
    assert centrum.scaled == D("10.00", "5.00", "5.00", "5.00")
    assert [a.index for a in result.areas] == list(D("2.50", "6.25", "6.25"))
    # Söderåsen and Centrum share the first place; Norrby comes third, not second.
    assert [a.rank for a in result.areas] == [3, 1, 1]
    assert [a.area for a in result.areas] == ["Norrby", "Söderåsen", "Centrum"]
    assert result.constant == ()
    assert result.correlation is None and result.fit is None


def test_rounding_is_half_up():
    # Education 0/3/100 → 0, 0.3, 10; the other variables are equal everywhere → 5.
    # The middle index is (0.3 + 15) / 4 = 3.825 exactly: half up gives 3.83 (half even 3.82).
    result = compute_ses([
        area("A", 0, 1, 1, 1),
        area("B", 3, 1, 1, 1),
        area("C", 100, 1, 1, 1),
    ])
    assert [a.index for a in result.areas] == list(D("3.75", "3.83", "6.25"))
    assert result.areas[1].scaled == D("0.30", "5.00", "5.00", "5.00")


def test_scaling_is_exact_and_rounded_once():
    # Three variables 0/1/3 scale B to 10/3 each, income 0/1/20 scales B to 0.5:
    # B = (3 × 10/3 + 0.5) / 4 = 2.625 exactly → 2.63. Rounding thirds first (3.33) would give
    # 2.62, and so would 28-digit decimal division (9.999… + 0.5).
    result = compute_ses([
        area("A", 0, 0, 0, 0),
        area("B", 1, 1, 1, 1),
        area("C", 3, 3, 3, 20),
    ])
    a, b, c = result.areas
    assert b.index == Decimal("2.63")
    assert b.scaled == D("3.33", "3.33", "3.33", "0.50")
    assert (a.index, c.index) == (Decimal("0.00"), Decimal("10.00"))
    assert [x.rank for x in result.areas] == [3, 2, 1]


def test_negative_and_zero_values_scale_like_any_other():
    result = compute_ses([
        area("Low", -2, 0, 0, -100),
        area("Mid", 0, 0.5, 50, 0),
        area("High", 2, 1, 100, 100),
    ])
    assert [a.scaled for a in result.areas] == [
        D("0.00", "0.00", "0.00", "0.00"),
        D("5.00", "5.00", "5.00", "5.00"),
        D("10.00", "10.00", "10.00", "10.00"),
    ]
    assert [a.index for a in result.areas] == list(D("0.00", "5.00", "10.00"))


def test_constant_variable_is_scaled_to_the_middle_and_listed():
    result = compute_ses([
        area("A", 10, 70, 80, 300),
        area("B", 20, 70, 60, 300),
        area("C", 30, 70, 70, 300),
    ])
    assert result.constant == ("employment", "income")
    a, b, c = result.areas
    assert a.scaled == D("0.00", "5.00", "10.00", "5.00")
    assert b.scaled == D("5.00", "5.00", "0.00", "5.00")
    assert c.scaled == D("10.00", "5.00", "5.00", "5.00")
    # A = 20/4 = 5, B = 15/4 = 3.75, C = 25/4 = 6.25.
    assert [x.index for x in result.areas] == list(D("5.00", "3.75", "6.25"))
    assert [x.rank for x in result.areas] == [2, 3, 1]


def test_every_variable_constant_gives_everyone_five_and_rank_one():
    result = compute_ses([area("A", 1, 2, 3, 4), area("B", 1, 2, 3, 4), area("C", 1, 2, 3, 4)])
    assert result.constant == SES_VARIABLES
    assert {a.index for a in result.areas} == {Decimal("5.00")}
    assert [a.rank for a in result.areas] == [1, 1, 1]


def test_two_areas():
    # A is higher in education and income (10 each), B in employment and Nordic-born.
    result = compute_ses([area("A", 12, 60, 70, 400, 55), area("B", 11, 65, 75, 300, 80)])
    a, b = result.areas
    assert a.scaled == D("10.00", "0.00", "0.00", "10.00")
    assert b.scaled == D("0.00", "10.00", "10.00", "0.00")
    assert a.index == b.index == Decimal("5.00")
    assert a.rank == b.rank == 1
    assert result.correlation is None  # fewer than three areas with an outcome
    assert result.fit is None  # both at the same index


def test_correlation_and_fit_with_the_outcome():
    # Indices 0, 5, 10; outcomes on the line outcome = 4 × index + 40.
    areas = [area("A", 0, 0, 0, 0, 40), area("B", 5, 5, 5, 5, 60), area("C", 10, 10, 10, 10, 80)]
    result = compute_ses(areas)
    assert result.correlation == pytest.approx(1.0)
    assert result.fit == pytest.approx((4.0, 40.0))
    assert result.areas[0].outcome == Decimal("40")

    reverse = [area("A", 0, 0, 0, 0, 80), area("B", 5, 5, 5, 5, 60), area("C", 10, 10, 10, 10, 40)]
    result = compute_ses(reverse)
    assert result.correlation == pytest.approx(-1.0)
    assert result.fit == pytest.approx((-4.0, 80.0))


def test_correlation_only_over_areas_with_an_outcome():
    areas = [
        area("A", 0, 0, 0, 0, 40),
        area("B", 5, 5, 5, 5),
        area("C", 10, 10, 10, 10, 80),
        area("D", 2, 2, 2, 2, 50),
    ]
    result = compute_ses(areas)
    # Indices 0, 10, 2 (B left out) against 40, 80, 50: x̄ = 4, ȳ = 170/3;
    # r = Σdxdy / √(Σdx² Σdy²) = 220 / √(56 × 866.67) = 0.998625.
    assert result.correlation == pytest.approx(0.998625, abs=1e-6)
    # slope = Σdxdy / Σdx² = 220 / 56, intercept = ȳ − slope × x̄.
    assert result.fit == pytest.approx((220 / 56, 170 / 3 - 4 * 220 / 56))
    assert result.areas[1].outcome is None


def test_no_correlation_when_the_outcome_does_not_vary():
    areas = [area("A", 0, 0, 0, 0, 7), area("B", 5, 5, 5, 5, 7), area("C", 10, 10, 10, 10, 7)]
    result = compute_ses(areas)
    assert result.correlation is None
    assert result.fit == pytest.approx((0.0, 7.0))


def test_ints_and_floats_are_accepted():
    result = compute_ses([AreaInput("A", 0, 0.1, 0, 0), AreaInput("B", 1, 0.3, 1, 1)])
    assert [a.index for a in result.areas] == list(D("0.00", "10.00"))


@pytest.mark.parametrize(
    "areas",
    [
        [],
        [area("A", 1, 2, 3, 4)],
        [area("A", 1, 2, 3, 4), area("A", 2, 3, 4, 5)],
        [area("A", 1, 2, 3, 4), AreaInput("B", Decimal("NaN"), Decimal(1), Decimal(1),
                                          Decimal(1))],
        [area("A", 1, 2, 3, 4), AreaInput("B", Decimal(1), Decimal(1), Decimal(1), Decimal(1),
                                          Decimal("Infinity"))],
    ],
)
def test_refused_input(areas):
    with pytest.raises(SesError) as error:
        compute_ses(areas)
    assert isinstance(error.value, ValueError)
    assert error.value.message  # a msgid the web layer translates


def test_repeated_area_message_names_the_area():
    with pytest.raises(SesError) as error:
        compute_ses([area("Norrby", 1, 2, 3, 4), area("Norrby", 2, 3, 4, 5)])
    assert error.value.params == {"area": "Norrby"}
    assert "Norrby" in str(error.value)
