"""Forms of the fund page: ledger entries and planned flows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from webapp.forms import BaseForm, MoneyField, choices

ENTRY_KINDS = choices([
    ("allocation", _l("Allocation (decided amount)")),
    ("disbursement", _l("Disbursement (paid out)")),
    ("repayment", _l("Repayment (returned to the fund)")),
])
PLAN_KINDS = choices([
    ("disbursement", _l("Disbursement (paid out)")),
    ("repayment", _l("Repayment (returned to the fund)")),
])


def _project_id(value):
    return int(value) if value not in (None, "", "None") else None


class EntryForm(BaseForm):
    kind = SelectField(_l("Kind"), choices=ENTRY_KINDS, validators=[DataRequired()])
    on = DateField(_l("Date"), validators=[DataRequired()], default=date.today)
    amount = MoneyField(_l("Amount (SEK)"), validators=[DataRequired()],
                        minimum=Decimal("0.01"))
    project_id = SelectField(_l("Initiative"), coerce=_project_id)
    note = TextAreaField(_l("Note (e.g. the decision's number)"), validators=[Length(max=2000)])
    override = BooleanField(_l("Allocate more than the fund has available (coordinator's "
                               "decision)"))
    reason = TextAreaField(_l("Reason for allocating beyond the available money"),
                           validators=[Length(max=2000)])


class PlanForm(BaseForm):
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(1900, 2200)])
    kind = SelectField(_l("Kind"), choices=PLAN_KINDS, validators=[DataRequired()])
    amount = MoneyField(_l("Amount (SEK)"), validators=[DataRequired()],
                        minimum=Decimal("0.01"))
    project_id = SelectField(_l("Initiative"), coerce=_project_id)
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])
