"""Steering-group scoring: the weighted score, the spread between raters and a ranking that
explains itself (FORMAT.md, *Ranking*; SPEC 3.2, *Scoring*).

Each steering-group member (a *rater*) scores each proposal on each criterion with a whole number
from 0 to the criterion's ``scale_max``. Must-criteria are pass/fail screening: a 0 from any rater
fails the proposal, and they carry no weight. The other criteria are weighted: the weighted score
(0–100) is ``100 × Σ_c (w_c / Σw) × mean over raters of (value / scale_max_c)``.

``rank_proposals`` puts a set of proposals in order and says why:

* a proposal is **ranked** once every rater has scored every criterion and no rater gave a
  must-criterion 0; it is **failing** when a rater gave a must-criterion 0 (a failure stands even
  while other scores are missing), and **incomplete** otherwise while any score is missing;
* ranked proposals come first, by weighted score; incomplete ones follow, then failing ones, each
  group by title. Incomplete and failing proposals have no rank and never stand among the ranked;
* equal weighted scores (as shown, to one decimal) share a rank and the next rank skips as many
  places (1, 2, 2, 4); tied proposals are listed by title, then key, and the tie is stated;
* given the fund's available money, the ranked proposals are walked in order and their budget
  requests added up: those that fit are above the cut line, the first that does not fit is where
  the money runs out, and everything after it is below the line;
* each proposal carries a structured explanation, a sequence of ``(msgid, params)`` pairs that
  the web layer translates (see ``RankedProposal.explanation``).

The arithmetic is exact (fractions) and each shown figure is rounded once, half up; the
contributions are rounded so that they sum to the score (see ``rank_proposals``). The result does
not depend on the order in which the scores are given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from itertools import groupby
from typing import Any

from models.domain import N_


@dataclass(frozen=True)
class CriterionSpec:
    """A scoring criterion; ``name`` is what explanations call it (the key when empty)."""

    key: str
    weight: Decimal
    scale_max: int
    must: bool = False
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.key


@dataclass(frozen=True)
class ScoreValue:
    criterion: str
    rater: str
    value: int


@dataclass(frozen=True)
class ProposalInput:
    """A proposal to rank; ``budget_request`` in SEK, None when the proposal names no amount."""

    key: str
    title: str
    budget_request: Decimal | None = None


@dataclass(frozen=True)
class ProposalScore:
    """One rater's score of one proposal on one criterion."""

    proposal: str
    criterion: str
    rater: str
    value: int


#: The spread between raters counts as disagreement when the range of their values (highest −
#: lowest) is at least this share of the criterion's ``scale_max``: 3 or more apart when the scale
#: goes to 5 (2 and 5), 5 apart when it goes to 10, and any split on a 0–1 must-criterion.
DISAGREEMENT_SHARE = Decimal("0.5")

#: The states of a proposal in a ranking, in the order they are listed.
RANKED = "ranked"
INCOMPLETE = "incomplete"
FAILING = "failing"
STATUSES = (RANKED, INCOMPLETE, FAILING)
STATUS_LABELS = {
    RANKED: N_("Ranked"),
    INCOMPLETE: N_("Scores missing"),
    FAILING: N_("Fails a must-criterion"),
}

#: Where a ranked proposal stands against the fund's available money.
ABOVE = "above"
BELOW = "below"
NO_BUDGET = "no_budget"
CUT_LABELS = {
    ABOVE: N_("Within the available money"),
    BELOW: N_("Below the cut line"),
    NO_BUDGET: N_("No budget request"),
}

_TENTH = Decimal("0.1")
_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class CriterionResult:
    """One criterion of one proposal."""

    criterion: str
    must: bool
    #: ``(rater, value)`` of the raters who scored the criterion, by rater.
    values: tuple[tuple[str, int], ...]
    #: The raters who have not scored the criterion, in the order of ``Ranking.raters``.
    missing: tuple[str, ...]
    #: The mean of the raters' values (on the criterion's own scale), two decimals; None unscored.
    mean: Decimal | None
    #: Points of the weighted score this criterion gives (one decimal; the contributions of a
    #: proposal sum exactly to its score, see ``rank_proposals``); None for must-criteria and while
    #: the proposal has no weighted score.
    contribution: Decimal | None
    #: The contribution minus the average contribution of the other ranked proposals, one decimal;
    #: None without a contribution or without other ranked proposals.
    versus_others: Decimal | None
    #: (highest − lowest value) / scale_max, two decimals; None unscored.
    spread: Decimal | None
    #: The population standard deviation of the raters' values (the raters are the whole steering
    #: group, not a sample), two decimals; None unscored.
    std_dev: Decimal | None
    #: The range is at least ``DISAGREEMENT_SHARE`` of the scale.
    disagreement: bool
    #: A must-criterion to which some rater gave 0.
    failed: bool

    @property
    def raters(self) -> tuple[str, ...]:
        return tuple(rater for rater, _value in self.values)

    @property
    def low(self) -> int | None:
        return min((value for _rater, value in self.values), default=None)

    @property
    def high(self) -> int | None:
        return max((value for _rater, value in self.values), default=None)


@dataclass(frozen=True)
class RankedProposal:
    key: str
    title: str
    budget_request: Decimal | None
    #: ``RANKED``, ``INCOMPLETE`` or ``FAILING``.
    status: str
    #: 1 for the best; shared by tied proposals (1, 2, 2, 4); None unless ranked.
    rank: int | None
    #: The weighted score, 0–100 with one decimal; None while any rater has not scored a weighted
    #: criterion. A failing proposal with every score keeps its score, for its feedback.
    score: Decimal | None
    #: ``compute_weighted_score`` over the scores given so far (raters who have not scored a
    #: criterion are left out of its mean): what the exchange file shows as ``weighted_score``.
    #: Equal to ``score`` once the weighted scores are complete.
    provisional_score: Decimal | None
    #: The keys of the other ranked proposals with the same score, in list order.
    tied_with: tuple[str, ...]
    #: One result per criterion, in the order the criteria were given.
    criteria: tuple[CriterionResult, ...]
    #: ``(rater, criterion)`` of every score not yet given, by rater then criterion order.
    missing: tuple[tuple[str, str], ...]
    #: The must-criteria to which some rater gave 0.
    failed_must: tuple[str, ...]
    #: ``ABOVE``, ``BELOW`` or ``NO_BUDGET`` for ranked proposals when the available money is
    #: given; None otherwise.
    cut: str | None
    #: The budget requests added up from the top of the ranking to this proposal, for proposals
    #: above the line and the first one below it; None otherwise.
    cumulative: Decimal | None
    #: Below the line, yet its request fits in the money that remains after the proposals above.
    fits_remaining: bool
    #: ``(msgid, params)`` pairs, one sentence each, in the order they are best read. Parameters:
    #: ``rank``, ``count``, ``low``, ``high``, ``scale`` (int); ``score``, ``points`` (Decimal,
    #: points of the 0–100 score); ``amount``, ``available``, ``remaining``, ``cumulative``
    #: (Decimal, SEK); ``criterion``, ``criteria``, ``rater``, ``raters``, ``others`` (str; lists
    #: joined with ", ").
    explanation: tuple[tuple[str, dict[str, Any]], ...]

    @property
    def tied(self) -> bool:
        return bool(self.tied_with)

    @property
    def disagreements(self) -> tuple[str, ...]:
        """The criteria the raters disagree on."""
        return tuple(c.criterion for c in self.criteria if c.disagreement)

    def criterion(self, key: str) -> CriterionResult:
        return next(c for c in self.criteria if c.criterion == key)


@dataclass(frozen=True)
class Ranking:
    #: Ranked proposals by rank (ties by title, then key), then incomplete ones, then failing ones,
    #: both by title, then key.
    proposals: tuple[RankedProposal, ...]
    criteria: tuple[CriterionSpec, ...]
    #: Everyone expected to score: the raters given and everyone who scored anything, sorted.
    raters: tuple[str, ...]
    #: The fund's available money as given; None when there is no cut line.
    available: Decimal | None
    #: The sum of the budget requests above the cut line; None without available money.
    within: Decimal | None
    #: ``available − within``; None without available money.
    remaining: Decimal | None
    #: The key of the first ranked proposal that does not fit; None when all fit or no money given.
    cut_at: str | None
    #: The first proposal that does not fit shares its score with one above the line: the order
    #: among tied proposals, not the score, puts the line there.
    tie_at_cut: bool

    def _with(self, status: str) -> tuple[RankedProposal, ...]:
        return tuple(p for p in self.proposals if p.status == status)

    @property
    def ranked(self) -> tuple[RankedProposal, ...]:
        return self._with(RANKED)

    @property
    def incomplete(self) -> tuple[RankedProposal, ...]:
        return self._with(INCOMPLETE)

    @property
    def failing(self) -> tuple[RankedProposal, ...]:
        return self._with(FAILING)

    @property
    def unbudgeted(self) -> tuple[str, ...]:
        """The keys of the ranked proposals without a budget request."""
        return tuple(p.key for p in self.ranked if p.budget_request is None)

    def get(self, key: str) -> RankedProposal:
        return next(p for p in self.proposals if p.key == key)


class RankingError(ValueError):
    """Input that cannot be ranked; ``message`` is a msgid with ``params``."""

    def __init__(self, message: str, **params: object):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def _round(value: Fraction, step: Decimal) -> Decimal:
    """Round a fraction half up (away from zero) to ``step`` (0.1 or 0.01), exactly."""
    return _round_ratio(value.numerator, value.denominator, step)


def _round_ratio(numerator: int, denominator: int, step: Decimal) -> Decimal:
    """Round ``numerator / denominator`` (denominator > 0) half up, away from zero, to ``step``."""
    scale = 10 ** -step.as_tuple().exponent
    units = abs(numerator) * scale
    rounded = (2 * units + denominator) // (2 * denominator)
    return Decimal(-rounded if numerator < 0 else rounded).scaleb(step.as_tuple().exponent)


def _exact_parts(weighted: Sequence[CriterionSpec],
                 values: Mapping[str, Sequence[int]]) -> list[Fraction] | None:
    """Return each weighted criterion's exact points, ``100 × w/Σw × mean/scale_max``, or None
    when one has no value or Σw = 0."""
    weights = [Fraction(c.weight) for c in weighted]
    total = sum(weights, Fraction(0))
    if not weighted or total == 0:
        return None
    parts = []
    for criterion, weight in zip(weighted, weights, strict=True):
        given = values.get(criterion.key)
        if not given:
            return None
        parts.append(Fraction(
            100 * sum(given) * weight.numerator * total.denominator,
            weight.denominator * total.numerator * len(given) * criterion.scale_max,
        ))
    return parts


def compute_weighted_score(
    criteria: Iterable[CriterionSpec], scores: Iterable[ScoreValue]
) -> Decimal | None:
    """Return 100 × Σ (w / Σw) × mean(value / scale_max) over weighted criteria, to one decimal.

    None while any weighted criterion has no score. Must-criteria are pass/fail and not weighted.
    The sum is exact and rounded once, half up.
    """
    weighted = [c for c in criteria if not c.must]
    by_criterion: dict[str, list[int]] = {}
    for score in scores:
        by_criterion.setdefault(score.criterion, []).append(score.value)
    parts = _exact_parts(weighted, by_criterion)
    return None if parts is None else _round(sum(parts, Fraction(0)), _TENTH)


def passes_must_criteria(criteria: Iterable[CriterionSpec], scores: Iterable[ScoreValue]) -> bool:
    """Return False when any rater gave 0 (fail) on a must-criterion."""
    must = {c.key for c in criteria if c.must}
    return not any(s.value == 0 for s in scores if s.criterion in must)


def _apportion_tenths(parts: Sequence[Fraction], total: Decimal) -> list[Decimal]:
    """Round the non-negative ``parts`` to tenths so that they sum exactly to ``total``, their
    sum rounded half up to a tenth.

    Largest remainder: each part is rounded down to a tenth, and the tenths still missing go to
    the parts with the largest remainders (the earlier part among equal remainders). Every part is
    then within 0.1 of its exact value, and only parts with a remainder are rounded up.
    """
    tenths = [part.numerator * 10 // part.denominator for part in parts]
    missing = int(total * 10) - sum(tenths)
    order = sorted(range(len(parts)), key=lambda i: (-(parts[i] * 10 - tenths[i]), i))
    for i in order[:missing]:
        tenths[i] += 1
    return [(Decimal(t) / 10).quantize(_TENTH) for t in tenths]


def _std_dev(values: Sequence[int]) -> Decimal:
    """The population standard deviation, √(n·Σv² − (Σv)²) / n, rounded half up to 0.01."""
    n = len(values)
    spread = n * sum(v * v for v in values) - sum(values) ** 2
    with localcontext() as context:
        context.prec = 28
        root = Decimal(spread).sqrt() / n
        return root.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


def _is_number(value: object) -> bool:
    """Whether ``value`` is a finite Decimal or an int (not a bool, not a float)."""
    if isinstance(value, Decimal):
        return value.is_finite()
    return isinstance(value, int) and not isinstance(value, bool)


def _validate(criteria: Sequence[CriterionSpec], proposals: Sequence[ProposalInput]) -> None:
    if len({c.key for c in criteria}) != len(criteria):
        raise RankingError(N_("a criterion is given twice"))
    for c in criteria:
        if not _is_number(c.weight) or c.weight < 0:
            raise RankingError(N_("the weight of '%(criterion)s' is not a number of zero or more"),
                               criterion=c.label)
        if isinstance(c.scale_max, bool) or not isinstance(c.scale_max, int) or c.scale_max < 1:
            raise RankingError(N_("the scale of '%(criterion)s' does not reach 1"),
                               criterion=c.label)
    weighted = [c for c in criteria if not c.must]
    if not weighted or sum(c.weight for c in weighted) == 0:
        raise RankingError(N_("no criterion carries a weight"))
    seen: set[str] = set()
    for p in proposals:
        if p.key in seen:
            raise RankingError(N_("the proposal '%(proposal)s' is given twice"), proposal=p.title)
        seen.add(p.key)
        request = p.budget_request
        if request is not None and (not _is_number(request) or request < 0):
            raise RankingError(N_("the budget request of '%(proposal)s' is not an amount"),
                               proposal=p.title)


def _collect(
    criteria: Sequence[CriterionSpec],
    proposals: Sequence[ProposalInput],
    scores: Iterable[ProposalScore],
) -> dict[str, dict[str, dict[str, int]]]:
    """Return proposal → criterion → rater → value, refusing unknown keys and repeated scores."""
    scales = {c.key: c.scale_max for c in criteria}
    labels = {c.key: c.label for c in criteria}
    table: dict[str, dict[str, dict[str, int]]] = {
        p.key: {c.key: {} for c in criteria} for p in proposals
    }
    for s in scores:
        row = table.get(s.proposal)
        if row is None:
            raise RankingError(N_("a score is given for an unknown proposal '%(proposal)s'"),
                               proposal=s.proposal)
        cell = row.get(s.criterion)
        if cell is None:
            raise RankingError(N_("a score is given for an unknown criterion '%(criterion)s'"),
                               criterion=s.criterion)
        if isinstance(s.value, bool) or not isinstance(s.value, int) or \
                not 0 <= s.value <= scales[s.criterion]:
            raise RankingError(
                N_("the score %(value)s on '%(criterion)s' is outside the scale 0–%(scale)s"),
                value=s.value, criterion=labels[s.criterion], scale=scales[s.criterion])
        if s.rater in cell:
            raise RankingError(
                N_("%(rater)s has scored '%(criterion)s' twice for the same proposal"),
                rater=s.rater, criterion=labels[s.criterion])
        cell[s.rater] = s.value
    return table


@dataclass
class _Assessed:
    """What is known of one proposal before it is placed."""

    proposal: ProposalInput
    status: str
    score: Decimal | None
    provisional: Decimal | None
    exact: list[Fraction] | None  # exact points per weighted criterion
    contributions: list[Decimal] | None
    cells: dict[str, dict[str, int]]
    missing: list[tuple[str, str]]
    failed_must: list[str]


def _assess(
    proposal: ProposalInput,
    criteria: Sequence[CriterionSpec],
    weighted: Sequence[CriterionSpec],
    cells: dict[str, dict[str, int]],
    raters: Sequence[str],
) -> _Assessed:
    missing = [(rater, c.key) for rater in raters for c in criteria if rater not in cells[c.key]]
    failed_must = [c.key for c in criteria if c.must and 0 in cells[c.key].values()]
    flat = [ScoreValue(key, rater, value)
            for key, by_rater in cells.items() for rater, value in by_rater.items()]
    provisional = compute_weighted_score(criteria, flat)
    score = exact = contributions = None
    if all(rater in cells[c.key] for c in weighted for rater in raters):
        score = provisional
        exact = _exact_parts(weighted, {key: list(v.values()) for key, v in cells.items()})
        if exact is not None and score is not None:
            contributions = _apportion_tenths(exact, score)
    if not passes_must_criteria(criteria, flat):
        status = FAILING
    elif missing or score is None:
        # Without any rater there is no score either: the proposal waits, it is not ranked.
        status = INCOMPLETE
    else:
        status = RANKED
    return _Assessed(proposal, status, score, provisional, exact, contributions, cells, missing,
                     failed_must)


def _title_key(p: ProposalInput) -> tuple[str, str, str]:
    return (p.title.casefold(), p.title, p.key)


def rank_proposals(
    criteria: Iterable[CriterionSpec],
    proposals: Iterable[ProposalInput],
    scores: Iterable[ProposalScore],
    *,
    available: Decimal | None,
    raters: Iterable[str] = (),
) -> Ranking:
    """Rank ``proposals`` by their weighted score and say why (see the module's docstring).

    ``raters`` are the steering-group members expected to score every proposal on every
    criterion; everyone who gave any score is expected too. ``available`` is the fund's money
    to walk the ranking against (None: no cut line).

    Rounding: the weighted score is exact, rounded once to one decimal, half up. Each weighted
    criterion's contribution ``100 × w/Σw × mean/scale_max`` is rounded to one decimal by largest
    remainder (down to a tenth, then the tenths the score still lacks go to the largest
    remainders), so that the contributions of a proposal sum exactly to its score and each is
    within 0.1 of its exact value. Means, spreads and standard deviations have two decimals,
    half up. Amounts are summed as given.

    Raises RankingError (a ValueError) for a repeated criterion, proposal or score, a score of an
    unknown proposal or criterion or outside 0–scale_max, a negative weight or budget request,
    or criteria that carry no weight at all.
    """
    criteria = tuple(criteria)
    proposals = tuple(proposals)
    _validate(criteria, proposals)
    if available is not None and not _is_number(available):
        raise RankingError(N_("the available money is not an amount"))
    table = _collect(criteria, proposals, scores)
    everyone = set(raters)
    for cells in table.values():
        for by_rater in cells.values():
            everyone.update(by_rater)
    rater_list = sorted(everyone)
    weighted = [c for c in criteria if not c.must]
    assessed = [_assess(p, criteria, weighted, table[p.key], rater_list) for p in proposals]

    ranked = sorted((a for a in assessed if a.status == RANKED),
                    key=lambda a: (-a.score, *_title_key(a.proposal)))
    rest = [sorted((a for a in assessed if a.status == status),
                   key=lambda a: _title_key(a.proposal))
            for status in (INCOMPLETE, FAILING)]
    ranks: dict[str, int] = {}
    tied: dict[str, tuple[str, ...]] = {}
    place = 1
    for _score, group in groupby(ranked, key=lambda a: a.score):
        keys = [a.proposal.key for a in group]
        for key in keys:
            ranks[key] = place
            tied[key] = tuple(k for k in keys if k != key)
        place += len(keys)

    cut = _cut_line(ranked, available)
    versus = _versus_others(ranked, assessed, len(weighted))
    spec = {c.key: c for c in criteria}
    titles = {p.key: p.title for p in proposals}
    results = []
    for a in [*ranked, *rest[0], *rest[1]]:
        key = a.proposal.key
        rows = _criterion_results(a, criteria, rater_list, versus.get(key))
        spot = cut.places.get(key)
        proposal = RankedProposal(
            key=key,
            title=a.proposal.title,
            budget_request=a.proposal.budget_request,
            status=a.status,
            rank=ranks.get(key),
            score=a.score,
            provisional_score=a.provisional,
            tied_with=tied.get(key, ()),
            criteria=rows,
            missing=tuple(a.missing),
            failed_must=tuple(a.failed_must),
            cut=spot[0] if spot else None,
            cumulative=spot[1] if spot else None,
            fits_remaining=spot[2] if spot else False,
            explanation=(),
        )
        results.append(proposal)
    explained = tuple(
        replace(p, explanation=tuple(_explain(p, len(ranked), spec, titles, cut)))
        for p in results
    )
    tie_at_cut = cut.cut_at is not None and any(
        cut.places[other][0] == ABOVE for other in tied[cut.cut_at]
    )
    return Ranking(
        proposals=explained,
        criteria=criteria,
        raters=tuple(rater_list),
        available=available,
        within=cut.within,
        remaining=cut.remaining,
        cut_at=cut.cut_at,
        tie_at_cut=tie_at_cut,
    )


@dataclass
class _Cut:
    #: key → (cut, cumulative, fits_remaining)
    places: dict[str, tuple[str, Decimal | None, bool]]
    within: Decimal | None = None
    remaining: Decimal | None = None
    cut_at: str | None = None
    available: Decimal | None = None


def _cut_line(ranked: Sequence[_Assessed], available: Decimal | None) -> _Cut:
    """Walk the ranking against ``available``: a request fits while the running sum stays at or
    under the money; the first that does not fit ends the line; requests below it that would
    fit in what remains are marked; proposals without a request are passed over uncounted."""
    if available is None:
        return _Cut({})
    places: dict[str, tuple[str, Decimal | None, bool]] = {}
    running = Decimal(0)
    cut_at: str | None = None
    for a in ranked:
        request = a.proposal.budget_request
        if request is None:
            places[a.proposal.key] = (NO_BUDGET, None, False)
        elif cut_at is None and running + request <= available:
            running += request
            places[a.proposal.key] = (ABOVE, running, False)
        elif cut_at is None:
            cut_at = a.proposal.key
            places[a.proposal.key] = (BELOW, running + request, False)
        else:
            places[a.proposal.key] = (BELOW, None, request <= available - running)
    return _Cut(places, running, available - running, cut_at, available)


def _versus_others(ranked: Sequence[_Assessed], assessed: Sequence[_Assessed],
                   n_weighted: int) -> dict[str, list[Fraction]]:
    """Each scored proposal's exact points per weighted criterion minus the mean points of the
    other ranked proposals; only for proposals with at least one other ranked proposal."""
    totals = [Fraction(0)] * n_weighted
    for a in ranked:
        totals = [t + part for t, part in zip(totals, a.exact, strict=True)]
    out: dict[str, list[Fraction]] = {}
    for a in assessed:
        if a.exact is None:
            continue
        own = a.status == RANKED
        others = len(ranked) - (1 if own else 0)
        if others == 0:
            continue
        out[a.proposal.key] = [
            part - ((total - part) if own else total) / others
            for part, total in zip(a.exact, totals, strict=True)
        ]
    return out


def _criterion_results(a: _Assessed, criteria: Sequence[CriterionSpec], raters: Sequence[str],
                       versus: list[Fraction] | None) -> tuple[CriterionResult, ...]:
    rows = []
    position = 0
    for c in criteria:
        by_rater = a.cells[c.key]
        values = tuple(sorted(by_rater.items()))
        numbers = [v for _r, v in values]
        contribution = difference = None
        if not c.must:
            if a.contributions is not None:
                contribution = a.contributions[position]
            if versus is not None:
                difference = _round(versus[position], _TENTH)
            position += 1
        spread = (max(numbers) - min(numbers)) if numbers else None
        rows.append(CriterionResult(
            criterion=c.key,
            must=c.must,
            values=values,
            missing=tuple(r for r in raters if r not in by_rater),
            mean=_round_ratio(sum(numbers), len(numbers), _HUNDREDTH) if numbers else None,
            contribution=contribution,
            versus_others=difference,
            spread=None if spread is None else _round_ratio(spread, c.scale_max, _HUNDREDTH),
            std_dev=_std_dev(numbers) if numbers else None,
            disagreement=spread is not None and spread >= DISAGREEMENT_SHARE * c.scale_max,
            failed=c.must and 0 in numbers,
        ))
    return tuple(rows)


def _explain(
    p: RankedProposal,
    count: int,
    spec: Mapping[str, CriterionSpec],
    titles: Mapping[str, str],
    cut: _Cut,
) -> list[tuple[str, dict[str, Any]]]:
    """Return the sentences that explain ``p``'s place, most important first."""
    out: list[tuple[str, dict[str, Any]]] = []
    if p.status == RANKED:
        out.append((N_("Ranked %(rank)s of %(count)s with %(score)s points."),
                    {"rank": p.rank, "count": count, "score": p.score}))
        if p.tied:
            out.append((N_("Shares rank %(rank)s with %(others)s; tied proposals are listed by "
                           "title."),
                        {"rank": p.rank, "others": ", ".join(titles[k] for k in p.tied_with)}))
    elif p.status == INCOMPLETE:
        out.append((N_("Not ranked until every rater has scored every criterion."), {}))
    else:
        for key in p.failed_must:
            zero = [rater for rater, value in p.criterion(key).values if value == 0]
            out.append((N_("Fails the must-criterion %(criterion)s: %(raters)s gave 0."),
                        {"criterion": spec[key].label, "raters": ", ".join(zero)}))
        out.append((N_("Set aside: a proposal that fails a must-criterion is not ranked."), {}))
        if p.score is not None:
            out.append((N_("Its weighted score would be %(score)s points."), {"score": p.score}))
    out += _drivers(p, spec)
    for row in p.criteria:
        if row.disagreement and not row.failed:  # a failure is stated above
            out.append((N_("The raters disagree on %(criterion)s: from %(low)s to %(high)s on a "
                           "scale to %(scale)s."),
                        {"criterion": spec[row.criterion].label, "low": row.low, "high": row.high,
                         "scale": spec[row.criterion].scale_max}))
    by_rater: dict[str, list[str]] = {}
    for rater, key in p.missing:
        by_rater.setdefault(rater, []).append(spec[key].label)
    for rater, labels in by_rater.items():
        out.append((N_("%(rater)s has not scored %(criteria)s."),
                    {"rater": rater, "criteria": ", ".join(labels)}))
    out += _cut_sentences(p, cut)
    return out


def _drivers(p: RankedProposal, spec: Mapping[str, CriterionSpec]
             ) -> list[tuple[str, dict[str, Any]]]:
    """The criterion that lifted the proposal most and the one that held it back most, against
    the average of the other ranked proposals (the first in criteria order among equals)."""
    rows = [row for row in p.criteria if row.versus_others is not None]
    if not rows:
        return []
    best = max(rows, key=lambda row: row.versus_others)
    worst = min(rows, key=lambda row: row.versus_others)
    out: list[tuple[str, dict[str, Any]]] = []
    if best.versus_others > 0:
        out.append((N_("Strongest against the other proposals: %(criterion)s, %(points)s points "
                       "above their average."),
                    {"criterion": spec[best.criterion].label, "points": best.versus_others}))
    if worst.versus_others < 0:
        out.append((N_("Weakest against the other proposals: %(criterion)s, %(points)s points "
                       "below their average."),
                    {"criterion": spec[worst.criterion].label, "points": -worst.versus_others}))
    return out


def _cut_sentences(p: RankedProposal, cut: _Cut) -> list[tuple[str, dict[str, Any]]]:
    if p.cut == ABOVE:
        return [(N_("Within the available money: %(cumulative)s of %(available)s requested up "
                    "to here."),
                 {"cumulative": p.cumulative, "available": cut.available})]
    if p.cut == NO_BUDGET:
        return [(N_("Has no budget request, so it cannot be set against the available money."),
                 {})]
    if p.cut == BELOW and p.key == cut.cut_at:
        return [(N_("The money runs out here: it requests %(amount)s, and %(remaining)s "
                    "remain."),
                 {"amount": p.budget_request, "remaining": cut.remaining})]
    if p.cut == BELOW and p.fits_remaining:
        return [(N_("Below the cut line, though its request of %(amount)s fits in the "
                    "%(remaining)s that remain."),
                 {"amount": p.budget_request, "remaining": cut.remaining})]
    if p.cut == BELOW:
        return [(N_("Below the cut line."), {})]
    return []
