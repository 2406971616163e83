"""Renstra (StrategicPlan with versions), Perjanjian Kinerja (Agreement with versions)
and Rencana Aksi (ActionPlan).

A plan version is a complete snapshot of goals, objectives, indicators and targets: a
Renstra revision changes targets mid-period, and every earlier report must still be able
to say which targets applied when it was written.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel, measure_field
from kinerja.measurement.calc import TargetValue
from kinerja.org.models import Unit

from .choices import (
    Aggregation,
    AgreementStatus,
    Frequency,
    LowerFormula,
    Method,
    Perspective,
    Polarity,
    TargetKind,
    VersionContent,
)
from .scales import Level, ScaleDef

QUARTER_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class StrategicPlan(TimeStampedModel):
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="plans")
    code = models.CharField(_("kode"), max_length=64)
    name = models.CharField(_("nama"), max_length=255)
    start_year = models.PositiveSmallIntegerField(_("tahun awal"))
    end_year = models.PositiveSmallIntegerField(_("tahun akhir"))
    lower_is_better_formula = models.CharField(
        _("rumus polaritas negatif"),
        max_length=32,
        choices=LowerFormula.choices,
        default=LowerFormula.TWO_MINUS_RATIO,
    )
    achievement_cap = measure_field(
        verbose_name=_("batas atas capaian (%)"),
        null=True,
        blank=True,
        help_text=_("Kosongkan bila capaian tidak dibatasi."),
    )

    class Meta:
        ordering = ["unit", "start_year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "code"],
                name="unique_plan_code_per_unit",
                violation_error_message=_("Unit ini sudah memiliki Renstra dengan kode tersebut."),
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="plan_years_ordered",
                violation_error_message=_("Tahun akhir tidak boleh sebelum tahun awal."),
            ),
        ]
        verbose_name = _("Renstra")
        verbose_name_plural = _("Renstra")

    def __str__(self) -> str:
        return f"{self.unit} · {self.name}"

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year

    def version_in_force(self) -> "PlanVersion | None":
        return self.versions.filter(in_force=True).first()


class PlanVersion(TimeStampedModel):
    plan = models.ForeignKey(StrategicPlan, models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("nomor versi"))
    title = models.CharField(_("judul"), max_length=255, blank=True)
    legal_basis = models.CharField(_("dasar hukum"), max_length=500, blank=True)
    adopted_on = models.DateField(_("tanggal penetapan"), null=True, blank=True)
    in_force = models.BooleanField(_("berlaku"), default=False)
    reason = models.TextField(_("alasan perubahan"), blank=True)
    content = models.CharField(
        _("isi"), max_length=16, choices=VersionContent.choices, default=VersionContent.RECORDED
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="unique_plan_version_number",
                violation_error_message=_("Nomor versi ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(in_force=True),
                name="one_plan_version_in_force",
                violation_error_message=_("Hanya satu versi Renstra yang dapat berlaku."),
            ),
        ]
        verbose_name = _("versi Renstra")
        verbose_name_plural = _("versi Renstra")

    def __str__(self) -> str:
        return f"{self.plan.name} v{self.number}"


class Goal(models.Model):
    """Tujuan (T1..T4)."""

    version = models.ForeignKey(PlanVersion, models.CASCADE, related_name="goals")
    code = models.CharField(_("kode"), max_length=32)
    name = models.TextField(_("nama"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_goal_code"),
        ]
        verbose_name = _("tujuan")
        verbose_name_plural = _("tujuan")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Objective(models.Model):
    """Sasaran Strategis, placed in a balanced-scorecard perspective and under a goal when
    the unit's plan has them (courts and regional units often have neither)."""

    version = models.ForeignKey(PlanVersion, models.CASCADE, related_name="objectives")
    goal = models.ForeignKey(
        Goal, models.RESTRICT, null=True, blank=True, related_name="objectives"
    )
    code = models.CharField(_("kode"), max_length=32)
    name = models.TextField(_("nama"))
    perspective = models.CharField(
        _("perspektif"), max_length=20, choices=Perspective.choices, blank=True
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_objective_code"),
        ]
        verbose_name = _("sasaran strategis")
        verbose_name_plural = _("sasaran strategis")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Scale(models.Model):
    """An ordered scale of levels (``planning.scales``): a unit's own, or one kinerja ships
    (``unit`` empty: BPK opinion, SAKIP grade, SPIP maturity …), created when a dataset
    first names it. Levels are stored worst first, each with its code, label and score;
    targets and realizations of an indicator on the scale store the level's score."""

    unit = models.ForeignKey(Unit, models.CASCADE, null=True, blank=True, related_name="scales")
    code = models.CharField(_("kode"), max_length=64)
    name = models.CharField(_("nama"), max_length=255)
    best_first = models.BooleanField(_("tingkat terbaik disebut pertama"), default=True)
    levels = models.JSONField(_("tingkat"))  # [{"code", "label", "score"}], worst first
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "code"],
                name="unique_unit_scale_code",
                violation_error_message=_("Unit ini sudah memiliki skala dengan kode tersebut."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(unit__isnull=True),
                name="unique_shared_scale_code",
                violation_error_message=_("Skala bersama dengan kode ini sudah ada."),
            ),
        ]
        verbose_name = _("skala")
        verbose_name_plural = _("skala")

    def __str__(self) -> str:
        return self.name

    @property
    def definition(self) -> ScaleDef:
        return ScaleDef(
            code=self.code,
            name=self.name,
            levels=tuple(
                Level(item["code"], item["label"], Decimal(str(item["score"])))
                for item in self.levels
            ),
            best_first=self.best_first,
            note=self.note,
        )

    @staticmethod
    def stored_levels(definition: ScaleDef) -> list[dict]:
        """``levels`` for a definition (scores as text: exact in JSON)."""
        return [
            {"code": level.code, "label": level.label, "score": str(level.score)}
            for level in definition.levels
        ]


class Indicator(models.Model):
    """Indikator Kinerja of an objective (or, for goal-level indicators, of a goal)."""

    version = models.ForeignKey(PlanVersion, models.CASCADE, related_name="indicators")
    objective = models.ForeignKey(
        Objective, models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    goal = models.ForeignKey(Goal, models.CASCADE, null=True, blank=True, related_name="indicators")
    code = models.CharField(_("kode"), max_length=32)
    name = models.TextField(_("nama"))
    definition = models.TextField(_("definisi"), blank=True)
    calculation = models.TextField(_("cara perhitungan"), blank=True)
    data_source = models.TextField(_("sumber data"), blank=True)
    unit_label = models.CharField(_("satuan"), max_length=64)
    polarity = models.CharField(
        _("polaritas"), max_length=20, choices=Polarity.choices, default=Polarity.HIGHER_IS_BETTER
    )
    aggregation = models.CharField(
        _("agregasi triwulan"), max_length=8, choices=Aggregation.choices, default=Aggregation.LAST
    )
    frequency = models.CharField(
        _("frekuensi pelaporan"),
        max_length=16,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
    )
    method = models.CharField(
        _("metode"), max_length=32, choices=Method.choices, default=Method.MANUAL
    )
    # Which records a computed method reads (e.g. {"records": "facilitations", "kind": …});
    # validated against the method's schema in measurement.methods.
    method_params = models.JSONField(_("parameter metode"), default=dict, blank=True)
    # The largest value the indicator can take (100 for a share of a whole, 4 for an index
    # on a 1–4 scale); a realization above it is taken only after the user confirms it.
    upper_bound = measure_field(
        verbose_name=_("batas atas nilai"),
        null=True,
        blank=True,
        help_text=_(
            "Nilai terbesar yang mungkin, misalnya 100 untuk persentase dari suatu jumlah; "
            "realisasi di atasnya baru disimpan setelah dikonfirmasi."
        ),
    )
    # Levels instead of numbers (BPK opinion, SAKIP grade …); empty for a numeric indicator.
    scale = models.ForeignKey(
        Scale,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("skala"),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="unique_indicator_code",
                violation_error_message=_("Kode indikator sudah dipakai di versi Renstra ini."),
            ),
            models.CheckConstraint(
                condition=Q(objective__isnull=False, goal__isnull=True)
                | Q(objective__isnull=True, goal__isnull=False),
                name="indicator_has_one_owner",
                violation_error_message=_("Indikator milik satu sasaran atau satu tujuan."),
            ),
        ]
        verbose_name = _("indikator kinerja")
        verbose_name_plural = _("indikator kinerja")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Alignment(models.Model):
    """Cascading (cascading IKU, seed Tabel 2.1 and 3.1): which objective or indicator of a
    parent unit this objective or indicator serves. The parent's plan need not be in
    kinerja, so the reference is kept as the parent unit's code and name."""

    objective = models.ForeignKey(
        Objective, models.CASCADE, null=True, blank=True, related_name="alignments"
    )
    indicator = models.ForeignKey(
        Indicator, models.CASCADE, null=True, blank=True, related_name="alignments"
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+")
    code = models.CharField(_("kode"), max_length=32, blank=True)
    name = models.TextField(_("nama"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(objective__isnull=False, indicator__isnull=True)
                | Q(objective__isnull=True, indicator__isnull=False),
                name="alignment_has_one_owner",
            ),
        ]
        verbose_name = _("keselarasan")
        verbose_name_plural = _("keselarasan")

    def __str__(self) -> str:
        return f"{self.unit.code}/{self.code} {self.name}"


def _no_value_with_kind(kind: str, value: str, max_value: str, name: str):
    """A special target (not stated, a direction) carries no number."""
    return models.CheckConstraint(
        condition=Q(**{kind: ""}) | Q(**{f"{value}__isnull": True, f"{max_value}__isnull": True}),
        name=name,
        violation_error_message=_("Target tanpa angka (arah, tidak tercantum) tidak berisi nilai."),
    )


class Target(models.Model):
    """Renstra target of one indicator for one year. ``value`` null means N/A, which is
    different from 0 and from a target the source does not state (``kind``). For range
    polarity ``value`` is the lower and ``max_value`` the upper bound; for an indicator on
    a scale ``value`` is the rank of the target level (``Scale``)."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = measure_field(verbose_name=_("target"), null=True, blank=True)
    max_value = measure_field(verbose_name=_("batas atas"), null=True, blank=True)
    kind = models.CharField(
        _("jenis target"), max_length=16, choices=TargetKind.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="unique_target_year",
                violation_error_message=_("Indikator ini sudah memiliki target untuk tahun itu."),
            ),
            _no_value_with_kind("kind", "value", "max_value", "target_kind_without_value"),
        ]
        verbose_name = _("target Renstra")
        verbose_name_plural = _("target Renstra")

    def __str__(self) -> str:
        shown = self.kind or ("N/A" if self.value is None else self.value)
        return f"{self.indicator.code} {self.year}: {shown}"

    @property
    def target_value(self) -> TargetValue:
        return TargetValue(self.value, self.max_value, self.kind or None)


class Agreement(TimeStampedModel):
    """Perjanjian Kinerja of one unit for one year; its content lives in its versions."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="agreements")
    year = models.PositiveSmallIntegerField(_("tahun"))
    plan_version = models.ForeignKey(PlanVersion, models.PROTECT, related_name="agreements")

    class Meta:
        ordering = ["unit", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="unique_agreement_year",
                violation_error_message=_("Unit ini sudah memiliki Perjanjian Kinerja tahun itu."),
            ),
        ]
        verbose_name = _("Perjanjian Kinerja")
        verbose_name_plural = _("Perjanjian Kinerja")

    def __str__(self) -> str:
        return f"PK {self.unit} {self.year}"

    def version_in_force(self) -> "AgreementVersion | None":
        """The highest signed version, or the highest draft while none is signed."""
        versions = self.versions.order_by("-number")
        return versions.filter(status=AgreementStatus.SIGNED).first() or versions.first()


class AgreementVersion(TimeStampedModel):
    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("nomor versi"))
    status = models.CharField(
        _("status"), max_length=8, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_on = models.DateField(_("tanggal tanda tangan"), null=True, blank=True)
    signatory = models.CharField(_("pihak pertama"), max_length=255, blank=True)
    superior = models.CharField(_("pihak kedua"), max_length=255, blank=True)
    # As printed under the signatures; blank when not recorded (nothing is filled in).
    signed_place = models.CharField(_("tempat tanda tangan"), max_length=120, blank=True)
    signatory_nip = models.CharField(_("NIP pihak pertama"), max_length=32, blank=True)
    superior_nip = models.CharField(_("NIP pihak kedua"), max_length=32, blank=True)
    reason = models.TextField(_("alasan perubahan"), blank=True)

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="unique_agreement_version_number",
                violation_error_message=_("Nomor versi ini sudah ada."),
            ),
        ]
        verbose_name = _("versi Perjanjian Kinerja")
        verbose_name_plural = _("versi Perjanjian Kinerja")

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number} ({self.get_status_display()})"

    @property
    def is_signed(self) -> bool:
        return self.status == AgreementStatus.SIGNED

    def save(self, *args, **kwargs):
        # A signed agreement is a document someone signed: a revision is a new version.
        # Services and the loader refuse first with a friendlier message; this is the
        # last line, for the admin and any code that forgets.
        if self.pk is not None:
            stored = AgreementVersion.objects.filter(pk=self.pk).first()
            if stored is not None and stored.is_signed and _changed(stored, self):
                raise ValidationError(SIGNED_IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_signed:
            raise ValidationError(SIGNED_IMMUTABLE)
        return super().delete(*args, **kwargs)


SIGNED_IMMUTABLE = _(
    "Versi Perjanjian Kinerja yang sudah ditandatangani tidak dapat diubah; buat versi baru "
    "dengan alasan perubahannya."
)


def _changed(stored: models.Model, obj: models.Model) -> bool:
    return any(
        getattr(stored, f.attname) != getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname != "updated_at"
    )


class AgreementIndicator(models.Model):
    """One promised indicator and its target in one version of a Perjanjian Kinerja."""

    version = models.ForeignKey(AgreementVersion, models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="agreement_items")
    target = measure_field(verbose_name=_("target"), null=True, blank=True)
    target_max = measure_field(verbose_name=_("batas atas"), null=True, blank=True)
    target_kind = models.CharField(
        _("jenis target"), max_length=16, choices=TargetKind.choices, blank=True, default=""
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "indicator"],
                name="unique_agreement_indicator",
                violation_error_message=_("Indikator ini sudah ada di versi perjanjian ini."),
            ),
            _no_value_with_kind(
                "target_kind", "target", "target_max", "agreement_target_kind_without_value"
            ),
        ]
        verbose_name = _("indikator perjanjian")
        verbose_name_plural = _("indikator perjanjian")

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.target_kind or self.target}"

    def save(self, *args, **kwargs):
        # Items are added while a version is written (the loader creates a signed version
        # and then its items); changing an item of a signed version is refused.
        if self.pk is not None:
            stored = AgreementIndicator.objects.select_related("version").filter(pk=self.pk)
            stored = stored.first()
            if stored is not None and stored.version.is_signed and _changed(stored, self):
                raise ValidationError(SIGNED_IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.version.is_signed:
            raise ValidationError(SIGNED_IMMUTABLE)
        return super().delete(*args, **kwargs)

    @property
    def target_value(self) -> TargetValue:
        return TargetValue(self.target, self.target_max, self.target_kind or None)


class ActionPlan(TimeStampedModel):
    """Rencana Aksi of one indicator for one year."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="action_plans")
    year = models.PositiveSmallIntegerField(_("tahun"))

    class Meta:
        ordering = ["year", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="unique_action_plan"),
        ]
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")

    def __str__(self) -> str:
        return f"Renaksi {self.indicator.code} {self.year}"


class PlannedActivity(models.Model):
    """A planned activity (B01..B12) with its milestone (target antara, %)."""

    action_plan = models.ForeignKey(ActionPlan, models.CASCADE, related_name="activities")
    code = models.CharField(_("kode"), max_length=16)
    quarter = models.PositiveSmallIntegerField(_("triwulan"), validators=QUARTER_VALIDATORS)
    milestone_pct = measure_field(verbose_name=_("target antara (%)"), null=True, blank=True)
    description = models.TextField(_("rencana kegiatan"))

    class Meta:
        ordering = ["action_plan", "quarter", "code"]
        constraints = [
            models.UniqueConstraint(fields=["action_plan", "code"], name="unique_activity_code"),
        ]
        verbose_name = _("rencana kegiatan")
        verbose_name_plural = _("rencana kegiatan")

    def __str__(self) -> str:
        return f"{self.code} TW{self.quarter}"


class QuarterProgress(models.Model):
    """Physical progress (% fisik, cumulative) planned and realized per quarter."""

    action_plan = models.ForeignKey(ActionPlan, models.CASCADE, related_name="progress")
    quarter = models.PositiveSmallIntegerField(_("triwulan"), validators=QUARTER_VALIDATORS)
    target_pct = measure_field(verbose_name=_("target fisik (%)"))
    realized_pct = measure_field(verbose_name=_("realisasi fisik (%)"), null=True, blank=True)

    class Meta:
        ordering = ["action_plan", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_plan", "quarter"], name="unique_progress_quarter"
            ),
        ]
        verbose_name = _("kemajuan fisik")
        verbose_name_plural = _("kemajuan fisik")

    def __str__(self) -> str:
        return f"TW{self.quarter}: {self.target_pct} / {self.realized_pct}"
