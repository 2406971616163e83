"""The demo LAKIN's tables fit their pages, in the PDF and in the DOCX as LibreOffice
sets it (render/layout.py is the one rule both follow).

Read back with poppler's ``pdftotext -bbox-layout`` (every word and its box):

* every word printed is a word of the report: no column title or cell is broken inside
  a word ("Targ|et", "Efek|tivit|as"), and no two figures run together into one word;
* no two words on a line overlap, and no word crosses the right margin (no table is
  cut off at the edge);
* the efficiency table and the Rencana Aksi table are on landscape pages.

The DOCX is converted with LibreOffice (``soffice --headless --convert-to pdf``; Debian's
``libreoffice-writer-nogui``, installed by .ci/run); without it that half is skipped.
"""

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.dates import format_date

from kinerja.reports.document import Document, Paragraph, Section, Table, walk
from kinerja.reports.render import layout
from kinerja.reports.render.docx import render_docx
from kinerja.reports.render.pdf import LABELS, render_pdf, running_header

LANDSCAPE_TABLES = ("efficiency", "action-plan")
TOLERANCE = 1.5  # pt


@pytest.fixture(scope="module")
def lakin(module_demo, django_db_blocker) -> Document:
    from kinerja.org.models import Unit
    from kinerja.reports.lakin import build_lakin

    with django_db_blocker.unblock():
        return build_lakin(Unit.objects.get(code="bspji-palembang"), 2023)


def need(tool: str, package: str):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not found: apt-get install -y {package}")


@pytest.fixture(scope="module")
def typst_pdf(lakin, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fit") / "lakin.pdf"
    path.write_bytes(render_pdf(lakin))
    return path


@pytest.fixture(scope="module")
def libreoffice_pdf(lakin, tmp_path_factory) -> Path:
    need("soffice", "libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("fit-docx")
    source = folder / "lakin.docx"
    source.write_bytes(render_docx(lakin))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    return folder / "lakin.pdf"


# -- reading the PDF back ---------------------------------------------------------------------


class Page:
    def __init__(self, width: float, height: float, words: list[tuple]):
        self.width, self.height, self.words = width, height, words

    @property
    def text(self) -> str:
        return " ".join(word[4] for word in self.words)


def read_pages(path: Path) -> list[Page]:
    need("pdftotext", "poppler-utils")
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for match in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = [
            (float(x0), float(y0), float(x1), float(y1), html.unescape(text))
            for x0, y0, x1, y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r"([^<]*)</word>",
                match.group(3),
            )
        ]
        pages.append(Page(float(match.group(1)), float(match.group(2)), words))
    return pages


_LEADERS = re.compile(r"\.{3,}|(?:\. ){2,}|(?<!\S)\.(?!\S)")
# Where a line may end inside a run of characters without a word being split: after a
# slash or a hyphen, and after a dot that a letter follows (a web address). Figures
# ("31.046.000") have no such place.
_BREAKS = re.compile(r"(?<=[/\-–])|(?<=\.)(?=[^\W\d_])")


def pieces(text: str) -> list[str]:
    """Words as they may be broken over lines; the contents' dot leaders dropped."""
    text = _LEADERS.sub(" ", text.replace("\u2060", ""))
    return [piece for word in text.split() for piece in _BREAKS.split(word) if piece]


def vocabulary(document: Document) -> set[str]:
    """Every word the report prints, whole."""
    texts = [
        document.title,
        document.unit_name,
        str(document.year),
        *document.cover_lines,
        running_header(document),
        f"{document.title} {document.unit_name} Tahun {document.year}",  # the DOCX header
        document.data_hash,
        *LABELS.values(),
        "Daftar Isi Daftar Tabel Daftar Gambar Halaman Sidik data: Disusun Tahun BAB",
        " ".join(layout.roman(n) for n in range(1, 40)),
        " ".join(layout.roman(n).lower() for n in range(1, 40)),
    ]
    if document.generated_on:
        texts.append(format_date(document.generated_on, "long", locale="id"))
    for section in document.sections:
        texts.append(section.title)
        for block in walk(section):
            if isinstance(block, Section):
                texts.append(block.title)
            elif isinstance(block, Paragraph):
                texts.append(block.text)
            elif isinstance(block, Table):
                fit = layout.table_layout(block)
                texts += [f"Tabel {block.number} {block.caption}", block.note, *fit.header]
                texts += [text for row in fit.body for text in row]
            else:
                texts.append(f"Gambar {block.number} {block.caption}")
    return {piece for text in texts for piece in pieces(text)}


def foreign_words(pages: list[Page], words: set[str]) -> list[tuple[int, str]]:
    numbers = {str(n) for n in range(1, len(pages) + 1)} | {str(n) for n in range(1, 32)}
    found = []
    for number, page in enumerate(pages, 1):
        for word in page.words:
            for piece in pieces(word[4]):
                if piece and piece not in words and piece not in numbers:
                    found.append((number, piece))
    return found


def overlaps(pages: list[Page]) -> list[tuple[int, str, str]]:
    """Words on one line whose boxes run into each other."""
    found = []
    for number, page in enumerate(pages, 1):
        ordered = sorted(page.words, key=lambda w: (round((w[1] + w[3]) / 2), w[0]))
        for a, b in zip(ordered, ordered[1:], strict=False):
            same_line = abs((a[1] + a[3]) / 2 - (b[1] + b[3]) / 2) < 1.0
            if same_line and a[2] > b[0] + TOLERANCE:
                found.append((number, a[4], b[4]))
    return found


def beyond_the_margins(pages: list[Page]) -> list[tuple[int, str]]:
    right = layout.MARGINS_MM["right"] * layout.PT_PER_MM
    left = layout.MARGINS_MM["left"] * layout.PT_PER_MM
    return [
        (number, word[4])
        for number, page in enumerate(pages, 1)
        for word in page.words
        if word[2] > page.width - right + TOLERANCE or word[0] < left - TOLERANCE
    ]


def first_page_of(pages: list[Page], table: Table) -> Page:
    """The page a table starts on: its caption and its column titles (the lists of
    tables in the front matter have the caption only)."""
    caption = " ".join(pieces(f"Tabel {table.number} {table.caption}"))
    titles = {piece for column in table.columns for piece in pieces(column.title)}
    return next(
        page
        for page in pages
        if caption in " ".join(pieces(page.text)) and titles <= set(pieces(page.text))
    )


def check(document: Document, path: Path) -> None:
    pages = read_pages(path)
    assert len(pages) > 40
    words = vocabulary(document)
    assert foreign_words(pages, words) == []
    assert overlaps(pages) == []
    assert beyond_the_margins(pages) == []
    # Every column title is printed, each of its words whole.
    printed = {piece for page in pages for piece in pieces(page.text)}
    for table in document.tables():
        for column in table.columns:
            assert set(pieces(column.title)) <= printed, (table.key, column.title)
    by_key = {table.key: table for table in document.tables()}
    for key in LANDSCAPE_TABLES:
        page = first_page_of(pages, by_key[key])
        assert page.width > page.height, key


def test_the_typst_pdf_tables_fit(db, lakin, typst_pdf):
    check(lakin, typst_pdf)


def test_the_docx_tables_fit_as_libreoffice_sets_them(db, lakin, libreoffice_pdf):
    check(lakin, libreoffice_pdf)


def test_the_checks_find_a_broken_word_overlapping_figures_and_a_cut_off_table(
    db, lakin, typst_pdf
):
    """The checks above can fail: a word split in two, two figures run together, a
    word past the right margin."""
    pages = read_pages(typst_pdf)
    page = pages[-1]
    x, y = 100.0, 300.0
    page.words += [
        (x, y, x + 20, y + 8, "Efek"),
        (x + 20, y, x + 40, y + 8, "tivitas"),
        (x, y + 20, x + 50, y + 28, "31.046.000"),
        (x + 45, y + 20, x + 95, y + 28, "31.008.687"),
        (page.width - 10, y + 40, page.width - 2, y + 48, "Target"),
    ]
    words = vocabulary(lakin)
    assert (len(pages), "Efek") in foreign_words(pages, words)
    assert (len(pages), "31.046.000", "31.008.687") in overlaps(pages)
    assert (len(pages), "Target") in beyond_the_margins(pages)
