"""Tables as CSV or XLSX downloads: one place for encoding and formula safety."""

import csv
import io
import re

from django.http import HttpResponse
from openpyxl import Workbook

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell starting with one of these is run as a formula by spreadsheet programs; names and
# organisation names are typed by people, so they are written as text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def as_csv(table: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([_safe(cell) for cell in row] for row in table)
    # A byte-order mark, so spreadsheet programs read the Korean as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(table: list[list], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    # Sheet names may not hold []:*?/\ and are at most 31 characters long.
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Sheet"
    for row in table:
        sheet.append([_safe(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(table: list[list], *, file_format: str, filename: str, title: str) -> HttpResponse:
    """The table as an attachment named `filename.<format>`."""
    body = as_csv(table) if file_format == "csv" else as_xlsx(table, title)
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
