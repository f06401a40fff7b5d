"""Steering-group scoring and ranking, against hand-computed values (FORMAT.md, *Ranking*)."""

from decimal import Decimal

import pytest

from models.domain.ranking import (
    ABOVE,
    BELOW,
    DISAGREEMENT_SHARE,
    FAILING,
    INCOMPLETE,
    NO_BUDGET,
    RANKED,
    CriterionSpec,
    ProposalInput,
    ProposalScore,
    RankingError,
    ScoreValue,
    compute_weighted_score,
    rank_proposals,
)

D = Decimal
RATERS = ("ekonom", "samordnare", "statistiker")

#: The guide's appendix B: 20 MSEK of development funds, five ideas, two go forward.
CRITERIA = (
    CriterionSpec("behov", D(3), 5, name="Behov"),
    CriterionSpec("evidens", D(2), 5, name="Evidens"),
    CriterionSpec("genomforbarhet", D(1), 5, name="Genomförbarhet"),
    CriterionSpec("lag", D(0), 1, must=True, name="Lagkrav"),
)
IDEAS = (
    ProposalInput("a", "Föräldrastöd i Norrby", D(8_000_000)),
    ProposalInput("b", "Läxhjälp efter skolan", D(7_000_000)),
    ProposalInput("c", "Fritid för alla", D(6_000_000)),
    ProposalInput("d", "Hembesök för äldre", D(4_000_000)),
    ProposalInput("e", "Trygg hemgång", D(3_000_000)),
)
# Values of the raters ekonom, samordnare, statistiker.
VALUES = {
    "a": {"behov": (5, 5, 5), "evidens": (4, 4, 5), "genomforbarhet": (3, 4, 5), "lag": (1, 1, 1)},
    "b": {"behov": (4, 4, 5), "evidens": (5, 5, 5), "genomforbarhet": (4, 4, 4), "lag": (1, 1, 1)},
    "c": {"behov": (4, 4, 4), "evidens": (3, 3, 4), "genomforbarhet": (5, 5, 5), "lag": (1, 1, 1)},
    "d": {"behov": (2, 5, 5), "evidens": (3, 4, 3), "genomforbarhet": (5, 5, 5), "lag": (1, 1, 1)},
    "e": {"behov": (5, 5, 5), "evidens": (5, 5, 5), "genomforbarhet": (5, 5, 5), "lag": (1, 0, 1)},
}


def scores_of(values, raters=RATERS):
    return [
        ProposalScore(proposal, criterion, rater, value)
        for proposal, by_criterion in values.items()
        for criterion, row in by_criterion.items()
        for rater, value in zip(raters, row, strict=True)
        if value is not None
    ]


def guide_ranking(available=D(20_000_000)):
    return rank_proposals(CRITERIA, IDEAS, scores_of(VALUES), available=available)


def msgids(proposal):
    return [msgid for msgid, _params in proposal.explanation]


def sentences(proposal):
    return [msgid % params if params else msgid for msgid, params in proposal.explanation]


# --- The weighted score -------------------------------------------------------------------------


def test_weighted_score_is_exact_and_rounded_once_half_up():
    # Σw = 16: 100 × (2/16 × 4/5 + 7/16 × (2/3)/5 + 7/16 × (13/3)/5) = 10 + 43.75 = 53.75 → 53.8.
    # Adding up rounded decimal fractions instead gives 53.7499… and 53.7.
    criteria = [CriterionSpec("x", D(2), 5), CriterionSpec("y", D(7), 5),
                CriterionSpec("z", D(7), 5)]
    scores = [ScoreValue(c, r, v) for c, values in (("x", (4, 4, 4)), ("y", (0, 1, 1)),
                                                      ("z", (4, 4, 5)))
              for r, v in zip(RATERS, values, strict=True)]
    assert compute_weighted_score(criteria, scores) == D("53.8")


# --- The guide's example ------------------------------------------------------------------------


def test_guide_example_ranks_four_and_sets_aside_the_must_failure():
    ranking = guide_ranking()
    assert [p.key for p in ranking.proposals] == ["a", "b", "c", "d", "e"]
    assert [p.status for p in ranking.proposals] == [RANKED] * 4 + [FAILING]
    # (10/3) × (3 × mean behov + 2 × mean evidens + mean genomförbarhet):
    # a: 15 + 26/3 + 4 → 92.2; b: 13 + 10 + 4 → 90.0; c, d: 12 + 20/3 + 5 → 78.9.
    assert [p.score for p in ranking.ranked] == [D("92.2"), D("90.0"), D("78.9"), D("78.9")]
    assert [p.rank for p in ranking.proposals] == [1, 2, 3, 3, None]
    assert ranking.raters == RATERS


def test_contributions_sum_exactly_to_the_score_by_largest_remainder():
    a = guide_ranking().get("a")
    # behov 50, evidens 260/9 = 28.89, genomförbarhet 40/3 = 13.33: rounded down 92.1; the
    # missing tenth goes to the largest remainder (evidens, 0.089).
    assert [c.contribution for c in a.criteria] == [D("50.0"), D("28.9"), D("13.3"), None]
    b = guide_ranking().get("b")
    # 43.33 + 33.33 + 13.33 = 90.0: equal remainders, the first criterion gets the tenth.
    assert [c.contribution for c in b.criteria[:3]] == [D("43.4"), D("33.3"), D("13.3")]
    for proposal in guide_ranking().proposals:
        assert sum(c.contribution for c in proposal.criteria if not c.must) == proposal.score


def test_mean_spread_and_standard_deviation_per_criterion():
    d = guide_ranking().get("d")
    behov = d.criterion("behov")
    assert behov.values == (("ekonom", 2), ("samordnare", 5), ("statistiker", 5))
    assert behov.raters == RATERS
    assert behov.mean == D("4.00")
    assert behov.spread == D("0.60")  # (5 − 2) / 5
    assert behov.std_dev == D("1.41")  # √((4 + 1 + 1) / 3) = √2
    assert behov.disagreement
    evidens = d.criterion("evidens")
    assert evidens.mean == D("3.33")
    assert evidens.spread == D("0.20") and not evidens.disagreement
    assert evidens.std_dev == D("0.47")  # √(2/9)
    assert d.disagreements == ("behov",)


def test_versus_others_compares_with_the_average_of_the_other_ranked_proposals():
    a = guide_ranking().get("a")
    # behov: 50 − (130/3 + 40 + 40) / 3 = 8.89; evidens: 260/9 − (100/3 + 200/9 + 200/9) / 3 =
    # 2.96; genomförbarhet: 40/3 − (40/3 + 50/3 + 50/3) / 3 = −2.22.
    assert [c.versus_others for c in a.criteria] == [D("8.9"), D("3.0"), D("-2.2"), None]
    assert sentences(a)[:4] == [
        "Ranked 1 of 4 with 92.2 points.",
        "Strongest against the other proposals: Behov, 8.9 points above their average.",
        "Weakest against the other proposals: Genomförbarhet, 2.2 points below their average.",
        "Within the available money: 8000000 of 20000000 requested up to here.",
    ]


def test_ties_share_a_rank_are_listed_by_title_and_stated():
    ranking = guide_ranking()
    c, d = ranking.get("c"), ranking.get("d")
    assert c.rank == d.rank == 3
    assert c.tied and d.tied and not ranking.get("a").tied
    assert c.tied_with == ("d",) and d.tied_with == ("c",)
    # "Fritid för alla" before "Hembesök för äldre".
    assert [p.key for p in ranking.ranked][2:] == ["c", "d"]
    assert ("Shares rank 3 with Hembesök för äldre; tied proposals are listed by title."
            in sentences(c))


def test_cut_line_two_of_five_go_forward():
    ranking = guide_ranking()
    assert [p.cut for p in ranking.proposals] == [ABOVE, ABOVE, BELOW, BELOW, None]
    assert [p.cumulative for p in ranking.proposals] == [D(8_000_000), D(15_000_000),
                                                         D(21_000_000), None, None]
    assert ranking.within == D(15_000_000)
    assert ranking.remaining == D(5_000_000)
    assert ranking.cut_at == "c"
    assert not ranking.tie_at_cut  # c and d are both below the line
    d = ranking.get("d")
    assert d.fits_remaining and not ranking.get("c").fits_remaining
    assert sentences(ranking.get("c"))[-1] == (
        "The money runs out here: it requests 6000000, and 5000000 remain.")
    assert sentences(d)[-1] == (
        "Below the cut line, though its request of 4000000 fits in the 5000000 that remain.")


def test_a_must_failure_is_listed_as_failing_and_never_ranked():
    e = guide_ranking().get("e")
    assert e.status == FAILING and e.rank is None and e.cut is None
    assert e.failed_must == ("lag",)
    assert e.criterion("lag").failed
    assert e.score == D("100.0")  # the best score, kept for the feedback letter
    assert sentences(e)[:3] == [
        "Fails the must-criterion Lagkrav: samordnare gave 0.",
        "Set aside: a proposal that fails a must-criterion is not ranked.",
        "Its weighted score would be 100.0 points.",
    ]
    # The raters' split on pass/fail is the failure itself, not stated twice.
    assert not any("disagree" in sentence for sentence in sentences(e))


# --- Missing scores, thresholds and the cut line -----------------------------------------------


def test_a_missing_score_leaves_the_proposal_unscored_and_after_the_ranked():
    values = {key: dict(row) for key, row in VALUES.items()}
    values["a"]["evidens"] = (4, None, 5)  # samordnare has not scored evidens
    ranking = rank_proposals(CRITERIA, IDEAS, scores_of(values), available=D(20_000_000))
    a = ranking.get("a")
    assert a.status == INCOMPLETE and a.rank is None and a.score is None
    assert a.missing == (("samordnare", "evidens"),)
    assert a.criterion("evidens").missing == ("samordnare",)
    assert all(c.contribution is None for c in a.criteria)
    # What the exchange file shows: the mean over the two who scored, 15 + 2 × 4.5 + 4 → 93.3.
    assert a.provisional_score == D("93.3")
    assert [p.key for p in ranking.proposals] == ["b", "c", "d", "a", "e"]
    assert [p.rank for p in ranking.ranked] == [1, 2, 2]
    assert a.cut is None
    assert sentences(a)[0] == "Not ranked until every rater has scored every criterion."
    assert "samordnare has not scored Evidens." in sentences(a)
    # Without a, b and c fit: 7 + 6 = 13 of 20 MSEK, and d's 4 too.
    assert ranking.cut_at is None and ranking.remaining == D(3_000_000)


def test_a_rater_named_but_without_scores_is_missing_everywhere():
    ranking = rank_proposals(CRITERIA, IDEAS[:1], scores_of({"a": VALUES["a"]}),
                             available=None, raters=["ordforande"])
    a = ranking.get("a")
    assert ranking.raters == ("ekonom", "ordforande", "samordnare", "statistiker")
    assert a.status == INCOMPLETE
    assert a.missing == tuple(("ordforande", c.key) for c in CRITERIA)
    assert "ordforande has not scored Behov, Evidens, Genomförbarhet, Lagkrav." in sentences(a)


def test_a_missing_must_score_keeps_the_weighted_score_but_not_the_rank():
    values = {"a": dict(VALUES["a"], lag=(1, 1, None))}
    a = rank_proposals(CRITERIA, IDEAS[:1], scores_of(values), available=None).get("a")
    assert a.status == INCOMPLETE and a.rank is None
    assert a.score == D("92.2")
    assert a.missing == (("statistiker", "lag"),)


def test_a_must_failure_stands_while_other_scores_are_missing():
    values = {"a": dict(VALUES["a"], lag=(0, None, None), behov=(5, None, None))}
    a = rank_proposals(CRITERIA, IDEAS[:1], scores_of(values), available=None).get("a")
    assert a.status == FAILING and a.score is None


def test_disagreement_starts_at_half_the_scale():
    assert DISAGREEMENT_SHARE == D("0.5")
    criteria = [CriterionSpec("ten", D(1), 10), CriterionSpec("five", D(1), 5)]
    proposals = [ProposalInput("at", "At the threshold"), ProposalInput("under", "Under it")]
    scores = [
        ProposalScore("at", "ten", "x", 3), ProposalScore("at", "ten", "y", 8),  # 5 of 10
        ProposalScore("at", "five", "x", 2), ProposalScore("at", "five", "y", 5),  # 3 of 5
        ProposalScore("under", "ten", "x", 3), ProposalScore("under", "ten", "y", 7),  # 4 of 10
        ProposalScore("under", "five", "x", 2), ProposalScore("under", "five", "y", 4),  # 2 of 5
    ]
    ranking = rank_proposals(criteria, proposals, scores, available=None)
    at, under = ranking.get("at"), ranking.get("under")
    assert at.criterion("ten").spread == D("0.50") and at.criterion("ten").disagreement
    assert at.criterion("five").spread == D("0.60") and at.criterion("five").disagreement
    assert under.criterion("ten").spread == D("0.40")
    assert under.criterion("five").spread == D("0.40")
    assert under.disagreements == ()
    assert at.criterion("ten").std_dev == D("2.50")
    assert ("The raters disagree on ten: from 3 to 8 on a scale to 10." in sentences(at))


def _one_criterion(requests, values, available):
    criteria = [CriterionSpec("k", D(1), 5)]
    proposals = [ProposalInput(key, f"Förslag {key}", request)
                 for key, request in requests.items()]
    scores = [ProposalScore(key, "k", "r", value) for key, value in values.items()]
    return rank_proposals(criteria, proposals, scores, available=available)


def test_cut_line_at_exactly_the_available_amount_fits():
    ranking = _one_criterion({"p": D("600000.50"), "q": D("399999.50"), "r": D("1")},
                             {"p": 5, "q": 4, "r": 3}, D("1000000.00"))
    assert [p.cut for p in ranking.ranked] == [ABOVE, ABOVE, BELOW]
    assert ranking.get("q").cumulative == D("1000000.00")
    assert ranking.within == D("1000000.00") and ranking.remaining == D("0.00")
    assert ranking.cut_at == "r"
    assert not ranking.get("r").fits_remaining


def test_a_proposal_without_budget_is_flagged_and_not_counted():
    ranking = _one_criterion({"p": None, "q": D(700), "r": D(300), "s": D(1)},
                             {"p": 5, "q": 4, "r": 3, "s": 2}, D(1000))
    p = ranking.get("p")
    assert p.cut == NO_BUDGET and p.cumulative is None and p.rank == 1
    assert [x.cut for x in ranking.ranked] == [NO_BUDGET, ABOVE, ABOVE, BELOW]
    assert ranking.unbudgeted == ("p",)
    assert ranking.cut_at == "s" and ranking.remaining == D(0)
    assert sentences(p)[-1] == (
        "Has no budget request, so it cannot be set against the available money.")


def test_a_tie_across_the_cut_line_is_stated():
    ranking = _one_criterion({"a": D(600), "b": D(600)}, {"a": 4, "b": 4}, D(1000))
    assert [p.cut for p in ranking.ranked] == [ABOVE, BELOW]
    assert ranking.tie_at_cut


def test_ranks_skip_after_a_tie():
    ranking = _one_criterion({"w": None, "x": None, "y": None, "z": None},
                             {"w": 5, "x": 4, "y": 4, "z": 3}, None)
    assert [(p.key, p.rank) for p in ranking.proposals] == [("w", 1), ("x", 2), ("y", 2),
                                                            ("z", 4)]
    assert all(p.cut is None for p in ranking.proposals)
    assert ranking.within is None and ranking.remaining is None and ranking.cut_at is None


def test_tied_proposals_with_the_same_title_are_ordered_by_key():
    criteria = [CriterionSpec("k", D(1), 5)]
    proposals = [ProposalInput("b", "Samma"), ProposalInput("a", "Samma")]
    scores = [ProposalScore("b", "k", "r", 3), ProposalScore("a", "k", "r", 3)]
    ranking = rank_proposals(criteria, proposals, scores, available=None)
    assert [p.key for p in ranking.proposals] == ["a", "b"]


def test_a_lone_ranked_proposal_is_not_compared_with_others():
    ranking = _one_criterion({"p": D(1)}, {"p": 4}, None)
    p = ranking.get("p")
    assert p.criterion("k").versus_others is None
    assert p.score == D("80.0") and p.criterion("k").contribution == D("80.0")
    assert msgids(p) == ["Ranked %(rank)s of %(count)s with %(score)s points."]


# --- Refused input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "fragment"),
    [
        ([ProposalScore("p", "k", "r", 3), ProposalScore("p", "k", "r", 4)], "twice"),
        ([ProposalScore("p", "nope", "r", 3)], "unknown criterion"),
        ([ProposalScore("x", "k", "r", 3)], "unknown proposal"),
        ([ProposalScore("p", "k", "r", 6)], "outside the scale"),
        ([ProposalScore("p", "k", "r", -1)], "outside the scale"),
    ],
)
def test_bad_scores_are_refused(scores, fragment):
    with pytest.raises(RankingError, match=fragment):
        rank_proposals([CriterionSpec("k", D(1), 5)], [ProposalInput("p", "P")], scores,
                       available=None)


def test_criteria_without_weight_are_refused():
    with pytest.raises(RankingError, match="weight"):
        rank_proposals([CriterionSpec("k", D(0), 5), CriterionSpec("m", D(1), 1, must=True)],
                       [], [], available=None)
    with pytest.raises(RankingError, match="twice"):
        rank_proposals([CriterionSpec("k", D(1), 5)] * 2, [], [], available=None)
    with pytest.raises(RankingError, match="twice"):
        rank_proposals([CriterionSpec("k", D(1), 5)], [ProposalInput("p", "P")] * 2, [],
                       available=None)
    with pytest.raises(RankingError, match="budget"):
        rank_proposals([CriterionSpec("k", D(1), 5)], [ProposalInput("p", "P", D(-1))], [],
                       available=None)


def test_a_proposal_nobody_has_scored_waits_and_is_not_ranked():
    from models.domain.ranking import INCOMPLETE, CriterionSpec, ProposalInput, rank_proposals

    ranking = rank_proposals([CriterionSpec("behov", Decimal(1), 5)],
                             [ProposalInput("fritid", "Fritid", None)], [], available=None)
    (proposal,) = ranking.proposals
    assert (proposal.status, proposal.rank, proposal.score) == (INCOMPLETE, None, None)
