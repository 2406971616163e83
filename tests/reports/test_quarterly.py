"""The quarterly monitoring report on the demo (BSPJI Palembang 2023): the fourth quarter
agrees with the year's measures, earlier quarters show the Rencana Aksi milestones and
aggregate quarter rows; and the ``quarterly_report`` command."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from kinerja.core.numbers import round_half_up
from kinerja.measurement.models import Realization
from kinerja.measurement.selectors import MeasuresUnavailable, unit_measures
from kinerja.org.models import Unit
from kinerja.planning.models import Agreement
from kinerja.reports.document import Paragraph, Table, walk
from kinerja.reports.narratives import achievement_status_label
from kinerja.reports.quarterly import (
    BEHIND,
    CHAPTERS,
    ON_TRACK,
    build_quarterly,
    realization_to_date,
)

pytestmark = pytest.mark.django_db


def table(doc, key) -> Table:
    [found] = [t for t in doc.tables() if t.key == key]
    return found


def rows_by_code(t: Table) -> dict[str, dict]:
    titles = [c.title for c in t.columns]
    return {row[0]: dict(zip(titles, row, strict=True)) for row in t.rows}


def texts(doc) -> str:
    return "\n".join(b.text for s in doc.sections for b in walk(s) if isinstance(b, Paragraph))


@pytest.fixture
def palembang(demo):
    return Unit.objects.get(code="bspji-palembang")


def _indicator(unit, code):
    version = Agreement.objects.get(unit=unit, year=2023).version_in_force()
    return version.items.get(indicator__code=code).indicator


# -- the fourth quarter ----------------------------------------------------------------------
def test_q4_shows_the_year_realizations_and_achievements_of_unit_measures(palembang):
    doc = build_quarterly(palembang, 2023, 4)
    rows = rows_by_code(table(doc, "quarter-achievement"))
    measures = unit_measures(palembang, 2023).indicators
    assert list(rows) == [m.code for m in measures]
    for m in measures:
        row = rows[m.code]
        assert row["Target tahunan"] == m.target.value
        assert row["Realisasi s.d. TW IV"] == m.realization
        assert row["Capaian s.d. TW IV"] == m.achievement.pct
        assert row["Status"] == achievement_status_label(m.achievement.status)
    assert round_half_up(rows["SK1.1"]["Realisasi s.d. TW IV"], 2) == Decimal("53.33")
    assert rows["SK1.1"]["Target antara TW IV"] == Decimal(100)
    assert (rows["SK1.1"]["Target fisik TW IV"], rows["SK1.1"]["Realisasi fisik TW IV"]) == (
        Decimal(100),
        Decimal(100),
    )


def test_q4_shows_the_years_budget_labelled_as_yearly(palembang):
    doc = build_quarterly(palembang, 2023, 4)
    budget = table(doc, "budget-year")
    assert "(data tahunan)" in budget.caption
    titles = [c.title for c in budget.columns]
    total = dict(zip(titles, budget.total, strict=True))
    assert total["Pagu akhir"] == Decimal(15_507_847_000)
    assert total["Realisasi"] == Decimal(15_480_985_963)
    assert "Realisasi anggaran dicatat per tahun" in texts(doc)
    assert "Rp 15.480.985.963 dari pagu Rp 15.507.847.000 (99,83 %)" in texts(doc)


# -- an earlier quarter ----------------------------------------------------------------------
def test_q2_shows_the_milestones_and_physical_progress(palembang):
    doc = build_quarterly(palembang, 2023, 2)
    assert doc.title == "Laporan Kinerja Triwulan II"
    rows = rows_by_code(table(doc, "quarter-achievement"))
    sk11 = rows["SK1.1"]
    # Tabel 3.2 of the seed: SK1.1 in TW II, target 50 % and realization 50 %; the highest
    # milestone of B04–B06 is 50 %.
    assert sk11["Target antara TW II"] == Decimal(50)
    assert sk11["Target fisik TW II"] == Decimal(50)
    assert sk11["Realisasi fisik TW II"] == Decimal(50)
    assert sk11["Target tahunan"] == Decimal(30)
    # The demo records only year values: nothing is reported by the end of TW II.
    assert sk11["Realisasi s.d. TW II"] is None
    assert sk11["Capaian s.d. TW II"] is None
    assert sk11["Status"] == ON_TRACK
    activities = rows_by_code(table(doc, "quarter-activities"))["SK1.1"]
    assert activities["Rencana kegiatan"].splitlines()[0].startswith("B04 Monitoring efisiensi")
    assert activities["Target antara"] == Decimal(50)


def test_q2_says_quarterly_spending_is_not_recorded(palembang):
    doc = build_quarterly(palembang, 2023, 2)
    assert "Realisasi belanja per triwulan tidak dicatat" in texts(doc)
    ceiling = table(doc, "budget-ceiling")
    assert [c.title for c in ceiling.columns] == ["Sumber dana", "Pagu"]
    assert ceiling.total == ["Jumlah", Decimal(15_507_847_000)]
    assert "budget-year" not in [t.key for t in doc.tables()]


def test_chapters_and_tables_are_numbered(palembang):
    doc = build_quarterly(palembang, 2023, 2)
    assert [s.title.split(" sampai")[0] for s in doc.sections] == list(CHAPTERS)
    assert all(s.numbered for s in doc.sections)
    assert [(t.key, t.number) for t in doc.tables()] == [
        ("quarter-achievement", "2.1"),
        ("quarter-activities", "2.2"),
        ("budget-ceiling", "3.1"),
    ]


def test_quarter_rows_are_aggregated_up_to_the_quarter_by_the_indicators_rule(palembang):
    sk11 = _indicator(palembang, "SK1.1")  # last value, target 30
    sk22 = _indicator(palembang, "SK2.2")  # sum, target 2
    for indicator, period, value, note in (
        (sk11, "q1", 20, ""),
        (sk11, "q2", 40, "Efisiensi roasting setelah pendampingan"),
        (sk11, "q3", 45, ""),
        (sk22, "q1", 1, ""),
        (sk22, "q2", 1, ""),
    ):
        Realization.objects.create(
            indicator=indicator, year=2023, period=period, value=value, note=note
        )
    q1 = rows_by_code(table(build_quarterly(palembang, 2023, 1), "quarter-achievement"))
    assert q1["SK1.1"]["Realisasi s.d. TW I"] == Decimal(20)
    assert q1["SK1.1"]["Capaian s.d. TW I"].quantize(Decimal("0.01")) == Decimal("66.67")
    assert q1["SK2.2"]["Realisasi s.d. TW I"] == Decimal(1)
    assert q1["SK2.2"]["Capaian s.d. TW I"] == Decimal(50)

    doc = build_quarterly(palembang, 2023, 2)
    q2 = rows_by_code(table(doc, "quarter-achievement"))
    assert q2["SK1.1"]["Realisasi s.d. TW II"] == Decimal(40)  # the latest, not 20 + 40
    assert q2["SK2.2"]["Realisasi s.d. TW II"] == Decimal(2)  # 1 + 1
    assert q2["SK2.2"]["Capaian s.d. TW II"] == Decimal(100)
    assert q2["SK2.2"]["Status"] == "Target tahunan tercapai"
    notes = table(doc, "quarter-notes")
    assert notes.rows == [
        [
            "SK1.1",
            sk11.name,
            Decimal(40),
            "Efisiensi roasting setelah pendampingan",
            None,
        ]
    ]
    # The year row still decides the fourth quarter, as in unit_measures.
    q4 = rows_by_code(table(build_quarterly(palembang, 2023, 4), "quarter-achievement"))
    year = next(m for m in unit_measures(palembang, 2023).indicators if m.code == "SK1.1")
    assert q4["SK1.1"]["Realisasi s.d. TW IV"] == year.realization != Decimal(45)


def test_realization_to_date_without_a_year_row_aggregates_the_four_quarters():
    rows = [
        Realization(period="q1", value=Decimal(1)),
        Realization(period="q3", value=Decimal(2)),
    ]
    assert realization_to_date(rows, "sum", 1) == Decimal(1)
    assert realization_to_date(rows, "sum", 2) == Decimal(1)
    assert realization_to_date(rows, "sum", 4) == Decimal(3)
    assert realization_to_date(rows, "mean", 4) == Decimal("1.5")
    assert realization_to_date([], "last", 3) is None


def test_progress_behind_plan_is_flagged(palembang):
    plan = _indicator(palembang, "SK1.1").action_plans.get(year=2023)
    plan.progress.filter(quarter=2).update(realized_pct=30)
    doc = build_quarterly(palembang, 2023, 2)
    assert rows_by_code(table(doc, "quarter-achievement"))["SK1.1"]["Status"] == BEHIND
    assert "Di bawah rencana: SK1.1." in texts(doc)


def test_no_agreement_for_the_year(palembang):
    with pytest.raises(MeasuresUnavailable, match="tahun yang ada: 2023"):
        build_quarterly(palembang, 2022, 1)
    with pytest.raises(ValueError, match="quarter must be 1 to 4"):
        build_quarterly(palembang, 2023, 5)


# -- the command ---------------------------------------------------------------------------
def test_the_command_writes_the_xlsx(palembang, tmp_path):
    out = StringIO()
    call_command(
        "quarterly_report",
        unit="bspji-palembang",
        year=2023,
        quarter=2,
        format="xlsx",
        out=str(tmp_path),
        stdout=out,
    )
    path = tmp_path / "triwulan-bspji-palembang-2023-q2.xlsx"
    assert str(path) in out.getvalue()
    assert "Laporan triwulan bspji-palembang 2023 Q2 disusun: " in out.getvalue()
    workbook = load_workbook(path)
    assert {"quarter-achievement", "quarter-activities", "budget-ceiling"} <= set(
        workbook.sheetnames
    )
    assert workbook["quarter-achievement"]["A1"].value.startswith("Tabel 2.1 Capaian Kinerja")


def test_the_command_refuses_a_bad_quarter_and_a_missing_year(palembang, tmp_path):
    with pytest.raises(CommandError, match="invalid choice: 5"):
        call_command(
            "quarterly_report",
            unit="bspji-palembang",
            year=2023,
            quarter=5,
            format="xlsx",
            out=str(tmp_path),
        )
    with pytest.raises(CommandError, match="tidak mempunyai Perjanjian Kinerja tahun 2019"):
        call_command(
            "quarterly_report",
            unit="bspji-palembang",
            year=2019,
            quarter=1,
            format="xlsx",
            out=str(tmp_path),
        )


def test_a_failing_renderer_costs_only_its_format(palembang, tmp_path, monkeypatch):
    from kinerja.reports.management.commands import lakin as lakin_command

    real = lakin_command.renderer

    def fake_renderer(fmt):
        if fmt == "pdf":
            raise ImportError("no typst")
        return real(fmt)

    monkeypatch.setattr(lakin_command, "renderer", fake_renderer)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 dari 2 format tidak ditulis: pdf"):
        call_command(
            "quarterly_report",
            unit="bspji-palembang",
            year=2023,
            quarter=4,
            format="pdf,xlsx",
            out=str(tmp_path),
            stdout=out,
            stderr=err,
        )
    assert "pdf: perender tidak tersedia (no typst)" in err.getvalue()
    assert (tmp_path / "triwulan-bspji-palembang-2023-q4.xlsx").exists()
