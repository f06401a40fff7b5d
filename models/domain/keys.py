"""Human-readable keys (slugs) for the exchange format."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
_TRANSLITERATE = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "ae",
                                "ø": "o"})


def slugify(text: str, max_length: int = 50) -> str:
    """Return a lower-case ASCII slug of ``text`` ("Fallprevention för äldre" → "fallprevention-for-aldre")."""  # noqa: E501
    text = text.lower().translate(_TRANSLITERATE)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:max_length].rstrip("-") or "x"


def unique_key(text: str, taken: Collection[str]) -> str:
    """Return a slug of ``text`` not in ``taken``, adding -2, -3, ... when needed."""
    base = slugify(text)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def is_valid_key(key: str) -> bool:
    """Return whether ``key`` is a well-formed key."""
    return bool(KEY_PATTERN.match(key))
