"""Forms of the call pages: the call itself and the questions of its application form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from models.calls import GUIDANCE_MAX, QUESTION_MAX
from models.domain.labels import CALL_KIND_LABELS
from webapp.forms import BaseForm, choices

KIND_CHOICES = choices([(key, _l(label)) for key, label in CALL_KIND_LABELS.items()])


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class CallForm(BaseForm):
    """The call; the rules between fields (dates, kind) are checked by models.calls."""

    title = StringField(_l("Title"), validators=[Length(max=200)])
    kind = SelectField(_l("Kind of call"), choices=KIND_CHOICES)
    fund_id = SelectField(_l("Fund"), coerce=_int_or_none)
    description = TextAreaField(_l("Description: what is asked for and who may apply"),
                                validators=[Length(max=20000)])
    opens = DateField(_l("Opens"), validators=[Optional()])
    closes = DateField(_l("Closes"), validators=[Optional()])
    decision_expected = DateField(_l("Decision expected"), validators=[Optional()])
    department_id = SelectField(_l("Department given the assignment"), coerce=_int_or_none)
    need_areas = SelectMultipleField(_l("Need areas"), coerce=int)
    criteria = SelectMultipleField(_l("Criteria the proposals are judged by"), coerce=int)
    version = HiddenField()


class QuestionForm(BaseForm):
    text = TextAreaField(_l("Question"), validators=[Length(max=QUESTION_MAX)])
    guidance = TextAreaField(_l("Guidance for the applicant"),
                             validators=[Length(max=GUIDANCE_MAX)])
    required = BooleanField(_l("An answer is required for a complete proposal"), default=True)
    version = HiddenField()
