"""Recording the decision on a proposal: who decided, when, the outcome, the amount and the
conditions (SPEC 3.2, *Decision*). Functions flush, never commit.

One decision does three things together: it records the ``Decision``, moves the project on
(``models.projects.change_stage``) and, when money is decided and the project has a fund, records
the allocation in the fund's ledger (``models.funds.record_entry``). Every check is made before
anything is written, so a refusal leaves nothing behind; the caller rolls back all the same.

From the stage *proposal* the outcome is prioritised, rejected, or approved directly (when the
organisation decides in one step, the project passes through prioritised); from *prioritised* it
is approved or rejected. An allocation is recorded for an approval, and for a prioritisation with
an amount: the amount less what the fund has allocated to the project already, so a prioritised
reservation followed by the approval of the same amount allocates once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from models.domain import N_
from models.domain import fund as fd
from models.domain.checklist import ItemStatus, open_items_for_gate
from models.domain.labels import DECISION_BODY_LABELS, DECISION_OUTCOME_LABELS
from models.funds import balance_of, record_entry
from models.project import Project, StageChange
from models.projects import StageChangeRefused, change_stage, checklist, criteria_available
from models.proposal import Decision
from models.user import User

Translate = Callable[[str], str]

#: The outcomes a decision may have in each stage, and the stages each moves the project through.
OUTCOME_PATHS: dict[str, dict[str, tuple[str, ...]]] = {
    "proposal": {
        "prioritised": ("prioritised",),
        "approved": ("prioritised", "approved"),
        "rejected": ("rejected",),
    },
    "prioritised": {
        "approved": ("approved",),
        "rejected": ("rejected",),
    },
}
DECIDABLE_STAGES = tuple(OUTCOME_PATHS)


class DecisionRefused(Exception):
    """A decision that cannot be recorded as given; ``message`` is a msgid with ``params`` and
    ``field`` names the form field it concerns."""

    def __init__(self, code: str, message: str, *, field: str | None = None,
                 params: dict[str, Any] | None = None,
                 open_items: Sequence[ItemStatus] = ()):
        super().__init__(message % params if params else message)
        self.code = code
        self.message = message
        self.field = field
        self.params = params or {}
        self.open_items = list(open_items)


@dataclass(frozen=True)
class DecisionInput:
    body: str
    decided_on: date
    outcome: str
    body_name: str = ""
    reference: str = ""
    amount: Decimal | None = None
    #: The conditions of the decision; for a rejection, its reason (required then).
    conditions: str = ""
    #: Pass a stage gate with open checklist items, with a reason.
    pass_gate: bool = False
    gate_reason: str = ""
    #: Allocate more than the fund has available, with a reason.
    override: bool = False
    override_reason: str = ""


def outcomes_from(stage: str) -> tuple[str, ...]:
    """The outcomes a decision may have for a project in ``stage`` (none outside the two)."""
    return tuple(OUTCOME_PATHS.get(stage, {}))


def open_gate_items(session: Session, project: Project, outcome: str) -> list[ItemStatus]:
    """The open checklist items of the gates the outcome passes, each once."""
    path = OUTCOME_PATHS.get(project.stage, {}).get(outcome, ())
    statuses = checklist(project, criteria_exist=criteria_available(session))
    seen: dict[str, ItemStatus] = {}
    for stage in path:
        for status in open_items_for_gate(statuses, stage):
            seen.setdefault(status.item.code, status)
    return list(seen.values())


def allocated_to(project: Project) -> Decimal:
    """What the project's fund has allocated to it so far."""
    if project.fund is None:
        return fd.ZERO
    return sum((e.amount for e in project.fund.ledger
                if e.project_id == project.id and e.kind == fd.ALLOCATION), fd.ZERO)


def body_text(body: str, body_name: str, translate: Translate) -> str:
    label = translate(DECISION_BODY_LABELS[body]) if body in DECISION_BODY_LABELS else body
    return f"{label} ({body_name.strip()})" if body_name.strip() else label


def decision_sentence(data: DecisionInput, translate: Translate,
                      money: Callable[[Decimal], str]) -> str:
    """The stage change's reason: the decision in one or a few sentences."""
    params: dict[str, Any] = {
        "body": body_text(data.body, data.body_name, translate),
        "date": data.decided_on.isoformat(),
        "outcome": translate(DECISION_OUTCOME_LABELS.get(data.outcome, data.outcome)),
        "reference": data.reference.strip(),
    }
    if params["reference"]:
        parts = [translate(N_("Decision by %(body)s on %(date)s (%(reference)s): "
                              "%(outcome)s.")) % params]
    else:
        parts = [translate(N_("Decision by %(body)s on %(date)s: %(outcome)s.")) % params]
    if data.amount is not None and data.outcome != "rejected":
        parts.append(translate(N_("Amount: %(amount)s.")) % {"amount": money(data.amount)})
    if data.conditions.strip():
        msgid = N_("Reason: %(text)s") if data.outcome == "rejected" else \
            N_("Conditions: %(text)s")
        parts.append(translate(msgid) % {"text": data.conditions.strip()})
    if data.pass_gate and data.gate_reason.strip():
        parts.append(translate(N_("Stage gate passed with open checklist items: %(reason)s"))
                     % {"reason": data.gate_reason.strip()})
    return " ".join(parts)


def _validate(project: Project, data: DecisionInput) -> Decimal | None:
    """Check the input on its own; return the amount to record (None for a rejection)."""
    if project.stage not in OUTCOME_PATHS:
        raise DecisionRefused("stage", N_("Decisions are recorded here for proposals and "
                                          "prioritised initiatives only."))
    if data.outcome not in OUTCOME_PATHS[project.stage]:
        raise DecisionRefused("outcome", N_("That outcome is not possible from the stage the "
                                            "initiative is in."), field="outcome")
    if data.body not in DECISION_BODY_LABELS:
        raise DecisionRefused("body", N_("Choose who decided."), field="body")
    if data.outcome == "rejected":
        if not data.conditions.strip():
            raise DecisionRefused("reason_required", N_("Give the reason for the rejection."),
                                  field="conditions")
        return None
    amount = data.amount
    if amount is not None:
        if amount < 0:
            raise DecisionRefused("amount_negative", N_("The amount cannot be negative."),
                                  field="amount")
        amount = fd.money(amount)
    if data.outcome == "approved" and not amount:
        raise DecisionRefused("amount_required", N_("An approval needs the approved amount."),
                              field="amount")
    return amount


def _allocation(project: Project, data: DecisionInput, amount: Decimal | None
                ) -> tuple[Decimal, fd.AllocationCheck | None]:
    """Return the amount to allocate now (0: none) with its check; refuse what is not allowed."""
    if project.fund is None or not amount:
        return fd.ZERO, None
    already = allocated_to(project)
    wanted = amount - already
    if wanted < 0:
        raise DecisionRefused(
            "allocated_more", N_("The fund has already allocated %(allocated)s to this "
                                 "initiative, more than the amount decided (%(amount)s). Correct "
                                 "the allocation in the fund's ledger first."),
            field="amount", params={"allocated": already, "amount": amount})
    if wanted == 0:
        return fd.ZERO, None
    check = fd.check_allocation(balance_of(project.fund), wanted, override=data.override,
                                reason=data.override_reason)
    if not check.allowed:
        field = "override_reason" if check.code == fd.ALLOCATION_NEEDS_REASON else "amount"
        raise DecisionRefused(check.code, check.message, field=field, params=dict(check.params))
    return wanted, check


def record_decision(session: Session, project: Project, data: DecisionInput, *, user: User,
                    translate: Translate = lambda s: s,
                    money: Callable[[Decimal], str] = lambda v: f"{v} kr") -> Decision:
    """Record a decision on ``project`` with its stage change and allocation, all or nothing.

    Raises DecisionRefused (before anything is written) when the stage or the outcome does not
    allow it, a field is missing, a stage gate has open checklist items and is not passed with a
    reason, or the allocation would over-allocate the fund without an override with a reason.
    ``translate`` and ``money`` write the stage change's reason in the user's language.
    """
    amount = _validate(project, data)
    open_items = open_gate_items(session, project, data.outcome)
    if open_items:
        if not data.pass_gate:
            raise DecisionRefused(
                "gate_open", N_("The checklist has open items for this stage. Complete them, "
                                "or pass the gate with a recorded reason."),
                field="pass_gate", open_items=open_items)
        if not data.gate_reason.strip():
            raise DecisionRefused(
                "gate_reason_required", N_("Passing the gate with open checklist items needs a "
                                           "recorded reason."),
                field="gate_reason", open_items=open_items)
    to_allocate, check = _allocation(project, data, amount)

    sentence = decision_sentence(data, translate, money)
    change: StageChange | None = None
    try:
        for stage in OUTCOME_PATHS[project.stage][data.outcome]:
            change = change_stage(session, project, stage, user=user, reason=sentence,
                                  override_gate=bool(open_items), may_decide=True,
                                  may_override=True)
    except StageChangeRefused as refusal:  # checked above; a safeguard, not a path
        raise DecisionRefused(refusal.code, N_("The stage could not be changed."),
                              open_items=refusal.open_items) from refusal
    entry = None
    if to_allocate:
        body = body_text(data.body, data.body_name, translate)
        note = f"{body}, {data.reference.strip()}" if data.reference.strip() else body
        result = record_entry(session, project.fund, kind=fd.ALLOCATION, on=data.decided_on,
                              amount=to_allocate, project=project, note=note, by=user.email,
                              override=bool(check and check.code == fd.ALLOCATION_OVERRIDE),
                              reason=data.override_reason)
        if result is None or not result.allowed:  # checked above
            raise DecisionRefused("allocation", N_("The allocation could not be recorded."))
        entry = max((e for e in project.fund.ledger if e.project_id == project.id),
                    key=lambda e: e.id)
    decision = Decision(
        project=project, body=data.body, body_name=data.body_name.strip(),
        decided_on=data.decided_on, reference=data.reference.strip(), outcome=data.outcome,
        amount=amount, conditions=data.conditions.strip(), recorded_by=user.email,
        ledger_entry=entry, stage_change=change,
    )
    session.add(decision)
    session.flush()
    return decision
