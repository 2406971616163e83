from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """What kind of government unit reports under SAKIP (PerPres 29/2014 art. 3: every
    ministry, agency and regional government). Each kind has default report words
    (``org.vocabulary``); the tier (central, regional) decides the budget document."""

    # Central government (APBN, DIPA)
    MINISTRY = "ministry", _("Kementerian")
    AGENCY = "agency", _("Lembaga (LPNK / lembaga negara)")
    ECHELON1 = "echelon1", _("Unit Eselon I")
    ECHELON2 = "echelon2", _("Unit Eselon II")
    SATKER = "satker", _("Satuan kerja / UPT")
    COURT = "court", _("Pengadilan")
    INDEPENDENT = "independent", _("Lembaga independen / nonstruktural")
    # Regional government (APBD, DPA; Permendagri 90/2019, Permendagri 86/2017)
    PROVINCE = "province", _("Pemerintah provinsi")
    REGENCY = "regency", _("Pemerintah kabupaten")
    CITY = "city", _("Pemerintah kota")
    REGIONAL_AGENCY = "regional_agency", _("Perangkat daerah (OPD)")


# Kinds with no reporting unit below them: their pages have no "units below" view.
LEAF_KINDS = frozenset({UnitKind.SATKER, UnitKind.COURT})
REGIONAL_KINDS = frozenset(
    {UnitKind.PROVINCE, UnitKind.REGENCY, UnitKind.CITY, UnitKind.REGIONAL_AGENCY}
)


class Role(models.TextChoices):
    """Per-unit roles (DESIGN §1). What each may do is in ``org.access``."""

    ADMIN = "admin", _("Administrator unit")
    PLANNER = "planner", _("Tim perencanaan")
    OWNER = "owner", _("Penanggung jawab indikator")
    COORDINATOR = "coordinator", _("Koordinator")
    FINANCE = "finance", _("Keuangan")
    HEAD = "head", _("Kepala unit")
    VIEWER = "viewer", _("Pembaca")
    # Held in a parent unit (BSKJI): reads and reviews every unit below it.
    REVIEWER = "reviewer", _("Penelaah unit induk")
    # Held in the evaluating unit (inspectorate or parent body): scores the SAKIP
    # evaluation (LKE) of every unit below it, never of a unit it is a member of.
    EVALUATOR = "evaluator", _("Evaluator SAKIP")


class ServiceCategory(models.TextChoices):
    """What a service in a unit's profile is (BAB I of the LAKIN). The values follow
    ``sources.choices.ServiceType`` where they overlap; a profile also lists what no order
    is taken for (halal inspection bodies, laboratories and other facilities)."""

    PENGUJIAN = "pengujian", _("Pengujian")
    KALIBRASI = "kalibrasi", _("Kalibrasi")
    SERTIFIKASI = "sertifikasi", _("Sertifikasi")
    INSPEKSI_TEKNIS = "inspeksi_teknis", _("Inspeksi teknis")
    VERIFIKASI = "verifikasi", _("Verifikasi / validasi")
    PEMERIKSAAN_HALAL = "pemeriksaan_halal", _("Pemeriksaan halal")
    KONSULTANSI = "konsultansi", _("Konsultansi")
    PELATIHAN = "pelatihan", _("Pelatihan")
    SARANA = "sarana", _("Laboratorium dan sarana pendukung")
    LAINNYA = "lainnya", _("Lainnya")


class StatementKind(models.TextChoices):
    """The ordered text lists of a unit profile."""

    LEGAL_BASIS = "legal_basis", _("Dasar hukum")
    FUNCTION = "function", _("Fungsi")
    MISSION = "mission", _("Misi")
    STRATEGIC_ROLE = "strategic_role", _("Peran strategis")
    SOP_GROUP = "sop_group", _("Kelompok SOP")
