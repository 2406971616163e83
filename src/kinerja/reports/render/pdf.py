"""A report ``Document`` as PDF, typeset by Typst (the ``typst`` wheel from PyPI).

The layout is the Typst file ``report.typ`` beside this module: A4, a cover, the table
of contents (with page numbers and links), the lists of tables and figures, front matter
paged i, ii …, chapters "BAB I …" paged 1, 2 … each on a new page, a running header
"title · unit · year" and the footer "Halaman N", PDF bookmarks from the headings, the
PDF metadata (title, author = the unit, language, date, the data hash as keyword). The
build date and the data hash are printed at the foot of the last page
(``document.colophon``), not on the cover. Tables are set by the rule of
``render/layout.py`` (widths, type size, landscape pages), shared with the DOCX; their
body rows arrive broken into lines with their heights (``_row_height``), so that Typst
sets each cell once instead of measuring it first (docs/performance.md). Charts are the
figures' SVG, drawn as vectors.

**User text is data, never markup.** The document reaches Typst as one JSON value in
``sys.inputs`` and the template reads every text as a Typst string; nothing is spliced
into Typst source, so a narrative containing ``#read(...)``, ``$x$``, ``*``, ``_``,
``@ref``, ``<label>`` or backslashes prints as typed. Typst compiles in an empty
temporary folder as its root, so even the template could read no file of the machine,
and it sees only the font files of ``render/fonts.py`` (no system fonts, no fonts built
into Typst): the same document gives the same PDF on every machine.

A document Typst refuses (which should never happen) raises ``TypesetError`` naming the
report, the section that fails and Typst's own message; nothing is returned, so nothing
half-made can be written, stored or served.
"""

from __future__ import annotations

import functools
import json
import logging
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from kinerja.reports.document import Document, Section, colophon, figure_label, table_label

from . import layout
from .fonts import font_dir

__all__ = [
    "INPUT_KEY",
    "PdfSource",
    "TypesetError",
    "compile_pdf",
    "pdf_source",
    "render_pdf",
    "running_header",
    "template",
]

logger = logging.getLogger(__name__)

TEMPLATE = Path(__file__).with_name("report.typ")
INPUT_KEY = "kinerja-document"
TOC_DEPTH = 2  # chapters and their direct subsections
LOGO_FILE = "logo"  # the cover logo's name in Typst's root (Typst tells PNG from JPEG)

LABELS = {
    "toc": "Daftar Isi",
    "tables": "Daftar Tabel",
    "figures": "Daftar Gambar",
    "page": "Halaman",
}


class TypesetError(RuntimeError):
    """Typst refused a document: ``report``, ``section`` and Typst's ``message``."""

    def __init__(self, report: str, section: str, message: str):
        self.report, self.section, self.message = report, section, message
        where = f', section "{section}"' if section else ""
        super().__init__(f'PDF of "{report}"{where} could not be typeset: {message}')


@dataclass(frozen=True)
class PdfSource:
    """Everything a PDF is made from besides the fonts and the engine: the template and
    the document as JSON."""

    template: str
    data: str
    # Files the template may read, by our own fixed names (the cover's logo): written to
    # Typst's empty root folder, never a path from the user.
    files: tuple[tuple[str, bytes], ...] = ()


@functools.cache
def template() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def running_header(document: Document) -> str:
    """The page header and the PDF's title: "Laporan … · Balai Contoh · 2023"."""
    return " · ".join(
        part for part in (document.title, document.unit_name, str(document.year)) if part
    )


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes (A4, fonts embedded, metadata set)."""
    source = pdf_source(document)
    try:
        return compile_pdf(source)
    except _typst_error() as exc:
        raise TypesetError(
            running_header(document), _failing_section(document), _message(exc)
        ) from exc


def pdf_source(document: Document) -> PdfSource:
    files = ((LOGO_FILE, document.logo),) if document.logo else ()
    return PdfSource(template(), json.dumps(_data(document), ensure_ascii=False), files)


def compile_pdf(source: PdfSource) -> bytes:
    """PDF bytes of a ``pdf_source``; raises ``typst.TypstError`` when Typst refuses it."""
    import typst

    # An empty folder of its own as Typst's root: a path in the document can reach no
    # file of the machine. Packages are looked up there too, so none can be found.
    try:
        with tempfile.TemporaryDirectory(prefix="kinerja-typst-") as root:
            for name, content in source.files:
                (Path(root) / name).write_bytes(content)
            content, warnings = typst.compile_with_warnings(
                source.template.encode("utf-8"),
                root=root,
                font_paths=_fonts(),
                sys_inputs={INPUT_KEY: source.data},
                package_path=root,
                package_cache_path=root,
            )
    finally:
        _release_memory()
    for warning in warnings:  # e.g. a character no font has: worth an administrator's look
        logger.warning("Typst: %s", _message(warning))
    return content


# Typst memoizes its work in process-wide caches and, after each compilation, drops what
# was not used in the last ten (``comemo::evict(10)`` in the bindings). A LAKIN leaves
# about 100 MB there that a later, different document never uses again, so a long-lived
# web worker would grow by that much per report, up to about a gigabyte. Ten empty
# compilations after each report age its entries out (a few milliseconds each).
_EVICTIONS = 10
_evict_lock = threading.Lock()


@functools.cache
def _empty_compiler():
    import typst

    return typst.Compiler(b"", font_paths=_fonts(), ignore_system_fonts=True)


def _release_memory() -> None:
    with _evict_lock:
        compiler = _empty_compiler()
        for _ in range(_EVICTIONS):
            compiler.compile(b"")


@functools.cache
def _fonts():
    """Typst's font book of the report fonts only, loaded once per process."""
    import typst

    return typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=False,
        font_paths=[str(font_dir())],
    )


def _typst_error():
    import typst

    return typst.TypstError


def _message(exc: Exception) -> str:
    message = getattr(exc, "message", "") or str(exc)
    hints = getattr(exc, "hints", None) or []
    return " ".join([message.strip(), *(f"(hint: {hint.strip()})" for hint in hints)])


# --- the document as data ------------------------------------------------------------------


def _data(document: Document) -> dict:
    parts = layout.flow(document)
    front, body = _split_front(parts)
    has_front = any(section.numbered for section in document.sections)
    generated = document.generated_on
    cover_lines = document.cover_lines or [document.unit_name, f"Tahun {document.year}"]
    return {
        "title": running_header(document),
        "author": document.unit_name,
        "lang": document.language or "id",
        "date": [generated.year, generated.month, generated.day] if generated else None,
        "header": running_header(document),
        "labels": LABELS,
        "page": layout.MARGINS_MM,
        "cell": {"pad_x": layout.PAD_X, "pad_y": layout.PAD_Y},
        "toc_depth": TOC_DEPTH,
        "front_matter": has_front,
        "has_tables": bool(document.tables()),
        "has_figures": bool(document.figures()),
        "cover": {
            "title": document.title,
            "lines": list(cover_lines),
            "logo": f"/{LOGO_FILE}" if document.logo else None,
        },
        "colophon": colophon(document),
        "keywords": [f"Sidik data: {document.data_hash}"] if document.data_hash else [],
        "front": [_part(part) for part in front],
        "body": [_part(part) for part in body],
    }


def _split_front(parts: list[layout.Part]) -> tuple[list[layout.Part], list[layout.Part]]:
    """The parts before the first chapter and the rest (a part is cut where it starts)."""
    for index, part in enumerate(parts):
        for position, entry in enumerate(part.entries):
            if entry.starts_body:
                before = layout.Part(part.landscape, part.entries[:position])
                after = layout.Part(part.landscape, part.entries[position:])
                head = [*parts[:index], *([before] if before.entries else [])]
                return head, [after, *parts[index + 1 :]]
    return [], parts


def _part(part: layout.Part) -> dict:
    return {"landscape": part.landscape, "items": [_item(entry) for entry in part.entries]}


def _item(entry: layout.Entry) -> dict:
    block = entry.block
    if entry.kind == "heading":
        return {
            "kind": "heading",
            "level": entry.level,
            "text": _untab(entry.text),
            "outlined": entry.level <= TOC_DEPTH,
        }
    if entry.kind == "paragraph":
        return {"kind": "paragraph", "text": _untab(block.text), "style": block.style}
    if entry.kind == "table":
        table = entry.layout
        heights = [_row_height(lines, table) for lines in table.set_lines]
        # A row Typst measures itself gets its text as it is, for Typst to break.
        body = [
            fixed if height is not None else row
            for row, fixed, height in zip(table.body, table.set_rows, heights, strict=True)
        ]
        count = len(table.rows)
        return {
            "kind": "table",
            "label": table_label(block),
            "size": table.size,
            "widths": list(table.widths),
            "numeric": list(table.numeric),
            "header": [_untab(text) for text in table.header],
            "rows": [[_untab(text) for text in row] for row in body[:count]],
            "total": [_untab(text) for text in body[count]] if table.total is not None else None,
            "heights": heights,
            "whole": table.keep == ((0, len(table.body)),),
            "lead": _lead(table),
            "note": block.note,
        }
    return {
        "kind": "figure",
        "label": figure_label(block),
        "svg": block.svg,
        "width": block.width_mm or layout.FIGURE_WIDTH_MM,
    }


# How tall Typst sets n lines of a table cell (report.typ: DejaVu Sans, leading 0.45 em,
# a line as tall as the font's cap height, which Typst takes from DejaVu's ascender,
# 1556/2048 em) plus the padding. tests/reports/test_render_pdf.py checks it against
# Typst's own layout.
CELL_LINE_EM = 1556 / 2048
CELL_LEADING_EM = 0.45


def _row_height(lines: int | None, table: layout.TableLayout) -> float | None:
    """The height of a body row of ``lines`` lines in pt; None when Typst is to measure
    it: lines not known, or a row so tall (``layout.KEEP_SHARE`` of a page) that it may
    have to break across pages, which a row of fixed height cannot."""
    if not lines:
        return None
    size = table.size
    height = lines * CELL_LINE_EM * size + (lines - 1) * CELL_LEADING_EM * size + 2 * layout.PAD_Y
    page = layout.LANDSCAPE_HEIGHT if table.landscape else layout.PORTRAIT_HEIGHT
    return height if height <= page * layout.KEEP_SHARE else None


def _untab(text: str) -> str:
    """Typst sets a tab character as nothing; a space keeps the words apart."""
    return text.replace("\t", " ")


def _lead(table: layout.TableLayout) -> list[int] | None:
    """Per row (and the total): 0, or the length of the kept run it starts, or -1 when a
    run covers it (the template's first column); None when the table needs no such
    column (no run, or one run that is the whole table)."""
    if not table.keep or table.keep == ((0, len(table.body)),):
        return None
    lead = [0] * len(table.body)
    for first, count in table.keep:
        lead[first] = count
        for index in range(first + 1, first + count):
            lead[index] = -1
    return lead


# --- naming the section Typst refuses ----------------------------------------------------------


def _failing_section(document: Document) -> str:
    """The innermost section whose content alone Typst refuses ("" when every section
    typesets alone, i.e. the document as a whole is what fails)."""
    path: list[str] = []
    sections = document.sections
    while sections:
        failing = next((s for s in sections if _fails(document, s)), None)
        if failing is None:
            break
        path.append(failing.title)
        sections = [b for b in failing.blocks if isinstance(b, Section)]
    return " › ".join(path)


def _fails(document: Document, section: Section) -> bool:
    alone = Document(
        title=document.title,
        unit_name=document.unit_name,
        year=document.year,
        sections=[Section(section.title, list(section.blocks), numbered=False)],
        language=document.language,
    )
    try:
        compile_pdf(pdf_source(alone))
    except _typst_error():
        return True
    return False
