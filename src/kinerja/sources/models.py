"""Operational records a unit already keeps, from which computed indicators follow:
service orders, facilitated companies with before/after measures, audit follow-ups,
procurement lines and scores published by other bodies."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel, measure_field, money_field
from kinerja.org.models import Unit

from .choices import (
    Direction,
    FacilitationKind,
    FollowUpStatus,
    RecommendationKind,
    ScoreKind,
    ServiceType,
)


def new_survey_token() -> str:
    return secrets.token_urlsafe(12)


class ServiceOrder(TimeStampedModel):
    """One order of an industrial service (pengujian, kalibrasi …)."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="service_orders")
    number = models.CharField(_("nomor order"), max_length=64)
    service_type = models.CharField(_("jenis layanan"), max_length=32, choices=ServiceType.choices)
    customer = models.CharField(_("pelanggan"), max_length=255)
    ordered_on = models.DateField(_("tanggal order"))
    completed_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    fee = money_field(verbose_name=_("tarif"), null=True, blank=True)
    result_document = models.CharField(_("nomor dokumen hasil"), max_length=128, blank=True)
    # Lets the customer answer the satisfaction survey once for this order, without login.
    survey_token = models.CharField(
        _("token survei"), max_length=32, unique=True, default=new_survey_token, editable=False
    )

    class Meta:
        ordering = ["unit", "ordered_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"],
                name="unique_service_order_number",
                violation_error_message=_("Nomor order ini sudah ada."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "ordered_on"], name="service_order_date_idx")]
        verbose_name = _("order layanan")
        verbose_name_plural = _("order layanan")

    def __str__(self) -> str:
        return f"{self.number} {self.get_service_type_display()}"


class ServiceCount(models.Model):
    """The number of orders of one type in one year, where the unit recorded totals
    rather than individual orders (as the seed's Tabel 3.30 does)."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="service_counts")
    year = models.PositiveSmallIntegerField(_("tahun"))
    service_type = models.CharField(_("jenis layanan"), max_length=32, choices=ServiceType.choices)
    count = models.PositiveIntegerField(_("jumlah"))
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["unit", "year", "service_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "service_type"], name="unique_service_count"
            ),
        ]
        verbose_name = _("jumlah layanan")
        verbose_name_plural = _("jumlah layanan")

    def __str__(self) -> str:
        return f"{self.year} {self.service_type}: {self.count}"


class Facilitation(TimeStampedModel):
    """A company helped by the unit (collaboration, consultancy, industry 4.0,
    standardisation), with the agreement behind it."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="facilitations")
    code = models.CharField(_("kode"), max_length=64)
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis"), max_length=20, choices=FacilitationKind.choices)
    company = models.CharField(_("perusahaan"), max_length=255)
    activity = models.TextField(_("kegiatan"))
    program = models.CharField(_("program"), max_length=255, blank=True)
    agreement_number = models.CharField(_("nomor perjanjian"), max_length=255, blank=True)
    agreement_date = models.DateField(_("tanggal perjanjian"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["unit", "year", "kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="unique_facilitation_code"),
        ]
        verbose_name = _("fasilitasi")
        verbose_name_plural = _("fasilitasi")

    def __str__(self) -> str:
        return f"{self.company} ({self.get_kind_display()} {self.year})"


class FacilitationMeasure(models.Model):
    """A performance measure of the company before (A) and after (B) the facilitation."""

    facilitation = models.ForeignKey(Facilitation, models.CASCADE, related_name="measures")
    name = models.CharField(_("ukuran"), max_length=255)
    unit_label = models.CharField(_("satuan"), max_length=64, blank=True)
    before = measure_field(verbose_name=_("sebelum (A)"))
    after = measure_field(verbose_name=_("sesudah (B)"))
    direction = models.CharField(_("arah"), max_length=16, choices=Direction.choices)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["facilitation", "position"]
        verbose_name = _("ukuran kinerja perusahaan")
        verbose_name_plural = _("ukuran kinerja perusahaan")

    def __str__(self) -> str:
        return f"{self.name}: {self.before} → {self.after}"


class AuditRecommendation(TimeStampedModel):
    """A finding or suggestion of an internal-audit report and its follow-up."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="audit_recommendations")
    report_number = models.CharField(_("nomor laporan"), max_length=255)
    report_date = models.DateField(_("tanggal laporan"), null=True, blank=True)
    number = models.PositiveSmallIntegerField(_("nomor"))
    kind = models.CharField(_("jenis"), max_length=12, choices=RecommendationKind.choices)
    text = models.TextField(_("uraian"))
    status = models.CharField(
        _("status tindak lanjut"),
        max_length=12,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.OPEN,
    )
    followed_up_on = models.DateField(_("tanggal tindak lanjut"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun pengukuran"))

    class Meta:
        ordering = ["unit", "year", "report_number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "report_number", "number"], name="unique_audit_recommendation"
            ),
        ]
        verbose_name = _("rekomendasi pengawasan")
        verbose_name_plural = _("rekomendasi pengawasan")

    def __str__(self) -> str:
        return f"{self.report_number} #{self.number}"


class ProcurementLine(models.Model):
    """Spending on a budget account, flagged when it buys domestic products (P3DN/TKDN)."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="procurement_lines")
    year = models.PositiveSmallIntegerField(_("tahun"))
    account = models.CharField(_("akun"), max_length=16)
    name = models.CharField(_("uraian"), max_length=255)
    domestic = models.BooleanField(_("produk dalam negeri"), default=False)
    ceiling = money_field(verbose_name=_("pagu"))
    spending = money_field(verbose_name=_("realisasi"))

    class Meta:
        ordering = ["unit", "year", "account"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "account"], name="unique_procurement_line"
            ),
        ]
        verbose_name = _("belanja pengadaan")
        verbose_name_plural = _("belanja pengadaan")

    def __str__(self) -> str:
        return f"{self.year} {self.account}"


class ExternalScore(models.Model):
    """A score another body published about a unit (IP ASN, SAKIP evaluation, financial
    report, IPP, SMART DJA), with its components when published."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="external_scores")
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis"), max_length=20, choices=ScoreKind.choices)
    score = measure_field(verbose_name=_("nilai"), null=True, blank=True)
    grade = models.CharField(_("predikat"), max_length=64, blank=True)
    source = models.CharField(_("sumber"), max_length=500, blank=True)

    class Meta:
        ordering = ["kind", "year", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="unique_external_score"),
        ]
        verbose_name = _("nilai eksternal")
        verbose_name_plural = _("nilai eksternal")

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.kind}: {self.score}"


class ScoreComponent(models.Model):
    score = models.ForeignKey(ExternalScore, models.CASCADE, related_name="components")
    name = models.CharField(_("komponen"), max_length=255)
    value = measure_field(verbose_name=_("nilai"))
    weight_pct = measure_field(verbose_name=_("bobot (%)"), null=True, blank=True)
    max_value = measure_field(verbose_name=_("nilai maksimal"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["score", "position"]
        verbose_name = _("komponen nilai")
        verbose_name_plural = _("komponen nilai")

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
