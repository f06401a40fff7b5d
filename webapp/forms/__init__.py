"""Shared form base and fields."""

from webapp.forms.base import BaseForm, ButtonForm, versioned_form
from webapp.forms.fields import KeyField, MeasureField, MoneyField, ShareField, choices

__all__ = [
    "BaseForm",
    "ButtonForm",
    "KeyField",
    "MeasureField",
    "MoneyField",
    "ShareField",
    "choices",
    "versioned_form",
]
