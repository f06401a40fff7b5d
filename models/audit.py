"""The audit log: who changed what, when, from what to what."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    #: Who did it, kept as text so the entry survives the user's removal.
    user_label: Mapped[str] = mapped_column(String(254), default="")
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None]
    entity_label: Mapped[str] = mapped_column(String(300), default="")
    project_id: Mapped[int | None] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(10))  # create, update, delete
    #: JSON object of changed fields: {"field": [before, after]}.
    changes: Mapped[str] = mapped_column(Text, default="{}")
