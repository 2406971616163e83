"""The Perjanjian Kinerja document: the demo's agreement (BSPJI Palembang 2023), a revised
agreement with its change history, and the ``perkin`` command."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.datasets.upgrade import upgrade_text
from kinerja.org.models import Unit
from kinerja.reports.document import Paragraph, Section, Table, cell_text, walk
from kinerja.reports.perkin import AgreementUnavailable, build_perkin

pytestmark = pytest.mark.django_db

SMALL = Path(__file__).parents[1] / "datasets" / "small.yaml"

# Gambar 2.3 of the seed (L1212-1250): the 13 indicators and their targets, in order.
DEMO_TARGETS = [
    ("SK1.1", "30"),
    ("SK2.1", "1"),
    ("SK2.2", "2"),
    ("SK3.1", "40"),
    ("SK3.2", "5"),
    ("SK3.3", "5"),
    ("SK3.4", "45"),
    ("SK4.1", "93"),
    ("SK5.1", "3.6"),
    ("SK6.1", "75"),
    ("SK7.1", "4"),
    ("SK8.1", "75"),
    ("SK8.2", "90"),
]
OPENING = (
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel "
    "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
)


def table(doc, key) -> Table:
    [found] = [t for t in doc.tables() if t.key == key]
    return found


def column(t: Table, title: str) -> list:
    index = [c.title for c in t.columns].index(title)
    return [row[index] for row in t.rows]


def texts(doc) -> list[str]:
    return [b.text for s in doc.sections for b in walk(s) if isinstance(b, Paragraph)]


def section(doc, title) -> Section:
    [found] = [s for s in doc.sections if s.title == title]
    return found


# -- the demo ----------------------------------------------------------------------------
@pytest.fixture
def palembang(demo):
    return Unit.objects.get(code="bspji-palembang")


@pytest.fixture
def doc(palembang):
    return build_perkin(palembang, 2023)


def test_the_annex_has_the_13_indicators_with_their_targets_in_order(doc):
    annex = table(doc, "agreement")
    assert list(zip(column(annex, "Kode"), column(annex, "Target"), strict=True)) == [
        (code, Decimal(target)) for code, target in DEMO_TARGETS
    ]
    assert column(annex, "Satuan")[:3] == ["Persen", "Perusahaan", "Perusahaan"]
    # Grouped by Sasaran Strategis: each objective is named once, on its first indicator.
    objectives = [name for name in column(annex, "Sasaran Strategis") if name]
    assert len(objectives) == 8
    assert objectives[0] == "SK1 Meningkatnya Daya Saing Industri Pengolahan Nonmigas"
    assert column(annex, "No")[:4] == ["1", "2", "", "3"]  # group labels, as printed


def test_the_statement_names_pihak_pertama_and_pihak_kedua(doc):
    assert doc.title == "Perjanjian Kinerja Tahun 2023"
    paragraphs = texts(doc)
    assert OPENING in paragraphs
    assert (
        "1. Kepala BSPJI Palembang, selaku pimpinan Balai Standardisasi dan Pelayanan Jasa "
        "Industri Palembang, selanjutnya disebut PIHAK PERTAMA;"
    ) in paragraphs
    assert (
        "2. Kepala BSKJI, selaku atasan langsung PIHAK PERTAMA, selanjutnya disebut PIHAK KEDUA."
    ) in paragraphs
    assert any(
        p.startswith("PIHAK PERTAMA berjanji akan mewujudkan target kinerja") for p in paragraphs
    )
    assert any(p.startswith("PIHAK KEDUA akan melakukan supervisi") for p in paragraphs)
    signatures = table(doc, "signatures")
    assert [c.title for c in signatures.columns] == ["PIHAK KEDUA,", "PIHAK PERTAMA,"]
    assert signatures.rows[-1] == ["Kepala BSKJI", "Kepala BSPJI Palembang"]
    assert all(not cell.strip() for row in signatures.rows[:-1] for cell in row)
    # The demo's version has no signing date: the date line is left to be filled in.
    assert any(p.endswith(" 2023") and p.startswith("…") for p in paragraphs)


def test_the_budget_of_the_year_by_source_with_its_total(doc):
    budget = table(doc, "budget")
    assert column(budget, "Sumber dana") == ["Rupiah Murni", "PNBP"]
    assert budget.total == ["Jumlah", Decimal(15_507_847_000)]
    assert cell_text(budget.total[1], budget.columns[1]) == "15.507.847.000"
    assert any(
        "Rp 15.507.847.000 (Lima Belas Miliar Lima Ratus Tujuh Juta" in p for p in texts(doc)
    )


def test_a_single_version_has_no_change_history(doc):
    assert [s.title for s in doc.sections] == [
        "Perjanjian Kinerja BSPJI Palembang Tahun 2023",
        "Lampiran Perjanjian Kinerja BSPJI Palembang Tahun 2023",
    ]
    assert not any(s.numbered for s in doc.sections)


def test_no_agreement_for_the_year_names_the_years_with_one(palembang):
    with pytest.raises(AgreementUnavailable, match="tahun yang ada: 2023"):
        build_perkin(palembang, 2022)


# -- a revised agreement -------------------------------------------------------------------
def _revised_dataset() -> str:
    data = yaml.safe_load(SMALL.read_text())
    versions = data["agreements"][0]["versions"]
    versions[0].update(signatory="Kepala Balai Contoh", superior="Kepala Badan Contoh")
    versions.append(
        {
            "number": 2,
            "status": "signed",
            "signed_on": "2023-11-03",
            "signatory": "Kepala Balai Contoh",
            "superior": "Kepala Badan Contoh",
            "reason": "Revisi Renstra",
            "indicators": [
                {"code": "SK1.1", "target": 3},
                {"code": "SK1.3", "target": {"min": 20, "max": 24}},
                {"code": "T1.1", "target": 58},
            ],
        }
    )
    versions.append(
        {
            "number": 3,
            "status": "draft",
            "reason": "Usulan perubahan",
            "indicators": [{"code": "SK1.1", "target": 4}],
        }
    )
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@pytest.fixture
def balai(db):
    load_text(_revised_dataset())
    return Unit.objects.get(code="balai-contoh")


def test_the_version_in_force_is_the_highest_signed_one(balai):
    doc = build_perkin(balai, 2023)
    assert doc.title == "Perjanjian Kinerja Tahun 2023"
    annex = table(doc, "agreement")
    assert column(annex, "Kode") == ["SK1.1", "SK1.3", "T1.1"]
    assert column(annex, "Target") == [Decimal(3), Decimal(20), Decimal(58)]
    assert column(annex, "Batas atas") == [None, Decimal(24), None]
    assert "5 Januari 2023" not in " ".join(texts(doc))
    assert "…………………………, 3 November 2023" in texts(doc)


def test_the_change_history_lists_versions_and_old_to_new_targets(balai):
    doc = build_perkin(balai, 2023)
    history = section(doc, "Riwayat perubahan")
    assert not history.numbered
    versions = table(doc, "agreement-versions")
    assert [row[:4] for row in versions.rows] == [
        [1, "Ditandatangani", "5 Januari 2023", None],
        [2, "Ditandatangani", "3 November 2023", "Revisi Renstra"],
        [3, "Draf", None, "Usulan perubahan"],
    ]
    assert column(versions, "Keterangan") == [None, "berlaku dan dimuat dalam dokumen ini", None]

    changes = table(doc, "changes-v1-v2")
    assert [c.title for c in changes.columns] == [
        "Kode",
        "Indikator Kinerja",
        "Perubahan",
        "Target versi 1",
        "Batas atas versi 1",
        "Target versi 2",
        "Batas atas versi 2",
        "Satuan",
    ]
    assert [row[:7] for row in changes.rows] == [
        ["SK1.1", "Perusahaan yang difasilitasi", "Target diubah", 2, None, 3, None],
        ["SK1.3", "Suhu ruang uji", "Target diubah", 20, 25, 20, 24],
        ["T1.1", "Indeks tujuan 1", "Ditambahkan", None, None, 58, None],
        ["SK1.2", "Waktu layanan", "Dihapus", 10, None, None, None],
    ]
    sentences = [p.text for p in walk(history) if isinstance(p, Paragraph)]
    assert (
        "Versi 2 dibandingkan versi 1: indikator ditambahkan: T1.1 Indeks tujuan 1 (target 58 "
        "persen); indikator dihapus: SK1.2 Waktu layanan; target diubah: SK1.1 Perusahaan "
        "yang difasilitasi dari 2 perusahaan menjadi 3 perusahaan dan SK1.3 Suhu ruang uji dari "
        "20–25 derajat menjadi 20–24 derajat."
    ) in sentences
    v2_v3 = table(doc, "changes-v2-v3")
    assert [(row[0], row[2]) for row in v2_v3.rows] == [
        ("SK1.1", "Target diubah"),
        ("SK1.3", "Dihapus"),
        ("T1.1", "Dihapus"),
    ]


def test_an_earlier_version_says_it_was_replaced(balai):
    doc = build_perkin(balai, 2023, version=1)
    assert column(table(doc, "agreement"), "Kode") == ["SK1.1", "SK1.2", "SK1.3"]
    assert "Versi 1 ini telah diganti oleh versi 2 yang berlaku." in texts(doc)
    assert column(table(doc, "agreement-versions"), "Keterangan") == [
        "dimuat dalam dokumen ini",
        "berlaku",
        None,
    ]


def test_a_draft_is_marked_in_the_title(balai):
    doc = build_perkin(balai, 2023, version=3)
    assert doc.title == "Perjanjian Kinerja Tahun 2023 (DRAF)"
    assert "DRAF: versi 3 belum ditandatangani." in texts(doc)
    assert column(table(doc, "agreement"), "Target") == [Decimal(4)]


def test_an_unknown_version_names_the_versions(balai):
    with pytest.raises(
        AgreementUnavailable, match="tidak mempunyai versi 9; versi yang ada: 1, 2, 3"
    ):
        build_perkin(balai, 2023, version=9)


def test_without_a_dipa_there_is_no_budget_table(balai):
    doc = build_perkin(balai, 2023)
    assert "budget" not in [t.key for t in doc.tables()]


# -- the command ---------------------------------------------------------------------------
def test_the_command_writes_the_xlsx(palembang, tmp_path):
    out = StringIO()
    call_command(
        "perkin", unit="bspji-palembang", year=2023, format="xlsx", out=str(tmp_path), stdout=out
    )
    path = tmp_path / "perkin-bspji-palembang-2023.xlsx"
    assert str(path) in out.getvalue()
    assert "Perjanjian Kinerja bspji-palembang 2023 disusun: " in out.getvalue()
    workbook = load_workbook(path)
    assert {"agreement", "budget", "signatures"} <= set(workbook.sheetnames)
    sheet = workbook["agreement"]
    assert [sheet.cell(row, 3).value for row in range(4, 17)] == [c for c, _ in DEMO_TARGETS]


def test_the_command_takes_a_version_on_the_command_line(balai, tmp_path):
    call_command(
        "perkin",
        "--unit",
        "balai-contoh",
        "--year",
        "2023",
        "--version",
        "1",
        "--format",
        "xlsx",
        "--out",
        str(tmp_path),
        stdout=StringIO(),
    )
    assert (tmp_path / "perkin-balai-contoh-2023-v1.xlsx").stat().st_size > 0
    with pytest.raises(CommandError, match="tidak mempunyai versi 7"):
        call_command(
            "perkin", unit="balai-contoh", year=2023, version=7, format="xlsx", out=str(tmp_path)
        )


def test_the_command_reports_a_missing_year(palembang, tmp_path):
    with pytest.raises(CommandError, match="tidak mempunyai Perjanjian Kinerja tahun 2019"):
        call_command("perkin", unit="bspji-palembang", year=2019, format="xlsx", out=str(tmp_path))


def test_the_signature_block_prints_the_place_names_and_nips_as_recorded(db):
    data = yaml.safe_load(upgrade_text(_revised_dataset()))  # the fields are format 2
    data["agreements"][0]["versions"][1].update(
        signed_place="Pontianak",
        signatory_nip="197407272003121006",
        superior_nip="196901011994031001",
    )
    load_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    doc = build_perkin(Unit.objects.get(code="balai-contoh"), 2023, 2)
    assert "Pontianak, 3 November 2023" in texts(doc)
    signatures = table(doc, "signatures")
    assert signatures.rows[-2:] == [
        ["Kepala Badan Contoh", "Kepala Balai Contoh"],
        ["NIP. 196901011994031001", "NIP. 197407272003121006"],
    ]


def test_a_nip_in_the_dataset_must_be_18_digits(db):
    data = yaml.safe_load(upgrade_text(_revised_dataset()))
    data["agreements"][0]["versions"][1]["signatory_nip"] = "1974 0727"
    with pytest.raises(DatasetInvalid, match=r"agreements\[0\].versions\[1\].signatory_nip"):
        load_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def test_the_lakin_annex_carries_the_signed_agreement(palembang):
    from kinerja.reports.lakin import build_lakin

    lakin = build_lakin(palembang, 2023)
    annex = section(lakin, "Lampiran")
    (signed,) = [b for b in annex.blocks if isinstance(b, Section)]
    assert signed.title == "Perjanjian Kinerja BSPJI Palembang Tahun 2023"
    assert OPENING in [b.text for b in signed.blocks if isinstance(b, Paragraph)]
    by_key = {b.key: b for b in signed.blocks if isinstance(b, Table)}
    assert set(by_key) == {"annex-signatures", "annex-agreement"}
    assert by_key["annex-signatures"].rows[-1] == ["Kepala BSKJI", "Kepala BSPJI Palembang"]
    targets = by_key["annex-agreement"]
    assert [row[2] for row in targets.rows] == [code for code, _ in DEMO_TARGETS]
    # one builder: the same tables as the Perjanjian Kinerja document itself
    perkin = build_perkin(palembang, 2023)
    assert targets.rows == table(perkin, "agreement").rows
    assert by_key["annex-signatures"].rows == table(perkin, "signatures").rows
