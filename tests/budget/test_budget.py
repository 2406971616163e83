"""Budgets in the dataset, `kinerja budget`, `kinerja efficiency`, and the XLSX listing."""

import json
from io import BytesIO, StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook, load_workbook

from kinerja.budget.models import Line
from kinerja.budget.spreadsheet import export_lines, import_lines
from kinerja.datasets.dump import dump_text, find_plan
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.org.models import Unit

SMALL = Path(__file__).parents[1] / "datasets" / "small.yaml"
pytestmark = pytest.mark.django_db

BUDGETS = [
    {"year": 2022, "final_ceiling": 900, "spending": 850},
    {
        "year": 2023,
        "initial_ceiling": 1000,
        "final_ceiling": 1100,
        "spending": 990,
        "by_source": [
            {"source": "rupiah_murni", "final_ceiling": 800},
            {"source": "pnbp", "final_ceiling": 300, "spending": 290},
        ],
        "by_type": [{"type": "52", "final_ceiling": 1100}],
        "revisions": [
            {
                "number": 1,
                "date": "2023-02-02",
                "kind": "Revisi POK",
                "description": "Pergeseran anggaran",
            }
        ],
        "lines": [
            {"code": "EC", "level": "program", "name": "Program"},
            {"code": "6077.BAD", "level": "kro", "name": "Layanan"},
            {
                "code": "6077.BAD.001.051.A",
                "level": "subkomponen",
                "name": "Fasilitasi",
                "ceiling": 600,
                "spending": 540,
                "indicators": ["SK1.1"],
            },
            {
                "code": "6077.BAD.001.051.B",
                "level": "subkomponen",
                "name": "Layanan cepat",
                "ceiling": 400,
                "spending": 380,
                "indicators": ["SK1.2", "SK1.1"],
            },
            {
                "code": "WA.001",
                "level": "komponen",
                "name": "Gaji",
                "ceiling": 100,
                "spending": 70,
                "unlinked_reason": "belanja pegawai",
            },
        ],
    },
]
PNBP = [
    {
        "year": 2023,
        "revenue_target": 300,
        "permitted_use_pct": 94.98,
        "use_ceiling": 300,
        "use_spending": 290,
        "receipts": [
            {"category": "pengujian", "amount": 250},
            {"category": "konsultansi", "amount": 50},
        ],
    }
]


def dataset(budgets=BUDGETS, pnbp=PNBP) -> str:
    data = yaml.safe_load(SMALL.read_text())
    data["budgets"], data["pnbp"] = budgets, pnbp
    return yaml.safe_dump(data, sort_keys=False)


@pytest.fixture
def unit():
    load_text(dataset())
    return Unit.objects.get(code="balai-contoh")


def command_json(name, **options) -> dict:
    out = StringIO()
    call_command(name, unit="balai-contoh", year=2023, json=True, stdout=out, **options)
    return json.loads(out.getvalue())


def test_budget_json_reports_totals_breakdowns_revisions_and_link_problems(unit):
    data = command_json("budget")
    assert (data["ceiling"], data["spending"], data["absorption_pct"]) == ("1100", "990", "90.00")
    assert data["initial_ceiling"] == "1000"
    assert [s["source"] for s in data["by_source"]] == ["pnbp", "rupiah_murni"]
    assert data["revisions"] == [
        {
            "number": 1,
            "date": "2023-02-02",
            "kind": "Revisi POK",
            "description": "Pergeseran anggaran",
        }
    ]
    assert data["lines"] == {
        "count": 5,
        "unlinked": ["WA.001"],
        "unlinked_without_reason": [],
        "linked_twice": ["6077.BAD.001.051.B"],
        "linked_ceiling": "1400",
        "linked_ceiling_matches_total": False,
    }
    assert data["pnbp"]["receipts_total"] == "300"
    assert data["pnbp"]["receipts_pct_of_target"] == "100.00"
    assert data["pnbp"]["permitted_use_of_target"] == "284.94"
    assert {r["category"]: r["share_pct"] for r in data["pnbp"]["receipts"]} == {
        "konsultansi": "16.67",
        "pengujian": "83.33",
    }
    assert [(h["year"], h["absorption_pct"]) for h in data["history"]] == [
        (2022, "94.44"),
        (2023, "90.00"),
    ]


def test_efficiency_sums_the_lines_linked_to_each_indicator(unit):
    rows = {r["indicator_code"]: r for r in command_json("efficiency")["rows"]}
    # SK1.1: lines A and B (1000 / 920), target 2, realization 3 (quarters summed).
    assert rows["SK1.1"] | {} == {
        "indicator_code": "SK1.1",
        "ceiling": "1000",
        "spending": "920",
        "absorption_pct": "92.00",
        "target": "2",
        "realization": "3",
        "achievement_pct": "150.00",
        "ibt": "500.00",
        "ibr": "306.67",
        "efficiency_pct": "38.67",
        "effective": True,
        "efficient": True,
    }
    assert rows["SK1.3"]["ceiling"] == "0" and rows["SK1.3"]["efficiency_pct"] is None


def test_budget_text_and_errors(unit):
    out = StringIO()
    call_command("budget", unit="balai-contoh", year=2023, stdout=out)
    assert "Realisasi      Rp 990 (90,00 %)" in out.getvalue()
    with pytest.raises(
        CommandError, match="tidak mempunyai DIPA tahun 2021; tahun yang ada: 2022, 2023"
    ):
        call_command("budget", unit="balai-contoh", year=2021)


@pytest.mark.usefixtures("english_messages")
def test_budget_rows_with_bad_amounts_or_links_are_rejected_with_their_place():
    lines = [
        {
            "code": "X",
            "level": "subkomponen",
            "name": "a",
            "ceiling": 10,
            "spending": 11,
            "indicators": ["SK9"],
        },
        {"code": "X", "level": "subkomponen", "name": "b", "ceiling": 5},
    ]
    with pytest.raises(DatasetInvalid) as info:
        load_text(dataset(budgets=[{"year": 2023, "lines": lines}]))
    assert [str(p) for p in info.value.problems] == [
        'budgets[0].lines[0].indicators: unknown indicator "SK9"; known: SK1.1, SK1.2, SK1.3, T1.1',
        "budgets[0].lines[0].spending: spending 11 is above the ceiling 10",
        'budgets[0].lines[1].code: code "X" is listed twice',
    ]
    with pytest.raises(
        DatasetInvalid,
        match=r"budgets\[0\]\.lines\[0\]\.ceiling: must be at "
        "least 0, got -1",
    ):
        load_text(dataset(budgets=[{"year": 2023, "lines": [{**lines[1], "ceiling": -1}]}]))


def test_budget_sections_round_trip(unit):
    first = dump_text(unit, find_plan(unit, "2021-2024"))
    assert not load_text(first).changed
    assert dump_text(unit, find_plan(unit, "2021-2024")) == first
    assert yaml.safe_load(first)["budgets"][1]["lines"][3]["indicators"] == ["SK1.1", "SK1.2"]


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "DIPA"
    sheet.append(
        ["Kode", "Tingkat", "Uraian", "Pagu", "Realisasi", "Indikator", "Alasan tidak dikaitkan"]
    )
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_export_then_import_changes_nothing(unit):
    data = export_lines(unit, 2023)
    sheet = load_workbook(BytesIO(data))["DIPA"]
    assert [c.value for c in sheet[5]] == [
        "6077.BAD.001.051.B",
        "subkomponen",
        "Layanan cepat",
        400,
        380,
        "SK1.1, SK1.2",
        None,
        None,  # Sumber dana
    ]
    result = import_lines(unit, 2023, data)
    assert result.rows == 5 and not result.report.changed


@pytest.mark.usefixtures("english_messages")
def test_xlsx_import_reports_every_bad_row_and_writes_nothing(unit):
    before = list(Line.objects.values_list("code", "ceiling"))
    data = workbook(
        [
            ["A", "subkomponen", "ok", 10, 5, "SK1.1", None],
            ["B", "bagian", "level salah", 10, 5, "SK1.1", None],
            ["A", "subkomponen", "kode ganda", "sepuluh", 5, "SK7", None],
            ["C", "subkomponen", "lebih", 10, 50, "", "dukungan manajemen"],
            ["D", "subkomponen", "negatif", -5, None, "SK1.2", None],
        ]
    )
    with pytest.raises(DatasetInvalid) as info:
        import_lines(unit, 2023, data)
    assert [str(p) for p in info.value.problems] == [
        "baris 3, kolom Tingkat: expected one of program, kegiatan, kro, ro, komponen, "
        'subkomponen; got "bagian"',
        'baris 4, kolom Indikator: unknown indicator "SK7"; known: SK1.1, SK1.2, SK1.3, T1.1',
        'baris 4, kolom Kode: code "A" is listed twice',
        'baris 4, kolom Pagu: expected an amount, got "sepuluh"',
        "baris 5, kolom Realisasi: spending 50 is above the ceiling 10",
        "baris 6, kolom Pagu: must not be negative, got -5",
    ]
    assert list(Line.objects.values_list("code", "ceiling")) == before


def test_xlsx_import_messages_are_indonesian_unless_english_is_chosen(unit, tmp_path):
    data = workbook(
        [
            ["B", "bagian", "level salah", 10, 5, "SK1.1", None],
            ["C", "subkomponen", "lebih", "sepuluh", 50, "SK7", None],
        ]
    )
    with pytest.raises(DatasetInvalid) as info:
        import_lines(unit, 2023, data)
    assert [str(p) for p in info.value.problems] == [
        "baris 2, kolom Tingkat: seharusnya salah satu dari program, kegiatan, kro, ro, "
        'komponen, subkomponen, bukan "bagian"',
        'baris 3, kolom Indikator: indikator "SK7" tidak dikenal; yang dikenal: SK1.1, SK1.2, '
        "SK1.3, T1.1",
        'baris 3, kolom Pagu: seharusnya jumlah uang, bukan "sepuluh"',
    ]
    bad = tmp_path / "dipa.xlsx"
    bad.write_bytes(data)
    with pytest.raises(CommandError) as command:
        call_command("budget_import", str(bad), unit="balai-contoh", year=2023)
    assert "3 masalah, tidak ada yang diimpor:\n  baris 2, kolom Tingkat: seharusnya" in str(
        command.value
    )
    with translation.override("en"), pytest.raises(CommandError) as command:
        call_command("budget_import", str(bad), unit="balai-contoh", year=2023)
    assert "3 problems, nothing was imported:\n  baris 2, kolom Tingkat: expected one of" in str(
        command.value
    )


def test_xlsx_dry_run_reports_and_writes_nothing(unit):
    data = workbook([["NEW", "subkomponen", "baru", "1.000", 0, "SK1.1", None]])
    result = import_lines(unit, 2023, data, dry_run=True)
    assert result.report.created["line"] == 1 and result.dry_run
    assert not Line.objects.filter(code="NEW").exists()
    import_lines(unit, 2023, data)
    assert Line.objects.get(code="NEW").ceiling == 1000


@pytest.mark.usefixtures("english_messages")
def test_budget_import_command_and_not_a_workbook(unit, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(CommandError, match="nothing was imported:\n  not an XLSX workbook"):
        call_command("budget_import", str(bad), unit="balai-contoh", year=2023)
    out_file = tmp_path / "dipa.xlsx"
    call_command(
        "budget_export", unit="balai-contoh", year=2023, output=str(out_file), stderr=StringIO()
    )
    out = StringIO()
    call_command(
        "budget_import", str(out_file), unit="balai-contoh", year=2023, dry_run=True, stdout=out
    )
    assert "5 rows: 0 lines would be created, 0 updated, 5 unchanged (dry run" in out.getvalue()
