"""Every spreadsheet kinerja writes or reads goes through here (docs/security.md).

Writing: text that a spreadsheet program would read as a formula stays text.

- XLSX: openpyxl stores a string starting with "=" as a formula cell. ``workbook_bytes``
  turns every such cell of every sheet back into a text cell just before saving, so the
  file holds exactly the text kinerja has (a name "=1+1" is shown as "=1+1", never
  computed, and reads back unchanged).
- CSV: a CSV cell has no type; Excel and LibreOffice evaluate a cell starting with
  ``= + - @`` (and, after trimming, a tab or carriage return). ``csv_cell`` prefixes such
  text with an apostrophe (the usual "this is text" mark), unless the text is a genuine
  number ("-12,5", "+3", "1e-3"), which stays as it is.

Reading: ``open_workbook`` opens an uploaded XLSX with openpyxl, which parses its XML with
defusedxml (a dependency of kinerja), so a workbook with entity declarations ("billion
laughs", external entities) is refused with ``WorkbookError`` instead of expanding.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import TYPE_CHECKING
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError
from zipfile import BadZipFile

from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _

# openpyxl is imported where a workbook is made or read, not here: it imports numpy, a
# third of a second of every kinerja process's start (web workers, commands), and most
# processes never touch a workbook (docs/performance.md, session 9).
if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = [
    "FORMULA_PREFIXES",
    "bold_header",
    "column_letter",
    "CsvError",
    "csv_reader",
    "UNSAFE_XML",
    "WorkbookError",
    "csv_cell",
    "csv_row",
    "csv_text",
    "declares_entities",
    "is_formula_text",
    "neutralise_formulas",
    "new_workbook",
    "open_workbook",
    "workbook_bytes",
]

# What makes a spreadsheet program read a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d[\d.,]*|[.,]\d+)([eE][+-]?\d+)?")
# Errors of a workbook whose XML declares entities or is not XML at all.
UNSAFE_XML = (DefusedXmlException, ParseError, ExpatError)


def is_formula_text(value) -> bool:
    """True for text a spreadsheet would evaluate: starting with = + - @ tab or CR, and
    not a plain number."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _NUMBER.fullmatch(value)
    )


def csv_cell(value) -> str:
    """``value`` (already text, or None) as a CSV cell no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if is_formula_text(text) else text


def csv_row(values) -> list[str]:
    return [csv_cell(value) for value in values]


def csv_text(cell: str) -> str:
    """A CSV cell as ``csv_cell`` was given it: the apostrophe it added is dropped, so a
    file kinerja exported reads back with the same text."""
    if cell.startswith("'") and is_formula_text(cell[1:]):
        return cell[1:]
    return cell


def neutralise_formulas(book: Workbook) -> int:
    """Every formula cell of ``book`` becomes a text cell with the same text; the number
    of cells changed. kinerja never writes a formula on purpose."""
    changed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    changed += 1
    return changed


def new_workbook() -> Workbook:
    """An empty openpyxl workbook (one sheet), for the exports."""
    from openpyxl import Workbook

    return Workbook()


def bold_header(sheet, row: int = 1) -> None:
    """The cells of ``row`` (the header row) of ``sheet`` in bold."""
    from openpyxl.styles import Font

    for cell in sheet[row]:
        cell.font = Font(bold=True)


def column_letter(index: int) -> str:
    """The spreadsheet letter of the 1-based column ``index`` (1 → A, 27 → AA)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes, without any formula cell."""
    neutralise_formulas(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class CsvError(ValueError):
    """A CSV file the csv module cannot read; the message names the line."""


def csv_reader(text: str, delimiter: str = ","):
    """The rows of ``text`` (csv.reader), with a located ``CsvError`` instead of the csv
    module's own error (a field over the size limit, a stray quote ...)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvError(f"baris {reader.line_num}: {_csv_reason(exc)}") from None
        yield row


def _csv_reason(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return _(
            "sel lebih panjang dari %(limit)s karakter; ini bukan berkas yang dibaca kinerja"
        ) % {"limit": csv.field_size_limit()}
    return str(exc)


class WorkbookError(Exception):
    """An uploaded file that is not a workbook kinerja reads (the message says why);
    ``unsafe`` when its XML declares entities (an XML bomb or external entity)."""

    def __init__(self, message: str, unsafe: bool = False):
        super().__init__(message)
        self.unsafe = unsafe


def open_workbook(data: bytes, *, read_only: bool = True, data_only: bool = True) -> Workbook:
    """An uploaded XLSX opened safely, or ``WorkbookError``."""
    from openpyxl import load_workbook
    from openpyxl import xml as openpyxl_xml
    from openpyxl.utils.exceptions import InvalidFileException

    if not openpyxl_xml.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise WorkbookError("defusedxml is not installed: uploaded workbooks cannot be read")
    try:
        _refuse_dtd(data)
        return load_workbook(io.BytesIO(data), read_only=read_only, data_only=data_only)
    except UNSAFE_XML as exc:
        raise WorkbookError(unsafe_message(exc), unsafe=True) from exc
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        cause = exc.__cause__ or exc.__context__  # openpyxl wraps the parser's error
        if isinstance(cause, UNSAFE_XML):
            raise WorkbookError(unsafe_message(cause), unsafe=True) from exc
        raise WorkbookError(_("bukan buku kerja XLSX: %(error)s") % {"error": exc}) from exc


_DTD_MARKS = tuple(
    mark.encode(encoding)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_CHUNK = 1 << 16


def _refuse_dtd(data: bytes) -> None:
    """Refuse a package whose parts declare a DTD. Excel never writes one, and openpyxl
    parses the sheets of a read-only workbook lazily (while rows are read), so every part
    is checked here before any is parsed; defusedxml still guards the parser itself."""
    overlap = max(len(mark) for mark in _DTD_MARKS)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            with package.open(info) as part:
                tail = b""
                while chunk := part.read(_CHUNK):
                    window = tail + chunk
                    if any(mark in window for mark in _DTD_MARKS):
                        raise DefusedXmlException(f"{info.filename} declares a DTD")
                    tail = window[-overlap:]


def declares_entities(data: bytes) -> bool:
    """True when a part of the XLSX package ``data`` declares a DTD (refused by
    ``open_workbook``); for the upload forms' content check."""
    try:
        _refuse_dtd(data)
    except DefusedXmlException:
        return True
    except (BadZipFile, OSError, ValueError):
        return False  # not a package: the caller's own checks say so
    return False


def unsafe_message(exc: Exception) -> str:
    return _(
        "XML buku kerja ini mendeklarasikan entitas atau rusak, dan kinerja menolaknya "
        "(kemungkinan bom XML atau entitas eksternal): %(error)s"
    ) % {"error": type(exc).__name__}
