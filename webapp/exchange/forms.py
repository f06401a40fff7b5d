"""The upload form of the JSON import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from webapp.forms import BaseForm


class ImportForm(BaseForm):
    file = FileField(_l("JSON file (satsa/1)"),
                     validators=[FileRequired(_l("Choose a JSON file to import."))])
