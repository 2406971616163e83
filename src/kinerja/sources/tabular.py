"""Operational records as spreadsheets: one import and one export for every record kind
of the dataset's `sources` sections (`kinerja records_import` / `records_export`,
docs/cli.md).

The columns of a kind are the scalar properties of its dataset row schema
(`dataset.DEFS`), in schema order, headed by the dataset field names (a few Indonesian
aliases are accepted). A facilitation's measures and a score's components go on a second
sheet (`measures`, `components`) keyed by the parent's natural key. A file is read into
dataset rows and then judged exactly as the dataset's rows are — the row JSON Schema and
the section's `check` — and written by the section's `write`, so each rule lives in one
place. Problems name the row and column as a spreadsheet shows them (the header is row 1):
``baris 7, kolom count: expected a whole number, got "banyak"``. All or nothing.
"""

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from kinerja.core.numbers import NumberTextError, parse_number_text
from kinerja.core.spreadsheets import (
    CsvError,
    WorkbookError,
    bold_header,
    column_letter,
    csv_reader,
    csv_row,
    csv_text,
    new_workbook,
    open_workbook,
    workbook_bytes,
)
from kinerja.datasets.errors import DatasetInvalid, Problem
from kinerja.datasets.load import LoadReport, Upserter
from kinerja.datasets.schema import _message
from kinerja.datasets.sections import CheckContext, Section
from kinerja.measurement.services import refresh_computed
from kinerja.org.models import Unit

from . import choices
from .dataset import DEFS, SECTIONS

SECTION: dict[str, Section] = {s.key: s for s in SECTIONS}
KINDS: tuple[str, ...] = tuple(SECTION)


@dataclass(frozen=True)
class Nested:
    field: str  # the row property holding the list; also the name of its sheet
    keys: tuple[str, ...]  # the parent's columns, repeated on each nested row


NESTED = {
    "facilitations": Nested("measures", ("code",)),
    "external_scores": Nested("components", ("unit", "year", "kind")),
}
# The natural key each section's `write` upserts by. It places a duplicate on its rows
# (reported in the key's last column) and finds the stored values of a row.
KEYS = {
    "service_orders": ("number",),
    "service_counts": ("year", "type"),
    "facilitations": ("code",),
    "audit_recommendations": ("report_number", "number"),
    "procurement_lines": ("year", "account"),
    "external_scores": ("unit", "year", "kind"),
}
MONEY = frozenset({"fee", "ceiling", "spending"})  # whole rupiah, shown as #,##0
RUPIAH_FORMAT = "#,##0"
DATE_FORMAT = "yyyy-mm-dd"
MAX_ROWS = 100_000  # far above any unit's records; refuses a file that would exhaust memory

# Indonesian headers → dataset fields. Where one word means different fields in different
# kinds ("jenis" is a service's type, a facilitation's kind), the sheet's own field wins.
ALIASES = {
    "tahun": ("year",),
    "jenis": ("type", "kind"),
    "kode": ("code",),
    "nomor": ("number",),
    "pelanggan": ("customer",),
    "tarif": ("fee",),
    "jumlah": ("count",),
    "catatan": ("note",),
    "perusahaan": ("company",),
    "kegiatan": ("activity",),
    "akun": ("account",),
    "uraian": ("name", "text"),
    "pagu": ("ceiling",),
    "realisasi": ("spending",),
    "nilai": ("score", "value"),
    "predikat": ("grade",),
    "sumber": ("source",),
    "satuan": ("unit",),
    "sebelum": ("before",),
    "sesudah": ("after",),
    "bobot": ("weight",),
}
_TRUE = frozenset({"ya", "true", "1", "x"})
_FALSE = frozenset({"tidak", "false", "0"})


class UnsupportedFormat(ValueError):
    """The kind cannot be written in the format asked for."""


# -- columns ----------------------------------------------------------------------------
def row_schema(kind: str) -> dict:
    return DEFS[f"{kind}_row"]


def _type(prop: dict) -> str:
    if "enum" in prop:
        return "enum"
    if prop.get("format") == "date":
        return "date"
    types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    return next(t for t in types if t != "null")


def columns(kind: str) -> list[str]:
    """The main sheet's columns: the row schema's scalar properties, in schema order."""
    return [name for name, p in row_schema(kind)["properties"].items() if _type(p) != "array"]


def _item_schema(kind: str) -> dict:
    return row_schema(kind)["properties"][NESTED[kind].field]["items"]


def nested_columns(kind: str) -> list[str]:
    """The second sheet's columns: the parent's key, then the list item's properties."""
    return [*NESTED[kind].keys, *_item_schema(kind)["properties"]]


def _main_props(kind: str) -> dict[str, dict]:
    return {name: row_schema(kind)["properties"][name] for name in columns(kind)}


def _nested_props(kind: str) -> dict[str, dict]:
    parent = row_schema(kind)["properties"]
    return {
        **{key: parent[key] for key in NESTED[kind].keys},
        **_item_schema(kind)["properties"],
    }


def _main_required(kind: str) -> list[str]:
    return [name for name in row_schema(kind)["required"] if name in columns(kind)]


def _nested_required(kind: str) -> list[str]:
    parent = row_schema(kind)["required"]
    return [k for k in NESTED[kind].keys if k in parent] + _item_schema(kind)["required"]


# -- reading cells ----------------------------------------------------------------------
# Public: Unreadable, describe_cell, coerce and excel_value are also how the planning
# workbooks (planning.spreadsheet) read and write cells, so both kinds of file accept the
# same numbers and dates and name a bad cell the same way.
class Unreadable(Exception):
    """A cell that cannot be read as its column's type; the argument says what was expected.
    ``number_error``: for text refused by ``core.numbers.parse_number_text``, why (an
    ambiguous "1.234", a badly grouped number), for a message with a hint."""

    def __init__(self, expected: str, number_error: NumberTextError | None = None):
        super().__init__(expected)
        self.number_error = number_error

    def __str__(self) -> str:
        error = self.number_error
        if error is not None and error.ambiguous:
            grouped, decimal = error.readings
            return _(
                "%(expected)s yang ditulis tanpa keraguan: %(grouped)s (tanpa titik) atau "
                "%(decimal)s"
            ) % {
                "expected": self.args[0],
                "grouped": grouped,
                "decimal": str(decimal).replace(".", ","),
            }
        if error is not None and error.suggestions:
            return _("%(expected)s (maksud Anda %(suggestions)s?)") % {
                "expected": self.args[0],
                "suggestions": _(" atau ").join(error.suggestions),
            }
        return str(self.args[0])


def _a_whole() -> str:  # what a cell should be, as "seharusnya … , bukan …" says it
    return pgettext("records cell", "bilangan bulat")


def _a_number() -> str:
    return pgettext("records cell", "angka")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def describe_cell(value) -> str:
    """A cell as the user sees it, for messages: ``"banyak"`` (text quoted), ``12.5``,
    ``2023-01-31``, ``TRUE``."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return str(value)
    return f'"{value}"'


def _as_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an account typed as a number in Excel: 521211.0
    if isinstance(value, dt.date | dt.datetime):
        return describe_cell(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _integer(value, prop) -> int:
    if isinstance(value, bool):
        raise Unreadable(_a_whole())
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        if value == value and value not in (float("inf"), float("-inf")) and value == int(value):
            return int(value)
        raise Unreadable(_a_whole())
    if isinstance(value, str):
        # "1787", "1.234.567" and "1.234" (Indonesian thousands), "1 234 567",
        # "1.500.000,00": core.numbers.parse_number_text, whole numbers only.
        try:
            number = parse_number_text(value, whole=True)
        except NumberTextError as exc:
            raise Unreadable(_a_whole(), exc) from None
        if number == number.to_integral_value():
            return int(number)
    raise Unreadable(_a_whole())


def _number(value, prop) -> Decimal:
    if isinstance(value, bool):
        raise Unreadable(_a_number())
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise Unreadable(_a_number())
        return Decimal(str(value))
    if isinstance(value, str):
        # Indonesian: "53,3", "1.234,5", "1.234.567"; "1.234" is refused as ambiguous
        # (core.numbers.parse_number_text, the parser of the web forms too).
        try:
            return parse_number_text(value)
        except NumberTextError as exc:
            raise Unreadable(_a_number(), exc) from None
    raise Unreadable(_a_number())


def _boolean(value, prop) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise Unreadable(pgettext("records cell", "ya atau tidak (true/false, 1/0, x)"))


def _date(value, prop) -> str:
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        raise Unreadable(pgettext("records cell", "tanggal tanpa jam"))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return value.strip()  # the schema's format check says whether the day exists
    raise Unreadable(pgettext("records cell", "tanggal (YYYY-MM-DD)"))


@cache
def _enum_labels(values: tuple[str, ...]) -> dict[str, str]:
    """The Indonesian labels of the choices with these values, lower-cased, → value."""
    for choice in (
        choices.ServiceType,
        choices.FacilitationKind,
        choices.Direction,
        choices.RecommendationKind,
        choices.FollowUpStatus,
        choices.ScoreKind,
    ):
        if set(choice.values) == set(values):
            with translation.override("id"):
                return {str(label).strip().lower(): value for value, label in choice.choices}
    return {}


def _enum(value, prop) -> str:
    """A value in any case, or its Indonesian label ("Sudah ditindaklanjuti"); anything
    else is kept as text for the schema to name the allowed values."""
    text = _as_text(value)
    lowered = text.lower()
    for allowed in prop["enum"]:
        if allowed.lower() == lowered:
            return allowed
    return _enum_labels(tuple(prop["enum"])).get(lowered, text)


def _text(value, prop) -> str:
    return _as_text(value)


_COERCE = {
    "integer": _integer,
    "number": _number,
    "boolean": _boolean,
    "date": _date,
    "enum": _enum,
    "string": _text,
}


def coerce(value, prop: dict):
    """A cell as the dataset value of its property; None for an empty cell."""
    if _blank(value):
        return None
    return _COERCE[_type(prop)](value, prop)


# -- reading sheets ---------------------------------------------------------------------
@dataclass
class _Sheet:
    label: str  # prefix of places: "" for the main sheet, "lembar measures, " for the second
    header: list
    body: list[tuple[int, tuple]]  # (row number, cells), blank rows left out
    index: dict[str, int] = field(default_factory=dict)  # field → column
    shown: dict[str, str] = field(default_factory=dict)  # field → header as written

    def place(self, number: int, name: str | None = None) -> str:
        where = f"{self.label}baris {number}"
        return f"{where}, kolom {self.shown.get(name, name)}" if name else where


@dataclass
class _Row:
    sheet: _Sheet
    number: int
    values: dict
    bad: set[str] = field(default_factory=set)  # fields with a problem already
    nested: list["_Row"] = field(default_factory=list)

    def place(self, name: str | None = None) -> str:
        return self.sheet.place(self.number, name)

    @property
    def ok(self) -> bool:
        return not self.bad and all(not n.bad for n in self.nested)


class _TooLarge(Exception):
    pass


def _body(rows) -> list[tuple[int, tuple]]:
    body = []
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS:
            raise _TooLarge
        if not all(_blank(c) for c in cells):
            body.append((number, tuple(cells)))
    return body


def _read_xlsx(data: bytes, kind: str) -> tuple[_Sheet | None, _Sheet | None, list[Problem]]:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return None, None, [Problem("", _("buku kerja .xls lama; simpan sebagai .xlsx atau CSV"))]
    try:
        book = open_workbook(data)
    except WorkbookError as exc:
        return None, None, [Problem("", str(exc))]
    try:
        by_name = {name.strip().lower(): name for name in book.sheetnames}
        nested = NESTED.get(kind)
        second = by_name.get(nested.field) if nested else None
        first = by_name.get(kind) or next((n for n in book.sheetnames if n != second), None)
        if first is None:
            return None, None, [Problem("", _('tidak ada lembar "%(sheet)s"') % {"sheet": kind})]
        sheets = []
        for name, label in ((first, ""), (second, f"lembar {second}, ")):
            if name is None:
                sheets.append(None)
                continue
            rows = book[name].iter_rows(values_only=True)
            header = list(next(rows, ()))
            sheets.append(_Sheet(label, header, _body(rows)))
    except _TooLarge:
        return None, None, [Problem("", _("lebih dari %(count)s baris") % {"count": MAX_ROWS})]
    finally:
        book.close()
    return sheets[0], sheets[1], []


def _read_csv(data: bytes) -> tuple[_Sheet | None, list[Problem]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem("", _("bukan berkas CSV UTF-8: %(error)s") % {"error": exc})]
    if "\x00" in text:
        return None, [Problem("", _("bukan berkas CSV (isinya biner)"))]
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return None, [Problem("baris 1", _("berkas kosong; seharusnya ada baris judul kolom"))]
    counts = {d: lines[0].count(d) for d in ",;\t"}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    reader = csv_reader(text, delimiter)
    try:
        rows = ([csv_text(cell) for cell in row] for row in reader)
        header = next(rows)
        return _Sheet("", header, _body(rows)), []
    except _TooLarge:
        return None, [Problem("", _("lebih dari %(count)s baris") % {"count": MAX_ROWS})]
    except CsvError as exc:
        return None, [Problem("", _("berkas CSV tidak dapat dibaca: %(error)s") % {"error": exc})]


def _normal(header) -> str:
    return re.sub(r"[\s\-]+", "_", str(header).strip().lower()) if header is not None else ""


def _resolve_header(sheet: _Sheet, props: dict, required: list[str], unknown_hint) -> list[Problem]:
    problems, unknown = [], []
    for i, cell in enumerate(sheet.header):
        name = _normal(cell)
        if not name:
            continue
        written = str(cell).strip()
        found = name if name in props else None
        found = found or next((f for f in ALIASES.get(name, ()) if f in props), None)
        if found is None:
            if hint := unknown_hint(name):
                problems.append(Problem(f"{sheet.label}baris 1, kolom {written}", hint))
            else:
                unknown.append(written)
        elif found in sheet.index:
            problems.append(
                Problem(
                    f"{sheet.label}baris 1, kolom {written}",
                    _("kolom %(field)s diberikan dua kali (juga sebagai %(other)s)")
                    % {"field": found, "other": sheet.shown[found]},
                )
            )
        else:
            sheet.index[found], sheet.shown[found] = i, written
    if unknown:  # one problem for them all: a file of another kind has many
        where = f"{sheet.label}baris 1" + (f", kolom {unknown[0]}" if len(unknown) == 1 else "")
        if len(unknown) == 1:
            what = _("kolom tidak dikenal; kolomnya adalah %(columns)s")
        else:
            what = _("kolom %(names)s tidak dikenal; kolomnya adalah %(columns)s")
        problems.append(
            Problem(where, what % {"names": ", ".join(unknown), "columns": ", ".join(props)})
        )
    missing = [name for name in required if name not in sheet.index]
    if missing:
        problems.append(
            Problem(
                f"{sheet.label}baris 1",
                _("kolom %(columns)s belum ada") % {"columns": ", ".join(missing)},
            )
        )
    return problems


def _unknown_hint(kind: str, is_csv: bool):
    nested = NESTED.get(kind)
    if nested is None:
        return lambda name: None
    fields = {nested.field, *_item_schema(kind)["properties"]}
    cols = ", ".join(nested_columns(kind))
    if is_csv:
        text = _(
            "berkas CSV tidak dapat memuat %(field)s: pakai buku kerja XLSX dengan lembar "
            'kedua "%(field)s" (%(columns)s); CSV yang hanya berisi kolom %(kind)s '
            "mempertahankan %(field)s yang tersimpan"
        ) % {"field": nested.field, "columns": cols, "kind": kind}
    else:
        text = _('%(field)s ditaruh di lembar kedua "%(field)s" dengan kolom %(columns)s') % {
            "field": nested.field,
            "columns": cols,
        }
    return lambda name: text if name in fields else None


def _rows(sheet: _Sheet, props: dict, required: list[str]) -> tuple[list[_Row], list[Problem]]:
    rows, problems = [], []
    for number, cells in sheet.body:
        row = _Row(sheet, number, {})
        headless = [
            column_letter(i + 1)
            for i, cell in enumerate(cells)
            if not _blank(cell) and (i >= len(sheet.header) or _blank(sheet.header[i]))
        ]
        if headless:  # in a CSV, often a decimal comma in a file separated by commas
            problems.append(
                Problem(
                    row.place(),
                    _("ada nilai di kolom tanpa judul: %(columns)s")
                    % {"columns": ", ".join(headless)},
                )
            )
            row.bad.add(None)
        for name, i in sheet.index.items():
            raw = cells[i] if i < len(cells) else None
            try:
                value = coerce(raw, props[name])
            except Unreadable as exc:
                problems.append(
                    Problem(
                        row.place(name),
                        _("seharusnya %(expected)s, bukan %(value)s")
                        % {"expected": exc, "value": describe_cell(raw)},
                    )
                )
                row.bad.add(name)
                row.values[name] = None
                continue
            if value is not None or name in required:
                row.values[name] = value
        rows.append(row)
    return rows, problems


# -- validation -------------------------------------------------------------------------
@cache
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(
        row_schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _schema_message(error: ValidationError) -> str:
    if error.instance is None and error.validator in ("type", "enum"):
        return _("tidak boleh kosong")
    return _message(error)


def _schema_problems(kind: str, row: _Row) -> list[Problem]:
    problems = []
    for error in _validator(kind).iter_errors(row.values):
        path = list(error.absolute_path)
        target, name = row, (path[0] if path else None)
        if len(path) >= 2 and isinstance(path[1], int):  # measures[j].before
            target, name = row.nested[path[1]], (path[2] if len(path) > 2 else None)
        if name in target.bad:
            continue  # the cell's own message says it already
        target.bad.add(name)
        problems.append(Problem(target.place(name), _schema_message(error)))
    return problems


def _parts(path: str) -> list:
    """``facilitations[2].measures[0].before`` → ``["facilitations", 2, "measures", 0,
    "before"]``."""
    return [int(t[1:-1]) if t[0] == "[" else t for t in re.findall(r"\[\d+\]|[^.\[\]]+", path)]


def _placed(problem: Problem, rows: list[_Row]) -> Problem:
    """A dataset-style problem (``service_counts[3].count``) at its row and column."""
    parts = _parts(problem.path)[1:]
    if not parts or not isinstance(parts[0], int):
        return Problem("", problem.message)
    row = rows[parts[0]]
    if len(parts) >= 3 and isinstance(parts[2], int):
        nested = row.nested[parts[2]]
        return Problem(nested.place(parts[3] if len(parts) > 3 else None), problem.message)
    return Problem(row.place(parts[1] if len(parts) > 1 else None), problem.message)


def _key(kind: str, values: dict) -> tuple:
    return tuple(values.get(k) for k in KEYS[kind])


def _check_problems(kind: str, rows: list[_Row], context: CheckContext) -> list[Problem]:
    """The section's own rules over the rows the schema accepted. A rule about the whole
    list (a key listed twice) is placed on the rows it concerns by asking the same rule
    about each group of rows sharing a key."""
    section = SECTION[kind]
    if section.check is None:
        return []
    values = [row.values for row in rows]
    found = section.check(values, replace(context, data={**context.data, kind: values}))
    problems = [_placed(p, rows) for p in found if _parts(p.path)[1:]]
    unplaced = [p.message for p in found if not _parts(p.path)[1:]]
    if not unplaced:
        return problems
    groups = defaultdict(list)
    for row in rows:
        groups[_key(kind, row.values)].append(row)
    for group in groups.values():
        if len(group) < 2:
            continue
        sub = [row.values for row in group]
        for p in section.check(sub, replace(context, data={**context.data, kind: sub})):
            if p.path == kind and p.message in unplaced:
                unplaced.remove(p.message)
                first, *later = group
                problems += [
                    Problem(
                        row.place(KEYS[kind][-1]),
                        _("%(message)s (pertama di baris %(row)s)")
                        % {"message": p.message, "row": first.number},
                    )
                    for row in later
                ]
    return problems + [Problem("", message) for message in unplaced]


def _stored_rows(kind: str, unit: Unit) -> list[dict]:
    return SECTION[kind].dump(unit, None) or []


def _orders_against_counts(rows: list[_Row], unit: Unit, context: CheckContext) -> list[Problem]:
    """Orders of a type and year for which a yearly count is stored: the count section's
    rule ("one or the other"), asked about the stored counts and the merged orders."""
    counts = _stored_rows("service_counts", unit)
    if not counts:
        return []
    orders = {o["number"]: o for o in _stored_rows("service_orders", unit)}
    orders |= {row.values["number"]: row.values for row in rows}
    data = {**context.data, "service_orders": list(orders.values())}
    problems = []
    for p in SECTION["service_counts"].check(counts, replace(context, data=data)):
        parts = _parts(p.path)
        if len(parts) != 2 or not isinstance(parts[1], int):
            continue  # stored counts are unique by the database's constraint
        count = counts[parts[1]]
        hit = next(
            (
                row
                for row in rows
                if int(row.values["ordered_on"][:4]) == count["year"]
                and row.values["type"] == count["type"]
            ),
            None,
        )
        if hit is not None:
            problems.append(
                Problem(
                    hit.place("type"),
                    _("%(message)s (jumlah tahunan sudah tersimpan)") % {"message": p.message},
                )
            )
    return problems


# -- import -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportResult:
    kind: str
    report: LoadReport
    rows: int
    nested_rows: int
    computed: int  # computed realizations that changed (or would change, in a dry run)
    dry_run: bool

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            **self.report.as_dict(),
            "rows": self.rows,
            "nested_rows": self.nested_rows,
            "computed_realizations_changed": self.computed,
            "dry_run": self.dry_run,
        }


class _Writer(Upserter):
    """What a section's `write` needs: `upsert`, `unit`, `unit_by_code`, `report`."""

    def __init__(self, unit: Unit):
        super().__init__(LoadReport(unit=unit.code))
        self.unit = unit
        self.units = {unit.code: unit}

    def unit_by_code(self, code: str) -> Unit:
        if code not in self.units:
            self.units[code] = Unit.objects.get(code=code)
        return self.units[code]


def format_of(filename: str) -> str | None:
    """``xlsx`` or ``csv`` from a file name; None to decide from the content."""
    name = str(filename).lower()
    if name.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if name.endswith(".csv"):
        return "csv"
    return None


def _read_records(
    kind: str, unit: Unit, data: bytes, fmt: str | None
) -> tuple[list[_Row], bool, list[Problem]]:
    """The file's rows in dataset form, whether the nested lists were given, and every
    problem of reading and of the row schema."""
    if fmt is None:
        fmt = "xlsx" if data[:4] == b"PK\x03\x04" or data[:4] == b"\xd0\xcf\x11\xe0" else "csv"
    if fmt == "xlsx":
        main, second, problems = _read_xlsx(data, kind)
    else:
        (main, problems), second = _read_csv(data), None
    if problems:
        return [], False, problems
    problems = _resolve_header(
        main, _main_props(kind), _main_required(kind), _unknown_hint(kind, fmt == "csv")
    )
    if second is not None:
        problems += _resolve_header(
            second, _nested_props(kind), _nested_required(kind), lambda name: None
        )
    if problems:
        return [], False, problems
    rows, problems = _rows(main, _main_props(kind), _main_required(kind))
    for row in rows:
        _own_unit(kind, unit, row.values)
    if second is not None:
        items, item_problems = _rows(second, _nested_props(kind), _nested_required(kind))
        for item in items:
            _own_unit(kind, unit, item.values)
        problems += item_problems + _attach(kind, rows, items)
    for row in rows:
        problems += _schema_problems(kind, row)
    return rows, second is not None, problems


def _own_unit(kind: str, unit: Unit, values: dict) -> None:
    """External scores: the importing unit's own code means the same as an empty cell (the
    dataset's default), so that one score cannot be listed twice in two spellings."""
    if kind == "external_scores" and values.get("unit") == unit.code:
        del values["unit"]


def _attach(kind: str, rows: list[_Row], items: list[_Row]) -> list[Problem]:
    nested = NESTED[kind]
    parents = {}
    for row in rows:
        parents.setdefault(_key_of(nested, row.values), row)
        row.values[nested.field] = []  # the sheet states each parent's list in full
    problems = []
    for item in items:
        if item.bad & set(nested.keys):
            continue
        parent = parents.get(_key_of(nested, item.values))
        if parent is None:
            named = ", ".join(
                f"{k} {item.values[k]}" for k in nested.keys if item.values.get(k) is not None
            )
            problems.append(
                Problem(
                    item.place(nested.keys[-1]),
                    _("tidak ada baris dengan %(key)s di lembar %(sheet)s")
                    % {"key": named or _("kunci ini"), "sheet": kind},
                )
            )
            continue
        values = {k: v for k, v in item.values.items() if k not in nested.keys}
        parent.values[nested.field].append(values)
        parent.nested.append(replace(item, values=values))
    return problems


def _key_of(nested: Nested, values: dict) -> tuple:
    return tuple(values.get(k) for k in nested.keys)


def _keep_stored(kind: str, unit: Unit, rows: list[_Row], given: set[str]) -> None:
    """Columns (and a second sheet) left out of the file keep the stored values: fill them
    in from the stored record with the same key, so the section's write leaves them."""
    optional = [name for name in row_schema(kind)["properties"] if name not in given]
    if not optional or not rows:
        return
    stored = {_key(kind, r): r for r in _stored_rows(kind, unit)}
    for row in rows:
        old = stored.get(_key(kind, row.values))
        if old is not None:
            row.values |= {name: old[name] for name in optional if name in old}


def import_records(
    kind: str, unit: Unit, data: bytes, *, fmt: str | None = None, dry_run: bool = False
) -> ImportResult:
    """Read every row, judge them by the dataset's rules, then upsert them by their natural
    key in one transaction and recompute the unit's computed realizations. Rows the file
    does not mention are kept. ``dry_run`` reports what would change and writes nothing."""
    rows, nested_given, problems = _read_records(kind, unit, data, fmt)
    # The rules across rows run over the rows that could be read, so one pass lists all.
    good = [row for row in rows if row.ok]
    context = CheckContext(
        data={"unit": {"code": unit.code}},
        unit_codes=frozenset(Unit.objects.values_list("code", flat=True)),
        indicator_codes=lambda year: frozenset(),
    )
    if kind == "service_counts":  # the stored orders the counts must not double
        stored = _stored_rows("service_orders", unit)
        context = replace(context, data={**context.data, "service_orders": stored})
    problems += _check_problems(kind, good, context)
    if kind == "service_orders":
        problems += _orders_against_counts(good, unit, context)
    if problems:
        raise DatasetInvalid(problems)
    given = set(rows[0].sheet.index) if rows else set()
    if nested_given:
        given.add(NESTED[kind].field)
    _keep_stored(kind, unit, rows, given)
    with transaction.atomic():
        writer = _Writer(unit)
        SECTION[kind].write([row.values for row in rows], writer)
        computed = sum(refresh_computed(u) for u in list(writer.units.values()))
        if computed:
            writer.report.updated["computed realization"] += computed
        if dry_run:
            transaction.set_rollback(True)
    return ImportResult(
        kind=kind,
        report=writer.report,
        rows=len(rows),
        nested_rows=sum(len(row.nested) for row in rows),
        computed=computed,
        dry_run=dry_run,
    )


# -- export -----------------------------------------------------------------------------
def _year_of(kind: str, row: dict) -> int:
    return int(row["ordered_on"][:4]) if kind == "service_orders" else row["year"]


def export_rows(kind: str, unit: Unit, year: int | None = None) -> list[dict]:
    """The unit's records of a kind in dataset form (the section's dump), one year or all.
    External scores name their unit explicitly, the unit's own included."""
    rows = _stored_rows(kind, unit)
    if year is not None:
        rows = [row for row in rows if _year_of(kind, row) == year]
    if kind == "external_scores":
        rows = [{**row, "unit": row.get("unit") or unit.code} for row in rows]
    return rows


def _nested_rows(kind: str, rows: list[dict]) -> list[dict]:
    nested = NESTED[kind]
    return [
        {**{k: row.get(k) for k in nested.keys}, **item}
        for row in rows
        for item in row.get(nested.field, [])
    ]


def excel_value(value, prop: dict):
    """A dataset value as a spreadsheet cell for its property's type: dates as dates,
    numbers as numbers (as text beyond the 15 digits a spreadsheet keeps, so they read
    back exactly), None for an empty value."""
    if value is None or value == "":
        return None
    kind = _type(prop)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "integer":
        number = int(value)
        return number if abs(number) < 10**15 else str(number)  # beyond a float's digits
    if kind == "number":
        number = Decimal(value).normalize()
        if len(number.as_tuple().digits) > 15:
            return format(number, "f")  # read back exactly as text
        return int(number) if number == number.to_integral_value() else float(number)
    return value


def _write_sheet(sheet, props: dict, rows: list[dict]) -> None:
    names = list(props)
    sheet.append(names)
    bold_header(sheet)
    sheet.freeze_panes = "A2"
    widths = [len(name) for name in names]
    for row in rows:
        sheet.append([excel_value(row.get(name), props[name]) for name in names])
    for column, name in enumerate(names, start=1):
        kind = _type(props[name])
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            if kind == "date":
                cell.number_format = DATE_FORMAT
            elif name in MONEY:
                cell.number_format = RUPIAH_FORMAT
            if cell.value is not None:
                widths[column - 1] = max(widths[column - 1], len(str(cell.value)))
        sheet.column_dimensions[column_letter(column)].width = min(
            max(widths[column - 1], 10) + 2, 60
        )


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def export_records(kind: str, unit: Unit, *, year: int | None = None, fmt: str = "xlsx") -> bytes:
    """The records as the import reads them: XLSX (a sheet named after the kind, and the
    nested lists on a second sheet) or, for kinds without nested lists, CSV."""
    rows = export_rows(kind, unit, year)
    if fmt == "csv":
        if kind in NESTED:
            raise UnsupportedFormat(
                _(
                    "%(kind)s mempunyai %(field)s, yang tidak dapat dimuat berkas CSV; "
                    "ekspor ke .xlsx"
                )
                % {"kind": kind, "field": NESTED[kind].field}
            )
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(csv_row(columns(kind)))
        for row in rows:
            writer.writerow(csv_row(_csv_value(row.get(name)) for name in columns(kind)))
        return out.getvalue().encode("utf-8-sig")  # the mark makes Excel read UTF-8
    book = new_workbook()
    sheet = book.active
    sheet.title = kind
    _write_sheet(sheet, _main_props(kind), rows)
    if kind in NESTED:
        second = book.create_sheet(NESTED[kind].field)
        _write_sheet(second, _nested_props(kind), _nested_rows(kind, rows))
    return workbook_bytes(book)
