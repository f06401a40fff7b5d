"""The form of a check-in: when it was held, which scheduled check-in it was, who took part,
notes, and its decisions (a few rows; blank rows are left out when saving).

The selects that depend on the project (scheduled check-ins, indicators, drop-outs) get their
choices in the view and are checked by ``models.check_ins``, which names the field it refuses
(``decisions-<n>-<name>`` for a decision's field).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from models.check_ins import MAX_NOTES, MAX_RESPONSIBLE, MAX_TEXT
from models.domain.participation import DECISION_LABELS, PROMPT_LABELS
from models.domain.signals import CODE_LABELS
from webapp.forms import BaseForm, choices
from webapp.projects.participant_forms import REQUIRED

#: Empty decision rows offered below the ones recorded.
SPARE_ROWS = 2
#: Decision rows offered on a new check-in.
NEW_ROWS = 3

DECISION_CHOICES = choices([("", _l("Choose"))] + [
    (key, _l(label)) for key, label in DECISION_LABELS.items()])
PROMPT_CHOICES = choices([("", _l("Choose"))] + [
    (key, _l(label)) for key, label in PROMPT_LABELS.items()])


def signal_choices() -> list:
    """The signal codes, read when the form is made (sources may add codes)."""
    return choices([("", _l("None"))] + [(key, _l(label)) for key, label in CODE_LABELS.items()])


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def optional_id(value):
    """A select's id, or None for the empty choice (and anything that is not a number)."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class DecisionForm(Form):
    """One decision; a row of the check-in form (its CSRF is the check-in form's)."""

    decision = SelectField(_l("Decision"), choices=DECISION_CHOICES, validate_choice=False)
    prompt = SelectField(_l("What prompted it"), choices=PROMPT_CHOICES, validate_choice=False)
    indicator = SelectField(_l("Indicator"), validate_choice=False)
    drop_out = SelectField(_l("Drop-out"), coerce=optional_id, validate_choice=False)
    signal_code = SelectField(_l("Signal"), validate_choice=False)
    prompted_by = TextAreaField(_l("What was seen"), filters=[_strip],
                                validators=[Length(max=MAX_TEXT)])
    action = TextAreaField(_l("What is to be done, and when"), filters=[_strip],
                           validators=[Length(max=MAX_TEXT)])
    responsible = StringField(_l("Responsible"), filters=[_strip],
                              validators=[Length(max=MAX_RESPONSIBLE)])


class CheckInForm(BaseForm):
    held_on = DateField(_l("Held on"), validators=[REQUIRED, Optional()])
    planned = SelectField(_l("Scheduled check-in"), coerce=optional_id, validate_choice=False)
    participants = TextAreaField(_l("Who took part"), validators=[Length(max=MAX_TEXT)])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=MAX_NOTES)])
    decisions = FieldList(FormField(DecisionForm), min_entries=NEW_ROWS, max_entries=40)
    version = HiddenField()
