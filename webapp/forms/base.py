"""Base form: CSRF from Flask-WTF, surrounding whitespace stripped from every text field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FieldList, FormField


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            # Lists of sub-forms and sub-forms take no filters; their own fields strip.
            if issubclass(unbound_field.field_class, FieldList | FormField):
                return unbound_field.bind(form=form, **options)
            filters = list(unbound_field.kwargs.get("filters", ()))
            filters.insert(0, _strip)
            return unbound_field.bind(form=form, filters=filters, **options)


def versioned_form(form_class: type[BaseForm], obj=None) -> BaseForm:
    """Bind ``form_class`` to the request; on GET fill it from ``obj`` and carry its version.

    The version travels in a hidden field so that a save based on an older version is refused.
    """
    from flask import request

    if request.method != "GET":
        return form_class()
    form = form_class(obj=obj)
    if obj is not None:
        form.version.data = str(obj.version)
    return form


class ButtonForm(BaseForm):
    """An empty form that carries the CSRF token for POST-only buttons."""
