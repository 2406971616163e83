"""Every XLSX and CSV kinerja writes keeps hostile text as text (docs/security.md)."""

import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from openpyxl import Workbook, load_workbook

from kinerja.audit.export import csv_lines
from kinerja.audit.models import Change
from kinerja.budget.models import Line
from kinerja.budget.spreadsheet import export_lines
from kinerja.core.spreadsheets import (
    csv_cell,
    csv_text,
    is_formula_text,
    workbook_bytes,
)
from kinerja.org.models import Unit
from kinerja.planning.models import Indicator, PlanVersion
from kinerja.planning.services import export_realizations
from kinerja.planning.spreadsheet import export_targets
from kinerja.reports.finals import build_document, render
from kinerja.sources.tabular import KINDS, NESTED, export_records

HOSTILE = [
    '=HYPERLINK("http://evil.example/x","Lihat lampiran")',
    "=1+1",
    "+1+1",
    "-1+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def formula_cells(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [
        f"{sheet.title}!{cell.coordinate}={cell.value!r}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def dangerous_csv_cells(text: str) -> list[str]:
    return [
        cell
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))
        for cell in row
        if is_formula_text(cell)
    ]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("=1+1", "'=1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+62 812", "'+62 812"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12,5", "-12,5"),
        ("+3", "+3"),
        ("-1e-3", "-1e-3"),
        ("Capaian", "Capaian"),
        (None, ""),
    ],
)
def test_csv_cell_neutralises_formulas_but_not_numbers(text, expected):
    assert csv_cell(text) == expected
    assert csv_text(csv_cell(text)) == ("" if text is None else text)


def test_workbook_bytes_keeps_the_text():
    book = Workbook()
    for row, text in enumerate(HOSTILE, start=1):
        book.active.cell(row, 1, text)
    data = workbook_bytes(book)
    assert formula_cells(data) == []
    assert [c.value for c in load_workbook(io.BytesIO(data)).active["A"]] == HOSTILE


@pytest.mark.django_db
def test_no_writer_writes_a_formula(demo):
    unit = Unit.objects.get(code="bspji-palembang")
    year = 2023
    hostile = iter(HOSTILE * 1000)
    for indicator in Indicator.objects.filter(version__plan__unit=unit):
        indicator.name = next(hostile)
        indicator.unit_label = "=1+1"
        indicator.save(update_fields=["name", "unit_label"])
    Line.objects.filter(budget__unit=unit).update(name=HOSTILE[0], unlinked_reason="=1+1")
    Change.objects.create(
        username="=1+1",
        source="@web",
        action="update",
        content_type=ContentType.objects.get_for_model(Indicator),
        object_id=1,
        object_repr=HOSTILE[0],
        unit=unit,
        before={"name": "-2+3"},
        after={"name": HOSTILE[0]},
        reason="+SUM(1)",
    )

    found = {}
    for kind, period in (("lakin", ""), ("perkin", ""), ("quarterly", "q1")):
        found[kind] = formula_cells(render(build_document(kind, unit, year, period), "xlsx"))
    version = PlanVersion.objects.get(plan__unit=unit, in_force=True)
    found["targets"] = formula_cells(export_targets(version, version.indicators.all()))
    found["realizations"] = formula_cells(export_realizations(unit, year))
    found["budget"] = formula_cells(export_lines(unit, year))
    for kind in KINDS:
        found[f"records {kind}"] = formula_cells(export_records(kind, unit, year=year))
        if kind not in NESTED:
            csv_text_ = export_records(kind, unit, year=year, fmt="csv").decode("utf-8-sig")
            found[f"records {kind} csv"] = dangerous_csv_cells(csv_text_)
    audit = "".join(csv_lines(Change.objects.filter(unit=unit)))
    found["audit csv"] = dangerous_csv_cells(audit)
    assert {name: cells for name, cells in found.items() if cells} == {}
    assert "'=HYPERLINK" in audit and "'+SUM(1)" in audit  # kept, marked as text
