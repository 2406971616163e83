"""XLSX export of a report Document's tables (render/xlsx.py), read back with openpyxl."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest

from kinerja.core.numbers import format_id
from kinerja.reports.document import (
    Column,
    Document,
    Kind,
    Paragraph,
    Section,
    Table,
    cell_text,
    sample_document,
    table_label,
)
from kinerja.reports.render.xlsx import (
    INDEX_SHEET,
    cell_value,
    number_format,
    render_xlsx,
    sheet_names,
)


def load(document: Document) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(document)))


def shown_in_indonesian(value, fmt: str) -> str:
    """What a spreadsheet in an Indonesian locale shows for a number with format ``fmt``:
    the standard format's "," grouping and "." decimals become "." and ","."""
    match = re.fullmatch(r'#,##0(?:\.(0+))?(?:"(.*)")?', fmt)
    assert match, f"unexpected number format {fmt!r}"
    places = len(match.group(1) or "")
    return format_id(Decimal(str(value)), places) + (match.group(2) or "")


def two_table_document() -> Document:
    doc = Document(title="Laporan Kinerja", unit_name="Balai Uji", year=2024)
    chapter = Section("Capaian")
    chapter.add(Paragraph("Paragraf tidak diekspor."))
    chapter.add(
        Table(
            key="Capaian/Sasaran: [2024]*?",
            caption="Capaian Sasaran",
            columns=[
                Column("Sasaran"),
                Column("Jumlah", Kind.INTEGER),
                Column("Nilai", Kind.NUMBER, 3),
                Column("Persen", Kind.PERCENT, 1),
                Column("Anggaran", Kind.MONEY),
            ],
            rows=[
                ["A", 2938, Decimal("1.2345"), Decimal("99.95"), Decimal("15507847000.4")],
                ["B", Decimal("12.5"), 7, Decimal(-2), 0],
                ["C", None, None, None, None],
            ],
            note="Catatan",
        )
    )
    chapter.add(
        Table(
            key="capaian/sasaran: [2024]",  # the same sheet name, differently cased
            caption="Lagi",
            columns=[Column("Nama"), Column("Nilai", Kind.NUMBER, 0)],
            rows=[["x", Decimal("2.5")]],
        )
    )
    doc.sections = [chapter]
    doc.number_items()
    return doc


# -- workbook structure ------------------------------------------------------------------


def test_one_sheet_per_table_after_the_index():
    doc = two_table_document()
    workbook = load(doc)

    assert workbook.sheetnames[0] == INDEX_SHEET
    assert workbook.sheetnames[1:] == sheet_names(doc.tables())
    assert len(workbook.sheetnames) == 1 + len(doc.tables())


def test_index_sheet_lists_every_table_with_a_link():
    doc = two_table_document()
    workbook = load(doc)
    index = workbook[INDEX_SHEET]
    names = sheet_names(doc.tables())

    assert index["A3"].value == "Tabel" and index["B3"].value == "Lembar"
    listed = [(row[0].value, row[1].value) for row in index.iter_rows(min_row=4, max_col=2)]
    assert listed == [(table_label(t), n) for t, n in zip(doc.tables(), names, strict=True)]
    for row, name in zip(index.iter_rows(min_row=4, max_col=2), names, strict=True):
        for cell in row:
            assert cell.hyperlink is not None
            sheet, _, target = cell.hyperlink.location.rpartition("!")
            assert sheet.strip("'").replace("''", "'") == name
            assert target == "A1"


def test_table_sheet_layout():
    doc = sample_document()
    [table] = doc.tables()
    sheet = load(doc)["achievement"]

    assert sheet["A1"].value == "Tabel 1.1 Capaian Kinerja Tahun 2023"
    assert sheet["A1"].font.b
    assert all(cell.value is None for cell in sheet[2])
    header = sheet[3]
    assert [cell.value for cell in header] == [column.title for column in table.columns]
    for cell in header:
        assert cell.font.b
        assert cell.fill.fill_type == "solid"
    assert sheet.freeze_panes == "A4"
    # data, total, a blank row, the note
    total_row = 4 + len(table.rows)
    assert sheet.cell(total_row + 2, 1).value == "Sumber: data kinerja"
    assert sheet.max_row == total_row + 2


def test_total_row_is_bold_and_data_rows_are_not():
    doc = sample_document()
    [table] = doc.tables()
    sheet = load(doc)["achievement"]
    total_row = 4 + len(table.rows)

    assert [cell.value for cell in sheet[total_row]][0] == "Jumlah"
    assert all(cell.font.b for cell in sheet[total_row])
    assert not any(
        cell.font.b for row in sheet.iter_rows(min_row=4, max_row=total_row - 1) for cell in row
    )


def test_columns_are_wide_enough_for_their_text():
    doc = sample_document()
    [table] = doc.tables()
    sheet = load(doc)["achievement"]
    for index, column in enumerate(table.columns):
        letter = "ABCDE"[index]
        texts = [column.title] + [cell_text(row[index], column) for row in table.rows]
        assert sheet.column_dimensions[letter].width >= max(map(len, texts))
        assert sheet.column_dimensions[letter].width <= 60


# -- values ---------------------------------------------------------------------------


@pytest.mark.parametrize("make", [sample_document, two_table_document])
def test_cells_are_numbers_that_read_as_cell_text(make):
    doc = make()
    workbook = load(doc)
    for table, name in zip(doc.tables(), sheet_names(doc.tables()), strict=True):
        sheet = workbook[name]
        rows = table.rows + ([table.total] if table.total is not None else [])
        for offset, values in enumerate(rows):
            cells = sheet[4 + offset]
            for cell, value, column in zip(cells, values, table.columns, strict=True):
                expected = cell_text(value, column)
                if value is None or column.kind is Kind.TEXT:
                    assert cell.data_type == "s"
                    assert cell.value == expected
                    continue
                assert isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
                assert cell.number_format == number_format(column)
                assert shown_in_indonesian(cell.value, cell.number_format) == expected


def test_sample_figures():
    sheet = load(sample_document())["achievement"]
    produktivitas = [cell.value for cell in sheet[4]]
    assert produktivitas == ["Produktivitas", 30, 53.33, 177.78, 31046000]
    assert sheet["D4"].number_format == '#,##0.00" %"'
    assert shown_in_indonesian(sheet["D4"].value, sheet["D4"].number_format) == "177,78 %"
    assert sheet["E4"].number_format == "#,##0"
    assert isinstance(sheet["E4"].value, int)
    assert sheet["B4"].number_format == "#,##0.00"
    assert sheet["E5"].value == "–"


def test_number_formats_by_kind():
    assert number_format(Column("x", Kind.INTEGER)) == "#,##0"
    assert number_format(Column("x", Kind.MONEY)) == "#,##0"
    assert number_format(Column("x", Kind.NUMBER, 2)) == "#,##0.00"
    assert number_format(Column("x", Kind.NUMBER, 0)) == "#,##0"
    assert number_format(Column("x", Kind.PERCENT, 1)) == '#,##0.0" %"'
    assert number_format(Column("x", Kind.PERCENT, 0)) == '#,##0" %"'
    assert number_format(Column("x")) == "General"


def test_cell_values_round_half_up_and_keep_integers():
    money = Column("x", Kind.MONEY)
    assert cell_value(Decimal("15507847000.5"), money) == 15507847001
    assert isinstance(cell_value(Decimal("12.0"), Column("x", Kind.INTEGER)), int)
    assert cell_value(2938, Column("x", Kind.NUMBER, 2)) == 2938
    assert isinstance(cell_value(2938, Column("x", Kind.NUMBER, 2)), int)
    assert cell_value(Decimal("2.675"), Column("x", Kind.NUMBER, 2)) == 2.68  # not 2.67
    assert cell_value(Decimal("177.777777"), Column("x", Kind.PERCENT, 2)) == 177.78
    assert cell_value(None, money) == "–"
    assert cell_value("n/a", money) == "n/a"


# -- sheet names ----------------------------------------------------------------------


def _table(key: str) -> Table:
    return Table(key=key, caption="c", columns=[Column("a")], rows=[])


def test_sheet_names_are_valid_unique_and_short():
    keys = [
        "achievement",
        "Achievement",
        "a" * 40,
        "a" * 40,
        "x/y\\z?*[1]:",
        "isi",
        "'quoted'",
        "",
        "History",
    ]
    names = sheet_names([_table(key) for key in keys])

    assert len({name.casefold() for name in names}) == len(names)
    assert INDEX_SHEET.casefold() not in {name.casefold() for name in names}
    for name in names:
        assert 0 < len(name) <= 31
        assert not re.search(r"[\[\]:*?/\\]", name)
        assert not name.startswith("'") and not name.endswith("'")
    assert names[0] == "achievement"
    assert names[1] == "Achievement-2"
    assert names[2] == "a" * 31
    assert names[3] == "a" * 29 + "-2"
    assert names[4] == "xyz1"
    assert names[7] == "Tabel"


def test_workbook_properties():
    workbook = load(sample_document())
    assert workbook.properties.creator == "Balai Contoh"
    assert "Laporan Akuntabilitas Kinerja" in workbook.properties.title


def test_document_without_tables_has_only_the_index():
    doc = Document(title="Kosong", unit_name="Unit", year=2024)
    doc.sections = [Section("Bab", [Paragraph("teks")])]
    workbook = load(doc)
    assert workbook.sheetnames == [INDEX_SHEET]
