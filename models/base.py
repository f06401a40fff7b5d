"""Declarative base with a naming convention so Alembic sees stable constraint names."""

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import MetaData, Numeric
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Money in SEK with öre: up to 999 999 999 999.99.
Money = Numeric(14, 2, asdecimal=True)
#: Shares and rates as fractions with four decimals (0.7000 = 70 %).
Share = Numeric(7, 4, asdecimal=True)


def in_check(column: str, values: tuple[str, ...], *, nullable: bool = False) -> str:
    """The SQL of a check constraint that ``column`` holds one of ``values`` (or NULL)."""
    listed = ", ".join(f"'{v}'" for v in values)
    check = f"{column} IN ({listed})"
    return f"{column} IS NULL OR {check}" if nullable else check


def utcnow() -> datetime:
    """Return the current time in UTC without tzinfo (stored naive, read as UTC)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {Decimal: Money}

    #: Columns left out of the audit trail (secrets, bookkeeping).
    __audit_exclude__: frozenset[str] = frozenset({"version"})
    #: Whether changes to this entity are written to the audit log.
    __audited__: bool = True

    def audit_label(self) -> str:
        """Return a short human-readable label for the audit log."""
        for name in ("title", "name", "email", "key"):
            value = getattr(self, name, None)
            if value:
                return str(value)
        return f"#{getattr(self, 'id', '?')}"

    def audit_project_id(self) -> int | None:
        """Return the project this row belongs to, so the audit log can be shown per project."""
        return getattr(self, "project_id", None)
