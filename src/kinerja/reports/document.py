"""The report model: a document as plain data, built once and rendered many times.

A report builder (e.g. ``lakin.build``) fills a ``Document`` from selectors and the pure
calculation functions; the renderers (``render/docx.py``, ``render/pdf.py``,
``render/xlsx.py``) turn it into files. Every number is computed before rendering and
formatted by ``cell_text`` here, so it reads identically in every format. Table and
figure numbers ("Tabel 3.2") are assigned here too, for the same reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from babel.dates import format_date

from kinerja.core.numbers import format_id, format_pct_id


class Kind(StrEnum):
    """How a column's values are shown (and typed in a spreadsheet)."""

    TEXT = "text"
    INTEGER = "integer"  # counts: 2.938
    NUMBER = "number"  # measures with `places` decimals: 53,33
    MONEY = "money"  # whole rupiah: 15.507.847.000
    PERCENT = "percent"  # 177,67 %


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind = Kind.TEXT
    places: int = 2  # for NUMBER and PERCENT


Value = str | int | Decimal | None


@dataclass
class Table:
    key: str  # stable identifier, e.g. "achievement-summary"; the XLSX sheet is named from it
    caption: str  # without the number: "Capaian Kinerja Tahun 2023"
    columns: list[Column]
    rows: list[list[Value]]
    total: list[Value] | None = None  # a bold last row, formatted like the others
    note: str = ""  # source or remark printed under the table
    number: str = ""  # assigned by Document.number_items(): "3.2"


class _Picture:
    """A figure's ``svg`` or ``png``: the text or bytes given, or, given a chart
    (``reports.charts.ChartImage``), the chart's own output, written when a renderer first
    reads it (a PDF never pays for the PNG, an XLSX for neither)."""

    def __set_name__(self, owner, name: str):
        self.name, self.slot = name, f"_{name}"

    def __get__(self, obj, owner=None):
        if obj is None:
            raise AttributeError(self.name)  # for @dataclass: a field without a default
        value = obj.__dict__[self.slot]
        return value if isinstance(value, str | bytes) else getattr(value, self.name)

    def __set__(self, obj, value) -> None:
        obj.__dict__[self.slot] = value


@dataclass
class Figure:
    key: str
    caption: str
    svg: str = _Picture()  # the chart as SVG text (HTML/PDF)
    png: bytes = _Picture()  # the same chart as PNG (DOCX); an attached photograph may be a JPEG
    number: str = ""
    width_mm: float | None = None  # None: the charts' width (layout.FIGURE_WIDTH_MM)


@dataclass
class Paragraph:
    text: str
    style: str = "body"  # body | note | generated (a sentence kinerja wrote from the data)


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    numbered: bool = True  # chapters "BAB I …" are numbered; cover, foreword, annex are not

    def add(self, block: Block) -> Block:
        self.blocks.append(block)
        return block


Block = Paragraph | Table | Figure | Section


@dataclass
class Document:
    title: str  # "Laporan Akuntabilitas Kinerja"
    unit_name: str
    year: int
    cover_lines: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    generated_on: dt.date | None = None
    data_hash: str = ""  # of the data the document was built from (final versions)
    language: str = "id"
    logo: bytes | None = None  # the unit's logo (PNG or JPEG) for the cover; None: no image

    def number_items(self) -> None:
        """Number tables and figures per top-level numbered section: Tabel 3.1, 3.2 …"""
        chapter = 0
        for section in self.sections:
            if not section.numbered:
                continue
            chapter += 1
            counters = {Table: 0, Figure: 0}
            for block in walk(section):
                if isinstance(block, Table | Figure):
                    counters[type(block)] += 1
                    block.number = f"{chapter}.{counters[type(block)]}"

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in walk(s) if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in walk(s) if isinstance(b, Figure)]


def walk(section: Section):
    """Every block under a section, depth first, in reading order."""
    for block in section.blocks:
        yield block
        if isinstance(block, Section):
            yield from walk(block)


def colophon(document: Document) -> list[str]:
    """The colophon, small print closing the document in DOCX and PDF alike: when the file
    was built and the hash of its data (both also in the file's metadata), not on the
    cover."""
    lines = []
    if document.generated_on:
        lines.append(f"Disusun {format_date(document.generated_on, 'long', locale='id')}")
    if document.data_hash:
        lines.append(f"Sidik data: {document.data_hash}")
    return lines


def table_label(table: Table) -> str:
    return f"Tabel {table.number} {table.caption}" if table.number else table.caption


def figure_label(figure: Figure) -> str:
    return f"Gambar {figure.number} {figure.caption}" if figure.number else figure.caption


def cell_text(value: Value, column: Column) -> str:
    """The one place a value becomes text (Indonesian formatting) for DOCX, HTML and PDF."""
    if value is None:
        return "–"
    if column.kind is Kind.TEXT or isinstance(value, str):
        return str(value)
    if column.kind is Kind.PERCENT:
        return format_pct_id(Decimal(value), column.places)
    if column.kind is Kind.MONEY or column.kind is Kind.INTEGER:
        return format_id(Decimal(value), 0)
    return format_id(Decimal(value), column.places)


def sample_document() -> Document:
    """A small document with every kind of block, for renderer tests."""
    doc = Document(
        title="Laporan Akuntabilitas Kinerja",
        unit_name="Balai Contoh",
        year=2023,
        cover_lines=["Balai Contoh", "Tahun 2023"],
        generated_on=dt.date(2024, 1, 31),
    )
    intro = Section("Kata Pengantar", numbered=False)
    intro.add(Paragraph("Laporan ini disusun dari data."))
    chapter = Section("Pendahuluan")
    chapter.add(Paragraph("Bab ini memuat tugas dan fungsi."))
    sub = chapter.add(Section("Capaian"))
    sub.add(
        Table(
            key="achievement",
            caption="Capaian Kinerja Tahun 2023",
            columns=[
                Column("Indikator"),
                Column("Target", Kind.NUMBER, 2),
                Column("Realisasi", Kind.NUMBER, 2),
                Column("Capaian", Kind.PERCENT, 2),
                Column("Pagu", Kind.MONEY),
            ],
            rows=[
                [
                    "Produktivitas",
                    Decimal(30),
                    Decimal("53.333333"),
                    Decimal("177.777777"),
                    Decimal(31046000),
                ],
                ["Perusahaan", Decimal(2), Decimal(7), Decimal(350), None],
            ],
            total=["Jumlah", None, None, Decimal("263.888888"), Decimal(31046000)],
            note="Sumber: data kinerja",
        )
    )
    sub.add(Paragraph("Target 30 persen terealisasi 53,33 persen.", style="generated"))
    doc.sections = [intro, chapter]
    doc.number_items()
    return doc
