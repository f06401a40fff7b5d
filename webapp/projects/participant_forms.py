"""Forms of the participants page: one period's participants of one risk profile, and a drop-out.

The page holds both forms, each with its own prefix so their field ids and CSRF fields never
clash. ``models.participants`` checks every value again and names the field it refuses, so the
validators here only catch what cannot be read at all (text in a number field, a date that is
not a date); empty required values are refused by the model with its own message.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    MonthField,
    SelectField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from models.domain.participation import DROP_OUT_REASON_LABELS, RISK_PROFILE_LABELS
from models.participants import MAX_TEXT
from webapp.forms import BaseForm, choices

PROFILE_CHOICES = choices([("", _l("Choose"))] + [
    (key, _l(label)) for key, label in RISK_PROFILE_LABELS.items()])
REASON_CHOICES = choices([("", _l("Choose"))] + [
    (key, _l(label)) for key, label in DROP_OUT_REASON_LABELS.items()])


class MarkedRequired:
    """Mark a field as required (the label's asterisk) where the model checks the value."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


REQUIRED = MarkedRequired()


class FlowForm(BaseForm):
    period = MonthField(_l("Period (month)"), validators=[REQUIRED, Optional()])
    risk_profile = SelectField(_l("Risk profile"), choices=PROFILE_CHOICES,
                               validate_choice=False, validators=[REQUIRED])
    eligible = IntegerField(_l("Eligible (could have started)"), validators=[Optional()])
    enrolled = IntegerField(_l("Enrolled (started in the period)"),
                            validators=[REQUIRED, Optional()])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=MAX_TEXT)])
    replace = BooleanField(_l("Replace the figures already recorded for this period and risk "
                              "profile"))
    version = HiddenField()


class DropOutForm(BaseForm):
    left_on = DateField(_l("Date the participant left"), validators=[REQUIRED, Optional()])
    risk_profile = SelectField(_l("Risk profile"), choices=PROFILE_CHOICES,
                               validate_choice=False, validators=[REQUIRED])
    reason_kind = SelectField(_l("Kind of reason"), choices=REASON_CHOICES,
                              validate_choice=False, validators=[REQUIRED])
    reason = TextAreaField(_l("The reason in words"), validators=[Length(max=MAX_TEXT)])
    possible_harm = BooleanField(_l("The initiative may have harmed the participant"))
    investigated_on = DateField(_l("Investigated on"), validators=[Optional()])
    investigation = TextAreaField(_l("What the investigation found"),
                                  validators=[Length(max=MAX_TEXT)])
    version = HiddenField()
