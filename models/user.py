"""Users, roles and the record of failed logins used for throttling."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow

ROLES = ("coordinator", "steering", "project_leader", "viewer")
LOCALES = ("sv", "en")
#: Stored instead of a hash for accounts that have no password yet: no password matches it.
NO_PASSWORD = "!"  # noqa: S105


class User(Base):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(
            "role IN ('coordinator', 'steering', 'project_leader', 'viewer')", name="role_known"
        ),
    )
    __audit_exclude__ = frozenset({"version", "password_hash", "created_at"})

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(300))
    locale: Mapped[str] = mapped_column(String(5), default="sv")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    # Flask-Login protocol, kept here so the web layer needs no wrapper class.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def has_password(self) -> bool:
        return self.password_hash != NO_PASSWORD

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"


class LoginFailure(Base):
    """Failed login attempts per throttle key (an e-mail address or a client address)."""

    __tablename__ = "login_failure"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    throttle_key: Mapped[str] = mapped_column(String(300), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
