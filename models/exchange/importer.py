"""Store a satsa/1 document: validated first, then inserted in one flush-only unit of work."""

from __future__ import annotations

from collections import Counter
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
from models.exchange.design_import import matrix_collisions, store_design, store_risk_matrix
from models.exchange.economics_import import store_economics, store_library
from models.exchange.errors import ExchangeError, ValidationError
from models.exchange.follow_up_import import store_follow_up
from models.exchange.validate import validate_document
from models.logic_models import from_document, restore_baseline, store_model
from models.need_areas import flow_counts_text, geojson_text
from models.needs import (
    Breakdown,
    DataSource,
    FlowAnalysis,
    NeedArea,
    NeedIndicator,
    QualitativeSource,
    SesAnalysis,
    SesArea,
)
from models.organisation import (
    Criterion,
    Department,
    Fund,
    LedgerEntry,
    Organisation,
    PlannedFlow,
)
from models.project import (
    ChecklistConfirmation,
    Project,
    ProjectMember,
    Score,
    ScoreSubmission,
    StageChange,
)
from models.proposal import (
    Call,
    CallQuestion,
    Decision,
    FeedbackLetter,
    MustCheck,
    ProposalAnswer,
    Screening,
)
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
    #: Need areas stored, with their indicators, sources and analyses.
    need_areas: int = 0
    #: Calls stored, with their questions.
    calls: int = 0
    #: Decisions stored, linked to their ledger entries and stage changes.
    decisions: int = 0
    #: Risks stored, and versions of the organisation's risk matrix.
    risks: int = 0
    risk_scales: int = 0
    #: Unit costs added (those whose key the database has are reused), and the projects' budget
    #: and benefit lines.
    unit_costs: int = 0
    budget_lines: int = 0
    benefit_lines: int = 0
    #: Evaluation results, indicator values, drop-outs and check-ins held stored, and the
    #: projects whose implementation plan was stored.
    results: int = 0
    indicator_values: int = 0
    drop_outs: int = 0
    check_ins: int = 0
    implementation_plans: int = 0
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
    (NeedArea, ("need_areas",), N_("a need area with key '%(key)s' already exists")),
    (Project, ("projects",), N_("a project with key '%(key)s' already exists")),
    (Call, ("calls",), N_("a call with key '%(key)s' already exists")),
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
        paths += [f"projects[{i}].{key}" for key in s.PROJECT_NOT_STORED if key in project]
    return paths


def import_document(session: Session, doc: Any) -> ImportSummary:
    """Add everything in ``doc`` to the database and flush; raise ExchangeError when it is refused.

    Nothing is committed here: the caller commits on success and rolls back on error.
    """
    errors = validate_document(doc)
    if not errors:
        errors = _collisions(session, doc) + matrix_collisions(session, doc)
    if errors:
        raise ExchangeError(errors)
    summary = ImportSummary(not_imported=_not_imported(doc))
    org = _With(doc["organisation"], s.ORGANISATION)
    _organisation(session, org)
    summary.risk_scales = store_risk_matrix(session, doc)
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
    need_areas = {a["key"]: _need_area(_With(a, s.NEED_AREA), departments)
                  for a in _With(doc, s.TOP_LEVEL)["need_areas"]}
    questions: dict[tuple[str, int], CallQuestion] = {}
    calls = {c["key"]: _call(_With(c, s.CALL), funds, departments, criteria, need_areas,
                             questions)
             for c in _With(doc, s.TOP_LEVEL)["calls"]}
    session.add_all([*departments.values(), *funds.values(), *criteria.values(),
                     *need_areas.values(), *calls.values()])
    # Users need their ids before stage changes and confirmations can name them.
    session.flush()
    projects = {p["key"]: _project(p, users, departments, funds, criteria, need_areas, calls)
                for p in doc["projects"]}
    session.add_all(projects.values())
    session.flush()
    for item in doc["projects"]:
        if _logic_model(session, projects[item["key"]], _With(item, s.PROJECT)["logic_model"]):
            summary.logic_models += 1
    for item in doc["projects"]:
        summary.risks += store_design(session, projects[item["key"]], item)
    library = store_library(session, doc)
    summary.unit_costs = library.unit_costs_added
    for item in doc["projects"]:
        budget, benefits = store_economics(session, projects[item["key"]], item, library.units)
        summary.budget_lines += budget
        summary.benefit_lines += benefits
    for item in doc["projects"]:
        stored = store_follow_up(session, projects[item["key"]], item)
        summary.results += stored.results
        summary.indicator_values += stored.values
        summary.drop_outs += stored.drop_outs
        summary.check_ins += stored.check_ins
        summary.implementation_plans += stored.implementation_plan
    ledger: dict[tuple[str, int], LedgerEntry] = {}
    for item in doc["funds"]:
        for index, entry in enumerate(_With(item, s.FUND)["ledger"]):
            e = _With(entry, s.LEDGER_ENTRY)
            ledger[item["key"], index] = LedgerEntry(
                fund=funds[item["key"]],
                project_id=projects[e["project"]].id if e["project"] is not None else None,
                date=_day(e["date"]), kind=e["kind"], amount=Decimal(e["amount"]), note=e["note"],
                override=e["override"], override_reason=e["override_reason"],
                recorded_by=e["recorded_by"],
                **({"recorded_at": parse_datetime(e["recorded_at"])}
                   if e["recorded_at"] is not None else {}),
            )
            session.add(ledger[item["key"], index])
            summary.ledger_entries += 1
        for flow in _With(item, s.FUND)["plan"]:
            f = _With(flow, s.PLANNED_FLOW)
            session.add(PlannedFlow(
                fund=funds[item["key"]],
                project_id=projects[f["project"]].id if f["project"] is not None else None,
                year=f["year"], kind=f["kind"], amount=Decimal(f["amount"]), note=f["note"],
            ))
    for item in doc["projects"]:
        summary.decisions += _proposal(session, projects[item["key"]], _With(item, s.PROJECT),
                                       criteria, questions, ledger)
    session.flush()
    summary.departments, summary.funds = len(departments), len(funds)
    summary.criteria, summary.projects = len(criteria), len(projects)
    summary.need_areas, summary.calls = len(need_areas), len(calls)
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
    funds: dict[str, Fund], criteria: dict[str, Criterion], need_areas: dict[str, NeedArea],
    calls: dict[str, Call],
) -> Project:
    p = _With(item, s.PROJECT)
    t = _With(p["target_group"], s.TARGET_GROUP)
    project = Project(
        key=p["key"], title=p["title"], stage=p["stage"],
        need_description=p["need_description"], ordinary_practice=p["ordinary_practice"],
        target_description=t["description"], age_min=t["age_min"], age_max=t["age_max"],
        diagnosis=t["diagnosis"], risk_factor=t["risk_factor"], geography=t["geography"],
        current_intervention=t["current_intervention"],
        call=calls[p["call"]] if p["call"] is not None else None,
        life_stage=t["life_stage"], prevention_level=t["prevention_level"],
        size_total=t["size_total"], size_reached=t["size_reached"],
        fund=funds[p["fund"]] if p["fund"] is not None else None,
        start=_day(p["start"]), end=_day(p["end"]), budget_request=_decimal(p["budget_request"]),
        owner=users[p["owner"]] if p["owner"] is not None else None,
        leader=users[p["leader"]] if p["leader"] is not None else None,
        departments=[departments[key] for key in p["departments"]],
        need_areas=[need_areas[key] for key in p["need_areas"]],
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
    project.scores_open = p["scores_open"]
    for item_ in p["score_submissions"]:
        submission = _With(item_, s.SUBMISSION)
        project.score_submissions.append(ScoreSubmission(
            rater=users[submission["rater"]],
            submitted_at=parse_datetime(submission["submitted_at"]),
        ))
    return project


# --- calls, screening, feedback letters and decisions ------------------------------------------


def _call(
    c: _With, funds: dict[str, Fund], departments: dict[str, Department],
    criteria: dict[str, Criterion], need_areas: dict[str, NeedArea],
    questions: dict[tuple[str, int], CallQuestion],
) -> Call:
    """Return a validated call; its questions are stored in the order of their numbers and
    noted in ``questions`` by (call key, number)."""
    call = Call(
        key=c["key"], title=c["title"], kind=c["kind"], fund=funds[c["fund"]],
        description=c["description"], opens=_day(c["opens"]), closes=_day(c["closes"]),
        decision_expected=_day(c["decision_expected"]),
        department=departments[c["department"]] if c["department"] is not None else None,
        criteria=[criteria[key] for key in c["criteria"]],
        need_areas=[need_areas[key] for key in c["need_areas"]],
    )
    items = sorted((_With(q, s.QUESTION) for q in c["questions"]), key=lambda q: q["position"])
    for position, q in enumerate(items):
        question = CallQuestion(position=position, text=q["text"], guidance=q["guidance"],
                                required=q["required"])
        call.questions.append(question)
        questions[c["key"], q["position"]] = question
    return call


def _moment(text: str | None) -> Any:
    return parse_datetime(text) if text is not None else None


def _proposal(
    session: Session, project: Project, p: _With, criteria: dict[str, Criterion],
    questions: dict[tuple[str, int], CallQuestion], ledger: dict[tuple[str, int], LedgerEntry],
) -> int:
    """Store a project's answers, screening, feedback letter and decisions; return the number
    of decisions."""
    for item in p["answers"]:
        a = _With(item, s.ANSWER)
        session.add(ProposalAnswer(project=project, question=questions[p["call"], a["question"]],
                                   text=a["text"]))
    if p["screening"] is not None:
        sc = _With(p["screening"], s.SCREENING)
        screening = Screening(
            project=project, status=sc["status"], reason=sc["reason"],
            completion_request=sc["completion_request"],
            requested_at=_moment(sc["requested_at"]), completed_at=_moment(sc["completed_at"]),
            risk_level=sc["risk_level"], complexity=sc["complexity"], note=sc["note"],
            screened_by=sc["screened_by"], screened_at=_moment(sc["screened_at"]),
        )
        for item in sc["must_checks"]:
            m = _With(item, s.MUST_CHECK)
            screening.must_checks.append(MustCheck(criterion=criteria[m["criterion"]],
                                                   passed=m["passed"], note=m["note"]))
        session.add(screening)
    if p["feedback_letter"] is not None:
        f = _With(p["feedback_letter"], s.FEEDBACK_LETTER)
        letter = FeedbackLetter(
            project=project, status=f["status"], opening=f["opening"], strengths=f["strengths"],
            weaknesses=f["weaknesses"], improvements=f["improvements"], closing=f["closing"],
            signed_by=f["signed_by"], sent_at=_moment(f["sent_at"]), sent_by=f["sent_by"],
        )
        if f["drafted_at"] is not None:
            letter.drafted_at = parse_datetime(f["drafted_at"])
        session.add(letter)
    for item in p["decisions"]:
        d = _With(item, s.DECISION)
        entry = d["ledger_entry"]
        decision = Decision(
            project=project, body=d["body"], body_name=d["body_name"],
            decided_on=_day(d["decided_on"]), reference=d["reference"], outcome=d["outcome"],
            amount=_decimal(d["amount"]), conditions=d["conditions"],
            recorded_by=d["recorded_by"],
            ledger_entry=ledger[entry["fund"], entry["index"]] if entry is not None else None,
            stage_change=(project.stage_changes[d["stage_change"]]
                          if d["stage_change"] is not None else None),
        )
        if d["recorded_at"] is not None:
            decision.recorded_at = parse_datetime(d["recorded_at"])
        session.add(decision)
    return len(p["decisions"])


# --- need areas -------------------------------------------------------------------------------


def _need_area(a: _With, departments: dict[str, Department]) -> NeedArea:
    """Return a validated need area with its evidence; positions follow the arrays."""
    area = NeedArea(
        key=a["key"], title=a["title"], description=a["description"], status=a["status"],
        outcome=a["outcome"], target_group=a["target_group"],
        raised_by_kind=a["raised_by_kind"], raised_by=a["raised_by"],
        department=departments[a["department"]] if a["department"] is not None else None,
    )
    for position, item in enumerate(a["indicators"]):
        area.indicators.append(_need_indicator(_With(item, s.NEED_INDICATOR), position))
    for position, item in enumerate(a["data_sources"]):
        d = _With(item, s.DATA_SOURCE)
        area.data_sources.append(DataSource(
            position=position, name=d["name"], kind=d["kind"], holder=d["holder"],
            level=d["level"], legal_limits=d["legal_limits"], note=d["note"],
        ))
    for position, item in enumerate(a["qualitative_sources"]):
        q = _With(item, s.QUALITATIVE_SOURCE)
        area.qualitative_sources.append(QualitativeSource(
            position=position, title=q["title"], method=q["method"],
            conducted_on=_day(q["conducted_on"]), participants=q["participants"],
            summary=q["summary"],
        ))
    for item in a["ses_analyses"]:
        area.ses_analyses.append(_ses_analysis(_With(item, s.SES_ANALYSIS)))
    for item in a["flow_analyses"]:
        f = _With(item, s.FLOW_ANALYSIS)
        counts = f["counts"]
        flow = FlowAnalysis(
            title=f["title"], period=f["period"], created_by=f["created_by"],
            # Only the keys of the counts, whatever else (``computed``) the object holds.
            counts=flow_counts_text({key: counts[key] for key in s.FLOW_COUNTS}),
        )
        if f["created_at"] is not None:
            flow.created_at = parse_datetime(f["created_at"])
        area.flow_analyses.append(flow)
    return area


def _need_indicator(i: _With, position: int) -> NeedIndicator:
    indicator = NeedIndicator(
        key=i["key"], position=position, name=i["name"], unit=i["unit"], year=i["year"],
        value=_decimal(i["value"]), comparison_value=_decimal(i["comparison_value"]),
        comparison_label=i["comparison_label"], source=i["source"],
    )
    # A breakdown's position counts within its dimension, as the needs pages number them.
    per_dimension: Counter[str] = Counter()
    for item in i["breakdowns"]:
        b = _With(item, s.BREAKDOWN)
        indicator.breakdowns.append(Breakdown(
            dimension=b["dimension"], category=b["category"], value=Decimal(b["value"]),
            position=per_dimension[b["dimension"]],
        ))
        per_dimension[b["dimension"]] += 1
    return indicator


def _ses_analysis(a: _With) -> SesAnalysis:
    analysis = SesAnalysis(
        title=a["title"], year=a["year"], outcome_label=a["outcome_label"],
        name_property=a["name_property"],
        geojson=geojson_text(a["geojson"]) if a["geojson"] is not None else None,
        created_by=a["created_by"],
    )
    if a["created_at"] is not None:
        analysis.created_at = parse_datetime(a["created_at"])
    for position, item in enumerate(a["areas"]):
        r = _With(item, s.SES_AREA)
        analysis.areas.append(SesArea(
            position=position, area=r["area"], education=Decimal(r["education"]),
            employment=Decimal(r["employment"]), nordic_born=Decimal(r["nordic_born"]),
            income=Decimal(r["income"]), outcome=_decimal(r["outcome"]),
        ))
    return analysis
