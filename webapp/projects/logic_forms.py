"""Forms of the logic-model page: purpose, elements, links and indicators.

Several forms share one page, so each has its own prefix (unique field ids and CSRF fields).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from models.domain import logic as lm
from webapp.forms import BaseForm, MeasureField, choices

LEVEL_CHOICES = choices((level, _l(lm.LEVEL_SINGULAR[level])) for level in lm.LEVELS)
KIND_CHOICES = choices([
    ("outcome", _l("Outcome indicator – how the result is measured")),
    ("process", _l("Process measure – how the activity is carried out")),
])
UNIT_CHOICES = choices([("", _l("Not stated"))] + [
    (key, _l(label)) for key, label in lm.UNIT_LABELS.items()
])
SOURCE_KIND_CHOICES = choices([("", _l("Not stated"))] + [
    (key, _l(label)) for key, label in lm.DATA_SOURCE_KIND_LABELS.items()
])
DATA_LEVEL_CHOICES = choices([("", _l("Not stated"))] + [
    (key, _l(label)) for key, label in lm.DATA_LEVEL_LABELS.items()
])


class PurposeForm(BaseForm):
    purpose = TextAreaField(_l("Overall purpose"), validators=[Length(max=2 * lm.MAX_TEXT)])
    version = HiddenField()


class ElementForm(BaseForm):
    level = SelectField(_l("Level"), choices=LEVEL_CHOICES, validators=[DataRequired()])
    text = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=lm.MAX_TEXT)])
    assumptions = TextAreaField(
        _l("Assumptions and threats (one per line)"), validators=[Length(max=20 * lm.MAX_TEXT)]
    )
    version = HiddenField()


class LinkForm(BaseForm):
    source = SelectField(_l("From"), validators=[DataRequired()])
    target = SelectField(_l("Leads to"), validators=[DataRequired()])


class IndicatorForm(BaseForm):
    name = StringField(_l("Indicator"), validators=[DataRequired(), Length(max=lm.MAX_NAME)])
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES, validators=[DataRequired()])
    unit = SelectField(_l("Unit"), choices=UNIT_CHOICES)
    data_source = TextAreaField(
        _l("Data source"), validators=[Length(max=lm.MAX_TEXT)],
    )
    data_source_kind = SelectField(_l("Kind of data source"), choices=SOURCE_KIND_CHOICES)
    data_level = SelectField(_l("Level of the data"), choices=DATA_LEVEL_CHOICES)
    baseline = MeasureField(_l("Baseline"))
    target = MeasureField(_l("Target"))
    horizon_months = IntegerField(
        _l("Time horizon (months after the start)"),
        validators=[Optional(), NumberRange(0, 600)],
    )
    version = HiddenField()
