"""The PDF of a report Document, typeset by Typst (render/pdf.py, render/report.typ).

The PDF is read back with poppler-utils (``pdftotext``, ``pdffonts``, ``pdfinfo``,
``pdfimages``, ``pdftohtml``); those tests are skipped when poppler-utils is missing on a
developer's machine. CI installs it (``apt-get install -y poppler-utils``).
"""

import json
import re
import shutil
import struct
import subprocess
import zlib
from decimal import Decimal
from pathlib import Path

import pytest

from kinerja.reports.document import (
    Column,
    Document,
    Figure,
    Kind,
    Paragraph,
    Section,
    Table,
    sample_document,
)
from kinerja.reports.render import fonts, pdf
from kinerja.reports.render.layout import roman
from kinerja.reports.render.pdf import (
    PdfSource,
    TypesetError,
    compile_pdf,
    pdf_source,
    render_pdf,
)

SVG = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
    '<rect x="10" y="20" width="60" height="80" fill="#3366cc"/>'
    '<rect x="100" y="50" width="60" height="50" fill="#cc6633"/></svg>'
)
HEADER = "Laporan Akuntabilitas Kinerja · Balai Contoh · 2023"


def tiny_png(width: int = 2, height: int = 2) -> bytes:
    """A valid grey RGB PNG, built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def document_with_figure() -> Document:
    doc = sample_document()
    chapter = doc.sections[1]
    chapter.add(Figure("achievement-chart", "Capaian per Indikator", SVG, tiny_png()))
    doc.number_items()
    return doc


def poppler(tool: str, *args) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not found: install poppler-utils (apt-get install -y poppler-utils)")
    done = subprocess.run([tool, *map(str, args)], capture_output=True, text=True, check=True)
    return done.stdout


def pdf_text(path: Path, *options: str) -> str:
    return poppler("pdftotext", *options, path, "-")


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "lakin.pdf"
    path.write_bytes(render_pdf(document_with_figure()))
    return path


# -- the document as data -----------------------------------------------------------------


def test_the_document_reaches_typst_as_json_not_as_source():
    doc = document_with_figure()
    source = pdf_source(doc)
    data = json.loads(source.data)

    # The template is the same file whatever the document: nothing of it is spliced in.
    assert source.template == pdf.TEMPLATE.read_text(encoding="utf-8")
    assert "Produktivitas" not in source.template
    assert data["title"] == HEADER and data["author"] == "Balai Contoh"
    assert data["lang"] == "id" and data["date"] == [2024, 1, 31]
    [front] = data["front"]
    assert [item["text"] for item in front["items"]] == [
        "Kata Pengantar",
        "Laporan ini disusun dari data.",
    ]
    items = data["body"][0]["items"]
    table = next(item for item in items if item["kind"] == "table")
    assert table["label"] == "Tabel 1.1 Capaian Kinerja Tahun 2023"
    assert table["rows"][0] == ["Produktivitas", "30,00", "53,33", "177,78 %", "31.046.000"]
    assert table["total"][0] == "Jumlah"
    assert table["numeric"] == [False, True, True, True, True]
    figure = next(item for item in items if item["kind"] == "figure")
    assert figure["svg"] == SVG and figure["label"] == "Gambar 1.1 Capaian per Indikator"


def test_roman_numerals():
    assert [roman(n) for n in (1, 2, 4, 5, 9, 10, 14, 40, 90, 1994)] == [
        "I",
        "II",
        "IV",
        "V",
        "IX",
        "X",
        "XIV",
        "XL",
        "XC",
        "MCMXCIV",
    ]
    with pytest.raises(ValueError):
        roman(0)


# -- the PDF --------------------------------------------------------------------------------


def test_pdf_is_a4_pdf(pdf_path):
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    info = poppler("pdfinfo", pdf_path)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)


def test_pdf_text_reads_as_the_report(pdf_path):
    text = pdf_text(pdf_path, "-layout")

    assert "Tabel 1.1 Capaian Kinerja Tahun 2023" in text
    assert "Gambar 1.1 Capaian per Indikator" in text
    assert "177,78 %" in text
    assert "31.046.000" in text
    assert "Halaman 1" in text
    assert "BAB I Pendahuluan" in text
    assert "Disusun 31 Januari 2024" in text.rstrip("\f").split("\f")[-1]  # the colophon
    assert "Disusun" not in text.split("\f")[0]  # not on the cover


def test_pdf_pages_header_footer_and_contents(pdf_path):
    pages = pdf_text(pdf_path, "-layout").split("\f")

    cover, contents, foreword, chapter = pages[:4]
    assert "Halaman" not in cover and HEADER not in cover  # the cover is not numbered
    assert "Daftar Isi" in contents and "Halaman i" in contents and HEADER in contents
    assert "Kata Pengantar" in foreword and "Halaman ii" in foreword
    assert "BAB I" in chapter and "Halaman 1" in chapter and HEADER in chapter
    # The contents show where each entry starts: roman in the front matter.
    assert re.search(r"Kata Pengantar[ .]+\.\s*\u2060?ii\b", contents)
    assert re.search(r"BAB I Pendahuluan[ .]+\.\s*\u2060?1\b", contents)
    assert re.search(r"Tabel 1\.1 Capaian Kinerja Tahun 2023[ .]+\.\s*\u2060?1\b", contents)
    assert re.search(r"Gambar 1\.1 Capaian per Indikator[ .]+\.\s*\u2060?1\b", contents)


def test_pdf_contents_link_to_their_pages_and_bookmarks(pdf_path):
    xml = poppler("pdftohtml", "-xml", "-i", "-stdout", pdf_path)

    # Each contents entry is a link to the page it names (page 3 is "ii", page 4 is "1").
    links = re.findall(r'<a href="[^"#]*#(\d+)">(?:<b>)?([^<]+?) \. \.', xml)
    assert ("3", "Kata Pengantar") in links
    assert ("4", "BAB I Pendahuluan") in links
    assert ("4", "Tabel 1.1 Capaian Kinerja Tahun 2023") in links
    assert ("4", "Gambar 1.1 Capaian per Indikator") in links
    # The PDF outline (bookmarks): chapters with their sections, as in the contents.
    outline = re.search(r"<outline>.*</outline>", xml, re.DOTALL).group(0)
    items = re.findall(r'<item page="(\d+)">([^<]+)</item>', outline)
    assert ("3", "Kata Pengantar") in items
    assert ("4", "BAB I Pendahuluan") in items
    assert ("4", "Capaian") in items


def test_pdf_fonts_are_the_shipped_dejavu_files_embedded(pdf_path):
    lines = poppler("pdffonts", pdf_path).splitlines()[2:]

    assert lines
    names = []
    for line in lines:
        name, *_middle, emb, _sub, _uni, _obj, _gen = line.split()
        assert emb == "yes", line
        names.append(name.split("+")[-1])
    # Only the families kinerja asks for: no fallback, no font of the machine.
    assert {"DejaVuSerif", "DejaVuSans", "DejaVuSans-Bold"} <= set(names)
    assert all(name.startswith(("DejaVuSerif", "DejaVuSans")) for name in names), names


def test_pdf_chart_stays_vector(pdf_path):
    # Drawn from the SVG (its two rectangles' colours), not embedded as a raster image.
    assert len(poppler("pdfimages", "-list", pdf_path).splitlines()) == 2  # header only
    streams = b"".join(_inflated_streams(pdf_path.read_bytes()))
    assert b"0.2 0.4 0.8 scn" in streams  # #3366cc
    assert b"0.8 0.4 0.2 scn" in streams  # #cc6633


def _inflated_streams(data: bytes):
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            yield match.group(1)


def test_pdf_metadata(pdf_path):
    info = poppler("pdfinfo", pdf_path)
    assert re.search(rf"^Title:\s+{re.escape(HEADER)}$", info, re.M)
    assert re.search(r"^Author:\s+Balai Contoh$", info, re.M)
    assert re.search(r"^CreationDate:.*Jan 31 .*2024", info, re.M)
    assert b"/Lang(id)" in pdf_path.read_bytes()


def test_the_same_document_gives_the_same_pdf():
    doc = document_with_figure()
    assert render_pdf(doc) == render_pdf(doc)


def test_a_document_without_a_date_has_none():
    doc = sample_document()
    doc.generated_on = None
    data = render_pdf(doc)
    assert b"/CreationDate" not in data
    assert render_pdf(doc) == data


def test_pdf_of_many_tables_repeats_the_header_not_the_total(tmp_path):
    doc = Document(title="Laporan", unit_name="Unit", year=2024)
    chapter = Section("Data")
    chapter.add(
        Table(
            "long",
            "Tabel Panjang",
            [Column("Baris"), Column("Nilai", Kind.NUMBER, 2)],
            [[f"Baris {i}", Decimal(i) / 3] for i in range(150)],
            total=["Jumlah Akhir", Decimal(1)],
        )
    )
    doc.sections = [chapter]
    doc.number_items()
    path = tmp_path / "long.pdf"
    path.write_bytes(render_pdf(doc))
    pages = [page for page in pdf_text(path, "-layout").split("\f") if page.strip()]

    assert len([page for page in pages if "Nilai" in page]) >= 3  # header on every page
    assert sum(page.count("Jumlah Akhir") for page in pages) == 1
    assert "Jumlah Akhir" in pages[-1]
    # The total never stands alone: the last rows come along.
    assert "Baris 149" in pages[-1] and "Baris 148" in pages[-1]


@pytest.mark.parametrize("words", range(430, 700, 30))
def test_a_table_never_starts_with_a_lone_row_at_a_page_foot(tmp_path, words):
    """Whatever text comes before it, the caption, the header and the first two rows
    of a table share a page."""
    doc = Document(title="Laporan", unit_name="Unit", year=2024)
    chapter = Section("Data")
    chapter.add(Paragraph("kata " * words))
    chapter.add(
        Table(
            "t",
            "Data Baris",
            [Column("Kode"), Column("Uraian"), Column("Nilai", Kind.NUMBER, 2)],
            [[f"R{i:02d}", "uraian " * (i % 5 + 1), Decimal(i)] for i in range(30)],
        )
    )
    doc.sections = [chapter]
    doc.number_items()
    path = tmp_path / "t.pdf"
    path.write_bytes(render_pdf(doc))
    pages = pdf_text(path, "-layout").split("\f")
    [first] = [page for page in pages if "Tabel 1.1 Data Baris" in page and "Daftar" not in page]
    assert len(re.findall(r"\bR\d\d\b", first)) >= 2


# -- user text is text ----------------------------------------------------------------------

TYPST_SPECIALS = [
    '#read("/etc/passwd")',
    '#import "@preview/cetz:0.3.0": *',
    "$x^2$",
    "*tebal*",
    "_miring_",
    "@ref",
    "<label>",
    "C:\\Users\\kinerja \\ akhir\\",
    "#let x = 1; #x",
    "// bukan komentar",
    "```kode```",
    "= bukan judul",
    "- bukan daftar",
    "~ ' \" ` [ ] { } ( )",
]


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory) -> str:
    """Every Typst special in a paragraph, a section title, a table cell, a column title,
    a caption, a note, the unit's name and a cover line."""
    joined = " ".join(TYPST_SPECIALS)
    doc = Document(
        title="Laporan Akuntabilitas Kinerja",
        unit_name="Balai #emph[x] $y$",
        year=2023,
        cover_lines=["Baris sampul *a* _b_ #c"],
    )
    chapter = Section("Judul #strong[x] <l> @r")
    for special in TYPST_SPECIALS:
        chapter.add(Paragraph(f"Narasi: {special}"))
    chapter.add(
        Table(
            "hostile",
            "Tabel $z$ #x",
            [Column("Kolom *a*"), Column("Nilai", Kind.NUMBER, 2)],
            [[special, Decimal(1)] for special in TYPST_SPECIALS],
            note=f"Catatan {joined}",
        )
    )
    doc.sections = [chapter]
    doc.number_items()
    path = tmp_path_factory.mktemp("hostile") / "hostile.pdf"
    path.write_bytes(render_pdf(doc))
    return " ".join(pdf_text(path).split())


@pytest.mark.parametrize("special", TYPST_SPECIALS)
def test_typst_markup_in_a_narrative_prints_literally(hostile_pdf, special):
    assert f"Narasi: {' '.join(special.split())}" in hostile_pdf


def test_typst_markup_anywhere_prints_literally(hostile_pdf):
    for text in (
        "Judul #strong[x] <l> @r",
        "Tabel 1.1 Tabel $z$ #x",
        "Kolom *a*",
        "Balai #emph[x] $y$",
        "Baris sampul *a* _b_ #c",
        'Catatan #read("/etc/passwd")',
    ):
        assert text in hostile_pdf, text
    assert "root:" not in hostile_pdf  # nothing was read


def test_typst_reads_no_file_of_the_machine():
    """Even a template asking for a file gets nothing: Typst's root is an empty folder."""
    import typst

    for path in ("/etc/passwd", "../../../../etc/passwd", str(Path(pdf.__file__))):
        with pytest.raises(typst.TypstError, match="not found|escape"):
            compile_pdf(PdfSource(f'#read("{path}")', "{}"))


# -- bad input, missing fonts -----------------------------------------------------------------


def test_a_document_typst_refuses_names_the_report_and_section():
    doc = sample_document()
    broken = doc.sections[1].add(Section("Grafik Rusak"))
    broken.add(Figure("broken", "Grafik", "<svg this is not svg", b""))
    doc.number_items()

    with pytest.raises(TypesetError) as caught:
        render_pdf(doc)
    error = caught.value
    assert error.report == HEADER
    assert error.section == "Pendahuluan › Grafik Rusak"
    assert "svg" in error.message.lower()
    assert "Grafik Rusak" in str(error) and HEADER in str(error)


def test_the_lakin_command_writes_no_pdf_when_typst_refuses(tmp_path, monkeypatch):
    from io import StringIO

    from kinerja.reports.output import write_formats

    doc = sample_document()
    doc.sections[1].add(Figure("broken", "Grafik", "<svg broken", b""))
    err = StringIO()
    failed = write_formats(doc, "lakin", ["pdf", "xlsx"], tmp_path, StringIO(), err)

    assert failed == ["pdf"]
    assert "could not be typeset" in err.getvalue() and "Pendahuluan" in err.getvalue()
    assert not (tmp_path / "lakin.pdf").exists()
    assert (tmp_path / "lakin.xlsx").exists()


def test_a_missing_font_file_stops_start_up(tmp_path, monkeypatch):
    for name in fonts.FONT_FILES.values():
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "DejaVuSans-Bold.ttf").unlink()
    monkeypatch.setattr(fonts, "_package_font_dir", lambda: tmp_path)
    try:
        with pytest.raises(fonts.FontsMissing, match=r"DejaVuSans-Bold\.ttf missing in"):
            fonts.check_fonts()
        from django.apps import apps

        with pytest.raises(fonts.FontsMissing):
            apps.get_app_config("reports").ready()
    finally:
        fonts.font_dir.cache_clear()


def test_fonts_come_from_a_python_package():
    directory = fonts.font_dir()
    assert "site-packages" in str(directory) or "dist-packages" in str(directory)
    assert all((directory / name).is_file() for name in fonts.FONT_FILES.values())


def test_a_wide_table_is_set_on_landscape_pages_without_a_blank_page(tmp_path):
    columns = [Column("Kode"), Column("Indikator Kinerja")] + [
        Column(f"Realisasi anggaran triwulan {n}", Kind.MONEY) for n in range(1, 9)
    ]
    rows = [[f"SK{i}", "Indikator " * 6, *([Decimal("15507847000")] * 8)] for i in range(5)]
    doc = Document(title="Laporan", unit_name="Unit", year=2024)
    doc.sections = [
        Section("Pendahuluan", [Paragraph("Teks bab satu.")]),
        Section("Anggaran", [Table("wide", "Anggaran per Triwulan", columns, rows)]),
        Section("Penutup", [Paragraph("Teks penutup.")]),
    ]
    doc.number_items()
    path = tmp_path / "wide.pdf"
    path.write_bytes(render_pdf(doc))

    info = poppler("pdfinfo", "-f", "1", "-l", "99", path)
    sizes = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+)", info)
    landscape = [float(w) > float(h) for w, h in sizes]
    pages = pdf_text(path, "-layout").split("\f")[: len(sizes)]
    [wide] = [
        i
        for i, page in enumerate(pages)
        if "Tabel 2.1 Anggaran per Triwulan" in page and "Daftar Tabel" not in page
    ]
    assert landscape[wide] and "BAB II Anggaran" in pages[wide]
    assert "BAB III Penutup" in pages[wide + 1] and not landscape[wide + 1]
    # Every page after the cover has something besides its header and footer.
    for page in pages[1:]:
        body = [line for line in page.splitlines() if line.strip()]
        assert len(body) > 2, page


def test_build_date_and_data_hash_are_in_the_colophon_and_metadata_not_on_the_cover(tmp_path):
    doc = sample_document()
    doc.data_hash = "ab" * 32
    path = tmp_path / "colophon.pdf"
    path.write_bytes(render_pdf(doc))
    pages = pdf_text(path).split("\f")
    assert "Sidik data" not in pages[0] and "Disusun" not in pages[0]
    last = [page for page in pages if page.strip()][-1]
    assert f"Sidik data: {'ab' * 32}" in last and "Disusun 31 Januari 2024" in last
    assert re.search(rf"^Keywords:\s+Sidik data: {'ab' * 32}$", poppler("pdfinfo", path), re.M)


def test_signature_block_prints_its_lines_and_typst_markup_literally(tmp_path):
    doc = sample_document()
    lines = ["Palembang, Januari 2024", "Kepala Balai", "", "", "Nama *tebal* #sym.x", "NIP. 1"]
    doc.sections[0].add(Paragraph("\n".join(lines), style="signature"))
    path = tmp_path / "signature.pdf"
    path.write_bytes(render_pdf(doc))
    text = pdf_text(path)
    for line in ("Palembang, Januari 2024", "Kepala Balai", "Nama *tebal* #sym.x", "NIP. 1"):
        assert line in text


# -- rows of known height ---------------------------------------------------------------------


def rows_document() -> Document:
    doc = Document(title="Laporan", unit_name="Unit", year=2024)
    chapter = Section("Data")
    chapter.add(
        Table(
            "narrow",
            "Uraian dan Nilai",
            [Column("Kode"), Column("Uraian"), Column("Nilai", Kind.NUMBER, 2)],
            [
                [f"R{i:02d}", "uraian kegiatan layanan " * (i % 7 + 1), Decimal(i) / 7]
                for i in range(40)
            ],
            total=["Jumlah", "semua uraian", Decimal(1)],
        )
    )
    chapter.add(
        Table(
            "wide",
            "Realisasi per Triwulan",
            [Column("Indikator Kinerja")]
            + [Column(f"Realisasi anggaran triwulan {n}", Kind.MONEY) for n in range(1, 9)],
            [
                [f"Indikator kinerja nomor {i} " * 2, *([Decimal("15507847000")] * 8)]
                for i in range(6)
            ],
        )
    )
    doc.sections = [chapter]
    doc.number_items()
    return doc


def prebroken(doc: Document) -> Document:
    """The document with the text cells of its tables broken as ``layout`` breaks them
    for the PDF (Typst, measuring without kerning, would sometimes fit one more word)."""
    from kinerja.reports.render import layout

    for table in doc.tables():
        fit = layout.table_layout(table)
        body = [*table.rows, *([table.total] if table.total is not None else [])]
        broken = [
            [
                text if not numeric else value
                for value, text, numeric in zip(row, set_row, fit.numeric, strict=True)
            ]
            for row, set_row in zip(body, fit.set_rows, strict=True)
        ]
        table.rows = broken[: len(table.rows)]
        if table.total is not None:
            table.total = broken[-1]
    return doc


def test_rows_of_known_height_look_exactly_as_typst_measures_them(tmp_path, monkeypatch):
    """Body rows reach Typst with their heights (so that Typst sets each cell once):
    the pages are the same, pixel for pixel, as when Typst measures every row itself."""
    doc = prebroken(rows_document())
    data = json.loads(pdf_source(doc).data)
    tables = [item for part in data["body"] for item in part["items"] if item["kind"] == "table"]
    heights = [height for table in tables for height in table["heights"]]
    assert heights and all(height is not None for height in heights)
    assert len({table["size"] for table in tables}) == 2  # portrait 9 pt, landscape smaller
    assert any("\n" in row[1] for row in tables[0]["rows"])
    fixed = tmp_path / "fixed.pdf"
    fixed.write_bytes(render_pdf(doc))
    monkeypatch.setattr(pdf, "_row_height", lambda lines, table: None)
    measured = tmp_path / "measured.pdf"
    measured.write_bytes(render_pdf(doc))
    patched = json.loads(pdf_source(doc).data)["body"]
    assert all(h is None for part in patched for i in part["items"] for h in i.get("heights", []))
    poppler("pdftoppm", "-r", "60", "-png", fixed, tmp_path / "fixed")
    poppler("pdftoppm", "-r", "60", "-png", measured, tmp_path / "measured")
    pages = sorted(tmp_path.glob("fixed-*.png"))
    assert len(pages) >= 3
    for page in pages:
        other = tmp_path / page.name.replace("fixed-", "measured-")
        assert page.read_bytes() == other.read_bytes(), page.name
    assert not list(tmp_path.glob("measured-*.png"))[len(pages) :]


def test_a_line_typst_finds_wider_than_measured_is_not_broken_again(tmp_path):
    """Kerning can make a line a hair wider in Typst than the sum of its advances
    (DejaVu kerns "AA" apart): it runs into the padding rather than onto a new line,
    which would push the row's last line out of its fixed height."""
    from kinerja.reports.render import layout

    text = " ".join(["AAAAAA"] * 60)
    doc = Document(title="Laporan", unit_name="Unit", year=2024)
    chapter = Section("Data")
    chapter.add(Table("a", "Huruf", [Column("Teks")], [[text]]))
    doc.sections = [chapter]
    doc.number_items()
    fit = layout.table_layout(chapter.blocks[0])
    lines = fit.set_rows[0][0].split("\n")
    assert fit.set_lines[0] == len(lines) > 3
    path = tmp_path / "a.pdf"
    path.write_bytes(render_pdf(doc))
    printed = [line.strip() for line in pdf_text(path).splitlines() if "AAAAAA" in line]
    assert printed == lines
