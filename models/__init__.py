"""Data and domain model of Satsa. Never imports Flask or the web layer.

The ORM classes load on first use (``from models import Project``), so that importing the pure
domain (``models.domain``) pulls in neither SQLAlchemy nor anything else heavy.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "AuditEntry": "models.audit",
    "Base": "models.base",
    "ChecklistConfirmation": "models.project",
    "Criterion": "models.organisation",
    "Department": "models.organisation",
    "Fund": "models.organisation",
    "LedgerEntry": "models.organisation",
    "LoginFailure": "models.user",
    "Breakdown": "models.needs",
    "DataSource": "models.needs",
    "FlowAnalysis": "models.needs",
    "NeedArea": "models.needs",
    "NeedIndicator": "models.needs",
    "PendingImport": "models.needs",
    "PlannedFlow": "models.organisation",
    "Call": "models.proposal",
    "CallQuestion": "models.proposal",
    "Decision": "models.proposal",
    "FeedbackLetter": "models.proposal",
    "MustCheck": "models.proposal",
    "ProposalAnswer": "models.proposal",
    "Screening": "models.proposal",
    "CommunicationItem": "models.design",
    "EvaluationPlan": "models.design",
    "IndicatorExpectation": "models.design",
    "PlannedCheckIn": "models.design",
    "ProjectPerson": "models.design",
    "ReportingItem": "models.design",
    "ReportingPlan": "models.design",
    "Risk": "models.design",
    "RiskScaleSetting": "models.design",
    "RiskSnapshot": "models.design",
    "StopCriterion": "models.design",
    "BenefitLine": "models.economics",
    "BudgetLine": "models.economics",
    "OptimismGrade": "models.economics",
    "PriceIndexPoint": "models.economics",
    "ProjectEconomics": "models.economics",
    "UnitCost": "models.economics",
    "CheckIn": "models.follow_up",
    "CheckInDecision": "models.follow_up",
    "DropOut": "models.follow_up",
    "IndicatorReporting": "models.follow_up",
    "IndicatorValue": "models.follow_up",
    "ParticipantFlow": "models.follow_up",
    "ResourceUse": "models.follow_up",
    "ComponentAssessment": "models.evaluation",
    "EvaluationResult": "models.evaluation",
    "ProjectEvaluation": "models.evaluation",
    "Stakeholder": "models.evaluation",
    "ImplementationFinancing": "models.implementation",
    "ImplementationFollowUp": "models.implementation",
    "ImplementationPhase": "models.implementation",
    "ImplementationPlan": "models.implementation",
    "QualitativeSource": "models.needs",
    "SesAnalysis": "models.needs",
    "SesArea": "models.needs",
    "LogicElement": "models.logic_model",
    "LogicIndicator": "models.logic_model",
    "LogicLink": "models.logic_model",
    "LogicModel": "models.logic_model",
    "Organisation": "models.organisation",
    "Project": "models.project",
    "ProjectMember": "models.project",
    "Score": "models.project",
    "ScoreSubmission": "models.project",
    "StageChange": "models.project",
    "User": "models.user",
}
_ENTITY_MODULES = ("models.organisation", "models.user", "models.project", "models.logic_model",
                   "models.needs", "models.proposal", "models.design",
                   "models.economics", "models.follow_up", "models.evaluation",
                   "models.implementation", "models.audit")

__all__ = sorted(_EXPORTS)


def load_all() -> None:
    """Import every entity module so the metadata knows all tables."""
    for name in _ENTITY_MODULES:
        importlib.import_module(name)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        load_all()
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    if name in ("users", "projects", "queries", "demo", "migrate", "reports", "exchange",
                "backup", "audit_trail", "logic_models", "need_areas"):
        return importlib.import_module(f"models.{name}")
    raise AttributeError(f"module 'models' has no attribute {name!r}")
