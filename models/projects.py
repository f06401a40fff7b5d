"""Operations on projects: create, stage changes, checklist. Functions flush, never commit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from models.domain.checklist import (
    ITEMS_BY_CODE,
    ItemStatus,
    ProjectFacts,
    evaluate_checklist,
    open_items_for_gate,
)
from models.domain.keys import unique_key
from models.domain.stages import Transition, find_transition
from models.implementation_plans import checklist_facts as implementation_checklist_facts
from models.logic_models import checklist_facts as logic_checklist_facts
from models.logic_models import freeze_baseline, has_logic_model
from models.need_areas import needs_verified
from models.organisation import Criterion
from models.organisations import organisation_checklist_facts
from models.project import ChecklistConfirmation, Project, StageChange
from models.risks import risk_checklist_facts, snapshot_risks
from models.user import User


class StageChangeRefused(Exception):
    """A stage change that is not allowed; ``code`` says why."""

    def __init__(self, code: str, open_items: list[ItemStatus] | None = None):
        super().__init__(code)
        self.code = code
        self.open_items = open_items or []


def new_project_key(session: Session, title: str) -> str:
    taken = set(session.scalars(select(Project.key)))
    return unique_key(title, taken)


def criteria_available(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Criterion.id.isnot(None)))))


def project_facts(project: Project, *, criteria_exist: bool) -> ProjectFacts:
    """Collect what the application knows about ``project`` for its checklist."""
    return ProjectFacts(
        has_target_group=bool(project.target_description.strip()),
        criteria_available=criteria_exist,
        has_owner_and_leader=project.owner_id is not None and project.leader_id is not None,
        derived={**logic_checklist_facts(project), "needs.verified": needs_verified(project),
                 **risk_checklist_facts(project), **organisation_checklist_facts(project),
                 **implementation_checklist_facts(project)},
    )


def checklist(project: Project, *, criteria_exist: bool) -> list[ItemStatus]:
    confirmed = {c.item for c in project.confirmations}
    return evaluate_checklist(project_facts(project, criteria_exist=criteria_exist), confirmed)


def change_stage(
    session: Session,
    project: Project,
    to_stage: str,
    *,
    user: User | None,
    reason: str = "",
    override_gate: bool = False,
    may_decide: bool = True,
    may_override: bool = False,
) -> StageChange:
    """Move ``project`` to ``to_stage`` and record it; raise StageChangeRefused when not allowed."""
    transition: Transition | None = find_transition(project.stage, to_stage)
    if transition is None:
        raise StageChangeRefused("not_allowed")
    if transition.decision and not may_decide:
        raise StageChangeRefused("not_permitted")
    if transition.needs_reason and not reason.strip():
        raise StageChangeRefused("reason_required")
    statuses = checklist(project, criteria_exist=criteria_available(session))
    open_items = open_items_for_gate(statuses, to_stage)
    if open_items:
        if not override_gate:
            raise StageChangeRefused("gate_open", open_items)
        if not may_override:
            raise StageChangeRefused("override_not_permitted", open_items)
        if not reason.strip():
            raise StageChangeRefused("override_reason_required", open_items)
    change = StageChange(
        project=project,
        from_stage=project.stage,
        to_stage=to_stage,
        reason=reason.strip(),
        user_id=user.id if user else None,
        user_label=user.email if user else "system",
        gate_override=bool(open_items),
    )
    project.stage = to_stage
    session.add(change)
    session.flush()
    if to_stage == "approved" and has_logic_model(project):
        # The approved model is the baseline later changes are shown against.
        freeze_baseline(session, project, by=change.user_label)
    if to_stage == "approved":
        # The risk matrix as approved, on the scale then in force.
        snapshot_risks(session, project, change.reason)
    return change


def confirm_item(
    session: Session, project: Project, code: str, *, user: User, on: date, comment: str
) -> ChecklistConfirmation:
    """Tick a confirmed checklist item (with date, who and comment)."""
    item = ITEMS_BY_CODE.get(code)
    if item is None or item.derived:
        raise ValueError(f"{code} is not an item a user confirms")
    existing = next((c for c in project.confirmations if c.item == code), None)
    if existing is None:
        existing = ChecklistConfirmation(project=project, item=code, confirmed_on=on)
        session.add(existing)
    existing.confirmed_on = on
    existing.comment = comment
    existing.user_id = user.id
    existing.user_label = user.email
    session.flush()
    return existing


def unconfirm_item(session: Session, project: Project, code: str) -> None:
    for confirmation in list(project.confirmations):
        if confirmation.item == code:
            project.confirmations.remove(confirmation)
            session.delete(confirmation)
    session.flush()
