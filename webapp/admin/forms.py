"""Forms for the organisation: departments, funds and users."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from webapp.forms import BaseForm, KeyField, MoneyField, ShareField, choices

ROLE_CHOICES = choices([
    ("coordinator", _l("Coordinator")),
    ("steering", _l("Steering group")),
    ("project_leader", _l("Project leader")),
    ("viewer", _l("Viewer")),
])


class OrganisationForm(BaseForm):
    name = StringField(_l("Name of the municipality or region"),
                       validators=[DataRequired(), Length(max=200)])
    version = HiddenField()


class DepartmentForm(BaseForm):
    key = KeyField(_l("Key"), validators=[DataRequired(), Length(max=60)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    version = HiddenField()


class FundForm(BaseForm):
    key = KeyField(_l("Key"), validators=[DataRequired(), Length(max=60)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    capital = MoneyField(_l("Capital (SEK)"), validators=[DataRequired()], minimum=0)
    start = DateField(_l("Start date"), validators=[Optional()])
    end = DateField(_l("End date"), validators=[Optional()])
    central_risk_share = ShareField(
        _l("Central share of the financial risk (%)"), validators=[DataRequired()]
    )
    rules = TextAreaField(_l("Rules (repayment, risk sharing, what may be financed)"),
                          validators=[Length(max=20000)])
    version = HiddenField()

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date must not be before the start date."))


class UserForm(BaseForm):
    email = EmailField(_l("E-mail address"),
                       validators=[DataRequired(), Email(check_deliverability=False),
                                   Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    locale = SelectField(_l("Language"), choices=choices([("sv", "Svenska"), ("en", "English")]))
    active = BooleanField(_l("Active (may log in)"), default=True)
    password = PasswordField(
        _l("Password"), validators=[Optional(), Length(min=10, max=200)]
    )
    version = HiddenField()
