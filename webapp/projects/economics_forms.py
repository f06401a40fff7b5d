"""Forms of a project's calculation and sensitivity pages.

Rates, variations and the Monte Carlo ranges are typed in per cent and kept as the fractions the
calculation uses (3,5 → 0.035; 120 → 1.2). ``PercentField`` divides by 100 exactly and leaves the
checks (at most 100 %, at most two decimals, the order of low, likely and high) to
``models.costs``, which names the field it refuses; so a refused value is shown under its own
field with the model's message, and the form validators only catch what cannot be read at all.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import Optional

from models.domain import N_
from models.domain import economics as ec
from webapp.forms import BaseForm
from webapp.forms.fields import parse_decimal

#: The three points of a triangular range, in the order they are typed.
BOUNDS = ("low", "likely", "high")
BOUND_LABELS = {
    "low": N_("%(parameter)s: lowest"),
    "likely": N_("%(parameter)s: most likely"),
    "high": N_("%(parameter)s: highest"),
}


class PercentField(StringField):
    """A number typed in per cent ("3,5", "3.5 %", "120") and kept as a fraction, exactly."""

    invalid_message = _l("Enter a number in per cent, for example 3,5 or 120.")

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return percent_input(self.data)

    def process_formdata(self, valuelist) -> None:
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        try:
            self.data = plain(parse_decimal(valuelist[0].replace("%", "")).scaleb(-2))
        except ValueError as exc:
            raise ValueError(str(self.invalid_message)) from exc


def plain(value: Decimal) -> Decimal:
    """``value`` without trailing zeros and never in exponent form (0.50 → 0.5, 1.00 → 1), so
    it is stored as it reads."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


def percent_input(fraction: Decimal) -> str:
    """A fraction as it is typed in per cent, without needless zeros: 0.035 → "3,5"."""
    return f"{plain(Decimal(fraction).scaleb(2)):f}".replace(".", ",")


class SettingsForm(BaseForm):
    """The calculation's settings; field names are ``models.costs.save_settings``' fields."""

    discount_rate = PercentField(_l("Discount rate (%)"))
    price_year = IntegerField(_l("Price year (optional)"), validators=[Optional()])
    sensitivity_factor = PercentField(_l("Variation in the sensitivity analysis (± %)"))
    version = HiddenField()


def _range_field(parameter: str, bound: str) -> PercentField:
    return PercentField(_l(BOUND_LABELS[bound], parameter=_l(ec.PARAMETER_LABELS[parameter])))


class MonteCarloForm(BaseForm):
    """The Monte Carlo's ranges, seed and draws. A range field is named ``<parameter>_<bound>``
    as ``models.costs.save_monte_carlo_settings`` names it when it refuses a value. People,
    unit costs and the duration are per cent of the assumed value; the discount rate is the rate
    in per cent."""

    people_low = _range_field(ec.PEOPLE, "low")
    people_likely = _range_field(ec.PEOPLE, "likely")
    people_high = _range_field(ec.PEOPLE, "high")
    unit_costs_low = _range_field(ec.UNIT_COSTS, "low")
    unit_costs_likely = _range_field(ec.UNIT_COSTS, "likely")
    unit_costs_high = _range_field(ec.UNIT_COSTS, "high")
    years_low = _range_field(ec.YEARS, "low")
    years_likely = _range_field(ec.YEARS, "likely")
    years_high = _range_field(ec.YEARS, "high")
    discount_rate_low = _range_field(ec.DISCOUNT_RATE, "low")
    discount_rate_likely = _range_field(ec.DISCOUNT_RATE, "likely")
    discount_rate_high = _range_field(ec.DISCOUNT_RATE, "high")
    seed = IntegerField(_l("Seed"), validators=[Optional()])
    draws = IntegerField(_l("Number of draws"), validators=[Optional()])
    version = HiddenField()

    def range_fields(self, parameter: str) -> list:
        """The low, likely and high fields of one parameter."""
        return [self[f"{parameter}_{bound}"] for bound in BOUNDS]

    def ranges(self) -> dict[str, list[Decimal | None]]:
        """The typed ranges as fractions, for ``save_monte_carlo_settings``."""
        return {parameter: [field.data for field in self.range_fields(parameter)]
                for parameter in ec.PARAMETERS}
