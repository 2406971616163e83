"""The DOCX renderer, read back with python-docx: structure, styles, fields and cell text."""

import io
import struct
import zipfile
import zlib
from decimal import Decimal

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm
from docx.table import Table as WordTable

from kinerja.reports.document import (
    Column,
    Document,
    Figure,
    Kind,
    Paragraph,
    Section,
    Table,
    cell_text,
    sample_document,
)
from kinerja.reports.render import layout
from kinerja.reports.render.docx import render_docx


def _open(document: Document):
    return docx.Document(io.BytesIO(render_docx(document)))


@pytest.fixture(scope="module")
def sample() -> Document:
    return sample_document()


@pytest.fixture(scope="module")
def word(sample):
    return _open(sample)


def _blocks(word):
    return list(word.iter_inner_content())


def _tiny_png() -> bytes:
    """A 1×1 white PNG, built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1×1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\xff\xff")  # filter byte + one pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_page_is_a4_portrait_with_binding_margin(word):
    page = word.sections[0]
    assert (round(page.page_width.cm, 1), round(page.page_height.cm, 1)) == (21.0, 29.7)
    assert page.page_width < page.page_height
    # The margins of the layout rule, as in the PDF: wider on the left for binding.
    margins = (page.left_margin, page.right_margin, page.top_margin, page.bottom_margin)
    assert [round(m.mm) for m in margins] == [30, 20, 25, 22]
    assert len(word.sections) == 1  # no table needs a landscape page


def test_normal_style_font_size_and_language(word):
    normal = word.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert 11 <= normal.font.size.pt <= 12
    lang = normal.element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "id-ID"


def test_cover_comes_first_without_repeating_unit_or_year(word):
    texts = [p.text for p in word.paragraphs[:3]]
    assert texts == ["Laporan Akuntabilitas Kinerja", "Balai Contoh", "Tahun 2023"]
    assert word.paragraphs[3].style.name == "TOC Heading"


def test_cover_adds_unit_and_year_when_the_lines_lack_them():
    document = Document(title="Laporan Akuntabilitas Kinerja", unit_name="Balai Uji", year=2024)
    texts = [p.text for p in _open(document).paragraphs[:3]]
    assert texts == ["Laporan Akuntabilitas Kinerja", "Balai Uji", "Tahun 2024"]


def test_contents_list_the_headings_with_page_fields_updated_on_open(word):
    paragraphs = word.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Daftar Isi")
    entries = [p for p in paragraphs[start + 1 :] if p.style.name.startswith("toc ")]
    assert [(p.style.name, p.text.split("\t")[0]) for p in entries] == [
        ("toc 1", "Kata Pengantar"),
        ("toc 1", "BAB I Pendahuluan"),
        ("toc 2", "Capaian"),
    ]
    # Each entry links to its heading's bookmark and shows that bookmark's page.
    bookmarks = {
        b.get(qn("w:name")): b.getparent() for b in word.element.body.iter(qn("w:bookmarkStart"))
    }
    for entry in entries:
        [link] = entry._p.findall(qn("w:hyperlink"))
        anchor = link.get(qn("w:anchor"))
        heading = bookmarks[anchor]
        assert heading.xpath("string(.)") == entry.text.split("\t")[0]
        assert f"PAGEREF {anchor} \\h" in link.xpath("string(.//w:instrText)")
    update = word.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    # Page breaks come from the styles: the TOC heading and every chapter start a new page.
    assert word.styles["TOC Heading"].paragraph_format.page_break_before is None  # inherited
    assert word.styles["TOC Heading"].base_style.name == "Heading 1"
    assert word.styles["Heading 1"].paragraph_format.page_break_before is True


def test_headings_use_real_styles_and_bab_numbering(word):
    headings = [
        (p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Kata Pengantar"),
        ("Heading 1", "BAB I Pendahuluan"),
        ("Heading 2", "Capaian"),
    ]


def test_chapters_count_in_roman_numerals_and_nesting_sets_the_level():
    chapters = [Section(title) for title in ("Pendahuluan", "Perencanaan", "Akuntabilitas")]
    deep = chapters[2].add(Section("Capaian")).add(Section("Sasaran 1"))
    deep.add(Section("Indikator 1"))  # deeper than three levels stays Heading 3
    document = Document(title="LAKIN", unit_name="Balai Uji", year=2024)
    document.sections = [Section("Kata Pengantar", numbered=False), *chapters]
    document.sections.append(Section("Lampiran", numbered=False))
    headings = [
        (p.style.name, p.text)
        for p in _open(document).paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Kata Pengantar"),
        ("Heading 1", "BAB I Pendahuluan"),
        ("Heading 1", "BAB II Perencanaan"),
        ("Heading 1", "BAB III Akuntabilitas"),
        ("Heading 2", "Capaian"),
        ("Heading 3", "Sasaran 1"),
        ("Heading 3", "Indikator 1"),
        ("Heading 1", "Lampiran"),
    ]


def test_paragraph_styles(word):
    document = Document(title="LAKIN", unit_name="Balai Uji", year=2024)
    chapter = Section("Pendahuluan")
    chapter.add(Paragraph("Isi."))
    chapter.add(Paragraph("Catatan kecil.", style="note"))
    chapter.add(Paragraph("Kalimat dari data.", style="generated"))
    document.sections = [chapter]
    rendered = {p.text: p for p in _open(document).paragraphs}
    body, note, generated = (rendered[t] for t in ("Isi.", "Catatan kecil.", "Kalimat dari data."))
    assert body.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert generated.style.name == body.style.name
    assert note.style.font.italic is True
    assert note.style.font.size < word.styles["Normal"].font.size


def test_table_caption_above_header_repeats_cells_use_cell_text(word, sample):
    blocks = _blocks(word)
    index = next(i for i, block in enumerate(blocks) if isinstance(block, WordTable))
    caption, table, note = blocks[index - 1], blocks[index], blocks[index + 1]
    source = sample.tables()[0]

    assert caption.text == "Tabel 1.1 Capaian Kinerja Tahun 2023"
    assert caption.style.name == "Caption"
    assert note.text == "Sumber: data kinerja"
    assert note.style.font.size.pt <= 10

    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells] == [c.title for c in source.columns]
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)

    expected = [*source.rows, source.total]
    assert len(table.rows) == 1 + len(expected)
    for row, values in zip(table.rows[1:], expected, strict=True):
        texts = [cell.text for cell in row.cells]
        assert texts == [cell_text(v, c) for v, c in zip(values, source.columns, strict=True)]
    assert [c.text for c in table.rows[1].cells][3:] == ["177,78 %", "31.046.000"]
    assert table.rows[2].cells[4].text == "–"

    for row in table.rows[1:]:
        for cell, column in zip(row.cells, source.columns, strict=True):
            paragraph = cell.paragraphs[0]
            numeric = column.kind is not Kind.TEXT
            assert (paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT) is numeric
            assert paragraph.style.font.size.pt == layout.table_layout(source).size

    total_runs = [run for cell in table.rows[-1].cells for run in cell.paragraphs[0].runs]
    assert total_runs and all(run.bold for run in total_runs)
    body_runs = [run for cell in table.rows[1].cells for run in cell.paragraphs[0].runs]
    assert not any(run.bold for run in body_runs)


def test_figure_is_a_picture_with_caption_below():
    chapter = Section("Akuntabilitas")
    chapter.add(Figure("trend", "Tren Capaian", svg="<svg/>", png=_tiny_png()))
    document = Document(title="LAKIN", unit_name="Balai Uji", year=2024, sections=[chapter])
    document.number_items()
    word = _open(document)

    assert len(word.inline_shapes) == 1
    assert abs(word.inline_shapes[0].width - Mm(layout.FIGURE_WIDTH_MM)) < Cm(0.1)
    paragraphs = word.paragraphs
    picture = next(i for i, p in enumerate(paragraphs) if p._p.xpath(".//w:drawing"))
    caption = paragraphs[picture + 1]
    assert caption.text == "Gambar 1.1 Tren Capaian"
    assert caption.style.name == "Caption"


def test_footer_has_page_field_and_header_names_the_report(word):
    page = word.sections[0]
    footer_xml = page.footer._element.xml
    assert "Halaman" in page.footer.paragraphs[0].text
    assert 'fldCharType="begin"' in footer_xml
    assert '<w:instrText xml:space="preserve"> PAGE </w:instrText>' in footer_xml
    assert page.footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    header = page.header.paragraphs[0].text
    assert "Laporan Akuntabilitas Kinerja" in header
    assert "Balai Contoh" in header and "2023" in header


def test_core_properties(word):
    props = word.core_properties
    assert props.title == "Laporan Akuntabilitas Kinerja"
    assert props.subject == "Balai Contoh Tahun 2023"
    assert props.language == "id-ID"
    assert props.created.date().isoformat() == "2024-01-31"
    assert props.comments == ""


def test_rendering_is_deterministic(sample):
    first, second = render_docx(sample), render_docx(sample)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {entry.date_time for entry in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    texts = [[p.text for p in docx.Document(io.BytesIO(b)).paragraphs] for b in (first, second)]
    assert texts[0] == texts[1]


def test_cells_and_paragraphs_keep_spaces_tabs_and_line_breaks():
    chapter = Section("Data")
    chapter.add(Paragraph("Baris satu\nbaris dua\tdengan tab"))
    chapter.add(
        Table(
            "edge",
            "Teks Khusus",
            [Column("Uraian"), Column("Nilai", Kind.INTEGER)],
            [[" spasi di tepi ", 1], ["a\tb", None], ["baris\nbaru", 2], ["", 3]],
        )
    )
    document = Document(title="LAKIN", unit_name="Balai Uji", year=2024, sections=[chapter])
    document.number_items()
    word = _open(document)

    assert "Baris satu\nbaris dua\tdengan tab" in [p.text for p in word.paragraphs]
    [table] = word.tables
    texts = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert texts == [[" spasi di tepi ", "1"], ["a\tb", "–"], ["baris\nbaru", "2"], ["", "3"]]
    spaced = table.rows[1].cells[0].paragraphs[0]._p.find(f"{qn('w:r')}/{qn('w:t')}")
    assert spaced.get(qn("xml:space")) == "preserve"
    assert table.rows[2].cells[0].paragraphs[0]._p.find(f".//{qn('w:tab')}") is not None
    assert table.rows[3].cells[0].paragraphs[0]._p.find(f".//{qn('w:br')}") is not None


def test_table_columns_have_the_widths_of_the_layout_rule(sample):
    word = _open(sample)
    [table] = word.tables
    source = sample.tables()[0]
    fit = layout.table_layout(source)
    widths = [column.width for column in table.columns]
    for row in table.rows:
        assert [cell.width for cell in row.cells] == widths
    assert [round(w.pt, 1) for w in widths] == [round(w, 1) for w in fit.widths]
    assert abs(sum(w.pt for w in widths) - layout.PORTRAIT_WIDTH) < 0.5
    tbl_pr = table._tbl.tblPr
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    margins = tbl_pr.find(qn("w:tblCellMar"))
    assert margins.find(qn("w:left")).get(qn("w:w")) == str(round(layout.PAD_X * 20))


def test_rows_do_not_break_and_the_first_and_last_rows_stay_together(sample):
    word = _open(sample)
    [table] = word.tables
    rows = table.rows
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)

    def keeps(row):
        return {p.paragraph_format.keep_with_next for p in (c.paragraphs[0] for c in row.cells)}

    # Two rows and a total: one run, the header with it; the total ends the run.
    assert [keeps(row) for row in rows] == [{True}, {True}, {True}, {None}]


def wide_document() -> Document:
    chapter = Section("Data")
    chapter.add(Paragraph("Sebelum tabel."))
    columns = [Column("Kode"), Column("Indikator Kinerja")] + [
        Column(f"Realisasi anggaran triwulan {n}", Kind.MONEY) for n in range(1, 9)
    ]
    rows = [[f"SK{i}", "Indikator " * 6, *([Decimal("15507847000")] * 8)] for i in range(5)]
    chapter.add(Table("wide", "Anggaran per Triwulan", columns, rows))
    chapter.add(Paragraph("Sesudah tabel."))
    document = Document(title="LAKIN", unit_name="Balai Uji", year=2024, sections=[chapter])
    document.number_items()
    return document


def test_a_table_too_wide_for_portrait_gets_a_landscape_section():
    document = wide_document()
    fit = layout.table_layout(document.tables()[0])
    assert fit.landscape
    word = _open(document)

    sections = word.sections
    assert [s.orientation for s in sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]
    landscape = sections[1]
    assert landscape.page_width > landscape.page_height
    assert round(landscape.page_width.mm) == 297 and round(landscape.left_margin.mm) == 30
    # The header and footer carry on into the landscape section.
    assert "Balai Uji" in landscape.header.paragraphs[0].text
    [table] = word.tables
    widths = sum(column.width.pt for column in table.columns)
    assert abs(widths - layout.LANDSCAPE_WIDTH) < 0.5
    # The chapter's heading and the short text before the table go with it onto the
    # landscape pages; the text after it is portrait again.
    by_section, section = {}, 0
    for child in word.element.body:
        if child.tag == qn("w:tbl"):
            by_section["<table>"] = section
        elif child.tag == qn("w:p"):
            text = child.xpath("string(.)")
            if text:
                by_section[text] = section
            if child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                section += 1
    assert by_section["Daftar Isi"] == 0
    assert by_section["BAB I Data"] == by_section["Sebelum tabel."] == 1
    assert by_section["<table>"] == 1
    assert by_section["Sesudah tabel."] == 2


def test_build_date_and_data_hash_close_the_document_and_sit_in_core_properties():
    document = sample_document()
    document.data_hash = "cd" * 32
    word = _open(document)
    texts = [p.text for p in word.paragraphs]
    cover_end = texts.index("Daftar Isi")
    assert not any("Disusun" in t or "Sidik data" in t for t in texts[:cover_end])
    assert texts[-2:] == ["Disusun 31 Januari 2024", f"Sidik data: {'cd' * 32}"]
    assert word.paragraphs[-1].runs[0].font.size.pt == 8
    assert word.core_properties.keywords == f"Sidik data: {'cd' * 32}"
    assert word.core_properties.created.date().isoformat() == "2024-01-31"


def test_signature_block_lines_in_docx():
    document = sample_document()
    document.sections[0].add(
        Paragraph("Palembang, Januari 2024\nKepala Balai\n\n\nNama\nNIP. 1", style="signature")
    )
    [paragraph] = [p for p in _open(document).paragraphs if p.style.name == "Tanda Tangan"]
    assert paragraph.text == "Palembang, Januari 2024\nKepala Balai\n\n\nNama\nNIP. 1"
    assert paragraph.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
