"""Excel exports: the portfolio workbook and the decision material of one project."""

from exporters.xlsx_common import clean_text, put, stream_value
from exporters.xlsx_portfolio import build_portfolio_workbook
from exporters.xlsx_project import build_project_workbook

__all__ = [
    "build_portfolio_workbook",
    "build_project_workbook",
    "clean_text",
    "put",
    "stream_value",
]
