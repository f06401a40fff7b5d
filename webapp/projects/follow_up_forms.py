"""Forms of the follow-up page: how an indicator is reported, a value, the import and an hour
line of resource use.

``models.follow_ups`` checks every value again and names the field it refuses, so the
validators here only catch what cannot be read at all (text in a number field). Periods are
typed as ``2025-03`` (a month) or ``2025-Q1`` (a quarter) and read by the model. The selects get
their choices in the views and are checked by the model rather than against the choices shown.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from models.domain import follow_up as fu
from models.follow_ups import MAX_CATEGORY, MAX_DIMENSION, MAX_NAME, MAX_TEXT
from webapp.forms import BaseForm, MeasureField, choices

FREQUENCY_CHOICES = choices([("", _l("Choose"))] + [
    (key, _l(label)) for key, label in fu.FREQUENCY_LABELS.items()])


class _MarkedRequired:
    """Mark a field as required (the label's asterisk) where the model checks the value."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


_REQUIRED = _MarkedRequired()


class ReportingForm(BaseForm):
    frequency = SelectField(_l("How often"), choices=FREQUENCY_CHOICES, validate_choice=False,
                            validators=[_REQUIRED])
    first_period = StringField(_l("First period (optional)"), validators=[Length(max=20)])
    responsible = StringField(_l("Who reports"), validators=[Length(max=MAX_NAME)])
    version = HiddenField()


class ValueForm(BaseForm):
    indicator = SelectField(_l("Indicator"), validate_choice=False, validators=[_REQUIRED])
    period = StringField(_l("Period"), validators=[_REQUIRED, Length(max=20)])
    planned = MeasureField(_l("Planned value"))
    actual = MeasureField(_l("Actual value"))
    dimension = StringField(_l("Broken down by (optional)"),
                            validators=[Length(max=MAX_DIMENSION)])
    category = StringField(_l("Category (optional)"), validators=[Length(max=MAX_CATEGORY)])
    reported_by = StringField(_l("Reported by"), validators=[Length(max=MAX_NAME)])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=MAX_TEXT)])
    replace = BooleanField(_l("Replace the existing value"))
    version = HiddenField()


class ImportForm(BaseForm):
    file = FileField(_l("File (CSV or Excel)"),
                     validators=[FileRequired(_l("Choose a file to import."))])
    replace = BooleanField(_l("Replace existing values"))


class ResourceForm(BaseForm):
    activity = SelectField(_l("Activity"), validate_choice=False, validators=[_REQUIRED])
    period = StringField(_l("Period"), validators=[_REQUIRED, Length(max=20)])
    competence = StringField(_l("Competence"), validators=[_REQUIRED, Length(max=MAX_NAME)])
    planned_hours = MeasureField(_l("Planned hours"))
    actual_hours = MeasureField(_l("Actual hours"))
    comment = TextAreaField(_l("Comment"), validators=[Length(max=MAX_TEXT)])
    version = HiddenField()
