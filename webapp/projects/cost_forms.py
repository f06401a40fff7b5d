"""Forms of a project's budget and benefits pages.

Each page holds one form (adding a line, or editing the one chosen), with its own prefix so its
field ids and CSRF field never clash with the page's other buttons. ``models.costs`` checks every
value again and names the field it refuses, so the form validators here only catch what cannot
be read at all (text in a number field); empty required values are refused by the model with its
own message. The selects (actor, unit cost, indicator) get their choices in the views, from the
database, and are checked by the model rather than against the choices shown.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from models.costs import CATEGORY_LABELS, MAX_PHASE, MAX_TEXT, PEOPLE_SOURCE_LABELS
from webapp.forms import BaseForm, MeasureField, MoneyField, ShareField, choices

CATEGORY_CHOICES = choices([("", _l("Choose"))] + [
    (key, _l(label)) for key, label in CATEGORY_LABELS.items()
])
PEOPLE_SOURCE_CHOICES = choices((key, _l(label)) for key, label in PEOPLE_SOURCE_LABELS.items())


class _MarkedRequired:
    """Mark a field as required (the label's asterisk) where the model checks the value."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


_REQUIRED = _MarkedRequired()


class BudgetLineForm(BaseForm):
    category = SelectField(_l("Category"), choices=CATEGORY_CHOICES, validate_choice=False,
                           validators=[_REQUIRED])
    actor = SelectField(_l("Who bears the cost"), validate_choice=False, validators=[_REQUIRED])
    year = IntegerField(_l("Year"), validators=[_REQUIRED, Optional()])
    month = IntegerField(_l("Month (optional)"), validators=[
        Optional(), NumberRange(1, 12, message=_l("Choose a month from 1 to 12."))])
    phase = StringField(_l("Phase (optional)"), validators=[Length(max=MAX_PHASE)])
    amount = MoneyField(_l("Amount (kr)"), validators=[_REQUIRED])
    note = TextAreaField(_l("Note"), validators=[Length(max=MAX_TEXT)])
    version = HiddenField()


class BenefitLineForm(BaseForm):
    indicator = SelectField(_l("Outcome indicator"), validate_choice=False)
    people_source = RadioField(_l("Number of people affected"), choices=PEOPLE_SOURCE_CHOICES,
                               default="entered")
    people = MeasureField(_l("People affected (entered)"))
    unit_cost = SelectField(_l("Unit cost"), validate_choice=False, validators=[_REQUIRED])
    units_per_person = MeasureField(_l("Units avoided per person and year"),
                                    validators=[_REQUIRED])
    actor = SelectField(_l("Who gains"), validate_choice=False, validators=[_REQUIRED])
    first_year = IntegerField(_l("First year"), validators=[_REQUIRED, Optional()])
    years = IntegerField(_l("Number of years"), validators=[_REQUIRED, Optional()])
    deadweight = ShareField(_l("Deadweight (%)"))
    attribution = ShareField(_l("Attribution (%)"))
    drop_off = ShareField(_l("Drop-off per year (%)"))
    evidence_years = IntegerField(_l("Years the evidence shows the effect lasting (optional)"),
                                  validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Length(max=MAX_TEXT)])
    version = HiddenField()
