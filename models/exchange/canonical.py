"""The canonical text forms of numbers, dates and times in a satsa/1 document.

Every value is written in exactly one form, so that export → import → export is byte-identical.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

DECIMAL_PATTERN = re.compile(r"^-?\d+(\.\d+)?$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

_CENT = Decimal("0.01")


def money_text(value: Decimal | None) -> str | None:
    """Return an amount with exactly two decimals ("1250000.00")."""
    if value is None:
        return None
    return f"{value.quantize(_CENT):f}"


def share_text(value: Decimal | None) -> str | None:
    """Return a share or weight without trailing zeros but with at least two decimals ("0.70", "0.125")."""  # noqa: E501
    if value is None:
        return None
    text = f"{value.normalize():f}"
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


def date_text(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def datetime_text(value: datetime) -> str:
    """Return a stored (naive UTC) time as 'YYYY-MM-DDTHH:MM:SSZ'."""
    return value.strftime(DATETIME_FORMAT)


def parse_datetime(text: str) -> datetime:
    """Return the naive UTC time of 'YYYY-MM-DDTHH:MM:SSZ'."""
    return datetime.strptime(text, DATETIME_FORMAT)  # noqa: DTZ007 - stored naive, read as UTC
