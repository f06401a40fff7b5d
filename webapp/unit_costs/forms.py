"""Forms of the unit-cost library: an item, the import, the optimism reductions, the price index.

The forms check only what the browser can get wrong (lengths, numbers, a file chosen);
``models.costs`` decides what is acceptable and its refusals are shown at the field they name.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from models.costs import GRADE_LABELS, MAX_NAME, MAX_TEXT, MAX_UNIT
from models.domain.economics import GRADES
from webapp.forms import BaseForm, MoneyField, ShareField, choices

CONFIDENCE_CHOICES = choices([("", _l("Not graded"))]
                             + [(grade, _l(label)) for grade, label in GRADE_LABELS.items()])


class UnitCostForm(BaseForm):
    """One item of the library; ``version`` refuses a save based on an older version."""

    key = StringField(_l("Key"), validators=[Length(max=60)])
    name = StringField(_l("Name"), validators=[Length(max=MAX_NAME)])
    unit = StringField(_l("Unit"), validators=[Length(max=MAX_UNIT)])
    amount = MoneyField(_l("Amount (SEK)"))
    price_year = IntegerField(_l("Price year"), validators=[Optional()])
    local_amount = MoneyField(_l("Local amount (SEK)"))
    confidence = SelectField(_l("Confidence grade"), choices=CONFIDENCE_CHOICES)
    source = TextAreaField(_l("Source"), validators=[Length(max=MAX_TEXT)])
    note = TextAreaField(_l("Note"), validators=[Length(max=MAX_TEXT)])
    version = HiddenField()


class ImportForm(BaseForm):
    file = FileField(_l("CSV or Excel file"), validators=[FileRequired()])


class GradeShareField(ShareField):
    """The share removed for one grade, in per cent; a refusal names the grade."""

    def __init__(self, *args, grade: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.grade = grade

    def pre_validate(self, form):
        if self.data is not None and not (0 <= self.data <= 1):
            raise ValidationError(_l("The reduction for grade %(grade)s must be between 0 and "
                                     "100 %%.", grade=self.grade))


class OptimismForm(BaseForm):
    """The reduction and a note per grade (fields ``grade_A`` … and ``note_A`` …).

    ``state`` is a fingerprint of the table as it was shown, so a save based on values someone
    else has changed since is refused.
    """

    state = HiddenField()


for _grade in GRADES:
    setattr(OptimismForm, f"grade_{_grade}", GradeShareField(
        _l("Share removed for grade %(grade)s (per cent)", grade=_grade), grade=_grade,
        validators=[InputRequired(message=_l("Enter the share removed for grade %(grade)s.",
                                             grade=_grade))]))
    setattr(OptimismForm, f"note_{_grade}", TextAreaField(
        _l("Why this reduction for grade %(grade)s", grade=_grade),
        validators=[Length(max=MAX_TEXT)]))


class PriceIndexForm(BaseForm):
    """Carries the CSRF token and ``state`` (the index as shown); the rows are read by the view,
    since their number changes."""

    state = HiddenField()
