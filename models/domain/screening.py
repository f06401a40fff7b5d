"""Screening of proposals: is the application complete, and does it meet the must-criteria?

The guide (section 4) asks for the target group to be described precisely — not "children with
difficulties in school" but "children 6–12 with neuropsychiatric problems at schools X and Y" —
along diagnosis or risk factor, geography, age band and current intervention, with the need areas it
answers, the simplified logic model, the size of the whole target group against the part reached,
the duration and the budget request. A call may add questions of its own.

Pure functions: plain data in, results out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from models.domain import N_

#: Every item of a complete proposal, in the order of the application form.
ITEM_LABELS = {
    "title": N_("A title"),
    "need": N_("The need it answers"),
    "ordinary_practice": N_("The ordinary practice it is compared with"),
    "target_group": N_("A description of the target group"),
    "characteristic": N_(
        "What characterises the target group: a diagnosis, problem or risk factor"
    ),
    "age_band": N_("The target group's age band"),
    "geography": N_("Where the target group is (schools, areas, units)"),
    "current_intervention": N_("What the target group gets today"),
    "need_areas": N_("At least one linked need area"),
    "call_need_area": N_("A need area named in the call"),
    "departments": N_("The departments involved"),
    "size": N_("The size of the whole target group and of the part reached"),
    "duration": N_("Start and end dates"),
    "budget_request": N_("The budget request"),
    "logic_model": N_("A simplified logic model with all four levels and no structural error"),
    "question": N_("An answer to the call's question: %(question)s"),
}


@dataclass(frozen=True)
class Answer:
    """A question of the call's application form and whether the proposal answers it."""

    question: str
    required: bool
    answered: bool


@dataclass(frozen=True)
class ProposalFacts:
    """What a proposal says, reduced to what the completeness check needs."""

    title: str = ""
    need: str = ""
    ordinary_practice: str = ""
    target_description: str = ""
    diagnosis: str = ""
    risk_factor: str = ""
    geography: str = ""
    current_intervention: str = ""
    age_min: int | None = None
    age_max: int | None = None
    need_areas: int = 0
    #: None when the proposal answers no need-based call; otherwise whether it links at least one
    #: of the call's need areas.
    call_need_area: bool | None = None
    departments: int = 0
    size_total: int | None = None
    size_reached: int | None = None
    start: date | None = None
    end: date | None = None
    budget_request: Decimal | None = None
    #: Whether the simplified logic model has all four levels and no structural error.
    logic_model: bool = False
    answers: Sequence[Answer] = field(default_factory=tuple)


@dataclass(frozen=True)
class Missing:
    """One thing a proposal lacks: a code, and the message (msgid and params) for the user."""

    code: str
    message: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Completeness:
    missing: tuple[Missing, ...]
    #: The number of items checked (the call's required questions included).
    total: int

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def done(self) -> int:
        return self.total - len(self.missing)


def _filled(text: str | None) -> bool:
    return bool(text and text.strip())


def completeness(facts: ProposalFacts) -> Completeness:
    """Return what ``facts`` lack, in the order of the application form."""
    checks: list[tuple[str, bool]] = [
        ("title", _filled(facts.title)),
        ("need", _filled(facts.need)),
        ("ordinary_practice", _filled(facts.ordinary_practice)),
        ("target_group", _filled(facts.target_description)),
        ("characteristic", _filled(facts.diagnosis) or _filled(facts.risk_factor)),
        ("age_band", facts.age_min is not None or facts.age_max is not None),
        ("geography", _filled(facts.geography)),
        ("current_intervention", _filled(facts.current_intervention)),
        ("need_areas", facts.need_areas > 0),
    ]
    if facts.call_need_area is not None:
        checks.append(("call_need_area", facts.call_need_area))
    checks += [
        ("departments", facts.departments > 0),
        ("size", facts.size_total is not None and facts.size_reached is not None),
        ("duration", facts.start is not None and facts.end is not None),
        ("budget_request", facts.budget_request is not None),
        ("logic_model", facts.logic_model),
    ]
    missing = [Missing(code, ITEM_LABELS[code]) for code, ok in checks if not ok]
    total = len(checks)
    for answer in facts.answers:
        if not answer.required:
            continue
        total += 1
        if not answer.answered:
            missing.append(Missing("question", ITEM_LABELS["question"],
                                   {"question": answer.question}))
    return Completeness(tuple(missing), total)


@dataclass(frozen=True)
class MustResult:
    """The must-criteria at screening: which failed, which are not yet judged."""

    failed: tuple[str, ...]
    unchecked: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """All must-criteria are judged and none failed."""
        return not self.failed and not self.unchecked


def must_result(criteria: Sequence[str], checks: Mapping[str, bool]) -> MustResult:
    """Judge the must-criteria ``criteria`` (keys, in order) from ``checks`` (key → passed)."""
    failed = tuple(key for key in criteria if checks.get(key) is False)
    unchecked = tuple(key for key in criteria if key not in checks)
    return MustResult(failed, unchecked)


__all__ = [
    "Answer",
    "Completeness",
    "ITEM_LABELS",
    "Missing",
    "MustResult",
    "ProposalFacts",
    "completeness",
    "must_result",
]
