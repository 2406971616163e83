"""The PDF reader takes each page's chars and ruling lines from PDFium
(``review/pdfium_objects.py``) instead of pdfplumber's pdfminer.six: the tables (rows and
cells, captions, merged header cells) and paragraphs it extracts must be the same as with
pdfminer's objects, on the demo LAKIN (Typst) and on published reports printed to PDF by
LibreOffice.

The objects themselves differ in ways the extraction does not see, checked below:
- PDFium positions glyphs with widths rounded to the font unit, in single precision: a
  char's x can drift from pdfminer's by up to about 1.5 pt at the end of a long line
  (never across a word gap or a cell's edge); its top and bottom agree.
- PDFium drops some whitespace glyphs pdfminer reports: a space printed after a wide
  kerning offset (a dotted leader's ". 63"), a run of no-break spaces at a line's end.
  Each stands next to a gap of 3 pt or more, which splits words by itself.
- PDFium reads text drawn twice at nearly the same place (a fake bold) once, where
  pdfminer doubles each letter: the one case where the paragraphs differ, checked below.
"""

import io

import pdfplumber
import pypdfium2 as pdfium
import pytest

from kinerja.review.extract import extract_pdf
from kinerja.review.pdfium_objects import page_objects

from .real_corpus import REAL_CORPUS
from .test_real_corpus import build_docx, docx_to_pdf

CORPUS = (0, 1, 5)  # a money table, a table with merged headers, a long indicator table


@pytest.fixture(scope="module")
def demo_pdf(module_demo, django_db_blocker):
    from kinerja.measurement.selectors import get_unit
    from kinerja.reports.lakin import build_lakin
    from kinerja.reports.render.pdf import render_pdf

    with django_db_blocker.unblock():
        return render_pdf(build_lakin(get_unit("bspji-palembang"), 2023))


@pytest.fixture(scope="module")
def corpus_pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readers-pdf")
    for i in CORPUS:
        (folder / f"printed-{i}.docx").write_bytes(build_docx(REAL_CORPUS[i]))
    docx_to_pdf(folder)
    return {i: (folder / f"printed-{i}.pdf").read_bytes() for i in CORPUS}


def read(data, objects):
    e = extract_pdf(data, "x.pdf", objects=objects)
    tables = [(t.caption, t.rows, t.page, sorted(t.merged)) for t in e.tables]
    texts = [(t.text, t.page) for t in e.texts]
    return e.pages, tables, texts, e.skipped


@pytest.mark.django_db  # the demo is the module's; without the mark no test database exists
def test_the_demo_lakin_reads_the_same_from_pdfium_as_from_pdfminer(demo_pdf):
    pages, tables, texts, skipped = read(demo_pdf, "pdfium")
    assert (pages, tables, texts, skipped) == read(demo_pdf, "pdfminer")
    assert pages > 30 and len(tables) >= 40 and len(texts) >= 100


@pytest.mark.parametrize("i", CORPUS)
def test_a_published_report_reads_the_same_from_pdfium_as_from_pdfminer(corpus_pdfs, i):
    pages, tables, texts, skipped = read(corpus_pdfs[i], "pdfium")
    assert (pages, tables, texts, skipped) == read(corpus_pdfs[i], "pdfminer")
    assert tables and tables[0][1]


def _objects(data):
    """(pdfminer's, PDFium's) objects of each page."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        document = pdfium.PdfDocument(data)
        try:
            for index, page in enumerate(pdf.pages):
                pdfium_page = document[index]
                try:
                    yield page.objects, page_objects(pdfium_page, page)
                finally:
                    pdfium_page.close()
        finally:
            document.close()


def _box(obj):
    return (obj["top"], obj["x0"], obj["bottom"], obj["x1"])


def _words(chars):
    return [c for c in chars if not c["text"].isspace()]


@pytest.mark.parametrize("i", CORPUS)
def test_the_objects_agree_with_pdfminers(corpus_pdfs, i):
    for miner, ium in _objects(corpus_pdfs[i]):
        assert set(ium) == set(miner) - {"image"}  # images are not read
        # Ruling lines, rectangles and curves: the same, to single precision.
        for kind in ("line", "rect", "curve"):
            assert len(ium.get(kind, [])) == len(miner.get(kind, [])), kind
            for a, b in zip(miner.get(kind, []), ium.get(kind, []), strict=True):
                for key in ("x0", "x1", "top", "bottom", "doctop"):
                    assert b[key] == pytest.approx(a[key], abs=1e-3), (kind, key)
                assert (b["stroke"], b["fill"]) == (a["stroke"], a["fill"])
        # Chars: the same text in the same order, on the same lines; x within the drift.
        a_chars, b_chars = _words(miner["char"]), _words(ium["char"])
        assert [c["text"] for c in b_chars] == [c["text"] for c in a_chars]
        for a, b in zip(a_chars, b_chars, strict=True):
            assert b["top"] == pytest.approx(a["top"], abs=0.05)
            assert b["bottom"] == pytest.approx(a["bottom"], abs=0.05)
            assert b["x0"] == pytest.approx(a["x0"], abs=1.5)
            assert b["x1"] == pytest.approx(a["x1"], abs=1.5)
            assert b["upright"] == a["upright"]
            assert b["size"] == pytest.approx(a["size"], abs=0.05)


def _turned(data, rotation, mediabox):
    """The file with each page turned (/Rotate) or its MediaBox moved off the origin."""
    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            if rotation:
                page.set_rotation(rotation)
            if mediabox:
                page.set_mediabox(*mediabox)
            page.close()
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
    finally:
        document.close()


@pytest.mark.parametrize(
    ("rotation", "mediabox"),
    [(90, None), (180, None), (270, None), (0, (-20, -30, 575, 812)), (90, (10, 20, 600, 800))],
)
def test_a_turned_or_moved_page_reads_the_same_from_pdfium_as_from_pdfminer(
    corpus_pdfs, rotation, mediabox
):
    # pdfminer's page matrix (rotation, the MediaBox's origin) is followed; PDFium lists a
    # turned page's chars in another order, which the word grouping does not depend on.
    data = _turned(corpus_pdfs[1], rotation, mediabox)
    pages, tables, texts, skipped = read(data, "pdfium")
    assert (pages, tables, texts, skipped) == read(data, "pdfminer")
    assert tables and tables[0][1]
    for miner, ium in _objects(data):
        for kind in ("line", "rect"):
            found = sorted(map(_box, ium.get(kind, [])))
            expected = sorted(map(_box, miner.get(kind, [])))
            assert len(found) == len(expected)
            for a, b in zip(found, expected, strict=True):
                assert a == pytest.approx(b, abs=1e-3)
        texts = sorted(c["text"] for c in _words(ium["char"]))
        assert texts == sorted(c["text"] for c in _words(miner["char"]))


def test_a_page_pdfium_cannot_read_is_read_by_pdfminer(corpus_pdfs, monkeypatch):
    from kinerja.review import pdfium_objects

    def fails(*args):
        raise pdfium.PdfiumError("simulated")

    expected = read(corpus_pdfs[0], "pdfminer")
    monkeypatch.setattr(pdfium_objects, "set_objects", fails)
    assert read(corpus_pdfs[0], "pdfium") == expected
    monkeypatch.setattr(pdfium_objects, "open_document", fails)
    assert read(corpus_pdfs[0], "pdfium") == expected


def test_the_reader_is_named():
    with pytest.raises(ValueError, match="objects"):
        extract_pdf(b"%PDF-1.4", "x.pdf", objects="pypdf")


def _pdf(content: bytes) -> bytes:
    """A one-page PDF with ``content`` and Helvetica as /F1 (a standard font: no
    descriptor, no embedded program)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    out.seek(0, io.SEEK_END)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def test_text_printed_twice_for_a_fake_bold_is_read_once():
    # A known difference, in PDFium's favour: text drawn a second time a fraction of a
    # point to the right (a fake bold) is one text for PDFium, twice each letter for
    # pdfminer. The standard font's chars are otherwise placed exactly as pdfminer does.
    data = _pdf(
        b"BT /F1 12 Tf 100 700 Td (Total 1.234) Tj ET"
        b" BT /F1 12 Tf 100.3 700 Td (Total 1.234) Tj ET"
        b" BT /F1 12 Tf 100 650 Td (Biasa) Tj ET"
    )
    assert read(data, "pdfminer")[2] == [("TToottaall 11..223344 Biasa", 1)]
    assert read(data, "pdfium")[2] == [("Total 1.234 Biasa", 1)]
    (miner, ium), *_ = _objects(data)
    expected = {(c["text"], round(c["x0"], 3), round(c["top"], 3)) for c in miner["char"]}
    assert {(c["text"], round(c["x0"], 3), round(c["top"], 3)) for c in ium["char"]} < expected
