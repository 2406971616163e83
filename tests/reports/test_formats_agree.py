"""Every number reads the same in the DOCX, the PDF and the XLSX of the demo LAKIN:
they come from one report model and one formatting function (reports/document.py)."""

from decimal import Decimal
from io import BytesIO

import docx
import pytest
from openpyxl import load_workbook

from kinerja.core.numbers import format_id
from kinerja.org.models import Unit
from kinerja.reports.document import Kind, cell_text, table_label
from kinerja.reports.lakin import build_lakin
from kinerja.reports.render.docx import render_docx
from kinerja.reports.render.pdf import render_pdf
from kinerja.reports.render.xlsx import render_xlsx, sheet_names
from pdftext import pdf_text

KEYS = ["achievement-summary", "budget-by-indicator", "efficiency", "pnbp-history"]


@pytest.fixture
def lakin(demo):
    return build_lakin(Unit.objects.get(code="bspji-palembang"), 2023)


def tables(document):
    by_key = {t.key: t for t in document.tables()}
    return [by_key[key] for key in KEYS]


def expected_rows(table) -> list[list[str]]:
    rows = [*table.rows, *([table.total] if table.total is not None else [])]
    return [[cell_text(v, c) for v, c in zip(row, table.columns, strict=True)] for row in rows]


def xlsx_text(value, column) -> str:
    """A spreadsheet cell shown the Indonesian way with the column's number format."""
    if isinstance(value, str) or value is None:
        return "–" if value is None else value
    places = 0 if column.kind in (Kind.INTEGER, Kind.MONEY) else column.places
    text = format_id(Decimal(str(value)), places)
    return f"{text} %" if column.kind is Kind.PERCENT else text


def test_docx_tables_hold_exactly_the_model_texts(lakin):
    document = docx.Document(BytesIO(render_docx(lakin)))
    captions = [
        p.text
        for p in document.paragraphs
        if p.style.name == "Caption" and p.text.startswith("Tabel ")
    ]
    for table in tables(lakin):
        index = captions.index(table_label(table))
        rendered = document.tables[index]
        got = [[cell.text for cell in row.cells] for row in rendered.rows[1:]]
        assert got == expected_rows(table), table.key


def test_xlsx_cells_show_the_same_figures(lakin):
    book = load_workbook(BytesIO(render_xlsx(lakin)))
    names = dict(zip([t.key for t in lakin.tables()], sheet_names(lakin.tables()), strict=True))
    for table in tables(lakin):
        sheet = book[names[table.key]]
        data = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
        for expected, row in zip(expected_rows(table), data, strict=False):
            got = [xlsx_text(v, c) for v, c in zip(row, table.columns, strict=False)]
            assert got == expected, table.key


def test_pdf_text_contains_every_figure(lakin):
    # PDFium (pypdfium2, a dependency) reads the text: no system tool needed.
    text = pdf_text(render_pdf(lakin))
    flat = " ".join(text.split())
    for table in tables(lakin):
        assert table_label(table) in flat or table.caption in flat, table.key
        for row in expected_rows(table):
            for cell, column in zip(row, table.columns, strict=True):
                if column.kind is not Kind.TEXT:
                    assert cell in flat, (table.key, cell)
