"""Detect Swedish personal identity numbers (*personnummer*, *samordningsnummer*).

Uploads must hold pseudonymised keys only, so anything that looks like a personal identity number
(10 or 12 digits, with or without separator, a plausible date and a valid Luhn check digit)
is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PATTERN = re.compile(r"(?<!\d)(\d{2})?(\d{2})(\d{2})(\d{2})[-+ ]?(\d{3})(\d)(?!\d)")


def _luhn_ok(nine_digits: str, check: str) -> bool:
    total = 0
    for i, ch in enumerate(nine_digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10 == int(check)


def looks_like_personnummer(text: str) -> bool:
    """Return whether ``text`` contains something that looks like a personal identity number."""
    for match in _PATTERN.finditer(text):
        century, yy, mm, dd, serial, check = match.groups()
        if century is not None and century not in ("18", "19", "20"):
            continue
        month, day = int(mm), int(dd)
        if day > 60:  # samordningsnummer add 60 to the day
            day -= 60
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if _luhn_ok(yy + mm + dd + serial, check):
            return True
    return False


def find_personnummer(values: Iterable[tuple[str, str]]) -> list[str]:
    """Return the locations (first of each pair) whose text looks like a personnummer."""
    return [where for where, text in values if looks_like_personnummer(text)]
