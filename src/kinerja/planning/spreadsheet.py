"""Renstra targets and a year's realizations as XLSX workbooks: the pre-filled download,
the reading of an uploaded copy, and the safe keeping of an upload between its dry run
and its confirmation.

The layout is a documented interface (docs/planning-screens.md): a first sheet
``Petunjuk`` with the rules and the file's identity (which unit, which Renstra version or
year it was made for), then one data sheet, ``Target`` or ``Realisasi``, whose first row
names the columns. Numbers are written as numbers; "N/A" (a target not set) is text.

This module only reads cells into values and names every problem by sheet, row and
column ("lembar Target, baris 7, kolom 2023: …", the form of ``sources.tabular``); what
the values mean against the stored data is decided in ``services``. Cells are read with
``sources.tabular.coerce``, so "53,3", "1.234,5" and 53.3 all read as the same number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re
import secrets
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core import storage
from kinerja.core.forms import number_text_message
from kinerja.core.numbers import decimal_str, round_half_up
from kinerja.core.spreadsheets import (
    WorkbookError,
    bold_header,
    column_letter,
    declares_entities,
    new_workbook,
    open_workbook,
    workbook_bytes,
)
from kinerja.datasets.errors import Problem
from kinerja.measurement.choices import Period
from kinerja.planning.choices import Frequency
from kinerja.sources.tabular import Unreadable, coerce, describe_cell, excel_value

if TYPE_CHECKING:  # openpyxl itself is imported when a workbook is made (core.spreadsheets)
    from openpyxl import Workbook

logger = logging.getLogger(__name__)

# -- the interface ----------------------------------------------------------------------
README_SHEET = "Petunjuk"
TARGET_SHEET = "Target"
REALIZATION_SHEET = "Realisasi"
ELEMENT_SHEET = "Elemen data"  # a unit's data elements (measurement.DataElement), optional

KIND_TARGETS = "target-renstra"
KIND_REALIZATIONS = "realisasi"

CODE = "Kode"
NAME = "Indikator"
ELEMENT_NAME = "Elemen data"
UNIT = "Satuan"
BOUND = "Batas"
METHOD = "Metode"
LOWER, UPPER = "bawah", "atas"  # the two rows of a range indicator
NA = "N/A"
PERIOD_COLUMNS = {
    "Tahunan": Period.YEAR,
    "TW1": Period.Q1,
    "TW2": Period.Q2,
    "TW3": Period.Q3,
    "TW4": Period.Q4,
}
# The semesters of indicators reported per semester (``Indicator.frequency``): written in
# a realization workbook when one of its indicators is semiannual, read whenever present.
SEMESTER_COLUMNS = {"S1": Period.S1, "S2": Period.S2}
COLUMN_OF_PERIOD = {
    period: title for title, period in {**PERIOD_COLUMNS, **SEMESTER_COLUMNS}.items()
}

# The identity block of the Petunjuk sheet: label in column A, value in column B.
ID_KIND = "Jenis berkas"
ID_UNIT = "Kode unit"
ID_PLAN = "Kode Renstra"
ID_VERSION = "Versi Renstra"
ID_YEAR = "Tahun"

# Limits: a unit's targets or realizations fit in a few kilobytes; anything far above
# that is a wrong file or an attempt to exhaust memory (a zip bomb unpacks to gigabytes).
MAX_UPLOAD_BYTES = 2 * 2**20
MAX_UNPACKED_BYTES = 40 * 2**20
MAX_ROWS = 2_000
MAX_PLACES = 6  # the measure columns' decimals (core.models.MEASURE_PLACES)
MAX_DIGITS = 18  # before the point


class Mark(Enum):
    """A cell that holds no number: empty, or "N/A" (a target deliberately not set)."""

    BLANK = "blank"
    NA = "na"


# A target without a number, as the workbook writes it (planning.choices.TargetKind).
KIND_WORDS = {
    "tidak tercantum": "not_stated",
    "not_stated": "not_stated",
    "meningkat": "increase",
    "increase": "increase",
    "menurun": "decrease",
    "decrease": "decrease",
}
KIND_TEXT = {"not_stated": "Tidak tercantum", "increase": "Meningkat", "decrease": "Menurun"}


@dataclass(frozen=True)
class KindCell:
    """A target cell holding a word instead of a number ("Menurun", "Tidak tercantum")."""

    kind: str


CellValue = Decimal | Mark | KindCell


@dataclass
class SheetRow:
    """One data row: the indicator code, the bound (targets of a range indicator) and
    the cells by column key (a year, or a ``Period``)."""

    sheet: str
    number: int
    code: str
    bound: str
    cells: dict  # key → CellValue
    columns: dict  # key → the header as written, for messages

    def place(self, column: str | None = None) -> str:
        return place(self.sheet, self.number, column)


def place(sheet: str, row: int | None = None, column: str | None = None) -> str:
    if row is None:
        return _("lembar %(sheet)s") % {"sheet": sheet}
    if column is None:
        return _("lembar %(sheet)s, baris %(row)s") % {"sheet": sheet, "row": row}
    return _("lembar %(sheet)s, baris %(row)s, kolom %(column)s") % {
        "sheet": sheet,
        "row": row,
        "column": column,
    }


# ======================================================================================
# Is it an XLSX workbook at all?
# ======================================================================================
def check_xlsx(data: bytes) -> str | None:
    """Why ``data`` is not an XLSX workbook we will open, or None. Judged by content,
    never by the file name: an XLSX file is a ZIP package holding the workbook part."""
    if not data:
        return _("Berkas kosong.")
    if len(data) > MAX_UPLOAD_BYTES:
        return _("Berkas terlalu besar (%(size)s KB); batasnya %(limit)s KB.") % {
            "size": len(data) // 1024,
            "limit": MAX_UPLOAD_BYTES // 1024,
        }
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return _("Ini berkas Excel lama (.xls); simpan sebagai .xlsx lalu unggah lagi.")
    if data[:4] != b"PK\x03\x04":
        return _("Bukan berkas XLSX (isi berkas tidak dikenali sebagai buku kerja Excel).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return _("Bukan berkas XLSX (arsip rusak).")
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        return _("Bukan berkas XLSX (tidak memuat buku kerja Excel).")
    if unpacked > MAX_UNPACKED_BYTES:
        return _("Isi berkas terlalu besar setelah dibuka; batasnya %(limit)s MB.") % {
            "limit": MAX_UNPACKED_BYTES // 2**20
        }
    if declares_entities(data):
        return _unreadable(WorkbookError("", unsafe=True))
    return None


# ======================================================================================
# Writing
# ======================================================================================
def _number(value: Decimal | None):
    """A stored measure as a spreadsheet number (exact; text beyond 15 digits)."""
    return excel_value(value, {"type": "number"})


def _readme(book: Workbook, lines: list[str], identity: list[tuple[str, object]]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.active
    sheet.title = README_SHEET
    sheet["A1"] = lines[0]
    sheet["A1"].font = Font(bold=True, size=13)
    for row, text in enumerate(lines[1:], start=3):
        sheet.cell(row=row, column=1, value=text).alignment = Alignment(wrap_text=False)
    start = len(lines) + 3
    sheet.cell(row=start, column=1, value="Identitas berkas (jangan diubah)").font = Font(bold=True)
    for offset, (label, value) in enumerate(identity, start=1):
        sheet.cell(row=start + offset, column=1, value=label)
        sheet.cell(row=start + offset, column=2, value=value)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 40


def _header(sheet, titles: list) -> None:
    sheet.append(titles)
    bold_header(sheet)
    sheet.freeze_panes = "C2"


def _widths(sheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[column_letter(column)].width = width


def _unreadable(exc: WorkbookError) -> str:
    if exc.unsafe:
        return _(
            "Buku kerja ditolak: XML di dalamnya memuat deklarasi DTD/entitas (bom XML atau "
            "entitas eksternal). Simpan ulang berkas dari Excel atau LibreOffice."
        )
    return _("Buku kerja tidak dapat dibaca.")


def _save(book: Workbook) -> bytes:
    # A name starting with "=" stays text, never a formula (core.spreadsheets).
    return workbook_bytes(book)


def export_targets(version, indicators) -> bytes:
    """The Renstra targets of ``version``: one row per indicator (two for a range
    indicator: its lower and upper bound), one column per year of the plan."""
    plan = version.plan
    years = list(range(plan.start_year, plan.end_year + 1))
    book = new_workbook()
    _readme(
        book,
        [
            f"Target Renstra — {plan.name}, versi {version.number}",
            "Cara mengisi:",
            f"1. Ubah angka target pada lembar {TARGET_SHEET}; satu kolom untuk setiap "
            f"tahun ({years[0]}–{years[-1]}).",
            "2. Tulis angka saja (53,3 atau 53.3), tanpa satuan atau tanda %.",
            f"3. Tulis {NA} bila target tahun itu memang tidak ditetapkan; N/A berbeda dari 0. "
            "Tulis Tidak tercantum bila dokumen sumber tidak mencantumkan targetnya, "
            "Meningkat atau Menurun bila targetnya hanya arah perubahan; indikator pada "
            "skala (opini BPK, predikat …) diisi dengan skor tingkatnya.",
            "4. Sel yang sudah berisi target tidak boleh dikosongkan; sel kosong berarti "
            "belum ada target.",
            f"5. Indikator rentang memiliki dua baris: {BOUND} {LOWER} dan {BOUND} {UPPER}.",
            f"6. Kolom {CODE} menentukan indikatornya; kolom {NAME} dan {UNIT} hanya "
            "keterangan dan tidak dibaca. Jangan menambah indikator baru di sini.",
            "7. Unggah berkas ini di halaman Renstra. Anda akan melihat perubahan yang "
            "terbaca lebih dulu; tidak ada yang disimpan sebelum Anda mengonfirmasi, dan "
            "bila ada satu kesalahan saja tidak ada yang disimpan.",
        ],
        [
            (ID_KIND, KIND_TARGETS),
            (ID_UNIT, plan.unit.code),
            (ID_PLAN, plan.code),
            (ID_VERSION, version.number),
        ],
    )
    sheet = book.create_sheet(TARGET_SHEET)
    _header(sheet, [CODE, NAME, UNIT, BOUND, *years])
    for ind in indicators:
        by_year = {t.year: t for t in ind.targets.all()}
        bounds = (
            [(LOWER, "value"), (UPPER, "max_value")] if ind.polarity == "range" else [("", "value")]
        )
        for bound, attr in bounds:
            cells = []
            for year in years:
                target = by_year.get(year)
                if target is None:
                    cells.append(None)
                elif target.kind:
                    cells.append(KIND_TEXT[target.kind])
                else:
                    value = getattr(target, attr)
                    cells.append(NA if value is None else _number(value))
            sheet.append([ind.code, ind.name, ind.unit_label, bound or None, *cells])
    _widths(sheet, [10, 60, 14, 8, *[10] * len(years)])
    return _save(book)


def export_realizations(
    unit, year: int, indicators, stored: dict, method_labels: dict, elements=()
) -> bytes:
    """The realizations of ``year``: one row per indicator of the year's agreement, the
    year's value and the four quarters, and the two semesters when an indicator reports
    per semester. ``stored`` maps (indicator id, period) to the value; ``method_labels``
    an indicator id to how its value is obtained. ``elements``: the unit's data elements
    as (code, name, unit label, {period: value}), written on a second sheet when there
    are any."""
    semesters = any(getattr(ind, "frequency", "") == Frequency.SEMIANNUAL for ind in indicators)
    columns = {**PERIOD_COLUMNS, **(SEMESTER_COLUMNS if semesters else {})}
    book = new_workbook()
    _readme(
        book,
        [
            f"Realisasi {year} — {unit.name}",
            "Cara mengisi:",
            f"1. Ubah angka realisasi pada lembar {REALIZATION_SHEET}: kolom Tahunan untuk "
            "nilai setahun, TW1–TW4 untuk nilai tiap triwulan"
            + (
                ", S1–S2 untuk nilai tiap semester (indikator yang dilaporkan semesteran)."
                if semesters
                else "."
            ),
            "2. Tulis angka saja (53,3 atau 53.3), tanpa satuan atau tanda %.",
            "3. Realisasi yang sudah tercatat tidak dapat dihapus lewat berkas ini.",
            "4. Indikator yang metodenya bukan 'Diisi manual' dihitung dari catatan "
            "(layanan, anggaran, survei…); nilainya tidak dapat diubah di sini — ubah "
            "catatannya.",
            "5. Triwulan yang laporannya sudah disetujui terkunci; buka kembali laporan "
            "triwulan itu lebih dulu.",
            f"6. Kolom {CODE} menentukan indikatornya; kolom lain selain nilai hanya keterangan.",
            "7. Unggah berkas ini di halaman Perencanaan. Anda akan melihat perubahan yang "
            "terbaca lebih dulu; tidak ada yang disimpan sebelum Anda mengonfirmasi, dan "
            "bila ada satu kesalahan saja tidak ada yang disimpan.",
            *(
                [
                    f"8. Lembar {ELEMENT_SHEET}: nilai elemen data unit per triwulan (atau "
                    "setahun). Indikator yang metodenya 'Rumus dari elemen data' dihitung "
                    "ulang dari nilai ini setelah berkas disimpan."
                ]
                if elements
                else []
            ),
        ],
        [(ID_KIND, KIND_REALIZATIONS), (ID_UNIT, unit.code), (ID_YEAR, year)],
    )
    sheet = book.create_sheet(REALIZATION_SHEET)
    _header(sheet, [CODE, NAME, UNIT, METHOD, *columns])
    for ind in indicators:
        sheet.append(
            [
                ind.code,
                ind.name,
                ind.unit_label,
                method_labels.get(ind.pk, ""),
                *[_number(stored.get((ind.pk, period))) for period in columns.values()],
            ]
        )
    _widths(sheet, [10, 60, 14, 28, 12, *[10] * (len(columns) - 1)])
    if elements:
        sheet = book.create_sheet(ELEMENT_SHEET)
        _header(sheet, [CODE, ELEMENT_NAME, UNIT, *PERIOD_COLUMNS])
        for code, name, unit_label, values in elements:
            sheet.append(
                [code, name, unit_label, *[_number(values.get(p)) for p in PERIOD_COLUMNS.values()]]
            )
        _widths(sheet, [20, 50, 14, 12, 10, 10, 10, 10])
    return _save(book)


# ======================================================================================
# Reading
# ======================================================================================
@dataclass
class Reading:
    rows: list[SheetRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    identity: dict[str, object] = field(default_factory=dict)
    identity_rows: dict[str, int] = field(default_factory=dict)


def _normal(value) -> str:
    return re.sub(r"\s+", " ", str(value)).strip().lower() if value is not None else ""


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _year_header(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        return int(value)
    return None


_QUARTER_NAMES = {
    "tw1": Period.Q1,
    "tw i": Period.Q1,
    "tw2": Period.Q2,
    "tw ii": Period.Q2,
    "tw3": Period.Q3,
    "tw iii": Period.Q3,
    "tw4": Period.Q4,
    "tw iv": Period.Q4,
    "triwulan i": Period.Q1,
    "triwulan ii": Period.Q2,
    "triwulan iii": Period.Q3,
    "triwulan iv": Period.Q4,
    "tahunan": Period.YEAR,
    "tahun": Period.YEAR,
}
_SEMESTER_NAMES = {
    "s1": Period.S1,
    "s2": Period.S2,
    "semester i": Period.S1,
    "semester ii": Period.S2,
    "semester 1": Period.S1,
    "semester 2": Period.S2,
    "smt i": Period.S1,
    "smt ii": Period.S2,
}


def _open(data: bytes, sheet_name: str, reading: Reading):
    """The data sheet's rows (header first), or None with the problem recorded."""
    problem = check_xlsx(data)
    if problem:
        reading.problems.append(Problem("", problem))
        return None
    try:
        book = open_workbook(data)
    except WorkbookError as exc:
        reading.problems.append(Problem("", _unreadable(exc)))
        return None
    try:
        by_name = {name.strip().lower(): name for name in book.sheetnames}
        if README_SHEET.lower() in by_name:
            _read_identity(book[by_name[README_SHEET.lower()]], reading)
        name = by_name.get(sheet_name.lower())
        if name is None:
            reading.problems.append(
                Problem(
                    "",
                    _('Tidak ada lembar "%(sheet)s"; lembar yang ada: %(names)s.')
                    % {"sheet": sheet_name, "names": ", ".join(book.sheetnames)},
                )
            )
            return None
        rows = []
        for number, cells in enumerate(book[name].iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                reading.problems.append(
                    Problem(
                        place(sheet_name),
                        _("Lebih dari %(max)s baris; ini bukan berkas dari kinerja.")
                        % {"max": MAX_ROWS},
                    )
                )
                return None
            rows.append((number, tuple(cells)))
        return rows
    finally:
        book.close()


def _read_identity(sheet, reading: Reading) -> None:
    labels = {_normal(label): label for label in (ID_KIND, ID_UNIT, ID_PLAN, ID_VERSION, ID_YEAR)}
    for number, cells in enumerate(sheet.iter_rows(max_row=80, max_col=2, values_only=True), 1):
        if not cells:
            continue
        label = labels.get(_normal(cells[0]))
        if label is not None and len(cells) > 1 and not _blank(cells[1]):
            value = cells[1]
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            reading.identity[label] = value
            reading.identity_rows[label] = number


def check_identity(reading: Reading, expected: dict[str, object]) -> None:
    """A file made for another unit, version or year is refused: the Petunjuk sheet says
    what it was made for. (A workbook without that sheet is judged by its rows alone.)"""
    kind = reading.identity.get(ID_KIND)
    if kind is not None and str(kind).strip() != expected[ID_KIND]:
        reading.problems.append(
            Problem(
                place(README_SHEET, reading.identity_rows[ID_KIND], "B"),
                _('Berkas ini berjenis "%(found)s", bukan "%(expected)s".')
                % {"found": kind, "expected": expected[ID_KIND]},
            )
        )
        return
    for label, want in expected.items():
        found = reading.identity.get(label)
        if found is None or label == ID_KIND:
            continue
        if str(found).strip() != str(want):
            reading.problems.append(
                Problem(
                    place(README_SHEET, reading.identity_rows[label], "B"),
                    _(
                        'Berkas ini dibuat untuk %(label)s "%(found)s", sedangkan halaman ini '
                        'untuk "%(expected)s". Unduh templat dari halaman ini.'
                    )
                    % {"label": label, "found": found, "expected": want},
                )
            )


def _cell_value(value, allow_na: bool) -> CellValue:
    """A cell as a number, N/A or blank; ``Unreadable`` (from ``sources.tabular``) when
    it is none of them."""
    if _blank(value):
        return Mark.BLANK
    if isinstance(value, str) and value.strip().upper() in ("N/A", "NA"):
        if allow_na:
            return Mark.NA
        raise Unreadable("na")
    if allow_na and isinstance(value, str) and " ".join(value.split()).lower() in KIND_WORDS:
        return KindCell(KIND_WORDS[" ".join(value.split()).lower()])
    if isinstance(value, dt.date | dt.datetime | bool):
        raise Unreadable("type")
    return coerce(value, {"type": "number"})


def _fit(number: Decimal) -> Decimal:
    """The number as the measure columns keep it: half-up to MAX_PLACES decimals (Excel
    stores 100/3 as 33.333333333333336), trailing zeros dropped; ValueError when it has
    more digits before the point than the columns hold."""
    if abs(number) >= Decimal(10) ** MAX_DIGITS:
        raise ValueError(
            _("angka terlalu besar (paling banyak %(digits)s digit)") % {"digits": MAX_DIGITS}
        )
    rounded = round_half_up(number, MAX_PLACES)
    return Decimal(decimal_str(rounded))


def _read_rows(
    data: bytes,
    sheet_name: str,
    expected: dict[str, object],
    column_key,
    *,
    allow_na: bool,
    with_bound: bool,
) -> Reading:
    """The shared reader: header, identity, then every row's code, bound and values.
    ``column_key(header)`` maps a header to a value column's key, None to ignore it, or
    raises ValueError with the reason the header is wrong."""
    reading = Reading()
    rows = _open(data, sheet_name, reading)
    check_identity(reading, expected)  # "a realization file, not a target file" says most
    if rows is None:
        return reading
    if not rows:
        reading.problems.append(Problem(place(sheet_name, 1), _("Lembar ini kosong.")))
        return reading
    header = rows[0][1]
    code_col = bound_col = None
    keys: dict[int, object] = {}
    shown: dict[object, str] = {}
    for i, title in enumerate(header):
        name = _normal(title)
        if not name:
            continue
        written = str(title).strip()
        if name == CODE.lower():
            code_col = i
            continue
        if name == BOUND.lower() and with_bound:
            bound_col = i
            continue
        try:
            key = column_key(title)
        except ValueError as exc:
            reading.problems.append(Problem(place(sheet_name, 1, written), str(exc)))
            continue
        if key is None:
            continue
        if key in shown:
            reading.problems.append(
                Problem(
                    place(sheet_name, 1, written),
                    _("kolom ini ada dua kali (juga %(other)s)") % {"other": shown[key]},
                )
            )
            continue
        keys[i], shown[key] = key, written
    if code_col is None:
        reading.problems.append(
            Problem(place(sheet_name, 1), _('tidak ada kolom "%(col)s"') % {"col": CODE})
        )
    if not keys:
        reading.problems.append(
            Problem(place(sheet_name, 1), _("tidak ada kolom nilai yang dikenali"))
        )
    if reading.problems and (code_col is None or not keys):
        return reading
    for number, cells in rows[1:]:
        if all(_blank(c) for c in cells):
            continue
        raw_code = cells[code_col] if code_col < len(cells) else None
        code = "" if _blank(raw_code) else str(raw_code).strip()
        raw_bound = cells[bound_col] if bound_col is not None and bound_col < len(cells) else None
        row = SheetRow(
            sheet_name,
            number,
            code,
            _normal(raw_bound),
            {},
            shown,
        )
        if not code:
            reading.problems.append(Problem(row.place(CODE), _("kode indikator kosong")))
            continue
        for i, key in keys.items():
            raw = cells[i] if i < len(cells) else None
            try:
                value = _cell_value(raw, allow_na)
            except Unreadable as exc:
                if exc.number_error is not None and (
                    exc.number_error.ambiguous or exc.number_error.suggestions
                ):
                    message = number_text_message(exc.number_error)
                else:
                    expected_text = (
                        _("harus berupa angka atau N/A") if allow_na else _("harus berupa angka")
                    )
                    message = _("%(expected)s, bukan %(value)s") % {
                        "expected": expected_text,
                        "value": describe_cell(raw),
                    }
                reading.problems.append(Problem(row.place(shown[key]), message))
                continue
            if isinstance(value, Decimal):
                try:
                    value = _fit(value)
                except ValueError as exc:
                    reading.problems.append(Problem(row.place(shown[key]), str(exc)))
                    continue
            row.cells[key] = value
        reading.rows.append(row)
    return reading


def read_targets(data: bytes, version) -> Reading:
    plan = version.plan
    years = range(plan.start_year, plan.end_year + 1)

    def column_key(title):
        year = _year_header(title)
        if year is None:
            return None  # Indikator, Satuan and any note column: not read
        if year not in years:
            raise ValueError(
                _("tahun %(year)s di luar periode Renstra (%(start)s–%(end)s)")
                % {"year": year, "start": plan.start_year, "end": plan.end_year}
            )
        return year

    expected = {
        ID_KIND: KIND_TARGETS,
        ID_UNIT: plan.unit.code,
        ID_PLAN: plan.code,
        ID_VERSION: version.number,
    }
    return _read_rows(data, TARGET_SHEET, expected, column_key, allow_na=True, with_bound=True)


def read_realizations(data: bytes, unit, year: int) -> Reading:
    def column_key(title):
        name = _normal(title)
        return _QUARTER_NAMES.get(name) or _SEMESTER_NAMES.get(name)

    expected = {ID_KIND: KIND_REALIZATIONS, ID_UNIT: unit.code, ID_YEAR: year}
    return _read_rows(
        data, REALIZATION_SHEET, expected, column_key, allow_na=False, with_bound=False
    )


def read_elements(data: bytes, unit, year: int) -> Reading | None:
    """The optional data-element sheet of a realization workbook; None without it."""
    if check_xlsx(data):
        return None  # read_realizations reports it
    try:
        book = open_workbook(data, data_only=False)
    except WorkbookError:
        return None  # read_realizations reports an unreadable book
    try:
        names = {name.strip().lower() for name in book.sheetnames}
    finally:
        book.close()
    if ELEMENT_SHEET.lower() not in names:
        return None

    def column_key(title):
        return _QUARTER_NAMES.get(_normal(title))

    expected = {ID_KIND: KIND_REALIZATIONS, ID_UNIT: unit.code, ID_YEAR: year}
    reading = _read_rows(
        data, ELEMENT_SHEET, expected, column_key, allow_na=False, with_bound=False
    )
    reading.problems = [p for p in reading.problems if p.path.startswith(place(ELEMENT_SHEET))]
    return reading


# ======================================================================================
# Keeping an upload between the dry run and the confirmation
# ======================================================================================
# The workbook is written to the file storage (core/storage.py: a private folder or a
# bucket shared by every app node, never served) under a random token. The session
# (server-side, in the database) holds the token with what the file is for, who uploaded
# it, when, and its SHA-256: a token is only valid in the session that uploaded it, for
# the same page, for PENDING_TTL, and a file changed in the storage is refused.
SESSION_KEY = "planning_uploads"
PENDING_TTL = dt.timedelta(hours=2)
MAX_PENDING = 5


@dataclass(frozen=True)
class PendingUpload:
    token: str
    data: bytes
    filename: str


PENDING_PREFIX = "pending-uploads"


def pending_name(token: str) -> str:
    return f"{PENDING_PREFIX}/{token}.xlsx"


def _sweep(now: dt.datetime) -> None:
    """Remove abandoned uploads (best effort: a storage that cannot list or delete now
    is swept next time)."""
    cutoff = now - PENDING_TTL
    try:
        _dirs, names = default_storage.listdir(PENDING_PREFIX)
        for name in names:
            path = f"{PENDING_PREFIX}/{name}"
            if name.endswith(".xlsx") and default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
    except (FileNotFoundError, NotImplementedError):
        pass
    except Exception:
        logger.warning("pending uploads: sweep failed", exc_info=True)


def stash_upload(session, *, purpose: str, data: bytes, filename: str) -> str:
    """Keep ``data`` for the page ``purpose`` names (e.g. "targets:bspji-palembang:12");
    returns the token for the review page."""
    now = timezone.now()
    _sweep(now)
    entries = dict(session.get(SESSION_KEY, {}))
    # Oldest first out: a session holds a few pending uploads at most.
    oldest_first = sorted(entries, key=lambda t: entries[t]["created"])
    for old in oldest_first[: max(0, len(entries) - MAX_PENDING + 1)]:
        storage.delete_quietly(pending_name(old))
        del entries[old]
    token = secrets.token_urlsafe(24)
    # Raises storage.StorageUnavailable (the page says so) before the session names it.
    written = storage.save(pending_name(token), data)
    if written != pending_name(token):  # a token is never reused; refuse a renamed file
        storage.delete_quietly(written)
        raise storage.StorageUnavailable(f"{pending_name(token)} exists already")
    entries[token] = {
        "purpose": purpose,
        "sha256": hashlib.sha256(data).hexdigest(),
        "filename": Path(filename).name[:200],
        "created": now.isoformat(),
    }
    session[SESSION_KEY] = entries
    return token


def fetch_upload(session, token: str, *, purpose: str) -> PendingUpload | None:
    """The upload under ``token`` if this session made it for this page, it is still
    fresh and unchanged; None otherwise."""
    entry = session.get(SESSION_KEY, {}).get(token)
    if entry is None or entry["purpose"] != purpose:
        return None
    if timezone.now() - dt.datetime.fromisoformat(entry["created"]) > PENDING_TTL:
        discard_upload(session, token)
        return None
    try:
        data = storage.read(pending_name(token))
    except FileNotFoundError:
        return None
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        return None
    return PendingUpload(token, data, entry["filename"])


def discard_upload(session, token: str) -> None:
    entries = dict(session.get(SESSION_KEY, {}))
    if entries.pop(token, None) is not None:
        session[SESSION_KEY] = entries
    if re.fullmatch(r"[A-Za-z0-9_-]+", token):
        storage.delete_quietly(pending_name(token))


def hand_over_upload(session, token: str) -> None:
    """The pending upload now belongs to a job (its parameters name the file, which the
    job deletes once applied): the session forgets it, the file stays."""
    entries = dict(session.get(SESSION_KEY, {}))
    if entries.pop(token, None) is not None:
        session[SESSION_KEY] = entries
