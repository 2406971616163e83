"""Editing a downloaded workbook the way a user would in Excel (tests only)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def edit_cell(data: bytes, sheet: str, code: str, column, value, bound=None) -> bytes:
    """The workbook with one cell changed: the row of indicator ``code`` (and ``bound``,
    for a range indicator), the column headed ``column``."""
    book = load_workbook(io.BytesIO(data))
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    col = header.index(column) + 1
    for row in ws.iter_rows(min_row=2):
        if row[0].value == code and (bound is None or row[3].value == bound):
            ws.cell(row=row[0].row, column=col).value = value  # None clears it
            break
    else:
        raise AssertionError(f"no row {code} on {sheet}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cell(data: bytes, sheet: str, code: str, column):
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    col = list(rows[0]).index(column)
    return next(r[col] for r in rows[1:] if r[0] == code)


def upload(data: bytes, name: str = "berkas.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def row_number(data: bytes, sheet: str, code: str) -> int:
    book = load_workbook(io.BytesIO(data), read_only=True)
    for number, row in enumerate(book[sheet].iter_rows(values_only=True), start=1):
        if row[0] == code:
            return number
    raise AssertionError(code)
