"""Importing SKM responses from a CSV file (one respondent per row), all or nothing.

The header names the nine elements by code, in any order; each row holds a score 1–4 or
nothing per element. Problems name row and column (`baris 7, kolom waktu_penyelesaian:
expected 1–4, got "5"`); the header is row 1, as a spreadsheet shows it. The imported
rows become the survey's imported responses (as a dataset's `responses` do): importing
the same file twice changes nothing, and web responses are never touched.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.core.spreadsheets import CsvError, csv_reader
from kinerja.datasets.errors import DatasetInvalid, Problem
from kinerja.measurement.services import refresh_computed
from kinerja.org.models import Unit

from .choices import DEFAULT_ELEMENTS, SCORES, Channel
from .dataset import element_problems
from .models import Survey
from .services import ResponsesChange, ensure_survey, replace_offline_responses

MAX_ROWS = 100_000  # far above any unit's respondents; refuses a file that would exhaust memory
_DELIMITERS = ",;\t"  # spreadsheets in an Indonesian locale write ";"


@dataclass(frozen=True)
class ImportResult:
    survey: Survey
    rows: int
    change: ResponsesChange
    survey_created: bool
    dry_run: bool


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_rows(data: bytes) -> tuple[list[str], list[dict[str, int | None]], list[Problem]]:
    """The header's element codes, the rows as {code: score or None}, and every problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [], [Problem("", _("bukan teks UTF-8: %(error)s") % {"error": exc})]
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], [], [Problem("baris 1", _("berkas kosong; seharusnya ada baris judul kolom"))]
    reader = csv_reader(text, _delimiter(lines[0]))
    try:
        return _read(reader)
    except CsvError as exc:
        return [], [], [Problem("", str(exc))]


def _read(reader) -> tuple[list[str], list[dict[str, int | None]], list[Problem]]:
    header = [cell.strip().lower() for cell in next(reader)]
    problems = [
        Problem(
            "baris 1",
            _('kolom "%(name)s" tidak dikenal; kolomnya adalah kode unsur') % {"name": name},
        )
        for name in header
        if name and name not in DEFAULT_ELEMENTS
    ]
    problems += [
        Problem("baris 1", p.message)
        for p in element_problems([h for h in header if h in DEFAULT_ELEMENTS], "")
    ]
    if problems:
        return [], [], problems
    rows: list[dict[str, int | None]] = []
    for number, cells in enumerate(reader, start=2):
        if number > MAX_ROWS:
            return [], [], [Problem("", _("lebih dari %(count)s baris") % {"count": MAX_ROWS})]
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue  # a blank line, or a respondent who answered nothing
        if len(cells) > len(header) and any(cells[len(header) :]):
            problems.append(
                Problem(
                    f"baris {number}",
                    _("%(values)s nilai untuk %(columns)s kolom")
                    % {"values": len(cells), "columns": len(header)},
                )
            )
            continue
        row = {}
        for code, raw in zip(header, cells + [""] * (len(header) - len(cells)), strict=False):
            if raw == "":
                row[code] = None
            elif raw in {str(s) for s in SCORES}:
                row[code] = int(raw)
            else:
                row[code] = None
                problems.append(
                    Problem(
                        f"baris {number}, kolom {code}",
                        _('seharusnya 1–4, bukan "%(value)s"') % {"value": raw},
                    )
                )
        rows.append(row)
    return header, rows, problems


def import_responses(
    unit: Unit,
    year: int,
    data: bytes,
    *,
    service_type: str | None = None,
    dry_run: bool = False,
    replace: bool = False,
) -> ImportResult:
    """Validate every row, then make them the imported responses of the survey of
    (unit, year, service type) in one transaction. A new survey takes the header's order
    as its element order; computed realizations of the year are refreshed, as after a
    dataset load. ``dry_run`` reports what would change and writes nothing.

    Earlier imported responses are replaced only with ``replace`` (``--replace``): without
    it, a file that would change them — a corrected file, or one with only a header — is
    refused and nothing changes. The first import, and a file that repeats the stored
    responses, need no ``replace``."""
    header, rows, problems = read_rows(data)
    if problems:
        raise DatasetInvalid(problems)
    with transaction.atomic():
        survey, created = ensure_survey(unit, year, service_type, header)
        if survey.synthetic:  # real responses replace the generated ones
            survey.synthetic = False
            survey.save(update_fields=["synthetic", "updated_at"])
        codes = survey.element_codes()
        change = replace_offline_responses(
            survey, [[row[code] for code in codes] for row in rows], channel=Channel.IMPORT
        )
        if change.deleted and not replace:
            raise DatasetInvalid(
                [
                    Problem(
                        "",
                        _(
                            "berkas ini akan mengganti %(deleted)s jawaban yang diimpor "
                            "sebelumnya dengan %(rows)s barisnya; jalankan lagi dengan "
                            "--replace untuk menggantinya (tidak ada yang diubah)"
                        )
                        % {"deleted": change.deleted, "rows": len(rows)},
                    )
                ]
            )
        if dry_run:
            transaction.set_rollback(True)
        elif change.changed:  # the SKM indicator's stored realization follows the records
            refresh_computed(unit, [year])
    return ImportResult(
        survey=survey, rows=len(rows), change=change, survey_created=created, dry_run=dry_run
    )
