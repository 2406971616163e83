from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core import uploads
from kinerja.core.models import TimeStampedModel, measure_field
from kinerja.org.models import Unit
from kinerja.planning.choices import Aggregation
from kinerja.planning.models import QUARTER_VALIDATORS, Indicator

from .choices import EntryStatus, Period, WorkflowAction


def evidence_storage():
    """The file storage of evidence: the default storage (core/storage.py). Kept under
    this name because earlier migrations name it."""
    return default_storage


class Realization(TimeStampedModel):
    """What an indicator reached in one period. Achievement is never stored: it is
    computed from this value and the target in force (measurement.calc)."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="realizations")
    year = models.PositiveSmallIntegerField(_("tahun"))
    period = models.CharField(_("periode"), max_length=4, choices=Period.choices)
    value = measure_field(verbose_name=_("realisasi"))
    as_reported = measure_field(
        verbose_name=_("nilai yang dilaporkan"),
        null=True,
        blank=True,
        help_text=_("Angka sebagaimana tercetak di laporan sebelumnya, untuk uji konsistensi."),
    )
    reference_target = measure_field(
        verbose_name=_("target saat itu"),
        null=True,
        blank=True,
        help_text=_("Hanya untuk tahun di luar periode Renstra (data pembanding)."),
    )
    note = models.TextField(_("catatan"), blank=True)
    evidence = models.CharField(_("bukti dukung"), max_length=500, blank=True)
    # Set when the value was computed from records: the method and its inputs, so the figure
    # can be recomputed by hand. Empty for typed-in values.
    provenance = models.JSONField(_("asal perhitungan"), null=True, blank=True, editable=False)

    class Meta:
        # indicator_id, not indicator: ordering by the relation would follow Indicator's own
        # ordering through four joins on every query (docs/performance.md).
        ordering = ["indicator_id", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period"],
                name="unique_realization_period",
                violation_error_message=_("Realisasi indikator ini untuk periode itu sudah ada."),
            ),
        ]
        indexes = [models.Index(fields=["year", "indicator"], name="realization_year_idx")]
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} {self.period}: {self.value}"


EVIDENCE_PREFIX = uploads.EVIDENCE_PREFIX


def evidence_path(instance: "Evidence", filename: str) -> str:
    # One naming scheme for every evidence file (core/uploads.py).
    entry = instance.entry
    unit = entry.indicator.version.plan.unit.code
    return uploads.evidence_name(unit, entry.year, f"q{entry.quarter}")


class QuarterEntry(TimeStampedModel):
    """One indicator's report for one quarter and where it stands in the approval
    workflow. The figure itself is the quarter's Realization row; this row holds the
    workflow state, the narrative and the explanations, and owns the evidence files."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="quarter_entries")
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), validators=QUARTER_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    target = measure_field(
        verbose_name=_("target triwulan"),
        null=True,
        blank=True,
        help_text=_("Target antara indikator untuk triwulan ini (kumulatif sampai triwulan ini)."),
    )
    narrative = models.TextField(_("narasi"), blank=True)
    explanation = models.TextField(
        _("penjelasan"),
        blank=True,
        help_text=_(
            "Wajib bila realisasi di bawah target, atau bila target triwulan menyimpang "
            "dari Perjanjian Kinerja."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["indicator_id", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"],
                name="unique_quarter_entry",
                violation_error_message=_("Laporan triwulan indikator ini sudah ada."),
            )
        ]
        verbose_name = _("laporan triwulan indikator")
        verbose_name_plural = _("laporan triwulan indikator")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} TW{self.quarter} ({self.status})"

    @property
    def is_locked(self) -> bool:
        """Approved quarters change only after a recorded reopening."""
        return self.status == EntryStatus.APPROVED

    @property
    def is_editable(self) -> bool:
        """The owner edits a draft or a returned entry; submitted ones wait for review."""
        return self.status in (EntryStatus.DRAFT, EntryStatus.RETURNED)


class WorkflowEvent(models.Model):
    """One step of an entry's workflow: who did what, when, and why (append-only)."""

    entry = models.ForeignKey(QuarterEntry, models.CASCADE, related_name="events")
    action = models.CharField(_("tindakan"), max_length=16, choices=WorkflowAction.choices)
    from_status = models.CharField(max_length=16, choices=EntryStatus.choices)
    to_status = models.CharField(max_length=16, choices=EntryStatus.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    comment = models.TextField(_("catatan"), blank=True)
    # The quarter's figure when the step was taken. A computed indicator's figure follows
    # the unit's records, which may change after approval; this keeps what each person
    # submitted, verified and approved (None for steps recorded before this column).
    value = measure_field(verbose_name=_("nilai saat itu"), null=True, blank=True)

    class Meta:
        ordering = ["entry_id", "at", "pk"]
        verbose_name = _("riwayat alur kerja")
        verbose_name_plural = _("riwayat alur kerja")

    def __str__(self) -> str:
        return f"{self.entry} {self.action} {self.at:%Y-%m-%d %H:%M}"


class Evidence(TimeStampedModel):
    """A file that supports a quarter's figure (PDF or image). Kept in the file storage
    (never under the web root) and served only through a view that checks access."""

    entry = models.ForeignKey(QuarterEntry, models.CASCADE, related_name="evidence_files")
    # In the default storage (core/storage.py), under evidence/<unit>/<year>/q<n>/.
    file = models.FileField(_("berkas"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["entry_id", "created_at"]
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")

    def __str__(self) -> str:
        return self.original_name


class EntryWindow(TimeStampedModel):
    """When a unit's quarter is open for entry. Set by the planner; after it closes,
    entries wait until the planner reopens it (with a reason, kept in the audit trail)."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="entry_windows")
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), validators=QUARTER_VALIDATORS)
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"))
    reopened_until = models.DateField(_("dibuka kembali sampai"), null=True, blank=True)
    reopen_reason = models.TextField(_("alasan dibuka kembali"), blank=True)

    class Meta:
        ordering = ["unit_id", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "quarter"],
                name="unique_entry_window",
                violation_error_message=_("Jadwal pengisian triwulan ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="entry_window_closes_after_opening",
                violation_error_message=_("Tanggal tutup harus sesudah tanggal buka."),
            ),
        ]
        verbose_name = _("jadwal pengisian")
        verbose_name_plural = _("jadwal pengisian")

    def __str__(self) -> str:
        return f"{self.unit} {self.year} TW{self.quarter}"

    def is_open_on(self, day) -> bool:
        if self.opens_on <= day <= self.closes_on:
            return True
        return self.reopened_until is not None and day <= self.reopened_until


class DataElement(TimeStampedModel):
    """A count or amount a unit records per period (perkara diputus, responden puas, …),
    from which its own indicators are computed by a formula (measurement.formula).
    The code is what formulas name; the aggregation makes the year's value from the
    quarters when no year value is recorded."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="data_elements")
    code = models.CharField(
        _("kode"),
        max_length=64,
        validators=[
            RegexValidator(
                r"^[A-Za-z_][A-Za-z0-9_]*\Z",
                _("Kode elemen: huruf, angka dan garis bawah, diawali huruf."),
            )
        ],
    )
    name = models.CharField(_("nama"), max_length=255)
    unit_label = models.CharField(_("satuan"), max_length=64)
    aggregation = models.CharField(
        _("agregasi triwulan"), max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )
    description = models.TextField(_("keterangan"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["unit_id", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "code"],
                name="unique_data_element_code",
                violation_error_message=_("Kode elemen data sudah dipakai di unit ini."),
            )
        ]
        verbose_name = _("elemen data")
        verbose_name_plural = _("elemen data")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ElementValue(TimeStampedModel):
    """A data element's value for one period (a quarter, or the year as a whole)."""

    element = models.ForeignKey(DataElement, models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("tahun"))
    period = models.CharField(_("periode"), max_length=4, choices=Period.choices)
    value = measure_field(verbose_name=_("nilai"))
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["element_id", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["element", "year", "period"],
                name="unique_element_value_period",
                violation_error_message=_("Nilai elemen ini untuk periode itu sudah ada."),
            )
        ]
        verbose_name = _("nilai elemen data")
        verbose_name_plural = _("nilai elemen data")

    def __str__(self) -> str:
        return f"{self.element.code} {self.year} {self.period}: {self.value}"


class UnitYearInput(models.Model):
    """The version of the inputs of a unit's year of measures: raised, in the same
    transaction, by every write that can change an achievement of that unit-year
    (measurement/summaries.py). No row means version 0."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unityearinput_unit_year"),
        ]

    def __str__(self):
        return f"{self.unit_id}/{self.year}: v{self.version}"


class UnitYearSummary(models.Model):
    """What ``consolidation.consolidated_measures`` needs of a unit's year, computed from
    the inputs at ``version`` (``UnitYearInput``); used only while that is still the
    current version. ``total`` is the exact sum of the computable achievements, as the
    text of a ``Decimal`` (a decimal column would round it)."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    version = models.PositiveBigIntegerField()
    indicators = models.PositiveIntegerField()
    achieved = models.PositiveIntegerField()
    computable = models.PositiveIntegerField()
    total = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unityearsummary_unit_year"),
        ]

    def __str__(self):
        return f"{self.unit_id}/{self.year} (v{self.version}): {self.indicators} indicators"
