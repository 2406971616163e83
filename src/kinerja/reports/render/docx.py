"""DOCX renderer: a ``Document`` as an editable Word file in the LAKIN layout.

The layout follows what a planning office expects of a LAKIN (PermenPANRB 53/2014): A4
portrait with a wider left margin for binding, a cover, a table of contents, chapters
"BAB I …" each on a new page, numbered table captions above tables and figure captions
below figures, page numbers in the footer.

Tables follow the rule of ``render/layout.py``, as in the PDF: column widths from their
texts, their type size, a landscape section for a table too wide for a portrait page,
the header row repeated on every page, rows that do not break across pages, and the
header with the first rows and the last rows with the total kept on one page.

The file is meant to be edited further in Word, so everything is done with styles rather
than direct formatting wherever Word has a concept for it: real heading styles (navigation
pane), the "Caption" style, repeating table header rows, and fields for the page numbers
(the footer's and the contents', which Word updates when the file is opened). Text comes
only from ``cell_text``, ``table_label`` and ``figure_label``, so it reads exactly as in
the PDF.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document as new_word_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml.etree import SubElement

from kinerja.reports.document import (
    Document,
    Figure,
    Table,
    colophon,
    figure_label,
    table_label,
)

from . import layout

__all__ = ["render_docx"]

FONT = "Times New Roman"  # present wherever Word is; the style carries the name, not the font
LANGUAGE = "id-ID"
FIGURE_WIDTH = Mm(layout.FIGURE_WIDTH_MM)
TOC_DEPTH = 2  # chapters and their sections, as in the PDF

BODY_STYLE = "Body Text"
NOTE_STYLE = "Catatan"
CELL_STYLE = "Isi Tabel"
SIGNATURE_STYLE = "Tanda Tangan"
PARAGRAPH_STYLES = {
    "body": BODY_STYLE,
    "note": NOTE_STYLE,
    "generated": BODY_STYLE,
    "signature": SIGNATURE_STYLE,
}


def render_docx(document: Document) -> bytes:
    """The document as a .docx file; the same document always gives the same bytes."""
    word = new_word_document()
    _set_up_page(word.sections[0], landscape=False)
    _set_up_styles(word)
    _set_up_header_footer(word, document)
    _set_properties(word, document)
    _update_fields_on_open(word)

    _add_cover(word, document)
    body = _Body(word)
    parts = layout.flow(document)
    _add_toc(body, parts)
    _add_lists(body, parts)
    for index, part in enumerate(parts):
        if part.landscape:
            _set_up_page(word.add_section(WD_SECTION.NEW_PAGE), landscape=True)
        for entry in part.entries:
            _add_entry(body, entry)
        if part.landscape and index < len(parts) - 1:
            _set_up_page(word.add_section(WD_SECTION.NEW_PAGE), landscape=False)
    _add_colophon(body, document)

    buffer = io.BytesIO()
    word.save(buffer)
    return _stable_zip(buffer.getvalue())


# --- page, styles, properties --------------------------------------------------------------


def _set_up_page(page, landscape: bool) -> None:
    """A4 with the margins of ``render/layout.py`` (the PDF's), portrait or landscape: a
    table too wide for a portrait page sits in a landscape section of its own."""
    width, height = (Mm(size) for size in layout.PAGE_MM)
    margins = layout.MARGINS_MM
    page.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = (height, width) if landscape else (width, height)
    page.top_margin, page.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    page.left_margin, page.right_margin = Mm(margins["left"]), Mm(margins["right"])
    page.header_distance = page.footer_distance = Mm(10)


def _update_fields_on_open(word) -> None:
    """Ask Word to update the fields (the contents' page numbers) when the file is opened."""
    settings = word.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # Its place in CT_Settings: before these, whichever of them the template has.
    following = {
        qn(f"w:{tag}")
        for tag in ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids")
    }
    anchor = next((child for child in settings if child.tag in following), None)
    if anchor is None:
        settings.append(update)
    else:
        anchor.addprevious(update)


def _set_up_styles(word) -> None:
    styles = word.styles
    normal = styles["Normal"]
    # The document defaults too: table styles and footnotes do not inherit from Normal.
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for rpr in (defaults, normal.element.get_or_add_rPr()):
        _set_font_name(rpr)
        _set_language(rpr)
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    body = styles[BODY_STYLE]
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.line_spacing = 1.5

    for level, size in ((1, 14), (2, 12), (3, 12)):
        heading = styles[f"Heading {level}"]
        _set_font_name(heading.element.get_or_add_rPr())  # the template's theme font would win
        heading.font.size = Pt(size)
        heading.font.color.rgb = None  # automatic (black) instead of the template's blue
        heading.paragraph_format.space_before = Pt(12)
        heading.paragraph_format.space_after = Pt(12 if level == 1 else 6)
    chapter = styles["Heading 1"].paragraph_format
    chapter.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # On the style rather than as break characters, so that a chapter the office adds in
    # Word also starts a page; "TOC Heading" inherits it, which puts the TOC on its own page.
    chapter.page_break_before = True

    caption = styles["Caption"]
    caption.hidden = False
    caption.font.size = Pt(11)
    caption.font.color.rgb = None
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(6)

    note = styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(10)
    note.font.italic = True

    # The signature block: centred in the right part of the page, lines kept together.
    signature = styles.add_style(SIGNATURE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    signature.base_style = normal
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    signature.paragraph_format.left_indent = Cm(8)
    signature.paragraph_format.space_before = Pt(24)
    signature.paragraph_format.keep_together = True

    cells = styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = normal
    cells.font.size = Pt(10)
    cells.paragraph_format.space_after = Pt(0)
    cells.paragraph_format.line_spacing = 1.0

    styles["Header"].font.size = Pt(9)
    styles["Footer"].font.size = Pt(10)


def _set_font_name(rpr) -> None:
    """Name the font for every script and drop theme fonts, which take precedence over names."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in list(fonts.attrib):
        if attribute.lower().endswith("theme"):
            del fonts.attrib[attribute]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), FONT)


def _set_language(rpr) -> None:
    """Indonesian proofing (spelling, hyphenation) instead of the template's en-US."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), LANGUAGE)


def _set_up_header_footer(word, document: Document) -> None:
    page = word.sections[0]
    header = page.header.paragraphs[0]
    header.text = f"{document.title} {document.unit_name} Tahun {document.year}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = page.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Halaman ")
    _add_field(footer, "PAGE", "1")


def _set_properties(word, document: Document) -> None:
    props = word.core_properties
    props.title = document.title
    props.subject = f"{document.unit_name} Tahun {document.year}"
    props.author = document.unit_name
    props.comments = ""  # the template's says "generated by python-docx"
    props.language = LANGUAGE
    props.keywords = f"Sidik data: {document.data_hash}" if document.data_hash else ""
    if document.generated_on:
        props.created = props.modified = dt.datetime.combine(document.generated_on, dt.time())
    else:  # rather than the template's 2013 date
        core = props._element
        for stamp in (core.created, core.modified):
            if stamp is not None:
                core.remove(stamp)
    # The template ships a thumbnail of an unrelated page, which file browsers would show.
    rels = word.part.package.rels
    for rel_id in [key for key, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rel_id]


# --- content -------------------------------------------------------------------------------


def _add_cover(word, document: Document) -> None:
    lines = [(document.title, 20)] + [(line, 14) for line in document.cover_lines]
    # Builders may already put the unit and year among the cover lines: do not repeat them.
    if document.unit_name not in document.cover_lines:
        lines.append((document.unit_name, 14))
    if not any(str(document.year) in line for line in document.cover_lines):
        lines.append((f"Tahun {document.year}", 14))
    if document.logo:  # the unit's logo above the title; none without one
        picture = word.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.space_before = Pt(72)
        picture.add_run().add_picture(io.BytesIO(document.logo), height=Cm(3.5))
    for index, (text, size) in enumerate(lines):
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        first = 36 if document.logo else 180
        paragraph.paragraph_format.space_before = Pt(first if index == 0 else 12)
        paragraph.paragraph_format.space_after = Pt(24 if index == 0 else 6)
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(size)


def _add_colophon(body: _Body, document: Document) -> None:
    """When the file was built and from what data, in small print after the last page's
    text (as in the PDF); not on the cover."""
    for index, line in enumerate(colophon(document)):
        paragraph = body.paragraph(line, style=NOTE_STYLE)
        paragraph.paragraph_format.space_before = Pt(24 if index == 0 else 0)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.runs[0].font.size = Pt(8)
        paragraph.runs[0].font.italic = False


class _Body:
    """Appends paragraphs and tables to the document body as plain XML.

    python-docx resolves a style given by name on every assignment by scanning the whole
    style sheet (twice: by name, then for the default style of its type), and reaches table
    cells by walking the table's XML on each access; for a report of 80 tables that is
    quadratic and took seconds. Here the style ids are looked up once per document, and
    rows and cells are written as they are created. The XML is exactly what python-docx
    writes for the same calls (``add_paragraph(text, style=…)``, ``add_table`` …).
    """

    def __init__(self, word):
        self.word = word
        self._style_ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}
        self.anchors: dict[int, str] = {}  # id(heading entry) → its bookmark
        self.cell_styles: set[str] = set()  # styles this renderer added

    def style_id(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        """The id python-docx would write for the style ``name`` (None for the default)."""
        key = (name, kind)
        if key not in self._style_ids:
            self._style_ids[key] = self.word.part.get_style_id(name, kind)
        return self._style_ids[key]

    def paragraph(self, text: str = "", style: str | None = None):
        """Like ``Document.add_paragraph(text, style)``."""
        body = self.word.element.body
        p = body.makeelement(_W_P, {})
        style_id = self.style_id(style) if style is not None else None
        if style_id is not None:
            SubElement(SubElement(p, _W_PPR), _W_PSTYLE).set(_W_VAL, style_id)
        if text:
            _append_run(p, text)
        body.sectPr.addprevious(p)  # the body's last child is its section's properties
        return DocxParagraph(p, self.word._body)

    def table(self, rows: int, cols: int, style: str, width):
        """Like ``Document.add_table(rows, cols, style)``: the empty grid, cells unfilled
        (``width``: python-docx would look it up from the last section, a scan of the
        whole body per table)."""
        grid = self.word._body.add_table(rows, cols, width)
        grid._tbl.tblStyle_val = self.style_id(style, WD_STYLE_TYPE.TABLE)
        return grid


def _add_toc(body: _Body, parts: list[layout.Part]) -> None:
    """The contents, written out: each chapter and section a link to its heading, with a
    PAGEREF field for its page number. LibreOffice computes those fields as it lays the
    pages out; Word updates them when the file is opened (``w:updateFields``) or printed.
    (A Word TOC field would show its entries without page numbers in LibreOffice, which
    does not update it; these entries come from the report model on every rendering.)"""
    body.paragraph("Daftar Isi", style="TOC Heading")
    headings = [
        entry
        for part in parts
        for entry in part.entries
        if entry.kind == "heading" and entry.level <= TOC_DEPTH
    ]
    for entry in headings:
        _toc_line(body, entry, entry.text, _toc_style(body, entry.level))


def _toc_line(body: _Body, entry: layout.Entry, text: str, style: str) -> None:
    """One line of a list at the front: a link to the entry's bookmark, dots, and a
    PAGEREF field for its page number."""
    body.anchors[id(entry)] = anchor = f"_Toc{len(body.anchors) + 1:08d}"
    tab = Mm(layout.PAGE_MM[0] - layout.MARGINS_MM["left"] - layout.MARGINS_MM["right"])
    paragraph = body.paragraph(style=style)
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        tab, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
    )
    link = SubElement(paragraph._p, qn("w:hyperlink"))
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    _append_run(link, text)
    SubElement(SubElement(link, _W_R), qn("w:tab"))
    _field_start(link, f"PAGEREF {anchor} \\h")
    _append_run(link, "")
    _field_char(link, "end")


def _add_lists(body: _Body, parts: list[layout.Part]) -> None:
    """ "Daftar Tabel" and "Daftar Gambar" after the contents, as in the PDF: each
    caption a link to the table or figure with its page number; a list with nothing in
    it is left out."""
    for kind, title, label in (
        ("table", "Daftar Tabel", table_label),
        ("figure", "Daftar Gambar", figure_label),
    ):
        entries = [e for part in parts for e in part.entries if e.kind == kind]
        if not entries:
            continue
        body.paragraph(title, style="TOC Heading")
        for entry in entries:
            _toc_line(body, entry, label(entry.block), _list_style(body))


def _list_style(body: _Body) -> str:
    """Word's built-in "table of figures" style, for the lists of tables and figures."""
    name = "table of figures"
    if name not in body.cell_styles:
        body.cell_styles.add(name)
        style = body.word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = body.word.styles["Normal"]
        style.paragraph_format.space_after = Pt(2)
    return name


def _toc_style(body: _Body, level: int) -> str:
    """Word's built-in "toc N" style (created on first use: the template lacks it)."""
    name = f"toc {level}"
    styles = body.word.styles
    if name not in body.cell_styles:
        body.cell_styles.add(name)
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.paragraph_format.space_after = Pt(2)
        style.paragraph_format.left_indent = Cm(0.75 * (level - 1))
        if level == 1:
            style.font.bold = True
            style.paragraph_format.space_before = Pt(6)
    return name


def _add_entry(body: _Body, entry: layout.Entry) -> None:
    block = entry.block
    if entry.kind == "heading":
        paragraph = body.paragraph(style=f"Heading {min(entry.level, 3)}")
        anchor = body.anchors.get(id(entry))
        if anchor:
            _bookmarked_run(paragraph._p, entry.text, anchor)
        else:
            _append_run(paragraph._p, entry.text)
    elif entry.kind == "paragraph":
        body.paragraph(block.text, style=PARAGRAPH_STYLES.get(block.style, BODY_STYLE))
    elif entry.kind == "table":
        _add_table(body, block, entry.layout, body.anchors.get(id(entry)))
    elif entry.kind == "figure":
        _add_figure(body, block, body.anchors.get(id(entry)))


def _bookmarked_run(p, text: str, name: str) -> None:
    number = str(int(name.removeprefix("_Toc")))
    start = SubElement(p, qn("w:bookmarkStart"))
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), name)
    _append_run(p, text)
    SubElement(p, qn("w:bookmarkEnd")).set(qn("w:id"), number)


# Clark names of the WordprocessingML tags and attributes written directly below.
_W_P = qn("w:p")
_W_PPR = qn("w:pPr")
_W_PSTYLE = qn("w:pStyle")
_W_JC = qn("w:jc")
_W_KEEP_NEXT = qn("w:keepNext")
_W_TR_PR = qn("w:trPr")
_W_CANT_SPLIT = qn("w:cantSplit")
_W_R = qn("w:r")
_W_RPR = qn("w:rPr")
_W_B = qn("w:b")
_W_T = qn("w:t")
_W_VAL = qn("w:val")
_W_W = qn("w:w")
_XML_SPACE = qn("xml:space")
_JC_CENTER, _JC_LEFT, _JC_RIGHT = "center", "left", "right"  # WD_ALIGN_PARAGRAPH in XML


def _add_table(
    body: _Body, table: Table, fit: layout.TableLayout, anchor: str | None = None
) -> None:
    """The table as ``render/layout.py`` lays it out: its column widths and type size,
    figures right-aligned, the header row repeated on every page, rows that never break
    across pages, and the runs of rows that must share a page kept together."""
    caption = _caption(body, table_label(table), anchor)
    caption.paragraph_format.keep_with_next = True  # never a caption alone at a page's foot

    count = len(fit.widths)
    rows = fit.body
    grid = body.table(1 + len(rows), count, "Table Grid", Pt(fit.width))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl = grid._tbl
    _fix_table_layout(tbl, fit)
    trs = tbl.tr_lst

    widths = [str(round(width * 20)) for width in fit.widths]  # pt → twentieths of a pt
    for grid_column, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_column.set(_W_W, width)

    # Keep with next: the header and each row of a kept run but its last (Word's way of
    # keeping table rows on one page).
    keep = {-1} if any(first == 0 for first, _ in fit.keep) else set()
    for first, length in fit.keep:
        keep.update(range(first, first + length - 1))
    page = layout.LANDSCAPE_HEIGHT if fit.landscape else layout.PORTRAIT_HEIGHT

    cell_style = _cell_style(body, fit.size)
    header = trs[0]
    for tc, title, width in zip(header.tc_lst, fit.header, widths, strict=True):
        _fill_cell(tc, title, _JC_CENTER, True, cell_style, width, -1 in keep)
    # Word repeats rows marked w:tblHeader at the top of each page the table runs onto.
    header_pr = _row_properties(header)
    SubElement(header_pr, _W_CANT_SPLIT)
    SubElement(header_pr, qn("w:tblHeader"))

    aligns = [_JC_RIGHT if numeric else _JC_LEFT for numeric in fit.numeric]
    total = len(fit.rows)
    for index, (tr, texts) in enumerate(zip(trs[1:], rows, strict=True)):
        if fit.heights[index] < page * CANT_SPLIT_SHARE:
            SubElement(_row_properties(tr), _W_CANT_SPLIT)
        bold = index == total
        for tc, text, align, width in zip(tr.tc_lst, texts, aligns, widths, strict=True):
            _fill_cell(tc, text, align, bold, cell_style, width, index in keep)

    if table.note:
        body.paragraph(table.note, style=NOTE_STYLE)


# A row is kept whole on one page unless it is nearly a page tall (Word would cut it).
CANT_SPLIT_SHARE = 0.8


def _row_properties(tr):
    """A new row's w:trPr (its first child), without python-docx's schema walk."""
    tr_pr = tr.makeelement(_W_TR_PR, {})
    tr.insert(0, tr_pr)
    return tr_pr


def _fix_table_layout(tbl, fit: layout.TableLayout) -> None:
    """Fixed column widths (Word does not re-measure them) and the cell padding of the
    layout rule."""
    tbl_pr = tbl.tblPr
    fixed = OxmlElement("w:tblLayout")
    fixed.set(qn("w:type"), "fixed")
    margins = OxmlElement("w:tblCellMar")
    for side, points in (
        ("top", layout.PAD_Y),
        ("left", layout.PAD_X),
        ("bottom", layout.PAD_Y),
        ("right", layout.PAD_X),
    ):
        margin = SubElement(margins, qn(f"w:{side}"))
        margin.set(qn("w:w"), str(round(points * 20)))
        margin.set(qn("w:type"), "dxa")
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(fit.width * 20)))
    width.set(qn("w:type"), "dxa")
    # CT_TblPr order: tblStyle, …, jc, …, tblW … tblLayout, tblCellMar, tblLook.
    existing = tbl_pr.find(qn("w:tblW"))
    if existing is not None:
        tbl_pr.remove(existing)
    look = tbl_pr.find(qn("w:tblLook"))
    for element in (width, fixed, margins):
        if look is not None:
            look.addprevious(element)
        else:
            tbl_pr.append(element)


def _cell_style(body: _Body, size: float) -> str:
    """The id of the table-cell style at ``size`` pt ("Isi Tabel 9 pt" …, one per size)."""
    name = f"{CELL_STYLE} {size:g} pt"
    styles = body.word.styles
    if name not in body.cell_styles:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[CELL_STYLE]
        style.font.size = Pt(size)
        body.cell_styles.add(name)
    return body.style_id(name)


def _fill_cell(
    tc, text: str, align: str, bold: bool, style_id: str, width: str, keep_next: bool = False
) -> None:
    """The cell's width, then its paragraph: the style, the alignment and one run."""
    tc.tcPr.tcW.set(_W_W, width)
    p = tc.p_lst[0]
    ppr = SubElement(p, _W_PPR)
    SubElement(ppr, _W_PSTYLE).set(_W_VAL, style_id)
    if keep_next:
        SubElement(ppr, _W_KEEP_NEXT)
    SubElement(ppr, _W_JC).set(_W_VAL, align)
    _append_run(p, text, bold)


def _append_run(p, text: str, bold: bool = False) -> None:
    """Like ``paragraph.add_run(text)`` (and ``run.bold = True``), without the character by
    character scan python-docx makes for tabs and line breaks when there are none."""
    r = SubElement(p, _W_R)
    if bold:
        SubElement(SubElement(r, _W_RPR), _W_B)
    if not text:
        return
    if "\t" in text or "\n" in text or "\r" in text:
        r.text = text  # CT_R: w:tab and w:br elements between the pieces
        return
    t = SubElement(r, _W_T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")


def _add_figure(body: _Body, figure: Figure, anchor: str | None = None) -> None:
    picture = body.paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True  # the caption below stays with it
    width = Mm(figure.width_mm) if figure.width_mm else FIGURE_WIDTH
    picture.add_run().add_picture(io.BytesIO(figure.png), width=width)
    _caption(body, figure_label(figure), anchor)


def _caption(body: _Body, text: str, anchor: str | None):
    """A caption paragraph, bookmarked when a list at the front links to it."""
    if anchor is None:
        return body.paragraph(text, style="Caption")
    caption = body.paragraph(style="Caption")
    _bookmarked_run(caption._p, text, anchor)
    return caption


# --- helpers -------------------------------------------------------------------------------


def _add_field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field: begin, instruction, separate, result shown until Word updates, end."""
    p = paragraph._p
    _field_start(p, instruction)
    _append_run(p, placeholder)
    _field_char(p, "end")


def _field_char(parent, kind: str) -> None:
    char = SubElement(SubElement(parent, _W_R), qn("w:fldChar"))
    char.set(qn("w:fldCharType"), kind)


def _field_start(parent, instruction: str) -> None:
    """The field's begin, instruction and separate; its result and end follow."""
    _field_char(parent, "begin")
    instr = SubElement(SubElement(parent, _W_R), qn("w:instrText"))
    instr.set(_XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    _field_char(parent, "separate")


def _stable_zip(data: bytes) -> bytes:
    """Re-pack with fixed entry times: python-docx stamps each entry with the current time,
    which would make two renderings of the same document differ."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()
