"""Forms of the evaluation-plan page: comparison alternative, its follow-up, guided questions,
expected effects and success criteria, power, evaluator.

Several forms share one page, so each has its own prefix (unique field ids and CSRF fields).
Proportions are typed as percentages ("55 %", "55") or decimals ("0,55") and held as fractions;
changes in a percentage are typed in percentage points ("−15") and held as fractions (−0.15).
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from models.design import EFFECT_BASES
from models.domain import designs
from models.domain import power as pw
from models.evaluation_plans import (
    BASIS_LABELS,
    EVALUATOR_KIND_LABELS,
    MAX_NAME,
    MAX_TEXT,
    OUTCOME_KIND_LABELS,
)
from webapp.forms import BaseForm, MeasureField, MoneyField, choices
from webapp.forms.fields import parse_decimal

#: Largest planned group accepted by the form.
MAX_GROUP = 10_000_000
MINUS_SIGNS = ("\u2212", "\u2013")


def _clean_number_text(text: str) -> str:
    for sign in MINUS_SIGNS:
        text = text.replace(sign, "-")
    return text


def points_to_fraction(value: Decimal) -> Decimal:
    """A change typed in percentage points as a fraction (−15 → −0.15); ValueError when it has
    more than two decimals (the fraction keeps four)."""
    fraction = (value / 100).normalize()
    if fraction.as_tuple().exponent < -4:
        raise ValueError(str(value))
    return fraction


def fraction_to_points(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return (value * 100).normalize()


class ProportionField(MeasureField):
    """A proportion typed as a percentage ("55 %" or "55") or a decimal ("0,55"); held as a
    fraction. A number above 1 without a per-cent sign is read as a percentage."""

    invalid_message = _l("Enter a percentage (55 %) or a decimal (0,55).")

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        text = _clean_number_text(valuelist[0])
        as_percent = "%" in text
        try:
            value = parse_decimal(text.replace("%", ""))
        except ValueError as exc:
            raise ValueError(str(self.invalid_message)) from exc
        if as_percent or value > 1:
            value = value / 100
        value = value.normalize()
        if value.as_tuple().exponent < -4:
            raise ValueError(str(_l("Use at most two decimals in per cent (four as a decimal).")))
        self.data = value

    def format_value(self, value: Decimal) -> str:
        return f"{(value * 100).normalize():f}".replace(".", ",") + " %"


class SignedField(MeasureField):
    """A signed change: negative for a decrease, positive for an increase. Accepts the minus
    sign (−) and a trailing per-cent sign or "pe"."""

    invalid_message = _l("Enter a number, negative for a decrease (for example −15 or 2,5).")

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0]:
            text = _clean_number_text(valuelist[0]).replace("%", "")
            text = text.removesuffix("pe").removesuffix("p.e.").strip()
            valuelist = [text]
        super().process_formdata(valuelist)


ALTERNATIVE_CHOICES = choices((a.key, _l(a.name)) for a in designs.ALTERNATIVES)
ANSWER_CHOICES = choices((key, _l(designs.ANSWER_LABELS[key])) for key in designs.ANSWERS)
OUTCOME_CHOICES = choices((key, _l(label)) for key, label in OUTCOME_KIND_LABELS.items())
BASIS_CHOICES = choices([("", _l("Not stated"))] + [
    (key, _l(BASIS_LABELS[key])) for key in EFFECT_BASES
])
EVALUATOR_CHOICES = choices([("", _l("Not decided"))] + [
    (key, _l(label)) for key, label in EVALUATOR_KIND_LABELS.items()
])


class ComparisonForm(BaseForm):
    comparison = RadioField(_l("Comparison alternative"), choices=ALTERNATIVE_CHOICES,
                            validators=[DataRequired(_l("Choose a comparison alternative."))])
    version = HiddenField()


def details_form_class(alternative: designs.ComparisonAlternative) -> type[BaseForm]:
    """A form with a text field for each thing ``alternative`` needs described."""
    attrs = {
        f.key: TextAreaField(_l(f.label), description=_l(f.help),
                             validators=[Length(max=MAX_TEXT)])
        for f in alternative.follow_up
    }
    attrs["version"] = HiddenField()
    return type("ComparisonDetailsForm", (BaseForm,), attrs)


def _questions_form() -> type[BaseForm]:
    attrs = {
        q.key: RadioField(_l(q.text), description=_l(q.help), choices=ANSWER_CHOICES,
                          default=designs.UNKNOWN)
        for q in designs.QUESTIONS
    }
    attrs["version"] = HiddenField()
    return type("QuestionsForm", (BaseForm,), attrs)


QuestionsForm = _questions_form()


class ExpectationRowForm(Form):
    """One outcome indicator's expected effect and success criterion (part of a larger form)."""

    expected_effect = SignedField(_l("Expected effect"))
    basis = SelectField(_l("Basis"), choices=BASIS_CHOICES)
    basis_note = TextAreaField(_l("Basis and local adaptations"),
                               validators=[Length(max=MAX_TEXT)])
    min_effect = SignedField(_l("Success criterion (smallest effect that counts as success)"))
    agreed_by = StringField(_l("Agreed by (owner and steering group)"),
                            validators=[Length(max=MAX_TEXT)])
    agreed_on = DateField(_l("Agreed on"), validators=[Optional()])
    version = HiddenField()


def row_name(indicator_id: int) -> str:
    return f"ind{indicator_id}"


class _RowsForm(BaseForm):
    """A form made of sub-forms, which take no filters (the rows' texts are stripped on
    saving)."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            return unbound_field.bind(form=form, **options)


def expectations_form_class(indicators) -> type[BaseForm]:
    """A form with one row (sub-form ``ind<id>``) per outcome indicator."""
    attrs = {row_name(i.id): FormField(ExpectationRowForm, label=f"{i.key}: {i.name}")
             for i in indicators}
    return type("ExpectationsForm", (_RowsForm,), attrs)


class PowerForm(BaseForm):
    outcome = RadioField(_l("Kind of outcome"), choices=OUTCOME_CHOICES, default=pw.PROPORTION,
                         validators=[DataRequired(_l("Choose a proportion or a mean."))])
    power_indicator = SelectField(_l("Indicator the calculation concerns"))
    baseline_proportion = ProportionField(_l("Baseline proportion"))
    sd = MeasureField(_l("Standard deviation (σ)"))
    expected_effect = SignedField(_l("Expected effect"))
    alpha = ProportionField(_l("Significance level (α)"), default=pw.DEFAULT_ALPHA)
    power = ProportionField(_l("Power (1 − β)"), default=pw.DEFAULT_POWER)
    n_intervention = IntegerField(
        _l("Planned intervention group (people)"),
        validators=[Optional(), NumberRange(0, MAX_GROUP)],
    )
    n_comparison = IntegerField(
        _l("Planned comparison group (people)"),
        validators=[Optional(), NumberRange(0, MAX_GROUP)],
    )
    version = HiddenField()


class EvaluatorForm(BaseForm):
    evaluator_kind = SelectField(_l("Evaluator"), choices=EVALUATOR_CHOICES)
    evaluator = StringField(_l("Name of the evaluator"), validators=[Length(max=MAX_NAME)])
    evaluator_contacted_on = DateField(_l("Evaluator contacted on"), validators=[Optional()])
    evaluation_budget = MoneyField(_l("Evaluation budget (kr)"), minimum=Decimal(0),
                                   maximum=Decimal("999999999999.99"))
    effect_measured_on = DateField(_l("Effects measured on"), validators=[Optional()])
    baseline_plan = TextAreaField(_l("Baseline measurement plan"),
                                  validators=[Length(max=MAX_TEXT)])
    version = HiddenField()
