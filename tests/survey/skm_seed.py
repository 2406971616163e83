"""The seed's SKM figures, shared by the survey tests."""

from decimal import Decimal

# Seed Tabel 3.42 (BSPJI Palembang 2023, 981 respondents), in the unit's own order:
# facilities 8th, complaints 9th.
SEED_MEANS = {
    "persyaratan": Decimal("3.79"),
    "sistem_mekanisme_prosedur": Decimal("3.77"),
    "waktu_penyelesaian": Decimal("3.69"),
    "biaya_tarif": Decimal("2.87"),
    "produk_spesifikasi": Decimal("3.73"),
    "kompetensi_pelaksana": Decimal("3.79"),
    "perilaku_pelaksana": Decimal("3.82"),
    "sarana_prasarana": Decimal("3.74"),
    "penanganan_pengaduan": Decimal("3.97"),
}
