"""The comparison alternatives of the evaluation plan (guide section 5 and appendix A; SPEC 3.4).

``ALTERNATIVES`` holds the guide's seven alternatives in the order appendix A presents them,
starting with the most reliable, the randomised controlled trial. Each carries the guide's
description, strengths, weaknesses and requirements (msgids) and the fields the choice needs
filled in (``follow_up``).

The guided questions follow section 5 (can the target group be randomised, is there a similar
group elsewhere, an earlier cohort, baseline data?) and the requirements in appendix A (register
data for a generic control, an expert for a shadow control, an offer given in turns for a
wait-list control). ``suggest`` answers every alternative, in the guide's order, with whether it
is suggested, possible (an answer is still unknown) or ruled out, and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from models.domain import N_

RCT = "rct"
MATCHING = "matching"
GENERIC_CONTROL = "generic_control"
SHADOW_CONTROL = "shadow_control"
BEFORE_AFTER = "before_after"
HISTORICAL_CONTROL = "historical_control"
WAITLIST_CONTROL = "waitlist_control"

YES = "yes"
NO = "no"
UNKNOWN = "unknown"
ANSWERS = (YES, NO, UNKNOWN)
ANSWER_LABELS = {YES: N_("Yes"), NO: N_("No"), UNKNOWN: N_("Don't know yet")}

SUGGESTED = "suggested"
POSSIBLE = "possible"
RULED_OUT = "ruled_out"
VERDICT_LABELS = {
    SUGGESTED: N_("Suggested"),
    POSSIBLE: N_("Possible: find out first"),
    RULED_OUT: N_("Ruled out"),
}

# Question keys.
RANDOMISE = "randomise"
SIMILAR_GROUP = "similar_group"
REGISTER_DATA = "register_data"
EXPERT = "expert"
BASELINE = "baseline"
EARLIER_COHORT = "earlier_cohort"
WAITLIST = "waitlist"


class DesignError(ValueError):
    """Answers that cannot be used; ``message`` is a msgid with ``params``."""

    def __init__(self, message: str, **params: object):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


@dataclass(frozen=True)
class FollowUpField:
    """Something the chosen alternative needs described in the evaluation plan."""

    key: str
    label: str
    help: str


@dataclass(frozen=True)
class ComparisonAlternative:
    key: str
    name: str
    description: str
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    requirements: tuple[str, ...]
    follow_up: tuple[FollowUpField, ...]
    #: The guided question whose answer decides whether the alternative is open.
    question: str


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    help: str


@dataclass(frozen=True)
class Suggestion:
    """One alternative judged against the answers."""

    key: str
    #: ``SUGGESTED``, ``POSSIBLE`` or ``RULED_OUT``.
    verdict: str
    #: Why (msgid, no parameters).
    reason: str

    @property
    def suggested(self) -> bool:
        return self.verdict == SUGGESTED


ALTERNATIVES: tuple[ComparisonAlternative, ...] = (
    ComparisonAlternative(
        key=RCT,
        name=N_("Randomised controlled trial (RCT)"),
        description=N_(
            "Participants from one and the same target group are allocated at random to a group "
            "that receives the intervention being studied and a group that receives nothing "
            "beyond the services normally offered. Both groups are followed from before the "
            "intervention starts until some time after it has ended; how long depends on the "
            "design and on the effect measured."),
        strengths=(
            N_("Considered the most reliable way to measure the effect of an intervention."),
            N_("Random allocation is the best method we have to make the groups alike in every "
               "respect except the intervention, so that the effect observed can be attributed "
               "to the intervention and nothing else."),
        ),
        weaknesses=(
            N_("Can demand many resources and be challenging to carry out on social and "
               "societal questions."),
            N_("Withholding an intervention can be seen as unethical when a positive effect is "
               "already established."),
        ),
        requirements=(
            N_("The target group can be divided at random, for example by a computer-generated "
               "random sequence that decides which group each new participant joins."),
            N_("The control group receives the services normally offered rather than nothing at "
               "all."),
            N_("Both groups are followed, with the same data, from before the start until after "
               "the intervention."),
        ),
        follow_up=(
            FollowUpField("randomisation", N_("How randomisation is done"),
                          N_("Who allocates participants, how (for example a computer-generated "
                             "random sequence) and when in the process.")),
        ),
        question=RANDOMISE,
    ),
    ComparisonAlternative(
        key=MATCHING,
        name=N_("Matching"),
        description=N_(
            "When randomisation is not possible, for example for ethical, practical or political "
            "reasons, a comparison group as similar as possible to the participants is chosen. "
            "The critical step is how well every characteristic and circumstance that could "
            "affect the observed effect is matched between the groups: individual factors such "
            "as sex, age and socio-economic status, and external factors such as local "
            "conditions, culture and climate."),
        strengths=(
            N_("Usually needs somewhat fewer resources than an RCT and is often easier to carry "
               "out."),
            N_("Works well at group level, for example two areas within a municipality or two "
               "municipalities."),
        ),
        weaknesses=(
            N_("There is no guarantee that every confounding background factor that could affect "
               "the effect has been identified and controlled for."),
            N_("Depending on the intervention, a really good comparison group can be hard to "
               "find."),
            N_("Relevant data from before the initiative may be missing."),
        ),
        requirements=(
            N_("A group similar to the participants, for example in another area or "
               "municipality, that can be followed at the same time."),
            N_("Data on the matching variables for both groups, preferably also from before the "
               "start."),
        ),
        follow_up=(
            FollowUpField("comparison_group", N_("Comparison group"),
                          N_("Which group the participants are compared with, for example "
                             "another area or municipality.")),
            FollowUpField("matching_variables", N_("Matching variables"),
                          N_("The individual factors (for example sex, age, socio-economic "
                             "status) and external factors (for example local conditions) on "
                             "which the groups are matched.")),
        ),
        question=SIMILAR_GROUP,
    ),
    ComparisonAlternative(
        key=GENERIC_CONTROL,
        name=N_("Generic control"),
        description=N_(
            "The group receiving the intervention is compared with the corresponding group in a "
            "larger population over the same period. The larger population is the reference for "
            "normal development, on the assumption that the participants would have followed the "
            "same trend without the intervention; any difference observed is attributed to the "
            "intervention."),
        strengths=(
            N_("Needs fewer resources than an RCT or matching, since the indicators for the "
               "reference population usually come from existing register or administrative "
               "data."),
        ),
        weaknesses=(
            N_("The generic comparison group is neither chosen at random nor matched to the "
               "participants, so confounding background factors and systematic differences are "
               "more uncertain."),
            N_("It becomes hard to say whether the result is due to the intervention or not."),
        ),
        requirements=(
            N_("Register or administrative data on the same indicators for a corresponding "
               "group in a larger population, covering the same period."),
        ),
        follow_up=(
            FollowUpField("generic_data", N_("Generic comparison data"),
                          N_("Which population and which data source (for example national or "
                             "municipal statistics) serve as the reference, and for which "
                             "period.")),
        ),
        question=REGISTER_DATA,
    ),
    ComparisonAlternative(
        key=SHADOW_CONTROL,
        name=N_("Shadow control"),
        description=N_(
            "One or more experts in the field judge what the result would have been had the "
            "intervention not taken place, often drawing on interviews, statistics and analyses "
            "of existing data."),
        strengths=(
            N_("Comparatively simple to carry out and needs few resources."),
        ),
        weaknesses=(
            N_("The result rests entirely on the experts' interpretation."),
            N_("The analysis can be coloured by personal preconceptions, and at worst an expert "
               "may be partial, which can lead to both under- and overestimation of the "
               "effect."),
        ),
        requirements=(
            N_("At least one expert in the field."),
            N_("Interviews, statistics or existing data on which the experts base their "
               "judgement."),
        ),
        follow_up=(
            FollowUpField("experts", N_("Expert or experts"),
                          N_("Who judges the result without the intervention, their field, and "
                             "how their independence is ensured.")),
        ),
        question=EXPERT,
    ),
    ComparisonAlternative(
        key=BEFORE_AFTER,
        name=N_("Before–after measurement"),
        description=N_(
            "No comparison other than the group that receives the intervention: the relevant "
            "indicators are measured at baseline, before the intervention, and compared with how "
            "they look afterwards. The number of measurements before and after can vary."),
        strengths=(
            N_("Needs no comparison group: only the participants are measured."),
            N_("The more data there are, before and after, the better the basis for estimating "
               "what would have happened without the intervention."),
        ),
        weaknesses=(
            N_("Rests almost entirely on assumptions about what would have happened without the "
               "intervention."),
            N_("Conclusions about the effect are hard to establish."),
        ),
        requirements=(
            N_("A baseline measurement of the relevant indicators before the intervention "
               "starts; it can hardly be collected afterwards."),
            N_("The same indicators measured after the intervention, preferably on several "
               "occasions."),
        ),
        follow_up=(
            FollowUpField("baseline_data", N_("Baseline data"),
                          N_("Which indicators are measured before the start, from which source "
                             "and when.")),
        ),
        question=BASELINE,
    ),
    ComparisonAlternative(
        key=HISTORICAL_CONTROL,
        name=N_("Historical control"),
        description=N_(
            "The intervention has been carried out before, and the results for that target group "
            "are compared with those of a later round, to detect differences or to confirm a "
            "lasting effect."),
        strengths=(
            N_("Much relevant data is usually already available and compiled, which saves time "
               "and other resources."),
        ),
        weaknesses=(
            N_("There may be systematic differences between the groups."),
            N_("External circumstances may have changed since the historical group was followed, "
               "more so the longer ago it was, which can affect the result."),
        ),
        requirements=(
            N_("An earlier cohort with the same data on the same indicators."),
        ),
        follow_up=(
            FollowUpField("historical_cohort", N_("Historical cohort"),
                          N_("Which earlier group the participants are compared with, and how it "
                             "resembles today's target group.")),
            FollowUpField("historical_period", N_("Historical period"),
                          N_("The period the historical data cover.")),
        ),
        question=EARLIER_COHORT,
    ),
    ComparisonAlternative(
        key=WAITLIST_CONTROL,
        name=N_("Wait-list control"),
        description=N_(
            "People who apply for an intervention are usually allocated at random to a group "
            "that receives it and a group placed on a wait list to receive it later. Both groups "
            "are followed with relevant measures, and the effect is estimated by comparing the "
            "intervention group with the wait-list group."),
        strengths=(
            N_("Participants are recruited automatically, by applying."),
            N_("Random allocation makes systematic differences between the groups less "
               "likely."),
        ),
        weaknesses=(
            N_("Both groups may differ from the rest of the target group because they actively "
               "applied; they may, for example, be more receptive to the intervention."),
            N_("Depending on the intervention, knowing that they are waiting can affect the "
               "people in the comparison group."),
            N_("The effect of the intervention therefore cannot be carried over to a broader "
               "group."),
        ),
        requirements=(
            N_("The offer can be given in turns, so that some wait for it."),
            N_("Allocation to the intervention or the wait list, preferably at random."),
            N_("The effect is measured before those on the wait list receive the intervention."),
        ),
        follow_up=(
            FollowUpField("waitlist_formation", N_("How the wait list is formed"),
                          N_("Who applies, how people are allocated to the intervention or the "
                             "wait list (preferably at random), and how long they wait.")),
        ),
        question=WAITLIST,
    ),
)

ALTERNATIVE_KEYS = tuple(a.key for a in ALTERNATIVES)
COMPARISON_LABELS = {a.key: a.name for a in ALTERNATIVES}
_BY_KEY = {a.key: a for a in ALTERNATIVES}


QUESTIONS: tuple[Question, ...] = (
    Question(RANDOMISE,
             N_("Can the target group be divided at random into a group that receives the "
                "intervention and a group that receives only the ordinary services?"),
             N_("Random allocation is the surest way to know that an effect comes from the "
                "intervention. The comparison group still receives what is normally offered.")),
    Question(SIMILAR_GROUP,
             N_("Is there a similar group elsewhere, for example in another area or "
                "municipality, that can be followed at the same time?"),
             N_("A group as alike the participants as possible, in individual factors such as "
                "sex, age and socio-economic status and in local conditions.")),
    Question(REGISTER_DATA,
             N_("Are there register or administrative data on the same indicators for a "
                "corresponding group in a larger population, over the same period?"),
             N_("For example national or municipal statistics for the same age group.")),
    Question(EXPERT,
             N_("Is there at least one expert in the field who can judge what the result would "
                "have been without the intervention?"),
             N_("Preferably someone independent of the initiative.")),
    Question(BASELINE,
             N_("Will there be baseline data from before the start, existing data or a "
                "measurement made before the intervention begins?"),
             N_("Data on the situation at the start can hardly be collected once the initiative "
                "is over.")),
    Question(EARLIER_COHORT,
             N_("Is there an earlier cohort, given the same or a similar intervention, with the "
                "same data on the same indicators?"),
             N_("For example an earlier year's group in the same service.")),
    Question(WAITLIST,
             N_("Can the offer be given in turns, so that some wait for it (a wait list)?"),
             N_("Useful when people apply for the intervention and not everyone can start at "
                "once.")),
)
QUESTION_KEYS = tuple(q.key for q in QUESTIONS)

_REASONS = {
    RCT: (
        N_("The target group can be randomised: the most reliable way to measure the effect."),
        N_("Find out whether the target group can be randomised: it would allow the most "
           "reliable evaluation."),
        N_("Ruled out: the target group cannot be randomised."),
    ),
    MATCHING: (
        N_("There is a similar group elsewhere that can be followed at the same time and "
           "matched to the participants."),
        N_("Find out whether a similar group elsewhere, for example in another area or "
           "municipality, can be followed at the same time."),
        N_("Ruled out: there is no similar group elsewhere to follow at the same time."),
    ),
    GENERIC_CONTROL: (
        N_("There are register or administrative data for a corresponding group in a larger "
           "population over the same period."),
        N_("Find out whether register or administrative data exist for a corresponding group "
           "over the same period."),
        N_("Ruled out: there are no data for a corresponding group in a larger population."),
    ),
    SHADOW_CONTROL: (
        N_("There is an expert who can judge what would have happened without the "
           "intervention; simple, but the result rests on the expert's judgement."),
        N_("Find out whether an expert in the field can judge what would have happened without "
           "the intervention."),
        N_("Ruled out: there is no expert to judge the result without the intervention."),
    ),
    BEFORE_AFTER: (
        N_("There will be baseline data from before the start; the conclusions rest on the "
           "assumption that nothing else changed."),
        N_("Find out whether baseline data can be collected before the start: they cannot be "
           "collected afterwards."),
        N_("Ruled out: there will be no baseline data from before the start."),
    ),
    HISTORICAL_CONTROL: (
        N_("There is an earlier cohort with the same data to compare with; check that the "
           "groups and circumstances are comparable."),
        N_("Find out whether an earlier cohort with the same data exists."),
        N_("Ruled out: there is no earlier cohort with the same data."),
    ),
    WAITLIST_CONTROL: (
        N_("The offer can be given in turns: those waiting are the comparison group, best "
           "allocated at random."),
        N_("Find out whether the offer can be given in turns, with a wait list as the "
           "comparison group."),
        N_("Ruled out: the offer cannot be given in turns."),
    ),
}
_WAITLIST_RANDOM = N_(
    "The offer can be given in turns and people can be allocated at random: those waiting are "
    "the comparison group.")
_WAITLIST_NOT_RANDOM = N_(
    "The offer can be given in turns; as the wait list cannot be formed at random, the groups "
    "may differ systematically.")


def alternative(key: str) -> ComparisonAlternative:
    """The alternative with this key; ``DesignError`` for an unknown key."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise DesignError(N_("Unknown comparison alternative: %(key)s."), key=key) from None


def _answers(answers: Mapping[str, str]) -> dict[str, str]:
    out = dict.fromkeys(QUESTION_KEYS, UNKNOWN)
    for key, answer in answers.items():
        if key not in out:
            raise DesignError(N_("Unknown question: %(key)s."), key=key)
        if answer not in ANSWERS:
            raise DesignError(N_("The answer to %(key)s must be yes, no or unknown."), key=key)
        out[key] = answer
    return out


def suggest(answers: Mapping[str, str]) -> list[Suggestion]:
    """Judge every alternative against the answers (question key → yes/no/unknown; a missing
    answer is unknown), in the guide's order from the most reliable.

    An alternative is ``SUGGESTED`` when the answer to its question is yes, ``POSSIBLE`` while it
    is unknown and ``RULED_OUT`` when it is no; each carries why. Read from the top, the ruled-out
    entries above the first suggestion say why a more reliable alternative was not chosen.
    """
    given = _answers(answers)
    out = []
    for alt in ALTERNATIVES:
        answer = given[alt.question]
        yes, unknown, no = _REASONS[alt.key]
        if answer == YES:
            reason = yes
            if alt.key == WAITLIST_CONTROL and given[RANDOMISE] != UNKNOWN:
                reason = _WAITLIST_RANDOM if given[RANDOMISE] == YES else _WAITLIST_NOT_RANDOM
            out.append(Suggestion(alt.key, SUGGESTED, reason))
        elif answer == UNKNOWN:
            out.append(Suggestion(alt.key, POSSIBLE, unknown))
        else:
            out.append(Suggestion(alt.key, RULED_OUT, no))
    return out


def recommended(answers: Mapping[str, str]) -> str | None:
    """The most reliable suggested alternative, or None when none is suggested yet."""
    return next((s.key for s in suggest(answers) if s.suggested), None)
