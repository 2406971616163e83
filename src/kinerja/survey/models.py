"""The SKM: one survey per unit, year and service type (or all services), its elements in
the unit's order, and the responses with one answer row per element answered.

An answer is a row (not a column per element) so that "the mean of an element over those
who answered it" is a plain ``GROUP BY`` in the database, and an unanswered element is
simply no row.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel
from kinerja.org.models import Unit
from kinerja.sources.choices import ServiceType
from kinerja.sources.models import ServiceOrder

from .choices import Channel, Element


class Survey(TimeStampedModel):
    """Survei Kepuasan Masyarakat of a unit for one year, for one type of service or
    (``service_type`` NULL) for all its services."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="surveys")
    year = models.PositiveSmallIntegerField(_("tahun"))
    service_type = models.CharField(
        _("jenis layanan"),
        max_length=32,
        choices=ServiceType.choices,
        null=True,
        blank=True,
        help_text=_("Kosong: survei untuk semua layanan."),
    )
    population = models.PositiveIntegerField(
        _("populasi pengguna layanan"),
        null=True,
        blank=True,
        help_text=_("Untuk ukuran sampel minimum (Krejcie & Morgan)."),
    )
    synthetic = models.BooleanField(
        _("sintetis"),
        default=False,
        help_text=_("Jawaban dibangkitkan agar sesuai dengan nilai rata-rata yang diterbitkan."),
    )

    class Meta:
        ordering = ["unit", "year", "service_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "service_type"],
                name="unique_survey_per_service_type",
                violation_error_message=_("Unit ini sudah memiliki survei itu untuk tahun itu."),
            ),
            # NULLs are distinct in a unique index: "all services" needs its own.
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=models.Q(service_type__isnull=True),
                name="unique_survey_all_services",
                violation_error_message=_(
                    "Unit ini sudah memiliki survei semua layanan untuk tahun itu."
                ),
            ),
        ]
        verbose_name = _("survei kepuasan masyarakat")
        verbose_name_plural = _("survei kepuasan masyarakat")

    def __str__(self) -> str:
        scope = self.get_service_type_display() if self.service_type else _("semua layanan")
        return f"SKM {self.unit} {self.year} ({scope})"

    def element_codes(self) -> list[str]:
        """The survey's elements in its order (uses a prefetch of ``elements`` if any)."""
        return [e.code for e in self.elements.all()]


class SurveyElement(models.Model):
    """An element (unsur) of a survey at its place in the unit's questionnaire."""

    survey = models.ForeignKey(Survey, models.CASCADE, related_name="elements")
    code = models.CharField(_("unsur"), max_length=32, choices=Element.choices)
    position = models.PositiveSmallIntegerField(_("nomor urut"))

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="unique_survey_element"),
        ]
        verbose_name = _("unsur survei")
        verbose_name_plural = _("unsur survei")

    def __str__(self) -> str:
        return f"{self.position}. {self.get_code_display()}"


class Response(models.Model):
    """One respondent. A response tied to a service order is that order's only one."""

    survey = models.ForeignKey(Survey, models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField(
        _("waktu pengisian"),
        default=timezone.now,
        help_text=_("Untuk jawaban yang diimpor: waktu impor."),
    )
    service_order = models.OneToOneField(
        ServiceOrder,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_response",
        verbose_name=_("order layanan"),
    )
    channel = models.CharField(_("sumber"), max_length=16, choices=Channel.choices)

    class Meta:
        ordering = ["survey", "submitted_at", "pk"]
        indexes = [models.Index(fields=["survey", "channel"], name="survey_response_channel_idx")]
        verbose_name = _("jawaban responden")
        verbose_name_plural = _("jawaban responden")

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    """The score (1–4) a respondent gave one element."""

    response = models.ForeignKey(Response, models.CASCADE, related_name="answers")
    element = models.CharField(_("unsur"), max_length=32, choices=Element.choices)
    score = models.PositiveSmallIntegerField(_("nilai"))

    class Meta:
        ordering = ["response", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["response", "element"], name="unique_answer_element"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=4),
                name="answer_score_1_to_4",
                violation_error_message=_("Nilai jawaban harus 1 sampai 4."),
            ),
        ]
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")

    def __str__(self) -> str:
        return f"{self.get_element_display()}: {self.score}"


class SurveyPolicy(models.Model):
    """A unit's rules for its public survey form (anti-automation, docs/security.md)."""

    unit = models.OneToOneField(Unit, models.CASCADE, related_name="survey_policy")
    requires_token = models.BooleanField(
        _("hanya lewat tautan order"),
        default=False,
        help_text=_(
            "Bila dicentang, survei hanya dapat diisi melalui tautan sekali pakai pada bukti "
            "order layanan; jawaban tanpa tautan ditolak."
        ),
    )

    class Meta:
        verbose_name = _("aturan survei unit")
        verbose_name_plural = _("aturan survei unit")

    def __str__(self) -> str:
        return str(self.unit)
