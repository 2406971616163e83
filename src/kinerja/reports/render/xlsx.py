"""A report ``Document``'s tables as an Excel workbook (openpyxl).

Only tables are exported, one sheet each, after a first sheet "Isi" that lists every
table's label with a link to its sheet. On a table's sheet:

- row 1: the table label ("Tabel 1.1 Capaian Kinerja Tahun 2023"), bold;
- row 2: blank;
- row 3: the column titles, bold on a fill; panes are frozen below it;
- then the rows, the total row (bold) and, after a blank row, the note.

Numbers are real numbers, so that they can be summed and charted. This module is the
boundary where a ``Decimal`` may become a ``float``: Excel stores doubles anyway. Each
value is first rounded half-up to the places the report prints (``round_half_up``, the
rounding of ``cell_text``), so the cell shows exactly the report's figure in any
spreadsheet program, whatever its own rounding of binary floats; integers stay ``int``.

Number formats by column kind:

- INTEGER, MONEY: ``#,##0``
- NUMBER: ``#,##0.00`` (as many places as the column has)
- PERCENT: ``#,##0.00" %"``. The cell holds the percentage itself (177.78 for 177,78 %),
  not the fraction 1.7778 with Excel's ``0.00%`` format: the number in the cell is the
  number printed in the report and in kinerja's calculations (capaian is a percentage
  throughout), and the report writes "177,78 %" with a space, which ``%`` cannot.
- TEXT: text; a missing value (``None``) is the report's "–" in any column.

The formats are stored in Excel's standard, locale-independent notation ("," groups
thousands, "." marks decimals): a spreadsheet opened in an Indonesian locale shows
"31.046.000" and "177,78 %", like the report; elsewhere it uses that locale's separators.
"""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from kinerja.core.numbers import round_half_up, to_decimal
from kinerja.core.spreadsheets import workbook_bytes
from kinerja.reports.document import Column, Document, Kind, Table, Value, table_label

__all__ = ["INDEX_SHEET", "cell_value", "number_format", "render_xlsx", "sheet_names"]

INDEX_SHEET = "Isi"
MAX_SHEET_NAME = 31
MISSING = "–"  # what cell_text shows for None

# Characters Excel refuses in a sheet name, and control characters.
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
# Names Excel reserves or that this workbook already uses, compared case-insensitively.
_RESERVED = {INDEX_SHEET.casefold(), "history"}

HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1
MIN_WIDTH, MAX_WIDTH = 6, 60

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=12)
_NOTE = Font(italic=True)
_HEADER_FILL = PatternFill("solid", fgColor="E7EBF0")
_THIN = Side(style="thin", color="7F7F7F")
_HEADER_BORDER = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
_TOTAL_BORDER = Border(top=Side(style="thin", color="000000"))
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right")


def render_xlsx(document: Document) -> bytes:
    """The document's tables as an .xlsx file (bytes)."""
    tables = document.tables()
    names = sheet_names(tables)

    workbook = Workbook()
    index = workbook.active
    index.title = INDEX_SHEET
    _write_index(index, document, tables, names)
    for table, name in zip(tables, names, strict=True):
        _write_table(workbook.create_sheet(name), table)

    properties = workbook.properties
    properties.title = f"{document.title} {document.unit_name} {document.year}".strip()
    properties.creator = document.unit_name
    properties.language = document.language
    return workbook_bytes(workbook)  # text starting with "=" stays text


def sheet_names(tables: list[Table]) -> list[str]:
    """One valid, unique sheet name per table, from its key ("achievement", "t-2" …).

    Excel names are at most 31 characters, without ``[]:*?/\\``, not starting or ending
    with an apostrophe, and unique regardless of case; a clash gets "-2", "-3" ….
    """
    used = set(_RESERVED)
    names = []
    for table in tables:
        base = _INVALID_SHEET_CHARS.sub("", table.key).strip().strip("'").strip()
        base = base[:MAX_SHEET_NAME] or "Tabel"
        name, counter = base, 1
        while name.casefold() in used:
            counter += 1
            suffix = f"-{counter}"
            name = base[: MAX_SHEET_NAME - len(suffix)].rstrip("'") + suffix
        used.add(name.casefold())
        names.append(name)
    return names


def number_format(column: Column) -> str:
    """The Excel number format of a column (standard notation, see the module doc)."""
    if column.kind in (Kind.INTEGER, Kind.MONEY):
        return "#,##0"
    if column.kind in (Kind.NUMBER, Kind.PERCENT):
        pattern = "#,##0" + ("." + "0" * column.places if column.places > 0 else "")
        return pattern + '" %"' if column.kind is Kind.PERCENT else pattern
    return "General"


def _places(column: Column) -> int:
    return 0 if column.kind in (Kind.INTEGER, Kind.MONEY) else column.places


def cell_value(value: Value, column: Column) -> str | int | float:
    """The value as a spreadsheet cell: rounded like ``cell_text``, as a number."""
    if value is None:
        return MISSING
    if column.kind is Kind.TEXT or isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return value
    places = _places(column)
    rounded = round_half_up(to_decimal(value), places)
    return int(rounded) if places == 0 else float(rounded)


def _write_index(sheet: Worksheet, document: Document, tables, names) -> None:
    title = " · ".join(p for p in (document.title, document.unit_name, str(document.year)) if p)
    sheet["A1"] = title
    sheet["A1"].font = _TITLE
    for col, heading in enumerate(("Tabel", "Lembar"), start=1):
        cell = sheet.cell(HEADER_ROW, col, heading)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _HEADER_BORDER
    for row, (table, name) in enumerate(zip(tables, names, strict=True), start=FIRST_DATA_ROW):
        location = f"{quote_sheetname(name)}!A1"
        for col, text in enumerate((table_label(table), name), start=1):
            cell = sheet.cell(row, col, text)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=location, display=text)
            cell.style = "Hyperlink"
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, 1)
    _set_widths(
        sheet,
        [
            max([len("Tabel"), *(len(table_label(table)) for table in tables)]),
            max([len("Lembar"), *(len(name) for name in names)]),
        ],
    )


def _write_table(sheet: Worksheet, table: Table) -> None:
    columns = table.columns
    sheet["A1"] = table_label(table)
    sheet["A1"].font = _TITLE

    widths = [len(column.title) for column in columns]
    formats = [number_format(column) for column in columns]
    for col, column in enumerate(columns, start=1):
        cell = sheet.cell(HEADER_ROW, col, column.title)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cell.border, cell.alignment = _HEADER_BORDER, _HEADER_ALIGN

    def write_row(row: int, values: list[Value], bold: bool = False) -> None:
        if len(values) != len(columns):
            raise ValueError(
                f"table {table.key!r}: a row has {len(values)} values for {len(columns)} columns"
            )
        for col, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
            content = cell_value(value, column)
            cell = sheet.cell(row, col, content)
            widths[col - 1] = max(widths[col - 1], _display_width(value, column))
            if column.kind is not Kind.TEXT:
                if not isinstance(content, str):
                    cell.number_format = formats[col - 1]
                cell.alignment = _RIGHT  # also for "–" and text in a numeric column
            if bold:
                cell.font, cell.border = _BOLD, _TOTAL_BORDER

    row = FIRST_DATA_ROW
    for values in table.rows:
        write_row(row, values)
        row += 1
    if table.total is not None:
        write_row(row, table.total, bold=True)
        row += 1
    if table.note:
        sheet.cell(row + 1, 1, table.note).font = _NOTE

    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, 1)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    _set_widths(sheet, widths)


def _display_width(value: Value, column: Column) -> int:
    """Characters the cell shows (Excel's column width unit is about one digit)."""
    if value is None:
        return 1
    if column.kind is Kind.TEXT or isinstance(value, str):
        return max((len(line) for line in str(value).splitlines()), default=0)
    # Digits, plus thousands separators, plus the decimal part and the " %" suffix.
    number = round_half_up(to_decimal(value), _places(column))
    digits = len(str(abs(int(number))))
    width = digits + (digits - 1) // 3 + (number < 0)
    if _places(column):
        width += 1 + _places(column)
    if column.kind is Kind.PERCENT:
        width += 2
    return width


def _set_widths(sheet: Worksheet, widths: list[int]) -> None:
    for col, width in enumerate(widths, start=1):
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
