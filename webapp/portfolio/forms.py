"""The filter of the balance and signals pages, read from the query string (no CSRF: GET)."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import SelectField
from wtforms.validators import ValidationError

from models import Fund
from webapp.forms import BaseForm, choices
from webapp.portfolio.charts import BUDGET, COUNT


class _Listed:
    """Refuse a value that is not among the field's choices, with ``message``."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field) -> None:
        if field.data not in {c.value for c in field.iter_choices()}:
            raise ValidationError(self.message)


class PortfolioFilterForm(BaseForm):
    class Meta:
        csrf = False

    fund = SelectField(_l("Fund"), validate_choice=False,
                       validators=[_Listed(_l("Choose one of the funds in the list."))])
    measure = SelectField(_l("Show"), validate_choice=False, validators=[_Listed(
        _l("Choose the number of initiatives or the budget request."))])

    @classmethod
    def from_request(cls, session: Session) -> tuple[PortfolioFilterForm, Fund | None, bool]:
        """The form bound to the query string, the fund chosen (None: all funds) and whether
        the filter is valid."""
        form = cls(formdata=request.args)
        funds = session.scalars(select(Fund).order_by(Fund.name, Fund.id)).all()
        form.fund.choices = choices([("", _l("All funds"))] + [(f.key, f.name) for f in funds])
        form.measure.choices = choices([(COUNT, _l("Number of initiatives")),
                                        (BUDGET, _l("Budget request"))])
        if not form.fund.data:
            form.fund.data = ""
        if not form.measure.data:
            form.measure.data = COUNT
        valid = form.validate()
        fund = next((f for f in funds if f.key == form.fund.data), None) if valid else None
        return form, fund, valid
