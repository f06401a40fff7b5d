"""The shape of a satsa/1 document as this version reads and writes it.

Each object lists its required keys and its optional keys with the default used when a key is
left out. ``computed`` sections are ignored on import; core keys of parts the application does not
store yet are accepted and reported as not imported.
"""

from __future__ import annotations

from typing import Any

from models.domain.labels import LIFE_STAGE_LABELS, PREVENTION_LABELS
from models.domain.logic import DATA_LEVELS, DATA_SOURCE_KINDS, INDICATOR_KINDS, LEVELS, UNITS
from models.domain.stages import STAGES
from models.organisation import LEDGER_KINDS
from models.user import LOCALES, ROLES

FORMAT = "satsa/1"

PREVENTION_LEVELS = tuple(PREVENTION_LABELS)
LIFE_STAGES = tuple(LIFE_STAGE_LABELS)

#: Keys ignored on import wherever they appear: derived values written for readers.
IGNORED = frozenset({"computed", "computed_economics"})

TOP_LEVEL: dict[str, Any] = {
    "format": ..., "organisation": ..., "funds": ..., "criteria": ..., "projects": ...,
    "exported_at": None, "price_index": [], "unit_costs": [], "need_areas": [],
}
#: Top-level collections of the core format that this version does not store yet.
TOP_LEVEL_NOT_STORED = ("price_index", "unit_costs", "need_areas")

ORGANISATION: dict[str, Any] = {"name": ..., "departments": ..., "users": [], "is_demo": False}
DEPARTMENT: dict[str, Any] = {"key": ..., "name": ...}
USER: dict[str, Any] = {"email": ..., "name": ..., "role": ..., "locale": "sv", "active": True}
FUND: dict[str, Any] = {
    "key": ..., "name": ..., "capital": ..., "start": None, "end": None,
    "central_risk_share": "1.00", "rules": "", "ledger": [],
}
LEDGER_ENTRY: dict[str, Any] = {"date": ..., "kind": ..., "amount": ..., "project": None,
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
    "checklist_confirmations": [],
}
#: Core project keys of parts the application does not store yet.
PROJECT_NOT_STORED = (
    "risks", "risk_scale", "stop_criteria", "evaluation_plan", "budget",
    "benefits", "discount_rate", "price_year", "results", "implementation_plan", "contract",
)
TARGET_GROUP: dict[str, Any] = {
    "description": "", "age_min": None, "age_max": None, "size_total": None,
    "size_reached": None, "life_stage": None, "prevention_level": None,
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

__all__ = [
    "DATA_LEVELS", "DATA_SOURCE_KINDS", "FORMAT", "IGNORED", "INDICATOR_KINDS", "LEDGER_KINDS",
    "LEVELS", "LIFE_STAGES", "LOCALES", "PREVENTION_LEVELS", "ROLES", "STAGES", "UNITS",
]
