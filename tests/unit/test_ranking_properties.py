"""Properties of the ranking on generated scores (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from models.domain.ranking import (
    ABOVE,
    BELOW,
    FAILING,
    INCOMPLETE,
    RANKED,
    CriterionSpec,
    ProposalInput,
    ProposalScore,
    rank_proposals,
)

SETTINGS = settings(max_examples=60, deadline=None)
RATERS = ("r1", "r2", "r3", "r4")


@st.composite
def scorings(draw):
    """Criteria (at least one weighted), proposals with or without a budget and scores, some
    missing and some must-criteria failed."""
    n_criteria = draw(st.integers(1, 5))
    criteria = []
    for i in range(n_criteria):
        must = i > 0 and draw(st.booleans())
        weight = Decimal(draw(st.integers(0 if i else 1, 20))) / draw(st.sampled_from((1, 4, 10)))
        criteria.append(CriterionSpec(f"c{i}", weight, draw(st.integers(1, 10)), must))
    n_proposals = draw(st.integers(0, 6))
    proposals = [
        ProposalInput(
            f"p{i}",
            draw(st.sampled_from(("Föräldrastöd", "Läxhjälp", "Fritid", "Hembesök"))),
            draw(st.none() | st.integers(0, 50).map(lambda n: Decimal(n) * 100_000)),
        )
        for i in range(n_proposals)
    ]
    raters = RATERS[: draw(st.integers(1, len(RATERS)))]
    scores = []
    for p in proposals:
        for c in criteria:
            for rater in raters:
                if draw(st.integers(0, 19)) == 0:
                    continue  # not scored
                scores.append(ProposalScore(p.key, c.key, rater,
                                            draw(st.integers(0, c.scale_max))))
    available = draw(st.none() | st.integers(0, 200).map(lambda n: Decimal(n) * 100_000))
    return criteria, proposals, scores, available


@SETTINGS
@given(scorings(), st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_the_order_of_the_scores(scoring, random):
    criteria, proposals, scores, available = scoring
    shuffled = list(scores)
    random.shuffle(shuffled)
    assert rank_proposals(criteria, proposals, shuffled, available=available) == \
        rank_proposals(criteria, proposals, scores, available=available)


@SETTINGS
@given(scorings())
def test_contributions_sum_to_the_weighted_score(scoring):
    criteria, proposals, scores, available = scoring
    ranking = rank_proposals(criteria, proposals, scores, available=available)
    weighted = sum(1 for c in criteria if not c.must)
    for p in ranking.proposals:
        contributions = [c.contribution for c in p.criteria if not c.must]
        if p.score is None:
            assert all(c is None for c in contributions)
            continue
        assert abs(sum(contributions) - p.score) <= Decimal("0.1") * weighted
        # Largest remainder makes the sum exact.
        assert sum(contributions) == p.score
        assert all(c >= 0 for c in contributions)


@SETTINGS
@given(scorings())
def test_every_proposal_is_placed_once_in_its_state(scoring):
    criteria, proposals, scores, available = scoring
    ranking = rank_proposals(criteria, proposals, scores, available=available)
    assert sorted(p.key for p in ranking.proposals) == sorted(p.key for p in proposals)
    statuses = [p.status for p in ranking.proposals]
    # Ranked first, then incomplete, then failing.
    assert statuses == sorted(statuses, key=[RANKED, INCOMPLETE, FAILING].index)
    for p in ranking.proposals:
        assert (p.rank is not None) == (p.status == RANKED)
        # Incomplete: a score is missing, or nobody has scored at all (no raters, no score).
        assert (p.status == INCOMPLETE) == (not p.failed_must
                                            and (bool(p.missing) or p.score is None))
        assert p.explanation
    scores_in_order = [p.score for p in ranking.ranked]
    assert scores_in_order == sorted(scores_in_order, reverse=True)
    for before, after in zip(ranking.ranked, ranking.ranked[1:], strict=False):
        assert (before.rank == after.rank) == (before.score == after.score)
    if available is not None:
        above = [p.budget_request for p in ranking.ranked if p.cut == ABOVE]
        assert sum(above, Decimal(0)) == ranking.within <= available
        assert ranking.remaining == available - ranking.within
        cut = [p.cut for p in ranking.ranked if p.budget_request is not None]
        assert cut == sorted(cut, key=[ABOVE, BELOW].index)
