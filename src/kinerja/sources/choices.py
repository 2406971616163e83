from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceType(models.TextChoices):
    """Jenis layanan jasa industri (JPT) and what each one delivers."""

    PENGUJIAN = "pengujian", _("Pengujian")
    KALIBRASI = "kalibrasi", _("Kalibrasi")
    SAMPLING = "sampling", _("Sampling / pengambilan contoh uji")
    PELATIHAN = "pelatihan", _("Pelatihan")
    KONSULTANSI = "konsultansi", _("Konsultansi")
    SERTIFIKASI = "sertifikasi", _("Sertifikasi")
    INSPEKSI_TEKNIS = "inspeksi_teknis", _("Inspeksi teknis")
    VERIFIKASI = "verifikasi", _("Verifikasi / validasi")
    LITBANG = "litbang", _("Penelitian dan pengembangan")
    RANCANG_BANGUN = "rancang_bangun", _("Rancang bangun dan perekayasaan")
    PENANGANAN_PENCEMARAN = "penanganan_pencemaran", _("Penanganan pencemaran")


# What one order of each type delivers (the output unit in the seed's service tables).
SERVICE_OUTPUT = {
    ServiceType.PENGUJIAN: _("laporan hasil uji"),
    ServiceType.KALIBRASI: _("sertifikat kalibrasi"),
    ServiceType.SAMPLING: _("berita acara pengambilan contoh"),
    ServiceType.PELATIHAN: _("orang dilatih"),
    ServiceType.KONSULTANSI: _("laporan konsultansi"),
    ServiceType.SERTIFIKASI: _("sertifikat"),
    ServiceType.INSPEKSI_TEKNIS: _("laporan inspeksi"),
    ServiceType.VERIFIKASI: _("laporan verifikasi"),
    ServiceType.LITBANG: _("laporan penelitian"),
    ServiceType.RANCANG_BANGUN: _("rancangan / prototipe"),
    ServiceType.PENANGANAN_PENCEMARAN: _("laporan penanganan"),
}


class FacilitationKind(models.TextChoices):
    KOLABORASI = "kolaborasi", _("Kolaborasi")
    KONSULTANSI = "konsultansi", _("Konsultansi (DAPATI)")
    INDUSTRI_4_0 = "industri_4_0", _("Fasilitasi industri 4.0")
    STANDARDISASI = "standardisasi", _("Fasilitasi standardisasi")


class Direction(models.TextChoices):
    """How a before/after measure improves: productivity (B − A) / A, efficiency (A − B) / A."""

    PRODUCTIVITY = "productivity", _("Produktivitas")
    EFFICIENCY = "efficiency", _("Efisiensi")


class RecommendationKind(models.TextChoices):
    FINDING = "finding", _("Temuan")
    SUGGESTION = "suggestion", _("Saran")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Belum ditindaklanjuti")
    IN_PROGRESS = "in_progress", _("Dalam proses")
    DONE = "done", _("Sudah ditindaklanjuti")


class ScoreKind(models.TextChoices):
    IP_ASN = "ip_asn", _("Indeks Profesionalitas ASN")
    SAKIP = "sakip", _("Nilai evaluasi SAKIP")
    FINANCIAL_REPORT = "financial_report", _("Nilai laporan keuangan")
    IPP = "ipp", _("Indeks Pelayanan Publik")
    SMART_DJA = "smart_dja", _("Nilai Kinerja Anggaran (SMART DJA)")
