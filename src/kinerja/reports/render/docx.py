"""DOCX renderer: a ``Document`` as an editable Word file in the LAKIN layout.

The layout follows what a planning office expects of a LAKIN (PermenPANRB 53/2014): A4
portrait with a wider left margin for binding, a cover, a table of contents, chapters
"BAB I …" each on a new page, numbered table captions above tables and figure captions
below figures, page numbers in the footer.

The file is meant to be edited further in Word, so everything is done with styles rather
than direct formatting wherever Word has a concept for it: real heading styles (navigation
pane, TOC), the "Caption" style, repeating table header rows, and fields for the page
number and table of contents. Text comes only from ``cell_text``, ``table_label`` and
``figure_label``, so it reads exactly as in the PDF and HTML renderers.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document as new_word_document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from lxml.etree import SubElement

from kinerja.reports.document import (
    Document,
    Figure,
    Kind,
    Paragraph,
    Section,
    Table,
    cell_text,
    figure_label,
    table_label,
)

__all__ = ["render_docx"]

FONT = "Times New Roman"  # present wherever Word is; the style carries the name, not the font
LANGUAGE = "id-ID"
TEXT_WIDTH = Cm(21 - 3 - 2.5)  # A4 minus the left (binding) and right margins
FIGURE_WIDTH = Cm(15)

BODY_STYLE = "Body Text"
NOTE_STYLE = "Catatan"
CELL_STYLE = "Isi Tabel"
PARAGRAPH_STYLES = {"body": BODY_STYLE, "note": NOTE_STYLE, "generated": BODY_STYLE}

TOC_PLACEHOLDER = "Klik kanan → Update Field untuk memperbarui daftar isi"


def render_docx(document: Document) -> bytes:
    """The document as a .docx file; the same document always gives the same bytes."""
    word = new_word_document()
    _set_up_page(word)
    _set_up_styles(word)
    _set_up_header_footer(word, document)
    _set_properties(word, document)

    _add_cover(word, document)
    body = _Body(word)
    _add_toc(body)
    chapter = 0
    for section in document.sections:
        prefix = ""
        if section.numbered:
            chapter += 1
            prefix = f"BAB {_roman(chapter)} "
        _add_section(body, section, level=1, prefix=prefix)

    buffer = io.BytesIO()
    word.save(buffer)
    return _stable_zip(buffer.getvalue())


# --- page, styles, properties --------------------------------------------------------------


def _set_up_page(word) -> None:
    page = word.sections[0]
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    page.top_margin = page.bottom_margin = page.right_margin = Cm(2.5)
    page.left_margin = Cm(3)


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
    for index, (text, size) in enumerate(lines):
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(180 if index == 0 else 12)
        paragraph.paragraph_format.space_after = Pt(24 if index == 0 else 6)
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(size)


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

    def style_id(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        """The id python-docx would write for the style ``name`` (None for the default)."""
        key = (name, kind)
        if key not in self._style_ids:
            self._style_ids[key] = self.word.part.get_style_id(name, kind)
        return self._style_ids[key]

    def paragraph(self, text: str = "", style: str | None = None):
        """Like ``Document.add_paragraph(text, style)``."""
        paragraph = self.word.add_paragraph()
        p = paragraph._p
        if text:
            _append_run(p, text)
        if style is not None:
            p.style = self.style_id(style)
        return paragraph

    def table(self, rows: int, cols: int, style: str):
        """Like ``Document.add_table(rows, cols, style)``: the empty grid, cells unfilled."""
        grid = self.word.add_table(rows=rows, cols=cols)
        grid._tbl.tblStyle_val = self.style_id(style, WD_STYLE_TYPE.TABLE)
        return grid


def _add_toc(body: _Body) -> None:
    # A field, not a written list: page numbers are only known once Word lays the pages out,
    # and the office will edit the text anyway. Word fills it in on "Update Field".
    body.paragraph("Daftar Isi", style="TOC Heading")
    _add_field(body.paragraph(), r'TOC \o "1-3" \h \z \u', TOC_PLACEHOLDER)


def _add_section(body: _Body, section: Section, level: int, prefix: str = "") -> None:
    body.paragraph(prefix + section.title, style=f"Heading {min(level, 3)}")
    for block in section.blocks:
        if isinstance(block, Section):
            _add_section(body, block, level + 1)
        elif isinstance(block, Paragraph):
            body.paragraph(block.text, style=PARAGRAPH_STYLES.get(block.style, BODY_STYLE))
        elif isinstance(block, Table):
            _add_table(body, block)
        elif isinstance(block, Figure):
            _add_figure(body, block)


# Clark names of the WordprocessingML tags and attributes written directly below.
_W_PPR = qn("w:pPr")
_W_PSTYLE = qn("w:pStyle")
_W_JC = qn("w:jc")
_W_R = qn("w:r")
_W_RPR = qn("w:rPr")
_W_B = qn("w:b")
_W_T = qn("w:t")
_W_VAL = qn("w:val")
_W_W = qn("w:w")
_XML_SPACE = qn("xml:space")
_JC_CENTER, _JC_LEFT, _JC_RIGHT = "center", "left", "right"  # WD_ALIGN_PARAGRAPH in XML


def _add_table(body: _Body, table: Table) -> None:
    caption = body.paragraph(table_label(table), style="Caption")
    caption.paragraph_format.keep_with_next = True  # never a caption alone at a page's foot

    columns = table.columns
    rows = [(values, False) for values in table.rows]
    if table.total:
        rows.append((table.total, True))
    grid = body.table(1 + len(rows), len(columns), style="Table Grid")
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl = grid._tbl
    trs = tbl.tr_lst

    # Text columns (indicator names) get more room than figures; Word needs every cell set.
    weights = [3 if column.kind is Kind.TEXT else 2 for column in columns]
    widths = [str(Emu(TEXT_WIDTH * weight // sum(weights)).twips) for weight in weights]
    for grid_column, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_column.set(_W_W, width)

    cell_style = body.style_id(CELL_STYLE)
    header = trs[0]
    for tc, column, width in zip(header.tc_lst, columns, widths, strict=True):
        _fill_cell(tc, column.title, _JC_CENTER, True, cell_style, width)
    # Word repeats rows marked w:tblHeader at the top of each page the table runs onto.
    header.get_or_add_trPr().append(OxmlElement("w:tblHeader"))

    aligns = [_JC_LEFT if column.kind is Kind.TEXT else _JC_RIGHT for column in columns]
    for tr, (values, bold) in zip(trs[1:], rows, strict=True):
        for tc, value, column, align, width in zip(
            tr.tc_lst, values, columns, aligns, widths, strict=True
        ):
            _fill_cell(tc, cell_text(value, column), align, bold, cell_style, width)

    if table.note:
        body.paragraph(table.note, style=NOTE_STYLE)


def _fill_cell(tc, text: str, align: str, bold: bool, style_id: str, width: str) -> None:
    """The cell's width, then its paragraph: the style, the alignment and one run."""
    tc.tcPr.tcW.set(_W_W, width)
    p = tc.p_lst[0]
    ppr = SubElement(p, _W_PPR)
    SubElement(ppr, _W_PSTYLE).set(_W_VAL, style_id)
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


def _add_figure(body: _Body, figure: Figure) -> None:
    picture = body.paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True  # the caption below stays with it
    picture.add_run().add_picture(io.BytesIO(figure.png), width=FIGURE_WIDTH)
    body.paragraph(figure_label(figure), style="Caption")


# --- helpers -------------------------------------------------------------------------------


def _add_field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field: begin, instruction, separate, result shown until Word updates, end."""

    def field_char(kind: str) -> None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(char)

    field_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    field_char("separate")
    paragraph.add_run(placeholder)
    field_char("end")


_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def _roman(number: int) -> str:
    digits = []
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        digits.append(numeral * count)
    return "".join(digits)


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
