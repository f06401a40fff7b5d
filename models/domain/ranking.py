"""The weighted score of a proposal (FORMAT.md, *Ranking*)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    weight: Decimal
    scale_max: int
    must: bool = False


@dataclass(frozen=True)
class ScoreValue:
    criterion: str
    rater: str
    value: int


def compute_weighted_score(
    criteria: Iterable[CriterionSpec], scores: Iterable[ScoreValue]
) -> Decimal | None:
    """Return 100 × Σ (w / Σw) × mean(value / scale_max) over weighted criteria, to one decimal.

    None while any weighted criterion has no score. Must-criteria are pass/fail and not weighted.
    """
    weighted = [c for c in criteria if not c.must]
    total_weight = sum((c.weight for c in weighted), Decimal("0"))
    if not weighted or total_weight == 0:
        return None
    by_criterion: dict[str, list[int]] = {}
    for score in scores:
        by_criterion.setdefault(score.criterion, []).append(score.value)
    total = Decimal("0")
    for criterion in weighted:
        values = by_criterion.get(criterion.key)
        if not values:
            return None
        mean = Decimal(sum(values)) / Decimal(len(values)) / Decimal(criterion.scale_max)
        total += criterion.weight / total_weight * mean
    return (100 * total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def passes_must_criteria(criteria: Iterable[CriterionSpec], scores: Iterable[ScoreValue]) -> bool:
    """Return False when any rater gave 0 (fail) on a must-criterion."""
    must = {c.key for c in criteria if c.must}
    return not any(s.value == 0 for s in scores if s.criterion in must)
