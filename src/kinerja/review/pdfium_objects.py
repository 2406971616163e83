"""A pdfplumber page's objects (chars, lines, rects, curves) read by PDFium instead of
pdfminer.six.

Why: pdfplumber reads every page with pdfminer.six, in pure Python; three quarters of the
CPU of reviewing a printed LAKIN went into pdfminer's interpretation of the content
streams (see docs/performance.md). PDFium (pypdfium2, already installed because
pdfplumber depends on it) parses the same page in C++. pdfplumber's own algorithms
(``find_tables``, ``extract_text_lines``, ``extract_text``, ``filter``, ``crop``) work on
the dictionaries a page caches in ``page._objects``; this module builds those
dictionaries from PDFium, with the keys and the coordinates pdfminer would give, so that
the review reads the same tables and sentences, only faster.

What is built, and how it follows pdfminer.six (``pdfminer.layout.LTChar``,
``pdfminer.converter.PDFLayoutAnalyzer.paint_path``):

- chars: one per glyph PDFium reports, without the characters PDFium generates (the
  spaces and line breaks it infers). The box is pdfminer's: from the glyph's origin, its
  advance (PDFium's loose box) and, vertically, from the font's descent (read from the
  font descriptor, as pdfminer reads it) to the descent plus the font size. A glyph
  that maps to several characters ("fi") is one char with that text, as in pdfminer.
  PDFium reports a hyphen that ends a line as U+0002 (U+FFFE in its char list): the
  char keeps the hyphen the PDF prints. A space glyph PDFium drops is put back where the
  word grouping needs it (``_add_space``). Text drawn twice at nearly the same place (a
  fake bold) is one text for PDFium, each letter doubled for pdfminer ("TToottaall"):
  here the chars are read once, which a review of such a report can only gain from.
- paths, painted (stroked or filled; a clipping path is not an object), split into
  subpaths at each move: a single straight segment is a line, an axis-aligned closed
  four-point path a rect, anything else a curve. Paths inside form XObjects are read
  with the form's matrix.
- Coordinates: pdfminer's page matrix (the mediabox's origin, the page's rotation), then
  pdfplumber's conversion (top = height - y1, doctop…).

Left out, because the review does not read them: images, annotations, marked-content
ids, dash patterns, the line width of a path that is only filled (PDFium says 1,
pdfminer the graphics state's). Colours are PDFium's RGB (0-1) rather than the PDF's
colour space. Glyph positions are PDFium's (single precision, glyph widths rounded to
the font unit): along a long line they drift from pdfminer's by up to about 1.5 pt,
within a word by hundredths. tests/review/test_pdf_readers.py compares both readers.
"""

from __future__ import annotations

import ctypes
import re
import threading
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

Matrix = tuple[float, float, float, float, float, float]
# What PDFium's codes for a hyphen that ends a line (U+0002, U+FFFE) are read as.
_HYPHEN = "-"
# A subset font's tag, which PDFium leaves out of the font's name.
_SUBSET = re.compile(r"^[A-Z]{6}\+")
# pdfplumber's default x_tolerance: a wider gap between two chars splits the words.
_WORD_GAP = 3.0


# PDFium is not thread-safe (pypdfium2's documentation): a review in a threaded server
# or a job worker's thread pool must not call it while another thread does.
_LOCK = threading.Lock()


def open_document(data: bytes) -> tuple[pdfium.PdfDocument, int]:
    """The file opened by PDFium, and its number of pages. Raises PDFium's error."""
    with _LOCK:
        document = pdfium.PdfDocument(data)
        return document, len(document)


def close_document(document: pdfium.PdfDocument) -> None:
    with _LOCK:
        document.close()


def set_objects(plumber_page, document: pdfium.PdfDocument, index: int) -> None:
    """Cache in ``plumber_page`` (page ``index`` of ``document``, the same file opened by
    PDFium) its objects read by PDFium: pdfplumber then never parses it with pdfminer."""
    with _LOCK:
        page = document[index]
        try:
            plumber_page._objects = page_objects(page, plumber_page)  # noqa: SLF001
        finally:
            page.close()


def _mult(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (row vectors, as in PDF)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _page_matrix(plumber_page) -> Matrix:
    """pdfminer's matrix from PDF user space to its layout space
    (``PDFPageInterpreter.process_page``)."""
    x0, y0, x1, y1 = plumber_page.page_obj.mediabox
    rotate = plumber_page.page_obj.rotate
    if rotate == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotate == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


class _Placer:
    """pdfplumber's conversion of a pdfminer object's box (``Page.process_object``)."""

    def __init__(self, plumber_page) -> None:
        self.height = plumber_page.height
        self.mb_x0, self.mb_top = plumber_page.mediabox[:2]
        self.doctop = plumber_page.initial_doctop
        self.page_number = plumber_page.page_number

    def box(self, attr: dict[str, Any], x0: float, y0: float, x1: float, y1: float) -> None:
        top = self.height - y1 + self.mb_top
        attr["x0"] = x0 + self.mb_x0
        attr["x1"] = x1 + self.mb_x0
        attr["y0"] = y0
        attr["y1"] = y1
        attr["width"] = x1 - x0
        attr["height"] = y1 - y0
        attr["top"] = top
        attr["bottom"] = self.height - y0 + self.mb_top
        attr["doctop"] = self.doctop + top
        attr["page_number"] = self.page_number

    def point(self, x: float, y: float) -> tuple[float, float]:
        # pdfplumber's Page.point2coord
        return (self.mb_x0 + x, self.mb_top + self.height - y)


def page_objects(page: pdfium.PdfPage, plumber_page) -> dict[str, list[dict[str, Any]]]:
    """The ``page._objects`` of ``plumber_page``, read from the same page by PDFium."""
    ctm = _page_matrix(plumber_page)
    placer = _Placer(plumber_page)
    objects: dict[str, list[dict[str, Any]]] = {}
    chars = _chars(page, ctm, placer, _descents(plumber_page))
    if chars:
        objects["char"] = chars
    for kind, obj in _paths(page.raw, ctm, placer):
        objects.setdefault(kind, []).append(obj)
    return objects


# --- chars ---------------------------------------------------------------------------------


def _color(getter, handle) -> tuple[float, ...]:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(handle, r, g, b, a):
        return (0.0,)
    return (r.value / 255, g.value / 255, b.value / 255)


def _font_name(font) -> str:
    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if size <= 0:
        return ""
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value.decode("utf-8", "replace")


class _TextObject:
    """What the chars of one PDFium text object share."""

    __slots__ = ("matrix", "user", "fontname", "size", "descent", "upright", "ncolor", "scolor")

    def __init__(self, handle, textpage, index: int, ctm: Matrix, descents) -> None:
        m = raw.FS_MATRIX()
        raw.FPDFText_GetMatrix(textpage, index, m)
        self.user = (m.a, m.b, m.c, m.d)
        matrix = _mult((m.a, m.b, m.c, m.d, 0.0, 0.0), ctm)
        self.matrix = matrix
        font = raw.FPDFTextObj_GetFont(handle)
        descent = ctypes.c_float()
        if not font or not raw.FPDFFont_GetDescent(font, ctypes.c_float(1.0), descent):
            descent.value = 0.0
        name = _font_name(font) if font else ""
        self.fontname, self.descent = descents.get(name, (name, descent.value))
        self.size = raw.FPDFText_GetFontSize(textpage, index)
        a, b, c, d, _, _ = matrix
        self.upright = a * d > 0 and b * c <= 0
        self.ncolor = _color(raw.FPDFPageObj_GetFillColor, handle)
        self.scolor = _color(raw.FPDFPageObj_GetStrokeColor, handle)


def _descents(plumber_page) -> dict[str, tuple[str, float]]:
    """pdfminer's name and descent (per unit of font size) of each font of the page's
    resources, by PDFium's name. pdfminer takes the descent from the font descriptor,
    zero included (LibreOffice writes ``/Descent 0``), where PDFium then measures the
    font program: the chars' top and bottom follow pdfminer's. Only the font
    dictionaries are read (pdfminer caches them for the whole file), not the page's
    content."""
    from pdfminer.pdftypes import PDFObjRef, dict_value

    descents: dict[str, tuple[str, float]] = {}
    try:
        fonts = dict_value(plumber_page.page_obj.resources.get("Font"))
        manager = plumber_page.pdf.rsrcmgr
        for spec in fonts.values():
            objid = spec.objid if isinstance(spec, PDFObjRef) else None
            font = manager.get_font(objid, dict_value(spec))
            name = str(font.fontname)
            # PDFium names a subset font without its tag ("ABCDEF+"): the full name is kept
            descents[_SUBSET.sub("", name)] = (name, font.get_descent())
    except Exception:  # a font pdfminer cannot read: PDFium's descent is used
        return descents
    return descents


def _chars(
    page: pdfium.PdfPage, ctm: Matrix, placer: _Placer, descents: dict[str, tuple[str, float]]
) -> list[dict[str, Any]]:
    textpage = page.get_textpage()
    try:
        return _read_chars(textpage.raw, ctm, placer, descents)
    finally:
        textpage.close()


def _read_chars(
    textpage, ctm: Matrix, placer: _Placer, descents: dict[str, tuple[str, float]]
) -> list[dict[str, Any]]:
    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    codes = memoryview(buffer.raw).cast("H")
    objects: dict[int, _TextObject] = {}
    rect = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    get_object = raw.FPDFText_GetTextObject
    loose_box = raw.FPDFText_GetLooseCharBox
    origin = raw.FPDFText_GetCharOrigin
    generated = raw.FPDFText_IsGenerated
    out: list[dict[str, Any]] = []
    previous = None  # (text object, origin) of the last char
    pending_high = None
    gap = False  # a space PDFium generated since the last char
    previous_object = None
    for i in range(count):
        code = codes[i]
        handle = get_object(textpage, i)
        if not handle or generated(textpage, i):
            gap = gap or code == 0x20
            continue
        if 0xD800 <= code < 0xDC00:  # a high surrogate: joined to the low one after it
            pending_high = code
            continue
        if pending_high is not None and 0xDC00 <= code < 0xE000:
            text = chr(0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00))
        else:
            text = _HYPHEN if code in (0x2, 0xFFFE) else chr(code)
        pending_high = None
        origin(textpage, i, ox, oy)
        key = (ctypes.addressof(handle.contents), ox.value, oy.value)
        if previous == key and out:
            # PDFium splits a glyph that maps to several characters ("fi"); pdfminer
            # gives one char with the whole text.
            char = out[-1]
            char["text"] += text
            continue
        previous = key
        info = objects.get(key[0])
        if info is None:
            info = objects[key[0]] = _TextObject(handle, textpage, i, ctm, descents)
        loose_box(textpage, i, rect)
        a, b, c, d, _, _ = info.matrix
        size = info.size
        # The advance along the baseline, in text space (PDFium's loose box is as wide
        # as the glyph's advance and starts at its origin).
        x, y = _apply(ctm, ox.value, oy.value)
        ua, ub, uc, _ = info.user
        if ub == 0 and uc == 0 and ua:
            adv = (rect.right - rect.left) / abs(ua)
        else:  # a turned glyph: its loose box is not along the baseline
            scale = (ua * ua + ub * ub) ** 0.5 or 1.0
            adv = max(rect.right - rect.left, rect.top - rect.bottom) / scale
        low = info.descent * size
        if b == 0 and c == 0:  # the common case: upright or mirrored, not turned
            x0, x1 = sorted((x, x + a * adv))
            y0, y1 = sorted((y + d * low, y + d * (low + size)))
        else:
            corners = [
                (x + a * px + c * py, y + b * px + d * py)
                for px, py in ((0, low), (adv, low), (0, low + size), (adv, low + size))
            ]
            x0 = min(p[0] for p in corners)
            x1 = max(p[0] for p in corners)
            y0 = min(p[1] for p in corners)
            y1 = max(p[1] for p in corners)
        char: dict[str, Any] = {
            "text": text,
            "fontname": info.fontname,
            "size": y1 - y0,
            "adv": adv,
            "upright": info.upright,
            "matrix": (a, b, c, d, x, y),
            "object_type": "char",
            "stroking_color": info.scolor,
            "non_stroking_color": info.ncolor,
        }
        placer.box(char, x0, y0, x1, y1)
        if gap and previous_object == key[0] and not text.isspace():
            _add_space(out, char)
        previous_object = key[0]
        gap = False
        out.append(char)
    return out


def _add_space(out: list[dict[str, Any]], after: dict[str, Any]) -> None:
    """The space glyph PDFium may have dropped. Where a kerning offset of half a space or
    more comes before a space glyph in one text object, PDFium reports one space it
    generates for the offset and not the glyph; it also generates a space for such an
    offset with no glyph after it (dotted leaders), where pdfminer has no char. The word
    grouping (pdfplumber's ``x_tolerance``, 3 pt) splits words at a gap of 3 pt or more
    with or without a space char, so a space is added only where the gap is narrower: the
    words stay apart as the dropped glyph kept them. The char covers the gap."""
    before = out[-1]
    if not (before["upright"] and after["upright"]) or abs(before["top"] - after["top"]) > 1:
        return
    if not 0 < after["x0"] - before["x1"] < _WORD_GAP:
        return
    space = dict(after)
    space["text"] = " "
    space["x0"], space["x1"] = before["x1"], after["x0"]
    space["width"] = space["x1"] - space["x0"]
    space["adv"] = space["width"]
    out.append(space)


# --- paths ---------------------------------------------------------------------------------


def _paths(page_handle, ctm: Matrix, placer: _Placer):
    count = raw.FPDFPage_CountObjects(page_handle)
    for i in range(count):
        yield from _object(raw.FPDFPage_GetObject(page_handle, i), ctm, placer)


def _object_matrix(handle) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(handle, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _object(handle, outer: Matrix, placer: _Placer):
    kind = raw.FPDFPageObj_GetType(handle)
    if kind == raw.FPDF_PAGEOBJ_FORM:
        matrix = _mult(_object_matrix(handle), outer)
        for i in range(raw.FPDFFormObj_CountObjects(handle)):
            yield from _object(raw.FPDFFormObj_GetObject(handle, i), matrix, placer)
    elif kind == raw.FPDF_PAGEOBJ_PATH:
        yield from _path(handle, _mult(_object_matrix(handle), outer), placer)


def _path(handle, matrix: Matrix, placer: _Placer):
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(handle, fillmode, stroke):
        return
    fill = fillmode.value != raw.FPDF_FILLMODE_NONE
    if not fill and not stroke.value:
        return
    width = ctypes.c_float()
    raw.FPDFPageObj_GetStrokeWidth(handle, width)
    common = {
        "linewidth": width.value,
        "stroke": bool(stroke.value),
        "fill": fill,
        "evenodd": fillmode.value == raw.FPDF_FILLMODE_ALTERNATE,
        "stroking_color": _color(raw.FPDFPageObj_GetStrokeColor, handle),
        "non_stroking_color": _color(raw.FPDFPageObj_GetFillColor, handle),
        "dash": None,
    }
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple]] = []
    bezier: list[tuple[float, float]] = []
    for i in range(raw.FPDFPath_CountSegments(handle)):
        segment = raw.FPDFPath_GetPathSegment(handle, i)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = _apply(matrix, x.value, y.value)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([("m", point)])
        elif kind == raw.FPDF_SEGMENT_BEZIERTO:
            bezier.append(point)
            if len(bezier) < 3:
                continue
            subpaths[-1].append(("c", *bezier))
            bezier = []
        else:
            subpaths[-1].append(("l", point))
        if raw.FPDFPathSegment_GetClose(segment):
            subpaths[-1].append(("h",))
    for subpath in subpaths:
        found = _shape(subpath, common, placer)
        if found:
            yield found


def _shape(path: list[tuple], common: dict[str, Any], placer: _Placer):
    """pdfminer's ``PDFLayoutAnalyzer.paint_path`` for one subpath."""
    shape = "".join(op[0] for op in path)
    pts = [op[-1] if op[0] != "h" else path[0][-1] for op in path]
    original = [(op[0], *(placer.point(*p) for p in op[1:])) for op in path]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    kind = "curve"
    if shape in ("mlh", "ml"):
        kind = "line"
        pts = pts[:2]
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            kind = "rect"  # pdfminer's LTRect: the corners from the first and third
            (ax, ay), (bx, by) = pts[0], pts[2]
            pts = [(ax, ay), (bx, ay), (bx, by), (ax, by)]
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    obj: dict[str, Any] = dict(common)
    obj["object_type"] = kind
    obj["pts"] = [placer.point(*p) for p in pts]
    obj["path"] = original
    placer.box(obj, min(xs), min(ys), max(xs), max(ys))
    return kind, obj
