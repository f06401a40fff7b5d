"""Read models for decision material (*beslutsunderlag*): plain values, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from models.domain import logic as lm
from models.logic_models import to_domain
from models.projects import checklist, criteria_available
from models.queries import load_project
from models.user import User


@dataclass(frozen=True)
class ChecklistLine:
    code: str
    component: str
    #: The item's text as a msgid (English); the exporter translates it.
    text: str
    derived: bool
    #: True: done; False: not done; None: not assessable yet.
    done: bool | None
    confirmed_on: date | None = None
    confirmed_by: str = ""
    comment: str = ""


@dataclass(frozen=True)
class StageChangeLine:
    at: datetime
    by: str
    from_stage: str
    to_stage: str
    reason: str
    gate_override: bool


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    key: str
    title: str
    stage: str
    need_description: str
    ordinary_practice: str
    target_description: str
    age_min: int | None
    age_max: int | None
    life_stage: str | None
    prevention_level: str | None
    size_total: int | None
    size_reached: int | None
    departments: tuple[str, ...]
    fund: str | None
    start: date | None
    end: date | None
    budget_request: Decimal | None
    owner: str | None
    leader: str | None
    members: tuple[str, ...]
    checklist: tuple[ChecklistLine, ...]
    stage_changes: tuple[StageChangeLine, ...]
    exported_on: date
    #: The logic model in display order; no elements when the project has none yet.
    logic_model: lm.Model = lm.Model()
    #: The findings of the logic model's checks, in the order ``check`` returns them.
    logic_findings: tuple[lm.Finding, ...] = ()

    @property
    def has_logic_model(self) -> bool:
        return bool(self.logic_model.elements)

    @property
    def share_reached(self) -> Decimal | None:
        """Return the reached part of the target group as a fraction, if both sizes are known."""
        if not self.size_total or self.size_reached is None:
            return None
        return Decimal(self.size_reached) / Decimal(self.size_total)

    @property
    def checklist_done(self) -> int:
        return sum(1 for line in self.checklist if line.done)


def person(user: User | None) -> str | None:
    """Return "Name (e-mail)" for a user, or None."""
    if user is None:
        return None
    return f"{user.name} ({user.email})" if user.name else user.email


def project_summary(
    session: Session, project_id: int, *, today: date | None = None
) -> ProjectSummary | None:
    """Return what the decision material of one project shows, or None if it does not exist."""
    project = load_project(session, project_id)
    if project is None:
        return None
    statuses = checklist(project, criteria_exist=criteria_available(session))
    confirmations = {c.item: c for c in project.confirmations}
    lines = []
    for status in statuses:
        confirmation = confirmations.get(status.item.code) if not status.item.derived else None
        lines.append(
            ChecklistLine(
                code=status.item.code,
                component=status.item.component,
                text=status.item.text,
                derived=status.item.derived,
                done=status.done,
                confirmed_on=confirmation.confirmed_on if confirmation else None,
                confirmed_by=confirmation.user_label if confirmation else "",
                comment=confirmation.comment if confirmation else "",
            )
        )
    model = to_domain(project)
    members = sorted(
        (person(m.user) or "" for m in project.members), key=lambda label: label.casefold()
    )
    return ProjectSummary(
        id=project.id,
        key=project.key,
        title=project.title,
        stage=project.stage,
        need_description=project.need_description,
        ordinary_practice=project.ordinary_practice,
        target_description=project.target_description,
        age_min=project.age_min,
        age_max=project.age_max,
        life_stage=project.life_stage,
        prevention_level=project.prevention_level,
        size_total=project.size_total,
        size_reached=project.size_reached,
        departments=tuple(d.name for d in project.departments),
        fund=project.fund.name if project.fund else None,
        start=project.start,
        end=project.end,
        budget_request=project.budget_request,
        owner=person(project.owner),
        leader=person(project.leader),
        members=tuple(members),
        checklist=tuple(lines),
        stage_changes=tuple(
            StageChangeLine(
                at=change.at,
                by=change.user_label,
                from_stage=change.from_stage,
                to_stage=change.to_stage,
                reason=change.reason,
                gate_override=change.gate_override,
            )
            for change in project.stage_changes
        ),
        exported_on=today or date.today(),
        logic_model=model,
        logic_findings=tuple(lm.check(model)) if model.elements else (),
    )
