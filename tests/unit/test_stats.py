"""Mean, correlation and trend line of the needs analysis, against hand-computed values."""

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from models.domain.stats import linear_fit, mean, pearson

ROOT = Path(__file__).resolve().parents[2]


def test_mean_of_decimals_floats_and_ints():
    assert mean([Decimal("1.5"), 2.5, 5]) == pytest.approx(3.0)
    assert isinstance(mean([Decimal("1"), Decimal("2")]), float)


def test_mean_of_nothing_is_none():
    assert mean([]) is None


def test_perfect_positive_correlation():
    assert pearson([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)


def test_perfect_negative_correlation():
    assert pearson([Decimal("1"), Decimal("2"), Decimal("3")], [9.0, 6.0, 3.0]) == pytest.approx(
        -1.0
    )


def test_correlation_by_hand():
    # x̄ = 2, ȳ = 2: Σdxdy = (−1)(−1) + 0·1 + 1·0 = 1, Σdx² = 2, Σdy² = 2 → r = 1/2.
    assert pearson([1, 2, 3], [1, 3, 2]) == pytest.approx(0.5)


def test_correlation_stays_within_minus_one_and_one():
    xs = [0.1 * i for i in range(50)]
    r = pearson(xs, [3 * x + 0.7 for x in xs])
    assert r is not None and -1.0 <= r <= 1.0


@pytest.mark.parametrize(
    ("xs", "ys"),
    [
        ([1, 2, 3], [5, 5, 5]),  # y without variance
        ([Decimal("0.1")] * 4, [1, 2, 3, 4]),  # x without variance
        ([1, 2], [3, 4]),  # fewer than three pairs
        ([], []),
    ],
)
def test_no_correlation(xs, ys):
    assert pearson(xs, ys) is None


def test_lengths_must_match():
    with pytest.raises(ValueError):
        pearson([1, 2, 3], [1, 2])
    with pytest.raises(ValueError):
        linear_fit([1, 2, 3], [1, 2])


def test_linear_fit_by_hand():
    # y = 2x + 1 exactly.
    slope, intercept = linear_fit([Decimal("0"), Decimal("1"), Decimal("2")], [1, 3, 5])
    assert slope == pytest.approx(2.0)
    assert intercept == pytest.approx(1.0)


def test_linear_fit_least_squares():
    # x̄ = 1, ȳ = 1: Σdxdy = (−1)(−1) + 0·2 + 1·(−1) = 0 → slope 0 through the mean, y = 1.
    assert linear_fit([0, 1, 2], [0, 3, 0]) == pytest.approx((0.0, 1.0))


def test_linear_fit_through_two_points_and_flat_line():
    assert linear_fit([1, 3], [2, 6]) == pytest.approx((2.0, 0.0))
    assert linear_fit([1, 2, 3], [4, 4, 4]) == pytest.approx((0.0, 4.0))


@pytest.mark.parametrize(("xs", "ys"), [([2, 2, 2], [1, 2, 3]), ([1], [1]), ([], [])])
def test_no_linear_fit(xs, ys):
    assert linear_fit(xs, ys) is None


def test_needs_analysis_modules_import_neither_flask_nor_sqlalchemy():
    code = ("import sys, models.domain.stats, models.domain.ses, models.domain.flows; "
            "print(' '.join(sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    top = {name.split(".")[0] for name in out.split()}
    assert not top & {"flask", "sqlalchemy", "webapp"}
