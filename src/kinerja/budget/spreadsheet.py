"""The line listing of a budget document (DIPA or DPA) as an XLSX workbook: export, and
an all-or-nothing import with row-level messages ("baris 7, kolom Pagu: …"). The rules
are those of the dataset's `budgets[].lines` (dataset.line_problems), so a listing means
the same in both forms. The sheet keeps its name "DIPA" and the column "Pagu" for both
kinds: they are the interface of the file, whatever the budget is called."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.core.numbers import NumberTextError, parse_number_text
from kinerja.core.spreadsheets import (
    WorkbookError,
    bold_header,
    new_workbook,
    open_workbook,
    workbook_bytes,
)
from kinerja.datasets.errors import DatasetInvalid, Problem
from kinerja.datasets.load import LoadReport, Upserter
from kinerja.measurement.selectors import MeasuresUnavailable
from kinerja.org.models import Unit
from kinerja.planning.choices import Aggregation, Polarity
from kinerja.planning.models import Agreement, PlanVersion

from .choices import LEVELS_BY_KIND, BudgetKind
from .dataset import line_problems, source_codes, write_lines
from .models import BudgetYear, Line, LineOutput

SHEET = "DIPA"
# (dataset field, column header); the headers are the documented interface.
COLUMNS = [
    ("code", "Kode"),
    ("level", "Tingkat"),
    ("name", "Uraian"),
    ("ceiling", "Pagu"),
    ("spending", "Realisasi"),
    ("indicators", "Indikator"),
    ("unlinked_reason", "Alasan tidak dikaitkan"),
    ("source", "Sumber dana"),
]
# Columns a workbook may leave out (added after the first version of the format).
OPTIONAL = {"source"}
HEADER = {field: title for field, title in COLUMNS}
# The output indicators of the lines (optional sheet): one row per output, in order.
OUTPUT_SHEET = "Keluaran"
OUTPUT_COLUMNS = [
    ("line", "Kode"),
    ("name", "Indikator keluaran"),
    ("unit", "Satuan"),
    ("target", "Target"),
    ("polarity", "Polaritas"),
    ("aggregation", "Agregasi"),
    ("year", "Realisasi tahunan"),
    ("q1", "TW I"),
    ("q2", "TW II"),
    ("q3", "TW III"),
    ("q4", "TW IV"),
]
OUTPUT_HEADER = {field: title for field, title in OUTPUT_COLUMNS}
OUTPUT_POLARITIES = (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER)
RUPIAH_FORMAT = "#,##0"  # shown with "." separators by an Indonesian-locale spreadsheet
MAX_ROWS = 20_000  # far above any DIPA; refuses a workbook that would exhaust memory


def export_lines(unit: Unit, year: int) -> bytes:
    budget = BudgetYear.objects.filter(unit=unit, year=year).first()
    book = new_workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([title for _, title in COLUMNS])
    bold_header(sheet)
    sheet.freeze_panes = "A2"
    lines = (
        Line.objects.filter(budget=budget).prefetch_related("links__indicator") if budget else []
    )
    for line in lines:
        sheet.append(
            [
                line.code,
                line.level,
                line.name,
                int(line.ceiling) if line.ceiling is not None else None,
                int(line.spending) if line.spending is not None else None,
                ", ".join(sorted(link.indicator.code for link in line.links.all())),
                line.unlinked_reason or None,
                line.source or None,
            ]
        )
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=5):
        for cell in row:
            cell.number_format = RUPIAH_FORMAT
    for letter, width in zip("ABCDEFGH", (24, 13, 60, 18, 18, 14, 30, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    _export_outputs(book.create_sheet(OUTPUT_SHEET), budget)
    return workbook_bytes(book)


def _export_outputs(sheet, budget: BudgetYear | None) -> None:
    sheet.append([title for _, title in OUTPUT_COLUMNS])
    bold_header(sheet)
    sheet.freeze_panes = "A2"
    outputs = (
        LineOutput.objects.filter(line__budget=budget)
        .select_related("line")
        .prefetch_related("realizations")
        .order_by("line__position", "position")
        if budget
        else []
    )
    for o in outputs:
        values = {r.period: r.value for r in o.realizations.all()}
        sheet.append(
            [
                o.line.code,
                o.name,
                o.unit_label,
                _measure(o.target),
                o.polarity,
                o.aggregation,
                *(_measure(values.get(p)) for p in ("year", "q1", "q2", "q3", "q4")),
            ]
        )
    for letter, width in zip("ABCDEFGHIJK", (24, 50, 14, 10, 18, 10, 10, 8, 8, 8, 8), strict=True):
        sheet.column_dimensions[letter].width = width


def _measure(value: Decimal | None) -> int | float | None:
    """A measure as a spreadsheet number (a whole number stays whole)."""
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class ImportResult:
    report: LoadReport
    rows: int
    dry_run: bool


def _indicator_codes(unit: Unit, year: int) -> dict:
    """Indicator codes a line may name: those of the year's agreement plan version, else
    the version in force."""
    agreement = Agreement.objects.filter(unit=unit, year=year).first()
    version = (
        agreement.plan_version
        if agreement
        else PlanVersion.objects.filter(plan__unit=unit, in_force=True).first()
    )
    if version is None:
        raise MeasuresUnavailable(
            _("%(unit)s belum memiliki rencana untuk dikaitkan dengan baris anggaran")
            % {"unit": unit.code}
        )
    return {i.code: i for i in version.indicators.all()}


def _cell_problem(row: int, field: str, message: str) -> Problem:
    return Problem(f"baris {row}, kolom {HEADER[field]}", message)


def read_rows(
    data: bytes, levels=LEVELS_BY_KIND[BudgetKind.APBN]
) -> tuple[list[dict], list[Problem]]:
    """Rows as dataset lines; type problems named by row and column. ``levels``: those
    of the budget's kind."""
    try:
        book = open_workbook(data)
    except WorkbookError as exc:
        return [], [Problem("", str(exc))]
    if SHEET not in book.sheetnames:
        return [], [
            Problem(
                "",
                _('tidak ada lembar "%(sheet)s"; lembar yang ada: %(sheets)s')
                % {"sheet": SHEET, "sheets": ", ".join(book.sheetnames)},
            )
        ]
    rows = book[SHEET].iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, [])]
    missing = [t for f, t in COLUMNS if t not in header and f not in OPTIONAL]
    if missing:
        return [], [Problem("baris 1", _missing_columns(missing))]
    index = {field: header.index(title) for field, title in COLUMNS if title in header}
    lines, problems = [], []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS:
            return [], [Problem("", _too_many_rows())]
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        line, line_errors = _parse_row(
            number, {f: values[i] if i < len(values) else None for f, i in index.items()}, levels
        )
        problems += line_errors
        line["_row"] = number
        lines.append(line)
    return lines, problems


def _parse_row(number: int, cells: dict, levels) -> tuple[dict, list[Problem]]:
    problems = []
    text = {f: (str(cells[f]).strip() if cells[f] is not None else "") for f in cells}
    for field in ("code", "name"):
        if not text[field]:
            problems.append(_cell_problem(number, field, _("tidak boleh kosong")))
    level = text["level"].lower().replace(" ", "_")
    if level not in levels:
        problems.append(_cell_problem(number, "level", _one_of(levels, text["level"])))
        level = levels[-1]
    amounts = {}
    for field in ("ceiling", "spending"):
        value = cells[field]
        if value is None or text[field] == "":
            amounts[field] = None
            continue
        try:
            # Text the Indonesian way, whole rupiah: "1.234" is 1234 (core.numbers).
            amount = (
                parse_number_text(value, whole=True)
                if isinstance(value, str)
                else Decimal(str(value))
            )
        except (InvalidOperation, NumberTextError):
            problems.append(
                _cell_problem(
                    number, field, _('seharusnya jumlah uang, bukan "%(value)s"') % {"value": value}
                )
            )
            continue
        if not amount.is_finite() or abs(amount) >= Decimal(10) ** 18:
            # Found by tests/fuzz: a float near 1.8e308 overflowed int().
            problems.append(
                _cell_problem(number, field, _("%(value)s terlalu besar") % {"value": value})
            )
            continue
        if amount != amount.to_integral_value():
            problems.append(
                _cell_problem(
                    number, field, _("seharusnya rupiah utuh, bukan %(value)s") % {"value": amount}
                )
            )
            continue
        amounts[field] = int(amount)
    codes = [c.strip() for c in text["indicators"].replace(";", ",").split(",") if c.strip()]
    return {
        "code": text["code"],
        "level": level,
        "name": text["name"] or "-",
        "indicators": codes,
        "unlinked_reason": text["unlinked_reason"] or None,
        "source": text.get("source", "").lower() or None,
        **amounts,
    }, problems


def _missing_columns(missing: list[str]) -> str:
    return _("kolom tidak ada: %(columns)s") % {"columns": ", ".join(missing)}


def _too_many_rows() -> str:
    return _("lebih dari %(count)s baris") % {"count": MAX_ROWS}


def _one_of(allowed, value: str) -> str:
    return _('seharusnya salah satu dari %(choices)s, bukan "%(value)s"') % {
        "choices": ", ".join(allowed),
        "value": value,
    }


def _output_problem(row: int, field: str, message: str) -> Problem:
    return Problem(f"{OUTPUT_SHEET} baris {row}, kolom {OUTPUT_HEADER[field]}", message)


def _number(value) -> Decimal | None | str:
    """A cell as a measure: ``None`` when empty, the text when it is not a number."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    try:
        return parse_number_text(text) if isinstance(value, str) else Decimal(text)
    except (InvalidOperation, NumberTextError):
        return text


def read_outputs(data: bytes, line_codes: set[str]) -> tuple[dict | None, list[Problem]]:
    """The sheet of output indicators as dataset outputs by line code; ``None`` when the
    workbook has no such sheet (the lines' outputs are then kept as they are)."""
    try:
        book = open_workbook(data)
    except WorkbookError:
        return None, []  # read_rows reports it
    if OUTPUT_SHEET not in book.sheetnames:
        return None, []
    rows = book[OUTPUT_SHEET].iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, [])]
    missing = [title for _, title in OUTPUT_COLUMNS if title not in header]
    if missing:
        return None, [Problem(f"{OUTPUT_SHEET} baris 1", _missing_columns(missing))]
    index = {field: header.index(title) for field, title in OUTPUT_COLUMNS}
    outputs: dict[str, list[dict]] = {}
    problems = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS:
            return None, [Problem(OUTPUT_SHEET, _too_many_rows())]
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        cells = {f: values[i] if i < len(values) else None for f, i in index.items()}
        text = {f: str(v).strip() if v is not None else "" for f, v in cells.items()}
        for field in ("line", "name", "unit"):
            if not text[field]:
                problems.append(_output_problem(number, field, _("tidak boleh kosong")))
        if text["line"] and text["line"] not in line_codes:
            problems.append(
                _output_problem(
                    number,
                    "line",
                    _('"%(line)s" bukan baris lembar %(sheet)s')
                    % {"line": text["line"], "sheet": SHEET},
                )
            )
        output = {"name": text["name"] or "-", "unit": text["unit"] or "-"}
        for field, allowed in (
            ("polarity", OUTPUT_POLARITIES),
            ("aggregation", Aggregation.values),
        ):
            if text[field] and text[field] not in allowed:
                problems.append(_output_problem(number, field, _one_of(allowed, text[field])))
            elif text[field]:
                output[field] = text[field]
        numbers = {}
        for field in ("target", "year", "q1", "q2", "q3", "q4"):
            value = _number(cells[field])
            if isinstance(value, str):
                problems.append(
                    _output_problem(
                        number, field, _('seharusnya angka, bukan "%(value)s"') % {"value": value}
                    )
                )
            elif value is not None and field == "target" and value < 0:
                problems.append(_output_problem(number, field, _("tidak boleh negatif")))
            elif value is not None:
                numbers[field] = value
        output["target"] = numbers.pop("target", None)
        output["realizations"] = numbers
        outputs.setdefault(text["line"], []).append(output)
    return outputs, problems


def _rename(problem: Problem, lines: list[dict]) -> Problem:
    """``lines[4].ceiling: …`` (dataset form) → ``baris 6, kolom Pagu: …``."""
    head, _, field = problem.path.partition(".")
    index = int(head[head.index("[") + 1 : -1])
    return _cell_problem(lines[index]["_row"], field, problem.message)


def import_lines(unit: Unit, year: int, data: bytes, *, dry_run: bool = False) -> ImportResult:
    """Validate every row, then upsert the lines by code in one transaction; with
    ``dry_run`` report what would change and write nothing."""
    # The rules of the budget's kind (levels, sources); a new budget is a DIPA unless the
    # dataset recorded the year's budget as a DPA first.
    stored = BudgetYear.objects.filter(unit=unit, year=year).first()
    kind = stored.kind if stored else BudgetKind.APBN
    defined = list(stored.funding_sources.values_list("code", flat=True)) if stored else ()
    lines, problems = read_rows(data, LEVELS_BY_KIND[kind])
    outputs, output_problems = read_outputs(data, {line["code"] for line in lines})
    problems += output_problems
    if outputs is not None:  # the sheet states the outputs of every listed line
        for line in lines:
            line["outputs"] = outputs.get(line["code"], [])
    indicators = _indicator_codes(unit, year)
    # A cell that could not be read already has its message; rules about it would only
    # repeat it in other words ("a line with spending needs a ceiling").
    unreadable = {p.path for p in problems}
    problems += [
        renamed
        for p in line_problems(
            lines, set(indicators), "lines", kind=kind, sources=source_codes(kind, defined)
        )
        if (renamed := _rename(p, lines)).path not in unreadable
    ]
    if problems:
        raise DatasetInvalid(problems)
    report = LoadReport(unit=unit.code)
    with transaction.atomic():
        writer = Upserter(report)
        budget = writer.upsert(BudgetYear, {"unit": unit, "year": year}, {})
        write_lines(writer, budget, lines, indicators.__getitem__)
        if dry_run:
            transaction.set_rollback(True)
    return ImportResult(report=report, rows=len(lines), dry_run=dry_run)
