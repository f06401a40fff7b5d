"""Typed reading of JSON values that records a path-named error for every bad value."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from models.domain import N_
from models.domain.keys import is_valid_key
from models.exchange.canonical import (
    DATE_PATTERN,
    DATETIME_PATTERN,
    DECIMAL_PATTERN,
    parse_datetime,
)
from models.exchange.errors import ValidationError
from models.exchange.schema import IGNORED

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+$")
#: The largest integer every supported database stores in an integer column.
MAX_INT = 2**31 - 1
#: The longest key of a portfolio-wide collection (projects, funds, criteria, departments).
KEY_LENGTH = 60


def join(path: str, key: str | int) -> str:
    """Return the path of ``key`` inside ``path`` (``projects[2].title``)."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Checker:
    """Collects validation errors while a document is read."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def error(self, path: str, message: str, **params: Any) -> None:
        self.errors.append(ValidationError(path or "$", message, params))

    def object(
        self, value: Any, path: str, spec: Mapping[str, Any], extra: Collection[str] = ()
    ) -> Obj | None:
        """Return ``value`` as an object read against ``spec``, or None when it is no object.

        Required keys (default ``...``) that are missing and keys that are neither in ``spec``, in
        ``extra`` nor ignored are reported.
        """
        if not isinstance(value, dict):
            self.error(path, N_("must be an object"))
            return None
        for key, default in spec.items():
            if default is ... and key not in value:
                self.error(join(path, key), N_("is required"))
        for key in value:
            if key not in spec and key not in IGNORED and key not in extra:
                self.error(join(path, key), N_("is not a known key"))
        return Obj(self, value, path, spec)


class Obj:
    """A JSON object being read; each getter returns the value or None after reporting it."""

    def __init__(self, checker: Checker, data: dict, path: str, spec: Mapping[str, Any]):
        self.checker = checker
        self.data = data
        self.path = path
        self.spec = spec

    def path_of(self, key: str) -> str:
        return join(self.path, key)

    def _get(self, key: str) -> tuple[Any, str]:
        # A missing key takes its default, which goes through the same checks (and passes).
        value = self.data[key] if key in self.data else self.spec.get(key)
        return (None if value is ... else value), self.path_of(key)

    def _error(self, path: str, message: str, **params: Any) -> None:
        self.checker.error(path, message, **params)

    def text(
        self, key: str, *, max_length: int | None = None, nullable: bool = False,
        blank: bool = True,
    ) -> str | None:
        """Read a string; ``blank=False`` refuses one that is empty or only white space."""
        value, path = self._get(key)
        if value is None:
            if key in self.data and not nullable:
                self._error(path, N_("must be a string"))
            return None
        if not isinstance(value, str):
            self._error(path, N_("must be a string"))
            return None
        if not blank and not value.strip():
            self._error(path, N_("must not be empty"))
            return None
        if max_length is not None and len(value) > max_length:
            self._error(path, N_("is longer than %(n)d characters"), n=max_length)
            return None
        return value

    def choice(self, key: str, choices: Collection[str], *, nullable: bool = False) -> str | None:
        value = self.text(key, nullable=nullable)
        if value is not None and value not in choices:
            self._error(self.path_of(key), N_("must be one of: %(choices)s"),
                        choices=", ".join(choices))
            return None
        return value

    def slug(
        self, key: str, *, nullable: bool = False, max_length: int = KEY_LENGTH
    ) -> str | None:
        """Read a key; ``max_length`` shortens the longest key allowed (column width)."""
        value = self.text(key, nullable=nullable)
        if value is None or (is_valid_key(value) and len(value) <= max_length):
            return value
        if max_length < KEY_LENGTH:
            self._error(self.path_of(key), N_("is not a valid key (lower-case letters a–z, "
                                              "digits and hyphens, at most %(n)d characters)"),
                        n=max_length)
        else:
            self._error(self.path_of(key), N_("is not a valid key (lower-case letters a–z, digits "
                                              "and hyphens, at most 60 characters)"))
        return None

    def email(self, key: str, *, nullable: bool = False) -> str | None:
        value = self.text(key, nullable=nullable)
        if value is not None and not is_email(value):
            self._error(self.path_of(key), N_("is not a lower-case e-mail address"))
            return None
        return value

    def integer(
        self, key: str, *, minimum: int = 0, maximum: int = MAX_INT, nullable: bool = False
    ) -> int | None:
        value, path = self._get(key)
        if value is None:
            if key in self.data and not nullable:
                self._error(path, N_("must be a whole number"))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self._error(path, N_("must be a whole number"))
            return None
        if not minimum <= value <= maximum:
            self._error(path, N_("must be between %(minimum)d and %(maximum)d"),
                        minimum=minimum, maximum=maximum)
            return None
        return value

    def boolean(self, key: str) -> bool | None:
        value, path = self._get(key)
        if not isinstance(value, bool):
            if key in self.data:
                self._error(path, N_("must be true or false"))
            return None
        return value

    def decimal(
        self,
        key: str,
        *,
        places: int,
        minimum: Decimal | None = None,
        below: Decimal | None = None,
        maximum: Decimal | None = None,
        nullable: bool = False,
    ) -> Decimal | None:
        """Read a decimal string with at most ``places`` decimals within the bounds given."""
        value, path = self._get(key)
        if value is None:
            if key in self.data and not nullable:
                self._error(path, N_("must be a decimal number in a string, like \"1250000.00\""))
            return None
        if not isinstance(value, str) or not DECIMAL_PATTERN.match(value):
            self._error(path, N_("must be a decimal number in a string, like \"1250000.00\""))
            return None
        if len(value.partition(".")[2]) > places:
            self._error(path, N_("has more than %(n)d decimals"), n=places)
            return None
        number = Decimal(value)
        if minimum is not None and number < minimum:
            self._error(path, N_("must be at least %(n)s"), n=str(minimum))
            return None
        if maximum is not None and number > maximum:
            self._error(path, N_("must be at most %(n)s"), n=str(maximum))
            return None
        if below is not None and abs(number) >= below:
            self._error(path, N_("is too large"))
            return None
        return number

    def day(self, key: str, *, nullable: bool = False) -> date | None:
        value, path = self._get(key)
        if value is None:
            if key in self.data and not nullable:
                self._error(path, N_("must be a date written YYYY-MM-DD"))
            return None
        if isinstance(value, str) and DATE_PATTERN.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self._error(path, N_("must be a date written YYYY-MM-DD"))
        return None

    def moment(self, key: str, *, nullable: bool = False) -> datetime | None:
        value, path = self._get(key)
        if value is None and (key not in self.data or nullable):
            return None
        if isinstance(value, str) and DATETIME_PATTERN.match(value):
            try:
                return parse_datetime(value)
            except ValueError:
                pass
        self._error(path, N_("must be a time in UTC written YYYY-MM-DDTHH:MM:SSZ"))
        return None

    def array(self, key: str) -> Iterator[tuple[str, Any]]:
        """Yield (path, item) for each item of an array; report a value that is no array."""
        value, path = self._get(key)
        if value is None and key not in self.data:
            return
        if not isinstance(value, list):
            self._error(path, N_("must be an array"))
            return
        for i, item in enumerate(value):
            yield join(path, i), item

    def objects(
        self, key: str, spec: Mapping[str, Any], extra: Collection[str] = ()
    ) -> Iterator[tuple[int, Obj]]:
        """Yield (index, object) for each item of an array of objects."""
        for i, (path, item) in enumerate(self.array(key)):
            obj = self.checker.object(item, path, spec, extra)
            if obj is not None:
                yield i, obj

    def object(self, key: str, spec: Mapping[str, Any], *, nullable: bool = False) -> Obj | None:
        value, path = self._get(key)
        if value is None and (key not in self.data or nullable):
            return None
        return self.checker.object(value, path, spec)


def is_email(value: str) -> bool:
    """Return whether ``value`` is a plausible e-mail address in lower case."""
    return len(value) <= 254 and value == value.lower() and bool(EMAIL_PATTERN.match(value))
