"""Semester columns in the realization workbook: written when an indicator of the year's
agreement reports per semester, read (S1/S2, "Semester I"…) under the rules of the
quarter that ends each semester."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from planning_xlsx import cell, edit_cell

from kinerja.datasets.load import load_text
from kinerja.measurement import workflow
from kinerja.measurement.choices import EntryStatus
from kinerja.measurement.models import QuarterEntry, Realization
from kinerja.org.choices import Role
from kinerja.org.models import Membership, Unit
from kinerja.planning import services, spreadsheet
from kinerja.planning.models import Indicator

REGIONAL = Path(__file__).parents[1] / "datasets" / "regional.yaml"
SHEET = spreadsheet.REALIZATION_SHEET
pytestmark = pytest.mark.django_db


@pytest.fixture
def inspektorat():
    """The regional test unit: S2.1 and S2.2 report per semester (s1 55 / 72.5 …)."""
    load_text(REGIONAL.read_text())
    return Unit.objects.get(code="inspektorat-kabupaten-contoh")


@pytest.fixture
def planner(inspektorat):
    user = get_user_model().objects.create_user("perencana-insp")
    Membership.objects.create(user=user, unit=inspektorat, role=Role.PLANNER)
    return user


def header(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [c for c in next(book[SHEET].iter_rows(values_only=True)) if c is not None]


def test_a_unit_with_semester_indicators_gets_s1_and_s2_columns(inspektorat):
    data = services.export_realizations(inspektorat, 2023)
    assert header(data)[4:] == ["Tahunan", "TW1", "TW2", "TW3", "TW4", "S1", "S2"]
    assert (cell(data, SHEET, "S2.1", "S1"), cell(data, SHEET, "S2.1", "S2")) == (55, 72.5)
    assert cell(data, SHEET, "S2.2", "S2") == 24
    book = load_workbook(io.BytesIO(data), read_only=True)
    guide = " ".join(str(r[0]) for r in book.worksheets[0].iter_rows(values_only=True) if r[0])
    assert "S1–S2 untuk nilai tiap semester" in guide


def test_a_unit_without_them_keeps_the_quarter_columns_only(regional_demo):
    data = services.export_realizations(Unit.objects.get(code="setda-sumut"), 2021)
    assert header(data)[4:] == ["Tahunan", "TW1", "TW2", "TW3", "TW4"]


def test_a_semester_figure_is_read_and_written_through_the_file(inspektorat, planner):
    data = services.export_realizations(inspektorat, 2023)
    data = edit_cell(data, SHEET, "S2.1", "S2", 80)
    review = services.review_realizations(inspektorat, 2023, data)
    assert review.problems == []
    assert [(c.code, c.column, c.old, c.new) for c in review.changes] == [
        ("S2.1", "S2", "72,5", "80")
    ]
    services.apply_realizations(inspektorat, 2023, data, user=planner)
    row = Realization.objects.get(indicator__code="S2.1", year=2023, period="s2")
    assert row.value == Decimal(80)


def test_semester_headers_may_be_written_out(inspektorat):
    data = services.export_realizations(inspektorat, 2023)
    book = load_workbook(io.BytesIO(data))
    ws = book[SHEET]
    for c in ws[1]:
        if c.value == "S1":
            c.value = "Semester I"
    out = io.BytesIO()
    book.save(out)
    changed = edit_cell(out.getvalue(), SHEET, "S2.2", "Semester I", 19)
    review = services.review_realizations(inspektorat, 2023, changed)
    assert [(c.code, c.new) for c in review.changes] == [("S2.2", "19")]


def test_a_semester_is_refused_for_a_quarterly_indicator_and_a_quarter_for_a_semester_one(
    inspektorat,
):
    data = services.export_realizations(inspektorat, 2023)
    data = edit_cell(data, SHEET, "S1.1", "S1", 50)  # S1.1 is reported per quarter
    data = edit_cell(data, SHEET, "S2.2", "TW2", 9)
    review = services.review_realizations(inspektorat, 2023, data)
    assert sorted(p.message for p in review.problems) == [
        "S1.1 dilaporkan triwulanan; isi kolom Tahunan, TW1, TW2, TW3, TW4",
        "S2.2 dilaporkan semesteran; isi kolom Tahunan, S1, S2",
    ]
    assert review.changes == []


def test_a_semester_follows_the_report_of_the_quarter_that_ends_it(inspektorat):
    """S2's figure belongs to quarter IV's report: once that report is approved, the file
    cannot change it, as the entry form could not; S1 (quarter II) stays open."""
    s21 = Indicator.objects.get(version__plan__unit=inspektorat, code="S2.1")
    entry = workflow.entry_for(s21, 2023, 4)
    QuarterEntry.objects.filter(pk=entry.pk).update(status=EntryStatus.APPROVED)
    data = services.export_realizations(inspektorat, 2023)
    data = edit_cell(data, SHEET, "S2.1", "S2", 90)
    data = edit_cell(data, SHEET, "S2.1", "S1", 60)
    review = services.review_realizations(inspektorat, 2023, data)
    (problem,) = review.problems
    assert problem.path.endswith("kolom S2")
    assert [(c.column, c.new) for c in review.changes] == [("S1", "60")]
