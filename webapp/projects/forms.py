"""Forms for creating and editing a project and its proposal, changing stage, confirming
checklist items and screening."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from models.domain.labels import LEVEL_LABELS, LIFE_STAGE_LABELS
from webapp.forms import BaseForm, MoneyField, choices

PREVENTION_CHOICES = choices([
    ("", _l("Not stated")),
    ("universal", _l("Universal – everyone in the group")),
    ("targeted", _l("Targeted – groups at higher risk")),
    ("indicated", _l("Indicated – individuals with early signs of problems")),
])
LIFE_STAGE_CHOICES = choices(
    [("", _l("Not stated"))] + [(key, _l(label)) for key, label in LIFE_STAGE_LABELS.items()]
)

LEVEL_CHOICES = choices(
    [("", _l("Not assessed"))] + [(key, _l(label)) for key, label in LEVEL_LABELS.items()]
)


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class _InitiativeFields(BaseForm):
    """The fields an initiative and a proposal share (the call's application form)."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    need_description = TextAreaField(
        _l("Need"), validators=[Length(max=20000)],
    )
    ordinary_practice = TextAreaField(
        _l("Ordinary practice it is compared with"), validators=[Length(max=20000)]
    )
    target_description = TextAreaField(
        _l("Target group"), validators=[Length(max=20000)]
    )
    diagnosis = TextAreaField(_l("Diagnosis or problem"), validators=[Length(max=20000)])
    risk_factor = TextAreaField(_l("Risk factor"), validators=[Length(max=20000)])
    geography = TextAreaField(_l("Geography (schools, areas, units)"),
                              validators=[Length(max=20000)])
    current_intervention = TextAreaField(_l("What the target group gets today"),
                                         validators=[Length(max=20000)])
    age_min = IntegerField(_l("Age from"), validators=[Optional(), NumberRange(0, 120)])
    age_max = IntegerField(_l("Age to"), validators=[Optional(), NumberRange(0, 120)])
    life_stage = SelectField(_l("Life stage"), choices=LIFE_STAGE_CHOICES)
    prevention_level = SelectField(_l("Prevention level"), choices=PREVENTION_CHOICES)
    size_total = IntegerField(
        _l("Size of the whole target group"), validators=[Optional(), NumberRange(min=0)]
    )
    size_reached = IntegerField(
        _l("Part reached by the initiative"), validators=[Optional(), NumberRange(min=0)]
    )
    departments = SelectMultipleField(_l("Departments"), coerce=int)
    need_areas = SelectMultipleField(_l("Need areas it answers"), coerce=int)
    start = DateField(_l("Start date"), validators=[Optional()])
    end = DateField(_l("End date"), validators=[Optional()])
    budget_request = MoneyField(_l("Budget request (SEK)"), minimum=0)
    version = HiddenField()

    def validate_age_max(self, field):
        if field.data is not None and self.age_min.data is not None \
                and field.data < self.age_min.data:
            raise ValidationError(_l("The upper age must not be below the lower age."))

    def validate_size_reached(self, field):
        if field.data is not None and self.size_total.data is not None \
                and field.data > self.size_total.data:
            raise ValidationError(
                _l("The part reached cannot be larger than the whole target group.")
            )

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date must not be before the start date."))


class ProjectForm(_InitiativeFields):
    fund_id = SelectField(_l("Fund"), coerce=_int_or_none)
    owner_id = SelectField(_l("Project owner"), coerce=_int_or_none)
    leader_id = SelectField(_l("Project leader"), coerce=_int_or_none)
    members = SelectMultipleField(_l("Members"), coerce=int)


class ProposalForm(_InitiativeFields):
    """The application form's standard fields; the call's questions are read separately."""


class ScreeningForm(BaseForm):
    """The screening's fixed fields; the must-criteria's judgements are read separately."""

    risk_level = SelectField(_l("Risk level"), choices=LEVEL_CHOICES)
    complexity = SelectField(_l("Complexity"), choices=LEVEL_CHOICES)
    note = TextAreaField(_l("Note (for the coordinators)"), validators=[Length(max=20000)])
    completion_request = TextAreaField(_l("What the proposer is asked to complete"),
                                       validators=[Length(max=20000)])
    reason = TextAreaField(_l("Reason for setting the proposal aside"),
                           validators=[Length(max=20000)])
    version = HiddenField()


class StageForm(BaseForm):
    to_stage = SelectField(_l("New stage"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=5000)])
    override_gate = BooleanField(
        _l("Pass the stage gate although checklist items are open (coordinator)")
    )


class ConfirmForm(BaseForm):
    confirmed_on = DateField(_l("Date"), validators=[DataRequired()], default=date.today)
    comment = TextAreaField(_l("Comment or evidence"), validators=[Length(max=5000)])
