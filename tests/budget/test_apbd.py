"""A regional unit's budget: an APBD spent through a DPA (program → kegiatan → sub kegiatan,
funding sources, DPA Perubahan), output indicators on its lines, and the LAKIN finance
chapter, the efficiency table, `kinerja budget` and the dashboard in the DPA's words."""

import json
from decimal import Decimal
from io import BytesIO, StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kinerja.budget.models import BudgetYear, Line, LineOutput
from kinerja.budget.selectors import budget_amounts, budget_overview, efficiency_rows
from kinerja.budget.spreadsheet import export_lines, import_lines
from kinerja.datasets.dump import dump_text, find_plan
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.measurement import calc
from kinerja.org.models import Unit
from kinerja.reports import lakin
from kinerja.reports.checks import consistency_report
from kinerja.reports.document import Paragraph, Table, walk
from kinerja.reports.perkin import build_perkin
from kinerja.reports.quarterly import build_quarterly
from kinerja.reports.render.docx import render_docx
from kinerja.reports.render.pdf import render_pdf
from kinerja.reports.render.xlsx import render_xlsx

REGIONAL = Path(__file__).with_name("regional.yaml")
SMALL = Path(__file__).parents[1] / "datasets" / "small.yaml"
# The module checks the wording of located messages in English (the language switch,
# the english_messages fixture of tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

# The five sub kegiatan: (source, ceiling, spending), as regional.yaml lists them.
SUB_KEGIATAN = {
    "3.31.01.2.02.0001": ("dau", 2_400_000_000, 2_310_500_000),
    "3.31.01.2.06.0001": ("pad", 150_000_000, 141_250_000),
    "3.31.02.2.01.0001": ("pad", 350_000_000, 332_100_000),
    "3.31.02.2.01.0002": ("dbh_sawit", 120_000_000, 95_000_000),
    "3.31.02.2.01.0003": ("dak_fisik", 1_500_000_000, 1_425_000_000),
}
TOTAL_CEILING = sum(c for _, c, _ in SUB_KEGIATAN.values())
TOTAL_SPENDING = sum(s for _, _, s in SUB_KEGIATAN.values())


def regional_text(change=None) -> str:
    if change is None:
        return REGIONAL.read_text()
    data = yaml.safe_load(REGIONAL.read_text())
    change(data["budgets"][1])
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def problems_of(change) -> list[str]:
    with pytest.raises(DatasetInvalid) as info:
        load_text(regional_text(change))
    return [str(p) for p in info.value.problems]


@pytest.fixture
def dinas():
    load_text(regional_text())
    return Unit.objects.get(code="disperin-contoh")


@pytest.fixture
def doc(dinas):
    return lakin.build_lakin(dinas, 2023)


def table(doc, key) -> Table:
    [found] = [t for t in doc.tables() if t.key == key]
    return found


def texts(doc, title: str) -> list[str]:
    """Every paragraph, caption, column title and text cell of the section ``title``."""
    [section] = [b for s in doc.sections for b in walk(s) if getattr(b, "title", "") == title]
    out = []
    for block in walk(section):
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [block.caption, block.note or "", *(c.title for c in block.columns)]
            out += [
                c for row in [*block.rows, block.total or []] for c in row if isinstance(c, str)
            ]
    return out


def test_the_dpa_is_stored_with_its_hierarchy_sources_and_outputs(dinas):
    budget = BudgetYear.objects.get(unit=dinas, year=2023)
    assert budget.kind == "apbd"
    assert [s.code for s in budget.funding_sources.all()] == ["dbh_sawit"]
    sub = Line.objects.get(budget=budget, code="3.31.02.2.01.0003")
    assert (sub.level, sub.source) == ("sub_kegiatan", "dak_fisik")
    assert sub.parent.code == "3.31.02.2.01" and sub.parent.parent.code == "3.31.02"
    assert [o.name for o in sub.outputs.all()] == [
        "Jumlah Sentra IKM yang Dibangun",
        "Jumlah IKM yang Menempati Sentra",
    ]
    assert LineOutput.objects.filter(line__budget=budget).count() == 6


def test_a_regional_units_budget_without_a_kind_is_a_dpa(dinas):
    # The 2022 budget of the file states no kind; the unit is a perangkat daerah.
    assert BudgetYear.objects.get(unit=dinas, year=2022).kind == "apbd"


def test_a_central_units_budget_without_a_kind_is_a_dipa():
    from kinerja.budget.dataset import default_kind

    assert default_kind("satker") == "apbn"
    assert default_kind("regional_agency") == "apbd"
    assert default_kind("city") == "apbd"


def test_dump_then_load_gives_the_same_dataset(dinas):
    first = dump_text(dinas, find_plan(dinas, "renstra-2021-2026"))
    data = yaml.safe_load(first)
    # A DPA is what a perangkat daerah's budget is anyway: the dump leaves the kind out.
    assert "kind" not in data["budgets"][1]
    assert data["budgets"][1]["lines"][2]["outputs"][0]["realizations"] == {
        "q1": 35,
        "q2": 35,
        "q3": 35,
        "q4": 420,
    }
    report = load_text(first)
    assert not report.changed
    assert dump_text(dinas, find_plan(dinas, "renstra-2021-2026")) == first


def test_output_achievement_follows_the_rule_of_indicators(dinas):
    outputs = budget_overview(dinas, 2023).outputs
    assert [(o.line_code, o.realization, o.achievement.pct) for o in outputs] == [
        ("3.31.01.2.02.0001", Decimal(420), Decimal(100)),  # aggregation last
        ("3.31.01.2.06.0001", Decimal(1), Decimal(100)),
        ("3.31.02.2.01.0001", Decimal(1), Decimal(100)),  # the year row stands
        ("3.31.02.2.01.0002", Decimal(3), Decimal(75)),  # quarters summed, q4 missing
        ("3.31.02.2.01.0003", Decimal(1), Decimal(100)),
        ("3.31.02.2.01.0003", Decimal(24), Decimal(120)),
    ]
    for o in outputs:
        assert o.achievement == calc.achievement(calc.TargetValue(o.target), o.realization)


def test_lower_is_better_outputs_and_missing_targets_use_the_same_rule(dinas):
    def change(budget):
        outputs = budget["lines"][9]["outputs"]
        outputs[0].update(polarity="lower_is_better", target=10, realizations={"year": 12})
        outputs[1]["target"] = None

    load_text(regional_text(change))
    first, second = budget_overview(dinas, 2023).outputs[-2:]
    assert first.achievement.pct == Decimal(80)  # (2 × 10 − 12) / 10
    assert second.achievement.reason is calc.Reason.NO_TARGET


def test_the_lakin_budget_plan_speaks_of_the_dpa(doc):
    by_source = table(doc, "budget-by-source")
    assert by_source.caption == "Anggaran DPA menurut Sumber Dana Tahun 2023"
    assert [c.title for c in by_source.columns] == [
        "Sumber dana",
        "Anggaran awal",
        "Anggaran akhir",
        "Realisasi",
        "Penyerapan",
        "Porsi anggaran",
    ]
    # Summed from the sub kegiatan's sources: shipped sources first, then the year's own.
    assert [(r[0], r[2], r[3]) for r in by_source.rows] == [
        ("Pendapatan Asli Daerah (PAD)", 500_000_000, 473_350_000),
        ("Dana Alokasi Umum (DAU)", 2_400_000_000, 2_310_500_000),
        ("DAK Fisik", 1_500_000_000, 1_425_000_000),
        ("Dana Bagi Hasil Sawit", 120_000_000, 95_000_000),
    ]
    assert sum(r[2] for r in by_source.rows) == TOTAL_CEILING == by_source.total[2]
    assert sum(r[3] for r in by_source.rows) == TOTAL_SPENDING == by_source.total[3]
    assert by_source.total[1] == 4_300_000_000  # the DPA's initial amount
    by_type = table(doc, "budget-by-type")
    assert by_type.caption == "Anggaran DPA menurut Jenis Belanja Tahun 2023"
    assert [r[0] for r in by_type.rows] == ["Belanja operasi (5.1)", "Belanja modal (5.2)"]
    assert sum(r[2] for r in by_type.rows) == by_type.total[2] == TOTAL_CEILING
    revisions = table(doc, "budget-revisions")
    assert revisions.caption == "DPA Perubahan (DPPA) Tahun 2023"
    assert [c.title for c in revisions.columns][:3] == [
        "Perubahan ke",
        "Tanggal",
        "Jenis perubahan",
    ]
    plan = " ".join(texts(doc, "Rencana Anggaran Tahun 2023"))
    assert "Anggaran akhir DPA Disperin tahun 2023 adalah Rp4.520.000.000" in plan.replace(
        "Rp ", "Rp"
    )
    assert "DPA diubah 1 kali" in plan
    assert "DIPA" not in plan and "Pagu" not in plan and "pagu" not in plan


def test_the_lakin_finance_chapter_speaks_of_the_dpa_and_adds_up(doc):
    by_indicator = table(doc, "budget-by-indicator")
    assert [c.title for c in by_indicator.columns][2] == "Anggaran"
    assert [(r[0], r[2], r[3]) for r in by_indicator.rows] == [
        ("IKU1", 470_000_000, 427_100_000),
        ("IKU2", 1_500_000_000, 1_425_000_000),
    ]
    assert by_indicator.total[2:4] == [1_970_000_000, 1_852_100_000]
    assert "sub kegiatan DPA" in by_indicator.note

    outputs = table(doc, "budget-line-outputs")
    assert outputs.caption == "Capaian Indikator Keluaran Sub Kegiatan Tahun 2023"
    assert [c.title for c in outputs.columns] == [
        "Kode",
        "Sub kegiatan",
        "Indikator keluaran",
        "Target",
        "Realisasi",
        "Satuan",
        "Capaian",
        "Anggaran",
        "Realisasi",
        "Penyerapan",
    ]
    assert len(outputs.rows) == 6
    # A sub kegiatan with two outputs carries its money once.
    assert [r[7] for r in outputs.rows] == [
        2_400_000_000,
        150_000_000,
        350_000_000,
        120_000_000,
        1_500_000_000,
        None,
    ]
    assert outputs.total[7:9] == [TOTAL_CEILING, TOTAL_SPENDING]
    assert outputs.total[6] == calc.mean_achievement(
        calc.Achievement(Decimal(p), calc.Status.ACHIEVED) for p in (100, 100, 100, 75, 100, 120)
    )

    efficiency = table(doc, "efficiency")
    assert "Anggaran" in [c.title for c in efficiency.columns]
    assert [r[0] for r in efficiency.rows] == ["IKU1", "IKU2"]
    history = table(doc, "budget-history")
    assert [(r[0], r[1]) for r in history.rows] == [
        ("2022", 4_100_000_000),
        ("2023", TOTAL_CEILING),
    ]
    chapter = texts(doc, "Akuntabilitas Keuangan")
    assert not [t for t in chapter if "DIPA" in t or "Pagu" in t or "pagu" in t]


def test_every_renderer_prints_the_dpa_chapter(doc):
    import io

    import docx

    book = docx.Document(io.BytesIO(render_docx(doc)))
    docx_text = "\n".join(p.text for p in book.paragraphs)
    from pdftext import pdf_pages

    pdf_text = " ".join(" ".join(page.split()) for page in pdf_pages(render_pdf(doc)))
    for caption in (
        "Capaian Indikator Keluaran Sub Kegiatan Tahun 2023",
        "Anggaran DPA menurut Sumber Dana Tahun 2023",
    ):
        assert caption in docx_text
        assert caption in pdf_text
    assert render_xlsx(doc)[:2] == b"PK"


def test_the_perjanjian_kinerja_and_the_quarterly_report_speak_of_the_dpa(dinas):
    perkin = build_perkin(dinas, 2023)
    budget = table(perkin, "budget")
    assert budget.columns[1].title == "Anggaran"
    assert budget.note == "Anggaran akhir DPA tahun 2023 menurut sumber dana."
    assert budget.rows[-1] == ["Dana Bagi Hasil Sawit", 120_000_000]
    assert sum(r[1] for r in budget.rows) == budget.total[1] == TOTAL_CEILING
    second = build_quarterly(dinas, 2023, 2)
    ceiling = table(second, "budget-ceiling")
    assert ceiling.caption == "Anggaran DPA Tahun 2023 menurut Sumber Dana"
    fourth = build_quarterly(dinas, 2023, 4)
    assert table(fourth, "budget-year").columns[2].title == "Anggaran akhir"
    for doc in (perkin, second, fourth):
        words = [b.text for s in doc.sections for b in walk(s) if isinstance(b, Paragraph)]
        words += [t.caption for t in doc.tables()] + [t.note or "" for t in doc.tables()]
        assert not [t for t in words if "DIPA" in t or "Pagu" in t or "pagu" in t]


def test_the_consistency_check_speaks_of_the_dpa():
    def change(budget):
        budget.update(final_ceiling=TOTAL_CEILING + 1)
        budget["lines"][2].pop("unlinked_reason")

    load_text(regional_text(change))
    report = consistency_report(Unit.objects.get(code="disperin-contoh"), 2023)
    budget = {f.code: f for f in report.findings if f.code.startswith("budget_")}
    assert budget["budget_ceiling_lines"].where == "DPA 2023: anggaran akhir"
    assert budget["budget_ceiling_lines"].message == (
        "Anggaran akhir tertera Rp 4.520.000.001, jumlah baris DPA Rp 4.520.000.000; selisih Rp 1."
    )
    # The table by source is summed from the lines: only the stated types disagree.
    assert [f.where for f in report.findings if f.code == "budget_breakdown_sum"] == [
        "DPA 2023: anggaran akhir menurut jenis belanja"
    ]
    assert budget["budget_lines_unlinked"].message == (
        "1 baris DPA tidak dikaitkan ke indikator dan tanpa alasan: 3.31.01.2.02.0001."
    )
    assert budget["budget_linked_ceiling"].message.startswith(
        "Anggaran yang dikaitkan ke indikator Rp 1.970.000.000, anggaran akhir Rp 4.520.000.000"
    )


def test_efficiency_rows_sum_the_linked_sub_kegiatan(dinas):
    out = StringIO()
    call_command("efficiency", unit="disperin-contoh", year=2023, stdout=out)
    assert out.getvalue().split()[:3] == ["Kode", "Anggaran", "Realisasi"]
    rows = {r.indicator_code: r for r in efficiency_rows(dinas, 2023)}
    assert rows["IKU2"].result.ibt == Decimal(1_500_000_000)
    assert rows["IKU2"].result.ibr == Decimal(1_425_000_000)
    assert rows["IKU1"].ceiling == 470_000_000


def test_the_budget_command_speaks_of_the_dpa(dinas):
    out = StringIO()
    call_command("budget", unit="disperin-contoh", year=2023, stdout=out)
    text = out.getvalue()
    assert text.startswith("DPA Disperin tahun 2023\n  Anggaran awal")
    assert "DPA Perubahan (DPPA): 1 kali" in text
    assert "Dana Bagi Hasil Sawit" in text and "5.2 Belanja modal" in text
    assert "Jumlah Laporan Hasil Pemantauan dan Evaluasi: target 4 Laporan, realisasi 3" in text
    out = StringIO()
    call_command("budget", unit="disperin-contoh", year=2023, json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert (data["kind"], data["document"], data["ceiling"]) == ("apbd", "DPA", str(TOTAL_CEILING))
    assert data["outputs"][3]["achievement_pct"] == "75.00"


def test_the_dashboard_budget_panel_speaks_of_the_dpa(dinas, client, django_user_model):
    assert budget_amounts([dinas], 2023)["disperin-contoh"].words.document == "DPA"
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    response = client.get(reverse("dashboard:unit", args=["disperin-contoh", 2023]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "<dt>Anggaran DPA</dt><dd>Rp 4.520.000.000</dd>" in text
    assert "Realisasi belanja 95,22 % dari anggaran." in text
    assert "DIPA" not in text and "pagu" not in text.lower()


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda b: b["lines"].insert(2, {"code": "3.31.01.2.02.X", "level": "kro", "name": "x"}),
            'budgets[1].lines[2].level: "kro" is not a level of an APBD budget (DPA); '
            "levels: program, kegiatan, sub_kegiatan",
        ),
        (
            lambda b: b["lines"][2].update(code="3.31.02.2.02.0001"),
            'budgets[1].lines[2].code: "3.31.02.2.02.0001" does not continue the code of its '
            'kegiatan "3.31.01.2.02" (expected "3.31.01.2.02.…")',
        ),
        (
            lambda b: b["lines"].insert(
                0, {"code": "3.31.00.2.01", "level": "kegiatan", "name": "x"}
            ),
            "budgets[1].lines[0].level: a kegiatan line needs a line above it",
        ),
        (
            lambda b: b["lines"][2].update(source="rupiah_murni"),
            'budgets[1].lines[2].source: "rupiah_murni" is a source of an APBN budget (DIPA), '
            "not of an APBD budget (DPA); known: pad, dau, dak_fisik, dak_nonfisik, dbh, "
            "insentif_fiskal, otsus, blud, bankeu, pinjaman_daerah, hibah, silpa, dbh_sawit",
        ),
        (
            lambda b: b.update(by_source=[{"source": "dbh_migas", "final_ceiling": 1}]),
            'budgets[1].by_source[0].source: unknown funding source "dbh_migas"; define it in '
            "funding_sources; known: pad, dau, dak_fisik, dak_nonfisik, dbh, insentif_fiskal, "
            "otsus, blud, bankeu, pinjaman_daerah, hibah, silpa, dbh_sawit",
        ),
        (
            lambda b: b["by_type"].append({"type": "52", "final_ceiling": 1}),
            'budgets[1].by_type[2].type: "52" is not a spending type of an APBD budget (DPA); '
            "expected one of 5.1, 5.2, 5.3, 5.4",
        ),
        (
            lambda b: b["funding_sources"].append({"code": "pad", "name": "PAD"}),
            'budgets[1].funding_sources: "pad" is a shipped source; omit it',
        ),
        (
            lambda b: b["lines"][2]["outputs"][0].update(target=-1),
            "budgets[1].lines[2].outputs[0].target: must not be negative",
        ),
    ],
)
def test_a_wrong_dpa_is_refused_with_the_place_and_reason(change, expected):
    assert problems_of(change) == [expected]
    assert not BudgetYear.objects.exists()


def test_an_apbn_budget_refuses_the_levels_and_sources_of_a_dpa():
    def change(budget):
        budget["kind"] = "apbn"
        del budget["funding_sources"]
        budget["lines"] = [
            {"code": "EC", "level": "program", "name": "Program"},
            {"code": "EC.1", "level": "sub_kegiatan", "name": "x", "source": "pad", "ceiling": 1},
        ]
        del budget["by_type"]

    assert problems_of(change) == [
        'budgets[1].lines[1].level: "sub_kegiatan" is not a level of an APBN budget (DIPA); '
        "levels: program, kegiatan, kro, ro, komponen, subkomponen",
        'budgets[1].lines[1].source: "pad" is a source of an APBD budget (DPA), not of an '
        "APBN budget (DIPA); known: rupiah_murni, pnbp, blu, phln, pdn, sbsn",
    ]


def test_the_xlsx_listing_of_a_dpa_keeps_its_sources_and_levels(dinas):
    data = export_lines(dinas, 2023)
    result = import_lines(dinas, 2023, data)
    assert result.rows == 10 and not result.report.changed
    assert LineOutput.objects.count() == 6

    book = Workbook()
    sheet = book.active
    sheet.title = "DIPA"
    sheet.append(
        [
            "Kode",
            "Tingkat",
            "Uraian",
            "Pagu",
            "Realisasi",
            "Indikator",
            "Alasan tidak dikaitkan",
            "Sumber dana",
        ]
    )
    sheet.append(["3.31.02", "program", "Program", None, None, None, None, None])
    sheet.append(["3.31.02.2.01", "kegiatan", "Kegiatan", None, None, None, None, None])
    sheet.append(["3.31.02.2.01.0009", "sub kegiatan", "Baru", 10, 5, "IKU1", None, "PAD"])
    sheet.append(["3.31.02.2.01.0010", "kro", "Salah", 10, 5, "IKU1", None, "rupiah_murni"])
    out = BytesIO()
    book.save(out)
    with pytest.raises(DatasetInvalid) as info:
        import_lines(dinas, 2023, out.getvalue())
    assert [str(p) for p in info.value.problems] == [
        'baris 5, kolom Sumber dana: "rupiah_murni" is a source of an APBN budget (DIPA), not '
        "of an APBD budget (DPA); known: pad, dau, dak_fisik, dak_nonfisik, dbh, "
        "insentif_fiskal, otsus, blud, bankeu, pinjaman_daerah, hibah, silpa, dbh_sawit",
        'baris 5, kolom Tingkat: expected one of program, kegiatan, sub_kegiatan; got "kro"',
    ]
    assert not Line.objects.filter(code="3.31.02.2.01.0009").exists()


def test_a_dipa_ro_carries_its_volume_target_in_the_dipa_words():
    data = yaml.safe_load(SMALL.read_text())
    data["budgets"] = [
        {
            "year": 2023,
            "lines": [
                {"code": "EC", "level": "program", "name": "Program"},
                {"code": "6077.BAD", "level": "kro", "name": "Layanan"},
                {
                    "code": "6077.BAD.001",
                    "level": "ro",
                    "name": "Jasa pelayanan teknis pengujian",
                    "outputs": [
                        {
                            "name": "Volume RO",
                            "unit": "Layanan",
                            "target": 30,
                            "realizations": {"q1": 10, "q2": 12, "q3": 15, "q4": 16.3},
                        }
                    ],
                },
                {
                    "code": "6077.BAD.001.051",
                    "level": "komponen",
                    "name": "Pengujian",
                    "ceiling": 600,
                    "spending": 540,
                    "indicators": ["SK1.1"],
                },
            ],
        }
    ]
    load_text(yaml.safe_dump(data, sort_keys=False))
    unit = Unit.objects.get(code="balai-contoh")
    [row] = budget_overview(unit, 2023).outputs
    assert (row.line_code, row.realization) == ("6077.BAD.001", Decimal("53.3"))
    assert row.achievement.pct_rounded == Decimal("177.67")  # the seed's SK1.1 figures
    out = StringIO()
    call_command("budget", unit="balai-contoh", year=2023, stdout=out)
    text = out.getvalue()
    assert text.startswith("DIPA Balai tahun 2023\n  Pagu awal")
    assert "Capaian Keluaran (Rincian Output):\n  6077.BAD.001" in text
    assert "Volume RO: target 30 Layanan, realisasi 53,3 (177,67 %)" in text


def test_the_xlsx_sheet_of_outputs_states_them_in_full(dinas):
    book = load_workbook(BytesIO(export_lines(dinas, 2023)))
    sheet = book["Keluaran"]
    assert [c.value for c in sheet[5]] == [
        "3.31.02.2.01.0002",
        "Jumlah Laporan Hasil Pemantauan dan Evaluasi",
        "Laporan",
        4,
        "higher_is_better",
        "sum",
        None,
        1,
        1,
        1,
        None,
    ]
    sheet["K5"] = 1  # the fourth report arrived
    sheet.delete_rows(7)  # the second output of the sentra is dropped
    out = BytesIO()
    book.save(out)
    import_lines(dinas, 2023, out.getvalue())
    outputs = budget_overview(dinas, 2023).outputs
    assert [(o.name, o.achievement.pct) for o in outputs[3:]] == [
        ("Jumlah Laporan Hasil Pemantauan dan Evaluasi", Decimal(100)),
        ("Jumlah Sentra IKM yang Dibangun", Decimal(100)),
    ]

    del book["Keluaran"]  # a workbook without the sheet leaves the outputs alone
    out = BytesIO()
    book.save(out)
    assert not import_lines(dinas, 2023, out.getvalue()).report.changed
    assert LineOutput.objects.count() == 5


def test_bad_rows_of_the_xlsx_outputs_are_named_and_nothing_is_written(dinas):
    book = load_workbook(BytesIO(export_lines(dinas, 2023)))
    sheet = book["Keluaran"]
    sheet["A2"] = "9.99"
    sheet["D3"] = "satu"
    sheet["E4"] = "range"
    sheet["D5"] = -4
    sheet["C6"] = None
    out = BytesIO()
    book.save(out)
    with pytest.raises(DatasetInvalid) as info:
        import_lines(dinas, 2023, out.getvalue())
    assert [str(p) for p in info.value.problems] == [
        'Keluaran baris 2, kolom Kode: "9.99" is not a line of sheet DIPA',
        'Keluaran baris 3, kolom Target: expected a number, got "satu"',
        "Keluaran baris 4, kolom Polaritas: expected one of higher_is_better, "
        'lower_is_better; got "range"',
        "Keluaran baris 5, kolom Target: must not be negative",
        "Keluaran baris 6, kolom Satuan: must not be empty",
    ]
    assert LineOutput.objects.filter(target=-4).count() == 0
    assert budget_overview(dinas, 2023).outputs[0].line_code == "3.31.01.2.02.0001"
