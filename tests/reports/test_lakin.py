"""The LAKIN builder on the demo (BSPJI Palembang 2023): structure, figures, narratives
and the ``lakin`` command."""

import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from kinerja.core.numbers import round_half_up
from kinerja.org.models import Unit
from kinerja.planning.models import Indicator
from kinerja.reports import lakin
from kinerja.reports.document import Kind, Paragraph, Section, Table, walk
from kinerja.reports.management.commands import lakin as lakin_command
from kinerja.reports.models import Narrative, NarrativeKind
from kinerja.reports.narratives import narrative_text

pytestmark = pytest.mark.django_db

# Achievements kinerja computes from the demo's records (tests/demo/test_golden.py
# COMPUTED_2023), in the agreement's order.
ACHIEVEMENTS = {
    "SK1.1": "177.78",
    "SK2.1": "100.00",
    "SK2.2": "350.00",
    "SK3.1": "146.93",
    "SK3.2": "561.80",
    "SK3.3": "367.45",
    "SK3.4": "204.89",
    "SK4.1": "107.53",
    "SK5.1": "102.37",
    "SK6.1": "117.16",
    "SK7.1": "124.28",
    "SK8.1": "102.40",
    "SK8.2": "108.89",
}
TOTAL_CEILING = Decimal(15_507_847_000)
TOTAL_IN_WORDS = (
    "Lima Belas Miliar Lima Ratus Tujuh Juta Delapan Ratus Empat Puluh Tujuh Ribu Rupiah"
)


@pytest.fixture
def palembang(demo):
    """BSPJI Palembang without the narratives the demo carries (the seed's own words):
    these tests write their own."""
    unit = Unit.objects.get(code="bspji-palembang")
    Narrative.objects.filter(unit=unit).delete()
    return unit


@pytest.fixture
def doc(palembang):
    return lakin.build_lakin(palembang, 2023)


def table(doc, key) -> Table:
    [found] = [t for t in doc.tables() if t.key == key]
    return found


def paragraphs(section: Section) -> list[Paragraph]:
    return [b for b in walk(section) if isinstance(b, Paragraph)]


def all_text(doc) -> str:
    return "\n".join(p.text for s in doc.sections for p in paragraphs(s))


def indicator_section(doc, code) -> Section:
    [chapter] = [s for s in doc.sections if s.title == "Akuntabilitas Kinerja"]
    return next(
        b
        for b in walk(chapter)
        if isinstance(b, Section) and b.title.startswith(f"Indikator Kinerja {code}:")
    )


def test_the_document_has_the_chapters_in_order(doc):
    assert [s.title for s in doc.sections] == list(lakin.CHAPTERS)
    assert [s.numbered for s in doc.sections] == [False, False, True, True, True, True, False]
    assert doc.title == "Laporan Akuntabilitas Kinerja"
    assert doc.cover_lines[0] == "Balai Standardisasi dan Pelayanan Jasa Industri Palembang"
    assert doc.cover_lines[-1] == "Tahun 2023"


def introduction(doc) -> Section:
    [chapter] = [s for s in doc.sections if s.title == "Pendahuluan"]
    return chapter


def test_bab_i_gives_the_tasks_and_functions_from_the_unit_profile(doc):
    text = "\n".join(p.text for p in paragraphs(introduction(doc)))
    assert "Palembang mempunyai tugas melaksanakan standardisasi industri" in text
    assert "menyelenggarakan fungsi:" in text
    assert "1. pelaksanaan penerapan dan pengawasan standardisasi industri;" in text
    assert "9. pelaksanaan evaluasi dan pelaporan." in text
    assert "Peraturan Menteri Perindustrian Nomor 1 Tahun 2022" in text
    assert "belum dicatat" not in text


def test_bab_i_lists_services_organisation_and_a_staff_table_that_adds_up(doc):
    chapter_tables = [b for b in walk(introduction(doc)) if isinstance(b, Table)]
    keys = [t.key for t in chapter_tables]
    assert keys[:1] == ["unit-profile"]
    assert {"profile-services", "profile-organisation", "profile-staff-1"} <= set(keys)
    services = table(doc, "profile-services")
    lab = next(row for row in services.rows if row[0] == "Laboratorium Pengujian")
    assert lab[1] == "Pengujian"
    assert lab[3] == (
        "LP-080-IDN; Komite Akreditasi Nasional (KAN); berlaku 18 Maret 2020 s.d. 15 Maret 2025"
    )
    organisation = table(doc, "profile-organisation")
    assert organisation.rows[1][:3] == [
        "Subbagian Tata Usaha",
        "Kepala Subbagian Tata Usaha",
        "Balai Standardisasi dan Pelayanan Jasa Industri Palembang",
    ]
    staff = table(doc, "profile-staff-1")
    assert [row[:2] for row in staff.rows] == [
        ["PNS", 58],
        ["PPPK", 9],
        ["PPNPN", 5],
        ["Outsourcing", 11],
    ]
    assert staff.total[1] == sum(row[1] for row in staff.rows) == 83
    assert staff.total[2] == 100
    assert abs(sum(row[2] for row in staff.rows) - 100) < Decimal("1e-20")
    assert staff.columns[1].kind is Kind.INTEGER and staff.columns[2].kind is Kind.PERCENT
    text = "\n".join(p.text for p in paragraphs(introduction(doc)))
    assert "83 orang, terdiri dari 58 orang PNS, 9 orang PPPK, 5 orang PPNPN dan 11 orang" in text


def test_the_summary_table_has_the_thirteen_indicators_with_their_achievements(doc):
    summary = table(doc, "achievement-summary")
    titles = [c.title for c in summary.columns]
    code, pct, status = titles.index("Kode"), titles.index("Capaian"), titles.index("Status")
    assert summary.columns[pct].kind is Kind.PERCENT
    got = {row[code]: str(round_half_up(row[pct], 2)) for row in summary.rows}
    assert got == ACHIEVEMENTS
    assert list(got) == list(ACHIEVEMENTS)
    assert {row[status] for row in summary.rows} == {"Tercapai"}
    mean = sum(Decimal(v) for v in ACHIEVEMENTS.values()) / 13
    assert abs(summary.total[pct] - mean) < Decimal("0.01")


def test_the_budget_total_and_its_amount_in_words_appear(doc):
    totals = [t.total for t in doc.tables() if t.total]
    assert any(TOTAL_CEILING in row for row in totals)
    assert table(doc, "budget-by-indicator").total[2] == TOTAL_CEILING
    assert f"Rp 15.507.847.000 ({TOTAL_IN_WORDS})" in all_text(doc)


def test_the_efficiency_table_has_a_row_per_indicator_in_the_form_of_tabel_3_72(doc):
    efficiency = table(doc, "efficiency")
    assert len(efficiency.rows) == 13
    titles = [c.title for c in efficiency.columns]
    assert {"IBT", "IBR", "Efisiensi", "Efektivitas"} <= set(titles)
    sk11 = efficiency.rows[0]
    assert sk11[0] == "SK1.1"
    assert round_half_up(sk11[titles.index("IBT")], 0) == Decimal(1_034_867)
    assert sk11[titles.index("Pagu")] == Decimal(31_046_000)
    assert efficiency.total[titles.index("Pagu")] == TOTAL_CEILING


def test_the_indicator_sentence_is_generated_from_the_figures(doc):
    texts = [p.text for p in paragraphs(indicator_section(doc, "SK1.1"))]
    assert (
        "Target indikator Produktivitas/efisiensi perusahaan industri hasil kegiatan kolaborasi "
        "adalah 30 persen dan terealisasi 53,33 persen sehingga capaian 177,78 %."
        in " ".join(texts)
    )
    sk22 = " ".join(p.text for p in paragraphs(indicator_section(doc, "SK2.2")))
    assert "adalah 2 perusahaan dan terealisasi 7 perusahaan sehingga capaian 350,00 %" in sk22


def test_each_indicator_has_its_detail_history_renstra_and_peer_tables(doc):
    keys = {t.key for t in doc.tables()}
    for code in ACHIEVEMENTS:
        stem = code.lower().replace(".", "-")
        assert {f"{stem}-history", f"{stem}-renstra", f"{stem}-peers"} <= keys, code
    detail = table(doc, "sk3-3-detail")  # orders by type, 2022 against 2023
    assert detail.total[1:3] == [2482, 2938]
    skm = table(doc, "sk5-1-detail")
    assert len(skm.rows) == 9
    history = table(doc, "sk5-1-history")
    assert [row[0] for row in history.rows] == ["2019", "2020", "2021", "2022", "2023"]
    assert history.rows[0][2] == Decimal("3.4")
    renstra = table(doc, "renstra-targets")
    sk11 = next(row for row in renstra.rows if row[0] == "SK1.1")
    assert sk11[3:] == ["N/A", "N/A", Decimal(30), Decimal(30)]


def test_a_stored_narrative_is_used_and_never_overwritten(palembang):
    indicator = Indicator.objects.get(
        code="SK1.1", version__plan__unit=palembang, version__in_force=True
    )
    written = Narrative.objects.create(
        unit=palembang,
        year=2023,
        indicator=indicator,
        kind=NarrativeKind.SUCCESS_CAUSES,
        text="Kerja sama yang baik antara seluruh pegawai.",
    )
    blank = Narrative.objects.create(
        unit=palembang, year=2023, indicator=indicator, kind=NarrativeKind.EFFICIENCY, text="  "
    )
    stamp = Narrative.objects.get(pk=written.pk).updated_at

    doc = lakin.build_lakin(palembang, 2023)

    section = indicator_section(doc, "SK1.1")
    by_title = {b.title: b for b in walk(section) if isinstance(b, Section)}
    [success] = by_title["Analisis penyebab keberhasilan"].blocks
    assert (success.text, success.style) == ("Kerja sama yang baik antara seluruh pegawai.", "body")
    [efficiency] = by_title["Analisis efisiensi penggunaan sumber daya"].blocks
    assert efficiency.style == "generated"
    assert "Rp 31.046.000" in efficiency.text
    assert "Kendala" not in by_title  # empty slots are left out
    written.refresh_from_db()
    blank.refresh_from_db()
    assert written.text == "Kerja sama yang baik antara seluruh pegawai."
    assert written.updated_at == stamp
    assert blank.text == "  "


def test_narrative_text_prefers_the_stored_text_and_generates_only_when_needed(palembang):
    calls = []

    def generate():
        calls.append(1)
        return "Kalimat dari data."

    assert narrative_text(palembang, 2023, "conclusion", generated=generate) == (
        "Kalimat dari data.",
        True,
    )
    Narrative.objects.create(unit=palembang, year=2023, kind="conclusion", text="Tulisan unit.")
    assert narrative_text(palembang, 2023, "conclusion", generated=generate) == (
        "Tulisan unit.",
        False,
    )
    assert calls == [1]
    assert narrative_text(palembang, 2023, "foreword") == ("", True)


def test_a_report_wide_narrative_is_unique_per_kind(palembang):
    Narrative.objects.create(unit=palembang, year=2023, kind="foreword", text="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        Narrative.objects.create(unit=palembang, year=2023, kind="foreword", text="b")


def test_stored_foreword_and_conclusion_go_into_the_document(palembang):
    Narrative.objects.create(unit=palembang, year=2023, kind="foreword", text="Puji syukur.")
    Narrative.objects.create(unit=palembang, year=2023, kind="conclusion", text="Semua baik.")
    doc = lakin.build_lakin(palembang, 2023)
    foreword, *_ = doc.sections
    assert [(p.text, p.style) for p in foreword.blocks[:-1]] == [("Puji syukur.", "body")]
    assert foreword.blocks[-1].style == "signature"  # the head signs below
    closing = next(s for s in doc.sections if s.title == "Penutup")
    conclusion, obstacles, recommendations = closing.blocks
    # the unit's words replace the generated text; where it wrote nothing, the generated
    # text stands, marked as generated
    assert [(p.text, p.style) for p in conclusion.blocks] == [("Semua baik.", "body")]
    assert obstacles.title == "Permasalahan dan Kendala"
    assert recommendations.title == "Saran dan Rekomendasi"
    for section in (obstacles, recommendations):
        assert section.blocks and {p.style for p in section.blocks} == {"generated"}


def test_a_narrative_of_several_lines_is_several_paragraphs(palembang):
    Narrative.objects.create(unit=palembang, year=2023, kind="summary", text="Satu.\n\nDua.")
    summary = lakin.build_lakin(palembang, 2023).sections[1]
    assert [p.text for p in summary.blocks] == ["Satu.", "Dua."]


def test_every_row_has_a_cell_per_column_and_numbers_are_not_text(doc):
    for t in doc.tables():
        for row in [*t.rows, *([t.total] if t.total else [])]:
            assert len(row) == len(t.columns), t.key
            for value, column in zip(row, t.columns, strict=True):
                if column.kind is not Kind.TEXT and isinstance(value, str):
                    assert value == "N/A", (t.key, column.title, value)
                if column.kind is not Kind.TEXT:
                    assert value is None or isinstance(value, Decimal | int | str), t.key


def test_tables_and_figures_are_numbered_per_chapter(doc):
    numbered = [s for s in doc.sections if s.numbered]
    for chapter_number, chapter in enumerate(numbered, start=1):
        items = [b for b in walk(chapter) if isinstance(b, Table)]
        assert [t.number for t in items] == [
            f"{chapter_number}.{i}" for i in range(1, len(items) + 1)
        ]
    for section in doc.sections:
        if not section.numbered:
            assert all(not b.number for b in walk(section) if isinstance(b, Table))
    figures = doc.figures()
    assert [f.number for f in figures] == ["1.1", "1.2", "2.1"] + [
        f"3.{i}" for i in range(1, len(figures) - 2)
    ]
    keys = [t.key for t in doc.tables()]
    assert len(keys) == len(set(keys))


def test_the_charts_are_the_ones_the_lakin_needs(doc):
    trends = [f"{code.lower().replace('.', '-')}-trend" for code in ACHIEVEMENTS]
    assert [f.key for f in doc.figures()] == [
        "profile-organisation-chart",
        "profile-staff-chart-1",
        "strategy-map",
        *trends,
        "budget-by-type-pie",
        "budget-history-bar",
        "budget-history-line",
        "pnbp-history-bar",
        "pnbp-categories-bar",
    ]
    by_key = {f.key: f for f in doc.figures()}
    assert "Belanja modal (53)" in by_key["budget-by-type-pie"].svg
    organisation = by_key["profile-organisation-chart"]
    assert organisation.caption == "Struktur Organisasi BSPJI Palembang"
    assert "Subbagian Tata" in organisation.svg and "Kelompok Jabatan" in organisation.svg
    staff = by_key["profile-staff-chart-1"]
    assert staff.caption == "Komposisi Pegawai BSPJI Palembang berdasarkan Status kepegawaian"
    assert "58 orang (69,88 %)" in staff.svg and "11 orang (13,25 %)" in staff.svg
    assert "99,83 %" in by_key["budget-history-line"].svg
    bar = by_key["pnbp-categories-bar"]
    assert "Pengujian" in bar.svg and "4.147.659.000" in bar.svg


def test_two_builds_give_the_same_content(palembang, doc):
    again = lakin.build_lakin(palembang, 2023)
    assert again.data_hash == doc.data_hash
    assert re.fullmatch(r"[0-9a-f]{64}", doc.data_hash)


def test_a_unit_without_budget_or_action_plans_still_gets_its_report(demo):
    doc = lakin.build_lakin(Unit.objects.get(code="bspji-pontianak"), 2023)
    assert [s.title for s in doc.sections] == list(lakin.CHAPTERS)
    text = all_text(doc)
    assert "Data DIPA tahun 2023 belum tersedia." in text
    assert "Rencana Aksi tahun 2023 belum tersedia." in text
    assert len(table(doc, "achievement-summary").rows) == 13
    # No profile recorded: BAB I says so instead of inventing one.
    assert "Data profil unit kerja (tugas dan fungsi, struktur organisasi" in text
    assert not [t for t in doc.tables() if t.key.startswith("profile-")]


def test_the_build_reads_the_database_a_fixed_number_of_times(
    palembang, django_assert_max_num_queries
):
    # ~108 today: selectors, a few prefetching querysets, one unit_measures per peer unit,
    # and the consistency check of the annex (~45, a fixed set of selectors). A query per
    # indicator and slot would exceed this by far (13 indicators × 6 slots × …).
    with django_assert_max_num_queries(130):
        lakin.build_lakin(palembang, 2023)


def test_an_unknown_year_says_which_years_exist(palembang, tmp_path):
    with pytest.raises(CommandError, match="tahun yang ada: 2023"):
        call_command("lakin", unit="bspji-palembang", year=2019, format="docx", out=str(tmp_path))


# -- the command --------------------------------------------------------------------------
def test_the_command_writes_a_file_of_the_format_asked_for(demo, tmp_path):
    # Every renderer is a dependency; the command's renderer table names each one.
    assert all(lakin_command.renderer(f) for f in lakin_command.FORMATS)
    fmt = "xlsx"
    out = StringIO()
    call_command(
        "lakin", unit="bspji-palembang", year=2023, format=fmt, out=str(tmp_path), stdout=out
    )
    path = tmp_path / f"lakin-bspji-palembang-2023.{fmt}"
    assert path.stat().st_size > 0
    assert str(path) in out.getvalue()
    assert "LAKIN bspji-palembang 2023 disusun: " in out.getvalue()


def _run_with_a_missing_and_a_failing_renderer(tmp_path, monkeypatch) -> tuple[str, str]:
    """``kinerja lakin`` in three formats, PDF's renderer missing and XLSX's failing: the
    refusal's message and what went to stderr."""

    def fake_renderer(fmt):
        if fmt == "pdf":
            raise ImportError("No module named 'kinerja.reports.render.pdf'")
        if fmt == "xlsx":
            return lambda doc: 1 / 0
        return lambda doc: f"{doc.title} {len(doc.tables())}".encode()

    monkeypatch.setattr(lakin_command, "renderer", fake_renderer)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "lakin",
            unit="bspji-palembang",
            year=2023,
            format="docx,pdf,xlsx",
            out=str(tmp_path),
            stdout=out,
            stderr=err,
        )
    written = Path(tmp_path / "lakin-bspji-palembang-2023.docx").read_bytes()
    assert written.startswith(b"Laporan Akuntabilitas Kinerja")
    assert not (tmp_path / "lakin-bspji-palembang-2023.pdf").exists()
    return str(refused.value), err.getvalue()


def test_a_missing_or_failing_renderer_is_reported_and_the_others_still_written(
    demo, tmp_path, monkeypatch
):
    message, err = _run_with_a_missing_and_a_failing_renderer(tmp_path, monkeypatch)
    assert message == "2 dari 3 format tidak ditulis: pdf, xlsx"
    assert "pdf: perender tidak tersedia (No module named" in err
    assert "xlsx: gagal dirender: ZeroDivisionError" in err


def test_the_failed_formats_are_reported_in_english_under_the_switch(
    demo, tmp_path, monkeypatch, english_messages
):
    message, err = _run_with_a_missing_and_a_failing_renderer(tmp_path, monkeypatch)
    assert message == "2 of 3 formats not written: pdf, xlsx"
    assert "pdf: renderer not available" in err
    assert "xlsx: rendering failed: ZeroDivisionError" in err


def test_an_unknown_format_is_refused_before_building(tmp_path):
    with pytest.raises(
        CommandError, match='format "odt" tidak dikenal; pilih dari docx, pdf, xlsx'
    ):
        call_command("lakin", unit="x", year=2023, format="docx,odt", out=str(tmp_path))
    with pytest.raises(CommandError, match="tidak ada format yang diberikan"):
        call_command("lakin", unit="x", year=2023, format=",", out=str(tmp_path))


def test_an_unknown_format_is_refused_in_english_under_the_switch(tmp_path, english_messages):
    with pytest.raises(CommandError, match='unknown format "odt"; choose from docx, pdf, xlsx'):
        call_command("lakin", unit="x", year=2023, format="docx,odt", out=str(tmp_path))
    with pytest.raises(CommandError, match="no format given; choose from docx, pdf, xlsx"):
        call_command("lakin", unit="x", year=2023, format=",", out=str(tmp_path))


def test_the_admin_records_who_wrote_a_narrative(palembang, admin_client, admin_user):
    response = admin_client.post(
        "/admin/reports/narrative/add/",
        {"unit": palembang.pk, "year": 2023, "kind": "obstacles", "text": "SDM terbatas."},
    )
    assert response.status_code == 302, response.content[:2000]
    narrative = Narrative.objects.get(unit=palembang, kind="obstacles")
    assert narrative.updated_by == admin_user
    assert admin_client.get("/admin/reports/narrative/").status_code == 200


def test_the_annex_lists_the_open_consistency_findings_only_when_asked(palembang):
    assert "consistency" not in {t.key for t in lakin.build_lakin(palembang, 2023).tables()}
    doc = lakin.build_lakin(palembang, 2023, findings=True)
    findings = table(doc, "consistency").rows
    assert any(row[1].startswith("SK3.3") and row[0] == "Kesalahan" for row in findings)
    # figures in the Indonesian format, and no remark on how the demo's data was made
    assert "14.783.257.000" in {row[2] for row in findings}
    assert not any("synthetic" in str(cell) for row in findings for cell in row)


def test_the_demo_lakin_carries_the_seeds_own_words(demo):
    doc = lakin.build_lakin(Unit.objects.get(code="bspji-palembang"), 2023)
    summary = doc.sections[1]
    assert summary.title == "Ikhtisar Eksekutif"
    assert summary.blocks[0].text.startswith("Terselenggaranya good governance")
    assert {p.style for p in summary.blocks} == {"body"}
    closing = next(s for s in doc.sections if s.title == "Penutup")
    conclusion, obstacles, recommendations = closing.blocks
    assert "Rp 15.480.985.963 (99,83 %)" in " ".join(p.text for p in conclusion.blocks)
    assert obstacles.blocks[1].text.startswith("1. Sumber Daya Manusia (SDM)")
    assert recommendations.blocks[-1].text.startswith("2. Melakukan asesmen kebutuhan")
    section = indicator_section(doc, "SK1.1")
    by_title = {b.title: b for b in walk(section) if isinstance(b, Section)}
    [success] = by_title["Analisis penyebab keberhasilan"].blocks
    assert success.text.startswith("BSPJI Palembang berhasil mencapai target")
    assert success.style == "body"
    # every indicator of the agreement has the unit's analysis of why it was achieved
    for code in ("SK2.1", "SK3.3", "SK8.2"):
        titles = {b.title for b in walk(indicator_section(doc, code)) if isinstance(b, Section)}
        assert "Analisis penyebab keberhasilan" in titles, code


def test_the_foreword_ends_with_the_heads_signature_from_the_profile(doc):
    signature = doc.sections[0].blocks[-1]
    assert signature.style == "signature"
    assert signature.text.split("\n") == [
        "Palembang, Januari 2024",
        "Kepala Balai Standardisasi dan Pelayanan Jasa Industri",
        "",
        "",
        "Syamdian, S.T., M.Si.",
        "NIP. 197407272003121006",
    ]


def test_the_signature_shows_only_what_the_profile_records(palembang):
    from kinerja.org.models import UnitProfile

    UnitProfile.objects.filter(unit=palembang, year=2023).update(
        signing_place="", signing_date="2024-01-31", head_nip=""
    )
    lines = lakin.build_lakin(palembang, 2023).sections[0].blocks[-1].text.split("\n")
    assert lines == [
        "31 Januari 2024",
        "Kepala Balai Standardisasi dan Pelayanan Jasa Industri",
        "",
        "",
        "Syamdian, S.T., M.Si.",
    ]
    profile = UnitProfile.objects.get(unit=palembang, year=2023)
    profile.structure_units.all().delete()
    UnitProfile.objects.filter(pk=profile.pk).update(signing_date="", head_name="")
    foreword = lakin.build_lakin(palembang, 2023).sections[0]
    assert all(b.style != "signature" for b in foreword.blocks)


def test_a_signing_date_that_does_not_exist_keeps_its_month():
    from kinerja.reports.lakin.front import signing_date_text

    assert signing_date_text("2024-02-30") == "Februari 2024"
    assert signing_date_text("2024-02-29") == "29 Februari 2024"
