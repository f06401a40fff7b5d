"""Forms of the risk matrix: a project's risks and stop criteria, and the organisation's scale.

The risks page holds several forms, so each has its own prefix (unique field ids and CSRF).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from models.domain import risk as rk
from models.risks import MAX_OWNER, MAX_TEXT, STOP_KIND_LABELS
from webapp.forms import BaseForm, MeasureField, choices

KIND_CHOICES = choices((kind, _l(label)) for kind, label in rk.KIND_LABELS.items())
STATUS_CHOICES = choices((status, _l(label)) for status, label in rk.STATUS_LABELS.items())
STOP_KIND_CHOICES = choices((kind, _l(label)) for kind, label in STOP_KIND_LABELS.items())


def _level(value):
    """Coerce a select's level; an empty or unknown value is None (then refused as required)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class _MarkedRequired:
    """Mark a field as required (the label's asterisk) where the model checks the value."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


class RiskForm(BaseForm):
    description = TextAreaField(_l("Risk description"),
                                validators=[DataRequired(), Length(max=MAX_TEXT)])
    kind = SelectField(_l("Threat or opportunity"), choices=KIND_CHOICES,
                       validators=[DataRequired()])
    # The levels are checked against the scale in force when the risk is saved.
    likelihood = SelectField(_l("Likelihood"), coerce=_level, validate_choice=False,
                             validators=[_MarkedRequired()])
    impact = SelectField(_l("Impact"), coerce=_level, validate_choice=False,
                         validators=[_MarkedRequired()])
    action = TextAreaField(_l("Action (what is done if the risk occurs)"),
                           validators=[Length(max=MAX_TEXT)])
    owner = StringField(_l("Responsible"), validators=[Length(max=MAX_OWNER)])
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, validators=[DataRequired()])
    review_on = DateField(_l("Review date"), validators=[Optional()])
    harms_individual = BooleanField(_l("Risk of negative effects for the individual"))
    element = SelectField(_l("Logic-model element it threatens"), validate_choice=False)
    version = HiddenField()


class StopCriterionForm(BaseForm):
    text = TextAreaField(_l("Stop criterion"), validators=[DataRequired(), Length(max=MAX_TEXT)])
    kind = SelectField(_l("Tied to"), choices=STOP_KIND_CHOICES, validators=[DataRequired()])
    indicator = SelectField(_l("Outcome indicator"), validate_choice=False)
    threshold = MeasureField(_l("Threshold"))
    version = HiddenField()


class ScaleForm(BaseForm):
    """The organisation's risk matrix; blank labels become level numbers, blank thresholds the
    defaults scaled from 5 × 5."""

    likelihood_max = IntegerField(
        _l("Levels of likelihood"),
        validators=[InputRequired(), NumberRange(rk.MIN_LEVELS, rk.MAX_LEVELS)])
    impact_max = IntegerField(
        _l("Levels of impact"),
        validators=[InputRequired(), NumberRange(rk.MIN_LEVELS, rk.MAX_LEVELS)])
    likelihood_labels = TextAreaField(_l("Likelihood labels (one per line, lowest first)"),
                                      validators=[Length(max=2000)])
    impact_labels = TextAreaField(_l("Impact labels (one per line, lowest first)"),
                                  validators=[Length(max=2000)])
    low_max = IntegerField(_l("Highest score of the low band"),
                           validators=[Optional(), NumberRange(1, 100)])
    medium_max = IntegerField(_l("Highest score of the medium band"),
                              validators=[Optional(), NumberRange(1, 100)])
    low_background = StringField(_l("Low: background colour"), validators=[Length(max=7)])
    low_text = StringField(_l("Low: text colour"), validators=[Length(max=7)])
    medium_background = StringField(_l("Medium: background colour"), validators=[Length(max=7)])
    medium_text = StringField(_l("Medium: text colour"), validators=[Length(max=7)])
    high_background = StringField(_l("High: background colour"), validators=[Length(max=7)])
    high_text = StringField(_l("High: text colour"), validators=[Length(max=7)])
    #: The setting in force when the form was shown ("" for the built-in default).
    based_on = HiddenField()
