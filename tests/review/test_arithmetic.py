"""The checks that need no model, on hand-made tables (cells as text): each kind of slip
is found and named, and figures that follow at their printed precision are never flagged."""

import pytest

from kinerja.review.arithmetic import check_table
from kinerja.review.model import Kind, Severity, SourceTable
from kinerja.review.tables import Role, RowKind, analyse


def review(rows, polarities=None, caption="Tabel 1 Uji"):
    table = analyse(SourceTable(caption, rows))
    assert table is not None
    return check_table(table, polarities)


def kinds(findings):
    return [(f.row, f.column, f.printed, f.expected, f.kind) for f in findings]


ACHIEVEMENT_HEADER = ["No", "Indikator", "Target", "Realisasi", "Capaian"]


def test_achievements_that_follow_at_their_printed_precision_are_not_flagged():
    rows = [
        ACHIEVEMENT_HEADER,
        ["1", "Produktivitas", "30", "53,33", "177,78 %"],  # 53,3333… / 30
        ["2", "Perusahaan", "2", "7", "350,00 %"],
        ["3", "Indeks", "3,60", "3,69", "102,37 %"],  # 3,685468 / 3,6
        ["4", "Nilai", "90", "98,0", "108,89 %"],
        ["5", "PNBP", "5", "28,09", "561,80%"],
    ]
    findings, checked = review(rows)
    assert findings == [] and checked == 5


@pytest.mark.parametrize(
    ("target", "realization", "printed", "expected", "kind"),
    [
        ("90", "95,27", "105,60 %", "105,86 %", Kind.WRONG),
        ("3", "2", "66,66 %", "66,67 %", Kind.TRUNCATED),  # 66,666… cut
        ("90", "95,27", "1,06 %", "105,86 %", Kind.MISSING_X100),
        ("90", "95,27", "10.586 %", "106 %", Kind.DOUBLE_X100),  # shown at its places
    ],
)
def test_an_achievement_that_does_not_follow_is_named_by_its_slip(
    target, realization, printed, expected, kind
):
    rows = [ACHIEVEMENT_HEADER, ["1", "Indikator A", target, realization, printed]]
    [finding] = review(rows)[0]
    assert (finding.printed, finding.expected, finding.kind) == (printed, expected, kind)
    assert finding.column == "Capaian" and finding.row == "Indikator A"
    severity = Severity.WARNING if kind == Kind.TRUNCATED else Severity.ERROR
    assert finding.severity == severity


def test_an_achievement_computed_from_a_rounded_realization_is_a_warning():
    # The seed: 53,33 printed, but 177,67 % = 53,3 / 30.
    rows = [ACHIEVEMENT_HEADER, ["1", "Produktivitas", "30", "53,33", "177,67 %"]]
    [finding] = review(rows)[0]
    assert finding.kind == Kind.ROUNDED_INTERMEDIATE and finding.severity == Severity.WARNING
    assert finding.expected == "177,77 %"


def test_a_lower_is_better_achievement_passes_unless_the_polarity_says_otherwise():
    rows = [
        ["Kode", "Indikator", "Target", "Realisasi", "Capaian"],
        ["IK1", "Waktu layanan (hari)", "10", "8", "120,00 %"],  # (2×10 − 8) / 10
    ]
    assert review(rows)[0] == []
    assert review(rows, {"IK1": "lower_is_better"})[0] == []
    [finding] = review(rows, {"IK1": "higher_is_better"})[0]
    assert finding.expected == "80,00 %" and finding.row == "IK1 Waktu layanan (hari)"


def test_absorption_and_the_total_row_ratio_of_sums():
    rows = [
        ["Sumber dana", "Pagu", "Realisasi", "Penyerapan"],
        ["Rupiah Murni", "1.000.000", "900.000", "90,00 %"],
        ["PNBP", "3.000.000", "2.970.000", "99,00 %"],
        ["Jumlah", "4.000.000", "3.870.000", "94,50 %"],  # mean of the rows, not 96,75
    ]
    [finding] = review(rows)[0]
    assert (finding.row, finding.kind, finding.expected) == (
        "Jumlah",
        Kind.MEAN_OF_PERCENTAGES,
        "96,75 %",
    )


def test_a_total_that_is_not_the_sum_of_its_rows_names_the_row_left_out():
    rows = [
        ["Jenis layanan", "Penerimaan (Rp)"],
        ["Pengujian", "1.000.000"],
        ["Kalibrasi", "250.000"],
        ["Standardisasi", "79.000"],
        ["Total", "1.250.000"],
    ]
    [finding] = review(rows)[0]
    assert finding.kind == Kind.SUM_MISMATCH and finding.expected == "1.329.000"
    assert "Standardisasi" in finding.message and "tidak terhitung" in finding.message


def test_a_table_of_groups_and_items_adds_up_the_groups_only():
    rows = [
        ["Jenis penerimaan", "2023"],
        ["Pelatihan", "441.795.000"],
        ["Pengujian dan Kalibrasi", "2.038.248.000"],
        ["1 Pengujian", "1.802.792.000"],
        ["2 Kalibrasi", "235.456.000"],
        ["Jumlah", "2.480.043.000"],
    ]
    findings, checked = review(rows)
    assert findings == [] and checked == 1


def test_growth_between_two_years_and_its_total():
    rows = [
        ["Jenis layanan", "2022", "2023", "Pertumbuhan"],
        ["Pengujian", "1.510", "1.787", "18,34 %"],
        ["Kalibrasi", "366", "433", "18,31 %"],
        ["Jumlah", "1.876", "2.220", "18,45 %"],  # 18,34 % of the totals
    ]
    [finding] = review(rows)[0]
    assert (finding.row, finding.expected) == ("Jumlah", "18,34 %")


def test_a_decrease_printed_as_efficiency_is_not_a_sign_error():
    rows = [
        ["No", "Perusahaan", "Sebelum (A)", "Sesudah (B)", "Jenis", "Perubahan"],
        ["1", "IKM A", "15", "7", "Efisiensi", "53,33 %"],
        ["2", "IKM B", "100", "120", "Produktivitas", "20,00 %"],
        ["3", "IKM C", "100", "120", "Produktivitas", "-20,00 %"],
    ]
    [finding] = review(rows)[0]
    assert finding.row == "IKM C" and finding.expected == "20,00 %"


def test_shares_of_the_total():
    rows = [
        ["Jenis layanan", "Realisasi", "% dari Total"],
        ["Pelatihan", "441.795.000", "10,65 %"],
        ["Konsultansi", "85.000.000", "0,02 %"],  # the seed's slip: 2,05 %
        ["Pengujian", "3.620.864.000", "87,30 %"],
        ["Jumlah", "4.147.659.000", "100,00 %"],
    ]
    [finding] = review(rows)[0]
    assert (finding.row, finding.expected) == ("Konsultansi", "2,05 %")


def test_years_across_and_quantities_down_are_read_as_a_row_per_year():
    # Seed Tabel 3.25: 3.238.083.250 / 3.858.000.000 is 83,93 %, printed 122,40 %.
    rows = [
        ["", "2022", "2023"],
        ["Target Penerimaan (Rp)", "Rp. 3.858.000.000", "Rp. 3.000.000.000"],
        ["Realisasi Penerimaan (Rp)", "Rp. 3.238.083.250", "Rp. 4.147.659.000"],
        ["Realisasi Penerimaan (%)", "122,40%", "138,26%"],
        ["Peningkatan Realisasi Penerimaan", "", "28,09%"],
    ]
    table = analyse(SourceTable("Tabel 3.25", rows))
    assert table.transposed
    findings, checked = check_table(table)
    assert [(f.row, f.printed, f.expected) for f in findings] == [("2022", "122,40%", "83,93 %")]
    assert checked == 3  # two percentages and the growth


def test_a_mean_row_and_a_total_and_mean_row():
    rows = [
        ["Kode", "Indikator", "Target", "Realisasi", "Capaian", "Pagu"],
        ["SK1", "Indeks", "4", "4,97", "124,25 %", "100"],
        ["SK2", "Nilai", "75", "76,8", "102,40 %", "50"],
        ["Jumlah / rata-rata", "–", "–", "–", "113,33 %", "150"],
    ]
    assert review(rows)[0] == []
    rows[-1][4] = "195,87 %"
    [finding] = review(rows)[0]
    assert finding.expected == "113,33 %" and finding.kind == Kind.WRONG


def test_ordinal_numbers_codes_and_year_columns_are_not_added_up():
    rows = [
        ["No", "Tahun", "Perusahaan", "Jumlah"],
        ["1", "2022", "A", "3"],
        ["2", "2023", "B", "4"],
        ["", "Jumlah", "", "7"],
    ]
    table = analyse(SourceTable("", rows))
    assert [c.role for c in table.columns[:2]] == [Role.ORDINAL, Role.YEAR]
    assert table.rows[-1].kind == RowKind.TOTAL
    assert check_table(table) == ([], 1)


def test_an_indicator_named_rata_rata_is_a_data_row():
    rows = [
        ["Kode", "Indikator", "Target", "Realisasi", "Capaian"],
        ["SK6.1", "Rata-rata indeks profesionalitas ASN", "75", "87,87", "117,16 %"],
    ]
    table = analyse(SourceTable("", rows))
    assert table.rows[0].kind == RowKind.DATA
    assert check_table(table) == ([], 1)


def test_a_dot_decimal_column_is_read_as_such_and_footnote_marks_are_ignored():
    rows = [
        ["Indikator", "Target", "Realisasi", "Capaian"],
        ["A", "90", "95.27", "105.86%*"],
        ["B", "1.5", "1.667", "111.13%"],  # "1.667" is 1,667 in this column
    ]
    assert review(rows)[0] == []


def test_a_header_over_two_rows_groups_columns_by_year():
    rows = [
        ["Indikator", "2022", "2022", "2022", "2023", "2023", "2023"],
        ["", "Target", "Realisasi", "Capaian", "Target", "Realisasi", "Capaian"],
        ["A", "10", "12", "120,00 %", "10", "11", "120,00 %"],
    ]
    [finding] = review(rows)[0]
    assert finding.column == "2023 Capaian" and finding.expected == "110,00 %"


def test_text_only_tables_are_not_analysed():
    assert analyse(SourceTable("", [["Kode", "Tujuan"], ["T1", "Meningkatkan"]])) is None


EFFICIENCY_HEADER = [
    "No",
    "Indikator",
    "Target",
    "Realisasi",
    "Capaian",
    "Pagu",
    "Realisasi Anggaran",
    "Penyerapan",
    "IBT",
    "IBR",
    "Efisiensi (%)",
]
# Seed Tabel 3.72, rows SK1.1 and SK7.1: IBT = 31.046.000 / 30, IBR = 31.008.687 / 53,3.
SK11 = ["1", "Produktivitas", "30", "53,3", "177,67%", "31.046.000", "31.008.687", "99,88%"]
SK71 = ["2", "Indeks layanan", "2", "2", "100,00%", "31.466.000", "30.970.920", "98,43%"]


def test_an_efficiency_table_that_follows_is_not_flagged():
    rows = [
        EFFICIENCY_HEADER,
        [*SK11, "1.034.867", "581.776", "43,78%"],
        [*SK71, "15.733.000", "15.485.460", "1,57%"],
    ]
    findings, checked = review(rows)
    assert findings == []
    assert checked == 2 * 5  # capaian, penyerapan, IBT, IBR, efisiensi per row


def test_a_realization_printed_whole_still_gives_the_printed_indexes():
    # The seed prints 53 in the realization column but computed IBR with 53,3.
    rows = [EFFICIENCY_HEADER, [*SK11[:3], "53", *SK11[4:], "1.034.867", "581.776", "43,78%"]]
    findings = [f for f in review(rows)[0] if f.column in ("IBT", "IBR", "Efisiensi (%)")]
    assert findings == []


@pytest.mark.parametrize(
    ("ibt", "ibr", "eff", "column", "printed", "expected", "kind"),
    [
        ("1.034.866", "581.776", "43,78%", "IBT", "1.034.866", "1.034.867", Kind.TRUNCATED),
        # 53,3 stands for 53,25 … 53,35: IBR 581.231 … 582.323; 583.776 is outside.
        ("1.034.867", "583.776", "43,59%", "IBR", "583.776", "581.776", Kind.WRONG),
        ("1.034.867", "581.776", "45,78%", "Efisiensi (%)", "45,78%", "43,78 %", Kind.WRONG),
        ("1.034.867", "581.776", "0,4378", "Efisiensi (%)", "0,4378", "43,7825", Kind.MISSING_X100),
    ],
)
def test_an_efficiency_table_slip_is_named(ibt, ibr, eff, column, printed, expected, kind):
    rows = [EFFICIENCY_HEADER, [*SK11, ibt, ibr, eff]]
    [finding] = [f for f in review(rows)[0] if f.column == column]
    assert (finding.printed, finding.expected, finding.kind) == (printed, expected, kind)


def test_an_efficiency_in_a_before_after_table_is_still_a_decrease():
    rows = [
        ["No", "Perusahaan", "Sebelum (A)", "Sesudah (B)", "Efisiensi (%)"],
        ["1", "IKM A", "15", "7", "53,33 %"],
        ["2", "IKM B", "20", "10", "40,00 %"],
    ]
    [finding] = review(rows)[0]
    assert (finding.row, finding.expected) == ("IKM B", "50,00 %")


def test_units_in_columns_of_their_own_and_number_forms_of_real_reports():
    # "%" printed in a column beside each figure; "1.667" in a column that proves
    # Indonesian decimals is 1667 (50 / 3 × 100 = 1.666,67); "n/a" and "-" are not figures.
    rows = [
        ["No", "Indikator", "Target", "Target", "Realisasi", "Realisasi", "Capaian", "Capaian"],
        ["1", "Indeks A", "90", "%", "95", "%", "105,56", "%"],
        ["2", "Jumlah inovasi", "3", "inovasi", "50", "inovasi", "1.667", "%"],
        ["3", "Penurunan temuan", "55", "%", "n/a", "", "n/a", ""],
        ["4", "Penurunan kasus", "10", "kasus", "-", "", "-", ""],
    ]
    assert review(rows) == ([], 2)


def test_a_negative_realization_printed_literally_is_not_flagged():
    # kinerja floors it at 0 % (rule 3); R / T × 100 printed as such is not a slip.
    rows = [
        ["Indikator", "Target", "Realisasi", "Capaian"],
        ["Pertumbuhan", "70", "-33,33", "-47,61%"],
        ["Pertumbuhan B", "70", "-33,33", "0,00%"],
    ]
    assert review(rows) == ([], 2)


def test_column_numbers_under_the_header_are_not_a_row():
    rows = [
        ["No", "Uraian", "Pagu (Rp)", "Realisasi (Rp)", "Penyerapan (%)"],
        ["1", "2", "3", "4", "5"],
        ["1", "Belanja Pegawai", "1.000.000", "950.000", "95,00"],
        ["2", "Belanja Barang", "500.000", "400.000", "80,00"],
        ["", "Jumlah", "1.500.000", "1.350.000", "90,00"],
    ]
    assert review(rows) == ([], 5)


def test_a_no_column_typed_with_a_zero_is_never_added_up():
    # LKjIP Inspektorat Kabupaten Sampang 2019, Tabel 3.1: "N0 | Indikator Kinerja Utama |
    # Satuan | Target | Realisasi | Capaian", with "n/a" where nothing was measured.
    rows = [
        ["N0", "Indikator Kinerja Utama", "Satuan", "Target", "Realisasi", "Capaian"],
        [
            "1",
            "Persentase penurunan temuan keuangan yang bersifat materil",
            "%",
            "55%",
            "n/a",
            "n/a",
        ],
        ["2", "Nilai SAKIP", "nilai", "70", "72,15", "103,07 %"],
        ["3", "Indeks kepuasan", "indeks", "80", "84", "105,00 %"],
        ["", "Jumlah", "", "", "", ""],
    ]
    table = analyse(SourceTable("Tabel 3.1 Pencapaian Kinerja", rows))
    assert table.columns[0].role == Role.ORDINAL
    assert review(rows) == ([], 2)
