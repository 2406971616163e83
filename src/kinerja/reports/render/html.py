"""A report ``Document`` as one self-contained, accessible HTML5 page (also the PDF's source).

The page is rendered by the Django template ``reports/document.html`` with the stylesheet
``reports/static/reports/report.css`` inlined, so the result can be saved, mailed or
served as it is. Its layout is that of a LAKIN: a cover, a table of contents, the front
matter (unnumbered sections before the first chapter, paged i, ii …), then the chapters
"BAB I …" (paged 1, 2 …), each starting on a new page. The print rules (``@page``,
running header and footer, page numbers in the table of contents) are for WeasyPrint
(``render/pdf.py``); a browser ignores what it does not support.

Every table cell goes through ``cell_text``, the same text as in DOCX and PDF.
"""

from __future__ import annotations

import base64
import functools
from pathlib import Path

from babel.dates import format_date
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

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

__all__ = ["STATIC_DIR", "render_html", "roman", "running_header"]

TEMPLATE = "reports/document.html"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static" / "reports"
TOC_DEPTH = 2  # chapters and their direct subsections

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


WIDE_TABLE_COLUMNS = 7


def column_widths(columns, rows: list[list[dict]]) -> list[str]:
    """Shares of the page width for a fixed-layout table, from what the cells hold: a
    figure column is as wide as its longest figure (it must not break), a text column as
    its longest text but at most 24 characters (it wraps)."""
    parts = []
    for i, column in enumerate(columns):
        longest = max((len(row[i]["text"]) for row in rows), default=1)
        if column.kind is Kind.TEXT:
            parts.append(min(max(longest, 6), 24))
        else:
            parts.append(max(longest, 4) + 1)
    return [f"{100 * p / sum(parts):.2f}%" for p in parts]


def roman(number: int) -> str:
    """Upper-case Roman numeral for a chapter number: 4 → "IV"."""
    if number < 1:
        raise ValueError(f"no Roman numeral for {number}")
    digits = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


def running_header(document: Document) -> str:
    """The page header and the HTML/PDF title: "Laporan … · Balai Contoh · 2023"."""
    return " · ".join(
        part for part in (document.title, document.unit_name, str(document.year)) if part
    )


def render_html(document: Document, *, inline_svg: bool = True) -> str:
    """The document as a complete HTML5 page (``lang`` from the document, "id").

    Charts are inline ``<svg>`` elements, or with ``inline_svg=False`` ``<img>`` elements
    with the same SVG as a ``data:`` URL: the page for WeasyPrint (``render/pdf.py``),
    which then draws the same vector chart but does not parse its thousand-odd elements
    with its HTML parser nor run them through the page's style cascade.
    """
    return render_to_string(TEMPLATE, _Builder(document, inline_svg=inline_svg).context())


@functools.cache
def _stylesheet() -> str:
    return (STATIC_DIR / "report.css").read_text(encoding="utf-8")


def _inline_svg(svg: str) -> str:
    """The ``<svg>`` element alone: an XML declaration or DOCTYPE is invalid inside HTML."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def _svg_data_url(svg: str) -> str:
    """The SVG document as a ``data:`` URL for an ``<img>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


class _Builder:
    """Turns the block tree into flat lists the template walks in one pass.

    Nested sections become "open"/"close" items instead of a recursive include, so the
    template stays one file and rendering stays linear in the size of the document.
    """

    def __init__(self, document: Document, inline_svg: bool = True):
        self.document = document
        self.inline_svg = inline_svg
        self.items: list[dict] = []
        self.toc: list[dict] = []
        self.table_list: list[dict] = []
        self.figure_list: list[dict] = []
        self._counts = {"sec": 0, "tbl": 0, "fig": 0}

    def _id(self, prefix: str) -> str:
        self._counts[prefix] += 1
        return f"{prefix}-{self._counts[prefix]}"

    def context(self) -> dict:
        doc = self.document
        sections = doc.sections
        first_chapter = next((i for i, s in enumerate(sections) if s.numbered), None)
        # Unnumbered sections before the first chapter (foreword …) are front matter, paged
        # i, ii …; without any chapter there is no front matter and all pages are 1, 2 ….
        has_front = first_chapter is not None
        chapter = 0
        for index, section in enumerate(sections):
            if index == first_chapter:
                self.items.append({"kind": "begin_body"})
            front = has_front and index < first_chapter
            prefix = ""
            if section.numbered:
                chapter += 1
                prefix = f"BAB {roman(chapter)}"
            self._section(section, depth=1, prefix=prefix, front=front)
        if first_chapter is not None:
            self.items.append({"kind": "end_body"})

        generated_on = (
            format_date(doc.generated_on, "long", locale="id") if doc.generated_on else ""
        )
        return {
            "document": doc,
            "lang": doc.language or "id",
            "header": running_header(doc),
            "cover_lines": doc.cover_lines or [doc.unit_name, f"Tahun {doc.year}"],
            "generated_on": generated_on,
            "created_iso": doc.generated_on.isoformat() if doc.generated_on else "",
            "stylesheet": mark_safe(_stylesheet()),  # our own file
            "toc": self.toc,
            "toc_front": has_front,
            "table_list": self.table_list,
            "figure_list": self.figure_list,
            "items": self.items,
        }

    def _section(self, section: Section, depth: int, prefix: str, front: bool) -> None:
        section_id = self._id("sec")
        heading = f"{prefix} {section.title}" if prefix else section.title
        classes = []
        if depth == 1:
            classes.append("chapter")
            classes.append("front-matter" if front else "body-matter-section")
        self.items.append(
            {
                "kind": "open",
                "id": section_id,
                "level": min(depth, 6),
                "prefix": prefix,
                "title": section.title,
                "css": " ".join(classes),
            }
        )
        if depth <= TOC_DEPTH:
            self.toc.append({"id": section_id, "level": depth, "text": heading, "front": front})
        for block in section.blocks:
            if isinstance(block, Section):
                self._section(block, depth + 1, prefix="", front=front)
            elif isinstance(block, Table):
                self._table(block, front)
            elif isinstance(block, Figure):
                self._figure(block, front)
            elif isinstance(block, Paragraph):
                self.items.append({"kind": "paragraph", "text": block.text, "style": block.style})
            else:  # pragma: no cover - the Block union is closed
                raise TypeError(f"unknown block {type(block).__name__}")
        self.items.append({"kind": "close"})

    def _table(self, table: Table, front: bool) -> None:
        table_id = self._id("tbl")
        label = table_label(table)
        columns = table.columns
        num = ["num" if column.kind is not Kind.TEXT else "" for column in columns]
        # The first column names the row when it is text: <th scope="row"> for screen readers.
        row_header = bool(columns) and columns[0].kind is Kind.TEXT

        def cells(values):
            if len(values) != len(columns):
                raise ValueError(
                    f"table {table.key!r}: a row has {len(values)} values "
                    f"for {len(columns)} columns"
                )
            return [
                {
                    "text": cell_text(value, column),
                    "css": num[i],
                    "th": row_header and i == 0,
                }
                for i, (value, column) in enumerate(zip(values, columns, strict=True))
            ]

        rows = [cells(row) for row in table.rows]
        self.items.append(
            {
                "kind": "table",
                "id": table_id,
                "label": label,
                "columns": [
                    {"title": column.title, "css": num[i]} for i, column in enumerate(columns)
                ],
                "rows": rows,
                "total": cells(table.total) if table.total is not None else None,
                "note": table.note,
                # Many columns do not fit a portrait page at the normal size: smaller type
                # and a fixed layout that wraps long words instead of overflowing the page.
                "wide": len(columns) >= WIDE_TABLE_COLUMNS,
                "widths": column_widths(columns, rows),
            }
        )
        self.table_list.append({"id": table_id, "text": label, "front": front})

    def _figure(self, figure: Figure, front: bool) -> None:
        figure_id = self._id("fig")
        label = figure_label(figure)
        self.items.append(
            {
                "kind": "figure",
                "id": figure_id,
                "label": label,
                # The SVG is drawn by kinerja's own chart code (matplotlib), never user input.
                "svg": mark_safe(_inline_svg(figure.svg)) if self.inline_svg else "",
                "svg_url": "" if self.inline_svg else _svg_data_url(figure.svg),
            }
        )
        self.figure_list.append({"id": figure_id, "text": label, "front": front})
