"""Forms of the evaluation page: a result per outcome indicator, a stakeholder, a component, the
economic evaluation and the conclusions.

Each form has its own prefix, so field ids and CSRF fields never clash on the page.
``models.evaluations`` checks every value again and names the field it refuses; the validators
here only catch what cannot be read at all (text in a number field). Changes and goals are typed
in per cent (or percentage points for an absolute change), with a minus sign for a decrease
("−30", "-30 %"), and held as fractions (−0.30).
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from models.domain import results as rs
from models.evaluation import METHODS, VERDICTS
from models.evaluations import (
    CHANGE_KIND_LABELS,
    MAX_NAME,
    MAX_TEXT,
    METHOD_LABELS,
    SOURCE_LABELS,
    SOURCES,
    VERDICT_LABELS,
)
from webapp.forms import BaseForm, MeasureField, MoneyField, choices
from webapp.forms.fields import parse_decimal

#: Minus signs a user may type (the typographic one, and the hyphen-minus).
MINUS_SIGNS = ("\u2212", "\u2013")


def _signed_text(text: str) -> str:
    for sign in MINUS_SIGNS:
        text = text.replace(sign, "-")
    return text


class SignedPercentField(StringField):
    """A signed change typed in per cent or percentage points ("−30", "-30 %", "+12,5") and
    held as a fraction (−0.30), with at most two decimals in per cent."""

    invalid_message = _l("Enter a change in per cent, for example −30 or 12,5.")

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return format_percent_input(self.data)

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        text = _signed_text(valuelist[0]).replace("%", "").replace("+", "")
        try:
            value = parse_decimal(text)
        except ValueError as exc:
            raise ValueError(str(self.invalid_message)) from exc
        if value.as_tuple().exponent < -2:
            raise ValueError(str(_l("Give the change with at most two decimals in per cent.")))
        self.data = (value / 100).quantize(rs.PLACES)


class SignedMoneyField(MoneyField):
    """An amount in kronor that may be negative (a fall in costs)."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [_signed_text(valuelist[0])]
        super().process_formdata(valuelist)


def format_percent_input(fraction: Decimal) -> str:
    """A fraction as typed in a per-cent field: −0.3 → "-30", 0.125 → "12,5"."""
    value = (fraction * 100).normalize()
    text = f"{value:f}"
    return text.replace(".", ",")


class _MarkedRequired:
    """Mark a field as required (the label's asterisk) where the model checks the value."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


_REQUIRED = _MarkedRequired()

SOURCE_CHOICES = choices((key, _l(SOURCE_LABELS[key])) for key in SOURCES)
CHANGE_KIND_CHOICES = choices((key, _l(CHANGE_KIND_LABELS[key])) for key in rs.CHANGE_KINDS)
METHOD_CHOICES = choices((key, _l(METHOD_LABELS[key])) for key in METHODS)
VERDICT_CHOICES = choices((key, _l(VERDICT_LABELS[key])) for key in VERDICTS)
JUDGEMENT_CHOICES = choices([("", _l("Not yet judged")), ("yes", _l("Yes, a success")),
                             ("no", _l("No, not a success"))])


class ResultForm(BaseForm):
    indicator = SelectField(_l("Outcome indicator"), validate_choice=False,
                            validators=[_REQUIRED])
    source = RadioField(_l("How the result is given"), choices=SOURCE_CHOICES, default="changes")
    change_kind = RadioField(_l("Kind of change"), choices=CHANGE_KIND_CHOICES,
                             default=rs.RELATIVE)
    goal = SignedPercentField(_l("Goal: the change hoped for in the intervention group"))
    intervention_change = SignedPercentField(_l("Change in the intervention group"))
    comparison_change = SignedPercentField(_l("Change in the comparison group"))
    intervention_before = MeasureField(_l("Intervention group before"))
    intervention_after = MeasureField(_l("Intervention group after"))
    comparison_before = MeasureField(_l("Comparison group before"))
    comparison_after = MeasureField(_l("Comparison group after"))
    n_intervention = IntegerField(_l("People in the intervention group"),
                                  validators=[Optional()])
    n_comparison = IntegerField(_l("People in the comparison group"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Length(max=MAX_TEXT)])
    version = HiddenField()


class StakeholderForm(BaseForm):
    name = StringField(_l("Stakeholder"), validators=[_REQUIRED, Length(max=MAX_NAME)])
    connection = TextAreaField(_l("Connection to the initiative"),
                               validators=[Length(max=MAX_TEXT)])
    method = SelectField(_l("Method"), choices=METHOD_CHOICES, validate_choice=False)
    information = TextAreaField(_l("What information they have"),
                                validators=[Length(max=MAX_TEXT)])
    version = HiddenField()


class ComponentForm(BaseForm):
    element = SelectField(_l("Activity of the logic model"), validate_choice=False)
    name = StringField(_l("Component"), validators=[Length(max=MAX_NAME)])
    verdict = RadioField(_l("Verdict"), choices=VERDICT_CHOICES, default="undetermined")
    reason = TextAreaField(_l("Why"), validators=[Length(max=MAX_TEXT)])
    version = HiddenField()


class EconomicsForm(BaseForm):
    actual_cost = MoneyField(_l("Actual cost of the initiative (kr)"))
    observed_cost_change = SignedMoneyField(_l("Observed change in costs (kr)"))
    observed_months = IntegerField(_l("Observed over (months)"), validators=[Optional()])
    observed_cost_note = TextAreaField(_l("About the observed costs"),
                                       validators=[Length(max=MAX_TEXT)])
    version = HiddenField()


class ConclusionsForm(BaseForm):
    judged_success = RadioField(_l("Is the initiative judged a success?"),
                                choices=JUDGEMENT_CHOICES, default="")
    conclusion = TextAreaField(_l("Conclusion"), validators=[Length(max=MAX_TEXT)])
    causes = TextAreaField(_l("Successful and deficient components and their possible causes"),
                           validators=[Length(max=MAX_TEXT)])
    long_term_link = TextAreaField(_l("How the observed effects link to the long-term effects"),
                                   validators=[Length(max=MAX_TEXT)])
    lessons = TextAreaField(_l("Lessons"), validators=[Length(max=MAX_TEXT)])
    communication = TextAreaField(_l("How the results and lessons are communicated, and to "
                                     "whom"), validators=[Length(max=MAX_TEXT)])
    report_date = DateField(_l("Report date"), validators=[Optional()])
    version = HiddenField()
