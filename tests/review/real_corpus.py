# ruff: noqa: E501  (table rows are kept one per line, as printed)
"""A corpus from published reports: tables (and sentences) of real Indonesian government
performance and budget reports, reproduced as they were printed, with the slips they
really contain and a corrected twin of each.

Every table below was copied from the stored public text of the page cited with it
(the page's words and figures, in its order; cells merged where the page's layout merges
them). The arithmetic of every slip was checked by hand before it was listed; the notes
give the sums. What kinerja cannot see at the printed precision is listed under
``unprovable`` with the reason, and counted as present but not caught in
docs/review-corpus.md.

Each entry is a dict:
  name, source (URL), caption (the printed table caption, "" when none),
  paragraphs (printed text before the table), rows (header rows first),
  merges ((row, col, row2, col2) cells merged in the printed table),
  slips ((row label, column label, kind) that must be found, nothing else),
  fixes ((row, col, corrected text) for the corrected twin; paragraphs too),
  unprovable (slips present but not provable at the printed precision).
"""

MA_BUA = {
    "name": "Mahkamah Agung, Badan Urusan Administrasi: LKjIP 2019, pagu dan realisasi DIPA (01)",
    "source": "https://123dok.com/article/pagu-dan-realisasi-dipa-badan-urusan-administrasi.z13gmndq",
    "caption": "",
    "paragraphs": [
        "1. PAGU DAN REALISASI DIPA (01) BADAN URUSAN ADMINISTRASI",
        "Rincian pagu anggaran dan realisasi anggaran untuk DIPA (01) Badan Urusan "
        "Administrasi Mahkamah Agung RI adalah sebagai berikut :",
    ],
    # Each total exceeds the sum of its three rows by exactly Rp 6.000.000:
    # 2.592.320.000 + 1.008.627.000 + 0 = 3.600.947.000 (printed 3.606.947.000);
    # 1.877.248.000 + 1.145.827.000 + 26.000.000 = 3.049.075.000 (printed 3.055.075.000);
    # 1.856.657.167 + 1.144.390.700 + 25.040.000 = 3.026.087.867 (printed 3.032.087.867).
    # The percentages follow (98,90; 99,87; 96,31; 99,25 from the printed totals and from
    # the true sums alike). A row of Rp 6.000.000 in all three columns is missing from the
    # table as published, or the totals are wrong: either way the total is not its rows' sum.
    "rows": [
        ["NO.", "KEGIATAN", "PAGU AWAL", "PAGU REVISI", "REALISASI", "%"],
        ["NO.", "KEGIATAN", "(Rp.)", "(Rp.)", "(Rp.)", "%"],
        ["1", "Belanja Pegawai", "2.592.320.000,-", "1.877.248.000,-", "1.856.657.167,-", "98.90"],
        ["2", "Belanja Barang", "1.008.627.000,-", "1.145.827.000,-", "1.144.390.700,-", "99.87"],
        ["3", "Belanja Modal", "0,-", "26.000.000,-", "25.040.000,-", "96.31"],
        ["", "JUMLAH", "3.606.947.000,-", "3.055.075.000,-", "3.032.087.867,-", "99.25"],
    ],
    "merges": [(0, 0, 1, 0), (0, 1, 1, 1), (0, 5, 1, 5)],
    "slips": [
        ("JUMLAH", "PAGU AWAL (Rp.)", "sum_mismatch"),
        ("JUMLAH", "PAGU REVISI (Rp.)", "sum_mismatch"),
        ("JUMLAH", "REALISASI (Rp.)", "sum_mismatch"),
    ],
    "fixes": [(5, 2, "3.600.947.000,-"), (5, 3, "3.049.075.000,-"), (5, 4, "3.026.087.867,-")],
    "unprovable": [],
}

_SUMUT_INDICATOR = (
    "Persentase kegiatan dalam pembinaan aparatur pemerintahan dalam penyelenggaran "
    "kebijakan pemerintahan di daerah serta Kegiatan Evaluasi Kerjasama Pemerintah/ "
    "Badan Usaha/ Swasta"
)
SUMUT_SETDA = {
    "name": "Sekretariat Daerah Provinsi Sumatera Utara: Laporan Kinerja 2021, Tabel 19",
    "source": (
        "https://fliphtml5.com/xgkox/cyxe/"
        "LAPORAN_KINERJA_SEKRETARIAT_DAERAH_PROVINSI_SUMATERA_UTARA_TAHUN_2021/49"
    ),
    "caption": "Tabel 19",
    "paragraphs": [
        "Pencapaian target kinerja pada sasaran strategis-3 dilihat dari aspek keuangan ini, "
        "yang pendanannya pada tahun anggaran 2021 sebagaimana dijelaskan pada tabel 19 "
        "berikut ini:",
    ],
    "caption_after": ["Realisasi Keuangan Sasaran Strategis-3"],
    # 307.055.630 / 398.379.650 × 100 = 77,08 (printed 80.5). The program's 88.6 is the
    # plain mean of the four printed percentages (93.6 + 87.4 + 92.9 + 80.5) / 4 = 88.6;
    # the ratio of the sums is 1.550.154.676 / 1.743.400.365 × 100 = 88,92 (88.9).
    "rows": [
        [
            "NO",
            "INDIKATOR KINERJA",
            "PROGRAM/ KINERJA",
            "ANGGARAN (Rp)",
            "REALISASI (Rp)",
            "CAPAIAN REALISASI ANGGARAN (%)",
        ],
        ["1", "2", "3", "4", "5", "6"],
        ["1", _SUMUT_INDICATOR, "Program Pemerintahan Dan Otonomi Daerah", "", "", "88.6"],
        ["1", _SUMUT_INDICATOR, "Kegiatan Pelaksanaan Tugas Pemerintahan", "", "", ""],
        [
            "1",
            _SUMUT_INDICATOR,
            "1. Sub Kegiatan Fasilitasi Pelaksanaan Pemerintahan Umum",
            "749.930.215",
            "702.188.300",
            "93.6",
        ],
        ["1", _SUMUT_INDICATOR, "Kegiatan Fasilitasi Kerjasama Daerah", "", "", ""],
        [
            "1",
            _SUMUT_INDICATOR,
            "1.Sub Kegiatan Fasilitasi Kerjasama antar Pemerintah",
            "216.194.000",
            "188.957.200",
            "87.4",
        ],
        [
            "1",
            _SUMUT_INDICATOR,
            "2.Sub Kegiatan Fasilitasi Kerjasama Badan Usaha/Swasta",
            "378.896.500",
            "351.953.546",
            "92.9",
        ],
        [
            "1",
            _SUMUT_INDICATOR,
            "3.Sub Kegiatan Evaluasi Pelaksanaan Kerja Sama",
            "398.379.650",
            "307.055.630",
            "80.5",
        ],
    ],
    "merges": [(2, 0, 8, 0), (2, 1, 8, 1)],
    "slips": [
        (
            "3.Sub Kegiatan Evaluasi Pelaksanaan Kerja Sama",
            "CAPAIAN REALISASI ANGGARAN (%)",
            "wrong",
        ),
        (
            "Program Pemerintahan Dan Otonomi Daerah",
            "CAPAIAN REALISASI ANGGARAN (%)",
            "mean_of_percentages",
        ),
    ],
    "fixes": [(8, 5, "77.1"), (2, 5, "88.9")],
    "unprovable": [],
}

SPKT_POLDA = {
    "name": "SPKT Polda Jawa Tengah: capaian tingkat kepuasan masyarakat 2018",
    "source": "https://spktpoldajateng.blogspot.com",
    "caption": "Tabel Indikator Kinerja",
    "paragraphs": [],
    # 90,83 / 65 × 100 = 139,738…: 139,74 rounded, and 139,73 is it cut. But a printed
    # 90,83 stands for 90,825 … 90,835, which gives 139,731 … 139,746: at the printed
    # precision 139,73 can follow, so kinerja does not flag it. The page's own counts for
    # 2018 (31.991 puas, 3.230 tidak puas) give 90,8293 % and 139,737… %, so the printed
    # 139,73 is truncated: a slip present that no review of the printed figures can prove.
    "rows": [
        ["INDIKATOR KINERJA", "TARGET", "REALISASI", "CAPAIAN"],
        ["Tingkat kepuasan masyarakat terhadap Polri", "65 %", "90,83 %", "139,73 %"],
    ],
    "after": [
        "Dari penjelasan tabel diatas, dapat dilihat bahwa Persentase tingkat kepuasan "
        "masyarakat terhadap Polri di tahun 2018 sebesar 90,83% dari target yang telah di "
        "tetapkan sebesar 65%, sehingga capaian Persentase tingkat kepuasan masyarakat "
        "terhadap Polri sebesar 139,73%.",
        "Dari Grafik diatas realisasi pada tahun 2018 mencapai 90,83% dari target sebesar "
        "65 % sehingga capaian kinerja sebesar 139,73 %.",
    ],
    "merges": [],
    "slips": [],
    "fixes": [(1, 3, "139,74 %")],
    "unprovable": [
        ("Tingkat kepuasan masyarakat terhadap Polri", "CAPAIAN", "truncated"),
    ],
}

LABURA_LHR = {
    "name": (
        "Inspektorat Kabupaten Labuhanbatu Utara: reviu ikhtisar kinerja TA 2020 "
        "(LHR, 2021), capaian kinerja makro"
    ),
    "source": "https://id.scribd.com/document/678345672/Draft-Lhr-Lppd-Labura-2021-Bahan-1",
    "caption": "",
    "paragraphs": [
        "Adapun capain Kinerja Makro yang menggambarkan keberhasilan penyelenggaraan "
        "Pemerintahan secara umum Kabupaten Labuhanbatu Utara Tahun Anggaran 2020, adalah "
        "sebagai berikut::",
    ],
    # The "Perubahan %" column is 100 − N (or N − 100), not the change from N-1 to N:
    # 100 − 71,61 = 28,39; 100 − 9,53 = 90,47; 100 − 6,82 = 93,18; 17.306,59 − 100 =
    # 17.206,59; 25.191,24 − 100 = 25.091,24; 100 − 0,262 = 99,738. The changes are
    # (71,61 − 71,43) / 71,43 = 0,25 %; −0,42 %; 16,78 %; 0,27 %; 3,33 %; −1,87 %.
    "rows": [
        ["NO", "INDIKATOR KINERJA MAKRO", "CAPAIN KINERJA", "CAPAIN KINERJA", "PERUBAHAN %"],
        ["NO", "INDIKATOR KINERJA MAKRO", "TAHUN N-1", "TAHUN N", "PERUBAHAN %"],
        ["1", "Indeks Pembangunan Manusia", "71,43", "71,61", "- 28,39%"],
        ["2", "Angka Kemiskinan", "9,57", "9,53", "- 90,47%"],
        ["3", "Angka Pengangguran", "5,84", "6,82", "- 93,18%"],
        ["4", "Pertumbuhan Ekonomi", "17.259,19", "17.306,59", "17.206,59"],
        ["5", "Pendapatan per Kapita", "24.378,34", "25.191,24", "25.091,24"],
        ["6", "Ketimpangan Pendapatan", "0,267", "0,262", "- 99,738%"],
    ],
    "merges": [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 3), (0, 4, 1, 4)],
    "slips": [
        ("Indeks Pembangunan Manusia", "PERUBAHAN %", "wrong"),
        ("Angka Kemiskinan", "PERUBAHAN %", "wrong"),
        ("Angka Pengangguran", "PERUBAHAN %", "wrong"),
        ("Pertumbuhan Ekonomi", "PERUBAHAN %", "wrong"),
        ("Pendapatan per Kapita", "PERUBAHAN %", "wrong"),
        ("Ketimpangan Pendapatan", "PERUBAHAN %", "wrong"),
    ],
    "fixes": [
        (2, 4, "0,25%"),
        (3, 4, "-0,42%"),
        (4, 4, "16,78%"),
        (5, 4, "0,27%"),
        (6, 4, "3,33%"),
        (7, 4, "-1,87%"),
    ],
    "unprovable": [],
}

TANAH_DATAR = {
    "name": "Pemerintah Kabupaten Tanah Datar: LKjIP 2016, Tabel 3.3.9",
    "source": (
        "https://text-id.123dok.com/document/dy445j4ry-angka-partisipasi-murni-sdmi-"
        "angka-partisipasi-murni-apm-smpmts.html"
    ),
    "caption": "Tabel 3.3.9 Realisasi dan Capaian Indikator Kinerja APM SD/MI Tahun 2015-2016",
    "paragraphs": [
        "Dari tabel 3.3.8 dapat dilihat, target indikator kinerja persentase APM SD/MI adalah "
        "sebesar 90,89, yang terealisasi 92,22 dengan tingkat capaian 101,46 , termasuk "
        "kategori penilaian keberhasilan sangat baik.",
    ],
    # Nothing wrong: 92,22 / 90,89 = 101,46 %, and 101,46 − 92,92 = 8,54 as the text says.
    "rows": [
        [
            "No.",
            "Indikator Kinerja",
            "Realisasi",
            "Realisasi",
            "Capaian Kinerja",
            "Capaian Kinerja",
        ],
        ["No.", "Indikator Kinerja", "2015", "2016", "2015", "2016"],
        ["1", "APM SD/MI", "90,67", "92,22", "92,92", "101,46"],
    ],
    "after": [
        "Dari tabel 3.3.9 dapat dilihat bahwa hasil capaian kinerja tahun 2016 jika "
        "dibandingkan dengan tahun 2015 terjadi peningkatan capaian kinerja sebesar 8,54.",
    ],
    "merges": [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 3), (0, 4, 0, 5)],
    "slips": [],
    "fixes": [],
    "unprovable": [],
}

DESA_TIGA = {
    "name": "Pemerintah Desa Tiga: Laporan Realisasi Pelaksanaan APBDes TA 2022",
    "source": "https://www.tiga.desa.id/artikel/2022/12/30/realisasi-dana-desa-tahun-2022",
    "caption": "",
    "paragraphs": [
        "LAPORAN REALISASI PELAKSANAAN ANGGARAN PENDAPATAN DAN BELANJA DESA PEMERINTAH DESA "
        "TIGA TAHUN ANGGARAN 2022",
    ],
    # Nothing wrong in these rows: every percentage and difference follows, and each
    # "JUMLAH" is the sum of the groups 4.1, 4.2, 4.3 (resp. 01 … 05), not of the groups
    # and their items together. (The page's text stops inside the next row, SURPLUS /
    # (DEFISIT), which is left out.)
    "rows": [
        [
            "Uraian",
            "Uraian",
            "Anggaran (Rp)",
            "Realisasi (Rp)",
            "Lebih/(Kurang) (Rp)",
            "Persentase (%)",
        ],
        ["4. PENDAPATAN", "4. PENDAPATAN", "", "", "", ""],
        ["4.1.", "Pendapatan Asli Desa", "5.000.000,00", "6.980.000,00", "-1.980.000,00", "139,60"],
        [
            "4.1.4.",
            "Lain-Lain Pendapatan Asli Desa",
            "5.000.000,00",
            "6.980.000,00",
            "-1.980.000,00",
            "139,60",
        ],
        [
            "4.2.",
            "Pendapatan Transfer Desa",
            "3.062.964.000,00",
            "3.057.846.870,00",
            "5.117.130,00",
            "99,83",
        ],
        ["4.2.1.", "Dana Desa", "887.149.000,00", "887.149.000,00", "0,00", "100,00"],
        [
            "4.2.2.",
            "Bagi Hasil Pajak Dan Retribusi",
            "115.696.000,00",
            "115.696.000,00",
            "0,00",
            "100,00",
        ],
        [
            "4.2.3.",
            "Alokasi Dana Desa",
            "1.661.119.000,00",
            "1.656.001.870,00",
            "5.117.130,00",
            "99,69",
        ],
        [
            "4.2.4.",
            "Bantuan Keuangan Provinsi",
            "228.000.000,00",
            "228.000.000,00",
            "0,00",
            "100,00",
        ],
        [
            "4.2.5.",
            "Bantuan Keuangan Kabupaten/Kota",
            "171.000.000,00",
            "171.000.000,00",
            "0,00",
            "100,00",
        ],
        [
            "4.3.",
            "Pendapatan Lain-Lain Desa",
            "8.000.000,00",
            "9.043.402,00",
            "-1.043.402,00",
            "113,04",
        ],
        [
            "4.3.9.",
            "Lain-Lain Pendapatan Desa Yang Sah",
            "8.000.000,00",
            "9.043.402,00",
            "-1.043.402,00",
            "113,04",
        ],
        [
            "JUMLAH PENDAPATAN",
            "JUMLAH PENDAPATAN",
            "3.075.964.000,00",
            "3.073.870.272,00",
            "2.093.728,00",
            "99,93",
        ],
        ["5. BELANJA", "5. BELANJA", "", "", "", ""],
        [
            "01",
            "Bidang Penyelenggaran Pemerintahan Desa",
            "1.447.999.360,00",
            "1.315.614.368,00",
            "132.384.992,00",
            "90,86",
        ],
        [
            "02",
            "Bidang Pelaksanaan Pembangunan Desa",
            "676.778.342,00",
            "623.152.000,00",
            "53.626.342,00",
            "92,08",
        ],
        [
            "03",
            "Bidang Pembinaan Kemasyarakatan Desa",
            "714.216.124,00",
            "652.915.000,00",
            "61.301.124,00",
            "91,42",
        ],
        [
            "04",
            "Bidang Pemberdayaan Masyarakat Desa",
            "184.363.000,00",
            "179.693.000,00",
            "4.670.000,00",
            "97,47",
        ],
        [
            "05",
            "Bidang Penanggulangan Bencana, Darurat Dan Mendesak Desa",
            "431.000.000,00",
            "415.150.000,00",
            "15.850.000,00",
            "96,32",
        ],
        [
            "JUMLAH BELANJA",
            "JUMLAH BELANJA",
            "3.454.356.826,00",
            "3.186.524.368,00",
            "267.832.458,00",
            "92,25",
        ],
    ],  # fmt: skip
    "merges": [(0, 0, 0, 1), (1, 0, 1, 1), (12, 0, 12, 1), (13, 0, 13, 1), (19, 0, 19, 1)],
    "slips": [],
    "fixes": [],
    "unprovable": [],
}

POLMAN_INDICATORS = {
    "name": "Pemerintah Kabupaten Polewali Mandar: pengukuran kinerja 2022, Sub Bidang "
    "Penyusunan Anggaran (indikator)",
    "source": (
        "https://mail.simkinerja2022.polmankab.go.id/Beranda/pengukurankinerjaeselon4/1.24.2.1/2022"
    ),
    "caption": "",
    "paragraphs": ["Pengukuran Kinerja Tahun 2022", "Sub Bidang Penyusunan Anggaran"],
    # Only the columns whose place the page's text shows are kept: the months' figures
    # are printed without saying which month they belong to. 93 / 95,56 = 97,32 %;
    # 3 / 2 = 150 %; 5 / 3 = 166,67 %: nothing wrong.
    "rows": [
        ["Indikator", "Satuan", "Target", "Realisasi Jumlah", "Kinerja(%)"],
        [
            "Persentase Perangkat Daerah yang Menyampaikan Dokumen Penganggaran Sesuai "
            "Standar dan Tepat Waktu",
            "persen",
            "95.56",
            "93",
            "97.32",
        ],
        [
            "Jumlah Rancangan Perda/Perbup Tentang APBD yang Tersusun sesuai standar dan "
            "tepat waktu",
            "dokumen",
            "2",
            "3",
            "150.00",
        ],
        [
            "Jumlah Rancangan Perda/Perbup Tentang Perubahan APBD yang Tersusun sesuai "
            "standar dan tepat waktu",
            "dokumen",
            "3",
            "5",
            "166.67",
        ],
    ],
    "merges": [],
    "slips": [],
    "fixes": [],
    "unprovable": [],
}

POLMAN_BUDGET = {
    "name": "Pemerintah Kabupaten Polewali Mandar: pengukuran kinerja 2022, Sub Bidang "
    "Penyusunan Anggaran (anggaran)",
    "source": POLMAN_INDICATORS["source"],
    "caption": "",
    "paragraphs": [],
    # 1,000,972,958 / 1,004,422,800 = 99,66 %; 805,369,584 / 808,430,200 = 99,62 %;
    # 195,603,374 / 195,992,600 = 99,80 %; the activity's amounts are its two
    # sub-activities' sums. Nothing wrong; the months' columns are left out as above.
    "rows": [
        [
            "Kegiatan / Sub-Kegiatan",
            "Alokasi Anggaran (Rp)",
            "Realisasi Anggaran (Rp) Jumlah",
            "Realisasi(%)",
        ],
        ["Kegiatan :", "", "", ""],
        [
            "Koordinasi dan Penyusunan Rencana Anggaran Daerah",
            "1,004,422,800",
            "1,000,972,958",
            "99.66",
        ],
        ["Sub-Kegiatan :", "", "", ""],
        [
            "Koordinasi dan Penyusunan Peraturan Daerah Tentang APBD dan Peraturan Kepala "
            "Daerah Tentang Penjabaran APBD",
            "808,430,200",
            "805,369,584",
            "99.62",
        ],
        [
            "Koordinasi dan Penyusunan Peraturan Daerah Tentang Perubahan APBD dan Peraturan "
            "Kepala Daerah Tentang Penjabaran Perubahan APBD",
            "195,992,600",
            "195,603,374",
            "99.80",
        ],
    ],  # fmt: skip
    "merges": [],
    "slips": [],
    "fixes": [],
    "unprovable": [],
}

# Sentences of published reports that state figures without a table: none is a claim
# kinerja reads (two targets, or no percent sign), and none may be flagged.
DUMAI_TEXT = {
    "name": "Pemerintah Kota Dumai: LKjIP 2016, analisis capaian (kalimat)",
    "source": (
        "https://text-id.123dok.com/document/dzxogpwoz-rasio-gurumurid-per-kelas-rata-rata-"
        "sdmi.html"
    ),
    "caption": "",
    "paragraphs": [
        "Target dari indikator sasaran ini adalah tercukupinya kebutuhan sekolah dengan "
        "penduduk usia 7-12 tahun yang bersekolah di jenjang SD/MI dengan target akhir RPJM "
        "yaitu 0,277 dan pada tahun 2016 terealisasi 0,320 dan pencapaian terhadap target "
        "RPJM yaitu 115,52.",
        "Target dari indikator sasaran ini terpenuhinya kebutuhan guru/murid perkelas pada "
        "jenjang SD/MI dengan target akhir RPJM yaitu 1:32 dan pada tahun 2016 terealisasi "
        "1:17,9 dan pencapaian terhadap target RPJM yaitu 83,86.",
    ],
    "rows": [],
    "merges": [],
    "slips": [],
    "fixes": [],
    "unprovable": [],
}

REAL_CORPUS = [
    MA_BUA,
    SUMUT_SETDA,
    SPKT_POLDA,
    LABURA_LHR,
    TANAH_DATAR,
    DESA_TIGA,
    POLMAN_INDICATORS,
    POLMAN_BUDGET,
    DUMAI_TEXT,
]
