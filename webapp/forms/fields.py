"""Fields for money (SEK), shares and keys that accept Swedish number formats."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from models.domain.keys import is_valid_key
from models.logic_models import measure_text


def choices(pairs) -> list[SelectChoice]:
    """Turn (value, label) pairs into select choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def parse_decimal(text: str) -> Decimal:
    """Parse '1 234 567,50', '1234567.50' or '12,5' into a Decimal; ValueError if not a number."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace("kr", "").replace("SEK", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


class _DecimalTextField(StringField):
    """A text input holding a Decimal, so Swedish decimal commas and spaces are accepted."""

    places = 2
    invalid_message = _l("Enter a number, for example 1 250 000 or 12,5.")

    def __init__(self, *args, minimum: Decimal | None = None, maximum: Decimal | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.minimum = minimum
        self.maximum = maximum

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return self.format_value(self.data)

    def format_value(self, value: Decimal) -> str:
        return f"{value:f}".replace(".", ",")

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        try:
            self.data = self.convert(parse_decimal(valuelist[0]))
        except ValueError as exc:
            raise ValueError(str(self.invalid_message)) from exc

    def convert(self, value: Decimal) -> Decimal:
        return value.quantize(Decimal(1).scaleb(-self.places))

    def pre_validate(self, form):
        if self.data is None:
            return
        if self.minimum is not None and self.data < self.minimum:
            raise ValidationError(_l("Must be at least %(n)s.", n=self.format_value(self.minimum)))
        if self.maximum is not None and self.data > self.maximum:
            raise ValidationError(_l("Must be at most %(n)s.", n=self.format_value(self.maximum)))


class MoneyField(_DecimalTextField):
    """An amount in SEK with öre."""

    places = 2

    def format_value(self, value: Decimal) -> str:
        whole = value.quantize(Decimal(1)) if value == value.to_integral() else value
        return f"{whole:f}".replace(".", ",")


class MeasureField(_DecimalTextField):
    """A measured value (baseline, target): up to four decimals, shown without trailing zeros."""

    places = 4
    invalid_message = _l("Enter a number with at most four decimals, for example 55 or 0,55.")

    def convert(self, value: Decimal) -> Decimal:
        if value.as_tuple().exponent < -self.places:
            raise ValueError(str(value))
        return value

    def format_value(self, value: Decimal) -> str:
        return measure_text(value).replace(".", ",")


class ShareField(_DecimalTextField):
    """A share entered in percent (70 or 70 %) and stored as a fraction (0.70)."""

    places = 4
    invalid_message = _l("Enter a percentage between 0 and 100, for example 70.")

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [valuelist[0].replace("%", "")]
        super().process_formdata(valuelist)
        if self.data is not None:
            self.data = (self.data / 100).quantize(Decimal("0.0001"))

    def format_value(self, value: Decimal) -> str:
        pct = (value * 100).normalize()
        return f"{pct:f}".replace(".", ",")

    def pre_validate(self, form):
        if self.data is not None and not (0 <= self.data <= 1):
            raise ValidationError(_l("Enter a percentage between 0 and 100."))


class KeyField(StringField):
    """A short key used in exports: lower-case letters, digits and hyphens."""

    def pre_validate(self, form):
        if self.data and not is_valid_key(self.data):
            raise ValidationError(
                _l("Use lower-case letters a–z, digits and hyphens (at most 60 characters).")
            )
