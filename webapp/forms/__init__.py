"""Shared form base and fields."""

from webapp.forms.base import BaseForm, ButtonForm, versioned_form
from webapp.forms.fields import KeyField, MoneyField, ShareField, choices

__all__ = [
    "BaseForm",
    "ButtonForm",
    "KeyField",
    "MoneyField",
    "ShareField",
    "choices",
    "versioned_form",
]
