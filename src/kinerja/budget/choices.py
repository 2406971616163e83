from django.db import models
from django.utils.translation import gettext_lazy as _


class BudgetKind(models.TextChoices):
    """Which budget a unit spends: the state budget through a DIPA (central government)
    or a regional budget through a DPA (Permendagri 77/2020, 90/2019)."""

    APBN = "apbn", _("APBN (DIPA)")
    APBD = "apbd", _("APBD (DPA)")


class Source(models.TextChoices):
    """Shipped sources of funds (sumber dana). The first ones are those of a DIPA; the
    ``APBD_SOURCES`` ones those of a DPA (kodefikasi sumber pendapatan daerah). A dataset
    may define more for its own budget year (``funding_sources``)."""

    RUPIAH_MURNI = "rupiah_murni", _("Rupiah Murni")
    PNBP = "pnbp", _("PNBP")
    BLU = "blu", _("Badan Layanan Umum (BLU)")
    PHLN = "phln", _("Pinjaman/Hibah Luar Negeri")
    PDN = "pdn", _("Pinjaman/Hibah Dalam Negeri")
    SBSN = "sbsn", _("SBSN")
    PAD = "pad", _("Pendapatan Asli Daerah (PAD)")
    DAU = "dau", _("Dana Alokasi Umum (DAU)")
    DAK_FISIK = "dak_fisik", _("DAK Fisik")
    DAK_NONFISIK = "dak_nonfisik", _("DAK Nonfisik")
    DBH = "dbh", _("Dana Bagi Hasil (DBH)")
    INSENTIF_FISKAL = "insentif_fiskal", _("Insentif Fiskal (DID)")
    OTSUS = "otsus", _("Dana Otonomi Khusus")
    BLUD = "blud", _("Badan Layanan Umum Daerah (BLUD)")
    BANKEU = "bankeu", _("Bantuan Keuangan")
    PINJAMAN_DAERAH = "pinjaman_daerah", _("Pinjaman Daerah")
    HIBAH = "hibah", _("Hibah")
    SILPA = "silpa", _("SiLPA")


APBN_SOURCES = (
    Source.RUPIAH_MURNI,
    Source.PNBP,
    Source.BLU,
    Source.PHLN,
    Source.PDN,
    Source.SBSN,
)
APBD_SOURCES = (
    Source.PAD,
    Source.DAU,
    Source.DAK_FISIK,
    Source.DAK_NONFISIK,
    Source.DBH,
    Source.INSENTIF_FISKAL,
    Source.OTSUS,
    Source.BLUD,
    Source.BANKEU,
    Source.PINJAMAN_DAERAH,
    Source.HIBAH,
    Source.SILPA,
)
SOURCES_BY_KIND = {BudgetKind.APBN: APBN_SOURCES, BudgetKind.APBD: APBD_SOURCES}


class SpendingType(models.TextChoices):
    """Jenis belanja: the first two digits of a DIPA account (51, 52, 53), or the
    group of a DPA account (5.1 operasi, 5.2 modal, 5.3 tidak terduga, 5.4 transfer;
    Permendagri 90/2019)."""

    PEGAWAI = "51", _("Belanja pegawai")
    BARANG = "52", _("Belanja barang")
    MODAL = "53", _("Belanja modal")
    OPERASI_DAERAH = "5.1", _("Belanja operasi")
    MODAL_DAERAH = "5.2", _("Belanja modal")
    TIDAK_TERDUGA = "5.3", _("Belanja tidak terduga")
    TRANSFER = "5.4", _("Belanja transfer")


TYPES_BY_KIND = {
    BudgetKind.APBN: (SpendingType.PEGAWAI, SpendingType.BARANG, SpendingType.MODAL),
    BudgetKind.APBD: (
        SpendingType.OPERASI_DAERAH,
        SpendingType.MODAL_DAERAH,
        SpendingType.TIDAK_TERDUGA,
        SpendingType.TRANSFER,
    ),
}


class Dimension(models.TextChoices):
    SOURCE = "source", _("Sumber dana")
    TYPE = "type", _("Jenis belanja")


class LineLevel(models.TextChoices):
    """The budget hierarchies, top first (order matters: it decides parents). A DIPA
    runs program → kegiatan → KRO → RO → komponen → subkomponen; a DPA program →
    kegiatan → sub kegiatan (Permendagri 90/2019). Each kind uses only its own levels
    (``LEVELS_BY_KIND``), so ranks are compared within one hierarchy."""

    PROGRAM = "program", _("Program")
    KEGIATAN = "kegiatan", _("Kegiatan")
    SUB_KEGIATAN = "sub_kegiatan", _("Sub kegiatan")
    KRO = "kro", _("KRO")
    RO = "ro", _("RO")
    KOMPONEN = "komponen", _("Komponen")
    SUBKOMPONEN = "subkomponen", _("Subkomponen")


LEVEL_RANK = {level: rank for rank, level in enumerate(LineLevel.values)}
LEVELS_BY_KIND = {
    BudgetKind.APBN: (
        LineLevel.PROGRAM,
        LineLevel.KEGIATAN,
        LineLevel.KRO,
        LineLevel.RO,
        LineLevel.KOMPONEN,
        LineLevel.SUBKOMPONEN,
    ),
    BudgetKind.APBD: (LineLevel.PROGRAM, LineLevel.KEGIATAN, LineLevel.SUB_KEGIATAN),
}


class PnbpCategory(models.TextChoices):
    PELATIHAN = "pelatihan", _("Pelatihan")
    PENGUJIAN = "pengujian", _("Pengujian")
    KALIBRASI = "kalibrasi", _("Kalibrasi")
    SERTIFIKASI = "sertifikasi", _("Sertifikasi")
    KONSULTANSI = "konsultansi", _("Konsultansi")
    STANDARDISASI = "standardisasi", _("Standardisasi")
    PENANGANAN_PENCEMARAN = "penanganan_pencemaran", _("Penanganan pencemaran")
    RISET = "riset", _("Riset")
    LITBANG = "litbang", _("Penelitian dan pengembangan")
    LAINNYA = "lainnya", _("Jasa lainnya")
