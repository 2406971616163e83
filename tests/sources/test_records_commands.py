"""`kinerja records_import` and `kinerja records_export`."""

import json
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import load_workbook
from records_data import realizations, snapshot

from kinerja.sources.models import AuditRecommendation

pytestmark = pytest.mark.django_db


def run(name, *args, **options) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_export_then_import_reports_nothing_changed(tmp_path, unit):
    path = tmp_path / "temuan.xlsx"
    run("records_export", "audit_recommendations", unit="balai-contoh", output=str(path))
    out = run("records_import", "audit_recommendations", str(path), unit="balai-contoh")
    assert out.strip() == (
        "4 baris: auditrecommendation: 0 dibuat, 0 diperbarui, 4 tetap; "
        "0 realisasi terhitung berubah"
    )
    with translation.override("en"):
        out = run("records_import", "audit_recommendations", str(path), unit="balai-contoh")
    assert out.strip() == (
        "4 rows: auditrecommendation: 0 were created, 0 updated, 4 unchanged; "
        "0 computed realizations were changed"
    )


def test_import_with_json_and_a_dry_run(tmp_path, unit):
    path = tmp_path / "temuan.csv"
    path.write_text(
        "year;report_number;number;kind;text;status\n2023;LHA-1;4;suggestion;Rekomendasi 4;done\n",
        encoding="utf-8-sig",
    )
    out = run(
        "records_import", "audit_recommendations", str(path), unit="balai-contoh", dry_run=True
    )
    assert out.strip() == (
        "1 baris: auditrecommendation: 0 akan dibuat, 1 diperbarui, 0 tetap; "
        "1 realisasi terhitung akan berubah (uji coba: tidak ada yang ditulis)"
    )
    assert AuditRecommendation.objects.get(number=4).status == "in_progress"
    data = json.loads(
        run("records_import", "audit_recommendations", str(path), unit="balai-contoh", json=True)
    )
    assert data == {
        "file": str(path),
        "kind": "audit_recommendations",
        "unit": "balai-contoh",
        "created": {},
        "updated": {"auditrecommendation": 1, "computed realization": 1},
        "unchanged": {},
        "rows": 1,
        "nested_rows": 0,
        "computed_realizations_changed": 1,
        "dry_run": False,
    }
    assert realizations()["SK2.5"] == "100"


def test_import_lists_every_problem_in_the_users_language_and_imports_nothing(tmp_path, unit):
    path = tmp_path / "belanja.csv"
    path.write_text(
        "year,account,name,domestic,ceiling,spending\n"
        "2023,521211,Bahan,mungkin,10,5\n"
        "2023,521299,Lain,ya,10,11\n"
    )
    before = snapshot(unit)
    with pytest.raises(CommandError) as info:
        run("records_import", "procurement_lines", str(path), unit="balai-contoh")
    # Indonesian by default, like the tables; the located part (row, column) is the same
    # in both languages.
    assert str(info.value) == (
        f"{path}: 2 masalah, tidak ada yang diimpor:\n"
        "  baris 2, kolom domestic: seharusnya ya atau tidak (true/false, 1/0, x), "
        'bukan "mungkin"\n'
        "  baris 3, kolom spending: realisasi 11 melebihi pagu 10"
    )
    with translation.override("en"), pytest.raises(CommandError) as info:
        run("records_import", "procurement_lines", str(path), unit="balai-contoh")
    assert str(info.value) == (
        f"{path}: 2 problems, nothing was imported:\n"
        '  baris 2, kolom domestic: expected ya or tidak (true/false, 1/0, x), got "mungkin"\n'
        "  baris 3, kolom spending: spending 11 is above the ceiling 10"
    )
    assert snapshot(unit) == before


def test_facilitations_with_measures_through_the_commands(tmp_path, unit):
    path = tmp_path / "fasilitasi.xlsx"
    run("records_export", "facilitations", unit="balai-contoh", year=2023, output=str(path))
    book = load_workbook(path)
    assert [r[0] for r in book["facilitations"].iter_rows(min_row=2, values_only=True)] == [
        "K1",
        "K2",
        "S1",
    ]
    book["measures"]["E2"] = 10  # K1: 15 → 10 minutes
    book.save(path)
    out = run("records_import", "facilitations", str(path), unit="balai-contoh")
    assert out.startswith("3 baris (3 measures): facilitation: 0 dibuat, 0 diperbarui, 3 ")
    assert "facilitationmeasure: 0 dibuat, 1 diperbarui, 0 tetap" in out
    assert out.rstrip().endswith("; 1 realisasi terhitung berubah")


def test_unknown_unit_missing_file_and_bad_output_names(tmp_path, unit):
    with pytest.raises(
        CommandError, match='unit "nowhere" tidak dikenal; unit yang mempunyai perjanjian kinerja: '
    ):
        run("records_import", "service_counts", "x.csv", unit="nowhere")
    with pytest.raises(CommandError, match="missing.xlsx: No such file"):
        run("records_import", "service_counts", str(tmp_path / "missing.xlsx"), unit="balai-contoh")
    with pytest.raises(
        CommandError, match=r"out.ods: seharusnya nama berkas yang berakhiran \.xlsx"
    ):
        run("records_export", "service_counts", unit="balai-contoh", output="out.ods")
    with pytest.raises(
        CommandError, match="facilitations mempunyai measures, yang tidak dapat dimuat berkas CSV"
    ):
        run("records_export", "facilitations", unit="balai-contoh", output=str(tmp_path / "f.csv"))
    with pytest.raises(CommandError, match="invalid choice: 'orders'"):
        run("records_export", "orders", unit="balai-contoh", output=str(tmp_path / "f.csv"))


@pytest.mark.usefixtures("english_messages")
def test_a_file_that_is_not_a_workbook(tmp_path, unit):
    path = tmp_path / "laporan.xlsx"
    path.write_text("ini bukan workbook")
    with pytest.raises(CommandError, match="1 problem.*\n  not an XLSX workbook"):
        run("records_import", "external_scores", str(path), unit="balai-contoh")


def test_csv_export_writes_the_import_columns(tmp_path, unit):
    path = tmp_path / "jumlah.csv"
    run("records_export", "service_counts", unit="balai-contoh", output=str(path))
    assert path.read_text(encoding="utf-8-sig").splitlines() == [
        "year,type,count,note",
        "2022,kalibrasi,1,",
        "2022,pengujian,2,Tabel 3.30",
        "2023,sertifikasi,2,",
    ]
    workbook = tmp_path / "jumlah.xlsx"
    run("records_export", "service_counts", unit="balai-contoh", output=str(workbook))
    assert load_workbook(BytesIO(workbook.read_bytes())).sheetnames == ["service_counts"]
