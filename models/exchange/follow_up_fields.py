"""Read the values of the follow-up, evaluation and implementation parts of a satsa/1 project.

The limits are those of the pages (``models.follow_ups``, ``models.participants``,
``models.check_ins``, ``models.evaluations``, ``models.implementation_plans``) as far as they
hold for stored data whatever happened since: rules that depend on today's date, or on an
indicator's unit or reporting frequency (which may change after a value is entered), are left to
the pages. Each reader reports a bad value with its JSON path and returns None for it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from models.domain import N_
from models.domain import results as rs
from models.exchange.checker import Obj
from models.exchange.design_check import ModelKeys
from models.exchange.economics_check import MONEY_LIMIT

ZERO, ONE = Decimal(0), Decimal(1)
#: Texts: names and short fields; the follow-up's, the check-ins' and the evaluation's and
#: implementation plan's longer texts; a check-in's notes.
MAX_NAME = 200
MAX_EMAIL = 254
MAX_FOLLOW_UP_TEXT = 2000
MAX_TEXT = 5000
MAX_NOTES = 10_000
MAX_DIMENSION = 60
MAX_CATEGORY = 100
MAX_SIGNAL = 40
MAX_ACTOR = 60
#: Counts of people (group sizes, participants) and months of observed costs.
MAX_COUNT = 10_000_000
MAX_MONTHS = 600
MAX_DECISIONS = 20
#: Indicator values and hours: below 10¹⁴, as the follow-up page takes them.
MAX_VALUE = Decimal("100000000000000")
#: A result's changes and goal (±1 000 %), and the changes after mainstreaming (±100 000 %).
MAX_RESULT_CHANGE = rs.MAX_CHANGE
MAX_IMPLEMENTATION_CHANGE = Decimal("1000")
#: The first months of the quarters.
QUARTER_MONTHS = (1, 4, 7, 10)
#: Decisions that must say what is to be done.
ACTING = ("adjust", "intensify", "stop")
#: Reasons for leaving that suggest the initiative may have harmed (``models.follow_up``).
HARM_REASONS = ("negative_experience", "worse_off")


def number(obj: Obj, key: str, limit: Decimal, *, nullable: bool = True,
           minimum: Decimal | None = None) -> Decimal | None:
    """A decimal with at most four decimals, at most ``limit`` in absolute value."""
    value = obj.decimal(key, places=4, minimum=minimum, nullable=nullable)
    if value is not None and abs(value) > limit:
        obj.checker.error(obj.path_of(key), N_("must be between -%(n)s and %(n)s"),
                          n=f"{limit:f}")
        return None
    return value


def value(obj: Obj, key: str, *, minimum: Decimal | None = None) -> Decimal | None:
    """An indicator value or a number of hours."""
    return obj.decimal(key, places=4, below=MAX_VALUE, minimum=minimum, nullable=True)


def money(obj: Obj, key: str, *, signed: bool = False) -> Decimal | None:
    return obj.decimal(key, places=2, minimum=None if signed else ZERO, below=MONEY_LIMIT,
                       nullable=True)


def count(obj: Obj, key: str, *, nullable: bool = True, minimum: int = 0,
          maximum: int = MAX_COUNT) -> int | None:
    return obj.integer(key, minimum=minimum, maximum=maximum, nullable=nullable)


def indicator(obj: Obj, key: str, keys: ModelKeys, *, nullable: bool = False,
              outcome: str | None = None) -> str | None:
    """An indicator key of the project's logic model; ``outcome`` (a msgid) requires an outcome
    indicator and says why."""
    value = obj.text(key, nullable=nullable)
    if value is None:
        return None
    if value not in keys.indicators:
        obj.checker.error(obj.path_of(key),
                          N_("no indicator of the project's logic model has the key '%(key)s'"),
                          key=value)
        return None
    if outcome is not None and keys.indicators[value] != "outcome":
        obj.checker.error(obj.path_of(key), outcome, key=value)
        return None
    return value


def element(obj: Obj, key: str, keys: ModelKeys, *, nullable: bool = False) -> str | None:
    value = obj.text(key, nullable=nullable)
    if value is not None and value not in keys.elements:
        obj.checker.error(obj.path_of(key),
                          N_("no element of the project's logic model has the key '%(key)s'"),
                          key=value)
        return None
    return value


def once(obj: Obj, key: str, value: Any, seen: dict[Any, str]) -> None:
    """Report ``value`` when it was listed before in the same array."""
    path = obj.path_of(key)
    if value is not None and seen.setdefault(value, path) != path:
        obj.checker.error(path, N_("'%(key)s' is listed twice (also at %(other)s)"),
                          key=str(value), other=seen[value])


def twice(obj: Obj, value: tuple, seen: dict[tuple, str], message: str) -> None:
    """Report the item when another item of the array has the same ``value``."""
    if None not in value and seen.setdefault(value, obj.path) != obj.path:
        obj.checker.error(obj.path, message, other=seen[value])


def period(obj: Obj, key: str, *, nullable: bool = False, quarter: bool = False
           ) -> date | None:
    """A period, named by its first day: the first of a month (of a quarter's first month)."""
    day = obj.day(key, nullable=nullable)
    if day is None:
        return None
    if quarter and (day.day != 1 or day.month not in QUARTER_MONTHS):
        obj.checker.error(obj.path_of(key), N_(
            "must be the first day of a quarter (1 January, 1 April, 1 July or 1 October)"))
        return None
    if day.day != 1:
        obj.checker.error(obj.path_of(key), N_(
            "must be the first day of a month: a period is named by its first day"))
        return None
    return day


def dates_in_order(obj: Obj, first: str, last: str) -> None:
    start = obj.day(first, nullable=True)
    end = obj.day(last, nullable=True)
    if start is not None and end is not None and end < start:
        obj.checker.error(obj.path_of(last), N_("is before the start"))


def share(obj: Obj, key: str) -> Decimal | None:
    """A fraction from 0 to 1 with at most four decimals, or null."""
    value = obj.decimal(key, places=4, nullable=True)
    if value is not None and not ZERO <= value <= ONE:
        obj.checker.error(obj.path_of(key),
                          N_("must be a fraction between 0 and 1 (\"0.5\" is 50 per cent)"))
        return None
    return value


def texts(obj: Obj, keys: tuple[str, ...], limit: int) -> None:
    for key in keys:
        obj.text(key, max_length=limit)
