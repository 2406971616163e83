"""The demo's 2023 quarters: filled and approved through the workflow by the demo
accounts (demo/quarters.py, bspji-palembang-quarters.yaml), so the quarterly matrix agrees
with the dashboard, and nothing of the LAKIN moves."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from test_golden import COMPUTED_2023, measures_json

from kinerja.dashboard.selectors import unit_dashboard
from kinerja.demo import services
from kinerja.demo.quarters import (
    PLACEHOLDER_MARK,
    QuartersInvalid,
    load_quarters,
    read_quarters,
)
from kinerja.measurement.choices import EntryStatus, WorkflowAction
from kinerja.measurement.entry_selectors import entry_matrix
from kinerja.measurement.models import Evidence, QuarterEntry, Realization, WorkflowEvent
from kinerja.org.models import Unit
from kinerja.reports.lakin import build_lakin, content_hash

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 1, 31)


@pytest.fixture
def palembang():
    return Unit.objects.get(code="bspji-palembang")


def test_the_matrix_shows_the_52_quarters_approved(demo_quarters, palembang):
    matrix = entry_matrix(palembang, 2023, demo_quarters["kepala"], TODAY)
    cells = [cell for row in matrix.rows for cell in row.cells]
    assert len(cells) == 52
    assert {cell.status for cell in cells} == {EntryStatus.APPROVED}
    assert all(cell.evidence_count == 1 for cell in cells)
    for name in ("pic", "perencana", "koordinator", "kepala"):
        matrix = entry_matrix(palembang, 2023, demo_quarters[name], TODAY)
        assert not any(row.needs_me for row in matrix.rows), name


def test_each_quarter_went_through_every_step_by_the_right_account(demo_quarters):
    steps = {}
    for event in WorkflowEvent.objects.select_related("entry__indicator", "user"):
        key = (event.entry.indicator.code, event.entry.quarter)
        steps.setdefault(key, []).append((event.action, event.user.username))
    assert len(steps) == 52
    for (code, _quarter), done in steps.items():
        owner = "pic" if code in services.DEMO_PIC_INDICATORS else "perencana"
        assert done == [
            (WorkflowAction.SUBMIT, owner),
            (WorkflowAction.VERIFY, "koordinator"),
            (WorkflowAction.APPROVE, "kepala"),
        ], code


def test_typed_figures_and_narratives_are_the_files(demo_quarters):
    typed = dict(
        Realization.objects.filter(indicator__code="SK3.1", year=2023)
        .exclude(period="year")
        .values_list("period", "value")
    )
    assert typed == {
        "q1": Decimal("11.75"),
        "q2": Decimal("29.39"),
        "q3": Decimal("47.02"),
        "q4": Decimal("58.77"),
    }
    q2 = QuarterEntry.objects.get(indicator__code="SK1.1", year=2023, quarter=2)
    assert q2.narrative.startswith("Kegiatan rencana aksi triwulan II: B04 Monitoring")
    assert "Kemajuan fisik kumulatif 50 % dari target 50 %" in q2.narrative


def test_the_evidence_is_a_pdf_marked_as_a_demo_placeholder(demo_quarters):
    evidence = Evidence.objects.get(entry__indicator__code="SK3.4", entry__quarter=4)
    assert evidence.content_type == "application/pdf"
    assert evidence.original_name == "bukti-SK3.4-tw4-2023-contoh.pdf"
    with evidence.file.open("rb") as stream:
        content = stream.read()
    assert content.startswith(b"%PDF-")
    assert PLACEHOLDER_MARK.encode() in content


def test_the_dashboard_shows_the_approved_quarter_figure(client, demo_quarters, palembang):
    board = unit_dashboard(palembang, 2023, TODAY)
    sk31 = next(row for row in board.indicators if row.code == "SK3.1")
    assert [cell.approved_value for cell in sk31.quarters] == [
        Decimal("11.75"),
        Decimal("29.39"),
        Decimal("47.02"),
        Decimal("58.77"),
    ]
    assert board.missing == 0 and board.late == 0
    client.force_login(demo_quarters["kepala"])
    page = client.get(reverse("dashboard:unit", args=["bspji-palembang", 2023]))
    text = page.content.decode()
    assert "Angka disetujui 47,02" in text
    assert "Belum diisi" not in text


def test_the_dashboard_shows_no_figure_for_a_quarter_not_approved(users, palembang):
    board = unit_dashboard(palembang, 2023, TODAY)
    assert all(cell.approved_value is None for row in board.indicators for cell in row.quarters)


def test_the_quarters_change_no_figure_of_the_year(demo_quarters):
    rows = measures_json()["indicators"]
    got = {r["code"]: (r["realization"], r["achievement_pct"]) for r in rows}
    assert got == COMPUTED_2023


def test_the_lakin_is_the_same_with_and_without_the_quarters(demo_quarters, palembang):
    today = dt.date(2024, 1, 31)
    with_quarters = content_hash(build_lakin(palembang, 2023, today=today))
    Evidence.objects.all().delete()
    QuarterEntry.objects.all().delete()
    Realization.objects.filter(period__in=["q1", "q2", "q3", "q4"]).delete()
    assert content_hash(build_lakin(palembang, 2023, today=today)) == with_quarters


def test_loading_the_quarters_again_changes_nothing(demo_quarters):
    before = WorkflowEvent.objects.count()
    assert services.load_demo_quarters()["approved"] == 0
    assert WorkflowEvent.objects.count() == before


def test_a_bad_quarters_file_names_the_place_and_writes_nothing(users):
    text = """
unit: bspji-palembang
year: 2023
indicators:
  - indicator: SK3.1
    quarters:
      - {quarter: 1, value: 11.75, narrative: "Triwulan I"}
      - {quarter: 5, value: 1, narrative: "?"}
"""
    with pytest.raises(QuartersInvalid, match=r"indicators\[0\] \(SK3.1\) quarters\[1\]"):
        read_quarters(text)
    with pytest.raises(QuartersInvalid):
        load_quarters(text)
    with pytest.raises(QuartersInvalid, match="value True is not a number"):
        read_quarters(text.replace("quarter: 5, value: 1,", "quarter: 2, value: true,"))
    with pytest.raises(QuartersInvalid, match="no unit “balai-tidak-ada”"):
        load_quarters(
            text.replace("bspji-palembang", "balai-tidak-ada").replace("quarter: 5", "quarter: 2")
        )
    assert not QuarterEntry.objects.exists()


def test_a_typed_figure_for_a_computed_indicator_is_refused_and_nothing_is_written(users):
    text = """
unit: bspji-palembang
year: 2023
indicators:
  - indicator: SK3.1
    quarters:
      - {quarter: 1, value: 11.75, narrative: "Triwulan I"}
  - indicator: SK2.2
    quarters:
      - {quarter: 1, value: 3, narrative: "Triwulan I"}
"""
    with pytest.raises(ValidationError, match="dihitung dari catatan unit"):
        load_quarters(text)
    assert not QuarterEntry.objects.exists()
    assert not Realization.objects.filter(period="q1").exists()
