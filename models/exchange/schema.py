"""The shape of a satsa/1 document as this version reads and writes it.

Each object lists its required keys and its optional keys with the default used when a key is
left out. ``computed`` sections are ignored on import; core keys of parts the application does not
store yet are accepted and reported as not imported.
"""

from __future__ import annotations

from typing import Any

from models.domain.flows import GROUPS, PLACEMENT_TYPES
from models.domain.labels import LEVEL_LABELS, LIFE_STAGE_LABELS, PREVENTION_LABELS
from models.domain.logic import DATA_LEVELS, DATA_SOURCE_KINDS, INDICATOR_KINDS, LEVELS, UNITS
from models.domain.stages import STAGES
from models.needs import (
    DIMENSIONS,
    NEED_STATUSES,
    QUALITATIVE_METHODS,
    RAISED_BY_KINDS,
    SOURCE_KINDS,
    SOURCE_LEVELS,
)
from models.organisation import LEDGER_KINDS, PLANNED_KINDS
from models.proposal import (
    CALL_KINDS,
    DECISION_BODIES,
    DECISION_OUTCOMES,
    FEEDBACK_STATUSES,
    SCREENING_STATUSES,
)
from models.user import LOCALES, ROLES

FORMAT = "satsa/1"

PREVENTION_LEVELS = tuple(PREVENTION_LABELS)
LIFE_STAGES = tuple(LIFE_STAGE_LABELS)
#: The levels of a screening's risk and complexity assessments.
ASSESSMENT_LEVELS = tuple(LEVEL_LABELS)

#: Keys ignored on import wherever they appear: derived values written for readers.
IGNORED = frozenset({"computed", "computed_economics"})

TOP_LEVEL: dict[str, Any] = {
    "format": ..., "organisation": ..., "funds": ..., "criteria": ..., "projects": ...,
    "exported_at": None, "price_index": [], "unit_costs": [], "need_areas": [], "calls": [],
    "risk_matrix": [], "optimism": [],
}
#: Top-level collections of the core format that this version does not store yet.
TOP_LEVEL_NOT_STORED: tuple[str, ...] = ()

ORGANISATION: dict[str, Any] = {"name": ..., "departments": ..., "users": [], "is_demo": False}
DEPARTMENT: dict[str, Any] = {"key": ..., "name": ...}
USER: dict[str, Any] = {"email": ..., "name": ..., "role": ..., "locale": "sv", "active": True}
FUND: dict[str, Any] = {
    "key": ..., "name": ..., "capital": ..., "start": None, "end": None,
    "central_risk_share": "1.00", "rules": "", "ledger": [], "plan": [],
}
LEDGER_ENTRY: dict[str, Any] = {"date": ..., "kind": ..., "amount": ..., "project": None,
                                "note": "", "override": False, "override_reason": "",
                                "recorded_by": "", "recorded_at": None}
PLANNED_FLOW: dict[str, Any] = {"year": ..., "kind": ..., "amount": ..., "project": None,
                                "note": ""}
CRITERION: dict[str, Any] = {
    "key": ..., "name": ..., "weight": ..., "scale_max": 5, "must": False, "description": "",
    "position": None,  # None: the criterion's place in the array
}
PROJECT: dict[str, Any] = {
    "key": ..., "title": ..., "stage": "idea", "need_areas": [], "departments": [],
    "fund": None, "start": None, "end": None, "target_group": {}, "scores": [],
    "logic_model": {}, "need_description": "", "ordinary_practice": "", "budget_request": None,
    "owner": None, "leader": None, "members": [], "stage_history": [],
    "checklist_confirmations": [], "scores_open": False, "score_submissions": [],
    "call": None, "answers": [], "screening": None, "feedback_letter": None, "decisions": [],
    "risks": [], "risk_scale": None, "stop_criteria": [], "evaluation_plan": None,
    "risk_snapshots": [], "organisation": {},
    "budget": [], "benefits": [], "discount_rate": "0.035", "price_year": None,
    "sensitivity": {}, "results": [], "implementation_plan": None, "follow_up": {},
    "evaluation": {},
}
SUBMISSION: dict[str, Any] = {"rater": ..., "submitted_at": ...}
#: Core project keys of parts the application does not store yet.
PROJECT_NOT_STORED = ("contract",)
TARGET_GROUP: dict[str, Any] = {
    "description": "", "age_min": None, "age_max": None, "size_total": None,
    "size_reached": None, "life_stage": None, "prevention_level": None,
    "diagnosis": "", "risk_factor": "", "geography": "", "current_intervention": "",
}
SCORE: dict[str, Any] = {"rater": ..., "criterion": ..., "value": ..., "comment": ""}
STAGE_CHANGE: dict[str, Any] = {"at": ..., "from": ..., "to": ..., "by": "", "reason": "",
                                "gate_override": False}
CONFIRMATION: dict[str, Any] = {"item": ..., "confirmed_on": ..., "by": "", "comment": ""}
LOGIC_MODEL: dict[str, Any] = {"elements": [], "links": [], "purpose": "", "baseline": None}
#: The model as approved: a logic model with the time and the person of the approval.
LOGIC_BASELINE: dict[str, Any] = {"frozen_at": ..., "frozen_by": "", "elements": [], "links": [],
                                  "purpose": ""}
ELEMENT: dict[str, Any] = {"key": ..., "level": ..., "text": ..., "indicators": [],
                           "assumptions": []}
INDICATOR: dict[str, Any] = {
    "key": ..., "name": ..., "kind": "outcome", "data_source": "", "unit": None,
    "baseline": None, "target": None, "horizon_months": None, "data_source_kind": None,
    "data_level": None,
}
LINK: dict[str, Any] = {"from": ..., "to": ...}

NEED_AREA: dict[str, Any] = {
    "key": ..., "title": ..., "description": "", "status": "raised", "indicators": [],
    "outcome": "", "target_group": "", "raised_by_kind": None, "raised_by": "",
    "department": None, "data_sources": [], "qualitative_sources": [], "ses_analyses": [],
    "flow_analyses": [],
}
NEED_INDICATOR: dict[str, Any] = {
    "key": ..., "name": ..., "unit": "", "year": None, "value": None, "comparison_value": None,
    "source": "", "breakdowns": [], "comparison_label": "",
}
BREAKDOWN: dict[str, Any] = {"dimension": ..., "category": ..., "value": ...}
DATA_SOURCE: dict[str, Any] = {
    "name": ..., "kind": "other", "holder": "", "level": None, "legal_limits": "", "note": "",
}
QUALITATIVE_SOURCE: dict[str, Any] = {
    "title": ..., "method": "interview", "conducted_on": None, "participants": "",
    "summary": "",
}
#: ``created_at`` left out (or null) is the time of the import.
SES_ANALYSIS: dict[str, Any] = {
    "title": ..., "year": None, "outcome_label": "", "name_property": "name", "geojson": None,
    "created_at": None, "created_by": "", "areas": ...,
}
SES_AREA: dict[str, Any] = {
    "area": ..., "education": ..., "employment": ..., "nordic_born": ..., "income": ...,
    "outcome": None,
}
FLOW_ANALYSIS: dict[str, Any] = {
    "title": ..., "period": "", "created_at": None, "created_by": "", "counts": ...,
}
#: The totals of a flow analysis's ``counts``; with ``transitions``, ``paths`` and ``groups``.
FLOW_TOTALS = ("events", "individuals", "open_care", "placements", "replaced", "replacements")
FLOW_COUNTS: dict[str, Any] = {
    **dict.fromkeys(FLOW_TOTALS, ...), "transitions": ..., "paths": ..., "groups": ...,
}

# --- calls, screening, feedback letters and decisions ------------------------------------------

CALL: dict[str, Any] = {
    "key": ..., "title": ..., "fund": ..., "opens": ..., "closes": ..., "kind": "open",
    "description": "", "decision_expected": None, "department": None, "criteria": [],
    "need_areas": [], "questions": [],
}
#: ``position`` is the question's number on the form, from 1, unique within the call.
QUESTION: dict[str, Any] = {"position": ..., "text": ..., "guidance": "", "required": True}
#: ``question`` is the ``position`` of a question of the project's call.
ANSWER: dict[str, Any] = {"question": ..., "text": ""}
SCREENING: dict[str, Any] = {
    "status": "pending", "reason": "", "completion_request": "", "requested_at": None,
    "completed_at": None, "risk_level": None, "complexity": None, "note": "", "screened_by": "",
    "screened_at": None, "must_checks": [],
}
MUST_CHECK: dict[str, Any] = {"criterion": ..., "passed": ..., "note": ""}
#: ``drafted_at`` left out (or null) is the time of the import.
FEEDBACK_LETTER: dict[str, Any] = {
    "status": "draft", "opening": "", "strengths": "", "weaknesses": "", "improvements": "",
    "closing": "", "signed_by": "", "drafted_at": None, "sent_at": None, "sent_by": "",
}
#: ``recorded_at`` left out (or null) is the time of the import. ``ledger_entry`` names an entry
#: of a fund's ``ledger`` by its place in the array; ``stage_change`` an item of the project's
#: ``stage_history`` by its place.
DECISION: dict[str, Any] = {
    "body": ..., "decided_on": ..., "outcome": ..., "body_name": "", "reference": "",
    "amount": None, "conditions": "", "recorded_by": "", "recorded_at": None,
    "ledger_entry": None, "stage_change": None,
}
LEDGER_REFERENCE: dict[str, Any] = {"fund": ..., "index": ...}

# --- the design of an initiative ----------------------------------------------------------------

#: A version of the organisation's risk matrix (``risk_matrix[]``). Labels, thresholds and colours
#: left out (or null) take the defaults of a scale of that size.
RISK_MATRIX_VERSION: dict[str, Any] = {
    "likelihood_max": ..., "impact_max": ..., "likelihood_labels": None, "impact_labels": None,
    "low_max": None, "medium_max": None, "colours": None, "created_at": None, "created_by": "",
}
BAND_COLOURS: dict[str, Any] = {"low": ..., "medium": ..., "high": ...}
COLOUR: dict[str, Any] = {"background": ..., "text": ...}
RISK_SCALE: dict[str, Any] = {"likelihood_max": ..., "impact_max": ...}
RISK: dict[str, Any] = {
    "key": ..., "description": ..., "likelihood": ..., "impact": ..., "action": "", "owner": "",
    "harms_individual": False, "status": "open", "kind": "threat", "review_on": None,
    "element": None,
}
#: ``kind`` left out (or null): ``indicator`` when an indicator is named, else ``other``.
STOP_CRITERION: dict[str, Any] = {"text": ..., "indicator": None, "kind": None, "threshold": None}
EVALUATION_PLAN: dict[str, Any] = {
    "comparison": None, "outcome": "proportion", "baseline_proportion": None, "sd": None,
    "expected_effect": None, "alpha": "0.05", "power": "0.80", "n_intervention": None,
    "n_comparison": None, "success_criteria": [], "comparison_details": {},
    "guided_answers": {}, "power_indicator": None, "evaluator_kind": None, "evaluator": "",
    "evaluator_contacted_on": None, "evaluation_budget": None, "effect_measured_on": None,
    "baseline_plan": "", "expectations": [],
}
SUCCESS_CRITERION: dict[str, Any] = {"indicator": ..., "min_effect": ...}
EXPECTATION: dict[str, Any] = {
    "indicator": ..., "expected_effect": None, "basis": None, "basis_note": "", "agreed_by": "",
    "agreed_on": None,
}
RISK_SNAPSHOT: dict[str, Any] = {"taken_at": ..., "reason": "", "data": ...}
#: A project's ``organisation``: its people, reporting plan, check-ins and communication plan.
PROJECT_ORGANISATION: dict[str, Any] = {
    "people": [], "escalation": "", "other_resources": "", "check_in_months": None,
    "reporting": [], "check_ins": [], "communication": [],
}
PERSON: dict[str, Any] = {"role": ..., "name": ..., "affiliation": "", "task": ""}
REPORTING_ITEM: dict[str, Any] = {
    "activity": ..., "frequency": "", "done_by": "", "reported_by": "", "done_when": "",
    "resources": "",
}
CHECK_IN: dict[str, Any] = {"planned_on": ..., "topic": ""}
COMMUNICATION_ITEM: dict[str, Any] = {
    "audience": ..., "message": "", "timing": "", "channel": "", "responsible": "",
}

# --- the economics of an initiative ---------------------------------------------------------------

PRICE_INDEX_POINT: dict[str, Any] = {"year": ..., "value": ...}
UNIT_COST: dict[str, Any] = {
    "key": ..., "name": ..., "unit": ..., "amount": ..., "price_year": ..., "source": "",
    "local_amount": None, "confidence": None, "note": "", "example": False,
}
#: An optimism reduction the organisation set (``optimism[]``); other grades keep the default.
OPTIMISM_GRADE: dict[str, Any] = {"grade": ..., "share": ..., "note": ""}
BUDGET_LINE: dict[str, Any] = {
    "category": ..., "actor": ..., "year": ..., "amount": ..., "note": "", "month": None,
    "phase": "",
}
#: ``people`` is required when ``people_source`` is ``entered``; for ``effect`` it is derived.
BENEFIT_LINE: dict[str, Any] = {
    "key": ..., "unit_cost": ..., "units_per_person": ..., "actor": ..., "first_year": ...,
    "indicator": None, "people": None, "years": 1, "deadweight": "0", "attribution": "0",
    "drop_off": "0", "people_source": "entered", "evidence_years": None, "note": "",
}
#: A project's sensitivity settings; the defaults are those of a project that set none.
SENSITIVITY: dict[str, Any] = {"factor": "0.25", "monte_carlo": {}}
MONTE_CARLO: dict[str, Any] = {"seed": 20240101, "draws": 10000, "ranges": {}}

# --- follow-up, evaluation and the implementation plan -----------------------------------------

#: A result of the evaluation (core ``results[]``). Changes, the goal and the effect are signed
#: fractions; the levels are the absolute values the changes were computed from, if any.
RESULT: dict[str, Any] = {
    "indicator": ..., "intervention_change": ..., "comparison_change": None, "goal": None,
    "intervention_before": None, "intervention_after": None, "comparison_before": None,
    "comparison_after": None, "change_kind": "relative", "n_intervention": None,
    "n_comparison": None, "note": "",
}
IMPLEMENTATION_PLAN: dict[str, Any] = {
    "annual_cost": None, "annual_saving": None, "phases": [], "financing": [], "replaces": "",
    "follow_up_date": None, "cost_note": "", "expected_effect": "", "rollout": "all_at_once",
    "start": None, "end": None, "financing_kind": None, "ownership": "", "delivery": "",
    "organisation": "", "forums": "", "prerequisites": "", "new_context": "", "obstacles": "",
    "follow_up_summary": "", "follow_ups": [],
}
PHASE: dict[str, Any] = {"name": ..., "start": None, "end": None, "coverage": None, "units": ""}
FINANCING: dict[str, Any] = {"actor": ..., "share": ..., "note": ""}
#: An indicator's result after mainstreaming beside its result in the project period.
IMPLEMENTATION_FOLLOW_UP: dict[str, Any] = {
    "indicator": ..., "project_change": None, "after_change": ..., "measured_on": ...,
    "note": "",
}
#: A project's ``follow_up`` while it runs.
FOLLOW_UP: dict[str, Any] = {
    "reporting": [], "values": [], "participants": [], "drop_outs": [], "resource_use": [],
    "check_ins": [],
}
REPORTING: dict[str, Any] = {"indicator": ..., "frequency": "quarter", "first_period": None,
                             "responsible": ""}
#: A period's value of an indicator: the total (empty ``dimension`` and ``category``) or one
#: category of a breakdown. ``recorded_at`` left out (or null) is the time of the import.
INDICATOR_VALUE: dict[str, Any] = {
    "indicator": ..., "period": ..., "dimension": "", "category": "", "planned": None,
    "actual": None, "reported_by": "", "comment": "", "recorded_at": None, "recorded_by": "",
}
PARTICIPANT_FLOW: dict[str, Any] = {"period": ..., "risk_profile": "unknown", "eligible": None,
                                    "enrolled": 0, "comment": ""}
DROP_OUT: dict[str, Any] = {
    "left_on": ..., "risk_profile": "unknown", "reason_kind": "unknown", "reason": "",
    "possible_harm": False, "investigated_on": None, "investigation": "", "recorded_by": "",
}
#: ``activity`` is the key of an element of the project's logic model.
RESOURCE_USE: dict[str, Any] = {"activity": ..., "period": ..., "competence": ...,
                                "planned_hours": None, "actual_hours": None, "comment": ""}
#: A check-in held; ``planned`` is the date of a check-in of ``organisation.check_ins``.
HELD_CHECK_IN: dict[str, Any] = {"held_on": ..., "planned": None, "participants": "",
                                 "notes": "", "recorded_by": "", "decisions": []}
#: ``drop_out`` is the place of a drop-out in ``follow_up.drop_outs``.
CHECK_IN_DECISION: dict[str, Any] = {
    "decision": ..., "prompt": "other", "indicator": None, "drop_out": None, "signal_code": "",
    "prompted_by": "", "action": "", "responsible": "",
}
#: A project's ``evaluation``: the stakeholder and component analyses, the conclusions and the
#: observed economics.
EVALUATION: dict[str, Any] = {
    "stakeholders": [], "components": [], "actual_cost": None, "observed_cost_change": None,
    "observed_months": None, "observed_cost_note": "", "judged_success": None, "conclusion": "",
    "causes": "", "long_term_link": "", "lessons": "", "communication": "", "report_date": None,
}
STAKEHOLDER: dict[str, Any] = {"name": ..., "connection": "", "method": "interview",
                               "information": ""}
#: ``element`` is the key of an element of the project's logic model, or null.
COMPONENT: dict[str, Any] = {"name": ..., "element": None, "verdict": "undetermined",
                             "reason": ""}

__all__ = [
    "ASSESSMENT_LEVELS", "CALL_KINDS", "DECISION_BODIES", "DECISION_OUTCOMES",
    "FEEDBACK_STATUSES", "SCREENING_STATUSES",
    "DATA_LEVELS", "DATA_SOURCE_KINDS", "DIMENSIONS", "FORMAT", "GROUPS", "IGNORED",
    "INDICATOR_KINDS", "LEDGER_KINDS", "LEVELS", "LIFE_STAGES", "LOCALES", "NEED_STATUSES",
    "PLACEMENT_TYPES", "PLANNED_KINDS", "PREVENTION_LEVELS", "QUALITATIVE_METHODS",
    "RAISED_BY_KINDS", "ROLES", "SOURCE_KINDS", "SOURCE_LEVELS", "STAGES", "UNITS",
]
