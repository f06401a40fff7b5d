"""Base form: CSRF from Flask-WTF, surrounding whitespace stripped from every text field."""

from __future__ import annotations

from flask_wtf import FlaskForm


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", ()))
            filters.insert(0, _strip)
            return unbound_field.bind(form=form, filters=filters, **options)


class ButtonForm(BaseForm):
    """An empty form that carries the CSRF token for POST-only buttons."""
