"""Forms of the decision page and of the feedback letter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length

from models.domain.feedback import SECTIONS
from models.domain.labels import DECISION_BODY_LABELS, DECISION_OUTCOME_LABELS
from webapp.forms import BaseForm, MoneyField, choices


class DecisionForm(BaseForm):
    body = SelectField(_l("Decided by"), validators=[DataRequired()],
                       choices=choices((k, _l(v)) for k, v in DECISION_BODY_LABELS.items()))
    body_name = StringField(_l("Name of the deciding body"), validators=[Length(max=200)])
    decided_on = DateField(_l("Decision date"), validators=[DataRequired()], default=date.today)
    reference = StringField(_l("Reference (§ or case number)"), validators=[Length(max=100)])
    outcome = RadioField(_l("Outcome"), validators=[DataRequired()])
    amount = MoneyField(_l("Amount (SEK)"), minimum=Decimal("0"))
    conditions = TextAreaField(_l("Conditions (for a rejection: the reason)"),
                               validators=[Length(max=5000)])
    pass_gate = BooleanField(_l("Pass the stage gate although checklist items are open"))
    gate_reason = TextAreaField(_l("Reason for passing the gate"), validators=[Length(max=2000)])
    override = BooleanField(_l("Allocate more than the fund has available"))
    override_reason = TextAreaField(_l("Reason for allocating beyond the available money"),
                                    validators=[Length(max=2000)])
    #: The stage the form was shown for, so that a decision on a changed project is refused.
    stage = HiddenField()

    def set_outcomes(self, outcomes) -> None:
        self.outcome.choices = choices((o, _l(DECISION_OUTCOME_LABELS[o])) for o in outcomes)


SECTION_LABELS = {
    "opening": _l("Opening"),
    "strengths": _l("Strengths"),
    "weaknesses": _l("Weaknesses"),
    "improvements": _l("What to improve"),
    "closing": _l("Closing"),
}


class FeedbackForm(BaseForm):
    opening = TextAreaField(SECTION_LABELS["opening"], validators=[Length(max=20000)])
    strengths = TextAreaField(SECTION_LABELS["strengths"], validators=[Length(max=20000)])
    weaknesses = TextAreaField(SECTION_LABELS["weaknesses"], validators=[Length(max=20000)])
    improvements = TextAreaField(SECTION_LABELS["improvements"], validators=[Length(max=20000)])
    closing = TextAreaField(SECTION_LABELS["closing"], validators=[Length(max=20000)])
    signed_by = StringField(_l("Signed by"), validators=[Length(max=200)])
    version = HiddenField()

    def texts(self) -> dict[str, str]:
        return {name: self[name].data or "" for name in SECTIONS}


class LetterButtonForm(BaseForm):
    """A button on the letter (draft again, reopen) that carries the version the user saw."""

    version = HiddenField()
