"""The one rule for how tables sit on the page (reports/render/layout.py)."""

from decimal import Decimal

import pytest

from kinerja.reports.document import Column, Document, Kind, Paragraph, Section, Table
from kinerja.reports.render import layout
from kinerja.reports.render.layout import flow, table_layout, text_width


def table(columns, rows, total=None) -> Table:
    return Table("t", "Data", columns, rows, total=total)


def wide_table() -> Table:
    columns = [Column("Kode"), Column("Indikator Kinerja")] + [
        Column(f"Realisasi anggaran triwulan {n}", Kind.MONEY) for n in range(1, 9)
    ]
    rows = [[f"SK{i}", "Indikator " * 6, *([Decimal("15507847000")] * 8)] for i in range(5)]
    return table(columns, rows)


def test_a_small_table_is_portrait_at_full_width_and_the_largest_size():
    fit = table_layout(
        table(
            [Column("Indikator"), Column("Capaian", Kind.PERCENT)],
            [["Produktivitas", Decimal("177.7777")]],
        )
    )
    assert not fit.landscape and fit.size == layout.SIZES[0]
    assert sum(fit.widths) == pytest.approx(layout.PORTRAIT_WIDTH, abs=0.05)
    assert fit.numeric == (False, True)
    assert fit.rows == (("Produktivitas", "177,78 %"),)


def test_a_figure_column_holds_its_widest_figure_and_a_column_its_longest_word():
    fit = table_layout(wide_table())
    assert fit.landscape
    pad = 2 * layout.PAD_X
    for j, title in enumerate(fit.header):
        longest_word = max(text_width(w, fit.size, bold=True) for w in title.split())
        assert fit.widths[j] >= longest_word + pad, title
    figure = text_width("15.507.847.000", fit.size)
    assert all(width >= figure + pad for width in fit.widths[2:])
    assert sum(fit.widths) == pytest.approx(layout.LANDSCAPE_WIDTH, abs=0.05)


def test_too_many_columns_for_portrait_go_landscape_at_a_smaller_size_if_need_be():
    columns = [Column("Kode")] + [Column(f"Nilai {n}", Kind.MONEY) for n in range(12)]
    fit = table_layout(table(columns, [["SK1", *([Decimal("1507847000")] * 12)]]))
    assert fit.landscape and fit.size < layout.SIZES[0]
    assert sum(fit.widths) == pytest.approx(layout.LANDSCAPE_WIDTH, abs=0.05)


def test_a_word_is_measured_whole_except_after_a_hyphen_before_a_letter():
    assert layout._PIECES.findall("Produktivitas/efisiensi e-catalog L4680-4683 rata-rata") == [
        "Produktivitas/efisiensi",
        "e-",
        "catalog",
        "L4680-4683",
        "rata-",
        "rata",
    ]


def test_long_tables_keep_the_first_rows_and_the_last_rows_with_the_total():
    rows = [[f"Baris {i}", Decimal(i)] for i in range(20)]
    fit = table_layout(table([Column("Baris"), Column("Nilai", Kind.NUMBER)], rows, ["Jumlah", 1]))
    assert fit.keep == ((0, 2), (18, 3))  # rows 0-1; rows 18-19 and the total
    short = table_layout(table([Column("Baris")], [["a"], ["b"], ["c"]]))
    assert short.keep == ((0, 3),)  # one run: the table is never broken


def test_rows_too_tall_to_keep_together_are_not_kept():
    tall = "kata " * 400
    fit = table_layout(table([Column("Uraian")], [[tall] for _ in range(6)]))
    assert fit.keep == ()


def document_with(*sections) -> Document:
    document = Document(title="Laporan", unit_name="Unit", year=2024, sections=list(sections))
    document.number_items()
    return document


def test_a_landscape_table_takes_its_heading_and_short_introduction_along():
    one = Section("Pendahuluan", [Paragraph("Teks bab satu.")])
    two = Section("Anggaran")
    sub = two.add(Section("Per Triwulan"))
    sub.add(Paragraph("Pengantar tabel."))
    sub.add(wide_table())
    sub.add(Paragraph("Sesudah tabel."))
    parts = flow(document_with(one, two))

    assert [part.landscape for part in parts] == [False, True, False]
    texts = [[entry.text or entry.kind for entry in part.entries] for part in parts]
    assert texts[0] == ["BAB I Pendahuluan", "paragraph"]  # the previous chapter stays
    assert texts[1] == ["BAB II Anggaran", "Per Triwulan", "paragraph", "table"]
    assert texts[2] == ["paragraph"]


def test_a_long_introduction_stays_on_the_portrait_page():
    section = Section("Anggaran", [Paragraph("kata " * 400), wide_table()])
    parts = flow(document_with(section))
    assert [[entry.kind for entry in part.entries] for part in parts] == [
        ["heading", "paragraph"],
        ["table"],
    ]


# -- the PDF's line breaks (layout.broken_lines) --------------------------------------------


def test_broken_lines_are_slices_of_the_text_that_fit_the_column():
    text = "Meningkatnya kualitas  layanan e-catalog teknis industri"
    width, size = 100.0, 9.0
    lines = layout.broken_lines(text, width, size)
    assert lines == ["Meningkatnya", "kualitas  layanan e-", "catalog teknis", "industri"]
    room = width - 2 * layout.PAD_X
    assert all(text_width(line, size) <= room for line in lines)
    assert layout.broken_lines(text, 400.0, size) == [text]


def test_broken_lines_break_after_a_slash_before_a_letter_not_inside_a_date():
    text = "Nomor A0053/TIM-AK/LPH-LHLN/RK.01.01/04/2023"
    lines = layout.broken_lines(text, 90.0, 9.0)
    assert (
        "".join(line if line.endswith(("/", "-")) else line + " " for line in lines).strip() == text
    )
    assert "RK.01.01/04/2023" in lines[-1]
    assert any(line.endswith("/") for line in lines)


def test_broken_lines_are_none_when_the_count_is_uncertain():
    assert layout.broken_lines("", 100.0, 9.0) is None
    assert layout.broken_lines("satu\n\ndua", 100.0, 9.0) is None
    assert layout.broken_lines("Penyelenggaraanpemerintahan", 40.0, 9.0) is None
    assert layout.broken_lines("huruf \u4e2d", 100.0, 9.0) is None  # not in the font
    assert layout.broken_lines("satu\ndua tiga", 100.0, 9.0) == ["satu", "dua tiga"]


def test_a_table_layout_gives_each_row_its_lines_and_line_count():
    fit = table_layout(
        table(
            [Column("Uraian"), Column("Nilai", Kind.NUMBER, 2), Column("Catatan")],
            [
                ["Jasa pengujian bahan " * 12, Decimal("1234.5"), ""],
                ["Pendek", Decimal(1), "ada"],
                ["", None, ""],
            ],
            total=["Jumlah", Decimal("1235.5"), ""],
        )
    )
    assert len(fit.set_rows) == len(fit.set_lines) == 4
    first = fit.set_rows[0]
    assert first[0].replace("\n", " ") == fit.rows[0][0].strip()
    assert fit.set_lines[0] == first[0].count("\n") + 1 > 1
    assert first[1] == fit.rows[0][1] and first[2] == ""
    assert fit.set_lines[1] == 1 and fit.set_rows[1] == fit.rows[1]
    assert fit.set_lines[3] == 1  # the total, measured in bold
    assert fit.set_lines[2] == (1 if any(fit.rows[2]) else None)
