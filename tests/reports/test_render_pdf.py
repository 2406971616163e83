"""HTML and PDF rendering of a report Document (render/html.py, render/pdf.py).

The PDF is read back with poppler-utils (``pdftotext``, ``pdffonts``, ``pdfinfo``); those
tests are skipped when poppler-utils is missing on a developer's machine. CI installs it
(``apt-get install -y poppler-utils``).
"""

import base64
import re
import shutil
import struct
import subprocess
import zlib
from decimal import Decimal
from html.parser import HTMLParser
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
    cell_text,
    figure_label,
    sample_document,
    table_label,
)
from kinerja.reports.render.html import render_html, roman
from kinerja.reports.render.pdf import FONT_FACES, font_dirs, font_face_css, render_pdf

SVG = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
    '<rect x="10" y="20" width="60" height="80" fill="#3366cc"/>'
    '<rect x="100" y="50" width="60" height="50" fill="#cc6633"/></svg>'
)


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


# -- reading HTML back ------------------------------------------------------------------


class _Page(HTMLParser):
    """Collects what the tests check: lang, headings, ids, links and every table."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.tables: list[dict] = []
        self.headings: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.figcaptions: list[str] = []
        self.svg_count = 0
        self._stack: list[str] = []
        self._text: list[str] | None = None
        self._group = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if tag == "svg":
            self.svg_count += 1
        if tag == "table":
            self.tables.append({"caption": None, "thead": [], "tbody": [], "tfoot": []})
        elif tag in ("thead", "tbody", "tfoot"):
            self._group = tag
        elif tag == "tr" and self._group:
            self.tables[-1][self._group].append([])
        elif tag in ("td", "th") and self._group:
            self._cell = {"tag": tag, "class": attrs.get("class") or "", "text": ""}
            self._text = []
        elif tag in ("caption", "h1", "h2", "h3", "h4", "figcaption"):
            self._text = []
        self._stack.append(tag)

    def handle_endtag(self, tag):
        while self._stack and self._stack.pop() != tag:
            pass
        text = " ".join("".join(self._text or []).split())
        if tag in ("td", "th") and self._cell is not None:
            self._cell["text"] = text
            self.tables[-1][self._group][-1].append(self._cell)
            self._cell = self._text = None
        elif tag == "caption":
            self.tables[-1]["caption"] = text
            self._text = None
        elif tag in ("h1", "h2", "h3", "h4"):
            self.headings.append((tag, text))
            self._text = None
        elif tag == "figcaption":
            self.figcaptions.append(text)
            self._text = None
        elif tag in ("thead", "tbody", "tfoot"):
            self._group = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


# -- HTML ---------------------------------------------------------------------------------


def test_html_is_a_complete_indonesian_page():
    html = render_html(sample_document())
    page = parse(html)

    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert page.lang == "id"
    assert '<meta charset="utf-8">' in html
    assert "<title>Laporan Akuntabilitas Kinerja · Balai Contoh · 2023</title>" in html
    assert '<meta name="author" content="Balai Contoh">' in html


def test_html_table_cells_are_cell_text():
    doc = sample_document()
    page = parse(render_html(doc))

    assert len(page.tables) == len(doc.tables())
    for table, html_table in zip(doc.tables(), page.tables, strict=True):
        assert html_table["caption"] == table_label(table)
        [header] = html_table["thead"]
        assert [cell["text"] for cell in header] == [column.title for column in table.columns]
        assert all(cell["tag"] == "th" for cell in header)

        body = html_table["tbody"]
        assert len(body) == len(table.rows)
        for row, html_row in zip(table.rows, body, strict=True):
            assert [cell["text"] for cell in html_row] == [
                cell_text(value, column) for value, column in zip(row, table.columns, strict=True)
            ]
            for cell, column in zip(html_row, table.columns, strict=True):
                assert ("num" in cell["class"].split()) == (column.kind is not Kind.TEXT)

        [total] = html_table["tfoot"]
        assert [cell["text"] for cell in total] == [
            cell_text(value, column)
            for value, column in zip(table.total, table.columns, strict=True)
        ]


def test_html_sample_values_read_as_in_the_report():
    page = parse(render_html(sample_document()))
    [table] = page.tables
    assert table["caption"] == "Tabel 1.1 Capaian Kinerja Tahun 2023"
    first = [cell["text"] for cell in table["tbody"][0]]
    assert first == ["Produktivitas", "30,00", "53,33", "177,78 %", "31.046.000"]
    assert [cell["text"] for cell in table["tbody"][1]][-1] == "–"
    assert [cell["text"] for cell in table["tfoot"][0]][0] == "Jumlah"


def test_html_chapters_are_numbered_and_listed_in_the_contents():
    page = parse(render_html(document_with_figure()))

    assert ("h1", "BAB I Pendahuluan") in page.headings
    assert ("h1", "Kata Pengantar") in page.headings  # unnumbered: no "BAB"
    assert ("h2", "Capaian") in page.headings
    assert ("h1", "Daftar Isi") in page.headings
    # Every contents link points at something on the page.
    assert page.links
    assert set(page.links) <= page.ids


def test_html_escapes_document_text():
    doc = sample_document()
    doc.sections[1].add(Paragraph("<script>alert(1)</script> & co"))
    doc.tables()[0].rows[0][0] = "<b>Produktivitas</b>"
    html = render_html(doc)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "&lt;b&gt;Produktivitas&lt;/b&gt;" in html


def test_html_figure_is_inline_svg_with_caption():
    doc = document_with_figure()
    html = render_html(doc)
    page = parse(html)

    [figure] = doc.figures()
    assert page.figcaptions == ["Gambar 1.1 Capaian per Indikator"] == [figure_label(figure)]
    assert page.svg_count == 1
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html


def test_html_for_print_has_the_chart_as_an_svg_image():
    """The page for WeasyPrint carries each chart as <img> with the same SVG document."""
    doc = document_with_figure()
    html = render_html(doc, inline_svg=False)
    page = parse(html)

    assert page.svg_count == 0
    [url] = re.findall(r'<img src="(data:image/svg\+xml;base64,[^"]+)" alt="">', html)
    assert base64.b64decode(url.split(",", 1)[1]).decode() == doc.figures()[0].svg
    assert page.figcaptions == ["Gambar 1.1 Capaian per Indikator"]
    # Everything else is the page a browser gets.
    assert re.sub(r"<img [^>]*>", "", html) == re.sub(
        r"<svg.*</svg>", "", render_html(doc), flags=re.DOTALL
    )


def test_html_nested_sections_and_chapters_without_front_matter():
    doc = Document(title="Laporan", unit_name="Unit", year=2024)
    one = Section("Satu")
    deep = one.add(Section("Dua")).add(Section("Tiga"))
    deep.add(
        Table(
            "t",
            "Data",
            [Column("A"), Column("B", Kind.INTEGER)],
            [["x", 1234]],
        )
    )
    doc.sections = [one, Section("Empat"), Section("Lampiran", numbered=False)]
    doc.number_items()
    html = render_html(doc)
    page = parse(html)

    front = {"Laporan", "Daftar Isi", "Daftar Tabel"}  # cover and contents
    assert [h for h in page.headings if h[1] not in front] == [
        ("h1", "BAB I Satu"),
        ("h2", "Dua"),
        ("h3", "Tiga"),
        ("h1", "BAB II Empat"),
        ("h1", "Lampiran"),
    ]
    assert page.tables[0]["caption"] == "Tabel 1.1 Data"
    assert page.tables[0]["tfoot"] == []
    assert html.count("<section") == html.count("</section>") == 5
    assert 'class="front"' not in html  # no front matter before BAB I


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


# -- fonts ------------------------------------------------------------------------------


def test_font_faces_point_at_existing_dejavu_files():
    css = font_face_css()
    urls = re.findall(r'url\("file://([^"]+)"\)', css)

    assert len(urls) == len(FONT_FACES), "every DejaVu style should be found"
    for url in urls:
        assert Path(url).is_file()
        assert Path(url).name.startswith("DejaVu")


def test_font_dirs_prefer_a_python_package_over_the_system():
    dirs = font_dirs()
    assert dirs[-1] == Path("/usr/share/fonts/truetype/dejavu")
    assert "site-packages" in str(dirs[0]) or "dist-packages" in str(dirs[0])


# -- PDF --------------------------------------------------------------------------------


def poppler(tool: str, *args) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not found: install poppler-utils (apt-get install -y poppler-utils)")
    done = subprocess.run([tool, *map(str, args)], capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "lakin.pdf"
    path.write_bytes(render_pdf(document_with_figure()))
    return path


def test_pdf_is_a4_pdf(pdf_path):
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF-")
    info = poppler("pdfinfo", pdf_path)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)


def test_pdf_text_reads_as_the_report(pdf_path):
    text = poppler("pdftotext", "-layout", pdf_path, "-")

    assert "Tabel 1.1 Capaian Kinerja Tahun 2023" in text
    assert "Gambar 1.1 Capaian per Indikator" in text
    assert "177,78 %" in text
    assert "31.046.000" in text
    assert "Halaman 1" in text
    assert "BAB I" in text and "Pendahuluan" in text


def test_pdf_pages_header_footer_and_contents(pdf_path):
    pages = poppler("pdftotext", "-layout", pdf_path, "-").split("\f")
    header = "Laporan Akuntabilitas Kinerja · Balai Contoh · 2023"

    cover, contents, foreword, chapter = pages[:4]
    assert "Halaman" not in cover  # the cover is not numbered
    assert "Daftar Isi" in contents and "Halaman i" in contents and header in contents
    assert "Kata Pengantar" in foreword and "Halaman ii" in foreword
    assert "BAB I" in chapter and "Halaman 1" in chapter and header in chapter
    # The contents show where each entry starts: roman in the front matter.
    assert re.search(r"Kata Pengantar \.+\s*ii\b", contents)
    assert re.search(r"BAB I Pendahuluan \.+\s*1\b", contents)
    assert re.search(r"Tabel 1\.1 Capaian Kinerja Tahun 2023 \.+\s*1\b", contents)


def test_pdf_fonts_are_embedded_dejavu(pdf_path):
    fonts = poppler("pdffonts", pdf_path).splitlines()[2:]

    assert fonts
    for line in fonts:
        name, _type, _type2, _encoding, emb, *_ = line.split()
        assert emb == "yes", line
    names = " ".join(line.split()[0] for line in fonts)
    assert "Kinerja-Serif" in names and "Kinerja-Sans" in names  # our files, not fallbacks


def test_pdf_chart_stays_vector(pdf_path):
    # Drawn from the SVG (its two rectangles' colours), not embedded as a raster image.
    assert len(poppler("pdfimages", "-list", pdf_path).splitlines()) == 2  # header only
    data = pdf_path.read_bytes()
    streams = b"".join(_inflated_streams(data))
    assert b"0.2 0.4 0.8 rg" in streams  # #3366cc


def _inflated_streams(data: bytes):
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            yield match.group(1)


def test_pdf_metadata(pdf_path):
    info = poppler("pdfinfo", pdf_path)
    assert re.search(r"^Title:\s+Laporan Akuntabilitas Kinerja · Balai Contoh · 2023$", info, re.M)
    assert re.search(r"^Author:\s+Balai Contoh$", info, re.M)
    assert re.search(r"^CreationDate:.*2024", info, re.M)
    data = pdf_path.read_bytes()
    assert any(b"/Lang (id)" in part for part in (data, *_inflated_streams(data)))


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
    pages = poppler("pdftotext", "-layout", path, "-").split("\f")

    assert len([page for page in pages if "Nilai" in page]) >= 3  # header on every page
    assert sum(page.count("Jumlah Akhir") for page in pages) == 1
    assert "Jumlah Akhir" in pages[-2] if pages[-1].strip() == "" else pages[-1]
