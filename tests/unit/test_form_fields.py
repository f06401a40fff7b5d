"""Swedish number input: money with spaces and decimal commas, shares in percent."""

from decimal import Decimal

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from webapp.forms.fields import parse_decimal


@pytest.mark.parametrize(("text", "value"), [
    ("1 234 567,50", Decimal("1234567.50")),
    ("1\u00a0500\u00a0000 kr", Decimal("1500000")),
    ("1234567.50", Decimal("1234567.50")),
    ("12,5", Decimal("12.5")),
    ("1,234,567.5", Decimal("1234567.5")),
    ("-3", Decimal("-3")),
])
def test_parse_decimal_accepts_swedish_and_plain_forms(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["mycket", "1,2,3", "NaN", "Infinity", ""])
def test_parse_decimal_refuses_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


def _form(data):
    from webapp.forms import BaseForm, MoneyField, ShareField

    class Form(BaseForm):
        class Meta:
            csrf = False

        amount = MoneyField("Amount", minimum=Decimal(0))
        share = ShareField("Share")

    app = Flask(__name__)
    app.config["SECRET_KEY"] = "x"
    with app.test_request_context():
        form = Form(formdata=MultiDict(data))
        return form, form.validate()


def test_money_field_keeps_ore_and_refuses_negative_amounts():
    form, ok = _form({"amount": "1 500 000,5", "share": "70"})
    assert ok and form.amount.data == Decimal("1500000.50")
    assert form.share.data == Decimal("0.7000")
    form, ok = _form({"amount": "-1", "share": "70"})
    assert not ok and form.amount.errors


def test_share_field_refuses_more_than_one_hundred_percent():
    form, ok = _form({"amount": "1", "share": "120 %"})
    assert not ok and form.share.errors
