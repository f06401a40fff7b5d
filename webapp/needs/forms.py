"""Forms of the needs analysis."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from models.domain.labels import (
    DIMENSION_LABELS,
    NEED_STATUS_LABELS,
    QUALITATIVE_METHOD_LABELS,
    RAISED_BY_LABELS,
    SOURCE_KIND_LABELS,
    SOURCE_LEVEL_LABELS,
)
from webapp.forms import BaseForm, MeasureField, choices


def _choices(labels: dict[str, str], *, empty: bool = False):
    pairs = [(key, _l(label)) for key, label in labels.items()]
    return choices(([("", _l("Not stated"))] if empty else []) + pairs)


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class NeedAreaForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    outcome = TextAreaField(_l("Outcome that must improve"), validators=[Length(max=5000)])
    description = TextAreaField(_l("Description"), validators=[Length(max=20000)])
    target_group = TextAreaField(_l("Idea of a target group"), validators=[Length(max=5000)])
    raised_by_kind = SelectField(_l("Raised by (kind)"), choices=_choices(RAISED_BY_LABELS,
                                                                            empty=True))
    raised_by = StringField(_l("Raised by (who)"), validators=[Length(max=200)])
    department_id = SelectField(_l("Department"), coerce=_int_or_none)
    status = SelectField(_l("Status"), choices=_choices(NEED_STATUS_LABELS))
    version = HiddenField()


class IndicatorForm(BaseForm):
    name = StringField(_l("Indicator"), validators=[DataRequired(), Length(max=200)])
    unit = StringField(_l("Unit"), validators=[Length(max=40)])
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(1900, 2100)])
    value = MeasureField(_l("Value"))
    comparison_value = MeasureField(_l("Comparison value"))
    comparison_label = StringField(_l("Compared with"), validators=[Length(max=200)])
    source = TextAreaField(_l("Source"), validators=[Length(max=2000)])
    version = HiddenField()


class BreakdownForm(BaseForm):
    dimension = SelectField(_l("Background factor"), choices=_choices(DIMENSION_LABELS))
    category = StringField(_l("Category"), validators=[DataRequired(), Length(max=100)])
    value = MeasureField(_l("Value"), validators=[DataRequired()])


class DataSourceForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=_choices(SOURCE_KIND_LABELS))
    holder = StringField(_l("Held by"), validators=[Length(max=200)])
    level = SelectField(_l("Level of the data"), choices=_choices(SOURCE_LEVEL_LABELS,
                                                                   empty=True))
    legal_limits = TextAreaField(_l("Legal limits on combining the data"),
                                 validators=[Length(max=5000)])
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])
    version = HiddenField()


class QualitativeSourceForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    method = SelectField(_l("Method"), choices=_choices(QUALITATIVE_METHOD_LABELS))
    conducted_on = DateField(_l("Date"), validators=[Optional()])
    participants = StringField(_l("Participants"), validators=[Length(max=500)])
    summary = TextAreaField(_l("Summary"), validators=[Length(max=20000)])
    version = HiddenField()


UPLOAD_HINT = _l("CSV (from Excel, separated by semicolons or commas) or Excel (.xlsx).")


class IndicatorImportForm(BaseForm):
    file = FileField(_l("File"), validators=[FileRequired()])


class SesForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(1900, 2100)])
    outcome_label = StringField(_l("Outcome per area"), validators=[Length(max=200)])
    file = FileField(_l("Table of areas"), validators=[FileRequired()])
    geojson = FileField(_l("Area boundaries (GeoJSON, optional)"))
    name_property = StringField(_l("Property naming the area in the GeoJSON"),
                                validators=[Length(max=100)], default="name")


class FlowForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    period = StringField(_l("Period"), validators=[Length(max=100)])
    file = FileField(_l("Placement events"), validators=[FileRequired()])
