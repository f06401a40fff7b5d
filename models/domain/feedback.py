"""The feedback letter every proposer gets, rejected ones too: strengths, weaknesses and what to
improve (SPEC 3.2, *Screening*; seed 002: funds go unused because good applications are hard to
write, so the letter is there to help the proposer write a better one).

``draft_letter`` turns what is known about a proposal — its screening (completeness,
must-criteria, status, reason, completion request) and the steering group's scores — into the
sections of a letter, each a tuple of ``Message`` (a msgid and its parameters) that the web layer
translates. The coordinator edits the text before it is sent.

How the scores are read:

* a criterion's mean is the mean of the raters' values as a share of its scale
  (``value / scale_max``);
* a weighted criterion whose mean is at least ``STRENGTH_SHARE`` (0.7: 3.5 of 5) is a strength;
  one whose mean is at most ``WEAKNESS_SHARE`` (0.4: 2 of 5) is a weakness and something to
  improve; the ones in between are not named;
* a must-criterion is pass or fail and never a strength: it is a weakness when it failed at
  screening (with the coordinator's note) or when a rater gave it 0;
* the raters' comments on a named criterion are quoted with it, without the raters' names.

Every item the completeness check finds missing, the reason a proposal was set aside and the
completion asked for are things to improve. When nothing is known yet (no screening, no scores)
each section says so plainly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import NamedTuple

from models.domain import N_
from models.domain.screening import Completeness, MustResult

#: A weighted criterion scored at least this share of its scale is a strength ...
STRENGTH_SHARE = Fraction(7, 10)
#: ... and one scored at most this share is a weakness.
WEAKNESS_SHARE = Fraction(2, 5)

SECTIONS = ("opening", "strengths", "weaknesses", "improvements", "closing")
#: Sections written as paragraphs; the others are lists of points.
PARAGRAPH_SECTIONS = ("opening", "closing")
BULLET = "- "


class Message(NamedTuple):
    """A msgid and its parameters; a parameter may itself be a Message."""

    msgid: str
    params: Mapping[str, object] = {}


@dataclass(frozen=True)
class CriterionScores:
    """The submitted scores of one criterion of one proposal."""

    name: str
    scale_max: int
    values: tuple[int, ...]
    comments: tuple[str, ...] = ()
    must: bool = False
    description: str = ""

    @property
    def share(self) -> Fraction | None:
        """The mean value as a share of the scale (0–1); None without values."""
        if not self.values or self.scale_max <= 0:
            return None
        return Fraction(sum(self.values), len(self.values) * self.scale_max)

    @property
    def mean(self) -> Decimal | None:
        """The mean value on the criterion's own scale, rounded half up to one decimal."""
        if not self.values:
            return None
        exact = Fraction(sum(self.values), len(self.values))
        return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LetterFacts:
    """What is known about a proposal when its letter is drafted."""

    title: str
    call: str = ""
    #: None when the completeness has not been checked.
    completeness: Completeness | None = None
    #: None when the proposal has not been screened.
    must: MustResult | None = None
    #: Must-criterion key → name, and key → the coordinator's note from screening.
    must_names: Mapping[str, str] = field(default_factory=dict)
    must_notes: Mapping[str, str] = field(default_factory=dict)
    #: pending | completion_requested | passed | set_aside; None when there is no screening.
    screening_status: str | None = None
    reason: str = ""
    completion_request: str = ""
    criteria: Sequence[CriterionScores] = ()
    #: The latest decision: prioritised | approved | rejected, or None.
    outcome: str | None = None


@dataclass(frozen=True)
class Letter:
    opening: tuple[Message, ...]
    strengths: tuple[Message, ...]
    weaknesses: tuple[Message, ...]
    improvements: tuple[Message, ...]
    closing: tuple[Message, ...]

    def sections(self) -> dict[str, tuple[Message, ...]]:
        return {name: getattr(self, name) for name in SECTIONS}


def _scored(facts: LetterFacts) -> list[CriterionScores]:
    return [c for c in facts.criteria if c.values]


def _screened(facts: LetterFacts) -> bool:
    return facts.screening_status not in (None, "pending")


def _comments(criterion: CriterionScores) -> str:
    return " / ".join(f"“{c.strip()}”" for c in criterion.comments if c.strip())


def _scored_line(msgid: str, with_comments: str, criterion: CriterionScores) -> Message:
    params: dict[str, object] = {"criterion": criterion.name, "mean": criterion.mean,
                                 "max": criterion.scale_max}
    comments = _comments(criterion)
    if comments:
        return Message(with_comments, {**params, "comments": comments})
    return Message(msgid, params)


def _opening(facts: LetterFacts) -> list[Message]:
    lines = [
        Message(N_("Thank you for your proposal “%(title)s” in answer to the call “%(call)s”."),
                {"title": facts.title, "call": facts.call}) if facts.call else
        Message(N_("Thank you for your proposal “%(title)s”."), {"title": facts.title})
    ]
    status = {
        "completion_requested": N_("At screening, the proposal was found to need completing "
                                   "before it can be assessed further."),
        "passed": N_("The proposal has passed screening."),
        "set_aside": N_("After screening, the proposal has been set aside. The reasons are "
                        "given below."),
    }.get(facts.screening_status or "", N_("The proposal has not been screened yet."))
    lines.append(Message(status))
    scored = _scored(facts)
    if scored:
        lines.append(Message(N_("The steering group has scored it on %(count)s criteria."),
                             {"count": len(scored)}))
    elif _screened(facts):
        lines.append(Message(N_("The steering group has not scored it yet.")))
    outcome = {
        "prioritised": N_("The proposal has been prioritised for further work."),
        "approved": N_("The proposal has been approved."),
        "rejected": N_("The proposal has not been granted funds this time."),
    }.get(facts.outcome or "")
    if outcome:
        lines.append(Message(outcome))
    lines.append(Message(N_("This letter sums up the proposal's strengths, its weaknesses and "
                            "what we suggest you improve.")))
    return lines


def _strengths(facts: LetterFacts) -> list[Message]:
    lines = []
    if facts.completeness is not None and facts.completeness.complete:
        lines.append(Message(N_("The application is complete: every item of the application "
                                "form is filled in.")))
    if facts.must is not None and facts.must.passed and facts.must_names:
        lines.append(Message(N_("The proposal meets every must-criterion.")))
    for criterion in _scored(facts):
        if not criterion.must and criterion.share >= STRENGTH_SHARE:
            lines.append(_scored_line(
                N_("%(criterion)s: scored %(mean)s of %(max)s on average."),
                N_("%(criterion)s: scored %(mean)s of %(max)s on average. The raters noted: "
                   "%(comments)s"), criterion))
    if not lines:
        if not _screened(facts) and not _scored(facts):
            lines.append(Message(N_("Nothing can be said about the proposal's strengths yet: it "
                                    "has been neither screened nor scored.")))
        else:
            lines.append(Message(N_("No clear strength stood out in what has been assessed so "
                                    "far.")))
    return lines


def _failed_musts(facts: LetterFacts) -> list[str]:
    return list(facts.must.failed) if facts.must is not None else []


def _weak(facts: LetterFacts) -> list[CriterionScores]:
    return [c for c in _scored(facts) if not c.must and c.share <= WEAKNESS_SHARE]


def _must_zero(facts: LetterFacts) -> list[CriterionScores]:
    return [c for c in _scored(facts) if c.must and 0 in c.values]


def _weaknesses(facts: LetterFacts) -> list[Message]:
    lines = []
    completeness = facts.completeness
    if completeness is not None and not completeness.complete:
        lines.append(Message(N_("The application is incomplete: %(missing)s of %(total)s items "
                                "are missing (listed under what to improve)."),
                             {"missing": len(completeness.missing), "total": completeness.total}))
    for key in _failed_musts(facts):
        name = facts.must_names.get(key, key)
        note = (facts.must_notes.get(key) or "").strip()
        if note:
            lines.append(Message(N_("%(criterion)s: the must-criterion is not met. %(note)s"),
                                 {"criterion": name, "note": note}))
        else:
            lines.append(Message(N_("%(criterion)s: the must-criterion is not met."),
                                 {"criterion": name}))
    for criterion in _must_zero(facts):
        params = {"criterion": criterion.name}
        comments = _comments(criterion)
        lines.append(Message(
            N_("%(criterion)s: at least one rater judged this must-criterion not met. The raters "
               "noted: %(comments)s"), {**params, "comments": comments}) if comments else
            Message(N_("%(criterion)s: at least one rater judged this must-criterion not met."),
                    params))
    for criterion in _weak(facts):
        lines.append(_scored_line(
            N_("%(criterion)s: scored %(mean)s of %(max)s on average."),
            N_("%(criterion)s: scored %(mean)s of %(max)s on average. The raters noted: "
               "%(comments)s"), criterion))
    if not lines:
        if not _screened(facts) and not _scored(facts):
            lines.append(Message(N_("Nothing can be said about the proposal's weaknesses yet: "
                                    "it has been neither screened nor scored.")))
        else:
            lines.append(Message(N_("No weakness was found in what has been assessed so far.")))
    return lines


def _improvements(facts: LetterFacts) -> list[Message]:
    lines = []
    if facts.screening_status == "set_aside" and facts.reason.strip():
        lines.append(Message(N_("Address why the proposal was set aside: %(reason)s"),
                             {"reason": facts.reason.strip()}))
    if facts.screening_status == "completion_requested" and facts.completion_request.strip():
        lines.append(Message(N_("Complete the proposal as asked: %(request)s"),
                             {"request": facts.completion_request.strip()}))
    if facts.completeness is not None:
        for missing in facts.completeness.missing:
            lines.append(Message(N_("Add to the application: %(item)s"),
                                 {"item": Message(missing.message, dict(missing.params))}))
    for key in _failed_musts(facts):
        lines.append(Message(N_("Show how the proposal meets the must-criterion “%(criterion)s”."),
                             {"criterion": facts.must_names.get(key, key)}))
    for criterion in _must_zero(facts):
        lines.append(Message(N_("Show how the proposal meets the must-criterion “%(criterion)s”."),
                             {"criterion": criterion.name}))
    for criterion in _weak(facts):
        if criterion.description.strip():
            lines.append(Message(N_("Strengthen the proposal on “%(criterion)s”: "
                                    "%(description)s"),
                                 {"criterion": criterion.name,
                                  "description": criterion.description.strip()}))
        else:
            lines.append(Message(N_("Strengthen the proposal on “%(criterion)s”."),
                                 {"criterion": criterion.name}))
    if not lines:
        if not _screened(facts) and not _scored(facts) and facts.completeness is None:
            lines.append(Message(N_("What to improve follows once the proposal has been "
                                    "screened and scored.")))
        else:
            lines.append(Message(N_("Nothing in particular: the assessment so far found no gap "
                                    "to fill.")))
    return lines


def _closing(facts: LetterFacts) -> list[Message]:
    lines = []
    if facts.screening_status == "set_aside" or facts.outcome == "rejected":
        lines.append(Message(N_("You are welcome to develop the proposal further and to apply "
                                "again in a later call.")))
    lines.append(Message(N_("If you have questions about this feedback, please contact the "
                            "coordinator.")))
    return lines


def draft_letter(facts: LetterFacts) -> Letter:
    """Return the sections of a feedback letter drafted from ``facts``."""
    return Letter(
        opening=tuple(_opening(facts)),
        strengths=tuple(_strengths(facts)),
        weaknesses=tuple(_weaknesses(facts)),
        improvements=tuple(_improvements(facts)),
        closing=tuple(_closing(facts)),
    )


# --- Turning messages into text -----------------------------------------------------------------

Translate = Callable[[str], str]


def render_message(message: Message, translate: Translate,
                   number: Callable[[object], str] = str) -> str:
    """Translate ``message`` and fill in its parameters (nested messages and numbers too)."""
    text = translate(message.msgid)
    if not message.params:
        return text
    params = {}
    for key, value in message.params.items():
        if isinstance(value, Message):
            params[key] = render_message(value, translate, number)
        elif isinstance(value, int | Decimal | Fraction) and not isinstance(value, bool):
            params[key] = number(value)
        else:
            params[key] = value
    return text % params


def render_section(name: str, messages: Sequence[Message], translate: Translate,
                   number: Callable[[object], str] = str) -> str:
    """Join a section's messages: the opening and closing as one paragraph each, the others as a
    list of points, one per line starting with ``BULLET``."""
    texts = [render_message(m, translate, number) for m in messages]
    if name in PARAGRAPH_SECTIONS:
        return " ".join(texts)
    return "\n".join(BULLET + text for text in texts)


def render_letter(letter: Letter, translate: Translate,
                  number: Callable[[object], str] = str) -> dict[str, str]:
    """Return the text of every section of ``letter``, by section name."""
    return {name: render_section(name, messages, translate, number)
            for name, messages in letter.sections().items()}


__all__ = [
    "BULLET",
    "CriterionScores",
    "Letter",
    "LetterFacts",
    "Message",
    "SECTIONS",
    "STRENGTH_SHARE",
    "WEAKNESS_SHARE",
    "draft_letter",
    "render_letter",
    "render_message",
    "render_section",
]
