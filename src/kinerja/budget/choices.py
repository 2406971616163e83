from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Sumber dana of a DIPA."""

    RUPIAH_MURNI = "rupiah_murni", _("Rupiah Murni")
    PNBP = "pnbp", _("PNBP")
    PHLN = "phln", _("Pinjaman/Hibah Luar Negeri")
    SBSN = "sbsn", _("SBSN")


class SpendingType(models.TextChoices):
    """Jenis belanja (first two digits of the account)."""

    PEGAWAI = "51", _("Belanja pegawai")
    BARANG = "52", _("Belanja barang")
    MODAL = "53", _("Belanja modal")


class Dimension(models.TextChoices):
    SOURCE = "source", _("Sumber dana")
    TYPE = "type", _("Jenis belanja")


class LineLevel(models.TextChoices):
    """The DIPA hierarchy, top first (order matters: it decides parents)."""

    PROGRAM = "program", _("Program")
    KEGIATAN = "kegiatan", _("Kegiatan")
    KRO = "kro", _("KRO")
    RO = "ro", _("RO")
    KOMPONEN = "komponen", _("Komponen")
    SUBKOMPONEN = "subkomponen", _("Subkomponen")


LEVEL_RANK = {level: rank for rank, level in enumerate(LineLevel.values)}


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
