"""Build a satsa/1 document from the database."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from models.costs import ProjectCosts
from models.domain import logic as lm
from models.domain.checklist import ITEMS_BY_CODE, summarise
from models.domain.fund import LedgerLine, compute_fund_balance
from models.domain.ranking import CriterionSpec, ScoreValue, compute_weighted_score
from models.exchange.canonical import (
    DATETIME_FORMAT,
    date_text,
    datetime_text,
    money_text,
    share_text,
)
from models.exchange.design import (
    ProjectDesign,
    design_additions,
    design_keys,
    load_designs,
    matrix_document,
    risk_matrix,
)
from models.exchange.economics import (
    actor_keys,
    economics_additions,
    economics_keys,
    load_economics,
    optimism_document,
    price_index_document,
    unit_costs_document,
    used_unit_costs,
)
from models.exchange.follow_up import (
    ProjectFollowUp,
    financing_actors,
    follow_up_additions,
    follow_up_keys,
    load_follow_ups,
)
from models.exchange.schema import FORMAT
from models.logic_models import baseline, document, measure_text, to_domain
from models.need_areas import flow_counts
from models.needs import (
    DIMENSIONS,
    Breakdown,
    DataSource,
    FlowAnalysis,
    NeedArea,
    NeedIndicator,
    QualitativeSource,
    SesAnalysis,
    project_need_area,
)
from models.organisation import Criterion, Department, Fund, LedgerEntry, Organisation
from models.project import Project, Score, ScoreSubmission, StageChange
from models.projects import checklist
from models.proposal import (
    Call,
    Decision,
    FeedbackLetter,
    MustCheck,
    ProposalAnswer,
    Screening,
    call_need_area,
)
from models.queries import PROJECT_DETAIL
from models.user import User

#: Turns an English msgid into the reader's language.
Translate = Callable[[str], str]


def _untranslated(message: str) -> str:
    return message


def export_document(
    session: Session,
    *,
    project_keys: Collection[str] | None = None,
    translate: Translate | None = None,
) -> dict[str, Any]:
    """Return the satsa/1 document of the whole portfolio, or of the projects with ``project_keys``.

    A document of chosen projects holds the departments, funds, users, calls and need areas they
    reference (and the funds, departments and need areas of those calls, the departments of
    those need areas, and the departments their budget and benefit lines and the financing of
    their implementation plans name as actors), the unit costs their benefit lines use, every
    criterion (the weighted score needs them all), every version of the risk matrix (the risks
    are scored on the one in force), the whole price index and the optimism reductions (the
    economics are computed with them) and only the ledger entries of those projects.
    ``translate`` gives the computed findings' messages in the reader's language (default:
    English). Raise LookupError when a key names no project.
    """
    translate = translate or _untranslated
    projects = _load_projects(session, project_keys)
    if project_keys is not None:
        missing = sorted(set(project_keys) - {p.key for p in projects})
        if missing:
            raise LookupError(f"no project with key {', '.join(missing)}")
    criteria = list(session.scalars(select(Criterion).order_by(Criterion.position, Criterion.key)))
    project_key_by_id = {id_: key for id_, key in session.execute(select(Project.id, Project.key))}
    departments = list(session.scalars(select(Department).order_by(Department.key)))
    users = list(session.scalars(select(User).order_by(User.email)))
    funds = list(
        session.scalars(select(Fund).options(selectinload(Fund.ledger), selectinload(Fund.plan))
                        .order_by(Fund.key))
    )
    chosen = {p.id for p in projects} if project_keys is not None else None
    economics = load_economics(session, projects)
    follow_ups = load_follow_ups(session, projects)
    calls = _load_calls(session, {p.call_id for p in projects} if chosen is not None else None)
    proposals = _Proposals.load(session, chosen)
    need_areas = _load_need_areas(
        session, chosen, {c.id for c in calls} if chosen is not None else None
    )
    if chosen is not None:
        used = {d.id for p in projects for d in p.departments}
        used |= {a.department_id for a in need_areas if a.department_id is not None}
        used |= {c.department_id for c in calls if c.department_id is not None}
        actors = actor_keys(economics.values()) | financing_actors(follow_ups.values())
        departments = [d for d in departments if d.id in used or d.key in actors]
        referenced = {email for p in projects for email in _user_emails(p)}
        users = [u for u in users if u.email in referenced]
        used = {p.fund_id for p in projects} | {c.fund_id for c in calls}
        used |= {d.ledger_entry.fund_id for ds in proposals.decisions.values() for d in ds
                 if d.ledger_entry is not None}
        funds = [f for f in funds if f.id in used]
    ledgers = {f.id: _ledger_entries(f, project_key_by_id, chosen) for f in funds}
    # Where a decision's ledger entry is written: its fund's key and its place in the ledger.
    proposals.entries = {e.id: (f.key, i) for f in funds for i, e in enumerate(ledgers[f.id])}
    proposals.calls = {c.id: c for c in calls}
    organisation = session.scalar(select(Organisation).order_by(Organisation.id).limit(1))
    designs = load_designs(session, projects)
    return {
        "format": FORMAT,
        "exported_at": datetime.now(UTC).strftime(DATETIME_FORMAT),
        "organisation": {
            "name": organisation.name if organisation else "",
            "departments": [{"key": d.key, "name": d.name} for d in departments],
            "users": [_user(u) for u in users],
            "is_demo": bool(organisation and organisation.is_demo),
        },
        "funds": [_fund(f, ledgers[f.id], project_key_by_id, chosen) for f in funds],
        "criteria": [_criterion(c) for c in criteria],
        "price_index": price_index_document(session),
        "unit_costs": unit_costs_document(
            session, used_unit_costs(economics.values()) if chosen is not None else None),
        "need_areas": [need_area(a) for a in need_areas],
        "projects": [_project(p, criteria, translate, proposals, designs[p.id], economics[p.id],
                              follow_ups[p.id])
                     for p in projects],
        "calls": [_call(c) for c in calls],
        "risk_matrix": matrix_document(risk_matrix(session)),
        "optimism": optimism_document(session),
    }


def _load_projects(session: Session, keys: Collection[str] | None) -> list[Project]:
    stmt = (
        select(Project)
        .options(
            *PROJECT_DETAIL,
            selectinload(Project.scores).joinedload(Score.rater),
            selectinload(Project.scores).joinedload(Score.criterion),
            selectinload(Project.score_submissions).joinedload(ScoreSubmission.rater),
        )
        .order_by(Project.key)
    )
    if keys is not None:
        stmt = stmt.where(Project.key.in_(list(keys)))
    return list(session.scalars(stmt).unique())


def _load_need_areas(
    session: Session, chosen: set[int] | None, calls: set[int] | None = None
) -> list[NeedArea]:
    """Return every need area, or those linked to the projects with ids ``chosen`` or named by
    the calls with ids ``calls``, by key."""
    stmt = select(NeedArea).options(
        joinedload(NeedArea.department),
        selectinload(NeedArea.indicators).selectinload(NeedIndicator.breakdowns),
        selectinload(NeedArea.data_sources),
        selectinload(NeedArea.qualitative_sources),
        selectinload(NeedArea.ses_analyses).selectinload(SesAnalysis.areas),
        selectinload(NeedArea.flow_analyses),
    )
    if chosen is not None:
        stmt = stmt.where(or_(
            NeedArea.id.in_(
                select(project_need_area.c.need_area_id)
                .where(project_need_area.c.project_id.in_(sorted(chosen)))
            ),
            NeedArea.id.in_(
                select(call_need_area.c.need_area_id)
                .where(call_need_area.c.call_id.in_(sorted(calls or ())))
            ),
        ))
    # Sorted here rather than in SQL, so that every database gives the same order.
    return sorted(session.scalars(stmt).unique(), key=lambda a: a.key)


def _user_emails(project: Project) -> set[str]:
    emails = {m.user.email for m in project.members} | {s.rater.email for s in project.scores}
    emails |= {u.email for u in (project.owner, project.leader) if u is not None}
    emails |= {s.rater.email for s in project.score_submissions}
    return emails


def _user(user: User) -> dict[str, Any]:
    return {"email": user.email, "name": user.name, "role": user.role, "locale": user.locale,
            "active": user.active}


def _ledger_order(entry: LedgerEntry, project_key_by_id: dict[int, str]) -> tuple:
    project = project_key_by_id.get(entry.project_id) if entry.project_id else None
    # The note settles ties so that equal-looking entries still come out in one order; the id
    # (the order of an import) those that differ only in what is not sorted on.
    return (entry.date, entry.kind, project or "", entry.amount, entry.note, entry.id or 0)


def _ledger_entries(
    fund: Fund, project_key_by_id: dict[int, str], chosen: set[int] | None
) -> list[LedgerEntry]:
    """Return the fund's ledger entries as written: those of the chosen projects, in order."""
    entries = [e for e in fund.ledger if chosen is None or e.project_id in chosen]
    entries.sort(key=lambda e: _ledger_order(e, project_key_by_id))
    return entries


def _fund(
    fund: Fund, entries: list[LedgerEntry], project_key_by_id: dict[int, str],
    chosen: set[int] | None,
) -> dict[str, Any]:
    balance = compute_fund_balance(fund.capital, [LedgerLine(e.kind, e.amount) for e in entries])
    return {
        "key": fund.key,
        "name": fund.name,
        "capital": money_text(fund.capital),
        "start": date_text(fund.start),
        "end": date_text(fund.end),
        "central_risk_share": share_text(fund.central_risk_share),
        "ledger": [
            {
                "date": date_text(e.date),
                "kind": e.kind,
                "project": project_key_by_id.get(e.project_id) if e.project_id else None,
                "amount": money_text(e.amount),
                "note": e.note,
                "override": e.override,
                "override_reason": e.override_reason,
                "recorded_by": e.recorded_by,
                "recorded_at": datetime_text(e.recorded_at) if e.recorded_at else None,
            }
            for e in entries
        ],
        "rules": fund.rules,
        "plan": [
            {
                "year": f.year,
                "kind": f.kind,
                "amount": money_text(f.amount),
                "project": project_key_by_id.get(f.project_id) if f.project_id else None,
                "note": f.note,
            }
            for f in sorted(
                (f for f in fund.plan if chosen is None or f.project_id in chosen),
                key=lambda f: (f.year, f.kind,
                               project_key_by_id.get(f.project_id, "") if f.project_id else "",
                               f.amount, f.note),
            )
        ],
        "computed": {
            "allocated": money_text(balance.allocated),
            "disbursed": money_text(balance.disbursed),
            "repaid": money_text(balance.repaid),
            "available": money_text(balance.available),
        },
    }


def _criterion(criterion: Criterion) -> dict[str, Any]:
    return {
        "key": criterion.key,
        "name": criterion.name,
        "weight": share_text(criterion.weight),
        "scale_max": criterion.scale_max,
        "must": criterion.must,
        "description": criterion.description,
        "position": criterion.position,
    }


def _weighted_score(project: Project, criteria: list[Criterion]) -> str | None:
    score = compute_weighted_score(
        [CriterionSpec(c.key, c.weight, c.scale_max, c.must) for c in criteria],
        [ScoreValue(s.criterion.key, s.rater.email, s.value) for s in project.scores],
    )
    return f"{score:f}" if isinstance(score, Decimal) else None


def _project(
    project: Project, criteria: list[Criterion], translate: Translate, proposals: _Proposals,
    design: ProjectDesign, economics: ProjectCosts, follow_up: ProjectFollowUp,
) -> dict[str, Any]:
    summary = summarise(checklist(project, criteria_exist=bool(criteria)))
    scores = sorted(project.scores, key=lambda s: (s.rater.email, s.criterion.key))
    changes = sorted(project.stage_changes, key=lambda c: (c.at, c.id))
    return {
        "key": project.key,
        "title": project.title,
        "stage": project.stage,
        "need_areas": sorted(a.key for a in project.need_areas),
        "departments": [d.key for d in sorted(project.departments, key=lambda d: d.key)],
        "fund": project.fund.key if project.fund else None,
        "start": date_text(project.start),
        "end": date_text(project.end),
        "target_group": {
            "description": project.target_description,
            "age_min": project.age_min,
            "age_max": project.age_max,
            "size_total": project.size_total,
            "size_reached": project.size_reached,
            "life_stage": project.life_stage,
            "prevention_level": project.prevention_level,
            "diagnosis": project.diagnosis,
            "risk_factor": project.risk_factor,
            "geography": project.geography,
            "current_intervention": project.current_intervention,
        },
        "scores": [
            {"rater": s.rater.email, "criterion": s.criterion.key, "value": s.value,
             "comment": s.comment}
            for s in scores
        ],
        "logic_model": logic_model(project, translate),
        **design_keys(design),
        **economics_keys(economics),
        **follow_up_keys(follow_up),
        "need_description": project.need_description,
        "ordinary_practice": project.ordinary_practice,
        "budget_request": money_text(project.budget_request),
        "owner": project.owner.email if project.owner else None,
        "leader": project.leader.email if project.leader else None,
        "members": sorted(m.user.email for m in project.members),
        "stage_history": [
            {
                "at": datetime_text(c.at),
                "by": c.user_label,
                "from": c.from_stage,
                "to": c.to_stage,
                "reason": c.reason,
                "gate_override": c.gate_override,
            }
            for c in changes
        ],
        "checklist_confirmations": [
            {"item": c.item, "confirmed_on": date_text(c.confirmed_on), "by": c.user_label,
             "comment": c.comment}
            for c in sorted(project.confirmations, key=lambda c: c.item)
            # A confirmation of an item the data now decide is ignored, and not written.
            if c.item in ITEMS_BY_CODE and not ITEMS_BY_CODE[c.item].derived
        ],
        "scores_open": project.scores_open,
        "score_submissions": [
            {"rater": s.rater.email, "submitted_at": datetime_text(s.submitted_at)}
            for s in sorted(project.score_submissions, key=lambda s: s.rater.email)
        ],
        **proposals.of(project, changes),
        **design_additions(design),
        **economics_additions(economics),
        **follow_up_additions(follow_up),
        "computed": {
            "weighted_score": _weighted_score(project, criteria),
            "checklist": {"done": summary.done, "total": summary.total},
        },
    }


def logic_model(project: Project, translate: Translate = _untranslated) -> dict[str, Any]:
    """Return the project's ``logic_model``: the model, its baseline and the computed findings.

    A project without a model has the empty model (no elements, no links, no purpose).
    """
    model = to_domain(project)
    findings = lm.check(model) if model.elements else []
    return {
        **document(model),
        "baseline": _baseline(project),
        "computed": {
            "findings": [
                {
                    "code": f.code,
                    "severity": f.severity,
                    "element": f.element,
                    "message": translate(f.fix),
                    "related": list(f.related),
                    "indicator": f.detail,
                }
                for f in findings
            ],
        },
    }


def _baseline(project: Project) -> dict[str, Any] | None:
    """Return the model as approved, with when and by whom it was frozen; None before approval."""
    frozen = baseline(project)
    if frozen is None:
        return None
    holder = project.logic_model
    return {
        "frozen_at": datetime_text(holder.baseline_at) if holder.baseline_at else None,
        "frozen_by": holder.baseline_by,
        **document(frozen),
    }


# --- calls, screening, feedback letters and decisions ------------------------------------------


def _load_calls(session: Session, ids: set[int | None] | None) -> list[Call]:
    """Return every call, or those with ``ids``, by key."""
    stmt = select(Call).options(
        joinedload(Call.fund),
        joinedload(Call.department),
        selectinload(Call.criteria),
        selectinload(Call.need_areas),
        selectinload(Call.questions),
    )
    if ids is not None:
        stmt = stmt.where(Call.id.in_(sorted(i for i in ids if i is not None)))
    return sorted(session.scalars(stmt).unique(), key=lambda c: c.key)


def _questions(call: Call) -> list:
    """The call's questions in the order of the form; a question's number is its place + 1."""
    return sorted(call.questions, key=lambda q: (q.position, q.id or 0))


def _call(call: Call) -> dict[str, Any]:
    return {
        "key": call.key,
        "title": call.title,
        "kind": call.kind,
        "fund": call.fund.key,
        "description": call.description,
        "opens": date_text(call.opens),
        "closes": date_text(call.closes),
        "decision_expected": date_text(call.decision_expected),
        "department": call.department.key if call.department else None,
        "criteria": sorted(c.key for c in call.criteria),
        "need_areas": sorted(a.key for a in call.need_areas),
        "questions": [
            {"position": number, "text": q.text, "guidance": q.guidance, "required": q.required}
            for number, q in enumerate(_questions(call), start=1)
        ],
    }


class _Proposals:
    """The answers, screenings, feedback letters and decisions of the projects written, by
    project id; with the calls written and where each ledger entry is written."""

    def __init__(self) -> None:
        self.answers: dict[int, list[ProposalAnswer]] = {}
        self.screenings: dict[int, Screening] = {}
        self.letters: dict[int, FeedbackLetter] = {}
        self.decisions: dict[int, list[Decision]] = {}
        self.calls: dict[int, Call] = {}
        self.entries: dict[int, tuple[str, int]] = {}

    @classmethod
    def load(cls, session: Session, chosen: set[int] | None) -> _Proposals:
        """Load what the projects with ids ``chosen`` (None: every project) have."""
        def rows(model: Any, *options: Any) -> list:
            stmt = select(model).options(*options)
            if chosen is not None:
                stmt = stmt.where(model.project_id.in_(sorted(chosen)))
            return list(session.scalars(stmt).unique())

        proposals = cls()
        for answer in rows(ProposalAnswer, joinedload(ProposalAnswer.question)):
            proposals.answers.setdefault(answer.project_id, []).append(answer)
        for screening in rows(Screening, selectinload(Screening.must_checks)
                              .joinedload(MustCheck.criterion)):
            proposals.screenings[screening.project_id] = screening
        for letter in rows(FeedbackLetter):
            proposals.letters[letter.project_id] = letter
        for decision in rows(Decision, joinedload(Decision.ledger_entry)):
            proposals.decisions.setdefault(decision.project_id, []).append(decision)
        return proposals

    def of(self, project: Project, changes: list[StageChange]) -> dict[str, Any]:
        """The keys a project's proposal adds: ``call``, ``answers``, ``screening``,
        ``feedback_letter`` and ``decisions``."""
        call = self.calls.get(project.call_id) if project.call_id else None
        # Answers to the questions of another call (left when a proposal moved) are not written.
        numbers = ({q.id: n for n, q in enumerate(_questions(call), start=1)}
                   if call is not None else {})
        answers = sorted(
            ((numbers[a.question_id], a) for a in self.answers.get(project.id, [])
             if a.question_id in numbers),
            key=lambda pair: pair[0],
        )
        screening = self.screenings.get(project.id)
        letter = self.letters.get(project.id)
        change_index = {c.id: i for i, c in enumerate(changes)}
        decisions = sorted(self.decisions.get(project.id, []),
                           key=lambda d: (d.decided_on, d.recorded_at, d.id))
        return {
            "call": call.key if call is not None else None,
            "answers": [{"question": number, "text": a.text} for number, a in answers],
            "screening": _screening(screening) if screening is not None else None,
            "feedback_letter": _letter(letter) if letter is not None else None,
            "decisions": [self._decision(d, change_index) for d in decisions],
        }

    def _decision(self, decision: Decision, change_index: dict[int, int]) -> dict[str, Any]:
        entry = self.entries.get(decision.ledger_entry_id) if decision.ledger_entry_id else None
        return {
            "body": decision.body,
            "body_name": decision.body_name,
            "decided_on": date_text(decision.decided_on),
            "reference": decision.reference,
            "outcome": decision.outcome,
            "amount": money_text(decision.amount),
            "conditions": decision.conditions,
            "recorded_by": decision.recorded_by,
            "recorded_at": datetime_text(decision.recorded_at),
            "ledger_entry": {"fund": entry[0], "index": entry[1]} if entry else None,
            "stage_change": change_index.get(decision.stage_change_id),
        }


def _moment(value: datetime | None) -> str | None:
    return datetime_text(value) if value is not None else None


def _screening(screening: Screening) -> dict[str, Any]:
    return {
        "status": screening.status,
        "reason": screening.reason,
        "completion_request": screening.completion_request,
        "requested_at": _moment(screening.requested_at),
        "completed_at": _moment(screening.completed_at),
        "risk_level": screening.risk_level,
        "complexity": screening.complexity,
        "note": screening.note,
        "screened_by": screening.screened_by,
        "screened_at": _moment(screening.screened_at),
        "must_checks": [
            {"criterion": m.criterion.key, "passed": m.passed, "note": m.note}
            for m in sorted(screening.must_checks, key=lambda m: m.criterion.key)
        ],
    }


def _letter(letter: FeedbackLetter) -> dict[str, Any]:
    return {
        "status": letter.status,
        "opening": letter.opening,
        "strengths": letter.strengths,
        "weaknesses": letter.weaknesses,
        "improvements": letter.improvements,
        "closing": letter.closing,
        "signed_by": letter.signed_by,
        "drafted_at": datetime_text(letter.drafted_at),
        "sent_at": _moment(letter.sent_at),
        "sent_by": letter.sent_by,
    }


# --- need areas -------------------------------------------------------------------------------


def _by_position(rows: list) -> list:
    return sorted(rows, key=lambda row: (row.position, row.id or 0))


def _in_order_made(rows: list) -> list:
    return sorted(rows, key=lambda row: (row.created_at, row.id or 0))


def need_area(area: NeedArea) -> dict[str, Any]:
    """Return a need area with its evidence as the exchange format's ``need_areas[]`` item."""
    return {
        "key": area.key,
        "title": area.title,
        "description": area.description,
        "status": area.status,
        "indicators": [_need_indicator(i) for i in _by_position(area.indicators)],
        "outcome": area.outcome,
        "target_group": area.target_group,
        "raised_by_kind": area.raised_by_kind,
        "raised_by": area.raised_by,
        "department": area.department.key if area.department else None,
        "data_sources": [_data_source(d) for d in _by_position(area.data_sources)],
        "qualitative_sources": [
            _qualitative_source(q) for q in _by_position(area.qualitative_sources)
        ],
        "ses_analyses": [_ses_analysis(a) for a in _in_order_made(area.ses_analyses)],
        "flow_analyses": [_flow_analysis(a) for a in _in_order_made(area.flow_analyses)],
    }


def _need_indicator(indicator: NeedIndicator) -> dict[str, Any]:
    breakdowns = sorted(
        indicator.breakdowns,
        key=lambda b: (DIMENSIONS.index(b.dimension), b.position, b.id or 0),
    )
    return {
        "key": indicator.key,
        "name": indicator.name,
        "unit": indicator.unit,
        "year": indicator.year,
        "value": measure_text(indicator.value),
        "comparison_value": measure_text(indicator.comparison_value),
        "source": indicator.source,
        "breakdowns": [_breakdown(b) for b in breakdowns],
        "comparison_label": indicator.comparison_label,
    }


def _breakdown(breakdown: Breakdown) -> dict[str, Any]:
    return {"dimension": breakdown.dimension, "category": breakdown.category,
            "value": measure_text(breakdown.value)}


def _data_source(source: DataSource) -> dict[str, Any]:
    return {
        "name": source.name,
        "kind": source.kind,
        "holder": source.holder,
        "level": source.level,
        "legal_limits": source.legal_limits,
        "note": source.note,
    }


def _qualitative_source(source: QualitativeSource) -> dict[str, Any]:
    return {
        "title": source.title,
        "method": source.method,
        "conducted_on": date_text(source.conducted_on),
        "participants": source.participants,
        "summary": source.summary,
    }


def _ses_analysis(analysis: SesAnalysis) -> dict[str, Any]:
    return {
        "title": analysis.title,
        "year": analysis.year,
        "outcome_label": analysis.outcome_label,
        "name_property": analysis.name_property,
        "geojson": json.loads(analysis.geojson) if analysis.geojson else None,
        "created_at": datetime_text(analysis.created_at),
        "created_by": analysis.created_by,
        "areas": [
            {
                "area": a.area,
                "education": measure_text(a.education),
                "employment": measure_text(a.employment),
                "nordic_born": measure_text(a.nordic_born),
                "income": measure_text(a.income),
                "outcome": measure_text(a.outcome),
            }
            for a in _by_position(analysis.areas)
        ],
    }


def _flow_analysis(analysis: FlowAnalysis) -> dict[str, Any]:
    return {
        "title": analysis.title,
        "period": analysis.period,
        "created_at": datetime_text(analysis.created_at),
        "created_by": analysis.created_by,
        "counts": flow_counts(analysis.counts),
    }
