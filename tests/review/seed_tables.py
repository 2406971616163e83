"""The seed's own printed PNBP tables (seed/lakin-bspji-palembang-2023.txt, lines in
brackets), cell for cell as the 2023 LAKIN of BSPJI Palembang printed them, and the slips
they contain (DESIGN §8, docs/demo-data.md). Labels the OCR garbled are restored from the
table's other rows ("Realisasi Penerimaan (%)" for L7878's "(Rp)" before percentages);
Tabel 3.70's 2023 use cells, garbled beyond reading, are the demo dataset's figures."""

SEED_TABLES = [
    (
        "Tabel 3.25 Peningkatan Realisasi Jumlah PNBP BSPJI Palembang TA.2023",  # L4162-4175
        [
            ["Pagu", "2022", "2023"],
            ["Target Penerimaan (Rp)", "Rp. 3.858.000.000", "Rp. 3.000.000.000"],
            ["Realisasi Penerimaan (Rp)", "Rp. 3.238.083.250", "Rp. 4.147.659.000"],
            ["Realisasi Penerimaan (%)", "122,40%", "138,26%"],
            ["Peningkatan Realisasi Penerimaan PNBP di tahun 2023", "", "28,09%"],
        ],
    ),
    (
        "Tabel 3.69 Realisasi Penerimaan PNBP Tahun 2023",  # L7857-7869
        [
            ["Jenis JPT", "Penerimaan PNBP (Rp.) 2023", "% dari Total"],
            ["Pelatihan Teknik Operasional", "441.795.000", "11%"],
            ["Pelayanan Teknis Pengujian dan Kalibrasi", "2.038.248.000", "49%"],
            ["Pelayanan Teknis Sertifikasi", "1.667.616.000", "40%"],
            ["Konsultansi", "85.000.000", "0,02%"],
            ["Total Penerimaan", "4.147.659.000", ""],
            ["Target", "3.000.000.000", ""],
            ["%Realisasi", "243,76%", ""],
        ],
    ),
    (
        "Tabel 3.70 Rincian pagu dan Realisasi keuangan PNBP tahun 2023",  # L7873-7881
        [
            ["Pagu", "2019", "2020", "2021", "2022", "2023"],
            [
                "Target Penerimaan (Rp)",
                "Rp.3.184.144.000",
                "Rp. 3.500.000.000",
                "Rp.3.858.000.000",
                "Rp.3.858.000.000",
                "Rp. 3.000.000.000",
            ],
            [
                "Realisasi Penerimaan (Rp)",
                "Rp.2.987.783.021",
                "Rp.1.530.589.950",
                "Rp.2.088.658.000",
                "Rp.3.238.083.250",
                "Rp. 4.147.659.000",
            ],
            ["Realisasi Penerimaan (%)", "93,83", "43,94", "54,14", "83,93", "138"],
            [
                "Target Penggunaan (Rp)",
                "Rp.3.024.300.000",
                "Rp. 3.324.300.000",
                "Rp.3.288.501.000",
                "Rp.3.664.328.000",
                "Rp. 3.793.674.000",
            ],
            [
                "Realisasi Penggunaan (Rp)",
                "Rp.2.678.605.066",
                "Rp.1.439.379.377",
                "Rp.2.197.166.116",
                "Rp.2.893.297.817",
                "Rp. 3.784.041.171",
            ],
            ["Realisasi Penggunaan (%)", "88,57", "43,38", "66,81", "78,96", "99,75"],
        ],
    ),
    (
        "Tabel 3.71 Persentase Penerimaan PNBP Tahun 2019-2023",  # L7915-7941
        [
            ["Jenis PNBP (Rp.)", "2019", "2020", "2021", "2022", "2023"],
            ["Riset", "-", "-", "-", "-", "-"],
            ["Pelatihan", "227.990.000", "28.900.000", "115.110.000", "228.220.000", "441.795.000"],
            [
                "Pengujian",
                "373.791.250",
                "539.044.950",
                "364.639.750",
                "574.307.500",
                "1.802.792.000",
            ],
            ["Standardisasi", "79.000.000", "-", "-", "-", "-"],
            ["Kalibrasi", "48.320.000", "85.145.000", "111.803.000", "117.911.000", "235.456.000"],
            ["Konsultansi", "35.000.000", "-", "-", "500.000", "85.000.000"],
            [
                "Sertifikasi",
                "1.431.085.000",
                "877.500.000",
                "1.118.650.000",
                "1.425.400.000",
                "1.667.616.000",
            ],
            ["Penanganan Pencemaran", "795.300.000", "-", "378.455.250", "891.744.750", "-"],
            ["Penerimaan Penelitian dan Pengembangan", "15.000.000", "-", "-", "-", "-"],
            [
                "Total Penerimaan",
                "2.926.486.250",
                "1.530.589.950",
                "2.088.658.000",
                "3.238.083.250",
                "4.147.659.000",
            ],
            [
                "Target",
                "3.184.144.000",
                "3.500.000.000",
                "3.858.000.000",
                "3.858.000.000",
                "3.000.000.000",
            ],
            ["%Realisasi", "93,83%", "43,94%", "54,14%", "83,93%", "138%"],
        ],
    ),
]

# (table number, row, column, printed, expected, kind): every slip these tables hold.
SEED_SLIPS = {
    # 3.238.083.250 / 3.858.000.000 (the 2022 column's own figures) is 83,93 %.
    ("3.25", "2022", "Realisasi Penerimaan (%)", "122,40%", "83,93 %", "wrong"),
    # Konsultansi is 2,05 % of the total; 0,02 % is 0,0205 (× 100 forgotten) or its 2022
    # share (0,015 %): the arithmetic names the first.
    ("3.69", "Konsultansi", "% dari Total", "0,02%", "2,05 %", "missing_x100"),
    # The rows add up to 4.232.659.000: Konsultansi is inside Sertifikasi and again below.
    (
        "3.69",
        "Total Penerimaan",
        "Penerimaan PNBP (Rp.) 2023",
        "4.147.659.000",
        "4.232.659.000",
        "sum_mismatch",
    ),
    # 4.147.659.000 / 3.000.000.000 is 138,26 %.
    ("3.69", "%Realisasi", "Penerimaan PNBP (Rp.) 2023", "243,76%", "138,26 %", "wrong"),
    # 2020: 1.530.589.950 / 3.500.000.000 is 43,73 %; use 1.439.379.377 / 3.324.300.000 43,30 %.
    ("3.70", "2020", "Realisasi Penerimaan (%)", "43,94", "43,73", "wrong"),
    ("3.70", "2020", "Realisasi Penggunaan (%)", "43,38", "43,30", "wrong"),
    # 2019's total leaves out Standardisasi 79.000.000; its % follows from neither total
    # (93,83 % is Tabel 3.70's 2.987.783.021); 2020's % as in Tabel 3.70.
    ("3.71", "Total Penerimaan", "2019", "2.926.486.250", "3.005.486.250", "sum_mismatch"),
    ("3.71", "%Realisasi", "2019", "93,83%", "91,91 %", "wrong"),
    # 2023 counts Konsultansi inside Sertifikasi and again on its own row, as Tabel 3.69.
    ("3.71", "Total Penerimaan", "2023", "4.147.659.000", "4.232.659.000", "sum_mismatch"),
    ("3.71", "%Realisasi", "2020", "43,94%", "43,73 %", "wrong"),
}
