"""File downloads: spreadsheets sent as attachments, dated in the user's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO

from flask import Response, send_file
from flask_babel import to_user_timezone

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def local_today() -> date:
    """Return today's date where the user is (Europe/Stockholm by default)."""
    return to_user_timezone(datetime.now(UTC)).date()


def send_xlsx(data: bytes, filename: str) -> Response:
    """Send workbook bytes as a download that no cache keeps."""
    response = send_file(
        BytesIO(data), mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=filename
    )
    response.headers["Cache-Control"] = "no-store"
    return response
