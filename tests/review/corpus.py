"""A synthetic corpus: tables modelled on typical LAKIN/LKjIP tables of other units
(indicator–target–realization–achievement, ceiling–spending–absorption per source and per
spending type, comparisons across years). No other unit's published report could be
fetched here, so every figure below was written by hand for this corpus; none comes
from a real report. Each report carries printed slips of the kinds the issue lists, and
a corrected twin (the same tables with ``fixes`` applied) that must review clean.

Each entry: (name, tables, slips, fixes) where a slip is (caption prefix, row, column,
kind) and a fix is (table index, row index, column index, corrected text)."""

CORPUS = [
    (
        "Dinas A — capaian IKU",
        [
            (
                "Tabel 3.1 Capaian Indikator Kinerja Utama Tahun 2023",
                [
                    ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)"],
                    ["1", "Indeks kepuasan masyarakat", "82,50", "87,31", "105,83"],
                    ["2", "Persentase dokumen perencanaan tepat waktu", "90", "95", "105,55"],
                    ["3", "Nilai SAKIP", "70", "72,15", "103,07"],
                    ["4", "Jumlah inovasi layanan", "3", "5", "1,67"],
                    ["Rata-rata", "", "", "", "103,53"],
                ],
            ),
        ],
        [
            ("Tabel 3.1", "Persentase dokumen perencanaan tepat waktu", "Capaian (%)", "truncated"),
            ("Tabel 3.1", "Jumlah inovasi layanan", "Capaian (%)", "missing_x100"),
            ("Tabel 3.1", "Rata-rata", "Capaian (%)", "wrong"),
        ],
        [(0, 2, 4, "105,56"), (0, 4, 4, "166,67"), (0, 5, 4, "120,28")],
    ),
    (
        "Badan B — realisasi anggaran",
        [
            (
                "Tabel 3.8 Realisasi Anggaran menurut Jenis Belanja Tahun 2023",
                [
                    ["Jenis Belanja", "Pagu (Rp)", "Realisasi (Rp)", "Penyerapan (%)"],
                    ["Belanja Pegawai", "4.250.000.000", "4.101.250.000", "96,50"],
                    ["Belanja Barang", "2.800.000.000", "2.604.000.000", "93,00"],
                    ["Belanja Modal", "950.000.000", "912.000.000", "97,00"],
                    ["Jumlah", "8.000.000.000", "7.617.250.000", "95,50"],
                ],
            ),
        ],
        [
            ("Tabel 3.8", "Belanja Modal", "Penyerapan (%)", "wrong"),
            ("Tabel 3.8", "Jumlah", "Penyerapan (%)", "mean_of_percentages"),
        ],
        [(0, 3, 3, "96,00"), (0, 4, 3, "95,22")],
    ),
    (
        "Kantor C — pagu per sumber dana",
        [
            (
                "Tabel 2.3 Pagu dan Realisasi per Sumber Dana",
                [
                    ["Sumber Dana", "Pagu", "Realisasi", "%"],
                    ["Rupiah Murni", "Rp 6.120.400.000", "Rp 5.980.112.500", "97,71 %"],
                    ["PNBP", "Rp 1.245.000.000", "Rp 1.102.330.000", "88,54 %"],
                    ["Total", "Rp 7.375.400.000", "Rp 7.082.442.500", "96,03 %"],
                ],
            ),
        ],
        [("Tabel 2.3", "Total", "Pagu", "sum_mismatch")],
        [(0, 3, 1, "Rp 7.365.400.000"), (0, 3, 3, "96,16 %")],
    ),
    (
        "Balai D — perbandingan antartahun",
        [
            (
                "Tabel 3.12 Jumlah Layanan Tahun 2022 dan 2023",
                [
                    ["Jenis Layanan", "2022", "2023", "Pertumbuhan"],
                    ["Pengujian", "1.240", "1.488", "20,00%"],
                    ["Kalibrasi", "310", "298", "3,87%"],
                    ["Sertifikasi", "86", "101", "17,44%"],
                    ["Jumlah", "1.636", "1.887", "15,34%"],
                ],
            ),
        ],
        [("Tabel 3.12", "Kalibrasi", "Pertumbuhan", "wrong")],
        [(0, 2, 3, "-3,87%")],
    ),
    (
        "Dinas E — capaian per tahun (titik desimal)",
        [
            (
                "Tabel 3.5 Capaian Indikator 2021-2023",
                [
                    ["Tahun", "Target", "Realisasi", "Capaian"],
                    ["2021", "75", "79.20", "105.60%"],
                    ["2022", "78", "81.90", "105.00%"],
                    ["2023", "80", "84.45", "105.65%"],
                ],
            ),
        ],
        [("Tabel 3.5", "2023", "Capaian", "wrong")],
        [(0, 3, 3, "105.56%")],
    ),
]
