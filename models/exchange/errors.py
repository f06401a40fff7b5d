"""Errors of the exchange format, each tied to the JSON path of the bad value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ValidationError:
    """One problem in a document: where (``projects[2].budget_request``) and what.

    ``message`` is an English msgid with ``%(name)s`` placeholders filled from ``params``, so the
    web layer can translate it; ``text`` is the English sentence.
    """

    path: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.message % dict(self.params) if self.params else self.message

    def __str__(self) -> str:
        return f"{self.path}: {self.text}"


class ExchangeError(Exception):
    """A document that cannot be imported; ``errors`` lists every problem found."""

    def __init__(self, errors: list[ValidationError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
