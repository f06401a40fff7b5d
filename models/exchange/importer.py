"""Store a satsa/1 document: validated first, then inserted in one flush-only unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain import N_
from models.domain import logic as lm
from models.exchange import schema as s
from models.exchange.canonical import parse_datetime
from models.exchange.errors import ExchangeError, ValidationError
from models.exchange.validate import validate_document
from models.logic_models import from_document, restore_baseline, store_model
from models.organisation import Criterion, Department, Fund, LedgerEntry, Organisation
from models.project import ChecklistConfirmation, Project, ProjectMember, Score, StageChange
from models.user import NO_PASSWORD, User


@dataclass
class ImportSummary:
    """What an import stored, and the parts of the document it did not store."""

    users_created: int = 0
    users_reused: int = 0
    departments: int = 0
    funds: int = 0
    ledger_entries: int = 0
    criteria: int = 0
    projects: int = 0
    #: Projects whose logic model (or its purpose or baseline) was stored.
    logic_models: int = 0
    #: Paths of core parts this version does not store yet (``projects[0].risks``).
    not_imported: list[str] = field(default_factory=list)


class _With:
    """An object of the document whose missing optional keys read as their defaults."""

    def __init__(self, data: dict[str, Any], spec: dict[str, Any]):
        self.data = data
        self.spec = spec

    def __getitem__(self, key: str) -> Any:
        return self.data[key] if key in self.data else self.spec[key]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


_COLLISIONS = (
    (Department, ("organisation", "departments"),
     N_("a department with key '%(key)s' already exists")),
    (Fund, ("funds",), N_("a fund with key '%(key)s' already exists")),
    (Criterion, ("criteria",), N_("a criterion with key '%(key)s' already exists")),
    (Project, ("projects",), N_("a project with key '%(key)s' already exists")),
)


def _collisions(session: Session, doc: dict[str, Any]) -> list[ValidationError]:
    errors = []
    for model, where, message in _COLLISIONS:
        items = doc
        for part in where:
            items = items.get(part, [])
        keys = [item["key"] for item in items]
        taken = set(session.scalars(select(model.key).where(model.key.in_(keys))))
        prefix = ".".join(where)
        errors += [
            ValidationError(f"{prefix}[{i}].key", message, {"key": key})
            for i, key in enumerate(keys)
            if key in taken
        ]
    return errors


def _not_imported(doc: dict[str, Any]) -> list[str]:
    paths = [name for name in s.TOP_LEVEL_NOT_STORED if doc.get(name)]
    for i, project in enumerate(doc["projects"]):
        if project.get("need_areas"):
            paths.append(f"projects[{i}].need_areas")
        paths += [f"projects[{i}].{key}" for key in s.PROJECT_NOT_STORED if key in project]
    return paths


def import_document(session: Session, doc: Any) -> ImportSummary:
    """Add everything in ``doc`` to the database and flush; raise ExchangeError when it is refused.

    Nothing is committed here: the caller commits on success and rolls back on error.
    """
    errors = validate_document(doc)
    if not errors:
        errors = _collisions(session, doc)
    if errors:
        raise ExchangeError(errors)
    summary = ImportSummary(not_imported=_not_imported(doc))
    org = _With(doc["organisation"], s.ORGANISATION)
    _organisation(session, org)
    users = _users(session, org["users"], summary)
    departments = {d["key"]: Department(key=d["key"], name=d["name"]) for d in org["departments"]}
    funds = {f["key"]: _fund(_With(f, s.FUND)) for f in doc["funds"]}
    criteria = {}
    for position, item in enumerate(doc["criteria"]):
        c = _With(item, s.CRITERION)
        criteria[c["key"]] = Criterion(
            key=c["key"], name=c["name"], weight=Decimal(c["weight"]), scale_max=c["scale_max"],
            must=c["must"], description=c["description"],
            position=position if c["position"] is None else c["position"],
        )
    session.add_all([*departments.values(), *funds.values(), *criteria.values()])
    # Users need their ids before stage changes and confirmations can name them.
    session.flush()
    projects = {p["key"]: _project(p, users, departments, funds, criteria) for p in doc["projects"]}
    session.add_all(projects.values())
    session.flush()
    for item in doc["projects"]:
        if _logic_model(session, projects[item["key"]], _With(item, s.PROJECT)["logic_model"]):
            summary.logic_models += 1
    for item in doc["funds"]:
        for entry in _With(item, s.FUND)["ledger"]:
            e = _With(entry, s.LEDGER_ENTRY)
            session.add(LedgerEntry(
                fund=funds[item["key"]],
                project_id=projects[e["project"]].id if e["project"] is not None else None,
                date=_day(e["date"]), kind=e["kind"], amount=Decimal(e["amount"]), note=e["note"],
            ))
            summary.ledger_entries += 1
    session.flush()
    summary.departments, summary.funds = len(departments), len(funds)
    summary.criteria, summary.projects = len(criteria), len(projects)
    return summary


def _model(doc: dict[str, Any]) -> lm.Model:
    """Return the model of a validated ``logic_model`` or baseline.

    Assumptions are stored one per line and read back without surrounding white space, so they
    are stored that way.
    """
    model = from_document(doc)
    return replace(model, elements=tuple(
        replace(e, assumptions=tuple(a.strip() for a in e.assumptions)) for e in model.elements
    ))


def _logic_model(session: Session, project: Project, item: dict[str, Any]) -> bool:
    """Store a project's logic model and its baseline; return whether there was anything."""
    m = _With(item, s.LOGIC_MODEL)
    if not (m["elements"] or m["purpose"] or m["baseline"] is not None):
        return False
    store_model(session, project, _model(item))
    if m["baseline"] is not None:
        b = _With(m["baseline"], s.LOGIC_BASELINE)
        restore_baseline(
            session, project, _model(m["baseline"]),
            at=parse_datetime(b["frozen_at"]) if b["frozen_at"] is not None else None,
            by=b["frozen_by"],
        )
    return True


def _fund(f: _With) -> Fund:
    return Fund(
        key=f["key"], name=f["name"], capital=Decimal(f["capital"]), start=_day(f["start"]),
        end=_day(f["end"]), central_risk_share=Decimal(f["central_risk_share"]), rules=f["rules"],
    )


def _organisation(session: Session, org: _With) -> None:
    # An existing organisation keeps its name and demo flag: the import adds to it.
    if session.scalar(select(Organisation.id).limit(1)) is not None:
        return
    if org["name"] or org["is_demo"]:
        session.add(Organisation(name=org["name"], is_demo=org["is_demo"]))


def _users(session: Session, items: list[dict[str, Any]], summary: ImportSummary) -> dict:
    """Return the users by e-mail: existing accounts are reused, the others created."""
    emails = [item["email"] for item in items]
    users = {u.email: u for u in session.scalars(select(User).where(User.email.in_(emails)))}
    summary.users_reused = len(users)
    for item in items:
        if item["email"] in users:
            continue
        u = _With(item, s.USER)
        user = User(email=u["email"], name=u["name"], role=u["role"], locale=u["locale"],
                    active=u["active"], password_hash=NO_PASSWORD)
        session.add(user)
        users[user.email] = user
        summary.users_created += 1
    return users


def _user_id(users: dict[str, User], label: str) -> int | None:
    user = users.get(label)
    return user.id if user is not None else None


def _project(
    item: dict[str, Any], users: dict[str, User], departments: dict[str, Department],
    funds: dict[str, Fund], criteria: dict[str, Criterion],
) -> Project:
    p = _With(item, s.PROJECT)
    t = _With(p["target_group"], s.TARGET_GROUP)
    project = Project(
        key=p["key"], title=p["title"], stage=p["stage"],
        need_description=p["need_description"], ordinary_practice=p["ordinary_practice"],
        target_description=t["description"], age_min=t["age_min"], age_max=t["age_max"],
        life_stage=t["life_stage"], prevention_level=t["prevention_level"],
        size_total=t["size_total"], size_reached=t["size_reached"],
        fund=funds[p["fund"]] if p["fund"] is not None else None,
        start=_day(p["start"]), end=_day(p["end"]), budget_request=_decimal(p["budget_request"]),
        owner=users[p["owner"]] if p["owner"] is not None else None,
        leader=users[p["leader"]] if p["leader"] is not None else None,
        departments=[departments[key] for key in p["departments"]],
        members=[ProjectMember(user=users[email]) for email in p["members"]],
    )
    for item_ in p["scores"]:
        score = _With(item_, s.SCORE)
        project.scores.append(Score(
            rater=users[score["rater"]], criterion=criteria[score["criterion"]],
            value=score["value"], comment=score["comment"],
        ))
    for item_ in p["stage_history"]:
        change = _With(item_, s.STAGE_CHANGE)
        project.stage_changes.append(StageChange(
            at=parse_datetime(change["at"]), from_stage=change["from"], to_stage=change["to"],
            user_id=_user_id(users, change["by"]), user_label=change["by"],
            reason=change["reason"], gate_override=change["gate_override"],
        ))
    for item_ in p["checklist_confirmations"]:
        confirmation = _With(item_, s.CONFIRMATION)
        project.confirmations.append(ChecklistConfirmation(
            item=confirmation["item"], confirmed_on=_day(confirmation["confirmed_on"]),
            user_id=_user_id(users, confirmation["by"]), user_label=confirmation["by"],
            comment=confirmation["comment"],
        ))
    return project
