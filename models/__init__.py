"""Data and domain model of Satsa. Never imports Flask or the web layer."""

from models.audit import AuditEntry
from models.base import Base
from models.organisation import Criterion, Department, Fund, LedgerEntry, Organisation
from models.project import (
    ChecklistConfirmation,
    Project,
    ProjectMember,
    Score,
    StageChange,
)
from models.user import LoginFailure, User

__all__ = [
    "AuditEntry",
    "Base",
    "ChecklistConfirmation",
    "Criterion",
    "Department",
    "Fund",
    "LedgerEntry",
    "LoginFailure",
    "Organisation",
    "Project",
    "ProjectMember",
    "Score",
    "StageChange",
    "User",
]
