"""Texts of the portfolio pages and workbook: signals, balance buckets and ranking sentences,
translated with their parameters formatted for the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext

from models.domain.balance import Bucket
from models.domain.signals import Signal
from webapp.formatting import day, measure, money, number, stage_label

#: Parameters of the ranking's explanations that are amounts of money (the others are points,
#: counts or text).
RANKING_MONEY_PARAMS = frozenset({"amount", "remaining", "cumulative", "available"})


#: Signal parameters that are measured values (an indicator's value or threshold), not money.
MEASURE_PARAMS = frozenset({"actual", "planned", "threshold"})


def _shown(key: str, value: Any) -> Any:
    if key in MEASURE_PARAMS and isinstance(value, int | str | Decimal):
        try:
            return measure(Decimal(str(value)))
        except ArithmeticError:
            return value
    if key == "stage" and isinstance(value, str):
        return stage_label(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, Decimal):
        return money(value)
    return value


def signal_text(signal: Signal) -> str:
    """The signal's message in the reader's language."""
    return gettext(signal.message, **{k: _shown(k, v) for k, v in signal.params.items()})


def bucket_label(bucket: Bucket) -> str:
    """A department's name as it is; other buckets by their translated label."""
    return bucket.label if bucket.named else gettext(bucket.label)


def ranking_sentence(msgid: str, params: Mapping[str, Any],
                     names: Mapping[str, str] | None = None) -> str:
    """One sentence of a ranking's explanation; raters (e-mail addresses) shown by name."""
    names = names or {}
    shown: dict[str, Any] = {}
    for key, value in params.items():
        if key in ("rater", "raters") and isinstance(value, str):
            shown[key] = ", ".join(names.get(part, part) for part in value.split(", "))
        elif isinstance(value, Decimal):
            shown[key] = money(value) if key in RANKING_MONEY_PARAMS else number(value)
        else:
            shown[key] = value
    return gettext(msgid, **shown)
