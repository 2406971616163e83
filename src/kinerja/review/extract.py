"""Reading a report file into tables and sentences: DOCX through python-docx, text PDF
through pdfplumber, whose pages get their chars and ruling lines from PDFium
(``pdfium_objects``) instead of pdfminer.six. Neither reader depends on how kinerja
renders: a DOCX is read from its table elements, a PDF from the ruling lines of its
tables (and, on a page whose captioned table has no lines, from the alignment of its
words).

Bad input is a ``ReviewError`` with a message for the user, never a traceback: a file
that is neither DOCX nor PDF by its content, an encrypted or corrupt file, a scanned PDF
without a text layer, a file over the size limit. What a reader skips (a nested table,
an image, a table without numbers) is listed in ``Extraction.skipped``.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile

from django.utils.translation import gettext, gettext_noop

from .model import Extraction, SourceTable, SourceText

logger = logging.getLogger(__name__)

DOCX = "docx"
PDF = "pdf"
# The readers of a PDF page's objects (``extract_pdf``)
PDFIUM = "pdfium"
PDFMINER = "pdfminer"
CONTENT_TYPES = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PDF: "application/pdf",
}
# The message id; the user reads ``gettext(NO_TEXT_LAYER)`` (English: "no text layer;
# kinerja does not read scanned images").
NO_TEXT_LAYER = gettext_noop("tidak ada lapisan teks; kinerja tidak membaca gambar hasil pindai")
_CAPTION = re.compile(r"^\s*(?:tabel|table)\s*\d+(?:\s*[.\-]\s*\d+)*", re.I)
MAX_PDF_PAGES = 1000
_BARE_CAPTION = re.compile(r"^\s*(?:tabel|table)\s*\d+(?:\s*[.\-]\s*\d+)*\.?\s*$", re.I)


class ReviewError(ValueError):
    """The file cannot be reviewed; the message says why, for the user."""


def sniff(data: bytes) -> str | None:
    """ "docx" or "pdf" from the file's content, or None. A DOCX is a ZIP holding
    word/document.xml; its name or a browser's content type say nothing."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return None
    return None


def extract(data: bytes, name: str, max_bytes: int | None = None) -> Extraction:
    """The tables and sentences of a DOCX or text PDF."""
    if not data:
        raise ReviewError(gettext("%(name)s: berkasnya kosong") % {"name": name})
    if max_bytes is not None and len(data) > max_bytes:
        raise ReviewError(
            gettext("%(name)s: berkasnya %(size)s MB; batasnya %(limit)s MB")
            % {
                "name": name,
                "size": f"{len(data) / 2**20:.1f}",
                "limit": f"{max_bytes / 2**20:.1f}",
            }
        )
    kind = sniff(data)
    if kind == DOCX:
        return extract_docx(data, name)
    if kind == PDF:
        return extract_pdf(data, name)
    raise ReviewError(
        gettext(
            "%(name)s: bukan berkas DOCX atau PDF (jenisnya dibaca dari isinya, bukan dari namanya)"
        )
        % {"name": name}
    )


# --- text helpers ---------------------------------------------------------------------------


def caption_of(text: str) -> str | None:
    text = " ".join((text or "").split())
    if not _CAPTION.match(text):
        return None
    # "Tabel 3. 25" (a space after the dot, as Word's numbering often prints) → "Tabel 3.25"
    return re.sub(r"^(\w+\s*\d+)\.\s+(\d)", r"\1.\2", text)[:200]


# --- DOCX --------------------------------------------------------------------------------


def extract_docx(data: bytes, name: str) -> Extraction:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReviewError(
            gettext("%(name)s: bukan berkas DOCX yang dapat dibaca (%(error)s)")
            % {"name": name, "error": exc}
        ) from None
    except Exception as exc:  # lxml errors of a damaged document part
        raise ReviewError(
            gettext("%(name)s: berkas DOCX rusak (%(error)s)")
            % {"name": name, "error": type(exc).__name__}
        ) from None
    out = Extraction(file=name, pages=0)
    last_caption: str | None = None
    since_caption = 0
    pending: SourceTable | None = None  # a table waiting for a caption printed under it
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            text = paragraph.text
            if not text.strip():
                continue
            caption = caption_of(text) or _styled_caption(paragraph)
            if caption and pending is not None and not pending.caption:
                pending.caption, pending = caption, None
                continue
            pending = None
            if caption:
                last_caption, since_caption = caption, 0
            elif (
                last_caption
                and since_caption == 0
                and _BARE_CAPTION.match(last_caption)
                and len(text.strip()) < 150
                and not text.rstrip().endswith((".", ":"))
            ):
                # "Tabel 19" on a line, its title on the next: one caption.
                last_caption = f"{last_caption} {' '.join(text.split())}"[:200]
                since_caption = 1
            else:
                since_caption += 1
                out.texts.append(SourceText(text.strip()))
        elif tag == "tbl":
            table = Table(element, document)
            rows, merged, nested = _docx_rows(table)
            if nested:
                out.skipped.append(
                    f"{last_caption or 'a table'}: {nested} nested table(s) not read"
                )
            caption = last_caption if last_caption and since_caption <= 2 else ""
            source = SourceTable(caption, rows, None, len(out.tables) + 1, merged=merged)
            out.tables.append(source)
            last_caption, pending = None, source
    return out


def _styled_caption(paragraph) -> str | None:
    """A paragraph in Word's caption style ("Caption", "Keterangan") names the table
    after it even without "Tabel n" (an annex's unnumbered table)."""
    try:
        style = (paragraph.style.name or "").lower()
    except Exception:
        return None
    if style in ("caption", "keterangan", "judul tabel"):
        return " ".join(paragraph.text.split())[:200]
    return None


def _docx_rows(table) -> tuple[list[list[str]], set[tuple[int, int]], int]:
    """Cell text per row and grid column; cells that continue a merge (the same cell
    repeated to the right or below) are listed in ``merged``."""
    rows: list[list[str]] = []
    merged: set[tuple[int, int]] = set()
    nested = 0
    above: list = []
    for i, row in enumerate(table.rows):
        try:
            cells = row.cells
        except Exception:  # a malformed grid: read what the row has
            cells = [c for c in row._tr.tc_lst]  # noqa: SLF001
            rows.append([_tc_text(c) for c in cells])
            continue
        texts, seen = [], []
        for j, cell in enumerate(cells):
            tc = cell._tc  # noqa: SLF001
            if (seen and tc is seen[-1]) or (j < len(above) and tc is above[j]):
                merged.add((i, j))
            seen.append(tc)
            nested += len(cell.tables)
            texts.append(cell.text)
        above = seen
        rows.append(texts)
    return rows, merged, nested


def _tc_text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter() if t.tag.endswith("}t"))


# --- PDF ---------------------------------------------------------------------------------


def extract_pdf(data: bytes, name: str, objects: str = PDFIUM) -> Extraction:
    """The tables and sentences of a text PDF. pdfplumber opens the file (its errors are
    the messages for a bad file) and finds the tables and lines; each page's chars and
    ruling lines are read by PDFium (``pdfium_objects``), or, with ``objects="pdfminer"``
    (kept to compare the two readers in the tests), by pdfplumber's own pdfminer.six."""
    if objects not in (PDFIUM, PDFMINER):
        raise ValueError(f"objects: {objects!r} is neither {PDFIUM!r} nor {PDFMINER!r}")
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages  # parses the page tree: a damaged file fails here
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ReviewError(
            gettext("%(name)s: PDF terenkripsi (%(error)s)")
            % {"name": name, "error": type(exc).__name__}
        ) from None
    except (PdfminerException, PDFSyntaxError) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ReviewError(gettext("%(name)s: PDF terenkripsi") % {"name": name}) from None
        raise ReviewError(
            gettext("%(name)s: PDF rusak atau bukan PDF (%(error)s)")
            % {"name": name, "error": cause}
        ) from None
    except Exception as exc:
        raise ReviewError(
            gettext("%(name)s: PDF tidak dapat dibaca (%(error)s)")
            % {"name": name, "error": type(exc).__name__}
        ) from None
    with pdf:
        if len(pages) > MAX_PDF_PAGES:
            raise ReviewError(
                gettext("%(name)s: %(pages)s halaman; kinerja membaca paling banyak %(max)s")
                % {"name": name, "pages": len(pages), "max": MAX_PDF_PAGES}
            )
        document = _pdfium_document(data, name, len(pages)) if objects == PDFIUM else None
        try:
            return _pdf_pages(pages, name, document)
        finally:
            if document is not None:
                from .pdfium_objects import close_document

                close_document(document)


def _pdfium_document(data: bytes, name: str, pages: int):
    """The file opened by PDFium, or None (then pdfminer reads it) when PDFium cannot
    open a file pdfplumber could, or counts its pages otherwise."""
    from . import pdfium_objects

    try:
        document, count = pdfium_objects.open_document(data)
    except Exception as exc:
        logger.info("%s: PDFium cannot open it (%r); read by pdfminer", name, exc)
        return None
    if count != pages:
        logger.info("%s: PDFium counts %s pages, pdfminer %s", name, count, pages)
        pdfium_objects.close_document(document)
        return None
    return document


def _pdf_pages(pages, name: str, document) -> Extraction:
    from . import pdfium_objects

    out = Extraction(file=name, pages=len(pages))
    chars = 0
    previous: SourceTable | None = None
    previous_bottom_gap = False
    for number, page in enumerate(pages, start=1):
        if document is not None:
            try:
                pdfium_objects.set_objects(page, document, number - 1)
            except Exception as exc:  # then pdfminer reads the page
                logger.info("page %s of %s: PDFium: %r", number, name, exc)
        try:
            chars += len(page.chars)
            found = _pdf_page(page, number, out)
        except Exception as exc:  # one bad page is skipped, not the whole file
            logger.info("page %s of %s: %r", number, name, exc)
            out.skipped.append(f"halaman {number}: tidak terbaca ({type(exc).__name__})")
            previous = None
            continue
        for k, (table, top_gap, _bottom) in enumerate(found):
            continues = (
                k == 0
                and previous is not None
                and previous_bottom_gap
                and top_gap
                and not table.caption
                and _width(previous) == _width(table)
            )
            if continues:
                rows = table.rows
                if rows and previous.rows and rows[0] == previous.rows[0]:
                    rows = rows[1:]  # the header repeated on the new page
                previous.rows.extend(rows)
                continue
            table.index = len(out.tables) + 1
            out.tables.append(table)
            previous = table
        previous_bottom_gap = bool(found) and found[-1][2]
        if not found:
            previous = None
    if chars == 0:
        raise ReviewError(f"{name}: {gettext(NO_TEXT_LAYER)}")
    return out


def _width(table: SourceTable) -> int:
    return max((len(r) for r in table.rows), default=0)


def _cell(text: str | None) -> str:
    """A PDF cell's lines joined: a number broken over two lines ("1.234.\\n567") is
    glued, words are joined with a space."""
    lines = [x.strip() for x in (text or "").split("\n") if x.strip()]
    out = ""
    for line in lines:
        if out and re.search(r"[\d.,]$", out) and re.match(r"^[\d.,%]", line):
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out


def _pdf_page(page, number: int, out: Extraction) -> list[tuple[SourceTable, bool, bool]]:
    """The page's tables (with whether they touch the top and bottom of the text area,
    for tables split over pages) and its running text outside them."""
    # Table rulings are lines and thin rectangles, never curves; a chart drawn as vectors
    # next to a table (glyphs as outlines, markers) would otherwise add edges that cut
    # the table's cells in the wrong places.
    tables = page.filter(lambda obj: obj.get("object_type") != "curve").find_tables()
    lines = page.extract_text_lines() or []
    captions = [(ln["top"], ln["bottom"], caption_of(ln["text"])) for ln in lines]
    captions = [c for c in captions if c[2]]
    if not tables and captions:
        tables = _unruled_tables(page, captions)
    bboxes = [t.bbox for t in tables]
    found = []
    text_top = min((ln["top"] for ln in lines), default=0)
    text_bottom = max((ln["bottom"] for ln in lines), default=page.height)
    for t in tables:
        rows = [[_cell(c) for c in row] for row in t.extract()]
        x0, top, x1, bottom = t.bbox
        caption = _caption_near(captions, top, bottom)
        if not any(any(c for c in r) for r in rows):
            continue
        merged = _spread_header(t, rows)
        source = SourceTable(caption or "", rows, number, 0, merged=merged)
        touches_top = not caption and top - text_top < 40
        touches_bottom = text_bottom - bottom < 40
        found.append((source, touches_top, touches_bottom))
    outside = page
    for box in bboxes:
        outside = outside.filter(lambda obj, box=box: not _inside(obj, box))
    text = outside.extract_text() or ""
    for paragraph in re.split(r"\n\s*\n|(?<=[.:;])\n", text):
        paragraph = " ".join(paragraph.split())
        if paragraph and not caption_of(paragraph):
            out.texts.append(SourceText(paragraph, number))
    return found


def _spread_header(table, rows: list[list[str]]) -> set[tuple[int, int]]:
    """A header cell merged over several columns ("Realisasi" over 2015 and 2016) is one
    cell in a PDF: its text is spread over the columns it spans, as a DOCX gives it, in
    the first three rows. Returns the (row, column) cells it filled."""
    merged: set[tuple[int, int]] = set()
    try:
        grid = [r.cells for r in table.rows]
        xs = sorted({c[0] for c in table.cells})
    except Exception:  # a grid pdfplumber cannot lay out: read as extracted
        return merged
    for i, cells in enumerate(grid[:3]):
        if i >= len(rows):
            break
        for j, cell in enumerate(cells):
            if cell is not None or j >= len(rows[i]) or j >= len(xs):
                continue
            left = next((k for k in range(j - 1, -1, -1) if cells[k] is not None), None)
            if left is not None and cells[left][2] > xs[j] + 1 and rows[i][left]:
                rows[i][j] = rows[i][left]
                merged.add((i, j))
    return merged


def _inside(obj, box) -> bool:
    x0, top, x1, bottom = box
    cx = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
    cy = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _caption_near(captions, top: float, bottom: float) -> str | None:
    """The caption printed right above the table (within 60 pt), else right below."""
    above = [c for c in captions if c[1] <= top + 2 and top - c[1] < 60]
    if above:
        return max(above, key=lambda c: c[1])[2]
    below = [c for c in captions if c[0] >= bottom - 2 and c[0] - bottom < 30]
    return min(below, key=lambda c: c[0])[2] if below else None


def _unruled_tables(page, captions):
    """Tables without ruling lines: the words' alignment under each caption, down to the
    next caption or the page's end."""
    found = []
    edges = [c[1] for c in captions] + [page.height]
    for (_, bottom, _), end in zip(captions, edges[1:], strict=False):
        region = page.crop((0, bottom, page.width, min(end, page.height)))
        settings = {"vertical_strategy": "text", "horizontal_strategy": "text"}
        for t in region.find_tables(settings):
            rows = t.extract()
            if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                found.append(t)
                break
    return found
