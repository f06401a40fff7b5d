"""Project stages and the transitions between them (SPEC section 2)."""

from __future__ import annotations

from dataclasses import dataclass

from models.domain import N_

PATH = (
    "idea",
    "proposal",
    "prioritised",
    "approved",
    "running",
    "evaluation",
    "implementation",
    "closed",
)
TERMINAL = ("closed", "rejected", "stopped")
STAGES = PATH + ("rejected", "stopped")

STAGE_LABELS = {
    "idea": N_("Idea"),
    "proposal": N_("Proposal"),
    "prioritised": N_("Prioritised"),
    "approved": N_("Approved"),
    "running": N_("Running"),
    "evaluation": N_("Evaluation"),
    "implementation": N_("Implementation"),
    "closed": N_("Closed"),
    "rejected": N_("Rejected"),
    "stopped": N_("Stopped"),
}

#: Stages from which an initiative can be rejected (before the decision to run it) ...
REJECTABLE = ("idea", "proposal", "prioritised")
#: ... and from which it can be stopped (after it was approved).
STOPPABLE = ("approved", "running", "evaluation", "implementation")

#: Transitions that are decisions of the steering group or the coordinator.
DECISIONS = frozenset(
    {
        ("proposal", "prioritised"),
        ("prioritised", "approved"),
        ("evaluation", "implementation"),
        ("implementation", "closed"),
        ("evaluation", "closed"),
    }
)


@dataclass(frozen=True)
class Transition:
    from_stage: str
    to_stage: str
    #: Needs the steering group or the coordinator (not the project team alone).
    decision: bool
    #: A step backwards or out of the path: a reason must be given.
    needs_reason: bool


def allowed_transitions(stage: str) -> list[Transition]:
    """Return the transitions that can be made from ``stage``, forward path first."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    result: list[Transition] = []
    if stage in PATH and stage != "closed":
        i = PATH.index(stage)
        nxt = PATH[i + 1]
        result.append(Transition(stage, nxt, (stage, nxt) in DECISIONS or nxt == "approved", False))
        if stage == "evaluation":
            result.append(Transition(stage, "closed", True, True))
        if i > 0 and stage not in ("approved",):
            prev = PATH[i - 1]
            result.append(Transition(stage, prev, True, True))
    if stage in REJECTABLE:
        result.append(Transition(stage, "rejected", True, True))
    if stage in STOPPABLE:
        result.append(Transition(stage, "stopped", True, True))
    if stage in ("rejected", "stopped"):
        # Reopening an initiative that was set aside is a decision with a reason.
        result.append(Transition(stage, "idea" if stage == "rejected" else "running", True, True))
    return result


def find_transition(from_stage: str, to_stage: str) -> Transition | None:
    """Return the transition between two stages, or None if it is not allowed."""
    for transition in allowed_transitions(from_stage):
        if transition.to_stage == to_stage:
            return transition
    return None


def is_active(stage: str) -> bool:
    """Return whether an initiative in ``stage`` is still being worked on."""
    return stage not in TERMINAL
