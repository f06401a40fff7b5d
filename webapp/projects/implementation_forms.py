"""Forms of the implementation plan's pages: the plan, its phases, the financing shares and the
results after implementation.

The plan's page holds several forms, so each has its own prefix (unique field ids and CSRF).
``models.implementation_plans`` checks every value again and names the field it refuses, so the
validators here only catch what cannot be read at all (text in a number or date field); empty
required values are refused by the model with its own message. Changes are typed in per cent
and kept as fractions (the views divide by 100).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from models.domain.implementation import FINANCING_KIND_LABELS, ROLLOUT_LABELS
from models.implementation_plans import MAX_NAME, MAX_TEXT
from webapp.forms import BaseForm, MeasureField, MoneyField, ShareField, choices

ROLLOUT_CHOICES = choices((key, _l(label)) for key, label in ROLLOUT_LABELS.items())
FINANCING_KIND_CHOICES = choices([("", _l("Not decided yet"))] + [
    (key, _l(label)) for key, label in FINANCING_KIND_LABELS.items()])


class _MarkedRequired:
    """Mark a field as required (the label's asterisk) where the model checks the value."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


_REQUIRED = _MarkedRequired()


def _text(label):
    return TextAreaField(label, validators=[Length(max=MAX_TEXT)])


class PlanForm(BaseForm):
    annual_cost = MoneyField(_l("Full-scale annual cost (kr)"))
    cost_note = _text(_l("What the cost covers"))
    annual_saving = MoneyField(_l("Expected annual saving (kr)"))
    expected_effect = _text(_l("Expected effect at full scale"))
    rollout = RadioField(_l("Rollout"), choices=ROLLOUT_CHOICES, default="all_at_once")
    starts_on = DateField(_l("The implementation starts"), validators=[Optional()])
    ends_on = DateField(_l("The implementation is complete"), validators=[Optional()])
    financing_kind = SelectField(_l("Financing"), choices=FINANCING_KIND_CHOICES,
                                 validate_choice=False)
    replaces = _text(_l("What the new method replaces in ordinary operations"))
    ownership = _text(_l("Ownership"))
    delivery = _text(_l("Delivery: who performs the method"))
    organisation = _text(_l("Organisation"))
    forums = _text(_l("Forums for decisions and information"))
    prerequisites = _text(_l("Prerequisites: staff, training, premises"))
    new_context = _text(_l("The new context"))
    obstacles = _text(_l("Plan for obstacles"))
    follow_up_date = DateField(_l("Follow-up date"), validators=[Optional()])
    follow_up_summary = _text(_l("Results after implementation compared with the project "
                                 "period"))
    version = HiddenField()


class PhaseForm(BaseForm):
    name = StringField(_l("Phase"), validators=[_REQUIRED, Length(max=MAX_NAME)])
    units = _text(_l("Units (for example schools or districts)"))
    starts_on = DateField(_l("Starts"), validators=[Optional()])
    ends_on = DateField(_l("Ends"), validators=[Optional()])
    coverage = ShareField(_l("Coverage when the phase is done (%)"))
    version = HiddenField()


class FinancingForm(BaseForm):
    actor = SelectField(_l("Who finances"), validate_choice=False, validators=[_REQUIRED])
    share = ShareField(_l("Share of the full-scale cost (%)"), validators=[_REQUIRED])
    note = _text(_l("Note"))
    version = HiddenField()


class FollowUpForm(BaseForm):
    indicator = SelectField(_l("Outcome indicator"), validate_choice=False,
                            validators=[_REQUIRED])
    project_change = MeasureField(_l("Change in the project period (%)"))
    after_change = MeasureField(_l("Change after implementation (%)"), validators=[_REQUIRED])
    measured_on = DateField(_l("Measured on"), validators=[_REQUIRED, Optional()])
    note = _text(_l("Note"))
    version = HiddenField()
