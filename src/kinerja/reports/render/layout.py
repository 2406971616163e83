"""How a report's tables sit on the page: one rule for the PDF and the DOCX alike.

Every renderer that paginates (``render/pdf.py``, ``render/docx.py``) asks this module
for the page geometry, for each table's column widths, type size and orientation
(``table_layout``), and for the order of portrait and landscape pages (``flow``), so a
table looks the same in both files and no report decides it for itself.

The rule, for each table:

* Text is measured with the font files the PDF embeds (DejaVu Sans, ``render/fonts.py``;
  wider than the Times New Roman of the DOCX, so what fits here fits there too).
* A figure column (numbers, money, percentages) is as wide as its widest figure: a
  figure never wraps, so figures can never run into each other.
* A column is never narrower than its longest word, header words in bold included:
  words are never split. Lines break only at spaces and after a hyphen that a letter
  follows (the breaks Typst and LibreOffice have in common).
* A text column is *comfortable* at ``COMFORT_EM`` ems (a line of about two words of
  ten letters) or its longest text in the rows, whichever is less (and never narrower
  than its longest word).
* The table is set portrait at the larger of the first two ``SIZES`` (9 or 8 pt) at
  which the comfortable widths fit the portrait text width; otherwise on landscape
  pages, at the largest of ``SIZES`` at which they fit the landscape width (the smallest
  size if none does).
* Space left over goes to the text columns that still wrap, in proportion to how much
  they would need to fit on one line; a table whose every cell fits on one line is
  stretched to the full width.

Long tables repeat their header row on every page. The header and the first
``KEEP_ROWS`` rows share a page, and so do the last ``KEEP_ROWS`` rows and the total
(``TableLayout.keep``): no lone row at the foot of a page, no total alone at the top of
the next. Each renderer says it in its own terms (Typst: an unbreakable row span; Word:
"keep with next").

For the PDF, each text cell is also broken into lines here (``broken_lines``,
``TableLayout.set_rows``) and each row's line count kept (``TableLayout.set_lines``):
Typst then gets rows of known height and sets each cell once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from kinerja.reports.document import (
    Document,
    Figure,
    Kind,
    Paragraph,
    Section,
    Table,
    cell_text,
)

from .fonts import SANS, font_file

__all__ = [
    "COMFORT_EM",
    "FIGURE_WIDTH_MM",
    "Entry",
    "KEEP_ROWS",
    "LANDSCAPE_WIDTH",
    "MARGINS_MM",
    "PAD_X",
    "PAD_Y",
    "PAGE_MM",
    "PORTRAIT_WIDTH",
    "Part",
    "SIZES",
    "TableLayout",
    "broken_lines",
    "flow",
    "roman",
    "table_layout",
    "text_width",
]

PT_PER_MM = 72 / 25.4

# A4; the wider left margin is for binding (PermenPANRB 53/2014 layouts).
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 25, "bottom": 22, "left": 30, "right": 20}
PORTRAIT_WIDTH = (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) * PT_PER_MM
LANDSCAPE_WIDTH = (PAGE_MM[1] - MARGINS_MM["left"] - MARGINS_MM["right"]) * PT_PER_MM
PORTRAIT_HEIGHT = (PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * PT_PER_MM
LANDSCAPE_HEIGHT = (PAGE_MM[0] - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * PT_PER_MM

SIZES = (9.0, 8.0, 7.0)  # table type sizes in pt, largest first
PORTRAIT_SIZES = 2  # a portrait table is set at one of the first two sizes, or not at all
PAD_X = 3.0  # pt of padding left and right in every cell
PAD_Y = 2.0  # pt above and below
RULE = 0.5  # pt, the cell borders
COMFORT_EM = 10.0
SLACK = 1.02  # measured widths are raised by 2 % (hinting, rounding in the viewers)
KEEP_ROWS = 2  # rows that stay with the header at the start of a table (and with the total)
KEEP_SHARE = 0.4  # of a page: rows taller than that together are not kept together
LINE_PITCH = 1.25  # line height in the tables, as a multiple of the type size
FIGURE_WIDTH_MM = 150

# Where a line may break inside a cell in every renderer: at spaces, and after a hyphen
# that a letter follows ("e-|catalog"). Typst also breaks after a slash, LibreOffice
# (ICU) not before a letter: a column is wide enough for "Produktivitas/efisiensi" whole.
_PIECES = re.compile(r"(?:[^\s-]|-(?![^\W\d_]))+-?|-")
# The PDF's lines (``broken_lines``) break where Typst does: also after a slash that a
# letter follows ("LPH-LHLN/|RK.01.01/04/2023"; not inside "01/04/2023").
_PDF_PIECES = re.compile(r"(?:[^\s/-]|[/-](?![^\W\d_]))+[/-]?|[/-]")


@dataclass(frozen=True)
class TableLayout:
    """A table ready to be set: its texts (from ``cell_text``), and how."""

    landscape: bool
    size: float  # pt
    widths: tuple[float, ...]  # pt, one per column, summing to the text width
    numeric: tuple[bool, ...]  # right-aligned, never wrapped
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None
    # Runs of rows that must share a page, as (first, count) over ``rows`` followed by
    # the total: the first rows (which the header joins) and the last rows with the total.
    keep: tuple[tuple[int, int], ...] = ()
    heights: tuple[float, ...] = ()  # about how tall each of those rows is set, in pt
    # The rows followed by the total, their text cells broken into lines here ("\n"
    # between them, ``broken_lines``), and how many lines each row takes (its fullest
    # cell); None where that is not certain. The PDF gives Typst these lines and row
    # heights, so that it sets each cell once instead of measuring it first.
    set_rows: tuple[tuple[str, ...], ...] = ()
    set_lines: tuple[int | None, ...] = ()

    @property
    def width(self) -> float:
        return sum(self.widths)

    @property
    def body(self) -> tuple[tuple[str, ...], ...]:
        """The rows followed by the total, if any."""
        return self.rows + ((self.total,) if self.total is not None else ())


class _Advances(dict):
    """Advance widths by character; a character the font lacks is drawn from a fallback
    font, so it counts as one em."""

    def __missing__(self, char: str) -> float:
        return 1.0


class _Metrics:
    """Advance widths of one font file, in ems, by character."""

    def __init__(self, path):
        from fontTools.ttLib import TTFont  # a dependency of matplotlib

        font = TTFont(str(path), lazy=True)
        units = font["head"].unitsPerEm
        advances = font["hmtx"].metrics
        self.advance = _Advances(
            (chr(code), advances[glyph][0] / units) for code, glyph in font.getBestCmap().items()
        )
        font.close()
        self.width = functools.lru_cache(maxsize=8192)(self._width)

    def _width(self, text: str) -> float:
        return sum(map(self.advance.__getitem__, text))


@functools.cache
def _metrics(bold: bool) -> _Metrics:
    return _Metrics(font_file(SANS, bold=bold))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in pt of ``text`` on one line in the tables' font at ``size`` pt."""
    return _metrics(bold).width(text) * size


def _longest_piece(text: str, metrics: _Metrics) -> float:
    return max((metrics.width(piece.rstrip()) for piece in _PIECES.findall(text)), default=0.0)


def table_layout(table: Table) -> TableLayout:
    """Column widths, type size and orientation of ``table`` (see the module's rule)."""
    columns = table.columns
    count = len(columns)

    def texts(values) -> tuple[str, ...]:
        if len(values) != count:
            raise ValueError(
                f"table {table.key!r}: a row has {len(values)} values for {count} columns"
            )
        return tuple(cell_text(v, c) for v, c in zip(values, columns, strict=True))

    header = tuple(column.title for column in columns)
    rows = tuple(texts(row) for row in table.rows)
    total = texts(table.total) if table.total is not None else None
    numeric = tuple(column.kind is not Kind.TEXT for column in columns)

    regular, bold = _metrics(False), _metrics(True)
    least, most, comfort = [], [], []  # ems per column
    for j in range(count):
        body = [row[j] for row in rows]
        words = max(_longest_piece(header[j], bold), 0.5)
        whole = bold.width(header[j])
        if numeric[j]:
            figures = max((regular.width(text) for text in body), default=0.0)
            if total is not None:
                figures = max(figures, bold.width(total[j]))
            low = max(figures, words)
            high = max(figures, whole)
            comfortable = low
        else:
            longest_word = max((_longest_piece(text, regular) for text in body), default=0.0)
            longest_text = max((regular.width(text) for text in body), default=0.0)
            # The comfortable width follows the rows; the total's label ("Jumlah /
            # rata-rata" under short codes) may wrap, only its words must fit.
            comfortable = min(longest_text, COMFORT_EM)
            if total is not None:
                longest_word = max(longest_word, _longest_piece(total[j], bold))
                longest_text = max(longest_text, bold.width(total[j]))
            low = max(longest_word, words)
            high = max(longest_text, whole, low)
            comfortable = max(low, comfortable)
        least.append(low * SLACK)
        most.append(high * SLACK)
        comfort.append(comfortable * SLACK)

    pad = 2 * PAD_X + RULE

    def need(ems: list[float], size: float) -> float:
        return sum(ems) * size + count * pad

    portrait = [s for s in SIZES[:PORTRAIT_SIZES] if need(comfort, s) <= PORTRAIT_WIDTH]
    if portrait:
        landscape, size, width = False, portrait[0], PORTRAIT_WIDTH
    else:
        landscape, width = True, LANDSCAPE_WIDTH
        size = next((s for s in SIZES if need(comfort, s) <= width), SIZES[-1])

    def pts(ems: list[float]) -> list[float]:
        return [e * size + pad for e in ems]

    if need(comfort, size) <= width:
        widths = _spread(pts(comfort), pts(most), width)
    elif need(least, size) <= width:
        widths = _spread(pts(least), pts(comfort), width)
    else:  # not even the longest words fit the landscape page at the smallest size
        widths = _spread(pts(least), pts(least), width)
    widths = [round(w, 2) for w in widths]
    heights = [
        _row_height(row, widths, size, bold=index == len(rows))
        for index, row in enumerate(rows + ((total,) if total is not None else ()))
    ]
    set_rows = [
        _set_row(row, widths, size, numeric, bold=index == len(rows))
        for index, row in enumerate(rows + ((total,) if total is not None else ()))
    ]
    return TableLayout(
        set_rows=tuple(texts for texts, _ in set_rows),
        set_lines=tuple(lines for _, lines in set_rows),
        landscape=landscape,
        size=size,
        widths=tuple(widths),
        numeric=numeric,
        header=header,
        rows=rows,
        total=total,
        keep=_keep(heights, len(rows), LANDSCAPE_HEIGHT if landscape else PORTRAIT_HEIGHT),
        heights=tuple(heights),
    )


def _keep(heights: list[float], rows: int, page: float) -> tuple[tuple[int, int], ...]:
    """The runs of rows kept on one page: the first ``KEEP_ROWS`` rows (the header stays
    with them), and the last ``KEEP_ROWS`` rows with the total; one run for a short
    table. A run taller than ``KEEP_SHARE`` of a page is not kept (its rows are so tall
    that one of them is no lone line)."""
    count = len(heights)
    limit = page * KEEP_SHARE
    total = count - rows  # 0 or 1
    if count <= 2 * KEEP_ROWS + total:
        return ((0, count),) if count > 1 and sum(heights) <= limit else ()
    runs = []
    if sum(heights[:KEEP_ROWS]) <= limit:
        runs.append((0, KEEP_ROWS))
    end = KEEP_ROWS + total
    if sum(heights[-end:]) <= limit:
        runs.append((count - end, end))
    return tuple(runs)


def _row_height(row: tuple[str, ...], widths: list[float], size: float, bold: bool) -> float:
    """About how tall a row is set (lines of the fullest cell), to keep runs short."""
    metrics = _metrics(bold)
    lines = max(
        (
            _line_count(text, (width - 2 * PAD_X - RULE) / size, metrics)
            for text, width in zip(row, widths, strict=True)
        ),
        default=1,
    )
    return lines * size * LINE_PITCH + 2 * PAD_Y + RULE


def _set_row(
    row: tuple[str, ...], widths: list[float], size: float, numeric: tuple[bool, ...], bold: bool
) -> tuple[tuple[str, ...], int | None]:
    """The row's texts with their line breaks, and its line count (None: not certain)."""
    texts, counts = [], []
    advance = _metrics(bold).advance
    for text, width, figure in zip(row, widths, numeric, strict=True):
        if not text:
            texts.append(text)
            continue
        if figure:  # never wrapped
            lines = [text] if "\n" not in text and all(c in advance for c in text) else None
        else:
            lines = broken_lines(text, width, size, bold)
        if lines is None:
            return row, None
        texts.append("\n".join(lines))
        counts.append(len(lines))
    return tuple(texts), max(counts, default=None)


def _line_count(text: str, width_em: float, metrics: _Metrics) -> int:
    """Lines ``text`` takes in a column ``width_em`` ems wide, broken like the renderers:
    at spaces, after hyphens and at line breaks."""
    lines = 0
    for paragraph in text.split("\n"):
        lines += max(len(_breaks(paragraph, width_em, metrics)), 1)
    return lines


def _breaks(
    paragraph: str, width_em: float, metrics: _Metrics, pieces: re.Pattern = _PIECES
) -> list[tuple[int, int]]:
    """(start, end) of each line of a paragraph (no line break in it) set first-fit in a
    column ``width_em`` ems wide: at spaces and after hyphens; none for an empty one."""
    lines: list[tuple[int, int]] = []
    space = metrics.width(" ")
    used = 0.0
    for match in pieces.finditer(paragraph):
        word = metrics.width(match.group())
        if used and used + word > width_em:
            used = 0.0
        if used:
            lines[-1] = (lines[-1][0], match.end())
        else:
            lines.append((match.start(), match.end()))
        used += word + (space if not match.group().endswith(("-", "/")) else 0.0)
    return lines


def broken_lines(text: str, width: float, size: float, bold: bool = False) -> list[str] | None:
    """``text`` broken into the lines it takes in a column ``width`` pt wide (padding
    included) at ``size`` pt, first-fit at spaces and after hyphens and slashes before a
    letter (as Typst breaks), each line a slice of the text; None when the count is not
    certain (an empty line, a word wider than the column, a character the font lacks):
    the renderer then breaks the lines itself. Widths are the sums of the characters'
    advances, without kerning, so a renderer may find a line a little narrower (and
    fit one more word) or, rarely, wider than here: the PDF lets such a line run into
    the padding rather than break it again."""
    metrics = _metrics(bold)
    width_em = (width - 2 * PAD_X) / size
    known = metrics.advance.keys()
    lines: list[str] = []
    for paragraph in text.split("\n"):
        breaks = _breaks(paragraph, width_em, metrics, _PDF_PIECES)
        if not breaks or not known >= set(paragraph):
            return None
        for start, end in breaks:
            line = paragraph[start:end]
            # Wider only when one word is (or with double spaces); measured uncached, as
            # whole lines would crowd the words out of the width cache.
            if metrics._width(line) > width_em:
                return None
            lines.append(line)
    return lines


def _spread(low: list[float], high: list[float], width: float) -> list[float]:
    """Widths from ``low`` towards ``high`` that sum to ``width``: the space left over is
    shared in proportion to what each column still lacks; once every column has its
    ``high`` (or when ``low`` is already too wide) all are scaled alike."""
    spare = width - sum(low)
    lacking = [h - lo for lo, h in zip(low, high, strict=True)]
    if spare >= 0 and sum(lacking) > spare:
        return [lo + spare * gap / sum(lacking) for lo, gap in zip(low, lacking, strict=True)]
    base = high if spare >= 0 else low
    return [w * width / sum(base) for w in base]


# --- the order of pages --------------------------------------------------------------------


@dataclass
class Entry:
    """One thing to set, in reading order: a heading, a paragraph, a table or a figure."""

    kind: str  # "heading" | "paragraph" | "table" | "figure"
    block: Section | Paragraph | Table | Figure
    level: int = 0  # headings: 1 for chapters
    text: str = ""  # headings: with the chapter number, "BAB I Pendahuluan"
    front: bool = False  # in the front matter (before the first chapter, paged i, ii …)
    starts_body: bool = False  # the first chapter: pages count 1, 2 … from here
    layout: TableLayout | None = None  # tables


@dataclass
class Part:
    """A run of entries on pages of one orientation."""

    landscape: bool
    entries: list[Entry] = field(default_factory=list)


# A landscape table takes the heading and the short introduction of its section along
# onto the landscape page, rather than leaving them alone at the foot of a portrait page.
_PULL_CHARS = 1200


def flow(document: Document) -> list[Part]:
    """The document as portrait and landscape parts, in reading order."""
    entries = list(_entries(document))
    parts: list[Part] = []
    current = Part(landscape=False)
    for entry in entries:
        landscape = entry.layout is not None and entry.layout.landscape
        if landscape and not current.landscape:
            pulled = _pull_back(current.entries)
            parts.append(current)
            current = Part(landscape=True, entries=pulled)
        elif not landscape and current.landscape:
            parts.append(current)
            current = Part(landscape=False)
        current.entries.append(entry)
    parts.append(current)
    return [part for part in parts if part.entries]


def _pull_back(entries: list[Entry]) -> list[Entry]:
    """The heading of a landscape table's section, with the short text between it and
    the table (and the headings right above it, "Akuntabilitas Keuangan" over
    "Efisiensi"), removed from ``entries`` and returned; nothing when a table, a figure
    or too long a text comes first."""
    index = len(entries)
    chars = 0
    while index > 0 and entries[index - 1].kind == "paragraph":
        chars += len(entries[index - 1].block.text)
        if chars > _PULL_CHARS:
            return []
        index -= 1
    if index == 0 or entries[index - 1].kind != "heading":
        return []
    while index > 0 and entries[index - 1].kind == "heading":
        index -= 1
    pulled = entries[index:]
    del entries[index:]
    return pulled


def _entries(document: Document):
    sections = document.sections
    first_chapter = next((i for i, s in enumerate(sections) if s.numbered), None)
    chapter = 0
    for index, section in enumerate(sections):
        front = first_chapter is not None and index < first_chapter
        prefix = ""
        if section.numbered:
            chapter += 1
            prefix = f"BAB {roman(chapter)} "
        yield from _section_entries(section, 1, prefix, front, index == first_chapter)


def _section_entries(section: Section, level: int, prefix: str, front: bool, starts_body: bool):
    yield Entry(
        "heading",
        section,
        level=level,
        text=prefix + section.title,
        front=front,
        starts_body=starts_body,
    )
    for block in section.blocks:
        if isinstance(block, Section):
            yield from _section_entries(block, level + 1, "", front, False)
        elif isinstance(block, Paragraph):
            yield Entry("paragraph", block, front=front)
        elif isinstance(block, Table):
            yield Entry("table", block, front=front, layout=table_layout(block))
        elif isinstance(block, Figure):
            yield Entry("figure", block, front=front)
        else:  # pragma: no cover - the Block union is closed
            raise TypeError(f"unknown block {type(block).__name__}")


_ROMAN = (
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
)


def roman(number: int) -> str:
    """Upper-case Roman numeral for a chapter number: 4 → "IV"."""
    if number < 1:
        raise ValueError(f"no Roman numeral for {number}")
    digits = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)
