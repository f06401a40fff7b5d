"""Forms of the organisation page: people, the reporting plan, check-ins and communication.

Several forms share one page, so each has its own prefix (unique field ids and CSRF fields).
The rows carry ``state``, a fingerprint of the row as it was shown, to refuse stale saves.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from models.domain import governance as gv
from models.organisations import MAX_SHORT, MAX_TEXT
from webapp.forms import BaseForm, choices

ROLE_CHOICES = choices((role, _l(label)) for role, label in gv.ROLE_LABELS.items())


def _short(label, *, required: str | None = None) -> StringField:
    validators = [DataRequired(message=required)] if required else []
    return StringField(label, validators=[*validators, Length(max=MAX_SHORT)])


def _text(label, *, required: str | None = None) -> TextAreaField:
    validators = [DataRequired(message=required)] if required else []
    return TextAreaField(label, validators=[*validators, Length(max=MAX_TEXT)])


class PersonForm(BaseForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[DataRequired()])
    name = _short(_l("Name"), required=_l("Enter the person's name."))
    affiliation = _short(_l("Department or organisation"))
    task = _text(_l("Task and responsibility"))
    state = HiddenField()


class ReportingItemForm(BaseForm):
    activity = _text(_l("Activity"), required=_l("Describe the activity that is reported."))
    frequency = _short(_l("How often it is reported"))
    done_by = _short(_l("Who carries it out"))
    reported_by = _short(_l("Who reports it"))
    done_when = _text(_l("What counts as a completed activity"))
    resources = _text(_l("Resources the activity needs"))
    state = HiddenField()


class CheckInForm(BaseForm):
    planned_on = DateField(
        _l("Date"), validators=[InputRequired(message=_l("Enter the date of the check-in."))],
    )
    topic = _text(_l("Topic"))
    state = HiddenField()


class CommunicationForm(BaseForm):
    audience = _short(_l("Who"), required=_l("Say who receives the information."))
    message = _text(_l("What information"))
    timing = _short(_l("When"))
    channel = _short(_l("How (channel or forum)"))
    responsible = _short(_l("Responsible"))
    state = HiddenField()


class PlanForm(BaseForm):
    escalation = _text(_l("Unexpected obstacles: who raises them, to whom and when"))
    other_resources = _text(_l("Resources other actors contribute"))
    version = HiddenField()


class ScheduleForm(BaseForm):
    check_in_months = IntegerField(
        _l("Check-ins every (months)"),
        validators=[Optional(), NumberRange(
            gv.MIN_CHECK_IN_MONTHS, gv.MAX_CHECK_IN_MONTHS,
            message=_l("Enter a number of months from %(min)d to %(max)d."),
        )],
    )
    version = HiddenField()


#: The form of each list on the page, by part (see models.organisations.PARTS).
ROW_FORMS = {
    "people": PersonForm,
    "reporting": ReportingItemForm,
    "check_ins": CheckInForm,
    "communication": CommunicationForm,
}
