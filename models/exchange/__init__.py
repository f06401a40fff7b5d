"""The satsa/1 exchange format: export, validate and import whole portfolios or single projects."""

from models.exchange.errors import ExchangeError, ValidationError
from models.exchange.export import export_document
from models.exchange.importer import ImportSummary, import_document
from models.exchange.parse import parse_document
from models.exchange.validate import validate_document

__all__ = [
    "ExchangeError",
    "ImportSummary",
    "ValidationError",
    "export_document",
    "import_document",
    "parse_document",
    "validate_document",
]
