"""The DIPA line listing as an XLSX workbook: export, and an all-or-nothing import with
row-level messages ("baris 7, kolom Pagu: …"). The rules are those of the dataset's
`budgets[].lines` (dataset.line_problems), so a listing means the same in both forms."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO
from zipfile import BadZipFile

from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from kinerja.datasets.errors import DatasetInvalid, Problem
from kinerja.datasets.load import LoadReport, Upserter
from kinerja.measurement.selectors import MeasuresUnavailable
from kinerja.org.models import Unit
from kinerja.planning.models import Agreement, PlanVersion

from .choices import LineLevel
from .dataset import line_problems, write_lines
from .models import BudgetYear, Line

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
]
HEADER = {field: title for field, title in COLUMNS}
RUPIAH_FORMAT = "#,##0"  # shown with "." separators by an Indonesian-locale spreadsheet
MAX_ROWS = 20_000  # far above any DIPA; refuses a workbook that would exhaust memory


def export_lines(unit: Unit, year: int) -> bytes:
    budget = BudgetYear.objects.filter(unit=unit, year=year).first()
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([title for _, title in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
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
            ]
        )
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=5):
        for cell in row:
            cell.number_format = RUPIAH_FORMAT
    for letter, width in zip("ABCDEFG", (24, 13, 60, 18, 18, 14, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()


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
        raise MeasuresUnavailable(f"{unit.code} has no plan to link budget lines to")
    return {i.code: i for i in version.indicators.all()}


def _cell_problem(row: int, field: str, message: str) -> Problem:
    return Problem(f"baris {row}, kolom {HEADER[field]}", message)


def read_rows(data: bytes) -> tuple[list[dict], list[Problem]]:
    """Rows as dataset lines; type problems named by row and column."""
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        return [], [Problem("", f"not an XLSX workbook: {exc}")]
    if SHEET not in book.sheetnames:
        return [], [Problem("", f'no sheet "{SHEET}"; sheets: {", ".join(book.sheetnames)}')]
    rows = book[SHEET].iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, [])]
    missing = [title for _, title in COLUMNS if title not in header]
    if missing:
        return [], [Problem("baris 1", f"missing column(s): {', '.join(missing)}")]
    index = {field: header.index(title) for field, title in COLUMNS}
    lines, problems = [], []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS:
            return [], [Problem("", f"more than {MAX_ROWS} rows")]
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        line, line_errors = _parse_row(
            number, {f: values[i] if i < len(values) else None for f, i in index.items()}
        )
        problems += line_errors
        line["_row"] = number
        lines.append(line)
    return lines, problems


def _parse_row(number: int, cells: dict) -> tuple[dict, list[Problem]]:
    problems = []
    text = {f: (str(cells[f]).strip() if cells[f] is not None else "") for f in cells}
    for field in ("code", "name"):
        if not text[field]:
            problems.append(_cell_problem(number, field, "must not be empty"))
    level = text["level"].lower()
    if level not in LineLevel.values:
        problems.append(
            _cell_problem(
                number,
                "level",
                f'expected one of {", ".join(LineLevel.values)}; got "{text["level"]}"',
            )
        )
        level = LineLevel.SUBKOMPONEN
    amounts = {}
    for field in ("ceiling", "spending"):
        value = cells[field]
        if value is None or text[field] == "":
            amounts[field] = None
            continue
        try:
            amount = Decimal(
                str(value).replace(".", "").replace(",", ".")
                if isinstance(value, str)
                else str(value)
            )
        except InvalidOperation:
            problems.append(_cell_problem(number, field, f'expected an amount, got "{value}"'))
            continue
        if amount != amount.to_integral_value():
            problems.append(_cell_problem(number, field, f"expected whole rupiah, got {amount}"))
            continue
        amounts[field] = int(amount)
    codes = [c.strip() for c in text["indicators"].replace(";", ",").split(",") if c.strip()]
    return {
        "code": text["code"],
        "level": level,
        "name": text["name"] or "-",
        "indicators": codes,
        "unlinked_reason": text["unlinked_reason"] or None,
        **amounts,
    }, problems


def _rename(problem: Problem, lines: list[dict]) -> Problem:
    """``lines[4].ceiling: …`` (dataset form) → ``baris 6, kolom Pagu: …``."""
    head, _, field = problem.path.partition(".")
    index = int(head[head.index("[") + 1 : -1])
    return _cell_problem(lines[index]["_row"], field, problem.message)


def import_lines(unit: Unit, year: int, data: bytes, *, dry_run: bool = False) -> ImportResult:
    """Validate every row, then upsert the lines by code in one transaction; with
    ``dry_run`` report what would change and write nothing."""
    lines, problems = read_rows(data)
    indicators = _indicator_codes(unit, year)
    # A cell that could not be read already has its message; rules about it would only
    # repeat it in other words ("a line with spending needs a ceiling").
    unreadable = {p.path for p in problems}
    problems += [
        renamed
        for p in line_problems(lines, set(indicators), "lines")
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
